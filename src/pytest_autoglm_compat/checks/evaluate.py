"""Requirements x snapshot (x API facts) -> verdicts. Pure functions; no pytest, no imports.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ..facts.api_facts import check_id
from ..facts.probe import LOCKFILE_GPU_PROBLEM, LOCKFILE_SOURCE, Gpu, Snapshot
from ..model import cuda_table
from ..model.cuda_table import TORCH_CUDA_TAGS
from ..model.requirements import (
    ApiRequirement,
    CudaRequirement,
    ExtensionRequirement,
    KernelsRequirement,
    Meta,
    Origin,
    PackageRequirement,
    PythonRequirement,
    Requirement,
)
from ..model.values import format_size, spec_text

if TYPE_CHECKING:
    from ..facts.binaries.elf import BuiltFor
    from ..tools.plan import TorchIndex

PASS = "pass"
UNMET = "unmet"
UNKNOWN = "unknown"
NOT_CHECKED = "not checked"  # found: a snapshot or lock file cannot answer an API/extension check



@dataclass(frozen=True)
class Verdict:
    status: str
    subject: str
    found: str
    required: str
    origin: Origin
    reason: str | None = None
    fix: str | None = None
    source: str | None = None
    note: str | None = None
    verified: bool = True

    @property
    def ok(self) -> bool:
        return self.status == PASS

    @property
    def group_key(self) -> tuple[str | None, ...]:
        """Same finding declared in many places (a marker and the contract, say) is reported once."""
        return (self.status, self.subject, self.found, self.required)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "subject": self.subject,
            "found": self.found,
            "required": self.required,
            "declared": str(self.origin),
            "reason": self.reason,
            "fix": self.fix,
            "source": self.source,
            "note": self.note,
            "verified": self.verified,
        }


def _verdict(meta: Meta, status: str, subject: str, found: str, required: str, *,
             fix: str | None = None, note: str | None = None, key: str | None = None) -> Verdict:
    origin = meta.origin
    if key is not None and origin.file is not None:
        origin = Origin(f"{origin.key}.{key}", origin.file)
    return Verdict(
        status=status,
        subject=subject,
        found=found,
        required=required,
        origin=origin,
        reason=meta.reason,
        fix=meta.fix or (fix if status != PASS else None),
        source=meta.source,
        note=note,
        verified=meta.verified,
    )


# --------------------------------------------------------------------------- python, packages


def evaluate_python(req: PythonRequirement, snap: Snapshot) -> Verdict:
    ok = req.specifier.contains(snap.python, prereleases=True)
    return _verdict(req.meta, PASS if ok else UNMET, "Python", snap.python, spec_text(req.specifier),
                    fix=f"use a Python {req.specifier} interpreter for this environment")


def _install_cmd(name: str, spec: SpecifierSet) -> str:
    text = f"{name}{spec_text(spec)}"
    index = _local_index(spec) if name == "torch" else None
    cmd = f"pip install '{text}'" if str(spec) else f"pip install {name}"
    return f"{cmd} --index-url {index}" if index else cmd


def _local_index(spec: SpecifierSet) -> str | None:
    for s in spec:
        if "+" in s.version:
            label = s.version.split("+", 1)[1]
            if re.fullmatch(r"cu\d+|cpu|rocm[\d.]+", label):
                return f"https://download.pytorch.org/whl/{label}"
    return None


def evaluate_package(req: PackageRequirement, snap: Snapshot, torch_plan: TorchIndex | None = None) -> Verdict:
    verdict = _evaluate_package(req, snap)
    if req.name == "torch" and torch_plan is not None and verdict.status != PASS and not req.absent:
        return replace(verdict, fix=torch_plan.fix)  # the report's one torch build (plan.torch_index)
    return verdict


def _evaluate_package(req: PackageRequirement, snap: Snapshot) -> Verdict:
    meta = req.meta
    if req.marker is not None and not req.marker.evaluate(dict(snap.marker_env)):
        return _verdict(meta, PASS, req.name, "not applicable here", req.display,
                        note=f"marker {req.marker} is false in this environment")
    installed = snap.packages.get(req.name)
    shadow = snap.shadowed.get(req.name)
    note = f"other copies on sys.path are shadowed: {', '.join(shadow)}" if shadow else None
    if req.absent:
        if installed is None:
            return _verdict(meta, PASS, req.name, "not installed", "not installed")
        return _verdict(meta, UNMET, req.name, installed, "not installed",
                        fix=f"pip uninstall -y {req.name}", note=note)
    if installed is None:
        unreadable = _broken_metadata(req.name, snap.broken)
        if unreadable is not None:
            return _verdict(meta, UNKNOWN, req.name, f"metadata unreadable ({unreadable})", req.display,
                            fix=f"pip install --force-reinstall '{req.name}{spec_text(req.specifier)}'")
        if req.optional:
            return _verdict(meta, PASS, req.name, "not installed (optional)", req.display)
        return _verdict(meta, UNMET, req.name, "not installed", req.display,
                        fix=_install_cmd(req.name, req.specifier))
    try:
        version = Version(installed)
    except InvalidVersion:
        return _verdict(meta, UNKNOWN, req.name, f"version {installed!r} is not PEP 440",
                        req.display, fix=_install_cmd(req.name, req.specifier))
    ok = req.specifier.contains(version, prereleases=True)
    return _verdict(meta, PASS if ok else UNMET, req.name, installed, req.display,
                    fix=_install_cmd(req.name, req.specifier), note=note)


def _broken_metadata(name: str, broken: Iterable[str]) -> str | None:
    """A dist-info whose METADATA cannot be read may well be the package asked for."""
    for entry in broken:
        path = entry.split(":", 1)[0]
        stem = path.rstrip("/").rsplit("/", 1)[-1]
        if stem.endswith((".dist-info", ".egg-info")) and canonicalize_name(stem.split("-", 1)[0]) == name:
            return entry
    return None


# --------------------------------------------------------------------------- CUDA


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


def eligible_gpus(req: CudaRequirement, gpus: Iterable[Gpu]) -> list[Gpu]:
    """The GPUs that meet the requirement's capability and memory."""
    return [g for g in gpus if _has_capability(req, g) and _has_memory(req, g)]


