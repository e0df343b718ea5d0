"""Extension builds and binaries made for another machine, read from their own words.

torch's ``cpp_extension`` and compilers print their own failures; a prebuilt
binary's library reports the platform or GPU it lacks. Each is read for what it
names: the package, the toolkit, the GPU (version guards: ``guards``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..cuda_libraries import cuda_library_source
from ..digits import dotted
from ..failure import Failure
from .api import near
from .c_libraries import msvc_too_new
from .cpu_builds import NO_CUDA_BUILD, cpu_build_asked, cuda_asserted
from .cpus import LOCALIZED_SIGILL, cpu_lacks
from .cpus import WORDS as CPU_WORDS
from .device_code import NO_DEVICE_CODE
from .gpu_arch import nvcc_arch, torch_arch
from .machine import Situation
from .names import distribution_of, installed_package
from .operators import OPERATOR_MISSING, operator_missing
from .python_headers import python_headers
from .resolver import spec_contains
from .setup_scripts import in_setup_script
from .two_cudas import compiled_apart
from .wheels import platform_tags

#: the compiler naming THC, torch's CUDA layer before 1.11: its header, or an identifier of its API
_THC = re.compile(r"fatal error: THC/\w+\.h: No such file|identifier \"THC\w*\" is undefined|"
                  r"\bTHC\w*'? (?:was not declared|has not been declared|does not name a type)")
_CUDA_MISMATCH = re.compile(r"[Tt]he detected CUDA version \((?P<nvcc>[\d.]+|%s)\) mismatches the version that was "
                            r"used to compile\s*(?:PyTorch \((?P<torch>[\d.]+|%s)\))?"
                            r"(?:[^']*', '(?P<nvcc2>[\d.]+)', '(?P<torch2>[\d.]+)')?")  # the (message, a, b) tuple form
#: other builders' words for the same check: DeepSpeed's op builder, apex's setup.py
_CUDA_MISMATCH_OTHER = re.compile(
    r"(?:Installed|installed|detected|bare.metal) CUDA version (?P<nvcc>\d+\.\d+)[^\n]{0,60}?does not match the "
    r"version torch was compiled with (?P<torch>\d+\.\d+)"
    r"|a version of Cuda that does not match the version used to compile Pytorch binaries\.\s+Pytorch binaries "
    r"were compiled with Cuda (?P<torch2>\d+\.\d+)")
_WHEEL_BUILD = re.compile(r"(?:Failed building wheel for|Could not build wheels for|Failed to build) (?P<pkg>[\w.-]+)"
                          r"(?![\w.-]| (?:kernels?|extensions?|plugins?|ops)\b)"  # not "Failed to build CUDA kernels"
                          # pip >= 22.1: "× Building wheel for x (pyproject.toml) did not run successfully"
                          r"|Building wheel for (?P<pkg2>[\w.-]+) \([\w.]+\) (?:did not run successfully|\.\.\. error)"
                          r"|(?P<bdist>python setup\.py bdist_wheel) did not run successfully"
                          r"|(?P<requires>Getting requirements to build wheel) did not run successfully"
                          # pip before 10: 'Command "python setup.py egg_info" failed with error code 1 in
                          # /tmp/pip-build-cDqZB1/torch/'; "Running setup.py install for x: ... status 'error'"
                          r"|Command \"python setup\.py egg_info\" failed with error code \d+ in \S*?[\\/]"
                          r"(?!pip-(?:\w{1,12}-build|req-build-\w{1,12})[\\/]?(?:\s|$))(?P<pkg3>[\w.-]+)[\\/]?(?:\s|$)"
                          r"|Running setup\.py install for (?P<pkg4>[\w.-]+)"
                          r"(?:: finished with status 'error'| \.\.\. error)")
_NO_CUDA_HOME = re.compile(r"CUDA_HOME environment variable is not set|CUDA_HOME does not exist|"
                           r"(?:cannot|could not|unable to) find (?:the )?(?:CUDA_HOME|nvcc)|nvcc was not found|"
                           r"No such file or directory: '[^']*nvcc'|"
                           # setuptools running the nvcc a CUDA_HOME names, where there is none (holdout24b: DB#215)
                           r"error: command '[^'\n]*nvcc(?:\.exe)?' failed: No such file or directory|"
                           # distutils' older words (holdout27b: AlphaPose#765)
                           r"unable to execute \"[^\"\n]*nvcc(?:\.exe)?\": No such file or directory|"
                           r"unable to execute '[^'\n]*nvcc(?:\.exe)?': No such file or directory|"
                           # ninja's shell running the nvcc CUDA_HOME names (holdout66b: exllama#293)
                           # and a build script's shell running the nvcc PATH lacks (holdout86b: CCNet#56)
                           r"\bsh: \d+: (?:[\w.-]+: )?/?\S*nvcc: not found|"
                           # CMake's words: project(... CUDA) with no nvcc; FindCUDA's and FindCUDAToolkit's
                           r"No CMAKE_CUDA_COMPILER could be found|CMAKE_CUDA_COMPILER not set|"
                           r"Could NOT find CUDA(?:Toolkit)? \(missing", re.IGNORECASE)
#: torch's own kernel files (lower case, forward slashes), a torch binary lacking this GPU's code, no extension's build
#: (holdout140b: pytorch#9356's ".../conda-bld/pytorch_.../torch/lib/THCUNN/..."; review41: pytorch-scripts#18, Windows)
_TORCH_KERNEL_FILES = ("/thc/", "/thcunn/", "/thcs/", "/aten/", "/torch/lib/", "conda-bld/pytorch_")
_NVCC_NAMED = re.compile(r"error: command '(?P<path>[^'\n]*nvcc(?:\.exe)?)' failed: No such file or directory"
                         r"|unable to execute (?:\"(?P<path2>[^\"\n]*nvcc(?:\.exe)?)\""
                         r"|'(?P<path3>[^'\n]*nvcc(?:\.exe)?)'): No such file or directory"
                         r"|\bsh: \d+: (?P<path4>/\S*nvcc): not found"
                         # Python's own words for the nvcc a CUDA_HOME names (holdout139b: gaussian-splatting#659, a
                         # CUDA_HOME of ":/usr/local/cuda": "No such file or directory: ':/usr/local/cuda/bin/nvcc'")
                         r"|\[Errno 2\] No such file or directory: '(?P<path5>[^'\n]*nvcc(?:\.exe)?)'")
#: flash-attn's setup.py check, copied by mamba, causal-conv1d and others: "FlashAttention is only supported on CUDA
#: 11.6 and above.  Note: make sure nvcc has a supported version by running nvcc -V."
_TOOLKIT_FLOOR = re.compile(r"(?P<what>[\w.-]+) is only supported on CUDA (?P<cuda>\d+\.\d+) and above\.?\s+Note: make "
                            r"sure nvcc")
_TORCH_LINE = re.compile(r"torch\.__version__\s*=\s*(?P<version>\d[\w.+]*)")
#: uv's hint under a build that failed on import torch
_UV_BUILD_DEPENDENCY = re.compile(r"`(?P<pkg>[\w.-]+)@[\w.+!-]+` depends on `torch`, but doesn't declare it as a build "
                                  r"dependency")
_COMPILER = re.compile(
    r"error: command '(?P<cmd>[^']*)' failed with exit (?:code|status) \d+"
    r"|Error compiling objects for extension"
    # torch's cpp_extension runs ['ninja', '-v'] (with '-j', 'N' where MAX_JOBS is set); another ninja is anyone's
    r"|Command '\['ninja', '-v'(?:, '-j', '\d+')?(?:\]' returned non-zero exit status|$)"  # (a paste cut at its end)
    r"|nvcc fatal\s*:\s*Unsupported (?:gpu|GPU) architecture '(?P<arch>(?:compute|sm)_\d+\w?)'"
    # nvcc before CUDA 9: "Value 'sm_61' is not defined for option 'gpu-architecture'" (holdout21b: nvidia-docker#237)
    r"|Value '(?P<arch2>(?:sm|compute)_\d+\w?)' is not defined for option 'gpu-architecture'"
    r"|unsupported GNU version! gcc versions later than (?P<gcc>\d+)\b"  # a wrapped line ends at "are"
    r"|Microsoft Visual C\+\+ (?P<msvc>[\d.]+) (?:or greater )?is required"
    r"|fatal error: (?P<header>[\w./]+\.h): No such file or directory"
    # MSVC's words for it (holdout100b: onnx#133; holdout75b: Fiona#449)
    r"|fatal error C1083: Cannot open include file: '(?P<header2>[\w./\\-]+\.h)': No such file or directory"
    r"|Compile (?:parallel |default )?cpu kernel (?P<chatglm>gcc .{0,400}) failed"
    r"|(?P<nocompiler>CMAKE_CX?X?_COMPILER not set|No CMAKE_CX?X?_COMPILER could be found)"
    r"|error: command '(?P<nocc>cl\.exe|gcc|g\+\+|cc|clang|x86_64-linux-gnu-gcc)' failed: No such file or directory"
    r"|Unexpected compiler version, expected CUDA (?P<stl>[\d.]+) or newer")
#: a compiler's own diagnostic line (gcc's, localised), asked only where no line above says why the build failed
_DIAGNOSTIC = re.compile(r"^\S+\.(?:c|cc|cpp|cxx|cu|cuh|h|hpp):\d+:\d+: (?:fatal )?(?:error|错误|erreur|Fehler|errore)"
                         r"\s*[:：]")
#: a build tool's words in the compiler's error itself (the log's are Situation.build_shown)
_BUILD_TOOL = re.compile(r"setup\.py|pip|[Bb]uild|cmake|CMake|make\b|ninja|nvcc|g\+\+|gcc|cl\.exe|cpp_extension")
#: a compiler's diagnostic in a header of the system or of a toolkit (not the project's own source)
_TOOLCHAIN_FILE = re.compile(r"(?:/usr/(?:local/)?include/|/usr/local/cuda|[\\/]include[\\/](?:c\+\+|crt|cuda)|"
                             r"[\\/]site-packages[\\/]torch[\\/]include)")
BUILD_HOOKS = re.compile(r"^(?:setup|_in_process|build_meta|backend)\b|:(?:get_requires_for_build_\w+|"
                         r"prepare_metadata_for_build_\w+|build_wheel|build_editable|run_setup|_get_build_requires)$")


#: words one of which every build failure's message has
_BUILD_WORDS = ("CUDA", "Cuda", "nvcc", "compil", "No module named", "error", "Visual C++", "kernel", "build", "ninja",
                "Building", "did not run successfully", "CMAKE_", "错误", "erreur", "Fehler", "errore",
                "cannot find -l", "gpu-architecture")
_UNKNOWN_ARCH = re.compile(r"Unknown CUDA arch \((?P<arch>\d+\.\d+)(?:\+PTX)?\) or GPU not supported")
#: the linker not finding a CUDA library: "/usr/bin/ld: cannot find -lcuda: No such file or directory" (boltzgen#2)
_LINK_CUDA = re.compile(r"\bld(?:\.\w+)?: cannot find -l(?P<lib>cuda|cudart|cublas(?:Lt)?|curand|cufft|cusparse|"
                        r"nvrtc)\b")


def build(failure: Failure, version_of: Callable[[str], str | None], situation: Situation | None = None) -> Hint | None:
    """A compiled extension that could not be built: the toolkit, the compiler, or the build's environment."""
    message = failure.message
    thc = "THC" in message and _THC.search(message) is not None
    torch_version = version_of("torch") if thc else None
    if thc and not (torch_version and spec_contains("<1.11.0.dev0", torch_version) is True):
        # a torch the log shows that still has THC: something else hides the header
        return Hint("the extension's sources use THC, torch's old CUDA layer (THC/THC.h, THCState), which torch 1.11 "
                    "removed: the extension was written for torch before 1.11",
                    "build it with torch<1.11 (a CUDA build of it this GPU supports), or use a release of the "
                    "extension ported to ATen (THCState_getCurrentStream -> at::cuda::getCurrentCUDAStream(), "
                    "THCudaCheck -> C10_CUDA_CHECK, THC includes dropped)",
                    "reasoned from the log: the compiler names THC; pytorch/pytorch#73520 (THC/THC.h missing from "
                    "torch 1.11.0)", family="extension-build")
    if (situation is not None and situation.no_cuda_runtime and in_setup_script(failure)
            and re.search(r"cuda|gpu", message, re.IGNORECASE)):  # its own words for the refusal, not a typo's
        # torch's cpp_extension said "No CUDA runtime is found" (torch.cuda.is_available() False), and the setup
        # script raised: it refuses to build its CUDA extension without one (holdout25b: Zooming-Slow-Mo-CVPR-2020#48)
        return Hint("the setup script refuses to build its CUDA extension: torch sees no CUDA while it builds (\"No "
                    "CUDA runtime is found\": a CPU-only torch, or no GPU visible where the build runs, as in a docker "
                    "build)",
                    "build with a CUDA build of torch where the GPU is visible (python -c 'import torch; "
                    "print(torch.cuda.is_available())' prints True); where the build has no GPU, set FORCE_CUDA=1 and "
                    "TORCH_CUDA_ARCH_LIST to the GPUs' archs if the setup script reads them",
                    "reasoned from the log: torch's cpp_extension found no CUDA runtime, and the setup script raised",
                    family="extension-build")
    if not any(word in message for word in _BUILD_WORDS):
        return None
    mismatch = _CUDA_MISMATCH.search(message)
    if mismatch:
        nvcc = mismatch["nvcc2"] or mismatch["nvcc"]
        torch = mismatch["torch2"] or mismatch["torch"]
        if torch is None or "%" in nvcc + torch:
            return Hint(f"building the extension with nvcc (CUDA {nvcc}) against a torch built for another CUDA: "
                        "torch's cpp_extension refuses toolkits of another CUDA major",
                        "use the CUDA toolkit of torch's CUDA (python -c 'import torch; print(torch.version.cuda)') "
                        f"for the build (CUDA_HOME), or install a torch built for CUDA {nvcc}, then build again",
                        "reasoned from the log: torch.utils.cpp_extension's CUDA version check",
                        family="extension-build")
        return Hint(f"building the extension with nvcc (CUDA {nvcc}) against torch built for CUDA {torch}: "
                    "torch's cpp_extension refuses toolkits of another CUDA major",
                    f"use a CUDA {torch.split('.')[0]}.x toolkit for the build (CUDA_HOME=/usr/local/cuda-{torch}), "
                    f"or install a torch built for CUDA {nvcc}, then build again",
                    "reasoned from the log: torch.utils.cpp_extension's CUDA version check", family="extension-build")
    arch = _UNKNOWN_ARCH.search(message) if "Unknown CUDA arch" in message else None
    if arch:  # torch's cpp_extension refusing an arch its release does not list (holdout21b: pytorch#94438, 8.7)
        named_arch = arch["arch"]
        newer = float(named_arch) >= 8.0  # an old arch (3.0) is refused with the same words: torch dropped it
        return Hint(f"the installed torch's cpp_extension does not know CUDA arch {named_arch}: TORCH_CUDA_ARCH_LIST "
                    "(or the GPU the build ran on) names an arch this torch release does not list"
                    + (" (newer than its list)" if newer else " (older than the archs it still builds)"),
                    (f"build with a newer torch, whose cpp_extension lists {named_arch}, or set TORCH_CUDA_ARCH_LIST "
                     "to archs this torch lists (the nearest older one, with +PTX)" if newer else
                     f"build with an older torch that still lists {named_arch}, or set TORCH_CUDA_ARCH_LIST to archs "
                     "this torch lists (this GPU then needs a torch that still supports it)") + ", then build again",
                    "reasoned from the log: torch.utils.cpp_extension's _get_cuda_arch_flags", family="extension-build")
    link = _LINK_CUDA.search(message) if "cannot find -l" in message else None
    if link and link["lib"] == "cuda":
        return Hint("the linker finds no libcuda.so: the NVIDIA driver installs libcuda.so.1, and the unversioned name "
                    "the linker asks for (-lcuda) comes only with the driver's development files or the CUDA "
                    "toolkit's stubs; Triton (and an extension build) links its CUDA helper against it",
                    "give the linker the driver's library: ln -s libcuda.so.1 libcuda.so in the driver's directory "
                    "(ldconfig -p | grep libcuda finds it; WSL: /usr/lib/wsl/lib), or for Triton export "
                    "TRITON_LIBCUDA_PATH=<that directory>; for a build only, LIBRARY_PATH=/usr/local/cuda/lib64/stubs",
                    "reasoned from the log: the linker's error for -lcuda (the driver's library)",
                    family="extension-build")
    if link:
        return Hint(f"the linker finds no lib{link['lib']}.so: the CUDA toolkit's lib64 (or the pip wheel's lib "
                    "directory that holds it) is not on the linker's path", "install the CUDA toolkit's libraries "
                    "and add their directory to LIBRARY_PATH (and LD_LIBRARY_PATH), e.g. /usr/local/cuda/lib64, then "
                    "build again", "reasoned from the log: the linker's error", family="extension-build")
    if "unsupported Microsoft Visual Studio version" in message:
        return msvc_too_new(message)
    if "No CUDA toolset found" in message:
        return Hint("CMake's Visual Studio generator found no CUDA toolset: the CUDA toolkit's Visual Studio "
                    "integration (its MSBuild files) is not installed for this Visual Studio (or the Build Tools), "
                    "often because the toolkit was installed before it",
                    "install the CUDA toolkit's \"Visual Studio Integration\" component for this Visual Studio "
                    "(rerun the CUDA installer; or copy the files of CUDA\\vX.Y\\extras\\visual_studio_integration"
                    "\\MSBuildExtensions into Visual Studio's BuildCustomizations folder), or build with the Ninja "
                    "generator from a Visual Studio developer prompt (CMAKE_GENERATOR=Ninja), then build again",
                    "reasoned from the log: CMake's own error for a missing CUDA toolset", family="extension-build")
    other = _CUDA_MISMATCH_OTHER.search(message) if "accepting this combination" not in message else None
    if other:  # (DeepSpeed's check accepts a toolkit of torch's CUDA major: dolly#166, its build then went on)
        torch = other["torch"] or other["torch2"]
        toolkit = f"the installed CUDA toolkit ({other['nvcc']})" if other["nvcc"] else "the installed CUDA toolkit"
        return Hint(f"building the extension with {toolkit} against torch built for CUDA {torch}: the package's "
                    "build refuses a toolkit of another CUDA version than torch's",
                    f"use a CUDA {torch} toolkit for the build (CUDA_HOME), or install a torch built for the "
                    "installed toolkit's CUDA, then build again",
                    "reasoned from the log: the build's own CUDA version check", family="extension-build")
    if (_NO_CUDA_HOME.search(message) and not failure.is_a("builtins.FileNotFoundError")) or (
            failure.is_a("builtins.FileNotFoundError") and "nvcc" in message):
        cmake = " (for CMake: CUDACXX=/usr/local/cuda/bin/nvcc, or -DCMAKE_CUDA_COMPILER=<its path>)" \
            if "CMAKE_CUDA_COMPILER" in message else ""
        nvcc_at = _NVCC_NAMED.search(message)
        path = (nvcc_at["path"] or nvcc_at["path2"] or nvcc_at["path3"] or nvcc_at["path4"] or nvcc_at["path5"]
                ) if nvcc_at else ""
        located = "/" in path or "\\" in path  # a bare "nvcc" is looked up on PATH: no toolkit found, below
        if located:
            quoted = "'" in path or '"' in path
            listed = not quoted and ":" in re.sub(r"^[A-Za-z]:[\\/]", "", path)  # a Windows drive's colon is no list's
            windows = "\\" in path or re.match(r"^['\"]?[A-Za-z]:", path) is not None
            example = (r"set CUDA_HOME=C:\Program Files\NVIDIA GPU Computing Toolkit\CUDA\v12.4" if windows
                       else "export CUDA_HOME=/usr/local/cuda")
            if quoted or listed or re.search(r"[\\/]bin[\\/]bin[\\/]nvcc", path):
                kept = ("quote marks" if quoted else "a list of folders (':' between them)" if listed
                        else "the toolkit's bin folder (the build adds bin/nvcc to it)")
                return Hint(f"building the extension runs nvcc at {path}, and there is none there: CUDA_HOME "
                            f"(CUDA_PATH) was set with {kept}, which the path keeps",
                            f"set CUDA_HOME to the toolkit's one folder, without quote marks or a ':', the folder "
                            f"above its bin ({example}), check that its bin/nvcc exists, then build again",
                            "reasoned from the log: the build's own error", family="extension-build")
            return Hint(f"building the extension runs nvcc at {path}, and there is none there: the CUDA "
                        "toolkit that path (CUDA_HOME, CUDA_PATH) points to is not installed",
                        "install the CUDA toolkit of torch's CUDA major, or set CUDA_HOME (CUDA_PATH on Windows) to "
                        "where one is installed, then build again",
                        "reasoned from the log: the build's own error", family="extension-build")
        return Hint("building the extension needs the CUDA toolkit (nvcc), and none was found (CUDA_HOME unset, "
                    "no nvcc on PATH)",
                    f"install the CUDA toolkit of torch's CUDA major and set CUDA_HOME to it{cmake}, or install a "
                    "prebuilt wheel of the extension for this torch and CUDA",
                    "reasoned from the log: the build's own error", family="extension-build")
    floor = _TOOLKIT_FLOOR.search(message)
    if floor:
        line = _TORCH_LINE.search(message)
        torch = line["version"] if line else version_of("torch")
        built = f" (torch {torch} is installed; its own CUDA does not count)" if torch else ""
        return Hint(f"building {floor['what']} from source needs the CUDA toolkit's nvcc {floor['cuda']} or newer, "
                    f"and the nvcc the build found is older, or there is none{built}",
                    f"install a prebuilt wheel of {floor['what']} for this torch and CUDA (the project's release "
                    f"page), or the CUDA toolkit {floor['cuda']} or newer (nvcc on PATH, CUDA_HOME), then build again",
                    "reasoned from the log: the build's own CUDA toolkit check", family="extension-build")
    uv = _UV_BUILD_DEPENDENCY.search(message)
    if uv:
        return Hint(f"uv builds {uv['pkg']} in an isolated environment, and its build imports torch, which it does not "
                    "declare as a build dependency",
                    f"install torch into the environment first (uv pip install torch), then {uv['pkg']} with "
                    "--no-build-isolation (or a prebuilt wheel of it)",
                    "reasoned from the log: uv's own hint under the failed build", family="extension-build")
    missing = re.search(r"No module named '(?P<module>torch|packaging|wheel|numpy|Cython)'", message)
    isolated = situation is not None and (situation.build_requirements_failed or situation.isolated_env_shown)
    if missing and missing["module"] != "torch" and not isolated:
        # a build tool missing where no isolated build shows: a setup.py run by hand in an environment without it
        # (holdout37b's distractor flash-attention#1588, `python setup.py install` without wheel installed)
        missing = None
    if missing and not isolated and failure.frames == ("setup:<module>",):
        # torch missing from a setup.py whose one frame is the script run by hand ('File "setup.py"'), nothing of pip
        # around it: no isolated build, torch is not installed for that Python (holdout135b's distractor vision#7075)
        missing = None
    if missing and (
            any(BUILD_HOOKS.search(f) for f in failure.frames or ())
            or re.search(r"[Bb]uild\w* [^\n]{0,40}requires|setup\.py|install \w+ first", message)
            # a bare line where pip says the build failed getting its requirements (holdout12b: wan2gp), or only
            # exec'd setup code's frames, uv's wrapped "File" lines hiding the hooks' (holdout19b: pytorch_scatter#265)
            or (situation is not None and situation.build_requirements_failed
                and all(f.startswith("<string>:") for f in failure.frames or ()))):
        module = missing["module"]
        return Hint(f"the package's build imports {module} (its setup.py), but pip builds it in an isolated "
                    f"environment that does not have {module}",
                    f"install {module} first, then the package with: "
                    "pip install --no-build-isolation <package> (or a prebuilt wheel of it)",
                    f"reasoned from the log: No module named '{module}' raised in a build hook (setup.py)",
                    family="extension-build")
    compiler = _COMPILER.search(message) or _DIAGNOSTIC.search(message)
    if (compiler is not None and compiler.re is _DIAGNOSTIC and situation is not None and not situation.build_shown
            and not _BUILD_TOOL.search(message) and not _TOOLCHAIN_FILE.search(compiler.group(0))):
        # a compiler's error in the project's own source, and nothing of a build tool around it: the code itself (a
        # missing include in a demo: holdout92b's distractor faiss#2184) as often as a toolchain; one in a system's or
        # toolkit's header is the toolchain's (holdout89b: Theano#4553, /usr/include/string.h)
        return None
    if compiler is None:
        wheel = _WHEEL_BUILD.search(message)
        if wheel is None:
            return None
        package = wheel["pkg"] or wheel["pkg2"] or wheel["pkg3"] or wheel["pkg4"] or "the package"
        if package.lower() == "torch":
            return Hint("pip found no torch wheel for this Python and platform and fell back to building torch from "
                        "its source distribution, which does not build that way (PyPI's torch sdist is a placeholder; "
                        "torch is installed from its wheels)",
                        "install torch from a wheel for this Python and platform first (pytorch.org/get-started names "
                        "the command; a Python that release has wheels for), then the package",
                        "reasoned from the log: pip building torch itself from source", family="binary-mismatch")
        if situation is not None and (situation.local_fault or package.lower() in situation.editable):
            return None  # an editable install builds the checkout on purpose: the log shows no cause, only the failure
        return Hint(f"pip could not build {package} from source (no wheel of it fits this Python, platform and "
                    "torch, so pip compiled it; the build's own errors, above this line, say why)",
                    f"install a prebuilt wheel of {package} for this Python, torch and CUDA (the project's "
                    "release page), or the compiler and CUDA toolkit its build documents, then build again",
                    VAGUE_BUILD, family="extension-build")
    named = compiler.groupdict()
    if named.get("arch") or named.get("arch2"):
        cause, fix = nvcc_arch(compiler["arch"] or compiler["arch2"])
    elif named.get("gcc"):
        cause = f"the host compiler is newer than this CUDA toolkit accepts (gcc later than {compiler['gcc']})"
        fix = f"build with gcc {compiler['gcc']} or older (CC/CXX, NVCC_CCBIN), or use a newer CUDA toolkit"
    elif named.get("msvc"):
        cause = f"building the extension needs Microsoft Visual C++ {compiler['msvc']} or newer, which is not installed"
        fix = "install the Visual Studio Build Tools (C++ workload), or a prebuilt wheel of the package"
    elif named.get("header") or named.get("header2"):
        header = (compiler["header"] or compiler["header2"]).replace("\\", "/")
        source = re.search(r"(?P<stem>[\w-]+)\.(?:c|cc|cpp|cxx|cu):\d+(?::\d+)?: fatal error", message)
        if source and header.partition("/")[0] == source["stem"] and "/" in header:
            return None  # kuroko.c including kuroko/kuroko.h: the project's own (a submodule's) header, no package's
        if header == "Python.h":  # this Python's headers: the build's failure, or a system component aside
            return python_headers(message, situation is not None and situation.build_optional)
        if named.get("header2") and header.lower() in _WINDOWS_SDK_HEADERS:  # the compiler's own C runtime's
            cause = (f"the build cannot find {header}, a header of the Windows SDK's C runtime: the compiler runs "
                     "without its SDK's include path (not from a developer prompt, or the SDK not installed)")
            fix = ("install the Visual Studio Build Tools' \"Desktop development with C++\" workload (the Windows SDK "
                   "with it) and build from its Developer Command Prompt, or install a prebuilt wheel of the package")
        elif _SUBMODULE_HEADER.match(header):
            return None
        elif _CUDNN_HEADER.fullmatch(header):  # cuDNN, apart from the toolkit (holdout172b: pyyolo#54, CuCalc#2)
            return Hint(f"the build cannot find {header}: cuDNN's development files (its headers) are not installed, "
                        "or not on the include path (cuDNN is installed apart from the CUDA toolkit)",
                        "install cuDNN for this CUDA with its headers (NVIDIA's libcudnn developer package, conda's "
                        "cudnn, or pip's nvidia-cudnn-cuXX, whose include directory holds cudnn.h) and add that "
                        "directory to the include path (CPATH, or the build's CUDNN_INCLUDE_DIR), then build again",
                        "reasoned from the log: the build's own error", family="extension-cuda-lib")
        elif (header.startswith("cu") and not _TOOLKIT_HEADER.fullmatch(header) and situation is not None
              and situation.relative_include):
            # a header of the code's own, asked through an include path relative to the working directory (scikit-cuda's
            # "nvcc -I skcuda/include": holdout174b's distractor scikit-cuda#227): the code's path, no package missing
            return None
        else:
            of_toolkit = _TOOLKIT_HEADER.fullmatch(header) is not None
            needs = "the CUDA toolkit's headers are" if of_toolkit else "the header is"
            cause = f"the build cannot find {header}: {needs} not installed or not on the include path"
            fix = ("install the CUDA toolkit (CUDA_HOME)" if of_toolkit else
                   f"install the development package that provides {header}")
    elif named.get("nocc"):  # setuptools running a compiler not there (holdout84b: Surprise#275, no Build Tools)
        cause = f"the build runs {compiler['nocc']}, which is not installed (or not on PATH): no C/C++ compiler"
        fix = ("install a compiler (Windows: the Visual Studio Build Tools, C++ workload, and build from their "
               "developer prompt; Linux: apt install build-essential), or a prebuilt wheel of the package for this "
               "Python")
    elif named.get("nocompiler") and situation is not None and situation.cmake_generator_failed:
        return None  # (CMake's words after its generator failed to run: get-cmake#196, ninja on an older glibc)
    elif named.get("nocompiler"):
        cause = "the build found no C/C++ compiler (CMake: CMAKE_C_COMPILER not set)"
        fix = ("install a compiler (Linux: apt install build-essential; Windows: the Visual Studio Build Tools, C++ "
               "workload, and build from their developer prompt), or a prebuilt wheel of the package")
    elif named.get("stl"):
        cause = (f"the MSVC standard library in use needs CUDA {compiler['stl']} or newer, and the CUDA toolkit "
                 "(nvcc) building the extension is older")
        fix = f"install CUDA {compiler['stl']} or newer (and a torch built for it), or an older MSVC toolset"
    elif named.get("chatglm"):
        cause = ("ChatGLM's int4 CPU kernel (quantization_kernels*.c, compiled with gcc at load time) did not "
                 "compile: no gcc with OpenMP on PATH")
        fix = ("install gcc with OpenMP (Linux: apt install gcc; Windows: TDM-GCC with openmp), or load the model "
               "on a GPU, or unquantized")
    elif situation is not None and situation.local_fault:
        return None
    else:
        cause = ("compiling the extension failed (the compiler's own errors, printed above this line, say which "
                 "source and why)")
        fix = ("install a prebuilt wheel of the package for this Python, torch and CUDA; to build, use the "
               "compiler and CUDA toolkit its build documents")
        return Hint(cause, fix, VAGUE_BUILD, family="extension-build")
    return Hint(cause, fix, "reasoned from the log: the build's own error", family="extension-build")


