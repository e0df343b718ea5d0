"""What the bundled API atlas says of a package's releases: which had a name, a submodule, a method's keyword.

The atlas (``knowledge/atlas/<dist>.json.gz``, built by ``tools.history.atlas_build``
from the released files (the pure wheel, else the sdist) of the first and the last
release of each minor series) is read only when a failure asks for one of these, and
only the owner's file. It answers
what a log cannot: whether a name the installed release lacks was removed, added
later, or never existed in any release (a typo, another package's name), and the
release to pin.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

# re-exported: the readings import them from here, as before the split (the keyword and removed-methods indexes are
# read by key, never parsed whole: atlas_indexes)
from .atlas_indexes import KEYWORD_INDEX as KEYWORD_INDEX
from .atlas_indexes import REMOVED_INDEX as REMOVED_INDEX
from .atlas_indexes import keyword_owners as keyword_owners
from .atlas_indexes import removed_method_owners as removed_method_owners
from .change import Change as Change
from .change import atlas_source as atlas_source
from .change import read_whole, series_of

_SUFFIX = ".json.gz"
#: the class index: per class name, the distributions that define one (written beside the atlas files)
CLASS_INDEX = "classes.index.gz"
#: the method index: per method name, per distribution, the releases some class had it and a few such classes
METHOD_INDEX = "methods.index.gz"


#: the pseudo-method whose keywords are a class's bases' names (Shapely 1.8's MultiPolygon: BaseMultipartGeometry,
#: whose ``__iter__`` it inherits): never a method name a message asks for (``tools.history.names.class_keywords``)
BASES = "(bases)"


@functools.lru_cache(maxsize=1)
def atlas_distributions() -> tuple[str, ...]:
    """The distributions the atlas holds (a file each); a name asked of another is not looked up."""
    try:
        files = resources.files("pytest_autoglm_compat.knowledge").joinpath("atlas").iterdir()
        return tuple(sorted(f.name[:-len(_SUFFIX)] for f in files if f.name.endswith(_SUFFIX)))
    except OSError:
        return ()


@functools.cache
def _atlas(dist: str) -> dict[str, Any] | None:
    name = canonicalize_name(dist)
    return _read(f"{name}{_SUFFIX}") if name in atlas_distributions() else None


def _read(filename: str) -> dict[str, Any] | None:
    """One of the atlas's gzipped JSON files (None: missing or unreadable)."""
    try:
        raw = resources.files("pytest_autoglm_compat.knowledge").joinpath("atlas", filename).read_bytes()
        data = json.loads(gzip.decompress(raw))
    except (OSError, ValueError, EOFError):
        return None
    return data if isinstance(data, dict) else None


@functools.lru_cache(maxsize=256)
def _entry(dist: str, module: str) -> dict[str, Any] | None:
    """One module's part of the atlas: its own JSON text inside the file, parsed only when asked for (all of
    transformers' parsed at once took 0.3 s and 65 MB)."""
    data = _atlas(dist)
    text = data["modules"].get(module) if data is not None else None
    return json.loads(text) if isinstance(text, str) else None


@functools.cache
def _releases(dist: str) -> tuple[Version, ...]:
    data = _atlas(dist)
    return tuple(Version(v) for v in data["releases"]) if data is not None else ()


def newest_release(dist: str) -> Version | None:
    """The newest release of ``dist`` the atlas read (None: not in the atlas)."""
    releases = _releases(dist)
    return max(releases) if releases else None


def never_a_keyword(dist: str, cls: str, method: str, keyword: str) -> bool:
    """Whether every class of that name ``dist`` defines had ``method`` in the releases read, and none of them ever
    named ``keyword`` there (False: unknown, or some release names it)."""
    modules = class_modules(dist, cls)
    if not modules:
        return False
    for module in modules:
        klass = (_entry(dist, module) or {}).get("classes", {}).get(cls)
        methods = klass.get("methods", {}) if klass else {}
        if method not in methods or keyword in methods[method]["keywords"]:
            return False
    return True


