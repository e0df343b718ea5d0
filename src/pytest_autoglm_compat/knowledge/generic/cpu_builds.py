"""A library's CPU build asked for CUDA, read from its own words (split from ``builds``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from .machine import Situation
from .wheels import library_named

#: a library's words for a CUDA device it was asked for and torch does not see (ultralytics' select_device, torch's)
_CUDA_ASKED = re.compile(r"Invalid CUDA '?device=[^'\s]*'? requested|No CUDA GPUs are available|"
                         r"CUDA (?:is not available|unavailable)|torch\.cuda\.is_available\(\)(?: is|:) False")
#: a library's own report that its build has no CUDA: "This CTranslate2 package was not compiled with CUDA support",
#: "xFormers wasn't build with CUDA support" (torch's own words, "Torch not compiled ...", are a known failure's)
NO_CUDA_BUILD = re.compile(r"(?<![\w.-])(?P<what>[A-Za-z][\w.-]{0,40}?)(?: package| library| build| extension)? "
                            r"(?:was not|is not|wasn't|isn't) (?:compiled|built|build) with (?:CUDA|GPU)"
                            r"|(?<![\w.-])(?P<what2>[A-Za-z][\w.-]{0,40}?)(?: package| library| build| extension)? "
                            r"(?:(?:was|is) )?(?:compiled|built) without (?:CUDA|GPU)"  # k2's: "k2 compiled without"
                            # Caffe's: "Cannot use GPU in CPU-only Caffe: check mode." (holdout140b: sceneReco#44)
                            r"|Cannot use GPU in CPU-only (?P<what3>[A-Za-z][\w.-]{0,40})")


#: torch 0.4's and 1.0's CPU-only builds asked for CUDA (holdout185b: SinGAN#127, BIMPM-pytorch#6, pytorch#11430)
_ATEN_CUDA = "Cannot initialize CUDA without ATen_cuda library"
_HOROVOD_NO_CUDA = "Requested ReadyEvent with GPU device but not compiled with CUDA"


def cuda_asserted(failure: Failure) -> bool:
    """The failure is the code's own "assert torch.cuda.is_available()", its statement the source line the log shows
    for it (holdout137b: so-vits-svc#27; not another assertion below a pasted one: the session-41 second reader's)."""
    return failure.is_a("builtins.AssertionError") and "torch.cuda.is_available()" in (failure.source or "")


def cpu_build_asked(failure: Failure, version_of: Callable[[str], str | None], situation: Situation) -> Hint | None:
    """A CPU-only build (torch's "+cpu", a library's own report of its build) asked for a CUDA device."""
    message = failure.message
    if _ATEN_CUDA in message and failure.is_a("builtins.RuntimeError"):
        # Python's torch 0.4 and 1.0 words (a C++ program linking libtorch gets them from its linker's --as-needed)
        return Hint("the installed torch is a CPU-only build: its ATen has no CUDA library to load, so CUDA cannot be "
                    "initialized (torch 0.4's and 1.0's words for it)",
                    "install a CUDA build of torch (pytorch.org/get-started; the CUDA your driver supports), or run on "
                    "the CPU (device 'cpu')",
                    "reasoned from the log: torch's own words; pytorch/pytorch#11430 (its maintainers: a CPU-only "
                    "build raises it)", family="torch-not-cuda")
    torch = version_of("torch") or ""
    if torch.endswith("+cpu") and (cuda_asserted(failure) or _CUDA_ASKED.search(message)):
        return Hint(f"the installed torch {torch} is a CPU-only build, so the CUDA device asked for does not exist "
                    "for it (torch.cuda.is_available() is False whatever GPU the machine has)",
                    "install a CUDA build of torch: pip install --force-reinstall torch --index-url "
                    "https://download.pytorch.org/whl/cuXYZ (the CUDA your driver supports; see "
                    "pytorch.org/get-started); on a machine with no NVIDIA GPU, ask for the CPU instead (device 'cpu')",
                    "reasoned from the log: a CUDA device refused, beside the torch version the log names (+cpu)",
                    family="torch-not-cuda")
    rocm = situation.rocm or "+rocm" in (version_of("torch") or "")
    if _HOROVOD_NO_CUDA in message and not situation.macos and rocm:
        return Hint("the installed Horovod was built without GPU operations (pip builds it from source, with them only "
                    "where it finds the GPU's libraries at install time), and the code gave it a tensor on the GPU: "
                    "an AMD GPU here (torch's ROCm build)",
                    "reinstall Horovod built for ROCm: HOROVOD_GPU=ROCM HOROVOD_GPU_OPERATIONS=NCCL pip install "
                    "--no-cache-dir --force-reinstall horovod, with ROCm and RCCL found (horovodrun --check-build "
                    "then lists them)", "reasoned from the log: Horovod's own check of its build; torch's ROCm build",
                    family="torch-not-cuda")
    if _HOROVOD_NO_CUDA in message and not situation.macos:
        # Horovod's own check (horovod/common/ready_event.cc) of a GPU tensor given to a build without CUDA
        # (holdout117b: horovod#2478, once-for-all#29)
        return Hint("the installed Horovod was built without CUDA (pip builds it from source, with its GPU operations "
                    "only where it finds CUDA and NCCL at install time), and the code gave it a tensor on the GPU",
                    "reinstall Horovod built with GPU support: HOROVOD_GPU_OPERATIONS=NCCL pip install --no-cache-dir "
                    "--force-reinstall horovod, with the CUDA toolkit and NCCL found (horovodrun --check-build then "
                    "lists them), or keep the tensors it reduces on the CPU",
                    "reasoned from the log: Horovod's own check of its build", family="torch-not-cuda")
    if not situation.opencv_cuda_built and ("DNN module was not built with CUDA backend" in message or (
            "throw_no_cuda" in message and "disabled for current build" in message)):
        # OpenCV's own words for its build without CUDA: its DNN module's (holdout139b: opencv#15858, four more), its
        # CUDA functions' in OpenCV 3 (holdout139b: opencv#7344); pip's opencv-python wheels carry no CUDA anywhere
        return Hint("the installed OpenCV is a build without CUDA (pip's opencv-python wheels never include it), so "
                    "its CUDA functions and its DNN module's CUDA backend cannot run: the DNN falls back to the CPU",
                    "build OpenCV from source with CUDA (WITH_CUDA=ON, OPENCV_DNN_CUDA=ON, CUDA_ARCH_BIN of this GPU) "
                    "and make that build the one imported (uninstall pip's opencv-python packages), or run on the CPU",
                    "reasoned from the log: OpenCV's own words for its build", family="torch-not-cuda")
    cpu_only = NO_CUDA_BUILD.search(message) if ("compiled with" in message or "built with" in message
                                                  or "build with" in message or "without" in message
                                                  or "CPU-only" in message) else None
    if cpu_only and situation.macos and not situation.linux_shown and not situation.xformers_off_cuda:
        # a Mac, where no CUDA build exists: the CPU build is the only one, and the ask for CUDA is what to change
        # (holdout110b: PaddleGAN#243, PaddlePaddle on an M1 asked for 'gpu')
        lib = library_named(cpu_only["what"] or cpu_only["what2"] or cpu_only["what3"], failure) or "the library"
        return Hint(f"this is a Mac: {lib} for macOS is built without CUDA (no CUDA build of it exists for macOS), "
                    "and the code asks it for a CUDA GPU",
                    f"run {lib} on the CPU here (its CPU device; some libraries also offer Apple's GPU through "
                    "Metal/MPS); CUDA needs Linux or Windows with an NVIDIA GPU and the library's CUDA build",
                    f"reasoned from the log: {lib}'s own check of its build, on macOS", family="torch-not-cuda")
    # (no NVIDIA tooling shown: the ask for the GPU is what to change: the session-41 second reader's faster-rcnn#564)
    if cpu_only and (situation.linux or situation.windows or situation.gpu) and not situation.xformers_off_cuda and (
            not situation.no_nvidia_smi):
        # where CUDA builds exist (where the log shows no machine, the ask for CUDA may be the error)
        what = library_named(cpu_only["what"] or cpu_only["what2"] or cpu_only["what3"], failure)
        it = what or "it"
        return Hint(f"the installed {what or 'library'} is a build without CUDA (a CPU-only wheel or package: the only "
                    "one some platforms' indexes carry, or one built without it), so it cannot run on the GPU",
                    f"install a CUDA build of {what or 'the library'} (its install guide names the wheel, index or "
                    f"package for this platform and CUDA), or build {it} here with CUDA enabled; or run on the CPU",
                    f"reasoned from the log: {what or 'the library'}'s own check of its build", family="torch-not-cuda")
    return None
