"""CUDA libraries by name: which CUDA (or cuDNN) release a library's soname or Windows DLL is of, and where to get
it. Read from the name the loader prints, so code, not entries of known_failures.toml.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ..model.hints import Hint
from .digits import dotted

#: a CUDA library's Windows DLL the loader did not find: "Could not find 'cudart64_100.dll'", "Could not load
#: dynamic library 'cudart64_101.dll'; dlerror: cudart64_101.dll not found" (TensorFlow); its digits are the
#: CUDA version (100: 10.0, 110: 11.0; 12: CUDA 12), cuDNN's its own major (cudnn64_8.dll)
CUDA_DLL = re.compile(r"(?:Could not find|Could not load dynamic library|not found"
                      # TensorFlow 1.x's self-check: "- Could not load 'cudart64_80.dll'. The GPU version of TensorFlow
                      # requires that this DLL be installed" (holdout178b: tensorflow#13837)
                      r"|^\W{0,4}Could not load (?='[^'\n]{1,40}'\. The GPU version of TensorFlow)"
                      # Windows' own dialog, a program (MXNet's python.exe) that cannot start without it: "The program
                      # can't start because cudnn64_5.dll is missing from your computer" (holdout147b: mxnet#5)
                      r"|The program can't start because "
                      # PaddlePaddle's words: "The third-party dynamic library (cudnn64_7.dll) that Paddle depends on is
                      # not configured correctly. (error code is 126)" (holdout68b: PaddleOCR#4171); one DLL, not found
                      # (126): a list of candidates (Paddle#57347) or 127, a DLL found without a function, is not this;
                      # its closing parenthesis full-width where Paddle's Chinese build prints it (PaddleDetection#3766)
                      r"|The third-party dynamic library \((?=[^;()\n]{1,80}\) that Paddle depends on is not "
                      r"configured correctly\. \(error code is 126[)\uff09]))[^\n]{0,40}?'?"
                      # cuDNN's own "Could not locate cudnn_ops_infer64_8.dll. Please make sure it is in your library
                      # path!" is not read: its main DLL loaded, and a path its loader cannot search says the same
                      # (holdout11b's distractor sdwebuiforge#2798, square brackets in the install path)
                      r"(?P<dll>(?P<stem>cudart|cublas|cublasLt|cufft|curand|cusparse|cusolver|nvrtc|cudnn)64_"
                      r"(?P<digits>\d{1,3})(?P<line>_\d)?\.dll)")

#: NVIDIA's pip wheels of CUDA libraries, by library stem: nvidia-<name>-cu<major> for CUDA 11 and 12, nvidia-<name>
#: (versions 13.x) from CUDA 13 on (checked with pip index versions, 2026-12-03)
_WHEEL_NAMES = (("libcublas", "cublas"), ("libcudart", "cuda-runtime"), ("libcufft", "cufft"), ("libcurand", "curand"),
                ("libcusparse", "cusparse"), ("libcusolver", "cusolver"), ("libnvrtc", "cuda-nvrtc"),
                ("libcupti", "cuda-cupti"))


def cuda_library_source(library: str, major: str) -> tuple[str, str]:
    """What a CUDA library of that soname major belongs to, and how to install it: ("CUDA 12", "pip install
    nvidia-cublas-cu12"). cuDNN's and NCCL's majors are their own (libcudnn.so.8 is cuDNN 8, for CUDA 11 or 12)."""
    if library.startswith("libcudnn"):
        return f"cuDNN {major}", (f"pip install \"nvidia-cudnn-cu12=={major}.*\" (nvidia-cudnn-cu11 for CUDA 11)"
                                  if major in ("8", "9") else f"cuDNN {major} from NVIDIA")
    if library.startswith("libnccl"):
        return f"NCCL {major}", "pip install nvidia-nccl-cu12 (nvidia-nccl-cu11 for CUDA 11)"
    if library.startswith("libcutensor"):  # cuTENSOR's own major (libcutensor.so.2 is cuTENSOR 2, CUDA 11 or 12);
        # pip index versions, 2026-12-05: cutensor-cu12 1.6.2-2.8.1, cutensor-cu11 1.6.0-2.2.0 (holdout76b:
        # cuda-quantum#2691)
        return f"cuTENSOR {major}", f"pip install \"cutensor-cu12=={major}.*\" (cutensor-cu11 for CUDA 11)"
    if library.startswith("libnvcomp"):  # nvCOMP's own major (libnvcomp.so.4 is nvCOMP 4); PyPI's JSON, 2026-12-07:
        # nvidia-nvcomp-cu12 to 6.0, nvidia-nvcomp-cu11 to 5.0 (holdout136b: kvikio#657)
        return f"nvCOMP {major}", f"pip install \"nvidia-nvcomp-cu12=={major}.*\" (nvidia-nvcomp-cu11 for CUDA 11)"
    if library.startswith("libcufile"):  # GPUDirect Storage, soname major 0; torch's CUDA 12.6+ wheels link it
        # (holdout40b: pytorch#148137); pip index versions, 2026-12-04: nvidia-cufile-cu12 1.11-1.14, nvidia-cufile
        # 1.15 on (CUDA 13)
        return "cuFile (GPUDirect Storage)", "pip install nvidia-cufile-cu12 (nvidia-cufile for CUDA 13)"
    name = next((n for stem, n in _WHEEL_NAMES if library.startswith(stem)), None)
    toolkit = re.search(r"\.so\.(\d+\.\d+)$", library)
    if toolkit and any(library.startswith(stem) for stem, _ in _OWN_MAJORS):
        # libcurand.so.10.0: before CUDA 10.1 every library's soname was the toolkit's X.Y (the second reader's
        # darknet#6543); no pip wheel ships one
        return f"CUDA {major}", f"the CUDA {toolkit[1]} toolkit"
    own = next((cudas for (stem, soname), cudas in _OWN_MAJORS.items()
                if library.startswith(stem) and soname == major), None)
    if own is not None and len(own) > 1:
        # libcurand.so.10 ships with CUDA 10.1 to 13: its major is cuRAND's, and says nothing of which CUDA
        stem = library.partition(".so")[0].removeprefix("lib")
        wheels = " / ".join(f"nvidia-{name}-cu{cuda}" if int(cuda) <= 12 else f"nvidia-{name}"
                            for cuda in own if "." not in cuda and int(cuda) >= 11)
        return (f"{_LIBRARY_NAMES.get(stem, stem)} {major}",
                f"the CUDA toolkit of the CUDA the package was built for (CUDA {', '.join(own)} all ship {library}"
                + (f"; pip: {wheels})" if wheels else ")"))
    if own is not None:
        major = own[0]  # libcufft.so.11 is CUDA 12's
    if name is None or (major.isdigit() and int(major) < 11):  # NVIDIA's pip wheels start with CUDA 11
        return f"CUDA {major}", f"the CUDA {toolkit[1] if toolkit else major} toolkit"
    if toolkit:  # libcupti.so.11.7: the wheel of that toolkit's release, where NVIDIA made one (pip index versions,
        # 2026-12-05: nvidia-cuda-cupti-cu11 has 11.7.101 and 11.8.87 only)
        return f"CUDA {major}", (f"pip install \"nvidia-{name}-cu{major}=={toolkit[1]}.*\""
                                 if toolkit[1] in _CU11_WHEELS else f"the CUDA {toolkit[1]} toolkit")
    wheel = f"nvidia-{name}-cu{major}" if major.isdigit() and int(major) <= 12 else f"\"nvidia-{name}=={major}.*\""
    return f"CUDA {major}", f"pip install {wheel}"


#: CUDA math libraries whose soname major is their own, per soname major the CUDA releases that ship it: read from
#: NVIDIA's pip wheels' files (nvidia-<lib>-cu11, -cu12 and nvidia-<lib> of CUDA 13, 2026-12-04: libcurand.so.10 in
#: all three, libcufft.so.10/11/12, libcusolver.so.11/11/12, libcusparse.so.11/12/12) and CUDA 10.1's and 10.2's
#: toolkits (.so.10; CUDA 10.0 and older name theirs by the toolkit's X.Y, libcurand.so.10.0)
_OWN_MAJORS = {("libcurand", "10"): ("10.1", "10.2", "11", "12", "13"),
               ("libcufft", "10"): ("10.1", "10.2", "11"), ("libcufft", "11"): ("12",), ("libcufft", "12"): ("13",),
               ("libcusolver", "10"): ("10.1", "10.2"), ("libcusolver", "11"): ("11", "12"),
               ("libcusolver", "12"): ("13",),
               ("libcusparse", "10"): ("10.1", "10.2"), ("libcusparse", "11"): ("11",),
               ("libcusparse", "12"): ("12", "13")}
#: the CUDA 11 releases NVIDIA made pip wheels of (nvidia-*-cu11: 11.7 and 11.8)
_CU11_WHEELS = frozenset({"11.7", "11.8"})
_LIBRARY_NAMES = {"curand": "cuRAND", "cufft": "cuFFT", "cusolver": "cuSOLVER", "cusparse": "cuSPARSE"}

#: CUDA libraries whose Windows DLL carries the library's own major, not CUDA's (cufft64_10.dll: cuFFT 10, CUDA 11)
_LIBRARY_VERSIONED = frozenset({"cufft", "curand", "cusolver", "cusparse"})


def missing_cuda_dll(dll: str, stem: str, digits: str, package: str | None, *, line: bool = False) -> Hint:
    """A CUDA library's DLL that Windows did not find, as its name says which CUDA (or cuDNN) it is of. ``line``: a
    name every release of a CUDA major loads (NVRTC's nvrtc64_120_0.dll, from 12.0 on)."""
    if stem in _LIBRARY_VERSIONED and len(digits) <= 2:
        # cufft64_10.dll is cuFFT 10, which CUDA 11 ships; curand64_10.dll ships with CUDA 10, 11 and 12: no CUDA named
        who = package or "a compiled library"
        return Hint(f"{who} loads {dll}, and Windows finds none on PATH: the CUDA toolkit that ships it (its number is "
                    f"{stem}'s own version, not CUDA's) is not installed, or its bin folder is not on PATH",
                    f"install the CUDA toolkit the package was built for (the one whose bin folder has {dll}) with its "
                    "bin folder on PATH, or the package's build for the CUDA this machine has",
                    "the Windows loader's error: the DLL's name carries the library's version",
                    category="missing CUDA library", family="extension-cuda-lib")
    if stem == "cudnn":
        of = f"cuDNN {digits}"
    elif line and len(digits) == 3:
        of = f"CUDA {digits[:-1]}"
    elif len(digits) == 3 or (len(digits) == 2 and digits[0] in "89"):  # 100: 10.0; 80, 92: CUDA 8.0, 9.2
        of = f"CUDA {dotted(digits)}"
    else:
        of = f"CUDA {digits}"  # cudart64_12.dll: CUDA 12
    who = package or "a compiled library"
    return Hint(f"{who} was built for {of} (it loads {dll}), and Windows finds no {dll} on PATH: the {of.split()[0]} "
                "installed is another version, or its bin folder is not on PATH",
                f"install {of} (the version the package was built for) with its bin folder on PATH, or the "
                f"package's build for the {of.split()[0]} this machine has",
                "the Windows loader's error: the DLL's name carries its version", category="missing CUDA library",
                family="extension-cuda-lib")


#: a CUDA library's own C function, by the library's prefix: curandCreateGenerator, ncclMemFree, cublasLtMatmul
_CUDA_FUNCTION = re.compile(r"(?P<lib>curand|cublasLt|cublas|cufft|cusparse|cusolver|nccl|cudnn|nvrtc)[A-Z]\w*$")
#: torch's own libraries, as the loader names the one that lacks a symbol
#: as the torch package loads them (torch/lib/libtorch_cuda.so; conda-forge's torch/../../../libtorch_cuda.so; 1.x's
#: libtorch_cuda_cu.so, libtorch.so.1); a distribution's own build in /usr/lib64 may lack a library it never linked
#: macOS's dyld names the library that asks ("Referenced from: .../torch/lib/libtorch_cuda.dylib") and the copy it
#: searched ("Expected in: /usr/local/cuda/lib/libcusparse.10.dylib"; "flat namespace" where nothing was linked)
#: (the session-28 second reader's pytorch-osx-build#11, #21: CUDA 10.1.105's cuSPARSE under a build for 10.1.243);
#: a path the paste begins at torch's folder too ("torch/lib/libtorch_cuda.so": holdout147b's pytorch#120186)
#: and torch's own extension module, which linked cuDNN itself before 1.x's split ("torch/_C.cpython-35m-x86_64-linux-
#: gnu.so: undefined symbol: cudnnSetConvolutionGroupCount": holdout176b's pytorch#3831, an older libcudnn loaded)
_TORCH_OWN_LIBRARY = re.compile(r"(?:^|(?<=[\\/\s'\"(]))torch[\\/][^\s:'\"]{0,200}?(?<![\w.+-])(?:lib(?:torch"
                                r"(?:_cuda(?:_cu|_cpp)?|_cpu|_python|_global_deps)?|c10(?:_cuda)?)|_C\.cpython-[\w-]{1,60})"
                                r"(?:\.so(?:\.\d+)*: undefined symbol|"
                                r"\.dylib\s+Expected in:\s+(?:<[^>\n]{0,80}>\s+)?/)")


def cuda_function_missing(symbol: str, message: str, *, torch_named: bool = True) -> Hint | None:
    """A CUDA library's C function undefined where a library loads: torch's own library, with an older copy of that
    CUDA library loaded; an extension, whose build did not link it (None: no CUDA library's function).
    ``torch_named``: False where the log names no torch (an installed library of another stack)."""
    if not torch_named:
        return _unresolved_cuda_function(symbol, message)
    unlinked = _CUDA_FUNCTION.match(symbol)
    if unlinked is None:
        return None
    lib = unlinked["lib"]
    if _TORCH_OWN_LIBRARY.search(message):
        # torch's own libtorch_cuda.so lacks it: the copy loaded is older than the one torch was built with (two
        # nvidia-nccl wheels, a system NCCL first on the path: holdout56b, returnn#1802 and airllm#331)
        if ".dylib" in message:  # macOS: dyld's "Expected in:" names the copy it loaded, a CUDA toolkit's
            fix = (f"install the CUDA toolkit release this torch was built for in place of the one whose lib{lib} "
                   "dyld loaded (its \"Expected in:\" path), or put that release's lib folder first on "
                   "DYLD_LIBRARY_PATH")
        else:
            library = "torch/_C*.so" if "_C.cpython-" in message else "torch/lib/libtorch_cuda.so"
            fix = (f"find the lib{lib} loaded (ldd on {library}; pip list | grep nvidia) and remove "
                   f"the older copy or its path, or install the nvidia-{lib}-cu* wheel torch's requirements name")
        return Hint(f"torch's own library lacks {symbol[:80]}, a function of lib{lib}: the lib{lib} loaded is older "
                    "than the one this torch was built with (another copy first on the loader's path: a second "
                    "nvidia-* wheel, a system or conda install, LD_LIBRARY_PATH)",
                    fix,
                    "the dynamic loader's error: a CUDA library's function missing from torch's own library",
                    category="undefined symbol", family="extension-cuda-lib")
    # an extension's: its build did not link that library, whatever torch it was built for (the session-20 second
    # reader's DeepSpeed#1879 shape)
    return Hint(f"the extension calls {symbol[:80]}, a function of the CUDA library lib{lib}, and its build did not "
                "link that library",
                f"build it again with lib{lib} on the linker's path (the CUDA toolkit's lib64: LIBRARY_PATH, -l{lib}); "
                "a build torch's JIT keeps in its cache: delete that folder after",
                "the dynamic loader's error: the symbol is a CUDA library's C function",
                category="undefined symbol", family="extension-build")


#: a library installed into an environment (a package's folder, an environment's lib), as the loader names it
_INSTALLED_LIBRARY = re.compile(r"[\\/](?:site-packages|dist-packages|lib)[\\/][^\s:'\"]{0,300}\.so[\w.]{0,20}: "
                                r"undefined symbol")


def _unresolved_cuda_function(symbol: str, message: str) -> Hint | None:
    """A CUDA library's C function undefined in an installed library that is no torch's, where the log names no torch:
    the CUDA library loaded is of another release than the one the library was built against (cuSPARSE's csrmm2
    functions, gone from CUDA 11's: holdout99b's MinkowskiEngine#326; cuDNN's _v3 descriptors: holdout111b's cupy#521).
    A project's own build folder is not read: its build may have left the library out (holdout102b's VOLDOR#22)."""
    unlinked = _CUDA_FUNCTION.match(symbol)
    if unlinked is None or not _INSTALLED_LIBRARY.search(message):
        return None
    lib = unlinked["lib"]
    if re.search(rf"[\\/]lib{lib}\.so[\w.]*: undefined symbol", message):  # the library of that API is the one named
        return Hint(f"lib{lib} itself, the copy loaded, lacks {symbol[:80]}, a function of its own API: that copy "
                    "is of another (an older) release than the code calling it was built for",
                    f"install the lib{lib} release the calling library was built for (its build for this CUDA) and let "
                    "the loader find it first (LD_LIBRARY_PATH, ldconfig; remove the older copy from the path)",
                    "the dynamic loader's error: the symbol is a CUDA library's C function",
                    category="undefined symbol", family="extension-cuda-lib")
    return Hint(f"the library calls {symbol[:80]}, a function of the CUDA library lib{lib}, and the lib{lib} loaded "
                f"does not define it: the library was built against another release of lib{lib} than the one loaded "
                "(newer CUDA releases drop old functions, older ones lack new ones), or its build did not link it",
                f"install the lib{lib} release the library was built for (its build for this CUDA, from the same "
                f"channel or index), or build it again against the installed lib{lib}, linked (-l{lib})",
                "the dynamic loader's error: the symbol is a CUDA library's C function",
                category="undefined symbol", family="extension-cuda-lib")
