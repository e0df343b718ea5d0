"""Resolver reports read as one conflict: the package two askers bound apart, each with its bound.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ...model.hints import Hint

#: uv's resolver derivation: "Because transformers==4.40.0 depends on tokenizers>=0.19,<0.20 and you require
#: transformers==4.40.0, we can conclude that you require tokenizers>=0.19,<0.20. And because you require
#: tokenizers==0.15.0, we can conclude that your requirements are unsatisfiable."
_UV_SPEC = r"(?:===?|~=|!=|<=|>=|<|>)[^\s,;]+(?:,(?:===?|~=|!=|<=|>=|<|>)[^\s,;]+)*"
_UV_DEPENDS = re.compile(rf"(?P<who>[A-Za-z][\w.-]*(?:\[[\w,.-]+\])?(?:{_UV_SPEC})?) depends on (?:one of: )?"
                         rf"(?P<name>[A-Za-z][\w.-]*)(?:\[[\w,.-]+\])?(?P<spec>{_UV_SPEC})")
_UV_REQUIRE = re.compile(rf"(?<!conclude that )\byou require (?:one of: )?(?P<name>[A-Za-z][\w.-]*)(?:\[[\w,.-]+\])?"
                         rf"(?P<spec>{_UV_SPEC})")


def resolver_conflict(message: str) -> Hint | None:
    """A resolver's report of requirements no release meets together: uv's derivation, pip-tools' (pipenv's) list."""
    if "depends on" in message and ("No solution found" in message or "╰─▶" in message
                                    or "unsatisfiable" in message or "are incompatible" in message):
        found = uv_conflict(message)
        if found is not None:
            return found
    if "Could not find a version that matches " in message:
        return pipenv_conflict(message)
    if "There are incompatible versions in the resolved dependencies:" in message:
        return _pip_compile_conflict(message)
    if "Python requirement" in message and "is not compatible with some of the required packages" in message:
        return _poetry_python(message)
    if " is forbidden" in message and "Because " in message:
        return _poetry_forbidden(message)
    pins = _SAME_TWICE.search(message) if "because these package versions have conflicting" in message else None
    if pins and canonicalize_name(pins["one"]) == canonicalize_name(pins["other"]):
        apart = _apart([*pins["a"].split(","), *pins["b"].split(",")])
        if apart is not None:
            name = pins["one"]
            return Hint(f"the requirements ask for {name}{pins['a']} and {name}{pins['b']}: no release meets both, so "
                        "pip's resolver stops", f"keep one requirement on {name} in what pip was given (a file that "
                        "lists it twice, two requirement files, or a file and the command line)",
                        "reasoned from the log: pip's resolver words", family="version-guard")
    return None


#: pip's resolver: "Cannot install GitPython==3.1.37 and GitPython==3.1.43 because these package versions have
#: conflicting dependencies." (holdout24a: Telco-RAG#1, a requirements file that pins one package twice; holdout25a:
#: ComfyUI_FaceAnalysis#38, "diffusers==0.24.0 and diffusers>=0.28.0" from two requirement files)
_ONE_SPEC = r"(?:===?|~=|!=|<=|>=|<|>)[\w.+!*]+"
_SAME_TWICE = re.compile(rf"Cannot install (?P<one>[A-Za-z0-9][\w.-]*)(?P<a>{_ONE_SPEC}(?:,{_ONE_SPEC})*) and "
                         rf"(?P<other>[A-Za-z0-9][\w.-]*)(?P<b>{_ONE_SPEC}(?:,{_ONE_SPEC})*) because these package "
                         r"versions have conflicting")
#: Poetry's solver: "The current project's Python requirement (>=3.6,<4.0) is not compatible with some of the
#: required packages Python requirement: - ipfshttpclient requires Python >=3.5.4,!=3.6.0, so it will not be satisfied
#: for Python 3.6" (holdout24a: poetry#3645)
_POETRY_PYTHON = re.compile(r"The current project's Python requirement \((?P<project>[^()\n]{1,200})\) is not "
                            r"compatible with some of the required packages Python requirement:?\s*(?:- )?"
                            r"(?P<name>[A-Za-z0-9][\w.-]*) requires Python (?P<spec>[^\s,]+(?:,[^\s,]+)*), so it "
                            r"will not be satisfied for Python (?P<pythons>[^\n]{1,200})")


def _poetry_python(message: str) -> Hint | None:
    found = _POETRY_PYTHON.search(message)
    if found is None:
        return None
    name, spec = canonicalize_name(found["name"]), found["spec"].rstrip(".,")
    return Hint(f"the project's Python range ({found['project']}) admits Pythons {name} does not support: {name} "
                f"requires Python {spec}, not met for Python {found['pythons'].strip()}, so Poetry's solver refuses",
                f"narrow the project's python requirement in pyproject.toml to Pythons {name} supports (the range "
                f"{spec} asks for), or add {name} with a python marker for the Pythons it supports",
                "reasoned from the log: Poetry's solver words", family="version-guard")


#: Poetry's solver: "Because eetq (1.0.0) @ https://.../EETQ-1.0.0+cu121+torch2.1.2-cp310-cp310-linux_x86_64.whl
#: depends on torch (2.1.2) and myrepo depends on torch (2.4.0), eetq is forbidden." (holdout39a: EETQ#33)
_POETRY_FORBIDDEN = re.compile(r"Because (?P<who>[A-Za-z0-9][\w.-]*) \((?P<version>[^()\s]{1,60})\)(?: @ \S{1,400})? "
                               r"depends on (?P<name>[A-Za-z0-9][\w.-]*) \((?P<one>[^()\n]{1,100})\)\s+and "
                               r"(?P<other>[A-Za-z0-9][\w.-]*)(?: \([^()\s]{1,60}\))? depends on (?P=name) "
                               r"\((?P<two>[^()\n]{1,100})\), (?P=who) is forbidden")


def _poetry_forbidden(message: str) -> Hint | None:
    found = _POETRY_FORBIDDEN.search(message)
    if found is None:
        return None
    who, name = f"{found['who']} {found['version']}", found["name"]
    one, two = found["one"], found["two"]
    specs = [spec if re.match(r"[<>=!~]", spec) else f"=={spec}"
             for spec in (one.replace(" ", ""), two.replace(" ", ""))]
    if any("+" in spec or "^" in spec or "||" in spec or ("~=" not in spec and "~" in spec) for spec in specs) or not (
            (specs[0].startswith("==") or specs[1].startswith("==")) and not _overlap(*specs)):
        # a build's local tag (torch 2.4.0+cu121 from another source), Poetry's own operators, or two ranges: whether
        # no version meets both, the words do not show (the session-20 second reader's poetry#4231 shape)
        return None
    return Hint(f"{who} requires {name} {one}, and {found['other']} requires {name} {two}: no {name} meets both, so "
                f"Poetry's solver refuses {who}",
                f"a release (or build) of {found['who']} whose requirement on {name} admits {two}, or {name} {one} "
                f"for {found['other']} where that is the one to move",
                "reasoned from the log: Poetry's solver words", family="version-guard")


def uv_conflict(message: str) -> Hint | None:
    """uv's derivation of why no versions meet the requirements: the package two askers bound apart (a package's
    dependency, and the requirements asked for, or two packages' dependencies), each with its bound."""
    asked: dict[str, list[tuple[str, str]]] = {}  # dist -> [(who asks, spec)]
    for found in _UV_DEPENDS.finditer(message):
        asked.setdefault(str(canonicalize_name(found["name"])), []).append(
            (found["who"], found["spec"].rstrip(".")))
    for found in _UV_REQUIRE.finditer(message):
        asked.setdefault(str(canonicalize_name(found["name"])), []).append(("you", found["spec"].rstrip(".")))
    for dist, wants in asked.items():
        askers: dict[str, str] = {}
        for who, spec in wants:
            if valid_spec(spec) and str(canonicalize_name(_asker(who, bare=True))) != dist:
                askers.setdefault(who, spec)
        if len(askers) < 2:
            continue
        (first, one), (second, other) = sorted(askers.items(), key=lambda item: item[0] == "you")[:2]
        if _overlap(one, other):
            continue
        them = (f"{_asker(first)} requires {dist}{one}, and "
                + (f"the requirements ask for {dist}{other}" if second == "you" else
                   f"{_asker(second)} requires {dist}{other}"))
        fix = (f"let {dist} follow {_asker(first)} ('{dist}{one}'), or ask for a release of {_asker(first, bare=True)} "
               f"whose requirement admits {dist}{other}" if second == "you" else
               f"ask for releases of {_asker(first, bare=True)} and {_asker(second, bare=True)} whose requirements on "
               f"{dist} overlap, or install them in separate environments")
        return Hint(f"uv found no versions that meet all the requirements: {them}; no release of {dist} meets both",
                    fix, "reasoned from the log: uv's resolver derivation", family="version-guard")
    return None


