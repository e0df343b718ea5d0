"""Readings session 26 added, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

import pytest

from real_answers import answered, first


def test_a_statements_line_with_the_exception_run_onto_it_is_read_as_two_lines() -> None:
    # VideoX-Fun#4 quotes the import statement and the error as one line
    assert first("holdout45a", "VideoX-Fun-4.log") == (
        "api-mismatch",
        "the code that imports it asks for the name CogVideoXDDIMScheduler from diffusers, which the installed "
        "diffusers does not have: diffusers 0.30.0 added it (the releases before it lack it), so that code was written "
        "for a newer diffusers",
        'install diffusers>=0.30.0 (pip install "diffusers>=0.30.0"), or a release of the importing package that '
        "follows this diffusers")


def test_a_class_asked_for_a_method_a_release_removed_from_it() -> None:
    # petals#608 (an issue's title: the source line and the error on one line); FalconModel is vLLM's name too,
    # but only transformers' class ever had _prepare_attn_mask
    assert first("holdout38a", "petals-608.log") == (
        "api-mismatch",
        "the code asks transformers' class FalconModel itself for _prepare_attn_mask, which the installed transformers "
        "does not have: transformers 4.35.0 removed it (4.34.1 is the last release with it), so the code was written "
        "for an older transformers",
        'install transformers<4.35.0 (pip install "transformers<4.35.0"), or code that follows this transformers')


@pytest.mark.parametrize("log", [
    # a builtin class itself (holdout50a's distractor pytorch#1126 reads object.__getattr__)
    "AttributeError: type object 'list' has no attribute 'from_legacy_cache'\n",
    # a class no package of the atlas defines
    "AttributeError: type object 'MyFancyModel' has no attribute '_prepare_attn_mask'\n",
    # pip's own words with an exception's type inside a sentence: not a statement's line
    "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n",
    # a sentence that names an exception is no statement
    "We tried again and ImportError: cannot import name 'HybridCache' from 'transformers'\n",
])
def test_look_alikes_of_the_class_and_statement_readings_get_no_claim(log: str) -> None:
    assert answered(log) == []


@pytest.mark.parametrize(("shown", "claimed"), [("4.33.0", False), ("4.40.0", True)])
def test_a_class_asked_for_a_removed_method_is_held_to_the_version_the_log_shows(shown: str, claimed: bool) -> None:
    # 4.33.0 still had FalconModel._prepare_attn_mask: the log's own version rules the removal out
    log = f"transformers=={shown}\nAttributeError: type object 'FalconModel' has no attribute '_prepare_attn_mask'\n"
    assert bool(answered(log)) is claimed
