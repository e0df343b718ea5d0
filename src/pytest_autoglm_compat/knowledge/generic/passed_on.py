"""A keyword a library's wrapper only passes on, chosen by the user's own code that called it (split from ``api``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ..failure import Failure
from .names import package_frames

#: a call that passes on only the arguments its frame was given: "return func(**kwargs)", "f(*args, **kw)"
_PASSES_ON = re.compile(r"^\s*(?:return\s+)?[\w.]+\(\s*(?:\*\w+\s*,\s*)?\*\*\w+\s*\)\s*$")


def passed_on_from_users_code(failure: Failure, asking: str) -> bool:
    """The asking frame's line, as the log shows it, passes on the keywords it was given, and the frame that called it
    is shown and is no package's (a notebook cell's, a script's)."""
    frames, sources = failure.frames or (), failure.sources or ()
    at = len(frames) - 1 - frames[::-1].index(asking)
    if at == 0 or at >= len(sources) or _PASSES_ON.match(sources[at]) is None:
        return False
    caller = frames[at - 1].partition(":")[0]
    return caller == "<ipython-input>" or not package_frames((frames[at - 1],), failure.packages)
