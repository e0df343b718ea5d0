"""One requirement x the facts -> its verdicts: the dispatch over requirement kinds.

Each kind has its module beside this one; none of them imports the stack it checks, and
what they need from higher layers (the known failures, the contract's one torch build)
is passed in.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..facts.api_facts import check_id
from ..facts.binaries.installed_gpu_code import fact_id
from ..model.requirements import (
    ApiRequirement,
    CudaRequirement,
    KernelsRequirement,
    PackageRequirement,
    PythonRequirement,
    Requirement,
)
from . import kernels, torch_abi
from .abi import evaluate_extension_abi
from .api import evaluate_api
from .cuda import evaluate_cuda
from .extensions import evaluate_extension
from .packages import evaluate_package, evaluate_python

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
        return [evaluate_python(req, snap)]
    if isinstance(req, PackageRequirement):
        return [evaluate_package(req, snap, torch_plan)]
    if isinstance(req, CudaRequirement):
        verdicts = evaluate_cuda(req, snap, torch_plan)
        if fact_id("torch") in facts:
            verdicts += kernels.torch_verdicts(req, snap, facts[fact_id("torch")], torch_plan)
        return verdicts
    if isinstance(req, ApiRequirement):
        return [evaluate_api(req, facts.get(check_id(req)), snap, explainer)]
    if isinstance(req, KernelsRequirement):
        return kernels.evaluate_kernels(req, snap, facts.get(fact_id(req.package)))
    fact = facts.get(check_id(req))
    verdicts = [evaluate_extension(req, fact, snap, torch_plan, explainer), *evaluate_extension_abi(req, fact),
                *torch_abi.verdicts(req, fact, torch_plan)]
    if fact is not None and "gpu_code" in fact:
        verdicts += kernels.extension_verdicts(req, fact, snap)
    return verdicts
