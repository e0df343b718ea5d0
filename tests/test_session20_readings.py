"""Readings session 20 added, each held to a real log's answer (misses of earlier blind rounds, training data now)."""

from __future__ import annotations

import pytest

from real_answers import first


@pytest.mark.parametrize(("group", "log", "cause", "fix"), [
    ("holdout35a", "evalml-205.log",
     "botocore 1.13.15 requires python-dateutil<2.8.1,>=2.1; found python-dateutil 2.8.1",
     "pip install 'python-dateutil<2.8.1,>=2.1' (or a release of botocore whose requirement the installed "
     "python-dateutil meets)"),
    ("holdout33a", "sparseml-1570.log",  # the marker's quotes as the forum turned them
     "scikit-image 0.20.0 requires scipy<1.9.2,>=1.8; found scipy 1.10.1",
     "pip install 'scipy<1.9.2,>=1.8' (or a release of scikit-image whose requirement the installed scipy meets)"),
])
def test_pip_s_conflict_with_the_requirement_s_environment_marker_is_a_version_guard(group: str, log: str, cause: str,
                                                                                    fix: str) -> None:
    assert first(group, log) == ("version-guard", cause, fix)


@pytest.mark.parametrize(("log", "name"), [
    ("papers.day-6.log", "openai.Completion"),
    ("ell-221.log", "openai.ChatCompletion"),
    ("gpt-llm-trainer-20.log", "openai.ChatCompletion"),
])
def test_the_openai_sdk_s_words_for_a_name_of_its_0_x_api_name_the_release_that_removed_it(log: str,
                                                                                          name: str) -> None:
    assert first("holdout34a", log) == (
        "api-mismatch",
        f"openai 1.0.0 removed {name}, as its own message says: the code that uses it was written for an older openai",
        'install openai<1.0.0 (pip install "openai<1.0.0"), or update the code that uses it')


def test_an_exception_a_program_caught_and_printed_in_its_own_warning_is_read() -> None:
    family, cause, fix = first("holdout35a", "pymfe-134.log")
    assert family == "api-mismatch"
    assert cause == ("OneHotEncoder.__init__() (sklearn.preprocessing._encoders) is called with the keyword sparse, "
                     "which it does not take in the installed scikit-learn: scikit-learn 0.15.0 added it and 1.4.0 "
                     "removed it (1.3.2 is the last release with it), so the calling code (or the saved file whose "
                     "settings it passes) was written for another scikit-learn")
    assert fix == ('install scikit-learn>=0.15.0,<1.4.0 (pip install "scikit-learn>=0.15.0,<1.4.0"), or calling code '
                   "that follows this scikit-learn")


def test_a_repr_of_a_program_s_own_exception_class_is_not_read_as_a_builtin_s() -> None:
    from pytest_autoglm_compat.knowledge.failure import Failure
    from pytest_autoglm_compat.knowledge.generic import reason

    said = "OneHotEncoder.__init__() got an unexpected keyword argument 'sparse'"
    assert reason(Failure.from_name("UserWarning", f'Error message: ValidationError("{said}")')) is None
    assert reason(Failure.from_name("UserWarning", f'Error message: TypeError("{said}")')) is not None
