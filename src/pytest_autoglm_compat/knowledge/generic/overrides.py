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
from .atlas import (
    STACK,
    atlas_distributions,
    class_modules,
    classes_of,
    classes_with_method,
    owner_of_class,
    owners_of_class,
)
from .change import Change
from .keyword_history import keyword_change
from .names import distribution_of, innermost_frame, possessive
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
    return (overridden(found["cls"], found["method"], found["keyword"], version_of)
            or called_on_self(failure, found["cls"], found["method"], found["keyword"], version_of))


def called_on_self(failure: Failure, cls: str, method: str, keyword: str, version_of: Callable[[str], str | None]
                   ) -> Hint | None:
    """A package's own method calling ``self.method(..., keyword=...)`` on an object of ``cls``: ``cls`` subclasses
    the package's class that defines the calling method, and overrides ``method`` as the package's releases before
    the keyword took it (holdout51a: closer-look-LLM-unlearning#1, a Trainer subclass's compute_loss without
    num_items_in_batch, which transformers' Trainer.training_step passes)."""
    inner = innermost_frame(failure.frames)
    if inner is None or not re.search(rf"\bself\.{re.escape(method)}\(", failure.source or ""):
        return None
    module, _, calling = inner.partition(":")
    dist = distribution_of(module)
    if dist not in atlas_distributions():
        return None
    owners = [c for c in classes_with_method(dist, calling) & classes_with_method(dist, method)
              if module in class_modules(dist, c)]
    if len(owners) != 1:
        return None  # no class of the calling module has both methods, or several do: whose subclass, unknown
    located = keyword_change(dist, owners[0], method, keyword)
    if located is None or located[1].added_in is None or located[1].removed_in is not None:
        return None
    (where, change), owner = located, owners[0]
    installed = version_of(dist)
    if installed is not None and change.fits(installed):
        return None  # the installed release does not pass the keyword either: not this
    shown = f" ({dist} {installed} is installed)" if installed else ""
    added = change.added_in
    return Hint(f"{cls} subclasses {possessive(dist)} {owner} and overrides its {method}() without the keyword "
                f"{keyword}, which {possessive(dist)} own {owner}.{method}() ({where}) takes from {added} on and its "
                f"{calling}() passes{shown}: {cls} was written for {dist} before {added}, and the {dist} that calls it "
                "is newer",
                f"add {keyword}=None (or **kwargs) to {cls}.{method}()'s parameters, install a release of the code "
                f"that defines {cls} written for the installed {dist}, or install {dist}<{added} (pip install "
                f"\"{dist}<{added}\")", f"reasoned from the log and {change.source}", family="api-mismatch")


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
        # (of owners none of the stack, each: bokeh's ClientSession beside mcp's, the atlas of session 39)
        dists = [dist] if dist is not None else ([d for d in owners_of_class(original) if d in STACK]
                                                 or list(owners_of_class(original)))
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
