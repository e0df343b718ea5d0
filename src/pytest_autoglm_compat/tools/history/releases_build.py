"""Building the bundled release table: each release of a package, the Pythons it declares and the files it has.

Run by maintainers, never by ``explain``::

    python -m pytest_autoglm_compat.tools.history.releases_build [NAME ...]

With no names, the packages ``explain`` already knows by name: the API atlas's, the module table's and the wheels-only
list's. It reads each one's file list from PyPI (its PEP 691 JSON, through pip's configured certificate: the file
names, each file's Requires-Python and whether it is yanked; nothing is downloaded; a mirror or a private index
configured beside it is not read, since the table tells what PyPI has) and writes ``knowledge/releases/`` (its
shards and ``meta.json``).
``explain`` then tells why pip found no release of a requirement that PyPI has releases for (their Requires-Python,
their wheels' Pythons), offline.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import collections
import datetime
import gzip
import json
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import Version

from ...knowledge.release_table import META, SHARDS, TABLE, shard_of, system_of
from ..bisect.releases import BisectUsageError, configured_files, file_release
from ..pip_config import PipConfig, read_pip_config


def default_names() -> list[str]:
    """The distributions ``explain`` knows by name."""
    from ...knowledge.generic.atlas import atlas_distributions
    from ...knowledge.generic.names import DISTRIBUTION_OF
    from ...knowledge.generic.wheels import WHEELS_ONLY

    return sorted({*atlas_distributions(), *DISTRIBUTION_OF.values(), *WHEELS_ONLY,
                   "torch", "torchvision", "torchaudio"})


def rows_of(files: Iterable[tuple[str, bool, str | None]], name: str) -> list[list[str]]:
    """One row per release, oldest first: [version, Requires-Python, "s" if it has a source distribution, its wheels'
    Python tags, the systems its wheels are built for] (files all yanked: left out, as pip leaves them)."""
    wanted = canonicalize_name(name)
    by_release: dict[Version, _Files] = {}
    for filename, yanked, requires_python in files:
        parsed = None if yanked else file_release(filename)
        if parsed is None or parsed[0] != wanted:
            continue
        _, version, tags = parsed
        entry = by_release.setdefault(version, _Files())
        entry.requires_python[(requires_python or "").strip()] += 1
        entry.sdist = entry.sdist or not filename.endswith(".whl")
        for tag in tags:
            entry.pythons.add(tag.interpreter if tag.abi != "abi3" else f"{tag.interpreter}-abi3")
            entry.systems.add(system_of(tag.platform))
    return [[str(version), entry.requires_python.most_common(1)[0][0], "s" if entry.sdist else "",
             " ".join(sorted(entry.pythons)), " ".join(sorted(entry.systems))]
            for version, entry in sorted(by_release.items())]


@dataclass
class _Files:
    """One release's files, as the table keeps them."""

    requires_python: collections.Counter[str] = field(default_factory=collections.Counter)
    sdist: bool = False
    pythons: set[str] = field(default_factory=set)
    systems: set[str] = field(default_factory=set)


def _files(name: str, config: PipConfig, tries: int = 3) -> list[tuple[str, bool, str | None]] | None:
    """Every file of ``name``; None where its page could not be read in ``tries`` (a name resolution that failed for a
    moment, on the 376th of 15,000 names: the build goes on, and keeps what the table had for it)."""
    for attempt in range(tries):
        try:
            return [(f.filename, f.yanked, f.requires_python) for f in configured_files(name, config)]
        except BisectUsageError as exc:
            if attempt == tries - 1:
                print(f"{name}: not read ({exc})", file=sys.stderr)
            else:
                time.sleep(2 ** attempt)
    return None


def read_table(folder: Path) -> dict[str, list[list[str]]]:
    """Every package the table in ``folder`` holds."""
    table: dict[str, list[list[str]]] = {}
    for shard in sorted(folder.glob("*.json.gz")):
        table.update(json.loads(gzip.decompress(shard.read_bytes())))
    return table


def write_table(table: dict[str, list[list[str]]], folder: Path, indexes: Sequence[str]) -> None:
    """The table as its shards (each package in the one ``shard_of`` names) and its record, each file written whole
    beside and then moved over the old one."""
    folder.mkdir(parents=True, exist_ok=True)
    shards: dict[str, dict[str, list[list[str]]]] = {f"{i:02d}.json.gz": {} for i in range(SHARDS)}
    for name, rows in sorted(table.items()):
        shards[shard_of(name)][name] = rows
    files = {name: gzip.compress(json.dumps(dists, separators=(",", ":")).encode(), 9, mtime=0)
             for name, dists in shards.items()}
    files[META] = json.dumps({"read": datetime.date.today().isoformat(), "indexes": list(indexes), "shards": SHARDS,
                              "packages": len(table)}, indent=1).encode() + b"\n"
    for name, data in files.items():
        partial = folder / f".{name}.partial"
        partial.write_bytes(data)
        partial.replace(folder / name)


def build(names: Sequence[str], config: PipConfig, out: Path = TABLE) -> dict[str, list[list[str]]]:
    """Read every name's files and write the table (names already in it and not asked for are kept)."""
    table = read_table(out) if out.is_dir() else {}
    with ThreadPoolExecutor(8) as pool:
        for name, files in zip(names, pool.map(lambda n: _files(n, config), names)):
            if files is None:
                continue
            rows = rows_of(files, name)
            if rows:
                table[str(canonicalize_name(name))] = rows
            print(f"{name}: {len(rows)} releases", file=sys.stderr)
    write_table(table, out, config.indexes)
    return table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="releases_build")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args(argv)
    build(args.names or default_names(), PipConfig(cert=read_pip_config().cert))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
