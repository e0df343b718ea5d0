"""Blocks of a log's lines read as one message: a solver's report and the rows below its headline; and a traceback
printed again without its error.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from .failure import CUT_TRACEBACK, Failure
from .log_prefixes import BUILDKIT, clean

#: characters of a line read; the rest of a longer one (a base64 blob, minified output) is not. No
#: exception line, frame or version a known failure is recognised by is anywhere near this long.
MAX_LINE = 8192
MAX_REPORT = 40  # the most lines of Poetry's derivation or conda's unsatisfiable report joined as one message


def rows_below(line: str, rows: list[str], at: int, starts: str | tuple[str, ...] | re.Pattern[str]
               ) -> tuple[str, int]:
    """A solver's headline and the rows below it that begin (indented or not) with ``starts`` (or that a pattern
    matches, stripped), within MAX_REPORT rows, joined stripped; and the index after them."""
    def listed_row(raw: str) -> bool:
        return bool(starts.match(raw.strip())) if isinstance(starts, re.Pattern) else raw.lstrip().startswith(starts)

    listed = list(itertools.takewhile(listed_row, rows[at:at + MAX_REPORT]))
    return "\n".join([line, *(raw.strip() for raw in listed)]), at + len(listed)


def report_through(line: str, lines: list[str], at: int, last: Callable[[str], object]) -> tuple[str, int]:
    """A solver's report that starts at ``line``, joined with the lines below it down to the first that ``last``
    holds for, within MAX_REPORT lines (blank ones left out), and the index after it; ``line`` alone where no such
    line comes."""
    end = next((j for j in range(at, min(at + MAX_REPORT, len(lines))) if last(lines[j])), None)
    if end is None:
        return line, at
    return "\n".join([line, *(raw.strip() for raw in lines[at:end + 1] if raw.strip())]), end + 1


def untold(failures: list[Failure]) -> list[Failure]:
    """Without a traceback cut before its error whose frames an exception printed whole above it has: the same
    traceback again (pip's "Complete output from command" after its own; holdout132a: pyDNase#3), whose error is that
    one's. One pass, the frames of the exceptions seen kept in a set."""
    told: set[tuple[str, ...]] = set()
    kept = []
    for failure in failures:
        if failure.types == (CUT_TRACEBACK,) and failure.frames in told:
            continue
        if failure.frames and failure.raised:
            told.add(failure.frames)
        kept.append(failure)
    return kept


_MAX_DERIVATION = 80  # the most lines of uv's derivation read (a longer one is cut: bounded work per failure)
_BUILDKIT_PREFIX = re.compile(BUILDKIT)


def indented_block(line: str, raws: list[str], at: int) -> tuple[str, int]:
    """``line`` and the indented lines under it (blank ones between them skipped), joined with spaces: uv wraps
    its sentences at the terminal's width. Returns the text and the index of the first line after the block."""
    parts = [line]
    while at < len(raws) and len(parts) < _MAX_DERIVATION:
        raw = _BUILDKIT_PREFIX.sub("", raws[at][:MAX_LINE], count=1)
        if not raw.strip():
            following = _BUILDKIT_PREFIX.sub("", raws[at + 1][:MAX_LINE], count=1) if at + 1 < len(raws) else ""
            if following[:1] in (" ", "\t") and following.strip():
                at += 1
                continue
            break
        if not raw[:1].isspace():
            break
        parts.append(clean(raw).lstrip("╰├│─▶ "))
        at += 1
    return " ".join(parts), at
