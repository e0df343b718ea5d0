"""``autoglm-compat plan``: one concrete install for a contract and the user's files, from a real resolver.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import json
import sys

from ...tools import plan as plan_mod
from ..common import EXIT_OK, EXIT_VIOLATED, UsageError, chosen_sections, load_contract, write_output

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    contract = load_contract(args.contract)
    sections = chosen_sections(contract, args.section)
    show = args.progress if args.progress is not None else sys.stderr.isatty()

    def progress(name: str) -> None:
        sys.stderr.write(f"\rresolving: {name[:68]:68}")
        sys.stderr.flush()

    python = sys.executable
    if args.python:
        import shutil

        found = shutil.which(args.python)  # a path, or a name on PATH (python3.10)
        if found is None:
            raise UsageError(f"--python {args.python}: no such interpreter")
        python = found
    try:
        result = plan_mod.make_plan(contract, sections, args.requirements or [],
                                    python=python, resolver=args.resolver,
                                    progress=progress if show else None, timeout=args.timeout)
    except plan_mod.PlanError as exc:
        raise UsageError(str(exc)) from None
    finally:
        if show:
            sys.stderr.write("\r" + " " * 80 + "\r")
    if args.format == "json":
        text = json.dumps(plan_mod.to_json(result, args.output), indent=2) + "\n"
    else:
        text = plan_mod.render_text(result, args.output)
    ok = result.outcome.ok and not (result.torch is not None and result.torch.conflict)
    write_output(text, args.output if ok or args.format == "json" else None)
    return EXIT_OK if ok else EXIT_VIOLATED
