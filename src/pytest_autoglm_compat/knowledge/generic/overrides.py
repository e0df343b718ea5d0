"""A method of a class named as a subclass or patch of a package's class, called with a keyword it does not take,
where the package's own class gained that keyword in a release.

A library calls the methods of the classes it is given as its own classes take them:
transformers passes ``cache_position`` to an attention's ``forward`` from 4.42.0 on,
mcp passes ``progress_callback`` to a session's ``send_request``. A class of another
package that overrides the method ("PatchedQwen2Attention", "MCPAgentClientSession"),
written before that release, refuses the call. The class's name says whose class it
overrides (the longest class of the atlas its name ends with, of two words or more),
the atlas says the release that added the keyword; else the atlas class its name is with one word put in
("MistralBiModel" of MistralModel). A method the class inherits is
looked up on its package's base class of the same name with "Base" before it
(mcp's ClientSession has send_request from BaseSession).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from .api import near, type_error_words
from .atlas import STACK, classes_of, owner_of_class, owners_of_class
from .change import Change
from .keyword_history import keyword_change
from .names import possessive
from .released import CLASS_KEYWORD

_WORDS = "() got an unexpected keyword argument"
#: the parts of a class's CamelCase name ("PatchedQwen2Attention" -> Patched, Qwen2, Attention)
_PARTS = re.compile(r"[A-Z][a-z0-9]*(?:[A-Z]+(?![a-z]))?")


def override_keyword(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The answer for an overriding method refusing a keyword its package's class gained (None: not so)."""
    if not type_error_words(failure) or _WORDS not in failure.message:
        return None
    found = near(CLASS_KEYWORD, failure.message, _WORDS)
    if found is None or found["method"] == "__init__":
        return None  # a constructor is called by its own package's users, with their keywords: not the library's call
    if owner_of_class(found["cls"], beyond_the_stack=True) is not None:
        return None  # a class of the atlas: its own history (``released``) answers
    return overridden(found["cls"], found["method"], found["keyword"], version_of)


def overridden(cls: str, method: str, keyword: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """``cls`` named as a subclass or patch of an atlas class whose ``method`` gained ``keyword`` in a release."""
    parts = _PARTS.findall(cls)
    if "".join(parts) != cls:
        return None
    # the longest class of the atlas the name ends with, of two parts or more; else the class its name is with one
    # word put in ("MistralBiModel", llm2vec's subclass of MistralModel: holdout23b, llm2vec#119)
    candidates = [("".join(parts[start:]), "") for start in range(1, len(parts) - 1)]
    candidates += [("".join(parts[:inner] + parts[inner + 1:]), "".join(parts[inner:]))
                   for inner in range(1, len(parts) - 1)]
    for original, tail in candidates:
        dist = owner_of_class(original, beyond_the_stack=True)
        if tail and dist is not None and any(c.endswith(tail) for c in classes_of(dist)):
            # the word put in begins a kind of class the package has ("Qwen2VisionModel": a VisionModel, as
            # AltCLIPVisionModel is; not a Qwen2Model): not a subclass named after the class without it
            continue
        # a class of two of the stack's packages (transformers' MistralModel, and llm-compressor's traced copy of
        # it): the one whose class gained the keyword in a release, where one alone did
        dists = [dist] if dist is not None else [d for d in owners_of_class(original) if d in STACK]
        if not dists:
            continue
        gained = [(d, found) for d in dists if (found := _gained(d, original, parts, method, keyword)) is not None]
        if len(gained) != 1:
            return None  # not a keyword a release added: nothing says which side the subclass is on
        dist, (owner_cls, module, change) = gained[0]
        installed = version_of(dist)
        if installed is not None and change.fits(installed):
            return None  # the installed release does not pass the keyword either: not this
        shown = f" ({dist} {installed} is installed)" if installed else ""
        return Hint(f"{cls} (by its name a subclass or patch of {possessive(dist)} {original}) has a {method}() "
                    f"that does not take {keyword}, which {possessive(dist)} own {owner_cls}.{method}() ({module}) "
                    f"takes from {change.added_in} on{shown}: {cls} was written for {dist} before {change.added_in}, "
                    f"and the {dist} that calls it is newer",
                    f"install {dist}<{change.added_in} (pip install \"{dist}<{change.added_in}\"), or a release of "
                    f"the code that defines {cls} written for the installed {dist}",
                    f"reasoned from the log and {change.source}", family="api-mismatch")
    return None


def _gained(dist: str, original: str, parts: list[str], method: str, keyword: str) -> tuple[str, str, Change] | None:
    """The class (``original`` or its base), module and change where ``dist``'s ``method`` gained ``keyword``."""
    for owner_cls in (original, f"Base{original}", f"Base{parts[-1]}"):  # or a method inherited from its base
        if owner_cls == original or dist in owners_of_class(owner_cls):
            located = keyword_change(dist, owner_cls, method, keyword)
            if located is not None:
                module, change = located
                if change.added_in is None or change.removed_in is not None:
                    return None
                return owner_cls, module, change
    return None
