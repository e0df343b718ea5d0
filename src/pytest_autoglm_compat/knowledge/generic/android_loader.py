"""Android's dynamic loader refusing a module: "dlopen failed: cannot locate symbol "PyExc_ValueError" referenced by
".../numpy/core/_multiarray_umath.cpython-311.so"" (Termux: holdout155b's numpy#24909, termux-app#4090,
termux-packages#488 and #19213, its-pointless/gcc_termux#77 and #80).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

_CANNOT_LOCATE = re.compile(r"dlopen failed: cannot locate symbol \"(?P<symbol>[^\"\n]{1,300})\" referenced by "
                            r"\"(?P<path>[^\"\n]{1,400})")
#: the compiler runtime's helpers (ARM's EABI, 64-bit arithmetic on 32-bit targets, floating conversions)
_RUNTIME_HELPER = re.compile(r"__(?:aeabi_|mul|div|udiv|umod|mod|extend|trunc|fix|float|clz|ctz|popcount)\w*")
_SOURCE = "reasoned from the log: Android's loader words for a symbol no library it loaded defines"
#: the words the reading needs on a line (knowledge.relevance keeps those lines)
WORDS = ("dlopen failed: cannot locate symbol",)


def android_symbol(failure: Failure) -> Hint | None:
    """The answer for Android's loader finding no definition of a module's symbol (None: not its words)."""
    found = _CANNOT_LOCATE.search(failure.message) if "cannot locate symbol" in failure.message else None
    if found is None:
        return None
    symbol, module = found["symbol"], found["path"].rstrip(".").rpartition("/")[2]
    if symbol.startswith(("Py", "_Py")):
        return Hint(f"{module} asks for {symbol}, a symbol of the Python library, and Android's loader does not "
                    "resolve a module's symbols from the python executable: a module built on Android must link "
                    "libpython, and this one was built without it (a pip build on Termux)",
                    "install the distribution's build of the package (on Termux: pkg install python-numpy, or the "
                    "package's own), or build it linked to libpython (LDFLAGS=\"-lpython3.X\" pip install "
                    "--no-binary :all: ...)",
                    _SOURCE,
                    family="extension-abi")
    if _RUNTIME_HELPER.fullmatch(symbol):
        return Hint(f"{module} asks for {symbol}, a helper of the compiler's runtime library (libcompiler_rt or "
                    "libgcc), and it was linked without that library (a build that dropped it, -Wl,--as-needed before "
                    "it): the module's build is broken for this architecture",
                    "install a rebuilt package (the distribution's fixed build), or rebuild it linking the compiler "
                    "runtime (-lcompiler_rt, and --as-needed after it)",
                    _SOURCE,
                    family="extension-abi")
    return Hint(f"{module} asks for {symbol}, which no library loaded with it defines: it was built against another "
                "build or release of a library than the one Android's loader found",
                "install the builds of the module and its libraries that go together (the distribution's packages), "
                "or rebuild the module against the library installed",
                _SOURCE,
                family="extension-abi")
