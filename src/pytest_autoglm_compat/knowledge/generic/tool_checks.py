"""Checks a build tool or a runtime library prints in words of its own: CMake's minimum version, protobuf's check of
generated code against its runtime, ONNX Runtime's providers parameter, a program's minimum Python, Triton's search
for the driver's libcuda.so, nvcc's host compiler.

CMake's "CMake 3.20 or higher is required.  You are running version 3.19.7" (cmake_minimum_required), protobuf's
"Detected incompatible Protobuf Gencode/Runtime versions when loading x.proto: gencode 5.28.3 runtime 5.27.3",
ONNX Runtime's "Since ORT 1.9, you are required to explicitly set the providers parameter", Sphinx's "Sphinx requires
at least Python 2.7 or 3.4 to run." (holdout34a: twelve threads).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.version import InvalidVersion, Version

from ...model.gpu_models import FIRST_CUDA_FOR
from ...model.hints import Hint
from ..digits import dotted
from ..failure import Failure
from .machine import Situation

_CMAKE = re.compile(r"CMake (?P<need>\d+(?:\.\d+){0,2}) or higher is required\.\s+You are running version "
                    r"(?P<found>\d+(?:\.\d+){0,2})")
#: protobuf 5.26 on (python/google/protobuf/runtime_version.py, and Java's RuntimeVersion)
#: (its major-version form, "mismatched Protobuf Gencode/Runtime major versions" (holdout95a: a2a-samples#137), and
#: the words wrapped over lines by a terminal, its headline's start on a line of its own (holdout98a:
#: pyansys-geometry#2914))
_GENCODE = re.compile(r"(?:Detected\s+(?:incompatible|mismatched)\s+Protobuf\s+)?Gencode/Runtime\s+(?:major\s+)?"
                      r"version(?:s|\s+suffixes)\s+when\s+loading\s+(?P<file>[^:\n]{1,200}):\s+gencode\s+"
                      r"(?P<gencode>\d[\w.-]{0,30}),?\s+runtime\s+(?P<runtime>\d[\w.-]{0,30}?)\.?(?:\s|$)")
#: grpc's generated code checking the grpcio it runs with: "The grpc package installed is at version 1.60.0, but the
#: generated code in v1/weaviate_pb2_grpc.py depends on grpcio>=1.64.1." (holdout98a: weaviate-python-client#1142,
#: aikit#437)
_GRPC_GENERATED = re.compile(r"The grpc package installed is at version (?P<found>\d[\w.]*), but the generated code in "
                             r"(?P<file>\S{1,200}) depends on grpcio(?P<need>>=\s?\d[\w.]*?)\.?(?:\s|$)")
_PROVIDERS = "Since ORT 1.9, you are required to explicitly set the providers parameter"
_AT_LEAST_PYTHON = re.compile(r"(?P<who>[A-Z][\w-]{1,40}) requires at least Python (?P<need>\d\.\d+)(?: or "
                              r"(?P<need3>3\.\d+))? to run")
#: Triton 2.x's check before it builds its CUDA helper (triton/common/build.py libcuda_dirs, from `ldconfig -p`):
#: "libcuda.so cannot found!" (holdout47b: unsloth#679, #220)
_TRITON_LIBCUDA = "libcuda.so cannot found"
#: nvcc finding no host compiler: "nvcc fatal   : Cannot find compiler 'cl.exe' in PATH" (holdout46b: pydrr#6)
_NVCC_HOST = re.compile(r"nvcc fatal\s*: Cannot find compiler '(?P<compiler>[\w.+-]{1,40})' in PATH")
#: nvcc on Windows failing to run Visual Studio's vcvars64.bat for its host compiler: "nvcc fatal   : Could not set up
#: the environment for Microsoft Visual Studio using '.../vcvars64.bat'" (holdout104b: nerfstudio#3676)
_NVCC_VCVARS = "Could not set up the environment for Microsoft Visual Studio"
#: nvcc's count of the errors in an installed package's CUDA source it compiled on this machine (a JIT build of
#: site-packages' .cu files, or pip's build folder): "3 errors detected in the compilation of ".../site-packages/gsplat/
#: cuda/csrc/fully_fused_projection_packed_fwd.cu"." (holdout104b: nerfstudio#3551)
_NVCC_ERRORS = re.compile(r'\d+ errors? detected in the compilation of "(?P<file>[^"\n]{1,400}?[\\/](?:site-packages|'
                          r'dist-packages|pip-install-[^"\\/]*|pip-req-build-[^"\\/]*)[\\/](?P<package>[\w.-]+)[^"\n]*'
                          r'\.cu)"')
#: a setup script's floor on the CUDA toolkit for the GPU arch it builds for: "CUDA 12.4 or higher is required for
#: compute capability 8.9." (holdout67b: SageAttention#130, its setup.py reading nvcc's version)
_TOOLKIT_FOR_ARCH = re.compile(r"CUDA (?P<need>\d+\.\d+) or higher is required (?:for compute capability "
                               r"(?P<cc>\d+\.\d+)|to build the package)")
#: nvcc building atomicAdd on doubles, which CUDA has only from sm_60: 'no instance of overloaded function "atomicAdd"
#: matches the argument list' with 'argument types are: (double *, double)' (holdout67b: GPTQ-for-LLaMa#58, an M40)
_DOUBLE_ATOMIC = re.compile(r'no instance of overloaded function "atomicAdd" matches the argument list\s+argument '
                            r"types are: \(double \*, double\)")
#: Triton's runtime build of its kernels' C launcher finding no C compiler (triton/runtime/build.py): "Failed to find C
#: compiler. Please specify via CC environment variable." (holdout67b: ml-cross-entropy#5)
_TRITON_CC = "Failed to find C compiler. Please specify via CC environment variable"
#: a CUDA toolkit's ptxas, run as a program on a file (not the driver's JIT: "ptxas application ptx input"), older
#: than the PTX a code generator emitted: "ptxas /tmp/triton_k_NjSPTP, line 5; fatal   : Unsupported .version 7.3;
#: current version is '7.1'" (holdout53b: triton#322)
_PTXAS_OLDER = re.compile(r"ptxas (?!application)\S{1,300}, line \d+; fatal\s*: Unsupported \.version "
                          r"(?P<ptx>\d+\.\d+); current version is '(?P<have>\d+\.\d+)'")
#: ptxas not knowing the arch it is asked to assemble for: "ptxas fatal   : Value 'sm_121a' is not defined for option
#: 'gpu-name'" (holdout67b: triton#8539, the ptxas Triton bundles, older than the DGX Spark's GB10); Triton and
#: XLA ask for the GPU's own arch; Triton 3.5 bundles a second one for Blackwell, ptxas-blackwell (holdout177b:
#: server#8632, sm_110a on a Jetson Thor)
_PTXAS_ARCH = re.compile(r"ptxas(?:-blackwell)? fatal\s*: Value '(?P<arch>sm_(?P<sm>\d{2,3})[af]?)' is not defined "
                         r"for option 'gpu-name'")
#: where the log shows the ptxas run: Triton's own copy (triton/backends/nvidia/bin/ptxas, triton/third_party/cuda/bin)
_TRITON_PTXAS = re.compile(r"[\\/]triton[\\/](?:backends[\\/]nvidia|third_party[\\/]cuda)[\\/]bin[\\/]ptxas")
#: a package's check of its companion package's release: "flashinfer-cubin version (0.6.8.post1) does not match
#: flashinfer version (0.6.10). Please install the same version of both packages." (holdout53a: three threads)
_SAME_VERSION = re.compile(r"(?P<one>[A-Za-z][\w.-]{0,60}) version \((?P<v1>\d[\w.+]{0,40})\) does not match "
                           r"(?P<other>[A-Za-z][\w.-]{0,60}) version \((?P<v2>\d[\w.+]{0,40})\)")
#: ptxas refusing an instruction the target arch lacks: "ptxas /tmp/tmpaj0u6ubt.ptx, line 57; error : Modifier
#: '.evict_last' on 'ld' requires .target sm_70 or higher" (holdout53b: pascal-pkgs-ci#46, Triton 3.4's PTX for a
#: Pascal GPU); nvcc's own build prints the same for an arch list that holds an older arch than the code needs
_PTXAS_TARGET = re.compile(r"ptxas \S{1,300}, line \d+; error\s*: (?P<what>[^\n]{1,200}?) requires \.target "
                           r"sm_(?P<need>\d{2,3}) or higher")
#: torch inductor's check before it compiles Triton kernels (torch/_inductor/exc.py, GPUTooOldForTriton): "Found
#: Tesla P40 which is too old to be supported by the triton GPU compiler, which is used as the backend. Triton only
#: supports devices of CUDA Capability >= 7.0, but your device is of CUDA capability 6.1" (holdout53b:
#: pascal-pkgs-ci#23)
_TRITON_GPU = re.compile(r"Found (?P<gpu>[^\n]{1,80}?) which is too old to be supported by the triton GPU compiler,? "
                         r"which is used as the backend\. Triton only supports devices of CUDA Capability >= "
                         r"(?P<need>\d+\.\d+), but your device is of CUDA capability (?P<cc>\d+\.\d+)")
#: torch's cpp_extension check of the host compiler against the CUDA toolkit's range: "The current installed version of
#: g++ (12.2.1) is greater than the maximum required version by CUDA 11.7 (11.5.0). Please make sure to use an adequate
#: version of g++ (>=6.0.0, <=11.5.0)." (holdout58b: GPTQ-for-LLaMa#33)
_HOST_TOO_NEW = re.compile(r"The current installed version of (?P<cc>[\w+.-]{1,60}) \((?P<have>\d[\w.]{0,20})\) is "
                           r"greater than the maximum required version by CUDA (?P<cuda>\d+\.\d+)(?: \((?P<max>\d[\w.]"
                           r"{0,20})\))?[^\n]{0,120}?(?P<range><=?\s*\d[\w.]{0,20})?\)?\.?$", re.MULTILINE)
#: conda's (mamba's) solver against the driver's CUDA, its virtual package __cuda: "package
#: cudatoolkit-11.0.3-h15472ef_6 has constraint __cuda >=11.0 conflicting with __cuda-10.2-0" (holdout56a: mamba#969)
_CONDA_CUDA = re.compile(r"package (?P<package>[A-Za-z0-9][\w.-]{0,100}?)-(?P<version>\d[\w.]{0,40})-\w{1,60} has "
                         r"constraint __cuda\s*>=\s*(?P<need>\d+(?:\.\d+)?)\S* conflicting with "
                         r"__cuda-(?P<have>\d+\.\d+)")
#: Intel Extension for PyTorch's import-time check (intel_extension_for_pytorch/__init__.py): "ERROR! Intel® Extension
#: for PyTorch* needs to work with PyTorch 2.2.*, but PyTorch 2.1.0+cu121 is found. Please switch to the matching
#: version and run again." (holdout55a: intel-extension-for-transformers#1278), then it exits. transformers' and
#: accelerate's is_ipex_available() warn the same words without "ERROR!" and go on without it: no failure
_WORKS_WITH = re.compile(r"ERROR! (?P<who>[^\n]{1,80}?) needs to work with PyTorch (?P<need>\d+\.\d+)\.\*, but "
                         r"PyTorch (?P<found>\d[\w.+]{0,40}) is found")
#: a library's compiled kernel refusing the GPU it runs on: "This kernel is not supported on your GPU" (nunchaku's
#: AWQ kernels on a Tesla T4; holdout59b: ComfyUI-nunchaku#234), the CUDA error that follows a consequence of it
#: (vLLM's "No compiled cutlass_scaled_mm for a compute capability less than CUDA device capability: 75" is not read:
#: in vllm#9419 it was 0.6.3's own bug, a missing early return after the kernel ran, fixed by vllm#9487 (the session-25
#: second reader's finding))
_KERNEL_NOT_ON_GPU = re.compile(r"\bkernels? (?:is|are) not supported on (?:your|this|the current) GPU")
#: a library's own report that its build lacks the kernels for this GPU's arch: SageAttention's "SM89 kernel is not
#: available. Make sure you GPUs with compute capability 8.9." (holdout60b: ComfyUI-Easy-Install#33,
#: sd-webui-forge-classic#627)
_SM_KERNEL_MISSING = re.compile(r"\bSM(?P<sm>\d{2,3}) kernels? (?:is|are) not available")
#: NVIDIA's NGC containers' start-up check of the host's driver (nvidia_entrypoint.sh): "This container was built for
#: NVIDIA Driver Release 535.86 or later, but" / "version 510.85.02 was detected and compatibility mode is
#: UNAVAILABLE." (holdout60b: TensorRT-LLM#23)
_CONTAINER_BUILT_FOR = re.compile(r"This container was built for NVIDIA Driver Release (?P<need>\d+(?:\.\d+){0,2}) "
                                  r"or later")
#: GCC crashing on the source it compiles: a bug of that compiler release, not of the code ("x.cu:62:385: internal
#: compiler error: in maybe_undo_parenthesized_ref, at cp/semantics.c:1740": gcc 7.5 under nvcc 11.4, holdout60b:
#: flash-attention#21)
#: "internal compiler error: Killed (program cc1plus)" is the kernel's OOM killer ending the compiler (too many jobs
#: for the memory), and a segmentation fault may be the same: neither is told (the session-24 second reader's
#: seastar#282 and vimplus#15); MSVC's own words are "fatal error C1001: Internal compiler error."
_COMPILER_CRASHED = re.compile(r"\binternal compiler error: (?!Killed|Segmentation fault)|fatal error C1001: (?:An )?"
                               r"[Ii]nternal compiler error")
_WORDS = ("is greater than the maximum required version by CUDA", "not supported on", "kernel is not available",
          "kernels are not available", "This container was built for", "nternal compiler error",
          "conflicting with __cuda",
          "xFormers wasn't build with CUDA support", "mach-o, but wrong architecture", "needs to work with PyTorch",
          "or higher is required.", "requires .target sm_", "too old to be supported by the triton",
          "Gencode/Runtime", "The grpc package installed is at version", _PROVIDERS, "requires at least Python",
          _TRITON_LIBCUDA, "Cannot find compiler", _NVCC_VCVARS, "detected in the compilation of",
          "Unsupported .version", ") does not match ", "for option 'gpu-name'", _TRITON_CC,
          "or higher is required for compute capability", "or higher is required to build the package",
          'overloaded function "atomicAdd"',
          "compiler version for ")


def _sm80_shown(situation: Situation) -> bool:
    """The log shows a GPU of compute capability 8.0 or newer (one that has bfloat16)."""
    try:
        return situation.capability is not None and float(situation.capability) >= 8.0
    except ValueError:
        return False


def tool_check(failure: Failure, situation: Situation) -> Hint | None:
    """The answer a tool's or a runtime's own check gives in its words (None where none of them is there)."""
    message = failure.message
    if not any(words in message for words in _WORDS):
        return None
    missing = _SM_KERNEL_MISSING.search(message)
    if missing is not None:
        # the code path the library chose for this GPU, not its arch: SageAttention runs an RTX 5090 (sm_120) through
        # its SM89 kernels (the session-24 second reader's case)
        return Hint(f"the library's installed build has no SM{missing['sm']} kernels, the code path it chose for this "
                    "GPU: the wheel was built without them, or for another torch and CUDA than the ones installed",
                    "reinstall the library from a build for this GPU and the installed torch and CUDA (its wheel for "
                    "this torch, or built from source on this machine), or run without it (the fallback the log "
                    "names)",
                    "reasoned from the log: the library's own report of the kernels its build lacks",
                    family="no-kernel-image")
    container = _CONTAINER_BUILT_FOR.search(message)
    if container is not None and situation.container_driver is not None and _older(situation.container_driver,
                                                                                  container["need"]):
        need, have = container["need"], situation.container_driver
        return Hint(f"the NVIDIA container was built for driver {need} or later, and the host's driver is {have}: "
                    "older, and the container's CUDA forward-compatibility mode is unavailable on this machine "
                    "(NVIDIA supports it on data center GPUs), so CUDA cannot start in it",
                    f"upgrade the host's NVIDIA driver to {need} or later, or use an older release of the container "
                    f"built for a CUDA the {have} driver supports (NVIDIA's container release notes list each one's "
                    "driver)",
                    "reasoned from the log: the NGC container's own start-up check of the host's driver",
                    family="cuda-driver-too-old")
    crashed = _COMPILER_CRASHED.search(message) if not failure.raised else None
    if crashed is not None:
        other = ("another MSVC toolset (a newer Visual Studio 2022 release, or the one the CUDA toolkit names)"
                 if "C1001" in crashed.group(0) else
                 "a newer GCC the CUDA toolkit supports: CC/CXX, or conda's gxx_linux-64 and gcc_linux-64")
        return Hint("the host compiler crashed on the package's source (an internal compiler error: a bug of that "
                    "compiler release, not of the code), so the build failed",
                    f"build with another release of the compiler ({other}), or install a prebuilt wheel of the "
                    "package for this torch and CUDA",
                    "reasoned from the log: the compiler's own words for its crash", family="extension-build")
    if _KERNEL_NOT_ON_GPU.search(message) is not None:
        gpu = (f"this GPU ({situation.gpu}, compute capability {situation.capability})" if situation.capability
               else f"this GPU ({situation.gpu})" if situation.gpu else "this GPU")
        return Hint(f"a library's compiled kernel says it does not support {gpu}: the kernels its build carries are "
                    "for other GPU architectures (most often newer ones); the CUDA errors after it follow from that",
                    "run the model on a GPU the kernel supports (its README's GPU list: FP8 and some low-bit kernels "
                    "need a newer GPU), or the library's path for this GPU where it has one (float16 instead of "
                    "bfloat16 before Ampere, another quantization, a build for this GPU's architecture)",
                    "reasoned from the log: the library's own words for its kernel and this GPU",
                    family="no-kernel-image")
    cmake = _CMAKE.search(message)
    if cmake is not None and _older(cmake["found"], cmake["need"]):
        need, found = cmake["need"], cmake["found"]
        return Hint(f"the project's CMakeLists.txt requires CMake {need} or higher (cmake_minimum_required), and the "
                    f"CMake running is {found}",
                    f"install CMake {need} or newer: pip install -U 'cmake>={need}' (PyPI's CMake wheels put cmake on "
                    "PATH), the system's package of it, or cmake.org's release",
                    "reasoned from the log: CMake's own check of the project's minimum version",
                    family="version-guard")
    grpc = _GRPC_GENERATED.search(message) if "The grpc package installed is at version" in message else None
    if grpc is not None:
        need = grpc["need"].replace(" ", "")
        return Hint(f"{grpc['file']} was generated by a grpcio-tools that needs grpcio{need}, and the grpcio installed "
                    f"is {grpc['found']}: grpc's generated code checks the runtime it is loaded with",
                    f"pip install -U \"grpcio{need}\", or regenerate the code with a grpcio-tools of the installed "
                    f"grpcio {grpc['found']}",
                    "reasoned from the log: grpc's generated code's own version check", family="version-guard")
    gencode = _GENCODE.search(message)
    if gencode is not None:
        made, runtime = gencode["gencode"], gencode["runtime"]
        return Hint(f"{gencode['file'].strip()} was generated by protoc {made}, and the protobuf runtime loading it is "
                    f"{runtime}: protobuf's own check refuses generated code newer than its runtime (or of another "
                    "pre-release)",
                    f"install the protobuf runtime of the generated code's release (pip install -U 'protobuf>={made}'; "
                    f"Java: protobuf-java {made}), or regenerate the code with the protoc of {runtime}",
                    "reasoned from the log: protobuf's gencode/runtime check (protobuf.dev's cross-version runtime "
                    "guarantee)", family="version-guard")
    if _PROVIDERS in message:
        return Hint("the code creates onnxruntime.InferenceSession without its providers parameter, which ONNX Runtime "
                    "1.9 and later require where the build has more than one execution provider (a GPU build): the "
                    "code was written for an older onnxruntime",
                    "pass providers to InferenceSession (providers=['CUDAExecutionProvider', 'CPUExecutionProvider'], "
                    "as the message's example), or install onnxruntime<1.9 for that code",
                    "reasoned from the log: ONNX Runtime's own words", family="api-mismatch")
    if _TRITON_LIBCUDA in message and failure.raised:
        # raised, not a warning a program caught and printed (xformers' "A matching Triton is not available ...
        # Error caught was: ...", above the failure that ended the run: the session-22 second reader's case)
        return Hint("Triton, which builds its CUDA helper when it first runs, found no libcuda.so in the directories "
                    "ldconfig lists: the NVIDIA driver installs libcuda.so.1, and the unversioned name comes only with "
                    "its development files (or the cache ldconfig writes is stale or cannot be written)",
                    "find the driver's library (ldconfig -p | grep libcuda; WSL: /usr/lib/wsl/lib) and link "
                    "libcuda.so to libcuda.so.1 there, or export TRITON_LIBCUDA_PATH=<that directory> (read by the "
                    "later Triton releases); where no libcuda.so.1 is found, the container or machine has no NVIDIA "
                    "driver visible (docker run --gpus all with the NVIDIA Container Toolkit)",
                    "reasoned from the log: Triton's own check for the driver's library", family="extension-cuda-lib")
    host = _NVCC_HOST.search(message)
    if host is not None:
        compiler = host["compiler"]
        windows = compiler.lower() == "cl.exe"
        return Hint(f"nvcc found no host compiler {compiler} on PATH: nvcc compiles the CUDA code's host side with "
                    + ("Microsoft's C++ compiler (Visual Studio or its Build Tools)" if windows else "that compiler"),
                    ("install Visual Studio (or the Build Tools) with \"Desktop development with C++\" and run the "
                     "build from its x64 Native Tools prompt, or add cl.exe's directory (VC\\Tools\\MSVC\\<version>"
                     "\\bin\\Hostx64\\x64) to PATH" if windows else
                     f"install {compiler} or put it on PATH (nvcc -ccbin <path> names another)"),
                    "reasoned from the log: nvcc's own error", family="extension-build")
    # (the terminal may wrap the warning's line anywhere: its head, "Error checking", can be a line of its own)
    # MSVC's cl only (on Linux the check runs another name than the compiler the build uses), and not where the
    # build went on: the warning alone stops nothing (the session-37 second reader's cases)
    if _NVCC_VCVARS in message:
        return Hint("nvcc could not set up Visual Studio's compiler environment (its vcvars64.bat) for the CUDA code's "
                    "host side: that Visual Studio is missing its C++ tools, or is a release this CUDA toolkit does "
                    "not support",
                    "install the C++ workload (\"Desktop development with C++\") of a Visual Studio release the CUDA "
                    "toolkit supports and build from its x64 Native Tools prompt, or a prebuilt wheel of the package",
                    "reasoned from the log: nvcc's own error", family="extension-build")
    compiled = _NVCC_ERRORS.search(message) if "detected in the compilation of" in message else None
    if compiled is not None and compiled["package"] not in ("src", "csrc", "lib", "cuda", "build"):
        return Hint(f"nvcc failed compiling {compiled['package']}'s CUDA source on this machine (a build of the "
                    "installed package, at install or at its first import): the errors above this line say which; "
                    "most often a CUDA toolkit or host compiler of another release than the package's code supports",
                    f"build it with the CUDA toolkit and compiler releases {compiled['package']} documents (of torch's "
                    "CUDA major), or install a prebuilt wheel of it for this torch and CUDA",
                    "reasoned from the log: nvcc's own count of errors in the package's source",
                    family="extension-build")
    floor = _TOOLKIT_FOR_ARCH.search(message) if "or higher is required " in message else None
    if floor is not None:
        # (SageAttention's setup.py of 2.0 checks the toolkit alone: "CUDA 12.0 or higher is required to build the
        # package.", holdout166b: SageAttention#67, ABot-World#8)
        need, cc = floor["need"], floor["cc"]
        kernels = f"its kernels for compute capability {cc} (a GPU it builds for)" if cc else "its kernels"
        return Hint(f"the package's build needs a CUDA {need} or newer toolkit to build {kernels}, and the nvcc it "
                    "found (CUDA_HOME, PATH) is older",
                    f"install a CUDA {need} or newer toolkit and build with it (CUDA_HOME and PATH pointing at it, of "
                    "torch's CUDA major), or a prebuilt wheel of the package for this torch",
                    "reasoned from the log: the build's own check of the CUDA toolkit", family="extension-build")
    if 'overloaded function "atomicAdd"' in message and _DOUBLE_ATOMIC.search(message):
        return Hint("the extension's CUDA code adds doubles atomically (atomicAdd(double *, double)), which CUDA has "
                    "only on compute capability 6.0 and newer, and the build compiles it for an older arch (the GPU "
                    "it found, or TORCH_CUDA_ARCH_LIST)",
                    "build only for archs 6.0 and newer, those of the GPUs it runs on (a torch extension: "
                    "TORCH_CUDA_ARCH_LIST=\"6.0;7.0;7.5;8.0;8.6\"; CMake: CMAKE_CUDA_ARCHITECTURES; nvcc: its -gencode "
                    "flags); for a GPU older than 6.0, a release of the code with a fallback for it",
                    "reasoned from the log: nvcc's error for atomicAdd on doubles (CUDA C++ Programming Guide: "
                    "atomicAdd for double needs compute capability 6.x or higher)", family="extension-build")
    if _TRITON_CC in message:
        if situation.windows:  # triton-windows finds MSVC's cl or its bundled TinyCC (ComfyUI-MochiWrapper#91)
            return Hint("Triton builds a small C launcher for its kernels when they first run, and it found no C "
                        "compiler it can use on this Windows machine",
                        "install triton-windows (pip install triton-windows, the release for the installed torch) and "
                        "the Visual Studio Build Tools' C++ workload, or name a compiler in CC",
                        "reasoned from the log: Triton's own words for its runtime build", family="extension-build")
        return Hint("Triton builds a small C launcher for its kernels when they first run, and it found no C compiler "
                    "it can use (gcc or clang on PATH; CC unset)",
                    "install a C compiler (Debian/Ubuntu: apt install build-essential; conda: conda install -c "
                    "conda-forge gcc), or name one in CC (export CC=/usr/bin/gcc)",
                    "reasoned from the log: Triton's own words for its runtime build", family="extension-build")
    unknown = _PTXAS_ARCH.search(message) if "gpu-name" in message else None
    if unknown is not None:
        return _ptxas_arch(unknown["arch"], unknown["sm"], message, situation.build_shown)  # None: no toolkit dates it
    ptxas = _PTXAS_OLDER.search(message) if "Unsupported .version" in message else None
    if ptxas is not None and _older(ptxas["have"], ptxas["ptx"]) and not situation.ptx_by_driver:
        return Hint(f"the ptxas that compiles the kernel (a CUDA toolkit's, found on PATH or under CUDA_HOME) reads "
                    f"PTX up to ISA {ptxas['have']}, and the PTX it was given (a code generator's, such as Triton's or "
                    f"XLA's) is ISA {ptxas['ptx']}: that toolkit is older than what made the PTX needs",
                    "give it a newer CUDA toolkit's ptxas (its bin first on PATH or CUDA_HOME; Triton: "
                    "TRITON_PTXAS_PATH), or a release of the generator that targets this CUDA",
                    "reasoned from the log: ptxas's own error for a PTX version it does not know",
                    family="extension-build")
    host = _HOST_TOO_NEW.search(message) if "is greater than the maximum required version by CUDA" in message else None
    if host is not None:
        cc, cuda = host["cc"], host["cuda"]
        bound = f"{host['max']} or older" if host["max"] else (host["range"] or "").replace(" ", "") or "an older one"
        return Hint(f"the host compiler {cc} {host['have']} is newer than CUDA {cuda}'s nvcc supports: torch's "
                    "cpp_extension refuses to build the extension with it",
                    f"build with a {cc} of {bound} (CC and CXX set to it, or nvcc's -ccbin; in conda, its compiler "
                    f"package of that release), or with a CUDA toolkit that supports {cc} {host['have']} (of torch's "
                    "CUDA major)",
                    "reasoned from the log: torch's cpp_extension check of the compiler against the CUDA toolkit",
                    family="extension-build")
    conda_cuda = _CONDA_CUDA.search(message) if "conflicting with __cuda" in message else None
    if conda_cuda is not None:
        package, need, have = conda_cuda["package"], conda_cuda["need"], conda_cuda["have"]
        return Hint(f"conda's solver refuses {package} {conda_cuda['version']}: it needs the NVIDIA driver to support "
                    f"CUDA {need} or newer (conda's __cuda), and the driver here supports CUDA {have}",
                    f"ask for a {package} (or pytorch-cuda) of CUDA {have} or older, or upgrade the NVIDIA driver to "
                    f"one for CUDA {need} or newer (CONDA_OVERRIDE_CUDA only hides the check: the driver still cannot "
                    "run the newer CUDA)", "reasoned from the log: conda's solver words for its __cuda virtual package",
                    family="version-guard")
    if "xFormers wasn't build with CUDA support" in message and not (situation.macos or situation.xformers_off_cuda):
        # xformers' operator list under "No operator found for `memory_efficient_attention_forward`": its C++/CUDA
        # extension did not load (survey17c: deepcache-colab#2; holdout56b: ComfyUI-DepthAnythingV2#27); not where the
        # list shows the tensors on MPS or the CPU, or on a Mac: no CUDA build of it to install is the cause there
        return Hint("xFormers' CUDA operators are not there (\"xFormers wasn't build with CUDA support\"): its "
                    "compiled extension did not load, most often because the installed xformers was built for another "
                    "torch than the one installed (each xformers release is built for one torch), or it is a build "
                    "without CUDA", "install the xformers release built for the installed torch, from the index of "
                    "its CUDA (pip install -U xformers --index-url https://download.pytorch.org/whl/cuXYZ), or "
                    "uninstall xformers where the program can run without it; python -m xformers.info shows what loads",
                    "reasoned from the log: xFormers' own list of the operators it cannot use",
                    family="binary-mismatch")
    if "mach-o, but wrong architecture" in message:
        # macOS's loader before 11 names no architectures: "dlopen(.../tokenizers.cpython-311-darwin.so, 2): no suitable
        # image found.  Did find: ...: mach-o, but wrong architecture" (holdout55b: tokenizers#1447)
        return Hint("a compiled library is built for another CPU architecture than the program loading it (macOS's "
                    "loader: an x86_64 build under an arm64 Python on Apple silicon, or the reverse)",
                    "install the library's build for this architecture: a Python package's with pip install "
                    "--force-reinstall --no-cache-dir <package> from a Python of the machine's own architecture (or a "
                    "release that publishes wheels for it); a Homebrew library under /usr/local (Intel's prefix) from "
                    "the arm64 Homebrew under /opt/homebrew",
                    "reasoned from the log: the dynamic loader's architecture check", family="binary-mismatch")
    works = _WORKS_WITH.search(message) if "needs to work with PyTorch" in message else None
    if works is not None:
        who, need, found = works["who"].strip(), works["need"], works["found"]
        line = ".".join(found.partition("+")[0].split(".")[:2])
        return Hint(f"{who} is built for PyTorch {need}.* (its own check), and the torch installed is {found}",
                    f"install torch {need}.* from the index of the build in use (pip install \"torch=={need}.*\", with "
                    f"the same --index-url for a CUDA or XPU build), or the release of {who} built for torch {line}",
                    "reasoned from the log: the extension's own check of the torch it runs with",
                    family="version-guard")
    target = _PTXAS_TARGET.search(message) if "requires .target sm_" in message else None
    if target is not None:
        need = target["need"]
        generated = re.search(r"ptxas /tmp/\w{1,40}\.ptx", message) is not None  # Triton's, not nvcc's tmpxft_ files
        if "bf16" in target["what"].lower() and need == "80" and generated and not _sm80_shown(situation):
            # bfloat16 instructions for a GPU that lacks them (holdout: LlamaFactory#7417, a T4); an nvcc build's arch
            # list or a newer need (sm_90) is the other answer or none (the session-23 second reader's cases)
            return Hint(f"ptxas refuses the kernel's PTX for this target: {target['what'].strip()} needs sm_{need} or "
                        "newer, and the GPU it compiles for is older: bfloat16 arithmetic needs an Ampere (sm_80) or "
                        "newer GPU", "run in float16 (or float32) on this GPU (torch_dtype=torch.float16, vLLM's "
                        f"--dtype half), or on a GPU of sm_{need} or newer",
                        "reasoned from the log: ptxas's own error for an instruction the target arch lacks",
                        family="extension-build")
        return Hint(f"ptxas refuses the kernel's PTX for this target: {target['what'].strip()} needs sm_{need} or "
                    f"newer, and the arch it compiles for is older (the GPU it runs on, for a code generator such as "
                    f"Triton; an arch in the build's list, for nvcc)",
                    f"run on a GPU of sm_{need} or newer, or use a release of the code generator that still supports "
                    f"the older GPU; for a build, leave the arch older than sm_{need} out of TORCH_CUDA_ARCH_LIST "
                    "(or -gencode)", "reasoned from the log: ptxas's own error for an instruction the target arch "
                    "lacks", family="extension-build")
    triton = _TRITON_GPU.search(message) if "too old to be supported by the triton" in message else None
    if triton is not None:
        need, cc = triton["need"], triton["cc"]
        return Hint(f"the {triton['gpu'].strip()} (compute capability {cc}) is older than the Triton GPU compiler "
                    f"supports ({need} or newer): torch.compile's inductor backend, and libraries that compile Triton "
                    "kernels with it, cannot build kernels for it",
                    "run without torch.compile (torch: the eager backend, or torch._dynamo.config.suppress_errors = "
                    "True to fall back to it; vLLM: --enforce-eager), or on a GPU of compute capability "
                    f"{need} or newer", "reasoned from the log: torch inductor's own check of the GPU against Triton "
                    "(torch/_inductor/exc.py, GPUTooOldForTriton)", family="binary-mismatch")
    same = _SAME_VERSION.search(message) if ") does not match " in message else None
    companion = same is not None and (same["one"].startswith(f"{same['other']}-")
                                      or same["other"].startswith(f"{same['one']}-"))
    # raised, or with the check's own advice ("Please install the same version of both packages"): not a warning a
    # program falls back from
    checked = same is not None and (("same version" in message[same.end():same.end() + 200])
                                    or failure.raised)
    if same is not None and companion and checked:
        # a package and its companion package (flashinfer and flashinfer-cubin): not a file format's or a server's
        # version (the second reader's cases)
        one, other = same["one"], same["other"]
        return Hint(f"{one} {same['v1']} and {other} {same['v2']} are installed, and their check asks for the same "
                    "release of both", f"pip install '{one}=={same['v2']}', the release of {other} installed (or "
                    f"install both at the release the package that needs {other} pins)",
                    "reasoned from the log: the packages' own check of their versions", family="version-guard")
    python = _AT_LEAST_PYTHON.search(message)
    if python is not None:
        floors = " or ".join(v for v in (python["need"], python["need3"]) if v)
        return Hint(f"{python['who']} requires at least Python {floors} (its own check), and the Python running it is "
                    "older",
                    f"run it with Python {python['need3'] or python['need']} or newer, or install a release of "
                    f"{python['who']} that supports this Python",
                    "reasoned from the log: the requirement as the message states it", family="version-guard")
    return None


def _ptxas_arch(arch: str, sm: str, message: str, building: bool = False) -> Hint | None:
    """ptxas refusing the GPU arch it is asked for: a toolkit older than a new GPU's arch (one the GPU table dates), or
    newer than an old one's (CUDA 12 dropped sm_35 and sm_37, CUDA 13 sm_50 to sm_72); None for an arch of neither
    kind (sm_75, which every toolkit since CUDA 10 knows; a typo)."""
    triton = " (the copy Triton bundles, as its path shows)" if _TRITON_PTXAS.search(message) else ""
    number = int(sm)
    if number < 75:
        dropped = ("CUDA 9 dropped sm_2x, CUDA 11 sm_30, CUDA 12 sm_35 and sm_37" if number < 50 else
                   "CUDA 13 dropped sm_50 to sm_72")
        if building and not triton:
            # a build asking for it (CMake's compiler check, a setup.py's arch list: holdout122b, d3d#8)
            return Hint(f"the build asks the CUDA toolkit for {arch}, which its ptxas no longer knows: {dropped}, so "
                        "a toolkit newer than the arch refuses it", "configure the build for the architectures the "
                        "toolkit supports (CMAKE_CUDA_ARCHITECTURES or TORCH_CUDA_ARCH_LIST without it; the GPU's own "
                        "compute capability), or build with an older CUDA toolkit that still has it; where CMake's own "
                        "compiler check asks for it, point CMake at the toolkit's nvcc (CMAKE_CUDA_COMPILER: another "
                        "nvcc first on PATH asks for its own default arch)",
                        "reasoned from the log: ptxas's own error for an arch it does not know, in a build",
                        family="extension-build")
        return Hint(f"the ptxas that assembles the kernel{triton} does not know {arch}, the arch it is asked for: "
                    f"{dropped}, so a toolkit newer than the arch refuses it",
                    "run on a GPU the toolkit supports, or use a ptxas of an older CUDA toolkit that still has "
                    f"{arch} (Triton: TRITON_PTXAS_PATH)",
                    "reasoned from the log: ptxas's own error for an arch it does not know", family="no-kernel-image")
    first = FIRST_CUDA_FOR.get(dotted(sm))
    if first is None:
        return None
    if arch.endswith("f") or arch == "sm_90a":  # family targets (sm_100f) came with CUDA 12.9, sm_90a with 12.0
        first = max(first, "12.9" if arch.endswith("f") else "12.0", key=Version)
    return Hint(f"the ptxas that assembles the kernel{triton} does not know {arch}, the GPU arch it is asked for "
                f"(ptxas knows it from CUDA {first} on): its CUDA toolkit is older than the GPU",
                f"point it at the ptxas of a CUDA toolkit {first} or newer (Triton: export "
                "TRITON_PTXAS_PATH=/usr/local/cuda/bin/ptxas; XLA: that toolkit's bin first on PATH), or install a "
                "release of the package that bundles a newer ptxas",
                "reasoned from the log: ptxas's own error for an arch it does not know", family="no-kernel-image")


def _older(found: str, need: str) -> bool:
    try:
        return Version(found) < Version(need)
    except InvalidVersion:
        return False


#: dask.distributed's check of the versions its client, scheduler and workers run (distributed/versions.py), its
#: table below: "| dask    | 2021.01.1     | 2.30.0        | 2.30.0        |" (holdout83a: model-server#171)
MISMATCHED_VERSIONS = "Mismatched versions found"
#: the lines of its report: the table's rows and borders, its notes, and distributed 1.2x's title of each package's own
#: table ("blosc", then "| client | 1.4.4 |" and a row per scheduler and worker: holdout144a's distributed#1678)
MISMATCHED_ROWS = re.compile(r"[+|]|Notes:|- |[A-Za-z][\w.-]{0,60}$|$")  # (blank lines between the old tables)
_OWN_TABLE = re.compile(r"^(?P<name>[A-Za-z][\w.-]{0,60})\n(?P<rows>(?:[+|][^\n]*(?:\n|$))+)", re.MULTILINE)
_WHO_ROW = re.compile(r"^\|\s*(?P<who>[^|\s][^|\n]*?)\s*\|\s*(?P<version>[^|\n]*?)\s*\|$", re.MULTILINE)
_TABLE_ROW = re.compile(r"^\|\s*(?P<name>[A-Za-z][\w.-]{0,60})\s*\|(?P<cells>(?:[^|\n]*\|){2,3})\s*$", re.MULTILINE)


_VARIATION_OK = re.compile(r"^-\s*(?P<name>[A-Za-z][\w.-]{0,60}): Variation is ok", re.MULTILINE)


def dask_versions(failure: Failure) -> Hint | None:
    """dask.distributed's table of packages whose releases differ between the client, the scheduler and the workers."""
    if MISMATCHED_VERSIONS not in failure.message or "|" not in failure.message:
        return None
    differing = []
    # its notes below the table: "-  msgpack: Variation is ok, as long as everything is above 0.6" (holdout96a's
    # distractor distributed#7835)
    fine = {m[1].lower() for m in _VARIATION_OK.finditer(failure.message)}
    for row in _TABLE_ROW.finditer(failure.message):
        if row["name"].lower() in fine:
            continue
        cells = [cell.strip() for cell in row["cells"].split("|")[:-1]]
        if row["name"].lower() == "package" or not any(cells):
            continue
        versions = {cell for cell in cells if cell and cell.lower() != "none"}
        if row["name"].lower() == "python":  # a patch release of Python apart (3.10.12, 3.10.13) is no mismatch
            versions = {".".join(cell.split(".")[:2]) for cell in versions}
        if len(versions) > 1:
            differing.append(f"{row['name']} {' / '.join(cell or '-' for cell in cells)}")
    for table in _OWN_TABLE.finditer(failure.message):  # distributed 1.2x: a table per package, a row per process
        rows = [(row["who"], row["version"]) for row in _WHO_ROW.finditer(table["rows"])]
        versions = {version for _, version in rows if version and version.lower() != "none"}
        if len(versions) > 1 and table["name"].lower() not in fine:
            differing.append(f"{table['name']} {' / '.join(dict.fromkeys(version or '-' for _, version in rows))}")
    if not differing:
        return None
    return Hint("dask.distributed's client, scheduler and workers run different releases (client / scheduler / "
                f"workers: {'; '.join(differing[:6])})",
                "install the same releases of dask, distributed and the packages the table lists in the client's "
                "environment and in the scheduler's and every worker's (their image or environment), e.g. pin "
                "dask[distributed]==X and distributed==X in both",
                "reasoned from the log: dask.distributed's own version check", family="version-guard")


