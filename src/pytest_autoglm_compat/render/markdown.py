"""``autoglm-compat check --format markdown``: one table a pull request or an issue can hold.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..facts.probe import Snapshot
from ..model.contract import Contract
from .check_text import counts_line
from .report import VerdictGroup

__all__ = ["check_markdown"]


def _cell(text: str) -> str:
    """Text that stays inside one table cell: no column bar, no line break."""
    return text.replace("|", "\\|").replace("\n", " ")


def check_markdown(contract: Contract, sections: Sequence[str], source: str, snap: Snapshot,
                   groups: Sequence[VerdictGroup], *, allow_unknown: bool, labels: Mapping[str, str] | None = None,
                   extra: Sequence[str] = (), summary: str | None = None) -> str:
    lines = [
        f"### Contract `{contract.name}` on {source}",
        "",
        f"{summary or f'Python {snap.python}, {snap.torch_summary}, {snap.gpu_summary}'}; "
        f"sections: {', '.join(sections) or 'none'}",
        "",
        "| status | requirement | found | required | declared | fix |",
        "|---|---|---|---|---|---|",
    ]
    for g in groups:
        v = g.verdict
        label = {"ok": "guaranteed", "ALLOWED": "allowed", "CONFLICT": "conflict"}.get(
            (labels or {}).get(v.subject, ""), v.status)
        lines.append(f"| {label} | {_cell(v.subject)} | {_cell(v.found)} | {_cell(v.required)} | "
                     f"{_cell(str(v.origin))} | {_cell(v.fix or '')} |")
    lines += [""] + [f"- {_cell(x)}" for x in extra]
    lines += ["", f"**{counts_line(groups, allow_unknown=allow_unknown)}**"]
    return "\n".join(lines) + "\n"
