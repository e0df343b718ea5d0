"""Environments as users paste them into issues: torch's and vLLM's ``collect_env``, ``transformers env``,
``huggingface-cli env`` and ``pip show``.

Each names the installed versions in its own words, and some name the machine (torch's CUDA
build, the GPUs, the driver). Read here into one :class:`EnvReport`, for ``explain`` (the
versions a log shows) and ``check --requirements`` (a whole environment, GPUs and driver included).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ...model.gpu_models import capability_of

__all__ = ["EnvReport", "read_report"]


@dataclass(frozen=True)
class EnvReport:
    """What an environment report states; None or empty where it does not (or says "Could not collect")."""

    kind: str  # "torch collect_env", "vLLM collect_env", "transformers env", "huggingface-cli env", "pip show"
    packages: dict[str, str] = field(default_factory=dict)  # canonical name -> version
    torch_cuda: str | None = None  # "12.1": the CUDA torch was built with
    gpus: tuple[str, ...] = ()  # model names, in index order
    driver: str | None = None
    python: str | None = None

    def capabilities(self) -> tuple[str | None, ...]:
        return tuple(capability_of(gpu) for gpu in self.gpus)


_UNKNOWN = ("could not collect", "n/a", "none", "no cuda", "not installed", "<fill in>", "")
_FIELD = re.compile(r"^\s*(?:-\s+)?`?(?P<key>[^:`\n]{1,60}?)`?\s*(?:\?\s*)?:\s?(?P<value>.*)$")
_PIP_LINE = re.compile(r"^\s*\[(?:pip3?|conda)\]\s+(?P<name>[A-Za-z0-9][\w.-]*)\s*(?:==\s*|\s+)(?P<version>\d[^\s]*)")
_GPU_LINE = re.compile(r"^\s*GPU \d+:\s*(?P<name>.+?)\s*(?:\(UUID:[^)]*\))?\s*$")
_VERSION_KEY = re.compile(r"^(?P<name>[\w .-]+?)(?: version)?(?: \(GPU\?\))?$", re.IGNORECASE)
#: transformers env / huggingface-cli env keys that name a distribution
_ENV_KEYS = {"transformers": "transformers", "huggingface_hub": "huggingface-hub", "safetensors": "safetensors",
             "accelerate": "accelerate", "pytorch": "torch", "torch": "torch", "tensorflow": "tensorflow",
             "flax": "flax", "jax": "jax", "jaxlib": "jaxlib", "tokenizers": "tokenizers", "peft": "peft",
             "bitsandbytes": "bitsandbytes", "deepspeed": "deepspeed", "sentence transformers":
             "sentence-transformers", "diffusers": "diffusers", "fastai": "fastai", "jinja2": "jinja2",
             "graphviz": "graphviz", "pydot": "pydot", "pillow": "pillow", "hf_hub": "huggingface-hub",
             "fastcore": "fastcore", "numpy": "numpy", "pydantic": "pydantic", "aiohttp": "aiohttp",
             "hf_xet": "hf-xet", "gradio": "gradio"}


def _known(value: str) -> str | None:
    value = value.strip()
    return None if value.lower() in _UNKNOWN or value.lower().startswith(("could not", "not installed")) else value


def _version(text: str) -> str | None:
    token = text.strip().split()[0] if text.strip() else ""
    try:
        Version(token)
    except InvalidVersion:
        return None
    return token


_QUOTE = re.compile(r"^(?:[ \t]{0,8}>)+ ?")  # a reply's "> " quoting, on one line
#: words one of which every report read here has
_KINDS_WORDS = ("PyTorch version", "vLLM Version", "[pip", "[conda]", "transformers", "huggingface_hub", "Name: ")


def _prepared(line: str) -> str:
    """A line without a reply's quoting and Markdown's backticks, stripped (a regex only where a ">" is)."""
    if ">" in line[:64]:
        line = _QUOTE.sub("", line)
    return (line.replace("`", "") if "`" in line else line).strip()


def read_report(text: str) -> EnvReport | None:
    """The environment report ``text`` holds, or None where it is none of the kinds read here."""
    if not any(word in text for word in _KINDS_WORDS):
        return None  # most logs: one scan of a few literals
    # each line read up to 1,000 characters, stripped once: no pattern below rescans a long run of spaces
    # (a call only for a line with a quote's ">" or a backtick: a call per line of 100,000 took 0.3 s)
    lines = [_prepared(line[:1000]) if ">" in line[:64] or "`" in line else line[:1000].strip()
             for line in _near_report_words(text).splitlines()]
    text = "\n".join(lines)
    if "vLLM Version" in text and "PyTorch version" not in text:
        return _collect_env(text, "vLLM collect_env")
    if "PyTorch version" in text and ("CUDA used to build PyTorch" in text or "Is debug build" in text):
        return _collect_env(text, "vLLM collect_env" if "vLLM Version" in text or "vLLM Build Flags" in text
                            else "torch collect_env")
    if "Versions of relevant libraries" in text or any(_PIP_LINE.match(line) for line in lines):
        return _collect_env(text, "torch collect_env")
    if any(line.lstrip("- ").startswith("transformers version:") for line in lines):
        return _env_list(text, "transformers env")
    if any(line.lstrip("- ").startswith("huggingface_hub version:") for line in lines):
        return _env_list(text, "huggingface-cli env")
    if any(line.startswith("Name: ") for line in lines) and any(line.startswith("Version: ") for line in lines):
        return _pip_show(text)
    return None


#: the words a report's lines are near: its headline fields, pip's and conda's lines, pip show's fields
_REPORT_WORDS = re.compile(r"PyTorch version|vLLM Version|vLLM Build Flags|CUDA used to build|Is debug build|"
                           r"Versions of relevant|\[pip|\[conda\]|transformers`? version|huggingface_hub`? version|"
                           r"Name: |Version: ")
#: how many lines either side of those words a report's fields are read from (collect_env's GPU and driver fields
#: lie within 40 lines of its "PyTorch version", vLLM's within 150)
_NEAR = 200


def _near_report_words(text: str) -> str:
    """A long log's lines within _NEAR of a report's words, each stretch apart from the next by an empty line.

    A 100,000-line log that pastes collect_env somewhere is read around it (each of its lines read took 0.4 s);
    one of a few thousand lines is read whole.
    """
    if text.count("\n") <= 10 * _NEAR:
        return text
    stretches: list[list[int]] = []  # [first line, last line]
    line, at = 0, 0
    for hit in _REPORT_WORDS.finditer(text):
        line, at = line + text.count("\n", at, hit.start()), hit.start()
        if stretches and line - _NEAR <= stretches[-1][1] + 1:
            stretches[-1][1] = line + _NEAR
        else:
            stretches.append([max(0, line - _NEAR), line + _NEAR])
    lines = text.split("\n")
    return "\n\n".join("\n".join(lines[first:last + 1]) for first, last in stretches)


def _collect_env(text: str, kind: str) -> EnvReport:
    packages: dict[str, str] = {}
    torch_cuda = driver = python = None
    gpus: list[str] = []
    in_gpus = False
    for line in text.splitlines():
        if ":" not in line and "[" not in line:  # no field, GPU or pip line: most of a long log, skipped cheaply
            in_gpus = in_gpus and bool(line.strip()) and not line.strip().startswith("=")
            continue
        pip = _PIP_LINE.match(line)
        if pip:
            name = "torch" if pip["name"].lower() == "pytorch" else pip["name"]
            packages.setdefault(str(canonicalize_name(name)), pip["version"])
            continue
        gpu = _GPU_LINE.match(line)
        if gpu and in_gpus:
            gpus.append(gpu["name"])
            continue
        found = _FIELD.match(line)
        if found is None:
            in_gpus = in_gpus and bool(line.strip()) and not line.strip().startswith("=")
            continue
        key, value = found["key"].strip().lower(), found["value"].strip()
        in_gpus = key == "gpu models and configuration"
        if in_gpus:
            first = _GPU_LINE.match(value)
            if first:
                gpus.append(first["name"])
            elif _known(value) and not value.lower().startswith("gpu"):
                gpus.append(value)
        elif key == "pytorch version" and _version(value):
            packages["torch"] = _version(value) or ""
        elif key == "cuda used to build pytorch" and _known(value):
            torch_cuda = ".".join(value.split(".")[:2])
        elif key == "nvidia driver version" and _known(value):
            driver = value
        elif key == "python version" and _version(value):
            python = _version(value)
        elif key == "vllm version" and _version(value):
            packages["vllm"] = _version(value) or ""
    return EnvReport(kind, packages, torch_cuda, tuple(gpus), driver, python)


def _env_list(text: str, kind: str) -> EnvReport:
    packages: dict[str, str] = {}
    torch_cuda = python = None
    gpus: list[str] = []
    for line in text.splitlines():
        found = _FIELD.match(line)
        if found is None:
            continue
        key, value = found["key"].strip(), found["value"].strip()
        if key.lower() == "python version":
            python = _version(value)
            continue
        if key.lower() == "gpu type" and _known(value):
            gpus.append(value)
            continue
        named = _VERSION_KEY.match(key)
        name = _ENV_KEYS.get(named["name"].strip().lower()) if named else None
        version = _version(value) if name and _known(value) else None
        if name and version:
            packages[name] = version
            local = version.partition("+")[2]
            if name == "torch" and re.fullmatch(r"cu\d{3}", local):
                torch_cuda = f"{local[2:-1]}.{local[-1]}"
    return EnvReport(kind, packages, torch_cuda, tuple(gpus), None, python)


def _pip_show(text: str) -> EnvReport:
    packages: dict[str, str] = {}
    name = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("Name:"):
            name = stripped[5:].strip() or None
        elif stripped.startswith("Version:") and name:
            version = _version(stripped[8:])
            if version:
                packages[str(canonicalize_name(name))] = version
            name = None
    return EnvReport("pip show", packages)
