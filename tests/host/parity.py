"""Host parity: host projects' own test suites, without and with the plugin installed, compared per test.

The plugin loads through its ``pytest11`` entry point into every pytest run of whoever installs it,
so a host project's own suite must have the same outcomes with it installed as without. For each
sdist given (pytest's, pytest-xdist's), this script installs the plugin (a regular install, as
users get it), runs the suite's ``testing/`` directory, and re-runs each test that failed with the
plugin ``--reruns`` times with it and without it (host suites have timing-flaky tests, and
failures of their own). A test is a regression when it fails with the plugin in most of those
re-runs and never without it; the script then prints its id and failure and exits 1.

``--baseline full`` also runs each whole suite without the plugin first, and re-runs only what
failed with the plugin and not in that run: the same verdicts where the host's own failures are
stable, at twice the cost (CI uses the default, ``reruns``: 7 minutes less on 2 cores).

Called by ``nox -s host``, which installs the suites' test dependencies first. Outcomes come from
``parity_recorder.py`` (next to this file), loaded into each host session with ``-p``.

    python tests/host/parity.py --plugin . --work DIR pytest-9.2.0.tar.gz pytest_xdist-3.8.0.tar.gz
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

HERE = Path(__file__).resolve().parent
PLUGIN_DIST = "pytest-autoglm-compat"
FAILING = frozenset(("failed", "error"))
MISSING = "missing"
COLLECTED = "collected"  # parity_recorder's outcome for a collector that collected
# a run longer than this is a hang: the suites take about 5 minutes each on 2 cores
RUN_TIMEOUT_S = 40 * 60
# more candidates than this is no flakiness (a session-wide break): judged without re-runs
MAX_RERUN = 100
# regressions printed with their failure; the rest by id only
MAX_SHOWN = 30
SESSION_ID = "<session>"
# what pytest reads above a test directory: pytester's runs under a directory below one of these
# take that project's configuration (a TMPDIR inside a repository turned 287 of pytest's tests red)
PYTEST_CONFIG_FILES = ("pytest.ini", ".pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg", "conftest.py")


@dataclass(frozen=True)
class Result:
    outcome: str
    longrepr: str = ""

    @property
    def failing(self) -> bool:
        return self.outcome in FAILING or self.outcome == MISSING


@dataclass(frozen=True)
class Run:
    """One pytest session's outcomes by node id; ``exitstatus`` is pytest's (or the process's)."""

    exitstatus: int
    outcomes: Mapping[str, Result] = field(default_factory=dict)

    def result(self, nodeid: str) -> Result:
        return self.outcomes.get(nodeid, Result(MISSING))

    @classmethod
    def from_json(cls, text: str) -> Run:
        data = json.loads(text)
        return cls(int(data["exitstatus"]),
                   {k: Result(v["outcome"], v.get("longrepr", "")) for k, v in data["outcomes"].items()})


@dataclass(frozen=True)
class Counts:
    total: int
    failing: int
    by_outcome: Mapping[str, int]

    @classmethod
    def of(cls, run: Run) -> Counts:
        by: dict[str, int] = {}
        for r in run.outcomes.values():
            if r.outcome != COLLECTED:  # collectors, seen only in serial runs: not tests
                by[r.outcome] = by.get(r.outcome, 0) + 1
        return cls(sum(by.values()), sum(n for o, n in by.items() if o in FAILING), by)

    def line(self) -> str:
        parts = ", ".join(f"{n} {o}" for o, n in sorted(self.by_outcome.items()))
        return f"{self.total} tests: {parts or 'none'}"


def candidates(without: Run, with_plugin: Run) -> list[str]:
    """Ids that fail (or are missing) with the plugin but not without it, in a stable order.

    A test missing with the plugin counts: a plugin that breaks collection silently loses tests.
    A test that exists only with the plugin counts when it fails (an error of a collector the
    plugin added, say).
    """
    ids = set(without.outcomes) | set(with_plugin.outcomes)
    # a collector that collected is reported by serial runs only (xdist hands over failed ones)
    ids -= {i for i, r in without.outcomes.items() if r.outcome == COLLECTED and i not in with_plugin.outcomes}
    return sorted(i for i in ids
                  if with_plugin.result(i).failing and not (i in without.outcomes and without.result(i).failing))


Kind = Literal["regression", "flaky", "both"]


@dataclass(frozen=True)
class Verdict:
    nodeid: str
    kind: Kind  # see classify()
    failed_with: int
    failed_without: int
    reruns: int  # with the plugin
    failure: Result
    reruns_without: int = 0


def classify(nodeid: str, first_with: Run, reruns_with: Sequence[Run], reruns_without: Sequence[Run]) -> Verdict:
    """Judge one candidate from its re-runs.

    regression: fails with the plugin in most re-runs and in none without it (with no re-runs:
    the full run's failure stands); both: fails without the plugin too on re-run (the host's own
    failure, not ours); flaky: passes with the plugin in most re-runs (a timing-flaky host test).
    The failure shown is the first re-run failure with the plugin, else the full run's.
    """
    with_results = [r.result(nodeid) for r in reruns_with]
    failed_with = sum(r.failing for r in with_results)
    failed_without = sum(r.result(nodeid).failing for r in reruns_without)
    kind: Kind
    if failed_without:
        kind = "both"
    elif not with_results or failed_with * 2 > len(with_results):
        kind = "regression"
    else:
        kind = "flaky"
    failure = next((r for r in with_results if r.failing), first_with.result(nodeid))
    return Verdict(nodeid, kind, failed_with, failed_without, len(with_results), failure, len(reruns_without))


def render(suite: str, verdicts: Sequence[Verdict]) -> list[str]:
    """The report lines for one suite's candidates; the first MAX_SHOWN regressions with their failure."""
    lines: list[str] = []
    shown = 0
    for v in sorted(verdicts, key=lambda v: (v.kind != "regression", v.nodeid)):
        if v.reruns or v.reruns_without:
            tally = (f"failed {v.failed_with}/{v.reruns} re-runs with the plugin, "
                     f"{v.failed_without}/{v.reruns_without} without")
        else:
            tally = "not re-run"
        lines.append(f"{suite}: {v.kind.upper()} {v.nodeid} ({tally})")
        if v.kind == "regression" and shown < MAX_SHOWN:
            shown += 1
            text = v.failure.longrepr.strip() or f"(outcome: {v.failure.outcome})"
            lines.extend(f"    {line}" for line in text.splitlines())
    return lines


def config_files_above(path: Path) -> list[Path]:
    """pytest configuration files in ``path`` or any directory above it."""
    return [d / name for d in (path, *path.parents) for name in PYTEST_CONFIG_FILES if (d / name).is_file()]


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Suite:
    name: str  # the sdist's directory name, e.g. pytest-9.2.0
    sdist: Path


def unpack(suite: Suite, into: Path) -> Path:
    """A fresh copy of the sdist: each session starts from the same tree, with no cache left over."""
    target = into / suite.name
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with tarfile.open(suite.sdist) as tar:
        if hasattr(tarfile, "data_filter"):  # 3.12, and the 3.9-3.11 patch releases that got it
            tar.extractall(target, filter="data")
        else:
            tar.extractall(target)  # an sdist pip just downloaded from PyPI
    (tree,) = target.iterdir()  # an sdist holds one directory, name-version
    return tree


def run_pytest(tree: Path, record: Path, args: Sequence[str], tmp: Path) -> Run:
    """One host session in its own process group, so a hang takes its xdist workers down with it."""
    env = dict(os.environ)
    env["TMPDIR"] = str(tmp)  # pytester's directories: below no project (see PYTEST_CONFIG_FILES)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), env.get("PYTHONPATH", "")) if p)
    env.pop("PYTEST_ADDOPTS", None)
    cmd = [sys.executable, "-m", "pytest", "-p", "parity_recorder", f"--parity-record={record}", *args]
    record.unlink(missing_ok=True)
    log = record.with_suffix(".log")  # written as the session goes: `tail -f` shows its progress
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=tree, env=env, start_new_session=True, stdout=out, stderr=subprocess.STDOUT)
        try:
            proc.wait(timeout=RUN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    if record.exists():
        return Run.from_json(record.read_text())
    # no record: the session died before its end (INTERNALERROR, a crash, the timeout)
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
    return Run(proc.returncode, {SESSION_ID: Result("error", tail)})


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args], check=True)