def evaluate_cuda(req: CudaRequirement, snap: Snapshot, torch_plan: TorchIndex | None = None) -> list[Verdict]:
    """``torch_plan``: the contract's one torch build (plan.torch_index), which every torch fix names."""
    meta = req.meta
    out: list[Verdict] = []
    runtime_required = spec_text(req.runtime) if req.runtime else "a CUDA build"
    index = _torch_index_for(req.runtime, snap.driver)
    torch_fix = torch_plan.fix if torch_plan is not None else (
        f"pip install torch --index-url https://download.pytorch.org/whl/{index}"
        if index else "install a torch build for a CUDA runtime this driver supports"
    )
    torch = snap.torch
    runtime = torch.cuda if torch else None
    if torch is None and snap.torch_problem:
        out.append(_verdict(meta, UNKNOWN, "CUDA runtime of torch", snap.torch_problem, runtime_required,
                            fix="pip install --force-reinstall torch (with the index URL of its CUDA build)",
                            key="runtime"))
    elif torch is None:
        out.append(_verdict(meta, UNMET, "CUDA runtime of torch", "torch not installed", runtime_required,
                            fix=torch_fix, key="runtime"))
    elif runtime is None and snap.gpu_source == LOCKFILE_SOURCE and torch is not None and "+" not in torch.version:
        out.append(_verdict(meta, UNKNOWN, "CUDA runtime of torch",
                            f"torch {torch.version} pinned without a +cuXYZ or +cpu label", runtime_required,
                            key="runtime"))
    elif runtime is None and torch.hip:
        out.append(_verdict(meta, UNMET, "CUDA runtime of torch",
                            f"ROCm build (torch {torch.version}, HIP {torch.hip})", runtime_required,
                            note="a ROCm build of torch runs on AMD GPUs through HIP; it cannot meet a CUDA "
                                 "requirement", fix=torch_fix, key="runtime"))
    elif runtime is None:
        out.append(_verdict(meta, UNMET, "CUDA runtime of torch",
                            f"CPU-only build (torch {torch.version})", runtime_required,
                            fix=torch_fix, key="runtime"))
    else:
        ok = req.runtime is None or req.runtime.contains(runtime, prereleases=True)
        out.append(_verdict(meta, PASS if ok else UNMET, "CUDA runtime of torch",
                            f"{runtime} (torch {torch.version})", runtime_required,
                            fix=torch_fix, key="runtime"))

    wanted = req.devices or 1
    gpus = list(snap.gpus)
    gpu_required = f"{wanted} NVIDIA GPU{'s' if wanted > 1 else ''}"
    if not gpus:
        problem = snap.gpu_problem or "none listed"
        out.append(_verdict(meta, UNKNOWN if _probe_broken(problem) else UNMET, "GPU",
                            f"no GPU visible ({problem})", gpu_required,
                            fix="run on a machine with an NVIDIA GPU and its driver "
                                "(containers: --gpus all), and check CUDA_VISIBLE_DEVICES",
                            key="devices"))
        return out

    eligible = gpus
    undecided: list[Gpu] = []  # GPUs whose capability or memory the probe did not report
    if req.capability is not None:
        cap_spec = req.capability
        undecided = [g for g in eligible if g.capability is None]
        eligible = [g for g in eligible if _has_capability(req, g)]
        caps = ", ".join(f"cuda:{g.index} {g.name} {g.capability or '?'}" for g in gpus)
        status = PASS if eligible else (UNKNOWN if undecided else UNMET)
        out.append(_verdict(meta, status, "compute capability", caps, spec_text(cap_spec),
                            fix="run on a GPU of that compute capability", key="capability"))
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
        out.append(_verdict(meta, status, "GPU memory", mems, f">= {format_size(mem)} per GPU",
                            fix="run on GPUs with more memory", key="memory"))
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
    out.append(_verdict(meta, status, "GPU", f"{found} ({snap.gpu_summary})", gpu_required,
                        fix="run on a machine with more GPUs, or widen CUDA_VISIBLE_DEVICES",
                        key="devices"))

    driver = snap.driver
    if req.driver is not None:
        ok = driver is not None and req.driver.contains(driver, prereleases=True)
        out.append(_verdict(meta, PASS if ok else UNMET, "NVIDIA driver", driver or "unknown",
                            spec_text(req.driver), fix="upgrade the NVIDIA driver", key="driver"))
    if runtime is not None:
        out.append(_driver_verdict(meta, runtime, driver, torch_plan))
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


