"""Readings session 34 added, each held to a real log's answer and the look-alikes they must leave alone.

Most come from comparing the engine with a reader who judged the same logs from their text alone (docs/reliability.md,
"An expert's reading of the same logs"): wordings whose kind is plain to that reader and that the engine passed over.
"""

from __future__ import annotations

from pathlib import Path

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import REAL, answered, answers, first, reviewed

UNOWNED_KERNEL = ("compiled CUDA code this program ran has no kernel for this GPU's architecture: the GPU is older (or "
                  "newer) than the architectures that library's build carries; the log does not show whose build it is")


def test_cuda_words_for_a_missing_kernel_image_are_told_where_nothing_names_whose_binary() -> None:
    # NanoAvatar#2: the program's own exception type around CUDA's words, no frame, no package
    assert first("holdout86b", "NanoAvatar-2.log")[:2] == ("no-kernel-image", UNOWNED_KERNEL)
    assert first("holdout73b", "mxnet-12142.log")[:2] == ("no-kernel-image", UNOWNED_KERNEL)
    # the GPU runtime's own error, read before it, still says more (a CUDA build for ROCm's or the reverse)
    assert first("holdout16b", "xsuite-684.log")[1].startswith("the compiled kernels carry no code for this GPU")
    # a warning that quotes the words is no failure of a kernel
    assert answered("UserWarning: no kernel image is available for execution on the device\n") == []


def test_a_build_scripts_shell_without_nvcc_is_a_build_without_the_cuda_toolkit() -> None:
    family, cause, _ = first("holdout86b", "CCNet-56.log")
    assert (family, cause) == ("extension-build", "building the extension needs the CUDA toolkit (nvcc), and none was "
                                                  "found (CUDA_HOME unset, no nvcc on PATH)")
    # the shell's words for another command are not nvcc's
    assert answered("build.sh: 11: build.sh: cmake: not found\n") == []


def test_tensorflows_missing_cuda_runtime_beside_a_gpu_it_found_is_told() -> None:
    family, cause, _ = first("holdout86b", "tensorflow-33891.log")
    assert family == "extension-cuda-lib"
    assert cause.startswith("a compiled library was built for CUDA 10 (it links libcudart.so.10)")
    # the same warning where TensorFlow found no GPU is its notice to ignore (it runs on the CPU)
    assert answered("2019-11-01 02:23:07.641907: W tensorflow/stream_executor/platform/default/dso_loader.cc:55] Could "
                    "not load dynamic library 'libcudart.so.10.0'; dlerror: libcudart.so.10.0: cannot open shared "
                    "object file: No such file or directory\n") == []


def test_conda_3s_unsatisfiable_specifications_are_the_solvers_refusal() -> None:
    for group, log in (("holdout85a", "astropy-2759.log"), ("holdout85a", "photutils-275.log"),
                       ("holdout52a", "conda-124.log")):
        family, cause, _ = first(group, log)
        assert family == "version-guard", log
        assert cause.startswith("conda's solver found no environment that meets every specification asked"), log


def test_a_stdlib_name_asked_in_a_conda_environments_lib_folder_on_windows_is_the_standard_librarys() -> None:
    assert first("holdout87a", "braindecode-399.log")[:2] == (
        "api-mismatch", "skorch (skorch.helper) asks for collections.Sequence, which Python 3.10 and later do not have "
        "(removed in Python 3.10): this Python is newer than the code was written for")
    # a file of that name elsewhere in an environment's folder is the user's own module, not the library's
    assert answered("ImportError: cannot import name 'Sequence' from 'collections' "
                    "(C:\\Users\\me\\.conda\\envs\\work\\project\\collections\\__init__.py)\n") == []


def test_pythons_import_words_with_the_modules_file_are_read_after_a_loggers_prefix() -> None:
    # modelscope's lazy import logs the ImportError it caught: "easycv.hooks not imported: cannot import name ..."
    assert first("holdout87a", "EasyCV-329.log")[:2] == (
        "api-mismatch", "the code asks for collections.Sequence, which Python 3.10 and later do not have (removed in "
                        "Python 3.10): Python 3.10 is newer than the code was written for")
    # the words without the module's file are a sentence, not the import system's
    assert answered("WARNING - easycv.hooks not imported: cannot import name 'Sequence' from 'collections'\n") == []


