"""Marker arguments -> requirements. Markers are self-contained: no contract is needed.

Errors raise :class:`MarkerError`, whose message names the marker and the bad
argument; the plugin adds the test id.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from packaging.utils import canonicalize_name

from ..model import values as _parse
from ..model.requirements import API_KINDS, ApiRequirement, CudaRequirement, Meta, Origin, PackageRequirement


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
    _check_kwargs("requires_cuda", kwargs, ("spec", *_parse.CUDA_FIELD_NAMES[1:]))
    if len(args) > 1:
        raise MarkerError(
            f"requires_cuda() takes one positional argument (the CUDA runtime spec), got {len(args)}: "
            f"{', '.join(map(_parse.shown, args))}; pass capability=, devices=, memory= by keyword"
        )
    if args and "spec" in kwargs:
        raise MarkerError("requires_cuda() got the spec both positionally and as spec=")
    spec = args[0] if args else kwargs.get("spec")
    values = {**kwargs, "runtime": spec}

    def called_with(name: str) -> str:
        if name == "runtime":
            return f"requires_cuda({_parse.shown(spec)})"
        return f"requires_cuda({name}={_parse.shown(kwargs[name])})"

    parsed, problems = _parse.cuda_fields(values, called_with)
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
    out = []
    for arg in args:
        try:
            req = _parse.requirement(arg, where=f"requires_package({_parse.shown(arg)})")
        except _parse.InvalidValue as exc:
            raise MarkerError(str(exc)) from None
        out.append(
            PackageRequirement(
                _meta(where), canonicalize_name(req.name), req.specifier, req.marker
            )
        )
    if not isinstance(absent, (list, tuple)):
        raise MarkerError(f"requires_package(absent={_parse.shown(absent)}): expected a list of package names")
    for name in absent:
        try:
            req = _parse.requirement(name, where=f"requires_package(absent={_parse.shown(name)})")
        except _parse.InvalidValue as exc:
            raise MarkerError(str(exc)) from None
        out.append(PackageRequirement(_meta(where), canonicalize_name(req.name), absent=True))
    return out


def requires_api(args: Sequence[Any], kwargs: Mapping[str, Any], where: str) -> list[ApiRequirement]:
    _check_kwargs("requires_api", kwargs, _parse.API_OPTION_NAMES)
    if not args:
        raise MarkerError("requires_api() needs at least one 'module:qualname' target")
    options, problems = _parse.api_options(
        kwargs, API_KINDS, lambda name: f"requires_api({name}={_parse.shown(kwargs[name])})"
    )
    if problems:
        raise MarkerError(str(problems[0]))
    out = []
    for arg in args:
        try:
            module, qualname = _parse.target(arg, where=f"requires_api({_parse.shown(arg)})")
        except _parse.InvalidValue as exc:
            raise MarkerError(str(exc)) from None
        out.append(ApiRequirement(_meta(where), module, qualname, **options))
    return out


def contract_sections(args: Sequence[Any], kwargs: Mapping[str, Any]) -> tuple[str, ...]:
    _check_kwargs("autoglm_contract", kwargs, ())
    for arg in args:
        if not isinstance(arg, str):
            raise MarkerError(f"autoglm_contract({_parse.shown(arg)}): expected section names as strings")
    return tuple(args)
