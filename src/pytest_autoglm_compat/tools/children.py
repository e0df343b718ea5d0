"""Starting a child process that an interruption never leaves running, whenever it comes.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def interruptions_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM that come inside the block take effect where it ends.

    Python runs a signal's handler between bytecodes, and one such point is right after a call returns, before its
    result is bound: a KeyboardInterrupt raised there, when the call was ``Popen(...)``, leaves a running child that no
    name holds and nothing ends (plan's resolver outlived plan in fresh-clone runs of sessions 41 and 45: the first
    inside Popen, after its fork; the second, pid 4041, as the call returned). Inside this block a signal is only
    noted; at its end the handler it would have met runs, so the child has been bound, and registered, first.
    Off the main thread, where no handler can be set, it changes nothing.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []

    def note(signum: int, frame: object) -> None:
        noted.append(signum)

    replaced: dict[int, object] = {}
    try:
        for signum in (int(signal.SIGINT), int(signal.SIGTERM)):
            if signal.getsignal(signum) is not None:  # None: set outside Python, and not restorable from here
                replaced[signum] = signal.signal(signum, note)
        yield
    finally:
        for signum, handler in replaced.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        if noted:
            handler = replaced[noted[0]]
            if callable(handler):
                handler(noted[0], None)  # KeyboardInterrupt, as it would have been
            elif handler == signal.SIG_DFL:
                signal.raise_signal(noted[0])
