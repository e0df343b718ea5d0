"""A checkpoint's model type the installed transformers has no code for (split from ``guards``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint

#: transformers' words for a checkpoint of a model type it has no code for: "The checkpoint you are trying to load has
#: model type `gemma` but Transformers does not recognize this architecture"
_ARCHITECTURE = re.compile(r"has model type `(?P<type>[\w-]{1,80})` but Transformers does not recognize this "
                           r"architecture")


def unknown_architecture(message: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """A model type the transformers the log names predates, where the atlas shows the release that added its code
    (without a version in the log, none: an old download of a model's files reads the same, holdout10a's
    miaoshoutagger#25)."""
    from .atlas import module_change

    found = _ARCHITECTURE.search(message)
    installed = version_of("transformers")
    if found is None or installed is None:
        return None
    change = module_change("transformers", f"transformers.models.{found['type'].replace('-', '_')}")
    change = change.narrowed(installed) if change is not None else None
    if change is None or change.added_in is None or change.removed_in is not None:
        return None
    return Hint(f"the checkpoint's model type {found['type']} has no code in transformers {installed}: "
                f"{change.told}", f"pip install -U 'transformers>={change.added_in}'",
                f"reasoned from the log and {change.source}", family="version-guard")
