"""What a pasted log shows of the machine it came from: Windows or not, the GPU, the archs torch was built for.

Read once per log, so that a fix fits the machine (an old GPU is named old; a Windows
install gets the Windows wheel) rather than the most common case.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.utils import canonicalize_name

from ...model.gpu_models import capability_of
from ..digits import dotted
from .bazel_trees import bazel_own
from .c_api_builds import private_call
from .conda_envs import CUDA_SPEC
from .host_checks import LAB_HEADLINES
from .hpc_solvers import nvidia_channel_missing
from .machine import Situation
from .notebook_tools import nbconvert_5_templates_asked
from .python_floor import absl_pythons
from .release_reasons import PIP_PYTHON, poetry_system, poetry_wheels_refused
from .runtimes import FOUND_GPU
from .source_builds import built_without_wheel
from .stdlib import after_separator, python_of
from .toolchain_words import free_threaded_shown
from .torch_compilers import TORCH_COMPILERS_SHOWN, prompt_after_check, torch_compilers
from .wheels import NUMPY_UNLOADED

_TORCH_WARNING = re.compile(r"(?P<gpu>[^\n]{1,80}?) with CUDA capability sm_(?P<sm>\d+) is not compatible with the "
                            r"current PyTorch installation")
_SUPPORTS = re.compile(r"supports CUDA capabilities (?P<archs>(?:sm_\d+\w?[ ,]*)+)")
_GPU_NAME = re.compile(r"(?:NVIDIA |Tesla |GeForce |Quadro )(?:GeForce |Tesla )?(?P<model>[A-Z][\w -]{1,30}?)"
                       r"(?=\s{2}|\s*[|,)(\n]|\s+(?:Off|On)\b|$)")

#: what only a Linux machine's log holds: Debian's dist-packages, home and root folders, a manylinux tag, journald
#: (Debian's repackaged sources carry "+dfsg" in their version, in a distribution package's build paths: holdout93b's
#: gpu_flow#11, Ubuntu's OpenCV 2.4.9.1+dfsg)
_LINUX = ("dist-packages", "/home/", "/root/", "manylinux", "linux_x86_64", "linux_aarch64", "/nix/store/",
          "systemd[", "/opt/conda/", "+dfsg", "-linux-gnu.so")  # an extension module's Linux suffix (k2#1128)

#: an import the code catches, as a traceback's source lines show it: "----> 2     from sklearn.preprocessing import
#: future_encoders" then "      3 except ImportError:" (holdout115a's distractor handson-ml#352, a notebook cell's
#: fallback the user had edited)
_FALLBACK_IMPORT = re.compile(r"import (\w{1,100})[ \t]*\n[ \t]*(?:\d{1,6}[ \t]+)?except "
                              r"(?:ImportError|ModuleNotFoundError)\b")
#: a module's repr, printed where the code imported it: "<module 'cupy.cuda.nccl' from '/.../cupy/cuda/nccl.py'>"
_PRINTED_MODULE = re.compile(r"<module '([\w.]{1,300})' from '")
#: a Python package's build: pip's or setup.py's steps, an extension's shared link
_PYTHON_BUILD = ("build_ext", "setup.py", "pip-install-", "pip-build-env", "Building wheel", " -shared ",
                 "site-packages")
#: a command line with a program's CPU option, as a word ("torchgating sample.wav --graph --cpu")
_CPU_OPTION = re.compile(r"^[^\s-][^\n]{0,300} --cpu(?:[ \t]|$)", re.MULTILINE)  # a command, not help's indented row
_UNVERSIONED = re.compile(r"module '(\w{1,100})' has no attribute '__version__'")
#: a single file named like a package, outside any site-packages, printed (not a frame's): "sklearn.pyc" in a listing,
#: "/home/ana/proj/sklearn.pyc" as its __file__ (the session-42 second reader's Python 2 shadowing); read where Python
#: 2's unquoted "No module named x" is (Python 3 says "'x' is not a package" of a shadowing file), from ".py" found as a
#: literal (a pattern tried at every offset of 10 MB took 0.25 s)
_PY_FILE = re.compile(r"\.pyc?(?=[\s'\",:)]|$)", re.MULTILINE)
_PY2_WORDS = re.compile(r"No module named [A-Za-z_]")
#: a build went on past torch's compiler check: pip's or easy_install's success, or MSVC's cl.exe at work
_COMPILER_RAN = ("Successfully installed", "Finished processing dependencies", "cl.exe /c", "cl.exe\" /c",
                 "cl /c ", "Creating library ",
                 # ninja's cl, MSVC's linker, a wheel built (the session-46 second reader's look-alikes)
                 "cl /showIncludes", "link.exe", "Created wheel for ", "Successfully built ")
#: cl's own diagnostics ("error C2039: ...") say it ran
_MSVC_DIAGNOSTIC = re.compile(r"\): (?:fatal )?error C\d{4}: ")
#: pip's and uv's words for a build that failed while getting its build requirements (in its isolated environment)
_BUILD_REQUIREMENTS_FAILED = ("when getting requirements to build", "Getting requirements to build wheel did not run",
                              "Getting requirements to build editable did not run",
                              "Failed to build `", "failed to build `")

#: torch's words for CUDA that did not start because of the driver (a library's CPU fallback follows from it)
_CUDA_DID_NOT_START = ("driver on your system is too old", "CUDA driver version is insufficient")
#: NumPy's words for why it could not be loaded: its ABI checks, its own C-extensions failing to import
_NUMPY_REASONS = ("module compiled against", "_ARRAY_API not found", "compiled using NumPy 1.x", *NUMPY_UNLOADED)
#: pip's words for an index it could not reach
_INDEX_UNREACHED = ("NewConnectionError", "Retrying (Retry(", "ProxyError", "SSLError", "Could not fetch URL",
                    "Temporary failure in name resolution", "ConnectTimeout", "ReadTimeout",
                    # Windows' resolver, a paste that broke pip's warning over lines (holdout27b's distractor
                    # stable-diffusion#781)
                    "getaddrinfo failed", "Failed to establish a new",
                    # conda told to read no channel (the session-39 second reader's packages-not-found look-alike)
                    "conda create --offline", "conda install --offline", "env create --offline",
                    # micromamba given no channel at all (holdout156a's distractor cellmap-segmentation-challenge#44)
                    "No 'channels' specified")


_EDITABLE = re.compile(r"[Bb]uilding editable for ([\w.-]+)")
_TORCH_INDEX = re.compile(r"download\.pytorch\.org/whl/(?:nightly/)?(?P<tag>cu\d{3})\b")

#: a setup script's own check of a dependency's release, and the release it found on the next line: "Numpy = 1.9.3 is
#: required for pycbc dependencies." then "We found version 1.10.4 already installed." (holdout172a: pycbc#806): the
#: build stopped there, nothing of it compiled
_SETUP_REFUSED = re.compile(r"\d is required\b[^\n]{0,120}\n[^\n]{0,40}\b(?:[Ww]e found|[Ff]ound|you have) "
                            r"(?:version )?v?\d")
#: a compiler's include path relative to where it runs ("-I skcuda/include"), in a command the log shows
_RELATIVE_INCLUDE = re.compile(r" -I ?(?![/\\$~\"'.]|[A-Za-z]:)[\w-]+/")
#: the operating system refusing the build on this machine: a file's permission, a full or read-only disk; or the
#: network failing a download the build makes (flash-attn's setup.py fetching its prebuilt wheel: "error: <urlopen
#: error [Errno 110] Connection timed out>", "error: Remote end closed connection without response"; holdout26b's
#: distractors flash-attention#773 and #559)
_LOCAL_FAULTS = ("[Errno 13] Permission denied", "[Errno 28] No space left on device",
                 # the compiler out of memory (holdout156b's distractor piwheels#363: depthai's bindings)
                 "virtual memory exhausted: Cannot allocate memory",
                 "[Errno 30] Read-only file system", "[Errno 122] Disk quota exceeded", "error: <urlopen error ",
                 "error: Remote end closed connection without response",
                 # a setup.py's download raising (holdout28b's distractor deepspeech.pytorch#275: an SSL certificate)
                 "URLError: <urlopen error ",
                 # the OS's words without Python's errno, as a compiler prints them ("fatal error: error writing to
                 # /tmp/cc2mYx0T.s: No space left on device": holdout27b's distractor distro#247)
                 ": No space left on device", ": Disk quota exceeded",
                 # the index's placeholder projects refusing to build: a misnamed requirement (holdout40b's distractors
                 # pgmpy#1101 and neuro-vector-symbolic-architectures#2, "pytorch")
                 'The package named for PyTorch is "torch"', "The 'sklearn' PyPI package is deprecated",
                 # a setup script or a compiler's output read in another text encoding (a GBK locale on Windows):
                 # the package's own bug or the locale, never its fit (holdout130b's distractors, expan#143 and six
                 # more; all eight corpus logs of it are distractors)
                 "UnicodeDecodeError: ", "UnicodeEncodeError: ")


#: pip's words for an index other than PyPI, or none (the session-20 second reader's tensorflow under PyTorch's index)
_OTHER_INDEX = re.compile(r"Looking in indexes: (?!https://pypi\.org/simple/?\s*$)|--index-url[ =]"
                          r"|--extra-index-url[ =]|--no-index\b|Looking in links: "
                          # pip's configuration as `pip config list` prints it, a pip.conf, the environment (the
                          # session-38 second reader's TUNA mirror named only there)
                          r"|\b(?:global|install)\.(?:extra-)?index-url=|^\s*(?:extra-)?index-url\s*="
                          r"|PIP_(?:EXTRA_)?INDEX_URL=",
                          re.MULTILINE)


#: the indexes pip says it reads, a line each time it starts
_INDEXES_READ = re.compile(r"Looking in indexes: (?P<indexes>[^\n]{1,2000})")


def _pypi_among_indexes(text: str) -> bool:
    """pip's every "Looking in indexes:" line lists PyPI among the others (``--extra-index-url``): what PyPI offers
    was offered too, and no ``--no-index`` said otherwise."""
    lines = [found["indexes"] for found in _INDEXES_READ.finditer(text)]
    return bool(lines) and "--no-index" not in text and all(
        re.search(r"https://pypi\.org/simple/?(?:,|\s|$)", line) for line in lines)


_GCC_HEADERS = re.compile(r"/include/c\+\+/(?P<version>\d+(?:\.\d+){0,2})/")


def _gcc_headers(text: str) -> str | None:
    found = _GCC_HEADERS.search(text)
    return found["version"] if found else None


#: pip naming its own release: "You are using pip version 19.2.3, however ...", "pip 19.2.3 from /usr/lib/..."
#: (each branch led by its literal, the word boundary asked after it: a leading \b is tried at every offset of a 10 MB
#: log, 0.3 s)
_PIP_RELEASE = re.compile(r"You are using pip version (?P<a>\d+)\.(?P<b>\d+)|"
                          r"pip (?<!\wpip )(?P<c>\d+)\.(?P<d>\d+)(?:\.\d+)? from ")


#: a line of pip's "The conflict is caused by:" block: "    pose-pipeline 2025.5.2 depends on tensorflow>=2.14.0"
_CAUSE_LINE = re.compile(r"^[ \t]+(?P<who>[A-Za-z0-9][\w.\[\]-]{0,100}) \d[^\s]{0,40} depends on ", re.MULTILINE)


def _conda_cuda(text: str) -> str | None:
    """The CUDA toolkit conda's plan lists among the specs it was asked ("- cudatoolkit=10.1"), or None."""
    specs = text.partition("specs:")[2][:5000]
    found = CUDA_SPEC.search(specs)
    return found["spec"] if found else None


