"""Readings session 19 added, each held to a real log's answer (holdout30's misses, training data since session 18)."""

from __future__ import annotations

import pytest

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import first


@pytest.mark.parametrize(("log", "found", "need", "url"), [
    ("renpy-build-16.log", "2.7", "3.6", "https://bootstrap.pypa.io/2.7/get-pip.py"),
    ("get-pip-214.log", "3.7", "3.8", "https://bootstrap.pypa.io/pip/3.7/get-pip.py"),
    ("Localizable.strings2Excel-29.log", "2.7", "3.6", "https://bootstrap.pypa.io/2.7/get-pip.py"),
    ("ros2_pepper-28.log", "2.7", "3.6", "https://bootstrap.pypa.io/pip/2.7/get-pip.py"),
])
def test_get_pip_refusing_the_python_that_runs_it_is_a_version_guard(log: str, found: str, need: str,
                                                                      url: str) -> None:
    family, cause, fix = first("holdout30a", log)
    assert family == "version-guard"
    assert cause == (f"get-pip.py (pip's installer) does not run on Python {found}: the current one needs Python "
                     f"{need} or newer (its own check)")
    assert fix == (f"run the get-pip.py made for Python {found}, {url} (the message names it), or install pip with "
                   f"Python {need} or newer")


def test_get_pip_s_words_cut_before_the_address_still_name_where_to_look() -> None:
    found, _ = explain_log("ERROR: This script does not work on Python 3.6 The minimum supported Python version is "
                           "3.7.\n")
    assert [item.hint.fix for item in found] == [
        "run the get-pip.py made for Python 3.6, the get-pip.py for that Python under https://bootstrap.pypa.io/pip/ "
        "(the message names it), or install pip with Python 3.7 or newer"]


@pytest.mark.parametrize(("log", "cause", "fix"), [
    ("onnxsim-289.log",
     "the model is stamped with opset 16 of ai.onnx, and the installed ONNX Runtime supports that domain up to opset 15 "
     "(its own check): the model was exported for a newer ONNX Runtime",
     "pip install -U onnxruntime (a release that supports opset 16 of ai.onnx: ONNX Runtime's compatibility table), "
     "or export the model with opset 15 or lower"),
    ("onnxruntime-11898.log",
     "the model is stamped with opset 3 of ai.onnx.ml, and the installed ONNX Runtime supports that domain up to opset "
     "2 (its own check): the model was exported for a newer ONNX Runtime",
     "pip install -U onnxruntime (a release that supports opset 3 of ai.onnx.ml: ONNX Runtime's compatibility table), "
     "or export the model with opset 2 or lower"),
    ("onnxruntime-4200.log",
     "the model is stamped with opset 3 of ai.onnx, below opset 7, the oldest the installed ONNX Runtime supports (its "
     "own check): the model was exported for an older runtime",
     "convert the model to opset 7 or newer (onnx.version_converter.convert_version), or take a newer export of it"),
])
def test_onnx_runtime_s_opset_check_is_a_version_guard(log: str, cause: str, fix: str) -> None:
    assert first("holdout30a", log) == ("version-guard", cause, fix)
