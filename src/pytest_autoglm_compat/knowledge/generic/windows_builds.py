"""A package's source build that runs Unix shell commands, run by pip on Windows.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from ...model.hints import Hint
from ..failure import Failure
from .machine import Situation

#: the words of Windows' cmd for a command it does not know (knowledge.relevance keeps those lines)
WORDS = ("is not recognized as an internal or external command", "pas reconnu en tant que commande interne",
         "\u4e0d\u662f\u5185\u90e8\u6216\u5916\u90e8\u547d\u4ee4")


def unix_build_on_windows(failure: Failure, situation: Situation) -> Hint | None:
    """cmd's refusal of a Unix shell command inside a build pip ran (holdout145b: pysam#1320, #304 and ngs-tools#31,
    htslib's configure sourced with "."): the package's build supports no Windows; a command typed at the prompt is
    no build's (no pip build in the log: nothing)."""
    command = situation.unix_command_on_windows
    if not command or not any(words in failure.message for words in WORDS) or f"'{command}' " not in failure.message:
        return None
    return Hint(f"the package's build from source runs Unix shell commands ('{command}', a configure script) and pip "
                "ran it on Windows, whose cmd does not know them: this build supports no Windows (pip built it "
                "because no wheel of the package fits this Windows Python)",
                "install a build made for Windows where one exists (a win_amd64 wheel of another release, a "
                "conda-forge or bioconda package), or install and run it under WSL or Linux",
                "reasoned from the log: Windows' cmd refusing a Unix command inside the build pip ran",
                family="extension-build")
