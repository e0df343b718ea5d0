"""What a check found for one requirement: pass, unmet or unknown, with what to do about it.

Every layer above builds or reads verdicts; rendering them is the render layer's job.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .requirements import Meta, Origin

PASS = "pass"
UNMET = "unmet"
UNKNOWN = "unknown"
NOT_CHECKED = "not checked"  # found: a snapshot or lock file cannot answer an API/extension check


@dataclass(frozen=True)
class Verdict:
    status: str
    subject: str
    found: str
    required: str
    origin: Origin
    reason: str | None = None
    fix: str | None = None
    source: str | None = None
    note: str | None = None
    verified: bool = True
    hardware: bool = False  # no install can meet it (no GPU, too little memory): its fix is other hardware

    @property
    def ok(self) -> bool:
        return self.status == PASS

    @property
    def group_key(self) -> tuple[str | None, ...]:
        """Same finding declared in many places (a marker and the contract, say) is reported once."""
        return (self.status, self.subject, self.found, self.required)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "subject": self.subject,
            "found": self.found,
            "required": self.required,
            "declared": str(self.origin),
            "reason": self.reason,
            "fix": self.fix,
            "source": self.source,
            "note": self.note,
            "verified": self.verified,
            "hardware": self.hardware,
        }


def verdict_for(meta: Meta, status: str, subject: str, found: str, required: str, *,
             fix: str | None = None, note: str | None = None, key: str | None = None,
             hardware: bool = False) -> Verdict:
    origin = meta.origin
    if key is not None and origin.file is not None:
        origin = Origin(f"{origin.key}.{key}", origin.file)
    return Verdict(
        status=status,
        subject=subject,
        found=found,
        required=required,
        origin=origin,
        reason=meta.reason,
        fix=meta.fix or (fix if status != PASS else None),
        source=meta.source,
        note=note,
        verified=meta.verified,
        hardware=hardware,
    )
