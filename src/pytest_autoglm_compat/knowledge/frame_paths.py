"""A traceback's file path, read as the dotted module it belongs to and whether it is a package's code.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re


def frame_module(path: str, roots: frozenset[str], checkouts: frozenset[str] = frozenset()) -> str:
    """The dotted module a traceback's file path belongs to, as far as a path tells.

    Installed code: what follows site-packages; hub remote code: from
    ``transformers_modules``; a checkout of a known package (``AutoGPTQ/auto_gptq/...``):
    from the package's directory; a folder named as a package the log says lacks a submodule (``checkouts``),
    where no rule above placed it: from that folder; anything else: the file's stem (a script).
    """
    parts = [p for p in re.split(r"[\\/]+", path.strip()) if p]
    if not parts:
        return ""
    if len(parts) > 1 and parts[-2].lower() in ("bin", "scripts") and "." not in parts[-1]:
        # a console script pip wrote (".../env/bin/vllm"): Python runs it as __main__, and its name is the command's,
        # not a module that could shadow the package (holdout62a: dots.ocr#267)
        return "__main__"
    stem = re.sub(r"\.pyc?$", "", parts[-1])
    whole = parts  # the path as given: a clone is told by its file too (an __init__.py is a package's)
    if stem == "__init__" and len(parts) > 1:  # a package's own module is named by the package
        parts, stem = parts[:-1], parts[-2]
    for i in range(len(parts) - 2, -1, -1):  # an egg setuptools installed (holdout76b: scikit-cuda#307):
        if parts[i].lower().endswith(".egg"):  # ".../scikit_cuda-0.5.4-py3.7.egg/skcuda/cusolver.py"
            return ".".join([*parts[i + 1:-1], stem])
    for i in range(len(parts) - 1, -1, -1):
        if parts[i].lower() in ("site-packages", "dist-packages"):
            return ".".join([*parts[i + 1:-1], stem])
    for i in range(len(parts) - 2, 0, -1):  # setuptools' build tree of a checkout: .../build/lib/wxmplot/x.py
        if parts[i - 1] == "build" and (parts[i] == "lib" or parts[i].startswith("lib.")):
            return ".".join([*parts[i + 1:-1], stem])
    for i, part in enumerate(parts):
        if part == "transformers_modules" or part in roots:
            return ".".join([*parts[i:-1], stem])
    clone = _clone_of(whole)
    if clone:  # a clone of a package's repository, named for it: .../scanpy/scanpy/preprocessing/_simple.py
        return ".".join([*parts[clone:-1], stem])
    for i in range(len(parts) - 3, -1, -1):  # a checkout's src layout: .../src/llamafactory/model/loader.py
        if _src_layout(parts, i):
            return ".".join([*parts[i + 1:-1], stem])
    for i, part in enumerate(parts[:-1]):
        if part in checkouts:
            return ".".join([*parts[i:-1], stem])
    return stem


def init_folder(path: str) -> str | None:
    """The folder a package's ``__init__.py`` lies in, by name ("C:\\x\\jinja2\\__init__.py" -> "jinja2"); None for
    any other file."""
    if not path.endswith("__init__.py"):
        return None
    parts = [p for p in re.split(r"[\\/]+", path.strip()) if p]
    return parts[-2] if len(parts) > 1 and parts[-1] == "__init__.py" and parts[-2].isidentifier() else None


#: an __init__.py's import of a module of its own package: "from .environment import Environment", "from . import
#: (core,"
_OWN_IMPORT = re.compile(r"\s*from (?:\.|(?P<top>[A-Za-z_]\w*)\.)(?P<rest>[\w.]*) import \(?\s*(?P<name>\w+)")


def imports_own_module(folder: str, source: str) -> bool:
    """An ``__init__.py``'s source line imports a module the releases of the package named ``folder`` have (the API
    atlas's): the folder is that package, not a project's own folder of that name."""
    from .generic.atlas import module_read  # generic imports this module's importers: imported when asked
    from .generic.names import distribution_of

    found = _OWN_IMPORT.match(source)
    if found is None or (found["top"] and found["top"] != folder):
        return False
    module = f"{folder}.{found['rest']}" if found["rest"] else f"{folder}.{found['name']}"
    return module_read(distribution_of(folder), module) is True


#: an import statement's module: "from sphinx.util.console import red" -> "sphinx.util.console"
_IMPORTED_MODULE = re.compile(r"(?:from|import) ([A-Za-z_][\w.]*)")


def own_tree_module(path: str, module: str, source: str) -> str:
    """A script-like frame's module where its file lies in the folders of the module its own import statement asks:
    that package's checkout running its own code (holdout94a's distractor sphinx#403, ".../sphinx/cmdline.py"
    importing sphinx.util.console, a development revision's half-made change); not a clone's examples beside it
    (".../diffusers/examples/x.py": a release's user, the session-30 second reader's case); else ``module``."""
    found = _IMPORTED_MODULE.match(source)
    parts = [p for p in re.split(r"[\\/]+", path.strip()) if p]
    asked = found[1].split(".") if found else []
    if not asked or asked[0] not in parts[:-1]:
        return module
    at = len(parts) - 2 - parts[-2::-1].index(asked[0])
    folders = parts[at:-1]
    if folders != asked[:len(folders)]:
        return module
    return ".".join([*folders, re.sub(r"\.pyc?$", "", parts[-1])])


def _src_layout(parts: list[str], i: int) -> bool:
    """``parts[i]`` is a checkout's ``src`` folder with a package in it, not a home's folder of projects
    (/home/wal/src/github/RippleNet/...: the second reader's RippleNet#20, read as a package "github")."""
    home = i == 0 or (i == 2 and parts[0].lower() in ("home", "users")) or (
        i == 3 and parts[0].endswith(":") and parts[1].lower() == "users")
    return parts[i] == "src" and parts[i + 1].isidentifier() and not home


def is_package_path(path: str, roots: frozenset[str], checkouts: frozenset[str] = frozenset()) -> bool:
    """A frame's file is a package's code (installed, remote model code, a checkout of one): not a script."""
    parts = [p for p in re.split(r"[\\/]+", path.strip()) if p]
    return any(p.lower() in ("site-packages", "dist-packages") or p == "transformers_modules" or p in roots
               or p in checkouts for p in parts[:-1]) or any(
        _src_layout(parts, i) for i in range(len(parts) - 2)) or bool(_clone_of(parts))


_NOT_PACKAGE_CODE = frozenset({"examples", "example", "tests", "test", "scripts", "docs", "tutorials", "tutorial",
                               "notebooks", "demo", "demos", "benchmarks", "tools"})


def _clone_of(parts: list[str]) -> int:
    """Where a folder named for a package the API atlas reads holds a folder of the same name (a clone of its
    repository running its own code: holdout117a's scanpy#1151, "/scanpy/scanpy/_utils.py"), and the file is one of
    the package's modules: the inner folder's place; 0 where none does."""
    from .generic.names import clone_names  # the atlas's names, read once; generic reads this module

    names = clone_names()
    at = next((i for i in range(len(parts) - 2, 0, -1) if parts[i] == parts[i - 1] and parts[i] in names), 0)
    # a package's module, not a script of the user's in a folder so named (the session-38 second reader's
    # ~/keras/keras/tutorial.py): a subfolder's, or a private module's ("_utils.py")
    if not at or (len(parts) > at + 1 and parts[at + 1].lower() in _NOT_PACKAGE_CODE):
        return 0  # ~/keras/keras/examples/x.py: a folder of scripts beside the package (the third second reader's)
    return at if len(parts) - at > 2 or parts[-1].startswith("_") else 0


#: a module's file a message names that is no installed distribution's ("(/home/u/project/utils.py)")
LOCAL_FILE = re.compile(r"\((?![^)]*(?:site|dist)-packages)[^)]*\.py\)")

#: the file Python names after "cannot import name 'X' from 'M'": an installed package's, or None
_IMPORTED_FROM = re.compile(r"cannot import name '\w+' from '[\w.]+' \((?P<path>[^()\n]{1,400})\)")


def imported_path(message: str) -> str | None:
    """The file an import error names after "cannot import name 'X' from 'M'" (None: it names none)."""
    found = _IMPORTED_FROM.search(message)  # starts with a literal: searched for as one
    return found["path"] if found is not None else None


def inside_the_askers_tree(message: str, asker_top: str) -> bool:
    """The module asked of is a folder inside the asking package's own tree, not an installed distribution (holdout70a's
    distractor DeformableObjectsGrasping#2: slip_detection's own Models package lacks modules it imports)."""
    path = imported_path(message) if "cannot import name" in message else None
    if path is None:
        return False
    path = path.replace("\\", "/")
    return "-packages/" not in path and f"/{asker_top}/" in path
