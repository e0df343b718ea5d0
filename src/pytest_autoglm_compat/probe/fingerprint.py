"""A cheap identity of the environment, computed on every run before any cache entry is read.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_DIST_SUFFIXES = (".dist-info", ".egg-info", ".egg-link", ".pth")


def fingerprint(environ: Mapping[str, str] | None = None, path: list[str] | None = None) -> str:
    """Cheap identity of an environment: names of installed dists, driver, visible GPUs.

    Directory listings only; no metadata is read and nothing is hashed beyond names.
    Dist-info directory names carry versions, so an install or upgrade changes it.
    """
    environ = os.environ if environ is None else environ
    h = hashlib.sha256()
    h.update(sys.executable.encode())
    h.update(sys.version.encode())
    for entry in path if path is not None else sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        names = sorted(n for n in listing if n.endswith(_DIST_SUFFIXES))
        has_torch = "torch" in listing
        if not names and not has_torch:
            continue  # a test directory on sys.path changes nothing the snapshot holds
        h.update(b"\0path\0" + entry.encode("utf-8", "surrogateescape"))
        for name in names:
            h.update(name.encode("utf-8", "surrogateescape") + b"\0")
        if has_torch:
            _add_mtime(h, os.path.join(entry, "torch", "version.py"))
    for name in ("CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "PATH", "LD_LIBRARY_PATH"):
        h.update(f"\0{name}={environ.get(name, '<unset>')}".encode())
    try:
        h.update(Path("/proc/driver/nvidia/version").read_bytes())
    except OSError:
        h.update(b"no-proc-driver")
    try:
        h.update(" ".join(sorted(n for n in os.listdir("/dev") if n.startswith("nvidia"))).encode())
    except OSError:
        pass
    return h.hexdigest()[:32]


def _add_mtime(h: Any, path: str) -> None:
    try:
        h.update(str(os.stat(path).st_mtime_ns).encode())
    except OSError:
        h.update(b"missing")


