"""Runs in a child interpreter: imports what the checks name and reports facts as JSON lines.

Standard library only, and run by file path, so it works in any environment
the parent can start. It reports what it finds; the parent decides verdicts.
A "start" line precedes each check so that the parent can tell which check a
crash or hang happened in.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import io
import json
import os
import sys
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
                return _missing(fact, part, path, exc)
        except BaseException as exc:
            return _missing(fact, part, path, exc)
        resolved.append(part)
    fact["exists"] = True
    return True, obj, raw


def _missing(fact: dict[str, Any], part: str, path: str, exc: BaseException) -> tuple[bool, Any, Any]:
    """A name on the path is not there; anything but a plain AttributeError is worth reporting."""
    fact["exists"] = False
    fact["missing"] = part
    fact["missing_in"] = path
    if not isinstance(exc, AttributeError):
        fact["attribute_error"] = _error(exc)
    return False, None, None


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
    sys.path[:] = request["sys_path"]
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
            out.write(json.dumps({"fact": fact}) + "\n")
            out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
