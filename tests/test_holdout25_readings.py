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
    for log, requirement in (("OneTrainer-138.log", "torch==2.1.2+cu118"), ("VideoCrafter-10.log",
                                                                             "torch==1.12.1+cu113")):
        family, cause, fix = first("holdout25b", log)
        assert family == "binary-mismatch"
        assert cause.startswith(f"pip found no wheel of the {requirement.split('+')[1]} build {requirement} for this "
                                "Python and platform: its wheels are on PyTorch's own index")
        assert f"--index-url https://download.pytorch.org/whl/{requirement.split('+')[1]}" in fix


def test_pip_s_two_requirements_on_one_package_that_cannot_both_hold() -> None:
    assert first("holdout25a", "ComfyUI_FaceAnalysis-38.log")[:2] == (
        "version-guard", "the requirements ask for diffusers==0.24.0 and diffusers>=0.28.0: no release meets both, so "
        "pip's resolver stops")
    # two requirements some release meets together: the lines below the headline say the rest
    found, _ = explain_log("ERROR: Cannot install diffusers>=0.24.0 and diffusers<0.30 because these package versions "
                           "have conflicting dependencies.\n")
    assert found == []
