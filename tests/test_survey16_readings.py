"""Readings the survey16 groups (tests/data/real/survey16*.toml, training data collected to find the field's common
failures) showed the engine lacked: each held to its real log's whole answer, or to no answer for a distractor."""

from __future__ import annotations

from pathlib import Path

from pytest_autoglm_compat.knowledge.logs import explain_log

REAL = Path(__file__).parent / "data" / "real"


def first(group: str, log: str) -> tuple[str, str, str, str] | None:
    found, _ = explain_log((REAL / group / log).read_text(encoding="utf-8"))
    if not found:
        return None
    hint = found[0].hint
    return hint.family or "", hint.cause, hint.fix, hint.source


def test_an_import_error_transformers_wraps_is_read_on_the_line_below_its_words() -> None:
    """lmdeploy#3063: no exception type at all, only transformers' "Failed to import ... because of the following
    error (look up to see its traceback):" lines and the import error's message below them."""
    family, cause, fix, _ = first("survey16c", "lmdeploy-3063.log") or ("", "", "", "")
    assert family == "api-mismatch"
    assert cause == ("the code that imports it asks for the name Replicate from torch.distributed.tensor, which the "
                     "installed torch does not have: torch 2.5.0 added it (the releases before it lack it), so that "
                     "code was written for a newer torch")
    assert fix.startswith('install torch>=2.5.0 (pip install "torch>=2.5.0")')


def test_an_attribute_error_transformers_wraps_is_read_as_the_attribute_error_it_is() -> None:
    family, cause, _, _ = first("survey16c", "vlmevalkit-605.log") or ("", "", "", "")
    assert (family, cause) == ("api-mismatch", "the code that imports it asks for torch.library.register_fake, which "
                               "the installed torch does not have: torch 2.4.0 added it (the releases before it lack "
                               "it), so that code was written for a newer torch")


def test_a_cuda_library_s_windows_dll_names_the_cuda_it_is_of() -> None:
    assert first("survey16b", "tensorflow-31018.log") == (
        "extension-cuda-lib",
        "a compiled library was built for CUDA 10.0 (it loads cudart64_100.dll), and Windows finds no "
        "cudart64_100.dll on PATH: the CUDA installed is another version, or its bin folder is not on PATH",
        "install CUDA 10.0 (the version the package was built for) with its bin folder on PATH, or the package's "
        "build for the CUDA this machine has", "the Windows loader's error: the DLL's name carries its version")
    # TensorFlow's logger with its own "Ignore above cudart dlerror if you do not have a GPU set up": a machine without
    # a GPU prints the same (session 18, holdout30b's distractor tensorflow#35872), so no claim
    assert first("survey16b", "tensorflow-windows-wheel-185.log") is None


def test_zsh_s_words_for_sigill_are_an_illegal_instruction() -> None:
    family, cause, _, _ = first("survey16b", "tensorflow-44701.log") or ("", "", "", "")
    assert (family, cause) == ("binary-mismatch", "a compiled library uses CPU instructions this CPU does not have (a "
                               "build for AVX2/AVX-512 running on an older or emulated CPU)")


def test_another_library_s_cuda_runtime_refusing_the_driver_names_that_library() -> None:
    assert first("survey16b", "fastphotostyle-68.log") == (
        "cuda-driver-too-old", "the NVIDIA driver is older than the CUDA runtime cupy was built with",
        "upgrade the NVIDIA driver (NVIDIA's table lists the driver each CUDA release needs), or install the cupy "
        "build for an older CUDA (CuPy: the cupy-cudaXXx wheel for the CUDA this driver supports)",
        "reasoned from the log: the CUDA runtime's own error, raised by the library's code")


def test_a_pin_to_a_minor_series_torch_never_had_is_no_platform_s_problem() -> None:
    """e2e-coref-pytorch#1 (a distractor): "torch==1.15.0", a README's typo for 1.5.0."""
    assert first("survey16a", "e2ecorefpytorch-1.log") is None