def _tried_or_listed(text: str) -> str:
    """"tried": pip's causes are candidates of one requirement (releases of one package, each asking what it asks:
    the session-23 second reader's ocrd_all#347); "listed": releases of several packages, whose requirements conflict
    (holdout150a: pip#13600, pose-pipeline's and tensorflow[and-cuda]'s)."""
    block = text.partition("The conflict is caused by")[2][:20000]
    whos = {found["who"].lower() for found in _CAUSE_LINE.finditer(block)}
    return "listed" if len(whos) > 1 else "tried"


def _pip_before_pep600(text: str) -> bool:
    """The log shows a pip older than 20.3, which reads no manylinux_2_x wheel tag (PEP 600; before 19.3 not
    manylinux2014 either): the releases it lists are those whose tags it knows, not what the index offers (the
    session-25 second reader's ChatGLM-6B#280: pip 19.2.3 listing triton 0.4.x only)."""
    found = _PIP_RELEASE.search(text)
    if found is None:
        return False
    major, minor = int(found["a"] or found["c"]), int(found["b"] or found["d"])
    return (major, minor) < (20, 3)


#: torch, or a CUDA extension that builds against it, named anywhere in a log (pip's cwd names flash-attn's sdist:
#: holdout5's openchat#8)
_TORCH_BUILD_WORDS = ("torch", "cuda", "nvcc", "flash", "gptq", "xformers", "deepspeed", "apex", "mamba")
#: a saved file loaded: unpickling names the modules of the release that wrote it
_LOADING_WORDS = ("pickle", "np.load", "numpy.load", "torch.load", "joblib", ".npy", ".pkl", "read_hdf", ".h5")


#: Windows' cmd refusing a command a Unix build script runs ("." sources a shell script), and pip's words around a
#: package's build or metadata step that failed
_CMD_UNKNOWN = re.compile(r"'(?P<command>\.|\./configure|configure|sh|bash|make|autoreconf|autoconf|perl|m4)' "
                          r"(?:is not recognized as an internal or external command|n[\u2019']est pas reconnu en tant "
                          r"que commande interne|\u4e0d\u662f\u5185\u90e8\u6216\u5916\u90e8\u547d\u4ee4)")
#: the words of a package's build output pip shows (its header above the output), and of a build pip finished
_BUILD_OUTPUT = ("lines of output]", "Complete output from command", "Command errored out", "Running setup.py",
                 "Building wheel for ", "Preparing metadata", "Getting requirements to build",
                 "Preparing wheel metadata")
_BUILT = ("Successfully built", "Successfully installed")


def _own_files(text: str) -> frozenset[str]:
    """The known packages a file of the same name stands for outside site-packages (the import finds that file)."""
    from .names import distribution_of
    from .unfit import known_distribution

    if "No module named " not in text or _PY2_WORDS.search(text) is None:
        return frozenset()
    found: set[str] = set()
    known: dict[str, bool] = {}  # a name's answer, asked once (a long log names its frames' files by the thousand)
    for match in _PY_FILE.finditer(text):
        end = match.start()
        start = end
        while start > 0 and end - start < 61 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        name = text[start:end]
        if not name or not name.isidentifier() or (start and text[start - 1] not in " \t\n/\\'\""):
            continue
        if name in found or name in ("setup", "__init__", "__main__"):
            continue
        if name not in known:
            known[name] = known_distribution(distribution_of(name))
        if not known[name]:
            continue
        line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if "-packages" not in line and not any(words in line for words in ('File "', ", line ", " in <")):
            found.add(name)  # (a frame's file runs as a module of its folder's package, or a script)
    return frozenset(found)


