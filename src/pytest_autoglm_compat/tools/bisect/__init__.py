"""``autoglm-compat bisect``: the release of one package that broke a command.

:mod:`.releases` lists what the configured indexes offer, :mod:`.envs` builds one environment
per release, :mod:`.search` runs the command across them, :mod:`.changes` says what the first
bad release changed. The names below are what the command line calls; the pip configuration
and uv come from :mod:`..pip_config`, shared with ``plan``.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from ..pip_config import find_uv, read_pip_config
from .changes import installed_versions, requires_diff
from .envs import Builder, default_cache_dir, pins_from_environment, pins_from_versions
from .releases import BisectUsageError, Listing, candidates, list_releases, not_on_indexes
from .search import BisectError, Outcome, Result, bisect, estimated_steps

__all__ = ["BisectError", "BisectUsageError", "Builder", "Listing", "Outcome", "Result", "bisect", "candidates",
           "default_cache_dir", "estimated_steps", "find_uv", "installed_versions", "list_releases", "not_on_indexes",
           "pins_from_environment", "pins_from_versions", "read_pip_config", "requires_diff"]
