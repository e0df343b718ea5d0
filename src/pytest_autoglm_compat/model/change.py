"""One difference between two environment snapshots, and the verdicts it breaks.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from dataclasses import dataclass

from .verdict import Verdict


@dataclass(frozen=True)
class Change:
    kind: str  # added, removed, upgraded, downgraded, changed
    subject: str  # "transformers", "torch build", "NVIDIA driver", "GPUs", "Python"
    old: str | None
    new: str | None
    breaks: tuple[Verdict, ...] = ()  # the unmet verdicts this change causes (render.drift shows them)
