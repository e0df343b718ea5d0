"""What the stack's failures mean: known failures (data) and reading pasted logs.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations
