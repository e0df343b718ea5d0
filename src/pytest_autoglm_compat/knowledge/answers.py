"""A log's answers: each failure with its hint, and the order and pruning that turn them into what ``explain`` says.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.hints import Hint
from .failure import CUT_TRACEBACK, LOG_LINE, Failure
from .generic import GENERIC_FAMILIES
from .generic.builds import VAGUE_BUILD
from .generic.custom_ops import VAGUE_CUSTOM_OP
from .generic.hpc_solvers import VAGUE_CONDA_CUT, VAGUE_SPACK
from .generic.native_deps import NO_PROJ_SOURCE
from .generic.numpy_abi import NUMPY_ABI
from .generic.resolver import VAGUE_CONDA, VAGUE_RESOLVER, VAGUE_TOO_DEEP
from .generic.wheels import VAGUE_WHEEL_URL

#: answers a line gives where the lines below it may say more, by the family of the answer that replaces them: pip's
#: "Cannot install a and b because ..." (its causes below: holdout51a), uv's wheel URL refused (its hint below names
#: both platforms: holdout56b)
_YIELDING = {VAGUE_RESOLVER: "version-guard", VAGUE_WHEEL_URL: "binary-mismatch", VAGUE_CONDA: "version-guard",
             VAGUE_TOO_DEEP: "version-guard", VAGUE_CUSTOM_OP: "extension-build", NO_PROJ_SOURCE: "version-guard",
             VAGUE_SPACK: "version-guard", VAGUE_CONDA_CUT: "version-guard"}
#: how every generic answer's source begins (a known failure's names its upstream source)
_REASONED = "reasoned from the log"


@dataclass(frozen=True)
class Explained:
    """One known failure in a log: the record it was seen in, and what it means."""

    failure: Failure
    hint: Hint

    @property
    def headline(self) -> str:
        text = self.failure.message.strip()
        first = text.splitlines()[0][:300] if text else ""
        if self.failure.types == (LOG_LINE,):
            return first
        if self.failure.types == (CUT_TRACEBACK,):
            inner = (self.failure.frames or ("?",))[-1]
            return f"Traceback (cut before its error; innermost frame shown: {inner})"
        return f"{self.failure.types[0].rpartition('.')[2]}: {first}"


def ranked(found: list[Explained]) -> list[Explained]:
    """The answers in the order they are told, each cause once, less those another answer says better."""
    # a known failure, where one matched, comes first: its cause is sourced; the generic layer's after it
    found.sort(key=lambda item: (item.hint.family in GENERIC_FAMILIES or item.hint.source.startswith(_REASONED),
                                 item.hint.source in (VAGUE_BUILD, *_YIELDING)))
    for source, family in _YIELDING.items():
        if any(item.hint.family == family and item.hint.source not in _YIELDING for item in found):
            found = [item for item in found if item.hint.source != source]
    if any(item.hint.family == "version-guard" and "numpy>=" in item.hint.cause for item in found):
        # a library's own floor on NumPy says what NumPy's ABI words beside it show: told once, as the floor
        # (holdout25a: stable-diffusion#323, pandas' "incompatible with numpy < 1.20.3" under the C-API's words)
        found = [item for item in found if item.hint.source != NUMPY_ABI
                 or not item.hint.cause.startswith("a compiled module was built against a newer NumPy")]
    if found and found[0].hint.source != VAGUE_BUILD:
        # "the build failed, its errors above say why" says nothing against an answer of another kind that says why
        # (holdout17a: LocalAIVtuber#35, a setup.py refusing the Python)
        found = [item for item in found if item.hint.source != VAGUE_BUILD or item.hint.family == found[0].hint.family]
    whole = {item.hint.family for item in found
             if item.failure.types != (CUT_TRACEBACK,) and item.hint.source != VAGUE_BUILD}
    if whole:
        # a traceback cut before its error, read as another kind than what an error of the log says, is that error's
        # traceback: ranks printing at once put the error inside another rank's traceback (holdout44b: DeepSpeed#3279)
        found = [item for item in found if item.failure.types != (CUT_TRACEBACK,) or item.hint.family in whole]
    told: set[str] = set()  # two messages of one cause (torch's GPU warning, then its error) told once, fitted
    once = []
    for item in found:
        if item.hint.cause not in told:
            told.add(item.hint.cause)
            once.append(item)
    return once
