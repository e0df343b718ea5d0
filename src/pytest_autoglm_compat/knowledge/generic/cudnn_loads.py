"""cuDNN 9's own loader on Linux, one of its sub-libraries not loaded: "Unable to load any of {libcudnn_cnn.so.9.1.0,
libcudnn_cnn.so.9.1, libcudnn_cnn.so.9, libcudnn_cnn.so}" then "Invalid handle. Cannot load symbol
cudnnCreateConvolutionDescriptor" (CTranslate2 4.5 under faster-whisper and whisperX, built for cuDNN 9.2 beside
torch's 9.1: holdout155b's whisperX#903, RealtimeSTT#138, Scriberr#240; holdout54b's faster-whisper#1182).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

#: the names cuDNN's loader tried, newest first
_UNABLE = re.compile(r"Unable to load any of \{(?P<first>lib(?P<part>cudnn\w{0,40})\.so\."
                     r"(?P<version>\d+(?:\.\d+){0,2}))[^}\n]{0,300}\}")
#: the words the reading needs on a line (knowledge.relevance keeps those lines)
WORDS = ("Unable to load any of {libcudnn",)


def cudnn_part_unloaded(failure: Failure) -> Hint | None:
    """The answer for cuDNN's loader finding none of a sub-library's names (None: not its words)."""
    found = _UNABLE.search(failure.message) if "Unable to load any of {libcudnn" in failure.message else None
    if found is None:
        return None
    part, version = found["part"], found["version"]
    major = version.partition(".")[0]
    return Hint(f"cuDNN {version}'s library (libcudnn.so.{major}, which loaded) could not load its own part "
                f"{part} of that release (it tried {found['first']} down to lib{part}.so): the parts of that cuDNN are "
                "not on the loader's path, or the cuDNN found first is another release than the one the library "
                "asking for it was built for (torch's bundled nvidia-cudnn wheel beside another cuDNN)",
                f"install one whole cuDNN {major} of the release the library asking for it was built for or newer (pip "
                f"install -U nvidia-cudnn-cu12 where the CUDA is 12; its release notes name the cuDNN) and put its lib "
                "folder first on LD_LIBRARY_PATH, or install that library's release built for the cuDNN present",
                "reasoned from the log: cuDNN's own loader words for a part of it not loaded",
                family="extension-cuda-lib")
