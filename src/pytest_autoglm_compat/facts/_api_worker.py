"""Runs in a child interpreter: imports what the checks name and reports facts as JSON lines.

Standard library only, and run by file path, so it works in any environment
the parent can start. It reports what it finds; the parent decides verdicts.
A "start" line precedes each check so that the parent can tell which check a
crash or hang happened in.
"""

from __future__ import annotations

import csv
import dataclasses
import importlib
import importlib.machinery
import inspect
import io
import json
import os
import re
import sys
import sysconfig
import traceback
from typing import Any


def _kind(obj: Any, raw: Any) -> str:
    if isinstance(raw, property):
        return "property"
    if obj is None:
        return "None"
    if inspect.ismodule(obj):
        return "module"
    if inspect.isclass(obj):
        return "class"
    if inspect.isfunction(obj) or inspect.isbuiltin(obj) or inspect.ismethod(obj):
        return "function"
    for name, typ in (("bool", bool), ("dict", dict), ("list", list), ("tuple", tuple),
                      ("str", str), ("int", int)):
        if isinstance(obj, typ):
            return name
    if callable(obj):
        return "callable"
    return type(obj).__name__


def _fields(obj: Any) -> list[str]:
    if dataclasses.is_dataclass(obj):
        return [f.name for f in dataclasses.fields(obj)]
    names: list[str] = []
    if inspect.isclass(obj):
        names += _params(obj.__init__)
        for klass in reversed(obj.__mro__):
            names += [n for n in vars(klass) if not n.startswith("__")]
            names += list(getattr(klass, "__annotations__", {}))
    return sorted(set(names) - {"self"})


def _params(obj: Any) -> list[str]:
    try:
        return list(inspect.signature(obj).parameters)
    except (TypeError, ValueError):
        return []


def _error(exc: BaseException) -> dict[str, Any]:
    error = {
        "type": type(exc).__name__,
        "module": type(exc).__module__,
        "message": str(exc)[:2000],
        "traceback": "".join(traceback.format_exception_only(type(exc), exc))[-2000:],
    }
    name = getattr(exc, "name", None) if isinstance(exc, ImportError) else None
    if isinstance(name, str):
        error["name"] = name  # the module that was not found: the target's own package, or a dependency
    return error


def _silenced(fn: Any, *args: Any) -> Any:
    """Imports print ("CUDA extension not installed."); keep the protocol stream clean."""
    saved_out, saved_err = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = io.StringIO()
    try:
        return fn(*args)
    finally:
        sys.stdout, sys.stderr = saved_out, saved_err


def _import_fresh(name: str) -> Any:
    """Import each parent package first, as a fresh interpreter would.

    A failed ``import auto_gptq`` leaves submodules it finished in sys.modules;
    importing ``auto_gptq.utils.import_utils`` directly would then wrongly succeed.
    """
    parts = name.split(".")
    module = None
    for i in range(len(parts)):
        module = importlib.import_module(".".join(parts[: i + 1]))
    return module


def _resolve(module_name: str, qualname: str, fact: dict[str, Any]) -> tuple[bool, Any, Any]:
    """Import the module and walk the qualname; record why not in ``fact``."""
    try:
        obj = _silenced(_import_fresh, module_name)
    except BaseException as exc:  # SystemExit and friends count as a failed import
        fact["import_error"] = _error(exc)
        fact["module_file"] = None
        return False, None, None
    fact["module_file"] = getattr(obj, "__file__", None)
    raw: Any = obj
    resolved: list[str] = []
    for part in [p for p in qualname.split(".") if p]:
        path = f"{module_name}:{'.'.join(resolved)}" if resolved else module_name
        parent = obj
        try:
            raw = inspect.getattr_static(parent, part)
            obj = getattr(parent, part)
        except AttributeError:
            # a lazy module (transformers) resolves names in __getattr__
            try:
                obj = _silenced(getattr, parent, part)
                raw = obj
            except BaseException as exc:
                return _missing(fact, parent, part, path, exc)
        except BaseException as exc:
            return _missing(fact, parent, part, path, exc)
        resolved.append(part)
    fact["exists"] = True
    return True, obj, raw


def _missing(fact: dict[str, Any], parent: Any, part: str, path: str,
             exc: BaseException) -> tuple[bool, Any, Any]:
    """A name on the path is not there; anything but a plain AttributeError is worth reporting."""
    fact["exists"] = False
    fact["missing"] = part
    fact["missing_in"] = path
    close = _close_names(parent, part)
    if close:
        fact["close"] = close
    if not isinstance(exc, AttributeError):
        fact["attribute_error"] = _error(exc)
    return False, None, None


def _close_names(parent: Any, part: str) -> list[str]:
    """Names of ``parent`` close to the missing one: same name in another case first, then difflib's.

    ``dir()`` of a lazy module (transformers) lists the names it would import on demand.
    """
    try:
        names = [n for n in _silenced(dir, parent) if isinstance(n, str) and n != part]
    except BaseException:
        return []
    import difflib

    folded = part.casefold()
    close = [n for n in names if n.casefold() == folded]
    close += [n for n in difflib.get_close_matches(part, names, n=3, cutoff=0.6) if n not in close]
    return close[:3]


