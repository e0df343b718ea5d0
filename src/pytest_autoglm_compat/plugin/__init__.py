"""Front door 1, the pytest plugin (the ``pytest11`` entry point ``pytest_autoglm_compat.plugin``).

pytest registers this module: its hooks and fixtures are the ones defined in :mod:`.hooks`.
``AutoglmCompatWarning`` is public here, for ``-W error::pytest_autoglm_compat.plugin.AutoglmCompatWarning``.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from .hooks import (
    AutoglmCompatWarning,
    autoglm_contract,
    autoglm_env,
    autoglm_gpu,
    cuda_device,
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_load_initial_conftests,
    pytest_runtest_makereport,
    pytest_runtest_setup,
    pytest_unconfigure,
    pytest_xdist_setupnodes,
)

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
    "pytest_runtest_makereport",
    "pytest_runtest_setup",
    "pytest_unconfigure",
    "pytest_xdist_setupnodes",
]
