"""An installer's words for a wheel made for another machine: pip's "is not a supported wheel on this platform",
pip -v's refusal of every wheel of a requirement for its tags, uv's platform-tag checks and its "doesn't have a source
distribution or wheel for the current platform"; and the library a build's own check names (a CPU-only build's).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from packaging.utils import canonicalize_name

from ...model.hints import AHEAD_OF_THE_INDEX, Hint
from ..failure import Failure
from .api import near
from .machine import Situation
from .names import requirement_name

#: distributions PyPI has wheels of and no source distribution (its files read through the index, session 20), with
#: the one platform they are built for where there is one: pip listing none of their releases for a requirement says
#: no wheel fits this Python or platform, where it read the index
#: (session 36, PyPI's JSON of each, 2026-12-06: pyrealsense2's 686 files of 65 releases are wheels for Linux and
#: Windows; open3d, mediapipe, tensorflow-text, tflite-runtime, paddlepaddle, decord and ray publish no source
#: distribution either; torch's own readings are in runtimes.py)
WHEELS_ONLY: dict[str, tuple[str, ...] | None] = {
    "triton": ("Linux",), "tensorflow": None, "jaxlib": None, "onnxruntime": None, "onnxruntime-gpu": None,
    "pyrealsense2": ("Linux", "Windows"), "open3d": None, "mediapipe": None, "tensorflow-text": None,
    "tflite-runtime": None, "paddlepaddle": None, "decord": None, "ray": None,
    # (session 38, PyPI's JSON: tensorflow-gpu's one source distribution is 2.12.0's placeholder, which only refuses)
    "tensorflow-gpu": None,
    # (session 39, PyPI's JSON, 2026-12-06: Qt for Python's 245 files of 59 releases, PySide2's 158 of 24, GenICam's
    # 163 of 11 and genicam2's 20 of 4 are wheels, no source distribution)
    "pyside6": None, "shiboken6": None, "pyside2": None, "genicam": None, "genicam2": None,
    # (session 40, PyPI's JSON, 2026-12-07: no source distribution, each wheel for a platform: paddlepaddle-gpu's 441
    # files of 49 releases for Linux and Windows; TensorFlow's I/O, CPU and add-on packages; Apple's and Windows' own
    # runtimes' builds; JAX's CUDA plugin)
    "paddlepaddle-gpu": ("Linux", "Windows"), "tensorflow-io-gcs-filesystem": None, "tensorflow-io": None,
    "tensorflow-cpu": None, "tensorflow-addons": None, "tensorflow-macos": ("macOS",), "tensorflow-metal": ("macOS",),
    "onnxruntime-directml": ("Windows",), "onnxruntime-silicon": ("macOS",), "jax-cuda12-plugin": ("Linux",),
    # (PyPI's JSON, 2026-12-07: TensorFlow Quantum's 78 files of 15 releases are wheels)
    "tensorflow-quantum": None,
    # (session 41, PyPI's JSON, 2026-12-07: piper-phonemize's 2 releases are wheels for Linux and macOS; vosk's 34
    # for Linux, macOS and Windows)
    "piper-phonemize": ("Linux", "macOS"), "vosk": None}


#: PyTorch's own, wheels only (PyPI's JSON, 2026-12-06: torchvision's one source distribution is 0.1.6's, of 2017;
#: torchaudio has none): read apart from WHEELS_ONLY, whose "from versions: none" reading is torch's own in runtimes.py
_PYTORCH_WHEELS = frozenset({"torch", "torchvision", "torchaudio"})


def wheels_only(dist: str) -> bool:
    """Whether ``dist`` publishes wheels and no source distribution: a release pip passes over has no wheel for this
    Python or platform, where a package with source distributions is passed over for its Requires-Python."""
    name = canonicalize_name(dist)
    return name in WHEELS_ONLY or name in _PYTORCH_WHEELS


_WHEEL = re.compile(r"(?P<wheel>[\w.+-]+\.whl) is not a supported wheel on this platform")
#: uv's hint: "... but you're on Windows (`win_amd64`)" for a platform, "... but you're using CPython 3.11 (`cp311`)"
#: for a Python (the session-23 second reader's case)
_UV_PLATFORM = re.compile(r"The wheel is compatible with (?P<theirs>[^,\n]+), but you're (?P<how>on|using) "
                          r"(?P<ours>[^\n]+?)\.?$", re.MULTILINE)
#: the source of the answer read from the wheel's name, which uv's hint below it (both platforms named) replaces
VAGUE_WHEEL_URL = "reasoned from the log: the installer's platform-tag check (the wheel's name)"
#: uv's refusal of a wheel URL, its hint below it cut: "A URL dependency is incompatible with the current platform:
#: https://.../flash_attn-2.8.3%2Bcu12torch2.8cxx11abiTRUE-cp312-cp312-linux_x86_64.whl" (holdout56b:
#: ComfyUI-TRELLIS2#67)
_UV_URL = re.compile(r"A URL dependency is incompatible with the current platform: \S{0,400}/(?P<wheel>[^/\s]{1,200}"
                     r"-(?P<tags>[\w.]{1,60}-[\w.]{1,60}-[\w.]{1,60})\.whl)\b")
#: uv's resolver: "Because torch==2.11.0+cpu has no wheels with a matching platform tag (e.g., `macosx_26_0_x86_64`)"
#: (survey16b: vllm-metal#379), or "... matching Python ABI tag (e.g., `cp313`)"
_UV_NO_WHEEL = re.compile(r"(?P<req>[A-Za-z][\w.-]*)(?:\{[^}\n]{0,200}\})?(?P<pin>[=<>~!]=?[^\s,]+)? has no wheels "
                          r"with a matching (?P<what>platform|Python ABI|Python implementation)\s+tag\s+"
                          r"\(e\.g\., `?(?P<tag>[^`\s()]+)`?\)")
#: uv's hint under "can't be installed because it doesn't have a source distribution or wheel for the current
#: platform": "You're on macOS (`macosx_15_0_x86_64`), but `torch` (v2.7.1) only has wheels for..." (survey16b:
#: transcribe-anything#77)
_UV_ONLY = re.compile(r"You're on [\w ]{1,20} \(`(?P<tag>[^`]+)`\), but `(?P<req>[A-Za-z][\w.-]*)` "
                      r"\(v(?P<pin>[^)\s]+)\) "
                      r"only has wheels for")
#: uv's headline where no wheel of a release fits and there is no source distribution to build ("... can't be installed
#: because it doesn't have a source distribution or wheel for the current platform"; holdout23b: uv#10236, quoted with
#: its start cut), where no hint below it names the tags
_UV_NONE_FOR_PLATFORM = re.compile(r"(?:`?(?P<req>[A-Za-z][\w.-]*)(?:==(?P<pin>[^\s`@]+))?`? )?(?:@ [^`\s]*`? )?"
                                   r"can't be installed because it doesn't have a source distribution or wheel for "
                                   r"the current platform")


def platform_tags(message: str) -> Hint | None:
    """The answer for an installer's refusal of a wheel for another machine (None: the message is none)."""
    platform = _UV_PLATFORM.search(message)
    if platform:
        this = "Python" if platform["how"] == "using" else "machine"
        return Hint(f"the wheel is built for {platform['theirs'].strip()}, and this {this} is {platform['ours']}",
                    "install a wheel built for this platform (the project's release page lists one per OS, Python "
                    "and torch), or build the package from source here",
                    "reasoned from the log: the installer's platform-tag check", family="binary-mismatch")
    url = _UV_URL.search(message) if "A URL dependency is incompatible" in message else None
    if url:
        file = unquote(url["wheel"])
        return Hint(f"uv refuses the wheel {file}: its tags ({url['tags']}: Python, ABI, platform) do not fit this "
                    "Python or this machine (another Python version, OS or CPU)",
                    "install a wheel built for this platform (the project's release page lists one per OS, Python "
                    "and torch), or build the package from source here", VAGUE_WHEEL_URL, family="binary-mismatch")
    no_wheel = near(_UV_NO_WHEEL, message, " has no wheels with a matching ") if "has no wheels" in message else None
    if no_wheel:
        return _uv_no_wheel(no_wheel["req"], f"{no_wheel['req']}{no_wheel['pin'] or ''}", no_wheel["what"],
                            no_wheel["tag"])
    only = near(_UV_ONLY, message, " only has wheels for") if "only has wheels for" in message else None
    if only:
        return _uv_no_wheel(only["req"], f"{only['req']} {only['pin']}", "platform", only["tag"])
    wheel = near(_WHEEL, message, " is not a supported wheel")
    if wheel and _malformed(wheel["wheel"]) and wheel["wheel"].strip(".") != "whl":
        # a file whose own name is wrong (a hand-made wheel): not a platform of this machine; a name the paste elided
        # ("....whl": holdout162b's cibuildwheel#1177) says nothing of one
        return None
    if wheel:
        tags = wheel["wheel"].rsplit("-", 3)[1:] if wheel["wheel"].count("-") >= 4 else []
        named = f" (built for {'-'.join(tags).removesuffix('.whl')})" if tags else ""
        # pip computes the interpreter's tags itself: a pip older than its Python computes them wrong (pip 19.2 gave
        # Python 3.8 on Windows the ABI cp38m, refusing every cp38-cp38 wheel: holdout68b's distractor wheel#303)
        shown = wheel["wheel"] if wheel["wheel"].strip(".") != "whl" else "(its name elided in the log)"
        return Hint(f"the wheel {shown}{named} is not among the tags pip computes for this interpreter: a "
                    "wheel for another Python, OS or CPU (or, where the tags are right, a pip older than this Python "
                    "that computes them wrong)",
                    "download the wheel whose tags match this interpreter (python -m pip debug --verbose lists them; "
                    "where that list should hold the wheel's tags, upgrade pip: python -m pip install -U pip), or let "
                    "pip choose: pip install <package>==<version>",
                    "reasoned from the log: pip's platform-tag check", family="binary-mismatch")
    none = near(_UV_NONE_FOR_PLATFORM, message, "doesn't have a source distribution or wheel for the current "
                "platform") if "or wheel for the current platform" in message else None
    if none:
        name = none["req"] or "the package"
        release = f"{name} {none['pin']}" if none["pin"] else name
        return Hint(f"{release} publishes no wheel for this platform (this OS, CPU or Python) and no source "
                    "distribution to build one from",
                    f"use a Python and platform {name} publishes wheels for (its files on the index list them), or "
                    f"a release of {name} that has one for this machine",
                    "reasoned from the log: uv's resolver, which found no wheel for this machine's tags",
                    family="binary-mismatch")
    return None


