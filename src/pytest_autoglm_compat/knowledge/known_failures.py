"""Known failures of the GLM / AutoGPTQ / CUDA stack -> cause and fix, with sources.

A hint that names the wrong cause costs a user more than no hint, so every
signature is scoped: the exception's type (its class or a base), the module
whose frame raised it, and the versions it can happen with. Loader patterns
apply only to load errors. Where a part of the scope cannot be seen (a pasted
log has no frames, a subprocess reports only type and message), that part is
not checked; where it can be seen, it must hold.

Nothing here may raise for any exception object: the plugin explains every failed test of
every session through it (render.failures).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import builtins
import collections
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib.machinery import EXTENSION_SUFFIXES
from typing import TYPE_CHECKING

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ..model.hints import Hint

if TYPE_CHECKING:
    pass


LOG_LINE = "log line"  # the "type" of a line a log printed outside any exception (a logged warning)


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
    family: str = ""  # the kind of failure, shared by signatures of one cause
    frames: re.Pattern[str] | None = None  # must match a "module:function" of the failure's frames; unseen: no
    cpu_torch: bool = False  # only with a CPU-only build of torch
    log_only: bool = False  # no version scope: the message is specific to one package's code
    unseen: tuple[str, ...] = ()  # distributions whose version must be unknown (a log that names none)
    # (cause, fix) for this very failure, from the texts above, the pattern's match and the failure
    detail: Callable[[str, str, re.Match[str], Failure], tuple[str, str]] | None = None
    kernels: str | None = None  # see Hint.kernels


def _name_importer(cause: str, fix: str, failure: Failure) -> tuple[str, str]:
    """Fill in the package whose frame raised the ImportError: the one to upgrade."""
    module = (failure.raised_in or "").partition(".")[0]
    importer = module if module and module not in ("transformers", "<stdin>", "__main__") else "the importing package"
    return cause.format(importer=importer), fix.format(importer=importer)


def _driver_found(cause: str, fix: str, match: re.Match[str], failure: Failure) -> tuple[str, str]:
    """torch's "found version N" is cudaDriverGetVersion's 1000*major + 10*minor: say which CUDA this one is."""
    found = match.group("found")
    if found is None:
        return cause + " (the found version, when shown, encodes the newest CUDA the driver supports)", fix
    number = int(found)
    return cause + f" (found version {number} is CUDA {decode_driver_version(number)}, the newest CUDA this driver " \
        "supports)", fix


def decode_driver_version(number: int) -> str:
    """cudaDriverGetVersion's encoding, 1000*major + 10*minor: 11060 -> "11.6", 9010 -> "9.1"."""
    return f"{number // 1000}.{number % 1000 // 10}"


_PEFT_MAPPING = re.compile(r"cannot import name 'PEFT_TYPE_TO_MODEL_MAPPING' from 'peft\.peft_model'")
_PEFT_FIX = "pip install 'peft>=0.5.0,<0.19'"
_PEFT_SOURCE = ("peft tags v0.2.0 (absent) and v0.3.0 (present) peft/peft_model.py; peft wheels 0.18.1 vs 0.19.0; "
                "huggingface/peft#2282; auto-gptq setup.py at v0.7.1 (peft>=0.5.0); AutoGPTQ/AutoGPTQ#144")
#: cpm-kernels 1.0.11's fatbins and ChatGLM's embedded quantization kernel (docs/compatibility.md,
#: "GPU code in real binaries"): what a "no kernel image" raised through them had to choose from.
CPM_KERNELS_CARRY = "SASS sm_61, sm_62, sm_70, sm_72, sm_75, sm_80, sm_86 and no PTX"


KNOWN: tuple[Signature, ...] = (
    Signature(
        ("builtins.ImportError", LOG_LINE),
        re.compile(r"cannot import name 'no_init_weights' from 'transformers\.modeling_utils'"),
        "transformers >= 5.0 moved no_init_weights to transformers/initialization.py; every "
        "auto-gptq release imports it from transformers.modeling_utils",
        "pip install 'transformers<5' (or move to gptqmodel + optimum for transformers 5)",
        "transformers 5.0.0 initialization.py; auto_gptq/modeling/_base.py (all tags 0.4.2-0.7.1)",
        raised_in=("auto_gptq",),
        when=(("transformers", ">=5.0.0.dev0"),),
        catches="contracts/stable.toml: packages.transformers",
        requirement="package:transformers",
        family="transformers5-no-init-weights",
    ),
    Signature(
        ("builtins.ImportError", LOG_LINE),
        re.compile(r"cannot import name 'no_init_weights' from 'transformers\.modeling_utils'"),
        "transformers >= 5.0 moved no_init_weights from transformers.modeling_utils to transformers.initialization; "
        "{importer} imports it from the old place",
        "upgrade {importer} to a release that imports it from transformers.initialization, or pip install "
        "'transformers<5'",
        "transformers 5.0.0 initialization.py; ModelCloud/GPTQModel#2328 (fixed by #2329)",
        when=(("transformers", ">=5.0.0.dev0"),),
        detail=lambda cause, fix, match, failure: _name_importer(cause, fix, failure),
        family="transformers5-no-init-weights",
    ),
    Signature(
        ("builtins.ImportError", LOG_LINE),
        _PEFT_MAPPING,
        "auto-gptq imports PEFT_TYPE_TO_MODEL_MAPPING from peft.peft_model (auto_gptq/utils/peft_utils.py), which "
        "only peft 0.3.0 to 0.18.1 provide: the installed peft is either too old (< 0.3.0, absent at v0.2.0; "
        "auto-gptq 0.7.1 requires peft>=0.5.0) or too new (0.19.0 removed it); no peft version was seen to tell which",
        _PEFT_FIX,
        _PEFT_SOURCE,
        raised_in=("auto_gptq",),
        unseen=("peft",),
        catches="contracts/stable.toml: sections.gptq.packages.peft",
        requirement="package:peft",
        family="peft-mapping-removed",
    ),
    Signature(
        ("builtins.ImportError", LOG_LINE),
        _PEFT_MAPPING,
        "peft 0.19.0 removed PEFT_TYPE_TO_MODEL_MAPPING from peft.peft_model (deprecated shim "
        "until 0.18.1); auto-gptq 0.7.1 imports it in auto_gptq/utils/peft_utils.py",
        "pip install 'peft<0.19'",
        "peft wheels 0.18.1 vs 0.19.0 (peft_model.py); huggingface/peft#2282",
        raised_in=("auto_gptq",),
        when=(("peft", ">=0.19.0.dev0"),),
        catches="contracts/stable.toml: sections.gptq.packages.peft",
        requirement="package:peft",
        family="peft-mapping-removed",
    ),
    Signature(
        ("builtins.ImportError", LOG_LINE),
        _PEFT_MAPPING,
        "peft < 0.3.0 has no PEFT_TYPE_TO_MODEL_MAPPING in peft.peft_model (absent at v0.2.0, added in v0.3.0); "
        "auto-gptq imports it in auto_gptq/utils/peft_utils.py, and auto-gptq 0.7.1 requires peft>=0.5.0",
        _PEFT_FIX,
        _PEFT_SOURCE,
        raised_in=("auto_gptq",),
        when=(("peft", "<0.3.0"),),
        catches="contracts/stable.toml: sections.gptq.packages.peft",
        requirement="package:peft",
        family="peft-mapping-removed",
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
        family="tied-weights-keys",
    ),
    Signature(
        ("builtins.TypeError", LOG_LINE),
        re.compile(r"_pad\(\) got an unexpected keyword argument 'padding_side'"),
        "transformers >= 4.45 passes padding_side to tokenizer _pad(); ChatGLM remote-code "
        "tokenizers written before that do not accept it",
        "update the model's tokenization_chatglm.py from its hub repo, or pip install 'transformers<4.45'",
        "zai-org/ChatGLM3#1324 (transformers 4.45.0); zai-org/GLM-4#578; modelscope/ms-swift#2151 "
        "(maintainer: transformers <4.45)",
        raised_in=("transformers",),  # the call in PreTrainedTokenizerBase.pad; the callee never runs
        when=(("transformers", ">=4.45.0.dev0"),),
        family="chatglm-padding-side",
    ),
    Signature(
        ("builtins.AttributeError", LOG_LINE),
        re.compile(r"has no attribute '_extract_past_from_model_output'"),
        "transformers 4.49 removed GenerationMixin._extract_past_from_model_output, which "
        "ChatGLM/GLM-4 remote code calls",
        "update the model's modeling_chatglm.py from its hub repo, or pip install 'transformers<4.49'",
        "zai-org/GLM-4#715; transformers generation/utils.py 4.48.3 vs 4.49.0",
        raised_in=("transformers_modules",),  # the hub's remote code, as transformers imports it
        when=(("transformers", ">=4.49.0.dev0"),),
        family="chatglm-extract-past",
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
        family="chatglm-tokenizer-attr",
    ),
    Signature(
        ("builtins.AttributeError", LOG_LINE),
        # transformers' own PreTrainedTokenizerBase.__getattr__ words it "X has no attribute y"
        re.compile(r"\b\w*GLM\w*Tokenizer'? (?:object )?has no attribute '?(?:vocab_size|tokenizer|sp_tokenizer)\b"),
        "transformers >= 4.34 calls tokenizer methods from PreTrainedTokenizer.__init__, before "
        "old ChatGLM/ChatGLM2 tokenizers set self.tokenizer",
        "update tokenization_chatglm.py from the model's hub repo, or pip install 'transformers<4.34'",
        "xusenlinzy/api-for-open-llm#137; zai-org/VisualGLM-6B#285; transformers tokenization_utils_base.py "
        "PreTrainedTokenizerBase.__getattr__",
        raised_in=("transformers", "transformers_modules", "*.tokenization_chatglm"),  # or a vendored copy
        when=(("transformers", ">=4.34.0.dev0"),),
        family="chatglm-tokenizer-attr",
    ),
    Signature(
        ("builtins.AttributeError", LOG_LINE),
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
        family="chatglm-eos-token-tensor",
    ),
    Signature(
        (LOG_LINE,),
        # ChatGLM's quantization.py logs this and carries on; the error that ends the run names no cause
        re.compile(r"Failed to load cpm_kernels:(?!\s*No module named)"),
        "ChatGLM's int4/int8 quantization could not load cpm_kernels' CUDA kernels: cpm_kernels finds the "
        "CUDA libraries itself (a CUDA toolkit under CUDA_PATH or /usr/local/cuda, or DLLs on PATH on "
        "Windows, where a PATH entry that is a file gives WinError 267), not torch's bundled copies; the "
        "error that ends the run comes later and does not name this cause",
        "install the CUDA toolkit (its lib64 or bin directory on the loader path / PATH, CUDA_PATH set), "
        "remove file entries from PATH on Windows, or load the model unquantized",
        "cpm_kernels 1.0.11 library/base.py (lookup_dll, unix_find_lib); zai-org/ChatGLM-6B#1454",
        log_only=True,
        family="cpm-kernels-cuda",
    ),
    Signature(
        ("builtins.RuntimeError", LOG_LINE),
        re.compile(r"Library (?:cudart|cublasLt|cublas|nvrtc|cuda) is not initialized"),
        "ChatGLM's int4/int8 quantization calls cpm_kernels, which could not find a CUDA library it loads "
        "itself (from a CUDA toolkit under CUDA_PATH or /usr/local/cuda, or a DLL on PATH on Windows)",
        "install the CUDA toolkit and put its lib64 (bin on Windows) on the loader path, or load the model "
        "unquantized",
        "cpm_kernels 1.0.11 library/base.py (Lib.__getattr__)",
        raised_in=("cpm_kernels",),
        log_only=True,
        family="cpm-kernels-cuda",
    ),
    Signature(
        ("builtins.OSError",),
        re.compile(r"(?:nvcuda|cudart|cublas\w*|nvrtc)\w*\.(?:dll|so)"),
        "ChatGLM's int4/int8 quantization imports cpm_kernels, which loads the CUDA driver/runtime libraries "
        "itself (nvcuda.dll, cudart, cublasLt, nvrtc from a CUDA toolkit), and one of them is not there",
        "install the NVIDIA driver / CUDA toolkit whose library is named (on the loader path, or PATH on "
        "Windows), or load the model unquantized",
        "cpm_kernels 1.0.11 library/cuda.py, library/base.py",
        frames=re.compile(r"^cpm_kernels\.library"),  # ctypes raises it, for cpm_kernels
        log_only=True,
        family="cpm-kernels-cuda",
    ),
    Signature(
        (LOG_LINE,),
        re.compile(r"Failed to load cpm_kernels:\s*No module named 'cpm_kernels'"),
        "ChatGLM's int4/int8 quantization needs the cpm_kernels package for its CUDA kernels and it is not "
        "installed; quantization.py only logs this and the run fails later with an error that does not name it",
        "pip install cpm_kernels (CUDA quantization), or load the model unquantized",
        "ChatGLM-6B quantization.py (try: from cpm_kernels ... except: logger.warning); zai-org/ChatGLM-6B#1164",
        log_only=True,
        family="cpm-kernels-missing",
    ),    Signature(
        ("builtins.RuntimeError", "torch.AcceleratorError", LOG_LINE),
        re.compile(r"CUDA driver version is insufficient for CUDA runtime version"),
        "the NVIDIA driver is older than the CUDA runtime torch was built with",
        "upgrade the driver, or install a torch build for an older CUDA (see NVIDIA's driver table)",
        "NVIDIA CUDA Toolkit Release Notes, Table 3",
        cuda_torch=True,  # raised by compiled code into whichever frame called it: no frame scope
        catches="requires_cuda / [cuda] (the driver check)",
        requirement="cuda",
        family="cuda-driver-too-old",
    ),
    Signature(
        # torch's own check: an AssertionError before 1.x's C++ check, RuntimeError after, and the
        # "CUDA initialization: ..." UserWarning when torch.cuda.is_available() asks
        ("builtins.RuntimeError", "builtins.AssertionError", "builtins.UserWarning", "torch.AcceleratorError",
         LOG_LINE),
        # pastes cut the parenthesis off
        re.compile(r"The NVIDIA driver on your system is too old(?: \(found version (?P<found>\d+)\))?"),
        "the NVIDIA driver is older than the CUDA runtime torch was built with",
        "upgrade the driver, or install a torch build for a CUDA the driver supports "
        "(pip install torch --index-url https://download.pytorch.org/whl/cuXYZ)",
        "NVIDIA CUDA Toolkit Release Notes, Table 3; cudaDriverGetVersion (1000*major + 10*minor)",
        cuda_torch=True,
        catches="requires_cuda / [cuda] (the driver check)",
        requirement="cuda",
        detail=_driver_found,
        family="cuda-driver-too-old",
    ),
    Signature(
        ("builtins.AssertionError", "builtins.RuntimeError", LOG_LINE),
        re.compile(r"Torch not compiled with CUDA enabled"),
        "this torch is a CPU-only build (a +cpu wheel, or the default PyPI wheel on Windows), so every "
        "CUDA call fails",
        "install a CUDA build of torch: pip install torch --index-url https://download.pytorch.org/whl/cuXYZ "
        "(the CUDA your driver supports; see pytorch.org/get-started)",
        "torch/cuda/__init__.py _lazy_init; pytorch.org/get-started/locally",
        raised_in=("torch",),
        cpu_torch=True,
        catches="requires_cuda / [cuda] (a CUDA build of torch)",
        requirement="cuda",
        family="torch-not-cuda",
    ),
    Signature(
        ("builtins.RuntimeError", "torch.AcceleratorError", LOG_LINE),
        re.compile(r"no kernel image is available for execution on the device"),
        "the kernel that failed is cpm_kernels' (ChatGLM's int4/int8 quantization: cpm-kernels 1.0.11's fatbins, "
        "or the kernel ChatGLM's quantization.py embeds and loads through cpm_kernels), which carries "
        f"{CPM_KERNELS_CARRY}: "
        "a GPU outside those (K80, P100 (6.0), Orin (8.7), H100 (9.0) and newer) has no kernel image in it, "
        "and no torch build changes that",
        "load the model unquantized (FP16/BF16), or quantize on a GPU of compute capability 6.1 to 8.9 (not Orin); "
        "otherwise the kernels must be rebuilt for this GPU's sm (OpenBMB/cpm_kernels#13 rebuilt cpm_kernels for "
        "sm_120)",
        "docs/compatibility.md \"GPU code in real binaries\" (cpm-kernels 1.0.11 fatbins; ChatGLM-6B quantization.py's "
        "embedded fatbin); OpenBMB/BMInf#29; zai-org/ChatGLM-6B#119",
        frames=re.compile(r"^(?:cpm_kernels\.|transformers_modules\.[^:]*\.quantization:|quantization:)"),
        cuda_torch=True,
        kernels="cpm-kernels",
        family="no-kernel-image",
    ),
    Signature(
        ("builtins.RuntimeError", "torch.AcceleratorError", LOG_LINE),
        re.compile(r"no kernel image is available for execution on the device"),
        "the compiled kernels contain no code for this GPU's compute capability (e.g. sm_90 "
        "on a cu117 build, sm_100/sm_120 before cu128)",
        "install a torch (or extension) build that includes this GPU's arch: Hopper needs CUDA "
        ">= 11.8 builds, Blackwell >= 12.8",
        "NVIDIA Hopper/Blackwell compatibility guides; pytorch RELEASE.md support matrix",
        cuda_torch=True,
        catches="requires_cuda(capability=...) / [cuda] capability",
        requirement="cuda",
        family="no-kernel-image",
    ),
    Signature(
        ("builtins.AttributeError",),
        re.compile(r"'list' object has no attribute 'keys'"),
        "transformers 5 reads _tied_weights_keys as a dict (target -> source) in "
        "PreTrainedModel._get_tied_weight_keys; remote code or a model class written for 4.x declares "
        "it as a list of names",
        "pip install 'transformers<5', or declare _tied_weights_keys as a dict in the model class",
        "transformers modeling_utils.py at 4.57.1 and 5.0.0 (_get_tied_weight_keys)",
        raised_in=("transformers",),
        when=(("transformers", ">=5.0.0.dev0"),),
        frames=re.compile(r"^transformers\.modeling_utils:\w*tied_weight"),  # _get_tied_weight_keys and kin
        catches="contracts/stable.toml: packages.transformers",
        requirement="package:transformers",
        family="tied-weights-keys",
    ),
    Signature(
        ("builtins.AttributeError", LOG_LINE),
        re.compile(r"has no attribute 'all_tied_weights_keys'"),
        "transformers 5 sets all_tied_weights_keys in PreTrainedModel.post_init() and reads it while "
        "loading; model code written for 4.x that never calls post_init() lacks it",
        "pip install 'transformers<5', or call self.post_init() at the end of the model's __init__",
        "transformers modeling_utils.py: PreTrainedModel.post_init at 5.24.0 (absent at 4.46.3)",
        raised_in=("transformers",),
        when=(("transformers", ">=5.0.0.dev0"),),
        catches="contracts/stable.toml: packages.transformers",
        requirement="package:transformers",
        family="tied-weights-keys",
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
_DLL_LOAD = re.compile(r"DLL load failed while importing (\w+)")
_GLIBC = re.compile(r"(?:(?P<lib>\S+\.so(?:\.\d+)*): )?(?:version )?[`']?"
                    r"(?P<symbol>\b(?P<kind>GLIBCXX|GLIBC|CXXABI)_[\d.]+)'? "
                    r"not found(?: \(required by (?P<by>[^)]+)\))?")


# --------------------------------------------------------------------------- what is known of a failure


@dataclass(frozen=True)
class Failure:
    """One exception as far as it can be seen: a live one, or a type and message from a log or a subprocess."""

    types: tuple[str, ...]  # qualified names of its class and bases; a bare name where only that is known
    message: str
    raised_in: str | None = None  # module of the raising frame ("" if it has none); None: frames not seen
    loading: bool | None = None  # raised while importing an extension; None: not seen (the type decides)
    frames: tuple[str, ...] | None = None  # "module:function" of its innermost frames; None: not seen

    @classmethod
    def from_name(cls, type_name: str, message: str) -> Failure:
        """A failure known by its type's name only; a builtin's bases are known too."""
        builtin = getattr(builtins, type_name, None)
        if isinstance(builtin, type) and issubclass(builtin, BaseException):
            return cls(_qualified_mro(builtin), message)
        return cls((type_name,), message)

    @classmethod
    def from_exception(cls, exc: BaseException) -> Failure:
        frames, importing = _frames(exc)
        raised_in = next((f.partition(":")[0] for f in reversed(frames) if not f.startswith(_RELAY)), "")
        types = _qualified_mro(type(exc))
        loading = (_is_a(types, "builtins.ImportError") and _extension_path(exc)) or (
            _is_a(types, "builtins.OSError") and importing)
        return cls(types, _safe_str(exc), raised_in, loading, tuple(frames))

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
    """"module:function" of the innermost frames of ``exc``'s traceback, and whether any runs a module's body."""
    frames: collections.deque[str] = collections.deque(maxlen=16)
    importing = False
    tb = getattr(exc, "__traceback__", None)
    while tb is not None:
        frame = tb.tb_frame
        code = frame.f_code
        frames.append(f"{_frame_module(frame.f_globals, code.co_filename)}:{code.co_name}")
        importing = importing or code.co_name == "<module>"
        tb = tb.tb_next
    return list(frames), importing


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
    driver_cuda: tuple[str, str] | None = None  # a log: (newest CUDA the driver supports, the text that says so)
    driver: str | None = None  # a log: the driver version an nvidia-smi banner shows

    @classmethod
    def installed(cls, packages: Mapping[str, str], torch_cuda: str | None) -> Versions:
        return cls({canonicalize_name(k): (v,) for k, v in packages.items()}, True, torch_cuda)

    @classmethod
    def mentioned_in(cls, text: str) -> Versions:
        """Versions a log names ("transformers==5.0.0", "peft 0.19.0", "torch-2.5.1+cu121.dist-info").

        Also the driver's CUDA, from an nvidia-smi banner or torch's "found version 11060".
        What pip removed ("Successfully uninstalled ...") is not what ran.
        """
        text = _UNINSTALLED.sub("", text)
        found: dict[str, tuple[str, ...]] = {}
        for name in LOG_DISTRIBUTIONS:
            spelled = "[-_.]".join(re.escape(part) for part in re.split(r"[-_.]", name))
            pattern = re.compile(
                rf"(?<![\w.-])`?{spelled}`?(?:\s+version)?(?:\s*==\s*|\s*:\s*|\s+|-)v?{_VERSION}(?![\w+])",
                re.IGNORECASE,
            )
            versions = [m.group(1) for m in pattern.finditer(text)]
            if name == "torch":  # transformers' bug-report template: "- PyTorch version (GPU?): 2.1.0+cu121 (True)"
                versions += [m.group(1) for m in _PYTORCH_VERSION.finditer(text)]
            if versions:
                found[canonicalize_name(name)] = tuple(dict.fromkeys(versions))
        driver: tuple[str, str] | None = None
        smi = _SMI_CUDA.search(text)
        too_old = _FOUND_VERSION.search(text)
        if too_old:
            number = int(too_old.group(1))
            driver = (decode_driver_version(number), f"found version {number}")
        elif smi:
            driver = (smi.group(2), f"driver {smi.group(1)}")
        banner = _SMI_DRIVER.search(text)  # old drivers (390.77) print no CUDA column
        return cls(found, False, driver_cuda=driver, driver=banner.group(1) if banner else None)

    def fits(self, known: Signature) -> bool:
        if known.unseen and (self.complete or any(canonicalize_name(n) in self.found for n in known.unseen)):
            return False  # an environment always knows its versions: for logs that name none
        for name, spec in known.when:
            versions = self.found.get(canonicalize_name(name))
            if versions is None:
                if self.complete:
                    return False
                continue  # a log that does not mention it: not checked
            if not any(_contains(spec, v) for v in versions):
                return False
        if known.cuda_torch or known.cpu_torch:
            if self.complete:
                if known.cuda_torch:
                    return self.torch_cuda is not None
                return "torch" in self.found and not self.torch_cuda
            # a log: a "+cpu" on every torch it names rules out the CUDA errors, a "+cu..." on every one
            # rules out a CPU-only build
            mentioned = [v.partition("+")[2].lower() for v in self.found.get("torch", ())]
            if known.cuda_torch:
                return not mentioned or any(local != "cpu" for local in mentioned)
            return not mentioned or any(not local.startswith("cu") for local in mentioned)
        return True

    def excludes(self, known: Signature) -> str | None:
        """Why installed versions rule a signature out ("installed peft 0.13.2 is outside ..."); None: they don't."""
        if self.fits(known):
            return None
        for name, spec in known.when:
            versions = self.found.get(canonicalize_name(name))
            if versions is None:
                return f"{name} is not installed here (the failure happens with {name}{spec})"
            if not any(_contains(spec, v) for v in versions):
                return f"installed {name} {versions[0]} is outside {name}{spec}, where the failure happens"
        if known.unseen:
            return None  # for logs only; the family's version-scoped signatures speak for an environment
        torch = self.found.get("torch")
        if known.cuda_torch:
            return f"installed torch {torch[0]} is a CPU-only build" if torch else "torch is not installed here"
        if known.cpu_torch:
            return f"installed torch {torch[0]} is a CUDA build" if torch else "torch is not installed here"
        return None

    def seen(self) -> str:
        """The versions a log shows, for its explanations: "transformers 4.34.1, driver CUDA 11.6 (found ...)"."""
        parts = [f"{name} {', '.join(self.found[name])}" for name in sorted(self.found)]
        if self.driver_cuda:
            parts.append(f"driver CUDA {self.driver_cuda[0]} ({self.driver_cuda[1]})")
        elif self.driver:
            parts.append(f"driver {self.driver}")
        return ", ".join(parts)


# Distributions whose versions a log is read for: those a signature is scoped by, and the stack's own.
LOG_DISTRIBUTIONS = tuple(sorted({name for known in KNOWN for name, _ in known.when}
                                 | {"torch", "transformers", "peft", "auto-gptq", "cpm-kernels"}))
_VERSION = r"(\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?(?:\+[A-Za-z]+\d*(?:\.\d+)*)?)"
_PYTORCH_VERSION = re.compile(rf"PyTorch version[^:\n]*:\s*{_VERSION}(?![\w+])", re.IGNORECASE)
_UNINSTALLED = re.compile(r"(?:Successfully uninstalled|Found existing installation:|Uninstalling) [^\n]*")
_SMI_CUDA = re.compile(r"Driver Version:\s*([\d.]+)\s+CUDA Version:\s*(\d+\.\d+)")
_SMI_DRIVER = re.compile(r"Driver Version:\s*(\d+\.\d+(?:\.\d+)?)")
_FOUND_VERSION = re.compile(r"driver on your system is too old \(found version (\d{4,6})\)")


def _contains(spec: str, version: str) -> bool:
    try:
        return SpecifierSet(spec).contains(Version(version), prereleases=True)
    except (InvalidSpecifier, InvalidVersion):
        return False


# --------------------------------------------------------------------------- matching


def explain(failure: Failure, versions: Versions | None = None, *, torch_cuda: str | None = None,
            torch_version: str | None = None, installed: bool = True) -> Hint | None:
    """The first signature whose whole scope holds; ``versions`` None: the version scope is not checked.

    ``installed``: the torch given is this environment's (False: the one a log shows, or none known).
    """
    for known in KNOWN:
        if not any(failure.is_a(t) for t in known.types):
            continue
        if known.raised_in and failure.raised_in is not None and not _within(failure.raised_in, known.raised_in):
            continue
        if known.frames is not None and not any(known.frames.search(f) for f in failure.frames or ()):
            continue
        if versions is not None and not versions.fits(known):
            continue
        match = known.pattern.search(failure.message)
        if match:
            cause, fix = known.detail(known.cause, known.fix, match, failure) if known.detail else (known.cause,
                                                                                                   known.fix)
            return Hint(cause, fix, known.source, known.catches, requirement=known.requirement,
                        family=known.family, kernels=known.kernels)
    if failure.is_load_error or failure.types == (LOG_LINE,):  # the loader's words are its own on any line
        return explain_load_error(failure.message, torch_cuda=torch_cuda, torch_version=torch_version,
                                  installed=installed)
    return None


def ruled_out(failure: Failure, versions: Versions) -> tuple[Hint, str] | None:
    """A failure a signature recognises but the installed versions exclude: its hint and what excludes it."""
    hint = explain(failure)
    if hint is None or not versions.complete:
        return None
    for known in KNOWN:
        if known.family != hint.family or not known.pattern.search(failure.message):
            continue
        reason = versions.excludes(known)
        if reason:
            return hint, reason
    return None


def _within(module: str, roots: tuple[str, ...]) -> bool:
    """``module`` belongs to a root package, or (for "*.name") is a module of that name in any package."""
    return module.partition(".")[0] in roots or f"*.{module.rpartition('.')[2]}" in roots


def explain_exception(exc: BaseException, versions: Versions | None = None, *, torch_cuda: str | None = None,
                      torch_version: str | None = None) -> tuple[BaseException, Failure, Hint] | None:
    """The first link of the chain that a signature explains: the known failure is often the inner one."""
    for link in exception_chain(exc):
        failure = Failure.from_exception(link)
        hint = explain(failure, versions, torch_cuda=torch_cuda, torch_version=torch_version)
        if hint is not None:
            return link, failure, hint
    return None


# --------------------------------------------------------------------------- loader errors


def _library_named(path: str) -> str:
    """"…/site-packages/torch/lib/libtorch_python.so" -> "torch's libtorch_python.so"."""
    parts = path.replace("\\", "/").split("/")
    for anchor in ("site-packages", "dist-packages"):
        if anchor in parts and parts.index(anchor) + 2 < len(parts):
            return f"{parts[parts.index(anchor) + 1]}'s {parts[-1]}"
    return parts[-1]


def explain_load_error(message: str, *, torch_cuda: str | None = None, torch_version: str | None = None,
                       installed: bool = True) -> Hint | None:
    """Translate a dynamic loader failure of a compiled extension; ``Hint.category`` says which kind.

    Only for load errors (callers check): the same text inside, say, an
    AssertionError says nothing about the loader. ``installed``: the torch given
    is this environment's; False: the one a log shows (a log that shows none says nothing of torch).
    """
    if torch_version:
        torch_text: str | None = f"torch {torch_version} ({'CUDA ' + torch_cuda if torch_cuda else 'CPU-only build'})"
    else:
        torch_text = "no torch" if installed else None
    where = "installed" if installed else "the log shows"
    dll = _DLL_LOAD.search(message)
    if dll:
        return Hint(
            f"Windows could not load the compiled extension {dll.group(1)} or a DLL it links: it was built for "
            "another torch or CUDA than the one installed (or needs a CUDA runtime DLL that is not on PATH)"
            + (f"; {where}: {torch_text}" if torch_text else ""),
            "install the extension's wheel built for the installed torch and CUDA (or the torch it was built "
            "for), or rebuild it from source against the installed torch",
            "the Windows loader's error (LoadLibraryEx); the extension's imported DLLs",
            category="DLL load failed", family="extension-dll-load")
    glibc = _GLIBC.search(message)
    if glibc:
        needs = _library_named(glibc["by"]) if glibc["by"] else "the extension (or a library it links)"
        provider = f" ({glibc['lib']})" if glibc["lib"] else ""
        return Hint(
            f"{needs} was built against a newer {glibc['kind']} than the library loaded for it{provider} "
            f"provides: {glibc['symbol']} not found",
            "use a wheel built for this system's glibc/libstdc++ (manylinux), or put a newer libstdc++ first "
            "on the loader path (conda install -c conda-forge libstdcxx-ng; LD_LIBRARY_PATH=$CONDA_PREFIX/lib)",
            "the dynamic loader's error; the extension's version needs (readelf -V)",
            category="C/C++ runtime too old", family="glibcxx-not-found")
    cuda_lib = _LIBCUDART.search(message)
    if cuda_lib and "cannot open shared object" in message:
        major = cuda_lib.group(2)
        torch_major = torch_cuda.split(".")[0] if torch_cuda else None
        built = f"the extension was built for CUDA {major} (it links {cuda_lib.group(0)})" + (
            f"; {where}: {torch_text}" if torch_text else "")
        source = "the dynamic loader's error; the extension's DT_NEEDED entries"
        if torch_major is not None and torch_major != major:
            return Hint(built,
                        f"install the extension built for CUDA {torch_major} (the package's cu{torch_major}x wheel) "
                        f"or a torch built for CUDA {major}, so that both use one CUDA major",
                        source, category="wrong CUDA major", family="extension-cuda-lib")
        if torch_major == major:
            return Hint(f"{built}, yet {cuda_lib.group(0)} is not on the loader path (torch's copy comes from the "
                        f"nvidia-cuda-runtime-cu{major} wheel or a system CUDA)",
                        f"pip install nvidia-cuda-runtime-cu{major} (or the CUDA {major} toolkit), or add the "
                        "directory that holds it to LD_LIBRARY_PATH", source, category="missing CUDA library",
                        family="extension-cuda-lib")
        from ..model.cuda_table import torch_index_for_major

        index = torch_index_for_major(major)
        install = (f"pip install torch --index-url https://download.pytorch.org/whl/{index}" if index
                   else f"install a torch build for CUDA {major}")
        return Hint(built, f"{install} (a CUDA {major} build of torch), or rebuild the extension against the "
                    "installed torch", source, category="missing CUDA library", family="extension-cuda-lib")
    missing = _MISSING_SO.search(message)
    if missing:
        return Hint(
            f"a shared library the extension links, {missing.group(1)}, is not on the loader path",
            "install the package that provides it or add its directory to LD_LIBRARY_PATH",
            "the dynamic loader's error",
            category="missing shared library",
            family="extension-missing-lib",
        )
    undefined = _UNDEFINED.search(message)
    if undefined:
        than = f"than {torch_text}" if torch_text else "than the torch that imports it"
        return Hint(
            f"ABI mismatch: the extension was compiled against a different torch {than} "
            f"(missing symbol {undefined.group(1)[:80]})",
            "reinstall the extension built for the installed torch (pip install --no-cache-dir "
            "--force-reinstall --no-binary :all: <package>) or install the torch it was built for",
            "the dynamic loader's error",
            category="undefined symbol",
            family="extension-abi",
        )
    return None


class KnownFailures:
    """The known failures as the checks ask them (:class:`~..model.hints.FailureExplainer`).

    The engine builds one and passes it down, so the checks below this layer explain an
    import or load error without importing it.
    """

    def import_error(self, type_name: str, message: str, packages: Mapping[str, str] | None,
                     torch_cuda: str | None) -> Hint | None:
        versions = Versions.installed(packages, torch_cuda) if packages is not None else None
        return explain(Failure.from_name(type_name, message), versions)

    def load_error(self, type_name: str, message: str, *, torch_cuda: str | None,
                   torch_version: str | None) -> Hint | None:
        if not Failure.from_name(type_name, message).is_load_error:  # the loader's text, in a load error
            return None
        return explain_load_error(message, torch_cuda=torch_cuda, torch_version=torch_version)
