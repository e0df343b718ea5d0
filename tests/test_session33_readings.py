"""Readings session 33 added, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

import gzip
import json
import random

from pytest_autoglm_compat.knowledge.generic import atlas_indexes
from pytest_autoglm_compat.knowledge.generic.atlas import removed_method_owners
from real_answers import answered, answers, first

_SKLEARN_VALIDATE = ("super() is asked for _validate_data, a method scikit-learn's base classes (BaseEstimator, "
                     "BaseWeightBoosting) had until 1.6.1: scikit-learn 0.21.0 added it and 1.7.0 removed it (1.6.1 is "
                     "the last release with it); the class asking subclasses one of them and was written for "
                     "scikit-learn before 1.7.0")


def test_a_method_asked_through_super_is_the_base_class_package_that_removed_it() -> None:
    # scBoolSeq#5 (scikit-learn 1.7.0 in the reporter's image) and laplaciannb#77 (pasted on one line): no line names
    # scikit-learn; the removed-methods index says whose classes had _validate_data and lost it
    for log in ("scBoolSeq-5.log", "laplaciannb-77.log"):
        family, cause, fix = first("holdout82a", log)
        assert (family, cause) == ("api-mismatch", _SKLEARN_VALIDATE)
        assert fix == ('install scikit-learn>=0.21.0,<1.7.0 (pip install "scikit-learn>=0.21.0,<1.7.0"), or a release '
                       "of the subclass's package written for scikit-learn 1.7.0 or later")
    # the release the log shows still has it: another cause
    assert _SKLEARN_VALIDATE not in answered(
        "scikit-learn==1.5.2\nAttributeError: 'super' object has no attribute '_validate_data'\n")
    # a name no package's class lost (the user's own base), or one of a single word: nothing
    assert answered("AttributeError: 'super' object has no attribute '_my_own_helper'\n") == []
    assert answered("AttributeError: 'super' object has no attribute 'forward'\n") == []


def test_a_private_helper_a_subclass_lacks_is_its_packages_base_release() -> None:
    family, cause, _ = first("holdout82a", "skranger-158.log")
    assert family == "api-mismatch"
    assert cause.startswith("a RangerTreeSurvival object is asked for _check_n_features, a method scikit-learn's base "
                            "classes (BaseEstimator) had until 1.6.1")
    # a public name is anyone's: not read from the index (scikit-learn's get_feature_names went in 1.2)
    assert not any(cause.startswith("a RangerTree object is asked") for cause in answered(
        "AttributeError: 'RangerTree' object has no attribute 'get_feature_names'\n"))


def test_a_packages_own_method_calling_super_for_itself_is_a_subclass_written_before_it() -> None:
    # xgboost#11163, scikeras#337: scikit-learn 1.6.0's __sklearn_tags__ in sklearn/base.py calls super()'s
    for log in ("xgboost-11163.log", "scikeras-337.log"):
        family, cause, fix = first("holdout82a", log)
        assert family == "api-mismatch"
        assert cause == ("scikit-learn's own __sklearn_tags__ (sklearn.base), which scikit-learn 1.6.0 added, calls "
                         "super().__sklearn_tags__() and the next class in the object's bases lacks it: the object's "
                         "class comes from a package written for scikit-learn before 1.6.0 (its bases put "
                         "scikit-learn's class after one of its own, or lack the base that defines __sklearn_tags__)")
        assert fix == ("install a release of the package defining that class written for scikit-learn 1.6.0 or "
                       'later, or pip install "scikit-learn<1.6.0"')
    # raised in the user's own method of that name: no package's release
    assert answered('Traceback (most recent call last):\n  File "/home/u/model.py", line 3, in __sklearn_tags__\n'
                    "    return super().__sklearn_tags__()\n"
                    "AttributeError: 'super' object has no attribute '__sklearn_tags__'\n") == []


def test_the_removed_methods_index_names_whose_classes_lost_a_name() -> None:
    assert removed_method_owners("_validate_data") == ("scikit-learn",)
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
    assert gzip.decompress  # the index is read from the gzipped file bundled beside the atlas


def test_tensorrts_cuda_error_codes() -> None:
    for log in ("TensorRT-308.log", "YOLOv8-TensorRT-134.log"):
        family, cause, _ = first("holdout82b", log)
        assert (family, cause) == ("cuda-driver-too-old", "TensorRT could not start the CUDA runtime it was built "
                                   "with: error 35 is cudaErrorInsufficientDriver, the NVIDIA driver is older than that "
                                   "CUDA runtime")
    family, cause, _ = first("holdout82b", "FastMOT-45.log")
    assert family == "extension-cuda-lib"
    assert cause.startswith("TensorRT could not start the CUDA runtime it was built with (error 3, "
                            "cudaErrorInitializationError)")
    # error 2 (memory) and 100 (no device) are other causes
    for code in ("2", "100"):
        assert answered(f"[TensorRT] ERROR: CUDA initialization failure with error {code}. Please check your CUDA "
                        "installation:  http://docs.nvidia.com/cuda/cuda-installation-guide-linux/index.html\n") == []


def test_xla_finding_no_kernel_in_the_ptx_it_compiled() -> None:
    family, cause, _ = first("holdout82b", "alphafold-55.log")
    assert family == "no-kernel-image"
    assert cause == ("XLA's ptxas (the CUDA toolkit it runs with) does not support this GPU (compute capability 8.6), "
                     "and the module it compiled without it lacks the kernel asked for: the CUDA toolkit predates the "
                     "GPU")
    family, cause, _ = first("holdout82b", "alphafold-863.log")
    assert family == "no-kernel-image"
    assert cause.startswith("XLA's ptxas (the CUDA toolkit it runs with) does not support this GPU, and")


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
    # the user's own pin of a version the index lacks (uv#12980: torch==1.6.0+cu101 on PyPI) is the request's
    assert answers("holdout73a", "uv-12980.log") == []
