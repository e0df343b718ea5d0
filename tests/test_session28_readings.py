"""Readings session 28 added, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_autoglm_compat.knowledge.generic.atlas import name_change
from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import answered, answers, first


def test_a_name_dropped_for_a_while_then_removed_is_told_as_removed() -> None:
    # affinity-vae#312: matplotlib 3.9.0 dropped cm.get_cmap, 3.9.1 brought it back and 3.11.0 removed it; the atlas
    # told "3.9.4 added it", and the script's call got no answer
    assert first("holdout68a", "affinity-vae-312.log") == (
        "api-mismatch",
        "the calling code asks for matplotlib.cm.get_cmap, which the installed matplotlib does not have: matplotlib "
        "3.11.0 removed it (3.10.9 is the last release with it); 3.9.0 lacked it too, the releases before had it, so "
        "that code was written for an older matplotlib",
        'install matplotlib>=3.9.4,<3.11.0 (pip install "matplotlib>=3.9.4,<3.11.0"), or a release of the importing '
        "package that follows this matplotlib")


@pytest.mark.parametrize(("shown", "claimed"), [("3.8.4", False), ("3.9.0", True), ("3.10.0", False),
                                                ("3.11.1", True)])
def test_a_name_dropped_for_a_while_is_held_to_the_version_the_log_shows(shown: str, claimed: bool) -> None:
    change = name_change("matplotlib", "matplotlib.cm", "get_cmap")
    assert change is not None
    assert (change.narrowed(shown) is not None) is claimed
    log = (f"matplotlib=={shown}\n"
           "AttributeError: module 'matplotlib.cm' has no attribute 'get_cmap'\n")
    assert bool(answered(log)) is claimed


def test_cythons_sizes_broken_onto_their_own_line_are_read() -> None:
    # BeatNet#6: the paste broke "size changed, may indicate binary incompatibility." from "Expected 96 from C header"
    assert first("holdout69b", "BeatNet-6.log")[:2] == (
        "extension-abi",
        "a compiled module was built against another NumPy than the installed NumPy: the size of numpy.ndarray it "
        "was compiled with (96 bytes) is not this NumPy's (88)")


def test_torchs_cudnn_check_before_1_0_names_the_release_torch_was_built_with() -> None:
    # CenterNet#119: cuDNN's version integers, MAJOR*1000 + MINOR*100 + PATCH; that check wanted the minor to match
    assert first("holdout69b", "CenterNet-119.log") == (
        "extension-cuda-lib",
        "torch was built against cuDNN 7.1.2 and the cuDNN library loaded is 7.6.5: this check (torch before 1.0) accepts "
        "only a cuDNN of the major and minor release torch was built with, and another cuDNN comes first on the "
        "library path (a system or conda cuDNN, a folder on LD_LIBRARY_PATH)",
        "let torch load cuDNN 7.1: remove the other cuDNN's folder from LD_LIBRARY_PATH (echo $LD_LIBRARY_PATH shows "
        "it) or install cuDNN 7.1 in its place (conda install cudnn=7.1), or install a newer torch, which brings its "
        "own cuDNN; a torch built from source: build it again against the cuDNN installed")


@pytest.mark.parametrize(("line", "claimed"), [
    ("cuDNN version mismatch: PyTorch was compiled against 7102 but linked against 7104", False),
    # torch 1.0 to 1.4: from cuDNN 7 a newer minor release passes, an older one does not
    ("cuDNN version incompatibility: PyTorch was compiled against 7102 but linked against 7605", False),
    ("cuDNN version incompatibility: PyTorch was compiled against 7102 but linked against 7005", True),
    ("cuDNN version incompatibility: PyTorch was compiled against 6021 but linked against 6005", False),
    ("cuDNN version incompatibility: PyTorch was compiled against 6021 but linked against 6105", True),
])
def test_cudnn_integers_are_held_to_the_check_that_printed_them(line: str, claimed: bool) -> None:
    assert bool(answered(f"RuntimeError: {line}\n")) is claimed


def test_dyld_missing_symbol_of_torch_is_read_as_the_loaders() -> None:
    # pytorch_scatter#9: macOS names the symbol with Mach-O's leading underscore (__ZN2at5Error...)
    family, cause, _ = first("holdout69b", "pytorch_scatter-9.log")
    assert (family, cause) == (
        "extension-abi",
        "ABI mismatch: the extension was compiled against a different torch than the torch that imports it (missing "
        "symbol _ZN2at5ErrorC1ENS_14SourceLocationESs)")
    # macOS 12's words (MuseTalk#352: mmcv's _ext lacks torch's MPS stream)
    assert first("holdout38b", "MuseTalk-352.log")[0] == "extension-abi"


@pytest.mark.parametrize(("group", "log"), [("holdout36b", "mrab-regex-7.log"), ("holdout54b", "cython-book-6.log")])
def test_dyld_missing_c_function_of_a_library_of_its_own_gets_no_answer(group: str, log: str) -> None:
    # distractors: regex's _regex.so and a Cython example lack a C function of their own build
    assert answers(group, log) == []


def test_poetrys_supported_python_range_is_read_as_its_python_requirement() -> None:
    # poetry#9662: Poetry 1.5 on says "The current project's supported Python range (>=3.11,<4.0)"
    assert first("holdout69a", "poetry-9662.log")[:2] == (
        "version-guard",
        "the project's Python range (>=3.11,<4.0) admits Pythons numpy does not support: numpy requires Python "
        "<3.13,>=3.9, not met for Python >=3.13,<4.0, so Poetry's solver refuses")


def test_a_long_list_of_releases_pip_offers_is_read() -> None:
    # jes#50: numpy's 94 releases up to 1.24.4 (an old Python's), the pin numpy~=2.2.1
    # (session 45: the list stops exactly where numpy's Requires-Python rises, 1.25.0's >=3.9, so that reading comes
    # first; this one still answers a list that stops elsewhere, below)
    family, cause, _ = first("holdout69a", "jes-50.log")
    assert (family, cause) == (
        "version-guard",
        "pip lists numpy's releases up to 1.24.4, and every later one (1.25.0 to 2.5.5), among them every release that "
        "meets numpy~=2.2.1, declares a Requires-Python of Python 3.9 or newer: pip lists only the releases the running "
        "Python can install, so this Python is older than 3.9")
    lagging = ("ERROR: Could not find a version that satisfies the requirement numpy~=2.2.1 (from versions: 1.24.0, "
               "1.24.1, 1.24.2)\nERROR: No matching distribution found for numpy~=2.2.1\n")
    assert answered(lagging)[0].startswith("no release the index offers this Python and platform meets numpy~=2.2.1: "
                                           "the newest it offers is 1.24.2")


def test_a_programs_check_of_a_tool_it_runs_is_a_version_guard() -> None:
    # bakta#67: Ubuntu's tRNAscan-SE 2.0.5 where Bakta checks for 2.0.6
    assert first("holdout69a", "bakta-67.log")[:2] == (
        "version-guard",
        "the program's own check refuses the installed tRNAscan-SE: it names tRNAscan-SE version 2.0.6 as the one to "
        "install, and the release it finds is not one it accepts")


def test_numbas_atlas_dates_a_name_its_top_level_dropped() -> None:
    # PRF#5: numba.jitclass moved to numba.experimental; the atlas reads 62 numba releases (0.30.0 to 0.68.1)
    assert first("holdout69a", "PRF-5.log") == (
        "api-mismatch",
        "the code that imports it asks for the name jitclass from numba, which the installed numba does not have: "
        "numba 0.52.0 removed it (0.51.2 is the last release with it), so that code was written for an older numba",
        'install numba<0.52.0 (pip install "numba<0.52.0"), or a release of the importing package that follows this '
        "numba")


# The session-28 second reader's findings (tests/data/review28), each mended and held here.
REVIEW = Path(__file__).parent / "data" / "review28" / "inputs"


def _review(name: str) -> list[tuple[str, str, str]]:
    found, _ = explain_log((REVIEW / name).read_text(encoding="utf-8"))
    return [(item.hint.family or "", item.hint.cause, item.hint.fix) for item in found]


@pytest.mark.parametrize(("name", "namespace"), [("fpylll-205.log", "fplll"), ("tensorflow-41682.log", "tensorflow"),
                                                 ("nnvm-332.log", "tvm"),
                                                 ("protobuf-10571.log", "google::protobuf")])
def test_another_librarys_cpp_symbol_is_that_librarys_not_torchs(name: str, namespace: str) -> None:
    [(family, cause, _)] = _review(name)
    assert family == "extension-abi"
    assert cause.startswith(f"ABI mismatch: the compiled library asks for a C++ symbol of {namespace} (")
    assert "torch" not in cause


def test_a_cpp_standard_library_symbol_names_the_cpp_runtime() -> None:
    # holdout24b's pytorch_geometric#506: fixed by conda install libgcc (a newer libstdc++), not another torch
    family, cause, fix = first("holdout24b", "pytorch_geometric-506.log")
    assert family == "extension-abi"
    assert "a symbol of the C++ standard library, which the libstdc++ loaded does not define" in cause
    assert "conda install libgcc" in fix


@pytest.mark.parametrize(("group", "log"), [("holdout50b", "MinkowskiEngine-36.log"),
                                            ("holdout56b", "flash-attention-2022.log")])
def test_a_function_in_no_namespace_is_still_the_librarys_own_build(group: str, log: str) -> None:
    assert answers(group, log) == []


def test_dyld_naming_a_stray_library_that_asks_gets_no_torch_answer() -> None:
    # pytorch-osx-build#19: /usr/local/lib/libquadmath.0.dylib asks for ___addtf3
    assert _review("osxbuild-19-addtf3.log") == []


def test_dyld_naming_torchs_own_library_and_the_cuda_library_it_loaded() -> None:
    # pytorch-osx-build#11: libtorch_cuda.dylib built for CUDA 10.1.243 loads 10.1.105's libcusparse
    [(family, cause, fix)] = _review("osxbuild-11-cusparse.log")
    assert family == "extension-cuda-lib"
    assert cause.startswith("torch's own library lacks cusparseGetErrorString, a function of libcusparse: the "
                            "libcusparse loaded is older than the one this torch was built with")
    assert fix == ("install the CUDA toolkit release this torch was built for in place of the one whose libcusparse "
                   'dyld loaded (its "Expected in:" path), or put that release\'s lib folder first on DYLD_LIBRARY_PATH')


def test_a_release_of_the_gap_gets_a_pin_past_it() -> None:
    # pycma#256 under matplotlib 3.9.0: "matplotlib<3.11.0" would keep 3.9.0
    [(_, cause, fix), *_] = _review("pycma-256.log")
    assert cause.endswith("3.9.0 lacked it too, the releases before had it, so cma 3.3.0 was written for another "
                          "matplotlib")
    assert fix.startswith('install matplotlib>=3.9.4,<3.11.0 (pip install "matplotlib>=3.9.4,<3.11.0")')


def test_cythons_warning_of_a_smaller_structure_is_no_claim() -> None:
    # nionswift#306: "Expected 192 from C header, got 216 from PyObject" is the compatible side, a RuntimeWarning
    assert _review("nionswift-306.log") == []
    assert [family for family, _, _ in _review("warning-split-then-other.log")] == []


def test_a_pin_above_every_listed_release_of_an_unknown_package_claims_nothing() -> None:
    # tuna#1292: the TUNA mirror had not synced pyocd 0.31
    assert _review("tuna-1292.log") == []


def test_cudnn_integers_of_torch_1_0_to_1_4_name_no_wheel() -> None:
    # T2F#6 (torch 1.0.0): NVIDIA's cuDNN wheels came with torch 1.13
    [(_, _, fix)] = _review("T2F-6.log")
    assert "nvidia-cudnn" not in fix
    assert "conda install cudnn=7.4" in fix


def test_poetry_2s_words_for_a_python_range() -> None:
    # docling-sdg#7: "so it will not be installable for Python >=3.13"
    [(family, _, _)] = _review("docling-sdg-7.log")
    assert family == "version-guard"


def test_a_folder_of_the_asking_packages_own_tree_is_no_installed_distribution() -> None:
    # holdout70a's distractor DeformableObjectsGrasping#2: slip_detection's own Models folder lacks modules it imports
    assert answers("holdout70a", "DeformableObjectsGrasping-2.log") == []


def test_windows_paging_file_in_another_language_is_no_dlls_build() -> None:
    # holdout70b's distractor Applio#1053: "Die Auslagerungsdatei ist zu klein" (ERROR_COMMITMENT_LIMIT, 1455)
    assert answers("holdout70b", "Applio-1053.log") == []
    for words in ("Le fichier de pagination est insuffisant pour terminer cette opération.", "页面文件太小，无法完成操作。"):
        assert answered(f"ImportError: DLL load failed while importing _ufuncs: {words}\n") == []


def test_tensorflow_1s_cudnn_integers_name_the_release_it_was_built_with() -> None:
    # DCGAN-tensorflow#242: "5005 (compatibility version 5000) but source was compiled with 5110 (... 5100)"
    family, cause, fix = first("holdout70b", "DCGAN-tensorflow-242.log")
    assert (family, cause) == (
        "binary-mismatch",
        "the installed TensorFlow was built against cuDNN 5.1.10, and the cuDNN loaded at run time is 5.0.5, of another "
        "compatibility version: TensorFlow's check refuses it, so the GPU's DNN library does not start")
    assert fix.startswith("install cuDNN 5.1 (NVIDIA's cuDNN 5.1 for the CUDA this TensorFlow was built for")


def test_dgls_and_mmcvs_words_for_a_build_without_cuda() -> None:
    # dgl#5427 (dgl==1.0.1, the CPU build), facechain#18 (mmcv's nms without its CUDA implementation)
    assert first("holdout70b", "dgl-5427.log")[0] == "torch-not-cuda"
    family, cause, _ = first("holdout70b", "facechain-18.log")
    assert (family, cause) == (
        "torch-not-cuda",
        "mmcv has no CUDA implementation of its nms op: the installed mmcv was built without its CUDA ops (mmcv-lite, "
        "or a build for the CPU or for another torch and CUDA than those installed)")


def test_uvs_words_for_a_dependency_that_needs_a_newer_python_than_the_project_admits() -> None:
    # uv#14556: requires-python >=3.9, mcp[cli] requires Python >=3.10
    assert first("holdout70a", "uv-14556.log") == (
        "version-guard",
        "the project's Python range (>=3.9) admits Pythons mcp[cli] does not support: every release of it that fits "
        "requires Python>=3.10, so uv's resolver refuses the project's other Pythons",
        "raise requires-python in pyproject.toml to Python>=3.10, or add mcp[cli] with a python_version marker for the "
        "Pythons it supports")
