"""Readings session 35 added, each held to a real log's answer and the look-alikes they must leave alone.

They come from the blind round holdout93 (docs/reliability.md, session 35): Ray's version check, OpenCV's words for its
CUDA build, pip -v's refusal of each wheel's tags, a Python floor that still admits Python 2.7, ONNX Runtime's IR check
cut where the paste wrapped, and a keyword a function checks itself.
"""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import answered, answers, first, reviewed

RAY = ("Ray refuses a process whose releases differ from the cluster's: Ray, Python (to the patch release) and "
       "cloudpickle must be the same on every node and driver (cluster / this process: {})")


def test_rays_version_check_names_the_fields_that_differ() -> None:
    for group, log, differing in (
            ("holdout93a", "ray-1263.log", "Cloudpickle 0.5.2 / 0.2.2"),
            ("holdout93a", "Logic-RL-30.log", "Ray 2.12.0 / 2.42.0; Python 3.11.11 / 3.9.21"),
            ("holdout93a", "ray-44063.log", "Python 3.10.13 / 3.10.12")):
        family, cause, fix = first(group, log)
        assert (family, cause) == ("version-guard", RAY.format(differing)), log
        assert fix.startswith("run the driver and every node from the same environment or image")
    # the same headline where the fields shown agree says nothing of which differs
    assert answered("RuntimeError: Version mismatch: The cluster was started with:\n    Ray: 2.9.3\n    Python: 3.10.13\n"
                    "This process on node 10.0.0.1 was started with:\n    Ray: 2.9.3\n    Python: 3.10.13\n") == []


def test_a_cpu_only_build_is_a_cpu_build_where_a_cuda_one_is_needed_and_names_the_library() -> None:
    family, cause, fix = first("holdout93b", "opencv-python-398.log")
    assert family == "torch-not-cuda"
    assert cause.startswith("the installed OpenCV is a build without CUDA")
    assert fix.startswith("install a CUDA build of OpenCV")
    # Ubuntu's OpenCV 2.4.9.1+dfsg: its build paths say Linux, where CUDA builds exist
    assert first("holdout93b", "gpu_flow-11.log")[:1] == ("torch-not-cuda",)
    # a check that names no library and no type that would: the library is not named
    found, _ = explain_log("Traceback (most recent call last):\n  File \"/home/u/x.py\", line 1, in <module>\n"
                           "    run()\nRuntimeError: The library is compiled without CUDA support\n")
    assert [item.hint.cause[:47] for item in found] == ["the installed library is a build without CUDA ("]
    assert "build it here with CUDA enabled" in found[0].hint.fix


def test_opencvs_build_without_code_for_the_selected_device_is_a_missing_kernel_image() -> None:
    family, cause, _ = first("holdout93b", "opencv-20706.log")
    assert family == "no-kernel-image"
    assert cause == ("OpenCV's CUDA build has no code for this GPU's architecture: it was built for other compute "
                     "capabilities (its CUDA_ARCH_BIN) with no PTX (CUDA_ARCH_PTX) the driver could compile for this one")


def test_pip_refusing_every_wheel_for_its_tags_is_no_wheel_for_this_machine() -> None:
    family, cause, _ = first("holdout86b", "oso-1727.log")
    assert family == "binary-mismatch"
    assert cause.startswith("pip found wheels of oso and refused each for its tags (their tags: "
                            "pp39-pypy39_pp73-manylinux2014_x86_64")
    assert first("holdout93b", "Open3D-1713.log")[0] == "binary-mismatch"
    # wheels whose tags fit every Python 3 (py3-none-...) refused: the platform's or pip's own doing (pip 20.0's
    # manylinux1 regression, holdout86b's distractor pip#7626), not told
    assert all(item[0] != "binary-mismatch" for item in answers("holdout86b", "pip-7626.log"))
    # another package's wheel refused says nothing of this requirement's
    assert answered("Skipping link: none of the wheel's tags match: cp38-cp38-win_amd64: https://files.pythonhosted."
                    "org/packages/aa/other-1.0-cp38-cp38-win_amd64.whl\nERROR: Could not find a version that satisfies "
                    "the requirement oso (from versions: none)\n") == []


