"""A resolved contract written back out: as TOML (``contracts show``) and as pip constraints.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from packaging.specifiers import SpecifierSet

from .contract import Contract, ContractError
from .requirements import ApiRequirement, CudaRequirement, Meta, PackageRequirement, RequirementSet
from .values import InvalidValue, spec_text, specifier


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, with non-ASCII kept as is)."""
    return json.dumps(value, ensure_ascii=False)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return toml_string(str(value))


def _meta_lines(meta: Meta) -> list[str]:
    lines = []
    for name in ("reason", "fix", "source"):
        value = getattr(meta, name)
        if value:
            lines.append(f"{name} = {toml_string(value)}")
    if not meta.verified:
        lines.append("verified = false")
    return lines


def _origin_comment(meta: Meta) -> str:
    return f"# declared in {meta.origin}"


def _set_lines(reqs: RequirementSet, prefix: str) -> list[str]:
    out: list[str] = []
    if reqs.python is not None:
        out += ["", _origin_comment(reqs.python.meta), f"[{prefix}python]",
                f"spec = {toml_string(str(reqs.python.specifier))}", *_meta_lines(reqs.python.meta)]
    for pkg in reqs.packages:
        out += ["", _origin_comment(pkg.meta), f"[{prefix}packages.{toml_string(pkg.name)}]"]
        if not pkg.absent:  # 'spec = ""' (any version) too: without a spec the entry does not load
            out.append(f"spec = {toml_string(str(pkg.specifier))}")
        if pkg.marker is not None:
            out.append(f"marker = {toml_string(str(pkg.marker))}")
        if pkg.absent:
            out.append("absent = true")
        if pkg.optional:
            out.append("optional = true")
        out += _meta_lines(pkg.meta)
    if reqs.cuda is not None:
        out += ["", _origin_comment(reqs.cuda.meta), f"[{prefix}cuda]", *_cuda_lines(reqs.cuda),
                *_meta_lines(reqs.cuda.meta)]
    for api in reqs.apis:
        out += ["", _origin_comment(api.meta), f"[[{prefix}api]]", *_api_lines(api), *_meta_lines(api.meta)]
    for ext in reqs.extensions:
        out += ["", _origin_comment(ext.meta), f"[[{prefix}extension]]", f"module = {toml_string(ext.module)}",
                f"when = {toml_string('cuda' if ext.when_cuda else 'always')}",
                *([f"built_for_cuda = {toml_string(ext.built_for_cuda)}"] if ext.built_for_cuda else []),
                *([f"built_for_torch = {toml_string(ext.built_for_torch)}"] if ext.built_for_torch else []),
                *_meta_lines(ext.meta)]
    for kern in reqs.kernels:
        out += ["", _origin_comment(kern.meta), f"[[{prefix}kernels]]", f"package = {toml_string(kern.package)}",
                f"when = {toml_string('cuda' if kern.when_cuda else 'always')}", *_meta_lines(kern.meta)]
    if reqs.consistency is not None:
        names = ", ".join(toml_string(n) for n in reqs.consistency.packages)
        out += ["", _origin_comment(reqs.consistency.meta), f"[{prefix}consistency]",
                *([f"packages = [{names}]"] if names else []), *_meta_lines(reqs.consistency.meta)]
    if reqs.toolchain is not None:
        tool = reqs.toolchain
        out += ["", _origin_comment(tool.meta), f"[{prefix}toolchain]",
                *([f"nvcc = {toml_string(str(tool.nvcc))}"] if tool.nvcc is not None else []),
                *(["compiler = true"] if tool.compiler else []), *(["ninja = true"] if tool.ninja else []),
                f"when = {toml_string('cuda' if tool.when_cuda else 'always')}", *_meta_lines(tool.meta)]
    return out


def _cuda_lines(cuda: CudaRequirement) -> list[str]:
    lines = []
    for name in ("runtime", "capability", "driver"):
        spec = getattr(cuda, name)
        if spec is not None:
            lines.append(f"{name} = {toml_string(str(spec))}")
    if cuda.devices is not None:
        lines.append(f"devices = {cuda.devices}")
    if cuda.memory is not None:
        lines.append(f"memory = {cuda.memory}")
    return lines


def _api_lines(api: ApiRequirement) -> list[str]:
    lines = [f"target = {toml_string(api.target)}"]
    for name in ("kind", "subclass_of", "equals"):
        value = getattr(api, name)
        if value is not None:
            lines.append(f"{name} = {_value(value)}")
    if api.version is not None:
        lines.append(f"version = {toml_string(str(api.version))}")
    for name in ("fields", "params"):
        if getattr(api, name):
            lines.append(f"{name} = {_value(getattr(api, name))}")
    if api.absent:
        lines.append("absent = true")
    lines.append(f"when = {toml_string('cuda' if api.when_cuda else 'always')}")
    return lines