def _pip_python(text: str) -> str | None:
    found = PIP_PYTHON.search(text) if "DEPRECATION: Python " in text else None
    return found["minor"] if found else None


def _unix_command_on_windows(text: str) -> str:
    """The command cmd refused inside a package's build output pip shows: below the output's header, and no build
    finished between them (a command typed at the prompt after pip succeeded is the user's: the session-42 second
    reader's)."""
    found = _CMD_UNKNOWN.search(text) if ("is not recognized as an internal" in text or "pas reconnu en tant" in text
                                          or "\u4e0d\u662f\u5185\u90e8" in text) else None
    if found is None:
        return ""
    header = max(text.rfind(words, 0, found.start()) for words in _BUILD_OUTPUT)
    return found["command"] if header >= 0 and not any(w in text[header:found.start()] for w in _BUILT) else ""


#: a build tool's words anywhere in a log: a compiler's banner or command, CMake, make, ninja, pip or setup.py building
_BUILD_SHOWN = re.compile(r"\b(?:gcc|g\+\+|cc1plus|clang|nvcc|cl\.exe|cmake|CMake|ninja|make\[\d|setup\.py|"
                          r"[Bb]uilding (?:wheel|extension|CXX|C object)|running build_ext)")
#: the literals one of which each of its matches holds: the pattern (tried at every offset: 0.26 s on 100,000 lines
#: of a training's progress) runs only where one is
_BUILD_WORDS = ("gcc", "g++", "cc1plus", "clang", "nvcc", "cl.exe", "cmake", "CMake", "ninja", "make[", "setup.py",
                "uilding wheel", "uilding extension", "uilding CXX", "uilding C object", "running build_ext")


def situation_of(text: str, lowered: str | None = None) -> Situation:
    """The machine a log shows, as far as it shows it: a few literal finds, then a pattern on the line found.

    ``lowered``: the log's text lowered, where the caller has it (a 10 MB log's lower() is 0.08 s)."""
    windows = _windows(text)
    # Homebrew's prefix on Apple silicon, /opt/homebrew (holdout42b: dgl#4026's conda under Caskroom)
    macos = not windows and ("/Users/" in text or "macosx_" in text or "Darwin" in text or "/opt/homebrew/" in text
                             or "/private/var/folders/" in text  # macOS' own temporary folders (scipy#17225)
                             or "Platform: osx-" in text or "platform : osx-" in text  # conda's own lines
                             or "conda.anaconda.org/pytorch/osx-" in text or "repo.anaconda.com/pkgs/main/osx-" in text)
    supports = _SUPPORTS.search(_line_at(text, text.find("supports CUDA capabilities")))
    capability, gpu = _gpu_of(text)
    python = python_of(text, lowered)
    linux_shown = any(word in text for word in _LINUX)
    return Situation(
        windows=windows, capability=capability, gpu=gpu,
        built_for=tuple(re.findall(r"sm_\d+\w?", supports["archs"])) if supports else (),
        # torch's notice is printed also where a build goes on to succeed: context for a build failure, not one
        no_cuda_runtime="No CUDA runtime is found" in text,
        macos=macos,
        linux=not windows and not macos and linux_shown,
        linux_shown=linux_shown,
        notebooks="TemplateNotFound" in text and nbconvert_5_templates_asked(text),
        unversioned=(frozenset(_UNVERSIONED.findall(text)) if "has no attribute '__version__'" in text else frozenset())
        | (bazel_own(text) if ".runfiles/" in text else frozenset()) | _own_files(text),
        fallback_imports=frozenset(_FALLBACK_IMPORT.findall(text)) if "except ImportError" in text else frozenset(),
        printed_modules=frozenset(_PRINTED_MODULE.findall(text)) if "<module '" in text else frozenset(),
        cpu_asked=" --cpu" in text and _CPU_OPTION.search(text) is not None,
        conda_cuda=_conda_cuda(text) if "specs:" in text else None,
        nvcc_shown="nvcc" in text,
        cmake_probe="CMakeTmp" in text or "cmTC_" in text,
        cmake_generator_failed="' '--version'" in text and "failed with:" in text,
        build_failed_shown=any(words in text for words in ("ninja: build stopped", "\nFAILED: ",
                                                           "Error building extension", "Command '['ninja', '-v'")),
        isolated_env_shown=re.search(r"[\\/](?:pip-)?build-env-\w", text) is not None,
        python_build=any(words in text for words in _PYTHON_BUILD),
        torch_or_ninja_build=("torch" in (lowered or text.lower()) or "ninja" in text)
        and "make: ***" not in text and "Makefile:" not in text,
        compiler_ran=any(words in text for words in _COMPILER_RAN) or prompt_after_check(text) or (
            "error C" in text and _MSVC_DIAGNOSTIC.search(text) is not None),
        torch_compilers=torch_compilers(text) if TORCH_COMPILERS_SHOWN in text else None,
        relative_include=" -I" in text and _RELATIVE_INCLUDE.search(text) is not None,
        build_requirements_failed=any(words in text for words in _BUILD_REQUIREMENTS_FAILED),
        absl_python=absl_pythons(text),
        several_gpus=len(_gpu_capabilities(text)) > 1,
        python_mix=_python_mix(text) if "/importlib/" in text and "-packages/" in text else None,
        lab_headline=any(words in text for words in LAB_HEADLINES),
        tensorrt_fell_back="TensorrtExecutionProvider" in text and (
            "Failed to create TensorrtExecutionProvider" in text or _TENSORRT_FALLBACK.search(text) is not None),
        pip_build=any(words in text for words in ("pip-install-", "pip-req-build-", "Building wheel for ",
                                                  "setup.py bdist_wheel", "pip-build-env-")),
        cuda_unusable=any(words in text for words in _CUDA_DID_NOT_START),
        offline=any(words in text for words in _INDEX_UNREACHED),
        tags_unknown="is not a supported wheel on this platform" in text or (
            _pip_before_pep600(text) if "pip " in text else False),
        python=python,
        pip_python=_pip_python(text),
        local_fault=any(words in text for words in _LOCAL_FAULTS) or (
            " is required" in text and _SETUP_REFUSED.search(text) is not None),
        poetry_wheels_refused="were skipped as your project" in text and poetry_wheels_refused(text),
        poetry_policy="skipped due to your installer." in text,
        poetry_system=poetry_system(text) if "poetry" in text else None,
        free_threaded_shown=free_threaded_shown(text),
        traceback_shown="Traceback (most recent call last)" in text,
        repodata_missing="Unable to retrieve repodata (response: 404)" in text,
        conda_report=any(words in text for words in ("UnsatisfiableError", "were found to be ", " conflicts for:")),
        nvidia_channel_missing="pytorch-cuda" in text and nvidia_channel_missing(text),
        cpython_private_call=private_call(text) if "declared here" in text else None,
        built_without_wheel=built_without_wheel(
            text, "windows" if windows else "macos" if macos else "linux" if linux_shown else None, python),
        other_index=_names_other_index(text),
        pypi_among_indexes=_pypi_among_indexes(text) if "Looking in indexes: " in text else False,
        gcc_headers=_gcc_headers(text) if "/include/c++/" in text else None,
        editable=frozenset(name.lower() for name in _EDITABLE.findall(text)) if "uilding editable for" in text
        else frozenset(),
        torch_index=_torch_index(text),
        numpy_reason_shown="umpy" in text and any(words in text for words in _NUMPY_REASONS),
        pytorch_index_shown="download.pytorch.org/whl" in text,
        served="Running on local URL:" in text,
        torch_imported="import torch" in text or "from torch" in text,
        pypi_read="files.pythonhosted.org/" in text,
        build_shown=any(word in text for word in _BUILD_WORDS) and _BUILD_SHOWN.search(text) is not None,
        ptx_by_driver="Relying on driver to perform ptx compilation" in text,
        aws_lambda="nable to import module '" in text,
        # the container's refusal, or its warning with no Python traceback after it (the run did not go on to fail
        # elsewhere: the session-40 second reader's UNITER#90 against its look-alikes)
        container_stopped=("No supported GPU(s) detected to run this container" in text
                           or "Traceback (most recent call last)" not in text),
        ptx_chosen="+ptx" in text and "-mattr" in text,
        no_binary="--no-binary" in text or "PIP_NO_BINARY" in text,
        build_optional="Retrying the build without the C extension" in text or "speedups are not enabled" in text,
        ptxas_cc=_ptxas_cc(text),
        build_input_missing="missing and no known rule to make it" in text,
        pip_headline="package versions have conflicting dependencies" in text,
        pip_causes=("" if "The conflict is caused by" not in text else "requested" if "The user requested" in text
                    else _tried_or_listed(text)),
        xformers_off_cuda="device=" in text and re.search(r"device=(?:mps|cpu) \(supported", text) is not None,
        install_failed="No matching distribution found" in text or "ResolutionImpossible" in text,
        unix_command_on_windows=_unix_command_on_windows(text),
        container_driver=_container_driver(text),
        faiss_gpu_failed="Failed to load GPU Faiss" in text,
        torch_named=any(word in (lowered or text.lower()) for word in _TORCH_BUILD_WORDS),
        loads_a_file=any(word in (lowered or text.lower()) for word in _LOADING_WORDS),
        hdf5_versions_shown="Headers are " in text,
        refused_wheels=refused_wheels(text) if "none of the wheel's tags" in text else None,
        no_binary_names=tuple(str(canonicalize_name(name)) if name != ":all:" else name
                              for found in _NO_BINARY.finditer(text) for name in found[1].split(",") if name)
        if "-no-binary" in text or "NO_BINARY" in text else (),
        no_nvidia_smi="nvidia-smi' is currently not installed" in text or "nvidia-smi: command not found" in text,
        opencv_cuda_built="NVIDIA CUDA:" in text and re.search(r"NVIDIA CUDA:\s+YES", text) is not None,
        refused_only="none of the wheel's tags" in text and all(
            "none of the wheel's tags" in line or line.strip() in ("", "...", "\u2026") for line in text.splitlines()),
        jax_cuda_plugin="jax_plugins" in text or "jax-cuda1" in text or "jax_cuda1" in text,
        numpy_alias_asked=_numpy_alias_asked(text) if "__former_attrs__" in text else None,
        rocm="rocm-smi" in text or "HIP version" in text or "HIP runtime version" in text,  # its tool, collect_env
        symbol_by_name="Symbol(" in text and re.search(r"Symbol(?:Async)?\(\s*\"", text) is not None,
        **_plugin_host(text, lowered))


