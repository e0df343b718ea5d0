"""Readings session 21 added, each held to a real log's answer (misses of earlier blind rounds, training data now),
and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import REAL, answers, first


@pytest.mark.parametrize(("log", "function", "given", "count"), [
    ("MakeItTalk-92.log", "mel", "2 arguments", "8"),
    ("GraphDitty-11.log", "melspectrogram", "1 argument", "10"),
])
def test_a_function_librosa_made_keyword_only_is_dated_from_the_counts_its_releases_take_by_position(
        log: str, function: str, given: str, count: str) -> None:
    # 0.9.0 took keywords only, 0.9.1 and 0.9.2 took positions again through deprecate_positional_args (with a
    # FutureWarning), 0.10.0 for good: the last change is told, as the maintainer dates it (GraphDitty#11)
    module = "librosa.filters" if function == "mel" else "librosa.feature.spectral"
    assert first("holdout42a", log) == (
        "api-mismatch",
        f"{function}() is called with {given} by position, and librosa's {function}() ({module}) is the one function "
        "of the packages the atlas reads that took 0 in some releases and more in others: librosa 0.10.0 made it "
        f"take its arguments by keyword only (0.9.2, the newest release read before, took {count}); with the "
        "installed librosa, the calling code was written for an older librosa",
        f"pass the arguments by name (name=value), as this librosa's {function}() asks, or install librosa<0.10.0 "
        '(pip install "librosa<0.10.0")')


def test_a_count_by_position_that_is_not_zero_is_read_too() -> None:
    family, cause, _ = first("holdout42a", "benadar293.github.io-3.log")
    assert family == "api-mismatch"
    assert "librosa 0.10.0 made it take only 1 by position (0.9.2, the newest release read before, took 3)" in cause


REVIEW = REAL.parent / "review21"


@pytest.mark.parametrize("log", [
    # Python before 3.10 (or a call with no keywords) says no more than "takes 0": as often a user's function of no
    # parameters; without the keyword-only count, the package in the log or a call through it, no answer
    ("holdout42a", "ComSpeech-2.log"), ("review21", "r_vits-mandarin-windows-6.log"),
    ("review21", "c_table-own-function.log"),
    # a call through the user's own module
    ("review21", "c_mel-own-module.log"), ("review21", "c_get-window-own-module.log"),
])
def test_a_positional_call_the_log_does_not_tie_to_the_package_gets_no_answer(log: tuple[str, str]) -> None:
    group, name = log
    folder = REAL / group if group.startswith("holdout") else REAL.parent / group
    found, _ = explain_log((folder / name).read_text(encoding="utf-8"))
    assert [item.hint.family for item in found] == []


@pytest.mark.parametrize("text", [
    # a function no package of the atlas has: the caller's own
    "TypeError: compute_features() takes 0 positional arguments but 2 were given",
    # librosa's mel, but more arguments than any release took by position: the caller's slip
    "TypeError: mel() takes 0 positional arguments but 9 were given",
    # a count the function always had
    "TypeError: melspectrogram() takes 10 positional arguments but 11 were given",
])
def test_a_positional_call_no_release_s_count_explains_gets_no_answer(text: str) -> None:
    found, _ = explain_log(text + "\n")
    assert [item.hint.family for item in found] == []


def test_a_function_that_moved_between_modules_is_one_history_of_its_keyword() -> None:
    # skimage.transform's match_histograms (0.14-0.18) always took multichannel; skimage.exposure's dropped it
    assert first("holdout42a", "deforum-stable-diffusion-381.log") == (
        "api-mismatch",
        "match_histograms() is called with the keyword multichannel, which of the packages the atlas reads only "
        "scikit-image's match_histograms() (skimage.exposure.histogram_matching) ever took, and not in every release: "
        "scikit-image 0.20.0 removed it (0.19.3 is the last release with it); with the installed scikit-image, the "
        "calling code (or the saved settings it passes) was written for an older scikit-image",
        'install scikit-image<0.20.0 (pip install "scikit-image<0.20.0"), or calling code that follows this '
        "scikit-image")


@pytest.mark.parametrize(("log", "instructions"), [
    ("tensorflow-6896.log", "AVX2"), ("RasaGPT-15.log", "AVX"), ("tensorflow-tex-wavenet-8.log", "AVX"),
])
def test_tensorflow_s_check_of_the_cpu_s_instructions_is_a_binary_for_another_machine(log: str,
                                                                                      instructions: str) -> None:
    assert first("holdout42b", log) == (
        "binary-mismatch",
        f"the installed TensorFlow is a build that uses {instructions} instructions, and this CPU (or the emulator or "
        "virtual machine it runs in) does not have them",
        f"install a build of it for CPUs without {instructions} (a community no-AVX wheel, an older release built "
        f"without it), build it from source on this machine, or run on a CPU that has {instructions}")


@pytest.mark.parametrize(("group", "log"), [
    ("holdout42b", "caffe2-1313.log"), ("holdout42b", "inplace_abn-3.log"), ("holdout40b", "xmr-stak-258.log"),
])
def test_invalid_device_function_as_cub_thrust_and_a_miner_print_it_is_code_for_another_gpu(group: str,
                                                                                           log: str) -> None:
    family, cause, _ = first(group, log)
    assert family == "no-kernel-image"
    assert cause.startswith(("the compiled kernels carry no code for this GPU",  # thrust's words: below
                             "the compiled kernels the library launches were not found for this GPU"))


def test_torchvision_s_check_of_cuda_major_versions_names_both_builds() -> None:
    family, cause, fix = first("holdout42b", "pytorch-mask-rcnn-tutorial-code-1.log")
    assert (family, cause) == ("binary-mismatch", "PyTorch and torchvision are builds for different CUDA versions "
                               "(PyTorch: CUDA 11.8, torchvision: CUDA 12.1): their compiled parts do not load together")
    assert "--index-url https://download.pytorch.org/whl/cu118" in fix


def test_torch_2_s_words_for_a_torchvision_operator_not_registered_are_read() -> None:
    assert [family for family, _, _ in answers("holdout42b", "kohya-trainer-347.log")] == [
        "version-guard", "extension-abi"]


@pytest.mark.parametrize("log", ["PaddleOCR-300.log", "PP-YOLOE-5.log"])
def test_paddle_s_cudnn_loader_error_is_a_cuda_library_not_found(log: str) -> None:
    family, cause, _ = first("holdout40b", log)
    assert family == "extension-cuda-lib"
    assert cause.startswith("PaddlePaddle's GPU build loads cuDNN at run time and the loader finds none")


def test_libcufile_is_a_cuda_library_with_its_own_wheel() -> None:
    family, _, fix = first("holdout40b", "pytorch-148137.log")
    assert family == "extension-cuda-lib"
    assert "pip install nvidia-cufile-cu12 (nvidia-cufile for CUDA 13)" in fix


def test_pip_check_s_has_requirement_but_you_have_is_a_version_guard() -> None:
    assert answers("holdout41a", "FlagEmbedding-1266.log")[0] == (
        "version-guard", "flagembedding 1.3.2 requires transformers==4.44.2; found transformers 4.46.3",
        "pip install 'transformers==4.44.2' (or a release of flagembedding whose requirement the installed "
        "transformers meets)")


def test_pickle_s_own_words_for_a_name_an_installed_module_lacks_date_the_file() -> None:
    family, cause, fix = first("holdout41a", "OpenNMT-py-1511.log")
    assert family == "api-mismatch"
    assert cause == ("the pickled file being loaded names the name _split_tokenizer from torchtext.data.utils, which "
                     "the installed torchtext does not have: torchtext 0.4.0 added it (the releases before it lack "
                     "it), so the file was written by a newer torchtext than the one reading it")
    assert fix.startswith('load it with the torchtext release that wrote it: install torchtext>=0.4.0')


def test_pickle_s_words_for_a_module_of_the_user_s_own_get_no_answer() -> None:
    found, _ = explain_log("AttributeError: Can't get attribute 'Net' on <module '__main__' from 'train.py'>\n")
    assert found == []


def test_napari_s_wrapped_import_names_the_plugin_s_module_as_the_asker() -> None:
    assert first("holdout41a", "micro-sam-953.log") == (
        "api-mismatch",
        "micro-sam (micro_sam.sam_annotator.annotator_3d) asks for torch.library.register_fake, which the installed "
        "torch does not have: torch 2.4.0 added it (the releases before it lack it), so micro-sam was written for a "
        "newer torch",
        'install torch>=2.4.0 (pip install "torch>=2.4.0"), or a release of micro-sam that follows this torch')


def test_a_class_named_after_a_package_the_log_shows_no_sign_of_is_the_repository_s_own() -> None:
    # holdout43a's distractor LongLLaVA#5: the repository's own llava package, run from its checkout
    assert answers("holdout43a", "LongLLaVA-5.log") == []
    # a class not named after its package, under the same evidence, is still read (holdout27a: DANet#4)
    assert first("holdout27a", "DANet-4.log")[0] == "api-mismatch"


def test_pip_s_note_of_a_requirement_not_installed_is_no_version_guard() -> None:
    # holdout43a: ms-swift#3042; the import error below the notes is what failed
    assert [family for family, _, _ in answers("holdout43a", "ms-swift-3042.log")] == ["api-mismatch"]


def test_a_missing_glibcxx_version_node_is_an_older_cxx_runtime_found_first() -> None:
    family, cause, _ = first("holdout44b", "faiss-90.log")
    assert family == "glibcxx-not-found"
    assert cause.startswith("_swigfaiss.so was built against a newer C++ runtime than the libstdc++.so.6 the loader "
                            "found first: that copy lacks GLIBCXX_3.4.9")


def test_a_cut_traceback_of_another_kind_than_the_log_s_error_is_that_error_s() -> None:
    # holdout44b: DeepSpeed#3279, ranks printing at once: the loader's error inside the JIT build's traceback
    assert [family for family, _, _ in answers("holdout44b", "deepspeed-3279.log")] == ["extension-cuda-lib"]


@pytest.mark.parametrize(("library", "cause", "fix"), [
    # cuRAND's soname major is its own: CUDA 10.1 to 13 all ship libcurand.so.10 (NVIDIA's wheels, read 2026-12-04)
    ("libcurand.so.10",
     "a compiled library was built against cuRAND 10 (it links libcurand.so.10), and the loader finds none: the CUDA "
     "libraries that ship it are not installed, or not on the loader path",
     "install cuRAND 10: the CUDA toolkit of the CUDA the package was built for (CUDA 10.1, 10.2, 11, 12, 13 all ship "
     "libcurand.so.10; pip: nvidia-curand-cu11 / nvidia-curand-cu12 / nvidia-curand), with its lib directory on "
     "LD_LIBRARY_PATH (a torch extension finds the one the torch wheel brings); or a compiled library's build for the "
     "cuRAND this machine has"),
    # cuFFT 11 is CUDA 12's
    ("libcufft.so.11",
     "a compiled library was built for CUDA 12 (it links libcufft.so.11), and the loader finds no libcufft.so.11: "
     "this machine's CUDA libraries are of another major, or not on the loader path", None),
])
def test_a_cuda_math_library_s_own_soname_major_is_not_taken_for_cuda_s(library: str, cause: str,
                                                                       fix: str | None) -> None:
    found, _ = explain_log(f"ImportError: {library}: cannot open shared object file: No such file or directory\n")
    assert found[0].hint.cause == cause
    if fix is not None:
        assert found[0].hint.fix == fix
    else:
        assert found[0].hint.fix.startswith("install the CUDA 12 library: pip install nvidia-cufft-cu12")


def test_a_method_s_count_by_position_is_read_for_the_class_the_message_names() -> None:
    # Python 3.10's words for scikit-learn 0.22's OneHotEncoder(categories) called under 1.0, whose parameters after
    # self are keyword-only (0.23 and 0.24 take them through _deprecate_positional_args, with a warning)
    found, _ = explain_log("TypeError: OneHotEncoder.__init__() takes 1 positional argument but 2 were given\n")
    assert found[0].hint.cause == (
        "OneHotEncoder.__init__() is called with 2 arguments by position (self counted), and scikit-learn's "
        "OneHotEncoder.__init__() (sklearn.preprocessing._encoders) took 1 in some releases and more in others: "
        "scikit-learn 1.0 made it take only 1 by position (0.24.2, the newest release read before, took 6); "
        "with the installed scikit-learn, the calling code was written for an older scikit-learn")


def test_a_package_s_own_words_naming_the_release_that_removed_an_attribute() -> None:
    assert first("holdout44a", "KeyBERT-71.log") == (
        "api-mismatch",
        "Gensim 4.0.0 removed KeyedVector.vocab, as its own message says: the code that uses it was written for an "
        "older gensim",
        'install gensim<4.0.0 (pip install "gensim<4.0.0"), or update the code that uses it')


def test_tensorflow_s_check_of_the_visual_cpp_runtime_is_a_dll_not_found() -> None:
    family, cause, fix = first("holdout44b", "tensorflow-50955.log")
    assert family == "extension-dll-load"
    assert cause.startswith("TensorFlow loads the Microsoft Visual C++ runtime (msvcp140.dll or msvcp140_1.dll)")
    assert fix.startswith("install the latest Microsoft Visual C++ Redistributable (x64")


def test_a_demangled_torch_symbol_reads_as_its_mangled_name() -> None:
    family, cause, _ = first("holdout43b", "sglang-kvcache-33.log")
    assert family == "extension-abi"
    assert "missing symbol c10::cuda::c10_cuda_check_implementation(int, char const*" in cause


@pytest.mark.parametrize(("group", "log", "family"), [
    ("holdout43a", "ludwig-3995.log", "api-mismatch"),  # 'use_rslora, its closing quote cut
    ("holdout44b", "adelaidet-54.log", "extension-cuda-lib"),  # "libcudart.so.10.0: cannot open", cut there
])
def test_a_message_cut_where_it_was_pasted_is_still_read(group: str, log: str, family: str) -> None:
    assert first(group, log)[0] == family


def test_a_home_folder_of_projects_named_src_is_no_package_s_src_layout() -> None:
    # the session-20 second reader's RippleNet#20: /home/wal/src/github/RippleNet/src/model.py, once read as a
    # package "github" that asked
    found, _ = explain_log((REAL.parent / "review20" / "r_RippleNet-20.log").read_text(encoding="utf-8"))
    assert found[0].hint.cause.startswith("the calling code asks for tensorflow.placeholder")
    assert "github" not in found[0].hint.fix


@pytest.mark.parametrize("log", ["c_removed-from-no-error.log", "c_removed-from-docs-inside-other-error.log",
                                 "c_paddle-phrase-other-program.log"])
def test_a_package_s_words_read_only_as_its_error(log: str) -> None:
    found, _ = explain_log((REVIEW / log).read_text(encoding="utf-8"))
    assert not any("removed" in item.hint.cause or "PaddlePaddle" in item.hint.cause for item in found)


@pytest.mark.parametrize(("log", "fix"), [
    # CUDA 10.0's X.Y soname: its toolkit, no wheel
    ("r_darknet-6543.log", "install the CUDA 10.0 toolkit (its lib directory on LD_LIBRARY_PATH)"),
    ("c_cufft10-0-torch-cu118-shown.log", "install the CUDA 10.0 toolkit (its lib directory on LD_LIBRARY_PATH)"),
    # libcurand.so.10 ships with CUDA 10.1 and later, not 10.0
    ("r_pycuda-206.log", "install cuRAND 10: the CUDA toolkit of the CUDA the package was built for (CUDA 10.1, 10.2, "
                         "11, 12, 13 all ship libcurand.so.10"),
])
def test_a_cuda_math_library_s_soname_names_the_toolkit_that_ships_it(log: str, fix: str) -> None:
    found, _ = explain_log((REVIEW / log).read_text(encoding="utf-8"))
    assert found[0].hint.fix.startswith(fix)


def test_thrust_s_invalid_device_function_is_told_with_the_build_s_flags() -> None:
    found, _ = explain_log((REVIEW / "r_thrust-837.log").read_text(encoding="utf-8"))
    assert found[0].hint.cause == ("the compiled kernels the library launches were not found for this GPU: it was "
                                   "built for other GPU architectures, or without the flags its CUDA code needs")


def test_scikit_image_s_deprecation_wrapper_is_a_relay_not_the_asker() -> None:
    found, _ = explain_log((REVIEW / "r_DeforumStableDiffusionLocal-57.log").read_text(encoding="utf-8"))
    assert found[0].hint.cause.startswith("match_histograms() is called with the keyword multichannel")
    assert "scikit-image 0.20.0 removed it" in found[0].hint.cause


def test_paddle_s_loader_inside_fastdeploy_is_still_paddle_s() -> None:
    found, _ = explain_log((REVIEW / "r_MAP-NEO-3.log").read_text(encoding="utf-8"))
    assert found[0].hint.family == "extension-cuda-lib"
    assert "paddle.version.cuda(), paddle.version.cudnn()" in found[0].hint.fix


def test_tensorflow_s_warning_of_no_driver_library_alone_is_its_cpu_fallback() -> None:
    # holdout48b's distractor Chiron#99: "W ... dso_loader ... 'libcuda.so.1'" and cuInit's error, TensorFlow on the CPU
    assert answers("holdout48b", "chiron-99.log") == []
    assert answers("holdout46b", "lightweight_mmm-23.log") == []


def test_a_python_library_under_lib64_is_the_python_s_own() -> None:
    # holdout48a: neuralxc#15, Fedora's /usr/lib64/python3.10/collections/__init__.py
    family, cause, _ = first("holdout48a", "neuralxc-15.log")
    assert family == "api-mismatch"
    assert cause.startswith("the code asks for collections.Mapping, which Python 3.10 and later do not have")
