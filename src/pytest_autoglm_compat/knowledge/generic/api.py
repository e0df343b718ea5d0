"""Two packages from releases that do not fit, read from the failure itself: who asked, for what, of whom.

A name that cannot be imported, a submodule that is gone, an attribute or keyword
one package's code asks of another's: each message names what was asked for, and
the frames name the package whose code asked. Nothing here is remembered per
case; a failure raised in a script or a test (not a package's code) is the
user's own code and gets no answer, nor does one within a single package.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from packaging.version import InvalidVersion, Version

from ...model.hints import Hint
from ..failure import LOG_LINE, Failure
from ..frame_paths import LOCAL_FILE, inside_the_askers_tree
from .atlas import (
    atlas_distributions,
    deeper_home,
    in_every_release_read,
    kept_addition,
    keyword_owners,
    module_read,
    never_named,
    newest_release,
    owner_of_class,
    read_everywhere,
)
from .atlas_asked import atlas_change
from .atlas_limits import backend_gated, bound_from, made_at_import
from .atlas_methods import named_in
from .names import (
    BOUND_ALIASES,
    NAMESPACE_PACKAGES,
    PLAIN_TYPES,
    distribution_of,
    innermost_frame,
    is_standard,
    of_the_interpreter,
    package_frames,
    possessive,
    shown_build,
    top,
)
from .old_pythons import IMPORT_NAME_ONLY as IMPORT_NAME_ONLY
from .old_pythons import name_from_source, py2_module_attribute, py2_submodule
from .passed_on import passed_on_from_users_code
from .unbuilt import compiled_name, not_built
from .unfit import (
    came_with_its_package,
    installed_file,
    known_distribution,
    never_taken,
    seen_installed,
    source_tree,
)
from .unpickling import unpickling

#: the fix for model repository code written for another transformers (where the log names no version to pin)
REMOTE_CODE_FIX = ("update the model's code to the repository's current revision (from_pretrained(..., "
                   "revision=\"main\", force_download=True)), or install the transformers release the repository "
                   "names (its model card, or \"transformers_version\" in its config.json)")
#: the one place ``explain --index`` is named in a fix: it finds the release that removed or added a name
INDEX_TIP = "autoglm-compat explain --index LOG finds the release that removed or added it"

#: a paste may have cut the last quote
_IMPORT_NAME = re.compile(r"cannot import name '(?P<name>\w+)'\s{1,3}from\s{1,3}'(?P<module>[\w.]+)(?:'|$)")
_NO_SUBMODULE = re.compile(r"No module named '(?P<module>[A-Za-z_]\w*)\.(?P<name>[\w.]+)(?:'|$)", re.M)
#: transformers' lazy module words it without quotes: "module transformers has no attribute LLaMATokenizer"; a paste
#: may cut the closing quote (holdout148a: trustworthyAI#87, "... has no attribute 'to_numpy_matrix")
_MODULE_ATTRIBUTE = re.compile(r"(?<!initialized )module '(?P<module>[\w.]+)' has no attribute '(?P<name>\w+)(?:'|$)"
                               r"|^module (?P<module2>[A-Za-z_][\w.]*) has no attribute (?P<name2>\w+)$")
#: a program's log of the exception it caught, after its own words and a colon: "ERROR - Трассировка стека: module
#: 'torchaudio' has no attribute 'set_audio_backend'" (holdout106a: voice_perception#3), and at an ERROR level with the
#: type after it in brackets ("CARACal ERROR: module 'numpy' has no attribute 'in1d' [AttributeError]": holdout145a's
#: caracal#1693; a warning's, "plugin disabled: ...", the run goes past: the session-42 second reader's)
_LOGGED_MODULE_ATTRIBUTE = re.compile(r"\S: module '[A-Za-z_][\w.]*' has no attribute '\w+'$"
                                      r"|\bERROR: module '[A-Za-z_][\w.]*' has no attribute '\w+' \[AttributeError\]$")
OBJECT_ATTRIBUTE = re.compile(r"'(?P<cls>[A-Za-z_]\w*)' object has no attribute '(?P<name>\w+)'"
                               r"|^(?P<cls2>[A-Z]\w*) has no attribute (?P<name2>\w+)")  # a __getattr__'s own words
#: "Failed to import transformers.trainer because of the following error ...: <the import error>", read as it is
_WRAPPED_IMPORT = "because of the following error"
#: napari's plugin engine (npe2) wraps an import error of a plugin's command: "RuntimeError: Failed to import command at
#: 'micro_sam.sam_annotator.annotator_3d:Annotator3d': module 'torch.library' has no attribute ..." (micro-sam#953)
_NAPARI_COMMAND = "Failed to import command at '"
_WRAPPED_MODULE = re.compile(r"Failed to import (?P<module>[A-Za-z_][\w.]*) because of the following error|"
                             r"Failed to import command at '(?P<command>[A-Za-z_][\w.]*):")
#: (pandas' own check of its keywords quotes the name in double quotes: "reindex() got an unexpected keyword argument
#: "axis"", holdout93a: label_reconciliations#52)
_KEYWORD = re.compile(r"(?P<callee>[\w.<>]+)\(\) got an unexpected keyword argument "
                      r"(?P<quote>['\"])(?P<name>\w+)(?P=quote)")
_POSITIONAL = re.compile(r"(?P<callee>[\w.<>]+)\(\) (?P<what>takes (?:from )?\d+ (?:to \d+ )?positional arguments? "
                         r"but \d+ (?:were|was) given|missing \d+ required positional arguments?: [^\n]{1,120})")
#: frames that pass a failure or a call on, not ask: torch's nn.Module (its __getattr__, its call), napari's command
#: registry, scikit-image's deprecation wrapper of `multichannel` (the second reader's DeforumStableDiffusionLocal#57),
#: and Sphinx autodoc's getattr and import of the project a docs build documents: a name it lacks there is that
#: project's (its path or mocks in conf.py), not sphinx against another release (holdout111a's distractor
#: InnerEye-DeepLearning#702)
RELAYS = ("torch.nn.modules.module:", "npe2._command_registry:", "skimage._shared.utils:", "sphinx.util.inspect:",
          "sphinx.ext.autodoc.",
          # pkg_resources loading an entry point: the module it imports is one the package's own entry points name
          # (holdout141a's distractor MultiQC#1554: multiqc's samtools module missing from its broken install)
          "pkg_resources:resolve", "pkg_resources:load", "pkg_resources.__init__:resolve")
#: parents of a missing submodule that say nothing of a release: remote code's cache, namespace packages
_NOT_RELEASES = NAMESPACE_PACKAGES | {"transformers_modules"}
#: a package's compiled part, as its name says (torch-style ``_C``, a cffi backend, a ``_ext``/``_cuda`` extension):
#: missing where the package was not built, or its uncompiled checkout shadows the installed one (holdout13a's
#: distractor PyRep#5: "No module named 'pyrep.backend._v_rep_cffi'")
_COMPILED_PART = re.compile(r"(?:^|\.)_C\b|_C$|_cffi$|(?:^|\.)_\w*_(?:ext|cuda|cpp)$|(?:^|\.)_ext\."
                            # a CUDA op's module by its own name (holdout142b: torch-points3d#456, points_cuda)
                            r"|(?:^|\.)[a-z]\w*_cuda$")
UNPACK = re.compile(r"(?:too many|not enough) values to unpack \(expected \d+(?:, got \d+)?\)")


@dataclass(frozen=True)
class Asked:
    """What a failure shows one package's code asked for: a name of a module, an attribute, a call."""

    what: str  # "the name shard_checkpoint from transformers.modeling_utils"
    owner: str | None  # the distribution that should have it, where the message tells (None: unknown)
    module: str | None  # the module it was asked of, where the message tells
    name: str  # the name, attribute or keyword asked for


