"""Readings session 30 added, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest

from real_answers import REAL, answered, first


def test_conda_refusing_a_pin_written_with_two_equals_signs_for_the_environments_python() -> None:
    # neural-networks-and-deep-learning#1: "- scikit-learn==0.24 -> python[version=...]" as the user wrote the pin
    assert first("holdout74a", "neural-networks-and-deep-learning-1.log") == (
        "version-guard",
        "conda has scikit-learn 0.24 only for Python >=3.6,<3.7.0a0 or >=3.9,<3.10.0a0 or >=3.8,<3.9.0a0 or "
        ">=3.7,<3.8.0a0, and the environment's Python is 3.10",
        "create the environment with Python 3.9 (the newest it has builds for) or another it lists (conda create -n "
        "ENV python=...), or ask for a release of scikit-learn built for Python 3.10")


_WIN32 = ("Windows refused a file as a binary for this process (a DLL, a .pyd, a library loaded with ctypes, or a "
          "program started): a 32-bit file in a 64-bit Python (or the reverse), a file built for another system (a "
          "Linux .so shipped with the code), or no binary at all")


@pytest.mark.parametrize(("group", "log"), [("holdout68b", "CharacTER-4.log"), ("holdout74b", "OpenKE-67.log"),
                                            ("holdout74b", "pylink-63.log")])
def test_windows_error_193_in_any_language_is_a_binary_for_another_process(group: str, log: str) -> None:
    family, cause, fix = first(group, log)
    assert (family, cause) == ("binary-mismatch", _WIN32)
    assert fix.startswith("use the build of the library for this Windows and this Python's bitness")


def test_windows_error_193_needs_its_number() -> None:
    # another Windows error of loading (126, a DLL not found) is not this answer
    assert _WIN32 not in answered("OSError: [WinError 126] The specified module could not be found\n")


@pytest.mark.parametrize("log", ["numba-cuda-69.log", "monodle-23.log", "pytorch-softdtw-cuda-28.log"])
def test_numba_without_the_toolkits_nvvm(log: str) -> None:
    family, cause, fix = first("holdout74b", log)
    assert family == "extension-cuda-lib"
    assert cause == ("Numba's CUDA JIT compiles through the CUDA toolkit's NVVM library (libnvvm.so, nvvm.dll), and "
                     "found none: no CUDA toolkit (its NVVM) is installed where Numba looks (the driver alone has none), "
                     "or not in the folder it looked in (a path it names that is gone)")
    assert "conda install -c conda-forge cuda-nvcc cuda-nvrtc" in fix


def test_xla_comparing_the_driver_with_its_ptx_compiler_in_both_wordings() -> None:
    assert first("holdout74b", "tensorflow-feedstock-417.log")[:2] == (
        "cuda-driver-too-old",
        "the NVIDIA driver supports CUDA 12.4, older than the CUDA 12.5 ptxas XLA compiles with (the nvidia-cuda-nvcc "
        "wheel of JAX's CUDA extra, or the CUDA toolkit TensorFlow's build found): XLA disables parallel compilation, "
        "and code the driver cannot load may fail")
    # the driver's version lost where the paste wrapped the line: the comparison is still XLA's
    family, cause, fix = first("holdout74b", "localcolabfold-126.log")
    assert (family, cause.partition(" than ")[0]) == ("cuda-driver-too-old", "the NVIDIA driver supports an older CUDA")
    assert fix.endswith("install the ptxas (nvidia-cuda-nvcc-cu11) release of the CUDA the driver supports (nvidia-smi "
                        "shows it)")
    # the words alone, without XLA's "Because the driver is older than": not read
    assert answered("note: this CUDA is older than the PTX compiler version 12.5 we ship\n") == []


def test_a_librarys_own_check_of_the_cpus_features_and_bashs_sigill() -> None:
    assert first("holdout74b", "barbet-11.log") == (
        "binary-mismatch",
        "the installed build uses CPU features this CPU does not have (avx2, fma, bmi1, bmi2, movbe), as the library's "
        "own check of the CPU reports: an older CPU, or an x86-64 Python emulated on an ARM Mac (Rosetta)",
        "install the library's build for older CPUs (Polars: pip install \"polars[rtcompat]\", or polars-lts-cpu for "
        "releases before it), or run a native Python on a CPU that has them")
    assert answered("/bin/bash: line 1: 1758339 Illegal instruction     (core dumped) barbet --input x\n") == [
        "a compiled library uses CPU instructions this CPU does not have (a build for AVX2/AVX-512 running on an older "
        "or emulated CPU)"]
    # a line that only mentions the words is no shell's report
    assert answered("grep found 'Illegal instruction' in the notes\n") == []


def test_a_repositorys_own_package_missing_a_module_is_no_release() -> None:
    # Transformer-DOA-Prediction#1: model.base_transformer was never uploaded; the frames' paths hold the folder model
    assert answered((REAL / "holdout74a" / "Transformer-DOA-Prediction-1.log").read_text()) == []
    # a checkout's src layout places its frames first (quantuminspire#84: .../src/quantuminspire/qiskit/backend_qx.py
    # asks for qiskit.validation.base, a folder named qiskit in its own tree): still qiskit's release
    assert first("holdout71a", "quantuminspire-84.log")[1].startswith(
        "quantuminspire (quantuminspire.qiskit.backend_qx) asks for the module qiskit.validation.base")


def test_protobuf_5s_message_factory_words_printed_before_another_failure_are_passed_over() -> None:
    # nixpkgs#409971: TensorFlow's import printed it and went on; a CPU-only torch raised below
    assert all("GetPrototype" not in cause for cause in answered(
        (REAL / "holdout36b" / "nixpkgs-409971.log").read_text()))


def test_an_old_pythons_bare_import_error_under_ipythons_arrow_without_its_number() -> None:
    # scanpy#660: "--> from scipy.misc import factorial" over "cannot import name 'factorial'"; the atlas reads SciPy
    # from 0.14.0 now (misc.factorial: 1.3.0 removed it)
    assert first("holdout74a", "scanpy-660.log")[:2] == (
        "api-mismatch",
        "the code that imports it asks for the name factorial from scipy.misc, which the installed scipy does not "
        "have: scipy 1.3.0 removed it (1.2.3 is the last release with it), so that code was written for an older "
        "scipy")
    # Docker's build steps ("---> Running in ...") are no source line
    assert answered("---> Running in 5f3a\ncannot import name 'factorial'\n") == []


@pytest.mark.parametrize(("log", "module"), [("ELF-15.log", "minirts"), ("lpo-26.log", "lpo")])
def test_an_extension_without_the_init_function_this_python_looks_for(log: str, module: str) -> None:
    family, cause, _ = first("holdout75b", log)
    assert (family, cause) == ("binary-mismatch", f"the compiled module {module} was built for another Python than the "
                               "one importing it (its init function is not the one this Python looks for: a build for "
                               "Python 2, or with another Python's headers), or its own source names its init function "
                               "otherwise")


def test_jaxlibs_own_check_of_avx() -> None:
    assert first("holdout75b", "jax-31723.log")[:2] == (
        "binary-mismatch", "the installed jaxlib is a build that uses AVX instructions, and this CPU (or the emulator "
        "or virtual machine it runs in) does not have them")


@pytest.mark.parametrize("log", ["suite2p-708.log", "llvmlite-1303.log"])
def test_llvmlites_library_not_loaded_on_windows(log: str) -> None:
    assert first("holdout75b", log)[0] == "extension-dll-load"


def test_paddles_words_with_a_full_width_parenthesis() -> None:
    assert first("holdout75b", "PaddleDetection-3766.log")[1].startswith(
        "a compiled library was built for cuDNN 7 (it loads cudnn64_7.dll), and Windows finds no cudnn64_7.dll on PATH")


REVIEW = REAL.parent / "review30" / "inputs"


@pytest.mark.parametrize("name", [
    # the second reader's look-alikes: a class name of one word is anyone's (a repository's own Model, a script's own
    # Dataset, Config, Image, Runner), torch's Tensor read as TensorFlow's, attributes moved into a base class
    "SememePSO-Attack-7", "synthetic-own-Dataset-map", "synthetic-own-Config-keys", "synthetic-own-Image-resize",
    "synthetic-own-Runner-train", "synthetic-torch-Tensor-device", "matplotlib-10855", "pyrollbar-59",
    # XLA's notice of an old driver before the GPU ran out of memory
    "synthetic-ptx-warning-then-oom"])
def test_the_second_readers_false_claims_are_no_longer_made(name: str) -> None:
    assert answered((REVIEW / f"{name}.log").read_text(encoding="utf-8")) == []


def test_the_second_readers_misses_and_unfit_fixes() -> None:
    # bash pads a small PID (a container's); Polars' newer words name polars[rtcompat]; a clone of a known package
    assert answered((REVIEW / "synthetic-bash-sigill-container-pid.log").read_text())[0].startswith(
        "a compiled library uses CPU instructions this CPU does not have")
    fixes = [item[2] for item in _answers("ComfyUI-Windows-Portable-100")]
    assert 'pip install "polars[rtcompat]"' in fixes[0]
    assert answered((REVIEW / "synthetic-checkout-folder-named-like-package.log").read_text())[0].startswith(
        "the code that imports it asks for the module diffusers.models.unet_2d_condition")
    # a CPU without even SSE4 gets no advice of a build that needs it
    assert "polars-lts-cpu" not in _answers("polars-17746")[0][2]
    # conda's builds for 3.5 and 3.6 only: not "3.5 or newer"
    assert "Python 3.5 (the oldest it has builds for) or another it lists" in _answers("fnm-28")[0][2]


def _answers(name: str) -> list[tuple[str, str, str]]:
    from pytest_autoglm_compat.knowledge.logs import explain_log

    found, _ = explain_log((REVIEW / f"{name}.log").read_text(encoding="utf-8"))
    return [(item.hint.family or "", item.hint.cause, item.hint.fix) for item in found]
