"""A resolver's refusal in contract terms: pip's and uv's conflict output read back.

pip prints ResolutionImpossible causes ("The user requested ...", "X 1.0 depends on ...") and
uv a derivation ("Because A depends on B and you require A, ..."); both become :class:`_Cause`
values, and :func:`conflicts` says each clash as the contract's side against the other side:
the user's line, a constraint from pip's configuration, a missing release.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as PepRequirement
from packaging.specifiers import Specifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ...facts.inputs.requirement_files import Entry
from ...model.contract import Contract
from ...model.requirements import ExtensionRequirement, PackageRequirement
from ...model.values import spec_text


@dataclass(frozen=True)
class Conflict:
    """One clash, in contract terms: the contract's side and the other side (a user line, a constraint)."""

    package: str
    contract_side: str
    other_side: str
    why: str | None = None

    @property
    def line(self) -> str:
        return f"{self.package}: {self.contract_side}; {self.other_side}"


def _tightest(spec: SpecifierSet) -> frozenset[str]:
    """A specifier set as a resolver prints it: the tightest lower and upper bound, every other clause."""
    lowers = [b for b in spec if b.operator in (">", ">=")]
    uppers = [b for b in spec if b.operator in ("<", "<=")]
    out = {str(b) for b in spec if b not in lowers and b not in uppers}
    try:
        if lowers:
            out.add(str(max(lowers, key=lambda b: (Version(b.version), b.operator == ">"))))
        if uppers:
            out.add(str(min(uppers, key=lambda b: (Version(b.version), b.operator == "<="))))
    except InvalidVersion:
        return frozenset(str(b) for b in spec)
    return frozenset(out)


# "The user requested peft<0.19 and >=0.5.0", "auto-gptq 0.7.1 depends on peft>=0.5.0",
# "The user requested (constraint) torch<=2.14.1": pip's ResolutionImpossible causes.
_CAUSE = re.compile(r"^\s*(?:The user requested (?P<constraint>\(constraint\) )?(?P<req>.+)"
                    r"|(?P<parent>[A-Za-z0-9][\w.-]*) (?P<pversion>\S+) depends on (?P<dep>.+))$")
_NO_VERSION = re.compile(r"^ERROR: No matching distribution found for (?P<req>.+)$", re.M)


def _pip_requirement(text: str) -> PepRequirement | None:
    """pip writes a specifier set as 'peft<0.19 and >=0.5.0'."""
    try:
        return PepRequirement(re.sub(r"\s+and\s+", ",", text.strip()))
    except InvalidRequirement:
        return None


def _same(a: Entry, b: PepRequirement) -> bool:
    return a.name == canonicalize_name(b.name) and set(a.specifier) == set(b.specifier)


@dataclass(frozen=True)
class Sides:
    """Who asked for what: the contract's packages, the user's lines, constraints from pip's configuration."""

    contract: Contract
    packages: Mapping[str, list[PackageRequirement]]
    user: Sequence[Entry]
    config_constraints: Sequence[str] = ()
    extensions: Sequence[ExtensionRequirement] = ()  # the ones whose built_for_torch bounds torch (make_plan)
    torch_spec: SpecifierSet | None = None  # the torch line those extensions impose (TorchIndex.spec)

    def contract_says(self, req: PepRequirement) -> str | None:
        """The contract's own words for a bound the resolver named; None when the contract did not ask it.

        Only the declarations that bound it are named: a section's stricter bound is not blamed for
        the core's, nor the core for a torch line that compiled extensions impose.
        """
        if (canonicalize_name(req.name) == "torch" and self.torch_spec is not None and str(self.torch_spec)
                and set(self.torch_spec) == set(req.specifier)):
            built = [e for e in self.extensions if e.built_for_torch]
            lines = sorted({e.built_for_torch for e in built if e.built_for_torch})
            return (f"contract {self.contract.name} requires torch{spec_text(req.specifier)} "
                    f"({', '.join(e.module for e in built)} built against torch {', '.join(lines)}) "
                    f"[{built[0].meta.origin}]") if built else None
        pkgs = self.packages.get(canonicalize_name(req.name), [])
        if not pkgs:
            return None
        spec = SpecifierSet()
        for p in pkgs:
            spec &= p.specifier
        exact = [p for p in pkgs if set(p.specifier) == set(req.specifier)]
        said = _tightest(req.specifier)
        if _tightest(spec) != said and not exact:  # resolvers drop bounds another one implies (<5 beside <4.49)
            return None
        stating = exact or [p for p in pkgs if any(str(b) in said for b in p.specifier)] or pkgs
        origins = "; ".join(str(p.meta.origin) for p in stating)
        shown = SpecifierSet(",".join(said)) if said else req.specifier  # pip keeps implied bounds, uv drops them
        return f"contract {self.contract.name} requires {req.name}{spec_text(shown)} [{origins}]"

    def user_says(self, req: PepRequirement) -> str | None:
        lines = [u for u in self.user if _same(u, req)]
        return "; ".join(f"{u.where} asks {u.text}" for u in lines) or None

    def why(self, name: str) -> str | None:
        pkgs = self.packages.get(canonicalize_name(name), [])
        return next((p.meta.reason for p in pkgs if p.meta.reason), None)


@dataclass(frozen=True)
class _Cause:
    """One thing a resolver blamed: a requirement asked for, a dependency of a release, a missing release."""

    kind: str  # "asked", "constraint", "depends", "missing"
    requirement: PepRequirement
    parent: PepRequirement | None = None
    parent_text: str = ""


def causes_from_pip(output: str) -> list[_Cause]:
    """The causes of pip's ResolutionImpossible and 'No matching distribution' errors."""
    out: list[_Cause] = []
    in_causes = False
    for raw in output.splitlines():
        if raw.startswith("The conflict is caused by:"):
            in_causes = True
            continue
        if in_causes and not raw.strip():
            in_causes = False
            continue
        match = _CAUSE.match(raw) if in_causes else None
        if match is None:
            continue
        if match["req"]:
            req = _pip_requirement(match["req"])
            if req is not None:
                out.append(_Cause("constraint" if match["constraint"] else "asked", req))
            continue
        dep, parent = _pip_requirement(match["dep"]), _pip_requirement(match["parent"])
        if dep is not None and parent is not None:
            out.append(_Cause("depends", dep, parent, f"{match['parent']} {match['pversion']}"))
    for match in _NO_VERSION.finditer(output):
        req = _pip_requirement(match["req"])
        if req is not None:
            out.append(_Cause("missing", req))
    return out


_UV_REQ = r"[A-Za-z0-9][\w.\-]*(?:\[[^\]]*\])?(?:(?:[<>=!~]=?|===)[^\s,]+(?:,(?:[<>=!~]=?|===)[^\s,]+)*)?"
_UV_CONCLUSION = re.compile(r"we can conclude that .*?\.(?=\s|$)", re.S)
_UV_ASKED = re.compile(rf"you require (?P<a>{_UV_REQ})(?: and (?P<b>{_UV_REQ})(?=[,\s]))?")
_UV_DEPENDS = re.compile(rf"(?:all versions of )?(?P<parent>{_UV_REQ}) depends? on (?P<dep>{_UV_REQ})")
_UV_MISSING = re.compile(rf"there (?:is|are) no versions? of (?P<req>{_UV_REQ})")
# A specifier with != reaches uv's explanation as a union of ranges: "you require one of: peft>=0.5.0,<0.18.0
# peft>0.18.0,<0.19 and peft==0.4.0" (tests/data/real/resolver/old-peft.uv.txt).
_UV_ONE_OF = re.compile(rf"one of: (?P<alts>(?:{_UV_REQ} )+)(?=and )")


def _union_as_specifier(alternatives: Sequence[str]) -> str | None:
    """uv's union of ranges back as the specifier it came from: adjacent '<X' and '>X' make '!=X'."""
    reqs = [_pip_requirement(a) for a in alternatives]
    if any(r is None for r in reqs) or len({canonicalize_name(r.name) for r in reqs if r is not None}) != 1:
        return None
    specs = [list(r.specifier) for r in reqs if r is not None]
    out = [sp for sp in specs[0] if sp.operator in (">=", ">")]
    for left, right in zip(specs, specs[1:]):
        upper = [sp for sp in left if sp.operator == "<"]
        lower = [sp for sp in right if sp.operator == ">"]
        if len(upper) != 1 or len(lower) != 1 or upper[0].version != lower[0].version:
            return None  # a gap wider than one version: no single specifier says it
        out.append(Specifier(f"!={upper[0].version}"))
    out += [sp for sp in specs[-1] if sp.operator in ("<=", "<")]
    name = reqs[0].name if reqs[0] is not None else ""
    return f"{name}{','.join(str(sp) for sp in out)}"


def _join_unions(text: str) -> str:
    def joined(match: re.Match[str]) -> str:
        union = _union_as_specifier(match["alts"].split())
        return f"{union} " if union else match[0]
    return _UV_ONE_OF.sub(joined, text)


