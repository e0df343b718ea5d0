"""Binaries made for another machine, in the words of what refused them: NVIDIA's containers older than the GPU, the
loader's "invalid ELF header" for a file that is no Linux binary, LLVM's PTX older than the GPU's arch (split from
``tool_checks``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..digits import dotted
from ..failure import Failure
from .machine import Situation

#: the same script's check of the GPU against the container's CUDA build: "WARNING: Detected NVIDIA NVIDIA GeForce RTX
#: 4090 GPU, which is not yet supported in this version of the container" (holdout134b: BEVDet#314, fauxpilot#248); its
#: "No supported GPU(s) detected" alone is a container started without the GPU (triton-server#135, a distractor)
_CONTAINER_GPU = re.compile(r"Detected NVIDIA (?:NVIDIA )?(?P<gpu>[^\n]{1,80}?) GPU, which is not yet supported in "
                            r"this version of the container")
CONTAINER_GPU_WORDS = "which is not yet supported in this version of the container"
#: the loader's words for a file that is no ELF binary: "/var/task/dragnet/blocks.so: invalid ELF header" (a macOS
#: build in an AWS Lambda package: holdout134b, dragnet#102), ".../libbitsandbytes_cuda116.dll: invalid ELF header"
#: (a Windows DLL loaded on Linux: holdout53b, textgen#484)
_NOT_ELF = re.compile(r"(?P<path>[^\s:'\"]{0,400}?(?P<file>[^\s:'\"/\\]{1,200}\.(?:so|dll|pyd|dylib)(?:\.\d+)*)): "
                      r"invalid ELF header")
#: the system's own libraries (glibc's libc.so is a text linker script: a program asking for it by that name reads
#: "invalid ELF header"; the session-40 second reader's excelize-py#17 and py-sdl2#1)
_SYSTEM_LIBRARY = re.compile(r"/(?:usr/)?lib(?:32|64)?/")
#: LLVM's NVPTX back end (XLA's, Triton's) asked for an arch its PTX ISA predates: "PTX version 8.8 does not support
#: target 'sm_107a'. Minimum required PTX version is 9.4." (holdout132b: xla#47982, jaxlib's CUDA 12.9 build on SM107)
_PTX_TARGET = re.compile(r"PTX version (?P<ptx>\d+\.\d+) does not support target '(?P<arch>sm_(?P<sm>\d{2,3})[a-z]?)'"
                         r"\.?(?: Minimum required PTX version is (?P<need>\d+\.\d+))?")
PTX_TARGET_WORDS = "does not support target 'sm_"
#: the words one of the readings here needs on a line (knowledge.relevance keeps those lines)
WORDS = (PTX_TARGET_WORDS, CONTAINER_GPU_WORDS, "invalid ELF header")


def made_elsewhere(failure: Failure, situation: Situation) -> Hint | None:
    """A container, a library file or a compiler refusing this machine for the release it was made for (None: none
    of their words)."""
    message = failure.message
    if not any(words in message for words in WORDS):
        return None
    refused = (_CONTAINER_GPU.search(message) if CONTAINER_GPU_WORDS in message and situation.container_stopped
               else None)  # its warning alone, the run going on, is not the failure (the session-40 second reader's)
    if refused is not None:
        return Hint(f"the NVIDIA container's release predates this GPU ({refused['gpu']}): its CUDA and libraries were "
                    "built without support for the GPU's architecture, and its start-up check refuses it",
                    "use a newer release of the container, one built with a CUDA that supports the GPU (NVIDIA's "
                    "container release notes and support matrix list each one's GPUs), and rebuild images made FROM "
                    "it", "reasoned from the log: the NGC container's own start-up check of the GPU",
                    family="no-kernel-image")
    elf = _NOT_ELF.search(message) if "invalid ELF header" in message else None
    if elf is not None and not _SYSTEM_LIBRARY.match(elf["path"]):
        built = ("Windows" if elf["file"].lower().endswith((".dll", ".pyd")) else "macOS"
                 if elf["file"].lower().endswith(".dylib") else "another platform (macOS, Windows)")
        return Hint(f"the loader found {elf['path']}, which is no Linux binary (invalid ELF header): a build for "
                    f"{built} installed or copied onto this Linux machine (pip run on another OS, a package zipped "
                    "for AWS Lambda elsewhere), or a file that is not a binary at all (a Git LFS pointer, a download "
                    "cut short)",
                    "reinstall the package on this machine (or in the target's own image: a Lambda build image, sam "
                    "build --use-container) so pip picks its Linux wheel or builds it here; a file of a git clone that "
                    "is a Git LFS pointer: git lfs pull",
                    "reasoned from the log: the dynamic loader's words for a file that is not an ELF binary",
                    family="binary-mismatch")
    target = (_PTX_TARGET.search(message) if PTX_TARGET_WORDS in message and not situation.ptx_chosen
              else None)  # (llc -mattr=+ptx70: the PTX version the user asked for, the second reader's case)
    if target is not None:
        sm, need = target["sm"], target["need"]
        return Hint(f"the GPU compiler inside the library (XLA's or Triton's LLVM) emits PTX {target['ptx']}, which "
                    f"does not know this GPU's arch ({target['arch']}, compute {dotted(sm)})"
                    + (f": that arch needs PTX {need}" if need else "")
                    + ": the library's build predates the GPU, so it has no code for it",
                    "install a release of the library built for a CUDA that knows this GPU (JAX: jax[cuda13]; a "
                    "newer Triton for torch), or run on a GPU that build supports",
                    "reasoned from the log: LLVM's NVPTX back end refusing the target", family="no-kernel-image")
    return None
