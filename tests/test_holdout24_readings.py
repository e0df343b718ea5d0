"""Readings holdout24's misses showed the engine lacked (tests/data/real/holdout24*.toml, measured blind in session 16
on d74805c, training data since), and the second reader's cases against session 16's first readings: each held to
its real log's answer, or to no claim where the reader made one up that must not be answered."""

from __future__ import annotations

import re
from pathlib import Path

from pytest_autoglm_compat.knowledge.failure import Failure
from pytest_autoglm_compat.knowledge.generic import reason
from pytest_autoglm_compat.knowledge.logs import explain_log
from pytest_autoglm_compat.knowledge.relevance import required_literals
from pytest_autoglm_compat.knowledge.signatures import load_known_failures
from real_answers import first


def _claims(text: str) -> list[str]:
    found, _ = explain_log(text)
    return [item.hint.family or "" for item in found]


def test_jax_s_floor_written_with_its_operator() -> None:
    assert first("holdout24a", "jax-15285.log")[:2] == (
        "version-guard", "jax requires jaxlib>=0.4.6; found jaxlib 0.3.25: the installed jaxlib is older than it needs")


def test_a_file_format_s_version_is_not_a_package_s() -> None:
    for line in ("RuntimeError: The index is version 2, but this version of faiss requires version 3.",
                 "RuntimeError: Database is version 12, but this version of mlflow requires version 14",
                 "RuntimeError: Plugin tensorrt is version 8.6.1, but this version of torch_tensorrt requires version "
                 "10.0"):
        assert _claims(line) == [], line


def test_poetry_s_python_range_and_pip_s_two_pins_of_one_package() -> None:
    family, cause, fix = first("holdout24a", "poetry-3645.log")
    assert family == "version-guard"
    assert cause.startswith("the project's Python range (>=3.6,<4.0) admits Pythons ipfshttpclient does not support: "
                            "ipfshttpclient requires Python >=3.5.4,!=3.6.0,!=3.6.1,!=3.7.0,!=3.7.1")
    assert fix.startswith("narrow the project's python requirement in pyproject.toml")
    assert first("holdout24a", "Telco-RAG-1.log")[:2] == (
        "version-guard", "the requirements ask for GitPython==3.1.37 and GitPython==3.1.43: no release meets both, so "
        "pip's resolver stops")
    # two packages' pins: the lines below it say who asks for what (holdout3: the conflict's own lines come first)
    assert first("holdout3", "mvdreamthreestudio-29.log")[1] == "torchvision 0.15.1+cu118 requires torch==2.0.0"


def test_paddle_s_driver_words_and_the_nvcc_a_cuda_path_names() -> None:
    family, cause, _ = first("holdout24b", "PaddleX-1211.log")
    assert (family, cause) == ("cuda-driver-too-old", "the NVIDIA driver is older than the CUDA runtime PaddlePaddle "
                               "was built with")
    family, cause, fix = first("holdout24b", "DB-215.log")
    assert family == "extension-build"
    assert cause.startswith("building the extension runs nvcc at C:/Program Files/NVIDIA GPU Computing Toolkit/")
    assert fix.startswith("install the CUDA toolkit of torch's CUDA major, or set CUDA_HOME (CUDA_PATH on Windows)")


def test_windows_dlls_torch_loads_and_the_loader_s_own_texts() -> None:
    family, cause, _ = first("holdout24b", "qDiffusion-74.log")
    assert (family, cause.split(":")[0]) == ("extension-dll-load", "Windows could not load torch's own shm.dll or a "
                                             "DLL it depends on")
    assert first("survey17b", "ComfyUI-Zluda-5.log")[1].startswith("Windows could not load torch's own "
                                                                   "caffe2_nvrtc.dll")
    assert _claims("WARNING: DLL load failed: the user cancelled the plugin load in foobar2000") == []
    found, _ = explain_log("ImportError: DLL load failed: %1 is not a valid Win32 application.")
    assert found[0].hint.cause.startswith("Windows could not load a compiled module or a DLL it links because it is "
                                          "built for another CPU architecture than this Python")
    found, _ = explain_log("ImportError: DLL load failed with error code 3221225501 while importing cv2")
    assert found[0].hint.cause.startswith("Windows could not load the compiled extension cv2")


def test_another_library_s_symbol_in_a_warning_is_not_torch_s() -> None:
    assert _claims("/usr/lib/python3/dist-packages/pygame/__init__.py:5: RuntimeWarning: /usr/lib/x86_64-linux-gnu/"
                   "libSDL2_mixer.so: undefined symbol: SDL_RWsize") == []


def test_a_class_named_like_a_package_s_asks_a_private_method_from_no_script_of_its_own() -> None:
    script = ('Traceback (most recent call last):\n  File "/home/u/proj/train.py", line 9, in <module>\n'
              "    emb.{name}\nAttributeError: 'YarnRotaryEmbedding' object has no attribute '{name}'\n")
    assert _claims(script.format(name="cos_cached")) == []  # a public name is anyone's
    assert _claims(script.format(name="_flash_attention_forward")) == []  # the script's own class
    # a vision tower is a kind of transformers' classes of its own, not the text model its name has the words of
    assert reason(Failure.from_name("TypeError", "Qwen2VisionModel.forward() got an unexpected keyword argument "
                                    "'cache_position'")) is None


def test_numpy_s_own_reason_shown_leaves_the_module_s_import_error_unanswered() -> None:
    log = ("RuntimeError: module compiled against API version 0x10 but this version of numpy is 0xe\n"
           "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n    import cv2\n"
           "ImportError: numpy.core.multiarray failed to import\n")
    found, _ = explain_log(log)
    assert [item.hint.family for item in found] == ["extension-abi"]


def test_uv_s_headline_and_its_hint_read_as_one() -> None:
    family, cause, _ = first("holdout24b", "ragflow-5048.log")
    assert family == "binary-mismatch"
    assert cause.startswith("this Python is an x86_64 build on macOS (macosx_14_0_x86_64)")


def test_a_group_with_flags_of_its_own_gives_the_filter_no_literal(tmp_path: Path) -> None:
    assert required_literals(re.compile(r"(?i:cuda error: out of memory)")) == ()
    team = tmp_path / "ours.toml"  # the second reader's team file: its scoped flag must still match
    team.write_text("[[failure]]\nid = \"ours-oom\"\nfamily = \"ours-oom\"\ntypes = [\"builtins.RuntimeError\"]\n"
                    "pattern = '(?i:cuda error: out of memory)'\ncause = \"our GPUs are small\"\nfix = \"use fewer\"\n"
                    "source = \"our wiki\"\n")
    found, _ = explain_log("RuntimeError: CUDA error: out of memory", known=load_known_failures([team]))
    assert [item.hint.family for item in found] == ["ours-oom"]
