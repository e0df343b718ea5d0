"""One test session's engine: settings, the snapshot (cached), API facts (cached), verdicts.

No pytest here; the plugin hands in a cache object with pytest's get/set shape.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from .checks.evaluate import evaluate
from .facts.probe import Snapshot, fingerprint, load_snapshot, take_snapshot
from .model.requirements import (
    TOOLCHAIN_FACT,
    ApiRequirement,
    ConsistencyRequirement,
    CudaRequirement,
    ExtensionRequirement,
    KernelsRequirement,
    PackageRequirement,
    Requirement,
    ToolchainRequirement,
    check_id,
    consistency_id,
    fact_id,
)
from .model.settings import Settings
from .model.verdict import Verdict

if TYPE_CHECKING:
    from .knowledge.known_failures import KnownFailures
    from .knowledge.signatures import Signature
    from .model.contract import Contract
    from .model.hints import Hint
    from .model.torch_index import TorchIndex

SNAPSHOT_CACHE_KEY = "autoglm-compat/snapshot"
FACTS_CACHE_KEY = "autoglm-compat/facts"
GPU_CODE_CACHE_KEY = "autoglm-compat/gpu-code"
DEPENDENCIES_CACHE_KEY = "autoglm-compat/dependencies"


class Cache(Protocol):
    def get(self, key: str, default: Any) -> Any: ...

    def set(self, key: str, value: Any) -> None: ...


class _LazyKnownFailures:
    """The known failures, imported only when a check meets an import or load error (most runs never do).

    ``extra_files``: a team's own known-failure files, tried after the bundled ones.
    """

    def __init__(self, extra_files: tuple[str, ...] = ()) -> None:
        self.extra_files = extra_files
        self._loaded: KnownFailures | None = None

    def _get(self) -> KnownFailures:
        if self._loaded is None:
            from .knowledge.known_failures import KnownFailures

            self._loaded = KnownFailures(self.extra_files)
        return self._loaded

    def import_error(self, type_name: str, message: str, packages: Mapping[str, str] | None,
                     torch_cuda: str | None) -> Hint | None:
        return self._get().import_error(type_name, message, packages, torch_cuda)

    def load_error(self, type_name: str, message: str, *, torch_cuda: str | None,
                   torch_version: str | None) -> Hint | None:
        return self._get().load_error(type_name, message, torch_cuda=torch_cuda, torch_version=torch_version)

    def signatures(self) -> tuple[Signature, ...]:
        """Every known failure tried, in order (reads and validates the team's files on first use)."""
        return self._get().known


class Engine:
    """The one evaluation path: the plugin, ``autoglm-compat check`` and ``diff`` all ask it.

    ``snapshot`` stands in for this machine (a saved snapshot, a lock file read as one);
    with ``live=False`` the API/extension checks, which need the environment itself, are
    not run and their verdicts say "not checked".
    """

    def __init__(self, settings: Settings, cache: Cache | None = None,
                 environ: Mapping[str, str] | None = None, *, contract: Contract | None = None,
                 snapshot: Snapshot | None = None, live: bool = True,
                 sections: tuple[str, ...] | None = None) -> None:
        self.settings = settings
        self.cache = cache
        self.environ = dict(os.environ if environ is None else environ)
        if contract is None and settings.contract:
            from .model import contract as contract_mod

            contract = contract_mod.load(settings.contract)
        self.contract: Contract | None = contract
        self.live = live
        self.sections = sections  # the contract's sections in play (None: all): they choose torch's build
        self._torch_plan: tuple[TorchIndex | None] | None = None
        self._snapshot: Snapshot | None = snapshot
        self._facts: dict[str, dict[str, Any]] = {}
        self._pending_checks: dict[str, ApiRequirement | ExtensionRequirement] = {}
        self._verdicts: dict[Requirement, list[Verdict]] = {}
        self._contract_reqs: dict[tuple[tuple[str, ...], bool], tuple[Requirement, ...]] = {}
        self._by_tuple: dict[int, tuple[tuple[Requirement, ...], list[Verdict]]] = {}
        self.snapshot_from_cache = False
        self.snapshot_source: str | None = None  # probe, cache, file, controller
        self.facts_from_cache = 0
        contract_files = self.contract.known_failures if self.contract is not None else ()
        self.known_failures = _LazyKnownFailures((*settings.known_failures, *contract_files))

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
        cached = self._cached_for(SNAPSHOT_CACHE_KEY, fp)
        if cached is not None:
            try:
                snap = Snapshot.from_json(cached["snapshot"])
                self.snapshot_from_cache = True
                self.snapshot_source = "cache"
                return snap
            except (KeyError, TypeError, ValueError):
                pass  # a corrupt cache entry is re-probed
        snap = take_snapshot(timeout=min(self.settings.timeout, 10.0), environ=self.environ, fp=fp)
        self.snapshot_source = "probe"
        self._store(SNAPSHOT_CACHE_KEY, {"fingerprint": fp, "snapshot": snap.to_json()})
        return snap

    def _store(self, key: str, value: Any) -> None:
        """Best effort: a cache that cannot be written costs a probe next time, nothing else.

        pytest's cache warns when its directory is not writable; under ``-W error`` (applied
        before the session header only from pytest 8.4) that warning would be raised here.
        """
        if self.cache is None:
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                self.cache.set(key, value)
            except (OSError, TypeError, ValueError):
                pass

    def _cached(self, key: str) -> Any:
        """A cache entry, or None: pytest's cache raises RecursionError on a file nested too deeply."""
        assert self.cache is not None
        try:
            return self.cache.get(key, None)
        except (RecursionError, ValueError, OSError):
            return None

    def _cached_for(self, key: str, fp: str) -> dict[str, Any] | None:
        """The entry stored under ``key`` for this environment's fingerprint; None without a cache, with
        ``--autoglm-refresh``, or when it was stored for another environment."""
        if self.cache is None or self.settings.refresh:
            return None
        entry = self._cached(key)
        return entry if isinstance(entry, dict) and entry.get("fingerprint") == fp else None

    # -- pytest-xdist: the controller probes, workers receive ---------------------

    def for_workers(self) -> dict[str, Any]:
        """What a worker needs to never probe: the snapshot, and the contract's API facts."""
        snap = self.snapshot()
        if self.contract is not None:
            self._ensure_facts(self.contract.requirements(needs_cuda=True))
            self._ensure_gpu_code(self.contract.requirements(needs_cuda=True))
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
                cid = check_id(req)
                if cid not in self._facts:
                    self._pending_checks.setdefault(cid, req)

    def _ensure_facts(self, reqs: Iterable[Requirement]) -> None:
        """Run the planned checks, once, when the first API/extension verdict is asked for."""
        reqs = list(reqs)
        if not self.live or not any(isinstance(r, (ApiRequirement, ExtensionRequirement)) for r in reqs):
            return
        self.plan_checks(reqs)
        if not self._pending_checks:
            return
        from .facts import api_facts

        fp = self.snapshot().fingerprint
        cached_facts: dict[str, Any] = dict((self._cached_for(FACTS_CACHE_KEY, fp) or {}).get("facts", {}))
        stats: dict[str, list[int] | None] = {}
        for cid in list(self._pending_checks):
            if cid in cached_facts and api_facts.still_valid(cached_facts[cid], stats):
                self._facts[cid] = cached_facts[cid]
                self._pending_checks.pop(cid)
                self.facts_from_cache += 1
        if self._pending_checks:
            new = api_facts.run_checks(self._pending_checks.values(), timeout=self.settings.timeout,
                                         environ=self.environ)
            self._pending_checks.clear()
            self._facts.update(new)
            if self.cache is not None:
                keep = {k: v for k, v in {**cached_facts, **self._facts}.items()
                        if "child_problem" not in v}
                self._store(FACTS_CACHE_KEY, {"fingerprint": fp, "facts": keep})

    def _ensure_gpu_code(self, reqs: Iterable[Requirement]) -> None:
        """Read the GPU code of [[kernels]] distributions, and of torch for [cuda], in this process.

        Headers only (milliseconds); cached like API facts, valid while every file read keeps its stat.
        """
        if not self.live:
            return
        wanted: list[str] = []
        for req in reqs:
            if isinstance(req, KernelsRequirement):
                wanted.append(req.package)
            elif isinstance(req, CudaRequirement):
                torch = self.snapshot().torch
                if torch is not None and torch.cuda:
                    wanted.append("torch")
        todo = [p for p in dict.fromkeys(wanted) if fact_id(p) not in self._facts]
        if not todo:
            return
        from .facts import api_facts
        from .facts.binaries import installed_gpu_code

        fp = self.snapshot().fingerprint
        cached: dict[str, Any] = dict((self._cached_for(GPU_CODE_CACHE_KEY, fp) or {}).get("facts", {}))
        stats: dict[str, list[int] | None] = {}
        fresh = False
        for package in todo:
            fid = fact_id(package)
            if fid in cached and api_facts.still_valid(cached[fid], stats):
                self._facts[fid] = cached[fid]
                continue
            self._facts[fid] = cached[fid] = installed_gpu_code.read_distribution(package)
            fresh = True
        if fresh:
            self._store(GPU_CODE_CACHE_KEY, {"fingerprint": fp, "facts": cached})

    # -- verdicts --------------------------------------------------------------

    def contract_requirements(self, sections: tuple[str, ...], needs_cuda: bool) -> tuple[Requirement, ...]:
        """The contract's requirements for a test, one shared tuple per (sections, needs_cuda)."""
        key = (sections, needs_cuda)
        cached = self._contract_reqs.get(key)
        if cached is None:
            assert self.contract is not None
            cached = self._contract_reqs[key] = tuple(self.contract.requirements(sections, needs_cuda=needs_cuda))
        return cached

    def verdicts_of(self, reqs: tuple[Requirement, ...]) -> list[Verdict]:
        """verdicts(), memoised by the tuple itself: tests that share a tuple share the work."""
        hit = self._by_tuple.get(id(reqs))
        if hit is not None and hit[0] is reqs:
            return hit[1]
        result = self.verdicts(reqs)
        self._by_tuple[id(reqs)] = (reqs, result)
        return result

    def torch_plan(self) -> TorchIndex | None:
        """The contract's one torch build for this machine's driver: every torch fix of a report names it."""
        if self._torch_plan is None:
            from .model.torch_index import contract_torch_index

            plan = None
            if self.contract is not None:
                snap = self.snapshot()
                plan = contract_torch_index(self.contract, self.sections, snap.driver,
                                            snap.torch.version if snap.torch is not None else None)
            self._torch_plan = (plan,)
        return self._torch_plan[0]

    def _ensure_environment_facts(self, reqs: list[Requirement]) -> list[Requirement]:
        """Declared dependencies and the toolchain, read in this process (metadata files; ``nvcc --version``
        with a timeout); the requirements back with a consistency check's starting packages filled in (none
        named: the packages these requirements name)."""
        named = tuple(sorted({r.name for r in reqs if isinstance(r, PackageRequirement) and not r.absent}))
        out: list[Requirement] = []
        for req in reqs:
            if isinstance(req, ConsistencyRequirement) and not req.packages:
                req = replace(req, packages=named)
            out.append(req)
            if not self.live:
                continue
            if isinstance(req, ConsistencyRequirement) and consistency_id(req) not in self._facts:
                from .facts.probe.dependencies import declared

                fp = self.snapshot().fingerprint
                cached: dict[str, Any] = dict((self._cached_for(DEPENDENCIES_CACHE_KEY, fp) or {}).get("facts", {}))
                fid = consistency_id(req)
                if fid not in cached:  # the fingerprint holds every distribution's version: no stat to check
                    cached[fid] = declared(req.packages)
                    self._store(DEPENDENCIES_CACHE_KEY, {"fingerprint": fp, "facts": cached})
                self._facts[fid] = cached[fid]
            elif isinstance(req, ToolchainRequirement) and TOOLCHAIN_FACT not in self._facts:
                from .facts.probe.toolchain import probe_toolchain

                self._facts[TOOLCHAIN_FACT] = probe_toolchain(min(self.settings.timeout, 10.0), self.environ)
        return out

    def verdicts(self, reqs: Iterable[Requirement]) -> list[Verdict]:
        reqs = list(reqs)
        todo = [r for r in reqs if r not in self._verdicts]
        if todo:
            self._ensure_facts(todo)
            self._ensure_gpu_code(todo)
            filled = self._ensure_environment_facts(todo)
            snap = self.snapshot()
            torch_plan = self.torch_plan()
            for req, asked in zip(todo, filled):
                self._verdicts[req] = evaluate(asked, snap, self._facts, torch_plan, self.known_failures)
        out: list[Verdict] = []
        for req in reqs:
            out.extend(self._verdicts[req])
        return out
