"""The user's own skips (pytest's skip, skipif, xfail(run=False); unittest's @skip): they come first.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import pytest


def unittest_skipped(item: pytest.Item) -> bool:
    """unittest's @skip on the method or its TestCase class (the method is bound to an instance)."""
    obj = getattr(item, "obj", None)
    return bool(getattr(obj, "__unittest_skip__", False)
                or getattr(getattr(obj, "__self__", None), "__unittest_skip__", False))


def skipped_by_user(item: pytest.Item) -> bool:
    """Will pytest's own skip, skipif or xfail(run=False) keep this test from running?

    The gate leaves such tests out, as the user's own markers come first. pytest has no public
    API for it; its skipping plugin's evaluators have kept their shape since pytest 6. A condition
    that cannot be evaluated here keeps the test in: pytest reports that error when it runs.
    """
    if unittest_skipped(item):
        return True
    if not any(m.name in ("skip", "skipif", "xfail") for m in item.iter_markers()):
        return False
    try:
        from _pytest.skipping import evaluate_skip_marks, evaluate_xfail_marks

        if evaluate_skip_marks(item) is not None:
            return True
        xfailed = evaluate_xfail_marks(item)
        return xfailed is not None and not xfailed.run and not item.config.option.runxfail
    except Exception:
        return False
