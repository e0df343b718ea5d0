"""CUDA: torch's runtime, the GPUs (count, compute capability, memory) and the driver, including
whether the driver can run torch's runtime (NVIDIA's table, minor-version compatibility).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from ..facts.probe import LOCKFILE_GPU_PROBLEM, LOCKFILE_SOURCE, Gpu, Snapshot
from ..model import cuda_table
from ..model.cuda_table import TORCH_CUDA_TAGS
from ..model.requirements import (
    CudaRequirement,
    Meta,
)
from ..model.torch_index import install_torch
from ..model.values import format_size, spec_text
from ..model.verdict import PASS, UNKNOWN, UNMET, Verdict, verdict_for

if TYPE_CHECKING:
    from ..model.torch_index import TorchIndex


def _torch_index_for(spec: SpecifierSet | None, driver: str | None) -> str | None:
    newest = cuda_table.newest_runtime_for(driver) if driver else None
    candidates = [t for t in TORCH_CUDA_TAGS if spec is None or spec.contains(t)]
    if newest is not None:
        candidates = [t for t in candidates if Version(t) <= Version(newest)]
    if not candidates:
        return None
    return "cu" + candidates[-1].replace(".", "")


def _has_capability(req: CudaRequirement, gpu: Gpu) -> bool:
    return req.capability is None or (gpu.capability is not None and req.capability.contains(gpu.capability))


def _has_memory(req: CudaRequirement, gpu: Gpu) -> bool:
    return req.memory is None or (gpu.memory_total is not None and gpu.memory_total >= req.memory)


def _own(meta: Meta, reason: str | None) -> Meta:
    """The requirement's declaration with a verdict's own why: a [cuda] table's reason and source are
    about its runtime bound, not about the GPU or the driver checked beside it."""
    return replace(meta, reason=reason, source=None, verified=True)


def eligible_gpus(req: CudaRequirement, gpus: Iterable[Gpu]) -> list[Gpu]:
    """The GPUs that meet the requirement's capability and memory."""
    return [g for g in gpus if _has_capability(req, g) and _has_memory(req, g)]


def evaluate_cuda(req: CudaRequirement, snap: Snapshot, torch_plan: TorchIndex | None = None) -> list[Verdict]:
    """``torch_plan``: the contract's one torch build (model.torch_index), which every torch fix names."""
    meta = req.meta
    out: list[Verdict] = []
    runtime_required = spec_text(req.runtime) if req.runtime else "a CUDA build"
    index = _torch_index_for(req.runtime, snap.driver)
    torch = snap.torch
    torch_fix = torch_plan.fix if torch_plan is not None else (
        install_torch(index, installed=torch.version if torch else None)
        if index else "install a torch build for a CUDA runtime this driver supports"
    )
    runtime = torch.cuda if torch else None
    if torch is None and snap.torch_problem:
        out.append(verdict_for(meta, UNKNOWN, "CUDA runtime of torch", snap.torch_problem, runtime_required,
                               fix="pip install --force-reinstall torch (with the index URL of its CUDA build)",
                               key="runtime"))
    elif torch is None:
        out.append(verdict_for(meta, UNMET, "CUDA runtime of torch", "torch not installed", runtime_required,
                               fix=torch_fix, key="runtime"))
    elif runtime is None and snap.gpu_source == LOCKFILE_SOURCE and torch is not None and "+" not in torch.version:
        out.append(verdict_for(meta, UNKNOWN, "CUDA runtime of torch",
                               f"torch {torch.version} pinned without a +cuXYZ or +cpu label", runtime_required,
                               key="runtime"))
    elif runtime is None and torch.hip:
        out.append(verdict_for(meta, UNMET, "CUDA runtime of torch",
                               f"ROCm build (torch {torch.version}, HIP {torch.hip})", runtime_required,
                               note="a ROCm build of torch runs on AMD GPUs through HIP; it cannot meet a CUDA "
                                 "requirement", fix=torch_fix, key="runtime"))
    elif runtime is None:
        out.append(verdict_for(meta, UNMET, "CUDA runtime of torch",
                               f"CPU-only build (torch {torch.version})", runtime_required,
                               fix=torch_fix, key="runtime"))
    else:
        ok = req.runtime is None or req.runtime.contains(runtime, prereleases=True)
        out.append(verdict_for(meta, PASS if ok else UNMET, "CUDA runtime of torch",
                               f"{runtime} (torch {torch.version})", runtime_required,
                               fix=torch_fix, key="runtime"))

    wanted = req.devices or 1
    gpus = list(snap.gpus)
    gpu_required = f"{wanted} NVIDIA GPU{'s' if wanted > 1 else ''}"
    runtime_meta, meta = meta, _own(meta, None)
    gpu_meta = _own(runtime_meta, f"a test that needs CUDA runs on {'an' if wanted == 1 else wanted} "
                                  f"NVIDIA GPU{'s' if wanted > 1 else ''} that torch can see")
    if not gpus:
        problem = snap.gpu_problem or "none listed"
        out.append(verdict_for(gpu_meta, UNKNOWN if _probe_broken(problem) else UNMET, "GPU",
                            f"no GPU visible ({problem})", gpu_required,
                            fix="run on a machine with an NVIDIA GPU and its driver "
                                "(containers: --gpus all), and check CUDA_VISIBLE_DEVICES",
                            key="devices", hardware=True))
        return out

    eligible = gpus
    undecided: list[Gpu] = []  # GPUs whose capability or memory the probe did not report
    if req.capability is not None:
        cap_spec = req.capability
        undecided = [g for g in eligible if g.capability is None]
        eligible = [g for g in eligible if _has_capability(req, g)]
        caps = ", ".join(f"cuda:{g.index} {g.name} {g.capability or '?'}" for g in gpus)
        status = PASS if eligible else (UNKNOWN if undecided else UNMET)
        out.append(verdict_for(meta, status, "compute capability", caps, spec_text(cap_spec),
                            fix="run on a GPU of that compute capability", key="capability", hardware=True))
    if req.memory is not None:
        mem = req.memory
        before = eligible
        eligible = [g for g in eligible if _has_memory(req, g)]
        undecided = [g for g in undecided if g.memory_total is None or g.memory_total >= mem]
        undecided += [g for g in before if g.memory_total is None]
        mems = ", ".join(
            f"cuda:{g.index} {format_size(g.memory_total) if g.memory_total else '?'}" for g in gpus
        )
        status = PASS if eligible else (UNKNOWN if any(g.memory_total is None for g in before) else UNMET)
        out.append(verdict_for(meta, status, "GPU memory", mems, f">= {format_size(mem)} per GPU",
                            fix="run on GPUs with more memory", key="memory", hardware=True))
    qualifier = " qualifying" if (req.capability or req.memory) else ""
    found = f"{len(eligible)}{qualifier} of {len(gpus)} visible"
    if len(eligible) >= wanted:
        status = PASS
    elif len(eligible) + len(undecided) >= wanted:
        status = UNKNOWN  # an unreported capability or memory is not a missing GPU
        unreported = " and ".join(
            [w for w, missing in (("compute capability", any(g.capability is None for g in undecided)),
                                  ("memory", any(g.memory_total is None for g in undecided))) if missing])
        found += f", {len(undecided)} more whose {unreported} the probe did not report"
    else:
        status = UNMET
    out.append(verdict_for(gpu_meta, status, "GPU", f"{found} ({snap.gpu_summary})", gpu_required,
                        fix="run on a machine with more GPUs, or widen CUDA_VISIBLE_DEVICES",
                        key="devices", hardware=True))

    driver = snap.driver
    if req.driver is not None:
        ok = driver is not None and req.driver.contains(driver, prereleases=True)
        out.append(verdict_for(meta, PASS if ok else UNMET, "NVIDIA driver", driver or "unknown",
                               spec_text(req.driver), fix="upgrade the NVIDIA driver", key="driver"))
    if runtime is not None:
        out.append(_driver_verdict(meta, runtime, driver, torch_plan, torch.version if torch else None))
    return out


