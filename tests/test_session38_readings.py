"""Readings session 38 added or narrowed, each held to a real log's answer and the look-alikes they must leave alone
(docs/reliability.md, session 38)."""

from __future__ import annotations

from pathlib import Path

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import REAL as REAL_DIR
from real_answers import answered, first, reviewed

_CUT_AT_A_CHECK = '''Traceback (most recent call last):
  File "/usr/lib/python3.10/site-packages/foo/__init__.py", line 3, in <module>
    check_version()
  File "/usr/lib/python3.10/site-packages/foo/utils.py", line 12, in check_version
    raise RuntimeError("Unsupported version of numpy")
'''


def test_a_version_check_named_for_no_package_claims_none() -> None:
    # session 37's re-read: a plain check_version would have been worded "its own check of version's version"
    assert answered(_CUT_AT_A_CHECK) == []
    assert answered(_CUT_AT_A_CHECK.replace("check_version", "check_versions")) == []
    assert answered(_CUT_AT_A_CHECK.replace("check_version", "_check_numpy_version")) == [
        "foo's own check of numpy's version (_check_numpy_version) refused the installed numpy (the traceback is cut "
        "before its error, at its raise): the two are from releases that do not fit"]


def test_a_wheels_only_package_passed_over_for_its_newer_releases_is_a_binary_for_another_machine() -> None:
    # holdout116b: onnxruntime from 1.17 asks glibc 2.28; on CentOS 7 pip lists up to 1.16.3
    family, cause, fix = first("holdout116b", "onnxruntime-24338.log")
    assert family == "binary-mismatch"
    assert cause == ("no release the index offers this Python and platform meets onnxruntime==1.20.1: the newest it "
                     "offers is 1.16.3, and onnxruntime has published releases that high (1.32.0: the API atlas reads "
                     "it) as wheels only, so no wheel of the newer releases fits this machine: they are built for other "
                     "Pythons, or need a newer glibc, macOS or another CPU architecture (or the index is a mirror that "
                     "lags)")
    assert fix == ("use a Python and platform the pinned release has wheels for (its files on the index name their "
                   "tags), or a pin to a release the index offers here (the newest is 1.16.3)")
    # a package with source distributions is passed over for its Requires-Python: the version guard it was
    assert first("holdout108a", "bonito-149.log")[0] == "version-guard"
    assert first("holdout88a", "imbalanced-learn-944.log")[0] == "version-guard"


def test_numpy_expired_alias_where_its_message_is_not_shown() -> None:
    family, cause, fix = first("holdout116a", "voicefixer-48.log")
    assert family == "api-mismatch"
    # the alias, from the line above numpy's frame ("dtype=np.complex,")
    assert cause == ("librosa's code (librosa.core.constantq) asks numpy for np.complex, an alias NumPy 1.24 removed "
                     "(the traceback is cut at NumPy's own raise for it): that release of librosa was written for an "
                     "older numpy")
    assert fix == ('install numpy<1.24 (pip install "numpy<1.24"), or a release of librosa that no longer uses the '
                   "alias (or change it to the builtin in its code)")
    family, cause, _ = first("holdout116a", "x-stable-diffusion-30.log")
    assert (family, cause) == ("api-mismatch", "tensorrt's code (tensorrt) asks numpy for np.bool, an alias NumPy 1.24 "
                               "removed (NumPy prints its warning for np.bool just before it raises AttributeError for "
                               "it): that release of tensorrt was written for an older numpy")


_WARNED_THEN = '''/env/lib/python3.9/site-packages/tensorrt/__init__.py:166: FutureWarning: In the future `np.bool` will be \
defined as the corresponding NumPy scalar.
  bool: np.bool,
Traceback (most recent call last):
  File "/work/demo.py", line 3, in <module>
    run()
  File "/work/demo.py", line 2, in run
    open("/data/missing.bin")
FileNotFoundError: [Errno 2] No such file or directory: '/data/missing.bin'
'''


def test_numpys_alias_warning_before_an_error_that_shows_itself_is_passed_over() -> None:
    # the access was caught (getattr with a default): what the program raised after it is told, and only that
    assert answered(_WARNED_THEN) == []
    # cut before its error, or the warning alone: the raise that follows it is the cause
    cut = _WARNED_THEN.split("FileNotFoundError")[0]
    causes = answered(cut)
    assert len(causes) == 1
    assert causes[0].startswith(
        "tensorrt's code (tensorrt) asks numpy for np.bool, an alias NumPy 1.24 removed")
    # a script's own frame asking: no package to move
    script = _WARNED_THEN.replace("/env/lib/python3.9/site-packages/tensorrt/__init__.py", "/work/mine.py")
    assert answered(script.split("Traceback")[0]) == []


def test_cmake_architectures_a_build_cannot_use() -> None:
    for log in ("pixtrack-12.log", "llama-cpp-python-408.log"):
        family, cause, fix = first("holdout116b", log)
        assert family == "extension-build"
        assert cause == ("the build asks CMake for this machine's own GPU architecture (CUDA_ARCHITECTURES \"native\"), "
                         "and CMake sees no GPU where the build runs: inside docker build, in CI, or where the driver "
                         "is not visible")
        assert fix.startswith("name the architecture to build for: -DCMAKE_CUDA_ARCHITECTURES=86")
    family, cause, fix = first("holdout116b", "llama.cpp-18421.log")
    assert family == "extension-build"
    assert cause == ("llama.cpp's CUDA build (ggml-cuda's CMakeLists.txt) refuses the plain architecture 121 for a "
                     "Blackwell GPU: its check asks for the architecture-specific 121a or the family 121f, which it "
                     "builds its Blackwell kernels for")
    assert fix == ("give 121a (or 121f) in place of 121 in CMAKE_CUDA_ARCHITECTURES (-DCMAKE_CUDA_ARCHITECTURES=121a, "
                   "keeping any other architectures it lists), as its message says")


def test_the_second_readers_look_alikes_of_session_38() -> None:
    # a caught access under NumPy's warning, a getattr of a name from a config: no claim
    for name in ("synth-numpy-futurewarning-then-segfault", "synth-numpy-futurewarning-then-cut-traceback",
                 "synth-numpy-former-attrs-cut-config", "synth-check-min-version-raise",
                 "synth-check-cuda-version-raise"):
        assert reviewed("review38", name) == [], name
    # the alias named from the line above numpy's frame
    (family, cause), = reviewed("review38", "synth-numpy-former-attrs-cut-librosa")
    assert (family, cause.startswith("librosa's code (librosa.util.utils) asks numpy for np.float, an alias")) == (
        "api-mismatch", True)
    # a mirror named in pip's configuration: no mismatch claimed
    assert [family for family, _ in reviewed("review38", "synth-onnxruntime-mirror-lag-unshown")] == []
    # torchvision publishes wheels only
    assert [family for family, _ in reviewed("review38", "synth-torchvision-wheels-only-missed")] == [
        "binary-mismatch"]
    # CMake's later words, and nvcc given the detection's words as an architecture
    for name in ("diffusion-rs-39", "synth-nvcc-no-cuda-devices-found"):
        assert [family for family, _ in reviewed("review38", name)] == ["extension-build"], name
    found, _ = explain_log((Path(__file__).parent / "data" / "review38" / "inputs" /
                            "synth-ggml-121-multi-arch.log").read_text(encoding="utf-8"))
    assert found[0].hint.fix == ("give 121a (or 121f) in place of 121 in CMAKE_CUDA_ARCHITECTURES "
                                 "(-DCMAKE_CUDA_ARCHITECTURES=121a, keeping any other architectures it lists), as its "
                                 "message says")


def test_holdout117s_readings() -> None:
    # a clone of scanpy's repository running its own code, asking AnnData for a method anndata 0.7 added
    family, cause, fix = first("holdout117a", "scanpy-1151.log")
    assert (family, cause) == ("api-mismatch", "the code asks an AnnData (anndata's class) for is_view, which anndata "
                               "0.6.22.post1 does not have: anndata 0.7 added it (the releases before it lack it), so "
                               "the code was written for a newer anndata")
    assert fix.startswith('install anndata>=0.7 (pip install "anndata>=0.7")')
    # the Microsoft Store's Python: its own library, not a file that shadows it
    assert first("holdout117a", "hgcn-43.log")[1].startswith(
        "networkx (networkx.classes.graph) asks for collections.Mapping, which Python 3.10 and later do not have")
    # a deprecation raised as an error, in a traceback
    family, cause, fix = first("holdout117a", "seaborn-3037.log")
    assert (family, cause) == ("api-mismatch", "seaborn (seaborn.axisgrid) calls iteritems of pandas, which the "
                               "installed pandas deprecates (its FutureWarning: \"iteritems is deprecated and will be "
                               "removed in a future version. Use .items instead.\"), and this run makes warnings "
                               "errors (python -W error, pytest's filterwarnings = error): seaborn was written for an "
                               "older pandas")
    assert fix.endswith('or let this warning pass where the run makes warnings errors (-W "ignore::FutureWarning", '
                        "or a filterwarnings entry)")
    assert first("holdout117b", "glow-96.log")[:2] == (
        "extension-build", "the code builds its extension with torch.utils.ffi (create_extension), torch 0.4's builder "
        "of C extensions, which torch 1.0 and later replace with torch.utils.cpp_extension and refuse with this "
        "ImportError: it was written for torch 0.4 or older")
    for log in ("horovod-2478.log", "once-for-all-29.log"):
        family, cause, fix = first("holdout117b", log)
        assert family == "torch-not-cuda"
        assert cause.startswith("the installed Horovod was built without CUDA")
        assert fix.startswith("reinstall Horovod built with GPU support: HOROVOD_GPU_OPERATIONS=NCCL pip install")


_DEPRECATION_PRINTED = '''/env/lib/python3.10/site-packages/seaborn/axisgrid.py:745: FutureWarning: iteritems is deprecated \
and will be removed in a future version. Use .items instead.
  plot_args = [v for k, v in plot_data.iteritems()]
'''
_DEPRECATION_OF_MY_CODE = '''Traceback (most recent call last):
  File "/work/plot.py", line 3, in <module>
    for k, v in df.iteritems():
  File "/env/lib/python3.10/site-packages/pandas/core/frame.py", line 1357, in iteritems
    warnings.warn(
FutureWarning: iteritems is deprecated and will be removed in a future version. Use .items instead.
'''


def test_a_deprecation_printed_or_called_by_the_users_own_code_claims_no_release() -> None:
    assert answered(_DEPRECATION_PRINTED) == []
    assert answered(_DEPRECATION_OF_MY_CODE) == []
    # a folder of the user's named twice is no clone of a package
    assert answered("Traceback (most recent call last):\n  File \"/home/u/myproj/myproj/run.py\", line 3, in main\n"
                    "    adata.is_view\nAttributeError: 'AnnData' object has no attribute 'is_view'\n") == []


def test_the_second_readers_look_alikes_of_holdout117s_readings() -> None:
    # tests/data/review38b: a user's folder named like a package, a deprecation a decorator emits, a keyword the
    # user's code passed through, mpl_toolkits inside matplotlib's wheel, torch.utils.ffi caught and gone past
    for name in ("synth-clone-user-mcp-server-folder", "synth-clone-keras-tutorial-folder",
                 "synth-deprecation-typing-extensions-helper", "synth-deprecation-forwarded-kwarg-dask",
                 "synth-deprecation-mpl-toolkits-plain"):
        assert reviewed("review38b", name) == [], name
    assert not any("torch.utils.ffi" in cause for _, cause in reviewed("review38b", "synth-ffi-caught-then-other-failure"))
    # matplotlib's own deprecation class and words; the option's name, not the word "option"
    (family, cause), = reviewed("review38b", "synth-deprecation-mpl-get-cmap-seaborn")
    assert (family, cause.startswith("seaborn (seaborn.matrix) calls get_cmap of matplotlib")) == ("api-mismatch", True)
    assert reviewed("review38b", "synth-deprecation-option-context")[0][1].startswith(
        "seaborn (seaborn.distributions) calls use_inf_as_na of pandas")
    # Horovod beside torch's ROCm build: built for ROCm, not CUDA
    found, _ = explain_log((Path(__file__).parent / "data" / "review38b" / "inputs" /
                            "synth-horovod-rocm.log").read_text(encoding="utf-8"))
    assert found[0].hint.fix.startswith("reinstall Horovod built for ROCm: HOROVOD_GPU=ROCM")
    # a pytest assertion's repr of a subprocess's stderr, its quotes escaped
    assert first("holdout118b", "jack-224.log")[0] == "glibcxx-not-found"


def test_holdout118s_readings() -> None:
    for log, asker in (("neuroglancer-scripts-27.log", "neuroglancer-scripts (neuroglancer_scripts.volume_reader)"),
                       ("PyMVPD-1.log", "mvpdlite (mvpdlite.viz.viz_map)")):  # PyMVPD-1: Spyder's frames
        family, cause, fix = first("holdout118a", log)
        assert family == "api-mismatch"
        assert cause == (f"{asker} calls get_data of nibabel, whose deprecation has expired in the installed nibabel: "
                         "it keeps the name only to raise ExpiredDeprecationError, so "
                         f"{asker.partition(' ')[0]} was written for an older nibabel")
    assert first("holdout118a", "twinify-56.log")[1] == (
        "numpyro's base class (numpyro.distributions.constraints) asks each class that subclasses it for tree_flatten "
        "when the class is defined (its __init_subclass__), and twinify's _CombinedConstraint "
        "(twinify.dpvi.modelling.mixture_model) has none: twinify was written for a release of numpyro that did not ask "
        "it")
    assert first("holdout118a", "GenoPred-94.log")[1].startswith(
        "conda's solver (libmamba) finds no set of releases that meets every requirement together: the part of its "
        "tree pasted")
    family, cause, fix = first("holdout118a", "statsmodels-1425.log")
    assert (family, cause.partition(",")[0]) == (
        "version-guard", "statsmodels' setup script checks the packages it builds against before building")
    assert fix.startswith('install scipy first (pip install "scipy"), then statsmodels')


def test_a_version_is_read_on_its_names_line_only() -> None:
    # IPython's numbered source lines: "35 import jax" over "36 from jax...", once read as jax 36
    assert first("holdout77a", "scvi-tools-2003.log")[1] == (
        "chex (chex._src.pytypes) asks for jax.Device, which the installed jax does not have: jax 0.4.3 added it (the "
        "releases before it lack it), so chex was written for a newer jax")
    assert first("holdout83a", "pytorch-image-models-420.log")[1].startswith(
        "timm (timm.models.layers.helpers) asks for the name container_abcs from torch._six")


_SUBCLASS_OF_MINE = '''Traceback (most recent call last):
  File "/work/model.py", line 3, in <module>
    class MyConstraint(Constraint):
  File "/env/lib/python3.10/site-packages/numpyro/distributions/constraints.py", line 82, in __init_subclass__
    register_pytree_node(cls, cls.tree_flatten, cls.tree_unflatten)
AttributeError: type object 'MyConstraint' has no attribute 'tree_flatten'
'''


def test_a_subclass_of_the_users_own_or_a_setup_requirement_in_prose_claims_no_release() -> None:
    assert answered(_SUBCLASS_OF_MINE) == []
    assert answered("ImportError: statsmodels requires scipy\n") == []  # no setup script's frame


def test_pips_headline_naming_a_requirements_files_many_lines() -> None:
    # holdout117a: MotionMillion-Codes#9, 900 characters of "-r requirements.txt (line N)" before "because these ..."
    family, cause, _ = first("holdout117a", "MotionMillion-Codes-9.log")
    assert family == "version-guard"
    assert cause.startswith("pip's resolver found no set of releases that meets every requirement it was given: what "
                            "it was asked to install (-r requirements.txt (line 131), ")
    assert " ... " in cause
    assert "and numpy==1.22.4) requires releases of a package that conflict" in cause


def test_holdout119s_readings() -> None:
    expected = {("holdout119b", "AutoDock-GPU-146.log"): "no-kernel-image",  # "failed invalid device symbol"
                ("holdout119b", "dlib-2896.log"): "no-kernel-image",  # dlib's "reason: invalid device function"
                ("holdout119b", "dlib-2307.log"): "extension-build",  # "CMake must be installed to build ..."
                ("holdout119b", "social_mapper-25.log"): "extension-build",
                ("holdout119b", "faceswap-playground-37.log"): "binary-mismatch",  # the kernel's invalid-opcode trap
                ("holdout81b", "arrow-14835.log"): "binary-mismatch",
                ("holdout119b", "face_recognition-731.log"): "extension-abi",  # cblas_dtrsm
                ("holdout119a", "testplan-178.log"): "version-guard",  # "requires Python 3.5 or later. The current"
                ("holdout119a", "quadpy-113.log"): "api-mismatch"}  # markdown's "'_" after the name
    for (group, log), family in expected.items():
        assert first(group, log)[0] == family, log
    assert first("holdout119a", "testplan-178.log")[1] == (
        "Scikit-learn's own check requires Python 3.5 or later, and this Python is 2.7: the release pip chose needs a "
        "newer Python")
    # a Bazel test's own tree: its modules are its BUILD targets', no release's (the distractor jax#38405)
    assert answered((REAL_DIR / "holdout119a" / "jax-38405.log").read_text(encoding="utf-8")) == []


def test_the_third_second_readers_look_alikes() -> None:
    # tests/data/review38c: paths with spaces in Spyder's frames, another package's name deprecated with nibabel's or
    # astropy's decorator, the base's own class in its hook, a tree row before the exception raised after it
    for name in ("synth-expired-spyder-onedrive-space", "synth-subclass-spyder-space",
                 "synth-expired-other-package-uses-nibabel-deprecator", "synth-deprecation-astropy-decorator",
                 "synth-subclass-names-base-class", "synth-mamba-row-earlier-then-traceback",
                 "synth-setup-requires-python", "synth-deprecation-numpy-deprecate-scipy-imread"):
        assert reviewed("review38c", name) == [], name
    # conda's virtual packages: the driver, glibc
    assert reviewed("review38c", "synth-mamba-rows-cuda-missing")[0][1].startswith(
        "conda finds only builds that need a CUDA driver (the virtual package __cuda)")
    assert reviewed("review38c", "synth-mamba-rows-glibc-missing")[0][1].startswith(
        "conda finds only builds that need more of the system than it has (the virtual package __glibc")
    # IPython 8 qualifies the hook's name
    assert reviewed("review38c", "synth-subclass-twinify-ipython8")[0][0] == "api-mismatch"
    # a ROCm pin pip could not find is no ROCm machine
    found, _ = explain_log((Path(__file__).parent / "data" / "review38c" / "inputs" /
                            "synth-horovod-cuda-with-rocm-mention.log").read_text(encoding="utf-8"))
    assert found[0].hint.fix.startswith("reinstall Horovod built with GPU support: HOROVOD_GPU_OPERATIONS=NCCL")


def test_holdout120s_readings() -> None:
    expected = {("holdout120a", "introduction_to_ml_with_python-179.log"): "api-mismatch",  # spaCy's "obsolete as of"
                ("holdout73a", "introduction_to_ml_with_python-180.log"): "api-mismatch",
                ("holdout120b", "paddle-37349.log"): "extension-cuda-lib",  # Paddle's cuDNN warning, alone
                ("holdout68b", "Paddle-42566.log"): "extension-cuda-lib",
                ("holdout120b", "pix2text-132.log"): "torch-not-cuda",  # optimum's words for a CPU onnxruntime
                ("holdout120b", "dreamerv3-64.log"): "extension-cuda-lib"}  # nvlink "newer than toolkit (118 vs114)"
    for (group, log), family in expected.items():
        assert first(group, log)[0] == family, log
    assert first("holdout120a", "introduction_to_ml_with_python-179.log")[1] == (
        "spaCy 3.0 made obsolete what the code asks for (It looks like you're trying to load a model from a shortcut), "
        "as its own message says: the code was written for an older spacy")
    assert first("holdout120b", "dreamerv3-64.log")[1].startswith(
        "the CUDA toolkit whose nvlink links the kernels is CUDA 11.4, older than the CUDA 11.8 that compiled them")


_PADDLE_WARNED_THEN = '''W1215 22:57:15.662986 24484 gpu_resources.cc:217] WARNING: device: . The installed Paddle is compiled with \
CUDNN 8.4, but CUDNN version in your machine is 8.3, which may cause serious incompatible bug.
Traceback (most recent call last):
  File "train.py", line 3, in <module>
    open("/data/missing.csv")
FileNotFoundError: [Errno 2] No such file or directory: '/data/missing.csv'
'''


def test_paddles_cudnn_warning_is_told_only_where_nothing_fails_after_it() -> None:
    assert answered(_PADDLE_WARNED_THEN) == []
    newer = _PADDLE_WARNED_THEN.split("Traceback")[0].replace("machine is 8.3", "machine is 8.6")
    assert answered(newer) == []  # a newer cuDNN loaded: no claim


def test_the_fourth_second_readers_look_alikes() -> None:
    # tests/data/review38d: Rust's abort and an earlier run's trap, a symbol passed by its name, a Python conflict
    # beside conda's __cuda, optimum with DirectML's provider, "obsolete as of Python"
    for name in ("synth-trap-rust-double-panic", "synth-trap-old-dmesg-then-traceback", "synth-devsym-string-symbol",
                 "synth-optimum-directml", "synth-obsolete-as-of-python", "distribution-3008"):
        assert reviewed("review38d", name) == [], name
    assert reviewed("review38d", "synth-mamba-cuda-and-python-conflict")[0][1].startswith(
        "conda's solver (libmamba) finds no set of releases that meets every requirement together")
    assert reviewed("review38d", "synth-mamba-cuda-macos")[0][1].endswith("and this is macOS (osx-*), where no CUDA "
                                                                         "exists")
    # dmesg's trap lines broken before " in lib..."; spaCy 3.0.x's "deprecated as of"; a three-part Python floor
    assert reviewed("review38d", "ipex-llm-8848")[0][0] == "binary-mismatch"
    assert reviewed("review38d", "markovify-159")[0][0] == "api-mismatch"
    assert reviewed("review38d", "synth-pyfloor-three-part")[0][1].startswith(
        "pandas' own check requires Python 3.7.1 or later")
    # rules_python's pypi__jax: an installed release, judged as one; the tree a script's CalledProcessError follows
    assert reviewed("review38d", "synth-bazel-pip-repo-no-site-packages")[0][0] == "api-mismatch"
    assert reviewed("review38d", "synth-mamba-tree-then-calledprocesserror")[0][0] == "version-guard"


