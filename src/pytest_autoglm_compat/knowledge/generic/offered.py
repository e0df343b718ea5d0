"""pip's "Could not find a version that satisfies the requirement X (from versions: ...)": what the releases it
lists say of the requirement, where they say something (a pin for another Python or platform, a floor above every
release), and nothing claimed where the log shows pip could not read the index.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ...model.hints import AHEAD_OF_THE_INDEX, INDEX_UNREAD, INDEX_WITHOUT_BUILDS, MISNAMED, Hint
from ..release_table import releases_meeting, span
from .atlas import never_released, newest_release, published
from .names import requirement_name
from .resolver import spec_contains as _contains
from .wheels import wheels_only

_HELD_MARKER = r"(?:;[^()\n]{1,200}?)?"
#: where the requirement was asked: "(from -r requirements.txt (line 1))", "(from x==1.0)"; then pip's list
_ASKED_THEN_LISTED = r"(?: \(from (?!versions:)[^()\n]{1,200}(?:\([^()\n]{1,40}\))?\))? \(from versions: "
#: pip: "Could not find a version that satisfies the requirement torch==2.1.2 (from versions: 2.2.0)"; a name with
#: no specifier, or no release at all ("from versions: none": a misspelt name, or none for this platform), says less
_NO_MATCHING_RELEASE = re.compile(r"Could not find a version that satisfies the requirement (?P<req>[A-Za-z0-9][\w.-]*"
                                  r"(?:\[[\w,.-]+\])?\s*(?:==|>=|<=|~=|!=|<|>)[^\s(;]{1,200})"
                                  # the marker that held ('; platform_machine == "x86_64"': holdout63a, EasyR1#136),
                                  + _HELD_MARKER + _ASKED_THEN_LISTED
                                  + r"(?P<versions>(?!none\))[^)\n]{1,4000})\)")
#: the same words for a floor alone ("accelerate>=1.11.0"), the list of releases whole or cut where it was pasted
_FLOOR_NOT_MET = re.compile(r"Could not find a version that satisfies the requirement (?P<name>[A-Za-z0-9][\w.-]*)"
                            r"(?:\[[\w,.-]+\])?\s*(?P<spec>>=?\s*\d[\w.]{0,40})"
                            + _HELD_MARKER + _ASKED_THEN_LISTED + r"(?!none\))")

#: the same words for an exact pin, the list of releases cut where it was pasted (no closing parenthesis on its line)
_PIN_LIST_CUT = re.compile(r"Could not find a version that satisfies the requirement (?P<name>[A-Za-z0-9][\w.-]*)"
                           r"(?:\[[\w,.-]+\])?\s*==\s*(?P<version>\d[\w.]{0,40})" + _HELD_MARKER + _ASKED_THEN_LISTED
                           + r"(?!none\))(?P<versions>[^)\n]{1,4000})$", re.MULTILINE)


def pythons_declared(name: str, spec: str) -> str | None:
    """"releases that meet it (6.1.3 to 9.2.0), each declaring Python >=3.8 or newer": PyPI's releases meeting a
    requirement, where each declares a Python floor (None: the table holds none, or one declares no floor)."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        wanted = SpecifierSet(spec)
    except InvalidSpecifier:
        return None
    meeting = releases_meeting(name, wanted)
    floors = [release.python_floor for release in meeting]
    if not meeting or any(floor is None for floor in floors):
        return None
    lowest = min(floor for floor in floors if floor is not None)
    return f"releases that meet it ({span(meeting)}), each declaring Python >={lowest} or newer"


def offered_releases(message: str, offline: bool, other_index: bool = False, pypi_read: bool = False) -> Hint | None:
    """The answer for pip's list of the releases none of which met a requirement (None: it says nothing).

    ``other_index``: the log shows pip given an index or links page of the user's choosing; ``pypi_read``: the log
    shows pip reading PyPI's own files (files.pythonhosted.org), no mirror's."""
    named = _PLACEHOLDER_ASKED.search(message) if "from versions: " in message else None
    if named is not None:
        name, spec, placeholder = named["name"], named["spec"].strip(), _PLACEHOLDERS[named["name"].lower()]
        return Hint(f"the requirement names {name}, which on the index is a placeholder (its releases, "
                    f"{named['versions']}, only tell pip users to install {placeholder}), not the package itself",
                    f"require {placeholder}{spec} in its place (pip install \"{placeholder}{spec}\")",
                    "reasoned from the log: pip's own words; the index's placeholder projects", family=MISNAMED)
    floor = _FLOOR_NOT_MET.search(message)
    floor_listed = message[floor.end():].partition(")")[0] if floor else ""  # whole, or cut where it was pasted
    if floor and not _listed_meets(floor["spec"].replace(" ", ""), floor_listed):
        # every release listed is under the floor (a list cut where it was pasted says no more); one that meets it
        # (a pre-release, pip passing it over) is another story: not told
        name, spec = floor["name"], floor["spec"].replace(" ", "")
        if offline:
            return _index_unread(name)
        listed = [Version(v.strip()) for v in floor_listed.partition("\n")[0].split(",") if _parses(v.strip())]
        bound = _lower_bound(f"{name}{spec}")
        newest = newest_release(canonicalize_name(name))
        if listed and bound is not None and newest is not None and newest >= bound and pypi_read and not other_index:
            # the package published a release that meets it (the atlas reads it) and the log shows PyPI's own files:
            # the newer releases are for another Python or platform (holdout88a: imbalanced-learn#944,
            # scikit-learn>=1.1.0 on a Python whose newest is 1.0.2); where no index is shown, a mirror that lags says
            # the same (holdout21a's distractor XVERSE-13B#20)
            return _ahead_of_the_list(f"{name}{spec}", max(listed), bound, other_index)
        declared = pythons_declared(name, spec)
        if declared is not None and not other_index:
            # PyPI's releases that meet it and the Pythons they declare (knowledge/releases/): told, still no
            # claim, since a mirror that lags lists the same (holdout144a: readthedocs.org#10333, Sphinx>=6.1.3)
            return Hint(f"pip found no release of {name} that meets {name}{spec}: PyPI has {declared}, and pip lists "
                        "only the releases the running Python can install: the running Python is older than they "
                        "declare, or the index pip read is a mirror that lags",
                        f"run pip with a Python those releases declare (python --version shows the one running), or "
                        f"install from an index that has {name}{spec}",
                        "reasoned from the log: pip's own words for a requirement no release meets; the bundled "
                        "release table (PyPI's files)", family=AHEAD_OF_THE_INDEX)
        return Hint(f"pip found no release of {name} that meets {name}{spec}: every release the index offers this "
                    f"Python is older (the requirement asks for one not published yet, or the index is a mirror that "
                    "lags, or the newer releases need another Python)",
                    f"require a published release of {name} (pip index versions {name} lists them), or install "
                    f"from an index that has {name}{spec}",
                    "reasoned from the log: pip's own words for a requirement no release meets",
                    family=AHEAD_OF_THE_INDEX)
    cut = _PIN_LIST_CUT.search(message) if not other_index else None
    pinned = Version(cut["version"]) if cut is not None and _parses(cut["version"]) else None
    if cut is not None and pinned is not None and published(cut["name"], pinned) and not _series_listed(
            pinned, cut["versions"]):
        # a release pip would have taken had it listed it: where the package is known to have published it, pip passed
        # it over for this Python or platform, whatever the cut part of the list held (holdout76a: bilive#171,
        # numba==0.55.1 on Python 3.12)
        requirement = f"{cut['name']}=={cut['version']}"
        if offline:
            return _index_unread(requirement)
        return Hint(f"no release the index offers this Python and platform meets {requirement} (pip's list of those "
                    f"it offers is cut where it was pasted), and {cut['name']} did publish {cut['version']} (the API "
                    "atlas reads its series): the pinned release is for another Python or platform",
                    "use a Python (and platform) the pinned release has wheels for (its Requires-Python and wheel "
                    f"tags on the index say which), or a release of {cut['name']} published for this Python",
                    "reasoned from the log: pip's own words for a requirement no release meets; the bundled API atlas",
                    family="version-guard")
    offered = _NO_MATCHING_RELEASE.search(message)
    if offered and not never_released(offered["req"]) and not _listed_meets(offered["req"], offered["versions"]):
        # a pin to nothing is a typo, not another platform's; one a listed release meets failed for another reason
        requirement, releases = offered["req"], _shown(offered["versions"])
        if offline:
            return _index_unread(requirement)
        label = requirement.rpartition("+")[2]
        labels = {version.strip().partition("+")[2] for version in releases.split(",")}
        if "+" in requirement and len(labels) == 1 and "" not in labels and label not in labels:
            # every release listed is of one other build (+cpu where +cu121 is asked: the session-23 second reader's
            # case): another build's index; a links page lists every build, a mixed list says no more
            return Hint(f"the index pip read offers builds of another kind ({releases}) and none +{label}: it is the "
                        f"index of another build than {requirement}",
                        f"install from the index of the +{label} builds (for torch: --index-url "
                        f"https://download.pytorch.org/whl/{label}), or ask for a build this index offers",
                        "reasoned from the log: pip's own words for a requirement no release meets",
                        family="binary-mismatch")
        if "+" in requirement and not other_index and "+" not in releases:
            # a build's local label (jaxlib==0.4.9+cuda12.cudnn88, torch==2.0.0+cu118), with no index of the
            # project's given; where one was ("Looking in links: https://developer.intel.com/ipex-whl-stable-xpu":
            # holdout55a, intel-extension-for-pytorch#379), or the list shows local builds (holdout56a: OneTrainer#191),
            # that index has no build of it for this Python and platform
            return Hint(f"the index offers no build {requirement} (it offers {releases}): builds with a local label "
                        "come from the project's own index, not PyPI, and may have none for this platform",
                        "install from the project's own index of builds (its install guide's --index-url or -f), "
                        "for a platform it publishes them for, or a release the index offers",
                        "reasoned from the log: pip's own words for a requirement no release meets",
                        family=INDEX_WITHOUT_BUILDS)
        bound = _lower_bound(requirement)
        listed = [Version(version.strip()) for version in offered["versions"].split(",") if _parses(version.strip())]
        if bound is not None and listed and max(listed) < bound:
            return _ahead_of_the_list(requirement, max(listed), bound, other_index)
        return Hint(f"no release the index offers this Python and platform meets {requirement} (it offers "
                    f"{releases}): the pin was written for another Python or platform",
                    "use a Python (and platform) the pinned release has wheels for, or a release of the package "
                    f"that asks for a version the index offers here (one of {releases})",
                    "reasoned from the log: pip's own words for a requirement no release meets",
                    family="version-guard")
    return None


#: projects the index keeps for a package's other name, whose releases refuse to install and name the package: PyPI's
#: "pytorch" (0.1.2, 1.0.2: "The package named for PyTorch is torch") and "sklearn" (deprecated for scikit-learn)
_PLACEHOLDERS = {"pytorch": "torch", "sklearn": "scikit-learn"}
_PLACEHOLDER_ASKED = re.compile(r"Could not find a version that satisfies the requirement "
                                rf"(?P<name>(?i:{'|'.join(_PLACEHOLDERS)}))"
                                r"(?P<spec>\s*(?:==|>=|<=|~=|!=|<|>)[^\s(]{1,200})? "
                                r"(?:\(from (?!versions:)[^()\n]{1,200}(?:\([^()\n]{1,40}\))?\) )?"
                                r"\(from versions: (?P<versions>(?!none\))[^)\n]{1,4000})\)")


#: the placeholders' own refusals, as their setup.py raises them: PyPI's "pytorch" 1.0.2 ('You tried to install
#: "pytorch". The package named for PyTorch is "torch"'), "sklearn" 0.0.post (its deprecation message)
_PLACEHOLDER_REFUSED = re.compile(r'You tried to install "(?P<name>pytorch)"\. The package named for PyTorch is "torch"'
                                  r"|The '(?P<name2>sklearn)' PyPI package is deprecated, use 'scikit-learn'")


def placeholder_built(message: str) -> Hint | None:
    """A placeholder project's own refusal to install: the requirement names it, not the package meant."""
    found = _PLACEHOLDER_REFUSED.search(message) if "You tried to install" in message or "PyPI package is " \
        "deprecated" in message else None
    if found is None:
        return None
    name = found["name"] or found["name2"]
    meant = _PLACEHOLDERS[name]
    return Hint(f"the requirement names {name}, a placeholder on the index that only refuses to install and names "
                f"{meant}, not the package itself", f"require {meant} in its place in the requirements (pip install "
                f"{meant})", "reasoned from the log: the placeholder's own message; the index's placeholder projects",
                family=MISNAMED)


def _series_listed(version: Version, listed: str) -> bool:
    """Whether pip's list (the part pasted) offers a release of ``version``'s minor series: the series is this
    Python's, and a pin in it pip did not find is a release that does not exist (or was yanked), not another
    Python's."""
    return any(Version(found).release[:2] == version.release[:2]
               for found in (v.strip() for v in listed.split(",")) if _parses(found))


def _lower_bound(requirement: str) -> Version | None:
    """The requirement's highest lower bound ("numpy~=2.2.1": 2.2.1; None where it has none that parses)."""
    bounds = [Version(found["version"]) for found in _LOWER_BOUND.finditer(_spec_of(requirement))
              if _parses(found["version"])]
    return max(bounds) if bounds else None


#: the operators of a requirement that bound it from below: "==2.2.1", "~=2.2.1", ">=2.2", ">2.2"
_LOWER_BOUND = re.compile(r"(?:===?|~=|>=?)\s*(?P<version>\d[\w.]{0,40})")


def _parses(version: str) -> bool:
    try:
        Version(version)
    except InvalidVersion:
        return False
    return True


def _ahead_of_the_list(requirement: str, listed_newest: Version, bound: Version, other_index: bool) -> Hint:
    """A pin above every release pip lists: a release for other Pythons or platforms where the package is known to
    have published one that high and PyPI was read; otherwise no claim (a mirror that lags: the session-28 second
    reader's tuna#1292, TUNA not yet synced with pyocd 0.31)."""
    dist = requirement_name(requirement) or requirement
    newest = newest_release(canonicalize_name(dist))
    if other_index or newest is None or newest < bound:
        return Hint(f"pip found no release of {dist} that meets {requirement}: every release the index offers this "
                    f"Python is older (the newest is {listed_newest}; the requirement asks for one not published yet, "
                    "or the index is a mirror that lags, or the newer releases need another Python)",
                    f"require a published release of {dist} (pip index versions {dist} lists them), or install "
                    f"from an index that has {requirement}",
                    "reasoned from the log: pip's own words for a requirement no release meets",
                    family=AHEAD_OF_THE_INDEX)
    if wheels_only(dist):
        # no source distribution to fall back on: the newer releases' wheels are for other Pythons or platforms
        # (holdout116b: onnxruntime#21912, #24338, #20852, whose wheels from 1.17 ask glibc 2.28, on CentOS 7)
        return Hint(f"no release the index offers this Python and platform meets {requirement}: the newest it offers "
                    f"is {listed_newest}, and {dist} has published releases that high ({newest}: the API atlas reads "
                    f"it) as wheels only, so no wheel of the newer releases fits this machine: they are built for "
                    "other Pythons, or need a newer glibc, macOS or another CPU architecture (or the index is a "
                    "mirror that lags)",
                    f"use a Python and platform the pinned release has wheels for (its files on the index name their "
                    f"tags), or a pin to a release the index offers here (the newest is {listed_newest})",
                    "reasoned from the log: pip's own words for a requirement no release meets; the bundled API atlas; "
                    f"the index's files of {dist} (wheels only)", family="binary-mismatch")
    return Hint(f"no release the index offers this Python and platform meets {requirement}: the newest it offers is "
                f"{listed_newest}, and {dist} has published releases that high ({newest}: the API atlas reads it), "
                "so the newer releases are for another Python or platform (or the index is a mirror that lags)",
                f"use a Python (and platform) the pinned release has wheels for, or a pin to a release the index "
                f"offers here (the newest is {listed_newest})",
                "reasoned from the log: pip's own words for a requirement no release meets; the bundled API atlas",
                family="version-guard")


def _shown(listed: str, ends: int = 4) -> str:
    """pip's list of releases as an answer quotes it: a long list by its first and its last releases (numpy's, from
    1.3.0: holdout69a's jes#50)."""
    versions = [version.strip() for version in listed.split(",")]
    if len(versions) <= 2 * ends + 1:
        return listed
    return f"{', '.join(versions[:ends])}, ..., {', '.join(versions[-ends:])}: {len(versions)} releases"


def _listed_meets(requirement: str, listed: str) -> bool:
    """Whether a release pip's list names meets the requirement (pip passed it over: a pre-release, a yanked one)."""
    spec = _spec_of(requirement)
    return any(_contains(spec, version.strip()) for version in listed.split(","))


def _spec_of(requirement: str) -> str:
    """The requirement without its name and extras ("numpy~=2.2.1": "~=2.2.1")."""
    return re.sub(r"^[A-Za-z0-9][\w.-]*(?:\[[\w,.-]+\])?\s*", "", requirement)


def _index_unread(requirement: str) -> Hint:
    return Hint(f"pip lists no release that meets {requirement}, and the log shows it could not read the index (a "
                "certificate, proxy or network error above): the releases it lists are those it could read",
                "fix the connection to the index (the error above it), then install again",
                "reasoned from the log: pip's own words for an index it could not read", family=INDEX_UNREAD)
