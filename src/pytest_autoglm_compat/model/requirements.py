"""Requirement value objects: what one contract entry or marker asks of an environment.

They are frozen and hashable so that identical requirements declared by many
tests are evaluated once and reported once.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

from packaging.specifiers import SpecifierSet

from .values import spec_text

if TYPE_CHECKING:
    from packaging.markers import Marker

API_KINDS = (
    "class",
    "function",
    "callable",
    "list",
    "dict",
    "tuple",
    "None",
    "property",
    "module",
    "str",
    "int",
    "bool",
)


@dataclass(frozen=True)
class Origin:
    """Where a requirement was declared: a contract file and key, or a test node id."""

    key: str
    file: str | None = None

    def __str__(self) -> str:
        return f"{self.file}: {self.key}" if self.file else self.key


@dataclass(frozen=True)
class Meta:
    origin: Origin
    reason: str | None = None
    fix: str | None = None
    source: str | None = None
    verified: bool = True


@dataclass(frozen=True)
class PythonRequirement:
    meta: Meta
    specifier: SpecifierSet


@dataclass(frozen=True)
class PackageRequirement:
    meta: Meta
    name: str
    specifier: SpecifierSet = field(default_factory=SpecifierSet)
    marker: Marker | None = None
    absent: bool = False
    optional: bool = False

    @property
    def display(self) -> str:
        if self.absent:
            return f"{self.name} not installed"
        text = f"{self.name}{spec_text(self.specifier)}" if str(self.specifier) else f"{self.name} (any version)"
        if self.marker is not None:
            text += f"; {self.marker}"
        return text


@dataclass(frozen=True)
class CudaRequirement:
    meta: Meta
    runtime: SpecifierSet | None = None
    capability: SpecifierSet | None = None
    devices: int | None = None
    memory: int | None = None
    driver: SpecifierSet | None = None


@dataclass(frozen=True)
class ApiRequirement:
    meta: Meta
    module: str
    qualname: str = ""
    kind: str | None = None
    absent: bool = False
    fields: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    subclass_of: str | None = None  # "module:QualName" of the base class
    equals: str | int | float | bool | None = None  # a module constant's exact value
    version: SpecifierSet | None = None  # a module constant read as a version
    when_cuda: bool = False

    @property
    def target(self) -> str:
        return f"{self.module}:{self.qualname}" if self.qualname else self.module


@dataclass(frozen=True)
class ExtensionRequirement:
    meta: Meta
    module: str
    when_cuda: bool = True
    built_for_cuda: str | None = None  # CUDA major the published build links ("12"): picks torch's index
    built_for_torch: str | None = None  # torch release line the published build was compiled against ("2.2")


@dataclass(frozen=True)
class KernelsRequirement:
    """Every file of a distribution that carries GPU code must have code that runs on the GPUs."""

    meta: Meta
    package: str  # canonical distribution name
    when_cuda: bool = True


@dataclass(frozen=True)
class ConsistencyRequirement:
    """The installed stack agrees with itself: each distribution's declared requirements (Requires-Dist) are met
    by what is installed, as ``pip check`` would say, for the packages named and what they require."""

    meta: Meta
    packages: tuple[str, ...] = ()  # canonical names the check starts from; () = every package of the contract


#: ``[toolchain] nvcc``: the CUDA toolkit's major must be torch's (kernels built on first use link torch's CUDA)
NVCC_MATCHES_TORCH = "torch"


@dataclass(frozen=True)
class ToolchainRequirement:
    """What builds kernels on first use (gptqmodel, torch.utils.cpp_extension): nvcc, a host compiler, ninja."""

    meta: Meta
    nvcc: SpecifierSet | str | None = None  # a CUDA toolkit version range, or NVCC_MATCHES_TORCH
    compiler: bool = False  # a C++ host compiler on PATH (or $CXX)
    ninja: bool = False
    when_cuda: bool = True


Requirement = Union[
    PythonRequirement, PackageRequirement, CudaRequirement, ApiRequirement, ExtensionRequirement,
    KernelsRequirement, ConsistencyRequirement, ToolchainRequirement,
]


@dataclass(frozen=True)
class RequirementSet:
    """Everything one section of a contract (or one test) asks for."""

    python: PythonRequirement | None = None
    packages: tuple[PackageRequirement, ...] = ()
    cuda: CudaRequirement | None = None
    apis: tuple[ApiRequirement, ...] = ()
    extensions: tuple[ExtensionRequirement, ...] = ()
    kernels: tuple[KernelsRequirement, ...] = ()
    consistency: ConsistencyRequirement | None = None
    toolchain: ToolchainRequirement | None = None

    def items(self, *, needs_cuda: bool) -> list[Requirement]:
        """The requirements that apply to a test; CUDA ones only if it needs a GPU."""
        out: list[Requirement] = []
        if self.python is not None:
            out.append(self.python)
        out.extend(self.packages)
        if self.consistency is not None:  # right after the packages: a broken pair is the cause of what follows
            out.append(self.consistency)
        if needs_cuda and self.cuda is not None:
            out.append(self.cuda)
        out.extend(a for a in self.apis if needs_cuda or not a.when_cuda)
        out.extend(e for e in self.extensions if needs_cuda or not e.when_cuda)
        out.extend(k for k in self.kernels if needs_cuda or not k.when_cuda)
        if self.toolchain is not None and (needs_cuda or not self.toolchain.when_cuda):
            out.append(self.toolchain)
        return out

    def __len__(self) -> int:
        return (
            (self.python is not None)
            + len(self.packages)
            + (self.cuda is not None)
            + len(self.apis)
            + len(self.extensions)
            + len(self.kernels)
            + (self.consistency is not None)
            + (self.toolchain is not None)
        )


def identity(req: Requirement) -> str:
    """What a requirement is about, independent of its bounds: 'package:peft', 'api:mod:Qual', 'cuda'."""
    if isinstance(req, PackageRequirement):
        return f"package:{req.name}"
    if isinstance(req, ApiRequirement):
        return f"api:{req.target}"
    if isinstance(req, ExtensionRequirement):
        return f"extension:{req.module}"
    if isinstance(req, KernelsRequirement):
        return f"kernels:{req.package}"
    if isinstance(req, CudaRequirement):
        return "cuda"
    if isinstance(req, ConsistencyRequirement):
        return "consistency"
    if isinstance(req, ToolchainRequirement):
        return "toolchain"
    return "python"


def check_id(req: ApiRequirement | ExtensionRequirement) -> str:
    """Identity of what a check asks the child, independent of where it was declared."""
    if isinstance(req, ExtensionRequirement):
        return f"ext:{req.module}"
    extra = ""
    if req.fields:
        extra += "+fields"
    if req.params:
        extra += "+params"
    if req.subclass_of:
        extra += f"+subclass:{req.subclass_of}"
    if req.equals is not None or req.version is not None:
        extra += "+value"
    return f"api:{req.target}{extra}"


#: key of the toolchain facts (facts.probe.toolchain)
TOOLCHAIN_FACT = "toolchain"


def consistency_id(req: ConsistencyRequirement) -> str:
    """Key of the declared-dependency facts read for one consistency requirement (its starting packages)."""
    return "dependencies:" + ",".join(sorted(req.packages))


def fact_id(package: str) -> str:
    """Key of the GPU-code facts of one installed package (facts.binaries.installed_gpu_code)."""
    return f"kernels:{package}"
