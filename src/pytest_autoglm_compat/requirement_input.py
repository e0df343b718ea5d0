"""What users hand ``check --requirements``: requirement files with ranges, and listings of installed packages.

Two kinds of input, told apart by their content (not their file name):

* **requirement files** (``requirements.txt`` as people write them): each line constrains a package
  to a *range*; ``-r``/``-c`` includes are read relative to the including file,
  ``--index-url``/``--extra-index-url``/``-f`` lines are recorded for the release look-up;
* **installed state** (``pip list`` columns or ``--format=json``, ``conda list`` and ``--export``,
  ``pip inspect`` JSON, and a file whose every line is pinned: ``pip freeze``, ``pip-compile``
  output): one exact version per package, and a package not listed is not installed.

:func:`judge` then gives each contract package requirement one of three judgements: *conflict* (no
version satisfies both), *allowed* (the user's range admits versions outside the contract) or
*guaranteed* (every version the range admits is inside the contract). The relation is decided on the
specifiers themselves, so it holds for releases not made yet; the index's release list, where it can
be read, only adds which released versions fall outside, and turns "no released version satisfies
both" into a conflict.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from packaging.markers import InvalidMarker, UndefinedComparison, UndefinedEnvironmentName
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from ._parse import spec_text

__all__ = ["ALLOWED", "CONDA_TO_PYPI", "CONFLICT", "GUARANTEED", "Entry", "InputError", "Judgement", "Releases",
           "Unreadable", "UserInput", "judge", "read", "read_requirements", "release_lists",
           "user_text"]

GUARANTEED, ALLOWED, CONFLICT = "guaranteed", "allowed but not guaranteed", "conflict"

#: conda package names whose PyPI distribution is named differently. Only packages that *are* the
#: Python distribution: ``pytorch-cuda``/``pytorch-mutex``/``cudatoolkit`` are conda-only metapackages
#: and keep their names (no contract names them).
CONDA_TO_PYPI: Mapping[str, str] = {
    "pytorch": "torch",  # pytorch channel and conda-forge: the torch distribution
    "pytorch-cpu": "torch",  # conda-forge CPU build
    "pytorch-gpu": "torch",  # conda-forge CUDA build
    "sentencepiece-python": "sentencepiece",  # conda-forge splits the C++ library from the bindings
    "matplotlib-base": "matplotlib",
}

_CONDA_CUDA_BUILD = re.compile(r"(?:^|_)cuda(\d+)\.(\d+)(?:_|$)|(?:^|_)cuda(\d{2,3})(?:_|$)")
_CONDA_HEADER = re.compile(r"^#\s*packages in environment at .*:\s*$")
_CONDA_COLUMNS = re.compile(r"^#\s*Name\s+Version\s+Build(\s+Channel)?\s*$")
_PIP_LIST_HEADER = re.compile(r"^Package\s+Version(\s+Editable project location)?(\s+Location)?(\s+Installer)?\s*$")
_PIP_LIST_RULE = re.compile(r"^-+(\s+-+)+\s*$")
_CONDA_EXPORT_ROW = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*=[^=\s]+=[^=\s]+$")
_OPTION_WITH_VALUE = ("-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host",
                      "--no-binary", "--only-binary", "--use-feature", "--config-settings", "--global-option")
_OPTION_ALONE = ("--pre", "--no-index", "--prefer-binary", "--require-hashes")


class InputError(ValueError):
    """Nothing in the file could be read (the message names the file); exit 2.

    ``reason`` is the operating system's own words when the file could not be opened or decoded
    (``plan`` words its message around them).
    """

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Entry:
    """One package as the user's file states it: a range (requirement files) or an exact version."""

    name: str  # canonical
    where: str  # "file:line"
    text: str  # the line (or row) as written, shortened
    specifier: SpecifierSet = field(default_factory=SpecifierSet)
    exact: str | None = None  # an installed or URL-pinned version
    note: str | None = None  # "editable", "direct URL", "constraint", "conda channel pytorch"


@dataclass(frozen=True)
class Unreadable:
    where: str
    text: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text} ({self.why})"


