"""What a compiled extension needs from the machine besides GPUs: glibc, libstdc++ and libgcc_s
symbol versions, and its wheel's platform tag.

ld.so loads a library only when every version its ``.gnu.version_r`` names is defined by the
library the loader found (``version `GLIBCXX_3.4.29' not found (required by ...)`` otherwise).
Both sides are read from the files without loading anything, so the verdict holds before the
import and also when the module cannot be loaded for another reason.

:func:`machine_facts` runs in the pytest process (pure-Python ELF reading, a few ms per
extension; one ``ldconfig -p``) and its result is cached with the extension's other facts;
:func:`evaluate_abi` turns those facts into verdicts and reads nothing.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import os
import re
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

#: First GCC release whose libstdc++ defines a version (libstdc++ manual, "ABI Policy and
#: Guidelines", https://gcc.gnu.org/onlinedocs/libstdc++/manual/abi.html): conda-forge's
#: libstdcxx-ng carries GCC's version number.
GLIBCXX_GCC = {
    "GLIBCXX_3.4.21": "5.1", "GLIBCXX_3.4.22": "6.1", "GLIBCXX_3.4.23": "7.1", "GLIBCXX_3.4.24": "7.2",
    "GLIBCXX_3.4.25": "8.1", "GLIBCXX_3.4.26": "9.1", "GLIBCXX_3.4.27": "9.2", "GLIBCXX_3.4.28": "9.3",
    "GLIBCXX_3.4.29": "11.1", "GLIBCXX_3.4.30": "12.1", "GLIBCXX_3.4.31": "13.1",
    "CXXABI_1.3.11": "7.1", "CXXABI_1.3.12": "9.1", "CXXABI_1.3.13": "11.1",
}

#: PEP 600's legacy aliases: manylinux1 = manylinux_2_5, manylinux2010 = 2_12, manylinux2014 = 2_17.
_LEGACY_MANYLINUX = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
_MANYLINUX = re.compile(r"^manylinux_(\d+)_(\d+)_(\w+)$|^(manylinux1|manylinux2010|manylinux2014)_(\w+)$")

SOURCE = ("ld.so(8) (search order, version check); libstdc++ manual, ABI policy (GLIBCXX versions per GCC); "
          "PEP 600 (manylinux_x_y needs glibc >= x.y)")


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


# --------------------------------------------------------------------------- the verdicts' words


def version_key(name: str) -> tuple[str, tuple[int, ...]]:
    """("GLIBCXX", (3, 4, 29)) for GLIBCXX_3.4.29: versions of one family ordered by number."""
    family, _, number = name.partition("_")
    if not re.fullmatch(r"\d+(?:\.\d+)*", number):
        return family, ()  # CXXABI_TM_1, CXXABI_FLOAT128: feature tags, not numbered releases
    return family, tuple(int(p) for p in number.split("."))


def newest(names: Iterable[str]) -> list[str]:
    """The newest version of each family (GLIBC_2.14, GLIBCXX_3.4.18, CXXABI_1.3.5)."""
    best: dict[str, str] = {}
    for name in names:
        family, parts = version_key(name)
        if not parts:
            continue
        if family not in best or version_key(best[family])[1] < parts:
            best[family] = name
    return sorted(best.values())


def glibc_missing(names: Iterable[str], glibc: str) -> list[str]:
    """GLIBC_x.y versions newer than the running glibc: glibc defines every version up to its own."""
    have = tuple(int(p) for p in glibc.split(".") if p.isdigit())
    return [n for n in names if n.startswith("GLIBC_") and version_key(n)[1] > have]


def loader_message(provider: str, version: str, binary: str) -> str:
    """ld.so's own words for a version need the found library does not define."""
    return f"{provider}: version `{version}' not found (required by {binary})"


