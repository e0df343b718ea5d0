"""Readings session 23 added, each held to a real log's whole answer (misses of earlier blind rounds, training
data now), and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import REAL, answered, answers, first

ANSWERS = [
    ('holdout53b', 'pascal-pkgs-ci-46.log', 'extension-build',
     "ptxas refuses the kernel's PTX for this target: Modifier '.evict_last' on 'ld' needs sm_70 or newer, and the arch it compiles for is older (the GPU it runs on, for a code generator such as Triton; an arch in the build's list, for nvcc)",
     'run on a GPU of sm_70 or newer, or use a release of the code generator that still supports the older GPU; for a build, leave the arch older than sm_70 out of TORCH_CUDA_ARCH_LIST (or -gencode)'),
    ('holdout53b', 'pascal-pkgs-ci-23.log', 'binary-mismatch',
     "the Tesla P40 (compute capability 6.1) is older than the Triton GPU compiler supports (7.0 or newer): torch.compile's inductor backend, and libraries that compile Triton kernels with it, cannot build kernels for it",
     'run without torch.compile (torch: the eager backend, or torch._dynamo.config.suppress_errors = True to fall back to it; vLLM: --enforce-eager), or on a GPU of compute capability 7.0 or newer'),
    ('holdout53a', 'Model-Optimizer-1800.log', 'api-mismatch',
     "transformers 4.56.0 made dtype a keyword of from_pretrained (torch_dtype kept as its deprecated name); an older transformers does not know it and passes it on to the model class's constructor, which refuses it: the calling code was written for transformers 4.56 or later",
     'pip install -U "transformers>=4.56", or pass torch_dtype= instead of dtype= to from_pretrained for the installed transformers'),
    ('holdout47a', 'xtts-webui-118.log', 'version-guard',
     'coqui-tts 0.24.2 requires transformers<4.43.0,>=4.42.0; found transformers 4.36.2',
     "pip install 'transformers<4.43.0,>=4.42.0' (or a release of coqui-tts whose requirement the installed transformers meets)"),
    ('holdout49a', 'lora-scripts-501.log', 'version-guard',
     "the library's own version check requires torch>=2.3.0; found torch 2.2.1+cu118",
     "pip install 'torch>=2.3.0'"),
    ('holdout51a', 'PhenoGPT-5.log', 'version-guard',
     'pip\'s resolver found no set of releases that meets every requirement it was given: what it was asked to install (accelerate and peft==0.7.2.dev0) requires releases of a package that conflict (pip names them under "The conflict is caused by:")',
     'loosen or drop the pins among those requirements (an exact == pin, a second requirement file), or ask for releases whose own requirements fit together'),
    ('holdout51a', 'llm_finetuning-6.log', 'version-guard',
     "the requirements ask for peft==0.11.2.dev0 and peft==0.4.0: no release meets both, so pip's resolver stops",
     'keep one requirement on peft in what pip was given (a file that lists it twice, two requirement files, or a file and the command line)'),
    ('holdout51a', 'closer-look-LLM-unlearning-1.log', 'api-mismatch',
     "CustomTrainerForgetting subclasses transformers' Trainer and overrides its compute_loss() without the keyword num_items_in_batch, which transformers' own Trainer.compute_loss() (transformers.trainer) takes from 4.46.1 on and its training_step() passes: CustomTrainerForgetting was written for transformers before 4.46.1, and the transformers that calls it is newer",
     'add num_items_in_batch=None (or **kwargs) to CustomTrainerForgetting.compute_loss()\'s parameters, install a release of the code that defines CustomTrainerForgetting written for the installed transformers, or install transformers<4.46.1 (pip install "transformers<4.46.1")'),
]


# holdout55's false claims and misses, mended after the round was measured
ROUND_MENDS = [
    ('holdout55a', 'intel-extension-for-transformers-1278.log', 'version-guard',
     'Intel® Extension for PyTorch* is built for PyTorch 2.2.* (its own check), and the torch installed is 2.1.0+cu121',
     'install torch 2.2.* from the index of the build in use (pip install "torch==2.2.*", with the same --index-url for a CUDA or XPU build), or the release of Intel® Extension for PyTorch* built for torch 2.1'),
    ('holdout55a', 'optimum-habana-460.log', 'api-mismatch',
     'the code that imports it asks for the module transformers.integrations.deepspeed, which the installed transformers does not have: transformers 4.33.0 added it (the releases before it lack it), so that code was written for a newer transformers',
     'install transformers>=4.33.0 (pip install "transformers>=4.33.0"), or a release of the importing package that follows this transformers'),
    ('holdout55a', 'optimum-intel-1786.log', 'api-mismatch',
     'the code that imports it asks for the name Qwen3_5DynamicCache from transformers.models.qwen3_5.modeling_qwen3_5, which the installed transformers does not have: transformers 5.5.0 removed it (5.4.0 is the last release with it), so that code was written for an older transformers',
     'install transformers<5.5.0 (pip install "transformers<5.5.0"), or a release of the importing package that follows this transformers'),
    ('holdout55a', 'intel-extension-for-pytorch-379.log', 'version-guard',
     'no release the index offers this Python and platform meets torch==1.13.0a0+git6c9b55e (it offers 1.11.0, 1.12.0, 1.12.1, 1.13.0, 1.13.1, 2.0.0, 2.0.1): the pin was written for another Python or platform',
     'use a Python (and platform) the pinned release has wheels for, or a release of the package that asks for a version the index offers here (one of 1.11.0, 1.12.0, 1.12.1, 1.13.0, 1.13.1, 2.0.0, 2.0.1)'),
    ('holdout55a', 'llama_index-15052.log', 'version-guard',
     'llama-index-embeddings-ipex-llm (>=0.1.5,<0.2.0) requires transformers 4.36.2, and llama-agents-test depends on transformers ^4.43.3: no transformers meets both as Poetry prints them, so its version solving failed',
     "a release of llama-index-embeddings-ipex-llm whose requirement on transformers admits ^4.43.3, or transformers 4.36.2 in llama-agents-test's dependencies (Poetry's report leaves out markers: where a requirement holds for some Pythons only, as opencv-python's numpy floor on Python 3.10 and later, narrow the project's Python range instead)"),
    ('holdout55b', 'tokenizers-1447.log', 'binary-mismatch',
     "a compiled library is built for another CPU architecture than the program loading it (macOS's loader: an x86_64 build under an arm64 Python on Apple silicon, or the reverse)",
     "install the library's build for this architecture: a Python package's with pip install --force-reinstall --no-cache-dir <package> from a Python of the machine's own architecture (or a release that publishes wheels for it); a Homebrew library under /usr/local (Intel's prefix) from the arm64 Homebrew under /opt/homebrew"),
]


# holdout56's misses and false claims, mended after the round was measured
ROUND56_MENDS = [
    ('holdout56a', 'OneTrainer-191.log', 'version-guard',
     'no release the index offers this Python and platform meets torch==2.1.2+cu118 (it offers 2.2.0, 2.2.0+cu118, 2.2.1, 2.2.1+cu118): the pin was written for another Python or platform',
     'use a Python (and platform) the pinned release has wheels for, or a release of the package that asks for a version the index offers here (one of 2.2.0, 2.2.0+cu118, 2.2.1, 2.2.1+cu118)'),
    ('holdout56a', 'mamba-969.log', 'version-guard',
     "conda's solver refuses cudatoolkit 11.0.3: it needs the NVIDIA driver to support CUDA 11.0 or newer (conda's __cuda), and the driver here supports CUDA 10.2",
     'ask for a cudatoolkit (or pytorch-cuda) of CUDA 10.2 or older, or upgrade the NVIDIA driver to one for CUDA 11.0 or newer (CONDA_OVERRIDE_CUDA only hides the check: the driver still cannot run the newer CUDA)'),
    ('holdout56a', 'Video-CCAM-8.log', 'api-mismatch',
     'transformers 4.43.0 gave SiglipVisionModel Flash Attention 2 (SiglipFlashAttention2, transformers.models.siglip.modeling_siglip); the installed transformers is older, so it refuses attn_implementation="flash_attention_2" for that model (the code that asks for it, a model repository\'s or a program\'s, was written for transformers 4.43.0 or later)',
     'pip install -U "transformers>=4.43.0", or load the model with attn_implementation="sdpa" (or "eager") for the installed transformers'),
    ('holdout56b', 'returnn-1802.log', 'extension-cuda-lib',
     "torch's own library lacks ncclMemFree, a function of libnccl: the libnccl loaded is older than the one this torch was built with (another copy first on the loader's path: a second nvidia-* wheel, a system or conda install, LD_LIBRARY_PATH)",
     "find the libnccl loaded (ldd on torch/lib/libtorch_cuda.so; pip list | grep nvidia) and remove the older copy or its path, or install the nvidia-nccl-cu* wheel torch's requirements name"),
    ('holdout56b', 'ComfyUI-TRELLIS2-67.log', 'binary-mismatch',
     'uv refuses the wheel flash_attn-2.8.3+cu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl: its tags (cp312-cp312-linux_x86_64: Python, ABI, platform) do not fit this Python or this machine (another Python version, OS or CPU)',
     "install a wheel built for this platform (the project's release page lists one per OS, Python and torch), or build the package from source here"),
    ('holdout56b', 'DB-GPT-2808.log', 'binary-mismatch',
     "bitsandbytes==0.46.1 publishes no wheel for this machine: this machine's platform (linux_x86_64) is not among those it has wheels for (the hint below lists them)",
     'use a Python and platform bitsandbytes has wheels for, or a release of bitsandbytes that has one for this machine'),
    ('holdout56b', 'gpt_academic-1216.log', 'extension-cuda-lib',
     "NVRTC (CUDA's run-time compiler) of CUDA 12.1 is loaded, and the loader finds no nvrtc-builtins64_121.dll (its builtins library, of the same CUDA release) beside it: that file is not installed or not on the loader path, or the libnvrtc loaded is of another CUDA release than the builtins installed",
     'install CUDA 12.1\'s NVRTC with its builtins (pip install "nvidia-cuda-nvrtc-cu12==12.1.*") and put its directory on PATH (the CUDA toolkit\'s bin)'),
    ('holdout56b', 'ComfyUI-DepthAnythingV2-27.log', 'binary-mismatch',
     'xFormers\' CUDA operators are not there ("xFormers wasn\'t build with CUDA support"): its compiled extension did not load, most often because the installed xformers was built for another torch than the one installed (each xformers release is built for one torch), or it is a build without CUDA',
     'install the xformers release built for the installed torch, from the index of its CUDA (pip install -U xformers --index-url https://download.pytorch.org/whl/cuXYZ), or uninstall xformers where the program can run without it; python -m xformers.info shows what loads'),
]


@pytest.mark.parametrize(("group", "log", "family", "cause", "fix"), ANSWERS + ROUND_MENDS + ROUND56_MENDS)
def test_each_reading_gives_its_whole_answer_on_its_real_log(group: str, log: str, family: str, cause: str,
                                                             fix: str) -> None:
    assert first(group, log) == (family, cause, fix)


@pytest.mark.parametrize("text", [
    # ptxas's other errors: an unknown PTX version is the toolkit's age, not the target's
    "ptxas /tmp/k.ptx, line 5; error   : Unknown modifier '.evict_last'",
    # the dtype keyword refused by a class that is no model (a program's own)
    "TypeError: Scaler.__init__() got an unexpected keyword argument 'dtype'",
    # a transformers release that already takes dtype: the keyword reached the constructor some other way
    "transformers 4.57.1\nTypeError: LlamaForCausalLM.__init__() got an unexpected keyword argument 'dtype'",
    # the program's own call of the model's constructor, shown by its frame
    "Traceback (most recent call last):\n  File \"/home/u/run.py\", line 3, in <module>\n    m = "
    "LlamaForCausalLM(config, dtype=torch.float16)\nTypeError: LlamaForCausalLM.__init__() got an unexpected keyword "
    "argument 'dtype'",
    # pip's headline alone for one package asked twice where a release meets both, or a local build beside its release
    "ERROR: Cannot install diffusers>=0.24.0 and diffusers<0.30 because these package versions have conflicting "
    "dependencies.",
    "ERROR: Cannot install torch==2.1.2+cu118 and numpy==1.26.4 because these package versions have conflicting "
    "dependencies.",
    # a version named as lower than a bound, of no package (the driver, CUDA)
    "WARNING  Driver version is lower than 535.0, which may not work. Consider upgrading.",
    "WARNING  CUDA version is lower than 11.8, which may not be able to train properly. Consider upgrading.",
    # a method called on self by the program's own class (no package's frame calls it)
    "Traceback (most recent call last):\n  File \"/home/u/train.py\", line 9, in training_step\n    loss = "
    "self.compute_loss(model, inputs, num_items_in_batch=n)\nTypeError: MyTrainer.compute_loss() got an unexpected "
    "keyword argument 'num_items_in_batch'",
    # transformers' own caller, but a keyword its Trainer never passed in any release
    "Traceback (most recent call last):\n  File \"/env/lib/python3.10/site-packages/transformers/trainer.py\", line "
    "3579, in training_step\n    loss = self.compute_loss(model, inputs, frobnicate=1)\nTypeError: "
    "MyTrainer.compute_loss() got an unexpected keyword argument 'frobnicate'",
    # transformers' and accelerate's is_ipex_available() warn the same words and go on without IPEX
    "UserWarning: Intel Extension for PyTorch 2.2 needs to work with PyTorch 2.2.*, but PyTorch 2.1.0 is found. "
    "Please switch to the matching version and run again.",
    # a top-level module that is a file shadowing a package: no release's history
    "ModuleNotFoundError: No module named 'shapes.rectangle'; 'shapes' is not a package",
    # a model repository's own class (transformers names it OlmoForCausalLM): no release of transformers' says
    "ValueError: OLMoForCausalLM does not support Flash Attention 2.0 yet.",
    # a transformers that gave Siglip Flash Attention 2 already: the refusal is not its age
    "transformers 4.45.2\nValueError: SiglipVisionModel does not support Flash Attention 2.0 yet.",
])
def test_look_alikes_of_the_readings_get_no_answer(text: str) -> None:
    assert answered(text) == []


@pytest.mark.parametrize(("group", "log"), [
    # ninja's own words say a source file is missing (a path the tools misread): no toolchain answer
    ("holdout55b", "wenda-278.log"),
    ("holdout57b", "bitsandbytes-191.log"),  # bitsandbytes looking for its CPU library (its "libsbitsandbytes" typo)
    ("holdout57b", "bitsandbytes-298.log"),  # its warning, then a GPTQ module missing: the run went past it
    ("holdout57b", "ChatGLM2-6B-121.log"),  # "Failed to load cpm_kernels:name 'CPUKernel' is not defined"
    ("holdout58a", "audio-545.log"),  # torchaudio_nightly: a name no index has, no torchaudio with no wheel
])
def test_the_false_claims_of_the_rounds_are_no_claims(group: str, log: str) -> None:
    assert answers(group, log) == []


def test_a_local_build_missing_from_a_links_page_the_log_shows_is_this_pythons() -> None:
    # pip given no index of the project's: the local build comes from an index pip was not given
    log = ("ERROR: Could not find a version that satisfies the requirement jaxlib==0.4.9+cuda12.cudnn88 (from versions: "
           "0.4.7, 0.4.9, 0.4.10)\n")
    found, reading = explain_log(log)  # told apart since session 42: an index not given reads the same (pytorch#86630)
    assert found == []
    assert reading.aside[0].hint.family == "index-without-builds"
    found, _ = explain_log("Looking in links: https://storage.googleapis.com/jax-releases/jax_cuda_releases.html\n" + log)
    assert found[0].hint.family == "version-guard"


def test_uv_s_hint_below_a_refused_wheel_url_is_the_answer_told() -> None:
    log = ("error: Failed to determine installation plan\n  Caused by: A URL dependency is incompatible with the current "
           "platform: https://example.org/x/flash_attn-2.8.3-cp312-cp312-linux_x86_64.whl\n\nhint: The wheel is "
           "compatible with Linux (`linux_x86_64`), but you're on Windows (`win_amd64`)\n")
    assert answered(log) == ["the wheel is built for Linux (`linux_x86_64`), and this machine is Windows (`win_amd64`)"]


def test_an_extension_lacking_a_cuda_librarys_function_is_still_its_unlinked_build() -> None:
    log = "ImportError: /env/site-packages/my_ext/_C.so: undefined symbol: ncclCommResume\n"
    assert answered(log) == ["the extension calls ncclCommResume, a function of the CUDA library libnccl, and its "
                             "build did not link that library"]


REVIEW = REAL.parent / "review23"  # the session-23 second reader's inputs, sources in its README.md


def reviewed(name: str) -> list[tuple[str, str]]:
    found, _ = explain_log((REVIEW / f"{name}.log").read_text(encoding="utf-8"))
    return [(item.hint.family or "", item.hint.cause) for item in found]


@pytest.mark.parametrize("name", [
    "attention-01", "attention-02", "attention-03",  # another model whose name begins the same (Wav2Vec2Bert, CLIPSeg)
    "dtype-03",  # a UNetModel, no transformers model class, on a line with no frame
    "triton-02", "lower-03",  # warnings the run went past, another exception raised after them
    "xformers-01", "xformers-02",  # the tensors on MPS or the CPU: no CUDA build of xFormers is the cause
])
def test_the_second_readers_look_alikes_get_no_claim(name: str) -> None:
    assert reviewed(name) == []


def test_pips_causes_each_a_candidate_asking_a_package_the_index_lacks() -> None:
    # ocrd_all#347: every torch+cpu candidate "depends on typing-extensions", which the CPU index alone lacks; no vague
    # answer about loosening pins (session 23), and since session 41 the reader's own words, "the index pip was given
    # lacks a dependency"
    assert reviewed("resolver-01") == [(
        "version-guard", "every release of torch pip tried depends on typing-extensions, and pip found no release of "
        "typing-extensions it could install: the index it reads does not have typing-extensions, or has none for this "
        "Python or platform")]


@pytest.mark.parametrize(("name", "family", "start"), [
    ("uvurl-01", "binary-mismatch", "uv refuses the wheel flash_attn-2.7.4.post1+cu128torch2.7.0cxx11abiFALSEfullbackward-"
                                    "cp311-cp311-win_amd64.whl: its tags (cp311-cp311-win_amd64"),
    ("uvurl-02", "binary-mismatch", "the wheel is built for CPython 3.12 (`cp312`), and this Python is CPython 3.11"),
    ("offered-04", "binary-mismatch", "the index pip read offers builds of another kind"),
    ("cudafn-02", "extension-cuda-lib", "torch's own library lacks ncclCommRegister"),
    ("cudafn-03", "extension-cuda-lib", "torch's own library lacks nvrtcGetProgramLogSize"),
    ("cudafn-05", "extension-build", "the extension calls cudnnSetDropoutDescriptor"),  # a distribution's own build
    ("resolver-02", "version-guard", "product-category 0.0.2 requires torch==1.7.1"),  # candidates, not two asks
])
def test_the_second_readers_cases_get_their_answer(name: str, family: str, start: str) -> None:
    first_family, cause = reviewed(name)[0]
    assert first_family == family
    assert cause.startswith(start)


def test_bfloat16_refused_by_ptxas_is_told_to_run_in_float16() -> None:
    found, _ = explain_log((REVIEW / "ptxas-01.log").read_text(encoding="utf-8"))
    assert found[0].hint.fix.startswith("run in float16 (or float32) on this GPU")


def test_a_module_missing_where_pip_failed_to_install_is_no_release_mismatch() -> None:
    # the pip failure's own reading alone (torch, wheels only, passed over for its newer releases: binary-mismatch
    # from session 38, the case's own label)
    assert [family for family, _, _ in answers("holdout57b", "vllm-17212.log")] == ["binary-mismatch"]


@pytest.mark.parametrize(("group", "log", "start"), [
    ("holdout58a", "OnePose-21.log", "conda's solver found no environment that meets every specification asked"),
    ("holdout58a", "pytorch-scripts-3.log", "conda's solver found no environment that meets every specification"),
    ("holdout58b", "GPTQ-for-LLaMa-33.log", "the host compiler g++ 12.2.1 is newer than CUDA 11.7's nvcc supports"),
    ("holdout58b", "textgen-2131.log", "the host compiler g++ 13.1.1 is newer than CUDA 11.7's nvcc supports"),
])
def test_the_misses_of_holdout58_that_name_a_kind_are_read(group: str, log: str, start: str) -> None:
    assert first(group, log)[1].startswith(start)


def test_condas_vague_answer_yields_to_one_that_names_the_conflict() -> None:
    causes = [cause for _, cause, _ in answers("holdout45a", "PEPLER-5.log")]
    assert causes[0].startswith("conda has transformers 4.18.0 only for Python")
    assert not any(cause.startswith("conda's solver found no environment") for cause in causes)


def test_the_second_review_of_the_mends_finds_the_false_claims_gone() -> None:
    # a one-line pip report: no "depends on" of it answered for the conflict
    for name in ("b_resolver-08", "b_resolver-10"):
        assert all(not cause.startswith(("sentence-transformers", "langchain")) for _, cause in reviewed(name))
    # a links page listing every build: this Python's, not another build's index
    assert reviewed("b_offered-01")[0][0] == "version-guard"
    # an nvcc build's arch list, and Triton's sm_90 instruction on an A100: no float16 advice
    for name in ("b_bf16-01", "b_bf16-02"):
        found, _ = explain_log((REVIEW / f"{name}.log").read_text(encoding="utf-8"))
        assert not found[0].hint.fix.startswith("run in float16")
    # raised, not warned: the app's own gradio check and dynamo's Triton error are told
    assert reviewed("b_notice-01")[0][0] == "version-guard"
    assert reviewed("b_notice-02")[0][1].startswith("the Tesla P100-PCIE-16GB (compute capability 6.0) is older than")
    # conda's compiler of a long name
    assert reviewed("b_hostcc-02")[0][1].startswith("the host compiler x86_64-conda-linux-gnu-c++ 13.2.0 is newer")
