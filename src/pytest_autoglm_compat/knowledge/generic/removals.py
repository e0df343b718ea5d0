"""A package's own message naming the release that removed what was asked for: NumPy 2.0's "`np.float_` was removed
in the NumPy 2.0 release", NumPy 1.24's expired aliases, the OpenAI SDK's 0.x names under 1.0.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import LOG_LINE, Failure
from .api import near
from .names import distribution_of

#: a package's own words for a name its release removed: NumPy 2.0's "`np.float_` was removed in the NumPy 2.0
#: release. Use `np.float64` instead." (numpy/_expired_attrs_2_0.py)
_REMOVED_IN_RELEASE = re.compile(r"`(?P<name>[\w.]+)` was removed in the (?P<package>[A-Za-z][\w-]*) "
                                 r"(?P<version>\d+(?:\.\d+)*) release\.?(?P<advice>[^\n]{0,200})")

#: the OpenAI SDK's words (openai/lib/_old_api.py, from 1.0.0) for a name of the 0.x API: "You tried to access
#: openai.ChatCompletion, but this is no longer supported in openai>=1.0.0 - see the README ..."
_NO_LONGER_SUPPORTED = re.compile(r"You tried to access (?P<name>[\w.]+), but this is no longer supported in "
                                  r"(?P<package>[A-Za-z][\w-]*)>=(?P<version>\d+(?:\.\d+)*)")


#: a package's own words naming the release that removed an attribute: Gensim 4's "The vocab attribute was removed
#: from KeyedVector in Gensim 4.0.0." (gensim/models/keyedvectors.py; holdout44a: six threads)
_ATTRIBUTE_REMOVED = re.compile(r"The (?P<name>\w+) (?:attribute|method|property) was removed from (?P<owner>\w+) in "
                                r"(?P<package>(?!Python\b)[A-Z][\w-]*) (?P<version>\d+(?:\.\d+)+)\.?"
                                r"(?P<advice>[^\n]{0,200})")


#: names a message gives a package whose project on the index is another: PyPI's "pytorch" and "hydra" are other
#: projects (the second reader's crafted Hydra line)
_PROJECTS = {"pytorch": "torch", "hydra": "hydra-core", "opencv": "opencv-python", "sklearn": "scikit-learn"}


#: NumPy 1.24's words for the aliases its release removed (numpy/__init__.py's __former_attrs__; the 1.24.0 release
#: notes: "The deprecation for the aliases np.object, np.bool, np.float, np.complex, np.str, and np.int is expired")
_EXPIRED_ALIAS = re.compile(r"`np\.(?P<name>\w+)` was a deprecated alias for the builtin `(?P<builtin>\w+)`")


def removed_in_its_release(failure: Failure) -> Hint | None:
    """A package's message naming the release that removed the name asked for: that release, and its advice."""
    expired = near(_EXPIRED_ALIAS, failure.message, "was a deprecated alias for the builtin")
    if expired is not None:
        # NumPy 2.0 brought np.bool back as its own scalar type: the atlas alone reads it as added (BraUNet++#6)
        return Hint(f"NumPy 1.24 removed np.{expired['name']}, an alias of the builtin {expired['builtin']}, as its "
                    "own message says: the code that uses it was written for an older numpy",
                    f"install numpy<1.24 (pip install \"numpy<1.24\"), or change np.{expired['name']} to "
                    f"{expired['builtin']} in the code that uses it (or a release of its package that did)",
                    "reasoned from the log: NumPy's own message for an alias its 1.24.0 release removed (the 1.24.0 "
                    "release notes: expired deprecations)", family="api-mismatch")
    found = (near(_REMOVED_IN_RELEASE, failure.message, "was removed in the ")
             or near(_NO_LONGER_SUPPORTED, failure.message, ", but this is no longer supported in ")
             # an exception's words, not a note or a changelog's line pasted beside another failure
             or (near(_ATTRIBUTE_REMOVED, failure.message, " was removed from ")
                 if failure.types != (LOG_LINE,) else None))
    if found is None:
        return None
    package = found["package"].lower()
    dist, version, name = _PROJECTS.get(package, distribution_of(package)), found["version"], found["name"]
    if found.groupdict().get("owner"):
        name = f"{found['owner']}.{name}"
    advice = (found.groupdict().get("advice") or "").strip()
    if not advice.startswith(("Use ", "See ", "Please use ", "Instead")):
        advice = ""  # "Your config does not use it.": no advice
    return Hint(f"{found['package']} {version} removed {name}, as its own message says: the code that uses it was "
                f"written for an older {dist}",
                f"install {dist}<{version} (pip install \"{dist}<{version}\"), or update the code that uses it"
                + (f" ({advice})" if advice else ""),
                "reasoned from the log: the package's own message names the release that removed the name",
                family="api-mismatch")
