"""A lock file's own Python (``requires-python``, a pip-compile header) held against the contract's.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..facts.inputs.lockfile import Pins
from ..model.requirements import PythonRequirement, Requirement
from ..model.values import InvalidValue, spec_text, specifier
from ..model.verdict import PASS, UNKNOWN, UNMET, Verdict

_BARE_PYTHON = re.compile(r"^\d+(\.\d+)*$")


def python_verdicts(pins: Pins, requirements: Iterable[Requirement]) -> list[Verdict]:
    """The lock's own Python against the contract's: a uv.lock or pylock.toml ``requires-python``, or the
    Python a pip-compile header names.

    A range is met when some Python satisfies both it and the contract (the lock can be installed on
    a Python the contract allows); a version is met when the contract allows it.
    """
    if pins.python is None:
        return []
    out: list[Verdict] = []
    for req in requirements:
        if not isinstance(req, PythonRequirement):
            continue
        required = spec_text(req.specifier)
        fix = f"lock for a Python {required} (uv lock --python, pip-compile run by that Python)"
        if _BARE_PYTHON.match(pins.python):
            status = PASS if req.specifier.contains(pins.python, prereleases=True) else UNMET
            found = f"Python {pins.python} (the pip-compile header of {pins.path})"
        else:
            found = f"requires-python {pins.python!r} in {pins.path}"
            try:
                specifier(str(specifier(pins.python, where="requires-python") & req.specifier), where="both")
                status = PASS
            except InvalidValue as exc:
                status = UNKNOWN if exc.where == "requires-python" else UNMET
                if status == UNKNOWN:
                    found = f"requires-python {pins.python!r} in {pins.path} is not a PEP 440 specifier"
        out.append(Verdict(status=status, subject="Python of the lock file", found=found, required=required,
                           origin=req.meta.origin, reason=req.meta.reason,
                           fix=(req.meta.fix or fix) if status != PASS else None, source=req.meta.source,
                           verified=req.meta.verified))
    return out
