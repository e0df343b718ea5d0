"""macOS's loader (dyld) in its own words: a library an installed extension was linked against that is gone.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure
from .names import distribution_of

#: "dlopen(.../site-packages/cartopy/_crs.cpython-35m-darwin.so, 2): Library not loaded: /usr/local/lib/libproj.9.dylib"
#: with dyld's "Reason:" that no file is there (holdout113b: cartopy#823, #2043; holdout73b: LightGBM#1573, gcc 8's
#: libgomp; holdout96b: pygeoprocessing#481, libgdal.36): a release of the library the extension was linked against,
#: which an upgrade (Homebrew's, conda's) replaced by another
_GONE = re.compile(r"dlopen\((?P<binary>[^,()\n]{1,400}?[\\/]site-packages[\\/](?P<package>[\w.-]{1,100})[\\/]"
                   r"[^,()\n]{0,300}), \w{1,10}\): Library not loaded: "
                   r"(?P<library>\S{0,300}?(?P<name>lib[\w+-]{1,80})\.(?P<major>\d+)(?:\.\d+)*\.dylib)")
_NO_FILE = re.compile(r"Reason: (?:image not found|tried: [^\n]{0,2000}\(no such file\))")
#: where a package manager keeps the libraries it upgrades in place: Homebrew's prefixes, an rpath into a conda
#: environment, a conda or system lib folder; a user's own build folder is not one (the session-37 second reader's
#: look-alike, deleted by "make clean")
_MANAGED = re.compile(r"^(?:@rpath/|/usr/local/|/opt/homebrew/|/opt/local/|[^\s]*/(?:ana|mini)conda\d?/|"
                      r"[^\s]*/miniforge\d?/|[^\s]*/mambaforge/|[^\s]*/envs/[^/\s]+/lib/)")
#: libraries macOS itself keeps in /usr/lib, which no upgrade removes: a binary that asks for one through @rpath and
#: finds none was packaged with a wrong rpath (holdout179b's distractor pytorch#39640, torch's macOS wheel, fixed by
#: pytorch#39375)
_SYSTEM_LIBRARIES = frozenset({"libc++", "libc++abi", "libSystem", "libobjc"})
#: Apple's linker passing over a Linux library: "ld: warning: ignoring file libtorch/lib/libtorch.so, file was built for
#: unsupported file format ( 0x7F 0x45 0x4C 0x46 ...) which is not the architecture being linked (x86_64)": the
#: bytes are ELF's magic (holdout179b: pytorch#12449, pytorch#14727, libtorch's Linux zip linked on a Mac)
#: (Xcode 12-14's ld64: "ignoring file .../libtorch.so, building for macOS-arm64 but attempting to link with file built
#: for unknown-unsupported file format ( 0x7F 0x45 ...)"; the bytes left out, a .so names it: helios_dac#20)
_ELF_LINKED = re.compile(r"ignoring file (?P<file>[^\s,]{1,300}), (?:file was built for unsupported file format|"
                         r"building for macOS-\w+ but attempting to link with file built for unknown-unsupported file "
                         r"format) \( ?0x7F 0x45 0x4C 0x46\b")
_ELF_SO = re.compile(r"ignoring file (?P<file>[^\s,]{1,300}\.so(?:\.\d+)*), building for macOS-\w+ but attempting to "
                     r"link with file built for unknown-unsupported file format")
WORDS = ("Library not loaded: ", "file was built for unsupported file format", "unknown-unsupported file format")


def macos_loader(failure: Failure) -> Hint | None:
    """dyld's words for a linked library that is gone (None: anything else)."""
    message = failure.message
    if not any(words in message for words in WORDS):
        return None
    elf = _ELF_LINKED.search(message) if "unsupported file format" in message else None
    so = _ELF_SO.search(message) if elf is None and "unknown-unsupported file format" in message else None
    linked = elf or so
    if linked is not None:
        name = linked["file"].replace("\\", "/").rsplit("/", 1)[-1]
        what = "an ELF file: its first bytes, 0x7F 'E' 'L' 'F'" if elf else "a .so file, of a format ld does not know"
        return Hint(f"{name} is a Linux library ({what}), and macOS's linker "
                    "links only Mach-O files: the download or build linked here is the Linux one",
                    f"use the macOS build of the library that ships {name} (for libtorch, the macOS download from "
                    "pytorch.org, whose libraries are .dylib files), or build and link on Linux",
                    "reasoned from the log: Apple's linker's own words and the file's ELF magic bytes",
                    family="binary-mismatch")
    gone = _GONE.search(message) if "Library not loaded: " in message else None
    if (gone is not None and _NO_FILE.search(message) and "architecture" not in message
            and ".egg" not in gone["package"] and _MANAGED.match(gone["library"])
            and gone["name"] not in _SYSTEM_LIBRARIES):
        # (a file there for another architecture is the architecture reading's: Python under Rosetta; an egg's folder
        # names no distribution: the second reader's dlib#668)
        package = distribution_of(gone["package"])
        library = f"{gone['name']}.{gone['major']}.dylib"
        return Hint(f"{package}'s compiled extension was linked against {gone['library']}, which is no longer on this "
                    f"Mac: {gone['name']} (or the package that provides it) was upgraded or removed after {package} "
                    "was built or installed (Homebrew and conda replace a library's release in place)",
                    f"reinstall {package} built against the installed {gone['name']} (pip install --force-reinstall "
                    f"--no-cache-dir {package}, or its conda-forge package beside conda-forge's {gone['name']}), or "
                    f"install the {gone['name']} release that provides {library}",
                    "reasoned from the log: the macOS loader's own error (dyld: Library not loaded)",
                    family="binary-mismatch")
    return None
