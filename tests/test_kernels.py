"""GPU code held against GPUs of many generations: [[kernels]], [[extension]], torch in [cuda] (issue 14).

Real binaries where this machine has them: auto-gptq 0.7.1's kernels, cpm-kernels 1.0.11,
bitsandbytes and torch 2.14.1+cu130 (``nox -s gpu_code`` and ``nox -s stack-autogptq`` install them
and make them required with AUTOGLM_GPU_CODE_REQUIRED; elsewhere extra site-packages can be named
in AUTOGLM_GPU_CODE_SITES). GPUs come from the fake ``nvidia-smi`` of conftest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conftest import A10, B200, GB10, H100, K80, ORIN, P100, RTX5090, T4, V100, write_fake_nvidia_smi
from pytest_autoglm_compat.checks import kernels as kernel_checks
from pytest_autoglm_compat.facts.binaries import installed_gpu_code
from pytest_autoglm_compat.facts.binaries.gpu_code import Image
from pytest_autoglm_compat.facts.inputs.lockfile import torch_build_from_version
from pytest_autoglm_compat.facts.probe.gpus import _parse_smi
from pytest_autoglm_compat.facts.probe.snapshot import Snapshot
from pytest_autoglm_compat.model import contract as contract_mod
from pytest_autoglm_compat.model.contract import ContractError
from pytest_autoglm_compat.model.export import contract_toml
from pytest_autoglm_compat.model.requirements import KernelsRequirement, Meta, Origin

DRIVER = "580.159.04"
ALL = {"K80": K80, "P100": P100, "V100": V100, "T4": T4, "A10": A10, "Orin": ORIN, "H100": H100,
       "B200": B200, "RTX5090": RTX5090, "GB10": GB10}

# --------------------------------------------------------------------------- the contract entry


def _load(tmp_path: Path, text: str) -> contract_mod.Contract:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    return contract_mod.load(str(path))


def test_kernels_entries_load_at_top_level_and_in_sections(tmp_path: Path) -> None:
    c = _load(tmp_path, """
        name = "k"
        [[kernels]]
        package = "CPM_Kernels"
        reason = "ChatGLM int4/int8 quantization launches cpm_kernels' fatbins"

        [[sections.gptq.kernels]]
        package = "auto-gptq"
        when = "always"
    """.replace("\n        ", "\n"))
    (top,) = c.core.kernels
    assert (top.package, top.when_cuda, top.meta.reason) == ("cpm-kernels", True,
                                                            "ChatGLM int4/int8 quantization launches cpm_kernels' fatbins")
    assert str(top.meta.origin).endswith("c.toml: kernels[cpm-kernels]")
    (gptq,) = c.sections["gptq"].kernels
    assert (gptq.package, gptq.when_cuda) == ("auto-gptq", False)
    assert c.requirements(needs_cuda=False) == [gptq]  # when = "cuda" (the default) leaves CPU tests alone
    assert c.requirements(needs_cuda=True) == [top, gptq]


def test_kernels_entries_report_every_problem_at_once(tmp_path: Path) -> None:
    with pytest.raises(ContractError) as info:
        _load(tmp_path, 'name = "k"\n[[kernels]]\nreason = "x"\n[[kernels]]\npackage = 3\n'
                        '[[kernels]]\npackage = "torch>=2"\n[[kernels]]\npackage = "a"\nwehn = "cuda"\n'
                        '[[kernels]]\npackage = "A"\n')
    assert info.value.problems == [
        "kernels[0]: required key 'package' is missing (a distribution name such as 'cpm-kernels')",
        "kernels[1].package: expected a distribution name such as 'cpm-kernels', got 3",
        "kernels[2].package: put the version in 'spec', not in the package name",
        "kernels[3].wehn: unknown key (did you mean 'when'?); expected one of fix, package, reason, source, "
        "verified, when",
        "kernels[4]: a is already declared in kernels[3]; declare each package once",
    ]


def test_contracts_show_writes_kernels_entries_back(tmp_path: Path) -> None:
    c = _load(tmp_path, 'name = "k"\n[[sections.chatglm.kernels]]\npackage = "cpm-kernels"\nsource = "s"\n')
    text = contract_toml(c)
    assert '[[sections.chatglm.kernels]]\npackage = "cpm-kernels"\nwhen = "cuda"\nsource = "s"' in text
    again = tmp_path / "again.toml"
    again.write_text(text, encoding="utf-8")
    assert contract_mod.load(str(again)).sections["chatglm"].kernels[0].package == "cpm-kernels"


# --------------------------------------------------------------------------- verdict texts

# What the real files carry, read with cuobjdump and the reader (docs/compatibility.md has the sources).
CPM = tuple(Image("sass", a) for a in (61, 62, 70, 72, 75, 80, 86))
AUTOGPTQ = (*(Image("sass", a) for a in (60, 61, 70, 75, 80, 86, 89, 90)), Image("ptx", 90, ptx_isa=(8, 1)))


def _snapshot(*lines: str, torch: str | None = "2.14.1+cu130") -> Snapshot:
    """A snapshot with the GPUs that the fake nvidia-smi lines describe, as the probe parses them."""
    probe = _parse_smi("\n".join(f"{i}, {g.format(driver=DRIVER)}" for i, g in enumerate(lines)), has_cap=True)
    data: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "snapshot-autogptq.json").read_text())
    return replace(Snapshot.from_json(data), gpus=tuple(probe.gpus), driver=DRIVER,
                   torch=torch_build_from_version(torch) if torch else None)


def _fact(files: dict[str, tuple[Image, ...]], version: str = "1.0.11") -> dict[str, Any]:
    return {"id": "kernels:x", "installed": True, "version": version, "files": {},
            "code": {name: {"images": installed_gpu_code.images_to_json(images)} for name, images in files.items()}}


REQ = KernelsRequirement(Meta(Origin("kernels[cpm-kernels]", "c.toml"), reason="ChatGLM quantization"), "cpm-kernels")
CPM_FILES = {f"cpm_kernels/kernels/cuda/{n}.fatbin": CPM for n in ("arith", "gemm", "gemv")}


def test_a_p100_has_no_kernel_image_in_cpm_kernels_and_the_verdict_says_what_it_carries() -> None:
    (v,) = kernel_checks.evaluate_kernels(REQ, _snapshot(P100), _fact(CPM_FILES))
    assert (v.status, v.subject) == ("unmet", "GPU code of cpm-kernels")
    assert v.found == ("Tesla P100-PCIE-16GB (cuda:0, sm_60) has no kernel image in cpm_kernels/kernels/cuda/ "
                       "(3 .fatbin files), which carry SASS sm_61, sm_62, sm_70, sm_72, sm_75, sm_80, sm_86")
    assert v.required == "a kernel image for sm_60: SASS sm_60, or PTX to JIT"
    assert v.fix == ("run on a GPU that cpm-kernels 1.0.11 carries code for (SASS sm_61, sm_62, sm_70, sm_72, "
                     "sm_75, sm_80, sm_86), or install a build of it compiled for sm_60")


def test_identical_gpus_share_one_verdict_and_different_ones_get_their_own() -> None:
    verdicts = kernel_checks.evaluate_kernels(REQ, _snapshot(A10, H100, A10, ORIN), _fact(CPM_FILES))
    assert [(v.status, v.found.split(" has ")[0].split(" runs ")[0]) for v in verdicts] == [
        ("pass", "NVIDIA A10 (cuda:0, cuda:2, sm_86)"),
        ("unmet", "NVIDIA H100 80GB HBM3 (cuda:1, sm_90)"),
        ("unmet", "Orin (nvgpu) (cuda:3, sm_87)"),  # Tegra: SASS 8.6 does not run on 8.7 (ChatGLM-6B#1347)
    ]
    assert verdicts[2].found.startswith("Orin (nvgpu) (cuda:3, sm_87) has no kernel image in cpm_kernels/kernels/cuda/")
    assert verdicts[2].required == "a kernel image for sm_87: SASS sm_87, or PTX to JIT"
    assert verdicts[0].required == "a kernel image for sm_86: SASS sm_80 to sm_86, or PTX to JIT"


def test_ptx_is_jit_compiled_on_newer_gpus_and_the_verdict_says_so() -> None:
    fact = _fact({"autogptq_cuda_64.cpython-311-x86_64-linux-gnu.so": AUTOGPTQ}, "0.7.1")
    req = KernelsRequirement(Meta(Origin("kernels[auto-gptq]")), "auto-gptq")
    verdicts = kernel_checks.evaluate_kernels(req, _snapshot(RTX5090, V100), fact)
    assert [v.found for v in verdicts] == [
        "NVIDIA GeForce RTX 5090 (cuda:0, sm_120) runs PTX compute_90, JIT on first launch, from "
        "autogptq_cuda_64.cpython-311-x86_64-linux-gnu.so, which carries SASS sm_60, sm_61, sm_70, sm_75, sm_80, "
        "sm_86, sm_89, sm_90; PTX compute_90",
        "Tesla V100-SXM2-16GB (cuda:1, sm_70) runs SASS sm_70 from autogptq_cuda_64.cpython-311-x86_64-linux-gnu.so, "
        "which carries SASS sm_60, sm_61, sm_70, sm_75, sm_80, sm_86, sm_89, sm_90; PTX compute_90",
    ]
    assert all(v.ok for v in verdicts)


def test_a_kepler_gpu_that_nvml_reports_as_37_has_no_image_anywhere() -> None:
    fact = _fact({"autogptq_cuda_64.so": AUTOGPTQ}, "0.7.1")
    (v,) = kernel_checks.evaluate_kernels(KernelsRequirement(Meta(Origin("k")), "auto-gptq"), _snapshot(K80), fact)
    assert v.status == "unmet"
    assert v.found.startswith("Tesla K80 (cuda:0, sm_37) has no kernel image in autogptq_cuda_64.so")


@pytest.mark.parametrize(("gpu", "fix"), [
    (V100, "install a torch build that carries code for sm_70: pip install torch --index-url "
           "https://download.pytorch.org/whl/cu126 (PyTorch's cu126 wheels carry SASS sm_50, sm_60, sm_70, sm_75, "
           "sm_80, sm_86, sm_90)"),
    (K80, "no current PyTorch wheel carries code for sm_37 (cu126 starts at sm_50); run on a newer GPU, or build "
          "torch from source with TORCH_CUDA_ARCH_LIST=\"3.7\""),
])
def test_torch_fix_names_the_index_whose_wheels_carry_the_gpu(gpu: str, fix: str) -> None:
    capability = gpu.rsplit(", ", 1)[1]
    assert kernel_checks.torch_fix(capability, ()) == fix


def test_bitsandbytes_style_per_cuda_libraries_are_held_only_for_torchs_cuda() -> None:
    files = {"bitsandbytes/libbitsandbytes_cuda126.so": tuple(Image("sass", a) for a in (60, 70, 75, 80, 86, 89, 90)),
             "bitsandbytes/libbitsandbytes_cuda130.so": tuple(Image("sass", a) for a in (75, 80, 86, 89, 90, 100,
                                                                                           120))}
    req = KernelsRequirement(Meta(Origin("k")), "bitsandbytes")
    on_cu126 = kernel_checks.evaluate_kernels(req, _snapshot(P100, torch="2.9.1+cu126"), _fact(files))
    on_cu130 = kernel_checks.evaluate_kernels(req, _snapshot(P100, torch="2.14.1+cu130"), _fact(files))
    assert [(v.status, "cuda126" in v.found) for v in on_cu126] == [("pass", True)]
    assert [(v.status, "cuda130" in v.found) for v in on_cu130] == [("unmet", True)]


def test_not_installed_no_gpu_and_unread_are_said_as_such() -> None:
    missing = kernel_checks.evaluate_kernels(REQ, _snapshot(A10), {"installed": False})
    assert [(v.status, v.found, v.fix) for v in missing] == [
        ("unmet", "cpm-kernels not installed", "pip install cpm-kernels")]
    missing_no_gpu = kernel_checks.evaluate_kernels(REQ, _snapshot(), {"installed": False})
    assert [(v.status, v.found) for v in missing_no_gpu] == [
        ("pass", "not applicable here (no GPU visible); cpm-kernels not installed")]
    (none,) = kernel_checks.evaluate_kernels(REQ, _snapshot(), _fact(CPM_FILES))
    assert (none.status, none.found) == ("pass", "not applicable here (no GPU visible); cpm_kernels/kernels/cuda/ "
                                                 "(3 .fatbin files): SASS sm_61, sm_62, sm_70, sm_72, sm_75, sm_80, sm_86")
    (unread,) = kernel_checks.evaluate_kernels(REQ, _snapshot(A10), None)
    assert (unread.status, unread.found) == ("unknown", "not checked")
    cpu = kernel_checks.evaluate_kernels(REQ, _snapshot(A10), _fact({}))
    assert [(v.status, v.found) for v in cpu] == [("unmet", "cpm-kernels 1.0.11 carries no GPU code")]


# --------------------------------------------------------------------------- real binaries, end to end

REQUIRED = set(filter(None, os.environ.get("AUTOGLM_GPU_CODE_REQUIRED", "").split(",")))
SITES = [s for s in os.environ.get("AUTOGLM_GPU_CODE_SITES", "").split(os.pathsep) if s]


def _dists(name: str, site: str) -> list[Any]:
    import importlib.metadata as md

    return list(md.distributions(name=name, path=[site]) if site else md.distributions(name=name))


def _site_with(dist: str) -> str:
    """The site-packages holding an installed distribution: "" for this interpreter's, or one named in the env."""
    for path in ["", *SITES]:
        if _dists(dist, path):
            return path
    if dist in REQUIRED:
        pytest.fail(f"{dist} is required here (AUTOGLM_GPU_CODE_REQUIRED) but not installed")
    session = 'nox -s "stack(stack=\'autogptq\')"' if dist == "auto-gptq" else "nox -s gpu_code"
    pytest.skip(f"{dist} is not installed here ({session} installs it)")


