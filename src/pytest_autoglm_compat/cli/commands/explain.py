"""``autoglm-compat explain``: the known GLM-stack failures a traceback or log shows.

With ``--here`` the log comes from this environment: its installed versions scope the signatures,
and a "no kernel image" is held against the installed binary and the visible GPUs.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import collections
import io
import os
import stat
import sys
from collections.abc import Sequence
from typing import BinaryIO

from ...checks.installed_code import installed_code_lines
from ...facts.probe import take_snapshot
from ...knowledge import known_failures
from ...knowledge.failure import Failure
from ...knowledge.logs import Explained, decode, encoding_of, explain_log
from ...knowledge.signatures import Signature
from ...model.hints import NOT_A_MISMATCH, Hint
from ...render.failures import hint_lines
from ..common import EXIT_OK, EXIT_VIOLATED, UsageError, known_failure_files, known_failures_of

__all__ = ["run"]


#: bytes of a log read: all of one up to this size; of a larger one, its first HEAD bytes (where a log
#: shows versions: pip's output, an environment dump) and its last LIMIT - HEAD (where it fails)
LIMIT = 16 * 1024 * 1024
HEAD = 1024 * 1024
_CHUNK = 1024 * 1024
_MIB, _GIB = 1024 ** 2, 1024 ** 3


def run(args: argparse.Namespace) -> int:
    if args.file in (None, "-"):
        stream = getattr(sys.stdin, "buffer", None)
        text = read_log(stream) if stream is not None else sys.stdin.read()
    else:
        try:
            with open(args.file, "rb") as handle:
                text = read_log(handle)
        except OSError as exc:
            raise UsageError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    known = known_failures_of(known_failure_files(args))
    snap = None
    if args.here:  # the log came from this environment: its installed versions scope the signatures
        snap = take_snapshot(timeout=min(args.timeout, 10.0))
        torch = snap.torch
        torch_cuda = torch.cuda if torch else None
        here = known_failures.Versions.installed(snap.packages, torch_cuda)
        found, reading = explain_log(text, here, torch_version=torch.version if torch else None,
                                     torch_cuda=torch_cuda, known=known)
        if not found:
            ruled = _ruled_out(reading.failures, here, known)
            if ruled:
                lines = []
                for failure, (hint, reason) in ruled[:5]:
                    lines += [Explained(failure, hint).headline, f"  recognised: {hint.cause}",
                              f"  ruled out here: {reason}"]
                print("\n".join(lines) + "\nthe log shows a known GLM-stack failure, but not one this environment's "
                      "installed versions can produce", file=sys.stderr)
                return EXIT_VIOLATED
    else:
        found, reading = explain_log(text, known=known)
    aside = [f"{NOT_A_MISMATCH[item.hint.family]}\n"
             + "\n".join(hint_lines(item.headline, item.hint)) for item in reading.aside]
    if not found:
        print("\n\n".join(["no known GLM-stack failure found in the input", *aside]), file=sys.stderr)
        return EXIT_VIOLATED
    seen = "" if args.here else reading.versions.seen()
    config = None
    if args.index:
        from ...tools.pip_config import read_pip_config

        config = read_pip_config()
    blocks = []
    for item in found:
        hint = item.hint
        lines = hint_lines(item.headline, hint)
        if hint.catches:
            lines.append(f"  caught by: {hint.catches}")
        if seen:
            lines.append(f"  seen in the log: {seen}")
        if hint.kernels and snap is not None:  # --here: the installed binary held against the visible GPUs
            lines += [f"  {line}" for line in installed_code_lines(hint.kernels, snap.gpus)]
        if config is not None:  # --index: the release that removed or added the name asked for
            from ...tools.history.api import history_lines

            lines += history_lines(item.failure, config)
        blocks.append("\n".join(lines))
    print("\n\n".join([*blocks, *aside]))
    return EXIT_OK


def _ruled_out(failures: Sequence[Failure], here: known_failures.Versions, known: Sequence[Signature] | None
               ) -> list[tuple[Failure, tuple[Hint, str]]]:
    """known_failures.ruled_out of each failure, asked once per distinct failure and only of those a signature of
    their type recognises (most lines of a long log are none)."""
    candidates: dict[tuple[str, ...], tuple[Signature, ...]] = {}
    answers: dict[Failure, tuple[Hint, str] | None] = {}
    ruled = []
    for failure in failures:
        if failure not in answers:
            if failure.types not in candidates:
                candidates[failure.types] = known_failures.of_types(failure.types, known)
            recognised = known_failures.explain(failure, known=candidates[failure.types]) is not None
            answers[failure] = known_failures.ruled_out(failure, here, known=known) if recognised else None
        answer = answers[failure]
        if answer is not None:
            ruled.append((failure, answer))
    return ruled


def read_log(stream: BinaryIO) -> str:
    """A log's text, at most LIMIT bytes of it: past that, its first HEAD and last LIMIT - HEAD bytes.

    Says so in one line on stderr. The byte-order mark at its start names the codec (UTF-16
    from PowerShell's ">"); the lines cut at either seam are left out.
    """
    data = _read_up_to(stream, LIMIT + 1)
    if len(data) <= LIMIT:
        return decode(data)
    head, (tail, size) = data[:HEAD], _tail(stream, data, LIMIT - HEAD)
    tail = tail[(len(tail) - size) % 4:]  # whole code units of UTF-16 and UTF-32: their offset in the log is even
    codec, _ = encoding_of(head)
    shown = f"{size / _GIB:.1f} GiB" if size >= _GIB else f"{size / _MIB:.1f} MiB"
    print(f"autoglm-compat explain: the input is {shown}; read its first {HEAD // _MIB} MiB and its last "
          f"{(LIMIT - HEAD) // _MIB} MiB", file=sys.stderr)
    return decode(head).rpartition("\n")[0] + "\n" + decode(tail, codec).partition("\n")[2]


def _read_up_to(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes: a pipe's read may return fewer than asked before its end."""
    parts, got = [], 0
    while got < limit:
        chunk = stream.read(min(_CHUNK, limit - got))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _tail(stream: BinaryIO, start: bytes, keep: int) -> tuple[bytes, int]:
    """The last ``keep`` bytes of a stream whose first bytes were ``start``, and its size.

    A file is read from ``keep`` before its end (a 1 GiB sparse file takes no longer than 16 MiB);
    a pipe to its end, holding only the last chunks that make up ``keep``.
    """
    try:
        status = os.fstat(stream.fileno())
        if stat.S_ISREG(status.st_mode) and stream.seekable() and status.st_size >= len(start):
            size = status.st_size
            stream.seek(size - keep)
            return _read_up_to(stream, keep), size
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
    chunks, held, size = collections.deque([start]), len(start), len(start)
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
        held += len(chunk)
        size += len(chunk)
        while held - len(chunks[0]) >= keep:
            held -= len(chunks.popleft())
    return b"".join(chunks)[-keep:], size