_BROKEN_PROBE = ("did not answer", "unexpected line", "failed:", "could not be run", "exited with",
                 LOCKFILE_GPU_PROBLEM)


def _probe_broken(problem: str) -> bool:
    """A tool that is there but fails makes the GPU question unknown; a machine with no NVIDIA
    software at all (no nvidia-smi, no NVML library) simply has no GPU."""
    for part in problem.split("; "):
        if any(w in part for w in _BROKEN_PROBE):
            return True
        if part.startswith("NVML could not be initialised") and "Library Not Found" not in part:
            return True
    return False


def _driver_verdict(meta: Meta, runtime: str, driver: str | None, torch_plan: TorchIndex | None = None,
                    installed: str | None = None) -> Verdict:
    subject = "NVIDIA driver"
    meta = _own(meta, f"a driver runs CUDA {runtime} code, torch's runtime, only from the version NVIDIA's "
                      "toolkit/driver table names")
    if driver is None:
        return verdict_for(meta, UNKNOWN, subject, "unknown", f"able to run CUDA {runtime}",
                           key="driver")
    check = cuda_table.check_driver(runtime, driver)
    required = f"able to run CUDA {runtime} (>= {check.needed or '?'}"
    required += f", or >= {check.compat_needed} with minor-version compatibility)" if check.compat_needed else ")"
    if check.ok is None:
        return verdict_for(meta, UNKNOWN, subject, driver, required, key="driver",
                           note=f"CUDA {runtime} is not in NVIDIA's driver table known to this version")
    if check.ok:
        note = (f"runs CUDA {runtime} through minor-version compatibility (PTX JIT not guaranteed)"
                if check.via_minor_compat else None)
        return verdict_for(meta, PASS, subject, driver, required, note=note, key="driver")
    newest = cuda_table.newest_runtime_for(driver)
    fix = f"upgrade the NVIDIA driver to >= {check.needed}"
    if newest is not None and torch_plan is not None:
        if torch_plan.tag:
            fix += f", or install torch built for CUDA <= {newest}: {torch_plan.fix}"
        elif torch_plan.conflict:
            fix += f"; {torch_plan.conflict}"
    elif newest is not None:
        tag = _torch_index_for(SpecifierSet(f"<={newest}"), driver)
        if tag:
            fix += f", or install torch built for CUDA <= {newest}: {install_torch(tag, installed=installed)}"
    return verdict_for(meta, UNMET, subject, driver, required, fix=fix, key="driver")
