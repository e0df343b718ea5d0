"""Readings session 33 added, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

import json
import random

from pytest_autoglm_compat.knowledge.generic import atlas_indexes
from pytest_autoglm_compat.knowledge.generic.atlas import removed_method_owners
from real_answers import answered, answers, first, reviewed


def _review(name: str) -> list[tuple[str, str]]:
    """(family, cause) of every answer for an input of the session's second reader (tests/data/review33)."""
    return reviewed("review33", name)


def test_a_method_a_subclass_asks_of_its_base_is_told_where_the_log_ties_it_to_the_package() -> None:
    # embedding-encoder#23: scikit-learn 0.22.1 shown; BaseEstimator._validate_data came in 0.23.0 (the maintainer:
    # upgrade scikit-learn). The class that had it longest is the base, not BaseWeightBoosting's own of 0.21-0.22
    assert _review("embedding-encoder-23")[0] == (
        "api-mismatch", "an EmbeddingEncoder object is asked for _validate_data, a method of scikit-learn's "
        "BaseEstimator: scikit-learn 0.23.0 added it (the releases before it lack it) (scikit-learn 0.22.1 is "
        "installed); the class asking subclasses BaseEstimator and was written for a newer scikit-learn")
    # a log that names no scikit-learn (a frame, a release, the failing line): anyone's name, never told (pilot#576's
    # typo "super()._init__", statsmodels' only by the index; holdout82a's scBoolSeq#5 and laplaciannb#77 too)
    for name in ("pilot-576", "imbalanced-learn-723", "pytorch-lightning-3175"):
        assert _review(name) == [], name
    for log in ("scBoolSeq-5.log", "laplaciannb-77.log", "skranger-158.log"):
        assert answers("holdout82a", log) == [], log
    # a release shown that has it: another cause
    assert not any("_validate_data" in cause for cause in answered(
        "scikit-learn==1.5.2\nAttributeError: 'super' object has no attribute '_validate_data'\n"))


def test_a_method_some_releases_in_the_middle_had_is_told_with_both_ends_where_no_release_shows() -> None:
    causes = answered('Traceback (most recent call last):\n  File "/usr/lib/python3/site-packages/sklearn/base.py", '
                      "line 1, in fit\n    self._validate_data(X)\n"
                      "AttributeError: 'RangerTree' object has no attribute '_validate_data'\n")
    assert causes == ["a RangerTree object is asked for _validate_data, a method of scikit-learn's BaseEstimator from "
                      "scikit-learn 0.23.0 until 1.6.1 (1.7.0 removed it): the installed scikit-learn is older than "
                      "0.23.0 or 1.7.0 or newer, and the class asking subclasses BaseEstimator as the releases between "
                      "have it"]


def test_the_removed_methods_index_names_whose_classes_lost_a_name() -> None:
    # (mne's classes had their own _validate_data and lost it too, read since session 43: super_calls tells the one the
    # log ties the failure to)
    assert removed_method_owners("_validate_data") == ("mne", "scikit-learn")
    assert removed_method_owners("_extract_past_from_model_output") == ("transformers",)
    assert removed_method_owners("no_such_method_anywhere") == ()


def test_the_keyword_index_read_by_key_gives_what_parsing_it_whole_gives() -> None:
    text = atlas_indexes._text(atlas_indexes.KEYWORD_INDEX)
    whole = json.loads(text)
    keys = sorted(whole)
    for key in [keys[0], keys[-1], *random.Random(33).sample(keys, 300)]:
        assert atlas_indexes._keyword_entry(key) == whole[key], key
    for absent in ("", " ", "zzzz", keys[0] + " ", keys[-1] + "x"):
        assert atlas_indexes._keyword_entry(absent) is None


def test_tensorrts_cuda_error_35() -> None:
    for log in ("TensorRT-308.log", "YOLOv8-TensorRT-134.log"):
        family, cause, _ = first("holdout82b", log)
        assert (family, cause) == ("cuda-driver-too-old", "TensorRT could not start the CUDA runtime it was built "
                                   "with: error 35 is cudaErrorInsufficientDriver, the NVIDIA driver is older than that "
                                   "CUDA runtime")
    # 3 (a CUDA context made before a fork: the second reader's synthetic case), 1, 2 and 100 have other causes
    assert _review("synthetic-trt-error3-fork") == []
    for code in ("1", "2", "3", "100"):
        assert answered(f"[TensorRT] ERROR: CUDA initialization failure with error {code}. Please check your CUDA "
                        "installation:  http://docs.nvidia.com/cuda/cuda-installation-guide-linux/index.html\n") == []


_XLA = ("XLA's ptxas (the CUDA toolkit it runs with) does not support this GPU (compute capability {}), and the module "
        "it compiled without it lacks the kernel asked for: the CUDA toolkit predates the GPU")


def test_xla_finding_no_kernel_in_the_ptx_it_compiled_without_ptxas() -> None:
    assert first("holdout82b", "alphafold-55.log")[:2] == ("no-kernel-image", _XLA.format("8.6"))
    assert _review("jax-16764")[0] == ("no-kernel-image", _XLA.format("8.9"))  # CUDA_ERROR_INVALID_IMAGE
    # without ptxas's own words for the GPU, a kernel the module lacks has other causes (alphafold#863's paste starts
    # after them; the second reader's synthetic case)
    assert answers("holdout82b", "alphafold-863.log") == []
    assert _review("synthetic-xla-ptx-kernel-no-ptxas-line") == []


def test_poetrys_union_of_ranges_that_holds_none_of_the_pinned_version() -> None:
    family, cause, _ = first("holdout82a", "tfx-3794.log")
    assert (family, cause) == ("version-guard", "tfx 0.30.0 requires tensorflow >=1.15.2,<2.0.0 || >=2.4.0,<2.5.0 || "
                               ">=2.6.0,<3, and venv requires tensorflow 2.5.0: no tensorflow meets both, so Poetry's "
                               "solver refuses tfx 0.30.0")
    # a union one of whose ranges holds the version: no conflict shown
    assert answers("holdout82a", "tfx-3794.log")[0][1] not in answered(
        "  Because tfx (0.30.0) depends on tensorflow (>=1.15.2,<2.0.0 || >=2.4.0,<2.6.0)\n"
        "   and venv depends on tensorflow (2.5.0), tfx is forbidden.\n")
    assert answered("  Because tfx (0.30.0) depends on tensorflow (>=1.15.2,<2.0.0 || >=2.4.0,<2.6.0)\n"
                    "   and venv depends on tensorflow (2.5.0), tfx is forbidden.\n") == []


def test_condas_list_of_several_packages_without_builds_for_the_environments_python() -> None:
    # LightGBM#3693: a CI log's timestamps cleaned off with the list's dashes; matplotlib and python-graphviz had no
    # builds for Python 3.9 yet
    family, cause, fix = first("holdout79a", "LightGBM-3693.log")
    assert family == "version-guard"
    assert cause.startswith("conda has no builds of matplotlib, python-graphviz for the environment's Python 3.9 "
                            "(matplotlib only for Python >=2.7,<2.8.0a0 or ")
    assert fix == ("create the environment with Python 3.8 (the newest they have builds for) or another conda lists "
                   "(conda create -n ENV python=...), or ask for releases of matplotlib, python-graphviz built for "
                   "Python 3.9")
    # two that share no Python: no environment's Python is the fix (the second reader's synthetic case)
    assert _review("synthetic-conda-two-mixed")[0][1].startswith(
        "conda has no builds of enum34, numpy 2.1 for the environment's Python 3.8, and no Python has builds of all of "
        "them")
    # a longer list than is read at once (its rows past the line filter's reach read too): no one cause
    assert _review("synthetic-conda-five") == []
    # one of them with a build for the environment's Python: conda's words alone say no cause
    assert answered("UnsatisfiableError: The following specifications were found\nto be incompatible with the "
                    "existing python installation in your environment:\n\nSpecifications:\n\n"
                    "  - matplotlib -> python[version='>=3.8,<3.9.0a0|>=3.9,<3.10.0a0']\n"
                    "  - python-graphviz -> python[version='>=3.8,<3.9.0a0']\n\nYour python: python=3.9\n") == []


def test_uvs_dependency_pinned_to_a_version_no_index_has() -> None:
    family, cause, _ = first("holdout78a", "uv-7616.log")
    assert (family, cause) == ("version-guard", "jax[tpu]==0.4.33 pins libtpu-nightly==0.1.dev20240916, a release none "
                               "of the indexes uv searched has under that version, so uv cannot install "
                               "jax[tpu]==0.4.33")
    # the user's own pin of a version the index lacks (uv#12980: torch==1.6.0+cu101 on PyPI) is the request's, and a
    # pin of the user's own checkout's (uv#2172, rotkehlchen==1.32.2.dev72+g6c929c10b: a uv bug) too
    assert answers("holdout73a", "uv-12980.log") == []
    assert _review("uv-2172") == []


def test_a_builds_check_of_a_c_library_it_links() -> None:
    # pyproj's setup (pyproj#480, #178, docker-mapproxy#13) and cartopy's (cartopy#1594): PROJ is no pip package
    family, cause, fix = first("holdout83a", "docker-mapproxy-13.log")
    assert (family, cause) == ("version-guard", "the build's own check needs PROJ 6.0.0 or newer (a C library it "
                               "builds against, not a pip package), and the one installed is PROJ 5.2.0")
    assert fix.startswith("install PROJ 6.0.0 or newer (the OS's package manager, Homebrew or conda)")
    family, cause, _ = first("holdout83a", "cartopy-1594.log")
    assert (family, cause) == ("version-guard", "cartopy's own check needs PROJ 4.9.0 or newer (a C library it builds "
                               "against, not a pip package), and the one installed is PROJ 4.8.0")
    # the installed library meets the floor: not why it failed
    assert answered("Minimum supported proj version is 6.2.0, installed version is 7.1.0.\n") == []


def test_dask_distributeds_table_of_differing_releases() -> None:
    family, cause, _ = first("holdout83a", "model-server-171.log")
    assert family == "version-guard"
    assert cause.startswith("dask.distributed's client, scheduler and workers run different releases (client / "
                            "scheduler / workers: blosc 1.9.2 / 1.7.0 / 1.7.0; dask 2021.01.1 / 2.30.0 / 2.30.0;")
    # a table whose every row agrees (a None where a package is missing on one side is no release): nothing
    assert answered("distributed/client.py:1129: VersionMismatchWarning: Mismatched versions found\n\n"
                    "+---------+--------+-----------+---------+\n| Package | client | scheduler | workers |\n"
                    "+---------+--------+-----------+---------+\n| lz4     | 4.0.0  | None      | None    |\n"
                    "+---------+--------+-----------+---------+\n") == []


def test_poetrys_union_of_wildcards() -> None:
    assert _review("synthetic-poetry-union-wildcard")[0][1].startswith(
        "libfoo 3.0.0 requires pydantic 1.10.* || 2.5.*, and myapp requires pydantic 2.6.0")


def test_gpu_words_of_cuda_spconv_and_numba() -> None:
    family, cause, _ = first("holdout83b", "spconv-724.log")
    assert family == "no-kernel-image"
    assert cause.startswith("spconv's prebuilt kernels were not compiled for this GPU's compute capability (8.6; the "
                            "build carries {(6, 1), (3, 7), (7, 0), (5, 0), (6, 0), (7, 5), (5, 2)})")
    family, cause, _ = first("holdout83b", "spconv-136.log")
    assert family == "no-kernel-image"
    assert cause.startswith("a CUDA kernel has no code for this GPU: CUDA error 209 is cudaErrorNoKernelImageForDevice")
    family, cause, _ = first("holdout83b", "finufft-356.log")
    assert family == "extension-cuda-lib"
    assert cause.startswith("numba's NVVM (the CUDA toolkit's libNVVM numba loaded) reports no compute capability")
    # a number 209 that is no CUDA error's
    assert answered("ValueError: expected 209 rows, got 210\n") == []


def test_a_submodule_the_package_imports_itself_from_a_release_on() -> None:
    family, cause, fix = first("holdout84a", "BabelGrid-10.log")
    assert (family, cause) == ("api-mismatch", "babelgrid (babelgrid.babelgrid) reads shapely.geometry, a submodule "
                               "of every shapely release, after importing shapely alone: shapely 2.0.0 and later "
                               "import it in shapely itself, the releases before do not, and the installed shapely is "
                               "one of them")
    assert fix == ('import shapely.geometry where it is used (the asking code\'s fix), or install shapely>=2.0.0 (pip '
                   'install "shapely>=2.0.0")')
    # transformers#27155's torch.utils.checkpoint, which torch/utils/__init__ never binds: the answer it had
    assert first("holdout21a", "transformers-27155.log")[1].startswith(
        "transformers (transformers.modeling_utils) asks for torch.utils.checkpoint")


def test_a_name_a_release_keeps_only_behind_a_deprecation_before_removing_it() -> None:
    # jax.core.Shape: sure in 0.4.28, behind jax.core's deprecation __getattr__ 0.4.29-0.4.35, gone in 0.4.36
    family, cause, fix = first("holdout84a", "blackjax-787.log")
    assert family == "api-mismatch"
    assert cause == ("the code that imports it asks for jax.core.Shape, which jax 0.6.0 does not have: jax 0.4.36 lacks "
                     "it and 0.4.28 is the last release read sure to have it (from 0.4.29 on it is bound only where "
                     "something else is installed, or behind a deprecation the atlas does not read), so that code was "
                     "written for an older jax")
    assert fix.startswith('install jax<0.4.29 (pip install "jax<0.4.29")')


def test_python_s_own_stdlib_module_missing_a_c_api_symbol_is_no_build_for_another_python() -> None:
    assert answers("holdout84b", "jep-206.log") == []  # libpython loaded privately under Java's JNI


