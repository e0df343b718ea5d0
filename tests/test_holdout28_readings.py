"""Readings session 18 added: older misses of the corpus it mended first, then holdout28's and holdout29's false
claims and misses (tests/data/real/holdout28*.toml and holdout29*.toml, measured blind in session 18, training data
since): each held to its real log's answer, or to no claim."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import REAL, answers, aside, first


def test_a_journal_line_that_lost_its_date_is_read_past_its_host_and_program() -> None:
    # "near-node srvcheck[183195]: AttributeError: ..." (journalctl's prefix without the date the paste dropped)
    family, cause, fix = first("holdout11a", "srvcheck-111.log")
    assert family == "api-mismatch"
    assert cause.startswith("srvcheck (srvcheck.tasks.taskautoupdater) asks for packaging.version.LegacyVersion, "
                            "which the installed packaging does not have: packaging 22.0 removed it")
    assert fix.startswith('install packaging<22.0 (pip install "packaging<22.0")')
    # a host and a program's name before anything but an exception's start are left as they are
    found, _ = explain_log("near-node srvcheck[183195]: checking packaging.version\n")
    assert found == []


def test_the_loader_s_undefined_symbol_wrapped_by_a_terminal_is_read_as_one_line() -> None:
    family, cause, _ = first("holdout27b", "IF-92.log")
    assert family == "extension-abi"
    assert cause.startswith("ABI mismatch: the extension was compiled against a different torch than the torch that "
                            "imports it (missing symbol _ZN2at4_ops19empty_memory_format")


def test_a_requirement_said_not_satisfied_is_a_version_guard() -> None:
    # ComfyUI-layerdiffuse's own check, its message cut by the paste: "diffusers>=0.25.0 requirement not satisfied. Pl"
    family, cause, fix = first("survey17c", "layerdiffuse-43.log")
    assert (family, cause, fix) == ("version-guard", "the library's own version check requires diffusers>=0.25.0",
                                    "pip install 'diffusers>=0.25.0'")


def test_tensorflow_s_cuda_runtime_notice_is_no_cause_where_the_program_raised_after_it() -> None:
    # TensorFlow's "Could not load dynamic library 'cudart64_101.dll'", which it says to ignore without a GPU, then
    # "No module named 'detectron2'": the build directory never copied (the maintainer)
    assert answers("holdout28b", "Facebook_Detectron2_Windows_10-1.log") == []
    # the notice alone says as much of a machine without a GPU (holdout30b's distractor tensorflow#35872: TensorFlow
    # runs on the CPU) as of a wheel built for CUDA 10.1 (survey16b: tensorflow-windows-wheel#185): no claim
    assert answers("holdout30b", "tensorflow-35872.log") == []
    assert answers("survey16b", "tensorflow-windows-wheel-185.log") == []


def test_a_requirement_naming_the_index_s_placeholder_for_a_package_is_no_mismatch() -> None:
    assert answers("holdout28b", "GenIE-5.log") == []
    _, reading = explain_log((REAL / "holdout28b" / "GenIE-5.log").read_text(encoding="utf-8"))
    assert [item.hint.cause for item in reading.aside] == [
        "the requirement names pytorch, which on the index is a placeholder (its releases, 0.1.2, 1.0.2, only tell pip "
        "users to install torch), not the package itself"]
    assert reading.aside[0].hint.fix == 'require torch==1.8.0 in its place (pip install "torch==1.8.0")'


def test_a_setup_py_whose_download_failed_its_certificate_is_no_build_failure() -> None:
    assert answers("holdout28b", "deepspeech.pytorch-275.log") == []


def test_tensorrt_s_library_missing_is_told_with_tensorrt_s_major() -> None:
    family, cause, fix = first("holdout28b", "tensorrtx-1501.log")
    assert family == "extension-cuda-lib"
    assert cause == ("TensorRT 8's libnvinfer.so.8 is not on the loader path: the tensorrt Python package (or the "
                     "extension) was built for TensorRT 8, and the TensorRT libraries installed are another major, or "
                     "their lib folder is not on LD_LIBRARY_PATH")
    assert fix.startswith("install TensorRT 8's libraries")


@pytest.mark.parametrize(("log", "side", "low", "high", "found"), [
    ("nncf-1456.log", "newer", "2.4.0", "2.7.0", "2.8.4"),
    ("doctr-998.log", "newer", "2.5.0", "2.8.0", "2.9.1"),
    ("addons-2075.log", "newer", "2.2.0", "2.3.0", "2.3.0"),
    ("tfaip-9.log", "older", "2.6.0", "2.9.0", "2.4.1"),
    ("addons-1846.log", "older", "2.2.0", "2.3.0", "2.1.0"),
])
def test_tensorflow_addons_check_of_tensorflow_is_its_version_guard(log: str, side: str, low: str, high: str,
                                                                   found: str) -> None:
    family, cause, fix = first("holdout28a", log)
    assert family == "version-guard"
    assert cause == (f"tensorflow-addons supports tensorflow>={low},<{high} (its own check at import), and the "
                     f"installed tensorflow is {found}, {side} than the releases it supports")
    assert fix == (f"install the tensorflow-addons release made for tensorflow {found} (its compatibility table), or "
                   f"pip install 'tensorflow>={low},<{high}'")
    # a TensorFlow within the range claims nothing
    assert explain_log("Tensorflow Addons supports using Python ops for all Tensorflow versions above or equal to "
                       "2.4.0 and strictly below 2.7.0 (nightly versions are not supported).\n The versions of "
                       "TensorFlow you are currently using is 2.5.1 and is not supported.\n")[0] == []


def test_spacy_s_w095_is_its_check_of_the_model_s_declared_spacy() -> None:
    family, cause, fix = first("holdout28a", "DaCy-133.log")
    assert family == "version-guard"
    assert cause == ("the model da_dacy_medium_trf (0.1.0) was built for spaCy v3.1, and the installed spaCy is 3.2.4: "
                     "spaCy's own check of the model's declared spaCy version")
    # the same minor: the model declares a later patch than the one installed (the maintainer on spaCy#12855)
    family, cause, fix = first("holdout28a", "spaCy-12855.log")
    assert family == "version-guard"
    assert fix.startswith('pip install -U "spacy~=3.5.0" (the latest 3.5 release: the model declares a later one than '
                          "3.5.0)")


def test_nose_s_failure_line_is_read_as_the_exception_it_names() -> None:
    _, reading = explain_log("ERROR: Failure: ImportError (No module named 'sklearn.exceptions')\n")
    assert reading.failures[0].types[0] == "builtins.ImportError"
    assert reading.failures[0].message == "No module named 'sklearn.exceptions'"


def test_an_import_error_python_began_with_dll_load_failed_is_the_loader_s_though_cut() -> None:
    family, cause, _ = first("holdout28b", "running-detectron2-on-windows-wsl2-rtx30xx-5.log")
    assert family == "extension-dll-load"
    assert cause.startswith("Windows could not load a compiled module or a DLL it links (the message does not name "
                            "it)")
    # another program's line that merely says so is not
    assert explain_log("build.log: DLL load failed:\n")[0] == []


REVIEW = Path(__file__).parent / "data" / "review18"


def _review(name: str) -> list[tuple[str, str, str]]:
    found, _ = explain_log((REVIEW / name).read_text(encoding="utf-8"))
    return [(item.hint.family or "", item.hint.cause, item.hint.fix) for item in found]


@pytest.mark.parametrize("log", [
    "api_cupy_cuda12x.log",  # cupy-cuda12x 13.3.0 has RawKernel
    "api_ortgpu_only.log",  # onnxruntime-gpu 1.22.0 has preload_dlls
    "api_ort_mix.log",  # onnxruntime and onnxruntime-gpu both installed: the mix, not a release
    "api_shadow313.log", "api_fn_frame_shadow.log",  # Python 3.13's "(consider renaming '.../cupy.py' ...)"
    "api_cupy_cuda_cufft.log", "api_diffusers_models.log",  # a submodule every release has, read as an attribute
    "ctypes_typo.log", "ctypes_wrong_env.log",  # a path the user's own code passes ctypes
    "ctypes_root_dll.log", "ctypes_nvidia.log",  # a file directly in site-packages; NVIDIA's namespace, no package
    "quoted_userpath_model.log", "quoted_userpath_cuda.log", "quoted_cudart_userpath.log",  # a path dlopen was given
    "guard_ffmpeg.log", "guard_node.log", "guard_driver.log",  # system software, not pip's
])
def test_the_second_reader_s_false_claims_of_session_18_claim_nothing(log: str) -> None:
    assert _review(log) == []


def test_a_package_s_own_library_loaded_by_its_own_code_is_still_its_dll_load_failure() -> None:
    family, cause, fix = _review("ctypes_llama.log")[0]
    assert family == "extension-dll-load"
    assert cause.startswith("Windows could not load llama-cpp-python's llama.dll or a DLL it depends on")
    assert "torch" not in cause + fix  # the torch words are for torch's extensions only


def test_cuda_dll_names_are_read_as_what_they_carry() -> None:
    # NVRTC before 11.2 names one DLL per minor
    assert _review("dll_nvrtc102.log")[0][1].startswith("a compiled library was built for CUDA 10.2 (it loads "
                                                        "nvrtc64_102_0.dll)")
    # cuFFT's own major, not CUDA's: cufft64_10.dll ships with CUDA 11
    family, cause, _ = _review("dll_cufft10.log")[0]
    assert family == "extension-cuda-lib"
    assert cause.startswith("a compiled library loads cufft64_10.dll, and Windows finds none on PATH: the CUDA toolkit "
                            "that ships it (its number is cufft's own version, not CUDA's)")


@pytest.mark.parametrize(("log", "cause"), [
    ("nvcc_bare.log", "building the extension needs the CUDA toolkit (nvcc), and none was found (CUDA_HOME unset, no "
                      "nvcc on PATH)"),
    ("nvcc_typo.log", "building the extension runs nvcc at /usr/local/cuda-11.8/bin/bin/nvcc, and there is none there: "
                      "CUDA_HOME (CUDA_PATH) was set with the toolkit's bin folder (the build adds bin/nvcc to it), "
                      "which the path keeps"),
    ("nvcc_win_quotes.log", 'building the extension runs nvcc at "C:\\Program Files\\NVIDIA GPU Computing Toolkit\\'
                            'CUDA\\v11.8"\\bin\\nvcc.exe, and there is none there: CUDA_HOME (CUDA_PATH) was set with '
                            "quote marks, which the path keeps"),
])
def test_nvcc_not_found_is_told_by_the_path_the_build_ran(log: str, cause: str) -> None:
    family, told, fix = _review(log)[0]
    assert (family, told) == ("extension-build", cause)
    if log == "nvcc_win_quotes.log":
        assert "set CUDA_HOME=C:\\Program Files" in fix


def test_the_loader_s_module_imports_on_its_own() -> None:
    # the second reader's: loader_errors imported first closed an import circle through the generic layer
    done = subprocess.run([sys.executable, "-c", "import pytest_autoglm_compat.knowledge.loader_errors"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def test_a_setup_script_refusing_to_build_where_torch_sees_no_cuda_is_an_extension_build() -> None:
    family, cause, fix = first("holdout25b", "Zooming-Slow-Mo-CVPR-2020-48.log")
    assert family == "extension-build"
    assert cause == ('the setup script refuses to build its CUDA extension: torch sees no CUDA while it builds ("No '
                     'CUDA runtime is found": a CPU-only torch, or no GPU visible where the build runs, as in a docker '
                     'build)')
    assert fix.startswith("build with a CUDA build of torch where the GPU is visible")
    # the words alone, with a distractor's own failure (a permission refused), claim nothing
    assert answers("holdout18b", "stabledreamfusion-77.log") == []


@pytest.mark.parametrize(("group", "log", "family", "start"), [
    ("holdout29b", "qwen-vl-188.log", "extension-build", "compiling the extension failed"),
    ("holdout29b", "spconv-156.log", "extension-abi",
     "libtorch_cpu.so is torch's own library, and the installed torch, already loaded (its frames load the extension), "
     "has none"),
    ("holdout29b", "xorbits-inference-883.log", "extension-cuda-lib",
     "the NVIDIA driver's libcuda.so.1 is not found by the loader: no NVIDIA driver is visible here"),
    ("holdout29b", "apex-156.log", "extension-build",
     "the compiled extension module fused_layer_norm_cuda (as its name says) is not installed"),
    ("holdout29b", "deepspeed-6912.log", "extension-build", "compiling the extension failed"),
    ("holdout29b", "llama-cpp-python-1069.log", "extension-dll-load",
     "Windows could not load llama-cpp-python's llama.dll or a DLL it depends on"),
    ("holdout29b", "paddledetection-8493.log", "cuda-driver-too-old",
     "the NVIDIA driver is older than the CUDA runtime PaddlePaddle was built with"),
    ("holdout29b", "jax-10083.log", "binary-mismatch",
     "XLA (jaxlib's or TensorFlow's CUDA build) compiles its kernels with the ptxas it finds, 9.2.148, older than the "
     "11.1 it needs"),
    ("holdout29a", "Deepspeed-Windows-4.log", "version-guard",
     "DeepSpeed's prebuilt ops were compiled with torch 2.1, and the torch running is 2.2"),
    ("holdout29a", "onnx-caffe2-106.log", "version-guard",
     "a program compiled against protobuf 3.4.0's C++ runtime was loaded with protobuf 2.6.1's (libprotobuf's own "
     "check)"),
    ("holdout29a", "onnxruntime-4026.log", "version-guard",
     "a program compiled against protobuf 3.0.0's C++ runtime was loaded with protobuf 3.11.3's"),
])
def test_holdout29_s_misses_and_false_claims_are_read(group: str, log: str, family: str, start: str) -> None:
    told_family, cause, _ = first(group, log)
    assert (told_family, cause[:len(start)]) == (family, start)


def test_a_library_the_loader_did_not_find_and_nothing_says_why_is_told_aside() -> None:
    # spconv's own libcuhash.so, which its build left out: no mismatch claimed (the thread: a packaging defect)
    assert answers("holdout29b", "second.pytorch-429.log") == []
    _, reading = explain_log((REAL / "holdout29b" / "second.pytorch-429.log").read_text(encoding="utf-8"))
    assert reading.aside[0].hint.cause == "a shared library the extension links, libcuhash.so, is not on the loader path"


def test_a_module_no_release_of_its_package_has_is_a_misspelling_not_a_release() -> None:
    # "No module named 'keras.model'" (keras.models): the atlas reads no keras release with it
    assert answers("holdout29a", "keras-8897.log") == []
    # a module some release had is still told
    assert first("holdout28a", "mlxtend-112.log")[0] == "api-mismatch"
    # a top-level module no frame asks for, not named as an extension, is anyone's
    assert explain_log("ModuleNotFoundError: No module named 'my_kernels'\n")[0] == []


def test_pip_compile_s_incompatible_versions_are_read_as_one_conflict() -> None:
    family, cause, _ = first("holdout29a", "grpc-31829.log")
    assert family == "version-guard"
    assert cause == ("pip-compile's resolver found no protobuf that meets every requirement on it together: "
                     "protobuf>=4.21.6 and protobuf<4.0.0 cannot both hold (protobuf<4.0.0 from -r requirements.in "
                     "(line 2); protobuf>=4.21.6 from grpcio-status==1.51.1->-r requirements.in (line 1))")
    # requirements that can both hold claim nothing
    assert explain_log("There are incompatible versions in the resolved dependencies:\n"
                       "  protobuf<4.0.0 (from -r requirements.in (line 2))\n"
                       "  protobuf>=3.20 (from grpcio-status==1.48.2)\n")[0] == []


@pytest.mark.parametrize("log", [
    "setup_readme.log", "setup_typo.log",  # a setup script's own error beside "No CUDA runtime is found"
    "dask_cuda.log", "numba_cuda.log", "tree_sitter_cpp.log",  # packages named like an extension, not installed
    "torch_broken.log", "torch_c10.log", "torch_globaldeps.log",  # import torch itself failing on its own library
    "torch_ops_libc10.log",  # torch's loader finding none of torch's libraries: the log says no more
    "ptxas_warn.log", "tfa_warn.log", "spacy_warn.log", "protobuf_warn.log", "ort_trt.log",  # a warning, then a typo
    "jit_path_typo.log", "jit_race.log",  # a library in torch's JIT cache with no failed build shown
    "ninja_cpe.log", "ninja_cpe2.log",  # another program's ninja, not torch's JIT build
    "deepspeed_same.log",  # "2.1" and "2.1.0": one minor release
    "np_cut.log",  # a name cut before its closing quote: the source line shows a longer one
])
def test_the_second_reader_s_later_false_claims_of_session_18_claim_nothing(log: str) -> None:
    found, _ = explain_log((Path(__file__).parent / "data" / "review18b" / log).read_text(encoding="utf-8"))
    assert found == []


@pytest.mark.parametrize("log", ["aitextgen-188.log", "pytorch-segmentation-118.log", "tianshou-527.log"])
def test_windows_paging_file_too_small_is_the_machine_s_memory_not_a_dll(log: str) -> None:
    assert answers("holdout30b", log) == []


def test_a_pin_to_a_build_s_local_label_the_index_lacks_is_told_apart() -> None:
    # told, not claimed since session 42: with no project index given, the log reads the same for an index not pointed
    # at (holdout147b's distractor pytorch#86630) as for no such build published for this platform (JAX's Windows)
    text = (REAL / "holdout30b" / "FISOR-3.log").read_text(encoding="utf-8")
    assert answers("holdout30b", "FISOR-3.log") == []
    [(family, cause)] = aside(text)
    assert family == "index-without-builds"
    assert cause.startswith("the index offers no build jaxlib==0.4.9+cuda12.cudnn88 (it offers 0.4.13, ")


def test_libtorch_cpu_missing_outside_torch_s_loader_is_told_aside() -> None:
    # an extension built for torch 1.5 or later under torch 1.4 reads as one imported before torch
    assert answers("holdout30b", "detectron2-1365.log") == []


def test_a_field_transformers_own_config_class_never_took_is_no_release_s() -> None:
    # 'BloomConfig' object has no attribute 'rope_scaling': optimum-habana's code assumed another model's field
    assert answers("holdout30a", "optimum-habana-1609.log") == []


def test_pip_s_list_under_a_rejected_wheel_is_of_the_tags_it_knows() -> None:
    # an old pip lists only the jaxlib releases whose wheel tags it knows: the rejected wheel is told, the list is not
    assert [family for family, _, _ in answers("holdout30b", "jax-6525.log")] == ["binary-mismatch"]
