"""The generic layer: what a failure shows when no known failure matches it.

Reasoned from the failure itself (its type and message, the packages its frames
run, the versions the log shows), never from a remembered case: two packages'
releases that do not fit, a version guard, model repository code against the
installed transformers, an extension that could not be built, a binary made for
another machine. A generic answer says only what the log shows; a known failure,
where one matches, wins with its sourced cause (``known_failures.explain``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from .android_loader import android_symbol
from .api import UNFRAMED_SUBMODULE, asked, mismatch
from .artifacts import made_by_another_release
from .atlas import owners_of_class
from .attention import flash_attention_added
from .base_named import named_after_its_base
from .binary_words import binary_words
from .builds import binary, build
from .c_api_builds import private_c_api_call
from .c_libraries import build_tool_refuses, c_library_versions
from .commands import missing_command
from .compile_pythons import compile_refuses_python
from .conda_envs import conda_cpu_swap, pin_differs
from .cudnn_loads import cudnn_part_unloaded
from .custom_ops import custom_op_failed
from .cut import cut, cut_at_a_python_guard, cut_at_a_removed_call, cut_at_a_version_check
from .format_versions import format_version
from .forwards import forward_keyword
from .found_bounds import found_against_bound
from .gpu_floors import gpu_below_floor
from .guards import guard
from .gym_api import gym_seed_removed, gym_spaces_mixed, gym_step_api, gym_wrapper_attribute
from .host_checks import host_check
from .hpc_solvers import conda_conflicts_cut, hpc_solver
from .import_checks import import_check
from .legacy_cache import legacy_cache
from .library_checks import library_checks
from .library_loaders import library_loaders
from .machine import Situation
from .macos_loader import macos_loader
from .made_elsewhere import made_elsewhere
from .methods import method_of_a_release
from .model_outputs import output_unpacked
from .model_types import unknown_model_type_key
from .nameless import nameless_keyword
from .names import distribution_of, top
from .native_deps import native_dependency_missing
from .notebook_tools import notebook_tools
from .numpy_abi import numpy_abi
from .offered import placeholder_built
from .overrides import override_keyword
from .own_words import expected_version, own_words
from .pickled import unpickled
from .plugins import asks_host, host_plugin
from .positional import positional_call
from .protocols import protocol_removed
from .python_build import built_without_library
from .python_floor import absl_floor
from .pythons import site_of_another_python
from .read_only import read_only_assigned
from .release_reasons import release_reasons
from .released import released
from .remote_code import remote_code
from .removals import deprecation_expired, deprecation_raised, expired_alias_unworded, removed_in_its_release
from .resolver import resolution_too_deep
from .runtime_libraries import (
    cpu_build_words,
    cuda_library_lacks,
    cudnn_loaded,
    kernel_image_missing,
    kernel_image_unowned,
    nvrtc_arch,
)
from .runtime_words import runtime_words
from .runtimes import (
    cuda_kernel_missing,
    driver_too_old,
    generated_code,
    gpu_below_tensorflow,
    jax_libraries,
    nvrtc_builtins,
    torch_gpu,
    torch_wheel,
    wheels_only,
)
from .saved_files import saved_by_another_release
from .setup_scripts import setup_checks_its_dependencies, setup_reads_cpu_torch
from .shadowed import file_not_package, shadowed_module
from .situation import capability_text
from .source_fits import source_fit
from .spelling import respelled_name
from .stdlib import python_release
from .super_calls import base_method, subclass_hook_asks
from .syntax import newer_syntax, union_of_types
from .tokenizers import tokenizer_before_init
from .tool_checks import dask_versions, ray_versions, tool_check
from .toolchain_words import toolchain_failed
from .torch_compilers import torch_compiler
from .unbuilt import extension_not_installed
from .unfit import seen_installed
from .wheels import lambda_package, sources_only, tags_refused
from .windows_builds import unix_build_on_windows, windows_compiler_missing
from .worded import worded

__all__ = ["GENERIC_FAMILIES", "Situation", "reason"]

#: the families a generic answer names (tests/data/real/families.toml declares them for the corpus)
GENERIC_FAMILIES = ("version-guard", "extension-build", "binary-mismatch", "remote-code-mismatch", "api-mismatch")


def _none(name: str) -> str | None:
    return None


_NOTHING_SEEN = Situation()


#: an exception a program caught and printed as its repr inside its own message: pymfe's warning "Error message:
#: TypeError("OneHotEncoder.__init__() got an unexpected keyword argument 'sparse'")." (holdout35a: pymfe#134)
_EMBEDDED = re.compile(r"""\b(?P<type>[A-Z]\w*(?:Error|Exception))\((?P<quote>['"])"""
                       r"(?P<message>[^\n]{1,2000}?)(?P=quote)\)")
#: msgspec's words for a keyword a Struct has no field of, naming neither the class nor the call (vLLM's
#: SamplingParams from 0.5.5: holdout37a's GLM-4#606, "TypeError: Unexpected keyword argument 'use_beam_search'")
_STRUCT_KEYWORD = re.compile(r"\s*Unexpected keyword argument '(?P<keyword>\w+)'\s*")
_CLASS_CALLED = re.compile(r"(?<![\w.])(?P<cls>[A-Z]\w*)\(")
#: a class called through its package's modules: "gensim.models.Word2Vec(" (the package, the class)
_QUALIFIED_CLASS = re.compile(r"(?<![\w.])(?P<package>[a-z_]\w*)(?:\.\w+)*\.(?P<cls>[A-Z]\w*)\(")


def reason(failure: Failure, version_of: Callable[[str], str | None] = _none,
           situation: Situation = _NOTHING_SEEN) -> Hint | None:
    """The generic answer for a failure no known failure explains, or None where the failure shows too little.

    ``version_of``: a distribution's version as the log shows it (or as installed), None where unknown.
    """
    if _shadowed_by_itself(failure):
        return None
    if "is not a package" in failure.message:
        told = file_not_package(failure)
        if told is not None:
            return told
    called = _called_class(failure, version_of)  # the class the line calls says more than the frames' asker
    told = (_reason(called, version_of, situation) if called is not None else None) or _reason(
        failure, version_of, situation)
    if told is not None:
        return told
    embedded = _embedded(failure)
    if embedded is not None:
        told = _reason(embedded, version_of, situation)
        if told is not None and told.source == UNFRAMED_SUBMODULE and not _seen_as_installed(embedded, version_of):
            # an exception's repr a program logged ("ModuleNotFoundError(\"No module named 'stable_diffusion.ldm'\")"),
            # of a package the log shows nowhere as installed: a folder an add-on bundles is no release (holdout152b's
            # distractor dream-textures#217, the repository's source installed instead of its packaged release)
            return None
        return told
    struct = _struct_call(failure)
    return _reason(struct, version_of, situation) if struct is not None else None


def _seen_as_installed(failure: Failure, version_of: Callable[[str], str | None]) -> bool:
    """The package whose module the failure asks for is one the log (or the atlas, or the name table) shows."""
    shape = asked(failure)
    if shape is None or shape.module is None:
        return False
    owner = shape.owner or distribution_of(shape.module)
    return seen_installed(owner, top(shape.module), failure, version_of(owner))


#: Python's words for a module found as a file where a package was asked: "No module named 'mcp.server.fastmcp';
#: 'mcp.server' is not a package"
_NOT_A_PACKAGE = re.compile(r"; '(?P<module>[\w.]+)' is not a package")


def _shadowed_by_itself(failure: Failure) -> bool:
    """The running file is the module Python says is not a package: a script named like the package it imports from,
    run from inside a folder of that name (the session-38 second reader's ~/mcp/mcp/server.py), not a release's."""
    found = _NOT_A_PACKAGE.search(failure.message) if "is not a package" in failure.message else None
    return found is not None and any(frame.partition(":")[0] == found["module"] for frame in failure.frames or ())


def _embedded(failure: Failure) -> Failure | None:
    """The exception a message carries as its repr (a builtin's), raised where the message was (the frames that
    printed it are the nearest seen)."""
    found = _EMBEDDED.search(failure.message) if "(" in failure.message else None
    types = Failure.from_name(found["type"], "").types if found is not None else ()
    if found is None or types == (found["type"],):
        return None  # no builtin exception's repr in the message
    return dataclasses.replace(failure, types=types, message=found["message"], loading=None, source=None)


#: Python before 3.10's words for a constructor's refused keyword, naming no class (holdout45a: vllm#548's
#: "__init__() got an unexpected keyword argument 'trust_remote_code'" under "engine_args = EngineArgs(")
_NAMELESS_INIT = re.compile(r"\s*__init__\(\) got an unexpected keyword argument '(?P<keyword>\w+)'\s*")


def _called_class(failure: Failure, version_of: Callable[[str], str | None]) -> Failure | None:
    """A constructor's refused keyword, in Python 3.10's words for the one class the failing line calls."""
    found = _NAMELESS_INIT.fullmatch(failure.message) if failure.is_a("builtins.TypeError") else None
    if found is None:
        return None
    qualified = set(_QUALIFIED_CLASS.findall(failure.source or "")) or (
        _relayed_call(failure) if not _CLASS_CALLED.search(failure.source or "") else set())
    if len(qualified) == 1:  # "gensim.models.Word2Vec(": the package the line names (session 29's second reader)
        (package, cls), = qualified
        if distribution_of(package) in owners_of_class(cls):
            return _constructor_refused(failure, cls, found["keyword"])
    called = _refused_by_the_class_called(failure, _NAMELESS_INIT)
    if called is None:
        return None
    cls, keyword = called
    ran = {distribution_of(package) for package in failure.packages or ()}
    owners = set(owners_of_class(cls))
    # the class's package's own code makes the call (vLLM's LLM building its EngineArgs); from a script, a class of
    # that name may be the script's own (the session-22 second reader's Trainer(..., tokenizer=...)) or another
    # package's the atlas does not read (pyspark's Word2Vec: the session-29 second reader), unless one package alone
    # defines it and the log shows that package's release (holdout70a: gensim#3034, "gensim 3.8.3" over
    # "Word2Vec(sentences=docs, vector_size=200, ...)")
    if ran & owners or (len(owners) == 1 and version_of(min(owners))):
        return _constructor_refused(failure, cls, keyword)
    return None


def _struct_call(failure: Failure) -> Failure | None:
    """msgspec's refusal of a keyword, in Python's words for the one class the failing line calls."""
    called = _refused_by_the_class_called(failure, _STRUCT_KEYWORD)
    return _constructor_refused(failure, *called) if called is not None else None


def _relayed_call(failure: Failure) -> set[tuple[str, str]]:
    """The class a line called through its own package's wrapper, which relayed the call to the constructor
    (scikit-learn's keyword-only decorator, ``inner_f``'s "return f(**kwargs)": holdout179a's lime#545,
    "sklearn.preprocessing.OneHotEncoder(categorical_features=...)"): the package's frames alone lie below the line."""
    frames, sources, packages = failure.frames or (), failure.sources or (), failure.packages or frozenset()
    at = len(frames) - 1
    while at >= 0 and frames[at].partition(":")[0].partition(".")[0] in packages:
        at -= 1
    if at < 0 or at == len(frames) - 1 or len(sources) != len(frames):
        return set()
    walked = {frames[below].partition(".")[0] for below in range(at + 1, len(frames))}
    written = _QUALIFIED_CLASS.findall(sources[at])
    qualified = {(package, cls) for package, cls in written if {package} == walked}
    if qualified or len(walked) != 1:
        return qualified
    # the class through a submodule's alias ("preprocessing.OneHotEncoder(": the session-48 second reader's): the one
    # class the line calls that the walked package defines
    (package,) = walked
    called = set(_CLASS_CALLED.findall(sources[at])) | {cls for _, cls in written}
    owned = {cls for cls in called if distribution_of(package) in owners_of_class(cls)}
    return {(package, owned.pop())} if len(owned) == 1 else set()


def _refused_by_the_class_called(failure: Failure, words: re.Pattern[str]) -> tuple[str, str] | None:
    """The one class the failing line calls, and the keyword a TypeError in ``words`` refuses (None: other words, or
    a line that calls no class or several)."""
    found = words.fullmatch(failure.message) if failure.is_a("builtins.TypeError") else None
    called = set(_CLASS_CALLED.findall(failure.source or "")) if found is not None else set()
    if found is None or len(called) != 1:
        return None
    return called.pop(), found["keyword"]


def _constructor_refused(failure: Failure, cls: str, keyword: str) -> Failure:
    return dataclasses.replace(failure, message=f"{cls}.__init__() got an unexpected keyword argument '{keyword}'")


def _reason(failure: Failure, version_of: Callable[[str], str | None], situation: Situation) -> Hint | None:
    try:
        if asks_host(failure, situation):
            return host_plugin(failure, situation)  # a host application's checkout: no release history to read
        return (cut(failure, situation) or cut_at_a_removed_call(failure, version_of) or cut_at_a_python_guard(failure)
                or cut_at_a_version_check(failure)
                or newer_syntax(failure, situation) or union_of_types(failure, situation)
                or build_tool_refuses(failure, situation) or torch_compiler(failure, situation)
                or source_fit(failure) or build(failure, version_of, situation)
                or setup_reads_cpu_torch(failure, version_of) or setup_checks_its_dependencies(failure)
                or torch_gpu(failure, situation)
                or numpy_abi(failure, version_of, situation) or generated_code(failure) or jax_libraries(failure)
                or torch_wheel(failure, situation) or wheels_only(failure, situation)
                or lambda_package(failure, situation)
                or site_of_another_python(failure, situation)
                or tags_refused(failure, situation)
                or driver_too_old(failure) or gpu_below_tensorflow(failure)
                or cuda_kernel_missing(failure) or nvrtc_builtins(failure, version_of)
                or own_words(failure, version_of) or expected_version(failure, situation)
                or resolution_too_deep(failure.message)
                or saved_by_another_release(failure)
                or absl_floor(failure, situation) or sources_only(failure, situation)
                or release_reasons(failure, situation)
                or guard(failure, version_of, situation.offline, listed_in_part=situation.tags_unknown,
                         other_index=situation.other_index, pip_causes=situation.pip_causes,
                         pip_headline=situation.pip_headline,
                         pypi_read=situation.pypi_read, not_linux=situation.macos or situation.windows,
                         macos=situation.macos)
                or unknown_model_type_key(failure, version_of)
                or found_against_bound(failure) or output_unpacked(failure) or compile_refuses_python(failure)
                or made_by_another_release(failure) or conda_cpu_swap(failure, situation.conda_cuda)
                or pin_differs(failure)
                or gym_step_api(failure) or gym_seed_removed(failure) or gym_wrapper_attribute(failure)
                or gym_spaces_mixed(failure)
                or notebook_tools(failure, situation.notebooks)
                or worded(failure, version_of) or import_check(failure, version_of) or tool_check(failure, situation)
                or made_elsewhere(failure, situation)
                or dask_versions(failure) or ray_versions(failure) or host_check(failure, situation.lab_headline)
                or runtime_words(failure, situation) or cudnn_loaded(failure) or nvrtc_arch(failure)
                or cpu_build_words(failure, situation) or cuda_library_lacks(failure) or macos_loader(failure)
                or binary_words(failure) or unix_build_on_windows(failure, situation)
                or windows_compiler_missing(failure) or custom_op_failed(failure)
                or native_dependency_missing(failure) or private_c_api_call(failure, situation)
                or library_checks(failure) or library_loaders(failure) or toolchain_failed(failure, situation)
                or hpc_solver(failure) or conda_conflicts_cut(failure, situation) or format_version(failure)
                or cudnn_part_unloaded(failure) or android_symbol(failure)
                or kernel_image_missing(failure, capability_text(situation))
                or gpu_below_floor(failure, capability_text(situation))
                or c_library_versions(failure, version_of, situation)
                or flash_attention_added(failure, version_of)
                or shadowed_module(failure) or placeholder_built(failure.message) or read_only_assigned(failure)
                or missing_command(failure, version_of)
                or binary(failure, version_of, situation) or remote_code(failure, version_of)
                or removed_in_its_release(failure) or expired_alias_unworded(failure, situation)
                or deprecation_raised(failure) or deprecation_expired(failure)
                or tokenizer_before_init(failure, version_of)
                or legacy_cache(failure, version_of)
                or built_without_library(failure) or python_release(failure, version_of, situation)
                or released(failure, version_of) or respelled_name(failure, version_of)
                or protocol_removed(failure, version_of)
                or override_keyword(failure, version_of) or forward_keyword(failure, version_of)
                or unpickled(failure, version_of) or extension_not_installed(failure)
                or mismatch(failure, version_of, situation.install_failed, situation.unversioned,
                            situation.fallback_imports, situation.printed_modules)
                or method_of_a_release(failure, version_of) or named_after_its_base(failure, version_of)
                or base_method(failure, version_of)
                or subclass_hook_asks(failure)
                or nameless_keyword(failure, version_of)
                or positional_call(failure, version_of)
                or kernel_image_unowned(failure, capability_text(situation)))
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception:  # never a traceback from an explanation: the failure is the user's news, not ours
        return None
