"""The plugin as a user meets it: markers, policies, contracts, fixtures, report."""

from __future__ import annotations

import json

import pytest

from conftest import A100, H100, T4, Machine

SKIP_LINE = "SKIPPED [[]1[]] test_it.py:*: autoglm-compat: {}"

#: One test whose requirement no environment of ours meets (packaging is always >= 20).
OLD_PACKAGING_TEST = """
    import pytest

    @pytest.mark.requires_package("packaging<1")
    def test_old():
        pass
"""


def test_markers_are_registered_and_documented(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines([
        "@pytest.mark.requires_cuda(spec=None, [*], capability=None, devices=None, memory=None, driver=None): *",
        "@pytest.mark.requires_package(*requirements, absent=()): *",
        "@pytest.mark.requires_api(*targets, *",
        "@pytest.mark.autoglm_contract(*sections): *",
    ])


def test_installed_package_passes_and_missing_package_skips_with_fix(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_package("packaging>=20", "pytest>=7")
        def test_present():
            pass

        @pytest.mark.requires_package("surely-not-installed-pkg>=1.0")
        def test_missing():
            pass
    """)
    result = pytester.runpytest("-rs", "--strict-markers")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines([
        "to fix (why, where declared, every check: -v or --autoglm-report):",
        "1. pip install 'surely-not-installed-pkg>=1.0'",
        "   resolves 1 unmet, 1 test skipped:",
        "   - surely-not-installed-pkg: found not installed, required surely-not-installed-pkg>=1.0",
        SKIP_LINE.format("surely-not-installed-pkg: found not installed, required surely-not-installed-pkg>=1.0; "
                         "fix: see the autoglm-compat summary"),
    ])
    verbose = pytester.runpytest("-rs", "-v")  # the skip line in full: where it was declared
    verbose.stdout.fnmatch_lines([SKIP_LINE.format(
        "surely-not-installed-pkg: found not installed, required surely-not-installed-pkg>=1.0 "
        "[[]test_it.py::test_missing[]]; fix: see the autoglm-compat summary")])


def test_version_outside_specifier_is_reported_with_found_and_required(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it=OLD_PACKAGING_TEST)
    result = pytester.runpytest("-rs", "-v")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*packaging: found *, required packaging<1 [[]test_it.py::test_old[]]*"])


def test_absent_package_requirement(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_package(absent=["packaging"])
        def test_no_packaging():
            pass
    """)
    result = pytester.runpytest("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["1. pip uninstall -y packaging", "   resolves 1 unmet, 1 test skipped:",
                                 "   - packaging: found *, required not installed",
                                 "*packaging: found *, required not installed; fix: see the autoglm-compat summary"])


def test_requires_cuda_skips_on_a_machine_without_torch_or_gpu(
    pytester: pytest.Pytester, machine: Machine
) -> None:
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_cuda("11.8")
        def test_gpu():
            pass
    """)
    result = pytester.runpytest("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines([  # what no install can meet first: an install cannot add a GPU
        "1. run on a machine with an NVIDIA GPU and its driver (containers: --gpus all), and check "
        "CUDA_VISIBLE_DEVICES",
        "   resolves 1 unmet, 1 test skipped; no install can meet it:",
        "   - GPU: found no GPU visible (nvidia-smi not found on PATH; *), required 1 NVIDIA GPU",
        "2. pip install torch --index-url https://download.pytorch.org/whl/cu130",
        "   resolves 1 unmet, 1 test skipped:",
        "   - CUDA runtime of torch: found torch not installed, required >=11.8",
        SKIP_LINE.format("GPU: found no GPU visible (nvidia-smi not found on PATH; *... (+1 more); "
                         "fix: see the autoglm-compat summary"),
    ])
    assert all(len(line) < 200 for line in result.stdout.lines if line.startswith("SKIPPED"))


def test_cpu_build_of_torch_is_named_as_such(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.13.0+cpu", None)
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_cuda("11.8")
        def test_gpu():
            pass
    """)
    result = pytester.runpytest("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*CUDA runtime of torch: found CPU-only build (torch 2.13.0+cpu), required >=11.8*"])


GPU_TESTS = """
    import pytest

    @pytest.mark.requires_cuda("12.1")
    def test_runtime_121():
        pass

    @pytest.mark.requires_cuda("12.4")
    def test_runtime_124():
        pass

    @pytest.mark.requires_cuda(">=12.1,<13", capability="8.0")
    def test_ampere():
        pass

    @pytest.mark.requires_cuda("11.8", devices=2)
    def test_two_gpus():
        pass

    @pytest.mark.requires_cuda("11.8", memory="24GiB")
    def test_big_memory():
        pass
"""


def test_gpu_machine_with_a_new_driver(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus(H100, driver="580.159.04")
    pytester.makepyfile(test_it=GPU_TESTS)
    result = pytester.runpytest("-rs", "-v")
    result.assert_outcomes(passed=3, skipped=2)  # runtime 12.4 and two GPUs
    result.stdout.fnmatch_lines([
        "*test_it.py:*: autoglm-compat: GPU: found 1 of 1 visible (1x NVIDIA H100 80GB HBM3 sm_90, "
        "driver 580.159.04), required 2 NVIDIA GPUs [[]test_it.py::test_two_gpus[]]*",
    ])


def test_runtime_newer_than_torch_build_is_unmet(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus(H100)
    pytester.makepyfile(test_it=GPU_TESTS)
    result = pytester.runpytest("-rs", "-k", "runtime_124")
    result.assert_outcomes(skipped=1, deselected=4)
    result.stdout.fnmatch_lines([  # 2.5 is on no cu130 index: plain 'torch' would keep 2.5.1+cu121
        "1. pip install 'torch>=2.9' --index-url https://download.pytorch.org/whl/cu130",
        "   resolves 1 unmet, 1 test skipped:",
        "   - CUDA runtime of torch: found 12.1 (torch 2.5.1+cu121), required >=12.4",
    ])


def test_driver_too_old_for_torch_runtime(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus(A100, driver="470.82.01")
    pytester.makepyfile(test_it=GPU_TESTS)
    result = pytester.runpytest("-rs", "-k", "runtime_121")
    result.assert_outcomes(skipped=1, deselected=4)
    result.stdout.fnmatch_lines([
        "1. upgrade the NVIDIA driver to >= 530.30.02, or install torch built for CUDA <= 11.8: "
        "pip install 'torch==2.5.1+cu118' --index-url https://download.pytorch.org/whl/cu118",
        "   resolves 1 unmet, 1 test skipped:",
        "   - NVIDIA driver: found 470.82.01, required able to run CUDA 12.1 (>= 530.30.02, or >= 525 "
        "with minor-version compatibility)",
    ])


def test_driver_in_minor_version_compatibility_range_passes_with_note(
    pytester: pytest.Pytester, machine: Machine
) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus(A100, driver="525.60.13")
    pytester.makepyfile(test_it=GPU_TESTS)
    result = pytester.runpytest("-rs", "-v", "-k", "runtime_121 or ampere")
    result.assert_outcomes(passed=2, deselected=3)


def test_capability_too_low_and_memory_too_small(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus(T4, driver="550.54.14")
    pytester.makepyfile(test_it=GPU_TESTS)
    result = pytester.runpytest("-rs", "-v", "-k", "ampere or big_memory")
    result.assert_outcomes(skipped=2, deselected=3)
    result.stdout.fnmatch_lines([
        "*compute capability: found cuda:0 Tesla T4 7.5, required >=8.0 [[]test_it.py::test_ampere[]]*",
    ])
    result.stdout.fnmatch_lines([
        "*GPU memory: found cuda:0 15 GiB, required >= 24 GiB per GPU [[]test_it.py::test_big_memory[]]*",
    ])


def test_two_gpus_satisfy_devices_2_and_cuda_visible_devices_hides_one(
    pytester: pytest.Pytester, machine: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus(A100, A100, driver="550.54.14")
    pytester.makepyfile(test_it=GPU_TESTS)
    pytester.runpytest("-k", "two_gpus").assert_outcomes(passed=1, deselected=4)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "1")
    pytester.runpytest("-k", "two_gpus").assert_outcomes(skipped=1, deselected=4)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    result = pytester.runpytest("-rs", "-k", "runtime_121")
    result.assert_outcomes(skipped=1, deselected=4)
    result.stdout.fnmatch_lines(["*GPU: found no GPU visible (CUDA_VISIBLE_DEVICES='' hides all 2 GPU(s))*"])


def test_hanging_nvidia_smi_is_reported_and_the_session_goes_on(
    pytester: pytest.Pytester, machine: Machine
) -> None:
    machine.torch().nvidia_smi_script("#!/bin/sh\nsleep 30\n")
    pytester.makepyfile(test_it=GPU_TESTS)
    result = pytester.runpytest("-rs", "-k", "runtime_121", "--autoglm-timeout=1")
    result.assert_outcomes(skipped=1, deselected=4)
    result.stdout.fnmatch_lines(["*GPU: found unknown (no GPU visible (nvidia-smi did not answer within 1 s*"])


def test_policy_fail_fails_with_the_verdict(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it=OLD_PACKAGING_TEST)
    result = pytester.runpytest("--autoglm-policy=fail")
    result.assert_outcomes(errors=1)  # at setup, once its fixtures are set up: a skip raised there would win
    result.stdout.fnmatch_lines(["*autoglm-compat: packaging: found *, required packaging<1*"])
    result.stdout.no_fnmatch_line("*Traceback*")


def test_policy_warn_runs_the_test_with_a_warning(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it=OLD_PACKAGING_TEST)
    result = pytester.runpytest("--autoglm-policy=warn", "-W", "default")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*AutoglmCompatWarning: autoglm-compat: packaging: found *"])


def test_gate_stops_before_any_test_runs_with_exit_code_6(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="""
        import pytest

        def test_fine():
            pass

        @pytest.mark.requires_package("packaging<1")
        def test_old():
            pass
    """)
    result = pytester.runpytest("--autoglm-policy=gate")
    assert result.ret == 6
    result.stdout.fnmatch_lines([
        "*autoglm-compat gate*",
        "1. pip install 'packaging<1'",
        "   resolves 1 unmet, 1 test blocked:",
        "   - packaging: found *, required packaging<1",
    ])
    result.stdout.fnmatch_lines(["*autoglm-compat gate: 1 requirement(s) not met; no test was run*"])
    result.stdout.no_fnmatch_line("*passed*")
    assert result.stdout.str().count("   - packaging: found") == 1


def test_gate_passes_when_everything_is_met(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_package("packaging>=20")
        def test_new():
            pass
    """)
    result = pytester.runpytest("--autoglm-policy=gate")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["gate passed: 1 distinct requirement(s) met"])


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ('requires_cuda("eleven")',
         "requires_cuda('eleven'): expected a PEP 440 version specifier such as '>=11.8', got 'eleven'"),
        ("requires_cuda(11.8)",
         "requires_cuda(11.8): expected a string such as '11.8' or '>=11.8,<99', got float 11.8"),
        ('requires_cuda("11.8", memory="24 parsecs")',
         "requires_cuda(memory='24 parsecs'): expected a size such as '24GiB' or '80GB', got '24 parsecs'"),
        ('requires_cuda("11.8", "8.0")',
         "requires_cuda() takes one positional argument (the CUDA runtime spec), got 2: '11.8', '8.0'; "
         "pass capability=, devices=, memory= by keyword"),
        ('requires_cuda(devcies=2)',
         "requires_cuda() got an unexpected keyword argument 'devcies' (did you mean 'devices'?); "
         "accepted: spec, capability, devices, memory, driver"),
        ('requires_package("torch>>2")',
         "requires_package('torch>>2'): expected a PEP 508 requirement such as 'transformers>=4.38,<5', "
         "got 'torch>>2' (*)"),
        ('requires_package("torch>=3,<2")',
         "requires_package('torch>=3,<2'): the requirement 'torch>=3,<2' can never be satisfied"),
        ('requires_api("transformers::X")',
         "requires_api('transformers::X'): expected a target 'module:qualname' such as "
         "'transformers:GlmForCausalLM._tied_weights_keys', got 'transformers::X'"),
        ('requires_api("json:dumps", kind="fn")',
         "requires_api(kind='fn'): expected one of *, got 'fn'"),
    ],
)
def test_bad_marker_arguments_fail_only_that_test(
    pytester: pytest.Pytester, marker: str, message: str
) -> None:
    """As pytest's own bad skipif condition: that test errors at setup, the rest of the run goes on."""
    pytester.makepyfile(test_it=f"""
        import pytest

        @pytest.mark.{marker}
        def test_bad():
            pass

        def test_good():
            pass
    """)
    result = pytester.runpytest("-rE")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines([
        "collected 2 items",
        "*ERROR at setup of test_bad*",
        f"Invalid marker on test_it.py::test_bad: {message}",
        "ERROR test_it.py::test_bad - Failed: Invalid marker on test_it.py::test_bad: *",
    ])
    result.stdout.no_fnmatch_line("*Traceback*")


def test_unknown_contract_section_errors_that_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.autoglm_contract("gtpq")
        def test_q():
            pass
    """)
    result = pytester.runpytest("--autoglm-contract=stable")
    result.stdout.fnmatch_lines([
        "Invalid marker on test_it.py::test_q: autoglm_contract('gtpq'): contract 'stable' "
        "(contracts/stable.toml) has no section 'gtpq' (did you mean 'gptq'?); sections: chatglm, chatglm-int4, gptq",
    ])


def test_contract_applies_only_to_tests_that_opted_in(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.13.0+cpu", None)
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.autoglm_contract()
        def test_glm():
            pass

        def test_unrelated():
            pass
    """)
    result = pytester.runpytest("--autoglm-contract=stable", "-rs", "-v")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines([
        "*test_it.py:*: autoglm-compat: transformers: found not installed, required transformers>=4.46.0,<5 "
        "[[]contracts/stable.toml: packages.transformers[]]; why: GlmForCausalLM exists from 4.46.0*",
    ])
    pytester.makeini("[pytest]\nautoglm_scope = all\n")
    pytester.runpytest("--autoglm-contract=stable").assert_outcomes(skipped=2)


def test_header_names_contract_policy_torch_and_gpus(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus(H100, H100, driver="580.159.04")
    pytester.makepyfile(test_it="def test_a(): pass")
    result = pytester.runpytest("--autoglm-contract=stable")
    result.stdout.fnmatch_lines([
        "autoglm-compat: contract stable (contracts/stable.toml), policy skip, torch 2.5.1+cu121 (CUDA 12.1), "
        "2x NVIDIA H100 80GB HBM3 sm_90, driver 580.159.04",
    ])


def test_snapshot_is_cached_and_refresh_bypasses_the_cache(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus(H100)
    pytester.makepyfile(test_it="def test_a(): pass")
    first = pytester.runpytest("--autoglm-contract=stable")
    first.stdout.no_fnmatch_line("*snapshot from cache*")
    second = pytester.runpytest("--autoglm-contract=stable")
    second.stdout.fnmatch_lines(["autoglm-compat: *, snapshot from cache"])
    third = pytester.runpytest("--autoglm-contract=stable", "--autoglm-refresh")
    third.stdout.no_fnmatch_line("*snapshot from cache*")


def test_cache_is_not_served_after_the_environment_changes(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus(H100)
    pytester.makepyfile(test_it="def test_a(): pass")
    pytester.runpytest("--autoglm-contract=stable")
    machine.torch("2.6.0+cu126", "12.6")  # a new dist-info on sys.path changes the fingerprint
    result = pytester.runpytest("--autoglm-contract=stable")
    result.stdout.no_fnmatch_line("*snapshot from cache*")


def test_api_marker_checks_in_a_subprocess(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_api("packaging.version:Version", kind="class", params=["version"])
        def test_class():
            pass

        @pytest.mark.requires_api("packaging.version:Version.nope")
        def test_missing_attr():
            pass

        @pytest.mark.requires_api("packaging.version:Version", kind="dict")
        def test_wrong_kind():
            pass

        @pytest.mark.requires_api("no_such_module_xyz:thing")
        def test_missing_module():
            pass

        @pytest.mark.requires_api("packaging.version:Version.nope", absent=True)
        def test_absent():
            pass
    """)
    result = pytester.runpytest("-rs")
    result.assert_outcomes(passed=2, skipped=3)
    result.stdout.fnmatch_lines([
        "*packaging.version:Version.nope: found packaging.version:Version has no attribute 'nope', required exists*",
    ])
    result.stdout.fnmatch_lines(["*packaging.version:Version: found class <class *>, required kind dict*"])
    result.stdout.fnmatch_lines([
        "*no_such_module_xyz:thing: found import no_such_module_xyz fails: ModuleNotFoundError: "
        "No module named 'no_such_module_xyz', required exists*",
    ])


def test_fixtures_expose_snapshot_and_contract(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus(H100)
    pytester.makepyfile(test_it="""
        import dataclasses
        import pytest

        def test_env(autoglm_env, autoglm_contract):
            assert autoglm_env.torch.cuda == "12.1"
            assert autoglm_env.gpus[0].capability == "9.0"
            assert autoglm_env.driver == "580.159.04"
            assert autoglm_contract.name == "stable"
            with pytest.raises(dataclasses.FrozenInstanceError):
                autoglm_env.driver = "1"
    """)
    result = pytester.runpytest("--autoglm-contract=stable", "--autoglm-refresh")
    result.assert_outcomes(passed=1)  # every check inside ran and held


def test_cuda_device_skips_without_a_usable_gpu(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus()  # no GPU listed
    pytester.makepyfile(test_it="""
        def test_cuda(cuda_device):
            raise AssertionError("unreachable: the fake torch has no CUDA to give")
    """)
    result = pytester.runpytest("--autoglm-contract=stable", "-rs", "--autoglm-refresh")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*GPU: found no GPU visible (nvidia-smi listed no GPU), required 1 NVIDIA GPU*"])


def test_saved_snapshot_can_stand_in_for_the_machine(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus(A100, A100, driver="550.54.14")
    from pytest_autoglm_compat.facts.probe import take_snapshot

    snap = take_snapshot()
    path = pytester.path / "snap.json"
    path.write_text(json.dumps(snap.to_json()))
    machine.gpus()  # this machine now lists no GPU; the snapshot still has two
    pytester.makepyfile(test_it=GPU_TESTS)
    result = pytester.runpytest(f"--autoglm-snapshot={path}", "-k", "two_gpus")
    result.assert_outcomes(passed=1, deselected=4)


def test_json_report_has_schema_verdicts_outcomes_and_no_secrets(
    pytester: pytest.Pytester, machine: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_supersecretvalue123")
    monkeypatch.setenv("PIP_INDEX_URL", "https://alice:s3cretpass@pypi.example/simple")
    machine.torch("2.13.0+cpu", None)
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_package("packaging<1")
        def test_old():
            pass

        def test_plain():
            pass
    """)
    (pytester.path / "out").mkdir()
    result = pytester.runpytest("--autoglm-report=out/report.json", "--autoglm-contract=stable")
    result.assert_outcomes(passed=1, skipped=1)
    text = (pytester.path / "out" / "report.json").read_text()
    assert "supersecret" not in text
    assert "s3cretpass" not in text
    data = json.loads(text)
    assert data["schema"] == "pytest-autoglm-compat/report/1"
    assert data["contract"]["name"] == "stable"
    assert data["snapshot"]["environment"]["PIP_INDEX_URL"] == "https://***@pypi.example/simple"
    assert "HF_TOKEN" not in data["snapshot"]["environment"]
    assert data["tests"]["test_it.py::test_old"] == {
        "outcome": "skipped", "unmet": [data["verdicts"][0]["subject"] + ": found "
                                         + data["verdicts"][0]["found"] + ", required packaging<1"],
        "by_autoglm": True,
    }
    assert data["tests"]["test_it.py::test_plain"]["outcome"] == "passed"
    assert not list((pytester.path / "out").glob(".report.json.*"))  # no temp file left behind


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--autoglm-policy=block"], "ERROR: --autoglm-policy: invalid policy 'block'; expected one of skip, fail, gate, warn"),
        (["--autoglm-contract=stabel"], "ERROR: Invalid contract 'stabel': no bundled contract of that name (did you mean 'stable'?); bundled contracts: base, latest, legacy, stable; or give a path to a .toml file"),
        (["--autoglm-contract=missing.toml"], "ERROR: Invalid contract missing.toml: no such file"),
        (["--autoglm-report=nodir/r.json"], "ERROR: --autoglm-report: cannot write 'nodir/r.json': directory '*nodir' does not exist"),
        (["--autoglm-timeout=soon"], "ERROR: --autoglm-timeout: invalid timeout 'soon'; expected a finite number of seconds > 0, such as 120 or 2.5"),
    ],
)
def test_bad_options_are_usage_errors(pytester: pytest.Pytester, args: list[str], message: str) -> None:
    pytester.makepyfile(test_it="def test_a(): pass")
    result = pytester.runpytest(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    result.stderr.no_fnmatch_line("*Traceback*")


def test_bad_ini_policy_names_the_ini_key(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nautoglm_policy = maybe\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: autoglm_policy (ini): invalid policy 'maybe'; expected one of *"])


def test_broken_contract_file_names_file_key_and_expectation(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", ours="""
        name = "ours"
        [packages.transformers]
        spec = ">>4"
        [cuda]
        memroy = "24GiB"
    """)
    pytester.makepyfile(test_it="def test_a(): pass")
    result = pytester.runpytest("--autoglm-contract=ours.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([
        "ERROR: Invalid contract ours.toml:",
        "  packages.transformers.spec: expected a PEP 440 version specifier such as '>=4.38,<5', got '>>4'",
        "  cuda.memroy: unknown key (did you mean 'memory'?); expected one of *",
    ])


THREE_SKIPPED_ONE_PASSED = """
    import pytest

    @pytest.mark.requires_package("packaging<1")
    @pytest.mark.parametrize("n", [1, 2, 3])
    def test_old(n):
        pass

    def test_plain():
        pass
"""


def test_max_skipped_turns_a_green_run_red(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it=THREE_SKIPPED_ONE_PASSED)
    result = pytester.runpytest("--autoglm-max-skipped=2", "--autoglm-report=r.json")
    assert result.ret == 7
    result.stdout.fnmatch_lines([
        "*= autoglm-compat: too many tests skipped =*",
        "3 of 4 tests were skipped by autoglm-compat; at most 2 allowed (--autoglm-max-skipped=2)",
        "  3 x packaging: found *, required packaging<1",
    ])
    assert json.loads(pytester.path.joinpath("r.json").read_text())["exit_status"] == 7


@pytest.mark.parametrize(("limit", "code"), [("75%", 0), ("74%", 7), ("3", 0), ("0", 7)])
def test_max_skipped_as_count_or_percentage(pytester: pytest.Pytester, limit: str, code: int) -> None:
    pytester.makepyfile(test_it=THREE_SKIPPED_ONE_PASSED)
    result = pytester.runpytest(f"--autoglm-max-skipped={limit}")
    assert result.ret == code


def test_max_skipped_from_ini_and_a_real_failure_keeps_its_exit_code(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nautoglm_max_skipped = 0\n")
    pytester.makepyfile(test_it=THREE_SKIPPED_ONE_PASSED.replace("def test_plain():\n        pass",
                                                                 "def test_plain():\n        assert False"))
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["3 of 4 tests were skipped by autoglm-compat; at most 0 allowed "
                                 "(--autoglm-max-skipped=0)"])


@pytest.mark.parametrize("value", ["lots", "-1", "120%", "5.5"])
def test_max_skipped_rejects_bad_values(pytester: pytest.Pytester, value: str) -> None:
    pytester.makepyfile(test_it=THREE_SKIPPED_ONE_PASSED)
    result = pytester.runpytest(f"--autoglm-max-skipped={value}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([
        f"ERROR: --autoglm-max-skipped: invalid value {value!r}; expected a number of tests (such as 0 or 5) "
        "or a percentage of the collected tests (such as 10%)"
    ])


def test_skips_from_other_causes_do_not_count(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.skip(reason="not today")
        def test_skipped_by_the_user():
            pass
    """)
    result = pytester.runpytest("--autoglm-max-skipped=0")
    assert result.ret == 0


def test_gate_does_not_start_the_check_subprocess_when_packages_already_fail(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", ours="""
        format = 1
        name = "ours"

        [packages.packaging]
        spec = "<1"

        [[api]]
        target = "no_such_module_xyz:thing"
    """)
    pytester.makepyfile(test_it="def test_a():\n    pass\n")
    result = pytester.runpytest("--autoglm-contract=ours.toml", "--autoglm-policy=gate", "--autoglm-report=r.json")
    assert result.ret == 6
    result.stdout.fnmatch_lines([
        "   - packaging: found *, required packaging<1",
        "1 API/extension check(s) not run: the requirements above already fail",
    ])
    subjects = [v["subject"] for v in json.loads(pytester.path.joinpath("r.json").read_text())["verdicts"]]
    assert subjects == ["packaging"]
