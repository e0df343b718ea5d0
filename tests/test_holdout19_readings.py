"""Readings holdout19's misses and false claims (tests/data/real/holdout19*.toml, measured blind in session 14 on
69fc287, training data since) showed the engine lacked: each held to its real log's answer."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.failure import Failure
from pytest_autoglm_compat.knowledge.generic import reason
from real_answers import answers


def test_torchvision_without_a_cuda_kernel_is_a_cpu_only_torchvision_beside_a_cuda_torch() -> None:
    for log in ("leffa-40.log", "dzfacedetailer-21.log", "comfyuiimpactpack-915.log"):
        (family, cause, fix), *_ = answers("holdout19b", log)
        assert family == "torch-not-cuda"
        assert cause.startswith("the installed torchvision has no CUDA kernel for torchvision::nms, while torch holds "
                                "the tensors on a CUDA device: this torchvision is a CPU-only build")
        assert fix.startswith("install torch and torchvision together from the index of the installed torch's CUDA")
    # another backend, or another library's namespace: not this
    assert reason(Failure(("NotImplementedError",), "Could not run 'torchvision::nms' with arguments from the 'CPU' "
                                                    "backend.")) is None


def test_torch_s_split_cuda_libraries_missing_is_an_extension_built_against_another_torch() -> None:
    (family, cause, fix), *_ = answers("holdout19b", "flashattention-236.log")
    assert family == "extension-abi"
    assert cause.startswith("libtorch_cuda_cu.so is one of the two libraries torch's CUDA 11 builds split "
                            "libtorch_cuda into")
    assert fix.startswith("rebuild the extension against the installed torch (pip install --no-cache-dir")


def test_a_wrapped_gcc_line_and_uv_s_wrapped_frames_are_still_read() -> None:
    (family, cause, _), *_ = answers("holdout19b", "hankai-darknet-129.log")
    assert (family, cause) == ("extension-build", "the host compiler is newer than this CUDA toolkit accepts (gcc later "
                               "than 12)")
    (family, cause, _), *_ = answers("holdout19b", "pytorchscatter-265.log")
    assert family == "extension-build"
    assert cause.startswith("the package's build imports torch (its setup.py), but pip builds it in an isolated "
                            "environment")


def test_a_transformers_tokenizer_asked_for_a_property_its_base_gained_is_an_older_transformers() -> None:
    (family, cause, fix), *_ = answers("holdout19a", "llamacpp-3783.log")
    assert family == "api-mismatch"
    assert cause.startswith("the code in convert-mpt-hf-to-gguf asks a GPTNeoXTokenizerFast object for "
                            "added_tokens_decoder, a method of transformers' classes")
    assert "transformers 4.34.0 added it" in cause
    assert fix.startswith('install transformers>=4.34.0')


def test_transformers_lazy_loader_asking_for_its_own_missing_submodule_names_the_release_that_added_it() -> None:
    (family, cause, fix), *_ = answers("holdout19a", "unsloth-1185.log")
    assert family == "api-mismatch"
    assert cause == ("the code above transformers' lazy import asks for the module "
                     "transformers.models.falcon_mamba.configuration_falcon_mamba, which the installed transformers "
                     "does not have: transformers 4.45.0 added it (the releases before it lack it), so that code was "
                     "written for a newer transformers")
    assert fix.endswith("reinstall it with --no-cache-dir and restart the Python process")
