"""The ``autoglm-compat`` command: the plugin's engine without a pytest run.

Exit codes: 0 satisfied, 1 violated (or, for ``explain``, nothing recognised),
2 usage error or bad input, 3 internal error.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..facts.inputs import lockfile
from ..facts.probe import Gpu, Snapshot, SnapshotError, load_snapshot, redact_url_credentials, take_snapshot
from ..knowledge import known_failures
from ..model import contract as contract_mod
from ..model import export
from ..model.contract import Contract, ContractError
from ..model.settings import SettingsError, parse_seconds
from ..model.values import did_you_mean
from ..model.verdict import NOT_CHECKED, PASS, UNKNOWN, UNMET, Verdict
from ..render import matrix
from ..render.fixes import coherent
from ..render.report import block, build_report, group, headline, write_text_atomic
from ..tools import drift

EXIT_OK, EXIT_VIOLATED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """Bad input the user can fix; printed without a traceback, exit 2."""


# --------------------------------------------------------------------------- helpers


def _contract(value: str | None) -> Contract:
    name = value or os.environ.get("AUTOGLM_CONTRACT") or "stable"
    return contract_mod.load(name)


def _snapshot_file(path: str) -> Snapshot:
    try:
        return load_snapshot(path)
    except SnapshotError as exc:
        raise UsageError(str(exc)) from None


def _sections(contract: Contract, chosen: Sequence[str] | None) -> list[str]:
    if not chosen:
        return sorted(contract.sections)
    for name in chosen:
        if name not in contract.sections:
            hint = did_you_mean(name, contract.sections)
            raise UsageError(f"contract {contract.name} has no section {name!r}{hint}; "
                             f"sections: {', '.join(sorted(contract.sections)) or 'none'}")
    return list(chosen)


def _write(text: str, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.write(redact_url_credentials(text))
        return
    try:
        write_text_atomic(output, redact_url_credentials(text))
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None


# --------------------------------------------------------------------------- check


def _evaluate(contract: Contract, sections: list[str], snap: Snapshot, *, live: bool, cpu_only: bool,
              timeout: float, pins: lockfile.Pins | None = None) -> list[Verdict]:
    from ..engine import Engine
    from ..model.settings import Settings

    reqs = contract.requirements(tuple(sections), needs_cuda=not cpu_only)
    engine = Engine(Settings(timeout=timeout), contract=contract, snapshot=snap, live=live,
                    sections=tuple(sections))
    verdicts = engine.verdicts(reqs)
    if pins is not None:
        from ..checks.lock_python import python_verdicts

        verdicts += python_verdicts(pins, reqs)
    return verdicts


def _user_file(path: str, here: Snapshot, args: argparse.Namespace) -> tuple[lockfile.Pins, Any]:
    """A pylock.toml/uv.lock (pins), or anything requirement_input reads (ranges or installed state)."""
    from ..facts.inputs import requirement_files as requirement_input

    try:
        if lockfile.is_lock(path):
            return lockfile.read_pins(path, here.marker_env), None
        user = requirement_input.read(path, here.marker_env)
    except (lockfile.LockfileError, requirement_input.InputError) as exc:
        raise UsageError(str(exc)) from None
    pins = lockfile.Pins(path, user.exact_versions(), (), user.python)
    return pins, user


def _package_judgements(contract: Contract, sections: list[str], user: Any, snap: Snapshot, *,
                        cpu_only: bool, offline: bool, strict: bool) -> tuple[list[Verdict], list[Any]]:
    """Each contract package requirement judged against the user's file: guaranteed, allowed, conflict."""
    from ..checks import requirement_files as rj
    from ..facts.inputs import releases as releases_mod
    from ..facts.inputs import requirement_files as ri
    from ..model import torch_lines
    from ..model.requirements import ExtensionRequirement, PackageRequirement

    every = contract.requirements(tuple(sections), needs_cuda=not cpu_only)
    reqs = [r for r in every if isinstance(r, PackageRequirement)
            and (r.marker is None or r.marker.evaluate(dict(snap.marker_env)))]
    # the torch release line the compiled extensions need is part of the torch requirement, as in `plan`
    lines = torch_lines.built_for_lines(r for r in every if isinstance(r, ExtensionRequirement))
    by_name = user.by_name()
    ranged = [r.name for r in reqs if by_name.get(r.name) and not any(e.exact for e in by_name[r.name])]
    releases = {} if offline or user.installed_state or not ranged else releases_mod.release_lists(ranged, user.options)
    verdicts: list[Verdict] = []
    judgements: list[Any] = []
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


