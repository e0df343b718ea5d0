"""What a contract may hold: the Contract value, its error, and the validation of a parsed TOML document.

Validation collects every problem of a file and raises once (:class:`ContractError`), so a
user fixes a contract in one round; locating and reading files is :mod:`.contract`'s job.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from . import values
from .requirements import (
    API_KINDS,
    NVCC_MATCHES_TORCH,
    ApiRequirement,
    ConsistencyRequirement,
    CudaRequirement,
    ExtensionRequirement,
    KernelsRequirement,
    Meta,
    Origin,
    PackageRequirement,
    PythonRequirement,
    Requirement,
    RequirementSet,
    ToolchainRequirement,
)

FORMAT_VERSION = 1
CORE = "core"


class ContractError(ValueError):
    """A contract file is unusable; lists every problem found in it."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(self._message())

    def _message(self) -> str:
        if len(self.problems) == 1 and "\n" not in self.problems[0]:
            return f"Invalid contract {self.file}: {self.problems[0]}"
        lines = [f"Invalid contract {self.file}:"]
        lines += ["  " + p.replace("\n", "\n  ") for p in self.problems]
        return "\n".join(lines)


@dataclass(frozen=True)
class Contract:
    name: str
    description: str
    file: str
    core: RequirementSet
    sections: Mapping[str, RequirementSet] = field(default_factory=dict)
    section_descriptions: Mapping[str, str] = field(default_factory=dict)
    chain: tuple[str, ...] = ()
    #: the team's own known-failure files this contract names, resolved against its file (knowledge/)
    known_failures: tuple[str, ...] = ()

    def requirements_for(self, sections: tuple[str, ...]) -> list[RequirementSet]:
        return [self.core] + [self.sections[s] for s in sections]

    def requirements(self, sections: tuple[str, ...] | None = None, *, needs_cuda: bool) -> list[Requirement]:
        """Core plus the sections (all of them when None), each requirement once, in declaration order."""
        chosen = tuple(self.sections) if sections is None else sections
        return list(dict.fromkeys(r for rs in self.requirements_for(chosen) for r in rs.items(needs_cuda=needs_cuda)))

    def __len__(self) -> int:
        return len(self.core) + sum(len(s) for s in self.sections.values())




_META_KEYS = {"reason", "fix", "source", "verified"}


_TOP_KEYS = {"format", "name", "description", "extends", "known_failures", "python", "packages", "cuda", "api",
             "extension", "kernels", "consistency", "toolchain", "sections"}


_SECTION_KEYS = {"description", "python", "packages", "cuda", "api", "extension", "kernels", "consistency",
                 "toolchain"}
_CONSISTENCY_KEYS = {"packages"} | _META_KEYS
_TOOLCHAIN_KEYS = {"nvcc", "compiler", "ninja", "when"} | _META_KEYS


_PACKAGE_KEYS = {"spec", "marker", "absent", "optional"} | _META_KEYS


_PYTHON_KEYS = {"spec"} | _META_KEYS


_CUDA_KEYS = {"runtime", "capability", "devices", "memory", "driver"} | _META_KEYS


_API_KEYS = {"target", "when", *values.API_OPTION_NAMES} | _META_KEYS


_EXTENSION_KEYS = {"module", "when", "built_for_cuda", "built_for_torch"} | _META_KEYS


_KERNELS_KEYS = {"package", "when"} | _META_KEYS


_DIST_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")
_SECTION_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


_T = TypeVar("_T")


_R = TypeVar("_R")


