"""pytest glue: options, markers, fixtures, header, summary. The engine lives below.

What every pytest run pays, contract or not, is the module-level part: options, marker
registration, settings, one look at each collected test's markers, and a report hook that
only acts on failures. Everything else is `AutoglmSession`, registered under the name
``autoglm-session`` only when a contract, a marker of ours, a report, a skip limit, a
fixture of ours or a worker's verdicts need it.

The user's own pytest semantics come first: the plugin acts at the end of a test's setup,
after pytest's skipping plugin (``skip``, ``skipif``, ``xfail(run=False)``), conftest files,
other plugins and the test's fixtures, so their skips win over every policy. Every hook that
runs outside a test's own protocol is fault-contained: the plugin may print that it could not
do something, never INTERNALERROR.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from ..model.settings import (
    CONTRACT_HELP,
    FREEZE_DEPS,
    FREEZE_DEPS_HELP,
    FREEZE_HELP,
    FREEZE_POLICIES,
    FREEZE_POLICY_HELP,
    GATE_EXIT_CODE,
    MARKERS,
    MAX_SKIPPED_EXIT_CODE,
    MAX_SKIPPED_HELP,
    POLICIES,
    POLICY_HELP,
    REPORT_HELP,
    SCOPE_HELP,
    SCOPES,
    SNAPSHOT_HELP,
    TIMEOUT_HELP,
    Settings,
    SettingsError,
    resolve_settings,
)
from ..render.terminal import (
    describe,
    gate_lines,
    no_single_gpu,
    summary_section,
    too_many_skipped_lines,
    unmet_message,
)

if TYPE_CHECKING:  # the engine is imported when a test or the contract needs it, not at start-up
    from ..engine import Engine
    from ..facts.probe import Gpu
    from ..model.requirements import Requirement
    from ..model.verdict import Verdict
    from ..render.report import VerdictGroup
    from ..tools.freeze import ImportWatcher, ModuleTracker

PLUGIN_NAME = "autoglm"
SESSION_PLUGIN_NAME = "autoglm-session"
FREEZE_PLUGIN_NAME = "autoglm-freeze"
WORKERINPUT_KEY = "autoglm_compat"
WORKEROUTPUT_KEY = "autoglm_freeze"
KNOWN_FAILURE_SECTION = "autoglm-compat: known failure"

_OUR_MARKERS = frozenset(("requires_cuda", "requires_package", "requires_api", "autoglm_contract"))
_OUR_FIXTURES = ("autoglm_env", "autoglm_contract", "autoglm_gpu", "cuda_device")

# Session-wide state is the AutoglmSession object; these hold what belongs to one test.
SETTINGS_KEY = pytest.StashKey[Settings]()
SESSION_KEY = pytest.StashKey["AutoglmSession"]()
REQS_KEY = pytest.StashKey["tuple[Requirement, ...]"]()
ERROR_KEY = pytest.StashKey[str]()
VERDICTS_KEY = pytest.StashKey["list[Verdict]"]()
RAISED_KEY = pytest.StashKey[BaseException]()  # the skip/fail the plugin itself raised for the test
CONFTEST_IMPORTS_KEY = pytest.StashKey["dict[str, str]"]()  # modules the initial conftest files imported
WATCHER_KEY: pytest.StashKey[ImportWatcher] = pytest.StashKey()  # who asked for each import (freeze, report)


class AutoglmCompatWarning(UserWarning):
    """An unmet requirement under --autoglm-policy=warn."""


# --------------------------------------------------------------------------- always loaded


def pytest_addoption(parser: pytest.Parser) -> None:
    group_ = parser.getgroup("autoglm-compat", "GLM stack compatibility contracts")
    group_.addoption("--autoglm-contract", dest="autoglm_contract", metavar="NAME|PATH",
                     help=CONTRACT_HELP)
    group_.addoption("--autoglm-policy", dest="autoglm_policy", metavar="|".join(POLICIES),
                     help=POLICY_HELP)
    group_.addoption("--autoglm-scope", dest="autoglm_scope", metavar="|".join(SCOPES),
                     help=SCOPE_HELP)
    group_.addoption("--autoglm-report", dest="autoglm_report", metavar="PATH", help=REPORT_HELP)
    group_.addoption("--autoglm-refresh", dest="autoglm_refresh", action="store_true", default=False,
                     help="Probe the environment again instead of using the cached snapshot")
    # argparse %-formats option help (not ini help): a bare % there crashes `pytest --help`
    group_.addoption("--autoglm-max-skipped", dest="autoglm_max_skipped", metavar="N|P%",
                     help=MAX_SKIPPED_HELP.replace("%", "%%"))
    group_.addoption("--autoglm-timeout", dest="autoglm_timeout", metavar="SECONDS",
                     help=TIMEOUT_HELP)
    group_.addoption("--autoglm-snapshot", dest="autoglm_snapshot", metavar="FILE",
                     help=SNAPSHOT_HELP)
    parser.addini("autoglm_contract", CONTRACT_HELP)
    parser.addini("autoglm_policy", POLICY_HELP)
    parser.addini("autoglm_scope", SCOPE_HELP)
    parser.addini("autoglm_report", REPORT_HELP)
    parser.addini("autoglm_timeout", TIMEOUT_HELP)
    group_.addoption("--autoglm-freeze", dest="autoglm_freeze", metavar="PATH", help=FREEZE_HELP)
    group_.addoption("--autoglm-freeze-policy", dest="autoglm_freeze_policy", metavar="|".join(FREEZE_POLICIES),
                     help=FREEZE_POLICY_HELP)
    parser.addini("autoglm_max_skipped", MAX_SKIPPED_HELP)
    parser.addini("autoglm_freeze", FREEZE_HELP)
    parser.addini("autoglm_freeze_policy", FREEZE_POLICY_HELP)
    group_.addoption("--autoglm-freeze-deps", dest="autoglm_freeze_deps", metavar="|".join(FREEZE_DEPS),
                     help=FREEZE_DEPS_HELP)
    parser.addini("autoglm_freeze_deps", FREEZE_DEPS_HELP)


def _records_imports(config: pytest.Config) -> bool:
    """A freeze or a report is asked for: the run's imports are recorded (options are not resolved yet)."""
    args = config.known_args_namespace
    if getattr(args, "autoglm_freeze", None) or getattr(args, "autoglm_report", None):
        return True
    try:
        return bool(config.getini("autoglm_freeze") or config.getini("autoglm_report"))
    except (ValueError, KeyError):
        return False


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> Generator[None, None, None]:
    """What the initial conftest files import is the suite's: recorded only for a freeze or a report."""
    if not _records_imports(early_config):
        return (yield)
    from ..tools.freeze import ImportWatcher

    watcher = ImportWatcher(early_config.rootpath)
    watcher.install()
    early_config.stash[WATCHER_KEY] = watcher
    before = set(sys.modules)
    try:
        return (yield)
    finally:
        early_config.stash[CONFTEST_IMPORTS_KEY] = {m: "collection" for m in set(sys.modules) - before}


def pytest_configure(config: pytest.Config) -> None:
    for help_text in MARKERS.values():
        config.addinivalue_line("markers", help_text)
    names = ("contract", "policy", "scope", "report", "timeout", "max_skipped", "freeze", "freeze_policy",
             "freeze_deps")
    cli: dict[str, Any] = {n: config.getoption(f"autoglm_{n}") for n in names}
    cli["refresh"] = config.getoption("autoglm_refresh")
    cli["snapshot"] = config.getoption("autoglm_snapshot")
    ini = {n: config.getini(f"autoglm_{n}") for n in names}
    try:
        settings = resolve_settings(cli, ini)
    except SettingsError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[SETTINGS_KEY] = settings
    workerinput = getattr(config, "workerinput", None)
    from_controller = workerinput is not None and WORKERINPUT_KEY in workerinput
    if settings.contract or settings.snapshot or settings.report or settings.max_skipped is not None \
            or from_controller:
        # a broken contract or snapshot file is a usage error now, not at the first test
        _session(config).engine_at_start()
    if settings.freeze or settings.report:
        session = _session(config)
        session.freezer = FreezeRecorder(config.stash.get(CONFTEST_IMPORTS_KEY, {}))
        config.pluginmanager.register(session.freezer, FREEZE_PLUGIN_NAME)


def pytest_unconfigure(config: pytest.Config) -> None:
    watcher = config.stash.get(WATCHER_KEY, None)
    if watcher is not None:
        watcher.uninstall()


def _active(config: pytest.Config) -> AutoglmSession | None:
    return config.stash.get(SESSION_KEY, None)


def _session(config: pytest.Config) -> AutoglmSession:
    """The session object, registered on first need."""
    session = config.stash.get(SESSION_KEY, None)
    if session is None:
        session = config.stash[SESSION_KEY] = AutoglmSession(config, config.stash[SETTINGS_KEY])
        config.pluginmanager.register(session, SESSION_PLUGIN_NAME)
    return session


def _uses_plugin(item: pytest.Item) -> bool:
    if any(m.name in _OUR_MARKERS for m in item.iter_markers()):
        return True
    fixturenames = getattr(item, "fixturenames", ())
    return any(name in fixturenames for name in _OUR_FIXTURES)


@pytest.hookimpl(trylast=True)  # markers added by other plugins' hooks are seen too
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SETTINGS_KEY not in config.stash:
        return
    session = _active(config)
    if session is None:
        if not any(_uses_plugin(item) for item in items):
            return  # the common case for a guest: nothing of ours, nothing imported
        session = _session(config)
    session.collect_requirements(items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    """The plugin decides after everything else set the test up: pytest's skip, skipif and
    xfail(run=False), conftest files, other plugins and the test's fixtures (an importorskip
    in one) come first, and their skips win over every policy."""
    session = _active(item.config)
    if session is None:
        return (yield)
    session.prepare(item)
    try:
        result = yield
    except (pytest.skip.Exception, pytest.fail.Exception, pytest.exit.Exception):
        raise  # pytest's own outcomes (skip, xfail, fail) and other plugins' are theirs
    except Exception as exc:
        session.after_failed_setup(item, exc)
        raise
    session.after_setup(item)
    return result


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config: pytest.Config, specs: Any) -> None:
    """pytest-xdist controller, before workers start: it collects no test, so it receives the
    workers' verdicts; under the gate policy it gates on the contract's core here."""
    if SETTINGS_KEY not in config.stash:
        return
    session = _session(config)
    if session.settings.policy == "gate" and session.settings.contract and not config.option.collectonly:
        session.gate([], write_report=True)  # the controller never reaches sessionfinish after this


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Attach what the plugin knows to the report itself, so that it survives xdist's trip to the controller.

    Decoration only: whatever goes wrong here leaves the report as pytest made it.
    """
    rep = yield
    session = _active(item.config)
    if session is None and not rep.failed:
        return rep  # the common case: nothing to attach
    try:
        info = session.report_info(item, call, rep) if session is not None else {}
        if rep.failed and call.excinfo is not None:
            explanation = _explain_failure(item.config, call.excinfo.value)
            if explanation:
                rep.sections.append((KNOWN_FAILURE_SECTION, "\n".join(explanation)))
                info["known_failure"] = explanation
        if info:
            rep.autoglm = info
    except Exception as exc:  # a guest never changes an outcome
        rep.sections.append(("autoglm-compat", f"could not annotate this report: {describe(exc)}"))
    return rep


def _explain_failure(config: pytest.Config, exc: BaseException) -> list[str] | None:
    """Known GLM-stack failure -> cause and fix; matched without the engine first (cheap)."""
    if isinstance(exc, (pytest.fail.Exception, pytest.skip.Exception)):
        return None
    try:
        from ..knowledge import known_failures
        from ..render.failures import explain_test_failure

        if known_failures.explain_exception(exc) is None:  # cheap: no session, no probe
            return None
        return explain_test_failure(exc, _session(config).engine)
    except Exception:  # an exception that cannot even be read is nobody's known failure
        return None


# --------------------------------------------------------------------------- freeze: the run's imports


class FreezeRecorder:
    """Diffs ``sys.modules`` around the suite's own work; registered only for a freeze or a report.

    Windows: the initial conftest files (recorded before this object exists), the collection of
    each file, each test's setup, call and teardown. What is imported between windows (pytest's
    and other plugins' own work, this plugin's engine) is forgotten.
    """

    def __init__(self, conftest_imports: dict[str, str]) -> None:
        from ..tools.freeze import ModuleTracker

        self.tracker: ModuleTracker = ModuleTracker(conftest_imports)

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


# --------------------------------------------------------------------------- the session object


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
        self.pairs: list[tuple[Verdict, str]] = []  # every verdict of every test that ran, as reported
        self.verdict_sets: dict[str, list[Verdict]] = {}  # shared verdict lists, by "process:number"
        self._shared: dict[int, _SharedVerdicts] = {}  # by id() of a requirement tuple tests share
        self.gate_groups: list[VerdictGroup] | None = None
        self.gate_printed = False
        self.report_written = False
        self.too_many_skipped: list[str] = []
        self._for_workers: dict[str, Any] | None = None
        self.freezer: FreezeRecorder | None = None
        self.worker_records: list[dict[str, Any]] = []  # pytest-xdist controller: each worker's imports
        self.freeze_data: dict[str, Any] | None = None
        self.freeze_line: str | None = None
        self.api_markers: dict[str, tuple[Any, list[str]]] = {}  # requires_api markers that held, by check
        workerinput = getattr(config, "workerinput", None)
        self.worker_id: str | None = workerinput.get("workerid", "gw?") if workerinput is not None else None

    # -- engine ----------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """The engine, created on first need: a session that uses none of the plugin never imports it."""
        if self._engine is None:
            from ..engine import Engine
            from ..model.contract import ContractError

            try:
                engine = Engine(self.settings, getattr(self.config, "cache", None))
            except ContractError as exc:
                raise pytest.UsageError(str(exc)) from None
            workerinput = getattr(self.config, "workerinput", None)
            if workerinput is not None and WORKERINPUT_KEY in workerinput:
                engine.receive(workerinput[WORKERINPUT_KEY])
            self._engine = engine
        return self._engine

    def engine_at_start(self) -> None:
        """Load the contract and a --autoglm-snapshot file at configure time: bad files are usage errors."""
        engine = self.engine
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
        if any(m.name in _OUR_MARKERS for m in callspec.marks):
            return None
        return (id(item.parent), getattr(item, "originalname", item.name),
                *(id(m) for m in item.own_markers if id(m) not in param_marks))

    def _item_requirements(self, item: pytest.Item) -> tuple[Requirement, ...]:
        """Markers (self-contained) plus the contract where the test opted in. Raises MarkerError."""
        ours = [m for m in item.iter_markers() if m.name in _OUR_MARKERS]
        settings = self.settings
        if not ours and not (settings.contract and settings.scope == "all"):
            return ()
        needs_cuda = any(m.name == "requires_cuda" for m in ours) or "cuda_device" in getattr(item, "fixturenames", ())
        if not ours:
            return self.engine.contract_requirements((), needs_cuda)
        # Parametrized instances share their function's requirements: the function is where
        # they are declared, so that is the origin they name.
        where = item.nodeid.split("[", 1)[0]
        return _parse_markers(ours, where, self.engine, needs_cuda)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        config = session.config
        if self.settings.policy != "gate" or config.option.collectonly or hasattr(config, "workerinput"):
            return  # under pytest-xdist the controller gates, before any worker starts
        running = [item for item in session.items if not _skipped_by_user(item)]
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
        """Print and keep the gate's groups; return how many are not met.

        ``wanted`` pairs each test's requirement tuple with its id; tests share tuples, so the work
        is done per distinct tuple and per distinct requirement, not per test.
        """
        from ..model.requirements import ApiRequirement, ExtensionRequirement
        from ..render.report import group

        engine = self.engine
        if engine.contract is not None:  # the contract's core is part of the gate even if no test opted in
            wanted = [*wanted, (tuple(engine.contract.core.items(needs_cuda=False)), None)]
        distinct = {id(reqs): reqs for reqs, _ in wanted}.values()
        unique = list(dict.fromkeys(r for reqs in distinct for r in reqs))
        # Static requirements first: when they already fail, the gate stops without the API-check
        # subprocess (which imports transformers and costs seconds).
        checks = (ApiRequirement, ExtensionRequirement)
        static = [r for r in unique if not isinstance(r, checks)]
        dynamic = [r for r in unique if isinstance(r, checks)]
        static_ok = all(v.ok for v in engine.verdicts(static))
        if static_ok:
            engine.verdicts(dynamic)  # one subprocess for all of them
        shown = set(unique) if static_ok else set(static)
        skipped_checks = 0 if static_ok else len(dynamic)
        per_tuple: dict[int, list[Verdict]] = {}
        pairs: list[tuple[Verdict, str | None]] = []
        for reqs, test in wanted:
            verdicts = per_tuple.get(id(reqs))
            if verdicts is None:
                verdicts = per_tuple[id(reqs)] = engine.verdicts([r for r in reqs if r in shown])
            pairs += [(v, test) for v in verdicts]
        groups = self.gate_groups = group(pairs)
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
            if unmet:
                from ..render.report import headline

                headlines = tuple(dict.fromkeys(headline(v) for v in unmet))
            shared = self._shared[id(reqs)] = _SharedVerdicts(
                reqs, verdicts, unmet_message(unmet) if unmet else None, headlines,
                f"{self.worker_id or 'main'}:{len(self._shared)}")
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

    def prepare(self, item: pytest.Item) -> None:
        """The test's verdicts, before anything else sets it up, so that its report carries them
        whoever ends up skipping it (its own marker, a fixture such as cuda_device). Acting on them
        waits for after_setup; an error here is raised there, as the test's own."""
        try:
            self._unmet_message(item)
        except Exception:
            pass

    def _note_api_markers(self, item: pytest.Item) -> None:
        """This test's requires_api markers held: a freeze records them, with the kind found."""
        from ..model.requirements import ApiRequirement

        for req in item.stash.get(REQS_KEY, ()):
            if isinstance(req, ApiRequirement) and req.meta.origin.file is None:
                key = repr((req.target, req.kind, req.absent, req.fields, req.params))
                self.api_markers.setdefault(key, (req, []))[1].append(item.nodeid)

    def after_setup(self, item: pytest.Item) -> None:
        if _unittest_skipped(item):
            return  # unittest's own skip decorator acts in the call phase: it wins all the same
        if ERROR_KEY in item.stash:
            pytest.fail(item.stash[ERROR_KEY], pytrace=False)
        message = self._checked(item)
        if message is None:
            if self.freezer is not None:
                self._note_api_markers(item)
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
        """A fixture failed on a test whose requirements are unmet: the unmet requirement is the
        likelier cause, so under skip and fail the test gets the plugin's verdict, naming the error."""
        if ERROR_KEY in item.stash or self.settings.policy == "warn" or _unittest_skipped(item):
            return
        try:
            message = self._unmet_message(item)
        except Exception:
            return
        if message is None:
            return
        message += f"; setting the test up then raised {describe(exc)}"
        if self.settings.policy == "skip":
            self._raise(item, pytest.skip.Exception(message, _use_item_location=True))
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

    # -- summary, report -------------------------------------------------------------

    def groups(self) -> list[VerdictGroup]:
        """The gate's groups (every collected test) or those of the tests that reported."""
        if self.gate_groups is not None:
            return self.gate_groups
        from ..render.report import group

        return group(self.pairs)

    def pytest_terminal_summary(self, terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
        try:
            lines = self._summary()
        except Exception as exc:  # the summary is decoration
            lines = ("autoglm-compat", "yellow", [f"could not summarise: {describe(exc)}"])
        if self.freeze_line:
            terminalreporter.write_line(self.freeze_line, green=self.freeze_line.startswith("autoglm-compat: froze"),
                                        yellow=not self.freeze_line.startswith("autoglm-compat: froze"))
        if self.too_many_skipped:
            terminalreporter.section("autoglm-compat: too many tests skipped", sep="=", red=True, bold=True)
            for line in self.too_many_skipped:
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
                self._freeze(session)
            except Exception as exc:  # the freeze is an extra: it never changes the run's outcome
                self.freeze_line = f"autoglm-compat: no contract written to {self.settings.freeze}: {describe(exc)}" \
                    if self.settings.freeze else None
                self._warn(f"could not record the run's imports: {describe(exc)}")
        if self.settings.report and self.worker_id is None:
            self._write_report(int(session.exitstatus))

    # -- freeze --------------------------------------------------------------------

    def _held_api_markers(self) -> list[dict[str, Any]]:
        """requires_api markers checked in this process that held, with the kind found."""
        out = []
        for req, tests in self.api_markers.values():
            verdicts = self.engine.verdicts([req])  # memoised: checked when the tests were set up
            if not verdicts or not all(v.ok for v in verdicts):
                continue
            out.append({"target": req.target, "kind": verdicts[0].found, "absent": req.absent,
                        "fields": list(req.fields), "params": list(req.params), "tests": sorted(tests)})
        return out

    def _freeze(self, session: pytest.Session) -> None:
        """Workers send what they saw; the controller (or the only process) merges, then writes."""
        import datetime as _dt
        import shlex

        from .. import __version__
        from ..tools import freeze

        assert self.freezer is not None
        watcher = self.config.stash.get(WATCHER_KEY, None)
        record = freeze.process_record(self.freezer.tracker, self.config.rootpath,
                                       api_markers=self._held_api_markers(),
                                       kinds=watcher.kinds if watcher is not None else None)
        if self.worker_id is not None:
            workeroutput = getattr(self.config, "workeroutput", None)
            if workeroutput is not None:
                workeroutput[WORKEROUTPUT_KEY] = record
            return
        merged = freeze.merge_records(self.worker_records or [record])
        tr = self.config.pluginmanager.get_plugin("terminalreporter")
        stats = getattr(tr, "stats", {}) if tr is not None else {}
        counts = {k: len(stats.get(k, ()))  # the terminal's own tally: what "2 passed, 1 xfailed" counts
                  for k in ("passed", "skipped", "xfailed", "xpassed", "failed", "error", "deselected")}
        per_file: dict[str, int] = {}
        for nodeid in self.outcomes:
            file = nodeid.split("::", 1)[0]
            per_file[file] = per_file.get(file, 0) + 1
        invocation = self.config.invocation_params
        merged["run"] = {
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "plugin_version": __version__,
            "invocation": shlex.join(["pytest", *invocation.args]),
            "rootdir": str(self.config.rootpath),
            "counts": {k: v for k, v in counts.items() if v},
            "tests_per_file": dict(sorted(per_file.items())),
            "exit_status": int(session.exitstatus),
            "policy": self.settings.freeze_policy,
            "deps": self.settings.freeze_deps,
        }
        self.freeze_data = merged
        if not self.settings.freeze:
            return
        why = freeze.not_frozen_reason(merged["run"])
        if why is not None:
            self.freeze_line = f"autoglm-compat: no contract written to {self.settings.freeze}: {why}"
            return
        snapshot = self.engine.snapshot().to_json()
        from ..render.report import write_text_atomic

        target = os.path.join(str(self.config.invocation_params.dir), self.settings.freeze)  # a test may chdir
        write_text_atomic(target, freeze.contract_text(merged, snapshot, self.settings.freeze_policy))
        self.freeze_line = freeze.summary_line(self.settings.freeze, merged)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """pytest-xdist controller: a worker finished; keep what it imported."""
        record = getattr(node, "workeroutput", {}).get(WORKEROUTPUT_KEY)
        if isinstance(record, dict):
            self.worker_records.append(record)

    def _write_report(self, exit_status: int) -> None:
        if self.report_written:
            return
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
            if self.freeze_data is not None:
                data["freeze"] = self.freeze_data
            write_json_atomic(self.settings.report, data)
        except Exception as exc:  # a report that cannot be written is a warning, not a crash
            self._warn(f"could not write {self.settings.report}: {describe(exc)}")

    def _warn(self, message: str) -> None:
        tr = self.config.pluginmanager.get_plugin("terminalreporter")
        if tr is not None:
            tr.write_line(f"autoglm-compat: {message}", yellow=True)
        else:
            warnings.warn(AutoglmCompatWarning(message), stacklevel=1)


def _unittest_skipped(item: pytest.Item) -> bool:
    """unittest's @skip on the method or its TestCase class (the method is bound to an instance)."""
    obj = getattr(item, "obj", None)
    return bool(getattr(obj, "__unittest_skip__", False)
                or getattr(getattr(obj, "__self__", None), "__unittest_skip__", False))


def _skipped_by_user(item: pytest.Item) -> bool:
    """Will pytest's own skip, skipif or xfail(run=False) keep this test from running?

    The gate leaves such tests out, as the user's own markers come first. pytest has no public
    API for it; its skipping plugin's evaluators have kept their shape since pytest 6. A condition
    that cannot be evaluated here keeps the test in: pytest reports that error when it runs.
    """
    if _unittest_skipped(item):
        return True
    if not any(m.name in ("skip", "skipif", "xfail") for m in item.iter_markers()):
        return False
    try:
        from _pytest.skipping import evaluate_skip_marks, evaluate_xfail_marks

        if evaluate_skip_marks(item) is not None:
            return True
        xfailed = evaluate_xfail_marks(item)
        return xfailed is not None and not xfailed.run and not item.config.option.runxfail
    except Exception:
        return False


def _parse_markers(ours: list[pytest.Mark], where: str, engine: Engine, needs_cuda: bool) -> tuple[Requirement, ...]:
    from ..model.values import did_you_mean
    from . import markers as markers_mod
    from .markers import MarkerError

    contract = engine.contract
    reqs: list[Requirement] = []
    sections: list[str] = []
    opted_in = False
    for m in ours:
        if m.name == "requires_cuda":
            reqs.append(markers_mod.requires_cuda(m.args, m.kwargs, where))
        elif m.name == "requires_package":
            reqs.extend(markers_mod.requires_package(m.args, m.kwargs, where))
        elif m.name == "requires_api":
            reqs.extend(markers_mod.requires_api(m.args, m.kwargs, where))
        else:
            opted_in = True
            for s in markers_mod.contract_sections(m.args, m.kwargs):
                if s not in sections:
                    sections.append(s)
    if contract is not None and (opted_in or engine.settings.scope == "all"):
        for s in sections:
            if s not in contract.sections:
                known = ", ".join(sorted(contract.sections)) or "none"
                raise MarkerError(
                    f"autoglm_contract({s!r}): contract {contract.name!r} ({contract.file}) has no "
                    f"section {s!r}{did_you_mean(s, contract.sections)}; sections: {known}"
                )
        reqs.extend(engine.contract_requirements(tuple(sections), needs_cuda))
    return tuple(dict.fromkeys(reqs))


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def autoglm_env(pytestconfig: pytest.Config) -> Any:
    """The environment snapshot (frozen): packages, torch build, driver, GPUs."""
    return _session(pytestconfig).engine.snapshot()


@pytest.fixture(scope="session")
def autoglm_contract(pytestconfig: pytest.Config) -> Any:
    """The active contract, or None."""
    return _session(pytestconfig).engine.contract


@pytest.fixture
def autoglm_gpu(request: pytest.FixtureRequest) -> Gpu:
    """The GPU this test runs on (index, name, uuid, capability, memory), without importing torch.

    It satisfies the test's requires_cuda (capability, memory); under pytest-xdist
    worker gwN takes the N-th eligible GPU, round robin, so `-n 8` on eight GPUs
    uses each once. Indexes are as CUDA sees them after CUDA_VISIBLE_DEVICES.
    """
    from ..checks.cuda import eligible_gpus
    from ..model.requirements import CudaRequirement, Meta, Origin

    item = request.node
    session = _session(request.config)
    engine = session.engine
    reqs = [r for r in item.stash.get(REQS_KEY, ()) if isinstance(r, CudaRequirement)]
    if not reqs:
        reqs = [CudaRequirement(Meta(Origin(f"{item.nodeid} (cuda_device fixture)")))]
    unmet = [v for v in engine.verdicts(reqs) if not v.ok]
    if unmet:
        session.refuse(item, unmet_message(unmet))
    eligible = list(engine.snapshot().gpus)
    for r in reqs:
        eligible = eligible_gpus(r, eligible)
    if not eligible:
        session.refuse(item, no_single_gpu(len(reqs), engine.snapshot().gpus))
    worker = request.config.workerinput["workerid"] if hasattr(request.config, "workerinput") else "gw0"
    number = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0
    return eligible[number % len(eligible)]


@pytest.fixture
def cuda_device(autoglm_gpu: Gpu) -> Any:
    """A torch.device on a GPU that satisfies this test's requires_cuda, or a skip."""
    import torch  # only here: the test itself asked for a torch device

    return torch.device("cuda", autoglm_gpu.index)
