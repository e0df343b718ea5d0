"""One file out of a wheel on an index, without downloading the wheel: HTTP range requests for the zip's
central directory and that member (a whole download only where the server ignores ranges).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import io
import re
import urllib.error
import zipfile
from pathlib import Path

from ..bisect.releases import local_path, open_url

_BLOCK = 256 * 1024


class RemoteFile(io.RawIOBase):
    """A read-only, seekable view of a URL, read in blocks by range requests (zipfile seeks to its end first)."""

    def __init__(self, url: str, cert: str | None, size: int) -> None:
        super().__init__()
        self.url, self.cert, self.size, self.position = url, cert, size, 0
        self.blocks: dict[int, bytes] = {}

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = max(0, base + offset)
        return self.position

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        wanted = min(len(buffer), self.size - self.position)
        out = b""
        while len(out) < wanted:
            block = (self.position + len(out)) // _BLOCK
            data = self._block(block)
            start = self.position + len(out) - block * _BLOCK
            out += data[start:start + wanted - len(out)]
        buffer[:len(out)] = out
        self.position += len(out)
        return len(out)

    def _block(self, index: int) -> bytes:
        if index not in self.blocks:
            first = index * _BLOCK
            last = min(self.size, first + _BLOCK) - 1
            with open_url(self.url, self.cert, {"Range": f"bytes={first}-{last}"}) as response:
                self.blocks[index] = response.read()
        return self.blocks[index]


def open_wheel(url: str, cert: str | None) -> zipfile.ZipFile:
    """The wheel at ``url`` as a zip archive, its members read on demand."""
    local = local_path(url.partition("#")[0])  # a find-links folder's or a file:// index's wheel, its hash dropped
    if local is not None:
        return zipfile.ZipFile(Path(local))
    with open_url(url, cert, {"Range": "bytes=0-0"}) as response:
        whole = re.search(r"/(\d+)$", response.headers.get("Content-Range", "") or "")
        if response.status != 206 or whole is None:  # ranges not served: the whole file it is
            return zipfile.ZipFile(io.BytesIO(response.read()))
    return zipfile.ZipFile(io.BufferedReader(RemoteFile(url, cert, int(whole.group(1))), _BLOCK))


READ_ERRORS = (OSError, zipfile.BadZipFile, urllib.error.URLError, ValueError, KeyError, EOFError)