def _torch_build_unknown(verdict: Verdict, user: Any) -> Verdict:
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


def cmd_check(args: argparse.Namespace) -> int:
    from ..checks import requirement_files as rj
    from ..facts.inputs import requirement_files as ri
    from ..model.requirements import PackageRequirement

    contract = _contract(args.contract)
    sections = _sections(contract, args.section)
    pins = None
    user = None
    if args.snapshot:
        snap, source, live = _snapshot_file(args.snapshot), f"snapshot {args.snapshot}", False
    elif args.requirements:
        here = take_snapshot(timeout=args.timeout)
        pins, user = _user_file(args.requirements, here, args)
        snap = lockfile.snapshot_from_pins(pins, here)
        source = f"lock file {args.requirements}" if user is None else f"{user.kind} {args.requirements}"
        live = False
    else:
        snap, source, live = take_snapshot(timeout=min(args.timeout, 10.0)), "this environment", True
    verdicts = _evaluate(contract, sections, snap, live=live, cpu_only=args.cpu_only, timeout=args.timeout,
                         pins=pins)
    judgements: list[Any] = []
    labels: dict[str, str] = {}
    if user is not None:
        packages = {r.name for r in contract.requirements(tuple(sections), needs_cuda=not args.cpu_only)
                    if isinstance(r, PackageRequirement)}
        judged, judgements = _package_judgements(contract, sections, user, snap, cpu_only=args.cpu_only,
                                                 offline=args.offline, strict=args.strict)
        verdicts = judged + [_torch_build_unknown(v, user) for v in verdicts if v.subject not in packages]
        labels = {j.name: {rj.GUARANTEED: "ok", rj.ALLOWED: "ALLOWED", rj.CONFLICT: "CONFLICT",
                           ri.NOT_INSTALLED: "UNMET"}[j.judgement]
                  for j in judgements}
    groups = group((v, None) for v in coherent(verdicts))  # one install command per package
    code = EXIT_VIOLATED if _violated(groups, allow_unknown=args.allow_unknown) else EXIT_OK
    extra = _requirements_lines(user, judgements, strict=args.strict) if user is not None else []
    summary = _user_summary(user, snap) if user is not None else None
    if args.format == "json":
        data = build_report(contract=contract, policy="check", snapshot=snap, groups=groups, tests={},
                            exit_status=code)
        data["checked"] = {"source": source, "sections": sections, "cpu_only": args.cpu_only}
        if user is not None:
            data["checked"]["input"] = {
                "kind": user.kind, "strict": args.strict, "options": list(user.options),
                "judgements": [j.to_json() for j in judgements],
                "unreadable": [{"where": u.where, "text": u.text, "why": u.why} for u in user.unreadable]}
        text = json.dumps(data, indent=2) + "\n"
    elif args.format == "markdown":
        text = _check_markdown(contract, sections, source, snap, groups, allow_unknown=args.allow_unknown,
                               labels=labels, extra=extra, summary=summary)
    else:
        text = _check_text(contract, sections, source, snap, groups, verbose=args.verbose,
                           allow_unknown=args.allow_unknown, labels=labels, extra=extra, summary=summary)
    _write(text, args.output)
    return code


def _user_summary(user: Any, snap: Snapshot) -> str:
    """The header for a user's file: a torch range is not 'torch not installed'."""
    from ..facts.inputs import requirement_files as ri

    torch = user.by_name().get("torch", [])
    if snap.torch is not None or user.installed_state:
        text = snap.torch_summary
    elif torch:
        text = ", ".join(f"{e.text} (line {e.where.rsplit(':', 1)[-1]})" for e in torch) + ", build not known"
    else:
        text = "torch not in the file"
    python = f"Python {user.python} (named in the file)" if user.python else f"Python {snap.python} (this interpreter)"
    gpus = ("GPUs not known from a requirements file" if user.kind in ri.FILE_KINDS
            else "GPUs not known from a package listing")
    return f"{python}, {text}, {gpus}"


def _requirements_lines(user: Any, judgements: Sequence[Any], *, strict: bool) -> list[str]:
    """What the file itself made us do: unreadable lines, and the judgement counts."""
    from ..checks import requirement_files as rj
    from ..facts.inputs import requirement_files as ri

    lines = [f"unreadable: {u}" for u in user.unreadable]
    n = {k: sum(j.judgement == k for j in judgements) for k in (rj.GUARANTEED, rj.ALLOWED, rj.CONFLICT)}
    rule = "counts as not met: --strict" if strict else "not a failure without --strict"
    missing = sum(j.judgement == ri.NOT_INSTALLED for j in judgements)
    lines.append(f"packages: {n[rj.GUARANTEED]} guaranteed, {n[rj.ALLOWED]} allowed but not guaranteed ({rule}), "
                 f"{n[rj.CONFLICT]} conflict" + (f", {missing} not installed" if missing else ""))
    return lines


def _not_checked(verdict: Verdict) -> bool:
    return verdict.status == UNKNOWN and verdict.found == NOT_CHECKED


def _violated(groups: Sequence[Any], *, allow_unknown: bool) -> bool:
    """The plugin's rule: unknown counts as not met, unless --allow-unknown says otherwise.

    A check that a snapshot or lock file cannot answer was not asked, so it is neither.
    """
    bad = (UNMET,) if allow_unknown else (UNMET, UNKNOWN)
    return any(g.verdict.status in bad and not _not_checked(g.verdict) for g in groups)


def _counts(groups: Sequence[Any], *, allow_unknown: bool) -> str:
    asked = [g for g in groups if not _not_checked(g.verdict)]
    n = {s: sum(g.verdict.status == s for g in asked) for s in (PASS, UNMET, UNKNOWN)}
    verdict = "violated" if _violated(groups, allow_unknown=allow_unknown) else "satisfied"
    text = f"{verdict}: {n[PASS]} met, {n[UNMET]} unmet, {n[UNKNOWN]} unknown"
    if len(asked) < len(groups):
        text += f", {len(groups) - len(asked)} not checked"
    if n[UNKNOWN] and allow_unknown:
        text += " (unknown accepted: --allow-unknown)"
    elif n[UNKNOWN]:
        text += " (unknown counts as not met; --allow-unknown accepts it)"
    return text


