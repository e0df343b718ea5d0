"""What an extension's file needs from the machine besides GPUs, held against what the machine has:
glibc, libstdc++ and libgcc_s symbol versions, and its wheel's platform tag.

ld.so loads a library only when every version its ``.gnu.version_r`` names is defined by the
library the loader found (``version `GLIBCXX_3.4.29' not found (required by ...)`` otherwise).
:func:`..facts.binaries.abi.machine_facts` reads both sides from the files; the verdicts here read
nothing, so they hold before the import and also when the module cannot be loaded for another reason.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from ..facts.binaries.abi import GLIBC_SONAMES
from ..model.requirements import ExtensionRequirement
from ..model.verdict import PASS, UNMET, Verdict, verdict_for

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


def evaluate_extension_abi(req: ExtensionRequirement, fact: Mapping[str, Any] | None) -> list[Verdict]:
    """What the extension's file needs from the machine, apart from loading it: symbol versions, wheel tag.

    Read from the file (facts.binaries.abi.machine_facts), so it holds also when the module cannot be loaded;
    nothing when the file was not found (the load verdict says so).
    """
    facts = fact.get("abi") if fact else None
    if not isinstance(facts, Mapping):
        return []
    meta = replace(req.meta, fix=None, source=SOURCE)  # the contract's fix is about loading it
    wheel = facts.get("wheel")
    dist = wheel["distribution"] if wheel else None
    out = []
    have, need = _abi_have_need(facts)
    if need:
        missing = missing_versions(facts)
        subject = f"extension {req.module}: symbol versions"
        required = f"{', '.join(need)} (the newest of each kind in its .gnu.version_r)"
        if not missing:
            out.append(verdict_for(meta, PASS, subject, have, required))
        else:
            soname, provider, names = missing[0]
            found = loader_message(provider, names[0], facts["binary"])
            also = [n for _, _, ns in missing for n in ns][1:]
            found += f"; also missing: {', '.join(also)}" if also else ""
            lib = (facts.get("libraries") or {}).get(soname)
            where = (f"{provider} (found via {lib['how']}) defines up to {', '.join(newest(lib['defines']))}"
                     if lib else f"this system's glibc is {facts.get('glibc')}")
            out.append(verdict_for(meta, UNMET, subject, found, required,
                                   note=f"{where}; the loader refuses the module before any of its code runs",
                                   fix=fix_for(soname, names, facts, dist)))
    if wheel and wheel["tags"]:
        subject = f"wheel {dist}: platform tag"
        found = f"{', '.join(wheel['tags'])} on {wheel['machine']}"
        required = "a platform tag this machine accepts (packaging.tags.platform_tags)"
        if wheel["compatible"]:
            out.append(verdict_for(meta, PASS, subject, found, required))
        else:
            name, _, version = dist.partition(" ") if dist else ("the package", "", "")
            out.append(verdict_for(meta, UNMET, subject, found, required,
                                   note="; ".join(platform_problem(t, wheel["machine"]) for t in wheel["tags"]),
                                   fix=f"pip install --force-reinstall --only-binary=:all: '{name}=={version}' "
                                   "(pip picks a wheel this machine accepts, if the release has one), or build it "
                                   "here from source"))
    return out


def _abi_have_need(facts: Mapping[str, Any]) -> tuple[str, list[str]]:
    """What this machine provides (found) and the newest versions the binary needs (required)."""
    names: list[str] = []
    have: list[str] = []
    libraries = facts.get("libraries") or {}
    for soname, wanted in facts.get("needs") or ():
        if soname in GLIBC_SONAMES and facts.get("glibc"):
            names += wanted
            if f"glibc {facts['glibc']}" not in have:
                have.append(f"glibc {facts['glibc']}")
        elif isinstance(libraries.get(soname), dict):
            names += wanted
            lib = libraries[soname]
            have.append(f"{lib['path']} ({lib['how']}) up to {', '.join(newest(lib['defines']))}")
    have.sort(key=lambda text: not text.startswith("glibc "))  # glibc first, then the GCC runtime in needs order
    return "; ".join(have), newest(names)
