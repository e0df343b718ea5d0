"""Broken environments are verdicts, not crashes: each scenario is built for real.

A script on PATH, a shared library on LD_LIBRARY_PATH, a crafted dist-info in a
site directory, a module that hangs, crashes or prints: never a patch of the
function under test. Each must end within its timeout with the affected
requirement reported as unknown (or unmet where that is the truth) and the
session going on.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

from conftest import H100, Machine, write_fake_torch

GPU_TEST = """
    import pytest

    @pytest.mark.requires_cuda("12.1")
    def test_gpu():
        pass

    def test_plain():
        pass
"""

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs a C compiler for the NVML library")


# --------------------------------------------------------------------------- nvidia-smi


@pytest.mark.parametrize(
    ("script", "found"),
    [
        # the real tool's words when the kernel module and the user-space library disagree (exit 18)
        ("echo 'Failed to initialize NVML: Driver/library version mismatch'\necho 'NVML library version: "
         "550.127'\nexit 18", "nvidia-smi exited with 18: Failed to initialize NVML: Driver/library version "
         "mismatch"),
        # ... and when no driver is loaded (exit 9)
        ("echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that "
         "the latest NVIDIA driver is installed and running.\"\nexit 9", "nvidia-smi exited with 9: NVIDIA-SMI "
         "has failed because it couldn't communicate with the NVIDIA driver.*"),
        ("printf '\\x00\\x9f garbage; not csv\\n'", "nvidia-smi printed an unexpected line: *"),
        ("kill -SEGV $$", "nvidia-smi exited with -11: no output"),
    ],
    ids=["driver-library-mismatch", "no-driver", "garbage", "crash"],
)
def test_nvidia_smi_that_fails(pytester: pytest.Pytester, machine: Machine, script: str, found: str) -> None:
    machine.torch().nvidia_smi_script(f"#!/bin/sh\n{script}\n")
    pytester.makepyfile(test_it=GPU_TEST)
    result = pytester.runpytest("-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines([f"*GPU: found unknown (no GPU visible ({found}*"])


def test_nvidia_smi_that_is_not_executable(pytester: pytest.Pytester, machine: Machine) -> None:
    machine.torch()
    smi = machine.bin / "nvidia-smi"
    smi.write_text("not a program")
    smi.chmod(0o644)
    pytester.makepyfile(test_it=GPU_TEST)
    result = pytester.runpytest("-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*GPU: found no GPU visible (nvidia-smi not found on PATH*"])


# --------------------------------------------------------------------------- NVML

NVML_C = r"""
#include <string.h>
int nvmlInitWithFlags(unsigned int flags) { return INIT_RESULT; }
int nvmlInit_v2(void) { return INIT_RESULT; }
int nvmlShutdown(void) { return 0; }
const char *nvmlErrorString(int r) { return r == 9 ? "Driver Not Loaded" : "Unknown Error"; }
int nvmlSystemGetDriverVersion(char *v, unsigned int n) { strncpy(v, "550.54.15", n); return 0; }
int nvmlDeviceGetCount_v2(unsigned int *c) { return 999; }
"""


def build_nvml(where: Path, init_result: int) -> Path:
    """A libnvidia-ml.so.1 that answers like a machine whose driver is broken."""
    where.mkdir(parents=True, exist_ok=True)
    src = where / "nvml.c"
    src.write_text(NVML_C.replace("INIT_RESULT", str(init_result)))
    subprocess.run(["gcc", "-shared", "-fPIC", str(src), "-Wl,-soname,libnvidia-ml.so.1", "-o",
                    str(where / "libnvidia-ml.so.1")], check=True)
    return where


@needs_gcc
def test_nvml_that_raises_at_init(pytester: pytest.Pytester, machine: Machine,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pynvml")
    lib = build_nvml(pytester.path.parent / "nvml-broken", init_result=9)
    monkeypatch.setenv("LD_LIBRARY_PATH", str(lib))
    machine.torch()
    pytester.makepyfile(test_it=GPU_TEST)
    result = pytester.runpytest_subprocess("-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*GPU: found unknown (no GPU visible (nvidia-smi not found on PATH; NVML could "
                                 "not be initialised: Driver Not Loaded)), required 1 NVIDIA GPU*"])


@needs_gcc
def test_nvml_that_fails_mid_query_falls_back_to_nvidia_smi(pytester: pytest.Pytester, machine: Machine,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pynvml")
    lib = build_nvml(pytester.path.parent / "nvml-flaky", init_result=0)
    monkeypatch.setenv("LD_LIBRARY_PATH", str(lib))
    machine.torch().gpus(H100, driver="550.54.15")
    pytester.makepyfile(test_it=GPU_TEST)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-report=r.json")
    result.assert_outcomes(passed=2)
    snapshot = json.loads((pytester.path / "r.json").read_text())["snapshot"]
    assert snapshot["gpu_source"] == "nvidia-smi"
    assert snapshot["driver"] == "550.54.15"


# --------------------------------------------------------------------------- distributions, torch


def dist_info(site: Path, name: str, version: str, metadata: str | bytes | None) -> Path:
    info = site / f"{name}-{version}.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    if metadata is not None:
        target = info / "METADATA"
        if isinstance(metadata, bytes):
            target.write_bytes(metadata)
        else:
            target.write_text(metadata)
    return info


@pytest.mark.parametrize(
    "metadata",
    [None, "Metadata-Version: 2.1\nVersion: 1.0\n", "Metadata-Version: 2.1\nName: brokenpkg\n"],
    ids=["no-METADATA", "no-Name", "no-Version"],
)
def test_distribution_with_broken_metadata(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
                                           metadata: str | None) -> None:
    site = pytester.path.parent / "site-broken"
    dist_info(site, "brokenpkg", "1.0", metadata)
    monkeypatch.syspath_prepend(str(site))
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_package("brokenpkg>=1")
        def test_needs_it():
            pass

        @pytest.mark.requires_package("packaging>=20")
        def test_unaffected():
            pass
    """)
    result = pytester.runpytest("-rs", "-v")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["1. pip install --force-reinstall 'brokenpkg>=1'",
                                 "*brokenpkg: found unknown (metadata unreadable (*brokenpkg-1.0.dist-info: *)), "
                                 "required brokenpkg>=1*"])


def test_two_versions_of_one_distribution_on_the_path(pytester: pytest.Pytester,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = pytester.path.parent / "site-a", pytester.path.parent / "site-b"
    dist_info(first, "twinpkg", "2.0", "Metadata-Version: 2.1\nName: twinpkg\nVersion: 2.0\n")
    dist_info(second, "twinpkg", "1.0", "Metadata-Version: 2.1\nName: twinpkg\nVersion: 1.0\n")
    monkeypatch.syspath_prepend(str(second))
    monkeypatch.syspath_prepend(str(first))  # first on sys.path wins, as for import
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_package("twinpkg<2")
        def test_twin():
            pass
    """)
    result = pytester.runpytest("-rs", "-v")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*twinpkg: found 2.0, required twinpkg<2 [[]*[]]; other copies on sys.path are "
                                 "shadowed: 1.0*"])


@pytest.mark.parametrize(
    ("version_py", "found"),
    [(None, "torch is installed at * but has no readable version.py"),
     ("__version__ = (", "torch's version.py does not parse: *"),
     ("cuda = '12.1'\n", "torch's version.py at * has no __version__")],
    ids=["missing", "syntax-error", "no-version"],
)
def test_torch_without_a_usable_version_py(pytester: pytest.Pytester, machine: Machine,
                                           version_py: str | None, found: str) -> None:
    site = write_fake_torch(machine.root / "site", "2.5.1+cu121", "12.1")
    if version_py is None:
        (site / "torch" / "version.py").unlink()
    else:
        (site / "torch" / "version.py").write_text(version_py)
    machine.monkeypatch.syspath_prepend(str(site))
    machine.gpus(H100)
    pytester.makepyfile(test_it=GPU_TEST)
    result = pytester.runpytest("-rs", "-v")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines([f"*CUDA runtime of torch: found unknown ({found}), required >=12.1*"])


# --------------------------------------------------------------------------- API-surface imports

API_TESTS = """
    import pytest

    @pytest.mark.requires_api("{module}:anything")
    def test_broken():
        pass

    @pytest.mark.requires_api("json:dumps", kind="function")
    def test_fine():
        pass
"""


@pytest.mark.parametrize(
    ("module_source", "found"),
    [
        ("import time\ntime.sleep(60)\n", "check failed: importing it did not finish within 3 s (a hanging import?)"),
        ("import ctypes\nctypes.string_at(0)\n", "check failed: the subprocess was killed by SIGSEGV"),
        ("import os\nos.abort()\n", "check failed: the subprocess was killed by SIGABRT"),
        ("raise SystemExit(3)\n", "import {module} fails: SystemExit: 3"),
        ("import os\nos._exit(0)\n", "check failed: the subprocess exited (status 0) in the middle of importing it"),
    ],
    ids=["hangs", "segfaults", "aborts", "exits", "os-exit"],
)
def test_api_import_that_misbehaves(pytester: pytest.Pytester, module_source: str, found: str) -> None:
    module = "misbehaving_mod"
    pytester.makepyfile(**{module: module_source})
    pytester.makepyfile(test_it=API_TESTS.format(module=module))
    result = pytester.runpytest("-rs", "--autoglm-timeout=3")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines([f"*{module}:anything: found *{found.format(module=module)}*"])


def test_api_import_that_prints_keeps_the_protocol_and_the_terminal_clean(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(chatty_mod="import os, sys\nprint('CUDA extension not installed.')\n"
                                   "os.write(1, b'C-level noise\\n')\nsys.stderr.write('warn\\n')\nVALUE = [1]\n")
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_api("chatty_mod:VALUE", kind="list")
        def test_it():
            pass
    """)
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    assert "C-level noise" not in result.stdout.str()
    assert "CUDA extension not installed." not in result.stdout.str()


# --------------------------------------------------------------------------- the cache


def test_corrupt_cache_entries_are_re_probed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_api("json:dumps", kind="function")
        def test_it():
            pass
    """)
    pytester.runpytest().assert_outcomes(passed=1)
    cache = pytester.path / ".pytest_cache" / "v" / "autoglm-compat"
    (cache / "snapshot").write_bytes(b"\x00{not json")
    (cache / "facts").write_text(json.dumps({"fingerprint": 5, "facts": "nope"}))
    result = pytester.runpytest("--autoglm-contract=stable")
    result.assert_outcomes(passed=1)
    assert "snapshot from cache" not in result.stdout.str()
    json.loads((cache / "snapshot").read_text())  # rewritten whole


def test_cache_entry_of_the_wrong_shape(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="def test_it():\n    pass\n")
    pytester.runpytest("--autoglm-contract=stable").assert_outcomes(passed=1)
    cache = pytester.path / ".pytest_cache" / "v" / "autoglm-compat" / "snapshot"
    data = json.loads(cache.read_text())
    data["snapshot"]["gpus"] = [{"index": "zero"}]
    cache.write_text(json.dumps(data))
    result = pytester.runpytest("--autoglm-contract=stable")
    result.assert_outcomes(passed=1)
    assert "snapshot from cache" not in result.stdout.str()


def test_no_writable_cache_dir(pytester: pytest.Pytester) -> None:
    """The cache dir's parent is a regular file: nothing can be written there, even by root."""
    pytester.makefile(".txt", blocker="x")
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_api("json:dumps", kind="function")
        def test_it():
            pass
    """)
    # pytest < 8.4 applies -W only after the session header (pytest#10404), where the snapshot is
    # cached: in process, this suite's own `error` filter would turn that warning into an exception.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=pytest.PytestCacheWarning)
        result = pytester.runpytest("-o", "cache_dir=blocker.txt/cache", "--autoglm-contract=stable",
                                    "-W", "ignore::pytest.PytestCacheWarning")
        result.assert_outcomes(passed=1)
        result = pytester.runpytest("-o", "cache_dir=blocker.txt/cache", "--autoglm-contract=stable",
                                    "-W", "ignore::pytest.PytestCacheWarning")
        result.assert_outcomes(passed=1)
