"""One module per requirement kind: requirement x facts -> verdicts.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations
