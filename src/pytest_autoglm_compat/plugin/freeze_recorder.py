"""--autoglm-freeze (and a report's ``freeze`` part): the suite's imports, recorded, merged, written.

Each process records what the suite imported and which ``requires_api`` markers held; a
pytest-xdist worker sends its record to the controller (``workeroutput``), which merges them
all and writes the contract.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ..engine import Engine
    from ..model.requirements import Requirement
    from ..model.settings import Settings
    from ..tools.freeze import ImportWatcher, ModuleTracker

FREEZE_PLUGIN_NAME = "autoglm-freeze"
WORKEROUTPUT_KEY = "autoglm_freeze"
CONFTEST_IMPORTS_KEY = pytest.StashKey["dict[str, str]"]()  # modules the initial conftest files imported
WATCHER_KEY: pytest.StashKey[ImportWatcher] = pytest.StashKey()  # who asked for each import (freeze, report)


class FreezeRecorder:
    """Diffs ``sys.modules`` around the suite's own work; registered only for a freeze or a report.

    Windows: the initial conftest files (recorded before this object exists), the collection of
    each file, each test's setup, call and teardown. What is imported between windows (pytest's
    and other plugins' own work, this plugin's engine) is forgotten.
    """

    def __init__(self, conftest_imports: dict[str, str]) -> None:
        from ..tools.freeze import ModuleTracker

        self.tracker: ModuleTracker = ModuleTracker(conftest_imports)
        self.worker_records: list[dict[str, Any]] = []  # pytest-xdist controller: each worker's imports
        self.api_markers: dict[str, tuple[Any, list[str]]] = {}  # requires_api markers that held, by check
        self.data: dict[str, Any] | None = None  # the merged record, for the report
        self.line: str | None = None  # what the terminal summary says of the freeze

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(self, collector: pytest.Collector) -> Generator[None, Any, Any]:
        self.tracker.forget()
        try:
            return (yield)
        finally:
            self.tracker.take(f"collect:{collector.nodeid}" if isinstance(collector, pytest.File) else "collection")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Generator[None, object, object]:
        self.tracker.forget()
        try:
            return (yield)
        finally:
            self.tracker.take(f"test:{item.nodeid}")

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """pytest-xdist controller: a worker finished; keep what it imported."""
        record = getattr(node, "workeroutput", {}).get(WORKEROUTPUT_KEY)
        if isinstance(record, dict):
            self.worker_records.append(record)

    def note_api_markers(self, nodeid: str, reqs: Iterable[Requirement]) -> None:
        """This test's requires_api markers held: a freeze records them, with the kind found."""
        from ..model.requirements import ApiRequirement

        for req in reqs:
            if isinstance(req, ApiRequirement) and req.meta.origin.file is None:
                key = repr((req.target, req.kind, req.absent, req.fields, req.params))
                self.api_markers.setdefault(key, (req, []))[1].append(nodeid)

    def _held_api_markers(self, engine: Callable[[], Engine]) -> list[dict[str, Any]]:
        """requires_api markers checked in this process that held, with the kind found."""
        out = []
        for req, tests in self.api_markers.values():
            verdicts = engine().verdicts([req])  # memoised: checked when the tests were set up
            if not verdicts or not all(v.ok for v in verdicts):
                continue
            out.append({"target": req.target, "kind": verdicts[0].found, "absent": req.absent,
                        "fields": list(req.fields), "params": list(req.params), "tests": sorted(tests)})
        return out

    def finish(self, session: pytest.Session, *, settings: Settings, engine: Callable[[], Engine],
               outcomes: Mapping[str, Any], worker_id: str | None, watcher: ImportWatcher | None) -> None:
        """Workers send what they saw; the controller (or the only process) merges, then writes.

        ``engine`` is called only when needed: a freeze alone never makes a worker probe.
        """
        import datetime as _dt
        import shlex

        from .. import __version__
        from ..facts.probe import redact_url_credentials
        from ..tools import freeze

        config = session.config
        record = freeze.process_record(self.tracker, config.rootpath,
                                       api_markers=self._held_api_markers(engine),
                                       kinds=watcher.kinds if watcher is not None else None)
        if worker_id is not None:
            workeroutput = getattr(config, "workeroutput", None)
            if workeroutput is not None:
                workeroutput[WORKEROUTPUT_KEY] = record
            return
        merged = freeze.merge_records(self.worker_records or [record])
        tr = config.pluginmanager.get_plugin("terminalreporter")
        stats = getattr(tr, "stats", {}) if tr is not None else {}
        counts = {k: len(stats.get(k, ()))  # the terminal's own tally: what "2 passed, 1 xfailed" counts
                  for k in ("passed", "skipped", "xfailed", "xpassed", "failed", "error", "deselected")}
        per_file: dict[str, int] = {}
        for nodeid in outcomes:
            file = nodeid.split("::", 1)[0]
            per_file[file] = per_file.get(file, 0) + 1
        invocation = config.invocation_params
        merged["run"] = {
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "plugin_version": __version__,
            # redacted where it comes in: the contract is meant to be committed
            "invocation": redact_url_credentials(shlex.join(["pytest", *invocation.args])),
            "rootdir": str(config.rootpath),
            "counts": {k: v for k, v in counts.items() if v},
            "tests_per_file": dict(sorted(per_file.items())),
            "exit_status": int(session.exitstatus),
            "policy": settings.freeze_policy,
            "deps": settings.freeze_deps,
        }
        self.data = merged
        if not settings.freeze:
            return
        why = freeze.not_frozen_reason(merged["run"])
        if why is not None:
            self.line = f"autoglm-compat: no contract written to {settings.freeze}: {why}"
            return
        snapshot = engine().snapshot().to_json()
        from ..render.report import write_text_atomic

        target = os.path.join(str(config.invocation_params.dir), settings.freeze)  # a test may chdir
        write_text_atomic(target, freeze.contract_text(merged, snapshot, settings.freeze_policy))
        self.line = freeze.summary_line(settings.freeze, merged)
