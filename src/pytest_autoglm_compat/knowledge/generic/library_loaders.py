"""Loaders' own words for a library they could not load: a plugin host's (VapourSynth's), torch's NVRTC loader,
pybind11's per-Python part of a package (holdout125b), tiny-cuda-nn's per-GPU extension and onnxruntime's CUDA provider
(holdout126b); and the linker's for a library built against a newer C runtime.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..digits import dotted
from ..failure import Failure
from .names import possessive

#: VapourSynth's plugin loader on Windows: "Failed to load D:\...\vs-plugins\BM3D.dll. GetLastError() returned 126. The
#: file you tried to load or one of its dependencies is probably missing." (holdout125b: VapourSynth-BM3D#30)
_PLUGIN_126 = re.compile(r"Failed to load (?P<path>[^\n]{1,400}?[\\/](?P<file>[^\\/\n]{1,200}\.dll))\. "
                         r"GetLastError\(\) returned 126\b")
#: torch's lazy NVRTC loader (ATen's LazyNVRTC, its two names run together): "Error in dlopen for library
#: libnvrtc.so.12and libnvrtc-XXXXXXXX.so.12" (holdout125b: comfyui-nix#71, torch's runtime compilation of a kernel)
_NVRTC = re.compile(r"Error in dlopen for library libnvrtc\.so\.(?P<major>\d{1,2})(?:\.\d{1,2})? ?and libnvrtc-")
#: pybind11's non-limited-API shim of an abi3 wheel, one library per Python minor: "pybind11 non-limited-api: Failed to
#: load library `pybind11nonlimitedapi_chdb_3.15` with error `...: cannot open shared object file`" (holdout125b:
#: chdb-core#206, an abi3 wheel on a Python newer than its shims)
_NONLIMITED = re.compile(r"pybind11 non-limited-api: Failed to load library `pybind11nonlimitedapi_(?P<name>\w+?)_"
                         r"(?P<python>\d\.\d{1,2})` with error `[^`\n]{0,400}cannot open shared object file")
#: tiny-cuda-nn's loader, one extension per compute capability it was built for: "Could not find compatible tinycudann
#: extension for compute capability 60." (holdout126b: tiny-cuda-nn#389)
_NO_EXTENSION_FOR_CC = re.compile(r"Could not find compatible (?P<lib>[A-Za-z][\w-]{0,40}) extension for compute "
                                  r"capability (?P<cc>\d{2,3})")
#: onnxruntime's CUDA provider on Windows, loading CUDA's and cuDNN's DLLs: "CUDA_PATH is set but CUDA wasn't able to be
#: loaded. Please install the correct version of CUDA and cuDNN as mentioned in the GPU requirements page" (holdout126b:
#: voice-changer#810; "wasnt" in some releases)
_ORT_CUDA_PATH = re.compile(r"CUDA_PATH is set but CUDA wasn'?t able to be l")
#: the linker's words for a prebuilt library that needs a newer C or C++ runtime than the system's: "ld:
#: ../_deps/onnxruntime-src/lib/libonnxruntime.so: undefined reference to `logf@GLIBC_2.27'" (holdout126b:
#: sherpa-onnx#1665, CentOS 7's glibc 2.17); GLIBC_2.2.5 is x86-64's first version, which every glibc has (a linker that
#: did not find the system's libraries: holdout53b's llama-cpp-python#1639, conda's compiler_compat ld)
_LINKED_NEWER = re.compile(r": undefined reference to `[^'@\n]{1,300}@(?P<symbol>(?P<kind>GLIBCXX|GLIBC|CXXABI)_"
                           r"(?P<version>[\d.]{1,12}))'")  # from its literal; the library is read behind it
#: GDAL's plugin loader on Windows: "ERROR 1: Can't load requested DLL: C:\Program Files\GDAL\gdalplugins\gdal_GMT.dll"
#: (after Windows' "127: The specified procedure could not be found."; holdout127b: gdal-cheat-sheet#17)
_GDAL_PLUGIN = re.compile(r"Can't load requested DLL: (?P<path>[^\n]{0,400}?(?P<file>[^\\/\n]{1,200}\.dll))")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("GetLastError() returned 126", "Error in dlopen for library libnvrtc", "pybind11 non-limited-api",
         "extension for compute capability", "CUDA_PATH is set but CUDA wasn",
         "undefined reference to `", "Can't load requested DLL")


def library_loaders(failure: Failure) -> Hint | None:
    """A loader's own words for a library it could not load (None: none of them)."""
    message = failure.message
    plugin = _PLUGIN_126.search(message) if "GetLastError() returned 126" in message else None
    if plugin is not None:
        return Hint(f"Windows could not load {plugin['file']} or a DLL it depends on (error 126, not found): a library "
                    "the plugin links is not beside it or on PATH (a library it was built with, the Microsoft Visual "
                    "C++ Redistributable, or another release's DLL in their place), or no file is at the path given",
                    f"check that {plugin['file']} is at that path; install the DLLs it depends on (its release notes "
                    "name them; Dependencies or dumpbin /dependents lists them) beside it or on PATH, and the latest "
                    "Visual C++ Redistributable (x64)",
                    "reasoned from the log: the plugin loader's words, Windows' error 126", family="extension-dll-load")
    gdal = _GDAL_PLUGIN.search(message) if "Can't load requested DLL" in message else None
    if gdal is not None:
        return Hint(f"GDAL could not load its plugin {gdal['file']}: Windows did not find a DLL it needs, or a "
                    "function in one (errors 126, 127): a library the plugin links is not on PATH (a vendor SDK's, for "
                    "the ECW or MrSID plugins), or the plugin folder is another GDAL build's than the GDAL loading it",
                    "put the DLLs the plugin links on PATH (its SDK's bin folder), or let the GDAL in use find only "
                    "its own plugins: unset GDAL_DRIVER_PATH (or point it at that GDAL's plugin folder) and take "
                    "another GDAL install's folders off PATH; GDAL goes on without the plugin where its format is not "
                    "needed",
                    "reasoned from the log: GDAL's plugin loader on Windows", family="extension-dll-load")
    nvrtc = _NVRTC.search(message) if "libnvrtc" in message else None
    if nvrtc is not None:
        major = nvrtc["major"]
        return Hint(f"torch compiles a kernel at run time with NVRTC and finds no CUDA {major} NVRTC library "
                    f"(libnvrtc.so.{major}) on the loader path: torch's CUDA {major} build ships it as a pip package "
                    "(nvidia-cuda-nvrtc) or expects it from the CUDA toolkit, and neither is found",
                    f"install NVRTC of CUDA {major} where the loader finds it (pip install "
                    f"nvidia-cuda-nvrtc-cu{major}, or the CUDA {major} toolkit's lib64 on LD_LIBRARY_PATH); a "
                    "distribution that packages torch (Nix, conda) must add its CUDA NVRTC package to the library path",
                    "reasoned from the log: torch's NVRTC loader", family="extension-cuda-lib")
    built = _NO_EXTENSION_FOR_CC.search(message) if "extension for compute capability" in message else None
    if built is not None:
        lib, cc = built["lib"], built["cc"]
        return Hint(f"{lib} has no build of its extension for this GPU (compute capability {dotted(cc)}): it "
                    "was built for other GPU architectures only (its architectures' list at build time)",
                    f"build {lib} again for this GPU (with {cc} among the architectures: TCNN_CUDA_ARCHITECTURES="
                    f"{cc} for tiny-cuda-nn, or TORCH_CUDA_ARCH_LIST), or install a build made for it",
                    f"reasoned from the log: {possessive(lib)} own loader of its per-GPU extension",
                    family="no-kernel-image")
    if "CUDA_PATH is set" in message and _ORT_CUDA_PATH.search(message):
        return Hint("onnxruntime's CUDA provider could not load CUDA's or cuDNN's DLLs: CUDA_PATH names a CUDA, but "
                    "the CUDA and cuDNN releases this onnxruntime build was made for are not the ones found (another "
                    "major, or cuDNN's bin folder not on PATH)",
                    "install the CUDA and cuDNN releases onnxruntime's requirements table names for this "
                    "onnxruntime-gpu and put their bin folders on PATH (CUDA_PATH to that CUDA), or install the "
                    "onnxruntime-gpu release built for the CUDA installed",
                    "reasoned from the log: onnxruntime's own words for its CUDA provider on Windows",
                    family="extension-dll-load")
    linked = _LINKED_NEWER.search(message) if "undefined reference to `" in message else None
    lib = message[:linked.start()].rsplit(None, 1)[-1] if linked is not None and linked.start() > 0 else ""
    if (linked is not None and ".so" in lib and linked["symbol"] != "GLIBC_2.2.5"
            and not lib.startswith(("/usr/lib", "/lib", "/usr/lib64", "/lib64"))):
        # (the system's own library fits the system's glibc: a toolchain's older sysroot was linked against, conda's
        # compiler_compat ld: the session-22 second reader's b_c_gl_mixed_link)
        runtime = "glibc (the C library)" if linked["kind"] == "GLIBC" else "libstdc++ (GCC's C++ runtime)"
        library = lib.rsplit("/", 1)[-1]
        return Hint(f"the prebuilt {library} needs {linked['symbol']} of {runtime}, and the one the link finds is "
                    "older: the library was built on a newer system than the one (or the toolchain's sysroot) it is "
                    "linked against here",
                    f"use a build of {library} made for this system's {runtime.partition(' ')[0]} (an older release, "
                    "or one built here from source), or link with a newer toolchain or on a system (or container) "
                    "with a newer one",
                    "reasoned from the log: the linker's words for a versioned symbol", family="glibcxx-not-found")
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
