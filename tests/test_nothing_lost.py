"""Nothing lost, nothing leaked: atomic reports under interruption, no secret in any output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_autoglm_compat.facts import api_facts as api_checks

OLD_REPORT = {"schema": "pytest-autoglm-compat/report/1", "old": True}


def _prepare(pytester: pytest.Pytester, body: str) -> Path:
    pytester.makepyfile(test_it=body)
    report = pytester.path / "r.json"
    report.write_text(json.dumps(OLD_REPORT))
    return report


def _leftovers(where: Path) -> list[Path]:
    return list(where.glob(".r.json.*"))


def test_keyboard_interrupt_still_writes_a_whole_report(pytester: pytest.Pytester) -> None:
    report = _prepare(pytester, """
        def test_first():
            pass

        def test_interrupted():
            raise KeyboardInterrupt

        def test_never_runs():
            pass
    """)
    result = pytester.runpytest_subprocess("--autoglm-report=r.json", "--autoglm-contract=stable")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    data = json.loads(report.read_text())
    assert data["exit_status"] == 2
    assert data["tests"]["test_it.py::test_first"]["outcome"] == "passed"
    assert "test_it.py::test_never_runs" not in data["tests"]
    assert _leftovers(pytester.path) == []


def test_os_exit_in_a_test_leaves_the_previous_report_intact(pytester: pytest.Pytester) -> None:
    report = _prepare(pytester, """
        import os

        def test_dies():
            os._exit(3)
    """)
    result = pytester.runpytest_subprocess("--autoglm-report=r.json", "--autoglm-contract=stable")
    assert result.ret == 3
    assert json.loads(report.read_text()) == OLD_REPORT
    assert _leftovers(pytester.path) == []


WRITER = """
import json, sys
from pytest_autoglm_compat.render.report import write_json_atomic
big = {"schema": "pytest-autoglm-compat/report/1", "new": True, "verdicts": [{"found": "x" * 200}] * 50000}
sys.stdout.write("ready\\n"); sys.stdout.flush()
while True:
    write_json_atomic(sys.argv[1], big)
"""


def test_a_writer_killed_at_any_moment_never_leaves_half_a_report(tmp_path: Path) -> None:
    """SIGKILL a process that rewrites a ~10 MB report in a loop: half the time as soon as its
    temporary file appears (inside a write, for certain), half the time at varying moments."""
    report = tmp_path / "r.json"
    report.write_text(json.dumps(OLD_REPORT))
    kills = mid_write = 0
    for i in range(16):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(report)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n"
        if i % 2 == 0:
            deadline = time.monotonic() + 10
            while not list(tmp_path.glob(".r.json.*.tmp")) and time.monotonic() < deadline:
                time.sleep(0.0005)
        else:
            time.sleep(0.02 + 0.02 * i)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        kills += 1
        data = json.loads(report.read_text())  # never a truncated file
        assert data.get("old") or data.get("new")
        for leftover in tmp_path.glob(".r.json.*.tmp"):  # the kill came while the new file was being written
            mid_write += 1
            leftover.unlink()
    print(f"{mid_write} of {kills} kills landed inside a write")
    assert kills == 16
    assert mid_write >= 2, "too few kills landed inside a write; the test proved too little"


SECRETS = {
    "HF_TOKEN": "hf_SeCrEtToKeN0001",
    "HUGGING_FACE_HUB_TOKEN": "hf_SeCrEtToKeN0002",
    "AWS_SECRET_ACCESS_KEY": "SeCrEtAwS0003",
    "OPENAI_API_KEY": "sk-SeCrEt0004",
    "DB_PASSWORD": "SeCrEtPw0005",
    "PIP_INDEX_URL": "https://alice:SeCrEtUrl0006@pypi.example/simple",
    "PIP_EXTRA_INDEX_URL": "https://bob:SeCrEtUrl0007@mirror.example/simple",
    "HF_ENDPOINT": "https://carol:SeCrEtUrl0008@hf.example",
}


def _all_text(where: Path) -> str:
    out = []
    for path in where.rglob("*"):
        if path.is_file():
            out.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(out)


def test_no_secret_reaches_report_cache_terminal_or_snapshot(pytester: pytest.Pytester,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_api("json:dumps", kind="function")
        @pytest.mark.requires_package("packaging<1")
        def test_it():
            pass
    """)
    result = pytester.runpytest_subprocess("--autoglm-contract=stable", "--autoglm-report=r.json", "-rs", "-v")
    cli = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "probe", "-o", str(pytester.path / "s.json")],
                         capture_output=True, text=True, timeout=120, check=False)
    check = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "check", "--format", "json",
                            "-o", str(pytester.path / "c.json")], capture_output=True, text=True, timeout=300,
                           check=False)
    everything = "\n".join([result.stdout.str(), result.stderr.str(), cli.stdout, cli.stderr, check.stdout,
                            check.stderr, _all_text(pytester.path)])
    assert (pytester.path / ".pytest_cache" / "v" / "autoglm-compat" / "snapshot").exists()
    assert (pytester.path / "s.json").exists()
    for name, value in SECRETS.items():
        secret = value.split("@")[0].rsplit(":", 1)[-1] if "@" in value else value
        assert secret not in everything, name
    recorded = json.loads((pytester.path / "s.json").read_text())["environment"]
    assert recorded.get("PIP_INDEX_URL") == "https://***@pypi.example/simple"


def test_the_check_subprocess_gets_a_minimal_environment(pytester: pytest.Pytester,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    pytester.makepyfile(env_spy="import os, json\nSEEN = json.dumps(dict(os.environ))\n")
    facts = api_checks.run_checks([], timeout=30)  # nothing to do: no child
    assert facts == {}
    from pytest_autoglm_compat.model.requirements import ApiRequirement, Meta, Origin

    req = ApiRequirement(Meta(Origin("t")), "env_spy", "SEEN", equals="")
    fact = api_checks.run_checks([req], timeout=60, sys_path=[str(pytester.path), *sys.path])
    seen = json.loads(next(iter(fact.values()))["value"])
    assert not set(SECRETS) & set(seen)
    assert set(seen) <= set(api_checks.CHILD_ENV) | {"PYTHONIOENCODING", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE",
                                                      "TRANSFORMERS_NO_ADVISORY_WARNINGS", "TF_CPP_MIN_LOG_LEVEL",
                                                      "LC_CTYPE"}
    assert os.environ["HF_TOKEN"] == SECRETS["HF_TOKEN"]  # the parent's environment is untouched


def test_reports_get_the_usual_file_mode_not_mkstemps_0600(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="def test_a():\n    pass\n")
    pytester.runpytest("--autoglm-report=r.json").assert_outcomes(passed=1)
    umask = os.umask(0)
    os.umask(umask)
    assert (pytester.path / "r.json").stat().st_mode & 0o777 == 0o666 & ~umask
    out = pytester.path / "snap.json"
    subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "probe", "-o", str(out)], check=True, timeout=120)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize(("value", "shown"), [
    ("https://user:p@ssW0RD@host/simple", "https://***@host/simple"),  # pip takes a raw "@" in a password
    ("https://alice:SeCrEt@pypi.example/simple https://bob:t0k@mirror.example/simple",
     "https://***@pypi.example/simple https://***@mirror.example/simple"),
    ("git+https://u:p4ss@github.com/o/r@v1.0#egg=r", "git+https://***@github.com/o/r@v1.0#egg=r"),
    ("https://pypi.example/simple/pkg@1.0", "https://pypi.example/simple/pkg@1.0"),  # no credentials
    ("https://pypi.example/simple?token=a@b", "https://pypi.example/simple?token=a@b"),
])
def test_url_credentials_are_redacted_to_the_last_at_of_the_host_part(value: str, shown: str) -> None:
    from pytest_autoglm_compat.facts.probe import redact_url_credentials

    assert redact_url_credentials(value) == shown


def test_a_frozen_contract_never_carries_credentials_from_the_command_line(pytester: pytest.Pytester) -> None:
    """The frozen contract is meant to be committed; its '# run:' line is the command line."""
    pytester.makepyfile(test_it="def test_a():\n    pass\n")
    pytester.makeconftest("def pytest_addoption(parser):\n    parser.addoption('--index-url')\n")
    url = "https://alice:p@ssW0RD@pypi.example/simple"
    result = pytester.runpytest("--autoglm-freeze=frozen.toml", "--autoglm-report=r.json", f"--index-url={url}")
    result.assert_outcomes(passed=1)
    frozen = (pytester.path / "frozen.toml").read_text()
    assert "# run: pytest" in frozen
    assert "ssW0RD" not in frozen
    assert "alice" not in frozen
    assert "https://***@pypi.example/simple" in frozen
    assert "ssW0RD" not in (pytester.path / "r.json").read_text()


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real filesystem with no space left: a 16 KiB tmpfs, filled (needs the right to mount)."""
    where = tmp_path / "full"
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(where)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        with open(where / "filler", "wb") as fh:
            try:
                fh.write(b"\0" * (64 * 1024))
                fh.flush()
            except OSError:
                pass
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.mark.parametrize("option", ["--autoglm-report", "--autoglm-freeze"])
def test_a_report_or_contract_that_a_full_disk_kept_from_being_written_fails_a_green_run(
        pytester: pytest.Pytester, full_disk: Path, option: str) -> None:
    pytester.makepyfile(test_it="def test_a():\n    pass\n")
    target = full_disk / "out.json"
    result = pytester.runpytest_subprocess(f"{option}={target}")
    assert result.ret == 8
    result.stdout.fnmatch_lines(["*passed*"])
    assert "[Errno 28] No space left on device" in result.stdout.str()
    assert not target.exists()
    assert not list(full_disk.glob(".out.json.*"))  # no half-written temp file left behind


def test_a_run_that_failed_keeps_its_own_exit_status_when_the_report_is_not_written(
        pytester: pytest.Pytester, full_disk: Path) -> None:
    pytester.makepyfile(test_it="def test_a():\n    assert False\n")
    result = pytester.runpytest_subprocess(f"--autoglm-report={full_disk / 'r.json'}")
    assert result.ret == 1
