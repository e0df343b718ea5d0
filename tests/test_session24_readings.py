"""Readings session 24 mended after holdout59 was measured, each held to a real log's answer, the look-alikes they must
leave alone, and the speed-ups' answers held equal to the plain readings they replace."""

from __future__ import annotations

import dataclasses

import pytest

from pytest_autoglm_compat.knowledge.failure import LOG_LINE, Failure
from pytest_autoglm_compat.knowledge.generic.stdlib import python_of
from pytest_autoglm_compat.knowledge.logs import explain_log
from pytest_autoglm_compat.knowledge.notices import passed_notices
from real_answers import answers, first


def answered(text: str) -> list[str]:
    found, _ = explain_log(text)
    return [item.hint.cause for item in found]


def test_a_librarys_kernel_refusing_the_gpu_is_told_as_its_build_for_other_gpus() -> None:
    assert first("holdout59b", "ComfyUI-nunchaku-234.log") == (
        "no-kernel-image",
        "a library's compiled kernel says it does not support this GPU: the kernels its build carries are for other "
        "GPU architectures (most often newer ones); the CUDA errors after it follow from that",
        "run the model on a GPU the library's kernels support (its README's GPU list), or a build or release of the "
        "library that carries kernels for this GPU's architecture (or its fallback path for older GPUs, where it has "
        "one)")


def test_the_kernel_reading_names_the_gpu_the_log_shows() -> None:
    log = ("Found GPU0 Tesla T4 which is of cuda capability 7.5.\n"
           "This kernel is not supported on your GPU\n")
    assert answered(log)[0].startswith("a library's compiled kernel says it does not support this GPU (Tesla T4, "
                                       "compute capability 7.5):")


def test_an_op_namespace_missing_its_op_is_the_librarys_load_not_torchs_api() -> None:
    # FBGEMM#2715: the loader's undefined symbol is the answer; the op its .so did not register is no second claim
    found = answers("holdout59b", "FBGEMM-2715.log")
    assert [family for family, _, _ in found] == ["extension-abi"]


@pytest.mark.parametrize("text", [
    # torch.ops' namespace asked for an op: no class's attribute of torch's, whichever package asks
    "AttributeError: '_OpNamespace' 'vllm' object has no attribute 'flash_attn_with_kvcache'",
    "Traceback (most recent call last):\n  File \"/env/lib/python3.10/site-packages/fbgemm_gpu/docs/ops.py\", line 14,"
    " in <module>\n    torch.ops.fbgemm.jagged_2d_to_dense,\n  File \"/env/lib/python3.10/site-packages/torch/_ops.py\","
    " line 1131, in __getattr__\n    raise AttributeError(\nAttributeError: '_OpNamespace' 'fbgemm' object has no "
    "attribute 'jagged_2d_to_dense'",
    # the user's own install command at a shell prompt, then pip installing what it asked for
    "(env) [u@host ~/local]$ with-proxy pip install torchao==0.13.0 --extra-index-url "
    "https://download.pytorch.org/whl/test/cu128\nCollecting torchao==0.13.0\nInstalling collected packages: torchao\n"
    "Successfully installed torchao-0.13.0+cu128\n(env) [u@host ~/local]$ python -c \"import torchao\"",
    "user@box:~$ sudo pip3 install transformers==4.40.0\nSuccessfully installed transformers-4.40.0",
    "!pip install peft==0.10.0\nSuccessfully installed peft-0.10.0",
    # the kernel's words about something else than the GPU
    "This kernel is not supported on your platform",
])
def test_look_alikes_of_the_mends_get_no_answer(text: str) -> None:
    assert answered(text) == []


def test_a_librarys_advice_to_install_a_release_is_still_its_guard() -> None:
    # "To fix: pip install trl>=0.4.7" (LLaMA-Factory's check) is no shell prompt
    assert first("holdout45a", "LlamaFactory-231.log")[0] == "version-guard"


def test_the_false_claims_of_holdout59_are_no_claims() -> None:
    assert answers("holdout59b", "ao-2901.log") == []


@pytest.mark.parametrize(("text", "python"), [
    ("/home/u/.conda/envs/x/lib/python3.11/site-packages/torch/_ops.py", "3.11"),
    ("C:\\Users\\u\\AppData\\Local\\Programs\\Python\\Python310\\lib\\site-packages\\torch", "3.10"),
    ("C:\\PYTHON39\\lib\\site-packages\\numpy", "3.9"),
    ("/usr/lib/python3.8/ and /usr/lib/python3.10/", None),  # two Pythons: none
    ("python3.10 -m pip install torch", None),  # a command, not a folder
    ("Python 3.10.9 (tags/v3.10.9:1dd9be6, Dec  6 2022, 20:01:21) [MSC v.1934 64 bit (AMD64)]", "3.10"),
])
def test_python_of_reads_the_folders_and_the_banner(text: str, python: str | None) -> None:
    assert python_of(text) == python
    assert python_of(text, text.lower()) == python


def test_passed_notices_asked_of_some_failures_answers_as_asked_of_all() -> None:
    warned = Failure((LOG_LINE,), "libprotobuf WARNING google/protobuf/x.cc: supports using Python ops for all")
    numpy = Failure((LOG_LINE,), "UserWarning: Failed to initialize NumPy: _ARRAY_API not found")
    echo = Failure((LOG_LINE,), "This script does not work on Python 3.7")
    raised = dataclasses.replace(Failure.from_name("builtins.KeyError", "'model'"), raised_in="train",
                                 frames=("train:<module>",))
    failures = [warned, numpy, echo, raised]
    text = "\n".join(f.message for f in failures)
    every = passed_notices(failures, text)
    assert every == {warned, numpy, echo}
    for asked in ([warned], [numpy, raised], [echo], [raised], []):
        assert passed_notices(failures, text, asked) == every & set(asked)
