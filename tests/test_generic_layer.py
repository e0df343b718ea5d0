"""The generic layer of ``explain`` (issue 22): what a failure shows when no known failure matches it.

Each kind is tried on a real log of the corpus (tests/data/real/families, collected by family) and its
whole answer is held to the text; near misses (the user's own code, a circular import, a version that
meets the bound) get no answer; a live exception raised in installed code gets the same reading.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pytest_autoglm_compat.knowledge.failure import Failure
from pytest_autoglm_compat.knowledge.generic import GENERIC_FAMILIES, atlas, keyword_history, reason
from pytest_autoglm_compat.knowledge.generic.situation import situation_of
from pytest_autoglm_compat.knowledge.known_failures import explain_exception
from pytest_autoglm_compat.knowledge.log_prefixes import prefix_column as _prefix_column
from pytest_autoglm_compat.knowledge.logs import Explained, explain_log

DATA = Path(__file__).parent / "data"
FAMILIES = DATA / "real" / "families"


def first(log: str) -> tuple[str, str, str, str]:
    return first_in("families", log)


def test_a_name_a_newer_release_added_is_named_with_that_release() -> None:
    family, cause, fix, source = first("llmquickstart-7.log")  # an IPython traceback through a checkout
    assert family == "api-mismatch"
    assert cause == ("the code that imports it asks for the name MoeModelOutputWithPast from "
                     "transformers.modeling_outputs, which the installed transformers does not have: transformers "
                     "4.36.0 added it (the releases before it lack it), so that code was written for a newer "
                     "transformers")
    assert fix == ('install transformers>=4.36.0 (pip install "transformers>=4.36.0"), or a release of the '
                   "importing package that follows this transformers")
    assert source.startswith("reasoned from the log and the bundled API atlas: the released files of ")


def test_a_submodule_no_release_read_has_asked_with_no_frame_is_a_misspelling_not_a_release() -> None:
    # session 18: holdout29a's distractor keras#8897 ("No module named 'keras.model'", for keras.models)
    failure = Failure.from_name("ModuleNotFoundError", "No module named 'transformers.modeling_nonexistent'")
    assert reason(failure) is None
    # a submodule of a package the atlas does not hold is still named without a release
    failure = Failure.from_name("ModuleNotFoundError", "No module named 'somepkg.modeling_nonexistent'")
    hint = reason(failure)
    assert hint is not None
    assert hint.cause == ("the code that imports it asks for the module somepkg.modeling_nonexistent, which "
                          "the installed somepkg does not have: the code was written for another release of "
                          "somepkg (one that has it, older or newer)")
    assert hint.fix.endswith("autoglm-compat explain --index LOG finds the release that removed or added it")


def test_a_name_asked_for_by_an_installed_package_names_the_package_that_asked() -> None:
    family, cause, _, source = first("autoround-2384.log")  # auto-round's thread; llmcompressor's import fails
    assert family == "api-mismatch"
    assert cause == ("llmcompressor (llmcompressor.entrypoints.model_free) asks for the name TensorProfiler from "
                     "compressed_tensors.entrypoints.convert.memory, which the installed compressed-tensors does not "
                     "have: the two are from releases that do not fit (a release of compressed-tensors removed, "
                     "moved or renamed it, or llmcompressor needs a newer compressed-tensors)")
    assert source.startswith("reasoned from the log: the message names what was asked for; the frames name")


def test_a_version_guard_names_the_package_the_bound_and_what_was_found() -> None:
    assert first("opensoraplan-14.log")[:3] == (
        "version-guard",
        "transformers 4.32.0 requires tokenizers!=0.11.3,<0.14,>=0.11.1; found tokenizers 0.10.3",
        "pip install 'tokenizers!=0.11.3,<0.14,>=0.11.1' (or a release of transformers whose requirement the "
        "installed tokenizers meets)")
    family, cause, fix, _ = first("qwen3vl-84.log")  # pkg_resources' DistributionNotFound
    assert (family, cause, fix) == ("version-guard", "ms-swift requires transformers<4.45,>=4.33",
                                    "pip install 'transformers<4.45,>=4.33' (or a release of ms-swift whose "
                                    "requirement the installed transformers meets)")


def test_remote_model_code_names_the_repository_and_both_fixes() -> None:
    family, cause, fix, _ = first("osatlas-57.log")
    assert family == "remote-code-mismatch"
    assert cause == ("the model repository's own code (OS-Copilot/OS-Atlas-Base-4B, modeling_internvl_chat.py, "
                     "loaded with trust_remote_code) fails against the installed transformers: it was written for "
                     "another transformers release")
    assert "revision=\"main\", force_download=True" in fix
    assert "transformers_version" in fix


def test_transformers_calling_a_model_class_it_does_not_own_is_model_code() -> None:
    """The generic layer's reading, under the known failure that now names the release (its test: the corpus)."""
    found, _ = explain_log((FAMILIES.parent / "families" / "chatglm3-380.log").read_text(encoding="utf-8"), known=())
    family, cause = found[0].hint.family, found[0].hint.cause
    assert family == "remote-code-mismatch"
    assert cause.startswith("the installed transformers (transformers.modeling_utils) calls "
                            "ChatGLMPreTrainedModel._set_gradient_checkpointing() with the keyword enable")


def test_an_extension_build_names_both_cuda_versions() -> None:
    assert first("vgen-29.log")[:3] == (
        "extension-build",
        "building the extension with nvcc (CUDA 12.2) against torch built for CUDA 11.3: torch's cpp_extension "
        "refuses toolkits of another CUDA major",
        "use a CUDA 11.x toolkit for the build (CUDA_HOME=/usr/local/cuda-11.3), or install a torch built for "
        "CUDA 12.2, then build again")
    assert first("flashattn-2783.log")[1].startswith(  # the (message, '12.6', '13.0') tuple form
        "building the extension with nvcc (CUDA 12.6) against torch built for CUDA 13.0")
    family, _cause, fix, _ = first("llamafactory-8097.log")  # build isolation: the sdist's setup.py imports torch
    assert family == "extension-build"
    assert "pip install --no-build-isolation" in fix


def test_a_gpu_newer_than_the_build_is_named_with_the_build_that_carries_it() -> None:
    assert first("wyomingxtts-1.log")[:3] == (
        "no-kernel-image",
        "NVIDIA GeForce RTX 5060 Ti (sm_120) is newer than every arch the installed torch build carries (sm_50 "
        "sm_60 sm_70 sm_75 sm_80 sm_86 sm_90)",
        "install a torch build for CUDA 12.8 or newer, the first toolkit that builds sm_120 (pip install "
        "--force-reinstall torch --index-url https://download.pytorch.org/whl/cu128)")


def test_an_old_gpu_gets_a_fix_for_an_old_gpu() -> None:
    """issue 22: "no kernel image" on a P100 got a fix about Hopper and Blackwell builds."""
    log = ("Tesla P100-PCIE-16GB with CUDA capability sm_60 is not compatible with the current PyTorch "
           "installation.\nThe current PyTorch install supports CUDA capabilities sm_75 sm_80 sm_86 sm_90 sm_100 "
           "sm_120.\nTraceback (most recent call last):\n  File \"/x/run.py\", line 3, in <module>\n"
           "RuntimeError: CUDA error: no kernel image is available for execution on the device\n")
    found, _ = explain_log(log)
    assert found[0].hint.family == "no-kernel-image"
    assert found[0].hint.cause.startswith("this GPU (Tesla P100-PCIE-16GB, compute capability 6.0) is older than "
                                          "the oldest arch the installed build carries")
    assert "Hopper" not in found[0].hint.fix
    assert "cu126" in found[0].hint.fix
    assert situation_of(log).capability == "6.0"


def test_bitsandbytes_on_windows_gets_the_windows_fix() -> None:
    failure = Failure.from_name("RuntimeError", "CUDA Setup failed despite GPU being available. Please run the "
                                "following command to get more information: python -m bitsandbytes")
    hint = reason(failure, situation=situation_of("C:\\Users\\me\\venv\\Lib\\site-packages\\bitsandbytes\\x.py"))
    assert hint is not None
    assert hint.family == "binary-mismatch"
    assert hint.fix == "pip install -U 'bitsandbytes>=0.43' (the first release with Windows binaries)"


@pytest.mark.parametrize("message", [
    "cannot import name 'AutoModelForCasualLM' from 'transformers'",  # a typo in a top-level import
    "cannot import name 'interpreter' from partially initialized module 'interpreter'",  # a circular import
    "No module named 'mdtex2html'",  # a dependency simply not installed
])
def test_a_log_that_shows_only_the_users_own_import_gets_no_answer(message: str) -> None:
    found, _ = explain_log(f"Traceback (most recent call last):\n  File \"/home/me/web_demo.py\", line 3, in "
                           f"<module>\nImportError: {message}\n")
    assert found == []


def test_a_guard_the_found_version_meets_is_not_the_cause() -> None:
    message = "transformers>=4.42.0 is required for a normal functioning of this module, but found transformers==4.44.0."
    assert reason(Failure.from_name("ImportError", message)) is None


def test_a_live_import_in_an_installed_package_is_read_like_a_log(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    (site / "fakeowner").mkdir(parents=True)
    (site / "fakeowner" / "__init__.py").write_text("")
    (site / "fakeowner" / "modeling_utils.py").write_text("def kept():\n    pass\n")
    (site / "fakeasker").mkdir()
    (site / "fakeasker" / "__init__.py").write_text("from fakeowner.modeling_utils import shard_checkpoint\n")
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(site)!r})
        from pytest_autoglm_compat.knowledge.known_failures import explain_exception
        try:
            import fakeasker
        except ImportError as exc:
            found = explain_exception(exc)
            print(found[2].family)
            print(found[2].cause)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [
        "api-mismatch",
        "fakeasker (fakeasker) asks for the name shard_checkpoint from fakeowner.modeling_utils, which the installed "
        "fakeowner does not have: the two are from releases that do not fit (a release of fakeowner removed, moved "
        "or renamed it, or fakeasker needs a newer fakeowner)"]


def test_the_same_import_raised_in_the_users_own_test_gets_no_answer(tmp_path: Path) -> None:
    with pytest.raises(ImportError) as caught:
        raise ImportError("cannot import name 'shard_checkpoint' from 'transformers.modeling_utils'")
    assert explain_exception(caught.value) is None


def test_every_generic_family_is_a_corpus_family() -> None:
    from test_real_corpus_format import KNOWN_FAMILIES

    assert set(GENERIC_FAMILIES) <= KNOWN_FAMILIES


# --------------------------------------------------------------------------- explain --index, offline parts


def test_a_name_counts_where_the_module_binds_it_lists_it_or_shims_it() -> None:
    from pytest_autoglm_compat.tools.history.names import defines

    assert defines("def shard_checkpoint():\n    pass\n", "shard_checkpoint")
    assert defines("from .a import b as shard_checkpoint\n", "shard_checkpoint")
    assert defines("if TYPE_CHECKING:\n    from .x import Qwen3Config\n", "Qwen3Config")
    assert defines('_import_structure = {"models.qwen3": ["Qwen3Config"]}\n', "Qwen3Config")
    # peft 0.15-0.18: a PEP 562 __getattr__ that warns and returns the old mapping
    assert defines('def __getattr__(name):\n    if name == "PEFT_TYPE_TO_MODEL_MAPPING":\n        return 1\n',
                   "PEFT_TYPE_TO_MODEL_MAPPING")
    assert not defines("def other():\n    shard_checkpoint = 1\n", "shard_checkpoint")  # a local, not the module's
    assert not defines("# shard_checkpoint was removed\n", "shard_checkpoint")


