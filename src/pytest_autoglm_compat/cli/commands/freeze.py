"""``autoglm-compat freeze``: the contract a saved report's run proved, as ``pytest --autoglm-freeze`` writes it.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import sys

from ...tools import freeze
from ..common import EXIT_OK, EXIT_VIOLATED, UsageError, write_output

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    from ...render.report_input import ReportError, read_report

    try:
        data = read_report(args.from_report)
    except ReportError as exc:
        raise UsageError(str(exc)) from None
    recorded = data.get("freeze")
    if not isinstance(recorded, dict):
        raise UsageError(f"{args.from_report}: the report has no 'freeze' record (written by a version before 0.2, "
                         "or by 'autoglm-compat check'); run pytest --autoglm-report again")
    why = freeze.not_frozen_reason(recorded.get("run", {}))
    if why is not None:
        print(f"autoglm-compat: no contract written: {why}", file=sys.stderr)
        return EXIT_VIOLATED
    policy = args.policy or recorded.get("run", {}).get("policy", "minor")
    from ...facts.probe import SnapshotError

    try:
        text = freeze.contract_text(recorded, data.get("snapshot"), policy)
    except SnapshotError as exc:  # the snapshot is checked field by field where it is read
        raise UsageError(f"{args.from_report}: {exc}") from None
    write_output(text, args.output)
    if args.output not in (None, "-"):
        print(freeze.summary_line(args.output, {**recorded, "run": {**recorded.get("run", {}), "policy": policy}}))
    return EXIT_OK
