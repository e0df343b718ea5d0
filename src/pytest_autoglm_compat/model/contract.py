"""Contract files: TOML loading, validation with every problem reported at once, `extends`.

A contract never executes anything: it is data. Only the API-surface
subprocess imports the modules a contract names.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
import stat
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from packaging.specifiers import SpecifierSet

from . import values as _parse
from .requirements import (
    API_KINDS,
    ApiRequirement,
    CudaRequirement,
    ExtensionRequirement,
    KernelsRequirement,
    Meta,
    Origin,
    PackageRequirement,
    PythonRequirement,
    Requirement,
    RequirementSet,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib

FORMAT_VERSION = 1
CORE = "core"
#: Limits that keep any input a ContractError: contracts are a few KiB and nest about six levels.
MAX_BYTES = 1024 * 1024
MAX_NESTING = 32
MAX_EXTENDS = 16

_META_KEYS = {"reason", "fix", "source", "verified"}
_TOP_KEYS = {"format", "name", "description", "extends", "python", "packages", "cuda", "api",
             "extension", "kernels", "sections"}
_SECTION_KEYS = {"description", "python", "packages", "cuda", "api", "extension", "kernels"}
_PACKAGE_KEYS = {"spec", "marker", "absent", "optional"} | _META_KEYS
_PYTHON_KEYS = {"spec"} | _META_KEYS
_CUDA_KEYS = {"runtime", "capability", "devices", "memory", "driver"} | _META_KEYS
_API_KEYS = {"target", "when", *_parse.API_OPTION_NAMES} | _META_KEYS
_EXTENSION_KEYS = {"module", "when", "built_for_cuda", "built_for_torch"} | _META_KEYS
_KERNELS_KEYS = {"package", "when"} | _META_KEYS
_SECTION_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_T = TypeVar("_T")
_R = TypeVar("_R")


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

    def requirements_for(self, sections: tuple[str, ...]) -> list[RequirementSet]:
        return [self.core] + [self.sections[s] for s in sections]

    def requirements(self, sections: tuple[str, ...] | None = None, *, needs_cuda: bool) -> list[Requirement]:
        """Core plus the sections (all of them when None), each requirement once, in declaration order."""
        chosen = tuple(self.sections) if sections is None else sections
        return list(dict.fromkeys(r for rs in self.requirements_for(chosen) for r in rs.items(needs_cuda=needs_cuda)))

    def __len__(self) -> int:
        return len(self.core) + sum(len(s) for s in self.sections.values())


# --------------------------------------------------------------------------- locating


def bundled_dir() -> Path:
    """Contracts ship inside the wheel; a source checkout keeps them at the top level."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "contracts"
    if packaged.is_dir():
        return packaged
    return package.parent.parent / "contracts"


def bundled_names() -> list[str]:
    return sorted(p.stem for p in bundled_dir().glob("*.toml"))


def looks_like_path(value: str) -> bool:
    return value.endswith(".toml") or "/" in value or "\\" in value or value.startswith(".")


def resolve(value: str, *, relative_to: Path | None = None) -> tuple[Path, str]:
    """A bundled name or a path -> (path, display name). Raises ContractError."""
    if looks_like_path(value):
        path = Path(value)
        if relative_to is not None and not path.is_absolute():
            path = relative_to / path
        return path, _display(path)
    candidate = bundled_dir() / f"{value}.toml"
    try:
        found = candidate.is_file()
    except (OSError, ValueError):  # ENAMETOOLONG and kin: is_file() lets them through
        found = False
    if found:
        return candidate, f"contracts/{value}.toml"
    names = bundled_names()
    raise ContractError(
        repr(value),
        [
            f"no bundled contract of that name{_parse.did_you_mean(value, names)}; "
            f"bundled contracts: {', '.join(names)}; or give a path to a .toml file"
        ],
    )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (OSError, RuntimeError, ValueError):  # not below cwd, a symlink loop (RuntimeError before 3.13)
        return str(path)


# --------------------------------------------------------------------------- loading


def load(value: str) -> Contract:
    """Load a bundled contract by name or a contract file by path, `extends` applied."""
    path, display = resolve(value)
    return _load_chain(path, display, stack=())


def _load_chain(path: Path, display: str, stack: tuple[Path, ...]) -> Contract:
    key = _resolved(path)
    if key in stack:
        cycle = " -> ".join(_display(p) for p in (*stack, key))
        raise ContractError(display, [f"extends: cycle {cycle}"])
    if len(stack) >= MAX_EXTENDS:
        chain = " -> ".join(_display(p) for p in (*stack, key))
        raise ContractError(display, [f"extends: more than {MAX_EXTENDS} contracts in one chain ({chain})"])
    data = _read_toml(path, display)
    own = _Validator(display, data).contract()
    parent_ref = data.get("extends")
    if parent_ref is None:
        return own
    try:
        parent_path, parent_display = resolve(str(parent_ref), relative_to=path.parent)
    except ContractError as exc:
        raise ContractError(display, [f"extends: {parent_ref!r}: {p}" for p in exc.problems]) from None
    if not _exists(parent_path):
        raise ContractError(display, [f"extends: no contract at {parent_display}"])
    parent = _load_chain(parent_path, parent_display, (*stack, key))
    return _merge(parent, own)


