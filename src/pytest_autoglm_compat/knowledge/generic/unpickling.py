"""Whether a failure was raised by unpickling a file: the module path it asks for is the file's, not code's.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ..failure import Failure

#: the innermost frame's line that unpickles (the C unpickler runs no frame of its own): pickle's, joblib's, dill's,
#: torch's or NumPy's loads, pandas' read_pickle, an Unpickler's load
_UNPICKLING = re.compile(r"\b(?:c?[Pp]ickle|_pickle|dill|cloudpickle|joblib|torch|np|numpy)\.loads?\(|"
                         r"\b[Uu]npickler\b|\bread_pickle\(")
#: frames of the unpicklers written in Python, where their own frame is the innermost
_UNPICKLER_FRAMES = ("pickle:find_class", "pickle:load", "pickle:_load", "torch.serialization:find_class",
                     "dill._dill:find_class", "joblib.numpy_pickle:load", "pandas.io.pickle:read_pickle")


def unpickling(failure: Failure) -> bool:
    """An import that unpickling a file made: an ImportError under an unpickler's line or frame (an AttributeError
    there is as often the code's own, ``np.load(p).astype(np.float)``: the second reader's case)."""
    if not failure.is_a("builtins.ImportError"):
        return False
    innermost = failure.frames[-1] if failure.frames else ""
    return bool((failure.source and _UNPICKLING.search(failure.source)) or innermost in _UNPICKLER_FRAMES)
