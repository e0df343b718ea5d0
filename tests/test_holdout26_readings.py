"""Readings holdout26's false claims and misses showed the engine lacked (tests/data/real/holdout26*.toml, measured
blind in session 17 on 04c9355, training data since): each held to its real log's answer, or to no claim."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import answers, first


@pytest.mark.parametrize("log", ["payload_dumper-39.log", "mlir-emitc-299.log", "connx-75.log"])
def test_protobuf_s_refusal_of_old_generated_code_is_its_version_guard(log: str) -> None:
    family, cause, _ = first("holdout26a", log)
    assert family == "version-guard"
    assert cause.startswith("a package's generated protobuf code (_pb2.py) was made by a protoc older than 3.19.0, "
                            "and the installed protobuf")


def test_the_protoc_version_is_read_without_the_sentence_s_full_stop() -> None:
    assert "older than 3.19.0, and" in first("holdout19a", "diffusiongen-8.log")[1]


@pytest.mark.parametrize("log", ["flash-attention-559.log", "flash-attention-773.log"])
def test_a_build_whose_download_the_network_cut_is_no_build_failure(log: str) -> None:
    assert answers("holdout26b", log) == []


def test_a_compiled_extension_missing_with_no_frame_is_one_not_built() -> None:
    family, cause, fix = first("holdout26b", "Semi-UIR-30.log")
    assert family == "extension-build"
    assert cause == ("the installed mmcv has no mmcv._ext, its compiled extension (as the name says): mmcv was "
                     "installed without it (a build that skipped or failed to compile it, a build without its compiled "
                     "ops) or for another Python, not a release that lacks a module")
    assert fix.startswith("install the build of mmcv made for this Python, torch and CUDA")
    # from the checkout's own frames it is the checkout shadowing the package: no claim, as before
    assert answers("holdout21b", "mmcv-73.log") == []
    # a pure submodule a release lacks is still a release's
    found, _ = explain_log("ModuleNotFoundError: No module named 'mmcv.runner'\n")
    assert not found or found[0].hint.family == "api-mismatch"


def test_jax_s_guard_broken_over_two_lines_is_read_as_one_sentence() -> None:
    family, cause, _ = first("holdout26a", "jax-756.log")
    assert family == "version-guard"
    assert cause == "jax requires jaxlib>=0.9.1; found jaxlib 0.9.0: the installed jaxlib is older than it needs"
    # a log's own next record is not taken for the sentence's end
    found, _ = explain_log("RuntimeError: something went wrong while loading the checkpoint\n"
                           "note: This error originates from a subprocess.\n")
    assert all("note:" not in item.failure.message for item in found)


@pytest.mark.parametrize(("log", "model", "spec", "found"), [
    ("med7-4.log", "en_core_med7_lg (0.0.2)", "v2.2", "2.3.0"),
    ("spaCy-5983.log", "en_training (0.0.0)", "v2.1", "2.3.2"),
    ("pyresparser-34.log", "en_training (0.0.0)", "v2.1", "2.3.0"),
    ("spacy-universal-sentence-encoder-11.log", "xx_use_lg (0.3.2)", "v2.1,<2", "2.3.2"),
])
def test_spacy_s_check_of_a_model_built_for_another_spacy(log: str, model: str, spec: str, found: str) -> None:
    family, cause, fix = first("holdout26a", log)
    assert family == "version-guard"
    assert cause == (f"the model {model} was built for spaCy {spec}, and the installed spaCy is {found}: spaCy's own "
                     "check of the model's declared spaCy version")
    assert fix.startswith(f"install the spaCy release the model was built for (spaCy {spec}), or the model's release "
                          f"built for spaCy {found} (python -m spacy download ")


def test_windows_loader_words_quoted_in_a_package_s_warning() -> None:
    family, cause, _ = first("holdout26b", "onnxruntime-251.log")
    assert family == "extension-dll-load"
    assert cause.startswith("Windows could not load a compiled module of onnxruntime or a DLL it links")
    # a warning that merely says "DLL load failed", without Windows' own words after it, is not the loader's
    found, _ = explain_log("UserWarning: plugin scan: DLL load failed for 2 of 40 plugins, see the log\n")
    assert not any(item.hint.family == "extension-dll-load" for item in found)


def test_a_windows_loader_error_code_in_any_language() -> None:
    family, cause, _ = first("holdout26b", "onnxruntime-28812.log")
    assert family == "extension-dll-load"
    assert cause == ("Windows could not load a DLL: a DLL's initialization routine failed (ERROR_DLL_INIT_FAILED): "
                     "most often a DLL built for another machine or runtime, or two copies of a runtime (OpenMP, the "
                     "C++ runtime) loaded together")
    # another Windows error code says nothing of a DLL
    found, _ = explain_log("OSError: [WinError 5] Access is denied: 'C:\\\\tmp\\\\x'\n")
    assert not any(item.hint.family == "extension-dll-load" for item in found)


REVIEW = Path(__file__).parent / "data" / "review17"


def _review(name: str) -> list[tuple[str, str]]:
    found, _ = explain_log((REVIEW / name).read_text(encoding="utf-8"))
    return [(item.hint.family, item.hint.cause) for item in found]


@pytest.mark.parametrize("log", ["u3.log", "u5.log"])
def test_a_name_asked_of_a_module_file_or_a_module_named_as_its_package_is_no_compiled_extension(log: str) -> None:
    assert not any("compiled extension" in cause for _, cause in _review(log))


def test_an_attribute_error_on_a_line_that_loads_is_the_code_s_not_a_pickled_file_s() -> None:
    assert _review("q2.log")[0][1].startswith("the code that imports it asks for numpy.float, which the installed numpy "
                                              "does not have: numpy 1.24.0 removed it")


def test_pip_s_conflict_record_after_a_short_message_is_not_joined_to_it() -> None:
    assert _review("b3.log")[0][1].startswith("a compiled module could not import NumPy's C API")


def test_a_module_a_release_ships_compiled_is_no_later_release_s_addition() -> None:
    # numpy.core._multiarray_umath: compiled from 1.16.0, a Python shim from 2.0.0; not "2.0.0 added it"
    assert not any("2.0.0" in cause for _, cause in _review("c7.log"))


def test_a_pickled_module_of_no_package_names_no_package() -> None:
    assert _review("p1.log") == []  # torch.load of a YOLOv5 checkpoint: models.yolo is the user's code


def test_pandas_read_pickle_is_an_unpickler() -> None:
    family, cause = _review("p5.log")[0]
    assert family == "api-mismatch"
    assert cause.startswith("the pickled file being loaded names the module pandas.core.indexes.numeric")
    assert "so the file was written by an older pandas than the one reading it" in cause


@pytest.mark.parametrize("log", ["w1.log", "w9.log"])
def test_a_windows_error_code_of_a_program_started_is_no_package_s_dll(log: str) -> None:
    assert _review(log) == []


def test_another_tool_s_network_error_in_the_log_does_not_hide_a_build_failure() -> None:
    assert _review("n1.log")[0][0] == "extension-build"
