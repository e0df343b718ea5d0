"""One concrete install for a contract and the user's requirement files, from a real resolver.

``autoglm-compat plan`` hands the contract's packages and the user's ``-r`` files to a resolver
(:mod:`.resolvers`: pip, or uv given the user's pip configuration); a refusal is read back in
contract terms by :mod:`.conflicts`, a plan is shown by :mod:`.render`. The torch build comes
from one PyTorch index, chosen by :func:`torch_index` from the contract's facts alone (its
``[cuda]`` runtime and the CUDA major its compiled extensions were built for): the summary's fix
lines use the same function, so the plan and the report never name two different torch builds.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import default_environment
from packaging.version import Version

from ...facts.inputs.requirement_files import Entry, InputError, read_requirements
from ...model import torch_lines
from ...model.contract import Contract
from ...model.export import package_bounds
from ...model.requirements import PackageRequirement
from ...model.torch_index import TorchIndex, contract_torch_index
from ...model.values import spec_text
from ..pip_config import PipConfig, read_pip_config
from .conflicts import Conflict, Sides, conflicts_from_pip, conflicts_from_uv
from .resolvers import (
    RESOLVER_TIMEOUT_S,
    Pin,
    PlanError,
    Progress,
    choose_resolver,
    pins_from_report,
    pip_version,
    run_pip,
    run_uv,
)

#: Packages a torch CUDA wheel brings for its own CUDA build: the build from the chosen index
#: brings its own set, so the pins the resolver chose for another build are left out.
_TORCH_CUDA_DEPS = re.compile(r"^(nvidia-.*|triton|cuda-bindings|cuda-pathfinder|cuda-toolkit)$")


# --------------------------------------------------------------------------- inputs


def read_requirement_lines(path: str, marker_env: Mapping[str, str]) -> list[Entry]:
    """The requirements of a user's file and of its ``-r``/``-c`` includes, where their markers hold.

    Read by :func:`...facts.inputs.requirement_files.read_requirements`, the reader ``check`` uses. The resolver
    reads the file itself (with its options, and judges what is unreadable); these lines only name
    the user's side of a conflict. Raises PlanError when the file cannot be read.
    """
    try:
        return list(read_requirements(path, marker_env).entries)
    except InputError as exc:
        raise PlanError(f"cannot read {path}: {exc.reason}" if exc.reason else str(exc)) from None


def marker_environment(python: str) -> dict[str, str]:
    """PEP 508 marker values for the interpreter the plan resolves for.

    It runs on this machine, so only its Python version can differ from this interpreter's.
    """
    env = {k: str(v) for k, v in default_environment().items()}
    if python != sys.executable:
        version = _python_version(python)
        env.update(python_full_version=version, python_version=".".join(version.split(".")[:2]))
    return env


def contract_lines(contract: Contract, sections: Sequence[str]) -> list[str]:
    """The contract's packages as requirement lines: one per package and environment marker, the core's
    and the sections' bounds joined by the rule ``constraints`` uses (model.export.package_bounds).

    Optional packages are left to the constraints (see :func:`contract_constraints`); absent ones are
    checked on the result.
    """
    return [bound.line(" ; ") for bound in package_bounds(contract, sections) if not bound.optional]


def contract_constraints(contract: Contract, sections: Sequence[str]) -> list[str]:
    return [bound.line(" ; ") for bound in package_bounds(contract, sections) if bound.optional and str(bound.spec)]


def contract_packages_by_name(contract: Contract, sections: Sequence[str]) -> dict[str, list[PackageRequirement]]:
    out: dict[str, list[PackageRequirement]] = {}
    for reqs in contract.requirements_for(tuple(sections)):
        for pkg in reqs.packages:
            out.setdefault(pkg.name, []).append(pkg)
    return out


@dataclass
class Outcome:
    """What the resolver said: pins (a plan) or conflicts (none), and its own words."""

    resolver: str
    pins: list[Pin] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    output: str = ""  # the resolver's output, as printed
    python: str | None = None

    @property
    def ok(self) -> bool:
        return not self.conflicts


# --------------------------------------------------------------------------- the plan


@dataclass
class Plan:
    contract: Contract
    sections: list[str]
    files: list[str]
    outcome: Outcome
    torch: TorchIndex | None
    left_to_torch: list[str] = field(default_factory=list)

    @property
    def pins(self) -> list[Pin]:
        return self.outcome.pins

    def command(self, plan_file: str) -> str | None:
        """The one install command, or None when no plan exists or torch's build cannot be chosen."""
        if not self.outcome.ok or (self.torch is not None and self.torch.conflict):
            return None
        import shlex

        cmd = f"pip install -r {shlex.quote(plan_file)}"  # a path with a space or a quote is pasted as is
        if self.torch is not None and self.torch.url and any(p.name == "torch" for p in self.pins):
            cmd += f" --extra-index-url {self.torch.url}"
        return cmd


def sides_for(contract: Contract, sections: Sequence[str], user: Sequence[Entry],
              config_constraints: Sequence[str] = ()) -> Sides:
    """Who asks what in a plan for ``sections``: the torch line the extensions impose included."""
    torch = contract_torch_index(contract, sections)
    return Sides(contract, contract_packages_by_name(contract, sections), user, config_constraints,
                 [e for s in contract.requirements_for(tuple(sections)) for e in s.extensions],
                 torch.spec if torch is not None and torch.line else None)


