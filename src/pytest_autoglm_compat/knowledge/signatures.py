"""Known failures as data: ``known_failures.toml`` (bundled) and a team's own files, read and validated.

A known failure is an entry in a data file with the real logs it explains as its
fixtures (STYLE.md 19): adding one is data and a log, no code. What cannot be
said in data, a cause or fix computed from the failure itself, is a named
*detail* the matcher knows (:data:`DETAILS`); an entry asks for it by name.

Validation works as for contracts: every problem in a file is collected, then
one :class:`KnownFailuresError` names the file and each entry, key and what was
expected. The bundled file is read on first use only (the plugin's start
parses no TOML) and kept.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from .failure import LOG_LINE, Failure

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib

#: the bundled data file, next to this module
BUNDLED = "known_failures.toml"
MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Signature:
    """A known failure and where it can happen; every part of the scope must hold."""

    id: str  # unique over all files: names the entry in errors and tests
    types: tuple[str, ...]  # qualified class names; a subclass matches (torch.AcceleratorError is a RuntimeError)
    pattern: re.Pattern[str]
    cause: str
    fix: str
    source: str
    raised_in: tuple[str, ...] = ()  # top-level modules the raising frame belongs to; () where it can be any
    when: tuple[tuple[str, str], ...] = ()  # (distribution, specifier): the versions it happens with
    cuda_torch: bool = False  # only with a CUDA build of torch
    catches: str | None = None  # where a bundled contract declares the requirement that catches it
    requirement: str | None = None  # that requirement's identity (see requirements.identity)
    family: str = ""  # the kind of failure, shared by signatures of one cause
    frames: re.Pattern[str] | None = None  # must match a "module:function" of the failure's frames; unseen: no
    cpu_torch: bool = False  # only with a CPU-only build of torch
    log_only: bool = False  # no version scope: the message is specific to one package's code
    unseen: tuple[str, ...] = ()  # distributions whose version must be unknown (a log that names none)
    detail: str | None = None  # a name in DETAILS: cause and fix computed for this very failure
    kernels: str | None = None  # see Hint.kernels
    logs: tuple[str, ...] = ()  # the real logs it explains, relative to tests/data/real (bundled entries)
    file: str = ""  # the data file it was read from

    @functools.cached_property
    def type_names(self) -> frozenset[str]:
        """Its types and their bare names: a failure is of one of its types where its own types meet these
        (:meth:`Failure.is_a`, for every type at once)."""
        return frozenset(self.types) | {t.rpartition(".")[2] for t in self.types}


# --------------------------------------------------------------------------- details


@dataclass(frozen=True)
class Detail:
    """A cause and fix computed from the failure: what a data file cannot say."""

    name: str
    doc: str
    apply: Callable[[str, str, re.Match[str], Failure], tuple[str, str]]
    groups: tuple[str, ...] = ()  # named groups the entry's pattern must have
    fields: tuple[str, ...] = ()  # the {placeholders} its cause and fix may use


def decode_driver_version(number: int) -> str:
    """cudaDriverGetVersion's encoding, 1000*major + 10*minor: 11060 -> "11.6", 9010 -> "9.1"."""
    return f"{number // 1000}.{number % 1000 // 10}"


def _name_importer(cause: str, fix: str, match: re.Match[str], failure: Failure) -> tuple[str, str]:
    module = (failure.raised_in or "").partition(".")[0]
    importer = module if module and module not in ("transformers", "<stdin>", "__main__") else "the importing package"
    return cause.format(importer=importer), fix.format(importer=importer)


def _driver_found(cause: str, fix: str, match: re.Match[str], failure: Failure) -> tuple[str, str]:
    found = match.group("found")
    if found is None:
        return cause + " (the found version, when shown, encodes the newest CUDA the driver supports)", fix
    number = int(found)
    return cause + f" (found version {number} is CUDA {decode_driver_version(number)}, the newest CUDA this driver " \
        "supports)", fix


def _needed(cause: str, fix: str, match: re.Match[str], failure: Failure) -> tuple[str, str]:
    need = match.group("need")
    return cause.format(need=need), fix.format(need=need)


DETAILS: Mapping[str, Detail] = {d.name: d for d in (
    Detail("name-importer",
           "fills {importer} in cause and fix with the top-level package whose frame raised the error (the one "
           "to upgrade), or 'the importing package' where that is transformers, a script or unseen",
           _name_importer, fields=("importer",)),
    Detail("driver-found-version",
           "appends which CUDA the pattern's (?P<found>...) group encodes (torch's 'found version 11060' is "
           "cudaDriverGetVersion's 1000*major + 10*minor: CUDA 11.6)",
           _driver_found, groups=("found",)),
    Detail("needed-version",
           "fills {need} in cause and fix with what the pattern's (?P<need>...) group read (the CUDA a container "
           "image declares it needs)",
           _needed, groups=("need",), fields=("need",)),
)}


# --------------------------------------------------------------------------- errors


class KnownFailuresError(ValueError):
    """A known-failures file is unusable; lists every problem found in it."""

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(self._message())

    def _message(self) -> str:
        if len(self.problems) == 1:
            return f"Invalid known failures {self.file}: {self.problems[0]}"
        return "\n".join([f"Invalid known failures {self.file}:", *("  " + p for p in self.problems)])


_KEYS = {"id", "family", "types", "pattern", "cause", "fix", "source", "raised_in", "frames", "when", "unseen",
         "torch", "log_only", "detail", "catches", "requirement", "kernels", "logs"}
_REQUIRED = ("id", "family", "types", "pattern", "cause", "fix", "source")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TYPE = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
_TORCH = {"cuda": (True, False), "cpu": (False, True)}


class _Entry:
    """Reads one ``[[failure]]`` table, noting each problem under "failure[i] (id 'x'): key"."""

    def __init__(self, index: int, table: Mapping[str, Any], problems: list[str]) -> None:
        self.table = table
        self.problems = problems
        raw_id = table.get("id")
        self.where = f"failure[{index}]" + (f" (id {raw_id!r})" if isinstance(raw_id, str) else "")

    def problem(self, key: str | None, message: str) -> None:
        self.problems.append(f"{self.where}: {key}: {message}" if key else f"{self.where}: {message}")

    def string(self, key: str, *, slug: bool = False) -> str | None:
        value = self.table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(key, f"expected a non-empty string, got {_shown(value)}")
            return None
        if slug and not _SLUG.match(value):
            self.problem(key, f"expected a slug of lowercase letters, digits and '-', got {value!r}")
            return None
        return value

    def strings(self, key: str, *, empty: bool = True) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value) or (
                not empty and not value):
            kind = "a list of non-empty strings" if empty else "a non-empty list of non-empty strings"
            self.problem(key, f"expected {kind}, got {_shown(value)}")
            return ()
        return tuple(value)

    def regex(self, key: str) -> re.Pattern[str] | None:
        text = self.string(key)
        if text is None:
            return None
        try:
            return re.compile(text)
        except re.error as exc:
            self.problem(key, f"invalid regular expression {text!r} ({exc}); expected a Python regular expression")
            return None

    def flag(self, key: str) -> bool:
        value = self.table.get(key, False)
        if not isinstance(value, bool):
            self.problem(key, f"expected true or false, got {_shown(value)}")
            return False
        return value

    def when(self) -> tuple[tuple[str, str], ...]:
        value = self.table.get("when", {})
        if not isinstance(value, dict):
            self.problem("when", f"expected a table of distribution = \"specifier\", got {_shown(value)}")
            return ()
        out = []
        for name, spec in value.items():
            if not isinstance(spec, str):
                self.problem(f"when.{name}", f"expected a PEP 440 specifier string such as '>=5.0', got {_shown(spec)}")
                continue
            try:
                SpecifierSet(spec)
            except InvalidSpecifier:
                self.problem(f"when.{name}", f"invalid version specifier {spec!r}; expected a PEP 440 specifier "
                             "such as '>=5.0' or '<0.3.0'")
                continue
            out.append((name, spec))
        return tuple(out)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _entry(index: int, table: object, problems: list[str], *, bundled: bool, file: str) -> Signature | None:
    if not isinstance(table, dict):
        problems.append(f"failure[{index}]: expected a table ([[failure]]), got {_shown(table)}")
        return None
    e = _Entry(index, table, problems)
    for key in sorted(set(table) - _KEYS):
        e.problem(None, f"unknown key {key!r}; expected one of: {', '.join(sorted(_KEYS))}")
    for key in _REQUIRED:
        if key not in table:
            e.problem(None, f"missing required key {key!r}")
    if bundled and "logs" not in table:
        e.problem(None, "missing required key 'logs' (the real logs under tests/data/real it explains)")
    ident, family = e.string("id", slug=True), e.string("family", slug=True)
    types = e.strings("types", empty=False)
    for name in types:
        if name != LOG_LINE and not _TYPE.match(name):
            e.problem("types", f"expected qualified exception class names ('builtins.ImportError') or "
                      f"{LOG_LINE!r}, got {name!r}")
    pattern, frames = e.regex("pattern"), e.regex("frames")
    cause, fix, source = e.string("cause"), e.string("fix"), e.string("source")
    catches, requirement, kernels = e.string("catches"), e.string("requirement"), e.string("kernels")
    torch = table.get("torch")
    if torch is not None and torch not in _TORCH:
        e.problem("torch", f"expected \"cuda\" or \"cpu\", got {_shown(torch)}")
        torch = None
    detail = e.string("detail")
    if detail is not None and detail not in DETAILS:
        e.problem("detail", f"unknown detail {detail!r}; expected one of: {', '.join(sorted(DETAILS))}")
        detail = None
    if detail is not None:
        _check_detail(e, DETAILS[detail], pattern, cause, fix)
    signature = Signature(
        ident or "", types, pattern or re.compile(""), cause or "", fix or "", source or "",
        raised_in=e.strings("raised_in"), when=e.when(), cuda_torch=_TORCH.get(torch or "", (False, False))[0],
        catches=catches, requirement=requirement, family=family or "", frames=frames,
        cpu_torch=_TORCH.get(torch or "", (False, False))[1], log_only=e.flag("log_only"),
        unseen=e.strings("unseen"), detail=detail, kernels=kernels, logs=e.strings("logs"), file=file)
    return signature


