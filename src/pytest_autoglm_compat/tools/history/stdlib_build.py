"""Building the bundled standard-library history: which Python had which module, and which module had which name.

Run by maintainers, never by ``explain``::

    python -m pytest_autoglm_compat.tools.history.stdlib_build \\
        --typeshed .../mypy/typeshed/stdlib/VERSIONS ~/.pyenv/versions/3.*/bin/python3.?*

A module's life comes from typeshed's ``stdlib/VERSIONS`` (the first and the last
Python with it, kept by typeshed's maintainers from 3.0 on) and, for a pure-Python
module typeshed no longer lists (``formatter``, ``_bootlocale``), from the
interpreters given. A name's life comes from the interpreters only: each imports
every module of its own library and lists what it binds; a name is kept where some
of the interpreters read have it and others do not, in one unbroken run. What a
build may or may not have (a compiled module left out for a missing system library,
an OS constant) is left out: an ALL-CAPS name of an OS module (``os``, ``signal``,
``ssl``), a submodule bound as an attribute, a module from ``lib-dynload`` typeshed
does not list. The builtin types' methods (``str.removesuffix``) are read as the
names of ``builtins.<type>``. ``explain`` then answers
"module 'collections' has no attribute 'Mapping'" with the Python that removed it,
offline.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...knowledge.generic.stdlib import minor

STDLIB_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "stdlib.json.gz"

#: run by each interpreter read (Python 3.6 and later: no annotations future, no walrus): prints one JSON object
WORKER = r'''
import importlib, io, json, os, pkgutil, sys, sysconfig, types, warnings
warnings.simplefilter("ignore")
SKIP = {"antigravity", "this", "__main__", "__hello__", "__phello__", "idlelib", "turtledemo", "test", "tkinter",
        "turtle", "lib2to3.pgen2.conv", "ensurepip", "venv.__main__", "pydoc_data"}
paths = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib")}
dynload = {os.path.join(p, "lib-dynload") for p in paths}
names = getattr(sys, "stdlib_module_names", None)
if names is None:
    names = set(sys.builtin_module_names) | {m.name for m in pkgutil.iter_modules(sorted(paths | dynload))}
tops = sorted(n for n in names if n not in SKIP and not n.startswith(("_test", "test_")))
modules = {}
out = sys.stdout
def kind(module):
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None) or ""
    if origin in ("built-in", "frozen"):
        return "builtin"
    if any(origin.startswith(d) for d in dynload) or origin.endswith((".so", ".pyd")):
        return "ext"
    return "py"
def read(name):
    if name in SKIP or name.split(".")[0] in SKIP or ".test" in name or ".tests" in name:
        return
    sys.stdout = io.StringIO()
    try:
        module = importlib.import_module(name)
    except BaseException:
        modules[name] = {"kind": "failed"}
        return
    finally:
        sys.stdout = out
    # a submodule bound as an attribute is there only once something imported it: left out
    bound = sorted(n for n, v in vars(module).items() if not (n.startswith("__") and n.endswith("__"))
                   and not (isinstance(v, types.ModuleType) and v.__name__.startswith(name + ".")))
    modules[name] = {"kind": kind(module), "names": bound}
    if hasattr(module, "__path__"):
        for info in pkgutil.iter_modules(module.__path__, name + "."):
            read(info.name)
for top in tops:
    read(top)
for t in (str, bytes, bytearray, int, float, complex, list, tuple, dict, set, frozenset, range, memoryview):
    modules["builtins." + t.__name__] = {"kind": "type", "names": sorted(n for n in dir(t) if not n.startswith("__"))}
print(json.dumps({"version": "%d.%d.%d" % sys.version_info[:3], "modules": modules}))
'''

#: run by each interpreter after the first reading, the names any interpreter bound on stdin ({module: [names]}):
#: prints which of them each module has, as ``hasattr`` finds them. A module's ``__getattr__`` serves names its
#: namespace does not bind (collections.Mapping on 3.7 to 3.9, typing.ContextManager on 3.13)
PROBE = r'''
import importlib, io, json, sys, warnings
warnings.simplefilter("ignore")
asked = json.load(sys.stdin)
out, found = sys.stdout, {}
for name, names in sorted(asked.items()):
    sys.stdout = io.StringIO()
    try:
        module = importlib.import_module(name)
        has = []
        for n in names:
            try:
                if hasattr(module, n):
                    has.append(n)
            except BaseException:
                pass
        found[name] = has
    except BaseException:
        pass
    finally:
        sys.stdout = out
print(json.dumps(found))
'''

_CAPS = re.compile(r"_*[A-Z][A-Z0-9_]*$")
#: modules whose ALL-CAPS names are the OS's or a linked library's constants (a build's, not the release's)
_PLATFORM_MODULES = frozenset({"os", "posix", "nt", "signal", "socket", "ssl", "errno", "select", "time", "resource",
                               "termios", "fcntl", "mmap", "curses", "stat", "locale", "tty", "pty", "syslog", "zlib",
                               "sqlite3", "readline", "sys", "hashlib", "ctypes", "subprocess", "posixsubprocess",
                               "multiprocessing", "asyncio", "dbm", "gdbm", "lzma", "bz2", "uuid", "tkinter", "crypt"})
_RANGE = re.compile(r"^(?P<module>[\w.]+):\s*(?P<first>\d+\.\d+)-(?P<last>\d+\.\d+)?\s*$")


def read_interpreter(python: str) -> dict[str, Any]:
    """One interpreter's library, as its worker lists it."""
    done = subprocess.run([python, "-I", "-c", WORKER], capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def probe_interpreter(python: str, asked: dict[str, list[str]]) -> dict[str, list[str]]:
    """The names of ``asked`` each module of one interpreter has, as ``hasattr`` finds them."""
    done = subprocess.run([python, "-I", "-c", PROBE], input=json.dumps(asked), capture_output=True, text=True,
                          timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def probed(pythons: Sequence[str], reads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each reading with every module's names replaced by those of all readings it has by ``hasattr``."""
    asked: dict[str, set[str]] = {}
    for read in reads:
        for module, seen in read["modules"].items():
            asked.setdefault(module, set()).update(seen.get("names", ()))
    question = {module: sorted(names) for module, names in asked.items()}
    for python, read in zip(pythons, reads):
        has = probe_interpreter(python, question)
        for module, seen in read["modules"].items():
            if "names" in seen and module in has:
                seen["names"] = has[module]
    return reads


def typeshed_ranges(versions_file: Path) -> dict[str, list[str | None]]:
    """typeshed's ``VERSIONS``: module -> [first, last] ("3.0", None: still there)."""
    ranges: dict[str, list[str | None]] = {}
    for line in versions_file.read_text().splitlines():
        found = _RANGE.match(line.partition("#")[0].strip())
        if found:
            ranges[found["module"]] = [found["first"], found["last"]]
    return ranges


def _run(indexes: list[int]) -> tuple[int, int] | None:
    """The first and last index of an unbroken run (None: broken)."""
    return (indexes[0], indexes[-1]) if indexes == list(range(indexes[0], indexes[-1] + 1)) else None


def build(reads: list[dict[str, Any]], typeshed: dict[str, list[str | None]]) -> dict[str, Any]:
    """The history: the minors read, each module's life, each module's names that some minors lack."""
    reads = sorted(reads, key=lambda r: tuple(int(p) for p in r["version"].split(".")))
    minors = [minor(r["version"]) for r in reads]
    modules: dict[str, list[str | None]] = {m: list(r) for m, r in typeshed.items()}
    names: dict[str, dict[str, list[int]]] = {}
    every = sorted({m for r in reads for m in r["modules"]})
    for module in every:
        seen = [r["modules"].get(module) for r in reads]
        present = [i for i, s in enumerate(seen) if s is not None]
        if any(s is not None and s["kind"] in ("ext", "failed") for s in seen):
            if module not in typeshed:
                continue  # a compiled module may be left out of a build: only typeshed says when it came or went
        elif module not in typeshed and seen[present[0]]["kind"] != "type" and (span := _run(present)) is not None:
            first, last = span
            modules[module] = [minors[first] if first > 0 else None,  # None: the oldest read has it already
                               minors[last] if last < len(reads) - 1 else None]
        if any(s is None or s["kind"] == "failed" for s in seen[present[0]:present[-1] + 1]):
            continue  # a name's life is read only where every read between has the module imported
        held = [set(s["names"]) for s in seen[present[0]:present[-1] + 1] if s is not None]
        kept: dict[str, list[int]] = {}
        for name in sorted(set().union(*held) - set.intersection(*held)):
            if _CAPS.match(name) and module.lstrip("_").partition(".")[0] in _PLATFORM_MODULES:
                continue  # a constant of the OS or of a build (ssl's PROTOCOL_*, signal's SIG*): not the release's
            at = [present[0] + i for i, h in enumerate(held) if name in h]
            span = _run(at)
            if span is not None:
                kept[name] = list(span)
        if kept:
            names[module] = kept
    return {"read": [r["version"] for r in reads], "modules": modules, "names": names}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("python", nargs="+", help="interpreters to read, one per minor version")
    parser.add_argument("--typeshed", type=Path, required=True, help="typeshed's stdlib/VERSIONS")
    parser.add_argument("--out", type=Path, default=STDLIB_FILE)
    args = parser.parse_args(argv)
    reads = []
    for python in args.python:
        reads.append(read_interpreter(python))
        print(f"{python}: Python {reads[-1]['version']}, {len(reads[-1]['modules'])} modules", file=sys.stderr)
    data = build(probed(args.python, reads), typeshed_ranges(args.typeshed))
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    args.out.write_bytes(gzip.compress(text, 9, mtime=0))
    print(f"{args.out}: {len(data['modules'])} modules, {sum(map(len, data['names'].values()))} names, "
          f"{args.out.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
