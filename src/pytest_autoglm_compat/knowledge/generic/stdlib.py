"""A name or module of Python's own library that this Python lacks: code written for another Python.

"module 'collections' has no attribute 'Mapping'", "No module named 'distutils'",
"cannot import name 'Literal' from 'typing'": the interpreter is the package whose
release does not fit. The bundled history (``knowledge/stdlib.json.gz``, built by
``tools.history.stdlib_build`` from CPython 3.6 to 3.13 and typeshed's ``VERSIONS``)
says which Pythons had it; a name every Python read has, or none had, gets no
answer here (a file shadowing the module, a typo), nor does a Python the log shows
that has it.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ...model.hints import Hint
from ..failure import LOG_LINE, Failure
from ..frame_paths import LOCAL_FILE, imported_path
from .api import asked
from .machine import Situation
from .names import distribution_of, installed_package, is_standard, package_frames, top

#: a file of a Python's own library: ".../lib/python3.10/collections/__init__.py", "C:\\Python37\\lib\\typing.py"
#: (Fedora's and SUSE's lib64/python3.X too: holdout48a's neuralxc#15)
#: (and a conda root's or environment's Lib folder on Windows, where the library lies directly: holdout87a's
#: braindecode#399, "\\.conda\\envs\\braindecode\\lib\\collections\\__init__.py")
_LIBRARY_FILE = re.compile(r"[\\/](?:lib(?:64)?[\\/]python3\.\d{1,2}|Python3\d{1,2}(?:-32)?[\\/]lib"
                           r"|(?:envs\\[^\\/\n]{1,100}|(?:ana|mini)conda3)\\lib"
                           # the Microsoft Store's Python (holdout117a: hgcn#43)
                           r"|PythonSoftwareFoundation\.Python\.3\.\d{1,2}_[\w.]{1,60}[\\/]lib)[\\/]", re.IGNORECASE)
_NO_MODULE = re.compile(r"No module named '(?P<module>[A-Za-z_]\w*(?:\.\w+)*)'")
#: a method of a builtin type asked of its object ("'str' object has no attribute 'removesuffix'"): the history reads
#: each type's methods as the names of ``builtins.<type>``
_BUILTIN_METHOD = re.compile(r"'(?P<type>str|bytes|bytearray|int|float|complex|list|tuple|dict|set|frozenset|range|"
                             r"memoryview)' object has no attribute '(?P<name>\w+)'")
_BUILTIN_TYPES = (str, bytes, bytearray, int, float, complex, list, tuple, dict, set, frozenset, range, memoryview)
#: what setuptools keeps of a module Python removed (Python 3.12's What's New: "setuptools ... continues to
#: provide distutils")
_STILL_PROVIDED = {"distutils": "setuptools"}


@dataclass(frozen=True)
class Life:
    """The Pythons that have a module or a name: the first and the last minor (None: from before / until after
    every Python read)."""

    first: str | None
    last: str | None


@functools.cache
def _history() -> dict[str, Any]:
    try:
        raw = resources.files("pytest_autoglm_compat.knowledge").joinpath("stdlib.json.gz").read_bytes()
        data = json.loads(gzip.decompress(raw))
    except (OSError, ValueError, EOFError):
        return {"read": [], "modules": {}, "names": {}}
    return data if isinstance(data, dict) else {"read": [], "modules": {}, "names": {}}


def minor(version: str) -> str:
    """"3.12.1" -> "3.12"."""
    return ".".join(version.split(".")[:2])


def minor_key(minor: str) -> tuple[int, ...]:
    """"3.12" -> (3, 12): Python minors compared as numbers."""
    return tuple(int(p) for p in minor.split(".")[:2] if p.isdigit())


@functools.cache
def _read_minors() -> tuple[str, ...]:
    """The minors the history was read from, oldest first: a name's life is kept as indexes into them."""
    return tuple(minor(v) for v in _history()["read"])


