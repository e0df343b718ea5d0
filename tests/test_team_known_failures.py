"""A team's own known failures: named by a contract (``known_failures = [...]``) or by the settings,
tried after the bundled ones by the same engine that explains every failed import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_autoglm_compat.model import contract as contract_mod
from pytest_autoglm_compat.model.contract import ContractError
from pytest_autoglm_compat.model.settings import SettingsError, resolve_settings

KNOWN = """\
[[failure]]
id = "ours-kernels-missing"
family = "ours-kernels-missing"
types = ["builtins.ImportError"]
pattern = 'ourkernels: build \\d+ lacks the fused kernels'
cause = "our kernels wheel was not installed beside the model code"
fix = "pip install -r requirements/kernels.txt"
source = "wiki: Kernels"
"""

CONTRACT = """\
name = "team"
{known}

[[api]]
target = "teammod:thing"
reason = "our tests import it"
"""


def _project(tmp_path: Path, known: str = 'known_failures = ["ci/known.toml"]') -> Path:
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "known.toml").write_text(KNOWN, encoding="utf-8")
    (tmp_path / "teammod.py").write_text(
        'raise ImportError("ourkernels: build 17 lacks the fused kernels")\n',
        encoding="utf-8")
    (tmp_path / "team.toml").write_text(CONTRACT.format(known=known), encoding="utf-8")
    return tmp_path / "team.toml"


def _check(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "check", *args], cwd=tmp_path,
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def test_a_contracts_own_known_failure_explains_a_failed_import_check(tmp_path: Path) -> None:
    _project(tmp_path)
    done = _check(tmp_path, "-c", "team.toml")
    assert done.returncode == 1, done.stderr
    assert "  note: our kernels wheel was not installed beside the model code\n" in done.stdout
    assert "  fix: pip install -r requirements/kernels.txt\n" in done.stdout


def test_without_the_teams_file_the_same_failure_has_no_cause(tmp_path: Path) -> None:
    _project(tmp_path, known="")
    done = _check(tmp_path, "-c", "team.toml")
    assert done.returncode == 1, done.stderr
    assert "UNMET teammod:thing: found import teammod fails: ImportError: ourkernels: build 17 lacks the fused kernels" in done.stdout
    assert "our kernels wheel" not in done.stdout
    assert "  note:" not in done.stdout


def test_the_files_are_resolved_against_the_contract_and_kept_through_extends(tmp_path: Path) -> None:
    team = _project(tmp_path)
    assert contract_mod.load(str(team)).known_failures == (str(tmp_path / "ci" / "known.toml"),)
    (tmp_path / "child").mkdir()
    (tmp_path / "child" / "more.toml").write_text(KNOWN.replace("ours-kernels-missing", "ours-other"),
                                                  encoding="utf-8")
    (tmp_path / "child" / "child.toml").write_text(
        'name = "child"\nextends = "../team.toml"\nknown_failures = ["more.toml"]\n', encoding="utf-8")
    child = contract_mod.load(str(tmp_path / "child" / "child.toml"))
    assert child.known_failures == (str(tmp_path / "ci" / "known.toml"), str(tmp_path / "child" / "more.toml"))


@pytest.mark.parametrize(
    ("known", "problem"),
    [
        ('known_failures = ["ci/nope.toml"]', "known_failures: no known-failure file at 'ci/nope.toml' (relative to "),
        ('known_failures = "ci/known.toml"',
         "known_failures: expected a list of paths to known-failure files (relative to this contract), such as "
         "['known_failures.toml'], got 'ci/known.toml'"),
        ("known_failures = [1]",
         "known_failures: expected a list of paths to known-failure files (relative to this contract), such as "
         "['known_failures.toml'], got [1]"),
    ],
)
def test_a_bad_known_failures_key_is_a_contract_error(tmp_path: Path, known: str, problem: str) -> None:
    team = _project(tmp_path, known=known)
    with pytest.raises(ContractError) as info:
        contract_mod.load(str(team))
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith(problem)


def test_settings_name_files_from_the_command_line_the_environment_or_the_ini(tmp_path: Path) -> None:
    _project(tmp_path)
    file = str(tmp_path / "ci" / "known.toml")
    assert resolve_settings({"known_failures": [file]}, {}, {}).known_failures == (file,)
    assert resolve_settings({}, {"known_failures": [Path(file)]}, {}).known_failures == (file,)
    assert resolve_settings({}, {}, {"AUTOGLM_KNOWN_FAILURES": file}).known_failures == (file,)
    with pytest.raises(SettingsError) as info:
        resolve_settings({}, {"known_failures": [tmp_path / "nope.toml"]}, {})
    assert str(info.value) == f"autoglm_known_failures (ini): no known-failure file at {str(tmp_path / 'nope.toml')!r}"


def _suite(pytester: pytest.Pytester) -> None:
    (pytester.path / "ci").mkdir()
    (pytester.path / "ci" / "known.toml").write_text(KNOWN.replace("libourkernels", "x"), encoding="utf-8")
    pytester.makepyfile(test_load="""
        def test_load():
            raise ImportError("ourkernels: build 17 lacks the fused kernels")

        def test_ok():
            pass
    """)


KNOWN_SECTION = [
    "*- autoglm-compat: known failure -*",
    "ImportError: ourkernels: build 17 lacks the fused kernels",
    "cause: our kernels wheel was not installed beside the model code",
    "fix: pip install -r requirements/kernels.txt",
    "source: wiki: Kernels",
    "no contract requirement covers this failure",
]


def test_the_ini_key_explains_a_failed_test_with_the_teams_entry(pytester: pytest.Pytester) -> None:
    _suite(pytester)
    pytester.makeini("[pytest]\nautoglm_known_failures = ci/known.toml\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(KNOWN_SECTION, consecutive=True)


def test_without_it_the_failed_test_gets_no_section(pytester: pytest.Pytester) -> None:
    _suite(pytester)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.no_fnmatch_line("*autoglm-compat: known failure*")


def test_a_broken_file_is_a_usage_error_naming_file_entry_and_key(pytester: pytest.Pytester) -> None:
    _suite(pytester)
    (pytester.path / "bad.toml").write_text('[[failure]]\nid = "x"\npattern = "("\n', encoding="utf-8")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-known-failures=bad.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([
        "ERROR: Invalid known failures bad.toml:",
        "  failure[0] (id 'x'): missing required key 'family'",
    ])
    result.stderr.fnmatch_lines(["  failure[0] (id 'x'): pattern: invalid regular expression '(' (missing ), "
                                 "unterminated subpattern at position 0); expected a Python regular expression"])
    assert "Traceback" not in result.stderr.str()


def test_a_missing_file_is_a_usage_error(pytester: pytest.Pytester) -> None:
    _suite(pytester)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-known-failures=nope.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --autoglm-known-failures: no known-failure file at 'nope.toml'"])


def test_check_takes_the_teams_files_from_its_option(tmp_path: Path) -> None:
    _project(tmp_path, known="")
    done = _check(tmp_path, "-c", "team.toml", "--known-failures", "ci/known.toml")
    assert done.returncode == 1, done.stderr
    assert "  note: our kernels wheel was not installed beside the model code\n" in done.stdout


def test_explain_reads_a_log_with_the_teams_files(tmp_path: Path) -> None:
    _project(tmp_path)
    log = tmp_path / "ci.log"
    log.write_text('Traceback (most recent call last):\n  File "run.py", line 3, in <module>\n'
                   "    import teammod\nImportError: ourkernels: build 17 lacks the fused kernels\n", encoding="utf-8")
    args = [sys.executable, "-m", "pytest_autoglm_compat", "explain", str(log)]
    without = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    assert (without.returncode, without.stderr) == (1, "no known GLM-stack failure found in the input\n")
    done = subprocess.run([*args, "--known-failures", str(tmp_path / "ci" / "known.toml")], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "  cause: our kernels wheel was not installed beside the model code\n" in done.stdout
    broken = tmp_path / "bad.toml"
    broken.write_text('[[failure]]\nid = "x"\n', encoding="utf-8")
    bad = subprocess.run([*args, "--known-failures", str(broken)], capture_output=True, text=True, timeout=60,
                         check=False)
    assert bad.returncode == 2
    assert bad.stderr.startswith(f"autoglm-compat: error: Invalid known failures {broken}:\n")
    assert "Traceback" not in bad.stderr
    missing = subprocess.run([*args, "--known-failures", "nope.toml"], capture_output=True, text=True, timeout=60,
                             check=False)
    assert (missing.returncode, missing.stderr) == (
        2, "autoglm-compat: error: --known-failures: no known-failure file at 'nope.toml'\n")
