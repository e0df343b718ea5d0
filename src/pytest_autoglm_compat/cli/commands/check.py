"""``autoglm-compat check``: this environment, a snapshot or a user's file against a contract.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence

from ...checks.lock_python import python_verdicts
from ...checks.requirement_files import Judgement
from ...checks.user_files import user_file_verdicts, violated
from ...engine import Engine
from ...facts.inputs import lockfile, user_pins
from ...facts.inputs.requirement_files import UserInput
from ...facts.probe import Snapshot, take_snapshot
from ...model.contract import Contract
from ...model.settings import Settings
from ...model.verdict import Verdict
from ...render.check_text import check_text, judgement_labels, requirements_lines, user_summary
from ...render.fixes import coherent
from ...render.markdown import check_markdown
from ...render.report import build_report, group
from ..common import (
    EXIT_OK,
    EXIT_VIOLATED,
    UsageError,
    chosen_sections,
    known_failure_files,
    known_failures_of,
    load_contract,
    snapshot_file,
    write_output,
)

__all__ = ["run"]


def _evaluate(contract: Contract, sections: Sequence[str], snap: Snapshot, *, live: bool, cpu_only: bool,
              timeout: float, pins: lockfile.Pins | None = None, known_failures: tuple[str, ...] = ()
              ) -> list[Verdict]:
    reqs = contract.requirements(tuple(sections), needs_cuda=not cpu_only)
    engine = Engine(Settings(timeout=timeout, known_failures=known_failures), contract=contract, snapshot=snap,
                    live=live, sections=tuple(sections))
    if engine.known_failures.extra_files:
        known_failures_of(engine.known_failures.extra_files)  # a broken file is a usage error before any check
    verdicts = engine.verdicts(reqs)
    if pins is not None:
        verdicts += python_verdicts(pins, reqs)
    return verdicts


def run(args: argparse.Namespace) -> int:
    contract = load_contract(args.contract)
    sections = chosen_sections(contract, args.section)
    pins = None
    user: UserInput | None = None
    if args.snapshot:
        snap, source, live = snapshot_file(args.snapshot), f"snapshot {args.snapshot}", False
    elif args.requirements:
        here = take_snapshot(timeout=args.timeout)
        try:
            pins, user = user_pins.read_user_file(args.requirements, here.marker_env)
        except user_pins.READ_ERRORS as exc:
            raise UsageError(str(exc)) from None
        snap = lockfile.snapshot_from_pins(pins, here)
        source = f"lock file {args.requirements}" if user is None else f"{user.kind} {args.requirements}"
        live = False
    else:
        snap, source, live = take_snapshot(timeout=min(args.timeout, 10.0)), "this environment", True
    verdicts = _evaluate(contract, sections, snap, live=live, cpu_only=args.cpu_only, timeout=args.timeout,
                         known_failures=known_failure_files(args),
                         pins=pins)
    judgements: list[Judgement] = []
    labels: dict[str, str] = {}
    if user is not None:
        verdicts, judgements = user_file_verdicts(contract, sections, user, snap, verdicts, cpu_only=args.cpu_only,
                                                  offline=args.offline, strict=args.strict)
        labels = judgement_labels(judgements)
    groups = group((v, None) for v in coherent(verdicts))  # one install command per package
    code = EXIT_VIOLATED if violated((g.verdict for g in groups), allow_unknown=args.allow_unknown) else EXIT_OK
    extra = requirements_lines(user, judgements, strict=args.strict) if user is not None else []
    summary = user_summary(user, snap) if user is not None else None
    if args.format == "json":
        data = build_report(contract=contract, policy="check", snapshot=snap, groups=groups, tests={},
                            exit_status=code)
        data["checked"] = {"source": source, "sections": sections, "cpu_only": args.cpu_only}
        if user is not None:
            data["checked"]["input"] = {
                "kind": user.kind, "strict": args.strict, "options": list(user.options),
                "judgements": [j.to_json() for j in judgements],
                "unreadable": [{"where": u.where, "text": u.text, "why": u.why} for u in user.unreadable]}
        text = json.dumps(data, indent=2) + "\n"
    elif args.format == "markdown":
        text = check_markdown(contract, sections, source, snap, groups, allow_unknown=args.allow_unknown,
                              labels=labels, extra=extra, summary=summary)
    else:
        text = check_text(contract, sections, source, snap, groups, verbose=args.verbose,
                          allow_unknown=args.allow_unknown, labels=labels, extra=extra, summary=summary)
    write_output(text, args.output)
    return code