def test_bitsandbytes_own_print_of_the_library_it_loaded_is_no_failure() -> None:
    """text-generation-webui#1942 (a distractor): "bin .../libbitsandbytes_cpu.so" printed at import; the failure
    was a model asking for trust_remote_code."""
    assert first("survey16c", "textgen-1942.log") is None


def test_torchvision_s_operator_missing_is_a_build_for_another_torch_paired_where_the_log_shows_torch() -> None:
    assert first("survey16b", "sdnext-3531.log") == (
        "extension-abi",
        "torchvision's compiled operators (torchvision::nms) are not registered with this torch: the installed "
        "torchvision is a build for another torch release (or another CUDA build of it); the log shows torch "
        "2.4.0+cu121, torchvision 0.20.1+cu124",
        "install the torchvision release made for the installed torch (torchvision==0.19.* for torch 2.4.0) from the "
        "same index as torch, or reinstall torch and torchvision together in one pip command",
        "reasoned from the log: torch's registry lacks the operator the library's compiled part registers; "
        "pytorch.org's previous-versions pairs (torch 2.N with torchvision 0.(N+15))")
    told = first("holdout16b", "vision-1405.log")  # the older wording, "No such operator torchvision::nms"
    assert told is not None
    assert told[:2] == ("extension-abi", "torchvision's compiled operators (torchvision::nms) are not registered "
                        "with this torch: the installed torchvision is a build for another torch release (or another "
                        "CUDA build of it)")


def test_pydantic_s_own_words_for_a_name_v2_moved() -> None:
    assert first("survey16a", "tanahelper-2.log") == (
        "api-mismatch",
        "pydantic 2 moved BaseSettings to the pydantic-settings package, as its own message says: the code that "
        "imports it from pydantic was written for pydantic 1",
        "pip install pydantic-settings and import BaseSettings from pydantic_settings (a release of the code that "
        "did), or pip install \"pydantic<2\"",
        "reasoned from the log: pydantic's own import error (its v2 migration guide)")


def test_a_library_s_check_of_this_python_s_ssl_build() -> None:
    family, cause, fix, _ = first("holdout16a", "data-diff-580.log") or ("", "", "", "")
    assert (family, cause) == ("version-guard", "urllib3 2.0 only supports OpenSSL 1.1.1 or newer, and this Python's "
                               "ssl module is compiled with LibreSSL 2.8.3: the urllib3 release is newer than this "
                               "Python's build admits")
    assert fix == ('pip install "urllib3<2" (the last release line that admits it), or a Python built with OpenSSL '
                   "1.1.1 or newer")


def test_sphinx_s_needs_sphinx_and_a_program_s_tested_with_and_pandas_xlrd_words() -> None:
    assert (first("holdout16a", "datatable-1412.log") or ("",))[:3] == (
        "version-guard", "the project's configuration needs Sphinx 1.8 or newer (needs_sphinx), and an older Sphinx "
        "ran it", 'pip install "sphinx>=1.8" (in the build\'s requirements file, where a service builds it)')
    assert (first("holdout16a", "stable-diffusion-webui-9980.log") or ("",))[:2] == (
        "version-guard", "the program is made for torch 2.0.0, and another torch is installed, as its own startup "
        "check says")
    assert (first("holdout16a", "gds_env-60.log") or ("",))[:3] == (
        "version-guard", "xlrd 2.0.1 is installed, and in xlrd >= 2.0 only the xls format is supported: the code was "
        "written for xlrd before 2.0", 'install openpyxl instead (pip install openpyxl), or pip install "xlrd<2.0"')


def test_a_model_type_transformers_took_since_the_code_registered_its_own() -> None:
    assert (first("holdout16a", "llm-foundry-554.log") or ("",))[:2] == (
        "api-mismatch", "the code registers a config of its own as 'mpt', and the installed transformers already has "
        "a model type of that name: the code was written for a transformers release before it added 'mpt'")