@dataclass(frozen=True)
class UserInput:
    path: str
    kind: str  # "requirements", "pip freeze", "pip list", "pip list --format=json", "conda list", "pip inspect"
    entries: tuple[Entry, ...]
    unreadable: tuple[Unreadable, ...] = ()
    options: tuple[str, ...] = ()  # --index-url ... lines, as written
    python: str | None = None  # the Python a pip-compile header or pip inspect names

    @property
    def installed_state(self) -> bool:
        """Exact versions of one environment (or a full lock): a package not listed is not installed."""
        return self.kind != "requirements"

    def by_name(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        for entry in self.entries:
            out.setdefault(entry.name, []).append(entry)
        return out

    def exact_versions(self) -> dict[str, str]:
        """One version per package for the snapshot: the exact ones (a pip-installed copy wins in conda)."""
        out: dict[str, str] = {}
        for name, entries in self.by_name().items():
            exact = [e for e in entries if e.exact is not None]
            if exact:
                chosen = next((e for e in exact if e.note == "conda channel pypi"), exact[-1])
                out[name] = chosen.exact or ""
        return out


# --------------------------------------------------------------------------- reading


def read(path: str | Path, marker_env: Mapping[str, str]) -> UserInput:
    """Read any supported input; the format is detected from the content."""
    text = _text(Path(path), str(path))
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return _json_input(str(path), text)
    lines = text.splitlines()
    if any(_CONDA_HEADER.match(x) or _CONDA_COLUMNS.match(x) for x in lines[:10]) or _looks_like_conda(lines):
        return _conda_list(str(path), lines)
    if (any(_PIP_LIST_HEADER.match(x) for x in lines[:3]) and any(_PIP_LIST_RULE.match(x) for x in lines[:4])) \
            or _looks_like_pip_list(lines):
        return _pip_list(str(path), lines)
    if _looks_like_conda_export(lines):
        return _conda_list(str(path), lines, export=True)
    return _requirements(Path(path), str(path), marker_env)


def user_text(file: Path, shown: str, expected: str) -> str:
    """A user's file as text (a BOM dropped); InputError names the file, says what was ``expected`` there
    and keeps the operating system's reason."""
    try:
        return file.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"{shown}: no such file", exc.strerror) from None
    except IsADirectoryError as exc:
        raise InputError(f"{shown}: is a directory, expected {expected}", exc.strerror) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(f"{shown}: cannot be read as text ({exc})", reason) from None


def _text(file: Path, shown: str) -> str:
    text = user_text(file, shown, "a requirements file or a package listing")
    if "\0" in text:
        raise InputError(f"{shown}: binary data, expected a requirements file or a package listing")
    return text


def _nothing(path: str, kind: str, unreadable: Sequence[Unreadable]) -> InputError:
    first = f"; first: {unreadable[0]}" if unreadable else ""
    return InputError(f"{path}: nothing readable as {kind} ({len(unreadable)} unreadable line(s){first})")


def _version(text: str) -> str | None:
    try:
        Version(text)
    except InvalidVersion:
        return None
    return text


def _json_input(path: str, text: str) -> UserInput:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{path}: not valid JSON ({exc})") from None
    entries: list[Entry] = []
    bad: list[Unreadable] = []
    if isinstance(data, dict) and isinstance(data.get("installed"), list):
        kind, items = "pip inspect", [(i, (x or {}).get("metadata")) for i, x in enumerate(data["installed"])]
        where = "installed[{}].metadata"
        env = data.get("environment")
        python = env.get("python_full_version") if isinstance(env, dict) else None
    elif isinstance(data, list):
        kind, items, where, python = "pip list --format=json", list(enumerate(data)), "[{}]", None
    else:
        raise InputError(f"{path}: JSON that is neither 'pip list --format=json' (a list) nor 'pip inspect' "
                         "(an object with 'installed')")
    for i, item in items:
        name = item.get("name") if isinstance(item, dict) else None
        version = item.get("version") if isinstance(item, dict) else None
        loc = f"{path}: {where.format(i)}"
        if not isinstance(name, str) or not isinstance(version, str):
            bad.append(Unreadable(loc, json.dumps(item)[:80], "no name and version"))
        elif _version(version) is None:
            bad.append(Unreadable(loc, f"{name} {version}", "not a PEP 440 version"))
        else:
            entries.append(Entry(canonicalize_name(name), loc, f"{name} {version}", exact=version))
    if not entries:
        raise _nothing(path, kind, bad)
    return UserInput(path, kind, tuple(entries), tuple(bad), python=python if isinstance(python, str) else None)


