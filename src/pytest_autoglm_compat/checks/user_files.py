"""A contract held against a user's requirement file or package listing, and the exit rule of ``check``.

A file states ranges or exact versions, not a machine: each contract package requirement gets a
judgement (guaranteed, allowed, conflict, not installed) instead of the engine's verdict, and what
the file cannot say (torch's CUDA build from a range) is unknown rather than unmet. Kept here, below
the front doors, so that the command only asks and prints.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import replace

from packaging.version import InvalidVersion, Version

from ..facts.inputs import releases as releases_mod
from ..facts.inputs import requirement_files as ri
from ..facts.probe import Snapshot
from ..model import torch_lines
from ..model.contract import Contract
from ..model.requirements import ExtensionRequirement, PackageRequirement
from ..model.verdict import NOT_CHECKED, PASS, UNKNOWN, UNMET, Verdict
from . import requirement_files as rj

__all__ = ["not_checked", "package_judgements", "torch_build_unknown", "user_file_verdicts", "violated"]


def not_checked(verdict: Verdict) -> bool:
    """An API/extension check a snapshot or lock file cannot answer: it was not asked."""
    return verdict.status == UNKNOWN and verdict.found == NOT_CHECKED


def violated(verdicts: Iterable[Verdict], *, allow_unknown: bool) -> bool:
    """The plugin's rule: unknown counts as not met, unless --allow-unknown says otherwise.

    A check that a snapshot or lock file cannot answer was not asked, so it is neither.
    """
    bad = (UNMET,) if allow_unknown else (UNMET, UNKNOWN)
    return any(v.status in bad and not not_checked(v) for v in verdicts)


def package_judgements(contract: Contract, sections: Sequence[str], user: ri.UserInput, snap: Snapshot, *,
                       cpu_only: bool, offline: bool, strict: bool) -> tuple[list[Verdict], list[rj.Judgement]]:
    """Each contract package requirement judged against the user's file: guaranteed, allowed, conflict."""
    every = contract.requirements(tuple(sections), needs_cuda=not cpu_only)
    reqs = [r for r in every if isinstance(r, PackageRequirement)
            and (r.marker is None or r.marker.evaluate(dict(snap.marker_env)))]
    # the torch release line the compiled extensions need is part of the torch requirement, as in `plan`
    lines = torch_lines.built_for_lines(r for r in every if isinstance(r, ExtensionRequirement))
    by_name = user.by_name()
    ranged = [r.name for r in reqs if by_name.get(r.name) and not any(e.exact for e in by_name[r.name])]
    # a file's exact pins are looked up too: a pin to a version the index never had (torch==1.31.1) is named
    pinned = [r.name for r in reqs if any(e.exact and not e.note for e in by_name.get(r.name, []))]
    asked = ranged + pinned
    releases = {} if offline or user.installed_state or not asked else releases_mod.release_lists(asked, user.options)
    verdicts: list[Verdict] = []
    judgements: list[rj.Judgement] = []
    for r in reqs:
        spec, required, meta = r.specifier, r.display, r.meta
        if r.name == "torch" and not r.absent and len(lines) == 1:
            ((line, modules),) = lines.items()
            spec, required = rj.torch_line_requirement(spec, required, line, modules)
        j = rj.judge(r.name, spec, required, by_name.get(r.name, []), file=user.path, optional=r.optional,
                     absent=r.absent, releases=releases.get(r.name), installed_state=user.installed_state)
        if spec is not r.specifier and j.judgement != rj.GUARANTEED:
            alone = rj.judge(r.name, r.specifier, r.display, by_name.get(r.name, []), file=user.path,
                             releases=releases.get(r.name), installed_state=user.installed_state)
            if alone.judgement != j.judgement:  # the release line, not packages.torch, decides: say why
                meta = next(e.meta for e in every if isinstance(e, ExtensionRequirement) and e.built_for_torch == line)
        if j.judgement == ri.NOT_INSTALLED:
            j = replace(j, note=cut_off_note(user, r.name) or j.note)
        j = no_such_release(j, by_name.get(r.name, []), releases.get(r.name)) or j
        judgements.append(j)
        status = {rj.GUARANTEED: PASS, rj.CONFLICT: UNMET, ri.NOT_INSTALLED: UNMET}.get(
            j.judgement, UNMET if strict else PASS)
        verdicts.append(Verdict(status=status, subject=r.name, found=j.found, required=j.required,
                                origin=meta.origin, reason=meta.reason,
                                fix=(j.fix or meta.fix) if j.judgement != rj.GUARANTEED else None,
                                source=meta.source, note=j.note, verified=meta.verified))
    # a package bounded by the core and a section (transformers in stable's chatglm) is judged once:
    # by the bound the file fares worst against (conflict, not installed, then allowed), the first on a tie
    worst = {rj.CONFLICT: 0, ri.NOT_INSTALLED: 1, rj.ALLOWED: 2, rj.GUARANTEED: 3}
    chosen: dict[str, int] = {}
    for i, j in enumerate(judgements):
        k = chosen.get(j.name)
        if k is None or worst[j.judgement] < worst[judgements[k].judgement]:
            chosen[j.name] = i
    keep = sorted(chosen.values())
    return [verdicts[i] for i in keep], [judgements[i] for i in keep]


