"""A shared library of the operating system (OpenGL, X11, GLib, ALSA) the loader did not find: a system package the
machine lacks, no release of any pip package (split from ``loader_errors``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ..model.hints import SYSTEM_COMPONENT, Hint

#: libraries of the operating system's desktop and sound stacks (OpenGL, X11, GLib, ALSA), which no pip package
#: brings: a module linking one (cv2 and libGL.so.1) fails to load on a machine without it, whatever the versions
_SYSTEM_LIBRARY = re.compile(r"lib(?:GL|GLU|GLX|EGL|OpenGL|OSMesa|X[a-z]\w*|X11\w*|xcb\w*|SM|ICE|"
                             r"g(?:lib|thread|object|io|module)-2\.0|portaudio|asound|pulse\w*|gtk-\w+|"
                             r"gdk\w*|cairo|pango\w*)")  # not glfw's or sndfile's: the glfw, soundfile wheels ship them
#: Debian's and Ubuntu's package of a system library, by soname (packages.debian.org, bookworm; Ubuntu 24.04's t64
#: packages provide these names)
_DEBIAN_PACKAGE = {"libGL.so.1": "libgl1", "libGLU.so.1": "libglu1-mesa", "libEGL.so.1": "libegl1",
                   "libOpenGL.so.0": "libopengl0", "libgthread-2.0.so.0": "libglib2.0-0",
                   "libglib-2.0.so.0": "libglib2.0-0", "libgobject-2.0.so.0": "libglib2.0-0", "libSM.so.6": "libsm6",
                   "libICE.so.6": "libice6", "libXext.so.6": "libxext6", "libXrender.so.1": "libxrender1",
                   "libX11.so.6": "libx11-6", "libxcb.so.1": "libxcb1",
                   "libportaudio.so.2": "libportaudio2", "libasound.so.2": "libasound2"}


def is_system_library(library: str) -> bool:
    """Whether a library's file name ("libGL.so.1") is the operating system's."""
    return _SYSTEM_LIBRARY.fullmatch(library.partition(".so")[0]) is not None


def system_library(library: str, package: str | None) -> Hint:
    """A library the operating system provides, missing: the machine lacks an OS package, no release mismatches."""
    who = package or "the module"
    apt = _DEBIAN_PACKAGE.get(library)
    fix = f"install the OS package that provides {library} (Debian/Ubuntu: " + (
        f"apt-get install {apt})" if apt else f"apt-file search {library})")
    if library == "libGL.so.1" and (package is None or (package.startswith("opencv") and "headless" not in package)):
        # opencv-python links the desktop's libGL; its headless build links none
        fix += (f"; or OpenCV's build that links no libGL: pip uninstall {package}, then pip install "
                "opencv-python-headless" if package else "; where OpenCV (cv2) loads it, its headless build links no "
                "libGL (pip uninstall opencv-python, then pip install opencv-python-headless)")
    return Hint(f"{who} links {library}, a library of the operating system (not of any pip package), and this "
                "machine does not have it: a system package is missing, not a version mismatch",
                fix, "the dynamic loader's error", category="missing shared library", family=SYSTEM_COMPONENT)
