"""Marker arguments -> requirements. Markers are self-contained: no contract is needed.

Errors raise :class:`MarkerError`, whose message names the marker and the bad
argument; the plugin adds the test id.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from packaging.utils import canonicalize_name

from . import _parse
from .requirements import (
    API_KINDS,
    ApiRequirement,
    CudaRequirement,
    Meta,
    Origin,
    PackageRequirement,
)


class MarkerError(ValueError):
    """Bad marker arguments; the message names the marker and the argument."""


def _meta(where: str) -> Meta:
    return Meta(Origin(where))


def _check_kwargs(marker: str, kwargs: Mapping[str, Any], allowed: Sequence[str]) -> None:
    for key in kwargs:
        if key not in allowed:
            hint = _parse.did_you_mean(key, allowed)
            raise MarkerError(
                f"{marker}() got an unexpected keyword argument {key!r}{hint}; "
                f"accepted: {', '.join(allowed) or 'none'}"
            )


def requires_cuda(args: Sequence[Any], kwargs: Mapping[str, Any], where: str) -> CudaRequirement:
    _check_kwargs("requires_cuda", kwargs, ("spec", "capability", "devices", "memory", "driver"))
    if len(args) > 1:
        raise MarkerError(
            f"requires_cuda() takes one positional argument (the CUDA runtime spec), got {len(args)}: "
            f"{', '.join(map(repr, args))}; pass capability=, devices=, memory= by keyword"
        )
    if args and "spec" in kwargs:
        raise MarkerError("requires_cuda() got the spec both positionally and as spec=")
    spec = args[0] if args else kwargs.get("spec")
    parsed: dict[str, Any] = {}
    try:
        if spec is not None:
            parsed["runtime"] = _parse.at_least_spec(spec, example="11.8")
    except _parse.InvalidValue as exc:
        raise MarkerError(f"requires_cuda({spec!r}): {exc}") from None
    for name, parser in (
        ("capability", lambda v: _parse.at_least_spec(v, example="8.0")),
        ("driver", lambda v: _parse.at_least_spec(v, example="535.54.03")),
        ("devices", _parse.count),
        ("memory", _parse.size),
    ):
        if kwargs.get(name) is not None:
            try:
                parsed[name] = parser(kwargs[name])
            except _parse.InvalidValue as exc:
                raise MarkerError(f"requires_cuda({name}={kwargs[name]!r}): {exc}") from None
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
    out = []
    for arg in args:
        try:
            req = _parse.requirement(arg)
        except _parse.InvalidValue as exc:
            raise MarkerError(f"requires_package({arg!r}): {exc}") from None
        out.append(
            PackageRequirement(
                _meta(where), canonicalize_name(req.name), req.specifier, req.marker
            )
        )
    if not isinstance(absent, (list, tuple)):
        raise MarkerError(f"requires_package(absent={absent!r}): expected a list of package names")
    for name in absent:
        try:
            req = _parse.requirement(name)
        except _parse.InvalidValue as exc:
            raise MarkerError(f"requires_package(absent={name!r}): {exc}") from None
        out.append(PackageRequirement(_meta(where), canonicalize_name(req.name), absent=True))
    return out


def requires_api(args: Sequence[Any], kwargs: Mapping[str, Any], where: str) -> list[ApiRequirement]:
    _check_kwargs("requires_api", kwargs, _parse.API_OPTION_NAMES)
    if not args:
        raise MarkerError("requires_api() needs at least one 'module:qualname' target")
    options, problems = _parse.api_options(kwargs, API_KINDS)
    if problems:
        name, problem = problems[0]
        raise MarkerError(f"requires_api({name}={kwargs[name]!r}): {problem}")
    out = []
    for arg in args:
        try:
            module, qualname = _parse.target(arg)
        except _parse.InvalidValue as exc:
            raise MarkerError(f"requires_api({arg!r}): {exc}") from None
        out.append(ApiRequirement(_meta(where), module, qualname, **options))
    return out


def contract_sections(args: Sequence[Any], kwargs: Mapping[str, Any]) -> tuple[str, ...]:
    _check_kwargs("autoglm_contract", kwargs, ())
    for arg in args:
        if not isinstance(arg, str):
            raise MarkerError(f"autoglm_contract({arg!r}): expected section names as strings")
    return tuple(args)
