"""Contract files: TOML loading, validation with every problem reported at once, `extends`.

A contract never executes anything: it is data. Only the API-surface
subprocess imports the modules a contract names.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import values
from .requirements import (
    RequirementSet,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib
from .contract_format import CORE, Contract, ContractError, ContractValidator

__all__ = ["CORE", "MAX_BYTES", "MAX_EXTENDS", "MAX_NESTING", "Contract", "ContractError", "bundled_dir",
           "bundled_names", "load", "looks_like_path", "resolve"]

#: Limits that keep any input a ContractError: contracts are a few KiB and nest about six levels.
MAX_BYTES = 1024 * 1024
MAX_NESTING = 32
MAX_EXTENDS = 16


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
            f"no bundled contract of that name{values.did_you_mean(value, names)}; "
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
    own = _with_known_failures(ContractValidator(display, data).contract(), path, display)
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


def _with_known_failures(contract: Contract, path: Path, display: str) -> Contract:
    """The contract's known-failure files as paths relative to it; one that is not there is a contract error
    (their contents are validated where they are read, knowledge/signatures.py)."""
    files = []
    for name in contract.known_failures:
        file = Path(name) if Path(name).is_absolute() else path.parent / name
        if not file.is_file():
            raise ContractError(display, [f"known_failures: no known-failure file at {name!r} (relative to "
                                          f"{_display(path.parent)})"])
        files.append(os.path.normpath(file))
    return replace(contract, known_failures=tuple(files))


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
        raise ContractError(display, [_toml_problem(text, exc, quote=path.suffix == ".toml")]) from None
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


#: the most of a bad line a message quotes
EXCERPT = 80


def _toml_problem(text: str, exc: Exception, *, quote: bool = True) -> str:
    """The parser's message, and the bad line with a caret under the column.

    ``quote``: the file is meant to be a contract (``.toml``). Any other file (``extends =
    "~/.netrc"``, ``-c /etc/passwd``) is not quoted: it is not ours to show, and may hold a password.
    A long line is shown as the EXCERPT characters around the column.
    """
    message = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if not match or not quote:
        return f"not valid TOML: {message}" + ("" if quote else " (not a .toml file: its lines are not shown)")
    line_no, col = int(match[1]), int(match[2])
    lines = text.splitlines()
    source = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    start = max(0, min(col - 1 - EXCERPT // 2, len(source) - EXCERPT))
    shown = ("..." if start else "") + source[start:start + EXCERPT] + ("..." if start + EXCERPT < len(source) else "")
    caret = col - 1 - start + (3 if start else 0)
    return f"not valid TOML: {message}\n    {shown}\n    {' ' * caret}^"


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
        consistency=child.consistency or parent.consistency,
        toolchain=child.toolchain or parent.toolchain,
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
        known_failures=(*parent.known_failures, *child.known_failures),
    )
