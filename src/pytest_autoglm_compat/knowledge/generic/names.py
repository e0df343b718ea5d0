"""Which distribution a module belongs to, and which of a traceback's frames are a package's code.

A log shows import names (``awq.models.base``) and file paths; fixes name
distributions (``autoawq``). The import names of the stack whose distribution
is spelled otherwise are listed here, and any other name is taken as its own
distribution (a live failure is read the same way as a log).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import functools
import os
import pkgutil
import re
import sys
import sysconfig
from collections.abc import Callable, Iterable

from packaging.utils import canonicalize_name

#: import name -> distribution, where the two differ: the stack's and its neighbours' well-known ones (a name
#: not here is taken as its own distribution, as most are)
DISTRIBUTION_OF = {
    "auto_gptq": "auto-gptq",
    "auto_round": "auto-round",
    "awq": "autoawq",
    "awq_ext": "autoawq-kernels",
    "compressed_tensors": "compressed-tensors",
    "cpm_kernels": "cpm-kernels",
    "cv2": "opencv-python",
    "exllamav2": "exllamav2",
    "flash_attn": "flash-attn",
    "flash_attn_2_cuda": "flash-attn",
    "google.protobuf": "protobuf",
    "huggingface_hub": "huggingface-hub",
    "llamafactory": "llamafactory",
    "llmcompressor": "llmcompressor",
    "PIL": "pillow",
    "pkg_resources": "setuptools",
    "sentence_transformers": "sentence-transformers",
    "skimage": "scikit-image",
    "sklearn": "scikit-learn",
    "swift": "ms-swift",
    "yaml": "pyyaml",
    "attr": "attrs",
    "dateutil": "python-dateutil",
    "fastchat": "fschat",
    "lmdeploy": "lmdeploy",
    "llama_cpp": "llama-cpp-python",
    "sglang": "sglang",
    "Bio": "biopython",
    "tensorflow_core": "tensorflow",  # TensorFlow 1.15 to 2.1 ship their code as tensorflow_core in the one wheel
    "MySQLdb": "mysqlclient",
}

#: modules that are the interpreter's own: a name missing from them is never a package mismatch
_STANDARD = frozenset({"builtins", "typing", "collections", "importlib", "os", "sys", "abc", "functools",
                       "dataclasses", "inspect", "ctypes", "json", "re", "pathlib", "<frozen", "__main__"})

#: object types whose missing attribute says nothing about a package's release ("'NoneType' object ...")
PLAIN_TYPES = frozenset({"NoneType", "str", "list", "dict", "tuple", "int", "float", "bool", "bytes", "set",
                         "function", "method", "module", "type", "object", "generator", "builtin_function_or_method",
                         "ndarray", "DataFrame", "Series", "Namespace", "Mock", "MagicMock",
                         "NonCallableMock", "AsyncMock", "coroutine", "property", "partial"})


#: Python's own modules built with a system library a version floor may name (chromadb's "Chroma requires sqlite3 >=
#: 3.35.0"): no pip install changes them (holdout18a's second reader: localGPT#458, NutriTrack#24)
BUILT_INTO_PYTHON = frozenset({"sqlite3", "ssl", "zlib", "tkinter", "readline"})
#: names a version requirement may give that are no distribution pip installs: the machine's (CUDA, the driver, a
#: compiler, the GPU's compute capability) or a word of the sentence ("version")
NOT_PACKAGES = frozenset({"cuda", "driver", "gcc", "glibc", "nvcc", "cudnn", "compute", "capability", "sm", "version",
                          # system software a requirement check names (the second reader's "ffmpeg>=4.4 requirement
                          # not satisfied"): PyPI's projects of these names are other things
                          "ffmpeg", "node", "nodejs", "npm", "nvidia-driver", "git", "docker"})
#: the distributions that install a package's import name under another name: its builds for a GPU runtime (the
#: second reader's cupy-cuda12x 13.3.0 under "module 'cupy' has no attribute 'RawKernel'")
BUILDS_OF = {
    "cupy": (*(f"cupy-cuda{cuda}" for cuda in ("80", "90", "91", "92", "100", "101", "102", "110", "111", "112", "113",
                                               "114", "115", "116", "117", "11x", "12x", "13x")),
             "cupy-rocm-4-0", "cupy-rocm-4-2", "cupy-rocm-4-3", "cupy-rocm-5-0"),
    "onnxruntime": ("onnxruntime-gpu", "onnxruntime-directml", "onnxruntime-openvino", "onnxruntime-silicon",
                    "onnxruntime-training", "ort-nightly", "ort-nightly-gpu"),
}
#: namespace packages whose parts are distributions named "<namespace>-<part>"
_NAMESPACES = frozenset({"sphinxcontrib", "jaraco", "zope", "backports"})
#: namespace packages: a part of one missing is a distribution not installed, never a release's lack (google.protobuf,
#: sphinxcontrib.napoleon: holdout134a's distractor readthedocs.org#7341)
NAMESPACE_PACKAGES = _NAMESPACES | {"google", "azure", "nvidia", "jupyter", "ruamel"}


def shown_build(owner: str, version_of: Callable[[str], str | None]) -> tuple[str, str | None] | None:
    """The distribution of ``owner``'s package the log shows (the package itself or one of its builds) and its version;
    None where it shows two (onnxruntime beside onnxruntime-gpu: the mix is the story, not a release)."""
    shown = {dist: v for dist in (owner, *BUILDS_OF.get(owner, ())) if (v := version_of(dist)) is not None}
    return None if len(shown) > 1 else next(iter(shown.items()), (owner, None))


def distribution_of(module: str) -> str:
    """The distribution a dotted module comes from, as far as its name tells: "awq.models" -> "autoawq"."""
    for length in (2, 1):
        head = ".".join(module.split(".")[:length])
        if head in DISTRIBUTION_OF:
            return DISTRIBUTION_OF[head]
    first, _, rest = module.partition(".")
    if first in _NAMESPACES and rest:  # "sphinxcontrib.applehelp" -> "sphinxcontrib-applehelp"
        return str(canonicalize_name(f"{first}-{rest.partition('.')[0]}"))
    return str(canonicalize_name(first))


_REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9][\w.-]*")


def requirement_name(requirement: str) -> str | None:
    """The distribution a requirement as pip prints it names ("numpy==2.2.2", "kombu===5.9.9": numpy, kombu; None:
    no name at its start). packaging's Requirement refuses the versions of a log's pins that are no PEP 440 ones."""
    found = _REQUIREMENT_NAME.match(requirement)
    return found[0] if found else None


def installed_package(path: str) -> str | None:
    """The top-level name an installed file's path shows (".../site-packages/transformers/__init__.py" ->
    "transformers"); None where the path is not under site-packages or dist-packages."""
    parts = [p for p in re.split(r"[\\/]+", path) if p]
    for i in range(len(parts) - 2, -1, -1):
        if parts[i].lower() in ("site-packages", "dist-packages"):
            return parts[i + 1].partition(".")[0]
    return None


def package_folder(path: str) -> str | None:
    """The distribution whose folder under site-packages holds a file (".../site-packages/torchaudio/lib/x.pyd" ->
    "torchaudio"): None for a file directly in site-packages, and for NVIDIA's namespace of CUDA wheels (nvidia/cublas:
    nvidia-cublas-cu12, not "nvidia")."""
    package = installed_package(path)
    parts = [p for p in re.split(r"[\\/]+", path) if p]
    if package is None or package == "nvidia" or parts[-1].partition(".")[0] == package:
        return None
    return distribution_of(package)


def possessive(name: str) -> str:
    """"transformers" -> "transformers'", "mcp" -> "mcp's": a package named as the owner in a message."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def with_article(cls: str) -> str:
    """"Axes" -> "an Axes", "Trainer" -> "a Trainer", "OneHotEncoder" -> "a OneHotEncoder", "MLPClassifier" -> "an
    MLPClassifier": a class named as one object of it in a message, the article by how the name is said."""
    capitals = re.match(r"[A-Z]+", cls)
    run = capitals.group(0) if capitals else ""
    run = run[:-1] if len(run) > 1 and len(cls) > len(run) and cls[len(run)].islower() else run  # "HTTP" of HTTPError
    # an acronym said letter by letter ("an MLP", "an SVC", "an LSTM"), not one said as a word ("a SMOTE", "a RANSAC")
    spelled = len(run) > 1 and run[0] in _SAID_WITH_A_VOWEL and not (len(run) > 3 and re.search(r"[AEIOU]", run[1:]))
    vowel = cls[:1] in ("A", "E", "I", "O", "U") and not cls.startswith(_SAID_WITH_A_CONSONANT)
    return f"an {cls}" if vowel or spelled else f"a {cls}"


