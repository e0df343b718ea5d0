"""A saved file made by another release than the one reading it, in the reader's own words: torch's file format,
scikit-learn's tree nodes, CasADi's serialized objects (pickle's protocol and other runtimes' files: ``artifacts``).

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
#: CasADi's check of a serialized object's format (casadi/core/serialization_stream.cpp): "Object written in version 2
#: but can only read in version 1" (holdout146a: PyBaMM#3100, a model PyBaMM serialized with a newer CasADi)
_CASADI_FORMAT = re.compile(r"Object written in version (?P<file>\d+) but can only read in version (?P<most>\d+)")
#: tokenizers (Rust, serde) refusing a tokenizer.json whose parts it does not know: "data did not match any variant of
#: untagged enum PyPreTokenizerTypeWrapper at line 49 column 3" (holdout182a: WordLlama#16,
#: ComfyUI-Fluxpromptenhancer#6)
#: (tokenizers' own enums: ModelWrapper, PyNormalizerTypeWrapper, PyPreTokenizerTypeWrapper, DecoderWrapper,
#: PostProcessorWrapper; serde words the same for any Rust program's file: uv's pyproject.toml, the session-48 second
#: reader's uv#14761, relay#3632)
_TOKENIZERS_ENUM = re.compile(r"data did not match any variant of untagged enum (?P<part>\w+Wrapper)\b")
#: QIIME 2's q2-feature-classifier refusing a classifier another scikit-learn trained: "The scikit-learn version
#: (0.19.1) used to generate this artifact does not match the current version of scikit-learn installed (0.21.2)."
#: (holdout176a: q2ONT#1)
_ARTIFACT_MADE = re.compile(r"The (?P<dist>[\w.-]{1,40}) version \((?P<made>[\w.+-]{1,40})\) used to generate this "
                            r"artifact does not match the current version of (?P=dist) installed "
                            r"\((?P<found>[\w.+-]{1,40})\)")
WORDS = ("Attempted to read a PyTorch file", "used to generate this artifact", _SKLEARN_NODES, _TORCH_ASSERT,
         "Object written in version",
         "did not match any variant of untagged enum")


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
    casadi = _CASADI_FORMAT.search(message) if "Object written in version" in message else None
    if (casadi is not None and int(casadi["file"]) > int(casadi["most"])
            and ("casadi" in message.lower() or "serialization_stream" in message)):  # its source file, named
        return Hint(f"the object was serialized by a newer CasADi (format version {casadi['file']}) than the one "
                    f"deserializing it, which reads up to version {casadi['most']} (CasADi's own check)",
                    "install the CasADi release the object was saved with, or a newer one, beside the package that "
                    "loads it (upgrade both together: pip install -U casadi <package>), or save the object again with "
                    "the CasADi that loads it",
                    "reasoned from the log: CasADi's own check of a serialized object's format version",
                    family="version-guard")
    artifact = _ARTIFACT_MADE.search(message) if "used to generate this artifact" in message else None
    if artifact is not None:
        dist, made, found = artifact["dist"], artifact["made"], artifact["found"]
        return Hint(f"the artifact (a trained classifier) was made with {dist} {made}, and {dist} {found} is "
                    f"installed: the plugin's own check refuses a model pickled by another {dist} release",
                    f"retrain the classifier with the {dist} installed (as the message asks), or use a classifier "
                    f"trained for this release of the environment (its {dist} {found}), or an environment with "
                    f"{dist} {made}",
                    f"reasoned from the log: the plugin's own check of the artifact's {dist} version",
                    family="version-guard")
    tokenizers = _TOKENIZERS_ENUM.search(message) if "untagged enum" in message else None
    if tokenizers is not None:
        return _tokenizer_file(tokenizers["part"])
    if _SKLEARN_NODES in message:
        return Hint("the model was pickled by another scikit-learn release than the one loading it: its trees' node "
                    "layout differs (scikit-learn 1.3 added missing_go_to_left to it), and scikit-learn's own check "
                    "refuses the file",
                    "load it with the scikit-learn release that saved it (its version is in the pickle's warning, "
                    "or the project's requirements), or train and save the model again with the release installed",
                    "reasoned from the log: scikit-learn's own check of a pickled tree (sklearn/tree/_tree.pyx)",
                    family="version-guard")
    return None


def _tokenizer_file(part: str) -> Hint:
    """A tokenizer.json written by another tokenizers release than the one reading it: mostly a newer one (tokenizers
    0.20 writes BPE merges as pairs, which older releases refuse as ModelWrapper: sentence-transformers#1105,
    unsloth#1059), sometimes an older file a newer release no longer reads (CodeQwen's, transformers#30382)."""
    merges = " (from tokenizers 0.20 on the file stores BPE merges as pairs, which older releases refuse)" if (
        part == "ModelWrapper") else ""
    return Hint(f"the installed tokenizers cannot read this tokenizer.json: its {part} part is in a format of another "
                f"tokenizers release than the one reading it, most often a newer one{merges}",
                "install a newer tokenizers (pip install -U tokenizers, with a transformers release that allows it: "
                "pip install -U transformers tokenizers); where the newest already refuses an older file, the model "
                "repository's updated tokenizer.json or the tokenizers release of its time",
                "reasoned from the log: tokenizers' own refusal of a tokenizer.json part it does not know",
                family="api-mismatch")
