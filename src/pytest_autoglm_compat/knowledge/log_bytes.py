"""A log's bytes as text: the codec its byte-order mark names (split from ``logs``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import codecs

# Byte-order marks, longest first (UTF-32-LE's starts with UTF-16-LE's). PowerShell's ">" writes UTF-16-LE
# with one; Notepad's "UTF-8 with BOM" writes UTF-8 with one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def encoding_of(start: bytes) -> tuple[str, int]:
    """The codec a log's first bytes name by a byte-order mark, and the mark's length; UTF-8 where none."""
    for bom, codec in _BOMS:
        if start.startswith(bom):
            return codec, len(bom)
    return "utf-8", 0


def decode(raw: bytes, codec: str | None = None) -> str:
    """A log's bytes as text: in the codec its byte-order mark names (not kept), else UTF-8; bad bytes replaced.

    ``codec``: for bytes from within a log (no mark of their own), the one its start named.
    """
    skip = 0
    if codec is None:
        codec, skip = encoding_of(raw)
    return raw[skip:].decode(codec, errors="replace")
