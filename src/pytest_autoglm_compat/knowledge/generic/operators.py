"""torchvision's and torchaudio's compiled operators missing from torch's registry: a build for another torch.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint

#: torch's words for an operator a compiled library registers that is not there: "operator torchvision::nms does not
#: exist", "No such operator torchvision::nms" (survey16b: sdnext#3531; holdout16b: vision#1405, vllm-ascend#479)
OPERATOR_MISSING = re.compile(r"(?:operator (?P<pkg>torchvision|torchaudio)::(?P<op>\w+) does not exist|(?:No such|"
                               # torch 2.x's words (holdout42b: kohya-trainer#347)
                               r"Could not find the) operator (?P<pkg2>torchvision|torchaudio)::(?P<op2>\w+))")


def operator_missing(package: str, op: str, version_of: Callable[[str], str | None]) -> Hint:
    """torchvision's (torchaudio's) compiled operators not registered with this torch: a build for another torch."""
    torch, theirs = version_of("torch"), version_of(package)
    shown = "; the log shows " + ", ".join(f"{n} {v}" for n, v in (("torch", torch), (package, theirs)) if v) \
        if torch or theirs else ""
    pair = _paired(package, torch)
    fix = (f"install the {package} release made for the installed torch ({package}=={pair}.* for torch "
           f"{(torch or '').partition('+')[0]}) from the same index as torch" if pair else
           f"install the {package} release made for the installed torch (pytorch.org/get-started/previous-versions "
           "lists the pairs) from the same index as torch")
    return Hint(f"{package}'s compiled operators ({package}::{op}) are not registered with this torch: the installed "
                f"{package} is a build for another torch release (or another CUDA build of it){shown}",
                f"{fix}, or reinstall torch and {package} together in one pip command",
                "reasoned from the log: torch's registry lacks the operator the library's compiled part registers; "
                "pytorch.org's previous-versions pairs (torch 2.N with torchvision 0.(N+15))", family="extension-abi")


def _paired(package: str, torch: str | None) -> str | None:
    """The torchvision minor series made for a torch 2.x ("2.5.1+cu121" -> "0.20"); torchaudio's is torch's own."""
    found = re.match(r"2\.(\d+)\.", torch or "")
    if found is None:
        return None
    return f"2.{found[1]}" if package == "torchaudio" else f"0.{int(found[1]) + 15}"
