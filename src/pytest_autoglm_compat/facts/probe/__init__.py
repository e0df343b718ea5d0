"""Everything the plugin knows about the environment without importing the stack it checks.

Split by what each part knows: :mod:`.snapshot` (the snapshot, taken, saved, read),
:mod:`.packages` (distributions, torch's build), :mod:`.gpus` (NVML, nvidia-smi,
CUDA_VISIBLE_DEVICES), :mod:`.fingerprint` (the cache key) and :mod:`.redact`
(what of the environment may be recorded).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from .fingerprint import fingerprint
from .gpus import Gpu, apply_visible_devices, probe_gpus
from .packages import TorchBuild, installed_packages, torch_build
from .redact import RECORDED_ENV, redact_url_credentials, scrub_environment
from .snapshot import (
    LOCKFILE_GPU_PROBLEM,
    LOCKFILE_SOURCE,
    SNAPSHOT_SCHEMA,
    Snapshot,
    SnapshotError,
    load_snapshot,
    take_snapshot,
)

__all__ = [
    "LOCKFILE_GPU_PROBLEM",
    "LOCKFILE_SOURCE",
    "RECORDED_ENV",
    "SNAPSHOT_SCHEMA",
    "Gpu",
    "Snapshot",
    "SnapshotError",
    "TorchBuild",
    "apply_visible_devices",
    "fingerprint",
    "installed_packages",
    "load_snapshot",
    "probe_gpus",
    "redact_url_credentials",
    "scrub_environment",
    "take_snapshot",
    "torch_build",
]
