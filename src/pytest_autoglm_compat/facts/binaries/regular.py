"""Opening a package's file for reading only when it is a regular file, without ever blocking.

``open()`` of a FIFO waits for a writer: one named ``kernels.so`` among a distribution's files
would hang ``check`` and the pytest run for ever. The file is opened with ``O_NONBLOCK`` (which
returns at once for a FIFO and changes nothing for a regular file) and kept only when ``fstat``
says it is a regular file; the same descriptor is then read, so nothing can swap the file in between.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

__all__ = ["NotRegularFile", "open_regular"]


class NotRegularFile(OSError):
    """The path names a FIFO, a device, a socket or a directory; ``strerror`` says which."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"  # pragma: no cover - no other kind of file exists on Linux or macOS


def open_regular(path: str) -> BinaryIO:
    """``open(path, "rb")`` for a regular file (symbolic links followed); NotRegularFile for anything else.

    Never blocks: a FIFO is opened non-blocking, seen for what it is and closed unread.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        try:
            mode = os.stat(path).st_mode  # a socket: open() fails with ENXIO
        except OSError:
            raise exc from None
        if stat.S_ISREG(mode):
            raise
        raise NotRegularFile(exc.errno, f"not a regular file ({_kind(mode)})", path) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(None, f"not a regular file ({_kind(mode)})", path)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
