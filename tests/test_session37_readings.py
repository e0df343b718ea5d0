"""Readings session 37 added, each held to a real log's answer and the look-alikes they must leave alone.

They come from holdout110's and holdout111's misses (docs/reliability.md, session 37): a gym wrapper asked for its
environment's attribute, nvcc older than the option torch's ninja build passes it, torch's extension builder finding no
compiler, one fork of uv's universal resolution, a library's CPU build asked for CUDA on a Mac, numpy.distutils with no
Fortran compiler, PaddlePaddle's CPU build in more words, older wordings of "invalid device function", Jupyter's tools
(nbconvert's pandoc check and its templates before 6.0, the widget manager's check); and the look-alikes the session's
second reader wrote against them (tests/data/review37).
"""

from __future__ import annotations

from pathlib import Path

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import REAL as REAL_DIR
from real_answers import answered, first, reviewed


def test_a_gym_wrapper_asked_for_its_environments_attribute() -> None:
    family, cause, fix = first("holdout110a", "DQN-tensorflow-25.log")
    assert family == "api-mismatch"
    assert cause == ("gym's TimeLimit wrapper (gym.make puts it around registered environments) was asked for 'ale', "
                     "an attribute of the environment it wraps, and the installed release's wrappers do not pass "
                     "attributes on: gym from 0.7.4 until Wrapper.__getattr__ (2019), and gymnasium from 1.0")
    assert fix == ("ask the environment itself: env.unwrapped.ale (works in every release), or install the gym or "
                   "gymnasium release the code was written for")
    family, cause, fix = first("holdout110a", "SimplerEnv-119.log")
    assert family == "api-mismatch"
    assert cause == ("gymnasium's TimeLimit wrapper (gym.make puts it around every environment) was asked for "
                     "'get_language_instruction', an attribute of the environment it wraps: gymnasium 1.0 removed "
                     "Wrapper.__getattr__, which passed such attributes on (deprecated in 0.29), and the code was "
                     "written for a release that still did")
    assert fix == ("ask the environment itself: env.unwrapped.get_language_instruction (or "
                   "env.get_wrapper_attr('get_language_instruction')), or pin 'gymnasium<1.0' for code written before "
                   "it")
    # the log must show gym: one line naming a TimeLimit shows nothing of it (holdout110a's SimplerEnv-44)
    assert answered((REAL_DIR / "holdout110a" / "SimplerEnv-44.log").read_text(encoding="utf-8")) == []


def test_what_a_forwarding_wrapper_or_another_class_lacks_is_not_the_wrappers() -> None:
    # where wrappers forward, the environment's own class is named: nothing says which release it was written for
    assert answered("AttributeError: 'CartPoleEnv' object has no attribute 'x_threshold_'\n") == []
    # a wrapper of the user's own, and a private name (holdout108a's mjrl#9 is the atlas's, not this reading's)
    assert answered("AttributeError: 'MyTimeLimit' object has no attribute 'ale'\n") == []
    assert not any("wrapper" in cause for cause in answered("AttributeError: 'TimeLimit' object has no attribute "
                                                            "'_seed'\n"))
    # the second reader's: a quiz bot's own TimeLimit; seed, which gym 0.26 removed from Env (the atlas's answer);
    # a misspelt unwrapped
    assert reviewed("review37", "synth-user-timelimit-class") == []
    (family, cause), = reviewed("review37", "synth-gymnasium1-timelimit-seed")
    assert (family, "wrapper" in cause) == ("api-mismatch", False)
    assert reviewed("review37", "synth-gymnasium1-timelimit-typo-unwraped") == []


def test_the_wrapper_api_list_is_the_atlas_own() -> None:
    import gzip
    import json
    from pathlib import Path

    import pytest_autoglm_compat.knowledge as knowledge
    from pytest_autoglm_compat.knowledge.generic.gym_api import WRAPPER_API

    names: set[str] = set()
    for dist in ("gym", "gymnasium"):
        data = json.loads(gzip.decompress((Path(knowledge.__file__).parent / "atlas" / f"{dist}.json.gz").read_bytes()))
        core = json.loads(data["modules"][f"{dist}.core"])
        for cls in ("Env", "Wrapper"):
            names |= {name for name in core["classes"][cls]["methods"] if not name.startswith(("_", "("))}
    assert set(WRAPPER_API) == names


def test_an_nvcc_older_than_the_option_torchs_ninja_build_passes() -> None:
    family, cause, fix = first("holdout110b", "structurenet-13.log")
    assert family == "extension-build"
    assert cause == ("torch's ninja build of the CUDA extension passes nvcc --generate-dependencies-with-compile, as "
                     "torch does where it was itself built with CUDA 10.2 or newer, and the nvcc the build found does "
                     "not know the option: that CUDA toolkit is older than 10.2, another toolkit than the one torch "
                     "was built with (first on PATH or in CUDA_HOME)")
    assert fix.startswith("install the CUDA toolkit of torch's own CUDA release")
    assert answered("nvcc fatal   : Unknown option '-foo'\n") == []
    # a Makefile's own nvcc call (the second reader's look-alike), and the refusal alone: no torch build shown
    assert reviewed("review37", "synth-nvcc-makefile-gendeps-no-torch") == []
    assert reviewed("review37", "inplace_abn-205") == []
    assert [family for family, _ in reviewed("review37", "sglang-4120")] == ["extension-build"]


def test_torchs_extension_builder_finding_no_compiler_even_where_the_terminal_wrapped_its_warning() -> None:
    for group, log in (("holdout110b", "nerfacc-238.log"), ("holdout91b", "mmcv-2102.log")):
        family, cause, fix = first(group, log)
        assert family == "extension-build", log
        assert cause == ("torch's C++ extension builder could not run the compiler cl (not found): building the "
                         "extension's C++/CUDA code needs Microsoft's C++ compiler (Visual Studio or its Build Tools) "
                         "on PATH"), log
        assert fix.startswith('install Visual Studio (or the Build Tools) with "Desktop development with C++"')
    # the source line the warning prints under it, and a compiler that ran and failed: not a compiler not found
    assert answered("    warnings.warn(f'Error checking compiler version for {compiler}: {error}')\n") == []
    assert answered("UserWarning: Error checking compiler version for c++: Command '['c++']' returned non-zero exit "
                    "status 1.\n") == []
    # the build went on (easy_install finished; cl.exe ran), and a Linux compiler's name: not this reading's
    assert reviewed("review37", "easy-faster-rcnn.pytorch-22") == []
    for name in ("synth-cl-win-setuptools-found-cl-then-nvcc-error", "synth-cl-conda-cxx-gpp-missing-eigen"):
        assert not any("could not run the compiler" in cause for _, cause in reviewed("review37", name)), name


def test_one_fork_of_uvs_universal_resolution() -> None:
    family, cause, fix = first("holdout110a", "uv-8705.log")
    assert family == "version-guard"
    assert cause == ("uv resolves the project once for every Python and platform it admits (universal resolution), "
                     "and for the environments python_full_version >= '3.12' no versions meet the requirements: the "
                     "derivation below the headline names the bounds (or the wheels) that fail there, which the "
                     "environment in use may not need")
    assert fix.startswith("narrow what uv resolves for to the environments the project runs on (requires-python")
    # the markers wrapped over two lines, and cut at the line's end
    assert "python_full_version > '3.10' and python_full_version < '3.11' no versions" in \
        first("holdout92a", "ome-zarr-py-588.log")[1]
    assert [family for family, _ in reviewed("review37", "synth-uv-split-darwin-no-wheels")] == ["version-guard"]
    # a fork by extras, of every Python 3 from a floor, a pin no index has or a yanked one: not the fork's
    for name in ("synth-uv-split-extras-cu-version-not-indexed", "uv-14231", "synth-uv-split-typo-version",
                 "synth-uv-split-yanked-pin", "synth-uv-split-missing-package"):
        assert reviewed("review37", name) == [], name
    # a name no index has fails every fork alike: a typo or a private package, not a bound
    assert answered("  × No solution found when resolving dependencies for split (python_full_version >= '3.12'):\n"
                    "  ╰─▶ Because torchh was not found in the package registry and your project depends on torchh,\n"
                    "      we can conclude that your project's requirements are unsatisfiable.\n") == []


def test_a_librarys_cpu_build_asked_for_cuda_on_a_mac() -> None:
    family, cause, fix = first("holdout110b", "PaddleGAN-243.log")
    assert family == "torch-not-cuda"
    assert cause == ("this is a Mac: PaddlePaddle for macOS is built without CUDA (no CUDA build of it exists for "
                     "macOS), and the code asks it for a CUDA GPU")
    assert fix == ("run PaddlePaddle on the CPU here (its CPU device; some libraries also offer Apple's GPU through "
                   "Metal/MPS); CUDA needs Linux or Windows with an NVIDIA GPU and the library's CUDA build")
    family, cause, _ = first("holdout80b", "GPT_subtitles-6.log")
    assert (family, cause.split(":")[0]) == ("torch-not-cuda", "this is a Mac")
    # on Linux the same words are an install to change
    # a Mac's prompt before an ssh to a Linux box, pip's list of the macOS wheels it skipped: not a Mac
    assert reviewed("review37", "synth-ssh-from-mac-linux-ctranslate2") == []
    assert reviewed("review37", "synth-linux-pipv-macosx-tag-ctranslate2") == []
    (family, cause), = reviewed("review37", "synth-ssh-from-mac-linux-ctranslate2-nvidia-smi")
    assert (family, cause.startswith("the installed CTranslate2 is a build without CUDA")) == ("torch-not-cuda", True)
    linux = answered('  File "/home/u/venv/lib/python3.10/site-packages/x.py", line 3, in f\n'
                     "ValueError: This CTranslate2 package was not compiled with CUDA support\n")
    assert linux
    assert linux[0].startswith("the installed CTranslate2 is a build without CUDA")


def test_numpy_distutils_with_no_fortran_compiler() -> None:
    for log in ("heroku-buildpack-scipy-21.log", "heroku-buildpack-python-sklearn-4.log", "homebrew-biobakery-22.log"):
        family, cause, fix = first("holdout111b", log)
        assert family == "extension-build", log
        assert cause == ("the build compiles dfftpack's Fortran sources (numpy.distutils, building a package such as "
                         "SciPy from source) and found no Fortran compiler")
        assert fix.startswith("install a Fortran compiler (gfortran")


def test_paddles_cpu_build_in_its_inference_and_places_words() -> None:
    for log in ("PaddleX-1361.log", "PaddleFormers-1166.log"):
        family, cause, _ = first("holdout111b", log)
        assert (family, cause.split(" (")[0]) == ("torch-not-cuda", "the installed PaddlePaddle is its CPU build"), log
    # the same three words from another library's frames are not Paddle's
    assert answered('  File "/usr/lib/python3/site-packages/other/x.py", line 3, in f\n'
                    '    raise AssertionError("Not compiled with CUDA")\nAssertionError: Not compiled with CUDA\n') == []


def test_older_wordings_of_invalid_device_function() -> None:
    for log in ("caffe-niuzhiheng-1.log", "minerva-32.log"):
        assert first("holdout111b", log)[0] == "no-kernel-image", log


def test_nbconvert_checks_pandoc_and_nbconvert_5s_templates() -> None:
    family, cause, fix = first("holdout111a", "new-docs-73.log")
    assert family == "version-guard"
    assert cause == ("nbconvert's check of pandoc refuses pandoc 2.2.3.2: the installed nbconvert supports another range "
                     "of pandoc (printed below the warning) (a warning: the conversion goes on, \"with doubts\")")
    joined = answered("RuntimeWarning: You are using an unsupported version of pandoc (3.1.3). Your version must be at "
                      "least (1.12.1) but less than (3.0.0).\n")
    assert joined == ["nbconvert's check of pandoc refuses pandoc 3.1.3: the installed nbconvert supports pandoc "
                      ">=1.12.1,<3.0.0 (a warning: the conversion goes on, \"with doubts\")"]
    family, cause, fix = first("holdout111a", "rsd-engineeringcourse-186.log")
    assert family == "api-mismatch"
    assert cause == ("the code asks nbconvert for the template 'basic.tpl', a name of nbconvert 5's templates: nbconvert "
                     "6.0 replaced them with template folders of .j2 files (lab, classic, base, latex), so the code was "
                     "written for nbconvert 5")
    assert fix.startswith('pin nbconvert<6 (pip install "nbconvert<6")')
    assert first("holdout111a", "RunNotebook-12.log")[0] == "api-mismatch"
    # a web app's own template
    assert answered("jinja2.exceptions.TemplateNotFound: index.html\n") == []


def test_the_widget_managers_check_of_a_widget_modules_version() -> None:
    family, cause, fix = first("holdout111a", "ipywidgets-3647.log")
    assert family == "version-guard"
    assert cause == ("the kernel's widget asks the frontend for @jupyter-widgets/controls ^1.5.0, and the frontend's "
                     "widget manager registered @jupyter-widgets/controls 2.0.0: the kernel's and the frontend's widget "
                     "releases are of different majors (@jupyter-widgets/controls 1.x is ipywidgets 7's, 2.x "
                     "ipywidgets 8's)")
    assert fix.startswith("install one ipywidgets major in both")


