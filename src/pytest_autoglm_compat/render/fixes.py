"""One install plan per report: fix lines that install the same package are merged.

A contract bounds a package in several places (its core, a section, an API fact's own fix):
each verdict's fix says only its own bound, so a report used to print
``pip install 'transformers>=4.46.0,<5'`` and ``pip install 'transformers<4.49'`` as two
fixes, of which the first may undo the second. Here every such fix becomes one command with the
intersected specifier. torch is left alone: its fixes are already the contract's one build
(model.torch_index.TorchIndex.fix).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import Specifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from ..model.values import spec_text

if TYPE_CHECKING:
    from ..model.verdict import Verdict

#: ``pip install 'name<spec>'`` or ``pip install name``, then nothing or a clause (", or update ...").
#: A second requirement, an option (--index-url) or another command after it: not one package's fix.
_INSTALL = re.compile(r"^pip install (?:'(?P<quoted>[^' ]+)'|(?P<bare>[A-Za-z0-9][A-Za-z0-9._-]*))"
                      r"(?P<rest>(?:[,;] .*)?)$")


def _parsed(fix: str) -> tuple[str, SpecifierSet, str] | None:
    match = _INSTALL.match(fix)
    if match is None:
        return None
    try:
        req = Requirement(match["quoted"] or match["bare"])
    except InvalidRequirement:
        return None
    if req.marker is not None or req.url or req.extras:
        return None
    return canonicalize_name(req.name), req.specifier, match["rest"]


def tightest(spec: SpecifierSet) -> SpecifierSet:
    """The same set without bounds another bound makes redundant ('>=4.46.0,<4.49', not '>=4.46.0,<4.49,<5')."""
    lower: Specifier | None = None
    upper: Specifier | None = None
    others: list[Specifier] = []
    for sp in spec:
        if sp.operator in (">=", ">"):
            key = (Version(sp.version), sp.operator == ">")
            if lower is None or key > (Version(lower.version), lower.operator == ">"):
                lower = sp
        elif sp.operator in ("<", "<="):
            key = (Version(sp.version), sp.operator == "<=")
            if upper is None or key < (Version(upper.version), upper.operator == "<="):
                upper = sp
        else:
            others.append(sp)
    kept = [s for s in (lower, upper) if s is not None] + others
    return SpecifierSet(",".join(str(s) for s in kept))


def merged_fixes(fixes: Sequence[str]) -> dict[str, str]:
    """Each fix that installs one package -> the one fix for that package (only where they differ)."""
    by_name: dict[str, list[tuple[str, SpecifierSet, str]]] = {}
    for fix in dict.fromkeys(fixes):
        parsed = _parsed(fix)
        if parsed is not None and parsed[0] != "torch":
            by_name.setdefault(parsed[0], []).append((fix, parsed[1], parsed[2]))
    out: dict[str, str] = {}
    for name, items in by_name.items():
        if len(items) < 2:
            continue
        spec = SpecifierSet()
        for _fix, sp, _rest in items:
            spec &= sp
        spec = tightest(spec)
        rests = [r for r in dict.fromkeys(rest for _f, _s, rest in items) if r]
        line = (f"pip install '{name}{spec_text(spec)}'" if str(spec) else f"pip install {name}") + "".join(rests)
        out.update((fix, line) for fix, _s, _r in items)
    return out


def coherent(verdicts: Sequence[Verdict]) -> list[Verdict]:
    """The verdicts with their install fixes merged per package (see the module docstring)."""
    merged = merged_fixes([v.fix for v in verdicts if v.fix and v.status != "pass"])
    return [replace(v, fix=merged[v.fix]) if v.fix in merged and v.status != "pass" else v for v in verdicts]
