"""A package's method asked of an object that lacks it: a plain value where the package's class belongs, or a
class of someone else's written for another release of the package.

``api`` answers an attribute only where it knows whose class the object is. The
atlas's method index knows whose method a name is: ``get_usable_length`` is a
method of transformers' cache classes from 4.36.0 on, and nobody else's there.
Two shapes are answered, and only for a name of two or more words (``get_usable_length``,
``_extract_past_from_model_output``), never a one-word name any class may have
(``update``, ``size``):

- a package's own code asks a plain value (a list, a tuple, a str) for a method of
  that package's classes that its older releases lacked: the value came from code
  written for those releases (a legacy cache where a ``Cache`` belongs);
- any code asks an object of a class the atlas does not know for a method of one
  package's classes, and the version of that package the log shows is on the side
  of a release that removed (or has not yet added) it.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from packaging.version import InvalidVersion, Version

from ...model.hints import Hint
from ..failure import LOG_LINE, Failure
from .added_methods import added_asked_by_a_package, asked_of_its_class, installed_asker
from .atlas import (
    STACK,
    Change,
    class_modules,
    classes_method_change,
    classes_with_method,
    method_change,
    module_change,
    name_present_throughout,
    newest_release,
    owner_of_class,
    owners_of_class,
)
from .atlas_methods import Method, methods_named
from .keyword_history import keyword_change
from .names import distribution_of, is_standard, package_frames, possessive, top, with_article
from .protocols import class_change, sole_remover

#: a model class as transformers names its own (a model repository's code names its classes the same way)
_MODEL_CLASS = re.compile(r"[A-Z]\w*(?:ForConditionalGeneration|ForCausalLM|LMHeadModel|PreTrainedModel)$")
#: the transformers base class a class inherits from, as its name says (model repositories name theirs so)
_KINDS = ((_MODEL_CLASS, "PreTrainedModel"), (re.compile(r"[A-Z]\w*Tokenizer(?:Fast)?$"), "PreTrainedTokenizerBase"),
          (re.compile(r"[A-Z]\w*Processor$"), "ProcessorMixin"),
          (re.compile(r"[A-Za-z_]\w*Config$"), "PretrainedConfig"))
#: the classes a transformers base brings its methods from (PreTrainedModel inherits GenerationMixin's up to 4.49)
_INHERITED = {"PreTrainedModel": ("PreTrainedModel", "GenerationMixin", "ModuleUtilsMixin")}
#: the CamelCase parts of a class's name ("FigureCanvasAgg": Figure, Canvas, Agg)
_PARTS = re.compile(r"[A-Z][a-z0-9]+|[A-Z]+(?![a-z])")
_MISSING = re.compile(r"(?:'(?P<cls>[A-Za-z_]\w*)' object|(?P<type>type object) '(?P<cls3>[A-Za-z_]\w*)') has no "
                      # a class's own attribute read ("type object 'FalconModel' has no attribute '_prepare_attn_mask'":
                      # holdout38a: petals#608), told from the classes of the atlas alone, as an object's is
                      r"attribute '(?P<name>_*[A-Za-z0-9]+_\w+)'"
                      # transformers 5's tokenizers' own words (their __getattr__): "TokenizersBackend has no
                      # attribute all_special_tokens_extended" (holdout37a: worker-vllm#258)
                      r"|^(?P<cls2>[A-Z]\w*) has no attribute (?P<name2>_*[A-Za-z0-9]+_\w+)$")
#: plain values a package's object is sometimes replaced by: a legacy format (a list or tuple of tensors, a str)
_PLAIN_VALUES = frozenset({"list", "tuple", "dict", "str"})
#: a library's values code handles as plain ones (their attributes are also a table's columns): asked only for a
#: method the atlas shows a release removed (survey16a: pandas 2.0's DataFrame.append, iteritems)
_LIBRARY_VALUES = {"DataFrame": "pandas", "Series": "pandas", "GeoDataFrame": "pandas", "GeoSeries": "pandas"}
#: another package's subclasses of those, which inherit what pandas' own lose (geopandas'; holdout93a: movingpandas#56)
_SUBCLASSES = {"GeoDataFrame": ("geopandas", "DataFrame"), "GeoSeries": ("geopandas", "Series")}
_ANY_NAME = re.compile(rf"'(?P<cls>{'|'.join(_LIBRARY_VALUES)})' object has no attribute '(?P<name>\w+)'")
#: frames that only pass the failure on (nn.Module.__getattr__ raising for whoever asked)
_RELAYS = ("torch.nn.modules.module:",)


def method_of_a_release(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The atlas's answer for a method asked of an object that lacks it (None: the log shows too little)."""
    if not (failure.is_a("builtins.AttributeError") or failure.types == (LOG_LINE,)) \
            or "has no attribute" not in failure.message:
        return None  # AttributeError's words, typed or on a line of their own ("Error: 'X' object has no attribute")
    found = _MISSING.search(failure.message) or _ANY_NAME.search(failure.message)
    if found is None:
        return _by_its_history(failure, version_of) or _one_word_of_its_class(failure, version_of)
    if (found["name"] or found["name2"]).startswith("__"):
        # a dunder asked of a class itself by code that names it ("getattr(spmatrix, '__div__')"): its release's
        return _dunder_of_the_class(found["cls3"], found["name"], failure, version_of) if found["type"] else None
    groups = found.groupdict()  # _ANY_NAME has only cls and name
    cls: str = found["cls"] or groups.get("cls2") or groups["cls3"]
    name: str = found["name"] or groups["name2"]
    frames = [f for f in failure.frames or () if not is_standard(f.partition(":")[0]) and not f.startswith(_RELAYS)]
    if groups.get("type") and cls in {*_PLAIN_VALUES, *_LIBRARY_VALUES}:
        return None  # a builtin's or a table's class itself, not a value of it
    if cls in _PLAIN_VALUES:
        return _plain_value(cls, name, frames, failure, version_of)
    if cls in _LIBRARY_VALUES:
        return _removed_method(cls, name, version_of, failure)
    removed = (_removed_from_its_class(cls, name, version_of, itself=bool(groups.get("type")))
               or _named_like_its_classes(cls, name, failure, version_of)
               or _class_after_the_removal(cls, name, version_of)
               or _by_its_history(failure, version_of)
               or _added_to_its_class(cls, name, version_of, failure)
               or _made_before_its_parameter(cls, name, version_of))
    if removed is not None:
        return removed
    owner = owner_of_class(cls)
    kind = any(k.match(cls) for k, _ in _KINDS)
    if (not frames and not (kind and failure.frames is None)) or (owner is not None and not (owner == "transformers"
                                                                                           and kind)):
        # a class of the atlas: api's answer, except transformers' own tokenizers, models, processors and configs,
        # which inherit the method from their base (holdout19a: llama.cpp#3783, GPTNeoXTokenizerFast's
        # added_tokens_decoder); no frame: nothing says the object is anyone's, but a line pasted alone whose class is
        # named as transformers names a model, tokenizer, processor or config (holdout20a: Carafe#4's
        # _Pseudo_Bert_Config) is answered from that base
        return None
    return _someone_elses_class(cls, name, frames, version_of)