def _pip_list(path: str, lines: list[str]) -> UserInput:
    entries: list[Entry] = []
    bad: list[Unreadable] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or _PIP_LIST_HEADER.match(line) or _PIP_LIST_RULE.match(line) or line.startswith("#"):
            continue
        cols = line.split(None, 2)
        where = f"{path}:{number}"
        if len(cols) < 2:
            bad.append(Unreadable(where, line, "expected 'name version'"))
        elif _version(cols[1]) is None:
            bad.append(Unreadable(where, line, f"{cols[1]!r} is not a PEP 440 version"))
        else:
            note = f"editable at {cols[2]}" if len(cols) > 2 else None
            entries.append(Entry(canonicalize_name(cols[0]), where, line, exact=cols[1], note=note))
    if not entries:
        raise _nothing(path, "'pip list' output", bad)
    return UserInput(path, "pip list", tuple(entries), tuple(bad))


def _looks_like_pip_list(lines: list[str]) -> bool:
    """``pip list`` pasted without its two header lines: most rows are 'name version'."""
    rows = [x.split() for x in lines if x.strip() and not x.startswith("#")]
    columns = [r for r in rows if len(r) == 2 and _version(r[1]) is not None and not r[0].startswith("-")]
    return len(rows) >= 3 and len(columns) * 2 > len(rows)


def _looks_like_conda_export(lines: list[str]) -> bool:
    """``conda list --export`` (or ``-e``): 'name=version=build' rows under a '# platform:' comment."""
    rows = [x.strip() for x in lines if x.strip() and not x.startswith("#")]
    export = [r for r in rows if _CONDA_EXPORT_ROW.match(r)]
    return bool(rows) and len(export) * 2 > len(rows)


def _looks_like_conda(lines: list[str]) -> bool:
    """A ``conda list`` pasted without its header: most rows are name, version, build[, channel]."""
    rows = [x.split() for x in lines if x.strip() and not x.startswith("#")]
    conda = [r for r in rows if len(r) in (3, 4) and "=" not in r[0] and not r[0].startswith("-")
             and _version(r[1]) is not None]
    return len(rows) >= 3 and len(conda) * 2 > len(rows)


def _conda_list(path: str, lines: list[str], *, export: bool = False) -> UserInput:
    """``conda list`` columns (name, version, build, channel) or ``conda list --export`` rows."""
    entries: list[Entry] = []
    bad: list[Unreadable] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cols = line.split("=") if export and _CONDA_EXPORT_ROW.match(line) else line.split()
        if export and len(cols) == 3 and cols[2] == "pypi_0":
            cols.append("pypi")
        where = f"{path}:{number}"
        if len(cols) not in (3, 4):
            bad.append(Unreadable(where, line, "expected 'name version build [channel]'"))
            continue
        name, version, build = cols[0], cols[1], cols[2]
        channel = cols[3] if len(cols) == 4 else "defaults"
        if _version(version) is None:
            bad.append(Unreadable(where, line, f"{version!r} is not a PEP 440 version"))
            continue
        pypi = CONDA_TO_PYPI.get(name.lower(), name) if channel != "pypi" else name
        if pypi == "torch" and channel != "pypi" and "+" not in version:
            match = _CONDA_CUDA_BUILD.search(build)
            if match:
                digits = f"{match.group(1)}{match.group(2)}" if match.group(1) else match.group(3)
                version = f"{version}+cu{digits}"
            elif build.startswith(("cpu", "py")) and "cuda" not in build:
                version = f"{version}+cpu" if build.startswith("cpu") else version
        note = f"conda channel {channel}" + (f", conda name {name}" if pypi != name else "")
        entries.append(Entry(canonicalize_name(pypi), where, line, exact=version, note=note))
    if not entries:
        raise _nothing(path, "'conda list' output", bad)
    python = next((e.exact for e in entries if e.name == "python"), None)
    return UserInput(path, "conda list", tuple(entries), tuple(bad), python=python)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """pip's rules: a '#' at the start or after whitespace starts a comment; '\\' continues a line."""
    out: list[tuple[int, str]] = []
    buffer, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if not buffer:
            start = number
        if line.endswith("\\"):
            buffer += line[:-1] + " "
            continue
        buffer += line
        if buffer.strip():
            out.append((start, buffer.strip()))
        buffer = ""
    if buffer.strip():
        out.append((start, buffer.strip()))
    return out