def test_a_name_sphinx_autodoc_asks_of_the_project_it_documents_is_the_projects() -> None:
    # holdout111a's distractor InnerEye-DeepLearning#702: the repository's submodules were not on sys.path
    assert answered((REAL_DIR / "holdout111a" / "InnerEye-DeepLearning-702.log").read_text(encoding="utf-8")) == []


def test_a_class_iteration_refused_in_pytests_short_summary() -> None:
    family, cause, fix = first("holdout112a", "pudl-2128.log")
    assert family == "api-mismatch"
    assert cause.startswith("the code uses a GeometryCollection (shapely.geometry.collection) as an iterable")
    assert fix.startswith('install shapely<2.0.0 (pip install "shapely<2.0.0")')
    # another TypeError in the summary is a test's own (trl#4273): not read as the failure
    assert answered("FAILED tests/test_x.py::test_y - TypeError: unsupported operand type(s) for +: 'int' and "
                    "'str'\n") == []


def test_caffe2s_own_check_of_the_cudnn_it_loaded() -> None:
    family, cause, fix = first("holdout112b", "Detectron-574.log")
    assert family == "extension-cuda-lib"
    assert cause.startswith("the library was built against cuDNN 7.1.2 and the cuDNN loaded at runtime is 7.0.5")
    assert fix.startswith("remove the other cuDNN's folder from LD_LIBRARY_PATH")


def test_a_package_the_log_shows_without_its_own_version_is_judged_by_no_release() -> None:
    # holdout113a's distractor rdkit#2182: the log also shows the package without its own __version__ (run while
    # conda was still installing it): no release to judge by its parts
    assert answered((REAL_DIR / "holdout113a" / "rdkit-2182.log").read_text(encoding="utf-8")) == []


def test_numpys_api_check_in_its_older_words_without_0x() -> None:
    for log in ("healpy-318.log", "astropy-4230.log", "legacypipe-86.log"):
        family, cause, _ = first("holdout113b", log)
        assert family == "extension-abi", log
        assert cause.startswith("a compiled module was built against a newer NumPy than the installed NumPy"), log


def test_macos_loader_a_linked_library_gone() -> None:
    family, cause, fix = first("holdout113b", "cartopy-823.log")
    assert family == "binary-mismatch"
    assert cause == ("cartopy's compiled extension was linked against /usr/local/lib/libproj.9.dylib, which is no longer "
                     "on this Mac: libproj (or the package that provides it) was upgraded or removed after cartopy was "
                     "built or installed (Homebrew and conda replace a library's release in place)")
    assert fix.startswith("reinstall cartopy built against the installed libproj")
    assert first("holdout73b", "LightGBM-1573.log")[0] == "binary-mismatch"
    # a library the loader did find, and a user's own build folder: not a library gone from an installed package
    assert answered("ImportError: dlopen(/Users/me/proj/build/_ext.so, 2): Library not loaded: libfoo.1.dylib\n"
                    "  Reason: image not found\n") == []


def test_a_librarys_floor_in_words_is_not_read_as_the_version_found() -> None:
    family, cause, fix = first("holdout113a", "PaddleDetection-943.log")
    assert (family, cause, fix) == ("version-guard", "the library's own version check requires paddlepaddle>=2.0.0",
                                    "pip install 'paddlepaddle>=2.0.0' (or 'paddlepaddle-gpu>=2.0.0' for the GPU "
                                    "build)")


def test_the_second_readers_look_alikes_of_the_later_readings_are_left_alone() -> None:
    """tests/data/review37b: each got a false claim or an unfit fix from 09c0a7e."""
    for name in ("synth-flask-app-template-full", "synth-mailer-own-tpl-template",
                 "synth-nbconvert5-installed-basic-missing", "nbconvert-examples-8",
                 "synth-pandoc-warning-then-xelatex-missing", "synth-paddleocr-enablegpu-then-image-none",
                 "synth-fortran-optional-ext-then-other-error", "synth-dyld-own-project-build-lib", "dlib-668",
                 "synth-paddle-gpu-custom-op-not-compiled"):
        assert reviewed("review37b", name) == [], name
    (family, cause), = reviewed("review37b", "synth-dyld-rosetta-arch-mismatch")
    assert (family, cause.startswith("a compiled library is built for arm64")) == ("binary-mismatch", True)
    (family, cause), = reviewed("review37b", "synth-widget-ipyleaflet-not-registered")
    assert cause == ("the kernel's widget asks the frontend for jupyter-leaflet ^0.17.0, and the frontend registered "
                     "jupyter-leaflet 0.18.2: the widget's kernel-side package and its frontend extension are of "
                     "different releases")


def test_a_floor_on_paddle_names_the_gpu_build_where_the_log_shows_it() -> None:
    found, _ = explain_log((Path(__file__).parent / "data" / "review37b" / "inputs" /
                            "synth-paddle-gpu-user-floor.log").read_text(encoding="utf-8"))
    assert found[0].hint.fix == "pip install 'paddlepaddle-gpu>=2.0.0' (the GPU build, as installed here)"
    assert [family for family, _ in reviewed("review37b", "PaddleDetection-2154")] == ["version-guard"]


def test_library_checks_in_their_own_words() -> None:
    expected = {("holdout114b", "jaxlib-feedstock-288.log"): "extension-cuda-lib",
                ("holdout114a", "morpheus-experimental-48.log"): "version-guard",
                ("holdout114b", "mpi4py-570.log"): "extension-abi",
                ("holdout114b", "mpi4py-622.log"): "extension-abi",
                ("holdout114b", "SparseShiftLayer-2.log"): "extension-dll-load",
                ("holdout113a", "pycaret-951.log"): "version-guard",
                ("holdout115b", "cudf-869.log"): "extension-cuda-lib"}
    for (group, log), family in expected.items():
        assert first(group, log)[0] == family, log
    assert first("holdout114b", "mpi4py-570.log")[1].startswith(
        "the compiled module MPI.cpython-310-x86_64-linux-gnu.so was built against Open MPI (it asks for "
        "ompi_mpi_errors_abort, an Open MPI symbol), and the MPI library loaded at run time lacks it")
    assert first("holdout114b", "jaxlib-feedstock-288.log")[2].startswith(
        "point XLA at a CUDA install that has nvvm/libdevice")


def test_a_modules_own_alias_of_an_optional_package_is_no_release() -> None:
    # holdout114a's distractor ismn#89: ismn.const binds xr only where xarray imports
    assert answered((REAL_DIR / "holdout114a" / "ismn-89.log").read_text(encoding="utf-8")) == []


def test_the_third_second_readers_look_alikes_are_left_alone() -> None:
    """tests/data/review37c: each got a false claim or an unfit fix from f66fbc1."""
    for name in ("Fiona-1144", "synth-libarrow-no-pyarrow-system-gdal", "synth-pyarrow17-installed-libarrow1700-missing",
                 "synth-libarrow-python-pyarrow-installed", "synth-jax-cuda-warning-then-flax-missing",
                 "synth-jax-cuda-warning-then-shape-error", "synth-python-floor-py39",
                 "synth-python-floor-two-pythons", "synth-libarrow-conda-turbodbc-no-pyarrow"):
        assert reviewed("review37c", name) == [], name
    # the reader's "or the text-compare reading hedged" (session 39): no Python shown, both Pythons it refuses named
    (family, cause), = reviewed("review37c", "abseil-py-161")
    assert (family, cause.endswith("(the log does not show which Python ran it)")) == ("version-guard", True)
    for name in ("synth-mpi4py-configtest-lb-then-python-h", "synth-mpi4py-configtest-lb-then-libmpi-missing"):
        assert not any("MPI-3.0" in cause for _, cause in reviewed("review37c", name)), name
    (family, cause), = reviewed("review37c", "synth-intelmpi-mpi4py-ompi-symbol")
    assert (family, "another MPI (MPICH, Intel MPI)" in cause) == ("extension-abi", True)
    (family, cause), = reviewed("review37c", "tensorflow-60790")
    assert (family, cause.startswith("XLA (the GPU compiler of jaxlib and TensorFlow)")) == ("extension-cuda-lib", True)


def test_an_import_the_code_catches_is_not_the_failures_cause() -> None:
    # holdout115a's distractor handson-ml#352: "try: from sklearn.preprocessing import future_encoders / except
    # ImportError:", a notebook cell the user had edited
    assert answered((REAL_DIR / "holdout115a" / "handson-ml-352.log").read_text(encoding="utf-8")) == []
