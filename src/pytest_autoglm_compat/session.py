"""One test session's engine: settings, the snapshot (cached), API facts (cached), verdicts.

No pytest here; the plugin hands in a cache object with pytest's get/set shape.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from . import contract as contract_mod
from . import hints
from . import inspect as inspect_mod
from .contract import Contract
from .evaluate import Verdict, evaluate
from .probe import Snapshot, fingerprint, load_snapshot, take_snapshot
from .requirements import ApiRequirement, ExtensionRequirement, Requirement, identity

POLICIES = ("skip", "fail", "gate", "warn")
SCOPES = ("marked", "all")
GATE_EXIT_CODE = 6
MAX_SKIPPED_EXIT_CODE = 7

SNAPSHOT_CACHE_KEY = "autoglm-compat/snapshot"
FACTS_CACHE_KEY = "autoglm-compat/facts"


class SettingsError(ValueError):
    """A bad option value; the message names the option and the accepted form."""


class Cache(Protocol):
    def get(self, key: str, default: Any) -> Any: ...

    def set(self, key: str, value: Any) -> None: ...


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
    timeout = 120.0
    if timeout_raw is not None:
        try:
            timeout = float(timeout_raw)
            if timeout <= 0:
                raise ValueError
        except ValueError:
            raise SettingsError(
                f"{where}: invalid timeout {timeout_raw!r}; expected a number of seconds > 0"
            ) from None
    report, where = pick("report")
    if report is not None:
        parent = os.path.dirname(os.path.abspath(report)) or "."
        if os.path.isdir(report):
            raise SettingsError(f"{where}: {report!r} is a directory; expected a file path for the JSON report")
        if not os.path.isdir(parent):
            raise SettingsError(f"{where}: cannot write {report!r}: directory {parent!r} does not exist")
        if not os.access(parent, os.W_OK):
            raise SettingsError(f"{where}: cannot write {report!r}: directory {parent!r} is not writable")
    max_skipped_raw, where = pick("max_skipped", "AUTOGLM_MAX_SKIPPED")
    max_skipped = parse_max_skipped(max_skipped_raw, where) if max_skipped_raw is not None else None
    snapshot, where = pick("snapshot")
    if snapshot is not None and not os.path.isfile(snapshot):
        raise SettingsError(f"{where}: no snapshot file at {snapshot!r}")
    return Settings(
        contract=contract or None,
        policy=policy,
        scope=scope,
        report=report,
        refresh=bool(cli.get("refresh")),
        timeout=timeout,
        snapshot=snapshot,
        max_skipped=max_skipped,
    )


class Engine:
    def __init__(self, settings: Settings, cache: Cache | None = None,
                 environ: Mapping[str, str] | None = None) -> None:
        self.settings = settings
        self.cache = cache
        self.environ = dict(os.environ if environ is None else environ)
        self.contract: Contract | None = (
            contract_mod.load(settings.contract) if settings.contract else None
        )
        self._snapshot: Snapshot | None = None
        self._facts: dict[str, dict[str, Any]] = {}
        self._pending_checks: dict[str, ApiRequirement | ExtensionRequirement] = {}
        self._verdicts: dict[Requirement, list[Verdict]] = {}
        self.snapshot_from_cache = False
        self.snapshot_source: str | None = None  # probe, cache, file, controller
        self.facts_from_cache = 0

    # -- snapshot --------------------------------------------------------------

    @property
    def has_snapshot(self) -> bool:
        return self._snapshot is not None

    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            self._snapshot = self._load_snapshot()
        return self._snapshot

    def _load_snapshot(self) -> Snapshot:
        if self.settings.snapshot:
            self.snapshot_source = "file"
            return load_snapshot(self.settings.snapshot)
        fp = fingerprint(self.environ)
        if self.cache is not None and not self.settings.refresh:
            cached = self.cache.get(SNAPSHOT_CACHE_KEY, None)
            if isinstance(cached, dict) and cached.get("fingerprint") == fp:
                try:
                    snap = Snapshot.from_json(cached["snapshot"])
                    self.snapshot_from_cache = True
                    self.snapshot_source = "cache"
                    return snap
                except (KeyError, TypeError, ValueError):
                    pass  # a corrupt cache entry is re-probed
        snap = take_snapshot(timeout=min(self.settings.timeout, 10.0), environ=self.environ, fp=fp)
        self.snapshot_source = "probe"
        if self.cache is not None:
            try:
                self.cache.set(SNAPSHOT_CACHE_KEY, {"fingerprint": fp, "snapshot": snap.to_json()})
            except OSError:
                pass
        return snap

    # -- pytest-xdist: the controller probes, workers receive ---------------------

    def for_workers(self) -> dict[str, Any]:
        """What a worker needs to never probe: the snapshot, and the contract's API facts."""
        snap = self.snapshot()
        if self.contract is not None:
            reqs = [r for rs in self.contract.requirements_for(tuple(self.contract.sections))
                    for r in rs.items(needs_cuda=True)]
            self._ensure_facts(reqs)
        return {"snapshot": snap.to_json(), "facts": dict(self._facts)}

    def receive(self, data: Mapping[str, Any]) -> None:
        self._snapshot = Snapshot.from_json(data["snapshot"])
        self.snapshot_source = "controller"
        self._facts.update(data.get("facts", {}))

    # -- API facts -------------------------------------------------------------

    def plan_checks(self, reqs: Iterable[Requirement]) -> None:
        """Collect every API/extension check of the session so they run in one subprocess."""
        for req in reqs:
            if isinstance(req, (ApiRequirement, ExtensionRequirement)):
                cid = inspect_mod.check_id(req)
                if cid not in self._facts:
                    self._pending_checks.setdefault(cid, req)

    def _ensure_facts(self, reqs: Iterable[Requirement]) -> None:
        """Run the planned checks, once, when the first API/extension verdict is asked for."""
        reqs = list(reqs)
        if not any(isinstance(r, (ApiRequirement, ExtensionRequirement)) for r in reqs):
            return
        self.plan_checks(reqs)
        if not self._pending_checks:
            return
        fp = self.snapshot().fingerprint
        cached_facts: dict[str, Any] = {}
        if self.cache is not None and not self.settings.refresh:
            cached = self.cache.get(FACTS_CACHE_KEY, None)
            if isinstance(cached, dict) and cached.get("fingerprint") == fp:
                cached_facts = dict(cached.get("facts", {}))
        for cid in list(self._pending_checks):
            if cid in cached_facts:
                self._facts[cid] = cached_facts[cid]
                self._pending_checks.pop(cid)
                self.facts_from_cache += 1
        if self._pending_checks:
            new = inspect_mod.run_checks(self._pending_checks.values(), timeout=self.settings.timeout,
                                         environ=self.environ)
            self._pending_checks.clear()
            self._facts.update(new)
            if self.cache is not None:
                keep = {k: v for k, v in {**cached_facts, **self._facts}.items()
                        if "child_problem" not in v}
                try:
                    self.cache.set(FACTS_CACHE_KEY, {"fingerprint": fp, "facts": keep})
                except OSError:
                    pass

    # -- verdicts --------------------------------------------------------------

    def verdicts(self, reqs: Iterable[Requirement]) -> list[Verdict]:
        reqs = list(reqs)
        todo = [r for r in reqs if r not in self._verdicts]
        if todo:
            self._ensure_facts(todo)
            snap = self.snapshot()
            for req in todo:
                self._verdicts[req] = evaluate(req, snap, self._facts)
        out: list[Verdict] = []
        for req in reqs:
            out.extend(self._verdicts[req])
        return out

    # -- known failures --------------------------------------------------------

    def explain_failure(self, exc: BaseException) -> list[str] | None:
        """Cause, fix and the catching requirement for a known failure signature; None otherwise.

        The signature is matched first without the snapshot, so that a test
        failing for other reasons never costs a probe.
        """
        if hints.explain_exception(exc) is None:
            return None
        snap = self.snapshot()
        torch = snap.torch
        found = hints.explain_exception(exc, installed=snap.packages, torch_cuda=torch.cuda if torch else None,
                                        torch_version=torch.version if torch else None)
        if found is None:
            return None
        link, hint = found
        message = str(link).strip().splitlines()[0] if str(link).strip() else ""
        lines = [
            f"{type(link).__name__}: {message[:300]}",
            f"cause: {hint.cause}",
            f"fix: {hint.fix}",
            f"source: {hint.source}",
            self._caught_by(hint),
        ]
        return lines

    def _caught_by(self, hint: hints.Hint) -> str:
        if self.contract is not None and hint.requirement is not None:
            sets = [self.contract.core, *self.contract.sections.values()]
            for req in (r for rs in sets for r in rs.items(needs_cuda=True)):
                if identity(req) == hint.requirement:
                    unmet = [v for v in self.verdicts([req]) if not v.ok]
                    if unmet:
                        return (f"caught by: {unmet[0].origin} in contract {self.contract.name!r}, unmet here "
                                f"({unmet[0].headline()}); under --autoglm-policy=skip or gate this test "
                                "would not have run")
                    return (f"checked by: {req.meta.origin} in contract {self.contract.name!r}, which this "
                            "environment meets; the failure has another trigger")
        if hint.catches:
            return f"would have been caught by: {hint.catches} (pytest --autoglm-contract=stable)"
        return "no contract requirement covers this failure"