def _option(line: str) -> tuple[str, str] | None:
    """('-r', 'base.txt') for '-r base.txt', '-rbase.txt', '--requirement=base.txt'."""
    for long, short in (("--requirement", "-r"), ("--constraint", "-c"), ("--editable", "-e")):
        for flag in (long, short):
            if line == flag:
                return short, ""
            if line.startswith(flag + "=") or line.startswith(flag + " "):
                return short, line[len(flag) + 1:].strip()
            if flag == short and line.startswith(short) and not line.startswith(short + "-"):
                return short, line[len(short):].strip()
    return None


def read_requirements(path: str | Path, marker_env: Mapping[str, str]) -> UserInput:
    """A requirement file as pip's ``-r`` reads it, its ``-r``/``-c`` includes followed, and nothing more.

    What :func:`read` concludes about the file as a whole (nothing readable, a package pinned twice,
    all pinned) is left out: ``plan`` hands the file to the resolver, which judges it, and only needs
    the lines to name the user's side of a conflict. Raises InputError when the file cannot be read.
    """
    return _requirement_file(Path(path), str(path), marker_env)


def _requirements(file: Path, path: str, marker_env: Mapping[str, str]) -> UserInput:
    user = _requirement_file(file, path, marker_env)
    if not user.entries:
        if not user.unreadable:
            raise InputError(f"{path}: no requirements found (empty, or only comments and options)")
        raise _nothing(path, "requirements", user.unreadable)
    _pinned_twice(user.entries)
    pinned = all(e.exact is not None for e in user.entries)
    return replace(user, kind="pinned requirements" if pinned else "requirements")


def _requirement_file(file: Path, path: str, marker_env: Mapping[str, str], seen: frozenset[Path] = frozenset(),
                      constraint: bool = False) -> UserInput:
    """The entries of one file and of what it includes; ``seen``: the including files, against cycles."""
    text = _text(file, path)
    entries: list[Entry] = []
    bad: list[Unreadable] = []
    options: list[str] = []
    made_with = re.search(r"pip-compile with Python (\d+\.\d+)", text)
    raw_lines = text.splitlines()
    for number, line in _logical_lines(text):
        where = f"{path}:{number}"
        include = _option(line)
        if include is not None and include[0] in ("-r", "-c"):
            flag, target = include
            if not target:
                bad.append(Unreadable(where, line, f"{flag} needs a file name"))
                continue
            child = (file.parent / target).resolve()
            shown = str(Path(path).parent / target) if not Path(target).is_absolute() else target
            if child in seen:
                bad.append(Unreadable(where, line, "includes itself"))
                continue
            try:
                sub = _requirement_file(child, shown, marker_env, seen | {file.resolve()},
                                       constraint or flag == "-c")
            except InputError as exc:
                bad.append(Unreadable(where, line, str(exc).removeprefix(f"{shown}: ")))
                continue
            entries += sub.entries
            bad += sub.unreadable
            options += sub.options
            continue
        if include is not None and include[0] == "-e":
            entries_or_bad = _editable(include[1], where, line, raw_lines[number - 2] if number > 1 else "")
            (entries if isinstance(entries_or_bad, Entry) else bad).append(entries_or_bad)  # type: ignore[arg-type]
            continue
        if line.startswith("-"):
            flag = line.split("=", 1)[0].split(None, 1)[0]
            if flag in _OPTION_WITH_VALUE or flag in _OPTION_ALONE:
                options.append(line)
            else:
                bad.append(Unreadable(where, line, f"unknown option {flag}"))
            continue
        entry = _requirement_line(line, where, marker_env, constraint)
        if isinstance(entry, Unreadable):
            bad.append(entry)
        elif entry is not None:
            entries.append(entry)
    return UserInput(path, "requirements", tuple(entries), tuple(bad), tuple(options),
                     made_with.group(1) if made_with else None)


