"""A compiled package's build that finds no C library, no working compiler or no wheel builder, in its build tools'
own words (Meson, pkg-config, pyproj's setup script, setuptools).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

#: Meson's sanity check of the compiler: "meson.build:1:0: ERROR: Compiler cl cannot compile programs." (holdout148b:
#: self-operating-computer#246, contourpy built with no Visual C++ environment)
_NO_COMPILER = re.compile(r"ERROR: Compiler (?P<compiler>[\w.+-]{1,60}) cannot compile programs")
#: pkg-config's words for a library's development files it does not find: "No package 'hdf5' found", "Package hdf5 was
#: not found in the pkg-config search path" (holdout148b: netcdf4-python#617)
_PKG_CONFIG = re.compile(r"No package '(?P<name>[\w.+-]{1,80})' found"
                         r"|Package (?P<name2>[\w.+-]{1,80}) was not found in the pkg-config search path")
#: pyproj's setup script without a PROJ to build against (holdout148b: best#89, pyproj built from source on Windows)
_NO_PROJ = "Proj executable not found. Please set PROJ_DIR variable"
#: the pyproj answer's source: it yields to pyproj's own check of the PROJ it did find, where the log shows that too
#: ("Minimum supported proj version is 6.2.0, installed version is 4.9.3": holdout83a's pyproj#480)
NO_PROJ_SOURCE = "reasoned from the log: pyproj's setup script's own words"
#: setuptools before 70.1 asked for bdist_wheel without the wheel package, which provided that command (its build
#: run where the wheel package is absent: --no-build-isolation over an environment without it; holdout150b: pylith#925)
_NO_BDIST_WHEEL = "error: invalid command 'bdist_wheel'"
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("cannot compile programs", "No package '", "was not found in the pkg-config search path", _NO_PROJ,
         "invalid command 'bdist_wheel'")


def native_dependency_missing(failure: Failure) -> Hint | None:
    """The build tool's words (None: none of them in the message)."""
    message = failure.message
    compiler = _NO_COMPILER.search(message) if "cannot compile programs" in message else None
    if compiler is not None:
        name = compiler["compiler"]
        windows = " (on Windows: Visual Studio's Build Tools with the C++ workload, and a build run from its " \
                  "Developer prompt)" if name in ("cl", "cl.exe") else ""
        return Hint(f"the package's build (Meson) found the C compiler {name} but could not compile a test program "
                    "with it: no working compiler environment (pip built the package from source because no wheel of "
                    "it fits this Python)",
                    f"install a working C/C++ compiler{windows}, or install a release of the package that has a wheel "
                    "for this Python and platform (an older Python, or a newer release)",
                    "reasoned from the log: Meson's own check of the compiler", family="extension-build")
    config = _PKG_CONFIG.search(message) if "pkg-config" in message or "No package '" in message else None
    if config is not None:
        name = config["name"] or config["name2"]
        return Hint(f"the package's build looks for the C library {name} through pkg-config and finds none: its "
                    "development files (headers, the .pc file) are not installed, or not on PKG_CONFIG_PATH",
                    f"install {name} with its development files (apt install lib{name}-dev, brew install {name}, conda "
                    f"install -c conda-forge {name}) and set PKG_CONFIG_PATH to the folder of its .pc file, or "
                    "install a wheel of the package that bundles it",
                    "reasoned from the log: pkg-config's own words", family="extension-build")
    if _NO_PROJ in message:
        return Hint("pyproj is being built from source (no wheel of it fits this Python) and finds no PROJ library "
                    "to build against",
                    "install a pyproj release that has a wheel for this Python and platform (pip index versions pyproj "
                    "lists them; an older Python has older ones), or install PROJ and set PROJ_DIR to it before "
                    "building",
                    NO_PROJ_SOURCE, family="extension-build")
    if _NO_BDIST_WHEEL in message:
        return Hint("the build ran setuptools' bdist_wheel where no package provides that command: setuptools before "
                    "70.1 takes it from the wheel package, which the build's environment lacks (a build with "
                    "--no-build-isolation uses the environment's own setuptools and wheel)",
                    "install the build's tools in the environment first (pip install -U setuptools wheel), or build "
                    "with pip's isolation (without --no-build-isolation), which installs them",
                    "reasoned from the log: setuptools' words for the command it does not know",
                    family="extension-build")
    return None
