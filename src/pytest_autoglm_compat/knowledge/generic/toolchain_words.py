"""A build's own toolchain failing in its own words: nvcc not finding, or refusing, the host compiler it runs, make not
finding nvcc, and the linker finding no definition of a library's function.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure
from .machine import Situation

#: nvcc's check of the host compiler's release: "nvcc fatal   : The version ('7.0') of the host compiler ('clang') is
#: not supported" (holdout80b: Pyrit#581, CUDA 7.0 on macOS with Xcode 7's clang)
_HOST_VERSION = re.compile(r"nvcc fatal\s*: The version \('(?P<version>[^'\n]{1,20})'\) of the host compiler "
                           r"\('(?P<compiler>[^'\n]{1,40})'\) is not supported")
#: nvcc running the host compiler to read its properties, and failing (holdout153b: Pyrit#631)
_HOST_PROPERTIES = re.compile(r"nvcc fatal\s*: Failed to preprocess host compiler properties")
#: the shell's words for the host compiler nvcc runs, not found (holdout153b: Pyrit#152, CudaMiner#168's darknet)
_HOST_MISSING = re.compile(r"^(?P<compiler>gcc|g\+\+|cc|c\+\+|clang|clang\+\+)(?:-[\d.]{1,8})?: No such file or "
                           r"directory$")
#: make's words for a tool its recipe runs, not on its PATH: "make: nvcc: Command not found" (holdout153b: deepnet#101,
#: a Makefile run with sudo, whose PATH has no CUDA)
_MAKE_TOOL = re.compile(r"make(?:\[\d+\])?: (?P<tool>nvcc|gcc|g\+\+|cc|c\+\+|cmake|swig|ninja): Command not found")
#: the linker's words for a function no library it links defines: "libcaffe.so: undefined reference to
#: `boost::python::throw_error_already_set()'" (holdout153b: py-faster-rcnn#309)
_UNDEFINED = re.compile(r"undefined reference to [`'\u2018](?P<symbol>[^'`\u2019\n]{1,300})['\u2019]")
#: CMake's probes, whose test programs fail to link by design ("CheckSymbolExists.c:(.text+0x16): undefined reference
#: to `pthread_create'" in CMakeFiles/CMakeTmp)
_PROBE = re.compile(r"CheckSymbolExists|CheckFunctionExists|cmTC_|CMakeTmp")
#: a symbol's library, by its name's start
_LIBRARIES = (("boost::python::", "Boost.Python, the boost_python library built for this Python"),
              ("cv::", "OpenCV's libraries: opencv_core, opencv_imgcodecs (3.0 moved imread there), ..."),
              ("boost::", "Boost's compiled libraries: boost_system, boost_filesystem, ..."),
              ("Py", "the Python library, libpython"), ("_Py", "the Python library, libpython"),
              ("shm_", "the real-time library, -lrt"), ("GOMP_", "OpenMP's runtime, libgomp: -fopenmp"),
              ("omp_", "OpenMP's runtime, -fopenmp"), ("cuda", "the CUDA runtime, libcudart"),
              ("cublas", "cuBLAS"), ("cudnn", "cuDNN"), ("pthread_", "the threads library, -pthread"),
              ("dlopen", "the dynamic-loading library, -ldl"), ("dlsym", "the dynamic-loading library, -ldl"))
#: MSVC's linker (or clang's, given -lpython314) finding no import library of CPython: "LINK : fatal error LNK1104:
#: cannot open file 'python313t.lib'" (holdout156b: cython#6162, Pillow#7805, rl#3357, vcpkg#48216, setuptools#5126)
_PYTHON_LIB = re.compile(r"\bLNK11(?:04|81): cannot open (?:input )?file "
                         r"'(?P<lib>python(?P<major>[23])(?P<minor>\d{1,2})(?P<free>t?)(?P<debug>_d)?\.lib)'")
#: a free-threaded CPython named: "3.13t", "cp313t", "python3.14t.exe", "free-threaded", "free-threading build"
_FREE_THREADED = re.compile(r"\b(?:cp3\d\dt|python3\.?\d\dt|3\.\d\dt)\b|[Ff]ree-thread")
#: GCC older than the C++ standard a build asks of it: "gcc: error: unrecognized command line option '-std=c++14'"
#: (GCC 4.8 knows c++1y, not c++14: holdout174b's hnswlib#40, chroma#964)
_STD_UNKNOWN = re.compile(r"unrecognized command[- ]line option [\u2018'`\"]?-std=(?P<std>(?:c|gnu)\+\+\w{1,4})")
#: GCC older than the CPU a build targets with -march=native: "cc1plus: error: bad value ('tigerlake') for '-march='
#: switch" (holdout174b: hnswlib#356, a GCC 9 on an 11th-generation Intel CPU)
_MARCH_UNKNOWN = re.compile(r"bad value \([\u2018'`\"]?(?P<cpu>[\w-]{1,40})[\u2019'`\"]?\) for [\u2018'`\"]?-march=")
#: setuptools-rust finding no Rust toolchain: "error: can't find Rust compiler" (holdout173b: tokenizers#97)
_NO_RUST = re.compile(r"(?:[Cc]an not|[Cc]an't|[Cc]annot) find Rust compiler")
#: GCC's driver not finding the compiler proper it runs for a language: "gcc: error trying to exec 'cc1plus': execvp:
#: No such file or directory" (GCC 4's words; later GCCs': "gcc: fatal error: cannot execute 'cc1plus': execvp: ..."):
#: the C++ front end (g++, gcc-c++) is not installed beside the C compiler (holdout172b: superset#1779, grpc#22592,
#: pykonal#47)
_FRONT_END_MISSING = re.compile(r"\b(?:gcc|g\+\+|cc|c\+\+)(?P<release>-[\d.]{1,8})?: (?:error trying to exec|fatal "
                                r"error: cannot execute) '(?P<proper>cc1plus|cc1)' ?: (?:execvp|posix_spawnp): ")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("execvp: ", "posix_spawnp: ", "of the host compiler (", "Failed to preprocess host compiler properties",
         ": Command not found",
         ": No such file or directory", "undefined reference to ", "cannot open file 'python",
         "cannot open input file 'python", "option \u2018-std=", "option '-std=", "for \u2018-march=", "for '-march=",
         "find Rust compiler")


def toolchain_failed(failure: Failure, situation: Situation) -> Hint | None:
    """The answer for a build's toolchain in its own words (None: none of them)."""
    message = failure.message
    front_end = _FRONT_END_MISSING.search(message) if ("execvp: " in message or "posix_spawnp: " in message) else None
    if front_end is not None:
        return _front_end_missing(front_end["proper"], front_end["release"] or "")
    std = _STD_UNKNOWN.search(message) if "-std=" in message else None
    if std is not None:
        return Hint(f"the C++ compiler does not know -std={std['std']}, the C++ standard the build asks for: it is "
                    "older than that standard",
                    "build with a newer compiler (CC/CXX naming it: GCC 5 or later for C++14, 7 for C++17; a "
                    "devtoolset on CentOS, conda's compilers), or install a prebuilt wheel of the package",
                    "reasoned from the log: the compiler's own error", family="extension-build")
    march = _MARCH_UNKNOWN.search(message) if "-march=" in message else None
    if march is not None:
        return Hint(f"the compiler does not know the CPU {march['cpu']} the build targets (-march=native names this "
                    "machine's CPU): the compiler is older than the CPU",
                    "build with a newer compiler (CC/CXX naming it), or set the build's flags to a generic target "
                    "(its option to disable -march=native), or install a prebuilt wheel of the package",
                    "reasoned from the log: the compiler's own error", family="extension-build")
    if "Rust compiler" in message and _NO_RUST.search(message):
        return Hint("building the package's Rust extension needs a Rust toolchain (rustc and cargo), which is not "
                    "installed: the package is being built from its source (no wheel of it installed instead)",
                    "install a release of the package with a wheel for this Python and platform (an older Python, or a "
                    "newer release of the package), or install Rust (rustup.rs) and build again",
                    "reasoned from the log: setuptools-rust's own error", family="extension-build")
    host = _HOST_VERSION.search(message) if "of the host compiler (" in message else None
    if host is not None:
        compiler, version = host["compiler"], host["version"]
        return Hint(f"nvcc refuses the host compiler {compiler} {version}: this CUDA toolkit supports other releases "
                    f"of {compiler} only (its documentation's table of host compilers)",
                    f"point nvcc at a release of {compiler} this toolkit supports (nvcc -ccbin, CUDAHOSTCXX or "
                    "NVCC_CCBIN; on macOS an older Xcode's command line tools), or install a CUDA toolkit that "
                    f"supports {compiler} {version}",
                    "reasoned from the log: nvcc's own check of the host compiler's release",
                    family="extension-build")
    if "host compiler properties" in message and _HOST_PROPERTIES.search(message) and not situation.local_fault:
        # (a full disk or a denied file fails the same way: the session-43 second reader's look-alike)
        return Hint("nvcc could not run its host compiler to read the compiler's properties: the compiler is not "
                    "installed, not the one nvcc looks for, or a release this nvcc cannot work with",
                    "install a C++ compiler this CUDA toolkit supports and point nvcc at it (nvcc -ccbin, CUDAHOSTCXX; "
                    "on Windows, Visual Studio's C++ tools and a build run from its Developer prompt)",
                    "reasoned from the log: nvcc's words for the host compiler it runs", family="extension-build")
    missing = _HOST_MISSING.match(message) if situation.nvcc_shown and "No such file" in message else None
    if missing is not None:
        compiler = missing["compiler"]
        return Hint(f"the build's nvcc runs the host compiler {compiler}, and the system finds no {compiler}: no C/C++ "
                    "compiler is installed, or it is not on the PATH the build runs with",
                    f"install the C/C++ compiler (apt install build-essential; a {compiler} release this CUDA toolkit "
                    "supports) or put its folder on PATH, or point nvcc at it (-ccbin, CUDAHOSTCXX)",
                    "reasoned from the log: the shell's words for the host compiler nvcc runs",
                    family="extension-build")
    tool = _MAKE_TOOL.search(message) if "Command not found" in message else None
    if tool is not None:
        name = tool["tool"]
        where = " (a CUDA toolkit's bin folder: /usr/local/cuda/bin)" if name == "nvcc" else ""
        return Hint(f"the build's Makefile runs {name}, which is not on the PATH make runs with{where}: not "
                    "installed, or a PATH that sudo or the build's shell resets",
                    f"install {name} or put its folder on PATH{where}; with sudo, pass the PATH through (sudo env "
                    "\"PATH=$PATH\" make), or name the tool's full path in the Makefile",
                    "reasoned from the log: make's words for a tool its recipe runs", family="extension-build")
    python_lib = _PYTHON_LIB.search(message) if "file 'python" in message else None
    if python_lib is not None:
        return _python_library(python_lib, situation.free_threaded_shown)
    undefined = _UNDEFINED.search(message) if "undefined reference to " in message else None
    if undefined is not None and not _PROBE.search(message) and not situation.cmake_probe:
        # (CMake's checks link test programs that fail by design: its CheckSymbolExists probe of pthread_create on an
        # older glibc, in CMakeError.log; the session-43 second reader's FASTER#31 and nsfminer#107)
        return _not_linked(undefined["symbol"], situation)
    return None


def _front_end_missing(proper: str, release: str) -> Hint:
    """GCC's driver runs cc1plus for C++ and cc1 for C: the driver is installed, that compiler proper is not (the
    C++ compiler is a package of its own: g++ on Debian and Ubuntu, gcc-c++ on Red Hat's systems)."""
    if proper == "cc1plus":
        return Hint("the build compiles C++ and GCC's C++ compiler (cc1plus) is not installed: the system has gcc, the "
                    "C compiler's driver, without g++ (a package of its own)",
                    f"install GCC's C++ compiler (apt install g++{release}, or build-essential; yum/dnf install "
                    "gcc-c++; conda install gxx_linux-64) and build again, or install a prebuilt wheel of the package",
                    "reasoned from the log: GCC's driver not finding cc1plus", family="extension-build")
    return Hint("GCC's C compiler proper (cc1) is not found beside its driver: the GCC installation is incomplete or "
                "broken (a driver of one GCC release with another's compilers, a partly removed package)",
                "reinstall the system's GCC (apt install --reinstall gcc build-essential; yum/dnf reinstall gcc) and "
                "build again, or install a prebuilt wheel of the package",
                "reasoned from the log: GCC's driver not finding cc1", family="extension-build")


def _not_linked(symbol: str, situation: Situation) -> Hint | None:
    """The link step's undefined function, told where it is a library's the answer can name (None: a versioned symbol,
    whose release ``library_loaders`` reads; a C++ standard library's or torch's, an ABI of another build; a function
    of no library named here, most often the program's own, misspelt or not compiled: the session-43 second reader's
    typo under gcc's "did you mean")."""
    if ("@" in symbol or "__cxx11" in symbol or "[abi:cxx11]" in symbol
            or symbol.startswith(("std::", "c10::", "at::", "torch::", "caffe2::"))):
        return None
    library = next((name for prefix, name in _LIBRARIES if symbol.startswith(prefix)), None)
    if library is None and not (symbol == "main" and situation.python_build):
        return None  # (main asked of a plain program is its own misspelt main: a module is linked -shared)
    shown = symbol if len(symbol) <= 100 else f"{symbol[:100]}..."
    if symbol == "main":
        cause = ("the build's link step asks for a main function: it links the module as a program, not as a shared "
                 "library (the -shared flag missing from the link, or a compiler that ignores it)")
        fix = "link the module with -shared (its build's linker flags: LDSHARED, the setup script's or Makefile's)"
    else:
        of = f" (a function of {library})" if library else ""
        cause = (f"the build's link step finds no definition of {shown}{of}: the library that defines it is not "
                 "linked (its -l flag or its folder missing from the link), or another build of it is found first")
        fix = ("link the library that defines it (install its development package; add its -l flag and -L folder to "
               "the build's link), and the build of it the code was written for")
    return Hint(cause, fix, "reasoned from the log: the linker's undefined reference", family="extension-build")


def _python_library(found: re.Match[str], free_threaded_shown: bool) -> Hint:
    """The link of a module asks for an import library of CPython the linker finds none of: Windows' pyconfig.h names
    pythonXY.lib, or pythonXYt.lib where Py_GIL_DISABLED is defined, which a build for a free-threaded Python must
    define itself since CPython 3.13 (gh-115582: "compiling with /DPy_GIL_DISABLED manually"); pythonXY_d.lib in a
    Debug build. ``free_threaded_shown``: the log names a free-threaded Python (3.13t, cp313t, "free-threaded")."""
    version, lib = f"{found['major']}.{found['minor']}", found["lib"]
    source = "reasoned from the log: the linker's words for CPython's import library"
    if found["debug"]:
        # (the session-44 second reader's OpenColorIO#592, scikit-build#533, vcpkg#33618: Debug builds)
        return Hint(f"the module's link asks for {lib}, the import library of a debug build of CPython {version}: the "
                    "module is compiled in Debug mode (pyconfig.h then names the _d library), and a Python installed "
                    "from its release installer has no debug libraries",
                    "build the module in Release (or RelWithDebInfo) mode against the release library, or install the "
                    f"debug binaries of Python {version} (the python.org installer's \"Download debug binaries\")",
                    source, family="extension-build")
    if found["major"] == "2" or int(found["minor"]) < 13 or not (found["free"] or free_threaded_shown):
        # (no free-threaded build before 3.13; after it, a default build's library missing where the log names no
        # free-threaded Python is a build tool's lookup, such as scikit-build's on 3.13: the second reader's #1094)
        return Hint(f"the module's link asks for {lib}, the import library of CPython {version}, and the linker finds "
                    f"no file of that name: the build links for Python {version} and the folders it searched hold "
                    "none (another Python's libs folder, a virtual environment's, or a Python installed without its "
                    "import libraries)",
                    f"run the build with the Python {version} the module is for (python -m pip install ., from that "
                    "interpreter), one installed with its import libraries (its libs folder), or a release of the "
                    "build tool that finds that Python's libs folder", source, family="extension-build")
    which, other = (("free-threaded", "default build (with the GIL)") if found["free"]
                    else ("default (with the GIL)", f"free-threaded build (python{version}t.exe)"))
    return Hint(f"the module's link asks for {lib}, the import library of CPython {version}'s {which} build, and the "
                f"linker finds no file of that name: the build compiled for one build of CPython {version} (Windows' "
                "pyconfig.h names pythonXYt.lib where Py_GIL_DISABLED is defined, pythonXY.lib where not) and the "
                f"Python whose libs folder it searched is the other, its {other}, or a Python installed without its "
                "import libraries",
                "run the build with the Python the module is for (python -m pip install ., from that interpreter), "
                "with build tools that define Py_GIL_DISABLED for a free-threaded Python (a build for one must be "
                "compiled with /DPy_GIL_DISABLED since CPython 3.13) and that Python's own import libraries (its "
                "libs folder)", source, family="extension-build")


def free_threaded_shown(text: str) -> bool:
    """The log names a free-threaded CPython (Machine.free_threaded_shown)."""
    return _FREE_THREADED.search(text) is not None
