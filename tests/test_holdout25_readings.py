"""Readings holdout25's false claims and misses showed the engine lacked (tests/data/real/holdout25*.toml, measured
blind in session 16 on a4dde7d, training data since): each held to its real log's answer, or to no claim."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import answers, first


def test_a_submodule_every_release_read_has_is_not_claimed_where_the_log_shows_no_version() -> None:
    # the log cannot tell a release older than those the atlas read (langchain 0.0.81, before the atlas's 0.0.300,
    # lacked langchain.chat_models) from a folder of the package's name beside the script (Ham2Pose's tokenizers)
    assert answers("holdout25a", "Ham2Pose-5.log") == []
    assert answers("holdout18a", "langchain-10887.log") == []
    # a version the log shows, older than every release read that has the submodule: the release's
    assert explain_log("langchain==0.0.81\nModuleNotFoundError: No module named 'langchain.chat_models'\n")[0]


def test_pandas_own_floor_on_numpy_tells_what_numpy_s_abi_words_beside_it_show() -> None:
    assert [answer[:2] for answer in answers("holdout25a", "stable-diffusion-323.log")] == [
        ("version-guard", "pandas requires numpy>=1.20.3: the installed numpy is older than it needs")]
    # NumPy's words alone are still told
    assert first("holdout23a", "OpenSfM-362.log")[0] == "extension-abi"


def test_a_cuda_build_pinned_by_its_local_tag_that_pip_lists_without_it() -> None:
    family, cause, fix = first("holdout25b", "OneTrainer-138.log")
    assert family == "binary-mismatch"
    assert cause == ("pip found no wheel of torch==2.1.2+cu118 (a cu118 build of a release PyPI lists) for this Python "
                     "and platform: PyTorch publishes its builds for a CUDA or ROCm line on its own index "
                     "(download.pytorch.org/whl/<tag>), for the lines, Pythons and platforms each release was built "
                     "for, and pip read PyPI, which has none of them")
    assert fix.startswith("look the release up on pytorch.org/get-started/previous-versions")
    # the links page was given (torch_stable.html): the build is missing there, not unlooked for
    assert first("holdout25b", "VideoCrafter-10.log")[1].endswith(
        "PyTorch's index, which the log shows pip was given, has none for this Python and platform, or that release "
        "was not built for that tag")
    # the second reader's cases: an index PyTorch never published is told as such; ROCm on Windows is Linux-only
    unpublished = ("Looking in indexes: https://pypi.org/simple, https://download.pytorch.org/whl/cu122\nERROR: Could "
                   "not find a version that satisfies the requirement torch==2.1.2+cu122 (from versions: 2.1.1, "
                   "2.1.2)\n")
    found, reading = explain_log(unpublished)
    assert found == []
    assert [item.hint.family for item in reading.aside] == ["no-such-index"]
    rocm = ('File "C:\\Users\\me\\x.py", line 1\nERROR: Could not find a version that satisfies the requirement '
            "torch==2.1.2+rocm5.6 (from versions: 2.0.0, 2.1.2)\n")
    found, _ = explain_log(rocm)
    assert found[0].hint.cause.endswith("ROCm builds of torch are made for Linux only")


def test_pip_s_two_requirements_on_one_package_that_cannot_both_hold() -> None:
    assert first("holdout25a", "ComfyUI_FaceAnalysis-38.log")[:2] == (
        "version-guard", "the requirements ask for diffusers==0.24.0 and diffusers>=0.28.0: no release meets both, so "
        "pip's resolver stops")
    # two requirements some release meets together: the lines below the headline say the rest
    found, _ = explain_log("ERROR: Cannot install diffusers>=0.24.0 and diffusers<0.30 because these package versions "
                           "have conflicting dependencies.\n")
    assert found == []
    found, _ = explain_log("ERROR: Cannot install torch==2.1.2+cu118 and torch==2.1.2 because these package versions "
                           "have conflicting dependencies.\n")
    assert found == []  # the local build meets both: an index missing, not two requirements apart


def test_the_second_reader_s_cases_of_a_floor_on_numpy_and_a_submodule_every_release_has() -> None:
    # NumPy 2 under a module built for 1.x, after pandas' floor was met by an upgrade: both told, the NumPy 2 one kept
    log = ("ImportError: this version of pandas is incompatible with numpy < 1.20.3\n"
           "Successfully installed numpy-2.0.1\n"
           "A module that was compiled using NumPy 1.x cannot be run in NumPy 2.0.1 as it may crash.\n")
    found, _ = explain_log(log)
    assert any(item.hint.cause.startswith("a compiled module was built against NumPy 1.x") for item in found)
    # a release the log shows, one of those the atlas read that have the submodule, asked for it: no claim
    assert explain_log("tokenizers 0.15.0\nModuleNotFoundError: No module named 'tokenizers.pre_tokenizers'\n")[0] == []
    framed = ('Traceback (most recent call last):\n  File "/home/u/x/train.py", line 3, in <module>\n'
              "    from transformers import AutoTokenizer\n"
              '  File "/usr/lib/python3.10/site-packages/transformers/tokenization_utils_fast.py", line 5, in '
              "<module>\n    from tokenizers.pre_tokenizers import Whitespace\n"
              "ModuleNotFoundError: No module named 'tokenizers.pre_tokenizers'\n")
    assert explain_log(framed)[0] == []
