"""What one process of a passing run proved, as a JSON-able record, and several records as one.

The tracker's modules are mapped to distributions (namespace packages and editable installs by
file), the suite's own source files add what they import by name (a module the runner loaded
first is still the suite's if its source names it), and the tracked packages' modules and names
become API targets. pytest-xdist workers each write a record; :func:`merge_records` joins them.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name

from .watch import DIRECT, RUNNER, SOURCE, THROUGH, ModuleTracker, under

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib

#: Packages whose imported modules become ``[[api]]`` entries (import names, documented in docs/guide.md).
TRACKED = ("transformers", "accelerate", "peft", "auto_gptq", "gptqmodel", "optimum", "torch", "bitsandbytes",
           "safetensors", "tokenizers", "huggingface_hub", "cpm_kernels")

#: The test runner, not the stack under test: never frozen, even when the suite imports them by name.
RUNNER_DISTRIBUTIONS = frozenset(("pytest", "pytest-autoglm-compat"))


def _stdlib(top: str, file: str | None) -> bool:
    """A module of Python itself: by name (3.10+), else by where it lives."""
    names = getattr(sys, "stdlib_module_names", None)
    if names is not None:
        return top in names or top in sys.builtin_module_names
    if top in sys.builtin_module_names or file is None:  # pragma: no cover - Python 3.9
        return top in sys.builtin_module_names
    import sysconfig  # pragma: no cover - Python 3.9

    stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()  # pragma: no cover
    return under(file, stdlib)  # pragma: no cover


def _module_file(module: Any) -> str | None:
    file = getattr(module, "__file__", None)
    if isinstance(file, str):
        return file
    path = getattr(module, "__path__", None)  # a namespace package: its first portion
    try:
        return next(iter(path)) if path is not None else None
    except (TypeError, StopIteration):
        return None


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except (OSError, RuntimeError, ValueError):
        return path


_STANDARD_PACKAGES_DISTRIBUTIONS: bool = sys.version_info >= (3, 11)


def _packages_distributions(metadata: Any) -> Mapping[str, list[str]]:
    """importlib.metadata.packages_distributions (Python 3.11+); before, the same reading of each
    distribution's top_level.txt, else its files, as 3.11's standard library does it (3.10's reads
    top_level.txt only, which flit- and hatch-built wheels such as tomli and packaging lack)."""
    if _STANDARD_PACKAGES_DISTRIBUTIONS:
        return metadata.packages_distributions()  # type: ignore[no-any-return]
    out: dict[str, list[str]] = {}  # pragma: no cover - Python < 3.11
    for dist in metadata.distributions():  # pragma: no cover
        tops = (dist.read_text("top_level.txt") or "").split()
        if not tops:
            tops = [Path(str(f)).parts[0].removesuffix(".py") for f in dist.files or () if len(Path(str(f)).parts) > 1
                    or str(f).endswith(".py")]
        for top in dict.fromkeys(tops):
            out.setdefault(top, []).append(dist.metadata["Name"])
    return out


class _Distributions:
    """Import name -> distribution, with namespace packages and editable installs resolved by file."""

    def __init__(self) -> None:
        from importlib import metadata

        self.metadata = metadata
        self.by_top = _packages_distributions(metadata)
        self._files: dict[str, set[Path]] = {}
        self._editable: list[tuple[str, Path]] | None = None

    def version(self, name: str) -> str | None:
        try:
            return self.metadata.distribution(name).version
        except Exception:  # no metadata, unreadable metadata: not frozen
            return None

    def _dist_files(self, name: str) -> set[Path]:
        if name not in self._files:
            found: set[Path] = set()
            try:
                dist = self.metadata.distribution(name)
                for f in dist.files or ():
                    try:
                        found.add(Path(str(dist.locate_file(f))).resolve())
                    except (OSError, RuntimeError, ValueError):
                        continue
            except Exception:
                pass
            self._files[name] = found
        return self._files[name]

    def _editables(self) -> list[tuple[str, Path]]:
        """Distributions installed in editable mode, with their source directory (direct_url.json)."""
        if self._editable is None:
            import json
            from urllib.parse import unquote, urlparse

            self._editable = []
            for dist in self.metadata.distributions():
                try:
                    text = dist.read_text("direct_url.json")
                    data = json.loads(text) if text else None
                except Exception:
                    continue
                if not isinstance(data, dict) or not data.get("dir_info", {}).get("editable"):
                    continue
                url = urlparse(str(data.get("url", "")))
                if url.scheme == "file":
                    self._editable.append((dist.metadata["Name"], Path(unquote(url.path)).resolve()))
        return self._editable

    def of(self, module_name: str, file: str | None) -> str | None:
        top = module_name.partition(".")[0]
        names = list(dict.fromkeys(self.by_top.get(top, [])))
        if len(names) == 1:
            return names[0]
        resolved = None
        if file:
            try:
                resolved = Path(file).resolve()
            except (OSError, RuntimeError, ValueError):
                resolved = None
        if resolved is None:
            return None
        for name in names:  # a namespace package shared by several distributions
            if resolved in self._dist_files(name):
                return name
        if any(part in ("site-packages", "dist-packages") for part in resolved.parts):
            return None  # installed, not an editable source tree (a venv may live inside one: .nox/, .venv/)
        for name, where in self._editables():
            if resolved.is_relative_to(where):
                return name
        return None


def _project_name(root: Path) -> str | None:
    """The project under test's own distribution name, from its pyproject.toml."""
    try:
        data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
        name = data["project"]["name"]
        return canonicalize_name(name) if isinstance(name, str) else None
    except Exception:
        return None


# --------------------------------------------------------------------------- the suite's own source


