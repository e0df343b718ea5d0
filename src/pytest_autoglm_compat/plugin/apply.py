"""The ``autoglm_apply`` rules at collection: each selected test gets the marks the rule stands for.

A rule acts exactly as its equivalent marks would, and where they would: its words become an
``autoglm_contract(*sections)`` mark on the test (``core`` alone: ``autoglm_contract()``), and
``cuda`` makes the test need a GPU as the ``cuda_device`` fixture does (with a contract: its
``[cuda]`` requirements and ``when = "cuda"`` extensions; without one: ``requires_cuda()``).
One mark object per rule, shared by every test it selects, so parametrized instances still
share their requirements. A test module that failed to import has no tests: the rules that
select its path or node id say what its tests would have needed (:func:`module_requirements`).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # the rules are parsed (model.apply) only where the ini sets autoglm_apply
    from ..engine import Engine
    from ..model.apply import ApplyRule
    from ..model.requirements import Requirement
    from ..model.settings import Settings

#: set on a test that a rule with ``cuda`` selected: it needs a GPU, as if it used cuda_device
NEEDS_CUDA_KEY = pytest.StashKey[bool]()


def check_sections(rules: Sequence[ApplyRule], engine: Engine) -> None:
    """At configure time: a word that names no section of the active contract is a usage error."""
    contract = engine.contract
    if contract is None or not rules:
        return
    from ..model.apply import unknown_sections

    problems = unknown_sections(rules, contract.sections, f"{contract.name!r} ({contract.file})")
    if problems:
        raise pytest.UsageError("\n".join(problems))


def _relative(config: pytest.Config, path: object) -> str | None:
    try:
        return str(config.rootpath.joinpath(str(path)).resolve().relative_to(config.rootpath.resolve())
                   ).replace("\\", "/")
    except (ValueError, OSError, TypeError):
        return None


def _selected(rule: ApplyRule, node: pytest.Item | pytest.Collector) -> bool:
    return rule.matches(_relative(node.config, node.path), node.nodeid, node.keywords,
                        (m.name for m in node.iter_markers()))


class _Marks:
    """The marks one rule stands for, made once."""

    def __init__(self, rule: ApplyRule, with_contract: bool) -> None:
        self.marks = [pytest.mark.autoglm_contract(*rule.sections)]
        self.needs_cuda = rule.cuda and with_contract
        if rule.cuda and not with_contract:
            self.marks.append(pytest.mark.requires_cuda())


def apply_rules(settings: Settings, items: Sequence[pytest.Item]) -> None:
    """Mark the tests each rule selects (markers other plugins added earlier in collection are seen)."""
    made = [(rule, _Marks(rule, bool(settings.contract))) for rule in settings.apply]
    for item in items:
        for rule, marks in made:
            if _selected(rule, item):
                for mark in marks.marks:
                    item.add_marker(mark)
                if marks.needs_cuda:
                    item.stash[NEEDS_CUDA_KEY] = True


def module_requirements(collector: pytest.Collector, settings: Settings, engine: Engine
                        ) -> tuple[tuple[Requirement, ...], str | None]:
    """What the tests of a module that could not be collected would have needed, and what says so."""
    rules = [rule for rule in settings.apply if _selected(rule, collector)]
    contract = engine.contract
    needs_cuda = any(rule.cuda for rule in rules)
    if contract is None:
        if not needs_cuda:
            return (), None
        from ..model.requirements import CudaRequirement, Meta, Origin

        return (CudaRequirement(Meta(Origin(collector.nodeid))),), rules[0].where if rules else None
    if not rules and settings.scope != "all":
        return (), None
    sections = tuple(dict.fromkeys(s for rule in rules for s in rule.sections))
    by = rules[0].where if rules else "--autoglm-scope=all"
    return engine.contract_requirements(sections, needs_cuda), by
