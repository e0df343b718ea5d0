"""The plugin's fixtures: the environment, the contract, and a GPU that meets the test's requirements.

Asking for one registers the session object (a fixture of ours is a use of the plugin).
``pytest --fixtures`` sorts them by "path:line" as text: the GPU fixtures come first, as they
did before this module existed, while the file stays under 100 lines.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from ..render.terminal import no_single_gpu, unmet_message
from .session import REQS_KEY, session_of

if TYPE_CHECKING:
    from ..facts.probe import Gpu

FIXTURE_NAMES = ("autoglm_env", "autoglm_contract", "autoglm_gpu", "cuda_device")


@pytest.fixture
def autoglm_gpu(request: pytest.FixtureRequest) -> Gpu:
    """The GPU this test runs on (index, name, uuid, capability, memory), without importing torch.

    It satisfies the test's requires_cuda (capability, memory); under pytest-xdist
    worker gwN takes the N-th eligible GPU, round robin, so `-n 8` on eight GPUs
    uses each once. Indexes are as CUDA sees them after CUDA_VISIBLE_DEVICES.
    """
    from ..checks.cuda import eligible_gpus
    from ..model.requirements import CudaRequirement, Meta, Origin

    item = request.node
    session = session_of(request.config)
    engine = session.engine
    reqs = [r for r in item.stash.get(REQS_KEY, ()) if isinstance(r, CudaRequirement)]
    if not reqs:
        reqs = [CudaRequirement(Meta(Origin(f"{item.nodeid} (cuda_device fixture)")))]
    unmet = [v for v in engine.verdicts(reqs) if not v.ok]
    if unmet:
        session.refuse(item, unmet_message(unmet, verbose=item.config.getoption("verbose") > 0))
    eligible = list(engine.snapshot().gpus)
    for r in reqs:
        eligible = eligible_gpus(r, eligible)
    if not eligible:
        session.refuse(item, no_single_gpu(len(reqs), engine.snapshot().gpus))
    worker = request.config.workerinput["workerid"] if hasattr(request.config, "workerinput") else "gw0"
    number = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0
    return eligible[number % len(eligible)]


@pytest.fixture
def cuda_device(autoglm_gpu: Gpu) -> Any:
    """A torch.device on a GPU that satisfies this test's requires_cuda, or a skip."""
    import torch  # only here: the test itself asked for a torch device

    return torch.device("cuda", autoglm_gpu.index)


@pytest.fixture(scope="session")
def autoglm_env(pytestconfig: pytest.Config) -> Any:
    """The environment snapshot (frozen): packages, torch build, driver, GPUs."""
    return session_of(pytestconfig).engine.snapshot()


@pytest.fixture(scope="session")
def autoglm_contract(pytestconfig: pytest.Config) -> Any:
    """The active contract, or None."""
    return session_of(pytestconfig).engine.contract