def _pinned_twice(entries: Sequence[Entry]) -> None:
    """Two different exact pins of one package for this platform: the file contradicts itself (exit 2)."""
    pins: dict[str, Entry] = {}
    for entry in entries:
        if entry.exact is None or entry.note == "constraint (-c)":
            continue
        first = pins.setdefault(entry.name, entry)
        if first.exact != entry.exact:
            written = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", entry.text)
            shown = written.group(0) if written and canonicalize_name(written.group(0)) == entry.name else entry.name
            raise InputError(f"{entry.where}: {shown} pinned twice ({first.exact} and {entry.exact})")


def _requirement_line(line: str, where: str, marker_env: Mapping[str, str],
                      constraint: bool) -> Entry | Unreadable | None:
    spec_text = re.split(r"\s+--(?:hash|config-settings|global-option)[= ]", line)[0].strip()
    if re.match(r"^(\.{0,2}/|[A-Za-z]:\\|\w+://)", spec_text) or spec_text.endswith((".whl", ".tar.gz", ".zip")):
        return _from_url(spec_text, where, line, "direct URL or path")
    try:
        req = Requirement(spec_text)
    except InvalidRequirement as exc:
        return Unreadable(where, line[:120], f"not a requirement: {exc}")
    if req.marker is not None:
        try:
            if not req.marker.evaluate(dict(marker_env)):
                return None  # for another platform or Python
        except (UndefinedComparison, UndefinedEnvironmentName, InvalidMarker) as exc:
            return Unreadable(where, line[:120], f"cannot evaluate the marker {str(req.marker)!r}: {exc}")
    name = canonicalize_name(req.name)
    note = "constraint (-c)" if constraint else None
    if req.url:
        found = _from_url(req.url, where, line, "direct URL", name)
        return found
    exact = [s.version for s in req.specifier if s.operator in ("==", "===") and "*" not in s.version]
    return Entry(name, where, line[:120], req.specifier, exact=exact[0] if len(exact) == 1 and
                 len(req.specifier) == 1 else None, note=note)


def _from_url(url: str, where: str, line: str, what: str, name: str | None = None) -> Entry | Unreadable:
    """A wheel or sdist file name carries its version; anything else is any version of that name."""
    last = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    try:
        if last.endswith(".whl"):
            wname, version, _, _ = parse_wheel_filename(last)
            return Entry(canonicalize_name(wname), where, line[:120], exact=str(version), note=what)
        if last.endswith((".tar.gz", ".zip")):
            sname, version = parse_sdist_filename(last)
            return Entry(canonicalize_name(sname), where, line[:120], exact=str(version), note=what)
    except (InvalidWheelFilename, InvalidSdistFilename):
        pass
    egg = re.search(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)", url)
    if name is None and egg:
        name = canonicalize_name(egg.group(1))
    if name is None:
        return Unreadable(where, line[:120], f"{what} without a package name (add '#egg=NAME' or 'NAME @ URL')")
    return Entry(name, where, line[:120], note=f"{what}, version decided at install time")


_FREEZE_EDITABLE = re.compile(r"^# Editable .*install.*\(([A-Za-z0-9][A-Za-z0-9._-]*)==([^)\s]+)\)")


def _editable(target: str, where: str, line: str, previous: str) -> Entry | Unreadable:
    """``-e path`` or ``-e git+URL#egg=name``; pip freeze names a remote-less checkout on the line before."""
    if not target:
        return Unreadable(where, line, "-e needs a path or URL")
    named = _FREEZE_EDITABLE.match(previous.strip())
    if named and _version(named.group(2)):
        return Entry(canonicalize_name(named.group(1)), where, line[:120], exact=named.group(2),
                     note="editable (pip freeze names its version)")
    return _from_url(target, where, line, "editable")


# --------------------------------------------------------------------------- set relations


