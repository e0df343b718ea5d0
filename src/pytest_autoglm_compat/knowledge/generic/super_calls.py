"""A method a class asks of its bases (``super().m()``, ``self._helper()``) that a release of the package whose base
class it extends removed or had not yet added, or that package's own method calling up to a class written before it.

Python's words name no base: "'super' object has no attribute '_validate_data'", "'EmbeddingEncoder' object has no
attribute '_validate_data'" (the session-33 second reader's embedding-encoder#23). The atlas's removed-methods index
says whose classes had such a name and lost it (scikit-learn's BaseEstimator, 0.23.0 to 1.6.1); the answer is given
only where the log ties the failure to that package (its release shown, a frame of its code, the failing line naming
it): 38,000 of the index's 40,000 names have one owner, so a name alone is anyone's (pilot#576's typo
``super()._init__``). And a package's own method that calls ``super()`` for itself, raised there ("sklearn/base.py in
__sklearn_tags__ ... 'super' object has no attribute '__sklearn_tags__'": holdout82a's xgboost#11163, scikeras#337),
came in a release: the class above it in the subclass's bases is another package's, written before that release.

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
    classes_with_method,
    method_change,
    owners_of_class,
    removed_method_owners,
)
from .atlas_methods import named_in
from .names import distribution_of, innermost_frame, possessive, raiser_and_asker, top, with_article

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
                else _removed_from_a_base(name, "super()", failure, version_of))
    found = _PRIVATE.search(failure.message)
    if found is None or owners_of_class(found["cls"]) or found["name"].startswith("__"):
        return None  # a class of the atlas: its own history answers (methods, api)
    return _removed_from_a_base(found["name"], f"{with_article(found['cls'])} object", failure, version_of)


def _removed_from_a_base(name: str, asked: str, failure: Failure, version_of: Callable[[str], str | None]
                         ) -> Hint | None:
    # 38,000 of the index's 40,000 names have one owner: a name the log does not tie to its package is anyone's (the
    # session-33 second reader's pilot#576, a typo "super()._init__" told as statsmodels'); of several packages whose
    # classes lost it, the one the log ties it to (scikit-learn's _validate_data, which mne's classes had too, under
    # scikit-learn's frames: the session-33 second reader's imbalanced-learn#744)
    owners = tuple(dist for dist in removed_method_owners(name) if _seen(dist, failure, version_of))
    if len(owners) != 1:
        return None  # no package's class lost it, or several packages' did: nothing says whose base it is
    dist = owners[0]
    base, change = _last_to_lose(dist, name)
    installed = version_of(dist)
    if change is None or change.removed_in is None or change.back_from is not None:
        return None
    narrowed = change.narrowed(installed)
    if narrowed is None or (narrowed.removed_in is None and narrowed.added_in is None):
        return None  # the release the log shows has it: another cause
    shown = f" ({dist} {installed} is installed)" if installed else ""
    if installed is None and change.added_in is not None:
        # a method some releases in the middle had: the log does not say which side the installed one is on (the
        # second reader's imbalanced-learn#723, scikit-learn 0.22 under imbalanced-learn 0.7, which needs 0.23)
        return Hint(f"{asked} is asked for {name}, a method of {possessive(dist)} {base} from {dist} {change.added_in} "
                    f"until {change.last_with} ({change.removed_in} removed it): the installed {dist} is older than "
                    f"{change.added_in} or {change.removed_in} or newer, and the class asking subclasses {base} as "
                    "the releases between have it",
                    f"install a {dist} of those releases: pip install "
                    f"\"{dist}>={change.added_in},<{change.removed_in}\", or a release of the subclass's package "
                    f"written for the installed {dist}",
                    f"reasoned from the log and {change.source}", family="api-mismatch")
    if narrowed.removed_in is None:  # the release shown is older than the one that added it
        return Hint(f"{asked} is asked for {name}, a method of {possessive(dist)} {base}: {narrowed.told}{shown}; the "
                    f"class asking subclasses {base} and was written for a newer {dist}",
                    narrowed.fix(f"a release of the subclass's package written for the installed {dist}"),
                    f"reasoned from the log and {narrowed.source}", family="api-mismatch")
    return Hint(f"{asked} is asked for {name}, a method of {possessive(dist)} {base} until {narrowed.last_with}: "
                f"{narrowed.told}{shown}; the class asking subclasses {base} and was written for {dist} before "
                f"{narrowed.removed_in}",
                narrowed.fix(f"a release of the subclass's package written for {dist} {narrowed.removed_in} or later"),
                f"reasoned from the log and {narrowed.source}", family="api-mismatch")


def _seen(dist: str, failure: Failure, version_of: Callable[[str], str | None]) -> bool:
    """Whether the log ties the failure to ``dist``: its release shown, a frame of its code, or the failing line
    naming its module."""
    tops = {top(module) for module in _modules_of(dist)}
    if version_of(dist) is not None or any(top(frame.partition(":")[0]) in tops for frame in failure.frames or ()):
        return True
    return any(re.search(rf"\b{re.escape(name)}\b", failure.source or "") for name in tops)


def _modules_of(dist: str) -> set[str]:
    data = _atlas(dist) or {}
    return {module.partition(".")[0] for module in data.get("modules", {})}


def _last_to_lose(dist: str, name: str) -> tuple[str, Change | None]:
    """The class of ``dist`` that had ``name`` the longest (the base others subclass: scikit-learn's BaseEstimator, not
    BaseWeightBoosting's own _validate_data of 0.21-0.22), and its history of it."""
    best: tuple[str, Change | None] = ("", None)
    for cls in sorted(classes_with_method(dist, name)):
        change = method_change(dist, cls, name)
        if change is None or change.last_with is None:
            continue
        held = best[1]
        if held is None or held.last_with is None or change.last_with > held.last_with or (
                change.last_with == held.last_with and (change.added_in or change.first_read)
                < (held.added_in or held.first_read)):
            best = (cls, change)
    return best


def _own_method_calls_up(name: str, failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A package's own ``name`` (a protocol method of its own: ``__sklearn_tags__``) raised calling super() for itself:
    the class above its class in the object's bases does not have it, a class written before the package added it."""
    inner = innermost_frame(failure.frames)
    module, _, function = (inner or "").partition(":")
    dist = distribution_of(module) if module else ""
    if function.rpartition(".")[2] != name or _atlas(dist) is None:  # IPython 8: "TransformerMixin.__sklearn_tags__"
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


#: Python's words for a class asked for an attribute it lacks: "type object '_CombinedConstraint' has no attribute
#: 'tree_flatten'"
_CLASS_LACKS = re.compile(r"type object '(?P<cls>\w+)' has no attribute '(?P<name>\w+)'")


def subclass_hook_asks(failure: Failure) -> Hint | None:
    """A package's base class asking each class that subclasses it for an attribute, when the class is defined (its
    ``__init_subclass__``), and another package's subclass lacking it: that package was written for a release of the
    base's package that did not ask it (holdout118a: twinify#56, numpyro 0.12's Constraint registering every subclass
    as a pytree with cls.tree_flatten)."""
    frames = failure.frames or ()
    if not failure.is_a("builtins.AttributeError") or len(frames) < 2 or not frames[-1].endswith(
            (":__init_subclass__", ".__init_subclass__")):  # IPython 8 qualifies it: "Constraint.__init_subclass__"
        return None
    found = _CLASS_LACKS.search(failure.message)
    packages = failure.packages or frozenset()
    owner_module, asking = raiser_and_asker(frames)
    if found is None or top(owner_module) not in packages or not asking or top(asking) not in packages:
        return None  # the user's own class: whatever it lacks is the user's to add
    owner, asker = distribution_of(owner_module), distribution_of(asking)
    if named_in(owner, found["cls"]) or (failure.source and f"cls.{found['name']}" not in failure.source):
        # the class named is the base's package's own ("Distribution._registry.append(cls)": its registry), not the
        # subclass the hook asks as cls (the session-38 third second reader's)
        return None
    return Hint(f"{owner}'s base class ({owner_module}) asks each class that subclasses it for {found['name']} when "
                f"the class is defined (its __init_subclass__), and {asker}'s {found['cls']} ({asking}) has none: "
                f"{asker} was written for a release of {owner} that did not ask it",
                f"install the {owner} release {asker} was written for (its declared requirement on {owner}; the one "
                f"before {owner} began to ask it), or a release of {asker} written for this {owner}",
                "reasoned from the log: the frames show the base's class hook raising for another package's subclass",
                family="api-mismatch")