#: pip -v's line for a wheel it passed over: "Skipping link: none of the wheel's tags match:
#: cp38-cp38-manylinux_2_24_x86_64: https://.../pygit2-1.11.1-cp38-cp38-manylinux_2_24_x86_64.whl#sha256=..." (pip 20.0
#: to 20.2), "... none of the wheel's tags (pp39-pypy39_pp73-win_amd64) are compatible (run pip debug ...): https://..."
#: (later), or cut after its words
_REFUSED_WHEEL = re.compile(r"none of the wheel's tags(?: match(?:: (?P<old>[\w.,+ -]{1,400}?))?(?=: |:?$)| \((?P<new>"
                            r"[\w.,+ -]{1,400})\) are compatible)?(?P<rest>[^\n]{0,600})", re.MULTILINE)
_WHEEL_FILE = re.compile(r"/(?P<file>[^/\s#]{1,200})\.whl\b")
#: pip's "Collecting numpy", looked for within the characters above a refused wheel's line (bounded work per line)
_COLLECTING = re.compile(r"Collecting ([A-Za-z0-9][\w.-]*)")
_COLLECTED_WITHIN = 20_000


#: what pip was told to build from source: "--no-binary numpy", "--no-binary=:all:", "PIP_NO_BINARY=shapely,pyproj"
_NO_BINARY = re.compile(r"(?:--no-binary[ =]+|PIP_NO_BINARY=)[\"']?([\w.:,-]{1,400})")


def refused_wheels(text: str) -> tuple[tuple[str, str], ...]:
    """Each wheel pip -v says it refused for its tags, as (the wheel file's name without its version, the tags pip
    printed), "" for either where the line is cut before it."""
    refused = []
    for found in _REFUSED_WHEEL.finditer(text):
        tags = (found["old"] or found["new"] or "").replace(" ", "")
        wheel = _WHEEL_FILE.search(found["rest"])
        # a line cut before its file: the requirement pip -v was collecting above it (the session-35 second reader's
        # numpy lines above another requirement's "from versions: none")
        at = text.rfind("Collecting ", max(0, found.start() - _COLLECTED_WITHIN), found.start()) if not wheel else -1
        collecting = _COLLECTING.match(text, at) if at >= 0 else None
        name = (wheel["file"].split("-", 1)[0] if wheel else collecting[1] if collecting else "").lower()
        name = name.replace("-", "_").replace(".", "_")
        if wheel and not tags:
            tags = "-".join(wheel["file"].split("-")[-3:])
        refused.append((name, tags))
    return tuple(refused)


