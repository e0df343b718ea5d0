"""A good guest: pytest's own flags and a suite that never names a contract behave as without the plugin.

The plugin loads through its pytest11 entry point into every run of everyone who installs it.
These runs use that entry point (pytester loads installed plugins); the host projects' whole
suites are compared by `nox -s host` (tests/host/parity.py).
"""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest

# pytest's own features, none of ours: each outcome kind once, in a conftest, a class and parameters
PLAIN_CONFTEST = """
import pytest

@pytest.fixture
def broken():
    raise RuntimeError("fixture setup fails")

@pytest.fixture
def teardown_fails():
    yield
    raise RuntimeError("teardown fails")
"""

PLAIN_TESTS = """
import sys
import pytest

def test_passes():
    pass

def test_fails():
    assert 1 == 2

def test_setup_error(broken):
    pass

def test_teardown_error(teardown_fails):
    pass

@pytest.mark.skip(reason="user skip")
def test_skip():
    pass

@pytest.mark.skipif(sys.platform != "nonexistent", reason="user skipif")
def test_skipif():
    pass

def test_imperative_skip():
    pytest.skip("skipped inside")

def test_importorskip():
    pytest.importorskip("no_such_module_anywhere")

@pytest.mark.xfail(reason="known")
def test_xfail():
    assert False

@pytest.mark.xfail(run=False, reason="not run")
def test_xfail_not_run():
    raise SystemExit(1)

@pytest.mark.xfail(strict=True, reason="strict")
def test_xpass_strict():
    pass

@pytest.mark.xfail(reason="non-strict")
def test_xpass():
    pass

@pytest.mark.parametrize("n", [1, 2, 3])
def test_param(n):
    assert n != 3

class TestClass:
    def test_method(self, tmp_path, capsys, monkeypatch):
        monkeypatch.setenv("X", "1")
        print("out")
        assert capsys.readouterr().out == "out\\n"

    def test_warns(self):
        with pytest.warns(UserWarning):
            import warnings
            warnings.warn("w", UserWarning)
"""

PLAIN_OUTCOMES = {
    "test_plain.py::test_passes": "passed",
    "test_plain.py::test_fails": "failed",
    "test_plain.py::test_setup_error": "error",
    "test_plain.py::test_teardown_error": "error",
    "test_plain.py::test_skip": "skipped",
    "test_plain.py::test_skipif": "skipped",
    "test_plain.py::test_imperative_skip": "skipped",
    "test_plain.py::test_importorskip": "skipped",
    "test_plain.py::test_xfail": "xfailed",
    "test_plain.py::test_xfail_not_run": "xfailed",
    "test_plain.py::test_xpass_strict": "failed",
    "test_plain.py::test_xpass": "xpassed",
    "test_plain.py::test_param[1]": "passed",
    "test_plain.py::test_param[2]": "passed",
    "test_plain.py::test_param[3]": "failed",
    "test_plain.py::TestClass::test_method": "passed",
    "test_plain.py::TestClass::test_warns": "passed",
}


def _outcomes(reprec: pytest.HookRecorder) -> dict[str, str]:
    """Each test's outcome, as a person reads it: the first failing phase wins, else the call's."""
    outcomes: dict[str, str] = {}
    for rep in reprec.getreports("pytest_runtest_logreport"):
        if outcomes.get(rep.nodeid) in ("failed", "error"):
            continue
        if rep.failed:
            outcomes[rep.nodeid] = "failed" if rep.when == "call" else "error"
        elif rep.when == "call" or (rep.when == "setup" and rep.skipped):
            xfail = hasattr(rep, "wasxfail")
            outcomes[rep.nodeid] = ("xfailed" if rep.skipped else "xpassed") if xfail else rep.outcome
    return outcomes


def _plugin_loaded(reprec: pytest.HookRecorder) -> bool:
    session: pytest.Session = reprec.getcall("pytest_sessionstart").session
    return session.config.pluginmanager.has_plugin("autoglm")


@pytest.fixture
def plain_suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(PLAIN_CONFTEST)
    pytester.makepyfile(test_plain=PLAIN_TESTS)
    return pytester


def test_a_plain_suite_has_the_same_outcomes_with_and_without_the_plugin(plain_suite: pytest.Pytester) -> None:
    with_plugin = plain_suite.inline_run()
    without = plain_suite.inline_run("-p", "no:autoglm")
    assert _plugin_loaded(with_plugin)
    assert not _plugin_loaded(without)
    assert _outcomes(with_plugin) == _outcomes(without) == PLAIN_OUTCOMES
    assert with_plugin.ret == without.ret == pytest.ExitCode.TESTS_FAILED


