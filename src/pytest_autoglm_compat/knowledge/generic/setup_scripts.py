"""A setup script that stops on the torch, or on another package, it builds against: its own code raising, not a
compiler's output.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from .names import innermost_frame, possessive


def in_setup_script(failure: Failure) -> bool:
    """The failure was raised in a setup script's own code (``setup.py``'s module or its functions; in pip's build
    folder, "pip-install-*/deepspeed/setup.py", read as the checkout's "deepspeed.setup")."""
    inner = innermost_frame(failure.frames)
    return inner is not None and inner.partition(":")[0].rpartition(".")[2] == "setup"


def setup_reads_cpu_torch(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A setup script reading ``torch.version.cuda``, which is None: the torch it builds against is a CPU build
    (holdout31b: DeepSpeed#537, ``".".join(torch.version.cuda.split('.')[:2])`` under a CPU torch on macOS)."""
    source = failure.source or ""
    if "rocm" in (version_of("torch") or ""):  # torch.version.cuda is None on a ROCm build too (the second reader's)
        return None
    if ("torch.version.cuda" not in source or not failure.is_a("builtins.AttributeError")
            or not failure.message.startswith("'NoneType' object has no attribute") or not in_setup_script(failure)):
        return None
    return Hint("the setup script reads torch.version.cuda, which is None: the torch it builds against is a CPU build "
                "(or, with build isolation, a CPU torch pip fetched for the build)",
                "install a CUDA build of torch first (pip install torch --index-url https://download.pytorch.org/whl/"
                "cuXYZ), then build with pip install --no-build-isolation; on a machine without CUDA (macOS), a "
                "release or option of the package that builds without its CUDA ops",
                "reasoned from the log: the setup script's line, and torch.version.cuda None", family="extension-build")


#: a setup script's own check of what it builds against, in its words: "statsmodels requires scipy", "pandas requires
#: numpy >= 1.7.0"
_SETUP_REQUIRES = re.compile(r"(?P<package>[A-Za-z][\w.-]{0,60}) requires (?P<dependency>[A-Za-z][\w.-]{0,60})"
                             r"(?:\s*(?P<bound>[<>=!~]=?\s*\d[\w.]*))?\s*$")


_NOT_PIP_PACKAGES = frozenset({"python", "cuda", "cudatoolkit", "nvcc", "gcc", "g++", "clang", "msvc"})


def setup_checks_its_dependencies(failure: Failure) -> Hint | None:
    """A setup script's own check of the packages it builds against, refusing before the build (holdout118a:
    statsmodels#1425, its check_dependency_versions raising "statsmodels requires scipy" under pip's egg_info): the
    dependency is missing, or too old, where the script runs."""
    found = _SETUP_REQUIRES.match(failure.message.strip())
    if found is None or not in_setup_script(failure):
        return None
    package, dependency = found["package"], found["dependency"]
    if dependency.lower() in _NOT_PIP_PACKAGES:
        return None  # the Python, the CUDA toolkit, a compiler: no pip install to name
    bound = (found["bound"] or "").replace(" ", "")
    need = f"{dependency}{bound}" if bound else dependency
    return Hint(f"{possessive(package)} setup script checks the packages it builds against before building, and "
                f"{need} is not installed where it runs (pip runs it in an isolated environment of its build "
                "requirements, or before the other requirements are installed)",
                f"install {need} first (pip install \"{need}\"), then {package}; where {dependency} is installed "
                f"already, pip built {package} isolated from it: pip install --no-build-isolation {package}; or "
                f"install a release of {package} that has a wheel for this Python (nothing built here)",
                "reasoned from the log: the setup script's own check, raised in its frames", family="version-guard")