def _candidates(specs: Iterable[SpecifierSet]) -> list[Version]:
    """Versions that separate every region the specifiers' bounds cut the version line into.

    Every bound is a candidate, and so are points just beside it (``v.dev0``/``v.post1``, the next
    micro, minor and major release), so that "is there a version in A and B" and "is every version of
    A in B" are answered exactly for the operators people write (``>=, >, <, <=, ==, !=, ~=, ==X.*``).
    """
    out: set[Version] = {Version("0"), Version("0.0.1"), Version("999999")}
    for spec in specs:
        for s in spec:
            text = s.version.removesuffix(".*")
            try:
                v = Version(text)
            except InvalidVersion:
                continue
            release = list(v.release) + [0] * max(0, 3 - len(v.release))
            base = ".".join(map(str, v.release))
            out |= {v, Version(base), Version(base + ".dev0"), Version(base + ".post1"), Version(base + ".0.1")}
            for i in range(len(release)):
                bumped = release[:i] + [release[i] + 1] + [0] * (len(release) - i - 1)
                previous = release[:i] + [max(release[i] - 1, 0)] + [99] * (len(release) - i - 1)
                for parts in (bumped, previous):
                    out.add(Version(".".join(map(str, parts))))
                    out.add(Version(".".join(map(str, parts)) + ".dev0"))
    return sorted(out)


def _admits(spec: SpecifierSet, v: Version) -> bool:
    return spec.contains(v, prereleases=True)


@dataclass(frozen=True)
class Releases:
    """The versions an index lists for one package, or why there are none."""

    versions: tuple[Version, ...] = ()
    problem: str | None = None
    source: str = ""


@dataclass(frozen=True)
class Judgement:
    name: str
    judgement: str  # GUARANTEED, ALLOWED, CONFLICT
    user: tuple[Entry, ...]
    required: str  # the contract's requirement as displayed
    found: str
    fix: str | None
    note: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"package": self.name, "judgement": self.judgement, "required": self.required, "found": self.found,
                "lines": [{"where": e.where, "text": e.text} for e in self.user], "fix": self.fix, "note": self.note}


def _shown(entries: Sequence[Entry]) -> str:
    return ", ".join(f"{e.exact if e.exact is not None and not str(e.specifier) else e.text} ({e.where})"
                     for e in entries)


def _spec_of(entries: Sequence[Entry]) -> SpecifierSet:
    spec = SpecifierSet()
    for entry in entries:
        spec &= entry.specifier if entry.exact is None else SpecifierSet(f"=={entry.exact}")
    return spec


def _shortened(versions: Sequence[Version]) -> str:
    texts = [str(v) for v in versions]
    return ", ".join(texts) if len(texts) <= 4 else f"{texts[0]}, {texts[1]} ... {texts[-2]}, {texts[-1]}"


def judge(name: str, contract_spec: SpecifierSet, required: str, entries: Sequence[Entry], *, file: str,
          optional: bool = False, absent: bool = False, releases: Releases | None = None,
          installed_state: bool = False) -> Judgement:
    """One contract package requirement against what the user's file says about that package."""
    wanted = f"{name}{spec_text(contract_spec)}"
    if absent:
        if entries:
            where = ", ".join(e.where for e in entries)
            listed = installed_state and not any(str(e.specifier) for e in entries)
            return Judgement(name, CONFLICT, tuple(entries), required, _shown(entries),
                             f"pip uninstall -y {name}" if listed else f"remove {name} from {where}")
        return Judgement(name, GUARANTEED, (), required, "not in the file", None)
    if not entries:
        if optional:
            return Judgement(name, GUARANTEED, (), required, "not in the file (optional)", None)
        if installed_state:
            return Judgement(name, CONFLICT, (), required, "not installed", f"pip install '{wanted}'")
        return Judgement(name, ALLOWED, (), required, "not constrained (not in the file)",
                         f"add '{wanted}' to {file}")
    exact = [e for e in entries if e.exact is not None]
    if exact and installed_state:  # an environment: each listed copy must satisfy the contract
        bad = [e for e in exact if not _admits(contract_spec, Version(e.exact or "0"))]
        if bad:  # a line of a pinned file is edited; an environment is reinstalled
            fix = (f"replace {name} on {bad[0].where} with '{wanted}'" if str(bad[0].specifier)
                   else f"pip install '{wanted}'")
            return Judgement(name, CONFLICT, tuple(entries), required, _shown(entries), fix)
        return Judgement(name, GUARANTEED, tuple(entries), required, _shown(entries), None)
    open_ended = [e for e in entries if e.exact is None and not str(e.specifier)]
    user = _spec_of(entries)
    points = _candidates([user, contract_spec])
    inside = [v for v in points if _admits(user, v)]
    both = [v for v in inside if _admits(contract_spec, v)]
    found = _shown(entries)
    last = entries[-1].where
    if not both:
        return Judgement(name, CONFLICT, tuple(entries), required, found,
                         f"replace {name} on {', '.join(e.where for e in entries)} with '{wanted}'",
                         note=f"no version satisfies both {name}{spec_text(user)} ({last}) and {required}")
    outside = [v for v in inside if not _admits(contract_spec, v)]
    note = None
    if releases is not None and releases.versions:
        released_both = [v for v in releases.versions if _admits(user, v) and _admits(contract_spec, v)]
        released_out = [v for v in releases.versions if _admits(user, v) and not _admits(contract_spec, v)]
        if not released_both:
            return Judgement(name, CONFLICT, tuple(entries), required, found,
                             f"replace {name} on {last} with '{wanted}'",
                             note=f"no released version ({len(releases.versions)} on {releases.source}) satisfies "
                                  f"both {name}{spec_text(user)} and {required}")
        if outside and released_out:
            note = f"admits released versions outside the contract: {_shortened(released_out)} ({releases.source})"
        elif outside:
            note = f"every release on {releases.source} that it admits is inside the contract, later ones may not be"
    if not outside:
        return Judgement(name, GUARANTEED, tuple(entries), required, found, None, note=note)
    missing = [s for s in contract_spec if any(_admits(user, v) and not s.contains(v, prereleases=True)
                                                 for v in points)]
    added = spec_text(SpecifierSet(",".join(str(s) for s in missing)))
    target = next((e for e in entries if e in open_ended), entries[-1])
    fix = f"add '{name}{added}' to {target.where}" if target.exact is None else \
        f"replace {name} on {target.where} with '{wanted}'"
    return Judgement(name, ALLOWED, tuple(entries), required, found, fix, note=note)


