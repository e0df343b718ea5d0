"""Solvers' reports other than pip's and conda 4's, read as one conflict: libmamba's tree of the packages it found
incompatible, Spack's concretizer constraint.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.utils import canonicalize_name

from ...model.hints import Hint
from .resolver import VERSION_AS_NAME, specs_apart

#: resolvelib's refusal as PDM prints it, its requirements Python's own: the project's requires-python (parent=None)
#: and a candidate's Requires-Python that does not cover it (holdout186a: pdm#2339, numpy 1.26.1's >=3.9,<3.13 under
#: the project's open-ended >=3.10.1)
_PDM_PYTHON = re.compile(r"PythonRequirement\(name='python'[^)]{0,300}?specifier=<PySpecSet (?P<spec>[^\n]{0,100}?)>, "
                         r"[^)]{0,200}\), parent=(?:None|<Candidate (?P<by>[\w.-]{1,100})@(?P<at>[\w.+!-]{1,60})>)")


def _pdm_python(message: str) -> Hint | None:
    """The project's requires-python wider than a dependency's release admits, in PDM's words."""
    found = list(_PDM_PYTHON.finditer(message))
    project = next((f["spec"] for f in found if f["by"] is None), None)
    other = next((f for f in found if f["by"] is not None), None)
    if project is None or other is None:
        return None
    return Hint(f"PDM's resolver needs every dependency to support every Python the project's requires-python "
                f"({project}) admits, and {other['by']} {other['at']} supports Python {other['spec']} only: no "
                f"release it could choose covers the project's whole range",
                f"bound the project's requires-python to what the dependency supports (requires-python = "
                f"\"{project},<...\" in pyproject.toml, the upper bound {other['by']} sets), or require a release of "
                f"{other['by']} whose Requires-Python covers the range",
                "reasoned from the log: resolvelib's requirements as PDM prints them", family="version-guard")


def solver_tree(message: str, macos: bool = False) -> Hint | None:
    """libmamba's or Spack's words for requirements no version meets together (None: neither's, or no conflict)."""
    if "PythonRequirement(" in message and "ResolutionImpossible" in message:
        return _pdm_python(message)
    tree = any(headline in message for headline in MAMBA_HEADLINES)
    virtual = _VIRTUAL_MISSING.search(message) if "is missing on the system" in message else None
    macos = macos or "osx-" in message
    if virtual is not None and (not _PYTHON_ROW.search(message) or macos):
        return _virtual_missing(virtual["what"], macos)  # (a Python conflict beside it: the tree's answer)
    if tree and "is not installable because it requires" in message:
        told = _mamba_conflict(message)
        if told is not None:
            return told
    if tree and not VERSION_AS_NAME.search(message):
        # its tree, where no one pair is read apart (cut, or each option's requirement spread over its branches): the
        # requested packages it names (holdout88a: imbalanced-learn#1141, holdout95a: MDAKits#161 and six more)
        named = list(dict.fromkeys(m["name"] for m in _MAMBA_TOP.finditer(message)))[:4]
        if named:
            return Hint("conda's solver (libmamba) finds no set of releases that meets every requirement together: its "
                        f"tree of the conflict starts from {', '.join(named)} (each branch a release's requirement no "
                        "available build meets beside the others)",
                        "follow the tree to the requirement it cannot meet (a Python version, a pin of the environment "
                        "file or of an installed package), then relax that pin or create the environment anew with "
                        "fewer pins (conda create -n ENV python=... PACKAGES)",
                        "reasoned from the log: libmamba's words for the packages it found incompatible",
                        family="version-guard")
    if not tree and _MAMBA_ROW.match(message):
        # a row of its tree pasted without the headline above it (holdout118a: GenoPred#94, R packages' builds whose
        # python_abi conflicts with the Python already chosen): the same solver's words, the requested ones not shown
        return Hint("conda's solver (libmamba) finds no set of releases that meets every requirement together: the "
                    "part of its tree pasted names builds that conflict with releases it already chose (the headline "
                    "and the tree's top, which name the requests, are cut above)",
                    "read the whole tree to the requirement it cannot meet (a Python version, a pin of the environment "
                    "file or of an installed package), then relax that pin or create the environment anew with fewer "
                    "pins (conda create -n ENV python=... PACKAGES)",
                    "reasoned from the log: libmamba's words for a build that conflicts with what it chose",
                    family="version-guard")
    spack = _SPACK_CONSTRAINT.search(message) if "but spec asked for" in message else None
    if spack is not None:
        # the version "asked for" is the spec's as concretized: the user's, or one the concretizer picked itself (the
        # session-31 second reader's spack#11659); Spack before 0.11 named the constrained package alone ("Package
        # python requires version 2.6:2.7, but spec asked for 3.5.2": spack#2234)
        name, bound, asked = spack["name"] or spack["package"], spack["range"], spack["asked"]
        who = spack["who"] or f"a package that depends on {name}"
        return Hint(f"Spack's concretizer: {who} requires {name}@{bound}, and the spec as concretized has "
                    f"{name}@{asked} (asked for, or picked by the concretizer): no {name} meets both",
                    f"ask for a {name} in that range (^{name}@{bound}), or for releases of "
                    + (f"the packages that pull in {who}" if spack["who"] else f"the package that bounds {name}")
                    + f" that admit {name} {asked}",
                    "reasoned from the log: Spack's words for a version constraint it cannot meet",
                    family="version-guard")
    return None