def test_a_capitalised_illegal_instruction_is_the_kernels_sigill() -> None:
    family, cause, _ = first("holdout87b", "mistral.rs-1269.log")
    assert (family, cause) == ("binary-mismatch", "a compiled library uses CPU instructions this CPU does not have (a "
                                                  "build for AVX2/AVX-512 running on an older or emulated CPU)")
    assert answers("holdout87b", "mistral.rs-1269.log")[1:] == []


def test_a_torch_extension_imported_at_the_prompt_before_torch_is_told_apart_as_no_mismatch() -> None:
    # flownet2-pytorch#116, 3D-CODED#4: importing torch first fixed each; told, never claimed
    for log in ("flownet2-pytorch-116.log", "3D-CODED-4.log"):
        assert answers("holdout88b", log) == [], log
    _found, reading = explain_log((REAL / "holdout88b" / "3D-CODED-4.log").read_text(encoding="utf-8"))
    assert [(item.hint.family, item.hint.cause) for item in reading.aside] == [
        ("import-order", "chamfer is a torch extension, imported at the prompt before torch: the C++ symbol it lacks "
                         "is torch's own, which import torch loads into the process, and the log shows no import of "
                         "torch")]
    # torch imported at the prompt first: the symbol is one the installed torch lacks (another torch's build)
    causes = answered(">>> import torch\n>>> import chamfer\nTraceback (most recent call last):\n"
                      '  File "<stdin>", line 1, in <module>\nImportError: /x/chamfer.cpython-37m-x86_64-linux-gnu.so: '
                      "undefined symbol: _ZN2at19UndefinedTensorImpl10_singletonE\n")
    assert causes
    assert causes[0].startswith("ABI mismatch: the extension was compiled against a different torch")


def test_a_floor_no_listed_release_meets_is_another_pythons_where_pypis_own_files_were_read() -> None:
    family, cause, _ = first("holdout88a", "imbalanced-learn-944.log")
    assert (family, cause) == ("version-guard", "no release the index offers this Python and platform meets "
                                                "scikit-learn>=1.1.0: the newest it offers is 1.0.2, and scikit-learn "
                                                "has published releases that high (1.9.1: the API atlas reads it), so "
                                                "the newer releases are for another Python or platform (or the index "
                                                "is a mirror that lags)")
    # no index shown: a mirror that lags reads the same, told apart, not claimed; but XVERSE-13B#20's list stops
    # exactly where transformers' Requires-Python rises (4.18.0's >=3.6.0, 4.19.0's >=3.7.0): that reading's since
    # session 45 (its label gains version-guard as also)
    assert first("holdout21a", "xverse13b-20.log")[1].startswith("pip lists transformers's releases up to 4.18.0")


def test_pandas_xlrd_guard_wrapped_by_a_terminal_is_read() -> None:
    family, cause, fix = first("holdout88a", "covid-19-community-290.log")
    assert (family, cause) == ("version-guard", "xlrd 2.0.1 is installed, and in xlrd >= 2.0 only the xls format is "
                                                "supported: the code was written for xlrd before 2.0")
    assert fix == 'install openpyxl instead (pip install openpyxl), or pip install "xlrd<2.0"'


def test_a_packages_own_tombstone_in_favour_of_another_name_is_told_where_its_module_raises_it() -> None:
    assert first("holdout88a", "WhatTheHack-320.log")[:2] == (
        "api-mismatch", "the code asks for statsmodels.tsa.arima_model.ARMA, which the installed statsmodels has "
                        "removed in favour of statsmodels.tsa.arima.model.ARIMA, as its own message says: the code "
                        "was written for an older statsmodels")
    # the words raised by another package's code (a script quoting them) are not the package's own
    assert answered('Traceback (most recent call last):\n  File "/home/me/run.py", line 3, in <module>\n'
                    "    raise NotImplementedError(MSG)\nNotImplementedError: statsmodels.tsa.arima_model.ARMA has been "
                    "removed in favor of statsmodels.tsa.arima.model.ARIMA\n") == []


