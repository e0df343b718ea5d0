"""A transformers model class refusing Flash Attention 2 that a later transformers release gave it.

transformers raises "SiglipVisionModel does not support Flash Attention 2.0 yet" where the model's class does not
declare it. Until 4.51 each model that had it carried its own ``<Model>FlashAttention2`` class, so the atlas dates
the release that gave a model Flash Attention 2: where that came after the model itself, an older transformers is
the cause. A class of a model repository's own code (``OLMoForCausalLM``, ``QWenLMHeadModel``) matches none of them.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from packaging.version import InvalidVersion, Version

from ...model.hints import Hint
from ..failure import Failure
from .atlas import class_modules, classes_of, name_change

_NO_FA2 = re.compile(r"\b(?P<cls>[A-Z][A-Za-z0-9]{1,100}) does not support Flash Attention 2\.0 yet")
_FA2 = "FlashAttention2"


@functools.lru_cache(maxsize=1)
def _fa2_classes() -> tuple[str, ...]:
    """transformers' per-model Flash Attention 2 classes, longest first (the most specific prefix wins)."""
    return tuple(sorted((c for c in classes_of("transformers") if c.endswith(_FA2) and len(c) > len(_FA2)),
                        key=len, reverse=True))


def flash_attention_added(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The answer for a model class refusing Flash Attention 2 that a later transformers gave it (None: not so)."""
    found = _NO_FA2.search(failure.message) if "does not support Flash Attention 2.0" in failure.message else None
    if found is None:
        return None
    cls = found["cls"]
    fa2 = next((c for c in _fa2_classes() if cls.startswith(c[:-len(_FA2)])), None)
    modules = class_modules("transformers", fa2) if fa2 else []
    if fa2 is None or len(modules) != 1:
        return None
    if modules[0] not in class_modules("transformers", cls):
        # no class of that name beside the Flash Attention class: a model repository's own, or another model whose
        # name begins the same (Wav2Vec2BertForCTC is no Wav2Vec2 model; CLIPSeg's is no CLIP's: the session-23
        # second reader's cases)
        return None
    added = name_change("transformers", modules[0], fa2)
    model = name_change("transformers", modules[0], cls)
    if added is None or added.added_in is None or added.back_from is not None:
        return None
    if model is not None and model.added_in is not None and model.added_in >= added.added_in:
        return None  # the model came with it: its release refusing it is not an older transformers'
    release, installed = added.added_in, version_of("transformers")
    try:
        if installed is not None and Version(installed) >= release:
            return None  # a transformers that gave the model Flash Attention 2: not this
    except InvalidVersion:
        return None
    return Hint(f"transformers {release} gave {cls} Flash Attention 2 ({fa2}, {modules[0]}); the installed "
                "transformers is older, so it refuses attn_implementation=\"flash_attention_2\" for that model (the "
                f"code that asks for it, a model repository's or a program's, was written for transformers {release} "
                "or later)",
                f"pip install -U \"transformers>={release}\", or load the model with attn_implementation=\"sdpa\" "
                "(or \"eager\") for the installed transformers",
                f"reasoned from the log and {added.source}", family="api-mismatch")
