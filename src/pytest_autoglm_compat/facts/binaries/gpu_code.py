"""Which GPUs a compiled binary can run on, read from the GPU code it carries.

"no kernel image is available for execution on the device" is decided by the
images inside a binary: SASS (a cubin for one ``sm_XY``) and PTX (virtual code
for ``compute_XY`` that the driver JIT-compiles). Both are listed in the
headers of NVIDIA's fatbin container, so the verdict needs no GPU, no CUDA and
no load of the binary: only a walk over a few dozen bytes per image.

Layouts read here (little-endian throughout):

* Fatbin container header, 16 bytes: ``u32 magic 0xBA55ED50, u16 version (1),
  u16 header size (16), u64 size of the entries that follow``.  Source:
  ``fatbinary_section.h`` of the CUDA toolkit (section names ``.nv_fatbin``,
  ``__nv_relfatbin``) and the ``fat_elf_header``/``fat_text_header`` structs of
  github.com/n-eiling/cuda-fatbin-decompression (``fatbin-decompress.h``).
* Entry header, 64 bytes and more (80 for PTX and 112 for sm_100+ SASS under
  CUDA 13): ``u16 kind (1 PTX, 2 ELF/SASS), u16, u32 header size, u64 payload
  size`` at offset 0; ``u16 minor, u16 major`` code version at 24 (the PTX ISA
  version of a PTX entry); ``u32 arch`` at 28; ``u64 flags`` at 40.  Flags
  (same source, checked against ``cuobjdump`` 13.1 on nvcc 13.0 output):
  0x2000 compressed (the LZ-style compression of CUDA 11/12), 0x8000
  compressed (zstd, ``--compress-mode``), 0x100000 architecture-specific
  (``sm_90a``), 0x200000 family-specific (``sm_100f``).
* Standalone cubin: an ELF file with ``e_machine`` EM_CUDA (190); the SM is the
  low byte of ``e_flags`` up to ELF ABI version 7 and bits 8..15 from ABI
  version 8 (CUDA 12.8+/13), per ``EF_CUDA_SM*`` in LLVM's
  ``llvm/include/llvm/BinaryFormat/ELF.h``.  The 'a' mark: ``e_flags`` bit
  0x800 (ABI 7) or 0x8 (ABI 8) per the same header; ptxas 13.0 sets neither and
  writes it as attribute 9 = 1 of the ``.nv.compat`` section instead (what
  ``cuobjdump -elf`` reads to print ``sm=90a``).  An ``sm_100f`` cubin is
  byte-identical to an ``sm_100`` one apart from the ptxas command line note
  (``cuobjdump`` prints both as ``sm=100``); it runs on the same GPUs.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from .regular import open_regular

__all__ = ["FATBIN_SECTIONS", "GpuCodeError", "Image", "Runner", "describe", "fatbin_images", "read_images",
           "runner_for"]

FATBIN_MAGIC = 0xBA55ED50
FATBIN_SECTIONS = (".nv_fatbin", "__nv_relfatbin")
EM_CUDA = 190
_KIND_PTX = 1
_KIND_ELF = 2
_FLAG_COMPRESSED = 0x2000 | 0x8000
_FLAG_ARCH_SPECIFIC = 0x100000
_FLAG_FAMILY_SPECIFIC = 0x200000
_ENTRY_FIXED = 48  # bytes of an entry header read here: kind .. flags
_MAX_ENTRIES = 1_000_000  # a corrupt size field must not loop for ever


class GpuCodeError(Exception):
    """The file cannot be read as GPU code (not ELF / truncated / corrupt); str() says why, names the file."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True, order=True)
class Image:
    """One GPU code image: SASS for one real architecture or PTX for one virtual one."""

    kind: str  # "sass" | "ptx"
    arch: int  # 52, 60, 61, 70, 75, 80, 86, 87, 89, 90, 100, 101, 120, 121 ...
    variant: str = ""  # "" | "a" | "f"   (sm_90a, sm_100f ...)
    ptx_isa: tuple[int, int] | None = None  # PTX ISA version of a PTX image, when the header says
    compressed: bool = False

    @property
    def name(self) -> str:
        prefix = "sm" if self.kind == "sass" else "compute"
        return f"{prefix}_{self.arch}{self.variant}"


