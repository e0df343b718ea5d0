"""A model's ``forward()`` called with a keyword it does not take, read against transformers' own model forwards.

The call raises before the model's code runs, so the message is most often all a
log shows: "forward() got an unexpected keyword argument 'past'". A keyword only
older releases' model forwards named (``past``, ``lm_labels``, ``masked_lm_labels``),
as the atlas reads every model class's forward in every release read (two classes
or more, and no class's forward of the newest release, a layer's included), says the
calling code was written for those releases. A keyword a forward of the newest
release still names (``labels``, ``position_ids``) says nothing: it is as often
passed to the wrong model class by the user's own hand. (A class named as a
subclass or patch of one of the atlas's is ``overrides``' to tell, before this.)

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from .api import near, type_error_words
from .atlas import MODEL_CLASS, old_keyword, owner_of_class

_FORWARD = re.compile(r"(?:(?<![\w.])(?P<cls>[A-Z]\w*)\.|(?<![\w.]))forward\(\) got an unexpected keyword argument "
                      r"'(?P<keyword>\w+)'")
_WORDS = "forward() got an unexpected keyword argument"


def forward_keyword(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The atlas's answer for a model's forward called with a keyword it does not take (None: it shows none)."""
    if not type_error_words(failure) or _WORDS not in failure.message:
        return None
    found = near(_FORWARD, failure.message, _WORDS)
    if found is None:
        return None
    cls, keyword = found["cls"], found["keyword"]
    if cls is not None and (owner_of_class(cls) is not None or not MODEL_CLASS.match(cls)):
        return None  # a class the atlas knows (``released``'s), or one not named as a model (a user's own module)
    if len(keyword) < 4:
        return None  # "u", "x": any module's parameter
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
