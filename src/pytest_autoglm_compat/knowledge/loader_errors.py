"""Dynamic-loader failures of compiled extensions, translated: which library, built for what.

Derived from the loader's own words (the library it names, the symbol or glibc
version it lacks) rather than remembered, so these are code, not entries in
known_failures.toml (STYLE.md 21).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ..model.hints import MISSING_LIBRARY, Hint
from .cuda_libraries import CUDA_DLL, cuda_function_missing, cuda_library_source, missing_cuda_dll
from .dll_loads import dll_without_torch, other_architecture
from .library_copies import two_builds, versioned_symbol
from .msvc import ffmpeg_dll_missing, msvc_runtime_missing
from .symbols import c_library_of, is_data_symbol, other_library_symbol, referenced_elsewhere
from .system_libraries import is_system_library, system_library

# A CUDA library the loader names, "libcublasLt.so.11": a run of word characters followed by ".so.<major>"
# (read from the run's start), then the library's name within it. One pattern for both, with a \w* after
# "libcublas", rescanned the rest of a run from each "libcublas" in it.
_SO_RUN = re.compile(r"(?<!\w)(\w+)\.so\.(?=(\d+)(\.\d+)?)")  # the major not taken: a run may start in it
_OWN_MAJOR_LIBRARY = re.compile(r"lib(?:curand|cufft|cusolver|cusparse)")
#: the CUDA toolkits that named every library's soname by their own X.Y (10.1 on give the math libraries their own)
_OLD_TOOLKITS = frozenset({"6.0", "6.5", "7.0", "7.5", "8.0", "9.0", "9.1", "9.2", "10.0"})
_CUDA_LIBRARY = re.compile(r"libcublas|libcudnn|"
                           r"(?:libcudart|libcusparse|libcusolver|libnvrtc|libcufft|libcurand|libnccl|libcufile|"
                           r"libcupti|libcutensor|libnvcomp)$")
#: CUPTI (the profiling library torch links) named its soname by the toolkit's X.Y through CUDA 11 (libcupti.so.11.7,
#: nvidia-cuda-cupti-cu11 11.7.101's wheel), by the major from CUDA 12 on (libcupti.so.12, nvidia-cuda-cupti-cu12)
_TOOLKIT_SONAME = re.compile(r"libcupti")
# A library's name is read from the start of its run of name characters only ((?<!...)): searched from
# every offset of a long run, the greedy name rescanned the rest of the run each time (quadratic).
_MISSING_SO = re.compile(r"(?<![\w.+-])([\w.+-]+\.so(?:\.[\d.]+)?): cannot open shared object file")
#: a demangled name with its parameters ("c10::cuda::c10_cuda_check_implementation(int, char const*, ...)") whole
#: macOS's dyld names the symbol with Mach-O's own leading underscore, which is dropped: "dlopen(..., 2): Symbol not
#: found: __ZN2at5ErrorC1E..." (holdout69b: pytorch_scatter#9), "symbol not found in flat namespace '__ZN3c10...'"
#: (or in brackets: protobuf#10571)
_UNDEFINED = re.compile(r"(?:undefined symbol: |[Ss]ymbol not found: _|symbol not found in flat namespace ['(]_)"
                        r"([^\s'\"()]+\([^()\n]{0,200}\)|[^\s'\");]+)")
#: a function of the CUDA driver API (libcuda.so, which the NVIDIA driver installs): cuTensorMapEncodeTiled came
#: with CUDA 12.0's driver
_DRIVER_API = re.compile(r"cu[A-Z][A-Za-z0-9]*(?:_v\d+)?")
#: Python 3.8 and later name the module ("DLL load failed while importing _C"); older ones do not ("DLL load failed: The
#: specified module could not be found.": holdout23b's chatbot_tutorial#4 and pytorch#28363)
_DLL_LOAD = re.compile(r"DLL load failed(?: with error code -?\d+)?(?: while importing (\w+))?")
#: Windows' own texts after "DLL load failed: " (English, Chinese, Japanese, as pasted in the corpus): a line of
#: another program's that merely says "DLL load failed" is not the loader's
_WINDOWS_TEXT = re.compile(r"DLL load failed(?: with error code -?\d+)?: (?:The specified (?:module|procedure) could "
                           r"not be found|%1 is not a valid Win32 application|A dynamic link library \(DLL\) "
                           r"initialization routine failed|找不到指定的|动态链接库|指定されたモジュール)")
_NOT_WIN32 = "is not a valid Win32 application"
#: Windows' error codes for a DLL it could not load, as ctypes' and os.add_dll_directory's OSError print them in any
#: language ("[WinError 1114] 动态链接库(DLL)初始化例程失败。": holdout26b, onnxruntime#28812)
#: ERROR_COMMITMENT_LIMIT (1455) in Windows' words, as a DLL load failure quotes them: English, German (holdout70b's
#: distractor Applio#1053: "Die Auslagerungsdatei ist zu klein"), French, Chinese
#: (and ERROR_NOT_ENOUGH_MEMORY's words: holdout100b's distractor h5py#2062)
_PAGING_FILE = re.compile(r"paging file is too small|Auslagerungsdatei ist zu klein|fichier de pagination est "
                          r"insuffisant|页面文件太小|os error 1455|"
                          r"Not enough memory resources are available to process")
_WIN_ERROR = re.compile(r"\[WinError (?P<code>126|127|1114)\]")
_WIN_ERROR_MEANS = {"126": "a DLL it needs is not found (ERROR_MOD_NOT_FOUND)",
                    "127": "a DLL it found lacks a function it needs: another build or release of that DLL "
                           "(ERROR_PROC_NOT_FOUND)",
                    "1114": "a DLL's initialization routine failed (ERROR_DLL_INIT_FAILED): most often a DLL built for "
                            "another machine or runtime, or two copies of a runtime (OpenMP, the C++ runtime) loaded "
                            "together"}
#: torch's own loading of its DLLs on Windows: 'Error loading "...\\torch\\lib\\shm.dll" or one of its dependencies.'
#: (holdout24b: qDiffusion#74); fbgemm.dll under torch 2.4.0 is a known failure of its own
_TORCH_DLL = re.compile(r'Error loading "(?P<path>[^"\n]{0,400}[\\/]torch[\\/]lib[\\/](?P<dll>[\w.-]+\.dll))" '
                        r"or one of its dependencies")
_TORCH_DLL_FIX = ("install the latest Microsoft Visual C++ Redistributable (x64, "
                  "aka.ms/vs/17/release/vc_redist.x64.exe) and put the GPU runtime's bin folder on PATH (CUDA's; "
                  "ROCm's for a ZLUDA torch), then reinstall torch with the build for this machine (pytorch.org's "
                  "selector; the CPU build where there is no NVIDIA GPU)")
_TORCH_DLL_SOURCE = ("reasoned from the log: the Windows loader's error (LoadLibraryEx); PyTorch's Windows "
                     "import-error notes (peterjc123's guide: the VC++ redistributable, mkl and intel-openmp)")
#: ctypes' error on Windows (Python 3.8 on) for a library LoadLibraryEx could not load, the file itself or a DLL it
#: links: "Could not find module '...\\site-packages\\torchaudio\\lib\\libtorchaudio.pyd' (or one of its
#: dependencies)" (holdout27b: bark#239)
_CTYPES_NOT_FOUND = re.compile(r"Could not find module '(?P<path>[^'\n]{1,400}?[\\/](?P<file>[^'\\/\n]{1,200}))' "
                               r"\(or one of its dependencies\)")
#: the same words for a DLL asked for by its name alone: "Could not find module 'libiconv.dll' (or one of its
#: dependencies)" (holdout173b: pyzbar#167; holdout171b: Microsoft-MPI#72, an MPI binding's impi.dll and msmpi.dll)
_CTYPES_BY_NAME = re.compile(r"Could not find module '(?P<file>[^'\\/:\n]{1,200}\.[Dd][Ll][Ll])' \(or one of its "
                             r"dependencies\)")
#: NVIDIA's runtime DLLs (nvcuda, nvvm, nvrtc64_*, cudart64_*, cudnn*, nccl): the CUDA readings' own, not a bare name's
_GPU_RUNTIME_DLL = re.compile(r"(?i)(?:lib)?(?:nv|cu)|nccl")
_GLIBC = re.compile(r"(?:(?P<lib>(?<!\S)\S+\.so(?:\.\d+)*): )?(?:version )?[`']?"
                    r"(?P<symbol>\b(?P<kind>GLIBCXX|GLIBC|CXXABI|GOMP)_[\d.]+)'?"
                    # a message cut after the version it lacks (holdout21b: AutoGPTQ#272, as quoted in a PR)
                    r"(?: {1,3}not found(?: \(required by (?P<by>[^)]+)\))?|(?<=')\s*$)")


#: a C++ symbol of torch's namespaces (c10::, at::, torch::, caffe2::), as the compiler mangles it
_TORCH_NAMESPACE = re.compile(r"^_ZN?K?(?:\d+\w+?)?(?:3c10|2at|5torch|6caffe2)")
#: a CUDA library's C function, by its library's prefix (curandCreateGenerator: libcurand)
#: an extension torch's JIT built into its cache: "~/.cache/torch_extensions/py310_cu117/fused_adam/fused_adam.so"
_JIT_CACHED = re.compile(r"(?P<folder>(?:[A-Za-z]:)?[^\s:'\"]*[\\/]torch_extensions[\\/](?:[^\\/\s:'\"]+[\\/])?"
                         r"[^\\/\s:'\"]+)[\\/][^\\/\s:'\"]+\.(?:so|pyd)\b")


#: torch's own shared libraries (torch/lib), which torch extensions link by name
#: (not their CUDA ones: a CPU build of torch has no libtorch_cuda.so, and libtorch_cuda_cu.so was torch 1.10-1.12's)
#: torch's CUDA 11 builds from 1.8 split libtorch_cuda in two (BUILD_SPLIT_CUDA); 2.0 has libtorch_cuda.so alone
#: TensorRT's libraries, their soname major TensorRT's own (libnvinfer.so.8: TensorRT 8; holdout28b: tensorrtx#1501)
_TENSORRT = re.compile(r"libnv(?:infer(?:_plugin|_lean|_dispatch|_vc_plugin)?|onnxparser|parsers)\.so\.(?P<major>\d+)")
_TORCH_SPLIT = re.compile(r"libtorch_cuda_(?:cu|cpp)\.so(?:\.\d+)*")
_TORCH_OWN = re.compile(r"lib(?:c10|torch(?:_cpu|_python|_global_deps)?|shm)\.so(?:\.\d+)*")


def _dll_by_name(dll: str, package: str | None) -> Hint:
    """A DLL ctypes was asked to load by its name alone: Windows searched its DLL folders (from Python 3.8 not PATH,
    for a DLL's own dependencies: bpo-36085) and found it, or one it links, in none."""
    asker = f"{package}'s code" if package else "the code"
    return Hint(f"Windows could not load {dll}, which {asker} loads by its name alone, or a DLL it depends on: the "
                f"library or runtime that ships {dll} is not installed, or its folder is not one Windows searches "
                "(Python 3.8 and later no longer search PATH for the DLLs a loaded DLL needs)",
                f"install the library or runtime that provides {dll} (the package's documented Windows dependency), "
                "then add its folder with os.add_dll_directory or load it by its full path; and install the latest "
                "Microsoft Visual C++ Redistributable (x64), which such DLLs link",
                "the Windows loader's error as ctypes words it (LoadLibraryEx: the file or one of its dependencies)",
                category="DLL load failed", family="extension-dll-load")


def _rebuild(package: str) -> str:
    """The pip command that rebuilds one extension against the installed torch, touching nothing else."""
    return (f"pip install --no-cache-dir --force-reinstall --no-deps --no-build-isolation --no-binary {package} "
            f"{package}")


def _library_named(path: str) -> str:
    """"…/site-packages/torch/lib/libtorch_python.so" -> "torch's libtorch_python.so"."""
    parts = path.replace("\\", "/").split("/")
    for anchor in ("site-packages", "dist-packages"):
        if anchor in parts and parts.index(anchor) + 2 < len(parts):
            return f"{parts[parts.index(anchor) + 1]}'s {parts[-1]}"
    return parts[-1]


#: words one of which every loader message read below has (_DLL_LOAD, _GLIBC, cuda_library, _MISSING_SO, _UNDEFINED)
#: (tried with str's own search each: a regex of these alternatives, tried at every offset, took 17 µs a line)
_LOADER_WORDS = ("DLL load failed", "not found", "Could not find", "Could not load '", "third-party dynamic library",
                 ".so.",
                 "cannot open shared object file", "is missing from your computer",
                 "undefined symbol", "Error loading", "[WinError ")


def may_quote_the_loader(message: str) -> bool:
    """Whether ``message`` has a word of a loader's error: the one test most of a long log's lines fail."""
    return any(word in message for word in _LOADER_WORDS)


def quotes_windows_loader(message: str) -> bool:
    """Windows' own words for a DLL that did not load ("DLL load failed: The specified module could not be found"),
    not another program's line that merely says "DLL load failed"."""
    return "DLL load failed" in message and _WINDOWS_TEXT.search(message) is not None


#: the loader's error as another exception quotes it: "CuPy failed to load libnvrtc.so.12: OSError: libnvrtc.so.12:
#: cannot open shared object file" (holdout27b: cupy#8317), and ctypes' words on Windows, "FileNotFoundError: Could
#: not find module 'nvrtc64_120_0.dll' (or one of its dependencies)" (holdout27b: ComfyUI-GIMM-VFI#17)
_QUOTED_LOADER = re.compile(r"(?:OSError|FileNotFoundError|ImportError): [^\s/\\:]{1,400}: cannot open shared object "
                            r"file"
                            # llama-cpp-python's own quote on Linux: "Failed to load shared library '.../libllama.so':
                            # libcublas.so.12: cannot open shared object file" (holdout39b: inference#3282)
                            r"|Failed to load shared library '[^'\n]{1,400}': [^\s/\\:]{1,400}: cannot open shared "
                            r"object file"
                            # ctypes' own words on Windows, however quoted (llama-cpp-python's "Failed to load shared
                            # library '...llama.dll': Could not find module '...' (or one of its dependencies)")
                            r"|: Could not find module '[^'\n]{1,400}' \(or one of its dependencies\)"
                            # Triton server's backend (holdout103b: server#5803, libtriton_pytorch.so against libtorch)
                            r"|unable to load shared library: [^\s:]{1,400}\.so: undefined symbol: ")


def quotes_loader(message: str) -> bool:
    """Whether a message quotes the loader's own error on its first line (an exception that wraps it: a library's
    RuntimeError); a report that prints the loader's error below its own words (pytest's "ImportError while importing
    test module") has that error as a failure of its own."""
    first = message.partition("\n")[0]
    return (("cannot open shared object file" in first or "Could not find module" in first
             or "undefined symbol" in first)
            and _QUOTED_LOADER.search(first) is not None)


def cuda_library(message: str) -> tuple[str, str] | None:
    """The first CUDA library a message names with its major version: ("libcublasLt.so.11", "11")."""
    if ".so." not in message:  # every run the pattern reads has it: a line without one is read in one C pass
        return None
    for run in _SO_RUN.finditer(message):
        name = _CUDA_LIBRARY.search(run.group(1))
        if name is not None:
            # the minor kept where the soname is an old toolkit's X.Y (libcurand.so.10.0, CUDA 10.0's:
            # cuda_library_source), not a file's full version (libcusparse.so.11.6.0.120)
            stem = run.group(1)[name.start():]
            minor = (run.group(3) if run.group(3) and (
                (_OWN_MAJOR_LIBRARY.match(stem) and f"{run.group(2)}{run.group(3)}" in _OLD_TOOLKITS)
                or (_TOOLKIT_SONAME.match(stem) and int(run.group(2)) <= 11)) else "")
            return f"{stem}.so.{run.group(2)}{minor}", run.group(2)
    return None


def explain_load_error(message: str, *, torch_cuda: str | None = None, torch_version: str | None = None,
                       installed: bool = True, package: str | None = None, raised: bool = True,
                       framed: bool = False, torch_loads: bool = False, torch_seen: bool = True) -> Hint | None:
    """Translate a dynamic loader failure of a compiled extension; ``Hint.category`` says which kind.

    Only for load errors (callers check): the same text inside, say, an
    AssertionError says nothing about the loader. ``installed``: the torch given
    is this environment's; False: the one a log shows (a log that shows none says nothing of torch).
    ``package``: the distribution whose import failed, where the frames show it (named in the answer).
    ``raised``: the message is an exception's (False: a line a library printed, such as bitsandbytes' CUDA setup
    quoting ctypes before its own report, which says more). ``framed``: the frames show code outside Python's own
    library (``package`` None: the user's). ``torch_loads``: torch's own loader of an extension runs (torch.ops'
    load_library, cpp_extension's load). ``torch_seen``: the log names torch or CUDA anywhere (False: a module of
    another stack, told without torch's reasons).
    """
    message = message.replace("cannot open\nshared object file", "cannot open shared object file")  # a wrapped paste
    if not may_quote_the_loader(message) or "contains a virus" in message or "pybind11 non-limited-api" in message:
        # most lines of a long log; an antivirus's quarantine (holdout52b's distractor brainways#19); pybind11's own
        # loader of a per-Python part, which the generic layer reads (generic.library_loaders)
        return None
    if torch_version:
        # a version a log shows without "+cpu" or "+cuXXX" says nothing of its build (PyPI's Linux wheels are CUDA's)
        build = ("CUDA " + torch_cuda if torch_cuda else "CPU-only build" if installed or "+cpu" in torch_version
                 else "")
        torch_text: str | None = f"torch {torch_version}" + (f" ({build})" if build else "")
    else:
        torch_text = "no torch" if installed else None
    where = "installed" if installed else "the log shows"
    cuda_dll = CUDA_DLL.search(message) if ".dll" in message else None
    if cuda_dll:
        # NVRTC names one DLL per CUDA major from 11.2 on (nvrtc64_112_0.dll, nvrtc64_120_0.dll), one per minor before
        return missing_cuda_dll(cuda_dll["dll"], cuda_dll["stem"], cuda_dll["digits"], package,
                                 line=cuda_dll["line"] is not None and int(cuda_dll["digits"]) >= 112)
    msvc = msvc_runtime_missing(message, package)
    if msvc is not None:
        return msvc
    # llama-cpp-python's RuntimeError, its words pasted without the type (holdout37b: llama-cpp-python#208)
    raised = raised or message.startswith("Failed to load shared library '")
    ctypes_file = _CTYPES_NOT_FOUND.search(message) if raised and "Could not find module" in message else None
    from .generic.names import package_folder  # generic imports this module's importers: imported when asked

    owner = package_folder(ctypes_file["path"]) if ctypes_file else None
    own = package == owner or (package is None and not framed) or (torch_loads and package == "torch")  # audio#2735
    ffmpeg = re.search(r"ffmpeg(\d+)", ctypes_file["file"].lower()) if ctypes_file and own else None
    if ffmpeg and owner and ctypes_file:
        return ffmpeg_dll_missing(owner, ctypes_file["file"], ffmpeg[1])
    if ctypes_file and owner and own and ctypes_file["file"].lower().endswith((".dll", ".pyd")):
        # a package's own file, loaded by its own code (or no frame shown): it is there (the package put it there), so
        # a DLL it links is what is not; a path the user's code passes may be wrong (the second reader's typo, a DLL
        # of another environment)
        torch_made = owner.startswith("torch")
        return Hint(
            f"Windows could not load {owner}'s {ctypes_file['file']} or a DLL it depends on: a DLL it needs is not "
            "found (the Microsoft Visual C++ Redistributable, a GPU runtime's DLLs not on PATH), or it was built for "
            "another release of a library it links" + (" (another torch's)" if torch_made else ""),
            f"install the latest Microsoft Visual C++ Redistributable (x64), and reinstall {owner} with the build that "
            "matches what it links" + (" (from the same index and release line as torch)" if torch_made else "")
            + f": pip install --force-reinstall --no-cache-dir {owner}",
            "the Windows loader's error as ctypes words it (LoadLibraryEx: the file or one of its dependencies)",
            category="DLL load failed", family="extension-dll-load")
    by_name = _CTYPES_BY_NAME.search(message) if ctypes_file is None and "Could not find module" in message else None
    if by_name is not None and not _GPU_RUNTIME_DLL.match(by_name["file"]):  # a CUDA library's: its own readings
        return _dll_by_name(by_name["file"], package)
    if "[WinError 1455]" in message or _PAGING_FILE.search(message):
        return None  # Windows' paging file too small to map torch's large DLLs: the machine's memory, no build's
    torch_dll = _TORCH_DLL.search(message) if "Error loading" in message else None
    if torch_dll:
        return Hint(
            f"Windows could not load torch's own {torch_dll['dll']} or a DLL it depends on: a DLL it needs is not "
            "found (the Microsoft Visual C++ Redistributable; a conda torch's MKL and OpenMP libraries; a GPU "
            "runtime's DLLs not on PATH) or the build is for another machine"
            + (f"; {where}: {torch_text}" if torch_text else ""),
            _TORCH_DLL_FIX, _TORCH_DLL_SOURCE, category="DLL load failed", family="extension-dll-load")
    win_error = _WIN_ERROR.search(message) if "[WinError " in message and "Error loading" not in message else None
    if win_error and (package or "DLL" in message or ".dll" in message) and ".exe" not in message:
        # a program os.startfile or subprocess started (its .exe named) is no package's DLL: the second reader's case
        of = f" of {package}" if package else ""
        return Hint(f"Windows could not load a DLL{of}: {_WIN_ERROR_MEANS[win_error['code']]}",
                    "install the latest Microsoft Visual C++ Redistributable (x64), and reinstall "
                    f"{package or 'the package'} with its build for this Python and machine (pip install "
                    f"--force-reinstall --no-cache-dir {package or '<package>'}); a GPU build's runtime DLLs (CUDA's "
                    "bin folder) on PATH", "the Windows loader's error code (LoadLibraryEx)",
                    category="DLL load failed", family="extension-dll-load")
    dll = _DLL_LOAD.search(message)
    if dll and dll.group(1) is None and not _WINDOWS_TEXT.search(message) \
            and not (raised and message.startswith("DLL load failed")):
        # not the loader's words (Python's ImportError puts Windows' own text after them; an ImportError whose message
        # they begin is Python's own, its text cut by the paste: holdout28b, running-detectron2-on-windows#5)
        dll = None
    if dll and _NOT_WIN32 in message:
        return other_architecture(dll.group(1))
    if dll and dll.group(1) is None and package == "torch":
        return Hint(
            "Windows could not load torch's own compiled library (torch._C) or a DLL it links: a DLL it needs is "
            "missing (the Microsoft Visual C++ Redistributable; a conda torch's MKL and OpenMP libraries) or the "
            "build is for another machine" + (f"; {where}: {torch_text}" if torch_text else ""),
            _TORCH_DLL_FIX, _TORCH_DLL_SOURCE, category="DLL load failed", family="extension-dll-load")
    if dll and dll.group(1) is None:
        of = f"of {package} " if package else ""
        return Hint(
            f"Windows could not load a compiled module {of}or a DLL it links (the message does not name it): a DLL it "
            "needs is not found (the Microsoft Visual C++ Redistributable, a CUDA runtime DLL not on PATH), or it was "
            "built for another Python or for another release of a library it links",
            f"see which import fails (python -v), install the latest Microsoft Visual C++ Redistributable (x64), and "
            f"install {package or 'that package'}'s build for this Python and machine",
            "the Windows loader's error (LoadLibraryEx): Python before 3.8 does not name the module",
            category="DLL load failed", family="extension-dll-load")
    if dll and not torch_seen:
        # no torch in sight: a DLL the module links, or the Python it was built for (holdout139b's matplotlib#19692,
        # matplotlib's ft2font under an editor that ran the conda environment's Python without activating it)
        return dll_without_torch(dll.group(1), package, message)
    if dll:
        return Hint(
            f"Windows could not load the compiled extension {dll.group(1)} or a DLL it links: it was built for "
            "another torch or CUDA than the one installed (or needs a CUDA runtime DLL that is not on PATH)"
            + (f"; {where}: {torch_text}" if torch_text else ""),
            "install the extension's wheel built for the installed torch and CUDA (or the torch it was built "
            "for), or rebuild it from source against the installed torch",
            "the Windows loader's error (LoadLibraryEx); the extension's imported DLLs",
            category="DLL load failed", family="extension-dll-load")
    copies = versioned_symbol(message)
    if copies:
        return two_builds(*copies, message, of_cuda=cuda_library(copies[2]) is not None)
    # GLIBC_2.2.5 is x86-64's first glibc version, which every glibc has; conda's compiler_compat ld does not read the
    # system's C library (holdout53b: llama-cpp-python#1639; the second reader's look-alikes)
    glibc = (_GLIBC.search(message) if ("GLIBC" in message or "CXXABI_" in message or "GOMP_" in message)
             and "GLIBC_2.2.5'" not in message
             and "compiler_compat/ld" not in message else None)  # (its literals first: the pattern costs 30 µs a line)
    if glibc:
        needs = _library_named(glibc["by"]) if glibc["by"] else "the extension (or a library it links)"
        provider = f" ({glibc['lib']})" if glibc["lib"] else ""
        return Hint(
            f"{needs} was built against a newer {glibc['kind']} than the library loaded for it{provider} "
            f"provides: {glibc['symbol']} not found",
            # glibc is the system's own (one per process, not swapped by a path): a build for it, or a newer system
            "use a build of the package made for this system's glibc (a wheel whose manylinux tag is at or below "
            "what ldd --version shows, or build it here), or a newer Linux"
            if glibc["kind"] == "GLIBC" else
            "use a wheel built for this system's glibc/libstdc++ (manylinux), or put a newer libstdc++ or libgomp "
            "first on the loader path (conda install -c conda-forge libstdcxx-ng; LD_LIBRARY_PATH=$CONDA_PREFIX/lib)",
            "the dynamic loader's error; the extension's version needs (readelf -V)",
            category="C/C++ runtime too old", family="glibcxx-not-found")
    cuda_lib = cuda_library(message)
    if cuda_lib and ("cannot open shared object" in message
                     # the words cut after "cannot open" where it was pasted (holdout44b: AdelaiDet#54)
                     or re.search(r"\.so\.[\d.]+: cannot open\s*(?:\.\.\.)?\s*$", message)
                     # the library's name alone, the loader's words after it cut (holdout164b: sru#59, libcublas.so.9.1)
                     or (raised and re.fullmatch(r"\s*[\w.+-]{1,100}\.so\.[\d.]{1,20}\s*", message))):
        library, major = cuda_lib
        of, get = cuda_library_source(library, major)
        if not of.startswith("CUDA "):  # cuDNN, NCCL: their own majors say nothing of torch's CUDA
            who = package or ("the extension" if installed else "a compiled library")
            # cuRAND's and cuFile's one soname major spans CUDA releases: no "another major" to blame
            unfound = ("the CUDA libraries that ship it are not installed, or not on the loader path"
                       if of.split()[0] in ("cuRAND", "cuFFT", "cuSOLVER", "cuSPARSE", "cuFile") else
                       f"another {of.split()[0]} major is installed, or none is on the loader path")
            # cuTENSOR's wheel is often installed where the loader does not look (the session-31 second reader's
            # cupy#9017): its lib directory first
            fix = (f"put the lib directory of the installed {of} on LD_LIBRARY_PATH, or install it: {get}"
                   if library.startswith("libcutensor") else
                   f"install {of}: {get}, with its lib directory on LD_LIBRARY_PATH (a torch extension finds the one "
                   "the torch wheel brings)")
            return Hint(f"{who} was built against {of} (it links {library}), and the loader finds none: {unfound}",
                        f"{fix}; or {who}'s build for the {of.split()[0]} this machine has",
                        "the dynamic loader's error", category="missing CUDA library", family="extension-cuda-lib")
        major = of.split()[1]  # the CUDA major that ships it (libcufft.so.11: CUDA 12)
        torch_major = torch_cuda.split(".")[0] if torch_cuda else None
        built = f"{package or 'the extension'} was built for CUDA {major} (it links {library})" + (
            f"; {where}: {torch_text}" if torch_text else "")
        source = "the dynamic loader's error; the extension's DT_NEEDED entries"
        if torch_major is not None and torch_major != major:
            return Hint(built,
                        f"install the extension built for CUDA {torch_major} (the package's cu{torch_major}x wheel) "
                        f"or a torch built for CUDA {major}, so that both use one CUDA major",
                        source, category="wrong CUDA major", family="extension-cuda-lib")
        if torch_major == major:
            return Hint(f"{built}, yet {library} is not on the loader path (torch's copy comes from the "
                        f"{get.removeprefix('pip install ')} wheel or a system CUDA)",
                        f"{get} (or the CUDA {major} toolkit), or add the directory that holds it to LD_LIBRARY_PATH",
                        source, category="missing CUDA library",
                        family="extension-cuda-lib")
        from ..model.cuda_table import torch_index_for_major
        from ..model.torch_index import install_torch

        index = torch_index_for_major(major)
        install = (install_torch(index, installed=torch_version if installed else None) if index
                   else f"install a torch build for CUDA {major}")
        if torch_text is None and not installed:  # a log that shows no torch: a library of its own, or an extension
            who = package or "a compiled library"
            # a soname of a toolkit's X.Y (libcupti.so.11.7) is that release's alone: no torch of the major brings it
            soname_version = library.rpartition(".so.")[2]
            release = soname_version if "." in soname_version else None
            return Hint(f"{who} was built for CUDA {release or major} (it links {library}), and the loader finds no "
                        f"{library}: this machine's CUDA libraries are of another {'release' if release else 'major'}, "
                        "or not on the loader path",
                        (f"install {get} (its lib directory on LD_LIBRARY_PATH)"
                         if get.startswith("the CUDA") else
                         f"install the CUDA {release or major} library: {get} (its lib directory on LD_LIBRARY_PATH), "
                         f"or the CUDA {release or major} toolkit") + f"; or {who}'s build for the CUDA this machine "
                        "has" + ("" if release else
                                 f"; a torch extension also finds it with a CUDA {major} build of torch ({install})"),
                        source, category="missing CUDA library", family="extension-cuda-lib")
        return Hint(built, f"{install} (a CUDA {major} build of torch), or rebuild the extension against the "
                    "installed torch", source, category="missing CUDA library", family="extension-cuda-lib")
    missing = _MISSING_SO.search(message) if "cannot open shared object file" in message else None
    if missing and _CUDA_LIBRARY.search(missing.group(1).rpartition("/")[2].partition(".so")[0]):
        library = missing.group(1).rpartition("/")[2]  # "libcudnn.so": a CUDA library named without its major
        return Hint(f"a CUDA library the package loads, {library}, is not on the loader path (not installed, or "
                    "not where the package looks: LD_LIBRARY_PATH, the CUDA toolkit's lib64)",
                    f"install the CUDA component that provides {library} in the version the package was built for "
                    "(pip's nvidia-* wheels, or the CUDA toolkit / cuDNN), or add its directory to LD_LIBRARY_PATH",
                    "the dynamic loader's error", category="missing CUDA library", family="extension-cuda-lib")
    tensorrt = _TENSORRT.fullmatch(missing.group(1).rpartition("/")[2]) if missing else None
    if tensorrt:
        library, major = tensorrt.group(0), tensorrt["major"]
        return Hint(f"TensorRT {major}'s {library} is not on the loader path: the tensorrt Python package (or the "
                    f"extension) was built for TensorRT {major}, and the TensorRT libraries installed are another "
                    "major, or their lib folder is not on LD_LIBRARY_PATH",
                    f"install TensorRT {major}'s libraries (NVIDIA's tar or deb of TensorRT {major}, or its pip wheels "
                    "where that release has them) with their lib folder on LD_LIBRARY_PATH, or the tensorrt Python "
                    "package of the TensorRT installed",
                    "the dynamic loader's error: TensorRT's libraries carry TensorRT's major, not CUDA's",
                    category="missing CUDA library", family="extension-cuda-lib")
    if missing and _TORCH_SPLIT.fullmatch(missing.group(1).rpartition("/")[2]):
        library = missing.group(1).rpartition("/")[2]
        return Hint(f"{library} is one of the two libraries torch's CUDA 11 builds split libtorch_cuda into (from "
                    "1.8 until the split was deleted before 2.0), which later torch builds do not have: the extension "
                    "was built against such a torch, and the installed torch is another",
                    f"rebuild the extension against the installed torch ({_rebuild(package or '<package>')}), or "
                    "install the torch it was built for",
                    "the dynamic loader's error; pytorch/pytorch#49050 (the split, BUILD_SPLIT_CUDA, v1.8.0's CUDA 11 "
                    "builds) and #87502 (the split deleted, before 2.0)",
                    category="undefined symbol", family="extension-abi")
    if missing and _TORCH_OWN.fullmatch(missing.group(1).rpartition("/")[2]):
        library = missing.group(1).rpartition("/")[2]
        if torch_loads and library == "libtorch_cpu.so":
            # torch's own code loads the extension (torch.ops.load_library): torch is loaded, and has no such library
            return Hint(f"{library} is torch's own library, and the installed torch, already loaded (its frames load "
                        "the extension), has none: the extension was built against another torch release or build",
                        "install the extension's build for the installed torch, or the torch it was built for",
                        "the dynamic loader's error; torch extensions link torch/lib's libraries by name",
                        category="undefined symbol", family="extension-abi")
        if torch_loads or package == "torch":
            # torch, loaded, loading an extension that finds none of torch's other libraries: the log says no more;
            # import torch itself failing on its own library: torch's install is broken, no extension's
            return None
        split = library.startswith(("libtorch_cpu.so", "libtorch_cuda.so"))  # torch 1.5 split them out of libtorch
        return Hint(f"{library} is torch's own library (torch/lib), which import torch loads into the process: a torch "
                    "extension imported before torch finds none (it links torch's libraries without a path to them), "
                    "nor one imported where torch is not installed"
                    + (", nor one built for torch 1.5 or later where an older torch is installed" if split else ""),
                    "import torch before the extension (import torch, then the extension's module), and check this "
                    "Python has torch (python -c 'import torch'); where it does, reinstall the extension against it",
                    "the dynamic loader's error; torch extensions link torch/lib's libraries by name",
                    # told, not claimed, for the libraries torch 1.5 split out: an extension built for a later torch
                    # reads the same (holdout30b: detectron2#1365, under torch 1.4)
                    category="torch not loaded", family=MISSING_LIBRARY if split else "extension-missing-lib")
    if missing and missing.group(1).startswith("libnccl-net"):
        return None  # NCCL's optional network plugin: its INFO line, then the internal transport (survey17b: nccl#162)
    if missing and is_system_library(missing.group(1).rpartition("/")[2]):
        return system_library(missing.group(1).rpartition("/")[2], package)
    if missing and "/torch_extensions/" in message[max(0, missing.start() - 400):missing.start()]:
        # torch's JIT build cache (torch.utils.cpp_extension.load, DeepSpeed's op builder): where the log shows the
        # build failing (ninja's CalledProcessError), that failure is told; without it the log says nothing of why
        # (a path the user's own code loads, a build that did no work: the second reader's cases)
        return None
    if missing and missing.group(1) == "libcuda.so.1":  # the unversioned libcuda.so is the driver's development link
        return Hint(f"the NVIDIA driver's {missing.group(1)} is not found by the loader: no NVIDIA driver is visible "
                    "here (a machine without the driver, a container started without the NVIDIA runtime, or the "
                    "driver's or CUDA's compat libraries not on LD_LIBRARY_PATH)",
                    "install the NVIDIA driver (nvidia-smi works), start the container with the NVIDIA runtime (docker "
                    "run --gpus all), or add the folder that holds libcuda.so.1 (the driver's, or "
                    "/usr/local/cuda/compat) to LD_LIBRARY_PATH; on a machine with no NVIDIA GPU, install the "
                    "package's CPU build",
                    "the dynamic loader's error: libcuda.so.1 is the NVIDIA driver's user-space library",
                    category="missing CUDA library", family="extension-cuda-lib")
    if missing:
        return Hint(
            f"a shared library the extension links, {missing.group(1)}, is not on the loader path",
            "install the package that provides it or add its directory to LD_LIBRARY_PATH",
            "the dynamic loader's error",
            category="missing shared library",
            family=MISSING_LIBRARY,
        )
    undefined = _UNDEFINED.search(message)
    if undefined and _DRIVER_API.fullmatch(undefined.group(1)):
        return Hint(
            f"the extension calls the CUDA driver's {undefined.group(1)}, which the installed NVIDIA driver's "
            "libcuda.so lacks: the driver is older than the CUDA the extension was built for",
            "upgrade the NVIDIA driver to one that supports the CUDA the package was built for (NVIDIA's driver "
            "table; nvidia-smi shows the newest CUDA the installed driver supports), or install a build of the "
            "package for a CUDA that driver supports",
            "the dynamic loader's error: a CUDA driver API function (cu*) is the NVIDIA driver's, not torch's",
            category="undefined symbol", family="cuda-driver-too-old")
    versioned = _UNDEFINED_VERSIONED.search(message) if undefined else None
    if versioned is not None:
        # a versioned symbol of a C library ("jpeg12_write_raw_data, version LIBJPEG_8.0"): two libraries of different
        # builds (holdout33b: lerobot#742, conda's libtiff against another libjpeg; holdout17b: pytorch#144244, pip's
        # libcusparse finding the system CUDA's older nvJitLink first), not an extension built for another torch
        symbol, version = versioned["symbol"], versioned["version"]
        return Hint(f"a library asks for {symbol} of version {version}, which the copy of that library the loader "
                    "found first lacks: two libraries of the environment from different builds (an older copy earlier "
                    "on LD_LIBRARY_PATH or in the system's folders, or a package manager's loose pin)",
                    "find the copy that is loaded (LD_DEBUG=libs, or ldd on the library the error names) and let the "
                    "matching one come first: unset or fix LD_LIBRARY_PATH, or reinstall the packages so their "
                    "builds match (conda: one channel; pip: the nvidia-* wheels torch pins)",
                    "the dynamic loader's error: a versioned symbol of another library",
                    category="undefined symbol", family="binary-mismatch")
    if undefined and re.match(r"_?Py[A-Z_]", undefined.group(1)) and not (  # libpython loaded privately (jep#206)
            ("/lib-dynload/" in message and re.match(r"PyExc_|Py\w+_Type$|_Py_\w+Struct$", undefined.group(1)))
            # a name every CPython 2 and 3 exports: the interpreter has it, and the extension cannot see it (a host
            # program embedding Python without exposing libpython's symbols: holdout97b's distractor swift-t#125)
            or _EVERY_PYTHON.fullmatch(undefined.group(1))):
        symbol = undefined.group(1)
        return Hint(f"the extension was built against another Python than the one importing it: {symbol} is a Python "
                    "C API name this interpreter lacks (Python 2's, or another build's)",
                    "rebuild the extension with this Python (pip install --force-reinstall --no-cache-dir "
                    f"--no-binary {package or '<package>'} {package or '<package>'}), or run it with the Python it was "
                    "built for", "the dynamic loader's error: a Python C API symbol",
                    category="undefined symbol", family="extension-abi")
    # a mangled C++ name ("_ZN3c10...", "*ZNK3c10..." where markdown took the underscores) is read below
    if (undefined and not _TORCH_NAMESPACE.match(undefined.group(1).replace("*", "_", 1))
            and not re.match(r"(?:c10|at|torch|caffe2)::", undefined.group(1)) and "torch" not in message
            and (not _TORCH_EXTENSION.search(message) or "_ZN10tensorflow" in undefined.group(1))):
        # a demangled torch name reads as its mangled one (sglang#33); TensorFlow's custom op (coref_kernels.so:
        # holdout73b's serving#880) asks for TensorFlow's
        # a C function's name (silx's SfError), in a library that is no torch extension: its own build left the
        # function out (holdout36b's distractor silx#13: its setup.py dropped the C sources), not a build for another
        # torch; another library's C++ name where the log names no torch is that library's (the session-28 second
        # reader's fpylll#205, tensorflow#41682, nnvm#332: libraries from other builds, TVM not loaded at all)
        return cuda_function_missing(undefined.group(1), message, torch_named=False) or other_library_symbol(
            undefined.group(1).replace("*", "_", 1), message)
    if undefined and referenced_elsewhere(message) and not _TORCH_NAMESPACE.match(undefined.group(1)):
        # dyld names a library outside torch and the extension as the one that asks (the second reader's
        # pytorch-osx-build#19: a stray /usr/local/lib/libquadmath needs ___addtf3): that library's build, not torch's
        return None
    if undefined and (re.match(r"_Z\d", undefined.group(1)) or c_library_of(undefined.group(1))):
        # a function in no namespace (_Z27points_in_boxes_cpu_forward...): the extension's own code, which torch never
        # defines (survey17b's distractor mmcv#1556); a C library's (MPI_Aint_add: generic.c_libraries, mpi4py#289)
        return None
    if undefined and (undefined.group(1).startswith("THP")
                      or (is_data_symbol(undefined.group(1)) and ".so" not in message)):
        # torch's own Python bindings (THPVariableClass ...), in every torch release: the extension was loaded
        # before `import torch` put them in the process, not built for another torch (holdout11b's distractor
        # pytorch/extension-cpp#6). A variable's name (at::UndefinedTensorImpl::_singleton) quoted with no
        # library reads the same (holdout13b's distractor lufficc/SSD#125); with the extension's library named
        # it is still told (flash-attn missing c10::cuda::CUDACachingAllocator::allocator, which torch 2.0 added)
        return None
    function = cuda_function_missing(undefined.group(1), message) if undefined else None
    if function is not None:
        return function
    cached = (_JIT_CACHED.search(message) if undefined and "torch_extensions" in message
              and _TORCH_NAMESPACE.search(undefined.group(1)) else None)
    than = f"than {torch_text}" if torch_text else "than the torch that imports it"
    if undefined and cached:  # built once, for the torch of then (holdout37b: DeepSpeed#3410's fused_adam.so)
        return Hint(
            f"ABI mismatch: the extension torch's JIT built into its cache ({cached['folder']}) was compiled against a "
            f"different torch {than} (missing symbol {undefined.group(1)[:80]})",
            f"delete {cached['folder']} so that it is built again for the installed torch at the next import (that "
            "needs a C++ compiler and, for CUDA code, the CUDA toolkit), or set TORCH_EXTENSIONS_DIR to a new folder",
            "the dynamic loader's error; the path of torch's JIT build cache (torch.utils.cpp_extension.load)",
            category="undefined symbol", family="extension-abi")
    if undefined:
        return Hint(
            f"ABI mismatch: the extension was compiled against a different torch {than} "
            f"(missing symbol {undefined.group(1)[:80]})",
            # --no-binary of the one package, --no-deps: ":all:" would build torch itself from source, which PyPI
            # does not hold (holdout18b's second reader: mamba#465, caduceus#53)
            f"rebuild the extension against the installed torch ({_rebuild(package or '<package>')}), or install its "
            "prebuilt wheel for the installed torch (its release page), or the torch it was built for",
            "the dynamic loader's error",
            category="undefined symbol",
            family="extension-abi",
        )
    return None


#: a compiled library named as torch extensions are ("flash_attn_2_cuda.cpython-311-x86_64-linux-gnu.so", "_C.so",
#: "_ext/roi_align/_roi_align.so"): where its missing symbol is a C name, the extension's build is read as for torch
_TORCH_EXTENSION = re.compile(r"(?:_cuda|_C|_ext|_cpp|_kernels?)(?:\.cpython[^\s/:]*)?\.so\b|/_ext/")
#: C API names every CPython release of 2.7 and 3.x exports (not Python 2's PyInt_, PyString_, _Py_ZeroStruct,
#: PyClass_Type, PyExc_StandardError, or a narrow or wide build's PyUnicodeUCS2_/UCS4_)
_EVERY_PYTHON = re.compile(r"PyExc_(?:SystemError|TypeError|ValueError|RuntimeError|ImportError|AttributeError|"
                           r"KeyError|IndexError|MemoryError|OverflowError|OSError|IOError|Exception|NotImplementedError|"
                           r"ZeroDivisionError|AssertionError|StopIteration|RuntimeWarning|DeprecationWarning|"
                           r"UserWarning|BufferError)|_Py_(?:NoneStruct|NotImplementedStruct|TrueStruct)|"
                           r"Py(?:Float|Long|Tuple|List|Dict|Type|Bool|Module|CFunction|Slice|BaseObject|Capsule|Set|"
                           r"Complex|ByteArray)_Type|Py_BuildValue|PyArg_ParseTuple(?:AndKeywords)?|PyErr_(?:SetString|"
                           r"Occurred|Format)|PyObject_GetAttrString|PyTuple_New|PyList_New|PyDict_New|"
                           r"PyFloat_FromDouble|PyLong_FromLong")
#: "undefined symbol: jpeg12_write_raw_data, version LIBJPEG_8.0": a C library's symbol and its version node
#: (glibc's comma; one pasted with a space before it: holdout162b's PaddleSlim#1619, "...cudnnContexti , version
#: libcudnn_ops_infer.so.8")
_UNDEFINED_VERSIONED = re.compile(r"undefined symbol: (?P<symbol>[^\s,]+) ?, version (?P<version>[A-Za-z][\w.]{0,60})")
