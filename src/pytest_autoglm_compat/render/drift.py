"""What changed between two snapshots, as ``autoglm-compat diff`` prints it (tools.drift finds it).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from ..model.change import Change
from ..model.verdict import Verdict
from .report import headline

__all__ = ["breaks_line", "change_text"]


def breaks_line(verdict: Verdict) -> str:
    """An unmet verdict a change causes, with where it was declared."""
    return f"BREAKS {headline(verdict)} [{verdict.origin}]"


def change_text(change: Change) -> str:
    """``+ added``, ``- removed`` or ``~ old -> new (kind)``, then what the change breaks, indented."""
    if change.kind == "added":
        text = f"+ {change.subject} {change.new}"
    elif change.kind == "removed":
        text = f"- {change.subject} {change.old}"
    else:
        text = f"~ {change.subject} {change.old} -> {change.new} ({change.kind})"
    for verdict in change.breaks:
        text += f"\n    {breaks_line(verdict)}"
    return text