def has_method(dist: str, cls: str, method: str) -> bool:
    """Whether some class of that name ``dist`` defines has ``method`` in some release read."""
    return any(method in ((_entry(dist, module) or {}).get("classes", {}).get(cls) or {}).get("methods", {})
               for module in class_modules(dist, cls))


def modules_named(dist: str, name: str) -> list[str]:
    """The modules of ``dist`` the atlas read whose last part is ``name`` (``vllm_serve``: trl.scripts.vllm_serve)."""
    data = _atlas(dist)
    return [module for module in data["modules"] if module.rpartition(".")[2] == name] if data is not None else []


def has_submodules(dist: str, module: str) -> bool:
    """The atlas read modules below ``module``: a package (a folder with __init__.py) in the releases, not a file."""
    data = _atlas(dist)
    prefix = f"{module}."
    return data is not None and any(name.startswith(prefix) for name in data["modules"])


def class_modules(dist: str, cls: str) -> list[str]:
    """The modules of ``dist`` the atlas read a class of that name in (none: not in the atlas)."""
    data = _atlas(dist)
    found = data["classes"].get(cls) if data is not None else None
    return [m for m in found if isinstance(m, str)] if isinstance(found, list) else []


def series_released(dist: str, version: Version) -> bool | None:
    """Whether the atlas read a release of ``version``'s minor series (it reads every series' first and last): False
    for "torch==1.15.0", a series torch never had (None: not in the atlas, or outside the releases it read)."""
    releases = _releases(dist)
    if not releases or not min(releases) <= version <= max(releases):
        return None
    return any((r.major, r.minor) == (version.major, version.minor) for r in releases)


def published(dist: str, version: Version) -> bool:
    """A final release the atlas read, or one between the first and the last final releases it read of its minor
    series (it reads each series' first and last): published. Not a pre-, dev or local release, nor one before the
    series' first final release (TensorFlow 2.16.0: 2.16.0rc0, then 2.16.1; the session-31 second reader's)."""
    if version.is_prerelease or version.is_devrelease or version.local:
        return False
    finals = [r for r in _releases(str(canonicalize_name(dist)))
              if r.release[:2] == version.release[:2] and not (r.is_prerelease or r.is_devrelease)]
    return bool(finals) and min(finals) <= version <= max(finals)


def never_released(requirement: str) -> bool:
    """A pin to a release newer than any the atlas read of that package ("torch==9.9"), or of a minor series it never
    had (survey16a's distractor e2e-coref-pytorch#1: "torch==1.15.0", a typo for 1.5.0): a pin to nothing, whatever
    the platform."""
    name, _, pinned = requirement.partition("==")
    newest = newest_release(name) if pinned else None
    try:
        version = Version(pinned.partition("+")[0])
    except InvalidVersion:
        return False
    if newest is None:
        return False
    if version > newest or series_released(name, version) is False:
        return True
    # a patch above the last of its series, where a later series came out: the atlas reads every series' last release
    # (holdout51a's distractor MergeLM#1: "vllm==0.11.4", a typo for 0.1.4, past 0.11.2)
    series = [v for v in _releases(canonicalize_name(name)) if v.release[:2] == version.release[:2]]
    return bool(series) and version > max(series) and newest.release[:2] > version.release[:2]


def _indexes(text: str, within: frozenset[int]) -> frozenset[int]:
    """"0-2,5" -> {0, 1, 2, 5}; "" -> ``within`` (present wherever its container is)."""
    if not text:
        return within
    found: set[int] = set()
    for run in text.split(","):
        first, _, last = run.partition("-")
        found.update(range(int(first), int(last or first) + 1))
    return frozenset(found)


