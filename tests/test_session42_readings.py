"""Readings session 42 added or narrowed, each held to a real log's answer or a second reader's input, and the
look-alikes they must leave alone (docs/reliability.md, session 42)."""

from __future__ import annotations

from real_answers import answered, reviewed


def test_a_setup_scripts_python_check_wrapped_before_are_supported() -> None:
    # the session-41 second reader's llvmlite message, wrapped by the terminal after its range: the range is whole
    assert reviewed("review41", "synth-python-refused-wrapped-not-cut") == [(
        "version-guard", "the package's setup.py refuses Python 3.11.4: it supports Python >=3.7,<3.11 only (this "
        "release has no support for a newer Python yet)")]
    # cut inside the range, nothing after it: still told as cut
    assert answered("RuntimeError: Cannot install on Python version 3.12.6; only versions >=3.8,<3\n") == [
        "the package's setup.py refuses Python 3.12.6: its own check of the Python stops the build of a release that "
        "does not support it (the versions it supports are cut off in the paste)"]
