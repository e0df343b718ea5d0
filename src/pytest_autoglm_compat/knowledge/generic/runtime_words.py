"""Words of the CUDA runtime, nvcc, Windows' loader and a library's own GPU check that name their cause by themselves.

The CUDA runtime's error string for cudaErrorCallRequiresNewerDriver ("API call is not supported in the installed
CUDA driver"); nvcc ignoring the C++ standard the build asks for because the host compiler is too old for it; Windows'
loader naming a procedure entry point a compiled module asks of a DLL that lacks it; a library refusing GPUs below a
compute capability (holdout63b: lmdeploy#708, flash-attention#1346, xformers#1248, vllm#1284).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..digits import dotted
from ..failure import Failure
from .machine import Situation
from .names import package_folder, possessive
from .situation import capability_text

#: cudaGetErrorString(cudaErrorCallRequiresNewerDriver), as every library built on the CUDA runtime prints it
_NEEDS_NEWER_DRIVER = "API call is not supported in the installed CUDA driver"
#: the words one of which each reading needs (relevance keeps the lines that hold them)
WORDS = (_NEEDS_NEWER_DRIVER, "is not supported with the configured host compiler", "procedure entry point",
         "compute capability below", "initialization failure with error", "PTX kernel", "PTX text", "209",
         "isn't compiled in prebuilt", "No supported GPU compute capabilities found", "Driver missing function",
         "cudaRuntimeGetVersion() failed with error #35", "compile time compute cap")
#: nvcc: "nvcc warning : The -std=c++17 flag is not supported with the configured host compiler. Flag will be ignored."
_STD_IGNORED = re.compile(r"The -std=(?P<std>c\+\+\d\w)? flag is not supported with the configured host compiler")
#: Windows' loader (the dialog's words, and LoadLibrary's error as Python quotes it): "The procedure entry point
#: ?x@y could not be located in the dynamic link library C:\...\xformers\_C.pyd"
_ENTRY_POINT = re.compile(r"[Tt]he procedure entry point (?:(?P<symbol>\S{1,400}?) )?could not be located in the "
                          r"dynamic link library (?P<library>[^\n]{1,400}?\.(?:pyd|dll|PYD|DLL))")
#: a library's own floor: vLLM's "GPUs with compute capability below 7.0 are not supported."
_GPU_FLOOR = re.compile(r"GPUs? with compute capability below (?P<need>\d+(?:\.\d+)?) (?:is|are) not supported")
#: TensorRT's check of the CUDA runtime it loads: "[TensorRT] ERROR: CUDA initialization failure with error 35. Please
#: check your CUDA installation" (holdout82b: TensorRT#308, YOLOv8-TensorRT#134). Only cudaError_t 35,
#: cudaErrorInsufficientDriver, is read: 1, 2, 3, 100 and 222 have other causes as often (a CUDA context made before a
#: fork: the session-33 second reader's case)
_TRT_DRIVER_OLDER = re.compile(r"[Cc][Uu][Dd][Aa] initialization failure with error:? 35\b")
#: the CUDA runtime's own version probe failing with cudaErrorInsufficientDriver
_RUNTIME_VERSION_35 = "cudaRuntimeGetVersion() failed with error #35"
#: XLA (TensorFlow, JAX) finding no kernel in the module it had compiled: 'failed to get PTX kernel
#: "shift_right_logical" from module: CUDA_ERROR_NOT_FOUND: named symbol not found', after "ptxas does not support CC
#: 8.6" (holdout82b: alphafold#55, a CUDA 11.0 image on an A10)
#: cudaError_t 209, cudaErrorNoKernelImageForDevice, by its number alone: "cuda execution failed with error 209"
#: (holdout83b: spconv#136, a build for an RTX 2080 Ti run on a V100), nvdiffrast's "Cuda error:
#: 209[cudaLaunchKernel(...)]" (holdout125b: nvdiffrast#75)
#: THC's words for it, the number in brackets: "cuda runtime error (209) : unrecognized error code at
#: mmdet/ops/roi_align/src/roi_align_kernel.cu:139" (holdout171b: DetectoRS#10, a runtime older than the number)
_ERROR_209 = re.compile(r"\b(?:cuda|CUDA|Cuda)\b[^\n]{0,40}\berror:? 209(?=\s*$|[.,;:)\]\[])"
                        r"|\bcuda runtime error \(209\) :", re.MULTILINE)
#: spconv's own warning before a kernel fails: "[WARNING]your gpu arch (8, 6) isn't compiled in prebuilt, may cause
#: invalid device function. available: {(6, 1), (7, 5), ...}" (holdout83b: spconv#724)
_SPCONV_ARCH = re.compile(r"your gpu arch \((?P<major>\d{1,2}), (?P<minor>\d)\) isn't compiled in prebuilt[^\n]{0,80}?"
                          r"available: (?P<built>\{[^}\n]{0,200}\})")
#: numba's check of the driver API it binds: "Driver missing function: cuDeviceGetUuid" (holdout84b:
#: AI-Horde-Worker#190, a GTX 280's last driver)
_DRIVER_LACKS = re.compile(r"Driver missing function: (?P<function>cu[A-Z]\w{1,60})")
#: functions every CUDA driver has: numba missing one loaded another library as the driver (its path pointing at
#: libcudart: numba#4136, the session-33 second reader's case), no driver too old
_EVERY_DRIVER_HAS = frozenset({"cuInit", "cuDriverGetVersion", "cuDeviceGet", "cuDeviceGetCount", "cuDeviceGetName",
                               "cuDeviceGetAttribute", "cuCtxCreate", "cuCtxGetCurrent", "cuMemAlloc", "cuModuleLoad"})
#: numba's NVVM finding no compute capability in the CUDA toolkit it loaded (holdout83b: finufft#356)
_NVVM_NO_CC = "No supported GPU compute capabilities found"
_XLA_NO_KERNEL = re.compile(r'failed to get PTX kernel "[^"\n]{1,200}" from module: CUDA_ERROR_NOT_FOUND'
                            r"|[Ff]ailed to load PTX text as a module: CUDA_ERROR_INVALID_IMAGE")


def runtime_words(failure: Failure, situation: Situation) -> Hint | None:
    """The answer one of these tools' own words gives (None where none of them is there)."""
    message = failure.message
    if not any(words in message for words in WORDS):
        return None
    if _NEEDS_NEWER_DRIVER in message:
        return Hint("the CUDA runtime the library runs calls an API the installed NVIDIA driver does not support "
                    "(cudaErrorCallRequiresNewerDriver): the driver is older than the CUDA the library was built with",
                    "upgrade the NVIDIA driver to one for that CUDA release (nvidia-smi shows the CUDA the driver "
                    "supports; NVIDIA's table lists the driver each CUDA needs), or install the library's build for "
                    "a CUDA the driver supports",
                    "reasoned from the log: the CUDA runtime's error string for a call that needs a newer driver",
                    family="cuda-driver-too-old")
    ignored = _STD_IGNORED.search(message)
    if ignored is not None and situation.gcc_headers is not None and not situation.windows:
        # nvcc prints the same words under MSVC as a matter of course (the session-25 second reader's CCTag#99,
        # dlib#1804, matconvnet#1076): only a GCC the log shows by its headers' path is the compiler too old
        std = ignored["std"] or "the C++ standard asked"
        return Hint(f"nvcc says the host compiler (GCC {situation.gcc_headers}) cannot compile {std}, the standard "
                    "the build asks for (torch's headers need C++17 from torch 2.1 on): the host compiler is too old "
                    "for the code, and the build fails on what follows",
                    "build with a newer GCC the CUDA toolkit supports (GCC 9 or later for C++17: CC and CXX set to it, "
                    "conda's gxx_linux-64, or a devtoolset), or install a prebuilt wheel of the package for this torch "
                    "and CUDA", "reasoned from the log: nvcc's own warning that the host compiler ignores the "
                    "standard", family="extension-build")
    entry = _ENTRY_POINT.search(message)
    folder = _extension_package(entry["library"].strip()) if entry is not None else None
    if entry is not None and folder is not None:
        # a package's extension module only: KERNEL32.dll lacking an API is an older Windows, cuDNN's DLLs of two
        # releases mixed is no torch build (the session-25 second reader's futgui#154 and its other cases)
        library = entry["library"].strip()
        whose = f"{possessive(folder)} compiled module ({library})"
        procedure = f" ({entry['symbol']})" if entry["symbol"] else ""
        return Hint(f"Windows could not load {whose}: it asks a DLL it links for a procedure{procedure} the "
                    "installed one lacks, so it was built against another release of that library (for a torch "
                    "extension, another torch) than the one installed",
                    f"install the {folder} build made for the installed torch (its release for this torch and CUDA, "
                    f"or pip install --force-reinstall --no-cache-dir {folder} built here), or the torch it was built "
                    "for",
                    "reasoned from the log: Windows' loader naming the procedure the DLLs lack",
                    family="extension-abi")
    hint = _tensorrt_init(message) or _xla_kernel(message, situation) or _kernel_words(failure, situation)
    if hint is not None:
        return hint
    floor = _GPU_FLOOR.search(message)
    if floor is not None and failure.raised:
        gpu = (f"this GPU ({situation.gpu}, compute capability {situation.capability})" if situation.capability
               else "this GPU")
        return Hint(f"the library's own check refuses {gpu}: its kernels are built for compute capability "
                    f"{floor['need']} and newer only",
                    f"run it on a GPU of compute capability {floor['need']} or newer, or an older release of the "
                    "library (or another library) that still supports this GPU",
                    "reasoned from the log: the library's own check of the GPU's compute capability",
                    family="no-kernel-image")
    return None


def _tensorrt_init(message: str) -> Hint | None:
    if _RUNTIME_VERSION_35 in message:
        # DIGITS' probe of the CUDA runtime (holdout52b: digits#252; holdout128b: nvidia-docker#191)
        return Hint("the CUDA runtime could not start: error 35 is cudaErrorInsufficientDriver, the NVIDIA driver (the "
                    "host's, where it runs in a container) is older than the CUDA runtime the program was built with",
                    "upgrade the NVIDIA driver to one for that CUDA release (NVIDIA's table lists the driver each CUDA "
                    "needs; nvidia-smi shows the driver's), or run a build or container image made for an older CUDA",
                    "reasoned from the log: the CUDA runtime's error code (cudaError_t 35)",
                    family="cuda-driver-too-old")
    if "initialization failure with error" not in message or not _TRT_DRIVER_OLDER.search(message):
        return None
    return Hint("TensorRT could not start the CUDA runtime it was built with: error 35 is "
                "cudaErrorInsufficientDriver, the NVIDIA driver is older than that CUDA runtime",
                "upgrade the NVIDIA driver to one for the CUDA release TensorRT was built for (nvidia-smi's "
                "\"CUDA Version\" is the newest the driver supports; NVIDIA's table lists the driver each CUDA "
                "needs), or install the TensorRT build for a CUDA the driver supports",
                "reasoned from the log: TensorRT's CUDA error code (cudaError_t 35)", family="cuda-driver-too-old")