def test_the_gpu_runtime_s_no_binary_and_the_loader_s_architecture_and_torchaudio_s_cuda_check() -> None:
    assert (first("holdout16b", "xsuite-684.log") or ("",))[0] == "no-kernel-image"  # CuPy's CUDA_ERROR_NO_BINARY_FOR_GPU
    assert (first("holdout16b", "rustgputools-79.log") or ("",))[0] == "no-kernel-image"  # Rust cust's NoBinaryForGpu
    assert (first("holdout16b", "classdumpctl-1.log") or ("", ""))[:2] == (
        "binary-mismatch", "a compiled library is built for arm64, and the program loading it (a Python, a tool) runs "
        "as x86_64h")
    assert (first("holdout16b", "autocut-106.log") or ("", ""))[:2] == (
        "binary-mismatch", "PyTorch and TorchAudio are builds for different CUDA versions (PyTorch: CUDA 11.8, "
        "TorchAudio: CUDA 11.7): their compiled parts do not load together")


def test_paddle_s_own_driver_error_names_paddle() -> None:
    assert (first("holdout16b", "paddle-30933.log") or ("", ""))[:2] == (
        "cuda-driver-too-old", "the NVIDIA driver is older than the CUDA runtime paddle was built with")


def test_cuda_asked_for_on_a_mac_is_told_as_a_mac_with_its_mps_fix() -> None:
    family, cause, fix, _ = first("holdout16b", "wan2gp-1680.log") or ("", "", "", "")
    assert (family, cause) == ("torch-not-cuda", "this is a Mac: torch for macOS is built without CUDA (no CUDA build "
                               "of torch exists for macOS), so the code's CUDA calls fail")
    assert fix.startswith("run the code on the Mac's GPU through torch's mps device, or on the CPU")


def test_llama_3_1_s_rope_scaling_under_a_transformers_before_rope_types() -> None:
    """chatterbox-voice#1 (survey16c): transformers' own check, its "with with" as printed; the atlas has
    transformers.modeling_rope_utils (with _compute_llama3_parameters) first in 4.43.0."""
    family, cause, fix, _ = first("survey16c", "chatterboxvoice-1.log") or ("", "", "", "")
    assert (family, fix) == ("api-mismatch", 'pip install "transformers>=4.43.0" (or the release the model card names)')
    assert cause == ("the checkpoint's config gives rope_scaling with rope_type 'llama3' (Llama 3.1's form), and the "
                     "installed transformers reads only the older {type, factor} form: transformers 4.43.0 added rope "
                     "types (modeling_rope_utils)")


def test_a_tokenizer_class_a_newer_transformers_added_and_a_repository_s_own_that_gets_no_answer() -> None:
    family, cause, fix, _ = first("survey16c", "secgpt-27.log") or ("", "", "", "")
    assert (family, fix) == ("api-mismatch", 'pip install "transformers>=4.37.0" (on a Python that release supports)')
    assert cause == ("the model's tokenizer is Qwen2Tokenizer, which the installed transformers does not have: "
                     "transformers 4.37.0 added it (transformers.models.qwen2.tokenization_qwen2)")
    assert first("survey16c", "qwen-1015.log") is None  # QWenTokenizer, the repository's own: an incomplete download


def test_xla_s_warning_of_a_driver_older_than_its_ptxas() -> None:
    family, cause, _, _ = first("holdout16b", "jax-19821.log") or ("", "", "", "")
    assert (family, cause) == ("cuda-driver-too-old", "the NVIDIA driver supports CUDA 12.2, older than the CUDA 12.3 "
                               "ptxas XLA compiles with (the nvidia-cuda-nvcc wheel of JAX's CUDA extra, or the CUDA "
                               "toolkit TensorFlow's build found): XLA disables parallel compilation, and code the "
                               "driver cannot load may fail")


