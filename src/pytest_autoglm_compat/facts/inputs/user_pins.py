"""The exact versions a user's file pins, whatever kind of file it is: one reader for ``check`` and ``bisect``.

A TOML lock (pylock.toml, uv.lock) is read by :mod:`.lockfile`; anything else (requirement files,
pip freeze, listings) by :mod:`.requirement_files`, whose exact versions become the same
:class:`~.lockfile.Pins`. Both raise :class:`~.lockfile.LockfileError` or
:class:`~.requirement_files.InputError` (:data:`READ_ERRORS`) with a message for the user.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping

from . import lockfile
from . import requirement_files as ri

__all__ = ["READ_ERRORS", "base_pins", "read_user_file"]

#: what reading a user's file raises, its message ready for the user
READ_ERRORS = (lockfile.LockfileError, ri.InputError)


def read_user_file(path: str, marker_env: Mapping[str, str]) -> tuple[lockfile.Pins, ri.UserInput | None]:
    """A pylock.toml/uv.lock (pins, no user input), or anything requirement_files reads (ranges or installed state)."""
    if lockfile.is_lock(path):
        return lockfile.read_pins(path, marker_env), None
    user = ri.read(path, marker_env)
    # a report's Python is the snapshot's own (checked as the environment's), not a lock's target
    python = user.python if user.machine is None else None
    return lockfile.Pins(path, user.exact_versions(), (), python, user.machine), user


def base_pins(path: str, marker_env: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The file's '==' pins, and the lines it states as ranges (left out of an environment built from the pins)."""
    if lockfile.is_lock(path):
        return dict(lockfile.read_pins(path, marker_env).packages), []
    user = ri.read(path, marker_env)
    exact = dict(user.exact_versions())
    return exact, [e.text for e in user.entries if e.name not in exact]