def test_holdout121s_readings() -> None:
    # a package's own function called through its own forwarding wrapper with a keyword no release took: its own bug
    assert answered((REAL_DIR / "holdout121b" / "numba-5868.log").read_text(encoding="utf-8")) == []
    # tensorflow-gpu publishes wheels only (its one source distribution is 2.12.0's placeholder)
    assert first("holdout121a", "Real-Time-Voice-Cloning-194.log")[0] == "binary-mismatch"


def test_condas_cuda_packages_asked_on_macos() -> None:
    family, cause, _ = first("holdout121a", "ML4G-8.log")
    assert (family, cause) == ("version-guard", "conda is asked for cudatoolkit on macOS (the channels it read are "
                               "osx-*): NVIDIA's CUDA packages have no macOS build, as CUDA does not exist for macOS")


def test_holdout121s_and_122s_gpu_and_cuda_library_checks() -> None:
    expected = {("holdout121b", "cudf-12812.log"): "no-kernel-image",  # RAPIDS' GPU check, its traceback cut
                ("holdout121b", "cuml-5484.log"): "no-kernel-image",  # "missing the necessary PTX files that are <=50"
                ("holdout121b", "paddlespeech-194.log"): "extension-cuda-lib",  # "libcudnn v7 with header v5"
                ("holdout122b", "docker-devel-env-11.log"): "extension-cuda-lib",  # TF's "Cuda Configuration Error"
                ("holdout122b", "d3d-8.log"): "extension-build"}  # ptxas refusing sm_30 in a CMake build
    for (group, log), family in expected.items():
        assert first(group, log)[0] == family, log
    # (gpu_floors' reading, now that the warning before a traceback cut in cudf's own import is not passed over)
    assert first("holdout121b", "cudf-12812.log")[1] == (
        "the library's build needs an NVIDIA Pascal GPU (compute capability 6.0) or newer, and this GPU (Tesla M60, "
        "compute capability 5.2) is older: its binaries carry no kernels for it")
    assert first("holdout122b", "d3d-8.log")[2].endswith(
        "where CMake's own compiler check asks for it, point CMake at the toolkit's nvcc (CMAKE_CUDA_COMPILER: another "
        "nvcc first on PATH asks for its own default arch)")


def test_holdout123s_readings() -> None:
    family, cause, fix = first("holdout123a", "onnxmltools-55.log")
    assert (family, cause) == ("version-guard", "the package's own check targets ONNX 1.1.2, and the installed ONNX is "
                               "1.2: the two are from releases that do not fit")
    assert fix.startswith('install ONNX 1.1.2 (pip install "onnx==1.1.2")')
    family, cause, _ = first("holdout123b", "Wan2GP-1513.log")
    assert (family, cause) == ("extension-dll-load", "Windows cannot load onnxruntime_providers_cuda.dll: it depends on "
                               "cublasLt64_12.dll (CUDA 12's), which is not installed or not on PATH")


def test_jaxs_tpu_warning_and_a_later_step_of_poetrys_derivation() -> None:
    family, cause, fix = first("holdout121b", "recml-9.log")
    assert (family, fix) == ("torch-not-cuda", 'on the TPU machine, install JAX with its TPU extras, which bring '
                             'libtpu: pip install -U "jax[tpu]"')
    assert cause.startswith("JAX found a Google TPU but no TPU support to drive it")
    family, cause, _ = first("holdout122a", "spaCy-13196.log")  # "And because ..." broken before " and pydantic"
    assert (family, cause.partition(":")[0]) == (
        "version-guard", "spacy (3.7.2) requires typing-extensions >=3.7.4.1,<4.5.0, and pydantic (2.0) depends on "
        "typing-extensions >=4.6.1")