def missing_versions(facts: Mapping[str, Any]) -> list[tuple[str, str, list[str]]]:
    """(soname, provider path, missing versions in section order) for each library that lacks one.

    The first of the first is what ld.so reports: it stops at the first version it cannot find.
    """
    out: list[tuple[str, str, list[str]]] = []
    glibc = facts.get("glibc")
    libraries = facts.get("libraries") or {}
    for soname, names in facts.get("needs") or ():
        if soname in GLIBC_SONAMES and glibc:
            missing = glibc_missing(names, glibc)
            if missing:
                out.append((soname, _glibc_path(facts, soname), missing))
        elif isinstance(libraries.get(soname), dict):
            defined = set(libraries[soname]["defines"])
            missing = [n for n in names if n not in defined]
            if missing:
                out.append((soname, libraries[soname]["path"], missing))
    return out


def _glibc_path(facts: Mapping[str, Any], soname: str) -> str:
    libc = facts.get("libc_path")
    return os.path.join(os.path.dirname(libc), soname) if libc else soname


def fix_for(soname: str, missing: list[str], facts: Mapping[str, Any], distribution: str | None) -> str:
    """The command that makes ld.so find a library that defines the missing versions."""
    if soname in GLIBC_SONAMES:
        have = facts.get("glibc") or "?"
        return (f"install a build of {distribution or 'the package'} made for glibc <= {have} (a manylinux_"
                f"{have.replace('.', '_')} or older wheel, e.g. manylinux_2_17), or run on a system whose glibc is "
                f">= {newest(missing)[0].partition('_')[2]} (a newer OS image)")
    lib = facts["libraries"][soname]
    good = [path for path, defines in (lib.get("alternatives") or {}).items() if set(missing) <= set(defines)]
    conda = str(facts.get("conda_prefix") or "")
    package = "libstdcxx-ng" if soname.startswith("libstdc++") else "libgcc-ng"
    gcc = [GLIBCXX_GCC[n] for n in missing if n in GLIBCXX_GCC]
    floor = max(gcc, key=lambda v: tuple(int(p) for p in v.split("."))) if gcc else None
    fixes = []
    in_conda = bool(conda) and os.path.abspath(lib["path"]).startswith(os.path.join(os.path.abspath(conda), ""))
    if in_conda or os.path.isdir(os.path.join(os.path.dirname(lib["path"]), os.pardir, "conda-meta")):
        fixes.append(f"conda install -c conda-forge '{package}>={floor}'" if floor
                     else f"conda install -c conda-forge {package} (its newest build)")
    if good:
        if lib["how"] == "LD_LIBRARY_PATH" or "RUNPATH" in lib["how"] or lib["how"] == "ld.so.cache":
            fixes.append(f"LD_LIBRARY_PATH={os.path.dirname(good[0])}:$LD_LIBRARY_PATH (that {soname} defines "
                         f"{', '.join(newest(missing))})")
        else:  # an RPATH is searched before LD_LIBRARY_PATH: only a preload overrides it
            fixes.append(f"LD_PRELOAD={good[0]} (that {soname} defines {', '.join(newest(missing))}; "
                         f"{lib['how']} is searched before LD_LIBRARY_PATH)")
    if not fixes:
        gcc_text = f"GCC >= {floor}'s {soname}" if floor else f"a newer {soname}"
        fixes.append(f"install {gcc_text} on this system, or a build of {distribution or 'the package'} "
                     "made with an older toolchain (a manylinux wheel)")
    return "; or ".join(fixes)


def platform_problem(tag: str, machine: str) -> str:
    """Why this machine does not accept a wheel platform tag, per PEP 600."""
    platform = tag.rsplit("-", 1)[-1]
    match = _MANYLINUX.match(platform)
    if match:
        if match.group(1):
            need, arch = f"{match.group(1)}.{match.group(2)}", match.group(3)
        else:
            major, minor = _LEGACY_MANYLINUX[match.group(4)]
            need, arch = f"{major}.{minor}", match.group(5)
        return f"{platform} needs glibc >= {need} on {arch}"
    if platform.startswith("musllinux_"):
        return f"{platform} needs musl libc"
    return f"{platform} is another platform"
