"""GPU code held against the GPUs: ``[[kernels]]``, every ``[[extension]]``, and torch in ``[cuda]``.

A binary says which GPUs it can run on without being loaded: its fatbins list SASS
(``sm_XY``) and PTX (``compute_XY``) images (read by :mod:`gpu_code`, headers only).
Reading happens in this process, never importing anything: listing a distribution's
files costs 1-90 ms (torch has 14,700), reading the headers of torch's 500 MB
``libtorch_cuda.so`` about 30 ms; facts are cached by the files' stat as API facts are.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..facts.binaries import gpu_code
from ..facts.binaries.gpu_code import Image, is_tegra
from ..facts.binaries.installed_gpu_code import images_from_json
from ..model import cuda_table
from ..model.verdict import NOT_CHECKED, PASS, UNKNOWN, UNMET, Verdict, verdict_for
from .cuda import eligible_gpus

if TYPE_CHECKING:
    from ..facts.probe import Gpu, Snapshot
    from ..model.requirements import CudaRequirement, ExtensionRequirement, KernelsRequirement, Meta
    from ..model.torch_index import TorchIndex

Fact = dict[str, Any]
#: the fix line for a GPU of a capability the binary's images do not run on
FixFor = Callable[[str, Sequence[Image]], str]

#: Libraries shipped once per CUDA version, of which one is loaded (bitsandbytes: libbitsandbytes_cuda126.so).
_CUDA_VARIANT = re.compile(r"_cuda(\d{3})(?:_\w+)?\.(?:so|dll)")
NO_KERNEL_IMAGE = "no kernel image is available for execution on the device"

#: Which SASS/PTX PyTorch's Linux x86 wheels carry per CUDA index, newest index first. Source: pytorch
#: RELEASE.md "PyTorch CUDA Support Matrix" (releases 2.11/2.12; pytorch/pytorch#172663, #182849);
#: torch 2.14.1+cu130 measured here: SASS sm_75 ... sm_120, torch.cuda.get_arch_list() agrees.
TORCH_INDEX_ARCHES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("cu130", (75, 80, 86, 90, 100, 120)),
    ("cu128", (75, 80, 86, 90, 100, 120)),
    ("cu126", (50, 60, 70, 75, 80, 86, 90)),
)


# --------------------------------------------------------------------------- reading


# --------------------------------------------------------------------------- verdict texts


def _sm(capability: str) -> str:
    return "sm_" + capability.replace(".", "")


def _capability(gpu: Gpu) -> tuple[int, int] | None:
    try:
        major, minor = (gpu.capability or "").split(".")
        return int(major), int(minor)
    except ValueError:
        return None


def gpu_groups(gpus: Sequence[Gpu]) -> list[list[Gpu]]:
    """Identical GPUs (name and capability) share one verdict."""
    groups: dict[tuple[str, str | None], list[Gpu]] = {}
    for g in gpus:
        groups.setdefault((g.name, g.capability), []).append(g)
    return list(groups.values())


def gpu_label(group: Sequence[Gpu]) -> str:
    first = group[0]
    where = ", ".join(f"cuda:{g.index}" for g in group)
    sm = _sm(first.capability) if first.capability else "compute capability not reported"
    return f"{first.name} ({where}, {sm})"


def files_label(files: Sequence[str]) -> str:
    if len(files) == 1:
        return files[0]
    common = os.path.commonpath(files) if all("/" in f for f in files) else ""
    suffixes = {os.path.splitext(f)[1] for f in files}
    kind = f" {suffixes.pop()}" if len(suffixes) == 1 else ""
    return f"{common}/ ({len(files)}{kind} files)" if common else f"{len(files)}{kind} files"


def runs_text(runner: gpu_code.Runner | None) -> str:
    if runner is None:
        return "has no kernel image in"
    if runner.jit:
        return f"runs PTX {runner.image.name}, JIT on first launch, from"
    return f"runs SASS {runner.image.name} from"


def _driver_cuda(snap: Snapshot) -> str | None:
    if not snap.driver:
        return None
    return cuda_table.newest_runtime_for(snap.driver, minor_compat=False)  # PTX JIT needs the driver's own


def _required(capability: str) -> str:
    major, _, minor = capability.partition(".")
    exact = minor == "0" or (major.isdigit() and minor.isdigit() and is_tegra((int(major), int(minor))))
    sass = _sm(capability) if exact else f"sm_{major}0 to {_sm(capability)}"
    return f"a kernel image for {_sm(capability)}: SASS {sass}, or PTX to JIT"


def hold(meta: Meta, subject: str, groups: Sequence[tuple[Sequence[str], tuple[Image, ...]]],
         gpus: Sequence[Gpu], snap: Snapshot, fix: FixFor, key: str | None = None) -> list[Verdict]:
    """One verdict per (kind of GPU, group of files carrying the same images)."""
    out: list[Verdict] = []
    driver_cuda = _driver_cuda(snap)
    for group in gpu_groups(gpus):
        label = gpu_label(group)
        cap = _capability(group[0])
        for files, images in groups:
            carries = f"{files_label(files)}, which {'carry' if len(files) > 1 else 'carries'} " \
                      f"{gpu_code.describe(images)}"
            if cap is None:
                out.append(verdict_for(meta, UNKNOWN, subject, f"{label}: cannot tell; {carries}",
                                       "a kernel image for the GPU", key=key))
                continue
            runner = gpu_code.runner_for(images, cap, driver_cuda)
            status = PASS if runner is not None else UNMET
            capability = f"{cap[0]}.{cap[1]}"
            out.append(verdict_for(meta, status, subject, f"{label} {runs_text(runner)} {carries}",
                                   _required(capability), fix=fix(capability, images), key=key))
    return out


def _carried_text(images: Sequence[Image]) -> str:
    return gpu_code.describe(images)


def _source_fix(dist: str | None, version: str | None, links_torch: bool) -> FixFor:
    def fix(capability: str, images: Sequence[Image]) -> str:
        what = f"{dist} {version}" if dist and version else (dist or "this binary")
        text = f"run on a GPU that {what} carries code for ({_carried_text(images)}), or install a build of it " \
               f"compiled for {_sm(capability)}"
        if links_torch and dist:
            pin = f"=={version}" if version else ""
            text += (f": TORCH_CUDA_ARCH_LIST=\"{capability}\" pip install --no-build-isolation --no-binary {dist} "
                     f"'{dist}{pin}' (builds from source; needs nvcc)")
        return text
    return fix


def torch_fix(capability: str, images: Sequence[Image], installed: str | None = None) -> str:
    """``installed``: the torch version where the fix is printed (model.torch_index.install_torch)."""
    from ..model.torch_index import install_torch

    major, minor = (int(p) for p in capability.split("."))
    for index, arches in TORCH_INDEX_ARCHES:
        carried = tuple(Image("sass", a) for a in arches)
        if gpu_code.runner_for(carried, (major, minor)) is not None:
            listed = ", ".join(f"sm_{a}" for a in arches)
            return (f"install a torch build that carries code for {_sm(capability)}: "
                    f"{install_torch(index, installed=installed)} (PyTorch's {index} wheels carry SASS {listed})")
    return (f"no current PyTorch wheel carries code for {_sm(capability)} (cu126 starts at sm_50); run on a newer "
            "GPU, or build torch from source with TORCH_CUDA_ARCH_LIST=\"" + capability + "\"")


# --------------------------------------------------------------------------- evaluation


def _groups(code: Mapping[str, Any], keep: Sequence[str]) -> list[tuple[list[str], tuple[Image, ...]]]:
    by_images: dict[tuple[Image, ...], list[str]] = {}
    for name in keep:
        by_images.setdefault(images_from_json(code[name]["images"]), []).append(name)
    return [(files, images) for images, files in by_images.items()]


def _loaded_variants(names: Sequence[str], snap: Snapshot) -> list[str]:
    """Of libraries built once per CUDA version, the one that torch's CUDA makes the package load."""
    tagged = {n: m.group(1) for n in names if (m := _CUDA_VARIANT.search(n.rsplit("/", 1)[-1]))}
    if len(set(tagged.values())) < 2 or snap.torch is None or not snap.torch.cuda:
        return list(names)
    want = snap.torch.cuda.replace(".", "")
    if want not in tagged.values():
        return list(names)
    return [n for n in names if tagged.get(n, want) == want]