_CONTAINER_DRIVER = re.compile(r"version (?P<driver>\d+(?:\.\d+){1,2}) was detected and compatibility mode is "
                               r"UNAVAILABLE")


def _container_driver(text: str) -> str | None:
    """The driver an NGC container found, where it says its compatibility mode is unavailable (None: not so)."""
    found = _CONTAINER_DRIVER.search(text) if "compatibility mode is UNAVAILABLE" in text else None
    return found["driver"] if found else None


#: a plugin's folder in its host's checkout: ComfyUI's custom_nodes/<node>/, a webui's extensions/<extension>/ (each
#: found from its literal, the separator before it checked apart: a pattern led by a character class is tried at every
#: offset of a 10 MB log)
_CUSTOM_NODE = re.compile(r"custom_nodes[\\/](?P<name>[^\\/\s'\"]{1,100})")
_EXTENSION = re.compile(r"extensions(?:-builtin)?[\\/](?P<name>[^\\/\s'\"]{1,100})[\\/]")
#: the webui loading an extension's scripts, or its checkout's folder named (a project's own webui.py is neither)
_WEBUI_WORDS = ("Error loading script", "load_scripts", "stable-diffusion-webui", "text-generation-webui")


def _folders(pattern: re.Pattern[str], text: str) -> set[str]:
    """The names ``pattern`` finds after a path separator, not under an editor's own extensions folder."""
    return {m["name"] for m in pattern.finditer(text)
            if after_separator(text, m.start()) and not text[max(0, m.start() - 16):m.start() - 1].endswith(_EDITORS)}


_EDITORS = ("vscode", "vscode-server", "cursor")  # editors whose own plugins live in an extensions folder


def _plugin_host(text: str, lowered: str | None = None) -> dict[str, str | None]:
    """The host application the log shows loading a plugin from its checkout, and the plugin (one only)."""
    host, names = None, set()
    if "custom_nodes" in text and ("for custom nodes" in text or "load_custom_node" in text or "ComfyUI" in text):
        host, names = "ComfyUI", _folders(_CUSTOM_NODE, text)
    elif "extensions" in text and any(words in text for words in _WEBUI_WORDS):
        # Forge removed parts of the webui's API on purpose: updating it is what breaks an extension written for
        # AUTOMATIC1111's (the session-24 second reader's sd-webui-prompt-all-in-one under Forge): named, not answered
        host = ("Forge" if "forge" in (text.lower() if lowered is None else lowered) else
                "text-generation-webui" if "text-generation-webui" in text else "stable-diffusion-webui")
        names = _folders(_EXTENSION, text)
    if host is None or not names:
        return {}
    return {"plugin_host": host, "plugin": names.pop() if len(names) == 1 else None}


def _gpu_of(text: str) -> tuple[str | None, str | None]:
    """The GPU's compute capability and name, from torch's warnings or a GPU model the log names (None: none)."""
    warning = _TORCH_WARNING.search(_line_at(text, text.find("with CUDA capability sm_")))
    if warning:
        sm = warning["sm"]
        return dotted(sm), warning["gpu"].strip()
    found = FOUND_GPU.search(_line_at(text, text.find("Found GPU")))  # torch's own: "which is of cuda capability"
    if found:
        return found["cap"], found["gpu"].strip()
    for anchor in ("NVIDIA ", "Tesla ", "GeForce ", "Quadro "):
        named = _GPU_NAME.search(_line_at(text, text.find(anchor)))
        if named:
            capability = capability_of(named["model"].strip())
            if capability:
                return capability, named.group(0).strip()
    return None, None


#: an installed package's folder, and the import machinery's, each under its Python's lib folder
_SITE_OF = re.compile(r"/lib/python(?P<minor>3\.\d{1,2})/(?:site|dist)-packages/")
_RUNNING_OF = re.compile(r"/lib/python(?P<minor>3\.\d{1,2})/importlib/")


def _python_mix(text: str) -> tuple[str, str] | None:
    """The Python whose site-packages the log's package lies in, and the other Python that imports it."""
    running = {m["minor"] for m in _RUNNING_OF.finditer(text)}
    sites = {m["minor"] for m in _SITE_OF.finditer(text)} - running
    return (sites.pop(), running.pop()) if len(running) == 1 and len(sites) == 1 else None


