"""Building the bundled API atlas: which modules, names and keywords each release of a package has.

Run by maintainers, never by ``explain``::

    python -m pytest_autoglm_compat.tools.history.atlas_build transformers peft ...

It reads the first and the last release of every minor series (every release of a long one: a name goes in a
minor release far more often than in a patch) from the indexes pip is configured with: the pure-Python wheel, else
the sdist, else one platform wheel (NumPy, vLLM and flash-attn publish no pure wheel), parses every module with
``ast`` (nothing is imported, nothing is built) and writes ``knowledge/atlas/<dist>.json.gz`` and the indexes beside
it. ``explain`` then answers "cannot import name X" and "unexpected keyword argument k" with the release that
removed or added it, offline; ``explain --index`` still bisects every release.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import ast
import functools
import gzip
import io
import json
import re
import sys
import tarfile
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import Version

from ...knowledge.generic.atlas import CLASS_INDEX, METHOD_INDEX, STACK
from ...knowledge.generic.names import distribution_of
from ..bisect.releases import local_path, open_url, release_files
from ..pip_config import PipConfig, read_pip_config
from .keyword_index import unspan as unspan
from .keyword_index import write_keyword_index
from .names import (
    api_dir_on_path,
    bound_and_listed_names,
    copied_alls,
    exported_names,
    extended_from,
    gathered_modules,
    imported_names,
    lazily_bound,
    optionally_bound,
    optionally_gathered,
)
from .removed_index import write_removed_index
from .signatures import class_keywords, function_keywords
from .submodules import left_out, submodules_bound
from .wheel_files import open_wheel

ATLAS_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "atlas"


@dataclass
class Release:
    """What one release's wheel holds: its modules, the names each binds, each class's methods' keywords."""

    modules: dict[str, frozenset[str]] = field(default_factory=dict)
    classes: dict[tuple[str, str], dict[str, tuple[frozenset[str], bool]]] = field(default_factory=dict)
    #: per (module, function) of its top level, the keywords the function takes
    functions: dict[tuple[str, str], tuple[frozenset[str], bool]] = field(default_factory=dict)
    #: names a module may or may not have, by what is installed beside it: those a module it gathers with dir()
    #: or an ``import *`` without ``__all__`` only imports (transformers' dummy objects' ``requires_backends``,
    #: exported only while some backend is missing)
    maybe: dict[str, frozenset[str]] = field(default_factory=dict)
    #: submodules a top package makes at import time without a file of their own (a lazy loader bound to the name,
    #: TensorFlow's ``keras``; a module forwarded from ``P_core``): they exist, what they hold is unknown
    virtual: set[str] = field(default_factory=set)
    #: of the maybe names, those only an optional import binds (a try whose handler catches ImportError)
    optional: dict[str, frozenset[str]] = field(default_factory=dict)
    #: per module, the modules of another distribution whose names it re-exports (``from numpy import *``), resolved
    #: from that distribution's atlas (``foreign_names``)
    foreign: dict[str, frozenset[str]] = field(default_factory=dict)


_LONG_SERIES = 12  # a series of more finals is read whole (JAX's 0.4.1-0.4.38; KeyArray went in 0.4.24: jax#22990)


def releases_to_read(versions: Iterable[Version], since: Version | None = None) -> list[Version]:
    """The first and the last final release of each minor series (every one of a long series), oldest first."""
    series: dict[tuple[int, int], list[Version]] = defaultdict(list)
    for version in versions:
        if not (version.is_prerelease or version.is_devrelease) and (since is None or version >= since):
            series[(version.major, version.minor)].append(version)
    return sorted({v for found in series.values()
                   for v in (found if len(found) > _LONG_SERIES else (min(found), max(found)))})


