"""Readings session 43 added or narrowed, each held to a real log's answer, and the look-alikes they must leave
alone (docs/reliability.md, session 43)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from real_answers import answered, answers, aside, first, reviewed


def test_a_one_word_attribute_its_class_had_until_a_release() -> None:
    # holdout91a: covalent#1845, the class itself asked, the log its line alone
    assert first("holdout91a", "covalent-1845.log")[:2] == (
        "api-mismatch", "the code asks pennylane's class DefaultQubit itself for operations, which the installed "
        "pennylane does not have: pennylane 0.33.0 removed it (0.32.0 is the last release with it), so the code was "
        "written for an older pennylane")
    # an object of it, not the class: the same history (told before, by the one class of its name that had it)
    assert answered("AttributeError: 'DefaultQubit' object has no attribute 'operations'\n") == [
        "the code asks a DefaultQubit (pennylane's class, the one of its name that had operations) for operations, which the installed pennylane does not "
        "have: pennylane 0.33.0 removed it (0.32.0 is the last release with it), so the code was written for an older "
        "pennylane"]
    # a name releases had only between two of them (holdout142a's distractor sentence-transformers#1699), a class of
    # one word, an attribute no release of the class had, or one the code asks of its own object: nothing
    assert not answered("AttributeError: 'SentenceTransformer' object has no attribute 'tokenizer'\n")
    assert not answered("AttributeError: type object 'Qubit' has no attribute 'operations'\n")
    assert not answered("AttributeError: type object 'DefaultQubit' has no attribute 'frobnicate'\n")
    assert not answered('  File "run.py", line 3, in go\n    self.operations.append(1)\n'
                        "AttributeError: 'DefaultQubit' object has no attribute 'operations'\n")


def test_the_cuda_runtimes_own_calls_missing_from_any_packages_module() -> None:
    # holdout150b: cuosqp#6, built by CUDA 11.1's nvcc and run against 11.0's runtime
    assert first("holdout150b", "cuosqp-6.log")[:2] == (
        "extension-abi", "_osqp.cpython-36m-x86_64-linux-gnu.so was compiled by an nvcc, whose code calls the CUDA "
        "runtime's __cudaRegisterFatBinaryEnd, and the CUDA runtime (libcudart) it loads does not define it, or none is "
        "linked: the module was built with another CUDA toolkit than the one it runs with")
    assert answered("ImportError: /x/site-packages/ops/_k.so: undefined symbol: __cudaPopCallConfiguration\n") == [
        "_k.so was compiled by an nvcc of CUDA 9.2 or newer, whose code calls the CUDA runtime's "
        "__cudaPopCallConfiguration, and the CUDA runtime (libcudart) it loads does not define it, or none is linked: "
        "the module was built with another CUDA toolkit than the one it runs with"]
    # TensorFlow's op libraries keep their own answer (holdout79b: addons#990)
    assert first("holdout79b", "addons-990.log")[1].startswith("the op library")
    # relocatable device code not linked is a build's, not this (no answer of this kind)
    assert not any("nvcc of CUDA" in cause for cause in answered(
        "ImportError: /x/site-packages/ops/_k.so: undefined symbol: __cudaRegisterLinkedBinary_abc\n"))


def test_the_cxx_runtimes_personality_routine_missing() -> None:
    # holdout150b: cudamat#83, libcudalearn.so linked without libstdc++
    assert first("holdout150b", "cudamat-83.log")[:2] == (
        "extension-abi", "libcudalearn.so is C++ code linked without the C++ runtime (libstdc++): it was linked by the "
        "C compiler driver (gcc, not g++), or its parts were built by different compilers (nvcc's host compiler unlike "
        "the one that linked it)")


def test_a_submodule_the_log_printed_imported_is_the_installed_releases() -> None:
    # holdout151b's distractor cupy#8710: "<module 'cupy.cuda.nccl' from '.../cupy/cuda/nccl.py'>" above cupy.cuda's
    # lazy __getattr__ refusing nccl
    assert answers("holdout151b", "cupy-8710.log") == []
    # the same refusal without the module printed: still the atlas's answer (cupy 9.0 stopped importing it)
    assert answered("AttributeError: module 'cupy.cuda' has no attribute 'nccl'\n")[0].startswith(
        "the code that imports it asks for cupy.cuda.nccl")


def test_faiss_falling_back_from_its_avx2_build_that_loaded() -> None:
    # holdout151b's distractor notion-qa#21: the fallback loaded ("Successfully loaded faiss"), a pickle failed after
    assert answers("holdout151b", "notion-qa-21.log") == []
    # the fallback failing too (holdout44b: faiss#3219): told
    assert first("holdout44b", "faiss-3219.log")[0] == "glibcxx-not-found"


def test_a_module_asked_while_its_own_body_still_runs() -> None:
    # holdout150a's distractor networkx#3023: a script named inspect.py, run by decorator's import of inspect while
    # networkx imports, reads nx.read_gpickle of a networkx half imported
    assert answers("holdout150a", "networkx-3023.log") == []
    # asked after networkx imported (its body not on the stack): the atlas's answer
    assert answered('Traceback (most recent call last):\n  File "/x/site-packages/foo/io.py", line 3, in load\n'
                    "    return nx.read_gpickle(p)\nAttributeError: module 'networkx' has no attribute 'read_gpickle'\n"
                    )[0].startswith("foo (foo.io) asks for networkx.read_gpickle")


def test_pips_complaint_of_others_before_a_failure_of_a_package_it_does_not_name() -> None:
    # holdout150b: p2ptrans#32, interpolation's pin on packaging, then p2ptrans's module under NumPy's C-API words
    assert [family for family, _, _ in answers("holdout150b", "p2ptrans-32.log")] == ["extension-abi"]


def test_a_cpu_only_torch_where_the_program_was_run_with_its_cpu_option() -> None:
    # holdout150b's distractor TorchSpectralGating#1: "torchgating sample.wav --graph --cpu" reaching CUDA all the same
    # (an inverted assert on opt.cpu): told apart, not claimed
    assert answers("holdout150b", "TorchSpectralGating-1.log") == []
    log = 'torchgating in.wav --cpu\nraise AssertionError("Torch not compiled with CUDA enabled")\n'
    assert aside(log)[0][0] == "cpu-asked"
    # no CPU option on a command line (another option, "--cpus"): the CPU-only build's answer
    assert answered(log.replace("--cpu", "--cpus"))[0].startswith("this torch is a CPU-only build")


def test_a_symbol_of_an_unknown_namespace_asked_in_a_cmake_configuration_folder() -> None:
    # holdout151b's distractor librealsense#12330: pybackend2 in librs/build/Release asking librealsense::, its own
    assert answers("holdout151b", "librealsense-12330.log") == []
    # another project's namespace asked there (boost): told as before
    assert answered("ImportError: /x/build/Release/m.so: undefined symbol: _ZN5boost6system15system_categoryEv\n"
                    )[0].startswith("ABI mismatch: the compiled library asks for a C++ symbol of boost")


def test_the_release_table_kept_in_shards_round_trips(tmp_path: Path) -> None:
    from pytest_autoglm_compat.knowledge.release_table import SHARDS, shard_of
    from pytest_autoglm_compat.tools.history.releases_build import read_table, write_table

    table = {"scipy": [["1.7.1", "<3.10,>=3.7", "s", "cp37 cp39", "linux windows"]], "rasa": [["3.0.0", "<3.9,>=3.7", "",
                                                                                              "py3", "any"]]}
    write_table(table, tmp_path, ["https://pypi.org/simple"])
    assert read_table(tmp_path) == table
    assert len(list(tmp_path.glob("*.json.gz"))) == SHARDS
    assert not list(tmp_path.glob(".*"))  # no partial file left
    # a package's shard by its canonical name, the same on every machine
    assert shard_of("Sphinx") == shard_of("sphinx")
    assert shard_of("rasa") == f"{zlib.crc32(b'rasa') % 64:02d}.json.gz"
    assert json.loads((tmp_path / "meta.json").read_text())["packages"] == 2


def test_pips_headline_whole_over_causes_of_several_packages_and_no_user_request() -> None:
    # holdout150a: pip#13600, pose-pipeline's and tensorflow[and-cuda]'s releases listed, none "The user requested"
    assert first("holdout150a", "pip-13600.log")[1].startswith(
        "pip's resolver found no set of releases that meets every requirement it was given: what it was asked to "
        "install (pose-pipeline==2025.5.2, tensorflow[and-cuda]==2.14.0,")
    # candidates of one package alone (the session-23 second reader's ocrd_all#347 shape): still not told by the headline
    text = ("ERROR: Cannot install ocrd-x==0.1 because these package versions have conflicting dependencies.\n\n"
            "The conflict is caused by:\n    a 0.0.2 depends on torch==1.7.1\n    a 0.0.1 depends on torch==1.7.0\n")
    assert not any(cause.startswith("pip's resolver found no set of releases that meets every requirement it was "
                                    "given: what it was asked") for cause in answered(text))


def test_condas_plan_of_a_cpu_build_where_its_specs_ask_for_a_cuda_toolkit() -> None:
    # holdout150b: conda#11001, "cudatoolkit=10.1" among the specs, pytorch 1.10.0's CPU build planned
    assert first("holdout150b", "conda-11001.log")[:2] == (
        "torch-not-cuda", "conda's plan installs a CPU-only build of pytorch 1.10.0 though the command asks for CUDA "
        "(cudatoolkit=10.1): the channel has no build of that pytorch for that CUDA on this platform (or another package "
        "asked pins the CPU variant, cpuonly), so conda took the CPU build and torch runs without CUDA")
    plan = "  pytorch            pytorch/win-64::pytorch-1.10.0-py3.6_cpu_0\n"
    # no CUDA asked (a CPU install on purpose), or a list of the environment (collect_env's "[conda]" rows): nothing
    assert answered("  added / updated specs:\n    - pytorch\n" + plan) == []
    assert answered("[conda] pytorch                   1.12.1              py3.9_cpu_0    pytorch\n") == []
    # the plan before the program raised something else: passed over
    assert answered("  added / updated specs:\n    - cudatoolkit=10.1\n" + plan + 'Traceback (most recent call last):\n'
                    '  File "a.py", line 1, in <module>\n    open("x")\nFileNotFoundError: [Errno 2] No such file or '
                    "directory: 'x'\n") == []


def test_setuptools_without_bdist_wheel() -> None:
    # holdout150b: pylith#925, --no-build-isolation over an environment without the wheel package
    assert first("holdout150b", "pylith-925.log")[:2] == (
        "extension-build", "the build ran setuptools' bdist_wheel where no package provides that command: setuptools "
        "before 70.1 takes it from the wheel package, which the build's environment lacks (a build with "
        "--no-build-isolation uses the environment's own setuptools and wheel)")


def test_frames_windows_console_wrapped_at_80_columns() -> None:
    # holdout150b: pyzmq#858, "...\\lib\\site-pack" / "ages\\zmq\\__init__.py", line 37": the frames read whole
    assert first("holdout150b", "pyzmq-858.log")[:2] == (
        "extension-dll-load", "Windows could not load a DLL of zmq: a DLL it needs is not found (ERROR_MOD_NOT_FOUND)")
    from pytest_autoglm_compat.knowledge.log_prefixes import lines_of

    wrapped = '  File "c:\\Python35\\lib\\site-packages\\zmq\\backend\\cython\\__init__.py", line 6, in <module>\n'
    cut = '  File "' + "c" * 72 + '\n' + 'x\\y.py", line 3, in f\n'
    assert lines_of(cut)[0] == '  File "' + "c" * 72 + 'x\\y.py", line 3, in f'
    # a line of another length, or one whose quote closes, is left as it is
    assert lines_of(wrapped) == [wrapped.rstrip("\n")]
    assert lines_of('  File "' + "c" * 71 + '\nx.py", line 3, in f\n')[0] == '  File "' + "c" * 71


def test_the_build_toolchains_own_words() -> None:
    # holdout153b: Pyrit#152 and CudaMiner#168 (nvcc finding no gcc), deepnet#101 (make finding no nvcc),
    # py-faster-rcnn#309 (Boost.Python not linked); holdout80b: Pyrit#581 (nvcc refusing clang 7.0)
    assert first("holdout153b", "Pyrit-152.log")[:2] == (
        "extension-build", "the build's nvcc runs the host compiler gcc, and the system finds no gcc: no C/C++ compiler "
        "is installed, or it is not on the PATH the build runs with")
    assert first("holdout153b", "CudaMiner-168.log")[0] == "extension-build"
    assert first("holdout153b", "deepnet-101.log")[1].startswith(
        "the build's Makefile runs nvcc, which is not on the PATH make runs with")
    assert first("holdout153b", "py-faster-rcnn-309.log")[1] == (
        "the build's link step finds no definition of boost::python::throw_error_already_set() (a function of "
        "Boost.Python, the boost_python library built for this Python): the library that defines it is not linked (its "
        "-l flag or its folder missing from the link), or another build of it is found first")
    assert first("holdout80b", "Pyrit-581.log")[1].startswith("nvcc refuses the host compiler clang 7.0")
    # the shell's words for gcc where no nvcc ran: nothing of this reading
    assert answered("gcc: No such file or directory\n") == []
    # a versioned symbol (library_loaders reads its release) or the C++ standard library's (an ABI): not this reading
    assert not any(cause.startswith("the build's link step") for cause in answered(
        "/usr/bin/ld: x.o: undefined reference to `std::__cxx11::basic_string<char>::~basic_string()'\n"))
    assert not any(cause.startswith("the build's link step") for cause in answered(
        "/usr/bin/ld: libx.so: undefined reference to `memcpy@GLIBC_2.14'\n"))


def test_a_class_named_after_a_packages_base_that_had_the_method() -> None:
    # holdout153a: matplotlib's AxesSubplot (made at run time) asked for set_axis_bgcolor, which _AxesBase had until
    # 2.2.0 (the atlas now reads matplotlib from 2.0.0)
    for log in ("queueing-tool-51.log", "skyline-49.log", "scikit-learn-10762.log"):
        assert first("holdout153a", log)[1].startswith(
            "the code asks an AxesSubplot (named after matplotlib's class _AxesBase, which had it) for "
            "set_axis_bgcolor, which the installed matplotlib does not have: matplotlib 2.2.0 removed it (2.1.2 is the "
            "last release with it)"), log
    # a class whose name does not begin with the base's, or a name no package removed: nothing of this reading
    assert not answered("AttributeError: 'MyPlot' object has no attribute 'set_axis_bgcolor'\n")
    assert not answered("AttributeError: 'AxesSubplot' object has no attribute 'set_my_color'\n")


def test_a_logged_exceptions_repr_of_a_package_the_log_shows_nowhere() -> None:
    # holdout152b's distractor dream-textures#217: "ModuleNotFoundError(\"No module named 'stable_diffusion.ldm'\")"
    assert answers("holdout152b", "dream-textures-217.log") == []
    # the package's release shown, or the error raised rather than logged: still told
    logged = "ModuleNotFoundError(\"No module named 'stable_diffusion.ldm'\")\n"
    assert answered(logged + "stable-diffusion==1.2.0\n")[0].startswith(
        "the code that imports it asks for the module stable_diffusion.ldm, which stable-diffusion 1.2.0 does not have")
    assert answered("ModuleNotFoundError: No module named 'stable_diffusion.ldm'\n")


def test_a_library_naming_the_release_that_deprecated_then_removed_a_name() -> None:
    # holdout152a: ksim-gym#51, JAX 0.7.0's words
    assert first("holdout152a", "ksim-gym-51.log")[:2] == (
        "api-mismatch", "JAX 0.7.0 removed jax.interpreters.xla.pytype_aval_mappings, as its own message says: the code "
        "that uses it was written for an older jax")


def test_a_setup_scripts_ceiling_on_the_python_and_a_librarys_check_of_a_program_it_drives() -> None:
    # holdout152a: SeismicMesh#201 (Python 3.9.0 or higher refused) and pygmt#310 (GMT 6.0.0rc1 under 6.0.0)
    assert first("holdout152a", "SeismicMesh-201.log")[:2] == (
        "version-guard", "the package's own check (its setup script) refuses Python 3.9.0 and newer, and this Python is "
        "one of them: the release pip chose does not support it yet (pip picked it all the same: its declared "
        "requires-python admits this Python, or it declares none)")
    assert first("holdout152a", "pygmt-310.log")[:2] == (
        "version-guard", "the library's own check refuses GMT 6.0.0rc1: it needs GMT 6.0.0 or newer (a pre-release "
        "sorts before the release it precedes)")
    # a found version that meets the bound is no refusal
    assert answered("GMTVersionError: Using an incompatible GMT version 6.1.0. Must be newer than 6.0.0.\n") == []


def test_the_release_tables_packages_beyond_those_explain_knows_by_name() -> None:
    # PyPI's top 15,000 packages (hugovk/top-pypi-packages, 30 days to 2026-04-01) are in the table: rasa, myst-parser
    from pytest_autoglm_compat.knowledge.release_table import releases_of

    assert len(releases_of("rasa") or ()) > 300
    # holdout144a: MyST-Parser#155, Read the Docs running pip under Python 2.7, no myst_parser release for it
    assert first("holdout144a", "MyST-Parser-155.log")[1].startswith(
        "every release of myst_parser (0.9.0 to 5.2.0) declares a Requires-Python that leaves out Python 2.7")
    # a release whose Requires-Python stops below the running Python: newer than it supports, not "too old"
    log = ("ERROR: Could not find a version that satisfies the requirement rasa==2.8.21 (from versions: 1.0.0)\n"
           "/usr/lib/python3.9/site-packages/pip\n")
    assert answered(log)[0].endswith("this Python 3.9 is newer than any of them supports")


def test_hpc_package_managers_and_libmambas_one_line_solver_words() -> None:
    # holdout151a: spack-packages#3569 (clingo's reasons), spack#20100 (a recipe's declared conflict), spack#2632 (an
    # unsatisfiable constraint, its detail cut), easybuild-easyconfigs#3612, mamba#654 (libmamba's problem line)
    # the headline yields to a reason below it that names the two constraints
    assert first("holdout151a", "spack-packages-3569.log")[:2] == (
        "version-guard", "Spack's concretizer cannot satisfy py-numpy@1.21.5:1 and py-numpy@2 together: the "
        "requirements it was given (or the recipes' own dependencies, named on the lines below it) ask for versions no "
        "one release meets")
    assert answered("==> Error: failed to concretize `pdi@1.10:1+python`, `py-numpy@2` for the following reasons:\n"
                    "     1. Cannot satisfy 'py-numpy@2' 1(1.26.4)\n") == [
        "Spack's concretizer found no set of versions that meets every constraint of `pdi@1.10:1+python`, `py-numpy@2`: "
        "the reasons it lists below (\"Cannot satisfy ...\") are requirements no release meets together"]
    assert first("holdout151a", "spack-20100.log")[0] == "version-guard"
    assert any('"%gcc@:8.2.99" conflicts with "openblas@0.3.11:"' in cause for _, cause, _ in answers(
        "holdout151a", "spack-20100.log"))
    assert first("holdout151a", "spack-2632.log")[0] == "version-guard"
    assert first("holdout151a", "easybuild-easyconfigs-3612.log")[1].startswith(
        "EasyBuild's dependency check refuses scikit-image-0.12.3-foss-2016a-Python-2.7.11: its dependencies pull in "
        "freetype-2.6.2-foss-2016a and freetype-2.6.3-foss-2016a")
    assert first("holdout151a", "mamba-654.log")[1].startswith(
        "conda's solver (libmamba): prompt-toolkit-3.0.10-pyha770c72_0 has the constraint prompt_toolkit 3.0.10, which "
        "conflicts with prompt_toolkit-1.0.15-py27_0")
    # the detail line older Spack prints below it keeps its own answer (holdout76a: spack#11966)
    assert first("holdout76a", "spack-11966.log")[1].startswith("Spack's concretizer: py-matplotlib requires python")
    # libmamba's __cuda constraint keeps its own answer (holdout56a: mamba#969); a sentence with the words: nothing
    assert "__cuda" in first("holdout56a", "mamba-969.log")[1]
    assert answered("The package has constraint checks conflicting with nothing.\n") == []


def test_cudnns_own_loader_not_loading_a_part_of_itself() -> None:
    # holdout155b: whisperX#903 (CTranslate2 4.5 beside torch's cuDNN 9.1), holdout54b: faster-whisper#1182
    for group, log in (("holdout155b", "whisperX-903.log"), ("holdout54b", "faster-whisper-1182.log")):
        family, cause, _ = first(group, log)
        assert family == "extension-cuda-lib", log
        assert cause.startswith("cuDNN 9.1.0's library (libcudnn.so.9, which loaded) could not load its own part "
                                "cudnn_"), log
    # the Windows words stay told apart (holdout132b: speech_recognition#835): no claim
    assert answers("holdout132b", "speech_recognition-835.log") == []


def test_androids_loader_finding_no_definition_of_a_modules_symbol() -> None:
    # holdout155b: numpy#24909 (libpython not linked), gcc_termux#77 (the compiler runtime's __aeabi_f2ulz)
    assert first("holdout155b", "numpy-24909.log")[:2] == (
        "extension-abi", "_multiarray_umath.cpython-311.so asks for PyExc_ValueError, a symbol of the Python library, "
        "and Android's loader does not resolve a module's symbols from the python executable: a module built on "
        "Android must link libpython, and this one was built without it (a pip build on Termux)")
    assert "helper of the compiler's runtime library" in first("holdout155b", "gcc_termux-77.log")[1]
    assert "helper of the compiler's runtime library" in first("holdout155b", "termux-packages-488.log")[1]
    # another library's symbol: told as two builds
    assert answered('ImportError: dlopen failed: cannot locate symbol "png_set_longjmp_fn" referenced by '
                    '"/data/x/site-packages/PIL/_imaging.so"...\n')[0].startswith(
        "_imaging.so asks for png_set_longjmp_fn, which no library loaded with it defines")


def test_the_atlas_packages_the_rounds_named() -> None:
    # holdout154a: mediapipe's solutions (the atlas reads mediapipe from 0.8); holdout149a: nilearn#1836
    assert first("holdout154a", "mediapipe-6200.log")[1].startswith(
        "the code that imports it asks for mediapipe.solutions, which the installed mediapipe does not have: mediapipe "
        "0.10.30 removed it (0.10.21 is the last release with it)")
    assert first("holdout149a", "nilearn-1836.log")[0] == "api-mismatch"
    # a method two packages' classes lost (scikit-learn's and mne's _validate_data): the one the log ties it to
    # (the session-33 second reader's imbalanced-learn#744, under scikit-learn's frames)
    assert reviewed("review33", "imbalanced-learn-744")[0][1].startswith(
        "a SMOTE object is asked for _validate_data, a method of scikit-learn's BaseEstimator")


def test_the_session_43_second_readers_false_claims_mended() -> None:
    # tests/data/review43: CMake's pthread probe in CMakeError.log (FASTER#31, nsfminer#107), a typo in the program's own
    # function or its main, nvcc's host-compiler words beside a full disk, python-box's ConfigBox (a base named as 27
    # packages' classes are), pip 9's wheel build that fell back to setup.py install and went through
    for name in ("FASTER-31", "nsfminer-107", "synth-ld-undefined-own-function-typo", "synth-ld-undefined-main-misspelled",
                 "synth-nvcc-host-properties-disk-full", "synth-base-named-configbox-params-key",
                 "synth-bdist-wheel-fallback-installed-then-missing-config"):
        assert reviewed("review43", name) == [], name
    # misses mended: tensorflow_estimator asking tensorflow under tensorflow's own import, a help text's --cpu, pygmt's
    # "Must be equal or newer than", a yaml-cpp symbol in a CMake Release folder
    assert reviewed("review43", "synth-tf-estimator-compat-while-tf-imports")[0][0] == "api-mismatch"
    assert reviewed("review43", "synth-cpu-asked-option-in-help-text")[0][0] == "torch-not-cuda"
    assert reviewed("review43", "synth-pygmt-equal-or-newer")[0] == (
        "version-guard", "the library's own check refuses GMT 6.0.0: it needs GMT 6.1.1 or newer")
    assert reviewed("review43", "synth-cmake-release-folder-yaml-cpp")[0][0] == "extension-abi"
    # right before and still: gpt4all#180 (ggml linked without Threads), crfasrnn#80 (OpenCV 3's imread)
    assert "pthread_create" in reviewed("review43", "gpt4all-180")[0][1]
    assert "cv::imread" in reviewed("review43", "crfasrnn-80")[0][1]


def test_holdout156s_false_claims_mended() -> None:
    # holdout156a's distractor cellmap-segmentation-challenge#44: micromamba with no channel ("No 'channels'
    # specified", "python =3.11 does not exist (perhaps a typo or a missing channel)"): no solver's conflict claimed
    assert answers("holdout156a", "cellmap-segmentation-challenge-44.log") == []
    # holdout156b's distractor piwheels#363: the compiler out of memory ("virtual memory exhausted"), pip's build hooks
    # cut: the machine refused the build
    assert answers("holdout156b", "piwheels-363.log") == []


def test_stable_baselines3_refusing_a_space_of_the_other_of_gym_and_gymnasium() -> None:
    # holdout156a: FinRL-Tutorials#64 (SB3 1.8 on gym, a gymnasium Box), stable-baselines3#1714 (the reverse)
    assert first("holdout156a", "FinRL-Tutorials-64.log")[1].startswith(
        "the algorithm takes gym's Box spaces (Stable-Baselines3 before 2.0), and the environment's Box is gymnasium's")
    assert first("holdout156a", "stable-baselines3-1714.log")[1].startswith(
        "the algorithm takes gymnasium's Box spaces (Stable-Baselines3 2.0 and later), and the environment's Box is gym's")
    # a space of a class the algorithm does not take at all: the user's choice, nothing
    assert answered("AssertionError: The algorithm only supports (<class 'gymnasium.spaces.box.Box'>,) as action spaces "
                    "but MultiDiscrete([3 3]) was provided\n") == []
