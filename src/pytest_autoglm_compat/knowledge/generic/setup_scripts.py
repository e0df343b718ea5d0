"""A setup script that stops on the torch it builds against: its own code raising, not a compiler's output.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from .names import innermost_frame


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
