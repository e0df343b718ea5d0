"""Pure pieces: NVIDIA's driver table, the nvidia-smi parser, secrets, specifier parsing."""

from __future__ import annotations

import pytest

from pytest_autoglm_compat.facts import probe
from pytest_autoglm_compat.facts.probe import gpus as probe_gpus
from pytest_autoglm_compat.model import cuda_table
from pytest_autoglm_compat.model import values as _parse


@pytest.mark.parametrize(
    ("runtime", "driver", "ok", "compat"),
    [
        ("11.8", "520.61.05", True, False),
        ("11.8", "470.82.01", True, True),    # 11.x minor-version compatibility from 450.80.02
        ("11.8", "450.36.06", False, False),
        ("12.1", "530.30.02", True, False),
        ("12.1", "525.60.13", True, True),
        ("12.1", "520.61.05", False, False),
        ("12.8", "570.26", True, False),
        ("13.0", "580.65.06", True, False),
        ("13.1", "580.95.05", True, True),
        ("12.4", "not-a-version", None, False),
    ],
)
def test_driver_table(runtime: str, driver: str, ok: bool | None, compat: bool) -> None:
    check = cuda_table.check_driver(runtime, driver)
    assert check.ok is ok
    assert check.via_minor_compat is compat


def test_newest_runtime_for_a_driver() -> None:
    assert cuda_table.newest_runtime_for("535.104.05") == "12.9"  # minor-version compatibility
    assert cuda_table.newest_runtime_for("535.104.05", minor_compat=False) == "12.2"
    assert cuda_table.newest_runtime_for("440.33") is None


def test_nvidia_smi_csv_lines_parse() -> None:
    out = probe_gpus._parse_smi(
        "0, NVIDIA H100 80GB HBM3, GPU-aaa, 580.159.04, 81559, 9.0\n1, Tesla T4, GPU-bbb, 580.159.04, 15360, 7.5\n",
        has_cap=True,
    )
    assert [g.capability for g in out.gpus] == ["9.0", "7.5"]
    assert out.gpus[0].memory_total == 81559 * 2**20
    assert out.driver == "580.159.04"
    garbage = probe_gpus._parse_smi("Segmentation fault\n", has_cap=True)
    assert garbage.problem == "nvidia-smi printed an unexpected line: 'Segmentation fault'"


def test_visible_devices_by_index_and_uuid() -> None:
    gpus = [probe.Gpu(i, f"g{i}", f"GPU-{i}abc", "8.0", 1, physical_index=i) for i in range(3)]
    visible, problem = probe.apply_visible_devices(gpus, {"CUDA_VISIBLE_DEVICES": "2,GPU-0"})
    assert [(g.index, g.physical_index) for g in visible] == [(0, 2), (1, 0)]
    assert problem is None
    assert probe.apply_visible_devices(gpus, {"CUDA_VISIBLE_DEVICES": "-1"})[0] == []


def test_secrets_never_enter_the_recorded_environment() -> None:
    env = {"HF_TOKEN": "hf_x", "PIP_EXTRA_INDEX_URL": "https://u:p@host/simple", "CUDA_VISIBLE_DEVICES": "0",
           "AWS_SECRET_ACCESS_KEY": "k"}
    assert probe.scrub_environment(env) == {"PIP_EXTRA_INDEX_URL": "https://***@host/simple", "CUDA_VISIBLE_DEVICES": "0"}


@pytest.mark.parametrize(("text", "expected"), [("11.8", ">=11.8"), (">=12.1,<13", "<13,>=12.1"), (" 12 ", ">=12")])
def test_at_least_spec(text: str, expected: str) -> None:
    assert str(_parse.at_least_spec(text, example="11.8", where="t")) == expected


@pytest.mark.parametrize(("text", "size"), [("24GiB", 24 * 2**30), ("80 GB", 80 * 10**9), ("512MiB", 2**29), (1024, 1024)])
def test_sizes(text: object, size: int) -> None:
    assert _parse.size(text, where="t") == size


def test_snapshot_round_trips_through_json() -> None:
    snap = probe.take_snapshot()
    assert probe.Snapshot.from_json(snap.to_json()) == snap
