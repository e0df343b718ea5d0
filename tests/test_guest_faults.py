"""No INTERNALERROR, ever; xdist reports complete; the defects issue 12 lists stay fixed."""

from __future__ import annotations

import json

import pytest

from conftest import A100, H100, T4, Machine

pytest_plugins = ["pytester"]

UNPRINTABLE = """
    class Weird(Exception):
        def __str__(self):
            raise RuntimeError("no str for you")

        def __repr__(self):
            raise RuntimeError("no repr either")

    def test_weird():
        raise Weird("x")

    def test_fine():
        pass
"""


@pytest.mark.parametrize("args", [(), ("--autoglm-contract=stable",), ("-n", "2")])
def test_an_exception_whose_str_raises_fails_its_test_only(pytester: pytest.Pytester, args: tuple[str, ...]) -> None:
    pytester.makepyfile(test_it=UNPRINTABLE)
    result = pytester.runpytest_subprocess(*args)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=1, failed=1)
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


@pytest.mark.parametrize(("content", "problem"), [
    ("{not json", "not a JSON snapshot (Expecting property name enclosed in double quotes: *)"),
    ("[1, 2, 3]", "not a snapshot written by 'autoglm-compat probe' (a JSON object expected, got an array)"),
    ('{"packages": 3}', "not a snapshot written by 'autoglm-compat probe' (schema None, expected "
                        "'pytest-autoglm-compat/snapshot/1')"),
    ("[" * 100_000, "not a JSON snapshot (nested too deeply)"),
])
def test_a_bad_snapshot_file_is_a_usage_error_naming_it(pytester: pytest.Pytester, content: str, problem: str) -> None:
    pytester.path.joinpath("snap.json").write_text(content)
    pytester.makepyfile(test_it="def test_x():\n    pass\n")
    result = pytester.runpytest_subprocess("--autoglm-snapshot=snap.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: --autoglm-snapshot: snap.json: {problem}"])
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    assert "Traceback" not in result.stderr.str()


def test_a_failing_summary_changes_no_outcome(pytester: pytest.Pytester) -> None:
    """Optional decoration may fail; the tests' outcomes and the exit code stay pytest's."""
    pytester.makeconftest("""
        import pytest_autoglm_compat.render.report as report

        def broken(*args, **kwargs):
            raise RuntimeError("summary exploded")

        report.summary_lines = broken
    """)
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_package("packaging<1")
        def test_old():
            pass

        def test_fine():
            pass
    """)
    result = pytester.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["could not summarise: RuntimeError: summary exploded"])
    assert "INTERNALERROR" not in result.stdout.str()


def test_the_report_is_written_once(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("""
        import pytest_autoglm_compat.render.report as report

        original = report.write_json_atomic

        def counting(path, data):
            with open("writes.log", "a") as fh:
                fh.write(str(data["exit_status"]) + "\\n")
            original(path, data)

        report.write_json_atomic = counting
    """)
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_package("packaging<1")
        def test_old():
            pass
    """)
    result = pytester.runpytest_subprocess("--autoglm-policy=gate", "--autoglm-report=r.json")
    assert result.ret == 6
    assert pytester.path.joinpath("writes.log").read_text().splitlines() == ["6"]
    assert json.loads(pytester.path.joinpath("r.json").read_text())["exit_status"] == 6


MARKED = """
    import pytest

    @pytest.mark.requires_package("packaging<1")
    @pytest.mark.parametrize("n", range(3))
    def test_old(n):
        pass

    @pytest.mark.requires_package("packaging>=20")
    def test_new():
        pass
"""


def test_under_xdist_the_report_and_summary_carry_every_workers_verdict(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it=MARKED)
    result = pytester.runpytest_subprocess("-n", "2", "--autoglm-report=r.json")
    result.assert_outcomes(passed=1, skipped=3)
    result.stdout.fnmatch_lines([
        "*= autoglm-compat =*",
        "2 distinct requirement(s) checked: 1 met, 1 unmet, 0 unknown",
        "   resolves 1 unmet, 3 tests skipped:",
    ])
    report = json.loads(pytester.path.joinpath("r.json").read_text())
    by_required = {v["required"]: v for v in report["verdicts"]}
    assert sorted(by_required) == ["packaging<1", "packaging>=20"]
    assert sorted(by_required["packaging<1"]["tests"]) == [f"test_it.py::test_old[{n}]" for n in range(3)]
    assert by_required["packaging>=20"]["tests"] == ["test_it.py::test_new"]
    assert by_required["packaging<1"]["status"] == "unmet"
    assert report["tests"]["test_it.py::test_old[0]"]["by_autoglm"] is True


def test_same_report_with_and_without_xdist(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it=MARKED)
    pytester.runpytest_subprocess("--autoglm-report=plain.json")
    pytester.runpytest_subprocess("-n", "2", "--autoglm-report=xdist.json")

    def essence(name: str) -> object:
        data = json.loads(pytester.path.joinpath(name).read_text())
        return ([(v["status"], v["required"], sorted(v["tests"])) for v in data["verdicts"]],
                {k: v["outcome"] for k, v in data["tests"].items()})

    assert essence("plain.json") == essence("xdist.json")


def test_xdist_without_contract_or_marker_probes_nothing(pytester: pytest.Pytester, machine: Machine) -> None:
    log = pytester.path / "smi.log"
    machine.nvidia_smi_script(f'#!/bin/sh\necho "$*" >> {log}\nexit 9\n')
    pytester.makepyfile(test_it="def test_a():\n    pass\n\ndef test_b():\n    pass\n")
    result = pytester.runpytest_subprocess("-n", "2")
    result.assert_outcomes(passed=2)
    assert not log.exists()


def test_autoglm_gpu_skips_when_no_single_gpu_meets_every_cuda_need(pytester: pytest.Pytester,
                                                                     machine: Machine) -> None:
    """One marker wants capability 9.0 (the H100 has it), the other 40 GiB free of... the T4 has 15."""
    machine.torch("2.5.1+cu121", "12.1").gpus(T4, H100.replace("81559", "30000"), A100)
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_cuda("12.1", capability="9.0")
        @pytest.mark.requires_cuda("12.1", memory="40GiB")
        def test_gpu(autoglm_gpu):
            pass
    """)
    result = pytester.runpytest("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines([
        "*autoglm-compat: no single GPU meets all of this test's CUDA requirements (2 requires_cuda; "
        "each is met by some GPU, none by one); GPUs: 0: Tesla T4, 1: NVIDIA H100 80GB HBM3, "
        "2: NVIDIA A100-SXM4-40GB",
    ])
    assert "ZeroDivisionError" not in result.stdout.str()


def test_one_bad_marker_does_not_stop_the_collection(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_a="""
        import pytest

        @pytest.mark.requires_cuda(11.8)
        def test_bad():
            pass
    """, test_b="""
        def test_good():
            pass
    """)
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    assert "Interrupted" not in result.stdout.str()


@pytest.mark.parametrize(("policy", "outcome", "code"), [("skip", {"skipped": 1}, 0), ("fail", {"errors": 1}, 1)])
def test_the_gpu_fixture_follows_the_policy(pytester: pytest.Pytester, machine: Machine, policy: str,
                                            outcome: dict[str, int], code: int) -> None:
    """A test that asks for a GPU none of which fits is the plugin's verdict: skipped, or red under fail."""
    machine.torch("2.5.1+cu121", "12.1").gpus(T4)
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_cuda("12.1", capability="9.0")
        def test_gpu(autoglm_gpu):
            pass
    """)
    result = pytester.runpytest(f"--autoglm-policy={policy}", "--autoglm-report=r.json", "--autoglm-refresh")
    result.assert_outcomes(**outcome)
    assert result.ret == code
    entry = json.loads(pytester.path.joinpath("r.json").read_text())["tests"]["test_it.py::test_gpu"]
    assert entry["by_autoglm"] is True
    assert entry["unmet"] == ["compute capability: found cuda:0 Tesla T4 7.5, required >=9.0",
                              "GPU: found 0 qualifying of 1 visible (1x Tesla T4 sm_75, driver 580.159.04), "
                              "required 1 NVIDIA GPU"]
