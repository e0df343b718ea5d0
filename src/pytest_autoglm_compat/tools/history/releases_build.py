"""Building the bundled release table: each release of a package, the Pythons it declares and the files it has.

Run by maintainers, never by ``explain``::

    python -m pytest_autoglm_compat.tools.history.releases_build [NAME ...]

With no names, the packages ``explain`` already knows by name: the API atlas's, the module table's and the wheels-only
list's. It reads each one's file list from PyPI (its PEP 691 JSON, through pip's configured certificate: the file
names, each file's Requires-Python and whether it is yanked; nothing is downloaded; a mirror or a private index
configured beside it is not read, since the table tells what PyPI has) and writes ``knowledge/releases.json.gz``.
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
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import Version

from ...knowledge.release_table import TABLE, system_of
from ..bisect.releases import configured_files, file_release
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


def _files(name: str, config: PipConfig) -> list[tuple[str, bool, str | None]]:
    return [(f.filename, f.yanked, f.requires_python) for f in configured_files(name, config)]


def build(names: Sequence[str], config: PipConfig, out: Path = TABLE) -> dict[str, list[list[str]]]:
    """Read every name's files and write the table (names already in it and not asked for are kept)."""
    table: dict[str, list[list[str]]] = {}
    if out.is_file():
        table = json.loads(gzip.decompress(out.read_bytes()))["dists"]
    with ThreadPoolExecutor(8) as pool:
        for name, files in zip(names, pool.map(lambda n: _files(n, config), names)):
            rows = rows_of(files, name)
            if rows:
                table[str(canonicalize_name(name))] = rows
            print(f"{name}: {len(rows)} releases", file=sys.stderr)
    data = {"read": datetime.date.today().isoformat(), "indexes": list(config.indexes),
            "dists": dict(sorted(table.items()))}
    out.write_bytes(gzip.compress(json.dumps(data, separators=(",", ":")).encode(), mtime=0))
    return table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="releases_build")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args(argv)
    build(args.names or default_names(), PipConfig(cert=read_pip_config().cert))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
