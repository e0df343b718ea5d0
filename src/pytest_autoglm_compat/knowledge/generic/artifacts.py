"""A runtime refusing a file another release of it (or of its converter) made, in the runtime's own words: a TensorRT
engine, a TFLite model, an Edge TPU package, an OpenVINO IR, a pickle; and pybind11's check of the Python an
extension was compiled for. Each names both releases, or the newer format, so the answer is the pair's (holdout103a,
holdout103b: a collector's fresh family of them).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import MISSING_LIBRARY, Hint
from ..digits import dotted
from ..failure import Failure

#: TensorRT deserializing an engine another TensorRT release built: "The engine plan file is not compatible with this
#: version of TensorRT, expecting library version 8.2.3 got 8.2.1, please rebuild." (the running library, then the
#: engine's); "got 0.0.0" is a file that is no engine at all (holdout103a's distractor TensorRT#574)
_TENSORRT = re.compile(r"engine plan file is not compatible with this version of TensorRT, expecting library "
                       r"version (?P<running>\d+(?:\.\d+)+) got (?P<built>\d+(?:\.\d+)+)")
#: TensorRT 7's words for the same, its serialization format's version tags: "Serialization Error in verifyHeader: 0
#: (Version tag does not match. Note: Current Version: 96, Serialized Engine Version: 89)" (holdout124b: tensorrtx#533)
_TENSORRT_TAG = re.compile(r"Version tag does not match\. Note: Current Version: (?P<running>\d+), Serialized Engine "
                           r"Version: (?P<built>\d+)")
#: TensorRT deserializing an engine built on a GPU of another compute capability: "The engine plan file is generated on
#: an incompatible device, expecting compute 6.1 got compute 7.5, please rebuild." (this GPU's, then the engine's;
#: holdout124b: TensorRT#564, #2176, onnxruntime#15250)
_TENSORRT_DEVICE = re.compile(r"engine plan file is generated on an incompatible device[.,] expecting compute "
                              r"(?P<running>\d+\.\d+) got compute (?P<built>\d+\.\d+)")
#: a TensorRT release without kernels for this GPU's arch, building an engine: "Target GPU SM 60 is not supported by
#: this TensorRT release.", "Internal Error (Unsupported SM: 0x809)", "Assertion failed: Unsupported SM." (TensorRT 7;
#: holdout124b: D-FINE-seg#20, tita_rl_sim2sim2real#7, tensorrtx#1610, #819); "Unsupported SM" only on TensorRT's line
_TENSORRT_SM = re.compile(r"Target GPU SM (?P<sm>\d{2,3}) is not supported by this TensorRT release"
                          r"|Unsupported SM(?:: 0x(?P<hex>[0-9a-fA-F]{3,4})\b|\.)")
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
#: datasets 4.0 refusing a Hub dataset's loading script: "RuntimeError: Dataset scripts are no longer supported, but
#: found logiqa.py" (holdout107a: litgpt#2095, ReazonSpeech#64, dspy#8590; datasets 4.0.0 removed loading scripts)
_DATASET_SCRIPT = re.compile(r"Dataset scripts are no longer supported, but found (?:(?P<script>[\w.-]{1,100}\.py)|"
                             r"\{\w+\})"  # its raise line, where the paste ends on it (holdout107a: ReazonSpeech#64)
                             r"|`trust_remote_code` is not supported anymore")
#: torchvision's own check of its C++ ops against torch (torchvision/extension.py): "Couldn't load custom C++ ops. This
#: can happen if your PyTorch and torchvision versions are incompatible" (holdout108b: sd-wav2lip-uhq#84 and two more)
_TORCHVISION_OPS = "Couldn't load custom C++ ops. This can happen if your PyTorch and torchvision versions are"
#: GroundingDINO's (and Deformable-DETR's ports') warning that its _C extension did not load: "Failed to load custom C++
#: ops. Running on CPU mode Only!" (holdout108b: Grounded-Segment-Anything#436, Neuro-Symbolic-Video-Search#1)
_CPU_MODE_ONLY = "Failed to load custom C++ ops. Running on CPU mode Only!"
#: PaddlePaddle's own check of the GPU's arch: "Mismatched GPU Architecture: The installed PaddlePaddle package was
#: compiled for 60 61 70 75 80 86 ,but your current GPU is 120" (holdout108b: Paddle#76037)
_PADDLE_ARCH = re.compile(r"PaddlePaddle package was compiled for (?P<built>[\d ]{2,80}?) ?,\s*but your current GPU is "
                          r"(?P<gpu>\d{2,3})")
#: the kernel refusing to run a binary built for another CPU: "exec /usr/local/bin/python: exec format error"
#: (holdout108b: SWE-agent#180, an arm64 image on an amd64 host)
_EXEC_FORMAT = re.compile(r"exec (?P<binary>/\S{1,200}): exec format error|(?:OSError|\[Errno 8\]) Exec format error"
                          # Docker's runc: 'exec user process caused "exec format error"' (holdout129b:
                          # object-detection#3, an x86-64 base image built on a Jetson)
                          r"|exec user process caused:? \"?exec format error"
                          # Docker's own warning before it runs an image of another CPU (holdout129b: doods#64)
                          r"|The requested image's platform \((?P<image>[\w/]{1,40})\) does not match the detected "
                          r"host platform \((?P<host>[\w/]{1,40})\)")
#: cuDNN 8.3 and later on Windows loading zlib's zlibwapi.dll, which neither it nor the CUDA toolkit installs
#: (NVIDIA's cuDNN 8 install guide for Windows, "Install Zlib"): "Could not locate zlibwapi.dll. Please make sure it is
#: in your library path!" (holdout108b: PaddleOCR#8400, APEX_AIMBOT#25, SpleeterGui#206)
_ZLIBWAPI = "Could not locate zlibwapi.dll"
#: cuDNN 8's loader on Windows, one of its own sub-libraries not found: "Could not locate cudnn_ops_infer64_8.dll.
#: Please make sure it is in your library path!" (holdout124b: ComfyUI-GeekyRemB#6)
_CUDNN_PART = re.compile(r"Could not locate (?P<dll>cudnn\w{0,40}?64_(?P<major>\d{1,2})\.dll)\. Please make sure it "
                         r"is in your library path")
#: DIAMOND's check of a database file another release made: "Error: Database was built with a different version of
#: Diamond and is incompatible." (holdout181a: eggnog-mapper#72, #208, funannotate#455); Bakta's of its database:
#: "Bakta version 1.5.1 requires database version 4.x, but 6.0 was detected" (holdout181a: bakta#406)
_DIAMOND_DB = re.compile(r"Database was built with a different version of [Dd]iamond (?:and|as) is incompatible")
_TOOL_DB = re.compile(r"\b(?P<tool>[A-Z][\w-]{1,40}) version (?P<version>\d[\w.]*) requires database version "
                      r"(?P<need>\d[\w.]*), but (?P<found>\d[\w.]*) was detected")
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("Database was built with a different version of", "requires database version", _TORCHVISION_OPS,
         _CPU_MODE_ONLY, _ZLIBWAPI, "Could not locate cudnn",
         "Dataset scripts are no longer supported",
         "`trust_remote_code` is not supported anymore", "PaddlePaddle package was compiled for", "exec format error",
         "does not match the detected host platform",
         "Exec format error", "engine plan file is not compatible", "Version tag does not match",
         "engine plan file is generated on an incompatible device", "is not supported by this TensorRT release",
         "Unsupported SM",
         "Didn't find op for builtin opcode", "Op builtin_code out of range",
         "Package requires runtime version", "has been removed from the product", "unsupported pickle protocol",
         "module was compiled for ")


def made_by_another_release(failure: Failure) -> Hint | None:
    """The answer for a runtime's refusal of a file of another release (None: none of their words)."""
    message = failure.message
    shown = _own_words(message)
    if shown is not None:
        return shown
    if "Database was built with a different version" in message and _DIAMOND_DB.search(message):
        return Hint("the DIAMOND database file (.dmnd) was built by another DIAMOND release than the one reading it: "
                    "DIAMOND refuses a database of another format version",
                    "build the database again with the installed diamond (diamond makedb), or install the DIAMOND "
                    "release that built it (the one the pipeline's database download names)",
                    "reasoned from the log: DIAMOND's own check of the database", family="version-guard")
    tool_db = _TOOL_DB.search(message) if "requires database version" in message else None
    if tool_db is not None:
        tool, need, found_db = tool_db["tool"], tool_db["need"], tool_db["found"]
        return Hint(f"{tool} {tool_db['version']} needs its database of version {need}, and the database it found is "
                    f"{found_db}: the database was downloaded for another {tool} release",
                    f"download the database version {need} that this {tool} reads, or install the {tool} release that "
                    f"reads database {found_db}", f"reasoned from the log: {tool}'s own check of its database",
                    family="version-guard")
    found = _TENSORRT.search(message) if "engine plan file" in message else None
    if found is not None and found["built"] != found["running"] and found["built"] != "0.0.0":
        running, built = found["running"], found["built"]
        return Hint(f"the TensorRT engine file was built with TensorRT {built}, and TensorRT {running} loads it: an "
                    "engine is tied to the TensorRT release (and the GPU) that built it",
                    f"build the engine again with the installed TensorRT {running} (trtexec, or the project's own "
                    f"conversion step) from the ONNX or the model it came from, or install TensorRT {built}",
                    "reasoned from the log: TensorRT's own check of the engine's release", family="version-guard")
    found = _TENSORRT_TAG.search(message) if "Version tag does not match" in message else None
    if found is not None and found["built"] not in (found["running"], "0"):  # 0: no engine at all (a git-lfs pointer)
        running, built = found["running"], found["built"]
        return Hint(f"the TensorRT engine file was serialized by another TensorRT release (its format's version tag "
                    f"{built}) than the one that loads it (tag {running}): an engine is tied to the TensorRT release "
                    "(and the GPU) that built it",
                    "build the engine again with the TensorRT that loads it (the same container or installation: "
                    "trtexec, or the project's own conversion step) from the ONNX or the model it came from",
                    "reasoned from the log: TensorRT's own check of the engine's format version",
                    family="version-guard")
    found = _TENSORRT_DEVICE.search(message) if "incompatible device" in message else None
    if found is not None and found["built"] != found["running"]:
        running, built = found["running"], found["built"]
        return Hint(f"the TensorRT engine file was built on a GPU of compute capability {built}, and this GPU is "
                    f"{running}: an engine holds kernels chosen for the GPU that built it",
                    f"build the engine again on this GPU (compute {running}: trtexec, or the project's own conversion "
                    "step, run on the machine that loads it) from the ONNX or the model it came from",
                    "reasoned from the log: TensorRT's own check of the engine's GPU", family="binary-mismatch")
    found = _TENSORRT_SM.search(message) if "SM" in message else None
    if found is not None and "FP8" not in message.upper() and (
            found["sm"] or any(words in message for words in ("TRT", "TensorRT", "caskUtils"))):
        # (not TensorRT-LLM's FP8 kernels, which need SM 89 whatever the release: the session-39 second reader's)
        sm = found["sm"] or (str(int(found["hex"], 16) >> 8) + str(int(found["hex"], 16) & 0xFF) if found["hex"]
                             else None)
        gpu = f"this GPU (SM {sm}, compute {dotted(sm)})" if sm else "this GPU's architecture"
        return Hint(f"the installed TensorRT release has no kernels for {gpu}: TensorRT supports the GPU "
                    "architectures of its own time (a GPU newer than the release, or one a later release dropped)",
                    "install a TensorRT release that supports this GPU (TensorRT's support matrix lists each release's "
                    "compute capabilities: newer releases for new GPUs, with the CUDA they need; an older one for an "
                    "old GPU), then build the engine again",
                    "reasoned from the log: TensorRT's own words for the GPU architecture", family="no-kernel-image")
    found = _TFLITE.search(message) if "opcode" in message or "builtin_code" in message else None
    if found is not None and ((found["op"] and int(found["version"]) >= 3)
                              or (found["code"] and _TFLITE_ASKS in message.replace("TFLite", "TFlite"))):
        # versions 1 and 2 are as often an op TFLite Micro's resolver never registered (the session-36 second reader's
        # tflite-micro#284, tensorflow#48145, #40704), which no release changes
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
        since = _PROTOCOL_SINCE[protocol]
        return Hint(f"the pickle was written with protocol {protocol}, which Python {since} and later write and read: "
                    f"the Python loading it is older (a file made with Python {since}+ read by "
                    + ("Python 2)" if protocol == 3 else "an older Python)"),
                    f"load it with Python {since} or later (the Python that wrote it), or write it again with a "
                    "protocol every Python reads (pickle.dump(obj, f, protocol=2), Python 2 and 3 alike)",
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


def _own_words(message: str) -> Hint | None:
    """Libraries' own words for a build, a file or an attribute of another release than the one running."""
    script = _DATASET_SCRIPT.search(message) if "no longer supported" in message or "not supported anymore" in message \
        else None
    if script is not None:
        what = f"its loading script ({script['script']})" if script["script"] else "a loading script"
        return Hint(f"the Hugging Face dataset is code, {what}, which datasets 4.0.0 and later no longer run "
                    "(trust_remote_code for datasets): the dataset, or the code loading it, was written for datasets 3",
                    "pip install \"datasets<4\", or load a script-free copy of the dataset (its Parquet conversion on "
                    "the Hub, revision=\"refs/convert/parquet\", or a newer dataset repository)",
                    "reasoned from the log: datasets' own refusal of dataset scripts (removed in datasets 4.0.0)",
                    family="remote-code-mismatch")
    if _TORCHVISION_OPS in message:
        return Hint("torchvision's compiled C++ ops do not load with the installed torch (torchvision's own check): "
                    "the two are builds of releases that do not pair (torchvision X.Y goes with one torch release, and "
                    "a CUDA build with the same CUDA), or torchvision was compiled here against another torch",
                    "install the torchvision release paired with the installed torch, from the same index (pip install "
                    "torch==<its version> torchvision==<its pair> --index-url <the same CUDA index>)",
                    "reasoned from the log: torchvision's own check of its C++ ops", family="extension-abi")
    if _CPU_MODE_ONLY in message:
        return Hint("the package's C++/CUDA extension (its _C module) did not load, so it runs its slow CPU code: it "
                    "was installed without building the extension (no CUDA toolkit or CUDA_HOME when pip built it, or "
                    "a build for another torch)",
                    "reinstall the package from source with CUDA_HOME set to a toolkit of torch's CUDA and the build's "
                    "output checked (pip install --no-build-isolation -e .)",
                    "reasoned from the log: the package's own warning that its extension did not load",
                    family="extension-build")
    arch = _PADDLE_ARCH.search(message) if "PaddlePaddle package was compiled for" in message else None
    if arch is not None:
        built = ", ".join(f"sm_{cc}" for cc in arch["built"].split())
        return Hint(f"the installed PaddlePaddle build has kernels for {built} only, and this GPU is sm_{arch['gpu']} "
                    "(its own check)", f"install the paddlepaddle-gpu wheel built for sm_{arch['gpu']} (the build of a "
                    "CUDA release that supports this GPU; PaddlePaddle's install page lists them)",
                    "reasoned from the log: PaddlePaddle's own check of the GPU architecture", family="no-kernel-image")
    executed = (_EXEC_FORMAT.search(message) if "xec format error" in message or "does not match the detected host"
                in message else None)
    if executed is not None and executed["image"]:
        return Hint(f"the container image is built for {executed['image']} and this host is {executed['host']}: its "
                    "programs are binaries for another CPU architecture, which the host runs only with emulation",
                    f"use (or build) an image for {executed['host']} (docker build on this machine, or a multi-arch "
                    f"image's {executed['host']} variant), or enable emulation (binfmt/qemu) for the other",
                    "reasoned from the log: Docker's own check of the image's platform", family="binary-mismatch")
    if executed is not None:
        what = executed["binary"] or "the program"
        return Hint(f"the system cannot run {what}: it is a binary for another CPU architecture (an arm64 image or "
                    "wheel on an x86_64 machine, or the reverse)",
                    "run the image or install the build for this machine's architecture (docker --platform linux/amd64 "
                    "or linux/arm64 as the host is; uname -m names it), or enable emulation (binfmt/qemu) for the "
                    "other", "reasoned from the log: the kernel's exec format error", family="binary-mismatch")
    if _ZLIBWAPI in message:
        return Hint("cuDNN (8.3 and later, on Windows) loads zlib's zlibwapi.dll, which neither cuDNN nor the CUDA "
                    "toolkit installs, and it is not on the library path",
                    "put zlibwapi.dll (NVIDIA's cuDNN install guide links the zlib build) in a folder on PATH, such as "
                    "CUDA's bin folder, or install a cuDNN 9 build, which does not need it",
                    "reasoned from the log: cuDNN's own words; NVIDIA's cuDNN 8 installation guide for Windows",
                    family="extension-cuda-lib")
    cudnn = _CUDNN_PART.search(message) if "Could not locate cudnn" in message else None
    if cudnn is not None:
        major = cudnn["major"]
        # told, not claimed: the same line alone is a cuDNN not installed, another major installed, or a path cuDNN's
        # loader cannot read (holdout11b's distractor stable-diffusion-webui-forge#2798: brackets in the install path)
        return Hint(f"cuDNN {major}'s loader did not find its {cudnn['dll']}: the program (or a library it loads, such "
                    f"as onnxruntime's or TensorFlow's GPU build) was built for cuDNN {major}, and cuDNN {major} is "
                    "not where Windows looks (not installed, another major installed, or a folder it cannot read)",
                    f"install cuDNN {major} for the CUDA release the program was built with and put its bin folder on "
                    "PATH (or copy its DLLs into CUDA's bin); an install folder whose path holds brackets or other "
                    "unusual characters is one cuDNN's loader has failed to read: move it",
                    "reasoned from the log: cuDNN's own words for a part of it not found", family=MISSING_LIBRARY)
    return None
