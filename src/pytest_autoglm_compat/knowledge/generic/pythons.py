"""pip's words for releases whose Requires-Python excludes the running Python: a release it refuses ("requires a
different Python"), and those it passed over while it looked for one that meets a requirement.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ...model.hints import Hint
from ..failure import Failure
from .atlas import published
from .machine import Situation
from .resolver import spec_contains as _contains

#: pip: "ERROR: Package 'ccm' requires a different Python: 3.8.18 not in '>=3.9'" (the release's Requires-Python;
#: Python 2's pip prints u'aiohttp')
_OTHER_PYTHON = re.compile(r"Package u?'(?P<name>[^'\s]{1,200})' requires a different Python: "
                           r"(?P<found>\d[\w.+]*) not in '(?P<spec>[^'\n]{1,200})'")
#: pip 20's legacy resolver: "ERROR: Packages require a different Python. 3.9.5 not in: '<=3.9,>=3.6' (required by
#: nvidia-dali-cuda110 1.3.0 (from ...))" (holdout79a: DALI#3144, a "<=3.9" that leaves out 3.9.5)
_PACKAGES_OTHER_PYTHON = re.compile(r"Packages require a different Python\. (?P<found>\d[\w.+]*) not in:\s+"
                                    r"'(?P<spec>[^'\n]{1,200})' \(required by (?P<name>[A-Za-z0-9][\w.-]{0,100})")
#: pip 9's words: "pypacker requires Python '>=3.3.*,>=3.4.*,>=3.5.*,>=3.6.*' but the running Python is 3.5.2"
#: (holdout126a: pypacker#26)
_PIP9_PYTHON = re.compile(r"(?P<name>[A-Za-z0-9][\w.-]{0,100}) requires Python '(?P<spec>[^'\n]{1,200})' but the\s+"
                          r"running Python is (?P<found>\d[\w.+]*)")
#: the Python minors a fix may name, oldest first
_PYTHONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")
#: pip: "ERROR: Ignored the following versions that require a different python version: 1.1.0 Requires-Python
#: >=3.8; 1.10.0 Requires-Python <3.12,>=3.8" (printed with "Could not find a version" for that requirement)
_IGNORED_FOR_PYTHON = "Ignored the following versions that require a different python version:"
_IGNORED_RELEASE = re.compile(r"(?P<version>\d[\w.+!]{0,60}) Requires-Python (?P<spec>[^;\n]{1,200}?)\s*(?:;|$)")
_REQUIREMENT_NOT_MET = re.compile(r"Could not find a version that satisfies the requirement "
                                  r"(?P<name>[A-Za-z0-9][\w.-]*)(?:\[[\w,.-]+\])?\s*"
                                  r"(?P<spec>(?:==|>=|<=|~=|!=|<|>)[^\s(]{1,200})?")
#: the Python minors pip's Requires-Python may exclude, oldest first
_ALL_PYTHONS = ("2.7", "3.5", "3.6", "3.7", *_PYTHONS)


def requires_python(message: str) -> Hint | None:
    """The answer for pip's words of a Requires-Python this Python is outside (None: the message has none)."""
    if _IGNORED_FOR_PYTHON in message:
        other_pythons = _ignored_for_python(message)
        if other_pythons is not None:
            return other_pythons
    other_python = (_OTHER_PYTHON.search(message) or _PACKAGES_OTHER_PYTHON.search(message)
                    if "a different Python" in message else
                    _PIP9_PYTHON.search(message) if "running Python is" in message else None)
    if other_python:
        return _other_python(other_python["name"], other_python["found"], other_python["spec"])
    skipped = _LINK_SKIPPED.search(message) if "is incompatible with the python" in message else None
    if skipped is not None:
        name, spec = skipped["name"], skipped["spec"]
        return Hint(f"pip passed over the releases of {name} whose Requires-Python ({spec}) excludes this Python, and "
                    "installed (or looked for) an older one: the Python is older than the release the code wants",
                    f"use a Python that {name}'s newest release supports ({spec}), or pin a release of {name} that "
                    "supports this Python (the code may need the newer one)",
                    "reasoned from the log: pip -v's words for a release it skipped", family="version-guard")
    return None


#: pip -v passing over a file for its Requires-Python: "The package https://.../dicom_anonymizer-1.0.12-py3-none-any.whl
#: (from https://pypi.org/simple/dicom-anonymizer/) (requires-python:>=3.8) is incompatible with the pythonversion in
#: use." (holdout105a: dicom-anonymizer#68, Python 3.6 left with 1.0.11)
_LINK_SKIPPED = re.compile(r"/simple/(?P<name>[A-Za-z0-9][\w.-]{0,100})/?\) \(requires-python:"
                           r"(?P<spec>[^)\n]{1,100})\) is incompatible with the python ?version in use")


def _ignored_for_python(message: str) -> Hint | None:
    """pip passed over releases whose Requires-Python excludes the running Python. Where the requirement pip could
    not meet is in the log, it is this Python's only where one of those releases would have met it (a pin to a
    release that does not exist reads the same way otherwise)."""
    listed = message[message.index(_IGNORED_FOR_PYTHON) + len(_IGNORED_FOR_PYTHON):]
    ignored: list[tuple[str, SpecifierSet]] = []
    for found in _IGNORED_RELEASE.finditer(listed.partition("\n")[0]):
        try:
            ignored.append((found["version"], SpecifierSet(found["spec"].strip().rstrip("."))))
        except InvalidSpecifier:
            continue
    wanted = _REQUIREMENT_NOT_MET.search(message)
    if not ignored:
        return _cut_list_pin(wanted, listed.partition("\n")[0].strip())
    subject = "the requirement"
    if wanted is not None:
        name, spec = wanted["name"], (wanted["spec"] or "").rstrip(".")
        if spec:
            try:
                asked = SpecifierSet(spec)
            except InvalidSpecifier:
                return None
            matching = [(v, s) for v, s in ignored if _contains(str(asked), v) is True]
            if not matching:
                return None  # none of the releases passed over meets the pin: a pin to no release, not this Python
            ignored = matching
        subject = f"{name}{spec}"

    def admits(spec: SpecifierSet, minor: str) -> bool:
        return spec.contains(f"{minor}.0") or spec.contains(f"{minor}.99")
    admitted = {version: [m for m in _ALL_PYTHONS if admits(spec, m)] for version, spec in ignored}
    outside = [minor for minor in _ALL_PYTHONS if not any(minor in found for found in admitted.values())]
    if not outside or not any(admitted.values()):
        return None
    source = "reasoned from the log: pip's own list of releases it passed over for their Requires-Python"
    if wanted is not None and len(ignored) == 1:
        (version, spec), = ignored
        newest = admitted[version][-1] if admitted[version] else None
        return Hint(f"{subject} asks for {wanted['name']} {version}, whose Requires-Python is {spec}: pip passed over "
                    "it because this Python is outside that range, so the pin was written for another Python",
                    f"run it with a Python in {spec}" + (f" (python{newest} is the newest it admits)" if newest else "")
                    + f", or pin a release of {wanted['name']} that admits this Python", source,
                    family="version-guard")
    lowest = min((found[0] for found in admitted.values() if found), key=_ALL_PYTHONS.index)
    older = [m for m in outside if _ALL_PYTHONS.index(m) < _ALL_PYTHONS.index(lowest)]
    python = (f"this Python is older than {lowest}, the oldest any of them admits" if older == outside else
              f"this Python is {outside[0]}, the one Python none of them admits" if len(outside) == 1 else
              "this Python is one none of them admits")
    return Hint(f"pip passed over {len(ignored)} releases of {subject} because their Requires-Python excludes this "
                f"Python ({ignored[0][0]} declares {ignored[0][1]}): {python}, so the requirement was written for "
                "another Python",
                (f"run it with Python {lowest} or newer (a venv made with python{lowest}) where the releases need "
                 "it, " if older == outside else "run it with a Python the releases it needs admit, ") +
                "or pin releases" + (f" of {wanted['name']}" if wanted is not None else "") + " that still admit this "
                "Python", source, family="version-guard")