def module_of(member: str) -> str | None:
    """"transformers/models/llama/modeling_llama.py" -> "transformers.models.llama.modeling_llama"; a stub
    (``torch/_C/__init__.pyi``) names the compiled module it describes. A wheel's ``<name>.data/purelib/`` and
    ``platlib/`` are installed into site-packages as they are (TensorFlow 1.x's wheels hold the whole package
    there); its other ``.data`` folders (scripts, headers, data) hold no module."""
    if not member.endswith((".py", ".pyi")) or ".dist-info/" in member:
        return None
    if ".data/" in member:
        head, _, rest = member.partition(".data/")
        scheme, _, inside = rest.partition("/")
        if "/" in head or scheme not in ("purelib", "platlib"):
            return None
        member = inside
    parts = member.rpartition(".")[0].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    ok = parts and all(p.isidentifier() for p in parts) and parts[0] not in _NOT_INSTALLED and "tests" not in parts
    return ".".join(parts) if ok else None


#: top-level folders of a wheel or an sdist that are not installed as modules
_NOT_INSTALLED = frozenset({"tests", "test", "docs", "examples", "benchmarks", "setup", "build", "csrc",
                            "third_party", "tools", "scripts"})


def _archive_sources(data: bytes | zipfile.ZipFile, filename: str) -> Iterator[tuple[str, str]]:
    """(path as installed, source) of every ``.py`` file of a wheel or an sdist (``.tar.gz``, ``.zip``), and of every
    stub (``.pyi``) without a ``.py`` beside it: the only text a compiled module (``torch._C``, whose names
    ``torch`` star-imports) has. An sdist's paths lose what lies above each package (``numpy-1.24.0/``, ``src/``,
    ``python/src/``): a package is a folder with an ``__init__.py`` whose parent has none."""
    files: dict[str, bytes] = {}
    if isinstance(data, zipfile.ZipFile):  # a platform wheel read by range requests: its Python files only
        files = {name: data.read(name) for name in data.namelist() if name.endswith((".py", ".pyi"))}
    elif filename.endswith(".tar.gz"):
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for info in archive:
                if info.isfile() and info.name.endswith((".py", ".pyi")):
                    extracted = archive.extractfile(info)
                    if extracted is not None:
                        files[info.name] = extracted.read()
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = {name: archive.read(name) for name in archive.namelist() if name.endswith((".py", ".pyi"))}
    files = {name: raw for name, raw in files.items() if not (name.endswith(".pyi") and name[:-1] in files)}
    if filename.endswith(".whl"):
        for name, raw in files.items():
            yield name, raw.decode("utf-8", "replace")
        return
    for name, installed in sdist_installed(files, ("/__init__.py", "/__init__.pyi")):
        yield installed, files[name].decode("utf-8", "replace")


def sdist_installed(names: Iterable[str], markers: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(member, path as installed) of an sdist's members inside a package: what lies above each top package is dropped
    (``numpy-1.24.0/``, ``src/``, ``python/src/``). A package is a folder with a member ending in one of ``markers``
    (its ``__init__``) whose parent has none; a package under tests/ or third_party/ is not what the sdist installs."""
    names = list(names)
    packages = {name.rpartition("/")[0] for name in names if name.endswith(markers)}
    roots = {folder for folder in packages if folder.rpartition("/")[0] not in packages}
    for name in names:
        folder = name.rpartition("/")[0]
        while folder and folder not in roots:
            folder = folder.rpartition("/")[0]
        if not folder:
            continue  # setup.py and scripts beside the packages
        prefix = folder.rpartition("/")[0]
        if any(part in _NOT_INSTALLED for part in prefix.split("/")):
            continue
        yield name, name[len(prefix) + 1 if prefix else 0:]


def read_release(data: bytes | zipfile.ZipFile, filename: str = "release.whl") -> Release:
    """Every module of a wheel or an sdist, read with ``ast``. A package whose ``__init__`` gathers its
    submodules' ``__all__`` at import time (``define_import_structure``) is given those names too."""
    release = Release()
    exported: dict[str, frozenset[str]] = {}
    gathering: list[str] = []
    gathered: dict[str, frozenset[str]] = {}  # module -> the modules it re-exports with * or dir()
    imported: dict[str, frozenset[str]] = {}  # module -> the names its own imports bind
    extends: dict[str, frozenset[str]] = {}  # module -> the modules whose __all__ its __all__ adds
    stubs: set[str] = set()  # compiled modules read from their stubs
    forwards: dict[str, frozenset[str]] = {}  # a top package -> the subpackages its __init__ names (forwarded)
    api_dirs: dict[str, str] = {}  # a top package -> the package of generated modules its __init__ adds to __path__
    optional: dict[str, frozenset[str]] = {}  # module -> the modules it star-imports only where an import succeeds
    for member, source in _archive_sources(data, filename):
        module = module_of(member)
        if module is None:
            continue
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError):
            release.modules[module] = frozenset()
            continue
        release.modules[module], listed = bound_and_listed_names(tree)
        optional_names = optionally_bound(tree) & listed
        if optional_names:
            release.optional[module] = optional_names
        is_package = member.endswith(("/__init__.py", "/__init__.pyi"))
        if is_package and member.endswith(".py"):  # the submodules its imports set on it
            imported_submodules, optional_submodules = submodules_bound(tree, module)
            release.modules[module] |= imported_submodules
            listed |= optional_submodules - release.modules[module]
        if member.endswith(".pyi"):  # a stub may lag its module (torch 2.1's lacks float8_e4m3fn): maybe names
            stubs.add(module)
            listed |= release.modules[module]
            release.modules[module] = frozenset()
        if listed:  # written as strings outside its name tables: may or may not be names of it
            release.maybe[module] = listed
        exported[module] = exported_names(tree)
        extending = extended_from(tree, module, is_package)
        if extending:
            extends[module] = extending
        imported[module] = imported_names(tree)
        sources = gathered_modules(tree, module, is_package)
        foreign = frozenset(s for s in sources | copied_alls(tree, module, is_package)
                            if s.partition(".")[0] != module.partition(".")[0])
        if foreign:
            release.foreign[module] = foreign
        if sources:
            gathered[module] = sources
            optional[module] = optionally_gathered(tree, module, is_package)
        if is_package and "define_import_structure(" in source:
            gathering.append(module)
        if is_package and "." not in module and "LazyLoader" in source:
            release.virtual.update(f"{module}.{name}" for name in lazily_bound(tree))
        if is_package and "." not in module and "__path__" in source and "__file__" in source:
            api_dir = api_dir_on_path(tree, module)
            if api_dir is not None:
                api_dirs[module] = api_dir
        if is_package and "." not in module and "_core" in source:  # the modules a top package forwards, by name
            forwards[module] = frozenset(n.value.split(".")[1] for n in ast.walk(tree) if isinstance(n, ast.Constant)
                                         and isinstance(n.value, str) and n.value.startswith(f"{module}.")
                                         and n.value.count(".") == 1)
        for cls, methods in class_keywords(tree).items():
            release.classes[(module, cls)] = methods
        for function, keywords in function_keywords(tree).items():
            release.functions[(module, function)] = keywords
    for _ in range(3):  # numpy.core's __all__ adds numeric's, which adds numerictypes': a few rounds reach them all
        for module, sources in extends.items():
            exported[module] = exported[module].union(*(exported.get(source, frozenset()) for source in sources))
    for package in gathering:
        inside = [names for module, names in exported.items() if module.startswith(f"{package}.")]
        release.modules[package] = release.modules[package].union(*inside)
    for _ in range(3):  # a star import of a module that star-imports another: a few rounds reach them all
        for module, sources in gathered.items():
            for source in sources:
                if source not in release.modules or source == module:
                    continue
                if source in stubs:  # what a stub says a compiled module has: maybe
                    public = frozenset(n for n in release.maybe.get(source, ()) if not n.startswith("_"))
                    release.maybe[module] = release.maybe.get(module, frozenset()) | public
                    continue
                if source in optional.get(module, ()):  # star-imported where an import succeeds: maybe
                    public = frozenset(n for n in exported.get(source) or release.modules[source]
                                       if not n.startswith("_"))
                    release.maybe[module] = release.maybe.get(module, frozenset()) | public
                    release.optional[module] = release.optional.get(module, frozenset()) | public
                    continue
                if exported.get(source):  # its __all__: what it means to export
                    release.modules[module] |= exported[source]
                    continue
                public = frozenset(n for n in release.modules[source] if not n.startswith("_"))
                own = public - imported.get(source, frozenset())
                release.modules[module] |= own
                # what the source may have, the module may too: a star import of a star import (TensorFlow 1.x's
                # tensorflow <- tensorflow.python <- client_lib, which imports Session)
                passed = frozenset(n for n in release.maybe.get(source, ()) if not n.startswith("_"))
                release.maybe[module] = release.maybe.get(module, frozenset()) | (public - own) | passed
    for module, names in release.maybe.items():
        release.maybe[module] = names - release.modules[module]
    for module, names in release.optional.items():
        release.optional[module] = names - release.modules[module]
    for package, api_dir in api_dirs.items():
        _alias_modules(release, functools.partial(_under_package, api_dir, package))
    _forward_core_packages(release, forwards)
    release.virtual.update(f"{package}.{name}" for package, names in forwards.items() for name in names)
    release.virtual.difference_update(release.modules)
    return release


def _under_package(folder: str, package: str, module: str) -> str | None:
    """``module``'s name as ``package``'s, where it lies in ``folder``, a package on ``package``'s ``__path__``."""
    return package + module[len(folder):] if module.startswith(f"{folder}.") else None


def _alias_modules(release: Release, alias_of: Callable[[str], str | None]) -> None:
    """Read the modules ``alias_of`` names under a second name too, with their classes and functions, where that
    name is no module of its own (a module of its own comes first: its classes are not another's)."""
    aliased: dict[str, str] = {}
    for module in list(release.modules):
        name = alias_of(module)
        if name is not None and name not in release.modules:
            aliased[module] = name
            release.modules[name] = release.modules[module]
            if module in release.maybe:
                release.maybe[name] = release.maybe[module]
    for (module, cls), methods in list(release.classes.items()):
        if module in aliased:
            release.classes[(aliased[module], cls)] = methods
    for (module, function), keywords in list(release.functions.items()):
        if module in aliased:
            release.functions[(aliased[module], function)] = keywords


def _forward_core_packages(release: Release, forwards: dict[str, frozenset[str]]) -> None:
    """A package ``P_core`` beside ``P``: ``P`` forwards to it, so ``P.x.y`` imports ``P_core.x.y`` (TensorFlow 1.15
    to 2.1, whose ``tensorflow/__init__.py`` registers ``tensorflow_core``'s modules under ``tensorflow``'s names and
    star-imports ``tensorflow_core``). Its modules are read under both names, only those under the subpackages ``P``
    names where it names some (``_top_level_modules``: 2.0 forwards no ``tensorflow.contrib``, though its wheel keeps a
    stub of it); ``P`` has ``P_core``'s names."""
    for core in [m for m in release.modules if "." not in m and m.endswith("_core") and m[:-5] in release.modules]:
        alias, named = core[:-5], forwards.get(core[:-5], frozenset())

        def forwarded(module: str, core: str = core, alias: str = alias, named: frozenset[str] = named) -> str | None:
            """``module``'s name under ``alias``, where it is a module of ``core`` that ``alias`` forwards."""
            if not module.startswith(f"{core}.") or (named and module.split(".")[1] not in named):
                return None
            return alias + module[len(core):]

        _alias_modules(release, forwarded)
        release.modules[alias] = release.modules[alias] | {n for n in release.modules[core] if not n.startswith("_")}
        # a name P now has is no longer one it may or may not have (1.15's tf.Session: P_core's own, star-imported)
        for table in (release.maybe, release.optional):
            if alias in table:
                table[alias] = table[alias] - release.modules[alias]


