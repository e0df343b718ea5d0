"""The atlas's method index read: per method name, per distribution of the stack, where its classes had it (split
from ``atlas``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from .atlas import METHOD_INDEX, Change, _atlas, _indexes, _read, _releases


@functools.cache
def _method_index() -> dict[str, dict[str, list[Any]]]:
    return _read(METHOD_INDEX) or {}


@dataclass(frozen=True)
class Method:
    """A method name as one distribution's classes had it: which classes, and where it first came and last went
    among all the releases read (a name that came and went twice keeps its first coming and its last going)."""

    dist: str
    classes: tuple[str, ...]  # a few of them, those present longest first
    count: int  # how many classes had it
    added: Change | None  # None: the oldest release read had it
    removed: Change | None  # None: the newest release read has it


def methods_named(method: str) -> dict[str, Method]:
    """Per distribution of the atlas, its classes' history of ``method`` (from the method index)."""
    found: dict[str, Method] = {}
    for dist, (spans, classes, count) in _method_index().get(method, {}).items():
        releases = _releases(dist)
        present = _indexes(spans, frozenset())
        if not releases or not present or max(present) >= len(releases):
            continue
        first, last, read = releases[0], releases[-1], len(releases)
        low, high = min(present), max(present)
        added = Change(dist, None, None, releases[low], first, last, read) if low > 0 else None
        removed = (Change(dist, releases[high + 1], releases[high], None, first, last, read)
                   if high < len(releases) - 1 else None)
        found[dist] = Method(dist, tuple(classes), int(count), added, removed)
    return found



@functools.lru_cache(maxsize=64)
def named_in(dist: str, name: str) -> bool:
    """Whether some module of ``dist`` the atlas read names ``name`` (a function, class, method or attribute of it),
    by its quoted text in the modules' raw parts: no module parsed."""
    data = _atlas(dist)
    quoted = f'"{name}"'  # each module's part is its own JSON text: a name is a quoted key there
    return data is not None and any(quoted in text for text in data["modules"].values() if isinstance(text, str))