def _uv_no_wheel(name: str, req: str, what: str, tag: str) -> Hint:
    """uv finding no wheel of a release for this machine's tags; torch on an Intel-mode Mac said as such."""
    source = "reasoned from the log: uv's resolver, which names a tag of this interpreter no wheel has"
    if name == "torch" and tag.startswith("macosx") and tag.endswith("x86_64"):
        return Hint(f"this Python is an x86_64 build on macOS ({tag}), and torch publishes no macOS x86_64 wheels "
                    "after 2.2 (on an Apple Silicon Mac, an x86_64 Python runs under Rosetta)",
                    "use an arm64 Python (python -c \"import platform; print(platform.machine())\" prints arm64), "
                    "e.g. uv python install with an aarch64 build, then recreate the environment; on an Intel Mac "
                    "the last torch is 2.2.2", source + "; pytorch#114602 (macOS x86_64 wheels end with 2.2.2)",
                    family="binary-mismatch")
    if what == "platform":
        why = f"this machine's platform ({tag}) is not among those it has wheels for (the hint below lists them)"
    else:
        why = f"this Python ({tag}) is not among those it has wheels for"
    return Hint(f"{req} publishes no wheel for this machine: {why}",
                f"use a Python and platform {name} has wheels for, or a release of {name} that has "
                "one for this machine", source, family="binary-mismatch")


#: the platform tags wheels carry (PEP 425, 600, 656; macOS, Windows, iOS and Android's): another is a misnamed file
_PLATFORM_TAG = re.compile(r"any|win32|win_amd64|win_arm64|win_ia64|linux_[a-z0-9_]+?(?<!whl)|"
                           r"(?:many|musl)linux[0-9]*_[a-z0-9_]+?(?<!whl)|macosx_\d+_\d+_[a-z0-9_]+?(?<!whl)|"
                           r"(?:ios|android)_[a-z0-9_]+?(?<!whl)")


def _malformed(wheel: str) -> bool:
    """A wheel file name whose tags cannot be real ("py311-cp311": a CPython ABI needs a cp interpreter tag; a platform
    tag no platform has, "linux_x86_64whl": holdout39b's distractor helper_comfyUI_accel#5, a file misnamed when
    renamed)."""
    parts = wheel.removesuffix(".whl").split("-")
    if len(parts) < 5:
        return True
    interpreter, abi, platform = parts[-3], parts[-2], parts[-1]
    # the platform tag is judged where the name splits as PEP 427 has it (a build tag starts with a digit): a name
    # with a dash too many, as pasted, says less ("...-cp38-linux-x86_64.whl": holdout9b's pywhlobf#1, cp38 for 3.9)
    regular = len(parts) == 5 or (len(parts) == 6 and parts[2][:1].isdigit())
    return (any(i.startswith("py") and abi.startswith("cp") for i in interpreter.split("."))
            or (regular and not all(_PLATFORM_TAG.fullmatch(tag) for tag in platform.split("."))))


