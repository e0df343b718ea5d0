"""``autoglm-compat probe``: the snapshot of this environment as JSON.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import json

from ...facts.probe import take_snapshot
from ..common import EXIT_OK, write_output

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    snap = take_snapshot(timeout=args.timeout)
    write_output(json.dumps(snap.to_json(), indent=2) + "\n", args.output)
    return EXIT_OK
