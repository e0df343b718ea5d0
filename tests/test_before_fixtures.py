"""Under skip, warn and gate the plugin decides before a test's fixtures are set up (issue 20, item 1).

A fixture that loads a GLM model, downloads or writes files must not run for a test the plugin
is about to skip: on a CPU machine, a ``requires_cuda`` test is decided before pytest's runner
sets up a single fixture of it (module- and session-scoped ones, ``setup_module`` and
``setup_class`` included). The user's own skips still come first. Under fail the plugin decides
at the end of setup, so the fixtures run and a fixture's ``importorskip`` still wins there.
"""

from __future__ import annotations

import pytest

from conftest import Machine

pytest_plugins = ["pytester"]

CONFTEST = """
    import pathlib
    import pytest

    LOG = pathlib.Path(__file__).with_name("side-effects.log")

    def note(what):
        with LOG.open("a") as f:
            f.write(what + "\\n")

    @pytest.fixture(scope="session")
    def hub_download():
        note("session fixture: downloading")
        return "cache"
"""

#: Only tests that need CUDA: under skip, warn with warnings as errors, and gate, nothing of it runs.
GPU_ONLY = """
    import pytest
    from conftest import note

    def setup_module(module):
        note("setup_module")

    @pytest.fixture(scope="module")
    def glm_weights(hub_download):
        note("module fixture: LOADING GLM WEIGHTS")
        return "weights"

    @pytest.fixture
    def model(glm_weights):
        note("function fixture: model")
        return glm_weights

    @pytest.mark.requires_cuda("11.8")
    def test_forward_on_gpu(model):
        note("test body")

    @pytest.mark.requires_cuda("11.8")
    class TestOnGpu:
        @classmethod
        def setup_class(cls):
            note("setup_class")

        def test_generate(self, model):
            note("test body")
"""

#: A CUDA test first, then one that needs no CUDA and uses the same module fixture.
MIXED = """
    import pytest
    from conftest import note

    @pytest.fixture(scope="module")
    def glm_weights():
        note("module fixture: LOADING GLM WEIGHTS")
        return "weights"

    @pytest.mark.requires_cuda("11.8")
    def test_forward_on_gpu(glm_weights):
        note("gpu test body")

    def test_tokenizer_on_cpu(glm_weights):
        assert glm_weights == "weights"
        note("cpu test body")
"""

#: what no install can meet comes first; the CPU build of torch is the "+1 more" the summary lists
UNMET_CUDA = "GPU: found no GPU visible (nvidia-smi not found on PATH; *(+1 more); fix: see the autoglm-compat summary"


def _log(pytester: pytest.Pytester) -> list[str]:
    path = pytester.path / "side-effects.log"
    return path.read_text().splitlines() if path.exists() else []


@pytest.fixture
def cpu_machine(machine: Machine, pytester: pytest.Pytester) -> Machine:
    """This machine as the user measured it: torch's CPU build, no GPU."""
    machine.torch("2.13.0+cpu", None)
    pytester.makeconftest(CONFTEST)
    return machine


def test_under_skip_no_fixture_of_a_skipped_cuda_test_runs(pytester: pytest.Pytester, cpu_machine: Machine) -> None:
    pytester.makepyfile(test_gpu=GPU_ONLY)
    result = pytester.runpytest("-rs", "--autoglm-policy=skip")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines([f"SKIPPED [[]1[]] test_gpu.py:*: autoglm-compat: {UNMET_CUDA}"] * 2)
    assert _log(pytester) == []


def test_under_gate_no_fixture_runs_before_the_gate_stops(pytester: pytest.Pytester, cpu_machine: Machine) -> None:
    pytester.makepyfile(test_gpu=GPU_ONLY)
    result = pytester.runpytest("--autoglm-policy=gate")
    assert result.ret == 6
    result.stdout.fnmatch_lines(["*autoglm-compat gate: 2 requirement(s) not met; no test was run*"])
    assert _log(pytester) == []


def test_under_gate_an_xdist_worker_fails_the_test_before_its_fixtures(
    pytester: pytest.Pytester, cpu_machine: Machine
) -> None:
    """Under pytest-xdist the controller gates on the contract's core only; a worker decides each
    marked test at setup, and it does so before the test's fixtures."""
    pytester.makepyfile(test_gpu=GPU_ONLY)
    result = pytester.runpytest_subprocess("-n", "1", "-p", "no:cacheprovider", "--autoglm-policy=gate")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines([f"*autoglm-compat: {UNMET_CUDA}"])
    assert _log(pytester) == []


def test_under_warn_the_warning_comes_before_the_fixtures_and_the_test_runs(
    pytester: pytest.Pytester, cpu_machine: Machine
) -> None:
    pytester.makepyfile(test_gpu=GPU_ONLY)
    result = pytester.runpytest("--autoglm-policy=warn", "-W", "default")
    result.assert_outcomes(passed=2, warnings=2)
    result.stdout.fnmatch_lines([f"*AutoglmCompatWarning: autoglm-compat: {UNMET_CUDA}"])
    assert _log(pytester) == [
        "session fixture: downloading", "setup_module", "module fixture: LOADING GLM WEIGHTS",
        "function fixture: model", "test body",
        "setup_class", "function fixture: model", "test body",
    ]