def _change(data: dict[str, Any], within: frozenset[int], present: frozenset[int],
            unknown: frozenset[int] = frozenset()) -> Change | None:
    """The newest change among the releases ``within`` (those with the container); None: never or always there,
    or releases between the two sides of the change may or may not have it (``unknown``)."""
    order = sorted(within - unknown)
    if not order or not present & set(order) or set(order) <= present:
        return None
    dist = str(data["dist"])
    releases = _releases(dist)
    newest = order[-1] in present
    last_change = max(i for i in range(1, len(order)) if (order[i] in present) != (order[i - 1] in present))
    unsure = _unknown_between(unknown, order[last_change - 1], order[last_change])
    if unsure and newest:
        return None  # the change happened among releases whose name depends on what is installed beside them
    before, after = releases[order[last_change - 1]], releases[order[last_change]]
    if unsure:  # a removal: the last release sure to have it, and the first sure to lack it (jax.core.Shape)
        return _unsure_removal(dist, releases, order, present, unknown, last_change)
    first, last = releases[order[0]], releases[order[-1]]
    if newest:
        kept = next((i for i in reversed(range(last_change)) if order[i] in present), None)
        if kept is not None and not _unknown_between(unknown, order[kept], order[last_change]):
            # an earlier run had it too (to position kept), and the releases between dropped it
            start = _run_start(order, present, kept)
            return Change(dist, releases[order[kept + 1]], releases[order[kept]], after, first, last, len(order),
                          back_from=releases[order[start]])
        return Change(dist, None, None, after, first, last, len(order),
                      lacks_before=_of_series(releases, before, after))
    start = _run_start(order, present, last_change - 1)  # where the run the removal ended began
    earlier = next((i for i in reversed(range(start - 1)) if order[i] in present), None)
    if earlier is not None and not _unknown_between(unknown, order[earlier], order[start]):
        # an earlier run had it, releases between dropped it and the last run brought it back before the removal
        # (matplotlib's cm.get_cmap: 3.9.0 dropped it, 3.9.1 brought it back, 3.11.0 removed it)
        return Change(dist, after, before, None, first, last, len(order),
                      lacked=(releases[order[earlier + 1]], releases[order[start - 1]], releases[order[start]]))
    added = (releases[order[start]] if start > 0 and not _unknown_between(unknown, order[start - 1], order[start])
             else None)
    lacking = releases[order[start - 1]] if added is not None else None
    return Change(dist, after, before, added, first, last, len(order),
                  lacks_before=_of_series(releases, lacking, added), series_read_whole=read_whole(releases, after))


def _unsure_removal(dist: str, releases: Sequence[Version], order: list[int], present: frozenset[int],
                    unknown: frozenset[int], last_change: int) -> Change | None:
    """A name the releases read after ``order[last_change - 1]`` bind only where something else is installed (a
    deprecation's ``__getattr__``, an optional import) before the first that surely lacks it; an earlier run of
    releases with or without it is not told."""
    low, high = order[last_change - 1], order[last_change]
    start = _run_start(order, present, last_change - 1)
    if any(order[i] in present for i in range(start - 1)):
        return None  # an earlier run had it too
    added = (releases[order[start]] if start > 0 and not _unknown_between(unknown, order[start - 1], order[start])
             else None)
    if start > 0 and added is None:
        return None
    return Change(dist, releases[high], releases[low], added, releases[order[0]], releases[order[-1]], len(order),
                  series_read_whole=read_whole(releases, releases[high]),
                  unsure_from=releases[min(i for i in unknown if low < i < high)])


def _of_series(releases: Sequence[Version], lacking: Version | None, added: Version | None) -> Version | None:
    """``lacking`` where it is of ``added``'s minor series, read as its first and last release only (the release that
    added the name lies between them)."""
    if lacking is None or added is None or series_of(lacking) != series_of(added):
        return None
    return None if read_whole(releases, added) else lacking


def _unknown_between(unknown: frozenset[int], low: int, high: int) -> bool:
    """Some release strictly between two release indexes may or may not have the name (see ``Release.maybe``)."""
    return any(low < i < high for i in unknown)


def _run_start(order: list[int], present: frozenset[int], at: int) -> int:
    """The position in ``order`` where the run of releases with the name that holds position ``at`` began."""
    while at > 0 and order[at - 1] in present:
        at -= 1
    return at


