"""Verdicts for people and machines: terminal summary, JSON report, Markdown, matrix.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations
