"""What the API atlas says changed of a name, module or attribute a log asked for, and whether a package's own
code ever imports one of its submodules: one that none of its other modules imports is
bound as the package's attribute only where the program imported it itself ("import pymc.sampling_jax"), so
"module 'pymc' has no attribute 'sampling_jax'" says the import is missing, not that a release removed it
(holdout164a's distractor pymc#5468: pymc 4.0's sampling_jax, which needs jax, imported by nothing in pymc).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools

from .atlas import Change, _atlas, _entry, _indexes, asked_change, in_every_release_read, module_change
from .atlas_limits import backend_gated, made_at_import
from .unfit import came_with_its_package


@functools.lru_cache(maxsize=256)
def imported_by_nothing(dist: str, module: str) -> bool:
    """Whether no other module of ``dist`` binds a function or class ``module`` defines, in a release that has
    ``module`` (False where the atlas does not hold it or it defines nothing: a package's folder says nothing).
    A module that binds one of them imported it (osmnx's __init__ binds osmnx.speed's add_edge_speeds)."""
    data = _atlas(dist)
    sub = _entry(dist, module)
    if data is None or sub is None:
        return False
    defined = {name for name in (*sub.get("functions", {}), *sub.get("classes", {})) if not name.startswith("__")}
    if not defined:
        return False
    releases = _indexes(sub["at"], frozenset())
    top = module.partition(".")[0]
    for other in data["modules"]:
        if other == module or other.startswith(f"{module}.") or other.partition(".")[0] != top:
            continue
        entry = _entry(dist, other)
        if entry is None:
            continue
        within = _indexes(entry["at"], frozenset())
        if not within & releases:
            continue
        for name in defined & set(entry.get("names", {})):
            # a function of that name the other module defines itself is its own, not the submodule's
            if name in entry.get("functions", {}) or name in entry.get("classes", {}):
                continue
            if _indexes(entry["names"][name], within) & releases:
                return False
    return True


def atlas_change(owner: str | None, what: str, module: str | None, name: str, installed: str | None) -> Change | None:
    """The atlas's release that removed or added what was asked (``what``: "the name X from M", "the module M",
    or M.X read as an attribute), where it fits the version the log shows."""
    if owner is None or module is None:
        return None
    if what.startswith("the module ") and made_at_import(owner, name):
        return None  # a generated API module (tensorflow.compat, tensorflow.data): no file read dates it
    change = asked_change(owner, module, name, importable=what.startswith("the name "))
    # a submodule every release has, read as an attribute, where a release's own package stopped importing it (Sphinx
    # 8.2.0's sphinx.util no longer imports console: holdout124a's pint#2143, nbsphinx#825): code that read it without
    # an import was written for the releases that did
    unbound = not what.startswith("the ") and change is not None and change.removed_in is not None
    if change is not None and ((in_every_release_read(owner, f"{module}.{name}") is not None
                                and not unbound) or (change.added_in is None
                                                     and backend_gated(owner, name, installed))):
        # "from torch import _C" imports the submodule in every release read, bound in torch/__init__ or not (the
        # second reader's "cannot import name '_C' from 'torch'": a source tree shadowing torch, not 1.6.0's name);
        # read as an attribute, it is bound where another module imported it ("module 'cupy.cuda' has no 'cufft'")
        return None
    if change is None and what.startswith("the name "):
        # "from google.protobuf.internal import builder" imports the submodule where a release has it (3.20.0 added it)
        change = (None if came_with_its_package(owner, module, name, True)
                  else module_change(owner, f"{module}.{name}"))
    elif change is None and not what.startswith("the "):
        # a module's attribute that was its submodule until a release removed it: no import brings it back there
        # (osmnx 2.0.0 removed osmnx.speed, "module 'osmnx' has no attribute 'speed'": holdout96a's networkx#7769); one
        # every release has is as often a submodule not imported yet (speechbrain#1568), as is one no module of its
        # package imports, where the log shows no release (imported_by_nothing: pymc#5468's pymc.sampling_jax)
        change = module_change(owner, f"{module}.{name}")
        change = change if change is not None and change.removed_in is not None and (
            installed or not imported_by_nothing(owner, f"{module}.{name}")) else None
    return change.narrowed(installed) if change is not None else None
