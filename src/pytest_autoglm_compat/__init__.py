"""Compatibility contracts for GLM / ChatGLM test suites, as a pytest plugin and a command.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import sys

__version__ = "0.1.0"

__all__ = ["__version__"]


def _load_without_assertion_rewriting() -> None:
    """Let Python load this package's modules from their bytecode, not pytest's rewriter.

    pytest marks every module of a distribution with a ``pytest11`` entry point for assertion
    rewriting, before it loads the plugin. Rewriting is for asserts a user reads; ours only
    narrow types. A rewritten module is parsed and compiled again on each run where pytest
    cannot write its own bytecode (PYTHONDONTWRITEBYTECODE=1, a read-only site-packages):
    40-70 ms a run, for modules pip already compiled. The user's modules and other plugins'
    stay marked; where pytest's hook lacks what this reads, nothing changes.
    """
    rewrite = sys.modules.get("_pytest.assertion.rewrite")
    hook_type = getattr(rewrite, "AssertionRewritingHook", None)
    if hook_type is None:
        return
    for finder in sys.meta_path:
        marked = getattr(finder, "_must_rewrite", None)
        cache = getattr(finder, "_marked_for_rewrite_cache", None)
        if isinstance(finder, hook_type) and isinstance(marked, set) and isinstance(cache, dict) \
                and __name__ in marked:
            marked.discard(__name__)
            for name in [n for n in cache if n == __name__ or n.startswith(__name__ + ".")]:
                del cache[name]


_load_without_assertion_rewriting()
