"""Installed distributions and torch's build, read from metadata and text, never imported.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class TorchBuild:
    version: str
    cuda: str | None
    hip: str | None
    git_version: str | None
    path: str



def installed_packages() -> tuple[dict[str, str], dict[str, tuple[str, ...]], tuple[str, ...]]:
    """(name -> version as import would see it, shadowed duplicates, unreadable dists)."""
    from packaging.utils import canonicalize_name  # packaging.tags with it: only when probing

    packages: dict[str, str] = {}
    shadowed: dict[str, list[str]] = {}
    broken: list[str] = []
    # The stdlib's importlib.metadata, also on 3.9: importing the importlib_metadata backport
    # deletes the stdlib PathFinder's find_distributions for the whole process, which a pytester
    # run cannot undo (every later in-process run then loads no entry-point plugin at all).
    from importlib import metadata

    for dist in metadata.distributions():
        where = str(getattr(dist, "_path", "?"))
        try:
            text = dist.read_text("METADATA") or dist.read_text("PKG-INFO")
        except Exception as exc:  # unreadable METADATA: report, never crash the session
            broken.append(f"{where}: {type(exc).__name__}: {exc}")
            continue
        if text is None:
            broken.append(f"{where}: no METADATA file")
            continue
        name, version = _name_and_version(text)
        if not name or not version:
            broken.append(f"{where}: METADATA has no {'Name' if not name else 'Version'}")
            continue
        key = canonicalize_name(name)
        if key in packages:
            shadowed.setdefault(key, []).append(version)
        else:
            packages[key] = version
    return (
        dict(sorted(packages.items())),
        {k: tuple(v) for k, v in shadowed.items()},
        tuple(broken),
    )


def _name_and_version(text: str) -> tuple[str | None, str | None]:
    """Name and Version from core-metadata headers (the lines before the first blank one).

    importlib.metadata finds and reads the file; parsing all of it as e-mail, as
    ``dist.metadata`` does, costs most of a cold probe and is not needed for two fields.
    """
    name = version = None
    for line in text.splitlines():
        if not line.strip():
            break
        if line[:5].lower() == "name:":
            name = line[5:].strip()
        elif line[:8].lower() == "version:":
            version = line[8:].strip()
        if name and version:
            break
    return name, version


def torch_build() -> tuple[TorchBuild | None, str | None]:
    """Read torch/version.py as text: locating a package does not import it."""
    try:
        spec = importlib.util.find_spec("torch")
    except (ImportError, ValueError) as exc:
        return None, f"torch could not be located: {exc}"
    if spec is None or not spec.submodule_search_locations:
        return None, None
    base = Path(next(iter(spec.submodule_search_locations)))
    version_file = base / "version.py"
    import ast

    try:
        tree = ast.parse(version_file.read_text(encoding="utf-8"))
    except OSError:
        return None, f"torch is installed at {base} but has no readable version.py"
    except SyntaxError as exc:
        return None, f"torch's version.py does not parse: {exc.msg} (line {exc.lineno})"
    values: dict[str, Any] = {}
    for node in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for t in targets:
            if isinstance(t, ast.Name) and isinstance(value, ast.Constant):
                values[t.id] = value.value
    version = values.get("__version__")
    if not isinstance(version, str):
        return None, f"torch's version.py at {version_file} has no __version__"

    def text(name: str) -> str | None:
        v = values.get(name)
        return v if isinstance(v, str) else None

    return TorchBuild(version, text("cuda"), text("hip"), text("git_version"), str(base)), None


