"""Readings session 38 added or narrowed, each held to a real log's answer and the look-alikes they must leave alone
(docs/reliability.md, session 38)."""

from __future__ import annotations

from real_answers import answered

_CUT_AT_A_CHECK = '''Traceback (most recent call last):
  File "/usr/lib/python3.10/site-packages/foo/__init__.py", line 3, in <module>
    check_version()
  File "/usr/lib/python3.10/site-packages/foo/utils.py", line 12, in check_version
    raise RuntimeError("Unsupported version of numpy")
'''


def test_a_version_check_named_for_no_package_claims_none() -> None:
    # session 37's re-read: a plain check_version would have been worded "its own check of version's version"
    assert answered(_CUT_AT_A_CHECK) == []
    assert answered(_CUT_AT_A_CHECK.replace("check_version", "check_versions")) == []
    assert answered(_CUT_AT_A_CHECK.replace("check_version", "_check_numpy_version")) == [
        "foo's own check of numpy's version (_check_numpy_version) refused the installed numpy (the traceback is cut "
        "before its error, at its raise): the two are from releases that do not fit"]
