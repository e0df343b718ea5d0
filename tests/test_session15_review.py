"""The second reader's findings on session 15's readings, each held: an input that claimed falsely or pinned wrong
now gets no answer, or the answer that fits."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.failure import LOG_LINE, Failure
from pytest_autoglm_compat.knowledge.generic import reason
from pytest_autoglm_compat.knowledge.generic.situation import situation_of
from pytest_autoglm_compat.knowledge.loader_errors import explain_load_error
from pytest_autoglm_compat.knowledge.logs import explain_log


def _families(text: str) -> tuple[list[str], list[str]]:
    found, reading = explain_log(text)
    return [item.hint.family for item in found], [item.hint.family for item in reading.aside]


def test_a_short_function_name_is_not_told_from_the_keyword_index() -> None:
    # torch.load's weights_only (torch's functions are not in the index): not pytorch-lightning's Fabric.load
    assert reason(Failure(("builtins.TypeError",), "load() got an unexpected keyword argument 'weights_only'")) is None


def test_a_removed_method_asked_of_another_line_s_class_says_nothing() -> None:
    assert reason(Failure(("builtins.AttributeError",),
                          "'FigureManagerBase' object has no attribute 'tostring_rgb'")) is None


def test_upgrade_your_cuda_or_python_is_no_pip_package_and_pytorch_is_torch() -> None:
    for words in ("you should upgrade your CUDA installation", "you must upgrade your Python installation"):
        assert reason(Failure((LOG_LINE,), words)) is None, words
    hint = reason(Failure((LOG_LINE,), "Please upgrade your pytorch installation"))
    assert hint is not None
    assert hint.fix.startswith("pip install --upgrade torch")


def test_a_tokenizer_s_get_vocab_called_by_a_script_is_the_script_s() -> None:
    failure = Failure(("builtins.AttributeError",), "'MyTokenizer' object has no attribute 'sp_model'",
                      frames=("run:<module>", "my_tokenizer:get_vocab"))
    assert reason(failure) is None
    from_init = Failure(("builtins.AttributeError",), "'MyTokenizer' object has no attribute 'sp_model'",
                        frames=("transformers.tokenization_utils:__init__", "my_tokenizer:get_vocab"))
    hint = reason(from_init)
    assert hint is not None
    assert hint.family == "api-mismatch"


def test_hub_arguments_only_of_the_functions_that_had_them_and_pyopenssl_s_one_symbol() -> None:
    assert _families("TypeError: snapshot_download() got an unexpected keyword argument 'force_filename'\n")[0] == []
    assert _families("TypeError: create_repo() got an unexpected keyword argument 'resume_download'\n")[0] == []
    # NOTIFY_POLICY's bounds are another cryptography release's (unverified): not the known failure's answer
    found, _ = explain_log("AttributeError: module 'lib' has no attribute 'X509_V_FLAG_NOTIFY_POLICY'\n")
    assert all("cryptography 37.0.0" not in item.hint.cause for item in found)


def test_an_old_arch_is_not_sent_to_a_newer_torch() -> None:
    hint = reason(Failure(("builtins.ValueError",), "Unknown CUDA arch (3.0) or GPU not supported"))
    assert hint is not None
    assert "older than the archs it still builds" in hint.cause
    assert hint.fix.startswith("build with an older torch that still lists 3.0")


def test_pip_s_list_naming_a_release_that_meets_the_requirement_claims_nothing() -> None:
    for text in ("Could not find a version that satisfies the requirement torch>=2.0 (from versions: 1.13.0, 2.0.0)",
                 "Could not find a version that satisfies the requirement foo>=1.0 (from versions: 0.9, 1.1b2)",
                 "Could not find a version that satisfies the requirement foo==1.1b2 (from versions: 0.9, 1.1b2)"):
        assert _families(f"ERROR: {text}\n") == ([], []), text


def test_bundled_libraries_and_an_editable_build_of_another_package() -> None:
    hint = explain_load_error("libsndfile.so.1: cannot open shared object file: No such file or directory")
    assert hint is not None
    assert hint.family == "missing-library"  # soundfile's wheel ships it: not only the OS's (told aside: not why)
    text = ("Building editable for myproj (pyproject.toml): finished\nERROR: Failed building wheel for flash-attn\n")
    assert situation_of(text).editable == frozenset({"myproj"})
    assert _families(text)[0] == ["extension-build"]
    assert _families("ERROR: Failed building editable for myproj\n")[0] == []


def test_a_call_of_the_frame_s_own_method_is_its_own_class_s_not_the_keyword_index_s() -> None:
    # Python before 3.10 names no class: a test's own class calling its own method (CI's oldest Python showed it)
    from pytest_autoglm_compat.knowledge.generic.nameless import nameless_keyword

    message = "_extract_past_from_model_output() got an unexpected keyword argument 'standardize_cache_format'"
    own = Failure(("builtins.TypeError",), message,
                  source="return self._extract_past_from_model_output(outputs, standardize_cache_format=False)")
    assert nameless_keyword(own, lambda dist: None) is None
    assert nameless_keyword(Failure(("builtins.TypeError",), message), lambda dist: None) is not None
