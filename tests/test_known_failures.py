"""Known-failure hints: each signature matches its real failure and none of its near misses; nothing raises.

The failures are raised for real: modules are made from source under the names
of the packages involved (their frames carry those names, as the real
packages' do), imports fail in Python's own words, and loader errors come from
real shared objects built with the system C compiler.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import re
import subprocess
import sys
import textwrap
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.version import Version

from pytest_autoglm_compat.engine import Engine
from pytest_autoglm_compat.knowledge import known_failures
from pytest_autoglm_compat.knowledge.failure import LOG_LINE, Failure
from pytest_autoglm_compat.knowledge.known_failures import Versions
from pytest_autoglm_compat.knowledge.loader_errors import explain_load_error
from pytest_autoglm_compat.knowledge.logs import read
from pytest_autoglm_compat.knowledge.signatures import bundled_known_failures
from pytest_autoglm_compat.model.settings import Settings
from pytest_autoglm_compat.render.failures import explain_test_failure
from test_api_and_extensions import build_cudart_stub, cuda_extension, needs_gcc

KNOWN = bundled_known_failures()
DATA = Path(__file__).parent / "data"


class Stack:
    """Modules made from source under their real names, each in a file, for one test: real frames and imports."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.monkeypatch = monkeypatch

    def module(self, name: str, source: str = "") -> types.ModuleType:
        parts = name.split(".")
        for i in range(1, len(parts)):
            parent = ".".join(parts[:i])
            if parent not in sys.modules or not getattr(sys.modules[parent], "_stack", False):
                package = types.ModuleType(parent)
                package.__path__ = [str(self.root.joinpath(*parts[:i]))]
                package._stack = True  # type: ignore[attr-defined]
                self.monkeypatch.setitem(sys.modules, parent, package)
        path = self.root.joinpath(*parts).with_suffix(".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
        module = types.ModuleType(name)
        module.__file__ = str(path)
        self.monkeypatch.setitem(sys.modules, name, module)
        exec(compile(path.read_text(), str(path), "exec"), module.__dict__)
        return module

    def failing(self, name: str, source: str) -> BaseException:
        """The exception a module's body raises on import."""
        return raised(lambda: self.module(name, source))


def raised(call: Callable[[], object]) -> BaseException:
    try:
        call()
    except BaseException as exc:  # the test wants whatever it raised
        return exc
    raise AssertionError("nothing raised")


@pytest.fixture
def stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Stack:
    return Stack(tmp_path / "site", monkeypatch)


def engine(tmp_path: Path, packages: dict[str, str], torch_cuda: str | None = None,
           contract: str | None = None) -> Engine:
    """An engine whose snapshot says exactly these packages are installed (a torch entry makes a torch build)."""
    data = json.loads((DATA / "snapshot-current.json").read_text())
    data["packages"] = dict(packages)
    torch = packages.get("torch")
    data["torch"] = None if torch is None else {
        "version": torch, "cuda": torch_cuda, "hip": None, "git_version": None, "path": "/venv/torch/__init__.py"}
    path = tmp_path / f"snapshot-{len(list(tmp_path.glob('snapshot-*')))}.json"
    path.write_text(json.dumps(data))
    return Engine(Settings(snapshot=str(path), contract=contract))


# --------------------------------------------------------------------------- every signature, scoped


@dataclass(frozen=True)
class Scenario:
    """The real failure, and the near misses: right text with the wrong type, the wrong module, other versions."""

    pattern: str  # the signature's pattern, to pair each scenario with its signature
    real: Callable[[Stack], BaseException]
    wrong_type: Callable[[Stack], BaseException]
    wrong_module: Callable[[Stack], BaseException] | None  # None: the signature has no frame scope
    inside: dict[str, str]
    outside: tuple[dict[str, str], ...]
    torch_cuda: str | None = None
    cause: str = ""  # the start of the cause it gives


ENGINE_EXECUTE = "'Engine' object has no attribute 'execute'"
NUMPY_GENERIC_DTYPE = "Cannot interpret '<attribute 'dtype' of 'numpy.generic' objects>' as a data type"
UPSAMPLE = "'Upsample' object has no attribute 'recompute_scale_factor'"
STR_DECODE = "'str' object has no attribute 'decode'"
SKLEARN_TAGS = "'super' object has no attribute '__sklearn_tags__'"
SKLEARN_TAGS_CLASS = "'CatBoostRegressor' object has no attribute '__sklearn_tags__'"
MPL_STYLE = ("'seaborn-whitegrid' is not a valid package style, path of style file, URL of style file, or library style "
             "name (library styles are listed in `style.available`)")
DTYPE_KEYWORD = "DeepseekV3ForCausalLM.__init__() got an unexpected keyword argument 'dtype'"
NUMPY_FMOD = ("The current Numpy installation ('C:\\\\Python39\\\\lib\\\\site-packages\\\\numpy\\\\__init__.py') fails to pass a sanity "
              "check due to a bug in the windows runtime. See this issue for more information: https://tinyurl.com/y3dm3h86")


def _engine_execute(s: Stack) -> BaseException:
    s.module("sqlalchemy.engine.base", "class Engine:\n    def connect(self): pass\n")  # 2.0: no execute
    return s.failing("my_app", "from sqlalchemy.engine.base import Engine\nEngine().execute('select 1')\n")


NO_INIT = "cannot import name 'no_init_weights' from 'transformers.modeling_utils'"
PEFT = "cannot import name 'PEFT_TYPE_TO_MODEL_MAPPING' from 'peft.peft_model'"


def _no_init_weights(s: Stack) -> BaseException:
    s.module("transformers.modeling_utils", "class PreTrainedModel: pass\n")
    return s.failing("auto_gptq.modeling._base", "from transformers.modeling_utils import no_init_weights\n")


def _no_init_weights_in_user_code(s: Stack) -> BaseException:
    s.module("transformers.modeling_utils", "class PreTrainedModel: pass\n")
    return s.failing("my_quantize", "from transformers.modeling_utils import no_init_weights\n")


def _peft(s: Stack) -> BaseException:
    s.module("peft.peft_model", "class PeftModel: pass\n")
    return s.failing("auto_gptq.utils.peft_utils", "from peft.peft_model import PEFT_TYPE_TO_MODEL_MAPPING\n")


def _peft_in_user_code(s: Stack) -> BaseException:
    s.module("peft.peft_model", "class PeftModel: pass\n")
    return s.failing("my_adapters", "from peft.peft_model import PEFT_TYPE_TO_MODEL_MAPPING\n")


PYOPENSSL = "module 'lib' has no attribute 'X509_V_FLAG_CB_ISSUER_CHECK'"
DRIVER_803 = ("Unexpected error from cudaGetDeviceCount(). Did you run some cuda functions before calling NumCudaDevices() "
              "that might have already set an error? Error 803: system has unsupported display driver / cuda driver "
              "combination")


def _pyopenssl(s: Stack) -> BaseException:
    s.module("lib", "X509_V_FLAG_CRL_CHECK = 4\n")  # cryptography's compiled bindings: a module named lib
    return s.failing("OpenSSL.crypto", "import lib as _lib\nCB_ISSUER_CHECK = _lib.X509_V_FLAG_CB_ISSUER_CHECK\n")


HUB_TOKEN = "hf_hub_download() got an unexpected keyword argument 'use_auth_token'"


def _hub_token(s: Stack) -> BaseException:
    s.module("huggingface_hub.file_download", "def hf_hub_download(repo_id, filename, *, token=None):\n    return None\n")
    return s.failing("speechbrain.utils.fetching", "from huggingface_hub.file_download import hf_hub_download\n"
                                                   "hf_hub_download('repo', 'file', use_auth_token=True)\n")


def _text_raised_in(module: str, exc_type: str, message: str) -> Callable[[Stack], BaseException]:
    return lambda s: s.failing(module, f"raise {exc_type}({message!r})\n")


def _tied(s: Stack) -> BaseException:
    mu = s.module("transformers.modeling_utils", "def tie_weights(model):\n    return model._tied_weights_keys\n")
    net = s.module("my_net", "class Net:\n    pass\n")
    return raised(lambda: mu.tie_weights(net.Net()))


def _tied_in_user_code(s: Stack) -> BaseException:
    net = s.module("my_net", "class Net:\n    pass\n\ndef keys(n):\n    return n._tied_weights_keys\n")
    return raised(lambda: net.keys(net.Net()))


def _padding_side(s: Stack) -> BaseException:
    base = s.module("transformers.tokenization_utils_base", """
        class PreTrainedTokenizerBase:
            def pad(self, encoded):
                return self._pad(encoded, max_length=8, padding_side="left")
    """)
    remote = s.module("transformers_modules.chatglm3_6b.tokenization_chatglm", """
        from transformers.tokenization_utils_base import PreTrainedTokenizerBase

        class ChatGLMTokenizer(PreTrainedTokenizerBase):
            def _pad(self, encoded_inputs, max_length=None):
                return encoded_inputs
    """)
    assert base
    return raised(lambda: remote.ChatGLMTokenizer().pad({"input_ids": [1]}))


def _padding_side_in_user_code(s: Stack) -> BaseException:
    mine = s.module("my_tokenizer", """
        class Tok:
            def _pad(self, encoded_inputs, max_length=None):
                return encoded_inputs

        def pad(tok, x):
            return tok._pad(x, padding_side="left")
    """)
    return raised(lambda: mine.pad(mine.Tok(), {}))


REMOTE_GENERATE = """
    class ChatGLMForConditionalGeneration:
        def _update_model_kwargs_for_generation(self, outputs):
            return self._extract_past_from_model_output(outputs)
"""


def _extract_past(s: Stack) -> BaseException:
    remote = s.module("transformers_modules.chatglm3_6b.modeling_chatglm", REMOTE_GENERATE)
    return raised(lambda: remote.ChatGLMForConditionalGeneration()._update_model_kwargs_for_generation(None))


def _extract_past_in_user_code(s: Stack) -> BaseException:
    mine = s.module("my_generation", REMOTE_GENERATE)
    return raised(lambda: mine.ChatGLMForConditionalGeneration()._update_model_kwargs_for_generation(None))


GENERATION_4_44 = """
    class GenerationMixin:
        def _extract_past_from_model_output(self, outputs):
            return outputs
"""
REMOTE_GENERATE_4_43 = """
    from transformers.generation.utils import GenerationMixin

    class ChatGLMForConditionalGeneration(GenerationMixin):
        def _update_model_kwargs_for_generation(self, outputs):
            return self._extract_past_from_model_output(outputs, standardize_cache_format=False)
"""


# transformers 4.52.0's PreTrainedModel.initialize_weights, without torch: its smart_apply over the children
INITIALIZE_4_52 = """
    class PreTrainedModel:
        def children(self):
            return [v for v in vars(self).values() if hasattr(v, "_init_weights")]

        def _initialize_weights(self, module):
            self._init_weights(module)

        def initialize_weights(self):
            for module in self.children():
                if hasattr(module, "_init_weights"):
                    module._initialize_weights(module)
"""
REMOTE_RESAMPLER = """
    from transformers.modeling_utils import PreTrainedModel

    class Resampler:  # torch.nn.Module in MiniCPM-V's resampler.py
        def _init_weights(self, module):
            pass

    class MiniCPMV(PreTrainedModel):
        def __init__(self):
            self.resampler = Resampler()

        def _init_weights(self, module):
            pass
"""


def _initialize_weights(s: Stack) -> BaseException:
    s.module("transformers.modeling_utils", INITIALIZE_4_52)
    remote = s.module("transformers_modules.MiniCPM_V_4_5.modeling_minicpmv", REMOTE_RESAMPLER)
    return raised(lambda: remote.MiniCPMV().initialize_weights())


def _initialize_weights_in_user_code(s: Stack) -> BaseException:
    mine = s.module("my_model", "class Resampler:\n    pass\n\ndef init(m):\n    return m._initialize_weights\n")
    return raised(lambda: mine.init(mine.Resampler()))


def _extract_past_keyword(s: Stack) -> BaseException:
    s.module("transformers.generation.utils", GENERATION_4_44)
    remote = s.module("transformers_modules.chatglm3_6b.modeling_chatglm", REMOTE_GENERATE_4_43)
    return raised(lambda: remote.ChatGLMForConditionalGeneration()._update_model_kwargs_for_generation(None))


def _extract_past_keyword_in_user_code(s: Stack) -> BaseException:
    s.module("transformers.generation.utils", GENERATION_4_44)
    mine = s.module("my_generation", REMOTE_GENERATE_4_43)
    return raised(lambda: mine.ChatGLMForConditionalGeneration()._update_model_kwargs_for_generation(None))


REMOTE_TOKENIZER = """
    from transformers.tokenization_utils import PreTrainedTokenizer

    class ChatGLMTokenizer(PreTrainedTokenizer):
        def __init__(self):
            super().__init__()
            self.tokenizer = object()

        def get_vocab(self):
            return self.tokenizer.vocab
"""


def _tokenizer_before_init(s: Stack) -> BaseException:
    s.module("transformers.tokenization_utils", """
        class PreTrainedTokenizer:
            def __init__(self):
                self._added = self.get_vocab()
    """)
    remote = s.module("transformers_modules.chatglm2_6b.tokenization_chatglm", REMOTE_TOKENIZER)
    return raised(remote.ChatGLMTokenizer)


def _tokenizer_in_user_code(s: Stack) -> BaseException:
    mine = s.module("my_pipeline", """
        class MyTokenizer:  # a tokenizer class of the user's own (the signature asks for a Tokenizer's object)
            def __call__(self, text):
                return self.tokenizer(text)
    """)
    return raised(lambda: mine.MyTokenizer()("hi"))


def _eos_token_tensor(s: Stack) -> BaseException:
    s.module("transformers.generation.configuration_utils", "class GenerationConfig:\n    pass\n")
    s.module("transformers.generation.utils", """
        def has_unfinished_sequences(generation_config):
            return generation_config._eos_token_tensor is not None
    """)
    remote = s.module("transformers_modules.glm_4_9b_chat.modeling_chatglm", """
        from transformers.generation.configuration_utils import GenerationConfig
        from transformers.generation.utils import has_unfinished_sequences

        def stream_generate():
            return has_unfinished_sequences(GenerationConfig())
    """)
    return raised(remote.stream_generate)


def _eos_token_tensor_in_user_code(s: Stack) -> BaseException:
    s.module("transformers.generation.configuration_utils", "class GenerationConfig:\n    pass\n")
    mine = s.module("my_generate", """
        from transformers.generation.configuration_utils import GenerationConfig

        def eos():
            return GenerationConfig()._eos_token_tensor
    """)
    return raised(mine.eos)


#: torch 2.4.0's import on Windows, as pytorch#131662 printed it
FBGEMM = ('[WinError 126] The specified module could not be found. Error loading "C:\\Users\\me\\venv\\Lib\\site-packages'
          '\\torch\\lib\\fbgemm.dll" or one of its dependencies.')
#: pydantic 2's words for DeepSpeed 0.15's ZeRO config, as LlamaFactory#5252 printed them
PREFETCH = ("1 validation error for DeepSpeedZeroConfig\nstage3_prefetch_bucket_size\n  Input should be a valid integer, "
            "got a number with a fractional part [type=int_from_float, input_value=15099494.4, input_type=float]")


def _validation_error(s: Stack) -> None:
    """pydantic-core's compiled ValidationError (a ValueError), made once per test: one class for every raise."""
    if "ValidationError" not in vars(sys.modules.get("pydantic_core._pydantic_core", types.ModuleType("none"))):
        s.module("pydantic_core._pydantic_core", "class ValidationError(ValueError):\n    pass\n")


def _prefetch_bucket(s: Stack) -> BaseException:
    """Raised in DeepSpeed's config code."""
    _validation_error(s)
    return s.failing("deepspeed.runtime.config_utils", "from pydantic_core._pydantic_core import ValidationError\n"
                     f"raise ValidationError({PREFETCH!r})\n")


def _prefetch_bucket_elsewhere(s: Stack) -> BaseException:
    _validation_error(s)
    return s.failing("my_config", "from pydantic_core._pydantic_core import ValidationError\n"
                     f"raise ValidationError({PREFETCH!r})\n")


DRIVER = "CUDA driver version is insufficient for CUDA runtime version"
NO_KERNEL = "CUDA error: no kernel image is available for execution on the device"

def _vendored_tokenizer(s: Stack) -> BaseException:
    s.module("transformers.tokenization_utils", """
        class PreTrainedTokenizer:
            def __init__(self):
                self._added = self.get_vocab()
    """)
    vendored = s.module("chatglm_tokenizer.tokenization_chatglm", REMOTE_TOKENIZER)  # a copy in the user's project
    return raised(vendored.ChatGLMTokenizer)


def _not_compiled(s: Stack) -> BaseException:
    cuda = s.module("torch.cuda", """
        def _lazy_init():
            raise AssertionError("Torch not compiled with CUDA enabled")
    """)
    return raised(cuda._lazy_init)


def _cpm_library(s: Stack) -> BaseException:
    base = s.module("cpm_kernels.library.base", """
        class Lib:
            def __init__(self, name):
                self.name = name

            def __getattr__(self, attr):
                raise RuntimeError("Library %s is not initialized" % self.name)
    """)
    return raised(lambda: base.Lib("cublasLt").cublasLtCreate())


def _cpm_nvcuda(s: Stack) -> BaseException:
    s.module("ctypes_stub", """
        class WinDLL:
            def __init__(self, name):
                raise FileNotFoundError("Could not find module '%s' (or one of its dependencies). Try using the "
                                        "full path with constructor syntax." % name)
    """)
    return s.failing("cpm_kernels.library.cuda", "from ctypes_stub import WinDLL\ncuda = WinDLL('nvcuda.dll')\n")


def _tied_list(s: Stack) -> BaseException:
    mu = s.module("transformers.modeling_utils", """
        def _get_tied_weight_keys(module):
            return list(module._tied_weights_keys.keys())
    """)
    net = s.module("my_net", "class Net:\n    _tied_weights_keys = ['lm_head.weight']\n")
    return raised(lambda: mu._get_tied_weight_keys(net.Net()))


def _all_tied(s: Stack) -> BaseException:
    mu = s.module("transformers.modeling_utils", """
        def _adjust_tied_keys_with_tied_pointers(model):
            return dict(model.all_tied_weights_keys)
    """)
    net = s.module("my_net", "class Net:\n    pass\n")
    return raised(lambda: mu._adjust_tied_keys_with_tied_pointers(net.Net()))


def _all_tied_in_user_code(s: Stack) -> BaseException:
    net = s.module("my_net", "class Net:\n    pass\n\ndef keys(n):\n    return n.all_tied_weights_keys\n")
    return raised(lambda: net.keys(net.Net()))


TORCH_MODULE = """
    class Module:
        def __getattr__(self, name):
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
"""


def _no_generate(s: Stack) -> BaseException:
    s.module("torch.nn.modules.module", TORCH_MODULE)
    remote = s.module("transformers_modules.univla.modeling_emu3", """
        from torch.nn.modules.module import Module

        class Emu3ForCausalLM(Module):
            def chat(self):
                return self.generate()
    """)
    return raised(lambda: remote.Emu3ForCausalLM().chat())


def _no_generate_without_torch(s: Stack) -> BaseException:
    mine = s.module("my_app", "class Emu3ForCausalLM:\n    def chat(self):\n        return self.generate()\n")
    return raised(lambda: mine.Emu3ForCausalLM().chat())


GRADIENT_CHECKPOINTING_4_35 = """
    def gradient_checkpointing_enable(model):
        model._set_gradient_checkpointing(enable=True, gradient_checkpointing_func=None)
"""
REMOTE_CHECKPOINTING_4_34 = """
    class QWenPreTrainedModel:
        def _set_gradient_checkpointing(self, module, value=False):
            module.gradient_checkpointing = value
"""


def _old_checkpointing(s: Stack) -> BaseException:
    mu = s.module("transformers.modeling_utils", GRADIENT_CHECKPOINTING_4_35)
    remote = s.module("transformers_modules.Qwen_7B.modeling_qwen", REMOTE_CHECKPOINTING_4_34)
    return raised(lambda: mu.gradient_checkpointing_enable(remote.QWenPreTrainedModel()))


def _old_checkpointing_in_user_code(s: Stack) -> BaseException:
    mine = s.module("my_train", REMOTE_CHECKPOINTING_4_34 + GRADIENT_CHECKPOINTING_4_35)
    return raised(lambda: mine.gradient_checkpointing_enable(mine.QWenPreTrainedModel()))


def _tied_list_elsewhere(s: Stack) -> BaseException:
    mu = s.module("transformers.modeling_utils", """
        def load_state_dict(checkpoint):
            return checkpoint.keys()
    """)
    return raised(lambda: mu.load_state_dict(["a"]))


TOO_OLD = ("The NVIDIA driver on your system is too old (found version 11060). Please update your GPU driver by "
           "downloading and installing a new version from the URL: http://www.nvidia.com/Download/index.aspx")
LIST_KEYS = "'list' object has no attribute 'keys'"
#: CUDA error 222 as cuda_memtest printed it (holdout11b, cuda_memtest#31), and 804 as torch 2.0 raised it
#: (holdout11b, Video-LLaVA#22)
PTX = "CUDA error: the provided PTX was compiled with an unsupported toolchain."
COMPAT = ("Unexpected error from cudaGetDeviceCount(). Did you run some cuda functions before calling "
          "NumCudaDevices() that might have already set an error? Error 804: forward compatibility was attempted on "
          "non supported HW")

SCENARIOS = (
    Scenario(KNOWN[0].pattern.pattern, _no_init_weights, _text_raised_in("auto_gptq.modeling._base", "AttributeError",
             NO_INIT), None, {"transformers": "5.0.0"}, ({"transformers": "4.57.1"}, {}),
             cause="transformers >= 5.0 moved no_init_weights to transformers/initialization.py; every auto-gptq"),
    Scenario(KNOWN[1].pattern.pattern, _no_init_weights_in_user_code, _text_raised_in(
             "my_quantize", "AttributeError", NO_INIT), None, {"transformers": "5.0.0"},
             ({"transformers": "4.57.1"}, {}),
             cause="transformers >= 5.0 moved no_init_weights from transformers.modeling_utils to "
                   "transformers.initialization; my_quantize imports it from the old place"),
    Scenario(KNOWN[3].pattern.pattern, _peft, _text_raised_in("auto_gptq.utils.peft_utils", "AssertionError", PEFT),
             _peft_in_user_code, {"peft": "0.19.0"}, ({"peft": "0.18.1"}, {}), cause="peft 0.19.0 removed"),
    Scenario(KNOWN[4].pattern.pattern, _peft, _text_raised_in("auto_gptq.utils.peft_utils", "AssertionError", PEFT),
             _peft_in_user_code, {"peft": "0.2.0"}, ({"peft": "0.13.2"}, {}),
             cause="peft < 0.3.0 has no PEFT_TYPE_TO_MODEL_MAPPING"),
    Scenario(KNOWN[5].pattern.pattern, _tied, _text_raised_in(
             "transformers.modeling_utils", "TypeError", "'Net' object has no attribute '_tied_weights_keys'"),
             _tied_in_user_code, {"transformers": "4.46.3"}, ({"transformers": "4.30.2"}, {}),
             cause="PreTrainedModel._tied_weights_keys changed"),
    Scenario(KNOWN[6].pattern.pattern, _padding_side, _text_raised_in(
             "transformers.tokenization_utils_base", "ValueError", "_pad() got an unexpected keyword argument "
             "'padding_side'"), _padding_side_in_user_code, {"transformers": "4.45.0"},
             ({"transformers": "4.44.2"}, {}), cause="transformers >= 4.45 passes padding_side"),
    Scenario(KNOWN[7].pattern.pattern, _extract_past, _text_raised_in(
             "transformers_modules.chatglm3_6b.modeling_chatglm", "KeyError",
             "'ChatGLMForConditionalGeneration' object has no attribute '_extract_past_from_model_output'"),
             _extract_past_in_user_code, {"transformers": "4.49.0"}, ({"transformers": "4.48.3"}, {}),
             cause="transformers 4.49 removed GenerationMixin._extract_past_from_model_output"),
    Scenario(KNOWN[8].pattern.pattern, _tokenizer_before_init, _text_raised_in(
             "transformers_modules.chatglm2_6b.tokenization_chatglm", "RuntimeError",
             "'ChatGLMTokenizer' object has no attribute 'tokenizer'"), _tokenizer_in_user_code,
             {"transformers": "4.34.0"}, ({"transformers": "4.33.3"}, {}),
             cause="transformers >= 4.34 calls tokenizer methods"),
    Scenario(KNOWN[9].pattern.pattern, _vendored_tokenizer, _text_raised_in(
             "chatglm_tokenizer.tokenization_chatglm", "RuntimeError", "'ChatGLMTokenizer' object has no attribute "
             "'tokenizer'"), _text_raised_in("my_app", "AttributeError", "'ChatGLMTokenizer' object has no attribute "
             "'tokenizer'"), {"transformers": "4.34.0"}, ({"transformers": "4.33.3"}, {}),
             cause="transformers >= 4.34 calls tokenizer methods"),
    Scenario(KNOWN[10].pattern.pattern, _eos_token_tensor, _text_raised_in(
             "transformers.generation.utils", "TypeError", "'GenerationConfig' object has no attribute "
             "'_eos_token_tensor'"), _eos_token_tensor_in_user_code, {"transformers": "4.43.2"},
             ({"transformers": "4.42.4"}, {}), cause="transformers 4.43 keeps special-token tensors"),
    Scenario(KNOWN[12].pattern.pattern, _cpm_library, _text_raised_in(
             "cpm_kernels.library.base", "ValueError", "Library cublasLt is not initialized"),
             _text_raised_in("my_lib", "RuntimeError", "Library cublasLt is not initialized"), {}, (),
             cause="ChatGLM's int4/int8 quantization calls cpm_kernels"),
    Scenario(KNOWN[13].pattern.pattern, _cpm_nvcuda, _text_raised_in(
             "cpm_kernels.library.cuda", "RuntimeError", "Could not find module 'nvcuda.dll'"),
             None, {}, (), cause="ChatGLM's int4/int8 quantization imports cpm_kernels"),
    Scenario(KNOWN[15].pattern.pattern, _text_raised_in("my_cuda_test", "RuntimeError", DRIVER),
             _text_raised_in("my_cuda_test", "AssertionError", DRIVER), None, {"torch": "2.5.1+cu121"},
             ({"torch": "2.5.1+cpu"}, {}), torch_cuda="12.1", cause="the CUDA runtime finds no NVIDIA driver it can use"),
    Scenario(KNOWN[16].pattern.pattern, _text_raised_in("my_cuda_test", "RuntimeError", TOO_OLD),
             _text_raised_in("my_cuda_test", "ValueError", TOO_OLD), None, {"torch": "2.5.1+cu121"},
             ({"torch": "2.5.1+cpu"}, {}), torch_cuda="12.1", cause="the NVIDIA driver is older"),
    Scenario(KNOWN[17].pattern.pattern, _not_compiled, _text_raised_in(
             "torch.cuda", "ValueError", "Torch not compiled with CUDA enabled"), _text_raised_in(
             "my_app", "AssertionError", "Torch not compiled with CUDA enabled"), {"torch": "2.5.1+cpu"}, ({},),
             cause="this torch is a CPU-only build"),
    Scenario(KNOWN[18].pattern.pattern, _text_raised_in("cpm_kernels.library.cuda", "RuntimeError",
             f"CUDA Error: {NO_KERNEL}"), _text_raised_in("cpm_kernels.library.cuda", "Exception", NO_KERNEL), None,
             {"torch": "2.5.1+cu121"}, ({"torch": "2.5.1+cpu"}, {}), torch_cuda="12.1",
             cause="the kernel that failed is cpm_kernels'"),
    Scenario(KNOWN[19].pattern.pattern, _text_raised_in("my_cuda_test", "RuntimeError", NO_KERNEL),
             _text_raised_in("my_cuda_test", "Exception", NO_KERNEL), None, {"torch": "2.5.1+cu121"},
             ({"torch": "2.5.1+cpu"}, {}), torch_cuda="12.1", cause="the compiled kernels contain no code"),
    Scenario(KNOWN[20].pattern.pattern, _tied_list, _text_raised_in(
             "transformers.modeling_utils", "TypeError", LIST_KEYS), _tied_list_elsewhere, {"transformers": "5.0.0"},
             ({"transformers": "4.57.1"}, {}), cause="transformers 5 reads _tied_weights_keys as a dict"),
    Scenario(KNOWN[21].pattern.pattern, _all_tied, _text_raised_in(
             "transformers.modeling_utils", "TypeError", "'Net' object has no attribute 'all_tied_weights_keys'"),
             _all_tied_in_user_code, {"transformers": "5.0.0"}, ({"transformers": "4.57.1"}, {}),
             cause="transformers 5 sets all_tied_weights_keys"),
    Scenario(KNOWN[22].pattern.pattern, _extract_past_keyword, _text_raised_in(
             "transformers_modules.chatglm3_6b.modeling_chatglm", "ValueError",
             "GenerationMixin._extract_past_from_model_output() got an unexpected keyword argument "
             "'standardize_cache_format'"), _extract_past_keyword_in_user_code, {"transformers": "4.44.0"},
             ({"transformers": "4.43.0"}, {}),
             cause="transformers 4.44 dropped the standardize_cache_format parameter"),
    Scenario(KNOWN[23].pattern.pattern, _initialize_weights, _text_raised_in(
             "transformers.modeling_utils", "TypeError", "'Resampler' object has no attribute '_initialize_weights'"),
             _initialize_weights_in_user_code, {"transformers": "4.52.4"},
             ({"transformers": "4.51.3"}, {"transformers": "4.53.0"}),
             cause="transformers 4.52 initialises weights by calling _initialize_weights"),
    Scenario(KNOWN[24].pattern.pattern, _text_raised_in("my_cuda_test", "RuntimeError", PTX),
             _text_raised_in("my_cuda_test", "ValueError", PTX), None, {"torch": "2.5.1+cu121"},
             ({"torch": "2.5.1+cpu"}, {}), torch_cuda="12.1", cause="the program's GPU code is PTX"),
    Scenario(KNOWN[25].pattern.pattern, _text_raised_in("my_cuda_test", "RuntimeError", COMPAT),
             _text_raised_in("my_cuda_test", "ValueError", COMPAT), None, {"torch": "2.5.1+cu121"},
             ({"torch": "2.5.1+cpu"}, {}), torch_cuda="12.1", cause="the CUDA runtime is newer"),
    # KNOWN[26] (nvidia-container-cli's words) is a log line only; setuptools 82.0.0's removal has no version scope
    Scenario(KNOWN[27].pattern.pattern, _text_raised_in("my_tool", "ModuleNotFoundError",
                                                        "No module named 'pkg_resources'"),
             _text_raised_in("my_tool", "ValueError", "No module named 'pkg_resources'"), None,
             {"setuptools": "82.0.0"}, ({"setuptools": "81.0.0"},),
             cause="pkg_resources comes with setuptools, and setuptools 82.0.0 removed it"),
    Scenario(KNOWN[28].pattern.pattern, _no_generate, _text_raised_in("my_app", "TypeError", "'Emu3ForCausalLM' object has no attribute 'generate'"),
             _no_generate_without_torch, {"transformers": "4.52.0"}, ({"transformers": "4.51.3"},),
             cause="transformers 4.52.0 took GenerationMixin out of PreTrainedModel's bases"),
    Scenario(KNOWN[29].pattern.pattern, _old_checkpointing, _text_raised_in(
             "transformers.modeling_utils", "ValueError", "QWenPreTrainedModel._set_gradient_checkpointing() got an "
             "unexpected keyword argument 'enable'"), _old_checkpointing_in_user_code, {"transformers": "4.35.0"},
             ({"transformers": "4.34.1"},), cause="transformers 4.35.0 calls model._set_gradient_checkpointing"),
    Scenario(KNOWN[30].pattern.pattern, _text_raised_in("torch", "OSError", FBGEMM), _text_raised_in(
             "torch", "ValueError", FBGEMM), _text_raised_in("my_app", "OSError", FBGEMM), {"torch": "2.4.0+cu121"}, ({"torch": "2.4.1+cu121"}, {}),
             torch_cuda="12.1", cause="Windows could not load torch's fbgemm.dll"),
    Scenario(KNOWN[31].pattern.pattern, _prefetch_bucket, _text_raised_in("deepspeed.runtime.config_utils", "ValueError",
             PREFETCH), _prefetch_bucket_elsewhere, {"deepspeed": "0.15.0", "transformers": "4.44.2"},
             ({"deepspeed": "0.14.4", "transformers": "4.44.2"}, {"deepspeed": "0.15.0", "transformers": "4.45.0"}),
             cause="DeepSpeed 0.15 validates its ZeRO config with pydantic 2"),
    Scenario(KNOWN[32].pattern.pattern, _hub_token, _text_raised_in("my_app", "ValueError", HUB_TOKEN), None,
             {"huggingface-hub": "1.0.1"}, ({"huggingface-hub": "0.36.2"},),
             cause="huggingface_hub 1.0.0 removed arguments hf_hub_download and snapshot_download had deprecated"),
    Scenario(KNOWN[33].pattern.pattern, _pyopenssl, _text_raised_in("my_app", "ValueError", PYOPENSSL), None,
             {"cryptography": "39.0.1"}, ({"cryptography": "36.0.2"},),
             cause="pyOpenSSL (OpenSSL/crypto.py) reads a symbol from cryptography's OpenSSL bindings"),
    Scenario(KNOWN[34].pattern.pattern, _text_raised_in("my_cuda_test", "RuntimeError", DRIVER_803),
             _text_raised_in("my_cuda_test", "ValueError", DRIVER_803), None, {"torch": "1.11.0+cu113"},
             ({"torch": "1.11.0+cpu"}, {}), torch_cuda="11.3",
             cause="the NVIDIA kernel driver and the user-space CUDA driver"),
    Scenario(KNOWN[35].pattern.pattern, _engine_execute, _text_raised_in("my_app", "TypeError", ENGINE_EXECUTE), None,
             {"sqlalchemy": "2.0.0"}, ({"sqlalchemy": "1.4.54"},), cause="SQLAlchemy 2.0.0 removed Engine.execute"),
    # from_pretrained hands the keyword it does not know to the model's constructor: raised in transformers' frame;
    # a program's own call of the constructor with dtype= is the program's
    Scenario(KNOWN[36].pattern.pattern, _text_raised_in("transformers.modeling_utils", "TypeError", DTYPE_KEYWORD),
             _text_raised_in("transformers.modeling_utils", "ValueError", DTYPE_KEYWORD),
             _text_raised_in("my_app", "TypeError", DTYPE_KEYWORD), {"transformers": "4.55.4"},
             ({"transformers": "4.56.0"},), cause="transformers 4.56.0 made dtype a keyword of from_pretrained"),
    # NumPy 1.19.4's _win_os_check raises in numpy's __init__; a program's own RuntimeError of those words is its own
    Scenario(KNOWN[37].pattern.pattern, _text_raised_in("numpy", "RuntimeError", NUMPY_FMOD),
             _text_raised_in("numpy", "ValueError", NUMPY_FMOD), _text_raised_in("my_app", "RuntimeError", NUMPY_FMOD),
             {"numpy": "1.19.4"}, ({"numpy": "1.19.3"},), cause="NumPy 1.19.4's own check at import (_win_os_check)"),
    # an old pandas under NumPy 1.20: NumPy's words, raised wherever pandas hands it the attribute
    Scenario(KNOWN[38].pattern.pattern, _text_raised_in("pandas.core.dtypes.cast", "TypeError", NUMPY_GENERIC_DTYPE),
             _text_raised_in("pandas.core.dtypes.cast", "ValueError", NUMPY_GENERIC_DTYPE), None, {"numpy": "1.20.3"},
             ({"numpy": "1.19.5"},), cause="an older pandas (0.25 and 1.0 are reported) hands NumPy the dtype"),
    # a module pickled with an older torch, read wherever the model runs
    Scenario(KNOWN[39].pattern.pattern, _text_raised_in("torch.nn.modules.module", "AttributeError", UPSAMPLE),
             _text_raised_in("torch.nn.modules.module", "ValueError", UPSAMPLE), None, {"torch": "1.11.0"},
             ({"torch": "1.10.1"},), cause="torch 1.11.0 gave nn.Upsample a recompute_scale_factor attribute"),
    # Keras' HDF5 loader under h5py 3; a program's own .decode of a str is its own
    Scenario(KNOWN[40].pattern.pattern, _text_raised_in("keras.saving.hdf5_format", "AttributeError", STR_DECODE),
             _text_raised_in("keras.saving.hdf5_format", "ValueError", STR_DECODE),
             _text_raised_in("my_app", "AttributeError", STR_DECODE), {"h5py": "3.1.0"}, ({"h5py": "2.10.0"},),
             cause="h5py 3.0 returns an HDF5 string attribute as str"),
    # scikit-learn 1.6's tags asked of another package's estimator: raised in scikit-learn's mixin, or a test summary's
    Scenario(KNOWN[41].pattern.pattern, _text_raised_in("sklearn.base", "AttributeError", SKLEARN_TAGS),
             _text_raised_in("sklearn.base", "ValueError", SKLEARN_TAGS), None, {"scikit-learn": "1.6.0"},
             ({"scikit-learn": "1.5.2"},), cause="scikit-learn 1.6.0 asks every estimator for its tags"),
    # the same asked of an estimator class that neither defines nor inherits it (scikit-learn 1.6's own wording)
    Scenario(KNOWN[42].pattern.pattern, _text_raised_in("sklearn.utils._tags", "AttributeError", SKLEARN_TAGS_CLASS),
             _text_raised_in("sklearn.utils._tags", "ValueError", SKLEARN_TAGS_CLASS), None, {"scikit-learn": "1.6.1"},
             ({"scikit-learn": "1.5.2"},), cause="scikit-learn 1.6.0 asks every estimator for its tags"),
    # matplotlib 3.8's seaborn style names: raised in matplotlib's style module, for whoever asks
    Scenario(KNOWN[43].pattern.pattern, _text_raised_in("matplotlib.style.core", "OSError", MPL_STYLE),
             _text_raised_in("matplotlib.style.core", "ValueError", MPL_STYLE), None, {"matplotlib": "3.8.0"},
             ({"matplotlib": "3.7.2"},), cause="the code asks matplotlib for a style by its old seaborn name"),
)


# a log line is no exception a test raises; a signature for logs that name no version never fits an environment
LIVE = [k for k in KNOWN if k.types != (LOG_LINE,) and not k.unseen]
#: families whose message has one cause wherever it is raised: no frame scope
ONE_CAUSE_ANYWHERE = {"transformers5-no-init-weights", "pkg-resources-removed", "pandas-older-than-numpy-1-20",
                      "upsample-pickled-before-torch-1-11", "sklearn-1-6-estimator-tags",
                      "sklearn-1-6-estimator-tags-missing",
                      "matplotlib-3-8-seaborn-styles",
                      # (an entry's id) a call's TypeError is raised in the calling frame, whoever calls the hub
                      "huggingface-hub-1-removed-arguments",
                      # cryptography's bindings read by whichever pyOpenSSL module, the message names only 'lib'
                      "pyopenssl-cryptography-bindings",
                      # SQLAlchemy's Engine asked by whoever holds one: pandas, an ORM's session, the program
                      "sqlalchemy-2-engine-execute"}


def test_every_signature_has_a_scenario_with_its_near_misses() -> None:
    assert [s.pattern for s in SCENARIOS] == [k.pattern.pattern for k in LIVE]
    for known in KNOWN:
        assert all((known.source, known.cause, known.fix, known.family)), known.pattern.pattern
        assert known.when or known.unseen or known.cuda_torch or known.cpu_torch or known.log_only, \
            f"{known.pattern.pattern}: no version scope"
        if known.types == (LOG_LINE,):
            continue
        # compiled code raises into whichever Python frame called it: only the CUDA errors go unscoped by frame
        # (a frame scope only narrows them to the binary that raised), and messages with one cause
        assert known.raised_in or known.frames or known.cuda_torch or known.family in ONE_CAUSE_ANYWHERE \
            or known.id in ONE_CAUSE_ANYWHERE, \
            known.pattern.pattern


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[k.pattern.pattern[:40] for k in LIVE])
def test_signature_matches_its_real_failure(scenario: Scenario, stack: Stack, tmp_path: Path) -> None:
    exc = scenario.real(stack)
    lines = explain_test_failure(exc, engine(tmp_path, scenario.inside, scenario.torch_cuda))
    assert lines is not None, exc
    assert lines[0] == f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    assert lines[1].startswith(f"cause: {scenario.cause}")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[k.pattern.pattern[:40] for k in LIVE])
