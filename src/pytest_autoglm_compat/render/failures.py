"""A failed test's exception as report lines: what it is, the known cause and fix, the requirement that catches it.

The plugin calls :func:`explain_test_failure` for every failed test of every session: nothing
here may raise, and nothing probes the environment unless a known failure matched.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from ..engine import Engine
from ..knowledge.known_failures import Versions, explain_exception
from ..model.hints import Hint
from ..model.requirements import CudaRequirement, ExtensionRequirement, KernelsRequirement, identity
from .report import headline


def explain_test_failure(exc: object, engine: Engine) -> list[str] | None:
    """Report lines for a failed test's exception: what it is, cause, fix, source, the catching requirement.

    Matched first without the snapshot, so that a test failing for other reasons
    never costs a probe. Never raises (Ctrl-C and exit aside): a failure here
    must not change the test's outcome.
    """
    try:
        found = explained_here(exc, engine) if isinstance(exc, BaseException) else None
        if found is None:
            return None
        headline_, text, hint = found
        lines = [*hint_lines(headline_, hint, indent=""), _caught_by(hint, engine)]
        if "no kernel image is available" in text:  # which binary, which GPU, what it carries
            lines += failure_lines(engine)
        return lines
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return None


def explained_here(exc: BaseException, engine: Engine) -> tuple[str, str, Hint] | None:
    """The known failure ``exc`` shows, scoped by this environment: (what failed, in one line; the
    failure's message; the hint). Matched first without the snapshot, so that an exception no
    known failure explains never costs a probe."""
    known = engine.known_failures.signatures()  # the bundled ones and the team's own files
    if explain_exception(exc, known=known) is None:
        return None
    snap = engine.snapshot()
    torch = snap.torch
    torch_cuda = torch.cuda if torch else None
    found = explain_exception(exc, Versions.installed(snap.packages, torch_cuda), known=known,
                              torch_cuda=torch_cuda, torch_version=torch.version if torch else None)
    if found is None:
        return None
    link, failure, hint = found
    text = failure.message.strip()
    first = text.splitlines()[0] if text else ""
    return f"{type(link).__name__}: {first[:300]}", text, hint


def hint_lines(headline: str, hint: Hint, *, indent: str = "  ") -> list[str]:
    """A known failure as every output shows it: what failed, then its cause, fix and source."""
    return [headline, f"{indent}cause: {hint.cause}", f"{indent}fix: {hint.fix}", f"{indent}source: {hint.source}"]


def _caught_by(hint: Hint, engine: Engine) -> str:
    contract = engine.contract
    if contract is not None and hint.requirement is not None:
        for req in contract.requirements(needs_cuda=True):
            if identity(req) == hint.requirement:
                unmet = [v for v in engine.verdicts([req]) if not v.ok]
                if unmet:
                    return (f"caught by: {unmet[0].origin} in contract {contract.name!r}, unmet here "
                            f"({headline(unmet[0])}); under --autoglm-policy=skip or gate this test "
                            "would not have run")
                return (f"checked by: {req.meta.origin} in contract {contract.name!r}, which this "
                        "environment meets; the failure has another trigger")
    if hint.catches:
        return f"would have been caught by: {hint.catches} (pytest --autoglm-contract=stable)"
    return "no contract requirement covers this failure"


def failure_lines(engine: Engine) -> list[str]:
    """For a "no kernel image" failure: which binary lacks code for which GPU, from the engine's verdicts."""
    contract = engine.contract
    if contract is None or not engine.live:
        return []
    reqs = [r for r in contract.requirements(needs_cuda=True)
            if isinstance(r, (CudaRequirement, ExtensionRequirement, KernelsRequirement))]
    verdicts = [v for v in engine.verdicts(reqs) if v.subject.startswith("GPU code of ")]
    if not verdicts:
        return []
    unmet = [v for v in verdicts if v.status == "unmet"]
    if not unmet:
        return ["GPU code: every binary the contract names has code for these GPUs; the kernel that failed "
                "is in another binary"]
    return [f"GPU code: {v.found} ({v.origin})" for v in unmet]