def evaluate_kernels(req: KernelsRequirement, snap: Snapshot, fact: Mapping[str, Any] | None) -> list[Verdict]:
    meta = req.meta
    subject = f"GPU code of {req.package}"
    required = "a kernel image for every GPU"
    if fact is None:
        return [verdict_for(meta, UNKNOWN, subject, NOT_CHECKED, required)]
    if not fact.get("installed"):
        if not snap.gpus:
            return [verdict_for(meta, PASS, subject,
                                f"not applicable here (no GPU visible); {req.package} not installed", required)]
        # its kernels are what the tests launch on these GPUs: missing is not "nothing to check"
        return [verdict_for(meta, UNMET, subject, f"{req.package} not installed", required,
                            fix=f"pip install {req.package}")]
    code: Mapping[str, Any] = fact.get("code") or {}
    version = fact.get("version")
    errors = [f"{name}: {rec['error']}" for name, rec in code.items() if "error" in rec]
    out: list[Verdict] = []
    if errors:
        out.append(verdict_for(meta, UNKNOWN, subject, f"GPU code unreadable: {'; '.join(errors)[:500]}", required))
    readable = _loaded_variants([n for n, rec in code.items() if "images" in rec], snap)
    if not readable and not errors:
        return [verdict_for(meta, UNMET, subject, f"{req.package} {version} carries no GPU code", required,
                            fix=f"install a CUDA build of {req.package}")]
    if not snap.gpus:
        where = "; ".join(f"{files_label(f)}: {gpu_code.describe(i)}" for f, i in _groups(code, readable))
        return [*out, verdict_for(meta, PASS, subject, f"not applicable here (no GPU visible); {where}", required)]
    links_torch = any(code[n].get("links_torch") for n in readable)
    return out + hold(meta, subject, _groups(code, readable), snap.gpus, snap,
                      _source_fix(req.package, version, links_torch))


