"""Helpers that build the machines we do not have: a CUDA torch build and NVIDIA GPUs.

The fake ``nvidia-smi`` prints exactly what the real tool prints for
``--query-gpu=index,name,uuid,driver_version,memory.total,compute_cap
--format=csv,noheader,nounits``: one line per GPU, cells separated by ", ".
The fake torch is only a ``torch/version.py`` laid out like the real wheel's
(see torch 2.13.0+cpu's version.py), whose ``__init__`` refuses to be imported:
the plugin must never import torch to decide anything.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import stat
from pathlib import Path

import pytest

import pytest_autoglm_compat

# The plugin imports its engine lazily, inside a session. pytester's in-process runs restore
# sys.modules afterwards, which would drop modules first imported inside one run and mix old and
# new classes in the next; importing them here, before any run, keeps one copy.
for _module in pkgutil.walk_packages(pytest_autoglm_compat.__path__, "pytest_autoglm_compat."):
    if not _module.name.endswith(("__main__", "._api_worker")):
        importlib.import_module(_module.name)

# real inputs, never our tests: AutoGPTQ's own suite sits in tests/data/autogptq-0.7.1-tests
collect_ignore_glob = ["data/*"]

H100 = "NVIDIA H100 80GB HBM3, GPU-5f2c7a8e-1b9d-4c55-9a1e-6f0e7d3c2b11, {driver}, 81559, 9.0"
A100 = "NVIDIA A100-SXM4-40GB, GPU-0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f, {driver}, 40960, 8.0"
T4 = "Tesla T4, GPU-9a8b7c6d-5e4f-3a2b-1c0d-efef12345678, {driver}, 15360, 7.5"
# GPUs of many generations, for GPU-code verdicts: names as nvidia-smi prints them, memory in MiB
# (--format=csv,noheader,nounits); "[N/A]" where a board with unified memory reports none (Jetson, GB10).
K80 = "Tesla K80, GPU-3d1c9f2e-7a6b-4c5d-8e9f-1a2b3c4d5e6f, {driver}, 11441, 3.7"
P100 = "Tesla P100-PCIE-16GB, GPU-1f6c3a52-8d3e-4b7a-9c21-5e7f3d2a1b60, {driver}, 16384, 6.0"
V100 = "Tesla V100-SXM2-16GB, GPU-6e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d1c, {driver}, 16384, 7.0"
A10 = "NVIDIA A10, GPU-7b3e9d21-4c5a-4f8e-b6d2-0a9c8e7f6d54, {driver}, 23028, 8.6"
ORIN = "Orin (nvgpu), GPU-0e1d2c3b-4a59-4687-a5b4-c3d2e1f0a9b8, {driver}, [N/A], 8.7"
B200 = "NVIDIA B200, GPU-8f7e6d5c-4b3a-4291-8f0e-d1c2b3a49586, {driver}, 183359, 10.0"
RTX5090 = "NVIDIA GeForce RTX 5090, GPU-2c4e6a80-1b3d-4f5a-8c7e-9d0f1a2b3c4d, {driver}, 32607, 12.0"
GB10 = "NVIDIA GB10, GPU-5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d, {driver}, [N/A], 12.1"


def write_fake_nvidia_smi(bin_dir: Path, gpus: list[str], driver: str, *, body: str | None = None) -> Path:
    bin_dir.mkdir(parents=True, exist_ok=True)
    lines = "\n".join(f"{i}, {g.format(driver=driver)}" for i, g in enumerate(gpus))
    script = body if body is not None else (
        "#!/bin/sh\n"
        'case "$*" in\n'
        f"  *--query-gpu=*) cat <<'OUT'\n{lines}\nOUT\n  ;;\n"
        '  *) echo "unexpected arguments: $*" >&2; exit 2;;\n'
        "esac\n"
    )
    exe = bin_dir / "nvidia-smi"
    exe.write_text(script)
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return exe


def write_fake_torch(site: Path, version: str, cuda: str | None) -> Path:
    pkg = site / "torch"
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text(
        'raise ImportError("the fake torch of the plugin tests must never be imported")\n'
    )
    cuda_text = repr(cuda) if cuda else "None"
    (pkg / "version.py").write_text(
        "from typing import Optional\n\n"
        "__all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip', 'rocm', 'xpu']\n"
        f"__version__ = '{version}'\n"
        "debug = False\n"
        f"cuda: Optional[str] = {cuda_text}\n"
        "git_version = 'cf30153c4c131c8164ee7798e5022d810682e2cb'\n"
        "hip: Optional[str] = None\n"
        "rocm: Optional[str] = None\n"
        "xpu: Optional[str] = None\n"
    )
    dist = site / f"torch-{version}.dist-info"
    dist.mkdir(exist_ok=True)
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: torch\nVersion: {version}\n")
    return site


class Machine:
    """Arranges PATH / sys.path for the in-process pytester run."""

    def __init__(self, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
        self.pytester = pytester
        self.monkeypatch = monkeypatch
        self.root = pytester.path.parent / f"{pytester.path.name}-machine"
        self.bin = self.root / "bin"
        self.bin.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv("PATH", f"{self.bin}{os.pathsep}/usr/bin{os.pathsep}/bin")
        monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)

    def gpus(self, *gpus: str, driver: str = "580.159.04") -> Machine:
        write_fake_nvidia_smi(self.bin, list(gpus), driver)
        return self

    def nvidia_smi_script(self, body: str) -> Machine:
        write_fake_nvidia_smi(self.bin, [], "", body=body)
        return self

    def torch(self, version: str = "2.5.1+cu121", cuda: str | None = "12.1") -> Machine:
        site = write_fake_torch(self.root / "site", version, cuda)
        self.monkeypatch.syspath_prepend(str(site))
        # for runpytest_subprocess; a PYTHONPATH already set (a worktree's src/ first) is kept behind it
        self.monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, (str(site), os.environ.get("PYTHONPATH")))))
        return self


@pytest.fixture
def machine(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Machine:
    return Machine(pytester, monkeypatch)
