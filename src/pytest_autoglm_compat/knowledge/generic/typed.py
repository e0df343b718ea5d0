"""A ``pip install`` someone typed or a program ran, told apart from a library's advice to run one.

A guard's pattern finds "install torchao==0.13.0" in "$ pip install torchao==0.13.0" as readily as in a library's
"please install torchao>=0.13.0": the first is the user's own command at a prompt (holdout59b: ao#2901), the second a
check that refused the environment.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

#: a shell's prompt, then pip's install command (a word or two before it: "with-proxy", "sudo"), a notebook's
#: "!pip install", or a command a program ran and reports failed ("Command 'pip install "gitpython>=3.1.30"' returned
#: non-zero exit status 1": holdout50a, venus#9); a library's advice on a line of its own ("Upgrade it with:" then
#: "pip install -U ...") is no prompt
_SHELL_COMMAND = re.compile(r"(?:[$#>]\s+(?:[\w.-]+\s+){0,2}?|^!|Command '\s*)"
                            r"(?:python[\d.]*\s+-m\s+|uv\s+)?pip3?\s+install\s", re.MULTILINE)


def typed_install(message: str, start: int, end: int, raised: bool) -> bool:
    """The install command at ``message[start:end]`` is one a person typed or a program ran, not a library's advice.

    A chain of commands (``&&``) on a line a program logged is a recipe it runs or shows: an installer's ". env/bin/
    activate && pip install "setuptools<=75.8.2"" (holdout12b: Wan2GP#1732), a node's "install manually with: pip
    install transformers>=4.44.0 && pip install git+..." under the import error that failed (holdout64a:
    VibeVoice-ComfyUI#8). In an exception's own message a chain is still the check's advice ("To fix, run: pip
    uninstall -y flash-attn && pip install "flash-attn>=2.6.3"": the session-25 second reader's case)."""
    if _SHELL_COMMAND.search(message, 0, end):
        return True
    if raised:
        return False
    line_end = message.find("\n", end)
    return "&&" in message[message.rfind("\n", 0, start) + 1:line_end if line_end != -1 else len(message)]