def test_signature_ignores_the_right_text_in_the_wrong_type(scenario: Scenario, stack: Stack, tmp_path: Path) -> None:
    exc = scenario.wrong_type(stack)
    assert re.search(scenario.pattern, str(exc)), exc  # the text is right: only the type is not
    assert explain_test_failure(exc, engine(tmp_path, scenario.inside, scenario.torch_cuda)) is None


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s.wrong_module],
                         ids=[s.pattern[:40] for s in SCENARIOS if s.wrong_module])
def test_signature_ignores_the_same_failure_raised_by_other_code(scenario: Scenario, stack: Stack,
                                                                 tmp_path: Path) -> None:
    assert scenario.wrong_module is not None
    exc = scenario.wrong_module(stack)
    assert type(exc) is type(scenario.real(stack))
    assert re.search(scenario.pattern, str(exc)), exc
    lines = explain_test_failure(exc, engine(tmp_path, scenario.inside, scenario.torch_cuda))
    # the known failure's cause is not given; the atlas may still name the release that dropped a keyword the
    # user's own code passes (transformers 4.44.0 for standardize_cache_format), and the loader's words what failed
    # to load (torch's fbgemm.dll, whoever raised them)
    assert lines is None or (not lines[1].startswith(f"cause: {scenario.cause}")
                             and lines[3].startswith("source: reasoned from the log")), lines


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[k.pattern.pattern[:40] for k in LIVE])
def test_signature_ignores_versions_outside_its_scope(scenario: Scenario, stack: Stack, tmp_path: Path) -> None:
    exc = scenario.real(stack)
    for packages in scenario.outside:
        cuda = scenario.torch_cuda if not packages.get("torch", "").endswith("+cpu") else None
        lines = explain_test_failure(exc, engine(tmp_path, packages, cuda))
        # the known failure's cause is not given; the generic layer may still say what the failure shows
        assert lines is None or not lines[1].startswith(f"cause: {scenario.cause}"), (packages, lines)
        assert lines is None or lines[3].startswith("source: reasoned from the log"), lines


