"""Which releases of a package ship a module compiled, not written in Python: the atlas's other half.

The atlas reads Python files (``atlas_build``), from an sdist where a package
publishes no pure wheel: NumPy's ``numpy.core._multiarray_umath`` is C in every
sdist, compiled in every wheel since 1.16.0, and a Python shim only from 2.0.0,
so the Python files alone date it to 2.0.0 (a wrong pin for a file pickled by
NumPy 1.16 and loaded under 1.15, holdout25a: GaitSet#27). One binary wheel of
each release read is listed (its zip directory, by range requests: no download)
and every extension module in it recorded, under ``"compiled"`` in its module's
entry: the releases where it exists, its names unknown.

Run by maintainers after ``atlas_build``::

    python -m pytest_autoglm_compat.tools.history.compiled numpy scipy ...

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
import tarfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import Version

from ..bisect.releases import local_path, open_url
from ..pip_config import read_pip_config
from .atlas_build import ATLAS_DIR, best_files, sdist_installed, spans, unspan
from .wheel_files import READ_ERRORS, open_wheel

#: an extension module's file as a wheel holds it: its name, then the tag importlib's EXTENSION_SUFFIXES name
#: ("_multiarray_umath.cpython-311-x86_64-linux-gnu.so", "_C.abi3.so", "_yaml.cp39-win_amd64.pyd") or none (NumPy
#: 1.15's "multiarray.so", torchvision's "_C.so"); a library loaded with ctypes is named "lib..." (bitsandbytes'
#: libbitsandbytes_cuda118.so, torch's lib/libtorch.so) and is left out
_EXTENSION = re.compile(r"(?P<path>(?:[A-Za-z_]\w*/)*(?!lib)[A-Za-z_]\w*)\.(?:(?:cpython-\d+\w*|abi3|cp\d+\w*|pypy\w+)"
                        r"(?:-[\w.-]+)?\.(?:so|pyd)|so|pyd)")
#: top-level folders of a wheel that hold no importable modules
_NOT_INSTALLED = frozenset({"tests", "test", "docs", "examples", "benchmarks", "build", "third_party", "tools", "lib",
                            "libs"})


def extension_modules(members: Iterable[str]) -> frozenset[str]:
    """The importable extension modules among a wheel's members (``numpy/core/_x.cpython-39-darwin.so`` ->
    ``numpy.core._x``)."""
    found = set()
    for member in members:
        if ".dist-info/" in member or ".data/" in member or ".libs/" in member:
            continue
        match = _EXTENSION.fullmatch(member)
        if match is None:
            continue
        parts = match["path"].split("/")
        if not _NOT_INSTALLED & set(parts):
            found.add(".".join(parts))
    return frozenset(found)


def cython_modules(members: Iterable[str]) -> frozenset[str]:
    """The modules an sdist's Cython sources compile to, where a package publishes no binary wheel (CuPy's
    ``cupy-8.0.0/cupy/cuda/cublas.pyx`` -> ``cupy.cuda.cublas``): what lies above the top package is dropped, as
    ``atlas_build`` drops it for the Python files."""
    names = [m for m in members if ".egg-info/" not in m]
    found = set()
    for member, installed in sdist_installed(names, ("/__init__.py", "/__init__.pyx", "/__init__.pxd")):
        parts = installed[:-len(".pyx")].split("/")
        if member.endswith(".pyx") and all(p.isidentifier() for p in parts):
            found.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return frozenset(found)


def _sdist_preference(filename: str) -> int | None:
    return 0 if filename.endswith(".tar.gz") else 1 if filename.endswith(".zip") else None


def _list_sdist(url: str, cert: str | None) -> frozenset[str] | None:
    """The Cython modules of an sdist (downloaded whole: a tar has no directory to read by ranges)."""
    try:
        local = local_path(url.partition("#")[0])
        if local is not None:
            data = local.read_bytes()
        else:
            with open_url(url, cert, {}, timeout=600) as response:
                data = response.read()
        if url.partition("#")[0].endswith(".zip"):  # CuPy 4.2.0's sdist
            with zipfile.ZipFile(io.BytesIO(data)) as zipped:
                names = zipped.namelist()
                made = [n for n in names if n.endswith((".c", ".cpp")) and _made_by_cython(zipped.open(n).read(200))]
        else:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
                names = archive.getnames()
                made = [m.name for m in archive.getmembers() if m.isfile() and m.name.endswith((".c", ".cpp"))
                        and _made_by_cython((archive.extractfile(m) or io.BytesIO()).read(200))]
        # older sdists ship the C++ that Cython generated in place of the .pyx (CuPy 7's cupy/util.cpp)
        return cython_modules(names + [f"{name.rpartition('.')[0]}.pyx" for name in made])
    except (*READ_ERRORS, tarfile.TarError):
        return None


def _made_by_cython(head: bytes) -> bool:
    """Whether a C or C++ file of an sdist, by its first bytes, is Cython's output ("/* Generated by Cython ...")."""
    return b"Generated by Cython" in head


