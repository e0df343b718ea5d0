"""Readings session 39 added or narrowed, each held to a real log's answer and the look-alikes they must leave alone
(docs/reliability.md, session 39)."""

from __future__ import annotations

from real_answers import REAL, answered, answers, aside, first, reviewed


def test_sphinx_s_words_around_an_extension_s_exception_are_read_as_that_exception() -> None:
    # holdout124a: conda-docs#553, a local extension importing sphinx.util.compat under Sphinx 1.7.0
    family, cause, _ = first("holdout124a", "conda-docs-553.log")
    assert family == "api-mismatch"
    assert cause.startswith("the code that imports it asks for the module sphinx.util.compat, which sphinx 1.7.0 does "
                            "not have")
    # the handler's words, the exception read whole: the type Python would have raised
    assert answered("Handler <function f at 0x1> for event 'builder-inited' threw an exception (exception: "
                    "No module named 'sphinx.util.compat')")[0].startswith(
        "the code that imports it asks for the module sphinx.util.compat")
    # the extension itself not installed is no release's lack: nothing claimed
    assert answered("Extension error:\nCould not import extension myst_parser (exception: No module named "
                    "'myst_parser')") == []


def test_a_submodule_a_release_s_own_package_stopped_importing_is_that_release_s() -> None:
    # holdout124a: pint#2143 (nbsphinx reading sphinx.util.console, which Sphinx 8.2.0's sphinx.util no longer imports)
    family, cause, fix = first("holdout124a", "pint-2143.log")
    assert family == "api-mismatch"
    assert cause == ("the code that imports it asks for sphinx.util.console, which the installed sphinx does not have: "
                     "sphinx 1.3 to 8.1.3 had it, 8.2.0 dropped it and 8.2.3 has it again (the releases before 1.3 "
                     "lack it too), so that code was written for another sphinx")
    assert fix == ('install sphinx>=8.2.3 (pip install "sphinx>=8.2.3"), or a release of the importing package that '
                   "follows this sphinx; or import the submodule where the code reads it (import sphinx.util.console)")
    # one a release added to its package's imports (cupy 14's cupy.cuda.cufft) is as often an import not made: nothing
    assert answered("Traceback (most recent call last):\n  File \"/home/u/proj/check_env.py\", line 5, in <module>\n"
                    "    print(cp.cuda.cufft.getVersion())\nAttributeError: module 'cupy.cuda' has no attribute "
                    "'cufft'\n") == []


def test_tensorrt_s_own_checks_of_an_engine_and_of_the_gpu() -> None:
    assert first("holdout124b", "TensorRT-564.log")[:2] == (
        "binary-mismatch", "the TensorRT engine file was built on a GPU of compute capability 7.5, and this GPU is 6.1: "
        "an engine holds kernels chosen for the GPU that built it")
    assert first("holdout124b", "tensorrtx-533.log")[:2] == (
        "version-guard", "the TensorRT engine file was serialized by another TensorRT release (its format's version "
        "tag 89) than the one that loads it (tag 96): an engine is tied to the TensorRT release (and the GPU) that "
        "built it")
    family, cause, fix = first("holdout124b", "tensorrtx-1610.log")
    assert family == "no-kernel-image"
    assert cause == ("the installed TensorRT release has no kernels for this GPU (SM 89, compute 8.9): TensorRT "
                     "supports the GPU architectures of its own time (a GPU newer than the release, or one a later "
                     "release dropped)")
    assert fix.startswith("install a TensorRT release that supports this GPU (TensorRT's support matrix")
    assert first("holdout124b", "D-FINE-seg-20.log")[1].startswith(
        "the installed TensorRT release has no kernels for this GPU (SM 60, compute 6.0)")
    assert first("holdout124b", "tensorrtx-819.log")[1].startswith(
        "the installed TensorRT release has no kernels for this GPU's architecture")
    # "Unsupported SM" of no TensorRT line, and an engine of the same GPU, claim nothing
    assert answered("RuntimeError: Unsupported SM.") == []
    assert answered("The engine plan file is generated on an incompatible device, expecting compute 8.6 got compute "
                    "8.6, please rebuild.") == []


def test_onnxruntime_going_on_without_its_tensorrt_provider_is_told_not_claimed() -> None:
    for log in ("rembg-284.log", "TRELLIS-for-windows-3.log", "deface-53.log"):
        assert answers("holdout124b", log) == [], log
        text = (REAL / "holdout124b" / log).read_text(encoding="utf-8")
        assert [family for family, _ in aside(text)] == ["provider-fallback"], log
    # where the session fails without it, the library is the cause (obs-backgroundremoval#504)
    assert first("holdout124b", "obs-backgroundremoval-504.log")[0] == "extension-cuda-lib"
    # the CUDA provider falling back (to the CPU) is still the failure it was (holdout123b: sd-webui-reactor#388)
    assert first("holdout123b", "sd-webui-reactor-388.log")[0] == "extension-dll-load"


