"""A call passed more arguments by position than the installed release takes: the function's history says when.

librosa 0.9 made its functions' parameters keyword-only, and code written for 0.8
fails with "mel() takes 0 positional arguments but 2 positional arguments (and 3
keyword-only arguments) were given" (holdout42a: MakeItTalk#92 and seven more). The
atlas records, per release, how many arguments each function and method takes by
position (the pseudo-keyword ``*N``, ``tools/history/names.py``); where the function is
one package's (a class the message names, or one package's function alone that ever
took that many) and some of its releases took the call's count, the call was written
for those. A function of several packages, or one whose count never changed, gets no
answer: the log does not say whose it is, and the caller may simply be wrong. A plain
name's count other than 0 is anyone's (a user's ``drop(x, y)``): only a name of two
words or more is looked up.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from packaging.version import Version

from ...model.hints import Hint
from ..failure import Failure
from .api import near, type_error_words
from .atlas import Change, _atlas, _change, _entry, _indexes, _releases, keyword_owners, owner_of_class
from .names import distribution_of, possessive

_WORDS = " positional argument"
#: Python's words, with 3.10's class and count of the keywords beside them: "mel() takes 0 positional arguments but
#: 5 were given", "pad_center() takes 1 positional argument but 2 were given", "melspectrogram() takes 0 positional
#: arguments but 1 positional argument (and 2 keyword-only arguments) were given", "DataFrame.drop() takes from 1 to
#: 2 positional arguments but 3 were given"
_TAKES = re.compile(r"(?<![\w.>])(?:(?P<cls>[A-Z]\w*)\.)?(?P<function>\w+)\(\) takes (?:from \d+ to )?(?P<takes>\d+) "
                    r"positional arguments? but (?P<given>\d+)(?: positional arguments?)?"
                    r"(?: \(and \d+ keyword-only arguments?\))? (?:were|was) given")

#: one home of a function or method in the atlas: its module, its entry, and the releases (indexes) it is in
_Home = tuple[str, dict[str, Any], frozenset[int]]


def positional_call(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The answer for a function called with more positional arguments than the installed release takes, where
    one package's function of that name took fewer in some releases and enough in others."""
    if _WORDS not in failure.message or not type_error_words(failure):
        return None
    found = near(_TAKES, failure.message, _WORDS, before=80)
    if found is None or int(found["given"]) <= int(found["takes"]):
        return None
    function, takes, given = found["function"], int(found["takes"]), int(found["given"])
    owned = _method(found["cls"], function, failure) if found["cls"] else _function(function, takes)
    if owned is None:
        return None
    dist, name, homes = owned
    counts, home = _counts(homes)
    data = _atlas(dist)
    history = _change(data, frozenset(counts), frozenset(i for i, n in counts.items() if n == takes)) \
        if data is not None and home is not None else None
    if history is None:
        return None
    installed = version_of(dist)
    change = history.narrowed(installed)
    if change is None or change.both or change.back_from is not None:
        return None  # the installed release takes that many, or the count came and went
    other, took = _other_side(change, {_releases(dist)[i]: n for i, n in counts.items()})
    if took < given:
        return None  # the other side of the change does not take the call's arguments either
    what = "its arguments by keyword only" if takes == 0 else f"only {takes} by position"
    if change.added_in is not None:
        told = f"{dist} {change.added_in} made it take {what} ({other}, the newest release read before, took {took})"
        pin, written_for = f"{dist}<{change.added_in}", "an older"
    else:
        told = f"{dist} {other} made it take {took} by position ({change.last_with} took {what})"
        pin, written_for = f"{dist}>={change.removed_in}", "a newer"
    dist_text = f"{dist} {installed}" if installed else f"the installed {dist}"
    counted = " (self counted)" if found["cls"] else ""
    whose = "" if found["cls"] else " is the one function of the packages the atlas reads that"
    return Hint(f"{name}() is called with {given} argument{'s' * (given > 1)} by position{counted}, and "
                f"{possessive(dist)} {name}() ({home}){whose} took {takes} in some releases and more in others: "
                f"{told}; with {dist_text}, the calling code was written for {written_for} {dist}",
                f"pass the arguments by name (name=value), as this {dist}'s {name}() asks, or install {pin} "
                f"(pip install \"{pin}\")",
                f"reasoned from the log and {history.source} (the arguments each release's function takes by "
                "position)", family="api-mismatch")


def _function(function: str, takes: int) -> tuple[str, str, list[_Home]] | None:
    """The one package whose module's function of that name took ``takes`` by position in some releases only
    (the atlas's keyword index), with its homes."""
    if takes != 0 and not ("_" in function.strip("_") and len(function) >= 10):
        return None  # "drop() takes 2 positional arguments": a short name is anyone's, a user's own function too
    owners = keyword_owners(function, f"*{takes}")
    if owners is None or not all(":" in owner for owner in owners[1]):
        return None  # a class's method: the words do not say which class
    dist, functions = owners
    homes = []
    for owner in functions:
        module, _, name = owner.partition(":")
        entry = _entry(dist, module)
        spec = entry.get("functions", {}).get(name) if entry is not None else None
        if entry is not None and spec is not None:
            homes.append((module, spec, _indexes(spec["at"], _indexes(entry["at"], frozenset()))))
    return dist, function, homes


def _method(cls: str, method: str, failure: Failure) -> tuple[str, str, list[_Home]] | None:
    """The package whose class the message names, with the homes of that class's method."""
    seen = frozenset(distribution_of(frame.partition(":")[0]) for frame in failure.frames or ())
    dist = owner_of_class(cls, beyond_the_stack=True, seen=seen)
    data = _atlas(dist) if dist else None
    if dist is None or data is None:
        return None
    homes = []
    for module in data["classes"].get(cls, ()):
        entry = _entry(dist, module)
        klass = entry["classes"].get(cls) if entry is not None else None
        if entry is None or klass is None or method not in klass["methods"]:
            continue
        class_at = _indexes(klass["at"], _indexes(entry["at"], frozenset()))
        spec = klass["methods"][method]
        homes.append((module, spec, _indexes(spec["at"], class_at)))
    return dist, f"{cls}.{method}", homes


def _other_side(change: Change, counts: dict[Version, int]) -> tuple[Version, int]:
    """The release read on the other side of the change, and how many it took by position: the newest read before
    the count came, or the first read after it went."""
    if change.added_in is not None:
        other = max(v for v in counts if v < change.added_in)
    else:
        assert change.removed_in is not None
        other = change.removed_in
    return other, counts[other]


def _counts(homes: list[_Home]) -> tuple[dict[int, int], str | None]:
    """Per release read (its index), how many arguments the function takes by position (left out: a release
    where it takes ``*args``, an argument decorator decides, or two homes disagree); and its home in the newest."""
    found: dict[int, dict[str, int]] = {}
    for module, spec, within in homes:
        for keyword, spans in spec["keywords"].items():
            if keyword.startswith("*") and keyword[1:].isdigit():
                for index in _indexes(spans, within):
                    found.setdefault(index, {})[module] = int(keyword[1:])
    counts = {index: set(by_module.values()) for index, by_module in found.items()}
    known = {index: n.pop() for index, n in counts.items() if len(n) == 1}
    return known, (min(found[max(known)]) if known else None)
