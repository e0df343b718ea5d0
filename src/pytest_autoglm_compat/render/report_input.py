"""A saved JSON report read back (``matrix``, ``freeze --from-report``): bounded, then checked against
the published schema (``report.schema.json`` beside this module; ``docs/report.schema.json`` links
to it) before any field is used.

The schema uses a handful of JSON Schema keywords (type, const, enum, properties, required,
additionalProperties, items, oneOf, pattern); they are checked here, with an explicit stack
instead of recursion, rather than with the ``jsonschema`` package: that would be a runtime
dependency of every pytest run the plugin loads into, for two commands. ``tests/test_report_input.py``
holds this checker to ``jsonschema``'s answers on mutated real reports.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

#: a report of 10,000 tests is about 5 MB; nothing we write comes near this
MAX_REPORT_BYTES = 64 * 1024 * 1024
#: problems listed before "and N more"
MAX_SHOWN = 5

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "boolean": (bool,), "null": (type(None),),
    "integer": (int,), "number": (int, float),
}


class ReportError(ValueError):
    """A file that is not a report this version can use; the message names the file and the key."""


def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((Path(__file__).parent / "report.schema.json").read_text(encoding="utf-8"))
    return data


def _type_ok(value: Any, names: str | list[str]) -> bool:
    for name in [names] if isinstance(names, str) else names:
        if isinstance(value, _TYPES.get(name, ())) and not (name in ("integer", "number")
                                                               and isinstance(value, bool)):
            return True
    return False


def _first_problem(value: Any, node: dict[str, Any], where: str) -> list[str]:
    """The problems of ``value`` against one schema node, depth-first, iteratively."""
    problems: list[str] = []
    stack: list[tuple[Any, dict[str, Any], str]] = [(value, node, where)]
    while stack and len(problems) <= MAX_SHOWN:
        value, node, where = stack.pop()
        path = where or "the file"
        if "const" in node and value != node["const"]:
            problems.append(f"{path}: expected {json.dumps(node['const'])}")
            continue
        if "enum" in node and value not in node["enum"]:
            problems.append(f"{path}: expected one of {', '.join(json.dumps(v) for v in node['enum'])}")
            continue
        if "type" in node and not _type_ok(value, node["type"]):
            wanted = node["type"] if isinstance(node["type"], str) else " or ".join(node["type"])
            problems.append(f"{path}: expected {wanted}, found {_kind(value)}")
            continue
        if "oneOf" in node:
            matching = [alt for alt in node["oneOf"] if not _first_problem(value, alt, where)]
            if len(matching) != 1:
                kinds = " or ".join(str(alt.get("type", "?")) for alt in node["oneOf"])
                problems.append(f"{path}: expected {kinds}, found {_kind(value)}")
            continue
        if "pattern" in node and isinstance(value, str) and not re.search(node["pattern"], value):
            problems.append(f"{path}: {_short(value)} does not match {node['pattern']}")
            continue
        if isinstance(value, dict):
            missing = [key for key in node.get("required", ()) if key not in value]
            if missing:
                problems.append(f"{path}: missing {', '.join(missing)}")
                continue
            props = node.get("properties", {})
            extra = node.get("additionalProperties")
            for key in reversed(list(value)):
                sub = props.get(key, extra if isinstance(extra, dict) else None)
                if sub is not None:
                    stack.append((value[key], sub, f"{where}.{key}" if where else key))
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            for i in range(len(value) - 1, -1, -1):
                stack.append((value[i], node["items"], f"{where}[{i}]"))
    return problems


def problems(data: Any, against: dict[str, Any] | None = None) -> list[str]:
    """Every way ``data`` breaks the report schema, up to MAX_SHOWN + 1 (empty: a valid report)."""
    return _first_problem(data, against if against is not None else schema(), "")


def _kind(value: Any) -> str:
    for name, types in _TYPES.items():
        if isinstance(value, types) and not (name in ("integer", "number") and isinstance(value, bool)):
            return name
    return type(value).__name__


def _short(value: str, limit: int = 40) -> str:
    return json.dumps(value if len(value) <= limit else value[:limit] + "...")


def read_report(path: str) -> dict[str, Any]:
    """The report at ``path``, valid against the schema; ReportError (one message) otherwise.

    Reads at most MAX_REPORT_BYTES (a pipe, /dev/zero or a huge file is refused, not loaded), and
    JSON nested past the parser's depth is refused, not a RecursionError.
    """
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_REPORT_BYTES + 1)
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file") from None
    except OSError as exc:
        raise ReportError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if len(raw) > MAX_REPORT_BYTES:
        raise ReportError(f"{path}: larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB, not a report this "
                          "plugin wrote")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ReportError(f"{path}: not a JSON report (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}: not a JSON report ({exc})") from None
    except RecursionError:
        raise ReportError(f"{path}: not a JSON report (nested too deeply)") from None
    wanted = schema()
    if not isinstance(data, dict) or data.get("schema") != wanted["properties"]["schema"]["const"]:
        raise ReportError(f"{path}: not a report of schema {wanted['properties']['schema']['const']!r}")
    found = problems(data, wanted)
    if found:
        shown = "; ".join(found[:MAX_SHOWN])
        more = " (and more)" if len(found) > MAX_SHOWN else ""
        raise ReportError(f"{path}: not a valid report (schema pytest-autoglm-compat/report/1): {shown}{more}")
    assert isinstance(data, dict)  # the schema's root is an object
    return data
