"""What the pytest plugin writes: skip/fail messages, the gate's section, the terminal summary.

The plugin imports this module at start-up, so :mod:`.report` (and the facts it reads) is
imported inside the functions, when there is something to render.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..facts.probe import Gpu
    from ..model.verdict import Verdict
    from .report import VerdictGroup


def describe(exc: BaseException) -> str:
    """An exception in one line, even one whose __str__ raises."""
    try:
        text = str(exc)
    except Exception:
        text = "<unprintable>"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def unmet_message(unmet: Sequence[Verdict]) -> str:
    """The first unmet verdict in full; the others by name (all are in the summary)."""
    from .report import one_line

    text = "autoglm-compat: " + one_line(unmet[0])
    if len(unmet) > 1:
        others = ", ".join(dict.fromkeys(v.subject for v in unmet[1:] if v.subject != unmet[0].subject))
        text += f" (+{len(unmet) - 1} more unmet{': ' + others if others else ''})"
    return text


def no_single_gpu(requirements: int, gpus: Iterable[Gpu]) -> str:
    """Each requires_cuda of a test is met by some GPU, none by one: the GPU fixtures' refusal."""
    shown = ", ".join(f"{g.index}: {g.name}" for g in gpus) or "none"
    return (f"autoglm-compat: no single GPU meets all of this test's CUDA requirements "
            f"({requirements} requires_cuda; each is met by some GPU, none by one); GPUs: {shown}")


def gate_lines(groups: Sequence[VerdictGroup], skipped_checks: int, invalid: Iterable[str]) -> list[str]:
    """The gate's section: what is unmet, which checks it did not run, the tests with a bad marker."""
    from .report import summary_lines

    lines = summary_lines(groups, policy="gate")
    if skipped_checks:
        lines.append(f"{skipped_checks} API/extension check(s) not run: the requirements above already fail")
    lines += invalid
    return lines


def summary_section(groups: Sequence[VerdictGroup], *, policy: str, gated: bool,
                    verbose: bool) -> tuple[str, str, list[str]]:
    """Title, colour and lines of the terminal summary; ``gated``: the groups are the gate's own."""
    bad = any(not g.verdict.ok for g in groups)
    if policy == "gate" and gated and not bad:
        return "autoglm-compat", "green", [f"gate passed: {len(groups)} distinct requirement(s) met"]
    from .report import summary_lines

    return "autoglm-compat", "yellow" if bad else "green", summary_lines(groups, policy=policy, verbose=verbose)


def too_many_skipped_lines(reasons: Sequence[str], total: int, allowed: int, limit: object) -> list[str]:
    """--autoglm-max-skipped's section: the count, then each reason (a skipped test's first unmet), most first."""
    counts: dict[str, int] = {}
    for reason in reasons:
        counts[reason] = counts.get(reason, 0) + 1
    lines = [f"{len(reasons)} of {total} tests were skipped by autoglm-compat; at most {allowed} allowed "
             f"(--autoglm-max-skipped={limit})"]
    lines += [f"  {count} x {reason}" for reason, count in sorted(counts.items(), key=lambda kv: -kv[1])]
    return lines