def plugin_installed() -> bool:
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        distribution(PLUGIN_DIST)
    except PackageNotFoundError:
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("sdists", nargs="+", type=Path, help="host sdists (*.tar.gz) whose testing/ to run")
    ap.add_argument("--plugin", required=True, help="what `pip install` installs the plugin from")
    ap.add_argument("--work", required=True, type=Path, help="scratch directory (trees, records, logs)")
    ap.add_argument("--workers", default="2", help="pytest-xdist -n for the full runs (default 2)")
    ap.add_argument("--reruns", type=int, default=3, help="re-runs of each candidate per environment")
    ap.add_argument("--baseline", choices=("reruns", "full"), default="reruns",
                    help="without the plugin: re-run only what failed with it (default), or also run each "
                         "whole suite first")
    ns = ap.parse_args(argv)
    if plugin_installed():
        pip("uninstall", "-y", "-q", PLUGIN_DIST)
    suites = [Suite(s.name.removesuffix(".tar.gz"), s.resolve()) for s in ns.sdists]
    work: Path = ns.work.resolve()
    tmp = work / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    above = config_files_above(tmp)
    if above:
        print(f"host parity: ERROR: pytest configuration above the work directory {work}: "
              f"{', '.join(map(str, above))}; host tests would read it. Pass a --work outside any project.")
        return 2
    full_args = ["testing", "-n", ns.workers, "-q"]
    runs: dict[tuple[str, str], Run] = {}
    trees: dict[tuple[str, str], Path] = {}

    def full_run(suite: Suite, label: str, args: Sequence[str]) -> Run:
        tree = trees[suite.name, label] = unpack(suite, work / label)
        start = time.monotonic()
        run = runs[suite.name, label] = run_pytest(tree, work / f"{suite.name}-{label}.json", args, tmp)
        what = "tests collected" if "--collect-only" in args else "the plugin"
        print(f"host parity: {suite.name} {label} {what}: {Counts.of(run).line()}; "
              f"exit {run.exitstatus}; {time.monotonic() - start:.0f} s", flush=True)
        return run

    if ns.baseline == "full":
        for suite in suites:
            full_run(suite, "without", full_args)
    pip("install", "-q", ns.plugin)  # a regular install: the plugin loads through pytest11
    for suite in suites:
        full_run(suite, "with", full_args)
    pip("uninstall", "-y", "-q", PLUGIN_DIST)
    if ns.baseline != "full":  # the ids without the plugin, so that a test the plugin loses is seen
        for suite in suites:
            full_run(suite, "without", ["testing", "--collect-only", "-q"])
    for suite in suites:
        baseline = runs[suite.name, "without"]
        if SESSION_ID in baseline.outcomes or not baseline.outcomes:
            print(f"host parity: ERROR: {suite.name} did not run without the plugin (exit {baseline.exitstatus}); "
                  f"see {work / (suite.name + '-without.log')}")
            return 2
    # with the reruns baseline, a test that fails with the plugin is a candidate whatever it does
    # without it: its re-runs without the plugin tell the host's own failures (BOTH) from ours
    todo = {s.name: candidates(runs[s.name, "without"], runs[s.name, "with"]) for s in suites}
    rerun_ids = {name: [i for i in ids if i != SESSION_ID] if len(ids) <= MAX_RERUN else [] for name, ids in todo.items()}
    # Each re-run session runs some ids; a test is judged on the sessions that ran it. One session
    # without the plugin first: a test that fails there is the host's own failure (BOTH) and is not
    # re-run again; the others get the rest of the re-runs in both environments.
    reruns: dict[tuple[str, str], list[tuple[frozenset[str], Run]]] = {(s.name, label): [] for s in suites
                                                                         for label in ("with", "without")}

    def rerun(suite: Suite, label: str, ids: list[str]) -> Run:
        k = len(reruns[suite.name, label])
        run = run_pytest(trees[suite.name, label], work / f"{suite.name}-{label}-rerun{k}.json", ids, tmp)
        reruns[suite.name, label].append((frozenset(ids), run))
        return run

    left: dict[str, list[str]] = {}
    for suite in suites:  # the plugin is uninstalled now
        ids = rerun_ids[suite.name]
        control = rerun(suite, "without", ids) if ids and ns.reruns else None
        left[suite.name] = [i for i in ids if control is None or not control.result(i).failing]
        for _ in range(ns.reruns - 1 if left[suite.name] else 0):
            rerun(suite, "without", left[suite.name])
    if any(left.values()):
        pip("install", "-q", ns.plugin)
    for suite in suites:
        for _ in range(ns.reruns if left[suite.name] else 0):
            rerun(suite, "with", left[suite.name])

    def ran(suite: Suite, label: str, nodeid: str) -> list[Run]:
        return [run for ids, run in reruns[suite.name, label] if nodeid in ids]

    regressions = 0
    for suite in suites:
        ids = todo[suite.name]
        first = runs[suite.name, "with"]
        # a session that died with the plugin has nothing to re-run: its failure stands
        verdicts = [classify(i, first, ran(suite, "with", i), ran(suite, "without", i)) if i != SESSION_ID
                    else classify(i, first, [], []) for i in ids]
        found = sum(v.kind == "regression" for v in verdicts)
        regressions += found
        which = "failing only with the plugin" if ns.baseline == "full" else "failing with the plugin"
        print(f"host parity: {suite.name}: {which} in the full run: {len(ids)}; "
              f"regressions after up to {ns.reruns} re-runs in each environment: {found}")
        for line in render(suite.name, verdicts):
            print(line)
    if regressions:
        print(f"host parity: FAILED: tests failing only with {PLUGIN_DIST} installed: {regressions}")
        return 1
    print("host parity: OK: no test fails only with the plugin installed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