def test_a_python_floor_that_still_admits_python_27_is_the_packages_own_check() -> None:
    family, cause, _ = first("holdout93a", "tweets_analyzer-25.log")
    assert (family, cause) == ("version-guard", "the package's own check requires Python 2.7 or >=3.4, and this "
                                                "Python is another (an older 2.x, or a 3.x before 3.4)")


def test_onnx_runtimes_ir_check_cut_before_its_number_is_still_a_model_newer_than_the_runtime() -> None:
    family, cause, _ = first("holdout93a", "pdf_multimodal_rag-1.log")
    assert family == "version-guard"
    assert cause.startswith("the model is saved in ONNX IR version 10, and the installed ONNX Runtime reads only older "
                            "IR versions (its number is cut from the log)")


def test_a_keyword_a_function_checks_itself_is_not_its_own_package_asking_another() -> None:
    # pandas' reindex raising for "axis" from its own frame: the caller is a checkout's code, no release named
    assert answers("holdout93a", "label_reconciliations-52.log") == []
    # a wrapper of the same name calling on (gym's TimeLimit.reset) is still the asker
    assert first("holdout52a", "gym-2531.log")[0] == "api-mismatch"



def test_a_checkout_of_a_package_importing_its_own_module_is_no_mismatch() -> None:
    # sphinx#403 (holdout94a's distractor): ".../sphinx/cmdline.py" importing sphinx.util.console, a development
    # revision's half-made change
    assert answers("holdout94a", "sphinx-403.log") == []


def test_a_backends_check_of_the_one_series_of_its_host_it_supports() -> None:
    family, cause, fix = first("holdout94a", "nengo-ocl-127.log")
    assert (family, cause) == ("version-guard", "nengo-ocl's own check supports Nengo 2.1.x only, and Nengo 2.2.0 is "
                                                "installed")
    assert fix == 'install Nengo 2.1.x (pip install "nengo==2.1.*"), or a release of nengo-ocl that supports Nengo 2.2.0'
    # a release of the series it supports is no refusal
    assert answered("ValueError: This simulator only supports Nengo 2.1.x (got 2.1.3)\n") == []


def test_jupyterlabs_check_of_its_extensions() -> None:
    causes = [cause for _, cause, _ in answers("holdout94a", "jupyterlab-4408.log")]
    assert causes[0].startswith("JupyterLab's own check refuses the extension @jupyter-widgets/jupyterlab-manager "
                                "0.33.2: it was built against the @jupyterlab/* packages of another JupyterLab release")
    assert len(causes) == 3
    assert first("holdout94a", "jupyterlab-flake8-33.log")[1].startswith(
        "JupyterLab's own check refuses the extension jupyterlab-flake8: it was built against")


def test_cudas_invalid_device_function_beside_a_projects_own_kernel_file() -> None:
    for log in ("libSGM-8.log", "GpuShareSat-3.log", "ICPCUDA-17.log"):
        family, cause, _ = first("holdout94b", log)
        assert family == "no-kernel-image", log
        assert cause.startswith("the compiled kernels carry no code for this GPU"), log
    # THC's own line for a torch extension's kernel file tells the extension's build, as its RuntimeError does
    assert [family for family, _, _ in answers("survey17b", "PyTorchEMD-11.log")] == ["extension-build"]


def test_a_librarys_check_of_the_cudnn_it_loaded_in_version_integers() -> None:
    family, cause, _ = first("holdout94b", "MegEngine_CU11-2.log")
    assert (family, cause) == ("extension-cuda-lib", "the library was built against cuDNN 8.1.1 and the cuDNN loaded "
                                                     "at runtime is 8.2.4: another cuDNN comes first on the library "
                                                     "path (LD_LIBRARY_PATH on Linux, PATH on Windows) than the one it "
                                                     "was built with or ships")


def test_fionas_setup_without_gdal_config_is_a_build_without_gdals_development_files() -> None:
    family, cause, _ = first("holdout94b", "osmnx-623.log")
    assert family == "extension-build"
    assert cause.startswith("building a GDAL binding (fiona, rasterio, GDAL's own Python package) from source needs "
                            "GDAL's development files")


