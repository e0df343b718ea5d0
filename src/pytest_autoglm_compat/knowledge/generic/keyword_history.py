"""A method's or a function's keyword, release by release: where it began or stopped being one of its parameters.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any

from . import atlas
from .atlas import Change, _change, _indexes

#: one home of a function or method in the atlas: its module, its entry (keywords and all), and the releases (indexes)
#: it is in
Home = tuple[str, dict[str, Any], frozenset[int]]


def method_homes(dist: str, cls: str, method: str) -> list[Home]:
    """Every module of ``dist``'s atlas whose class ``cls`` has ``method`` in some release, with the method's entry and
    the releases that have it (a class that moved between modules has a home in each)."""
    homes: list[Home] = []
    for module, klass, class_at in atlas.class_homes(dist, cls):
        if method in klass["methods"]:
            spec = klass["methods"][method]
            homes.append((module, spec, _indexes(spec["at"], class_at)))
    return homes


def function_homes(dist: str, owners: tuple[str, ...]) -> list[Home]:
    """Every home ("<module>:<function>") of a module-level function the atlas read, with its entry and releases."""
    homes: list[Home] = []
    for owner in owners:
        module, _, function = owner.partition(":")
        entry = atlas._entry(dist, module)
        spec = entry.get("functions", {}).get(function) if entry is not None else None
        if entry is not None and spec is not None:
            homes.append((module, spec, _indexes(spec["at"], _indexes(entry["at"], frozenset()))))
    return homes


@functools.lru_cache(maxsize=4096)
def keyword_change(dist: str, cls: str, method: str, keyword: str) -> tuple[str, Change] | None:
    """Where ``cls.method`` last began or stopped naming ``keyword`` among its parameters, among the releases
    whose ``cls`` has ``method``; with the module that defines ``cls`` in the newest of them. A class that moved
    between modules is followed. A release whose method takes ``**kwargs`` without naming it says nothing (it
    may accept it, or pass it on), and is left out. None where a release defines two classes of that name that
    disagree, or no release read names the keyword."""
    data = atlas._atlas(dist)
    if data is None:
        return None
    seen: dict[int, dict[str, bool]] = defaultdict(dict)  # release index -> module -> its cls.method names keyword
    for module, spec, method_at in method_homes(dist, cls, method):
        keywords = spec["keywords"]
        names = _indexes(keywords[keyword], method_at) if keyword in keywords else frozenset()
        unknown = (_indexes(keywords["**"], method_at) if "**" in keywords else frozenset()) - names
        for index in method_at - unknown:
            seen[index][module] = index in names
    if not seen:
        return None
    newest = min(seen[max(seen)])  # the class's home in the newest release read
    has: dict[int, bool] = {}  # release index -> cls.method names keyword
    home: dict[int, str] = {}
    for index, by_module in seen.items():
        if len(set(by_module.values())) > 1:
            # two classes of that name in one release, one naming it and one not: the one on the newest home's
            # line (gradio 3's gradio.components.Image, now gradio.components.image's), not a namesake
            # (gradio.outputs.Image)
            by_module = {m: named for m, named in by_module.items() if _same_line(m, newest)}
            if len(set(by_module.values())) != 1:
                return None
        has[index] = next(iter(by_module.values()))
        home[index] = min(by_module)
    present = frozenset(i for i, named in has.items() if named)
    change = _change(data, frozenset(has), present)
    return (home[max(has)], change) if change is not None else None


def function_keyword_change(dist: str, owners: tuple[str, ...], keyword: str) -> tuple[str, Change] | None:
    """Where a module's function ("<module>:<function>"), or one that moved (skimage's match_histograms), last
    began or stopped naming ``keyword``, over the releases of all its homes (one whose function takes ``**kwargs``
    is left out: it may accept it); with its home in the newest release read. None where two homes of one release
    disagree, the atlas read none of them, or no release names it."""
    data = atlas._atlas(dist)
    if data is None:
        return None
    seen: dict[int, dict[str, bool]] = defaultdict(dict)  # release index -> module -> its function names keyword
    for module, found, within in function_homes(dist, owners):
        keywords = found["keywords"]
        names = _indexes(keywords[keyword], within) if keyword in keywords else frozenset()
        unknown = _indexes(keywords["**"], within) if "**" in keywords else frozenset()  # **kwargs may take it
        for index in within - (unknown - names):
            seen[index][module] = index in names
    if not seen or any(len(set(by_module.values())) > 1 for by_module in seen.values()):
        return None
    present = frozenset(index for index, by_module in seen.items() if next(iter(by_module.values())))
    change = _change(data, frozenset(seen), present)
    return (min(seen[max(seen)]), change) if change is not None else None


def _same_line(module: str, newest: str) -> bool:
    """Whether a class in ``module`` may be the one now in ``newest``: the same module, or one the class moved
    from into a submodule (``gradio.components`` -> ``gradio.components.image``) or out of one."""
    return module == newest or newest.startswith(f"{module}.") or module.startswith(f"{newest}.")
