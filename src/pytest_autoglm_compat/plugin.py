"""pytest glue: options, markers, fixtures, header, summary. The engine lives below.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import warnings
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import pytest

from .options import (
    CONTRACT_HELP,
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

if TYPE_CHECKING:  # the engine is imported when a test or the contract needs it, not at start-up
    from .evaluate import Verdict
    from .probe import Gpu
    from .report import VerdictGroup
    from .requirements import Requirement
    from .session import Engine

PLUGIN_NAME = "autoglm"

KNOWN_FAILURE_SECTION = "autoglm-compat: known failure"

SETTINGS_KEY = pytest.StashKey[Settings]()
ENGINE_KEY = pytest.StashKey["Engine"]()
RECORDING_KEY = pytest.StashKey[bool]()
FOR_WORKERS_KEY = pytest.StashKey[dict[str, Any]]()
WORKERINPUT_KEY = "autoglm_compat"
REQS_KEY = pytest.StashKey["tuple[Requirement, ...]"]()
ERROR_KEY = pytest.StashKey[str]()
VERDICTS_KEY = pytest.StashKey["list[Verdict]"]()
SESSION_KEY = pytest.StashKey[pytest.Session]()
OUTCOMES_KEY = pytest.StashKey[dict[str, dict[str, Any]]]()
GATE_GROUPS_KEY = pytest.StashKey["list[VerdictGroup]"]()
GATE_PRINTED_KEY = pytest.StashKey[bool]()
MARKER_COUNT_KEY = pytest.StashKey[int]()
SESSION_GROUPS_KEY = pytest.StashKey["list[VerdictGroup]"]()
MESSAGES_KEY = pytest.StashKey["dict[int, tuple[tuple[Requirement, ...], str | None]]"]()
TOO_MANY_SKIPPED_KEY = pytest.StashKey[list[str]]()


class AutoglmCompatWarning(UserWarning):
    """An unmet requirement under --autoglm-policy=warn."""


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
    parser.addini("autoglm_max_skipped", MAX_SKIPPED_HELP)


def pytest_configure(config: pytest.Config) -> None:
    for help_text in MARKERS.values():
        config.addinivalue_line("markers", help_text)
    names = ("contract", "policy", "scope", "report", "timeout", "max_skipped")
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
    if settings.contract or (workerinput is not None and WORKERINPUT_KEY in workerinput):
        _engine(config)  # a broken contract is a usage error now, not at the first test
    if settings.report or settings.max_skipped is not None:
        _record_outcomes(config)  # outcomes feed only the report and the max-skipped check


def _engine(config: pytest.Config) -> Engine:
    """The engine, created on first need: a session that uses none of the plugin never imports it."""
    engine = config.stash.get(ENGINE_KEY, None)
    if engine is None:
        from .contract import ContractError
        from .session import Engine

        try:
            engine = Engine(config.stash[SETTINGS_KEY], getattr(config, "cache", None))
        except ContractError as exc:
            raise pytest.UsageError(str(exc)) from None
        workerinput = getattr(config, "workerinput", None)
        if workerinput is not None and WORKERINPUT_KEY in workerinput:
            engine.receive(workerinput[WORKERINPUT_KEY])
        config.stash[ENGINE_KEY] = engine
    return engine


def _record_outcomes(config: pytest.Config) -> None:
    if not config.stash.get(RECORDING_KEY, False):
        config.stash[RECORDING_KEY] = True
        config.pluginmanager.register(_OutcomeRecorder(config), "autoglm-outcomes")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist controller: probe once here; every worker gets the snapshot and facts."""
    config = node.config
    if FOR_WORKERS_KEY not in config.stash:
        config.stash[FOR_WORKERS_KEY] = _engine(config).for_workers()
    node.workerinput[WORKERINPUT_KEY] = config.stash[FOR_WORKERS_KEY]


def pytest_report_header(config: pytest.Config) -> str | None:
    engine = config.stash.get(ENGINE_KEY, None)
    if engine is None or engine.contract is None:
        return None
    from .report import header_line

    snap = engine.snapshot()
    return header_line(engine.contract, engine.settings.policy, snap, engine.snapshot_from_cache)


# --------------------------------------------------------------------------- collection


_OUR_MARKERS = frozenset(("requires_cuda", "requires_package", "requires_api", "autoglm_contract"))


def _item_requirements(item: pytest.Item) -> tuple[Requirement, ...]:
    """Markers (self-contained) plus the contract where the test opted in. Raises MarkerError.

    Tests without markers of ours share one tuple per (sections, needs_cuda), so that
    their verdicts are looked up once, not once per test. A test with no marker of ours
    under no contract costs one pass over its markers and imports nothing.
    """
    ours = [m for m in item.iter_markers() if m.name in _OUR_MARKERS]
    config = item.config
    settings = config.stash[SETTINGS_KEY]
    if not ours and not (settings.contract and settings.scope == "all"):
        return ()
    needs_cuda = any(m.name == "requires_cuda" for m in ours) or "cuda_device" in getattr(item, "fixturenames", ())
    if not ours:
        return _engine(config).contract_requirements((), needs_cuda)
    # Parametrized instances share their function's requirements (see pytest_pycollect_makeitem):
    # the function is where they are declared, so that is the origin they name.
    where = item.nodeid.split("[", 1)[0]
    return _parse_markers(ours, where, _engine(config), needs_cuda)


def _parse_markers(ours: list[pytest.Mark], where: str, engine: Engine, needs_cuda: bool) -> tuple[Requirement, ...]:
    from . import markers as markers_mod
    from ._parse import did_you_mean
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


def _reqs(item: pytest.Item) -> tuple[Requirement, ...]:
    return item.stash.get(REQS_KEY, ())


def _outcomes(config: pytest.Config) -> dict[str, dict[str, Any]]:
    return config.stash.get(OUTCOMES_KEY, {})


class _MarkerErrorCollector(pytest.Collector):
    """Stands in for a test whose markers are invalid, so its collection fails alone."""

    def __init__(self, *, message: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.message = message

    def collect(self) -> list[pytest.Item]:
        raise self.CollectError(self.message)


def _validate(item: pytest.Item) -> str | None:
    try:
        item.stash[REQS_KEY] = _item_requirements(item)
    except ValueError as exc:  # MarkerError; not imported until a marker of ours is seen
        return f"Invalid marker on {item.nodeid}: {exc}"
    finally:
        item.stash[MARKER_COUNT_KEY] = len(item.own_markers)
    return None


@pytest.hookimpl(wrapper=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object) -> Any:
    result = yield
    if result is None or SETTINGS_KEY not in collector.config.stash:
        return result
    items = result if isinstance(result, list) else [result]
    # Instances whose parameters carry no marker of ours share the function's requirements:
    # parsed once, and one tuple, so that their verdicts and skip message are computed once.
    shared: tuple[Requirement, ...] | None = None
    for item in items:
        if not isinstance(item, pytest.Item):
            continue
        callspec = getattr(item, "callspec", None)
        plain = callspec is not None and not any(m.name in _OUR_MARKERS for m in callspec.marks)
        if shared is not None and plain:
            item.stash[REQS_KEY] = shared
            item.stash[MARKER_COUNT_KEY] = len(item.own_markers)
            continue
        message = _validate(item)
        if message is not None:
            return _MarkerErrorCollector.from_parent(collector, name=name, message=message)
        if plain:
            shared = item.stash[REQS_KEY]
    return result


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SETTINGS_KEY not in config.stash:
        return
    seen: set[int] = set()
    for item in items:
        if item.stash.get(MARKER_COUNT_KEY, -1) != len(item.own_markers):
            message = _validate(item)  # markers added by other hooks are validated too
            if message is not None:
                item.stash[ERROR_KEY] = message
        reqs = _reqs(item)
        if reqs and id(reqs) not in seen:
            seen.add(id(reqs))
            _engine(config).plan_checks(reqs)


def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    settings = config.stash.get(SETTINGS_KEY, None)
    if settings is None or settings.policy != "gate" or config.option.collectonly:
        return
    if hasattr(config, "workerinput"):
        return  # under pytest-xdist the controller gates, before any worker starts
    _gate(config, [(_reqs(item), item.nodeid) for item in session.items if _reqs(item)])


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config: pytest.Config, specs: Any) -> None:
    """pytest-xdist controller, before workers start: it collects no test, so it gates on the
    contract's core; tests' own markers that are unmet then fail in the workers (policy gate
    never lets them pass or skip silently)."""
    settings = config.stash.get(SETTINGS_KEY, None)
    if settings is not None and settings.policy == "gate" and not config.option.collectonly:
        _gate(config, [])


