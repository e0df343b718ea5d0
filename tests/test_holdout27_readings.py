"""Readings holdout27's false claims and misses showed the engine lacked (tests/data/real/holdout27*.toml, measured
blind in session 17 on 6ce817b, training data since): each held to its real log's answer, or to no claim."""

from __future__ import annotations

import pytest

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import answers, first


def test_a_compiler_out_of_disk_is_no_build_failure_of_the_package() -> None:
    # "fatal error: error writing to /tmp/cc2mYx0T.s: No space left on device": the OS's words without Python's errno
    assert answers("holdout27b", "distro-247.log") == []


def test_pip_listing_no_torch_at_all_for_a_python_pypi_has_wheels_for_is_an_index_not_read() -> None:
    # Python 3.10.9 64-bit on Windows (its banner), torch==1.13.1+cu117 "from versions: none": PyPI has torch wheels
    # for that Python, so pip read no index (a hosts file, the thread says), which the log does not show
    assert answers("holdout27b", "stable-diffusion-webui-9375.log") == []
    # Windows' resolver failing, in a paste that broke pip's warnings over lines
    assert answers("holdout27b", "stable-diffusion-781.log") == []
    # a Python torch has no wheels for is still told
    found, _ = explain_log("/usr/lib/python3.6/site-packages/pip/_internal/index.py\n"
                           "ERROR: Could not find a version that satisfies the requirement torch==2.1.0 "
                           "(from versions: none)\n")
    assert found[0].hint.family == "binary-mismatch"
    assert found[0].hint.cause.startswith("pip found no wheel of torch==2.1.0 for this Python and platform")


@pytest.mark.parametrize(("log", "spec"), [("adhocracy-479.log", "setuptools>=0.7"), ("synda-28.log", "setuptools>=1.0")])
def test_pkg_resources_finding_no_distribution_for_a_floor(log: str, spec: str) -> None:
    family, cause, fix = first("holdout27a", log)
    assert family == "version-guard"
    assert cause == (f"pkg_resources found no installed distribution that meets {spec} (an older setuptools is "
                     "installed, or none)")
    assert fix == f"pip install -U '{spec}'"


def test_pkg_resources_finding_no_distribution_by_name_only_is_a_missing_package() -> None:
    found, _ = explain_log("pkg_resources.DistributionNotFound: requests\n")
    assert not any(item.hint.family == "version-guard" for item in found)
    # the newer wording is read as before (families: qwen3vl#84)
    assert first("families", "qwen3vl-84.log")[1] == "ms-swift requires transformers<4.45,>=4.33"


@pytest.mark.parametrize(("log", "cause"), [
    ("cupy-1716.log", "the calling code asks for cupy.RawKernel, which the installed cupy does not have: cupy 5.0.0 "
                      "added it (the releases before it lack it), so that code was written for a newer cupy"),
    ("hyperseti-60.log", "the code that imports it asks for cupy.polyfit, which the installed cupy does not have: "
                         "cupy 9.0.0 added it (the releases before it lack it), so that code was written for a newer "
                         "cupy"),
    ("DF-VO-40.log", "the code that imports it asks for cupy.util, which the installed cupy does not have: cupy 8.0.0 "
                     "removed it (7.8.0.post1 is the last release with it), so that code was written for an older "
                     "cupy"),
])
def test_cupy_s_names_are_told_from_its_releases(log: str, cause: str) -> None:
    family, told, fix = first("holdout27a", log)
    assert (family, told) == ("api-mismatch", cause)
    assert fix.startswith("install cupy")


def test_a_name_a_newer_release_added_is_told_of_the_user_s_code_unless_a_class_has_it_as_a_method() -> None:
    # np.astype for arr.astype: a function NumPy 2.0.0 added, and a method of NumPy's arrays (holdout10a's distractor)
    assert answers("holdout10a", "ncls-42.log") == []
    assert first("survey17a", "ai-image-promptgenerator-5.log")[1].startswith(
        "the calling code asks for gradio.Tab, which the installed gradio does not have: gradio 3.2 added it")