def test_the_second_readers_false_claims_stay_mended_and_its_misses_are_read() -> None:
    for name in ("synth-only-supports-warning-then-keyerror", "synth-lab-build-warning-then-enospc",
                 "synth-opencv-arch-caught-then-filenotfound", "synth-invalid-device-function-iot",
                 "synth-pip-v-cut-skip-other-req", "synth-gdal-then-wheel-installed",
                 "synth-cpu-only-warning-then-valueerror", "synth-keyword-double-quote-typo"):
        assert reviewed("review35", name) == [], name
    for name in ("jupyterlab-hub-64", "jupyterlab_materialdarker-6"):
        assert reviewed("review35", name)[0][1].startswith("JupyterLab's own check refuses an extension (the log names"), name
    for name in ("homebrew-science-5902", "opencv-7254"):
        assert reviewed("review35", name)[0][0] == "no-kernel-image", name
    # no pip command for what pip does not install
    fixes = [item.hint.fix for item in explain_log("ValueError: This build only supports CUDA 11.x (got 12.1)\n")[0]]
    assert fixes == ["use CUDA 11.x, or a release of the checking library that supports CUDA 12.1"]


def test_the_jax_cuda_plugins_missing_library_is_told_not_its_cpu_fallback_warning() -> None:
    family, cause, _ = first("holdout95b", "mujoco_playground-137.log")
    assert family == "extension-cuda-lib"
    assert cause.startswith("JAX's CUDA plugin could not load cuSPARSE, one of the NVIDIA libraries it needs")
    # the warning alone, with no plugin in the log, is still a CPU-only jaxlib
    assert first("holdout81b", "ColabDock-28.log")[0] == "torch-not-cuda"


def test_dask_distributeds_own_note_that_a_variation_is_fine() -> None:
    assert answers("holdout96a", "distributed-7835.log") == []
    assert first("holdout83a", "model-server-171.log")[0] == "version-guard"


def test_mxnets_cpu_build_asked_for_a_gpu() -> None:
    for log in ("TuSimple-DUC-10.log", "hr101_mxnet-9.log", "mxnet-260.log"):
        family, cause, _ = first("holdout95b", log)
        assert (family, cause[:44]) == ("torch-not-cuda", "the installed MXNet is a build without CUDA "), log
    # another library's "Please compile with CUDA enabled" is not MXNet's
    assert answered("RuntimeError: Please compile with CUDA enabled\n") == []


def test_cuda_errors_named_by_the_runtime() -> None:
    # CuPy's CUDARuntimeError for error 803, and the runtime's name for error 35 in a program's report
    assert first("holdout95b", "cupy-5993.log")[0] == "cuda-driver-too-old"
    family, cause, _ = first("holdout90b", "cutlass-2804.log")
    assert (family, cause[:60]) == ("cuda-driver-too-old", "the CUDA runtime the program uses could not start: "
                                                           "cudaError")
    # NVRTC's words where its builtins library is not named
    assert first("holdout90b", "openmm-1485.log")[0] == "extension-cuda-lib"


def test_an_old_pandas_under_numpy_1_20() -> None:
    family, cause, _ = first("holdout95a", "brightwind-344.log")
    assert family == "api-mismatch"
    assert cause.startswith("an older pandas (0.25 and 1.0 are reported) hands NumPy the dtype attribute")


def test_what_holdout97_and_98s_distractors_showed_is_no_mismatch() -> None:
    # a version asked as a package of its own (conda install btllib 1.6.2)
    assert answers("holdout97a", "ntLink-106.log") == []
    # a C API name every CPython exports, missing to an extension: an embedding host hides libpython's symbols
    assert answers("holdout97b", "swift-t-125.log") == []
    assert answered("ImportError: /usr/lib/python3/dist-packages/x/_c.so: undefined symbol: _Py_ZeroStruct\n")[0] \
        .startswith("the extension was built against another Python")
    # a requirement printed under the import error that says the package is not installed
    assert answers("holdout98a", "crankshaft-213.log") == []


def test_a_librarys_check_of_the_gpu_architecture_and_caffes_spaced_cuda_check() -> None:
    family, cause, _ = first("holdout98b", "cudf-15053.log")
    assert (family, cause) == ("no-kernel-image", "the library's build needs an NVIDIA Volta GPU (compute capability 7.0) "
                                                  "or newer, and this GPU (Tesla P100-SXM2-16GB, compute capability 6.0) "
                                                  "is older: its binaries carry no kernels for it")
    assert first("holdout97b", "py-faster-rcnn-118.log")[0] == "no-kernel-image"


