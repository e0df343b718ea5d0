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


@pytest.mark.parametrize("policy", ["skip", "fail", "warn"])
@pytest.mark.parametrize("mechanism", list(MECHANISMS))
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


@pytest.mark.parametrize(("policy", "outcome"), [("skip", {"skipped": 1}), ("fail", {"errors": 1})])
def test_a_fixture_failing_on_an_unmet_requirement_gets_the_plugins_verdict(
    pytester: pytest.Pytester, policy: str, outcome: dict[str, int]
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
    result = pytester.runpytest("-rs", f"--autoglm-policy={policy}")
    result.assert_outcomes(**outcome)
    result.stdout.fnmatch_lines([
        "*autoglm-compat: packaging: found *, required packaging<1 *; "
        "setting the test up then raised RuntimeError: loading failed*",
    ])


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
