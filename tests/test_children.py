"""The tools' children are ended whenever an interruption comes while they start (a real child, a real process group,
real signals)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from typing import Any, ClassVar

import pytest

from pytest_autoglm_compat.cli import common
from pytest_autoglm_compat.tools.children import interruptions_deferred
from pytest_autoglm_compat.tools.plan import resolvers

pytestmark = pytest.mark.skipif(os.name == "nt", reason="process groups and raise_signal's SIGTERM: POSIX")

_SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


def test_a_signal_inside_the_block_takes_effect_where_it_ends() -> None:
    after: list[str] = []

    def block() -> None:
        with interruptions_deferred():
            signal.raise_signal(signal.SIGINT)
            after.append("bound")

    with pytest.raises(KeyboardInterrupt):
        block()
    assert after == ["bound"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_sigterm_inside_the_block_meets_the_cli_handler_it_replaced() -> None:
    previous = common.sigterm_as_interrupt()
    try:
        with pytest.raises(KeyboardInterrupt), interruptions_deferred():
            signal.raise_signal(signal.SIGTERM)
        assert common.terminated()
        assert signal.getsignal(signal.SIGTERM) is common._on_sigterm
    finally:
        common.restore_sigterm(previous)


def test_off_the_main_thread_the_handlers_are_left_alone() -> None:
    seen: list[object] = []

    def body() -> None:
        with interruptions_deferred():
            seen.append(signal.getsignal(signal.SIGINT))

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    assert seen == [signal.default_int_handler]


class _InterruptedAsItReturns(subprocess.Popen):  # type: ignore[type-arg]
    """Ctrl-C arriving as Popen returns: without the deferral its handler runs before the caller binds the child."""

    pids: ClassVar[list[int]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pids.append(self.pid)
        signal.raise_signal(signal.SIGINT)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_plans_resolver_interrupted_as_it_starts_is_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subprocess, "Popen", _InterruptedAsItReturns)
    _InterruptedAsItReturns.pids.clear()
    with pytest.raises(KeyboardInterrupt):
        resolvers._run_resolver(_SLEEPER, env=os.environ, timeout=60, what="pip")
    (pid,) = _InterruptedAsItReturns.pids
    assert _gone(pid)  # ended and reaped


def test_a_plain_resolver_runs_as_popen_does() -> None:
    code, out, _ = resolvers._run_resolver([sys.executable, "-c", "print('ok')"], env=os.environ, timeout=60,
                                           what="pip")
    assert (code, out) == (0, "ok\n")
