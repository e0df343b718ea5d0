"""Readings session 22 added, each held to a real log's whole answer (misses of earlier blind rounds, training
data now), and the look-alikes they must leave alone."""

from __future__ import annotations

import ast

import pytest

from pytest_autoglm_compat.knowledge.generic.atlas import never_released
from pytest_autoglm_compat.knowledge.logs import explain_log
from pytest_autoglm_compat.tools.history.names import bound_and_listed_names
from pytest_autoglm_compat.tools.history.submodules import submodules_bound
from real_answers import REAL, answered, answers, first

ANSWERS = [
    ('holdout43a', 'vllm-11283.log', 'version-guard',
     'uv found no versions that meet all the requirements: vllm 0.6.5 requires torch==2.5.1, and vllm-flash-attn>=2.6.1 requires torch==2.4.0; no release of torch meets both',
     'ask for releases of vllm and vllm-flash-attn whose requirements on torch overlap, or install them in separate environments'),
    ('holdout45a', 'vision-1257.log', 'version-guard',
     'torchvision (0.4.0) requires torch 1.2.0, and my_project depends on torch =1.1.0: no torch meets both as Poetry prints them, so its version solving failed',
     "a release of torchvision whose requirement on torch admits =1.1.0, or torch 1.2.0 in my_project's dependencies (Poetry's report leaves out markers: where a requirement holds for some Pythons only, as opencv-python's numpy floor on Python 3.10 and later, narrow the project's Python range instead)"),
    ('holdout48a', 'poetry-3901.log', 'version-guard',
     'pymongo (3.11.3) requires dnspython >=1.16.0,<1.17.0, and tree depends on dnspython ^2.1.0: no dnspython meets both as Poetry prints them, so its version solving failed',
     "a release of pymongo whose requirement on dnspython admits ^2.1.0, or dnspython >=1.16.0,<1.17.0 in tree's dependencies (Poetry's report leaves out markers: where a requirement holds for some Pythons only, as opencv-python's numpy floor on Python 3.10 and later, narrow the project's Python range instead)"),
    ('holdout48a', 'poetry-743.log', 'version-guard',
     "the project's Python range (*) admits Pythons poetry 0.12.10 does not support: it requires Python ~2.7 || ^3.4, so Poetry's solver refuses it",
     "narrow the project's python requirement in pyproject.toml to Pythons poetry supports (the range ~2.7 || ^3.4 asks for), or add poetry with a python marker for the Pythons it supports"),
    ('holdout45a', 'PEPLER-5.log', 'version-guard',
     "conda has transformers 4.18.0 only for Python >=3.10,<3.11.0a0 or >=3.7,<3.8.0a0 or >=3.8,<3.9.0a0 or >=3.9,<3.10.0a0, and the environment's Python is 3.6",
     'create the environment with Python 3.7 (the oldest it has builds for) or another it lists (conda create -n ENV python=...), or ask for a release of transformers built for Python 3.6'),
    ('holdout47b', 'unsloth-679.log', 'extension-cuda-lib',
     'Triton, which builds its CUDA helper when it first runs, found no libcuda.so in the directories ldconfig lists: the NVIDIA driver installs libcuda.so.1, and the unversioned name comes only with its development files (or the cache ldconfig writes is stale or cannot be written)',
     "find the driver's library (ldconfig -p | grep libcuda; WSL: /usr/lib/wsl/lib) and link libcuda.so to libcuda.so.1 there, or export TRITON_LIBCUDA_PATH=<that directory> (read by the later Triton releases); where no libcuda.so.1 is found, the container or machine has no NVIDIA driver visible (docker run --gpus all with the NVIDIA Container Toolkit)"),
    ('holdout46b', 'pydrr-6.log', 'extension-build',
     "nvcc found no host compiler cl.exe on PATH: nvcc compiles the CUDA code's host side with Microsoft's C++ compiler (Visual Studio or its Build Tools)",
     'install Visual Studio (or the Build Tools) with "Desktop development with C++" and run the build from its x64 Native Tools prompt, or add cl.exe\'s directory (VC\\Tools\\MSVC\\<version>\\bin\\Hostx64\\x64) to PATH'),
    ('holdout45a', 'unsloth-4146.log', 'version-guard',
     "unsloth's own check finds transformers 4.57.6 too old for what is asked (it is not supported yet there) and asks for a newer transformers",
     'pip install -U transformers (a release newer than 4.57.6), within what unsloth declares it supports (a newer unsloth may be needed with it)'),
    ('holdout44a', 'astropy-7291.log', 'version-guard',
     'pkg_resources found pytest 3.0.7 installed, and a requirement on pytest it resolves does not admit that release (the log is cut before the requirement)',
     'install the pytest release the requirement asks for (the full VersionConflict line names it), or a release of the package that asks for pytest which admits 3.0.7'),
    ('holdout45a', 'vllm-548.log', 'api-mismatch',
     'EngineArgs.__init__() (vllm.engine.arg_utils) is called with the keyword trust_remote_code, which it does not take in the installed vllm: vllm 0.1.0 lacks it and 0.1.7 has it (a release between them added it; the releases before lack it too), so the calling code (or the saved file whose settings it passes) was written for a newer vllm',
     'install vllm>=0.1.7 (pip install "vllm>=0.1.7"), or calling code that follows this vllm'),
    ('holdout48a', 'so-vits-svc-fork-1138.log', 'api-mismatch',
     'the code that imports it asks for the name kaiser from scipy.signal, which the installed scipy does not have: scipy 1.13.0 removed it (1.12.0 is the last release with it), so that code was written for an older scipy',
     'install scipy<1.13.0 (pip install "scipy<1.13.0"), or a release of the importing package that follows this scipy'),
    ('holdout48a', 'resampy-121.log', 'api-mismatch',
     'the code that imports it asks for scipy.signal.kaiser, which the installed scipy does not have: scipy 1.13.0 removed it (1.12.0 is the last release with it), so that code was written for an older scipy',
     'install scipy<1.13.0 (pip install "scipy<1.13.0"), or a release of the importing package that follows this scipy'),
]


