"""`autoglm-compat plan` with the real resolvers against this machine's configured index (network: PyPI).

Slow (pip: tens of seconds a run), so it lives with the integration tests: `nox -s resolver`, or
`pytest tests/integration/test_plan_resolver.py`. Skipped where no index answers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

import pytest

from pytest_autoglm_compat.tools.pip_config import find_uv
from pytest_autoglm_compat.tools.plan.resolvers import pip_version

RESOLVER_DATA = Path(__file__).parents[1] / "data" / "real" / "resolver"

if pip_version(sys.executable) is None:
    pytest.skip("needs pip in this interpreter", allow_module_level=True)

RESOLVERS = ["pip", *(["uv"] if find_uv() else [])]


def _plan(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "plan", *argv], capture_output=True,
                          text=True, cwd=cwd, env={**os.environ, "PYTHONWARNINGS": "ignore"}, check=False)


@pytest.mark.parametrize("resolver", RESOLVERS)
def test_stable_with_gptq_gets_torch_2_2_for_cuda_12_and_one_command(resolver: str, tmp_path: Path) -> None:
    """auto-gptq 0.7.1's kernels need torch 2.2's C++ symbols (built_for_torch): torch 2.2.x, cu121 index."""
    result = _plan("-c", "stable", "--section", "gptq", "--resolver", resolver, "-o", str(tmp_path / "plan.txt"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    lines = (tmp_path / "plan.txt").read_text().splitlines()
    assert lines[0] == "# install plan for contract stable (contracts/stable.toml), sections: gptq"
    assert fnmatch(lines[1], f"# resolved by {resolver} * for Python 3.* with this machine's pip configuration")
    assert lines[2] == ("# torch: the cu121 build ([cuda] runtime >=11.8; autogptq_cuda_64, autogptq_cuda_256 "
                        "built for CUDA 12; autogptq_cuda_64, autogptq_cuda_256 built against torch 2.2)")
    assert "auto-gptq==0.7.1" in lines
    torch = [line for line in lines if line.startswith("torch==")]
    assert len(torch) == 1
    assert fnmatch(torch[0], "torch==2.2.*+cu121")
    assert not [line for line in lines if line.startswith(("nvidia-", "triton=="))]
    assert lines[-1] == (f"# run: pip install -r {tmp_path / 'plan.txt'} --extra-index-url "
                         "https://download.pytorch.org/whl/cu121")


@pytest.mark.parametrize("resolver", RESOLVERS)
def test_a_user_line_against_the_contract_exits_1_naming_both(resolver: str) -> None:
    result = _plan("-c", "stable", "-r", "glm4-transformers5.in", "--resolver", resolver, cwd=RESOLVER_DATA)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "CONFLICT transformers: contract stable requires transformers>=4.46.0,<4.49 [contracts/stable.toml: "
        "packages.transformers; contracts/stable.toml: sections.chatglm.packages.transformers]; "
        "glm4-transformers5.in:2 asks transformers>=5.0",
        "  why the contract asks it: GlmForCausalLM exists from 4.46.0; transformers 5 reads _tied_weights_keys "
        "as a dict, and model code written for 4.x (a list) fails there with 'list' object has no attribute 'keys'; "
        "every auto-gptq release imports no_init_weights from transformers.modeling_utils, which 5.0.0 moved to "
        "transformers/initialization.py",
    ]


def test_legacy_pins_torch_2_0_1_from_the_cu118_index_as_json_with_progress_on_stderr_only() -> None:
    result = _plan("-c", "legacy", "--section", "gptq", "--format", "json", "--progress")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "torch==2.0.1+cu118" in data["pins"]
    assert data["command"] == "pip install -r plan.txt --extra-index-url https://download.pytorch.org/whl/cu118"
    assert "resolving: " in result.stderr


def test_latest_gets_one_install_of_the_2026_stack_with_gptqmodel(tmp_path: Path) -> None:
    """issue 23: plan -c latest on this machine's index: transformers 5, optimum >= 2.1 and gptqmodel 7.x."""
    resolver = "uv" if find_uv() else "pip"
    result = _plan("-c", "latest", "--resolver", resolver, "-o", str(tmp_path / "plan.txt"))
    assert result.returncode == 0, result.stderr
    pins = dict(line.split("==", 1) for line in (tmp_path / "plan.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    assert pins["gptqmodel"].startswith("7.")
    assert pins["transformers"].startswith("5.")
    assert tuple(int(p) for p in pins["optimum"].split(".")[:2]) >= (2, 1)
    assert "auto-gptq" not in pins
