"""A model file written by a newer release than the library reading it, in the reader's own words: ONNX's checker
refusing an IR version above its own, OpenVINO's reader refusing an IR it calls a future version.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

#: ONNX's checker (onnx/checker.cc): "Your model ir_version 12 is higher than the checker's (10)." and, before onnx
#: named the numbers, "Your model ir_version is higher than the checker's." (holdout159a: onnxsim#2, #367,
#: Paddle2ONNX#966, ONNC#160)
_ONNX_IR = re.compile(r"Your model ir_version(?: (?P<model>\d+))? is higher than the checker's"
                      r"(?: \((?P<checker>\d+)\))?")
#: OpenVINO's Inference Engine reading an IR (.xml) a newer Model Optimizer wrote: "Error reading network: cannot parse
#: future versions: 5" (holdout159a: ros_openvino_toolkit#43, openvino#300)
_OPENVINO_IR = re.compile(r"cannot parse future versions\s?:\s?(?P<version>\d+)")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("is higher than the checker's", "cannot parse future versions")


def format_version(failure: Failure) -> Hint | None:
    """The answer for a model file's version above its reader's (None: neither message)."""
    message = failure.message
    onnx = _ONNX_IR.search(message) if "is higher than the checker's" in message else None
    if onnx is not None:
        numbers = (f" (the model's IR version {onnx['model']}, the checker's {onnx['checker']})"
                   if onnx["model"] and onnx["checker"] else "")
        return Hint(f"the installed onnx's checker refuses the model: its ir_version is higher than the checker's"
                    f"{numbers}, so the model was written by a newer onnx (or exporter) than the onnx that checks it",
                    "install an onnx release that reads that IR version (pip install --upgrade onnx, in the "
                    "environment of the tool that checks it), or export the model for the installed onnx (an older "
                    "opset and IR version in the exporter's options)",
                    "reasoned from the log: ONNX's checker comparing the model's IR version with its own",
                    family="version-guard")
    openvino = _OPENVINO_IR.search(message) if "cannot parse future versions" in message else None
    if openvino is not None:
        return Hint(f"OpenVINO's Inference Engine cannot read the model's IR version {openvino['version']}: the .xml "
                    "was written by a newer Model Optimizer than the installed OpenVINO's reader knows (IR files have "
                    "no forward compatibility)",
                    "convert the model again with the Model Optimizer of the installed OpenVINO release (or download "
                    "the model files for that release), or upgrade OpenVINO to the release that wrote the IR",
                    "reasoned from the log: OpenVINO's IR reader refusing a version newer than its own",
                    family="version-guard")
    return None
