"""Collection errors: a test module that failed to import with a known failure.

Its error report gets the cause and fix (the section a failed test gets), and the policy applies
to the module as it would to its tests: when a requirement applied to the module (``autoglm_apply``,
``--autoglm-scope=all``) is unmet and catches the failure, ``skip`` reports the module skipped with
the verdict's reason, as a module-level ``importorskip`` would; ``fail`` and ``gate`` keep the
error, now explained. Decoration first: if anything here fails, pytest's report stands as it was.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from .hooks import KNOWN_FAILURE_SECTION
from .session import SETTINGS_KEY, session_of


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, pytest.CollectReport,
                                                                           pytest.CollectReport]:
    rep = yield
    if not rep.failed or SETTINGS_KEY not in collector.config.stash:
        return rep  # the common case: nothing to explain
    call = rep.__dict__.get("call")  # pytest keeps the CallInfo there for pytest_exception_interact
    excinfo = getattr(call, "excinfo", None)
    if excinfo is None:
        return rep
    saved = (rep.outcome, rep.longrepr, list(rep.sections))
    try:
        _annotate(collector, rep, excinfo.value, excinfo)
    except Exception:  # a guest never changes an outcome: the original report stands
        rep.outcome, rep.longrepr, rep.sections = saved[0], saved[1], saved[2]
        rep.__dict__.pop("autoglm", None)
    return rep


def _annotate(collector: pytest.Collector, rep: pytest.CollectReport, exc: BaseException,
              excinfo: pytest.ExceptionInfo[BaseException]) -> None:
    config = collector.config
    settings = config.stash[SETTINGS_KEY]
    if not (settings.contract or settings.known_failures or settings.apply or settings.report):
        from ..knowledge.known_failures import explain_exception

        if explain_exception(exc) is None:  # cheap, bundled signatures: no engine for an unknown error
            return
    session = session_of(config)
    engine = session.engine
    from ..render.collection_errors import explain_collection_error
    from .apply import module_requirements

    applied, applied_by = module_requirements(collector, settings, engine)
    found = explain_collection_error(exc, engine, applied, applied_by)
    if found is None:
        return
    info: dict[str, Any] = {"collection_error": True, "known_failure": found.lines, "unmet": [],
                            "by_autoglm": False}
    lines = list(found.lines)
    if found.unmet:
        from ..render.report import headline
        from ..render.terminal import unmet_message

        message = unmet_message(found.unmet)
        info["unmet"] = list(dict.fromkeys(headline(v) for v in found.unmet))
        info["verdicts"] = [v.to_json() for v in found.unmet]
        policy = settings.policy
        if policy == "skip":
            rep.outcome = "skipped"
            rep.longrepr = (str(collector.path), _line_in(collector, excinfo), f"Skipped: {message}")
            rep.__dict__.pop("call", None)  # a skip is not an error to debug (--pdb)
            info["by_autoglm"] = True
        elif policy in ("fail", "gate"):
            lines.append(f"policy {policy}: {message}")
            info["by_autoglm"] = True
    rep.sections.append((KNOWN_FAILURE_SECTION, "\n".join(lines)))
    rep.autoglm = info  # type: ignore[attr-defined]  # travels to the xdist controller with the report


def _line_in(collector: pytest.Collector, excinfo: pytest.ExceptionInfo[BaseException]) -> int:
    """The 1-based line of the module that raised (its failed import), else 1."""
    try:
        for link in (excinfo.value, excinfo.value.__cause__, excinfo.value.__context__):
            tb = getattr(link, "__traceback__", None)
            line: int | None = None
            while tb is not None:
                if str(collector.path) == tb.tb_frame.f_code.co_filename:
                    line = int(tb.tb_lineno)
                tb = tb.tb_next
            if line is not None:
                return line
    except Exception:  # a traceback that cannot be walked: the module's first line
        pass
    return 1
