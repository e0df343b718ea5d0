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


#: A skip or fail message's most characters: with pytest's "SKIPPED [1] path.py:12: " before it, a
#: line of ``-rs`` stays under 200.
MESSAGE_WIDTH = 150


def unmet_message(unmet: Sequence[Verdict], *, verbose: bool = False) -> str:
    """The cause in one short line: the first unmet verdict (one no install can meet first), how many
    more, and where the fixes are (the summary merges them: one fix text per requirement everywhere).

    ``verbose`` (pytest -v): the first verdict in full, where it was declared, its note and why.
    """
    from .report import first_cause, one_line

    distinct = list({v.group_key: v for v in unmet}.values())
    first = first_cause(distinct)
    more = f" (+{len(distinct) - 1} more)" if len(distinct) > 1 else ""
    tail = f"{more}; fix: see the autoglm-compat summary"
    if verbose:
        from dataclasses import replace

        return f"autoglm-compat: {one_line(replace(first, fix=None))}{tail}"
    found = f"unknown ({first.found})" if first.status == "unknown" else first.found
    text = f"{first.subject}: found {found}, required {first.required}"
    room = MESSAGE_WIDTH - len("autoglm-compat: ") - len(tail)
    if len(text) > room:
        text = text[:room - 3] + "..."
    return f"autoglm-compat: {text}{tail}"


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
