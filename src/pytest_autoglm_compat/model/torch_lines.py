"""torch release lines ("2.2") and the PyTorch indexes that publish them.

torch has no stable C++ ABI, so a compiled extension built against one release line needs that
line: a contract says so with ``built_for_torch``, and the line then decides which PyTorch index
can supply torch (:data:`TORCH_LINE_INDEXES`). One reading of it serves ``plan``, ``check
--requirements`` and the checks, so they never disagree.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from packaging.specifiers import Specifier, SpecifierSet
from packaging.version import InvalidVersion, Version

if TYPE_CHECKING:
    from .requirements import ExtensionRequirement


#: The CUDA indexes of download.pytorch.org that carry Linux wheels of each torch release line, as
#: "major.minor" CUDA versions (the form of cuda_table.TORCH_CUDA_TAGS). Source: pytorch.org/get-started/
#: previous-versions (pytorch/pytorch.github.io _get_started/previous-versions.md; 2.2.1's entry: commit
#: 2234919, "CUDA 11.8", "CUDA 12.1"). Lines not listed are not constrained by this table.
TORCH_LINE_INDEXES: dict[str, tuple[str, ...]] = {
    "1.13": ("11.6", "11.7"),
    "2.0": ("11.7", "11.8"),
    "2.1": ("11.8", "12.1"),
    "2.2": ("11.8", "12.1"),
    "2.3": ("11.8", "12.1"),
    "2.4": ("11.8", "12.1", "12.4"),
    "2.5": ("11.8", "12.1", "12.4"),
    "2.6": ("11.8", "12.4", "12.6"),
    "2.7": ("11.8", "12.6", "12.8"),
    "2.8": ("12.6", "12.8", "12.9"),
    "2.9": ("12.6", "12.8", "13.0"),
}


#: What a torch release line needs beside it. torch before 2.3 was built against NumPy 1.x: with NumPy 2
#: its numpy interop fails ("A module that was compiled using NumPy 1.x cannot be run in NumPy 2",
#: then "RuntimeError: Numpy is not available"; TorchIO-project/torchio#1183 on torch 2.2,
#: securefederatedai/openfederatedlearning#999: "PyTorch versions earlier than v2.3").
NUMPY_1_BEFORE = (2, 3)


def companions(line: str | None) -> tuple[str, ...]:
    """Requirements a torch release line brings with it (``numpy<2`` before torch 2.3)."""
    match = _LINE.match(line or "")
    if match and (int(match[1]), int(match[2])) < NUMPY_1_BEFORE:
        return ("numpy<2",)
    return ()


_LINE = re.compile(r"^(\d+)\.(\d+)$")


def line_spec(line: str) -> SpecifierSet:
    """torch versions of a release line: "2.2" -> >=2.2,<2.3."""
    match = _LINE.match(line)
    if not match:
        raise ValueError(f"not a torch release line: {line!r}")
    major, minor = int(match.group(1)), int(match.group(2))
    return SpecifierSet(f">={major}.{minor},<{major}.{minor + 1}")


def _implied(spec: Specifier, line: str) -> bool:
    """A contract bound every release of ``line`` satisfies (>=2.0 for line 2.2): redundant beside the line."""
    major, minor = (int(p) for p in line.split("."))
    try:
        bound = Version(spec.version)
    except InvalidVersion:
        return False
    first, after = Version(f"{major}.{minor}"), Version(f"{major}.{minor + 1}")
    if spec.operator in (">=", ">"):
        return bound < first if spec.operator == ">" else bound <= first
    if spec.operator in ("<", "<="):
        return bound >= after
    if spec.operator == "!=":
        return not (first <= bound < after)
    return False


def narrow_spec(spec: SpecifierSet, line: str) -> SpecifierSet:
    """The contract's torch versions within ``line``: the line's bounds plus what is not already implied."""
    return line_spec(line) & SpecifierSet(",".join(str(s) for s in spec if not _implied(s, line)))


def line_admits(spec: SpecifierSet, line: str) -> bool:
    """Whether any release of ``line`` (patch 0 to 30) satisfies the contract's torch versions."""
    return any(spec.contains(f"{line}.{patch}", prereleases=True) for patch in range(31))


def built_for_lines(extensions: Iterable[ExtensionRequirement]) -> dict[str, list[str]]:
    """Each torch release line the extensions were built against (``built_for_torch``), with their modules.

    One reading for ``plan`` (the torch index, :func:`choose_line`) and ``check --requirements`` (the
    file's torch line is judged against the line too), so the two never disagree.
    """
    lines: dict[str, list[str]] = {}
    for ext in extensions:
        if ext.built_for_torch:
            lines.setdefault(ext.built_for_torch, []).append(ext.module)
    return lines


@dataclass(frozen=True)
class LineChoice:
    """What the extensions' torch release line makes of the torch index choice."""

    line: str | None = None
    tags: tuple[str, ...] = ()
    spec: SpecifierSet = field(default_factory=SpecifierSet)
    reasons: tuple[str, ...] = ()
    conflict: str | None = None


def choose_line(extensions: Iterable[ExtensionRequirement], tags: Sequence[str], spec: SpecifierSet,
                runtime_text: str) -> LineChoice:
    """Narrow the candidate CUDA tags and the torch versions to the line the extensions were built against.

    ``tags`` are what the [cuda] runtime and the extensions' CUDA major already admit.
    """
    lines = built_for_lines(extensions)
    if not lines:
        return LineChoice(tags=tuple(tags), spec=spec)
    reasons = tuple(f"{', '.join(mods)} built against torch {line}" for line, mods in sorted(lines.items()))
    if len(lines) > 1:
        return LineChoice(reasons=reasons, conflict="no single torch build fits: the compiled extensions were built "
                          f"against different torch releases ({'; '.join(reasons)})")
    ((line, mods),) = lines.items()
    who = ", ".join(mods)
    if not line_admits(spec, line):
        return LineChoice(line, reasons=reasons, conflict=f"no torch build fits both: the contract's torch "
                          f"{spec} and {who} built against torch {line}; install a build of {who} made for "
                          f"torch {spec}, or relax the contract's torch versions")
    indexes = TORCH_LINE_INDEXES.get(line)
    fitting = tuple(t for t in tags if indexes is None or t in indexes)
    if not fitting:
        offered = ", ".join("cu" + t.replace(".", "") for t in indexes or ())
        return LineChoice(line, reasons=reasons, conflict=f"no torch build fits both: [cuda] runtime {runtime_text} "
                          f"and {who} built against torch {line} (PyTorch publishes torch {line} for {offered}); "
                          f"install a build of {who} for a newer torch, or relax the contract's [cuda] runtime")
    return LineChoice(line, fitting, narrow_spec(spec, line), reasons)
