"""Readings session 25 mended, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest

from real_answers import REAL, answered, first
from real_answers import answers as answers_of

REVIEW = REAL.parent / "review25" / "inputs"


def test_pypi_read_beside_another_index_offered_its_wheels_too() -> None:
    # OmniGen2#11: "Looking in indexes: https://pypi.org/simple, https://pypi.ngc.nvidia.com" is --extra-index-url
    family, cause, _ = first("holdout51b", "omnigen2-11.log")
    assert (family, cause) == (
        "binary-mismatch", "pip found no wheel of triton for this Python and platform (from versions: none): triton "
        "publishes wheels for Linux only (and no source distribution), so on another platform pip finds none; on "
        "Linux, none for this Python")


@pytest.mark.parametrize("indexes", [
    "Looking in indexes: https://pypi.ngc.nvidia.com",  # PyPI replaced (--index-url)
    "Looking in indexes: https://pypi.tuna.tsinghua.edu.cn/simple",  # a mirror, which may lag or lack it
    "Looking in indexes: https://pypi.org/simple, https://pypi.ngc.nvidia.com\nLooking in indexes: "
    "https://download.pytorch.org/whl/cu121",  # a second run without PyPI
])
def test_an_index_in_place_of_pypi_says_nothing_of_pypis_wheels(indexes: str) -> None:
    log = (f"{indexes}\nERROR: Could not find a version that satisfies the requirement triton (from versions: none)\n"
           "ERROR: No matching distribution found for triton\n")
    assert answered(log) == []


@pytest.mark.parametrize("log", [
    # Wan2GP#1732's installer runs a chain of commands; the pin is its own, not a library's check
    '>>> Running (Shell): . "/root/Wan2GP/env_uv/bin/activate" && pip install "setuptools<=75.8.2" && git clone x\n',
    # venus#9: YOLOv5's AutoUpdate ran pip, which failed (pip not on PATH)
    "requirements:  Command 'pip install \"gitpython>=3.1.30\" \"setuptools>=65.5.1\"  ' returned non-zero exit status "
    "1.\n",
])
def test_a_pip_command_in_a_chain_or_a_failed_command_is_no_librarys_guard(log: str) -> None:
    assert answered(log) == []


def test_a_librarys_own_advice_after_its_check_is_still_its_guard() -> None:
    assert answered("ImportError: peft>=0.17.0 is required for a normal functioning of this module, but found "
                    "peft==0.10.0.\nTry: `pip install transformers -U` or `pip install -e '.[dev]'` if you're working "
                    "with git main\n")[0] == "the library's own version check requires peft>=0.17.0; found peft 0.10.0"


def test_a_console_script_named_like_the_package_is_no_module_that_shadows_it() -> None:
    # dots.ocr#267: "/dotsocr/dotsocr_env/bin/vllm" is pip's entry point, run as __main__; the plug-in asked vllm
    assert first("holdout62a", "dots.ocr-267.log") == (
        "api-mismatch",
        "the code that imports it asks for the module vllm.model_executor.layers.sampler, which the installed vllm does "
        "not have: vllm 0.11.0 removed it (0.10.2 is the last release with it), so that code was written for an older "
        "vllm",
        'install vllm<0.11.0 (pip install "vllm<0.11.0"), or a release of the importing package that follows this vllm')


def test_a_script_named_like_the_package_beside_the_code_still_shadows_it() -> None:
    log = ('Traceback (most recent call last):\n  File "/home/me/proj/vllm.py", line 3, in <module>\n'
           "    from vllm.sequence import SamplerOutput\n"
           "ModuleNotFoundError: No module named 'vllm.sequence'; 'vllm' is not a package\n")
    assert not any(cause.startswith("the code that imports it") for cause in answered(log))


def test_a_union_of_classes_on_a_python_before_3_10_is_the_codes_newer_python() -> None:
    assert first("holdout62a", "torchsnapshot-169.log") == (
        "api-mismatch",
        "torchsnapshot's code (torchsnapshot.io_preparers.sharded_tensor) writes a union of classes as X | Y, which "
        "Python 3.10 added (PEP 604), and Python 3.9 evaluates it and fails: torchsnapshot is written for Python 3.10 "
        "or newer",
        "run it with Python 3.10 or newer (a venv made with it), or the last release of torchsnapshot that supports "
        "this Python (a file's X | Y annotations work on older Pythons under from __future__ import annotations)")
    family, cause, _ = first("holdout62a", "HunyuanImage-3.0-9.log")
    assert (family, cause.partition(" writes")[0]) == (
        "api-mismatch", "the model repository's own code (loaded with trust_remote_code)")


_UNION_FRAME = ('  File "/env/lib/python{python}/site-packages/pkg/mod.py", line 9, in <module>\n'
                "    def f(x: int | None = None):\n")


@pytest.mark.parametrize("log", [
    # a union of dicts (3.9's dict |) or sets: values, not classes
    _UNION_FRAME.format(python="3.8") + "TypeError: unsupported operand type(s) for |: 'dict' and 'dict'\n",
    # a Python of 3.10 or later has | for classes: something else failed
    _UNION_FRAME.format(python="3.11") + "TypeError: unsupported operand type(s) for |: 'type' and 'NoneType'\n",
    # the user's own script's annotation
    '  File "/home/me/run.py", line 9, in <module>\n    def f(x: int | None = None):\n'
    "TypeError: unsupported operand type(s) for |: 'type' and 'NoneType'\n",
])
def test_a_union_of_values_a_newer_python_or_a_scripts_own_line_is_not_claimed(log: str) -> None:
    assert not any("X | Y" in cause for cause in answered("Traceback (most recent call last):\n" + log))


def test_transformers_requires_a_project_version_in_its_words() -> None:
    assert first("holdout62a", "ms-swift-2816.log")[:2] == (
        "version-guard", "the library's own version check requires accelerate>=1.1.0")


def test_pips_resolver_at_its_depth_limit_is_told_and_yields_to_a_conflict_it_names() -> None:
    family, cause, _ = first("holdout62a", "ms-swift-4080.log")
    assert (family, cause.partition(":")[0]) == (
        "version-guard", "pip's resolver gave up before it found releases that meet every requirement "
        "(resolution-too-deep)")
    assert first("holdout62a", "ms-swift-4349.log")[1] == (
        "latex2sympy2-extended 1.0.6 requires antlr4-python3-runtime==4.13.2; found antlr4-python3-runtime 4.7.2")


def test_pdbs_prompt_and_its_exception_line_are_read_as_the_program_printed_them() -> None:
    assert first("holdout63a", "modelscope-1122.log")[1].startswith(
        "the code that imports it asks for the module datasets.download, which the installed datasets does not have: "
        "datasets 2.3.0 added it")


def test_a_requirement_whose_marker_held_is_read_with_the_releases_pip_lists() -> None:
    assert first("holdout63a", "EasyR1-136.log")[:2] == (
        "version-guard", "no release the index offers this Python and platform meets xgrammar==0.1.11 (it offers "
        "0.1.14, 0.1.15, 0.1.16): the pin was written for another Python or platform")


def test_the_cuda_runtimes_words_for_a_call_that_needs_a_newer_driver() -> None:
    assert first("holdout63b", "lmdeploy-708.log")[:2] == (
        "cuda-driver-too-old", "the CUDA runtime the library runs calls an API the installed NVIDIA driver does not "
        "support (cudaErrorCallRequiresNewerDriver): the driver is older than the CUDA the library was built with")


def test_nvcc_ignoring_the_standard_is_a_host_compiler_too_old() -> None:
    family, cause, _ = first("holdout63b", "flash-attention-1346.log")
    assert (family, cause.partition(",")[0]) == (
        "extension-build", "nvcc says the host compiler (GCC 4.8.2) cannot compile c++17")


def test_windows_loader_naming_a_missing_entry_point_is_an_extension_built_for_another_torch() -> None:
    family, cause, fix = first("holdout63b", "xformers-1248.log")
    assert family == "extension-abi"
    assert cause.startswith("Windows could not load xformers' compiled module (")
    assert fix.startswith("install the xformers build made for the installed torch")


def test_a_librarys_gpu_floor_is_no_kernel_for_this_gpu_and_bfloat16s_is_not() -> None:
    assert first("holdout63b", "vllm-1284.log")[:2] == (
        "no-kernel-image", "the library's own check refuses this GPU: its kernels are built for compute capability "
        "7.0 and newer only")
    assert answered("ValueError: Bfloat16 is only supported on GPUs with compute capability of at least 8.0. Your "
                    "Tesla T4 GPU has compute capability 7.5.\n") == answered(
        "ValueError: Bfloat16 is only supported on GPUs with compute capability of at least 8.0.\n")
    assert not any("refuses this GPU" in cause for cause in answered(
        "WARNING: GPUs with compute capability below 7.0 are not supported by the fast path; using the slow one\n"))


def test_transformers_torch_load_guard_in_words_is_a_floor_on_torch() -> None:
    for log in ("GPT-SoVITS-2410.log", "LocalAI-5933.log", "MultiTalk-11.log"):
        assert first("holdout64a", log)[:2] == (
            "version-guard", "the tool's own version check requires torch>=2.6: the installed torch is older than it "
            "needs")


def test_a_logged_install_recipe_is_no_guard_and_an_exceptions_advice_still_is() -> None:
    # VibeVoice-ComfyUI#8: "install manually with: pip install transformers>=4.44.0 && pip install git+..." under the
    # import error that failed; the second reader's fancy_kernels raises its advice with a chain in it
    assert [family for family, _, _ in answers_of("holdout64a", "VibeVoice-ComfyUI-8.log")] == ["api-mismatch"]
    assert answered((REVIEW / "guard-chain-advice-01.log").read_text(encoding="utf-8"))[0] == (
        "fancy-kernels requires flash-attn>=2.6.3")


@pytest.mark.parametrize("log", [
    "nvcc-std-ccTag-01.log", "nvcc-std-dlib-msvc-01.log", "nvcc-std-matconvnet-01.log",  # MSVC: nvcc's usual warning
    "entry-kernel32-01.log", "entry-pywin32-usersite-01.log", "entry-cudnn-nvidia-01.log", "entry-torchlib-01.log",
    "nocompiled-vllm9419-01.log",  # vLLM 0.6.3's own bug (vllm#9487)
    "marker-chatglm-oldpip-01.log",  # pip 19.2.3 reads no manylinux2014 tag: its list is not the index's
])
def test_the_second_readers_look_alikes_get_no_claim(log: str) -> None:
    assert answered((REVIEW / log).read_text(encoding="utf-8")) == []
