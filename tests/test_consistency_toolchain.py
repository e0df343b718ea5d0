"""Issue 23, points 2 and 3: the toolchain that builds kernels on first use, and a stack that agrees with itself.

The consistency check runs on a real mismatch: requests 2.32.3 installed with its dependencies, then
charset-normalizer 1.4.1 over it with ``--no-deps`` (requests declares charset_normalizer<4,>=2),
what ``pip check`` itself reports. The toolchain check runs the real ``nvcc`` of this machine (CUDA
13.0); the versions no machine here has come from a fake ``nvcc`` that prints a real CUDA 12.1
``nvcc --version`` byte for byte (the output kept in many public READMEs and logs).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pytest_autoglm_compat.checks.toolchain import evaluate_toolchain
from pytest_autoglm_compat.facts.probe.toolchain import probe_toolchain
from pytest_autoglm_compat.model.requirements import NVCC_MATCHES_TORCH, Meta, Origin, ToolchainRequirement

NVCC_12_1 = ("nvcc: NVIDIA (R) Cuda compiler driver\nCopyright (c) 2005-2023 NVIDIA Corporation\n"
             "Built on Mon_Apr__3_17:16:06_PDT_2023\nCuda compilation tools, release 12.1, V12.1.105\n"
             "Build cuda_12.1.r12.1/compiler.32688072_0\n")
CONTRACT = """\
format = 1
name = "agree"
[packages.requests]
spec = ">=2"
[consistency]
reason = "the installed stack must satisfy its own declared dependencies"
source = "each distribution's Requires-Dist (what pip check reads)"
"""


@pytest.fixture(scope="module")
def mismatched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site directory with requests 2.32.3 and, over its dependencies, charset-normalizer 1.4.1 (--no-deps)."""
    site = tmp_path_factory.mktemp("mismatched")
    pip = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--target", str(site)]
    first = subprocess.run([*pip, "requests==2.32.3"], capture_output=True, text=True, check=False)
    if first.returncode != 0:
        pytest.skip(f"no package index reachable here: {first.stderr.strip()[-200:]}")
    subprocess.run([*pip, "--no-deps", "--upgrade", "charset-normalizer==1.4.1"], check=True, capture_output=True)
    return site


def test_a_mismatch_installed_with_no_deps_is_named_as_pip_check_names_it(mismatched: Path, tmp_path: Path) -> None:
    contract = tmp_path / "agree.toml"
    contract.write_text(CONTRACT)
    env = {**os.environ, "PYTHONPATH": str(mismatched)}
    pip_check = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True, env=env,
                               check=False)
    if "requests" in pip_check.stdout:  # pip's own check reads PYTHONPATH only with its importlib backend (3.11+)
        assert ("requests 2.32.3 has requirement charset-normalizer<4,>=2, but you have charset-normalizer 1.4.1."
                in pip_check.stdout)
    done = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "check", "-c", str(contract)],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    at = lines.index("UNMET charset-normalizer (required by requests 2.32.3): found charset-normalizer 1.4.1, "
                     "required requests 2.32.3 requires charset-normalizer<4,>=2")
    assert lines[at + 1:at + 5] == [
        f"  declared: {contract}: consistency",
        "  why: the installed stack must satisfy its own declared dependencies",
        "  source: each distribution's Requires-Dist (what pip check reads)",
        "  fix: pip install 'charset-normalizer<4,>=2' (or a requests release that accepts charset-normalizer "
        "1.4.1)"]


