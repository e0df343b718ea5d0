"""Readings session 25 mended, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest

from real_answers import answered, first


def test_pypi_read_beside_another_index_offered_its_wheels_too() -> None:
    # OmniGen2#11: "Looking in indexes: https://pypi.org/simple, https://pypi.ngc.nvidia.com" is --extra-index-url
    family, cause, _ = first("holdout51b", "omnigen2-11.log")
    assert (family, cause) == (
        "binary-mismatch", "pip found no wheel of triton for this Python and platform (from versions: none): triton "
        "publishes wheels for Linux only (and no source distribution), so on another platform pip finds none; on "
        "Linux, none for this Python")


@pytest.mark.parametrize("indexes", [
    "Looking in indexes: https://pypi.ngc.nvidia.com",  # PyPI replaced (--index-url)
    "Looking in indexes: https://pypi.tuna.tsinghua.edu.cn/simple",  # a mirror, which may lag or lack it
    "Looking in indexes: https://pypi.org/simple, https://pypi.ngc.nvidia.com\nLooking in indexes: "
    "https://download.pytorch.org/whl/cu121",  # a second run without PyPI
])
def test_an_index_in_place_of_pypi_says_nothing_of_pypis_wheels(indexes: str) -> None:
    log = (f"{indexes}\nERROR: Could not find a version that satisfies the requirement triton (from versions: none)\n"
           "ERROR: No matching distribution found for triton\n")
    assert answered(log) == []


@pytest.mark.parametrize("log", [
    # Wan2GP#1732's installer runs a chain of commands; the pin is its own, not a library's check
    '>>> Running (Shell): . "/root/Wan2GP/env_uv/bin/activate" && pip install "setuptools<=75.8.2" && git clone x\n',
    # venus#9: YOLOv5's AutoUpdate ran pip, which failed (pip not on PATH)
    "requirements:  Command 'pip install \"gitpython>=3.1.30\" \"setuptools>=65.5.1\"  ' returned non-zero exit status "
    "1.\n",
])
def test_a_pip_command_in_a_chain_or_a_failed_command_is_no_librarys_guard(log: str) -> None:
    assert answered(log) == []


def test_a_librarys_own_advice_after_its_check_is_still_its_guard() -> None:
    assert answered("ImportError: peft>=0.17.0 is required for a normal functioning of this module, but found "
                    "peft==0.10.0.\nTry: `pip install transformers -U` or `pip install -e '.[dev]'` if you're working "
                    "with git main\n")[0] == "the library's own version check requires peft>=0.17.0; found peft 0.10.0"
