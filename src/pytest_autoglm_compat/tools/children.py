"""A child process a tool starts that an interruption never leaves running, whenever it comes.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Callable
from typing import Any


class EndedChild(subprocess.Popen):  # type: ignore[type-arg]
    """A Popen whose child is ended where the start itself is interrupted.

    The child runs from the moment it is forked, and ``Popen`` waits for its exec before it returns: a Ctrl-C or SIGTERM
    handled in that window (milliseconds, more on a loaded machine) left it running with no Popen to end it by (plan's
    resolver outlived plan in a fresh-clone run of session 41; bisect's installers had the same window). ``end``: how
    the tool ends its children (plan's resolver at once; bisect's commands SIGTERM, then SIGKILL).
    """

    def __init__(self, *args: Any, end: Callable[[subprocess.Popen[Any]], None], **kwargs: Any) -> None:
        try:
            super().__init__(*args, **kwargs)
        except BaseException:
            if getattr(self, "pid", None):
                end(self)
                with contextlib.suppress(ChildProcessError, subprocess.TimeoutExpired):
                    self.wait(timeout=10)  # reaped, and its return code kept: Popen's __del__ warns of no child
            raise