#: pip-tools' resolver, and pipenv's, which uses it: every requirement on one package, joined, that no release met:
#: "Could not find a version that matches numpy<=1.14.5,==1.15.1,>=1.13.3" (holdout23b: pipenv#2802, rasa_core#1023)
_PIPENV_MATCHES = re.compile(r"Could not find a version that matches (?P<name>[A-Za-z0-9][\w.-]*)(?:\[[\w,.-]+\])?"
                             r"(?P<specs>(?:(?:===?|~=|!=|<=|>=|<|>)[^\s,]+,?){2,40})")


def pipenv_conflict(message: str) -> Hint | None:
    """pip-tools' (pipenv's) list of the requirements on one package, where two of them cannot both hold (None: they
    can, as far as the list shows: a release may be missing from the index instead)."""
    found = _PIPENV_MATCHES.search(message)
    if found is None:
        return None
    specs = [spec for spec in found["specs"].split(",") if spec]
    apart = _apart(specs)
    if apart is None:
        return None
    name = canonicalize_name(found["name"])
    one, other = apart
    return Hint(f"the resolver found no {name} that meets every requirement on it together: {name}{one} and "
                f"{name}{other} cannot both hold (the requirements on it: {name}{','.join(specs)})",
                f"find which packages ask for {name}{one} and {name}{other} (pipenv graph, or pip-compile's "
                f"annotations) and choose releases whose requirements on {name} overlap, or relax your own pin",
                "reasoned from the log: pip-tools' resolver words (pipenv prints them too)", family="version-guard")


