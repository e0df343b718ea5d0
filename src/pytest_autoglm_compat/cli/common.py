"""What every command shares: exit codes, the usage error, the contract and sections asked for, writing output.

The parser and the dispatcher import this module before a command is chosen, so it imports
nothing heavy at the top: each helper imports what it needs when a command calls it.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..facts.probe import Snapshot
    from ..model.contract import Contract

__all__ = ["EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "EXIT_VIOLATED", "UsageError", "chosen_sections",
           "load_contract", "snapshot_file", "write_output"]

EXIT_OK, EXIT_VIOLATED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """Bad input the user can fix; printed without a traceback, exit 2."""


def load_contract(value: str | None) -> Contract:
    """The contract named on the command line, else $AUTOGLM_CONTRACT, else the bundled 'stable'."""
    from ..model import contract as contract_mod

    name = value or os.environ.get("AUTOGLM_CONTRACT") or "stable"
    return contract_mod.load(name)


def snapshot_file(path: str) -> Snapshot:
    """A snapshot written by ``autoglm-compat probe``; one that cannot be read is a usage error."""
    from ..facts.probe import SnapshotError, load_snapshot

    try:
        return load_snapshot(path)
    except SnapshotError as exc:
        raise UsageError(str(exc)) from None


def chosen_sections(contract: Contract, chosen: Sequence[str] | None) -> list[str]:
    """The ``--section`` names, each one the contract has; every section when none is given."""
    from ..model.values import did_you_mean

    if not chosen:
        return sorted(contract.sections)
    for name in chosen:
        if name not in contract.sections:
            hint = did_you_mean(name, contract.sections)
            raise UsageError(f"contract {contract.name} has no section {name!r}{hint}; "
                             f"sections: {', '.join(sorted(contract.sections)) or 'none'}")
    return list(chosen)


def write_output(text: str, output: str | None) -> None:
    """``text`` on stdout (no ``-o`` or ``-o -``) or atomically into the file, credentials in URLs redacted."""
    from ..facts.probe import redact_url_credentials
    from ..render.report import write_text_atomic

    if output is None or output == "-":
        sys.stdout.write(redact_url_credentials(text))
        return
    try:
        write_text_atomic(output, redact_url_credentials(text))
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


def known_failure_files(args: argparse.Namespace) -> tuple[str, ...]:
    """--known-failures files, then $AUTOGLM_KNOWN_FAILURES's (os.pathsep between them); each must be a file."""
    from ..model.settings import SettingsError, file_list

    given, where = args.known_failures, "--known-failures"
    if not given and os.environ.get("AUTOGLM_KNOWN_FAILURES"):
        given, where = os.environ["AUTOGLM_KNOWN_FAILURES"], "AUTOGLM_KNOWN_FAILURES"
    try:
        return file_list(given or None, where, "known-failure file")
    except SettingsError as exc:
        raise UsageError(str(exc)) from None


def known_failures_of(files: Sequence[str]) -> tuple[Any, ...] | None:
    """The bundled known failures and the team's files (None: the bundled ones); a broken file is a usage error."""
    if not files:
        return None
    from ..knowledge.signatures import KnownFailuresError, load_known_failures

    try:
        return load_known_failures(files)
    except KnownFailuresError as exc:
        raise UsageError(str(exc)) from None


_TERMINATED: list[int] = []


def _on_sigterm(signum: int, frame: object) -> None:
    _TERMINATED.append(signum)
    raise KeyboardInterrupt


def sigterm_as_interrupt() -> Any:
    """SIGTERM (a cancelled CI job, ``timeout``, ``kill``) unwinds a command as Ctrl-C does, so that its
    children are ended and its temporary files removed, instead of the process dying where it stands.

    Returns the handler it replaced, for :func:`restore_sigterm` (``main`` also runs inside other
    programs' processes: the tests', a notebook's); None off the main thread, where none is set.
    """
    import signal

    _TERMINATED.clear()
    try:
        return signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread
        return None


def restore_sigterm(previous: Any) -> None:
    import signal

    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def terminated() -> bool:
    """Whether the interruption being handled was a SIGTERM (exit 143) rather than Ctrl-C (130)."""
    return bool(_TERMINATED)
