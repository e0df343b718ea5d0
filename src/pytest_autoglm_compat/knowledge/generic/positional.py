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

from packaging.version import InvalidVersion, Version

from ...model.hints import Hint
from ..failure import Failure
from .api import near, type_error_words
from .atlas import _atlas, _indexes, _releases, atlas_source, keyword_owners, owner_of_class, owners_of_class
from .keyword_history import Home, function_homes, method_homes
from .names import called_through, distribution_of, possessive

_WORDS = " positional argument"
#: the one class a failing line calls, through its module or not ("clf = svm.SVC(c, "rbf", gamma=gamma)": wandb#4107)
_CLASS_CALLED = re.compile(r"(?<![\w.])(?:[a-z_]\w*\.){0,4}([A-Z]\w*)\(")
#: Python's words, with 3.10's class and count of the keywords beside them: "mel() takes 0 positional arguments but
#: 5 were given", "pad_center() takes 1 positional argument but 2 were given", "melspectrogram() takes 0 positional
#: arguments but 1 positional argument (and 2 keyword-only arguments) were given", "DataFrame.drop() takes from 1 to
#: 2 positional arguments but 3 were given"
_TAKES = re.compile(r"(?<![\w.>])(?:(?P<cls>[A-Z]\w*)\.)?(?P<function>\w+)\(\) takes (?:from \d+ to )?(?P<takes>\d+) "
                    r"positional arguments? but (?P<given>\d+)(?: positional arguments?)?"
                    r"(?:(?P<keywords> ?\(and \d+ keyword-only arguments?\))? (?:were|was) given"
                    # the words cut inside the keyword-only count, as a thread stores them (holdout68a: voicefixer#68)
                    r"|(?P<cut> \(and \d+ keyword-only argum\w*)\s*(?:\.\.\.)?\s*$)")



