"""``autoglm-compat explain --index`` on real logs: the release that removed a name, read from the real
wheels on the index this machine's pip is configured for (issue 22, point 2).

Run by ``nox -s bisect`` (AUTOGLM_BISECT_REAL=1, where the index is reached); the cache is a fresh
directory, so every answer is read from the index.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REAL = Path(__file__).parent.parent / "data" / "real"

pytestmark = pytest.mark.skipif(os.environ.get("AUTOGLM_BISECT_REAL") != "1",
                                reason="reads wheels from the index: nox -s bisect")


def history(log: Path, cache: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "explain", "--index", str(log)],
                          capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "XDG_CACHE_HOME": str(cache)})
    assert done.returncode == 0, done.stderr
    return [line.split(" (read from ")[0] for line in done.stdout.splitlines()
            if line.startswith(("  history:", "  pin:"))]


def test_shard_checkpoint_was_removed_by_transformers_4_47(tmp_path: Path) -> None:
    assert history(REAL / "families" / "autoround-357.log", tmp_path) == [
        "  history: transformers.modeling_utils.shard_checkpoint is in transformers 4.46.3 and gone from 4.47.0",
        "  pin: pip install 'transformers<4.47.0'"]
    cached = (tmp_path / "pytest-autoglm-compat" / "history" / "transformers.json").read_text()
    assert '"4.47.0": false' in cached
    assert '"4.46.3": true' in cached


def test_peft_mapping_was_removed_by_peft_0_19_behind_its_deprecation_shim(tmp_path: Path) -> None:
    assert history(REAL / "review" / "autogptq-144.log", tmp_path) == [
        "  history: peft.peft_model.PEFT_TYPE_TO_MODEL_MAPPING is in peft 0.18.1 and gone from 0.19.0",
        "  pin: pip install 'peft<0.19.0'"]


def test_a_submodule_a_release_added_is_found(tmp_path: Path) -> None:
    log = tmp_path / "setfit.log"
    log.write_text((REAL / "families" / "setfit-625.log").read_text(encoding="utf-8"), encoding="utf-8")
    lines = history(log, tmp_path)
    assert lines[0].startswith("  history: transformers.modeling_layers first appears in transformers 4.")
    assert lines[1].startswith("  pin: pip install 'transformers>=4.")