def test_pex_requirements_no_release_meets_together_are_a_version_guard() -> None:
    assert first("holdout88a", "pex-573.log")[:2] == (
        "version-guard", "pex found no release of prompt-toolkit that meets every requirement on it: "
                         "jupyter==1.0.0->jupyter-console asks for prompt-toolkit<2.1.0,>=2.0.0 and ipython<6 asks for "
                         "prompt-toolkit<2.0.0,>=1.0.4, and no release meets >=2.0.0 and <2.0.0 together")
    # requirements that overlap: pex failed for another reason, nothing told
    assert answered("Could not satisfy all requirements for six>=1.0:\n"
                    "    six>=1.0(from: a==1), six<2(from: b==2)\n") == []


def test_a_cffi_extensions_ext_folder_missing_is_a_build_not_a_release() -> None:
    # ssds.pytorch#2: "No module named 'lib.utils.nms._ext.nms._nms'", the checkout's never-built nms
    assert answers("holdout88b", "ssds.pytorch-2.log") == []


def test_a_header_s_compiler_diagnostic_is_kept_by_the_line_filter() -> None:
    # Theano#4553: "/usr/include/string.h:652:42: error: 'memcpy' was not declared in this scope", no other line
    family, cause, _ = first("holdout89b", "Theano-4553.log")
    assert (family, cause) == ("extension-build", "compiling the extension failed (the compiler's own errors, printed "
                                                  "above this line, say which source and why)")


def test_conda_4s_package_conflict_blocks_without_their_headline_are_the_solvers_refusal() -> None:
    for group, log in (("holdout89a", "anaconda-issues-12589.log"), ("holdout48a", "IdealGPT-1.log")):
        family, cause, _ = first(group, log)
        assert family == "version-guard", log
        assert cause.startswith("conda's solver found no environment that meets every specification asked"), log
    # the words in a sentence are no conda report
    assert answered("Package tornado conflicts for: me, says the README\n") == []


def test_a_conventional_alias_on_python_2s_bare_attribute_error_names_its_package() -> None:
    assert first("holdout89a", "misc-scripts-1.log")[:2] == (
        "api-mismatch", "the calling code asks for networkx.read_dot, which the installed networkx does not have: "
                        "networkx 1.11 removed it (1.10 is the last release with it), so that code was written for an "
                        "older networkx")


def test_optuna_is_in_the_atlas() -> None:
    assert first("holdout89a", "optuna-308.log")[:2] == (
        "api-mismatch", "the code that imports it asks for optuna.visualization, which the installed optuna does not "
                        "have: optuna 0.7.0 added it (the releases before it lack it), so that code was written for a "
                        "newer optuna")


def test_a_gpu_below_a_librarys_floor_in_its_own_words() -> None:
    assert first("holdout89b", "chainer-740.log")[1].startswith(
        "the installed cuDNN does not support this GPU's architecture: the GPU is older than its floor")
    assert first("holdout89b", "neon-80.log")[1] == (
        "the library's GPU code needs compute capability 5.0 or greater, and GPU 0 is older: its kernels were built for "
        "later architectures only")
    assert first("holdout89b", "triton-5950.log")[1].startswith(
        "the compiler that builds the GPU kernels (LLVM's NVPTX backend, as Triton or numba ship it) does not know "
        "sm_120")
    assert first("holdout89b", "Theano-4851.log")[:2] == (
        "cuda-driver-too-old", "Theano's own check finds the NVIDIA driver older than its CUDA toolkit needs: that "
                               "driver gives wrong results for reductions")
    # LLVM's words for a CPU it does not know are no GPU's
    assert answered("'znver5' is not a recognized processor for this target (ignoring processor)\n") == []


def test_a_packages_check_at_import_of_a_dependencys_floor_or_its_own_mixed_releases() -> None:
    assert first("holdout90a", "udacity-driving-reader-10.log")[:2] == (
        "version-guard", "pandas' own check at import needs python-dateutil 2.5.0 or newer, and the installed "
                         "python-dateutil is older")
    for log in ("qiskit-13416.log", "qiskit-serverless-1224.log"):
        family, cause, _ = first("holdout90a", log)
        assert family == "version-guard", log
        assert cause.startswith("Qiskit's own check at import finds both Qiskit >=1.0 and an earlier Qiskit"), log


