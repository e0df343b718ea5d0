"""Readings session 31 added, each held to a real log's answer and the look-alikes they must leave alone; and the
faster reading of long logs held to the answers of the slower one."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_autoglm_compat.facts.inputs.env_reports import read_report
from pytest_autoglm_compat.knowledge import log_prefixes
from pytest_autoglm_compat.knowledge.frame_paths import frame_module
from pytest_autoglm_compat.knowledge.generic.situation import _PIP_RELEASE
from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import answered, answers, first

_FAISS = ("the faiss imported has no GPU part, so no StandardGpuResources: a CPU build (faiss-cpu, also where it shadows "
          "an installed faiss-gpu, or a conda faiss without GPU support), or a GPU build whose GPU part did not load")


@pytest.mark.parametrize("log", ["faiss-990.log", "deepcluster-56.log"])
def test_faiss_without_its_gpu_classes_is_its_cpu_build(log: str) -> None:
    family, cause, fix = first("holdout76b", log)
    assert (family, cause) == ("torch-not-cuda", _FAISS)
    assert fix.startswith("install faiss's GPU build for the installed CUDA in its place (pip uninstall faiss-cpu, which "
                          "shadows faiss-gpu where both are installed; conda install -c pytorch")


def test_faiss_gpu_names_only_from_faiss() -> None:
    # a module of another name lacking a GPU class, or faiss lacking a name of its CPU API: not this answer
    assert _FAISS not in answered("AttributeError: module 'mylib' has no attribute 'StandardGpuResources'\n")
    assert not any("CPU build" in cause for cause in
                   answered("AttributeError: module 'faiss' has no attribute 'IndexFlatL3'\n"))


def test_a_cuda_library_without_the_function_ctypes_looks_up() -> None:
    family, cause, fix = first("holdout76b", "scikit-cuda-196.log")
    assert family == "extension-cuda-lib"
    assert cause == ("the code looks up cusolverDnSsyevd_bufferSize in /usr/local/cuda/lib64/libcusolver.so (through "
                     "ctypes), and that library has no such function: it is a CUDA release other than the one the code "
                     "binds to (older, or newer with the function removed)")
    assert fix.startswith("install the CUDA release the code supports (one whose libcusolver has "
                          "cusolverDnSsyevd_bufferSize)")
    # another library's missing symbol through ctypes: not CUDA's
    assert not any("CUDA library" in cause for cause in
                   answered("AttributeError: /usr/lib/libfoo.so.1: undefined symbol: foo_init\n"))


def test_a_packages_own_words_for_a_cuda_library_it_did_not_find() -> None:
    causes = [cause for _, cause, _ in answers("holdout76b", "scikit-cuda-307.log")]
    # a build's warning that goes on without the library is no failure of it (the session-31 second reader's case)
    assert answered("CMake Warning: cuDNN not found. Compiling without cuDNN support\n") == []
    assert causes[-1] == ("skcuda looked for CUDA's cusolver library and found none under the names it tries: the "
                          "CUDA toolkit (or that library) is not installed where it looks, or is a release whose file "
                          "names it does not know (on Windows the DLL's name carries CUDA's version: "
                          "cusolver64_11.dll)")
    # a module of that name not found is an import, not the library
    assert not any("looked for CUDA's" in cause for cause in answered(
        "ModuleNotFoundError: No module named 'cusolver' not found\n"))


def test_an_egg_folder_is_no_part_of_the_module() -> None:
    path = r"C:\Users\u\Anaconda3\lib\site-packages\scikit_cuda-0.5.4-py3.7.egg\skcuda\cusolver.py"
    assert frame_module(path, frozenset()) == "skcuda.cusolver"
    assert frame_module("/usr/lib/python3/site-packages/pydantic-1.10.7-py3.9.egg/pydantic/main.py",
                        frozenset()) == "pydantic.main"


def test_cutensor_is_its_own_major() -> None:
    family, cause, fix = first("holdout76b", "cuda-quantum-2691.log")
    assert (family, cause) == ("extension-cuda-lib", "a compiled library was built against cuTENSOR 2 (it links "
                               "libcutensor.so.2), and the loader finds none: another cuTENSOR major is installed, or "
                               "none is on the loader path")
    assert fix.startswith('put the lib directory of the installed cuTENSOR 2 on LD_LIBRARY_PATH, or install it: pip '
                          'install "cutensor-cu12==2.*" (cutensor-cu11 for CUDA 11)')


def test_libmambas_tree_of_incompatible_packages() -> None:
    assert first("holdout76a", "Umol-27.log") == (
        "version-guard",
        "the environment asks for ambertools ==23.3, and openmmforcefields 0.11.2 requires ambertools >=20.0,<23: no "
        "ambertools meets both, so conda's solver (libmamba) stops",
        "ask for ambertools>=20.0,<23, or a release of openmmforcefields that admits ambertools ==23.3 (or leave "
        "openmmforcefields out of the environment file and install it apart)")


def test_libmambas_tree_where_the_asked_release_is_in_the_range_says_nothing_of_it() -> None:
    tree = ("Could not solve for environment specs\nThe following packages are incompatible\n"
            "├─ ambertools ==22.0 py312h1577c9a_6 is requested and can be installed;\n"
            "└─ openmmforcefields ==0.11.2 pyhd8ed1ab_1 is not installable because it requires\n"
            "   └─ ambertools >=20.0,<23 , which conflicts with any installable versions previously reported.\n")
    # no pair told apart (22.0 is in the range): since session 35 the tree is told whole, no release named as the cause
    assert not any("no ambertools meets both" in cause for cause in answered(tree))
    assert answered(tree)[0].startswith("conda's solver (libmamba) finds no set of releases that meets every "
                                        "requirement together: its tree of the conflict starts from ambertools, "
                                        "openmmforcefields")


def test_spacks_concretizer_constraint() -> None:
    family, cause, fix = first("holdout76a", "spack-11966.log")
    assert (family, cause) == ("version-guard", "Spack's concretizer: py-matplotlib requires python@3.5:, and the "
                               "spec as concretized has python@2.7.16 (asked for, or picked by the concretizer): no "
                               "python meets both")
    assert fix.startswith("ask for a python in that range (^python@3.5:)")


_PIN = ("no release the index offers this Python and platform meets numba==0.55.1 (pip's list of those it offers is "
        "cut where it was pasted), and numba did publish 0.55.1 (the API atlas reads its series): the pinned release "
        "is for another Python or platform")


def test_a_pin_to_a_published_release_with_pips_list_cut() -> None:
    assert first("holdout76a", "bilive-171.log")[:2] == ("version-guard", _PIN)


@pytest.mark.parametrize("pin", ["numba==0.55.9", "numba==0.99.1", "notinatlas==1.0.0"])
def test_a_pin_the_atlas_does_not_know_published_with_pips_list_cut_says_nothing_of_it(pin: str) -> None:
    line = f"ERROR: Could not find a version that satisfies the requirement {pin} (from versions: 0.1, 0.2, 0.3\n"
    assert not any("cut where it was pasted" in cause for cause in answered(line))


def test_pips_release_in_its_own_words() -> None:
    assert _PIP_RELEASE.search("pip 19.2.3 from /usr/lib/python3/dist-packages/pip (python 3.7)")
    assert _PIP_RELEASE.search("You are using pip version 9.0.1, however")
    assert not _PIP_RELEASE.search("mypip 19.2 from /x")


def _unflattened_line_by_line(text: str) -> str:
    """The reading before session 31: every line through the splitter (what the C search of their words must equal)."""
    typed = "Error: " in text or "Exception: " in text
    framed = '", line ' in text
    if not (typed or framed):
        return text
    return "\n".join(log_prefixes._unflattened_line(line, typed, framed) for line in text.split("\n"))


_PIECES = st.sampled_from(['File "a.py", line 3, in f', " ", "\n", "x = f() ", "ValueError: bad", "Exception: e",
                           "import os ", "Traceback (most recent call last):", "from a import b ", "y", '", line '])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_unflattening_only_the_lines_with_its_words_is_the_whole_reading(text: str) -> None:
    assert log_prefixes.unflattened(text) == _unflattened_line_by_line(text)


def test_a_long_log_reads_the_report_pasted_in_it_as_the_report_alone() -> None:
    report = ("PyTorch version: 2.1.0+cu121\nIs debug build: False\nCUDA used to build PyTorch: 12.1\n"
              "Python version: 3.10.12\nGPU models and configuration: GPU 0: NVIDIA A100-SXM4-80GB\n"
              "Nvidia driver version: 535.104.05\n\nVersions of relevant libraries:\n[pip3] numpy==1.26.0\n"
              "[pip3] torch==2.1.0\n[conda] transformers 4.35.0 pypi_0 pypi\n")
    noise = "".join(f"step {n}: loss 0.{n}\n" for n in range(5000))
    assert read_report(noise + report + noise) == read_report(report)
    assert re.search("transformers", str(read_report(noise + report + noise)))


def test_spacks_older_words_name_the_constrained_package_alone() -> None:
    line = "==> Error: Invalid spec: 'python@3.5.2'. Package python requires version 2.6:2.7, but spec asked for 3.5.2\n"
    assert answered(line) == ["Spack's concretizer: a package that depends on python requires python@2.6:2.7, and the "
                              "spec as concretized has python@3.5.2 (asked for, or picked by the concretizer): no python "
                              "meets both"]


def test_libmambas_tree_in_mamba_2s_words_and_conda_specs() -> None:
    tree = ("error    libmamba Could not solve for environment specs\n    The following packages are incompatible\n"
            "    ├─ python ==3.13 * is requested and can be installed;\n"
            "    └─ tensorflow ==2.10.0 * is not installable because it requires\n"
            "       └─ python >=3.10,<3.11.0a0 *, which conflicts with any installable versions previously reported.\n")
    assert answered(tree)[0].startswith("the environment asks for python ==3.13, and tensorflow 2.10.0 requires python "
                                        ">=3.10,<3.11.0a0: no python meets both")
    # a glob that overlaps the range ("1.2*" is 1.20 to 1.29 too): no pair told, the tree whole (session 35)
    overlap = tree.replace("python ==3.13 *", "python 3.1*")
    assert not any("no python meets both" in cause for cause in answered(overlap))
    assert answered(overlap)[0].startswith("conda's solver (libmamba) finds no set of releases")


@pytest.mark.parametrize("pin", ["tensorflow==2.16.0", "numba==0.36.0", "torch==2.1.0.dev20230801"])
def test_a_pin_before_its_series_first_final_release_or_a_nightly_is_no_published_release(pin: str) -> None:
    line = f"ERROR: Could not find a version that satisfies the requirement {pin} (from versions: 0.1, 0.2, 0.3\n"
    assert not any("cut where it was pasted" in cause for cause in answered(line))


def test_a_pin_whose_series_the_pasted_list_offers_is_no_other_pythons() -> None:
    line = ("ERROR: Could not find a version that satisfies the requirement numba==0.55.1 (from versions: 0.55.0, "
            "0.55.2, 0.56.0, 0.56.\n")
    assert not any("cut where it was pasted" in cause for cause in answered(line))


def test_faiss_whose_gpu_part_failed_to_load_is_not_told_as_its_cpu_build() -> None:
    log = ("Failed to load GPU Faiss: libcudart.so.10.0: cannot open shared object file\nFaiss falling back to CPU-only."
           "\nAttributeError: module 'faiss' has no attribute 'StandardGpuResources'\n")
    assert _FAISS not in answered(log)


def test_faiss_on_windows_gets_no_linux_only_install() -> None:
    log = ('  File "C:\\Users\\u\\x.py", line 1, in <module>\nAttributeError: module \'faiss\' has no attribute '
           "'GpuParameterSpace'\n")
    found, _ = explain_log(log)
    assert found[0].hint.fix.startswith("no GPU build of faiss is published for Windows: build it from source with "
                                        "-DFAISS_ENABLE_GPU=ON, or run under WSL2")


@pytest.mark.parametrize(("log", "words"), [
    ("xgboost-4355.log", "the installed XGBoost was built without GPU support"),
    ("LightGBM-3696.log", "the installed LightGBM was built without its GPU tree learner"),
    ("LightGBM-2070.log", "the installed LightGBM was built without its GPU tree learner"),
    ("machine-learning-for-trading-196.log", "the installed LightGBM was built without its GPU tree learner")])
def test_xgboost_and_lightgbm_builds_without_the_gpu(log: str, words: str) -> None:
    family, cause, _ = first("holdout77b", log)
    assert family == "torch-not-cuda"
    assert cause.startswith(words)


def test_no_kernel_image_raised_in_another_library_than_torch() -> None:
    family, cause, _ = first("holdout77b", "xgboost-8493.log")
    assert (family, cause) == ("no-kernel-image", "xgboost's compiled CUDA code has no kernel for this GPU's "
                               "architecture: the GPU is older (or newer) than the architectures the installed xgboost "
                               "build carries")


def test_horovods_extension_not_built() -> None:
    family, _, fix = first("holdout77b", "horovod-3877.log")
    assert family == "extension-build"
    assert fix.startswith("reinstall Horovod with the extension required, so that its build error shows: pip uninstall "
                          "horovod; HOROVOD_WITH_TENSORFLOW=1 pip install")


def test_a_vendored_copy_of_a_package_is_that_release() -> None:
    assert first("holdout77a", "dream-textures-845.log")[:1] == ("api-mismatch",)
    # a project's own folder named like a package (one word) shadows it: not told as a release
    line = "ImportError: cannot import name 'load_dataset' from 'datasets' (/home/u/proj/datasets/__init__.py)\n"
    assert not any("release" in cause for cause in answered(line))


def test_a_python_range_wrapped_onto_its_own_line() -> None:
    assert first("holdout77a", "CREsted-168.log")[:2] == (
        "version-guard", "the package's setup.py refuses Python 3.11.14: it supports Python >=3.6,<3.10 only (this "
        "release has no support for a newer Python yet)")


def test_a_build_hooks_cut_traceback_without_torch_is_not_told_as_torch() -> None:
    assert answers("holdout77a", "scanpy-3927.log") == []
