"""The versions a package index lists for a package (``pip index versions``), cached per index and day.

Only ranges ask for them: they tell which released versions a user's range admits outside a contract.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from .requirement_files import valid_version


@dataclass(frozen=True)
class Releases:
    """The versions an index lists for one package, or why there are none."""

    versions: tuple[Version, ...] = ()
    problem: str | None = None
    source: str = ""


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pytest-autoglm-compat" / "releases"


def _index_args(options: Sequence[str]) -> list[str]:
    args: list[str] = []
    for line in options:
        parts = line.replace("=", " ", 1).split()
        if parts and parts[0] in ("-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host"):
            args += parts[:2]
        elif parts and parts[0] in ("--pre", "--no-index"):
            args.append(parts[0])
    return args


def _pip_versions(name: str, args: Sequence[str], timeout: float) -> Releases:
    command = [sys.executable, "-m", "pip", "index", "versions", name, "--pre", "--disable-pip-version-check",
               *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Releases(problem=f"pip index versions {name}: {exc}")
    match = re.search(r"^Available versions: (.*)$", done.stdout, re.M)
    if done.returncode != 0 or not match:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return Releases(problem=f"pip index versions {name}: {last[:200]}")
    versions = sorted({Version(v) for v in match.group(1).split(", ") if valid_version(v.strip())})
    return Releases(tuple(versions), source="the index")


def release_lists(names: Iterable[str], options: Sequence[str], *, timeout: float = 30.0,
                  max_age: float = 86400.0) -> dict[str, Releases]:
    """Released versions per package from the configured index (``pip index versions``, in parallel).

    Cached for a day under ``~/.cache/pytest-autoglm-compat/releases`` per index configuration, so a
    second ``check`` costs nothing; an unreachable index gives ``Releases(problem=...)``.
    """
    args = _index_args(options)
    key = hashlib.sha256(repr(args).encode()).hexdigest()[:12]
    out: dict[str, Releases] = {}
    todo: list[str] = []
    for name in sorted(set(names)):
        cached = _cache_dir() / f"{name}-{key}.json"
        try:
            if time.time() - cached.stat().st_mtime < max_age:
                versions = json.loads(cached.read_text(encoding="utf-8"))
                out[name] = Releases(tuple(Version(v) for v in versions), source="the index, cached")
                continue
        except (OSError, ValueError, InvalidVersion):
            pass
        todo.append(name)
    if todo:
        with ThreadPoolExecutor(max_workers=min(8, len(todo))) as pool:
            for name, found in zip(todo, pool.map(lambda n: _pip_versions(n, args, timeout), todo)):
                out[name] = found
                if found.versions:
                    try:
                        path = _cache_dir() / f"{name}-{key}.json"
                        path.parent.mkdir(parents=True, exist_ok=True)
                        path.write_text(json.dumps([str(v) for v in found.versions]), encoding="utf-8")
                    except OSError:
                        pass
    return out
