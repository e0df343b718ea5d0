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
    if hint and torch_plan is not None and hint.fix.startswith(("pip install torch ", "pip install 'torch")):
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