def _module(dist: str, module: str) -> tuple[dict[str, Any], dict[str, Any], frozenset[int]] | None:
    data = _atlas(dist)
    if data is None:
        return None
    entry = _entry(dist, module)
    if entry is None:
        return None
    return data, entry, _indexes(entry["at"], frozenset())


def _compiled(entry: dict[str, Any]) -> frozenset[int]:
    """The releases where the module is compiled and no Python file of it was read: it exists, its names are
    unknown (``tools.history.compiled``)."""
    return _indexes(entry["compiled"], frozenset()) if entry.get("compiled") else frozenset()


@functools.lru_cache(maxsize=4096)
def name_change(dist: str, module: str, name: str, *, importable: bool = False) -> Change | None:
    """Where ``from module import name`` last began or stopped working, among releases that have ``module``.

    ``importable``: the name is imported, and a submodule of that name answers too where the module does not bind
    it (onnx.mapping, a file of onnx from 1.0.0 to 1.18.0, bound in onnx/__init__ only from 1.14.0: holdout70a's
    ONNXifier#40)."""
    found = _module(dist, module)
    if found is None:
        return None
    data, entry, within = found
    if name not in entry["names"]:
        return None  # no release read has it (a typo, another package's name), or only where a backend is missing
    unknown = _indexes(entry.get("maybe", {}).get(name, ""), frozenset()) if "maybe" in entry else frozenset()
    compiled = _compiled(entry)
    present = _indexes(entry["names"][name], within)
    submodule = _entry(dist, f"{module}.{name}") if importable else None
    if submodule is not None:
        present |= _indexes(submodule["at"], frozenset()) & within
    change = _change(data, within | compiled, present, unknown | compiled)
    lazy = _LAZY_STUBS.get(dist)
    if change is not None and change.removed_in is not None and lazy is not None and change.removed_in >= lazy:
        return None  # bound by lazy_loader's stub (__init__.pyi), which the atlas does not read
    return change


#: packages that bind their modules' names through lazy_loader's stub files from a release on (librosa 0.10.0's
#: changelog, scikit-image 0.20.0's release notes: SPEC 1): every name reads as removed there (the session-36 corpus's
#: BirdNET-Pi#417, "module 'librosa' has no attribute 'load'" after a broken install)
_LAZY_STUBS = {"librosa": Version("0.10.0"), "scikit-image": Version("0.20.0")}


def name_present_throughout(dist: str, module: str, name: str) -> bool:
    """Whether every release the atlas read that has ``module`` has ``name`` in it (False: unknown or not so)."""
    found = _module(dist, module)
    if found is None:
        return False
    _, entry, within = found
    return (name in entry["names"] and bool(within)
            and _indexes(entry["names"][name], within) >= within | _compiled(entry))


def deeper_home(dist: str, module: str, name: str) -> str | None:
    """A submodule of ``module`` that has ``name`` in some release read, where ``module`` itself never had it (as a
    name, maybe or optional, and never compiled): "from torch.fx import make_fx" names the wrong module, make_fx lives
    in torch.fx.experimental.proxy_tensor (holdout54a's distractor pytorch#155323). None otherwise."""
    data = _atlas(dist)
    found = _module(dist, module)
    if data is None or found is None or f"{module}.{name}" in data["modules"]:
        return None
    _, entry, within = found
    if (not within or _compiled(entry) or name in entry["names"] or name in entry.get("maybe", {})
            or name in (entry.get("optional") or {})):
        return None
    below = sorted(deeper for deeper in data["modules"] if deeper.startswith(f"{module}."))
    return next((deeper for deeper in below if name in ((_entry(dist, deeper) or {}).get("names") or {})), None)


def read_everywhere(dist: str, module: str, shown: str | None) -> bool:
    """A module every release of ``dist`` the atlas read has, where the log shows no release or one of those: the log
    cannot tell a release older than those read from a folder of the package's name that shadows it (holdout25a's
    distractor Ham2Pose#5: a project's own tokenizers folder), and a release of those has it."""
    first = in_every_release_read(dist, module)
    if first is None:
        return False
    try:
        return shown is None or Version(shown) >= first
    except InvalidVersion:
        return False


