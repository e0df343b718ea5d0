"""A package's own check of the running Python, in its words (split from ``guards``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from packaging.version import Version

from ...model.hints import Hint
from ..failure import Failure
from .machine import Situation
from .names import possessive

#: a package's own check of the running Python: "RuntimeError: Python version >= 3.8 required.", and with the one
#: Python 2 release it still admits: "Python version 2.7 or >= 3.4 required." (holdout93a: tweets_analyzer#25, numpy
#: 1.12's setup.py)
#: (not absl-py 0.9.0's "Python version 2.7 or 3.4+ is required.", which its setup.py raises on Python 3.10 and later
#: by comparing the version as text, and where the log may show no Python or another one: the session-37 second
#: reader's abseil-py#161 and look-alikes)
_PYTHON_FLOOR = re.compile(r"\bPython (?:version )?(?:(?P<two>2\.\d{1,2}) or )?(?P<spec>>=\s*3\.\d{1,2}) "
                           r"(?:is )?required")

#: a setup script's check of one Python series: MACS2 2.1's "CRITICAL: Python version must be 2.7!" (holdout141a:
#: MACS#287, under pip3)
_MUST_BE = re.compile(r"\bPython version must be (?P<need>[23](?:\.\d{1,2})?)(?:!|\.|$)")
#: a setup script's assert of the running Python: "AssertionError: Must use python 3.9 or newer" (habitat-sim's
#: setup.py; holdout128a: mopa#6)
_MUST_USE = re.compile(r"\b[Mm]ust use [Pp]ython (?P<need>3\.\d{1,2}) or (?:newer|later|above|higher)\b")


#: a setup script's check naming both Pythons: "Scikit-learn requires Python 3.5 or later. The current Python version
#: is 2.7.15 installed in /usr/bin/python." (scikit-learn 0.21's setup.py; holdout119a: testplan#178), "Biopython
#: requires Python 3.6 or later. Python 3.5 detected." (Biopython 1.77's setup.py; holdout132a: biopython#2942)
_FLOOR_AND_FOUND = re.compile(r"(?P<package>[A-Za-z][\w.-]{0,40}) requires Python (?P<need>3\.\d{1,2}(?:\.\d{1,2})?) "
                              r"or (?:later|newer|above|greater)\.? (?:The current Python version is "
                              r"(?P<found>\d\.\d{1,2})|Python (?P<detected>\d\.\d{1,2})(?:\.\d{1,2})? detected)")

#: meson-python's check of the package's requires-python at build time: "meson-python: error: Package requires Python
#: version >=3.9, running on 3.8.10" (holdout124a: scipy#19571, a checkout built with an older Python)
_BACKEND_PYTHON = re.compile(r"[Pp]ackage requires Python version (?P<spec>[<>=!~][^\n]{0,80}?),? running on "
                             r"(?P<found>\d+\.\d+(?:\.\d+)?)")
#: PDM's resolver: dependencies that do not support every Python the project's requires-python admits: "Unable to find
#: a resolution because the following dependencies don't work on all Python versions defined by the project's
#: `requires-python`: >=3.10" (holdout124a: pdm#1136)
_PDM_PYTHONS = re.compile(r"Unable to find a resolution because the following dependencies don't work on all Python "
                          r"versions defined by the project's `?requires-python`?: (?P<spec>[^\n]{1,60})")
#: a setup script's ceiling on the running Python: "Python 3.9.0 or higher is not yet supported, please use an older
#: Python version." (SeismicMesh 3.4's setup.py; holdout152a: SeismicMesh#201, its python_requires admitting 3.9)
_CEILING = re.compile(r"\bPython (?P<ceiling>3\.\d{1,2}(?:\.\d{1,2})?) or (?:higher|newer|later|above) is not "
                      r"(?:yet )?supported")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("ackage requires Python version", "don't work on all Python versions", "ust use python", "ust use Python",
         " or higher is not yet supported", " or newer is not yet supported")


def python_floor(message: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """The package's own Python floor, and the Python it refused (None: no such check in the message)."""
    backend = _BACKEND_PYTHON.search(message) if "ackage requires Python version" in message else None
    if backend is not None:
        spec, found = backend["spec"].strip(), backend["found"]
        return Hint(f"the build backend's check of the package's requires-python refuses this Python: the source "
                    f"being built requires Python {spec}, and this Python is {found}",
                    f"build it with a Python that meets {spec} (a venv made with it), or install a release of the "
                    f"package that supports Python {found} (from the index, pip picks one by its requires-python)",
                    "reasoned from the log: the build backend's own Python version check", family="version-guard")
    pdm = _PDM_PYTHONS.search(message) if "don't work on all Python versions" in message else None
    if pdm is not None:
        spec = pdm["spec"].strip()
        return Hint(f"PDM's resolver refuses the project's requires-python ({spec}): it admits Pythons that the "
                    "dependencies listed below the message do not support (their own Python bounds, on each "
                    "candidate's line)",
                    "narrow requires-python in pyproject.toml to the Pythons those dependencies support (an upper "
                    "bound where they have one), or require releases of them that support every Python it admits",
                    "reasoned from the log: PDM's resolver against the project's requires-python",
                    family="version-guard")
    both = _FLOOR_AND_FOUND.search(message) if "The current Python version is" in message or (
        " detected" in message) else None
    if both is not None and Version(both["found"] or both["detected"]) < Version(both["need"]):
        package, need, found = both["package"], both["need"], both["found"] or both["detected"]
        package = "the package" if package.lower() in ("package", "this", "it", "module", "library") else package
        return Hint(f"{possessive(package)} own check requires Python {need} or later, and this Python is {found}: the "
                    "release "
                    f"pip chose needs a newer Python", f"run it with Python {need} or newer (a venv made with "
                    f"python{need}), or install the last release of {package} that supports Python {found} (its "
                    "requirement pinned below the release that dropped it)",
                    "reasoned from the log: the package's own Python version check", family="version-guard")
    ceiling = _CEILING.search(message) if " is not " in message and "supported" in message else None
    if ceiling is not None:
        top = ceiling["ceiling"]
        return Hint(f"the package's own check (its setup script) refuses Python {top} and newer, and this Python is "
                    f"one of them: the release pip chose does not support it yet (pip picked it all the same: its "
                    "declared requires-python admits this Python, or it declares none)",
                    f"run it with a Python older than {top} (a venv made with it), or install a newer release of the "
                    f"package that supports Python {top}",
                    "reasoned from the log: the package's own Python version check", family="version-guard")
    only = _MUST_BE.search(message) if "ython version must be " in message else None
    if only is not None:
        need = only["need"]
        return Hint(f"the package's own check (its setup script) requires Python {need}, and this Python is another: "
                    f"the release pip chose supports Python {need} only",
                    f"run it with Python {need} (a venv made with python{need}), or install a release of the package "
                    "that supports this Python (pip picks one by its requires-python where the package declares it)",
                    "reasoned from the log: the package's own Python version check", family="version-guard")
    floor = _PYTHON_FLOOR.search(message) if "ython" in message else None
    must = _MUST_USE.search(message) if floor is None and "ust use" in message else None
    if must is not None:  # habitat-sim's setup.py: "assert StrictVersion(...)", "Must use python 3.9 or newer"
        spec, two = f">={must['need']}", None
    elif floor is None:
        return None
    else:
        spec, two = floor["spec"].replace(" ", ""), floor["two"]
    need = spec.lstrip(">=")
    return Hint(f"the package's own check requires Python {f'{two} or ' if two else ''}{spec}, and this Python is "
                + (f"another (an older 2.x, or a 3.x before {need})" if two else "older"),
                f"run it with Python {f'{two} or ' if two else ''}{need} or newer (a venv made with python{need}), "
                "or a release of the package that still admits this Python",
                "reasoned from the log: the package's own Python version check", family="version-guard")


