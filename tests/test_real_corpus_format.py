"""Format checks for the real failure-log corpus (tests/data/real/*.toml).

They keep hand-collected cases honest: every log exists and is program output in UTF-8 with LF
line ends, every case points at its public thread, and every family is one the corpus knows.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REAL = Path(__file__).parent / "data" / "real"

# The slugs of the corpus format (issue 13); a manifest may declare more in [families].
KNOWN_FAMILIES = frozenset(
    {
        "transformers5-no-init-weights",
        "peft-mapping-removed",
        "tied-weights-keys",
        "chatglm-padding-side",
        "chatglm-tokenizer-attr",
        "chatglm-extract-past",
        "chatglm-eos-token-tensor",
        "cuda-driver-too-old",
        "torch-not-cuda",
        "no-kernel-image",
        "extension-abi",
        "extension-cuda-lib",
        "extension-dll-load",
        "glibcxx-not-found",
        "cpm-kernels-cuda",
        "none",
    }
)
CASE_KEYS = frozenset({"file", "source", "family", "cause", "cause_source", "versions"})
MANIFESTS = sorted(REAL.glob("*.toml"))


def _load(manifest: Path) -> dict[str, Any]:
    with manifest.open("rb") as fh:
        return tomllib.load(fh)


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.name)
def test_manifest_cases_are_well_formed(manifest: Path) -> None:
    data = _load(manifest)
    declared = data.get("families", {})
    assert all(isinstance(v, str) and v for v in declared.values()), "describe each new slug"
    families = KNOWN_FAMILIES | set(declared)
    group = REAL / manifest.stem
    cases = data["case"]
    assert cases
    files = [case["file"] for case in cases]
    assert len(files) == len(set(files)), "a log is listed twice"
    for case in cases:
        assert set(case) == CASE_KEYS, case["file"]
        assert case["source"].startswith("https://github.com/"), case["file"]
        assert case["family"] in families, (case["file"], case["family"])
        assert case["cause"].strip(), case["file"]
        assert case["cause_source"].strip(), case["file"]
        assert isinstance(case["versions"], dict), case["file"]
        raw = (group / case["file"]).read_bytes()
        assert b"\r" not in raw, f"{case['file']}: CR line end"
        text = raw.decode("utf-8")
        assert text.strip(), case["file"]
        assert text.endswith("\n"), case["file"]


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.name)
def test_every_log_is_listed(manifest: Path) -> None:
    listed = {case["file"] for case in _load(manifest)["case"]}
    on_disk = {p.name for p in (REAL / manifest.stem).glob("*.log")}
    assert on_disk == listed
