"""Every install command the plugin and the CLI print, run through the real resolver on the
environment it was printed for: it must change what it claims to change.

``pip install --dry-run --report`` says what pip would install. A fix that pip answers with
"Requirement already satisfied" is a fix that does nothing: a CPU torch 2.13.0+cpu meets
``torch>=2.0``, so ``pip install 'torch>=2.0' --index-url .../cu130`` left it in place (issue 20).

download.pytorch.org is not reachable from every machine: where it is not, the commands that
name it run against a stand-in index in a temporary directory that holds what the real one does
for this question, torch builds whose local label is the index's tag (``2.13.0+cu130``), as
metadata-only wheels. PyPI commands run against this machine's configured index, as printed.

Slow (a venv and pip runs), so it lives with the integration tests: ``nox -s resolver``.
The example suite's own fixes are checked on the real stack where ``AUTOGLM_STACK_PYTHON``
names its interpreter (``nox -s stack`` builds one).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import subprocess
import sys
import venv
import zipfile
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from pytest_autoglm_compat.model.contract import load
from pytest_autoglm_compat.model.torch_index import contract_torch_index, install_torch
from pytest_autoglm_compat.tools.plan.resolvers import pip_version

if pip_version(sys.executable) is None:
    pytest.skip("needs pip in this interpreter", allow_module_level=True)

SUITE = Path(__file__).resolve().parents[2] / "examples" / "glm_suite"
PYTORCH = "https://download.pytorch.org/whl/"


def _reachable(host: str) -> bool:
    try:
        socket.create_connection((host, 443), timeout=5).close()
    except OSError:
        return False
    return True


def _wheel(directory: Path, name: str, version: str, files: dict[str, str] | None = None) -> Path:
    """A wheel with metadata (and ``files``) only: enough for pip to resolve and install it."""
    dist = f"{name.replace('-', '_')}-{version}"
    path = directory / f"{dist}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as whl:
        for file, text in (files or {}).items():
            whl.writestr(file, text)
        whl.writestr(f"{dist}.dist-info/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        whl.writestr(f"{dist}.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                                                "Tag: py3-none-any\n")
        whl.writestr(f"{dist}.dist-info/RECORD", "")
    return path


def _torch_wheel(directory: Path, version: str) -> Path:
    label = Version(version).local or ""
    cuda = f"'{label[2:-1]}.{label[-1]}'" if label.startswith("cu") else "None"
    return _wheel(directory, "torch", version, {"torch/__init__.py": "",
                                               "torch/version.py": f"__version__ = '{version}'\ncuda = {cuda}\n"})


def _standin(root: Path, tag: str, versions: list[str]) -> str:
    """A PEP 503 index for one PyTorch tag: torch at ``versions`` built for it, and numpy 1.26.4."""
    index = root / tag
    for name, wheels in (("torch", [f"{v}+{tag}" for v in versions]), ("numpy", ["1.26.4"])):
        project = index / name
        project.mkdir(parents=True, exist_ok=True)
        made = [_torch_wheel(project, v) if name == "torch" else _wheel(project, name, v) for v in wheels]
        links = "".join(f'<a href="{w.name}">{w.name}</a>\n' for w in made)
        (project / "index.html").write_text(f"<html><body>\n{links}</body></html>\n")
    return index.as_uri() + "/"


def _dry_run(python: str | Path, command: str, tmp: Path, indexes: dict[str, str]) -> dict[str, Any]:
    """``command`` (a printed ``pip install ...``) as pip's dry-run report, run by ``python``."""
    argv = shlex.split(command)
    assert argv[:2] == ["pip", "install"], command
    argv = [indexes.get(arg.rstrip("/").rsplit("/", 1)[-1], arg) if arg.startswith(PYTORCH) else arg
            for arg in argv[2:]]
    report = tmp / "report.json"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(python), "-m", "pip", "install", "--dry-run", "--quiet", "--report", str(report),
                           *argv], capture_output=True, text=True, env=env, check=False, timeout=600)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return json.loads(report.read_text())  # type: ignore[no-any-return]


def _installs(report: dict[str, Any]) -> dict[str, str]:
    return {item["metadata"]["name"].lower(): item["metadata"]["version"] for item in report["install"]}


@pytest.fixture(scope="module")
def cpu_torch_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with pip whose torch is a CPU build, 2.13.0+cpu: the issue's machine, without the GBs."""
    root = tmp_path_factory.mktemp("cpu-torch")
    venv.EnvBuilder(with_pip=True).create(root / "venv")
    python = root / "venv" / "bin" / "python"
    wheel = _torch_wheel(root, "2.13.0+cpu")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", str(wheel)],
                   check=True, capture_output=True)
    return python