def test_a_version_a_comment_says_has_issues_is_not_the_installed_one() -> None:
    # "# WAR: int64 dtype causes issues in cupy 10 (19.04.2022)", echoed by pytest from the test's source
    found, _ = explain_log("    # WAR: int64 dtype causes issues in cupy 10 (19.04.2022)\n"
                           "E   AttributeError: module 'cupy' has no attribute 'polyfit'\n")
    assert "cupy 9.0.0 added it" in found[0].hint.cause


def test_a_submodule_every_release_has_imported_by_name_is_no_release_s() -> None:
    # the second reader's: "from torch import _C" imports torch's compiled module in every release read, whether
    # torch/__init__ binds the name (1.6.0 on) or not; missing, it is a source tree or a broken install
    found, _ = explain_log('Traceback (most recent call last):\n  File "train.py", line 1, in <module>\n'
                           "    from torch import _C\nImportError: cannot import name '_C' from 'torch' "
                           "(/usr/lib/python3/dist-packages/torch/__init__.py)\n")
    assert found == []


def test_a_cuda_library_the_loader_did_not_find_is_read_where_another_exception_quotes_it() -> None:
    family, cause, _ = first("holdout27b", "cupy-8317.log")
    assert family == "extension-cuda-lib"
    assert cause.startswith("a compiled library was built for CUDA 12 (it links libnvrtc.so.12), and the loader finds "
                            "no libnvrtc.so.12")
    family, cause, fix = first("holdout27b", "ComfyUI-GIMM-VFI-17.log")
    assert family == "extension-cuda-lib"
    # nvrtc64_120_0.dll is the name every CUDA 12 release's NVRTC has: a major, not 12.0
    assert cause.startswith("a compiled library was built for CUDA 12 (it loads nvrtc64_120_0.dll), and Windows finds "
                            "no nvrtc64_120_0.dll on PATH")
    assert fix.startswith("install CUDA 12 (the version the package was built for)")
    # a RuntimeError that quotes no loader is not one
    assert explain_log("RuntimeError: CuPy failed to compile the kernel: nvrtc error\n")[0] == []


def test_ctypes_not_finding_an_installed_package_s_library_on_windows_is_a_dll_load_failure() -> None:
    family, cause, fix = first("holdout27b", "bark-239.log")
    assert family == "extension-dll-load"
    assert cause.startswith("Windows could not load torchaudio's libtorchaudio.pyd or a DLL it depends on: ")
    assert fix.startswith("install the latest Microsoft Visual C++ Redistributable (x64), and reinstall torchaudio")
    # a file outside any installed package (a path the user's code names) is no package's
    assert explain_log("FileNotFoundError: Could not find module 'C:\\work\\mylib.dll' (or one of its dependencies). "
                       "Try using the full path with constructor syntax.\n")[0] == []
    # bitsandbytes' CUDA setup printing ctypes' words before its own report: its report is the answer
    assert first("holdout5", "bitsandbytes-590.log")[0] == "binary-mismatch"


@pytest.mark.parametrize(("group", "log", "kept"), [
    ("holdout27b", "AlphaPose-765.log", "quote marks"),
    ("holdout10b", "maskrcnnbenchmark-132.log", "a list of folders (':' between them)"),
    ("holdout10b", "maskrcnnbenchmark-25.log", "a list of folders (':' between them)"),
])
def test_nvcc_at_a_path_cuda_home_spoilt_is_told_as_cuda_home_s(group: str, log: str, kept: str) -> None:
    family, cause, fix = first(group, log)
    assert family == "extension-build"
    assert cause.endswith(f"and there is none there: CUDA_HOME (CUDA_PATH) was set with {kept}, which the path keeps")
    assert fix.startswith("set CUDA_HOME to the toolkit's one folder, without quote marks or a ':'")
    # distutils' words for an nvcc that is not there, at a plain path: the toolkit is not installed there
    assert first("holdout10b", "vilbertmultitask-43.log")[1] == (
        "building the extension runs nvcc at /usr/local/cuda/bin/nvcc, and there is none there: the CUDA toolkit that "
        "path (CUDA_HOME, CUDA_PATH) points to is not installed")
