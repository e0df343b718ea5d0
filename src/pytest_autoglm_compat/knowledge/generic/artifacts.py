"""A runtime refusing a file another release of it (or of its converter) made, in the runtime's own words: a TensorRT
engine, a TFLite model, an Edge TPU package, an OpenVINO IR, a pickle; and pybind11's check of the Python an
extension was compiled for. Each names both releases, or the newer format, so the answer is the pair's (holdout103a,
holdout103b: a collector's fresh family of them).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure

#: TensorRT deserializing an engine another TensorRT release built: "The engine plan file is not compatible with this
#: version of TensorRT, expecting library version 8.2.3 got 8.2.1, please rebuild." (the running library, then the
#: engine's); "got 0.0.0" is a file that is no engine at all (holdout103a's distractor TensorRT#574)
_TENSORRT = re.compile(r"engine plan file is not compatible with this version of TensorRT, expecting library "
                       r"version (?P<running>\d+(?:\.\d+)+) got (?P<built>\d+(?:\.\d+)+)")
#: the TFLite interpreter without the op (or its version) a newer converter wrote: "Didn't find op for builtin opcode
#: 'CONV_2D' version '6'. ... Are you using an old TFLite binary with a newer model?", "Op builtin_code out of range:
#: 97. Are you using old TFlite binary with newer model?"
_TFLITE = re.compile(r"Didn't find op for builtin opcode '(?P<op>\w+)' version '(?P<version>\d+)'"
                     r"|Op builtin_code out of range: (?P<code>\d+)")
_TFLITE_ASKS = "old TFlite binary with newer model"
#: the Edge TPU runtime older than the compiler that made the model: "Package requires runtime version (14), which is
#: newer than this runtime version (13)."
_EDGETPU = re.compile(r"Package requires runtime version \((?P<need>\d+)\), which is newer than this runtime version "
                      r"\((?P<have>\d+)\)")
#: OpenVINO refusing an IR an old Model Optimizer wrote: "The support of IR v5 has been removed from the product."
_OPENVINO_IR = re.compile(r"The support of IR v(?P<version>\d+) has been removed from the product")
#: pickle reading a protocol newer than its Python's: "unsupported pickle protocol: 3" (Python 2 reading Python 3's)
_PICKLE = re.compile(r"unsupported pickle protocol: (?P<protocol>\d+)")
#: the first CPython release that writes each protocol (pickle's documentation)
_PROTOCOL_SINCE = {3: "3.0", 4: "3.4", 5: "3.8"}
#: pybind11's check of the Python an extension was compiled for: "Python version mismatch: module was compiled for
#: Python 3.7, but the interpreter version is incompatible: 3.8.15 (default, ...)", and its older wording "module was
#: compiled for version 3.6, while the interpreter is running version 3.7."
_PYBIND11 = re.compile(r"module was compiled for (?:Python |version )(?P<built>\d+\.\d+)(?:, but the interpreter "
                       r"version is incompatible: |, while the interpreter is running version )(?P<running>\d+\.\d+)")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("engine plan file is not compatible", "Didn't find op for builtin opcode", "Op builtin_code out of range",
         "Package requires runtime version", "has been removed from the product", "unsupported pickle protocol",
         "module was compiled for ")


def made_by_another_release(failure: Failure) -> Hint | None:
    """The answer for a runtime's refusal of a file of another release (None: none of their words)."""
    message = failure.message
    found = _TENSORRT.search(message) if "engine plan file" in message else None
    if found is not None and found["built"] != found["running"] and found["built"] != "0.0.0":
        running, built = found["running"], found["built"]
        return Hint(f"the TensorRT engine file was built with TensorRT {built}, and TensorRT {running} loads it: an "
                    "engine is tied to the TensorRT release (and the GPU) that built it",
                    f"build the engine again with the installed TensorRT {running} (trtexec, or the project's own "
                    f"conversion step) from the ONNX or the model it came from, or install TensorRT {built}",
                    "reasoned from the log: TensorRT's own check of the engine's release", family="version-guard")
    found = _TFLITE.search(message) if "opcode" in message or "builtin_code" in message else None
    if found is not None and (found["op"] or _TFLITE_ASKS in message.replace("TFLite", "TFlite")):
        what = (f"the op {found['op']} of version {found['version']}" if found["op"]
                else f"the builtin op code {found['code']}")
        return Hint(f"the TFLite model uses {what}, which the TFLite runtime that loads it does not have: the model "
                    "was converted by a newer TensorFlow than the runtime (an older tflite-runtime, a benchmark or app "
                    "binary built with an older TensorFlow)",
                    "run it with a TFLite runtime at least as new as the TensorFlow that converted the model, or "
                    "convert the model with the TensorFlow release of the runtime",
                    "reasoned from the log: the TFLite interpreter's own words", family="version-guard")
    found = _EDGETPU.search(message) if "Package requires runtime version" in message else None
    if found is not None:
        need, have = found["need"], found["have"]
        return Hint(f"the Edge TPU model was compiled for runtime version {need}, and the installed Edge TPU runtime "
                    f"(libedgetpu) is version {have}: the compiler is newer than the runtime",
                    f"update the Edge TPU runtime (libedgetpu1-std or -max) to version {need} or later, or compile the "
                    f"model for this runtime (edgetpu_compiler -m {have})",
                    "reasoned from the log: the Edge TPU runtime's own check", family="version-guard")
    found = _OPENVINO_IR.search(message) if "has been removed from the product" in message else None
    if found is not None:
        return Hint(f"the OpenVINO IR files are of version {found['version']}, which the installed OpenVINO no longer "
                    "reads: they were made by the Model Optimizer of an older OpenVINO release",
                    "convert the original model again with the Model Optimizer (ovc / mo) of the installed OpenVINO, "
                    "or install the OpenVINO release whose tools made the IR",
                    "reasoned from the log: OpenVINO's own check of the IR version", family="version-guard")
    found = _PICKLE.search(message) if "unsupported pickle protocol" in message else None
    if found is not None and int(found["protocol"]) in _PROTOCOL_SINCE:
        protocol = int(found["protocol"])
        since, older = _PROTOCOL_SINCE[protocol], protocol - 1 if protocol > 3 else 2
        return Hint(f"the pickle was written with protocol {protocol}, which Python {since} and later write and read: "
                    f"the Python loading it is older (a file made with Python {since}+ read by "
                    + ("Python 2)" if protocol == 3 else "an older Python 3)"),
                    f"load it with Python {since} or later (the Python that wrote it), or write it again with a "
                    f"protocol the older Python reads (pickle.dump(obj, f, protocol={older}))",
                    "reasoned from the log: pickle's own check of the protocol", family="version-guard")
    found = _PYBIND11.search(message) if "module was compiled for " in message else None
    if found is not None and found["built"] != found["running"]:
        built, running = found["built"], found["running"]
        return Hint(f"the compiled module was built for Python {built}, and Python {running} imports it: a module "
                    "compiled against CPython's API (pybind11's check) loads only in the Python minor release it was "
                    "built for",
                    f"run it with Python {built}, or install (or build) the package for Python {running}: a wheel of "
                    f"its cp{running.replace('.', '')} tag, or a rebuild from source in this Python",
                    "reasoned from the log: pybind11's own check of the Python release", family="binary-mismatch")
    return None
