"""Fixes that fit the machine a log shows: an old GPU is named old, a Windows install gets Windows' fix.

A known failure's fix is written for its most common case ("no kernel image" on a new
GPU: a newer CUDA build). Where the log shows the situation is another one, the fix
for that situation replaces it; where the log shows nothing, the hint stays as it is.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import dataclasses

from ...model.hints import CPU_ASKED, PROVIDER_FALLBACK, Hint
from .machine import Situation
from .runtimes import TORCH_CHECK
from .situation import capability_text

#: the oldest arch of the wheels of the newest CUDA lines (cu128, cu130: sm_75 and newer), and the index whose
#: wheels still carry older GPUs (cu126: sm_50, 60, 70, 75, 80, 86, 90) (docs/compatibility.md, from pytorch
#: RELEASE.md "PyTorch CUDA Support Matrix")
_NEWEST_LINES_OLDEST = 7.5
_OLD_GPU_INDEX = "https://download.pytorch.org/whl/cu126"
#: the oldest arch any published line carries (cu126: sm_50): an older GPU has no current build at all
_OLDEST_CARRIED = 5.0
#: the families of a library that did not load
_LIBRARY_FAMILIES = ("extension-dll-load", "extension-cuda-lib", "missing-library")
_SOURCE = "pytorch RELEASE.md \"PyTorch CUDA Support Matrix\" (docs/compatibility.md)"


def _sm(arch: str) -> float | None:
    digits = arch.removeprefix("sm_").rstrip("abf")
    return int(digits[:-1]) + int(digits[-1]) / 10 if digits.isdigit() and len(digits) >= 2 else None


def fitted(hint: Hint, situation: Situation) -> Hint:
    """``hint`` with its fix for the situation the log shows, where it shows one that the fix does not fit."""
    if hint.family == "torch-not-cuda" and situation.cpu_asked:
        # the program was run with its own CPU option: a CPU-only torch is what it was asked to use
        return dataclasses.replace(
            hint, cause=f"{hint.cause}; but the log shows the program run with its own CPU option (--cpu) and reaching "
                        "CUDA all the same: where the CPU was asked, the program's own device choice (its check of the "
                        "option) is what reached CUDA, not the torch build",
            fix=f"check how the program handles its CPU option (its device choice, an assert on it); {hint.fix}",
            family=CPU_ASKED)
    if (hint.family == "torch-not-cuda" and situation.macos and not situation.linux_shown
            and not hint.cause.startswith("this is a Mac")):
        # no CUDA build of torch exists for macOS: the code asks for CUDA where none can be (holdout6: a ComfyUI
        # node's .cuda(); holdout16b: Wan2GP's get_device_capability), not an install to change
        return dataclasses.replace(
            hint, cause="this is a Mac: torch for macOS is built without CUDA (no CUDA build of torch exists for "
                        "macOS), so the code's CUDA calls fail",
            fix="run the code on the Mac's GPU through torch's mps device, or on the CPU (code that hard-codes "
                ".cuda() or device=\"cuda\" needs torch.device(\"mps\" if torch.backends.mps.is_available() else "
                "\"cpu\")); CUDA needs Linux or Windows with an NVIDIA GPU")
    if situation.tensorrt_fell_back and hint.family in _LIBRARY_FAMILIES and "TensorRT" in hint.cause:
        # onnxruntime's TensorRT provider, not loaded, and the log shows onnxruntime going on with its next provider:
        # told apart from the causes (holdout124b's distractors rembg#284 and TRELLIS-for-windows#3)
        return dataclasses.replace(hint, family=PROVIDER_FALLBACK)
    # the known failure's words fitted; a reading of a library's own GPU check (flash-attn's "Ampere or newer", torch's
    # capability warning, the GPU runtime's NO_BINARY_FOR_GPU) names the GPU and the fix of its own already
    own_check = hint.source.startswith("reasoned from the log") and hint.source != TORCH_CHECK
    if (hint.family == "no-kernel-image" and "cpm_kernels" not in hint.cause and situation.capability and not own_check
            and not situation.several_gpus):  # of two GPUs named, the log does not say which one ran it
        return _kernel_image(hint, situation)
    if hint.family == "extension-build" and situation.built_without_wheel:
        # the build was a fallback: the release has wheels, none for this machine (holdout161b: opentargets#4023)
        return dataclasses.replace(
            hint, cause=f"{situation.built_without_wheel}: so the installer built it from its source distribution, "
                        f"and that build failed: {hint.cause}",
            fix="install it where a wheel of it fits (a system and Python its wheels are built for), or a release of "
                f"it with a wheel for this machine; to build it here: {hint.fix}",
            source=f"{hint.source}; the bundled release table", family="binary-mismatch")
    if hint.family == "extension-build" and situation.no_cuda_runtime and "No CUDA runtime is found" not in hint.cause:
        return dataclasses.replace(
            hint, cause=f"{hint.cause}; and torch found no CUDA runtime while building (\"No CUDA runtime is "
                        "found\": a CPU-only torch, or no GPU and driver visible to the build)",
            fix="check that torch is a CUDA build (python -c 'import torch; print(torch.version.cuda)'; else "
                "install one) and, building where no GPU is visible (docker build), set TORCH_CUDA_ARCH_LIST; "
                f"then: {hint.fix}")
    return hint


def _kernel_image(hint: Hint, situation: Situation) -> Hint:
    capability = float(situation.capability or 0)
    gpu = capability_text(situation)
    archs = [a for a in (_sm(x) for x in situation.built_for) if a is not None]
    older = capability < min(archs) if archs else capability < _NEWEST_LINES_OLDEST
    newer = capability > max(archs) if archs else capability >= 9.0
    sm = f"sm_{situation.capability.replace('.', '') if situation.capability else ''}"
    built = f" (this build carries {' '.join(situation.built_for)})" if situation.built_for else ""
    if older:
        if capability < _OLDEST_CARRIED:
            fix = (f"no torch build of the CUDA lines published now carries {sm} (cu126 wheels, the oldest line, start "
                   "at sm_50): install an old torch release whose CUDA build still did "
                   "(pytorch.org/get-started/previous-versions), or build torch from source with "
                   f"TORCH_CUDA_ARCH_LIST={situation.capability} and a CUDA toolkit that still compiles for it; or run "
                   "on a newer GPU")
        else:
            fix = (f"install a build that still carries {sm}: for torch, a cu126 build (pip install torch "
                   f"--index-url {_OLD_GPU_INDEX}; cu126 wheels carry sm_50, 60, 70, 75, 80, 86, 90, while cu128 "
                   "and cu130 wheels start at sm_75), or run on a newer GPU")
        return dataclasses.replace(
            hint,
            cause=f"this GPU ({gpu}) is older than the oldest arch the installed build carries{built}: "
                  "there is no kernel image for it",
            fix=fix, source=f"{hint.source}; {_SOURCE}")
    if newer:
        return dataclasses.replace(hint, cause=f"this GPU ({gpu}) is newer than the archs the installed build "
                                   f"carries{built}: {hint.cause}")
    return dataclasses.replace(hint, cause=f"{hint.cause}; this GPU: {gpu}{built}")
