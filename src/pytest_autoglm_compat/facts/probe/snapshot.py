"""The snapshot of an environment: what it holds, how it is taken, saved and read back.

Taken without importing torch, transformers or auto-gptq: versions come from
distribution metadata (:mod:`.packages`), torch's build from the text of its
``version.py``, GPUs from NVML or ``nvidia-smi`` (:mod:`.gpus`). Secrets in the
environment never enter a snapshot (:mod:`.redact`).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from packaging.version import InvalidVersion, Version

from .fingerprint import fingerprint
from .gpus import Gpu, probe_gpus
from .packages import TorchBuild, installed_packages, torch_build
from .redact import scrub_environment

SNAPSHOT_SCHEMA = "pytest-autoglm-compat/snapshot/1"
#: A snapshot is a few KB to a few hundred KB; anything far larger is not one.
MAX_SNAPSHOT_BYTES = 64 * 2**20


class SnapshotError(ValueError):
    """A snapshot file or document that cannot be used; the message names the file and the problem."""


#: ``gpu_source`` of a snapshot made from a lock file: the hardware is unknown, not absent.
LOCKFILE_SOURCE = "lockfile"
LOCKFILE_GPU_PROBLEM = "not known from a lock file"


@dataclass(frozen=True)
class Snapshot:
    fingerprint: str
    python: str
    implementation: str
    executable: str
    platform: str
    machine: str
    marker_env: Mapping[str, str]
    packages: Mapping[str, str]
    torch: TorchBuild | None
    driver: str | None
    gpus: tuple[Gpu, ...]
    gpu_source: str | None  # "nvml", "nvidia-smi", "snapshot" or None
    gpu_problem: str | None  # why no GPU is visible, when none is
    environment: Mapping[str, str] = field(default_factory=dict)
    shadowed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    broken: tuple[str, ...] = ()
    torch_problem: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["schema"] = SNAPSHOT_SCHEMA
        return data

    @classmethod
    def from_json(cls, data: Any, where: str = "snapshot") -> Snapshot:
        """Check every field's type first (all problems at once), then build: never a bare KeyError or TypeError."""
        if not isinstance(data, dict):
            raise SnapshotError(f"{where}: not a snapshot written by 'autoglm-compat probe' "
                                f"(a JSON object expected, got {_json_type(data)})")
        if data.get("schema") != SNAPSHOT_SCHEMA:
            raise SnapshotError(f"{where}: not a snapshot written by 'autoglm-compat probe' "
                                f"(schema {data.get('schema')!r}, expected {SNAPSHOT_SCHEMA!r})")
        problems = _problems(data, _SNAPSHOT_FIELDS, "")
        if problems:
            raise SnapshotError(f"{where}: not a snapshot written by 'autoglm-compat probe' ({'; '.join(problems)})")
        body = {k: v for k, v in data.items() if k != "schema"}
        body["marker_env"] = dict(body["marker_env"])
        body["packages"] = dict(body["packages"])
        body["gpus"] = tuple(Gpu(**g) for g in body["gpus"])
        body["torch"] = TorchBuild(**body["torch"]) if body["torch"] is not None else None
        body["environment"] = dict(body.get("environment", {}))
        body["shadowed"] = {k: tuple(v) for k, v in body.get("shadowed", {}).items()}
        body["broken"] = tuple(body.get("broken", ()))
        return cls(**body)

    @property
    def torch_summary(self) -> str:
        if self.torch is None:
            return "torch not installed"
        if self.torch.cuda:
            return f"torch {self.torch.version} (CUDA {self.torch.cuda})"
        if self.torch.hip:
            return f"torch {self.torch.version} (ROCm {self.torch.hip})"
        if self.gpu_source == LOCKFILE_SOURCE and "+" not in self.torch.version:
            return f"torch {self.torch.version} (build not recorded in the lock file)"
        return f"torch {self.torch.version} (CPU build)"

    @property
    def gpu_summary(self) -> str:
        if not self.gpus:
            return f"no GPU visible ({self.gpu_problem})" if self.gpu_problem else "no GPU visible"
        names: dict[str, int] = {}
        for gpu in self.gpus:
            label = f"{gpu.name} sm_{(gpu.capability or '?').replace('.', '')}"
            names[label] = names.get(label, 0) + 1
        gpus = ", ".join(f"{n}x {label}" for label, n in names.items())
        return f"{gpus}, driver {self.driver or 'unknown'}"


# --------------------------------------------------------------------------- snapshot


def _marker_environment() -> Mapping[str, str]:
    from packaging.markers import default_environment

    return {k: str(v) for k, v in default_environment().items()}


def take_snapshot(
    *, timeout: float = 10.0, environ: Mapping[str, str] | None = None, fp: str | None = None
) -> Snapshot:
    import platform  # here: a warm run takes its snapshot from the cache

    environ = dict(os.environ if environ is None else environ)
    packages, shadowed, broken = installed_packages()
    torch, torch_problem = torch_build()
    gpu = probe_gpus(timeout, environ)
    return Snapshot(
        fingerprint=fp or fingerprint(environ),
        python=platform.python_version(),
        implementation=platform.python_implementation(),
        executable=sys.executable,
        platform=sys.platform,
        machine=platform.machine(),
        marker_env={k: str(v) for k, v in _marker_environment().items()},
        packages=packages,
        torch=torch,
        driver=gpu.driver,
        gpus=tuple(gpu.gpus),
        gpu_source=gpu.source,
        gpu_problem=gpu.problem if not gpu.gpus else None,
        environment=scrub_environment(environ),
        shadowed=shadowed,
        broken=broken,
        torch_problem=torch_problem,
    )