def _check_text(contract: Contract, sections: list[str], source: str, snap: Snapshot,
                groups: Sequence[Any], *, verbose: bool, allow_unknown: bool,
                labels: Mapping[str, str] | None = None, extra: Sequence[str] = (), summary: str | None = None) -> str:
    lines = [
        f"contract {contract.name} ({contract.file}), sections: {', '.join(sections) or 'none'}",
        f"checked: {source}: {summary or f'Python {snap.python}, {snap.torch_summary}, {snap.gpu_summary}'}",
    ]
    # by group, not by subject: `[[api]] target = "transformers"` not checked must not hide the
    # `packages.transformers` verdict of the same subject
    not_checked = [g for g in groups if _not_checked(g.verdict)]
    for g in groups:
        v = g.verdict
        label = (labels or {}).get(v.subject) or {PASS: "ok", UNMET: "UNMET", UNKNOWN: "UNKNOWN"}[v.status]
        if (label == "ok" and not verbose) or _not_checked(v):
            continue
        lines_of = block(v)
        lines.append(f"{label} {lines_of[0]}")
        if label != "ok":
            lines.extend(lines_of[1:])
    if not_checked:
        lines.append(f"not checked ({len(not_checked)} API/extension checks need a live environment): "
                     + ", ".join(g.verdict.subject for g in not_checked))
    lines.extend(extra)
    lines.append(_counts(groups, allow_unknown=allow_unknown))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _check_markdown(contract: Contract, sections: list[str], source: str, snap: Snapshot,
                    groups: Sequence[Any], *, allow_unknown: bool, labels: Mapping[str, str] | None = None,
                    extra: Sequence[str] = (), summary: str | None = None) -> str:
    lines = [
        f"### Contract `{contract.name}` on {source}",
        "",
        f"{summary or f'Python {snap.python}, {snap.torch_summary}, {snap.gpu_summary}'}; "
        f"sections: {', '.join(sections) or 'none'}",
        "",
        "| status | requirement | found | required | declared | fix |",
        "|---|---|---|---|---|---|",
    ]
    for g in groups:
        v = g.verdict
        label = {"ok": "guaranteed", "ALLOWED": "allowed", "CONFLICT": "conflict"}.get(
            (labels or {}).get(v.subject, ""), v.status)
        lines.append(f"| {label} | {_md(v.subject)} | {_md(v.found)} | {_md(v.required)} | "
                     f"{_md(str(v.origin))} | {_md(v.fix or '')} |")
    lines += [""] + [f"- {_md(x)}" for x in extra]
    lines += ["", f"**{_counts(groups, allow_unknown=allow_unknown)}**"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- probe, contracts


def cmd_probe(args: argparse.Namespace) -> int:
    snap = take_snapshot(timeout=args.timeout)
    _write(json.dumps(snap.to_json(), indent=2) + "\n", args.output)
    return EXIT_OK


def cmd_contracts_list(args: argparse.Namespace) -> int:
    for name in contract_mod.bundled_names():
        contract = contract_mod.load(name)
        sections = f" [sections: {', '.join(sorted(contract.sections))}]" if contract.sections else ""
        print(f"{name:8} {contract.description}{sections}")
    return EXIT_OK


def cmd_contracts_show(args: argparse.Namespace) -> int:
    _write(export.contract_toml(_contract(args.name)), args.output)
    return EXIT_OK


def cmd_contracts_lint(args: argparse.Namespace) -> int:
    bad = 0
    for path in args.paths:
        try:
            contract = contract_mod.load(path if contract_mod.looks_like_path(path) else f"./{path}")
        except ContractError as exc:
            print(str(exc), file=sys.stderr)
            bad += 1
            continue
        count = len(contract.core) + sum(len(s) for s in contract.sections.values())
        print(f"ok {path}: contract {contract.name}, {count} requirements, "
              f"sections: {', '.join(sorted(contract.sections)) or 'none'}")
    return EXIT_USAGE if bad else EXIT_OK


def cmd_constraints(args: argparse.Namespace) -> int:
    contract = _contract(args.name)
    _write(export.constraints(contract, _sections(contract, args.section)), args.output)
    return EXIT_OK


# --------------------------------------------------------------------------- plan


def cmd_plan(args: argparse.Namespace) -> int:
    from ..tools import plan as plan_mod

    contract = _contract(args.contract)
    sections = _sections(contract, args.section)
    show = args.progress if args.progress is not None else sys.stderr.isatty()

    def progress(name: str) -> None:
        sys.stderr.write(f"\rresolving: {name[:68]:68}")
        sys.stderr.flush()

    try:
        result = plan_mod.make_plan(contract, sections, args.requirements or [],
                                    python=args.python or sys.executable, resolver=args.resolver,
                                    progress=progress if show else None)
    except plan_mod.PlanError as exc:
        raise UsageError(str(exc)) from None
    finally:
        if show:
            sys.stderr.write("\r" + " " * 80 + "\r")
    if args.format == "json":
        text = json.dumps(plan_mod.to_json(result, args.output), indent=2) + "\n"
    else:
        text = plan_mod.render_text(result, args.output)
    ok = result.outcome.ok and not (result.torch is not None and result.torch.conflict)
    _write(text, args.output if ok or args.format == "json" else None)
    return EXIT_OK if ok else EXIT_VIOLATED


# --------------------------------------------------------------------------- diff, matrix, explain


def cmd_diff(args: argparse.Namespace) -> int:
    old = _snapshot_file(args.old)
    new = _snapshot_file(args.new) if args.new else take_snapshot(timeout=args.timeout)
    found = drift.changes(old, new)
    lines = [f"{args.old} -> {args.new or 'this environment'}: {len(found)} change(s)"]
    rest: list[Verdict] = []
    if args.contract:
        contract = _contract(args.contract)
        reqs = contract.requirements(tuple(sorted(contract.sections)), needs_cuda=not args.cpu_only)
        found, rest = drift.breaking(old, new, reqs, found)
    lines += [c.line() for c in found]
    lines += [f"BREAKS {headline(v)} [{v.origin}]" for v in rest]
    broken = sum(bool(c.breaks) for c in found) + len(rest)
    if args.contract:
        lines.append(f"{broken} change(s) break contract {args.contract}" if broken
                     else f"no change breaks contract {args.contract}")
    print("\n".join(lines))
    return EXIT_VIOLATED if broken else EXIT_OK


def cmd_matrix(args: argparse.Namespace) -> int:
    try:
        table = matrix.build(matrix.load_reports(args.reports))
    except matrix.MatrixError as exc:
        raise UsageError(str(exc)) from None
    text = matrix.html_page(table) if args.format == "html" else matrix.markdown(table)
    _write(text, args.output)
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from ..knowledge.logs import Explained, explain_log

    if args.file in (None, "-"):
        text = sys.stdin.read()
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    snap = None
    if args.here:  # the log came from this environment: its installed versions scope the signatures
        snap = take_snapshot(timeout=min(args.timeout, 10.0))
        torch = snap.torch
        torch_cuda = torch.cuda if torch else None
        here = known_failures.Versions.installed(snap.packages, torch_cuda)
        found, reading = explain_log(text, here, torch_version=torch.version if torch else None,
                                     torch_cuda=torch_cuda)
        if not found:
            ruled = [(failure, r) for failure in reading.failures
                     if (r := known_failures.ruled_out(failure, here)) is not None]
            if ruled:
                lines = []
                for failure, (hint, reason) in ruled[:5]:
                    lines += [Explained(failure, hint).headline, f"  recognised: {hint.cause}",
                              f"  ruled out here: {reason}"]
                print("\n".join(lines) + "\nthe log shows a known GLM-stack failure, but not one this environment's "
                      "installed versions can produce", file=sys.stderr)
                return EXIT_VIOLATED
    else:
        found, reading = explain_log(text)
    if not found:
        print("no known GLM-stack failure found in the input", file=sys.stderr)
        return EXIT_VIOLATED
    seen = "" if args.here else reading.versions.seen()
    blocks = []
    for item in found:
        hint = item.hint
        lines = [item.headline, f"  cause: {hint.cause}", f"  fix: {hint.fix}", f"  source: {hint.source}"]
        if hint.catches:
            lines.append(f"  caught by: {hint.catches}")
        if seen:
            lines.append(f"  seen in the log: {seen}")
        if hint.kernels and snap is not None:  # --here: the installed binary held against the visible GPUs
            lines += [f"  {line}" for line in _installed_code_lines(hint.kernels, snap.gpus)]
        blocks.append("\n".join(lines))
    print("\n\n".join(blocks))
    return EXIT_OK


def _installed_code_lines(package: str, gpus: Sequence[Gpu]) -> list[str]:
    """``explain --here`` on a "no kernel image": the installed package's GPU code, held against each visible GPU."""
    from ..checks import kernels as kernel_checks
    from ..facts.binaries import gpu_code, installed_gpu_code

    fact = installed_gpu_code.read_distribution(package)
    if not fact["installed"]:
        return [f"GPU code here: {package} is not installed"]
    by_images: dict[tuple[gpu_code.Image, ...], list[str]] = {}
    for name, record in sorted(fact["code"].items()):
        if "images" in record:
            by_images.setdefault(installed_gpu_code.images_from_json(record["images"]), []).append(name)
    if not by_images:
        return [f"GPU code here: {package} {fact['version']} has no file carrying GPU code"]
    if not gpus:
        return [f"GPU code here: no GPU visible to hold {package} {fact['version']} against"]
    lines = []
    for same in kernel_checks.gpu_groups(gpus):
        major, _, minor = (same[0].capability or "").partition(".")
        for images, files in by_images.items():
            carry = "carry" if len(files) > 1 else "carries"
            what = (f"{package} {fact['version']}: {kernel_checks._files_label(files)}, which {carry} "
                    f"{gpu_code.describe(images)}")
            if not (major.isdigit() and minor.isdigit()):
                lines.append(f"GPU code here: {kernel_checks.gpu_label(same)}: cannot tell against {what}")
                continue
            runner = gpu_code.runner_for(images, (int(major), int(minor)))
            lines.append(f"GPU code here: {kernel_checks.gpu_label(same)} {kernel_checks._runs(runner)} {what}")
    return lines


# --------------------------------------------------------------------------- bisect


def cmd_bisect(args: argparse.Namespace) -> int:
    import shlex
    import time

    from ..tools import bisect as bisect_mod

    command = list(args.cmd)
    if not command:
        raise UsageError("bisect needs a command after '--', e.g. -- python -c 'import auto_gptq'")
    if args.jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {args.jobs}")

    def progress(text: str) -> None:
        print(f"bisect: {text}", file=sys.stderr, flush=True)

    if args.snapshot:
        base = bisect_mod.pins_from_versions(_snapshot_file(args.snapshot).packages)
        source = f"snapshot {args.snapshot}"
    elif args.requirements:
        from packaging.markers import default_environment

        from ..facts.inputs import requirement_files as requirement_input

        here = {k: str(v) for k, v in default_environment().items()}
        try:
            if lockfile.is_lock(args.requirements):
                exact = dict(lockfile.read_pins(args.requirements, here).packages)
                loose: list[str] = []
            else:
                user = requirement_input.read(args.requirements, here)
                exact = dict(user.exact_versions())
                loose = [e.text for e in user.entries if e.name not in exact]
        except (lockfile.LockfileError, requirement_input.InputError) as exc:
            raise UsageError(str(exc)) from None
        base = bisect_mod.pins_from_versions(exact)
        source = f"requirements {args.requirements}"
        if loose:
            progress(f"not '==' pins, left out of the environments: {', '.join(loose)}")
    else:
        base = bisect_mod.pins_from_environment()
        source = "this environment"
    try:
        config = bisect_mod.read_pip_config()
        listing = bisect_mod.list_releases(args.package, config)
        releases = bisect_mod.candidates(listing, args.good, args.bad, pre=args.pre)
    except bisect_mod.BisectUsageError as exc:
        raise UsageError(str(exc)) from None
    uv = None if args.installer == "pip" else bisect_mod.find_uv()
    if args.installer == "uv" and uv is None:
        raise UsageError("--installer uv: no uv next to this Python or on PATH (pip install uv)")
    cache = Path(args.cache_dir) if args.cache_dir else bisect_mod.default_cache_dir()
    builder = bisect_mod.Builder(listing.name, base, config, cache, uv)
    name = listing.name
    progress(f"{name}: {len(releases)} releases from {releases[0]} to {releases[-1]} "
             f"({'pre-releases included' if args.pre else 'pre-releases left out'}), ~"
             f"{bisect_mod.estimated_steps(len(releases), args.jobs)} steps; pins from {source}; "
             f"installer {'uv' if uv else 'pip'}; environments in {cache}")
    start = time.monotonic()
    try:
        result = bisect_mod.bisect(builder, releases, command, jobs=args.jobs, progress=progress)
    except KeyboardInterrupt:
        removed = builder.remove_made()
        print(f"autoglm-compat: bisect interrupted; removed the {len(removed)} environment(s) this run made",
              file=sys.stderr)
        return 130
    shown = shlex.join(command)
    tested = ", ".join(f"{o.version} {'good' if o.good else 'bad' if o.good is False else 'not installable'}"
                       for o in result.tested)
    built = sum(o.built for o in result.tested)
    summary = (f"tested: {tested} ({len(result.tested)} environments: {built} built, "
               f"{len(result.tested) - built} reused; {time.monotonic() - start:.0f}s)")
    if result.problem is not None or result.last_good is None or result.first_bad is None:
        print(result.problem or "no first bad release found")
        print(summary)
        return EXIT_VIOLATED
    good, bad = result.last_good, result.first_bad
    lines = [f"last good: {name} {good.version}", f"first bad: {name} {bad.version}"]
    if result.skipped_between:
        lines.append("not installable between them (the first bad may be one of these): "
                     + ", ".join(str(v) for v in result.skipped_between))
    lines.append(f"output of `{shown}` with {name} {bad.version} (exit {bad.code}), last lines:")
    lines += [f"    {line}" for line in bad.tail.splitlines()]
    lines += _bisect_known(bad.output, result.envs[bad.version])
    diff = bisect_mod.requires_diff(name, result.envs[good.version], result.envs[bad.version])
    if diff is None:
        lines.append(f"what {name} {bad.version} changed in its dependencies: unknown (no METADATA found)")
    elif not diff:
        lines.append(f"what {name} {bad.version} changed in its dependencies: nothing (Requires-Dist and "
                     "Requires-Python as in " + str(good.version) + ")")
    else:
        lines.append(f"what {name} {bad.version} changed in its dependencies (Requires-Dist, METADATA of "
                     f"{good.version} -> {bad.version}):")
        lines += [f"    {line}" for line in diff]
    later = [str(o.version) for o in result.tested if o.good and o.version > bad.version]
    if later:
        lines.append(f"note: {name} {', '.join(later)} passed although newer than the first bad release: the "
                     f"command does not fail on every release after {bad.version}; --good {later[-1]} finds the "
                     "next break")
    lines.append(summary)
    print("\n".join(lines))
    return EXIT_OK


def _bisect_known(output: str, env: Path) -> list[str]:
    """The known-failure table's reading of the first bad release's output, scoped by what that environment has."""
    from ..knowledge.logs import explain_log
    from ..tools.bisect import installed_versions

    packages = installed_versions(env)
    torch = packages.get("torch", "")
    cuda = f"{torch.partition('+cu')[2][:-1]}.{torch[-1]}" if "+cu" in torch else None
    found, _ = explain_log(output, known_failures.Versions.installed(packages, cuda), torch_version=torch or None,
                           torch_cuda=cuda)
    lines = []
    for item in found:
        lines += [f"known failure: {item.headline}", f"    cause: {item.hint.cause}", f"    fix: {item.hint.fix}",
                  f"    source: {item.hint.source}"]
    return lines


# --------------------------------------------------------------------------- freeze


def cmd_freeze(args: argparse.Namespace) -> int:
    """The contract a saved report's run proved, as ``pytest --autoglm-freeze`` writes it."""
    from ..tools import freeze

    try:
        data = json.loads(Path(args.from_report).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read report {args.from_report}: {getattr(exc, 'strerror', None) or exc}") from None
    if not isinstance(data, dict) or data.get("schema") != "pytest-autoglm-compat/report/1":
        raise UsageError(f"{args.from_report}: not a report written by --autoglm-report")
    recorded = data.get("freeze")
    if not isinstance(recorded, dict):
        raise UsageError(f"{args.from_report}: the report has no 'freeze' record (written by a version before 0.2, "
                         "or by 'autoglm-compat check'); run pytest --autoglm-report again")
    why = freeze.not_frozen_reason(recorded.get("run", {}))
    if why is not None:
        print(f"autoglm-compat: no contract written: {why}", file=sys.stderr)
        return EXIT_VIOLATED
    policy = args.policy or recorded.get("run", {}).get("policy", "minor")
    _write(freeze.contract_text(recorded, data.get("snapshot"), policy), args.output)
    if args.output not in (None, "-"):
        print(freeze.summary_line(args.output, {**recorded, "run": {**recorded.get("run", {}), "policy": policy}}))
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def _seconds(value: str) -> float:
    try:
        return parse_seconds(value, "--timeout")
    except SettingsError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--timeout: ")) from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own exit 2, with our prefix
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


class _CommandParser(_Parser):
    """``... -- COMMAND ARGS``: everything after the first ``--`` is the command, never our options."""

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        words = list(sys.argv[1:] if args is None else args)
        command: list[str] = []
        if "--" in words:
            at = words.index("--")
            words, command = words[:at], words[at + 1:]
        found, rest = super().parse_known_args(words, namespace)
        found.cmd = command
        return found, rest


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="autoglm-compat", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def contract_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument("-c", "--contract", metavar="NAME|PATH",
                       help="bundled contract name or .toml path (default: $AUTOGLM_CONTRACT or stable)")

    def output_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")

    def timeout_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument("--timeout", type=_seconds, default=120.0, metavar="SECONDS",
                       help="limit for the probe and the API-check subprocess (default 120)")

    p = sub.add_parser("check", help="evaluate this environment, a snapshot or a lock file against a contract")
    contract_opt(p)
    source = p.add_mutually_exclusive_group()
    source.add_argument("--snapshot", metavar="FILE", help="a snapshot written by 'autoglm-compat probe'")
    source.add_argument("--requirements", metavar="FILE",
                        help="a requirements file (ranges, pins, -r/-c includes), pip freeze, pip list (columns "
                             "or --format=json), conda list or pip inspect output, pylock.toml or uv.lock")
    p.add_argument("--strict", action="store_true",
                   help="with --requirements: a package the file allows outside the contract counts as not met")
    p.add_argument("--offline", action="store_true",
                   help="with --requirements: judge ranges on their specifiers only, without asking the index "
                        "for release lists")
    p.add_argument("--section", action="append", metavar="NAME", help="only these sections (default: all)")
    p.add_argument("--cpu-only", action="store_true", help="leave out [cuda] and CUDA-only API/extension checks")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--allow-unknown", action="store_true",
                   help="exit 0 when nothing is unmet although some requirements are unknown "
                        "(default: unknown counts as not met, as in the plugin)")
    p.add_argument("-v", "--verbose", action="store_true", help="list met requirements too")
    output_opt(p)
    timeout_opt(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("probe", help="write the snapshot of this environment as JSON")
    output_opt(p)
    timeout_opt(p)
    p.set_defaults(func=cmd_probe)

    p = sub.add_parser("contracts", help="list, show or lint contracts")
    csub = p.add_subparsers(dest="action", required=True, parser_class=_Parser)
    q = csub.add_parser("list", help="the bundled contracts")
    q.set_defaults(func=cmd_contracts_list)
    q = csub.add_parser("show", help="a contract with 'extends' applied, as TOML")
    q.add_argument("name", metavar="NAME|PATH")
    output_opt(q)
    q.set_defaults(func=cmd_contracts_show)
    q = csub.add_parser("lint", help="validate contract files (the plugin's errors)")
    q.add_argument("paths", nargs="+", metavar="PATH")
    q.set_defaults(func=cmd_contracts_lint)

    p = sub.add_parser("constraints", help="a contract as a pip constraints file (pip install -c)")
    p.add_argument("name", metavar="NAME|PATH")
    p.add_argument("--section", action="append", metavar="NAME", help="only these sections (default: all)")
    output_opt(p)
    p.set_defaults(func=cmd_constraints)

    p = sub.add_parser("plan", help="one concrete install for a contract and your requirement files, "
                                    "from a real resolver (uv or pip)")
    contract_opt(p)
    p.add_argument("-r", "--requirements", action="append", metavar="FILE",
                   help="a pip requirements file of yours (repeatable)")
    p.add_argument("--section", action="append", metavar="NAME", help="only these sections (default: all)")
    p.add_argument("--python", metavar="PATH", help="the interpreter to resolve for (default: this one)")
    p.add_argument("--resolver", choices=("auto", "uv", "pip"), default="auto",
                   help="auto (default): uv when installed and your pip configuration translates to it, else pip")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show the resolver's progress on stderr (default: when stderr is a terminal)")
    output_opt(p)
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("diff", help="drift between two snapshots (or a snapshot and this environment)")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW", nargs="?", help="default: this environment")
    p.add_argument("-c", "--contract", metavar="NAME|PATH",
                   help="mark the changes that break this contract (bundled name or .toml path) and exit 1 if any "
                        "does; without it, changes are only listed")
    p.add_argument("--cpu-only", action="store_true", help="ignore CUDA requirements")
    timeout_opt(p)
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("freeze", help="the contract a passing run proved, from its JSON report")
    p.add_argument("--from-report", required=True, metavar="REPORT", help="a report written by --autoglm-report")
    p.add_argument("--policy", choices=("exact", "minor", "major"),
                   help="range of each version (default: the run's --autoglm-freeze-policy, else minor)")
    output_opt(p)
    p.set_defaults(func=cmd_freeze)

    p = sub.add_parser("matrix", help="merge JSON reports into one compatibility table")
    p.add_argument("reports", nargs="+", metavar="REPORT")
    p.add_argument("--format", choices=("markdown", "html"), default="markdown")
    output_opt(p)
    p.set_defaults(func=cmd_matrix)

    p = sub.add_parser("explain", help="explain known GLM-stack failures in a traceback or log")
    p.add_argument("file", nargs="?", metavar="FILE", help="a log file; default or '-': standard input")
    p.add_argument("--here", action="store_true",
                   help="the log comes from this environment: scope by its installed versions, not the log's")
    timeout_opt(p)
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("bisect", help="find the release of one package that broke a command",
                       usage="%(prog)s PACKAGE --good V1 --bad V2 [options] -- COMMAND...",
                       description="Build throwaway environments that differ only in PACKAGE, run COMMAND in each "
                                   "and binary-search the releases between --good and --bad.")
    p.add_argument("package", metavar="PACKAGE")
    p.add_argument("--good", required=True, metavar="VERSION", help="a release on which COMMAND passes")
    p.add_argument("--bad", required=True, metavar="VERSION", help="a later release on which COMMAND fails")
    p.add_argument("--pre", action="store_true", help="include pre-releases between --good and --bad")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="build and run N releases at once (default 1)")
    pins = p.add_mutually_exclusive_group()
    pins.add_argument("--requirements", metavar="FILE",
                      help="base pins from a requirements/lock file (default: this environment's distributions)")
    pins.add_argument("--snapshot", metavar="FILE", help="base pins from a snapshot written by 'autoglm-compat probe'")
    p.add_argument("--installer", choices=("auto", "uv", "pip"), default="auto",
                   help="what builds the environments (default: uv where installed, else pip)")
    p.add_argument("--cache-dir", metavar="DIR",
                   help="where environments are kept between runs "
                        "(default: $XDG_CACHE_HOME/pytest-autoglm-compat/bisect)")
    p.set_defaults(func=cmd_bisect, cmd=[])
    p.__class__ = _CommandParser  # add_parser takes no parser class of its own
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (UsageError, ContractError) as exc:
        print(f"autoglm-compat: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("autoglm-compat: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:
        traceback.print_exc()
        print("autoglm-compat: internal error (a bug: please report it with the traceback above)",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
