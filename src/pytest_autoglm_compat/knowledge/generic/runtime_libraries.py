"""A CUDA library loaded at run time that is not the one the binary was built for: torch's cuDNN check, and NVRTC
(the CUDA runtime compiler a JIT fuser or CuPy compiles kernels with) that does not know the GPU's architecture.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.version import Version

from ...model.hints import Hint
from ..failure import CUT_TRACEBACK, Failure
from .machine import Situation
from .names import distribution_of, package_frames

#: torch's own check (torch/backends/cudnn/__init__.py, _init; read in torch 2.14.1): "cuDNN version
#: incompatibility: PyTorch was compiled  against (8, 5, 0) but found runtime version (8, 4, 1)" (two spaces, as
#: torch prints it); before torch 1.13 "... but linked against (8, 0, 3)"
_CUDNN = re.compile(r"cuDNN version incompatibility: PyTorch was compiled\s+against \((?P<built>\d+, \d+, \d+)\) but "
                    r"(?:found runtime version|linked against) \((?P<found>\d+, \d+, \d+)\)")
_CUDNN_WORDS = "cuDNN version incompatibility"
#: the same check with cuDNN's version integers, MAJOR*1000 + MINOR*100 + PATCH: torch 1.0 to 1.4 say
#: "incompatibility" (read in the macOS wheels of 1.0.0, 1.2.0, 1.3.0 and 1.4.0; 1.5.0 prints tuples); before 1.0,
#: "mismatch", where the minor version had to match too: "cuDNN version mismatch: PyTorch was compiled against 7102
#: but linked against 7605" (holdout69b: CenterNet#119, faster-rcnn.pytorch#662)
_CUDNN_INTEGERS = re.compile(r"cuDNN version (?P<word>mismatch|incompatibility): PyTorch was compiled against "
                             r"(?P<built>\d{4,5}) but linked against (?P<found>\d{4,5})\b")
_CUDNN_INTEGER_WORDS = "cuDNN version mismatch"
#: MegEngine's check (megdnn's handle.cpp): "cudnn version mismatch: compiled with 8101; detected 8204 at runtime, may
#: caused by customized environment, for example LD_LIBRARY_PATH on LINUX and PATH on Windows!!" (holdout94b:
#: MegEngine_CU11#2, its wheel's own cuDNN passed over for one on PATH)
_CUDNN_DETECTED = re.compile(r"cudnn version mismatch: compiled with (?P<built>\d{4,5}); detected (?P<found>\d{4,5}) "
                             r"at runtime|cuDNN compiled \((?P<built2>\d{4,5})\) and runtime \((?P<found2>\d{4,5})\) "
                             # Caffe2's (common_cudnn.h, under Detectron: holdout112b's Detectron#574)
                             r"versions mismatch")
#: NVRTC refusing the architecture it was asked to compile for: "nvrtc: error: invalid value for --gpu-architecture
#: (-arch)" (torch's JIT fuser, CuPy); nvcc's "Value 'sm_20' is not defined for option 'gpu-architecture'" is a
#: build's flags, not the GPU (the second reader's range_libc#9)
_NVRTC_ARCH = re.compile(r"nvrtc: error: invalid value for --gpu-architecture")
_NVRTC_WORDS = "--gpu-architecture"
# PaddlePaddle's warnings "The installed Paddle is compiled with CUDNN 7.6, but CUDNN version in your machine is 7.4,
# which may cause serious incompatible bug" are read only where nothing fails after them: Paddle prints them on every
# start, whatever fails after (the session-27 second reader's PaintTransformer#12 dies of libcublas); its "CUDA runtime
# version" is the driver's (cudaDriverGetVersion), not read
_PADDLE_CUDNN = re.compile(r"The installed Paddle is compiled with CUDNN (?P<built>\d+(?:\.\d+)*), but CUDNN "
                           r"version in your machine is (?P<found>\d+(?:\.\d+)*)")


#: PaddlePaddle's CPU build asked for a GPU: "Cannot use GPU because you have installed CPU version PaddlePaddle."
#: (holdout68b: PARL#929)
_PADDLE_CPU = "Cannot use GPU because you have installed CPU version PaddlePaddle"
#: its words before 2.0: "Cannot use CUDAPlace in CPU only version" (holdout99b: ERNIE#69, models#2137,
#: PaddleFormers#34)
_PADDLE_CPU_OLD = "Cannot use CUDAPlace in CPU only version"
#: its inference config's words (analysis_config.cc), and fluid's cuda_places assert (holdout111b: PaddleX#1361,
#: PaddleFormers#1166)
_PADDLE_CPU_INFERENCE = "Please compile with gpu to EnableGpu()"
_PADDLE_CPU_PLACES = "Not compiled with CUDA"
#: DGL's CPU build asked for CUDA: "Check failed: allow_missing: Device API cuda is not enabled. Please install the
#: cuda version of dgl." (holdout70b: dgl#5427)
_DGL_CPU = "Please install the cuda version of dgl"
#: mmcv's op registry with no CUDA implementation of an op: "nms_impl: implementation for device cuda:0 not found."
#: (holdout70b: facechain#18): an mmcv built without its CUDA ops (mmcv-lite, a CPU build, another torch's build)
#: (or cut by a terminal's wrap inside the word, "device cu" then "da:0 not found." on the next line: holdout124b's
#: mmrotate#395; no other device's name begins "cu")
_MMCV_NO_CUDA_OP = re.compile(r"(?P<op>\w+)_impl: implementation for device (?:cuda(?::\d+)? not found|cud?a?$)")
#: faiss's GPU classes and functions, which only its GPU build has: "module 'faiss' has no attribute
#: 'StandardGpuResources'", Python 2's "'module' object has no attribute ..." (holdout76b: faiss#990, and
#: deepcluster#56 with faiss-cpu 1.6.1 in its conda list)
_FAISS_GPU_NAME = re.compile(r"(?:module 'faiss(?:\.\w+)*'|^'module' object) has no attribute "
                             r"'(?P<name>StandardGpuResources|GpuIndex\w*|GpuResources\w*|GpuMultipleClonerOptions|"
                             r"GpuClonerOptions|GpuParameterSpace|index_cpu_to_(?:gpu|all_gpus|gpus_list))'")
#: a CUDA library's function looked up through ctypes, which that library lacks: "AttributeError:
#: /usr/local/cuda/lib64/libcusolver.so: undefined symbol: cusolverDnSsyevd_bufferSize" (holdout76b:
#: scikit-cuda#196, CUDA 7.5's cuSOLVER without a function CUDA 8 added)
_CUDA_LIBRARIES = r"cublas(?:Lt)?|cusolver|cufft|curand|cusparse|cudnn|nvrtc|cudart|cutensor"
_CTYPES_SYMBOL = re.compile(rf"^(?P<file>\S*?(?P<lib>lib(?:{_CUDA_LIBRARIES}|nccl))\.so(?:\.[\d.]+)?): undefined "
                            r"symbol: (?P<symbol>\w+)$")
#: a package's own words for a CUDA library it looked for and did not find: "raise OSError('cusolver library not
#: found')" (holdout76b: scikit-cuda#307, CUDA 11.1's cusolver64_11.dll under a name scikit-cuda 0.5.4 did not try)
_LIBRARY_NOT_FOUND = re.compile(rf"(?<![\w-])(?P<lib>CUDA runtime|(?:lib)?(?:{_CUDA_LIBRARIES}))(?: library| shared "
                                r"library| DLL)? (?:was )?not found", re.IGNORECASE)
#: XGBoost's and LightGBM's own words for a build without GPU support asked for the GPU (holdout77b: xgboost#4355,
#: LightGBM#3696, #2070, machine-learning-for-trading#196)
#: JAX's xla_bridge warning (holdout81b: ColabDock#28, cfa-variant-forecasting-2026#20)
_JAXLIB_CPU = "a CUDA-enabled jaxlib is not installed"
#: its words on a TPU machine: "A Google TPU may be present on this machine, but either a TPU-enabled jaxlib or libtpu
#: is not installed. Falling back to cpu." (holdout121b: recml#9)
_JAXLIB_NO_TPU = "a TPU-enabled jaxlib or libtpu is not installed"
#: the JAX CUDA plugin's check of the libraries it loads (jax_plugins/xla_cuda12/__init__.py _version_check): "Unable to
#: load cuSPARSE. Is it installed?" (holdout95b: mujoco_playground#137)
_JAX_LIBRARY = re.compile(r"Unable to load (?P<library>cu[A-Za-z]{2,12}|CUPTI|NCCL|NVRTC)\. Is it installed\?")
_XGBOOST_CPU = "XGBoost version not compiled with GPU support"
#: MXNet's storage manager asked for a GPU context in its CPU build: "src/storage/storage.cc:113: Compile with
#: USE_CUDA=1 to enable GPU usage", before 0.9 "Please compile with CUDA enabled" (holdout95b: TuSimple-DUC#10,
#: hr101_mxnet#9, mxnet#260); its resource manager's "src/resource.cc:70: GPU is not enabled" (holdout104b: mxnet#1694)
_MXNET_CPU = re.compile(r"(?P<flag>Compile with USE_CUDA=1 to enable GPU usage)|Please compile with CUDA enabled"
                        r"|resource\.cc:\d+: GPU is not enabled")
_LIGHTGBM_CPU = re.compile(r"(?P<learner>GPU|CUDA) Tree Learner was not enabled in this build")
#: CUDA's own words for a binary without code for the GPU's architecture, raised by a library other than torch (whose
#: known failure speaks for it): "cudaErrorNoKernelImageForDevice: no kernel image is available for execution on the
#: device" in XGBoost's error (holdout77b: xgboost#8493, a K80 under xgboost 1.6.2)
_NO_KERNEL_IMAGE = ("no kernel image is available for execution on the device", "cudaErrorNoKernelImageForDevice")
_RAISER = re.compile(r"'?(?P<package>[a-z]\w*)(?:\.\w+)*\.[A-Z]\w*(?:Error|Exception): |[\\/]site-packages[\\/]"
                     r"(?P<folder>[a-z]\w*)[\\/]")
#: Horovod's check of a framework extension its install did not build: "Extension horovod.tensorflow has not been
#: built: .../mpi_lib....so not found" and "reinstall Horovod with HOROVOD_WITH_TENSORFLOW=1" (holdout77b: horovod#3877)
_HOROVOD_UNBUILT = re.compile(r"Extension (?P<ext>horovod\.\w+) has not been built")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = (_CUDNN_WORDS, _CUDNN_INTEGER_WORDS, _NVRTC_WORDS, "and runtime (", _PADDLE_CPU, _PADDLE_CPU_OLD, _DGL_CPU,
         _PADDLE_CPU_INFERENCE, _PADDLE_CPU_PLACES, "implementation for device cu", _JAXLIB_NO_TPU)
_ASKED_ARCH = re.compile(r"-arch=(?:compute|sm)_(?P<arch>\d+)")


#: TensorFlow 0.x's stream executor: cuDNN's library not opened, in its two lines ("Couldn't open CUDA library
#: libcudnn.so" from dso_loader.cc, "Unable to load cuDNN DSO" from cuda_dnn.cc: holdout78b's tensorflow#62 with cuDNN
#: v3 where its build wanted v2, holdout32b's tensorflow#5591 with none on the library path)
_TF_CUDNN_DSO = "Unable to load cuDNN DSO"


def cudnn_loaded(failure: Failure) -> Hint | None:
    """torch's check of the cuDNN it loaded against the one it was compiled with; TensorFlow's cuDNN not loaded."""
    message = failure.message
    if _TF_CUDNN_DSO in message:
        return Hint("TensorFlow's GPU build could not load cuDNN: no cuDNN library of the major release it was built "
                    "for (the file name it opens, libcudnn.so.N) is on the library path, none at all or another "
                    "release's",
                    "install the cuDNN release the TensorFlow build names in its install guide (its tested build "
                    "configurations) and put its lib folder on LD_LIBRARY_PATH (or copy it into the CUDA toolkit's "
                    "lib64), or install the TensorFlow build made for the cuDNN installed",
                    "reasoned from the log: TensorFlow's own words for the cuDNN library it did not load",
                    family="extension-cuda-lib")
    detected = (_CUDNN_DETECTED.search(message) if "cudnn version mismatch" in message
                or "versions mismatch" in message else None)
    built, loaded = (detected["built"] or detected["built2"], detected["found"] or detected["found2"]) if detected \
        else ("", "")
    if detected is not None and built != loaded:
        was, now = (".".join(map(str, cudnn_release(int(version)))) for version in (built, loaded))
        return Hint(f"the library was built against cuDNN {was} and the cuDNN loaded at runtime is {now}: "
                    "another cuDNN comes first on the library path (LD_LIBRARY_PATH on Linux, PATH on Windows) than "
                    "the one it was built with or ships",
                    "remove the other cuDNN's folder from LD_LIBRARY_PATH (PATH on Windows) so the library loads its "
                    f"own, or install cuDNN {was} in its place",
                    "reasoned from the log: the library's own check of the cuDNN it loaded",
                    family="extension-cuda-lib")
    found = _CUDNN.search(message) if _CUDNN_WORDS in message else None
    if found is not None:
        built, loaded = (tuple(int(part) for part in found[key].split(", ")) for key in ("built", "found"))
        return _cudnn_hint(built, loaded)
    found = (_CUDNN_INTEGERS.search(message) if _CUDNN_WORDS in message or _CUDNN_INTEGER_WORDS in message
             else None)
    if found is None:
        return None
    built, loaded = (cudnn_release(int(found[key])) for key in ("built", "found"))
    if found["word"] == "mismatch":
        return _cudnn_before_1_0(built, loaded)
    if built[0] == loaded[0] and (loaded[1] == built[1] if built[0] < 7 else loaded[1] >= built[1]):
        return None  # a release the check accepts: not its refusal
    return _cudnn_hint(built, loaded, wheels=False)


def _cudnn_hint(built: tuple[int, ...], loaded: tuple[int, ...], *, wheels: bool = True) -> Hint:
    """``wheels``: torch of the releases that load cuDNN from NVIDIA's wheels (1.13 on); before, a conda or system
    cuDNN, or the one a source build was built against (the session-28 second reader's T2F#6, pytorch#12193)."""
    built_text, loaded_text = (".".join(str(part) for part in version) for version in (built, loaded))
    if loaded[0] != built[0]:
        how = f"of another major version (cuDNN {loaded[0]}, where torch needs {built[0]})"
    elif loaded < built:
        how = "older than that"
    else:
        how = "another release of it"
    where = ("(a pip-installed torch loads the nvidia-cudnn-cu1x wheel: pip check names a pin that moved it)"
             if wheels else f"(conda install cudnn={built[0]}.{built[1]}; a torch built from source: build it again "
             "against the cuDNN installed)")
    return Hint(
        f"torch was built against cuDNN {built_text} and the cuDNN library loaded is {loaded_text}, {how}: another "
        "cuDNN than the one torch was built for is loaded (a folder on LD_LIBRARY_PATH, a system or conda cuDNN"
        + (", or an nvidia-cudnn wheel another package's pin moved)" if wheels else ")"),
        f"let torch load a cuDNN it was built for: remove the other cuDNN's folder from LD_LIBRARY_PATH (echo "
        f"$LD_LIBRARY_PATH shows it), or install cuDNN {built[0]}.{built[1]} or a newer {built[0]}.x in its place "
        + where,
        "reasoned from the log: torch's own cuDNN check (torch/backends/cudnn/__init__.py: the major versions must "
        "match, and from cuDNN 7 the loaded minor version must be at least the one torch was built with)",
        family="extension-cuda-lib")


def _cudnn_before_1_0(built: tuple[int, int, int], loaded: tuple[int, int, int]) -> Hint | None:
    """torch's check before 1.0, which asks the loaded cuDNN for the very major and minor release torch was built
    with."""
    if built[:2] == loaded[:2]:
        return None  # not this check's refusal
    built_text, loaded_text = (".".join(str(part) for part in version) for version in (built, loaded))
    return Hint(
        f"torch was built against cuDNN {built_text} and the cuDNN library loaded is {loaded_text}: this check (torch "
        "before 1.0) accepts only a cuDNN of the major and minor release torch was built with, and another cuDNN "
        "comes first on the library path (a system or conda cuDNN, a folder on LD_LIBRARY_PATH)",
        f"let torch load cuDNN {built[0]}.{built[1]}: remove the other cuDNN's folder from LD_LIBRARY_PATH (echo "
        f"$LD_LIBRARY_PATH shows it) or install cuDNN {built[0]}.{built[1]} in its place (conda install "
        f"cudnn={built[0]}.{built[1]}), or install a newer torch, which brings its own cuDNN; a torch built from "
        "source: build it again against the cuDNN installed",
        "reasoned from the log: torch's own cuDNN check before 1.0 (torch/backends/cudnn/__init__.py: the major and "
        "the minor version must match; versions are MAJOR*1000 + MINOR*100 + PATCH)",
        family="extension-cuda-lib")


def cudnn_release(number: int) -> tuple[int, int, int]:
    """cuDNN's version integer as (major, minor, patch): MAJOR*1000 + MINOR*100 + PATCH before cuDNN 9."""
    return number // 1000, number % 1000 // 100, number % 100


def nvrtc_arch(failure: Failure) -> Hint | None:
    """NVRTC of the CUDA a package runs with does not take the GPU's architecture: a GPU newer than that CUDA (or,
    rarely, older than the oldest it still builds for)."""
    found = _NVRTC_ARCH.search(failure.message) if _NVRTC_WORDS in failure.message else None
    if found is None:
        return None
    asked = _ASKED_ARCH.search(failure.message)
    arch = asked["arch"] if asked is not None else None
    gpu = f"this GPU's architecture (compute_{arch})" if arch else "this GPU's architecture"
    return Hint(
        f"NVRTC, the runtime compiler of the CUDA the code runs with, does not know {gpu}: the GPU is newer than that "
        "CUDA release (an Ampere sm_86 card under CUDA 11.0's NVRTC, a Turing card under CUDA 8), or older than the "
        "oldest architecture it still compiles for (a Fermi card under CUDA 9)",
        "use a build of the package for a CUDA release that knows this GPU (for torch: a newer torch, whose CUDA "
        "knows it; for CuPy: the cupy-cudaXXx wheel of a newer CUDA), or, for a GPU older than the CUDA supports, a "
        "build for an older CUDA",
        "reasoned from the log: NVRTC's own error for an architecture its CUDA release does not take",
        family="binary-mismatch")


#: a C++ extension's AT_ERROR where its CUDA branch was not compiled (maskrcnn_benchmark and its forks, FCOS,
#: mmdetection 1.x; torch_scatter's and torch_cluster's "CUDA support", NKSR#21): "Not compiled with GPU support
#: (RROIAlign_forward at .../csrc/RROIAlign.h:20)" (holdout71b: remote_sensing_object_detection_2019#14)
_NOT_COMPILED_WITH_GPU = re.compile(r"Not compiled with (?:GPU|CUDA) support"
                                    r"(?: \((?P<op>\w+) at (?P<file>[^\s:()]{1,300})(?::\d+)?\))?")


#: a package's JIT build of its CUDA code finding no toolkit: "gsplat: No CUDA toolkit found. gsplat will be disabled."
#: (holdout72b: gsplat#249)
_NO_TOOLKIT = re.compile(r"(?P<package>[\w-]{1,100}): No CUDA toolkit found")
#: ONNX Runtime's InferenceSession asked for a GPU provider its build lacks (holdout79b: animatediff-cli-prompt-travel
#: #206, onnxruntime 1.16.1 beside onnxruntime-gpu 1.16.1, pulled in by rembg)
_ORT_PROVIDER_MISSING = re.compile(r"Specified provider '(?P<provider>CUDAExecutionProvider|TensorrtExecutionProvider|"
                                   r"ROCMExecutionProvider)' is not in available provider"
                                   # optimum's words for the same (holdout120b: pix2text#132)
                                   r"|Asked to use (?P<provider2>CUDAExecutionProvider|TensorrtExecutionProvider|"
                                   r"ROCMExecutionProvider) as an ONNX Runtime execution provider, but the available "
                                   r"execution providers are \[(?P<available>[^\]\n]{0,300})\]")


def cpu_build_words(failure: Failure, situation: Situation) -> Hint | None:
    """PaddlePaddle's, DGL's and mmcv's own words for their CPU build asked for a GPU; faiss's CPU build without its
    GPU classes (not where its loader said the GPU part failed to load)."""
    cudnn = _PADDLE_CUDNN.search(failure.message) if "but CUDNN version in your machine is" in failure.message else None
    if cudnn is not None and Version(cudnn["found"]) < Version(cudnn["built"]):
        # told only where nothing fails after it (notices: Paddle prints it at every start, whatever fails next)
        built, found = cudnn["built"], cudnn["found"]
        return Hint(f"the installed PaddlePaddle was built with cuDNN {built}, and the cuDNN this machine loads is "
                    f"{found}, older: Paddle's kernels ask for what that cuDNN lacks",
                    f"install cuDNN {built} (its lib or bin folder first on LD_LIBRARY_PATH, or PATH on Windows), or "
                    f"the paddlepaddle-gpu build made for cuDNN {found} (the install guide's table names it)",
                    "reasoned from the log: PaddlePaddle's own check of the cuDNN it loads (holdout120b: "
                    "Paddle#37349)", family="extension-cuda-lib")
    unbuilt_ext = _HOROVOD_UNBUILT.search(failure.message) if "has not been built" in failure.message else None
    if unbuilt_ext is not None:
        framework = unbuilt_ext["ext"].partition(".")[2]
        variable = f"HOROVOD_WITH_{framework.upper()}"
        return Hint(f"Horovod was installed without its {framework} extension ({unbuilt_ext['ext']}): its build "
                    f"skipped it or failed (no {framework} importable when Horovod was built, or a compiler or MPI "
                    "error)",
                    f"reinstall Horovod with the extension required, so that its build error shows: pip uninstall "
                    f"horovod; {variable}=1 pip install --no-cache-dir horovod (with {framework} installed first)",
                    "reasoned from the log: Horovod's own check of its extensions", family="extension-build")
    asks_provider = any(words in failure.message for words in ("is not in available provider",
                                                               "as an ONNX Runtime execution"))
    provider = _ORT_PROVIDER_MISSING.search(failure.message) if asks_provider else None
    listed = set(re.findall(r"\w+ExecutionProvider", provider["available"] or "")) if provider is not None else set()
    if listed - {"CPUExecutionProvider", "AzureExecutionProvider"}:
        provider = None  # optimum lists a GPU provider among those available (DirectML's, CoreML's): not the CPU build
    if provider is not None:
        asked = provider["provider"] or provider["provider2"]
        return Hint(f"the onnxruntime imported has no {asked}: it is a build without GPU providers (the "
                    "CPU package onnxruntime; where onnxruntime-gpu is installed too, the CPU package shadows it: both "
                    "install the one onnxruntime module, and the last installed wins)",
                    "pip uninstall -y onnxruntime onnxruntime-gpu, then pip install onnxruntime-gpu (the release built "
                    "for the installed CUDA and cuDNN, per ONNX Runtime's CUDA execution provider requirements); "
                    "a package that requires onnxruntime (the CPU one) will pull it in again",
                    "reasoned from the log: ONNX Runtime's own warning of a provider its build does not have",
                    family="torch-not-cuda")
    jax_library = (_JAX_LIBRARY.search(failure.message) if "Is it installed?" in failure.message
                   and situation.jax_cuda_plugin else None)
    if jax_library is not None:
        library = jax_library["library"]
        return Hint(f"JAX's CUDA plugin could not load {library}, one of the NVIDIA libraries it needs: its wheel "
                    "(nvidia-*-cu12) is missing or broken, or another copy comes first on the library path "
                    "(LD_LIBRARY_PATH), so JAX falls back to the CPU",
                    "reinstall JAX with its CUDA extras so the NVIDIA library wheels come with it (pip uninstall jax "
                    "jaxlib jax-cuda12-plugin jax-cuda12-pjrt; pip install -U \"jax[cuda12]\"), and take other CUDA "
                    "folders off LD_LIBRARY_PATH",
                    "reasoned from the log: the JAX CUDA plugin's own check of its libraries",
                    family="extension-cuda-lib")
    mxnet = _MXNET_CPU.search(failure.message) if "USE_CUDA=1" in failure.message or "compile with CUDA" in \
        failure.message or "GPU is not enabled" in failure.message else None
    if mxnet is not None and (  # MXNet in sight: the words alone are a CMake project's too (the session-35 reader)
            "MXNet" in failure.types[0] or failure.types[0].startswith("mxnet.") or "storage.cc" in failure.message
            or "dmlc" in failure.message or "resource.cc" in failure.message
            or any(f.startswith("mxnet") for f in failure.frames or ())):
        return Hint("the installed MXNet is a build without CUDA (PyPI's mxnet wheel is the CPU one; its GPU builds "
                    "are the mxnet-cuXYZ wheels), so the GPU context the code asks for does not exist for it",
                    "pip uninstall mxnet, then pip install the mxnet-cuXYZ wheel of the CUDA the driver supports (e.g. "
                    "mxnet-cu112), or build MXNet with USE_CUDA=1; or run on mx.cpu()",
                    "reasoned from the log: MXNet's own words for its CPU build", family="torch-not-cuda")
    if _JAXLIB_CPU in failure.message and situation.jax_cuda_plugin:
        return None  # the plugin is there and failed to start: its own failure above says why
    if _JAXLIB_CPU in failure.message:
        return Hint("the installed jaxlib is its CPU-only build (what pip install jax installs), so JAX does not use "
                    "the NVIDIA GPU and runs on the CPU",
                    "install JAX's CUDA build for the driver's CUDA: pip install -U \"jax[cuda12]\" (jax[cuda13] for "
                    "a CUDA 13 driver; on Linux x86-64 or aarch64, where they are published)",
                    "reasoned from the log: JAX's own warning of a CPU-only jaxlib", family="torch-not-cuda")
    if _JAXLIB_NO_TPU in failure.message:
        return Hint("JAX found a Google TPU but no TPU support to drive it (the installed jaxlib has none, or libtpu "
                    "is missing), so it runs on the CPU",
                    "on the TPU machine, install JAX with its TPU extras, which bring libtpu: pip install -U "
                    "\"jax[tpu]\"", "reasoned from the log: JAX's own warning of a jaxlib without TPU support",
                    family="torch-not-cuda")
    if _XGBOOST_CPU in failure.message:
        return Hint("the installed XGBoost was built without GPU support (a CPU-only build: xgboost-cpu, a source "
                    "build without -DUSE_CUDA=ON, or a platform whose wheels carry no CUDA), and the code asks it for "
                    "the GPU (tree_method gpu_hist, device cuda)",
                    "install XGBoost's CUDA build (PyPI's xgboost wheels for Linux x86_64 and Windows carry it; conda "
                    "install -c conda-forge py-xgboost-gpu; elsewhere build it with -DUSE_CUDA=ON), or train on the "
                    "CPU (tree_method hist)",
                    "reasoned from the log: XGBoost's own words for a build without GPU support",
                    family="torch-not-cuda")
    lightgbm = _LIGHTGBM_CPU.search(failure.message) if "Tree Learner" in failure.message else None
    if lightgbm is not None:
        # PyPI's wheels carry the OpenCL learner on Windows, and on Linux from LightGBM 4 (its README at 3.3.5 and
        # 4.4.0), never the CUDA one
        gpu = lightgbm["learner"] == "GPU"
        option, device = ("USE_GPU", "gpu") if gpu else ("USE_CUDA", "cuda")
        built = ("a source or conda build without it, or a PyPI wheel from before LightGBM 4 on Linux" if gpu else
                 "PyPI's wheels never carry it")
        wheel = ("install a PyPI wheel that carries it (pip install --upgrade lightgbm on Windows, or LightGBM>=4 on "
                 "Linux; the GPU driver's OpenCL runtime is needed), or " if gpu else "")
        return Hint(f"the installed LightGBM was built without its {lightgbm['learner']} tree learner ({built}), and "
                    f"the code asks for device='{device}'",
                    f"{wheel}build LightGBM with it, as its message says (CMake option -D{option}=1; with pip: pip "
                    f"install lightgbm --no-binary lightgbm --config-settings=cmake.define.{option}=ON), or train on "
                    "the CPU (device='cpu')",
                    "reasoned from the log: LightGBM's own words for a build without the learner",
                    family="torch-not-cuda")
    faiss = (_FAISS_GPU_NAME.search(failure.message)
             if failure.is_a("builtins.AttributeError") and not situation.faiss_gpu_failed else None)
    if faiss is not None:
        # faiss publishes its GPU build for Linux only (conda's faiss-gpu, PyPI's faiss-gpu-cu12: the session-31
        # second reader's faiss#3656, on Windows)
        get = ("no GPU build of faiss is published for Windows: build it from source with -DFAISS_ENABLE_GPU=ON, or "
               "run under WSL2 with the Linux build" if situation.windows else
               "install faiss's GPU build for the installed CUDA in its place (pip uninstall faiss-cpu, which shadows "
               "faiss-gpu where both are installed; conda install -c pytorch -c nvidia faiss-gpu, or pip install "
               "faiss-gpu-cu12 for CUDA 12)")
        return Hint(f"the faiss imported has no GPU part, so no {faiss['name']}: a CPU build (faiss-cpu, also where it "
                    "shadows an installed faiss-gpu, or a conda faiss without GPU support), or a GPU build whose GPU "
                    "part did not load",
                    f"{get}, or keep the index on the CPU",
                    "reasoned from the log: a GPU class of faiss's missing from the faiss imported",
                    family="torch-not-cuda")
    if _DGL_CPU in failure.message:
        return Hint("the installed DGL is its CPU build, and the code asks it for CUDA (a graph or tensor moved to the "
                    "GPU): DGL's own check says so",
                    "install DGL's CUDA build for the torch and CUDA installed in its place (pip uninstall dgl, then "
                    "pip install dgl -f https://data.dgl.ai/wheels/cu<XY>/repo.html, the link DGL's install page gives "
                    "for this torch), or run on the CPU",
                    "reasoned from the log: DGL's own words for its CPU build", family="torch-not-cuda")
    op = _MMCV_NO_CUDA_OP.search(failure.message) if "implementation for device cu" in failure.message else None
    if op is not None:
        return Hint(f"mmcv has no CUDA implementation of its {op['op']} op: the installed mmcv was built without its "
                    "CUDA ops (mmcv-lite, or a build for the CPU or for another torch and CUDA than those installed)",
                    "install the full mmcv built for this torch and CUDA (pip uninstall mmcv mmcv-lite; mim install "
                    "mmcv, or pip install mmcv -f the index mmcv's install page gives for them, "
                    "https://download.openmmlab.com/mmcv/dist/cu<XY>/torch<X.Y>/index.html), or run the op on the CPU",
                    "reasoned from the log: mmcv's op registry, which has no CUDA implementation of the op",
                    family="torch-not-cuda")
    unbuilt = _NOT_COMPILED_WITH_GPU.search(failure.message) if "Not compiled with " in failure.message else None
    if unbuilt is not None:
        source = f" ({unbuilt['op']} in {unbuilt['file']})" if unbuilt["op"] else ""
        return Hint(f"the compiled extension was built without its CUDA code{source}: its build did not see CUDA (no "
                    "nvcc or CUDA_HOME, or torch.cuda unavailable where it was built), so its GPU ops raise",
                    "install its CUDA build for the torch and CUDA installed (a prebuilt wheel from the index its "
                    "install guide names for them), or build it again where CUDA is visible (CUDA_HOME set, nvcc on "
                    "PATH; FORCE_CUDA=1 python setup.py build develop, or pip install --no-build-isolation), with a "
                    "CUDA build of torch",
                    "reasoned from the log: the extension's own words for a build without its CUDA code",
                    family="torch-not-cuda")
    toolkit = _NO_TOOLKIT.search(failure.message) if "No CUDA toolkit found" in failure.message else None
    if toolkit is not None:
        package = toolkit["package"]
        return Hint(f"{package} builds its CUDA code on this machine when first used, and found no CUDA toolkit "
                    "(nvcc, CUDA_HOME): its GPU part is disabled",
                    f"install the CUDA toolkit of the torch's CUDA release (nvcc --version; conda install -c nvidia "
                    f"cuda-toolkit, or the system's) and set CUDA_HOME, or install a prebuilt wheel of {package} for "
                    "this torch and CUDA",
                    f"reasoned from the log: {package}'s own words for a CUDA toolkit it did not find",
                    family="extension-build")
    # fluid's own cuda_places raising, not any assert under a paddle frame (a custom op's: the session-37 second reader)
    inner = failure.frames[-1] if failure.frames else ""
    paddle_places = (failure.message.strip().strip("\"'") == _PADDLE_CPU_PLACES and inner.startswith("paddle.")
                     and inner.endswith(":cuda_places"))
    if (_PADDLE_CPU in failure.message or _PADDLE_CPU_OLD in failure.message or paddle_places
            or _PADDLE_CPU_INFERENCE in failure.message):
        return Hint("the installed PaddlePaddle is its CPU build (the paddlepaddle package), and the code asks it "
                    "for a GPU (CUDAPlace)",
                    "install the GPU build for this machine's CUDA in its place (pip uninstall paddlepaddle; pip "
                    "install paddlepaddle-gpu, the release and CUDA of paddlepaddle.org.cn's selector), or run on the "
                    "CPU (CPUPlace(), or CUDA_VISIBLE_DEVICES=\"\")",
                    "reasoned from the log: PaddlePaddle's own words for its CPU build", family="torch-not-cuda")
    return None


def cuda_library_lacks(failure: Failure) -> Hint | None:
    """A CUDA library that lacks a function ctypes looks up in it, or that a package's own check did not find."""
    who = _innermost_package(failure) or "the code"
    symbol = _CTYPES_SYMBOL.search(failure.message) if failure.is_a("builtins.AttributeError") else None
    if symbol is not None:
        # cuDNN and NCCL are released apart from CUDA, and a newer one may have removed the function (cuDNN R2 removed
        # R1's API: the session-31 second reader's cudnn-python-wrappers#6)
        line = {"libcudnn": "cuDNN", "libnccl": "NCCL", "libcutensor": "cuTENSOR"}.get(symbol["lib"], "CUDA")
        return Hint(f"{who} looks up {symbol['symbol']} in {symbol['file']} (through ctypes), and that library has no "
                    f"such function: it is a {line} release other than the one {who} binds to (older, or newer with "
                    "the function removed)",
                    f"install the {line} release {who} supports (one whose {symbol['lib']} has {symbol['symbol']}) and "
                    "put its lib directory first on LD_LIBRARY_PATH, or use a release of "
                    f"{who} written for the {line} installed",
                    "reasoned from the log: ctypes' lookup of the function in the CUDA library it loaded",
                    family="extension-cuda-lib")
    # an exception raised (a cut traceback's raise statement too), not a build's warning that goes on without it
    # ("cuDNN not found. Compiling without cuDNN support": the session-31 second reader's case); JAX's own words for
    # its CUDA wheels are another story (a CUDA toolkit on LD_LIBRARY_PATH shadows them: jax#29843)
    raised = (failure.raised or failure.types == (CUT_TRACEBACK,)) and not failure.is_a("builtins.Warning")
    missing = _LIBRARY_NOT_FOUND.search(failure.message) if raised and "not found" in failure.message else None
    if (missing is None or failure.is_a("builtins.AttributeError") or failure.is_a("builtins.ModuleNotFoundError")
            or who.startswith("jax")):
        return None
    library = "cudart" if missing["lib"].lower() == "cuda runtime" else missing["lib"]
    return Hint(f"{who} looked for CUDA's {library} library and found none under the names it tries: the CUDA toolkit "
                "(or that library) is not installed where it looks, or is a release whose file names it does not "
                "know (on Windows the DLL's name carries CUDA's version: cusolver64_11.dll)",
                f"install a CUDA toolkit release {who} supports, with its library folder on PATH (Windows) or "
                f"LD_LIBRARY_PATH; or a release of {who} that knows the installed CUDA's library names",
                f"reasoned from the log: {who}'s own words for a CUDA library it did not find",
                family="extension-cuda-lib")


def kernel_image_missing(failure: Failure, capability: str) -> Hint | None:
    """CUDA's words for a binary without code for the GPU, raised in a library other than torch. ``capability``: the
    GPU the log shows ("Tesla K80, compute capability 3.7"), or ""."""
    if not any(words in failure.message for words in _NO_KERNEL_IMAGE):
        return None
    raiser = _RAISER.search(failure.message)
    package = (raiser["package"] or raiser["folder"]) if raiser else _innermost_package(failure)
    if package is None or package in ("torch", "builtins"):
        return None  # torch's own known failure speaks for it; no package named: kernel_image_unowned, the last word
    gpu = f" ({capability})" if capability else ""
    return Hint(f"{package}'s compiled CUDA code has no kernel for this GPU's architecture{gpu}: the GPU is older (or "
                f"newer) than the architectures the installed {package} build carries",
                f"install a build of {package} that carries this GPU's architecture (an older release for an old GPU, "
                f"a build for a newer CUDA for a new one: its release notes list them), or build {package} from source "
                "for this GPU (CMAKE_CUDA_ARCHITECTURES), or run on a GPU its build supports",
                f"reasoned from the log: CUDA's own words for a binary without the GPU's architecture, raised in "
                f"{package}", family="no-kernel-image")


def _innermost_package(failure: Failure) -> str | None:
    """The distribution whose code the innermost package frame runs (None: no package's frame is shown)."""
    inner = package_frames(failure.frames, failure.packages)[-1:]
    return distribution_of(inner[0].partition(":")[0]) if inner else None


def kernel_image_unowned(failure: Failure, capability: str) -> Hint | None:
    """CUDA's words for a binary without code for the GPU where nothing names whose binary it is: the last reading
    tried (another that names the package or the runtime's own error says more)."""
    if not any(words in failure.message for words in _NO_KERNEL_IMAGE) or failure.types[0].startswith("builtins."):
        return None  # a builtin type's the known failures read (a warning, an Exception of the program's quoting them)
    gpu = f" ({capability})" if capability else ""
    # CUDA's words say what went wrong, not whose build: an exception type of the program's own around them
    # (holdout86b: NanoAvatar#2, "CUDAExecutionError" over "cudaErrorNoKernelImageForDevice"); every one of the
    # corpus's 181 logs with these words is a binary without the GPU's architecture
    return Hint(f"compiled CUDA code this program ran has no kernel for this GPU's architecture{gpu}: the GPU is "
                "older (or newer) than the architectures that library's build carries; the log does not show "
                "whose build it is",
                "find the library whose kernel failed (CUDA_LAUNCH_BLOCKING=1 makes the traceback point at it) and "
                "install a build of it that carries this GPU's architecture (compare nvidia-smi --query-gpu=name,"
                "compute_cap --format=csv with the architectures its release notes list), or build it from source "
                "for this GPU, or run on a GPU its build supports",
                "reasoned from the log: CUDA's own words for a binary without the GPU's architecture",
                family="no-kernel-image")
