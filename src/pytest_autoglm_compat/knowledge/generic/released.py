"""A keyword a class's method does not take, where the atlas shows a release whose method named it.

``api.mismatch`` answers a keyword error only where a package's frame called it;
the call raises in the caller's frame, most often a checkout or a script. The
bundled atlas (``atlas``) knows the class's own history: a keyword some releases
of its method named and the newest change removed or added is a release mismatch,
with the release to pin; a keyword no release named (a typo) gets no answer.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from .api import REMOTE_CODE_FIX, near, type_error_words
from .atlas import Change, owner_of_class, owners_of_class
from .keyword_history import keyword_change
from .names import distribution_of

#: a class of transformers' model code a model repository keeps its own copy of (a model, an attention, a layer)
_REMOTE_CODE_CLASS = re.compile(r"[A-Z]\w*(?:Model|ForCausalLM|ForConditionalGeneration|LMHeadModel|Attention|"
                                r"DecoderLayer)$")
#: "LoraConfig.__init__() got an unexpected keyword argument 'x'": a class's method, as Python names it
CLASS_KEYWORD = re.compile(r"(?<![\w.])(?P<cls>[A-Z]\w*)\.(?P<method>\w+)\(\) got an unexpected keyword argument "
                            # the closing quote lost where a paste was cut (holdout43a: ludwig#3995)
                            r"'(?P<keyword>\w+)(?:'|(?=\s*$))")


#: "Qwen3VLModel.get_rope_index() missing 1 required positional argument: 'mm_token_type_ids'"
_CLASS_MISSING = re.compile(r"(?<![\w.])(?P<cls>[A-Z]\w*)\.(?P<method>\w+)\(\) missing \d+ required "
                            r"(?:positional|keyword-only) arguments?: '(?P<keyword>\w+)'")


_VENDORED = re.compile(r"\._?vendor(?:ed)?\.|^requests\.packages\.")


def released(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The atlas's answer for a keyword a class's method does not take (None: the atlas shows no change).

    Raised at the call site, so the innermost frame is the caller's, often a checkout or a script: the class's
    own history, not the frames, says whether a release dropped or added the keyword. (A name a module lacks is
    answered by ``api``, which keeps the user's own code out: there a typo reads the same.)"""
    if not type_error_words(failure):
        return None
    return _keyword(failure, version_of) or _missing(failure, version_of)


def _class_call(pattern: re.Pattern[str], failure: Failure, words: str
                ) -> tuple[str, str, str, str, str, Change] | None:
    """The class, method and keyword a call's message names, the class's distribution, the module defining the
    method and the keyword's history there (None: the message names none, or the atlas shows no change)."""
    found = near(pattern, failure.message, words)
    if found is None:
        return None
    cls, method, keyword = found["cls"], found["method"], found["keyword"]
    seen = frozenset(distribution_of(frame.partition(":")[0]) for frame in failure.frames or ())
    # the keyword's history confirms the class is its; of several owners, the one whose code the frames show
    dist = owner_of_class(cls, beyond_the_stack=True, seen=seen)
    located = keyword_change(dist, cls, method, keyword) if dist else None
    if dist is None:
        # of several owners (llmcompressor's TrainingArguments subclasses transformers'), the one whose method's
        # history has the keyword: a subclass's own fields never named it (survey16a: ChineseErrorCorrector#31)
        histories = [(owner, change) for owner in owners_of_class(cls)
                     if (change := keyword_change(owner, cls, method, keyword)) is not None]
        if len(histories) > 1:
            # a package's vendored copy of another's module (pip._vendor.urllib3) tells the history of the copy; the
            # package itself is the one a program imports (holdout54a: Retry's method_whitelist, urllib3 2.0's)
            histories = [(owner, found) for owner, found in histories if not _VENDORED.search(found[0])] or histories
        if len(histories) == 1:
            dist, located = histories[0]
    if dist is None or located is None:
        return None
    return cls, method, keyword, dist, *located


def _keyword(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    call = _class_call(CLASS_KEYWORD, failure, "() got an unexpected keyword argument")
    if call is None:
        return None
    cls, method, keyword, dist, module, history = call
    installed = version_of(dist)
    change = history.narrowed(installed)
    if change is None:
        return None
    dist_text = f"{dist} {installed}" if installed else f"the installed {dist}"
    fix = change.fix(f"calling code that follows this {dist}")
    if dist == "transformers" and change.added_in is not None and change.removed_in is None \
            and change.back_from is None and _REMOTE_CODE_CLASS.match(cls):
        # a model repository's own copy of the class (trust_remote_code) reads the same, older than the transformers
        # that calls it (holdout18a's automodel#905: a stale modeling_phi3.py under a current transformers)
        fix += f"; where {cls} is a model repository's own code (trust_remote_code), that code is the older side: " \
               + REMOTE_CODE_FIX
    return Hint(f"{cls}.{method}() ({module}) is called with the keyword {keyword}, which it does not take in "
                f"{dist_text}: {change.told}, so the calling code (or the saved file whose settings it passes) was "
                f"written for {change.written_for} {dist}",
                fix,
                f"reasoned from the log and {change.source}", family="api-mismatch")


def _missing(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A class's method called without an argument its installed release requires, which the atlas shows a
    release added (or a newer one dropped): the calling code was written for the releases without it. An argument
    every release named (the caller's slip, or one that only became required) gets no answer."""
    call = _class_call(_CLASS_MISSING, failure, "() missing ")
    if call is None:
        return None
    cls, method, keyword, dist, module, change = call
    installed = version_of(dist)
    if change.both or not change.has_it(installed):
        return None  # an argument only the releases between had: the log does not say which side the caller is
    dist_text = f"{dist} {installed}" if installed else f"the installed {dist}"
    pin = change.pin_without
    return Hint(f"{cls}.{method}() ({module}) is called without {keyword}, which it requires in {dist_text}: "
                f"{change.told}, so the calling code was written for {change.written_without} {dist}",
                f"install {pin} (pip install \"{pin}\"), or calling code that follows this {dist} (passes "
                f"{keyword})",
                f"reasoned from the log and {change.source}", family="api-mismatch")
