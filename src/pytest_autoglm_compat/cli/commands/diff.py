"""``autoglm-compat diff``: drift between two snapshots, and the changes that break a contract.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse

from ...facts.probe import take_snapshot
from ...model.verdict import Verdict
from ...render.drift import breaks_line, change_text
from ...tools import drift
from ..common import EXIT_OK, EXIT_VIOLATED, load_contract, snapshot_file

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    old = snapshot_file(args.old)
    new = snapshot_file(args.new) if args.new else take_snapshot(timeout=args.timeout)
    found = drift.changes(old, new)
    lines = [f"{args.old} -> {args.new or 'this environment'}: {len(found)} change(s)"]
    rest: list[Verdict] = []
    if args.contract:
        contract = load_contract(args.contract)
        reqs = contract.requirements(tuple(sorted(contract.sections)), needs_cuda=not args.cpu_only)
        found, rest = drift.breaking(old, new, reqs, found)
    lines += [change_text(c) for c in found]
    lines += [breaks_line(v) for v in rest]
    broken = sum(bool(c.breaks) for c in found) + len(rest)
    if args.contract:
        lines.append(f"{broken} change(s) break contract {args.contract}" if broken
                     else f"no change breaks contract {args.contract}")
    print("\n".join(lines))
    return EXIT_VIOLATED if broken else EXIT_OK
