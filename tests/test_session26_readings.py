"""Readings session 26 added, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import REAL, answered, first


def test_a_statements_line_with_the_exception_run_onto_it_is_read_as_two_lines() -> None:
    # VideoX-Fun#4 quotes the import statement and the error as one line
    assert first("holdout45a", "VideoX-Fun-4.log") == (
        "api-mismatch",
        "the code that imports it asks for the name CogVideoXDDIMScheduler from diffusers, which the installed "
        "diffusers does not have: diffusers 0.30.0 added it (the releases before it lack it), so that code was written "
        "for a newer diffusers",
        'install diffusers>=0.30.0 (pip install "diffusers>=0.30.0"), or a release of the importing package that '
        "follows this diffusers")


def test_a_class_asked_for_a_method_a_release_removed_from_it() -> None:
    # petals#608 (an issue's title: the source line and the error on one line); FalconModel is vLLM's name too,
    # but only transformers' class ever had _prepare_attn_mask
    assert first("holdout38a", "petals-608.log") == (
        "api-mismatch",
        "the code asks transformers' class FalconModel itself for _prepare_attn_mask, which the installed transformers "
        "does not have: transformers 4.35.0 removed it (4.34.1 is the last release with it), so the code was written "
        "for an older transformers",
        'install transformers<4.35.0 (pip install "transformers<4.35.0"), or code that follows this transformers')


@pytest.mark.parametrize("log", [
    # a builtin class itself (holdout50a's distractor pytorch#1126 reads object.__getattr__)
    "AttributeError: type object 'list' has no attribute 'from_legacy_cache'\n",
    # a class no package of the atlas defines
    "AttributeError: type object 'MyFancyModel' has no attribute '_prepare_attn_mask'\n",
    # pip's own words with an exception's type inside a sentence: not a statement's line
    "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n",
    # a sentence that names an exception is no statement
    "We tried again and ImportError: cannot import name 'HybridCache' from 'transformers'\n",
])
def test_look_alikes_of_the_class_and_statement_readings_get_no_claim(log: str) -> None:
    assert answered(log) == []


@pytest.mark.parametrize(("shown", "claimed"), [("4.33.0", False), ("4.40.0", True)])
def test_a_class_asked_for_a_removed_method_is_held_to_the_version_the_log_shows(shown: str, claimed: bool) -> None:
    # 4.33.0 still had FalconModel._prepare_attn_mask: the log's own version rules the removal out
    log = f"transformers=={shown}\nAttributeError: type object 'FalconModel' has no attribute '_prepare_attn_mask'\n"
    assert bool(answered(log)) is claimed


def test_code_written_for_the_tuple_cache_indexing_a_cache_object() -> None:
    # alphalora#4: a repository's patched Mistral modeling file reads past_key_values[0][0]
    family, cause, fix = first("holdout65a", "alphalora-4.log")
    assert (family, cause) == (
        "api-mismatch",
        "the code that indexes it reads past_key_values as the tuple of per-layer (key, "
        "value) tuples transformers passed before 4.36.0, and the installed transformers passes a Cache object "
        "(transformers.cache_utils, from 4.36.0) that does not hold layer 0 yet: the code was written for an older "
        "transformers")
    assert fix.startswith("install the transformers release that code was written for")


_CACHE_FRAMES = (
    'Traceback (most recent call last):\n  File "{path}", line 60, in forward\n    kv_seq_len += past_key_value[0].shape[-2]\n'
    '  File "/env/lib/python3.11/site-packages/transformers/cache_utils.py", line 78, in __getitem__\n'
    '    raise KeyError(f"Cache only has {{len(self)}} layers, attempted to access layer with index {{layer_idx}}")\n'
    "KeyError: 'Cache only has {layers} layers, attempted to access layer with index {index}'\n")


@pytest.mark.parametrize(("path", "layers", "index", "expected"), [
    ("/env/lib/python3.11/site-packages/auto_gptq/nn_modules/fused_llama_attn.py", 0, 0,
     "auto-gptq's code (auto_gptq.nn_modules.fused_llama_attn)"),
    ("/root/.cache/huggingface/modules/transformers_modules/chatglm2-6b/modeling_chatglm.py", 0, 0,
     "the model repository's code"),
    # transformers' own modeling code indexing its own cache: one release's bug
    ("/env/lib/python3.11/site-packages/transformers/models/llama/modeling_llama.py", 0, 0, None),
    # a filled cache indexed past its end: a layer count's slip, not the tuples (the second reader's layer skipping)
    ("/env/lib/python3.11/site-packages/auto_gptq/nn_modules/fused_llama_attn.py", 16, 16, None),
])
def test_the_cache_reading_names_who_indexed_it(path: str, layers: int, index: int, expected: str | None) -> None:
    told = answered(_CACHE_FRAMES.format(path=path, layers=layers, index=index))
    assert (told[0].split(" reads ")[0] if told else None) == expected


def test_an_import_error_of_a_packages_own_source_tree_is_read_as_a_release() -> None:
    # vllm-ascend#1600: CI's checkout of vLLM, its path the module's own; the atlas reads 0.9.0 and 0.9.2 only
    assert first("holdout65a", "vllm-ascend-1600.log") == (
        "api-mismatch",
        "the code that imports it asks for the name MoEConfig from vllm.model_executor.layers.fused_moe.layer, which "
        "the installed vllm does not have: vllm 0.9.0 added it and 0.9.2 lacks it (a release between them removed it), "
        "so that code was written for another vllm",
        'install vllm==0.9.0 (pip install "vllm==0.9.0"), or a release of the importing package that follows this vllm')


@pytest.mark.parametrize("path", [
    "/home/u/proj/vllm.py",  # a user's file named like the package
    "/home/u/proj/utils/layers.py",  # a folder of the user's own, not a package of the atlas
    "/home/u/proj/vllm/__init__.py",  # a one-part module: any folder named like the package
])
def test_a_file_that_shadows_a_package_is_still_no_release(path: str) -> None:
    module = {"/home/u/proj/utils/layers.py": "utils.layers"}.get(path, "vllm")
    assert answered(f"ImportError: cannot import name 'SamplerOutput' from '{module}' ({path})\n") == []


def test_an_import_error_broken_before_its_module_is_read_whole() -> None:
    assert first("holdout65a", "vllm-omni-3663.log")[1].startswith(
        "the code that imports it asks for the name split_routed_experts from "
        "vllm.model_executor.layers.fused_moe.routed_experts_capturer, which the installed vllm does not have: vllm "
        "0.21.0 added it and 0.22.0 removed it")


@pytest.mark.parametrize(("group", "log", "cause"), [
    ("holdout65b", "pytorch-80637.log",  # torch 1.12's words: "but linked against"
     "torch was built against cuDNN 8.3.2 and the cuDNN library loaded is 8.0.3, older than that: another cuDNN than "
     "the one torch was built for is loaded (a folder on LD_LIBRARY_PATH, a system or conda cuDNN, or an nvidia-cudnn "
     "wheel another package's pin moved)"),
    ("holdout65b", "kohya_ss-1096.log",  # kohya_ss's logger: "17:22:50-122539 ERROR    Could not load torch: ..."
     "torch was built against cuDNN 8.7.0 and the cuDNN library loaded is 8.2.4, older than that: another cuDNN than "
     "the one torch was built for is loaded (a folder on LD_LIBRARY_PATH, a system or conda cuDNN, or an nvidia-cudnn "
     "wheel another package's pin moved)"),
])
def test_torchs_cudnn_check_names_both_versions(group: str, log: str, cause: str) -> None:
    family, told, fix = first(group, log)
    assert (family, told) == ("extension-cuda-lib", cause)
    assert "remove the other cuDNN's folder from LD_LIBRARY_PATH" in fix


def test_a_cudnn_of_another_major_is_named_so() -> None:
    assert answered("RuntimeError: cuDNN version incompatibility: PyTorch was compiled  against (9, 1, 0) but found "
                    "runtime version (8, 9, 7).\n")[0].startswith(
        "torch was built against cuDNN 9.1.0 and the cuDNN library loaded is 8.9.7, of another major version (cuDNN 8, "
        "where torch needs 9)")


@pytest.mark.parametrize(("group", "log"), [("holdout65b", "pytorch-47658.log"), ("holdout40b", "cupy-1651.log")])
def test_nvrtc_refusing_the_gpus_architecture(group: str, log: str) -> None:
    family, cause, _ = first(group, log)
    assert family == "binary-mismatch"
    assert cause.startswith("NVRTC, the runtime compiler of the CUDA the code runs with, does not know this GPU's "
                            "architecture: the GPU is newer than that CUDA release")


def test_ninjas_shell_finding_no_nvcc_where_cuda_home_points() -> None:
    # exllama#293: CUDA_HOME=/usr, nvcc in /usr/local/cuda/bin
    assert first("holdout66b", "exllama-293.log")[:2] == (
        "extension-build", "building the extension runs nvcc at /usr/bin/nvcc, and there is none there: the CUDA "
        "toolkit that path (CUDA_HOME, CUDA_PATH) points to is not installed")


@pytest.mark.parametrize("log", [
    # torch.compile's backend asserting CUDA on an Apple GPU (pytorch#96976, fixed by pytorch#96980)
    "BackendCompilerFailed: debug_wrapper raised AssertionError: Torch not compiled with CUDA enabled\n",
    # a line that names Apple's device: CUDA code run on MPS
    "AssertionError: Torch not compiled with CUDA enabled (device='mps' requested cuda)\n",
])
def test_torch_not_compiled_with_cuda_where_the_line_says_why_is_no_cpu_build(log: str) -> None:
    assert answered(log) == []


def test_torch_not_compiled_with_cuda_alone_is_still_a_cpu_build() -> None:
    assert answered("AssertionError: Torch not compiled with CUDA enabled\n") == [
        "this torch is a CPU-only build (a +cpu wheel, or the default PyPI wheel on Windows), so every CUDA call fails"]


REVIEW = REAL.parent / "review26" / "inputs"


@pytest.mark.parametrize("name", [
    "srctree-user-folder-crafted",  # /home/u/proj/accelerate/utils.py: accelerate.utils is a folder in every release
    "srctree-user-pkg-named-utils-crafted",
    "srctree-vendored-transformers-crafted",  # a copied transformers/ whose shown 4.46.1 has the name
    "cache-layerskip-index-crafted",  # 16 layers, index 16
    "nvrtc-value-sm-nvrtcprefix-crafted",  # nvcc's build flags, not NVRTC and the GPU: no NVRTC answer
])
def test_the_second_readers_look_alikes_get_no_claim_of_this_sessions_readings(name: str) -> None:
    causes = answered((REVIEW / f"{name}.log").read_text(encoding="utf-8"))
    assert not [c for c in causes if c.startswith(("NVRTC", "the code that imports it", "the code that indexes it"))]


def test_a_packages_tuple_cache_code_is_fixed_by_its_newer_release_first() -> None:
    found, _ = explain_log((REVIEW / "cache-unsloth-crafted.log").read_text(encoding="utf-8"))
    assert found[0].hint.fix.startswith("install a release of unsloth written for transformers' Cache classes (a newer "
                                        "unsloth), or the transformers release that code was written for")


@pytest.mark.parametrize(("name", "arch"), [("nvcc-sm20-jetson-range-libc-9", "sm_20"), ("nvcc-sm30-waifu2x-67", "sm_30")])
def test_an_arch_newer_toolkits_dropped_is_no_call_for_a_newer_toolkit(name: str, arch: str) -> None:
    found, _ = explain_log((REVIEW / f"{name}.log").read_text(encoding="utf-8"))
    assert found[0].hint.cause.startswith(f"the CUDA toolkit's nvcc no longer builds {arch}")
    assert found[0].hint.fix.startswith("drop that arch from the build's list")
