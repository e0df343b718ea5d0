"""A saved file made by another release than the one reading it, in the reader's own words: torch's file format,
scikit-learn's tree nodes (pickle's protocol and other runtimes' files: ``artifacts``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

#: torch.load's refusal of a newer file format (caffe2/serialize/inline_container.cc): "Attempted to read a PyTorch file
#: with version 3, but the maximum supported version for reading is 2. Your PyTorch installation may be too old."
_TORCH_FORMAT = re.compile(r"Attempted to read a PyTorch file with version (?P<file>\d+), but the maximum supported "
                           r"version for reading is (?P<most>\d+)")
#: scikit-learn's check of a pickled tree's node layout (sklearn/tree/_tree.pyx, _check_node_ndarray): scikit-learn 1.3
#: added the missing_go_to_left field
_SKLEARN_NODES = "node array from the pickle has an incompat"  # ("ible dtype" cut where pasted: enmap-box#614)
#: the same check's assert, where the paste ends before its sentence (holdout142a: watermark-detection#2)
_TORCH_ASSERT = "version_ <= kMaxSupportedFileFormatVersion"
WORDS = ("Attempted to read a PyTorch file", _SKLEARN_NODES, _TORCH_ASSERT)


def saved_by_another_release(failure: Failure) -> Hint | None:
    """The reader's own refusal of a file another release saved (holdout142a: six threads of torch's file format, two
    of scikit-learn's tree nodes)."""
    message = failure.message
    torch = _TORCH_FORMAT.search(message) if "Attempted to read a PyTorch file" in message else None
    if torch is not None or _TORCH_ASSERT in message:
        versions = (f": its format is version {torch['file']}, and this torch reads up to version {torch['most']}"
                    if torch is not None else "")
        return Hint(f"the file was saved by a newer torch than the one loading it{versions} (torch's own check)",
                    "load it with a newer torch (pip install -U torch, as the message says), or save it again with "
                    "the torch that loads it (a newer torch saving with torch.save(..., "
                    "_use_new_zipfile_serialization=False) writes the older format)",
                    "reasoned from the log: torch.load's own check of the file's format version",
                    family="version-guard")
    if _SKLEARN_NODES in message:
        return Hint("the model was pickled by another scikit-learn release than the one loading it: its trees' node "
                    "layout differs (scikit-learn 1.3 added missing_go_to_left to it), and scikit-learn's own check "
                    "refuses the file",
                    "load it with the scikit-learn release that saved it (its version is in the pickle's warning, "
                    "or the project's requirements), or train and save the model again with the release installed",
                    "reasoned from the log: scikit-learn's own check of a pickled tree (sklearn/tree/_tree.pyx)",
                    family="version-guard")
    return None