def extension_verdicts(req: ExtensionRequirement, fact: Mapping[str, Any] | None,
                       snap: Snapshot | None) -> list[Verdict]:
    """The GPU-code verdicts of an extension, read from its file whether or not it loads; none without GPU code."""
    if fact is None or snap is None or not snap.gpus:
        return []
    record = fact.get("gpu_code")
    if not isinstance(record, dict):
        return []
    subject = f"GPU code of extension {req.module}"
    if "error" in record:
        return [verdict_for(req.meta, UNKNOWN, subject, f"GPU code unreadable: {record['error']}",
                            "a kernel image for every GPU")]
    images = images_from_json(record.get("images") or [])
    if not images:
        return []  # a CPU extension, or one that loads its kernels from elsewhere
    origin = str(fact.get("origin") or req.module)
    distribution = fact.get("distribution") or {}
    needed = fact.get("needed") or []
    links_torch = any(str(n).startswith(("libc10", "libtorch")) for n in needed)
    return hold(req.meta, subject, [([os.path.basename(origin)], images)], snap.gpus, snap,
                _source_fix(distribution.get("name"), distribution.get("version"), links_torch))


def contract_torch_fix(torch_plan: TorchIndex | None, installed: str | None = None) -> FixFor:
    """The torch fix of a contract that chose one torch build (TorchIndex): every torch line of a report
    names that build, so a GPU's missing architecture does not get a second, different command."""
    if torch_plan is None or (torch_plan.tag is None and torch_plan.conflict is None):
        return lambda capability, images: torch_fix(capability, images, installed)

    def fix(capability: str, images: Sequence[Image]) -> str:
        if torch_plan.conflict:
            return str(torch_plan.conflict)
        return (f"{torch_plan.fix} (the contract's one torch build; it must carry code for {_sm(capability)}, "
                f"else run on a GPU it does: {torch_fix(capability, images, installed)})")
    return fix


def torch_verdicts(req: CudaRequirement, snap: Snapshot, fact: Mapping[str, Any] | None,
                   torch_plan: TorchIndex | None = None) -> list[Verdict]:
    """torch's own kernels against the GPUs the requirement can use (capability and memory)."""
    if fact is None or not fact.get("installed") or snap.torch is None or not snap.torch.cuda:
        return []
    code: Mapping[str, Any] = fact.get("code") or {}
    readable = [n for n, rec in code.items() if "images" in rec]
    gpus = eligible_gpus(req, snap.gpus) or list(snap.gpus)
    if not readable or not gpus:
        return []
    from dataclasses import replace

    meta = replace(req.meta, source=None, verified=True,  # the [cuda] table's why is its runtime's, not this
                   reason="torch launches its own kernels on the GPU: without code for its architecture they "
                          "fail with 'no kernel image is available for execution on the device'")
    return hold(meta, "GPU code of torch", _groups(code, readable), gpus, snap,
                contract_torch_fix(torch_plan, snap.torch.version), key="kernels")


# --------------------------------------------------------------------------- explain


