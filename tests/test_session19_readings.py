"""Readings session 19 added, each held to a real log's answer (holdout30's misses, training data since session 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import REAL, answers, first


@pytest.mark.parametrize(("log", "found", "need", "url"), [
    ("renpy-build-16.log", "2.7", "3.6", "https://bootstrap.pypa.io/2.7/get-pip.py"),
    ("get-pip-214.log", "3.7", "3.8", "https://bootstrap.pypa.io/pip/3.7/get-pip.py"),
    ("Localizable.strings2Excel-29.log", "2.7", "3.6", "https://bootstrap.pypa.io/2.7/get-pip.py"),
    ("ros2_pepper-28.log", "2.7", "3.6", "https://bootstrap.pypa.io/pip/2.7/get-pip.py"),
])
def test_get_pip_refusing_the_python_that_runs_it_is_a_version_guard(log: str, found: str, need: str,
                                                                      url: str) -> None:
    family, cause, fix = first("holdout30a", log)
    assert family == "version-guard"
    assert cause == (f"get-pip.py (pip's installer) does not run on Python {found}: the current one needs Python "
                     f"{need} or newer (its own check)")
    assert fix == (f"run the get-pip.py made for Python {found}, {url} (the message names it), or install pip with "
                   f"Python {need} or newer")


def test_get_pip_s_words_cut_before_the_address_still_name_where_to_look() -> None:
    found, _ = explain_log("ERROR: This script does not work on Python 3.6 The minimum supported Python version is "
                           "3.7.\n")
    assert [item.hint.fix for item in found] == [
        "run the get-pip.py made for Python 3.6, the get-pip.py for that Python under https://bootstrap.pypa.io/pip/ "
        "(the message names it), or install pip with Python 3.7 or newer"]


@pytest.mark.parametrize(("log", "cause", "fix"), [
    ("onnxsim-289.log",
     "the model is stamped with opset 16 of ai.onnx, and the installed ONNX Runtime supports that domain up to opset 15 "
     "(its own check): the model was exported for a newer ONNX Runtime",
     "upgrade ONNX Runtime (pip install -U onnxruntime, or the ONNX Runtime package the program uses) (a release that "
     "supports opset 16 of ai.onnx: ONNX Runtime's compatibility table), or export the model with opset 15 or lower"),
    ("onnxruntime-11898.log",
     "the model is stamped with opset 3 of ai.onnx.ml, and the installed ONNX Runtime supports that domain up to opset "
     "2 (its own check): the model was exported for a newer ONNX Runtime",
     "upgrade ONNX Runtime (pip install -U onnxruntime, or the ONNX Runtime package the program uses) (a release that "
     "supports opset 3 of ai.onnx.ml: ONNX Runtime's compatibility table), or export the model with opset 2 or lower"),
])
def test_onnx_runtime_s_opset_check_is_a_version_guard(log: str, cause: str, fix: str) -> None:
    assert first("holdout30a", log) == ("version-guard", cause, fix)


def test_onnx_runtime_s_opset_floor_is_a_warning_told_only_where_nothing_was_raised_after_it() -> None:
    # the warning, then a traceback cut before its error (holdout30a: onnxruntime#4200): the run went on past it
    assert answers("holdout30a", "onnxruntime-4200.log") == []
    found, _ = explain_log("2020-06-11 06:47:16.450501705 [W:onnxruntime:, model.cc:121 Model] ONNX Runtime only "
                           "*guarantees* support for models stamped with opset version 7 or above for opset domain "
                           "'ai.onnx'. Please upgrade your model to opset 7 or higher. For now, this opset 3 model may "
                           "run depending upon legacy support of some older opset version operators.\n")
    assert [item.hint.cause for item in found] == [
        "the model is stamped with opset 3 of ai.onnx, below opset 7, the oldest the installed ONNX Runtime supports "
        "(its own check): the model was exported for an older runtime"]


def test_an_installed_apex_asked_for_a_feature_it_removed_names_the_removal() -> None:
    family, cause, fix = first("holdout30a", "Text-Proxy-7.log")
    assert (family, cause) == (
        "api-mismatch", "NVIDIA apex removed apex.amp from its main branch in NVIDIA/apex#1896 (2025-05-08), with the "
        "rest of its old features (amp, parallel, RNN, fp16_utils), after years of deprecation: the installed apex was "
        "built from a later commit, though its version still reads 0.1")
    assert fix.endswith("git checkout e13873de, then apex's documented pip install")
    # without the installed file's path the words cannot tell an apex from a folder named apex: no claim
    assert answers("holdout30a", "ms-swift-4176.log") == []
    assert answers("holdout30a", "YOLOX-458.log") == []  # "(unknown location)": no apex at all


# --------------------------------------------------------------------------- holdout31a's misses (measured first)


def test_a_package_s_line_in_syntax_a_later_python_added_is_told_with_both_pythons() -> None:
    assert first("holdout31a", "scanpy-855.log") == (
        "api-mismatch",
        "scanpy's code uses f-strings, which Python 3.6 added, and the Python running it is 3.5 (its path in the log): "
        "the installed scanpy release needs Python 3.6 or newer",
        "run it with Python 3.6 or newer (a venv made with it), or install the last release of scanpy that supports "
        "Python 3.5 (pip install -U pip first: a newer pip picks it by the releases' Requires-Python)")
    # an egg's folder names the package inside it
    assert first("holdout31a", "loompy-57.log")[1].startswith(
        "loompy's code uses variable annotations, which Python 3.6 added, and the Python running it is 3.5")


@pytest.mark.parametrize(("log", "told"), [
    # the user's own script: a typo, not a release
    ('  File "/home/u/train.py", line 3\n    print(f"{x}")\n                ^\nSyntaxError: invalid syntax\n', False),
    # a Python that has the construct: the line failed for another reason
    ('  File "/usr/lib/python3.8/site-packages/pkg/m.py", line 3\n    x = f"{y}"\n          ^\n'
     "SyntaxError: invalid syntax\n", False),
    # no Python shown
    ('  File "/opt/site-packages/pkg/m.py", line 3\n    x = f"{y}"\n          ^\nSyntaxError: invalid syntax\n', False),
    ('  File "/usr/lib/python3.5/site-packages/pkg/m.py", line 3\n    x = f"{y}"\n          ^\n'
     "SyntaxError: invalid syntax\n", True),
    # Python 2's print statement in a package's file, whatever the Python 3
    ('  File "/usr/lib/python3.10/site-packages/oldpkg/m.py", line 9\n    print "hello"\n    ^\n'
     "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n", True),
])
def test_syntax_is_told_only_for_a_package_s_file_under_an_older_python(log: str, told: bool) -> None:
    found, _ = explain_log(log)
    assert bool(found) is told, [item.hint.cause for item in found]


@pytest.mark.parametrize(("log", "found"), [
    ("MySQLdb1-155.log", "0.10.1"), ("BindUI-2.log", "0.10.0"), ("imooc-django-40.log", "0.7.10"),
    ("Python-100-Days-121.log", "0.9.3"),
])
def test_django_s_mysql_driver_check_names_pymysql_standing_in(log: str, found: str) -> None:
    family, cause, fix = first("holdout31a", log)
    assert family == "version-guard"
    assert f"and the MySQLdb it found reports {found}: no mysqlclient release (its first is 1.3.0), but PyMySQL " \
           "standing in for it (pymysql.install_as_MySQLdb())" in cause
    assert fix.startswith("pip install -U pymysql (PyMySQL 1.0.0 tells Django it is MySQLdb 1.4.0, 1.1.0 and later "
                          "1.4.6; 0.10.1 said 1.3.13 and 0.9.3 1.3.12: read from PyMySQL's wheels)")


def test_a_driver_release_under_the_floor_is_told_plainly() -> None:
    found, _ = explain_log("django.core.exceptions.ImproperlyConfigured: mysqlclient 1.4.3 or newer is required; you "
                           "have 1.4.0.\n")
    assert [(i.hint.cause, i.hint.fix) for i in found] == [
        ("the package's own check requires mysqlclient 1.4.3 or newer, and the installed mysqlclient is 1.4.0",
         "pip install -U 'mysqlclient>=1.4.3'")]


def test_requests_dependency_check_is_told_where_nothing_follows_it() -> None:
    family, cause, _ = first("holdout31a", "Software-Defect-Prediction-1.log")
    assert (family, cause) == ("version-guard", "requests' own check at import: urllib3 1.26.15 or chardet 2.3.0 or "
                               "charset_normalizer 3.1.0 is outside the range the installed requests supports (each "
                               "requests release names its own bounds for them)")
    # the warn call's source printed below it is no more output
    assert first("holdout31a", "CC-attack-99.log")[0] == "version-guard"
    # a program that went on past it: torch's unsupported GPU is the cause (holdout22b: xtreme1#73)
    assert [family for family, _, _ in answers("holdout22b", "xtreme1-73.log")] == ["no-kernel-image"]


def test_ansible_s_controller_check_is_a_version_guard_on_python() -> None:
    assert first("holdout31a", "instruqt-56.log") == (
        "version-guard",
        "Ansible requires Python 3.8 or newer on the controller (its own check), and the Python running it is 3.6",
        "run Ansible with Python 3.8 or newer (a venv made with it: pip install ansible there), or install the last "
        "ansible-core release that supports Python 3.6 on the controller (ansible-core's support matrix)")


def test_a_package_s_tombstone_for_a_module_it_removed_is_an_api_mismatch() -> None:
    assert first("holdout31a", "characterize_neisseria_capsule-2.log") == (
        "api-mismatch",
        "the code asks for Bio.Alphabet, which Biopython has removed: Biopython's own message. The code was written "
        "for an older Biopython",
        "update the code as Biopython's message says (a release of the package that imports it written for this "
        "Biopython), or install a release of Biopython from before the removal (Biopython's changelog names it)")


def test_tensorflow_ignoring_a_gpu_older_than_its_build_is_a_binary_for_another_gpu() -> None:
    assert first("holdout31b", "tensorflow-17445.log") == (
        "binary-mismatch",
        "the installed TensorFlow's GPU build needs compute capability 3.5 or higher, and the Quadro K2000M is 3.0: "
        "TensorFlow ignores it (its own check) and runs on the CPU",
        "a TensorFlow built from source for compute capability 3.0 (TF_CUDA_COMPUTE_CAPABILITIES=3.0), an older "
        "TensorFlow release whose binaries were built for it (its install guide's GPU table), or a GPU of compute "
        "capability 3.5 or newer")
    # the notice, then an error of the program's own: TensorFlow went on on the CPU, and the error is the cause
    found, _ = explain_log("2018-03-05 13:43:54.533246: I tensorflow/core/common_runtime/gpu/gpu_device.cc:1283] "
                           "Ignoring visible gpu device (device: 0, name: Quadro K2000M, pci bus id: 0000:01:00.0, "
                           "compute capability: 3.0) with Cuda compute capability 3.0. The minimum required Cuda "
                           "capability is 3.5.\nTraceback (most recent call last):\n  File \"train.py\", line 3, in "
                           "<module>\n    open('data.csv')\nFileNotFoundError: [Errno 2] No such file or directory: "
                           "'data.csv'\n")
    assert found == []


def test_torch_s_driver_words_without_their_first_word_are_still_the_driver() -> None:
    # a paste that quotes the message from "NVIDIA driver on your system is too old (found version 6000)"
    assert first("holdout31b", "pytorch-920.log")[:2] == (
        "cuda-driver-too-old", "the NVIDIA driver is older than the CUDA runtime torch was built with (found version "
        "6000 is CUDA 6.0, the newest CUDA this driver supports)")


def test_a_setup_script_reading_torch_version_cuda_as_none_builds_against_a_cpu_torch() -> None:
    family, cause, _ = first("holdout31b", "DeepSpeed-537.log")
    assert (family, cause) == ("extension-build", "the setup script reads torch.version.cuda, which is None: the torch "
                               "it builds against is a CPU build (or, with build isolation, a CPU torch pip fetched "
                               "for the build)")
    # the same words in a script of the user's own are no build's
    found, _ = explain_log('Traceback (most recent call last):\n  File "/home/u/check.py", line 4, in <module>\n'
                           "    print(torch.version.cuda.split('.'))\nAttributeError: 'NoneType' object has no "
                           "attribute 'split'\n")
    assert found == []


@pytest.mark.parametrize("log", [
    "apex-724.log",  # apex's own __init__ importing parallel: an old apex whose install broke
    "apex-unilm-548.log",  # no path: a folder named apex as likely
    "apex-craft-pypi-oldpyramid.log",  # pip show names PyPI's apex 0.9.10.dev0
    "removed-craft-keyerror.log", "removed-craft-version.log", "removed-craft-ownproject.log",
    "removed-craft-stdlib.log",  # "X has been removed from Y" where Y is no package that owns X
    "ort-9418-commicrosoft.log",  # a vendor domain's opset: no ONNX release to name
    "ort-craft-legacy-warning-then-shape.log",  # the opset floor warned, then the input's shape raised
    "req-craft-after-traceback.log",  # requests' warning after the program's own KeyError
    "getpip-craft-then-ssl.log",  # get-pip's refusal, then the script it named failing on TLS
    "syn-craft-missing-comma.log",  # a dict entry without its comma: no annotation
])
def test_the_second_reader_s_false_claims_of_session_19_claim_nothing(log: str) -> None:
    found, _ = explain_log((Path(__file__).parent / "data" / "review19" / log).read_text(encoding="utf-8"))
    assert found == [], [item.hint.cause for item in found]


@pytest.mark.parametrize(("log", "start"), [
    ("hue-psycopg2.log", "the package's own check requires psycopg2 2.5.4 or newer, and the installed psycopg2 is 2.5.1"),
    ("syn-craft-fstring-eq-35.log", "masksembles's code uses f-string = specifiers (f\"{x=}\"), which Python 3.8 added"),
    ("syn-haxor-3.log", "the setup.py of the package pip is building is written for Python 2"),
    ("ort-craft-gpu-pkg.log", "the model is stamped with opset 19 of ai.onnx"),
])
def test_the_second_reader_s_wrong_fixes_of_session_19_are_mended(log: str, start: str) -> None:
    found, _ = explain_log((Path(__file__).parent / "data" / "review19" / log).read_text(encoding="utf-8"))
    assert found
    assert found[0].hint.cause.startswith(start), [item.hint.cause for item in found]
    if log == "ort-craft-gpu-pkg.log":  # the GPU build the log shows is the one to upgrade
        assert found[0].hint.fix.startswith("pip install -U onnxruntime-gpu (")
    if log == "syn-haxor-3.log":  # no pip line for a package the log does not name
        assert found[0].hint.fix == "a release or port of the package for Python 3, or run it with the Python 2 it " \
                                    "was written for"


def test_pypi_s_apex_is_told_aside_as_another_project_of_that_name() -> None:
    found, reading = explain_log((Path(__file__).parent / "data" / "review19" / "apex-vissl-pyramid.log").read_text(
        encoding="utf-8"))
    assert found == []
    assert [item.hint.cause for item in reading.aside] == [
        "the installed apex is PyPI's \"apex\", a Pyramid web toolkit (0.9.10dev: its __init__ imports pyramid), not "
        "NVIDIA's apex, which is not on PyPI"]


# --------------------------------------------------------------------------- holdout32's false claims (measured first)


@pytest.mark.parametrize(("group", "log", "module", "real"), [
    ("holdout32a", "tflearn-493.log", "tensorflow", "the installed tensorflow"),  # /home/jaden/.../tensorflow.py
    ("holdout32a", "yolort-247.log", "onnx", "the installed onnx"),  # /root/onnx.py, seen in the frames
    ("holdout20a", "numpy-16198.log", "random", "Python's own random"),  # a random.py beside the script
])
def test_a_frame_of_a_module_named_like_the_package_asked_of_is_shadowing(group: str, log: str, module: str,
                                                                          real: str) -> None:
    found, reading = explain_log((REAL / group / log).read_text(encoding="utf-8"))
    assert found == []
    assert [item.hint.cause for item in reading.aside] == [
        f"the traceback runs a module named {module} from outside site-packages (a file or folder of that name: the "
        f"script's own, or a source checkout), and the import found it before {real}: it is not {real} that lacks "
        "what was asked"]


def test_a_module_of_an_app_named_like_a_package_is_no_shadowing_where_the_message_shows_the_installed_one() -> None:
    # text-generation-webui's modules/exllamav2.py imports the installed exllamav2, whose path the message shows
    _, reading = explain_log((REAL / "survey17c" / "textgen-4479.log").read_text(encoding="utf-8"))
    assert reading.aside == ()


# --------------------------------------------------------------------------- holdout33's false claims (measured first)


def test_torch_c_without_its_cuda_bindings_is_a_cpu_build_of_torch() -> None:
    # "module 'torch._C' has no attribute '_cuda_setDevice'": torch's CUDA bindings are compiled only into CUDA builds
    for log in ("spaCy-7123.log", "genshin_auto_fish-62.log", "GENTRL-36.log"):
        assert first("holdout33b", log)[:2] == ("torch-not-cuda", "this torch is a CPU-only build (a +cpu wheel, or "
                                                "the default PyPI wheel on Windows), so every CUDA call fails")


@pytest.mark.parametrize(("group", "log", "symbol", "version"), [
    ("holdout33b", "lerobot-742.log", "jpeg12_write_raw_data", "LIBJPEG_8.0"),
    ("holdout17b", "pytorch-144244.log", "__nvJitLinkComplete_12_4", "libnvJitLink.so.12"),
    ("holdout17b", "pytorch-90673.log", "cusparseSpSM_analysis", "libcusparse.so.11"),
])
def test_a_versioned_symbol_of_another_library_is_two_builds_mixed_not_a_torch_abi(group: str, log: str, symbol: str,
                                                                                   version: str) -> None:
    told = [(family, cause) for family, cause, _ in answers(group, log)]
    assert ("binary-mismatch", f"a library asks for {symbol} of version {version}, which the copy of that library the "
            "loader found first lacks: two libraries of the environment from different builds (an older copy earlier "
            "on LD_LIBRARY_PATH or in the system's folders, or a package manager's loose pin)") in told
    assert all(family != "extension-abi" for family, _ in told)


def test_a_name_a_release_had_only_with_an_optional_dependency_is_told_aside_without_the_release() -> None:
    # holdout33a's distractor mglearn#5: an old SciPy without Pillow; the log shows no SciPy release
    found, reading = explain_log((REAL / "holdout33a" / "mglearn-5.log").read_text(encoding="utf-8"))
    assert found == []
    assert [item.hint.cause for item in reading.aside] == [
        "scipy.misc.imread: scipy releases up to 1.2.3 have it only where an optional dependency they try to import "
        "is installed, and 1.3.0 and later do not have it at all; the log shows neither the scipy release nor that "
        "dependency"]
    # with the release shown, the removal is told
    found, _ = explain_log("scipy 1.5.4\nTraceback (most recent call last):\n  File \"train.py\", line 3, in "
                           "<module>\n    from scipy.misc import imread\nImportError: cannot import name 'imread' from "
                           "'scipy.misc' (/usr/lib/python3.8/site-packages/scipy/misc/__init__.py)\n")
    assert [(item.hint.family, item.hint.cause) for item in found] == [
        ("api-mismatch", "the code asks for scipy.misc.imread, which scipy 1.3.0 removed (1.2.3 is the last release "
         "that could have it, with an optional dependency installed); the installed scipy is 1.5.4")]


@pytest.mark.parametrize("log", [
    "tensorflow 2.16.1\nTraceback (most recent call last):\n  File \"train.py\", line 3, in <module>\n"
    "    from tensorflow.keras.layers import Dense\nModuleNotFoundError: No module named 'tensorflow.keras'\n",
    "Traceback (most recent call last):\n  File \"train.py\", line 3, in <module>\n"
    "    from tensorflow.keras.layers import Dense\nModuleNotFoundError: No module named 'tensorflow.keras.layers'\n",
])
def test_a_module_within_tensorflow_s_lazily_loaded_keras_is_no_release_s_lack(log: str) -> None:
    # tf.keras has no folder in TensorFlow's wheels from 2.6 on: it holds what the keras installed beside it holds
    found, _ = explain_log(log)
    assert found == []


@pytest.mark.parametrize("log", [
    "r_tf-40422.log", "r_t2t-1824.log",  # tensorflow_core is tensorflow's own code (1.15 to 2.1), not a second package
    "r_tf-65772.log", "r_tf-33022.log", "r_tf-29608.log",  # TensorFlow's API modules, made from generated folders
    "c_setup_rocm.log",  # torch.version.cuda is None on a ROCm build as on a CPU one
])
def test_the_second_reader_s_later_false_claims_of_session_19_claim_nothing(log: str) -> None:
    found, _ = explain_log((Path(__file__).parent / "data" / "review19b" / log).read_text(encoding="utf-8"))
    assert found == [], [item.hint.cause for item in found]


# --------------------------------------------------------------------------- holdout34's misses (measured first)


@pytest.mark.parametrize(("log", "need", "found"), [
    ("mumps-superbuild-20.log", "3.20", "3.19.7"), ("InfiniTime-15.log", "3.15", "3.10.2"),
    ("feelpp-86.log", "2.8.8", "2.8.7"),
])
def test_cmake_s_minimum_version_is_a_version_guard(log: str, need: str, found: str) -> None:
    assert first("holdout34a", log) == (
        "version-guard",
        f"the project's CMakeLists.txt requires CMake {need} or higher (cmake_minimum_required), and the CMake running "
        f"is {found}",
        f"install CMake {need} or newer: pip install -U 'cmake>={need}' (PyPI's CMake wheels put cmake on PATH), the "
        "system's package of it, or cmake.org's release")


def test_protobuf_s_gencode_runtime_check_is_a_version_guard() -> None:
    family, cause, fix = first("holdout34a", "notpixel-134.log")
    assert (family, cause) == ("version-guard", "client.proto was generated by protoc 5.28.3, and the protobuf runtime "
                               "loading it is 5.27.3: protobuf's own check refuses generated code newer than its "
                               "runtime (or of another pre-release)")
    assert fix.startswith("install the protobuf runtime of the generated code's release (pip install -U "
                          "'protobuf>=5.28.3'; Java: protobuf-java 5.28.3)")
    assert first("holdout34a", "protobuf-16152.log")[0] == "version-guard"  # Java's "version suffixes"


@pytest.mark.parametrize("log", ["inference-1106.log", "semantic-segmentation-56.log", "rknn_model_zoo-2.log"])
def test_onnx_runtime_s_required_providers_parameter_is_code_for_an_older_onnxruntime(log: str) -> None:
    family, cause, _ = first("holdout34a", log)
    assert (family, cause) == ("api-mismatch", "the code creates onnxruntime.InferenceSession without its providers "
                               "parameter, which ONNX Runtime 1.9 and later require where the build has more than one "
                               "execution provider (a GPU build): the code was written for an older onnxruntime")


@pytest.mark.parametrize(("group", "log"), [("holdout31a", "pandas-51083.log"), ("holdout34a", "sqlalchemy-9317.log"),
                                            ("holdout34a", "pugsql-68.log"), ("holdout34a", "xalpha-174.log")])
def test_sqlalchemy_2_s_engine_without_execute_is_the_known_failure(group: str, log: str) -> None:
    assert first(group, log)[:2] == ("api-mismatch", "SQLAlchemy 2.0.0 removed Engine.execute (1.4.54 is the last "
                                     "release with it): the code that calls it (pandas before 2.0 in read_sql and "
                                     "to_sql, or the program's own) was written for SQLAlchemy 1.x")


# --------------------------------------------------------------------------- holdout35's false claims (measured first)


def test_a_module_of_unknown_location_is_no_release_that_lacks_the_name() -> None:
    # holdout35a's distractor mmcv#439: mmcv 0.2.16 has Config; "(unknown location)" is a module with no file (a broken
    # install the OP's reinstall mended), which the atlas had told as mmcv 2.0.0's removal
    found, reading = explain_log((REAL / "holdout35a" / "mmcv-439.log").read_text(encoding="utf-8"))
    assert found == []
    assert [item.hint.cause for item in reading.aside] == [
        "the module imported as mmcv has no file of its own (\"unknown location\"): a folder named mmcv without an "
        "__init__.py found first on the path, or an install of it that is broken; not a release that lacks the name"]


# --------------------------------------------------------------------------- holdout36's false claims (measured first)


def test_a_c_function_missing_from_a_package_s_own_library_is_no_torch_abi() -> None:
    # holdout36b's distractor silx#13: silx's setup.py left the C sources out of specfile.so (no torch in the log)
    assert answers("holdout36b", "silx-13.log") == []
    # a Python C API symbol: an extension built for another Python (holdout21b: pysimgrid#17, Python 2's headers)
    assert first("holdout21b", "pysimgrid-17.log")[:2] == (
        "extension-abi", "the extension was built against another Python than the one importing it: _Py_ZeroStruct is "
        "a Python C API name this interpreter lacks (Python 2's, or another build's)")


def test_another_package_reading_a_model_s_object_is_no_model_code_s_mismatch() -> None:
    # holdout36a's distractor CTranslate2#887: its NLLB converter read an attribute of the wrong tokenizer class
    assert answers("holdout36a", "CTranslate2-887.log") == []
