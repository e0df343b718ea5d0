"""What is true of a machine or a file, read without importing the stack it checks.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations
