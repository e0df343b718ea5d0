"""Symbol versions (glibc, libstdc++, libgcc_s) and wheel platform tags, on real binaries.

The "old" libstdc++ is Debian bullseye's (GCC 10, up to GLIBCXX_3.4.28: tests/data/elf/SOURCE.md);
the binary that needs a newer one is built here with g++; ld.so's own message, from a real load,
is what the verdict must repeat.
"""

from __future__ import annotations

import glob
import json
import lzma
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from pytest_autoglm_compat.checks import abi as abi_checks
from pytest_autoglm_compat.checks.abi import evaluate_extension_abi
from pytest_autoglm_compat.facts.binaries import abi, elf
from pytest_autoglm_compat.model.requirements import ExtensionRequirement, Meta, Origin

DATA = Path(__file__).parent / "data" / "elf"
AUTOGPTQ = "/work/main/.nox/stack-stack-autogptq/lib/python3.11/site-packages"
AUTOGPTQ_SO = sorted(glob.glob(f"{AUTOGPTQ}/*.so"))
EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")
PY_INCLUDE = sysconfig.get_paths()["include"]

needs_gxx = pytest.mark.skipif(shutil.which("g++") is None, reason="needs g++ to build a real C++ binary")
needs_readelf = pytest.mark.skipif(shutil.which("readelf") is None, reason="needs binutils' readelf")
linux_glibc = pytest.mark.skipif(abi.glibc_version() is None, reason="needs Linux with glibc")

#: std::to_chars(float) is GLIBCXX_3.4.29 (GCC 11), condition_variable::wait GLIBCXX_3.4.30 (GCC 12).
NEW_CXX = """
#include <Python.h>
#include <charconv>
#include <condition_variable>
#include <mutex>
extern "C" int tochars(float v, char* out, int n) {
    auto r = std::to_chars(out, out + n, v, std::chars_format::general); return (int)(r.ptr - out); }
extern "C" void waitit(std::condition_variable* cv, std::mutex* m) { std::unique_lock<std::mutex> l(*m); cv->wait(l); }
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "NAME", NULL, -1, NULL};
extern "C" PyMODINIT_FUNC PyInit_NAME(void) { return PyModule_Create(&mod); }
"""


@pytest.fixture(scope="module")
def old_libstdcxx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding Debian bullseye's libstdc++.so.6 (GCC 10.2)."""
    where = tmp_path_factory.mktemp("oldlib")
    (where / "libstdc++.so.6").write_bytes(lzma.decompress((DATA / "libstdc++.so.6.0.28.xz").read_bytes()))
    return where


def build_new_cxx(where: Path, name: str = "kernels_newcxx") -> Path:
    src = where / f"{name}.cpp"
    src.write_text(NEW_CXX.replace("NAME", name))
    out = where / f"{name}{EXT_SUFFIX}"
    subprocess.run(["g++", "-O2", "-std=c++17", "-shared", "-fPIC", f"-I{PY_INCLUDE}", str(src), "-o", str(out)],
                   check=True)
    return out


def readelf_versions(path: str) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """(needs, defines) as binutils' readelf -V prints them: the reference the reader is held against."""
    text = subprocess.run(["readelf", "-V", "-W", path], capture_output=True, text=True, check=True).stdout
    needs: list[tuple[str, list[str]]] = []
    defines: list[str] = []
    section = ""
    for line in text.splitlines():
        if "section '" in line:
            section = line.split("'")[1]
        elif section == ".gnu.version_r":
            if m := re.search(r"File: (\S+)", line):
                needs.append((m.group(1), []))
            elif m := re.search(r"Name: (\S+)", line):
                needs[-1][1].append(m.group(1))
        elif section == ".gnu.version_d" and (m := re.search(r"Flags: (\S+).*Name: (\S+)", line)) \
                and m.group(1) != "BASE":
            defines.append(m.group(2))
    return needs, defines


# --------------------------------------------------------------------------- the reader against readelf


@needs_readelf
@pytest.mark.parametrize("path", [
    *AUTOGPTQ_SO,
    *sorted(glob.glob(f"{AUTOGPTQ}/torch/lib/libtorch_cpu.so")),
    *sorted(glob.glob(f"{AUTOGPTQ}/torch/lib/libc10.so")),
    "/lib/x86_64-linux-gnu/libstdc++.so.6",
    "/lib/x86_64-linux-gnu/libgcc_s.so.1",
], ids=os.path.basename)
def test_version_needs_and_definitions_are_what_readelf_prints(path: str) -> None:
    if not os.path.exists(path):
        pytest.skip(f"{path} is not on this machine")
    info = elf.read_versions(path)
    assert info is not None
    needs, defines = readelf_versions(path)
    assert [(f, list(n)) for f, n in info.needs] == needs
    assert list(info.defines) == defines


def test_old_libstdcxx_defines_up_to_glibcxx_3_4_28(old_libstdcxx: Path) -> None:
    info = elf.read_versions(str(old_libstdcxx / "libstdc++.so.6"))
    assert info is not None
    assert abi_checks.newest(info.defines) == ["CXXABI_1.3.12", "GLIBCXX_3.4.28"]


@pytest.mark.skipif(not AUTOGPTQ_SO, reason="needs the legacy stack (nox -s stack-stack-autogptq)")
def test_autogptq_kernels_need_old_versions_and_an_origin_rpath() -> None:
    info = elf.read_versions(f"{AUTOGPTQ}/exllama_kernels.cpython-311-x86_64-linux-gnu.so")
    assert info is not None
    assert info.rpath == ("$ORIGIN/auto_gptq.libs",)
    assert abi_checks.newest(n for _, names in info.needs for n in names) == [
        "CXXABI_1.3.5", "GCC_3.0", "GLIBCXX_3.4.18", "GLIBC_2.14"]  # libcudart.so.12 is no numbered release


# --------------------------------------------------------------------------- resolution and verdicts


def _verdicts(binary: Path | str, environ: dict[str, str], distribution: dict[str, str] | None = None,
              sys_path: list[str] | None = None) -> list[dict[str, object]]:
    facts = abi.machine_facts(str(binary), distribution, environ=environ, sys_path=sys_path)
    assert facts is not None
    facts.pop("files")
    facts = json.loads(json.dumps(facts))  # what the cache keeps
    req = ExtensionRequirement(Meta(Origin("extension[0]", "ext.toml"), reason="the kernels"), "kernels_newcxx")
    return [v.to_json() for v in evaluate_extension_abi(req, {"abi": facts})]


def _ld_so_message(binary: Path, environ: dict[str, str]) -> str:
    """What the dynamic loader itself says when it loads the binary."""
    proc = subprocess.run([sys.executable, "-c", f"import ctypes; ctypes.CDLL({str(binary)!r})"],
                          capture_output=True, text=True, env={**os.environ, **environ}, check=False)
    assert proc.returncode != 0, "the binary loaded: the test proves nothing"
    return proc.stderr.strip().splitlines()[-1].removeprefix("OSError: ")


@needs_gxx
@linux_glibc
def test_newer_glibcxx_than_the_libstdcxx_found_is_the_loaders_own_message(tmp_path: Path,
                                                                          old_libstdcxx: Path) -> None:
    binary = build_new_cxx(tmp_path)
    environ = {"LD_LIBRARY_PATH": str(old_libstdcxx)}
    expected = _ld_so_message(binary, environ)
    assert expected == (f"{old_libstdcxx}/libstdc++.so.6: version `GLIBCXX_3.4.29' not found "
                        f"(required by {binary})")
    (verdict,) = _verdicts(binary, environ)
    assert verdict["status"] == "unmet"
    assert verdict["subject"] == "extension kernels_newcxx: symbol versions"
    assert verdict["found"] == f"{expected}; also missing: GLIBCXX_3.4.30"
    assert verdict["required"] == ("CXXABI_1.3, GCC_3.0, GLIBCXX_3.4.30, GLIBC_2.2.5 "
                                   "(the newest of each kind in its .gnu.version_r)")
    assert verdict["note"] == (f"{old_libstdcxx}/libstdc++.so.6 (found via LD_LIBRARY_PATH) defines up to "
                               "CXXABI_1.3.12, GLIBCXX_3.4.28; the loader refuses the module before any of its "
                               "code runs")
    system = [p for n, p in abi.ldconfig_cache() if n == "libstdc++.so.6"]
    if system:  # this machine's own libstdc++ is newer: put its directory first
        assert verdict["fix"] == (f"LD_LIBRARY_PATH={os.path.dirname(system[0])}:$LD_LIBRARY_PATH (that "
                                  "libstdc++.so.6 defines GLIBCXX_3.4.30)")
    assert verdict["reason"] == "the kernels"


@needs_gxx
@linux_glibc
def test_the_same_binary_passes_with_this_machines_libstdcxx(tmp_path: Path) -> None:
    binary = build_new_cxx(tmp_path)
    subprocess.run([sys.executable, "-c", f"import ctypes; ctypes.CDLL({str(binary)!r})"], check=True)
    (verdict,) = _verdicts(binary, {})
    assert verdict["status"] == "pass"
    assert verdict["found"].startswith(f"glibc {abi.glibc_version()}; ")
    assert "libstdc++.so.6 (ld.so.cache) up to CXXABI_1." in str(verdict["found"])


@needs_gxx
@linux_glibc
def test_a_conda_environments_own_libstdcxx_found_through_rpath(tmp_path: Path, old_libstdcxx: Path) -> None:
    """A conda prefix: its lib/ holds an old libstdc++ that an RPATH puts before LD_LIBRARY_PATH."""
    prefix = tmp_path / "conda"
    (prefix / "conda-meta").mkdir(parents=True)
    (prefix / "lib").mkdir()
    shutil.copy(old_libstdcxx / "libstdc++.so.6", prefix / "lib" / "libstdc++.so.6")
    src = tmp_path / "k.cpp"
    src.write_text(NEW_CXX.replace("NAME", "kernels_newcxx"))
    binary = prefix / "lib" / "python3.11" / f"kernels_newcxx{EXT_SUFFIX}"
    binary.parent.mkdir(parents=True)
    subprocess.run(["g++", "-std=c++17", "-shared", "-fPIC", f"-I{PY_INCLUDE}", str(src), "-o", str(binary),
                    "-Wl,--disable-new-dtags,-rpath,$ORIGIN/.."], check=True)
    environ = {"CONDA_PREFIX": str(prefix)}
    expected = _ld_so_message(binary, environ)
    (verdict,) = _verdicts(binary, environ)
    assert verdict["found"] == f"{expected}; also missing: GLIBCXX_3.4.30"
    assert str(verdict["note"]).startswith(f"{prefix}/lib/python3.11/../libstdc++.so.6 (found via its RPATH "
                                           "$ORIGIN/..) defines up to CXXABI_1.3.12, GLIBCXX_3.4.28")
    fix = "conda install -c conda-forge 'libstdcxx-ng>=12.1'"
    system = [p for n, p in abi.ldconfig_cache() if n == "libstdc++.so.6"]
    if system:  # LD_LIBRARY_PATH would not help: the RPATH comes first
        fix += (f"; or LD_PRELOAD={system[0]} (that libstdc++.so.6 defines GLIBCXX_3.4.30; its RPATH $ORIGIN/.. "
                "is searched before LD_LIBRARY_PATH)")
    assert verdict["fix"] == fix


@linux_glibc
def test_glibc_newer_than_this_machines_is_named_as_ld_so_would() -> None:
    facts = {"binary": "/x/k.so", "needs": [["libc.so.6", ["GLIBC_2.2.5", "GLIBC_2.99", "GLIBC_2.34"]]],
             "glibc": "2.36", "libc_path": "/lib/x86_64-linux-gnu/libc.so.6", "libraries": {}, "wheel": None}
    req = ExtensionRequirement(Meta(Origin("extension[0]", "ext.toml")), "k")
    (verdict,) = [v.to_json() for v in evaluate_extension_abi(req, {"abi": facts})]
    assert verdict["found"] == ("/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.99' not found "
                                "(required by /x/k.so)")
    assert verdict["fix"] == ("install a build of the package made for glibc <= 2.36 (a manylinux_2_36 or older "
                              "wheel, e.g. manylinux_2_17), or run on a system whose glibc is >= 2.99 (a newer OS "
                              "image)")


# --------------------------------------------------------------------------- wheel platform tags


@pytest.mark.skipif(not AUTOGPTQ_SO, reason="needs the legacy stack (nox -s stack-stack-autogptq)")
@linux_glibc
def test_autogptq_wheel_tag_is_accepted_and_its_kernels_pass() -> None:
    out = _verdicts(f"{AUTOGPTQ}/exllama_kernels.cpython-311-x86_64-linux-gnu.so", {},
                    {"name": "auto-gptq", "version": "0.7.1"}, [AUTOGPTQ])
    assert [v["status"] for v in out] == ["pass", "pass"]
    assert out[0]["required"] == ("CXXABI_1.3.5, GCC_3.0, GLIBCXX_3.4.18, GLIBC_2.14 (the newest of each kind "
                                  "in its .gnu.version_r)")
    assert out[1]["subject"] == "wheel auto-gptq 0.7.1: platform tag"
    assert out[1]["found"] == (f"cp311-cp311-manylinux_2_17_x86_64, cp311-cp311-manylinux2014_x86_64 on glibc "
                               f"{abi.glibc_version()} x86_64")


@linux_glibc
def test_a_wheel_tag_newer_than_this_glibc_is_unmet_with_pep_600s_rule() -> None:
    facts = {"binary": "/x/k.so", "needs": [], "glibc": "2.17", "libraries": {},
             "wheel": {"distribution": "auto-gptq 0.7.1", "tags": ["cp311-cp311-manylinux_2_28_x86_64"],
                       "compatible": [], "machine": "glibc 2.17 x86_64"}}
    req = ExtensionRequirement(Meta(Origin("extension[0]", "ext.toml")), "k")
    (verdict,) = [v.to_json() for v in evaluate_extension_abi(req, {"abi": facts})]
    assert verdict["status"] == "unmet"
    assert verdict["note"] == "manylinux_2_28_x86_64 needs glibc >= 2.28 on x86_64"
    assert verdict["fix"] == ("pip install --force-reinstall --only-binary=:all: 'auto-gptq==0.7.1' (pip picks a "
                              "wheel this machine accepts, if the release has one), or build it here from source")


def test_platform_problem_reads_legacy_aliases_and_other_platforms() -> None:
    assert abi_checks.platform_problem("cp311-cp311-manylinux2014_aarch64", "") == \
        "manylinux2014_aarch64 needs glibc >= 2.17 on aarch64"
    assert abi_checks.platform_problem("cp311-cp311-musllinux_1_2_x86_64", "") == "musllinux_1_2_x86_64 needs musl libc"
    assert abi_checks.platform_problem("cp311-cp311-win_amd64", "") == "win_amd64 is another platform"


# --------------------------------------------------------------------------- end to end


@needs_gxx
@linux_glibc
def test_extension_verdicts_in_a_pytest_run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
                                            old_libstdcxx: Path) -> None:
    binary = build_new_cxx(pytester.path)
    pytester.path.joinpath("ext.toml").write_text(
        'format = 1\nname = "ext"\n\n[[extension]]\nmodule = "kernels_newcxx"\nwhen = "always"\n'
        'reason = "the kernels"\n')
    pytester.makepyfile(test_it="import pytest\npytestmark = pytest.mark.autoglm_contract()\n"
                                "def test_it():\n    pass\n")
    monkeypatch.setenv("LD_LIBRARY_PATH", str(old_libstdcxx))
    message = f"{old_libstdcxx}/libstdc++.so.6: version `GLIBCXX_3.4.29' not found (required by {binary})"
    result = pytester.runpytest("--autoglm-contract=ext.toml", "-rs", "--autoglm-report=r.json")
    result.assert_outcomes(skipped=1)
    verdicts = {v["subject"]: v for v in json.loads(pytester.path.joinpath("r.json").read_text())["verdicts"]}
    assert message in verdicts["extension kernels_newcxx"]["found"]  # the load verdict: the child's ImportError
    assert verdicts["extension kernels_newcxx: symbol versions"]["found"].startswith(message)
