"""A method asked of an object whose class the atlas does not know, named after one package's base class that had the
method until a release removed it: matplotlib's ``AxesSubplot`` (made at run time by its subplot factory, so no
module of the release defines it) asked for ``set_axis_bgcolor``, which matplotlib's ``_AxesBase`` had until 2.2.0
(holdout153a: queueing-tool#51, skyline#49, scikit-learn#10762, calmap#24).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from .atlas import classes_with_method, method_change, owners_of_class, removed_method_owners
from .methods import _removed
from .names import possessive, with_article

#: an object's class and a method of two words or more asked of it ("'AxesSubplot' object has no attribute
#: 'set_axis_bgcolor'"): a one-word name (``update``) is any class's
_ASKED = re.compile(r"'(?P<cls>[A-Z][A-Za-z0-9]{2,100})' object has no attribute '(?P<name>[a-z][a-z0-9]*_\w{1,100})'")


def named_after_its_base(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The answer where exactly one package of the atlas had the method and removed it, in one class whose name, less
    its leading underscore and its "Base", begins the object's class name (None: anything else)."""
    if not failure.is_a("builtins.AttributeError") or "' object has no attribute '" not in failure.message:
        return None
    found = _ASKED.search(failure.message)
    if found is None or owners_of_class(found["cls"]):
        return None
    cls, name = found["cls"], found["name"]
    owners = removed_method_owners(name)
    if len(owners) != 1:
        return None
    dist = owners[0]
    bases = [base for base in classes_with_method(dist, name)
             if len(stem := base.lstrip("_").removesuffix("Base")) >= 3 and cls.startswith(stem) and cls != stem]
    if len(bases) != 1 or owners_of_class(bases[0]) != (dist,):
        # a base named as other packages' classes are ("Config": flax's, and 26 more packages') says nothing of whose
        # the object is (the session-43 second reader's python-box ConfigBox asked for a key its file lacks)
        return None
    inner = (failure.frames or ("",))[-1]
    if inner.endswith((":__getattr__", ":__getattribute__")):
        return None  # a package's own __getattr__ raised for its own class (box's ConfigBox)
    change = method_change(dist, bases[0], name)
    if change is None or change.removed_in is None or change.added_in is not None:
        return None  # a method the base had only in some releases says less of whose code asked it
    return _removed(f"{with_article(cls)} (named after {possessive(dist)} class {bases[0]}, which had it)", name,
                    "{which} does not have", dist, change, version_of)
