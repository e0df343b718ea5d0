"""API surfaces: the facts the child interpreter reported for ``module:qualname`` held against the
requirement (exists / absent, kind, fields, parameters, base class, value or version).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from packaging.version import InvalidVersion, Version

from ..facts.probe import Snapshot
from ..model.hints import FailureExplainer
from ..model.requirements import (
    ApiRequirement,
)
from ..model.values import did_you_mean, spec_text
from ..model.verdict import NOT_CHECKED, PASS, UNKNOWN, UNMET, Verdict, verdict_for


def evaluate_api(req: ApiRequirement, fact: Mapping[str, Any] | None, snap: Snapshot | None = None,
                 explainer: FailureExplainer | None = None) -> Verdict:
    meta = req.meta
    subject = req.target
    required = _api_required(req)
    if fact is None:
        return verdict_for(meta, UNKNOWN, subject, NOT_CHECKED, required)
    if "child_problem" in fact:
        return verdict_for(meta, UNKNOWN, subject, f"check failed: {fact['child_problem']}", required)
    error = fact.get("import_error")
    if error is not None:
        text = f"{error['type']}: {error['message']}"
        not_found = _missing_package(req.module, error)
        if req.absent and not_found is not None:
            found = f"module {req.module} not importable"
            if not_found != req.module:
                found += f" (no module named {not_found!r})"
            return verdict_for(meta, PASS, subject, found, required)
        # the installed versions scope the hint (peft 0.19 installed: "0.19 removed it", not both directions)
        hint = None
        if explainer is not None:
            hint = explainer.import_error(error["type"], error["message"], snap.packages if snap else None,
                                          snap.torch.cuda if snap and snap.torch else None)
        return verdict_for(meta, UNMET, subject, f"import {req.module} fails: {text}", required,
                           note=hint.cause if hint else None, fix=hint.fix if hint else None)
    if not fact.get("exists"):
        found = f"{fact.get('missing_in')} has no attribute {fact.get('missing')!r}"
        close = fact.get("close")
        if not req.absent and isinstance(close, list) and isinstance(fact.get("missing"), str):
            found += did_you_mean(fact["missing"], [c for c in close if isinstance(c, str)])
        return verdict_for(meta, PASS if req.absent else UNMET, subject, found if not req.absent else "absent",
                           required)
    kind = fact.get("kind", "?")
    if req.absent:
        return verdict_for(meta, UNMET, subject, f"present ({kind})", required)
    problems = []
    if req.kind is not None and not _kind_matches(req.kind, kind):
        problems.append(f"{kind} {fact.get('repr', '')}".strip())
    if req.fields:
        missing = [f for f in req.fields if f not in fact.get("fields", [])]
        if missing:
            problems.append(f"no field{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if req.params:
        missing = [p for p in req.params if p not in fact.get("params", [])]
        if missing:
            problems.append(f"no parameter{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if req.subclass_of:
        base_error = fact.get("subclass_error")
        if base_error is not None:
            problems.append(f"base {req.subclass_of} unavailable ({base_error['type']}: {base_error['message']})")
        elif not fact.get("subclass"):
            problems.append(f"not a subclass of {req.subclass_of}")
    if req.equals is not None or req.version is not None:
        problems += _value_problems(req, fact)
    if problems:
        return verdict_for(meta, UNMET, subject, "; ".join(problems), required)
    return verdict_for(meta, PASS, subject, f"{kind}", required)


def _missing_package(module: str, error: Mapping[str, Any]) -> str | None:
    """The target's module or one of its parent packages, when that is what was not found.

    A dependency missing inside an installed package is not the name being absent.
    """
    if error.get("type") != "ModuleNotFoundError":
        return None
    parts = module.split(".")
    prefixes = [".".join(parts[: i + 1]) for i in range(len(parts))]
    name = error.get("name")
    if isinstance(name, str):
        return name if name in prefixes else None
    message = str(error.get("message", ""))  # facts from before the worker reported the name
    return next((p for p in prefixes if f"No module named '{p}'" in message), None)


def _value_problems(req: ApiRequirement, fact: Mapping[str, Any]) -> list[str]:
    if "value" not in fact:
        return [f"not a plain value: {fact.get('repr', '?')}"]
    value = fact["value"]
    if req.equals is not None:
        same = type(value) is type(req.equals) and value == req.equals
        return [] if same else [f"value {value!r}"]
    assert req.version is not None
    try:
        version = Version(str(value))
    except InvalidVersion:
        return [f"value {value!r} is not a version"]
    return [] if req.version.contains(version, prereleases=True) else [f"version {value}"]


def _kind_matches(wanted: str, actual: str) -> bool:
    if wanted == actual:
        return True
    return wanted == "callable" and actual in ("function", "class", "callable")


def _api_required(req: ApiRequirement) -> str:
    if req.absent:
        return "absent"
    parts = [f"kind {req.kind}"] if req.kind else []
    if req.fields:
        parts.append(f"fields {', '.join(req.fields)}")
    if req.params:
        parts.append(f"parameters {', '.join(req.params)}")
    if req.subclass_of:
        parts.append(f"subclass of {req.subclass_of}")
    if req.equals is not None:
        parts.append(f"== {req.equals!r}")
    if req.version is not None:
        parts.append(f"version {spec_text(req.version)}")
    return ", ".join(parts) or "exists"
