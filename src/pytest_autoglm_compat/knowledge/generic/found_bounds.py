"""A library's own check that names, in one sentence, the bound it keeps on another package and the release it found:
"PennyLane is not yet compatible with JAX versions > 0.6.2. You have version 0.7.0 installed." (holdout171a:
pennylane#7949), "NequIP supports PyTorch 1.11.* or 1.13.* or later, but 1.11.0+cu113 found" (holdout175a:
nequip#459). Read only where the sentence gives both, and the found release is outside the bound it states; and two
checks in their own fixed words: a requirement with the release found ("ComfyUI version mismatch (current: 0.28.3,
required: >=1.0.0)") and a floor no importable release met ("You must have at least OpenMM 6.3 installed").

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ...model.hints import Hint
from ..failure import Failure
from .guards import spelled

_VERSION = r"v?(?P<{}>\d+(?:\.\d+){{0,3}})"
#: "X is not (yet) compatible with Y versions > a. You have version b installed"
_NOT_COMPATIBLE_ABOVE = re.compile(
    r"\b(?P<who>[A-Za-z][\w.-]{0,60}) is not (?:yet )?compatible with (?P<name>[A-Za-z][\w.-]{0,60}) versions? "
    r"(?P<cmp>>|>=|above|newer than|later than) ?" + _VERSION.format("bound")
    + r"\.? You have (?:version )?" + _VERSION.format("found"))
#: "X supports Y <spec words>, but <version> found" (an assertion's own words)
_SUPPORTS_BUT = re.compile(
    r"\b(?P<who>[A-Za-z][\w.-]{0,60}) supports (?P<name>[A-Za-z][\w.-]{0,60}) (?P<spec>[^\n]{1,80}?),? but "
    + _VERSION.format("found") + r"(?P<local>\+[\w.]{1,40})? (?:is )?(?:found|installed|detected)\b")
#: "X version mismatch (current: a, required: <spec>)" (ComfyUI-Manager refusing a node: holdout180a's rocm-ninodes#7)
_CURRENT_REQUIRED = re.compile(
    r"\b(?P<name>[A-Za-z][\w.-]{0,60}) version mismatch \(current: " + _VERSION.format("found")
    + r", required: (?P<spec>[^)\n]{1,80})\)")
#: a release named in the supported list ("1.11.*", "1.13.* or later", ">=2.1")
_SUPPORTED = re.compile(r"(?P<version>\d+(?:\.\d+){0,3})(?P<star>\.\*)?(?P<later> or (?:later|newer|above|higher))?")
#: a bound written with an operator ("Qt version >= 5.15": holdout134a's devbio-napari#22, PyQtGraph's check)
_OPERATORS = re.compile(r"(>=|<=|==|~=|<|>)\s*v?(\d+(?:\.\d+){0,3})")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
#: a library's floor with no release found: "You must have at least OpenMM 6.3 installed" (holdout184a: openmm#3974,
#: ParmEd's decorator), "Could not find or import OpenMM version 7.0+" (holdout184a: transformato#76, ParmEd's check)
_AT_LEAST = re.compile(r"You must have at least (?P<name>[A-Za-z][\w.-]{0,60}) (?P<floor>\d+(?:\.\d+){0,3}) installed|"
                       r"Could not find or import (?P<name2>[A-Za-z][\w.-]{0,60}) version "
                       r"(?P<floor2>\d+(?:\.\d+){0,3})\+")
WORDS = (" compatible with ", " supports ", " version mismatch (current: ", "You must have at least ",
         "Could not find or import ")


def found_against_bound(failure: Failure) -> Hint | None:
    """The library's sentence, where the release it found is outside the bound it names (None: no such sentence, or
    one whose found release meets its own bound: the check is not what failed)."""
    message = failure.message
    above = _NOT_COMPATIBLE_ABOVE.search(message) if "compatible with" in message else None
    if above is not None:
        return _above(above)
    supports = _SUPPORTS_BUT.search(message) if " supports " in message else None
    if supports is not None:
        return _supported(supports)
    floor = _AT_LEAST.search(message) if "You must have at least " in message or "find or import " in message else None
    if floor is not None:
        name, least = floor["name"] or floor["name2"], floor["floor"] or floor["floor2"]
        return Hint(f"the library's own check requires {name} {least} or newer and found none it could import: {name} "
                    "is not installed in this Python, is older, or is installed under another import name than the "
                    f"check imports (a package that renamed its module, as OpenMM 7.6 did: openmm for simtk.openmm)",
                    f"install {name} {least} or newer in the Python that runs the check (python -c 'import ...' with "
                    f"the name the check imports shows which), or a release of the checking library that imports "
                    f"{name} under the name the installed release has",
                    "reasoned from the log: the library's own words for the floor it checks",
                    family="version-guard")
    required = _CURRENT_REQUIRED.search(message) if "version mismatch (current: " in message else None
    return _required(required) if required is not None else None


def _required(found: re.Match[str]) -> Hint | None:
    """"ComfyUI version mismatch (current: 0.28.3, required: >=1.0.0)": a requirement the found release is outside."""
    try:
        admitted = _admits(found["spec"], Version(found["found"]))
    except (InvalidVersion, InvalidSpecifier):
        return None
    if admitted is not False or not _OPERATORS.search(found["spec"]):
        return None
    dist, spec = found["name"], found["spec"].strip()  # as the check names it (ComfyUI is no distribution)
    return Hint(f"a version check refuses {dist} {found['found']}: what is being installed or run requires {dist} "
                f"{spec}", f"install a {dist} release that meets {spec}, or a release of what asks for it whose "
                f"requirement admits {dist} {found['found']}",
                "reasoned from the log: the check's own words for the release it found and the one it requires",
                family="version-guard")


def _above(found: re.Match[str]) -> Hint | None:
    who, dist, bound, got = found["who"], spelled(found["name"]), found["bound"], found["found"]
    inclusive = found["cmp"] == ">="
    try:
        outside = Version(got) >= Version(bound) if inclusive else Version(got) > Version(bound)
    except InvalidVersion:
        return None
    if not outside:
        return None
    ceiling = f"<{bound}" if inclusive else f"<={bound}"
    return Hint(f"{who}'s own check: it does not support {dist} {found['cmp']} {bound} yet, and {dist} {got} is "
                "installed", f"pip install '{dist}{ceiling}' (or a release of {who} that supports {dist} {got})",
                "reasoned from the log: the library's own words for the release it found and its bound",
                family="version-guard")


def _admits(spec: str, got: Version) -> bool | None:
    """Whether the supported list admits the release: its operators' bounds where it writes some (">= 5.15"), else
    its clauses ("1.11.*", "1.13.* or later", "2.0"); None where it names no release."""
    bounds = _OPERATORS.findall(spec)
    if bounds:
        return got in SpecifierSet(",".join(op + version for op, version in bounds))
    clauses = list(_SUPPORTED.finditer(spec))
    if not clauses:
        return None
    admitted = False
    for clause in clauses:
        named = Version(clause["version"])
        if clause["later"]:
            admitted |= got >= named
        elif clause["star"]:
            admitted |= got.release[:len(named.release)] == named.release
        else:
            admitted |= got == named
    return admitted


def _supported(found: re.Match[str]) -> Hint | None:
    """"1.11.* or 1.13.* or later": the releases each clause admits; the found one in none of them."""
    try:
        admitted = _admits(found["spec"], Version(found["found"]))
    except (InvalidVersion, InvalidSpecifier):
        return None
    if admitted is None:
        return None
    who, dist = found["who"], spelled(found["name"])
    shown = found["found"] + (found["local"] or "")
    if admitted and found["local"]:
        # the words admit the release, the check refused it: it compares the whole version, its local label too
        # ("1.11.0+cu113" is no release equal to 1.11.0 for a check written as ==; nequip#459's maintainer)
        return Hint(f"{who}'s own check refuses {dist} {shown}, though its words admit {found['spec'].strip()}: the "
                    f"check compares the whole version, local label ({found['local']}) included, and so misses the "
                    "release it means to allow",
                    f"a release of {who} whose check ignores the local label, or skip that check (the maintainers' "
                    f"workaround: comment it out); or install a {dist} release past the bound it compares",
                    "reasoned from the log: the library's own words for the releases it supports and the one it found",
                    family="version-guard")
    if admitted:
        return None
    return Hint(f"{who}'s own check: it supports {dist} {found['spec'].strip()}, and {dist} {shown} is installed",
                f"install a {dist} release {who} supports ({found['spec'].strip()}), or a release of {who} that "
                f"supports {dist} {found['found']}",
                "reasoned from the log: the library's own words for the releases it supports and the one it found",
                family="version-guard")
