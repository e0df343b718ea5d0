"""Readings holdout18's misses and false claims (tests/data/real/holdout18*.toml, measured blind in session 14 on
d5c8a3c, training data since) showed the engine lacked: each held to its real log's answer."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.failure import Failure
from pytest_autoglm_compat.knowledge.generic import reason
from pytest_autoglm_compat.knowledge.loader_errors import explain_load_error
from pytest_autoglm_compat.knowledge.log_prefixes import lines_of as _lines
from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import REAL, answers


def test_a_build_the_operating_system_refused_says_nothing_of_the_package_s_fit() -> None:
    # stable-dreamfusion#77: "error: [Errno 13] Permission denied: '/usr/local/cuda/bin/nvcc'" under pip's failed build
    assert answers("holdout18b", "stabledreamfusion-77.log") == []
    log = (REAL / "holdout18b" / "stabledreamfusion-77.log").read_text(encoding="utf-8")
    without = "\n".join(line for line in log.splitlines() if "Permission denied" not in line)
    assert [item.hint.family for item in explain_log(without)[0]][:1] == ["extension-build"]


def test_torch_s_own_library_missing_is_an_extension_imported_before_torch() -> None:
    (family, cause, fix), = answers("holdout18b", "mambainstall-1.log")
    assert family == "extension-missing-lib"
    assert cause == ("libc10.so is torch's own library (torch/lib), which import torch loads into the process: a torch "
                     "extension imported before torch finds none (it links torch's libraries without a path to them), "
                     "nor one imported where torch is not installed")
    assert fix.startswith("import torch before the extension (import torch, then the extension's module)")
    other = explain_load_error("libfoo.so: cannot open shared object file: No such file or directory")
    assert other is not None
    assert "torch's own library" not in other.cause
    # a CPU build of torch has no libtorch_cuda.so: its absence is not the import order
    cuda = explain_load_error("libtorch_cuda.so: cannot open shared object file: No such file or directory",
                              torch_version="2.1.0+cpu")
    assert cuda is None or "torch's own library" not in cuda.cause
    own = explain_load_error("libc10.so: cannot open shared object file: No such file or directory")
    assert own is not None
    assert "torch's own library" in own.cause


def test_a_builtin_type_s_method_a_newer_python_added_names_that_python() -> None:
    (family, cause, fix), = answers("holdout18a", "gitshodankey-2.log")
    assert (family, cause) == ("api-mismatch", "the code asks for str.removesuffix, which is new in Python 3.9: this "
                               "Python is older than the code was written for")
    assert fix.startswith("run it on Python 3.9 or newer")
    # a method no Python had (a slip), and one every Python read has, claim nothing
    for name in ("remove_suffix", "strip"):
        assert reason(Failure(("builtins.AttributeError",), f"'str' object has no attribute '{name}'")) is None
    # the Python the log shows has it: something else hides it
    shown = reason(Failure(("builtins.AttributeError",), "'str' object has no attribute 'removesuffix'"),
                   lambda name: "3.11.4" if name == "python" else None)
    assert shown is None


def test_an_ampere_gpu_newer_than_the_build_is_sent_to_the_first_cuda_that_builds_its_arch() -> None:
    # bindsnet#468's second reader: the fix spelled out only Blackwell and Hopper for an RTX 3080
    (family, cause, fix), *_ = answers("holdout18b", "bindsnet-468.log")
    assert (family, cause) == ("no-kernel-image", "GeForce RTX 3080 (sm_86) is newer than every arch the installed "
                               "torch build carries (sm_37 sm_50 sm_60 sm_70 sm_75)")
    assert fix == ("install a torch build for CUDA 11.1 or newer, the first toolkit that builds sm_86 (pip install "
                   "--force-reinstall torch --index-url https://download.pytorch.org/whl/cu118, or a +cu111 build for "
                   "torch 1.8-1.10 on an older Python)")


def test_thc_in_the_compiler_s_words_is_torch_1_11_s_removal() -> None:
    for log in ("zoomingslowmocvpr2020-74.log", "zoomingslowmocvpr2020-19.log"):
        (family, cause, fix), *_ = answers("holdout18b", log)
        assert (family, cause) == ("extension-build", "the extension's sources use THC, torch's old CUDA layer "
                                   "(THC/THC.h, THCState), which torch 1.11 removed: the extension was written for "
                                   "torch before 1.11")
        assert fix.startswith("build it with torch<1.11")
    # a torch the log shows with THC still in it: the missing header is something else
    hint = reason(Failure(("log line",), "fatal error: THC/THC.h: No such file or directory"),
                  lambda name: "1.10.2" if name == "torch" else None)
    assert hint is None or "torch 1.11 removed" not in hint.cause


def test_a_floor_on_a_library_python_is_built_with_is_not_a_pip_install() -> None:
    (family, cause, fix), *_ = answers("holdout18a", "localgpt-458.log")
    assert (family, cause) == ("version-guard", "chromadb requires sqlite3>=3.35.0: sqlite3 here is the library "
                               "Python's own sqlite3 module was built with, not a pip package")
    assert "pip install 'sqlite3" not in fix
    assert fix.startswith("use a Python built with sqlite3>=3.35.0")


def test_an_undefined_torch_symbol_is_rebuilt_without_building_torch() -> None:
    (family, _, fix), *_ = answers("holdout18b", "mamba-465.log")
    assert family == "extension-abi"
    assert ":all:" not in fix
    assert "--no-deps --no-build-isolation --no-binary" in fix


def test_a_subclass_refusing_a_keyword_its_package_s_base_gained_is_older_than_the_package() -> None:
    # fast-agent#175, a typeless line: MCPAgentClientSession overrides mcp's BaseSession.send_request (via ClientSession)
    (family, cause, fix), = answers("holdout18a", "fastagent-175.log")
    assert family == "api-mismatch"
    assert cause == ("MCPAgentClientSession (by its name a subclass or patch of mcp's ClientSession) has a "
                     "send_request() that does not take progress_callback, which mcp's own BaseSession.send_request() "
                     "(mcp.shared.session) takes from 1.9.0 on: MCPAgentClientSession was written for mcp before 1.9.0, "
                     "and the mcp that calls it is newer")
    # the installed mcp the log shows does not pass it either: not this
    assert reason(Failure(("log line",), "MCPAgentClientSession.send_request() got an unexpected keyword argument "
                                         "'progress_callback'"), lambda name: "1.8.0" if name == "mcp" else None) is None
    assert fix.startswith('install mcp<1.9.0 (pip install "mcp<1.9.0")')
    # a constructor is its users' call, with their keywords: no claim
    assert reason(Failure(("log line",), "MCPAgentClientSession.__init__() got an unexpected keyword argument "
                                         "'progress_callback'")) is None


def test_a_model_class_refusing_a_keyword_transformers_added_names_the_remote_copy_as_the_older_side() -> None:
    (family, _, fix), = answers("holdout18a", "automodel-905.log")  # a stale modeling_phi3.py (trust_remote_code)
    assert family == "api-mismatch"
    assert fix.startswith('install transformers>=4.42.0 (pip install "transformers>=4.42.0"), or calling code that '
                          "follows this transformers; where Phi3Model is a model repository's own code "
                          "(trust_remote_code), that code is the older side: update the model's code")


def test_a_dunder_markdown_turned_bold_is_read_as_the_dunder() -> None:
    # whatthewhat#1, pasted from GitHub's rendering: "TypeError: **init**() got an unexpected keyword argument"
    (family, cause, _), = answers("holdout18a", "whatthewhat-1.log")
    assert family == "api-mismatch"
    assert cause.startswith("whatthewhat 1.0 (whatthewhat.main) asks for __init__() with the keyword version")
    kept = "def f(**kwargs): pass\nsee the **main** branch\nraise ValueError(**init**)"
    assert _lines(kept) == kept.splitlines()
    assert _lines('File "a.py", line 3, in **init**\nx.**call**(1)') == ['File "a.py", line 3, in __init__',
                                                                       "x.__call__(1)"]


def test_a_method_another_builtin_type_always_had_is_not_told_by_python_version() -> None:
    # int.is_integer is Python 3.12's, float.is_integer every Python's: an int where a float was expected
    assert reason(Failure(("builtins.AttributeError",), "'int' object has no attribute 'is_integer'")) is None