def test_a_cuda_error_needs_a_cuda_build_of_torch(stack: Stack, tmp_path: Path) -> None:
    exc = stack.failing("my_cuda_test", f"class AcceleratorError(RuntimeError): pass\nraise AcceleratorError({DRIVER!r})")
    assert explain_test_failure(exc, engine(tmp_path, {"torch": "2.9.0+cu128"}, "12.8")) is not None
    assert explain_test_failure(exc, engine(tmp_path, {"torch": "2.9.0+cpu"}, None)) is None


def test_an_attribute_error_relayed_by_nn_module_getattr_is_raised_where_it_was_asked(stack: Stack,
                                                                                      tmp_path: Path) -> None:
    """torch's Module.__getattr__ raises for the model code that asked; that code decides the scope."""
    stack.module("torch.nn.modules.module", """
        class Module:
            def __getattr__(self, name):
                raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
    """)
    remote = stack.module("transformers_modules.chatglm3_6b.modeling_chatglm",
                          "from torch.nn.modules.module import Module\n\n"
                          + textwrap.dedent(REMOTE_GENERATE).replace("Generation:", "Generation(Module):"))
    exc = raised(lambda: remote.ChatGLMForConditionalGeneration()._update_model_kwargs_for_generation(None))
    assert Failure.from_exception(exc).raised_in == "transformers_modules.chatglm3_6b.modeling_chatglm"
    assert explain_test_failure(exc, engine(tmp_path, {"transformers": "4.49.0"})) is not None


def test_an_attribute_named_like_a_known_one_is_no_match(stack: Stack, tmp_path: Path) -> None:
    """transformers 4.38 running remote code written for 4.57 (ML-GSAI/LLaDA#130): another attribute, another fix."""
    mu = stack.module("transformers.modeling_utils", "def tie(model):\n    return model.all_tied_weights_keys\n")
    exc = raised(lambda: mu.tie(object()))
    assert explain_test_failure(exc, engine(tmp_path, {"transformers": "4.38.2"})) is None


# --------------------------------------------------------------------------- loader errors


def _import(site: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> BaseException:
    monkeypatch.syspath_prepend(str(site))
    exc = raised(lambda: importlib.import_module(name))
    monkeypatch.delitem(sys.modules, name, raising=False)
    return exc


@needs_gcc
def test_a_loader_error_of_an_extension_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stub = build_cudart_stub(tmp_path / "cuda12", "12")  # this machine's loader path has a CUDA 13 runtime
    cuda_extension(tmp_path, "kernels12", stub, rpath=False)
    exc = _import(tmp_path, "kernels12", monkeypatch)
    lines = explain_test_failure(exc, engine(tmp_path, {"torch": "2.7.1+cu118"}, "11.8"))
    assert lines == [
        "ImportError: libcudart.so.12: cannot open shared object file: No such file or directory",
        "cause: the extension was built for CUDA 12 (it links libcudart.so.12); installed: torch 2.7.1+cu118 "
        "(CUDA 11.8)",
        "fix: install the extension built for CUDA 11 (the package's cu11x wheel) or a torch built for CUDA 12, so "
        "that both use one CUDA major",
        "source: the dynamic loader's error; the extension's DT_NEEDED entries",
        "no contract requirement covers this failure",
    ]


def test_a_library_loaded_with_ctypes_while_a_module_imports_is_a_load_error(stack: Stack, tmp_path: Path) -> None:
    exc = stack.failing("my_kernels", "import ctypes\nctypes.CDLL('libautoglm_absent.so.1')\n")
    assert isinstance(exc, OSError)
    lines = explain_test_failure(exc, engine(tmp_path, {}))
    assert lines is not None
    assert lines[1] == "cause: a shared library the extension links, libautoglm_absent.so.1, is not on the loader path"


def test_loader_text_outside_a_load_error_is_no_match(stack: Stack, tmp_path: Path) -> None:
    text = "libcudart.so.12: cannot open shared object file: No such file or directory"
    cases = [
        AssertionError(text),  # the text, in a test's own assertion
        stack.failing("my_checks", f"raise AssertionError({text!r})"),
        stack.failing("my_checks", f"raise ImportError({text!r})"),  # no extension was being loaded
        raised(lambda: ctypes.CDLL("libautoglm_absent.so.1")),  # a library loaded at run time, not by an import
        stack.failing("my_checks", "raise RuntimeError('undefined symbol: _ZN3c104impl')"),
    ]
    for exc in cases:
        assert explain_test_failure(exc, engine(tmp_path, {"torch": "2.5.1+cu121"}, "12.1")) is None, repr(exc)


# --------------------------------------------------------------------------- chains


def test_the_chain_is_walked_as_python_prints_it(stack: Stack, tmp_path: Path) -> None:
    known = _peft(stack)
    env = engine(tmp_path, {"peft": "0.19.0"})

    def reraise(how: str) -> BaseException:
        def body() -> None:
            try:
                raise known
            except ImportError as exc:
                if how == "from":
                    raise RuntimeError("could not set up the quantized model") from exc
                if how == "from None":
                    raise RuntimeError("could not set up the quantized model") from None
                raise RuntimeError("could not set up the quantized model")  # noqa: B904 - the implicit context
        return raised(body)

    assert explain_test_failure(reraise("from"), env) is not None
    assert explain_test_failure(reraise("context"), env) is not None
    assert explain_test_failure(reraise("from None"), env) is None  # the author hid it; so do we


def test_cyclic_and_very_deep_chains_end(stack: Stack, tmp_path: Path) -> None:
    env = engine(tmp_path, {"peft": "0.19.0"})
    a, b = ValueError("a"), ValueError("b")
    a.__cause__, b.__cause__ = b, a
    assert explain_test_failure(a, env) is None
    c, d = ValueError("c"), ValueError("d")
    c.__context__, d.__context__ = d, c
    assert explain_test_failure(c, env) is None
    head = current = ValueError("0")
    for i in range(200_000):
        current.__cause__ = ValueError(str(i))
        current = current.__cause__
    current.__cause__ = _peft(stack)  # past the links searched: not reached, and not a hang either
    assert explain_test_failure(head, env) is None
    near = ValueError("outer")
    near.__cause__ = current.__cause__
    assert explain_test_failure(near, env) is not None


class StrRaises(Exception):
    def __str__(self) -> str:
        raise ValueError("no str for you")

    def __repr__(self) -> str:
        raise ValueError("no repr either")


class StrNotAString(Exception):
    def __str__(self) -> str:
        return 42  # type: ignore[return-value]


class CauseRaises(Exception):
    @property
    def __cause__(self) -> BaseException | None:  # type: ignore[override]
        raise RuntimeError("no cause")


class NotAnError(BaseException):
    pass


@pytest.mark.parametrize("exc", [
    StrRaises(), StrNotAString(), CauseRaises(), NotAnError("x"), GeneratorExit(), KeyboardInterrupt(),
    ImportError(42), ImportError(b"cannot import name 'no_init_weights'"), ImportError(None, None),
    Exception(object()), Exception(), OSError(2, "No such file or directory", "/x/libcudart.so.12"),
], ids=lambda e: type(e).__name__)
def test_any_exception_object_gives_lines_or_none_and_never_raises(exc: BaseException, tmp_path: Path) -> None:
    assert explain_test_failure(exc, engine(tmp_path, {"transformers": "5.0.0", "peft": "0.19.0"})) is None


def test_an_unprintable_outer_exception_still_shows_the_known_inner_one(stack: Stack, tmp_path: Path) -> None:
    outer = StrRaises()
    outer.__cause__ = _peft(stack)
    lines = explain_test_failure(outer, engine(tmp_path, {"peft": "0.19.0"}))
    assert lines is not None
    assert lines[0].startswith(f"ImportError: {PEFT}")


def test_non_exceptions_and_a_failing_probe_give_none(stack: Stack, tmp_path: Path) -> None:
    known = _peft(stack)
    assert explain_test_failure("ImportError: " + PEFT, engine(tmp_path, {"peft": "0.19.0"})) is None
    broken = Engine(Settings(snapshot=str(tmp_path / "missing.json")))  # loading it raises
    assert explain_test_failure(known, broken) is None


# --------------------------------------------------------------------------- versions a log mentions


@pytest.mark.parametrize(("text", "found"), [
    ("Successfully installed peft-0.19.0 transformers-4.46.3", {"peft": ("0.19.0",), "transformers": ("4.46.3",)}),
    ("- `transformers` version: 5.3.0\n- Platform: Linux", {"transformers": ("5.3.0",)}),
    ("/venv/lib/python3.11/site-packages/torch-2.5.1+cu121.dist-info/METADATA", {"torch": ("2.5.1+cu121",)}),
    ("pip install transformers==4.45.0rc1 torch 2.6.0+cpu.", {"transformers": ("4.45.0rc1",), "torch": ("2.6.0+cpu",)}),
    ("/site-packages/transformers/modeling_utils.py; sentence-transformers 2.7.0; pip install 'peft<0.19'", {}),
])
def test_versions_a_log_mentions(text: str, found: dict[str, tuple[str, ...]]) -> None:
    assert dict(Versions.mentioned_in(text).found) == found


def test_a_log_line_is_scoped_by_type_and_the_versions_the_log_mentions() -> None:
    def explain(type_name: str, message: str, log: str = "") -> known_failures.Hint | None:
        return known_failures.explain(Failure.from_name(type_name, message), Versions.mentioned_in(log))

    message = NO_INIT + " (/x/modeling_utils.py)"
    assert explain("ImportError", message) is not None  # no version mentioned: not checked
    assert explain("ImportError", message, "transformers 5.0.0") is not None
    assert explain("ImportError", message, "transformers==4.46.3") is None
    assert explain("AssertionError", message) is None
    assert explain("ModuleNotFoundError", message) is not None  # an ImportError
    assert explain("AcceleratorError", NO_KERNEL) is not None  # torch.AcceleratorError, printed by pytest
    assert explain("RuntimeError", DRIVER, "torch 2.5.1+cpu") is None
    assert explain("RuntimeError", DRIVER, "torch 2.5.1+cu121") is not None
    loader = "libcudart.so.12: cannot open shared object file: No such file or directory"
    assert explain("OSError", loader) is not None
    assert explain("AssertionError", loader) is None


# --------------------------------------------------------------------------- in a pytest run


GPTQ_STACK = {
    "auto_gptq/__init__.py": "from .utils import peft_utils\n",
    "auto_gptq/utils/__init__.py": "",
    "auto_gptq/utils/peft_utils.py": "from peft.peft_model import PEFT_TYPE_TO_MODEL_MAPPING\n",
    "peft/__init__.py": "",
    "peft/peft_model.py": "class PeftModel:\n    pass\n",
    "peft-0.19.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: peft\nVersion: 0.19.0\n",
}

KNOWN_FAILURE_TEST = """
    def test_gptq():
        try:
            import auto_gptq
        except ImportError as exc:
            raise RuntimeError("could not set up the quantized model") from exc

    def test_plain_failure():
        assert 1 == 2
"""


def gptq_stack(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Path:
    """auto-gptq 0.7.1's import of peft, against a peft 0.19.0 that no longer has the name."""
    site = pytester.path.parent / f"{pytester.path.name}-site"
    for name, text in GPTQ_STACK.items():
        site.joinpath(name).parent.mkdir(parents=True, exist_ok=True)
        site.joinpath(name).write_text(text)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("PYTHONPATH", str(site))  # for the probe
    return site


def test_known_failure_gets_a_section_with_cause_fix_and_catching_requirement(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    site = gptq_stack(pytester, monkeypatch)
    pytester.makepyfile(test_it=KNOWN_FAILURE_TEST)
    result = pytester.runpytest()
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines([
        "*- autoglm-compat: known failure -*",
        f"ImportError: {PEFT} ({site}/peft/peft_model.py)",
        "cause: peft 0.19.0 removed PEFT_TYPE_TO_MODEL_MAPPING from peft.peft_model (deprecated shim until "
        "0.18.1); auto-gptq 0.7.1 imports it in auto_gptq/utils/peft_utils.py",
        "fix: pip install 'peft<0.19'",
        "source: peft wheels 0.18.1 vs 0.19.0 (peft_model.py); huggingface/peft#2282",
        "would have been caught by: contracts/stable.toml: sections.gptq.packages.peft "
        "(pytest --autoglm-contract=stable)",
    ])
    assert result.stdout.str().count("autoglm-compat: known failure") == 1


def test_known_failure_names_the_active_contracts_unmet_requirement(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    gptq_stack(pytester, monkeypatch)
    pytester.makefile(".toml", ours="""
        format = 1
        name = "ours"

        [packages.peft]
        spec = ">=0.5,<0.19"
        reason = "auto-gptq 0.7.1 imports PEFT_TYPE_TO_MODEL_MAPPING"
    """)
    pytester.makepyfile(test_it=KNOWN_FAILURE_TEST)
    result = pytester.runpytest("--autoglm-contract=ours.toml", "--autoglm-policy=warn", "--autoglm-report=r.json",
                                "-W", "ignore::pytest_autoglm_compat.plugin.AutoglmCompatWarning")
    result.assert_outcomes(failed=2)
    line = ("caught by: ours.toml: packages.peft in contract 'ours', unmet here (peft: found 0.19.0, "
            "required peft>=0.5,<0.19); under --autoglm-policy=skip or gate this test would not have run")
    result.stdout.fnmatch_lines([line])
    outcomes = json.loads(pytester.path.joinpath("r.json").read_text())["tests"]
    assert outcomes["test_it.py::test_gptq"]["known_failure"][-1] == line
    assert "known_failure" not in outcomes["test_it.py::test_plain_failure"]


def test_the_same_text_from_the_users_own_code_gets_no_section(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    gptq_stack(pytester, monkeypatch)
    pytester.makepyfile(test_it=f"""
        def test_own():
            raise ImportError({PEFT!r})
    """)
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    assert "autoglm-compat: known failure" not in result.stdout.str()


def test_a_test_whose_exception_cannot_be_printed_fails_like_any_other(pytester: pytest.Pytester) -> None:
    """The known-failure step reads every failed test's exception: one whose __str__ raises must not end the run."""
    pytester.makepyfile(test_it="""
        class Unprintable(Exception):
            def __str__(self):
                raise ValueError("no str for you")

        def test_unprintable():
            raise Unprintable()

        def test_unprintable_cause():
            try:
                raise Unprintable()
            except Unprintable as exc:
                raise Unprintable() from exc

        def test_after():
            pass
    """)
    result = pytester.runpytest()
    result.assert_outcomes(failed=2, passed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_the_guide_states_each_signatures_scope_as_the_code_has_it() -> None:
    guide = (Path(__file__).parents[1] / "docs" / "guide.md").read_text()
    rows = [line.split(" | ") for line in guide.splitlines()
            if line.startswith("| `") and ("Error`" in line or "log line" in line)]
    assert len(rows) == len(KNOWN)
    for row, known in zip(rows, KNOWN):
        assert known.types[0].rpartition(".")[2] in row[1], row
        for module in known.raised_in:
            assert f"`{module}`" in row[2], row
        assert ("anywhere" in row[2]) == (not known.raised_in), row
        for name, specs in known.when:
            for spec in specs.split(","):
                op = "<" if spec.startswith("<") else ">="
                version = Version(spec.lstrip("<>="))
                assert f"{name} {op} {version.major}.{version.minor}" in row[3], row
        if known.unseen:
            assert "only for logs" in row[3], row
        assert ("CUDA build of torch" in row[3]) == known.cuda_torch, row


# --------------------------------------------------------------------------- explain on reviewers' real logs


REVIEW = Path(__file__).parent / "data" / "real" / "review"


def _explain(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "explain", *args], input=stdin,
                          capture_output=True, text=True, check=False)


def test_a_peft_mapping_error_in_a_log_without_peft_versions_names_both_directions() -> None:
    """AutoGPTQ/AutoGPTQ#144 (2023): the peft was too OLD; a log that names no peft must not say 0.19 removed it."""
    result = _explain(str(REVIEW / "autogptq-144.log"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:3] == [
        "  cause: auto-gptq imports PEFT_TYPE_TO_MODEL_MAPPING from peft.peft_model (auto_gptq/utils/peft_utils.py), "
        "which only peft 0.3.0 to 0.18.1 provide: the installed peft is either too old (< 0.3.0, absent at v0.2.0; "
        "auto-gptq 0.7.1 requires peft>=0.5.0) or too new (0.19.0 removed it); no peft version was seen to tell which",
        "  fix: pip install 'peft>=0.5.0,<0.19'",
    ]
    frames = (REVIEW / "autogptq-144.log").read_text(encoding="utf-8")
    old = _explain(stdin="peft 0.2.0\n" + frames)
    assert old.stdout.splitlines()[1:3] == [
        "  cause: peft < 0.3.0 has no PEFT_TYPE_TO_MODEL_MAPPING in peft.peft_model (absent at v0.2.0, added in "
        "v0.3.0); auto-gptq imports it in auto_gptq/utils/peft_utils.py, and auto-gptq 0.7.1 requires peft>=0.5.0",
        "  fix: pip install 'peft>=0.5.0,<0.19'",
    ]
    new = _explain(stdin="peft==0.19.0\n" + frames)
    assert new.stdout.splitlines()[1:3] == [
        "  cause: peft 0.19.0 removed PEFT_TYPE_TO_MODEL_MAPPING from peft.peft_model (deprecated shim until "
        "0.18.1); auto-gptq 0.7.1 imports it in auto_gptq/utils/peft_utils.py",
        "  fix: pip install 'peft<0.19'",
    ]
    between = _explain(stdin="peft 0.13.2\n" + frames)  # the name is there: another cause
    assert (between.returncode, between.stdout) == (1, "")


def test_no_init_weights_raised_outside_auto_gptq_names_the_importer_to_upgrade() -> None:
    assert _explain(str(REVIEW / "gptqmodel-2328.log")).stdout.splitlines()[1:3] == [
        "  cause: transformers >= 5.0 moved no_init_weights from transformers.modeling_utils to "
        "transformers.initialization; the importing package imports it from the old place",
        "  fix: upgrade the importing package to a release that imports it from transformers.initialization, or "
        "pip install 'transformers<5'",
    ]
    log = ("Traceback (most recent call last):\n"
           '  File "/venv/lib/python3.11/site-packages/gptqmodel/models/base.py", line 12, in <module>\n'
           "    from transformers.modeling_utils import no_init_weights\n"
           "ImportError: cannot import name 'no_init_weights' from 'transformers.modeling_utils'\n")
    assert _explain(stdin=log).stdout.splitlines()[2] == (
        "  fix: upgrade gptqmodel to a release that imports it from transformers.initialization, or pip install "
        "'transformers<5'")
    in_auto_gptq = log.replace("gptqmodel/models/base.py", "auto_gptq/modeling/_base.py")
    assert _explain(stdin=in_auto_gptq).stdout.splitlines()[1].startswith(  # the auto_gptq-scoped one first
        "  cause: transformers >= 5.0 moved no_init_weights to transformers/initialization.py; every auto-gptq")
    assert _explain(stdin="transformers==4.57.1\n" + log).returncode == 1


def test_here_says_which_installed_version_rules_a_recognised_failure_out() -> None:
    import importlib.metadata as md

    log = ("Traceback (most recent call last):\n"
           '  File "/venv/lib/python3.11/site-packages/auto_gptq/modeling/_base.py", line 12, in <module>\n'
           "ImportError: cannot import name 'no_init_weights' from 'transformers.modeling_utils'\n")
    try:
        installed = md.version("transformers")
    except md.PackageNotFoundError:
        reason = "transformers is not installed here (the failure happens with transformers>=5.0.0.dev0)"
    else:
        if Version(installed) >= Version("5.0.0.dev0"):
            pytest.skip(f"transformers {installed} can produce this failure")
        reason = f"installed transformers {installed} is outside transformers>=5.0.0.dev0, where the failure happens"
    result = _explain("--here", stdin=log)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "ImportError: cannot import name 'no_init_weights' from 'transformers.modeling_utils'",
        "  recognised: transformers >= 5.0 moved no_init_weights to transformers/initialization.py; every auto-gptq "
        "release imports it from transformers.modeling_utils",
        f"  ruled out here: {reason}",
        "the log shows a known GLM-stack failure, but not one this environment's installed versions can produce",
    ]
    reading = read(log, frozenset({"auto_gptq"}))
    assert known_failures.ruled_out(reading.failures[0], Versions.installed({"transformers": "4.46.3"}, None)) \
        is not None
    assert known_failures.ruled_out(reading.failures[0], Versions.installed({"transformers": "5.0.0"}, None)) is None


def test_a_glibcxx_error_names_the_library_that_needs_the_symbol() -> None:
    result = _explain(str(REVIEW / "pytorch-87279.log"))
    assert result.stdout.splitlines()[1] == (
        "  cause: torch's libtorch_python.so was built against a newer GLIBCXX than the library loaded for it "
        "(/usr/lib/x86_64-linux-gnu/libstdc++.so.6) provides: GLIBCXX_3.4.30 not found")
    bare = explain_load_error("version `GLIBC_2.29' not found")
    assert bare is not None
    assert bare.cause == ("the extension (or a library it links) was built against a newer GLIBC than the library "
                          "loaded for it provides: GLIBC_2.29 not found")


@pytest.mark.parametrize(("found", "cuda"), [("9010", "9.1"), ("10010", "10.1"), ("11060", "11.6")])
def test_the_driver_too_old_cause_decodes_this_logs_found_version(found: str, cuda: str) -> None:
    log = f"RuntimeError: The NVIDIA driver on your system is too old (found version {found}).\n"
    lines = _explain(stdin=log).stdout.splitlines()
    assert lines[1] == (f"  cause: the NVIDIA driver is older than the CUDA runtime torch was built with (found version "
                        f"{found} is CUDA {cuda}, the newest CUDA this driver supports)")
    assert lines[-1] == f"  seen in the log: driver CUDA {cuda} (found version {found})"


def test_an_old_nvidia_smi_banner_without_a_cuda_column_still_shows_the_driver() -> None:
    banner = ("+-----------------------------------------------------------------------------+\n"
              "| NVIDIA-SMI 390.77                 Driver Version: 390.77                    |\n"
              "|-------------------------------+----------------------+----------------------+\n")
    lines = _explain(stdin=banner + "RuntimeError: The NVIDIA driver on your system is too old\n").stdout.splitlines()
    assert lines[1] == ("  cause: the NVIDIA driver is older than the CUDA runtime torch was built with (the found "
                        "version, when shown, encodes the newest CUDA the driver supports)")
    assert lines[-1] == "  seen in the log: driver 390.77"


CPM_NO_KERNEL = """\
Traceback (most recent call last):
  File "/root/.cache/huggingface/modules/transformers_modules/chatglm-6b-int4/quantization.py", line 80, in forward
    output = W8A16LinearFunction.apply(input, self.weight, self.weight_scale, self.weight_bit_width)
  File "/usr/local/lib/python3.10/site-packages/cpm_kernels/kernels/base.py", line 48, in __call__
    func = self._prepare_func()
  File "/usr/local/lib/python3.10/site-packages/cpm_kernels/library/cuda.py", line 233, in cuModuleLoadData
    checkCUStatus(cuda.cuModuleLoadData(ctypes.byref(module), data))
  File "/usr/local/lib/python3.10/site-packages/cpm_kernels/library/cuda.py", line 216, in checkCUStatus
    raise RuntimeError("CUDA Error: %s" % cuGetErrorString(error))
RuntimeError: CUDA Error: no kernel image is available for execution on the device
"""


def test_no_kernel_image_raised_through_cpm_kernels_says_what_its_kernels_carry() -> None:
    lines = _explain(stdin=CPM_NO_KERNEL).stdout.splitlines()
    assert lines[1:3] == [
        "  cause: the kernel that failed is cpm_kernels' (ChatGLM's int4/int8 quantization: cpm-kernels 1.0.11's "
        "fatbins, or the kernel ChatGLM's quantization.py embeds and loads through cpm_kernels), which carries SASS "
        "sm_61, sm_62, sm_70, sm_72, sm_75, sm_80, sm_86 and no PTX: a GPU outside those (K80, P100 (6.0), Orin (8.7), "
        "H100 (9.0) and newer) has no kernel image in it, and no torch build changes that",
        "  fix: load the model unquantized (FP16/BF16), or quantize on a GPU of compute capability 6.1 to 8.9 (not "
        "Orin); otherwise the kernels must be rebuilt for this GPU's sm (OpenBMB/cpm_kernels#13 rebuilt cpm_kernels "
        "for sm_120)",
    ]
    elsewhere = _explain(stdin="RuntimeError: CUDA error: no kernel image is available for execution on the device\n")
    assert elsewhere.stdout.splitlines()[1].startswith("  cause: the compiled kernels contain no code")


def test_here_holds_the_installed_cpm_kernels_against_the_visible_gpus() -> None:
    import importlib.metadata as md

    from pytest_autoglm_compat.checks.installed_code import installed_code_lines
    from pytest_autoglm_compat.facts.probe import Gpu

    gpus = [Gpu(0, "NVIDIA H100 80GB HBM3", "GPU-0", "9.0", None), Gpu(1, "Tesla T4", "GPU-1", "7.5", None)]
    assert installed_code_lines("no-such-distribution", gpus) == ["GPU code here: no-such-distribution is not installed"]
    try:
        version = md.version("cpm-kernels")
    except md.PackageNotFoundError:
        if "cpm-kernels" in os.environ.get("AUTOGLM_GPU_CODE_REQUIRED", "").split(","):
            pytest.fail("cpm-kernels is required here (AUTOGLM_GPU_CODE_REQUIRED) but not installed")
        pytest.skip("cpm-kernels is not installed here (nox -s gpu_code installs it)")
    carried = (f"cpm-kernels {version}: cpm_kernels/kernels/cuda/ (11 .fatbin files), which carry SASS sm_61, sm_62, "
               "sm_70, sm_72, sm_75, sm_80, sm_86")
    assert installed_code_lines("cpm-kernels", gpus) == [
        f"GPU code here: NVIDIA H100 80GB HBM3 (cuda:0, sm_90) has no kernel image in {carried}",
        f"GPU code here: Tesla T4 (cuda:1, sm_75) runs SASS sm_75 from {carried}",
    ]
    assert installed_code_lines("cpm-kernels", []) == [
        f"GPU code here: no GPU visible to hold cpm-kernels {version} against"]
