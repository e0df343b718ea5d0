"""A package's own code that the Python running it cannot parse: syntax a later Python added, or Python 2's.

The log shows the line (Python prints it under the ``File`` line of a SyntaxError) and the Python (the
``lib/python3.5/`` of the package's path). A line that parses here, with a construct whose first Python is
later than the one shown, was written for a newer Python: the installed release of that package does not
support this one. Only a package's file counts (site-packages, an egg): a script's own typo is no mismatch.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import ast
import re
import warnings

from ...model.hints import Hint
from ..failure import Failure
from .machine import Situation
from .names import distribution_of, package_frames
from .setup_scripts import in_setup_script
from .stdlib import minor_key

#: constructs a line shows, and the first Python that parses them (the "What's New" of each release), newest first: a
#: line with two is told by the later one (an f-string's "=" specifier, 3.8, is an f-string too)
_F_STRING = r"(?<![\w'\"])(?:[fF][rR]?|[rR][fF])['\"]"
_SYNTAX = (
    (re.compile(r"^\s*type\s+\w+(?:\[[^\]]*\])?\s*="), "type aliases (type X = ...)", "3.12"),  # PEP 695
    (re.compile(r"^\s*except\*"), "except*", "3.11"),  # PEP 654
    (re.compile(r"^\s*match\s+[^=]+:\s*$"), "the match statement", "3.10"),  # PEP 634
    (re.compile(_F_STRING + r"[^'\"]*\{[^{}=!]+=\s*(?:[!:][^{}]*)?\}"), "f-string = specifiers (f\"{x=}\")", "3.8"),
    (re.compile(r":="), "assignment expressions (:=)", "3.8"),  # PEP 572
    (re.compile(_F_STRING), "f-strings", "3.6"),  # PEP 498
    # an annotated assignment ("self.errors: List[str] = []"; a dict's "key: value" line has no "="), PEP 526
    (re.compile(r"^\s*(?!(?:else|try|finally|lambda|except|if|elif|while|for|with|class|def|return|case)\b)"
                r"(?:self\.)?\w+\s*:\s*[\w.\[\], |]+\s*=(?!=)"), "variable annotations", "3.6"),
)
#: Python 3's words for Python 2's print statement and exec statement in a file it parses
_PYTHON2 = ("Missing parentheses in call to 'print'", "Missing parentheses in call to 'exec'")


def _parses(line: str) -> bool:
    """The line is valid Python here (3.9 or later), alone or as a block's first line."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "invalid escape sequence" in a line read for its shape
        for source in (line.strip(), f"{line.strip()}\n    pass"):
            try:
                ast.parse(source)
                return True
            except (SyntaxError, ValueError, RecursionError):
                continue
    return False


def _package_file(failure: Failure) -> str | None:
    """The distribution whose file raised the SyntaxError: the innermost frame, where it is a package's (an egg's
    folder, "loompy-2.0.13-py3.5.egg.loompy", named by the package inside it)."""
    inner = package_frames(failure.frames[-1:], failure.packages) if failure.frames else []
    if not inner:
        return None
    parts = inner[-1].partition(":")[0].split(".")
    if "egg" in parts:  # an egg's folder, "loompy-2.0.13-py3.5.egg", read as dotted parts: the package inside it
        parts = parts[parts.index("egg") + 1:]
    return distribution_of(".".join(parts)) if parts and parts[0].isidentifier() else None


def newer_syntax(failure: Failure, situation: Situation) -> Hint | None:
    """A package's line that uses syntax a later Python added, or Python 2's print, as the Python running it says;
    also an sdist's setup.py that pip runs (its folder names no package: "the package's setup.py")."""
    if not failure.is_a("builtins.SyntaxError"):
        return None
    dist = _package_file(failure)
    setup = dist is None and in_setup_script(failure)
    if dist is None and not setup:
        return None
    code, release, named = ((f"{dist}'s code", f"the installed {dist} release", dist) if dist else
                            ("the setup.py of the package pip is building", "that release of the package",
                             "the package"))
    if any(words in failure.message for words in _PYTHON2):
        where = f" (pip install -U {dist}, where it comes from PyPI)" if dist else ""
        return Hint(f"{code} is written for Python 2 (a print or exec statement), and Python 3 runs it: "
                    f"{release} is one for Python 2",
                    f"a release or port of {named} for Python 3{where}, or run it with the Python 2 it was written "
                    "for", "reasoned from the log: Python's own words for a Python 2 statement in the package's file",
                    family="api-mismatch")
    line, python = failure.source, situation.python
    if not line or python is None or not _parses(line):
        return None
    for pattern, construct, first in _SYNTAX:
        if pattern.search(line) and minor_key(python) < minor_key(first):
            return Hint(f"{code} uses {construct}, which Python {first} added, and the Python running it is "
                        f"{python} (its path in the log): {release} needs Python {first} or newer",
                        f"run it with Python {first} or newer (a venv made with it), or install the last release of "
                        f"{named} that supports Python {python} (pip install -U pip first: a newer pip picks it by "
                        "the releases' Requires-Python)",
                        "reasoned from the log: the line Python could not parse and the Python its path shows",
                        family="api-mismatch")
    return None
