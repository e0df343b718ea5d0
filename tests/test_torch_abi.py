"""torch C++ symbols of an extension, held against the installed torch (issue 14, item 7; issue 13, item 5).

Real binaries: auto-gptq 0.7.1's PyPI kernels (the legacy nox stack) against torch 2.13.0+cpu (same
stack) and torch 2.14.1+cu130 (a CUDA build; its site-packages named in AUTOGLM_GPU_CODE_SITES, as
test_kernels.py does), each compared with ``nm -D``; and an extension built here with g++ against
torch 2.13.0's own headers.
"""

from __future__ import annotations

import importlib.metadata as md
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from pytest_autoglm_compat.checks import torch_abi
from pytest_autoglm_compat.facts.binaries import torch_symbols
from pytest_autoglm_compat.model import contract as contract_mod
from pytest_autoglm_compat.model import export, torch_index
from pytest_autoglm_compat.model.contract import ContractError
from pytest_autoglm_compat.model.requirements import CudaRequirement, ExtensionRequirement, Meta, Origin

SITES = [s for s in os.environ.get("AUTOGLM_GPU_CODE_SITES", "").split(os.pathsep) if s]
LEGACY = Path(__file__).resolve().parents[1] / ".nox" / "stack-stack-autogptq"
META = Meta(Origin("x"))


def _site(dist: str, version_prefix: str) -> str:
    """A site-packages holding ``dist`` at a version starting with ``version_prefix``; skips when none does."""
    candidates = [*SITES, *(str(p) for p in LEGACY.glob("lib/python*/site-packages")),
                  *(p for p in sys.path if p.endswith("site-packages"))]
    here = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    for site in candidates:
        if "/lib/python" in site and f"/lib/{here}/" not in f"{site}/":
            continue  # another interpreter's packages: its compiled modules do not load in this one
        for d in md.distributions(name=dist, path=[site]):
            if d.version.startswith(version_prefix):
                return site
    pytest.skip(f"{dist} {version_prefix}* is not installed here (nox -s \"stack(stack='autogptq')\"; "
                "AUTOGLM_GPU_CODE_SITES names other site-packages)")


def _nm(*args: str) -> list[str]:
    out = subprocess.run(["nm", "-D", *args], capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in out.splitlines() if line.strip()]


def _nm_missing(binary: str, lib_dir: str, libraries: list[str]) -> set[str]:
    """What nm says: torch-namespace symbols the binary leaves undefined that no torch library it loads defines."""
    undefined = {n for n in _nm("--undefined-only", binary) if "@" not in n
                 and n.startswith(("_ZN3c10", "_ZNK3c10", "_ZN2at", "_ZNK2at", "_ZN5torch", "_ZNK5torch"))}
    defined: set[str] = set()
    for lib in libraries:
        defined |= {n.split("@")[0] for n in _nm("--defined-only", os.path.join(lib_dir, lib))}
    return undefined - defined


needs_nm = pytest.mark.skipif(shutil.which("nm") is None, reason="needs nm (binutils) to compare with")


# --------------------------------------------------------------------------- auto-gptq 0.7.1, real


@needs_nm
@pytest.mark.parametrize(("torch_version", "missing"), [("2.13.0", 17), ("2.14.1", 9)])
def test_auto_gptq_0_7_1_kernels_lack_torch_symbols_of_newer_torch(torch_version: str, missing: int) -> None:
    gptq = _site("auto-gptq", "0.7.1")
    torch_site = _site("torch", torch_version)
    binary = next(Path(gptq).glob("autogptq_cuda_64.*.so"))
    fact = torch_symbols.facts(str(binary), [torch_site])
    assert fact is not None
    assert (fact["symbols"], len(fact["missing"])) == (39, missing)
    expected = _nm_missing(str(binary), fact["lib_dir"], fact["libraries"])
    assert {m for m, _ in fact["missing"]} == expected
    demangled = {d for _, d in fact["missing"]}
    assert {"c10::cuda::ExchangeDevice(int)", "c10::cuda::MaybeSetDevice(int)", "c10::cuda::GetDevice(int*)",
            "c10::SmallVectorBase<unsigned int>::grow_pod(void*, unsigned long, unsigned long)"} <= demangled
    (verdict,) = torch_abi.verdicts(ExtensionRequirement(META, "autogptq_cuda_64", built_for_torch="2.2"),
                                    {"torch_abi": fact})
    version = fact["torch"]
    assert (verdict.status, verdict.subject, verdict.found) == (
        "unmet", "extension autogptq_cuda_64: torch C++ symbols",
        f"{missing} of its 39 torch symbols undefined in torch {version} (e.g. c10::cuda::SetDevice(int)) — built "
        "against another torch")
    assert verdict.fix == "pip install 'torch>=2.2,<2.3'"
    assert verdict.note is not None
    assert verdict.note.startswith(
        "Python loads extensions with RTLD_NOW: importing it fails with 'undefined symbol: _ZN3c104cuda9SetDeviceEi'")