def test_mamba_refusing_exact_builds_a_compiler_not_there_and_a_driver_without_a_function() -> None:
    family, cause, _ = first("holdout84a", "Diffpose-18.log")
    assert family == "version-guard"
    assert cause.startswith("mamba finds none of the exact builds the environment asks for (zstd ==1.4.9 haebb681_0, ")
    assert answers("holdout76a", "mamba-1246.log") == []  # a package no channel searched has: the channel's
    assert first("holdout84b", "Surprise-275.log")[:2] == (
        "extension-build", "the build runs cl.exe, which is not installed (or not on PATH): no C/C++ compiler")
    family, cause, _ = first("holdout84b", "AI-Horde-Worker-190.log")
    assert (family, cause) == ("cuda-driver-too-old", "the NVIDIA driver lacks cuDeviceGetUuid, a CUDA driver API "
                               "function the library calls: the driver is older than the CUDA the library needs (an "
                               "old GPU's last driver, or an old install)")




def _review_b(name: str) -> list[tuple[str, str]]:
    """(family, cause) of every answer for an input of the session's second review (tests/data/review33b)."""
    return reviewed("review33b", name)


def test_the_second_reviews_false_claims_stay_mended() -> None:
    for name in ("synthetic-numba-driver-is-cudart", "synthetic-dask-warning-other-failure",
                 "synthetic-spconv-arch-warning-oom", "synthetic-cuda-error-209-exit", "pyproj-1127",
                 "DeepPavlov-1208", "deep_transfer_learning_nlp_dhs2019-1"):
        assert _review_b(name) == [], name
    # a lib-dynload module missing a function of the C API is two Python builds mixed (nimpy#292); its data (PyFloat_Type,
    # jep#206 under JNI) is libpython loaded privately
    assert _review_b("nimpy-292")[0][1].startswith("the extension was built against another Python")
    assert _review_b("synthetic-mamba-exported-builds")[0][0] == "version-guard"  # mamba 1's untyped headline


def test_builds_of_python_311_cmake_cuda_archs_and_a_statement_above_python_2s_words() -> None:
    assert first("holdout85b", "pykokkos-base-44.log")[1] == (
        "the extension's C/C++ code (or the pybind11 or Cython output it bundles) reads the members of PyFrameObject, "
        "which Python 3.11 made opaque: it was written for Python 3.10 or older")
    assert first("holdout85b", "onnxruntime-12272.log")[1].startswith(
        "CMake found that the CUDA compiler (nvcc) cannot build every architecture CMAKE_CUDA_ARCHITECTURES lists")
    # "from numpy.lib.arraypad import _validate_lengths" above Python 2's "cannot import name _validate_lengths"
    family, cause, _ = first("holdout85a", "HistomicsTK-575.log")
    assert family == "api-mismatch"
    assert cause.startswith("the code that imports it asks for the name _validate_lengths from numpy.lib.arraypad, "
                            "which the installed numpy does not have: numpy 1.16.0 removed it")


def test_a_constructor_called_positionally_named_by_the_class_on_the_line_and_nvccs_capital_gpu() -> None:
    # wandb#4107: "__init__() takes 1 positional argument but 3 ..." under "clf = svm.SVC(c, "rbf", gamma=gamma)":
    # scikit-learn 1.0 made SVC's parameters keyword-only
    family, cause, fix = first("holdout86a", "wandb-4107.log")
    assert family == "api-mismatch"
    assert cause.startswith("SVC.__init__() is called with 3 arguments by position (self counted), and scikit-learn's "
                            "SVC.__init__() (sklearn.svm._classes) took 1 in some releases and more in others: "
                            "scikit-learn 1.0 made it take only 1 by position")
    assert fix.endswith('or install scikit-learn<1.0 (pip install "scikit-learn<1.0")')
    # newer nvcc's "Unsupported GPU architecture" (darknet#2360), as older nvcc's "gpu"
    assert first("holdout86b", "darknet-2360.log")[1].startswith(
        "the CUDA toolkit's nvcc no longer builds compute_30 (the GPU arch the build asks for)")


def test_uvs_first_index_strategy_hiding_a_release() -> None:
    family, cause, fix = first("holdout86a", "FramePack-315.log")
    assert (family, cause) == ("version-guard", "uv takes pillow only from the first index that has it "
                               "(https://download.pytorch.org/whl/cu126), and that index lacks pillow==11.1.0: uv's "
                               "first-index strategy (against dependency confusion) does not look for it on the indexes "
                               "after that one")
    assert fix.endswith("or pass --index-strategy unsafe-best-match where every index is trusted")
