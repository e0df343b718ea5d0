"""What changed between the last good and the first bad environment: the package's own metadata.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from .envs import site_packages


def installed_versions(env: Path) -> dict[str, str]:
    """{canonical name: version} of an environment built here."""
    return {canonicalize_name(d.metadata["Name"]): d.version
            for d in metadata.distributions(path=site_packages(env)) if d.metadata["Name"]}


def _requires(env: Path, package: str) -> tuple[dict[tuple[str, str], str], str | None] | None:
    """{(name[extras], marker): specifier} of the package's Requires-Dist in ``env``, and its Requires-Python."""
    for dist in metadata.distributions(path=site_packages(env)):
        if canonicalize_name(dist.metadata["Name"] or "") == canonicalize_name(package):
            found: dict[tuple[str, str], str] = {}
            for text in dist.requires or []:
                try:
                    req = Requirement(text)
                except InvalidRequirement:
                    found[(text, "")] = ""
                    continue
                name = canonicalize_name(req.name) + (f"[{','.join(sorted(req.extras))}]" if req.extras else "")
                found[(name, str(req.marker) if req.marker else "")] = str(req.specifier)
            return found, dist.metadata["Requires-Python"]
    return None


def _show(key: tuple[str, str], spec: str) -> str:
    return f"{key[0]}{spec}" + (f"; {key[1]}" if key[1] else "")


def requires_diff(package: str, old: Path, new: Path) -> list[str] | None:
    """How the package's own Requires-Dist (and Requires-Python) changed between two environments' METADATA."""
    a, b = _requires(old, package), _requires(new, package)
    if a is None or b is None:
        return None
    (before, py_before), (after, py_after) = a, b
    lines = []
    for key in sorted(set(before) | set(after)):
        if key not in before:
            lines.append(f"added    {_show(key, after[key])}")
        elif key not in after:
            lines.append(f"removed  {_show(key, before[key])}")
        elif before[key] != after[key]:
            lines.append(f"changed  {_show(key, before[key] or ' (any)')} -> {after[key] or '(any)'}")
    if py_before != py_after:
        lines.append(f"changed  Requires-Python {py_before or '(any)'} -> {py_after or '(any)'}")
    return lines
