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

from .redact import scrub_environment

_DIST_SUFFIXES = (".dist-info", ".egg-info", ".egg-link", ".pth")


#: Where the NVIDIA kernel driver describes itself and each GPU (Linux).
NVIDIA_PROC = "/proc/driver/nvidia"


def fingerprint(environ: Mapping[str, str] | None = None, path: list[str] | None = None,
                proc: str = NVIDIA_PROC) -> str:
    """Cheap identity of an environment: installed dists, torch's build, driver, the GPUs themselves.

    Computed on every run before the cache is read, so it runs no tool (no nvidia-smi, no NVML):
    directory listings, one stat per torch, and the driver's own files under /proc, which name
    each GPU's model, UUID and bus location. Dist-info directory names carry versions, so an
    install or upgrade changes it.
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
    # what the snapshot records of the environment (CUDA_VISIBLE_DEVICES, CUDA_DEVICE_ORDER, ...),
    # and PATH, where nvidia-smi is found
    for name, value in sorted({**scrub_environment(environ), "PATH": environ.get("PATH", "<unset>")}.items()):
        h.update(f"\0{name}={value}".encode("utf-8", "surrogateescape"))
    try:
        h.update(Path(proc, "version").read_bytes())
    except OSError:
        h.update(b"no-proc-driver")
    h.update(_gpu_identities(proc))
    try:
        h.update(" ".join(sorted(n for n in os.listdir("/dev") if n.startswith("nvidia"))).encode())
    except OSError:
        pass
    return h.hexdigest()[:32]


def _gpu_identities(proc: str) -> bytes:
    """Each GPU's ``information`` file (model, UUID, bus location), as the kernel driver lists them."""
    gpus = os.path.join(proc, "gpus")
    try:
        buses = sorted(os.listdir(gpus))
    except OSError:
        return b"no-proc-gpus"
    out = []
    for bus in buses:
        try:
            out.append(bus.encode() + b"\0" + Path(gpus, bus, "information").read_bytes())
        except OSError:
            out.append(bus.encode() + b"\0unreadable")
    return b"\0gpu\0".join(out)


def _add_mtime(h: Any, path: str) -> None:
    try:
        h.update(str(os.stat(path).st_mtime_ns).encode())
    except OSError:
        h.update(b"missing")


