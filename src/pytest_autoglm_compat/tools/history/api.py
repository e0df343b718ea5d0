"""``explain --index``: the release of a package that removed (or added) the name a failure asks for.

Read from the package's own wheels on the indexes pip is configured with: a few range requests per
release (the zip's directory and one module), bisected over the releases, never a download of all of
them; answers are cached per package, module, name and release.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from packaging.version import Version

from ...knowledge.failure import Failure
from ...knowledge.generic.api import asked
from ...knowledge.generic.names import distribution_of
from ..bisect.releases import BisectUsageError, release_files
from ..pip_config import PipConfig
from .names import Boundary, boundary, defines
from .wheel_files import READ_ERRORS, open_wheel


@dataclass(frozen=True)
class Question:
    """A name a failure asks a module for, or a submodule it asks for, and the distribution that owns it."""

    dist: str
    module: str  # "transformers.modeling_utils"
    name: str  # "shard_checkpoint"; for a submodule, its dotted path
    submodule: bool = False

    @property
    def shown(self) -> str:
        return self.name if self.submodule else f"{self.module}.{self.name}"


def question(failure: Failure) -> Question | None:
    """What ``failure`` shows was asked of a module (a name, a submodule); None where it names no module."""
    shape = asked(failure)
    if shape is None or shape.module is None:
        return None
    dist = shape.owner or distribution_of(shape.module)
    if shape.name.startswith(f"{shape.module}."):
        return Question(dist, shape.module, shape.name, submodule=True)
    return Question(dist, shape.module, shape.name)


def _cache_file(dist: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pytest-autoglm-compat" / "history" / f"{dist}.json"


def _has(asked_for: Question, url: str, cert: str | None) -> bool | None:
    """Whether the wheel at ``url`` has the name (or submodule); None where the wheel cannot be read."""
    path = asked_for.module.replace(".", "/")
    try:
        with open_wheel(url, cert) as wheel:
            names = set(wheel.namelist())
            if asked_for.submodule:
                sub = asked_for.name.replace(".", "/")
                return f"{sub}.py" in names or f"{sub}/__init__.py" in names or any(
                    n.startswith(f"{sub}.") and n.endswith((".so", ".pyd")) for n in names)
            member = next((m for m in (f"{path}.py", f"{path}/__init__.py") if m in names), None)
            if member is None:
                return False
            return defines(wheel.read(member).decode("utf-8", "replace"), asked_for.name)
    except READ_ERRORS:
        return None


def history(asked_for: Question, config: PipConfig) -> tuple[Boundary, str]:
    """Where the name appears or disappears among the releases with a wheel, and the pin that follows."""
    wheels: dict[Version, str] = {}
    for version, filename, url in sorted(release_files(asked_for.dist, config), key=lambda f: "none-any" not in f[1]):
        if filename.endswith(".whl") and not version.is_prerelease and not version.is_devrelease:
            wheels.setdefault(version, url)
    cache = _cache_file(asked_for.dist)
    key = f"{asked_for.module}:{asked_for.name}:{asked_for.submodule}"
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = {}
    known: dict[str, bool] = stored.get(key, {}) if isinstance(stored, dict) else {}

    def has(version: Version) -> bool | None:
        if str(version) not in known:
            found = _has(asked_for, wheels[version], config.cert)
            if found is None:
                return None
            known[str(version)] = found
        return known[str(version)]

    found = boundary(sorted(wheels), has)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({**(stored if isinstance(stored, dict) else {}), key: known}), encoding="utf-8")
    except OSError:
        pass
    return found, _pin(asked_for.dist, found)


def _pin(dist: str, found: Boundary) -> str:
    if found.removed_in is not None:
        return f"pip install '{dist}<{found.removed_in}'"
    if found.added_in is not None:
        return f"pip install '{dist}>={found.added_in}'"
    return ""


def history_lines(failure: Failure, config: PipConfig, ask: Callable[[Question, PipConfig],
                  tuple[Boundary, str]] = history) -> list[str]:
    """The lines ``explain --index`` adds under an explanation: the release that removed or added the name."""
    asked_for = question(failure)
    if asked_for is None:
        return []
    try:
        found, pin = ask(asked_for, config)
    except BisectUsageError as exc:
        return [f"  history: not read ({exc})"]
    where = f"read from {found.read} releases' wheels on {config.describe()}"
    if found.removed_in is not None:
        lines = [f"  history: {asked_for.shown} is in {asked_for.dist} {found.last_with} and gone from "
                 f"{found.removed_in} ({where})"]
    elif found.added_in is not None:
        lines = [f"  history: {asked_for.shown} first appears in {asked_for.dist} {found.added_in} ({where})"]
    elif found.never:
        lines = [f"  history: no release of {asked_for.dist} read has {asked_for.shown} ({where}): the code asks "
                 "for a name that release never had (a typo, or another package's name)"]
    elif found.always:
        lines = [f"  history: every release of {asked_for.dist} read has {asked_for.shown} ({where}): the "
                 "installed copy is not what its version says (a broken or mixed install: reinstall it)"]
    else:
        lines = [f"  history: no wheel of {asked_for.dist} could be read ({where})"]
    return [*lines, *([f"  pin: {pin}"] if pin else [])]
