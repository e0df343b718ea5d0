"""pytest-xdist (one probe in the controller, a GPU per worker) and pytest's own flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import A100, H100, Machine, write_fake_nvidia_smi

# pytest-xdist is a dependency of the test suite (noxfile): no module-level importorskip, which
# would silently hide this module's tests that do not need it.

COUNTING_SMI = """#!/bin/sh
echo "$$" >> {log}
case "$*" in
  *--query-gpu=*) cat <<'OUT'
{lines}
OUT
  ;;
  *) exit 2;;
esac
"""


def counting_nvidia_smi(machine: Machine, gpus: list[str], driver: str = "550.54.15") -> Path:
    """The fake nvidia-smi that also writes a line per call, so that probes can be counted."""
    log = machine.root / "nvidia-smi.calls"
    lines = "\n".join(f"{i}, {g.format(driver=driver)}" for i, g in enumerate(gpus))
    write_fake_nvidia_smi(machine.bin, gpus, driver, body=COUNTING_SMI.format(log=log, lines=lines))
    return log


GPU_PER_WORKER = """
    import os
    import pytest

    @pytest.mark.requires_cuda("12.1")
    @pytest.mark.parametrize("n", range(8))
    def test_gpu(n, autoglm_gpu, worker_id):
        with open(os.path.join({out!r}, f"{{worker_id}}-{{n}}"), "w") as fh:
            fh.write(autoglm_gpu.uuid)
"""


def test_workers_never_probe_and_each_uses_its_own_gpu(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.5.1+cu121", "12.1")
    log = counting_nvidia_smi(machine, [H100, A100])
    out = pytester.path / "out"
    out.mkdir()
    pytester.makepyfile(test_it=GPU_PER_WORKER.format(out=str(out)))
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider", "--autoglm-contract=stable",
                                           "--autoglm-report=r.json")
    result.assert_outcomes(passed=8)
    assert len(log.read_text().splitlines()) == 1  # one probe, in the controller
    by_worker: dict[str, set[str]] = {}
    for f in out.iterdir():
        by_worker.setdefault(f.name.split("-")[0], set()).add(f.read_text())
    assert sorted(by_worker) == ["gw0", "gw1"]
    assert by_worker["gw0"] == {H100.split(", ")[1]}
    assert by_worker["gw1"] == {A100.split(", ")[1]}
    report = json.loads((pytester.path / "r.json").read_text())
    assert len(report["tests"]) == 8
    assert all(t["outcome"] == "passed" for t in report["tests"].values())


def test_eligible_gpus_only_and_cuda_visible_devices(pytester: pytest.Pytester, machine: Machine,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Capability 9.0 leaves only the H100; CUDA_VISIBLE_DEVICES renumbers it as CUDA would."""
    machine.torch("2.5.1+cu121", "12.1")
    counting_nvidia_smi(machine, [A100, H100])
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "1")
    out = pytester.path / "out"
    out.mkdir()
    pytester.makepyfile(test_it=f"""
        import os
        import pytest

        @pytest.mark.requires_cuda("12.1", capability=">=9.0")
        @pytest.mark.parametrize("n", range(4))
        def test_gpu(n, autoglm_gpu, worker_id):
            with open(os.path.join({str(out)!r}, f"{{worker_id}}-{{n}}"), "w") as fh:
                fh.write(f"{{autoglm_gpu.index}} {{autoglm_gpu.name}}")
    """)
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
    assert {f.read_text() for f in out.iterdir()} == {"0 NVIDIA H100 80GB HBM3"}


def test_a_skipped_gpu_suite_is_counted_in_the_controller(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_package("packaging<1")
        @pytest.mark.parametrize("n", range(6))
        def test_old(n):
            pass
    """)
    result = pytester.runpytest_subprocess("-n", "2", "--autoglm-max-skipped=0", "--autoglm-report=r.json")
    assert result.ret == 7
    result.stdout.fnmatch_lines(["6 of 6 tests were skipped by autoglm-compat; at most 0 allowed *"])
    report = json.loads((pytester.path / "r.json").read_text())
    assert all(t["by_autoglm"] for t in report["tests"].values())
    assert len(report["tests"]) == 6


FLAG_TESTS = """
    import pytest

    @pytest.mark.requires_package("packaging<1")
    def test_old():
        pass

    def test_fails():
        assert False

    def test_passes():
        pass
"""


@pytest.mark.parametrize(
    ("flags", "outcomes"),
    [
        (["-p", "no:cacheprovider"], {"passed": 1, "failed": 1, "skipped": 1}),
        (["-x"], {"failed": 1, "skipped": 1}),
        (["-p", "no:autoglm"], {"passed": 2, "failed": 1}),
    ],
    ids=["no-cacheprovider", "exitfirst", "plugin-disabled"],
)
def test_pytest_flags(pytester: pytest.Pytester, flags: list[str], outcomes: dict[str, int]) -> None:
    pytester.makeini("[pytest]\nmarkers =\n    requires_package: declared for -p no:autoglm\n")
    pytester.makepyfile(test_it=FLAG_TESTS)
    result = pytester.runpytest(*flags, "-p", "no:randomly")
    result.assert_outcomes(**outcomes)


def test_last_failed_reruns_only_the_failure(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it=FLAG_TESTS)
    pytester.runpytest().assert_outcomes(passed=1, failed=1, skipped=1)
    result = pytester.runpytest("--lf", "--autoglm-contract=stable")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["autoglm-compat: contract stable*snapshot from cache*"])


# --------------------------------------------------------------------------- cache invalidation, for real


def _venv_with_this_pytest(where: Path) -> Path:
    """A real venv whose own site-packages come first, with this interpreter's pytest and plugin after it."""
    import subprocess
    import sys
    import sysconfig

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    python = where / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # an import line in a .pth runs at startup: the outer site dir, with its own .pth files (editable installs)
    outer = sysconfig.get_paths()["purelib"]
    Path(purelib, "zz-outer.pth").write_text(f"import site; site.addsitedir({outer!r})\n")
    return python


def _pip(python: Path, *args: str) -> None:
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "--disable-pip-version-check", "-q",
                    *args], check=True, timeout=300, capture_output=True)


