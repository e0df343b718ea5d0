"""A package's source build on Windows: one that runs Unix shell commands, one that finds no Microsoft C/C++
compiler; and Intel MKL's own words for a DLL of it Windows did not load.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure
from .machine import Situation

#: the words of Windows' cmd for a command it does not know (knowledge.relevance keeps those lines)
WORDS = ("is not recognized as an internal or external command", "pas reconnu en tant que commande interne",
         "\u4e0d\u662f\u5185\u90e8\u6216\u5916\u90e8\u547d\u4ee4")
#: distutils finding no Visual C++ (no version named: Python 2.7's and 3.4's msvc9compiler, holdout178b: ids#19) or
#: running a cl.exe that is not there ("CompileError: command 'cl.exe' failed: No such file or directory": pystan#306)
_NO_MSVC = re.compile(r"^(?:error: )?Unable to find vcvarsall\.bat\s*$"
                      r"|^(?:(?:CompileError|DistutilsExecError): )?command '(?:cl|cl\.exe)' failed: No such file or "
                      r"directory")
#: dlib's own CMake check on Windows: "You must use Visual Studio to build a python extension on windows.  If you are
#: getting this error it means you have not installed Visual C++." (holdout179b: dlib#2555, coinfinder#57)
_DLIB_NO_MSVC = "it means you have not installed Visual C++"
#: Intel MKL's loader: "INTEL MKL ERROR: The specified module could not be found. mkl_intel_thread.dll." and "Intel MKL
#: FATAL ERROR: Cannot load mkl_intel_thread.dll." (holdout178b: conda#9685, an Anaconda Python's NumPy)
_MKL_DLL = re.compile(r"Intel MKL FATAL ERROR: Cannot load (?P<dll>mkl_\w{1,40}(?:\.\d{1,3})?\.dll)")
#: the words the readings below need on a line (knowledge.relevance keeps those lines)
COMPILER_WORDS = ("vcvarsall.bat", "command 'cl", "Intel MKL FATAL ERROR", _DLIB_NO_MSVC)


def windows_compiler_missing(failure: Failure) -> Hint | None:
    """distutils' words for a Windows build without Microsoft's C/C++ compiler, and MKL's for its own DLL."""
    message = failure.message
    if (("vcvarsall" in message or "command 'cl" in message) and _NO_MSVC.search(message)) or _DLIB_NO_MSVC in message:
        return Hint("the package is built from source on Windows, and distutils finds no Microsoft Visual C++ "
                    "compiler (no vcvarsall.bat, no cl.exe): the C/C++ build tools are not installed, or the build "
                    "does not run where they are set up",
                    "install a prebuilt wheel of the package for this Python (a release that publishes one), or the "
                    "Visual Studio Build Tools' C++ workload (Python 2.7: Microsoft's Visual C++ Compiler for Python "
                    "2.7) and build from its Developer Command Prompt", "reasoned from the log: distutils' own error",
                    family="extension-build")
    mkl = _MKL_DLL.search(message) if "Intel MKL FATAL ERROR" in message else None
    if mkl is not None:
        return Hint(f"Windows could not load Intel MKL's {mkl['dll']}, which a library the program runs links "
                    "(NumPy's or SciPy's MKL build, a Java or C++ library's): the folder holding MKL's DLLs is not on "
                    "the search path (a conda environment not activated, a frozen app built without them), or MKL is "
                    "missing or of another release",
                    "put the folder with MKL's DLLs on the search path (conda activate ENV for a conda environment's "
                    "Library\\bin; bundle them into a frozen app), or reinstall MKL with the library that links it "
                    "(conda install --force-reinstall mkl numpy)",
                    "reasoned from the log: Intel MKL's own loader error", category="DLL load failed",
                    family="extension-dll-load")
    return None


def unix_build_on_windows(failure: Failure, situation: Situation) -> Hint | None:
    """cmd's refusal of a Unix shell command inside a build pip ran (holdout145b: pysam#1320, #304 and ngs-tools#31,
    htslib's configure sourced with "."): the package's build supports no Windows; a command typed at the prompt is
    no build's (no pip build in the log: nothing)."""
    command = situation.unix_command_on_windows
    if not command or not any(words in failure.message for words in WORDS) or f"'{command}' " not in failure.message:
        return None
    return Hint(f"the package's build from source runs Unix shell commands ('{command}', a configure script) and pip "
                "ran it on Windows, whose cmd does not know them: this build supports no Windows (pip built it "
                "because no wheel of the package fits this Windows Python)",
                "install a build made for Windows where one exists (a win_amd64 wheel of another release, a "
                "conda-forge or bioconda package), or install and run it under WSL or Linux",
                "reasoned from the log: Windows' cmd refusing a Unix command inside the build pip ran",
                family="extension-build")
