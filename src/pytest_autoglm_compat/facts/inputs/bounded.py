"""Reading what a user hands a command: bounded, never blocking, and versions bounded before they are parsed.

A user's file (a requirement file, a listing, a lock) is read without blocking and up to
:data:`MAX_INPUT_BYTES`; a version is refused when it is too big to parse and compare in bounded
time and memory. The messages name the file and are one line: ``check`` prints them as usage errors.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import errno
import os
import re
import select
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

__all__ = ["MAX_INPUT_BYTES", "MAX_RELEASE_PARTS", "MAX_VERSION_LENGTH", "PIPE_WAIT", "InputError", "user_text",
           "version_bound", "version_problem", "wrong_type"]


class InputError(ValueError):
    """Nothing in the file could be read (the message names the file); exit 2.

    ``reason`` is the operating system's own words when the file could not be opened or decoded
    (``plan`` words its message around them).
    """

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason


#: A user's file is read up to this size; a pip inspect of a large environment is a few MiB.
MAX_INPUT_BYTES = 64 * 1024 * 1024
#: Seconds a named pipe may stay silent (``check --requirements <(pip freeze)`` hands one whose writer is there).
PIPE_WAIT = 30.0


def user_text(file: Path, shown: str, expected: str) -> str:
    """A user's file as text (a BOM dropped); InputError names the file, says what was ``expected`` there
    and keeps the operating system's reason.

    Never blocks for ever and never reads without bound: the file is opened non-blocking, a device is
    refused, a pipe is read while its writer writes (at most :data:`PIPE_WAIT` s of silence), and
    nothing over :data:`MAX_INPUT_BYTES` is read.
    """
    try:
        raw = _read_bounded(file, shown, expected)
    except InputError:
        raise
    except FileNotFoundError as exc:
        raise InputError(f"{shown}: no such file", exc.strerror) from None
    except IsADirectoryError as exc:
        raise InputError(f"{shown}: is a directory, expected {expected}", exc.strerror) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(f"{shown}: cannot be read as text ({exc})", reason) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{shown}: cannot be read as text ({exc})", str(exc)) from None


def _read_bounded(file: Path, shown: str, expected: str) -> bytes:
    """The bytes of a regular file or a pipe (opened without blocking, read while its writer writes)."""
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
                 | getattr(os, "O_NOCTTY", 0))
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        pipe = stat.S_ISFIFO(st.st_mode)
        if not (stat.S_ISREG(st.st_mode) or pipe):
            raise InputError(f"{shown}: is a device, expected {expected}")
        limit = f"the {MAX_INPUT_BYTES // 1024 // 1024} MiB read of {expected}"
        if st.st_size > MAX_INPUT_BYTES:
            raise InputError(f"{shown}: {st.st_size} bytes, larger than {limit}")
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_INPUT_BYTES:
            if pipe and not select.select([fd], [], [], PIPE_WAIT)[0]:
                raise InputError(f"{shown}: a named pipe that nothing wrote to within {PIPE_WAIT:g} s, expected "
                                 f"{expected}")
            try:
                chunk = os.read(fd, 1 << 20)
            except BlockingIOError:  # pragma: no cover - select said it was readable
                continue
            if not chunk:  # the end (a pipe without a writer yet is not readable: select waits for one)
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_INPUT_BYTES:  # a pipe, or a file that grew
            raise InputError(f"{shown}: more than {MAX_INPUT_BYTES} bytes, larger than {limit}")
        return b"".join(chunks)
    finally:
        os.close(fd)


#: Versions longer, or with more release components, are refused before anything parses or compares them:
#: set relations over a version of 2,000 components took 9 s and 195 MB, over one of 40 KB they never ended.
#: The longest real ones are local builds (``2.5.1+cu121.post20240901.abcdef``) and dates (``2024.1.15``).
MAX_VERSION_LENGTH = 256
MAX_RELEASE_PARTS = 30
_RELEASE = re.compile(r"\s*[vV]?(?:\d+!)?(\d+(?:\.\d+)*)")


def version_bound(text: str) -> str | None:
    """Why a version (or a specifier's version, wildcards allowed) is too big to read; None when it is not."""
    release = _RELEASE.match(text)
    parts = release.group(1).count(".") + 1 if release else 0
    if parts > MAX_RELEASE_PARTS:
        return f"a version of {parts} release components; at most {MAX_RELEASE_PARTS} are read"
    if len(text) > MAX_VERSION_LENGTH:
        return f"a version of {len(text)} characters; at most {MAX_VERSION_LENGTH} are read"
    return None


def version_problem(text: str) -> str | None:
    """Why ``text`` is not read as an exact version (too big, or not PEP 440); None when it is one."""
    bound = version_bound(text)
    if bound is not None:
        return bound
    try:
        Version(text)
    except InvalidVersion:
        return f"{text!r} is not a PEP 440 version"
    return None


def wrong_type(value: object, expected: str) -> str:
    """'expected a string, got int 2': what a malformed entry's key holds, shortened to one line."""
    shown = repr(value)
    return f"expected {expected}, got {type(value).__name__} {shown if len(shown) <= 40 else shown[:37] + '...'}"


#: the most of a line that is not a requirement any output shows
EXCERPT = 40
#: files a requirement file may include, in all and one inside another (pip sets no limit: a loop of
#: includes through symlinks, or 1,500 nested files, ended in a traceback)
MAX_INCLUDED_FILES = 1000
MAX_INCLUDE_DEPTH = 50


def excerpt(line: str) -> str:
    """A line that is not a requirement, as outputs show it: short, URL credentials redacted.

    It may come from a file that is not a requirements file at all (``-r ~/.netrc``): at most EXCERPT
    characters of its first word are shown, and a file none of whose lines is a requirement is not quoted.
    """
    from ..probe import redact_url_credentials

    words = redact_url_credentials(line.strip()).split(None, 1)  # a secret follows a word ("password S3cr3t")
    if len(words) == 2 and words[0].startswith("-"):  # an option and its value: "-r base.txt", a file name
        words = [f"{words[0]} {words[1].split(None, 1)[0]}", *words[1].split(None, 1)[1:]]
    first = words[0] if words else ""
    shown = first if len(first) <= EXCERPT else first[:EXCERPT]
    return shown + (" ..." if len(words) > 1 or len(first) > EXCERPT else "")


def excerpted(u: Any) -> Any:
    """An Unreadable (requirement_files) with an excerpt of its line, and the first line of why
    (packaging's message quotes the whole line below its first)."""
    return replace(u, text=excerpt(u.text), why=u.why.splitlines()[0] if u.why else u.why)


class Includes:
    """The files one read has opened: each is read once however often it is included (46 tiny files
    including each other in diamonds were read exponentially often), and there is a limit to them."""

    def __init__(self) -> None:
        self.read: dict[tuple[Path, bool], Any] = {}


#: the version after each operator of a requirement line
_SPEC_VERSION = re.compile(r"(?:===|==|!=|~=|<=|>=|<|>)\s*([^\s,;()]+)")


def line_version_bound(spec_text: str) -> str | None:
    """Why a version in a requirement line is too big to read, before packaging parses the line
    (packaging 23 parses versions at once and runs into Python's digit limit); None when none is."""
    for version in _SPEC_VERSION.findall(spec_text):
        bound = version_bound(version)
        if bound is not None:
            return bound
    return None


def resolve_include(file: Path, target: str) -> tuple[Path, Path, bool]:
    """(the included file, the including one, resolved; whether the include is a symlink loop).

    Before Python 3.13 ``resolve()`` raises RuntimeError on a loop; from 3.13 it leaves the loop in
    place and ``stat`` says ELOOP. Any other error is left to the reading of the file, which says it.
    """
    child, here, looped = file.parent / target, file, False
    try:
        child, here = child.resolve(), file.resolve()
        os.stat(child)
    except RuntimeError:
        looped = True
    except OSError as exc:
        looped = exc.errno == errno.ELOOP
    return child, here, looped
