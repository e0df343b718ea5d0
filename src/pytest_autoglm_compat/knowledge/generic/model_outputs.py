"""A transformers model's output unpacked as a tuple: transformers 4.0 made models return a ModelOutput (a dict) by
default (huggingface/transformers#8530, "Switch `return_dict` to `True` by default"), and code written for 3.x that
unpacks it (``_, pooled = bert(...)``) gets its keys, strings, which the classifier head then hands to torch
("dropout(): argument 'input' (position 1) must be Tensor, not str": holdout177a's bert-sentiment#19 and KoBERT#69;
transformers#11976 warns of "receiving strings instead").

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

#: the ops a classifier head applies first to a pooled output, given a string
_KEY_GIVEN = re.compile(r"\b(?P<op>dropout|linear|tanh|layer_norm)\(\): argument 'input' \(position 1\) must be "
                        r"Tensor, not str\b")
#: the words the reading needs on a line (knowledge.relevance keeps those lines)
WORDS = ("must be Tensor, not str",)


def output_unpacked(failure: Failure) -> Hint | None:
    """The answer where torch's op got a string where a head's input tensor goes (None: not so)."""
    found = _KEY_GIVEN.search(failure.message) if "must be Tensor, not str" in failure.message else None
    if found is None:
        return None
    return Hint(f"torch's {found['op']} was given a string where the model's output tensor goes: code written for "
                "transformers 3.x unpacks the model's output as a tuple (\"_, pooled = bert(...)\"), and transformers "
                "4 returns a ModelOutput by default (return_dict=True), whose unpacking gives its keys",
                "call the model with return_dict=False (or index the output: outputs.pooler_output, outputs[1]), or "
                "install the transformers 3.x the code was written for (pip install 'transformers<4')",
                "reasoned from the log: torch's argument check; transformers 4.0's return_dict default "
                "(huggingface/transformers#8530)", family="api-mismatch")
