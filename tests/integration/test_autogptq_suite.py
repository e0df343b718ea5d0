"""AutoGPTQ v0.7.1's own tests/ on the stable CPU stack (issue 20): with a three-line ini and no Python,
every environment failure becomes a skip with its cause, the two modules whose import fails included.

The suite is kept in tests/data/autogptq-0.7.1-tests (see its SOURCE.md); `nox -s "stack(stack='autogptq')"`
builds the venv (auto-gptq 0.7.1 and its test extra, parameterized). The Hub is offline (HF_HUB_OFFLINE=1), as in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

if os.environ.get("AUTOGLM_STACK") != "autogptq":
    pytest.skip("run through `nox -s \"stack(stack='autogptq')\"`", allow_module_level=True)

SUITE = Path(__file__).resolve().parents[1] / "data" / "autogptq-0.7.1-tests"
INI = "[pytest]\nautoglm_apply =\n    test_*.py !test_quantization.py !node:*::test_multigpu: gptq cuda\n"
#: the first cause every skip names: what no install can meet (the summary lists the CPU build of torch too)
CAUSE = "GPU: found no GPU visible"


def run(tmp_path: Path, *args: str, ini: bool = True) -> tuple[dict[str, tuple[str, str]], str]:
    suite = tmp_path / "tests"
    shutil.copytree(SUITE, suite, ignore=shutil.ignore_patterns("*.md"))
    if ini:
        (suite / "pytest.ini").write_text(INI)
    xml = tmp_path / "junit.xml"
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", f"--junitxml={xml}",
                           "--continue-on-collection-errors", *args], cwd=suite, capture_output=True, text=True,
                          timeout=900, check=False, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    outcomes: dict[str, tuple[str, str]] = {}
    for case in ET.parse(xml).iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}" if case.get("classname") else str(case.get("name"))
        outcome, text = "passed", ""
        for tag in ("skipped", "failure", "error"):
            found = case.find(tag)
            if found is not None:
                outcome, text = tag, f"{found.get('message', '')}\n{found.text or ''}"
        outcomes[name] = (outcome, text)
    return outcomes, proc.stdout


def test_every_environment_failure_becomes_a_skip_with_its_cause(tmp_path: Path) -> None:
    without, _ = run(tmp_path / "without", "-p", "no:autoglm", ini=False)
    with_plugin, out = run(tmp_path / "with", "--autoglm-contract=stable", "--autoglm-scope=all")
    passed = {n for n, (o, _) in without.items() if o == "passed"}
    assert passed == {"test_q4.TestsQ4Exllama::test_multigpu"}
    assert sum(o == "error" and t.startswith("collection failure") for o, t in without.values()) == 2
    assert sum(o == "failure" for o, _ in without.values()) == 26
    assert {n for n, (o, _) in with_plugin.items() if o == "passed"} == passed  # none that passed is skipped
    skipped = {n: t for n, (o, t) in with_plugin.items() if o == "skipped"}
    assert len(skipped) == 27  # 25 tests and the 2 modules
    assert all(CAUSE in text for text in skipped.values()), skipped
    assert {n for n, (o, _) in with_plugin.items() if o == "failure"} == {
        "test_quantization.TestQuantization::test_quantize"}  # the Hub, offline: no stack requirement catches it
    # the summary names the verdict that catches the module's load error: the CPU build of torch
    assert "test_repacking.py: skipped (CUDA runtime of torch: found CPU-only build" in out, out


def test_under_fail_the_two_modules_stay_errors_with_the_cause(tmp_path: Path) -> None:
    outcomes, out = run(tmp_path, "--autoglm-contract=stable", "--autoglm-policy=fail")
    errors = [t for o, t in outcomes.values() if o == "error" and t.startswith("collection failure")]
    assert len(errors) == 2
    assert out.count("autoglm-compat: known failure") == 2
    assert "cause: the extension was built for CUDA 12 (it links libcudart.so.12); installed: torch 2.13.0+cpu" in out
    assert f"policy fail: autoglm-compat: {CAUSE}" in out, out