def test_a_plain_suite_has_the_same_summary_in_a_fresh_interpreter(plain_suite: pytest.Pytester) -> None:
    """The entry point as a user's `pytest` loads it: a new process, nothing imported before."""
    with_plugin = plain_suite.runpytest_subprocess("-p", "no:cacheprovider")
    without = plain_suite.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:autoglm")
    expected = {"passed": 6, "failed": 3, "errors": 2, "skipped": 4, "xfailed": 2, "xpassed": 1}
    assert with_plugin.parseoutcomes() == without.parseoutcomes()
    with_plugin.assert_outcomes(**expected)
    without.assert_outcomes(**expected)
    assert with_plugin.ret == without.ret == pytest.ExitCode.TESTS_FAILED
    with_plugin.stdout.fnmatch_lines(["plugins: *autoglm-compat-*"])
    assert "autoglm" not in without.stdout.str()


def test_collect_only_lists_the_same_tests_with_and_without_the_plugin(plain_suite: pytest.Pytester) -> None:
    with_plugin = plain_suite.runpytest("--co", "-q")
    without = plain_suite.runpytest("--co", "-q", "-p", "no:autoglm")
    assert with_plugin.ret == without.ret == pytest.ExitCode.OK
    # the last line is "17 tests collected in 0.05s": its time differs
    assert with_plugin.stdout.lines[:-1] == without.stdout.lines[:-1]
    assert with_plugin.stdout.lines[:len(PLAIN_OUTCOMES)] == list(PLAIN_OUTCOMES)
    with_plugin.stdout.fnmatch_lines([f"{len(PLAIN_OUTCOMES)} tests collected in *"])


# `pytest --help` wraps help text at the terminal's width: 80 columns gives the lines below
HELP_GROUP = """\
GLM stack compatibility contracts:
  --autoglm-contract=NAME|PATH
                        Contract to enforce: a bundled name (stable, legacy,
                        latest) or a path to a .toml file
  --autoglm-policy=skip|fail|gate|warn
                        What an unmet requirement does: skip the test (default),
                        fail it, gate (stop the session before any test runs),
                        or warn
  --autoglm-scope=marked|all
                        Which tests the contract applies to: 'marked' (tests
                        with @pytest.mark.autoglm_contract, default) or 'all'
  --autoglm-report=PATH
                        Write a JSON report of all verdicts and test outcomes to
                        this path
  --autoglm-refresh     Probe the environment again instead of using the cached
                        snapshot
  --autoglm-max-skipped=N|P%
                        Turn the run red (exit 7) when the plugin skipped more
                        than N tests, or more than P% of the collected tests;
                        catches a dependency bump that silently skips a whole
                        GPU suite
  --autoglm-timeout=SECONDS
                        Seconds allowed for the API-surface/extension subprocess
                        (default 120)
  --autoglm-snapshot=FILE
                        Evaluate against a saved environment snapshot (JSON)
                        instead of probing this machine
"""

HELP_INI = """\
  autoglm_contract (string):
                        Contract to enforce: a bundled name (stable, legacy,
                        latest) or a path to a .toml file
  autoglm_policy (string):
                        What an unmet requirement does: skip the test (default),
                        fail it, gate (stop the session before any test runs),
                        or warn
  autoglm_scope (string):
                        Which tests the contract applies to: 'marked' (tests
                        with @pytest.mark.autoglm_contract, default) or 'all'
  autoglm_report (string):
                        Write a JSON report of all verdicts and test outcomes to
                        this path
  autoglm_timeout (string):
                        Seconds allowed for the API-surface/extension subprocess
                        (default 120)
  autoglm_max_skipped (string):
                        Turn the run red (exit 7) when the plugin skipped more
                        than N tests, or more than P% of the collected tests;
                        catches a dependency bump that silently skips a whole
                        GPU suite
"""


def _contains_block(lines: list[str], block: str) -> bool:
    want = block.splitlines()
    return any(lines[i:i + len(want)] == want for i in range(len(lines)))


