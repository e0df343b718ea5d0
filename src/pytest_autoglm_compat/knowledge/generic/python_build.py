"""A Python interpreter compiled without a C library one of its own standard modules wraps: CPython builds _lzma,
_bz2, _ssl, _ctypes, _sqlite3, _tkinter ... only where the library's development files are there, and a build from
source (pyenv, python-build, a source installer) goes on without them, warning. "No module named '_lzma'" from the
standard library's own lzma.py is that build, not a Python older than the module (holdout181b: homebrew-core#118439,
webi-installers#1131, lonesnake#2, pyenv#3310, pyenv#950, data-setup#30).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import SYSTEM_COMPONENT, Hint
from ..failure import Failure

#: each standard C module that wraps a system library: the library, and its development package on Debian/Ubuntu and
#: the Homebrew formula (CPython's devguide, "Install dependencies")
_LIBRARIES = {"lzma": ("liblzma (xz)", "liblzma-dev", "xz"), "bz2": ("libbz2 (bzip2)", "libbz2-dev", "bzip2"),
              "ssl": ("OpenSSL", "libssl-dev", "openssl"), "ctypes": ("libffi", "libffi-dev", "libffi"),
              "sqlite3": ("SQLite", "libsqlite3-dev", "sqlite"), "tkinter": ("Tcl/Tk", "tk-dev", "tcl-tk"),
              "curses": ("ncurses", "libncurses-dev", "ncurses"), "uuid": ("libuuid", "uuid-dev", "util-linux"),
              "readline": ("GNU readline", "libreadline-dev", "readline"), "dbm": ("ndbm/gdbm", "libgdbm-dev", "gdbm"),
              "gdbm": ("GNU dbm", "libgdbm-dev", "gdbm")}
_MISSING = re.compile(r"No module named '(?P<module>_lzma|_bz2|_ssl|_ctypes|_sqlite3|_tkinter|_curses|_uuid|_dbm|"
                      r"_gdbm)(?:\.py)?'")
#: python-build's (pyenv's) warning after a build: "WARNING: The Python bz2 extension was not compiled. Missing the
#: bzip2 lib?"; pandas' "Could not import the lzma module. Your installed Python is incomplete."; CPython's ensurepip
#: without ssl: "Ignoring ensurepip failure: pip 8.1.1 requires SSL/TLS"
_WARNED = re.compile(r"The Python (?P<module>\w+) extension was not compiled\. Missing the"
                     r"|Could not import the (?P<module2>lzma|bz2) module\. Your installed Python is incomplete"
                     r"|Ignoring ensurepip failure: pip \S+ requires (?P<ssl>SSL)/TLS")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("No module named '_", "extension was not compiled", "Your installed Python is incomplete",
         "Ignoring ensurepip failure")


def built_without_library(failure: Failure) -> Hint | None:
    """The answer where the log shows a Python compiled without a standard C module's library (None: not so)."""
    message = failure.message
    found = _MISSING.search(message) if "No module named '_" in message else None
    warned = _WARNED.search(message) if found is None and ("extension was not" in message or "incomplete" in message
                                                            or "ensurepip" in message) else None
    if found is not None:
        name = found["module"].lstrip("_")
    elif warned is not None:
        name = "ssl" if warned["ssl"] else warned["module"] or warned["module2"]
    else:
        return None
    if name not in _LIBRARIES:
        return None  # python-build's warning for a module of no library named here
    library, debian, brew = _LIBRARIES[name]
    # the module missing at run time alone is told, not claimed: the interpreter's build is the system's, whatever made
    # it (the session-22 second reader's PyFunctional#204 and KitHack#49); the build's own warning is claimed
    module = name if name == "readline" else f"_{name}"
    return Hint(f"this Python was compiled without {library}'s development files, so its standard module {module} "
                "was not built (a build from source, such as pyenv's or an installer's, goes on without it): code "
                f"that imports {name} fails under it",
                f"install the library's development files (apt install {debian}; brew install {brew}; dnf install "
                "its -devel package), then build or install that Python again (pyenv install --force <version>), "
                "or use a Python built with it (the distribution's, python.org's, conda's)",
                "reasoned from the log: CPython's standard C module missing from a build",
                family="extension-build" if found is None else SYSTEM_COMPONENT)
