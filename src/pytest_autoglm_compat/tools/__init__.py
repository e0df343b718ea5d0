"""Commands that act on environments: plan, bisect, freeze, drift.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations
