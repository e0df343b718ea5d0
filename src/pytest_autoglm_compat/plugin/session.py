"""The session object: all state of one pytest session that uses the plugin, and the hooks it owns.

It is registered under the name ``autoglm-session`` only when a contract, a marker of ours, a
report, a skip limit, a fixture of ours or a worker's verdicts need it, so a run that uses none
of the plugin pays nothing for these hooks. Every hook here that runs outside a test's own
protocol is fault-contained: it may print that it could not do something, never INTERNALERROR.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from ..model.settings import GATE_EXIT_CODE, MAX_SKIPPED_EXIT_CODE, OUTPUT_NOT_WRITTEN_EXIT_CODE, Settings
from ..render.terminal import describe, gate_lines, summary_section, too_many_skipped_lines, unmet_message
from .apply import NEEDS_CUDA_KEY
from .freeze_recorder import WATCHER_KEY, FreezeRecorder
from .user_skips import skipped_by_user, unittest_skipped

if TYPE_CHECKING:  # the engine is imported when a test or the contract needs it, not at start-up
    from ..engine import Engine
    from ..model.requirements import Requirement
    from ..model.verdict import Verdict
    from ..render.report import VerdictGroup

SESSION_PLUGIN_NAME = "autoglm-session"
WORKERINPUT_KEY = "autoglm_compat"
MARKER_NAMES = frozenset(("requires_cuda", "requires_package", "requires_api", "autoglm_contract"))

# Session-wide state is the AutoglmSession object; these hold what belongs to one test.
SETTINGS_KEY = pytest.StashKey[Settings]()
SESSION_KEY = pytest.StashKey["AutoglmSession"]()
REQS_KEY = pytest.StashKey["tuple[Requirement, ...]"]()
ERROR_KEY = pytest.StashKey[str]()
VERDICTS_KEY = pytest.StashKey["list[Verdict]"]()
RAISED_KEY = pytest.StashKey[BaseException]()  # the skip/fail the plugin itself raised for the test


class AutoglmCompatWarning(UserWarning):
    """An unmet requirement under --autoglm-policy=warn."""


AutoglmCompatWarning.__module__ = "pytest_autoglm_compat.plugin"  # its public name (-W filters, reprs)


def active(config: pytest.Config) -> AutoglmSession | None:
    """The session object if something registered it already."""
    return config.stash.get(SESSION_KEY, None)


def session_of(config: pytest.Config) -> AutoglmSession:
    """The session object, registered on first need."""
    session = config.stash.get(SESSION_KEY, None)
    if session is None:
        session = config.stash[SESSION_KEY] = AutoglmSession(config, config.stash[SETTINGS_KEY])
        config.pluginmanager.register(session, SESSION_PLUGIN_NAME)
    return session


@dataclass(frozen=True)
class _SharedVerdicts:
    """What tests sharing one requirement tuple share: verdicts, skip/fail text, unmet headlines,
    and the key their verdicts travel under to the xdist controller."""

    reqs: tuple[Requirement, ...]
    verdicts: list[Verdict]
    message: str | None
    headlines: tuple[str, ...]
    key: str


class AutoglmSession:
    """All state of one pytest session that uses the plugin; its hooks run only once it is registered."""

    def __init__(self, config: pytest.Config, settings: Settings) -> None:
        self.config = config
        self.settings = settings
        self._engine: Engine | None = None
        self.outcomes: dict[str, dict[str, Any]] = {}
        self.collection_errors: dict[str, dict[str, Any]] = {}  # test modules that failed with a known failure
        self.pairs: list[tuple[Verdict, str]] = []  # every verdict of every test that ran, as reported
        self.verdict_sets: dict[str, list[Verdict]] = {}  # shared verdict lists, by "process:number"
        self._shared: dict[int, _SharedVerdicts] = {}  # by id() of a requirement tuple tests share
        self.gate_groups: list[VerdictGroup] | None = None
        self.gate_printed = False
        self.report_written = False
        self.too_many_skipped: list[str] = []
        self._for_workers: dict[str, Any] | None = None
        self.freezer: FreezeRecorder | None = None  # for a freeze or a report: registered beside this object
        workerinput = getattr(config, "workerinput", None)
        self.worker_id: str | None = workerinput.get("workerid", "gw?") if workerinput is not None else None

    # -- engine ----------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """The engine, created on first need: a session that uses none of the plugin never imports it."""
        if self._engine is None:
            from ..engine import Engine

            if self.settings.contract:  # the contract's parser only where there is a contract to read
                from ..model.contract import ContractError

                try:
                    engine = Engine(self.settings, getattr(self.config, "cache", None))
                except ContractError as exc:
                    raise pytest.UsageError(str(exc)) from None
            else:
                engine = Engine(self.settings, getattr(self.config, "cache", None))
            workerinput = getattr(self.config, "workerinput", None)
            if workerinput is not None and WORKERINPUT_KEY in workerinput:
                engine.receive(workerinput[WORKERINPUT_KEY])
            self._engine = engine
        return self._engine

    def engine_at_start(self) -> None:
        """Load the contract, a --autoglm-snapshot file and the team's known-failure files at configure
        time: bad files are usage errors."""
        engine = self.engine
        if engine.known_failures.extra_files:
            from ..knowledge.signatures import KnownFailuresError

            try:
                engine.known_failures.signatures()
            except KnownFailuresError as exc:  # names the file, each entry and key, and what was expected
                raise pytest.UsageError(str(exc)) from None
        if self.settings.snapshot:
            from ..facts.probe import SnapshotError

            try:
                engine.snapshot()
            except SnapshotError as exc:  # names the file and every problem in it
                raise pytest.UsageError(f"--autoglm-snapshot: {exc}") from None
            except Exception as exc:  # any other way a file can be wrong is still the user's file to fix
                raise pytest.UsageError(
                    f"--autoglm-snapshot: cannot use {self.settings.snapshot!r}: {describe(exc)}"
                ) from None

    # -- pytest-xdist ------------------------------------------------------------

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        """Controller: with a contract, probe once here; every worker gets the snapshot and facts.

        Without a contract nothing is probed: workers whose tests carry markers probe themselves.
        """
        if not self.settings.contract:
            return
        if self._for_workers is None:
            try:
                self._for_workers = self.engine.for_workers()
            except Exception as exc:  # workers then probe for themselves
                self._for_workers = {}
                self._warn(f"could not probe for the workers, each probes itself: {describe(exc)}")
        if self._for_workers:
            node.workerinput[WORKERINPUT_KEY] = self._for_workers

    # -- header --------------------------------------------------------------------

    def pytest_report_header(self, config: pytest.Config) -> str | None:
        if not self.settings.contract:
            return None
        try:
            from ..render.report import header_line

            engine = self.engine
            return header_line(engine.contract, engine.settings.policy, engine.snapshot(),
                               engine.snapshot_from_cache)
        except Exception as exc:
            return f"autoglm-compat: could not probe this environment: {describe(exc)}"

    # -- collection ---------------------------------------------------------------

    def collect_requirements(self, items: list[pytest.Item]) -> None:
        """Each test's requirements, once per function (parametrized instances share one tuple).

        A bad marker fails its own test at setup, as pytest's own bad ``skipif`` does; the rest of
        the collection goes on.
        """
        shared: dict[tuple[object, ...], tuple[Requirement, ...]] = {}
        planned: set[int] = set()
        for item in items:
            key = self._sharing_key(item)
            reqs = shared.get(key) if key is not None else None
            if reqs is None:
                try:
                    reqs = self._item_requirements(item)
                except ValueError as exc:  # MarkerError, a contract section that does not exist
                    item.stash[ERROR_KEY] = f"Invalid marker on {item.nodeid}: {exc}"
                    continue
                except Exception as exc:  # never an INTERNALERROR for one test
                    item.stash[ERROR_KEY] = f"autoglm-compat could not read the requirements of {item.nodeid}: " \
                                            f"{describe(exc)}"
                    continue
                if key is not None:
                    shared[key] = reqs
            item.stash[REQS_KEY] = reqs
            if reqs and id(reqs) not in planned:
                planned.add(id(reqs))
                self.engine.plan_checks(reqs)

    @staticmethod
    def _sharing_key(item: pytest.Item) -> tuple[object, ...] | None:
        """Instances of one function whose parameters carry no marker of ours share requirements.

        Marks from decorators are the same objects in every instance; a parameter's marks or a
        marker another plugin added to one instance make its key differ.
        """
        callspec = getattr(item, "callspec", None)
        if callspec is None:
            return None
        param_marks = {id(m) for m in callspec.marks}
        if any(m.name in MARKER_NAMES for m in callspec.marks):
            return None
        return (id(item.parent), getattr(item, "originalname", item.name),
                *(id(m) for m in item.own_markers if id(m) not in param_marks))

    def _item_requirements(self, item: pytest.Item) -> tuple[Requirement, ...]:
        """Markers (self-contained) plus the contract where the test opted in. Raises MarkerError."""
        ours = [m for m in item.iter_markers() if m.name in MARKER_NAMES]
        settings = self.settings
        if not ours and not (settings.contract and settings.scope == "all"):
            return ()
        needs_cuda = any(m.name == "requires_cuda" for m in ours) or "cuda_device" in getattr(
            item, "fixturenames", ()) or item.stash.get(NEEDS_CUDA_KEY, False)  # NEEDS_CUDA: an autoglm_apply rule
        if not ours:
            return self.engine.contract_requirements((), needs_cuda)
        # Parametrized instances share their function's requirements: the function is where
        # they are declared, so that is the origin they name.
        where = item.nodeid.split("[", 1)[0]
        from .markers import requirements_of

        return requirements_of(ours, where, self.engine, needs_cuda)

    # -- the gate ------------------------------------------------------------------

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        config = session.config
        if self.settings.policy != "gate" or config.option.collectonly or hasattr(config, "workerinput"):
            return  # under pytest-xdist the controller gates, before any worker starts
        running = [item for item in session.items if not skipped_by_user(item)]
        self.gate([(item.stash[REQS_KEY], item.nodeid) for item in running if item.stash.get(REQS_KEY, ())],
                  invalid=[item.stash[ERROR_KEY] for item in running if ERROR_KEY in item.stash])

    def gate(self, wanted: list[tuple[tuple[Requirement, ...], str | None]], *, invalid: list[str] | None = None,
             write_report: bool = False) -> None:
        """Evaluate what the session needs; on any unmet or unknown requirement print the report and exit 6."""
        try:
            bad = self._gate_groups(wanted, invalid or [])
        except pytest.UsageError:
            raise
        except Exception as exc:  # the gate cannot say yes; it says why, cleanly
            self._write_line_section("autoglm-compat gate", [f"could not evaluate the contract: {describe(exc)}"])
            pytest.exit(f"autoglm-compat gate: could not evaluate the contract ({describe(exc)}); no test was run",
                        returncode=GATE_EXIT_CODE)
        if not bad and not invalid:
            return
        if write_report and self.settings.report:
            self._write_report(GATE_EXIT_CODE)
        why = f"{bad} requirement(s) not met"
        if invalid:
            why += f", {len(invalid)} test(s) with an invalid marker"
        pytest.exit(f"autoglm-compat gate: {why}; no test was run", returncode=GATE_EXIT_CODE)

    def _gate_groups(self, wanted: list[tuple[tuple[Requirement, ...], str | None]], invalid: list[str]) -> int:
        """Print and keep the gate's groups; return how many are not met."""
        from .gate import evaluate

        groups, skipped_checks = evaluate(self.engine, wanted)
        self.gate_groups = groups
        bad = [g for g in groups if not g.verdict.ok]
        if bad or invalid:
            self._write_line_section("autoglm-compat gate", gate_lines(groups, skipped_checks, invalid))
            self.gate_printed = True
        return len(bad)

    def _write_line_section(self, title: str, lines: Iterable[str]) -> None:
        tr = self.config.pluginmanager.get_plugin("terminalreporter")
        if tr is not None:
            tr.section(title, sep="=", red=True, bold=True)
            for line in lines:
                tr.write_line(line)

    # -- running -----------------------------------------------------------------

    def _shared_for(self, reqs: tuple[Requirement, ...]) -> _SharedVerdicts:
        """Everything derived from a requirement tuple, once: the tests that share it share this."""
        shared = self._shared.get(id(reqs))
        if shared is None or shared.reqs is not reqs:
            verdicts = self.engine.verdicts_of(reqs)
            unmet = [v for v in verdicts if not v.ok]
            headlines: tuple[str, ...] = ()
            message: str | None = None
            if unmet:
                from ..render.report import headline

                headlines = tuple(dict.fromkeys(headline(v) for v in unmet))
                message = unmet_message(unmet, verbose=self.config.getoption("verbose") > 0)
            shared = self._shared[id(reqs)] = _SharedVerdicts(
                reqs, verdicts, message, headlines, f"{self.worker_id or 'main'}:{len(self._shared)}")
        return shared

    def _unmet_message(self, item: pytest.Item) -> str | None:
        """The skip/fail text for this test, or None when all is met."""
        reqs = item.stash.get(REQS_KEY, ())
        if not reqs:
            return None
        shared = self._shared_for(reqs)
        item.stash[VERDICTS_KEY] = shared.verdicts
        return shared.message

    def _checked(self, item: pytest.Item) -> str | None:
        try:
            return self._unmet_message(item)
        except pytest.UsageError:
            raise
        except Exception as exc:  # the test errors with our words, not our traceback
            pytest.fail(f"autoglm-compat could not check this test's requirements: {describe(exc)}", pytrace=False)

    @property
    def decides_before_fixtures(self) -> bool:
        """skip, warn and gate decide before the test's fixtures are set up (nothing of the test
        runs for a test they skip); fail decides at the end of setup, so that a fixture's
        importorskip still wins there."""
        return self.settings.policy != "fail"

    def prepare(self, item: pytest.Item) -> None:
        """The test's verdicts, before anything else sets it up, so that its report carries them
        whoever ends up skipping it (its own marker, a fixture such as cuda_device). Acting on them
        waits for decide; an error here is raised there, as the test's own."""
        try:
            self._unmet_message(item)
        except Exception:
            pass

    def decide(self, item: pytest.Item) -> None:
        """Act on the test's verdicts by the policy: before its fixtures (skip, warn, gate) or after
        them (fail). warn attaches its warning and lets the test run."""
        if unittest_skipped(item):
            return  # unittest's own skip decorator acts in the call phase: it wins all the same
        if ERROR_KEY in item.stash:
            pytest.fail(item.stash[ERROR_KEY], pytrace=False)
        message = self._checked(item)
        if message is None:
            if self.freezer is not None:
                reqs: tuple[Requirement, ...] = item.stash.get(REQS_KEY, ())
                self.freezer.note_api_markers(item.nodeid, reqs)
            return
        policy = self.settings.policy
        if policy == "skip":
            self._raise(item, pytest.skip.Exception(message, _use_item_location=True))
        elif policy == "warn":
            try:
                item.warn(AutoglmCompatWarning(message))
            except Warning:  # -W error: the warning is raised; the test errors with our words alone
                pytest.fail(message, pytrace=False)
        else:  # fail; gate in a pytest-xdist worker (the controller gated on the contract's core)
            self._raise(item, pytest.fail.Exception(message, pytrace=False))

    def after_failed_setup(self, item: pytest.Item, exc: Exception) -> None:
        """Under fail, a fixture failed on a test whose requirements are unmet: the unmet requirement
        is the likelier cause, so the test gets the plugin's verdict, naming the error. (The other
        policies decide before any fixture runs.)"""
        if ERROR_KEY in item.stash or unittest_skipped(item):
            return
        try:
            message = self._unmet_message(item)
        except Exception:
            return
        if message is None:
            return
        message += f"; setting the test up then raised {describe(exc)}"
        self._raise(item, pytest.fail.Exception(message, pytrace=False))

    def refuse(self, item: pytest.Item, message: str) -> NoReturn:
        """What the plugin's own fixtures do when they cannot give the test what it needs: the policy's
        failure under fail (and gate, in an xdist worker), else a skip (a test cannot run without its GPU)."""
        if self.settings.policy in ("fail", "gate"):
            self._raise(item, pytest.fail.Exception(message, pytrace=False))
        self._raise(item, pytest.skip.Exception(message, _use_item_location=True))

    @staticmethod
    def _raise(item: pytest.Item, exc: BaseException) -> NoReturn:
        item.stash[RAISED_KEY] = exc
        raise exc

    # -- reports: this process, or the xdist controller ------------------------------

    def report_info(self, item: pytest.Item, call: pytest.CallInfo[None], rep: pytest.TestReport) -> dict[str, Any]:
        """What the controller (or this process's recorder) needs: verdicts once per shared set, outcome cause.

        A test that something else kept from running (the user's skip, xfail, a fixture's skip) was
        not affected by the plugin: its verdicts stay out of the summary and the report's verdicts.
        """
        info: dict[str, Any] = {}
        raised = item.stash.get(RAISED_KEY, None)
        ours = raised is not None and call.excinfo is not None and call.excinfo.value is raised
        if ours:
            info["by_autoglm"] = True
            # Its traceback holds every frame of the setup: kept for the session, 1,000 skipped
            # tests' frames made each garbage collection (and pytest's at the end) slower.
            del item.stash[RAISED_KEY]
        if rep.when == "setup" and VERDICTS_KEY in item.stash:
            shared = self._shared_for(item.stash[REQS_KEY])
            info["unmet"] = list(shared.headlines)
            if ours and not info["unmet"]:
                info["unmet"] = [str(raised).splitlines()[0]]
            if ours or not rep.skipped:
                info.update(self._verdict_set(shared))
        elif ours:
            info["unmet"] = [str(raised).splitlines()[0]]
        return info

    def _verdict_set(self, shared: _SharedVerdicts) -> dict[str, Any]:
        """The shared verdict list's key; a worker sends the list itself with its first use."""
        out: dict[str, Any] = {"verdict_set": shared.key}
        if shared.key not in self.verdict_sets:
            self.verdict_sets[shared.key] = shared.verdicts
            if self.worker_id is not None:  # only a worker's report travels
                out["verdicts"] = [v.to_json() for v in shared.verdicts]
        return out

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        """A test module that failed to import with a known failure (plugin.collection), here or from a worker."""
        info: dict[str, Any] = getattr(report, "autoglm", {})
        if not info.get("collection_error"):
            return
        try:
            from ..render.report import verdict_from_json

            self.collection_errors[report.nodeid] = {
                "outcome": "skipped" if report.skipped else "error",
                **{k: info[k] for k in ("unmet", "by_autoglm", "known_failure")}}
            self.pairs += [(verdict_from_json(v), report.nodeid) for v in info.get("verdicts", ())]
        except Exception as exc:
            self._warn(f"could not record {report.nodeid}: {describe(exc)}")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        try:
            self._record(report)
        except Exception as exc:
            self._warn(f"could not record {report.nodeid}: {describe(exc)}")

    def _record(self, report: pytest.TestReport) -> None:
        """Outcomes and verdicts, where reports arrive: this process, or the xdist controller."""
        info: dict[str, Any] = getattr(report, "autoglm", {})
        if report.when != "setup" and report.passed and not info:
            return  # nothing new: the setup report already recorded "passed"
        entry = self.outcomes.setdefault(report.nodeid, {"outcome": "passed", "unmet": [], "by_autoglm": False})
        if report.failed and not (report.when == "teardown" and entry["outcome"] == "failed"):
            entry["outcome"] = "failed" if report.when == "call" else "error"
        elif report.skipped:
            entry["outcome"] = "skipped"
        key = info.get("verdict_set")
        if key is not None:
            if "verdicts" in info and key not in self.verdict_sets:
                from ..render.report import verdict_from_json

                self.verdict_sets[key] = [verdict_from_json(v) for v in info["verdicts"]]
            self.pairs += [(v, report.nodeid) for v in self.verdict_sets.get(key, ())]
        for name in ("unmet", "by_autoglm", "known_failure"):
            if name in info:
                entry[name] = info[name]

    # -- the end: skip limit, freeze, report, summary ----------------------------------

    def groups(self) -> list[VerdictGroup]:
        """The gate's groups (every collected test) or those of the tests that reported."""
        if self.gate_groups is not None:
            return self.gate_groups
        from ..render.report import group

        return group(self.pairs)

    def _check_max_skipped(self, session: pytest.Session) -> None:
        """--autoglm-max-skipped: a green run that skipped too much is turned red (exit 7).

        Only the plugin's own skips count; the user's skip markers and importorskip do not.
        """
        limit = self.settings.max_skipped
        if limit is None or self.worker_id is not None:
            return
        skipped = {n: e for n, e in self.outcomes.items() if e["outcome"] == "skipped" and e.get("by_autoglm")}
        total = max(len(self.outcomes), session.testscollected)
        allowed = limit.allowed(total)
        if len(skipped) <= allowed:
            return
        reasons = [entry["unmet"][0] if entry.get("unmet") else "?" for entry in skipped.values()]
        self.too_many_skipped = too_many_skipped_lines(reasons, total, allowed, limit)
        if session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = MAX_SKIPPED_EXIT_CODE

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        try:
            self._check_max_skipped(session)
        except Exception as exc:
            self._warn(f"could not check --autoglm-max-skipped: {describe(exc)}")
        if self.freezer is not None:
            try:
                self.freezer.finish(session, settings=self.settings, engine=lambda: self.engine,
                                    outcomes=self.outcomes, worker_id=self.worker_id,
                                    watcher=self.config.stash.get(WATCHER_KEY, None))
            except Exception as exc:  # the freeze is an extra: it never changes the run's outcome
                self.freezer.line = f"autoglm-compat: no contract written to {self.settings.freeze}: {describe(exc)}" \
                    if self.settings.freeze else None
                self._warn(f"could not record the run's imports: {describe(exc)}")
                if self.settings.freeze and self.worker_id is None:
                    self._output_not_written(session)
        if self.settings.report and self.worker_id is None and not self._write_report(int(session.exitstatus)):
            self._output_not_written(session)

    @staticmethod
    def _output_not_written(session: pytest.Session) -> None:
        """A report or contract that was asked for and not written turns a green run red (exit 8):
        a CI job that reads it would otherwise read last week's file, or none."""
        if session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = OUTPUT_NOT_WRITTEN_EXIT_CODE

    def _write_report(self, exit_status: int) -> bool:
        """False when the report could not be written (the warning says why)."""
        if self.report_written:
            return True
        self.report_written = True
        assert self.settings.report is not None
        try:
            from ..render.report import build_report, write_json_atomic

            engine = self.engine
            data = build_report(
                contract=engine.contract,
                policy=engine.settings.policy,
                snapshot=engine.snapshot(),
                groups=self.groups(),
                tests=self.outcomes,
                exit_status=exit_status,
            )
            if self.freezer is not None and self.freezer.data is not None:
                data["freeze"] = self.freezer.data
            data["collection_errors"] = self.collection_errors
            write_json_atomic(self.settings.report, data)
        except Exception as exc:  # a report that cannot be written is a warning and exit 8, not a crash
            self._warn(f"could not write {self.settings.report}: {describe(exc)}")
            return False
        return True

    def pytest_terminal_summary(self, terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
        try:
            lines = self._summary()
        except Exception as exc:  # the summary is decoration
            lines = ("autoglm-compat", "yellow", [f"could not summarise: {describe(exc)}"])
        freeze_line = self.freezer.line if self.freezer is not None else None
        if freeze_line:
            terminalreporter.write_line(freeze_line, green=freeze_line.startswith("autoglm-compat: froze"),
                                        yellow=not freeze_line.startswith("autoglm-compat: froze"))
        if self.too_many_skipped:
            terminalreporter.section("autoglm-compat: too many tests skipped", sep="=", red=True, bold=True)
            for line in self.too_many_skipped:
                terminalreporter.write_line(line)
        if self.collection_errors:
            from ..render.collection_errors import SUMMARY_TITLE, summary_lines

            terminalreporter.section(SUMMARY_TITLE, sep="=", yellow=True)
            for line in summary_lines(self.collection_errors):
                terminalreporter.write_line(line)
        if lines is None:
            return
        title, colour, body = lines
        terminalreporter.section(title, sep="=", **{colour: True})
        for line in body:
            terminalreporter.write_line(line)

    def _summary(self) -> tuple[str, str, list[str]] | None:
        if self.gate_printed:
            return None
        groups = self.groups()
        if not groups:
            return None
        return summary_section(groups, policy=self.settings.policy, gated=self.gate_groups is not None,
                               verbose=self.config.getoption("verbose") > 0)

    def _warn(self, message: str) -> None:
        tr = self.config.pluginmanager.get_plugin("terminalreporter")
        if tr is not None:
            tr.write_line(f"autoglm-compat: {message}", yellow=True)
        else:
            warnings.warn(AutoglmCompatWarning(message), stacklevel=1)