def _check(tmp_path: Path, contract: str, site: str, gpus: list[str] | None) -> dict[str, list[tuple[str, str]]]:
    """`autoglm-compat check` on this machine with fake GPUs; GPU-code verdicts by subject: (status, found)."""
    if gpus is not None:
        write_fake_nvidia_smi(tmp_path / "bin", gpus, DRIVER)
    (tmp_path / "c.toml").write_text(contract, encoding="utf-8")
    env = {"PATH": f"{tmp_path / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin", "HOME": str(tmp_path)}
    pythonpath = [p for p in (site, os.environ.get("PYTHONPATH", "")) if p]
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(pythonpath)
    proc = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "check", "-c", "c.toml", "--format",
                           "json"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    out: dict[str, list[tuple[str, str]]] = {}
    for v in json.loads(proc.stdout)["verdicts"]:
        if v["subject"].startswith("GPU code of "):
            out.setdefault(v["subject"], []).append((v["status"], v["found"]))
    return out


def _statuses(verdicts: list[tuple[str, str]]) -> dict[str, str]:
    names = {g.split(",")[0]: short for short, g in ALL.items()}
    return {names[found.split(" (cuda:")[0]]: status for status, found in verdicts}


GPUS = [g for name, g in ALL.items() if name != "K80"]  # a K80's driver (470) cannot sit beside a 580 one
EVERY_BUT_K80 = [name for name in ALL if name != "K80"]


def test_cpm_kernels_1_0_11_runs_on_pascal_to_ampere_only(tmp_path: Path) -> None:
    site = _site_with("cpm-kernels")
    got = _check(tmp_path, 'name = "c"\n[[kernels]]\npackage = "cpm-kernels"\n', site, GPUS)
    statuses = _statuses(got["GPU code of cpm-kernels"])
    assert statuses == {"P100": "unmet", "V100": "pass", "T4": "pass", "A10": "pass", "Orin": "unmet",
                        "H100": "unmet", "B200": "unmet", "RTX5090": "unmet", "GB10": "unmet"}
    assert any("(11 .fatbin files), which carry SASS sm_61, sm_62, sm_70, sm_72, sm_75, sm_80, sm_86" in found
               for _, found in got["GPU code of cpm-kernels"])


def test_auto_gptq_0_7_1_kernels_run_on_desktop_gpus_from_pascal_with_ptx_for_blackwell(tmp_path: Path) -> None:
    site = _site_with("auto-gptq")
    contract = ('name = "g"\n[[kernels]]\npackage = "auto-gptq"\n[[extension]]\nmodule = "autogptq_cuda_64"\n'
                'when = "always"\n')
    got = _check(tmp_path, contract, site, GPUS)
    expected = {**dict.fromkeys(EVERY_BUT_K80, "pass"), "Orin": "unmet"}  # Tegra: no sm_87 SASS, PTX is 9.0
    assert _statuses(got["GPU code of auto-gptq"]) == expected
    assert _statuses(got["GPU code of extension autogptq_cuda_64"]) == expected  # read even where it cannot load
    jit = [found for _, found in got["GPU code of extension autogptq_cuda_64"] if "JIT" in found]
    assert [f.split(", from ")[0] for f in jit] == [
        "NVIDIA B200 (cuda:6, sm_100) runs PTX compute_90, JIT on first launch",
        "NVIDIA GeForce RTX 5090 (cuda:7, sm_120) runs PTX compute_90, JIT on first launch",
        "NVIDIA GB10 (cuda:8, sm_121) runs PTX compute_90, JIT on first launch",
    ]


def test_torch_2_14_1_cu130_and_bitsandbytes_start_at_turing(tmp_path: Path) -> None:
    site = _site_with("torch")
    version = _dists("torch", site)[0].version
    if version.split("+")[0] != "2.14.1":  # the local CUDA wheel's metadata says 2.14.1; version.py 2.14.1+cu130
        pytest.skip(f"torch {version} here; this test holds torch 2.14.1+cu130")
    _site_with("bitsandbytes")
    got = _check(tmp_path, 'name = "t"\n[cuda]\n[[kernels]]\npackage = "bitsandbytes"\n', site, GPUS)
    turing_on = {"P100": "unmet", "V100": "unmet", **dict.fromkeys(EVERY_BUT_K80[2:], "pass"), "Orin": "unmet"}
    assert _statuses(got["GPU code of torch"]) == turing_on
    assert _statuses(got["GPU code of bitsandbytes"]) == turing_on
    assert all("libbitsandbytes_cuda130.so" in found for _, found in got["GPU code of bitsandbytes"])


def test_a_k80_on_its_last_driver_leaves_the_verdict_unknown(tmp_path: Path) -> None:
    """Driver 470 (the last for Kepler) has no compute_cap query field: the capability is not reported."""
    site = _site_with("cpm-kernels")
    body = ("#!/bin/sh\ncase \"$*\" in\n  *compute_cap*) echo 'Field \"compute_cap\" is not a valid field to query.'; "
            "echo\n    echo \"Please run 'nvidia-smi --help-query-gpu' for more information.\"; exit 2;;\n"
            "  *--query-gpu=*) cat <<'OUT'\n0, Tesla K80, GPU-3d1c9f2e-7a6b-4c5d-8e9f-1a2b3c4d5e6f, 470.256.02, 11441\n"
            "OUT\n  ;;\n  *) echo \"unexpected arguments: $*\" >&2; exit 2;;\nesac\n")
    write_fake_nvidia_smi(tmp_path / "bin", [], "", body=body)
    got = _check(tmp_path, 'name = "c"\n[[kernels]]\npackage = "cpm-kernels"\n', site, None)
    assert [s for s, _ in got["GPU code of cpm-kernels"]] == ["unknown"]
    assert got["GPU code of cpm-kernels"][0][1].startswith(
        "Tesla K80 (cuda:0, compute capability not reported): cannot tell;")


