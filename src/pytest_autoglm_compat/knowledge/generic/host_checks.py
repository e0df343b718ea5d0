"""A library's check of the release of the host it plugs into, in its own words: a backend that supports one series of
its host ("This simulator only supports Nengo 2.1.x (got 2.2.0)"), JupyterLab's check of its extensions.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure
from .names import distribution_of, top

#: a library's own check of the one release series it supports: "ValueError: This simulator only supports Nengo 2.1.x
#: (got 2.2.0)" (holdout94a: nengo-ocl#127)
_ONE_SERIES = re.compile(r"only supports (?P<name>[A-Za-z][\w.-]{0,40}) (?P<series>\d+(?:\.\d+){0,2})\.x "
                         r"\(got (?P<found>\d+(?:\.\d+){1,3}[\w.+-]*)\)")
#: JupyterLab's check of an installed extension against its own @jupyterlab/* packages (a table of their ranges below):
#: '"@jupyterlab/github@0.5.0" is not compatible with the current JupyterLab' (holdout94a: jupyterlab#4408), 'The
#: extension "jupyterlab-flake8" does not yet support the current version of JupyterLab.' (jupyterlab-flake8#33)
_LAB_EXTENSION = re.compile(r'"(?P<ext>@?[\w.-]+(?:/[\w.-]+)?)@(?P<version>\d[\w.-]*)" is not compatible with the '
                            r'current JupyterLab|The extension "(?P<ext2>@?[\w.-]+(?:/[\w.-]+)?)" does not yet support '
                            r"the current version of JupyterLab|(?P<this>This) extension does not yet support the "
                            r"current version of JupyterLab")
#: a JupyterLab extension's check of its two halves: "The @jupyterlab/git frontend extension has version: 0.50.0 while
#: the python package has version 0.50.1." (holdout96a: jupyterlab-git#1333)
_HALVES = re.compile(r"The (?P<ext>@?[\w.-]+(?:/[\w.-]+)?) frontend extension has version:? (?P<front>\d[\w.]*?) while "
                     r"the python package has version:? (?P<back>\d[\w.]*?)\.?(?:\s|$)")
#: what "only supports" may name that pip does not install
_NOT_PIP = frozenset({"python", "cpython", "cuda", "cudnn", "gcc", "clang", "msvc", "glibc", "driver", "nvidia",
                      "rocm"})
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("only supports", "is not compatible with the current JupyterLab", "support the current version of JupyterLab",
         "frontend extension has version")


def host_check(failure: Failure) -> Hint | None:
    """A plugin's or backend's check that refuses the release of its host (None: neither's words)."""
    message = failure.message
    series = _ONE_SERIES.search(message) if "only supports" in message and "(got " in message else None
    if series is not None:
        name, wanted, found = series["name"], series["series"], series["found"]
        if found.startswith(f"{wanted}."):
            return None  # the release found is of the series it supports: the words say no mismatch
        checker = (top(failure.frames[-1].partition(":")[0]) if failure.frames else "")
        who = distribution_of(checker) if checker and checker != name.lower() else "the checking library"
        dist = name.lower()
        # a Python, a CUDA or a compiler is no distribution pip installs (the second reader's cases)
        install = (f"use {name} {wanted}.x" if dist in _NOT_PIP else
                   f"install {name} {wanted}.x (pip install \"{dist}=={wanted}.*\")")
        return Hint(f"{who}'s own check supports {name} {wanted}.x only, and {name} {found} is installed",
                    f"{install}, or a release of {who} that supports {name} {found}",
                    f"reasoned from the log: {who}'s own check of the {name} release", family="version-guard")
    halves = _HALVES.search(message) if "frontend extension has version" in message else None
    if halves is not None and halves["front"] != halves["back"]:
        return Hint(f"the JupyterLab extension {halves['ext']}'s own check finds its frontend at {halves['front']} and "
                    f"its Python package at {halves['back']}: the two halves of one extension are of different "
                    "releases (one upgraded without the other, or an older copy in another Jupyter data folder)",
                    "install the same release of both: pip install --upgrade (or ==) the extension's Python package, "
                    "then check jupyter labextension list for a second, older copy of the frontend and remove it",
                    "reasoned from the log: the extension's own check of its frontend and backend",
                    family="version-guard")
    lab = _LAB_EXTENSION.search(message) if "JupyterLab" in message else None
    if lab is not None:
        extension = lab["ext"] or lab["ext2"] or "the extension"
        release = f"{extension} {lab['version']}" if lab["version"] else extension
        named = f"the extension {release}" if lab["this"] is None else "an extension (the log names it above)"
        return Hint(f"JupyterLab's own check refuses {named}: it was built against the "
                    "@jupyterlab/* packages of another JupyterLab release (its table of conflicting dependencies, "
                    "where printed, lists the ranges each asks)",
                    f"install a release of {extension} built for this JupyterLab (jupyter labextension update "
                    f"{extension if lab['this'] is None else '<name>'}, or its pip package's newer release), or the "
                    "JupyterLab release it was built for",
                    "reasoned from the log: JupyterLab's own check of its extensions", family="version-guard")
    return None
