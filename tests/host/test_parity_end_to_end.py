"""parity.py itself, on a host suite made to need every verdict: a test that fails only with the plugin
installed (REGRESSION, exit 1), one that fails everywhere (BOTH) and one that passes.

Run by ``nox -s host`` before the real suites (AUTOGLM_HOST_SELFTEST=1, ``--noconftest``: the host
venv has no plugin installed, which the suite's conftest imports). It builds a venv with pytest and
pytest-xdist and lets parity.py install and uninstall the plugin there, as it does in the host session.
The comparison logic alone is tested on hand-made runs in test_parity.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.environ.get("AUTOGLM_HOST_SELFTEST") != "1",
                                reason="builds a venv and installs the plugin into it: nox -s host")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

HOST_TESTS = '''
def test_passes():
    pass

def test_host_own_failure():
    assert False, "fails with and without the plugin"

def test_fails_only_with_the_plugin():
    import importlib.metadata as md
    assert "pytest-autoglm-compat" not in {d.metadata["Name"] for d in md.distributions()}
'''


def test_parity_names_a_regression_and_tells_the_hosts_own_failures_apart(tmp_path: Path) -> None:
    tree = tmp_path / "fakehost-1.0"
    (tree / "testing").mkdir(parents=True)
    (tree / "testing" / "test_host.py").write_text(HOST_TESTS)
    (tree / "tox.ini").write_text("[pytest]\n")
    sdist = tmp_path / "fakehost-1.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        tar.add(tree, arcname=tree.name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "-q", "pytest", "pytest-xdist"], check=True)
    work = Path("/tmp") / f"autoglm-parity-selftest-{tmp_path.name}"  # outside any project's configuration
    done = subprocess.run([python, str(HERE / "parity.py"), "--plugin", str(ROOT), "--work", str(work), str(sdist)],
                          capture_output=True, text=True, timeout=900, check=False)
    lines = [line for line in done.stdout.splitlines() if not line.startswith("    ")]
    assert done.returncode == 1, done.stdout + done.stderr
    assert lines[-4:] == [
        "host parity: fakehost-1.0: failing with the plugin in the full run: 2; regressions after up to 3 re-runs "
        "in each environment: 1",
        "fakehost-1.0: REGRESSION testing/test_host.py::test_fails_only_with_the_plugin (failed 3/3 re-runs with "
        "the plugin, 0/3 without)",
        "fakehost-1.0: BOTH testing/test_host.py::test_host_own_failure (failed 0/0 re-runs with the plugin, "
        "1/1 without)",
        "host parity: FAILED: tests failing only with pytest-autoglm-compat installed: 1",
    ]
    assert "host parity: fakehost-1.0 without tests collected: 3 tests: 3 listed; exit 0;" in done.stdout
