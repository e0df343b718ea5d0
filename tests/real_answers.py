"""What ``explain`` answers for a log of the real corpus (tests/data/real), as the reading tests hold it."""

from __future__ import annotations

from pathlib import Path

from pytest_autoglm_compat.knowledge.logs import explain_log

REAL = Path(__file__).parent / "data" / "real"


def answered(text: str) -> list[str]:
    """Every answer's cause for a log's text, in the order explain prints them."""
    found, _ = explain_log(text)
    return [item.hint.cause for item in found]


def answers(group: str, log: str) -> list[tuple[str, str, str]]:
    """Every answer, in the order explain prints them: (family, cause, fix)."""
    found, _ = explain_log((REAL / group / log).read_text(encoding="utf-8"))
    return [(item.hint.family or "", item.hint.cause, item.hint.fix) for item in found]


def first(group: str, log: str) -> tuple[str, str, str]:
    """The first answer, which the corpus scores; the log must have one."""
    found = answers(group, log)
    assert found, log
    return found[0]


def reviewed(folder: str, name: str) -> list[tuple[str, str]]:
    """(family, cause) of every answer for an input of a second reader's review (tests/data/<folder>/inputs)."""
    found, _ = explain_log((REAL.parent / folder / "inputs" / f"{name}.log").read_text(encoding="utf-8"))
    return [(item.hint.family or "", item.hint.cause) for item in found]


def aside(text: str) -> list[tuple[str, str]]:
    """(family, cause) of what explain tells apart from its causes (no mismatch claimed)."""
    _, reading = explain_log(text)
    return [(item.hint.family or "", item.hint.cause) for item in reading.aside]
