"""A traceback the log shows without its error (the paste, or the excerpt of it, ends inside it).

Its frames still say where the failure happened. Three places say what was going on: pip's build hooks
running a package's setup.py (a build from source), torch's cpp_extension compiling code at run time (a
JIT build), and transformers calling a model repository's own code (trust_remote_code) through one of
the methods it expects model code to have. Anywhere else the frames say too little: no answer.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import CUT_TRACEBACK, Failure
from ..signatures import bundled_known_failures
from .api import REMOTE_CODE_FIX, repository_of
from .atlas import atlas_distributions, name_change
from .builds import BUILD_HOOKS
from .machine import Situation
from .names import CONVENTIONAL_ALIASES, distribution_of, is_standard

_GET_REQUIRES = re.compile(r":(?:get_requires_for_build_\w+|_get_build_requires)$")
_JIT = "torch.utils.cpp_extension:"
#: remote model code's own computation, where any error (out of memory, a shape) can arise: not an interface
_COMPUTATION = frozenset({"forward", "__call__", "_call_impl", "_wrapped_call_impl", "<lambda>", "<genexpr>"})
_CUT = "the traceback is cut before its error"
#: the innermost frame's source line where the paste ends on a raise: 'raise AssertionError("Torch not compiled with C'
_RAISE = re.compile(r"raise (?P<type>\w+)\(f?[\"'](?P<text>[^\"'\n]{8,200})")


def cut(failure: Failure, situation: Situation | None = None) -> Hint | None:
    """What the frames of a traceback without its error line show, where their place says it."""
    if failure.types != (CUT_TRACEBACK,) or not failure.frames:
        return None
    frames = [f for f in failure.frames if not is_standard(f.partition(":")[0])]
    if any(_GET_REQUIRES.search(f) for f in frames):
        if situation is not None and not situation.torch_named:
            return None  # nothing of torch: the build's own words, cut off, would say why
        return Hint(f"pip ran a package's setup.py to ask for its build requirements ({_CUT}): that runs in pip's "
                    "isolated build environment, which holds only the requirements the package declares; a "
                    "setup.py that imports torch (flash-attn, auto-gptq and other CUDA extensions) fails there",
                    "install torch first, then the package with: pip install --no-build-isolation <package> (or "
                    "a prebuilt wheel of it for this Python, torch and CUDA)",
                    f"reasoned from the log: {_CUT}; its frames are pip's build hooks (get_requires_for_build_wheel)",
                    family="extension-build")
    if any(BUILD_HOOKS.search(f) for f in frames):
        if situation is not None and situation.local_fault:
            return None  # the machine refused the build (a full disk, the compiler out of memory: piwheels#363)
        return Hint(f"pip's build of a package from source failed in its setup.py ({_CUT}; the build's own output, "
                    "where the full log has it, says why)",
                    "install a prebuilt wheel of the package for this Python, torch and CUDA (the project's release "
                    "page), or the compiler and CUDA toolkit its build documents, then build again",
                    f"reasoned from the log: {_CUT}; its frames are pip's build hooks running setup.py",
                    family="extension-build")
    raised = _RAISE.match(failure.message) if failure.message else None
    if raised and frames[-1].startswith("torch.cuda:") and raised["text"].startswith("Torch not compiled"):
        known = next(k for k in bundled_known_failures() if k.id == "torch-not-cuda")  # one wording of its cause
        return Hint(f"torch's CUDA initialisation ({frames[-1]}) raised {raised['type']}(\"{raised['text']}...\") "
                    f"({_CUT}, inside the raise line): \"Torch not compiled with CUDA enabled\": {known.cause}",
                    known.fix,
                    f"reasoned from the log: {_CUT}; the innermost frame is torch.cuda's and its source line is "
                    f"the raise; {known.source}", family=known.family)
    jit = next((i for i, f in enumerate(frames) if f.startswith(_JIT)), None)
    if jit is not None and not (situation is not None and situation.build_input_missing):
        # ninja's "'.../rwkv/cuda/wrapper.cpp', needed by 'wrapper.o', missing and no known rule to make it": a source
        # file the build cannot find (a path the tools misread, a package without its sources), not its toolchain
        # (holdout55b's distractor wenda#278, a folder named in Chinese)
        caller = next((f.partition(":")[0] for f in reversed(frames[:jit])
                       if not f.startswith(("torch.", _JIT))), "")
        whose = f"{distribution_of(caller)}'s " if caller and "." in caller else ""
        return Hint(f"torch.utils.cpp_extension was compiling {whose}C++/CUDA extension at run time (a JIT build) "
                    f"when it failed ({_CUT}): the build needs nvcc of torch's CUDA major, a host compiler and "
                    "ninja, and an nvcc that knows this GPU's architecture",
                    "install the CUDA toolkit of torch's CUDA (CUDA_HOME), a compiler and ninja, and set "
                    "TORCH_CUDA_ARCH_LIST to this GPU's architecture if the toolkit is older than the GPU; or "
                    "install a release of the package with prebuilt kernels",
                    f"reasoned from the log: {_CUT}; its frames are in torch.utils.cpp_extension's build",
                    family="extension-build")
    return _remote(frames)


def _remote(frames: list[str]) -> Hint | None:
    """transformers calling a model repository's method, the innermost frame shown: an interface model code
    written for another transformers may not have as this one calls it."""
    if len(frames) < 2:
        return None
    inner, caller = frames[-1], frames[-2]
    module, _, function = inner.partition(":")
    if not module.startswith("transformers_modules.") or function in _COMPUTATION:
        return None
    if not caller.startswith("transformers.") or caller.startswith("transformers_modules."):
        return None
    repo, file = repository_of(module)
    return Hint(f"transformers ({caller}) called the model repository's own code ({repo}, {file}.py: {function}), "
                f"and it failed there ({_CUT}): a method transformers calls on model code it did not write is "
                "where that code, written for another transformers release, most often breaks",
                f"{REMOTE_CODE_FIX}; the error line, where the full log has it, says which",
                f"reasoned from the log: {_CUT}; its innermost frame is a model repository's code called by "
                "transformers", family="remote-code-mismatch")


#: a call through a module on the innermost frame's line: "pd.Float64Index(", "torchaudio.list_audio_backends("
_MODULE_CALL = re.compile(r"(?<![\w.])(?P<module>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.(?P<name>[A-Za-z_]\w*)\(")


#: a setup script's own check of the Python, by its function's name: llvmlite's and numba's `_guard_py_ver`
_PYTHON_GUARD = re.compile(r"^_*(?:guard|check)_?py(?:thon)?_?ver(?:sion)?$")


def cut_at_a_python_guard(failure: Failure) -> Hint | None:
    """A traceback cut inside a setup script's own check of the Python version (holdout107a: llvmlite#1385, numba's and
    llvmlite's `_guard_py_ver` refusing a Python newer than the release supports)."""
    if failure.types != (CUT_TRACEBACK,) or not failure.frames:
        return None
    function = failure.frames[-1].rpartition(":")[2]
    if not _PYTHON_GUARD.match(function):
        return None
    return Hint(f"the package's setup script refused this Python in its own check ({function}; {_CUT}): the release "
                "pip chose to build supports an older (or newer) Python range only",
                "install a release of the package that supports this Python (a newer llvmlite or numba for a newer "
                "Python: the requirement that pins the old one names it), or use a Python in the release's range",
                "reasoned from the log: the setup script's Python check, by its name", family="version-guard")


#: an installed package's own check of another's version, by its function's name ("_get_sklearn_version",
#: "check_version"), whose line raises its own words of a version ("raise ValueError(\"Sklearn version error\")"):
#: holdout113a's pycaret#951, pyod refusing scikit-learn 0.24
_VERSION_CHECK = re.compile(r"_?(?:get|check)_(?P<what>[a-z0-9]{2,30})_version$|_?check_(?P<what2>[a-z0-9]{2,30})$")
#: what a check's name may end in that is no package ("check_version", "check_min_version", "_check_cuda_version")
_NOT_A_PACKAGE = frozenset({"version", "versions", "py", "python", "requirements", "deps", "dependencies", "min",
                            "minimum", "max", "maximum", "lib", "libs", "package", "packages", "pkg", "module",
                            # no package a requirement names: the machine's (torchvision's _check_cuda_version)
                            "cuda", "cudnn", "driver", "gpu", "compiler", "gcc", "os", "system", "platform"})
#: pkg_resources' raise of a requirement not met: "raise VersionConflict(dist, req).with_context(dependent_req)"
_RAISES_CONFLICT = re.compile(r"\s*raise (?:Contextual)?VersionConflict\(")
_RAISES_VERSION = re.compile(r"\s*raise \w{1,60}\([\"'][^\"'\n]{0,120}\b[Vv]ersion\b")


