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

from .contract import contract_text, not_frozen_reason, summary_line, version_range
from .record import merge_records, process_record
from .watch import ImportWatcher, ModuleTracker

__all__ = ["ImportWatcher", "ModuleTracker", "contract_text", "merge_records", "not_frozen_reason",
           "process_record", "summary_line", "version_range"]