def _distribution_of(module_name: str) -> dict[str, str] | None:
    """Which installed distribution ships a top-level module, and its version (+cu118 and the like)."""
    try:
        import importlib.metadata as md

        top = module_name.split(".")[0]
        if hasattr(md, "packages_distributions"):  # Python 3.10+
            names = md.packages_distributions().get(top) or []  # novermin (guarded)
        else:  # Python 3.9 (the worker uses only the standard library): top_level.txt
            names = [d.metadata["Name"] for d in md.distributions()
                     if top in (d.read_text("top_level.txt") or "").split()]
        if names:
            return {"name": names[0], "version": md.version(names[0])}
    except Exception:
        pass
    return None


def _origin(module_name: str) -> str | None:
    """The file an extension would load from, found without loading it."""
    try:
        import importlib.util

        spec = importlib.util.find_spec(module_name)
    except BaseException:
        return None
    return spec.origin if spec is not None and spec.has_location else None


def locate(check: dict[str, Any]) -> dict[str, Any]:
    """Facts about an extension found before loading it, so that a crash while loading keeps them."""
    return {"origin": _origin(check["module"]), "distribution": _distribution_of(check["module"])}


def _load_torch_first() -> None:
    """Torch extensions load after ``import torch`` (which puts libc10/libtorch in the process), as in real use.

    Without it every one of them fails on libc10.so and hides the real problem.
    """
    try:
        import importlib.util

        if importlib.util.find_spec("torch") is not None:
            _silenced(importlib.import_module, "torch")
    except BaseException:
        pass  # a torch that cannot be imported shows up in the extension's own error


def run_check(check: dict[str, Any], known: dict[str, Any] | None = None) -> dict[str, Any]:
    module_name = check["module"]
    fact: dict[str, Any] = {"id": check["id"], **(known or {})}
    if check.get("extension"):
        _load_torch_first()
    found, obj, raw = _resolve(module_name, check.get("qualname", ""), fact)
    if not found:
        return fact
    fact["kind"] = _kind(obj, raw)
    fact["repr"] = _short_repr(obj)
    if check.get("fields"):
        fact["fields"] = _fields(obj)
    if check.get("params"):
        fact["params"] = _params(obj)
    if check.get("subclass_of"):
        base_module, _, base_qualname = check["subclass_of"].partition(":")
        base_fact: dict[str, Any] = {}
        base_found, base, _ = _resolve(base_module, base_qualname, base_fact)
        if not base_found:
            fact["subclass_error"] = base_fact.get("import_error") or {
                "type": "AttributeError",
                "message": f"{base_fact.get('missing_in')} has no attribute {base_fact.get('missing')!r}",
            }
        else:
            fact["subclass"] = bool(inspect.isclass(obj) and inspect.isclass(base) and issubclass(obj, base))
    if check.get("value") and isinstance(obj, (str, int, float, bool)):
        fact["value"] = obj
    return fact


# --------------------------------------------------------------------------- the files behind a fact

Stat = list[int]  # [st_mtime_ns, st_size]


def _stat(path: str) -> Stat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size]


class Recorder:
    """A meta-path finder that finds nothing itself: it notes the file of every module the others find.

    The file is stat'ed when it is found, before it runs: an edit after that shows as a change.
    Failed imports count too (a module that raises is found first).
    """

    def __init__(self) -> None:
        self.found: dict[str, Stat | None] = {}

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        for finder in sys.meta_path:
            if finder is self:
                continue
            find = getattr(finder, "find_spec", None)
            if find is None:
                return None  # a legacy finder: leave the search to the import system
            spec = find(name, path, target)
            if spec is not None:
                origin = spec.origin if spec.has_location else None
                if isinstance(origin, str) and origin not in self.found:
                    self.found[origin] = _stat(origin)
                return spec
        return None


