"""One concrete install for a contract and the user's requirement files, from a real resolver.

``autoglm-compat plan`` hands the contract's packages and the user's ``-r`` files to pip's
resolver (``pip install --dry-run --ignore-installed --report``), which reads the user's pip
configuration (indexes, find-links, constraints, ``PIP_*``) itself; benchmarks/plan_resolvers.md
says why pip and not uv. The torch build comes from one PyTorch index, chosen by
:func:`torch_index` from the contract's facts alone (its ``[cuda]`` runtime and the CUDA major
its compiled extensions were built for): the summary's fix lines use the same function, so the
plan and the report never name two different torch builds.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as PepRequirement
from packaging.specifiers import Specifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ..facts.inputs.requirement_files import Entry, InputError, read_requirements
from ..model import torch_lines
from ..model.contract import Contract
from ..model.requirements import ExtensionRequirement, PackageRequirement
from ..model.torch_index import TorchIndex, contract_torch_index
from ..model.values import spec_text
from .pip_config import install_settings, pip_config_items

#: Packages a torch CUDA wheel brings for its own CUDA build: the build from the chosen index
#: brings its own set, so the pins the resolver chose for another build are left out.
_TORCH_CUDA_DEPS = re.compile(r"^(nvidia-.*|triton|cuda-bindings|cuda-pathfinder|cuda-toolkit)$")


class PlanError(Exception):
    """No plan can be computed for a reason the user can fix (exit 2): no resolver, bad input."""


# --------------------------------------------------------------------------- torch: one index


# --------------------------------------------------------------------------- inputs


def read_requirement_lines(path: str, marker_env: Mapping[str, str]) -> list[Entry]:
    """The requirements of a user's file and of its ``-r``/``-c`` includes, where their markers hold.

    Read by :func:`.requirement_input.read_requirements`, the reader ``check`` uses. The resolver
    reads the file itself (with its options, and judges what is unreadable); these lines only name
    the user's side of a conflict. Raises PlanError when the file cannot be read.
    """
    try:
        return list(read_requirements(path, marker_env).entries)
    except InputError as exc:
        raise PlanError(f"cannot read {path}: {exc.reason}" if exc.reason else str(exc)) from None


def marker_environment(python: str) -> dict[str, str]:
    """PEP 508 marker values for the interpreter the plan resolves for.

    It runs on this machine, so only its Python version can differ from this interpreter's.
    """
    env = {k: str(v) for k, v in default_environment().items()}
    if python != sys.executable:
        version = _python_version(python)
        env.update(python_full_version=version, python_version=".".join(version.split(".")[:2]))
    return env


def contract_lines(contract: Contract, sections: Sequence[str]) -> list[str]:
    """The contract's packages as requirement lines, one per package (core and section bounds joined).

    Optional packages are left to the constraints (see :func:`contract_constraints`); absent ones are
    checked on the result.
    """
    return [f"{name}{spec_text(spec)}{f' ; {marker}' if marker else ''}"
            for name, (spec, marker, optional) in _contract_packages(contract, sections).items() if not optional]


def contract_constraints(contract: Contract, sections: Sequence[str]) -> list[str]:
    return [f"{name}{spec_text(spec)}" for name, (spec, _m, optional) in _contract_packages(contract, sections).items()
            if optional and str(spec)]


def _contract_packages(contract: Contract, sections: Sequence[str]) -> dict[str, tuple[SpecifierSet, str, bool]]:
    out: dict[str, tuple[SpecifierSet, str, bool]] = {}
    for reqs in contract.requirements_for(tuple(sections)):
        for pkg in reqs.packages:
            if pkg.absent:
                continue
            spec, marker, optional = out.get(pkg.name, (SpecifierSet(), "", True))
            out[pkg.name] = (spec & pkg.specifier, str(pkg.marker) if pkg.marker else marker,
                             optional and pkg.optional)
    return out


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


def contract_packages_by_name(contract: Contract, sections: Sequence[str]) -> dict[str, list[PackageRequirement]]:
    out: dict[str, list[PackageRequirement]] = {}
    for reqs in contract.requirements_for(tuple(sections)):
        for pkg in reqs.packages:
            out.setdefault(pkg.name, []).append(pkg)
    return out


# --------------------------------------------------------------------------- the user's pip configuration


@dataclass(frozen=True)
class PipConfig:
    """What of pip's configuration decides where packages come from (for resolvers other than pip)."""

    index_url: str | None = None
    extra_index_urls: tuple[str, ...] = ()
    find_links: tuple[str, ...] = ()
    constraints: tuple[str, ...] = ()
    no_index: bool = False
    cert: str | None = None
    untranslated: tuple[str, ...] = ()  # settings uv would not be given (UV_CANNOT_MIRROR)


