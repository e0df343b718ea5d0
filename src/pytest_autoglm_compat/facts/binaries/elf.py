"""What a compiled extension was built against, read from its ELF dynamic section.

The DT_NEEDED entries name the shared libraries the loader must find
(``libcudart.so.12``, ``libc10.so``); they tell which CUDA major an extension
was built for even when it cannot be loaded.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_CUDA_LIB = re.compile(r"^lib(?:cudart|cublas|cublasLt|cusparse|cufft|curand|nvrtc|cusolver)\.so\.(\d+)")
_LOCAL_CUDA = re.compile(r"\+cu(\d+)(\d)\b")


@dataclass(frozen=True)
class BuiltFor:
    """What an extension binary and its wheel say it was built for; None where unknown."""

    cuda_major: str | None = None
    cuda_from: str | None = None  # the evidence: "links libcudart.so.12", "wheel 0.7.1+cu118"
    links_torch: bool = False


def needed_libraries(path: str) -> list[str] | None:
    """DT_NEEDED names of a shared object; None when it is not a readable ELF file."""
    info = _read(path, versions=False)
    return list(info.needed) if info is not None else None


def built_for(needed: Sequence[str] | None, distribution_version: str | None) -> BuiltFor:
    for name in needed or ():
        match = _CUDA_LIB.match(name)
        if match:
            return BuiltFor(match.group(1), f"links {name}", _links_torch(needed))
    if distribution_version:
        match = _LOCAL_CUDA.search(distribution_version)
        if match:
            return BuiltFor(match.group(1), f"wheel version {distribution_version}", _links_torch(needed))
    return BuiltFor(links_torch=_links_torch(needed))


def _links_torch(needed: Sequence[str] | None) -> bool:
    return any(n.startswith(("libc10", "libtorch")) for n in needed or ())


# --------------------------------------------------------------------------- symbol versions (ld.so's check)


@dataclass(frozen=True)
class Versions:
    """What ld.so reads before it binds a single symbol: search paths and symbol versions.

    ``needs`` is ``.gnu.version_r`` (DT_VERNEED) in section order: (file, its version names);
    ld.so refuses the object when a file it loads does not define one of them in its
    ``.gnu.version_d`` (DT_VERDEF), which ``defines`` lists (the base entry, the soname, left out).
    ``machine`` is (ELF class, e_machine): ld.so skips a candidate library of another kind.
    """

    machine: tuple[str, str]
    needed: tuple[str, ...] = ()
    rpath: tuple[str, ...] = ()
    runpath: tuple[str, ...] = ()
    needs: tuple[tuple[str, tuple[str, ...]], ...] = ()
    defines: tuple[str, ...] = ()


def read_versions(path: str) -> Versions | None:
    """Dynamic section and symbol versions of an ELF file, read without loading it; None if unreadable."""
    return _read(path, versions=True)


def _read(path: str, *, versions: bool) -> Versions | None:
    """One walk over the sections: the dynamic tags always, the GNU version sections when ``versions``."""
    try:
        from elftools.common.exceptions import ELFError
        from elftools.elf.dynamic import DynamicSection
        from elftools.elf.elffile import ELFFile
        from elftools.elf.gnuversions import GNUVerDefSection, GNUVerNeedSection
    except ImportError:  # pragma: no cover - pyelftools is a dependency
        return None
    try:
        with open(path, "rb") as fh:
            elf = ELFFile(fh)
            needed: list[str] = []
            rpath: list[str] = []
            runpath: list[str] = []
            needs: list[tuple[str, tuple[str, ...]]] = []
            defines: list[str] = []
            for section in elf.iter_sections():
                if isinstance(section, DynamicSection):
                    for tag in section.iter_tags():
                        kind = tag.entry.d_tag
                        if kind == "DT_NEEDED":
                            needed.append(str(tag.needed))  # type: ignore[attr-defined]
                        elif kind == "DT_RPATH":
                            rpath += str(tag.rpath).split(":")  # type: ignore[attr-defined]
                        elif kind == "DT_RUNPATH":
                            runpath += str(tag.runpath).split(":")  # type: ignore[attr-defined]
                elif versions and isinstance(section, GNUVerNeedSection):
                    for verneed, auxes in section.iter_versions():
                        needs.append((str(verneed.name), tuple(str(aux.name) for aux in auxes)))
                elif versions and isinstance(section, GNUVerDefSection):
                    for verdef, auxes in section.iter_versions():
                        if not verdef.entry["vd_flags"] & 0x1:  # VER_FLG_BASE: the file's own name
                            defines.append(str(next(iter(auxes)).name))
            return Versions((str(elf.elfclass), str(elf["e_machine"])), tuple(needed), tuple(p for p in rpath if p),
                            tuple(p for p in runpath if p), tuple(needs), tuple(defines))
    except (OSError, ELFError, ValueError, StopIteration):
        return None