#: absl-py's setup.py (older releases, 0.9.0 and 0.4.1 among them): "py_version = platform.python_version_tuple(); if
#: py_version < ('2', '7') or py_version[0] == '3' and py_version < ('3', '4'): raise RuntimeError('Python version 2.7
#: or 3.4+ is required.')",
#: a compare of strings: '10' < '4', so it refuses Python 3.10 and newer as well as 3.0-3.3 (holdout114a: Ciphey#789,
#: abseil-py#208; the session-37 second reader's abseil-py#161 and look-alikes)
ABSL_FLOOR = "Python version 2.7 or 3.4+ is required"
#: a Python minor a log shows: an interpreter's path, its banner or `python --version`
_SHOWN_PYTHON = re.compile(r"[Pp]ython ?(?P<minor>[23]\.\d{1,2})(?:\.\d+|\b)")


def absl_pythons(text: str) -> str:
    """Which Python absl-py's text compare met, where the log shows its check and absl-py: "text" (3.10 or newer),
    "older" (3.0-3.3: the check is right), "fits" (only Pythons it lets through: another one ran), "unshown" (none
    shown), "" (not its check)."""
    if ABSL_FLOOR not in text or "absl" not in text:
        return ""
    shown = {(int(m["minor"][0]), int(m["minor"].partition(".")[2])) for m in _SHOWN_PYTHON.finditer(text)}
    if any(python < (2, 7) or (3, 0) <= python < (3, 4) for python in shown):  # its check is right there (2.6.6)
        return "older"
    if any(python >= (3, 10) for python in shown):
        return "text"
    return "fits" if shown else "unshown"


def absl_floor(failure: Failure, situation: Situation) -> Hint | None:
    """absl-py's own check of the Python, read by which Python the log shows (None: not its check, or another Python
    ran it)."""
    if ABSL_FLOOR not in failure.message or situation.absl_python not in ("text", "unshown"):
        return None
    shown = situation.absl_python == "text"
    return Hint("absl-py's setup.py (older releases, 0.9.0 among them) refuses this Python: its check compares the "
                "version's parts as text, so it turns away Python 3.10 and newer ('10' sorts before '4') as well as "
                "3.0 to 3.3"
                + (": this Python is 3.10 or newer" if shown else " (the log does not show which Python ran it)"),
                "install a newer absl-py (later releases have no such check: pip install -U absl-py, and loosen the "
                "pin that asks for the old one), or run the old pin on Python 3.9 or older",
                "reasoned from the log: absl-py's own setup.py check (a compare of strings)", family="version-guard")
