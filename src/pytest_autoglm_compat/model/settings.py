"""What users configure: options, ini keys, policies, marker help, exit codes.

Imported when pytest starts, so it stays light: no packaging, no engine.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .apply import ApplyRule

CONTRACT_HELP = "Contract to enforce: a bundled name (stable, legacy, latest) or a path to a .toml file"
POLICY_HELP = (
    "What an unmet requirement does: skip the test (default), fail it, gate (stop the session "
    "before any test runs), or warn"
)
SCOPE_HELP = (
    "Which tests the contract applies to: 'marked' (tests with @pytest.mark.autoglm_contract, "
    "default) or 'all'"
)
REPORT_HELP = "Write a JSON report of all verdicts and test outcomes to this path"
TIMEOUT_HELP = "Seconds allowed for the API-surface/extension subprocess (default 120)"
MAX_SKIPPED_HELP = (
    "Turn the run red (exit 7) when the plugin skipped more than N tests, or more than P% of the "
    "collected tests; catches a dependency bump that silently skips a whole GPU suite"
)
FREEZE_HELP = (
    "At the end of a run in which no test failed or errored, write the contract it proved to this "
    "path: the distributions it imported, as ranges, the API surfaces it relied on, CUDA when it used it"
)
FREEZE_POLICY_HELP = (
    "Range each frozen version admits: the installed release line (minor, default: >=4.46.3,<4.47), "
    "exact (==4.46.3) or major (>=4.46.3,<5)"
)
FREEZE_DEPS_HELP = (
    "Which imported distributions a freeze makes requirements: direct (default: those the suite's own "
    "code imports; the rest are listed as comments) or all (dependencies of dependencies too)"
)
KNOWN_FAILURES_HELP = (
    "A team's own known-failure file (TOML, the format of the bundled known_failures.toml), tried after the "
    "bundled ones; repeat the option for more"
)
APPLY_HELP = (
    "Which tests the contract applies to, without code: one rule a line, 'SELECTORS: WORDS'; selectors "
    "are path globs, mark:NAME, node:GLOB or keyword:WORD; words are core, cuda and section names. "
    "Example: 'tests/test_q4*.py: gptq cuda' or 'mark:gpu: cuda'"
)
SNAPSHOT_HELP = "Evaluate against a saved environment snapshot (JSON) instead of probing this machine"


MARKERS = {
    "requires_cuda": (
        "requires_cuda(spec=None, *, capability=None, devices=None, memory=None, driver=None): "
        "Needs a CUDA build of torch, a visible GPU and a driver able to run it. "
        "Example: @pytest.mark.requires_cuda('11.8', capability='8.0', memory='24GiB')"
    ),
    "requires_package": (
        "requires_package(*requirements, absent=()): Needs installed distributions matching "
        "PEP 508 requirements. Example: @pytest.mark.requires_package('transformers>=4.46,<5')"
    ),
    "requires_api": (
        "requires_api(*targets, kind=None, absent=False, fields=(), params=(), subclass_of=None, "
        "equals=None, version=None): Needs 'module:qualname' to exist, and to match every check "
        "given (checked in a subprocess). "
        "Example: @pytest.mark.requires_api('transformers:GlmForCausalLM._tied_weights_keys', kind='dict')"
    ),
    "autoglm_contract": (
        "autoglm_contract(*sections): Applies the active contract's core requirements and the named "
        "sections to this test. Example: @pytest.mark.autoglm_contract('gptq')"
    ),
}


POLICIES = ("skip", "fail", "gate", "warn")
SCOPES = ("marked", "all")
FREEZE_POLICIES = ("exact", "minor", "major")
FREEZE_DEPS = ("direct", "all")
GATE_EXIT_CODE = 6
MAX_SKIPPED_EXIT_CODE = 7
#: a run that would have passed, but a report or frozen contract it was asked for was not written (disk full)
OUTPUT_NOT_WRITTEN_EXIT_CODE = 8



class SettingsError(ValueError):
    """A bad option value; the message names the option and the accepted form."""


@dataclass(frozen=True)
class Settings:
    contract: str | None = None
    policy: str = "skip"
    scope: str = "marked"
    report: str | None = None
    refresh: bool = False
    timeout: float = 120.0
    snapshot: str | None = None
    max_skipped: MaxSkipped | None = None
    freeze: str | None = None
    freeze_policy: str = "minor"
    freeze_deps: str = "direct"
    known_failures: tuple[str, ...] = ()  # a team's own known-failure files, tried after the bundled ones
    apply: tuple[ApplyRule, ...] = ()  # the autoglm_apply ini key's rules


@dataclass(frozen=True)
class MaxSkipped:
    """How many tests the plugin may skip before the run is red: a count or a percentage of collected tests."""

    count: int | None = None
    percent: float | None = None

    def allowed(self, collected: int) -> int:
        if self.count is not None:
            return self.count
        assert self.percent is not None
        return int(collected * self.percent / 100)

    def __str__(self) -> str:
        return str(self.count) if self.count is not None else f"{self.percent:g}%"


def parse_max_skipped(value: str, where: str) -> MaxSkipped:
    text = str(value).strip()
    try:
        if text.endswith("%"):
            percent = float(text[:-1])
            if not 0 <= percent <= 100:
                raise ValueError
            return MaxSkipped(percent=percent)
        count = int(text)
        if count < 0:
            raise ValueError
        return MaxSkipped(count=count)
    except ValueError:
        raise SettingsError(
            f"{where}: invalid value {value!r}; expected a number of tests (such as 0 or 5) or a percentage "
            "of the collected tests (such as 10%)"
        ) from None


def parse_seconds(value: object, where: str) -> float:
    """A time limit: finite and positive ('nan', 'inf', 0 and negatives would disable or break the limit)."""
    try:
        seconds = float(str(value).strip())
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise SettingsError(
            f"{where}: invalid timeout {value!r}; expected a finite number of seconds > 0, such as 120 or 2.5"
        )
    return seconds


def resolve_settings(
    cli: Mapping[str, Any], ini: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> Settings:
    """Precedence in one place: command line > environment > ini > default."""
    environ = os.environ if environ is None else environ

    def pick(name: str, env: str | None = None) -> tuple[Any, str]:
        if cli.get(name) not in (None, ""):
            return cli[name], f"--autoglm-{name.replace('_', '-')}"
        if env and environ.get(env):
            return environ[env], env
        if ini.get(name) not in (None, "", []):
            return ini[name], f"autoglm_{name} (ini)"
        return None, ""

    contract, _ = pick("contract", "AUTOGLM_CONTRACT")
    policy, where = pick("policy", "AUTOGLM_POLICY")
    policy = policy or "skip"
    if policy not in POLICIES:
        raise SettingsError(f"{where}: invalid policy {policy!r}; expected one of {', '.join(POLICIES)}")
    scope, where = pick("scope")
    scope = scope or "marked"
    if scope not in SCOPES:
        raise SettingsError(f"{where}: invalid scope {scope!r}; expected one of {', '.join(SCOPES)}")
    timeout_raw, where = pick("timeout")
    timeout = 120.0 if timeout_raw is None else parse_seconds(timeout_raw, where)
    report, where = pick("report")
    if report is not None:
        _writable(report, where, "the JSON report")
    freeze, where = pick("freeze")
    if freeze is not None:
        _writable(freeze, where, "the frozen contract")
    freeze_policy, where = pick("freeze_policy")
    freeze_policy = freeze_policy or "minor"
    if freeze_policy not in FREEZE_POLICIES:
        raise SettingsError(f"{where}: invalid freeze policy {freeze_policy!r}; expected one of "
                            f"{', '.join(FREEZE_POLICIES)}")
    freeze_deps, where = pick("freeze_deps")
    freeze_deps = freeze_deps or "direct"
    if freeze_deps not in FREEZE_DEPS:
        raise SettingsError(f"{where}: invalid value {freeze_deps!r}; expected one of {', '.join(FREEZE_DEPS)}")
    max_skipped_raw, where = pick("max_skipped", "AUTOGLM_MAX_SKIPPED")
    max_skipped = parse_max_skipped(max_skipped_raw, where) if max_skipped_raw is not None else None
    known_raw, where = pick("known_failures", "AUTOGLM_KNOWN_FAILURES")
    known_failures = file_list(known_raw, where, "known-failure file")
    snapshot, where = pick("snapshot")
    if snapshot is not None and not os.path.isfile(snapshot):
        raise SettingsError(f"{where}: no snapshot file at {snapshot!r}")
    apply: tuple[ApplyRule, ...] = ()
    if ini.get("apply"):
        from .apply import ApplyError, parse_apply

        try:
            apply = parse_apply(ini["apply"])
        except ApplyError as exc:
            raise SettingsError(str(exc)) from None
    return Settings(
        contract=contract or None,
        policy=policy,
        scope=scope,
        report=report,
        refresh=bool(cli.get("refresh")),
        timeout=timeout,
        snapshot=snapshot,
        max_skipped=max_skipped,
        freeze=freeze,
        freeze_policy=freeze_policy,
        freeze_deps=freeze_deps,
        known_failures=known_failures,
        apply=apply,
    )


def file_list(value: Any, where: str, what: str) -> tuple[str, ...]:
    """Paths from a repeated option, an ini list (relative to the ini file) or an environment variable
    (os.pathsep between them); each must be a file."""
    if value is None:
        return ()
    items = value.split(os.pathsep) if isinstance(value, str) else [os.fspath(v) for v in value]
    files = tuple(item.strip() for item in items if item.strip())
    for file in files:
        if not os.path.isfile(file):
            raise SettingsError(f"{where}: no {what} at {file!r}")
    return files


def _writable(path: str, where: str, what: str) -> None:
    parent = os.path.dirname(os.path.abspath(path)) or "."
    if os.path.isdir(path):
        raise SettingsError(f"{where}: {path!r} is a directory; expected a file path for {what}")
    if not os.path.isdir(parent):
        raise SettingsError(f"{where}: cannot write {path!r}: directory {parent!r} does not exist")
    if not os.access(parent, os.W_OK):
        raise SettingsError(f"{where}: cannot write {path!r}: directory {parent!r} is not writable")


