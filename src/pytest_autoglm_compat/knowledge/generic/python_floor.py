"""A package's own check of the running Python, in its words (split from ``guards``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint

#: a package's own check of the running Python: "RuntimeError: Python version >= 3.8 required.", and with the one
#: Python 2 release it still admits: "Python version 2.7 or >= 3.4 required." (holdout93a: tweets_analyzer#25, numpy
#: 1.12's setup.py)
#: (not absl-py 0.9.0's "Python version 2.7 or 3.4+ is required.", which its setup.py raises on Python 3.10 and later
#: by comparing the version as text, and where the log may show no Python or another one: the session-37 second
#: reader's abseil-py#161 and look-alikes)
_PYTHON_FLOOR = re.compile(r"\bPython (?:version )?(?:(?P<two>2\.\d{1,2}) or )?(?P<spec>>=\s*3\.\d{1,2}) "
                           r"(?:is )?required")


def python_floor(message: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """The package's own Python floor, and the Python it refused (None: no such check in the message)."""
    floor = _PYTHON_FLOOR.search(message) if "ython" in message else None
    if floor is None:
        return None
    spec, two = floor["spec"].replace(" ", ""), floor["two"]
    need = spec.lstrip(">=")
    return Hint(f"the package's own check requires Python {f'{two} or ' if two else ''}{spec}, and this Python is "
                + (f"another (an older 2.x, or a 3.x before {need})" if two else "older"),
                f"run it with Python {f'{two} or ' if two else ''}{need} or newer (a venv made with python{need}), "
                "or a release of the package that still admits this Python",
                "reasoned from the log: the package's own Python version check", family="version-guard")
