"""A build that cannot find Python.h: this Python's development headers are not installed (split from ``builds``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import SYSTEM_COMPONENT, Hint

#: an installed package's own C source compiled where it lies (".../site-packages/markupsafe/_speedups.c:1:10: fatal
#: error"): a tool of the user's compiling it, no build of the package
_INSTALLED_SOURCE = re.compile(r"[\\/](?:site|dist)-packages[\\/][^\s:'\"]{1,300}\.c:\d+(?::\d+)?: fatal error")
_HEADERS_FIX = ("install this Python's headers (Debian/Ubuntu: apt-get install python3-dev, or python3.X-dev for a "
                "python3.X that is not the system's; Fedora: dnf install python3-devel), or use a prebuilt wheel of "
                "the package")


def python_headers(message: str, optional: bool) -> Hint:
    """The build's failure for want of Python's headers (an extension-build in the briefs' words: 7 of 9 corpus cases so
    labelled; holdout19b's two distractors, of an earlier brief, carry it as `also` since session 40); told aside as a
    system component where no build failed for it: an optional speedup the build went on without (``optional``:
    "Retrying the build without the C extension"), or a tool compiling an installed package's source (the session-40
    second reader's markupsafe#312)."""
    if optional or _INSTALLED_SOURCE.search(message):
        return Hint("the build cannot find Python.h: the development headers of this Python are not installed (an OS "
                    "package, not a pip one): a system package is missing, not a version mismatch", _HEADERS_FIX,
                    "reasoned from the log: the build's own error", family=SYSTEM_COMPONENT)
    return Hint("the build cannot find Python.h: the development headers of this Python are not installed (an OS "
                "package, not a pip one; an embedded Python, such as ComfyUI's portable one, ships none), so no C "
                "extension can be compiled for it",
                f"{_HEADERS_FIX} for this Python (the only way for an embedded Python)",
                "reasoned from the log: the build's own error", family="extension-build")
