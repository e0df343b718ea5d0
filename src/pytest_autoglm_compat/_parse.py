"""Parsers shared by contracts and markers: one place decides what a valid value is.

Every parser raises :class:`InvalidValue` with the expected form, so callers can
prefix where the value came from (a contract key or a marker on a test).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

if TYPE_CHECKING:
    from packaging.requirements import Requirement


#: PEP 508 distribution names (names only; versions and markers go elsewhere).
DISTRIBUTION_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)


class InvalidValue(ValueError):
    """A single value did not parse; the message says what was expected."""


_BARE_VERSION = re.compile(r"^\s*\d+(\.\d+)*\s*$")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)?\s*$", re.IGNORECASE)
_SIZE_FACTORS = {
    "b": 1,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
}
_TARGET = re.compile(
    r"^(?P<module>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"
    r"(?::(?P<qualname>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*))?$"
)


def at_least_spec(value: object, *, example: str) -> SpecifierSet:
    """Parse '11.8' as '>=11.8', or a full specifier such as '>=12.1,<13'."""
    if not isinstance(value, str):
        raise InvalidValue(
            f"expected a string such as {example!r} or '>={example},<99', "
            f"got {type(value).__name__} {value!r}"
        )
    text = value.strip()
    if _BARE_VERSION.match(text):
        return SpecifierSet(f">={text}")
    return specifier(text, example=f">={example}")


def specifier(value: object, *, example: str = ">=4.38,<5") -> SpecifierSet:
    if not isinstance(value, str):
        raise InvalidValue(
            f"expected a PEP 440 version specifier such as {example!r}, "
            f"got {type(value).__name__} {value!r}"
        )
    try:
        spec = SpecifierSet(value)
    except InvalidSpecifier:
        raise InvalidValue(
            f"expected a PEP 440 version specifier such as {example!r}, got {value!r}"
        ) from None
    if not str(spec) and value.strip():
        raise InvalidValue(f"expected a PEP 440 version specifier such as {example!r}, got {value!r}")
    if _is_impossible(spec):
        raise InvalidValue(f"the specifier {value!r} can never be satisfied")
    return spec


def _is_impossible(spec: SpecifierSet) -> bool:
    """Catch contradictions like '>=5,<4' that would silently skip everything."""
    lowers: list[Version] = []
    uppers: list[tuple[Version, bool]] = []
    pins: list[Version] = []
    for s in spec:
        if s.version.endswith(".*"):
            continue
        try:
            v = Version(s.version)
        except InvalidVersion:
            continue
        if s.operator in (">=", ">"):
            lowers.append(v)
        elif s.operator in ("<=", "<"):
            uppers.append((v, s.operator == "<="))
        elif s.operator in ("==", "==="):
            pins.append(v)
    for pin in pins:
        if not spec.contains(pin, prereleases=True):
            return True
    for low in lowers:
        for high, inclusive in uppers:
            if high < low or (high == low and not inclusive):
                return True
    return False


def requirement(value: object) -> Requirement:
    from packaging.requirements import InvalidRequirement, Requirement  # markers only, not at start-up

    if not isinstance(value, str):
        raise InvalidValue(
            "expected a PEP 508 requirement such as 'transformers>=4.38,<5', "
            f"got {type(value).__name__} {value!r}"
        )
    try:
        req = Requirement(value)
    except InvalidRequirement as exc:
        detail = str(exc).splitlines()[0]
        raise InvalidValue(
            "expected a PEP 508 requirement such as 'transformers>=4.38,<5', "
            f"got {value!r} ({detail})"
        ) from None
    if req.url:
        raise InvalidValue(f"URL requirements cannot be checked against an install: {value!r}")
    if _is_impossible(req.specifier):
        raise InvalidValue(f"the requirement {value!r} can never be satisfied")
    return req


def size(value: object) -> int:
    """Memory sizes: '24GiB', '24 GB', '512MiB' or a number of bytes."""
    if isinstance(value, bool):
        raise InvalidValue(f"expected a size such as '24GiB' or '80GB', got {value!r}")
    if isinstance(value, int):
        if value <= 0:
            raise InvalidValue(f"expected a positive size, got {value!r}")
        return value
    if not isinstance(value, str):
        raise InvalidValue(
            f"expected a size such as '24GiB' or '80GB', got {type(value).__name__} {value!r}"
        )
    match = _SIZE.match(value)
    if not match:
        raise InvalidValue(f"expected a size such as '24GiB' or '80GB', got {value!r}")
    number, unit = match.groups()
    result = int(float(number) * _SIZE_FACTORS[(unit or "b").lower()])
    if result <= 0:
        raise InvalidValue(f"expected a positive size, got {value!r}")
    return result


def count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValue(f"expected a whole number of devices >= 1, got {value!r}")
    return value


def target(value: object) -> tuple[str, str]:
    """'module.path:Qual.name' -> (module, qualname); qualname may be empty."""
    if not isinstance(value, str):
        raise InvalidValue(
            "expected a target 'module:qualname' such as "
            f"'transformers:GlmForCausalLM._tied_weights_keys', got {type(value).__name__} {value!r}"
        )
    match = _TARGET.match(value.strip())
    if not match:
        raise InvalidValue(
            "expected a target 'module:qualname' such as "
            f"'transformers:GlmForCausalLM._tied_weights_keys', got {value!r}"
        )
    return match["module"], match["qualname"] or ""


def module_name(value: object) -> str:
    if not isinstance(value, str) or not _TARGET.match(value) or ":" in value:
        raise InvalidValue(f"expected a dotted module name such as 'autogptq_cuda_64', got {value!r}")
    return value


def string_list(value: object, *, what: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise InvalidValue(f"expected a list of {what}, got {type(value).__name__} {value!r}")
    for item in value:
        if not isinstance(item, str) or not item.isidentifier():
            raise InvalidValue(f"expected a list of {what}, got the element {item!r}")
    return tuple(value)


def one_of(value: object, choices: Iterable[str]) -> str:
    options = sorted(choices)
    if isinstance(value, str) and value in options:
        return value
    hint = did_you_mean(value, options) if isinstance(value, str) else ""
    raise InvalidValue(f"expected one of {', '.join(options)}, got {value!r}{hint}")


def did_you_mean(value: str, options: Iterable[str]) -> str:
    options = list(options)
    import difflib  # only on the error path

    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if not close:
        close = [o for o in options if len(o) > 2 and (value.startswith(o) or o.startswith(value))][:1]
    return f" (did you mean {close[0]!r}?)" if close else ""


_OP_ORDER = {">=": 0, ">": 0, "==": 1, "===": 1, "~=": 1, "!=": 2, "<=": 3, "<": 3}


def spec_text(spec: SpecifierSet) -> str:
    """Lower bounds first, as people write them ('>=4.46,<5', not '<5,>=4.46')."""
    return ",".join(str(s) for s in sorted(spec, key=lambda s: (_OP_ORDER.get(s.operator, 2), s.version)))


def format_size(n: int) -> str:
    for unit, factor in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= factor:
            value = n / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} B"


API_OPTION_NAMES = ("kind", "absent", "fields", "params", "subclass_of", "equals", "version")


def api_options(values: Mapping[str, Any], kinds: Iterable[str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The checks one API entry asks for, shared by ``[[api]]`` tables and ``requires_api``.

    Returns the parsed options and (option name, problem) pairs; the caller says
    where they came from.
    """
    parsed: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []

    def attempt(name: str, parse: Any) -> None:
        if name in values and values[name] is not None:
            try:
                parsed[name] = parse(values[name])
            except InvalidValue as exc:
                problems.append((name, str(exc)))

    attempt("kind", lambda v: one_of(v, kinds))
    attempt("fields", lambda v: string_list(v, what="field names"))
    attempt("params", lambda v: string_list(v, what="parameter names"))
    attempt("subclass_of", lambda v: _joined_target(v))
    attempt("equals", _scalar)
    attempt("version", lambda v: specifier(v, example=">=0.7"))
    absent = values.get("absent", False)
    if not isinstance(absent, bool):
        problems.append(("absent", f"expected true or false, got {absent!r}"))
    elif absent:
        parsed["absent"] = True
        checks = [n for n in API_OPTION_NAMES if n != "absent" and n in values]
        if checks:
            problems.append(("absent", f"'absent' cannot be combined with {', '.join(checks)}"))
    if "equals" in parsed and "version" in parsed:
        problems.append(("equals", "give either 'equals' or 'version', not both"))
    return parsed, problems


def _joined_target(value: object) -> str:
    module, qualname = target(value)
    if not qualname:
        raise InvalidValue(f"expected a class as 'module:QualName' such as 'torch.nn:Module', got {value!r}")
    return f"{module}:{qualname}"


def _scalar(value: object) -> str | int | float | bool:
    if isinstance(value, (str, int, float, bool)):
        return value
    raise InvalidValue(f"expected a string, number or boolean to compare with, got {type(value).__name__} {value!r}")