#: the CUDA toolkit's own headers (its libraries' and Thrust's, CUB's, cooperative groups'), not any "cu" name
#: (by name: a project's cuda_utils.h is none; cuSPARSELt, cuTENSOR, cuDSS and NCCL are libraries of their own)
_TOOLKIT_HEADER = re.compile(r"cuda(?:_runtime|_runtime_api|_fp16|_bf16|_fp8|_profiler_api|_gl_interop|_texture_types|"
                             r"_device_runtime_api|_awbarrier|_pipeline|_occupancy|_surface_types|Profiler|GL)?\.h|"
                             r"cublas(?:_v2|_api|Lt|Xt)?\.h|cufft(?:XT|w)?\.h|curand(?:_kernel)?\.h|cusparse\.h|"
                             r"cusolver(?:Dn|Sp|Rf|_common|Mg)?\.h|cupti\w*\.h|nvrtc\.h|nvml\.h|nvToolsExt\w*\.h|"
                             r"npp\w*\.h|nvjpeg\.h|cufile\.h|(?:cub|thrust|cuda|cooperative_groups|nvtx3)/[\w/.]+|"
                             r"cooperative_groups\.h|device_launch_parameters\.h|math_constants\.h|vector_types\.h")
#: cuDNN's own headers (cudnn_frontend.h is NVIDIA's header-only cudnn-frontend, most often a git submodule)
_CUDNN_HEADER = re.compile(r"cudnn(?:_version|_ops\w*|_cnn\w*|_adv\w*|_backend|_graph|_v\d)?\.h")
#: headers of a git submodule a checkout leaves out until "git submodule update --init" (the session-46 second reader's
#: TransformerEngine#171 and #307, a CUTLASS look-alike): no package's fit
_SUBMODULE_HEADER = re.compile(r"cudnn_frontend\w*\.h|cutlass/|cute/")


