"""Parsers shared by contracts and markers: one place decides what a valid value is.

Every parser takes ``where`` (a contract key such as ``cuda.memory``, or a marker
call such as ``requires_cuda(memory='lots')``) and raises :class:`InvalidValue`
reading "{where}: expected ..., got ...".

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

if TYPE_CHECKING:
    from packaging.markers import Marker
    from packaging.requirements import Requirement


#: PEP 508 distribution names (names only; versions and markers go elsewhere).
DISTRIBUTION_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)


class InvalidValue(ValueError):
    """A single value did not parse: where it came from and what was expected."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


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
#: Sizes are GPU memory: anything from 1 EiB up is a typo, and would overflow a float.
MAX_SIZE = 2**60
_TARGET = re.compile(
    r"^(?P<module>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"
    r"(?::(?P<qualname>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*))?$"
)


def at_least_spec(value: object, *, example: str, where: str) -> SpecifierSet:
    """Parse '11.8' as '>=11.8', or a full specifier such as '>=12.1,<13'."""
    if not isinstance(value, str):
        raise InvalidValue(
            where, f"expected a string such as {example!r} or '>={example},<99', got {type(value).__name__} "
            f"{shown(value)}"
        )
    text = value.strip()
    if _BARE_VERSION.match(text):
        try:
            bare = SpecifierSet(f">={text}")
        except ValueError:  # packaging < 24 reads the release numbers here: too many digits for int()
            raise InvalidValue(where, f"the version in {shown(value)} is too long to read") from None
        return _checked(bare, value, where)
    return specifier(text, example=f">={example}", where=where)


def specifier(value: object, *, example: str = ">=4.38,<5", where: str) -> SpecifierSet:
    if not isinstance(value, str):
        raise InvalidValue(
            where, f"expected a PEP 440 version specifier such as {example!r}, got {type(value).__name__} "
            f"{shown(value)}"
        )
    try:
        spec = SpecifierSet(value)
    except InvalidSpecifier:
        raise InvalidValue(
            where, f"expected a PEP 440 version specifier such as {example!r}, got {shown(value)}"
        ) from None
    except ValueError:  # packaging < 24 reads the release numbers here: too many digits for int()
        raise InvalidValue(where, f"the version in {shown(value)} is too long to read") from None
    if not str(spec) and value.strip():
        raise InvalidValue(where, f"expected a PEP 440 version specifier such as {example!r}, got {shown(value)}")
    return _checked(spec, value, where)


def _checked(spec: SpecifierSet, value: str, where: str) -> SpecifierSet:
    """Versions must be readable (a 5000-digit release number is not) and the set satisfiable."""
    for s in spec:
        try:
            Version(s.version.removesuffix(".*"))
        except InvalidVersion:
            continue  # '===' takes arbitrary strings
        except ValueError:  # more digits than int() reads
            raise InvalidValue(where, f"the version in {shown(value)} is too long to read") from None
    if _is_impossible(spec):
        raise InvalidValue(where, f"the specifier {shown(value)} can never be satisfied")
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


def requirement(value: object, *, where: str) -> Requirement:
    """A PEP 508 requirement string, as ``requires_package`` takes it."""
    from packaging.requirements import InvalidRequirement, Requirement  # markers only, not at start-up

    if not isinstance(value, str):
        raise InvalidValue(
            where, "expected a PEP 508 requirement such as 'transformers>=4.38,<5', "
            f"got {type(value).__name__} {shown(value)}"
        )
    try:
        req = Requirement(value)
    except InvalidRequirement as exc:
        detail = str(exc).splitlines()[0]
        raise InvalidValue(
            where, "expected a PEP 508 requirement such as 'transformers>=4.38,<5', "
            f"got {shown(value)} ({detail})"
        ) from None
    except ValueError:  # packaging < 24 reads the release numbers here: too many digits for int()
        raise InvalidValue(where, f"the version in {shown(value)} is too long to read") from None
    if req.url:
        raise InvalidValue(where, f"URL requirements cannot be checked against an install: {shown(value)}")
    try:
        _checked(req.specifier, value, where)
    except InvalidValue as exc:
        raise InvalidValue(where, exc.problem.replace("the specifier", "the requirement")) from None
    return req


