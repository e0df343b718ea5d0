"""Pinned environments that do not exist yet: the TOML locks, pylock.toml (PEP 751) and uv.lock.

They become a :class:`Snapshot` with the packages filled in and the machine
unknown, so that a contract can be checked before anything is installed. Requirement files and
package listings (pinned or not) are read by :mod:`.requirement_files`, whose exact versions
``check`` turns into :class:`Pins` too.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ...model.gpu_models import capability_of
from ..probe import LOCKFILE_GPU_PROBLEM, LOCKFILE_SOURCE, Snapshot, TorchBuild
from ..probe.gpus import Gpu
from .bounded import InputError, user_text, version_problem, wrong_type
from .env_reports import EnvReport

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["LOCKFILE_GPU_PROBLEM", "LOCKFILE_SOURCE", "LockfileError", "Pins", "is_lock",
           "read_pins", "snapshot_from_pins"]

_TORCH_LOCAL_CUDA = re.compile(r"^cu(\d+)(\d)$")


class LockfileError(ValueError):
    """The file cannot be read as a lock; the message names the file and entry."""


@dataclass(frozen=True)
class Pins:
    path: str
    packages: Mapping[str, str]
    unpinned: tuple[str, ...] = ()  # entries without a version: the project itself, a path or URL
    python: str | None = None  # what the lock (or a pip-compile header) says it was made for
    machine: EnvReport | None = None  # what an environment report says of the machine: CUDA build, GPUs, driver


def is_lock(path: str | Path) -> bool:
    """A TOML lock by its name (pylock.toml, pylock.NAME.toml, uv.lock); anything else is requirement_files'."""
    name = Path(path).name
    return name == "uv.lock" or (name.startswith("pylock.") and name.endswith(".toml"))


def read_pins(path: str | Path, marker_env: Mapping[str, str] | None = None) -> Pins:
    """Pins of a pylock.toml or uv.lock (requirement files and listings: :mod:`.requirement_files`).

    ``marker_env`` picks the versions resolved for this platform (default: the running interpreter's).
    """
    if not is_lock(path):
        raise LockfileError(f"{path}: not a lock file (pylock.toml, pylock.NAME.toml or uv.lock)")
    try:
        text = user_text(Path(path), str(path), "a requirements or lock file")
    except InputError as exc:
        raise LockfileError(str(exc)) from None
    if Path(path).name == "uv.lock":
        return _uv_lock(str(path), text, marker_env)
    return _pylock(str(path), text, marker_env)


def _pylock(path: str, text: str, marker_env: Mapping[str, str] | None) -> Pins:
    """PEP 751 ``pylock.toml``: [[packages]] with name, version and an optional ``marker``."""
    return _toml_lock(path, text, "packages", "PEP 751", marker_env,
                      lambda entry: [entry["marker"]] if isinstance(entry.get("marker"), str) else [],
                      {"marker": (str, "a string")})


def _uv_lock(path: str, text: str, marker_env: Mapping[str, str] | None) -> Pins:
    """uv's universal lock: [[package]] tables; alternatives carry ``resolution-markers``."""
    return _toml_lock(path, text, "package", "uv.lock", marker_env,
                      lambda entry: [m for m in entry.get("resolution-markers") or [] if isinstance(m, str)],
                      {"resolution-markers": (list, "an array of strings")})


#: PEP 751: a package built from a source tree has no version in the lock (it is decided at install time)
_SOURCE_TREES = ("vcs", "directory", "archive")


def _entry_problem(table: str, i: int, entry: object, keys: Mapping[str, tuple[type, str]]) -> str | None:
    """A lock entry whose keys hold the wrong type: 'packages[1].marker (torch): expected a string, got int 1'."""
    if not isinstance(entry, dict):
        return f"{table}[{i}]: {wrong_type(entry, 'a table')}"
    name = entry.get("name")
    if name is not None and not isinstance(name, str):
        return f"{table}[{i}].name: {wrong_type(name, 'a string')}"
    label = f" ({_shown(name)})" if name else ""
    for key, (kind, expected) in {"version": (str, "a string"), "source": (dict, "a table"), **keys}.items():
        value = entry.get(key)
        if value is not None and not isinstance(value, kind):
            return f"{table}[{i}].{key}{label}: {wrong_type(value, expected)}"
        if isinstance(value, list) and not all(isinstance(m, str) for m in value):
            return f"{table}[{i}].{key}{label}: {wrong_type(value, expected)}"
    if isinstance(entry.get("version"), str):
        problem = version_problem(entry["version"])
        if problem is not None:
            return f"{table}[{i}].version{label}: {problem}"
    return None


