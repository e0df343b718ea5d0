"""Readings session 42 added or narrowed, each held to a real log's answer or a second reader's input, and the
look-alikes they must leave alone (docs/reliability.md, session 42)."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.log_prefixes import clean
from real_answers import answered, first, reviewed


def test_a_setup_scripts_python_check_wrapped_before_are_supported() -> None:
    # the session-41 second reader's llvmlite message, wrapped by the terminal after its range: the range is whole
    assert reviewed("review41", "synth-python-refused-wrapped-not-cut") == [(
        "version-guard", "the package's setup.py refuses Python 3.11.4: it supports Python >=3.7,<3.11 only (this "
        "release has no support for a newer Python yet)")]
    # cut inside the range, nothing after it: still told as cut
    assert answered("RuntimeError: Cannot install on Python version 3.12.6; only versions >=3.8,<3\n") == [
        "the package's setup.py refuses Python 3.12.6: its own check of the Python stops the build of a release that "
        "does not support it (the versions it supports are cut off in the paste)"]


def test_pip_v_refusing_one_pythons_wheels_for_two_systems_pasted_alone() -> None:
    # the session-41 second reader's numpy 1.26.4: its cp312 macOS and Windows wheels refused, the manylinux one (which
    # pip -v prints nothing for) the one a Linux machine takes: no failure shown
    assert reviewed("review41", "synth-pip-refusals-subset-new-wording") == []
    # every system's wheels refused (holdout133b: DearPyGui#727), or one system's (vosk#252 and #385): still told
    assert first("holdout133b", "DearPyGui-727.log")[0] == "binary-mismatch"
    assert first("holdout137b", "vosk-api-252.log")[0] == "binary-mismatch"
    # two Pythons' wheels of two systems (the session-41 reader's pip#9142, torch 0.3 on Windows): still told
    assert reviewed("review41", "pip-9142")[0][0] == "binary-mismatch"


def test_poetrys_derivation_cut_after_a_first_step_that_names_a_releases_requirement() -> None:
    # the session-41 second reader's: Poetry's other opening ("Because torchvision (0.15.2) depends on torch (2.0.1)"),
    # cut before its conclusion
    assert reviewed("review41", "synth-poetry-cut-depends-first") == [(
        "version-guard", "Poetry's solver found no set of versions that meets every requirement: its derivation (pasted "
        "without its conclusion) rules out each range of a package its steps name, for what that range's releases "
        "depend on")]
    # a sentence of prose, a requirement named without Poetry's parentheses: nothing
    assert not answered("Because torchvision depends on torch, install torch first.\n")


def test_markdowns_other_bold_italics_around_pips_conflict_line() -> None:
    # the session-41 second reader's "_**x**_" and "***x***" (Markdown renders both as "**_x_**", holdout137a's)
    for name in ("synth-bold-italic-outer-underscores", "synth-bold-italic-triple-stars"):
        assert [family for family, _ in reviewed("review41", name)] == ["version-guard"], name
    assert clean("***tensorflow 2.12.0*** requires x") == "tensorflow 2.12.0 requires x"
    assert clean("_**protobuf 3.19.6**_ which") == "protobuf 3.19.6 which"
    # a banner's stars, a name's underscore and a power's stars are text
    for text in ("*** Error compiling ***", "x_**2 + y", "a ***b", "self._**kwargs"):
        assert clean(text) == text