#: Ray's check of the versions a process joining a cluster runs (ray/_private/utils.py check_version_info): "Version
#: mismatch: The cluster was started with:", its fields indented below, then "This process on node 10.2.1.4 was started
#: with:" and the same fields (holdout93a: ray#1263's cloudpickle, Logic-RL#30's Ray and Python, ray#44063's Python
#: patch release)
RAY_VERSION_MISMATCH = "Version mismatch: The cluster was started with:"
#: how the lines below it begin (``logs.read`` joins them to it: two lists longer than a message's continuation)
RAY_ROWS = ("Ray", "Python", "Cloudpickle", "This process on node")
_RAY_PROCESS = re.compile(r"^This process on node .{1,200} was started with:$", re.MULTILINE)
_RAY_FIELD = re.compile(r"^(?P<key>Ray|Python|Cloudpickle|Ray commit): (?P<value>\S{1,100})$", re.MULTILINE)


def ray_versions(failure: Failure) -> Hint | None:
    """Ray's refusal of a process whose Ray, Python or cloudpickle release differs from the cluster's (None: the
    message is not Ray's, or shows no field that differs)."""
    if not failure.message.startswith(RAY_VERSION_MISMATCH):
        return None
    split = _RAY_PROCESS.search(failure.message)
    if split is None:
        return None
    cluster = {m["key"]: m["value"] for m in _RAY_FIELD.finditer(failure.message, 0, split.start())}
    process = {m["key"]: m["value"] for m in _RAY_FIELD.finditer(failure.message, split.end())}
    differing = [f"{key} {cluster[key]} / {process[key]}" for key in cluster
                 if key in process and cluster[key] != process[key]]
    if not differing:
        return None
    return Hint("Ray refuses a process whose releases differ from the cluster's: Ray, Python (to the patch release) "
                f"and cloudpickle must be the same on every node and driver (cluster / this process: "
                f"{'; '.join(differing)})",
                "run the driver and every node from the same environment or image: install the cluster's releases "
                "where this process runs (pip install ray==<the cluster's>, the same Python X.Y.Z), or restart the "
                "cluster from this process's environment",
                "reasoned from the log: Ray's own version check", family="version-guard")
