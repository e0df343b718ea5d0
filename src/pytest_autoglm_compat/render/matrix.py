"""Many JSON reports -> one compatibility table: environments as rows, requirements and tests as columns.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class MatrixError(ValueError):
    """A report that cannot be read; names the file."""


@dataclass
class Row:
    label: str
    detail: str
    cells: dict[str, str] = field(default_factory=dict)  # column -> pass/unmet/unknown/passed/failed/skipped...


@dataclass
class Matrix:
    requirement_columns: list[str]
    test_columns: list[str]
    rows: list[Row]


def _label(path: Path, report: dict[str, Any]) -> tuple[str, str]:
    snap = report.get("snapshot") or {}
    torch = snap.get("torch") or {}
    gpus = snap.get("gpus") or []
    gpu = f"{len(gpus)}x {gpus[0]['name']}" if gpus else "no GPU"
    contract = (report.get("contract") or {}).get("name", "no contract")
    torch_text = f"torch {torch.get('version')}" if torch else "no torch"
    detail = f"Python {snap.get('python', '?')}, {torch_text}, {gpu}, driver {snap.get('driver') or '-'}; {contract}"
    return path.stem, detail


def load_reports(paths: Iterable[str]) -> list[tuple[Path, dict[str, Any]]]:
    """Each report, bounded and checked against the report schema before any field is read."""
    from .report_input import ReportError, read_report

    out = []
    for name in paths:
        try:
            out.append((Path(name), read_report(name)))
        except ReportError as exc:
            raise MatrixError(str(exc)) from None
    return out


def build(reports: Sequence[tuple[Path, dict[str, Any]]]) -> Matrix:
    req_cols: dict[str, None] = {}
    test_cols: dict[str, None] = {}
    rows = []
    for path, report in reports:
        label, detail = _label(path, report)
        row = Row(label, detail)
        for verdict in report.get("verdicts", []):
            column = f"{verdict['subject']}: {verdict['required']}"
            req_cols.setdefault(column)
            previous = row.cells.get(column)
            if previous is None or _rank(verdict["status"]) > _rank(previous):
                row.cells[column] = verdict["status"]
        for nodeid, outcome in report.get("tests", {}).items():
            test_cols.setdefault(nodeid)
            row.cells[nodeid] = outcome.get("outcome", "?")
        rows.append(row)
    return Matrix(sorted(req_cols), sorted(test_cols), rows)


def _rank(status: str) -> int:
    return {"pass": 0, "unknown": 1, "unmet": 2}.get(status, 0)


_CSS_CLASS = {"pass": "ok", "passed": "ok", "unmet": "bad", "failed": "bad", "error": "bad",
              "unknown": "unk", "skipped": "skip", "xfailed": "skip", "xpassed": "unk"}


def markdown(matrix: Matrix) -> str:
    columns = matrix.requirement_columns + matrix.test_columns
    head = "| environment | " + " | ".join(c.replace("|", "\\|") for c in columns) + " |"
    lines = [head, "|" + "---|" * (len(columns) + 1)]
    for row in matrix.rows:
        cells = [row.cells.get(c, "") for c in columns]
        lines.append(f"| **{row.label}** ({row.detail}) | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _short(column: str, limit: int = 48) -> str:
    """Headers are read sideways; the full text is in the cell's title."""
    return column if len(column) <= limit else column[: limit - 1] + "…"


def html_page(matrix: Matrix, title: str = "GLM stack compatibility") -> str:
    e = html.escape

    def header(cols: list[str], kind: str) -> str:
        return "".join(f'<th class="{kind}" title="{e(c)}"><div>{e(_short(c))}</div></th>' for c in cols)

    body = []
    for row in matrix.rows:
        cells = "".join(
            f'<td class="{_CSS_CLASS.get(row.cells.get(c, ""), "none")}">{e(row.cells.get(c, ""))}</td>'
            for c in matrix.requirement_columns + matrix.test_columns
        )
        body.append(f'<tr><th class="env">{e(row.label)}<small>{e(row.detail)}</small></th>{cells}</tr>')
    groups = ""
    if matrix.requirement_columns:
        groups += f'<th colspan="{len(matrix.requirement_columns)}">requirements</th>'
    if matrix.test_columns:
        groups += f'<th colspan="{len(matrix.test_columns)}">tests</th>'
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>
body {{ font: 14px system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #c8c8c8; padding: 4px 8px; }}
th.req div, th.test div {{ writing-mode: vertical-rl; transform: rotate(180deg); max-height: 40em;
  white-space: nowrap; font-weight: 500; font-size: 12px; }}
th.env {{ text-align: left; white-space: nowrap; }}
th.env small {{ display: block; font-weight: normal; color: #555; }}
td {{ text-align: center; font-weight: 600; }}
td.ok {{ background: #c6efce; color: #0b5d1e; }}
td.bad {{ background: #ffc7ce; color: #9c0006; }}
td.unk {{ background: #ffeb9c; color: #7a5c00; }}
td.skip {{ background: #e3e3e3; color: #444; }}
caption {{ text-align: left; font-size: 1.2em; margin-bottom: .5em; }}
</style></head><body>
<table><caption>{e(title)}: {len(matrix.rows)} environment(s)</caption>
<thead><tr><th></th>{groups}</tr>
<tr><th>environment</th>{header(matrix.requirement_columns, "req")}{header(matrix.test_columns, "test")}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table>
<p>green: met / passed; red: unmet / failed; yellow: unknown; grey: skipped; empty: not checked there.</p>
</body></html>
"""
