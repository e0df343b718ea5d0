"""gym 0.26.0's step and reset: five values from step (obs, reward, terminated, truncated, info) where four were
(obs, reward, done, info), and (obs, info) from reset where obs was. Code and environment (or a wrapper between them)
on two sides of that change fail in Python's unpacking words (holdout54a: easy-rl#126, framework_tutorial#5,
gym#3165; holdout107a: HighwayEnv#371).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

_UNPACK = re.compile(r"(?:not enough|too many) values to unpack \(expected (?P<expected>\d)(?:, got (?P<got>\d))?\)")
#: the gym (gymnasium) frames or the line that unpacks a step or a reset
_GYM_FRAME = re.compile(r"^(?:gym|gymnasium)\.")
_CALL = re.compile(r"\.(?P<call>step|reset)\(")


def gym_step_api(failure: Failure) -> Hint | None:
    """The answer for a step or reset unpacked by the other side of gym 0.26's API (None: anything else)."""
    found = _UNPACK.search(failure.message) if "values to unpack" in failure.message else None
    if found is None or not failure.is_a("builtins.ValueError"):
        return None
    call = _CALL.search(failure.source or "")
    gym_frame = any(_GYM_FRAME.match(frame) for frame in failure.frames or ())
    if call is None or not (gym_frame or "env" in (failure.source or "")):
        return None
    expected, got = int(found["expected"]), found["got"]
    step = call["call"] == "step"
    if step and not ((expected == 5 and got == "4") or (expected == 4 and got is None)):
        return None
    if not step and not (expected == 2 and got is None):
        return None
    if step and expected == 5:
        cause = ("the code unpacks five values from step() (gym 0.26's obs, reward, terminated, truncated, info), and "
                 "the environment returns the four of gym before 0.26 (obs, reward, done, info)")
    elif step:
        cause = ("the code unpacks four values from step(), as gym before 0.26 returned them, and the environment "
                 "returns the five of gym 0.26 and later")
    else:
        cause = ("the code unpacks reset() into (obs, info), as gym 0.26 returns it, and the environment returns "
                 "another shape (gym before 0.26 returned obs alone)")
    return Hint(cause,
                "use code and environments of one side of gym 0.26.0 (step returns five values, reset returns obs and "
                "info): gym>=0.26 or gymnasium with code written for them, or pin gym<0.26 for code written before "
                "(obs, reward, done, info = env.step(action))",
                "reasoned from the log: Python's unpacking of a gym step or reset (gym 0.26.0's API change)",
                family="api-mismatch")
