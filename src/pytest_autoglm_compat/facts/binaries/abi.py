"""What a compiled extension needs from the machine besides GPUs: glibc, libstdc++ and libgcc_s
symbol versions, and its wheel's platform tag.

ld.so loads a library only when every version its ``.gnu.version_r`` names is defined by the
library the loader found (``version `GLIBCXX_3.4.29' not found (required by ...)`` otherwise).
Both sides are read from the files without loading anything, so the verdict holds before the
import and also when the module cannot be loaded for another reason.

:func:`machine_facts` runs in the pytest process (pure-Python ELF reading, a few ms per
extension; one ``ldconfig -p``) and its result is cached with the extension's other facts;
:mod:`...checks.abi` turns those facts into verdicts and reads nothing.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from .elf import Versions, read_versions

#: Sonames of the GNU C library's parts: all of them come from the glibc the process already runs on.
GLIBC_SONAMES = frozenset({
    "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1",
    "libresolv.so.2", "libanl.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "ld-linux.so.2",
    "ld64.so.2", "libmvec.so.1",
})
#: The GCC runtime libraries a toolchain-built extension needs, resolved along ld.so's search path.
GCC_RUNTIME = ("libstdc++.so.6", "libgcc_s.so.1")


# --------------------------------------------------------------------------- reading the machine


def glibc_version() -> str | None:
    """The glibc this process runs on ("2.36"); None on musl or another C library."""
    try:
        text = os.confstr("CS_GNU_LIBC_VERSION")
    except (AttributeError, ValueError, OSError):
        return None
    if not text or not text.startswith("glibc "):
        return None
    return text.split()[1]


@functools.lru_cache(maxsize=256)
def _versions_at(path: str, mtime_ns: int, size: int) -> Versions | None:
    return read_versions(path)


def versions_of(path: str) -> Versions | None:
    """read_versions, memoised by the file's stat: the same libstdc++ serves every extension."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _versions_at(path, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=1)
def ldconfig_cache() -> tuple[tuple[str, str], ...]:
    """(soname, path) pairs of /etc/ld.so.cache, as ``ldconfig -p`` lists them, in its order."""
    import subprocess

    for tool in ("ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"):
        try:
            out = subprocess.run([tool, "-p"], capture_output=True, text=True, timeout=10, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        pairs = []
        for line in out.splitlines():
            name, sep, path = line.strip().partition(" => ")
            if sep:
                pairs.append((name.split(" (", 1)[0], path.strip()))
        return tuple(pairs)
    return ()


def default_dirs() -> tuple[str, ...]:
    """ld.so's built-in directories (Debian-style multiarch ones first)."""
    import sysconfig

    multiarch = sysconfig.get_config_var("MULTIARCH")
    dirs = [f"/lib/{multiarch}", f"/usr/lib/{multiarch}"] if multiarch else []
    return (*dirs, "/lib64", "/usr/lib64", "/lib", "/usr/lib")


def _expand(entry: str, origin: str) -> str | None:
    """$ORIGIN / ${ORIGIN} expanded; None for a path with a token this reader cannot expand ($LIB, $PLATFORM)."""
    path = entry.replace("${ORIGIN}", origin).replace("$ORIGIN", origin)
    return None if "$" in path else path


def search_path(binary: str, info: Versions, executable: str | None,
                environ: Mapping[str, str]) -> list[tuple[str, str]]:
    """(directory, why) in ld.so's order for the libraries ``binary`` needs, ld.so.cache and default dirs excluded.

    ld.so(8): DT_RPATH of the object (and of the executable) unless the object has DT_RUNPATH, then
    LD_LIBRARY_PATH, then the object's DT_RUNPATH. A conda python carries DT_RPATH $ORIGIN/../lib,
    which is why a conda environment's own libstdc++ wins over the system's.
    """
    origin = os.path.dirname(os.path.abspath(binary))
    out: list[tuple[str, str]] = []

    def add(entries: Iterable[str], where: str, base: str) -> None:
        for entry in entries:
            path = _expand(entry, base)
            if path:
                out.append((path, f"{where} {entry}"))

    if not info.runpath:
        add(info.rpath, "its RPATH", origin)
        exe = versions_of(executable) if executable else None
        if executable and exe is not None and not exe.runpath:
            add(exe.rpath, f"the RPATH of {executable}", os.path.dirname(executable))
    ld_path = environ.get("LD_LIBRARY_PATH", "")
    out += [(d, "LD_LIBRARY_PATH") for d in ld_path.replace(";", ":").split(":") if d]
    add(info.runpath, "its RUNPATH", origin)
    return out


def resolve(soname: str, binary: str, info: Versions, executable: str | None,
            environ: Mapping[str, str]) -> tuple[str, str] | None:
    """(path, how it was found) of the library ld.so would load for ``soname``; None when none is found."""
    for directory, why in search_path(binary, info, executable, environ):
        path = os.path.join(directory, soname)
        if _same_kind(path, info):
            return path, why
    for name, path in ldconfig_cache():
        if name == soname and _same_kind(path, info):
            return path, "ld.so.cache"
    for directory in default_dirs():
        path = os.path.join(directory, soname)
        if _same_kind(path, info):
            return path, "a default directory"
    return None


def _same_kind(path: str, info: Versions) -> bool:
    """ld.so skips a file of another ELF class or machine and goes on searching."""
    if not os.path.isfile(path):
        return False
    found = versions_of(path)
    return found is not None and found.machine == info.machine


def _wheel_tags(distribution: Mapping[str, str] | None, sys_path: list[str] | None) -> list[str] | None:
    """``Tag:`` lines of the installed distribution's WHEEL file; None when it has none (not from a wheel)."""
    if not distribution or not distribution.get("name"):
        return None
    from importlib import metadata

    for dist in metadata.distributions(name=distribution["name"], path=sys_path if sys_path is not None else sys.path):
        text = dist.read_text("WHEEL")
        if text is None:
            return None
        from email.parser import HeaderParser

        return [str(tag) for tag in HeaderParser().parsestr(text).get_all("Tag") or []]
    return None


def machine_facts(binary: str, distribution: Mapping[str, str] | None = None, *,
                  executable: str | None = None, environ: Mapping[str, str] | None = None,
                  sys_path: list[str] | None = None, info: Versions | None = None) -> dict[str, Any] | None:
    """What ld.so would check for ``binary`` on this machine, as JSON; None when it is not a readable ELF file.

    ``info``: the binary's versions, where the caller already read them (:func:`.elf.read_extension_file`).

    ``files`` lists the libraries read, with their stat, so that a cached fact is re-checked when
    one of them changes (a ``conda install libstdcxx-ng`` changes no dist-info).
    """
    info = info if info is not None else versions_of(binary)
    if info is None:
        return None
    environ = os.environ if environ is None else environ
    executable = os.path.realpath(executable or sys.executable)  # ld.so's $ORIGIN of the program: /proc/self/exe
    libraries: dict[str, Any] = {}
    files: dict[str, list[int]] = {}
    for soname, _names in info.needs:
        if soname in GLIBC_SONAMES or soname not in GCC_RUNTIME:
            continue
        found = resolve(soname, binary, info, executable, environ)
        if found is None:
            libraries[soname] = None
            continue
        path, how = found
        lib = versions_of(path)
        libraries[soname] = {"path": path, "how": how, "defines": list(lib.defines) if lib else []}
        alternatives = {}
        for name, other in ldconfig_cache():
            if name == soname and other != path and _same_kind(other, info):
                other_lib = versions_of(other)
                alternatives[other] = list(other_lib.defines) if other_lib else []
        libraries[soname]["alternatives"] = alternatives
        for p in (path, *alternatives):
            try:
                st = os.stat(p)
            except OSError:
                continue
            files[p] = [st.st_mtime_ns, st.st_size]
    import packaging.tags

    tags = _wheel_tags(distribution, sys_path)
    supported = set(packaging.tags.platform_tags())
    libc = resolve("libc.so.6", binary, info, executable, environ) if any(
        soname in GLIBC_SONAMES for soname, _ in info.needs) else None
    return {
        "binary": binary,
        "needs": [[soname, list(names)] for soname, names in info.needs],
        "glibc": glibc_version(),
        "libc_path": libc[0] if libc else None,
        "libraries": libraries,
        "conda_prefix": environ.get("CONDA_PREFIX"),
        "wheel": None if tags is None else {
            "distribution": f"{distribution.get('name')} {distribution.get('version')}" if distribution else "?",
            "tags": tags,
            "compatible": [t for t in tags if any(p.platform in supported for p in packaging.tags.parse_tag(t))],
            "machine": f"glibc {glibc_version() or '?'} {_machine()}",
        },
        "files": files,
    }


def _machine() -> str:
    import platform

    return platform.machine()