def pip_config(python: str = sys.executable, environ: Mapping[str, str] | None = None) -> PipConfig:
    """The user's pip configuration as pip itself reports it (`pip config list`: files and PIP_* variables)."""
    values = install_settings(pip_config_items(python, environ))

    def split(key: str) -> tuple[str, ...]:
        return tuple(values.get(key, "").split())
    return PipConfig(
        index_url=values.get("index-url"),
        extra_index_urls=split("extra-index-url"),
        find_links=split("find-links"),
        constraints=split("constraint"),
        no_index=values.get("no-index", "").lower() in ("1", "true", "yes", "on"),
        cert=values.get("cert"),
        untranslated=tuple(k for k in UV_CANNOT_MIRROR if k in values),
    )


def uv_flags(config: PipConfig) -> list[str]:
    """pip's configuration as `uv pip compile` flags: uv reads no pip.conf.

    ``unsafe-best-match`` is pip's rule (the best version across all indexes); uv's default takes
    a package from the first index that has it, so an extra index with one torch hides PyPI's.
    """
    flags = ["--index-strategy", "unsafe-best-match"]
    if config.no_index:
        flags.append("--no-index")
    if config.index_url:
        flags += ["--index-url", config.index_url]
    for url in config.extra_index_urls:
        flags += ["--extra-index-url", url]
    for link in config.find_links:
        flags += ["--find-links", link]
    for path in config.constraints:
        flags += ["--constraint", path]
    return flags


# --------------------------------------------------------------------------- resolving with pip


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    url: str | None = None  # a direct URL (a path, a VCS checkout) the user asked for

    @property
    def line(self) -> str:
        return f"{self.name} @ {self.url}" if self.url else f"{self.name}=={self.version}"


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


@dataclass
class Outcome:
    """What the resolver said: pins (a plan) or conflicts (none), and its own words."""

    resolver: str
    pins: list[Pin] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    output: str = ""  # the resolver's output, as printed
    python: str | None = None

    @property
    def ok(self) -> bool:
        return not self.conflicts


Progress = Callable[[str], None]


def pip_version(python: str) -> str | None:
    """The version of pip in this interpreter, or None when it has no pip (the 'no resolver' case)."""
    proc = subprocess.run([python, "-m", "pip", "--version"], capture_output=True, text=True, check=False,
                          env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    match = re.match(r"pip (\S+)", proc.stdout)
    return match.group(1) if proc.returncode == 0 and match else None


def run_pip(python: str, inputs: Sequence[tuple[str, str]], *,
            progress: Progress | None = None) -> tuple[int, str, dict[str, object] | None]:
    """``pip install --dry-run --ignore-installed --report`` over ``inputs`` (``-r``/``-c`` and a path).

    Returns pip's exit code, its output (stdout and stderr as a terminal shows them) and the report.
    pip's 'Collecting X' lines drive ``progress``.
    """
    with tempfile.TemporaryDirectory(prefix="autoglm-plan-") as tmp:
        report = Path(tmp) / "report.json"
        cmd = [python, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--progress-bar", "off",
               "--report", str(report)]
        for flag, path in inputs:
            cmd += [flag, path]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            match = re.match(r"(?:Collecting|Processing) (\S+)", line)
            if progress is not None and match:
                progress(match.group(1).rsplit("/", 1)[-1])
        code = proc.wait()
        data = json.loads(report.read_text(encoding="utf-8")) if code == 0 and report.is_file() else None
    return code, "".join(lines), data


#: pip settings that change what resolves and that uv is not given: with one of them set, pip resolves.
UV_CANNOT_MIRROR = ("only-binary", "no-binary", "prefer-binary", "pre", "proxy", "client-cert", "require-hashes",
                    "use-deprecated", "use-feature", "keyring-provider", "platform", "python-version",
                    "implementation", "abi", "trusted-host")


def find_uv() -> str | None:
    """uv on PATH, or the binary of the `uv` Python package in this environment."""
    import shutil

    found = shutil.which("uv")
    if found:
        return found
    try:
        from uv import find_uv_bin  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    try:
        return str(find_uv_bin())
    except FileNotFoundError:
        return None


def run_uv(uv: str, python: str, config: PipConfig,
           inputs: Sequence[tuple[str, str]]) -> tuple[int, str, list[Pin]]:
    """``uv pip compile`` over ``inputs`` with the user's pip configuration as flags (uv reads no pip.conf)."""
    cmd = [uv, "pip", "compile", "--no-header", "--no-annotate", "--quiet", "--python", python, *uv_flags(config)]
    for flag, path in inputs:
        cmd += ["--constraint", path] if flag == "-c" else [path]
    env = dict(os.environ)
    if config.cert and "SSL_CERT_FILE" not in env:
        env["SSL_CERT_FILE"] = config.cert
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    pins = []
    for line in proc.stdout.splitlines():
        line = line.split("#", 1)[0].strip()
        if " @ " in line:
            name, url = line.split(" @ ", 1)
            pins.append(Pin(canonicalize_name(name), "", url.strip()))
        elif "==" in line:
            name, version = line.split("==", 1)
            pins.append(Pin(canonicalize_name(name.split(";")[0].strip()), version.split(";")[0].strip()))
    return proc.returncode, proc.stderr, sorted(pins, key=lambda p: p.name)


def pins_from_report(report: Mapping[str, object]) -> list[Pin]:
    """The install list of pip's installation report (https://pip.pypa.io/en/stable/reference/installation-report/)."""
    pins = []
    for item in report.get("install", []):  # type: ignore[attr-defined]
        meta = item["metadata"]
        info = item.get("download_info", {})
        url = info.get("url") if item.get("is_direct") else None
        pins.append(Pin(canonicalize_name(meta["name"]), meta["version"], url))
    return sorted(pins, key=lambda p: p.name)


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


# --------------------------------------------------------------------------- the plan


@dataclass
class Plan:
    contract: Contract
    sections: list[str]
    files: list[str]
    outcome: Outcome
    torch: TorchIndex | None
    left_to_torch: list[str] = field(default_factory=list)

    @property
    def pins(self) -> list[Pin]:
        return self.outcome.pins

    def command(self, plan_file: str) -> str | None:
        """The one install command, or None when no plan exists or torch's build cannot be chosen."""
        if not self.outcome.ok or (self.torch is not None and self.torch.conflict):
            return None
        cmd = f"pip install -r {plan_file}"
        if self.torch is not None and self.torch.url and any(p.name == "torch" for p in self.pins):
            cmd += f" --extra-index-url {self.torch.url}"
        return cmd


def sides_for(contract: Contract, sections: Sequence[str], user: Sequence[Entry],
              config_constraints: Sequence[str] = ()) -> Sides:
    """Who asks what in a plan for ``sections``: the torch line the extensions impose included."""
    torch = contract_torch_index(contract, sections)
    return Sides(contract, contract_packages_by_name(contract, sections), user, config_constraints,
                 [e for s in contract.requirements_for(tuple(sections)) for e in s.extensions],
                 torch.spec if torch is not None and torch.line else None)


def choose_resolver(wanted: str, python: str, config: PipConfig | None) -> tuple[str, str, str | None]:
    """(kind, label, uv binary): uv when it is there and can be given the whole pip configuration, else pip.

    ``wanted`` is "auto", "pip" or "uv"; raises PlanError when the one asked for (or, for auto, any) is missing.
    """
    uv = find_uv() if wanted in ("auto", "uv") else None
    if wanted == "uv" and uv is None:
        raise PlanError("no resolver: uv is not installed (pip install uv), or use --resolver pip")
    if uv is not None and (config is None or wanted == "uv" or not config.untranslated):  # no pip: no pip.conf
        version = subprocess.run([uv, "--version"], capture_output=True, text=True, check=False).stdout.split()
        return "uv", f"uv {version[1] if len(version) > 1 else '?'}", uv
    pip = pip_version(python)
    if pip is None:
        raise PlanError(f"no resolver: {python} -m pip does not run and uv is not installed; install pip into "
                        "that interpreter (python -m ensurepip) or uv (pip install uv)")
    label = f"pip {pip}"
    if uv is not None and config is not None and config.untranslated:
        label += f" (not uv: your pip configuration sets {', '.join(config.untranslated)}, which uv is not given)"
    return "pip", label, None


def make_plan(contract: Contract, sections: Sequence[str], files: Sequence[str], *,
              python: str = sys.executable, resolver: str = "auto", progress: Progress | None = None) -> Plan:
    """Resolve the contract's packages and the user's files; raises PlanError on usage errors."""
    markers = marker_environment(python) if files else {}
    user = [line for path in files for line in read_requirement_lines(path, markers)]  # unreadable: exit 2
    config = pip_config(python) if pip_version(python) is not None else None
    kind, label, uv = choose_resolver(resolver, python, config)
    config = config or PipConfig()
    torch = contract_torch_index(contract, sections)
    sides = sides_for(contract, sections, user, config.constraints)
    resolver = label
    python_conflict = _python_conflict(contract, sections, python)
    if python_conflict is not None:
        return Plan(contract, list(sections), list(files), Outcome(resolver, conflicts=[python_conflict]), torch)
    with tempfile.TemporaryDirectory(prefix="autoglm-plan-") as tmp:
        contract_file = Path(tmp) / f"autoglm-contract-{contract.name}.txt"
        contract_file.write_text("\n".join(contract_lines(contract, sections)) + "\n", encoding="utf-8")
        inputs = [("-r", str(contract_file))]
        constraints = contract_constraints(contract, sections)
        if torch is not None and torch.line:  # the release line the contract's compiled extensions need
            constraints.append(f"torch{spec_text(torch.spec)}")
            constraints += torch_lines.companions(torch.line)
        if constraints:
            constraint_file = Path(tmp) / f"autoglm-constraints-{contract.name}.txt"
            constraint_file.write_text("\n".join(constraints) + "\n", encoding="utf-8")
            inputs.append(("-c", str(constraint_file)))
        inputs += [("-r", path) for path in files]
        if kind == "uv":
            assert uv is not None
            if progress is not None:
                progress("all requirements")
            code, output, pins = run_uv(uv, python, config, inputs)
            report = None
        else:
            code, output, report = run_pip(python, inputs, progress=progress)
    if kind == "uv":
        if code == 0:
            outcome = Outcome(resolver, pins, output=output, python=_python_version(python))
            return _with_torch(Plan(contract, list(sections), list(files), outcome, torch))
        found = conflicts_from_uv(output, sides)
        if not found:
            raise PlanError(f"uv could not resolve the requirements:\n{output.strip()[-2000:]}")
        return Plan(contract, list(sections), list(files), Outcome(resolver, conflicts=found, output=output), torch)
    if code == 0 and report is not None:
        pins = pins_from_report(report)
        env = report.get("environment", {})
        outcome = Outcome(resolver, pins, output=output,
                          python=env.get("python_full_version") if isinstance(env, dict) else None)
        return _with_torch(Plan(contract, list(sections), list(files), outcome, torch))
    conflicts = conflicts_from_pip(output, sides)
    if not conflicts:
        raise PlanError(f"pip could not resolve the requirements:\n{_error_lines(output)}")
    return Plan(contract, list(sections), list(files), Outcome(resolver, conflicts=conflicts, output=output), torch)


def _error_lines(output: str) -> str:
    return "\n".join(line for line in output.splitlines() if line.startswith("ERROR:")) or output.strip()[-2000:]


def _python_conflict(contract: Contract, sections: Sequence[str], python: str) -> Conflict | None:
    spec = next((s.python.specifier for s in reversed(contract.requirements_for(tuple(sections)))
                 if s.python is not None), None)
    if spec is None:
        return None
    version = _python_version(python)
    if spec.contains(version, prereleases=True):
        return None
    return Conflict("python", f"contract {contract.name} requires Python {spec_text(spec)}",
                    f"the resolver runs for Python {version} ({python}); give --python an interpreter that fits")


@functools.lru_cache(maxsize=8)
def _python_version(python: str) -> str:
    """The interpreter's version (asked once: markers, the Python check and the plan all want it)."""
    if python == sys.executable:
        return ".".join(str(v) for v in sys.version_info[:3])
    try:
        proc = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                              capture_output=True, text=True, check=False)
    except OSError as exc:
        raise PlanError(f"cannot run {python}: {exc.strerror or exc}") from None
    if proc.returncode != 0:
        raise PlanError(f"cannot run {python}: {proc.stderr.strip() or 'exit ' + str(proc.returncode)}")
    return proc.stdout.strip()