def _download_and_read(url: str, cert: str | None) -> Release:
    address = url.partition("#")[0]
    filename = address.rpartition("/")[2]
    local = local_path(address)
    if local is not None:  # a find-links folder or a file:// index
        return read_release(local.read_bytes(), filename)
    if filename.endswith(".whl") and not filename.endswith("-none-any.whl"):
        # a platform wheel (TensorFlow's: 250 MB of compiled code): its Python files by range requests
        with open_wheel(url, cert) as archive:
            return read_release(archive, filename)
    with open_url(url, cert, {}, timeout=600) as response:
        return read_release(response.read(), filename)


def spans(indexes: Sequence[int]) -> str:
    """[0, 1, 2, 5, 6] -> "0-2,5-6": runs of release indexes, inclusive."""
    runs: list[list[int]] = []
    for index in sorted(indexes):
        if runs and runs[-1][1] == index - 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    return ",".join(f"{a}-{b}" if a != b else str(a) for a, b in runs)


def atlas(dist: str, releases: Sequence[Version], read: Sequence[Release]) -> dict[str, object]:
    """The atlas of one distribution: for each module, name and class method, the releases that have it.

    A name or method present in every release its module or class is stays without spans of its own ("")."""
    module_at: dict[str, list[int]] = defaultdict(list)
    name_at: dict[tuple[str, str], list[int]] = defaultdict(list)
    class_at: dict[tuple[str, str], list[int]] = defaultdict(list)
    method_at: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    keyword_at: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)
    maybe_at: dict[tuple[str, str], list[int]] = defaultdict(list)
    function_at: dict[tuple[str, str], list[int]] = defaultdict(list)
    argument_at: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    virtual_at: dict[str, list[int]] = defaultdict(list)
    optional_at: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, release in enumerate(read):
        for module in release.virtual:
            virtual_at[module].append(index)
        for module, names in release.optional.items():
            for name in names:
                optional_at[(module, name)].append(index)
        for (module, function), (keywords, any_keyword) in release.functions.items():
            function_at[(module, function)].append(index)
            for keyword in (*keywords, *(("**",) if any_keyword else ())):
                argument_at[(module, function, keyword)].append(index)
        for module, names in release.modules.items():
            module_at[module].append(index)
            for name in names:
                name_at[(module, name)].append(index)
            for name in release.maybe.get(module, ()):
                maybe_at[(module, name)].append(index)
        for (module, cls), methods in release.classes.items():
            class_at[(module, cls)].append(index)
            for method, (keywords, any_keyword) in methods.items():
                method_at[(module, cls, method)].append(index)
                for keyword in (*keywords, *(("**",) if any_keyword else ())):
                    keyword_at[(module, cls, method, keyword)].append(index)

    def own(indexes: list[int], within: list[int]) -> str:
        return "" if indexes == within else spans(indexes)

    modules: dict[str, dict[str, object]] = {}
    for module, at in sorted(module_at.items()):
        modules[module] = {"at": spans(at), "names": {}, "classes": {}}
    for module, at in sorted(virtual_at.items()):  # read as a compiled module's: it exists, its names are unknown
        modules.setdefault(module, {"at": "", "names": {}, "classes": {}})["compiled"] = spans(at)
    for (module, name), at in sorted(name_at.items()):
        modules[module]["names"][name] = own(at, module_at[module])  # type: ignore[index]
    for (module, name), at in sorted(maybe_at.items()):
        modules[module].setdefault("maybe", {})[name] = spans(at)  # type: ignore[index]
    for (module, name), at in sorted(optional_at.items()):
        modules[module].setdefault("optional", {})[name] = spans(at)  # type: ignore[index]
    for (module, cls), at in sorted(class_at.items()):
        modules[module]["classes"][cls] = {"at": own(at, module_at[module]), "methods": {}}  # type: ignore[index]
    for (module, cls, method), at in sorted(method_at.items()):
        entry = modules[module]["classes"][cls]  # type: ignore[index]
        entry["methods"][method] = {"at": own(at, class_at[(module, cls)]), "keywords": {}}
    for (module, cls, method, keyword), at in sorted(keyword_at.items()):
        entry = modules[module]["classes"][cls]["methods"][method]  # type: ignore[index]
        entry["keywords"][keyword] = own(at, method_at[(module, cls, method)])
    for (module, function), at in sorted(function_at.items()):
        modules[module].setdefault("functions", {})[function] = {  # type: ignore[index]
            "at": own(at, module_at[module]), "keywords": {}}
    for (module, function, keyword), at in sorted(argument_at.items()):
        entry = modules[module]["functions"][function]  # type: ignore[index]
        entry["keywords"][keyword] = own(at, function_at[(module, function)])
    return {"dist": canonicalize_name(dist), "releases": [str(v) for v in releases], "modules": modules}