def read_pythons() -> tuple[str, str] | None:
    """The oldest and the newest Python the history was read from ("3.6", "3.13")."""
    read = _read_minors()
    return (read[0], read[-1]) if read else None


def module_life(module: str) -> Life | None:
    """Which Pythons have the module (None: not a module of the standard library of any)."""
    modules = _history()["modules"]
    while module not in modules and "." in module:  # a submodule typeshed does not list lives as its parent
        module = module.rpartition(".")[0]
    found = modules.get(module)
    if not isinstance(found, list):
        return None
    first = found[0] if found[0] not in (None, "3.0") else None
    return Life(first, found[1])


def name_life(module: str, name: str) -> Life | None:
    """Which Pythons read have the module's name (None: every Python read that has the module has it, or none)."""
    found = _history()["names"].get(module, {}).get(name)
    if not isinstance(found, list):
        return None
    read = _read_minors()
    return Life(read[found[0]] if found[0] > 0 else None, read[found[1]] if found[1] < len(read) - 1 else None)


def _next(minor: str) -> str:
    major, _, number = minor.partition(".")
    return f"{major}.{int(number) + 1}"


#: a folder of a Python's, in a lowered path: "/lib/python3.12/", "\\python312\\" ("/lib/" is not asked: any folder so
#: named is one), the character before it checked apart (a literal first: the regex engine's fast search)
_PATH_PYTHON = re.compile(r"python(?P<minor>3\.\d{1,2})[\\/]")
_WINDOWS_PYTHON = re.compile(r"python3(?P<minor>\d{1,2})(?:-32)?[\\/]")
#: the interpreter's own banner, as Stable Diffusion WebUI's launcher prints it: "Python 3.10.9 (tags/v3.10.9:1dd9be6,
#: Dec  6 2022, 20:01:21) [MSC v.1934 64 bit (AMD64)]" (holdout27b: stable-diffusion-webui#9375)
#: (at a line's start, checked behind the literal the engine finds in C: "^" with MULTILINE is tried at every line)
_BANNER_PYTHON = re.compile(r"Python (?P<minor>3\.\d{1,2})\.\d+ \((?:tags|main|default)")


def python_of(text: str, lowered: str | None = None) -> str | None:
    """The Python minor a log's paths or the interpreter's banner show ("/lib/python3.12/", "\\Python312\\", "Python
    3.10.9 (tags/..."), where they show one only. ``lowered``: ``text.lower()``, where the caller has it."""
    found: set[str] = set()
    if "ython3" in text or "YTHON3" in text:
        lowered = text.lower() if lowered is None else lowered
        found = {f"3.{m['minor']}" for m in _WINDOWS_PYTHON.finditer(lowered) if after_separator(lowered, m.start())}
        found |= {m["minor"] for m in _PATH_PYTHON.finditer(lowered) if after_separator(lowered, m.start())}
    if "Python 3." in text:
        found |= {m["minor"] for m in _BANNER_PYTHON.finditer(text) if m.start() == 0 or text[m.start() - 1] == "\n"}
    return found.pop() if len(found) == 1 else None


def after_separator(text: str, at: int) -> bool:
    """A path separator stands just before ``at``: a folder's name found by its literal starts there."""
    return at > 0 and text[at - 1] in "\\/"


