"""``autoglm-compat bisect`` over real releases from the index this machine's pip is configured for.

Run by ``nox -s bisect`` (AUTOGLM_BISECT_REAL=1); environments are kept in AUTOGLM_BISECT_CACHE
between runs. Base pins: tests/data/bisect/legacy-stack.txt is ``pip freeze`` of the nox
``stack(stack='autogptq')`` venv; torch-only.txt is the local CPU torch alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

DATA = Path(__file__).parent.parent / "data" / "bisect"

pytestmark = pytest.mark.skipif(os.environ.get("AUTOGLM_BISECT_REAL") != "1",
                                reason="real bisects download releases: nox -s bisect")


def bisect(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    cache = os.environ.get("AUTOGLM_BISECT_CACHE")
    start = time.monotonic()
    options = ["--cache-dir", cache] if cache else []  # before "--": after it, words belong to the command
    done = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "bisect", *options, *args],
                          capture_output=True, text=True, timeout=1200, check=False)
    seconds = time.monotonic() - start
    print(done.stderr, done.stdout, f"[{seconds:.0f}s]", sep="\n")
    return done, seconds


def test_base_pins_keep_the_local_cpu_torch() -> None:
    for name in ("legacy-stack.txt", "torch-only.txt"):
        assert "torch==2.13.0+cpu" in (DATA / name).read_text().splitlines()


def test_peft_that_breaks_auto_gptq_on_the_legacy_stack() -> None:
    """transformers 4.46.3 is pinned: peft 0.18.0 needs transformers.modeling_layers (absent there) without
    saying so in its Requires-Dist; 0.18.1 imports again; 0.19.0 removed PEFT_TYPE_TO_MODEL_MAPPING.
    With two jobs the search also tries 0.18.1 and says that the failure is not monotonic."""
    done, _ = bisect("peft", "--good", "0.13.2", "--bad", "0.19.0", "--jobs", "2", "--requirements",
                     str(DATA / "legacy-stack.txt"), "--", "python", "-c", "import auto_gptq")
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[:2] == ["last good: peft 0.17.1", "first bad: peft 0.18.0"]
    assert "    ModuleNotFoundError: No module named 'transformers.modeling_layers'" in out
    assert "    changed  Requires-Python >=3.9.0 -> >=3.10.0" in out
    assert out[-2] == ("note: peft 0.18.1 passed although newer than the first bad release: the command does not "
                       "fail on every release after 0.18.0; --good 0.18.1 finds the next break")
    assert "bisect: peft: 11 releases from 0.13.2 to 0.19.0 (pre-releases left out), ~4 steps;" in done.stderr


def test_the_next_break_on_the_legacy_stack_is_peft_019() -> None:
    done, _ = bisect("peft", "--good", "0.18.1", "--bad", "0.19.0", "--requirements", str(DATA / "legacy-stack.txt"),
                     "--", "python", "-c", "import auto_gptq")
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[:2] == ["last good: peft 0.18.1", "first bad: peft 0.19.0"]
    assert "    fix: pip install 'peft<0.19'" in out


def test_a_good_end_that_is_not_good_is_named() -> None:
    done, _ = bisect("peft", "--good", "0.18.0", "--bad", "0.19.0", "--requirements", str(DATA / "legacy-stack.txt"),
                     "--", "python", "-c", "import auto_gptq")
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0] == ("peft 0.18.0 (--good) is not good: the command failed (exit 1); "
                                           "its output, last lines:")


def test_peft_019_on_the_newest_4x_stack_is_named_by_the_known_failure_table() -> None:
    """With transformers 4.57.6 peft 0.15-0.18 import (deprecated shim); 0.19.0 removed it."""
    base = str(DATA / "legacy-stack-transformers457.txt")
    done, _ = bisect("peft", "--good", "0.13.2", "--bad", "0.19.0", "--jobs", "2", "--requirements", base,
                     "--", "python", "-c", "import auto_gptq")
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[:2] == ["last good: peft 0.18.1", "first bad: peft 0.19.0"]
    assert out[out.index("known failure: ImportError: cannot import name 'PEFT_TYPE_TO_MODEL_MAPPING' from "
                         "'peft.peft_model' (" + next(line for line in out if "peft.peft_model' (" in line)
                         .partition("peft.peft_model' (")[2]) + 2] == "    fix: pip install 'peft<0.19'"


@pytest.mark.parametrize(("pre", "last_good", "first_bad"), [
    (False, "4.57.6", "5.0.0"),
    (True, "5.0.0rc1", "5.0.0rc2"),
])
def test_transformers_release_that_moved_no_init_weights(pre: bool, last_good: str, first_bad: str) -> None:
    done, _ = bisect("transformers", "--good", "4.46.3", "--bad", "5.0.0", *(["--pre"] if pre else []),
                     "--requirements", str(DATA / "torch-only.txt"), "--",
                     "python", "-c", "from transformers.modeling_utils import no_init_weights")
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[:2] == [f"last good: transformers {last_good}", f"first bad: transformers {first_bad}"]
    assert any(line.startswith("    ImportError: cannot import name 'no_init_weights' from "
                               "'transformers.modeling_utils'") for line in out)
