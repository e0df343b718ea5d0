"""A library linked against one build of another library, loaded beside another build of it: the loader's words
for a versioned symbol the copy it found does not define.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ..model.hints import Hint

#: a library linked against one build of another library, loaded beside another build of it: "symbol
#: free_gemm_select version libcublasLt.so.11 not defined in file libcublasLt.so.11 with link time reference"
#: (survey16b: onnxruntime#8594, a conda env's libcublas.so.11 with the toolkit's libcublasLt.so.11)
_VERSIONED_SYMBOL = re.compile(r"symbol (?P<symbol>[^\s,]+),? version (?P<version>\S+) not defined in file "
                               r"(?P<file>[\w.+-]+) with link time reference")


def versioned_symbol(message: str) -> tuple[str, str, str] | None:
    """(symbol, version node, the library file lacking it) where the loader names a versioned symbol a copy lacks."""
    found = _VERSIONED_SYMBOL.search(message) if "with link time reference" in message else None
    if found is not None:
        return found["symbol"], found["version"], found["file"]
    return None


def two_builds(symbol: str, version: str, file: str, message: str, *, of_cuda: bool) -> Hint:
    """Two copies of one library on the machine, the loader finding the one its user was not built with."""
    user = re.search(r"(?<![\w.+-])([\w.+-]+\.so(?:\.\d+)*): symbol ", message)
    by = user[1].rpartition("/")[2] if user else "the library loaded"
    stem = file.partition(".so")[0]
    if version.startswith(("GLIBCXX_", "CXXABI_")):
        # the C++ runtime's version nodes only grow: a copy without the one asked for is older (holdout44b: faiss#90,
        # GLIBCXX_3.4.9 missing from an old toolchain's libstdc++.so.6 found first)
        return Hint(f"{by} was built against a newer C++ runtime than the {file} the loader found first: that copy "
                    f"lacks {version} (its symbol {symbol}): an older libstdc++ (a toolchain's, a conda "
                    "environment's or the system's) is ahead of the one it was built with on the loader path",
                    f"put a {file} that has {version} first on LD_LIBRARY_PATH (strings <path>/{file} | grep "
                    f"{version.partition('_')[0]}_ lists a copy's versions; conda install -c conda-forge "
                    "libstdcxx-ng for a newer one), or remove the older copy from the path",
                    "the dynamic loader's error: a version node of the C++ runtime that the loaded copy lacks",
                    category="C/C++ runtime too old", family="glibcxx-not-found")
    return Hint(f"{by} was linked against another build of {file} than the one the loader found first (its symbol "
                f"{symbol} is missing from that copy): two copies of {file} of different releases are on this "
                "machine (a conda environment's and a CUDA toolkit's, or a pip wheel's)",
                f"find the copies (ldconfig -p | grep {stem}; find / -name '{stem}.so*') and put the one from the "
                f"same release as {by} first on LD_LIBRARY_PATH, or remove the stray copy",
                "the dynamic loader's error: a versioned symbol that the loaded copy does not define",
                category="missing CUDA library" if of_cuda else "missing shared library",
                family="extension-cuda-lib" if of_cuda else "extension-abi")