def type_error_words(failure: Failure) -> bool:
    """A TypeError, or its words on a line of their own ("X.m() got an unexpected keyword argument 'k'", typeless)."""
    return failure.is_a("builtins.TypeError") or failure.types == (LOG_LINE,)


def near(pattern: re.Pattern[str], message: str, words: str, before: int = 300) -> re.Match[str] | None:
    """``pattern`` searched only from ``before`` characters ahead of ``words``: a pattern that starts with a run of
    name characters, searched from every offset of a long run, rescanned the rest of the run each time."""
    at = message.find(words)
    if at < 0:
        return None
    return pattern.search(message, max(0, at - before), at + len(words) + before)


_SPHINX_EXTENSION = re.compile(r"Could not import extension (?P<ext>[\w.]+) \(exception: No module named "
                               r"'?(?P<name>[\w.]+)'?\)")


_IMPORT_WITH_FILE = re.compile(r"\bcannot import name '\w{1,200}' from '[\w.]{1,200}' \([^()\n]{1,500}\.py\)")


def asked(failure: Failure) -> Asked | None:
    """The name a failure's message says was asked of another module or object, if it says one."""
    message = failure.message
    if "partially initialized module" in message:  # a circular import: a file named like a package, not a release
        return None
    # a logger's line that quotes the import error with the installed module's file says as much as the error
    # and a line that is the error's message alone, its type lost in the paste ("cannot import name 'X' from 'M'")
    # and Python's whole words with the module's file, whatever the logger put before them (holdout87a: EasyCV#329,
    # modelscope's "easycv.hooks not imported: cannot import name 'Sequence' from 'collections' (.../collections/...)")
    quoted = failure.types == (LOG_LINE,) and (installed_file(message) is not None
                                               or message.startswith("cannot import name '")
                                               or _IMPORT_WITH_FILE.search(message) is not None)
    if failure.is_a("builtins.ImportError") or _WRAPPED_IMPORT in message or quoted or (
            # napari's plugin engine's words around a plugin's import error, on a line of their own (holdout134a:
            # vollseg-napari#3, "Failed to import command at '...': No module named 'magicgui.events'")
            _NAPARI_COMMAND in message and "': No module named '" in message):
        found = _IMPORT_NAME.search(message)
        if found:
            module = found["module"]
            return Asked(f"the name {found['name']} from {module}", distribution_of(module), module, found["name"])
        old = name_from_source(failure)
        if old is not None:
            module, name = old
            return Asked(f"the name {name} from {module}", distribution_of(module), module, name)
        py2 = py2_submodule(failure)
        found = _NO_SUBMODULE.search(message) or (_NO_SUBMODULE.search(f"No module named '{py2}'") if py2 else None)
        command = _WRAPPED_MODULE.search(message) if found and _NAPARI_COMMAND in message else None
        if found and command and (command["command"] or "").partition(".")[0] == found["module"]:
            found = None  # a plugin's manifest naming a module of its own that is not there: no release's (the
            #               session-40 second reader's napari-foo)
        if (found and (found["module"] not in _NOT_RELEASES or "." in found["name"])  # a namespace's own part only
                and not _COMPILED_PART.search(found["name"])):  # a compiled part missing: a build, or a checkout
            module = f"{found['module']}.{found['name']}"
            if found["module"] in NAMESPACE_PACKAGES:  # the part's own distribution (sphinxcontrib.bibtex's)
                part = f"{found['module']}.{found['name'].partition('.')[0]}"
                return Asked(f"the module {module}", distribution_of(part), part, module)
            return Asked(f"the module {module}", distribution_of(found["module"]), found["module"], module)
    extension = _SPHINX_EXTENSION.search(message) if "Could not import extension" in message else None
    if extension and extension["ext"].endswith(f".{extension['name']}") and "." in extension["ext"]:
        # Sphinx's "Could not import extension sphinx.ext.imgmath": a release's submodule (holdout21a: sphinx#2436)
        module, _, name = extension["ext"].rpartition(".")
        return Asked(f"the module {extension['ext']}", distribution_of(module), module, extension["ext"])
    # the lazy module's words on a line of their own, as code printing the exception leaves them (holdout101a:
    # diffusers#1536, "module transformers has no attribute CLIPImageProcessor")
    printed = failure.types == (LOG_LINE,) and ((message.startswith("module ") and "'" not in message and (
        " has no attribute " in message)) or _LOGGED_MODULE_ATTRIBUTE.search(message) is not None)
    if failure.is_a("builtins.AttributeError") or _WRAPPED_IMPORT in message or _NAPARI_COMMAND in message or printed:
        # transformers' lazy import wraps whatever the import raised: an attribute error too (survey16c: vlmevalkit#605)
        py2 = py2_module_attribute(failure)
        found = _MODULE_ATTRIBUTE.search(message) or (_MODULE_ATTRIBUTE.search(py2) if py2 else None)
        if found:
            module, name = found["module"] or found["module2"], found["name"] or found["name2"]
            return Asked(f"{module}.{name}", distribution_of(module), module, name)
        found = OBJECT_ATTRIBUTE.search(message)
        cls, name = (found["cls"] or found["cls2"], found["name"] or found["name2"]) if found else ("", "")
        # torch.ops' namespace of a library's compiled ops: its .so's registration, never torch's API (FBGEMM#2715)
        if found and cls not in PLAIN_TYPES and "'_OpNamespace' '" not in message:
            owner = "torch" if cls in ("Tensor", "Parameter") else owner_of_class(cls)
            if owner is not None and failure.frames is not None and not any(
                    distribution_of(f.partition(":")[0]) == owner for f in failure.frames):
                # a class name alone is weak where no frame runs the owner's code (holdout14a: nanotron#386's ModelArgs)
                owner = None
            return Asked(f"the attribute {name} of a {cls} object", owner, None, name)
    if failure.is_a("builtins.TypeError"):
        # each pattern asked only where its words are: a name run before them is not rescanned from every offset
        found = near(_KEYWORD, message, "() got an unexpected keyword argument")
        if found:
            # a function that checks its own keywords raises from its own frame (pandas' reindex, holdout93a:
            # label_reconciliations#52): the innermost frame is the callee's, its package the owner; a frame of that
            # name whose line calls it is a wrapper's, the caller (gym's TimeLimit.reset: holdout52a, gym#2531)
            inner = (failure.frames or ("",))[-1].partition(":")
            callee = found["callee"].rpartition(".")[2]
            own = (inner[2] == callee and inner[0] not in ("", "__main__") and not is_standard(inner[0])
                   and failure.source is not None
                   and (f"{callee}(" not in failure.source or failure.source.lstrip().startswith("raise ")))
            return Asked(f"{found['callee']}() with the keyword {found['name']}",
                         distribution_of(inner[0]) if own else None, inner[0] if own else None, found["name"])
        found = near(_POSITIONAL, message, "() takes") or near(_POSITIONAL, message, "() missing")
        if found:
            return Asked(f"{found['callee']}() ({found['what']})", None, None, found["callee"])
    return None


def _while_importing(failure: Failure, module: str) -> bool:
    """The module asked was still running its own body, a frame below the one that asked it, outside its package: a
    module half imported (a user's file named like one the import chain imports runs first: holdout150a's distractor
    networkx#3023, a script named inspect.py reading nx.read_gpickle while networkx imports decorator, which imports
    inspect), not a release without the name. Python 3.8 and later say "partially initialized"; 2.7 does not."""
    frames = failure.frames or ()
    if len(frames) < 2 or top(frames[-1].partition(":")[0]) == top(module):
        return False
    # (a package's own code asking while the other imports it, tensorflow_estimator 2.2 reading tf.compat under
    # tensorflow 2.1's __init__: the session-43 second reader's look-alike, is a release's mismatch all the same)
    return top(frames[-1].partition(":")[0]) not in (failure.packages or ()) and any(
        frame in (f"{module}:<module>", f"{module}.__init__:<module>") for frame in frames[:-1])


def transformers_seen(version_of: Callable[[str], str | None]) -> str:
    """"transformers 4.46.3" where the log shows the version, else "the installed transformers"."""
    transformers = version_of("transformers")
    return f"transformers {transformers}" if transformers else "the installed transformers"


def repository_of(module: str) -> tuple[str, str]:
    """"transformers_modules.THUDM.chatglm3-6b.<hash>.modeling_chatglm" -> ("THUDM/chatglm3-6b", "modeling_chatglm")."""
    parts = module.split(".")
    names = [p for p in parts[1:-1] if not re.fullmatch(r"[0-9a-f]{40}", p)]
    return ("/".join(names) or "the model repository"), parts[-1]


_GENERATED = re.compile(r"_pb2(?:_grpc)?(?:\.|$)")


def mismatch(failure: Failure, version_of: Callable[[str], str | None], install_failed: bool = False,
             unversioned: frozenset[str] = frozenset(), fallbacks: frozenset[str] = frozenset(),
             printed: frozenset[str] = frozenset()) -> Hint | None:
    """One package's code asked another's for a name its installed release lacks: name both, and the direction
    where a version shows it (``install_failed``: the log shows pip failing to install what was asked;
    ``unversioned``: packages the log shows without their own ``__version__``; ``fallbacks``: names the log shows
    imported in a try that catches ImportError; ``printed``: modules the log printed as imported)."""
    shape = asked(failure)
    if (shape is not None and _GENERATED.search(f"{shape.module or ''}.{shape.name}")
            and not known_distribution(distribution_of(top(shape.module or shape.name)))):
        # a module protoc generates from a .proto file ("string_int_label_map_pb2") in a checkout's own package: a
        # build step not run (holdout100a's distractor models#1562, the Object Detection API's protos), no release's;
        # a published package's generated module is its release's (holdout32a: onnx#872, onnx.onnx_pb2)
        return None
    if shape is not None and shape.module and f"{shape.module}.{shape.name}" in printed:
        # the log printed the submodule imported from the installed package's own file: this release has it, and the
        # code read it as an attribute before anything imported it (holdout151b's distractor cupy#8710: cupy.cuda's
        # lazy __getattr__ refusing nccl, "<module 'cupy.cuda.nccl' from '.../cupy/cuda/nccl.py'>" above it)
        return None
    if shape is not None and shape.module and failure.is_a("builtins.AttributeError") and _while_importing(
            failure, shape.module):
        return None
    if shape is None or unpickling(failure) or "(consider renaming '" in failure.message:
        # a pickled file's module path: ``pickled``'s to tell, where the atlas shows a release's; Python 3.13's own
        # note of a file that shadows the package (the second reader's cupy.py beside the script)
        return None
    if shape.module is None and shape.owner is None and failure.is_a("builtins.AttributeError"):
        raiser = _raiser(failure)  # a __getattr__ that raises for its own class: that class's package owns it
        if raiser is None or raiser.startswith("transformers_modules."):
            return None  # an object of a class no package is known to define: whatever the caller passed in
        shape = Asked(shape.what, distribution_of(raiser), top(raiser), shape.name)
    if _in_every_release(shape, version_of) or (shape.module and shape.name != "__version__"
                                                 and top(shape.module) in unversioned):
        # (the log shows the package without its own __version__, the import finding no whole package: a folder of
        # that name, an install not finished, holdout113a's distractor rdkit#2182; or a Bazel test's own tree, whose
        # modules are its BUILD targets', holdout119a's distractor jax#38405: no release to judge by its parts; its
        # __version__ itself is a release's history, read below)
        return None
    if failure.frames is None or not package_frames(failure.frames, failure.packages):
        # no package's frame: a log that shows none, or a script's import statement (a frame running its
        # module body); a function of the user's own code that raises is the user's
        importing = (failure.frames is None or failure.frames[-1].endswith(":<module>")
                     or installed_file(failure.message) is not None)
        if importing:  # a module missing where pip failed to install, its package not seen (holdout57b: vllm#17212)
            unseen = install_failed and shape.what.startswith("the module ") and shape.module is not None and (
                version_of(distribution_of(shape.module)) is None)
            if shape.name in fallbacks:
                return None  # the code catches this import's failure: its fallback, not the name, is what failed
            return None if unseen else _unframed(failure, shape, version_of, unversioned)
        # a function of the user's own code (a checkout: holdout13a's StereoscoPy#7 reads PIL.Image.ANTIALIAS):
        # answered only where the atlas shows a release removed the name, as for a script's frame below
        return imported_from_release(shape, version_of, "the calling code", removed_only=True)
    owner_top = top(shape.module) if shape.module else None
    # the code that asked: the innermost frame outside the owner that is not the import machinery or a relay
    asking = next((f for f in reversed(failure.frames or ())
                   if top(f.partition(":")[0]) != owner_top and not is_standard(f.partition(":")[0])
                   and not f.startswith(RELAYS)), None)
    if asking is not None and "unexpected keyword" in failure.message and passed_on_from_users_code(failure, asking):
        # the asking frame passes on the keywords it was given ("return func(**kwargs)": xgboost's keyword-only
        # decorator), and the frame that called it is the user's own: that code chose them (holdout140a's distractor
        # keras#14135: a notebook cell calling an XGBoost model's fit with Keras' epochs)
        return None
    found = (_WRAPPED_MODULE.search(failure.message)
             if _WRAPPED_IMPORT in failure.message or _NAPARI_COMMAND in failure.message else None)
    wrapped = {"module": found["module"] or found["command"]} if found else None
    if asking is None and wrapped and top(wrapped["module"]) not in (owner_top, None):
        # a lazy module's "Failed to import optimum.onnxruntime.modeling_seq2seq because of the following error":
        # the module being imported asked; its frames are not shown, the lazy loader's are
        asking = f"{wrapped['module']}:<module>"
        failure = dataclasses.replace(failure, packages=(failure.packages or frozenset()) | {top(wrapped["module"])})
    if shape.module and of_the_interpreter(shape.module):
        return None
    if asking is None and wrapped and top(wrapped["module"]) == owner_top:
        # the package's lazy loader asked for its own submodule, listed in its import table: no user's slip, so a
        # release's addition says as much as a removal (holdout19a: unsloth#1185, transformers.models.falcon_mamba)
        own = imported_from_release(shape, version_of, f"the code above {possessive(owner_top)} lazy import")
        if own is not None:
            return dataclasses.replace(own, fix=f"{own.fix}; where the installed release should have it, the "
                                       "install is a mix of two releases (upgraded while imported): reinstall it "
                                       "with --no-cache-dir and restart the Python process")
    if asking is None or not package_frames((asking,), failure.packages):
        # a script's or a test's code, or frames not seen: answered only where the atlas shows a release removed the
        # name (np.warnings, NumPy 1.24); a name only newer releases have may be the user's slip that a later release
        # happens to have (holdout10a's distractor ncls#42 called np.astype, a function NumPy 2 added)
        return imported_from_release(shape, version_of, "the calling code", removed_only=True)
    asker_module = asking.partition(":")[0]
    if asker_module.startswith("transformers_modules."):
        return None  # model repository code: remote_code's answer
    if shape.owner is None and shape.what.startswith("__init__() ") and asking.endswith(":__init__"):
        # a bare __init__ (Python before 3.10 names no class): most often its own base's (holdout11a: pylatex#22)
        return None
    called = near(_MODEL_METHOD, failure.message, "() got an unexpected keyword argument") \
        if failure.is_a("builtins.TypeError") else None
    if called and top(asker_module) == "transformers":
        return _model_code_called(called["cls"], called.group(0), shape.what, asker_module, version_of)
    if inside_the_askers_tree(failure.message, top(asker_module)):
        return None
    asker = distribution_of(asker_module)
    owner = shape.owner
    if owner == asker:
        return None
    callee = near(_KEYWORD, failure.message, "() got an unexpected keyword argument") \
        if owner is None and "unexpected keyword" in failure.message else None
    if callee and re.search(rf"\bself\.{re.escape(callee['callee'].rpartition('.')[2])}\(", failure.source or ""):
        return None  # the asking frame calls a method of its own object (holdout17a's distractor wxmplot#28)
    if owner and came_with_its_package(owner, shape.module, shape.name, shape.what.startswith("the name ")):
        return None
    if callee and never_taken(callee["callee"], callee["name"], asker):
        return None  # no release of the class's package ever took it: the asker's own slip (outlines#534's cfg)
    asker_version, owner_version = version_of(asker), version_of(owner) if owner else None
    asker_text = f"{asker} {asker_version}" if asker_version else asker
    change = atlas_change(owner, shape.what, shape.module, shape.name, owner_version)
    if owner and change is not None:
        owner_text = f"{owner} {owner_version}" if owner_version else f"the installed {owner}"
        cause = (f"{asker_text} ({asker_module}) asks for {shape.what}, which {owner_text} does not have: "
                 f"{change.told}, so {asker_text} was written for {change.written_for} {owner}")
        fix = change.fix(f"a release of {asker} that follows this {owner}")
    elif (owner and shape.module and "." not in shape.module
          and (failure.is_a("builtins.AttributeError") or (shape.what.startswith("the module ")
                                                            and shape.module in _FOLDER_NAMES))
          and not seen_installed(owner, owner_top, failure, owner_version)):
        # an attribute of a top-level module that nothing shows as an installed distribution: a module of that name
        # that is none (spaCy's model link "en": holdout42a's distractor commonsense-rc#5); a submodule of one named
        # as a repository's folders are: the asking package's own tree, not a release (paddleocr's "from tools.infer
        # import", holdout172a's distractor PaddleOCR#10523)
        return None
    elif owner and shape.module and backend_gated(owner, shape.name, owner_version, shape.module):
        return None
    elif owner and _MODULE_ATTRIBUTE.search(failure.message) and shape.module and (bound := bound_from(
            owner, shape.module, shape.name, owner_version)) is not None:  # BabelGrid#10: shapely 2.0's __init__
        cause = (f"{asker_text} ({asker_module}) reads {shape.module}.{shape.name}, a submodule of every {owner} "
                 f"release, after importing {shape.module} alone: {owner} {bound} and later import it in "
                 f"{shape.module} itself, the releases before do not, and the installed {owner} is one of them")
        fix = (f"import {shape.module}.{shape.name} where it is used (the asking code's fix), or install "
               f"{owner}>={bound} (pip install \"{owner}>={bound}\")")
    elif owner:
        owner_text = f"{owner} {owner_version}" if owner_version else f"the installed {owner}"
        cause = (f"{asker_text} ({asker_module}) asks for {shape.what}, which {owner_text} does not have: "
                 f"the two are from releases that do not fit (a release of {owner} removed, moved or renamed "
                 f"it, or {asker} needs a newer {owner})")
        fix = (f"install releases of {asker} and {owner} that fit: a newer {asker} (its releases follow "
               f"{owner}'s API) or the {owner} release {asker_text} was written for (its declared "
               f"requirement on {owner}); {INDEX_TIP}")
    else:
        function = callee["callee"].rpartition(".")[2] if callee else ""
        if (callee and function and not function.startswith("__") and _FORWARDS.search(failure.source or "")
                and named_in(asker, function) and keyword_owners(function, callee["name"]) is None):
            # the function is the asking package's own, called through its own wrapper that forwards the keywords
            # (numba's compile_kernel under its compile lock's func(*args, **kwargs)), and no release of any package
            # the atlas reads took the keyword there: one release's own code disagreeing with itself, none to move
            # (holdout121b's distractor numba#5868)
            return None
        cause = (f"{asker_text} ({asker_module}) asks for {shape.what}, which the installed release of the "
                 f"library that defines it does not have: the two are from releases that do not fit")
        fix = (f"install the releases {asker} was written for (its declared requirements), or a newer {asker} "
               "that follows the installed libraries")
    atlas_read = f"; {change.source}" if owner and change is not None else ""
    return Hint(cause, fix, "reasoned from the log: the message names what was asked for; the frames name the "
                f"package that asked ({asker_module}){atlas_read}", family="api-mismatch")


#: top-level names a repository's own folders have ("from tools.infer import", run from a checkout): a package
#: importing one that nothing shows installed ships its repository's layout, not another release's API
_FOLDER_NAMES = frozenset({"tools", "utils", "src", "lib", "libs", "common", "scripts", "helpers", "misc", "configs",
                           "modules", "app", "core"})


#: a decorator's wrapper calling the function it wraps with every argument it was given: "return func(*args,
#: **kwargs)" (numba's compile lock)
_FORWARDS = re.compile(r"\b(?:func|fn|function|wrapped|f)\(\*args, \*\*kwargs\)")


#: a model class's method as a TypeError names it: "ChatGLMPreTrainedModel._set_gradient_checkpointing()"
_MODEL_METHOD = re.compile(r"(?P<cls>[A-Z]\w*(?:PreTrainedModel|Model|ForCausalLM|ForConditionalGeneration|LMHeadModel|"
                           r"Tokenizer|TokenizerFast|Processor))\.\w+\(\)")


def _model_code_called(cls: str, method: str, what: str, asker: str, version_of: Callable[[str], str | None]
                       ) -> Hint:
    """transformers calls a model class's method as its own classes take it, and this class does not: the class
    is not transformers' own (its own classes come with the same release), most often a model repository's."""
    against = transformers_seen(version_of)
    return Hint(f"{against} ({asker}) calls {what}, as its own model classes take that call, and {cls} does not: "
                f"{cls} is model code from outside this transformers release (most often a model repository's "
                "code, loaded with trust_remote_code), written for another transformers",
                REMOTE_CODE_FIX,
                "reasoned from the log: transformers' frame calls a model class's method with arguments it does "
                "not take", family="remote-code-mismatch")


def _raiser(failure: Failure) -> str | None:
    """The module of the innermost frame where it is a package's ``__getattr__`` raising for its own class (None:
    any other frame: code that asked an object passed to it, whose class may be anyone's)."""
    inner = innermost_frame(failure.frames)
    if inner is None or not package_frames([inner], failure.packages) or inner.startswith(RELAYS):
        # torch's nn.Module.__getattr__ raises for every module class, whoever wrote it (holdout41a's distractor
        # AutoGPTQ#353: its own QuantLinear without pack)
        return None
    module, _, function = inner.partition(":")
    return module if function in ("__getattr__", "__getattribute__") else None


def _unframed(failure: Failure, shape: Asked, version_of: Callable[[str], str | None],
              unversioned: frozenset[str] = frozenset()) -> Hint | None:
    """A log that shows no package's frame: only a submodule of an installed package, asked for by name, says a
    release is missing it (a top-level name may be a typo in the user's own script, or a file shadowing it),
    unless the atlas shows releases that had the name."""
    if shape.module is None or LOCAL_FILE.search(failure.message):  # shadowed; or the package's tree, the atlas dates
        return imported_from_release(shape, version_of) if source_tree(failure.message, shape.module or "") else None
    parent = _NOT_A_PACKAGE.search(failure.message) if "is not a package" in failure.message else None
    if parent is not None and ("." not in parent["module"] or top(parent["module"]) not in atlas_distributions()):
        return None  # 'shapes' a user's file shadowing; an atlas package's module is its history (optimum-habana#460)
    if any(top(frame.partition(":")[0]) == top(shape.module) for frame in failure.frames or ()):
        return None  # the package's own code run from a checkout lacking a part (holdout15a: neural_renderer#17)
    told = imported_from_release(shape, version_of)
    if told is not None:
        return told
    if shape.what.startswith("the name ") and shape.name in BOUND_ALIASES:
        # a module's own alias of another package ("from ismn.const import xr"): bound where that package imported,
        # so its lack says an optional dependency is missing, not a release (holdout114a's distractor ismn#89)
        return None
    if shape.module and top(shape.module) in unversioned:
        # the log shows the package without its own __version__: the import found no whole package (a folder of that
        # name, an install not finished: holdout113a's distractor rdkit#2182), no release to judge by its parts
        return None
    if "has no attribute" in failure.message and _MODULE_ATTRIBUTE.search(failure.message):
        # an attribute read imports no submodule: one not imported yet reads as a release's lack (speechbrain#1568)
        return None
    if "." not in shape.module and not _NO_SUBMODULE.search(failure.message):
        # a top-level name the installed package lacks, with no package's frame asking and no release in the
        # atlas that had it: as often a misspelt name in the user's own import (holdout5:
        # "Qwen2_5VLForConditionalGeneration") as a release's
        return None
    owner = shape.owner or distribution_of(shape.module)
    unknown_location = "(unknown location)" in failure.message
    if unknown_location or (shape.what.startswith("the module ") and compiled_name(shape.name)):
        # a name asked of a module file is no extension's (the second reader's rbf_kernels, load_cuda)
        return not_built(shape.module, shape.name, owner, unknown_location=unknown_location)
    if shape.what.startswith("the module ") and (module_read(owner, shape.name) is False  # misspelt: keras.model
                                                 or made_at_import(owner, shape.name)):  # within tf.keras: unknown
        return None  # (holdout29a's distractor keras#8897; tf.keras, lazily loaded, holds what keras installs)
    version = version_of(owner)
    if (shape.name[:1].isupper() and top(shape.module).lower() in shape.name.lower()
            and not seen_installed(owner, top(shape.module), failure, version)):
        # a class named after its package ("LlavaPhiForCausalLM" from llava.model) the log shows no sign of as an
        # installed release (no path, version or frame; unknown to the atlas and the name table): a repository's own
        # package, run from its checkout, is no release (holdout43a's distractor LongLLaVA#5)
        return None
    if ((shape.what.startswith("the name ") and deeper_home(owner, shape.module, shape.name))
            or shape.name == top(shape.module)  # a submodule's name, or the package's own (holdout78a: scipy#17902)
            or shape.name.split(".")[:2] == [top(shape.module)] * 2):  # "ncnn.ncnn", twice (holdout149b: pyncnn#14)
        return None  # asked of the module: the import's own slip (pytorch#155323)
    if shape.what.startswith("the name ") and never_named(owner, shape.module, shape.name) and not _newer_than_read(
            owner, version):
        # no release read ever had it: an import that was never right (a README's import of a community pipeline
        # diffusers does not ship: holdout102a's distractor diffusers#6842), no release to move to
        return None
    owner_text = f"{owner} {version}" if version else f"the installed {owner}"
    return Hint(f"the code that imports it asks for {shape.what}, which {owner_text} does not have: the code was "
                f"written for another release of {owner} (one that has it, older or newer)",
                f"install the {owner} release the importing package was written for (its declared requirement on "
                f"{owner}), or a release of that package that follows this {owner}; {INDEX_TIP}",
                UNFRAMED_SUBMODULE, family="api-mismatch")


#: the source of the answer for a submodule an installed package lacks, asked with no package's frame
UNFRAMED_SUBMODULE = "reasoned from the log: the message names a submodule of an installed package that it lacks"


def _newer_than_read(dist: str, version: str | None) -> bool:
    """The release the log shows is newer than the newest the atlas read (or cannot be compared)."""
    newest = newest_release(dist)
    try:
        return version is not None and (newest is None or Version(version) > newest)
    except InvalidVersion:
        return True


def _in_every_release(shape: Asked, version_of: Callable[[str], str | None]) -> bool:
    """A submodule asked for that every release of its package the atlas read has (``atlas.read_everywhere``)."""
    owner = shape.owner or distribution_of(shape.name)
    return shape.what.startswith("the module ") and read_everywhere(owner, shape.name, version_of(owner))


def imported_from_release(shape: Asked, version_of: Callable[[str], str | None],
                          asker: str = "the code that imports it", *, removed_only: bool = False) -> Hint | None:
    """A name or submodule the installed package lacks and the atlas shows releases had: the release to pin."""
    if shape.module is None:
        return None
    owner = shape.owner or distribution_of(shape.module)
    build = shown_build(owner, version_of)  # cupy-cuda12x for cupy
    if build is None:
        return None
    dist, version = build
    change = atlas_change(owner, shape.what, shape.module, shape.name, version)
    if change is None or (removed_only and change.written_for != "an older" and change.back_from is None
                          and not (change.both and not shape.what.startswith("the "))  # module attribute (jax#22990)
                          and (shape.what.startswith("the module ") or not kept_addition(owner, shape.name, change))):
        # removed_only: releases that had it, then one that removed it (or dropped it for a while: holdout20a's
        # verl#7169, is_flash_attn_greater_or_equal_2_10 missing from 5.4.0 only), not a slip that a release has
        return None
    source, change = change.source, dataclasses.replace(change, dist=dist)  # the pin names the build the log shows
    owner_text = f"{dist} {version}" if version else f"the installed {owner}"
    fix = change.fix(f"a release of the importing package that follows this {owner}")
    if not shape.what.startswith("the ") and in_every_release_read(owner, shape.what) is not None:
        fix += f"; or import the submodule where the code reads it (import {shape.what})"  # its package's own import
    return Hint(f"{asker} asks for {shape.what}, which {owner_text} does not have: {change.told}, "
                f"so that code was written for {change.written_for} {owner}",
                fix, f"reasoned from the log and {source}", family="api-mismatch")


_NOT_A_PACKAGE = re.compile(r"; '(?P<module>[\w.]{1,200})' is not a package")  # the module that is a file