#: libmamba's headline over its tree of what it found incompatible: "├─ ambertools ==23.3 py312h1577c9a_6 is requested
#: and can be installed;", "└─ openmmforcefields ==0.11.2 pyhd8ed1ab_1 is not installable because it requires", "└─
#: ambertools >=20.0,<23 , which conflicts with any installable versions previously reported." (holdout76a: Umol#27)
MAMBA_INCOMPATIBLE = "The following packages are incompatible"
#: conda's virtual packages a build needs that this system does not show: "__cuda is missing on the system", "__glibc
#: >=2.28 is missing on the system" (the session-38 third second reader's)
_PYTHON_ROW = re.compile(r"─ python (?:[<>=~]|\d)|requires\s+python [<>=~]")
_VIRTUAL_MISSING = re.compile(r"__(?P<what>cuda|glibc|osx|linux)\b[^\n]{0,60}? is missing on the system")
#: a row of libmamba's tree: "├─ r-optparse 1.7.3**  is not installable because it conflicts with any installable
#: versions previously reported;"
_MAMBA_ROW = re.compile(r"[├└│ ]*[├└]─ [A-Za-z0-9][\w.-]* [^\n]{0,200}conflicts with any installable versions "
                        r"previously reported")
#: and mamba 2's over one package's ("The following package could not be installed": holdout107a, cuml#5969)
MAMBA_HEADLINES = (MAMBA_INCOMPATIBLE, "The following package could not be installed")
#: a top-level entry of its tree ("├─ imbalanced-learn 0.13.0  is installable with ...", "└─ python 3.12** is
#: requested and can be installed;", "├─ pin on python 3.12.* =* is installable ...")
_MAMBA_TOP = re.compile(r"^[├└]─ (?:pin on )?(?P<name>[A-Za-z][\w.-]{0,60})\b", re.MULTILINE)
_MAMBA_REQUESTED = re.compile(r"^[├└│─ ]*(?P<name>[A-Za-z0-9][\w.-]*) (?P<spec>[^\s,]+(?:,[^\s,]+)*)(?: \S+)? is "
                              r"requested and can be installed", re.MULTILINE)
_MAMBA_REQUIRES = re.compile(r"^[├└│─ ]*(?P<who>[A-Za-z0-9][\w.-]*) (?P<at>[^\s,]+)(?: \S+)? is not installable "
                             r"because it requires\n[├└│─ ]*(?P<name>[A-Za-z0-9][\w.-]*) (?P<spec>[^\s,]+(?:,[^\s,]+)*)"
                             # mamba 2 prints the build after it ("python >=3.10,<3.11.0a0 *, which ...")
                             r"(?: \S+)? ?, which conflicts with any installable versions previously reported",
                             re.MULTILINE)
