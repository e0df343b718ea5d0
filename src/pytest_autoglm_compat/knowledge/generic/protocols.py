"""An object used as an iterable, a sequence or a sized container whose class no longer supports it (or not yet).

Python's words name the class and the protocol: "'MultiPolygon' object is not iterable" (``__iter__``),
"'X' object is not subscriptable" (``__getitem__``), "object of type 'X' has no len()" (``__len__``). Shapely
2.0 took iteration, indexing and len() from its multi-part geometries (``.geoms`` is the way); code written for
1.8 fails so (holdout70a: kraken#419, s1-etad#5; holdout52a: two more). Such a method is most often inherited, so the
atlas's bases of each class (``atlas.BASES``) are followed within the package: where one package defines the class
and some of its releases' classes had the method, the code was written for those. A base from elsewhere (a compiled
class, another package's) is not read: the message says the installed release's class lacks the method, and the
releases read to have it say which side that is. A release whose bases the atlas did not read (an atlas built before
it read them) makes the answer unknown there, and a class of several packages gets no answer.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ...model.hints import Hint
from ..failure import Failure
from .atlas import (
    BASES,
    Change,
    _atlas,
    _change,
    _indexes,
    _releases,
    class_homes,
    class_modules,
    method_change,
    owners_of_class,
)

_WORDS = re.compile(r"'(?P<cls>[A-Z]\w{0,100})' object is not (?P<what>iterable|subscriptable)"
                    r"|object of type '(?P<sized>[A-Z]\w{0,100})' has no len\(\)")
_DUNDER = {"iterable": "__iter__", "subscriptable": "__getitem__", "len": "__len__"}
_USED_AS = {"iterable": "an iterable (a for loop, list(), unpacking, extend())", "subscriptable": "a sequence (obj[i])",
            "len": "a sized container (len())"}
#: bases that give every one of these protocols (any other base outside the package is not read)
_CONTAINERS = frozenset({"list", "tuple", "dict", "str", "bytes", "Sequence", "MutableSequence", "Mapping",
                         "MutableMapping", "OrderedDict", "UserList", "UserDict", "NamedTuple", "namedtuple"})
_DEPTH = 5
#: bases that give a class no attribute of a package's
_NOTHING_INHERITED = frozenset({"object", "ABC", "Generic", "Protocol", "Enum", "IntEnum", "Exception", "NamedTuple"})


def protocol_removed(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The answer for a package's class used as a container where its releases disagree on the protocol."""
    message = failure.message
    if not failure.is_a("builtins.TypeError") or not ("object is not" in message or "no len()" in message):
        return None
    found = _WORDS.search(failure.message)
    if found is None:
        return None
    cls, what = (found["cls"], found["what"]) if found["cls"] else (found["sized"], "len")
    owners = owners_of_class(cls)
    data = _atlas(owners[0]) if len(owners) == 1 else None
    if data is None:
        return None
    dist, dunder = owners[0], _DUNDER[what]
    history = inherited_change(dist, cls, dunder)
    installed = version_of(dist)
    change = history.narrowed(installed) if history is not None else None
    if change is None:
        return None
    module = min(data["classes"][cls])
    dist_text = f"{dist} {installed}" if installed else f"the installed {dist}"
    return Hint(f"the code uses a {cls} ({module}) as {_USED_AS[what]}, which needs {dunder}, and {dist_text}'s {cls} "
                f"has none (its own or inherited): {change.told}, so the code was written for {change.written_for} "
                f"{dist}",
                change.fix(f"code that follows this {dist}'s {cls} (its documented way to reach the parts)"),
                f"reasoned from the log and the bundled API atlas: the {dist} releases' {cls} and its bases "
                f"({len(_releases(dist))} releases read with ast)", family="api-mismatch")


def inherited_change(dist: str, cls: str, name: str) -> Change | None:
    """Where ``cls.name`` (its own or inherited from a base of the package) last came or went."""
    data = _atlas(dist)
    if data is None:
        return None
    within, present, unknown = _supports(dist, data, cls, name, 0)
    return _change(data, within, present, unknown)


def class_change(dist: str, cls: str, name: str) -> Change | None:
    """Where ``cls.name`` last came or went, its own or a base's of the package; the class's own method alone where
    its bases cannot tell. None where every release read has it, inherited or its own: a method moved to a base is no
    removal (MDAnalysis 0.16.0's AtomGroup takes dimensions from GroupBase: holdout160a's distractor
    mdanalysis#1253)."""
    inherited = inherited_change(dist, cls, name)
    if inherited is not None:
        return inherited
    data = _atlas(dist)
    within, present, _ = _supports(dist, data, cls, name, 0) if data is not None else (frozenset(), frozenset(), None)
    if within and within <= present and _bases_one_home(dist, cls):
        return None
    return method_change(dist, cls, name)


def _bases_one_home(dist: str, cls: str) -> bool:
    """Every base of the package that ``cls`` names is one class, in one module: a base is read by its name alone, and
    two of a name (PennyLane's old and new ``Device``) would lend the class what only the other had."""
    bases = {base for _, klass, _ in class_homes(dist, cls)
             for base in klass["methods"].get(BASES, {}).get("keywords", {})}
    return all(len(class_modules(dist, base)) <= 1 for base in bases)


def sole_remover(cls: str, name: str) -> tuple[str, Change] | None:
    """Of the distributions defining a class named ``cls``, the one whose class had ``name`` (its own or inherited)
    in a release and lost it in a later one, with that change (networkx's Graph and MultiGraph, whose ``node`` 2.4
    removed; TensorFlow's, gensim's and torch's Graph never had one): the object's class told by the attribute's
    history (None: none, or several)."""
    found = [(dist, change) for dist in owners_of_class(cls)
             if (change := class_change(dist, cls, name)) is not None and change.removed_in is not None]
    return found[0] if len(found) == 1 else None


def _supports(dist: str, data: dict[str, Any], cls: str, name: str, depth: int
              ) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """The releases with the class, those whose class has the attribute or method (its own or a base's in the
    package) and those where that cannot be told (a base from elsewhere, bases not read); a protocol's dunder is
    given by a container base as well."""
    within: set[int] = set()
    present: set[int] = set()
    unknown: set[int] = set()
    for _, klass, class_at in class_homes(dist, cls):
        within |= class_at
        methods = klass["methods"]
        if name in methods:
            present |= _indexes(methods[name]["at"], class_at)
        bases = methods.get(BASES)
        if bases is None:
            unknown |= class_at  # no bases read (an atlas built before they were, or none): inherited ones unknown
            continue
        for base, spans in bases["keywords"].items():
            base_at = _indexes(spans, _indexes(bases["at"], class_at))
            if base in _CONTAINERS and name in _DUNDER.values():
                present |= base_at
            elif base in data["classes"] and base != cls and depth < _DEPTH:
                base_within, base_present, base_unknown = _supports(dist, data, base, name, depth + 1)
                present |= base_at & base_present
                unknown |= base_at & (base_unknown | (base_at - base_within))
            elif name not in _DUNDER.values() and base not in _NOTHING_INHERITED:
                # an attribute a base from elsewhere may hold: Flask 1.0's Request took get_json from werkzeug's
                # (the second reader's pyrollbar#59), Keras 3's Model its fit and predict from a backend's Trainer
                unknown |= base_at
            # a base from elsewhere (a compiled class, another package's) is not read: the message itself says the
            # installed release's class lacks the method, and the releases read to have it say which side that is
    unknown -= present
    return frozenset(within), frozenset(present), frozenset(unknown)
