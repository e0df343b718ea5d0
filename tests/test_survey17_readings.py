"""Readings the survey17 groups (tests/data/real/survey17*.toml, training data) showed the engine lacked: each held to
its real log's answer."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import REAL, first


def test_transformers_refusing_keras_3_asks_for_tf_keras() -> None:
    for log in ("agent-zero-410.log", "transforemotion-16.log"):
        family, cause, fix = first("survey17a", log)
        assert family == "version-guard"
        assert cause == ("the installed Keras is Keras 3 (the Keras TensorFlow 2.16 and newer installs), and "
                         "transformers' TensorFlow code supports Keras 2 only: importing a TF model class fails")
        assert fix.startswith("pip install tf-keras")


def test_protobuf_4_21_s_cannot_not_wording_is_read_as_old_generated_code() -> None:
    family, cause, fix = first("survey17a", "sfa3d-82.log")
    assert family == "version-guard"  # protobuf's own check of the protoc (session 17)
    assert cause.startswith("a package's generated protobuf code (_pb2.py) was made by a protoc older than 3.19.0")
    assert fix.startswith("pip install 'protobuf<=3.20.3'")


def test_nvcc_refusing_a_newer_visual_studio_names_the_toolkit_and_the_toolset() -> None:
    family, cause, fix = first("survey17b", "vision-8492.log")
    assert family == "extension-build"
    assert cause.startswith("CUDA 12.1's nvcc refuses the Visual Studio (MSVC) compiler it found")
    assert "-allow-unsupported-compiler" in fix
    assert "v14.39" in fix


def test_invalid_device_function_in_torch_s_thc_is_no_kernel_image_and_in_an_extension_a_rebuild() -> None:
    assert first("survey17b", "pytorch-1557.log")[0] == "no-kernel-image"
    family, cause, fix = first("survey17b", "PyTorchEMD-11.log")
    assert family == "extension-build"
    assert cause.startswith("the extension's own CUDA kernels have no code this GPU can run")
    assert fix.startswith("rebuild the extension here against the installed torch")


def test_comfyui_s_typeless_import_lines_are_read_as_the_errors_they_are() -> None:
    family, cause, _ = first("survey17c", "comfyui-j-15.log")  # "Cannot import ... module for custom nodes: ..."
    assert (family, cause) == ("api-mismatch", "the code that imports it asks for the module diffusers.models.unets, "
                               "which the installed diffusers does not have: diffusers 0.26.0 added it (the releases "
                               "before it lack it), so that code was written for a newer diffusers")
    family, cause, _ = first("survey17c", "mixlab-nodes-339.log")  # after "!!! Exception during processing !!!"
    assert family == "api-mismatch"
    assert cause.startswith("the code that imports it asks for PIL.Image.ANTIALIAS, which the installed pillow does "
                            "not have: pillow 10.0.0 removed it")


def test_a_typeless_line_of_a_package_outside_the_atlas_is_no_failure() -> None:
    """holdout14b's facealignment#170: pip's build of torch's sdist prints "No module named 'tools.nnwrap'"."""
    found, _ = explain_log((REAL / "holdout14b" / "facealignment-170.log").read_text(encoding="utf-8"))
    assert [item.hint.family for item in found] == ["binary-mismatch"]


def test_a_compiled_module_missing_from_a_folder_that_is_no_package_was_not_built() -> None:
    family, cause, _ = first("survey17c", "comfyui-reactor-459.log")
    assert family == "extension-build"
    assert cause.startswith("insightface.thirdparty.face3d.mesh.cython holds no mesh_core_cython this Python can load")


def test_mmcv_s_own_missing_function_and_nccl_s_net_plugin_are_no_claims() -> None:
    for log in ("mmcv-1556.log", "nccl-162.log"):
        found, _ = explain_log((REAL / "survey17b" / log).read_text(encoding="utf-8"))
        assert found == [], log


def test_a_setup_py_refusing_the_python_is_its_guard_and_the_vague_build_answer_goes() -> None:
    """holdout17a's LocalAIVtuber#35 (after its blind measurement): numba's/llvmlite's setup.py words."""
    found, _ = explain_log((REAL / "holdout17a" / "localaivtuber-35.log").read_text(encoding="utf-8"))
    assert [item.hint.family for item in found] == ["version-guard"]
    assert found[0].hint.cause == ("the package's setup.py refuses Python 3.12.0: it supports Python >=3.8,<3.12 only "
                                   "(this release has no support for a newer Python yet)")


def test_a_method_of_the_caller_s_own_object_and_a_project_s_own_header_are_no_claims() -> None:
    """holdout17a's wxmplot#28 (self.set_subtitles in wxmplot's build tree) and holdout17b's toaruos#200 (kuroko.c
    including kuroko/kuroko.h, a submodule the checkout lacked): distractors."""
    for group, log in (("holdout17a", "wxmplot-28.log"), ("holdout17b", "toaruos-200.log")):
        found, _ = explain_log((REAL / group / log).read_text(encoding="utf-8"))
        assert found == [], log


def test_torch_s_and_tensorflow_s_words_for_a_kernel_this_gpu_lacks_are_no_kernel_image() -> None:
    """holdout17b (after its blind measurement): pytorch#13207's "CUDA error: invalid device function" (a source
    build for sm_52 on a Pascal GPU) and tensorflow#41132's "device kernel image is inv[alid]", cut in the paste."""
    for log in ("pytorch-13207.log", "tensorflow-41132.log"):
        family, cause, _ = first("holdout17b", log)
        assert family == "no-kernel-image"
        assert cause.startswith("the compiled kernels carry no code for this GPU")