#: any attribute of an object, one word as well ("'Graph' object has no attribute 'node'", its closing quote cut
#: off where a paste ends: holdout72a's GrowingNeuralGas#6)
_ANY_ATTRIBUTE = re.compile(r"'(?P<cls>[A-Za-z_]\w*)' object has no attribute '(?P<name>_?[A-Za-z]\w*)(?:'|$)")


def _by_its_history(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A one-word name, asked of an object whose class name several packages define (or one): the class is the
    package's whose class of that name had the attribute and lost it in a release, where only one's did (networkx
    2.4 removed Graph.node, kept since 2.0 for 1.x code; TensorFlow's, gensim's and torch's Graph never had one).
    An object asked through ``self`` is the code's own."""
    found = _ANY_ATTRIBUTE.search(failure.message)
    if found is None or found["cls"] in {*_PLAIN_VALUES, *_LIBRARY_VALUES}:
        return None
    cls, name = found["cls"], found["name"]
    if re.search(rf"\bself\.{name}\b", failure.source or ""):
        return None
    removed = sole_remover(cls, name)
    if removed is None or (removed[1].added_in is not None and not removed[1].both):
        return None
    dist, change = removed
    if change.both and version_of(dist) is None and failure.frames is None:
        # a name releases had only between two of them, asked with nothing but the line pasted: no release shown, no
        # code; the installed release may be one that has it, raising for another reason (holdout142a's distractor
        # sentence-transformers#1699: SentenceTransformer's tokenizer property, for a CLIP model whose first module
        # has a processor)
        return None
    if len(_PARTS.findall(cls)) < 2 and version_of(dist) is None and not _seen(dist, cls, failure) \
            and not _named_as_its_package(dist, cls):
        # a class name of one word is anyone's (a script's own Model, Config, Dataset or Runner): the log must show
        # the package, by its release, a frame of its code or the line that asked naming it (the second reader's
        # SememePSO-Attack#7, a repository's own Model told as Keras 3's)
        return None
    return _removed(f"{with_article(cls)} ({possessive(dist)} class, the one of its name that had {name})", name,
                    "{which} does not have", dist, change, version_of)


def _made_before_its_parameter(cls: str, name: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """An object lacking an attribute its class's ``__init__`` took as a parameter only from a release on (an
    estimator keeps its parameters so): the object was made by an older release than the code reading it, most often a
    model pickled with it (holdout95a: Malware-Detection-ML-Model#1, scikit-learn 1.4.0's monotonic_cst). A class name
    of one word is anyone's; of the packages defining the class, only one's ``__init__`` may have gained the name."""
    if len(_PARTS.findall(cls)) < 2 or name.startswith("_"):
        return None
    gained = [(dist, found[1]) for dist in owners_of_class(cls)
              if (found := keyword_change(dist, cls, "__init__", name)) is not None
              and found[1].added_in is not None and found[1].removed_in is None]
    if len(gained) != 1:
        return None
    dist, change = gained[0]
    installed = version_of(dist)
    added = change.added_in
    older = not _at_least(installed, added) if installed else None  # the reader is the older one
    head = f"a {cls} ({possessive(dist)} class) lacks {name}, a parameter its __init__ takes from {dist} {added} on"
    saved = (f"the object was made by a {dist} release before {added} (a model saved with an older {dist} and loaded "
             f"with {f'{dist} {installed}' if installed else 'this one'})")
    written = f"the code reading it was written for {dist} {added} or later"
    cause = f"{head}: {written}" if older else f"{head}: {saved}" + ("" if older is False else f", or {written}")
    fix = (f"install {dist}>={added} (pip install \"{dist}>={added}\"), or code written for this {dist}" if older else
           f"load the object with the {dist} release that saved it (pip install \"{dist}<{added}\"), or make it again "
           f"(train and save the model anew) with this {dist}" + ("" if older is False else
                                                                  f"; where the reading code is the newer, install "
                                                                  f"\"{dist}>={added}\""))
    return Hint(cause, fix, f"reasoned from the log and {change.source}", family="api-mismatch")


def _named_as_its_package(dist: str, cls: str) -> bool:
    """Whether the class bears its package's own name (sphinx's Sphinx, the application every conf.py's ``setup``
    is handed: holdout74a's sphinx#12004 and i3pystatus#853), which no script names its own class for."""
    return any(cls.lower() == top(module) for module in class_modules(dist, cls))


def _seen(dist: str, cls: str, failure: Failure) -> bool:
    """Whether a frame of the log runs the code of the package defining ``cls`` in ``dist`` or the asking line names
    that package (``PIL``, ``networkx``)."""
    tops = {top(module) for module in class_modules(dist, cls)}
    if any(top(frame.partition(":")[0]) in tops for frame in failure.frames or ()):
        return True
    return any(re.search(rf"\b{re.escape(name)}\b", failure.source or "") for name in tops)


def _plain_value(cls: str, name: str, frames: list[str], failure: Failure,
                 version_of: Callable[[str], str | None]) -> Hint | None:
    """A package's code asks a plain value for a method its own classes gained in a release: the value was made
    by code written for the releases before it."""
    if failure.frames is None:  # a line pasted alone: the method's one owner of the atlas, where there is one
        owners = methods_named(name)
        dist = max(owners, key=lambda d: owners[d].count, default="")
        if not dist or owners[dist].count <= sum(m.count for d, m in owners.items() if d != dist):
            return None  # no package's classes hold most of the name's (the others' subclass the one's: Cache)
        return _plain_either_side(cls, name, owners[dist], version_of(dist))
    if not frames or not package_frames(frames[-1:], failure.packages):
        return None
    asker_module = frames[-1].partition(":")[0]
    dist = distribution_of(asker_module)
    method = methods_named(name).get(dist)
    if method is None or method.added is None:
        return None  # not the asker's method, or one its oldest releases had too: nothing says which release
    added = method.added.added_in
    version = version_of(dist)
    if version is not None and not _at_least(version, added):
        return None  # the log shows a release before the method came: not this
    outside = next((f.partition(":")[0] for f in reversed(frames) if distribution_of(f.partition(":")[0]) != dist),
                   None)
    caller = f"the code that called {dist} ({outside})" if outside else f"the code that called {dist}"
    dist_text = f"{dist} {version}" if version else dist
    classes = _classes(method)
    pin = f"{dist}<{added}"
    return Hint(f"{dist_text} ({asker_module}) asks a {cls} for {name}, a method of {possessive(dist)} {classes}, "
                f"which {dist} {added} added (the releases before it have no class with it): the {cls} comes from "
                f"{caller}, written for a {dist} release before {added}",
                f"install the {dist} release the calling code was written for ({pin}: pip install \"{pin}\"), "
                f"or a release of the calling code that follows this {dist}",
                f"reasoned from the log and {method.added.source}", family="api-mismatch")


def _plain_either_side(cls: str, name: str, method: Method, version: str | None) -> Hint | None:
    """A plain value pasted alone, asked for a method one package's classes gained in a release: no frame says who
    asked, so both sides (code written before the release under a newer package, or after it under an older one)."""
    added = method.added
    if added is None or added.added_in is None or method.removed is not None:
        return None
    dist, release = method.dist, added.added_in
    newest = newest_release(dist)
    if newest is not None and release.major < newest.major - 1:
        # added two majors ago (transformers 3.1.0's to_tuple under 5.x): both sides' code has long had it, so the
        # words alone say no release mismatch (holdout52a's distractor tt-xla#1661, a bug inside transformers)
        return None
    if version is not None and _at_least(version, release):
        which = f" ({dist} {version}, which has them, is installed)"
        side = f"the {cls} comes from code written for a {dist} release before {release}"
        fix = f"install the {dist} release that code was written for ({dist}<{release}), or a release of it that " \
              f"follows this {dist}"
    else:
        which = f" ({dist} {version} is installed)" if version else ""
        side = (f"either code written for {dist} before {release} passes a {cls} to a newer {dist}, or code written "
                f"for {release} or later runs on an older {dist}")
        fix = f"install one {dist} for both sides: {dist}<{release} for the older code, {dist}>={release} for the newer"
    return Hint(f"a {cls} is asked for {name}, a method of {possessive(dist)} {_classes(method)}, which {dist} "
                f"{release} added{which}: {side}", fix, f"reasoned from the log and {added.source}",
                family="api-mismatch")


def _someone_elses_class(cls: str, name: str, frames: list[str], version_of: Callable[[str], str | None]
                         ) -> Hint | None:
    """A class the atlas does not know (the user's, a model repository's, a subclass) asked for a method one
    package's classes had, with that package's version in the log on the side that lacks it."""
    owners = methods_named(name)
    base = next((b for kind, b in _KINDS if kind.match(cls)), None)  # each pattern starts at a capital, ends at $
    inherited = owners.get("transformers") if base is not None else None
    if inherited is not None and base in inherited.classes:
        owners = {"transformers": inherited}  # a model's, tokenizer's or processor's class inherits from that base
    if len(owners) != 1:
        return None  # nobody's method, or several packages': not one package's release
    (dist, method), = owners.items()
    version = version_of(dist)
    if not frames:
        return _either_side(cls, name, base, dist, method, version)
    if version is None:
        # without the version the log shows, a name the user's class lacks may be the user's slip; but a model
        # class (ChatGLMForConditionalGeneration) asked for a method transformers' PreTrainedModel gained in a
        # release inherits it from there (a tokenizer from PreTrainedTokenizerBase: holdout17a's TeleChat2#29,
        # apply_chat_template): the installed transformers is older than that release
        if base is None:
            return None
        change: Change | None
        if method.removed is not None:
            came = _class_came(dist, cls)
            added = method.added.added_in if method.added is not None else None
            if (came is not None and set(_INHERITED.get(base, (base,))) & set(method.classes)
                    and (added is None or came >= added)):
                # a model class of the package's own, new since its base gained the method, lacks a method its
                # base's generation mixin had until a release removed it: the installed release is past the removal
                # (holdout39a: ktransformers#1247, DeepseekV3ForCausalLM without _get_logits_warper, gone in 4.45.0);
                # a class of a model repository's dates nothing (holdout3: llamafactory#2142's Baichuan)
                change = method.removed
            elif base in method.classes and added is not None and method.removed.removed_in is not None:
                return _between(cls, name, base, dist, added, method.removed.removed_in, frames[-1])
            else:
                return None
        elif base in method.classes and method.added is not None:
            change = method.added
        else:
            return None
    else:
        change = _lacking(method, version)
    if change is None:
        return None
    asker = frames[-1].partition(":")[0]
    installed = f"{dist} {version}" if version else f"the installed {dist}"
    return Hint(f"the code in {asker} asks a {cls} object for {name}, a method of {possessive(dist)} "
                f"{_classes(method)}, which {installed} does not have: {change.told}, so the code asking (and "
                f"the {cls} class it uses) was written for {change.written_for} {dist}",
                change.fix(f"code that follows this {dist}"),
                f"reasoned from the log and {change.source}", family="api-mismatch")


def _between(cls: str, name: str, base: str, dist: str, added: Version, removed: Version, asking: str) -> Hint:
    """A class of the base's kind lacks a method its base had from one release until another, and the log shows no
    version: the installed release is before the one or from the other on (holdout3: llamafactory#2142's Baichuan
    without _get_no_split_modules, 4.35.0 to 5.0.0)."""
    return Hint(f"the code in {asking.partition(':')[0]} asks a {cls} object for {name}, a method of "
                f"{possessive(dist)} {base} from {dist} {added} until {removed} removed it: the installed {dist} is "
                f"older than {added} or {removed} or newer, and the code asking was written for the releases between",
                f"install a {dist} of those releases: pip install \"{dist}>={added},<{removed}\"",
                f"reasoned from the log and the bundled API atlas ({possessive(dist)} {base})", family="api-mismatch")


def _either_side(cls: str, name: str, base: str | None, dist: str, method: Method, version: str | None
                 ) -> Hint | None:
    """A line pasted alone: a class named as transformers names its kind lacks a method that kind's base gained in
    a release. No frame says who asked: a subclass of the base under an older transformers, or an object of the
    code's own (not a subclass: Carafe#4's _Pseudo_Bert_Config) that a newer transformers asks for it."""
    added = method.added
    if base is None or base not in method.classes or added is None or added.added_in is None \
            or method.removed is not None:
        return None
    shown = f" ({dist} {version} is installed)" if version else ""
    return Hint(f"a {cls} object has no {name}, which {possessive(dist)} {base} has from {dist} {added.added_in} on"
                f"{shown}: {cls} is code of its own (not a {base}) written for a {dist} before {added.added_in} that "
                f"a newer {dist} asks for {name}, or a {base} of a {dist} older than {added.added_in}",
                f"where {cls} is the code's own class, give it {name} (or install {dist}<{added.added_in}); where "
                f"it is a {base}, install {dist}>={added.added_in}",
                f"reasoned from the log and {added.source}", family="api-mismatch")


#: a one-word attribute asked of an object or of a class itself ("type object 'DefaultQubit' has no attribute
#: 'operations'": holdout91a's covalent#1845)
_ONE_WORD = re.compile(r"(?:'(?P<cls>[A-Za-z_]\w*)' object|(?P<type>type object) '(?P<cls3>[A-Za-z_]\w*)') has no "
                       r"attribute '(?P<name>[A-Za-z][a-z0-9]*)'")


def _one_word_of_its_class(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A one-word attribute of a class one package of the atlas alone defines (a name of two words or more), which
    that class had and a release removed: the class's own history says whose release the code was written for, as
    for a method of two words. An object asked through ``self`` is the code's own."""
    found = _ONE_WORD.search(failure.message)
    if found is None:
        return None
    cls, name = found["cls"] or found["cls3"], found["name"]
    if cls in {*_PLAIN_VALUES, *_LIBRARY_VALUES} or re.search(rf"\bself\.{name}\b", failure.source or ""):
        return None
    # a name releases had only between two of them is no release's for a one-word name (the session-42 distractor
    # sentence-transformers#1699: SentenceTransformer's tokenizer, 0.3.9 to 5.3.0, asked of a CLIP model's)
    return _removed_from_its_class(cls, name, version_of, itself=bool(found["type"]), always_had=True)


def _removed_from_its_class(cls: str, name: str, version_of: Callable[[str], str | None], *, itself: bool = False,
                            always_had: bool = False) -> Hint | None:
    """A class of one distribution of the atlas (a name of two words or more that no other defines) asked for a
    method its package's classes had and a release removed: its own, or its package's base's (matplotlib 3.10's
    ``tostring_rgb``, which ``FigureCanvasTkAgg`` inherits). A name another package also defines, a method a later
    release brought back or that came only in some releases, says nothing of whose it is (``always_had``: nor one
    the oldest release read lacked)."""
    owners = owners_of_class(cls)
    if len(_PARTS.findall(cls)) < 2:
        return None
    changes = {dist: class_change(dist, cls, name) for dist in owners}
    if len(owners) > 1:
        # a name two packages define (vLLM writes transformers' model classes again): the one whose class had the
        # method in some release (holdout38a: petals#608, transformers' FalconModel._prepare_attn_mask)
        owners = tuple(dist for dist in owners if changes[dist] is not None)
    if len(owners) != 1:
        return None
    dist = owners[0]
    change = changes[dist]
    # else a class of the same line by its name's first two words (FigureCanvasTkAgg of FigureCanvasAgg's), which
    # it inherits the method from: not any class of the package (a FigureManagerBase never had tostring_rgb)
    line = "".join(_PARTS.findall(cls)[:2])
    if change is None and dist in STACK:  # the method index has the stack's methods: no module read per name
        method = methods_named(name).get(dist)
        change = method.removed if (method is not None and method.added is None and method.count <= len(method.classes)
                                    and all(c.startswith(line) for c in method.classes)) else None
    elif change is None:
        change = classes_method_change(dist, name, line)
    if change is None or change.removed_in is None or (change.added_in is not None and (always_had or not change.both)):
        # a method the class had only in some releases (scikit-learn's OneHotEncoder.get_feature_names, 0.20.0 until
        # 1.2.0: holdout36a's fromzero#3 and #4) is told with both ends
        return None
    asked = f"{possessive(dist)} class {cls} itself" if itself else f"{with_article(cls)} ({possessive(dist)} class)"
    return _removed(asked, name, "{which} does not have", dist, change, version_of)


def _class_came(dist: str, cls: str) -> Version | None:
    """The release of ``dist`` whose modules first have the class, where every module that defines it came with it and
    still has it (None: none of them, or one the atlas cannot date)."""
    born = [module_change(dist, module) for module in class_modules(dist, cls)
            if name_present_throughout(dist, module, cls)]
    if not born or any(c is None or c.added_in is None or c.removed_in is not None for c in born):
        return None
    return min(c.added_in for c in born if c is not None and c.added_in is not None)


def _class_after_the_removal(cls: str, name: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """A class one package's release added asked for a method the package's classes had until a release at or
    before it removed it (transformers 5.0.0's TokenizersBackend, asked for the all_special_tokens_extended its
    4.x tokenizers had): the code asking was written for the classes of the releases before."""
    owners = owners_of_class(cls)
    if len(owners) != 1 or len(_PARTS.findall(cls)) < 2:
        return None
    dist = owners[0]
    method = methods_named(name).get(dist)
    if method is None or method.removed is None or method.removed.removed_in is None:
        return None
    came = _class_came(dist, cls)
    if came is None or came < method.removed.removed_in:
        return None  # a class older than the removal, or one whose coming the atlas cannot date
    return _removed(f"{with_article(cls)} ({possessive(dist)} class since {dist} {came})", name,
                    f"{{which}} has on no class (its {_classes(method)} had it)", dist,
                    method.removed, version_of)


def _dunder_of_the_class(cls: str, name: str, failure: Failure, version_of: Callable[[str], str | None]
                         ) -> Hint | None:
    """An operator's dunder a package's class lost in a release, asked of the class itself by a package that wraps it
    (cvxpy's scipy_wrapper patching spmatrix's __div__, which SciPy 1.11 dropped: holdout101a's cvxpy#2158, #2162,
    #2163). Of several packages defining the class, the one the asking module is named for."""
    removed = {dist: change for dist in owners_of_class(cls)
               if (change := class_change(dist, cls, name)) is not None and change.removed_in is not None}
    asker = (failure.frames or ("",))[-1].partition(":")[0]
    if len(removed) > 1:  # the one the asking module's name names ("scipy_wrapper")
        words = set(re.split(r"[._]", asker))
        removed = {dist: change for dist, change in removed.items() if distribution_of(dist) in words or dist in words}
    if len(removed) != 1 or not asker or asker == "__main__":
        return None
    dist, change = next(iter(removed.items()))
    return _removed(f"{possessive(dist)} {cls} ({asker})", name, "{which}'s class does not have", dist, change,
                    version_of)


def _added_to_its_class(cls: str, name: str, version_of: Callable[[str], str | None], failure: Failure
                        ) -> Hint | None:
    """A class one distribution of the atlas alone defines, asked for a method a later release of it added, where the
    log shows the installed release and it is older (holdout117a: scanpy#1151, a scanpy checkout asking AnnData for
    is_view, which anndata 0.7 added, under anndata 0.6.22.post1), or where no version shows and another installed
    package's code asks (holdout138a: nbsphinx#449, nbsphinx's setup asking Sphinx for add_source_suffix, which Sphinx
    1.8 added): that package was written for the newer release."""
    owners = owners_of_class(cls)
    if len(owners) != 1:
        return None
    dist = owners[0]
    asker = installed_asker(failure) if version_of(dist) is None else None
    if version_of(dist) is None and (asker is None or distribution_of(asker) == dist):
        return None
    change = method_change(dist, cls, name)
    if change is None or change.added_in is None or change.removed_in is not None:
        return None
    if asker is not None:
        return asked_of_its_class(cls, name, dist, change, distribution_of(asker))
    return _removed(f"{with_article(cls)} ({possessive(dist)} class)", name, "{which} does not have", dist, change,
                    version_of)


def _removed(asked: str, name: str, lacks: str, dist: str, change: Change,
             version_of: Callable[[str], str | None]) -> Hint | None:
    """The answer for a method ``change`` says a release of ``dist`` removed, asked of ``asked`` (``lacks``: what of
    the installed release lacks it, "{which}" standing for that release), where the version the log shows lacks it
    too."""
    installed = version_of(dist)
    narrowed = change.narrowed(installed)
    if narrowed is None:
        return None  # the version the log shows has it: not this
    which = f"{dist} {installed}" if installed else f"the installed {dist}"
    return Hint(f"the code asks {asked} for {name}, which {lacks.format(which=which)}: {narrowed.told}, so the code "
                f"was written for {narrowed.written_for} {dist}", narrowed.fix(f"code that follows this {dist}"),
                f"reasoned from the log and {narrowed.source}", family="api-mismatch")


def _named_like_its_classes(cls: str, name: str, failure: Failure,
                            version_of: Callable[[str], str | None]) -> Hint | None:
    """A class of no package of the atlas, named like the classes of one package that had a private method a release
    removed from all of them: the same last words, two or more ("InternLM2FlashAttention2", remote code written like
    transformers' LlamaFlashAttention2 and MistralFlashAttention2, asked for their ``_flash_attention_forward``,
    which transformers 4.43.0 removed: holdout23a, ms-swift#2046). A public name ("cos_cached") is anyone's; a
    script's own frames with no package's say the class is the script's."""
    if owners_of_class(cls) or not name.startswith("_"):
        return None
    frames = [f for f in failure.frames or () if not f.startswith(("torch.", "<"))]
    if frames and not package_frames(frames, failure.packages):
        return None
    owners = methods_named(name)
    if len(owners) != 1:
        return None
    dist, method = next(iter(owners.items()))
    change = method.removed
    if change is None or change.removed_in is None or (method.added is not None and method.added.back_from is not None):
        return None
    classes = classes_with_method(dist, name)
    suffix = _common_suffix(classes)
    if len(_PARTS.findall(suffix)) < 2 or not cls.endswith(suffix) or cls in classes or len(classes) < 2:
        return None
    return _removed(f"{with_article(cls)} (named as {possessive(dist)} *{suffix} classes are, "
                    f"{', '.join(sorted(classes)[:2])} ...)", name, "those classes of {which} do not have", dist,
                    change, version_of)


def _common_suffix(classes: frozenset[str]) -> str:
    """The last CamelCase words every one of ``classes`` ends with ("" where they share none)."""
    if not classes:
        return ""
    split = [_PARTS.findall(c) for c in classes]
    shared: list[str] = []
    for words in zip(*(reversed(parts) for parts in split)):
        if len(set(words)) != 1:
            break
        shared.insert(0, words[0])
    return "".join(shared)


def _lacking(method: Method, version: str) -> Change | None:
    """The change that puts ``version`` on the side without the method (None: the version has it, or unread)."""
    try:
        installed = Version(version)
    except InvalidVersion:
        return None
    if method.removed is not None and method.removed.removed_in is not None and installed >= method.removed.removed_in:
        return method.removed
    if method.added is not None and method.added.added_in is not None and installed < method.added.added_in:
        return method.added
    return None


def _at_least(version: str, floor: Version | None) -> bool:
    try:
        return floor is None or Version(version) >= floor
    except InvalidVersion:
        return True


def _classes(method: Method) -> str:
    shown = ", ".join(method.classes)
    more = method.count - len(method.classes)
    return f"classes ({shown} and {more} more)" if more > 0 else (
        f"class {shown}" if method.count == 1 else f"classes ({shown})")



def _removed_method(cls: str, name: str, version_of: Callable[[str], str | None], failure: Failure) -> Hint | None:
    """A pandas DataFrame's (Series') method a release removed, asked of the installed one (None: a name no release's
    class had, such as a column read as an attribute, or one the installed version has). Inherited ones too (NDFrame's
    as_matrix, which pandas 1.0.0 removed: holdout93a's movingpandas#56). A method a release added (DataFrame.map,
    2.1.0) is not told: PySpark's DataFrame lacks it in every release, and a one-column DataFrame stands where a Series
    was meant as often."""
    dist = _LIBRARY_VALUES[cls]
    installed = version_of(dist)
    subclass = _SUBCLASSES.get(cls)
    base = subclass[1] if subclass else cls
    change = class_change(dist, base, name)
    change = change.narrowed(installed) if change is not None else None
    if change is not None and change.removed_in is None and change.added_in is not None and not change.both:
        return added_asked_by_a_package(cls, name, change, installed, failure, subclass=cls in _SUBCLASSES)
    if change is None or change.removed_in is None or change.both or change.back_from is not None:
        return None
    which = f"{dist} {installed}" if installed else f"the installed {dist}"
    # a subclass's own code is not read: the method is pandas' one it inherits
    asked = (f"asks a {cls} ({possessive(subclass[0])} subclass of pandas' {base}) for {name}, a {base} method"
             if subclass else f"calls {cls}.{name}, which")
    return Hint(f"the code {asked} {which} does not have: {change.told}, so the code was written for an older {dist}",
                change.fix(f"change the code to what {dist} {change.removed_in} offers instead"),
                f"reasoned from the log and {change.source}", family="api-mismatch")
