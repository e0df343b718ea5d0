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
    told = first("survey16b", "tensorflow-windows-wheel-185.log")  # TensorFlow's logger: "Could not load dynamic library"
    assert told is not None
    assert told[1].startswith("a compiled library was built for CUDA 10.1 (it loads cudart64_101")


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
