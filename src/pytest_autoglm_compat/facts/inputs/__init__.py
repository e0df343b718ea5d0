"""Reading what users hand us: requirement files, listings of installed packages, lock files.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations
