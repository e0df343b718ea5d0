"""Readings session 24 mended after holdout59 was measured, each held to a real log's answer, the look-alikes they must
leave alone, and the speed-ups' answers held equal to the plain readings they replace."""

from __future__ import annotations

import dataclasses

import pytest

from pytest_autoglm_compat.knowledge.failure import LOG_LINE, Failure
from pytest_autoglm_compat.knowledge.generic.stdlib import python_of
from pytest_autoglm_compat.knowledge.logs import explain_log
from pytest_autoglm_compat.knowledge.notices import passed_notices
from real_answers import REAL, answered, answers, first


def test_a_librarys_kernel_refusing_the_gpu_is_told_as_its_build_for_other_gpus() -> None:
    assert first("holdout59b", "ComfyUI-nunchaku-234.log") == (
        "no-kernel-image",
        "a library's compiled kernel says it does not support this GPU: the kernels its build carries are for other "
        "GPU architectures (most often newer ones); the CUDA errors after it follow from that",
        "run the model on a GPU the kernel supports (its README's GPU list: FP8 and some low-bit kernels need a newer "
        "GPU), or the library's path for this GPU where it has one (float16 instead of bfloat16 before Ampere, another "
        "quantization, a build for this GPU's architecture)")


def test_the_kernel_reading_names_the_gpu_the_log_shows() -> None:
    log = ("Found GPU0 Tesla T4 which is of cuda capability 7.5.\n"
           "This kernel is not supported on your GPU\n")
    assert answered(log)[0].startswith("a library's compiled kernel says it does not support this GPU (Tesla T4, "
                                       "compute capability 7.5):")


def test_an_op_namespace_missing_its_op_is_the_librarys_load_not_torchs_api() -> None:
    # FBGEMM#2715: the loader's undefined symbol is the answer; the op its .so did not register is no second claim
    found = answers("holdout59b", "FBGEMM-2715.log")
    assert [family for family, _, _ in found] == ["extension-abi"]


@pytest.mark.parametrize("text", [
    # torch.ops' namespace asked for an op: no class's attribute of torch's, whichever package asks
    "AttributeError: '_OpNamespace' 'vllm' object has no attribute 'flash_attn_with_kvcache'",
    "Traceback (most recent call last):\n  File \"/env/lib/python3.10/site-packages/fbgemm_gpu/docs/ops.py\", line 14,"
    " in <module>\n    torch.ops.fbgemm.jagged_2d_to_dense,\n  File \"/env/lib/python3.10/site-packages/torch/_ops.py\","
    " line 1131, in __getattr__\n    raise AttributeError(\nAttributeError: '_OpNamespace' 'fbgemm' object has no "
    "attribute 'jagged_2d_to_dense'",
    # the user's own install command at a shell prompt, then pip installing what it asked for
    "(env) [u@host ~/local]$ with-proxy pip install torchao==0.13.0 --extra-index-url "
    "https://download.pytorch.org/whl/test/cu128\nCollecting torchao==0.13.0\nInstalling collected packages: torchao\n"
    "Successfully installed torchao-0.13.0+cu128\n(env) [u@host ~/local]$ python -c \"import torchao\"",
    "user@box:~$ sudo pip3 install transformers==4.40.0\nSuccessfully installed transformers-4.40.0",
    "!pip install peft==0.10.0\nSuccessfully installed peft-0.10.0",
    # the kernel's words about something else than the GPU
    "This kernel is not supported on your platform",
])
def test_look_alikes_of_the_mends_get_no_answer(text: str) -> None:
    assert answered(text) == []


def test_a_librarys_advice_to_install_a_release_is_still_its_guard() -> None:
    # "To fix: pip install trl>=0.4.7" (LLaMA-Factory's check) is no shell prompt
    assert first("holdout45a", "LlamaFactory-231.log")[0] == "version-guard"


HOLDOUT60_MENDS = [
    ("holdout60a", "efficiency-nodes-comfyui-149.log", "api-mismatch",
     "the custom node efficiency-nodes-comfyui asks ComfyUI's own code for the name wrap_model from comfy.samplers, "
     "which this ComfyUI checkout does not have: the custom node and ComfyUI are from versions that do not fit "
     "(ComfyUI changes its internal API between commits, and its custom nodes follow it)",
     "update ComfyUI (git pull in ComfyUI's folder, or ComfyUI-Manager's Update ComfyUI; the portable build's "
     "update/update_comfyui.bat) and the custom node to their current versions; where the custom node is no longer "
     "maintained, use a version of ComfyUI from before the change, or a maintained fork of the custom node"),
    ("holdout60a", "custom-diffusion-webui-11.log", "api-mismatch",
     "the extension custom-diffusion-webui asks stable-diffusion-webui's own code for "
     "modules.ui_extra_networks.intialize, which this stable-diffusion-webui checkout does not have: the extension "
     "and stable-diffusion-webui are from versions that do not fit (stable-diffusion-webui changes its internal API "
     "between commits, and its extensions follow it)",
     "update stable-diffusion-webui (git pull in the webui's folder) and the extension to their current versions; "
     "where the extension is no longer maintained, use a version of stable-diffusion-webui from before the change, or "
     "a maintained fork of the extension"),
    ("holdout60b", "ComfyUI-Easy-Install-33.log", "no-kernel-image",
     "the library's installed build has no SM89 kernels, the code path it chose for this GPU: the wheel was built "
     "without them, or for another torch and CUDA than the ones installed",
     "reinstall the library from a build for this GPU and the installed torch and CUDA (its wheel for this torch, or "
     "built from source on this machine), or run without it (the fallback the log names)"),
    ("holdout60b", "TensorRT-LLM-23.log", "cuda-driver-too-old",
     "the NVIDIA container was built for driver 535.86 or later, and the host's driver is 510.85.02: older, and the "
     "container's CUDA forward-compatibility mode is unavailable on this machine (NVIDIA supports it on data center "
     "GPUs), so CUDA cannot start in it",
     "upgrade the host's NVIDIA driver to 535.86 or later, or use an older release of the container built for a CUDA "
     "the 510.85.02 driver supports (NVIDIA's container release notes list each one's driver)"),
    ("holdout60b", "flash-attention-21.log", "extension-build",
     "the host compiler crashed on the package's source (an internal compiler error: a bug of that compiler release, "
     "not of the code), so the build failed",
     "build with another release of the compiler (a newer GCC the CUDA toolkit supports: CC/CXX, or conda's "
     "gxx_linux-64 and gcc_linux-64), or install a prebuilt wheel of the package for this torch and CUDA"),
]


@pytest.mark.parametrize(("group", "log", "family", "cause", "fix"), HOLDOUT60_MENDS)
def test_holdout60s_readings_give_their_whole_answers(group: str, log: str, family: str, cause: str, fix: str) -> None:
    assert first(group, log) == (family, cause, fix)


@pytest.mark.parametrize("text", [
    # a node's own module run outside ComfyUI: the host's API is not on the path at all
    "Traceback (most recent call last):\n  File \"/home/u/ComfyUI/custom_nodes/foo/test.py\", line 1, in <module>\n"
    "    import comfy\nModuleNotFoundError: No module named 'comfy'",
    # a custom node lacking a pip package, not ComfyUI's code
    "Cannot import /home/u/ComfyUI/custom_nodes/foo module for custom nodes: No module named 'einops_extra'",
    # a webui extension asking a package of its own folder's name that is no webui module
    "Error loading script: x.py\nTraceback (most recent call last):\n  File \"/sd/stable-diffusion-webui/extensions/x/"
    "scripts/x.py\", line 3, in <module>\n    import mylib\nAttributeError: module 'mylib' has no attribute 'y'",
    # an NGC container whose compatibility mode runs it on the older driver
    "WARNING: This container was built for NVIDIA Driver Release 530.30 or later, but\n"
    "         version 470.57 was detected and compatibility mode is enabled.",
    # GCC's crash words inside a raised exception's message are no build's output
    "RuntimeError: internal compiler error: in f, at g.c:1",
])
def test_look_alikes_of_holdout60s_readings_get_no_answer(text: str) -> None:
    assert answered(text) == []


def test_the_false_claims_of_holdout59_are_no_claims() -> None:
    assert answers("holdout59b", "ao-2901.log") == []


