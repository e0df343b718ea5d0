"""Readings session 39 added or narrowed, each held to a real log's answer and the look-alikes they must leave alone
(docs/reliability.md, session 39)."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import REAL, answered, answers, first


def _aside(text: str) -> list[tuple[str, str]]:
    """(family, cause) of what explain tells apart from its causes (no mismatch claimed)."""
    _, reading = explain_log(text)
    return [(item.hint.family or "", item.hint.cause) for item in reading.aside]


def test_sphinx_s_words_around_an_extension_s_exception_are_read_as_that_exception() -> None:
    # holdout124a: conda-docs#553, a local extension importing sphinx.util.compat under Sphinx 1.7.0
    family, cause, _ = first("holdout124a", "conda-docs-553.log")
    assert family == "api-mismatch"
    assert cause.startswith("the code that imports it asks for the module sphinx.util.compat, which sphinx 1.7.0 does "
                            "not have")
    # the handler's words, the exception read whole: the type Python would have raised
    assert answered("Handler <function f at 0x1> for event 'builder-inited' threw an exception (exception: "
                    "No module named 'sphinx.util.compat')")[0].startswith(
        "the code that imports it asks for the module sphinx.util.compat")
    # the extension itself not installed is no release's lack: nothing claimed
    assert answered("Extension error:\nCould not import extension myst_parser (exception: No module named "
                    "'myst_parser')") == []


def test_a_submodule_a_release_s_own_package_stopped_importing_is_that_release_s() -> None:
    # holdout124a: pint#2143 (nbsphinx reading sphinx.util.console, which Sphinx 8.2.0's sphinx.util no longer imports)
    family, cause, fix = first("holdout124a", "pint-2143.log")
    assert family == "api-mismatch"
    assert cause == ("the code that imports it asks for sphinx.util.console, which the installed sphinx does not have: "
                     "sphinx 1.3 to 8.1.3 had it, 8.2.0 dropped it and 8.2.3 has it again (the releases before 1.3 "
                     "lack it too), so that code was written for another sphinx")
    assert fix == ('install sphinx>=8.2.3 (pip install "sphinx>=8.2.3"), or a release of the importing package that '
                   "follows this sphinx; or import the submodule where the code reads it (import sphinx.util.console)")
    # one a release added to its package's imports (cupy 14's cupy.cuda.cufft) is as often an import not made: nothing
    assert answered("Traceback (most recent call last):\n  File \"/home/u/proj/check_env.py\", line 5, in <module>\n"
                    "    print(cp.cuda.cufft.getVersion())\nAttributeError: module 'cupy.cuda' has no attribute "
                    "'cufft'\n") == []


def test_tensorrt_s_own_checks_of_an_engine_and_of_the_gpu() -> None:
    assert first("holdout124b", "TensorRT-564.log")[:2] == (
        "binary-mismatch", "the TensorRT engine file was built on a GPU of compute capability 7.5, and this GPU is 6.1: "
        "an engine holds kernels chosen for the GPU that built it")
    assert first("holdout124b", "tensorrtx-533.log")[:2] == (
        "version-guard", "the TensorRT engine file was serialized by another TensorRT release (its format's version "
        "tag 89) than the one that loads it (tag 96): an engine is tied to the TensorRT release (and the GPU) that "
        "built it")
    family, cause, fix = first("holdout124b", "tensorrtx-1610.log")
    assert family == "no-kernel-image"
    assert cause == ("the installed TensorRT release has no kernels for this GPU (SM 89, compute 8.9): TensorRT "
                     "supports the GPU architectures of its own time (a GPU newer than the release, or one a later "
                     "release dropped)")
    assert first("holdout124b", "D-FINE-seg-20.log")[1].startswith(
        "the installed TensorRT release has no kernels for this GPU (SM 60, compute 6.0)")
    assert first("holdout124b", "tensorrtx-819.log")[1].startswith(
        "the installed TensorRT release has no kernels for this GPU's architecture")
    # "Unsupported SM" of no TensorRT line, and an engine of the same GPU, claim nothing
    assert answered("RuntimeError: Unsupported SM.") == []
    assert answered("The engine plan file is generated on an incompatible device, expecting compute 8.6 got compute "
                    "8.6, please rebuild.") == []


def test_onnxruntime_going_on_without_its_tensorrt_provider_is_told_not_claimed() -> None:
    for log in ("rembg-284.log", "TRELLIS-for-windows-3.log", "deface-53.log"):
        assert answers("holdout124b", log) == [], log
        text = (REAL / "holdout124b" / log).read_text(encoding="utf-8")
        assert [family for family, _ in _aside(text)] == ["provider-fallback"], log
    # where the session fails without it, the library is the cause (obs-backgroundremoval#504)
    assert first("holdout124b", "obs-backgroundremoval-504.log")[0] == "extension-cuda-lib"
    # the CUDA provider falling back (to the CPU) is still the failure it was (holdout123b: sd-webui-reactor#388)
    assert first("holdout123b", "sd-webui-reactor-388.log")[0] == "extension-dll-load"


def test_onnxruntime_s_provider_library_on_windows_and_cudnn_s_loader() -> None:
    family, cause, _ = first("holdout124b", "onnxruntime-5351.log")
    assert family == "extension-dll-load"
    assert cause.startswith("onnxruntime could not load an execution provider's library on Windows (error 126, not "
                            "found)")
    # cuDNN's own line alone is told apart: the same line was a path with brackets (holdout11b's sdwebuiforge#2798)
    line = "Could not locate cudnn_ops_infer64_8.dll. Please make sure it is in your library path!\n"
    assert answered(line) == []
    assert _aside(line)[0][0] == "missing-library"


def test_build_backends_and_resolvers_refusing_the_python() -> None:
    assert first("holdout124a", "scipy-19571.log")[:2] == (
        "version-guard", "the build backend's check of the package's requires-python refuses this Python: the source "
        "being built requires Python >=3.9, and this Python is 3.8.10")
    family, cause, fix = first("holdout124a", "pdm-1136.log")
    assert family == "version-guard"
    assert cause.startswith("PDM's resolver refuses the project's requires-python (>=3.10)")
    assert fix.startswith("narrow requires-python in pyproject.toml")


def test_jupyterlab_s_table_of_conflicting_dependencies_and_mmcv_s_wrapped_words() -> None:
    for log in ("jupyterlab-fonts-15.log", "theme-nord-extension-1.log"):
        assert first("holdout124a", log)[1].startswith("JupyterLab's own check refuses an extension: its table of "
                                                       "conflicting dependencies"), log
    assert first("holdout124b", "mmrotate-395.log")[1].startswith("mmcv has no CUDA implementation of its nms op")
    # a device whose name only begins like CUDA's is not read as one
    assert answered("RuntimeError: nms_impl: implementation for device c") == []
