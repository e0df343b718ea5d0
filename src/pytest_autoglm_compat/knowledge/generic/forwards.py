"""A model's ``forward()`` called with a keyword it does not take, read against transformers' own model forwards.

The call raises before the model's code runs, so the message is most often all a
log shows: "forward() got an unexpected keyword argument 'past'". Two shapes are
told, each from the atlas's reading of every model class's forward in every
release read, never from a remembered case:

- a keyword only older releases' model forwards named (``past``, ``lm_labels``,
  ``masked_lm_labels``): the calling code was written for those releases. A keyword
  a forward of the newest release still names (``labels``, ``position_ids``) says
  nothing: it is as often passed to the wrong model class by the user's own hand;
- a class named as a patch of one of transformers' classes ("PatchedQwen2Attention"),
  whose forward lacks a keyword transformers' class gained in a release: the patch
  was written for the releases before it, and the transformers calling it is newer.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from .api import near
from .atlas import keyword_change, old_keyword, owner_of_class

_FORWARD = re.compile(r"(?:(?<![\w.])(?P<cls>[A-Z]\w*)\.|(?<![\w.]))forward\(\) got an unexpected keyword argument "
                      r"'(?P<keyword>\w+)'")
_WORDS = "forward() got an unexpected keyword argument"
#: the parts of a class's CamelCase name ("PatchedQwen2Attention" -> Patched, Qwen2, Attention)
_PARTS = re.compile(r"[A-Z][a-z0-9]*(?:[A-Z]+(?![a-z]))?")


def forward_keyword(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The atlas's answer for a model's forward called with a keyword it does not take (None: it shows none)."""
    if not failure.is_a("builtins.TypeError") or _WORDS not in failure.message:
        return None
    found = near(_FORWARD, failure.message, _WORDS)
    if found is None:
        return None
    cls, keyword = found["cls"], found["keyword"]
    if cls is not None and owner_of_class(cls) is not None:
        return None  # a class the atlas knows: its own history (``released``) answers, or nothing does
    patched = _patched(cls, keyword, version_of) if cls else None
    if patched is not None:
        return patched
    old = old_keyword("transformers", "forward", keyword)
    if old is None:
        return None
    called = f"{cls}.forward()" if cls else "a model's forward()"
    return Hint(f"the code calls {called} with the keyword {keyword}, which only older transformers releases' model "
                f"forwards take ({old.classes} model classes named it, the last in transformers {old.last_with}; no "
                "class of the newest release does): the calling code was written for an older transformers than "
                "the model code it calls",
                "install the transformers release the calling code was written for (its requirements; "
                f"transformers {old.last_with} is the last whose model forwards name {keyword}), or change the call "
                "to the keyword the installed model's forward takes (a release of the calling code that did)",
                f"reasoned from the log and {old.source}", family="api-mismatch")


def _patched(cls: str, keyword: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """A class named as a patch of one of transformers' (a prefix before its name) lacking a keyword the
    original's forward gained in a release."""
    parts = _PARTS.findall(cls)
    if "".join(parts) != cls:
        return None
    for start in range(1, len(parts) - 1):  # the longest transformers class the name ends with, of two parts or more
        original = "".join(parts[start:])
        if owner_of_class(original) != "transformers":
            continue
        located = keyword_change("transformers", original, "forward", keyword)
        if located is None:
            return None
        module, change = located
        if change.added_in is None or change.removed_in is not None:
            return None  # not a keyword a release added: nothing says which side the patch is on
        installed = version_of("transformers")
        which = f"transformers {installed}" if installed else "the installed transformers"
        return Hint(f"{cls} (by its name a patch of transformers' {original}, {module}) has a forward that does not "
                    f"take {keyword}, which {which} passes as its own {original}.forward takes it: transformers "
                    f"{change.added_in} added it, so the patch was written for transformers before "
                    f"{change.added_in}",
                    f"install transformers<{change.added_in} (pip install \"transformers<{change.added_in}\"), or a "
                    f"release of the patching package written for {which}",
                    f"reasoned from the log and {change.source}", family="api-mismatch")
    return None
