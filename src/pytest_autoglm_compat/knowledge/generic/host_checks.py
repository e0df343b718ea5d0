"""A library's check of the release of the host it plugs into or the runtime it runs on, in its own words: a backend
that supports one series of its host ("This simulator only supports Nengo 2.1.x (got 2.2.0)"), JupyterLab's checks of
its extensions, PySpark's of its workers' Python, numba's of llvmlite.

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
#: PySpark's check of the Python its workers run against the driver's: "Python in worker has different version 3.5 than
#: that in driver 3.7, PySpark cannot run with different minor versions." (holdout99a: docker-spark#58,
#: initialization-actions#291)
_PYSPARK_PYTHONS = re.compile(r"Python in worker has different version:? (?P<worker>\d+\.\d+) than that in driver:? "
                              r"(?P<driver>\d+\.\d+), PySpark cannot run with different minor versions")
#: numba's check of llvmlite at import: "Numba requires at least version 0.21.0 of llvmlite. Installed version is
#: 0.13.0." (holdout99a: radio#3)
_NUMBA_LLVMLITE = re.compile(r"Numba requires at least version (?P<need>\d[\w.]*?) of llvmlite\."
                             r"(?:\s+Installed version is (?P<found>\d[\w.]*?)\.?(?:\s|$))?")
#: and of the LLVM that llvmlite was built against: "Numba requires at least version 14.0.0 of LLVM."
_NUMBA_LLVM = re.compile(r"Numba requires at least version (?P<need>\d[\w.]*?) of LLVM\b")
#: `jupyter labextension list`'s headline over the extensions its check marked (JupyterLab 1 and 2)
_LAB_OUTDATED = re.compile(r"The following extensions? (?:are|is) outdated:(?:$|\s)")
#: what "only supports" may name that pip does not install
_NOT_PIP = frozenset({"python", "cpython", "cuda", "cudnn", "gcc", "clang", "msvc", "glibc", "driver", "nvidia",
                      "rocm"})
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("only supports", "is not compatible with the current JupyterLab", "support the current version of JupyterLab",
         "frontend extension has version", "PySpark cannot run with different minor versions",
         "Numba requires at least version", "extension are outdated", "extensions are outdated")


def host_check(failure: Failure) -> Hint | None:
    """A plugin's, backend's or host's own check that refuses a release it runs with (None: none of their words)."""
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
    spark = _PYSPARK_PYTHONS.search(message) if "PySpark cannot run" in message else None
    if spark is not None:
        return Hint(f"PySpark's workers run Python {spark['worker']} and its driver Python {spark['driver']}: PySpark "
                    "refuses workers of another minor Python than the driver's",
                    "run the driver and the workers with the same Python minor release: point PYSPARK_PYTHON (the "
                    "workers') and PYSPARK_DRIVER_PYTHON (the driver's) at interpreters of one version, or install "
                    "that Python on every node",
                    "reasoned from the log: PySpark's own check of the workers' Python", family="version-guard")
    llvm = _NUMBA_LLVM.search(message) if "of LLVM" in message else None
    if llvm is not None:  # its check of the LLVM llvmlite was built against (the session-35 second reader's numba#8908)
        return Hint(f"numba's own check at import needs an llvmlite built against LLVM {llvm['need']} or newer, and "
                    "the installed llvmlite was built against an older LLVM",
                    "install the llvmlite release its numba release pins (pip install -U numba llvmlite together; a "
                    "source build of llvmlite against the LLVM that numba release names)",
                    "reasoned from the log: numba's own check of llvmlite's LLVM", family="version-guard")
    numba = _NUMBA_LLVMLITE.search(message) if "Numba requires at least version" in message else None
    if numba is not None:
        found = f"llvmlite {numba['found']} is installed" if numba["found"] else "the installed llvmlite is older"
        return Hint(f"numba's own check at import needs llvmlite {numba['need']} or newer, and {found}",
                    f"pip install -U \"llvmlite>={numba['need']}\" (or numba and llvmlite together: each numba release "
                    "pins the llvmlite releases it works with), or a numba release that takes this llvmlite; a "
                    "development numba may need llvmlite's development build (numba's conda channel, numba/label/dev) "
                    "where no release meets it yet",
                    "reasoned from the log: numba's own check of llvmlite", family="version-guard")
    halves = _HALVES.search(message) if "frontend extension has version" in message else None
    if halves is not None and halves["front"] != halves["back"]:
        return Hint(f"the JupyterLab extension {halves['ext']}'s own check finds its frontend at {halves['front']} and "
                    f"its Python package at {halves['back']}: the two halves of one extension are of different "
                    "releases (one upgraded without the other, or an older copy in another Jupyter data folder)",
                    "install the same release of both: pip install --upgrade (or ==) the extension's Python package, "
                    "then check jupyter labextension list for a second, older copy of the frontend and remove it",
                    "reasoned from the log: the extension's own check of its frontend and backend",
                    family="version-guard")
    if _LAB_OUTDATED.match(message.strip()):
        # `jupyter labextension list`'s own check: the extensions listed below it were built for another JupyterLab
        # (holdout94a: dask-labextension#118, under JupyterLab 2.0)
        return Hint("JupyterLab's own check marks the extensions listed below it outdated: they were built against the "
                    "@jupyterlab/* packages of an older JupyterLab release than the one installed",
                    "install releases of those extensions built for this JupyterLab (jupyter labextension update "
                    "--all; a release may not exist yet), or the JupyterLab release they were built for",
                    "reasoned from the log: JupyterLab's own check of its extensions", family="version-guard")
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