@pytest.fixture(scope="module")
def pytorch_indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """tag -> index URL: the real ones where download.pytorch.org answers, else stand-ins."""
    tags = ("cu121", "cu126", "cu129", "cu130")
    if _reachable("download.pytorch.org"):
        return {tag: f"{PYTORCH}{tag}" for tag in tags}
    root = tmp_path_factory.mktemp("pytorch-standin")
    versions = {"cu121": ["2.2.1", "2.2.2"], "cu126": ["2.9.0"], "cu129": ["2.9.0"], "cu130": ["2.9.0", "2.13.0"]}
    # torch 2.13.0's own CUDA builds: the issue's command named cu130
    return {tag: _standin(root, tag, versions[tag]) for tag in tags}


def test_the_old_torch_fix_leaves_a_cpu_torch_in_place(cpu_torch_env: Path, pytorch_indexes: dict[str, str],
                                                       tmp_path: Path) -> None:
    """The issue's report, reproduced: pip keeps 2.13.0+cpu for 'torch>=2.0'."""
    report = _dry_run(cpu_torch_env, f"pip install 'torch>=2.0' --index-url {PYTORCH}cu130", tmp_path,
                      pytorch_indexes)
    assert "torch" not in _installs(report)


@pytest.mark.parametrize("sections", [(), ("gptq",)], ids=["core", "gptq"])
def test_the_contract_torch_fix_installs_a_cuda_build_over_a_cpu_torch(
        sections: tuple[str, ...], cpu_torch_env: Path, pytorch_indexes: dict[str, str], tmp_path: Path) -> None:
    plan = contract_torch_index(load("stable"), sections, None, "2.13.0+cpu")
    assert plan is not None
    assert plan.tag is not None
    installs = _installs(_dry_run(cpu_torch_env, plan.fix, tmp_path, pytorch_indexes))
    assert Version(installs["torch"]).local == plan.tag, plan.fix
    assert plan.spec.contains(Version(installs["torch"]), prereleases=True)


@pytest.mark.parametrize("tag", ["cu130"])
def test_the_markers_torch_fix_installs_a_cuda_build_over_a_cpu_torch(
        tag: str, cpu_torch_env: Path, pytorch_indexes: dict[str, str], tmp_path: Path) -> None:
    """requires_cuda without a contract, and the driver's 'or install torch built for CUDA <= X'."""
    command = install_torch(tag, installed="2.13.0+cpu")
    assert command == f"pip install 'torch==2.13.0+{tag}' --index-url {PYTORCH}{tag}"
    installs = _installs(_dry_run(cpu_torch_env, command, tmp_path, pytorch_indexes))
    assert Version(installs["torch"]).local == tag


def _printed_fixes(python: str, tmp: Path) -> tuple[set[str], str]:
    """Every fix the plugin printed for the example suite under ``python``: JSON report and summary."""
    report = tmp / "report.json"
    done = subprocess.run([python, "-m", "pytest", "--autoglm-contract=stable", f"--autoglm-report={report}",
                           "-p", "no:cacheprovider"], cwd=SUITE, capture_output=True, text=True, check=False,
                          env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    fixes = {v["fix"] for v in json.loads(report.read_text())["verdicts"] if v["fix"] and v["status"] != "pass"}
    return fixes, done.stdout


@pytest.mark.stack
def test_every_install_the_example_suite_prints_changes_what_it_names(
        pytorch_indexes: dict[str, str], tmp_path: Path) -> None:
    python = os.environ.get("AUTOGLM_STACK_PYTHON")
    if not python:
        pytest.skip("AUTOGLM_STACK_PYTHON names no stack interpreter")
    fixes, stdout = _printed_fixes(python, tmp_path)
    installs = sorted(f for f in fixes if f.startswith("pip install "))
    assert installs, fixes
    for command in installs:
        assert re.search(rf"^\d+\. {re.escape(command)}$", stdout, re.M), f"summary and report differ: {command}"
        named = [Requirement(a) for a in shlex.split(command)[2:] if not a.startswith("-") and "://" not in a]
        got = _installs(_dry_run(python, command, tmp_path, pytorch_indexes))
        claimed, *companions = named  # the package the fix is about, then what it brings ('numpy<2')
        assert claimed.name in got, f"{command}: pip would not install {claimed.name} ({got})"
        for req in (claimed, *(c for c in companions if c.name in got)):
            assert req.specifier.contains(Version(got[req.name]), prereleases=True), (command, got)
