"""What ``autoglm-compat check`` prints on a terminal, and the lines it shares with its Markdown.

The check's own header (contract, sections, what was checked), one block per finding that needs
doing, and the count line that says why the exit status is what it is.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..checks import requirement_files as rj
from ..checks.user_files import not_checked, violated
from ..facts.inputs import requirement_files as ri
from ..facts.probe import Snapshot
from ..model.contract import Contract
from ..model.verdict import PASS, UNKNOWN, UNMET
from .report import VerdictGroup, block

__all__ = ["check_text", "counts_line", "judgement_labels", "requirements_lines", "user_summary"]


def judgement_labels(judgements: Iterable[rj.Judgement]) -> dict[str, str]:
    """The status each package of a user's file is shown with: its judgement, not pass/unmet."""
    return {j.name: {rj.GUARANTEED: "ok", rj.ALLOWED: "ALLOWED", rj.CONFLICT: "CONFLICT",
                     ri.NOT_INSTALLED: "UNMET"}[j.judgement]
            for j in judgements}


def user_summary(user: ri.UserInput, snap: Snapshot) -> str:
    """The header for a user's file: a torch range is not 'torch not installed'."""
    torch = user.by_name().get("torch", [])
    if snap.torch is not None or user.installed_state:
        text = snap.torch_summary
    elif torch:
        text = ", ".join(f"{e.text} (line {e.where.rsplit(':', 1)[-1]})" for e in torch) + ", build not known"
    else:
        text = "torch not in the file"
    python = f"Python {user.python} (named in the file)" if user.python else f"Python {snap.python} (this interpreter)"
    if user.machine is not None and user.machine.gpus:
        counted = {name: user.machine.gpus.count(name) for name in user.machine.gpus}
        shown = ", ".join(f"{n}x {name}" if n > 1 else name for name, n in counted.items())
        gpus = f"GPUs {shown}" + (f", driver {user.machine.driver}" if user.machine.driver
                                                         else ", driver not shown")
    else:
        gpus = ("GPUs not known from a requirements file" if user.kind in ri.FILE_KINDS
                else "GPUs not known from a package listing" if user.machine is None
                else f"GPUs not shown in the {user.kind} output")
    return f"{python}, {text}, {gpus}"


def requirements_lines(user: ri.UserInput, judgements: Sequence[rj.Judgement], *, strict: bool) -> list[str]:
    """What the file itself made us do: unreadable lines, and the judgement counts."""
    lines = [f"unreadable: {u}" for u in user.unreadable]
    n = {k: sum(j.judgement == k for j in judgements) for k in (rj.GUARANTEED, rj.ALLOWED, rj.CONFLICT)}
    rule = "counts as not met: --strict" if strict else "not a failure without --strict"
    missing = sum(j.judgement == ri.NOT_INSTALLED for j in judgements)
    lines.append(f"packages: {n[rj.GUARANTEED]} guaranteed, {n[rj.ALLOWED]} allowed but not guaranteed ({rule}), "
                 f"{n[rj.CONFLICT]} conflict" + (f", {missing} not installed" if missing else ""))
    return lines


def counts_line(groups: Sequence[VerdictGroup], *, allow_unknown: bool) -> str:
    asked = [g for g in groups if not not_checked(g.verdict)]
    n = {s: sum(g.verdict.status == s for g in asked) for s in (PASS, UNMET, UNKNOWN)}
    verdict = "violated" if violated((g.verdict for g in groups), allow_unknown=allow_unknown) else "satisfied"
    text = f"{verdict}: {n[PASS]} met, {n[UNMET]} unmet, {n[UNKNOWN]} unknown"
    if len(asked) < len(groups):
        text += f", {len(groups) - len(asked)} not checked"
    if n[UNKNOWN] and allow_unknown:
        text += " (unknown accepted: --allow-unknown)"
    elif n[UNKNOWN]:
        text += " (unknown counts as not met; --allow-unknown accepts it)"
    return text


def check_text(contract: Contract, sections: Sequence[str], source: str, snap: Snapshot,
               groups: Sequence[VerdictGroup], *, verbose: bool, allow_unknown: bool,
               labels: Mapping[str, str] | None = None, extra: Sequence[str] = (), summary: str | None = None) -> str:
    lines = [
        f"contract {contract.name} ({contract.file}), sections: {', '.join(sections) or 'none'}",
        f"checked: {source}: {summary or f'Python {snap.python}, {snap.torch_summary}, {snap.gpu_summary}'}",
    ]
    # by group, not by subject: `[[api]] target = "transformers"` not checked must not hide the
    # `packages.transformers` verdict of the same subject
    unasked = [g for g in groups if not_checked(g.verdict)]
    for g in groups:
        v = g.verdict
        label = (labels or {}).get(v.subject) or {PASS: "ok", UNMET: "UNMET", UNKNOWN: "UNKNOWN"}[v.status]
        if (label == "ok" and not verbose) or not_checked(v):
            continue
        lines_of = block(v)
        lines.append(f"{label} {lines_of[0]}")
        if label != "ok":
            lines.extend(lines_of[1:])
    if unasked:
        lines.append(f"not checked ({len(unasked)} API/extension checks need a live environment): "
                     + ", ".join(g.verdict.subject for g in unasked))
    lines.extend(extra)
    lines.append(counts_line(groups, allow_unknown=allow_unknown))
    return "\n".join(lines) + "\n"
