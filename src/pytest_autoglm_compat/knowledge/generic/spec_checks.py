"""Version specifiers held against each other and against a version, for the resolvers' readings (split from
``resolver``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.version import InvalidVersion, Version


def specs_apart(specs: list[str]) -> tuple[str, str] | None:
    """Two of ``specs`` no version meets together: an exact pin another excludes, or a floor above a ceiling."""
    try:
        parsed = [Specifier(spec) for spec in specs]
    except InvalidSpecifier:
        return None
    if any(pin.operator in ("==", "===") and all(spec.contains(pin.version, prereleases=True) for spec in parsed)
           for pin in parsed):
        return None  # an exact pin every requirement admits ("==2.1.2+cu118" meets "==2.1.2"): not apart
    for pin in parsed:
        if pin.operator in ("==", "===") and "*" not in pin.version:
            for other in parsed:
                if not other.contains(pin.version, prereleases=True):
                    return str(pin), str(other)
    floors = [spec for spec in parsed if spec.operator in (">=", ">", "~=")]
    ceilings = [spec for spec in parsed if spec.operator in ("<=", "<")]
    for floor in floors:
        for ceiling in ceilings:
            low, high = Version(floor.version), Version(ceiling.version)
            if low > high or (low == high and (floor.operator == ">" or ceiling.operator == "<")):
                return str(floor), str(ceiling)
    return None


def asker(who: str, *, bare: bool = False) -> str:
    """"transformers==4.40.0" -> "transformers 4.40.0" ("transformers" where ``bare``); "vllm>=0.8.5" stays."""
    name, _, version = who.partition("==")
    if bare:
        return re.split(r"[\[=<>!~]", who)[0]
    return f"{name} {version}" if version and "," not in version else who


def overlap(one: str, other: str) -> bool:
    """Whether an exact pin of either meets the other (two ranges: assumed apart, as the resolver said)."""
    for exact, spec in ((one, other), (other, one)):
        if exact.startswith("==") and "," not in exact and "*" not in exact:
            return spec_contains(spec, exact[2:]) is not False
    return False


def valid_spec(spec: str) -> bool:
    try:
        SpecifierSet(spec)
    except InvalidSpecifier:
        return False
    return bool(spec)


def spec_contains(spec: str, version: str) -> bool | None:
    try:
        return SpecifierSet(spec).contains(Version(version), prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        return None
