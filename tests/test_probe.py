"""The probe package: the snapshot file loader, CUDA_VISIBLE_DEVICES as CUDA reads it, the fingerprint."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import A100, Machine
from pytest_autoglm_compat.facts.probe import Gpu, Snapshot, SnapshotError, apply_visible_devices, load_snapshot

DATA = Path(__file__).parent / "data"
GPU_SNAPSHOT = DATA / "snapshot-autogptq.json"
NOT_PROBE = "not a snapshot written by 'autoglm-compat probe'"


def _valid() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GPU_SNAPSHOT.read_text(encoding="utf-8"))
    data["gpus"] = [{"index": 0, "name": "NVIDIA H100 80GB HBM3", "uuid": "GPU-5f2c", "capability": "9.0",
                     "memory_total": 85520809984, "physical_index": 0}]
    return data


def _with(**changes: Any) -> dict[str, Any]:
    data = _valid()
    for key, value in changes.items():
        if value is KeyError:
            data.pop(key)
        else:
            data[key] = value
    return data


BAD_DOCUMENTS: list[tuple[str, Any, str]] = [
    ("array", [], f"{NOT_PROBE} (a JSON object expected, got an array)"),
    ("number", 3, f"{NOT_PROBE} (a JSON object expected, got the number 3)"),
    ("other schema", _with(schema="pytest-autoglm-compat/report/1"),
     f"{NOT_PROBE} (schema 'pytest-autoglm-compat/report/1', expected 'pytest-autoglm-compat/snapshot/1')"),
    ("no schema", _with(schema=KeyError),
     f"{NOT_PROBE} (schema None, expected 'pytest-autoglm-compat/snapshot/1')"),
    ("missing python", _with(python=KeyError), f"{NOT_PROBE} (python: missing)"),
    ("python not a version", _with(python="three"), f"{NOT_PROBE} (python: expected a version, got 'three')"),
    ("packages a list", _with(packages=["torch"]), f"{NOT_PROBE} (packages: expected an object, got an array)"),
    ("a version a number", _with(packages={"torch": 2.1}),
     f"{NOT_PROBE} (packages.torch: expected a string, got the number 2.1)"),
    ("gpu index a string", _with(gpus=[{"index": "0", "name": "x", "uuid": "GPU-1", "capability": "9.0",
                                        "memory_total": None}]),
     f"{NOT_PROBE} (gpus[0].index: expected a whole number >= 0, got the string '0')"),
    ("gpu index a bool", _with(gpus=[{"index": True, "name": "x", "uuid": "GPU-1", "capability": "9.0",
                                      "memory_total": None}]),
     f"{NOT_PROBE} (gpus[0].index: expected a whole number >= 0, got true)"),
    ("gpu with an extra key", _with(gpus=[{"index": 0, "name": "x", "uuid": "GPU-1", "capability": "sm_90",
                                           "memory_total": None, "colour": "green"}]),
     f"{NOT_PROBE} (gpus[0].colour: unknown key; gpus[0].capability: expected a compute capability like '9.0' "
     "or null, got the string 'sm_90')"),
    ("torch a string", _with(torch="2.1.0"),
     f"{NOT_PROBE} (torch: expected an object or null, got the string '2.1.0')"),
    ("torch cuda not a version", _with(torch={"version": "2.1.0", "cuda": "twelve", "hip": None,
                                              "git_version": None, "path": "/x"}),
     f"{NOT_PROBE} (torch.cuda: expected a version, got 'twelve')"),
    ("every problem at once", _with(driver=580, shadowed={"six": "1.16"}, broken="x"),
     f"{NOT_PROBE} (driver: expected a string or null, got the number 580; shadowed.six: expected an array, "
     "got the string '1.16'; broken: expected an array, got the string 'x')"),
]


@pytest.mark.parametrize(("document", "message"), [pytest.param(d, m, id=i) for i, d, m in BAD_DOCUMENTS])
def test_a_bad_snapshot_document_is_one_snapshot_error_naming_the_file(tmp_path: Path, document: Any,
                                                                        message: str) -> None:
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SnapshotError) as excinfo:
        load_snapshot(path)
    assert str(excinfo.value) == f"{path}: {message}"


BAD_FILES: list[tuple[str, bytes | None, str]] = [
    ("missing", None, "no such snapshot file"),
    ("empty", b"", "not a JSON snapshot (Expecting value: line 1 column 1 (char 0))"),
    ("not JSON", b"schema = 1\n", "not a JSON snapshot (Expecting value: line 1 column 1 (char 0))"),
    ("UTF-16", '{"a": 1}'.encode("utf-16"), "not a JSON snapshot (not UTF-8: invalid start byte at byte 0)"),
    ("deep nesting", b"[" * 100_000 + b"]" * 100_000, "not a JSON snapshot (nested too deeply)"),
    ("deep objects", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "not a JSON snapshot (nested too deeply)"),
]


@pytest.mark.parametrize(("content", "message"), [pytest.param(c, m, id=i) for i, c, m in BAD_FILES])
def test_a_bad_snapshot_file_is_one_snapshot_error_naming_the_file(tmp_path: Path, content: bytes | None,
                                                                    message: str) -> None:
    path = tmp_path / "snap.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SnapshotError) as excinfo:
        load_snapshot(path)
    assert str(excinfo.value) == f"{path}: {message}"


def test_a_directory_or_a_huge_file_is_a_snapshot_error(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match=r": the snapshot cannot be read \(Is a directory\)$"):
        load_snapshot(tmp_path)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as fh:
        fh.truncate(65 * 2**20)  # sparse: costs no disk
    with pytest.raises(SnapshotError, match=rf"^{huge}: {NOT_PROBE} \(larger than 64 MiB\)$"):
        load_snapshot(huge)


def test_the_snapshots_in_tests_data_load() -> None:
    for path in DATA.glob("snapshot-*.json"):
        assert load_snapshot(path).python


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from(sorted(_valid())), value=JSON, gpu_key=st.sampled_from(
    ["index", "name", "uuid", "capability", "memory_total", "physical_index", "extra"]), gpu_value=JSON)
def test_any_json_in_any_field_loads_or_is_a_snapshot_error(key: str, value: Any, gpu_key: str,
                                                            gpu_value: Any) -> None:
    data = _valid()
    data[key] = value
    if isinstance(data.get("gpus"), list) and data["gpus"] and isinstance(data["gpus"][0], dict):
        data["gpus"][0][gpu_key] = gpu_value
    try:
        snap = Snapshot.from_json(json.loads(json.dumps(data)))
    except SnapshotError as exc:
        message = str(exc)
    else:
        assert Snapshot.from_json(json.loads(json.dumps(snap.to_json()))) == snap
        return
    assert message.startswith(f"snapshot: {NOT_PROBE} (")


def test_the_command_reports_a_bad_snapshot_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_with(gpus={"0": "H100"})), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "check", "--snapshot", str(bad)],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 2
    assert result.stderr == (f"autoglm-compat: error: {bad}: {NOT_PROBE} "
                             "(gpus: expected an array, got an object)\n")


# --------------------------------------------------------------------------- what the findings become

ROCM_VERSION_PY = """from typing import Optional