def _resolved(module: Any, name: str) -> bool:
    """``name`` is set on ``module`` now, read without importing anything (a lazy module's
    ``__getattr__`` is not called: transformers sets what it resolved on the module)."""
    try:
        return name in vars(module)
    except TypeError:
        return False


def _source_imports(path: str, modules: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    """(modules the file imports by name, ``module:name`` targets it imports).

    Only names that are in ``modules`` (imported in this process) count. A ``from m import x``
    at the top level ran when the file was imported; one in a function body may not have run,
    so it names a target only when ``x`` was resolved on ``m`` by the end of the session.
    """
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        return set(), set()
    top_level: set[int] = set()
    for statement in tree.body:
        if isinstance(statement, ast.Try):
            top_level.update(id(n) for n in statement.body)
        else:
            top_level.add(id(statement))
    names: set[str] = set()
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    names.add(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module in modules:
            names.add(node.module)
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                if sub in modules:
                    names.add(sub)
                elif alias.name != "*" and (id(node) in top_level or _resolved(modules[node.module], alias.name)):
                    targets.add(f"{node.module}:{alias.name}")
    return names, targets


def _tracked(target: str) -> bool:
    """A module ('transformers.modeling_utils') or target ('transformers:AutoConfig') of a tracked package."""
    return target.partition(":")[0].partition(".")[0] in TRACKED


def process_record(tracker: ModuleTracker, rootdir: str | os.PathLike[str], *, api_markers: Sequence[Mapping[str, Any]]
                   = (), kinds: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What this process proved, as JSON: distributions (version, importers, whether the suite
    imports them itself), API targets, markers, CUDA use. ``kinds``: an :class:`ImportWatcher`'s;
    without one every module counts as the suite's own import."""
    root = Path(rootdir).resolve()
    modules = dict(sys.modules)
    importers: dict[str, set[str]] = {}
    sources: list[str] = []
    direct: set[str] = set()
    for name, importer in tracker.importers.items():
        if name not in modules:
            continue
        file = getattr(modules.get(name), "__file__", None)
        if isinstance(file, str) and file.endswith(".py") and under(file, root):
            sources.append(file)
        kind = DIRECT if kinds is None else kinds.get(name, THROUGH)
        if kind == RUNNER:
            continue  # this plugin's own import during a test: not the suite's
        importers.setdefault(name, set()).add(importer)
        if kind == DIRECT:
            direct.add(name)
    # The suite's own files: what it imports by name counts even if the runner had loaded it first.
    api: dict[str, set[str]] = {}
    for file in sorted(set(sources)):
        where = SOURCE + _relative(file, root)
        named, targets = _source_imports(file, modules)
        for mod in named:
            importers.setdefault(mod, set()).add(where)
            direct.add(mod)
            if _tracked(mod):
                api.setdefault(mod, set()).add(where)
        for target in targets:
            if _tracked(target):
                api.setdefault(target, set()).add(where)
    dists = _Distributions()
    project = _project_name(root)
    found: dict[str, dict[str, Any]] = {}
    for name, by in importers.items():
        top = name.partition(".")[0]
        module = modules.get(name)
        file = _module_file(module)
        if _stdlib(top, file):
            continue
        if under(file, root):  # the project under test (or the suite itself)
            continue
        dist = dists.of(name, file)
        if dist is None:
            continue
        key = canonicalize_name(dist)
        if key in RUNNER_DISTRIBUTIONS or key == project:
            continue
        if key not in found:
            version = dists.version(dist)
            if version is None:
                continue
            found[key] = {"version": version, "by": set(), "direct": False}
        if name in direct:
            found[key]["direct"] = True
            if _tracked(top):
                api.setdefault(top, set()).update(by)
        found[key]["by"].update(by)
    torch = modules.get("torch")
    cuda_used = False
    if torch is not None:  # already imported by the suite: reading its state imports nothing
        try:
            cuda_used = bool(torch.cuda.is_initialized())
        except Exception:
            cuda_used = False
    return {
        "distributions": {k: {"version": v["version"], "by": sorted(v["by"]), "direct": v["direct"]}
                          for k, v in sorted(found.items())},
        "api": {k: sorted(v) for k, v in sorted(api.items())},
        "api_markers": [dict(m) for m in api_markers],
        "cuda_used": cuda_used,
    }


def merge_records(records: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Several processes' records as one (pytest-xdist workers share one environment)."""
    dists: dict[str, dict[str, Any]] = {}
    api: dict[str, set[str]] = {}
    markers: dict[str, dict[str, Any]] = {}
    cuda_used = False
    for record in records:
        for name, entry in record.get("distributions", {}).items():
            merged = dists.setdefault(name, {"version": entry["version"], "by": set(), "direct": False})
            merged["by"].update(entry.get("by", ()))
            merged["direct"] = merged["direct"] or entry.get("direct", True)  # recorded before the flag: all direct
        for target, by in record.get("api", {}).items():
            api.setdefault(target, set()).update(by)
        for marker in record.get("api_markers", ()):
            key = repr(sorted((k, v) for k, v in marker.items() if k != "tests"))
            entry = markers.setdefault(key, {**marker, "tests": []})
            entry["tests"] = sorted(set(entry["tests"]) | set(marker.get("tests", ())))
        cuda_used = cuda_used or bool(record.get("cuda_used"))
    return {
        "distributions": {k: {"version": v["version"], "by": sorted(v["by"]), "direct": bool(v["direct"])}
                          for k, v in sorted(dists.items())},
        "api": {k: sorted(v) for k, v in sorted(api.items())},
        "api_markers": sorted(markers.values(), key=lambda m: (m["target"], repr(m))),
        "cuda_used": cuda_used,
    }
