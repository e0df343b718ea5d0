"""Environments as users paste them (issue 22, point 4): read from real outputs (tests/data/real/environments,
kept byte for byte with their sources in manifest.tsv), used by ``explain`` and ``check --requirements``."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_autoglm_compat.facts.inputs.env_reports import EnvReport, read_report
from pytest_autoglm_compat.knowledge.known_failures import Versions

ENV = Path(__file__).parent / "data" / "real" / "environments"


def report(name: str) -> EnvReport | None:
    return read_report((ENV / name).read_text(encoding="utf-8", errors="replace"))


def test_every_file_is_listed_with_its_source() -> None:
    with (ENV / "manifest.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert sorted(r["file"] for r in rows) == sorted(p.name for p in ENV.glob("*.txt"))
    assert all(r["source"].startswith(("https://github.com/", "local run")) for r in rows)


@pytest.mark.parametrize(("name", "expected"), [
    ("torch-collect-env-pytorch-30071.txt",  # the GPUs on lines of their own
     EnvReport("torch collect_env", {"torch": "1.3.1", "numpy": "1.17.4"}, "10.1", ("TITAN Xp",) * 8, "410.48",
               "3.6")),
    ("torch-collect-env-cuda-nogpu.txt", None),  # checked below: a CUDA build on a machine without a GPU
    ("transformers-env-transformers-31675.txt",
     EnvReport("transformers env", {"transformers": "4.44.0.dev0", "huggingface-hub": "0.24.2", "safetensors": "0.4.3",
                                    "accelerate": "0.33.0", "torch": "2.4.0+cu121"}, "12.1",
               ("NVIDIA A100-SXM4-80GB",), None, "3.8.10")),
    ("pip-show-benchv.txt",
     EnvReport("pip show", {"torch": "2.13.0+cpu", "transformers": "4.46.3", "accelerate": "1.16.0"})),
])
def test_reports_are_read_with_their_versions_cuda_build_gpus_and_driver(name: str, expected: EnvReport | None
                                                                         ) -> None:
    found = report(name)
    if expected is not None:
        assert found == expected
    else:
        assert found is not None
        assert found.torch_cuda == "13.0"
        assert found.gpus == ()
        assert found.packages["torch"] == "2.14.1+cu130"


def test_a_quoted_collect_env_and_a_vllm_one_are_read() -> None:
    quoted = report("torch-collect-env-pytorch-40682.txt")  # every line behind "> "
    assert quoted is not None
    assert (quoted.torch_cuda, quoted.gpus, quoted.driver) == ("10.1", ("TITAN RTX",) * 2,
                                                                                     "442.92")
    vllm = report("vllm-collect-env-vllm-22372.txt")
    assert vllm is not None
    assert vllm.kind == "vLLM collect_env"
    assert vllm.packages["vllm"] == "0.1.dev1+gb4b9813"


def test_every_report_is_read_as_some_kind_and_listings_are_not_reports() -> None:
    for path in sorted(ENV.glob("*.txt")):
        found = read_report(path.read_text(encoding="utf-8", errors="replace"))
        if path.name.startswith(("pip-freeze", "pip-list")):
            assert found is None, path.name
        else:
            assert found is not None, path.name


def test_explain_reads_the_versions_of_a_pasted_environment() -> None:
    text = (ENV / "transformers-env-transformers-24212.txt").read_text(encoding="utf-8")
    versions = Versions.mentioned_in(text)
    assert versions.found["transformers"] == ("4.30.0",)
    assert versions.version_of("safetensors") == "0.3.1"


def _check(path: Path) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "check", "-c", "stable",
                             "--requirements", str(path), "--offline"], capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stderr
    return result.stdout.splitlines()


def test_check_judges_a_collect_env_as_a_whole_environment_with_its_gpus_and_driver() -> None:
    path = ENV / "torch-collect-env-pytorch-30071.txt"
    lines = _check(path)
    assert lines[1] == (f"checked: torch collect_env {path}: Python 3.6 (named in the file), torch 1.3.1 (CUDA 10.1), "
                        "GPUs 8x TITAN Xp, driver 410.48")
    assert "UNMET CUDA runtime of torch: found 10.1 (torch 1.3.1), required >=11.8" in lines
    assert not any("Python of the lock file" in line for line in lines)  # the environment's Python, checked once


def test_a_listing_that_looks_cut_off_says_so() -> None:
    lines = _check(ENV / "pip-freeze-cut-benchv.txt")
    assert ("  note: torch is not listed, but the listing is sorted and ends at networkx: it looks cut off, and "
            "torch may be installed") in lines
