"""The gate policy's evaluation: every requirement of the tests about to run, before any runs.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import Engine
    from ..model.requirements import Requirement
    from ..model.verdict import Verdict
    from ..render.report import VerdictGroup


def evaluate(
    engine: Engine, wanted: list[tuple[tuple[Requirement, ...], str | None]]
) -> tuple[list[VerdictGroup], int]:
    """The gate's groups and how many API/extension checks it did not run.

    ``wanted`` pairs each test's requirement tuple with its id; tests share tuples, so the work is
    done per distinct tuple and per distinct requirement, not per test. The contract's core is
    part of the gate even if no test opted in (its id is None).
    """
    from ..model.requirements import ApiRequirement, ExtensionRequirement
    from ..render.report import group

    if engine.contract is not None:
        wanted = [*wanted, (tuple(engine.contract.core.items(needs_cuda=False)), None)]
    distinct = {id(reqs): reqs for reqs, _ in wanted}.values()
    unique = list(dict.fromkeys(r for reqs in distinct for r in reqs))
    # Static requirements first: when they already fail, the gate stops without the API-check
    # subprocess (which imports transformers and costs seconds).
    checks = (ApiRequirement, ExtensionRequirement)
    static = [r for r in unique if not isinstance(r, checks)]
    dynamic = [r for r in unique if isinstance(r, checks)]
    static_ok = all(v.ok for v in engine.verdicts(static))
    if static_ok:
        engine.verdicts(dynamic)  # one subprocess for all of them
    shown = set(unique) if static_ok else set(static)
    per_tuple: dict[int, list[Verdict]] = {}
    pairs: list[tuple[Verdict, str | None]] = []
    for reqs, test in wanted:
        verdicts = per_tuple.get(id(reqs))
        if verdicts is None:
            verdicts = per_tuple[id(reqs)] = engine.verdicts([r for r in reqs if r in shown])
        pairs += [(v, test) for v in verdicts]
    return group(pairs), 0 if static_ok else len(dynamic)
