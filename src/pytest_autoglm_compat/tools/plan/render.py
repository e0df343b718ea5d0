"""A plan as the user reads it: the plan file's lines (or why there is none), or JSON.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from .make import Plan


def render_text(plan: Plan, plan_file: str | None) -> str:
    where = f"contract {plan.contract.name} ({plan.contract.file}), sections: {', '.join(plan.sections) or 'none'}"
    files = f"; requirements: {', '.join(plan.files)}" if plan.files else ""
    if not plan.outcome.ok:
        lines = [f"no plan: nothing satisfies {where}{files} (resolved by {plan.outcome.resolver})"]
        for c in plan.outcome.conflicts:
            lines.append(f"CONFLICT {c.line}")
            if c.why:
                lines.append(f"  why the contract asks it: {c.why}")
        return "\n".join(lines) + "\n"
    name = plan_file or "plan.txt"
    lines = [f"# install plan for {where}{files}",
             f"# resolved by {plan.outcome.resolver} for Python {plan.outcome.python or '?'} with this "
             "machine's pip configuration"]
    if plan.torch is not None and plan.torch.tag:
        lines.append(f"# torch: the {plan.torch.tag} build ({'; '.join(plan.torch.reasons)})")
    elif any(p.name == "torch" and p.url for p in plan.pins):
        lines.append("# torch: the one your file names by URL, kept as it is (the contract's build is not chosen)")
    lines += [p.line for p in plan.pins]
    if plan.left_to_torch:
        lines.append(f"# left to torch's {plan.torch.tag if plan.torch else ''} build (its own CUDA libraries): "
                     + ", ".join(plan.left_to_torch))
    command = plan.command(name)
    if command is None and plan.torch is not None and plan.torch.conflict:
        lines.append(f"# no torch build: {plan.torch.conflict}")
    elif command is not None:
        saved = "" if plan_file else f" (save these lines as {name})"
        lines.append(f"# run{saved}: {command}")
    return "\n".join(lines) + "\n"


def to_json(plan: Plan, plan_file: str | None) -> dict[str, object]:
    return {
        "contract": plan.contract.name,
        "sections": plan.sections,
        "requirements": plan.files,
        "resolver": plan.outcome.resolver,
        "python": plan.outcome.python,
        "ok": plan.outcome.ok and not (plan.torch is not None and plan.torch.conflict),
        "pins": [p.line for p in plan.pins],
        "torch_index": plan.torch.url if plan.torch else None,
        "torch_reasons": list(plan.torch.reasons) if plan.torch else [],
        "torch_conflict": plan.torch.conflict if plan.torch else None,
        "left_to_torch": plan.left_to_torch,
        "command": plan.command(plan_file or "plan.txt"),
        "conflicts": [{"package": c.package, "contract": c.contract_side, "other": c.other_side, "why": c.why}
                      for c in plan.outcome.conflicts],
    }
