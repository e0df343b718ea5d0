"""CUDA's and compute capability's numbers as tools write them without the dot.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations


def dotted(digits: str) -> str:
    """"80" -> "8.0", "121" -> "12.1", "117" -> "11.7": nvcc's sm_80, a wheel's cu121, a build's 117 as a release
    is written (the last digit is the minor: no CUDA or GPU has had a two-digit minor)."""
    return f"{digits[:-1]}.{digits[-1]}"
