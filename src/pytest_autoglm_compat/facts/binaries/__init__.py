"""Reading compiled files: ELF dynamic sections, symbol versions, torch symbols, GPU code.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations
