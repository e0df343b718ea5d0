"""Why pip found no release of a requirement that PyPI has releases for, read from the bundled release table
(``knowledge/releases/``): their Requires-Python, or wheels for other Pythons only.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import Version

from ...model.hints import Hint
from ..failure import Failure
from ..release_table import SYSTEM_NAMES, Release, releases_meeting, releases_of, span, table_date
from .machine import Situation

#: pip's two words for a requirement no release of its index meets: "Could not find a version that satisfies the
#: requirement Sphinx>=6.1.3 (from versions: 0.1.61611, ...)" and "No matching distribution found for sphinx==7.2.2"
_NONE_MEETS = re.compile(r"(?:Could not find a version that satisfies the requirement |No matching distribution found "
                         r"for )(?P<requirement>[A-Za-z0-9][\w.-]{0,100}(?:\[[\w,.-]{0,100}\])?"
                         r"(?:\s?(?:[<>=!~]=?|===)\s?[\w.*+!-]{1,40}(?:,\s?(?:[<>=!~]=?|===)\s?[\w.*+!-]{1,40}){0,5})?)")
#: the releases pip lists after it: "(from versions: 1.0.0, 1.0.1, 1.0.2, 1.0.3)"
_LISTED = re.compile(r"\(from versions: (?P<versions>[^()\n]{1,20000})\)")
#: pip's banner of the Python running it, where it is one pip warns of: "DEPRECATION: Python 2.7 reached the end of its
#: life on January 1st, 2020" (holdout144a: MyST-Parser#155, Read the Docs' Python 2.7)
PIP_PYTHON = re.compile(r"DEPRECATION: Python (?P<minor>[23]\.\d{1,2}) (?:reached|will reach) the end of its life")
#: Poetry's installer finding no file of a locked release it can install here: "Unable to find installation candidates
#: for torch (1.13.1)" (holdout157b: Wattile#275, applied-ai-rag-assistant#8, pylingual#129; holdout78a: io#1881)
_NO_CANDIDATES = re.compile(r"Unable to find installation candidates for (?P<name>[A-Za-z0-9][\w.-]{0,100}) "
                            r"\((?P<version>[\w.+!-]{1,40})\)")
#: the distributions PyTorch's own index publishes CUDA builds of, as local versions ("2.4.1+cu124")
_PYTORCH_CUDA_BUILDS = frozenset({"torch", "torchvision", "torchaudio"})
#: Poetry 2's count below it of the wheels it skipped for their tags ("24 wheel(s) were skipped as your project's
#: environment does not support the identified abi tags"), beside its other reasons (an installer.no-binary policy)
_SKIPPED_FOR_TAGS = re.compile(r"(?P<count>\d+) wheel\(s\) were skipped as your project's environment does not "
                               r"support the identified abi tags")
_CANDIDATES = re.compile(r"(?P<count>\d+) candidate\(s\) were identified for the package")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("Could not find a version that satisfies the requirement", "No matching distribution found for",
         "Unable to find installation candidates for")


def release_reasons(failure: Failure, situation: Situation) -> Hint | None:
    """The releases meeting a requirement pip found none of, and what shuts them out of the Python the log shows: their
    Requires-Python, or wheels for other Pythons only (None: no Python shown, or one of them installs on it)."""
    message = failure.message
    if "Unable to find installation candidates for" in message:
        return _poetry_candidates(message, situation)
    found = _NONE_MEETS.search(message) if any(words in message for words in WORDS) else None
    if found is None or situation.offline or situation.other_index:
        return None  # an index not reached, or another than PyPI (the table says what PyPI has)
    try:
        requirement = Requirement(found["requirement"].replace(" ", ""))
    except InvalidRequirement:
        return None
    releases = releases_of(requirement.name)
    if not releases or "+" in str(requirement.specifier):
        return None  # a package the table does not hold; a local version label, another index's build (torch's +cu118)
    specifier = requirement.specifier
    meeting = releases_meeting(requirement.name, specifier)
    name = requirement.name
    if not meeting:
        return None
    python = situation.python or situation.pip_python
    # (no Python shown: pip's list stopping below them is as much a mirror that lags as an older Python, holdout21a's
    # distractor XVERSE-13B#20; offered.py reads that list, and claims where the log shows PyPI's own files; unless
    # the list stops exactly where Requires-Python rises, below)
    if python is None:
        listed = _LISTED.search(message, found.end())
        return _below_floor(name, str(specifier), meeting, listed["versions"], releases) if listed else None
    return _for_python(name, str(specifier), meeting, python)


def _below_floor(name: str, spec: str, meeting: list[Release], listed: str, releases: tuple[Release, ...]
                 ) -> Hint | None:
    """pip's list of the releases it may install stops at the last one whose Requires-Python admits an older Python,
    and every later release the table holds declares a higher floor (holdout163a: squidpy#375, omnipath 1.0.4 on
    Python 3.6): the list pip filters by the running Python's version, not a mirror cut at a date (which would keep
    a later release of the same floor)."""
    try:
        newest = max(Version(v.strip()) for v in listed.split(",") if v.strip())
    except ValueError:  # "none", or a version packaging cannot read
        return None
    last = next((r for r in releases if r.version == newest), None)
    later = [r for r in releases if r.version > newest and (newest.is_prerelease or not r.version.is_prerelease)]
    if last is None or not later:
        return None
    floor = last.python_floor
    floors = [r.python_floor for r in later]
    if any(f is None or (floor is not None and f <= floor) for f in floors):
        return None  # a later release this Python could install too: not Requires-Python's cut
    lowest = min(f for f in floors if f is not None)
    return Hint(f"pip lists {name}'s releases up to {newest}, and every later one ({span(later)}), among them every "
                f"release that meets {name}{spec}, declares a Requires-Python of Python {lowest} or newer: pip lists "
                f"only the releases the running Python can install, so this Python is older than {lowest}",
                f"use Python {lowest} or newer (a venv made with it), or ask for a release of {name} that still "
                "supports this Python (the newest pip lists)",
                f"reasoned from the log and the bundled release table (PyPI's files, read {table_date()})",
                family="version-guard")


def _for_python(name: str, spec: str, meeting: list[Release], python: str) -> Hint | None:
    """The Python the log shows, and the releases meeting the requirement, none of which installs on it."""
    admitted = [r.admits(python) for r in meeting]
    if any(a is not False for a in admitted):
        return None  # one installs on this Python (its platform may be what shuts it out: not read here)
    by_python = [r for r in meeting if r.requires_python is not None
                 and not r.requires_python.contains(Version(f"{python}.99"), prereleases=True)]
    releases = f"every release of {name} that meets {name}{spec}" if spec else f"every release of {name}"
    if len(by_python) == len(meeting):
        floors = sorted({str(r.requires_python) for r in meeting})
        running = Version(python)
        if all(r.python_floor is not None and running < r.python_floor for r in meeting):
            fit = "too old for them"
        elif all(r.python_floor is None or running >= r.python_floor for r in meeting):
            fit = "newer than any of them supports"  # their ceilings ("<3.9,>=3.7": rasa 2.8 on Python 3.9)
        else:
            fit = "outside the Pythons each of them supports"
        return Hint(f"{releases} ({span(meeting)}) declares a Requires-Python that "
                    f"leaves out Python {python} ({', '.join(floors[:3])}), and pip lists only the releases the "
                    f"running Python can install: this Python {python} is {fit}",
                    f"use a Python those releases support (a venv made with it), or ask for a release of {name} that "
                    f"still supports Python {python}",
                    f"reasoned from the log and the bundled release table (PyPI's files, read {table_date()})",
                    family="version-guard")
    pythons = sorted({tag for r in meeting for tag in r.pythons}, key=lambda tag: (len(tag), tag))
    return Hint(f"{releases} ({span(meeting)}) is published as wheels only, built for "
                f"{', '.join(pythons[:8])}: none for Python {python}, and no source distribution to build",
                f"use a Python those wheels are built for, or ask for a release of {name} with a wheel for Python "
                f"{python}",
                f"reasoned from the log and the bundled release table (PyPI's files, read {table_date()})",
                family="binary-mismatch")


def _poetry_candidates(message: str, situation: Situation) -> Hint | None:
    """Poetry found no file of a locked release it can install in the project's environment: every wheel skipped for
    its tags, by Poetry 2's own count (``poetry_wheels_refused``), or the release table's files built for other
    systems only (None: neither shown; a policy such as installer.no-binary skipped them, or the Python Poetry itself
    runs is all the log shows, which need not be the project's)."""
    found = _NO_CANDIDATES.search(message)
    if found is None:
        return None
    name, version = found["name"], found["version"]
    if situation.poetry_wheels_refused:
        return Hint(f"Poetry skipped every wheel of {name} {version} it found: none carries a tag the project's "
                    "environment supports (its Python, its ABI or its platform), and no source distribution was left "
                    "to build",
                    f"run the project with a Python and platform {name} {version} publishes wheels for (poetry debug "
                    f"tags lists the environment's tags; PyPI's files page of {name} lists the wheels), lock a "
                    f"release of {name} with a wheel for this environment, or, where no release has one for this "
                    "platform, leave it out there (a platform marker on the dependency)",
                    "reasoned from the log: Poetry's own count of the wheels it skipped for their tags",
                    family="binary-mismatch")
    system = situation.poetry_system if situation.poetry_system in ("windows", "macos") else None
    local = version.partition("+")[2]
    if system == "macos" and re.fullmatch(r"cu\d{2,3}", local) and name.lower() in _PYTORCH_CUDA_BUILDS:
        return Hint(f"{name} {version} is a CUDA build ({local}) from PyTorch's own index, and PyTorch publishes no "
                    "CUDA build for macOS (its macOS wheels are the plain release, CPU and Apple's MPS), so Poetry's "
                    "installer finds no file of it it can install there",
                    f"on macOS lock the plain release ({name} {version.partition('+')[0]} from PyPI) or keep the "
                    "CUDA build's source to Linux and Windows (a platform marker on the dependency, or a source "
                    "with markers), and run the CUDA build on a Linux or Windows machine with an NVIDIA GPU",
                    "reasoned from the log: Poetry's words, its files' macOS path and the local version's CUDA tag "
                    "(PyTorch's install matrix: no CUDA on macOS)", family="binary-mismatch")
    release = next((r for r in releases_of(name) or () if str(r.version) == version), None)
    if system is None and release is not None and not release.sdist and release.systems and not situation.poetry_policy:
        # no system shown: a release of wheels only (torch 1.13.1: holdout157b's Wattile#275), none of which fits
        # this environment's Python or platform
        built = ", ".join(SYSTEM_NAMES.get(s, s) for s in sorted(release.systems))
        return Hint(f"{name} {version} is published as wheels only (built for {built}, each for some Pythons), and "
                    "Poetry's installer finds none it can install in this environment and no source distribution to "
                    "build: its Python, platform or CPU is not one a wheel is built for",
                    f"run the project with a Python and platform {name} {version} publishes wheels for (poetry debug "
                    f"tags lists the environment's; PyPI's files page of {name} lists the wheels), lock a release of "
                    f"{name} with a wheel for this environment, or, where no release has one for this platform, leave "
                    "it out there (a platform marker on the dependency)",
                    f"reasoned from the log and the bundled release table (PyPI's files, read {table_date()})",
                    family="binary-mismatch")
    if system is None or release is None or release.sdist or system in release.systems or not release.systems:
        return None
    built, here = ", ".join(SYSTEM_NAMES.get(s, s) for s in sorted(release.systems)), SYSTEM_NAMES[system]
    return Hint(f"{name} {version} is published as wheels only, built for {built}: none for {here}, where "
                "this runs, and no source distribution to build, so Poetry's installer finds no file it can install",
                f"lock a release of {name} that publishes a wheel for {here} (or leave it out there: a "
                "platform marker on the dependency), or run the project on a system its wheels are built for",
                f"reasoned from the log and the bundled release table (PyPI's files, read {table_date()})",
                family="binary-mismatch")


def poetry_wheels_refused(text: str) -> bool:
    """Poetry 2's count of the files it found for a release says every one was a wheel skipped for its tags (no policy
    such as installer.no-binary skipped any, and no count of candidates above the wheels skipped)."""
    skipped, identified = _SKIPPED_FOR_TAGS.search(text), _CANDIDATES.search(text)
    return skipped is not None and " policy" not in text and (identified is None
                                                              or identified["count"] == skipped["count"])


def poetry_system(text: str) -> str | None:
    """The system Poetry's own files show it running on, from a line naming its package's folder
    (".../site-packages/poetry/installation/chooser.py"): a drive letter's Windows, a macOS home (not WSL's
    /mnt/c/Users), another absolute path's Linux; None where no such line shows. A prompt's or a host's words are not
    read: Poetry may run in a container the host started (the session-44 second reader's PowerShell running docker
    build)."""
    for line in text.splitlines():
        if "poetry" not in line or "site-packages" not in line:
            continue
        folder = re.search(r"(?P<path>(?:[A-Za-z]:\\|/)[^\n]{0,300}?site-packages[/\\]poetry[/\\])", line)
        if folder is None:
            continue
        path = folder["path"]
        if re.match(r"[A-Za-z]:\\", path):
            return "windows"
        # Homebrew's Cellar outside Linuxbrew's /home/linuxbrew is a Mac's (/usr/local on Intel, /opt/homebrew on
        # Apple silicon: the session-44 second reader's pandas-ai#1415, entropix#48)
        mac = path.startswith("/Users/") or ("/Cellar/" in path and "linuxbrew" not in path)
        return "macos" if mac else "linux"
    return None
