"""A test module that failed to import: the known cause and fix, and the requirement that catches it.

The plugin calls :func:`explain_collection_error` for every collection error of a session that
loaded the engine; nothing probes the environment unless a known failure matched. The lines
are those a failed test gets (render.failures), with the catching requirement said for a module:
whether the requirements applied to it (``autoglm_apply``, ``--autoglm-scope=all``) include it.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..engine import Engine
from ..knowledge.catches import requirement_identities
from ..model.requirements import Requirement, identity
from ..model.verdict import Verdict
from .failures import explained_here, hint_lines
from .report import headline

SECTION = "autoglm-compat: known failure"
SUMMARY_TITLE = "autoglm-compat: test modules that could not be imported"


@dataclass(frozen=True)
class CollectionExplanation:
    lines: list[str]  # the report section's lines: what failed, cause, fix, source, the catching requirement
    unmet: list[Verdict]  # unmet verdicts of the module's applied requirements that catch the failure


def explain_collection_error(exc: BaseException, engine: Engine, applied: Sequence[Requirement],
                             applied_by: str | None) -> CollectionExplanation | None:
    """The explanation of an import error of a test module, or None when no known failure matches.

    ``applied``: the requirements the module's tests would have (None opted in: empty);
    ``applied_by``: what applies them, for the text (an ``autoglm_apply`` line, the scope).
    """
    found = explained_here(exc, engine)
    if found is None:
        return None
    what, _, hint = found
    lines = hint_lines(what, hint, indent="")
    ids = requirement_identities(exc, hint)
    catching_applied = [r for r in applied if identity(r) in ids]
    unmet = [v for v in engine.verdicts(catching_applied) if not v.ok]
    if unmet:
        lines.append(f"caught by: {unmet[0].origin}, unmet here ({headline(unmet[0])}); it applies to this "
                     f"module through {applied_by}")
        return CollectionExplanation(lines, unmet)
    lines.append(_not_applied(ids, engine, hint.catches))
    return CollectionExplanation(lines, [])


def _not_applied(ids: Sequence[str], engine: Engine, catches: str | None) -> str:
    contract = engine.contract
    if contract is not None and ids:
        wanted = [r for r in contract.requirements(tuple(contract.sections), needs_cuda=True) if identity(r) in ids]
        unmet = [v for v in engine.verdicts(wanted) if not v.ok]
        if unmet:
            return (f"would be caught by: {unmet[0].origin} in contract {contract.name!r}, unmet here "
                    f"({headline(unmet[0])}), which does not apply to this module; map the module to "
                    "it with the autoglm_apply ini key (such as 'tests/test_x.py: gptq cuda')")
        if wanted:
            return (f"checked by: {wanted[0].meta.origin} in contract {contract.name!r}, which this environment "
                    "meets; the failure has another trigger")
    if catches:
        return f"would have been caught by: {catches} (pytest --autoglm-contract=stable)"
    return "no contract requirement covers this failure"


def summary_lines(entries: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The terminal summary's lines for the modules that could not be imported, as recorded."""
    lines: list[str] = []
    for nodeid, entry in entries.items():
        outcome = "skipped" if entry.get("outcome") == "skipped" else "error"
        unmet = entry.get("unmet") or []
        lines.append(f"{nodeid}: {outcome}" + (f" ({unmet[0]})" if unmet else ""))
        lines.extend(f"  {line}" for line in entry.get("known_failure") or ())
    return lines
