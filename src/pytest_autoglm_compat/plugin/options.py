"""The plugin's flags and ini keys, and the glue that turns them into :class:`Settings`.

Help texts, accepted values and the precedence itself live in :mod:`..model.settings`, shared
with the command line; this module only speaks pytest's ``Parser`` and ``Config``.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from typing import Any

import pytest

from ..model.settings import (
    APPLY_HELP,
    CONTRACT_HELP,
    FREEZE_DEPS,
    FREEZE_DEPS_HELP,
    FREEZE_HELP,
    FREEZE_POLICIES,
    FREEZE_POLICY_HELP,
    KNOWN_FAILURES_HELP,
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

#: settings that are both a flag (--autoglm-NAME) and an ini key (autoglm_NAME)
_BOTH = ("contract", "policy", "scope", "report", "timeout", "max_skipped", "freeze", "freeze_policy",
         "freeze_deps", "known_failures")


def add_options(parser: pytest.Parser) -> None:
    """The options group and ini keys, in the order ``pytest --help`` shows them."""
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
    group_.addoption("--autoglm-known-failures", dest="autoglm_known_failures", action="append", metavar="FILE",
                     help=KNOWN_FAILURES_HELP)
    parser.addini("autoglm_known_failures", KNOWN_FAILURES_HELP, type="paths")
    parser.addini("autoglm_apply", APPLY_HELP, type="linelist")


def settings_from(config: pytest.Config) -> Settings:
    """The flags and ini keys, resolved once (flag > environment > ini > default); a bad value is a usage error."""
    cli: dict[str, Any] = {n: config.getoption(f"autoglm_{n}") for n in _BOTH}
    cli["refresh"] = config.getoption("autoglm_refresh")
    cli["snapshot"] = config.getoption("autoglm_snapshot")
    ini = {n: config.getini(f"autoglm_{n}") for n in _BOTH}
    ini["apply"] = config.getini("autoglm_apply")  # an ini key only: rules belong with the suite
    try:
        return resolve_settings(cli, ini)
    except SettingsError as exc:
        raise pytest.UsageError(str(exc)) from None


def records_imports(config: pytest.Config) -> bool:
    """A freeze or a report is asked for: the run's imports are recorded (options are not resolved yet)."""
    args = config.known_args_namespace
    if getattr(args, "autoglm_freeze", None) or getattr(args, "autoglm_report", None):
        return True
    try:
        return bool(config.getini("autoglm_freeze") or config.getini("autoglm_report"))
    except (ValueError, KeyError):
        return False