#: a binary's own check of the GPU against the compute capability it was compiled for: text-embeddings-inference's
#: "Runtime compute cap 70 is not compatible with compile time compute cap 80" (holdout180b: text-embeddings-inference
#: #268, #34, #806: an image built for A100s on a V100, a T4, an RTX 50)
_COMPILED_CAP = re.compile(r"Runtime compute cap (?P<have>\d{2,3}) is not compatible with compile time compute cap "
                           r"(?P<built>\d{2,3})")


def _kernel_words(failure: Failure, situation: Situation) -> Hint | None:
    """CUDA's error 209 by its number, spconv's warning for a GPU its prebuilt kernels lack, numba's NVVM without a
    compute capability (raised: the source line that builds its message is no failure)."""
    message = failure.message
    compiled = _COMPILED_CAP.search(message) if "compile time compute cap" in message else None
    if compiled is not None:
        have, compiled_for = dotted(compiled["have"]), dotted(compiled["built"])
        return Hint(f"the binary (a build or container image) was compiled for GPUs of compute capability "
                    f"{compiled_for}, and this GPU is {have}: its kernels are for another GPU architecture",
                    f"use the build (the image tag) made for compute capability {have} (text-embeddings-inference "
                    "publishes one image per GPU architecture: Turing, Ampere, Ada, Hopper, Blackwell, CPU), or build "
                    f"it for {have}", "reasoned from the log: the binary's own check of the GPU's compute capability",
                    family="no-kernel-image")
    spconv = _SPCONV_ARCH.search(message) if "isn't compiled in prebuilt" in message else None
    built = {(int(major), int(minor)) for major, minor in re.findall(r"\((\d{1,2}), (\d)\)", spconv["built"])} \
        if spconv is not None else set()
    if spconv is not None and not any(major == int(spconv["major"]) and minor <= int(spconv["minor"])
                                      for major, minor in built):
        # (a kernel of the GPU's major and a lower minor runs on it: 8.6's on an 8.9, the second reader's case)
        arch = f"{spconv['major']}.{spconv['minor']}"
        return Hint(f"spconv's prebuilt kernels were not compiled for this GPU's compute capability ({arch}; the build "
                    f"carries {spconv['built']}), so its CUDA kernels fail on it (invalid device function)",
                    f"install the spconv (and cumm) wheel built for a CUDA release that carries compute capability "
                    f"{arch} (spconv-cuXYZ for a newer CUDA), or build spconv from source for it (CUMM_CUDA_ARCH_LIST="
                    f"\"{arch}\")", "reasoned from the log: spconv's own warning naming the GPU's arch and the build's",
                    family="no-kernel-image")
    if "209" in message and "no kernel image" not in message and _ERROR_209.search(message):
        gpu = capability_text(situation) if situation.capability else "this GPU"
        return Hint(f"a CUDA kernel has no code for {gpu}: CUDA error 209 is cudaErrorNoKernelImageForDevice (no "
                    "kernel image is available for execution on the device), the extension was built for other GPU "
                    "architectures",
                    "build the extension for this GPU's compute capability (TORCH_CUDA_ARCH_LIST, "
                    "CMAKE_CUDA_ARCHITECTURES or the package's own arch list: nvidia-smi --query-gpu=compute_cap "
                    "--format=csv names it), or install a build that carries it",
                    "reasoned from the log: CUDA's error code 209", family="no-kernel-image")
    lacks = _DRIVER_LACKS.search(message) if "Driver missing function" in message else None
    if lacks is not None and lacks["function"] not in _EVERY_DRIVER_HAS:
        return Hint(f"the NVIDIA driver lacks {lacks['function']}, a CUDA driver API function the library calls: the "
                    "driver is older than the CUDA the library needs (an old GPU's last driver, or an old install)",
                    "upgrade the NVIDIA driver (nvidia-smi shows its version and the newest CUDA it supports); where "
                    "the GPU's last driver is too old, an older release of the library that supports that CUDA, or "
                    "another GPU", "reasoned from the log: the library's own check of the driver's functions",
                    family="cuda-driver-too-old")
    if _NVVM_NO_CC in message and failure.raised:
        return Hint("numba's NVVM (the CUDA toolkit's libNVVM numba loaded) reports no compute capability it can "
                    "compile for: the CUDA toolkit numba found and the numba release do not fit (numba's words: "
                    "\"check your cudatoolkit version matches your CUDA version\")",
                    "install the CUDA toolkit (or conda's cudatoolkit / cuda-nvcc) the numba release supports, or a "
                    "numba release that supports the toolkit installed", "reasoned from the log: numba's own words",
                    family="extension-cuda-lib")
    return None


