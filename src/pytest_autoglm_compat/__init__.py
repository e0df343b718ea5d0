"""Compatibility contracts for GLM / ChatGLM test suites, as a pytest plugin and a command.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
