"""The one PyTorch wheel index a contract's torch must come from, or why none fits.

Every torch fix of a report names this one build: the [cuda] runtime bound, the CUDA major and
torch line the compiled extensions were built for, and the driver all narrow it.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from . import torch_lines
from .cuda_table import TORCH_CUDA_TAGS, newest_runtime_for
from .requirements import CudaRequirement, ExtensionRequirement
from .values import spec_text

if TYPE_CHECKING:
    from .contract import Contract

TORCH_INDEX = "https://download.pytorch.org/whl/{tag}"


@dataclass(frozen=True)
class TorchIndex:
    """The one PyTorch wheel index a contract's torch must come from, or why none fits."""

    tag: str | None  # "cu129"; None when no index fits (see conflict) or nothing asks for CUDA
    reasons: tuple[str, ...] = ()  # what chose it: "[cuda] runtime >=11.8", "autogptq_cuda_64 built for CUDA 12"
    conflict: str | None = None  # one line: why no torch build satisfies all of them
    spec: SpecifierSet = field(default_factory=SpecifierSet)  # the contract's torch versions
    line: str | None = None  # the torch release line the extensions were built against (torch_lines.choose_line)
    installed: str | None = None  # the torch version installed where the fix is printed ("2.13.0+cpu")

    @property
    def url(self) -> str | None:
        return TORCH_INDEX.format(tag=self.tag) if self.tag else None

    @property
    def fix(self) -> str:
        """The one torch fix line of a report: the install command, or why there is none."""
        if self.conflict:
            return self.conflict
        if self.tag:
            return install_torch(self.tag, self.spec, self.installed, torch_lines.companions(self.line))
        return "install a torch build for a CUDA runtime this driver supports"


def install_torch(tag: str, spec: SpecifierSet | None = None, installed: str | None = None,
                  also: Sequence[str] = ()) -> str:
    """``pip install`` of torch from the ``tag`` index ("cu130"), one that changes what ``installed`` is.

    pip keeps an installed torch whose version the requirement admits, whatever its build: a
    2.13.0+cpu meets ``torch>=2.0`` (PEP 440 ignores the local label), so
    ``pip install 'torch>=2.0' --index-url .../cu130`` says "Requirement already satisfied" and
    changes nothing. ``--force-reinstall`` is no answer either: pip then takes the newest torch of
    every source it is configured with, and a find-links directory holding 2.13.0+cpu beats an
    index whose newest is 2.9.0+cu126. Where the installed torch is such a build of another kind,
    the command pins its version with the index's label (``torch==2.13.0+cu130``): that build or
    an error that says it does not exist.
    """
    spec = spec or SpecifierSet()
    if _kept_by_pip(installed, spec, tag):
        assert installed is not None
        newer = _first_line_on(tag, Version(installed))
        what = f"'torch=={Version(installed).public}+{tag}'" if newer is None else \
            f"'torch{spec_text(tightest_lower(spec, newer))}'"
    else:
        what = f"'torch{spec_text(spec)}'" if str(spec) else "torch"
    extra = "".join(f" '{c}'" for c in also)
    return f"pip install {what}{extra} --index-url {TORCH_INDEX.format(tag=tag)}"


def _first_line_on(tag: str, installed: Version) -> str | None:
    """Where the installed torch's release line is known not to be on the ``tag`` index
    (torch_lines.TORCH_LINE_INDEXES: 2.5 has no cu130 build), the first newer line that is."""
    cuda = f"{tag[2:-1]}.{tag[-1]}"
    line = f"{installed.major}.{installed.minor}"
    published = torch_lines.TORCH_LINE_INDEXES
    if line not in published or cuda in published[line]:
        return None
    newer = [ln for ln, cudas in published.items() if cuda in cudas and Version(ln) > Version(line)]
    return min(newer, key=Version) if newer else None