def test_under_warn_as_an_error_the_test_errors_before_its_fixtures(
    pytester: pytest.Pytester, cpu_machine: Machine
) -> None:
    pytester.makepyfile(test_gpu=GPU_ONLY)
    result = pytester.runpytest("--autoglm-policy=warn",
                                "-W", "error::pytest_autoglm_compat.plugin.AutoglmCompatWarning")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines([f"autoglm-compat: {UNMET_CUDA}"])
    assert _log(pytester) == []


def test_under_fail_the_fixtures_run_before_the_test_errors(pytester: pytest.Pytester, cpu_machine: Machine) -> None:
    """fail decides at the end of setup: what the fixtures do happens, then the test errors."""
    pytester.makepyfile(test_gpu=GPU_ONLY)
    result = pytester.runpytest("--autoglm-policy=fail")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines([f"autoglm-compat: {UNMET_CUDA}"])
    assert _log(pytester) == [
        "session fixture: downloading", "setup_module", "module fixture: LOADING GLM WEIGHTS",
        "function fixture: model", "setup_class", "function fixture: model",
    ]


@pytest.mark.parametrize("policy", ["skip", "warn"])
def test_a_test_that_needs_no_cuda_still_gets_the_module_fixture(
    pytester: pytest.Pytester, cpu_machine: Machine, policy: str
) -> None:
    pytester.makepyfile(test_gpu=MIXED)
    result = pytester.runpytest("-p", "no:randomly", f"--autoglm-policy={policy}", "-W", "default")
    if policy == "skip":
        result.assert_outcomes(passed=1, skipped=1)
        assert _log(pytester) == ["module fixture: LOADING GLM WEIGHTS", "cpu test body"]
    else:
        result.assert_outcomes(passed=2, warnings=1)
        assert _log(pytester) == ["module fixture: LOADING GLM WEIGHTS", "gpu test body", "cpu test body"]


@pytest.mark.parametrize("mark", ['skip(reason="user says no")', 'skipif(True, reason="user says no")',
                                  'xfail(run=False, reason="user says no")'])
def test_the_users_own_mark_still_wins_over_the_skip_policy(
    pytester: pytest.Pytester, cpu_machine: Machine, mark: str
) -> None:
    pytester.makepyfile(test_gpu=f"""
        import pytest
        from conftest import note

        @pytest.fixture
        def model():
            note("function fixture: model")

        @pytest.mark.{mark}
        @pytest.mark.requires_cuda("11.8")
        def test_forward_on_gpu(model):
            pass
    """)
    result = pytester.runpytest("-rsx", "--autoglm-max-skipped=0")
    assert result.ret == pytest.ExitCode.OK  # the user's skip, not the plugin's: no exit 7
    result.stdout.fnmatch_lines(["*user says no*"])
    result.stdout.no_fnmatch_line("*autoglm-compat: CUDA*")
    assert _log(pytester) == []


def test_under_skip_a_fixtures_importorskip_no_longer_comes_first(pytester: pytest.Pytester) -> None:
    """The price of deciding before the fixtures: the plugin cannot know what a fixture would do.

    The skip is the plugin's (its message, and it counts toward --autoglm-max-skipped); under fail
    the fixture's importorskip still wins (tests/test_user_semantics.py).
    """
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.fixture
        def dep():
            return pytest.importorskip("no_such_module_autoglm_test", reason="user says no")

        @pytest.mark.requires_package("packaging<1")
        def test_it(dep):
            pass
    """)
    result = pytester.runpytest("-rs", "--autoglm-max-skipped=0")
    result.assert_outcomes(skipped=1)
    assert result.ret == 7
    result.stdout.fnmatch_lines(["SKIPPED [[]1[]] test_it.py:*: autoglm-compat: packaging: found *, required packaging<1*"])
    result.stdout.no_fnmatch_line("*user says no*")


def test_the_plugin_decides_after_pytests_skipping_and_conftest_and_before_the_runner(
    pytester: pytest.Pytester,
) -> None:
    """The order pluggy calls pytest_runtest_setup in, read from pytest itself, not assumed.

    Implementations are called from the end of this list to its start (wrappers aside):
    tryfirst ones, then plain ones from the last registered to the first.
    """
    pytester.makeconftest("""
        def pytest_runtest_setup(item):
            pass
    """)
    pytester.makepyfile(test_it="""
        def test_order(request):
            impls = request.config.pluginmanager.hook.pytest_runtest_setup.get_hookimpls()
            called = [(i.plugin_name, i.function.__name__) for i in reversed(impls)
                      if not (i.hookwrapper or i.wrapper) and not i.trylast]
            names = [name for name, _ in called]
            ours = names.index("autoglm")
            assert called[ours][1] == "pytest_runtest_setup_before_fixtures"
            assert names.index("skipping") < ours
            assert any(name.endswith("conftest.py") for name in names[:ours])
            assert names[ours + 1:] == ["runner"]
    """)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=1)
