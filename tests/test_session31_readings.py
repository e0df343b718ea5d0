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
from real_answers import answered, answers, first

_FAISS = ("the faiss imported is its CPU build (faiss-cpu, or a conda faiss without GPU support), which has no "
          "StandardGpuResources: only faiss's GPU build has its GPU classes")


@pytest.mark.parametrize("log", ["faiss-990.log", "deepcluster-56.log"])
def test_faiss_without_its_gpu_classes_is_its_cpu_build(log: str) -> None:
    family, cause, fix = first("holdout76b", log)
    assert (family, cause) == ("torch-not-cuda", _FAISS)
    assert fix.startswith("install faiss's GPU build in its place (pip uninstall faiss-cpu; conda install -c pytorch")


def test_faiss_gpu_names_only_from_faiss() -> None:
    # a module of another name lacking a GPU class, or faiss lacking a name of its CPU API: not this answer
    assert _FAISS not in answered("AttributeError: module 'mylib' has no attribute 'StandardGpuResources'\n")
    assert not any("CPU build" in cause for cause in
                   answered("AttributeError: module 'faiss' has no attribute 'IndexFlatL3'\n"))


def test_a_cuda_library_without_the_function_ctypes_looks_up() -> None:
    family, cause, fix = first("holdout76b", "scikit-cuda-196.log")
    assert family == "extension-cuda-lib"
    assert cause == ("the code looks up cusolverDnSsyevd_bufferSize in /usr/local/cuda/lib64/libcusolver.so (through "
                     "ctypes), and that CUDA library has no such function: it is a release of libcusolver older (or "
                     "other) than the one the code binds to")
    assert fix.startswith("install the CUDA release the code supports (one whose libcusolver has "
                          "cusolverDnSsyevd_bufferSize)")
    # another library's missing symbol through ctypes: not CUDA's
    assert not any("CUDA library" in cause for cause in
                   answered("AttributeError: /usr/lib/libfoo.so.1: undefined symbol: foo_init\n"))


def test_a_packages_own_words_for_a_cuda_library_it_did_not_find() -> None:
    causes = [cause for _, cause, _ in answers("holdout76b", "scikit-cuda-307.log")]
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
    assert fix.startswith('install cuTENSOR 2: pip install "cutensor-cu12==2.*" (cutensor-cu11 for CUDA 11)')


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
    assert not any("libmamba" in cause for cause in answered(tree))


def test_spacks_concretizer_constraint() -> None:
    family, cause, fix = first("holdout76a", "spack-11966.log")
    assert (family, cause) == ("version-guard", "Spack's concretizer: py-matplotlib requires python@3.5:, and the "
                               "spec asks for python@2.7.16: no python meets both")
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
