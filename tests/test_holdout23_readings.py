"""Readings holdout23's misses and false claims (tests/data/real/holdout23*.toml, measured blind in session 16 on
8e05ab1, training data since) showed the engine lacked: each held to its real log's answer, and each bound by a
made-up line it must not answer."""

from __future__ import annotations

from pathlib import Path

from pytest_autoglm_compat.knowledge.failure import LOG_LINE, Failure
from pytest_autoglm_compat.knowledge.generic import reason
from pytest_autoglm_compat.knowledge.generic.machine import Situation
from pytest_autoglm_compat.knowledge.generic.resolver import pipenv_conflict
from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import REAL, answers, first


def _aside(group: str, log: str) -> list[tuple[str, str]]:
    found, reading = explain_log((REAL / group / log).read_text(encoding="utf-8"))
    assert found == []
    return [(item.hint.family or "", item.hint.cause) for item in reading.aside]


def test_jax_s_own_words_for_a_jaxlib_older_or_newer_than_it_accepts() -> None:
    for log, found, need in (("ParallelFold-13.log", "0.1.69", "0.1.74"), ("docker-python-771.log", "0.1.41", "0.1.43"),
                             ("jax-1297.log", "0.1.23", "0.1.26")):
        family, cause, fix = first("holdout23a", log)
        assert (family, cause) == ("version-guard", f"jax requires jaxlib>={need}; found jaxlib {found}: the installed "
                                   "jaxlib is older than it needs")
        assert fix == (f"install the jaxlib release jax needs, pip install -U 'jaxlib>={need}' for the CPU build, or "
                       "a CUDA build of it from JAX's own index (jax's installation guide), or install the jax release "
                       "written for the installed jaxlib")
    assert first("holdout23a", "dalle-flow-68.log") == (
        "version-guard", "jax's own version check refuses jaxlib 0.3.14: it is newer than jax 0.3.13 accepts (this "
        "jax is older than the jaxlib)", "pip install -U jax (a jax release as new as jaxlib 0.3.14), or install the "
        "jaxlib release jax 0.3.13 was written for")
    # a version that meets what is asked is no failure of it
    assert reason(Failure.from_name("ValueError", "jaxlib is version 0.1.80, but this version of jax requires version "
                                    "0.1.74.")) is None


def test_pipenv_s_list_of_requirements_that_cannot_all_hold() -> None:
    for group, log in (("holdout23b", "pipenv-2802.log"), ("holdout23b", "rasa_core-1023.log")):
        family, cause, fix = first(group, log)
        assert family == "version-guard"
        assert cause.startswith("the resolver found no numpy that meets every requirement on it together: "
                                "numpy==1.15.1 and numpy<=1.14.5 cannot both hold")
        assert fix.startswith("find which packages ask for numpy==1.15.1 and numpy<=1.14.5 (pipenv graph, or "
                              "pip-compile's annotations)")
    # requirements some release meets together (the index lacked it): nothing said; a floor above a ceiling: said
    assert pipenv_conflict("Could not find a version that matches numpy>=1.13,<=1.14.5,!=1.14.0") is None
    hint = pipenv_conflict("Could not find a version that matches torch>=2.1,<2.0")
    assert hint is not None
    assert "torch>=2.1 and torch<2.0 cannot both hold" in hint.cause


def test_pip_s_list_of_releases_where_it_could_not_read_the_index_is_told_apart() -> None:
    assert _aside("holdout23a", "pytorch-33292.log") == [(
        "index-unread", "pip lists no release that meets torch===1.4.0, and the log shows it could not read the index "
        "(a certificate, proxy or network error above): the releases it lists are those it could read")]
    line = Failure((LOG_LINE,), "ERROR: Could not find a version that satisfies the requirement torch===1.4.0 (from "
                                "versions: 0.1.2, 0.1.2.post1, 0.1.2.post2)")
    read = reason(line, situation=Situation())  # the same words with the index read: no wheel for this platform
    unread = reason(line, situation=Situation(offline=True))
    assert (read and read.family, unread and unread.family) == ("binary-mismatch", "index-unread")


def test_a_module_lacking_what_every_release_of_its_package_has_is_not_the_package() -> None:
    assert _aside("holdout23b", "transformers-7430.log") == [(
        "shadowed", "the module imported as datasets has no __version__, which every release of datasets the atlas "
        "read has: it is most likely not the installed datasets but another module of that name found first (a "
        "folder or file named datasets beside the script, or in the working directory)")]
    # a name the releases did not all have is a release's (api's answer), not a shadow
    hint = reason(Failure.from_name("AttributeError", "module 'datasets' has no attribute 'load_metric'"))
    assert hint is None or hint.family == "api-mismatch"


def test_windows_dll_load_failed_without_the_module_python_3_8_names() -> None:
    family, cause, fix = first("holdout23b", "chatbot_tutorial-4.log")
    assert (family, cause.split(" (")[0]) == ("extension-dll-load", "Windows could not load a compiled module or a "
                                              "DLL it links")
    family, cause, fix = first("holdout23b", "pytorch-28363.log")  # torch's own torch._C
    assert family == "extension-dll-load"
    assert cause.startswith("Windows could not load torch's own compiled library (torch._C)")
    assert fix.startswith("install the latest Microsoft Visual C++ Redistributable (x64")


def test_a_warning_that_quotes_the_loader_and_a_log_s_torch_pin_says_nothing_of_its_build() -> None:
    family, cause, _ = first("holdout23b", "nixpkgs-162286.log")
    assert (family, cause) == ("extension-abi", "ABI mismatch: the extension was compiled against a different torch "
                               "than torch 1.12.0 (missing symbol _ZN3c105ErrorC2ENS_14SourceLocationESs)")
    # an AttributeError quoting a library's own missing function (bitsandbytes' CPU library): not a torch build
    assert first("holdout22b", "bitsandbytes-459.log")[0] == "binary-mismatch"


def test_numpy_s_c_api_not_imported_by_a_compiled_module() -> None:
    family, cause, _fix = first("holdout23a", "kizagan-3.log")  # cv2's import_array, alone
    assert (family, cause) == ("binary-mismatch", "the compiled module cv2 (opencv-python) could not import NumPy's "
                               "C API: it was built against another NumPy than the installed NumPy (or NumPy is "
                               "missing or broken)")
    # NumPy's ABI words before a traceback flattened onto their line
    family, cause, _ = first("holdout23a", "OpenSfM-362.log")
    assert (family, cause.split(":")[0]) == ("extension-abi", "a compiled module was built against a newer NumPy than "
                                             "the installed NumPy")


def test_uv_s_headline_for_a_release_with_no_wheel_for_this_platform() -> None:
    assert first("holdout23b", "uv-10236.log")[:2] == (
        "binary-mismatch", "the package publishes no wheel for this platform (this OS, CPU or Python) and no source "
        "distribution to build one from")
    hint = reason(Failure((LOG_LINE,), "Because `torch==2.5.1` can't be installed because it doesn't have a source "
                                       "distribution or wheel for the current platform"))
    assert hint is not None
    assert hint.cause.startswith("torch 2.5.1 publishes no wheel for this platform")


def test_a_subclass_named_with_a_word_put_in_and_remote_code_named_like_a_package_s_classes() -> None:
    family, cause, fix = first("holdout23b", "llm2vec-119.log")
    assert family == "api-mismatch"
    assert cause.startswith("MistralBiModel (by its name a subclass or patch of transformers' MistralModel) has a "
                            "forward() that does not take cache_position")
    assert fix.startswith('install transformers<4.42.0')
    family, cause, fix = first("holdout23a", "ms-swift-2046.log")
    assert family == "api-mismatch"
    assert "named as transformers' *FlashAttention2 classes are" in cause
    assert "transformers 4.43.0 removed it (4.42.4 is the last release with it)" in cause
    assert fix.startswith('install transformers<4.43.0')
    # a class named like no package's classes that had the method: nothing said
    assert reason(Failure.from_name("AttributeError", "'MyOwnHelper' object has no attribute "
                                    "'_flash_attention_forward'")) is None


def test_the_corpus_of_this_round_is_where_the_manifest_says() -> None:
    assert (Path(REAL) / "holdout23a.toml").is_file()
    assert (Path(REAL) / "holdout23b.toml").is_file()
    assert answers("holdout23b", "transformers-7448.log") == []
