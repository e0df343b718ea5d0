"""Loaders' own words for a library they could not load: a plugin host's (VapourSynth's), torch's NVRTC loader,
pybind11's per-Python part of a package (holdout125b).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

#: VapourSynth's plugin loader on Windows: "Failed to load D:\...\vs-plugins\BM3D.dll. GetLastError() returned 126. The
#: file you tried to load or one of its dependencies is probably missing." (holdout125b: VapourSynth-BM3D#30)
_PLUGIN_126 = re.compile(r"Failed to load (?P<path>[^\n]{1,400}?[\\/](?P<file>[^\\/\n]{1,200}\.dll))\. "
                         r"GetLastError\(\) returned 126\b")
#: torch's lazy NVRTC loader (ATen's LazyNVRTC, its two names run together): "Error in dlopen for library
#: libnvrtc.so.12and libnvrtc-XXXXXXXX.so.12" (holdout125b: comfyui-nix#71, torch's runtime compilation of a kernel)
_NVRTC = re.compile(r"Error in dlopen for library libnvrtc\.so\.(?P<major>\d{1,2}) ?and libnvrtc-")
#: pybind11's non-limited-API shim of an abi3 wheel, one library per Python minor: "pybind11 non-limited-api: Failed to
#: load library `pybind11nonlimitedapi_chdb_3.15` with error `...: cannot open shared object file`" (holdout125b:
#: chdb-core#206, an abi3 wheel on a Python newer than its shims)
_NONLIMITED = re.compile(r"pybind11 non-limited-api: Failed to load library `pybind11nonlimitedapi_(?P<name>\w+?)_"
                         r"(?P<python>\d\.\d{1,2})` with error `[^`\n]{0,400}cannot open shared object file")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("GetLastError() returned 126", "Error in dlopen for library libnvrtc", "pybind11 non-limited-api")


def library_loaders(failure: Failure) -> Hint | None:
    """A loader's own words for a library it could not load (None: none of them)."""
    message = failure.message
    plugin = _PLUGIN_126.search(message) if "GetLastError() returned 126" in message else None
    if plugin is not None:
        return Hint(f"Windows could not load {plugin['file']} or a DLL it depends on (error 126, not found): the "
                    "plugin is there, and a library it links is not beside it or on PATH (a library it was built "
                    "with, the Microsoft Visual C++ Redistributable, or another release's DLL in their place)",
                    f"install the DLLs {plugin['file']} depends on (its release notes name them; Dependencies or "
                    "dumpbin /dependents lists them) beside it or on PATH, and the latest Visual C++ Redistributable "
                    "(x64)", "reasoned from the log: the plugin loader's words, Windows' error 126",
                    family="extension-dll-load")
    nvrtc = _NVRTC.search(message) if "libnvrtc" in message else None
    if nvrtc is not None:
        major = nvrtc["major"]
        return Hint(f"torch compiles a kernel at run time with NVRTC and finds no CUDA {major} NVRTC library "
                    f"(libnvrtc.so.{major}) on the loader path: torch's CUDA {major} build ships it as a pip package "
                    "(nvidia-cuda-nvrtc) or expects it from the CUDA toolkit, and neither is found",
                    f"install NVRTC of CUDA {major} where the loader finds it (pip install "
                    f"nvidia-cuda-nvrtc-cu{major}, or the CUDA {major} toolkit's lib64 on LD_LIBRARY_PATH); a "
                    "distribution that packages torch "
                    "(Nix, conda) must add its CUDA NVRTC package to the library path",
                    "reasoned from the log: torch's NVRTC loader", family="extension-cuda-lib")
    shim = _NONLIMITED.search(message) if "pybind11 non-limited-api" in message else None
    if shim is not None:
        name, python = shim["name"], shim["python"]
        return Hint(f"{name}'s wheel (built for the stable ABI, abi3) installs on Python {python}, but ships its "
                    f"per-Python part (pybind11nonlimitedapi_{name}_{python}) only for the Pythons it was built "
                    f"with: none for Python {python}",
                    f"run it on a Python the release has that part for (an older minor than {python}), or install a "
                    f"release of {name} built with Python {python} support",
                    "reasoned from the log: pybind11's loader of the non-limited-API part", family="binary-mismatch")
    return None
