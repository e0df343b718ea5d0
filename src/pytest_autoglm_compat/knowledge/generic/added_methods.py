"""A method a later release added, asked by another installed package's code (split from ``methods``): that package
was written for the newer release.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure
from .atlas import Change, has_method, method_change
from .names import distribution_of, is_standard, possessive, top


def added_asked_by_a_package(cls: str, name: str, change: Change, installed: str | None, failure: Failure, *,
                             subclass: bool) -> Hint | None:
    """A method a pandas release added, asked of pandas' own DataFrame or Series (pandas' __getattr__ raising) by an
    installed package's code: that package was written for the newer pandas (Series.case_when of 2.2.0; not
    holdout133a's akshare#4949, DataFrame.map of 2.1.0, which Series has had all along: below). A script's call is not
    told: a one-column DataFrame where a Series was meant (df[["label"]].map, the session-36 second reader's msda#1) is
    as often the cause as code written for a newer pandas; nor a subclass's (geopandas'), nor where no frame shows
    pandas raising (PySpark's DataFrame lacks map in every release), nor one not asked of a name (below)."""
    frames = failure.frames or ()
    sibling = "Series" if cls == "DataFrame" else "DataFrame"
    if has_method("pandas", sibling, name) and method_change("pandas", sibling, name) is None:
        # a method the other of the two has had all along (DataFrame.map, 2.1.0, beside Series.map): code that means
        # the other gets this one where a column comes back as a DataFrame (the session-41 second reader's qgrid#201,
        # duplicate column names; msda#1), as often as code written for the newer pandas
        return None
    if subclass or not frames or not frames[-1].startswith("pandas.") or failure.sources is None:
        return None
    at = next((index for index in range(len(frames) - 1, -1, -1) if not frames[index].startswith("pandas.")), None)
    if at is None or is_standard(frames[at].partition(":")[0]):
        return None
    asker = frames[at]
    if not re.search(rf"(?<![\w.\])])[A-Za-z_]\w*\.{name}\(", failure.sources[at]):
        # the call as the log shows it asks a name of its own for the method: a subscript's (df[["label"]].map) or a
        # chained result's (msda#1: ".aggregate(...).map(", a Series under the pandas it was written for) is not told
        return None
    asking = top(asker.partition(":")[0])
    dist = distribution_of(asking)
    if failure.packages is None or asking not in failure.packages or dist == "pandas":
        return None  # a script's or a test's frame, or pandas' own
    narrowed = change.narrowed(installed)
    if narrowed is None:
        return None  # the version the log shows has it
    which = f"pandas {installed}" if installed else "the installed pandas (its own __getattr__ raised it)"
    return Hint(f"{possessive(dist)} code asks a pandas {cls} for {name}, which {which} does not have: "
                f"{narrowed.told}, so {dist} was written for {narrowed.written_for} pandas than the one installed",
                narrowed.fix(f"a release of {dist} written for this pandas"),
                f"reasoned from the log and {narrowed.source}", family="api-mismatch")


def installed_asker(failure: Failure) -> str | None:
    """The top-level name of the installed package whose code raised the failure in its own frame (None: a script's,
    a test's, or frames not seen)."""
    if not failure.frames or failure.packages is None:
        return None
    module = failure.frames[-1].partition(":")[0]
    if is_standard(module):
        return None
    asking = top(module)
    return asking if asking in failure.packages else None


def asked_of_its_class(cls: str, name: str, dist: str, change: Change, asking: str) -> Hint | None:
    """The answer for ``asking``'s code asking a class ``dist`` alone defines for a method a later release of it added
    (holdout138a: nbsphinx#449, Sphinx's add_source_suffix of 1.8)."""
    narrowed = change.narrowed(None)
    if narrowed is None:
        return None
    return Hint(f"{possessive(asking)} code asks a {cls} ({possessive(dist)} class) for {name}, which the "
                f"installed {dist} does not have: {narrowed.told}, so {asking} was written for "
                f"{narrowed.written_for} {dist} than the one installed",
                narrowed.fix(f"a release of {asking} written for this {dist}"),
                f"reasoned from the log and {narrowed.source}", family="api-mismatch")
