"""Readings session 32 added, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest
from packaging.version import Version

from pytest_autoglm_compat.knowledge.generic.atlas import module_change
from pytest_autoglm_compat.knowledge.generic.numpy_abi import _UMATH_FROM
from pytest_autoglm_compat.tools.history.atlas_build import releases_to_read
from real_answers import REAL, answered, answers, first


def test_a_class_named_as_its_package_is_that_packages() -> None:
    # sphinx's Sphinx: no script names its own class so; 4.0-4.2 removed add_stylesheet, 4.3 restored it (sphinx#9699)
    family, cause, fix = first("holdout74a", "sphinx-12004.log")
    assert family == "api-mismatch"
    assert cause.startswith("the code asks a Sphinx (sphinx's class, the one of its name that had add_stylesheet) for "
                            "add_stylesheet, which the installed sphinx does not have: sphinx 6.0.0 removed it")
    assert fix == 'install sphinx>=4.3.0,<6.0.0 (pip install "sphinx>=4.3.0,<6.0.0"), or code that follows this sphinx'
    # a one-word class of anyone's (a script's own Graph) still needs the log to show the package
    assert answered("AttributeError: 'Graph' object has no attribute 'node'\n") == []


def test_the_package_asked_of_its_own_submodule_is_the_imports_slip() -> None:
    # scipy#17902: "from scipy.io.matlab.mio5_utils import scipy" (the maintainer: "Your import is wrong")
    assert answers("holdout78a", "scipy-17902.log") == []


_UMATH = ("a compiled module was built against NumPy 1.16.0 or later, whose C core is one module "
          "(numpy.core._multiarray_umath), and the installed NumPy is older: it has no such module")


def test_numpys_one_core_module_missing_is_a_module_built_for_a_newer_numpy() -> None:
    # the release the reading names is the one the bundled atlas reads the compiled module from
    change = module_change("numpy", "numpy.core._multiarray_umath", compiled=True)
    assert change is not None
    assert change.added_in == _UMATH_FROM
    family, cause, _ = first("holdout78b", "CenterFace-79.log")
    assert (family, cause) == ("extension-abi", _UMATH)
    # a pickled file written by NumPy 1.16 or later is the unpickling reading's (GaitSet#27)
    family, cause, _ = first("holdout25a", "GaitSet-27.log")
    assert family == "api-mismatch"
    assert cause.startswith("the pickled file being loaded names")
    # a NumPy that has the module: no claim of an older one
    assert _UMATH not in answered("numpy==1.21.0\nImportError: No module named 'numpy.core._multiarray_umath'\n")
    assert _UMATH not in answered("x = np.load('a.npy')\nImportError: No module named 'numpy.core._multiarray_umath'\n")


def test_a_notice_before_a_traceback_cut_before_its_message_is_the_cause_shown() -> None:
    family, cause, fix = first("holdout78a", "spaCy-8603.log")
    assert (family, cause, fix) == ("version-guard", "the library's own version check requires spacy>=2.3.0,<2.4.0",
                                    "pip install 'spacy>=2.3.0,<2.4.0'")


def test_hdf5s_headline_and_a_c_librarys_function_missing_from_a_packages_module() -> None:
    family, cause, _ = first("holdout78b", "h5py-1074.log")
    assert family == "extension-abi"
    assert cause.startswith("a compiled module that uses HDF5 (h5py, PyTables, netCDF4 or another) was built against "
                            "other HDF5 headers than the HDF5 library it loads")
    family, cause, _ = first("holdout78b", "h5py-569.log")
    assert family == "extension-abi"
    assert cause == ("the compiled module defs.cpython-34m.so was built against HDF5 with H5Pget_fapl_mpio, and the HDF5 "
                     "library loaded at run time lacks it, or none is loaded: another release or build of HDF5 (one "
                     "built without that feature) comes first on the library path, or the module's build did not link "
                     "it")
    # the versions HDF5 printed win over its headline (repodata-hotfixes#122)
    _, cause, _ = first("holdout71b", "repodata-hotfixes-122.log")
    assert "was built against the HDF5 1.10.6 headers" in cause
    # a module's own symbol (pysbf#1), or a library file's (libtiff missing libjpeg's): not this reading
    assert not any("C library" in c or "was built against HDF5" in c for c in answered(
        "ImportError: /usr/lib/python3/dist-packages/sbf.so: undefined symbol: c_crc16\n"))
    assert not any("built against" in c for c in answered(
        "ImportError: /usr/lib/python3/site-packages/PIL/../pillow.libs/libtiff.so.6: undefined symbol: "
        "jpeg12_write_raw_data\n"))


@pytest.mark.parametrize(("group", "log"), [("holdout78b", "jittor-251.log"), ("holdout74b", "Pointnet2_PyTorch-150.log")])
def test_nvcc_older_than_the_cpp_standard_asked(group: str, log: str) -> None:
    family, cause, fix = first(group, log)
    assert family == "extension-build"
    assert cause == ("the build compiles CUDA code as C++14, and the nvcc it found does not know that standard: nvcc "
                     "takes -std=c++14 from CUDA 9.0 on, so that toolkit is older (another toolkit first on PATH or in "
                     "CUDA_HOME than the one the build needs)")
    assert fix.startswith("install a CUDA toolkit 9.0 or newer")
    assert any("from CUDA 11.0 on" in c for c in answered(
        "nvcc fatal   : Value 'c++17' is not defined for option 'std'\n"))
    # a standard nvcc never took is no release's (the table has none for it)
    assert not any("nvcc takes" in c for c in answered("nvcc fatal   : Value 'c++98' is not defined for option 'std'\n"))


@pytest.mark.parametrize(("group", "log"), [("holdout78b", "tensorflow-62.log"), ("holdout32b", "tensorflow-5591.log")])
def test_tensorflows_cudnn_not_loaded(group: str, log: str) -> None:
    family, cause, _ = first(group, log)
    assert family == "extension-cuda-lib"
    assert cause.startswith("TensorFlow's GPU build could not load cuDNN")


def test_a_long_series_is_read_whole() -> None:
    jax = [Version(f"0.4.{n}") for n in range(1, 39)] + [Version("0.3.0"), Version("0.3.5"), Version("0.3.25")]
    chosen = releases_to_read(jax)
    assert Version("0.4.24") in chosen
    assert len([v for v in chosen if v.minor == 4]) == 38
    assert [str(v) for v in chosen if v.minor == 3] == ["0.3.0", "0.3.25"]


@pytest.mark.parametrize("log", ["pybind11-1182.log", "omega_h-255.log"])
def test_a_modules_own_cpp_symbol_missing_is_its_own_build_not_a_mix(log: str) -> None:
    # pynns.so lacking pynns::BFQuery, PyOmega_h lacking Omega_h::pybind11_c: sources its build left out
    assert answers("holdout79b", log) == []
    # another library's namespace still reads as a mix of builds (TensorFlow's op library)
    assert any("C++ symbol of tensorflow" in c for c in answered(
        "NotFoundError: /usr/lib/python3/site-packages/tensorflow_text/python/ops/_regex_split_ops.so: undefined "
        "symbol: _ZN10tensorflow8OpKernel11TraceStringEPNS_15OpKernelContextEb\n"))


def test_conda_listing_system_requirements_that_are_met_is_no_claim() -> None:
    assert answers("holdout79a", "cuml-3108.log") == []  # __glibc>=2.17 with glibc 2.27: a channel was missing
    unmet = ("UnsatisfiableError: The following specifications were found to be incompatible with your system:\n\n"
             "  - feature:/linux-64::__glibc==2.17=0\n  - foo=1.0 -> __glibc[version='>=2.28']\n\n"
             "Your installed version is: 2.17\n")
    assert any("conda's solver" in c for c in answered(unmet))


@pytest.mark.parametrize("log", ["C3D-81.log", "caffe-3466.log", "ripser-plusplus-15.log", "caffe-1008.log",
                                 "caffe-869.log"])
def test_caffes_and_ripsers_invalid_device_function(log: str) -> None:
    family, cause, _ = first("holdout79b", log)
    assert family == "no-kernel-image"
    assert cause.startswith("the compiled kernels carry no code for this GPU")


@pytest.mark.parametrize(("log", "bits"), [("ta-lib-python-273.log", "32"), ("malmo-512.log", "64"),
                                           ("Open3D-789.log", "64"), ("google-coral-43.log", "32")])
def test_a_library_of_the_other_bitness(log: str, bits: str) -> None:
    family, cause, _ = first("holdout79b", log)
    assert family == "binary-mismatch"
    assert f"is a {bits}-bit library" in cause


def test_pyodides_micropip_and_onnx_runtimes_missing_provider_and_a_cuda_op_under_tensorflow_cpu() -> None:
    family, cause, _ = first("holdout79b", "pyodide-recipes-266.log")
    assert (family, cause.split(":")[0]) == ("binary-mismatch", "micropip found no wheel of pypdfium2 that Pyodide "
                                                                 "can install")
    family, cause, fix = first("holdout79b", "animatediff-cli-prompt-travel-206.log")
    assert family == "torch-not-cuda"
    assert cause.startswith("the onnxruntime imported has no CUDAExecutionProvider")
    assert fix.startswith("pip uninstall -y onnxruntime onnxruntime-gpu, then pip install onnxruntime-gpu")
    # the warning before another raised exception is passed over (it goes on with the CPU provider)
    assert not any("onnxruntime imported" in c for c in answered(
        "UserWarning: Specified provider 'CUDAExecutionProvider' is not in available provider names.\n"
        "Traceback (most recent call last):\n  File \"x.py\", line 3, in <module>\n    f()\n"
        "KeyError: 'image'\n"))
    family, cause, _ = first("holdout79b", "addons-990.log")
    assert family == "extension-abi"
    assert "__cudaPushCallConfiguration" in cause


def test_version_guards_in_astropys_pips_and_poetrys_words() -> None:
    for log in ("pyatomdb-9.log", "astropy-6842.log"):
        assert first("holdout79a", log)[:2] == ("version-guard", "Astropy requires numpy>=1.9.0: the installed numpy "
                                                                 "is older than it needs")
    family, cause, _ = first("holdout79a", "DALI-3144.log")
    assert (family, cause) == ("version-guard", "nvidia-dali-cuda110 declares Requires-Python <=3.9,>=3.6, and this "
                                                "Python is 3.9.5: pip refuses to install it")
    family, cause, _ = first("holdout79a", "poetry-5044.log")
    assert family == "version-guard"
    assert "tensorflow-io-gcs-filesystem requires Python >=3.7, <3.11" in cause
    family, cause, _ = first("holdout79a", "CVLface-38.log")
    assert family == "version-guard"
    assert cause.startswith("scipy==1.8.1 is a published release, and pip passed over releases")
    # a pin to no release the atlas read is not this Python's (scipy 1.8.9 never existed)
    assert not any("published release" in c for c in answered(
        "ERROR: Ignored the following versions that require a different python version: ...\n"
        "ERROR: Could not find a version that satisfies the requirement scipy==1.8.9\n"))


# --------------------------------------------------------------------------- the second reader's (tests/data/review32)

REVIEW = REAL.parent / "review32" / "inputs"


def _review(name: str) -> list[str]:
    return answered((REVIEW / f"{name}.log").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["numpy-17975-broken-core", "numpy-13411-broken-core",
                                  "synthetic-tf-cudnn-dso-then-valueerror",
                                  "synthetic-hdf5-headline-disabled-then-keyerror",
                                  "synthetic-spacy-w095-then-cut-cuda-oom"])
def test_the_second_readers_false_claims_of_session_32_claim_nothing_of_the_reading(name: str) -> None:
    causes = _review(name)
    assert not any(words in cause for cause in causes for words in (
        "built against NumPy 1.16.0", "could not load cuDNN", "HDF5 headers", "requires spacy"))


def test_the_second_readers_c_library_cases() -> None:
    # MPI's function in mpi4py's module, in a conda env named "pytorch": MPI's, not torch's
    assert _review("mpi4py-289")[0].startswith("the compiled module MPI.cpython-38-x86_64-linux-gnu.so was built against "
                                               "MPI with MPI_Aint_add")
    # macOS dyld's two wordings, PROJ's geod_, a module directly in site-packages
    assert "built against netCDF with nc_def_compound" in _review("netcdf4-python-52-macos")[0]
    assert "built against GEOS with GEOSCoordSeq_create_r" in _review("cartopy-1935-macos")[0]
    assert "built against PROJ with geod_lineinit" in _review("cartopy-1581-geod")[0]
    assert "built against netCDF with nc_inq_var_fletcher32" in _review("netcdf4-python-60")[0]


def test_the_second_readers_numpy_core_cases() -> None:
    assert _review("numpy-11871-py2")[0] == (
        "a compiled module was built against NumPy 1.16.0 or later, whose C core is one module "
        "(numpy.core._multiarray_umath), and NumPy 1.14.3 is older: it has no such module")
    assert _review("synthetic-read_hdf-umath")[0].startswith("the file being loaded was written by NumPy 1.16.0 or later")


def test_pytests_short_summary_of_a_missing_name_and_a_conflict_with_a_marker() -> None:
    family, cause, _ = first("holdout80a", "flax-4585.log")
    assert family == "api-mismatch"
    assert cause.startswith("the code that imports it asks for jax.api_util.debug_info, which the installed jax does "
                            "not have")
    # a test's own TypeError or AssertionError in the summary is not unwrapped (trl#4273, torch-xpu-ops#4127)
    assert answers("holdout61a", "trl-4273.log") == []
    assert answers("holdout51b", "torch-xpu-ops-4127.log") == []
    family, cause, _ = first("holdout80a", "anaconda-issues-11914.log")
    assert (family, cause) == ("version-guard", "tensorflow requires scipy==1.4.1; found scipy 1.5.0")


def test_uvs_requested_python_against_one_releases_requires_python() -> None:
    family, cause, _ = first("holdout80a", "state-204.log")
    assert (family, cause) == ("version-guard", "the project's Python range (>=3.10, <3.13) admits Pythons scipy does "
                                                "not support: scipy 1.16.2 requires Python>=3.11, so uv's resolver "
                                                "refuses the project's other Pythons")


def test_cmake_4_refusing_an_old_minimum_and_a_versioned_symbol_of_two_builds() -> None:
    family, cause, fix = first("holdout81a", "VideoChat-53.log")
    assert family == "extension-build"  # version-guard until session 41 (a shape of both briefs: test_real_corpus)
    assert cause == ("the CMake the build found (4.0 or newer) no longer accepts a project whose cmake_minimum_required "
                     "is below 3.5: the package's CMakeLists.txt was written for an older CMake")
    assert "CMAKE_POLICY_VERSION_MINIMUM=3.5" in fix
    family, cause, _ = first("holdout81b", "pysam-623.log")
    assert family == "extension-abi"
    assert cause.startswith("libcom_err.so.3 was linked against another build of libkrb5support.so.0")


def test_torchs_accelerator_error_and_cupys_runtime_error_carry_the_ptx_answer() -> None:
    for group, log in (("holdout51b", "vllm-37140.log"), ("holdout81b", "cupy-6875.log")):
        family, cause, _ = first(group, log)
        assert family == "cuda-driver-too-old"
        assert cause.startswith("the program's GPU code is PTX from a CUDA toolkit newer than the NVIDIA driver")
    # CuPy's other runtime errors are not read by signatures written for torch's words (cusignal#398, a distractor)
    assert answers("holdout20b", "cusignal-398.log") == []


def test_jaxs_cpu_only_jaxlib() -> None:
    for log in ("ColabDock-28.log", "cfa-variant-forecasting-2026-20.log"):
        family, cause, _ = first("holdout81b", log)
        assert family == "torch-not-cuda"
        assert cause.startswith("the installed jaxlib is its CPU-only build")
