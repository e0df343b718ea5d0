"""Exceptions another program's words carry with their type left out, read as the exceptions they are.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from .failure import Failure

#: Sphinx's words around an extension's exception: "Could not import extension button (exception: No module named
#: 'sphinx.util.compat')", "Handler <function html_collect_pages at 0x...> for event 'html-collect-pages' threw an
#: exception (exception: module 'sphinx.util' has no attribute 'console')" (holdout124a: conda-docs#553, pint#2143)
_SPHINX_WRAPPED = re.compile(r"(?:Could not import extension [\w.]{1,200}|threw an exception) \(exception: (?P<message>"
                             r"(?P<what>No module named|cannot import name|module)(?= '[\w.]+')[^\n]{0,2000}"
                             r"|'\w+' (?P<object>object) has no attribute '\w+'[^\n]{0,2000})\)$", re.MULTILINE)
#: the exception type Python's words are, by their first words (knowledge.logs reads them without a type too)
BARE_TYPES = {"No module named": "ModuleNotFoundError", "cannot import name": "ImportError", "module": "AttributeError",
              "object": "AttributeError"}


def sphinx_unwrapped(failures: list[Failure]) -> list[Failure]:
    """Each failure, and after one whose message holds Sphinx's words around an extension's exception, that exception
    as its words tell it (its frames are the extension's, which Sphinx's message does not show)."""
    read: list[Failure] = []
    for failure in failures:
        read.append(failure)
        wrapped = _SPHINX_WRAPPED.search(failure.message) if "(exception: " in failure.message else None
        if wrapped:
            read.append(Failure.from_name(BARE_TYPES[wrapped["what"] or wrapped["object"]], wrapped["message"]))
    return read