@pytest.mark.parametrize("text", [
    # Poetry: two ranges the words do not show apart
    "SolverProblemError\n\nBecause a (1.0) depends on torch (>=1.0,<3.0)\nSo, because proj depends on both a (1.0) and "
    "torch (^2.0), version solving failed.",
    # Poetry: a package no index offers, no conflict between two askers
    "SolverProblemError\n\nBecause proj depends on nosuchpkg (^1.0) which doesn't match any versions, version solving "
    "failed.",
    # conda: a build for the environment's Python exists, as far as the list shows
    "UnsatisfiableError: The following specifications were found\nto be incompatible with the existing python "
    "installation in your environment:\n\nSpecifications:\n\n  - foo=1.0 -> python[version='>=3.6,<3.7.0a0|>=3.7,"
    "<3.8.0a0']\n\nYour python: python=3.6",
    # a constructor's keyword, the failing line calling two classes: which one refused it, the log does not say
    "Traceback (most recent call last):\n  File \"run.py\", line 3, in <module>\n    x = Outer(Inner(a=1), "
    "trust_remote_code=True)\nTypeError: __init__() got an unexpected keyword argument 'trust_remote_code'",
    # "not supported yet" with no advice to update the package it names: no direction
    "ValueError: `org/model` is not supported yet in `transformers==4.57.6`.",
    # lazy_loader's words for a package the atlas does not read
    "AttributeError: No mypkg.sub attribute thing",
])
def test_look_alikes_of_the_readings_get_no_answer(text: str) -> None:
    assert answered(text) == []


def test_names_a_loop_binds_through_locals_are_the_modules_names() -> None:
    # SciPy 1.1-1.12's scipy/signal/__init__.py: the window functions bound one by one, so scipy.signal.kaiser is a
    # name of those releases (gone in 1.13.0), not a string the module may or may not bind
    tree = ast.parse("deprecated_windows = ('boxcar', 'kaiser')\n"
                     "def deco(name):\n    return name\n"
                     "for name in deprecated_windows:\n    locals()[name] = deco(name)\n")
    names, maybe = bound_and_listed_names(tree)
    assert {"boxcar", "kaiser"} <= names
    assert maybe == frozenset()


def test_a_loop_that_binds_nothing_by_name_leaves_its_strings_maybe() -> None:
    tree = ast.parse("table = ('boxcar', 'kaiser')\nfor name in table:\n    print(name)\n")
    names, maybe = bound_and_listed_names(tree)
    assert "kaiser" not in names
    assert {"boxcar", "kaiser"} <= maybe


ROUND_MENDS = [
    ('holdout50a', 'demucs-447.log', 'api-mismatch',
     "beat_track() is called with 1 argument by position, and librosa's beat_track() (librosa.beat) is the one function of the packages the atlas reads that took 0 in some releases and more in others: librosa 0.10.0 made it take its arguments by keyword only (0.9.2, the newest release read before, took 10); with the installed librosa, the calling code was written for an older librosa",
     'pass the arguments by name (name=value), as this librosa\'s beat_track() asks, or install librosa<0.10.0 (pip install "librosa<0.10.0")'),
    ('holdout50a', 'SeMask-Segmentation-40.log', 'version-guard',
     "the library's own version check requires mmcv>=1.1.4,<=1.3; found mmcv 1.7.2",
     "pip install 'mmcv>=1.1.4,<=1.3'"),
    ('holdout50a', 'mmseg-extension-2.log', 'version-guard',
     "the library's own version check refuses mmcv 2.2.0, though its message prints only the floor (mmcv>=2.0.0rc4), which 2.2.0 meets: the check's upper bound, which the message leaves out, is at or below 2.2.0",
     "pip install 'mmcv>=2.0.0rc4,<2.2.0' (the mmcv releases the checking package's install guide names), or a release of the checking package that supports mmcv 2.2.0"),
    ('holdout50a', 'spaCy-7741.log', 'api-mismatch',
     'the code passes a component object or function to nlp.add_pipe, as spaCy 2 took it; spaCy 3.0 takes only the string name of a registered component factory (E966), so the calling code (or the plugin whose component it adds) was written for spaCy 2',
     "register the component (@Language.component for a function, @Language.factory for a class) and call nlp.add_pipe('its_name'), as the message shows; for a plugin, a release of it written for spaCy 3; or pip install 'spacy<3' for code that must stay as it is"),
    ('holdout50b', 'numba-8961.log', 'cuda-driver-too-old',
     "the program's GPU code is PTX from a CUDA toolkit newer than the NVIDIA driver: the driver's PTX JIT compiler cannot read it (CUDA error 222)",
     "upgrade the NVIDIA driver to one that supports the CUDA toolkit the program was built with (NVIDIA's driver table; nvidia-smi shows the newest CUDA the driver supports), or build the program with a toolkit that driver supports"),
    ('holdout50b', 'audio-2735.log', 'extension-dll-load',
     "Windows could not load torchaudio's libtorchaudio.pyd or a DLL it depends on: a DLL it needs is not found (the Microsoft Visual C++ Redistributable, a GPU runtime's DLLs not on PATH), or it was built for another release of a library it links (another torch's)",
     'install the latest Microsoft Visual C++ Redistributable (x64), and reinstall torchaudio with the build that matches what it links (from the same index and release line as torch): pip install --force-reinstall --no-cache-dir torchaudio'),
]


# the misses of holdout43-48 (ANSWERS) and of holdout49/50 (ROUND_MENDS) that name a kind, each with its whole answer
@pytest.mark.parametrize(("group", "log", "family", "cause", "fix"), ANSWERS + ROUND_MENDS)
def test_each_reading_gives_its_whole_answer_on_its_real_log(group: str, log: str, family: str, cause: str,
                                                             fix: str) -> None:
    assert first(group, log) == (family, cause, fix)


@pytest.mark.parametrize("log", ["VideoPainter-7.log", "InternLM-2.log", "Qwen3-311.log"])
def test_a_model_object_lacking_chat_or_another_packages_class_is_no_release_mismatch(log: str) -> None:
    # InternLM#2 and Qwen3#311: chat() is a model repository's own method, asked of a class that never had one (the
    # bare model AutoModel loads; transformers' own Qwen2ForCausalLM); VideoPainter#7: diffusers' class, a checkpoint
    # for another model
    assert answers("holdout49a", log) == []


def test_a_model_repositorys_class_that_vllm_writes_again_is_still_model_code() -> None:
    family, cause, _ = first("holdout5", "baichuan2-226.log")
    assert family == "remote-code-mismatch"
    assert "BaichuanTokenizer" in cause


def test_a_two_word_cuda_module_that_is_not_named_after_its_importer_gets_no_answer() -> None:
    text = ("Traceback (most recent call last):\n"
            '  File "/usr/lib/python3.10/site-packages/mylib/gpu.py", line 3, in <module>\n'
            "    import dask_cuda\n"
            "ModuleNotFoundError: No module named 'dask_cuda'\n")
    assert [c for c in answered(text) if "compiled extension" in c] == []


def test_submodules_a_package_imports_are_its_attributes_and_type_checking_imports_are_not() -> None:
    tree = ast.parse("from typing import TYPE_CHECKING\n"
                     "from .audio import *\n"
                     "from pkg.spectrum import stft\n"
                     "import pkg.util.files\n"
                     "try:\n    from .optional_part import thing\nexcept ImportError:\n    pass\n"
                     "if TYPE_CHECKING:\n    from .typing_only import T\n")
    certain, maybe = submodules_bound(tree, "pkg")
    assert certain == {"audio", "spectrum", "util"}
    assert maybe == {"optional_part"}


REVIEW = REAL.parent / "review22"


def reviewed(name: str) -> list[tuple[str, str, str]]:
    found, _ = explain_log((REVIEW / name).read_text(encoding="utf-8"))
    return [(item.hint.family or "", item.hint.cause, item.hint.fix) for item in found]


@pytest.mark.parametrize("log", [
    # Python's own lzma.py and tkinter importing their C modules: an interpreter built without the libraries' headers
    "r_PyFunctional-204.log", "r_KitHack-49.log", "c_ssl_stdlib.log",
    # a separate package's module (KNN_CUDA's knn_cuda) imported by a repository's own models/knn.py
    "c_knn_cuda_separate_pkg.log",
    # the project's ^3.7 inside the dependency's >=3.6; a script's own Trainer; a caught Triton notice above an OOM
    "c_poetry_python_fits.log", "c_init_user_trainer.log", "c_triton_warning_then_oom.log",
])
def test_the_second_readers_look_alikes_get_no_answer(log: str) -> None:
    assert reviewed(log) == []


def test_a_conda_python_newer_than_every_build_is_told_to_go_down() -> None:
    family, cause, fix = reviewed("c_conda_python_too_new.log")[0]
    assert family == "version-guard"
    assert cause.endswith("and the environment's Python is 3.12")
    assert fix.startswith("create the environment with Python 3.8 (the newest it has builds for) or another it lists")


def test_a_poetry_conflict_says_its_report_leaves_out_markers() -> None:
    _, cause, fix = reviewed("r_poetry-6447.log")[0]
    assert "as Poetry prints them" in cause
    assert "Poetry's report leaves out markers" in fix


def test_a_not_yet_supported_message_asking_for_a_ceiling_is_no_request_for_a_newer_release() -> None:
    family, cause, _ = reviewed("c_not_yet_downgrade.log")[0]
    assert (family, cause) == ("version-guard", "fastext-tools requires numpy<2")


def test_a_library_named_after_the_ffmpeg_it_links_is_told_as_ffmpegs_dlls_missing() -> None:
    family, cause, fix = reviewed("c_torio_ffmpeg.log")[0]
    assert family == "extension-dll-load"
    assert "links FFmpeg 6's shared libraries" in cause
    assert "conda install -c conda-forge 'ffmpeg=6'" in fix


@pytest.mark.parametrize(("group", "log"), [
    ("holdout51a", "MergeLM-1.log"),  # vllm==0.11.4: a patch past its series' last release, where 0.12 came out
    ("holdout51b", "lora-easy-training-scripts-182.log"),  # xformers' caught notice
    ("holdout51b", "torch-xpu-ops-4127.log"),  # an XPU test's CUDA path, no torch to reinstall
    ("holdout52a", "tt-xla-1661.log"),  # a method transformers added two majors ago
    ("holdout52b", "brainways-19.log"),  # an antivirus's quarantine
])
def test_the_false_claims_of_holdout51_and_52_are_no_claims(group: str, log: str) -> None:
    assert answers(group, log) == []


