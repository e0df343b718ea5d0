"""Value objects: requirements, verdicts, parsed values and contract files. Imports nothing of ours above it.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations
