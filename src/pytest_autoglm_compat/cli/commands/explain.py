"""``autoglm-compat explain``: the known GLM-stack failures a traceback or log shows.

With ``--here`` the log comes from this environment: its installed versions scope the signatures,
and a "no kernel image" is held against the installed binary and the visible GPUs.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...checks.installed_code import installed_code_lines
from ...facts.probe import take_snapshot
from ...knowledge import known_failures
from ...knowledge.logs import Explained, explain_log
from ...render.failures import hint_lines
from ..common import EXIT_OK, EXIT_VIOLATED, UsageError, known_failure_files, known_failures_of

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    if args.file in (None, "-"):
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    known = known_failures_of(known_failure_files(args))
    snap = None
    if args.here:  # the log came from this environment: its installed versions scope the signatures
        snap = take_snapshot(timeout=min(args.timeout, 10.0))
        torch = snap.torch
        torch_cuda = torch.cuda if torch else None
        here = known_failures.Versions.installed(snap.packages, torch_cuda)
        found, reading = explain_log(text, here, torch_version=torch.version if torch else None,
                                     torch_cuda=torch_cuda, known=known)
        if not found:
            ruled = [(failure, r) for failure in reading.failures
                     if (r := known_failures.ruled_out(failure, here, known=known)) is not None]
            if ruled:
                lines = []
                for failure, (hint, reason) in ruled[:5]:
                    lines += [Explained(failure, hint).headline, f"  recognised: {hint.cause}",
                              f"  ruled out here: {reason}"]
                print("\n".join(lines) + "\nthe log shows a known GLM-stack failure, but not one this environment's "
                      "installed versions can produce", file=sys.stderr)
                return EXIT_VIOLATED
    else:
        found, reading = explain_log(text, known=known)
    if not found:
        print("no known GLM-stack failure found in the input", file=sys.stderr)
        return EXIT_VIOLATED
    seen = "" if args.here else reading.versions.seen()
    blocks = []
    for item in found:
        hint = item.hint
        lines = hint_lines(item.headline, hint)
        if hint.catches:
            lines.append(f"  caught by: {hint.catches}")
        if seen:
            lines.append(f"  seen in the log: {seen}")
        if hint.kernels and snap is not None:  # --here: the installed binary held against the visible GPUs
            lines += [f"  {line}" for line in installed_code_lines(hint.kernels, snap.gpus)]
        blocks.append("\n".join(lines))
    print("\n\n".join(blocks))
    return EXIT_OK
