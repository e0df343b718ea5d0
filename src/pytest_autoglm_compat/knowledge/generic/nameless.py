"""A call refused a keyword, with no class named: the keyword's own history says whose method it is.

Python before 3.10 names only the function in its TypeError ("__init__() got an
unexpected keyword argument 'evaluation_strategy'"), and a log pasted without its
traceback shows nothing else. Where one package's classes alone ever named that
keyword on that method, and some of its releases did not (the atlas's keyword index),
the keyword is that package's: the calling code was written for a release on the other
side of the change. A keyword of several packages, or of a package's every release,
says nothing of whose it is, and gets no answer.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from .api import near, type_error_words
from .atlas import keyword_owners
from .keyword_history import function_keyword_change, keyword_change
from .names import CONVENTIONAL_ALIASES, called_through, distribution_of, possessive, top

_WORDS = "() got an unexpected keyword argument"
#: the function alone, not a class's method ("Trainer.__init__()") nor a local function ("<locals>.f()")
_NAMELESS_CALL = re.compile(r"(?<![\w.>])(?P<method>\w+)\(\) got an unexpected keyword argument "
                            r"(?P<quote>['\"])(?P<keyword>\w+)(?P=quote)")


def nameless_keyword(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The answer for a function's refused keyword that one package's classes alone took in some releases."""
    if not type_error_words(failure) or _WORDS not in failure.message:
        return None
    found = near(_NAMELESS_CALL, failure.message, _WORDS, before=80)
    if found is None:
        return None
    method, keyword = found["method"], found["keyword"]
    if re.search(rf"\bself\.{re.escape(method)}\(", failure.source or ""):
        return None  # the calling frame calls a method of its own object: its own class's, whatever the atlas holds
    tops = {top(path) for path in called_through(method, failure.source) if "." in path}
    owners = keyword_owners(method, keyword) or (keyword_owners(method, keyword, distribution_of(tops.pop()))
                                                 if len(tops) == 1 else None)  # "scipy.linalg.solve(": scipy's
    if owners is None:
        return None
    dist, classes = owners
    functions_only = all(":" in owner for owner in classes)
    if method != "__init__" and functions_only and called_through(method, failure.source) and not \
            _called_from_its_module(failure, method, classes):
        return None  # "np.load(..., allow_pickle=True)": numpy's, whatever cupy's load took (the session-36 reader)
    if method != "__init__" and not _distinctive(method) and not _distinctive(keyword) \
            and not _called_from_its_module(failure, method, classes):
        # "load() got an unexpected keyword argument 'weights_only'": torch.load's, which the atlas reads no functions
        # of; a short, common name is any package's (the index knows only the packages it read functions of)
        return None
    functions = tuple(owner for owner in classes if ":" in owner)
    located = [keyword_change(dist, owner, method, keyword) for owner in classes if ":" not in owner]
    if functions:
        # one function that moved between modules is one history (skimage's match_histograms)
        located.append(function_keyword_change(dist, functions, keyword))
    told = [found for found in located if found is not None]
    if len(told) != len(located) or len({(c.added_in, c.removed_in, c.back_from) for _, c in told}) != 1:
        return None  # its classes disagree on when it came or went: the log does not say which one was called
    module, history = told[0]
    installed = version_of(dist)
    change = history.narrowed(installed)
    if change is None:
        return None  # the installed release takes it: not this package's method that refused it
    named = ", ".join(dict.fromkeys(f"{owner.rpartition(':')[2]}()" if ":" in owner else f"{owner}.{method}()"
                                    for owner in classes))
    dist_text = f"{dist} {installed}" if installed else f"the installed {dist}"
    return Hint(f"{method}() is called with the keyword {keyword}, which of the packages the atlas reads only "
                f"{possessive(dist)} {named} ({module}) ever took, and not in every release: {change.told}; with "
                f"{dist_text}, the calling code (or the saved settings it passes) was written for "
                f"{change.written_for} {dist}",
                change.fix(f"calling code that follows this {dist}"),
                f"reasoned from the log and {change.source} (a call that names no class)", family="api-mismatch")


def _distinctive(name: str) -> bool:
    """A function or method name of two words or more and ten letters (``dispatch_model``, ``hf_hub_download``):
    not one that many packages define (``load``, ``forward``, ``save``)."""
    return "_" in name.strip("_") and len(name) >= 10


def _called_from_its_module(failure: Failure, function: str, owners: tuple[str, ...]) -> bool:
    """The failing line calls the function through the whole path of a module the index's functions of that name lie
    in, from its package down, with the keyword written out: "scipy.linalg.solve(A, Xy, sym_pos=True)", where a bare
    "solve()" could be any package's and "linalg.solve()" NumPy's, JAX's or Dask's as well as SciPy's (the session-29
    second reader's np.linalg, jax.scipy.linalg and dask's da.linalg)."""
    modules = {owner.partition(":")[0] for owner in owners if ":" in owner}
    # a package's conventional alias stands for it ("pd.read_csv(": pandas'; holdout104a: parflow#692); a bare name
    # that is no module of theirs ("df.to_csv(") says nothing either way
    called = [path if "." in path else CONVENTIONAL_ALIASES.get(path, path)
              for path in called_through(function, failure.source)]

    def theirs(path: str) -> bool:
        return any(module == path or module.startswith(f"{path}.") for module in modules)

    return any(theirs(path) for path in called) and all(theirs(path) for path in called if "." in path)
