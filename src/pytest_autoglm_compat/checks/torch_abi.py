"""Which torch a compiled extension was built against: its torch C++ symbols, held against the installed torch.

torch has no stable C++ ABI: an extension built against one torch release names mangled
``c10::``/``at::``/``torch::`` symbols that another release may not define (auto-gptq 0.7.1's
PyPI kernels, built against torch 2.2.1, need ``c10::cuda::ExchangeDevice(int)``, which torch
2.14 no longer exports). Python loads extensions with RTLD_NOW, so one missing symbol is an
``ImportError: ... undefined symbol: _ZN3c10...`` at import. Both sides are read from the files:
the extension's undefined dynamic symbols, and the installed torch's libraries looked up through
their ``.gnu.hash`` tables (a name costs a few hash-chain reads; walking all 74,567 defined
symbols of torch 2.14.1's 446 MB ``libtorch_cpu.so`` with pyelftools takes 4 s, the lookups
about 60 ms: benchmarks/torch_abi.md).

The torch release line a published binary was built against (``built_for_torch`` in a contract)
also decides which PyTorch index can supply it: :data:`TORCH_LINE_INDEXES`.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from packaging.specifiers import Specifier, SpecifierSet
from packaging.version import InvalidVersion, Version

if TYPE_CHECKING:
    from ..model.requirements import ExtensionRequirement
    from ..tools.plan import TorchIndex
    from .evaluate import Verdict

SOURCE = ("ld.so(8): a module loaded with RTLD_NOW (Python's default dlopen flags) needs every undefined symbol "
          "defined by a library in its load order; measured: auto-gptq 0.7.1's kernels against torch 2.13.0 and "
          "2.14.1 (docs/compatibility.md)")

#: The CUDA indexes of download.pytorch.org that carry Linux wheels of each torch release line, as
#: "major.minor" CUDA versions (the form of cuda_table.TORCH_CUDA_TAGS). Source: pytorch.org/get-started/
#: previous-versions (pytorch/pytorch.github.io _get_started/previous-versions.md; 2.2.1's entry: commit
#: 2234919, "CUDA 11.8", "CUDA 12.1"). Lines not listed are not constrained by this table.
TORCH_LINE_INDEXES: dict[str, tuple[str, ...]] = {
    "1.13": ("11.6", "11.7"),
    "2.0": ("11.7", "11.8"),
    "2.1": ("11.8", "12.1"),
    "2.2": ("11.8", "12.1"),
    "2.3": ("11.8", "12.1"),
    "2.4": ("11.8", "12.1", "12.4"),
    "2.5": ("11.8", "12.1", "12.4"),
    "2.6": ("11.8", "12.4", "12.6"),
    "2.7": ("11.8", "12.6", "12.8"),
    "2.8": ("12.6", "12.8", "12.9"),
    "2.9": ("12.6", "12.8", "13.0"),
}

#: What a torch release line needs beside it. torch before 2.3 was built against NumPy 1.x: with NumPy 2
#: its numpy interop fails ("A module that was compiled using NumPy 1.x cannot be run in NumPy 2",
#: then "RuntimeError: Numpy is not available"; TorchIO-project/torchio#1183 on torch 2.2,
#: securefederatedai/openfederatedlearning#999: "PyTorch versions earlier than v2.3").
NUMPY_1_BEFORE = (2, 3)


def companions(line: str | None) -> tuple[str, ...]:
    """Requirements a torch release line brings with it (``numpy<2`` before torch 2.3)."""
    match = _LINE.match(line or "")
    if match and (int(match[1]), int(match[2])) < NUMPY_1_BEFORE:
        return ("numpy<2",)
    return ()


_LINE = re.compile(r"^(\d+)\.(\d+)$")
#: Mangled names in torch's namespaces (c10, at, torch, caffe2), also const members and vtables/typeinfo,
#: and THP* Python-binding functions: the symbols torch's libraries export to extensions.
_TORCH_SYMBOL = re.compile(r"^_Z(?:T[VIS])?N(?:K)?(?:3c10|2at|5torch|6caffe2)|^_Z\d+THP")
_TORCH_LIB = re.compile(r"^lib(?:c10|torch|caffe2|shm)\w*\.so")


# --------------------------------------------------------------------------- release lines and indexes


def line_spec(line: str) -> SpecifierSet:
    """torch versions of a release line: "2.2" -> >=2.2,<2.3."""
    match = _LINE.match(line)
    if not match:
        raise ValueError(f"not a torch release line: {line!r}")
    major, minor = int(match.group(1)), int(match.group(2))
    return SpecifierSet(f">={major}.{minor},<{major}.{minor + 1}")


def _implied(spec: Specifier, line: str) -> bool:
    """A contract bound every release of ``line`` satisfies (>=2.0 for line 2.2): redundant beside the line."""
    major, minor = (int(p) for p in line.split("."))
    try:
        bound = Version(spec.version)
    except InvalidVersion:
        return False
    first, after = Version(f"{major}.{minor}"), Version(f"{major}.{minor + 1}")
    if spec.operator in (">=", ">"):
        return bound < first if spec.operator == ">" else bound <= first
    if spec.operator in ("<", "<="):
        return bound >= after
    if spec.operator == "!=":
        return not (first <= bound < after)
    return False


def narrow_spec(spec: SpecifierSet, line: str) -> SpecifierSet:
    """The contract's torch versions within ``line``: the line's bounds plus what is not already implied."""
    return line_spec(line) & SpecifierSet(",".join(str(s) for s in spec if not _implied(s, line)))


def line_admits(spec: SpecifierSet, line: str) -> bool:
    """Whether any release of ``line`` (patch 0 to 30) satisfies the contract's torch versions."""
    return any(spec.contains(f"{line}.{patch}", prereleases=True) for patch in range(31))


