"""``autoglm-compat matrix``: JSON reports merged into one compatibility table (Markdown or HTML).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse

from ...render import matrix
from ..common import EXIT_OK, UsageError, write_output

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    try:
        table = matrix.build(matrix.load_reports(args.reports))
    except matrix.MatrixError as exc:
        raise UsageError(str(exc)) from None
    text = matrix.html_page(table) if args.format == "html" else matrix.markdown(table)
    write_output(text, args.output)
    return EXIT_OK