@dataclass(frozen=True)
class Runner:
    """The image a GPU runs, and whether the driver must JIT-compile it first."""

    image: Image
    jit: bool  # True: PTX JIT-compiled by the driver on first launch


class _Reader:
    """Bounded little reads from one open file; every short read becomes a GpuCodeError."""

    def __init__(self, fh: BinaryIO, path: str, size: int) -> None:
        self.fh = fh
        self.path = path
        self.size = size

    def read(self, offset: int, length: int, what: str) -> bytes:
        if offset < 0 or length < 0 or offset + length > self.size:
            raise GpuCodeError(
                self.path, f"truncated: {what} at offset {offset} runs past the end of the file ({self.size} bytes)"
            )
        self.fh.seek(offset)
        data = self.fh.read(length)
        if len(data) != length:  # pragma: no cover - the size check above makes this a race
            raise GpuCodeError(self.path, f"truncated: short read of {what} at offset {offset}")
        return data

    def fail(self, reason: str) -> GpuCodeError:
        return GpuCodeError(self.path, reason)


def read_images(path: str | os.PathLike[str]) -> tuple[Image, ...]:
    """GPU code in an ELF shared object (.nv_fatbin section, and any other fatbin-carrying section)
    or in a standalone .fatbin / .cubin file; () when the file carries none. Sorted, deduplicated.

    Reads what the CUDA runtime can load: .nv_fatbin, plus __nv_relfatbin in relocatable objects only.
    """
    name = os.fspath(path)
    try:
        with open_regular(name) as fh:  # a FIFO would block open() for ever
            size = os.fstat(fh.fileno()).st_size
            reader = _Reader(fh, name, size)
            head = fh.read(16)
            if head[:4] == b"\x7fELF":
                images = list(_elf_images(reader))
            elif len(head) >= 4 and struct.unpack_from("<I", head)[0] == FATBIN_MAGIC:
                images = list(_walk_fatbin(reader, 0, size))
            else:
                raise reader.fail("not GPU code: neither an ELF file nor a fatbin (magic 0xBA55ED50)")
    except OSError as exc:
        raise GpuCodeError(name, f"cannot read: {exc.strerror or exc}") from None
    return tuple(sorted(set(images)))


def fatbin_images(fh: BinaryIO, path: str, sections: Sequence[tuple[int, int]]) -> tuple[tuple[Image, ...], str | None]:
    """The GPU code of fatbin sections (offset, size) of an open ELF file another reader located
    (:func:`.elf.walk`): sorted, deduplicated images, or why they could not be read."""
    try:
        reader = _Reader(fh, path, os.fstat(fh.fileno()).st_size)
        images = [image for offset, size in sections for image in _walk_fatbin(reader, offset, offset + size)]
    except GpuCodeError as exc:
        return (), str(exc)
    except OSError as exc:
        return (), f"{path}: cannot read: {exc.strerror or exc}"
    return tuple(sorted(set(images))), None


