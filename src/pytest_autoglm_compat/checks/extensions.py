"""Compiled extensions: whether the module loads (its loader error translated), and what its file
needs from the machine besides GPUs (symbol versions, the wheel's platform tag).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..facts.probe import Snapshot
from ..model.hints import FailureExplainer
from ..model.requirements import (
    ExtensionRequirement,
)
from ..model.verdict import NOT_CHECKED, PASS, UNKNOWN, UNMET, Verdict, verdict_for

if TYPE_CHECKING:
    from ..facts.binaries.elf import BuiltFor
    from ..model.torch_index import TorchIndex


def evaluate_extension(req: ExtensionRequirement, fact: Mapping[str, Any] | None,
                       snap: Snapshot | None = None, torch_plan: TorchIndex | None = None,
                       explainer: FailureExplainer | None = None) -> Verdict:
    """Import result of a compiled extension, classified, with what it was built for.

    Where the fix is to install another torch build, it is ``torch_plan``'s: the one build the
    contract's [cuda] runtime and its extensions' CUDA major agree on.
    """
    meta = req.meta
    subject = f"extension {req.module}"
    required = "imports"
    if fact is None:
        return verdict_for(meta, UNKNOWN, subject, NOT_CHECKED, required)
    torch = snap.torch if snap else None
    torch_cuda = torch.cuda if torch else None
    distribution = fact.get("distribution") or {}
    from ..facts.binaries import elf

    built = elf.built_for(fact.get("needed"), distribution.get("version"))
    evidence = _built_for_text(built, distribution)
    if "child_problem" in fact:
        return verdict_for(meta, UNMET, subject, f"crashes the process: loading it {fact['child_problem']}{evidence}",
                        required, fix="reinstall the package that provides it; run python -X faulthandler "
                        f"-c 'import {req.module}' to see where it dies")
    error = fact.get("import_error")
    if error is None:
        note = None
        if built.cuda_major and torch_cuda and built.cuda_major != torch_cuda.split(".")[0]:
            note = (f"it was built for CUDA {built.cuda_major} ({built.cuda_from}) but torch uses "
                    f"CUDA {torch_cuda}; it loads, yet two CUDA runtimes in one process are fragile")
        return verdict_for(meta, PASS, subject, f"imports ({fact.get('module_file')}){evidence}", required, note=note)
    message = error["message"]
    if error["type"] == "ModuleNotFoundError" and _names_module(message, req.module):
        return verdict_for(meta, UNMET, subject, f"not installed ({error['type']}: {message})", required,
                        fix="install a build of the package that provides it with its compiled extensions "
                        "(a wheel for your CUDA and torch, or build from source with CUDA present)")
    hint = explainer.load_error(error["type"], message, torch_cuda=torch_cuda,
                                torch_version=torch.version if torch else None) if explainer else None
    category = hint.category if hint and hint.category else "import error"
    verdict = verdict_for(meta, UNMET, subject, f"{category}: {error['type']}: {message}{evidence}", required,
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
            out.append(verdict_for(meta, PASS, subject, have, required))
        else:
            soname, provider, names = missing[0]
            found = abi.loader_message(provider, names[0], facts["binary"])
            also = [n for _, _, ns in missing for n in ns][1:]
            found += f"; also missing: {', '.join(also)}" if also else ""
            lib = (facts.get("libraries") or {}).get(soname)
            where = (f"{provider} (found via {lib['how']}) defines up to {', '.join(abi.newest(lib['defines']))}"
                     if lib else f"this system's glibc is {facts.get('glibc')}")
            out.append(verdict_for(meta, UNMET, subject, found, required,
                                note=f"{where}; the loader refuses the module before any of its code runs",
                                fix=abi.fix_for(soname, names, facts, dist)))
    if wheel and wheel["tags"]:
        subject = f"wheel {dist}: platform tag"
        found = f"{', '.join(wheel['tags'])} on {wheel['machine']}"
        required = "a platform tag this machine accepts (packaging.tags.platform_tags)"
        if wheel["compatible"]:
            out.append(verdict_for(meta, PASS, subject, found, required))
        else:
            name, _, version = dist.partition(" ") if dist else ("the package", "", "")
            out.append(verdict_for(meta, UNMET, subject, found, required,
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