def best_files(dist: str, config: PipConfig, preference: Callable[[str], int | None]) -> dict[Version, str]:
    """Per release of ``dist``, the URL of the file ``preference`` ranks first (lowest); a file it ranks None is
    left out, and a release with no other file with it."""
    files: dict[Version, tuple[int, str]] = {}
    for version, filename, url in release_files(dist, config):
        rank = preference(filename)
        if rank is not None and (version not in files or rank < files[version][0]):
            files[version] = (rank, url)
    return {version: url for version, (_, url) in files.items()}


def build(dist: str, since: Version | None, jobs: int) -> dict[str, object]:
    config = read_pip_config()
    files = best_files(dist, config, _preference)
    chosen = releases_to_read(files, since)
    with ProcessPoolExecutor(jobs) as pool:
        read = list(pool.map(_download_and_read, [files[v] for v in chosen], [config.cert] * len(chosen)))
    for release in read:
        for module, sources in release.foreign.items():
            release.modules[module] = release.modules[module].union(*(foreign_names(s) for s in sources))
    return atlas(dist, chosen, read)


@functools.lru_cache(maxsize=64)
def foreign_names(module: str, atlas_dir: Path = ATLAS_DIR) -> frozenset[str]:
    """The public names some release of ``module``'s distribution has in it, from that distribution's bundled atlas
    (SciPy before 1.12 re-exports NumPy's: ``scipy.interp``); none where no atlas reads it."""
    path = atlas_dir / f"{canonicalize_name(distribution_of(module.partition('.')[0]))}.json.gz"
    if not path.exists():
        return frozenset()
    entry = json.loads(gzip.decompress(path.read_bytes())).get("modules", {}).get(module)
    names = (json.loads(entry) if isinstance(entry, str) else entry or {}).get("names", {})
    return frozenset(name for name in names if not name.startswith("_"))


def _preference(filename: str) -> int | None:
    """Which file of a release to read (lowest first): the pure wheel, the sdist, a macOS wheel (torch's: 60 MB
    where its Linux wheel holds 800 MB of CUDA libraries; the same Python files), a Linux x86-64 wheel; None for
    the others (the same modules, for another machine)."""
    if filename.endswith("-none-any.whl"):
        return 0
    if filename.endswith((".tar.gz", ".zip")):
        return 1
    if filename.endswith(".whl") and "macosx" in filename:
        return 2
    if filename.endswith(".whl") and "x86_64" in filename and "linux" in filename:
        return 3
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dist", nargs="+", help="distribution[>=since], e.g. transformers>=2.0")
    parser.add_argument("--out", type=Path, default=ATLAS_DIR)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for spec in args.dist:
        dist, _, since = spec.partition(">=")
        data = build(dist, Version(since) if since else None, args.jobs)
        target = args.out / f"{canonicalize_name(dist)}.json.gz"
        text = json.dumps(packed(data), separators=(",", ":"), sort_keys=True).encode()
        target.write_bytes(gzip.compress(text, 9, mtime=0))
        print(f"{target}: {len(data['releases'])} releases, {len(text)} bytes of JSON, "  # type: ignore[arg-type]
              f"{target.stat().st_size} gzipped", file=sys.stderr)
    write_class_index(args.out)
    write_method_index(args.out)
    write_keyword_index(args.out)
    write_removed_index(args.out)
    return 0


