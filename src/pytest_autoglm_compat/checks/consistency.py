"""The installed stack agrees with itself: each distribution's declared requirements are met.

What ``pip check`` reports, from the metadata alone (facts.probe.dependencies), for the
packages a contract names and what they require: a vLLM that pins one torch exactly, an
llm-compressor that needs a newer compressed-tensors, a package installed with ``--no-deps``.
One verdict per requirement not met, naming both packages; one passing verdict otherwise.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ..model.requirements import ConsistencyRequirement
from ..model.verdict import NOT_CHECKED, PASS, UNKNOWN, UNMET, Verdict

SUBJECT = "declared dependencies"


def _verdict(req: ConsistencyRequirement, status: str, subject: str, found: str, required: str,
             fix: str | None = None, note: str | None = None) -> Verdict:
    meta = req.meta
    return Verdict(status=status, subject=subject, found=found, required=required, origin=meta.origin,
                   reason=meta.reason, fix=fix or meta.fix if status != PASS else None, source=meta.source,
                   note=note, verified=meta.verified)


def evaluate_consistency(req: ConsistencyRequirement, fact: Mapping[str, Any] | None) -> list[Verdict]:
    """``fact``: facts.probe.dependencies.declared() for the requirement's packages; None: not read (a lock file)."""
    if fact is None:
        return [_verdict(req, UNKNOWN, SUBJECT, NOT_CHECKED, "each installed distribution's Requires-Dist met")]
    installed: Mapping[str, str] = fact.get("installed", {})
    verdicts = []
    roots = set(req.packages)
    # the contract's own packages first: their broken requirement is the cause; what it drags in comes after
    for name, requirements in sorted(fact.get("requires", {}).items(), key=lambda item: (item[0] not in roots,
                                                                                         item[0])):
        for text in requirements:
            try:
                wanted = Requirement(text)
            except InvalidRequirement:
                continue
            dep = str(canonicalize_name(wanted.name))
            have = installed.get(dep)
            by = f"{name} {installed.get(name, '')}".strip()
            if have is None:
                verdicts.append(_verdict(req, UNMET, f"{dep} (required by {by})", "not installed",
                                         f"{by} requires {text}", fix=f"pip install '{text}'"))
                continue
            try:
                ok = wanted.specifier.contains(Version(have), prereleases=True)
            except InvalidVersion:
                ok = True  # a version pip itself could not compare: not ours to judge
            if not ok:
                verdicts.append(_verdict(
                    req, UNMET, f"{dep} (required by {by})", f"{dep} {have}", f"{by} requires {text}",
                    fix=f"pip install '{dep}{wanted.specifier}' (or a {name} release that accepts {dep} {have})"))
    for name, why in sorted(fact.get("problems", {}).items()):
        verdicts.append(_verdict(req, UNKNOWN, f"{name} metadata", why, "readable Requires-Dist",
                                 fix=f"pip install --force-reinstall --no-deps {name}"))
    # a distribution installed in a version another one does not accept is reinstalled by the fix: what it
    # requires itself (tokenizers 0.20.3's huggingface-hub<1.0) is moot until then
    wrong = {v.subject.partition(" (required by ")[0] for v in verdicts if " (required by " in v.subject}
    verdicts = [v for v in verdicts if v.subject.partition(" (required by ")[2].rsplit(" ", 1)[0] not in wrong]
    if not verdicts:
        checked = len(fact.get("requires", {}))
        verdicts.append(_verdict(req, PASS, SUBJECT, f"{checked} installed distributions agree",
                                 "each installed distribution's Requires-Dist met"))
    return verdicts