def built_for_lines(extensions: Iterable[ExtensionRequirement]) -> dict[str, list[str]]:
    """Each torch release line the extensions were built against (``built_for_torch``), with their modules.

    One reading for ``plan`` (the torch index, :func:`choose_line`) and ``check --requirements`` (the
    file's torch line is judged against the line too), so the two never disagree.
    """
    lines: dict[str, list[str]] = {}
    for ext in extensions:
        if ext.built_for_torch:
            lines.setdefault(ext.built_for_torch, []).append(ext.module)
    return lines


@dataclass(frozen=True)
class LineChoice:
    """What the extensions' torch release line makes of the torch index choice."""

    line: str | None = None
    tags: tuple[str, ...] = ()
    spec: SpecifierSet = field(default_factory=SpecifierSet)
    reasons: tuple[str, ...] = ()
    conflict: str | None = None


def choose_line(extensions: Iterable[ExtensionRequirement], tags: Sequence[str], spec: SpecifierSet,
                runtime_text: str) -> LineChoice:
    """Narrow the candidate CUDA tags and the torch versions to the line the extensions were built against.

    ``tags`` are what the [cuda] runtime and the extensions' CUDA major already admit.
    """
    lines = built_for_lines(extensions)
    if not lines:
        return LineChoice(tags=tuple(tags), spec=spec)
    reasons = tuple(f"{', '.join(mods)} built against torch {line}" for line, mods in sorted(lines.items()))
    if len(lines) > 1:
        return LineChoice(reasons=reasons, conflict="no single torch build fits: the compiled extensions were built "
                          f"against different torch releases ({'; '.join(reasons)})")
    ((line, mods),) = lines.items()
    who = ", ".join(mods)
    if not line_admits(spec, line):
        return LineChoice(line, reasons=reasons, conflict=f"no torch build fits both: the contract's torch "
                          f"{spec} and {who} built against torch {line}; install a build of {who} made for "
                          f"torch {spec}, or relax the contract's torch versions")
    indexes = TORCH_LINE_INDEXES.get(line)
    fitting = tuple(t for t in tags if indexes is None or t in indexes)
    if not fitting:
        offered = ", ".join("cu" + t.replace(".", "") for t in indexes or ())
        return LineChoice(line, reasons=reasons, conflict=f"no torch build fits both: [cuda] runtime {runtime_text} "
                          f"and {who} built against torch {line} (PyTorch publishes torch {line} for {offered}); "
                          f"install a build of {who} for a newer torch, or relax the contract's [cuda] runtime")
    return LineChoice(line, fitting, narrow_spec(spec, line), reasons)


# --------------------------------------------------------------------------- reading the files


@dataclass(frozen=True)
class Needs:
    """An ELF file's dynamic linking: DT_NEEDED and the undefined, unversioned, non-weak dynamic symbols."""

    needed: tuple[str, ...]
    undefined: tuple[str, ...]


