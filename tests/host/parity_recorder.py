"""A pytest plugin that writes each test's outcome to a JSON file, keyed by node id.

Loaded with ``-p parity_recorder --parity-record=FILE`` into a host suite's session (tests/host
on PYTHONPATH). junitxml would do, but its classname/name pairs do not map back to the node ids
a re-run needs. Under pytest-xdist the controller receives every worker's reports and alone
writes the file.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

# a failure's text is kept for the session's printout, not whole: some host tests fail with pages
LONGREPR_LIMIT = 4000
#: a test a --collect-only run collected (it did not run)
LISTED = "listed"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--parity-record", dest="parity_record", metavar="FILE",
                     help="Write each test's outcome (JSON, keyed by node id) to FILE")


class _Recorder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.outcomes: dict[str, dict[str, str]] = {}

    def _record(self, nodeid: str, outcome: str, longrepr: str) -> None:
        # the first failing phase wins; a later teardown error does not hide a call failure
        if self.outcomes.get(nodeid, {}).get("outcome") in ("failed", "error"):
            return
        self.outcomes[nodeid] = {"outcome": outcome, "longrepr": longrepr[-LONGREPR_LIMIT:]}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self._record(report.nodeid, "failed" if report.when == "call" else "error", report.longreprtext)
        elif report.when == "call" or (report.when == "setup" and report.skipped):
            outcome = "xfailed" if hasattr(report, "wasxfail") and report.skipped else (
                "xpassed" if hasattr(report, "wasxfail") else report.outcome)
            self._record(report.nodeid, outcome, "")

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        # pytest-xdist hands only failed collections to the controller; a serial re-run sees them
        # all, so a collector that failed before and collects now reads "collected", not missing
        if report.failed:
            self._record(report.nodeid, "error", report.longreprtext)
        elif report.nodeid and report.passed:
            self._record(report.nodeid, "collected", "")

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Under --collect-only, the ids a run would have: what parity.py compares a run with the plugin to."""
        if session.config.option.collectonly:
            for item in session.items:
                self._record(item.nodeid, LISTED, "")

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        data: dict[str, Any] = {"exitstatus": int(exitstatus), "outcomes": self.outcomes}
        tmp = f"{self.path}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=0, sort_keys=True)
        os.replace(tmp, self.path)


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("parity_record")
    if path and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_Recorder(path), "parity-recorder")
