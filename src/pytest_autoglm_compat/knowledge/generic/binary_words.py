"""A binary's loader, allocator or GPU code refusing this machine, in its own words: each names what the binary was
built for, the package aside (read from the message alone).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

#: macOS's loader before 10.15 meeting a load command a newer linker wrote: "cannot load 'libllmodel.dylib' (load
#: command 0x80000034 is unknown)" (holdout144b: gpt4all#1160, #70); 0x80000033 is LC_DYLD_EXPORTS_TRIE, 0x80000034
#: LC_DYLD_CHAINED_FIXUPS, both in the macOS 10.15 SDK's mach-o/loader.h (gpt4all#1511)
_LOAD_COMMAND = re.compile(r"cannot load '(?P<binary>[^'\n]{1,300})' \(load command 0x(?P<command>8000003[34]) is "
                           r"unknown\)"
                           # macOS 10.5's words for 10.6's LC_DYLD_INFO_ONLY: ".../libpng14.14.dylib: unknown required
                           # load command 0x80000022" (the session-42 second reader's pioneer#1095)
                           r"|(?P<binary2>[^\s:/]{1,200}): unknown required load command 0x(?P<command2>80000022)")
_COMMAND_NAMES = {"80000033": ("LC_DYLD_EXPORTS_TRIE", "10.15"), "80000034": ("LC_DYLD_CHAINED_FIXUPS", "10.15"),
                  "80000022": ("LC_DYLD_INFO_ONLY", "10.6")}
#: macOS's loader comparing a library's compatibility version with what the binary that loads it was linked against:
#: "Reason: Incompatible library version: trace.so requires version 10.0.0 or later, but libgeos_c.dylib provides
#: version 9.0.0" (holdout135b: cartopy#766; holdout144b: pytorch#6455, a source build's libshm against an older
#: libATen)
_INCOMPATIBLE = re.compile(r"Incompatible library version: (?P<user>\S{1,200}) requires version (?P<needs>[\d.]{1,20}) "
                           r"or later, but (?P<library>\S{1,200}) provides version (?P<has>[\d.]{1,20})")
#: jemalloc built for another page size than the kernel's: "<jemalloc>: Unsupported system page size" (holdout145b:
#: polars#10722, a manylinux aarch64 wheel's jemalloc for 4 KiB pages on a 64 KiB-page kernel)
_PAGE_SIZE = re.compile(r"<je\w{0,10}>:? Unsupported system page size")
#: ggml's words for a CUDA build without code for this GPU: "ggml-cuda was compiled without support for the current GPU
#: architecture." (holdout144b: koboldcpp#610)
_NO_ARCH = re.compile(r"(?P<what>[\w.-]{1,60}) was compiled without support for the current GPU architecture")
#: JAX's check of a PJRT plugin (its CUDA or XPU backend) against jaxlib: "Unable to initialize backend 'cuda':
#: INVALID_ARGUMENT: Mismatched PJRT plugin PJRT API version (0.54) and framework PJRT API version 0.51)" (holdout147b:
#: jax#24901, intel-extension-for-openxla#27), and "JAX plugin jax_cuda12_plugin version 0.9.2 is installed, but it is
#: not compatible with the installed jaxlib version 0.9.0.1" (recovar#64)
_PJRT = re.compile(r"backend '(?P<backend>\w{1,20})': INVALID_ARGUMENT: Mismatched PJRT plugin PJRT API version "
                   r"\((?P<plugin>[\d.]{1,10})\) and framework PJRT API version (?P<framework>[\d.]{1,10})"
                   r"|JAX plugin (?P<name>\w{1,60}) version (?P<version>[\w.]{1,30}) is installed,(?:\s+but it is not "
                   r"compatible with the installed jaxlib version (?P<jaxlib>[\w.]{1,30}))?")  # (may wrap)
#: TensorRT's own loader of its libraries: "[libLoader.h::DynamicLibrary::50] Error Code 6: Internal Error (Unable to
#: load library: libnvinfer_builder_resource.so.8.4.2)" (holdout149b: TensorRT#2218, its lib folder not on the path)
_TENSORRT_LIBRARY = re.compile(r"libLoader\.h::DynamicLibrary[^\n]{0,120}Unable to load library: "
                               r"(?P<library>libnv\w{1,60}\.so(?P<version>(?:\.\d+){0,4}))")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
#: Hugging Face's kernels library finding no build of a Hub kernel for the installed torch: "Cannot find a build variant
#: for this system in kernels-community/flash-attn2", then each variant's reason, "torch212-cxx11-cu126-x86_64-linux:
#: Torch version (2.12) does not match environment Torch version (2.13)" (holdout180b: kernels-community#1082)
_HUB_KERNEL_TORCH = re.compile(r"(?P<variant>torch\d+\S*): Torch version \((?P<built>\d+\.\d+)\) does not match "
                               r"environment Torch version \((?P<env>\d+\.\d+)\)")
#: the same list's variant for the installed torch, passed over for its CUDA: "torch29-cxx11-cu128-x86_64-linux: CUDA
#: version (12.8) is not compatible with system CUDA version (12.6)" (the session-48 second reader's synthetic list)
_HUB_KERNEL_CUDA = re.compile(r"torch(?P<torch>\d+)-\S*: CUDA version \((?P<built>\d+\.\d+)\) is not compatible with "
                              r"system CUDA version \((?P<have>\d+\.\d+)\)")
WORDS = ("Unable to load library: libnv", "does not match environment Torch version", "is unknown)",
         "is not compatible with system CUDA version",
         "required load command", "Incompatible library version",
         "Unsupported system page size", "compiled without support for the current GPU", "Mismatched PJRT plugin",
         "JAX plugin ")


def binary_words(failure: Failure) -> Hint | None:
    """The reading of a binary's own refusal of this machine (None: none of them in the message)."""
    message = failure.message
    hub_kernel = (_HUB_KERNEL_TORCH.search(message) if "does not match environment Torch version" in message
                  else None)
    if hub_kernel is not None:
        built, env = hub_kernel["built"], hub_kernel["env"]
        for_this_torch = [found for found in _HUB_KERNEL_CUDA.finditer(message)
                          if found["torch"] == env.replace(".", "")]
        if for_this_torch:  # a build for this torch exists, for another CUDA than this torch's
            cudas = sorted({found["built"] for found in for_this_torch}, key=lambda v: [int(p) for p in v.split(".")])
            have = for_this_torch[0]["have"]
            return Hint(f"the Hub kernel has builds for the installed torch {env}, for CUDA {', '.join(cudas)}, and "
                        f"this torch is a CUDA {have} build: the kernels library loads only a variant built for the "
                        "torch and CUDA it runs with",
                        f"install torch {env} built for CUDA {cudas[0]} (pip install 'torch=={env}.*' --index-url "
                        f"https://download.pytorch.org/whl/cu{cudas[0].replace('.', '')}), or a revision of the kernel "
                        f"repository with a build for CUDA {have}",
                        "reasoned from the log: the kernels library's own words for each build variant it passed over",
                        family="binary-mismatch")
        return Hint(f"the Hub kernel has no build for the installed torch {env}: its build variants are for other "
                    f"torch releases ({hub_kernel['variant']} is for torch {built}), and the kernels library loads "
                    "only a variant built for the torch it runs with",
                    f"install the torch release a variant is built for (torch {built}: pip install "
                    f"'torch=={built}.*'), or a revision of the kernel repository with a build for torch {env} (its "
                    "newer branch or version, where the maintainers publish one)",
                    "reasoned from the log: the kernels library's own words for each build variant it passed over",
                    family="binary-mismatch")
    command = _LOAD_COMMAND.search(message) if "is unknown)" in message or "required load command" in message else None
    if command is not None:
        code = command["command"] or command["command2"]
        name, since = _COMMAND_NAMES[code]
        written = (" (Apple's linker writes it for a deployment target of macOS 12 or later, Xcode 13's notes)"
                   if code == "80000034" else "")
        return Hint(f"{command['binary'] or command['binary2']} was built for a newer macOS than this one: it holds "
                    f"load command 0x{code} ({name}), which macOS's loader knows from macOS {since} on{written}",
                    "upgrade macOS, or install a build of the package made for this macOS (an older release whose "
                    "binaries load here, or one built from source on this Mac)",
                    "reasoned from the log: the macOS loader's own words (an unknown load command)",
                    family="binary-mismatch")
    incompatible = _INCOMPATIBLE.search(message) if "Incompatible library version" in message else None
    if incompatible is not None:
        user, library = incompatible["user"], incompatible["library"]
        return Hint(f"{user} was linked against a newer {library} (compatibility version {incompatible['needs']}) than "
                    f"the one loaded ({incompatible['has']}): the two come from different builds or releases",
                    f"install {user} and {library} from one build (reinstall the package that holds {user} against "
                    f"the installed {library}, or the {library} release it was built with; for a source build, clean "
                    "its build folder and build again); where DYLD_LIBRARY_PATH is set, the library it finds first may "
                    "be another application's: unset it",
                    "reasoned from the log: the macOS loader's own words (its compatibility-version check)",
                    family="extension-abi")
    if "Unsupported system page size" in message and _PAGE_SIZE.search(message):
        return Hint("the binary's jemalloc allocator was built for another memory page size than this kernel's (a "
                    "wheel built for 4 KiB pages on a kernel with 16 or 64 KiB pages: some ARM servers, Apple silicon "
                    "under Linux, Raspberry Pi 5)",
                    "build the package from source on this machine (its jemalloc then takes this page size), install a "
                    "build that carries none or one for large pages (and, where LD_PRELOAD loads a jemalloc, one built "
                    "for this page size), or run a kernel with 4 KiB pages",
                    "reasoned from the log: jemalloc's own words (Unsupported system page size)",
                    family="binary-mismatch")
    pjrt = _PJRT.search(message) if "PJRT plugin" in message or "JAX plugin " in message else None
    if pjrt is not None:
        told = (f"JAX's {pjrt['backend']} plugin speaks PJRT API {pjrt['plugin']} and the installed jaxlib "
                f"{pjrt['framework']}" if pjrt["backend"] else
                f"the installed {pjrt['name']} {pjrt['version']} was built for another jaxlib than "
                f"{pjrt['jaxlib'] or 'the installed one'}")
        return Hint(f"{told}: the plugin and jaxlib are from releases that do not fit (JAX's own check)",
                    "install the plugin release made for the installed jaxlib, or both anew as a pair (pip install -U "
                    "\"jax[cuda12]\" for NVIDIA's; for another backend, the plugin's release notes name its jax and "
                    "jaxlib), or uninstall the plugin to run on the CPU",
                    "reasoned from the log: JAX's own check of its PJRT plugin", family="binary-mismatch")
    tensorrt = _TENSORRT_LIBRARY.search(message) if "Unable to load library: libnv" in message else None
    if tensorrt is not None:
        release = f" {tensorrt['version'][1:]}" if tensorrt["version"] else ""
        return Hint(f"TensorRT could not load its own library {tensorrt['library']}: the lib folder of the TensorRT"
                    f"{release} install is not on the loader's path, or another TensorRT release is found first",
                    f"put the lib folder of TensorRT{release} first on LD_LIBRARY_PATH (export LD_LIBRARY_PATH="
                    "<TensorRT>/lib:$LD_LIBRARY_PATH), or install the tensorrt pip package whose release matches the "
                    "one the program was built with", "reasoned from the log: TensorRT's own library loader",
                    family="extension-cuda-lib")
    arch = _NO_ARCH.search(message) if "compiled without support for the current GPU" in message else None
    if arch is not None:
        return Hint(f"{arch['what']} was compiled without code for this GPU's architecture: the build's list of CUDA "
                    "architectures leaves it out",
                    f"install a build of {arch['what']} whose CUDA architectures include this GPU's (an older or newer "
                    "release, or its build for older GPUs), or build it from source with this GPU's architecture "
                    "(CMAKE_CUDA_ARCHITECTURES)",
                    f"reasoned from the log: {arch['what']}'s own words", family="no-kernel-image")
    return None
