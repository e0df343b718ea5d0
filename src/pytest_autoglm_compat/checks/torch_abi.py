"""Which torch a compiled extension was built against: its torch C++ symbols, held against the installed torch.

torch has no stable C++ ABI: an extension built against one torch release names mangled
``c10::``/``at::``/``torch::`` symbols that another release may not define (auto-gptq 0.7.1's
PyPI kernels, built against torch 2.2.1, need ``c10::cuda::ExchangeDevice(int)``, which torch
2.14 no longer exports). Python loads extensions with RTLD_NOW, so one missing symbol is an
``ImportError: ... undefined symbol: _ZN3c10...`` at import. Both sides are read from the files:
the extension's undefined dynamic symbols, and the installed torch's libraries looked up through
their ``.gnu.hash`` tables (a name costs a few hash-chain reads; walking all 74,567 defined
symbols of torch 2.14.1's 446 MB ``libtorch_cpu.so`` with pyelftools takes 4 s, the lookups
about 60 ms: benchmarks/torch_abi.md).

The torch release line a published binary was built against (``built_for_torch`` in a contract)
also decides which PyTorch index can supply it: :data:`TORCH_LINE_INDEXES`.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..model.torch_lines import line_spec
from ..model.verdict import PASS, UNMET, Verdict, verdict_for

if TYPE_CHECKING:
    from ..model.requirements import ExtensionRequirement
    from ..model.torch_index import TorchIndex

SOURCE = ("ld.so(8): a module loaded with RTLD_NOW (Python's default dlopen flags) needs every undefined symbol "
          "defined by a library in its load order; measured: auto-gptq 0.7.1's kernels against torch 2.13.0 and "
          "2.14.1 (docs/compatibility.md)")


# --------------------------------------------------------------------------- release lines and indexes


# --------------------------------------------------------------------------- reading the files


# --------------------------------------------------------------------------- the verdict


def verdicts(req: ExtensionRequirement, fact: Mapping[str, Any] | None,
             torch_plan: TorchIndex | None = None) -> list[Verdict]:
    """Whether the installed torch defines every torch symbol the extension's file names; read, not loaded."""
    found_facts = fact.get("torch_abi") if fact else None
    if not isinstance(found_facts, Mapping):
        return []

    meta = replace(req.meta, fix=None, source=SOURCE)
    subject = f"extension {req.module}: torch C++ symbols"
    torch = found_facts["torch"]
    total = found_facts["symbols"]
    required = "every torch symbol it links defined by the installed torch's libraries"
    missing: list[list[str]] = found_facts.get("missing") or []
    if not missing:
        libs = ", ".join(found_facts.get("libraries") or [])
        return [verdict_for(meta, PASS, subject, f"all {total} torch symbols it links are defined in torch {torch} "
                            f"({libs})", required)]
    found = (f"{len(missing)} of its {total} torch symbols undefined in torch {torch} (e.g. {missing[0][1]}) "
             "— built against another torch")
    absent = found_facts.get("absent") or []
    note = (f"Python loads extensions with RTLD_NOW: importing it fails with 'undefined symbol: {missing[0][0]}'"
            + (f"; torch {torch} has no {', '.join(absent)}" if absent else ""))
    distribution = (fact or {}).get("distribution") or {}
    return [verdict_for(meta, UNMET, subject, found, required, note=note,
                        fix=_fix(req, torch_plan, distribution))]


def _fix(req: ExtensionRequirement, torch_plan: TorchIndex | None, distribution: Mapping[str, str]) -> str:
    if req.built_for_torch and torch_plan is not None and (torch_plan.tag or torch_plan.conflict):
        return torch_plan.fix
    if req.built_for_torch:
        from ..model.values import spec_text

        return f"pip install 'torch{spec_text(line_spec(req.built_for_torch))}'"
    name, version = distribution.get("name"), distribution.get("version")
    if name:
        pin = f"=={version}" if version else ""
        return (f"install the torch release {name} {version or ''} was built against (set built_for_torch in the "
                f"contract to have it named), or rebuild it against this torch: pip install --no-build-isolation "
                f"--no-binary {name} '{name}{pin}'").replace("  ", " ")
    return "install the torch release it was built against, or rebuild it against the installed torch"