__all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip']
__version__ = '2.5.1+rocm6.2'
debug = False
cuda: Optional[str] = None
git_version = 'a8d6afb511a69687bbb2b7e88a3cf67917e1697e'
hip: Optional[str] = '6.2.41133-dd7f95766'
"""

CUDA_TEST = """
    import pytest

    @pytest.mark.requires_cuda("12.1", capability=">=8.0")
    def test_gpu():
        pass
"""


def test_a_rocm_torch_is_named_a_rocm_build_that_cannot_meet_cuda(pytester: pytest.Pytester,
                                                                  machine: Machine) -> None:
    """torch/version.py of a ROCm wheel (2.5.1+rocm6.2): cuda = None, hip set."""
    machine.torch("2.5.1+rocm6.2", None)
    (machine.root / "site" / "torch" / "version.py").write_text(ROCM_VERSION_PY)
    pytester.makepyfile(test_it=CUDA_TEST)
    result = pytester.runpytest("-rs", "-v")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines([
        "UNMET CUDA runtime of torch: found ROCm build (torch 2.5.1+rocm6.2, HIP 6.2.41133-dd7f95766), "
        "required >=12.1 (1 test skipped)",
        "  declared: test_it.py::test_gpu",
        "  note: a ROCm build of torch runs on AMD GPUs through HIP; it cannot meet a CUDA requirement",
        "  fix: pip install 'torch>=2.9' --index-url https://download.pytorch.org/whl/cu130",  # 2.5 has no cu130
    ])
    assert "CPU" not in result.stdout.str()


def test_a_rocm_pin_in_a_lock_file_is_a_rocm_build() -> None:
    from pytest_autoglm_compat.facts.inputs.lockfile import torch_build_from_version

    assert torch_build_from_version("2.5.1+rocm6.2").hip == "6.2"
    assert torch_build_from_version("2.5.1+rocm6.2").cuda is None
    assert torch_build_from_version("2.5.1+cu121").hip is None


OLD_DRIVER_SMI = """#!/bin/sh
case "$*" in
  *compute_cap*) echo 'Field "compute_cap" is not a valid field to query.'; echo
    echo "Please run 'nvidia-smi --help-query-gpu' for more information."; exit 2;;
  *--query-gpu=*) cat <<'OUT'