def _gpu_capabilities(text: str) -> set[str]:
    """The compute capabilities of the GPU models the log names (each anchor's first 20 lines read)."""
    found: set[str] = set()
    for anchor in ("NVIDIA ", "Tesla ", "GeForce ", "Quadro "):
        at = text.find(anchor)
        for _ in range(20):
            if at < 0:
                break
            named = _GPU_NAME.search(_line_at(text, at))
            capability = capability_of(named["model"].strip()) if named else None
            if capability:
                found.add(capability)
            end = text.find("\n", at)
            at = text.find(anchor, end + 1) if end >= 0 else -1
    return found


def _torch_index(text: str) -> str | None:
    """The CUDA tag of the first PyTorch index the log names ("cu122"), None where it names none."""
    found = _TORCH_INDEX.search(_line_at(text, text.find("download.pytorch.org/whl/")))
    return found["tag"] if found else None


def _line_at(text: str, index: int) -> str:
    """The line of ``text`` that holds ``index`` ("" for -1), at most 1000 characters of it."""
    if index < 0:
        return ""
    start = text.rfind("\n", max(0, index - 1000), index) + 1 or max(0, index - 1000)
    end = text.find("\n", index, index + 1000)
    return text[start:end if end >= 0 else index + 1000]


def _windows(text: str) -> bool:
    """A Windows path ("C:\\Users\\...", "\\site-packages\\") anywhere in the log."""
    index = text.find(":\\")
    while index >= 0:
        if index > 0 and text[index - 1].isalpha() and (index < 2 or not text[index - 2].isalnum()):
            return True
        index = text.find(":\\", index + 2)
    return "\\site-packages\\" in text or "\\Lib\\" in text


def capability_text(situation: Situation) -> str:
    """"Tesla P100-PCIE-16GB, compute capability 6.0" or ""."""
    if situation.capability is None:
        return ""
    gpu = f"{situation.gpu}, " if situation.gpu else ""
    return f"{gpu}compute capability {situation.capability}"


_PTXAS_CC = re.compile(r"ptxas does not support CC (?P<cc>\d{1,2}\.\d)")


def _ptxas_cc(text: str) -> str | None:
    found = _PTXAS_CC.search(text) if "ptxas does not support CC" in text else None
    return found["cc"] if found else None


#: numpy's __getattr__ as a traceback shows its frame, and the expired alias a line asks by name
_NUMPY_GETATTR_FRAME = re.compile(r'File "[^"\n]{0,400}numpy[\\/]__init__\.py", line \d+, in __getattr__')
_ALIAS_ASKED = re.compile(r"\b(?:np|numpy)\.(?P<name>float|int|complex|object|bool|str)\b")


def _numpy_alias_asked(text: str) -> str | None:
    """The expired alias the line above numpy's __getattr__ frame asks for (the last such frame's): the name, "" where
    that line names none (a getattr of a name read at run time), None where no frame or no line above it shows."""
    frames = list(_NUMPY_GETATTR_FRAME.finditer(text))
    if not frames:
        return None
    above = [line.strip() for line in text[max(0, frames[-1].start() - 2000):frames[-1].start()].splitlines()]
    asking = next((line for line in reversed(above) if line and set(line) - set("^~ ")), None)
    if asking is None or asking.startswith("File "):
        return None
    found = _ALIAS_ASKED.search(asking)
    return found["name"] if found else ""



#: onnxruntime's retry without the TensorRT provider it was asked for, with the CUDA provider ("when using
#: ['TensorrtExecutionProvider', 'CUDAExecutionProvider', ...]" then "Falling back to ['CUDAExecutionProvider', ...]")
_TENSORRT_FALLBACK = re.compile(r"when using \[[^\]\n]{0,300}'TensorrtExecutionProvider'[^\]\n]{0,300}\]\s{0,20}"
                                r"Falling back to \[[^\]\n]{0,300}'CUDAExecutionProvider'")


#: words one of which every line _OTHER_INDEX matches holds: found by str.find, the pattern tried on their lines only
#: (tried at every offset of a 10 MB log it took 0.6 s: its branches start with common characters)
_OTHER_INDEX_WORDS = ("Looking in ", "index-url", "--no-index", "INDEX_URL=")


def _names_other_index(text: str) -> bool:
    """The log shows pip told of an index other than PyPI (or of none): each line holding a word read once."""
    searched = -1  # the start of the last line read
    for word in _OTHER_INDEX_WORDS:
        at = text.find(word)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            if start != searched and _OTHER_INDEX.search(text, start, end):
                return True
            searched = start
            at = text.find(word, end)
    return False
