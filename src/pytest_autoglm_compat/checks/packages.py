"""Python and installed packages: versions from metadata against PEP 440 specifiers, with the
install command that meets them (torch's from the contract's one index).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ..facts.probe import Snapshot
from ..model.requirements import (
    PackageRequirement,
    PythonRequirement,
)
from ..model.values import spec_text
from ..model.verdict import PASS, UNKNOWN, UNMET, Verdict, verdict_for

if TYPE_CHECKING:
    from ..model.torch_index import TorchIndex


def evaluate_python(req: PythonRequirement, snap: Snapshot) -> Verdict:
    ok = req.specifier.contains(snap.python, prereleases=True)
    return verdict_for(req.meta, PASS if ok else UNMET, "Python", snap.python, spec_text(req.specifier),
                       fix=f"use a Python {req.specifier} interpreter for this environment")


def _install_cmd(name: str, spec: SpecifierSet) -> str:
    text = f"{name}{spec_text(spec)}"
    index = _local_index(spec) if name == "torch" else None
    cmd = f"pip install '{text}'" if str(spec) else f"pip install {name}"
    return f"{cmd} --index-url {index}" if index else cmd


def _local_index(spec: SpecifierSet) -> str | None:
    for s in spec:
        if "+" in s.version:
            label = s.version.split("+", 1)[1]
            if re.fullmatch(r"cu\d+|cpu|rocm[\d.]+", label):
                return f"https://download.pytorch.org/whl/{label}"
    return None


def evaluate_package(req: PackageRequirement, snap: Snapshot, torch_plan: TorchIndex | None = None) -> Verdict:
    verdict = _evaluate_package(req, snap)
    if req.name == "torch" and torch_plan is not None and verdict.status != PASS and not req.absent:
        return replace(verdict, fix=torch_plan.fix)  # the report's one torch build (model.torch_index)
    return verdict


def _evaluate_package(req: PackageRequirement, snap: Snapshot) -> Verdict:
    meta = req.meta
    if req.marker is not None and not req.marker.evaluate(dict(snap.marker_env)):
        return verdict_for(meta, PASS, req.name, "not applicable here", req.display,
                           note=f"marker {req.marker} is false in this environment")
    installed = snap.packages.get(req.name)
    shadow = snap.shadowed.get(req.name)
    note = f"other copies on sys.path are shadowed: {', '.join(shadow)}" if shadow else None
    if req.absent:
        if installed is None:
            return verdict_for(meta, PASS, req.name, "not installed", "not installed")
        return verdict_for(meta, UNMET, req.name, installed, "not installed",
                           fix=f"pip uninstall -y {req.name}", note=note)
    if installed is None:
        unreadable = _broken_metadata(req.name, snap.broken)
        if unreadable is not None:
            return verdict_for(meta, UNKNOWN, req.name, f"metadata unreadable ({unreadable})", req.display,
                               fix=f"pip install --force-reinstall '{req.name}{spec_text(req.specifier)}'")
        if req.optional:
            return verdict_for(meta, PASS, req.name, "not installed (optional)", req.display)
        return verdict_for(meta, UNMET, req.name, "not installed", req.display,
                           fix=_install_cmd(req.name, req.specifier))
    try:
        version = Version(installed)
    except InvalidVersion:
        return verdict_for(meta, UNKNOWN, req.name, f"version {installed!r} is not PEP 440",
                           req.display, fix=_install_cmd(req.name, req.specifier))
    ok = req.specifier.contains(version, prereleases=True)
    return verdict_for(meta, PASS if ok else UNMET, req.name, installed, req.display,
                       fix=_install_cmd(req.name, req.specifier), note=note)


def _broken_metadata(name: str, broken: Iterable[str]) -> str | None:
    """A dist-info whose METADATA cannot be read may well be the package asked for."""
    for entry in broken:
        path = entry.split(":", 1)[0]
        stem = path.rstrip("/").rsplit("/", 1)[-1]
        if stem.endswith((".dist-info", ".egg-info")) and canonicalize_name(stem.split("-", 1)[0]) == name:
            return entry
    return None