def test_a_dataframe_method_pandas_removed_and_a_column_read_as_an_attribute() -> None:
    """CPM.py#3 (survey16a): DataFrame.append under pandas 2.0.1; the atlas shows 2.0.0 removed it. A column read as
    an attribute (a name no release's DataFrame had) gets no answer."""
    family, cause, fix, _ = first("survey16a", "cpmpython-3.log") or ("", "", "", "")
    assert (family, cause) == ("api-mismatch", "the code calls DataFrame.append, which pandas 2.0.1 does not have: "
                               "pandas 2.0.0 removed it (1.5.3 is the last release with it), so the code was written "
                               "for an older pandas")
    assert fix == ('install pandas<2.0.0 (pip install "pandas<2.0.0"), or change the code to what pandas 2.0.0 offers '
                   "instead")
    column = (REAL / "survey16a" / "cpmpython-3.log").read_text().replace("attribute 'append'", "attribute 'price'")
    assert explain_log(column)[0] == []


def test_the_older_wording_names_its_own_package_and_operator() -> None:
    """"No such operator torchaudio::x" is told as torchaudio's, as "operator torchaudio::x does not exist" is."""
    log = (REAL / "holdout16b" / "vision-1405.log").read_text().replace("torchvision::nms", "torchaudio::lfilter")
    told = explain_log(log)[0]
    assert told
    assert told[0].hint.cause.startswith("torchaudio's compiled operators (torchaudio::lfilter) are not registered")


# session 13: the survey16 misses taught after holdout16's measurement


def test_xla_s_cudnn_check_names_the_cudnn_built_for_and_the_one_loaded() -> None:
    family, cause, fix, _ = first("survey16b", "jax-6517.log") or ("", "", "", "")
    assert family == "binary-mismatch"
    assert cause == ("the installed jaxlib was built against cuDNN 8.1.0, and the cuDNN loaded at run time is 8.0.5: "
                     "the loaded cuDNN must have the same major version and an equal or higher minor one, so the "
                     "GPU's DNN library does not start")
    assert fix.startswith('install cuDNN 8.1.0 or a newer 8.x (pip install -U "nvidia-cudnn-cu12==8.*" for CUDA 12')


def test_onnxruntime_s_provider_bridge_in_java_is_read_as_the_loader_s_words() -> None:
    family, cause, _, _ = first("survey16b", "onnxruntime-12540.log") or ("", "", "", "")
    assert (family, cause) == ("extension-cuda-lib", "onnxruntime was built for CUDA 11 (it links libcublas.so.11), "
                               "and the loader finds no libcublas.so.11: this machine's CUDA libraries are of another "
                               "major, or not on the loader path")


def test_a_versioned_symbol_another_copy_lacks_is_two_builds_of_one_library() -> None:
    assert first("survey16b", "onnxruntime-8594.log") == (
        "extension-cuda-lib",
        "libcublas.so.11 was linked against another build of libcublasLt.so.11 than the one the loader found first "
        "(its symbol free_gemm_select is missing from that copy): two copies of libcublasLt.so.11 of different "
        "releases are on this machine (a conda environment's and a CUDA toolkit's, or a pip wheel's)",
        "find the copies (ldconfig -p | grep libcublasLt; find / -name 'libcublasLt.so*') and put the one from the "
        "same release as libcublas.so.11 first on LD_LIBRARY_PATH, or remove the stray copy",
        "the dynamic loader's error: a versioned symbol that the loaded copy does not define")


def test_uv_finding_no_macos_x86_64_torch_wheel_says_the_python_is_an_intel_build() -> None:
    for log, tag in (("vllm-metal-379.log", "macosx_26_0_x86_64"), ("transcribe-anything-77.log",
                                                                     "macosx_15_0_x86_64")):
        family, cause, fix, source = first("survey16b", log) or ("", "", "", "")
        assert family == "binary-mismatch"
        assert cause == (f"this Python is an x86_64 build on macOS ({tag}), and torch publishes no macOS x86_64 "
                         "wheels after 2.2 (on an Apple Silicon Mac, an x86_64 Python runs under Rosetta)")
        assert fix.startswith("use an arm64 Python")
        assert source.endswith("pytorch#114602 (macOS x86_64 wheels end with 2.2.2)")


