"""The GPU code an installed distribution ships, as facts the engine caches by the files' stat.

Reading happens in this process, never importing anything: listing a distribution's files costs
1-90 ms (torch has 14,700), reading the headers of torch's 500 MB ``libtorch_cuda.so`` about 30 ms.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping, Sequence
from typing import Any

from ...model.requirements import fact_id
from . import gpu_code
from .gpu_code import Image

Fact = dict[str, Any]

#: Files that may carry GPU code: shared objects (also versioned, libfoo.so.12) and standalone images.
_SUFFIXES = (".so", ".pyd", ".fatbin", ".cubin")


_VERSIONED_SO = re.compile(r"\.so(\.\d+)+$")


#: torch keeps its CUDA kernels in libtorch_cuda.so (libtorch_cuda_cu.so in 1.10-1.12); other libraries of
#: the wheel (libtorch_cuda_linalg.so, libtorch_nvshmem.so) carry subsets for specialised kernels.
_TORCH_KERNELS = re.compile(r"^libtorch_cuda(_cu)?\.so$")


def _may_carry(name: str) -> bool:
    return name.endswith(_SUFFIXES) or bool(_VERSIONED_SO.search(name))


def images_to_json(images: Sequence[Image]) -> list[dict[str, Any]]:
    return [{"kind": i.kind, "arch": i.arch, "variant": i.variant,
             "ptx_isa": list(i.ptx_isa) if i.ptx_isa else None, "compressed": i.compressed} for i in images]


def images_from_json(data: Sequence[Mapping[str, Any]]) -> tuple[Image, ...]:
    return tuple(Image(str(d["kind"]), int(d["arch"]), str(d.get("variant") or ""),
                       (int(d["ptx_isa"][0]), int(d["ptx_isa"][1])) if d.get("ptx_isa") else None,
                       bool(d.get("compressed"))) for d in data)


def read_file(path: str) -> dict[str, Any]:
    """{"images": [...]} or {"error": why}: what one file carries, for a fact."""
    try:
        return {"images": images_to_json(gpu_code.read_images(path))}
    except gpu_code.GpuCodeError as exc:
        return {"error": str(exc)}
    except OSError as exc:
        return {"error": f"{path}: {exc.strerror or exc}"}


def _read_shared_object(path: str) -> dict[str, Any]:
    """A library's GPU code and whether it links torch, from one walk of its sections (elf.walk).

    A file the walk cannot read as a host library (a cubin, a corrupt fatbin) is read by the GPU-code
    reader alone, which says precisely why.
    """
    from . import elf

    walked = elf.walk(path, versions=False, gpu_code=True)
    if walked is None or walked.gpu_code_error is not None or walked.versions.machine[1] == "EM_CUDA":
        record = read_file(path)
        needed = walked.versions.needed if walked is not None else ()
    else:
        record = {"images": images_to_json(walked.images)}
        needed = walked.versions.needed
    if record.get("images") != []:
        record["links_torch"] = any(n.startswith(("libc10", "libtorch")) for n in needed)
    return record


def read_distribution(package: str) -> Fact:
    """Every file of an installed distribution that carries GPU code, with each file's stat for the cache."""
    import importlib.metadata as md

    fact: Fact = {"id": fact_id(package)}
    try:
        dist = md.distribution(package)
    except md.PackageNotFoundError:
        fact["installed"] = False
        fact["files"] = {}  # the fingerprint covers an install
        return fact
    fact["installed"] = True
    fact["version"] = dist.version
    only_torch = package == "torch"
    code: dict[str, Any] = {}
    stats: dict[str, list[int] | None] = {}
    for entry in dist.files or ():
        name = entry.name
        if not _may_carry(name) or (only_torch and not _TORCH_KERNELS.match(name)):
            continue
        path = str(entry.locate())
        try:
            st = os.stat(path)
        except OSError:
            continue  # listed in RECORD, not on disk: nothing to launch
        stats[path] = [st.st_mtime_ns, st.st_size]
        if not stat.S_ISREG(st.st_mode):
            continue  # a FIFO or a device among a package's files is never opened
        record = _read_shared_object(path) if path.endswith((".so", ".pyd")) or _VERSIONED_SO.search(path) \
            else read_file(path)
        if record.get("images") == []:
            continue
        code[str(entry)] = record
    fact["code"] = code
    fact["files"] = stats
    return fact
