"""Front door 1, the pytest plugin (the ``pytest11`` entry point ``pytest_autoglm_compat.plugin``).

pytest registers this module: its hooks are the ones defined in :mod:`.hooks`, its fixtures
those of :mod:`.fixtures`. The parts: :mod:`.options` (flags, ini keys -> settings),
:mod:`.markers` (marker arguments -> requirements), :mod:`.session` (the session object and
its hooks, registered only when needed), :mod:`.gate`, :mod:`.freeze_recorder`,
:mod:`.user_skips`, :mod:`.apply` (the ``autoglm_apply`` rules), :mod:`.collection` (a test module
that failed to import). ``AutoglmCompatWarning`` is public here, for
``-W error::pytest_autoglm_compat.plugin.AutoglmCompatWarning``.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from .collection import pytest_make_collect_report
from .fixtures import autoglm_contract, autoglm_env, autoglm_gpu, cuda_device
from .hooks import (
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_load_initial_conftests,
    pytest_runtest_makereport,
    pytest_runtest_setup,
    pytest_runtest_setup_before_fixtures,
    pytest_unconfigure,
    pytest_xdist_setupnodes,
)
from .session import AutoglmCompatWarning

__all__ = [
    "AutoglmCompatWarning",
    "autoglm_contract",
    "autoglm_env",
    "autoglm_gpu",
    "cuda_device",
    "pytest_addoption",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_load_initial_conftests",
    "pytest_make_collect_report",
    "pytest_runtest_makereport",
    "pytest_runtest_setup",
    "pytest_runtest_setup_before_fixtures",
    "pytest_unconfigure",
    "pytest_xdist_setupnodes",
]