def positional_call(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The answer for a function called with more positional arguments than the installed release takes, where
    one package's function of that name took fewer in some releases and enough in others."""
    if _WORDS not in failure.message or not type_error_words(failure):
        return None
    found = near(_TAKES, failure.message, _WORDS, before=80)
    if found is None or int(found["given"]) <= int(found["takes"]):
        return None
    function, takes, given = found["function"], int(found["takes"]), int(found["given"])
    called = set(_CLASS_CALLED.findall(failure.source or "")) if function == "__init__" and not found["cls"] else set()
    cls = found["cls"] or (next(iter(called)) if len(called) == 1 else None)  # Python before 3.10 names no class
    owned = (_method(cls, function, failure, takes, given) if cls
             else _function(function, takes, (found["keywords"] or found["cut"]) is not None, failure)
             or _through_its_module(function, failure.source))
    if owned is None:
        return None
    dist, name, homes = owned
    counts, home = _counts(homes)
    data = _atlas(dist)
    if data is None or home is None or (not found["cls"] and not _called_as_its(function, dist, home, failure.source)):
        # (a method the message names with its class is called through any object of it: "levels.drop(")
        return None
    releases = _releases(dist)
    installed = version_of(dist)
    side = _sides(counts, releases, takes, given, installed)
    if side is None:
        return None
    written_for, changed, other, took = side
    needed = _required(homes).get(releases.index(other))
    if needed is not None and needed > given + _named(found, function, failure.source):
        return None  # the releases it was "written for" needed more arguments than the call passes: wrong in every one
    what = "its arguments by keyword only" if takes == 0 else f"only {takes} by position"
    if written_for == "an older":
        told = f"{dist} {changed} made it take {what} ({other}, the newest release read before, took {took})"
        pin = f"{dist}<{changed}"
    else:
        told = f"{dist} {changed} made it take {took} by position ({other} took {what})"
        pin = f"{dist}>={changed}"
    dist_text = f"{dist} {installed}" if installed else f"the installed {dist}"
    counted = " (self counted)" if cls else ""
    whose = "" if "." in name else " is the one function of the packages the atlas reads that"
    source = atlas_source(dist, len(counts), releases[min(counts)], releases[max(counts)])
    return Hint(f"{name}() is called with {given} argument{'s' * (given > 1)} by position{counted}, and "
                f"{possessive(dist)} {name}() ({home}){whose} took {takes} in some releases and more in others: "
                f"{told}; with {dist_text}, the calling code was written for {written_for} {dist}",
                f"pass the arguments by name (name=value), as {possessive('this ' + dist)} {name}() asks, or install "
                f"{pin} (pip install \"{pin}\")",
                f"reasoned from the log and {source} (the arguments each release's function takes by position)",
                family="api-mismatch")


def _sides(counts: dict[int, int], releases: tuple[Version, ...], takes: int, given: int, installed: str | None
           ) -> tuple[str, Version, Version, int] | None:
    """Which side of a change of the count the caller was written for ("an older" or "a newer"), the release
    that changed it, the release read on the other side and what it took: from the run of releases taking ``takes``
    that the installed one is in (the one the log's version falls in, else the newest run). None where both
    sides, or neither, take the call's count."""
    order = sorted(counts)
    runs: list[tuple[int, int]] = []  # positions in order, first and last, of each run taking ``takes``
    for at, index in enumerate(order):
        if counts[index] == takes:
            if runs and runs[-1][1] == at - 1:
                runs[-1] = (runs[-1][0], at)
            else:
                runs.append((at, at))
    shown = _read_at_or_below(releases, order, installed)
    if shown is not None:
        runs = [run for run in runs if run[0] <= shown <= run[1]]  # the installed release's, if it took that many
    if not runs:
        return None
    first, last = runs[-1]
    before = order[first - 1] if first > 0 and counts[order[first - 1]] >= given else None
    after = order[last + 1] if last + 1 < len(order) and counts[order[last + 1]] >= given else None
    if (before is None) == (after is None):
        return None
    if before is not None:
        return "an older", releases[order[first]], releases[before], counts[before]
    assert after is not None
    return "a newer", releases[after], releases[order[last]], counts[after]


def _read_at_or_below(releases: tuple[Version, ...], order: list[int], installed: str | None) -> int | None:
    """The position in ``order`` of the newest release read at or below the installed version a log shows."""
    try:
        version = Version(installed) if installed else None
    except InvalidVersion:
        return None
    if version is None:
        return None
    below = [at for at, index in enumerate(order) if releases[index] <= version]
    return below[-1] if below else None


#: how a call may name a package's function: its module (``librosa.filters.mel(``), the package's conventional alias
_ALIASES = {"matplotlib": ("plt", "mpl"), "pandas": ("pd",), "numpy": ("np",), "scikit-learn": ("sklearn",),
            "scikit-image": ("skimage",)}


def _called_as_its(function: str, dist: str, home: str, source: str | None) -> bool:
    """The calling line, where the log shows it, calls the function bare or through its package: a call through
    another object (``audio_utils.mel(``, ``self.mel(``) is someone else's function of that name."""
    call = re.search(rf"(?:(?P<through>[\w.]+)\.)?\b{re.escape(function)}\(", source or "")
    if not source or call is None:
        return True
    through = call["through"]
    if through is None:
        return True
    top = through.split(".")[0]
    return top == home.split(".")[0] or top in _ALIASES.get(dist, ())


def _function(function: str, takes: int, keywords: bool, failure: Failure) -> tuple[str, str, list[Home]] | None:
    """The one package whose module's function of that name took ``takes`` by position in some releases only
    (the atlas's keyword index), with its homes."""
    distinctive = "_" in function.strip("_") and len(function) >= 10
    if takes != 0 and not distinctive:
        return None  # "drop() takes 2 positional arguments": a short name is anyone's, a user's own function too
    owners = keyword_owners(function, f"*{takes}")
    if owners is None or not all(":" in owner for owner in owners[1]):
        return None  # a class's method: the words do not say which class
    if not (distinctive or keywords or owners[0] in failure.message or owners[0] in (failure.packages or ())):
        # "table() takes 0 positional arguments but 2 were given" is as often a user's own function of no parameters;
        # Python 3.10's "(and 1 keyword-only argument)" says the function has keyword-only parameters
        return None
    dist, functions = owners
    return dist, function, function_homes(dist, functions)


def _through_its_module(function: str, source: str | None) -> tuple[str, str, list[Home]] | None:
    """The package whose module the failing line calls the function through ("librosa.core.load(": holdout50a's
    Retrieval-based-Voice-Conversion-WebUI#1961; "librosa.load(": holdout72a's vocal-remover#99), where that module,
    or one below it, defines a function of that name: a short name's owner, told by the call itself."""
    paths = called_through(function, source)
    dist = distribution_of(paths[0]) if paths else None
    data = _atlas(dist) if dist is not None else None
    if dist is None or data is None:
        return None
    through = paths[0]
    modules = [module for module in data["modules"] if module == through or module.startswith(f"{through}.")]
    homes = function_homes(dist, tuple(f"{module}:{function}" for module in modules))
    return (dist, f"{through}.{function}", homes) if homes else None


def _method(cls: str, method: str, failure: Failure, takes: int = -1, given: int = -1
            ) -> tuple[str, str, list[Home]] | None:
    """The package whose class the message names, with the homes of that class's method; where several packages
    define the class, the one whose method took ``takes`` by position in some releases and ``given`` in others
    (pandas 2.0's DataFrame.drop, not dask's: holdout103a's carsus#339, pauvre#47)."""
    seen = frozenset(distribution_of(frame.partition(":")[0]) for frame in failure.frames or ())
    dist = owner_of_class(cls, beyond_the_stack=True, seen=seen)
    if dist is None and takes >= 0:
        fits = [owner for owner in owners_of_class(cls) if _took_both(method_homes(owner, cls, method), takes, given)]
        dist = fits[0] if len(fits) == 1 else None
    if dist is None or _atlas(dist) is None:
        return None
    return dist, f"{cls}.{method}", method_homes(dist, cls, method)


def _took_both(homes: list[Home], takes: int, given: int) -> bool:
    counts, _ = _counts(homes) if homes else ({}, None)
    return takes in counts.values() and any(count >= given for count in counts.values())


def _required(homes: list[Home]) -> dict[int, int]:
    """Per release read (its index), how many of the function's parameters have no default (the pseudo-keyword
    ``+K``), where its homes agree."""
    return _agreed(_marked(homes, "+"))


_KEYWORD_ONLY = re.compile(r"\(and (\d+) keyword-only argument")


def _named(found: re.Match[str], function: str, source: str | None) -> int:
    """How many arguments the call passes by name: Python's "(and N keyword-only arguments)", else the keywords the
    call on the frame's source line writes out (``name=value``)."""
    counted = _KEYWORD_ONLY.search(found.group(0))
    if counted:
        return int(counted.group(1))
    call = source.partition(f"{function}(")[2] if source else ""
    return len(re.findall(r"\b\w+\s*=(?!=)", call))


def _counts(homes: list[Home]) -> tuple[dict[int, int], str | None]:
    """Per release read (its index), how many arguments the function takes by position (left out: a release
    where it takes ``*args``, an argument decorator decides, or two homes disagree); and its home in the newest."""
    found = _marked(homes, "*")
    known = _agreed(found)
    return known, (min(found[max(known)]) if known else None)


def _marked(homes: list[Home], mark: str) -> dict[int, dict[str, int]]:
    """Per release read (its index), per home's module, the count a pseudo-keyword gives (``*N``, ``+K``)."""
    found: dict[int, dict[str, int]] = {}
    for module, spec, within in homes:
        for keyword, spans in spec["keywords"].items():
            if keyword.startswith(mark) and keyword[1:].isdigit():
                for index in _indexes(spans, within):
                    found.setdefault(index, {})[module] = int(keyword[1:])
    return found


def _agreed(found: dict[int, dict[str, int]]) -> dict[int, int]:
    """The count of each release whose homes agree on one."""
    counts = {index: set(by_module.values()) for index, by_module in found.items()}
    return {index: n.pop() for index, n in counts.items() if len(n) == 1}