def test_the_plugin_names_the_mismatch_before_any_test_runs(mismatched: Path, pytester: pytest.Pytester,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(mismatched))
    monkeypatch.setenv("PYTHONPATH", str(mismatched))
    pytester.makefile(".toml", agree=CONTRACT)
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.fixture
        def model():
            raise AssertionError("the fixture ran: the verdict must come before it")

        @pytest.mark.autoglm_contract()
        def test_load(model):
            pass
    """)
    result = pytester.runpytest("--autoglm-contract=agree.toml", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*autoglm-compat: charset-normalizer (required by requests 2.32.3): found "
                                 "charset-normalizer 1.4.1, required req*"])


def test_an_agreeing_stack_passes(tmp_path: Path) -> None:
    contract = tmp_path / "agree.toml"
    contract.write_text(CONTRACT.replace("requests", "packaging").replace('">=2"', '">=20"'))
    done = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "check", "-c", str(contract), "-v"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert any(line.startswith("ok declared dependencies: found ") and "installed distributions agree" in line
               for line in done.stdout.splitlines()), done.stdout


# --------------------------------------------------------------------------- toolchain


def _req(nvcc: object = NVCC_MATCHES_TORCH, compiler: bool = False, ninja: bool = False) -> ToolchainRequirement:
    return ToolchainRequirement(Meta(Origin("toolchain", "t.toml")), nvcc=nvcc,  # type: ignore[arg-type]
                                compiler=compiler, ninja=ninja)


def _snap(torch_version: str | None):  # type: ignore[no-untyped-def]
    import dataclasses

    from pytest_autoglm_compat.facts.inputs.lockfile import torch_build_from_version
    from pytest_autoglm_compat.facts.probe import take_snapshot

    snap = take_snapshot(timeout=5.0)
    return dataclasses.replace(snap, torch=torch_build_from_version(torch_version) if torch_version else None)


def _fake_nvcc(root: Path, body: str) -> Path:
    bin_dir = root / "bin"
    bin_dir.mkdir(parents=True)
    nvcc = bin_dir / "nvcc"
    nvcc.write_text(f"#!/bin/sh\n{body}\n")
    nvcc.chmod(0o755)
    return root


@pytest.mark.skipif(shutil.which("nvcc") is None and not os.path.isfile("/usr/local/cuda/bin/nvcc"),
                    reason="no nvcc on this machine")
def test_the_real_nvcc_is_read_and_held_against_torchs_cuda_major() -> None:
    fact = probe_toolchain(10.0, {k: v for k, v in os.environ.items() if k not in ("CUDA_HOME", "CUDA_PATH")})
    version = fact["nvcc"]["version"]
    assert version is not None, fact
    major = version.split(".")[0]
    (same,) = evaluate_toolchain(_req(), fact, _snap(f"2.14.1+cu{major}0"))
    assert (same.status, same.found) == ("pass", f"CUDA {version} ({fact['nvcc']['path']})")
    other = "12" if major != "12" else "13"
    (wrong,) = evaluate_toolchain(_req(), fact, _snap(f"2.9.1+cu{other}8"))
    assert wrong.status == "unmet"
    assert wrong.required == f"nvcc of CUDA {other}.x (torch 2.9.1+cu{other}8 is built for CUDA {other}.8)"
    assert wrong.fix is not None
    assert wrong.fix.startswith(f"install the CUDA toolkit {other}.x (")


def test_a_cuda_12_1_toolkit_under_cuda_home_is_read(tmp_path: Path) -> None:
    home = _fake_nvcc(tmp_path / "cuda-12.1", f"cat <<'EOF'\n{NVCC_12_1}EOF")
    fact = probe_toolchain(10.0, {**os.environ, "CUDA_HOME": str(home)})
    assert fact["nvcc"] == {"path": str(home / "bin" / "nvcc"), "version": "12.1", "build": "12.1.105",
                            "looked": f"$CUDA_HOME/bin/nvcc ({home / 'bin' / 'nvcc'})", "problem": None}
    (verdict,) = evaluate_toolchain(_req(), fact, _snap("2.5.1+cu121"))
    assert verdict.status == "pass"
    (too_new,) = evaluate_toolchain(_req(), fact, _snap("2.14.1+cu130"))
    assert (too_new.status, too_new.found) == ("unmet", f"CUDA 12.1 ({home / 'bin' / 'nvcc'})")


def test_a_hanging_nvcc_is_unknown_and_a_missing_one_unmet(tmp_path: Path) -> None:
    home = _fake_nvcc(tmp_path / "hangs", "sleep 30")
    fact = probe_toolchain(0.5, {**os.environ, "CUDA_HOME": str(home)})
    (hung,) = evaluate_toolchain(_req(), fact, _snap("2.14.1+cu130"))
    assert (hung.status, hung.found) == ("unknown", f"{home / 'bin' / 'nvcc'} --version did not answer within 0.5 s")
    empty = tmp_path / "empty"
    empty.mkdir()
    fact = probe_toolchain(5.0, {**os.environ, "CUDA_HOME": str(empty)})
    (missing,) = evaluate_toolchain(_req(), fact, _snap("2.14.1+cu130"))
    assert (missing.status, missing.found) == ("unmet", f"no nvcc (looked in $CUDA_HOME/bin/nvcc "
                                                        f"({empty / 'bin' / 'nvcc'}))")


def test_a_cpu_torch_builds_no_kernels_and_compiler_and_ninja_are_looked_up_on_path(tmp_path: Path) -> None:
    fact = probe_toolchain(5.0, {"PATH": str(tmp_path)})  # nothing on PATH
    verdicts = evaluate_toolchain(_req(compiler=True, ninja=True), fact, _snap("2.13.0+cpu"))
    assert [(v.subject, v.status, v.found) for v in verdicts] == [
        ("CUDA toolkit (nvcc)", "pass", "nothing to build for: torch 2.13.0+cpu (CPU-only build)"),
        ("C++ compiler", "unmet", "none on PATH ($CXX, c++, g++, clang++)"),
        ("ninja", "unmet", "not on PATH")]
    ninja = tmp_path / "ninja"
    ninja.write_text("#!/bin/sh\necho 1.11.1\n")
    ninja.chmod(0o755)
    assert probe_toolchain(5.0, {"PATH": str(tmp_path)})["ninja"] == str(ninja)


def test_a_contract_declares_the_toolchain(tmp_path: Path) -> None:
    contract = tmp_path / "t.toml"
    contract.write_text(textwrap.dedent("""\
        format = 1
        name = "t"
        [toolchain]
        nvcc = "torch"
        compiler = true
        ninja = "yes"
    """))
    done = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "contracts", "lint", str(contract)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "toolchain.ninja: expected true or false, got 'yes'" in done.stderr


def test_a_wrapped_nvcc_on_path_gets_the_cuda_home_torch_would_guess_named(tmp_path: Path) -> None:
    """nvcc on PATH as a wrapper script (/usr/local/bin/nvcc on these machines): torch takes CUDA_HOME from the
    directory above it, where no CUDA runtime is; a JIT build there fails to link (cannot find -lcudart)."""
    wrapper = _fake_nvcc(tmp_path / "usr-local", f"cat <<'EOF'\n{NVCC_12_1}EOF")
    env = {k: v for k, v in os.environ.items() if k not in ("CUDA_HOME", "CUDA_PATH")}
    env["PATH"] = f"{wrapper / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    fact = probe_toolchain(10.0, env)
    assert fact["nvcc"]["torch_guess"]["home"] == str(wrapper)
    assert fact["nvcc"]["torch_guess"]["runtime"] is False
    (verdict,) = evaluate_toolchain(_req(), fact, _snap("2.5.1+cu121"))
    assert verdict.status == "pass"
    assert verdict.note is not None
    assert verdict.note.startswith(f"CUDA_HOME is not set: torch's cpp_extension will take {wrapper} (the directory "
                                   "above this nvcc), which has no lib64/libcudart.so")


def test_the_contracts_own_packages_lead_and_a_wrong_versions_own_requirements_wait() -> None:
    """tokenizers 0.20.3 under transformers 5.24.0 (nox -s modern's second phase, read from its metadata): the
    broken pair is named; what tokenizers 0.20.3 requires itself (huggingface-hub<1.0) is moot until the fix
    reinstalls it."""
    from pytest_autoglm_compat.checks.consistency import evaluate_consistency
    from pytest_autoglm_compat.model.requirements import ConsistencyRequirement

    fact = {"installed": {"transformers": "5.24.0", "tokenizers": "0.20.3", "huggingface-hub": "2.4.0"},
            "requires": {"tokenizers": ["huggingface-hub<1.0,>=0.16.4"],
                         "transformers": ["huggingface-hub<3.0,>=1.0", "tokenizers<0.24.0,>=0.23.1"],
                         "huggingface-hub": []},
            "problems": {}, "missing": []}
    req = ConsistencyRequirement(Meta(Origin("consistency", "latest.toml")), ("transformers",))
    verdicts = evaluate_consistency(req, fact)
    assert [(v.status, v.subject, v.found, v.required) for v in verdicts] == [
        ("unmet", "tokenizers (required by transformers 5.24.0)", "tokenizers 0.20.3",
         "transformers 5.24.0 requires tokenizers<0.24.0,>=0.23.1")]
    assert verdicts[0].fix == ("pip install 'tokenizers<0.24.0,>=0.23.1' (or a transformers release that accepts "
                               "tokenizers 0.20.3)")
