"""A package's own message naming the release that removed what was asked for: NumPy 2.0's "`np.float_` was removed
in the NumPy 2.0 release", NumPy 1.24's expired aliases, the OpenAI SDK's 0.x names under 1.0.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import CUT_TRACEBACK, LOG_LINE, Failure
from .api import near
from .atlas_methods import named_in
from .machine import Situation
from .names import distribution_of, raiser_and_asker, top

#: a package's own words for a name its release removed: NumPy 2.0's "`np.float_` was removed in the NumPy 2.0
#: release. Use `np.float64` instead." (numpy/_expired_attrs_2_0.py)
_REMOVED_IN_RELEASE = re.compile(r"`(?P<name>[\w.]+)` was removed in the (?P<package>[A-Za-z][\w-]*) "
                                 r"(?P<version>\d+(?:\.\d+)*) release\.?(?P<advice>[^\n]{0,200})")

#: NumPy 2.0's words for a method it took from a class, SciPy 1.14's for a function it removed: "`newbyteorder` was
#: removed from the ndarray class in NumPy 2.0. Use `arr.view(...)` instead." (holdout129a:
#: ComfyUI-CogVideoXWrapper#282, llama.cpp#10127), "`interp2d` has been removed in SciPy 1.14.0." (forest#210)
_REMOVED_FROM = re.compile(r"`(?P<name>[\w.]+)` (?:was removed from the (?P<owner>\w+) class|has been removed) in "
                           r"(?P<package>(?!Python\b)[A-Z][\w-]*) (?P<version>\d+(?:\.\d+)*)\.?"
                           r"(?P<advice>[^\n]{0,200})")

#: JAX's words for a name it removed, in its AttributeError: "jax.tree_map was removed in JAX v0.6.0: use jax.tree.map
#: (jax v0.4.25 or newer) or jax.tree_util.tree_map (any JAX version)." (holdout130a: waymax#77)
#: and its words for one it deprecated first: "jax.interpreters.xla.pytype_aval_mappings was deprecated in JAX v0.5.0
#: and removed in JAX v0.7.0. jax.core.pytype_aval_mappings can be used as a replacement" (holdout152a: ksim-gym#51)
_REMOVED_IN_V = re.compile(r"(?P<name>[A-Za-z_][\w.]{0,80}) was (?:deprecated in [A-Z][\w-]* v\d+(?:\.\d+)* and )?"
                           r"removed in (?P<package>(?!Python\b)[A-Z][\w-]*) "
                           r"v(?P<version>\d+(?:\.\d+)*):? ?(?P<advice>[^\n]{0,200})")

#: the words the readings of _REMOVED_FROM need on a line (knowledge.relevance keeps those lines)
WORDS = ("` was removed ", "` has been removed in ", " and removed in ", "was a deprecated alias for the builtin",
         "has been deprecated and was removed in ")

#: the OpenAI SDK's words (openai/lib/_old_api.py, from 1.0.0) for a name of the 0.x API: "You tried to access
#: openai.ChatCompletion, but this is no longer supported in openai>=1.0.0 - see the README ..."
#: GeoPandas 1.0's words for its datasets module: "The geopandas.dataset has been deprecated and was removed in
#: GeoPandas 1.0. You can get the original 'naturalearth_lowres' data from ..." (holdout168a: topojson#224)
_DEPRECATED_AND_REMOVED = re.compile(r"The (?P<name>[a-z_][\w.]{0,80}) (?:module )?has been deprecated and "
                                     r"(?:was|has been) removed in (?P<package>(?!Python\b)[A-Z][\w-]*) "
                                     r"(?P<version>\d+(?:\.\d+)*)\.?(?P<advice>[^\n]{0,200})")
_NO_LONGER_SUPPORTED = re.compile(r"You tried to access (?P<name>[\w.]+), but this is no longer supported in "
                                  r"(?P<package>[A-Za-z][\w-]*)>=(?P<version>\d+(?:\.\d+)*)")


#: a package's own words naming the release that removed an attribute: Gensim 4's "The vocab attribute was removed
#: from KeyedVector in Gensim 4.0.0." (gensim/models/keyedvectors.py; holdout44a: six threads)
_ATTRIBUTE_REMOVED = re.compile(r"The (?P<name>\w+) (?:attribute|method|property) was removed from (?P<owner>\w+) in "
                                r"(?P<package>(?!Python\b)[A-Z][\w-]*) (?P<version>\d+(?:\.\d+)+)\.?"
                                r"(?P<advice>[^\n]{0,200})")


#: a package's own words for what a release made obsolete: spaCy 3's E941 "Can't find model 'en'. It looks like you're
#: trying to load a model from a shortcut, which is obsolete as of spaCy v3.0." (holdout120a:
#: introduction_to_ml_with_python#179)
_OBSOLETE_AS_OF = re.compile(r"(?P<what>[^.\n]{1,200}), which is (?:obsolete|deprecated) as of "
                             r"(?P<package>[A-Za-z][\w-]{0,40}) v?(?P<version>\d+(?:\.\d+)*)")


#: names a message gives a package whose project on the index is another: PyPI's "pytorch" and "hydra" are other
#: projects (the second reader's crafted Hydra line)
_PROJECTS = {"pytorch": "torch", "hydra": "hydra-core", "opencv": "opencv-python", "sklearn": "scikit-learn"}


#: NumPy 1.24's words for the aliases its release removed (numpy/__init__.py's __former_attrs__; the 1.24.0 release
#: notes: "The deprecation for the aliases np.object, np.bool, np.float, np.complex, np.str, and np.int is expired")
_EXPIRED_ALIAS = re.compile(r"`np\.(?P<name>\w+)` was a deprecated alias for the builtin `(?P<builtin>\w+)`")


#: NumPy's warning just before it raises for an expired alias that is to come back as a scalar type
#: (numpy/__init__.py's __getattr__: np.bool, np.object and np.str from 1.24; np.bool came back in 2.0)
_FUTURE_SCALAR = re.compile(r"In the future `np\.(?P<name>bool|object|str)` will be defined as the corresponding "
                            r"NumPy scalar")
#: NumPy's own raise for an expired alias, the line its __getattr__ shows in a traceback
_FORMER_ATTRS_RAISE = "raise AttributeError(__former_attrs__[attr])"
_EXPIRED_ALIASES = "np.float, np.int, np.complex, np.object, np.bool, np.str"
_ALIAS_FIX = ('install numpy<1.24 (pip install "numpy<1.24"), or a release of {dist} that no longer uses the '
              "alias (or change it to the builtin in its code)")


def expired_alias_unworded(failure: Failure, situation: Situation) -> Hint | None:
    """NumPy's raise for an alias its 1.24 release removed, where the log does not show its message: a traceback cut at
    the raise in numpy's ``__getattr__`` (holdout116a: voicefixer#48, librosa's np.complex), or the warning NumPy
    prints just before it (holdout116a: x-stable-diffusion#30, TensorRT's np.bool; notices.py passes it over where an
    exception raised after it shows its message). The package whose frame asked is the one written for older numpy;
    the line above numpy's frame names the alias (the situation's ``numpy_alias_asked``)."""
    if failure.types == (CUT_TRACEBACK,) and failure.frames and failure.frames[-1] == "numpy:__getattr__" \
            and (failure.source or "").strip() == _FORMER_ATTRS_RAISE:
        asker = next((frame.partition(":")[0] for frame in reversed(failure.frames)
                      if not frame.startswith(("numpy:", "numpy."))), "")
        if situation.numpy_alias_asked == "":
            return None  # the line above asks no alias by name (getattr(np, cfg["dtype"])): a value, not a release
        name = f"np.{situation.numpy_alias_asked}" if situation.numpy_alias_asked else "one of them"
    elif (failure.is_a("builtins.AttributeError") and failure.frames == ("numpy:__getattr__",)
          and (failure.source or "").strip() == _FORMER_ATTRS_RAISE):
        # the asker's frame cut above numpy's own raise (holdout161a: pyvista#5457, VTK's numpy_support and np.bool):
        # the alias is NumPy's expired one, whoever asked
        alias = re.search(r"has no attribute '(\w+)'", failure.message)
        if alias is None:
            return None
        return Hint(f"NumPy 1.24 removed np.{alias[1]}, an alias of a builtin (the traceback ends in NumPy's own raise "
                    "for the aliases its 1.24 release removed): the code that uses it was written for an older numpy",
                    f"install numpy<1.24 (pip install \"numpy<1.24\"), or a release of the package that uses it that "
                    f"no longer does (np.{alias[1]} to the builtin in its code)",
                    "reasoned from the log: NumPy's own raise for an alias its 1.24.0 release removed (the 1.24.0 "
                    "release notes: expired deprecations)", family="api-mismatch")
    elif failure.is_a("builtins.FutureWarning") and failure.frames and "NumPy scalar" in failure.message:
        found = _FUTURE_SCALAR.match(failure.message.strip())
        if found is None:
            return None
        asker, name = failure.frames[-1].partition(":")[0], f"np.{found['name']}"
    else:
        return None
    top = asker.partition(".")[0]
    if not top or top not in (failure.packages or ()):
        return None  # a script's own code, or frames not seen: nothing says which package to move
    dist = distribution_of(asker)
    if failure.types != (CUT_TRACEBACK,):
        told = f"NumPy prints its warning for {name} just before it raises AttributeError for it"
    elif name == "one of them":
        told = f"the traceback is cut at NumPy's own raise for one of them: {_EXPIRED_ALIASES}"
    else:
        told = "the traceback is cut at NumPy's own raise for it"
    asked = "an alias" if name == "one of them" else f"{name}, an alias"
    return Hint(f"{dist}'s code ({asker}) asks numpy for {asked} NumPy 1.24 removed ({told}): that release of {dist} "
                "was written for an older numpy",
                _ALIAS_FIX.format(dist=dist),
                "reasoned from the log: NumPy's own raise or warning for an alias its 1.24.0 release removed (the "
                "1.24.0 release notes: expired deprecations)", family="api-mismatch")


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
    obsolete = near(_OBSOLETE_AS_OF, failure.message, " as of ")
    if obsolete is not None and obsolete["package"].lower() != "python":  # the Python is no pip package
        package, version = obsolete["package"], obsolete["version"]
        dist = _PROJECTS.get(package.lower(), distribution_of(package.lower()))
        what = obsolete["what"].strip()
        return Hint(f"{package} {version} made obsolete what the code asks for ({what}), as its own message says: the "
                    f"code was written for an older {dist}",
                    f"do as the message says (it names what to use instead), or install {dist}<{version} "
                    f"(pip install \"{dist}<{version}\") for code written before it",
                    "reasoned from the log: the package's own message names the release", family="api-mismatch")
    found = (near(_REMOVED_IN_RELEASE, failure.message, "was removed in the ")
             or near(_NO_LONGER_SUPPORTED, failure.message, ", but this is no longer supported in ")
             or near(_REMOVED_FROM, failure.message, " removed ")
             or near(_DEPRECATED_AND_REMOVED, failure.message, " has been deprecated and ")
             # an exception's words, not a note or a changelog's line pasted beside another failure
             or (near(_REMOVED_IN_V, failure.message, " was removed in ") if failure.types != (LOG_LINE,) else None)
             or (near(_REMOVED_IN_V, failure.message, " and removed in ") if failure.types != (LOG_LINE,) else None)
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


#: a deprecation's own words, naming what is deprecated: "iteritems is deprecated and will be removed in a future
#: version", "The get_cmap function was deprecated in Matplotlib 3.7", "mode.use_inf_as_na option is deprecated"
_DEPRECATED = re.compile(r"(?P<name>`?[A-Za-z_][\w.]{0,100}(?:\(\))?`?'?)"
                         r"(?: (?P<kind>function|method|attribute|property|option|class|module|keyword|argument|"
                         r"parameter|kwarg))? (?:is|was|has been) (?:a )?deprecated\b")
#: what a deprecation of a call's keyword may have been passed by the user's own code through the package (dask's
#: read_csv handing pandas its keywords: the session-38 second reader's)
_PASSED_IN = ("keyword", "argument", "parameter", "kwarg")
#: packages whose code only emits another's deprecation (a decorator's wrapper): the deprecated name is not theirs
_EMITTERS = frozenset({"typing_extensions", "deprecated", "deprecation", "wrapt", "warnings"})
#: top-level packages a distribution's wheel ships beside its own (a stale copy left by another install is read as a
#: release of its own elsewhere: holdout79a's rna-seq-pop#93)
_SAME_WHEEL = {"mpl-toolkits": "matplotlib", "-pytest": "pytest"}


def deprecation_raised(failure: Failure) -> Hint | None:
    """A package's deprecation warning raised as an error, its traceback shown (python -W error, pytest's
    filterwarnings = error): the package that called the deprecated name was written for an older release of its
    owner (holdout117a: seaborn#3037, FacetGrid.map calling DataFrame.iteritems, deprecated in pandas 1.5, in MNE's
    CI). A warning printed and gone past has no frames of its own (the module of its line only)."""
    frames = failure.frames or ()
    warning = failure.is_a("builtins.Warning") or failure.types[0].endswith("DeprecationWarning")
    if not warning or len(frames) < 2 or not (failure.source or "").lstrip().startswith(("warnings.warn(", "warn(")):
        return None
    found = _DEPRECATED.search(failure.message)
    packages = failure.packages or frozenset()
    owner_module, asking = raiser_and_asker(frames)
    owner_top = top(owner_module)
    if found is None or owner_top not in packages or owner_top in _EMITTERS or found["kind"] in _PASSED_IN or any(
            word in failure.message[:found.start()] for word in _PASSED_IN):  # "The 'sep' keyword in f is deprecated"
        return None
    if not asking or top(asking) not in packages:
        return None  # the user's own code calls it: no release of a package to move
    owner, asker = distribution_of(owner_module), distribution_of(asking)
    name = found["name"].strip("`'").removesuffix("()").rpartition(".")[2]
    if _SAME_WHEEL.get(asker, asker) == _SAME_WHEEL.get(owner, owner) or not named_in(owner, name):
        # a package's own code calling its own deprecated name (mpl_toolkits in matplotlib's wheel); a name the atlas
        # does not show its owner defining: another package's, deprecated with the owner's decorator (astropy's, numpy's
        # deprecate: the session-38 third second reader's), or an owner the atlas does not read
        return None
    kind = failure.types[0].rpartition(".")[2]
    return Hint(f"{asker} ({asking}) calls {name} of {owner}, which the installed {owner} deprecates (its "
                f"{kind}: \"{failure.message.strip()[:200]}\"), and this run makes warnings errors (python -W error, "
                f"pytest's filterwarnings = error): {asker} was written for an older {owner}",
                f"install a release of {asker} that no longer calls {name} (or the {owner} release before the "
                f"deprecation), or let this warning pass where the run makes warnings errors (-W \"ignore::{kind}\", "
                "or a filterwarnings entry)",
                "reasoned from the log: the deprecation's own words, raised in a traceback; the frames name the "
                "package that called it", family="api-mismatch")


#: a deprecator's version past which the name raises: nibabel's "* Raises <class '...ExpiredDeprecationError'> as of
#: version: 5.0"
_EXPIRED_AS_OF = re.compile(r"ExpiredDeprecationError'?>? as of version: (?P<until>\d+(?:\.\d+)*)")


def deprecation_expired(failure: Failure) -> Hint | None:
    """A package's deprecator raising for a name whose deprecation has expired (nibabel's ExpiredDeprecationError,
    raised by the name it keeps only to say so: holdout118a's neuroglancer-scripts#27 and PyMVPD#1, get_data() from
    nibabel 5.0): the package that called it was written for an older release."""
    if not failure.types[0].endswith("ExpiredDeprecationError") or not failure.frames:
        return None
    found = _DEPRECATED.search(failure.message)
    packages = failure.packages or frozenset()
    owner_module, asking = raiser_and_asker(failure.frames)
    owner_top = top(owner_module)
    if found is None or owner_top not in packages or not asking or top(asking) not in packages:
        return None  # the user's own code calls it, or the frames show no package asking
    owner, asker = distribution_of(owner_module), distribution_of(asking)
    name = found["name"].strip("`'").removesuffix("()")
    if owner_top in _EMITTERS or _SAME_WHEEL.get(asker, asker) == _SAME_WHEEL.get(owner, owner) or not named_in(
            owner, name.rpartition(".")[2]):
        return None  # another package's name deprecated with the owner's Deprecator (nibabel's is public)
    until = _EXPIRED_AS_OF.search(failure.message)
    before = f" ({owner}<{until['until']})" if until else ""
    return Hint(f"{asker} ({asking}) calls {name} of {owner}, whose deprecation has expired in the installed {owner}: "
                f"it keeps the name only to raise ExpiredDeprecationError, so {asker} was written for an older {owner}",
                f"install a release of {asker} that no longer calls {name} (the error's own words name what replaces "
                f"it), or the {owner} release before the deprecation expired{before}",
                "reasoned from the log: the deprecator's own error; the frames name the package that called it",
                family="api-mismatch")
