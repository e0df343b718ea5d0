"""A method a class asks of its bases (``super().m()``, ``self._helper()``) that a release of the package whose base
class it extends removed, or that package's own method calling up to a class written before it came.

Python's words name no base: "'super' object has no attribute '_validate_data'" (holdout82a: scBoolSeq#5,
laplaciannb#77), "'RangerTreeSurvival' object has no attribute '_check_n_features'" (skranger#158). The atlas's
removed-methods index says whose classes had such a name and lost it: scikit-learn's BaseEstimator had both until
1.6.1, and no other package's class of the atlas did. And a package's own method that calls ``super()`` for itself,
raised there ("sklearn/base.py in __sklearn_tags__ ... 'super' object has no attribute '__sklearn_tags__'":
holdout82a's xgboost#11163, scikeras#337) came in a release: the class above it in the subclass's bases is another
package's, written before that release.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from packaging.version import InvalidVersion, Version

from ...model.hints import Hint
from ..failure import LOG_LINE, Failure
from .atlas import (
    Change,
    _atlas,
    _change,
    _entry,
    _indexes,
    classes_method_change,
    owners_of_class,
    removed_method_owners,
)
from .names import distribution_of, innermost_frame, possessive

_SUPER = re.compile(r"'super' object has no attribute '(?P<name>[A-Za-z_]\w{0,100})'")
#: a private helper of two words or more asked of a class no package of the atlas defines (a subclass's own class)
_PRIVATE = re.compile(r"'(?P<cls>[A-Z]\w{0,100})' object has no attribute '(?P<name>_[A-Za-z0-9]+_\w{0,100})'")


def base_method(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The answer for a method asked of a class's bases that a release of their package lacks (None: not that)."""
    if not (failure.is_a("builtins.AttributeError") or failure.types == (LOG_LINE,)) \
            or "has no attribute '" not in failure.message:
        return None
    found = _SUPER.search(failure.message)
    if found is not None:
        name = found["name"]
        return (_own_method_calls_up(name, failure, version_of) if name.startswith("__") and name.endswith("__")
                else _removed_from_a_base(name, "super()", version_of))
    found = _PRIVATE.search(failure.message)
    if found is None or owners_of_class(found["cls"]) or found["name"].startswith("__"):
        return None  # a class of the atlas: its own history answers (methods, api)
    return _removed_from_a_base(found["name"], f"a {found['cls']} object", version_of)


def _removed_from_a_base(name: str, asked: str, version_of: Callable[[str], str | None]) -> Hint | None:
    owners = removed_method_owners(name)
    if len(owners) != 1:
        return None  # no package's class lost it, or several packages' did: nothing says whose base it is
    dist = owners[0]
    change = classes_method_change(dist, name)
    installed = version_of(dist)
    if change is None or change.removed_in is None or change.back_from is not None:
        return None
    narrowed = change.narrowed(installed)
    if narrowed is None or narrowed.removed_in is None:
        return None  # the release the log shows has it: another cause
    classes = ", ".join(sorted(_classes_with(dist, name))[:3])
    shown = f" ({dist} {installed} is installed)" if installed else ""
    return Hint(f"{asked} is asked for {name}, a method {possessive(dist)} base classes ({classes}) had until "
                f"{narrowed.last_with}: {narrowed.told}{shown}; the class asking subclasses one of them and "
                f"was written for {dist} before {narrowed.removed_in}",
                narrowed.fix(f"a release of the subclass's package written for {dist} {narrowed.removed_in} or later"),
                f"reasoned from the log and {narrowed.source}", family="api-mismatch")


def _classes_with(dist: str, name: str) -> set[str]:
    data = _atlas(dist) or {}
    found: set[str] = set()
    for module, text in data.get("modules", {}).items():
        if isinstance(text, str) and f'"{name}"' in text:
            entry = _entry(dist, module) or {}
            found.update(cls for cls, klass in entry.get("classes", {}).items() if name in klass["methods"])
    return found


def _own_method_calls_up(name: str, failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A package's own ``name`` (a protocol method of its own: ``__sklearn_tags__``) raised calling super() for itself:
    the class above its class in the object's bases does not have it, a class written before the package added it."""
    inner = innermost_frame(failure.frames)
    module, _, function = (inner or "").partition(":")
    dist = distribution_of(module) if module else ""
    if function != name or _atlas(dist) is None:
        return None
    added = _added_in_module(dist, module, name)
    if added is None or added.added_in is None:
        return None
    release = added.added_in
    try:
        if Version(version_of(dist) or str(release)) < release:
            return None  # the release the log shows has no such method of its own: another cause
    except InvalidVersion:
        pass
    return Hint(f"{possessive(dist)} own {name} ({module}), which {dist} {release} added, calls super().{name}() and "
                f"the next class in the object's bases lacks it: the object's class comes from a package written for "
                f"{dist} before {release} (its bases put {possessive(dist)} class after one of its own, or lack the "
                f"base that defines {name})",
                f"install a release of the package defining that class written for {dist} {release} or later, or "
                f"pip install \"{dist}<{release}\"", f"reasoned from the log and {added.source}",
                family="api-mismatch")


def _added_in_module(dist: str, module: str, name: str) -> Change | None:
    """Where the classes of ``module`` that define ``name`` first had it (None: the oldest release read had it)."""
    data, entry = _atlas(dist), _entry(dist, module)
    if data is None or entry is None:
        return None
    within: frozenset[int] = frozenset()
    present: frozenset[int] = frozenset()
    for klass in entry.get("classes", {}).values():
        if name in klass["methods"]:
            class_at = _indexes(klass["at"], _indexes(entry["at"], frozenset(range(len(data["releases"])))))
            within |= class_at
            present |= _indexes(klass["methods"][name]["at"], class_at)
    change = _change(data, within, present) if present else None
    return change if change is not None and change.added_in is not None and change.removed_in is None else None
