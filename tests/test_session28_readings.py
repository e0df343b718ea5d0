"""Readings session 28 added, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest

from pytest_autoglm_compat.knowledge.generic.atlas import name_change
from real_answers import answered, answers, first


def test_a_name_dropped_for_a_while_then_removed_is_told_as_removed() -> None:
    # affinity-vae#312: matplotlib 3.9.0 dropped cm.get_cmap, 3.9.1 brought it back and 3.11.0 removed it; the atlas
    # told "3.9.4 added it", and the script's call got no answer
    assert first("holdout68a", "affinity-vae-312.log") == (
        "api-mismatch",
        "the calling code asks for matplotlib.cm.get_cmap, which the installed matplotlib does not have: matplotlib "
        "3.11.0 removed it (3.10.9 is the last release with it); 3.9.0 lacked it too, the releases before had it, so "
        "that code was written for an older matplotlib",
        'install matplotlib<3.11.0 (pip install "matplotlib<3.11.0"), or a release of the importing package that '
        "follows this matplotlib")


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
        "own cuDNN")


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


def test_a_long_list_of_releases_pip_offers_is_read_and_shown_by_its_ends() -> None:
    # jes#50: numpy's 94 releases up to 1.24.4 (an old Python's), the pin numpy~=2.2.1
    family, cause, _ = first("holdout69a", "jes-50.log")
    assert (family, cause) == (
        "version-guard",
        "no release the index offers this Python and platform meets numpy~=2.2.1 (it offers 1.3.0, 1.4.1, 1.5.0, "
        "1.5.1, ..., 1.24.1, 1.24.2, 1.24.3, 1.24.4: 94 releases): the pin was written for another Python or "
        "platform")


def test_a_programs_check_of_a_tool_it_runs_is_a_version_guard() -> None:
    # bakta#67: Ubuntu's tRNAscan-SE 2.0.5 where Bakta checks for 2.0.6
    assert first("holdout69a", "bakta-67.log")[:2] == (
        "version-guard",
        "the program's own check refuses the installed tRNAscan-SE: it asks for tRNAscan-SE version 2.0.6, and "
        "another release is the one it finds")


def test_numbas_atlas_dates_a_name_its_top_level_dropped() -> None:
    # PRF#5: numba.jitclass moved to numba.experimental; the atlas reads 62 numba releases (0.30.0 to 0.68.1)
    assert first("holdout69a", "PRF-5.log") == (
        "api-mismatch",
        "the code that imports it asks for the name jitclass from numba, which the installed numba does not have: "
        "numba 0.52.0 removed it (0.51.2 is the last release with it), so that code was written for an older numba",
        'install numba<0.52.0 (pip install "numba<0.52.0"), or a release of the importing package that follows this '
        "numba")
