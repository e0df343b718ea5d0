"""Readings session 27 added, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import answered, first


def test_a_method_a_class_had_only_in_some_releases_is_told_with_both_ends() -> None:
    # fromzero#3: scikit-learn's OneHotEncoder had get_feature_names from 0.20.0 until 1.2.0 removed it
    assert first("holdout36a", "fromzero-3.log") == (
        "api-mismatch",
        "the code asks a OneHotEncoder (scikit-learn's class) for get_feature_names, which the installed scikit-learn "
        "does not have: scikit-learn 0.20.0 added it and 1.2.0 removed it (1.1.3 is the last release with it), so the "
        "code was written for another scikit-learn",
        'install scikit-learn>=0.20.0,<1.2.0 (pip install "scikit-learn>=0.20.0,<1.2.0"), or code that follows this '
        "scikit-learn")


@pytest.mark.parametrize(("shown", "claimed"), [("1.1.3", False), ("1.3.0", True), ("0.19.2", True)])
def test_a_method_of_some_releases_is_held_to_the_version_the_log_shows(shown: str, claimed: bool) -> None:
    log = (f"scikit-learn=={shown}\n"
           "AttributeError: 'OneHotEncoder' object has no attribute 'get_feature_names'\n")
    assert bool(answered(log)) is claimed


def test_cuptis_soname_names_the_toolkit_release_torch_was_built_for() -> None:
    # SimpleTuner#38: torch's _C links CUPTI of CUDA 11.7, whose soname carries the minor; NVIDIA's wheel of it
    family, cause, fix = first("holdout66b", "SimpleTuner-38.log")
    assert (family, cause) == (
        "extension-cuda-lib",
        "torch was built for CUDA 11.7 (it links libcupti.so.11.7), and the loader finds no libcupti.so.11.7: this "
        "machine's CUDA libraries are of another release, or not on the loader path")
    assert fix.startswith('install the CUDA 11.7 library: pip install "nvidia-cuda-cupti-cu11==11.7.*"')


def test_a_cupti_of_a_release_nvidia_made_no_wheel_of_gets_the_toolkit() -> None:
    # pytorch-cpu-feedstock#135: CUDA 11.2's libcupti.so.11.2; nvidia-cuda-cupti-cu11 has 11.7 and 11.8 only
    family, _, fix = first("holdout66b", "pytorch-cpu-feedstock-135.log")
    assert family == "extension-cuda-lib"
    assert fix.startswith("install the CUDA 11.2 toolkit (its lib directory on LD_LIBRARY_PATH)")
    assert "pip install" not in fix


def test_cuda_12s_cupti_is_named_by_its_major() -> None:
    found, _ = explain_log("ImportError: libcupti.so.12: cannot open shared object file: No such file or directory\n")
    [hint] = [item.hint for item in found]
    assert hint.family == "extension-cuda-lib"
    assert "(it links libcupti.so.12)" in hint.cause
    assert "pip install nvidia-cuda-cupti-cu12 " in hint.fix


def test_an_extension_missing_a_math_library_torch_also_links_is_told_that_librarys_wheel() -> None:
    # MagicQuill#116: bitsandbytes links libcusparse.so.11 beside a cu118 torch; the wheel is cuSPARSE's, not the
    # CUDA runtime's (the answer named nvidia-cuda-runtime-cu11 before)
    family, cause, fix = first("holdout57b", "MagicQuill-116.log")
    assert family == "extension-cuda-lib"
    assert "(torch's copy comes from the nvidia-cusparse-cu11 wheel or a system CUDA)" in cause
    assert fix == ("pip install nvidia-cusparse-cu11 (or the CUDA 11 toolkit), or add the directory that holds it to "
                   "LD_LIBRARY_PATH")


def test_poetrys_derivation_pasted_without_its_headline() -> None:
    # llm-compressor#1474: two askers' bounds on transformers apart; "and llmcompressor (0.5.0)" is the next asker,
    # not a second dependency of vllm's
    family, cause, _ = first("holdout66a", "llm-compressor-1474.log")
    assert (family, cause) == (
        "version-guard",
        "vllm (0.8.5.post1) requires transformers >=4.51.1, and llmcompressor (0.5.0) depends on transformers "
        ">4.0,<4.50: no transformers meets both as Poetry prints them, so its version solving failed")


@pytest.mark.parametrize("log", [
    # Poetry's words whose two bounds overlap: no conflict shown
    "Because a (1.0) depends on numpy (>=1.20) and b (2.0) depends on numpy (<2.0), a (1.0) is incompatible with "
    "b (2.0).\n",
    # a sentence that says "incompatible with" and "Because" without any solver's terms
    "Because the model is incompatible with this GPU, we stop.\n",
])
def test_look_alikes_of_poetrys_headless_derivation_get_no_claim(log: str) -> None:
    assert answered(log) == []


def test_ptxas_that_does_not_know_the_gpus_arch() -> None:
    # triton#8539: the ptxas pytorch-triton bundles, older than the DGX Spark's GB10 (sm_121a, CUDA 12.9 on)
    family, cause, fix = first("holdout67b", "triton-8539.log")
    assert (family, cause) == (
        "no-kernel-image",
        "the ptxas that assembles the kernel does not know sm_121a, the GPU arch it is asked for (ptxas knows it from "
        "CUDA 12.9 on): its CUDA toolkit is older than the GPU")
    assert fix.startswith("point it at the ptxas of a CUDA toolkit 12.9 or newer (Triton: export TRITON_PTXAS_PATH=")


def test_ptxas_that_no_longer_knows_an_old_arch() -> None:
    found, _ = explain_log("ptxas fatal   : Value 'sm_35' is not defined for option 'gpu-name'\n")
    [hint] = [item.hint for item in found]
    assert hint.cause == ("the ptxas that assembles the kernel does not know sm_35, the arch it is asked for: CUDA 9 "
                          "dropped sm_2x, CUDA 11 sm_30, CUDA 12 sm_35 and sm_37, so a toolkit newer than the arch "
                          "refuses it")


@pytest.mark.parametrize(("arch", "first"), [("sm_70", None), ("sm_90a", "12.0"), ("sm_100f", "12.9"),
                                             ("sm_120a", "12.8"), ("sm_121", "12.9")])
def test_ptxas_arch_suffixes_and_archs_cuda_13_dropped(arch: str, first: str | None) -> None:
    # the second reader's cases: CUDA 13's ptxas refuses sm_50 to sm_72; sm_90a needs CUDA 12.0, family targets 12.9
    found, _ = explain_log(f"ptxas fatal   : Value '{arch}' is not defined for option 'gpu-name'\n")
    [hint] = [item.hint for item in found]
    if first is None:
        assert "CUDA 13 dropped sm_50 to sm_72, so a toolkit newer than the arch refuses it" in hint.cause
    else:
        assert f"(ptxas knows it from CUDA {first} on)" in hint.cause


def test_a_setup_scripts_floor_on_the_toolkit_for_a_gpu_arch() -> None:
    # SageAttention#130: its setup.py reads nvcc's version against the arch it builds for
    family, cause, _ = first("holdout67b", "SageAttention-130.log")
    assert (family, cause) == (
        "extension-build",
        "the package's build needs a CUDA 12.4 or newer toolkit to build its kernels for compute capability 8.9 (a GPU "
        "it builds for), and the nvcc it found (CUDA_HOME, PATH) is older")


def test_tritons_runtime_build_without_a_c_compiler() -> None:
    family, cause, fix = first("holdout67b", "ml-cross-entropy-5.log")
    assert (family, cause) == (
        "extension-build",
        "Triton builds a small C launcher for its kernels when they first run, and it found no C compiler it can use "
        "(gcc or clang on PATH; CC unset)")
    assert "apt install build-essential" in fix


def test_tritons_runtime_build_without_a_c_compiler_on_windows() -> None:
    found, _ = explain_log('  File "D:\\ComfyUI\\python_embeded\\Lib\\site-packages\\triton\\runtime\\build.py", '
                           "line 32, in _build\n    raise RuntimeError(\"Failed to find C compiler. Please specify via CC "
                           "environment variable.\")\nRuntimeError: Failed to find C compiler. Please specify via CC "
                           "environment variable.\n")
    [hint] = [item.hint for item in found]
    assert hint.fix.startswith("install triton-windows")


def test_atomic_add_on_doubles_built_for_an_arch_below_sm_60() -> None:
    # GPTQ-for-LLaMa#58: nvcc's overload error, its argument types on the next line
    family, cause, _ = first("holdout67b", "GPTQ-for-LLaMa-58.log")
    assert family == "extension-build"
    assert cause.startswith("the extension's CUDA code adds doubles atomically (atomicAdd(double *, double)), which "
                            "CUDA has only on compute capability 6.0 and newer")


@pytest.mark.parametrize("log", [
    # atomicAdd refused for another type: not the doubles of sm_60
    'k.cu(1): error: no instance of overloaded function "atomicAdd" matches the argument list\n'
    "            argument types are: (c10::Half *, c10::Half)\n",
    # cuDNN's own loader not locating a sub-library: also a path it cannot search (holdout11b's sdwebuiforge#2798)
    "Could not locate cudnn_ops_infer64_8.dll. Please make sure it is in your library path!\n",
])
def test_look_alikes_of_the_build_readings_get_no_claim(log: str) -> None:
    assert answered(log) == []


@pytest.mark.parametrize("log", [
    # printed on every start, whatever fails after (the session-27 second reader's PaintTransformer#12): its cuDNN
    # warning is told only where nothing fails after it (session 38: three real threads whose whole paste it was,
    # holdout68b's Paddle#42566 and PaddleDetection#3331, holdout120b's Paddle#37349, each caused by that cuDNN); its
    # "CUDA runtime version" is the driver's
    "W0507 device_context.h:397] WARNING: device: 0. The installed Paddle is compiled with CUDNN 7.6, but CUDNN "
    "version in your machine is 7.5, which may cause serious incompatible bug. Please recompile or reinstall Paddle "
    "with compatible CUDNN version.\nTraceback (most recent call last):\n  File \"run.py\", line 1, in <module>\n"
    "    open('/data/x')\nFileNotFoundError: [Errno 2] No such file or directory: '/data/x'\n",
    "W0522 gpu_resources.cc:196] WARNING: device: 0. The installed Paddle is compiled with CUDA 11.8, but CUDA runtime "
    "version in your machine is 11.6, which may cause serious incompatible bug.\n",
    # a list of candidate DLLs, and Windows' 127 (a DLL found without a function): not one DLL not found
    "RuntimeError: (PreconditionNotMet) The third-party dynamic library (cufft64_120.dll;cufft64_12.dll;cufft64_10.dll) "
    "that Paddle depends on is not configured correctly. (error code is 126)\n",
    "RuntimeError: (PreconditionNotMet) The third-party dynamic library (cudnn64_8.dll) that Paddle depends on is not "
    "configured correctly. (error code is 127)\n",
    # TensorFlow loads CUPTI only to profile
    "2021-01-01 W tensorflow/stream_executor/platform/default/dso_loader.cc:60] Could not load dynamic library "
    "'libcupti.so.11.2'; dlerror: libcupti.so.11.2: cannot open shared object file: No such file or directory\n",
    # an arch every toolkit since CUDA 10 knows, and one no toolkit has
    "ptxas fatal   : Value 'sm_75' is not defined for option 'gpu-name'\n",
    "ptxas fatal   : Value 'sm_98' is not defined for option 'gpu-name'\n",
])
def test_look_alikes_the_second_reader_found_get_no_claim(log: str) -> None:
    assert answered(log) == []


def test_paddles_cpu_build_asked_for_a_gpu() -> None:
    family, cause, fix = first("holdout68b", "PARL-929.log")
    assert (family, cause) == (
        "torch-not-cuda",
        "the installed PaddlePaddle is its CPU build (the paddlepaddle package), and the code asks it for a GPU "
        "(CUDAPlace)")
    assert "pip install paddlepaddle-gpu" in fix


def test_paddles_words_for_a_dll_it_could_not_load() -> None:
    family, cause, _ = first("holdout68b", "PaddleOCR-4171.log")
    assert family == "extension-cuda-lib"
    assert cause.startswith("a compiled library was built for cuDNN 7 (it loads cudnn64_7.dll)")


def test_the_drivers_ptx_jit_older_than_the_ptx_by_its_own_line() -> None:
    # numba#3794: error 218 before CUDA 11.1; the JIT's own line says the driver reads PTX ISA 6.1, not 6.3
    family, _, fix = first("holdout68b", "numba-3794.log")
    assert family == "cuda-driver-too-old"
    assert fix.startswith("upgrade the NVIDIA driver")


def test_a_keyword_only_call_whose_message_the_thread_cut() -> None:
    # voicefixer#68: "... (and 4 keyword-only argumen" as the stored thread cuts it
    family, cause, _ = first("holdout68a", "voicefixer-68.log")
    assert family == "api-mismatch"
    assert "librosa 0.10.0 made it take its arguments by keyword only" in cause


def test_a_wheel_pip_refuses_names_a_pip_older_than_its_python() -> None:
    # wheel#303: pip 19.2 computed Python 3.8's ABI on Windows as cp38m and refused a right cp38-cp38 wheel; the
    # rarer reading, after a wheel for another platform (the second reader's pip#6951 is the reverse)
    _, cause, fix = first("holdout68b", "wheel-303.log")
    assert cause.endswith("a wheel for another Python, OS or CPU (or, where the tags are right, a pip older than this "
                          "Python that computes them wrong)")
    assert fix.startswith("download the wheel whose tags match this interpreter")