def no_such_release(judgement: rj.Judgement, entries: Sequence[ri.Entry], releases: releases_mod.Releases | None
                    ) -> rj.Judgement | None:
    """A pin to a version the index has no release of (``torch==1.31.1``): it cannot be installed, whatever
    the contract says; the releases nearest it are named. None: every pin is a release (or none was looked up)."""
    if releases is None or not releases.versions:
        return None
    known = {v.public for v in releases.versions}
    for entry in entries:
        if entry.exact is None or entry.note:  # a URL, an editable install: not an index release
            continue
        try:
            version = Version(entry.exact)
        except InvalidVersion:
            continue
        if version.public in known:
            continue
        ordered = sorted(releases.versions)
        after = next((i for i, v in enumerate(ordered) if v > version), len(ordered))
        near = ", ".join(str(v) for v in ordered[max(0, after - 2):after + 2])
        return replace(judgement, judgement=rj.CONFLICT, user=(entry,),
                       found=f"{entry.text} ({entry.where}): no release {version} on {releases.source.split(',')[0]}",
                       fix=f"replace {entry.text} on {entry.where} with a release (nearest: {near})",
                       note=None)
    return None


def cut_off_note(user: ri.UserInput, name: str) -> str | None:
    """Why a package a listing does not show may still be installed: the listing looks cut off before it.

    pip freeze, pip list and conda list print their rows sorted by name; a listing that ends before
    where ``name`` would come (or leaves rows out with "...") may only have been pasted in part.
    """
    names = [e.name for e in user.entries if e.exact is not None]
    if not names or not user.installed_state or user.machine is not None:
        return None
    if any(u.text.strip() in ("...", "…") for u in user.unreadable):
        return f"{name} is not listed, but the listing leaves rows out ('...'): it may be installed"
    if names == sorted(names) and name > names[-1]:
        return (f"{name} is not listed, but the listing is sorted and ends at {names[-1]}: it looks cut off, "
                f"and {name} may be installed")
    return None


def torch_build_unknown(verdict: Verdict, user: ri.UserInput) -> Verdict:
    """A requirement file that names torch as a range (or not at all) says nothing of its CUDA build:
    the runtime verdict is unknown, not 'torch not installed'."""
    if user.installed_state or verdict.subject != "CUDA runtime of torch" or verdict.found != "torch not installed":
        return verdict
    entries = user.by_name().get("torch", [])
    named = ", ".join(f"{e.text} ({e.where})" for e in entries)
    found = f"build not known from the file: {named}" if named else "build not known: the file does not name torch"
    where = entries[0].where if entries else user.path
    fix = f"pin torch to a CUDA build on {where}" + (f": {verdict.fix}" if verdict.fix else "")
    return dataclasses.replace(verdict, status=UNKNOWN, found=found, fix=fix)


def user_file_verdicts(contract: Contract, sections: Sequence[str], user: ri.UserInput, snap: Snapshot,
                       engine_verdicts: Sequence[Verdict], *, cpu_only: bool, offline: bool,
                       strict: bool) -> tuple[list[Verdict], list[rj.Judgement]]:
    """The engine's verdicts on the file's snapshot, its package verdicts replaced by the file's judgements."""
    packages = {r.name for r in contract.requirements(tuple(sections), needs_cuda=not cpu_only)
                if isinstance(r, PackageRequirement)}
    judged, judgements = package_judgements(contract, sections, user, snap, cpu_only=cpu_only, offline=offline,
                                            strict=strict)
    return judged + [torch_build_unknown(v, user) for v in engine_verdicts if v.subject not in packages], judgements