def _gate(config: pytest.Config, wanted: list[tuple[tuple[Requirement, ...], str | None]]) -> None:
    """Evaluate what the session needs; on any unmet or unknown requirement print the report and exit 6.

    ``wanted`` pairs each test's requirement tuple with its id; tests share tuples, so the work
    is done per distinct tuple and per distinct requirement, not per test.
    """
    from .report import group, summary_lines
    from .requirements import ApiRequirement, ExtensionRequirement

    engine = _engine(config)
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
    groups = group(pairs)
    bad = [g for g in groups if not g.verdict.ok]
    config.stash[GATE_GROUPS_KEY] = groups
    if not bad:
        return
    tr = config.pluginmanager.get_plugin("terminalreporter")
    if tr is not None:
        tr.section("autoglm-compat gate", sep="=", red=True, bold=True)
        for line in summary_lines(groups, policy="gate"):
            tr.write_line(line)
        if skipped_checks:
            tr.write_line(f"{skipped_checks} API/extension check(s) not run: the requirements above already fail")
        config.stash[GATE_PRINTED_KEY] = True
    if config.stash[SETTINGS_KEY].report and not hasattr(config, "workerinput"):
        _write_report(config, GATE_EXIT_CODE)  # under xdist the session never reaches sessionfinish
    pytest.exit(
        f"autoglm-compat gate: {len(bad)} requirement(s) not met; no test was run",
        returncode=GATE_EXIT_CODE,
    )


# --------------------------------------------------------------------------- running


def message_for(unmet: list[Verdict]) -> str:
    """The first unmet verdict in full; the others by name (all are in the summary)."""
    text = "autoglm-compat: " + unmet[0].line()
    if len(unmet) > 1:
        others = ", ".join(dict.fromkeys(v.subject for v in unmet[1:] if v.subject != unmet[0].subject))
        text += f" (+{len(unmet) - 1} more unmet{': ' + others if others else ''})"
    return text


def _skip(message: str) -> None:
    """Skip reported at the test's location, as pytest's own skip markers do."""
    raise pytest.skip.Exception(message, _use_item_location=True)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if ERROR_KEY in item.stash:
        pytest.fail(item.stash[ERROR_KEY], pytrace=False)
    reqs = _reqs(item)
    if not reqs:
        return
    verdicts = item.stash[VERDICTS_KEY] = _engine(item.config).verdicts_of(reqs)
    messages = item.config.stash.setdefault(MESSAGES_KEY, {})  # one message per shared requirement tuple
    hit = messages.get(id(reqs))
    if hit is None or hit[0] is not reqs:
        unmet = [v for v in verdicts if not v.ok]
        hit = messages[id(reqs)] = (reqs, message_for(unmet) if unmet else None)
    message = hit[1]
    if message is None:
        return
    policy = item.config.stash[SETTINGS_KEY].policy
    if policy == "skip":
        _skip(message)
    elif policy == "warn":
        item.warn(AutoglmCompatWarning(message))
    else:
        pytest.fail(message, pytrace=False)




