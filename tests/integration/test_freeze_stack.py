"""--autoglm-freeze on a real stack (built by `nox -s stack`): a user suite this repo does not ship
is frozen, holds where it came from, and names what differs on the other stack (its snapshot in tests/data).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

STACK = os.environ.get("AUTOGLM_STACK")
if STACK is None:
    pytest.skip("run through `nox -s stack`, which builds the real stacks", allow_module_level=True)

DATA = Path(__file__).resolve().parents[1] / "data"
OTHER = {"autogptq": "current", "autogptq-newpeft": "current", "modern": "autogptq"}

USER_SUITE = '''
import torch
from transformers import GlmConfig, GlmForCausalLM


def tiny():
    return GlmConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                     num_attention_heads=4, num_key_value_heads=2, head_dim=8, pad_token_id=0)


def test_forward():
    model = GlmForCausalLM(tiny()).eval()
    with torch.no_grad():
        assert model(torch.tensor([[1, 2, 3]])).logits.shape == (1, 3, 64)


def test_model_inside_the_test():
    from transformers import GlmModel  # a lazy name resolved only when this test runs
    assert GlmModel(tiny()).config.hidden_size == 32


def test_config_round_trip(tmp_path):
    tiny().save_pretrained(tmp_path)
    assert GlmConfig.from_pretrained(tmp_path).hidden_size == 32
'''


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_a_user_suite_is_frozen_holds_here_and_names_the_other_stacks_transformers(tmp_path: Path) -> None:
    assert STACK in OTHER, STACK
    (tmp_path / "test_user_glm.py").write_text(USER_SUITE)
    run = _run("-m", "pytest", "-p", "no:cacheprovider", "-q", "--autoglm-freeze=frozen.toml", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    # the suite imports torch and transformers; what they import (safetensors, tokenizers, ...) is listed
    assert "autoglm-compat: froze 2 distribution(s) and 5 API surface(s) into frozen.toml (policy minor); " in run.stdout
    text = (tmp_path / "frozen.toml").read_text()
    from pytest_autoglm_compat.model import contract

    assert sorted(p.name for p in contract.load(str(tmp_path / "frozen.toml")).core.packages) == ["torch", "transformers"]
    assert "\n# Not frozen: " in text
    assert '[[api]]\ntarget = "transformers:GlmModel"\nreason = "imported in test_user_glm.py; it must import"\n' in text
    from importlib.metadata import version

    here = version("transformers")
    from pytest_autoglm_compat.tools.freeze import version_range

    assert f'[packages."transformers"]\nspec = "{version_range(here, "minor")}"\n' in text
    assert '[[api]]\ntarget = "transformers:GlmForCausalLM"\n' in text
    lint = _run("-m", "pytest_autoglm_compat.cli", "contracts", "lint", "frozen.toml", cwd=tmp_path)
    assert lint.returncode == 0, lint.stderr
    same = _run("-m", "pytest_autoglm_compat.cli", "check", "--contract", "frozen.toml", cwd=tmp_path)
    assert same.returncode == 0, same.stdout + same.stderr
    other = DATA / f"snapshot-{OTHER[STACK]}.json"
    theirs = json.loads(other.read_text())["packages"]["transformers"]
    # JSON: the text form hides a package verdict whose subject is also a not-checked [[api]] target
    elsewhere = _run("-m", "pytest_autoglm_compat.cli", "check", "--contract", "frozen.toml", "--snapshot",
                     str(other), "--format", "json", cwd=tmp_path)
    assert elsewhere.returncode == 1, elsewhere.stdout + elsewhere.stderr
    verdicts = json.loads(elsewhere.stdout)["verdicts"]
    unmet = {(v["subject"], v["found"], v["required"]) for v in verdicts if v["status"] == "unmet"}
    assert ("transformers", theirs, f"transformers{version_range(here, 'minor')}") in unmet