def _resolved(path: Path) -> Path:
    """The key that detects cycles; a symlink loop or an odd path falls back to the path as given."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # RuntimeError: symlink loop before Python 3.13
        return path.absolute()


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return True  # let reading it say what is wrong


def _read_toml(path: Path, display: str) -> dict[str, Any]:
    """Bounded in size and nesting before the TOML parser sees it: no input exhausts memory or the stack."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        mode = 0  # opening it below says what is wrong
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):  # opening a pipe would wait for a writer forever
        raise ContractError(display, ["is a named pipe or socket; expected a contract .toml file"])
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ContractError(display, ["no such file"]) from None
    except IsADirectoryError:
        raise ContractError(display, ["is a directory; expected a contract .toml file"]) from None
    except OSError as exc:
        raise ContractError(display, [f"cannot be read: {exc.strerror or exc}"]) from None
    except ValueError as exc:  # a NUL byte in the path
        raise ContractError(display, [f"cannot be read: {exc}"]) from None
    if len(raw) > MAX_BYTES:
        raise ContractError(display, [f"is larger than {MAX_BYTES // 1024 // 1024} MiB, the limit for a contract "
                                      "file; contracts are a few KiB"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContractError(display, [f"is not UTF-8 text (byte {exc.start}); expected TOML"]) from None
    if "\x00" in text:
        raise ContractError(display, ["contains NUL bytes; expected a TOML text file"])
    too_deep = _nesting_problem(text)
    if too_deep:
        raise ContractError(display, [too_deep])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContractError(display, [_toml_problem(text, exc)]) from None
    except RecursionError:  # not reached after _nesting_problem; kept so that no parser depth escapes
        raise ContractError(display, [f"nested deeper than {MAX_NESTING} levels (arrays, tables or dotted keys)"]
                            ) from None
    except ValueError:  # an integer beyond Python's digit limit (sys.get_int_max_str_digits), not a TOMLDecodeError
        raise ContractError(display, ["not valid TOML: an integer literal too long to read (TOML integers "
                                      "are 64-bit)"]) from None
    out_of_range = _out_of_range(data)
    if out_of_range:
        raise ContractError(display, out_of_range)
    return data


#: Characters that can open or close nesting, start a string or comment, or end a key.
_NESTING_TOKEN = re.compile(r"[\[\]{}\"'#=,.\n]")
_BASIC_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"?')


def _nesting_problem(text: str) -> str | None:
    """Refuse nesting deeper than MAX_NESTING before parsing: TOML parsers recurse per level.

    A scan, not a parser: it skips strings and comments, counts open arrays and inline
    tables, and counts the dots of each key (``a.b.c = 1`` nests three tables).
    """
    stack: list[str] = []
    in_key = True
    dots = 0
    line = 1
    i = 0
    n = len(text)
    while True:
        match = _NESTING_TOKEN.search(text, i)
        if match is None:
            return None
        i = match.start()
        c = text[i]
        if c == "\n":
            line += 1
            if not stack:
                in_key, dots = True, 0
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end == -1 else end
        elif c in "\"'":
            end = _string_end(text, i)
            line += text.count("\n", i, end)
            i = end
        elif c == "[" and not stack and in_key:  # a table header, [name] or [[name]]: its dots count
            stack.append(c)
            i += 2 if text.startswith("[[", i) else 1
        elif c in "[{":
            stack.append(c)
            if len(stack) > MAX_NESTING:
                return f"line {line}: nested deeper than {MAX_NESTING} levels (arrays, tables or dotted keys)"
            in_key, dots = (True, 0) if c == "{" else (False, dots)
            i += 1
        elif c in "]}":
            if stack:
                stack.pop()
            i += 1
        elif c == "=":
            in_key = False
            i += 1
        elif c == ",":
            if stack and stack[-1] == "{":
                in_key, dots = True, 0
            i += 1
        else:  # "."
            if in_key:
                dots += 1
                if dots > MAX_NESTING:
                    return f"line {line}: a key of more than {MAX_NESTING} dotted parts"
            i += 1


def _string_end(text: str, start: int) -> int:
    """Index just past the string starting at ``start`` (or the end of the text if unterminated)."""
    quote = text[start]
    if text.startswith(quote * 3, start):
        j = start + 3
        while True:
            k = text.find(quote * 3, j)
            if k == -1:
                return len(text)
            backslashes = len(text[j:k]) - len(text[j:k].rstrip("\\")) if quote == '"' else 0
            if backslashes % 2:
                j = k + 1
                continue
            end = k + 3
            while end < len(text) and text[end] == quote and end - k < 5:  # up to two quotes of content
                end += 1
            return end
    if quote == "'":
        k = min((x for x in (text.find("'", start + 1), text.find("\n", start + 1)) if x != -1), default=len(text))
        return k + 1 if k < len(text) and text[k] == "'" else k
    match = _BASIC_STRING.match(text, start)
    assert match is not None
    return match.end()


_INT64 = range(-(2**63), 2**63)


def _out_of_range(data: dict[str, Any]) -> list[str]:
    """What tomllib accepts but TOML does not: integers beyond 64 bits (which Python refuses to print),
    and data nested deeper than MAX_NESTING through dotted keys inside inline tables."""
    problems: list[str] = []
    todo: list[tuple[str, int, Any]] = [(k, 1, v) for k, v in data.items()]
    while todo:
        key, depth, value = todo.pop()
        if depth > MAX_NESTING:
            problems.append(f"{key}: nested deeper than {MAX_NESTING} levels (arrays, tables or dotted keys)")
        elif isinstance(value, dict):
            todo += [(f"{key}.{k}", depth + 1, v) for k, v in value.items()]
        elif isinstance(value, list):
            todo += [(f"{key}[{i}]", depth + 1, v) for i, v in enumerate(value)]
        elif isinstance(value, int) and not isinstance(value, bool) and value not in _INT64:
            problems.append(f"{key}: integer out of range (TOML integers are 64-bit, -2**63 to 2**63-1)")
    return sorted(problems)


def _toml_problem(text: str, exc: Exception) -> str:
    message = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if not match:
        return f"not valid TOML: {message}"
    line_no, col = int(match[1]), int(match[2])
    lines = text.splitlines()
    source = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    return f"not valid TOML: {message}\n    {source}\n    {' ' * (col - 1)}^"


class _Validator:
    """Turns one parsed TOML document into requirements, collecting every problem."""

    def __init__(self, file: str, data: dict[str, Any]) -> None:
        self.file = file
        self.data = data
        self.problems: list[str] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{key}: {message}")

    def invalid(self, exc: _parse.InvalidValue) -> None:
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
        )

    # -- helpers ---------------------------------------------------------------

    def _check_keys(self, table: dict[str, Any], allowed: set[str], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                hint = _parse.did_you_mean(key, allowed)
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
            return _parse.one_of(value, ("always", "cuda"), where=f"{key}.when") == "cuda"
        except _parse.InvalidValue as exc:
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
        )

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
            spec = _parse.specifier(value.get("spec"), example=">=3.9", where=f"{key}.spec")
        except _parse.InvalidValue as exc:
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
                canonical = _parse.distribution_name(name, where=key)
            except _parse.InvalidValue as exc:
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
                    spec = _parse.specifier(entry["spec"], where=f"{key}.spec")
                except _parse.InvalidValue as exc:
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
                    marker = _parse.environment_marker(entry["marker"], where=f"{key}.marker")
                except _parse.InvalidValue as exc:
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
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(key, f"expected a table, got {value!r}")
            return None
        self._check_keys(value, _CUDA_KEYS, key + ".")
        parsed, problems = _parse.cuda_fields(value, f"{key}.{{}}".format)
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
            except _parse.InvalidValue as exc:
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
            module, qualname = _parse.target(entry.get("target"), where=f"{key}.target")
            options, problems = _parse.api_options(entry, API_KINDS, f"{key}.{{}}".format)
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
            return _parse.module_name(entry.get("module"), where=f"{key}.module"), None

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
            return _parse.distribution_name(entry["package"], where=f"{key}.package"), None

        def build(t: _Named[None]) -> KernelsRequirement:
            return KernelsRequirement(t.meta, package=t.name, when_cuda=t.when_cuda)

        return self._named_tables(value, prefix, "kernels", _KERNELS_KEYS, "cuda", "package once", parse, build)


@dataclass(frozen=True)
class _Named(Generic[_T]):
    """One table of an array kept by :meth:`_Validator._named_tables`."""

    key: str  # "sections.gptq.extension[1]"
    name: str  # what it declares, once
    entry: dict[str, Any]
    meta: Meta
    when_cuda: bool
    payload: _T


# --------------------------------------------------------------------------- extends


def _merge_sets(parent: RequirementSet, child: RequirementSet) -> RequirementSet:
    packages = {p.name: p for p in parent.packages}
    packages.update({p.name: p for p in child.packages})
    apis = {a.target: a for a in parent.apis}
    apis.update({a.target: a for a in child.apis})
    exts = {e.module: e for e in parent.extensions}
    exts.update({e.module: e for e in child.extensions})
    kernels = {k.package: k for k in parent.kernels}
    kernels.update({k.package: k for k in child.kernels})
    return RequirementSet(
        python=child.python or parent.python,
        packages=tuple(packages.values()),
        cuda=child.cuda or parent.cuda,
        apis=tuple(apis.values()),
        extensions=tuple(exts.values()),
        kernels=tuple(kernels.values()),
    )


def _merge(parent: Contract, child: Contract) -> Contract:
    sections = dict(parent.sections)
    for name, reqs in child.sections.items():
        sections[name] = _merge_sets(sections[name], reqs) if name in sections else reqs
    descriptions = {**parent.section_descriptions, **child.section_descriptions}
    return replace(
        child,
        description=child.description or parent.description,
        core=_merge_sets(parent.core, child.core),
        sections=sections,
        section_descriptions=descriptions,
        chain=(*child.chain, *parent.chain),
    )