#: pip-compile's lines under "There are incompatible versions in the resolved dependencies:", one per requirement:
#: "protobuf>=4.21.6 (from grpcio-status==1.51.1->-r requirements.in (line 1))" (holdout29a: grpc#31829)
_PIP_COMPILE_LINE = re.compile(r"^\s*(?P<name>[A-Za-z0-9][\w.-]*)(?:\[[\w,.-]+\])?(?P<spec>(?:(?:===?|~=|!=|<=|>=|<|>)"
                               r"[^\s,]+,?){1,10}) \(from (?P<by>[^\n]{1,300})\)$", re.MULTILINE)


def _pip_compile_conflict(message: str) -> Hint | None:
    """pip-compile's requirements on one package that no release met together, where two of them cannot both hold."""
    lines = list(_PIP_COMPILE_LINE.finditer(message))
    names = {canonicalize_name(line["name"]) for line in lines}
    if len(names) != 1:
        return None
    specs = [spec for line in lines for spec in line["spec"].split(",") if spec]
    apart = _apart(specs)
    if apart is None:
        return None
    name, (one, other) = names.pop(), apart
    asked = "; ".join(f"{name}{line['spec']} from {line['by']}" for line in lines)
    return Hint(f"pip-compile's resolver found no {name} that meets every requirement on it together: {name}{one} and "
                f"{name}{other} cannot both hold ({asked})",
                f"choose releases of the packages that ask for {name} whose requirements on it overlap (the lines "
                "above name them), or relax your own pin",
                "reasoned from the log: pip-tools' resolver words", family="version-guard")


def _apart(specs: list[str]) -> tuple[str, str] | None:
    """Two of ``specs`` no version meets together: an exact pin another excludes, or a floor above a ceiling."""
    try:
        parsed = [Specifier(spec) for spec in specs]
    except InvalidSpecifier:
        return None
    if any(pin.operator in ("==", "===") and all(spec.contains(pin.version, prereleases=True) for spec in parsed)
           for pin in parsed):
        return None  # an exact pin every requirement admits ("==2.1.2+cu118" meets "==2.1.2"): not apart
    for pin in parsed:
        if pin.operator in ("==", "===") and "*" not in pin.version:
            for other in parsed:
                if not other.contains(pin.version, prereleases=True):
                    return str(pin), str(other)
    floors = [spec for spec in parsed if spec.operator in (">=", ">", "~=")]
    ceilings = [spec for spec in parsed if spec.operator in ("<=", "<")]
    for floor in floors:
        for ceiling in ceilings:
            low, high = Version(floor.version), Version(ceiling.version)
            if low > high or (low == high and (floor.operator == ">" or ceiling.operator == "<")):
                return str(floor), str(ceiling)
    return None


def _asker(who: str, *, bare: bool = False) -> str:
    """"transformers==4.40.0" -> "transformers 4.40.0" ("transformers" where ``bare``); "vllm>=0.8.5" stays."""
    name, _, version = who.partition("==")
    if bare:
        return re.split(r"[\[=<>!~]", who)[0]
    return f"{name} {version}" if version and "," not in version else who


def _overlap(one: str, other: str) -> bool:
    """Whether an exact pin of either meets the other (two ranges: assumed apart, as the resolver said)."""
    for exact, spec in ((one, other), (other, one)):
        if exact.startswith("==") and "," not in exact and "*" not in exact:
            return spec_contains(spec, exact[2:]) is not False
    return False


def valid_spec(spec: str) -> bool:
    try:
        SpecifierSet(spec)
    except InvalidSpecifier:
        return False
    return bool(spec)


def spec_contains(spec: str, version: str) -> bool | None:
    try:
        return SpecifierSet(spec).contains(Version(version), prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        return None