# --------------------------------------------------------------------------- built here against torch 2.13.0


SOURCE = """
#include <Python.h>
#include <c10/core/CPUAllocator.h>
%s
static PyObject* f(PyObject*, PyObject*) { %s return PyLong_FromVoidPtr(c10::GetCPUAllocator()); }
static PyMethodDef M[] = {{"f", f, METH_NOARGS, nullptr}, {nullptr, nullptr, 0, nullptr}};
static PyModuleDef D = {PyModuleDef_HEAD_INIT, "%s", nullptr, -1, M};
PyMODINIT_FUNC PyInit_%s() { return PyModule_Create(&D); }
"""


def _build(tmp_path: Path, torch_dir: Path, name: str, extra_decl: str = "", extra_call: str = "") -> Path:
    if shutil.which("g++") is None:
        pytest.skip("needs g++ to build a torch extension")
    src = tmp_path / f"{name}.cpp"
    src.write_text(SOURCE % (extra_decl, extra_call, name, name))
    out = tmp_path / f"{name}.so"
    subprocess.run(["g++", "-shared", "-fPIC", "-std=c++17", f"-I{torch_dir / 'include'}",
                    f"-I{sysconfig.get_paths()['include']}", str(src), f"-L{torch_dir / 'lib'}", "-lc10",
                    "-o", str(out)], check=True, capture_output=True)
    return out


@needs_nm
def test_an_extension_built_against_torch_2_13_0_passes_and_one_naming_a_symbol_it_lacks_does_not(
    tmp_path: Path,
) -> None:
    site = _site("torch", "2.13.0")
    torch_dir = Path(site) / "torch"
    good = _build(tmp_path, torch_dir, "built_here")
    fact = torch_symbols.facts(str(good), [site])
    assert fact is not None
    assert (fact["symbols"], fact["missing"], fact["libraries"][0]) == (1, [], "libc10.so")
    (ok,) = torch_abi.verdicts(ExtensionRequirement(META, "built_here"), {"torch_abi": fact})
    assert (ok.status, ok.found) == ("pass", "all 1 torch symbols it links are defined in torch 2.13.0+cpu "
                                     f"({', '.join(fact['libraries'])})")
    bad = _build(tmp_path, torch_dir, "built_elsewhere", "namespace c10 { void gone_in_this_torch(int); }",
                 "c10::gone_in_this_torch(1);")
    fact = torch_symbols.facts(str(bad), [site])
    assert fact is not None
    assert fact["missing"] == [["_ZN3c1018gone_in_this_torchEi", "c10::gone_in_this_torch(int)"]]
    assert {m for m, _ in fact["missing"]} == _nm_missing(str(bad), fact["lib_dir"], fact["libraries"])
    ext = ExtensionRequirement(META, "built_elsewhere")
    (unmet,) = torch_abi.verdicts(ext, {"torch_abi": fact, "distribution": {"name": "kern", "version": "1.0"}})
    assert (unmet.status, unmet.found) == ("unmet", "1 of its 2 torch symbols undefined in torch 2.13.0+cpu (e.g. "
                                           "c10::gone_in_this_torch(int)) — built against another torch")
    assert unmet.fix == ("install the torch release kern 1.0 was built against (set built_for_torch in the contract "
                         "to have it named), or rebuild it against this torch: pip install --no-build-isolation "
                         "--no-binary kern 'kern==1.0'")


def test_an_extension_that_links_no_torch_has_no_torch_verdict(tmp_path: Path) -> None:
    assert torch_symbols.facts(sys.executable) is None
    assert torch_symbols.facts(str(tmp_path / "absent.so")) is None
    assert torch_abi.verdicts(ExtensionRequirement(META, "k"), {"needed": []}) == []


# --------------------------------------------------------------------------- built_for_torch: the plan's torch


def test_stable_gptq_pins_torch_2_2_from_the_cu121_index() -> None:
    index = torch_index.contract_torch_index(contract_mod.load("stable"), ["gptq"])
    assert index is not None
    assert (index.tag, index.line, index.conflict) == ("cu121", "2.2", None)
    assert index.reasons[-1] == "autogptq_cuda_64, autogptq_cuda_256 built against torch 2.2"
    assert index.fix == "pip install 'torch>=2.2,<2.3' 'numpy<2' --index-url https://download.pytorch.org/whl/cu121"


def test_a_runtime_the_torch_line_has_no_build_for_is_one_line() -> None:
    cuda = CudaRequirement(META, runtime=SpecifierSet(">=12.4"))
    ext = ExtensionRequirement(META, "k", built_for_cuda="12", built_for_torch="2.2")
    index = torch_index.torch_index(cuda, [ext])
    assert index is not None
    assert index.fix == ("no torch build fits both: [cuda] runtime >=12.4 and k built against torch 2.2 (PyTorch "
                         "publishes torch 2.2 for cu118, cu121); install a build of k for a newer torch, or relax the "
                         "contract's [cuda] runtime")


def test_two_torch_lines_or_a_contract_spec_outside_the_line_have_no_torch_build() -> None:
    cuda = CudaRequirement(META, runtime=SpecifierSet(">=11.8"))
    exts = [ExtensionRequirement(META, "a", built_for_torch="2.2"), ExtensionRequirement(META, "b",
                                                                                         built_for_torch="2.4")]
    index = torch_index.torch_index(cuda, exts)
    assert index is not None
    assert index.fix == (
        "no single torch build fits: the compiled extensions were built against different torch releases (a built "
        "against torch 2.2; b built against torch 2.4)")
    index = torch_index.torch_index(cuda, exts[:1], spec=SpecifierSet(">=2.4"))
    assert index is not None
    assert index.fix == (
        "no torch build fits both: the contract's torch >=2.4 and a built against torch 2.2; install a build of a "
        "made for torch >=2.4, or relax the contract's torch versions")
    index = torch_index.torch_index(cuda, exts[:1], spec=SpecifierSet(">=2.0,!=2.2.0"))
    assert index is not None
    assert (index.tag, index.fix) == (
        "cu121", "pip install 'torch>=2.2,!=2.2.0,<2.3' 'numpy<2' --index-url https://download.pytorch.org/whl/cu121")


def test_built_for_torch_is_validated_and_written_back(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\nname = "bad"\n[[extension]]\nmodule = "k"\nbuilt_for_torch = 2.2\n')
    with pytest.raises(ContractError) as info:
        contract_mod.load(str(bad))
    assert str(info.value).endswith('extension[0].built_for_torch: expected a torch release line such as "2.2", '
                                    "got 2.2")
    shown = export.contract_toml(contract_mod.load("stable"))
    assert shown.count('built_for_torch = "2.2"') == 2
    again = tmp_path / "again.toml"
    again.write_text(shown)
    assert [e.built_for_torch for e in contract_mod.load(str(again)).sections["gptq"].extensions] == ["2.2", "2.2"]


def test_check_of_stable_gptq_on_the_legacy_stack_names_one_torch_that_fits_cuda_and_the_kernels(
    tmp_path: Path,
) -> None:
    """torch 2.13.0+cpu with auto-gptq 0.7.1: every torch fix, also the symbol verdicts', is the same torch 2.2 build."""
    site = _site("auto-gptq", "0.7.1")
    if not any(d.version == "2.13.0+cpu" for d in md.distributions(name="torch", path=[site])):
        pytest.skip("the legacy stack's torch is not 2.13.0+cpu here")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": site}
    proc = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "check", "-c", "stable", "--section",
                           "gptq"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    torch_fixes = {line.strip() for line in lines if line.strip().startswith("fix:") and "torch" in line}
    assert torch_fixes == {"fix: pip install 'torch>=2.2,<2.3' 'numpy<2' --index-url https://download.pytorch.org/whl/cu121"}
    symbols = [line for line in lines if ": torch C++ symbols:" in line]
    assert symbols == [
        f"UNMET extension {m}: torch C++ symbols: found 17 of its 39 torch symbols undefined in torch 2.13.0+cpu "
        "(e.g. c10::cuda::SetDevice(int)) — built against another torch, required every torch symbol it links "
        "defined by the installed torch's libraries" for m in ("autogptq_cuda_256", "autogptq_cuda_64")]
