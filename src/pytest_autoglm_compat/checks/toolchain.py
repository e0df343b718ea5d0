"""What builds kernels on first use, against what it must build for: nvcc's CUDA and torch's, a compiler, ninja.

gptqmodel and every ``torch.utils.cpp_extension`` user compile their CUDA kernels the first time
they run; torch refuses a toolkit of another CUDA major than its own build ("The detected CUDA
version (12.1) mismatches the version that was used to compile PyTorch (11.7)").

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from ..model.requirements import NVCC_MATCHES_TORCH, ToolchainRequirement
from ..model.verdict import NOT_CHECKED, PASS, UNKNOWN, UNMET, Verdict, verdict_for

if TYPE_CHECKING:
    from ..facts.probe import Snapshot

_TOOLKIT = "https://developer.nvidia.com/cuda-toolkit-archive"


def evaluate_toolchain(req: ToolchainRequirement, fact: Mapping[str, Any] | None, snap: Snapshot) -> list[Verdict]:
    """``fact``: facts.probe.toolchain.probe_toolchain(); None: not probed (a snapshot or lock file)."""
    meta = req.meta
    out: list[Verdict] = []
    if req.nvcc is not None:
        out.append(_nvcc(req, fact, snap))
    if req.compiler:
        if fact is None:
            out.append(verdict_for(meta, UNKNOWN, "C++ compiler", NOT_CHECKED, "a host compiler on PATH"))
        else:
            found = fact.get("compiler")
            out.append(verdict_for(meta, PASS if found else UNMET, "C++ compiler",
                                   found or "none on PATH ($CXX, c++, g++, clang++)", "a host compiler on PATH",
                                   fix="install a C++ compiler (apt install g++; conda install gxx_linux-64)",
                                   key="compiler"))
    if req.ninja:
        if fact is None:
            out.append(verdict_for(meta, UNKNOWN, "ninja", NOT_CHECKED, "ninja on PATH"))
        else:
            found = fact.get("ninja")
            out.append(verdict_for(meta, PASS if found else UNMET, "ninja", found or "not on PATH", "ninja on PATH",
                                   fix="pip install ninja (and run with the environment's bin/ on PATH)",
                                   key="ninja"))
    return out


def _nvcc(req: ToolchainRequirement, fact: Mapping[str, Any] | None, snap: Snapshot) -> Verdict:
    meta = req.meta
    torch = snap.torch
    if req.nvcc == NVCC_MATCHES_TORCH:
        if torch is None or not torch.cuda:
            build = "not installed" if torch is None else f"torch {torch.version} (CPU-only build)"
            return verdict_for(meta, PASS, "CUDA toolkit (nvcc)", f"nothing to build for: {build}",
                               "nvcc of torch's CUDA major", key="nvcc")
        major = torch.cuda.split(".")[0]
        required = f"nvcc of CUDA {major}.x (torch {torch.version} is built for CUDA {torch.cuda})"
        spec = SpecifierSet(f"=={major}.*")
    else:
        assert isinstance(req.nvcc, SpecifierSet)
        spec, required = req.nvcc, f"nvcc {req.nvcc}"
    if fact is None:
        return verdict_for(meta, UNKNOWN, "CUDA toolkit (nvcc)", NOT_CHECKED, required)
    nvcc = fact.get("nvcc") or {}
    want = spec_text(spec)
    fix = (f"install the CUDA toolkit {want} ({_TOOLKIT}) and set CUDA_HOME to it"
           + (", or install a torch built for the CUDA nvcc has" if req.nvcc == NVCC_MATCHES_TORCH else ""))
    if nvcc.get("problem"):
        return verdict_for(meta, UNKNOWN, "CUDA toolkit (nvcc)", nvcc["problem"], required, fix=fix, key="nvcc")
    if not nvcc.get("path"):
        return verdict_for(meta, UNMET, "CUDA toolkit (nvcc)", f"no nvcc (looked in {nvcc.get('looked')})",
                           required, fix=fix, key="nvcc")
    version = nvcc.get("version") or ""
    try:
        ok = spec.contains(Version(version), prereleases=True)
    except InvalidVersion:
        return verdict_for(meta, UNKNOWN, "CUDA toolkit (nvcc)", f"{nvcc['path']}: version {version!r}", required,
                           fix=fix, key="nvcc")
    guess = nvcc.get("torch_guess") or {}
    note = None
    if guess and not guess.get("runtime"):
        toolkit = guess.get("real") or "the toolkit's root"
        note = (f"CUDA_HOME is not set: torch's cpp_extension will take {guess['home']} (the directory above this "
                f"nvcc), which has no lib64/libcudart.so, so a kernel build links nothing; set CUDA_HOME={toolkit}")
    return verdict_for(meta, PASS if ok else UNMET, "CUDA toolkit (nvcc)", f"CUDA {version} ({nvcc['path']})",
                       required, fix=fix, key="nvcc", note=note)


def spec_text(spec: SpecifierSet) -> str:
    text = str(spec)
    return text.replace("==", "", 1).replace(".*", ".x") if text.startswith("==") and text.endswith(".*") else text
