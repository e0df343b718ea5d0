"""The ``autoglm_apply`` ini key: which parts of a suite the active contract applies to, declared without code.

One rule a line, ``SELECTORS: WORDS``::

    autoglm_apply =
        tests/test_q4*.py tests/test_repacking.py !node:*::test_multigpu: gptq cuda
        mark:gpu: cuda
        node:tests/test_api.py::TestGlm::*: core
        keyword:quantize: gptq

Selectors (several on one line, separated by spaces: any of them selects, and a selector written
``!SELECTOR`` takes the tests it matches back out): a path glob matched
against the test file's path relative to the rootdir (``*`` crosses ``/``), ``mark:NAME`` (the
test carries that marker, whoever put it there), ``node:GLOB`` (the node id) and ``keyword:WORD``
(as ``pytest -k WORD``: a case-insensitive substring of one of the test's names). Words:
``core`` (the contract's core requirements: ``@pytest.mark.autoglm_contract()``), a section
name (core plus that section: ``@pytest.mark.autoglm_contract("gptq")``) and ``cuda`` (the
test needs a GPU, as if it used the ``cuda_device`` fixture: the contract's ``[cuda]``
requirements and its ``when = "cuda"`` extensions; without a contract, ``requires_cuda()``).

Pure parsing: nothing here knows pytest; the plugin matches rules to tests. Imported when pytest
starts (by the settings), so it stays light: packaging only on an error path.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

KEY = "autoglm_apply"
SELECTOR_KINDS = ("path", "mark", "node", "keyword")
EXPECTED_LINE = ("expected 'SELECTORS: WORDS', such as 'tests/test_q4*.py: gptq cuda' or 'mark:gpu: cuda' "
                 "(selectors: a path glob, mark:NAME, node:GLOB, keyword:WORD; words: core, cuda, section names)")
_LINE = re.compile(r"(?P<selectors>.*?\S)\s*:(?:\s+(?P<words>[^:]*))?\s*")
_NAME = re.compile(r"[A-Za-z_][\w.-]*")


class ApplyError(ValueError):
    """Every problem of an ``autoglm_apply`` value, each naming its line; raised once."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Selector:
    kind: str  # one of SELECTOR_KINDS
    pattern: str
    negated: bool = False  # "!SELECTOR": the rule leaves what it selects alone

    def __str__(self) -> str:
        text = self.pattern if self.kind == "path" else f"{self.kind}:{self.pattern}"
        return f"!{text}" if self.negated else text

    def matches(self, path: str | None, nodeid: str, keywords: Sequence[str], marks: set[str]) -> bool:
        if self.kind == "path":
            return path is not None and fnmatch.fnmatchcase(path, self.pattern)
        if self.kind == "node":
            return fnmatch.fnmatchcase(nodeid, self.pattern)
        if self.kind == "mark":
            return self.pattern in marks
        word = self.pattern.lower()
        return any(word in name for name in keywords)


@dataclass(frozen=True)
class ApplyRule:
    """One line: what it selects, and what it applies to the tests it selects."""

    line: int  # 1-based, among the key's non-empty lines
    text: str
    selectors: tuple[Selector, ...]
    sections: tuple[str, ...]  # section names, in order; "core" is not one
    cuda: bool

    @property
    def where(self) -> str:
        return f"{KEY} line {self.line} ({self.text!r})"

    def matches(self, path: str | None, nodeid: str, keywords: Iterable[str], marks: Iterable[str]) -> bool:
        """Any selector matches and no ``!`` selector does; ``path``: the test file relative to the rootdir,
        '/'-separated (None: not a file)."""
        facts = (path, nodeid, [str(k).lower() for k in keywords], set(marks))
        return any(s.matches(*facts) for s in self.selectors if not s.negated) \
            and not any(s.matches(*facts) for s in self.selectors if s.negated)


def parse_apply(lines: Iterable[str]) -> tuple[ApplyRule, ...]:
    """The ini key's lines (empty ones dropped) -> rules; every problem is collected, then one ApplyError."""
    rules: list[ApplyRule] = []
    problems: list[str] = []
    number = 0
    for raw in lines:
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        number += 1
        where = f"{KEY} line {number} ({text!r})"
        found = _LINE.fullmatch(text)
        if found is None or not found["words"] or not found["words"].strip():
            problems.append(f"Invalid {where}: {EXPECTED_LINE}")
            continue
        selectors: list[Selector] = []
        for token in found["selectors"].split():
            negated = token.startswith("!")
            token = token[1:] if negated else token
            kind, sep, pattern = token.partition(":")
            if sep and kind in SELECTOR_KINDS:
                if not pattern:
                    problems.append(f"Invalid {where}: selector {token!r} names nothing; expected {kind}:"
                                    f"{'NAME' if kind == 'mark' else 'GLOB' if kind != 'keyword' else 'WORD'}")
                    continue
                if kind == "mark" and not _NAME.fullmatch(pattern):
                    problems.append(f"Invalid {where}: {pattern!r} is not a marker name; expected mark:NAME, "
                                    "such as mark:gpu")
                    continue
                selectors.append(Selector(kind, pattern, negated))
            elif sep and _NAME.fullmatch(kind):
                problems.append(f"Invalid {where}: unknown selector kind {kind + ':'!r}"
                                f"{did_you_mean(kind, SELECTOR_KINDS)}; expected a path glob, mark:NAME, "
                                "node:GLOB or keyword:WORD (a node id goes after node:)")
            else:
                selectors.append(Selector("path", token.replace("\\", "/").removeprefix("./"), negated))
        words = found["words"].replace(",", " ").split()
        sections: list[str] = []
        for word in words:
            if word in ("core", "cuda"):
                continue
            if not _NAME.fullmatch(word):
                problems.append(f"Invalid {where}: {word!r} is not a section name; expected core, cuda or a "
                                "section of the contract")
            elif word not in sections:
                sections.append(word)
        if selectors and all(s.negated for s in selectors):
            problems.append(f"Invalid {where}: only excluding selectors (!...); expected at least one that "
                            "selects, such as 'tests/*.py !tests/test_cpu.py: cuda'")
        elif selectors:
            rules.append(ApplyRule(number, text, tuple(selectors), tuple(sections), "cuda" in words))
    if problems:
        raise ApplyError(problems)
    return tuple(rules)


def did_you_mean(value: str, options: Iterable[str]) -> str:
    from .values import did_you_mean as _did_you_mean  # only on an error path

    return _did_you_mean(value, options)


def unknown_sections(rules: Iterable[ApplyRule], sections: Iterable[str], contract: str) -> list[str]:
    """Problems for words that name no section of the active contract (``contract``: its name and file)."""
    known = sorted(sections)
    problems = []
    for rule in rules:
        for name in rule.sections:
            if name not in known:
                problems.append(
                    f"Invalid {rule.where}: contract {contract} has no section {name!r}{did_you_mean(name, known)}; "
                    f"expected core, cuda or one of its sections: {', '.join(known) or 'none'}")
    return problems
