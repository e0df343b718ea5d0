"""What a compiled extension was built against, read from its ELF dynamic section.

The DT_NEEDED entries name the shared libraries the loader must find
(``libcudart.so.12``, ``libc10.so``); they tell which CUDA major an extension
was built for even when it cannot be loaded.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .gpu_code import FATBIN_SECTIONS, Image, fatbin_images
from .regular import open_regular

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
    walked = walk(path, versions=versions)
    return walked.versions if walked is not None else None


@dataclass(frozen=True)
class ElfWalk:
    """What one pass over an ELF file's sections found; the parts not asked for stay empty."""

    versions: Versions
    undefined: tuple[str, ...] = ()  # undefined, unversioned, non-weak dynamic symbols (torch_symbols)
    images: tuple[Image, ...] = ()  # the GPU code of its fatbin sections (gpu_code)
    gpu_code_error: str | None = None  # why the GPU code could not be read, where it could not


def read_errors() -> tuple[type[BaseException], ...]:
    """What pyelftools raises on a corrupt file, besides its own ELFError: a zero-bucket hash table
    divides by zero, a cut table runs into struct.error or an IndexError, a bad entry into a KeyError.
    A file that raises one is not a readable ELF file."""
    import struct

    from elftools.common.exceptions import ELFError
    from elftools.construct.core import ConstructError

    # AssertionError: pyelftools checks a dynamic section's string table with assert (seen on a fuzzed
    # libstdc++); TypeError: pyelftools 0.29 (our floor) indexes a section header it could not read
    # (seen on a fuzzed relocatable fatbin); AttributeError: pyelftools 0.29 asks a version section's linked
    # string table for a string where the link is the null section ("'NullSection' object has no attribute
    # 'get_string'", seen on a fuzzed libstdc++ in tests_oldest, 2026-12-04); a corrupt file each way, not a failed
    # check of ours
    return (OSError, ELFError, ConstructError, struct.error, ValueError, StopIteration, ArithmeticError,
            LookupError, RecursionError, AssertionError, TypeError, AttributeError)


def walk(path: str, *, versions: bool = True, symbols: bool = False, gpu_code: bool = False) -> ElfWalk | None:
    """One walk over the sections of ``path``: the dynamic tags always, the GNU version sections when
    ``versions``, the undefined dynamic symbols when ``symbols``, the fatbin sections' GPU code when
    ``gpu_code``. None when it is not a readable ELF file.

    An extension's facts (its libraries, symbol versions, torch symbols and GPU code) come from one
    call (:func:`read_extension_file`); the file is opened and its section table parsed once.
    """
    try:
        from elftools.elf.dynamic import DynamicSection
        from elftools.elf.elffile import ELFFile
        from elftools.elf.gnuversions import GNUVerDefSection, GNUVerNeedSection, GNUVerSymSection
        from elftools.elf.sections import SymbolTableSection
    except ImportError:  # pragma: no cover - pyelftools is a dependency
        return None
    try:
        with open_regular(path) as fh:  # a FIFO or a device among a package's files is not read (nor waited on)
            elf = ELFFile(fh)
            needed: list[str] = []
            rpath: list[str] = []
            runpath: list[str] = []
            needs: list[tuple[str, tuple[str, ...]]] = []
            defines: list[str] = []
            dynsym = versym = None
            fatbins: list[tuple[int, int]] = []
            # the runtime registers .nv_fatbin; __nv_relfatbin only in a relocatable object (gpu_code._elf_images)
            wanted_fatbins = FATBIN_SECTIONS if elf["e_type"] == "ET_REL" else (".nv_fatbin",)
            if not section_table_fits(elf, fh):
                return None
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
                    budget = _entries_in(section)
                    for verneed, auxes in itertools.islice(section.iter_versions(), budget):
                        names = tuple(str(aux.name) for aux in itertools.islice(auxes, budget))
                        budget -= len(names) + 1
                        needs.append((str(verneed.name), names))
                        if budget <= 0:
                            break
                elif versions and isinstance(section, GNUVerDefSection):
                    for verdef, auxes in itertools.islice(section.iter_versions(), _entries_in(section)):
                        if not verdef.entry["vd_flags"] & 0x1:  # VER_FLG_BASE: the file's own name
                            defines.append(str(next(iter(auxes)).name))
                elif symbols and isinstance(section, GNUVerSymSection):
                    versym = section
                elif symbols and isinstance(section, SymbolTableSection) and section.name == ".dynsym":
                    dynsym = section
                elif gpu_code and section.name in wanted_fatbins and section["sh_type"] != "SHT_NOBITS":
                    fatbins.append((int(section["sh_offset"]), int(section["sh_size"])))
            found = Versions((str(elf.elfclass), str(elf["e_machine"])), tuple(needed), tuple(p for p in rpath if p),
                             tuple(p for p in runpath if p), tuple(needs), tuple(defines))
            undefined = _undefined(dynsym, versym) if dynsym is not None else ()
            images, error = fatbin_images(fh, path, fatbins) if fatbins else ((), None)
            return ElfWalk(found, undefined, images, error)
    except read_errors():
        return None


def section_table_fits(elf: Any, fh: Any) -> bool:
    """The section table the header claims lies within the file: a corrupt count (e_shnum, or section 0's sh_size
    where e_shnum is 0) is not iterated up to 2**64 times (pyelftools 0.29, our floor, reads it as it is: a fuzzed
    relocatable object hung the walk on Python 3.9)."""
    size = os.fstat(fh.fileno()).st_size
    return int(elf["e_shoff"]) + int(elf.num_sections()) * max(1, int(elf["e_shentsize"])) <= size


def _entries_in(section: Any) -> int:
    """The most version entries a section's bytes can hold (each at least 8): a corrupt count (sh_info) or a
    chain that points back at itself (vd_next 0) is read that far, not 2**32 times."""
    return max(1, int(section["sh_size"]) // 8)


def _undefined(dynsym: Any, versym: Any) -> tuple[str, ...]:
    """Undefined global symbols without a version: what torch's libraries (which version nothing) must define.

    Versioned references (``memcpy@GLIBC_2.14``) belong to the system and CUDA libraries, and weak
    references need no definition.
    """
    out: list[str] = []
    for i, sym in enumerate(dynsym.iter_symbols()):
        if sym["st_shndx"] != "SHN_UNDEF" or sym["st_info"]["bind"] != "STB_GLOBAL" or not sym.name:
            continue
        if versym is not None and versym.get_symbol(i)["ndx"] not in ("VER_NDX_LOCAL", "VER_NDX_GLOBAL"):
            continue
        out.append(str(sym.name))
    return tuple(out)


def read_extension_file(path: str) -> ElfWalk | None:
    """An extension's libraries, symbol versions, torch symbols and GPU code, from one walk of its file."""
    return walk(path, versions=True, symbols=True, gpu_code=True)