def _other_python(name: str, found: str, spec: str) -> Hint | None:
    """pip installs no release whose Requires-Python excludes the running Python; a release pinned, a path or a
    URL it cannot pass over, so it says so."""
    try:  # (pip 9 took a wildcard after >=, ">=3.6.*", which packaging no longer parses: read as ">=3.6")
        allowed = SpecifierSet(re.sub(r"(?<=[<>]=)\s*(\d+(?:\.\d+)*)\.\*", r"\1", spec))
        running = Version(found)
    except (InvalidSpecifier, InvalidVersion):
        return None
    if running in allowed:
        return None
    first = next((minor for minor in _PYTHONS if allowed.contains(f"{minor}.0") and Version(f"{minor}.0") > running),
                 None)
    python = f" (Python {first} or newer: a venv made with python{first})" if first else ""
    return Hint(f"{name} declares Requires-Python {spec}, and this Python is {found}: pip refuses to install it",
                f"run with a Python that meets {spec}{python}, or install a release of {name} whose Requires-Python "
                f"admits Python {found} (an older one, where the pin or the path asks for this one)",
                "reasoned from the log: pip's own words for a release's Requires-Python", family="version-guard")


def _cut_list_pin(wanted: re.Match[str] | None, listed: str) -> Hint | None:
    """pip's list of releases passed over for their Requires-Python, cut where it was pasted ("..."), and an exact pin
    pip found no release for, which the atlas read as published: that release is one pip passed over (holdout79a:
    CVLface#38, scipy==1.8.1 on Python 3.12)."""
    if wanted is None:
        return None
    pin = re.fullmatch(r"==(\d+(?:\.\d+){1,3})", (wanted["spec"] or "").rstrip("."))
    if pin is None or listed.strip(". …") or not published(wanted["name"], Version(pin[1])):
        return None
    name, version = wanted["name"], pin[1]
    return Hint(f"{name}=={version} is a published release, and pip passed over releases for their Requires-Python "
                f"(its list is cut here): {name} {version} declares a Requires-Python this Python is outside, so the "
                "pin was written for another Python",
                f"run it with a Python {name} {version} supports (pip index versions {name}, or its page on PyPI, "
                f"shows its Requires-Python), or pin a release of {name} that admits this Python",
                "reasoned from the log: pip's list of releases passed over for their Requires-Python, and the API "
                "atlas's releases", family="version-guard")


#: a package's compiled module asked for ("No module named 'rclpy._rclpy'"), or its own words for it ("The C extension
#: '.../rclpy/_rclpy.cpython-38-x86_64-linux-gnu.so' isn't present on the system")
_COMPILED_ASKED = re.compile(r"No module named '(?P<package>[A-Za-z]\w{0,60})\.(?P<module>_\w{1,60})'"
                             r"|The C extension '[^'\n]{0,300}/(?P<package2>[A-Za-z]\w{0,60})/(?P<module2>_\w{1,60})\.")


def site_of_another_python(failure: Failure, situation: Situation) -> Hint | None:
    """A package installed for one Python, its compiled module asked for by another Python (holdout129b: ros2#852,
    fishros-install#19: ROS 2 Dashing's rclpy for Python 3.6 run by Miniconda's 3.7, or by Ubuntu 20.04's 3.8)."""
    if situation.python_mix is None:
        return None
    found = _COMPILED_ASKED.search(failure.message) if "No module named" in failure.message or (
        "The C extension" in failure.message) else None
    if found is None:
        return None
    package, module = found["package"] or found["package2"], found["module"] or found["module2"]
    site, running = situation.python_mix
    return Hint(f"{package} is installed for Python {site} (its site-packages under python{site}), and Python "
                f"{running} imports it: its compiled module {module} is built for Python {site} only",
                f"run it with Python {site}, the interpreter its install is for (the system's python{site} where a "
                f"distribution installed it: leave conda's or a venv's Python out of PATH for it), or install "
                f"{package} built for Python {running}",
                "reasoned from the log: the package's folder and the import machinery's, under two Pythons",
                family="binary-mismatch")