#: the source of a build failure read without its cause (the lines above say why): sorted after one that names it
VAGUE_BUILD = "reasoned from the log: the build failed; its own errors, above, say why"
_BNB_CPU_ASKED = re.compile(r"Required library version not found: \w{0,40}_cpu\.(?:so|dll)|^CUDA SETUP: Defaulting to "
                            r"libbitsandbytes_cpu")
_BNB = re.compile(r"CUDA Setup failed despite GPU being available|CUDA SETUP: (?:Problem|Required library|Something "
                  r"when wrong|Something unexpected happened)|Required library version not found: "
                  r"(?P<lib>libbitsandbytes_cuda\d+\w*\.(?:so|dll))|compiled without GPU support|"
                  r"libbitsandbytes_cpu\.(?:so|dll)")
#: its search for Linux's CUDA runtime, on Windows (holdout177b: text-generation-webui#182, the report cut after it)
_BNB_LINUX_SEARCH = re.compile(r"^CUDA_SETUP: WARNING! libcudart\.so not found in any environmental path")
#: "bin /home/u/.local/.../bitsandbytes/libbitsandbytes_cpu.so" (survey16c's distractor text-generation-webui#1942)
_BNB_LOADED = re.compile(r"bin \S+libbitsandbytes_cpu\.(?:so|dll)\s*$")
_BUILT_FOR = re.compile(  # xFormers: "was built for: PyTorch 2.0.1+cu118 with CUDA 1108 (you have 2.1.0+cu121)"
    r"(?:(?P<what>\w[\w-]*) was built for:?\s*|^\s*(?=PyTorch \S+ with CUDA \d{3,5} \(you have))"  # its line may be cut
    r"PyTorch (?P<built>\S+)[^\n(]*\(you have (?P<have>[^)\s]+)", re.M)
