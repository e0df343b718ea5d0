"""torch's C++ extension builder judging the compiler it is about to run (torch.utils.cpp_extension): not found, not
the one this torch was built with, older than the GCC its headers and ABI need.

Its words, printed before the build: "Error checking compiler version for cl: [WinError 2] ..." (in the system's
language), "Your compiler (g++) is not compatible with the compiler Pytorch was built with for this platform, which is
clang++ on darwin", "Your compiler (c++ 4.8) may be ABI-incompatible with PyTorch!", and c10's own
'#error "You're trying to build Pytorch with a too old version of GCC. We need GCC 5 or later"' (holdout171b: eight
threads of mmdetection's, apex's, DB's, ATSS', difflogic's and others' builds).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure
from .builds import VAGUE_BUILD
from .machine import Situation

#: words on the lines these readings read, for the one-pass line filter (knowledge.relevance)
WORDS = ("compiler version for", "is not compatible with the compiler Pytorch", "may be ABI-incompatible with PyTorch",
         "too old version of GCC", "torch_extensions")
#: the module torch's JIT build should have left in its extensions cache, not there to load: the build before it failed
#: ("ninja: build stopped", then "ImportError: .../torch_extensions/py310_cu121/fused_adam/fused_adam.so: cannot open
#: shared object file": holdout182b's MiniCPM-V#341, holdout45b's DeepSpeed#5723)
_JIT_UNBUILT = re.compile(r"[\\/]torch_extensions[\\/][^\s:'\"]{1,200}?[\\/](?P<module>\w{1,80})\.(?:so|pyd): "
                          r"cannot open shared object file")
TORCH_COMPILERS_SHOWN = "is not compatible with the compiler Pytorch was"
#: "Error checking compiler version for c++: [WinError 2] 系统找不到指定的文件。": Windows' file-not-found, in any
#: language; POSIX's errno 2
_NOT_RUN = re.compile(r"compiler version for (?P<compiler>[\w.+-]{1,40}): (?:\[WinError 2\]|\[Errno 2\] No such file "
                      r"or directory)")
#: the two compilers of the warning, its lines as printed (a terminal's wrap between them); torch prints it where the
#: resolved path of CXX names none of the compilers it accepts, and its "built with" is the first of them, not torch's
#: own compiler (cpp_extension.check_compiler_ok_for_platform)
_PAIR = re.compile(r"Your compiler \((?P<found>[^()\n]{1,300})\) is not compatible with the compiler "
                   r"Pytorch was\s+built with for this platform, which is (?P<built>[^\s,]{1,60}) on "
                   r"(?P<system>\w{1,20})")
#: what is surely GCC or Clang by name (a launcher, c++, a conda or devtoolset GCC is no other family: the session-46
#: second reader's pytorch#23396, its conda x86_64-conda_cos6-linux-gnu-c++)
_GCC = re.compile(r"(?:^|[-/])(?:g\+\+|gcc)(?:-\d+(?:\.\d+)*)?$")
_CLANG = re.compile(r"(?:^|[-/])clang(?:\+\+)?(?:-\d+(?:\.\d+)*)?$")
#: the warning's compiler with the version torch read from it (printed only where that version is below the floor)
_ABI_OLD = re.compile(r"Your compiler \((?P<compiler>[^()\s]{1,60}) (?P<version>\d+(?:\.\d+){0,2})\) may be "
                      r"ABI-incompatible with PyTorch")
_GCC_FLOOR = re.compile(r"too old version of GCC\. We need GCC (?P<need>\d+(?:\.\d+)?) or later")


#: a build after the prompt came back: the warning's statement finished, a later one builds (the second reader's case)
_BUILT_AFTER = ("Emitting ninja build file", "Building extension module", "building '", "is not recognized as an "
                "internal or external command", "Error", "error")


def prompt_after_check(text: str) -> bool:
    """Whether Python's prompt came back after the compiler check's warning: the statement that printed it (an import
    that checks the compiler, and builds nothing yet) finished (the session-37 second reader's CogDL#372)."""
    warned = text.find("compiler version for ")
    prompt = text.find("\n>>>", warned) if warned >= 0 else -1
    return prompt >= 0 and not any(words in text[prompt:] for words in _BUILT_AFTER)


def torch_compilers(text: str) -> tuple[str, str] | None:
    """(the compiler found, the one torch accepts) of the warning the log shows, where they are surely of two
    families: Clang where GCC is expected on Linux, a versioned GCC (Homebrew's g++-13) where Clang is on macOS. None
    otherwise: a plain g++ on macOS is Apple's Clang, and a launcher, c++ or a name of the same family is torch's check
    misreading it, no other compiler (pytorch#23676, #33701, holdout171b's distractors)."""
    found = _PAIR.search(text)
    if found is None:
        return None
    name = found["found"].split()[0].replace("\\", "/").rpartition("/")[2]
    if found["system"] == "linux" and _CLANG.search(name) and found["built"] == "g++":
        return name, "g++"
    if found["system"] == "darwin" and re.search(r"(?:g\+\+|gcc)-\d+$", name) and found["built"] == "clang++":
        return name, "clang++"
    return None


def torch_compiler(failure: Failure, situation: Situation) -> Hint | None:
    """The compiler torch's extension builder found wanting, where the log shows which and why."""
    message = failure.message
    unbuilt = _JIT_UNBUILT.search(message) if "torch_extensions" in message else None
    if unbuilt is not None and situation.build_failed_shown:  # (no failed build shown: a path's typo, a race)
        return Hint(f"torch's JIT build of the extension {unbuilt['module']} did not leave its module in torch's "
                    "extensions cache: the compile before this import failed (its compiler or nvcc errors, above, say "
                    "why), or an earlier failed build left the cache folder without it",
                    "read the build's first error above (nvcc's or the compiler's); fix the toolchain it names (a CUDA "
                    "toolkit of torch's CUDA version, a supported host compiler), delete the extension's folder in "
                    "~/.cache/torch_extensions and run again, or install the package's prebuilt ops",
                    VAGUE_BUILD, family="extension-build")  # (the compile's own error, where shown, says more)
    source = "reasoned from the log: torch.utils.cpp_extension's check of the compiler"
    unrun = _NOT_RUN.search(message) if "compiler version for " in message else None
    if unrun is not None and not situation.compiler_ran:
        compiler = unrun["compiler"]
        windows, cl = "[WinError" in message, compiler.lower() in ("cl", "cl.exe")
        if not windows and not cl:
            # on Linux torch runs g++ for its version whatever CXX names: the file missing is the one after the colon,
            # and the build's own error below says more (the session-37 second reader's conda compiler)
            return None
        if cl:
            return Hint("torch's C++ extension builder could not run the compiler cl (not found): building the "
                        "extension's C++/CUDA code needs Microsoft's C++ compiler (Visual Studio or its Build Tools) "
                        "on PATH",
                        "install Visual Studio (or the Build Tools) with \"Desktop development with C++\" and run the "
                        "build from its x64 Native Tools prompt (cl.exe then on PATH), or install a prebuilt wheel of "
                        "the package for this Python, torch and CUDA", source, family="extension-build")
        return Hint(f"torch's C++ extension builder could not run the compiler {compiler} (not found on PATH)"
                    + (": on Windows torch builds extensions with Microsoft's cl" if windows else ""),
                    ("install Visual Studio's Build Tools (\"Desktop development with C++\") and build from their x64 "
                     "Native Tools prompt" if windows else
                     f"install a C++ compiler ({compiler}: apt install g++ or build-essential), or set CXX to one "
                     "that is installed") + ", or install a prebuilt wheel of the package", source,
                    family="extension-build")
    if message.startswith("Your compiler (") and TORCH_COMPILERS_SHOWN in message:
        pair = situation.torch_compilers
        if pair is None or situation.compiler_ran:  # not surely another compiler, or the build went on past it
            return None
        return Hint(f"torch's C++ extension builder runs {pair[0]}, and this torch was built with {pair[1]}: the "
                    "extension is compiled by another compiler than torch's own, whose C++ ABI may not match",
                    f"build with {pair[1]} (CXX={pair[1]} before the build command), or install a prebuilt wheel of "
                    "the package", source, family="extension-build")
    old = _ABI_OLD.search(message) if "ABI-incompatible" in message else None
    # a GCC's name only (MSVC's cl has a floor of its own: the second reader's FCOS#62), and not where the build went on
    if (old is not None and (_GCC.search(old["compiler"]) or old["compiler"] in ("c++", "cc"))
            and not situation.compiler_ran):
        return Hint(f"the C++ compiler {old['compiler']} {old['version']} is older than the GCC this torch's "
                    "extensions need (torch reads its version and finds it below its floor): the build fails, or the "
                    "extension does not load against torch's C++ ABI",
                    "build with a newer GCC (CC/CXX naming it; a devtoolset on CentOS), or install a prebuilt wheel "
                    "of the package", source, family="extension-build")
    floor = _GCC_FLOOR.search(message) if "too old version of GCC" in message else None
    if floor is not None:
        return Hint(f"the host compiler is older than torch's C++ headers accept (they need GCC {floor['need']} or "
                    "later): the extension's build stops at the headers' own #error",
                    f"build with GCC {floor['need']} or later (CC/CXX naming it, or a newer system compiler), or "
                    "install a prebuilt wheel of the package",
                    "reasoned from the log: torch's headers' own check of the compiler", family="extension-build")
    return None
