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
from ..release_table import Release, releases_meeting, releases_of, span, table_date
from .machine import Situation

#: pip's two words for a requirement no release of its index meets: "Could not find a version that satisfies the
#: requirement Sphinx>=6.1.3 (from versions: 0.1.61611, ...)" and "No matching distribution found for sphinx==7.2.2"
_NONE_MEETS = re.compile(r"(?:Could not find a version that satisfies the requirement |No matching distribution found "
                         r"for )(?P<requirement>[A-Za-z0-9][\w.-]{0,100}(?:\[[\w,.-]{0,100}\])?"
                         r"(?:\s?(?:[<>=!~]=?|===)\s?[\w.*+!-]{1,40}(?:,\s?(?:[<>=!~]=?|===)\s?[\w.*+!-]{1,40}){0,5})?)")
#: pip's banner of the Python running it, where it is one pip warns of: "DEPRECATION: Python 2.7 reached the end of its
#: life on January 1st, 2020" (holdout144a: MyST-Parser#155, Read the Docs' Python 2.7)
PIP_PYTHON = re.compile(r"DEPRECATION: Python (?P<minor>[23]\.\d{1,2}) (?:reached|will reach) the end of its life")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("Could not find a version that satisfies the requirement", "No matching distribution found for")


def release_reasons(failure: Failure, situation: Situation) -> Hint | None:
    """The releases meeting a requirement pip found none of, and what shuts them out of the Python the log shows: their
    Requires-Python, or wheels for other Pythons only (None: no Python shown, or one of them installs on it)."""
    message = failure.message
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
    # distractor XVERSE-13B#20; offered.py reads that list, and claims where the log shows PyPI's own files)
    return _for_python(name, str(specifier), meeting, python) if python is not None else None


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