@pytest.mark.parametrize(("present", "expected"), [
    ([True] * 10 + [False] * 20, "removed_in=10"),
    ([False] * 25 + [True] * 5, "added_in=25"),
    ([False] * 30, "never"),
    ([True] * 30, "always"),
])
def test_the_boundary_is_bisected_with_few_reads(present: list[bool], expected: str) -> None:
    from packaging.version import Version

    from pytest_autoglm_compat.tools.history.names import boundary

    releases = [Version(f"1.{i}") for i in range(len(present))]
    reads: list[Version] = []

    def has(version: Version) -> bool:
        reads.append(version)
        return present[releases.index(version)]

    found = boundary(releases, has)
    kind, _, value = expected.partition("=")
    if value:
        assert getattr(found, kind) == Version(f"1.{value}")
    else:
        assert getattr(found, kind)
    assert len(reads) <= 12  # log2 of 30 releases and the doubling steps, never all of them


# --------------------------------------------------------------------------- the plugin's failure section


def test_a_failing_test_whose_installed_package_lacks_a_name_gets_a_generic_section(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real import chain through a site-packages directory: the package asks another for a name it lacks."""
    site = pytester.path.parent / f"{pytester.path.name}-site" / "site-packages"
    (site / "fakeowner").mkdir(parents=True)
    (site / "fakeowner" / "__init__.py").write_text("")
    (site / "fakeowner" / "modeling_utils.py").write_text("def kept():\n    pass\n")
    (site / "fakeasker").mkdir()
    (site / "fakeasker" / "__init__.py").write_text("from fakeowner.modeling_utils import shard_checkpoint\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("PYTHONPATH", str(site))
    pytester.makepyfile(test_it="""
        def test_load():
            import fakeasker

        def test_own():
            raise ImportError("cannot import name 'shard_checkpoint' from 'fakeowner.modeling_utils'")
    """)
    result = pytester.runpytest()
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines([
        "*- autoglm-compat: known failure -*",
        "cause: fakeasker (fakeasker) asks for the name shard_checkpoint from fakeowner.modeling_utils, which the "
        "installed fakeowner does not have: the two are from releases that do not fit*",
        "source: reasoned from the log: the message names what was asked for; the frames name the package that "
        "asked (fakeasker)",
    ])
    assert result.stdout.str().count("cause: ") == 1  # the test's own raise gets no section


def test_a_version_floor_in_the_checkers_own_words_names_the_checker_and_drops_the_full_stop() -> None:
    """axolotl-ai-cloud/axolotl#838 (holdout3): optimum's own check of auto-gptq; its message ends a sentence."""
    family, cause, fix, _ = first_in("holdout3", "axolotl-838.log")
    assert (family, cause) == ("version-guard", "optimum requires auto-gptq>0.4.99; found auto-gptq 0.4.2")
    assert fix == "pip install 'auto-gptq>0.4.99' (or a release of optimum that accepts auto-gptq 0.4.2)"


def test_a_compiler_line_that_says_why_is_read_for_why() -> None:
    """open-mmlab/mmcv#2900 (holdout3): gcc's diagnostic line quotes nvcc's host-compiler check."""
    assert first_in("holdout3", "mmcv-2900.log")[1] == (
        "the host compiler is newer than this CUDA toolkit accepts (gcc later than 11)")


def found_in(group: str, log: str) -> list[Explained]:
    """Every explanation ``explain`` gives for a real log of the corpus, in the order it prints them."""
    return explain_log((FAMILIES.parent / group / log).read_text(encoding="utf-8"))[0]


def first_in(group: str, log: str) -> tuple[str, str, str, str]:
    found = found_in(group, log)
    assert found, f"{group}/{log}"
    hint = found[0].hint
    return hint.family, hint.cause, hint.fix, hint.source


def test_a_model_object_without_an_attribute_is_model_code_against_transformers() -> None:
    """baichuan-inc/Baichuan-13B#196 (holdout3): one line, no frame. Such an object (a model, tokenizer, cache
    class by its name) lacking an attribute was model code against another transformers in every real log here."""
    family, cause, _, source = first_in("holdout3", "baichuan13b-196.log")
    assert family == "remote-code-mismatch"
    assert cause.startswith("the model code that uses a BaichuanTokenizer object (a model repository's, loaded "
                            "with trust_remote_code, or code written around transformers' own BaichuanTokenizer) "
                            "asks it for sp_model")
    assert source.endswith("no frame shows the code that asked")


def test_a_model_object_attribute_the_users_own_test_asks_for_gets_no_answer() -> None:
    class LlamaForCausalLM:
        pass

    with pytest.raises(AttributeError) as caught:
        LlamaForCausalLM().genrate  # noqa: B018  # a typo: no release has it
    assert explain_exception(caught.value) is None


def test_a_top_level_name_with_no_package_asking_is_told_apart_from_a_typo_by_the_atlas() -> None:
    """One line, no frame, the installed package's own file: a release's removed name (trl-1409, holdout2) and a
    user's misspelt one (qwen3vl-1385, holdout5, collected after a rule that answered both) read the same. The
    bundled atlas tells them apart: some transformers releases have top_k_top_p_filtering, none has
    Qwen2_5VLForConditionalGeneration (the class is Qwen2_5_VLForConditionalGeneration)."""
    family, cause, fix, source = first_in("holdout2", "trl-1409.log")
    assert family == "api-mismatch"
    # the log shows no version: the installed transformers may be older than 2.6.0 or newer than 4.38.2
    assert cause == ("the code that imports it asks for the name top_k_top_p_filtering from transformers, which the "
                     "installed transformers does not have: transformers 2.6.0 added it and 4.39.0 removed it "
                     "(4.38.2 is the last release with it), so that code was written for another transformers")
    assert fix == ('install transformers>=2.6.0,<4.39.0 (pip install "transformers>=2.6.0,<4.39.0"), or a release of '
                   "the importing package that follows this transformers")
    assert source.startswith("reasoned from the log and the bundled API atlas: the released files of ")
    assert found_in("holdout5", "qwen3vl-1385.log") == []


def test_a_keyword_a_class_stopped_taking_is_named_with_the_release_that_dropped_it() -> None:
    """mit-han-lab/llm-awq#269 (holdout6): a checkout's frame, a tool's "stderr | " column on every line, and
    transformers' LlamaRotaryEmbedding, which takes a config since 4.48 (llm-awq pins 4.46)."""
    family, cause, fix, _ = first_in("holdout6", "llmawq-269.log")
    assert family == "api-mismatch"
    assert cause == ("LlamaRotaryEmbedding.__init__() (transformers.models.llama.modeling_llama) is called with the "
                     "keyword max_position_embeddings, which it does not take in the installed transformers: "
                     "transformers 4.48.0 removed it (4.47.1 is the last release with it), so the calling code (or "
                     "the saved file whose settings it passes) was written for an older transformers")
    assert fix == ('install transformers<4.48.0 (pip install "transformers<4.48.0"), or calling code that follows '
                   "this transformers")


def test_a_dataclass_field_a_newer_release_added_asks_for_that_release() -> None:
    """oobabooga/text-generation-webui#6819 (holdout5): an adapter saved by a newer PEFT, read by an older one."""
    family, cause, fix, _ = first_in("holdout5", "textgen-6819.log")
    assert family == "api-mismatch"
    assert "peft 0.15.0 added it (the releases before it lack it)" in cause
    assert fix.startswith('install peft>=0.15.0 (pip install "peft>=0.15.0")')


def test_a_keyword_no_release_names_gets_no_answer() -> None:
    message = "LlamaRotaryEmbedding.__init__() got an unexpected keyword argument 'max_position_embedings'"
    assert reason(Failure.from_name("TypeError", message)) is None


def test_an_import_error_a_logger_quotes_with_the_installed_file_is_read_as_the_import_error() -> None:
    """deepseek-ai/DeepSeek-V3#290 (holdout4): "An error occurred: cannot import name ... (.../site-packages/...)"."""
    family, cause, _, _ = first_in("holdout4", "deepseekv3-290.log")
    assert family == "api-mismatch"
    assert cause.startswith("the code that imports it asks for the name is_torch_greater_or_equal_than_1_13 from "
                            "transformers.pytorch_utils, which the installed transformers does not have")


@pytest.mark.parametrize("path", [
    "/home/me/project/transformers.py",  # a local file shadowing the package
    "/home/me/project/transformers/__init__.py",  # a local directory of that name
    "unknown location",  # a namespace package
])
def test_a_top_level_name_from_a_file_that_is_not_an_installed_package_gets_no_answer(path: str) -> None:
    message = f"cannot import name 'AutoModelForCasualLM' from 'transformers' ({path})"
    found, _ = explain_log(f"ImportError: {message}\n")
    assert found == []


def test_pips_own_words_for_a_failed_build_name_the_package() -> None:
    """abetlen/llama-cpp-python#744 (holdout4): CMake's errors, then pip's "× Building wheel for ... did not run
    successfully."; flash-attention#447: "Building wheel for flash-attn (setup.py) ... error"."""
    causes = [(item.hint.family, item.hint.cause.split(" (")[0]) for item in found_in("holdout4", "llamacpppython-744.log")]
    # CMake's own reason comes first (the CUDA toolset rule below), pip's line after it
    assert ("extension-build", "pip could not build llama-cpp-python from source") in causes[1:]
    found = found_in("holdout2", "flashattn-447.log")
    causes = [(item.hint.family, item.hint.cause.split(" (")[0]) for item in found]
    # first the traceback its setup.py printed, cut off before its error; then pip's own line, which names it
    assert causes == [("extension-build", "pip's build of a package from source failed in its setup.py"),
                      ("extension-build", "pip could not build flash-attn from source"),
                      ("extension-build", "pip could not build the package from source")]  # "× python setup.py ..."


def test_torch_and_torchvision_built_for_different_cuda_versions_wrapped_over_lines() -> None:
    """A Colab notebook's output wraps torchvision's message over four lines (holdout4, diffusion-colab-ui#108)."""
    family, cause, fix, _ = first_in("holdout4", "diffusioncolabui-108.log")
    assert family == "binary-mismatch"
    assert cause == ("PyTorch and torchvision are builds for different CUDA versions (PyTorch: CUDA 11.7, "
                     "torchvision: CUDA 11.8): their compiled parts do not load together")
    assert fix == ("install the torchvision build for PyTorch's CUDA 11.7 from the same index as PyTorch (pip install "
                   "torchvision --index-url https://download.pytorch.org/whl/cu117, the release that pairs with the "
                   "installed PyTorch)")


def test_deepspeeds_missing_cuda_home_is_a_build_without_the_toolkit() -> None:
    family, cause, _, _ = first_in("holdout4", "chattsenhanced-3.log")
    assert (family, cause) == ("extension-build", "building the extension needs the CUDA toolkit (nvcc), and none was "
                               "found (CUDA_HOME unset, no nvcc on PATH)")


def test_a_traceback_cut_inside_model_code_transformers_called_names_both() -> None:
    """THUDM/CogVLM#530 (holdout5): the paste ends inside the frame of modeling_cogvlm.py that transformers'
    generate loop called; the error line is not in the log."""
    found = found_in("holdout5", "cogvlm-530.log")
    assert found[0].headline == ("Traceback (cut before its error; innermost frame shown: "
                                 "transformers_modules.cogvlm-chat-hf.modeling_cogvlm:_update_model_kwargs_for_generation)")
    assert (found[0].hint.family, found[0].hint.cause) == (
        "remote-code-mismatch",
        "transformers (transformers.generation.utils:_sample) called the model repository's own code (cogvlm-chat-hf, "
        "modeling_cogvlm.py: _update_model_kwargs_for_generation), and it failed there (the traceback is cut before "
        "its error): a method transformers calls on model code it did not write is where that code, written for "
        "another transformers release, most often breaks")


_CUT = """Traceback (most recent call last):
  File "/home/me/run.py", line 9, in <module>
    out = model.generate(**inputs)
  File "/venv/lib/python3.10/site-packages/transformers/generation/utils.py", line 2047, in generate
    result = self._sample(
  File "/home/me/.cache/huggingface/modules/transformers_modules/chatglm3-6b/modeling_chatglm.py", line 937, in {func}
    hidden = self.encoder(x)
...
"""


@pytest.mark.parametrize(("func", "family"), [
    ("prepare_inputs_for_generation", "remote-code-mismatch"),  # an interface transformers calls
    ("forward", None),  # the model's own computation: an out-of-memory error is as likely as any
])
def test_a_cut_traceback_is_read_only_where_its_innermost_frame_says_what_was_going_on(func: str,
                                                                                       family: str | None) -> None:
    found, _ = explain_log(_CUT.format(func=func))
    assert [item.hint.family for item in found] == ([family] if family else [])


def test_a_cut_traceback_of_the_users_own_script_gets_no_answer() -> None:
    found, _ = explain_log('Traceback (most recent call last):\n  File "/home/me/train.py", line 3, in <module>\n'
                           '    main()\n  File "/home/me/train.py", line 2, in main\n    x = load(\n...\n')
    assert found == []


def test_a_traceback_cut_in_pips_build_hooks_is_build_isolation_hiding_torch() -> None:
    """Dao-AILab/flash-attention#1920 (holdout5): the excerpt ends in get_requires_for_build_wheel."""
    family, cause, fix, _ = first_in("holdout5", "flashattention-1920.log")
    assert family == "extension-build"
    assert cause.startswith("pip ran a package's setup.py to ask for its build requirements (the traceback is cut "
                            "before its error): that runs in pip's isolated build environment")
    assert fix.startswith("install torch first, then the package with: pip install --no-build-isolation")


def test_a_traceback_cut_in_torchs_jit_build_names_the_package_that_built() -> None:
    family, cause, _, _ = first_in("holdout5", "flymyailoratrainer-54.log")
    assert family == "extension-build"
    assert cause.startswith("torch.utils.cpp_extension was compiling optimum's C++/CUDA extension at run time")


def test_vs_codes_exception_report_is_read_as_the_exception() -> None:
    """zjunlp/PromptKG#4 (holdout5): "Exception has occurred: ImportError" and the message on the next line."""
    found = found_in("holdout5", "promptkg-4.log")
    assert found[0].headline == "ImportError: cannot import name '_BaseLazyModule' from 'transformers.file_utils'"
    assert found[0].hint.family == "api-mismatch"


def test_a_frame_whose_function_the_paste_lost_over_an_import_statement_is_an_import() -> None:
    family, cause, _, _ = first_in("holdout5", "graphbert-16.log")
    assert (family, cause.split(":")[0]) == (
        "api-mismatch", "the code that imports it asks for the module transformers.modeling_bert, which the installed "
        "transformers does not have")


def test_a_pin_no_release_for_this_python_meets_is_a_version_guard() -> None:
    family, cause, _, _ = first_in("holdout5", "vllm-2695.log")
    assert (family, cause) == ("version-guard", "no release the index offers this Python and platform meets "
                               "torch==2.1.2 (it offers 2.2.0): the pin was written for another Python or platform")
    for line in ("ERROR: Could not find a version that satisfies the requirement torhc (from versions: none)",
                 "ERROR: Could not find a version that satisfies the requirement torch==9.9 (from versions: none)"):
        assert explain_log(line + "\n")[0] == []  # a misspelt name; a pin to a torch never released


def test_torchs_no_cuda_runtime_notice_is_context_for_a_build_failure_not_one_itself() -> None:
    """The notice is printed also where the build goes on to succeed (sshaoshuai/Pointnet2.PyTorch#5,
    SIAnalytics/siatune#49): alone it gets no answer; beside a failed build it goes into the build's cause."""
    notice = "No CUDA runtime is found, using CUDA_HOME='/usr/local/cuda'\n"
    assert explain_log(notice)[0] == []
    found, _ = explain_log(notice + "  × python setup.py bdist_wheel did not run successfully.\n")
    assert found[0].hint.cause.endswith("; and torch found no CUDA runtime while building (\"No CUDA runtime is "
                                        "found\": a CPU-only torch, or no GPU and driver visible to the build)")
    assert found[0].hint.fix.startswith("check that torch is a CUDA build")


def test_torch_not_compiled_with_cuda_on_a_mac_is_not_an_install_to_change() -> None:
    """upseem/comfyui_sunxAI_facetools#3 (holdout6, its label now disputed): a node's .cuda() on macOS. No CUDA build
    of torch exists for a Mac, so the known failure's fix (install a CUDA build) is not this machine's: the answer says
    it is a Mac and gives the thread's own fix (mps or the CPU)."""
    found = found_in("holdout6", "comfyuisunxaifacetools-3.log")
    assert [(item.hint.family, item.hint.cause) for item in found] == [
        ("torch-not-cuda", "this is a Mac: torch for macOS is built without CUDA (no CUDA build of torch exists for "
                           "macOS), so the code's CUDA calls fail")]
    assert "install a CUDA build" not in found[0].hint.fix
    linux = ('  File "/home/me/venv/lib/python3.12/site-packages/torch/cuda/__init__.py", line 403, in _lazy_init\n'
             '    raise AssertionError("Torch not compiled with CUDA enabled")\n'
             "AssertionError: Torch not compiled with CUDA enabled\n")
    assert [item.hint.family for item in explain_log("Traceback (most recent call last):\n" + linux)[0]] == [
        "torch-not-cuda"]


def test_pytests_own_frames_name_the_package_that_asked() -> None:
    """UKPLab/sentence-transformers#3001 (holdout6): a test run's --tb output, "path.py:12: in <module>" frames and
    the "E   " prefix; the frame of sentence_transformers asks huggingface_hub for a name it no longer has."""
    family, cause, _, _ = first_in("holdout6", "sentencetransformers-3001.log")
    assert family == "api-mismatch"
    assert cause.startswith("sentence-transformers (sentence_transformers.SentenceTransformer) asks for the name "
                            "cached_download from huggingface_hub, which the installed huggingface-hub does not have")


def test_a_cuda_library_a_binary_loads_at_run_time_is_named_with_its_major() -> None:
    """CTranslate2 under faster-whisper (holdout6, three threads): "Library libcublas.so.12 is not found or cannot
    be loaded"."""
    family, cause, fix, _ = first_in("holdout6", "whisperx-788.log")
    assert (family, cause) == ("binary-mismatch", "a compiled library loads libcublas.so.12 at run time, so it was "
                               "built for CUDA 12, and the loader finds none: this machine's CUDA libraries are of "
                               "another major, or not on the loader path")
    assert fix == ("install the CUDA 12 library it needs: pip install nvidia-cublas-cu12 (its lib directory on "
                   "LD_LIBRARY_PATH, or PATH on Windows); or install the package's build for the CUDA this machine has")
    found, _ = explain_log("RuntimeError: Library cublas64_13.dll is not found or cannot be loaded\n")
    assert found[0].hint.fix.startswith("install the CUDA 13 library it needs: pip install \"nvidia-cublas==13.*\" "
                                        "(its lib directory on LD_LIBRARY_PATH, or PATH on Windows)")


@pytest.mark.parametrize("log", [
    "glm4-301.log",  # VS Code's debugger in Chinese: "发生异常: ValueError", the message below, frames innermost first
    "transformers-32226.log",  # a notebook's rendered frames: "File [~/x/modeling_chatglm.py:563](https://...), in"
])
def test_remote_code_is_read_through_the_debugger_and_notebook_shapes(log: str) -> None:
    """THUDM/GLM-4#301 and huggingface/transformers#32226 (holdout6): glm-4v-9b's modeling_chatglm.py unpacking
    a kv_cache of another transformers, pasted from VS Code's debugger and from a VS Code notebook."""
    family, cause, _, _ = first_in("holdout6", log)
    assert family == "remote-code-mismatch"
    assert cause.startswith("the model repository's own code (glm-4v-9b, modeling_chatglm.py, loaded with "
                            "trust_remote_code) fails against the installed transformers")


def test_a_name_column_on_most_lines_is_stripped_but_not_a_bar_on_a_few() -> None:
    column = "".join(f"api_server  | {line}\n" for line in (
        "Traceback (most recent call last):", '  File "/app/site-packages/awq/models/base.py", line 3, in <module>',
        "    from transformers.modeling_utils import shard_checkpoint",
        "ImportError: cannot import name 'shard_checkpoint' from 'transformers.modeling_utils'"))
    found, _ = explain_log(column)
    assert [e.failure.raised_in for e in found] == ["awq.models.base"]
    # a markdown table's rows, two of five lines: not a column the program printed
    lines = ["| name | version |", "torch | 2.1.0", "peft | 0.19.0", "Traceback (most recent call last):",
             "ImportError: cannot import name 'x' from 'peft'"]
    assert _prefix_column(lines) is None
    assert _prefix_column([f"stderr | {n}" for n in range(3)] + ["Traceback"]) == "stderr | "


def test_an_attribute_of_an_object_no_package_is_known_to_define_gets_no_answer() -> None:
    """vllm-project/vllm#3214 (holdout7, a distractor): transformers' generate asks vLLM's SamplingParams, which
    the user passed it, for update: the object is the caller's mistake, not a release's. (Measured blind, this
    was claimed as transformers' frame asking a release for it.)"""
    assert found_in("holdout7", "vllm-3214.log") == []


def test_a_name_the_interpreters_own_module_lacks_is_the_platforms() -> None:
    """guidance-ai/guidance#909 (holdout7, a distractor): signal.SIGALRM does not exist on Windows."""
    assert found_in("holdout7", "guidance-909.log") == []


def test_flash_attns_toolkit_check_names_the_nvcc_it_needs() -> None:
    """state-spaces/mamba#323 (holdout7, after its blind measurement): causal-conv1d's setup.py carries
    flash-attn's check, which reads nvcc's CUDA, not torch's."""
    family, cause, fix, _ = first_in("holdout7", "mamba-323.log")
    assert family == "extension-build"
    assert cause == ("building causal_conv1d from source needs the CUDA toolkit's nvcc 11.6 or newer, and the nvcc "
                     "the build found is older, or there is none")
    assert fix == ("install a prebuilt wheel of causal_conv1d for this torch and CUDA (the project's release page), "
                   "or the CUDA toolkit 11.6 or newer (nvcc on PATH, CUDA_HOME), then build again")


def test_uvs_build_isolation_hint_is_read() -> None:
    """alibaba/LCKV#17 (holdout7): uv's hint under flash-attn's failed build."""
    family, cause, fix, _ = first_in("holdout7", "lckv-17.log")
    assert family == "extension-build"
    assert cause == ("uv builds flash-attn in an isolated environment, and its build imports torch, which it does not "
                     "declare as a build dependency")
    assert fix.startswith("install torch into the environment first (uv pip install torch), then flash-attn with "
                          "--no-build-isolation")


def test_a_binary_built_for_a_newer_glibc_names_the_package_and_the_glibc() -> None:
    """abetlen/llama-cpp-python#1840 (holdout7): a cu124 wheel built on a newer Linux than Ubuntu 20.04."""
    family, cause, _, _ = first_in("holdout7", "llamacpppython-1840.log")
    assert family == "binary-mismatch"
    assert cause == ("llama-cpp-python's prebuilt binary (libllama.so) was built on a newer Linux: it needs glibc 2.32 "
                     "or newer, and this system's C library is older")


def test_a_journald_prefix_is_stripped() -> None:
    """unslothai/unsloth#8580 (holdout7): "Aug 12 10:38:34 fileserver unsloth[4073658]: " before xFormers' words."""
    family, cause, _, _ = first_in("holdout7", "unsloth-8580.log")
    assert family == "extension-abi"
    assert cause.startswith("xFormers's compiled extensions were built for PyTorch 2.10.0+cu128, and torch "
                            "2.11.0+cu130 is installed")


def test_a_plain_value_asked_for_a_method_the_packages_classes_gained_names_the_release() -> None:
    """unlimiformer#59 (holdout7, after its blind measurement): transformers 4.36's Llama attention asks the legacy
    list cache unlimiformer hands it for get_usable_length, a method of the Cache classes 4.36.0 brought."""
    family, cause, fix, source = first_in("holdout7", "unlimiformer-59.log")
    assert family == "api-mismatch"
    assert cause == ("transformers (transformers.models.llama.modeling_llama) asks a list for get_usable_length, a "
                     "method of transformers' classes (Cache, StaticCache), which transformers 4.36.0 added (the "
                     "releases before it have no class with it): the list comes from the code that called "
                     "transformers, written for a transformers release before 4.36.0")
    assert fix == ('install the transformers release the calling code was written for (transformers<4.36.0: pip '
                   'install "transformers<4.36.0"), or a release of the calling code that follows this transformers')
    assert source.startswith("reasoned from the log and the bundled API atlas")


def test_a_method_someone_elses_class_lacks_is_named_where_the_log_shows_the_release() -> None:
    """ICoT#7 (holdout7): the OP's Chameleon subclass calls GenerationMixin's _extract_past_from_model_output;
    pip show in the log says transformers 4.51.3."""
    family, cause, fix, _ = first_in("holdout7", "icot-7.log")
    assert family == "api-mismatch"
    assert cause == ("the code in run asks a ChameleonForInterCoT object for _extract_past_from_model_output, a "
                     "method of transformers' class GenerationMixin, which transformers 4.51.3 does not have: "
                     "transformers 4.49.0 removed it (4.48.3 is the last release with it), so the code asking (and "
                     "the ChameleonForInterCoT class it uses) was written for an older transformers")
    assert fix == 'install transformers<4.49.0 (pip install "transformers<4.49.0"), or code that follows this transformers'


@pytest.mark.parametrize("message", [
    "AttributeError: 'list' object has no attribute 'update'",  # one word: any class's
    "AttributeError: 'Agent' object has no attribute '_extract_past_from_model_output'",  # no version shown
    "AttributeError: 'NoneType' object has no attribute 'get_usable_length'",  # None: whatever failed to make it
])
def test_a_method_name_alone_says_nothing_of_a_release(message: str) -> None:
    assert reason(Failure.from_name(*message.split(": ", 1))) is None


def test_a_method_called_without_an_argument_a_release_added_is_answered() -> None:
    """VLANeXt#9 (holdout7): Qwen3VLModel.get_rope_index requires mm_token_type_ids from transformers 5.3.0."""
    family, cause, fix, _ = first_in("holdout7", "vlanext-9.log")
    assert family == "api-mismatch"
    assert cause == ("Qwen3VLModel.get_rope_index() (transformers.models.qwen3_vl.modeling_qwen3_vl) is called "
                     "without mm_token_type_ids, which it requires in the installed transformers: transformers 5.3.0 "
                     "added it (the releases before it lack it), so the calling code was written for an older "
                     "transformers")
    assert fix == ('install transformers<5.3.0 (pip install "transformers<5.3.0"), or calling code that follows this '
                   "transformers (passes mm_token_type_ids)")
    # an argument every release of the method named: the caller's slip, not a release's
    slip = Failure.from_name("TypeError", "Qwen3VLModel.get_rope_index() missing 1 required positional argument: "
                             "'input_ids'")
    assert reason(slip) is None


def test_a_librarys_build_without_cuda_is_named_where_the_log_shows_a_machine_with_cuda_builds() -> None:
    """OpenNMT/CTranslate2#1908 (holdout4): aarch64 wheels are CPU-only, in a Linux container. The same words on a
    Mac (m-bain/whisperX#575, a distractor) are the ask for CUDA, and get no answer where the log shows no machine.
    A CPU build where a CUDA one is needed is torch-not-cuda by the families' definition (session 35)."""
    family, cause, fix, _ = first_in("holdout4", "ctranslate2-1908.log")
    assert family == "torch-not-cuda"
    assert cause == ("the installed CTranslate2 is a build without CUDA (a CPU-only wheel or package: the only one some "
                     "platforms' indexes carry, or one built without it), so it cannot run on the GPU")
    assert fix == ("install a CUDA build of CTranslate2 (its install guide names the wheel, index or package for this "
                   "platform and CUDA), or build CTranslate2 here with CUDA enabled; or run on the CPU")
    assert found_in("holdout4", "whisperx-575.log") == []


def test_a_cudnn_library_is_named_with_cudnns_major_not_as_a_cuda_version() -> None:
    """jianchang512/stt#76: CTranslate2 loads cuDNN 8's libcudnn_ops_infer.so.8 (libcudnn's major is cuDNN's)."""
    family, cause, fix, _ = first_in("binaries", "stt-76.log")
    assert family == "extension-cuda-lib"
    assert cause == ("a compiled library was built against cuDNN 8 (it links libcudnn_ops_infer.so.8), and the loader "
                     "finds none: another cuDNN major is installed, or none is on the loader path")
    assert fix.startswith('install cuDNN 8: pip install "nvidia-cudnn-cu12==8.*" (nvidia-cudnn-cu11 for CUDA 11)')


def test_pips_list_of_unmet_requirements_is_read_as_one_conflict() -> None:
    """SimpleVLA-RL#53 (holdout4): five lines of pip's list. Answered line by line, the first (tensordict's
    torch>=2.4.0) took the newest torch, which breaks vllm 0.6.3's torch==2.4.0 (second reader, fix_fit.tsv)."""
    family, cause, fix, _ = first_in("holdout4", "simplevlarl-53.log")
    assert family == "version-guard"
    assert cause == ("pip lists 5 requirements the installed packages do not meet, read together: tensordict 0.5.0, "
                     "vllm 0.6.3 and xformers 0.0.27.post2 require torch==2.4.0 (found 2.2.0); vllm 0.6.3 requires "
                     "torchvision==0.19 (found 0.17.0); vllm 0.6.3 requires transformers>=4.45.0 (found 4.40.1)")
    assert fix == ("install versions that meet them all in one command (pip install 'torch==2.4.0' "
                   "'torchvision==0.19' 'transformers>=4.45.0'), or releases of tensordict, vllm, xformers whose "
                   "requirements the installed versions meet")


def test_two_exact_pins_on_one_package_in_pips_list_are_a_clash() -> None:
    log = ("ERROR: pip's dependency resolver does not currently take into account all the packages that are "
           "installed. This behaviour is the source of the following dependency conflicts.\n"
           "vllm 0.6.3 requires torch==2.4.0, but you have torch 2.4.1 which is incompatible.\n"
           "robotwin 1.0 requires torch==2.4.1, but you have torch 2.4.1 which is incompatible.\n")
    found, _ = explain_log(log)
    assert found[0].hint.cause == ("pip lists 2 requirements the installed packages do not meet, read together: "
                                   "vllm 0.6.3 requires torch==2.4.0, robotwin 1.0 requires torch==2.4.1 (found "
                                   "2.4.1); no release meets both pins on torch (==2.4.0 vs ==2.4.1)")
    assert found[0].hint.fix == ("no single environment holds these releases together: install a release of one of "
                                 "the packages pinning torch that pins what the other pins (or put them in separate "
                                 "environments)")


def test_a_guard_that_names_the_gpu_beside_a_version_bound_is_not_read_as_the_version() -> None:
    """databrickslabs/dolly#11 (holdout8a, a distractor claimed in its blind measurement): transformers refuses
    bf16 on a V100 with "You need torch>=1.10, using Ampere GPU with cuda>=11.0"; the log shows no torch below
    1.10, and the GPU was the cause."""
    assert found_in("holdout8a", "dolly-11.log") == []


def test_a_name_only_the_releases_between_had_is_pinned_to_them_unless_the_log_shows_the_side() -> None:
    """SeldonIO/MLServer#862 (holdout8a, missed blind): optimum's lazy module imports
    TFAutoModelForSemanticSegmentation, which transformers 4.22.0 added and 5.0.0 removed; the installed one was
    older (the thread), which the log does not show. Before, only the newest change (5.0.0) was told: the wrong
    direction. The module the lazy loader failed to import is the one that asked."""
    family, cause, fix, _ = first_in("holdout8a", "mlserver-862.log")
    assert family == "api-mismatch"
    assert cause == ("optimum (optimum.onnxruntime.modeling_seq2seq) asks for the name TFAutoModelForSemanticSegmentation "
                     "from transformers.models.auto, which the installed transformers does not have: transformers "
                     "4.22.0 added it and 5.0.0 removed it (4.57.6 is the last release with it), so optimum was "
                     "written for another transformers")
    assert fix == ('install transformers>=4.22.0,<5.0.0 (pip install "transformers>=4.22.0,<5.0.0"), or a release of '
                   "optimum that follows this transformers")
    older = atlas.name_change("transformers", "transformers.models.auto", "TFAutoModelForSemanticSegmentation")
    assert older is not None
    assert older.narrowed("4.21.3") == dataclasses.replace(older, removed_in=None, last_with=None)
    assert older.narrowed("4.30.0") is None  # it has the name: not this change
    newer = older.narrowed("5.1.0")
    assert newer is not None
    assert newer.told == "transformers 5.0.0 removed it (4.57.6 is the last release with it)"


def test_pytests_long_traceback_names_the_innermost_frame_after_the_exception() -> None:
    """huggingface/transformers#31678 (holdout8a, missed blind): pytest's --tb=long prints the innermost frame's
    location after the "E   " line ("../modules/transformers_modules/chatglm3-6b/modeling_chatglm.py:683:
    AttributeError"); that frame is model repository code."""
    family, cause, _, _ = first_in("holdout8a", "transformers-31678.log")
    assert family == "remote-code-mismatch"
    assert cause == ("the model repository's own code (chatglm3-6b, modeling_chatglm.py, loaded with trust_remote_code) "
                     "fails against the installed transformers: it was written for another transformers release")


def test_cmakes_missing_cuda_toolset_names_visual_studios_cuda_integration() -> None:
    """abetlen/llama-cpp-python#1917 (holdout8b, missed blind): CMake finds CUDA 12.5 but the Build Tools'
    generator has no CUDA toolset."""
    family, cause, fix, _ = first_in("holdout8b", "llamacpppython-1917.log")
    assert family == "extension-build"
    assert cause.startswith("CMake's Visual Studio generator found no CUDA toolset: the CUDA toolkit's Visual Studio "
                            "integration (its MSBuild files) is not installed")
    assert fix.startswith("install the CUDA toolkit's \"Visual Studio Integration\" component")
    earlier, _, _, _ = first_in("holdout4", "llamacpppython-744.log")  # CUDA 11.8, the same CMake error
    assert earlier == "extension-build"
    assert first_in("holdout4", "llamacpppython-744.log")[1].startswith("CMake's Visual Studio generator found no CUDA")


def test_pips_requires_python_refusal_names_the_release_and_the_python_it_needs() -> None:
    """datastax/python-driver#482, MiniOneRec#5, openedx/edx-cookiecutters#555 (holdout9a, missed blind): pip's own
    words for a release whose Requires-Python excludes the running Python."""
    family, cause, fix, _ = first_in("holdout9a", "pythondriver-482.log")
    assert family == "version-guard"
    assert cause == "ccm declares Requires-Python >=3.9, and this Python is 3.8.18: pip refuses to install it"
    assert fix == ("run with a Python that meets >=3.9 (Python 3.9 or newer: a venv made with python3.9), or install a "
                   "release of ccm whose Requires-Python admits Python 3.8.18 (an older one, where the pin or the path "
                   "asks for this one)")
    assert first_in("holdout9a", "minionerec-5.log")[1].startswith("click declares Requires-Python >=3.10, and this "
                                                                     "Python is 3.9.19")
    assert first_in("holdout9a", "edxcookiecutters-555.log")[0] == "version-guard"
    older_pip = first_in("holdout10a", "danmakurender-30.log")  # Python 2's pip: "Package u'aiohttp'" (measured blind)
    assert older_pip[1] == ("aiohttp declares Requires-Python >=3.4.2, and this Python is 2.7.14: pip refuses to "
                            "install it")


def test_a_guard_that_supports_only_one_version_is_read_as_that_series() -> None:
    """huggingface/transformers#15483 (holdout9a, missed blind): transformers' torch.fx check."""
    family, cause, fix, _ = first_in("holdout9a", "transformers-15483.log")
    assert family == "version-guard"
    assert cause == "transformers requires torch==1.9.*; found torch 1.10.0"
    assert fix == "pip install 'torch==1.9.*' (or a release of transformers that accepts torch 1.10.0)"


def test_pkg_resources_version_conflict_printed_over_two_lines() -> None:
    """pypa/setuptools#268 (holdout9a, missed blind): the conflict's tuple, "(Dist 1.3.4 (path)," then
    "Requirement.parse('Dist>=1.5.0'))"."""
    family, cause, _, _ = first_in("holdout9a", "setuptools-268.log")
    assert family == "version-guard"
    assert cause == "the library's own version check requires pastedeploy>=1.5.0; found PasteDeploy 1.3.4"


def test_cudnn_8s_own_could_not_load_library() -> None:
    """AILab-CVC/Make-Your-Video#4 (holdout9b, missed blind): cuDNN 8's loader, one line."""
    family, cause, fix, _ = first_in("holdout9b", "makeyourvideo-4.log")
    assert family == "binary-mismatch"
    assert cause.startswith("a compiled library loads libcudnn_cnn_infer.so.8 at run time, so it was built for cuDNN 8")
    assert fix.startswith('install the cuDNN 8 library it needs: pip install "nvidia-cudnn-cu12==8.*"')


def test_a_name_a_release_dropped_and_a_later_one_brought_back() -> None:
    """OpenBMB/MiniCPM-V#722 (holdout9a, missed blind; its closing quote cut): transformers 4.48.0 lacked
    is_torch_greater_or_equal_than_1_13, which 4.36.0-4.47.1 had and 4.48.3 has again (the atlas: 4.48.1 and 4.48.2
    are not read). Not "4.48.3 added it"."""
    family, cause, fix, _ = first_in("holdout9a", "minicpmv-722.log")
    assert family == "api-mismatch"
    assert cause.endswith("transformers 4.36.0 to 4.47.1 had it, 4.48.0 dropped it and 4.48.3 has it again (the "
                          "releases before 4.36.0 lack it too), so that code was written for another transformers")
    assert fix.startswith('install transformers>=4.48.3 (pip install "transformers>=4.48.3")')


def test_a_name_brought_back_is_told_by_the_side_the_installed_release_is_on() -> None:
    back = atlas.name_change("transformers", "transformers.pytorch_utils", "is_torch_greater_or_equal_than_1_13")
    assert back is not None
    assert back.pin == "transformers>=4.48.3"
    assert back.narrowed("4.48.3") is None
    assert back.narrowed("4.40.0") is None
    in_the_gap = back.narrowed("4.48.0")
    assert in_the_gap is not None
    assert in_the_gap.written_for == "another"
    older = back.narrowed("4.30.0")
    assert older is not None
    assert older.told == "transformers 4.36.0 added it (the releases before it lack it)"
    assert older.pin == "transformers>=4.36.0"


def test_a_module_attribute_read_by_the_users_own_code_is_not_a_release_without_the_atlas() -> None:
    """speechbrain/speechbrain#1568 (holdout10a, a distractor claimed in its blind measurement): the user read
    speechbrain.tokenizers.SentencePiece at the prompt without importing that submodule. An attribute read does not
    import a submodule, so it reads the same as a name a release lacks; speechbrain is not in the atlas."""
    assert found_in("holdout10a", "speechbrain-1568.log") == []


def test_the_users_own_code_asking_for_a_name_a_release_removed_is_told_that_release() -> None:
    """juliancoder/TMTrackNN#14 (holdout10a, missed blind): a script reads np.warnings, which NumPy 1.24 deleted
    (``del sys, warnings`` in its ``__init__``; 1.23.5's keeps it). The atlas reads NumPy's sdists."""
    family, cause, fix, source = first_in("holdout10a", "tmtracknn-14.log")
    assert family == "api-mismatch"
    assert cause == ("the calling code asks for numpy.warnings, which the installed numpy does not have: "
                     "numpy 1.24.0 removed it (1.23.5 is the last release with it), so that code was written for an "
                     "older numpy")
    assert fix == ('install numpy<1.24.0 (pip install "numpy<1.24.0"), or a release of the importing package that '
                   "follows this numpy")
    assert source.startswith("reasoned from the log and the bundled API atlas: the released files of 40 numpy "
                             "releases (1.13.0 to ")


def test_the_users_own_code_asking_for_a_name_only_newer_releases_have_gets_no_answer() -> None:
    """pyranges/ncls#42 (holdout10a's distractor): a just-pushed line called np.astype, which the NumPy of the day
    did not have; NumPy 2 added a function of that name. A name only later releases have may be a slip."""
    assert found_in("holdout10a", "ncls-42.log") == []


def test_a_class_name_outside_the_stack_is_not_taken_as_that_packages_for_an_attribute() -> None:
    """carbonblack/cbapi-python#84 (holdout9a's distractor): cbapi's own Binary model lacks is_signed; NumPy also
    defines a class Binary, which says nothing of whose object it was."""
    assert atlas.owner_of_class("Binary") is None
    assert "numpy" in atlas.owners_of_class("Binary")  # with sqlalchemy's since session 14: no one owner beyond either
    assert found_in("holdout9a", "cbapipython-84.log") == []


def test_a_keyword_of_a_vllm_class_is_told_from_vllms_own_history() -> None:
    """kserve/kserve#4501 (holdout8a, missed blind): KServe passes enable_reasoning to vLLM's OpenAIServingChat,
    which vLLM 0.9.0 no longer takes. vLLM publishes platform wheels only; the atlas reads its sdists."""
    family, cause, fix, _ = first_in("holdout8a", "kserve-4501.log")
    assert family == "api-mismatch"
    assert cause.startswith("OpenAIServingChat.__init__() (vllm.entrypoints.openai.chat_completion.serving) is called "
                            "with the keyword enable_reasoning, which it does not take in the installed vllm: vllm "
                            "0.7.0 lacks it and 0.7.3 has it (a release between them added it); 0.9.0 removed it "
                            "(0.8.5.post1 is the last release with it)")
    assert fix.startswith('install vllm>=0.7.3,<0.9.0 (pip install "vllm>=0.7.3,<0.9.0")')


def test_pip_before_its_resolver_says_has_requirement_and_is_read_as_a_guard() -> None:
    """huggingface/tokenizers#82 (holdout11a, missed blind): pip before 20.3 printed its conflicts in other words."""
    family, cause, fix, _ = first_in("holdout11a", "tokenizers-82.log")
    assert family == "version-guard"
    assert cause == "transformers 2.3.0 requires tokenizers==0.0.11; found tokenizers 0.1.1"
    assert fix == ("pip install 'tokenizers==0.0.11' (or a release of transformers whose requirement the installed "
                   "tokenizers meets)")


def test_a_packages_own_words_for_the_release_that_removed_a_name_are_that_release() -> None:
    """fthedocs#1 (holdout11a, missed blind): NumPy 2.0's own message for an attribute it removed."""
    family, cause, fix, _ = first_in("holdout11a", "fthedocs-1.log")
    assert family == "api-mismatch"
    assert cause == ("NumPy 2.0 removed np.float_, as its own message says: the code that uses it was written for an "
                     "older numpy")
    assert fix == 'install numpy<2.0 (pip install "numpy<2.0"), or update the code that uses it (Use `np.float64` instead.)'


def test_torchs_own_binding_symbols_missing_are_no_abi_answer() -> None:
    """pytorch/extension-cpp#6 (holdout11b's distractor): THPVariableClass is in every torch; the extension was
    imported before torch. A mangled c10 symbol is still an ABI mismatch."""
    assert found_in("holdout11b", "extensioncpp-6.log") == []
    log = "ImportError: /x/site-packages/ext/_C.so: undefined symbol: {}\n"
    assert explain_log(log.format("THPVariableClass"))[0] == []
    found = explain_log(log.format("_ZNK3c1011StorageImpl27throw_data_ptr_access_errorEv"))[0]
    assert [e.hint.family for e in found] == ["extension-abi"]


def test_a_constructors_bare_init_keyword_is_not_told_as_another_packages() -> None:
    """PyLaTeX#22 (holdout11a's distractor): pylatex's own class passes a keyword its own base class does not take;
    Python 3.4 names no class, and a constructor's call of a bare __init__ is most often super().__init__."""
    assert found_in("holdout11a", "pylatex-22.log") == []


def test_pips_releases_passed_over_for_their_requires_python_name_the_python_they_admit() -> None:
    """pip's 'Ignored the following versions that require a different python version' beside the requirement it
    could not meet (printed here, tests/data/pip): the pin is this Python's only where a release passed over meets it."""
    found, _ = explain_log((DATA / "pip" / "requires-python-pin.log").read_text())
    assert (found[0].hint.family, found[0].hint.cause, found[0].hint.fix) == (
        "version-guard",
        "numpy==1.21.6 asks for numpy 1.21.6, whose Requires-Python is <3.11,>=3.7: pip passed over it because this "
        "Python is outside that range, so the pin was written for another Python",
        "run it with a Python in <3.11,>=3.7 (python3.10 is the newest it admits), or pin a release of numpy that "
        "admits this Python")
    nothing_such, _ = explain_log((DATA / "pip" / "requires-python-no-such-release.log").read_text())
    assert all("Requires-Python" not in item.hint.cause for item in nothing_such)  # numpy 1.21.99 was never released


def test_a_cut_list_of_releases_passed_over_for_their_python_names_the_oldest_python_they_admit() -> None:
    family, cause, fix, _ = first_in("holdout11a", "pointnn-22.log")
    assert (family, cause, fix) == (
        "version-guard",
        "pip passed over 33 releases of the requirement because their Requires-Python excludes this Python (0.6.2rc0 "
        "declares >=3.8): this Python is older than 3.8, the oldest any of them admits, so the requirement was "
        "written for another Python",
        "run it with Python 3.8 or newer (a venv made with python3.8) where the releases need it, or pin releases "
        "that still admit this Python")


@pytest.mark.parametrize(("case", "cause", "fix"), [
    ("mteb-4334.log", "mteb's own version check requires transformers==4.42.4; found transformers 5.4.0",
     "pip install 'transformers==4.42.4' (or a release of mteb that accepts the installed transformers)"),
])
def test_a_librarys_own_words_for_the_release_it_needs_are_a_version_guard(case: str, cause: str, fix: str) -> None:
    family, said, told, _ = first_in("holdout10a", case)
    assert (family, said, told) == ("version-guard", cause, fix)


@pytest.mark.parametrize(("line", "cause"), [
    ("RuntimeError: The version of PEFT you are using is not compatible, please use a version that is greater than "
     "0.5.0", "the library's own version check requires peft>0.5.0"),
    ("AssertionError: torch version must be >= 2.1.0", "the library's own version check requires torch>=2.1.0"),
])
def test_a_guard_in_a_librarys_words_names_the_bound(line: str, cause: str) -> None:
    found, _ = explain_log(line + "\n")
    assert found[0].hint.cause == cause


@pytest.mark.parametrize(("group", "case", "cause", "fix"), [
    # pandas.compat._optional's words for an optional dependency below its floor (a warning: pandas goes on)
    ("holdout13a", "geofetch-108.log", "pandas requires numexpr>=2.7.3; found numexpr 2.7.1",
     "pip install 'numexpr>=2.7.3'"),
    # transformers' Trainer on an old bitsandbytes, with the bound
    ("holdout13a", "bitsandbytes-windows-5.log", "the library's own version check requires bitsandbytes>=0.41.1",
     "pip install 'bitsandbytes>=0.41.1'"),
    # transformers' words with no bound: "make sure you have the latest version"
    ("holdout13a", "fast-whisper-finetuning-15.log", "the library's own version check finds the installed "
     "bitsandbytes too old for it (it asks for a newer release, without a bound)", "pip install -U bitsandbytes"),
    # pkg_resources' ContextualVersionConflict: a requirement with extras, and who asks (its third element)
    ("holdout12a", "kubetop-34.log", "txkube requires twisted!=17.1.0; found twisted 17.1.0",
     "pip install 'twisted!=17.1.0' (or a release of txkube whose requirement the installed twisted meets)"),
])
def test_a_floor_in_a_librarys_other_words_is_a_version_guard(group: str, case: str, cause: str, fix: str) -> None:
    family, said, told, _ = first_in(group, case)
    assert (family, said, told) == ("version-guard", cause, fix)


@pytest.mark.parametrize("line", [
    # no direction: "not compatible" alone may be a release too new
    "ValueError: You have a version of `bitsandbytes` that is not compatible with this GPU",
    # the installed release meets the floor the message names
    "UserWarning: Pandas requires version '2.7.3' or newer of 'numexpr' (version '2.8.0' currently installed).",
    # a word that is no package of the stack
    "You are using a version of `mytool` < 1.2.0. Please update.",
])
def test_a_floor_the_log_does_not_show_unmet_is_not_claimed(line: str) -> None:
    found, _ = explain_log(line + "\n")
    assert [item.hint.family for item in found if item.hint.family == "version-guard"] == []


def test_a_word_before_version_that_is_no_package_is_not_read_as_a_librarys_guard() -> None:
    found, _ = explain_log("RuntimeError: CUDA version 11.8 is not compatible with required version 12.1\n")
    assert all("own version check" not in item.hint.cause for item in found)


@pytest.mark.parametrize(("group", "case", "frame", "text"), [
    ("holdout10b", "tcn-67.log", "torch.cuda:_lazy_init", "Torch not compiled with C"),
    ("holdout9b", "realtimemultipersonpose-9.log", "torch.cuda:_check_driver", "Torch not compiled"),
])
def test_a_paste_cut_inside_torchs_raise_of_a_cpu_build_is_a_cpu_build(group: str, case: str, frame: str,
                                                                      text: str) -> None:
    family, cause, _, _ = first_in(group, case)
    assert (family, cause.split(": ")[0]) == (
        "torch-not-cuda", f"torch's CUDA initialisation ({frame}) raised AssertionError(\"{text}...\") (the "
        "traceback is cut before its error, inside the raise line)")


def test_a_paste_cut_inside_another_raise_of_torch_cuda_is_not_read_as_a_cpu_build() -> None:
    log = ('  File "/usr/lib/python3/site-packages/torch/cuda/__init__.py", line 51, in _check_driver\n'
           '    raise AssertionError("Found no NVIDIA driver on your sys\n')
    assert all(item.hint.family != "torch-not-cuda" for item in explain_log(log)[0])


def test_a_model_class_asked_for_a_method_pretrainedmodel_gained_later_names_that_release() -> None:
    """THUDM/ChatGLM-6B#312 (holdout12a, missed blind): ptuning's main.py calls enable_input_require_grads on the
    remote ChatGLM model; PreTrainedModel has it from transformers 4.27.0 (the method index), and the thread's fix is
    the README's transformers 4.27.1."""
    family, cause, fix, _ = first_in("holdout12a", "chatglm6b-312.log")
    assert family == "api-mismatch"
    assert "which the installed transformers does not have: transformers 4.27.0 added it" in cause
    assert fix.startswith('install transformers>=4.27.0 (pip install "transformers>=4.27.0")')


def test_a_class_of_another_shape_asked_for_that_method_without_a_version_gets_no_answer() -> None:
    log = ("Traceback (most recent call last):\n  File \"train.py\", line 3, in <module>\n"
           "    net.enable_input_require_grads()\n"
           "  File \"/usr/lib/python3/site-packages/torch/nn/modules/module.py\", line 1614, in __getattr__\n"
           "    raise AttributeError\n"
           "AttributeError: 'MyNet' object has no attribute 'enable_input_require_grads'\n")
    assert explain_log(log)[0] == []


def test_an_import_errors_message_alone_on_a_line_is_read_as_the_import_error() -> None:
    family, cause, _, _ = first_in("holdout12a", "deepseekocr-302.log")
    assert (family, cause.split(": ")[1]) == (
        "api-mismatch", "transformers 4.34.0 added it and 4.48.0 removed it (4.47.1 is the last release with it), so "
        "that code was written for another transformers")


def test_a_version_written_as_a_tuple_is_read_as_the_dotted_version() -> None:
    family, cause, _, _ = first_in("holdout12a", "mmcv-2236.log")
    assert (family, cause) == ("version-guard", "the library's own version check requires mmcv>=1.3.13,<1.7; found "
                               "mmcv 1.3.9")


def test_nvidia_container_clis_unsatisfied_cuda_names_the_cuda_the_image_needs() -> None:
    family, cause, fix, _ = first_in("holdout12b", "vortex-106.log")
    assert (family, cause) == ("cuda-driver-too-old", "the container image declares that it needs CUDA 10.2 "
                               "(NVIDIA_REQUIRE_CUDA), and the host's NVIDIA driver supports an older CUDA: the NVIDIA "
                               "container runtime refuses to start it")
    assert fix.startswith("upgrade the host's NVIDIA driver to one that supports CUDA 10.2")


def test_a_keyword_a_relay_passes_on_is_told_from_the_classs_own_history() -> None:
    """linkedin/Liger-Kernel#487 (holdout3): transformers' deprecation wrapper relays SFTTrainer's keywords; the
    class's history (trl's atlas) names the release that dropped max_seq_length, not the relay."""
    family, cause, fix, _ = first_in("holdout3", "ligerkernel-487.log")
    assert family == "api-mismatch"
    assert cause == ("SFTTrainer.__init__() (trl.trainer.sft_trainer) is called with the keyword max_seq_length, "
                     "which it does not take in trl 0.13.0: trl 0.13.0 removed it (0.12.2 is the last release with "
                     "it), so the calling code (or the saved file whose settings it passes) was written for an older "
                     "trl")
    assert fix.startswith('install trl<0.13.0 (pip install "trl<0.13.0")')


def test_a_class_several_packages_define_is_the_one_whose_frames_the_log_shows() -> None:
    """Image is Pillow's, gradio's, torchvision's and datasets' class; gradio 3 also had namesakes in gradio.inputs
    and gradio.outputs that disagree on source=: the one on gradio.components.image's line is followed."""
    home, change = keyword_history.keyword_change("gradio", "Image", "__init__", "source") or ("", None)
    assert home == "gradio.components.image"
    assert change is not None
    assert change.told == "gradio 4.0.0 removed it (3.50.2 is the last release with it)"
    assert atlas.owner_of_class("Image", beyond_the_stack=True) == "datasets"  # no frames: the stack's, as before
    assert atlas.owner_of_class("Image", beyond_the_stack=True, seen=frozenset({"gradio", "numpy"})) == "gradio"


def test_a_torch_name_a_release_added_is_answered_with_that_release() -> None:
    found, _ = explain_log("AttributeError: module 'torch' has no attribute 'compiler'\n")
    assert [(e.hint.family, e.hint.cause, e.hint.fix) for e in found] == [(
        "api-mismatch",
        "the code that imports it asks for torch.compiler, which the installed torch does not have: torch 2.1.0 "
        "added it (the releases before it lack it), so that code was written for a newer torch",
        'install torch>=2.1.0 (pip install "torch>=2.1.0"), or a release of the importing package that follows '
        "this torch")]


def test_a_packages_cffi_backend_missing_is_no_release_answer() -> None:
    """stepjam/PyRep#5 (holdout13a's distractor): run from the source folder, the uncompiled checkout shadows the
    installed package and its cffi backend is missing; no release lacks it."""
    assert found_in("holdout13a", "PyRep-5.log") == []


def test_a_variable_symbol_quoted_with_no_library_is_no_abi_answer() -> None:
    """lufficc/SSD#125 (holdout13b's distractor): at::UndefinedTensorImpl::_singleton missing, the extension imported
    before torch; a function symbol, or a variable with its library named, is still an ABI mismatch."""
    assert found_in("holdout13b", "ssd-125.log") == []
    assert [e.hint.family for e in found_in("holdout5", "gptneox-1079.log")] == ["extension-abi"]


def test_a_cuda_driver_api_symbol_missing_is_the_driver_too_old() -> None:
    """vllm-project/vllm#11623 (holdout13b, a false claim blind): vLLM's _C misses cuTensorMapEncodeTiled, a function
    of the CUDA 12 driver API, on a driver for CUDA 11.4: the driver, not torch's ABI."""
    family, cause, _, _ = first_in("holdout13b", "vllm-11623.log")
    assert family == "cuda-driver-too-old"
    assert cause == ("the extension calls the CUDA driver's cuTensorMapEncodeTiled, which the installed NVIDIA "
                     "driver's libcuda.so lacks: the driver is older than the CUDA the extension was built for")


def test_a_version_a_message_gives_as_history_is_not_the_installed_one() -> None:
    """BeatNet#26 (holdout13a, missed blind): NumPy 1.24's own message says "The aliases was originally deprecated in
    NumPy 1.20", which was read as the installed numpy (1.20 has np.float, so no answer)."""
    family, cause, fix, _ = first_in("holdout13a", "BeatNet-26.log")
    assert family == "api-mismatch"
    assert cause == ("NumPy 1.24 removed np.float, an alias of the builtin float, as its own message says: the code "
                     "that uses it was written for an older numpy")
    assert fix.startswith('install numpy<1.24 (pip install "numpy<1.24")')


def test_numpy_s_expired_alias_is_told_by_its_own_words_not_by_the_alias_numpy_2_brought_back() -> None:
    """BraUNet++#6 (survey16a): np.bool under NumPy 1.24-1.26; NumPy 2.0 has np.bool again (its own scalar type),
    so the atlas alone read it as a name a newer numpy added. NumPy's message, read as one with its second line,
    names the alias and the builtin."""
    family, cause, fix, source = first_in("survey16a", "braunetplusplus-6.log")
    assert (family, cause) == ("api-mismatch", "NumPy 1.24 removed np.bool, an alias of the builtin bool, as its own "
                               "message says: the code that uses it was written for an older numpy")
    assert fix == ('install numpy<1.24 (pip install "numpy<1.24"), or change np.bool to bool in the code that uses it '
                   "(or a release of its package that did)")
    assert source == ("reasoned from the log: NumPy's own message for an alias its 1.24.0 release removed (the 1.24.0 "
                      "release notes: expired deprecations)")


def test_a_removed_name_a_checkouts_function_reads_is_answered() -> None:
    """StereoscoPy#7 (holdout13a, missed blind): a function of the project's own checkout reads PIL.Image.ANTIALIAS,
    which Pillow 10.0.0 removed; as for a script's frame, a removal the atlas shows is answered."""
    family, cause, _, _ = first_in("holdout13a", "StereoscoPy-7.log")
    assert family == "api-mismatch"
    assert cause == ("the calling code asks for PIL.Image.ANTIALIAS, which the installed pillow does not have: pillow "
                     "10.0.0 removed it (9.5.0 is the last release with it), so that code was written for an older "
                     "pillow")


def test_a_remote_tokenizer_failing_inside_the_base_init_is_the_init_order_transformers_434_changed() -> None:
    """salesforce/CodeGen#82 (holdout12a): the paste ends inside the traceback, in the base class's __init__ the
    repository's tokenizer called; transformers 4.34.0's PreTrainedTokenizer.__init__ calls self._add_tokens."""
    family, cause, fix, _ = first_in("holdout12a", "codegen-82.log")
    assert (family, cause, fix) == (
        "remote-code-mismatch",
        "the model repository's tokenizer (Salesforce/codegen25-7b-mono, tokenization_codegen25.py, loaded with "
        "trust_remote_code) calls super().__init__() before it sets up its vocabulary, and the base class's __init__ "
        "in the installed transformers (4.34.0 and later) calls the tokenizer's own methods (_add_tokens, get_vocab): "
        "the tokenizer was written for transformers before 4.34",
        "update the tokenizer's code to the repository's current revision (from_pretrained(..., revision=\"main\", "
        "force_download=True)), or pip install 'transformers<4.34'")
    older = (FAMILIES.parent / "holdout12a" / "codegen-82.log").read_text(encoding="utf-8") + "transformers 4.33.3\n"
    assert all("before 4.34" not in item.hint.cause for item in explain_log(older)[0])


def test_a_missing_module_whose_closing_quote_the_paste_lost_is_still_read() -> None:
    """songyouwei/ABSA-PyTorch#172 (holdout13a): the markdown ate the closing quote."""
    family, cause, _, _ = first_in("holdout13a", "ABSA-PyTorch-172.log")
    assert (family, cause) == (
        "api-mismatch", "the code that imports it asks for the module transformers.modeling_bert, which the installed "
        "transformers does not have: transformers 4.0.0 removed it (3.5.1 is the last release with it), so that code "
        "was written for an older transformers")


def test_cmake_finding_no_cuda_compiler_is_a_build_without_the_toolkit() -> None:
    """PointGroup#5 (holdout13b): CMake's project(... CUDA) with no nvcc to identify."""
    family, cause, fix, _ = first_in("holdout13b", "pointgroup-5.log")
    assert (family, cause, fix) == (
        "extension-build",
        "building the extension needs the CUDA toolkit (nvcc), and none was found (CUDA_HOME unset, no nvcc on PATH)",
        "install the CUDA toolkit of torch's CUDA major and set CUDA_HOME to it (for CMake: "
        "CUDACXX=/usr/local/cuda/bin/nvcc, or -DCMAKE_CUDA_COMPILER=<its path>), or install a prebuilt wheel of the "
        "extension for this torch and CUDA")


def test_a_bare_missing_torch_where_pip_failed_getting_build_requirements_is_build_isolation() -> None:
    """deepbeepmeep/Wan2GP#1732 (holdout12b): the installer prints the import error without its traceback, then
    pip's "Failed to build ... when getting requirements to build editable"."""
    family, cause, fix, _ = first_in("holdout12b", "wan2gp-1732.log")
    assert (family, cause, fix) == (
        "extension-build",
        "the package's build imports torch (its setup.py), but pip builds it in an isolated environment that does "
        "not have torch",
        "install torch first, then the package with: pip install --no-build-isolation <package> (or a prebuilt "
        "wheel of it)")
    found, _ = explain_log("ModuleNotFoundError: No module named 'torch'\n")  # no build in the log: not a build's
    assert [item.hint.family for item in found if item.hint.family == "extension-build"] == []


@pytest.mark.parametrize(("log", "cause", "fix"), [
    ("uv-no-solution.log",
     "uv found no versions that meet all the requirements: transformers 4.40.0 requires tokenizers>=0.19,<0.20, and "
     "the requirements ask for tokenizers==0.15.0; no release of tokenizers meets both",
     "let tokenizers follow transformers 4.40.0 ('tokenizers>=0.19,<0.20'), or ask for a release of transformers "
     "whose requirement admits tokenizers==0.15.0"),
    ("uv-no-solution-one-of.log",
     "uv found no versions that meet all the requirements: transformers 4.30.0 requires tokenizers>=0.11.1,<0.11.3, "
     "and the requirements ask for tokenizers==0.15.0; no release of tokenizers meets both",
     "let tokenizers follow transformers 4.30.0 ('tokenizers>=0.11.1,<0.11.3'), or ask for a release of transformers "
     "whose requirement admits tokenizers==0.15.0"),
])
def test_uvs_resolver_derivation_names_the_package_two_askers_bound_apart(log: str, cause: str, fix: str) -> None:
    """uv's own output (tests/data/pip/README.md): its derivation is wrapped and indented under one headline."""
    found, _ = explain_log((DATA / "pip" / log).read_text())
    assert (found[0].hint.family, found[0].hint.cause, found[0].hint.fix) == ("version-guard", cause, fix)


def test_uvs_tree_pasted_from_a_docker_build_is_read_whole() -> None:
    """torch-spyre/sendnn-inference#145 (holdout6): BuildKit's "#24 5.773" column, the tree's "╰─▶", two
    packages' dependencies on torch that do not meet."""
    family, cause, fix, _ = first_in("holdout6", "sendnninference-145.log")
    assert (family, cause, fix) == (
        "version-guard",
        "uv found no versions that meet all the requirements: fms-model-optimizer 0.2.0 requires torch>=2.1,<2.5, and "
        "vllm>=0.8.5 requires torch==2.6.0; no release of torch meets both",
        "ask for releases of fms-model-optimizer and vllm whose requirements on torch overlap, or install them in "
        "separate environments")


@pytest.mark.parametrize(("case", "cause"), [
    ("numba-10033.log", "numba requires numpy<2.2 (its own words: NumPy 2.1 or less); found NumPy 2.2"),
    # no "Got": the only NumPy version the log shows is the bound itself, not the one installed
    ("sipann-25.log", "numba requires numpy<1.23 (its own words: NumPy 1.22 or less)"),
])
def test_a_bound_whose_direction_is_in_words_is_a_version_guard(case: str, cause: str) -> None:
    family, said, fix, _ = first_in("holdout14a", case)
    assert (family, said) == ("version-guard", cause)
    assert fix.startswith("pip install 'numpy<")


@pytest.mark.parametrize(("group", "case", "cause"), [
    # torch 1.x's old_gpu_warn, the path before it a Windows one (its "UserWarning:" ends the line)
    ("holdout14b", "pytorch-16712.log", "this GPU (GeForce GTX 670M, compute capability 2.1) is older than the "
                                        "oldest arch the installed build carries: there is no kernel image for it"),
    ("holdout14b", "stablediffusionwebui-3003.log", "this GPU (NVIDIA GTX TITAN Black, compute capability 3.5) is "
     "older than the oldest arch the installed build carries: there is no kernel image for it"),
])
def test_torchs_warning_for_a_gpu_too_old_names_the_gpu(group: str, case: str, cause: str) -> None:
    family, said, fix, _ = first_in(group, case)
    assert (family, said) == ("no-kernel-image", cause)
    assert fix.startswith("no torch build of the CUDA lines published now carries sm_")  # cu126 starts at sm_50


@pytest.mark.parametrize(("log", "cause", "fix"), [
    ("old-gpu-2.13.log", "this GPU (Tesla P100-PCIE-16GB, compute capability 6.0) is older than the oldest arch the "
     "installed build carries: there is no kernel image for it", "install a build that still carries sm_60: for "
     "torch, a cu126 build"),
    ("oldest-gpu-2.13.log", "this GPU (Tesla K80, compute capability 3.7) is older than the oldest arch the installed "
     "build carries: there is no kernel image for it", "no torch build of the CUDA lines published now carries sm_37"),
])
def test_torch_213s_words_for_a_gpu_its_build_lacks_are_read(log: str, cause: str, fix: str) -> None:
    """torch 2.13.0's own warning (tests/data/torch/README.md); its advice, "pip install torch==2.13.0
    --index-url ...", is no library's requirement on torch."""
    found, _ = explain_log((DATA / "torch" / log).read_text())
    assert [(item.hint.family, item.hint.cause) for item in found] == [("no-kernel-image", cause)]
    assert found[0].hint.fix.startswith(fix)


def test_xformers_build_report_whose_first_line_the_paste_lost_is_still_read() -> None:
    family, cause, _, _ = first_in("holdout14b", "ltxdesktop-23.log")
    assert (family, cause) == (
        "extension-abi", "xFormers's compiled extensions were built for PyTorch 2.9.0+cu128, and torch "
        "2.10.0+cu128 is installed: they do not load (its slower pure-Python paths, or none, are used)")


def test_an_old_pythons_import_error_takes_its_module_from_the_source_line() -> None:
    """ThilinaRajapakse/simpletransformers#59 (holdout14a): before Python 3.7 the message names no module; IPython's
    "---> 30 from transformers import AdamW, WarmupLinearSchedule" does."""
    family, cause, _, _ = first_in("holdout14a", "simpletransformers-59.log")
    assert (family, cause) == (
        "api-mismatch", "the code that imports it asks for the name WarmupLinearSchedule from transformers, which the "
        "installed transformers does not have: transformers 2.2.0 removed it (2.1.1 is the last release with it), so "
        "that code was written for an older transformers")


def test_python_2s_module_attribute_error_takes_its_module_from_the_source_line() -> None:
    """holdout10a's sotapy#2: "'module' object has no attribute 'umr_sum'" under a line that reads
    numpy.core._methods.umr_sum (a script's, so no release answer: the reading is what is held here)."""
    from pytest_autoglm_compat.knowledge.generic.api import asked
    from pytest_autoglm_compat.knowledge.logs import read

    reading = read((FAMILIES.parent / "holdout10a" / "sotapy-2.log").read_text(encoding="utf-8"))
    shape = asked(reading.failures[-1])
    assert shape is not None
    assert (shape.owner, shape.module, shape.name) == ("numpy", "numpy.core._methods", "umr_sum")


def test_a_cuda_device_refused_beside_a_cpu_torch_is_a_cpu_only_build() -> None:
    """ogkalu2/comic-translate#224 (holdout14b): ultralytics' own device check, under its banner naming
    torch-2.6.0+cpu."""
    family, cause, _, _ = first_in("holdout14b", "comictranslate-224.log")
    assert (family, cause) == (
        "torch-not-cuda", "the installed torch 2.6.0+cpu is a CPU-only build, so the CUDA device asked for does not "
        "exist for it (torch.cuda.is_available() is False whatever GPU the machine has)")
    cuda_torch = "torch 2.6.0+cu124\nRuntimeError: No CUDA GPUs are available\n"  # a CUDA build: another cause
    assert all(item.hint.family != "torch-not-cuda" for item in explain_log(cuda_torch)[0])


@pytest.mark.parametrize("case", ["pytorch-759.log", "facealignment-170.log"])
def test_pip_building_torch_itself_from_source_is_a_missing_wheel(case: str) -> None:
    """pytorch/pytorch#759 (old pip's 'Command "python setup.py egg_info" failed ... /torch') and
    1adrianb/face-alignment#170 ("Running setup.py install for torch: finished with status 'error'")."""
    family, cause, _, _ = first_in("holdout14b", case)
    assert (family, cause) == (
        "binary-mismatch", "pip found no torch wheel for this Python and platform and fell back to building torch "
        "from its source distribution, which does not build that way (PyPI's torch sdist is a placeholder; torch is "
        "installed from its wheels)")


def test_a_module_built_for_numpy_1_under_numpy_2_is_told_by_its_dtype_size() -> None:
    """pandas 2.0.3 imported under NumPy 2.2.0, printed here (tests/data/numpy/README.md): Cython's check says
    "Expected 96 from C header, got 88": 96 is NumPy 1.x's dtype, 88 NumPy 2's (the bigger header is the older
    NumPy, so the sizes alone do not give the direction)."""
    found, _ = explain_log((DATA / "numpy" / "pandas-2.0.3-numpy-2.2.0.log").read_text())
    assert (found[0].hint.family, found[0].hint.cause, found[0].hint.fix) == (
        "extension-abi", "a compiled module was built against NumPy 1.x, and NumPy 2.x is installed: NumPy 2 changed "
        "the ABI, so it cannot load (the traceback above the message names the module)",
        "pip install 'numpy<2', or upgrade the module to a release built for NumPy 2 (its release notes say from "
        "which)")


def test_protobufs_refusal_of_old_generated_code_names_both_fixes() -> None:
    """googleapis-common-protos 1.52.0 under protobuf 4.25.3, printed here (tests/data/numpy/README.md)."""
    found, _ = explain_log((DATA / "protobuf" / "googleapis-common-protos-1.52.0-protobuf-4.25.3.log").read_text())
    assert found[0].hint.family == "version-guard"  # protobuf's own check of the protoc (session 17)
    assert found[0].hint.cause.startswith("a package's generated protobuf code (_pb2.py) was made by a protoc older "
                                          "than 3.19.0")
    assert found[0].hint.fix.startswith("pip install 'protobuf<=3.20.3'")


@pytest.mark.parametrize("case", [
    "neuralrenderer-17.log",  # the package's own checkout imports its uncompiled part: not another release's
    "sltpyexample-3.log",  # "'shapes' is not a package": an unrelated module of that name shadows the package
])
def test_a_missing_submodule_a_shadowing_module_or_checkout_explains_is_not_claimed(case: str) -> None:
    """holdout15a's distractors, claimed as collected."""
    assert [item.hint.family for item in found_in("holdout15a", case)] == []


def test_a_librarys_cpu_fallback_where_cuda_did_not_start_is_not_a_second_cause() -> None:
    """huggingface/peft#1050 (holdout15b): the driver is too old; bitsandbytes then warns it "was compiled without GPU
    support", which followed from it."""
    assert [item.hint.family for item in found_in("holdout15b", "peft-1050.log")] == ["cuda-driver-too-old"]


@pytest.mark.parametrize(("case", "cause"), [
    ("gcbfplus-1.log", "the installed jaxlib was built against cuDNN 8.9.6, and cuDNN 8.6.0 is older: JAX's CUDA "
                       "backend does not start (it falls back to the CPU)"),
    ("rfdiffusion-208.log", "the installed jaxlib was built against CUDA 12.2, and CUDA 12.1 is older: JAX's CUDA "
                            "backend does not start (it falls back to the CPU)"),
    # JAX's later words, a line per fact, under a log line ending "issues with CUDA components:"
    ("jaxfeedstock-149.log", "the installed jaxlib needs cuDNN 9.1.0 or newer, and cuDNN 8.9.7 is older: JAX's CUDA "
                             "backend does not start (it falls back to the CPU)"),
])
def test_jaxs_check_of_the_cuda_libraries_it_loads_names_both_versions(case: str, cause: str) -> None:
    family, said, _, _ = first_in("holdout15b", case)
    assert (family, said) == ("binary-mismatch", cause)


def test_torchs_old_gpu_warning_printed_as_bare_lines_is_read_with_the_gpu_line() -> None:
    """w-okada/voice-changer#447 (holdout15b): the three lines of the warning without "UserWarning:" above them."""
    family, cause, _, _ = first_in("holdout15b", "voicechanger-447.log")
    assert (family, cause) == ("no-kernel-image", "this GPU (GeForce GT 720, compute capability 3.5) is older than the "
                               "oldest arch the installed build carries: there is no kernel image for it")


def test_a_packages_own_python_floor_is_a_version_guard() -> None:
    """jianhuupenn/SpaGCN#59 (holdout15a): "RuntimeError: Python version >= 3.8 required."."""
    family, cause, fix, _ = first_in("holdout15a", "spagcn-59.log")
    assert (family, cause, fix) == (
        "version-guard", "the package's own check requires Python >=3.8, and this Python is older",
        "run it with Python 3.8 or newer (a venv made with python3.8), or a release of the package that still admits "
        "this Python")


def test_a_remote_model_class_whose_config_class_is_transformers_own_is_remote_code() -> None:
    """MAGICS-LAB/DNABERT_2#49 (holdout15a): the Auto class names both config classes, the second a model
    repository's."""
    family, cause, _, _ = first_in("holdout15a", "dnabert2-49.log")
    assert family == "remote-code-mismatch"
    assert cause.startswith("the model repository's code (zhihan1996/DNABERT-2-117M, loaded with trust_remote_code) "
                            "declares a model class whose config_class is transformers' own config class")


@pytest.mark.parametrize(("group", "case", "versions"), [
    ("holdout15b", "ultra-8.log", "none"),  # the cu118 index on a Mac (the log does not show the Mac)
    ("holdout15b", "dibr-13.log", "0.1.2, 0.1.2.post1, 0.1.2.post2"),  # PyPI's placeholders only: a 32-bit Python
])
def test_pip_finding_no_torch_wheel_is_a_binary_for_another_python_or_platform(group: str, case: str,
                                                                               versions: str) -> None:
    family, cause, _, _ = first_in(group, case)
    assert family == "binary-mismatch"
    assert f"for this Python and platform (from versions: {versions})" in cause


def test_pip_finding_no_torch_wheel_where_the_index_was_not_reached_is_not_claimed() -> None:
    log = ("WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection "
           "broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object>: Failed to "
           "establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/torch/\n"
           "ERROR: Could not find a version that satisfies the requirement torch==2.1.0 (from versions: none)\n")
    assert [item.hint.family for item in explain_log(log)[0] if item.hint.family == "binary-mismatch"] == []


def test_a_multi_line_import_whose_names_the_traceback_does_not_show_still_names_its_module() -> None:
    """WasifurRahman/BERT_multimodal_transformer#20 (holdout15a): "from transformers.modeling_utils import (" is the line
    Python shows for a statement that goes on below."""
    family, cause, _, _ = first_in("holdout15a", "bertmultimodaltransformer-20.log")
    assert family == "api-mismatch"
    assert cause.startswith("the code that imports it asks for the name find_pruneable_heads_and_indices from "
                            "transformers.modeling_utils, which the installed transformers does not have: transformers "
                            "3.0.0 added it and 4.56.0 removed it")


def test_a_model_type_newer_than_the_transformers_the_log_names_is_answered_from_the_atlas() -> None:
    """InternLM/lmdeploy#1220 (holdout15a): gemma under transformers 4.37.1; holdout10a's distractor
    miaoshoutagger#25 (florence2, code outside transformers first: an old download of the model's files): no answer.
    Told as api-mismatch since session 48 (the collectors' label of 14 such logs in 16)."""
    family, cause, fix, _ = first_in("holdout15a", "lmdeploy-1220.log")
    assert (family, cause, fix) == (
        "api-mismatch", "the checkpoint's model type gemma has no code in transformers 4.37.1: transformers 4.38.0 "
        "added it (the releases before it lack it)", "pip install -U 'transformers>=4.38.0'")
    assert found_in("holdout10a", "miaoshoutagger-25.log") == []
