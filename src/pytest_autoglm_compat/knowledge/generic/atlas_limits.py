"""What the atlas cannot settle from the files it read: names only an optional import binds, and modules made at
import time (lazy loaders, generated API folders), where a missing name or module is no release's lack.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.version import InvalidVersion, Version

from .atlas import _compiled, _entry, _indexes, _releases, name_present_throughout


def optional_then_gone(dist: str, module: str, name: str) -> tuple[Version, Version] | None:
    """(the last release that may have it, the first without it after it): a name bound only where an optional import
    succeeds, which later releases lack (``scipy.misc.imread``: with Pillow only up to 1.2.3, gone from 1.3.0)."""
    entry = _entry(dist, module)
    if entry is None or name in entry["names"]:
        return None
    maybe = _indexes(entry.get("optional", {}).get(name, ""), frozenset())
    if not maybe or _indexes(entry.get("maybe", {}).get(name, ""), frozenset()) - maybe:  # maybe for another reason
        return None
    later = sorted(i for i in _indexes(entry["at"], frozenset()) | _compiled(entry) if i > max(maybe))
    return (_releases(dist)[max(maybe)], _releases(dist)[later[0]]) if later else None


#: packages that make their API modules at import time from generated folders, none of which the atlas reads
GENERATED_API = frozenset({"tensorflow", "tensorflow-gpu", "tensorflow-cpu", "tf-nightly"})


def made_at_import(dist: str, module: str) -> bool:
    """The module, or a package above it, is compiled or made at import time (``tf.keras``, lazily loaded) and has no
    Python file in the newest release read, or it is one of the API modules its package makes from generated folders
    (TensorFlow 1.12 on: ``__path__`` gets ``_api/vN``; 1.15 to 2.1 forward them from ``tensorflow_core``, each its own
    way): whether the module is there, no file read tells."""
    if dist in GENERATED_API:
        return _generated(dist, module)
    newest = len(_releases(dist)) - 1
    for depth in range(module.count(".")):
        entry = _entry(dist, module.rsplit(".", depth)[0] if depth else module)
        if entry is not None and newest in _compiled(entry) and newest not in _indexes(entry["at"], frozenset()):
            return True
    return False


#: API folders TensorFlow puts on its __path__ from other distributions: tensorflow_estimator's (1.13 on) and keras'
#: (2.6 on), whatever files of its own wheel once had the name (the session-20 second reader's tf.estimator)
_OTHER_DISTRIBUTIONS_API = frozenset({"estimator", "keras"})


def _generated(dist: str, module: str) -> bool:
    """A module of an API folder some release generated (``tensorflow.compat``: ``tensorflow/_api/v2/compat``), or one
    the atlas did not read at all; not a package's own (``tensorflow.contrib``, which 2.0.0 removed)."""
    top, _, rest = module.partition(".")
    if not rest or _entry(dist, module) is None or rest.partition(".")[0] in _OTHER_DISTRIBUTIONS_API:
        return True
    return any(_entry(dist, f"{package}._api.{api}.{rest}") is not None
               for package in (top, f"{top}_core") for api in ("v1", "v2"))


def bound_from(dist: str, module: str, name: str, installed: str | None) -> Version | None:
    """The release from which ``module`` binds its submodule ``name`` itself (shapely 2.0.0's ``shapely.geometry``: its
    ``__init__`` imports it), where every release read has the submodule, the releases before that one do not bind it,
    and the installed release the log shows (if any) is one of those (None: otherwise)."""
    parent, child = _entry(dist, module), _entry(dist, f"{module}.{name}")
    releases = _releases(dist)
    if parent is None or child is None or name not in parent["names"] or not releases:
        return None
    within = _indexes(parent["at"], frozenset(range(len(releases))))
    bound = _indexes(parent["names"][name], within)
    if not bound or not within <= _indexes(child["at"], within) or bound == within:
        return None
    first = min(bound)
    if bound != frozenset(i for i in within if i >= first):
        return None  # bound in some releases only, not from one on
    try:
        return releases[first] if installed is None or Version(installed) < releases[first] else None
    except InvalidVersion:
        return None


#: packages whose top-level names a backend gates: transformers binds its torch models only where torch is installed,
#: its TF and Flax ones only where TensorFlow or Flax is (a dummy object that raises otherwise, or no name at all)
_GATED = {"transformers": re.compile(r"(?:TF|Flax)[A-Z]\w*$|[A-Z]\w*(?:Model|For[A-Z]\w*|LMHeadModel)$"),
          "diffusers": re.compile(r"Flax[A-Z]\w*$|[A-Z]\w*(?:Pipeline|Model\w*)$")}
_OTHER_BACKEND = re.compile(r"(?:TF|Flax)[A-Z]\w*$")


def backend_gated(dist: str, name: str, installed: str | None, module: str | None = None) -> bool:
    """A model class of a package whose backends gate it: missing it says the backend (torch, TensorFlow, Flax) is not
    installed as often as a release's lack. Without ``module``: a TensorFlow or Flax class where no release shows
    (deep_transfer_learning_nlp_dhs2019#1, transformers 2.x without TensorFlow, told as transformers 5's removal); with
    it: a class every release read has there (DeepPavlov#1208, no torch; both the session-33 second reader's)."""
    gated = _GATED.get(dist)
    if gated is None or not gated.match(name):
        return False
    if module is None:
        return installed is None and _OTHER_BACKEND.match(name) is not None
    return module == dist and name_present_throughout(dist, module, name)
