"""A tokenizer's own code reading an attribute its ``__init__`` had not set yet: written for transformers before 4.34.

transformers 4.34.0 (huggingface/transformers#23909) made ``PreTrainedTokenizer.__init__``
add the special tokens itself, through ``get_vocab()`` and ``vocab_size``. A slow
tokenizer of a model repository, or one a project vendors, that calls
``super().__init__()`` before it loads its vocabulary (``self.sp_model``,
``self.encoder``) then fails inside its own ``get_vocab``. The frames say so: the
tokenizer class's own method, in its own file, asks for an attribute of its own.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from packaging.version import InvalidVersion, Version

from ...model.hints import Hint
from ..failure import Failure
from .names import top

_OWN_ATTRIBUTE = re.compile(r"'(?P<cls>[A-Z]\w*Tokenizer)' object has no attribute '(?P<attr>\w+)'")
#: the tokenizer methods transformers 4.34's PreTrainedTokenizer.__init__ reaches (_add_tokens: get_vocab, whose
#: implementations read vocab_size and convert ids)
_CALLED_FROM_INIT = frozenset({"get_vocab", "vocab_size", "_convert_id_to_token", "convert_ids_to_tokens",
                               "_convert_token_to_id", "convert_tokens_to_ids"})
_ADDED_IN = Version("4.34.0")


def tokenizer_before_init(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The answer for a tokenizer's own method failing on its unset attribute (None: the frames do not say so)."""
    if not failure.is_a("builtins.AttributeError") or not failure.frames:
        return None
    found = _OWN_ATTRIBUTE.search(failure.message)
    if found is None:
        return None
    module, _, function = failure.frames[-1].partition(":")
    if function not in _CALLED_FROM_INIT or top(module) == "transformers" or "tokeniz" not in module:
        return None  # transformers' own tokenizers, or another method of the class: not this
    callers = [f for f in failure.frames[:-1] if f.partition(":")[0] != module]
    if callers and not callers[-1].startswith("transformers.tokenization_utils"):
        return None  # called by other code than PreTrainedTokenizer.__init__ (a script's tok.get_vocab()): its slip
    installed = version_of("transformers")
    try:
        if installed is not None and Version(installed) < _ADDED_IN:
            return None  # a release before the change: the tokenizer's own slip
    except InvalidVersion:
        return None
    cls, attr = found["cls"], found["attr"]
    remote = module.startswith("transformers_modules.")
    shown = f"transformers {installed}" if installed else "the installed transformers"
    return Hint(f"{cls}'s own code ({module}, {function}) reads self.{attr} before {cls}.__init__ has set it: "
                f"transformers 4.34.0 and later ({shown}) call get_vocab() and vocab_size from "
                "PreTrainedTokenizer.__init__, that is from the tokenizer's super().__init__(), which code written for "
                "earlier releases calls before it sets its own attributes",
                f"in {cls}.__init__, set self.{attr} (and whatever get_vocab reads) before calling super().__init__()"
                + (" (the model repository's current tokenizer file does)" if remote else "")
                + ", or pip install 'transformers<4.34'",
                "reasoned from the log: the tokenizer's own method raising for its own attribute; transformers 4.34.0 "
                "PreTrainedTokenizer.__init__ (huggingface/transformers#23909, #26777)",
                family="remote-code-mismatch" if remote else "api-mismatch")
