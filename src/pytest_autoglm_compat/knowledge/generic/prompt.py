"""A failure at the interactive prompt: what the statement typed there says of it.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import IMPORT_ORDER, Hint
from ..failure import Failure
from .machine import Situation

#: the loader's words for a C++ symbol of torch's own namespaces (c10, at, torch, caffe2)
_TORCH_SYMBOL = re.compile(r"undefined symbol: _ZN(?:K|St)?(?:3c10|2at|5torch|6caffe2)")
_TYPED_IMPORT = re.compile(r"(?:import|from) (?P<module>[A-Za-z_][\w.]*)")


def imported_before_torch(failure: Failure, situation: Situation | None) -> Hint | None:
    """A torch extension imported at the prompt that lacks one of torch's symbols, where the log shows no import of
    torch: import torch loads the libraries that define them, and nothing had (flownet2-pytorch#116, 3D-CODED#4). A
    log that shows torch imported, or the import typed in a script, says nothing of the order."""
    if situation is None or situation.torch_imported or failure.frames != ("<stdin>:<module>",):
        return None
    typed = _TYPED_IMPORT.match(failure.source or "")
    if typed is None or typed["module"].partition(".")[0] == "torch" or not failure.is_a("builtins.ImportError"):
        return None
    if _TORCH_SYMBOL.search(failure.message) is None:
        return None
    module = typed["module"]
    return Hint(f"{module} is a torch extension, imported at the prompt before torch: the C++ symbol it lacks is "
                "torch's own, which import torch loads into the process, and the log shows no import of torch",
                f"import torch first (import torch, then import {module}); if it still fails with torch imported, the "
                "extension was built against another torch: rebuild it against the installed one",
                "reasoned from the log: the statement typed at the prompt and the loader's undefined torch symbol",
                family=IMPORT_ORDER)