#: pip's "Could not find a version that satisfies the requirement X (from versions: none)": no file of any release fits
_NONE_LISTED = re.compile(r"Could not find a version that satisfies the requirement (?P<name>[A-Za-z0-9][\w.-]*)"
                          r"[^\n(]{0,200}?(?: \(from [^()\n]{1,200}(?:\([^()\n]{1,40}\))?\))? \(from versions: none\)")
#: a wheel tag whose Python and ABI fit every interpreter of its major version ("py3-none-manylinux1_x86_64"): its
#: refusal is the platform's, or pip's own (pip 20.0 refused valid manylinux1 wheels: holdout86b's distractor pip#7626)
_ANY_PYTHON = re.compile(r"py[23](?:\.py3)?-none-")


#: NumPy's words for its own compiled part failing to load (the message it puts around the import error); situation
#: reads the first two as NumPy saying why it could not be loaded
NUMPY_UNLOADED = ("Importing the numpy C-extensions failed", "Importing the multiarray numpy extension module failed")
_NUMPY_UNLOADED = (*NUMPY_UNLOADED,
                   "Error importing numpy: you should not try to import numpy from its source directory")


def lambda_package(failure: Failure, situation: Situation) -> Hint | None:
    """NumPy's compiled part failing to load in AWS Lambda: the deployment package's NumPy was installed on another
    platform (a Mac, Windows, another CPU or Python) and zipped (holdout133b: numpy#27222 and
    amazon-macie-activity-generator#1)."""
    own = any(words in failure.message for words in _NUMPY_UNLOADED) or (
        situation.numpy_reason_shown and failure.message.startswith("Original error was: "))  # NumPy's last line
    if not situation.aws_lambda or not own:
        return None
    return Hint("AWS Lambda could not load NumPy's compiled part from the deployment package: that NumPy was installed "
                "for another platform or Python (pip on a Mac, on Windows, for another CPU architecture) and zipped, "
                "and Lambda's Amazon Linux cannot load it",
                "install the packages for Lambda's platform and Python: in a Lambda build image (sam build "
                "--use-container), or pip install --platform manylinux2014_x86_64 (aarch64 for an arm64 function) "
                "--python-version <the function's> --only-binary=:all: --target <package dir> numpy; or use a layer "
                "built for Lambda", "reasoned from the log: AWS Lambda's import error and NumPy's words for its "
                "compiled part", family="binary-mismatch")


def tags_refused(failure: Failure, situation: Situation) -> Hint | None:
    """pip listing no release of a requirement after refusing its wheels for their tags (pip -v's "Skipping link:
    none of the wheel's tags ..."; holdout86b: pygit2#1179, oso#1727; holdout93b: Open3D#1713): no wheel of it is
    built for this Python, OS or CPU, and it has no source distribution pip could use."""
    if situation.refused_wheels is None or situation.offline:
        return None
    found = near(_NONE_LISTED, failure.message, "(from versions: none)")
    refusals = {wheel for wheel, _ in situation.refused_wheels}
    if found is None and situation.refused_only and len(refusals) == 1 and "" not in refusals and \
            failure.message.startswith("Skipping link: none of the wheel's tags"):
        # the paste is pip -v's refusals alone, each of one package's wheels (holdout137b: vosk-api#252 and #385, pip
        # on Windows refusing every Linux and macOS wheel of vosk; holdout86b: pygit2#1179, a manylinux_2_24 wheel and
        # pip 20.0): what pip then says, "from versions: none", was not pasted
        return None if _third_system_unshown(situation) else _refused(refusals.pop(), situation, "")
    if found is None:
        return None
    return _refused(found["name"], situation, ", and no source distribution was there to build, so no release is left "
                    "(from versions: none)")


def _third_system_unshown(situation: Situation) -> bool:
    """The refused wheels are one Python's, built for two of Linux, macOS and Windows: pip -v prints no line for the
    wheel it takes, so the third system's may be the one this machine installed (the session-41 second reader's numpy
    1.26.4: its macOS and Windows cp312 wheels refused on Linux, where its manylinux wheel fits)."""
    tags = [tag for _, tag_list in situation.refused_wheels or () for tag in tag_list.split(",") if tag]
    pythons = {tag.split("-")[0] for tag in tags}
    systems = {system for tag in tags for system, words in _SYSTEMS.items() if any(w in tag for w in words)}
    return len(pythons) == 1 and len(systems) == 2