class ContractValidator:
    """Turns one parsed TOML document into requirements, collecting every problem."""

    def __init__(self, file: str, data: dict[str, Any]) -> None:
        self.file = file
        self.data = data
        self.problems: list[str] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{key}: {message}")

    def invalid(self, exc: values.InvalidValue) -> None:
        self.problems.append(str(exc))

    def contract(self) -> Contract:
        d = self.data
        self._check_keys(d, _TOP_KEYS, "")
        fmt = d.get("format", FORMAT_VERSION)
        if fmt != FORMAT_VERSION:
            self.problem("format", f"expected {FORMAT_VERSION}, got {fmt!r}")
        name = d.get("name")
        if name is None:
            self.problem("name", "required key is missing (a short name such as 'stable')")
            name = ""
        elif not isinstance(name, str) or not name.strip():
            self.problem("name", f"expected a non-empty string, got {name!r}")
            name = ""
        description = self._opt_str(d, "description", "")
        extends = d.get("extends")
        if extends is not None and (not isinstance(extends, str) or not extends.strip()):
            self.problem("extends", f"expected a bundled contract name or a path, got {extends!r}")
        known_failures = d.get("known_failures", [])
        if not isinstance(known_failures, list) or not all(isinstance(f, str) and f.strip() for f in known_failures):
            self.problem("known_failures", "expected a list of paths to known-failure files (relative to this "
                         f"contract), such as ['known_failures.toml'], got {known_failures!r}")
            known_failures = []
        core = self._requirement_set(d, "")
        sections: dict[str, RequirementSet] = {}
        descriptions: dict[str, str] = {}
        raw_sections = d.get("sections", {})
        if not isinstance(raw_sections, dict):
            self.problem("sections", f"expected a table of named sections, got {raw_sections!r}")
            raw_sections = {}
        for sname, sdata in raw_sections.items():
            key = f"sections.{sname}"
            if not _SECTION_NAME.match(sname) or sname == CORE:
                self.problem(key, "section names are letters, digits, '-' and '_' ('core' is reserved)")
                continue
            if not isinstance(sdata, dict):
                self.problem(key, f"expected a table, got {sdata!r}")
                continue
            self._check_keys(sdata, _SECTION_KEYS, key + ".")
            descriptions[sname] = self._opt_str(sdata, "description", "", prefix=key + ".")
            sections[sname] = self._requirement_set(sdata, key + ".")
        if self.problems:
            raise ContractError(self.file, self.problems)
        return Contract(
            name=name,
            description=description,
            file=self.file,
            core=core,
            sections=sections,
            section_descriptions=descriptions,
            chain=(self.file,),
            known_failures=tuple(known_failures),
        )

    # -- helpers ---------------------------------------------------------------

    def _check_keys(self, table: dict[str, Any], allowed: set[str], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                hint = values.did_you_mean(key, allowed)
                self.problem(
                    f"{prefix}{key}",
                    f"unknown key{hint}; expected one of {', '.join(sorted(allowed))}",
                )

    def _opt_str(self, table: dict[str, Any], key: str, default: str, prefix: str = "") -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            self.problem(f"{prefix}{key}", f"expected a string, got {value!r}")
            return default
        return value

    def _opt_bool(self, table: dict[str, Any], key: str, prefix: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.problem(f"{prefix}{key}", f"expected true or false, got {value!r}")
            return False
        return value

    def _meta(self, table: dict[str, Any], key: str) -> Meta:
        values: dict[str, str | None] = {}
        for name in ("reason", "fix", "source"):
            value = table.get(name)
            if value is not None and not isinstance(value, str):
                self.problem(f"{key}.{name}", f"expected a string, got {value!r}")
                value = None
            values[name] = value
        verified = table.get("verified", True)
        if not isinstance(verified, bool):
            self.problem(f"{key}.verified", f"expected true or false, got {verified!r}")
            verified = True
        return Meta(Origin(key, self.file), values["reason"], values["fix"], values["source"], verified)

    def _when(self, table: dict[str, Any], key: str, default: str) -> bool:
        value = table.get("when", default)
        try:
            return values.one_of(value, ("always", "cuda"), where=f"{key}.when") == "cuda"
        except values.InvalidValue as exc:
            self.invalid(exc)
            return default == "cuda"

    def _requirement_set(self, d: dict[str, Any], prefix: str) -> RequirementSet:
        return RequirementSet(
            python=self._python(d.get("python"), f"{prefix}python"),
            packages=self._packages(d.get("packages", {}), f"{prefix}packages"),
            cuda=self._cuda(d.get("cuda"), f"{prefix}cuda"),
            apis=self._apis(d.get("api", []), f"{prefix}api"),
            extensions=self._extensions(d.get("extension", []), f"{prefix}extension"),
            kernels=self._kernels(d.get("kernels", []), f"{prefix}kernels"),
            consistency=self._consistency(d.get("consistency"), f"{prefix}consistency"),
            toolchain=self._toolchain(d.get("toolchain"), f"{prefix}toolchain"),
        )

    def _table(self, value: Any, key: str, keys: set[str]) -> dict[str, Any] | None:
        """An optional table with its keys checked; None where it is absent or (a problem) not a table."""
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(key, f"expected a table, got {value!r}")
            return None
        self._check_keys(value, keys, key + ".")
        return value

    def _consistency(self, value: Any, key: str) -> ConsistencyRequirement | None:
        value = self._table(value, key, _CONSISTENCY_KEYS)
        if value is None:
            return None
        names = value.get("packages", [])
        if not isinstance(names, list) or not all(isinstance(n, str) and _DIST_NAME.match(n) for n in names):
            self.problem(f"{key}.packages", f"expected a list of distribution names such as [\"torch\", "
                         f"\"vllm\"], got {names!r}")
            names = []
        return ConsistencyRequirement(self._meta(value, key), tuple(canonicalize_name(n) for n in names))

    def _toolchain(self, value: Any, key: str) -> ToolchainRequirement | None:
        value = self._table(value, key, _TOOLCHAIN_KEYS)
        if value is None:
            return None
        nvcc: SpecifierSet | str | None = None
        raw = value.get("nvcc")
        if raw == NVCC_MATCHES_TORCH:
            nvcc = NVCC_MATCHES_TORCH
        elif raw is not None:
            try:
                nvcc = values.specifier(raw, example=">=12.1", where=f"{key}.nvcc")
            except values.InvalidValue as exc:
                self.problem(f"{key}.nvcc", f"expected \"{NVCC_MATCHES_TORCH}\" (the CUDA major torch was built "
                             f"for) or a version specifier such as \">=12.1\"; {exc}")
        return ToolchainRequirement(self._meta(value, key), nvcc=nvcc,
                                    compiler=self._opt_bool(value, "compiler", key + "."),
                                    ninja=self._opt_bool(value, "ninja", key + "."),
                                    when_cuda=self._when(value, key, "cuda"))

    def _python(self, value: Any, key: str) -> PythonRequirement | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = {"spec": value}
        if not isinstance(value, dict):
            self.problem(key, f"expected a specifier string or a table with 'spec', got {value!r}")
            return None
        self._check_keys(value, _PYTHON_KEYS, key + ".")
        try:
            spec = values.specifier(value.get("spec"), example=">=3.9", where=f"{key}.spec")
        except values.InvalidValue as exc:
            self.invalid(exc)
            return None
        return PythonRequirement(self._meta(value, key), spec)

    def _packages(self, value: Any, prefix: str) -> tuple[PackageRequirement, ...]:
        if not isinstance(value, dict):
            self.problem(prefix, f"expected a table of package names, got {value!r}")
            return ()
        out = []
        seen: dict[str, str] = {}
        for name, entry in value.items():
            key = f"{prefix}.{name}"
            try:
                canonical = values.distribution_name(name, where=key)
            except values.InvalidValue as exc:
                self.invalid(exc)
                continue
            if canonical in seen:
                self.problem(key, f"the same distribution as {prefix}.{seen[canonical]} (names are compared "
                             "normalised); declare it once")
                continue
            seen[canonical] = name
            if isinstance(entry, str):
                entry = {"spec": entry}
            if not isinstance(entry, dict):
                self.problem(key, f"expected a specifier string or a table, got {entry!r}")
                continue
            self._check_keys(entry, _PACKAGE_KEYS, key + ".")
            absent = self._opt_bool(entry, "absent", key + ".")
            optional = self._opt_bool(entry, "optional", key + ".")
            spec = SpecifierSet()
            if "spec" in entry:
                try:
                    spec = values.specifier(entry["spec"], where=f"{key}.spec")
                except values.InvalidValue as exc:
                    self.invalid(exc)
                    continue
            elif not absent:
                self.problem(key, "expected 'spec' (a version specifier) or 'absent = true'")
                continue
            if absent and ("spec" in entry or optional):
                self.problem(key, "'absent = true' cannot be combined with 'spec' or 'optional'")
                continue
            marker = None
            if "marker" in entry:
                try:
                    marker = values.environment_marker(entry["marker"], where=f"{key}.marker")
                except values.InvalidValue as exc:
                    self.invalid(exc)
                    continue
            out.append(
                PackageRequirement(
                    self._meta(entry, key),
                    name=canonical,
                    specifier=spec,
                    marker=marker,
                    absent=absent,
                    optional=optional,
                )
            )
        return tuple(out)

    def _cuda(self, value: Any, key: str) -> CudaRequirement | None:
        value = self._table(value, key, _CUDA_KEYS)
        if value is None:
            return None
        parsed, problems = values.cuda_fields(value, f"{key}.{{}}".format)
        for invalid in problems:
            self.invalid(invalid)
        return CudaRequirement(self._meta(value, key), **parsed)

    def _entries(self, value: Any, key: str, what: str) -> list[tuple[str, dict[str, Any]]]:
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            self.problem(key, f"expected an array of tables ([[{what}]]), got {value!r}")
            return []
        out = []
        for i, entry in enumerate(value):
            if not isinstance(entry, dict):
                self.problem(f"{key}[{i}]", f"expected a table, got {entry!r}")
                continue
            out.append((f"{key}[{i}]", entry))
        return out

    def _named_tables(self, value: Any, prefix: str, what: str, keys: set[str], when: str, once: str,
                      parse: Callable[[dict[str, Any], str], tuple[str, _T] | None],
                      build: Callable[[_Named[_T]], _R]) -> tuple[_R, ...]:
        """``[[what]]`` tables that each name one thing (an API target, a module, a distribution).

        Unknown keys are reported, ``parse`` reads the name (and whatever else the kind needs; None when
        it reported a problem), a second table naming the same thing is refused ("declare each {once}"),
        and each kept table, with its meta keys and its ``when`` (default ``when``), is handed to
        ``build`` in file order (so problems are listed in file order).
        """
        out: list[_R] = []
        seen: dict[str, str] = {}
        for key, entry in self._entries(value, prefix, what):
            self._check_keys(entry, keys, key + ".")
            try:
                parsed = parse(entry, key)
            except values.InvalidValue as exc:
                self.invalid(exc)
                continue
            if parsed is None:
                continue
            name, payload = parsed
            if name in seen:
                self.problem(key, f"{name} is already declared in {seen[name]}; declare each {once}")
                continue
            seen[name] = key
            meta = self._meta(entry, f"{prefix}[{name}]")
            out.append(build(_Named(key, name, entry, meta, self._when(entry, key, when), payload)))
        return tuple(out)

    def _apis(self, value: Any, prefix: str) -> tuple[ApiRequirement, ...]:
        def parse(entry: dict[str, Any], key: str) -> tuple[str, tuple[str, str, dict[str, Any]]] | None:
            module, qualname = values.target(entry.get("target"), where=f"{key}.target")
            options, problems = values.api_options(entry, API_KINDS, f"{key}.{{}}".format)
            for invalid in problems:
                self.invalid(invalid)
            if problems:
                return None
            return (f"{module}:{qualname}" if qualname else module), (module, qualname, options)

        def build(t: _Named[tuple[str, str, dict[str, Any]]]) -> ApiRequirement:
            module, qualname, options = t.payload
            return ApiRequirement(t.meta, module=module, qualname=qualname, when_cuda=t.when_cuda, **options)

        return self._named_tables(value, prefix, "api", _API_KEYS, "always", "target once with all its checks",
                                  parse, build)

    def _cuda_major(self, entry: dict[str, Any], key: str) -> str | None:
        value = entry.get("built_for_cuda")
        if value is None:
            return None
        if isinstance(value, bool) or not re.fullmatch(r"\d{2}", str(value)):
            self.problem(f"{key}.built_for_cuda", f"expected a CUDA major version such as \"12\", got {value!r}")
            return None
        return str(value)

    def _torch_line(self, entry: dict[str, Any], key: str) -> str | None:
        value = entry.get("built_for_torch")
        if value is None:
            return None
        if not isinstance(value, str) or not re.fullmatch(r"\d+\.\d+", value):
            self.problem(f"{key}.built_for_torch", f"expected a torch release line such as \"2.2\", got {value!r}")
            return None
        return value

    def _extensions(self, value: Any, prefix: str) -> tuple[ExtensionRequirement, ...]:
        def parse(entry: dict[str, Any], key: str) -> tuple[str, None]:
            return values.module_name(entry.get("module"), where=f"{key}.module"), None

        def build(t: _Named[None]) -> ExtensionRequirement:
            return ExtensionRequirement(t.meta, module=t.name, when_cuda=t.when_cuda,
                                        built_for_cuda=self._cuda_major(t.entry, t.key),
                                        built_for_torch=self._torch_line(t.entry, t.key))

        return self._named_tables(value, prefix, "extension", _EXTENSION_KEYS, "cuda", "module once", parse, build)

    def _kernels(self, value: Any, prefix: str) -> tuple[KernelsRequirement, ...]:
        def parse(entry: dict[str, Any], key: str) -> tuple[str, None] | None:
            if "package" not in entry:
                self.problem(key, "required key 'package' is missing (a distribution name such as 'cpm-kernels')")
                return None
            if not isinstance(entry["package"], str):
                self.problem(f"{key}.package", f"expected a distribution name such as 'cpm-kernels', got "
                             f"{entry['package']!r}")
                return None
            return values.distribution_name(entry["package"], where=f"{key}.package"), None

        def build(t: _Named[None]) -> KernelsRequirement:
            return KernelsRequirement(t.meta, package=t.name, when_cuda=t.when_cuda)

        return self._named_tables(value, prefix, "kernels", _KERNELS_KEYS, "cuda", "package once", parse, build)


@dataclass(frozen=True)
class _Named(Generic[_T]):
    """One table of an array kept by :meth:`ContractValidator._named_tables`."""

    key: str  # "sections.gptq.extension[1]"
    name: str  # what it declares, once
    entry: dict[str, Any]
    meta: Meta
    when_cuda: bool
    payload: _T