#: CTranslate2 (faster-whisper, whisperX): "Library libcublas.so.12 is not found or cannot be loaded"
_RUNTIME_LIBRARY = re.compile(r"Library (?P<lib>lib\w+\.so\.(?P<major>\d+)|\w+64_(?P<major2>\d+)\.dll) is not found or "
                              r"cannot be loaded")
#: cuDNN 8's own loader: "Could not load library libcudnn_cnn_infer.so.8", "... cudnn_ops_infer64_8.dll". Not
#: ctranslate2's "Could not locate cudnn_ops64_9.dll" (holdout11b: another cuDNN major, a path with brackets)
_CUDNN_LOAD = re.compile(r"Could not load library (?P<lib>libcudnn\w*\.so\.(?P<major>\d+)|"
                         r"cudnn\w*64_(?P<major2>\d+)\.dll)")
_GPU_MARK = re.compile(r"cuda|gpu|nvcc|\bsm_\d", re.IGNORECASE)
_WINDOWS_SDK_HEADERS = frozenset({"io.h", "stdio.h", "stdlib.h", "string.h", "stddef.h", "windows.h", "basetsd.h",
                                  "corecrt.h", "vcruntime.h", "crtdbg.h", "limits.h", "math.h"})
_ARCHITECTURE = re.compile(r"incompatible architecture \(have [(']?(?P<have>\w+)[)']?, need [(']?(?P<need>\w+)[)']?"
                           r"(?: or [(']?(?P<need2>\w+)[)']?)?\)")  # "or 'arm64'": macOS 14 (acrcloud_sdk_python#41)