def read_needs(path: str) -> Needs | None:
    """What ``path`` needs from other libraries; None when it is not a readable ELF file.

    Versioned references (``memcpy@GLIBC_2.14``, ``cudaLaunchKernel@libcudart.so.12``) belong to the
    system and CUDA libraries; torch's libraries define no symbol versions, and weak references
    need no definition.
    """
    try:
        from elftools.common.exceptions import ELFError
        from elftools.elf.dynamic import DynamicSection
        from elftools.elf.elffile import ELFFile
        from elftools.elf.gnuversions import GNUVerSymSection
        from elftools.elf.sections import SymbolTableSection
    except ImportError:  # pragma: no cover - pyelftools is a dependency
        return None
    try:
        with open(path, "rb") as fh:
            elf = ELFFile(fh)
            needed: list[str] = []
            dynsym = versym = None
            for section in elf.iter_sections():
                if isinstance(section, DynamicSection):
                    needed += [str(t.needed) for t in section.iter_tags() if t.entry.d_tag == "DT_NEEDED"]  # type: ignore[attr-defined]
                elif isinstance(section, GNUVerSymSection):
                    versym = section
                elif isinstance(section, SymbolTableSection) and section.name == ".dynsym":
                    dynsym = section
            undefined: list[str] = []
            if dynsym is not None:
                for i, sym in enumerate(dynsym.iter_symbols()):
                    if sym["st_shndx"] != "SHN_UNDEF" or sym["st_info"]["bind"] != "STB_GLOBAL" or not sym.name:
                        continue
                    if versym is not None and versym.get_symbol(i)["ndx"] not in ("VER_NDX_LOCAL", "VER_NDX_GLOBAL"):
                        continue
                    undefined.append(str(sym.name))
            return Needs(tuple(needed), tuple(undefined))
    except (OSError, ELFError, ValueError):
        return None


@functools.lru_cache(maxsize=64)
def _lookup(path: str, mtime_ns: int, size: int, names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_defined(path, names))


def defined_in(path: str, names: Sequence[str]) -> set[str]:
    """Which of ``names`` the shared library at ``path`` defines, memoised by its stat."""
    st = os.stat(path)
    return set(_lookup(path, st.st_mtime_ns, st.st_size, tuple(sorted(set(names)))))


def _defined(path: str, names: Sequence[str]) -> set[str]:
    """Looked up through the GNU (or SysV) hash table; a walk of ``.dynsym`` only when the file has neither."""
    from elftools.common.exceptions import ELFError
    from elftools.elf.elffile import ELFFile
    from elftools.elf.hash import ELFHashSection, GNUHashSection
    from elftools.elf.sections import SymbolTableSection

    try:
        with open(path, "rb") as fh:
            elf = ELFFile(fh)
            table = None
            dynsym = None
            for section in elf.iter_sections():
                if isinstance(section, GNUHashSection) or (isinstance(section, ELFHashSection) and table is None):
                    table = section
                elif isinstance(section, SymbolTableSection) and section.name == ".dynsym":
                    dynsym = section
            if table is not None:
                out = set()
                for name in names:
                    sym = table.get_symbol(name)
                    if sym is not None and sym["st_shndx"] != "SHN_UNDEF":
                        out.add(name)
                return out
            if dynsym is None:
                return set()
            wanted = set(names)
            return {str(s.name) for s in dynsym.iter_symbols() if s.name in wanted and s["st_shndx"] != "SHN_UNDEF"}
    except (OSError, ELFError, ValueError):
        return set()


def torch_libraries(needed: Sequence[str], lib_dir: str) -> tuple[list[str], list[str]]:
    """(paths found, sonames missing) of torch's libraries the extension loads, with what they load in turn.

    ld.so looks a symbol up in every object of the load order, breadth first: libtorch.so itself
    defines little and brings libtorch_cpu.so and libtorch_cuda.so.
    """
    from ..facts.binaries.elf import needed_libraries

    found: list[str] = []
    missing: list[str] = []
    queue = [n for n in needed if _TORCH_LIB.match(n)]
    seen: set[str] = set()
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        path = os.path.join(lib_dir, name)
        if not os.path.isfile(path):
            missing.append(name)
            continue
        found.append(path)
        queue += [n for n in needed_libraries(path) or () if _TORCH_LIB.match(n) or os.path.isfile(
            os.path.join(lib_dir, n))]
    return found, missing


def demangle(names: Sequence[str]) -> dict[str, str]:
    """c++filt's reading of mangled names (binutils); the names themselves when it is not installed."""
    tool = shutil.which("c++filt")
    if tool is None or not names:
        return {n: n for n in names}
    try:
        out = subprocess.run([tool], input="\n".join(names) + "\n", capture_output=True, text=True, timeout=30,
                             check=False).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return {n: n for n in names}
    return dict(zip(names, out)) if len(out) == len(names) else {n: n for n in names}


def _installed_torch(sys_path: list[str] | None) -> tuple[str, str] | None:
    """(version, torch/lib directory) of the torch the checked interpreter imports first."""
    from importlib import metadata

    for dist in metadata.distributions(name="torch", path=sys_path if sys_path is not None else sys.path):
        return dist.version, str(dist.locate_file("torch/lib"))
    return None


def facts(binary: str, sys_path: list[str] | None = None) -> dict[str, Any] | None:
    """The torch symbols ``binary`` needs and which of them the installed torch does not define, as JSON.

    None when the file is unreadable, links no torch library, or no torch is installed (the load
    verdict says that). ``files`` lists the torch libraries read, with their stat, for the cache.
    """
    needs = read_needs(binary)
    if needs is None or not any(_TORCH_LIB.match(n) for n in needs.needed):
        return None
    torch = _installed_torch(sys_path)
    if torch is None:
        return None
    version, lib_dir = torch
    libraries, absent = torch_libraries(needs.needed, lib_dir)
    defined: set[str] = set()
    for path in libraries:
        defined |= defined_in(path, needs.undefined)
    wanted = [n for n in needs.undefined if n in defined or _TORCH_SYMBOL.match(n)]
    missing = [n for n in wanted if n not in defined]
    names = demangle(missing)
    files: dict[str, list[int]] = {}
    for path in libraries:
        st = os.stat(path)
        files[path] = [st.st_mtime_ns, st.st_size]
    return {
        "binary": binary,
        "torch": version,
        "lib_dir": lib_dir,
        "libraries": [os.path.basename(p) for p in libraries],
        "absent": absent,
        "symbols": len(wanted),
        "missing": [[n, names[n]] for n in missing],
        "files": files,
    }


# --------------------------------------------------------------------------- the verdict


def verdicts(req: ExtensionRequirement, fact: Mapping[str, Any] | None,
             torch_plan: TorchIndex | None = None) -> list[Verdict]:
    """Whether the installed torch defines every torch symbol the extension's file names; read, not loaded."""
    found_facts = fact.get("torch_abi") if fact else None
    if not isinstance(found_facts, Mapping):
        return []
    from dataclasses import replace

    from .evaluate import PASS, UNMET, _verdict

    meta = replace(req.meta, fix=None, source=SOURCE)
    subject = f"extension {req.module}: torch C++ symbols"
    torch = found_facts["torch"]
    total = found_facts["symbols"]
    required = "every torch symbol it links defined by the installed torch's libraries"
    missing: list[list[str]] = found_facts.get("missing") or []
    if not missing:
        libs = ", ".join(found_facts.get("libraries") or [])
        return [_verdict(meta, PASS, subject, f"all {total} torch symbols it links are defined in torch {torch} "
                         f"({libs})", required)]
    found = (f"{len(missing)} of its {total} torch symbols undefined in torch {torch} (e.g. {missing[0][1]}) "
             "— built against another torch")
    absent = found_facts.get("absent") or []
    note = (f"Python loads extensions with RTLD_NOW: importing it fails with 'undefined symbol: {missing[0][0]}'"
            + (f"; torch {torch} has no {', '.join(absent)}" if absent else ""))
    distribution = (fact or {}).get("distribution") or {}
    return [_verdict(meta, UNMET, subject, found, required, note=note,
                     fix=_fix(req, torch_plan, distribution))]


def _fix(req: ExtensionRequirement, torch_plan: TorchIndex | None, distribution: Mapping[str, str]) -> str:
    if req.built_for_torch and torch_plan is not None and (torch_plan.tag or torch_plan.conflict):
        return torch_plan.fix
    if req.built_for_torch:
        from ..model.values import spec_text

        return f"pip install 'torch{spec_text(line_spec(req.built_for_torch))}'"
    name, version = distribution.get("name"), distribution.get("version")
    if name:
        pin = f"=={version}" if version else ""
        return (f"install the torch release {name} {version or ''} was built against (set built_for_torch in the "
                f"contract to have it named), or rebuild it against this torch: pip install --no-build-isolation "
                f"--no-binary {name} '{name}{pin}'").replace("  ", " ")
    return "install the torch release it was built against, or rebuild it against the installed torch"

