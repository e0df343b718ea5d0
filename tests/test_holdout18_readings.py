"""Readings holdout18's misses and false claims (tests/data/real/holdout18*.toml, measured blind in session 14 on
d5c8a3c, training data since) showed the engine lacked: each held to its real log's answer."""

from __future__ import annotations

from pathlib import Path

from pytest_autoglm_compat.knowledge.failure import Failure
from pytest_autoglm_compat.knowledge.generic import reason
from pytest_autoglm_compat.knowledge.logs import explain_log

REAL = Path(__file__).parent / "data" / "real"


def answers(group: str, log: str) -> list[tuple[str, str, str]]:
    found, _ = explain_log((REAL / group / log).read_text(encoding="utf-8"))
    return [(item.hint.family or "", item.hint.cause, item.hint.fix) for item in found]


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
    other = reason(Failure(("builtins.ImportError",), "libfoo.so: cannot open shared object file: No such file or "
                                                     "directory"))
    assert other is None or "torch's own library" not in other.cause


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