#: Paddle's own marks beside its loader's words: its file, its hint, its error type
_PADDLE = re.compile(r"cudnn_dso_handle|dynload[\\/]cudnn\.cc|[Pp]addle|PreconditionNotMet")
_FLASH_ATTN = re.compile(r"FlashAttention only supports (?P<need>Ampere|Turing) GPUs or newer")
#: the loader: "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.32' not found (required by .../libllama.so)", Java's
_GLIBC = re.compile(r"libc\.so\.6: version [`']GLIBC_(?P<version>[\d.]+)' not found "  # (onnxruntime#6021)
                    r"\(required by (?P<binary>[^)\s]{1,400})(?:\)|\s*$)")
_TORCH_ARCH = re.compile(r"with CUDA capability sm_(?P<sm>\d+) is not compatible with the current PyTorch installation")


def binary(failure: Failure, version_of: Callable[[str], str | None], situation: Situation) -> Hint | None:
    """A prebuilt binary for another platform, CUDA version or GPU, as the library or pip reports it."""
    message = failure.message
    if cuda_asserted(failure):  # (its message need hold none of the words below)
        return cpu_build_asked(failure, version_of, situation)
    if not any(word in message for word in ("bitsandbytes", "CUDA", "FlashAttention", "wheel", "capabilit", "Library ",
                                            "built for", "device code", "hipError", "code object", "architecture",
                                            "invalid device function", "kernel image is inv", "compiled to use",
                                            "invalid device symbol", "trap invalid opcode",
                                            "gpu architecture", "cudnn shared library", "CPU features were not",
                                            "Illegal instruction", "Illegal Instruction", "illegal hardware", "GLIBC_",
                                            *LOCALIZED_SIGILL, *CPU_WORDS,
                                            "built using",
                                            "NO_BINARY", "NoBinary", "::", "URL dependency", "load library",
                                            "throw_no_cuda", "CPU-only")):
        return None
    glibc = near(_GLIBC, message, "' not found (required by ")
    if glibc and glibc["version"] != "2.2.5":  # x86-64's first glibc version, which every glibc has
        library = glibc["binary"].rsplit("/", 1)[-1]
        installed = installed_package(glibc["binary"])
        package = distribution_of(installed) if installed else library
        return Hint(f"{package}'s prebuilt binary ({library}) was built on a newer Linux: it needs glibc "
                    f"{glibc['version']} or newer, and this system's C library is older",
                    f"install a build of {package} made for an older glibc (a manylinux wheel of a lower tag, or an "
                    "older release of it), or build it from source on this system, or use a newer Linux (a container)",
                    "reasoned from the log: the dynamic loader names the glibc version the binary needs",
                    family="binary-mismatch")
    built = near(_BUILT_FOR, message, " was built for") or (
        _BUILT_FOR.search(message) if "(you have " in message else None)
    if built and "+cu" in built["built"] and built["have"].endswith("+cpu"):
        return Hint(f"torch {built['have']} is a CPU-only build, and {built['what']} was built for the CUDA build "
                    f"{built['built']}: nothing of it runs on the GPU with this torch",
                    "install a CUDA build of torch (pip install --force-reinstall torch --index-url "
                    "https://download.pytorch.org/whl/cuXYZ, the CUDA line the GPU's driver supports)",
                    "reasoned from the log: the library's own build report", family="torch-not-cuda")
    if built:
        what = built["what"] or "xFormers"  # the only library that prints "with CUDA 1208 (you have ...)"
        return Hint(f"{what}'s compiled extensions were built for PyTorch {built['built']}, and torch "
                    f"{built['have']} is installed: they do not load (its slower pure-Python paths, or none, are used)",
                    f"install the {what} release built for torch {built['have']} (its wheels name the torch "
                    f"they pair with), or torch {built['built']}",
                    "reasoned from the log: the library's own build report", family="extension-abi")
    runtime = (near(_RUNTIME_LIBRARY, message, " is not found or cannot be loaded", before=120)
               or near(_CUDNN_LOAD, message, "Could not load library "))
    if runtime:
        library, major = runtime["lib"], runtime["major"] or runtime["major2"]
        of, get = cuda_library_source(library if library.startswith("lib") else f"lib{library}", major)
        return Hint(f"a compiled library loads {library} at run time, so it was built for {of}, and the loader "
                    f"finds none: this machine's {of.split()[0]} libraries are of another major, or not on the "
                    "loader path",
                    f"install the {of} library it needs: {get} (its lib directory on LD_LIBRARY_PATH, or PATH on "
                    f"Windows); or install the package's build for the {of.split()[0]} this machine has",
                    "reasoned from the log: the library's own message, naming the CUDA library and its major",
                    family="binary-mismatch")
    if "Cannot load cudnn shared library" in message and _PADDLE.search(" ".join((message, *failure.types))):
        # PaddlePaddle's dynamic loader (paddle/fluid/platform/dynload/cudnn.cc; holdout40b: PaddleOCR#300, PP-YOLOE#5)
        return Hint("PaddlePaddle's GPU build loads cuDNN at run time and the loader finds none: cuDNN is not "
                    "installed, or not of the version this paddlepaddle-gpu build was made for, or not on the loader "
                    "path", "install the cuDNN (and CUDA) this paddlepaddle-gpu build was made for (python -c 'import "
                    "paddle; print(paddle.version.cuda(), paddle.version.cudnn())' names them), with its lib "
                    "directory on LD_LIBRARY_PATH (PATH on Windows)",
                    "reasoned from the log: the library's own loader error", family="extension-cuda-lib")
    apart = compiled_apart(message)
    if apart is not None:
        return apart
    no_code = NO_DEVICE_CODE.search(message)
    if no_code and "invalid device symbol" in no_code.group(0) and situation.symbol_by_name:
        no_code = None  # a symbol passed by its name as a string, which CUDA 5.0 stopped taking (the 4th reader's)
    if no_code and no_code["bare"] and not (".cu" in message or situation.gpu or _GPU_MARK.search(message)
                                             or situation.torch_named):  # the log's words for CUDA or its builds
        no_code = None
    # (THC's line before the exception says the same: "THCudaCheck FAIL file=.../emd_kernel.cu line=190 error=98 :
    # invalid device function")
    own_kernel = re.search(r"invalid device function at (?P<file>\S+\.cu)\b|THCudaCheck FAIL file=(?P<thc>\S+\.cu) "
                           r"line=\d+ error=(?:8|98) : invalid device function", message) if no_code else None
    kernel_file = (own_kernel["file"] or own_kernel["thc"]).replace("\\", "/").lower() if own_kernel else ""
    if own_kernel and not any(part in kernel_file for part in _TORCH_KERNEL_FILES):
        # an extension's own kernel file (survey17b: PyTorchEMD#11, built with CUDA 10.0 under torch's 10.2)
        return Hint("the extension's own CUDA kernels have no code this GPU can run: it was built for another GPU "
                    "architecture or with another CUDA toolkit than the installed torch's",
                    "rebuild the extension here against the installed torch, with the CUDA toolkit of torch's CUDA "
                    "(python -c 'import torch; print(torch.version.cuda)') and this GPU's arch in TORCH_CUDA_ARCH_LIST",
                    "reasoned from the log: the CUDA runtime's invalid device function, raised in the extension's own "
                    "kernel file", family="extension-build")
    if no_code and "cudaFuncGetAttributes" in no_code.group(0):
        # thrust's words: the kernels it launches not found for this GPU, as built (the second reader's thrust#837:
        # a thrust change that needed -rdc and the arch flags, since reverted)
        return Hint("the compiled kernels the library launches were not found for this GPU: it was built for other "
                    "GPU architectures, or without the flags its CUDA code needs",
                    "build it for this GPU's architecture (TORCH_CUDA_ARCH_LIST / -gencode for its compute "
                    "capability), with the CUDA toolkit and flags the project documents, or install its build for "
                    "this GPU", "reasoned from the log: thrust's invalid device function", family="no-kernel-image")
    if no_code:
        arch = no_code["arch"] or no_code["arch2"]
        gpu = f"this GPU (arch {arch})" if arch else "this GPU"
        return Hint(f"the compiled kernels carry no code for {gpu}: the binary was built for other GPU "
                    "architectures (a CUDA build for ROCm's, or the reverse, or another generation)",
                    "install or build the package for this GPU's architecture (CMAKE_CUDA_ARCHITECTURES / "
                    "TORCH_CUDA_ARCH_LIST, or PYTORCH_ROCM_ARCH / HSA_OVERRIDE_GFX_VERSION for ROCm)",
                    "reasoned from the log: the GPU runtime's own error", family="no-kernel-image")
    operator = OPERATOR_MISSING.search(message) if "::" in message else None
    if operator:
        return operator_missing(operator["pkg"] or operator["pkg2"], operator["op"] or operator["op2"], version_of)
    arch = _ARCHITECTURE.search(message)
    if arch:
        need = arch["need2"] or arch["need"]  # the plain one of two: arm64 of arm64e, x86_64 of x86_64h
        return Hint(f"a compiled library is built for {arch['have']}, and the program loading it (a Python, a tool) "
                    f"runs as {need}", f"run a program of the library's architecture (an {arch['have']} Python), or "
                    f"install the library's {need} build", "reasoned from the log: the dynamic loader's architecture "
                    "check", family="binary-mismatch")
    lacking = cpu_lacks(message)
    if lacking is not None:
        return lacking
    arch = _TORCH_ARCH.search(message)
    if arch:
        return torch_arch(arch["sm"], situation)
    if ("incompatible_device_warn.format(" in message and situation.capability and float(situation.capability) >= 8
            and not situation.several_gpus):  # (of two GPUs named, the log does not say which it warned of)
        # the source line of torch's capability warning, its message lost from the paste, and a GPU the log names
        # (holdout125b: Retrieval-based-Voice-Conversion-WebUI#2507, an RTX 5080): an Ampere or newer GPU warned of
        return torch_arch(situation.capability.replace(".", ""), situation)
    tags = platform_tags(message)
    if tags is not None:
        return tags
    bnb = _BNB.search(message) or (_BNB_LINUX_SEARCH.search(message) if situation.windows else None)
    if bnb and (_BNB_LOADED.match(message) or _BNB_CPU_ASKED.search(message)):
        bnb = None  # its print of the library it loaded; its search for its CPU library (holdout57b: bitsandbytes#191)
    if (bnb or NO_CUDA_BUILD.search(message)) and (situation.cuda_unusable
                                                    or (situation.served and situation.macos and not failure.raised)):
        return None  # its CPU fallback where CUDA did not start (peft#1050), or warned of on a Mac serving on
    if bnb:
        cuda = re.search(r"libbitsandbytes_cuda(\d+)", message)
        version = version_of("bitsandbytes")
        release = f"bitsandbytes {version}" if version else "the installed bitsandbytes"
        if situation.windows or ".dll" in message:
            cause = (f"{release} found no binary for this machine: releases before 0.43 ship Linux binaries only, "
                     "and this is Windows")
            fix = "pip install -U 'bitsandbytes>=0.43' (the first release with Windows binaries)"
        elif cuda:
            digits = cuda.group(1)
            cuda_version = dotted(digits)
            cause = f"{release} has no binary for CUDA {cuda_version} (it looked for {cuda.group(0)})"
            fix = ("pip install -U bitsandbytes (newer releases carry binaries for newer CUDA), or set "
                   "BNB_CUDA_VERSION to a CUDA version it ships")
        else:
            cause = (f"{release} could not load a GPU binary for this machine (its CUDA setup report above names "
                     "what it looked for) and fell back to the CPU library")
            fix = ("pip install -U bitsandbytes (a release with a binary for this CUDA); check that torch is a "
                   "CUDA build and the CUDA runtime is found")
        return Hint(cause, fix, "reasoned from the log: bitsandbytes' own CUDA setup report", family="binary-mismatch")
    flash = _FLASH_ATTN.search(message)
    if flash:
        gpu = f" ({situation.gpu})" if situation.gpu else ""
        return Hint(f"flash-attn's kernels need an {flash['need']} or newer GPU, and this GPU{gpu} is older",
                    "load the model without FlashAttention (attn_implementation=\"sdpa\" or \"eager\"; for "
                    "remote code, use_flash_attn=False), or run on an Ampere (compute capability 8.0) or newer GPU",
                    "reasoned from the log: flash-attn's own GPU check", family="no-kernel-image")
    return cpu_build_asked(failure, version_of, situation)