def causes_from_uv(output: str) -> list[_Cause]:
    """The causes in uv's 'No solution found when resolving dependencies' explanation.

    uv writes a derivation ("Because A depends on B and you require A, we can conclude that you require
    B. And because ..."): what it concluded is left out, what it started from is kept.
    """
    text = output.split("No solution found", 1)[-1]
    text = _join_unions(re.sub(r"\s+", " ", _UV_CONCLUSION.sub(" ", text)))
    out: list[_Cause] = []
    for match in _UV_DEPENDS.finditer(text):
        dep, parent = _pip_requirement(match["dep"]), _pip_requirement(match["parent"])
        if dep is not None and parent is not None:
            out.append(_Cause("depends", dep, parent, match["parent"]))
    for match in _UV_ASKED.finditer(text):
        for group in ("a", "b"):
            req = _pip_requirement(match[group]) if match[group] else None
            if req is not None and str(req.specifier):
                out.append(_Cause("asked", req))
    for match in _UV_MISSING.finditer(text):
        req = _pip_requirement(match["req"])
        if req is not None:
            out.append(_Cause("missing", req))
    return out


def conflicts(causes: Iterable[_Cause], sides: Sides) -> list[Conflict]:
    """A resolver's causes in contract terms: per package, the contract's side against the other side."""
    contract_parts: dict[str, list[str]] = {}
    other_parts: dict[str, list[str]] = {}
    for cause in causes:
        req = cause.requirement
        name = canonicalize_name(req.name)
        wanted = f"{req.name}{spec_text(req.specifier)}"
        if cause.kind == "depends":
            assert cause.parent is not None
            text = f"{cause.parent_text} depends on {wanted}"
            owner = canonicalize_name(cause.parent.name)
            pkgs = sides.packages.get(owner)
            if pkgs:
                origins = "; ".join(str(p.meta.origin) for p in pkgs)
                spec = SpecifierSet()
                for p in pkgs:
                    spec &= p.specifier
                contract_parts.setdefault(name, []).append(
                    f"contract {sides.contract.name} requires {owner}{spec_text(spec)} [{origins}], and {text}")
            else:
                users = [u for u in sides.user if u.name == owner]
                who = "; ".join(f"{u.where} asks {u.text}" for u in users)
                other_parts.setdefault(name, []).append(f"{who}, and {text}" if who else text)
            continue
        line_bound = set(sides.torch_spec) if name == "torch" and sides.torch_spec is not None else set()
        if line_bound and line_bound < set(req.specifier):  # pip joins every constraint on torch: ours and pip.conf's
            assert sides.torch_spec is not None
            by_contract = sides.contract_says(PepRequirement(f"torch{spec_text(sides.torch_spec)}"))
            rest = SpecifierSet(",".join(str(sp) for sp in req.specifier if sp not in line_bound))
            req = PepRequirement(f"{req.name}{rest}")
            wanted = f"{req.name}{spec_text(rest)}"
            by_user = sides.user_says(req)
        else:
            by_contract, by_user = sides.contract_says(req), sides.user_says(req)
        if by_contract:
            contract_parts.setdefault(name, []).append(by_contract)
        if by_user:
            other_parts.setdefault(name, []).append(by_user)
        if cause.kind == "missing":
            other_parts.setdefault(name, []).append(f"no release of {req.name} on the configured indexes matches "
                                                    f"{wanted}")
        elif not by_user and (not by_contract or wanted != f"{req.name}{spec_text(cause.requirement.specifier)}"):
            where = "a constraint" if cause.kind == "constraint" else "a requirement or constraint"
            if sides.config_constraints:
                where += f" (your pip configuration has {', '.join(sides.config_constraints)})"
            other_parts.setdefault(name, []).append(f"{where} asks {wanted}")
    out = []
    for package in dict.fromkeys([*contract_parts, *other_parts]):
        ours = "; ".join(dict.fromkeys(contract_parts.get(package, []))) or \
            f"contract {sides.contract.name} does not bound {package}"
        theirs = "; ".join(dict.fromkeys(other_parts.get(package, []))) or "nothing else asks for it"
        out.append(Conflict(package, ours, theirs, sides.why(package)))
    clashes = [c for c in out if c.other_side != "nothing else asks for it"]
    return clashes or out  # a package named only as the parent of a clashing dependency is no clash itself


def conflicts_from_pip(output: str, sides: Sides) -> list[Conflict]:
    return conflicts(causes_from_pip(output), sides)


def conflicts_from_uv(output: str, sides: Sides) -> list[Conflict]:
    return conflicts(causes_from_uv(output), sides)
