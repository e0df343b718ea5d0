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
#: PROJ refusing a database (proj.db) of another PROJ release: "proj.db contains DATABASE.LAYOUT.VERSION.MINOR = 3
#: whereas a number >= 4 is expected. It comes from another PROJ installation." (holdout164a: pygmt#3639)
_PROJ_DB = re.compile(r"proj\.db contains DATABASE\.LAYOUT\.VERSION\.(?P<part>MAJOR|MINOR) = (?P<found>\d+) whereas a "
                      r"number >= (?P<need>\d+) is expected")
#: Meson finding none of the Fortran compilers it knows: "ERROR: Unknown compiler(s): [['gfortran'], ['flang'],
#: ['nvfortran'], ...]" (holdout164b: py3nj#34; scipy#17601, OpenBSD's egfortran not among them)
_MESON_NO_FORTRAN = re.compile(r"ERROR: Unknown compiler\(s\): \[\['(?:gfortran|flang|ifort|ifx)'\]")
#: Meson's Python of another architecture than the compiler's: "Need python for x86, but found x86_64" (holdout164b:
#: py3nj#32, a 32-bit MinGW gcc beside a 64-bit Python)
_MESON_PYTHON_ARCH = re.compile(r"Need python for (?P<need>\w{1,20}), but found (?P<found>\w{1,20})")
#: auditwheel refusing a wheel a policy's symbol versions cannot cover: 'cannot repair "pygame-...whl" to
#: "manylinux1_x86_64" ABI because of the presence of too-recent versioned symbols' (holdout164b: auditwheel#36,
#: manylinux#1941)
_TOO_RECENT = re.compile(r"to \"(?P<policy>\w{1,60})\" ABI because of the presence of too-recent versioned symbols")
#: delocate refusing a macOS wheel whose bundled library needs a newer macOS than its tag: "Library dependencies do not
#: satisfy target MacOS version 11.0:" then ".../libboost_serialization.dylib has a minimum target of 14.0"
#: (holdout164b: delocate#214)
_MACOS_TARGET = re.compile(r"Library dependencies do not satisfy target MacOS version (?P<target>\d+(?:\.\d+)?)")
_MINIMUM = re.compile(r"(?P<library>[^\s/]{1,200}) has a minimum target of (?P<minimum>\d+(?:\.\d+)?)")
#: PyTables' setup.py refusing the HDF5 it found: ".. ERROR:: Unsupported HDF5 version!" (holdout161a: PyTables#322,
#: HDF5 1.8.4 where PyTables 3.0.0 needs 1.8.5)
_UNSUPPORTED_HDF5 = ".. ERROR:: Unsupported HDF5 version!"
_ARCH = re.compile(r"_(?:x86_64|aarch64|i686|ppc64le|s390x|armv7l)$")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("Unsupported HDF5 version!", "do not satisfy target MacOS version", "too-recent versioned symbols",
         "Unknown compiler(s): [[", "Need python for ", "cannot compile programs", "No package '",
         "was not found in the pkg-config search path", _NO_PROJ, "invalid command 'bdist_wheel'",
         "DATABASE.LAYOUT.VERSION")


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
    if "Unknown compiler(s)" in message and _MESON_NO_FORTRAN.search(message):
        return Hint("the package's build (Meson) needs a Fortran compiler and finds none of those it knows (gfortran, "
                    "flang, ifort, ...): a build from source (pip's, where no wheel of it fits this Python and "
                    "platform, or a checkout's)",
                    "install a Fortran compiler on PATH (apt install gfortran, brew install gcc, conda install -c "
                    "conda-forge gfortran; one named otherwise, OpenBSD's egfortran: FC=egfortran), or a release of "
                    "the package with a wheel for this Python and platform",
                    "reasoned from the log: Meson's own check of the Fortran compiler", family="extension-build")
    arch = _MESON_PYTHON_ARCH.search(message) if "Need python for " in message else None
    if arch is not None and {arch["need"], arch["found"]} & {"aarch64", "arm64"}:
        # an Apple silicon Mac's two architectures (the session-45 second reader's look-alike: an x86_64 Python under
        # Rosetta and the native compiler): no Windows tool mends it
        return Hint(f"the package's build (Meson) compiles for {arch['need']} and the Python it builds for is "
                    f"{arch['found']}: on an Apple silicon Mac, an x86_64 Python runs under Rosetta while the compiler "
                    "targets arm64 (or the other way round)",
                    "use a Python of the machine's own architecture (a native arm64 Python: python -c \"import "
                    "platform; print(platform.machine())\" prints arm64), or run the whole build under one "
                    "architecture (arch -x86_64)",
                    "reasoned from the log: Meson's check of the Python it builds for", family="extension-build")
    if arch is not None:
        return Hint(f"the package's build (Meson) compiles for {arch['need']} and the Python it builds for is "
                    f"{arch['found']}: the compiler on PATH targets another architecture than the Python (a 32-bit "
                    "MinGW gcc beside a 64-bit Python)",
                    f"use a compiler that targets {arch['found']} (a 64-bit MinGW-w64 or MSVC for a 64-bit Python), or "
                    "a release of the package with a wheel for this Python and platform",
                    "reasoned from the log: Meson's check of the Python it builds for", family="extension-build")
    if _UNSUPPORTED_HDF5 in message:
        return Hint("PyTables' setup script refuses the HDF5 library it found (the headers and library it names): "
                    "that HDF5 release is outside the range this PyTables release supports",
                    "install an HDF5 release this PyTables supports (its install guide names the minimum) and point "
                    "HDF5_DIR at it, or install a PyTables wheel that bundles its own HDF5 (or conda install pytables)",
                    "reasoned from the log: PyTables' setup script's own check of HDF5's version",
                    family="version-guard")
    target = _MACOS_TARGET.search(message) if "do not satisfy target MacOS version" in message else None
    if target is not None:
        minimum = _MINIMUM.search(message, target.end())
        which = (f" ({minimum['library']} is built for macOS {minimum['minimum']} and newer)" if minimum is not None
                 else "")
        return Hint(f"delocate refuses the wheel: it is tagged for macOS {target['target']}, and a library it bundles "
                    f"needs a newer macOS{which}: the library was built on (or for) a newer macOS than the wheel's "
                    "deployment target",
                    "build the bundled libraries with the wheel's deployment target (MACOSX_DEPLOYMENT_TARGET="
                    f"{target['target']} for their build too), or raise the wheel's target to what they need "
                    "(MACOSX_DEPLOYMENT_TARGET, which cibuildwheel and delocate read)",
                    "reasoned from the log: delocate's own check of the bundled libraries' macOS targets",
                    family="binary-mismatch")
    recent = _TOO_RECENT.search(message) if "too-recent versioned symbols" in message else None
    if recent is not None:
        return Hint(f"auditwheel refuses to label the wheel {recent['policy']}: it links symbol versions (GLIBC_, "
                    "GLIBCXX_) newer than that policy allows, so it was compiled with a newer toolchain or against "
                    "newer libraries than the policy's image provides, and would not load on the systems the tag "
                    "promises",
                    f"build inside the {_ARCH.sub('', recent['policy'])} image with its own toolchain (not a newer "
                    "gcc-toolset or a library built elsewhere), or repair to a newer policy (auditwheel repair --plat "
                    "manylinux_2_XX_<arch>); auditwheel show lists the symbols",
                    "reasoned from the log: auditwheel's own policy check", family="binary-mismatch")
    if _NO_PROJ in message:
        return Hint("pyproj is being built from source (no wheel of it fits this Python) and finds no PROJ library "
                    "to build against",
                    "install a pyproj release that has a wheel for this Python and platform (pip index versions pyproj "
                    "lists them; an older Python has older ones), or install PROJ and set PROJ_DIR to it before "
                    "building",
                    NO_PROJ_SOURCE, family="extension-build")
    database = _PROJ_DB.search(message) if "DATABASE.LAYOUT.VERSION" in message else None
    if database is not None:
        return Hint(f"the PROJ library loaded expects its database (proj.db) at layout {database['part'].lower()} "
                    f"version {database['need']} or newer and finds {database['found']}: the proj.db it reads (on "
                    "PROJ_DATA or PROJ_LIB, or the environment's share/proj) is an older PROJ installation's, beside "
                    "a newer PROJ library (a wheel that bundles its own PROJ, pyproj's or rasterio's, next to conda's)",
                    "install PROJ and the packages that use it from one source (all from conda-forge, or all pip "
                    "wheels), and unset PROJ_DATA/PROJ_LIB where it points at another installation's share/proj",
                    "reasoned from the log: PROJ's own check of its database's layout version", family="version-guard")
    if _NO_BDIST_WHEEL in message:
        return Hint("the build ran setuptools' bdist_wheel where no package provides that command: setuptools before "
                    "70.1 takes it from the wheel package, which the build's environment lacks (a build with "
                    "--no-build-isolation uses the environment's own setuptools and wheel)",
                    "install the build's tools in the environment first (pip install -U setuptools wheel), or build "
                    "with pip's isolation (without --no-build-isolation), which installs them",
                    "reasoned from the log: setuptools' words for the command it does not know",
                    family="extension-build")
    return None
