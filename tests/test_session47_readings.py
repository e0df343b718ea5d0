"""Readings session 47 added or widened, each held to a real log's answer, and the look-alikes they must leave alone
(docs/reliability.md, session 47)."""

from __future__ import annotations

from real_answers import REAL, answered, answers, aside, first, reviewed

_CC1PLUS = ("the build compiles C++ and GCC's C++ compiler (cc1plus) is not installed: the system has gcc, the C "
            "compiler's driver, without g++ (a package of its own)")


def test_gcc_without_its_cplusplus_compiler() -> None:
    # holdout172b: grpc#22592 (the line alone), superset#1779 (the build cut after it), pykonal#47 (a space before ":")
    for name in ("grpc-22592.log", "superset-1779.log", "pykonal-47.log"):
        assert first("holdout172b", name)[:2] == ("extension-build", _CC1PLUS), name
    # GCC 5 and later word it "cannot execute" (the session-33 second reader's synthetic fasttext build)
    assert reviewed("review33b", "synthetic-gcc-present-cc1plus-missing")[0][1] == _CC1PLUS
    assert answered("gcc: error trying to exec 'cc1': execvp: No such file or directory\n")[0].startswith(
        "GCC's C compiler proper (cc1) is not found beside its driver")
    # the compiler killed for memory is no missing compiler (review24's internal compiler errors)
    assert _CC1PLUS not in answered("g++: internal compiler error: Killed (program cc1plus)\n")


def test_numpy_2_private_descriptor_fields() -> None:
    # holdout176b: pydevsup#37 (elsize), cython#6249's bezier (subarray), spack#46576 (once the vague compile answer)
    for group, name, field in (("holdout176b", "pydevsup-37.log", "elsize"), ("holdout176b", "cython-6249.log",
                                                                              "subarray"),
                               ("holdout176b", "spack-46576.log", "elsize")):
        family, cause, fix = first(group, name)[:3]
        assert family == "extension-build"
        assert cause == (f"the package's C source reads PyArray_Descr's {field} field, which NumPy 2.0 made private (its "
                         "C API's accessors, such as PyDataType_ELSIZE, replace the fields): the build compiled against "
                         "NumPy 2's headers, and the source is written for NumPy 1's C API")
        assert "numpy<2" in fix
    # another struct's member is no NumPy descriptor's
    assert answered("x.c:3:5: error: 'struct foo' has no member named 'elsize'\n") == []


def test_cuda_error_209_in_thcs_words() -> None:
    # holdout171b: DetectoRS#10, "cuda runtime error (209) : unrecognized error code" (a runtime older than 209)
    assert first("holdout171b", "DetectoRS-10.log")[:2] == (
        "no-kernel-image", "a CUDA kernel has no code for this GPU: CUDA error 209 is cudaErrorNoKernelImageForDevice "
        "(no kernel image is available for execution on the device), the extension was built for other GPU "
        "architectures")
    assert answered("RuntimeError: cuda runtime error (2) : out of memory at foo.cu:12\n") == []


def test_tensorflow_and_xla_on_a_gpu_their_binaries_do_not_fit() -> None:
    # holdout172b: tensorflow#29216 (XLA refusing a 3.0 GPU), tensorflow#62320 (no kernels for an H100's 9.0)
    assert first("holdout172b", "tensorflow-29216.log")[:2] == (
        "binary-mismatch", "the installed XLA build (TensorFlow's or jaxlib's) needs compute capability 3.5 or higher, "
        "and this GPU is 3.0: XLA's StreamExecutor refuses it")
    assert first("holdout172b", "tensorflow-62320.log")[:2] == (
        "no-kernel-image", "the installed TensorFlow's binaries carry no CUDA kernels for compute capability 9.0, this "
        "GPU's: it compiles them from PTX at start-up (TensorFlow's own warning: up to 30 minutes or longer), where a "
        "build for the GPU starts at once")