def load_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """Read a snapshot file; any problem with it is one :class:`SnapshotError` naming the file."""
    import json

    where = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_SNAPSHOT_BYTES + 1)
    except FileNotFoundError:
        raise SnapshotError(f"{where}: no such snapshot file") from None
    except OSError as exc:
        raise SnapshotError(f"{where}: the snapshot cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_SNAPSHOT_BYTES:
        raise SnapshotError(f"{where}: not a snapshot written by 'autoglm-compat probe' "
                            f"(larger than {MAX_SNAPSHOT_BYTES // 2**20} MiB)")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SnapshotError(f"{where}: not a JSON snapshot (not UTF-8: {exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"{where}: not a JSON snapshot ({exc})") from None
    except RecursionError:
        raise SnapshotError(f"{where}: not a JSON snapshot (nested too deeply)") from None
    return Snapshot.from_json(data, where)


# --------------------------------------------------------------------------- shape check

# field -> (checker, required). Old snapshots lack the fields added later with a default.
_Check = Callable[[Any, str], "list[str]"]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value[:60]!r}"
    return "an array" if isinstance(value, (list, tuple)) else "an object"


def _text(optional: bool = False) -> _Check:
    def check(value: Any, key: str) -> list[str]:
        if isinstance(value, str) or (optional and value is None):
            return []
        return [f"{key}: expected a string{' or null' if optional else ''}, got {_json_type(value)}"]
    return check


def _whole(optional: bool = False) -> _Check:
    def check(value: Any, key: str) -> list[str]:
        if (isinstance(value, int) and not isinstance(value, bool) and value >= 0) or (optional and value is None):
            return []
        return [f"{key}: expected a whole number >= 0{' or null' if optional else ''}, got {_json_type(value)}"]
    return check


def _version(optional: bool = False) -> _Check:
    """Fields that specifiers are checked against: a value that is not PEP 440 would fail there."""
    def check(value: Any, key: str) -> list[str]:
        if optional and value is None:
            return []
        if not isinstance(value, str):
            return _text(optional)(value, key)
        try:
            Version(value)
        except InvalidVersion:
            return [f"{key}: expected a version, got {value[:60]!r}"]
        return []
    return check


def _capability(value: Any, key: str) -> list[str]:
    if value is None or (isinstance(value, str) and re.fullmatch(r"\d+\.\d+", value)):
        return []
    return [f"{key}: expected a compute capability like '9.0' or null, got {_json_type(value)}"]


def _mapping(item: _Check) -> _Check:
    def check(value: Any, key: str) -> list[str]:
        if not isinstance(value, dict):
            return [f"{key}: expected an object, got {_json_type(value)}"]
        return [p for k, v in value.items() for p in item(v, f"{key}.{k}")]
    return check


def _array(item: _Check) -> _Check:
    def check(value: Any, key: str) -> list[str]:
        if not isinstance(value, (list, tuple)):  # tuples: to_json() sent through execnet to xdist workers
            return [f"{key}: expected an array, got {_json_type(value)}"]
        return [p for i, v in enumerate(value) for p in item(v, f"{key}[{i}]")]
    return check


def _record(fields: dict[str, tuple[_Check, bool]], optional: bool = False) -> _Check:
    def check(value: Any, key: str) -> list[str]:
        if optional and value is None:
            return []
        if not isinstance(value, dict):
            return [f"{key}: expected an object{' or null' if optional else ''}, got {_json_type(value)}"]
        return _problems(value, fields, f"{key}.")
    return check


def _problems(data: dict[str, Any], fields: dict[str, tuple[_Check, bool]], prefix: str) -> list[str]:
    problems = [f"{prefix}{k}: unknown key" for k in data if k not in fields and not (k == "schema" and not prefix)]
    for name, (check, required) in fields.items():
        if name not in data:
            if required:
                problems.append(f"{prefix}{name}: missing")
            continue
        problems += check(data[name], f"{prefix}{name}")
    return problems


_GPU_FIELDS: dict[str, tuple[_Check, bool]] = {
    "index": (_whole(), True),
    "name": (_text(), True),
    "uuid": (_text(), True),
    "capability": (_capability, True),
    "memory_total": (_whole(optional=True), True),
    "physical_index": (_whole(), False),
}
_TORCH_FIELDS: dict[str, tuple[_Check, bool]] = {
    "version": (_text(), True),
    "cuda": (_version(optional=True), True),
    "hip": (_text(optional=True), True),
    "git_version": (_text(optional=True), True),
    "path": (_text(), True),
}
_SNAPSHOT_FIELDS: dict[str, tuple[_Check, bool]] = {
    "fingerprint": (_text(), True),
    "python": (_version(), True),
    "implementation": (_text(), True),
    "executable": (_text(), True),
    "platform": (_text(), True),
    "machine": (_text(), True),
    "marker_env": (_mapping(_text()), True),
    "packages": (_mapping(_text()), True),
    "torch": (_record(_TORCH_FIELDS, optional=True), True),
    "driver": (_version(optional=True), True),
    "gpus": (_array(_record(_GPU_FIELDS)), True),
    "gpu_source": (_text(optional=True), True),
    "gpu_problem": (_text(optional=True), True),
    "environment": (_mapping(_text()), False),
    "shadowed": (_mapping(_array(_text())), False),
    "broken": (_array(_text()), False),
    "torch_problem": (_text(optional=True), False),
}
