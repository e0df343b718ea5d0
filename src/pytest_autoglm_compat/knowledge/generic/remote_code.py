"""Model repository code (``transformers_modules``, loaded with trust_remote_code) against the installed transformers.

A failure raised in the repository's own code, transformers' Auto class refusing its classes, its tokenizer failing in
the base class's __init__, and a model object asked for what its class lacks: the model code and transformers are from
releases that do not fit.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import CUT_TRACEBACK, LOG_LINE, Failure
from .api import OBJECT_ATTRIBUTE, RELAYS, REMOTE_CODE_FIX, UNPACK, asked, near, repository_of, transformers_seen
from .atlas import never_a_keyword, owners_of_class
from .names import is_standard, package_frames, top
from .resolver import spec_contains

#: classes named as transformers' model code names them: a model, its tokenizer, processor, config or cache
_MODEL_CLASS = re.compile(r"^[A-Z]\w*(?:Tokenizer|TokenizerFast|ForCausalLM|ForConditionalGeneration|LMHeadModel|"
                          r"PreTrainedModel|Model|Processor|Config|Cache)$")


#: transformers' Auto classes registering a model repository's class whose config_class is not the repository's own
#: config ("model has <class 'transformers.models.bert.configuration_bert.BertConfig'> and you passed <class
#: 'transformers_modules.zhihan1996.DNABERT-2-117M....configuration_bert.BertConfig'>")
_REGISTER_MISMATCH = re.compile(r"has a `config_class` attribute that is not consistent with the config class you "
                                r"passed \(model has <class '[\w.]+'> and you passed <class "
                                r"'(?P<remote>transformers_modules\.[^']+)'>")


#: diffusers loading a community pipeline (custom_pipeline=..., its file fetched into ``diffusers_modules`` at load
#: time, diffusers' trust_remote_code) whose components are not those this diffusers release gives it (holdout101a:
#: diffusers#1500, lpw_stable_diffusion's under diffusers 0.10.0)
_COMMUNITY_COMPONENTS = re.compile(r"Pipeline <class '(?P<pipeline>diffusers_modules\.git\.[\w.]+)'> expected "
                                   r"\{[^}]{0,2000}\}, but only \{[^}]{0,2000}\} were passed")


def remote_code(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A failure raised in model repository code (``transformers_modules``) against the installed transformers."""
    registered = _config_class_refused(failure, version_of) or _community_pipeline(failure, version_of)
    if registered is not None:
        return registered
    frames = package_frames(failure.frames, failure.packages)
    remote = [f.partition(":")[0] for f in frames if f.startswith("transformers_modules.")]
    if not remote:
        return _model_object(failure, version_of)
    inner = next((f.partition(":")[0] for f in reversed(frames)), "")
    if not (inner.startswith(("transformers_modules.", "transformers.", "torch.nn.modules.module"))):
        return None  # raised deeper, in another package the model code called: that package's failure
    init_order = _tokenizer_init_order(failure, frames, version_of)
    if init_order is not None:
        return init_order
    shape = asked(failure)
    unpack = failure.is_a("builtins.ValueError") and UNPACK.search(failure.message)
    if shape is None and not unpack and not any(map(failure.is_a, ("builtins.AttributeError", "builtins.TypeError"))):
        return None
    repo, file = repository_of(remote[-1])
    against = transformers_seen(version_of)
    return Hint(
        f"the model repository's own code ({repo}, {file}.py, loaded with trust_remote_code) fails against "
        f"{against}: it was written for another transformers release",
        "update the model's code to the repository's current revision (from_pretrained(..., revision=\"main\", "
        "force_download=True), or its newest modeling files in a local copy), or install the transformers "
        "release the repository names (its model card, or \"transformers_version\" in its config.json)",
        "reasoned from the log: the failure is raised in transformers_modules (the model repository's code)",
        family="remote-code-mismatch")


def _config_class_refused(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """transformers' Auto class refusing a model repository's class whose config_class is transformers' own."""
    registered = near(_REGISTER_MISMATCH, failure.message, "is not consistent with the config class")
    if registered is None:
        return None
    repo, _ = repository_of(registered["remote"].rpartition(".")[0])
    return Hint(f"the model repository's code ({repo}, loaded with trust_remote_code) declares a model class "
                "whose config_class is transformers' own config class, not the repository's; the Auto class "
                f"that registers it in {transformers_seen(version_of)} refuses the pair: the repository's code was "
                "written for another transformers release", REMOTE_CODE_FIX,
                "reasoned from the log: transformers' Auto class names both config classes",
                family="remote-code-mismatch")


#: a model repository's tokenizer's __init__, and the base class's it calls (super().__init__())
_REMOTE_TOKENIZER_INIT = re.compile(r"transformers_modules\..*\.tokenization_\w+:__init__")
_BASE_TOKENIZER_INIT = re.compile(r"transformers\.tokenization_utils(?:_base|_fast)?:__init__")


def _tokenizer_init_order(failure: Failure, frames: list[str], version_of: Callable[[str], str | None]) -> Hint | None:
    """A model repository's tokenizer failing inside the base class's __init__ it calls: transformers 4.34.0's
    PreTrainedTokenizer.__init__ calls self._add_tokens (4.33.3's does not, read from the wheels), which reads the
    vocabulary a tokenizer written before it sets only after super().__init__() (ChatGLM's, CodeGen 2.5's, Yayi 2's)."""
    if not (failure.is_a("builtins.AttributeError") or failure.types == (CUT_TRACEBACK,)):
        return None
    if not any(_REMOTE_TOKENIZER_INIT.fullmatch(outer) and _BASE_TOKENIZER_INIT.fullmatch(inner)
               for outer, inner in zip(frames, frames[1:])):
        return None
    transformers = version_of("transformers")
    if transformers and spec_contains("<4.34.0.dev0", transformers) is True:
        return None  # a release whose base __init__ calls none of the tokenizer's methods: another cause
    repo, file = repository_of(next(f.partition(":")[0] for f in frames if _REMOTE_TOKENIZER_INIT.fullmatch(f)))
    against = transformers_seen(version_of)
    return Hint(
        f"the model repository's tokenizer ({repo}, {file}.py, loaded with trust_remote_code) calls "
        f"super().__init__() before it sets up its vocabulary, and the base class's __init__ in {against} (4.34.0 "
        "and later) calls the tokenizer's own methods (_add_tokens, get_vocab): the tokenizer was written for "
        "transformers before 4.34",
        "update the tokenizer's code to the repository's current revision (from_pretrained(..., revision=\"main\", "
        "force_download=True)), or pip install 'transformers<4.34'",
        "reasoned from the log: the frames show the repository's tokenizer failing inside the base class's "
        "__init__; transformers 4.34.0's PreTrainedTokenizer.__init__ calls self._add_tokens (4.33.3's does not)",
        family="remote-code-mismatch")


#: the chat methods model repositories' own code defines (ChatGLM, Qwen 1, InternLM, Baichuan; no transformers model),
#: and the embedding models' encode (Jina's, as sentence-transformers': holdout75a's distractor late-chunking#1)
_OWN_CHAT = frozenset({"chat", "stream_chat", "chat_stream", "encode"})
def _model_object(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A model, tokenizer, processor, config or cache object lacking an attribute, where no frame but transformers' or
    model code's shows who asked: model code and transformers from releases that do not fit (a remote tokenizer before
    its sp_model exists: transformers 4.34 moved __init__'s order; a model without generate, 4.50)."""
    if not (failure.is_a("builtins.AttributeError") or failure.types == (LOG_LINE,)):
        return None
    found = OBJECT_ATTRIBUTE.search(failure.message) if "has no attribute" in failure.message else None
    if found is None:
        return None
    cls, name = found["cls"] or found["cls2"], found["name"] or found["name2"]
    never = cls.endswith("Config") and never_a_keyword("transformers", cls, "__init__", name)
    if not _MODEL_CLASS.match(cls) or never:
        # a field transformers' own config class never took: its asker assumed another model's (holdout30a's
        # distractor optimum-habana#1609, BloomConfig's rope_scaling), no release's
        return None
    if name in _OWN_CHAT:
        # a model repository's own chat() (or encode()), asked of a class without it: the code loaded another class
        # (AutoModel's bare model, transformers' own for a model type it has), no release's (InternLM#2, Qwen3#311)
        return None
    owners = owners_of_class(cls)
    if owners and not set(owners) & {"transformers", "vllm"}:
        # another package's class (diffusers' CogVideoXTransformer3DModel): not model code against transformers
        # (holdout49a's distractor VideoPainter#7, a checkpoint for another model); vLLM writes model repositories'
        # classes again under their names (BaichuanTokenizer, InternLM2ForCausalLM)
        return None
    asking = next((f for f in reversed(failure.frames or ()) if not f.startswith(RELAYS)
                   and not is_standard(f.partition(":")[0])), None)
    if asking is not None and (not package_frames((asking,), failure.packages)
                               or top(asking) not in ("transformers", "transformers_modules")):
        return None  # a script's (a typo?), or another package's reading any model's object (CTranslate2#887)
    against = transformers_seen(version_of)
    return Hint(
        f"the model code that uses a {cls} object (a model repository's, loaded with trust_remote_code, or code "
        f"written around transformers' own {cls}) asks it for {name}, which it does not have with {against}: the "
        "model code and transformers are from releases that do not fit",
        "update the model's code to the repository's current revision (from_pretrained(..., revision=\"main\", "
        "force_download=True)), or install the transformers release the model names (its model card, or "
        "\"transformers_version\" in its config.json)",
        "reasoned from the log: the object's class is model code by its name; no frame shows the code that asked",
        family="remote-code-mismatch")


def _community_pipeline(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A community pipeline's code (fetched at load time) asking for components this diffusers release does not pass."""
    found = _COMMUNITY_COMPONENTS.search(failure.message) if "diffusers_modules.git." in failure.message else None
    if found is None or re.search(r"'\w+_2'", found.group(0)):
        # a local file's (diffusers_modules.local) is the user's own; an SDXL pipeline asking for text_encoder_2 of an
        # SD 1.5 model is the model's (the session-36 second reader's look-alikes)
        return None
    pipeline = found["pipeline"].rpartition(".")[2]
    installed = version_of("diffusers")
    against = f"diffusers {installed}" if installed else "the installed diffusers"
    return Hint(f"the community pipeline's code ({pipeline}, fetched at load time with custom_pipeline, in "
                f"diffusers_modules) expects components {against} does not pass it: the pipeline file (from diffusers' "
                "main branch or the Hub) and the installed diffusers are of different releases",
                "load the community pipeline's file of the installed diffusers release (custom_revision=\"v<your "
                "diffusers version>\"), or install the diffusers release the pipeline was written for (the newest, "
                "for a file from the main branch)",
                "reasoned from the log: diffusers' check of the components a pipeline class from diffusers_modules "
                "expects", family="remote-code-mismatch")