@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Attach what the plugin knows to the report itself, so that it survives xdist's trip to the controller."""
    rep = yield
    if not rep.failed and (rep.when != "setup" or VERDICTS_KEY not in item.stash
                           or not item.config.stash.get(RECORDING_KEY, False)):
        return rep  # the common case: nothing to attach
    info: dict[str, Any] = {}
    if rep.when == "setup":
        unmet = [v for v in item.stash.get(VERDICTS_KEY, []) if not v.ok]
        info["unmet"] = [v.headline() for v in unmet]
        info["by_autoglm"] = bool(unmet) and (rep.skipped or rep.failed)
    if rep.failed and call.excinfo is not None and not isinstance(call.excinfo.value, pytest.fail.Exception):
        explanation = _engine(item.config).explain_failure(call.excinfo.value)  # probes only on a known signature
        if explanation:
            rep.sections.append((KNOWN_FAILURE_SECTION, "\n".join(explanation)))
            info["known_failure"] = explanation
    if info:
        rep.autoglm = info
    return rep


class _OutcomeRecorder:
    """Outcomes are recorded where reports arrive: this process, or the xdist controller."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "setup" and report.passed and not hasattr(report, "autoglm"):
            return  # nothing new: the setup report already recorded "passed"
        outcomes = self.config.stash.setdefault(OUTCOMES_KEY, {})
        entry = outcomes.setdefault(report.nodeid, {"outcome": "passed", "unmet": [], "by_autoglm": False})
        if report.when == "setup" or report.failed or report.skipped:
            if report.failed:
                entry["outcome"] = "failed" if report.when == "call" else "error"
            elif report.skipped:
                entry["outcome"] = "skipped"
        entry.update(getattr(report, "autoglm", {}))


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def autoglm_env(pytestconfig: pytest.Config) -> Any:
    """The environment snapshot (frozen): packages, torch build, driver, GPUs."""
    return _engine(pytestconfig).snapshot()


@pytest.fixture(scope="session")
def autoglm_contract(pytestconfig: pytest.Config) -> Any:
    """The active contract, or None."""
    return _engine(pytestconfig).contract


@pytest.fixture
def autoglm_gpu(request: pytest.FixtureRequest) -> Gpu:
    """The GPU this test runs on (index, name, uuid, capability, memory), without importing torch.

    It satisfies the test's requires_cuda (capability, memory); under pytest-xdist
    worker gwN takes the N-th eligible GPU, round robin, so `-n 8` on eight GPUs
    uses each once. Indexes are as CUDA sees them after CUDA_VISIBLE_DEVICES.
    """
    from .evaluate import eligible_gpus
    from .requirements import CudaRequirement, Meta, Origin

    item = request.node
    engine = _engine(request.config)
    reqs = [r for r in _reqs(item) if isinstance(r, CudaRequirement)]
    if not reqs:
        reqs = [CudaRequirement(Meta(Origin(f"{item.nodeid} (cuda_device fixture)")))]
    verdicts = engine.verdicts(reqs)
    unmet = [v for v in verdicts if not v.ok]
    if unmet:
        _skip(message_for(unmet))
    eligible = list(engine.snapshot().gpus)
    for r in reqs:
        eligible = eligible_gpus(r, eligible)
    worker = request.config.workerinput["workerid"] if hasattr(request.config, "workerinput") else "gw0"
    number = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0
    return eligible[number % len(eligible)]


@pytest.fixture
def cuda_device(autoglm_gpu: Gpu) -> Any:
    """A torch.device on a GPU that satisfies this test's requires_cuda, or a skip."""
    import torch  # only here: the test itself asked for a torch device

    return torch.device("cuda", autoglm_gpu.index)


