"""``autoglm-compat plan``: one concrete install for a contract and the user's requirement files.

:mod:`.make` makes the plan, :mod:`.resolvers` runs pip or uv, :mod:`.conflicts` reads their
refusals, :mod:`.render` shows the result. The names below are what the command line calls.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from .make import Plan, make_plan
from .render import render_text, to_json
from .resolvers import PlanError

__all__ = ["Plan", "PlanError", "make_plan", "render_text", "to_json"]
