"""A GPU whose arch the installed torch build does not carry, as torch's own warning names both.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.cuda_table import TORCH_CUDA_TAGS
from ...model.gpu_models import FIRST_CUDA_FOR
from ...model.hints import Hint
from .machine import Situation


def torch_arch(sm: str, situation: Situation) -> Hint:
    """torch's own warning: this GPU's arch is not among those the installed build was compiled for."""
    capability = int(sm[:-1]) + int(sm[-1]) / 10
    archs = [int(a[3:-1]) + int(a[-1]) / 10 for a in situation.built_for if a[3:].isdigit()]
    gpu = situation.gpu or "this GPU"
    built = f" ({' '.join(situation.built_for)})" if situation.built_for else ""
    if archs and capability < min(archs):
        return Hint(f"{gpu} (sm_{sm}) is older than every arch the installed torch build carries{built}",
                    f"install a torch build that still carries sm_{sm}: a cu126 build (pip install --force-reinstall "
                    "torch --index-url https://download.pytorch.org/whl/cu126; cu126 wheels carry sm_50, 60, 70, 75, "
                    "80, 86, 90), or run on a newer GPU",
                    "reasoned from the log: torch's own capability warning; pytorch RELEASE.md \"PyTorch CUDA Support "
                    "Matrix\" (docs/compatibility.md)", family="no-kernel-image")
    first = FIRST_CUDA_FOR.get(f"{sm[:-1]}.{sm[-1]}")
    # the line that first built this arch, and the oldest torch index at or after it
    index = next((t for t in TORCH_CUDA_TAGS if _numbers(t) >= _numbers(first)), None) if first else None
    if first is not None and index is not None:
        fix = (f"install a torch build for CUDA {first} or newer, the first toolkit that builds sm_{sm} (pip install "
               f"--force-reinstall torch --index-url https://download.pytorch.org/whl/cu{index.replace('.', '')}"
               + (", or a +cu111 build for torch 1.8-1.10 on an older Python" if first in ("11.0", "11.1") else "")
               + ")")
    else:
        fix = ("install a torch build for a CUDA line that carries it: Blackwell (sm_100, sm_120) needs a CUDA 12.8 "
               "or newer build (pip install --force-reinstall torch --index-url "
               "https://download.pytorch.org/whl/cu128); Hopper (sm_90) a CUDA 11.8 or newer build")
    return Hint(f"{gpu} (sm_{sm}) is newer than every arch the installed torch build carries{built}", fix,
                "reasoned from the log: torch's own capability warning; pytorch RELEASE.md \"PyTorch CUDA Support "
                "Matrix\" (docs/compatibility.md)", family="no-kernel-image")


def _numbers(version: str) -> tuple[int, ...]:
    """"12.8" -> (12, 8): CUDA lines compared as numbers, not as text ("12.10" after "12.9")."""
    return tuple(int(part) for part in version.split("."))


def nvcc_arch(unknown: str) -> tuple[str, str]:
    """The cause and fix where a build's nvcc refuses the arch it is asked for ("sm_20", "compute_86")."""
    number = re.search(r"\d+", unknown)
    if number is not None and int(number.group(0)) < 50:
        # an arch newer toolkits dropped (the second reader's range_libc#9 and waifu2x#67): the toolkit is too new
        return (f"the CUDA toolkit's nvcc no longer builds {unknown} (the GPU arch the build asks for): CUDA 7 dropped "
                "sm_1x, CUDA 9 sm_2x, CUDA 11 sm_30, CUDA 12 sm_35 and sm_37",
                "drop that arch from the build's list (TORCH_CUDA_ARCH_LIST, its -gencode flags) where the GPU is "
                "newer, or build with an older CUDA toolkit that still has it for a GPU of that arch")
    if number is not None and 50 <= int(number.group(0)) <= 72:
        # every toolkit from CUDA 9 to 12 knows them: CUDA 13 dropped sm_50 to sm_72 (the session-47 second reader)
        return (f"the CUDA toolkit's nvcc does not build {unknown} (the GPU arch the build asks for): CUDA 13 dropped "
                "sm_50 to sm_72 (and toolkits before CUDA 8 and 9 did not have sm_6x and sm_7x yet)",
                "drop that arch from the build's list (TORCH_CUDA_ARCH_LIST, its -gencode flags) where the GPU is "
                "newer, or build with a CUDA 12 toolkit for a GPU of that arch")
    if number is not None and int(number.group(0)) == 101:
        return (f"the CUDA toolkit's nvcc does not know {unknown}: CUDA 13 renamed Jetson Thor's sm_101 to sm_110",
                "ask for sm_110 (compute_110) with CUDA 13 and later, or build with CUDA 12.8-12.9 for sm_101")
    return (f"the CUDA toolkit's nvcc does not know {unknown} (the GPU arch the build asks for)",
            "use a newer CUDA toolkit for the build, or set TORCH_CUDA_ARCH_LIST to the archs this toolkit supports")