def _walk_fatbin(reader: _Reader, start: int, end: int) -> Iterator[Image]:
    """Every image of the fatbin containers laid end to end in [start, end); headers only."""
    offset = start
    entries = 0
    while offset < end:
        if end - offset < 16:
            if not any(reader.read(offset, end - offset, "section padding")):
                return  # zero padding after the last container
            raise reader.fail(f"truncated: fatbin header at offset {offset} is cut off after {end - offset} bytes")
        magic, version, header_size, fat_size = struct.unpack("<IHHQ", reader.read(offset, 16, "fatbin header"))
        if magic != FATBIN_MAGIC:
            if magic == 0 and version == 0:
                skipped = _skip_zeros(reader, offset, end)  # padding between 8-byte aligned containers
                if skipped > offset:  # never without moving on: fewer than 8 zeros are no padding
                    offset = skipped
                    continue
            raise reader.fail(f"corrupt fatbin: bad magic 0x{magic:08X} at offset {offset} (expected 0xBA55ED50)")
        if header_size < 16:
            raise reader.fail(f"corrupt fatbin: header size {header_size} at offset {offset}")
        container_end = offset + header_size + fat_size
        if container_end > end:
            raise reader.fail(
                f"truncated: fatbin at offset {offset} declares {fat_size} bytes of entries, "
                f"past the end of its section ({end})"
            )
        entry = offset + header_size
        while entry < container_end:
            entries += 1
            if entries > _MAX_ENTRIES:
                raise reader.fail("corrupt fatbin: more than a million entries")
            fixed = reader.read(entry, min(_ENTRY_FIXED, container_end - entry), "fatbin entry header")
            if len(fixed) < _ENTRY_FIXED:
                raise reader.fail(f"truncated: fatbin entry header at offset {entry} is cut off by its container's end")
            kind, _, entry_header_size, payload_size = struct.unpack_from("<HHIQ", fixed)
            minor, major, arch = struct.unpack_from("<HHI", fixed, 24)
            (flags,) = struct.unpack_from("<Q", fixed, 40)
            if entry_header_size < _ENTRY_FIXED or entry + entry_header_size + payload_size > container_end:
                raise reader.fail(
                    f"corrupt fatbin: entry at offset {entry} (header {entry_header_size} bytes, "
                    f"payload {payload_size}) does not fit its container (ends at {container_end})"
                )
            if kind in (_KIND_PTX, _KIND_ELF):
                if not 10 <= arch <= 999:
                    raise reader.fail(f"corrupt fatbin: entry at offset {entry} names architecture {arch}")
                variant = "a" if flags & _FLAG_ARCH_SPECIFIC else "f" if flags & _FLAG_FAMILY_SPECIFIC else ""
                yield Image(
                    kind="ptx" if kind == _KIND_PTX else "sass",
                    arch=arch,
                    variant=variant,
                    ptx_isa=(major, minor) if kind == _KIND_PTX and major else None,
                    compressed=bool(flags & _FLAG_COMPRESSED),
                )
            entry += entry_header_size + payload_size
        offset = container_end


def _skip_zeros(reader: _Reader, offset: int, end: int) -> int:
    """The first 8-byte aligned offset at or after `offset` whose bytes are not all zero (or `end`)."""
    while offset < end:
        chunk = reader.read(offset, min(65536, end - offset), "section padding")
        stripped = len(chunk) - len(chunk.lstrip(b"\0"))
        if stripped < len(chunk):
            return offset + stripped - stripped % 8
        offset += len(chunk)
    return end


_ELF_CLASSES = {1: ("I", 52, 0x20, 0x2E, "IIIIIIIIII", 40), 2: ("Q", 64, 0x28, 0x3A, "IIQQQQIIQQ", 64)}


def _elf_images(reader: _Reader) -> Iterator[Image]:
    """SASS of a cubin, or the fatbin images in a host ELF file's fatbin sections."""
    ident = reader.read(0, 16, "ELF identification")
    ei_class, ei_data, abi_version = ident[4], ident[5], ident[8]
    if ei_class not in _ELF_CLASSES or ei_data not in (1, 2):
        raise reader.fail(f"corrupt ELF: class {ei_class}, data encoding {ei_data}")
    end = "<" if ei_data == 1 else ">"
    word, header_size, shoff_at, shinfo_at, shfmt, _ = _ELF_CLASSES[ei_class]
    header = reader.read(0, header_size, "ELF header")
    (machine,) = struct.unpack_from(end + "H", header, 18)
    (shoff,) = struct.unpack_from(end + word, header, shoff_at)
    (e_flags,) = struct.unpack_from(end + "I", header, shoff_at + (8 if ei_class == 2 else 4))
    shentsize, shnum, shstrndx = struct.unpack_from(end + "HHH", header, shinfo_at)
    sections = _sections(reader, end, shfmt, shoff, shentsize, shnum, shstrndx)
    if machine == EM_CUDA:
        yield _cubin_image(reader, abi_version, e_flags, sections)
        return
    # __nv_relfatbin holds the inputs of the device link (-rdc). In a relocatable object it is the
    # GPU code; in a linked library or program the runtime registers only .nv_fatbin, and the
    # leftover relfatbin (bitsandbytes 0.50.2 keeps PTX compute_120 there that nothing loads) must
    # not count. cuobjdump lists the same by default.
    (e_type,) = struct.unpack_from(end + "H", header, 16)
    wanted = FATBIN_SECTIONS if e_type == 1 else (".nv_fatbin",)  # ET_REL
    for name, (offset, size, sh_type) in sections.items():
        if name in wanted and sh_type != 8:  # SHT_NOBITS holds no bytes
            yield from _walk_fatbin(reader, offset, offset + size)


def _sections(
    reader: _Reader, end: str, shfmt: str, shoff: int, shentsize: int, shnum: int, shstrndx: int
) -> dict[str, tuple[int, int, int]]:
    """Section name -> (offset, size, type), from the section header table and its name table."""
    if shoff == 0 or shnum == 0:
        return {}
    entry_size = struct.calcsize(end + shfmt)
    if shentsize < entry_size or shstrndx >= shnum:
        raise reader.fail(f"corrupt ELF: section header entry size {shentsize}, name table index {shstrndx} of {shnum}")
    table = reader.read(shoff, shentsize * shnum, "ELF section header table")
    raw = [struct.unpack_from(end + shfmt, table, i * shentsize) for i in range(shnum)]
    names_at, names_size = raw[shstrndx][4], raw[shstrndx][5]
    names = reader.read(names_at, names_size, "ELF section name table")
    sections: dict[str, tuple[int, int, int]] = {}
    for sh_name, sh_type, _, _, sh_offset, sh_size, *_ in raw:
        if sh_name >= len(names):
            raise reader.fail(f"corrupt ELF: section name offset {sh_name} outside the name table")
        stop = names.find(b"\0", sh_name)
        label = names[sh_name : stop if stop >= 0 else len(names)].decode("latin-1")
        needed = label in FATBIN_SECTIONS or label == ".nv.compat"
        if needed and sh_type != 8 and sh_offset + sh_size > reader.size:
            raise reader.fail(f"truncated: section {label} ends past the end of the file ({reader.size} bytes)")
        sections.setdefault(label, (sh_offset, sh_size, sh_type))
    return sections


def _cubin_image(reader: _Reader, abi_version: int, e_flags: int, sections: dict[str, tuple[int, int, int]]) -> Image:
    if abi_version >= 8:
        arch, accelerated = (e_flags >> 8) & 0xFF, bool(e_flags & 0x8)
    else:
        arch, accelerated = e_flags & 0xFF, bool(e_flags & 0x800)
    if not 10 <= arch <= 255:
        raise reader.fail(f"corrupt cubin: e_flags 0x{e_flags:08x} name no SM architecture")
    if not accelerated and ".nv.compat" in sections:
        offset, size, _ = sections[".nv.compat"]
        accelerated = _compat_attribute(reader.read(offset, min(size, 4096), ".nv.compat section"), 9) == 1
    return Image("sass", arch, "a" if accelerated else "")


def _compat_attribute(data: bytes, wanted: int) -> int | None:
    """One value of the ``.nv.compat`` attribute list (records of format, attribute, value as in ``.nv.info``)."""
    offset = 0
    while offset + 4 <= len(data):
        fmt, attribute = data[offset], data[offset + 1]
        if fmt in (1, 2, 3):
            if attribute == wanted:
                return data[offset + 2] if fmt == 2 else int.from_bytes(data[offset + 2 : offset + 4], "little")
            offset += 4
        elif fmt == 4:
            offset += 4 + int.from_bytes(data[offset + 2 : offset + 4], "little")
        else:
            return None
    return None


# PTX ISA version -> the CUDA release that introduced it (so the oldest driver able to JIT it):
# the "PTX ISA Version" / "CUDA Release" table in the release notes of NVIDIA's PTX ISA
# document, https://docs.nvidia.com/cuda/parallel-thread-execution/#release-notes
PTX_ISA_CUDA: dict[tuple[int, int], tuple[int, int]] = {
    (5, 0): (8, 0),
    (6, 0): (9, 0),
    (6, 1): (9, 1),
    (6, 2): (9, 2),
    (6, 3): (10, 0),
    (6, 4): (10, 1),
    (6, 5): (10, 2),
    (7, 0): (11, 0),
    (7, 1): (11, 1),
    (7, 2): (11, 2),
    (7, 3): (11, 3),
    (7, 4): (11, 4),
    (7, 5): (11, 5),
    (7, 6): (11, 6),
    (7, 7): (11, 7),
    (7, 8): (11, 8),
    (8, 0): (12, 0),
    (8, 1): (12, 1),
    (8, 2): (12, 2),
    (8, 3): (12, 3),
    (8, 4): (12, 4),
    (8, 5): (12, 5),
    (8, 6): (12, 7),
    (8, 7): (12, 8),
    (8, 8): (12, 9),
    (9, 0): (13, 0),
    (9, 1): (13, 1),
}


