"""An old Python's words for an import or attribute error, which leave the module out: the frame's source line names
it (split from ``api``, which reads them as Python 3 words them).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ..failure import Failure
from .names import CONVENTIONAL_ALIASES, distribution_of, top
from .unfit import known_distribution

#: "cannot import name 'X'" (before 3.7), Python 2's "'module' object has no attribute 'X'"
IMPORT_NAME_ONLY = re.compile(r"cannot import name '?(?P<name>\w+)'?_?\s*$")  # '_: markdown's italics (quadpy#113)
_PY2_MODULE_ATTRIBUTE = re.compile(r"^'module' object has no attribute '(?P<name>\w+)'\s*$")
#: Python 2's words for a submodule not found, the package part left out and no quotes: "No module named api.types"
_PY2_NO_MODULE = re.compile(r"No module named (?P<tail>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*$")


def name_from_source(failure: Failure) -> tuple[str, str] | None:
    """"cannot import name 'WarmupLinearSchedule'" under "from transformers import AdamW, WarmupLinearSchedule":
    (module, name)."""
    found = IMPORT_NAME_ONLY.match(failure.message) if failure.source else None
    if found is None or failure.source is None:
        return None
    # the name among those imported, or a statement whose names follow on lines the traceback does not show
    # (a parenthesis left open: the names go on below, holdout146a's backtrader "from matplotlib.dates import
    # (HOURS_PER_DAY, MIN_PER_HOUR, SEC_PER_MIN,")
    statement = re.match(rf"\s*from (?P<module>[A-Za-z_][\w.]*) import\b(?:[^#]*\b{found['name']}\b|\s*\([^()#]*$)",
                         failure.source)
    return None if statement is None else (statement["module"], found["name"])


def py2_submodule(failure: Failure) -> str | None:
    """Python 2's "No module named api.types" under "from pandas.api.types import is_categorical_dtype": the module
    Python 3 would name ("pandas.api.types"), read from the frame's import statement (holdout144a: dask#2454, #2306,
    DeepOcclusion#4); None where the statement imports no dotted module ending so, or one of no known distribution."""
    found = _PY2_NO_MODULE.match(failure.message) if failure.source else None
    if found is None or failure.source is None:
        return None
    tail = re.escape(found["tail"])
    statement = re.match(rf"\s*(?:from|import) (?P<module>[A-Za-z_][\w.]*\.{tail})(?![\w.])", failure.source)
    if statement is None or not known_distribution(distribution_of(top(statement["module"]))):
        return None  # a checkout's own folder ("tools.setup_helpers.env": holdout14b's pytorch#759), no release's
    return str(statement["module"])


def py2_module_attribute(failure: Failure) -> str | None:
    """Python 2's "'module' object has no attribute 'umr_sum'" under a line reading "numpy.core._methods.umr_sum":
    the message as Python 3 prints it (None: the line names no dotted module)."""
    found = _PY2_MODULE_ATTRIBUTE.match(failure.message) if failure.source else None
    if found is None or failure.source is None:
        return None
    dotted = re.search(rf"(?<![\w.])(?P<module>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.{found['name']}\b", failure.source)
    if dotted is None or dotted["module"] in ("self", "cls"):
        return None
    # a package's conventional alias stands for it ("nx.read_dot": networkx; holdout89a, misc-scripts#1)
    first, dot, rest = dotted["module"].partition(".")
    return f"module '{CONVENTIONAL_ALIASES.get(first, first)}{dot}{rest}' has no attribute '{found['name']}'"