def python_release(failure: Failure, version_of: Callable[[str], str | None],
                   situation: Situation | None = None) -> Hint | None:
    """A module or name of the standard library that the Python running the code lacks, where others have it."""
    module, name = _asked_of_the_library(failure)
    if module is None:
        return None
    life = name_life(module, name) if name else module_life(module)
    if life is None or (life.first is None and life.last is None):
        return None
    shown = version_of("python")
    python = minor(shown) if shown else (python_of(failure.message) or (situation.python if situation else None))
    what = f"{module.removeprefix('builtins.')}.{name}" if name else f"the module {module}"
    asker = _asker(failure)
    if life.last is not None and (python is None or minor_key(python) > minor_key(life.last)):
        removed = _next(life.last)
        this = f"Python {python}" if python else "this Python"
        cause = (f"{asker[0]} asks for {what}, which Python {removed} and later do not have (removed in Python "
                 f"{removed}): {this} is newer than the code was written for")
        provider = _STILL_PROVIDED.get(module.partition(".")[0]) if not name else None
        fix = (f"{_release_of(asker[1], this)}, or run it on Python {life.last} (a virtual environment made with "
               f"python{life.last})")
        if provider:
            fix = f"pip install {provider} (it still provides {module} on Python {removed} and later), or {fix}"
    elif life.first is not None and (python is None or minor_key(python) < minor_key(life.first)):
        this = f"Python {python}" if python else "this Python"
        cause = (f"{asker[0]} asks for {what}, which is new in Python {life.first}: {this} is older than the code "
                 "was written for")
        fix = (f"run it on Python {life.first} or newer (a virtual environment made with python{life.first}), or "
               f"{_release_of(asker[1], this)}")
    else:
        return None  # the Python the log shows has it: something else hides it (a file of that name)
    oldest, newest = read_pythons() or ("?", "?")
    return Hint(cause, fix, f"reasoned from the log and the standard library of CPython {oldest} to {newest} "
                "(read by tools.history.stdlib_build; modules' lives from typeshed's stdlib/VERSIONS)",
                family="api-mismatch")


def _asked_of_the_library(failure: Failure) -> tuple[str | None, str]:
    """(module, name) the failure asked of the standard library ("" name: the module itself); (None, "") where it
    asked something else, or where a file outside the Python's own library answered for the module."""
    message = failure.message
    if "partially initialized module" in message:
        return None, ""  # a circular import
    path = imported_path(message)
    if path and (installed_package(path) is not None
                 or (LOCAL_FILE.search(message) and not _LIBRARY_FILE.search(path))):
        return None, ""  # a package or a file of that name shadows the module (a PyPI backport: typing, enum34)
    import_error = failure.is_a("builtins.ImportError") or failure.types == (LOG_LINE,)
    missing = _NO_MODULE.search(message) if import_error and "No module named" in message else None
    if missing:
        module = missing["module"]
        return (module, "") if module_life(module) is not None else (None, "")
    method = _BUILTIN_METHOD.search(message) if "object has no attribute" in message else None
    if method is not None and failure.is_a("builtins.AttributeError"):  # str.removesuffix: Python 3.9's
        if _of_another_type(method["type"], method["name"]):
            return None, ""  # int.is_integer: more often an int where the code expected a float, which always had it
        return f"builtins.{method['type']}", method["name"]
    shape = asked(failure)
    if shape is None or shape.module is None or module_life(shape.module) is None or shape.what.startswith(
            "the module "):
        return None, ""
    return shape.module, shape.name


def _of_another_type(type_name: str, name: str) -> bool:
    """Another builtin type has the method in every Python read (this one has it, the history records no change)."""
    for other in _BUILTIN_TYPES:
        if other.__name__ == type_name or not hasattr(other, name):
            continue
        if name_life(f"builtins.{other.__name__}", name) is None:
            return True
    return False


def _asker(failure: Failure) -> tuple[str, str]:
    """(who asks, as the cause says it; its distribution, "" for a script's code) from the innermost frame outside
    the standard library."""
    asking = next((f.partition(":")[0] for f in reversed(failure.frames or ())
                   if not is_standard(f.partition(":")[0]) and module_life(top(f.partition(":")[0])) is None), None)
    if asking is not None and package_frames((f"{asking}:",), failure.packages):
        dist = distribution_of(asking)
        return f"{dist} ({asking})", dist
    return "the code", ""


def _release_of(dist: str, python: str) -> str:
    """The fix on the code's side: a release of its package for this Python, or the code itself changed."""
    if not dist:
        return f"change the code to what {python} has"
    return f"install a release of {dist} that supports {python}, where it has one"
