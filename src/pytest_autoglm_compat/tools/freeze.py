"""A passing run becomes a contract: what it imported, mapped to distributions, as ranges.

Each process of a run (the pytest process, or each pytest-xdist worker) keeps a
:class:`ModuleTracker` that diffs ``sys.modules`` around the suite's own work: the initial
conftest files, the collection of each test file, each test. What it saw is turned, in that
process, into a JSON-able *record* (:func:`process_record`): distributions with their versions
and who imported them, the API surfaces the suite's source names, the ``requires_api`` markers
that held, whether torch initialised CUDA. Records merge (:func:`merge_records`), travel in the
JSON report, and render into a contract (:func:`contract_text`) the same way from a live run
and from a saved report.

Modules the test runner loaded for itself (before the conftest files, or between the suite's
windows: this plugin's own engine, xdist's machinery) are not the suite's, unless the suite's
own source imports them by name. An :class:`ImportWatcher` on ``sys.meta_path`` tells, for
each module imported for the first time, who asked: the suite's own code (*direct*), code
the suite called (*through*: a dependency's dependency), or this plugin (left out, the run
did not need it). Only direct distributions become requirements by default: a transitive
one is the direct one's business, and freezing it makes ``check`` on another stack report
drift the suite never saw. No pytest here.

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
from packaging.version import InvalidVersion, Version

from ..model.settings import FREEZE_DEPS, FREEZE_POLICIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib
from ..model.requirements import API_KINDS

__all__ = ["FREEZE_DEPS", "FREEZE_POLICIES", "ImportWatcher", "ModuleTracker", "contract_text", "merge_records",
           "process_record", "version_range"]

#: Packages whose imported modules become ``[[api]]`` entries (import names, documented in docs/guide.md).
TRACKED = ("transformers", "accelerate", "peft", "auto_gptq", "gptqmodel", "optimum", "torch", "bitsandbytes",
           "safetensors", "tokenizers", "huggingface_hub", "cpm_kernels")

#: The test runner, not the stack under test: never frozen, even when the suite imports them by name.
RUNNER_DISTRIBUTIONS = frozenset(("pytest", "pytest-autoglm-compat"))

#: Importer labels: what caused a module to be imported.
CONFTEST = "collection"
COLLECT = "collect:"
TEST = "test:"
SOURCE = "source:"


class ModuleTracker:
    """``sys.modules`` diffed around windows of the suite's own work; a size check first, so a
    window that imported nothing costs one ``len``. A window that both removed and added modules
    in equal numbers goes unseen: its imports are then credited to the next window."""

    def __init__(self, importers: Mapping[str, str] | None = None) -> None:
        self.importers: dict[str, str] = dict(importers or {})
        self.known: set[str] = set(sys.modules)
        self.count = len(self.known)

    def forget(self) -> None:
        """Whatever was imported since the last window is not the suite's (the runner's own work)."""
        if len(sys.modules) != self.count:
            self.known = set(sys.modules)
            self.count = len(self.known)

    def take(self, importer: str) -> None:
        """Credit what was imported since the last look to ``importer``."""
        if len(sys.modules) == self.count:
            return
        now = set(sys.modules)
        for name in now - self.known:
            self.importers.setdefault(name, importer)
        self.known = now
        self.count = len(now)


#: Who caused a module's first import (:class:`ImportWatcher`).
DIRECT = "direct"  # an import statement in the suite's own code (rootdir, outside site-packages)
THROUGH = "through"  # imported by code the suite (or nobody we know) called: a transitive import
RUNNER = "runner"  # this plugin's own code asked: not the suite's

_PLUGIN_DIR = Path(__file__).resolve().parent.parent  # the whole package, every layer


class ImportWatcher:
    """A ``sys.meta_path`` entry that finds nothing and notes who asked for each new module.

    The import machinery's own frames (and ``importlib.import_module``, ``pytest.importorskip``)
    are skipped; the first frame left is the importer. When it is in the rootdir, the import is
    the suite's own (*direct*); otherwise the first frame outward that is this plugin's makes it
    the plugin's (*runner*), one in the rootdir makes it *through*, and with neither it is
    *through* as well (a thread, the runner's own work: kept, never as direct).
    Installed only for a freeze or a report; called once per module, a few hundred times a run.
    """

    def __init__(self, rootdir: str | os.PathLike[str]) -> None:
        self.root = Path(rootdir).resolve()
        self.kinds: dict[str, str] = {}
        self._places: dict[str, str] = {}

    def install(self) -> None:
        if self not in sys.meta_path:
            sys.meta_path.insert(0, self)

    def uninstall(self) -> None:
        while self in sys.meta_path:
            sys.meta_path.remove(self)

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> None:
        if fullname not in self.kinds:
            try:
                self.kinds[fullname] = self._who(sys._getframe(1))
            except Exception:  # never in the way of an import
                pass
        return None

    def _place(self, filename: str, name: str) -> str:
        if name == "importorskip":
            return "machinery"
        place = self._places.get(filename)
        if place is None:
            file = Path(filename)
            if filename.startswith("<frozen importlib") or (
                    file.parent.name == "importlib" and file.name in ("__init__.py", "_bootstrap.py",
                                                                      "_bootstrap_external.py")):
                place = "machinery"
            elif filename == __file__ or _under(filename, _PLUGIN_DIR, site_ok=True):
                place = "plugin"
            elif _under(filename, self.root):
                place = "suite"
            else:
                place = "other"
            self._places[filename] = place
        return place

    def _who(self, frame: Any) -> str:
        immediate = True
        while frame is not None:
            place = self._place(frame.f_code.co_filename, frame.f_code.co_name)
            if place == "suite":
                return DIRECT if immediate else THROUGH
            if place == "plugin":
                return RUNNER
            if place == "other":
                immediate = False
            frame = frame.f_back
        return THROUGH


# --------------------------------------------------------------------------- modules -> distributions


def _under(path: str | None, root: Path, *, site_ok: bool = False) -> bool:
    if not path:
        return False
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    if not resolved.is_relative_to(root):
        return False
    return site_ok or not any(part in ("site-packages", "dist-packages") for part in resolved.parts)


def _stdlib(top: str, file: str | None) -> bool:
    """A module of Python itself: by name (3.10+), else by where it lives."""
    names = getattr(sys, "stdlib_module_names", None)
    if names is not None:
        return top in names or top in sys.builtin_module_names
    if top in sys.builtin_module_names or file is None:  # pragma: no cover - Python 3.9
        return top in sys.builtin_module_names
    import sysconfig  # pragma: no cover - Python 3.9

    stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()  # pragma: no cover
    return _under(file, stdlib)  # pragma: no cover


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
        if isinstance(file, str) and file.endswith(".py") and _under(file, root):
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
        if _under(file, root):  # the project under test (or the suite itself)
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


# --------------------------------------------------------------------------- ranges


def version_range(version: str, policy: str) -> str:
    """The range a policy admits around an installed version; a local label (``+cu121``) is left out:
    the public version is what a package index serves, the CUDA build goes in ``[cuda]``."""
    try:
        v = Version(version)
    except InvalidVersion:
        return f"==={version}"
    public = v.public
    if policy == "exact":
        return f"=={public}"
    epoch = f"{v.epoch}!" if v.epoch else ""
    major = v.release[0]
    minor = v.release[1] if len(v.release) > 1 else 0
    upper = f"{epoch}{major}.{minor + 1}" if policy == "minor" else f"{epoch}{major + 1}"
    return f">={public},<{upper}"


# --------------------------------------------------------------------------- rendering


def _q(value: str) -> str:
    from ..model.export import _q as quote

    return quote(value)


def _listed(items: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def importer_text(by: Iterable[str], tests_per_file: Mapping[str, int]) -> str:
    """Who imported it, for a reader: 'imported at collection by tests/test_glm.py (12 tests)'."""
    by = list(by)
    files = sorted(b[len(COLLECT):] for b in by if b.startswith(COLLECT))
    tests = sorted(b[len(TEST):] for b in by if b.startswith(TEST))
    tested = {t.split("::", 1)[0] for t in tests}
    sources = sorted(s for s in (b[len(SOURCE):] for b in by if b.startswith(SOURCE))
                     if s not in files and s not in tested)
    parts = []
    if files:
        counted = []
        for f in files:
            n = tests_per_file.get(f, 0)
            counted.append(f"{f} ({n} test{'s' if n != 1 else ''})")
        parts.append("imported at collection by " + _listed(counted))
    if tests:
        parts.append("imported by " + _listed(tests))
    if sources:
        parts.append("imported in " + _listed(sources))
    if not parts:
        parts.append("imported at collection")
    return "; ".join(parts)


def counts_text(counts: Mapping[str, int]) -> str:
    order = ("passed", "skipped", "xfailed", "xpassed", "failed", "error", "deselected")
    shown = [f"{counts[k]} {k}" for k in order if counts.get(k)]
    return ", ".join(shown) or "no tests"


def frozen_distributions(freeze: Mapping[str, Any], deps: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(distributions that become requirements, those only listed), by ``deps``: ``direct``
    (default: the run's --autoglm-freeze-deps) freezes what the suite imports itself, ``all`` everything."""
    deps = deps or freeze.get("run", {}).get("deps") or "direct"
    frozen: dict[str, Any] = {}
    listed: dict[str, Any] = {}
    for name, entry in freeze.get("distributions", {}).items():
        (frozen if deps == "all" or entry.get("direct", True) else listed)[name] = entry
    return frozen, listed


def install_fix(frozen: Mapping[str, Any], policy: str) -> str:
    """One command that installs every frozen requirement: the same ``fix`` on each entry, so
    ``check`` on another stack prints it once instead of one line per package. torch is left
    to the engine's own fix, which names the index of the CUDA build (PyPI's may differ)."""
    import shlex

    return "pip install " + " ".join(shlex.quote(f"{name}{version_range(entry['version'], policy)}")
                                     for name, entry in frozen.items() if name != "torch")


def _wrapped(prefix: str, items: Sequence[str], width: int = 100) -> list[str]:
    lines: list[str] = []
    line = prefix
    for item in items:
        if len(line) + len(item) + 3 > width and line != prefix:
            lines.append(line + ",")
            line = prefix
        line += (" " if line == prefix else ", ") + item
    if line != prefix:
        lines.append(line)
    return lines


def contract_text(freeze: Mapping[str, Any], snapshot: Mapping[str, Any] | None, policy: str,
                  deps: str | None = None) -> str:
    """The contract a run proved. ``freeze`` is the report's "freeze" object; ``snapshot`` its snapshot."""
    from .. import __version__
    from ..facts.probe import Snapshot

    snap = Snapshot.from_json(snapshot) if snapshot is not None else None
    run = freeze.get("run", {})
    rootdir = str(run.get("rootdir", ""))
    per_file: dict[str, int] = dict(run.get("tests_per_file", {}))
    where = "environment not probed"
    description = f"What a passing run in {rootdir} imported and relied on, frozen {run.get('created', '?')}"
    if snap is not None:
        where = (f"Python {snap.python} on {snap.platform} {snap.machine}; {snap.torch_summary}; "
                 f"{snap.gpu_summary}")
    lines = [
        f"# Frozen by pytest-autoglm-compat {run.get('plugin_version', __version__)} from a run in which "
        f"no test failed; policy {policy}",
        f"# when: {run.get('created', '?')}",
        f"# where: {where}",
        f"# run: {run.get('invocation', '?')}",
        f"# rootdir: {rootdir}",
        f"# tests: {counts_text(run.get('counts', {}))}",
        "# Each entry says why it is here. Ranges admit what the run proved; widen them by hand",
        "# once another environment proves more.",
        "format = 1",
        f"name = {_q('frozen-' + (Path(rootdir).name or 'run'))}",
        f"description = {_q(description)}",
    ]
    frozen, listed = frozen_distributions(freeze, deps)
    fix = install_fix(frozen, policy)
    for name, entry in frozen.items():
        version = entry["version"]
        reason = f"{importer_text(entry.get('by', ()), per_file)}; {name} {version} was installed"
        if not entry.get("direct", True):
            reason += "; the suite does not import it itself"
        lines += ["", f"[packages.{_q(name)}]", f"spec = {_q(version_range(version, policy))}",
                  f"reason = {_q(reason)}", *([f"fix = {_q(fix)}"] if name != "torch" else [])]
    if listed:
        lines += ["", f"# Not frozen: {len(listed)} distribution(s) the run imported only through the ones above "
                  "(their own", "# requirements pin them; --autoglm-freeze-deps=all freezes them too):",
                  *_wrapped("#  ", [f"{name} {entry['version']}" for name, entry in listed.items()])]
    cuda = _cuda_lines(freeze, snap, policy)
    if cuda:
        lines += ["", "[cuda]", *cuda]
    apis: dict[str, list[str]] = {}
    for target, by in freeze.get("api", {}).items():
        apis[target] = [f"target = {_q(target)}", f"reason = {_q(importer_text(by, per_file) + '; it must import')}"]
    for marker in freeze.get("api_markers", ()):
        body = [f"target = {_q(marker['target'])}"]
        if marker.get("absent"):
            body.append("absent = true")
        elif marker.get("kind") in API_KINDS:
            body.append(f"kind = {_q(marker['kind'])}")
        for key in ("fields", "params"):
            if marker.get(key):
                body.append(f"{key} = [{', '.join(_q(x) for x in marker[key])}]")
        found = "absent" if marker.get("absent") else f"a {marker.get('kind', '?')}"
        reason = f"requires_api held ({found}) for " + _listed(list(marker.get("tests", ())))
        body.append(f"reason = {_q(reason)}")
        apis[marker["target"]] = body  # the marker's checks say more than "it imports"
    for target in sorted(apis):
        lines += ["", "[[api]]", *apis[target]]
    return "\n".join(lines) + "\n"


def _cuda_lines(freeze: Mapping[str, Any], snap: Any, policy: str) -> list[str]:
    """[cuda] only when torch initialised CUDA in the run, on GPUs the snapshot saw."""
    if not freeze.get("cuda_used") or snap is None or snap.torch is None or not snap.torch.cuda or not snap.gpus:
        return []
    caps = []
    for gpu in snap.gpus:
        try:
            caps.append(Version(str(gpu.capability)))
        except InvalidVersion:
            continue
    lines = [f"runtime = {_q(version_range(snap.torch.cuda, policy))}"]
    if caps:
        lines.append(f"capability = {_q('>=' + str(min(caps)))}")
    reason = f"torch {snap.torch.version} (CUDA {snap.torch.cuda}) ran on {snap.gpu_summary}"
    lines.append(f"reason = {_q(reason)}")
    return lines


def not_frozen_reason(run: Mapping[str, Any]) -> str | None:
    """Why a run proves nothing to freeze, in a few words; None when it may be frozen.

    Skipped and xfailed tests are fine (the user's own markers); a failure, an error, an
    interrupted run or one that ran no test is not.
    """
    counts = run.get("counts", {})
    bad = [f"{counts[k]} {k if k == 'failed' else 'error' + ('s' if counts[k] != 1 else '')}"
           for k in ("failed", "error") if counts.get(k)]
    if bad:
        return " and ".join(bad) + " in this run"
    status = run.get("exit_status", 0)
    if status == 2:
        return "the run was interrupted"
    if status == 5 or (status == 0 and not any(counts.get(k) for k in ("passed", "xfailed", "xpassed"))):
        return "no test ran"  # --collect-only, or every test skipped: nothing was proved
    if status != 0:
        return f"the run ended with exit status {status}"
    return None


def summary_line(path: str, freeze: Mapping[str, Any]) -> str:
    frozen, listed = frozen_distributions(freeze)
    n_api = len(set(freeze.get("api", {})) | {m["target"] for m in freeze.get("api_markers", ())})
    line = (f"autoglm-compat: froze {len(frozen)} distribution(s) and {n_api} API surface(s) into {path} "
            f"(policy {freeze.get('run', {}).get('policy', 'minor')})")
    if listed:
        line += (f"; {len(listed)} imported only through them listed as comments "
                 "(--autoglm-freeze-deps=all freezes them)")
    return line
