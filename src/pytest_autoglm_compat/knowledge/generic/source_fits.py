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
         "has no member named", "_PyArray_Descr")
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