def test_the_container_runtimes_cuda_requirement_without_its_name() -> None:
    # holdout175b: nvidia-docker#753, nvidia-container-cli 1.0's line pasted without its prefix
    family, cause = first("holdout175b", "nvidia-docker-753.log")[:2]
    assert family == "cuda-driver-too-old"
    assert cause.startswith("the container image declares that it needs CUDA 9.2 (NVIDIA_REQUIRE_CUDA)")
    # the words inside another sentence are no container runtime's line
    assert answered("see the requirement error: unsatisfied condition: cuda >= 9.2 in the docs\n") == []


def test_mamba_finding_none_of_an_exported_environments_builds() -> None:
    # holdout174a: RL-GraphINVENT#4 (pytorch's dotted build strings), holdout175a: FP-Zernike#1 (builds "2" and "0")
    for group, name in (("holdout174a", "RL-GraphINVENT-4.log"), ("holdout175a", "FP-Zernike-1.log")):
        family, cause = first(group, name)[:2]
        assert family == "version-guard", name
        assert cause.startswith("mamba finds none of the exact builds the environment asks for ("), name
    assert first("holdout174a", "RL-GraphINVENT-4.log")[1].startswith(
        "mamba finds none of the exact builds the environment asks for (pytorch ==1.3.1 "
        "py3.6_cuda10.0.130_cudnn7.6.3_0, torchvision ==0.4.2 py36_cu100): ")
    # names without builds are as often a channel not given; a bare name or a version alone says nothing of a pin
    assert reviewed("review33b", "synthetic-mamba-names-no-builds") == []
    assert answers("holdout76a", "mamba-1246.log") == []  # kraken2 without -c bioconda
    assert answers("holdout97a", "ntLink-106.log") == []  # "nothing provides requested 1.6.2"


_BY_NAME = ("Windows could not load {dll}, which {who} loads by its name alone, or a DLL it depends on: the library or "
            "runtime that ships {dll} is not installed, or its folder is not one Windows searches (Python 3.8 and "
            "later no longer search PATH for the DLLs a loaded DLL needs)")


def test_a_dll_ctypes_loads_by_its_name_alone() -> None:
    # holdout171b: Microsoft-MPI#72 (an MPI binding's impi.dll), holdout173b: pyzbar#167 (its libiconv.dll)
    assert first("holdout171b", "Microsoft-MPI-72.log")[:2] == (
        "extension-dll-load", _BY_NAME.format(dll="impi.dll", who="the code"))
    assert first("holdout173b", "pyzbar-167.log")[:2] == (
        "extension-dll-load", _BY_NAME.format(dll="libiconv.dll", who="pyzbar's code"))
    # a CUDA library's DLL keeps its own reading (holdout74b: pytorch-softdtw-cuda#28, numba's nvvm.dll)
    assert [family for family, _, _ in answers("holdout74b", "pytorch-softdtw-cuda-28.log")] == ["extension-cuda-lib"]


def test_a_librarys_sentence_with_its_bound_and_the_release_it_found() -> None:
    # holdout171a: pennylane#7949; holdout134a: devbio-napari#22 (PyQtGraph's Qt floor)
    assert first("holdout171a", "pennylane-7949.log")[:3] == (
        "version-guard", "PennyLane's own check: it does not support jax > 0.6.2 yet, and jax 0.7.0 is installed",
        "pip install 'jax<=0.6.2' (or a release of PennyLane that supports jax 0.7.0)")
    assert first("holdout134a", "devbio-napari-22.log")[:2] == (
        "version-guard", "PyQtGraph's own check: it supports qt version >= 5.15, and qt 5.12.9 is installed")
    # holdout175a: nequip#459, whose check the local label defeats
    assert first("holdout175a", "nequip-459.log")[1] == (
        "NequIP's own check refuses torch 1.11.0+cu113, though its words admit 1.11.* or 1.13.* or later: the check "
        "compares the whole version, local label (+cu113) included, and so misses the release it means to allow")
    # a found release inside the bound it states: the check is not what failed
    assert answered("RuntimeWarning: PennyLane is not yet compatible with JAX versions > 0.6.2. You have version "
                    "0.6.1 installed.\n") == []
    assert answered("AssertionError: NequIP supports PyTorch 1.11.* or 1.13.* or later, but 1.13.1 found\n") == []


def test_holdout177_178_mends() -> None:
    # pip 10's "has requirement ..., but you'll have ..." beside a loader's error of another library: pip's complaint
    # of others is no cause (holdout178b: rstudio-tensorflow#239, coremltools' pin on six, then libcublas.so.9.0)
    assert [family for family, _, _ in answers("holdout178b", "rstudio-tensorflow-239.log")] == ["extension-cuda-lib"]
    # pip's own build folder is no package's name (holdout178b's distractor rdataretriever#66, a git install)
    assert answers("holdout178b", "rdataretriever-66.log") == []
    # distutils without Microsoft's compiler, and Intel MKL's DLL (holdout178b: ids#19, pystan#306, conda#9685)
    for name in ("ids-19.log", "pystan2-306.log"):
        assert first("holdout178b", name)[1].startswith(
            "the package is built from source on Windows, and distutils finds no Microsoft Visual C++ compiler"), name
    assert first("holdout178b", "conda-9685.log")[:2] == (
        "extension-dll-load", "Windows could not load Intel MKL's mkl_intel_thread.dll, which a library the program "
        "runs links (NumPy's or SciPy's MKL build, a Java or C++ library's): the folder holding MKL's DLLs is not on the "
        "search path (a conda environment not activated, a frozen app built without them), or MKL is missing or of "
        "another release")
    # uv's list of the project's own requirements joined by "and" (holdout177a: CogKit#30)
    assert first("holdout177a", "CogKit-30.log")[1] == (
        "uv found no versions that meet all the requirements: cogkit 0.0.1.dev167 requires peft>=0.14.0,<0.15.dev0, "
        "and the requirements ask for peft>=0.15.2; no release of peft meets both")
    # ptxas-blackwell on a Jetson Thor (sm_110a: CUDA 13.0 renamed Thor's sm_101), nvcc on a family target, CUTLASS's
    # DSL on PTX newer than the driver, bitsandbytes' Linux search on Windows (holdout177b)
    assert first("holdout177b", "server-8632.log")[1].startswith(
        "the ptxas that assembles the kernel does not know sm_110a, the GPU arch it is asked for (ptxas knows it from "
        "CUDA 13.0 on)")
    assert first("holdout177b", "DeepGEMM-172.log")[:2] == (
        "extension-build", "the CUDA toolkit's nvcc does not know sm_100f (the GPU arch the build asks for)")
    assert first("holdout177b", "flashinfer-3795.log")[0] == "cuda-driver-too-old"
    assert first("holdout177b", "textgen-182.log")[1] == (
        "bitsandbytes 0.41.1 found no binary for this machine: releases before 0.43 ship Linux binaries only, and this "
        "is Windows")


def test_holdout177_178_false_claims_mended() -> None:
    # a GB10 (12.1) under a torch whose build carries 12.0: CUDA runs a cubin of X.y on X.z, z >= y, so torch's warning
    # is a false positive (holdout177b's distractor pytorch#172629); one of another major still counts (ml-agents#5973)
    assert answers("holdout177b", "pytorch-172629.log") == []
    assert answered("UserWarning: Found GPU0 NVIDIA GB10 which is of compute capability (CC) 12.1.\n"
                    "Your installed torch==2.13.0+cu130 does not include kernels for this GPU.\n") == []
    assert answers("holdout168b", "ml-agents-5973.log")[0][0] == "no-kernel-image"
    assert answered("UserWarning: Found GPU0 NVIDIA GeForce GTX 680 which is of compute capability (CC) 3.0.\n"
                    "Your installed torch==2.13.0+cu130 does not include kernels for this GPU.\n") != []
    # nvcc's "identifier cudaX is undefined" in device code (NVRTC, an arch below the function's): no toolkit's age
    # (holdout177b's distractor DeepGEMM#359)
    assert answers("holdout177b", "DeepGEMM-359.log") == []


def test_a_transformers_3_unpacking_of_a_model_output() -> None:
    # holdout177a: bert-sentiment#19, KoBERT#69 (transformers 4.0's return_dict default, huggingface/transformers#8530)
    for name in ("bert-sentiment-19.log", "KoBERT-69.log"):
        family, cause, fix = first("holdout177a", name)
        assert family == "api-mismatch"
        assert cause.startswith("torch's dropout was given a string where the model's output tensor goes")
        assert "return_dict=False" in fix
    # another op given a string is no model output's key
    assert answered("TypeError: embedding(): argument 'indices' (position 2) must be Tensor, not str\n") == []


def test_tensorflows_self_check_of_its_cuda_dlls() -> None:
    # holdout178b: tensorflow#13837, TensorFlow 1.x's "Could not load 'cudart64_80.dll'" (CUDA 8.0, not "CUDA 80")
    assert first("holdout178b", "tensorflow-13837.log")[1].startswith(
        "a compiled library was built for CUDA 8.0 (it loads cudart64_80.dll), and Windows finds no cudart64_80.dll on "
        "PATH")


def test_holdout179_180_mends() -> None:
    # torch.compile's own check of the Python (holdout180a: pytorch#104918, ChatTTS-ui#36, diffusers#7441, skorch#990)
    assert first("holdout180a", "pytorch-104918.log")[:3] == (
        "version-guard", "the installed torch's torch.compile (Dynamo) does not support Python 3.11 and newer, and the "
        "program runs on one: torch's own check refuses it before compiling",
        "install torch>=2.1.0, whose torch.compile supports Python 3.11, or run under a Python older than 3.11 (a "
        "virtual environment of it), or call the code without torch.compile (its option to disable compilation)")
    assert "torch>=2.4.0" in first("holdout180a", "ChatTTS-ui-36.log")[2]
    # text-embeddings-inference's image for another compute capability (holdout180b: #268, #34, #806)
    assert first("holdout180b", "text-embeddings-inference-268.log")[:2] == (
        "no-kernel-image", "the binary (a build or container image) was compiled for GPUs of compute capability 8.0, and "
        "this GPU is 7.0: its kernels are for another GPU architecture")
    # uv's pip interface in a Python every release refuses (holdout179a: uv#4075)
    assert first("holdout179a", "uv-4075.log")[:2] == (
        "version-guard", "every release of rooster-blue needs Python>=3.11,<4.0, and the Python uv installs into is "
        "3.9.6: no release of rooster-blue supports it")
    # numpy hidden by build's isolated environment (holdout179b: TileDB-Py#1979), dlib's own words for no Visual C++
    assert first("holdout179b", "TileDB-Py-1979.log")[1] == (
        "the package's build imports numpy (its setup.py), but pip builds it in an isolated environment that does not "
        "have numpy")
    assert first("holdout179b", "dlib-2555.log")[1].startswith("the package is built from source on Windows")
    # false claims mended: CMake's words after its generator failed to run (holdout179b: get-cmake#196), a macOS
    # system library through @rpath (holdout179b's distractor pytorch#39640)
    assert [family for family, _, _ in answers("holdout179b", "get-cmake-196.log")] == ["glibcxx-not-found"]
    assert answers("holdout179b", "pytorch-39640.log") == []


def test_the_session_47_second_readers_look_alikes() -> None:
    # warnings a run goes past, before what it raised: TensorFlow's PTX JIT, XLA's refusal of a second GPU, PennyLane's
    # JAX warning at import (tests/data/review47)
    for name in ("synth-tf215-jit-warning-then-keras-valueerror", "synth-tf113-xla-second-gpu-then-oom",
                 "synth-pennylane-jax-warning-then-wireerror", "IT8951-41"):
        assert reviewed("review47", name) == [], name
    # MKL's DLL in a Java program is no NumPy's; CUDA 13's dropped and renamed archs; host code's cudaMallocAsync
    assert "a Java or C++ library's" in reviewed("review47", "libnd4j-235")[0][1]
    assert reviewed("review47", "synth-nvcc-cuda13-compute70-dropped")[0][1].startswith(
        "the CUDA toolkit's nvcc does not build compute_70 (the GPU arch the build asks for): toolkits before CUDA 9.0 "
        "lack it, and CUDA 13 dropped sm_50 to sm_72")
    assert reviewed("review47", "synth-nvcc-cuda13-compute101a-renamed")[0][1] == (
        "the CUDA toolkit's nvcc does not know compute_101a: CUDA 13 renamed Jetson Thor's sm_101 to sm_110")
    assert reviewed("review47", "AMGX-276")[0][1].startswith("the build compiles code that calls cudaMallocAsync")
    # a Jetson GPU runs no other arch's SASS: Thor's 10.1 under a build of 10.0 is still claimed
    assert reviewed("review47", "synth-torch-thor-cc101-warning-only")[0][0] == "no-kernel-image"
    # a host function called from a kernel ("is undefined in device code") is the code's, no toolkit's age
    assert reviewed("review47", "AnalyticMesh-1") == []


def test_holdout181_182_mends() -> None:
    # a Python compiled without a standard C module's library (holdout181b: homebrew-core#118439, pyenv#3310,
    # pyenv#950, lonesnake#2, data-setup#30, webi-installers#1131), not "a Python older than _lzma"
    assert first("holdout181b", "homebrew-core-118439.log")[:2] == (
        "extension-build", "this Python was compiled without liblzma (xz)'s development files, so its standard module "
        "_lzma was not built (a build from source, such as pyenv's or an installer's, goes on without it): code that "
        "imports lzma fails under it")
    assert "libbz2 (bzip2)" in first("holdout181b", "pyenv-3310.log")[1]
    assert "OpenSSL" in first("holdout181b", "pyenv-950.log")[1]
    # ColossalAI's lower-case "the detected CUDA version", a JIT module missing from torch's extensions cache
    assert first("holdout182b", "ColossalAI-3002.log")[1].startswith(
        "building the extension with nvcc (CUDA 12.1) against torch built for CUDA 11.7")
    assert first("holdout182b", "MiniCPM-V-341.log")[1].startswith(
        "torch's JIT build of the extension fused_adam did not leave its module in torch's extensions cache")
    # DeepSpeed accepting a toolkit of torch's CUDA major is no refusal (holdout182b's distractor dolly#166)
    assert answers("holdout182b", "dolly-166.log") == []
    # a tool's refusal of a database another release made (holdout181a: eggnog-mapper#72, funannotate#455, bakta#406)
    assert first("holdout181a", "eggnog-mapper-72.log")[:2] == (
        "version-guard", "the DIAMOND database file (.dmnd) was built by another DIAMOND release than the one reading "
        "it: DIAMOND refuses a database of another format version")
    assert first("holdout181a", "bakta-406.log")[1] == (
        "Bakta 1.5.1 needs its database of version 4.x, and the database it found is 6.0: the database was downloaded "
        "for another Bakta release")
    # a build that went on past DeepSpeed's acceptance, then failed in ninja (holdout180b: DeepSpeed#2607, cut)
    assert first("holdout180b", "DeepSpeed-2607.log")[0] == "extension-build"
    # the missing module alone is the system's interpreter build: told apart, not claimed (holdout181b: lonesnake#2;
    # the session-22 second reader's PyFunctional#204)
    assert answers("holdout181b", "lonesnake-2.log") == []
    told = aside((REAL / "holdout181b" / "lonesnake-2.log").read_text(encoding="utf-8"))
    assert told[0][0] == "system-component"
    assert "_lzma was not built" in told[0][1]
