"""The comparison logic of the host-parity session (tests/host/parity.py), on hand-made runs."""

from __future__ import annotations

import json
from pathlib import Path

import parity
import pytest
from parity import MISSING, SESSION_ID, Counts, Result, Run, candidates, classify, config_files_above, render

PASS = Result("passed")
FAIL = Result("failed", "E   KeyError: <_pytest.stash.StashKey object at 0x7f>")
ERROR = Result("error", "E   fixture 'x' not found")


def run(**outcomes: Result) -> Run:
    return Run(0, outcomes)


def test_only_tests_failing_with_the_plugin_alone_are_candidates() -> None:
    without = run(a=PASS, b=FAIL, c=PASS, d=Result("skipped"), e=PASS)
    with_plugin = run(a=FAIL, b=FAIL, c=PASS, d=ERROR, e=Result("xfailed"))
    assert candidates(without, with_plugin) == ["a", "d"]


def test_a_test_lost_with_the_plugin_is_a_candidate_and_one_only_there_counts_when_it_fails() -> None:
    without = run(kept=PASS, lost=PASS, lost_failing=FAIL)
    with_plugin = run(kept=PASS, new_pass=PASS, new_error=ERROR)
    assert candidates(without, with_plugin) == ["lost", "new_error"]
    assert with_plugin.result("lost") == Result(MISSING)


@pytest.mark.parametrize(("with_outcomes", "without_outcomes", "kind"), [
    (["failed", "failed", "failed"], ["passed", "passed", "passed"], "regression"),
    (["failed", "passed", "error"], ["passed", "passed", "passed"], "regression"),  # most re-runs fail
    (["failed", "passed", "passed"], ["passed", "passed", "passed"], "flaky"),
    (["passed", "passed", "passed"], ["passed", "passed", "passed"], "flaky"),
    (["failed", "failed", "failed"], ["passed", "failed", "passed"], "both"),  # fails without it too
    ([MISSING, MISSING, MISSING], ["passed", "passed", "passed"], "regression"),
])
def test_classify_by_majority_with_the_plugin_and_none_without(
        with_outcomes: list[str], without_outcomes: list[str], kind: str) -> None:
    again = [run(t=Result(o, f"failure {k}")) for k, o in enumerate(with_outcomes)]
    control = [run(t=Result(o)) for o in without_outcomes]
    verdict = classify("t", run(t=FAIL), again, control)
    assert verdict.kind == kind
    assert (verdict.failed_with, verdict.failed_without, verdict.reruns) == (
        sum(o != "passed" for o in with_outcomes), sum(o != "passed" for o in without_outcomes), 3)


def test_the_failure_shown_is_the_first_rerun_failure_else_the_full_runs() -> None:
    again = [run(t=PASS), run(t=Result("failed", "second")), run(t=Result("failed", "third"))]
    assert classify("t", run(t=FAIL), again, [run(t=PASS)] * 3).failure.longrepr == "second"
    assert classify("t", run(t=FAIL), [run(t=PASS)] * 3, [run(t=PASS)] * 3).failure == FAIL


def test_without_reruns_the_full_runs_failure_stands() -> None:
    verdict = classify(SESSION_ID, Run(3, {SESSION_ID: ERROR}), [], [])
    assert (verdict.kind, verdict.reruns, verdict.failure) == ("regression", 0, ERROR)


def test_render_prints_regressions_with_their_failure_first_and_flaky_ones_by_id() -> None:
    slow, node = "testing/test_a.py::test_slow", "testing/test_b.py::test_node"
    passing = Run(0, {slow: PASS, node: PASS})
    flaky = classify(slow, Run(1, {slow: FAIL}), [Run(1, {slow: FAIL}), passing, passing], [passing] * 3)
    broken = classify(node, Run(1, {node: FAIL}), [Run(1, {node: FAIL})] * 3, [passing] * 3)
    assert render("pytest_xdist-3.8.0", [flaky, broken]) == [
        "pytest_xdist-3.8.0: REGRESSION testing/test_b.py::test_node "
        "(failed 3/3 re-runs with the plugin, 0/3 without)",
        "    E   KeyError: <_pytest.stash.StashKey object at 0x7f>",
        "pytest_xdist-3.8.0: FLAKY testing/test_a.py::test_slow (failed 1/3 re-runs with the plugin, 0/3 without)",
    ]


def test_render_shows_only_the_first_failures_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parity, "MAX_SHOWN", 1)
    verdicts = [classify(i, run(**{i: FAIL}), [], []) for i in ("x", "y")]
    assert render("s", verdicts) == [
        "s: REGRESSION x (not re-run)", "    E   KeyError: <_pytest.stash.StashKey object at 0x7f>",
        "s: REGRESSION y (not re-run)",
    ]


def test_a_record_round_trips_and_counts_by_outcome() -> None:
    text = json.dumps({"exitstatus": 1, "outcomes": {
        "a": {"outcome": "passed", "longrepr": ""}, "b": {"outcome": "failed", "longrepr": "boom"},
        "c": {"outcome": "error", "longrepr": "x"}, "d": {"outcome": "xfailed", "longrepr": ""}}})
    loaded = Run.from_json(text)
    assert loaded.result("b") == Result("failed", "boom")
    counts = Counts.of(loaded)
    assert (counts.total, counts.failing) == (4, 2)
    assert counts.line() == "4 tests: 1 error, 1 failed, 1 passed, 1 xfailed"


def test_config_files_above_finds_what_pytest_would_read_above_a_directory(tmp_path: Path) -> None:
    project = tmp_path / "project"
    work = project / ".nox" / "host" / "tmp"
    work.mkdir(parents=True)
    assert [p for p in config_files_above(work) if tmp_path in p.parents] == []
    (project / "pyproject.toml").write_text("[tool.pytest.ini_options]\n")
    (project / ".nox" / "tox.ini").write_text("")
    assert [p for p in config_files_above(work) if tmp_path in p.parents] == [
        project / ".nox" / "tox.ini", project / "pyproject.toml"]