def packed(data: dict[str, Any]) -> dict[str, Any]:
    """An atlas as it is stored: each module's entry as JSON text of its own (parsed only when a failure asks
    for that module), and per class name the modules that define one."""
    classes: dict[str, list[str]] = defaultdict(list)
    data = {**data, "modules": {m: e for m, e in data["modules"].items() if not left_out(data["dist"], m)}}
    for module, entry in data["modules"].items():
        for cls in entry["classes"]:
            classes[cls].append(module)
    modules = {module: json.dumps(entry, separators=(",", ":"), sort_keys=True)
               for module, entry in data["modules"].items()}
    return {"dist": data["dist"], "releases": data["releases"], "classes": dict(classes), "modules": modules}


def write_class_index(folder: Path) -> None:
    """Per class name, the distributions whose atlas defines one: ``explain`` finds a class's owner without
    loading every distribution's file."""
    owners: dict[str, list[str]] = defaultdict(list)
    for path in sorted(folder.glob("*.json.gz")):
        data = json.loads(gzip.decompress(path.read_bytes()))
        for cls in sorted(data["classes"]):
            owners[cls].append(data["dist"])
    text = json.dumps(owners, separators=(",", ":"), sort_keys=True).encode()
    (folder / CLASS_INDEX).write_bytes(gzip.compress(text, 9, mtime=0))


def write_method_index(folder: Path, classes_kept: int = 3) -> None:
    """Per method name (dunder methods and TensorFlow's and JAX's classes left out), per distribution of the
    stack (``atlas.STACK``): the
    releases where some class of it had one, and a few of those classes (those present longest first).
    ``explain`` answers a plain object asked for a package's method ("'list' object has no attribute
    'get_usable_length'"), and a method a class of the user's lacks, from it without loading every
    distribution's file."""
    index: dict[str, dict[str, list[object]]] = defaultdict(dict)
    for path in sorted(folder.glob("*.json.gz")):
        data = json.loads(gzip.decompress(path.read_bytes()))
        if data["dist"] not in STACK:
            continue  # NumPy's or vLLM's method names are not a plain value's owner (atlas.STACK)
        at: dict[str, set[int]] = defaultdict(set)
        owners: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for text in data["modules"].values():
            entry = json.loads(text)
            module_at = unspan(entry["at"], set())
            for cls, klass in entry["classes"].items():
                if re.match(r"(?:TF|Flax)[A-Z]", cls):
                    continue  # TensorFlow's and JAX's twins of the torch classes, which logs of torch never hold
                class_at = unspan(klass["at"], module_at)
                for method, found in klass["methods"].items():
                    if method.startswith(("__", "(")) and method.endswith(("__", ")")):  # dunders, BASES
                        continue
                    method_at = unspan(found["at"], class_at)
                    at[method] |= method_at
                    owners[method][cls] |= method_at
        for method, indexes in at.items():
            kept = sorted(owners[method], key=lambda c: (-len(owners[method][c]), c))[:classes_kept]
            index[method][data["dist"]] = [spans(sorted(indexes)), kept, len(owners[method])]
    text = json.dumps(index, separators=(",", ":"), sort_keys=True).encode()
    (folder / METHOD_INDEX).write_bytes(gzip.compress(text, 9, mtime=0))


if __name__ == "__main__":
    raise SystemExit(main())