def never_named(dist: str, module: str, name: str) -> bool:
    """Whether no release of ``module`` ever had ``name``, as a name or a submodule, not even where a backend is
    missing: the atlas read the package from its first releases (0.0.x, 0.1) on (False: unknown, or some release has
    it; an atlas that begins later, PyTorch Lightning's at 1.0.0, misses LearningRateLogger of 0.x)."""
    found = _module(dist, module)
    if found is None or _releases(dist)[0] >= Version("0.2"):
        return False
    _, entry, _ = found
    return (name not in entry["names"] and name not in entry.get("maybe", {}) and not _compiled(entry)
            and _entry(dist, f"{module}.{name}") is None)


def module_read(dist: str, module: str) -> bool | None:
    """Whether some release the atlas read has ``module`` (a Python file or compiled); None: no atlas of ``dist``."""
    return None if _atlas(dist) is None else _entry(dist, module) is not None


def in_every_release_read(dist: str, module: str) -> Version | None:
    """The first release the atlas read of ``dist``, where every release read has ``module`` (None: unknown, or not
    so)."""
    entry = _entry(dist, module)
    releases = _releases(dist)
    everywhere = frozenset(range(len(releases)))
    if entry is None or not releases or not _indexes(entry["at"], frozenset()) | _compiled(entry) >= everywhere:
        return None
    return min(releases)


def respelled(dist: str, module: str, name: str) -> tuple[str, Change] | None:
    """The name the releases give what ``name`` asks for, where no release read has ``name`` itself and one name
    differs from it in letter case only ("LLaMAForCausalLM" -> "LlamaForCausalLM"), with where that name came."""
    found = _module(dist, module)
    if found is None or name in found[1]["names"]:
        return None
    folded = name.casefold()
    # an acronym in capitals where the releases capitalise one letter ("LLaMA" for "Llama"), two letters or more:
    # a slip of the user's own hand lowers them ("AutoModelforcausallm"), or differs in one ("LLamaForCausalLM")
    spelled = [other for other in found[1]["names"] if other.casefold() == folded
               and sum(a != b for a, b in zip(other, name)) > 1
               and all(b.isupper() for a, b in zip(other, name) if a != b)]
    if len(spelled) != 1:
        return None
    change = name_change(dist, module, spelled[0])
    return (spelled[0], change) if change is not None else None


def module_change(dist: str, module: str, *, compiled: bool = False) -> Change | None:
    """Where ``import module`` (a submodule of the distribution's package) last began or stopped working.
    ``compiled``: count the releases that ship it compiled only; a compiled module missing is as often one not built
    (a source checkout shadowing the package: holdout2's distractor vllm#1367) as a release's."""
    data = _atlas(dist)
    if data is None:
        return None
    entry = _entry(dist, module)
    if entry is None:
        return None  # no release read has it
    everywhere = frozenset(range(len(data["releases"])))
    at, compiled_at = _indexes(entry["at"], frozenset()), _compiled(entry)
    # a package above it compiled or made at import time (tf.keras): whether this submodule is there is unknown
    parents = [_entry(dist, module.rsplit(".", depth)[0]) for depth in range(1, module.count("."))]
    above = frozenset().union(*(_compiled(parent) for parent in parents if parent is not None))
    if compiled:
        return _change(data, everywhere, at | compiled_at, above - at - compiled_at)
    # the releases that ship it compiled have it: unknown here, not absent (NumPy's _multiarray_umath, compiled from
    # 1.16.0, is no 2.0.0 addition: the second reader's case)
    return _change(data, everywhere, at, compiled_at | (above - at))


