"""The bundled release table (``knowledge/releases/``, written by ``tools.history.releases_build``): each release of a
package PyPI had when it was read, with its Requires-Python and the Pythons and systems its wheels are built for.

The table is kept in shards (a package's by a hash of its name): a log that asks for one package reads one shard, a
few kilobytes, not the whole table of thousands of packages.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import gzip
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

TABLE = Path(__file__).resolve().parent / "releases"
#: the table's own record: the day it was read, the indexes, how many shards
META = "meta.json"
SHARDS = 64


def shard_of(dist: str) -> str:
    """The shard file that holds ``dist`` (its canonical name's CRC-32, stable across Pythons and machines)."""
    return f"{zlib.crc32(str(canonicalize_name(dist)).encode()) % SHARDS:02d}.json.gz"


@dataclass(frozen=True)
class Release:
    version: Version
    requires_python: SpecifierSet | None  # None: the release declares none
    sdist: bool
    pythons: frozenset[str]  # its wheels' interpreter tags ("py3", "cp38", "cp38-abi3")
    systems: frozenset[str]  # "any", "linux", "macos", "windows", "other"

    def admits(self, python: str) -> bool | None:
        """Whether a file of this release installs on Python ``python`` ("3.8") by its Requires-Python and its
        wheels' tags (None: its Requires-Python admits it and only its wheels' platforms, unknown here, could not)."""
        full = Version(f"{python}.99")
        if self.requires_python is not None and not self.requires_python.contains(full, prereleases=True):
            return False
        if self.sdist:
            return True
        return None if self.has_wheel_for(python) else False

    def has_wheel_for(self, python: str) -> bool:
        """Whether one of its wheels is tagged for CPython ``python`` ("3.12"): py3, py312, cp312 or an abi3 at or
        below it."""
        major, minor = python.split(".")
        return any(tag in (f"py{major}", f"py{major}{minor}", f"cp{major}{minor}") or (
            tag.endswith("-abi3") and tag.startswith(f"cp{major}") and int(tag[3:-5] or 0) <= int(minor))
            for tag in self.pythons)


    @property
    def python_floor(self) -> Version | None:
        """The lowest Python its Requires-Python admits (None: it declares none, or no floor)."""
        floors = [Version(s.version) for s in self.requires_python or () if s.operator in (">=", ">")]
        return max(floors) if floors else None


def releases_meeting(dist: str, specifier: SpecifierSet) -> list[Release]:
    """The releases of ``dist`` the table holds that ``specifier`` admits, oldest first: pre-releases (and dev
    releases) only where the specifier names one, as pip takes them (packaging's contains() admits a pre-release by
    default where no final release is asked)."""
    pre = any(_pre_release(spec.version) for spec in specifier)
    return [release for release in releases_of(dist) or () if specifier.contains(release.version, prereleases=True)
            and (pre or not release.version.is_prerelease)]


def _pre_release(version: str) -> bool:
    try:
        return Version(version.removesuffix(".*")).is_prerelease
    except InvalidVersion:
        return False


def span(releases: list[Release]) -> str:
    """"6.1.3 to 9.2.0", or the one release."""
    first, last = releases[0].version, releases[-1].version
    return f"{first}" if first == last else f"{first} to {last}"


#: the systems the table names, as a sentence names them
SYSTEM_NAMES = {"windows": "Windows", "macos": "macOS", "linux": "Linux"}


def system_of(platform: str) -> str:
    """A wheel's platform tag, by the system it is built for."""
    if platform == "any":
        return "any"
    if "linux" in platform:
        return "linux"
    if platform.startswith("macosx"):
        return "macos"
    if platform.startswith("win"):
        return "windows"
    return "other"


@functools.cache
def _shard(name: str) -> dict[str, list[list[str]]]:
    try:
        return dict(json.loads(gzip.decompress((TABLE / name).read_bytes())))
    except (OSError, ValueError, EOFError, TypeError):
        return {}


@functools.cache
def table_date() -> str:
    """The day the table was read from the index ("2026-12-07")."""
    try:
        return str(json.loads((TABLE / META).read_text(encoding="utf-8")).get("read", ""))
    except (OSError, ValueError, AttributeError):
        return ""


@functools.cache
def releases_of(dist: str) -> tuple[Release, ...] | None:
    """Every release of ``dist`` the table holds, oldest first (None: the table does not hold the package)."""
    rows = _shard(shard_of(dist)).get(str(canonicalize_name(dist)))
    if rows is None:
        return None
    found = []
    for version, requires_python, sdist, pythons, systems in rows:
        try:
            spec = SpecifierSet(requires_python) if requires_python else None
            found.append(Release(Version(version), spec, sdist == "s", frozenset(pythons.split()),
                                 frozenset(systems.split())))
        except (InvalidVersion, InvalidSpecifier):
            continue
    return tuple(found)
