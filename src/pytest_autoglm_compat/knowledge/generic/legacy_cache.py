"""Code written for the tuple cache indexing one of transformers' Cache objects.

Before transformers 4.36.0 a model's ``past_key_values`` was a tuple of per-layer
``(key, value)`` tuples, and code read it as ``past_key_values[0][0].shape[2]``.
4.36.0 brought ``transformers.cache_utils`` (the atlas reads the module first in
4.36.0), and later releases pass a ``DynamicCache`` where the tuple (or None, at the
first step) was; indexing a layer the cache does not hold yet raises its own
``KeyError: 'Cache only has 0 layers, attempted to access layer with index 0'``
(``DynamicCache.__getitem__``). The threads that report it are code written for
the tuples (H2O, KVSharer, OmniQuant, AutoGPTQ's fused attention, a repository's
patched modeling file): the code and the installed transformers do not fit.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from .api import REMOTE_CODE_FIX
from .names import distribution_of, is_standard, package_frames, top

_WORDS = "attempted to access layer with index"
_CACHE_INDEX = re.compile(r"Cache only has (?P<layers>\d+) layers, attempted to access layer with index (?P<index>\d+)")
#: the module that raises it, and the release that brought the Cache classes (the atlas: transformers.cache_utils is
#: first read in 4.36.0)
_RAISER = "transformers.cache_utils"
_CACHE_CAME = "4.36.0"


def legacy_cache(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A Cache indexed by layer before it holds that layer, by code outside transformers (or code not shown)."""
    found = _CACHE_INDEX.search(failure.message) if _WORDS in failure.message else None
    if found is None or found["layers"] != "0":
        # only an empty cache says the code expected the tuples (or None) of the first step; a layer past the end of
        # a filled one is a layer count's slip (the second reader's layer-skipping "16 layers, index 16")
        return None
    frames = [f for f in failure.frames or () if not is_standard(f.partition(":")[0])]
    asking = next((f for f in reversed(frames) if not f.startswith(f"{_RAISER}:")), "")
    asker = asking.partition(":")[0]
    if top(asker) == "transformers":
        return None  # transformers' own code indexing its own cache: one release's bug, not two that do not fit
    version = version_of("transformers")
    installed = f"transformers {version}" if version else "the installed transformers"
    remote = asker.startswith("transformers_modules.")
    # a package's frame is named; a script's may be a cut paste's outer frame, not the line that indexed
    package = distribution_of(asker) if asker and package_frames((asking,), failure.packages) else None
    who = ("the model repository's code" if remote else f"{package}'s code ({asker})" if package
           else "the code that indexes it")
    cause = (f"{who} reads past_key_values as the tuple of per-layer (key, value) tuples transformers passed before "
             f"{_CACHE_CAME}, and {installed} passes a Cache object (transformers.cache_utils, from {_CACHE_CAME}) "
             f"that does not hold layer {found['index']} yet: the code was written for an older transformers")
    downgrade = (f"the transformers release that code was written for (one that passes the tuples there; before "
                 f"{_CACHE_CAME} it always did: pip install \"transformers<{_CACHE_CAME}\")")
    fix = (REMOTE_CODE_FIX if remote
           # a package follows transformers in its later releases (unsloth needs a new transformers: unsloth#702)
           else f"install a release of {package} written for transformers' Cache classes (a newer {package}), or "
                f"{downgrade}" if package
           else f"install {downgrade}, or a release of the code written for the Cache classes")
    return Hint(cause, fix, "reasoned from the log: the Cache's own KeyError (DynamicCache.__getitem__) for a layer "
                "it does not hold, asked by code outside transformers", family="remote-code-mismatch" if remote
                else "api-mismatch")