def distribution_name(value: str, *, where: str) -> str:
    """A contract's package key: a bare distribution name, returned normalised (PEP 503)."""
    if not DISTRIBUTION_NAME.match(value):
        try:  # only on this error path: tell a version in the name from a bad name
            pep508 = requirement(value, where=where)
        except InvalidValue:
            raise InvalidValue(where, f"{value!r} is not a valid distribution name") from None
        if str(pep508.specifier) or pep508.marker or pep508.extras:
            raise InvalidValue(where, "put the version in 'spec', not in the package name")
    from packaging.utils import canonicalize_name  # imports packaging.tags: only where a name is read

    return canonicalize_name(value)


def environment_marker(value: object, *, where: str) -> Marker:
    """A PEP 508 environment marker such as "sys_platform == 'linux'"."""
    from packaging.markers import InvalidMarker, Marker  # rare: only contracts with markers

    if isinstance(value, str):
        try:
            return Marker(value)
        except InvalidMarker:
            pass
    raise InvalidValue(
        where, f"expected a PEP 508 environment marker such as \"sys_platform == 'linux'\", got {shown(value)}"
    )


def size(value: object, *, where: str) -> int:
    """Memory sizes: '24GiB', '24 GB', '512MiB' or a number of bytes."""
    if isinstance(value, bool):
        raise InvalidValue(where, f"expected a size such as '24GiB' or '80GB', got {shown(value)}")
    if isinstance(value, int):
        if value <= 0:
            raise InvalidValue(where, f"expected a positive size, got {shown(value)}")
        if value >= MAX_SIZE:
            raise InvalidValue(where, f"expected a size below 1 EiB, got {shown(value)}")
        return value
    if not isinstance(value, str):
        raise InvalidValue(
            where, f"expected a size such as '24GiB' or '80GB', got {type(value).__name__} {shown(value)}"
        )
    match = _SIZE.match(value)
    if not match:
        raise InvalidValue(where, f"expected a size such as '24GiB' or '80GB', got {shown(value)}")
    number, unit = match.groups()
    scaled = float(number) * _SIZE_FACTORS[(unit or "b").lower()]
    if not scaled < MAX_SIZE:  # also inf, from a number of hundreds of digits
        raise InvalidValue(where, f"expected a size below 1 EiB, got {shown(value)}")
    result = int(scaled)
    if result <= 0:
        raise InvalidValue(where, f"expected a positive size, got {shown(value)}")
    return result