def asked_change(dist: str, module: str, name: str, *, compiled: bool = False, importable: bool = False
                 ) -> Change | None:
    """The change behind a name asked of a module, or behind a submodule asked for ("pkg.sub.mod" as ``name``)."""
    if name.startswith(f"{module}."):
        return module_change(dist, name, compiled=compiled)
    if (name != dist and name in atlas_distributions() and _entry(dist, f"{module}.{name}") is None
            and _entry(dist, f"{module.partition('.')[0]}._vendor.{name}") is None):
        # another package a module imported ("import anndata" in scanpy 1.11: holdout77a's scanpy#1322), not its own
        # vendored copy (setuptools' pkg_resources.packaging until 70.0.0: holdout126a's brevitas#963)
        return None
    return name_change(dist, module, name, importable=importable)


@dataclass(frozen=True)
class OldKeyword:
    """A keyword some releases' ``method`` of a package's classes named and no class of its newest release does."""

    dist: str
    keyword: str
    classes: int  # classes whose method named it in some release
    last_with: Version  # the newest release read in which one of them did
    read: int
    first_read: Version
    last_read: Version

    @property
    def source(self) -> str:
        return atlas_source(self.dist, self.read, self.first_read, self.last_read)


#: a model class as transformers names its own: a layer's or a kernel's forward says nothing of a model's call
MODEL_CLASS = re.compile(r"[A-Z]\w*(?:Model|For[A-Z]\w*|LMHeadModel)$")


@functools.lru_cache(maxsize=256)
def old_keyword(dist: str, method: str, keyword: str) -> OldKeyword | None:
    """``keyword`` where only older releases' ``method`` of a model class (transformers' ``...Model``,
    ``...ForCausalLM``) named it: how many such classes did, and the last release one did (None: fewer than two
    classes named it, or a class of the newest release still does, a model's or any other's)."""
    data = _atlas(dist)
    if data is None:
        return None
    newest, last, classes = len(data["releases"]) - 1, -1, 0
    quoted = json.dumps(keyword)
    for module, text in data["modules"].items():
        if not isinstance(text, str) or quoted not in text:  # the module's JSON names it nowhere: nothing to parse
            continue
        entry = _entry(dist, module)
        if entry is None:
            continue
        for name, klass in entry["classes"].items():
            found = klass["methods"].get(method)
            if found is None or keyword not in found["keywords"]:
                continue
            within = _indexes(found["at"], _indexes(klass["at"], _indexes(entry["at"], frozenset())))
            named = _indexes(found["keywords"][keyword], within)
            if newest in named:
                return None
            if named and MODEL_CLASS.match(name):
                classes += 1
                last = max(last, *named)
    if classes < 2:
        return None
    releases = _releases(dist)
    return OldKeyword(dist, keyword, classes, releases[last], len(releases), min(releases), max(releases))


def class_homes(dist: str, cls: str) -> list[tuple[str, dict[str, Any], frozenset[int]]]:
    """Every module of ``dist``'s atlas that defines a class ``cls``, with the class's entry and the releases that have
    it there (a class that moved between modules has a home in each)."""
    data = _atlas(dist)
    homes = []
    for module in (data or {}).get("classes", {}).get(cls, ()):
        entry = _entry(dist, module)
        klass = entry["classes"].get(cls) if entry is not None else None
        if entry is not None and klass is not None:
            homes.append((module, klass, _indexes(klass["at"], _indexes(entry["at"], frozenset()))))
    return homes


def method_change(dist: str, cls: str, method: str) -> Change | None:
    """Where ``cls.method`` last came or went among the releases that have ``cls`` (any module defining it)."""
    data = _atlas(dist)
    if data is None:
        return None
    within: frozenset[int] = frozenset()
    present: frozenset[int] = frozenset()
    for _, klass, class_at in class_homes(dist, cls):
        within |= class_at
        if method in klass["methods"]:
            present |= _indexes(klass["methods"][method]["at"], class_at)
    return _change(data, within, present) if present else None