def cut_at_a_version_check(failure: Failure) -> Hint | None:
    """A traceback cut at the raise of an installed package's own version check of another package, or of
    pkg_resources' check of a distribution's requirements."""
    if failure.types != (CUT_TRACEBACK,) or not failure.frames or not failure.source:
        return None
    if failure.frames[-1].startswith("pkg_resources:") and _RAISES_CONFLICT.match(failure.source):
        # (holdout146a: kedro#864 and kedro-great#9, a plugin's entry point loaded through pkg_resources)
        return Hint(f"pkg_resources refused to load a distribution ({_CUT}, at its raise of VersionConflict): an "
                    "installed distribution does not meet a requirement of the one being loaded (a plugin's entry "
                    "point, a console script), installed beside a release it does not accept",
                    "pip check lists the requirement not met; install the release it asks for (pip install "
                    "'<package><spec>'), or a release of the loaded distribution that accepts the installed one",
                    f"reasoned from the log: {_CUT}; its innermost frame is pkg_resources' requirement check, raising",
                    family="version-guard")
    module, _, function = failure.frames[-1].rpartition(":")
    checked = _VERSION_CHECK.match(function)
    if checked is None or not _RAISES_VERSION.match(failure.source) or is_standard(module):
        return None
    what = checked["what"] or checked["what2"]
    if what in _NOT_A_PACKAGE:
        return None  # a plain check_version names no package it checks: nothing in the log says which
    package = distribution_of(module)
    return Hint(f"{package}'s own check of {what}'s version ({function}) refused the installed {what} ({_CUT}, at "
                "its raise): the two are from releases that do not fit",
                f"install the {what} release {package} supports (its requirements, or its error's words where the "
                f"full log shows them), or a release of {package} that supports the installed {what}",
                f"reasoned from the log: {_CUT}; its innermost frame is {package}'s version check, raising",
                family="version-guard")


def cut_at_a_removed_call(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A traceback cut at its innermost line, which calls a module's name the atlas shows a release removed (pandas
    2.0.0's Float64Index: holdout90a's propkatraj#32; torchaudio's list_audio_backends: holdout106a's
    silero-vad#715): that release's AttributeError, most likely, is what the paste lost."""
    if failure.types != (CUT_TRACEBACK,) or not failure.source or not failure.frames:
        return None
    calls = [(m["module"], m["name"]) for m in _MODULE_CALL.finditer(failure.source)]
    for written, name in calls:
        if written.startswith("self"):
            continue
        top, _, rest = written.partition(".")
        module = CONVENTIONAL_ALIASES.get(top, top) + (f".{rest}" if rest else "")
        dist = distribution_of(module)
        if dist not in atlas_distributions():
            continue
        change = name_change(dist, module, name)
        change = change.narrowed(version_of(dist)) if change is not None else None
        if change is None or change.removed_in is None or (change.added_in is not None and not change.both):
            continue
        installed = version_of(dist)
        which = f"{dist} {installed}" if installed else f"the installed {dist}"
        return Hint(f"the paste ends ({_CUT}) at a line that calls {written}.{name}, which {which} most likely "
                    f"does not have: {change.told}, so the code was written for {change.written_for} {dist}",
                    change.fix(f"code that follows this {dist}"),
                    f"reasoned from the log's last line and {change.source}", family="api-mismatch")
    return None
