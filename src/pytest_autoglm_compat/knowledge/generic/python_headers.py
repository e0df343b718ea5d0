"""A C extension (or Triton's launcher, compiled at run time) built where the Python headers are not installed.

``#include <Python.h>`` fails as "fatal error: Python.h: No such file or directory": the
interpreter is there, its development headers (Debian's ``python3.X-dev``, Fedora's
``python3-devel``) are not. Triton compiles a small C launcher (``main.c``,
``cuda_utils.c``) the first time a kernel runs, so a machine without them fails at
run time too, not only ``pip install`` of an sdist.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure

_WORDS = "Python.h: No such file or directory"
#: Triton's launcher, compiled in a temporary folder: "/tmp/tmps1rkq3y3/main.c", "cuda_utils.c"
_TRITON = re.compile(r"/tmp/tmp\w+/(?:main|cuda_utils)\.c\b|\btriton\b")


def python_headers(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The Python headers missing where a C file that includes them is compiled."""
    if _WORDS not in failure.message:
        return None
    seen = version_of("python")  # "Python 3.10.12" in the log
    version = ".".join(seen.split(".")[:2]) if seen else None
    apt = (f"apt-get install python{version}-dev" if version
           else "apt-get install python3-dev (python3.X-dev for a Python 3.X other than the system's)")
    what = ("Triton compiles a C launcher for its kernels at run time, and" if _TRITON.search(failure.message)
            else "the extension's C code includes Python.h, and")
    return Hint(
        f"{what} the compiler finds no Python.h: the development headers of "
        f"{'Python ' + version if version else 'the Python that runs it'} are not installed",
        f"install the headers of that Python: {apt} on Debian or Ubuntu, dnf install python3-devel on Fedora or "
        "RHEL; a conda environment's python package carries them, so run it with that environment's "
        "python",
        "reasoned from the log: the compiler's own error for a header file it cannot find", family="extension-build")
