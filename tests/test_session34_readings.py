"""Readings session 34 added, each held to a real log's answer and the look-alikes they must leave alone.

Most come from comparing the engine with a reader who judged the same logs from their text alone (docs/reliability.md,
"An expert's reading of the same logs"): wordings whose kind is plain to that reader and that the engine passed over.
"""

from __future__ import annotations

from real_answers import answered, answers, first

UNOWNED_KERNEL = ("compiled CUDA code this program ran has no kernel for this GPU's architecture: the GPU is older (or "
                  "newer) than the architectures that library's build carries; the log does not show whose build it is")


def test_cuda_words_for_a_missing_kernel_image_are_told_where_nothing_names_whose_binary() -> None:
    # NanoAvatar#2: the program's own exception type around CUDA's words, no frame, no package
    assert first("holdout86b", "NanoAvatar-2.log")[:2] == ("no-kernel-image", UNOWNED_KERNEL)
    assert first("holdout73b", "mxnet-12142.log")[:2] == ("no-kernel-image", UNOWNED_KERNEL)
    # the GPU runtime's own error, read before it, still says more (a CUDA build for ROCm's or the reverse)
    assert first("holdout16b", "xsuite-684.log")[1].startswith("the compiled kernels carry no code for this GPU")
    # a warning that quotes the words is no failure of a kernel
    assert answered("UserWarning: no kernel image is available for execution on the device\n") == []


def test_a_build_scripts_shell_without_nvcc_is_a_build_without_the_cuda_toolkit() -> None:
    family, cause, _ = first("holdout86b", "CCNet-56.log")
    assert (family, cause) == ("extension-build", "building the extension needs the CUDA toolkit (nvcc), and none was "
                                                  "found (CUDA_HOME unset, no nvcc on PATH)")
    # the shell's words for another command are not nvcc's
    assert answered("build.sh: 11: build.sh: cmake: not found\n") == []


def test_tensorflows_missing_cuda_runtime_beside_a_gpu_it_found_is_told() -> None:
    family, cause, _ = first("holdout86b", "tensorflow-33891.log")
    assert family == "extension-cuda-lib"
    assert cause.startswith("a compiled library was built for CUDA 10 (it links libcudart.so.10)")
    # the same warning where TensorFlow found no GPU is its notice to ignore (it runs on the CPU)
    assert answered("2019-11-01 02:23:07.641907: W tensorflow/stream_executor/platform/default/dso_loader.cc:55] Could "
                    "not load dynamic library 'libcudart.so.10.0'; dlerror: libcudart.so.10.0: cannot open shared "
                    "object file: No such file or directory\n") == []


def test_conda_3s_unsatisfiable_specifications_are_the_solvers_refusal() -> None:
    for group, log in (("holdout85a", "astropy-2759.log"), ("holdout85a", "photutils-275.log"),
                       ("holdout52a", "conda-124.log")):
        family, cause, _ = first(group, log)
        assert family == "version-guard", log
        assert cause.startswith("conda's solver found no environment that meets every specification asked"), log


def test_a_stdlib_name_asked_in_a_conda_environments_lib_folder_on_windows_is_the_standard_librarys() -> None:
    assert first("holdout87a", "braindecode-399.log")[:2] == (
        "api-mismatch", "skorch (skorch.helper) asks for collections.Sequence, which Python 3.10 and later do not have "
        "(removed in Python 3.10): this Python is newer than the code was written for")
    # a file of that name elsewhere in an environment's folder is the user's own module, not the library's
    assert answered("ImportError: cannot import name 'Sequence' from 'collections' "
                    "(C:\\Users\\me\\.conda\\envs\\work\\project\\collections\\__init__.py)\n") == []


def test_pythons_import_words_with_the_modules_file_are_read_after_a_loggers_prefix() -> None:
    # modelscope's lazy import logs the ImportError it caught: "easycv.hooks not imported: cannot import name ..."
    assert first("holdout87a", "EasyCV-329.log")[:2] == (
        "api-mismatch", "the code asks for collections.Sequence, which Python 3.10 and later do not have (removed in "
                        "Python 3.10): Python 3.10 is newer than the code was written for")
    # the words without the module's file are a sentence, not the import system's
    assert answered("WARNING - easycv.hooks not imported: cannot import name 'Sequence' from 'collections'\n") == []


def test_a_capitalised_illegal_instruction_is_the_kernels_sigill() -> None:
    family, cause, _ = first("holdout87b", "mistral.rs-1269.log")
    assert (family, cause) == ("binary-mismatch", "a compiled library uses CPU instructions this CPU does not have (a "
                                                  "build for AVX2/AVX-512 running on an older or emulated CPU)")
    assert answers("holdout87b", "mistral.rs-1269.log")[1:] == []