def tightest_lower(spec: SpecifierSet, line: str) -> SpecifierSet:
    """``spec`` with its lower bounds replaced by ``>=line``."""
    kept = [s for s in spec if s.operator not in (">=", ">")]
    return SpecifierSet(",".join([f">={line}", *(str(s) for s in kept)]))


def _kept_by_pip(installed: str | None, spec: SpecifierSet, tag: str) -> bool:
    """Whether pip would keep ``installed`` for ``torch<spec>``: admitted, yet not a build of ``tag``."""
    if installed is None:
        return False
    try:
        version = Version(installed)
    except InvalidVersion:
        return False
    return version.local != tag and spec.contains(version, prereleases=True)


def torch_index(cuda: CudaRequirement | None, extensions: Iterable[ExtensionRequirement],
                driver: str | None = None, spec: SpecifierSet | None = None,
                installed: str | None = None) -> TorchIndex | None:
    """The newest torch CUDA index that the runtime bound, every extension's CUDA major and the driver admit.

    None when the contract asks for no CUDA at all (no [cuda], no extension built for a CUDA major).
    ``installed``: the torch version where the fix is printed (see :func:`install_torch`).
    """
    extensions = list(extensions)
    majors: dict[str, list[str]] = {}
    for ext in extensions:
        if ext.built_for_cuda:
            majors.setdefault(ext.built_for_cuda, []).append(ext.module)
    runtime = cuda.runtime if cuda is not None else None
    if cuda is None and not majors:
        return None
    reasons = []
    if runtime is not None:
        reasons.append(f"[cuda] runtime {spec_text(runtime)}")
    reasons += [f"{', '.join(mods)} built for CUDA {major}" for major, mods in sorted(majors.items())]
    tags = [t for t in TORCH_CUDA_TAGS if runtime is None or runtime.contains(t)]
    if len(majors) > 1:
        return TorchIndex(None, tuple(reasons), "no single torch build fits: the compiled extensions were built "
                          f"for different CUDA majors ({'; '.join(reasons[runtime is not None:])})")
    if majors:
        (major,) = majors
        fitting = [t for t in tags if t.split(".")[0] == major]
        if not fitting:
            runtime_text = spec_text(runtime) if runtime is not None else "any"
            return TorchIndex(None, tuple(reasons),
                              f"no torch build fits both: [cuda] runtime {runtime_text} and "
                              f"{', '.join(majors[major])} built for CUDA {major}; install a build of "
                              f"{', '.join(majors[major])} for a CUDA runtime {runtime_text}, or relax the "
                              "contract's [cuda] runtime")
        tags = fitting
    chosen = torch_lines.choose_line(extensions, tags, spec or SpecifierSet(),
                                   spec_text(runtime) if runtime is not None else "any")
    reasons += chosen.reasons
    if chosen.conflict:
        return TorchIndex(None, tuple(reasons), chosen.conflict, line=chosen.line)
    tags, spec = list(chosen.tags), chosen.spec
    if driver:
        newest = newest_runtime_for(driver)
        if newest is not None:
            tags = [t for t in tags if Version(t) <= Version(newest)]
            reasons.append(f"driver {driver} runs CUDA <= {newest}")
    if not tags:
        return TorchIndex(None, tuple(reasons))
    return TorchIndex("cu" + tags[-1].replace(".", ""), tuple(reasons), spec=spec or SpecifierSet(), line=chosen.line,
                      installed=installed)


def contract_torch_index(contract: Contract, sections: Sequence[str] | None = None,
                         driver: str | None = None, installed: str | None = None) -> TorchIndex | None:
    """:func:`torch_index` over a contract's core and sections (all of them when None)."""
    chosen = list(contract.sections) if sections is None else list(sections)
    sets = contract.requirements_for(tuple(chosen))
    cuda = next((s.cuda for s in reversed(sets) if s.cuda is not None), None)
    spec = SpecifierSet()
    for pkg in (p for s in sets for p in s.packages if p.name == "torch" and not p.absent):
        spec &= pkg.specifier
    return torch_index(cuda, [e for s in sets for e in s.extensions], driver, spec, installed)
