"""A saved report read back by ``matrix`` and ``freeze --from-report``: bounded, and checked against the
published schema before use (issue 21 item 9). Before, fuzzing every field with wrong types ended
in exit 3 (an internal error) on 119 of 1,210 reports for ``matrix`` and 459 for ``freeze``.

The checker is held to the ``jsonschema`` package's answers on the same mutated real reports.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_autoglm_compat import cli
from pytest_autoglm_compat.render import report_input

DATA = Path(__file__).parent / "data"
WRONG = [None, True, 0, 1.5, "", "x", [], [1], {}, {"a": 1}]


@pytest.fixture(scope="module")
def real_reports(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The example suite's report, and one with a freeze record written by a real pytest run."""
    import subprocess
    import sys

    where = tmp_path_factory.mktemp("run")
    (where / "test_a.py").write_text("import json\n\ndef test_a():\n    assert json.dumps(1)\n")
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--autoglm-report=r.json",
                    "--autoglm-freeze=f.toml"], cwd=where, capture_output=True, timeout=300, check=False)
    with_freeze = json.loads((where / "r.json").read_text())
    assert "freeze" in with_freeze
    return [json.loads((DATA / "report-example.json").read_text()), with_freeze]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data[:3]):
            out += _paths(value, (*prefix, i))
    return out


def _replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copied = copy.deepcopy(data)
    node = copied
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copied


def test_the_real_reports_are_valid_for_both_checkers(real_reports: list[dict[str, Any]]) -> None:
    schema = report_input.schema()
    for report in real_reports:
        assert report_input.problems(report) == []
        jsonschema.validate(report, schema)


def test_the_package_schema_is_the_published_one() -> None:
    published = Path(__file__).parents[1] / "docs" / "report.schema.json"
    assert json.loads(published.read_text()) == report_input.schema()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_report_with_any_field_of_a_wrong_type_is_refused_with_its_key_or_used(
        real_reports: list[dict[str, Any]], tmp_path: Path, data: st.DataObject) -> None:
    report = data.draw(st.sampled_from(real_reports))
    path = data.draw(st.sampled_from(_paths(report)))
    mutated = _replaced(report, path, data.draw(st.sampled_from(WRONG)))
    ours = report_input.problems(mutated)
    theirs = jsonschema.Draft202012Validator(report_input.schema()).is_valid(mutated)
    assert (not ours) == theirs, (path, ours)
    file = tmp_path / "r.json"
    file.write_text(json.dumps(mutated))
    for argv in (["matrix", str(file)], ["freeze", "--from-report", str(file), "-o", str(tmp_path / "c.toml")]):
        code = cli.main(argv)
        assert code in (0, 1, 2), (argv, path)  # 3 is an internal error: never on a report's content
        if not theirs:
            assert code == 2


def test_a_wrong_type_is_named_by_its_key(real_reports: list[dict[str, Any]], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    mutated = _replaced(real_reports[0], ("verdicts", 0, "subject"), 7)
    file = tmp_path / "r.json"
    file.write_text(json.dumps(mutated))
    assert cli.main(["matrix", str(file)]) == 2
    assert capsys.readouterr().err == (
        f"autoglm-compat: error: {file}: not a valid report (schema pytest-autoglm-compat/report/1): "
        "verdicts[0].subject: expected string, found integer\n")


def test_json_nested_past_the_parsers_depth_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "deep.json"
    file.write_text("[" * 100_000 + "]" * 100_000)
    assert cli.main(["freeze", "--from-report", str(file)]) == 2
    assert capsys.readouterr().err == (
        f"autoglm-compat: error: {file}: not a JSON report (nested too deeply)\n")


def test_an_endless_file_is_refused_after_the_limit_not_loaded(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["freeze", "--from-report", "/dev/zero"]) == 2
    assert capsys.readouterr().err == (
        "autoglm-compat: error: /dev/zero: larger than 64 MB, not a report this plugin wrote\n")