# --------------------------------------------------------------------------- release lists


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pytest-autoglm-compat" / "releases"


def _index_args(options: Sequence[str]) -> list[str]:
    args: list[str] = []
    for line in options:
        parts = line.replace("=", " ", 1).split()
        if parts and parts[0] in ("-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host"):
            args += parts[:2]
        elif parts and parts[0] in ("--pre", "--no-index"):
            args.append(parts[0])
    return args


def _pip_versions(name: str, args: Sequence[str], timeout: float) -> Releases:
    command = [sys.executable, "-m", "pip", "index", "versions", name, "--pre", "--disable-pip-version-check",
               *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Releases(problem=f"pip index versions {name}: {exc}")
    match = re.search(r"^Available versions: (.*)$", done.stdout, re.M)
    if done.returncode != 0 or not match:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return Releases(problem=f"pip index versions {name}: {last[:200]}")
    versions = sorted({Version(v) for v in match.group(1).split(", ") if _version(v.strip())})
    return Releases(tuple(versions), source="the index")


def release_lists(names: Iterable[str], options: Sequence[str], *, timeout: float = 30.0,
                  max_age: float = 86400.0) -> dict[str, Releases]:
    """Released versions per package from the configured index (``pip index versions``, in parallel).

    Cached for a day under ``~/.cache/pytest-autoglm-compat/releases`` per index configuration, so a
    second ``check`` costs nothing; an unreachable index gives ``Releases(problem=...)``.
    """
    args = _index_args(options)
    key = hashlib.sha256(repr(args).encode()).hexdigest()[:12]
    out: dict[str, Releases] = {}
    todo: list[str] = []
    for name in sorted(set(names)):
        cached = _cache_dir() / f"{name}-{key}.json"
        try:
            if time.time() - cached.stat().st_mtime < max_age:
                versions = json.loads(cached.read_text(encoding="utf-8"))
                out[name] = Releases(tuple(Version(v) for v in versions), source="the index, cached")
                continue
        except (OSError, ValueError, InvalidVersion):
            pass
        todo.append(name)
    if todo:
        with ThreadPoolExecutor(max_workers=min(8, len(todo))) as pool:
            for name, found in zip(todo, pool.map(lambda n: _pip_versions(n, args, timeout), todo)):
                out[name] = found
                if found.versions:
                    try:
                        path = _cache_dir() / f"{name}-{key}.json"
                        path.parent.mkdir(parents=True, exist_ok=True)
                        path.write_text(json.dumps([str(v) for v in found.versions]), encoding="utf-8")
                    except OSError:
                        pass
    return out
