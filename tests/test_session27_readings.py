"""Readings session 27 added, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import answered, first


def test_a_method_a_class_had_only_in_some_releases_is_told_with_both_ends() -> None:
    # fromzero#3: scikit-learn's OneHotEncoder had get_feature_names from 0.20.0 until 1.2.0 removed it
    assert first("holdout36a", "fromzero-3.log") == (
        "api-mismatch",
        "the code asks a OneHotEncoder (scikit-learn's class) for get_feature_names, which the installed scikit-learn "
        "does not have: scikit-learn 0.20.0 added it and 1.2.0 removed it (1.1.3 is the last release with it), so the "
        "code was written for another scikit-learn",
        'install scikit-learn>=0.20.0,<1.2.0 (pip install "scikit-learn>=0.20.0,<1.2.0"), or code that follows this '
        "scikit-learn")


@pytest.mark.parametrize(("shown", "claimed"), [("1.1.3", False), ("1.3.0", True), ("0.19.2", True)])
def test_a_method_of_some_releases_is_held_to_the_version_the_log_shows(shown: str, claimed: bool) -> None:
    log = (f"scikit-learn=={shown}\n"
           "AttributeError: 'OneHotEncoder' object has no attribute 'get_feature_names'\n")
    assert bool(answered(log)) is claimed


def test_cuptis_soname_names_the_toolkit_release_torch_was_built_for() -> None:
    # SimpleTuner#38: torch's _C links CUPTI of CUDA 11.7, whose soname carries the minor; NVIDIA's wheel of it
    family, cause, fix = first("holdout66b", "SimpleTuner-38.log")
    assert (family, cause) == (
        "extension-cuda-lib",
        "torch was built for CUDA 11.7 (it links libcupti.so.11.7), and the loader finds no libcupti.so.11.7: this "
        "machine's CUDA libraries are of another release, or not on the loader path")
    assert fix.startswith('install the CUDA 11.7 library: pip install "nvidia-cuda-cupti-cu11==11.7.*"')


def test_a_cupti_of_a_release_nvidia_made_no_wheel_of_gets_the_toolkit() -> None:
    # pytorch-cpu-feedstock#135: CUDA 11.2's libcupti.so.11.2; nvidia-cuda-cupti-cu11 has 11.7 and 11.8 only
    family, _, fix = first("holdout66b", "pytorch-cpu-feedstock-135.log")
    assert family == "extension-cuda-lib"
    assert fix.startswith("install the CUDA 11.2 toolkit (its lib directory on LD_LIBRARY_PATH)")
    assert "pip install" not in fix


def test_cuda_12s_cupti_is_named_by_its_major() -> None:
    found, _ = explain_log("ImportError: libcupti.so.12: cannot open shared object file: No such file or directory\n")
    [hint] = [item.hint for item in found]
    assert hint.family == "extension-cuda-lib"
    assert "(it links libcupti.so.12)" in hint.cause
    assert "pip install nvidia-cuda-cupti-cu12 " in hint.fix


def test_an_extension_missing_a_math_library_torch_also_links_is_told_that_librarys_wheel() -> None:
    # MagicQuill#116: bitsandbytes links libcusparse.so.11 beside a cu118 torch; the wheel is cuSPARSE's, not the
    # CUDA runtime's (the answer named nvidia-cuda-runtime-cu11 before)
    family, cause, fix = first("holdout57b", "MagicQuill-116.log")
    assert family == "extension-cuda-lib"
    assert "(torch's copy comes from the nvidia-cusparse-cu11 wheel or a system CUDA)" in cause
    assert fix == ("pip install nvidia-cusparse-cu11 (or the CUDA 11 toolkit), or add the directory that holds it to "
                   "LD_LIBRARY_PATH")


def test_poetrys_derivation_pasted_without_its_headline() -> None:
    # llm-compressor#1474: two askers' bounds on transformers apart; "and llmcompressor (0.5.0)" is the next asker,
    # not a second dependency of vllm's
    family, cause, _ = first("holdout66a", "llm-compressor-1474.log")
    assert (family, cause) == (
        "version-guard",
        "vllm (0.8.5.post1) requires transformers >=4.51.1, and llmcompressor (0.5.0) depends on transformers "
        ">4.0,<4.50: no transformers meets both as Poetry prints them, so its version solving failed")


@pytest.mark.parametrize("log", [
    # Poetry's words whose two bounds overlap: no conflict shown
    "Because a (1.0) depends on numpy (>=1.20) and b (2.0) depends on numpy (<2.0), a (1.0) is incompatible with "
    "b (2.0).\n",
    # a sentence that says "incompatible with" and "Because" without any solver's terms
    "Because the model is incompatible with this GPU, we stop.\n",
])
def test_look_alikes_of_poetrys_headless_derivation_get_no_claim(log: str) -> None:
    assert answered(log) == []