class Ownership:
    """Which files an installed distribution owns (its RECORD): those are covered by the fingerprint.

    The rest (the rootdir, PYTHONPATH, the source tree of an editable install, whose RECORD lists
    only a .pth or a finder) are what a cached fact must be re-validated against. RECORDs are read
    for the distributions named like the file's top-level package first; all of them only when
    none of those lists it.
    """

    def __init__(self, sys_path: list[str], stdlib: tuple[str, ...] | None = None) -> None:
        self.stdlib = stdlib_dirs() if stdlib is None else stdlib
        self.entries = sorted({os.path.realpath(e or ".") for e in sys_path if os.path.isdir(e or ".")},
                              key=len, reverse=True)
        self._dist_infos: dict[str, list[str]] = {}
        self._records: dict[str, set[str]] = {}
        self._top_level: dict[str, set[str]] = {}

    def dist_infos(self, entry: str) -> list[str]:
        if entry not in self._dist_infos:
            try:
                self._dist_infos[entry] = sorted(n for n in os.listdir(entry) if n.endswith(".dist-info"))
            except OSError:
                self._dist_infos[entry] = []
        return self._dist_infos[entry]

    def _read(self, path: str) -> str:
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                return fh.read()
        except OSError:
            return ""

    def record(self, dist_info: str) -> set[str]:
        """The paths a RECORD lists (first CSV field; quoted only when it holds a comma)."""
        if dist_info not in self._records:
            self._records[dist_info] = {
                next(csv.reader([line]))[0] if line.startswith('"') else line.split(",", 1)[0]
                for line in self._read(os.path.join(dist_info, "RECORD")).splitlines() if line
            }
        return self._records[dist_info]

    def top_level(self, dist_info: str) -> set[str]:
        if dist_info not in self._top_level:
            self._top_level[dist_info] = set(self._read(os.path.join(dist_info, "top_level.txt")).split())
        return self._top_level[dist_info]

    def owns(self, entry: str, relative: str) -> bool:
        top = relative.split("/", 1)[0].split(".", 1)[0]
        likely: list[str] = []
        rest: list[str] = []
        for name in self.dist_infos(entry):
            dist_info = os.path.join(entry, name)
            named = _canonical(name.split("-", 1)[0]) == _canonical(top)
            (likely if named or top in self.top_level(dist_info) else rest).append(dist_info)
        return any(relative in self.record(d) for d in [*likely, *rest])

    def is_local(self, path: str) -> bool:
        real = os.path.realpath(path)
        if real.startswith(self.stdlib):
            return False
        for entry in self.entries:
            if real.startswith(os.path.join(entry, "")):
                if not self.dist_infos(entry):
                    return True
                relative = os.path.relpath(real, entry).replace(os.sep, "/")
                return not self.owns(entry, relative)
        return True

    def local_dirs(self) -> list[str]:
        return [e for e in self.entries
                if not os.path.join(e, "").startswith(self.stdlib) and not self.dist_infos(e)]


def stdlib_dirs() -> tuple[str, ...]:
    """The standard library's directories (its files change only with the interpreter)."""
    paths = sysconfig.get_paths()
    return tuple(os.path.join(os.path.realpath(paths[k]), "") for k in ("stdlib", "platstdlib") if k in paths)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def files_behind(fact: dict[str, Any], recorder: Recorder, ownership: Ownership) -> dict[str, Stat | None]:
    """The local files a fact was read from, with their stat, and where a missing module would appear.

    Every local file found in this child so far counts (a module imported by an earlier check can
    be what this one reads); a module that was not found is looked for again in the local
    directories it would be created in.
    """
    files = {path: stat for path, stat in list(recorder.found.items()) if ownership.is_local(path)}
    for error in (fact.get("import_error"), fact.get("subclass_error")):
        name = error.get("name") if isinstance(error, dict) and error.get("type") == "ModuleNotFoundError" else None
        if not isinstance(name, str):
            continue
        parent, _, leaf = name.rpartition(".")
        package = sys.modules.get(parent) if parent else None
        if parent and package is None:
            continue  # the parent itself was not found: its own error names it
        dirs = list(getattr(package, "__path__", []) or []) if package is not None else ownership.local_dirs()
        for d in dirs:
            if package is not None and not ownership.is_local(os.path.join(d, "__init__.py")):
                continue  # an installed package: a new module there comes with a new dist-info
            for candidate in [leaf, *(leaf + s for s in importlib.machinery.all_suffixes())]:
                path = os.path.join(d, candidate)
                files[path] = _stat(path)
    return files


def _short_repr(obj: Any) -> str:
    try:
        text = repr(obj)
    except Exception:
        text = f"<{type(obj).__name__}>"
    return text if len(text) <= 200 else text[:197] + "..."


def main(argv: list[str]) -> int:
    request_path, result_path = argv[1], argv[2]
    with open(request_path, encoding="utf-8") as fh:
        request = json.load(fh)
    try:
        stdlib: tuple[str, ...] | None = stdlib_dirs()  # before sys.path is replaced: sysconfig imports lazily
    except Exception as exc:
        stdlib, ownership_error = None, _error(exc)
    sys.path[:] = request["sys_path"]
    recorder = Recorder()
    sys.meta_path.insert(0, recorder)
    ownership = Ownership(sys.path, stdlib) if stdlib is not None else None  # None: facts not cached
    # C-level writes to fd 1 (extension loaders) must not reach the parent's stdout either.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    with open(result_path, "a", encoding="utf-8") as out:
        for check in request["checks"]:
            start: dict[str, Any] = {"start": check["id"]}
            if check.get("extension"):
                start["located"] = locate(check)
            out.write(json.dumps(start) + "\n")
            out.flush()
            fact = run_check(check, start.get("located"))
            try:
                if ownership is None:
                    fact["files_error"] = ownership_error
                else:
                    fact["files"] = files_behind(fact, recorder, ownership)
            except Exception as exc:  # never lose the fact; without "files" it is simply not cached
                fact["files_error"] = _error(exc)
            out.write(json.dumps({"fact": fact}) + "\n")
            out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
