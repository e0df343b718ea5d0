"""The user's own pytest semantics win over every policy (issue 12, point 2).

Each test below carries an unmet requirement (``packaging<1``) and one of the ways a user or
another plugin keeps a test from running. Whatever the policy, the outcome is the user's, and
only the plugin's own skips count toward ``--autoglm-max-skipped``.
"""

from __future__ import annotations

import pytest

UNMET = '@pytest.mark.requires_package("packaging<1")'

# mechanism -> (test module, conftest, expected outcome)
MECHANISMS: dict[str, tuple[str, str, dict[str, int]]] = {
    "skip marker": (f"""
        import pytest

        @pytest.mark.skip(reason="user says no")
        {UNMET}
        def test_it():
            pass
    """, "", {"skipped": 1}),
    "skipif(True)": (f"""
        import pytest

        @pytest.mark.skipif(True, reason="user says no")
        {UNMET}
        def test_it():
            pass
    """, "", {"skipped": 1}),
    "skipif string condition": (f"""
        import pytest

        @pytest.mark.skipif("sys.platform != 'nowhere'", reason="user says no")
        {UNMET}
        def test_it():
            pass
    """, "", {"skipped": 1}),
    "xfail(run=False)": (f"""
        import pytest

        @pytest.mark.xfail(run=False, reason="user says no")
        {UNMET}
        def test_it():
            pass
    """, "", {"xfailed": 1}),
    "module-level importorskip": (f"""
        import pytest

        pytest.importorskip("no_such_module_autoglm_test", reason="user says no")

        {UNMET}
        def test_it():
            pass
    """, "", {"skipped": 1}),
    "importorskip in a fixture": (f"""
        import pytest

        @pytest.fixture
        def dep():
            return pytest.importorskip("no_such_module_autoglm_test", reason="user says no")

        {UNMET}
        def test_it(dep):
            pass
    """, "", {"skipped": 1}),
    "skip raised by another plugin": (f"""
        import pytest

        @pytest.mark.lab_only
        {UNMET}
        def test_it():
            pass
    """, """
        import pytest

        def pytest_configure(config):
            config.addinivalue_line("markers", "lab_only: runs in the lab")

        def pytest_runtest_setup(item):
            if item.get_closest_marker("lab_only"):
                pytest.skip("user says no: lab only")
    """, {"skipped": 1}),
}

# A passing test beside, so that every run collects something.
OTHER = """
    def test_fine():
        pass
"""


def _run(pytester: pytest.Pytester, mechanism: str, *args: str) -> pytest.RunResult:
    module, conftest, _ = MECHANISMS[mechanism]
    pytester.makepyfile(test_user=module, test_other=OTHER)
    if conftest:
        pytester.makeconftest(conftest)
    return pytester.runpytest("-rsx", "--autoglm-max-skipped=0", *args)


# Under skip the plugin decides before the test's fixtures are set up, so a fixture's importorskip
# never runs there (tests/test_before_fixtures.py); under fail and warn it still wins.
@pytest.mark.parametrize(("mechanism", "policy"), [
    (mechanism, policy) for mechanism in MECHANISMS for policy in ("skip", "fail", "warn")
    if (mechanism, policy) != ("importorskip in a fixture", "skip")
])
def test_users_own_skip_wins_over_the_policy(pytester: pytest.Pytester, mechanism: str, policy: str) -> None:
    result = _run(pytester, mechanism, f"--autoglm-policy={policy}", "-W", "default")
    result.assert_outcomes(passed=1, **MECHANISMS[mechanism][2])
    assert result.ret == pytest.ExitCode.OK  # the user's skip is not the plugin's: no exit 7
    result.stdout.fnmatch_lines(["*user says no*"])
    result.stdout.no_fnmatch_line("*too many tests skipped*")


# The gate decides before any test runs: it can honour what pytest's markers say statically
# (skip, skipif, xfail(run=False)) and a module skipped at collection; it cannot know that a
# fixture or another plugin would skip a test at run time (docs/guide.md says so).
@pytest.mark.parametrize("mechanism", ["skip marker", "skipif(True)", "skipif string condition",
                                       "xfail(run=False)", "module-level importorskip"])
def test_gate_leaves_out_tests_the_user_skips_statically(pytester: pytest.Pytester, mechanism: str) -> None:
    result = _run(pytester, mechanism, "--autoglm-policy=gate")
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=1, **MECHANISMS[mechanism][2])


@pytest.mark.parametrize("mechanism", ["importorskip in a fixture", "skip raised by another plugin"])
def test_gate_counts_tests_whose_skip_only_happens_at_run_time(pytester: pytest.Pytester, mechanism: str) -> None:
    result = _run(pytester, mechanism, "--autoglm-policy=gate")
    assert result.ret == 6
    result.stdout.fnmatch_lines(["*autoglm-compat gate: 1 requirement(s) not met; no test was run*"])


def test_runxfail_makes_the_gate_count_an_xfail_run_false_test(pytester: pytest.Pytester) -> None:
    result = _run(pytester, "xfail(run=False)", "--autoglm-policy=gate", "--runxfail")
    assert result.ret == 6


def test_the_plugins_own_skip_counts_toward_max_skipped(pytester: pytest.Pytester) -> None:
    """The control case: without a user's skip, the same test is the plugin's skip and turns the run red."""
    pytester.makepyfile(test_user=f"""
        import pytest

        {UNMET}
        def test_it():
            pass
    """, test_other=OTHER)
    result = pytester.runpytest("--autoglm-max-skipped=0")
    result.assert_outcomes(passed=1, skipped=1)
    assert result.ret == 7
    result.stdout.fnmatch_lines([
        "*autoglm-compat: too many tests skipped*",
        "1 of 2 tests were skipped by autoglm-compat; at most 0 allowed (--autoglm-max-skipped=0)",
    ])


