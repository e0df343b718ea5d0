"""Known failures of the GLM / AutoGPTQ / CUDA stack -> cause and fix, with sources.

A hint that names the wrong cause costs a user more than no hint, so every
signature is scoped: the exception's type (its class or a base), the module
whose frame raised it, and the versions it can happen with. Loader patterns
apply only to load errors. Where a part of the scope cannot be seen (a pasted
log has no frames, a subprocess reports only type and message), that part is
not checked; where it can be seen, it must hold.

Nothing here may raise for any exception object: the plugin calls
:func:`explain_test_failure` for every failed test of every session.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import builtins
import collections
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.machinery import EXTENSION_SUFFIXES
from typing import TYPE_CHECKING

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from .requirements import identity

if TYPE_CHECKING:
    from .session import Engine


@dataclass(frozen=True)
class Hint:
    cause: str
    fix: str
    source: str
    catches: str | None = None  # the contract requirement that would have caught it
    category: str | None = None  # for loader errors: which kind of load failure
    requirement: str | None = None  # identity of the requirement that catches it


@dataclass(frozen=True)
class Signature:
    """A known failure and where it can happen; every part of the scope must hold."""

    types: tuple[str, ...]  # qualified class names; a subclass matches (torch.AcceleratorError is a RuntimeError)
    pattern: re.Pattern[str]
    cause: str
    fix: str
    source: str
    raised_in: tuple[str, ...] = ()  # top-level modules the raising frame belongs to; () where it can be any
    when: tuple[tuple[str, str], ...] = ()  # (distribution, specifier): the versions it happens with
    cuda_torch: bool = False  # only with a CUDA build of torch
    catches: str | None = None  # where a bundled contract declares the requirement that catches it
    requirement: str | None = None  # that requirement's identity (see requirements.identity)


KNOWN: tuple[Signature, ...] = (
    Signature(
        ("builtins.ImportError",),
        re.compile(r"cannot import name 'no_init_weights' from 'transformers\.modeling_utils'"),
        "transformers >= 5.0 moved no_init_weights to transformers/initialization.py; every "
        "auto-gptq release imports it from transformers.modeling_utils",
        "pip install 'transformers<5' (or move to gptqmodel + optimum for transformers 5)",
        "transformers 5.0.0 initialization.py; auto_gptq/modeling/_base.py (all tags 0.4.2-0.7.1)",
        raised_in=("auto_gptq",),
        when=(("transformers", ">=5.0.0.dev0"),),
        catches="contracts/stable.toml: packages.transformers",
        requirement="package:transformers",
    ),
    Signature(
        ("builtins.ImportError",),
        re.compile(r"cannot import name 'PEFT_TYPE_TO_MODEL_MAPPING' from 'peft\.peft_model'"),
        "peft 0.19.0 removed PEFT_TYPE_TO_MODEL_MAPPING from peft.peft_model (deprecated shim "
        "until 0.18.1); auto-gptq 0.7.1 imports it in auto_gptq/utils/peft_utils.py",
        "pip install 'peft<0.19'",
        "peft wheels 0.18.1 vs 0.19.0 (peft_model.py); huggingface/peft#2282",
        raised_in=("auto_gptq",),
        when=(("peft", ">=0.19.0.dev0"),),
        catches="contracts/stable.toml: sections.gptq.packages.peft",
        requirement="package:peft",
    ),
    Signature(
        ("builtins.AttributeError",),
        re.compile(r"has no attribute '_tied_weights_keys'"),
        "PreTrainedModel._tied_weights_keys changed: None/list of names in transformers 4.x "
        "(from 4.31), a dict target->source in 5.x; code written for one breaks on the other",
        "pin transformers to the major your code expects, or handle both list and dict",
        "transformers modeling_utils.py at 4.31.0, 4.57.1 and 5.0.0",
        raised_in=("transformers",),  # transformers reading it off a model that lacks it
        when=(("transformers", ">=4.31.0.dev0"),),
        catches="contracts/stable.toml: api[transformers:GlmForCausalLM._tied_weights_keys]",
        requirement="api:transformers:GlmForCausalLM._tied_weights_keys",
    ),
    Signature(
        ("builtins.TypeError",),
        re.compile(r"_pad\(\) got an unexpected keyword argument 'padding_side'"),
        "transformers >= 4.45 passes padding_side to tokenizer _pad(); ChatGLM remote-code "
        "tokenizers written before that do not accept it",
        "update the model's tokenization_chatglm.py from its hub repo, or pip install 'transformers<4.45'",
        "zai-org/ChatGLM3#1324 (transformers 4.45.0); zai-org/GLM-4#578; modelscope/ms-swift#2151 "
        "(maintainer: transformers <4.45)",
        raised_in=("transformers",),  # the call in PreTrainedTokenizerBase.pad; the callee never runs
        when=(("transformers", ">=4.45.0.dev0"),),
    ),
    Signature(
        ("builtins.AttributeError",),
        re.compile(r"has no attribute '_extract_past_from_model_output'"),
        "transformers 4.49 removed GenerationMixin._extract_past_from_model_output, which "
        "ChatGLM/GLM-4 remote code calls",
        "update the model's modeling_chatglm.py from its hub repo, or pip install 'transformers<4.49'",
        "zai-org/GLM-4#715; transformers generation/utils.py 4.48.3 vs 4.49.0",
        raised_in=("transformers_modules",),  # the hub's remote code, as transformers imports it
        when=(("transformers", ">=4.49.0.dev0"),),
    ),
    Signature(
        ("builtins.AttributeError",),
        re.compile(r"object has no attribute '(tokenizer|sp_tokenizer)'"),
        "transformers >= 4.34 calls tokenizer methods from PreTrainedTokenizer.__init__, before "
        "old ChatGLM/ChatGLM2 tokenizers set self.tokenizer",
        "update tokenization_chatglm.py from the model's hub repo, or pip install 'transformers<4.34'",
        "xusenlinzy/api-for-open-llm#137; zai-org/VisualGLM-6B#285",
        raised_in=("transformers_modules",),
        when=(("transformers", ">=4.34.0.dev0"),),
    ),
    Signature(
        ("builtins.AttributeError",),
        re.compile(r"has no attribute '_eos_token_tensor'"),
        "transformers 4.43 keeps special-token tensors on GenerationConfig (_eos_token_tensor, set by "
        "GenerationMixin._prepare_special_tokens); ChatGLM/GLM-4 remote code that runs its own generate "
        "loop never sets them",
        "pip install 'transformers<4.43' (the maintainers' advice: 4.42), or update the model's remote "
        "code from its hub repo",
        "huggingface/transformers#32207 (maintainer reply, transformers 4.43); zai-org/ChatGLM3#1299 "
        "(transformers 4.43.2)",
        raised_in=("transformers",),  # generation helpers reading it, called from the remote generate loop
        when=(("transformers", ">=4.43.0.dev0"),),
    ),
    Signature(
        ("builtins.RuntimeError", "torch.AcceleratorError"),
        re.compile(r"CUDA driver version is insufficient for CUDA runtime version"),
        "the NVIDIA driver is older than the CUDA runtime torch was built with",
        "upgrade the driver, or install a torch build for an older CUDA (see NVIDIA's driver table)",
        "NVIDIA CUDA Toolkit Release Notes, Table 3",
        cuda_torch=True,  # raised by compiled code into whichever frame called it: no frame scope
        catches="requires_cuda / [cuda] (the driver check)",
        requirement="cuda",
    ),
    Signature(
        ("builtins.RuntimeError", "torch.AcceleratorError"),
        re.compile(r"no kernel image is available for execution on the device"),
        "the compiled kernels contain no code for this GPU's compute capability (e.g. sm_90 "
        "on a cu117 build, sm_100/sm_120 before cu128)",
        "install a torch (or extension) build that includes this GPU's arch: Hopper needs CUDA "
        ">= 11.8 builds, Blackwell >= 12.8",
        "NVIDIA Hopper/Blackwell compatibility guides; pytorch RELEASE.md support matrix",
        cuda_torch=True,
        catches="requires_cuda(capability=...) / [cuda] capability",
        requirement="cuda",
    ),
)

LOAD_ERROR_TYPES = ("builtins.ImportError", "builtins.OSError")

# Frames that only pass an error on: the import machinery, and nn.Module.__getattr__ raising the
# AttributeError for the module that asked. The frame that "raised" a failure is the innermost other one.
_RELAY = ("importlib.", "torch.nn.modules.module")
_MAX_LINKS = 64  # of a __cause__/__context__ chain; real chains have a handful
_MAX_MESSAGE = 20_000  # characters of a message searched

_LIBCUDART = re.compile(r"(libcudart|libcublas\w*|libcusparse|libnvrtc|libcudnn\w*)\.so\.(\d+)")
_MISSING_SO = re.compile(r"([\w.+-]+\.so(?:\.[\d.]+)?): cannot open shared object file")
_UNDEFINED = re.compile(r"undefined symbol: (\S+)")


# --------------------------------------------------------------------------- what is known of a failure


@dataclass(frozen=True)
class Failure:
    """One exception as far as it can be seen: a live one, or a type and message from a log or a subprocess."""

    types: tuple[str, ...]  # qualified names of its class and bases; a bare name where only that is known
    message: str
    raised_in: str | None = None  # module of the raising frame ("" if it has none); None: frames not seen
    loading: bool | None = None  # raised while importing an extension; None: not seen (the type decides)

    @classmethod
    def from_name(cls, type_name: str, message: str) -> Failure:
        """A failure known by its type's name only; a builtin's bases are known too."""
        builtin = getattr(builtins, type_name, None)
        if isinstance(builtin, type) and issubclass(builtin, BaseException):
            return cls(_qualified_mro(builtin), message)
        return cls((type_name,), message)

    @classmethod
    def from_exception(cls, exc: BaseException) -> Failure:
        modules, importing = _frames(exc)
        raised_in = next((m for m in reversed(modules) if not m.startswith(_RELAY)), "")
        types = _qualified_mro(type(exc))
        loading = (_is_a(types, "builtins.ImportError") and _extension_path(exc)) or (
            _is_a(types, "builtins.OSError") and importing)
        return cls(types, _safe_str(exc), raised_in, loading)

    def is_a(self, qualified: str) -> bool:
        return _is_a(self.types, qualified)

    @property
    def is_load_error(self) -> bool:
        if not any(self.is_a(t) for t in LOAD_ERROR_TYPES):
            return False
        return self.loading is not False


def _is_a(types: tuple[str, ...], qualified: str) -> bool:
    bare = qualified.rpartition(".")[2]
    return any(t == qualified or ("." not in t and t == bare) for t in types)


def _qualified_mro(cls: type) -> tuple[str, ...]:
    names = []
    for klass in getattr(cls, "__mro__", (cls,)):
        module, name = getattr(klass, "__module__", None), getattr(klass, "__qualname__", None)
        if isinstance(module, str) and isinstance(name, str):
            names.append(f"{module}.{name}")
    return tuple(names)


def _safe_str(exc: BaseException) -> str:
    """``str(exc)``, or "" where its ``__str__`` raises (as pytest's saferepr, Ctrl-C and exit still pass)."""
    try:
        text = str(exc)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return ""
    return text[:_MAX_MESSAGE] if isinstance(text, str) else ""


def _frames(exc: BaseException) -> tuple[list[str], bool]:
    """Modules of the innermost frames of ``exc``'s traceback, and whether any frame runs a module's body."""
    modules: collections.deque[str] = collections.deque(maxlen=16)
    importing = False
    tb = getattr(exc, "__traceback__", None)
    while tb is not None:
        frame = tb.tb_frame
        modules.append(_frame_module(frame.f_globals, frame.f_code.co_filename))
        importing = importing or frame.f_code.co_name == "<module>"
        tb = tb.tb_next
    return list(modules), importing


def _frame_module(globals_: Mapping[str, object], filename: str) -> str:
    name = globals_.get("__name__")
    if isinstance(name, str):
        return name
    parts = filename.replace("\\", "/").split("/")  # code without a module name: where its file lies
    for anchor in ("site-packages", "dist-packages"):
        if anchor in parts:
            rest = parts[len(parts) - parts[::-1].index(anchor):]
            return ".".join(rest).removesuffix(".py")
    return ""


def _extension_path(exc: BaseException) -> bool:
    """An ImportError of the interpreter's own extension loader carries the extension's path."""
    try:
        path = getattr(exc, "path", None)
    except Exception:
        return False
    return isinstance(path, str) and path.endswith(tuple(EXTENSION_SUFFIXES))


def exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, then its causes and the contexts Python would print: ``raise ... from None`` ends it."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(seen) < _MAX_LINKS:
        seen.add(id(current))
        yield current
        try:
            cause = current.__cause__
            context = None if current.__suppress_context__ else current.__context__
        except Exception:
            return
        following = cause if cause is not None else context
        current = following if isinstance(following, BaseException) else None


# --------------------------------------------------------------------------- versions


@dataclass(frozen=True)
class Versions:
    """Versions a signature's version scope is checked against."""

    found: Mapping[str, tuple[str, ...]]  # canonical distribution name -> versions
    complete: bool  # an environment's installed set: a distribution absent here is not installed
    torch_cuda: str | None = None  # complete only: the installed torch's CUDA (None: CPU-only or no torch)

    @classmethod
    def installed(cls, packages: Mapping[str, str], torch_cuda: str | None) -> Versions:
        return cls({canonicalize_name(k): (v,) for k, v in packages.items()}, True, torch_cuda)

    @classmethod
    def mentioned_in(cls, text: str) -> Versions:
        """Versions a log names ("transformers==5.0.0", "peft 0.19.0", "torch-2.5.1+cu121.dist-info")."""
        found: dict[str, tuple[str, ...]] = {}
        for name in sorted({name for known in KNOWN for name, _ in known.when} | {"torch"}):
            pattern = re.compile(
                rf"(?<![\w.-])`?{re.escape(name)}`?(?:\s+version)?(?:\s*==\s*|\s*:\s*|\s+|-)v?"
                r"(\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?(?:\+[A-Za-z]+\d*(?:\.\d+)*)?)(?![\w+])",
                re.IGNORECASE,
            )
            versions = tuple(dict.fromkeys(m.group(1) for m in pattern.finditer(text)))
            if versions:
                found[canonicalize_name(name)] = versions
        return cls(found, False)

    def fits(self, known: Signature) -> bool:
        for name, spec in known.when:
            versions = self.found.get(canonicalize_name(name))
            if versions is None:
                if self.complete:
                    return False
                continue  # a log that does not mention it: not checked
            if not any(_contains(spec, v) for v in versions):
                return False
        if known.cuda_torch:
            if self.complete:
                return self.torch_cuda is not None
            mentioned = self.found.get("torch", ())  # a log: "+cpu" on every torch it names rules it out
            return not mentioned or any(v.partition("+")[2].lower() != "cpu" for v in mentioned)
        return True


def _contains(spec: str, version: str) -> bool:
    try:
        return SpecifierSet(spec).contains(Version(version), prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        return False


# --------------------------------------------------------------------------- matching


def explain(failure: Failure, versions: Versions | None = None, *, torch_cuda: str | None = None,
            torch_version: str | None = None) -> Hint | None:
    """The first signature whose whole scope holds; ``versions`` None: the version scope is not checked."""
    for known in KNOWN:
        if not any(failure.is_a(t) for t in known.types):
            continue
        if known.raised_in and failure.raised_in is not None and not _within(failure.raised_in, known.raised_in):
            continue
        if versions is not None and not versions.fits(known):
            continue
        if known.pattern.search(failure.message):
            return Hint(known.cause, known.fix, known.source, known.catches, requirement=known.requirement)
    if failure.is_load_error:
        return explain_load_error(failure.message, torch_cuda=torch_cuda, torch_version=torch_version)
    return None


def _within(module: str, roots: tuple[str, ...]) -> bool:
    return module.partition(".")[0] in roots


def explain_exception(exc: BaseException, versions: Versions | None = None, *, torch_cuda: str | None = None,
                      torch_version: str | None = None) -> tuple[BaseException, Failure, Hint] | None:
    """The first link of the chain that a signature explains: the known failure is often the inner one."""
    for link in exception_chain(exc):
        failure = Failure.from_exception(link)
        hint = explain(failure, versions, torch_cuda=torch_cuda, torch_version=torch_version)
        if hint is not None:
            return link, failure, hint
    return None


def explain_test_failure(exc: object, engine: Engine) -> list[str] | None:
    """Report lines for a failed test's exception: what it is, cause, fix, source, the catching requirement.

    Matched first without the snapshot, so that a test failing for other reasons
    never costs a probe. Never raises (Ctrl-C and exit aside): a failure here
    must not change the test's outcome.
    """
    try:
        if not isinstance(exc, BaseException) or explain_exception(exc) is None:
            return None
        snap = engine.snapshot()
        torch = snap.torch
        torch_cuda = torch.cuda if torch else None
        found = explain_exception(exc, Versions.installed(snap.packages, torch_cuda), torch_cuda=torch_cuda,
                                  torch_version=torch.version if torch else None)
        if found is None:
            return None
        link, failure, hint = found
        text = failure.message.strip()
        first = text.splitlines()[0] if text else ""
        lines = [
            f"{type(link).__name__}: {first[:300]}",
            f"cause: {hint.cause}",
            f"fix: {hint.fix}",
            f"source: {hint.source}",
            _caught_by(hint, engine),
        ]
        if "no kernel image is available" in text:  # which binary, which GPU, what it carries
            from .kernel_checks import failure_lines

            lines += failure_lines(engine)
        return lines
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return None


def _caught_by(hint: Hint, engine: Engine) -> str:
    from .report import headline

    contract = engine.contract
    if contract is not None and hint.requirement is not None:
        for req in contract.requirements(needs_cuda=True):
            if identity(req) == hint.requirement:
                unmet = [v for v in engine.verdicts([req]) if not v.ok]
                if unmet:
                    return (f"caught by: {unmet[0].origin} in contract {contract.name!r}, unmet here "
                            f"({headline(unmet[0])}); under --autoglm-policy=skip or gate this test "
                            "would not have run")
                return (f"checked by: {req.meta.origin} in contract {contract.name!r}, which this "
                        "environment meets; the failure has another trigger")
    if hint.catches:
        return f"would have been caught by: {hint.catches} (pytest --autoglm-contract=stable)"
    return "no contract requirement covers this failure"


# --------------------------------------------------------------------------- loader errors


def explain_load_error(message: str, *, torch_cuda: str | None = None,
                       torch_version: str | None = None) -> Hint | None:
    """Translate a dynamic loader failure of a compiled extension; ``Hint.category`` says which kind.

    Only for load errors (callers check): the same text inside, say, an
    AssertionError says nothing about the loader.
    """
    torch_text = (
        f"torch {torch_version} ({'CUDA ' + torch_cuda if torch_cuda else 'CPU-only build'})"
        if torch_version else "no torch"
    )
    cuda_lib = _LIBCUDART.search(message)
    if cuda_lib and "cannot open shared object" in message:
        major = cuda_lib.group(2)
        torch_major = torch_cuda.split(".")[0] if torch_cuda else None
        built = f"the extension was built for CUDA {major} (it links {cuda_lib.group(0)}); installed: {torch_text}"
        source = "the dynamic loader's error; the extension's DT_NEEDED entries"
        if torch_major is not None and torch_major != major:
            return Hint(built,
                        f"install the extension built for CUDA {torch_major} (the package's cu{torch_major}x wheel) "
                        f"or a torch built for CUDA {major}, so that both use one CUDA major",
                        source, category="wrong CUDA major")
        if torch_major == major:
            return Hint(f"{built}, yet {cuda_lib.group(0)} is not on the loader path (torch's copy comes from the "
                        f"nvidia-cuda-runtime-cu{major} wheel or a system CUDA)",
                        f"pip install nvidia-cuda-runtime-cu{major} (or the CUDA {major} toolkit), or add the "
                        "directory that holds it to LD_LIBRARY_PATH", source, category="missing CUDA library")
        from .cuda_table import torch_index_for_major

        index = torch_index_for_major(major)
        install = (f"pip install torch --index-url https://download.pytorch.org/whl/{index}" if index
                   else f"install a torch build for CUDA {major}")
        return Hint(built, f"{install} (a CUDA {major} build of torch), or rebuild the extension against the "
                    "installed torch", source, category="missing CUDA library")
    missing = _MISSING_SO.search(message)
    if missing:
        return Hint(
            f"a shared library the extension links, {missing.group(1)}, is not on the loader path",
            "install the package that provides it or add its directory to LD_LIBRARY_PATH",
            "the dynamic loader's error",
            category="missing shared library",
        )
    undefined = _UNDEFINED.search(message)
    if undefined:
        return Hint(
            f"ABI mismatch: the extension was compiled against a different torch than {torch_text} "
            f"(missing symbol {undefined.group(1)[:80]})",
            "reinstall the extension built for the installed torch (pip install --no-cache-dir "
            "--force-reinstall --no-binary :all: <package>) or install the torch it was built for",
            "the dynamic loader's error",
            category="undefined symbol",
        )
    return None
