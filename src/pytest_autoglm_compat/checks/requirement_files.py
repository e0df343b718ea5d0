"""A user's requirement file (facts/inputs) held against a contract's package requirements.

:func:`judge` gives each contract package requirement one of three judgements: *conflict* (no
version satisfies both), *allowed* (the user's range admits versions outside the contract) or
*guaranteed* (every version the range admits is inside the contract); a complete listing adds *not
installed*. The relation is decided on the specifiers themselves, so it holds for releases not made
yet; the index's release list, where it can be read, only adds which released versions fall outside
a range, and turns "no released version satisfies both" into a conflict. An exact or URL pin is
judged by its own version only (``2.0.1+cu118`` lives on PyTorch's index, not on PyPI's list).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from ..facts.inputs.releases import Releases
from ..facts.inputs.requirement_files import NOT_INSTALLED, Entry
from ..model import torch_lines
from ..model.values import spec_text

GUARANTEED = "guaranteed"


ALLOWED = "allowed but not guaranteed"


CONFLICT = "conflict"


def _candidates(specs: Iterable[SpecifierSet]) -> list[Version]:
    """Versions that separate every region the specifiers' bounds cut the version line into.

    Every bound is a candidate, and so are points just beside it (``v.dev0``/``v.post1``, the next
    micro, minor and major release), so that "is there a version in A and B" and "is every version of
    A in B" are answered exactly for the operators people write (``>=, >, <, <=, ==, !=, ~=, ==X.*``).
    """
    out: set[Version] = {Version("0"), Version("0.0.1"), Version("999999")}
    for spec in specs:
        for s in spec:
            text = s.version.removesuffix(".*")
            try:
                v = Version(text)
            except InvalidVersion:
                continue
            release = list(v.release) + [0] * max(0, 3 - len(v.release))
            base = ".".join(map(str, v.release))
            out |= {v, Version(base), Version(base + ".dev0"), Version(base + ".post1"), Version(base + ".0.1")}
            for i in range(len(release)):
                bumped = release[:i] + [release[i] + 1] + [0] * (len(release) - i - 1)
                previous = release[:i] + [max(release[i] - 1, 0)] + [99] * (len(release) - i - 1)
                for parts in (bumped, previous):
                    out.add(Version(".".join(map(str, parts))))
                    out.add(Version(".".join(map(str, parts)) + ".dev0"))
    return sorted(out)


def _admits(spec: SpecifierSet, v: Version) -> bool:
    return spec.contains(v, prereleases=True)


@dataclass(frozen=True)
class Judgement:
    name: str
    judgement: str  # GUARANTEED, ALLOWED, CONFLICT
    user: tuple[Entry, ...]
    required: str  # the contract's requirement as displayed
    found: str
    fix: str | None
    note: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"package": self.name, "judgement": self.judgement, "required": self.required, "found": self.found,
                "lines": [{"where": e.where, "text": e.text} for e in self.user], "fix": self.fix, "note": self.note}


def _shown(entries: Sequence[Entry]) -> str:
    return ", ".join(f"{e.exact if e.exact is not None and not str(e.specifier) else e.text} ({e.where})"
                     for e in entries)


def _spec_of(entries: Sequence[Entry]) -> SpecifierSet:
    spec = SpecifierSet()
    for entry in entries:
        spec &= entry.specifier if entry.exact is None else SpecifierSet(f"=={entry.exact}")
    return spec


def _shortened(versions: Sequence[Version]) -> str:
    texts = [str(v) for v in versions]
    return ", ".join(texts) if len(texts) <= 4 else f"{texts[0]}, {texts[1]} ... {texts[-2]}, {texts[-1]}"


def torch_line_requirement(contract_spec: SpecifierSet, required: str, line: str,
                           modules: Sequence[str]) -> tuple[SpecifierSet, str]:
    """The contract's torch versions narrowed to the release line its compiled extensions were built
    against (:func:`.torch_lines.built_for_lines`, the line ``plan`` installs), and how to show them."""
    shown = f'{required} and torch{spec_text(torch_lines.line_spec(line))} (built_for_torch = "{line}" of ' \
            f'{", ".join(modules)})'
    return torch_lines.narrow_spec(contract_spec, line), shown


def judge(name: str, contract_spec: SpecifierSet, required: str, entries: Sequence[Entry], *, file: str,
          optional: bool = False, absent: bool = False, releases: Releases | None = None,
          installed_state: bool = False) -> Judgement:
    """One contract package requirement against what the user's file says about that package.

    An exact version (a pin, a wheel URL, a listing's row) is judged by that version alone: the
    index's release list is asked only about ranges.
    """
    wanted = f"{name}{spec_text(contract_spec)}"
    if absent:
        if entries:
            where = ", ".join(e.where for e in entries)
            listed = installed_state and not any(str(e.specifier) for e in entries)
            return Judgement(name, CONFLICT, tuple(entries), required, _shown(entries),
                             f"pip uninstall -y {name}" if listed else f"remove {name} from {where}")
        return Judgement(name, GUARANTEED, (), required, "not in the file", None)
    if not entries:
        if optional:
            return Judgement(name, GUARANTEED, (), required, "not in the file (optional)", None)
        if installed_state:
            return Judgement(name, NOT_INSTALLED, (), required, "not installed", f"pip install '{wanted}'")
        return Judgement(name, ALLOWED, (), required, "not constrained (not in the file)",
                         f"add '{wanted}' to {file}")
    exact = [e for e in entries if e.exact is not None]
    if exact and installed_state:  # an environment: each listed copy must satisfy the contract
        bad = [e for e in exact if not _admits(contract_spec, Version(e.exact or "0"))]
        if bad:  # a line of a pinned file is edited; an environment is reinstalled
            fix = (f"replace {name} on {bad[0].where} with '{wanted}'" if str(bad[0].specifier)
                   else f"pip install '{wanted}'")
            return Judgement(name, CONFLICT, tuple(entries), required, _shown(entries), fix)
        return Judgement(name, GUARANTEED, tuple(entries), required, _shown(entries), None)
    open_ended = [e for e in entries if e.exact is None and not str(e.specifier)]
    user = _spec_of(entries)
    points = _candidates([user, contract_spec])
    inside = [v for v in points if _admits(user, v)]
    both = [v for v in inside if _admits(contract_spec, v)]
    found = _shown(entries)
    last = entries[-1].where
    if not both:
        return Judgement(name, CONFLICT, tuple(entries), required, found,
                         f"replace {name} on {', '.join(e.where for e in entries)} with '{wanted}'",
                         note=f"no version satisfies both {name}{spec_text(user)} ({last}) and {required}")
    outside = [v for v in inside if not _admits(contract_spec, v)]
    note = None
    if releases is not None and releases.versions and not exact:
        released_both = [v for v in releases.versions if _admits(user, v) and _admits(contract_spec, v)]
        released_out = [v for v in releases.versions if _admits(user, v) and not _admits(contract_spec, v)]
        if not released_both:
            return Judgement(name, CONFLICT, tuple(entries), required, found,
                             f"replace {name} on {last} with '{wanted}'",
                             note=f"no released version ({len(releases.versions)} on {releases.source}) satisfies "
                                  f"both {name}{spec_text(user)} and {required}")
        if outside and released_out:
            note = f"admits released versions outside the contract: {_shortened(released_out)} ({releases.source})"
        elif outside:
            note = f"every release on {releases.source} that it admits is inside the contract, later ones may not be"
    if not outside:
        return Judgement(name, GUARANTEED, tuple(entries), required, found, None, note=note)
    missing = [s for s in contract_spec if any(_admits(user, v) and not s.contains(v, prereleases=True)
                                                 for v in points)]
    added = spec_text(SpecifierSet(",".join(str(s) for s in missing)))
    target = next((e for e in entries if e in open_ended), entries[-1])
    fix = f"add '{name}{added}' to {target.where}" if target.exact is None else \
        f"replace {name} on {target.where} with '{wanted}'"
    return Judgement(name, ALLOWED, tuple(entries), required, found, fix, note=note)