def make_plan(contract: Contract, sections: Sequence[str], files: Sequence[str], *,
              python: str = sys.executable, resolver: str = "auto", progress: Progress | None = None,
              timeout: float = RESOLVER_TIMEOUT_S) -> Plan:
    """Resolve the contract's packages and the user's files; raises PlanError on usage errors."""
    markers = marker_environment(python) if files else {}
    user = [line for path in files for line in read_requirement_lines(path, markers)]  # unreadable: exit 2
    config = read_pip_config(python) if pip_version(python) is not None else None
    kind, label, uv = choose_resolver(resolver, python, config)
    config = config or PipConfig()
    torch = contract_torch_index(contract, sections)
    sides = sides_for(contract, sections, user, config.constraints)
    resolver = label
    python_conflict = _python_conflict(contract, sections, python)
    if python_conflict is not None:
        return Plan(contract, list(sections), list(files), Outcome(resolver, conflicts=[python_conflict]), torch)
    with tempfile.TemporaryDirectory(prefix="autoglm-plan-") as tmp:
        contract_file = Path(tmp) / f"autoglm-contract-{contract.name}.txt"
        contract_file.write_text("\n".join(contract_lines(contract, sections)) + "\n", encoding="utf-8")
        inputs = [("-r", str(contract_file))]
        constraints = contract_constraints(contract, sections)
        if torch is not None and torch.line:  # the release line the contract's compiled extensions need
            constraints.append(f"torch{spec_text(torch.spec)}")
            constraints += torch_lines.companions(torch.line)
        if constraints:
            constraint_file = Path(tmp) / f"autoglm-constraints-{contract.name}.txt"
            constraint_file.write_text("\n".join(constraints) + "\n", encoding="utf-8")
            inputs.append(("-c", str(constraint_file)))
        inputs += [("-r", path) for path in files]
        if kind == "uv":
            assert uv is not None
            if progress is not None:
                progress("all requirements")
            code, output, pins = run_uv(uv, python, config, inputs, timeout=timeout)
            report = None
        else:
            code, output, report = run_pip(python, inputs, progress=progress, timeout=timeout)
    if kind == "uv":
        if code == 0:
            outcome = Outcome(resolver, pins, output=output, python=_python_version(python))
            return _with_torch(Plan(contract, list(sections), list(files), outcome, torch))
        found = conflicts_from_uv(output, sides)
        if not found:
            raise PlanError(f"uv could not resolve the requirements:\n{output.strip()[-2000:]}")
        return Plan(contract, list(sections), list(files), Outcome(resolver, conflicts=found, output=output), torch)
    if code == 0 and report is not None:
        pins = pins_from_report(report)
        env = report.get("environment", {})
        outcome = Outcome(resolver, pins, output=output,
                          python=env.get("python_full_version") if isinstance(env, dict) else None)
        return _with_torch(Plan(contract, list(sections), list(files), outcome, torch))
    conflicts = conflicts_from_pip(output, sides)
    if not conflicts:
        raise PlanError(f"pip could not resolve the requirements:\n{_error_lines(output)}")
    return Plan(contract, list(sections), list(files), Outcome(resolver, conflicts=conflicts, output=output), torch)


def _error_lines(output: str) -> str:
    return "\n".join(line for line in output.splitlines() if line.startswith("ERROR:")) or output.strip()[-2000:]


def _python_conflict(contract: Contract, sections: Sequence[str], python: str) -> Conflict | None:
    spec = next((s.python.specifier for s in reversed(contract.requirements_for(tuple(sections)))
                 if s.python is not None), None)
    if spec is None:
        return None
    version = _python_version(python)
    if spec.contains(version, prereleases=True):
        return None
    return Conflict("python", f"contract {contract.name} requires Python {spec_text(spec)}",
                    f"the resolver runs for Python {version} ({python}); give --python an interpreter that fits")


@functools.lru_cache(maxsize=8)
def _python_version(python: str) -> str:
    """The interpreter's version (asked once: markers, the Python check and the plan all want it)."""
    if python == sys.executable:
        return ".".join(str(v) for v in sys.version_info[:3])
    try:
        proc = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                              capture_output=True, text=True, check=False)
    except OSError as exc:
        raise PlanError(f"cannot run {python}: {exc.strerror or exc}") from None
    if proc.returncode != 0:
        raise PlanError(f"cannot run {python}: {proc.stderr.strip() or 'exit ' + str(proc.returncode)}")
    return proc.stdout.strip()


def _with_torch(plan: Plan) -> Plan:
    """torch from the contract's index: its pin without a local label, its CUDA libraries left to that build."""
    if plan.torch is None or plan.torch.tag is None or not any(p.name == "torch" for p in plan.pins):
        return plan
    if any(p.name == "torch" and p.url for p in plan.pins):  # the user's own torch (torch @ URL): kept as asked
        plan.torch = None
        return plan
    kept, left = [], []
    for pin in plan.pins:
        if pin.name == "torch":
            kept.append(Pin("torch", f"{Version(pin.version).public}+{plan.torch.tag}"))
        elif _TORCH_CUDA_DEPS.match(pin.name):
            left.append(pin.name)
        else:
            kept.append(pin)
    plan.outcome.pins = kept
    plan.left_to_torch = left
    return plan
