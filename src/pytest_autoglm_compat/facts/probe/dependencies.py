"""What the installed distributions declare they need (Requires-Dist), read from their metadata.

``pip check`` without pip: for the distributions a contract names, and what they require, the
requirements each declares and the version installed of each one it names. Read in this process
from the metadata files (nothing is imported); markers are evaluated for this interpreter, and a
requirement only an extra asks for is left out (nobody asked for the extra).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: distributions followed at most: a stack's closure has a few hundred
MAX_DISTRIBUTIONS = 2000


def declared(roots: Iterable[str]) -> dict[str, Any]:
    """``{"installed": {name: version}, "requires": {name: [requirement, ...]}, "problems": {name: why}}`` for
    ``roots`` and every installed distribution they require, transitively."""
    import importlib.metadata as md

    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    installed: dict[str, str] = {}
    requires: dict[str, list[str]] = {}
    problems: dict[str, str] = {}
    todo = [str(canonicalize_name(r)) for r in roots]
    seen: set[str] = set()
    while todo and len(seen) < MAX_DISTRIBUTIONS:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = md.distribution(name)
            version = dist.version
            raw = dist.requires or []
        except md.PackageNotFoundError:
            continue
        except Exception as exc:  # corrupt metadata: reported as that distribution's problem
            problems[name] = f"metadata unreadable: {type(exc).__name__}: {exc}"[:300]
            continue
        if not isinstance(version, str) or not version:
            problems[name] = "metadata has no Version"
            continue
        installed[name] = version
        kept = []
        for text in raw:
            try:
                req = Requirement(text)
            except InvalidRequirement as exc:
                problems[name] = f"Requires-Dist {text!r} does not parse: {exc}"[:300]
                continue
            if req.marker is not None:
                try:
                    if not req.marker.evaluate({"extra": ""}):
                        continue
                except Exception:  # a marker naming a variable packaging does not know
                    continue
            kept.append(str(req))
            todo.append(str(canonicalize_name(req.name)))
        requires[name] = kept
    for name in seen:  # what is required but not installed: named, so that it is reported as missing
        if name not in installed and name not in problems:
            installed.setdefault(name, "")
    return {"installed": {k: v for k, v in installed.items() if v}, "requires": requires, "problems": problems,
            "missing": sorted(k for k, v in installed.items() if not v)}
