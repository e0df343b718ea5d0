"""Readings session 23 added, each held to a real log's whole answer (misses of earlier blind rounds, training
data now), and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import first

ANSWERS = [
    ('holdout53b', 'pascal-pkgs-ci-46.log', 'extension-build',
     "ptxas refuses the kernel's PTX for this target: Modifier '.evict_last' on 'ld' needs sm_70 or newer, and the arch it compiles for is older (the GPU it runs on, for a code generator such as Triton; an arch in the build's list, for nvcc)",
     'run on a GPU of sm_70 or newer, or use a release of the code generator that still supports the older GPU; for a build, leave the arch older than sm_70 out of TORCH_CUDA_ARCH_LIST (or -gencode)'),
    ('holdout53b', 'pascal-pkgs-ci-23.log', 'binary-mismatch',
     "the Tesla P40 (compute capability 6.1) is older than the Triton GPU compiler supports (7.0 or newer): torch.compile's inductor backend, and libraries that compile Triton kernels with it, cannot build kernels for it",
     'run without torch.compile (torch: the eager backend, or torch._dynamo.config.suppress_errors = True to fall back to it; vLLM: --enforce-eager), or on a GPU of compute capability 7.0 or newer'),
    ('holdout53a', 'Model-Optimizer-1800.log', 'api-mismatch',
     "transformers 4.56.0 made dtype a keyword of from_pretrained (torch_dtype kept as its deprecated name); an older transformers does not know it and passes it on to the model class's constructor, which refuses it: the calling code was written for transformers 4.56 or later",
     'pip install -U "transformers>=4.56", or pass torch_dtype= instead of dtype= to from_pretrained for the installed transformers'),
]


def answered(text: str) -> list[str]:
    found, _ = explain_log(text)
    return [item.hint.cause for item in found]


@pytest.mark.parametrize(("group", "log", "family", "cause", "fix"), ANSWERS)
def test_each_reading_gives_its_whole_answer_on_its_real_log(group: str, log: str, family: str, cause: str,
                                                             fix: str) -> None:
    assert first(group, log) == (family, cause, fix)


@pytest.mark.parametrize("text", [
    # ptxas's other errors: an unknown PTX version is the toolkit's age, not the target's
    "ptxas /tmp/k.ptx, line 5; error   : Unknown modifier '.evict_last'",
    # the dtype keyword refused by a class that is no model (a program's own)
    "TypeError: Scaler.__init__() got an unexpected keyword argument 'dtype'",
    # a transformers release that already takes dtype: the keyword reached the constructor some other way
    "transformers 4.57.1\nTypeError: LlamaForCausalLM.__init__() got an unexpected keyword argument 'dtype'",
    # the program's own call of the model's constructor, shown by its frame
    "Traceback (most recent call last):\n  File \"/home/u/run.py\", line 3, in <module>\n    m = "
    "LlamaForCausalLM(config, dtype=torch.float16)\nTypeError: LlamaForCausalLM.__init__() got an unexpected keyword "
    "argument 'dtype'",
])
def test_look_alikes_of_the_readings_get_no_answer(text: str) -> None:
    assert answered(text) == []