def _driver_verdict(meta: Meta, runtime: str, driver: str | None, torch_plan: TorchIndex | None = None) -> Verdict:
    subject = "NVIDIA driver"
    if driver is None:
        return _verdict(meta, UNKNOWN, subject, "unknown", f"able to run CUDA {runtime}",
                        key="driver")
    check = cuda_table.check_driver(runtime, driver)
    required = f"able to run CUDA {runtime} (>= {check.needed or '?'}"
    required += f", or >= {check.compat_needed} with minor-version compatibility)" if check.compat_needed else ")"
    if check.ok is None:
        return _verdict(meta, UNKNOWN, subject, driver, required, key="driver",
                        note=f"CUDA {runtime} is not in NVIDIA's driver table known to this version")
    if check.ok:
        note = (f"runs CUDA {runtime} through minor-version compatibility (PTX JIT not guaranteed)"
                if check.via_minor_compat else None)
        return _verdict(meta, PASS, subject, driver, required, note=note, key="driver")
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
            fix += (f", or install torch built for CUDA <= {newest}: "
                    f"pip install torch --index-url https://download.pytorch.org/whl/{tag}")
    return _verdict(meta, UNMET, subject, driver, required, fix=fix, key="driver")


# --------------------------------------------------------------------------- API surfaces


