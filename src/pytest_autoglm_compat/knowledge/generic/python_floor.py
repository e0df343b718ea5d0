"""A package's own check of the running Python, in its words (split from ``guards``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from .resolver import spec_contains as _contains

#: a package's own check of the running Python: "RuntimeError: Python version >= 3.8 required.", and with the one
#: Python 2 release it still admits: "Python version 2.7 or >= 3.4 required." (holdout93a: tweets_analyzer#25, numpy
#: 1.12's setup.py)
#: and "Python version 2.7 or 3.4+ is required." (holdout114a: absl-py 0.9.0's setup.py, abseil-py#208, Ciphey#789)
_PYTHON_FLOOR = re.compile(r"\bPython (?:version )?(?:(?P<two>2\.\d{1,2}) or )?(?P<spec>>=\s*3\.\d{1,2}|3\.\d{1,2}\+) "
                           r"(?:is )?required")


def python_floor(message: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """The package's own Python floor, and the Python it refused (None: no such check in the message)."""
    floor = _PYTHON_FLOOR.search(message) if "ython" in message else None
    if floor is None:
        return None
    spec, two = floor["spec"].replace(" ", ""), floor["two"]
    if spec.endswith("+"):
        spec = f">={spec[:-1]}"
    need = spec.lstrip(">=")
    python = version_of("python")
    if python and _contains(spec, python) is True and re.match(r"3\.\d\d", python):
        # a check that reads the version as text ("3.10" < "3.4"): absl-py 0.9.0's setup.py under Python 3.10+
        return Hint(f"the package's own check requires Python {f'{two} or ' if two else ''}{spec} and refuses "
                    f"Python {python}, which meets it: the check compares the version as text (Python 3.10 read as "
                    "3.1), a bug of that release",
                    "install a newer release of the package (its check fixed), or run it with a Python before 3.10",
                    "reasoned from the log: the package's own Python version check, beside the Python the log "
                    "shows", family="version-guard")
    return Hint(f"the package's own check requires Python {f'{two} or ' if two else ''}{spec}, and this Python is "
                + (f"another (an older 2.x, or a 3.x before {need})" if two else "older"),
                f"run it with Python {f'{two} or ' if two else ''}{need} or newer (a venv made with python{need}), "
                "or a release of the package that still admits this Python",
                "reasoned from the log: the package's own Python version check", family="version-guard")