def test_torch_2_4_0_s_fbgemm_dll_is_the_known_regression() -> None:
    family, cause, fix, _ = first("survey16b", "pytorch-131662.log") or ("", "", "", "")
    assert family == "binary-mismatch"
    assert "torch 2.4.0's Windows wheels need libomp140.x86_64.dll" in cause
    assert fix.startswith('pip install --force-reinstall "torch>=2.4.1"')


def test_nvrtc_s_missing_builtins_names_the_cuda_release_and_no_wheel_that_does_not_exist() -> None:
    family, cause, fix, _ = first("survey16b", "pytorch-58101.log") or ("", "", "", "")
    assert family == "extension-cuda-lib"
    assert cause.startswith("NVRTC (CUDA's run-time compiler) of CUDA 11.1 is loaded, and the loader finds no "
                            "libnvrtc-builtins.so.11.1")
    assert fix == ("install CUDA 11.1's NVRTC with its builtins (the CUDA toolkit of that release) and put its lib "
                   "directory on LD_LIBRARY_PATH (a conda environment's lib, the CUDA toolkit's lib64); torch 1.8's "
                   "+cu111 wheels ship it as libnvrtc-builtins.so only (pytorch#58101): upgrade torch")


def test_the_linker_without_libcuda_so_is_told_where_the_driver_s_library_is() -> None:
    family, cause, fix, _ = first("survey16b", "boltzgen-2.log") or ("", "", "", "")
    assert family == "extension-build"
    assert cause.startswith("the linker finds no libcuda.so: the NVIDIA driver installs libcuda.so.1")
    assert "TRITON_LIBCUDA_PATH" in fix


def test_a_dataclass_keyword_of_a_class_two_packages_define_is_the_one_whose_history_has_it() -> None:
    """llmcompressor subclasses transformers' TrainingArguments: only transformers' ever took evaluation_strategy."""
    family, cause, fix, _ = first("survey16a", "chineseerrorcorrector-31.log") or ("", "", "", "")
    assert family == "api-mismatch"
    assert cause.startswith("TrainingArguments.__init__() (transformers.training_args) is called with the keyword "
                            "evaluation_strategy, which it does not take in the installed transformers: transformers "
                            "3.2.0 added it and 4.51.0 removed it")
    assert fix.startswith('install transformers>=3.2.0,<4.51.0')


def test_jax_s_unfiltered_stack_trace_is_read_as_the_exception_it_wraps() -> None:
    family, cause, _, _ = first("survey16a", "gymnax-27.log") or ("", "", "", "")
    assert family == "api-mismatch"
    assert "jax.tree_multimap, which the installed jax does not have" in cause


def test_a_harness_logger_s_prefixes_are_stripped_before_pytest_s() -> None:
    family, cause, _, _ = first("survey16c", "transformers-35621.log") or ("", "", "", "")
    assert family == "api-mismatch"
    assert cause.startswith("LlamaRotaryEmbedding.__init__() (transformers.models.llama.modeling_llama) is called with "
                            "the keyword dim")


def test_deepspeed_0_15_refusing_the_float_prefetch_bucket_is_the_known_failure() -> None:
    for group, log in (("survey16c", "llamafactory-5252.log"), ("survey16c", "senna-14.log")):
        family, cause, fix, _ = first(group, log) or ("", "", "", "")
        assert family == "api-mismatch"
        assert cause.startswith("DeepSpeed 0.15 validates its ZeRO config with pydantic 2")
        assert fix.startswith('pip install -U "transformers>=4.45.0"')
