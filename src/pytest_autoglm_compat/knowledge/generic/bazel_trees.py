"""A Bazel test's own packages: those it runs from its runfiles tree, not from an installed release (a name the log
says lacks an attribute there is the test's code of the moment, no release's).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from bisect import bisect_left

#: a Bazel test's runfiles tree: the main repository's code under test ("...test_gpu.runfiles/__main__/tests/x.py")
_RUNFILES_MAIN = re.compile(r"\.runfiles/(?:__main__|_main)/")
#: the packages an AttributeError or ImportError of the log names ("module 'jax.experimental' has no attribute")
_NAMED_MODULE = re.compile(r"'(?:(?<=module ')|(?<=from '))([A-Za-z_]\w*)[\w.]*'")  # its quote found first


def bazel_own(text: str) -> frozenset[str]:
    """The packages a Bazel test runs from its own tree, not from an installed release: those the log names that no
    site-packages path of it shows, where the log runs a runfiles tree's main repository."""
    if _RUNFILES_MAIN.search(text) is None:
        return frozenset()
    installed = {a or b for a, b in _SITE_PACKAGES_DIR.findall(text)}
    # rules_python's pypi__<name> repositories too: a name any "pypi_" run starts with, or starts with after a "_"
    tails = sorted(_PYPI_TAIL.findall(text))
    return frozenset(name for name in set(_NAMED_MODULE.findall(text))
                     if name not in installed and not _starts_one(tails, name) and not _starts_one(tails, "_" + name))


#: a folder right under site-packages, with the log's own separator on both sides
_SITE_PACKAGES_DIR = re.compile(r"site-packages(?:/(\w+)/|\\(\w+)\\)")
#: what follows each "pypi_" (rules_python's repository names), read ahead: a "pypi_" inside one is found too
_PYPI_TAIL = re.compile(r"pypi_(?=(\w*))")


def _starts_one(ordered: list[str], prefix: str) -> bool:
    """Whether one of the sorted strings starts with the prefix: those that do sort right after it."""
    at = bisect_left(ordered, prefix)
    return at < len(ordered) and ordered[at].startswith(prefix)