def evaluate_api(req: ApiRequirement, fact: Mapping[str, Any] | None, snap: Snapshot | None = None) -> Verdict:
    meta = req.meta
    subject = req.target
    required = _api_required(req)
    if fact is None:
        return _verdict(meta, UNKNOWN, subject, NOT_CHECKED, required)
    if "child_problem" in fact:
        return _verdict(meta, UNKNOWN, subject, f"check failed: {fact['child_problem']}", required)
    error = fact.get("import_error")
    if error is not None:
        text = f"{error['type']}: {error['message']}"
        not_found = _missing_package(req.module, error)
        if req.absent and not_found is not None:
            found = f"module {req.module} not importable"
            if not_found != req.module:
                found += f" (no module named {not_found!r})"
            return _verdict(meta, PASS, subject, found, required)
        from ..knowledge import known_failures  # only when an import failed

        # the installed versions scope the hint (peft 0.19 installed: "0.19 removed it", not both directions)
        versions = (known_failures.Versions.installed(snap.packages, snap.torch.cuda if snap.torch else None)
                    if snap is not None else None)
        hint = known_failures.explain(known_failures.Failure.from_name(error["type"], error["message"]), versions)
        return _verdict(meta, UNMET, subject, f"import {req.module} fails: {text}", required,
                        note=hint.cause if hint else None, fix=hint.fix if hint else None)
    if not fact.get("exists"):
        found = f"{fact.get('missing_in')} has no attribute {fact.get('missing')!r}"
        return _verdict(meta, PASS if req.absent else UNMET, subject, found if not req.absent else "absent",
                        required)
    kind = fact.get("kind", "?")
    if req.absent:
        return _verdict(meta, UNMET, subject, f"present ({kind})", required)
    problems = []
    if req.kind is not None and not _kind_matches(req.kind, kind):
        problems.append(f"{kind} {fact.get('repr', '')}".strip())
    if req.fields:
        missing = [f for f in req.fields if f not in fact.get("fields", [])]
        if missing:
            problems.append(f"no field{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if req.params:
        missing = [p for p in req.params if p not in fact.get("params", [])]
        if missing:
            problems.append(f"no parameter{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if req.subclass_of:
        base_error = fact.get("subclass_error")
        if base_error is not None:
            problems.append(f"base {req.subclass_of} unavailable ({base_error['type']}: {base_error['message']})")
        elif not fact.get("subclass"):
            problems.append(f"not a subclass of {req.subclass_of}")
    if req.equals is not None or req.version is not None:
        problems += _value_problems(req, fact)
    if problems:
        return _verdict(meta, UNMET, subject, "; ".join(problems), required)
    return _verdict(meta, PASS, subject, f"{kind}", required)


def _missing_package(module: str, error: Mapping[str, Any]) -> str | None:
    """The target's module or one of its parent packages, when that is what was not found.

    A dependency missing inside an installed package is not the name being absent.
    """
    if error.get("type") != "ModuleNotFoundError":
        return None
    parts = module.split(".")
    prefixes = [".".join(parts[: i + 1]) for i in range(len(parts))]
    name = error.get("name")
    if isinstance(name, str):
        return name if name in prefixes else None
    message = str(error.get("message", ""))  # facts from before the worker reported the name
    return next((p for p in prefixes if f"No module named '{p}'" in message), None)


def _value_problems(req: ApiRequirement, fact: Mapping[str, Any]) -> list[str]:
    if "value" not in fact:
        return [f"not a plain value: {fact.get('repr', '?')}"]
    value = fact["value"]
    if req.equals is not None:
        same = type(value) is type(req.equals) and value == req.equals
        return [] if same else [f"value {value!r}"]
    assert req.version is not None
    try:
        version = Version(str(value))
    except InvalidVersion:
        return [f"value {value!r} is not a version"]
    return [] if req.version.contains(version, prereleases=True) else [f"version {value}"]


def _kind_matches(wanted: str, actual: str) -> bool:
    if wanted == actual:
        return True
    return wanted == "callable" and actual in ("function", "class", "callable")


def _api_required(req: ApiRequirement) -> str:
    if req.absent:
        return "absent"
    parts = [f"kind {req.kind}"] if req.kind else []
    if req.fields:
        parts.append(f"fields {', '.join(req.fields)}")
    if req.params:
        parts.append(f"parameters {', '.join(req.params)}")
    if req.subclass_of:
        parts.append(f"subclass of {req.subclass_of}")
    if req.equals is not None:
        parts.append(f"== {req.equals!r}")
    if req.version is not None:
        parts.append(f"version {spec_text(req.version)}")
    return ", ".join(parts) or "exists"


def evaluate_extension(req: ExtensionRequirement, fact: Mapping[str, Any] | None,
                       snap: Snapshot | None = None, torch_plan: TorchIndex | None = None) -> Verdict:
    """Import result of a compiled extension, classified, with what it was built for.

    Where the fix is to install another torch build, it is ``torch_plan``'s: the one build the
    contract's [cuda] runtime and its extensions' CUDA major agree on.
    """
    meta = req.meta
    subject = f"extension {req.module}"
    required = "imports"
    if fact is None:
        return _verdict(meta, UNKNOWN, subject, NOT_CHECKED, required)
    torch = snap.torch if snap else None
    torch_cuda = torch.cuda if torch else None
    distribution = fact.get("distribution") or {}
    from ..facts.binaries import elf
    from ..knowledge import known_failures  # extensions only

    built = elf.built_for(fact.get("needed"), distribution.get("version"))
    evidence = _built_for_text(built, distribution)
    if "child_problem" in fact:
        return _verdict(meta, UNMET, subject, f"crashes the process: loading it {fact['child_problem']}{evidence}",
                        required, fix="reinstall the package that provides it; run python -X faulthandler "
                        f"-c 'import {req.module}' to see where it dies")
    error = fact.get("import_error")
    if error is None:
        note = None
        if built.cuda_major and torch_cuda and built.cuda_major != torch_cuda.split(".")[0]:
            note = (f"it was built for CUDA {built.cuda_major} ({built.cuda_from}) but torch uses "
                    f"CUDA {torch_cuda}; it loads, yet two CUDA runtimes in one process are fragile")
        return _verdict(meta, PASS, subject, f"imports ({fact.get('module_file')}){evidence}", required, note=note)
    message = error["message"]
    if error["type"] == "ModuleNotFoundError" and _names_module(message, req.module):
        return _verdict(meta, UNMET, subject, f"not installed ({error['type']}: {message})", required,
                        fix="install a build of the package that provides it with its compiled extensions "
                        "(a wheel for your CUDA and torch, or build from source with CUDA present)")
    hint = None
    if known_failures.Failure.from_name(error["type"], message).is_load_error:  # the loader's text, in a load error
        hint = known_failures.explain_load_error(message, torch_cuda=torch_cuda,
                                                 torch_version=torch.version if torch else None)
    category = hint.category if hint and hint.category else "import error"
    verdict = _verdict(meta, UNMET, subject, f"{category}: {error['type']}: {message}{evidence}", required,
                       note=hint.cause if hint else None)
    if hint and torch_plan is not None and hint.fix.startswith("pip install torch --index-url"):
        return replace(verdict, fix=torch_plan.fix)
    return replace(verdict, fix=hint.fix) if hint else verdict


def _names_module(message: str, module: str) -> bool:
    parts = module.split(".")
    return any(f"'{'.'.join(parts[: i + 1])}'" in message for i in range(len(parts)))


def _built_for_text(built: BuiltFor, distribution: Mapping[str, str]) -> str:
    bits = []
    if distribution:
        bits.append(f"from {distribution.get('name')} {distribution.get('version')}")
    if built.cuda_major:
        bits.append(f"built for CUDA {built.cuda_major} ({built.cuda_from})")
    if built.links_torch:
        bits.append("links libtorch/libc10")
    return f"; {', '.join(bits)}" if bits else ""


def evaluate_extension_abi(req: ExtensionRequirement, fact: Mapping[str, Any] | None) -> list[Verdict]:
    """What the extension's file needs from the machine, apart from loading it: symbol versions, wheel tag.

    Read from the file (abi.machine_facts), so it holds also when the module cannot be loaded;
    nothing when the file was not found (the load verdict says so).
    """
    facts = fact.get("abi") if fact else None
    if not isinstance(facts, Mapping):
        return []
    from ..facts.binaries import abi

    meta = replace(req.meta, fix=None, source=abi.SOURCE)  # the contract's fix is about loading it
    wheel = facts.get("wheel")
    dist = wheel["distribution"] if wheel else None
    out = []
    have, need = _abi_have_need(facts)
    if need:
        missing = abi.missing_versions(facts)
        subject = f"extension {req.module}: symbol versions"
        required = f"{', '.join(need)} (the newest of each kind in its .gnu.version_r)"
        if not missing:
            out.append(_verdict(meta, PASS, subject, have, required))
        else:
            soname, provider, names = missing[0]
            found = abi.loader_message(provider, names[0], facts["binary"])
            also = [n for _, _, ns in missing for n in ns][1:]
            found += f"; also missing: {', '.join(also)}" if also else ""
            lib = (facts.get("libraries") or {}).get(soname)
            where = (f"{provider} (found via {lib['how']}) defines up to {', '.join(abi.newest(lib['defines']))}"
                     if lib else f"this system's glibc is {facts.get('glibc')}")
            out.append(_verdict(meta, UNMET, subject, found, required,
                                note=f"{where}; the loader refuses the module before any of its code runs",
                                fix=abi.fix_for(soname, names, facts, dist)))
    if wheel and wheel["tags"]:
        subject = f"wheel {dist}: platform tag"
        found = f"{', '.join(wheel['tags'])} on {wheel['machine']}"
        required = "a platform tag this machine accepts (packaging.tags.platform_tags)"
        if wheel["compatible"]:
            out.append(_verdict(meta, PASS, subject, found, required))
        else:
            name, _, version = dist.partition(" ") if dist else ("the package", "", "")
            out.append(_verdict(meta, UNMET, subject, found, required,
                                note="; ".join(abi.platform_problem(t, wheel["machine"]) for t in wheel["tags"]),
                                fix=f"pip install --force-reinstall --only-binary=:all: '{name}=={version}' (pip picks "
                                "a wheel this machine accepts, if the release has one), or build it here from source"))
    return out


def _abi_have_need(facts: Mapping[str, Any]) -> tuple[str, list[str]]:
    """What this machine provides (found) and the newest versions the binary needs (required)."""
    from ..facts.binaries import abi

    names: list[str] = []
    have: list[str] = []
    libraries = facts.get("libraries") or {}
    for soname, wanted in facts.get("needs") or ():
        if soname in abi.GLIBC_SONAMES and facts.get("glibc"):
            names += wanted
            if f"glibc {facts['glibc']}" not in have:
                have.append(f"glibc {facts['glibc']}")
        elif isinstance(libraries.get(soname), dict):
            names += wanted
            lib = libraries[soname]
            have.append(f"{lib['path']} ({lib['how']}) up to {', '.join(abi.newest(lib['defines']))}")
    have.sort(key=lambda text: not text.startswith("glibc "))  # glibc first, then the GCC runtime in needs order
    return "; ".join(have), abi.newest(names)


# --------------------------------------------------------------------------- dispatch


def evaluate(req: Requirement, snap: Snapshot, facts: Mapping[str, Mapping[str, Any]],
             torch_plan: TorchIndex | None = None) -> list[Verdict]:
    """``torch_plan``: the contract's one torch build; without it each verdict suggests its own."""
    if isinstance(req, PythonRequirement):
        return [evaluate_python(req, snap)]
    if isinstance(req, PackageRequirement):
        return [evaluate_package(req, snap, torch_plan)]
    if isinstance(req, CudaRequirement):
        verdicts = evaluate_cuda(req, snap, torch_plan)
        if "kernels:torch" in facts:
            from . import kernels as kernel_checks

            verdicts += kernel_checks.torch_verdicts(req, snap, facts["kernels:torch"], torch_plan)
        return verdicts
    if isinstance(req, ApiRequirement):
        return [evaluate_api(req, facts.get(check_id(req)), snap)]
    if isinstance(req, KernelsRequirement):
        from . import kernels as kernel_checks

        return kernel_checks.evaluate_kernels(req, snap, facts.get(kernel_checks.fact_id(req.package)))
    fact = facts.get(check_id(req))
    from . import torch_abi

    verdicts = [evaluate_extension(req, fact, snap, torch_plan), *evaluate_extension_abi(req, fact),
                *torch_abi.verdicts(req, fact, torch_plan)]
    if fact is not None and "gpu_code" in fact:
        from . import kernels as kernel_checks

        verdicts += kernel_checks.extension_verdicts(req, fact, snap)
    return verdicts
