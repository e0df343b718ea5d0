"""One torch build per report (issue 13, item 5).

The real case: contract `stable` on the legacy stack (torch 2.13.0+cpu, auto-gptq 0.7.1 whose
kernels link libcudart.so.12). Its [cuda] runtime (>=11.8) alone picks the newest CUDA index
(cu130), its extensions' CUDA major alone a cu12x one: the summary used to print both commands.
Here the extension is a real shared object linking a libcudart.so.12 stub, as in
test_api_and_extensions.py, and torch is the CPU build's version.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Machine
from pytest_autoglm_compat import cli
from pytest_autoglm_compat.cli.common import EXIT_VIOLATED
from test_api_and_extensions import build_cudart_stub, cuda_extension, needs_gcc

DATA = Path(__file__).parent / "data"

CUDA_TEST = """
    import pytest

    pytestmark = pytest.mark.autoglm_contract()

    @pytest.mark.requires_cuda
    def test_it():
        pass
"""

CONTRACT = """
format = 1
name = "ext"

[packages.torch]
spec = ">=2.0"
fix = "pip install 'torch>=2.0'"

[cuda]
runtime = "{runtime}"

[[extension]]
module = "kernels_cu12"
when = "always"
built_for_cuda = "12"
reason = "the kernels"
"""


def _run(pytester: pytest.Pytester, machine: Machine, runtime: str) -> pytest.RunResult:
    stub = build_cudart_stub(pytester.path.parent / "cuda12", "12")
    cuda_extension(pytester.path, "kernels_cu12", stub, rpath=False)
    pytester.path.joinpath("ext.toml").write_text(CONTRACT.format(runtime=runtime))
    pytester.makepyfile(test_it=CUDA_TEST)
    machine.torch("2.13.0+cpu", None)
    return pytester.runpytest("--autoglm-contract=ext.toml")


@needs_gcc
def test_the_summary_names_one_torch_build_that_fits_the_runtime_and_the_extensions(
    pytester: pytest.Pytester, machine: Machine
) -> None:
    result = _run(pytester, machine, ">=11.8")
    result.assert_outcomes(skipped=1)
    # one block for the GPU (no install gives one: first), one for the torch build, which pins the
    # installed 2.13.0 with the index's label: 'torch>=2.0' would keep 2.13.0+cpu
    result.stdout.fnmatch_lines([
        "to fix *",
        "1. run on a machine with an NVIDIA GPU and its driver (containers: --gpus all), and check "
        "CUDA_VISIBLE_DEVICES",
        "   resolves 1 unmet, 1 test skipped; no install can meet it:",
        "   - GPU: *",
        "2. pip install 'torch==2.13.0+cu129' --index-url https://download.pytorch.org/whl/cu129",
        "   resolves 3 unmet, 1 test skipped:",
    ])
    assert "cu130" not in result.stdout.str()


@needs_gcc
def test_a_runtime_no_extension_build_fits_is_said_in_one_line(pytester: pytest.Pytester, machine: Machine) -> None:
    result = _run(pytester, machine, ">=13.0")
    result.assert_outcomes(skipped=1)
    conflict = ("no torch build fits both: [cuda] runtime >=13.0 and kernels_cu12 built for CUDA 12; install a "
                "build of kernels_cu12 for a CUDA runtime >=13.0, or relax the contract's [cuda] runtime")
    result.stdout.fnmatch_lines(["to fix *", "1. run on a machine with an NVIDIA GPU*", f"2. {conflict}",
                                 "   resolves 3 unmet, 1 test skipped:"])
    assert "--index-url" not in result.stdout.str()


@pytest.mark.parametrize(
    ("sections", "fix"),
    [
        ([], "pip install 'torch>=2.2,<2.3' 'numpy<2' --index-url https://download.pytorch.org/whl/cu121"),
        # torch 2.13.0+cpu meets 'torch>=2.0': the fix names the build (issue 20), or pip keeps the CPU one
        (["--section", "chatglm"], "pip install 'torch==2.13.0+cu130' --index-url https://download.pytorch.org/whl/cu130"),
    ],
    ids=["gptq-kernels-built-against-torch-2.2-for-cuda-12", "no-kernels-newest-runtime"],
)
def test_check_names_the_contract_s_torch_build_for_the_sections_checked(
    capsys: pytest.CaptureFixture[str], sections: list[str], fix: str
) -> None:
    """The real snapshot of the legacy stack (torch 2.13.0+cpu, auto-gptq 0.7.1) under `stable`."""
    code = cli.main(["check", "-c", "stable", "--snapshot", str(DATA / "snapshot-autogptq.json"), *sections])
    assert code == EXIT_VIOLATED
    out = capsys.readouterr().out
    torch_fixes = sorted({line.strip() for line in out.splitlines() if "torch" in line and "fix:" in line})
    assert torch_fixes == [f"fix: {fix}"]


def test_fixes_installing_one_package_are_merged_with_the_intersected_specifier() -> None:
    """stable's core transformers>=4.46.0,<5 and its chatglm section's <4.49: one command, not two."""
    from pytest_autoglm_compat.render import fixes

    got = fixes.merged_fixes(["pip install 'transformers>=4.46.0,<5'",
                              "pip install 'transformers<4.49', or update the model's modeling_chatglm.py",
                              "pip install 'torch>=2.2,<2.3' 'numpy<2' --index-url https://download.pytorch.org/whl/cu121",
                              "pip install 'peft>=0.5.0,!=0.18.0,<0.19'"])
    line = "pip install 'transformers>=4.46.0,<4.49', or update the model's modeling_chatglm.py"
    assert got == {"pip install 'transformers>=4.46.0,<5'": line,
                   "pip install 'transformers<4.49', or update the model's modeling_chatglm.py": line}


def test_check_stable_prints_one_transformers_fix() -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "check", "-c", "stable"],
                         capture_output=True, text=True, check=False).stdout
    transformers = {line for line in out.splitlines() if line.startswith("  fix: pip install 'transformers")}
    assert transformers == {"  fix: pip install 'transformers>=4.46.0,<4.49', or update the model's "
                            "modeling_chatglm.py"} or "transformers" not in out.split("UNMET", 1)[-1]
