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
    ('holdout47a', 'xtts-webui-118.log', 'version-guard',
     'coqui-tts 0.24.2 requires transformers<4.43.0,>=4.42.0; found transformers 4.36.2',
     "pip install 'transformers<4.43.0,>=4.42.0' (or a release of coqui-tts whose requirement the installed transformers meets)"),
    ('holdout49a', 'lora-scripts-501.log', 'version-guard',
     "the library's own version check requires torch>=2.3.0; found torch 2.2.1+cu118",
     "pip install 'torch>=2.3.0'"),
    ('holdout51a', 'PhenoGPT-5.log', 'version-guard',
     'pip\'s resolver found no set of releases that meets every requirement it was given: what it was asked to install (accelerate and peft==0.7.2.dev0) requires releases of a package that conflict (pip names them under "The conflict is caused by:")',
     'loosen or drop the pins among those requirements (an exact == pin, a second requirement file), or ask for releases whose own requirements fit together'),
    ('holdout51a', 'llm_finetuning-6.log', 'version-guard',
     "the requirements ask for peft==0.11.2.dev0 and peft==0.4.0: no release meets both, so pip's resolver stops",
     'keep one requirement on peft in what pip was given (a file that lists it twice, two requirement files, or a file and the command line)'),
    ('holdout51a', 'closer-look-LLM-unlearning-1.log', 'api-mismatch',
     "CustomTrainerForgetting subclasses transformers' Trainer and overrides its compute_loss() without the keyword num_items_in_batch, which transformers' own Trainer.compute_loss() (transformers.trainer) takes from 4.46.1 on and its training_step() passes: CustomTrainerForgetting was written for transformers before 4.46.1, and the transformers that calls it is newer",
     'add num_items_in_batch=None (or **kwargs) to CustomTrainerForgetting.compute_loss()\'s parameters, install a release of the code that defines CustomTrainerForgetting written for the installed transformers, or install transformers<4.46.1 (pip install "transformers<4.46.1")'),
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
    # pip's headline alone for one package asked twice where a release meets both, or a local build beside its release
    "ERROR: Cannot install diffusers>=0.24.0 and diffusers<0.30 because these package versions have conflicting "
    "dependencies.",
    "ERROR: Cannot install torch==2.1.2+cu118 and numpy==1.26.4 because these package versions have conflicting "
    "dependencies.",
    # a version named as lower than a bound, of no package (the driver, CUDA)
    "WARNING  Driver version is lower than 535.0, which may not work. Consider upgrading.",
    "WARNING  CUDA version is lower than 11.8, which may not be able to train properly. Consider upgrading.",
    # a method called on self by the program's own class (no package's frame calls it)
    "Traceback (most recent call last):\n  File \"/home/u/train.py\", line 9, in training_step\n    loss = "
    "self.compute_loss(model, inputs, num_items_in_batch=n)\nTypeError: MyTrainer.compute_loss() got an unexpected "
    "keyword argument 'num_items_in_batch'",
    # transformers' own caller, but a keyword its Trainer never passed in any release
    "Traceback (most recent call last):\n  File \"/env/lib/python3.10/site-packages/transformers/trainer.py\", line "
    "3579, in training_step\n    loss = self.compute_loss(model, inputs, frobnicate=1)\nTypeError: "
    "MyTrainer.compute_loss() got an unexpected keyword argument 'frobnicate'",
])
def test_look_alikes_of_the_readings_get_no_answer(text: str) -> None:
    assert answered(text) == []
