"""Readings session 28 added, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest

from pytest_autoglm_compat.knowledge.generic.atlas import name_change
from real_answers import answered, first


def test_a_name_dropped_for_a_while_then_removed_is_told_as_removed() -> None:
    # affinity-vae#312: matplotlib 3.9.0 dropped cm.get_cmap, 3.9.1 brought it back and 3.11.0 removed it; the atlas
    # told "3.9.4 added it", and the script's call got no answer
    assert first("holdout68a", "affinity-vae-312.log") == (
        "api-mismatch",
        "the calling code asks for matplotlib.cm.get_cmap, which the installed matplotlib does not have: matplotlib "
        "3.11.0 removed it (3.10.9 is the last release with it); 3.9.0 lacked it too, the releases before had it, so "
        "that code was written for an older matplotlib",
        'install matplotlib<3.11.0 (pip install "matplotlib<3.11.0"), or a release of the importing package that '
        "follows this matplotlib")


@pytest.mark.parametrize(("shown", "claimed"), [("3.8.4", False), ("3.9.0", True), ("3.10.0", False),
                                                ("3.11.1", True)])
def test_a_name_dropped_for_a_while_is_held_to_the_version_the_log_shows(shown: str, claimed: bool) -> None:
    change = name_change("matplotlib", "matplotlib.cm", "get_cmap")
    assert change is not None
    assert (change.narrowed(shown) is not None) is claimed
    log = (f"matplotlib=={shown}\n"
           "AttributeError: module 'matplotlib.cm' has no attribute 'get_cmap'\n")
    assert bool(answered(log)) is claimed
