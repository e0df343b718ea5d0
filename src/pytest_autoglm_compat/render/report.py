"""Rendering verdicts for people (terminal) and machines (JSON, written atomically).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..model.verdict import PASS, UNKNOWN, UNMET, Verdict

if TYPE_CHECKING:  # the summary of a plain run reads neither; the report and its header do
    from ..facts.probe import Snapshot
    from ..model.contract import Contract

REPORT_SCHEMA = "pytest-autoglm-compat/report/1"


def headline(v: Verdict) -> str:
    found = f"unknown ({v.found})" if v.status == UNKNOWN else v.found
    return f"{v.subject}: found {found}, required {v.required}"


def one_line(v: Verdict) -> str:
    """One line, for skip reasons and warnings."""
    text = f"{headline(v)} [{v.origin}]"
    if v.note:
        text += f"; {v.note}"
    if v.reason:
        text += f"; why: {v.reason}"
    if v.fix:
        text += f"; fix: {v.fix}"
    return text


def block(v: Verdict, indent: str = "  ") -> list[str]:
    """The headline, then one indented line per thing known about it: for summaries."""
    lines = [headline(v), f"{indent}declared: {v.origin}"]
    if v.note:
        lines.append(f"{indent}note: {v.note}")
    if v.reason:
        lines.append(f"{indent}why: {v.reason}")
    if v.source:
        lines.append(f"{indent}source: {v.source}")
    if not v.verified:
        lines.append(f"{indent}(this bound is not verified upstream; see docs/compatibility.md)")
    if v.fix:
        lines.append(f"{indent}fix: {v.fix}")
    return lines


@dataclass
class VerdictGroup:
    verdict: Verdict
    origins: list[str] = field(default_factory=list)
    test_ids: dict[str, None] = field(default_factory=dict)  # insertion-ordered set

    @property
    def tests(self) -> list[str]:
        return list(self.test_ids)


def group(pairs: Iterable[tuple[Verdict, str | None]]) -> list[VerdictGroup]:
    """Merge verdicts of the same finding declared or hit in many places (a marker and the contract, say)."""
    groups: dict[tuple[str | None, ...], VerdictGroup] = {}
    by_identity: dict[int, VerdictGroup] = {}  # the same Verdict object recurs for every test that shares it
    for verdict, test in pairs:
        g = by_identity.get(id(verdict))
        if g is None:
            g = groups.setdefault(verdict.group_key, VerdictGroup(verdict))
            by_identity[id(verdict)] = g
            origin = str(verdict.origin)
            if g.verdict.reason is None and verdict.reason is not None:
                g.verdict = verdict  # show the declaration that says why (the contract's), first
                if origin in g.origins:
                    g.origins.remove(origin)
                g.origins.insert(0, origin)
            elif origin not in g.origins:
                g.origins.append(origin)
        if test is not None:
            g.test_ids[test] = None
    order = {UNMET: 0, UNKNOWN: 1, PASS: 2}
    return sorted(groups.values(), key=lambda g: (order[g.verdict.status], g.verdict.subject))


def verdict_from_json(data: Mapping[str, Any]) -> Verdict:
    """A verdict as a pytest-xdist worker sent it (Verdict.to_json) back into one."""
    from ..model.requirements import Origin

    return Verdict(
        status=data["status"],
        subject=data["subject"],
        found=data["found"],
        required=data["required"],
        origin=Origin(data["declared"]),
        reason=data.get("reason"),
        fix=data.get("fix"),
        source=data.get("source"),
        note=data.get("note"),
        verified=data.get("verified", True),
        hardware=data.get("hardware", False),
    )


def header_line(contract: Contract | None, policy: str, snap: Snapshot | None,
                cached: bool = False) -> str:
    parts = []
    if contract is not None:
        parts.append(f"contract {contract.name} ({contract.file})")
    else:
        parts.append("no contract")
    parts.append(f"policy {policy}")
    if snap is not None:
        parts.append(snap.torch_summary)
        parts.append(snap.gpu_summary)
        if cached:
            parts.append("snapshot from cache")
    return "autoglm-compat: " + ", ".join(parts)


def first_cause(verdicts: Sequence[Verdict]) -> Verdict:
    """The verdict to name first: one that no install can meet (no GPU), else the first."""
    return next((v for v in verdicts if v.hardware), verdicts[0])


#: A summary line's most characters for one unmet finding (the rest is in -v and the JSON report).
LINE_WIDTH = 160


def _short(text: str, width: int = LINE_WIDTH) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


@dataclass
class FixBlock:
    """One thing to do and what it resolves: the summary's unit."""

    fix: str | None  # None: the unmet findings no fix is known for
    groups: list[VerdictGroup] = field(default_factory=list)

    @property
    def hardware(self) -> bool:
        return any(g.verdict.hardware for g in self.groups)

    @property
    def tests(self) -> dict[str, None]:
        return {t: None for g in self.groups for t in g.test_ids}


def fix_blocks(groups: Sequence[VerdictGroup]) -> list[FixBlock]:
    """The unmet and unknown groups under their fix, one block per fix: those that no install can meet
    first (an install cannot give a machine a GPU), then in the groups' order, the ones without a fix last."""
    blocks: dict[str | None, FixBlock] = {}
    for g in groups:
        if g.verdict.status != PASS:
            blocks.setdefault(g.verdict.fix, FixBlock(g.verdict.fix)).groups.append(g)
    return sorted(blocks.values(), key=lambda b: (b.fix is None, not b.hardware))


def merged_groups(groups: Sequence[VerdictGroup]) -> list[VerdictGroup]:
    """The groups with their install fixes merged per package (render.fixes.coherent): the summary and
    the JSON report print the same fix for a requirement."""
    installs = [g.verdict.fix for g in groups if g.verdict.fix and g.verdict.fix.startswith("pip install ")
                and g.verdict.status != PASS]
    if len(set(installs)) < 2:  # nothing to merge; packaging's requirement parser is not imported
        return list(groups)
    from .fixes import coherent

    merged = coherent([g.verdict for g in groups])
    return [VerdictGroup(v, g.origins, g.test_ids) for g, v in zip(groups, merged)]


def _block_lines(block: FixBlock, number: int, effect: str) -> list[str]:
    count = len(block.tests)
    tests = f"{count} test{'s' if count != 1 else ''} {effect}"
    unmet = sum(g.verdict.status == UNMET for g in block.groups)
    unknown = len(block.groups) - unmet
    what = " and ".join(f"{n} {label}" for n, label in ((unmet, "unmet"), (unknown, "unknown")) if n)
    if block.fix is None:
        lines = [f"{number}. no fix known: {what}, {tests}"]
    else:
        cannot = "; no install can meet it" if block.hardware else ""
        lines = [f"{number}. {block.fix}", f"   resolves {what}, {tests}{cannot}:"]
    by_thing: dict[str, list[VerdictGroup]] = {}  # an extension's import and its symbols: one thing
    for g in block.groups:
        by_thing.setdefault(g.verdict.subject.split(": ", 1)[0], []).append(g)
    for same in by_thing.values():
        more = f" (+{len(same) - 1} more check{'s' if len(same) > 2 else ''})" if len(same) > 1 else ""
        lines.append(_short(f"   - {headline(same[0].verdict)}", LINE_WIDTH - len(more)) + more)
    return lines


def summary_lines(groups: Sequence[VerdictGroup], *, policy: str, verbose: bool = False) -> list[str]:
    """One block per thing to do, listing what it resolves and how many tests; ``verbose``: every
    finding in full first (declared where, why, source, fix), and the met ones."""
    effect = {"skip": "skipped", "fail": "failed", "warn": "warned", "gate": "blocked"}[policy]
    groups = merged_groups(groups)  # one install command per package
    unmet = [g for g in groups if g.verdict.status != PASS]
    met = [g for g in groups if g.verdict.status == PASS]
    lines = [
        f"{len(groups)} distinct requirement(s) checked: {len(met)} met, "
        f"{sum(g.verdict.status == UNMET for g in groups)} unmet, "
        f"{sum(g.verdict.status == UNKNOWN for g in groups)} unknown"
    ]
    if verbose:
        for g in unmet:
            v = g.verdict
            lines_of = block(v)
            count = len(g.test_ids)
            tests = f" ({count} test{'s' if count != 1 else ''} {effect})" if count else ""
            lines.append(f"{'UNMET' if v.status == UNMET else 'UNKNOWN'} {lines_of[0]}{tests}")
            declared = g.origins[0] if len(g.origins) == 1 else (
                f"{g.origins[0]} and {len(g.origins) - 1} more place(s)")
            lines_of[1] = f"  declared: {declared}"
            lines.extend(lines_of[1:])
        for g in met:
            lines.append(f"ok {headline(g.verdict)}  [{g.origins[0]}]")
    blocks = fix_blocks(groups)
    if blocks:
        lines.append("to fix:" if verbose else "to fix (why, where declared, every check: -v or --autoglm-report):")
        for number, fix_block in enumerate(blocks, 1):
            lines += _block_lines(fix_block, number, effect)
    return lines


def contract_json(contract: Contract | None) -> dict[str, Any] | None:
    if contract is None:
        return None
    return {
        "name": contract.name,
        "file": contract.file,
        "description": contract.description,
        "extends": list(contract.chain[1:]),
        "sections": sorted(contract.sections),
    }


def build_report(
    *,
    contract: Contract | None,
    policy: str,
    snapshot: Snapshot | None,
    groups: Sequence[VerdictGroup],
    tests: Mapping[str, Mapping[str, Any]],
    exit_status: int | None,
) -> dict[str, Any]:
    return {
        "schema": REPORT_SCHEMA,
        "plugin_version": __version__,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "policy": policy,
        "contract": contract_json(contract),
        "snapshot": snapshot.to_json() if snapshot else None,
        "verdicts": [  # fixes as the summary prints them (merged per package)
            {**g.verdict.to_json(), "declared_in": g.origins, "tests": g.tests} for g in merged_groups(groups)
        ],
        "tests": dict(tests),
        "exit_status": exit_status,
    }


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_json_atomic(path: str | os.PathLike[str], data: Any) -> None:
    """JSON with URL credentials redacted, written atomically."""
    from ..facts.probe import redact_url_credentials

    write_text_atomic(path, redact_url_credentials(json.dumps(data, indent=2, sort_keys=False, default=str)) + "\n")


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Temp file in the same directory, fsync, rename: readers see the old file or the new one."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        os.fchmod(fd, _default_mode())  # mkstemp makes 0600; a report is as readable as any new file
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
