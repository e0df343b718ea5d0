"""Readings holdout21's misses and false claims (tests/data/real/holdout21*.toml, measured blind in session 15 on
c18c095, training data since) showed the engine lacked: each held to its real log's answer."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.failure import Failure
from pytest_autoglm_compat.knowledge.generic import reason
from pytest_autoglm_compat.knowledge.log_prefixes import unflattened
from pytest_autoglm_compat.knowledge.logs import explain_log
from pytest_autoglm_compat.model.hints import AHEAD_OF_THE_INDEX
from real_answers import REAL, answers, first


def test_a_guard_whose_found_version_meets_its_bound_and_a_lagging_mirror_claim_nothing() -> None:
    # sqlite-web#30: "Peewee >= 2.4.3 is required. Found version 2.10.1." (the check compared strings)
    assert answers("holdout21a", "sqliteweb-30.log") == []
    # XVERSE-13B#20 (a mirror that lags, by its maintainer's guess): its list stops exactly where transformers'
    # Requires-Python rises, which session 45 reads as an older Python (the label's also); a list cut elsewhere is
    # still told apart, not claimed
    found, _ = explain_log((REAL / "holdout21a" / "xverse13b-20.log").read_text(encoding="utf-8"))
    assert [item.hint.family for item in found] == ["version-guard"]
    cut = ("ERROR: Could not find a version that satisfies the requirement transformers>=4.29.1 (from versions: 4.17.0, "
           "4.18.0, 4.19.0, 4.19.1)\nERROR: No matching distribution found for transformers>=4.29.1\n")
    found, reading = explain_log(cut)
    assert found == []
    assert [item.hint.family for item in reading.aside] == [AHEAD_OF_THE_INDEX]


def test_a_method_a_release_removed_from_one_package_s_classes_asked_of_its_class_or_a_subclass() -> None:
    for log, cls in (("waymax-68.log", "FigureCanvasTkAgg"), ("nncf-3149.log", "FigureCanvasAgg")):
        family, cause, fix = first("holdout21a", log)
        assert family == "api-mismatch"
        assert cause == (f"the code asks a {cls} (matplotlib's class) for tostring_rgb, which the installed matplotlib "
                         "does not have: matplotlib 3.10.0 removed it (3.9.4 is the last release with it), so the code "
                         "was written for an older matplotlib")
        assert fix.startswith('install matplotlib<3.10.0')
    # a one-word class name another project may define, or the version the log shows has it: nothing
    assert reason(Failure(("builtins.AttributeError",), "'Figure' object has no attribute 'tostring_rgb'")) is None
    assert reason(Failure(("builtins.AttributeError",), "'FigureCanvasAgg' object has no attribute 'tostring_rgb'"),
                  lambda dist: "3.9.2" if dist == "matplotlib" else None) is None


def test_a_traceback_flattened_onto_one_line_is_read_as_its_frames_and_error() -> None:
    family, cause, _ = first("holdout21a", "ndatools-110.log")
    assert (family, cause.split(":")[0]) == ("api-mismatch", "the code asks for importlib.resources.files, which is "
                                             "new in Python 3.9")
    assert unflattened('a.py", line 1, in <module> import x ImportError: no x\nplain ValueError: y') == (
        'a.py", line 1, in <module> import x\nImportError: no x\nplain ValueError: y')


def test_sphinx_s_extension_import_error_and_a_library_s_upgrade_your_words() -> None:
    family, cause, _ = first("holdout21a", "sphinx-2436.log")
    assert family == "api-mismatch"
    assert "asks for the module sphinx.ext.imgmath, which the installed sphinx does not have" in cause
    assert first("holdout21a", "llamatuner-2.log")[:2] == (
        "version-guard", "the package's own check says the installed accelerate is too old for what was asked (it "
        "names no version)")


def test_build_and_binary_words_of_older_tools() -> None:
    assert first("holdout21b", "nvidia-docker-237.log")[:2] == (
        "extension-build", "the CUDA toolkit's nvcc does not build sm_61 (the GPU arch the build asks for): toolkits "
        "before CUDA 8.0 lack it, and CUDA 13 dropped sm_50 to sm_72")
    assert first("holdout21b", "nvidia-docker-177.log")[:2] == (
        "cuda-driver-too-old", "the host's NVIDIA driver supports CUDA 7.5, and the container image is built for CUDA "
        "8.0: the driver is older than the image's CUDA")
    family, cause, _ = first("holdout21b", "pytorch-94438.log")
    assert (family, cause.split(":")[0]) == ("extension-build",
                                             "the installed torch's cpp_extension does not know CUDA arch 8.7")
    family, cause, fix = first("holdout21b", "AutoGPTQ-272.log")  # cut after the version it lacks
    assert family == "glibcxx-not-found"
    assert cause.endswith("GLIBC_2.32 not found")
    assert fix.startswith("use a build of the package made for this system's glibc")
