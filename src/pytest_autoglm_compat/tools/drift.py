"""What changed between two environment snapshots, and which changes break a contract.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Sequence

from packaging.version import InvalidVersion, Version

from ..facts.probe import Snapshot
from ..model.change import Change
from ..model.requirements import ApiRequirement, ExtensionRequirement, Requirement, identity
from ..model.verdict import PASS, Verdict


def _direction(old: str, new: str) -> str:
    try:
        a, b = Version(old), Version(new)
    except InvalidVersion:
        return "changed"
    if a == b:
        return "changed"  # same version, other local label spelled differently
    return "upgraded" if b > a else "downgraded"


def changes(old: Snapshot, new: Snapshot) -> list[Change]:
    out: list[Change] = []
    if old.python != new.python:
        out.append(Change(_direction(old.python, new.python), "Python", old.python, new.python))
    for name in sorted(set(old.packages) | set(new.packages)):
        a, b = old.packages.get(name), new.packages.get(name)
        if a == b:
            continue
        if a is None:
            out.append(Change("added", name, None, b))
        elif b is None:
            out.append(Change("removed", name, a, None))
        else:
            out.append(Change(_direction(a, b), name, a, b))
    old_cuda = old.torch.cuda if old.torch else None
    new_cuda = new.torch.cuda if new.torch else None
    if old_cuda != new_cuda and old.torch and new.torch:
        out.append(Change("changed", "CUDA runtime of torch", old_cuda or "CPU-only", new_cuda or "CPU-only"))
    if old.driver != new.driver:
        if old.driver and new.driver:
            out.append(Change(_direction(old.driver, new.driver), "NVIDIA driver", old.driver, new.driver))
        else:
            out.append(Change("added" if new.driver else "removed", "NVIDIA driver", old.driver, new.driver))
    old_gpus = [f"{g.name} ({g.capability or '?'})" for g in old.gpus]
    new_gpus = [f"{g.name} ({g.capability or '?'})" for g in new.gpus]
    if old_gpus != new_gpus:
        out.append(Change("changed", "GPUs", ", ".join(old_gpus) or "none", ", ".join(new_gpus) or "none"))
    return out


def _subject_of(req: Requirement) -> str:
    key = identity(req)
    if key.startswith("package:"):
        return key.split(":", 1)[1]
    return {"python": "Python"}.get(key, key)


def breaking(old: Snapshot, new: Snapshot, reqs: Sequence[Requirement],
             found: list[Change]) -> tuple[list[Change], list[Verdict]]:
    """Mark each change with the requirements it turns from met to unmet.

    API and extension checks need a live environment; they are left out.
    Returns the marked changes and the broken verdicts that no single change explains.
    """
    from ..engine import Engine
    from ..model.settings import Settings

    static = [r for r in reqs if not isinstance(r, (ApiRequirement, ExtensionRequirement))]
    old_engine = Engine(Settings(), snapshot=old, live=False)
    new_engine = Engine(Settings(), snapshot=new, live=False)
    newly: dict[str, list[Verdict]] = {}
    for req in static:
        before = {v.subject: v.status for v in old_engine.verdicts([req])}
        for verdict in new_engine.verdicts([req]):
            if verdict.status != PASS and before.get(verdict.subject) == PASS:
                newly.setdefault(_subject_of(req), []).append(verdict)
    cuda_subjects = {"CUDA runtime of torch", "NVIDIA driver", "GPUs", "torch"}
    marked: list[Change] = []
    explained: set[int] = set()
    for change in found:
        hits = list(newly.get(change.subject, []))
        if change.subject in cuda_subjects:
            hits += newly.get("cuda", [])
        explained.update(id(v) for v in hits)
        marked.append(Change(change.kind, change.subject, change.old, change.new,
                             tuple({(*v.group_key, str(v.origin)): v for v in hits}.values())))
    rest = [v for vs in newly.values() for v in vs if id(v) not in explained]
    return marked, rest