def test_under_policy_fail_a_fixture_failing_on_an_unmet_requirement_gets_the_plugins_verdict(
    pytester: pytest.Pytester,
) -> None:
    """The unmet requirement is the likelier cause of the fixture's error; the verdict names both."""
    pytester.makepyfile(test_user=f"""
        import pytest

        @pytest.fixture
        def model():
            raise RuntimeError("loading failed")

        {UNMET}
        def test_it(model):
            pass
    """)
    result = pytester.runpytest("-rs", "--autoglm-policy=fail")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([
        "*autoglm-compat: packaging: found *, required packaging<1*; "
        "setting the test up then raised RuntimeError: loading failed*",
    ])


def test_under_policy_skip_a_fixture_that_would_fail_never_runs(pytester: pytest.Pytester) -> None:
    """skip decides before the fixtures: the fixture's error never happens, the skip names the verdict alone."""
    pytester.makepyfile(test_user=f"""
        import pytest

        @pytest.fixture
        def model():
            raise RuntimeError("loading failed")

        {UNMET}
        def test_it(model):
            pass
    """)
    result = pytester.runpytest("-rs", "--autoglm-policy=skip")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["SKIPPED [[]1[]] test_user.py:*: autoglm-compat: packaging: found *, "
                                 "required packaging<1; fix: see the autoglm-compat summary"])
    result.stdout.no_fnmatch_line("*loading failed*")


def test_under_policy_warn_a_failing_fixture_keeps_its_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=f"""
        import pytest

        @pytest.fixture
        def model():
            raise RuntimeError("loading failed")

        {UNMET}
        def test_it(model):
            pass
    """)
    result = pytester.runpytest("--autoglm-policy=warn", "-W", "default")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*RuntimeError: loading failed*"])


def test_unittest_skip_wins_over_the_policy(pytester: pytest.Pytester) -> None:
    """unittest's @skip acts in the call phase, after every setup hook: the plugin leaves it be."""
    pytester.makepyfile(test_user=f"""
        import unittest
        import pytest

        class TestCase(unittest.TestCase):
            @unittest.skip("user says no")
            {UNMET}
            def test_it(self):
                pass
    """, test_other=OTHER)
    for policy in ("skip", "fail", "gate"):
        result = pytester.runpytest("-rs", f"--autoglm-policy={policy}", "--autoglm-max-skipped=0")
        result.assert_outcomes(passed=1, skipped=1)
        assert result.ret == pytest.ExitCode.OK, policy
        result.stdout.fnmatch_lines(["*user says no*"])


def test_the_summary_counts_only_tests_the_plugin_acted_on(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=f"""
        import pytest

        @pytest.mark.skip(reason="user says no")
        {UNMET}
        def test_user_skipped():
            pass

        {UNMET}
        def test_ours():
            pass
    """)
    result = pytester.runpytest("--autoglm-report=r.json")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["   resolves 1 unmet, 1 test skipped:", "   - packaging: found *, required packaging<1"])
    import json

    report = json.loads(pytester.path.joinpath("r.json").read_text())
    assert [v["tests"] for v in report["verdicts"]] == [["test_user.py::test_ours"]]
    assert report["tests"]["test_user.py::test_user_skipped"]["by_autoglm"] is False


def test_policy_warn_under_warnings_as_errors_fails_with_the_message_only(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=f"""
        import pytest

        {UNMET}
        def test_it():
            pass
    """)
    result = pytester.runpytest("--autoglm-policy=warn", "-W", "error::pytest_autoglm_compat.plugin.AutoglmCompatWarning")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["autoglm-compat: packaging: found *, required packaging<1*"])
    result.stdout.no_fnmatch_line("*plugin.py*")


def test_the_gate_stops_on_a_test_with_an_invalid_marker(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user="""
        import pytest

        @pytest.mark.requires_cuda(11.8)
        def test_bad():
            pass

        def test_fine():
            pass
    """)
    result = pytester.runpytest("--autoglm-policy=gate")
    assert result.ret == 6
    result.stdout.fnmatch_lines([
        "Invalid marker on test_user.py::test_bad: requires_cuda(11.8): expected a string such as '11.8' or "
        "'>=11.8,<99', got float 11.8",
        "*autoglm-compat gate: 0 requirement(s) not met, 1 test(s) with an invalid marker; no test was run*",
    ])


def test_functions_parametrized_by_a_fixture_keep_their_own_requirements(pytester: pytest.Pytester) -> None:
    """Instances share their own function's requirements, never another function's."""
    pytester.makefile(".toml", c="""
        format = 1
        name = "c"
        [packages.packaging]
        spec = ">=1"
        [cuda]
        runtime = ">=11.8"
    """)
    pytester.makepyfile(test_user="""
        import pytest

        pytestmark = pytest.mark.autoglm_contract()

        @pytest.fixture(params=[1, 2])
        def x(request):
            return request.param

        def test_a_gpu(x, cuda_device):
            pass

        def test_b_cpu(x):
            pass
    """)
    result = pytester.runpytest("--autoglm-contract=c.toml", "-v")
    result.assert_outcomes(passed=2, skipped=2)
    result.stdout.fnmatch_lines(["test_user.py::test_a_gpu[[]1[]] SKIPPED*", "test_user.py::test_a_gpu[[]2[]] SKIPPED*",
                                 "test_user.py::test_b_cpu[[]1[]] PASSED*", "test_user.py::test_b_cpu[[]2[]] PASSED*"])