def _toml_lock(path: str, text: str, table: str, what: str, marker_env: Mapping[str, str] | None,
               markers_of: Callable[[dict[str, Any]], list[str]], keys: Mapping[str, tuple[type, str]]) -> Pins:
    """Both TOML locks: one entry per package and version, kept where one of its markers holds here.

    An entry of the wrong shape (a key of the wrong type, a version too big to read, a pylock entry
    with no version that is not built from a source tree) is a LockfileError naming the entry and
    the key: never read as a package that is not installed.
    """
    from packaging.markers import InvalidMarker, Marker, default_environment

    try:
        data: dict[str, Any] = tomllib.loads(text)
    except RecursionError:
        raise LockfileError(f"{path}: not valid TOML (nested too deeply)") from None
    except ValueError as exc:
        raise LockfileError(f"{path}: not valid TOML ({exc})") from None
    entries = data.get(table)
    if not isinstance(entries, list):
        raise LockfileError(f"{path}: expected [[{table}]] tables ({what})")
    env = dict(marker_env) if marker_env is not None else {k: str(v) for k, v in default_environment().items()}
    packages: dict[str, str] = {}
    unpinned: list[str] = []
    for i, entry in enumerate(entries):
        problem = _entry_problem(table, i, entry, keys)
        if problem is not None:
            raise LockfileError(f"{path}: {problem}")
        if not isinstance(entry.get("name"), str):
            raise LockfileError(f"{path}: {table}[{i}] has no name")
        source = entry.get("source") or {}
        if isinstance(source, dict) and ("virtual" in source or "editable" in source):
            unpinned.append(entry["name"])  # the project itself
            continue
        markers = markers_of(entry)
        if markers:
            try:
                if not any(Marker(m).evaluate(env) for m in markers):
                    continue  # resolved for another platform or Python
            except InvalidMarker as exc:
                reason = str(exc).splitlines()[0]  # packaging adds the marker and a caret on lines below
                raise LockfileError(f"{path}: {table}[{i}] ({_shown(entry['name'])}): bad marker ({reason})") from None
        version = entry.get("version")
        if not isinstance(version, str):
            if table == "packages" and not any(key in entry for key in _SOURCE_TREES):
                raise LockfileError(f"{path}: {table}[{i}] ({_shown(entry['name'])}): no version, and no vcs, "
                                    "directory or archive source that would explain its absence")
            unpinned.append(entry["name"])
            continue
        name = canonicalize_name(entry["name"])
        if name in packages and packages[name] != version:
            raise LockfileError(f"{path}: {_shown(entry['name'])} resolves to both {packages[name]} and {version} here")
        packages[name] = version
    python = data.get("requires-python")
    return Pins(path, packages, tuple(unpinned), python if isinstance(python, str) else None)


def torch_build_from_version(version: str) -> TorchBuild:
    """'2.5.1+cu121' -> CUDA 12.1; '+rocm6.2' -> HIP 6.2; '+cpu' -> CPU-only; no local label -> CUDA unknown."""
    cuda: str | None = None
    try:
        local = Version(version).local or ""
    except InvalidVersion:
        local = ""
    match = _TORCH_LOCAL_CUDA.match(local)
    if match:
        cuda = f"{match.group(1)}.{match.group(2)}"
    rocm = re.fullmatch(r"rocm(\d+(?:\.\d+)*)", local)  # '2.5.1+rocm6.2': a ROCm wheel, HIP 6.2
    return TorchBuild(version=version, cuda=cuda, hip=rocm.group(1) if rocm else None, git_version=None,
                      path=LOCKFILE_SOURCE)


def snapshot_from_pins(pins: Pins, base: Snapshot) -> Snapshot:
    """The pinned packages on the platform of ``base`` (this interpreter), with the machine unknown."""
    digest = hashlib.sha256(repr(sorted(pins.packages.items())).encode()).hexdigest()[:16]
    torch_version = pins.packages.get("torch")
    torch = torch_build_from_version(torch_version) if torch_version else None
    report = pins.machine
    if report is not None and torch is not None and torch.cuda is None and report.torch_cuda:
        torch = replace(torch, cuda=report.torch_cuda)  # "CUDA used to build PyTorch: 12.1" beside "torch==2.1.0"
    if report is not None and report.gpus:  # the machine as the report shows it: GPUs by model, the driver
        gpus = tuple(Gpu(i, name, "", capability_of(name), None, i) for i, name in enumerate(report.gpus))
        return Snapshot(
            fingerprint=f"report:{digest}", python=report.python or base.python, implementation=base.implementation,
            executable=f"({report.kind} {pins.path})", platform=base.platform, machine=base.machine,
            marker_env=base.marker_env, packages=dict(pins.packages), torch=torch, driver=report.driver, gpus=gpus,
            gpu_source=report.kind, gpu_problem=None)
    return Snapshot(
        fingerprint=f"lockfile:{digest}",
        python=base.python,
        implementation=base.implementation,
        executable=f"(lock file {pins.path})",
        platform=base.platform,
        machine=base.machine,
        marker_env=base.marker_env,
        packages=dict(pins.packages),
        torch=torch,
        driver=report.driver if report is not None else None,
        gpus=(),
        gpu_source=LOCKFILE_SOURCE,
        gpu_problem=LOCKFILE_GPU_PROBLEM,
    )


def _shown(name: str) -> str:
    """A name as an error message can hold it on one line: quoted with escapes where it has a line break or
    another character a terminal does not print."""
    return name if name.isprintable() else repr(name)
