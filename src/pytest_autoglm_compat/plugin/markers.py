"""Marker arguments -> requirements. Markers are self-contained: no contract is needed.

Errors raise :class:`MarkerError`, whose message names the marker and the bad
argument; the plugin adds the test id.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..model import values as parse_values
from ..model.requirements import (
    API_KINDS,
    ApiRequirement,
    CudaRequirement,
    Meta,
    Origin,
    PackageRequirement,
    Requirement,
)

if TYPE_CHECKING:
    import pytest

    from ..engine import Engine


class MarkerError(ValueError):
    """Bad marker arguments; the message names the marker and the argument."""


def _meta(where: str) -> Meta:
    return Meta(Origin(where))


def _check_kwargs(marker: str, kwargs: Mapping[str, Any], allowed: Sequence[str]) -> None:
    for key in kwargs:
        if key not in allowed:
            hint = parse_values.did_you_mean(key, allowed)
            raise MarkerError(
                f"{marker}() got an unexpected keyword argument {key!r}{hint}; "
                f"accepted: {', '.join(allowed) or 'none'}"
            )


def requires_cuda(args: Sequence[Any], kwargs: Mapping[str, Any], where: str) -> CudaRequirement:
    _check_kwargs("requires_cuda", kwargs, ("spec", *parse_values.CUDA_FIELD_NAMES[1:]))
    if len(args) > 1:
        raise MarkerError(
            f"requires_cuda() takes one positional argument (the CUDA runtime spec), got {len(args)}: "
            f"{', '.join(map(parse_values.shown, args))}; pass capability=, devices=, memory= by keyword"
        )
    if args and "spec" in kwargs:
        raise MarkerError("requires_cuda() got the spec both positionally and as spec=")
    spec = args[0] if args else kwargs.get("spec")
    values = {**kwargs, "runtime": spec}

    def called_with(name: str) -> str:
        if name == "runtime":
            return f"requires_cuda({parse_values.shown(spec)})"
        return f"requires_cuda({name}={parse_values.shown(kwargs[name])})"

    parsed, problems = parse_values.cuda_fields(values, called_with)
    if problems:
        raise MarkerError(str(problems[0]))
    return CudaRequirement(_meta(where), **parsed)


def requires_package(
    args: Sequence[Any], kwargs: Mapping[str, Any], where: str
) -> list[PackageRequirement]:
    _check_kwargs("requires_package", kwargs, ("absent",))
    absent = kwargs.get("absent", ())
    if isinstance(absent, str):
        absent = (absent,)
    if not args and not absent:
        raise MarkerError("requires_package() needs at least one PEP 508 requirement")
    from packaging.utils import canonicalize_name  # imports packaging.tags: only for requires_package

    out = []
    for arg in args:
        try:
            req = parse_values.requirement(arg, where=f"requires_package({parse_values.shown(arg)})")
        except parse_values.InvalidValue as exc:
            raise MarkerError(str(exc)) from None
        out.append(
            PackageRequirement(
                _meta(where), canonicalize_name(req.name), req.specifier, req.marker
            )
        )
    if not isinstance(absent, (list, tuple)):
        raise MarkerError(f"requires_package(absent={parse_values.shown(absent)}): expected a list of package names")
    for name in absent:
        try:
            req = parse_values.requirement(name, where=f"requires_package(absent={parse_values.shown(name)})")
        except parse_values.InvalidValue as exc:
            raise MarkerError(str(exc)) from None
        out.append(PackageRequirement(_meta(where), canonicalize_name(req.name), absent=True))
    return out


def requires_api(args: Sequence[Any], kwargs: Mapping[str, Any], where: str) -> list[ApiRequirement]:
    _check_kwargs("requires_api", kwargs, parse_values.API_OPTION_NAMES)
    if not args:
        raise MarkerError("requires_api() needs at least one 'module:qualname' target")
    options, problems = parse_values.api_options(
        kwargs, API_KINDS, lambda name: f"requires_api({name}={parse_values.shown(kwargs[name])})"
    )
    if problems:
        raise MarkerError(str(problems[0]))
    out = []
    for arg in args:
        try:
            module, qualname = parse_values.target(arg, where=f"requires_api({parse_values.shown(arg)})")
        except parse_values.InvalidValue as exc:
            raise MarkerError(str(exc)) from None
        out.append(ApiRequirement(_meta(where), module, qualname, **options))
    return out


def contract_sections(args: Sequence[Any], kwargs: Mapping[str, Any]) -> tuple[str, ...]:
    _check_kwargs("autoglm_contract", kwargs, ())
    for arg in args:
        if not isinstance(arg, str):
            raise MarkerError(f"autoglm_contract({parse_values.shown(arg)}): expected section names as strings")
    return tuple(args)


def requirements_of(
    ours: Sequence[pytest.Mark], where: str, engine: Engine, needs_cuda: bool
) -> tuple[Requirement, ...]:
    """A test's markers of ours -> its requirements: each marker's own, plus the contract's sections
    where the test opted in (``autoglm_contract``) or the scope is ``all``. Raises MarkerError."""
    contract = engine.contract
    reqs: list[Requirement] = []
    sections: list[str] = []
    opted_in = False
    for m in ours:
        if m.name == "requires_cuda":
            reqs.append(requires_cuda(m.args, m.kwargs, where))
        elif m.name == "requires_package":
            reqs.extend(requires_package(m.args, m.kwargs, where))
        elif m.name == "requires_api":
            reqs.extend(requires_api(m.args, m.kwargs, where))
        else:
            opted_in = True
            for s in contract_sections(m.args, m.kwargs):
                if s not in sections:
                    sections.append(s)
    if contract is not None and (opted_in or engine.settings.scope == "all"):
        for s in sections:
            if s not in contract.sections:
                known = ", ".join(sorted(contract.sections)) or "none"
                raise MarkerError(
                    f"autoglm_contract({s!r}): contract {contract.name!r} ({contract.file}) has no "
                    f"section {s!r}{parse_values.did_you_mean(s, contract.sections)}; sections: {known}"
                )
        reqs.extend(engine.contract_requirements(tuple(sections), needs_cuda))
    return tuple(dict.fromkeys(reqs))