def test_a_pin_past_its_series_last_release_is_never_released() -> None:
    assert never_released("vllm==0.11.4")
    assert not never_released("vllm==0.11.2")


@pytest.mark.parametrize(("group", "log"), [
    ("holdout49b", "pyllama-30.log"),  # gptq's quant_cuda: the importer-named rule is withdrawn (dask_cuda, _pytest)
    ("holdout53b", "textgen-3099.log"),  # bitsandbytes' CPU-library warning on a Mac, with the web UI serving on
    ("holdout53b", "llama-cpp-python-1639.log"),  # a linker that cannot resolve GLIBC_2.2.5, which every glibc has
    ("holdout54a", "pytorch-155323.log"),  # make_fx asked of torch.fx, never there: it lives in a submodule
])
def test_the_false_claims_of_holdout53_and_54_are_no_claims(group: str, log: str) -> None:
    assert answers(group, log) == []


@pytest.mark.parametrize("log", ["Export-Deploy-679.log", "vllm-49804.log", "nemotron-january-2026-8.log"])
def test_flashinfers_check_of_its_cubin_package_names_both_releases(log: str) -> None:
    family, cause, fix = first("holdout53a", log)
    assert family == "version-guard"
    assert cause.startswith("flashinfer-cubin ")
    assert "and their check asks for the same release of both" in cause
    assert fix.startswith("pip install 'flashinfer-cubin==")


def test_a_toolkits_ptxas_older_than_the_ptx_triton_emits_is_read() -> None:
    assert first("holdout53b", "triton-322.log") == (
        'extension-build',
        "the ptxas that compiles the kernel (a CUDA toolkit's, found on PATH or under CUDA_HOME) reads PTX up to ISA 7.1, and the PTX it was given (a code generator's, such as Triton's or XLA's) is ISA 7.3: that toolkit is older than what made the PTX needs",
        "give it a newer CUDA toolkit's ptxas (its bin first on PATH or CUDA_HOME; Triton: TRITON_PTXAS_PATH), or a release of the generator that targets this CUDA")


def test_the_drivers_ptx_jit_is_not_a_toolkits_ptxas() -> None:
    # "ptxas application ptx input" is the driver's JIT: the known failure's PTX newer than the driver
    family, _, _ = first("holdout34b", "pynari-6.log")
    assert family == "cuda-driver-too-old"


@pytest.mark.parametrize("log", [
    "b_c_sv_ckpt_format.log", "b_c_sv_warning_then_oom.log", "b_c_sv_torch_torchvision.log", "b_c_ub_pytest.log",
    "b_c_ub_dask_cuda.log", "b_c_gl_backtick_225.log", "b_c_px_tf_fallback_then_oom2.log", "b_p_bnb_mac_served.log",
])
def test_the_second_review_of_the_last_readings_finds_no_claim_where_none_is_due(log: str) -> None:
    assert [cause for _, cause, _ in reviewed(log) if "ptxas" in cause or "does not match" in cause
            or "compiled extension" in cause or "glibc" in cause.lower() or "bitsandbytes" in cause] == []


def test_conda_s_own_linker_is_no_glibc_too_old() -> None:
    assert [cause for _, cause, _ in reviewed("b_c_gl_mixed_link.log") if "GLIBC" in cause] == []


@pytest.mark.parametrize(("log", "start"), [
    ("b_p_sv_cubin.log", "flashinfer-cubin 0.5.2 and flashinfer 0.5.3 are installed"),
    ("b_p_px_jax_ptxas.log", "the ptxas that compiles the kernel"),
    ("b_c_bnb_served_attr_error.log", "the installed bitsandbytes could not load a GPU binary"),
])
def test_the_last_readings_still_answer_their_own_cases(log: str, start: str) -> None:
    assert reviewed(log)[0][1].startswith(start)