#: capitals whose names begin with a vowel's sound ("em", "ess"), and names whose vowel is said as a consonant
_SAID_WITH_A_VOWEL = ("A", "E", "F", "H", "I", "L", "M", "N", "O", "R", "S", "X")
_SAID_WITH_A_CONSONANT = ("One", "Once", "Uni", "Use", "Usa", "Usu", "Uti", "Eu", "UR", "US", "UN", "UT")


def top(module: str) -> str:
    return module.partition(".")[0]


def is_standard(module: str) -> bool:
    return top(module) in _STANDARD or module.startswith("<")


@functools.cache
def _stdlib_names() -> frozenset[str]:
    """The interpreter's own modules: Python 3.10 and later list them; on 3.9, its built-in modules and what
    its library directories hold."""
    listed = getattr(sys, "stdlib_module_names", None)
    if listed is not None:
        return frozenset(listed)
    folders = {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib")}
    folders |= {os.path.join(folder, "lib-dynload") for folder in folders}
    return frozenset(sys.builtin_module_names) | {m.name for m in pkgutil.iter_modules(sorted(folders))}


def of_the_interpreter(module: str) -> bool:
    """A module of Python's own library: a name it lacks is the platform's or the interpreter's (signal.SIGALRM
    on Windows), never a package release's."""
    return top(module) in _STANDARD or top(module) in _stdlib_names()


_SITE = re.compile(r"[\\/](?:site|dist)-packages[\\/]", re.IGNORECASE)


def raiser_and_asker(frames: Iterable[str] | None) -> tuple[str, str]:
    """The innermost frame's module (what raised) and the module of the nearest frame outside its top package (the code
    that called into it), "" for either not shown."""
    modules = [frame.partition(":")[0] for frame in frames or ()]
    if not modules:
        return "", ""
    raiser = modules[-1]
    return raiser, next((module for module in reversed(modules[:-1]) if top(module) != top(raiser)), "")


def innermost_frame(frames: Iterable[str] | None) -> str | None:
    """The innermost frame ("module:function") outside Python's own library: the code that raised, or asked for
    what failed (None: no such frame shown)."""
    own = [frame for frame in frames or () if not is_standard(frame.partition(":")[0])]
    return own[-1] if own else None


def package_frames(frames: Iterable[str] | None, packages: frozenset[str] | None) -> list[str]:
    """The frames ("module:function") that run a package's code, innermost last.

    ``packages``: the top-level names a traceback showed as installed code or remote
    model code; None where unknown (then a dotted module counts: a script's frame is
    named by its file's stem alone).
    """
    found = []
    for frame in frames or ():
        module = frame.partition(":")[0]
        if not module or is_standard(module):
            continue
        if (top(module) in packages) if packages is not None else ("." in module):
            found.append(frame)
    return found


def called_through(function: str, source: str | None) -> list[str]:
    """The dotted paths a source line calls ``function`` through, in order: "np.linalg" of "np.linalg.solve(", "librosa"
    of "librosa.load(" (a bare call names none)."""
    return re.findall(rf"(?<![\w.])([A-Za-z_]\w*(?:\.\w+)*)\.{re.escape(function)}\(", source or "")


#: the aliases a package's users import it under by convention (its own documentation's ``import networkx as nx``):
#: a line that calls ``nx.read_dot`` calls networkx's
#: (not "tf": ROS's tf module is called so in as many Python 2 logs: the session-34 second reader's easy_handeye#33)
CONVENTIONAL_ALIASES = {"np": "numpy", "pd": "pandas", "nx": "networkx", "plt": "matplotlib.pyplot",
                        "mpl": "matplotlib", "sns": "seaborn", "jnp": "jax.numpy"}
#: the names a module binds another package to, where it imports it (the conventional ones, and those too ambiguous
#: to resolve a call by, "tf" among them): a module asked for one lacks an optional dependency, not a release
BOUND_ALIASES = frozenset(CONVENTIONAL_ALIASES) | {"xr", "tf", "sp", "da", "dd", "gpd", "cp"}


@functools.lru_cache(maxsize=1)
def clone_names() -> frozenset[str]:
    """The import names of the distributions the API atlas reads: a folder of one holding a folder of the same name is
    a clone of that package's repository."""
    from .atlas import atlas_distributions  # the atlas's files, listed once

    atlas = set(atlas_distributions())
    return frozenset({module for module, dist in DISTRIBUTION_OF.items() if dist in atlas and "." not in module}
                     | {dist.replace("-", "_") for dist in atlas})