def _parse_cuda(version: str) -> tuple[int, int] | None:
    parts = version.strip().split(".")
    try:
        return int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        return None


def _driver_can_jit(ptx_isa: tuple[int, int] | None, driver_cuda: str | None) -> bool:
    """False only when the driver is known to predate the PTX ISA (a driver JITs the ISA of its own CUDA and older)."""
    if ptx_isa is None or driver_cuda is None:
        return True
    driver = _parse_cuda(driver_cuda)
    if driver is None or driver > max(PTX_ISA_CUDA.values()):
        return True
    newest_isa = max((isa for isa, cuda in PTX_ISA_CUDA.items() if cuda <= driver), default=(0, 0))
    return ptx_isa <= newest_isa


# Integrated (Tegra / Jetson) GPUs. SASS is not binary compatible across minor versions there, nor
# between desktop and Tegra GPUs (CUDA C++ Programming Guide, "Binary Compatibility": "supported only
# for the desktop ... not supported for Tegra"); seen in the field: cpm_kernels' sm_86 code does not
# load on a Jetson Orin (8.7) until rebuilt for sm_87 (zai-org/ChatGLM-6B#1347). CUDA 13 renamed
# Thor from 10.1 to 11.0.
TEGRA = frozenset({(3, 2), (5, 3), (6, 2), (7, 2), (8, 7), (10, 1), (11, 0)})


def is_tegra(capability: tuple[int, int]) -> bool:
    return capability in TEGRA


def _sass_runs(image: Image, major: int, minor: int) -> bool:
    x, y = divmod(image.arch, 10)
    if image.variant == "a" or (major, minor) in TEGRA or (x, y) in TEGRA:
        return (x, y) == (major, minor)
    # Plain and family ('f') SASS: same major, equal or higher minor (the family of sm_100f is
    # 10.0 and 10.3, of sm_120f 12.0 and 12.1: the same set as the binary compatibility rule).
    return x == major and minor >= y


def _ptx_runs(image: Image, major: int, minor: int) -> bool:
    x, y = divmod(image.arch, 10)
    if image.variant == "a":
        return (x, y) == (major, minor)
    if image.variant == "f":
        return x == major and minor >= y
    return (major, minor) >= (x, y)


def runner_for(images: Sequence[Image], capability: tuple[int, int], driver_cuda: str | None = None) -> Runner | None:
    """Which image a GPU of `capability` runs, per NVIDIA's rules: SASS X.y runs on X.z with z >= y
    (arch-specific 'a' variants and Tegra GPUs only on exactly X.y; 'f' family variants per NVIDIA's docs);
    PTX compute_XY is JIT-compiled for any GPU >= XY (not for 'a' variants), needing a driver
    new enough for its PTX ISA (when driver_cuda is given and the ISA is known).
    Prefers SASS over PTX; None when nothing runs."""
    major, minor = capability
    sass = [i for i in images if i.kind == "sass" and _sass_runs(i, major, minor)]
    if sass:
        return Runner(max(sass, key=_preference), jit=False)
    ptx = [
        i for i in images if i.kind == "ptx" and _ptx_runs(i, major, minor) and _driver_can_jit(i.ptx_isa, driver_cuda)
    ]
    if ptx:
        return Runner(max(ptx, key=_preference), jit=True)
    return None


def _preference(image: Image) -> tuple[int, bool, str]:
    """The closest image wins (the highest architecture), an 'a'/'f' build over the plain one."""
    return image.arch, image.variant != "", image.variant


def describe(images: Sequence[Image]) -> str:
    """'SASS sm_60, sm_61, sm_70 ... sm_90; PTX compute_90' (or 'no GPU code')."""
    parts = []
    for kind, label in (("sass", "SASS"), ("ptx", "PTX")):
        names = sorted({(i.arch, i.variant, i.name) for i in images if i.kind == kind})
        if names:
            parts.append(f"{label} " + ", ".join(n for _, _, n in names))
    return "; ".join(parts) if parts else "no GPU code"