def _run(python: Path, where: Path) -> str:
    import subprocess

    proc = subprocess.run([str(python), "-m", "pytest", "-rs", "--autoglm-contract=stable", "-p", "no:randomly"],
                          cwd=where, capture_output=True, text=True, timeout=300, check=False)
    return proc.stdout


def test_installing_or_upgrading_a_real_package_invalidates_the_cache(pytester: pytest.Pytester) -> None:
    python = _venv_with_this_pytest(pytester.path.parent / "venv-real")
    _pip(python, "install", "six==1.16.0")
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_package("six>=1.17")
        def test_needs_new_six():
            pass
    """)
    first = _run(python, pytester.path)
    assert "six: found 1.16.0, required six>=1.17" in first
    assert "snapshot from cache" not in first
    assert "snapshot from cache" in _run(python, pytester.path)
    _pip(python, "install", "six==1.17.0")  # a real upgrade between two runs
    third = _run(python, pytester.path)
    assert "snapshot from cache" not in third
    assert "1 passed" in third
    _pip(python, "uninstall", "-y", "six")  # and a real removal
    fourth = _run(python, pytester.path)
    assert "snapshot from cache" not in fourth
    assert "six: found not installed, required six>=1.17" in fourth


def test_a_new_torch_build_in_place_invalidates_the_cache(pytester: pytest.Pytester, machine: Machine) -> None:
    """Same dist-info name, other version.py (a rebuilt or patched torch): the fingerprint sees its mtime."""
    import os

    from conftest import write_fake_torch

    machine.torch("2.5.1+cu121", "12.1").gpus(H100)
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_cuda("12.1")
        def test_gpu():
            pass
    """)
    pytester.runpytest("--autoglm-contract=stable").assert_outcomes(passed=1)
    site = machine.root / "site"
    version_py = site / "torch" / "version.py"
    stat = version_py.stat()
    write_fake_torch(site, "2.5.1+cu121", "11.8")  # rewritten in place, same dist-info directory
    os.utime(version_py, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    result = pytester.runpytest("--autoglm-contract=stable", "-rs")
    result.assert_outcomes(skipped=1)
    assert "snapshot from cache" not in result.stdout.str()
    result.stdout.fnmatch_lines(["*CUDA runtime of torch: found 11.8 (torch 2.5.1+cu121), required >=12.1*"])


GATE_TESTS = """
    import pytest

    @pytest.mark.requires_package("packaging<1")
    def test_marked():
        pass

    def test_plain():
        pass
"""


def test_gate_under_xdist_stops_in_the_controller_with_exit_6_and_a_report(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", ours='format = 1\nname = "ours"\n[packages.packaging]\nspec = "<1"\n')
    pytester.makepyfile(test_it=GATE_TESTS)
    result = pytester.runpytest_subprocess("-n", "2", "--autoglm-contract=ours.toml", "--autoglm-policy=gate",
                                           "--autoglm-report=r.json")
    assert result.ret == 6
    result.stdout.fnmatch_lines(["*= autoglm-compat gate =*", "   - packaging: found *, required packaging<1"])
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    report = json.loads((pytester.path / "r.json").read_text())
    assert report["exit_status"] == 6
    assert report["tests"] == {}


def test_gate_under_xdist_fails_tests_whose_own_markers_are_unmet(pytester: pytest.Pytester) -> None:
    """The controller sees no test; a worker fails (never skips) a test whose marker is unmet."""
    pytester.makepyfile(test_it=GATE_TESTS)
    result = pytester.runpytest_subprocess("-n", "2", "--autoglm-policy=gate")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*autoglm-compat: packaging: found *, required packaging<1*"])
    assert "INTERNALERROR" not in result.stdout.str()


def test_known_failure_section_reaches_the_controller(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch("2.5.1+cu121", "12.1")  # the driver hint is about a CUDA build of torch
    pytester.makepyfile(test_it="""
        def test_driver():
            raise RuntimeError("CUDA driver version is insufficient for CUDA runtime version")
    """)
    result = pytester.runpytest_subprocess("-n", "2")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*- autoglm-compat: known failure -*",
        "RuntimeError: CUDA driver version is insufficient for CUDA runtime version",
        "cause: the CUDA runtime finds no NVIDIA driver it can use: the installed driver is older than the CUDA *",
    ])