def _xla_kernel(message: str, situation: Situation) -> Hint | None:
    if not ("PTX kernel" in message or "PTX text" in message) or situation.ptxas_cc is None \
            or not _XLA_NO_KERNEL.search(message):
        return None  # without ptxas's own words for the GPU, a missing kernel has other causes (the second reader's)
    gpu = f"this GPU (compute capability {situation.ptxas_cc})"
    return Hint(f"XLA's ptxas (the CUDA toolkit it runs with) does not support {gpu}, and the module it compiled "
                "without it lacks the kernel asked for: the CUDA toolkit predates the GPU",
                "run with a CUDA toolkit that supports the GPU (Ampere 8.6: CUDA 11.1 or newer; Ada 8.9 and Hopper "
                "9.0: 11.8 or newer), e.g. an image built on it, or jaxlib's CUDA wheels that bring their own ptxas",
                "reasoned from the log: XLA's stream executor finding no kernel in the PTX it compiled",
                family="no-kernel-image")


def _extension_package(path: str) -> str | None:
    """The distribution whose site-packages folder holds a Python extension module (``xformers\\_C.pyd``): not
    torch's own (its DLLs of two installs mixed), not a plain DLL (the system's, a CUDA library's, pywin32's)."""
    if not path.lower().endswith(".pyd"):
        return None
    dist = package_folder(path)
    return dist if dist != "torch" else None