def _with_torch(plan: Plan) -> Plan:
    """torch from the contract's index: its pin without a local label, its CUDA libraries left to that build."""
    if plan.torch is None or plan.torch.tag is None or not any(p.name == "torch" for p in plan.pins):
        return plan
    kept, left = [], []
    for pin in plan.pins:
        if pin.name == "torch":
            kept.append(Pin("torch", f"{Version(pin.version).public}+{plan.torch.tag}"))
        elif _TORCH_CUDA_DEPS.match(pin.name):
            left.append(pin.name)
        else:
            kept.append(pin)
    plan.outcome.pins = kept
    plan.left_to_torch = left
    return plan


def render_text(plan: Plan, plan_file: str | None) -> str:
    where = f"contract {plan.contract.name} ({plan.contract.file}), sections: {', '.join(plan.sections) or 'none'}"
    files = f"; requirements: {', '.join(plan.files)}" if plan.files else ""
    if not plan.outcome.ok:
        lines = [f"no plan: nothing satisfies {where}{files} (resolved by {plan.outcome.resolver})"]
        for c in plan.outcome.conflicts:
            lines.append(f"CONFLICT {c.line}")
            if c.why:
                lines.append(f"  why the contract asks it: {c.why}")
        return "\n".join(lines) + "\n"
    name = plan_file or "plan.txt"
    lines = [f"# install plan for {where}{files}",
             f"# resolved by {plan.outcome.resolver} for Python {plan.outcome.python or '?'} with this "
             "machine's pip configuration"]
    if plan.torch is not None and plan.torch.tag:
        lines.append(f"# torch: the {plan.torch.tag} build ({'; '.join(plan.torch.reasons)})")
    lines += [p.line for p in plan.pins]
    if plan.left_to_torch:
        lines.append(f"# left to torch's {plan.torch.tag if plan.torch else ''} build (its own CUDA libraries): "
                     + ", ".join(plan.left_to_torch))
    command = plan.command(name)
    if command is None and plan.torch is not None and plan.torch.conflict:
        lines.append(f"# no torch build: {plan.torch.conflict}")
    elif command is not None:
        saved = "" if plan_file else f" (save these lines as {name})"
        lines.append(f"# run{saved}: {command}")
    return "\n".join(lines) + "\n"


def to_json(plan: Plan, plan_file: str | None) -> dict[str, object]:
    return {
        "contract": plan.contract.name,
        "sections": plan.sections,
        "requirements": plan.files,
        "resolver": plan.outcome.resolver,
        "python": plan.outcome.python,
        "ok": plan.outcome.ok and not (plan.torch is not None and plan.torch.conflict),
        "pins": [p.line for p in plan.pins],
        "torch_index": plan.torch.url if plan.torch else None,
        "torch_reasons": list(plan.torch.reasons) if plan.torch else [],
        "torch_conflict": plan.torch.conflict if plan.torch else None,
        "left_to_torch": plan.left_to_torch,
        "command": plan.command(plan_file or "plan.txt"),
        "conflicts": [{"package": c.package, "contract": c.contract_side, "other": c.other_side, "why": c.why}
                      for c in plan.outcome.conflicts],
    }
