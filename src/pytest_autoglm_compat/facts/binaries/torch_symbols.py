"""Which torch C++ symbols a compiled extension needs, and which of them the installed torch defines.

Both sides are read from the files, never loaded: the extension's undefined dynamic symbols, and
the installed torch's libraries looked up through their ``.gnu.hash`` tables (a name costs a few
hash-chain reads; walking all 74,567 defined symbols of torch 2.14.1's 446 MB ``libtorch_cpu.so``
with pyelftools takes 4 s, the lookups about 60 ms: benchmarks/torch_abi.md).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import elf
from .elf import read_errors, section_table_fits
from .regular import open_regular

#: Mangled names in torch's namespaces (c10, at, torch, caffe2), also const members and vtables/typeinfo,
#: and THP* Python-binding functions: the symbols torch's libraries export to extensions.
_TORCH_SYMBOL = re.compile(r"^_Z(?:T[VIS])?N(?:K)?(?:3c10|2at|5torch|6caffe2)|^_Z\d+THP")


_TORCH_LIB = re.compile(r"^lib(?:c10|torch|caffe2|shm)\w*\.so")


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
    walked = elf.walk(path, versions=False, symbols=True)
    return Needs(walked.versions.needed, walked.undefined) if walked is not None else None


@functools.lru_cache(maxsize=64)
def _lookup(path: str, mtime_ns: int, size: int, names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_defined(path, names))


def defined_in(path: str, names: Sequence[str]) -> set[str]:
    """Which of ``names`` the shared library at ``path`` defines, memoised by its stat."""
    st = os.stat(path)
    return set(_lookup(path, st.st_mtime_ns, st.st_size, tuple(sorted(set(names)))))


def _defined(path: str, names: Sequence[str]) -> set[str]:
    """Looked up through the GNU (or SysV) hash table; a walk of ``.dynsym`` only when the file has neither."""
    from elftools.elf.elffile import ELFFile
    from elftools.elf.hash import ELFHashSection, GNUHashSection
    from elftools.elf.sections import SymbolTableSection

    try:
        with open_regular(path) as fh:
            elf = ELFFile(fh)
            table = None
            dynsym = None
            if not section_table_fits(elf, fh):
                return set()
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
    except read_errors():
        return set()


def torch_libraries(needed: Sequence[str], lib_dir: str) -> tuple[list[str], list[str]]:
    """(paths found, sonames missing) of torch's libraries the extension loads, with what they load in turn.

    ld.so looks a symbol up in every object of the load order, breadth first: libtorch.so itself
    defines little and brings libtorch_cpu.so and libtorch_cuda.so.
    """
    from .elf import needed_libraries

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


def facts(binary: str, sys_path: list[str] | None = None, needs: Needs | None = None) -> dict[str, Any] | None:
    """The torch symbols ``binary`` needs and which of them the installed torch does not define, as JSON.

    None when the file is unreadable, links no torch library, or no torch is installed (the load
    verdict says that). ``files`` lists the torch libraries read, with their stat, for the cache.
    ``needs``: what the caller already read from the file (:func:`.elf.read_extension_file`).
    """
    needs = needs if needs is not None else read_needs(binary)
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