def test_tensorrts_cuda_library_of_another_release_than_it_was_built_against() -> None:
    assert first("holdout90b", "TensorRT-2580.log")[:2] == (
        "extension-cuda-lib", "the library (TensorRT's engine) was built against cuBLASLt 11.5.2.0, and the process "
                              "loads 11.5.1.0: another release of cuBLASLt comes first on the library path (a "
                              "CUDA toolkit's, a pip wheel's or a container's own)")
    # TensorRT's warning alone, the run going on: no failure of its
    assert answered("UserWarning: TensorRT was linked against cuDNN 8.4.1 but loaded cuDNN 8.4.0\n") == []


def test_arviz_and_mdanalysis_are_in_the_atlas() -> None:
    assert first("holdout90a", "pymc-4503.log")[1].startswith(
        "pymc3 (pymc3.stats) asks for arviz.geweke, which the installed arviz does not have")
    assert first("holdout90a", "mdanalysis-4779.log")[1].startswith(
        "the code that imports it asks for the module MDAnalysis.analysis.atomicdistances, which the installed "
        "mdanalysis does not have: mdanalysis 2.5.0 added it")


def test_a_missing_init_function_names_the_modules_own_source_too() -> None:
    _, cause, fix = first("holdout90b", "tinyproto-46.log")
    assert cause.endswith("or its own source names its init function otherwise")
    assert fix.endswith("its C source must define PyInit_tinyproto (a fix of the module's own)")


def test_pkg_resources_conflict_without_the_distributions_location() -> None:
    assert first("holdout91a", "datahub-2463.log")[:2] == (
        "version-guard", "nbconvert requires traitlets>=5.0; found traitlets 4.3.3")


def test_conda_4s_conflict_list_pasted_onto_its_headlines_line() -> None:
    family, cause, _ = first("holdout91a", "pymc2-174.log")
    assert family == "version-guard"
    assert cause.startswith("conda's solver found no environment that meets every specification asked")
    # one specification, alone in conflict (a channel lacks what it needs): still no claim, flattened or not
    assert answered("UnsatisfiableError: The following specifications were found to be in conflict: - kraken2 Use "
                    '"conda info <package>" to see the dependencies for each package.\n') == []


REVIEW = Path(__file__).parent / "data" / "review34" / "inputs"


def _review(name: str) -> list[tuple[str, str]]:
    """(family, cause) of every answer for an input of the session's second reader (tests/data/review34)."""
    return reviewed("review34", name)


def test_the_second_readers_false_claims_are_mended() -> None:
    # a warning or a program's own words before an error raised after them; a reading's words in another sense
    for name in ("synth-tf-libcudart-found-gpu-then-valueerror", "synth-trt-built-against-warning-then-shape",
                 "synth-llvm-sm90a-warning-then-oom", "synth-capability-floor-warning-then-filenotfound",
                 "synth-illegal-instruction-in-faq-line", "synth-minimum-python", "synth-alias-tf-ros",
                 "synth-removed-in-favor-of-sentence", "synth-removed-in-favor-namespace"):
        assert _review(name) == [], name


def test_the_second_readers_unfit_fixes_are_mended() -> None:
    # a GPU newer than the cuDNN: the cause names both directions
    assert _review("synth-cudnn-arch-newer-gpu")[0][1].startswith(
        "the installed cuDNN does not support this GPU's architecture (NVIDIA GeForce RTX 3090, compute capability "
        "8.6): the GPU is older than its floor")
    # TensorRT names cuBLAS's versions as cuDNN's
    assert "cuBLAS (TensorRT's words say cuDNN, at cuBLAS's version numbers) 11.4.1.0" in _review("TensorRT-1292")[0][1]
    # conda 3's solver: updating conda is named
    found, _ = explain_log((REVIEW / "conda-1783.log").read_text(encoding="utf-8"))
    assert found[0].hint.fix.endswith("(conda 3's solver also refused what later conda releases solve: conda update "
                                      "conda, then try again)")


def test_a_lone_compiler_error_in_the_projects_own_source_is_no_build_claim() -> None:
    # faiss#2184: a demo's missing include, the log nothing but the compiler's error in the project's file
    assert answers("holdout92b", "faiss-2184.log") == []
    # in a system's header (Theano#4553's /usr/include/string.h) the toolchain's; with a build tool shown, a build's
    assert first("holdout89b", "Theano-4553.log")[0] == "extension-build"
    assert first("holdout3", "linly-59.log")[0] == "extension-build"
