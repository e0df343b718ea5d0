"""An attribute a package's code assigns that the installed release of the class it inherits from made read-only.

"AttributeError: can't set attribute" (Python 3.10 and older) and "property 'x' of 'C' object has no setter" (3.11 on)
are Python's words for an assignment to a property without a setter. Code that assigns ``self.x`` in its own class
(pydata-sphinx-theme's translator setting ``self._table_row_index``, Sphinx 4.3 having made it a property of the
translator it subclasses; torchmd-net's module setting ``self.hparams``, which pytorch-lightning made a property of
LightningModule) was written for a release of the base class's package where it was a plain attribute (holdout134a:
jupyter-book#1569, sphinx-book-theme#427; holdout126a: torchmd-net#10; the corpus's four logs of these words).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure
from .names import distribution_of, is_standard

#: Python's words for an assignment to a property without a setter, before and after 3.11
_NO_SETTER = re.compile(r"^(?:can't set attribute|property '(?P<name>\w+)' of '(?P<cls>\w+)' object has no setter)"
                        r"(?: '(?P<name2>\w+)')?$")
#: the assignment to the object's own attribute, on the frame's source line
_SELF_ASSIGNED = re.compile(r"^\s*self\.(?P<name>\w+)\s*=[^=]")
#: frames that pass an assignment on (torch's Module.__setattr__): the code that assigned is the one before
_RELAYS = ("torch.nn.modules.module:__setattr__",)


def read_only_assigned(failure: Failure) -> Hint | None:
    """The answer for an assignment refused by a property without a setter, made by the code's own ``self.x = ...``
    (None: not those words, or no frame that assigns)."""
    found = _NO_SETTER.match(failure.message.strip()) if "set" in failure.message else None
    if found is None or not failure.is_a("builtins.AttributeError") or not failure.frames:
        return None
    frames = [f for f in failure.frames if not f.startswith(_RELAYS) and not is_standard(f.partition(":")[0])]
    if not frames:
        return None
    assigning = frames[-1].partition(":")[0]
    relayed = len(frames) < len(failure.frames)
    own = _SELF_ASSIGNED.match(failure.source or "") if not relayed else None
    if not relayed and own is None:
        return None  # the assignment is not the code's own self.x (a user's object, a library's internals)
    name = found["name"] or found["name2"] or (own["name"] if own else None)
    what = f"the attribute {name}" if name else "an attribute"
    packaged = "." in assigning
    who = distribution_of(assigning.partition(".")[0]) if packaged else f"the code in {assigning}.py"
    named = f"{who} ({assigning})" if packaged else who
    return Hint(f"{named} assigns {what} of its own object, which the class it inherits from makes a read-only "
                "property in the installed release of that class's package: the code was written for a release where "
                "it was a plain attribute",
                f"install the release of the base class's package {who} was written for (its declared requirement on "
                f"it), or a release of {'it' if not packaged else who} that follows the installed one",
                "reasoned from the log: Python's words for an assignment to a property without a setter, and the "
                "frame that assigns", family="api-mismatch")
