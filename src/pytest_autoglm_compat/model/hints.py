"""What a known failure says about an error: its cause, the fix and where that is written.

The checks meet errors (an import that fails, a library the loader cannot find) but the knowledge
of what they mean sits above them (``knowledge/``): the engine hands the checks a
:class:`FailureExplainer` built from it, so data flows down and imports do not go up.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

#: the family of a component the operating system provides and the log shows missing (libGL.so.1, Python.h): what
#: the log shows, told to the user, and no claim of a version or build mismatch (explain prints it apart from its
#: causes; holdout19b's distractors were threads of such components, which the brief counts as no mismatch)
SYSTEM_COMPONENT = "system-component"
#: the family of a package index address that does not exist (PyTorch's cu131, which it never published): the user's
#: command, not a release that does not fit (holdout20b's distractor ComfyUI-Trellis2#131)
NO_SUCH_INDEX = "no-such-index"
#: the family of a requirement newer than every release the index offers: a release not published yet, a mirror that
#: lags (holdout21a's distractor XVERSE-13B#20) or newer releases for another Python; the log does not say which
AHEAD_OF_THE_INDEX = "ahead-of-the-index"
#: the family of pip's list of releases where the log shows pip could not read the index (an expired certificate, a
#: proxy, no network): the list holds what it could read, not what was published (holdout23a's distractor
#: pytorch#33292)
INDEX_UNREAD = "index-unread"
#: the family of a module imported under a package's name that lacks what every release of that package has (a
#: folder or file of that name beside the script shadows it: holdout23b's distractor transformers#7430)
SHADOWED = "shadowed"
#: the family of a requirement naming a package by a name the index keeps as a placeholder for it ("pytorch" for torch):
#: the user's requirement, not a release (holdout28b's distractor GenIE#5)
MISNAMED = "misnamed"
OPTIONAL = "optional"
#: the family of a shared library the loader did not find, where nothing in the log says why (a library of no known
#: package, not a CUDA one, not torch's): told, not claimed (holdout29b: spconv's own libcuhash.so, which its build
#: left out)
MISSING_LIBRARY = "missing-library"
#: the family of a torch extension imported at the interactive prompt before torch, where the log shows no import of
#: torch: its C++ symbols are torch's, loaded by import torch (holdout88b's distractors flownet2-pytorch#116 and
#: 3D-CODED#4, each fixed by importing torch first)
IMPORT_ORDER = "import-order"
#: the family of onnxruntime's TensorRT provider that did not load, where the log shows onnxruntime going on with its
#: next provider ("Falling back to ['CUDAExecutionProvider', ...] and retrying", its warning "Failed to create
#: TensorrtExecutionProvider"): the model runs all the same; told, with what TensorRT needs, not claimed
#: (holdout124b's distractors rembg#284 and TRELLIS-for-windows#3, their threads' causes elsewhere)
PROVIDER_FALLBACK = "provider-fallback"
#: the family of a build with a local version label (torch==1.10.1+cu111, jaxlib==0.4.9+cuda12.cudnn88) asked of an
#: index whose list shows none, where the log shows no project index given: an index not pointed at (holdout147b's
#: distractor pytorch#86630, a links page passed as an index) reads the same as a project publishing no such build for
#: this platform (holdout30b: FISOR#3, JAX's Windows): told, with both, not claimed
INDEX_WITHOUT_BUILDS = "index-without-builds"
#: the family of a CPU-only torch's "Torch not compiled with CUDA enabled" where the log shows the program run with its
#: own CPU option (a command line with --cpu): the CPU build is what was asked, and the program reaching CUDA anyway is
#: its own device choice (holdout150b's distractor TorchSpectralGating#1, an inverted assert on opt.cpu): told, with
#: both readings, not claimed
CPU_ASKED = "cpu-asked"
#: the families explain tells apart from its causes, and the line it prints before each: no mismatch is claimed
NOT_A_MISMATCH = {
    SYSTEM_COMPONENT: "not a version or build mismatch: the log shows a component missing from the operating system",
    NO_SUCH_INDEX: "not a version or build mismatch: the log shows a package index that does not exist",
    AHEAD_OF_THE_INDEX: "no mismatch claimed: the log shows a requirement newer than every release the index offers",
    INDEX_UNREAD: "no mismatch claimed: the log shows pip could not read the package index",
    SHADOWED: "not a version mismatch: the log shows a module that is not the installed package it is named for",
    MISNAMED: "not a version mismatch: the name stands for another project than the one meant (a placeholder on the "
              "index, or another project of the same name)",
    MISSING_LIBRARY: "no mismatch claimed: the log shows a shared library the loader did not find, and not why",
    IMPORT_ORDER: "no mismatch claimed: the log shows a torch extension imported before torch, whose libraries hold "
                  "the symbol it needs",
    PROVIDER_FALLBACK: "no mismatch claimed: the log shows onnxruntime going on without its TensorRT provider, with "
                       "its next one (CUDA's, where that loads): TensorRT's libraries are needed only to run on "
                       "TensorRT",
    OPTIONAL: "no mismatch claimed: the log shows a name the package had only with an optional dependency, and not "
              "which release or whether that dependency is there",
    INDEX_WITHOUT_BUILDS: "no mismatch claimed: the log shows a build with a local label asked of an index that lists "
                          "none, and not which index the project's builds were looked for in",
    CPU_ASKED: "no mismatch claimed: the log shows the program run with its own CPU option and reaching CUDA all the "
               "same",
}


@dataclass(frozen=True)
class Hint:
    cause: str
    fix: str
    source: str
    catches: str | None = None  # the contract requirement that would have caught it
    category: str | None = None  # for loader errors: which kind of load failure
    requirement: str | None = None  # identity of the requirement that catches it
    family: str = ""  # the kind of failure (tests/data/real's family slugs), one per cause
    kernels: str | None = None  # a distribution whose GPU code explains it (explain --here holds it against the GPUs)


class FailureExplainer(Protocol):
    """The known failures as the checks ask them (``knowledge.known_failures.KnownFailures``)."""

    def import_error(self, type_name: str, message: str, packages: Mapping[str, str] | None,
                     torch_cuda: str | None) -> Hint | None:
        """An import that failed in the child interpreter; ``packages`` (installed versions) scope the hint."""
        ...

    def load_error(self, type_name: str, message: str, *, torch_cuda: str | None,
                   torch_version: str | None) -> Hint | None:
        """An extension the loader refused (a missing or wrong library, an undefined symbol); None otherwise."""
        ...
