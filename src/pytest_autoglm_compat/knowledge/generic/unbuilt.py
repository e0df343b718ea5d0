"""A package's compiled extension that is not there: not built at install, not a release's missing name.

"No module named 'mmcv._ext'" is a compiled part the installed package has none
of (a build that skipped or failed to compile it, a build without its ops), as
its name says (``_ext``, ``_C``, ``*_cuda``, ``*_cpp``, ``*cython``); the same words
for a pure module say a release lacks it (``api``). From a source checkout's own
frames it is the checkout shadowing the package (``api`` says nothing then).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

#: a compiled module's name as packages give them: "mesh_core_cython", "_C", "_ext", "nms_cuda", "roi_align_cpp"
_COMPILED_NAME = re.compile(r"(?:cython|_C|_ext|_cuda|_cpp|_kernels?)$|^_C$")


def compiled_name(name: str) -> bool:
    """Whether a module's name (its last part) is one packages give their compiled extensions; a module named as its
    package is (``llama_cpp.llama_cpp``, pure Python: the second reader's case)."""
    first, _, last = name.rpartition(".")
    return _COMPILED_NAME.search(last) is not None and last != first.partition(".")[0]


def not_built(module: str, name: str, owner: str, *, unknown_location: bool) -> Hint | None:
    """The compiled extension ``name`` (of ``module``) the installed ``owner`` lacks; None for another name.

    ``unknown_location``: asked of a folder with no __init__.py (survey17c: comfyui-reactor#459, insightface's
    mesh_core_cython); otherwise a submodule a package's import asked for (holdout26b: Semi-UIR#30, mmcv._ext)."""
    if not compiled_name(name):
        return None
    fix = (f"install {owner}'s prebuilt wheel for this Python and platform, or reinstall it with a C/C++ "
           f"compiler present (pip install --force-reinstall --no-cache-dir {owner}) and read the build's output")
    if unknown_location:
        return Hint(f"{module} holds no {name} this Python can load: it is a compiled extension of {owner} "
                    "that was not built when the package was installed (no C/C++ compiler, a failed build, or a build "
                    "for another Python), and the folder is no regular package (\"unknown location\")", fix,
                    "reasoned from the log: Python's import of a name from a folder that is not a package",
                    family="extension-build")
    return Hint(f"the installed {owner} has no {name}, its compiled extension (as the name says): {owner} was "
                "installed without it (a build that skipped or failed to compile it, a build without its compiled "
                "ops) or for another Python, not a release that lacks a module",
                f"install the build of {owner} made for this Python, torch and CUDA (its project's wheels or index), "
                f"or reinstall it with a C/C++ compiler (and the CUDA toolkit, for GPU ops) present (pip install "
                f"--force-reinstall --no-cache-dir {owner}) and read the build's output",
                "reasoned from the log: a compiled extension's name, missing from the installed package",
                family="extension-build")


#: a top-level module named as a package's own CUDA extension, in three words or more (apex's fused_layer_norm_cuda,
#: mamba's selective_scan_cuda); two words are as often a package's name (dask_cuda, numba_cuda: the second reader's)
_EXTENSION_OWN = re.compile(r"^[A-Za-z0-9]+_[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*_cuda$")
_TOP_LEVEL_MISSING = re.compile(r"^No module named '(?P<module>[A-Za-z_]\w{0,100})'$")


def extension_not_installed(failure: Failure) -> Hint | None:
    """A top-level module, named as a package's own CUDA extension, missing where no frame shows who asked
    (holdout29b: apex#156, apex#499): the package that builds it was installed without it."""
    found = _TOP_LEVEL_MISSING.match(failure.message) if failure.frames is None else None
    if found is None or not failure.is_a("builtins.ImportError") or _EXTENSION_OWN.search(found["module"]) is None:
        return None
    module = found["module"]
    return Hint(f"the compiled extension module {module} (as its name says) is not installed: the package that builds "
                "it (whose code imports it) was installed without compiling its extensions, or for another Python",
                "reinstall that package with its C++/CUDA extensions built (its install guide's options, such as "
                "apex's --cpp_ext --cuda_ext, with a CUDA toolkit of torch's CUDA major and --no-build-isolation), or "
                "its prebuilt wheel for this Python, torch and CUDA",
                "reasoned from the log: a compiled extension's name, missing with no frame to show its package",
                family="extension-build")
