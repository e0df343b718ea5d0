"""The atlas's two indexes a log asks by one key: the keyword index and the removed-methods index.

Each is compact JSON of one object with sorted keys; a log asks one a key or two, so the text is
searched for the key (bisected or found) and only its value parsed: parsing all of the keyword
index's 11 MB took 0.27 s, a lookup 0.05 ms.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import gzip
import json
from importlib import resources
from typing import Any

#: the keyword index: per "method keyword", the one distribution whose classes' method named it in some releases
KEYWORD_INDEX = "keywords.index.gz"
#: the removed-methods index: per method name of two words or more (``_validate_data``), the distributions of the
#: whole atlas some class of which had it in some release read and none of which has it in the newest
REMOVED_INDEX = "removed.index.gz"


@functools.cache
def _text(filename: str) -> str:
    """An index's JSON text, unparsed ("" where missing or unreadable)."""
    try:
        raw = resources.files("pytest_autoglm_compat.knowledge").joinpath("atlas", filename).read_bytes()
        return gzip.decompress(raw).decode("utf-8")
    except (OSError, ValueError, EOFError):
        return ""


def _keyword_entry(key: str) -> Any:
    """One key's value in the keyword index (None: absent), found by bisecting the text: its values are
    ``["dist",["class",...]]``, so an entry's value ends in ``]],"`` where the next key begins and nowhere else (a
    quote inside a string is escaped)."""
    text = _text(KEYWORD_INDEX)
    low, high = 0, len(text)
    while low < high:
        middle = (low + high) // 2
        found = _key_after(text, middle)
        if found is None or found[0] > key:
            high = middle
        elif found[0] < key:
            low = middle + 1
        else:
            return _value_at(text, found[1])
    first = _key_after(text, -1)
    return _value_at(text, first[1]) if first is not None and first[0] == key else None


def _key_after(text: str, at: int) -> tuple[str, int] | None:
    """The first key that begins after ``at`` (-1: the object's first) and where its value begins; None: none."""
    if at < 0:
        start = 1 if text.startswith('{"') else -1
    else:
        start = text.find(']],"', at)
        start = start + 3 if start >= 0 else -1
    end = text.find('":[', start) if start >= 0 else -1
    if end < 0:
        return None
    try:
        key = json.loads(text[start:end + 1])
    except ValueError:
        return None
    return (key, end + 2) if isinstance(key, str) else None


def _value_at(text: str, at: int) -> Any:
    try:
        return json.JSONDecoder().raw_decode(text, at)[0]
    except ValueError:
        return None


def keyword_owners(method: str, keyword: str, dist: str = "") -> tuple[str, tuple[str, ...]] | None:
    """The one distribution of the atlas whose classes' ``method`` (or modules' function of that name, written
    "<module>:<function>") named ``keyword`` in some releases and not in others, and those classes (None: no class
    did, or several distributions' did, or more than a few classes); ``dist``: that one's functions among several."""
    found = _keyword_entry(f"{method} {keyword}" + (f" @{dist}" if dist else ""))
    if not (isinstance(found, list) and len(found) == 2 and isinstance(found[0], str) and isinstance(found[1], list)):
        return None
    return found[0], tuple(found[1])


def removed_method_owners(method: str) -> tuple[str, ...]:
    """The distributions of the atlas whose classes had ``method`` in some release read and lack it in the newest
    (from the removed-methods index: ``{"name":["dist",...],...}``, each key found by its quoted text followed by
    ``:[``, which no value holds)."""
    text = _text(REMOVED_INDEX)
    quoted = json.dumps(method)
    at = -1
    for before in ("{", ","):
        at = text.find(f"{before}{quoted}:[")
        if at >= 0:
            break
    found = _value_at(text, at + 1 + len(quoted) + 1) if at >= 0 else None
    return tuple(d for d in found if isinstance(d, str)) if isinstance(found, list) else ()
