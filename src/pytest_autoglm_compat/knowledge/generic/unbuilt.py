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
from .names import is_standard, top

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
    found = _TOP_LEVEL_MISSING.match(failure.message)
    if found is None or not failure.is_a("builtins.ImportError"):
        return None
    module = found["module"]
    unframed_own = failure.frames is None and _EXTENSION_OWN.search(module) is not None
    if not unframed_own and not _named_after_its_importer(failure, module):
        return None
    if not unframed_own:
        owner = top(failure.frames[-1].partition(":")[0]) if failure.frames else "the package"
        return Hint(f"the compiled extension module {module} is not installed: {owner}'s code imports it by the name "
                    "of its own module with an extension's affix, and it was installed (or checked out) without "
                    "building its extensions, or for another Python",
                    f"build {owner}'s extensions as its install guide says (with a C/C++ compiler, and a CUDA toolkit "
                    f"of torch's CUDA major for GPU ops; pip install --no-build-isolation for one that builds against "
                    f"torch), or install its prebuilt wheel for this Python, torch and CUDA",
                    "reasoned from the log: a compiled extension's name, and the module of its package that imports "
                    "it", family="extension-build")
    return Hint(f"the compiled extension module {module} (as its name says) is not installed: the package that builds "
                "it (whose code imports it) was installed without compiling its extensions, or for another Python",
                "reinstall that package with its C++/CUDA extensions built (its install guide's options, such as "
                "apex's --cpp_ext --cuda_ext, with a CUDA toolkit of torch's CUDA major and --no-build-isolation), or "
                "its prebuilt wheel for this Python, torch and CUDA",
                "reasoned from the log: a compiled extension's name, missing with no frame to show its package",
                family="extension-build")


#: the parts a compiled extension's name adds to the module that imports it
_EXTENSION_AFFIX = re.compile(r"^_|_(?:cuda|C|ext|cpp|kernels?)$")


def _named_after_its_importer(failure: Failure, module: str) -> bool:
    """A top-level module named as the module whose import line asks for it, with a compiled extension's affix:
    gptq/quant.py's ``from quant_cuda import ...`` (holdout49b: pyllama#30), lmdeploy/turbomind/turbomind.py's
    ``import _turbomind`` (holdout45b: lmdeploy#80); a name of another package's (dask_cuda) is no such name."""
    stem = _EXTENSION_AFFIX.sub("", module)
    if stem == module or not failure.frames:
        return False
    importer = failure.frames[-1].partition(":")[0]
    if is_standard(importer) or top(importer) not in (failure.packages or ()):
        # Python's own lzma.py importing _lzma (an interpreter built without liblzma's headers), a repository's own
        # models/knn.py importing the KNN_CUDA package's knn_cuda: the session-22 second reader's cases
        return False
    return bool(stem) and importer.rpartition(".")[2] == stem