def contract_toml(contract: Contract) -> str:
    """The contract with ``extends`` applied, as a file that loads to the same requirements."""
    lines = [
        f"# contract {contract.name} resolved from {' <- '.join(contract.chain) or contract.file}",
        "format = 1",
        f"name = {toml_string(contract.name)}",
    ]
    if contract.description:
        lines.append(f"description = {toml_string(contract.description)}")
    lines += _set_lines(contract.core, "")
    for name in sorted(contract.sections):
        lines += ["", f"[sections.{name}]"]
        if contract.section_descriptions.get(name):
            lines.append(f"description = {toml_string(contract.section_descriptions[name])}")
        lines += _set_lines(contract.sections[name], f"sections.{name}.")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class PackageBound:
    """Every bound a contract puts on one package under one environment marker, intersected."""

    name: str
    marker: str  # "" for the bounds that hold everywhere
    spec: SpecifierSet
    declared: tuple[PackageRequirement, ...]

    @property
    def optional(self) -> bool:
        """Only bounds it if installed: every declaration of it is optional."""
        return all(p.optional for p in self.declared)

    def line(self, separator: str = "; ") -> str:
        return f"{self.name}{spec_text(self.spec)}" + (f"{separator}{self.marker}" if self.marker else "")


def package_bounds(contract: Contract, sections: Iterable[str]) -> list[PackageBound]:
    """The one rule ``constraints`` and ``plan`` merge by: a package's bounds from the core and the
    sections are intersected per environment marker, never across markers (a Windows-only cap kept
    only its marker and took the core's unconditional bound with it off Windows). Absent packages
    are left out. Sorted by name, then marker ("" first)."""
    groups: dict[tuple[str, str], tuple[SpecifierSet, tuple[PackageRequirement, ...]]] = {}
    for reqs in contract.requirements_for(tuple(sections)):
        for pkg in reqs.packages:
            if pkg.absent:
                continue
            key = (pkg.name, str(pkg.marker or ""))
            spec, declared = groups.get(key, (SpecifierSet(), ()))
            groups[key] = (spec & pkg.specifier, (*declared, pkg))
    return [PackageBound(name, marker, spec, declared) for (name, marker), (spec, declared) in sorted(groups.items())]


def constraints(contract: Contract, sections: Iterable[str]) -> str:
    """pip constraints: they bound what gets installed without installing anything themselves.

    A package named by the core and a section (or by two sections) gets one line with both bounds,
    as the plugin checks both; bounds no version meets are a :class:`ContractError` naming both.
    Optional packages fit exactly (a constraint only applies if the package is installed); absent
    packages, Python and CUDA cannot be expressed and are written as comments.
    """
    chosen = list(sections)
    lines = [
        f"# pip constraints from contract {contract.name} ({contract.file})"
        + (f", sections: {', '.join(chosen)}" if chosen else ""),
        f"# use: pip install -c <this file> ...; generated by autoglm-compat constraints {contract.name}",
    ]
    notes: list[str] = []
    for reqs in [contract.core, *(contract.sections[s] for s in chosen)]:
        if reqs.python is not None:
            notes.append(f"# Python {spec_text(reqs.python.specifier)} (not expressible as a constraint)")
        if reqs.cuda is not None and reqs.cuda.runtime is not None:
            notes.append(f"# CUDA runtime of torch {spec_text(reqs.cuda.runtime)}: choose the torch index URL "
                         "(https://download.pytorch.org/whl/cuXYZ)")
        notes += [f"# {pkg.name} must not be installed (not expressible as a constraint)"
                  for pkg in reqs.packages if pkg.absent]
    problems = []
    for bound in package_bounds(contract, chosen):
        declared = [p for p in bound.declared if str(p.specifier)]
        if not declared:
            continue
        try:
            specifier(str(bound.spec), where=bound.name)
        except InvalidValue:
            both = " and ".join(f"{spec_text(p.specifier)} ({p.meta.origin})" for p in declared)
            problems.append(f"packages.{bound.name}: no version satisfies {both}")
            continue
        lines.append(bound.line())
    if problems:
        raise ContractError(contract.file, problems)
    lines[2:2] = list(dict.fromkeys(notes))
    return "\n".join(lines) + "\n"