def count(value: object, *, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValue(where, f"expected a whole number of devices >= 1, got {shown(value)}")
    return value


#: The CUDA needs one ``[cuda]`` table or one ``requires_cuda`` marker can state.
CUDA_FIELD_NAMES = ("runtime", "capability", "devices", "memory", "driver")


def cuda_fields(values: Mapping[str, Any], where: Callable[[str], str]) -> tuple[dict[str, Any], list[InvalidValue]]:
    """The CUDA needs of a ``[cuda]`` table or a ``requires_cuda`` marker, parsed the same way for both.

    ``where(name)`` says where each value came from; every problem is returned, none raised.
    """
    parsers: dict[str, Callable[[object, str], Any]] = {
        "runtime": lambda v, w: at_least_spec(v, example="11.8", where=w),
        "capability": lambda v, w: at_least_spec(v, example="8.0", where=w),
        "driver": lambda v, w: at_least_spec(v, example="535.54.03", where=w),
        "devices": lambda v, w: count(v, where=w),
        "memory": lambda v, w: size(v, where=w),
    }
    return _each(parsers, values, where)


def _each(parsers: Mapping[str, Callable[[object, str], Any]], values: Mapping[str, Any],
          where: Callable[[str], str]) -> tuple[dict[str, Any], list[InvalidValue]]:
    """Parse every value given (None: not given), collecting every problem instead of raising the first."""
    parsed: dict[str, Any] = {}
    problems: list[InvalidValue] = []
    for name, parse in parsers.items():
        if values.get(name) is not None:
            try:
                parsed[name] = parse(values[name], where(name))
            except InvalidValue as exc:
                problems.append(exc)
    return parsed, problems


def shown(value: object, limit: int = 200) -> str:
    """``repr`` for messages: bounded, and safe for integers Python refuses to print (over 4300 digits)."""
    try:
        text = repr(value)
    except ValueError:
        return f"<{type(value).__name__} too large to print>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def target(value: object, *, where: str) -> tuple[str, str]:
    """'module.path:Qual.name' -> (module, qualname); qualname may be empty."""
    if not isinstance(value, str):
        raise InvalidValue(
            where, "expected a target 'module:qualname' such as "
            f"'transformers:GlmForCausalLM._tied_weights_keys', got {type(value).__name__} {shown(value)}"
        )
    match = _TARGET.match(value.strip())
    if not match:
        raise InvalidValue(
            where, "expected a target 'module:qualname' such as "
            f"'transformers:GlmForCausalLM._tied_weights_keys', got {shown(value)}"
        )
    return match["module"], match["qualname"] or ""


def module_name(value: object, *, where: str) -> str:
    if not isinstance(value, str) or not _TARGET.fullmatch(value.strip()) or ":" in value:
        raise InvalidValue(where, f"expected a dotted module name such as 'autogptq_cuda_64', got {shown(value)}")
    return value.strip()


def string_list(value: object, *, what: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise InvalidValue(where, f"expected a list of {what}, got {type(value).__name__} {shown(value)}")
    for item in value:
        if not isinstance(item, str) or not item.isidentifier():
            raise InvalidValue(where, f"expected a list of {what}, got the element {shown(item)}")
    return tuple(value)


def one_of(value: object, choices: Iterable[str], *, where: str) -> str:
    options = sorted(choices)
    if isinstance(value, str) and value in options:
        return value
    hint = did_you_mean(value, options) if isinstance(value, str) else ""
    raise InvalidValue(where, f"expected one of {', '.join(options)}, got {shown(value)}{hint}")


def did_you_mean(value: str, options: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` for the option closest to ``value`` (the same name in another case
    first), or ''."""
    options = list(options)
    import difflib  # only on the error path

    close = [o for o in options if o != value and o.casefold() == value.casefold()][:1]
    if not close:
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


def api_options(
    values: Mapping[str, Any], kinds: Iterable[str], where: Callable[[str], str]
) -> tuple[dict[str, Any], list[InvalidValue]]:
    """The checks one API entry asks for, shared by ``[[api]]`` tables and ``requires_api``.

    Returns the parsed options and every problem; ``where(name)`` says where each option came from.
    """
    parsers: dict[str, Callable[[object, str], Any]] = {
        "kind": lambda v, w: one_of(v, kinds, where=w),
        "fields": lambda v, w: string_list(v, what="field names", where=w),
        "params": lambda v, w: string_list(v, what="parameter names", where=w),
        "subclass_of": lambda v, w: _joined_target(v, where=w),
        "equals": lambda v, w: _scalar(v, where=w),
        "version": lambda v, w: specifier(v, example=">=0.7", where=w),
    }
    parsed, problems = _each(parsers, values, where)
    absent = values.get("absent", False)
    if not isinstance(absent, bool):
        problems.append(InvalidValue(where("absent"), f"expected true or false, got {shown(absent)}"))
    elif absent:
        parsed["absent"] = True
        checks = [n for n in API_OPTION_NAMES if n != "absent" and n in values]
        if checks:
            problems.append(InvalidValue(where("absent"), f"'absent' cannot be combined with {', '.join(checks)}"))
    if "equals" in parsed and "version" in parsed:
        problems.append(InvalidValue(where("equals"), "give either 'equals' or 'version', not both"))
    return parsed, problems


def _joined_target(value: object, *, where: str) -> str:
    module, qualname = target(value, where=where)
    if not qualname:
        raise InvalidValue(
            where, f"expected a class as 'module:QualName' such as 'torch.nn:Module', got {shown(value)}"
        )
    return f"{module}:{qualname}"


def _scalar(value: object, *, where: str) -> str | int | float | bool:
    if isinstance(value, (str, int, float, bool)):
        return value
    raise InvalidValue(
        where, f"expected a string, number or boolean to compare with, got {type(value).__name__} {shown(value)}"
    )
