"""The tools' children are ended where the start itself is interrupted (a real child, a real process group)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from pytest_autoglm_compat.tools.bisect import envs
from pytest_autoglm_compat.tools.children import EndedChild
from pytest_autoglm_compat.tools.plan import resolvers

pytestmark = pytest.mark.skipif(os.name == "nt", reason="process groups: POSIX")


class _InterruptedOnStart(EndedChild):
    """Ctrl-C handled after the fork, while Popen waits for the child's exec: the window a real interrupt hits."""

    def _execute_child(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        super()._execute_child(*args, **kwargs)  # type: ignore[misc]
        raise KeyboardInterrupt


@pytest.mark.parametrize("end", [resolvers._end, envs._end], ids=["plan", "bisect"])
def test_a_child_whose_start_is_interrupted_is_ended(end: Any) -> None:
    with pytest.raises(KeyboardInterrupt) as caught:
        _InterruptedOnStart([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True, end=end)
    pid = caught.traceback[-1].frame.f_locals["self"].pid
    with pytest.raises(ProcessLookupError):  # ended and reaped: no such process
        os.kill(pid, 0)


def test_a_plain_child_runs_as_popen_does() -> None:
    with EndedChild([sys.executable, "-c", "print('ok')"], stdout=subprocess.PIPE, text=True,
                    end=resolvers._end) as proc:
        assert proc.communicate()[0] == "ok\n"
    assert proc.returncode == 0
