"""Libraries' own words for a release around them that does not fit: XLA missing CUDA's libdevice, JAX's CUDA plugin
loading no CUDA library, ptxcompiler refusing a numba.

(Open MPI 4's removed MPI-1 names, THIS_SYMBOL_WAS_REMOVED_IN_MPI30, are not read: mpi4py's own _configtest.c probes
them and fails on purpose while its build goes on, and the log's line does not say which file it compiled: the
session-37 third second reader's look-alikes.)

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..digits import dotted
from ..failure import Failure

#: XLA looking for CUDA's libdevice (the CUDA toolkit's nvvm/libdevice/libdevice.10.bc): "INTERNAL: libdevice not found
#: at ./libdevice.10.bc" (holdout114b: jaxlib-feedstock#288)
_LIBDEVICE = re.compile(r"libdevice not found at (?P<path>\S{1,300}libdevice\.10\.bc)")
#: jaxlib's CUDA plugin (versions_helpers.cc) loading no CUDA library: "operation cudaRuntimeGetVersion(&version)
#: failed: Error loading CUDA libraries. GPU will not be used." (holdout114b: nixpkgs#375186)
_JAX_CUDA_LIBRARIES = "Error loading CUDA libraries. GPU will not be used"
#: ptxcompiler's patch for numba refusing a numba that has the fix itself: "Cannot patch Numba: version 0.57.0 should
#: not be patched. Set the environment variable NUMBA_CUDA_ENABLE_MINOR_VERSION_COMPATIBILITY=1 instead."
#: (holdout114a: morpheus-experimental#48; ptxcompiler#32)
_PTXCOMPILER = re.compile(r"Cannot patch Numba: version (?P<numba>\d[\w.]*) should not be patched")
#: nvlink refusing kernels a newer CUDA compiled: "nvlink fatal   : Input file '/tmp/...cubin' newer than toolkit
#: (118 vs 114)" (holdout120b: dreamerv3#64, XLA linking with the local CUDA 11.4 toolkit kernels jaxlib's CUDA 11.8
#: made)
_NEWER_THAN_TOOLKIT = re.compile(r"newer than toolkit \((?P<made>\d{2,3}) vs ?(?P<toolkit>\d{2,3})\)")
#: cuDF's kernels' own words for a GPU older than it is built for: "This cuDF installation is missing the necessary PTX
#: files that are <=50" (holdout121b: cuml#5484; its GPU check's warning is gpu_floors')
_RAPIDS_PTX = re.compile(r"This (?P<lib>\w+) installation is missing the necessary PTX files that are "
                         r"<=(?P<cc>\d{2,3})")
#: PaddlePaddle's check of the cuDNN it loads against the headers it was built with: "[cudnn init] libcudnn v7 with
#: header v5 unmatched!" (holdout121b: PaddleSpeech#194)
_CUDNN_HEADER = re.compile(r"libcudnn v(?P<lib>\d+) with header v(?P<header>\d+) unmatched")
#: TensorFlow's configure (third_party/gpus/find_cuda_config): "Cuda Configuration Error: Cannot find cuda library
#: libcublas.so.10.1" (holdout122b: docker-devel-env#11)
_TF_CUDA_CONFIG = re.compile(r"Cuda Configuration Error: Cannot find cuda library (?P<lib>lib\w+\.so[\d.]*)")
#: a library's own check of another's version: onnxmltools' "ONNX version conflict found. The installed version is 1.2
#: while the targeted version is 1.1.2" (holdout123a: onnxmltools#55)
_VERSION_CONFLICT = re.compile(r"(?P<what>[A-Za-z][\w-]{0,40}) version conflict found\. The installed version is "
                               r"(?P<found>\d[\w.]{0,20}) while the targeted version is (?P<need>\d[\w.]{0,20})")
#: ONNX Runtime's loader on Windows: 'Error loading "...\\onnxruntime_providers_cuda.dll" which depends on
#: "cublasLt64_12.dll" which is missing.' (holdout123b: Wan2GP#1513, only CUDA 13 installed)
_DEPENDS_MISSING = re.compile(r'Error loading "(?P<dll>[^"\n]{1,300}?\.dll)" which depends on '
                              r'"(?P<dep>[\w.-]{1,80}\.dll)" which is missing')
WORDS = ("DLL load", "libdevice not found at", _JAX_CUDA_LIBRARIES, "Cannot patch Numba", "newer than toolkit (",
         "missing the necessary PTX files", "with header v",
         "Cuda Configuration Error", "version conflict found", "which is missing")


def library_checks(failure: Failure) -> Hint | None:
    """The answer these libraries' own words give (None where none of them is there)."""
    message = failure.message
    if not any(words in message for words in WORDS):
        return None
    conflict = _VERSION_CONFLICT.search(message) if "version conflict found" in message else None
    if conflict is not None and conflict["found"] != conflict["need"]:
        what, found, need = conflict["what"], conflict["found"], conflict["need"]
        return Hint(f"the package's own check targets {what} {need}, and the installed {what} is {found}: the two are "
                    "from releases that do not fit",
                    f"install {what} {need} (pip install \"{what.lower()}=={need}\"), or a release of the package that "
                    f"targets {what} {found}",
                    "reasoned from the log: the package's own version check", family="version-guard")
    depends = _DEPENDS_MISSING.search(message) if "which depends on" in message else None
    if depends is not None:
        dll, dep = depends["dll"].replace("\\", "/").rpartition("/")[2], depends["dep"]
        major = re.search(r"64_(\d{2})\.dll$", dep)
        cuda = f" (CUDA {major[1]}'s)" if major else ""
        return Hint(f"Windows cannot load {dll}: it depends on {dep}{cuda}, which is not installed or not on PATH",
                    f"install the CUDA{' ' + major[1] if major else ''} runtime libraries it names (the toolkit, or "
                    "the nvidia-*-cu" + (major[1] if major else "XX") + " wheels) with their bin folder on PATH, or "
                    "the build of the package made for the CUDA installed",
                    "reasoned from the log: the loader's words for the DLL a library depends on",
                    family="extension-dll-load")
    ptx = _RAPIDS_PTX.search(message) if "missing the necessary PTX files" in message else None
    if ptx is not None:
        cc = dotted(ptx['cc'])
        return Hint(f"the installed {ptx['lib']} has no code for GPUs of compute capability {cc} or lower, as its own "
                    "words say: this GPU is older than the architectures the release is built for",
                    "run on a newer GPU (RAPIDS releases need Pascal, compute capability 6.0, or newer), or a release "
                    "built for this GPU's architecture", "reasoned from the log: the library's own words for the PTX "
                    "it lacks", family="no-kernel-image")
    header = _CUDNN_HEADER.search(message) if "with header v" in message else None
    if header is not None and header["lib"] != header["header"]:
        return Hint(f"the library was built against cuDNN {header['header']}'s headers, and the cuDNN it loads at run "
                    f"time is {header['lib']}: its own check refuses the pair",
                    f"load the cuDNN {header['header']} it was built for (its lib folder first on LD_LIBRARY_PATH), or "
                    f"install the build made for cuDNN {header['lib']}",
                    "reasoned from the log: the library's own check of the cuDNN it loads", family="extension-cuda-lib")
    configured = _TF_CUDA_CONFIG.search(message) if "Cuda Configuration Error" in message else None
    if configured is not None:
        library = configured["lib"]
        return Hint(f"TensorFlow's build configuration looks for {library} in the CUDA paths it was given and does not "
                    "find it: that CUDA library is not installed there, or is of another version",
                    "install the CUDA library of that version, or point the configuration at where it is "
                    "(TF_CUDA_PATHS, CUDA_TOOLKIT_PATH; cuBLAS 10.1 and later install outside the toolkit's folder, "
                    "under /usr/lib/x86_64-linux-gnu), or build for the CUDA version installed (TF_CUDA_VERSION)",
                    "reasoned from the log: TensorFlow's configure script's own words", family="extension-cuda-lib")
    newer = _NEWER_THAN_TOOLKIT.search(message) if "newer than toolkit (" in message else None
    if newer is not None:
        made, toolkit = (dotted(n) for n in (newer["made"], newer["toolkit"]))
        return Hint(f"the CUDA toolkit whose nvlink links the kernels is CUDA {toolkit}, older than the CUDA {made} "
                    "that compiled them: a library built for the newer CUDA (jaxlib, XLA) links with the toolkit it "
                    "finds on this machine (PATH, CUDA_HOME)",
                    f"install CUDA {made} or newer and put its bin first on PATH (or point CUDA_HOME and XLA_FLAGS="
                    f"--xla_gpu_cuda_data_dir at it), or install the library's build for CUDA {toolkit}",
                    "reasoned from the log: nvlink's own words for a kernel file newer than its toolkit",
                    family="extension-cuda-lib")
    inner = failure.frames[-1] if failure.frames else ""
    if (failure.is_a("builtins.ImportError") and message.strip() in ("DLL load", "DLL load failed")
            and inner == "torch.utils.cpp_extension:_import_module_from_library"):
        # Windows' words cut after their head, where torch's JIT loads the extension it just built (holdout114b:
        # SparseShiftLayer#2)
        return Hint("Windows could not load the extension torch's cpp_extension had just built (DLL load failed): a "
                    "DLL it links is not found where Windows looks (the CUDA runtime of torch's CUDA release, or "
                    "the MSVC runtime)",
                    "put the bin folder of the CUDA toolkit the extension was built with on PATH (or "
                    "os.add_dll_directory it before the load), install the Visual C++ redistributable, or use a "
                    "prebuilt wheel of the package",
                    "reasoned from the log: the Windows loader's words, raised where torch.utils.cpp_extension "
                    "imports the module it built", family="extension-dll-load")
    libdevice = _LIBDEVICE.search(message)
    if libdevice is not None:
        return Hint("XLA (the GPU compiler of jaxlib and TensorFlow) did not find CUDA's libdevice.10.bc, which "
                    "the CUDA toolkit's nvvm component ships: the CUDA installation it looks in lacks it, or is not "
                    "the one it searches",
                    "point XLA at a CUDA install that has nvvm/libdevice (XLA_FLAGS=--xla_gpu_cuda_data_dir=<the CUDA "
                    "directory, e.g. /usr/local/cuda>), or install the CUDA toolkit's nvvm component (for jax: pip "
                    "install 'jax[cuda12]', whose nvidia-cuda-nvcc wheel ships it; conda's cuda-nvcc)",
                    "reasoned from the log: XLA's own error for the libdevice it did not find",
                    family="extension-cuda-lib")
    if _JAX_CUDA_LIBRARIES in message:
        return Hint("jaxlib's CUDA plugin could not load the CUDA libraries it needs (the CUDA runtime, and cuDNN, "
                    "cuBLAS beside it): they are not installed where it looks, so JAX runs on the CPU",
                    "install the CUDA libraries the plugin was built for (pip install -U 'jax[cuda12]', whose "
                    "nvidia-* wheels carry them), or put a matching CUDA's and cuDNN's libraries on LD_LIBRARY_PATH",
                    "reasoned from the log: jaxlib's own check of the CUDA runtime's version (versions_helpers.cc)",
                    family="extension-cuda-lib")
    refused = _PTXCOMPILER.search(message)
    if refused is not None:
        numba = refused["numba"]
        return Hint(f"ptxcompiler's patch for numba refuses numba {numba}, which no longer needs it (numba 0.57 has "
                    "CUDA minor version compatibility of its own): the ptxcompiler (or cudf) release installed "
                    f"predates numba {numba} in this environment",
                    "set NUMBA_CUDA_ENABLE_MINOR_VERSION_COMPATIBILITY=1 (as the message says), or install cudf and "
                    f"ptxcompiler releases made for numba {numba}, or pin numba below 0.57",
                    "reasoned from the log: ptxcompiler's own check of numba's version (ptxcompiler#32)",
                    family="version-guard")
    return None
