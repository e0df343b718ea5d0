"""Listings pasted without their headers, told apart by the shape of their rows.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from .bounded import version_problem

#: a ``conda list --export`` row: name=version=build
CONDA_EXPORT_ROW = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*=[^=\s]+=[^=\s]+$")


def looks_like_pip_list(lines: list[str]) -> bool:
    """``pip list`` pasted without its two header lines: most rows are 'name version'."""
    rows = [x.split() for x in lines if x.strip() and not x.startswith("#")]
    columns = [r for r in rows if len(r) == 2 and version_problem(r[1]) is None and not r[0].startswith("-")]
    return len(rows) >= 3 and len(columns) * 2 > len(rows)


def looks_like_conda_export(lines: list[str]) -> bool:
    """``conda list --export`` (or ``-e``): 'name=version=build' rows under a '# platform:' comment."""
    rows = [x.strip() for x in lines if x.strip() and not x.startswith("#")]
    export = [r for r in rows if CONDA_EXPORT_ROW.match(r)]
    return bool(rows) and len(export) * 2 > len(rows)


def looks_like_conda(lines: list[str]) -> bool:
    """A ``conda list`` pasted without its header: most rows are name, version, build[, channel]."""
    rows = [x.split() for x in lines if x.strip() and not x.startswith("#")]
    conda = [r for r in rows if len(r) in (3, 4) and "=" not in r[0] and not r[0].startswith("-")
             and version_problem(r[1]) is None]
    return len(rows) >= 3 and len(conda) * 2 > len(rows)