@pytest.mark.parametrize(("text", "python"), [
    ("/home/u/.conda/envs/x/lib/python3.11/site-packages/torch/_ops.py", "3.11"),
    ("C:\\Users\\u\\AppData\\Local\\Programs\\Python\\Python310\\lib\\site-packages\\torch", "3.10"),
    ("C:\\PYTHON39\\lib\\site-packages\\numpy", "3.9"),
    ("/usr/lib/python3.8/ and /usr/lib/python3.10/", None),  # two Pythons: none
    ("python3.10 -m pip install torch", None),  # a command, not a folder
    ("Python 3.10.9 (tags/v3.10.9:1dd9be6, Dec  6 2022, 20:01:21) [MSC v.1934 64 bit (AMD64)]", "3.10"),
])
def test_python_of_reads_the_folders_and_the_banner(text: str, python: str | None) -> None:
    assert python_of(text) == python
    assert python_of(text, text.lower()) == python


def test_passed_notices_asked_of_some_failures_answers_as_asked_of_all() -> None:
    warned = Failure((LOG_LINE,), "libprotobuf WARNING google/protobuf/x.cc: supports using Python ops for all")
    numpy = Failure((LOG_LINE,), "UserWarning: Failed to initialize NumPy: _ARRAY_API not found")
    echo = Failure((LOG_LINE,), "This script does not work on Python 3.7")
    raised = dataclasses.replace(Failure.from_name("builtins.KeyError", "'model'"), raised_in="train",
                                 frames=("train:<module>",))
    failures = [warned, numpy, echo, raised]
    text = "\n".join(f.message for f in failures)
    every = passed_notices(failures, text)
    assert every == {warned, numpy, echo}
    for asked in ([warned], [numpy, raised], [echo], [raised], []):
        assert passed_notices(failures, text, asked) == every & set(asked)


REVIEW = REAL.parent / "review24" / "inputs"


def review_families(name: str) -> list[str]:
    found, _ = explain_log((REVIEW / f"{name}.log").read_text(encoding="utf-8"))
    return [item.hint.family or "" for item in found]


@pytest.mark.parametrize("name", [
    # the second reader's false claims of the session's readings, mended: Python's own sign that the module found is
    # not the host's (a file shadowing it, a circular import, a path in a plugin's or a package's folder)
    "comfy-nodes-notpkg-01", "comfy-nodes-shadow-01", "comfy-sitepkg-comfy-01", "webui-ownmodules-02",
    "webui-partial-01", "tgw-pip-modules-01",
    # a project's own webui.py run under VS Code's debugger (its extensions folder is no webui's)
    "vscode-modules-01",
    # Forge removed parts of the webui's API on purpose: no version fits
    "forge-hijack-01", "forge-hijack-02",
    # an extension's own scripts and extensions folders, asked as if pip packages (older than the session)
    "webui-scripts-shadow-01", "webui-civitai-own-01",
    # an NGC container on a driver newer than it needs; GCC killed by the OOM killer; a notice the run went past
    "ngc-newer-driver-01", "ice-oom-01", "ice-oom-02", "sage-fallback-oom-01",
])
def test_the_second_readers_false_claims_are_no_claims(name: str) -> None:
    assert review_families(name) == []


@pytest.mark.parametrize(("name", "family"), [
    ("guard-nextline-cmd-01", "version-guard"),  # a library's advice on a line of its own is no shell prompt
    ("msvc-ice-01", "extension-build"),  # MSVC's C1001
    ("comfy-ldm-attr-01", "api-mismatch"),
    ("webui-pathsinternal-01", "api-mismatch"),
    ("ngc-01", "cuda-driver-too-old"),
])
def test_the_second_readers_right_answers_and_misses_are_answered(name: str, family: str) -> None:
    assert review_families(name)[:1] == [family]


def test_a_library_s_sm_kernels_are_the_path_it_chose_not_the_gpu_s_arch() -> None:
    found, _ = explain_log((REVIEW / "sm89-5090-01.log").read_text(encoding="utf-8"))
    assert found[0].hint.cause == ("the library's installed build has no SM89 kernels, the code path it chose for this "
                                   "GPU: the wheel was built without them, or for another torch and CUDA than the "
                                   "ones installed")
