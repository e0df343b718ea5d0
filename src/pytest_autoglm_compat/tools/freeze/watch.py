"""Who imported what during a run: the tracker and the watcher a freeze installs in each process.

:class:`ModuleTracker` diffs ``sys.modules`` around the suite's own windows of work (the initial
conftest files, each test file's collection, each test) and credits what appeared to that window;
:class:`ImportWatcher` tells, for each first import, whether the suite's own code asked (*direct*),
code the suite called (*through*), or this plugin (left out). Both run inside the pytest run, so
they cost a ``len`` or a frame walk and never stand in an import's way. No pytest here.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

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

_PLUGIN_DIR = Path(__file__).resolve().parents[2]  # the whole package, every layer


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
            elif filename == __file__ or under(filename, _PLUGIN_DIR, site_ok=True):
                place = "plugin"
            elif under(filename, self.root):
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


def under(path: str | None, root: Path, *, site_ok: bool = False) -> bool:
    """``path`` lies in ``root``, and (unless ``site_ok``) not in an installed package inside it (a venv there)."""
    if not path:
        return False
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    if not resolved.is_relative_to(root):
        return False
    return site_ok or not any(part in ("site-packages", "dist-packages") for part in resolved.parts)
