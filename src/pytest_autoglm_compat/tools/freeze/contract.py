"""A run's record rendered as the contract it proved: ranges by policy, each entry saying why.

The same text comes from a live run (the plugin) and from a saved report (``autoglm-compat
freeze``); :func:`not_frozen_reason` says why a run proves nothing to freeze.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from ...model.export import toml_string
from ...model.requirements import API_KINDS
from .watch import COLLECT, SOURCE, TEST


def version_range(version: str, policy: str) -> str:
    """The range a policy admits around an installed version; a local label (``+cu121``) is left out:
    the public version is what a package index serves, the CUDA build goes in ``[cuda]``."""
    try:
        v = Version(version)
    except InvalidVersion:
        return f"==={version}"
    public = v.public
    if policy == "exact":
        return f"=={public}"
    epoch = f"{v.epoch}!" if v.epoch else ""
    major = v.release[0]
    minor = v.release[1] if len(v.release) > 1 else 0
    upper = f"{epoch}{major}.{minor + 1}" if policy == "minor" else f"{epoch}{major + 1}"
    return f">={public},<{upper}"


# --------------------------------------------------------------------------- rendering


def _listed(items: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def importer_text(by: Iterable[str], tests_per_file: Mapping[str, int]) -> str:
    """Who imported it, for a reader: 'imported at collection by tests/test_glm.py (12 tests)'."""
    by = list(by)
    files = sorted(b[len(COLLECT):] for b in by if b.startswith(COLLECT))
    tests = sorted(b[len(TEST):] for b in by if b.startswith(TEST))
    tested = {t.split("::", 1)[0] for t in tests}
    sources = sorted(s for s in (b[len(SOURCE):] for b in by if b.startswith(SOURCE))
                     if s not in files and s not in tested)
    parts = []
    if files:
        counted = []
        for f in files:
            n = tests_per_file.get(f, 0)
            counted.append(f"{f} ({n} test{'s' if n != 1 else ''})")
        parts.append("imported at collection by " + _listed(counted))
    if tests:
        parts.append("imported by " + _listed(tests))
    if sources:
        parts.append("imported in " + _listed(sources))
    if not parts:
        parts.append("imported at collection")
    return "; ".join(parts)


def counts_text(counts: Mapping[str, int]) -> str:
    order = ("passed", "skipped", "xfailed", "xpassed", "failed", "error", "deselected")
    shown = [f"{counts[k]} {k}" for k in order if counts.get(k)]
    return ", ".join(shown) or "no tests"


def frozen_distributions(freeze: Mapping[str, Any], deps: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(distributions that become requirements, those only listed), by ``deps``: ``direct``
    (default: the run's --autoglm-freeze-deps) freezes what the suite imports itself, ``all`` everything."""
    deps = deps or freeze.get("run", {}).get("deps") or "direct"
    frozen: dict[str, Any] = {}
    listed: dict[str, Any] = {}
    for name, entry in freeze.get("distributions", {}).items():
        (frozen if deps == "all" or entry.get("direct", True) else listed)[name] = entry
    return frozen, listed


def install_fix(frozen: Mapping[str, Any], policy: str) -> str:
    """One command that installs every frozen requirement: the same ``fix`` on each entry, so
    ``check`` on another stack prints it once instead of one line per package. torch is left
    to the engine's own fix, which names the index of the CUDA build (PyPI's may differ)."""
    import shlex

    return "pip install " + " ".join(shlex.quote(f"{name}{version_range(entry['version'], policy)}")
                                     for name, entry in frozen.items() if name != "torch")


def _wrapped(prefix: str, items: Sequence[str], width: int = 100) -> list[str]:
    lines: list[str] = []
    line = prefix
    for item in items:
        if len(line) + len(item) + 3 > width and line != prefix:
            lines.append(line + ",")
            line = prefix
        line += (" " if line == prefix else ", ") + item
    if line != prefix:
        lines.append(line)
    return lines