def test_the_reader_agrees_with_torchs_own_arch_list(tmp_path: Path) -> None:
    """torch.cuda.get_arch_list() (the build's TORCH_CUDA_ARCH_LIST) names SASS that libtorch_cuda.so carries,
    and every GPU gets the same verdict from either (the library also carries variants for a few kernels)."""
    site = _site_with("torch")
    env = {**os.environ, "PYTHONPATH": site} if site else None
    proc = subprocess.run([sys.executable, "-c", "import torch, json; print(json.dumps(torch.cuda.get_arch_list()))"],
                          capture_output=True, text=True, env=env, check=True, timeout=300)
    arch_list = json.loads(proc.stdout)
    if not arch_list:
        pytest.skip("a CPU build of torch: no arch list")
    sys.path[:0] = [site] if site else []
    try:
        fact = installed_gpu_code.read_distribution("torch")
    finally:
        if site:
            sys.path.remove(site)
    (images_json,) = [rec["images"] for name, rec in fact["code"].items() if name.endswith("libtorch_cuda.so")]
    images = installed_gpu_code.images_from_json(images_json)
    listed = tuple(Image("sass" if a.startswith("sm_") else "ptx", int(a.split("_")[1].rstrip("af")))
                   for a in arch_list)
    assert {i.name for i in listed} <= {i.name for i in images}
    from pytest_autoglm_compat.facts.binaries import gpu_code

    for gpu in ALL.values():
        major, minor = (int(p) for p in gpu.rsplit(", ", 1)[1].split("."))
        assert (gpu_code.runner_for(listed, (major, minor)) is None) == (
            gpu_code.runner_for(images, (major, minor)) is None), gpu


# --------------------------------------------------------------------------- explain


def test_a_no_kernel_image_failure_names_the_binary_the_gpu_and_what_it_carries(tmp_path: Path) -> None:
    from pytest_autoglm_compat.engine import Engine
    from pytest_autoglm_compat.model.settings import Settings
    from pytest_autoglm_compat.render.failures import explain_test_failure

    c = _load(tmp_path, 'name = "chat"\n[[sections.chatglm.kernels]]\npackage = "cpm-kernels"\n')
    snap = _snapshot(P100, A10)
    snap = replace(snap, packages={**snap.packages, "torch": "2.14.1+cu130"})
    eng = Engine(Settings(), contract=c, snapshot=snap)
    eng._facts["kernels:cpm-kernels"] = _fact(CPM_FILES)  # what reading the installed files gives
    exc = RuntimeError("CUDA error: no kernel image is available for execution on the device\n"
                       "CUDA kernel errors might be asynchronously reported at some other API call")
    lines = explain_test_failure(exc, eng)
    assert lines is not None
    assert lines[-1] == (
        "GPU code: Tesla P100-PCIE-16GB (cuda:0, sm_60) has no kernel image in cpm_kernels/kernels/cuda/ "
        "(3 .fatbin files), which carry SASS sm_61, sm_62, sm_70, sm_72, sm_75, sm_80, sm_86 "
        f"({c.file}: sections.chatglm.kernels[cpm-kernels])")
    eng2 = Engine(Settings(), contract=c, snapshot=snap)
    eng2._facts["kernels:cpm-kernels"] = _fact({"a.fatbin": (Image("sass", 60), Image("sass", 80))})
    lines = explain_test_failure(exc, eng2)
    assert lines is not None
    assert lines[-1] == ("GPU code: every binary the contract names has code for these GPUs; the kernel that "
                         "failed is in another binary")


def test_a_gpu_torch_lacks_code_for_gets_the_contracts_one_torch_build_not_another(tmp_path: Path) -> None:
    """stable pins torch 2.2 from cu121 (auto-gptq's kernels): the P100 verdict of torch 2.14.1+cu130 names
    that build, not a cu126 torch that would not load those kernels."""
    site = _site_with("torch")
    if _dists("torch", site)[0].version.split("+")[0] != "2.14.1":
        pytest.skip("this test holds torch 2.14.1+cu130")
    write_fake_nvidia_smi(tmp_path / "bin", [P100], DRIVER)
    env = {"PATH": f"{tmp_path / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin", "HOME": str(tmp_path),
           "PYTHONPATH": os.pathsep.join(p for p in (site, os.environ.get("PYTHONPATH", "")) if p)}
    proc = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "check", "-c", "stable", "--format", "json"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=300)
    torch_code = [v for v in json.loads(proc.stdout)["verdicts"] if v["subject"] == "GPU code of torch"]
    assert [v["status"] for v in torch_code] == ["unmet"]
    one_build = "pip install 'torch>=2.2,<2.3' 'numpy<2' --index-url https://download.pytorch.org/whl/cu121"
    assert torch_code[0]["fix"].startswith(f"{one_build} (the contract's one torch build; it must carry code for "
                                           "sm_60, else run on a GPU it does: ")
    fixes = {v["fix"] for v in json.loads(proc.stdout)["verdicts"] if v.get("fix") and "torch" in v["fix"]
             and "index-url" in v["fix"]}
    assert all(f.startswith(one_build) for f in fixes), fixes


def test_a_named_pipe_among_a_kernels_distributions_files_neither_hangs_check_nor_hides_its_code(
        tmp_path: Path) -> None:
    """issue 21, item 10: a FIFO named like a library sits beside the real fatbin; check reads the fatbin."""
    import shutil

    site = tmp_path / "site"
    package = site / "fifopkg"
    package.mkdir(parents=True)
    os.mkfifo(package / "kernels.so")
    os.mkfifo(package / "gemm.fatbin")
    shutil.copy(Path(__file__).parent / "data" / "gpu_code" / "cpm_kernels-1.0.11-mask.fatbin", package / "mask.fatbin")
    info = site / "fifopkg-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fifopkg\nVersion: 1.0\n")
    (info / "RECORD").write_text("fifopkg/kernels.so,,\nfifopkg/gemm.fatbin,,\nfifopkg/mask.fatbin,,\n")
    got = _check(tmp_path, 'name = "c"\n[[kernels]]\npackage = "fifopkg"\n', str(site), [P100, T4])
    assert _statuses(got["GPU code of fifopkg"]) == {"P100": "unmet", "T4": "pass"}