@functools.lru_cache(maxsize=256)
def classes_with_method(dist: str, method: str) -> frozenset[str]:
    """Every class of ``dist`` that had ``method`` in some release read."""
    data = _atlas(dist)
    if data is None:
        return frozenset()
    quoted = json.dumps(method)
    found: set[str] = set()
    for module, text in data["modules"].items():
        if isinstance(text, str) and quoted in text:  # the module's JSON names it nowhere: nothing to parse
            entry = _entry(dist, module)
            found.update(name for name, klass in (entry or {}).get("classes", {}).items() if method in klass["methods"])
    return frozenset(found)


def kept_addition(dist: str, name: str, change: Change) -> bool:
    """A name a later release added and kept, that no class of the package has as a method: read of the module by the
    user's own code, code written for a newer release (CuPy's RawKernel, 5.0.0: holdout27a's cupy#1716). A method's
    name asked of the module is as often a slip a later release happens to have (holdout10a's distractor ncls#42:
    np.astype for arr.astype, a function NumPy 2.0.0 added)."""
    return change.written_for == "a newer" and not classes_with_method(dist, name)


@functools.lru_cache(maxsize=256)
def classes_method_change(dist: str, method: str, prefix: str = "") -> Change | None:
    """Where ``method`` last came or went among the releases of the classes of ``dist`` whose name starts with
    ``prefix`` that had it: a method a class inherits from its package's base of its line (matplotlib's
    ``FigureCanvasTkAgg.tostring_rgb``, FigureCanvasAgg's)."""
    data = _atlas(dist)
    if data is None:
        return None
    quoted = json.dumps(method)
    within: frozenset[int] = frozenset()
    present: frozenset[int] = frozenset()
    for module, text in data["modules"].items():
        if not isinstance(text, str) or quoted not in text:  # the module's JSON names it nowhere: nothing to parse
            continue
        entry = _entry(dist, module)
        for name, klass in (entry or {}).get("classes", {}).items():
            if method in klass["methods"] and name.startswith(prefix):
                class_at = _indexes(klass["at"], _indexes(entry["at"], frozenset()))  # type: ignore[index]
                within |= class_at
                present |= _indexes(klass["methods"][method]["at"], class_at)
    return _change(data, within, present) if present else None


#: the stack this tool serves, whose classes a log may name bare ("'LlamaAttention' object has no attribute"):
#: a class of theirs is taken to be theirs where one of them alone defines it. The atlas's other distributions
#: (NumPy, vLLM, bitsandbytes ...) are read for their modules' names; their classes are named by many other
#: projects' classes too (cbapi's own "Binary", numpy's), so a bare name is theirs only where the caller asks
#: for the class's history (a keyword of its method), never for an attribute
STACK = frozenset({"accelerate", "compressed-tensors", "datasets", "diffusers", "huggingface-hub", "llmcompressor",
                   "optimum", "peft", "sentence-transformers", "transformers", "trl"})


def owner_of_class(cls: str, *, beyond_the_stack: bool = False, seen: frozenset[str] = frozenset()) -> str | None:
    """The one distribution of the stack whose modules define a class named ``cls`` (None: none, or several);
    with ``beyond_the_stack``, where none of the stack does, the one other distribution of the atlas that does,
    or of several (``Image``: Pillow's, gradio's, torchvision's) the one whose frames the log shows (``seen``).
    From the atlas's class index, without loading every distribution's file."""
    owners = _class_index().get(cls, [])
    if beyond_the_stack and len(owners) > 1:
        framed = [dist for dist in owners if dist in seen]
        if len(framed) == 1:
            return framed[0]
    stack = [dist for dist in owners if dist in STACK]
    if stack or not beyond_the_stack:
        return stack[0] if len(stack) == 1 else None
    return owners[0] if len(owners) == 1 else None


@functools.cache
def classes_of(dist: str) -> frozenset[str]:
    """Every class name the atlas's class index gives ``dist``."""
    return frozenset(cls for cls, owners in _class_index().items() if dist in owners)


def owners_of_class(cls: str) -> tuple[str, ...]:
    """Every distribution of the atlas whose modules define a class named ``cls``."""
    return tuple(_class_index().get(cls, ()))


@functools.cache
def _class_index() -> dict[str, list[str]]:
    return _read(CLASS_INDEX) or {}
