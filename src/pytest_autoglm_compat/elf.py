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
    try:
        from elftools.common.exceptions import ELFError
        from elftools.elf.dynamic import DynamicSection
        from elftools.elf.elffile import ELFFile
    except ImportError:  # pragma: no cover - pyelftools is a dependency
        return None
    try:
        with open(path, "rb") as fh:
            elf = ELFFile(fh)
            names: list[str] = []
            for section in elf.iter_sections():
                if isinstance(section, DynamicSection):
                    names += [str(tag.needed) for tag in section.iter_tags() if tag.entry.d_tag == "DT_NEEDED"]  # type: ignore[attr-defined]
            return names
    except (OSError, ELFError, ValueError):
        return None


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