# --------------------------------------------------------------------------- summary, report


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    too_many = config.stash.get(TOO_MANY_SKIPPED_KEY, None)
    if too_many:
        terminalreporter.section("autoglm-compat: too many tests skipped", sep="=", red=True, bold=True)
        for line in too_many:
            terminalreporter.write_line(line)
    engine = config.stash.get(ENGINE_KEY, None)
    if engine is None or not engine.has_snapshot:
        return
    groups = _session_groups(config)
    if not groups or config.stash.get(GATE_PRINTED_KEY, False):
        return
    policy = engine.settings.policy
    if policy == "gate" and GATE_GROUPS_KEY in config.stash and not any(not g.verdict.ok for g in groups):
        terminalreporter.section("autoglm-compat", sep="=", green=True)
        terminalreporter.write_line(f"gate passed: {len(groups)} distinct requirement(s) met")
        return
    from .report import summary_lines

    bad = any(not g.verdict.ok for g in groups)
    terminalreporter.section("autoglm-compat", sep="=", yellow=bad, green=not bad)
    for line in summary_lines(groups, policy=policy, verbose=config.getoption("verbose") > 0):
        terminalreporter.write_line(line)


def _session_groups(config: pytest.Config) -> list[VerdictGroup]:
    """Grouped once per session (the report and the summary both need them)."""
    if GATE_GROUPS_KEY in config.stash:
        return config.stash[GATE_GROUPS_KEY]
    if SESSION_GROUPS_KEY not in config.stash:
        items = config.stash[SESSION_KEY].items if SESSION_KEY in config.stash else []
        pairs: list[tuple[Verdict, str | None]] = []
        for item in items:
            for v in item.stash.get(VERDICTS_KEY, []):
                pairs.append((v, item.nodeid))
        from .report import group

        config.stash[SESSION_GROUPS_KEY] = group(pairs)
    return config.stash[SESSION_GROUPS_KEY]


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[SESSION_KEY] = session


def _check_max_skipped(session: pytest.Session) -> None:
    """--autoglm-max-skipped: a green run that skipped too much is turned red (exit 7)."""
    config = session.config
    settings = config.stash.get(SETTINGS_KEY, None)
    if settings is None or settings.max_skipped is None or hasattr(config, "workerinput"):
        return
    outcomes = _outcomes(config)
    skipped = {n: e for n, e in outcomes.items() if e["outcome"] == "skipped" and e.get("by_autoglm")}
    total = max(len(outcomes), session.testscollected)
    limit = settings.max_skipped
    allowed = limit.allowed(total)
    if len(skipped) <= allowed:
        return
    reasons: dict[str, int] = {}
    for entry in skipped.values():
        reason = entry["unmet"][0] if entry.get("unmet") else "?"
        reasons[reason] = reasons.get(reason, 0) + 1
    lines = [f"{len(skipped)} of {total} tests were skipped by autoglm-compat; at most {allowed} allowed "
             f"(--autoglm-max-skipped={limit})"]
    lines += [f"  {count} x {reason}" for reason, count in sorted(reasons.items(), key=lambda kv: -kv[1])]
    config.stash[TOO_MANY_SKIPPED_KEY] = lines
    if session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = MAX_SKIPPED_EXIT_CODE


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _check_max_skipped(session)
    config = session.config
    settings = config.stash.get(SETTINGS_KEY, None)
    if settings is None or not settings.report or hasattr(config, "workerinput"):
        return
    _write_report(config, int(session.exitstatus))


def _write_report(config: pytest.Config, exit_status: int) -> None:
    from .report import build_report, write_json_atomic

    settings = config.stash[SETTINGS_KEY]
    assert settings.report is not None
    engine = _engine(config)
    data = build_report(
        contract=engine.contract,
        policy=engine.settings.policy,
        snapshot=engine.snapshot(),
        groups=_session_groups(config),
        tests=_outcomes(config),
        exit_status=exit_status,
    )
    try:
        write_json_atomic(settings.report, data)
    except OSError as exc:
        warnings.warn(AutoglmCompatWarning(f"could not write {settings.report}: {exc}"),
                      stacklevel=1)
