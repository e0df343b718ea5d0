"""A compiled library that does not fit what loads it, told by that library's or the loader's own words.

HDF5 compares the headers a module was compiled with to the library it loads and prints both ("Headers are 1.8.17,
library is 1.8.18"); glibc 2.41 and newer refuse to load a library marked as needing an executable stack ("cannot
enable executable stack as shared object requires: Invalid argument", glibc 2.41's NEWS: dlopen no longer makes the
stack executable; WSL 1 printed the same words years before); DGL ships its GraphBolt and sparse libraries once per
torch release and names them when they are missing or do not load; onnxruntime's provider bridge names the provider
DLL Windows could not load, and Windows itself a file that is no binary for the process (error 193); Numba says when
its CUDA JIT finds no NVVM library. A package's compiled module missing a C library's function (HDF5's H5*, GEOS, MPI,
PROJ: told by its prefix), nvcc refusing a C++ standard older toolkits lack, the loader's "wrong ELF class", micropip's
refusal of native wheels in Pyodide; the build tools' own refusals (CMake 4, nvcc's host compiler, Apple clang without
OpenMP, fiona's build without GDAL). Each says which binaries do not fit, and nothing else needs to be known.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from ..release_table import releases_of
from ..symbols import c_library_of
from .machine import Situation
from .names import distribution_of
from .unfit import known_distribution

#: HDF5's H5check_version: "Headers are 1.8.17, library is 1.8.18" (holdout71b: DBSCAN_multiplex#7, h5py; conda's
#: repodata-hotfixes#122, packages built against 1.10.6 beside the 1.10.7 library)
_HDF5 = re.compile(r"Headers are (?P<headers>\d+\.\d+\.\d+), library is (?P<library>\d+\.\d+\.\d+)")
#: glibc 2.41's dlopen (holdout71b: CTranslate2#1849, ctranslate2 4.5.0's bundled libctranslate2)
_EXECSTACK = re.compile(r"(?P<library>[\w.+-]{1,200}\.so[\w.]*): cannot enable executable stack as shared object "
                        r"requires: Invalid argument")
#: dgl/graphbolt/__init__.py: the file for this torch missing (two wordings), or there and not loading
_GRAPHBOLT_MISSING = ("Cannot find DGL C++ graphbolt library", "Unable to locate the DGL C++ GraphBolt library",
                      "Cannot find DGL C++ sparse library")  # its sparse library too, built per torch (dgl#7791)
_GRAPHBOLT_UNLOADED = "Cannot load Graphbolt C++ library"
#: per provider: its name, the runtimes whose DLLs it links, and those to install
_PROVIDERS = {"cuda": ("CUDA", "CUDA's and cuDNN's", "CUDA and cuDNN"),
              "tensorrt": ("TensorRT", "TensorRT's (and CUDA's and cuDNN's)", "TensorRT, CUDA and cuDNN"),
              "rocm": ("ROCm", "ROCm's", "ROCm")}
#: a compiler's words for a CUDA library's function the headers it reads do not declare: gcc's "'nvrtcGetCUBIN' was
#: not declared in this scope" (holdout73b: keops#236, #313, KeOps's nvrtc JIT against CUDA 10.2's headers), nvcc's
#: 'identifier "cublasX" is undefined'; not nvcc's words for a runtime function (cudaX) in device code, declared only
#: for some archs and compile modes (holdout177b's distractor DeepGEMM#359: cudaGridDependencySynchronize under NVRTC)
_UNDECLARED = re.compile(r"[\u2018'`](?P<name>(?:nvrtc|cublasLt|cublas|cufft|curand|cusparse|cusolver|cudnn|nccl|cuda)"
                         r"[A-Z]\w{0,80})[\u2019'`] (?:was not declared in this scope|has not been declared)"
                         r"|identifier \"(?P<name2>(?:nvrtc|cublas|cudnn|cuda(?!GridDependencySynchronize|"
                         r"TriggerProgrammaticLaunchCompletion))[A-Z]\w{0,80})\" is undefined(?! in device code)")
#: a shared object's file name, as the loader prints it
_SO_FILE = r"(?P<file>[\w.+-]{1,200}\.so[\w.]*)"
#: nvcc refusing a C++ standard its release does not know: -std=c++14 came with CUDA 9.0, c++17 with 11.0, c++20 with
#: 12.0 (nvcc's --std values; tensorflow#54409: "Support for c++17 was added in nvcc 11.0"): holdout78b's jittor#251
#: and holdout74b's Pointnet2_PyTorch#150, CUDA 8.0's nvcc asked for c++14
_NVCC_STD = re.compile(r"nvcc fatal\s*: Value 'c\+\+(?P<std>\d\d)' is not defined for option 'std'")
_STD_SINCE = {"14": "9.0", "17": "11.0", "20": "12.0"}
#: numpy.distutils building a package's Fortran sources (SciPy's dfftpack) with no Fortran compiler found: "error:
#: library dfftpack has Fortran sources but no Fortran compiler found" (holdout111b: heroku-buildpack-scipy#21,
#: heroku-buildpack-python-sklearn#4, homebrew-biobakery#22)
_NO_FORTRAN = re.compile(r"library (?P<library>[\w.-]{1,80}) has Fortran sources but no Fortran compiler found")
#: torch's ninja build of a CUDA extension asks nvcc for header dependencies where torch itself was built with CUDA
#: 10.2 or newer (11.0 from torch 2.1; cpp_extension.py: "--generate-dependencies-with-compile was added in CUDA
#: 10.2"), whatever nvcc the build runs: an older toolkit's nvcc refuses the option (holdout110b: structurenet#13;
#: vchoutas/torch-mesh-isect#28)
_NVCC_NO_GENDEPS = re.compile(r"nvcc fatal\s*: Unknown option '-?-generate-dependencies-with-compile'")
#: the loader's words for a library of the other bitness (holdout79b: ta-lib-python#273, google-coral#43, malmo#512,
#: Open3D#789: 32-bit libraries under 64-bit Pythons, and a 64-bit x86 build on a 32-bit Raspberry Pi)
_WRONG_ELF_CLASS = re.compile(r"(?:(?P<file>[\w.+-]{1,200}\.\n?so[\w.]*):?\s+)?wrong ELF class: "
                              r"ELFCLASS(?P<bits>32|64)")
#: the CUDA runtime's kernel-launch calls nvcc 9.2 and later compile into a module (holdout79b: addons#990, TensorFlow
#: Addons' CUDA op under tensorflow-cpu)
_LAUNCH_SYMBOL = re.compile(rf"{_SO_FILE}: undefined symbol: "
                            r"(?P<symbol>__cuda(?:Push|Pop)CallConfiguration|__cudaRegisterFatBinaryEnd)")
#: the CUDA runtime's own calls, as nvcc compiles them into a module: a kernel's launch (from CUDA 9.2) and the end of a
#: module's registration (CUDA 10's nvcc on: a release this table does not pin, the field's threads name 10.0 and
#: 10.1 builds run against 9.x, and 11.1 against 11.0: mmdetection#385, planercnn#34, holdout150b's cuosqp#6)
_RUNTIME_FROM = {"__cudaPushCallConfiguration": "9.2", "__cudaPopCallConfiguration": "9.2"}
#: the C++ runtime's personality routine, which every C++ module that throws needs: a library linked by the C driver
#: (gcc, not g++) or with nvcc's host compiler unlike its own leaves libstdc++ out (holdout150b: cudamat#83)
_CXX_RUNTIME = re.compile(rf"{_SO_FILE}: undefined symbol: __gxx_personality_v0\b")
#: micropip's refusals in Pyodide (holdout79b: pyodide-recipes#266, pypdfium2's native wheels only)
_PYODIDE = re.compile(r"Can't find a pure Python 3 wheel for:? '(?P<name>[\w.-]{1,100})'"
                      r"|Wheel platform '[\w.-]{1,100}' is not compatible with Pyodide's platform")
#: Windows' ERROR_BAD_EXE_FORMAT, in any language ("%1 is not a valid Win32 application", "%1 n'est pas une
#: application Win32 valide"): holdout68b's CharacTER#4 (a Linux libED.so), holdout74b's OpenKE#67 and pylink#63
_NOT_WIN32 = "[WinError 193]"
#: Python 3's "dynamic module does not define module export function (PyInit_minirts)" and its words for a module
#: with Python 2's init (holdout75b: ELF#15, lpo#26)
_NO_INIT = re.compile(r"dynamic module does not define (?:module export|init) function "
                      r"\(PyInit_(?P<module>\w{1,100})\)")
#: llvmlite's ffi.py, its library not loaded (holdout75b: suite2p#708, llvmlite#1303)
_LLVMLITE = "Could not find/load shared object file"
_LLVMLITE_DLL = "Could not load shared object file: llvmlite.dll"
#: Numba's NvvmSupportError, its CUDA JIT without the toolkit's NVVM (holdout74b: numba-cuda#69, monodle#23,
#: pytorch-softdtw-cuda#28); "Do `conda install cudatoolkit`" follows, the advice of before CUDA 12's packages
_NO_NVVM = "libNVVM cannot be found"
#: onnxruntime's provider bridge on Windows, its provider DLL there and a DLL that DLL links not found (error 126:
#: holdout71b's SimSwap#218, onnxruntime-gpu beside another CUDA than its build's), or found and its start failed (error
#: 1114: holdout144b's sherpa-onnx#1825, onnxruntime-gpu installed beside a package that bundles onnxruntime's DLLs)
_ORT_PROVIDER = re.compile(r'LoadLibrary failed with error (?P<error>126|1114) "[^"\n]{0,200}" when trying to load '
                           r'"(?P<path>[^"\n]{0,400}onnxruntime_providers_(?P<provider>cuda|tensorrt|rocm)\.dll)"')

#: onnxruntime 1.5-1.6's provider library loader on Windows: "[E:onnxruntime:test, provider_bridge_ort.cc:633
#: onnxruntime::ProviderLibrary::ProviderLibrary] Failed to load library, error code: 126"
_ORT_LIBRARY_126 = "ProviderLibrary] Failed to load library, error code: 126"


#: HDF5's warning headline, where the paste cut the versions below it (holdout78b: h5py#1074)
_HDF5_HEADLINE = "HDF5 library version mismatched error"
#: a package's compiled module (under site-packages, or an egg) missing a C library's function at load: a C library the
#: module was built against, and another release or build of it loaded (holdout78b: h5py#569's H5Pget_fapl_mpio,
#: h5py#1880's H5Pset_fapl_ros3); only libraries known by their functions' prefixes (a module's own symbol missing is
#: its own build's: the distractors pysbf#1, S4#44). Linux's words, and macOS dyld's two (the second reader's netCDF4
#: and cartopy threads)
_C_LIBRARY_SYMBOL = re.compile(rf"(?:site|dist)-packages[/\\](?:[^\s:,]{{1,300}}?[/\\])?{_SO_FILE}"
                               r"(?::|, \w{1,10}\):) (?:undefined symbol: |Symbol not found: _?|symbol not found in "
                               r"flat namespace '_?)(?P<symbol>\w{1,100})")


def _hdf5_refused(headers: str | None = None, library: str | None = None) -> Hint:
    """HDF5's version check refusing a module built against other headers than the library it loads, with the two
    releases where the log shows them (its headline alone, where the paste cut them)."""
    built = (f"the HDF5 {headers} headers and loads the HDF5 {library} library" if headers
             else "other HDF5 headers than the HDF5 library it loads")
    first = f", or put the HDF5 {headers} library first on the library path (LD_LIBRARY_PATH)" if headers else ""
    return Hint(f"a compiled module that uses HDF5 (h5py, PyTables, netCDF4 or another) was built against {built}: "
                "HDF5's own version check refuses the pair (two HDF5 installations, or a module built for another HDF5 "
                "than the environment's)",
                "install the module and the HDF5 library from one source so they match (conda install h5py hdf5 from "
                f"one channel, or pip install --force-reinstall h5py with its own bundled HDF5){first}; "
                "HDF5_DISABLE_VERSION_CHECK only silences the check",
                "reasoned from the log: HDF5's version check (H5check_version)" + (" names both releases" if headers
                                                                                  else ""),
                family="extension-abi")


#: the same words with the module's path from its package's folder ("rasterio/_base.so: undefined symbol:
#: GDALGetMetadata": holdout163b's rasterio#465), where that folder is a published package's
_PACKAGE_MODULE_SYMBOL = re.compile(rf"(?<![\w/\\.-])(?P<package>[A-Za-z_]\w{{0,60}})[/\\]{_SO_FILE}: "
                                    r"undefined symbol: (?P<symbol>\w{1,100})")


def _published(dist: str) -> bool:
    """A distribution the atlas, the name table or the release table (PyPI's) knows."""
    return known_distribution(dist) or releases_of(dist) is not None


def _c_library_lacks(message: str) -> Hint | None:
    """A package's compiled module built against a C library that the one loaded does not fit."""
    found = _C_LIBRARY_SYMBOL.search(message) if "ymbol" in message else None
    if found is None and "undefined symbol: " in message:
        found = _PACKAGE_MODULE_SYMBOL.search(message)
        found = found if found is not None and _published(distribution_of(found["package"])) else None
    library = c_library_of(found["symbol"]) if found is not None else None
    if found is None or library is None or found["file"].lower().startswith("lib"):
        return None  # the C library's own file (libtiff missing libjpeg's function): not the package's module
    if library == "Open MPI":  # its own ompi_ symbols: built against Open MPI, another MPI (or Open MPI) loaded
        return Hint(f"the compiled module {found['file']} was built against Open MPI (it asks for {found['symbol']}, "
                    "an Open MPI symbol), and the MPI library loaded at run time lacks it: another Open MPI release, "
                    "or another MPI (MPICH, Intel MPI), comes first on the library path",
                    "rebuild the package against the MPI library you load (pip install --no-cache-dir --no-binary "
                    "mpi4py mpi4py, with that MPI's mpicc on PATH), or load the Open MPI it was built with (ldd on the "
                    "module shows which libmpi it finds)",
                    "reasoned from the log: the loader's missing symbol, an Open MPI function", family="extension-abi")
    return Hint(f"the compiled module {found['file']} was built against {library} with {found['symbol']}, "
                f"and the {library} library loaded at run time lacks it, or none is loaded: another release or "
                f"build of {library} (one built without that feature) comes first on the library path, or the "
                "module's build did not link it",
                f"install the package and {library} from one source so they match (conda install the package and "
                f"{library} from one channel, or the pip wheel that bundles its own {library}), or rebuild the "
                f"package against the {library} that is loaded; LD_LIBRARY_PATH (ldd on the module) shows which is",
                "reasoned from the log: the loader's undefined symbol is a C library's function (named by its "
                "prefix), missing from the library loaded", family="extension-abi")


def _started(failure: Failure) -> bool:
    """Error 193 of starting a program (subprocess's CreateProcess: a file that is no executable, the second reader's
    six-percent#116 and webdriver_manager#664, a text file handed over as the driver), not of loading a library."""
    return ("CreateProcess" in (failure.source or "") or any(frame.startswith(("subprocess:", "selenium."))
                                                             for frame in failure.frames or ()))


def c_library_versions(failure: Failure, version_of: Callable[[str], str | None],
                       situation: Situation | None = None) -> Hint | None:
    """The answer for a compiled library that another library, the loader or torch refuses, in its own words."""
    message = failure.message
    hdf5 = _HDF5.search(message) if "Headers are " in message else None
    if hdf5 is not None and hdf5["headers"] != hdf5["library"]:
        return _hdf5_refused(hdf5["headers"], hdf5["library"])
    if hdf5 is None and _HDF5_HEADLINE in message and not (situation is not None and situation.hdf5_versions_shown):
        return _hdf5_refused()
    lacked = _c_library_lacks(message)
    if lacked is not None:
        return lacked
    execstack = _EXECSTACK.search(message) if "executable stack" in message else None
    if execstack is not None:
        library = execstack["library"]
        return Hint(f"{library} is marked as needing an executable stack, and this system will not make the stack "
                    "executable for a library loaded at run time (glibc 2.41 and newer refuse it; WSL 1 did too): that "
                    "prebuilt library does not fit this system",
                    "install a release of the package whose library is built without the executable-stack mark, or "
                    f"clear the mark on the file (patchelf --clear-execstack {library}, or execstack -c); on glibc "
                    "2.41 or newer GLIBC_TUNABLES=glibc.rtld.execstack=2 allows it, on WSL 1 WSL 2 does",
                    "reasoned from the log: the loader's words for a library that asks for an executable stack "
                    "(glibc 2.41 NEWS: dlopen no longer makes the stack executable for it)", family="binary-mismatch")
    provider = _ORT_PROVIDER.search(message) if "onnxruntime_providers_" in message else None
    if provider is not None and provider["error"] == "1114":
        name = _PROVIDERS[provider["provider"]][0]
        return Hint(f"onnxruntime's {name} provider DLL was found and loaded, and its own start failed (error 1114, "
                    "a DLL initialization routine failed): most often DLLs of two onnxruntime or CUDA builds in one "
                    "process (a second onnxruntime package beside one that bundles its own, another CUDA's or cuDNN's "
                    "DLLs first on PATH)",
                    "keep one onnxruntime in the environment (pip uninstall the onnxruntime-gpu or onnxruntime "
                    "installed beside a package that ships its own), and put the CUDA and cuDNN releases that build "
                    "was made for first on PATH",
                    "reasoned from the log: onnxruntime's provider bridge names the provider DLL, Windows' error 1114",
                    family="extension-dll-load")
    if provider is not None:
        name, runtime, needs = _PROVIDERS[provider["provider"]]
        return Hint(f"onnxruntime's {name} provider DLL is installed but Windows "
                    f"could not load a DLL it links (error 126, not found): {runtime} DLLs of the release the "
                    "onnxruntime build was made for are not on PATH, or another release's are",
                    f"install the {needs} releases this onnxruntime build was built for (onnxruntime's execution "
                    "provider requirements tables) and put their bin (lib) folders on PATH, or install the "
                    f"onnxruntime release built for the {needs.partition(',')[0]} installed",
                    "reasoned from the log: onnxruntime's provider bridge names the provider DLL, Windows' error 126",
                    family="extension-dll-load")
    if _ORT_LIBRARY_126 in message:
        # onnxruntime 1.5's provider library on Windows, the provider named on the C API's line below (holdout124b:
        # onnxruntime#5351, "OrtSessionOptionsAppendExecutionProvider_Tensorrt: Failed to load shared library")
        return Hint("onnxruntime could not load an execution provider's library on Windows (error 126, not found): its "
                    "provider DLL (onnxruntime_providers_*.dll, with onnxruntime_providers_shared.dll) is not beside "
                    "onnxruntime.dll, or a DLL it links (CUDA's, cuDNN's, TensorRT's) is not on PATH",
                    "put the provider DLLs of the onnxruntime build beside onnxruntime.dll, and the bin folders of the "
                    "CUDA, cuDNN (and TensorRT) releases that build was made for on PATH (onnxruntime's execution "
                    "provider requirements tables)",
                    "reasoned from the log: onnxruntime's provider library loader, Windows' error 126",
                    family="extension-dll-load")
    undeclared = _UNDECLARED.search(message) if ("declared" in message or "is undefined" in message) else None
    if undeclared is not None:
        name = undeclared["name"] or undeclared["name2"]
        return Hint(f"the build compiles code that calls {name}, which the CUDA headers it reads do not declare: the "
                    "CUDA toolkit the build found is older than the code asks for (another toolkit first on PATH or "
                    "in CUDA_HOME than the one torch or the package was made for)",
                    "point the build at a CUDA toolkit that has it, the release torch was built with (CUDA_HOME and "
                    "PATH to its folder; nvcc --version shows the one found), or install that toolkit",
                    "reasoned from the log: the compiler's words for a CUDA library function its headers lack",
                    family="extension-build")
    launch = _LAUNCH_SYMBOL.search(message) if "undefined symbol: __cuda" in message else None
    if launch is not None and "tensorflow" not in message.lower():
        # any package's CUDA module (holdout150b: cuosqp#6, built by CUDA 11.1's nvcc, run against 11.0's runtime)
        since = _RUNTIME_FROM.get(launch["symbol"])
        nvcc = f"an nvcc of CUDA {since} or newer" if since else "an nvcc"
        return Hint(f"{launch['file']} was compiled by {nvcc}, whose code calls the CUDA runtime's "
                    f"{launch['symbol']}, and the CUDA runtime (libcudart) it loads does not define it, or none is "
                    "linked: the module was built with another CUDA toolkit than the one it runs with",
                    "rebuild the module with the CUDA toolkit whose runtime it loads (CUDA_HOME and PATH to that "
                    "toolkit; nvcc --version shows the one a build finds), or put the runtime of the toolkit that "
                    "built it first on the library path (LD_LIBRARY_PATH)",
                    f"reasoned from the log: the CUDA runtime's {launch['symbol']} missing at load",
                    family="extension-abi")
    cxx = _CXX_RUNTIME.search(message) if "__gxx_personality_v0" in message else None
    if cxx is not None:
        return Hint(f"{cxx['file']} is C++ code linked without the C++ runtime (libstdc++): it was linked by the C "
                    "compiler driver (gcc, not g++), or its parts were built by different compilers (nvcc's host "
                    "compiler unlike the one that linked it)",
                    "rebuild it with a host compiler nvcc supports and link it with g++ (or add -lstdc++ to its link)",
                    "reasoned from the log: the C++ runtime's __gxx_personality_v0 missing at load",
                    family="extension-abi")
    if launch is not None and "tensorflow" in message.lower():
        return Hint(f"the op library {launch['file']} was built with nvcc 9.2 or newer, whose kernel launches call the "
                    f"CUDA runtime's {launch['symbol']}, and no CUDA runtime of that age is loaded with it: a "
                    "TensorFlow without GPU support (tensorflow-cpu) gives it none, or one linked to an older CUDA",
                    "install the TensorFlow GPU build the op library was built for (tensorflow, not tensorflow-cpu, "
                    "of the release its package names), or the package's CPU-only build",
                    "reasoned from the log: the CUDA runtime's kernel-launch symbol (CUDA 9.2 on) missing at load",
                    family="extension-abi")
    elf = _WRONG_ELF_CLASS.search(message) if "wrong ELF class" in message else None
    if elf is not None:
        bits = elf["bits"]
        other = "64" if bits == "32" else "32"
        library = elf["file"].replace("\n", "") if elf["file"] else "the library loaded"
        return Hint(f"{library} is a {bits}-bit library, and the Python loading it is a {other}-bit process (or "
                    f"the reverse of what it expects): a build for another machine (a {bits}-bit ARM or x86 build on "
                    f"a {other}-bit system), or another copy of it found first on the library path",
                    f"install the package's build for this machine's architecture and bitness (python -c \"import "
                    f"platform, struct; print(platform.machine(), struct.calcsize('P') * 8)\"), or remove the "
                    f"{bits}-bit copy the loader finds first (ldconfig -p, LD_LIBRARY_PATH)",
                    "reasoned from the log: the loader's wrong ELF class (ELFCLASS32 / ELFCLASS64) for the file",
                    family="binary-mismatch")
    wasm = _PYODIDE.search(message) if "pure Python 3 wheel" in message or "with Pyodide" in message else None
    if wasm is not None:
        return Hint(f"micropip found no wheel of {wasm['name'] or 'the package'} that Pyodide can install: the package "
                    "publishes only native wheels (for Windows, Linux or macOS), and Pyodide runs only pure-Python "
                    "wheels or ones built for its emscripten/wasm32 platform",
                    "use a pure-Python alternative, a release the Pyodide distribution ships built (its packages "
                    "list), or build the package for Pyodide (pyodide-build); outside the browser, install it with pip",
                    "reasoned from the log: micropip's own words for the wheels it found", family="binary-mismatch")
    if _NOT_WIN32 in message and not _started(failure):
        return Hint("Windows refused a file as a binary for this process (a DLL, a .pyd, a library loaded with ctypes, "
                    "or a program started): a 32-bit file in a 64-bit Python (or the reverse), a file built for "
                    "another system (a Linux .so shipped with the code), or no binary at all",
                    "use the build of the library for this Windows and this Python's bitness (python -c \"import "
                    "struct; print(struct.calcsize('P') * 8)\" tells it), or build it here; a .so from the "
                    "repository must be compiled again for Windows; a program started must be a Windows executable",
                    "reasoned from the log: Windows' error 193 (ERROR_BAD_EXE_FORMAT) for the file loaded",
                    family="binary-mismatch")
    init = _NO_INIT.search(message) if "does not define" in message else None
    if init is not None and init["module"].startswith("lib"):
        return None  # a shared library's file name (lib<crate>.so) imported as a module: renamed, no build's Python
    if init is not None:
        # most often a build for another Python (three of the corpus's four logs); a module whose own C source names
        # its init function otherwise reads the same (holdout90b: tinyproto#46, "PyInit_tinyproto_")
        return Hint(f"the compiled module {init['module']} was built for another Python than the one importing it "
                    "(its init function is not the one this Python looks for: a build for Python 2, or with another "
                    "Python's headers), or its own source names its init function otherwise",
                    "rebuild it with this Python (the same interpreter and its python-config for the build), or run it "
                    f"with the Python it was built for; where it was built with this Python, its C source must define "
                    f"PyInit_{init['module']} (a fix of the module's own)",
                    "reasoned from the log: Python's import of an extension module without the init function it "
                    "expects", family="binary-mismatch")
    if (_LLVMLITE in message and any(frame.startswith("llvmlite.") for frame in failure.frames or ())) or (
            _LLVMLITE_DLL in message):
        return Hint("llvmlite's compiled library did not load on Windows: a DLL it links is missing (the Microsoft "
                    "Visual C++ runtime) or the build does not fit this Python",
                    "install the Microsoft Visual C++ Redistributable (x64), then reinstall llvmlite and numba from "
                    "one source (pip install --force-reinstall llvmlite numba, or both from conda's numba channel)",
                    "reasoned from the log: llvmlite's own words for its library that did not load",
                    family="extension-dll-load")
    if _NO_NVVM in message:
        return Hint("Numba's CUDA JIT compiles through the CUDA toolkit's NVVM library (libnvvm.so, nvvm.dll), and "
                    "found none: no CUDA toolkit (its NVVM) is installed where Numba looks (the driver alone has "
                    "none), or not in the folder it looked in (a path it names that is gone)",
                    "install the toolkit's NVVM for the CUDA the driver supports into the environment (CUDA 12: conda "
                    "install -c conda-forge cuda-nvcc cuda-nvrtc \"cuda-version>=12\", or pip install "
                    "\"numba-cuda[cu12]\"; CUDA 11 with Numba before 0.57: conda install cudatoolkit=11.x), or point "
                    "Numba at the installed toolkit (CUDA_HOME)",
                    "reasoned from the log: Numba's own words for the NVVM library it did not find",
                    family="extension-cuda-lib")
    missing = any(words in message for words in _GRAPHBOLT_MISSING)
    if missing or _GRAPHBOLT_UNLOADED in message:
        torch = version_of("torch")
        against = f"torch {torch}" if torch else "the installed torch"
        which = "sparse" if "sparse library" in message else "GraphBolt"
        why = (f"DGL has no {which} library built for" if missing else
               "DGL's GraphBolt library (built once per torch release) did not load with")
        return Hint(f"{why} {against}: the DGL build is for another torch (or CUDA) than the installed one"
                    + ("" if missing else ", or the CUDA libraries it links are not found"),
                    "install the DGL wheel built for the installed torch and CUDA (pip install dgl -f "
                    "https://data.dgl.ai/wheels/torch-X.Y/cuXYZ/repo.html, X.Y and XYZ from torch.__version__), or "
                    "a torch release that this DGL supports",
                    "reasoned from the log: DGL's own words for its GraphBolt library (dgl/graphbolt/__init__.py)",
                    family="binary-mismatch")
    return None


_TORCH_FFI_GONE = "torch.utils.ffi is deprecated. Please use cpp extensions instead."
#: a setup script's check of its build tool: "CMake must be installed to build the following extensions: dlib"
_CMAKE_MUST = re.compile(r"(?P<tool>CMake|Make|Ninja|cmake|ninja) must be installed to build the following extensions:"
                         r" ?(?P<ext>[\w., -]{1,200})")
#: CMake's words for CUDA_ARCHITECTURES "native" where it finds no GPU
_NO_NATIVE_GPU = 'CUDA_ARCHITECTURES is set to "native", but no'  # "GPU was detected" (3.24), "NVIDIA GPU ..." (later)
#: a build's own detection of this machine's GPU printing its failure where nvcc takes an architecture (ggml's, in a
#: docker build: the session-38 second reader's)
_NO_DEVICES_AS_ARCH = "Unsupported gpu architecture 'compute_No CUDA"
_NAME_THE_ARCH = ("name the architecture to build for: -DCMAKE_CUDA_ARCHITECTURES=86 (the GPU's compute capability "
                  "without its dot; for a pip build, CMAKE_ARGS=\"-DCMAKE_CUDA_ARCHITECTURES=86\"), or build where the "
                  "GPU is visible")
#: ggml-cuda's check of a Blackwell architecture given without its suffix: "Compute capability 121 used, use 121a or
#: 121f for Blackwell specific optimizations"
_GGML_ARCH = re.compile(r"Compute capability (?P<cc>1[0-9]{2}) used, use (?P=cc)a or (?P=cc)f for Blackwell")
#: CMake 4.0 removed compatibility with projects declaring cmake_minimum_required below 3.5 (CMake 4.0's release notes):
#: "Compatibility with CMake < 3.5 has been removed from CMake." (holdout81a: VideoChat#53, a wheel built under CMake 4)
_CMAKE_COMPATIBILITY = re.compile(r"Compatibility with CMake < (?P<floor>\d+\.\d+) has been removed from CMake")


#: CMake's check of CMAKE_CUDA_ARCHITECTURES against the CUDA compiler (holdout85b: onnxruntime#12272, 87 on CUDA 11.5)
_CUDA_ARCHS_REFUSED = "do not all work with this compiler"
#: fiona's and rasterio's setup.py where gdal-config is not found: "A GDAL API version must be specified. Provide a path
#: to gdal-config using a GDAL_CONFIG environment variable or use a GDAL_VERSION environment variable." (holdout94b:
#: osmnx#623)
_GDAL_UNFOUND = "A GDAL API version must be specified"
#: a setup script's own check of a C library's version, on a line of its own: "Proj 8.0.0 must be installed." (Cartopy
#: 0.20's setup.py; holdout125a: cartopy#2055)
_SETUP_C_FLOOR = re.compile(r"(?P<lib>[A-Z][A-Za-z0-9+-]{1,30}) (?P<version>\d+(?:\.\d+){1,2}) must be installed\.?")
#: torch.utils.cpp_extension without ninja: "RuntimeError: Ninja is required to load C++ extensions"
_NO_NINJA = "Ninja is required to load C++ extensions"
#: Apple's clang refusing OpenMP: "clang: error: unsupported option '-fopenmp'" (holdout100b: fgb_sage#3, acv00#7)
_NO_OPENMP = "clang: error: unsupported option '-fopenmp'"
#: gcc's and clang's words for a member read of Python 3.11's opaque frame (holdout85b: pykokkos-base#44's pybind11)
_OPAQUE_FRAME = re.compile(r"(?:invalid use of incomplete type|incomplete definition of type) .?(?:PyFrameObject|"
                           r"struct _frame)")


#: an extension's C sources reaching into torch's TH/THC tensor structs, opaque to C from PyTorch 0.4.1 on: "error:
#: dereferencing pointer to incomplete type 'THTensor {aka struct THTensor}'" (holdout106b: PWC-Net#34, compiling under
#: 0.4.0 and not 0.4.1; faster-rcnn.pytorch#275's THFloatTensor)
_TH_STRUCT = re.compile(r"dereferencing pointer to incomplete type [\u2018'`]?(?P<type>THC?(?:[A-Z][a-z]+)*Tensor)\b")
#: a build script's shell finding no build tool: "./xgboost/build-python.sh: line 21: cmake: command not found"
#: (holdout106b: xgboost#5331, pip building xgboost 1.0's source distribution on macOS)
_TOOL_MISSING = re.compile(r"(?:^|[\s:])(?P<tool>cmake|ninja|make|gcc|g\+\+|cc|c\+\+|nvcc|swig|bazel|cargo|rustc): "
                           r"command not found")
#: MSVC's linker missing a private CPython function the extension's C code calls: "error LNK2001: unresolved external
#: symbol __PyGen_Send" (holdout109b: cython#5153, C generated by an old Cython, which Python 3.10 no longer links)
_PRIVATE_C_API = re.compile(r"error LNK20(?:01|19): unresolved external symbol _?(?P<name>_Py[A-Z]\w{1,60})")
#: the words of a build's own script on the same line (a tool a user typed in a shell is not a package's build)
_BUILDING = re.compile(r"setup\.py|pip-install-|pip-req-build|pip-build-env|Building wheel|build_ext")


def build_tool_refuses(failure: Failure, situation: Situation | None = None) -> Hint | None:
    """nvcc older than the C++ standard a build asks of it, CMake newer than the minimum a project declares (read
    before a build's own failure: its cause)."""
    message = failure.message
    th = _TH_STRUCT.search(message) if "incomplete type" in message else None
    if th is not None:
        return Hint(f"the extension's C sources reach into torch's {th['type']} struct, which PyTorch 0.4.1 and later "
                    "keep opaque to C code (the TH/THC C API of older torch): the extension was written for an older "
                    "torch",
                    "build it with the torch release it was written for (its README's; PyTorch 0.4.0 for this TH API), "
                    "or use a release of the project ported to torch's C++ extension API (torch.utils.cpp_extension)",
                    "reasoned from the log: the compiler's error on torch's TH struct", family="extension-build")
    cmake_asked = _CMAKE_MUST.search(message) if "must be installed to build the following extensions" in message \
        else None
    if cmake_asked is not None:
        # a setup.py's own check for the build tool (dlib's: holdout119b, social_mapper#25 and dlib#2307)
        tool = cmake_asked["tool"]
        return Hint(f"the package's setup script builds its extension ({cmake_asked['ext']}) with {tool}, and finds no "
                    f"{tool} on PATH (pip building it from source: no wheel of the release fits this Python or "
                    "platform)",
                    f"install {tool} (pip install {tool.lower()}, or the system's package) or put its folder on PATH, "
                    "then install again; or a release of the package with a wheel for this Python and platform",
                    "reasoned from the log: the setup script's own check for its build tool", family="extension-build")
    if _NO_NINJA in message:
        # torch.utils.cpp_extension's verify_ninja_availability, before a JIT build (holdout127b: xlstm#76)
        return Hint("torch's C++/CUDA extension builder (torch.utils.cpp_extension, building the package's kernels at "
                    "run time or at install) needs the ninja build tool, and finds none on PATH",
                    "pip install ninja (in the same environment, so it is on PATH: ninja --version), then run again; "
                    "the build also needs a C++ compiler and, for CUDA kernels, nvcc of torch's CUDA major",
                    "reasoned from the log: torch.utils.cpp_extension's own check for ninja", family="extension-build")
    if _TORCH_FFI_GONE in message:
        # torch/utils/ffi/__init__.py from torch 1.0 raises it: create_extension, torch 0.4's builder of C extensions
        # (holdout97b: CenterNet#3's DCNv2 build.py; holdout117b: glow#96, an old Horovod's setup.py)
        asker = next((frame.partition(":")[0] for frame in reversed(failure.frames or ())
                      if not frame.startswith("torch")), "")
        code = f"the code ({asker})" if asker else "the code"
        return Hint(f"{code} builds its extension with torch.utils.ffi (create_extension), torch 0.4's builder of C "
                    "extensions, which torch 1.0 and later replace with torch.utils.cpp_extension and refuse with this "
                    "ImportError: it was written for torch 0.4 or older",
                    "build it under torch 0.4.1 (the last release with torch.utils.ffi), or use a release of the "
                    "project ported to torch.utils.cpp_extension",
                    "reasoned from the log: torch's own ImportError for torch.utils.ffi (torch 1.0.0)",
                    family="extension-build")
    tool = _TOOL_MISSING.search(message) if "command not found" in message else None
    if tool is not None and (_BUILDING.search(message) or (situation is not None and situation.pip_build)):
        name = tool["tool"]
        return Hint(f"the package's build runs {name}, which is not on this machine's PATH (pip building it from "
                    "source: no wheel of the release fits this Python or platform)",
                    f"install {name} ({'pip install ' + name if name in ('cmake', 'ninja') else 'the system package'}) "
                    "or put its folder on PATH, and build again, or install a "
                    "release of the package with a wheel for this Python and platform",
                    "reasoned from the log: the build script's shell", family="extension-build")
    private = _PRIVATE_C_API.search(message) if "unresolved external symbol" in message else None
    if private is not None:
        return Hint(f"the extension's C code calls {private['name']}, a private CPython function the Python it is "
                    "built for no longer has: the C file was generated (by Cython, most often) for an older Python",
                    "regenerate the C file with a current Cython (pip install -U cython, then build from the .pyx; "
                    "pip install --no-binary <package> <package> does it where the sdist ships the .pyx), or build it "
                    "for the older Python it was generated for",
                    "reasoned from the log: the linker's missing private CPython function", family="extension-build")
    if _NO_NATIVE_GPU in message and "GPU was detected" in message:
        # CMake's own words (3.24 added "native"; "no NVIDIA GPU" in later releases), where the build runs with no GPU
        # visible: inside docker build, or in CI (holdout116b: pixtrack#12; llama-cpp-python#408, whose vendored
        # llama.cpp asked for native from 0.1.65)
        return Hint("the build asks CMake for this machine's own GPU architecture (CUDA_ARCHITECTURES \"native\"), "
                    "and CMake sees no GPU where the build runs: inside docker build, in CI, or where the driver is "
                    "not visible", _NAME_THE_ARCH, "reasoned from the log: CMake's own words for \"native\"",
                    family="extension-build")
    if _NO_DEVICES_AS_ARCH in message:
        return Hint("the build looked for this machine's GPU to build for, found none, and passed its words to nvcc as "
                    "the architecture: no GPU is visible where the build runs (inside docker build, in CI, or where "
                    "the driver is not visible)", _NAME_THE_ARCH,
                    "reasoned from the log: nvcc's refusal of the build's detection output as an architecture",
                    family="extension-build")
    blackwell = _GGML_ARCH.search(message) if "for Blackwell" in message else None
    if blackwell is not None:
        cc = blackwell["cc"]
        return Hint(f"llama.cpp's CUDA build (ggml-cuda's CMakeLists.txt) refuses the plain architecture {cc} for a "
                    f"Blackwell GPU: its check asks for the architecture-specific {cc}a or the family {cc}f, which it "
                    "builds its Blackwell kernels for",
                    f"give {cc}a (or {cc}f) in place of {cc} in CMAKE_CUDA_ARCHITECTURES (-DCMAKE_CUDA_ARCHITECTURES="
                    f"{cc}a, keeping any other architectures it lists), as its message says",
                    "reasoned from the log: ggml-cuda's own check of the architectures (holdout116b: llama.cpp#18421)",
                    family="extension-build")
    cmake = _CMAKE_COMPATIBILITY.search(message) if "has been removed from CMake" in message else None
    if cmake is not None:
        floor = cmake["floor"]
        return Hint(f"the CMake the build found (4.0 or newer) no longer accepts a project whose "
                    f"cmake_minimum_required is below {floor}: the package's CMakeLists.txt was written for an older "
                    "CMake",
                    f"build with CMake below 4 (pip install \"cmake<4\", and for pip's isolated build PIP_CONSTRAINT "
                    f"naming cmake<4 or --no-build-isolation), or set CMAKE_POLICY_VERSION_MINIMUM={floor} in the "
                    "environment (CMake's own advice), or install a release of the package that declares a newer "
                    "minimum", "reasoned from the log: CMake's own words for the compatibility CMake 4.0 removed",
                    # a compiled package's build failing (the expert reader, log alone, on all three real logs;
                    # holdout137b's collector) in its build tool's own check (holdout81a's, holdout106a's:
                    # version-guard)
                    family="extension-build")
    if "PyFrameObject" in message and _OPAQUE_FRAME.search(message):
        return Hint("the extension's C/C++ code (or the pybind11 or Cython output it bundles) reads the members of "
                    "PyFrameObject, which Python 3.11 made opaque: it was written for Python 3.10 or older",
                    "build a release of the package (or of its bundled pybind11 / Cython) that supports Python 3.11, "
                    "or run it with Python 3.10 or older", "reasoned from the log: the compiler's words for Python "
                    "3.11's opaque frame object (What's New in Python 3.11, C API changes)", family="extension-build")
    if _NO_OPENMP in message:
        return Hint("the build passes -fopenmp to Apple's clang, which has no OpenMP: the package's build expects a "
                    "compiler with OpenMP (GCC, or LLVM's clang with libomp)",
                    "install libomp (brew install libomp) and build with a clang that uses it (CC=$(brew --prefix "
                    "llvm)/bin/clang), or with GCC (brew install gcc; CC=gcc-14); or install a prebuilt wheel or the "
                    "conda-forge package of the package",
                    "reasoned from the log: clang's refusal of the OpenMP flag", family="extension-build")
    if _GDAL_UNFOUND in message:
        return Hint("building a GDAL binding (fiona, rasterio, GDAL's own Python package) from source needs GDAL's "
                    "development files, and the build found no gdal-config (no GDAL_CONFIG or GDAL_VERSION set): pip "
                    "found no wheel for this Python and platform and fell back to the source distribution",
                    "install GDAL with its development files (apt install libgdal-dev gdal-bin, brew install gdal, "
                    "conda install -c conda-forge gdal) so gdal-config is on PATH, or install the package from a "
                    "channel that ships it built (conda install -c conda-forge <package>), or a release with a wheel "
                    "for this Python", "reasoned from the log: the setup script's own words for GDAL it did not find",
                    family="extension-build")
    floor = _SETUP_C_FLOOR.match(message.strip()) if " must be installed" in message else None
    if floor is not None and floor["lib"].lower() not in ("python", "pip", "setuptools", "numpy", "cython", "pytorch",
                                                          "torch", "tensorflow", "jax", "jaxlib", "scipy", "pandas"):
        # (a Python package's floor is pip's to meet, not a C library's: the session-39 second reader's "PyTorch
        # 1.8.0 must be installed.")
        lib, version = floor["lib"], floor["version"]
        return Hint(f"the setup script's own check requires {lib} {version} or newer, a C library the package builds "
                    f"against, and found none it could use (not installed, an older one, or its development files and "
                    f"configuration tool not where the build looks): the package is being built from source",
                    f"install {lib} {version} or newer with its development files where the build finds it "
                    f"(conda install -c conda-forge {lib.lower()}, or the system's -dev package), or install the "
                    "package built with it (conda-forge, or a release with a wheel for this Python and platform)",
                    "reasoned from the log: the setup script's own check of a C library's version",
                    family="version-guard")
    if _CUDA_ARCHS_REFUSED in message:
        return Hint("CMake found that the CUDA compiler (nvcc) cannot build every architecture "
                    "CMAKE_CUDA_ARCHITECTURES lists: the CUDA toolkit is older than one of them (sm_87 needs CUDA "
                    "11.4, sm_89 and sm_90 11.8, sm_100 and sm_120 12.8)",
                    "set CMAKE_CUDA_ARCHITECTURES to this GPU's own compute capability (nvidia-smi --query-gpu="
                    "compute_cap --format=csv) or the ones this toolkit knows (nvcc --list-gpu-arch), or build with a "
                    "newer CUDA toolkit", "reasoned from the log: CMake's own check of the CUDA architectures",
                    family="extension-build")
    fortran = _NO_FORTRAN.search(message) if "has Fortran sources but no Fortran compiler" in message else None
    if fortran is not None:
        return Hint(f"the build compiles {fortran['library']}'s Fortran sources (numpy.distutils, building a package "
                    "such as SciPy from source) and found no Fortran compiler",
                    "install a Fortran compiler (gfortran: apt install gfortran, brew install gcc) and build again; "
                    "for a package pip builds from source because no wheel fits, a release with a wheel for this "
                    "Python and platform (pip install --only-binary :all: <package>) or its conda package",
                    "reasoned from the log: numpy.distutils' own words for the compiler it did not find",
                    family="extension-build")
    if ("-generate-dependencies-with-compile'" in message and _NVCC_NO_GENDEPS.search(message)
            and situation is not None and situation.torch_or_ninja_build):  # (a Makefile's nvcc call is no torch's)
        return Hint("torch's ninja build of the CUDA extension passes nvcc --generate-dependencies-with-compile, as "
                    "torch does where it was itself built with CUDA 10.2 or newer, and the nvcc the build found does "
                    "not know the option: that CUDA toolkit is older than 10.2, another toolkit than the one torch "
                    "was built with (first on PATH or in CUDA_HOME)",
                    "install the CUDA toolkit of torch's own CUDA release (python -c \"import torch; "
                    "print(torch.version.cuda)\") and point the build at it (CUDA_HOME, its bin folder first on PATH; "
                    "nvcc --version shows the one found)",
                    "reasoned from the log: nvcc's refusal of the option torch's cpp_extension gives it "
                    "(torch/utils/cpp_extension.py, _write_ninja_file)", family="extension-build")
    std = _NVCC_STD.search(message) if "is not defined for option 'std'" in message else None
    if std is not None and std["std"] in _STD_SINCE:
        since = _STD_SINCE[std["std"]]
        return Hint(f"the build compiles CUDA code as C++{std['std']}, and the nvcc it found does not know that "
                    f"standard: nvcc takes -std=c++{std['std']} from CUDA {since} on, so that toolkit is older "
                    "(another toolkit first on PATH or in CUDA_HOME than the one the build needs)",
                    f"install a CUDA toolkit {since} or newer (the release torch or the package was built with) and "
                    "point the build at it (CUDA_HOME, and its bin folder first on PATH; nvcc --version shows the one "
                    "found)",
                    f"reasoned from the log: nvcc's refusal of -std=c++{std['std']} (nvcc's --std values by CUDA "
                    "release)", family="extension-build")
    return None


def msvc_too_new(message: str) -> Hint:
    """nvcc's host_config.h refusing the Visual Studio on PATH (survey17b: BrushEdit#17, vision#8492 and one more):
    the Visual Studio 2022 updates from 17.10 (MSVC 14.40) are newer than older CUDA toolkits accept."""
    cuda = re.search(r"CUDA[\\/]v(\d+\.\d+)[\\/]include", message)
    toolkit = f"CUDA {cuda[1]}'s nvcc" if cuda else "nvcc"
    return Hint(f"{toolkit} refuses the Visual Studio (MSVC) compiler it found: its host_config.h accepts only the "
                "Visual Studio releases it was made for, and this one is newer (a Visual Studio 2022 update from 17.10 "
                "on) or older than those",
                "install an older MSVC toolset beside it (Visual Studio Installer: \"MSVC v143 - VS 2022 C++ x64/x86 "
                "build tools (v14.39)\") and build from its developer prompt, or a newer CUDA toolkit made for this "
                "Visual Studio; or pass nvcc -allow-unsupported-compiler (NVCC_APPEND_FLAGS), at your own risk",
                "reasoned from the log: nvcc's own check of the host compiler (crt/host_config.h)",
                family="extension-build")