def _check_detail(e: _Entry, detail: Detail, pattern: re.Pattern[str] | None, cause: str | None,
                  fix: str | None) -> None:
    """A detail's needs hold: the named groups it reads, no {placeholder} it does not fill."""
    if pattern is not None:
        for group in detail.groups:
            if group not in pattern.groupindex:
                e.problem("pattern", f"detail {detail.name!r} reads the named group (?P<{group}>...), which the "
                          "pattern lacks")
    for key, text in (("cause", cause), ("fix", fix)):
        if text is None or not detail.fields:
            continue
        try:
            text.format(**{f: "" for f in detail.fields})
        except (KeyError, IndexError, ValueError) as exc:
            e.problem(key, f"detail {detail.name!r} fills only {', '.join('{' + f + '}' for f in detail.fields)}; "
                      f"the text has {exc!s} (write {{{{ }}}} for a literal brace)")


# --------------------------------------------------------------------------- reading


def parse_known_failures(text: str, file: str, *, bundled: bool = False,
                         taken: Mapping[str, str] | None = None) -> tuple[Signature, ...]:
    """The entries of one data file in file order; ``taken``: ids already read (id -> file) that it may not reuse.

    ``bundled``: the package's own file, whose entries must each name their real logs.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnownFailuresError(file, [f"not valid TOML: {exc}"]) from None
    problems: list[str] = []
    for key in sorted(set(data) - {"failure"}):
        problems.append(f"unknown top-level key {key!r}; expected only [[failure]] tables")
    entries = data.get("failure", [])
    if not isinstance(entries, list):
        problems.append(f"failure: expected an array of tables ([[failure]]), got {_shown(entries)}")
        entries = []
    seen: dict[str, str] = dict(taken or {})
    out: list[Signature] = []
    for index, table in enumerate(entries):
        before = len(problems)
        signature = _entry(index, table, problems, bundled=bundled, file=file)
        if signature is None or not signature.id:
            continue
        if signature.id in seen:
            elsewhere = "this file" if seen[signature.id] == file else seen[signature.id]
            problems.append(f"failure[{index}] (id {signature.id!r}): id: already used in {elsewhere}; expected a "
                            "unique id")
        seen[signature.id] = file
        if len(problems) == before:
            out.append(signature)
    if problems:
        raise KnownFailuresError(file, problems)
    return tuple(out)


def read_known_failures(path: str | os.PathLike[str], *, taken: Mapping[str, str] | None = None
                        ) -> tuple[Signature, ...]:
    """One team's data file (user entries need not name logs)."""
    file = os.fspath(path)
    try:
        with open(file, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise KnownFailuresError(file, [f"cannot be read ({exc.strerror or exc})"]) from None
    if len(raw) > MAX_BYTES:
        raise KnownFailuresError(file, [f"larger than {MAX_BYTES} bytes; expected a TOML text file"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise KnownFailuresError(file, ["not UTF-8; expected a TOML text file"]) from None
    return parse_known_failures(text, file, taken=taken)


@functools.cache
def bundled_known_failures() -> tuple[Signature, ...]:
    """The package's own known failures, read on first use and kept."""
    text = resources.files(__package__).joinpath(BUNDLED).read_text(encoding="utf-8")
    return parse_known_failures(text, BUNDLED, bundled=True)


def load_known_failures(paths: Iterable[str | os.PathLike[str]] = ()) -> tuple[Signature, ...]:
    """The bundled known failures, then each file of ``paths`` in order: the order they are tried in.

    A bundled entry is tried before a team's, so a team's file adds what the package
    does not know and cannot change what it does. Raises :class:`KnownFailuresError`.
    """
    known = bundled_known_failures()
    taken = {k.id: k.file for k in known}
    for path in paths:
        extra = read_known_failures(path, taken=taken)
        taken.update((k.id, k.file) for k in extra)
        known += extra
    return known
