"""``autoglm-compat contracts list|show|lint`` and ``constraints``: contracts read, checked and exported.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import sys

from ...model import contract as contract_mod
from ...model import export
from ...model.contract import ContractError
from ..common import EXIT_OK, EXIT_USAGE, chosen_sections, load_contract, write_output

__all__ = ["constraints", "lint", "list_bundled", "show"]


def list_bundled(args: argparse.Namespace) -> int:
    for name in contract_mod.bundled_names():
        contract = contract_mod.load(name)
        sections = f" [sections: {', '.join(sorted(contract.sections))}]" if contract.sections else ""
        print(f"{name:8} {contract.description}{sections}")
    return EXIT_OK


def show(args: argparse.Namespace) -> int:
    write_output(export.contract_toml(load_contract(args.name)), args.output)
    return EXIT_OK


def lint(args: argparse.Namespace) -> int:
    bad = 0
    for path in args.paths:
        try:
            contract = contract_mod.load(path if contract_mod.looks_like_path(path) else f"./{path}")
        except ContractError as exc:
            print(str(exc), file=sys.stderr)
            bad += 1
            continue
        count = len(contract.core) + sum(len(s) for s in contract.sections.values())
        print(f"ok {path}: contract {contract.name}, {count} requirements, "
              f"sections: {', '.join(sorted(contract.sections)) or 'none'}")
    return EXIT_USAGE if bad else EXIT_OK


def constraints(args: argparse.Namespace) -> int:
    contract = load_contract(args.name)
    write_output(export.constraints(contract, chosen_sections(contract, args.section)), args.output)
    return EXIT_OK