#: a conda match spec's version part in PEP 440's words: "==3.13", ">=20.0,<23", "=3.12" and "3.12.*" (3.12.*), "1.2.3"
#: (==1.2.3); a glob like "1.2*" (1.20 too) is not read
_CONDA_PART = re.compile(r"(?P<op>==|>=|<=|!=|<|>|=)?(?P<version>\d[\w.]*?)(?P<star>\.\*)?")


def _pep440(spec: str) -> list[str] | None:
    """A conda version spec as PEP 440 specifiers, or None where a part is not read."""
    parts = []
    for part in spec.split(","):
        found = _CONDA_PART.fullmatch(part)
        if found is None:
            return None
        op, version = found["op"], found["version"]
        glob = op == "=" or (found["star"] and op in (None, "=="))
        parts.append(f"=={version}.*" if glob else f"{op or '=='}{version}")
    return parts


#: Spack's concretizer: "py-matplotlib requires python version 3.5:, but spec asked for 2.7.16" (holdout76a:
#: spack#11966), its range in Spack's own words ("3.5:" from 3.5 on, ":3.6" up to 3.6, "2.7:2.8")
_SPACK_CONSTRAINT = re.compile(r"(?:Package (?P<package>[A-Za-z0-9][\w.-]*)|(?P<who>[A-Za-z0-9][\w.-]*) requires "
                               r"(?P<name>[A-Za-z0-9][\w.-]*)) (?(package)requires )version (?P<range>[\w.:,]{1,100}), "
                               r"but spec asked for (?P<asked>[\w.:,]{1,100})")


def _mamba_conflict(message: str) -> Hint | None:
    """libmamba's tree, where one package it could not install requires another in a range the one asked for is
    outside of."""
    requested = {canonicalize_name(m["name"]): m["spec"] for m in _MAMBA_REQUESTED.finditer(message)}
    for found in _MAMBA_REQUIRES.finditer(message):
        name, spec = found["name"], found["spec"]
        asked = requested.get(canonicalize_name(name))
        asked_parts, spec_parts = _pep440(asked or ""), _pep440(spec)
        if asked_parts is None or spec_parts is None or specs_apart([*asked_parts, *spec_parts]) is None:
            continue
        who = f"{found['who']} {found['at'].lstrip('=')}"
        return Hint(f"the environment asks for {name} {asked}, and {who} requires {name} {spec}: no {name} meets "
                    "both, so conda's solver (libmamba) stops",
                    f"ask for {name}{spec}, or a release of {found['who']} that admits {name} {asked} (or leave "
                    f"{found['who']} out of the environment file and install it apart)",
                    "reasoned from the log: libmamba's words for the packages it found incompatible",
                    family="version-guard")
    return None


def _virtual_missing(what: str, macos: bool = False) -> Hint:
    """The answer for a conda build that needs a virtual package this system does not have."""
    if what == "cuda" and macos:
        return Hint("conda finds only builds that need a CUDA driver (the virtual package __cuda), and this is macOS "
                    "(osx-*), where no CUDA exists", "ask for the packages' CPU builds (or Apple's GPU through their "
                    "Metal/MPS builds where they have one); CUDA builds need Linux or Windows with an NVIDIA GPU",
                    "reasoned from the log: libmamba's words for a virtual package missing on the system, on macOS",
                    family="version-guard")
    if what == "cuda":
        cause = ("conda finds only builds that need a CUDA driver (the virtual package __cuda), and this system shows "
                 "none to conda (no NVIDIA driver visible where conda runs)")
        fix = ("install the NVIDIA driver, or where the environment is built for another machine (a container "
               "build, CI), set CONDA_OVERRIDE_CUDA to that machine's CUDA (e.g. CONDA_OVERRIDE_CUDA=12.4); or ask "
               "for the packages' CPU builds")
    else:
        cause = (f"conda finds only builds that need more of the system than it has (the virtual package __{what}: "
                 f"{'a newer glibc' if what == 'glibc' else 'another operating system or release'})")
        fix = (f"use older builds that fit this system, or a newer system; where the environment is built for "
               f"another machine, set CONDA_OVERRIDE_{what.upper()} to that machine's")
    return Hint(cause, fix, "reasoned from the log: libmamba's words for a virtual package missing on the system",
                family="version-guard")

