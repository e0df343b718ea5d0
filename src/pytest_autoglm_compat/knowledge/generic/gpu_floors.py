"""A GPU, driver or CUDA library outside what a library or its compiler supports, in their own words: cuDNN's
architecture status, a library's check of the compute capability, LLVM's NVPTX target not knowing the GPU, Theano's
check of the driver, TensorRT's CUDA libraries of another release than it was built against.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

#: cuDNN's status for a function that needs a feature the GPU lacks: its architecture is below cuDNN's floor (a Fermi,
#: compute capability 2.x, never had cuDNN: holdout89b's chainer#740 on a Tesla C2050; holdout34b's openpose#681)
_CUDNN_ARCH = "CUDNN_STATUS_ARCH_MISMATCH"
#: cuBLAS's: "the function requires a feature absent from the device architecture; usually caused by compute capability
#: lower than 5.0" (its documentation's cublasStatus_t; holdout158b: FasterTransformer#25 on a K80,
#: DeepLearningExamples#147 on a K40m, cublasGemmEx)
_CUBLAS_ARCH = "CUBLAS_STATUS_ARCH_MISMATCH"
#: a library's own check of the GPU: "Device 0 does not have CUDA compute capability 5.0 or greater" (holdout89b:
#: neon#80, its kernels then built for Maxwell only, on a K80)
_CAPABILITY_FLOOR = re.compile(r"Device (?P<device>\d+) does not have CUDA compute capability (?P<need>\d+\.\d+) or "
                               r"greater")
#: LLVM's words for a GPU architecture its NVPTX backend does not know: "'sm_120' is not a recognized processor for
#: this target (ignoring processor)" (holdout89b: triton#5950, an RTX 5080 under the pytorch-triton of torch 2.6)
_UNKNOWN_PROCESSOR = re.compile(r"'sm_(?P<sm>\d{2,3})[af]?' is not a recognized processor for this target")
#: Theano's check of the driver (theano/sandbox/cuda/__init__.py): "The nvidia driver version installed with this OS
#: does not give good results for reduction." (holdout89b: Theano#4851, driver 331.62 under CUDA 6.0)
_THEANO_DRIVER = "does not give good results for reduction"
_THEANO_DRIVER_WORDS = re.compile(r"The nvidia driver version installed with this OS\s+does not give good results")
#: TensorRT's (Myelin's) words for a CUDA library loaded at another release than it was built against: "Compiled against
#: cuBLASLt 11.5.2.0 but running against cuBLASLt 11.5.1.0." (holdout90b: TensorRT#2580, mmdeploy#266)
#: (its warning "TensorRT was linked against cuDNN 8.4.1 but loaded cuDNN 8.4.0" is printed where the run goes on)
_BUILT_AGAINST = re.compile(r"Compiled against (?P<lib>cuBLAS(?:Lt)?|cuDNN) (?P<built>\d+(?:\.\d+){1,3}) but running "
                            r"against (?:(?P=lib) )?(?P<loaded>\d+(?:\.\d+){1,3})")
#: OpenCV's DNN module finding no binary of its CUDA build for the GPU it was asked to use: "OpenCV was not built to
#: work with the selected device. Please check CUDA_ARCH_PTX or CUDA_ARCH_BIN in your build configuration." (holdout93b:
#: opencv#20706, built for 7.5, a GTX 745 of 5.0)
_OPENCV_ARCH = "was not built to work with the selected device"
#: RAPIDS' own check of the GPU: "cudf.errors.UnsupportedCUDAError: A GPU with NVIDIA Volta™ (Compute Capability 7.0)
#: or newer architecture is required." (holdout98b: cudf#15053, RAPIDS 24.02 on a Tesla P100)
_ARCH_REQUIRED = re.compile(r"A GPU with NVIDIA (?P<arch>[A-Z]\w+)\W{0,2} \(Compute Capability (?P<need>\d+\.\d+)\) "
                            r"or newer architecture is required")
#: cuDNN's own status for libraries of two releases linked together (cudnn.h: "CUDNN_STATUS_VERSION_MISMATCH"; cuDNN 8
#: splits itself into sub-libraries that must be of one release; holdout143b: Paddle#36411, Paddle 2.1.2's RNN op)
_CUDNN_VERSIONS = "CUDNN_STATUS_VERSION_MISMATCH"
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
#: DeepSpeed's op builder where its filter left no compute capability to build for (op_builder/builder.py): "Unable to
#: load ragged_device_ops op due to no compute capabilities remaining after filtering" (holdout180b: DeepSpeed-MII#393;
#: the ragged and inference-v2 builders keep 8.0 and newer: DeepSpeed-MII#273's workaround for a T4's 7.5)
_DEEPSPEED_FILTERED = re.compile(r"Unable to load (?P<op>\w+) op due to no compute capabilities remaining after "
                                 r"filtering")
WORDS = ("but running against", "no compute capabilities remaining",
         _CUDNN_ARCH, _CUBLAS_ARCH, _CUDNN_VERSIONS, "does not have CUDA compute capability",
         "is not a recognized processor", _THEANO_DRIVER, _OPENCV_ARCH, "or newer architecture is required")


def gpu_below_floor(failure: Failure, capability: str) -> Hint | None:
    """The GPU outside what a library's build or compiler supports, as the library or its compiler says.
    ``capability``: the GPU the log shows, or ""."""
    message = failure.message
    gpu = f" ({capability})" if capability else ""
    filtered = _DEEPSPEED_FILTERED.search(message) if "no compute capabilities remaining" in message else None
    if filtered is not None:
        return Hint(f"DeepSpeed's {filtered['op']} op builds only for the GPU architectures its builder keeps, and "
                    f"it was asked to build for none of them{gpu}: this GPU (or TORCH_CUDA_ARCH_LIST's "
                    "list) is older than the op supports (DeepSpeed's ragged and inference-v2 kernels keep compute "
                    "capability 8.0 and newer)",
                    "run on a GPU the op supports (compute capability 8.0 or newer for the ragged kernels "
                    "DeepSpeed-MII's pipeline uses), or a path without that op (DeepSpeed-MII's legacy API, "
                    "mii.deploy); where TORCH_CUDA_ARCH_LIST is set, list this GPU's architecture in it",
                    "reasoned from the log: DeepSpeed's op builder's own words (op_builder/builder.py)",
                    family="no-kernel-image")
    if _CUDNN_ARCH in message:
        return Hint(f"the installed cuDNN does not support this GPU's architecture{gpu}: the GPU is older than its "
                    "floor (a Fermi, 2.x, never had cuDNN; later releases dropped older GPUs) or newer than the "
                    "release knows",
                    "install a cuDNN release that supports this GPU (an older one for an old GPU, a newer one for a "
                    "new GPU, with a framework build for it), or run without cuDNN (the framework's switch: "
                    "chainer.cuda.cudnn_enabled = False, torch.backends.cudnn.enabled = False)",
                    "reasoned from the log: cuDNN's own status for the GPU's architecture", family="no-kernel-image")
    shown = re.search(r"compute capability (?P<cc>\d+)\.\d", capability) if capability else None
    if _CUBLAS_ARCH in message and (shown is None or int(shown["cc"]) < 5):
        # (a GPU the log shows at 5.0 or above: a cuBLAS release's own refusal, such as CUDA 11.1's fp16 GemmEx on an
        # sm_86 that 11.2 mends, JuliaGPU/CUDA.jl#609; the session-44 second reader's bevfusion#615, a 5.2 GPU)
        return Hint(f"cuBLAS refuses the call on this GPU{gpu}: the function needs a feature its architecture lacks "
                    "(cuBLAS's CUBLAS_STATUS_ARCH_MISMATCH, which its documentation says is usually a compute "
                    "capability below 5.0: a Kepler such as the K40 or K80, or older)",
                    "run on a GPU whose architecture has the feature (compute capability 5.0 or newer for most of "
                    "cuBLAS's functions, newer for some data types: bfloat16 needs 8.0), or use a release of the "
                    "library whose code does not call that cuBLAS function on older GPUs (its supported GPUs)",
                    "reasoned from the log: cuBLAS's own status for the GPU's architecture", family="no-kernel-image")
    if _CUDNN_VERSIONS in message:
        return Hint("cuDNN refuses the libraries loaded together: they are of different cuDNN releases (cuDNN 8's "
                    "sub-libraries of two installs, or a cuDNN other than the one the framework was built with, found "
                    "first on the loader path)",
                    "install one cuDNN release, the one the framework's build names (for PaddlePaddle, "
                    "paddle.version.cudnn()), and remove or move the other copies off LD_LIBRARY_PATH (PATH on "
                    "Windows)", "reasoned from the log: cuDNN's own status for its libraries' versions",
                    family="extension-cuda-lib")
    if _OPENCV_ARCH in message and "CUDA_ARCH_" in message:
        return Hint(f"OpenCV's CUDA build has no code for this GPU's architecture{gpu}: it was built for other compute "
                    "capabilities (its CUDA_ARCH_BIN) with no PTX (CUDA_ARCH_PTX) the driver could compile for this "
                    "one",
                    "rebuild OpenCV with this GPU's compute capability in CUDA_ARCH_BIN (nvidia-smi --query-gpu="
                    "compute_cap --format=csv names it; a GPU older than the CUDA toolkit supports needs an older "
                    "toolkit), or use a build made for it; or run the DNN module on the CPU (DNN_BACKEND_OPENCV)",
                    "reasoned from the log: OpenCV's own check of its CUDA build against the device",
                    family="no-kernel-image")
    required = _ARCH_REQUIRED.search(message) if "or newer architecture is required" in message else None
    if required is not None:
        need, arch = required["need"], required["arch"]
        return Hint(f"the library's build needs an NVIDIA {arch} GPU (compute capability {need}) or newer, and this "
                    f"GPU{gpu} is older: its binaries carry no kernels for it",
                    f"run it on a GPU of compute capability {need} or newer, or install an older release of the "
                    "library that still supports this GPU (its release notes name the release that dropped it)",
                    "reasoned from the log: the library's own check of the GPU's architecture",
                    family="no-kernel-image")
    floor = _CAPABILITY_FLOOR.search(message) if "does not have CUDA compute capability" in message else None
    if floor is not None:
        return Hint(f"the library's GPU code needs compute capability {floor['need']} or greater, and GPU "
                    f"{floor['device']}{gpu} is older: its kernels were built for later architectures only",
                    f"install a release of the library whose kernels support this GPU (its release notes name the "
                    f"architectures), run on a GPU of compute capability {floor['need']} or greater, or use the "
                    "library's CPU backend", "reasoned from the log: the library's own check of the GPU's compute "
                    "capability", family="no-kernel-image")
    # the error's form ("Error Code 1: Myelin (Compiled against ...)"); its warning ("[W] ... Myelin: Compiled
    # against ...") is printed where the run goes on (the session-34 second reader's broadcast error after it)
    built = _BUILT_AGAINST.search(message) if "but running against" in message and "Error Code" in message else None
    if built is not None and not failure.is_a("builtins.Warning"):
        lib, was, now = built["lib"], built["built"], built["loaded"]
        if lib == "cuDNN" and int(was.split(".")[0]) >= 10:
            # TensorRT names cuBLAS's versions as cuDNN's (no cuDNN release is numbered 10 or 11: TensorRT#1292,
            # mmdeploy#266, its warnings above naming cuBLAS)
            lib = "cuBLAS (TensorRT's words say cuDNN, at cuBLAS's version numbers)"
        short = lib.partition(" ")[0]
        return Hint(f"the library (TensorRT's engine) was built against {lib} {was}, and the process loads {now}: "
                    f"another release of {short} comes first on the library path (a CUDA toolkit's, a pip wheel's or a "
                    "container's own)",
                    f"make the {short} {was} release the one loaded (install it, or put its folder first on "
                    "LD_LIBRARY_PATH; remove the other from the path), or rebuild the engine with the installed "
                    f"{short}", "reasoned from the log: TensorRT's own words for the CUDA library it was built against",
                    family="extension-cuda-lib")
    if _THEANO_DRIVER in message and _THEANO_DRIVER_WORDS.search(message):
        return Hint("Theano's own check finds the NVIDIA driver older than its CUDA toolkit needs: that driver gives "
                    "wrong results for reductions",
                    "install the NVIDIA driver that comes with the CUDA toolkit in use (the same download page), or a "
                    "newer one", "reasoned from the log: Theano's own check of the driver",
                    family="cuda-driver-too-old")
    unknown = _UNKNOWN_PROCESSOR.search(message) if "is not a recognized processor" in message else None
    if unknown is not None:
        sm = unknown["sm"]
        return Hint(f"the compiler that builds the GPU kernels (LLVM's NVPTX backend, as Triton or numba ship it) does "
                    f"not know sm_{sm}: this GPU is newer than the installed compiler, so no kernel is built for it",
                    f"install a release of the compiler's package that supports sm_{sm} (for Triton: the release "
                    "that comes with a torch build for this GPU's CUDA, e.g. a cu128 torch for sm_120, and no older "
                    "pytorch-triton or triton left installed beside it)",
                    "reasoned from the log: LLVM's own words for a GPU architecture it does not know",
                    family="no-kernel-image")
    return None