def test_onnxruntime_s_provider_library_on_windows_and_cudnn_s_loader() -> None:
    family, cause, _ = first("holdout124b", "onnxruntime-5351.log")
    assert family == "extension-dll-load"
    assert cause.startswith("onnxruntime could not load an execution provider's library on Windows (error 126, not "
                            "found)")
    # cuDNN's own line alone is told apart: the same line was a path with brackets (holdout11b's sdwebuiforge#2798)
    line = "Could not locate cudnn_ops_infer64_8.dll. Please make sure it is in your library path!\n"
    assert answered(line) == []
    assert aside(line)[0][0] == "missing-library"


def test_build_backends_and_resolvers_refusing_the_python() -> None:
    assert first("holdout124a", "scipy-19571.log")[:2] == (
        "version-guard", "the build backend's check of the package's requires-python refuses this Python: the source "
        "being built requires Python >=3.9, and this Python is 3.8.10")
    family, cause, fix = first("holdout124a", "pdm-1136.log")
    assert family == "version-guard"
    assert cause.startswith("PDM's resolver refuses the project's requires-python (>=3.10)")
    assert fix.startswith("narrow requires-python in pyproject.toml")


def test_jupyterlab_s_table_of_conflicting_dependencies_and_mmcv_s_wrapped_words() -> None:
    for log in ("jupyterlab-fonts-15.log", "theme-nord-extension-1.log"):
        assert first("holdout124a", log)[1].startswith("JupyterLab's own check refuses an extension: its table of "
                                                       "conflicting dependencies"), log
    assert first("holdout124b", "mmrotate-395.log")[1].startswith("mmcv has no CUDA implementation of its nms op")
    # a device whose name only begins like CUDA's is not read as one
    assert answered("RuntimeError: nms_impl: implementation for device c") == []


def test_holdout125_s_readings_of_installers_and_libraries_own_checks() -> None:
    # Cartopy's setup.py floor on PROJ, a C library (version-guard by its words, not a build's failure)
    assert first("holdout125a", "cartopy-2055.log")[1].startswith(
        "the setup script's own check requires Proj 8.0.0 or newer, a C library the package builds against")
    assert answered("Python 3.8 must be installed.") == []  # Python's own floor is read elsewhere
    # conda's packages-not-found list of names alone: the solver's refusal
    family, cause, _ = first("holdout125a", "mmm-param-recovery-10.log")
    assert (family, cause) == ("version-guard", "conda's solver finds no package on the channels it read that meets "
                               "kaleido: none of them has that version, a build of it for this platform, or a package "
                               "of that name (one published on PyPI only)")
    # Poetry's "(0.1.62 git)", Kaleido's and Plotly's checks, PyMC's legacy twin, JupyterLab's table without headline
    assert first("holdout125a", "ergo-361.log")[1].startswith("numpyro 0.2.4 requires jax 0.1.62 git, and ergo requires "
                                                              "jax 0.1.63: no jax meets both")
    assert first("holdout125a", "plotly.py-5241.log")[1] == (
        "Kaleido's own check refuses Plotly 5.24.1: Kaleido 1.0.0 does not work with that release of Plotly (where its "
        "next lines name the releases that do)")
    assert first("holdout125a", "scikit-image-8307.log")[1] == (
        "the code's own check requires Kaleido 1.0.0 or newer, and the installed Kaleido is older (or not installed)")
    assert first("holdout125a", "bambi-433.log")[1].startswith("PyMC's own check finds PyMC3 3.11.4 installed beside "
                                                               "PyMC 4.0.0b1")
    assert first("holdout125a", "jupyterlab-3227.log")[0] == "version-guard"


def test_absl_py_s_text_compare_of_the_python_is_read_by_the_python_the_log_shows() -> None:
    family, cause, fix = first("holdout114a", "abseil-py-208.log")  # Python 3.11.1 shown
    assert family == "version-guard"
    assert cause.endswith("as well as 3.0 to 3.3: this Python is 3.10 or newer")
    assert fix.startswith("install a newer absl-py")
    assert first("holdout114a", "Ciphey-789.log")[1].endswith("(the log does not show which Python ran it)")
    # a Python the check lets through (another one ran it) or one it rightly refuses: not this reading
    check = ("Collecting absl-py==0.9.0\n    raise RuntimeError('Python version 2.7 or 3.4+ is required.')\n"
             "RuntimeError: Python version 2.7 or 3.4+ is required.\n")
    assert answered("Python 3.9.18\n" + check) == []
    assert answered("/opt/legacy/bin/python3.3 setup.py egg_info\nPython 3.11.4\n" + check) == []


