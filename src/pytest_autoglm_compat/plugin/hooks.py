"""The plugin's module-level pytest hooks: thin, they fetch, delegate, skip or fail.

What every pytest run pays, contract or not, is this module: options, marker registration,
settings, one look at each collected test's markers, and a report hook that only acts on
failures. Everything else is the session object (:mod:`.session`), registered only when a
contract, a marker of ours, a report, a skip limit, a fixture of ours or a worker's verdicts
need it.

The user's own pytest semantics come first. Under the skip, warn and gate policies the plugin
decides after pytest's skipping plugin (``skip``, ``skipif``, ``xfail(run=False)``) and the
conftest files' and later plugins' setup hooks, but before pytest's runner sets up a single
fixture of the test; under fail it decides at the end of setup, after the test's fixtures too
(an ``importorskip`` in one wins there). Every hook that runs outside a test's own protocol is
fault-contained: the plugin may print that it could not do something, never INTERNALERROR.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import sys
from collections.abc import Generator
from typing import Any

import pytest

from ..model.settings import MARKERS
from ..render.terminal import describe
from .apply import apply_rules, check_sections
from .fixtures import FIXTURE_NAMES
from .freeze_recorder import CONFTEST_IMPORTS_KEY, FREEZE_PLUGIN_NAME, WATCHER_KEY, FreezeRecorder
from .options import add_options, records_imports, settings_from
from .session import MARKER_NAMES, SETTINGS_KEY, WORKERINPUT_KEY, active, session_of

KNOWN_FAILURE_SECTION = "autoglm-compat: known failure"


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> Generator[None, None, None]:
    """What the initial conftest files import is the suite's: recorded only for a freeze or a report."""
    if not records_imports(early_config):
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
    settings = config.stash[SETTINGS_KEY] = settings_from(config)
    workerinput = getattr(config, "workerinput", None)
    from_controller = workerinput is not None and WORKERINPUT_KEY in workerinput
    if settings.contract or settings.snapshot or settings.report or settings.max_skipped is not None \
            or settings.known_failures or from_controller:
        # a broken contract or snapshot file is a usage error now, not at the first test
        session_of(config).engine_at_start()
        if settings.apply and settings.contract:  # a section the contract lacks is a usage error now
            check_sections(settings.apply, session_of(config).engine)
    if settings.freeze or settings.report:
        session = session_of(config)
        session.freezer = FreezeRecorder(config.stash.get(CONFTEST_IMPORTS_KEY, {}))
        config.pluginmanager.register(session.freezer, FREEZE_PLUGIN_NAME)


def pytest_unconfigure(config: pytest.Config) -> None:
    watcher = config.stash.get(WATCHER_KEY, None)
    if watcher is not None:
        watcher.uninstall()


def _uses_plugin(item: pytest.Item) -> bool:
    if any(m.name in MARKER_NAMES for m in item.iter_markers()):
        return True
    fixturenames = getattr(item, "fixturenames", ())
    return any(name in fixturenames for name in FIXTURE_NAMES)


@pytest.hookimpl(trylast=True)  # markers added by other plugins' hooks are seen too
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SETTINGS_KEY not in config.stash:
        return
    if config.stash[SETTINGS_KEY].apply:
        apply_rules(config.stash[SETTINGS_KEY], items)  # as the equivalent marks would, before they are read
    session = active(config)
    if session is None:
        if not any(_uses_plugin(item) for item in items):
            return  # the common case for a guest: nothing of ours, nothing imported
        session = session_of(config)
    session.collect_requirements(items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    """The test's verdicts before anything else sets it up; under fail, the decision after its fixtures.

    Under fail, pytest's skip, skipif and xfail(run=False), conftest files, other plugins and the
    test's fixtures (an importorskip in one) come first, and their skips win.
    """
    session = active(item.config)
    if session is None:
        return (yield)
    session.prepare(item)
    if session.decides_before_fixtures:
        return (yield)  # decided in pytest_runtest_setup_before_fixtures
    try:
        result = yield
    except (pytest.skip.Exception, pytest.fail.Exception, pytest.exit.Exception):
        raise  # pytest's own outcomes (skip, xfail, fail) and other plugins' are theirs
    except Exception as exc:
        session.after_failed_setup(item, exc)
        raise
    session.decide(item)
    return result


@pytest.hookimpl(specname="pytest_runtest_setup")
def pytest_runtest_setup_before_fixtures(item: pytest.Item) -> None:
    """Under skip, warn and gate the plugin decides here, before any fixture of the test is set up.

    Where this runs is the point: a plain implementation of the same hook, in a plugin pytest
    registers before conftest files. pluggy calls tryfirst implementations first (pytest's
    skipping plugin: skip, skipif, xfail(run=False)), then plain ones from the last registered
    to the first: conftest files and the plugins they or later hooks register, then this one,
    then pytest's runner, registered before every plugin, which sets up the test's fixtures
    (setup_module and setup_class among them). So the user's skips still come first, and a
    model-loading fixture never runs for a test the plugin skips.
    """
    session = active(item.config)
    if session is not None and session.decides_before_fixtures:
        session.decide(item)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config: pytest.Config, specs: Any) -> None:
    """pytest-xdist controller, before workers start: it collects no test, so it receives the
    workers' verdicts; under the gate policy it gates on the contract's core here."""
    if SETTINGS_KEY not in config.stash:
        return
    session = session_of(config)
    if session.settings.policy == "gate" and session.settings.contract and not config.option.collectonly:
        session.gate([], write_report=True)  # the controller never reaches sessionfinish after this


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Attach what the plugin knows to the report itself, so that it survives xdist's trip to the controller.

    Decoration only: whatever goes wrong here leaves the report as pytest made it.
    """
    rep = yield
    session = active(item.config)
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

        settings = config.stash.get(SETTINGS_KEY, None)
        if settings is not None and (settings.contract or settings.known_failures):  # a team's files may add some
            known = session_of(config).engine.known_failures.signatures()
        else:
            known = None  # the bundled ones
        if known_failures.explain_exception(exc, known=known) is None:  # cheap: no probe
            return None
        return explain_test_failure(exc, session_of(config).engine)
    except Exception:  # an exception that cannot even be read is nobody's known failure
        return None