def test_grpc_and_protobuf_checks_of_generated_code_and_an_old_pickled_upsample() -> None:
    for log in ("weaviate-python-client-1142.log", "aikit-437.log"):
        assert first("holdout98a", log)[1].endswith("grpc's generated code checks the runtime it is loaded with"), log
    assert first("holdout95a", "a2a-samples-137.log")[1].startswith("a2a.proto was generated by protoc 6.31.1")
    # the headline's start on a line of its own, the rest wrapped below
    assert first("holdout98a", "pyansys-geometry-2914.log")[1].startswith(
        "grpc_health/v1/health.proto was generated by protoc 7.35.0")
    assert first("holdout95a", "yolov5-5499.log")[0] == "api-mismatch"


def test_xlas_ptxas_warning_wrapped_after_its_because_and_mdtraj_in_the_atlas() -> None:
    assert first("holdout93b", "alphafold3-272.log")[0] == "cuda-driver-too-old"
    assert first("holdout97a", "msmbuilder-938.log")[0] == "api-mismatch"


def test_a_jupyterlab_extensions_check_of_its_two_halves() -> None:
    family, cause, _ = first("holdout96a", "jupyterlab-git-1333.log")
    assert family == "version-guard"
    assert cause.startswith("the JupyterLab extension @jupyterlab/git's own check finds its frontend at 0.50.0 and its "
                            "Python package at 0.50.1")


def test_holdout100s_distractors_a_checkouts_protos_not_compiled_and_windows_out_of_memory() -> None:
    assert answers("holdout100a", "models-1562.log") == []
    # a published package's generated module is still its release's
    assert first("holdout32a", "onnx-872.log")[0] == "api-mismatch"
    assert answers("holdout100b", "h5py-2062.log") == []


def test_holdout99_and_100s_readings() -> None:
    for log in ("ERNIE-69.log", "models-2137.log", "PaddleFormers-34.log"):  # PaddlePaddle's CPU build before 2.0
        assert first("holdout99b", log)[0] == "torch-not-cuda", log
    assert first("holdout99a", "docker-spark-58.log")[1].startswith("PySpark's workers run Python 3.5 and its driver "
                                                                    "Python 3.7")
    assert first("holdout99a", "radio-3.log")[1] == ("numba's own check at import needs llvmlite 0.21.0 or newer, and "
                                                     "the installed llvmlite is older")
    assert first("holdout100b", "fgb_sage-3.log")[1].startswith("the build passes -fopenmp to Apple's clang")
    assert first("holdout100b", "ldif-6.log")[:2] == ("cuda-driver-too-old", "the NVIDIA driver is older than the CUDA "
                                                                             "runtime the program was built with")
    assert first("holdout100b", "onnx-133.log")[1].startswith("the build cannot find google/protobuf/stubs/common.h")
    assert first("holdout94a", "dask-labextension-118.log")[0] == "version-guard"
    # libmamba's tree read whole where no one pair is read apart
    assert first("holdout88a", "imbalanced-learn-1141.log")[1].startswith(
        "conda's solver (libmamba) finds no set of releases that meets every requirement together: its tree of the "
        "conflict starts from imbalanced-learn")
    assert first("holdout100a", "tensorflow-44467.log")[1].startswith("h5py 3.0 returns an HDF5 string attribute")
    assert first("holdout98a", "rdtools-443.log")[1].startswith("scikit-learn 1.6.0 asks every estimator for its tags")


def test_the_second_reviews_false_claims_of_the_later_readings_stay_mended() -> None:
    for name in ("synth-mxnet-cmake-notice-then-linker", "synth-rapids-volta-requirements-banner",
                 "synth-insufficient-driver-handled-then-keyerror", "synth-jax-cusparse-warning-then-shape-error",
                 "synth-xla-ptxas-wrapped-then-oom"):
        assert reviewed("review35b", name) == [], name
    assert reviewed("review35b", "synth-msvc-c1083-io-h")[0][1].startswith(
        "the build cannot find io.h, a header of the Windows SDK's C runtime")


def test_numbas_check_of_llvmlites_llvm() -> None:
    assert reviewed("review35b", "numba-8908")[0] == ("version-guard", "numba's own check at import needs an llvmlite "
                                                                       "built against LLVM 14.0.0 or newer, and the "
                                                                       "installed llvmlite was built against an older "
                                                                       "LLVM")