def _binary_preference(filename: str) -> int | None:
    """Which wheel of a release to list (lowest first): Linux x86-64 (old macOS builds name their extensions
    without a tag: NumPy 1.15's ``_dummy.so``), macOS, Windows, a Python 3 one before Python 2's; None for the
    others. Only the zip's directory is read, so a large wheel costs no more than a small one."""
    if not filename.endswith(".whl") or filename.endswith("-none-any.whl"):
        return None
    python_2 = "-cp2" in filename or "-py2" in filename  # Python 2's extension files carry no tag to tell them by
    for rank, words in enumerate((("linux", "x86_64"), ("macosx",), ("win_amd64",))):
        if all(word in filename for word in words):
            return rank + 10 * python_2
    return None


def _list(url: str, cert: str | None) -> frozenset[str] | None:
    try:
        with open_wheel(url, cert) as wheel:
            return extension_modules(wheel.namelist())
    except READ_ERRORS:
        return None


def compiled_by_release(dist: str, releases: Sequence[str], jobs: int = 4) -> dict[str, frozenset[str] | None]:
    """Per release, the extension modules of one of its binary wheels (an empty set: it publishes none; None:
    its wheel could not be read)."""
    config = read_pip_config()
    wheels = best_files(dist, config, _binary_preference)
    found: dict[str, frozenset[str] | None] = {release: frozenset() for release in releases}
    listed = [release for release in releases if Version(release) in wheels]
    with ThreadPoolExecutor(jobs) as pool:
        for release, modules in zip(listed, pool.map(_list, [wheels[Version(r)] for r in listed],
                                                       [config.cert] * len(listed))):
            found[release] = modules
    if listed:
        return found
    # no binary wheel at all (CuPy publishes its builds as other distributions, cupy-cuda12x): the sdists' Cython
    # sources name the modules its builds compile
    sdists = best_files(dist, config, _sdist_preference)
    listed = [release for release in releases if Version(release) in sdists]
    with ThreadPoolExecutor(jobs) as pool:
        for release, modules in zip(listed, pool.map(_list_sdist, [sdists[Version(r)] for r in listed],
                                                       [config.cert] * len(listed))):
            found[release] = modules
    return found


def with_compiled(data: dict[str, Any], compiled: dict[str, frozenset[str] | None]) -> dict[str, Any]:
    """A packed atlas (``atlas_build.packed``) with each extension module's releases where no Python file of it was
    read: its entry's ``"compiled"`` spans (a module of no Python file gets an entry of its own)."""
    releases = data["releases"]
    by_module: dict[str, list[int]] = defaultdict(list)
    for index, release in enumerate(releases):
        for module in compiled.get(release) or ():
            by_module[module].append(index)
    modules = dict(data["modules"])
    for module, indexes in sorted(by_module.items()):
        text = modules.get(module)
        entry: dict[str, Any] = json.loads(text) if isinstance(text, str) else {"at": "", "names": {}, "classes": {}}
        # where a Python file of it was read (a stub, a shim), its names are known
        only_compiled = sorted(set(indexes) - unspan(str(entry["at"]), set()))
        if only_compiled:
            entry["compiled"] = spans(only_compiled)
            modules[module] = json.dumps(entry, separators=(",", ":"), sort_keys=True)
    return {**data, "modules": modules}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dist", nargs="+", help="a distribution the atlas holds")
    parser.add_argument("--atlas", type=Path, default=ATLAS_DIR)
    args = parser.parse_args(argv)
    for dist in args.dist:
        target = args.atlas / f"{canonicalize_name(dist)}.json.gz"
        data = json.loads(gzip.decompress(target.read_bytes()))
        compiled = compiled_by_release(dist, data["releases"])
        unread = [release for release, modules in compiled.items() if modules is None]
        updated = with_compiled(data, compiled)
        text = json.dumps(updated, separators=(",", ":"), sort_keys=True).encode()
        target.write_bytes(gzip.compress(text, 9, mtime=0))
        marked = sum('"compiled"' in entry for entry in updated["modules"].values())
        print(f"{target}: {marked} modules compiled in some release read"
              + (f"; wheels not read: {', '.join(unread)}" if unread else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
