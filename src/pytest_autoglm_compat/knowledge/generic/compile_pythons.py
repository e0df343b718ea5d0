"""torch's own check that torch.compile (Dynamo) supports the running Python: "Python 3.11+ not yet supported for
torch.compile" (torch 2.0's torch/_dynamo/eval_frame.py, check_if_dynamo_supported: pytorch#104918), "Dynamo is not
supported on Python 3.12+" (torch 2.1-2.3: ChatTTS-ui#36, diffusers#7441; 2.6 for 3.13: pytorch#144048).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

_REFUSED = re.compile(r"Python (?P<python>3\.\d{1,2})\+ not yet supported for torch\.compile"
                      r"|Dynamo is not supported on Python (?P<python2>3\.\d{1,2})\+")
#: the first torch whose torch.compile runs on each Python: 3.11 from 2.1.0 (pytorch#93467, landed after 2.0.1:
#: pytorch#104918's maintainers), 3.12 from 2.4.0 (2.3.1 still refused it: kyutai-labs/moshi#156, pytorch#129327's
#: "nightly supports 3.12"), 3.13 from 2.6.0 (pytorch#144048: "will be available in the upcoming 2.6 release")
_FIRST_TORCH = {"3.11": "2.1.0", "3.12": "2.4.0", "3.13": "2.6.0"}
#: the words the reading needs on a line (knowledge.relevance keeps those lines)
WORDS = ("not yet supported for torch.compile", "Dynamo is not supported on Python")


def compile_refuses_python(failure: Failure) -> Hint | None:
    """torch's check of the running Python before torch.compile (None: not this check)."""
    message = failure.message
    found = _REFUSED.search(message) if ("torch.compile" in message or "Dynamo" in message) else None
    if found is None:
        return None
    python = found["python"] or found["python2"]
    first = _FIRST_TORCH.get(python)
    newer = (f"install torch>={first}, whose torch.compile supports Python {python}, or " if first else "")
    return Hint(f"the installed torch's torch.compile (Dynamo) does not support Python {python} and newer, and the "
                f"program runs on one: torch's own check refuses it before compiling",
                f"{newer}run under a Python older than {python} (a virtual environment of it), or call the code "
                "without torch.compile (its option to disable compilation)",
                "reasoned from the log: torch's own check of the Python torch.compile supports", family="version-guard")