def contract_text(freeze: Mapping[str, Any], snapshot: Mapping[str, Any] | None, policy: str,
                  deps: str | None = None) -> str:
    """The contract a run proved. ``freeze`` is the report's "freeze" object; ``snapshot`` its snapshot."""
    from ... import __version__
    from ...facts.probe import Snapshot

    snap = Snapshot.from_json(snapshot) if snapshot is not None else None
    run = freeze.get("run", {})
    rootdir = str(run.get("rootdir", ""))
    per_file: dict[str, int] = dict(run.get("tests_per_file", {}))
    where = "environment not probed"
    description = f"What a passing run in {rootdir} imported and relied on, frozen {run.get('created', '?')}"
    if snap is not None:
        where = (f"Python {snap.python} on {snap.platform} {snap.machine}; {snap.torch_summary}; "
                 f"{snap.gpu_summary}")
    lines = [
        f"# Frozen by pytest-autoglm-compat {run.get('plugin_version', __version__)} from a run in which "
        f"no test failed; policy {policy}",
        f"# when: {run.get('created', '?')}",
        f"# where: {where}",
        f"# run: {run.get('invocation', '?')}",
        f"# rootdir: {rootdir}",
        f"# tests: {counts_text(run.get('counts', {}))}",
        "# Each entry says why it is here. Ranges admit what the run proved; widen them by hand",
        "# once another environment proves more.",
        "format = 1",
        f"name = {toml_string('frozen-' + (Path(rootdir).name or 'run'))}",
        f"description = {toml_string(description)}",
    ]
    frozen, listed = frozen_distributions(freeze, deps)
    fix = install_fix(frozen, policy)
    for name, entry in frozen.items():
        version = entry["version"]
        reason = f"{importer_text(entry.get('by', ()), per_file)}; {name} {version} was installed"
        if not entry.get("direct", True):
            reason += "; the suite does not import it itself"
        lines += ["", f"[packages.{toml_string(name)}]", f"spec = {toml_string(version_range(version, policy))}",
                  f"reason = {toml_string(reason)}", *([f"fix = {toml_string(fix)}"] if name != "torch" else [])]
    if listed:
        lines += ["", f"# Not frozen: {len(listed)} distribution(s) the run imported only through the ones above "
                  "(their own", "# requirements pin them; --autoglm-freeze-deps=all freezes them too):",
                  *_wrapped("#  ", [f"{name} {entry['version']}" for name, entry in listed.items()])]
    cuda = _cuda_lines(freeze, snap, policy)
    if cuda:
        lines += ["", "[cuda]", *cuda]
    apis: dict[str, list[str]] = {}
    for target, by in freeze.get("api", {}).items():
        reason = importer_text(by, per_file) + "; it must import"
        apis[target] = [f"target = {toml_string(target)}", f"reason = {toml_string(reason)}"]
    for marker in freeze.get("api_markers", ()):
        body = [f"target = {toml_string(marker['target'])}"]
        if marker.get("absent"):
            body.append("absent = true")
        elif marker.get("kind") in API_KINDS:
            body.append(f"kind = {toml_string(marker['kind'])}")
        for key in ("fields", "params"):
            if marker.get(key):
                body.append(f"{key} = [{', '.join(toml_string(x) for x in marker[key])}]")
        found = "absent" if marker.get("absent") else f"a {marker.get('kind', '?')}"
        reason = f"requires_api held ({found}) for " + _listed(list(marker.get("tests", ())))
        body.append(f"reason = {toml_string(reason)}")
        apis[marker["target"]] = body  # the marker's checks say more than "it imports"
    for target in sorted(apis):
        lines += ["", "[[api]]", *apis[target]]
    return "\n".join(lines) + "\n"


def _cuda_lines(freeze: Mapping[str, Any], snap: Any, policy: str) -> list[str]:
    """[cuda] only when torch initialised CUDA in the run, on GPUs the snapshot saw."""
    if not freeze.get("cuda_used") or snap is None or snap.torch is None or not snap.torch.cuda or not snap.gpus:
        return []
    caps = []
    for gpu in snap.gpus:
        try:
            caps.append(Version(str(gpu.capability)))
        except InvalidVersion:
            continue
    lines = [f"runtime = {toml_string(version_range(snap.torch.cuda, policy))}"]
    if caps:
        lines.append(f"capability = {toml_string('>=' + str(min(caps)))}")
    reason = f"torch {snap.torch.version} (CUDA {snap.torch.cuda}) ran on {snap.gpu_summary}"
    lines.append(f"reason = {toml_string(reason)}")
    return lines


def not_frozen_reason(run: Mapping[str, Any]) -> str | None:
    """Why a run proves nothing to freeze, in a few words; None when it may be frozen.

    Skipped and xfailed tests are fine (the user's own markers); a failure, an error, an
    interrupted run or one that ran no test is not.
    """
    counts = run.get("counts", {})
    bad = [f"{counts[k]} {k if k == 'failed' else 'error' + ('s' if counts[k] != 1 else '')}"
           for k in ("failed", "error") if counts.get(k)]
    if bad:
        return " and ".join(bad) + " in this run"
    status = run.get("exit_status", 0)
    if status == 2:
        return "the run was interrupted"
    if status == 5 or (status == 0 and not any(counts.get(k) for k in ("passed", "xfailed", "xpassed"))):
        return "no test ran"  # --collect-only, or every test skipped: nothing was proved
    if status != 0:
        return f"the run ended with exit status {status}"
    return None


def summary_line(path: str, freeze: Mapping[str, Any]) -> str:
    frozen, listed = frozen_distributions(freeze)
    n_api = len(set(freeze.get("api", {})) | {m["target"] for m in freeze.get("api_markers", ())})
    line = (f"autoglm-compat: froze {len(frozen)} distribution(s) and {n_api} API surface(s) into {path} "
            f"(policy {freeze.get('run', {}).get('policy', 'minor')})")
    if listed:
        line += (f"; {len(listed)} imported only through them listed as comments "
                 "(--autoglm-freeze-deps=all freezes them)")
    return line