0, Tesla T4, GPU-9a8b7c6d-5e4f-3a2b-1c0d-efef12345678, 450.80.02, 15360
1, Tesla T4, GPU-1a8b7c6d-5e4f-3a2b-1c0d-efef12345678, 450.80.02, 15360
OUT
  ;;
  *) echo "unexpected arguments: $*" >&2; exit 2;;
esac
"""


def test_an_unreported_capability_leaves_the_gpu_count_unknown_not_unmet(pytester: pytest.Pytester,
                                                                          machine: Machine) -> None:
    """Drivers before compute_cap existed as a query field: the count is unknown, with its cause."""
    machine.torch("2.5.1+cu121", "12.1").nvidia_smi_script(OLD_DRIVER_SMI)
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_cuda(capability=">=7.0", devices=2)
        def test_two():
            pass

        @pytest.mark.requires_cuda(capability=">=7.0", devices=3)
        def test_three():
            pass
    """)
    result = pytester.runpytest("-rs", "--autoglm-report=r.json")
    result.assert_outcomes(skipped=2)
    verdicts = json.loads((pytester.path / "r.json").read_text())["verdicts"]
    devices = {v["required"]: v for v in verdicts if v["subject"] == "GPU"}
    assert devices["2 NVIDIA GPUs"]["status"] == "unknown"
    assert devices["2 NVIDIA GPUs"]["found"] == (
        "0 qualifying of 2 visible, 2 more whose compute capability the probe did not report "
        "(2x Tesla T4 sm_?, driver 450.80.02)")
    assert devices["3 NVIDIA GPUs"]["status"] == "unmet"  # two GPUs cannot be three, whatever their capability
    assert devices["3 NVIDIA GPUs"]["found"] == "0 qualifying of 2 visible (2x Tesla T4 sm_?, driver 450.80.02)"


# --------------------------------------------------------------------------- CUDA_VISIBLE_DEVICES

# UUIDs as nvidia-smi -L prints them on an 8x A100 machine with MIG devices (drivers >= R470)
A100_UUIDS = ["GPU-5d5ba0d6-d33d-2b2c-524d-9e3d8d2b8a77", "GPU-5d5b1111-aaaa-bbbb-cccc-000000000001",
              "GPU-0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f"]
MIG_UUID = "MIG-c6d4f1ef-42e4-5de3-91c7-45d71c87eb3f"


def _a100s() -> list[Gpu]:
    return [Gpu(i, "NVIDIA A100-SXM4-80GB", u, "8.0", 80 * 2**30, physical_index=i) for i, u in enumerate(A100_UUIDS)]


@pytest.mark.parametrize(
    ("value", "visible"),
    [
        ("2,0", [2, 0]),
        ("0,2,-1,1", [0, 2]),                          # NVIDIA's own example: -1 ends the list
        ("1,7,0", [1]),                                # an index that is not there ends it too
        ("GPU-0c1d", [2]),                             # a prefix that names one GPU
        ("GPU-5d5b", []),                              # a prefix shared by two GPUs is invalid
        ("GPU-5d5ba0d6,1", [0, 1]),
        (A100_UUIDS[2], [2]),
        (A100_UUIDS[2][4:], [2]),                      # the full UUID without its GPU- prefix
        ("0,0", [0]),                                  # a repeated device is not a second one
        ("", []),
    ],
)
def test_visible_devices_follow_cudas_rules(value: str, visible: list[int]) -> None:
    shown, problem = apply_visible_devices(_a100s(), {"CUDA_VISIBLE_DEVICES": value})
    assert [g.physical_index for g in shown] == visible
    assert [g.index for g in shown] == list(range(len(visible)))
    assert problem == (None if visible else f"CUDA_VISIBLE_DEVICES={value!r} hides all 3 GPU(s)")


def test_a_mig_uuid_is_one_mig_device_not_a_hidden_gpu() -> None:
    shown, problem = apply_visible_devices(_a100s(), {"CUDA_VISIBLE_DEVICES": MIG_UUID})
    assert problem is None
    assert shown == [Gpu(0, "NVIDIA A100-SXM4-80GB MIG", MIG_UUID, "8.0", None, 0)]  # a slice: memory not probed
    # a process enumerates one MIG device at most; GPUs listed with it still count
    two, _ = apply_visible_devices(_a100s(), {"CUDA_VISIBLE_DEVICES": f"{MIG_UUID},MIG-aaaa,2"})
    assert [g.uuid for g in two] == [MIG_UUID, A100_UUIDS[2]]
    # the format of drivers before R470 names the parent GPU
    old = f"MIG-{A100_UUIDS[1]}/1/0"
    assert apply_visible_devices(_a100s(), {"CUDA_VISIBLE_DEVICES": old})[0][0].physical_index == 1
    assert apply_visible_devices(_a100s(), {"CUDA_VISIBLE_DEVICES": "MIG-GPU-ffff/1/0"})[0] == []


