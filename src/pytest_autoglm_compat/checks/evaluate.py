"""One requirement x the facts -> its verdicts: the dispatch over requirement kinds.

Each kind has its module beside this one; none of them imports the stack it checks, and
what they need from higher layers (the known failures, the contract's one torch build)
is passed in. A kind's module is imported when a requirement of that kind is first
evaluated: a run that only skips ``requires_cuda`` tests loads no binary reader (in a run
with PYTHONDONTWRITEBYTECODE=1 pytest compiles every module of ours it imports, each run).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..model.requirements import (
    TOOLCHAIN_FACT,
    ApiRequirement,
    ConsistencyRequirement,
    CudaRequirement,
    KernelsRequirement,
    PackageRequirement,
    PythonRequirement,
    Requirement,
    ToolchainRequirement,
    check_id,
    consistency_id,
    fact_id,
)

if TYPE_CHECKING:
    from ..facts.probe import Snapshot
    from ..model.hints import FailureExplainer
    from ..model.torch_index import TorchIndex
    from ..model.verdict import Verdict


def evaluate(req: Requirement, snap: Snapshot, facts: Mapping[str, Mapping[str, Any]],
             torch_plan: TorchIndex | None = None, explainer: FailureExplainer | None = None) -> list[Verdict]:
    """``torch_plan``: the contract's one torch build; without it each verdict suggests its own.

    ``explainer``: the known failures, for the cause and fix of an import or load error.
    """
    if isinstance(req, PythonRequirement):
        from .packages import evaluate_python

        return [evaluate_python(req, snap)]
    if isinstance(req, PackageRequirement):
        from .packages import evaluate_package

        return [evaluate_package(req, snap, torch_plan)]
    if isinstance(req, CudaRequirement):
        from .cuda import evaluate_cuda

        verdicts = evaluate_cuda(req, snap, torch_plan)
        if fact_id("torch") in facts:
            from . import kernels

            verdicts += kernels.torch_verdicts(req, snap, facts[fact_id("torch")], torch_plan)
        return verdicts
    if isinstance(req, ApiRequirement):
        from .api import evaluate_api

        return [evaluate_api(req, facts.get(check_id(req)), snap, explainer)]
    if isinstance(req, KernelsRequirement):
        from . import kernels

        return kernels.evaluate_kernels(req, snap, facts.get(fact_id(req.package)))
    if isinstance(req, ConsistencyRequirement):
        from .consistency import evaluate_consistency

        return evaluate_consistency(req, facts.get(consistency_id(req)))
    if isinstance(req, ToolchainRequirement):
        from .toolchain import evaluate_toolchain

        return evaluate_toolchain(req, facts.get(TOOLCHAIN_FACT), snap)
    from . import kernels, torch_abi
    from .abi import evaluate_extension_abi
    from .extensions import evaluate_extension

    fact = facts.get(check_id(req))
    verdicts = [evaluate_extension(req, fact, snap, torch_plan, explainer), *evaluate_extension_abi(req, fact),
                *torch_abi.verdicts(req, fact, torch_plan)]
    if fact is not None and "gpu_code" in fact:
        verdicts += kernels.extension_verdicts(req, fact, snap)
    return verdicts