def test_holdout125_s_loaders_and_gpu_words() -> None:
    assert first("holdout125b", "VapourSynth-BM3D-30.log")[:2] == (
        "extension-dll-load", "Windows could not load BM3D.dll or a DLL it depends on (error 126, not found): a library "
        "the plugin links is not beside it or on PATH (a library it was built with, the Microsoft Visual C++ "
        "Redistributable, or another release's DLL in their place), or no file is at the path given")
    assert first("holdout125b", "comfyui-nix-71.log")[0] == "extension-cuda-lib"
    family, cause, _ = first("holdout125b", "chdb-core-206.log")
    assert family == "binary-mismatch"
    assert cause.startswith("chdb's wheel (built for the stable ABI, abi3) installs on Python 3.15")
    assert first("holdout125b", "nvdiffrast-75.log")[0] == "no-kernel-image"  # "Cuda error: 209[cudaLaunchKernel"
    # torch's capability warning by its source line alone, with the GPU the log names
    assert first("holdout125b", "Retrieval-based-Voice-Conversion-WebUI-2507.log")[1] == (
        "NVIDIA GeForce RTX 5080 (sm_120) is newer than every arch the installed torch build carries")
    assert answered('warnings.warn(incompatible_device_warn.format(device_name, capability, " ".join(arch_list), '
                    'device_name))\n') == []  # no GPU named: nothing


def test_holdout126_s_readings() -> None:
    # setuptools' own vendored packaging, bound in pkg_resources until 70.0.0 (not another package it imports)
    family, cause, _ = first("holdout126a", "brevitas-963.log")
    assert family == "api-mismatch"
    assert cause.startswith("the code that imports it asks for the name packaging from pkg_resources, which the "
                            "installed setuptools does not have: setuptools 40.0.0 to 69.5.1 had it, 70.0.0 dropped "
                            "it and 71.0.0 has it again")
    # conda-build's words before conda 4's conflict list; pip 9's Requires-Python words, wrapped, with >= wildcards
    assert first("holdout126a", "cgpm-233.log")[0] == "version-guard"
    assert first("holdout126a", "pypacker-26.log")[1] == (
        "pypacker declares Requires-Python >=3.3.*,>=3.4.*,>=3.5.*,>=3.6.*, and this Python is 3.5.2: pip refuses to "
        "install it")
    # a library's CPU build in its own words ("k2 compiled without CUDA support"), on Linux by its extension's suffix
    assert first("holdout126b", "k2-1128.log")[:2] == (
        "torch-not-cuda", "the installed k2 is a build without CUDA (a CPU-only wheel or package: the only one some "
        "platforms' indexes carry, or one built without it), so it cannot run on the GPU")
    assert first("holdout126b", "tiny-cuda-nn-389.log")[1] == (
        "tinycudann has no build of its extension for this GPU (compute capability 6.0): it was built for other GPU "
        "architectures only (its architectures' list at build time)")
    for log in ("voice-changer-810.log", "LivePortrait-337.log"):
        assert first("holdout126b", log)[0] == "extension-dll-load", log
    # onnxruntime's "Init provider bridge failed." is a warning at import (PyInstaller bundles, CPU-only use): read no
    # more (the session-39 second reader's ddddocr#149, stt#11, winml-cli#1441)
    assert answers("holdout126b", "voice-changer-518.log") == []
    assert first("holdout126b", "sherpa-onnx-1665.log")[:2] == (
        "glibcxx-not-found", "the prebuilt libonnxruntime.so needs GLIBC_2.27 of glibc (the C library), and the one "
        "the link finds is older: the library was built on a newer system than the one (or the toolchain's sysroot) "
        "it is linked against here")
    # x86-64's first glibc version is every glibc's: a linker that found none of the system's libraries
    assert answered("ld: /usr/local/cuda/lib64/libcudart.so.11.0: undefined reference to `dlsym@GLIBC_2.2.5'") == []


def test_holdout127_s_readings() -> None:
    # Spyder's check of spyder-kernels (its name with a non-breaking hyphen)
    family, cause, fix = first("holdout127a", "spyder-14623.log")
    assert family == "version-guard"
    assert cause.startswith("the program's own check finds no spyder-kernels in the range it needs (>= 1.9.4 and < "
                            "1.10.0)")
    assert fix.startswith('install spyder-kernels in that environment within the range: pip install '
                          '"spyder-kernels>=1.9.4,<1.10.0"')
    # a warning that quotes the loader's glibc words (PyG disabling pyg-lib), torch's ninja check, GDAL's plugins
    assert first("holdout127b", "pytorch_sparse-377.log")[0] == "glibcxx-not-found"
    assert first("holdout127b", "xlstm-76.log")[1].startswith("torch's C++/CUDA extension builder (torch.utils."
                                                              "cpp_extension")
    assert first("holdout127b", "gdal-cheat-sheet-17.log")[:2] == (
        "extension-dll-load", "GDAL could not load its plugin gdal_BAG.dll: Windows did not find a DLL it needs, or a "
        "function in one (errors 126, 127): a library the plugin links is not on PATH (a vendor SDK's, for the ECW or "
        "MrSID plugins), or the plugin folder is another GDAL build's than the GDAL loading it")


def test_holdout128_s_readings() -> None:
    # simulators' own checks of their Python client
    assert first("holdout128a", "ml-agents-2182.log")[1] == (
        "ML-Agents' own check: the Python package (API-4) and the Unity environment's ML-Agents package (API-8) are "
        "releases that do not talk to each other")
    assert first("holdout128a", "animal-ai-22.log")[1].startswith("ML-Agents' own check: the Python package (API "
                                                                  "0.15.0)")
    for log in ("carla-7030.log", "carla-2341.log", "carla-2926.log"):
        assert first("holdout128a", log)[1].startswith("CARLA's own check: the Python client"), log
    assert first("holdout128a", "gym-minecraft-10.log")[1] == (
        "Malmo's own handshake: the Minecraft mod (0.21.0) got a client of Malmo 0.19.0: an older MalmoPython (or "
        "MalmoJava) is found first on the path")
    assert first("holdout128a", "mopa-6.log")[1] == ("the package's own check requires Python >=3.9, and this Python "
                                                     "is older")
    # DIGITS' probe of the CUDA runtime, error 35 (cudaErrorInsufficientDriver); not other error numbers
    assert first("holdout128b", "nvidia-docker-191.log")[0] == "cuda-driver-too-old"
    assert answered("cudaRuntimeGetVersion() failed with error #3\n") == []


def test_the_session_39_second_reader_s_false_claims_stay_mended() -> None:
    """tests/data/review39: each got a false claim from e54e9dc."""
    for name in ("ddddocr-149", "stt-11", "winml-cli-1441", "synth-bridge-warning-then-keyerror",
                 "synth-ninja-warning-then-oom", "synth-pyg-warning-then-keyerror",
                 "synth-pymc-warning-then-filenotfound", "synth-trt-tag-not-an-engine", "synth-absl-python26",
                 "synth-conda-notfound-offline", "synth-trtllm-fp8-on-a100", "synth-setup-floor-pytorch"):
        assert reviewed("review39", name) == [], name
    # GDAL's plugin of a vendor SDK: the SDK's DLLs, not only another GDAL's plugin folder
    (family, cause), = reviewed("review39", "kart-549")
    assert family == "extension-dll-load"
    assert "a vendor SDK's" in cause
    # of two GPUs the log names, torch's capability warning is not pinned to the first
    assert not any("RTX 3090" in cause for _, cause in reviewed("review39", "synth-torch-warn-two-gpus"))


def test_holdout129_s_readings() -> None:
    # a package installed for one Python, its compiled module asked for by another (ROS 2 Dashing under conda)
    assert first("holdout129b", "ros2-852.log")[:2] == (
        "binary-mismatch", "rclpy is installed for Python 3.6 (its site-packages under python3.6), and Python 3.7 "
        "imports it: its compiled module _rclpy is built for Python 3.6 only")
    # Qt for Python and GenICam publish wheels only (PyPI's JSON), whatever case the requirement spells them in
    assert first("holdout129b", "depthai-538.log")[0] == "binary-mismatch"
    assert first("holdout129b", "harvesters-102.log")[0] == "binary-mismatch"
    # Docker running an image of another CPU: runc's exec format error, and its own platform warning
    assert first("holdout129b", "object-detection-3.log")[0] == "binary-mismatch"
    assert first("holdout129b", "doods-64.log")[1].startswith("the container image is built for linux/amd64 and this "
                                                              "host is linux/arm64/v8")
    # a library's own words for a name one of its releases removed
    assert first("holdout129a", "forest-210.log")[1] == (
        "SciPy 1.14.0 removed interp2d, as its own message says: the code that uses it was written for an older scipy")
    assert first("holdout129a", "llama.cpp-10127.log")[1].startswith("NumPy 2.0 removed ndarray.newbyteorder")


def test_holdout130_s_readings() -> None:
    # a setup script reading its README in another encoding: the package's bug or the locale, not a build's fit
    assert answers("holdout130b", "expan-143.log") == []
    # JAX's own words for a name it removed (an exception's, not a changelog's line)
    assert first("holdout130a", "waymax-77.log")[1] == (
        "JAX 0.6.0 removed jax.tree_map, as its own message says: the code that uses it was written for an older jax")
    assert answered("jax.tree_map was removed in JAX v0.6.0: use jax.tree.map\n") == []
