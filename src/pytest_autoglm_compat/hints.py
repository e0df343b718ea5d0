"""Known failure messages of the GLM / AutoGPTQ / CUDA stack -> cause and fix, with sources.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version


@dataclass(frozen=True)
class Hint:
    cause: str
    fix: str
    source: str
    catches: str | None = None  # the contract requirement that would have caught it
    category: str | None = None  # for loader errors: which kind of load failure
    requirement: str | None = None  # identity of the requirement that catches it


@dataclass(frozen=True)
class _Known:
    types: tuple[str, ...]
    pattern: re.Pattern[str]
    cause: str
    fix: str
    source: str
    catches: str | None = None  # where a bundled contract declares the requirement that catches it
    requirement: str | None = None  # that requirement's identity (see requirements.identity)
    when: tuple[tuple[str, str], ...] = ()  # (distribution, specifier): the signature applies only then


KNOWN: tuple[_Known, ...] = (
    _Known(
        ("ImportError",),
        re.compile(r"cannot import name 'no_init_weights' from 'transformers\.modeling_utils'"),
        "transformers >= 5.0 moved no_init_weights to transformers/initialization.py; every "
        "auto-gptq release imports it from transformers.modeling_utils",
        "pip install 'transformers<5' (or move to gptqmodel + optimum for transformers 5)",
        "transformers 5.0.0 initialization.py; auto_gptq/modeling/_base.py (all tags 0.4.2-0.7.1)",
        "contracts/stable.toml: packages.transformers",
        "package:transformers",
        (("transformers", ">=5.0.0.dev0"),),
    ),
    _Known(
        ("ImportError",),
        re.compile(r"cannot import name 'PEFT_TYPE_TO_MODEL_MAPPING' from 'peft\.peft_model'"),
        "peft 0.19.0 removed PEFT_TYPE_TO_MODEL_MAPPING from peft.peft_model (deprecated shim "
        "until 0.18.1); auto-gptq 0.7.1 imports it in auto_gptq/utils/peft_utils.py",
        "pip install 'peft<0.19'",
        "peft wheels 0.18.1 vs 0.19.0 (peft_model.py); huggingface/peft#2282",
        "contracts/stable.toml: sections.gptq.packages.peft",
        "package:peft",
    ),
    _Known(
        ("AttributeError",),
        re.compile(r"_tied_weights_keys"),
        "PreTrainedModel._tied_weights_keys changed: None/list of names in transformers 4.x "
        "(from 4.31), a dict target->source in 5.x; code written for one breaks on the other",
        "pin transformers to the major your code expects, or handle both list and dict",
        "transformers modeling_utils.py at 4.31.0, 4.57.1 and 5.0.0",
        "contracts/stable.toml: api[transformers:GlmForCausalLM._tied_weights_keys]",
        "api:transformers:GlmForCausalLM._tied_weights_keys",
    ),
    _Known(
        ("TypeError",),
        re.compile(r"_pad\(\) got an unexpected keyword argument 'padding_side'"),
        "transformers >= 4.45 passes padding_side to tokenizer _pad(); ChatGLM remote-code "
        "tokenizers written before that do not accept it",
        "update the model's tokenization_chatglm.py from its hub repo, or pip install 'transformers<4.45'",
        "zai-org/ChatGLM3#1324 (transformers 4.45.0); zai-org/GLM-4#578; modelscope/ms-swift#2151 "
        "(maintainer: transformers <4.45)",
        when=(("transformers", ">=4.45.0.dev0"),),
    ),
    _Known(
        ("AttributeError",),
        re.compile(r"has no attribute '_extract_past_from_model_output'"),
        "transformers 4.49 removed GenerationMixin._extract_past_from_model_output, which "
        "ChatGLM/GLM-4 remote code calls",
        "update the model's modeling_chatglm.py from its hub repo, or pip install 'transformers<4.49'",
        "zai-org/GLM-4#715; transformers generation/utils.py 4.48.3 vs 4.49.0",
    ),
    _Known(
        ("AttributeError",),
        re.compile(r"object has no attribute '(tokenizer|sp_tokenizer)'"),
        "transformers >= 4.34 calls tokenizer methods from PreTrainedTokenizer.__init__, before "
        "old ChatGLM/ChatGLM2 tokenizers set self.tokenizer",
        "update tokenization_chatglm.py from the model's hub repo, or pip install 'transformers<4.34'",
        "xusenlinzy/api-for-open-llm#137; zai-org/VisualGLM-6B#285",
    ),
    _Known(
        ("AttributeError",),
        re.compile(r"_eos_token_tensor"),
        "transformers 4.43 keeps special-token tensors on GenerationConfig (_eos_token_tensor, set by "
        "GenerationMixin._prepare_special_tokens); ChatGLM/GLM-4 remote code that runs its own generate "
        "loop never sets them",
        "pip install 'transformers<4.43' (the maintainers' advice: 4.42), or update the model's remote "
        "code from its hub repo",
        "huggingface/transformers#32207 (maintainer reply, transformers 4.43); zai-org/ChatGLM3#1299 "
        "(transformers 4.43.2)",
        when=(("transformers", ">=4.43.0.dev0"),),
    ),
    _Known(
        ("RuntimeError",),
        re.compile(r"CUDA driver version is insufficient for CUDA runtime version"),
        "the NVIDIA driver is older than the CUDA runtime torch was built with",
        "upgrade the driver, or install a torch build for an older CUDA (see NVIDIA's driver table)",
        "NVIDIA CUDA Toolkit Release Notes, Table 3",
        "requires_cuda / [cuda] (the driver check)",
        "cuda",
    ),
    _Known(
        ("RuntimeError",),
        re.compile(r"no kernel image is available for execution on the device"),
        "the compiled kernels contain no code for this GPU's compute capability (e.g. sm_90 "
        "on a cu117 build, sm_100/sm_120 before cu128)",
        "install a torch (or extension) build that includes this GPU's arch: Hopper needs CUDA "
        ">= 11.8 builds, Blackwell >= 12.8",
        "NVIDIA Hopper/Blackwell compatibility guides; pytorch RELEASE.md support matrix",
        "requires_cuda(capability=...) / [cuda] capability",
        "cuda",
    ),
)

_LIBCUDART = re.compile(r"(libcudart|libcublas\w*|libcusparse|libnvrtc|libcudnn\w*)\.so\.(\d+)")
_MISSING_SO = re.compile(r"([\w.+-]+\.so(?:\.[\d.]+)?): cannot open shared object file")
_UNDEFINED = re.compile(r"undefined symbol: (\S+)")


def explain(exc_type: str, message: str, *, torch_cuda: str | None = None,
            torch_version: str | None = None, installed: Mapping[str, str] | None = None) -> Hint | None:
    """The first known signature that matches; version conditions are checked when ``installed`` is given."""
    for known in KNOWN:
        if exc_type in known.types and known.pattern.search(message) and _applies(known, installed):
            return Hint(known.cause, known.fix, known.source, known.catches, requirement=known.requirement)
    return explain_load_error(message, torch_cuda=torch_cuda, torch_version=torch_version)


def _applies(known: _Known, installed: Mapping[str, str] | None) -> bool:
    if installed is None:
        return True
    for name, spec in known.when:
        version = installed.get(name)
        if version is None:
            return False
        try:
            if not SpecifierSet(spec).contains(Version(version), prereleases=True):
                return False
        except InvalidVersion:
            return False
    return True


def exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, then its causes and contexts: the known failure is often the inner one."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def explain_exception(exc: BaseException, *, installed: Mapping[str, str] | None = None,
                      torch_cuda: str | None = None, torch_version: str | None = None
                      ) -> tuple[BaseException, Hint] | None:
    for link in exception_chain(exc):
        hint = explain(type(link).__name__, str(link), installed=installed, torch_cuda=torch_cuda,
                       torch_version=torch_version)
        if hint is not None:
            return link, hint
    return None


def explain_load_error(message: str, *, torch_cuda: str | None = None,
                       torch_version: str | None = None) -> Hint | None:
    """Translate a dynamic loader failure of a compiled extension; ``Hint.category`` says which kind."""
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