def test_help_exits_0_and_shows_the_option_group_and_ini_keys(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = pytester.runpytest("--help")
    assert result.ret == pytest.ExitCode.OK
    assert _contains_block(result.stdout.lines, HELP_GROUP), result.stdout.str()
    assert _contains_block(result.stdout.lines, HELP_INI), result.stdout.str()
    assert result.stderr.lines == []


def test_help_of_a_fresh_interpreter_exits_0(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """The crash of issue 12 (a bare % in help, argparse %-formats it) showed only in a real `pytest --help`."""
    monkeypatch.setenv("COLUMNS", "80")
    result = pytester.runpytest_subprocess("--help")
    assert result.ret == pytest.ExitCode.OK
    assert _contains_block(result.stdout.lines, HELP_GROUP), result.stdout.str()
    assert "Traceback" not in result.stderr.str()


MARKER_LINES = [
    "@pytest.mark.requires_cuda(spec=None, *, capability=None, devices=None, memory=None, driver=None): "
    "Needs a CUDA build of torch, a visible GPU and a driver able to run it. "
    "Example: @pytest.mark.requires_cuda('11.8', capability='8.0', memory='24GiB')",
    "@pytest.mark.requires_package(*requirements, absent=()): Needs installed distributions matching PEP 508 "
    "requirements. Example: @pytest.mark.requires_package('transformers>=4.46,<5')",
    "@pytest.mark.requires_api(*targets, kind=None, absent=False, fields=(), params=(), subclass_of=None, "
    "equals=None, version=None): Needs 'module:qualname' to exist, and to match every check given (checked in "
    "a subprocess). Example: @pytest.mark.requires_api('transformers:GlmForCausalLM._tied_weights_keys', "
    "kind='dict')",
    "@pytest.mark.autoglm_contract(*sections): Applies the active contract's core requirements and the named "
    "sections to this test. Example: @pytest.mark.autoglm_contract('gptq')",
]


def test_markers_exits_0_and_lists_each_marker_once(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    assert result.ret == pytest.ExitCode.OK
    for line in MARKER_LINES:
        assert result.stdout.lines.count(line) == 1, line
    # pytest's own markers are still there, after ours
    result.stdout.fnmatch_lines(["@pytest.mark.autoglm_contract(*", "@pytest.mark.skip(reason=None): *"])


FIXTURE_LINES = {
    "autoglm_env [session scope]": "    The environment snapshot (frozen): packages, torch build, driver, GPUs.",
    "autoglm_contract [session scope]": "    The active contract, or None.",
    "autoglm_gpu": "    The GPU this test runs on (index, name, uuid, capability, memory), without importing torch.",
    "cuda_device": "    A torch.device on a GPU that satisfies this test's requires_cuda, or a skip.",
}


def test_fixtures_exits_0_and_lists_the_plugins_fixtures_with_their_first_doc_line(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--fixtures")
    assert result.ret == pytest.ExitCode.OK
    lines = result.stdout.lines
    result.stdout.fnmatch_lines(["*- fixtures defined from pytest_autoglm_compat.plugin.* -*"])
    for head, doc in FIXTURE_LINES.items():
        where = re.compile(re.escape(head) + r" -- .*pytest_autoglm_compat[/\\]plugin[/\\]\w+\.py:\d+")
        at = [i for i, line in enumerate(lines) if where.fullmatch(line)]
        assert len(at) == 1, head
        assert lines[at[0] + 1] == doc


def test_version_exits_0_and_names_the_plugin_only_when_asked_for_plugins(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--version")
    assert result.ret == pytest.ExitCode.OK
    assert result.stdout.lines == [f"pytest {pytest.__version__}"]
    verbose = pytester.runpytest("-VV")
    assert verbose.ret == pytest.ExitCode.OK
    verbose.stdout.fnmatch_lines([
        "*registered*plugins:",  # "setuptools registered plugins:" before pytest 8.1
        f"  pytest-autoglm-compat-{version('pytest-autoglm-compat')} at *pytest_autoglm_compat*plugin*.py",
    ])


@pytest.mark.parametrize("flag", ["--help", "--markers", "--fixtures", "--version", "-VV"])
def test_no_autoglm_removes_every_trace_and_exits_as_pytest_does(pytester: pytest.Pytester, flag: str) -> None:
    result = pytester.runpytest("-p", "no:autoglm", flag)
    assert result.ret == pytest.ExitCode.OK
    # the rootdir line names the test's directory, which has "autoglm" in it
    assert [line for line in result.stdout.lines if "autoglm" in line and not line.startswith("rootdir: ")] == []


def test_the_plugin_disabled_by_name_is_not_imported_by_a_fresh_interpreter(pytester: pytest.Pytester) -> None:
    """`-p no:autoglm` blocks the entry point before it is loaded: none of the plugin's modules is imported."""
    pytester.makepyfile(test_it="""
        import sys

        def test_no_module_of_the_plugin_is_imported():
            assert [m for m in sys.modules if m.startswith("pytest_autoglm_compat")] == []
    """)
    pytester.runpytest_subprocess("-p", "no:autoglm", "-p", "no:cacheprovider").assert_outcomes(passed=1)
    # the control: loaded through its entry point, the plugin's package is imported
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(failed=1)


def test_the_plugins_own_modules_are_not_assertion_rewritten_and_the_users_still_are(
        pytestconfig: pytest.Config) -> None:
    """pytest marks every module of a pytest11 distribution for rewriting; rewriting our modules costs
    a compile per module on each run where pytest cannot write bytecode (PYTHONDONTWRITEBYTECODE=1).
    The package takes itself out of pytest's real hook, and nothing else."""
    import sys

    from _pytest.assertion import assertstate_key
    from _pytest.assertion.rewrite import AssertionRewritingHook

    import pytest_autoglm_compat

    hook = AssertionRewritingHook(pytestconfig)
    hook.mark_rewrite("pytest_autoglm_compat", "someone_elses_plugin")
    state = pytestconfig.stash[assertstate_key]
    assert hook._is_marked_for_rewrite("pytest_autoglm_compat.engine", state)  # as pytest leaves it
    sys.meta_path.insert(0, hook)
    try:
        pytest_autoglm_compat._load_without_assertion_rewriting()
    finally:
        sys.meta_path.remove(hook)
    assert not hook._is_marked_for_rewrite("pytest_autoglm_compat.engine", state)
    assert not hook._is_marked_for_rewrite("pytest_autoglm_compat", state)
    assert hook._is_marked_for_rewrite("someone_elses_plugin.hooks", state)