#: a wheel's platform tag, by the system it is built for
_SYSTEMS = {"linux": ("linux",), "macos": ("macosx",), "windows": ("win32", "win_amd64", "win_arm64")}


def _refused(name: str, situation: Situation, outcome: str) -> Hint | None:
    """The answer for pip refusing each wheel of ``name`` it found for its tags (``outcome``: what pip said came of it).
    """
    if situation.refused_wheels is None:
        return None
    wanted = str(canonicalize_name(name)).replace("-", "_")
    refused = [tag_list for wheel, tag_list in situation.refused_wheels if wheel in ("", wanted)]
    tags = [tag for tag_list in refused for tag in tag_list.split(",") if tag]
    if not refused or (tags and all(_ANY_PYTHON.match(t) for t in tags)):
        return None
    shown = f" (their tags: {', '.join(dict.fromkeys(tags[:6]))})" if tags else ""
    pep600 = any("manylinux_2_" in tag for tag in tags)
    return Hint(f"pip found wheels of {name} and refused each for its tags{shown}: none is built for this Python, OS "
                f"or CPU{outcome}",
                "use a Python and platform the release has wheels for (a tag cpXY is CPython X.Y only, ppXY PyPy"
                + (", manylinux_2_NN needs pip 20.3 or newer and glibc 2.NN" if pep600 else "")
                + f"; python -m pip debug --verbose lists this interpreter's); upgrade pip where a tag should fit "
                f"(python -m pip install -U pip); or build {name} from its source",
                "reasoned from the log: pip's refusal of each wheel's tags (pip -v)", family="binary-mismatch")


#: words that stand where a library's check names no library ("The library is compiled without CUDA support")
_NO_NAME = frozenset({"the", "this", "it", "library", "package", "module", "extension", "build"})


def library_named(what: str, failure: Failure) -> str | None:
    """The library a check of its build names, or, where it says only "The library", the one its error's type or
    banner names: OpenCV's ``cv2.error: OpenCV(4.4.0) ... The library is compiled without CUDA support``
    (holdout93b: opencv-python#398), its sources' path (``opencv2/dynamicuda/...``); None: nothing names it."""
    if what.lower() not in _NO_NAME:
        return what
    if "opencv" in failure.message.lower() or failure.types[0].startswith("cv2."):
        return "OpenCV"
    module = failure.types[0].partition(".")[0]
    return module if "." in failure.types[0] and module != "builtins" else None


#: pip's list of the releases it found, where at least one is listed ("from versions: none" is read apart)
_SOURCES_LISTED = re.compile(r"Could not find a version that satisfies the requirement "
                             r"(?P<req>[A-Za-z0-9][^\s(]{0,200})[^\n]{0,200}?"
                             r"\(from versions: (?P<listed>\d[^)\n]{0,4000})\)")


def sources_only(failure: Failure, situation: Situation) -> Hint | None:
    """pip told to build from source (--no-binary) lists only the releases with a source distribution on the index:
    a pin it does not find may be a release whose sdist is not there (holdout139b's distractor numpy#9787: numpy
    1.13.2's sdist taken down and uploaded again), not one for another Python. Told apart, no mismatch claimed."""
    if not situation.no_binary or "(from versions: " not in failure.message:
        return None
    found = _SOURCES_LISTED.search(failure.message)
    name = requirement_name(found["req"]) if found else None
    if found is None or name is None or not (":all:" in situation.no_binary_names or str(
            canonicalize_name(name)) in situation.no_binary_names):
        return None  # pip was told to build other packages from source (the session-41 second reader's shapely)
    listed = [version.strip() for version in found["listed"].split(",")]
    return Hint(f"pip was told to build from source (--no-binary), so it looks for source distributions only: none on "
                f"the index meets {found['req']} (the newest it lists is {listed[-1]})",
                f"let pip use wheels for it (drop --no-binary, or name only the packages to build), or pin a release "
                f"that has a source distribution on the index (pip download --no-binary :all: --no-deps "
                f"\"{found['req']}\" shows what it finds)",
                "reasoned from the log: pip's own words for a requirement no release meets, under --no-binary",
                family=AHEAD_OF_THE_INDEX)