def test_a_mig_device_on_mixed_gpus_has_an_unknown_capability() -> None:
    mixed = [*_a100s()[:1], Gpu(1, "NVIDIA H100 80GB HBM3", "GPU-9", "9.0", 80 * 2**30, physical_index=1)]
    shown, _ = apply_visible_devices(mixed, {"CUDA_VISIBLE_DEVICES": MIG_UUID})
    assert [(g.name, g.capability, g.memory_total) for g in shown] == [("MIG device", None, None)]


def test_requires_cuda_on_a_mig_device(pytester: pytest.Pytester, machine: Machine,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus(A100, A100)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", MIG_UUID)
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_cuda("12.1", capability=">=8.0")
        def test_one():
            pass

        @pytest.mark.requires_cuda("12.1", memory="8GiB")
        def test_memory():
            pass
    """)
    result = pytester.runpytest("-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*GPU memory: found unknown (cuda:0 ?), required >= 8 GiB per GPU*"])


# --------------------------------------------------------------------------- fingerprint

# /proc/driver/nvidia/gpus/<bus>/information as the kernel driver writes it (driver 580, an H100 node)
GPU_INFORMATION = (
    "Model: \t\t {model}\nIRQ:   \t\t 157\nGPU UUID: \t {uuid}\nVideo BIOS: \t 96.00.74.00.01\n"
    "Bus Type: \t PCIe\nDMA Size: \t 52 bits\nDMA Mask: \t 0xfffffffffffff\nBus Location: \t {bus}\n"
    "Device Minor: \t {minor}\nGPU Excluded:\t No\n"
)
H100_UUIDS = ["GPU-5f2c7a8e-1b9d-4c55-9a1e-6f0e7d3c2b11", "GPU-6a3d8b9f-2c0e-4d66-8b2f-7a1f8e4d3c22"]


def _proc(root: Path, gpus: list[tuple[str, str]]) -> Path:
    (root / "gpus").mkdir(parents=True, exist_ok=True)
    (root / "version").write_text("NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.159.04  Release Build\n")
    for minor, (model, uuid) in enumerate(gpus):
        bus = f"0000:{0x19 + minor:02x}:00.0"
        (root / "gpus" / bus).mkdir(exist_ok=True)
        (root / "gpus" / bus / "information").write_text(
            GPU_INFORMATION.format(model=model, uuid=uuid, bus=bus, minor=minor))
    return root


def test_the_fingerprint_identifies_the_gpus_themselves(tmp_path: Path) -> None:
    from pytest_autoglm_compat.facts.probe import fingerprint

    env = {"PATH": "/usr/bin"}
    one = str(_proc(tmp_path / "a", [("NVIDIA H100 80GB HBM3", H100_UUIDS[0])]))
    same = str(_proc(tmp_path / "b", [("NVIDIA H100 80GB HBM3", H100_UUIDS[0])]))
    other_card = str(_proc(tmp_path / "c", [("NVIDIA H100 80GB HBM3", H100_UUIDS[1])]))  # a swapped board
    other_model = str(_proc(tmp_path / "d", [("NVIDIA A100-SXM4-80GB", H100_UUIDS[0])]))
    two = str(_proc(tmp_path / "e", [("NVIDIA H100 80GB HBM3", u) for u in H100_UUIDS]))
    prints = [fingerprint(env, [], proc) for proc in (one, same, other_card, other_model, two)]
    assert prints[0] == prints[1]
    assert len(set(prints[1:])) == 4
    assert fingerprint(env, [], str(tmp_path / "none")) not in prints  # no NVIDIA driver at all


@pytest.mark.parametrize("name", ["CUDA_DEVICE_ORDER", "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES",
                                  "LD_LIBRARY_PATH", "PATH"])
def test_the_fingerprint_changes_with_what_decides_the_visible_gpus(name: str) -> None:
    from pytest_autoglm_compat.facts.probe import fingerprint

    env = {"PATH": "/usr/bin", "CUDA_VISIBLE_DEVICES": "0"}
    assert fingerprint(env, []) != fingerprint({**env, name: "PCI_BUS_ID"}, [])


def test_a_new_cuda_device_order_is_not_served_from_the_cache(pytester: pytest.Pytester, machine: Machine,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    machine.torch("2.5.1+cu121", "12.1").gpus(A100)
    pytester.makepyfile(test_it="def test_a(): pass")
    pytester.runpytest("--autoglm-contract=stable")
    pytester.runpytest("--autoglm-contract=stable").stdout.fnmatch_lines(["*snapshot from cache"])
    monkeypatch.setenv("CUDA_DEVICE_ORDER", "PCI_BUS_ID")
    pytester.runpytest("--autoglm-contract=stable").stdout.no_fnmatch_line("*snapshot from cache*")
