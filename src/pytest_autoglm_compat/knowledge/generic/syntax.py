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


#: Python's words for "X | Y" on two classes where type has no __or__ (before 3.10, PEP 604): "unsupported operand
#: type(s) for |: 'type' and 'NoneType'" (int | None), "'torch._C._TensorMeta' and 'torch._C._TensorMeta'"
_UNION = re.compile(r"unsupported operand type\(s\) for \|: '(?P<left>[\w.]{1,100})' and '(?P<right>[\w.]{1,100})'")
#: the classes of what a union's operands are: a class (its metaclass: type, ABCMeta, torch's _TensorMeta and
#: tensortype, pydantic's ModelMetaclass), typing's special forms and aliases, None; each has "|" from 3.10 on
_TYPE_LIKE = re.compile(r"(?:[\w.]*\.)?(?:type|tensortype|\w*Meta(?:class)?|\w*meta|_SpecialForm|_?\w*GenericAlias|"
                        r"NoneType)")


def union_of_types(failure: Failure, situation: Situation) -> Hint | None:
    """A package's (or model repository's) annotation ``X | Y`` evaluated by a Python before 3.10, which has no "|"
    for classes (holdout62a: torchsnapshot#169 on 3.9, HunyuanImage-3.0#9's remote code): the code was written for
    Python 3.10 or newer. The message says as much by itself; a Python of 3.10 or later in the log says otherwise, and
    is no claim. A checkout's frame is a script's (holdout52a: esm#114's ``int | None`` gets none)."""
    found = _UNION.search(failure.message) if failure.is_a("builtins.TypeError") and "for |:" in failure.message \
        else None
    if found is None or not all(_TYPE_LIKE.fullmatch(found[side]) for side in ("left", "right")) or (
            found["left"] == found["right"] == "NoneType"):
        return None
    if situation.python is not None and minor_key(situation.python) >= minor_key("3.10"):
        return None
    inner = package_frames(failure.frames[-1:], failure.packages) if failure.frames else []
    if not inner:
        return None  # a script's own annotation: the user's code, not a release that does not fit
    module = inner[-1].partition(":")[0]
    if module.startswith("transformers_modules."):
        code, named = "the model repository's own code (loaded with trust_remote_code)", "the model's code"
        other = "a revision of the repository written for this Python"
    else:
        dist = distribution_of(module)
        code, named = f"{dist}'s code ({module})", dist
        other = f"the last release of {dist} that supports this Python"
    python = f"Python {situation.python}" if situation.python else "this Python (older than 3.10)"
    return Hint(f"{code} writes a union of classes as X | Y, which Python 3.10 added (PEP 604), and {python} "
                f"evaluates it and fails: {named} is written for Python 3.10 or newer",
                f"run it with Python 3.10 or newer (a venv made with it), or {other} (a file's X | Y annotations "
                "work on older Pythons under from __future__ import annotations)",
                "reasoned from the log: Python's words for | between two classes, which only Python 3.10 and later "
                "have", family="api-mismatch")
