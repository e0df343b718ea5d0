"""Readings session 18 added: older misses of the corpus it mended first, then holdout28's false claims and misses
(tests/data/real/holdout28*.toml, measured blind in session 18, training data since): each held to its real log's
answer, or to no claim."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import first


def test_a_journal_line_that_lost_its_date_is_read_past_its_host_and_program() -> None:
    # "near-node srvcheck[183195]: AttributeError: ..." (journalctl's prefix without the date the paste dropped)
    family, cause, fix = first("holdout11a", "srvcheck-111.log")
    assert family == "api-mismatch"
    assert cause.startswith("srvcheck (srvcheck.tasks.taskautoupdater) asks for packaging.version.LegacyVersion, "
                            "which the installed packaging does not have: packaging 22.0 removed it")
    assert fix.startswith('install packaging<22.0 (pip install "packaging<22.0")')
    # a host and a program's name before anything but an exception's start are left as they are
    found, _ = explain_log("near-node srvcheck[183195]: checking packaging.version\n")
    assert found == []


def test_the_loader_s_undefined_symbol_wrapped_by_a_terminal_is_read_as_one_line() -> None:
    family, cause, _ = first("holdout27b", "IF-92.log")
    assert family == "extension-abi"
    assert cause.startswith("ABI mismatch: the extension was compiled against a different torch than the torch that "
                            "imports it (missing symbol _ZN2at4_ops19empty_memory_format")


def test_a_requirement_said_not_satisfied_is_a_version_guard() -> None:
    # ComfyUI-layerdiffuse's own check, its message cut by the paste: "diffusers>=0.25.0 requirement not satisfied. Pl"
    family, cause, fix = first("survey17c", "layerdiffuse-43.log")
    assert (family, cause, fix) == ("version-guard", "the library's own version check requires diffusers>=0.25.0",
                                    "pip install 'diffusers>=0.25.0'")
