"""``autoglm-compat freeze``: the contract a saved report's run proved, as ``pytest --autoglm-freeze`` writes it.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ...tools import freeze
from ..common import EXIT_OK, EXIT_VIOLATED, UsageError, write_output

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    try:
        data = json.loads(Path(args.from_report).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read report {args.from_report}: {getattr(exc, 'strerror', None) or exc}") from None
    if not isinstance(data, dict) or data.get("schema") != "pytest-autoglm-compat/report/1":
        raise UsageError(f"{args.from_report}: not a report written by --autoglm-report")
    recorded = data.get("freeze")
    if not isinstance(recorded, dict):
        raise UsageError(f"{args.from_report}: the report has no 'freeze' record (written by a version before 0.2, "
                         "or by 'autoglm-compat check'); run pytest --autoglm-report again")
    why = freeze.not_frozen_reason(recorded.get("run", {}))
    if why is not None:
        print(f"autoglm-compat: no contract written: {why}", file=sys.stderr)
        return EXIT_VIOLATED
    policy = args.policy or recorded.get("run", {}).get("policy", "minor")
    write_output(freeze.contract_text(recorded, data.get("snapshot"), policy), args.output)
    if args.output not in (None, "-"):
        print(freeze.summary_line(args.output, {**recorded, "run": {**recorded.get("run", {}), "policy": policy}}))
    return EXIT_OK
