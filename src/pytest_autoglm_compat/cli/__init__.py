"""Front door 2, the ``autoglm-compat`` command: one module per command, no verdict logic.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from .app import main

__all__ = ["main"]
