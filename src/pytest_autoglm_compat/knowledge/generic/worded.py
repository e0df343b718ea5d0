"""A version requirement written in words, as tools of any kind print it: the package, the version it needs and
the version installed, each named.

pre-commit's "The hook `black` requires pre-commit version 2.9.2 but version 2.6.0 is installed" and "pre-commit
version 3.2.0 is required but version 2.17.0 is installed", Sphinx's "The sphinxcontrib.applehelp extension used
by this project needs at least Sphinx v5.0" and its ``VersionRequirementError``, a library's "X 1.2 or newer is
required, but found 1.0". A sentence that names both versions says what failed, whatever the package; one that
names only the version needed is read where its words say it is a floor the installed release is under.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ...model.hints import Hint
from ..failure import Failure
from .names import BUILT_INTO_PYTHON, NOT_PACKAGES, distribution_of, package_frames, top

_NAME = r"`?(?P<name>[A-Za-z][\w.-]{0,60}?)`?"
_VERSION = r"v?(?P<{}>\d+(?:\.\d+){{0,3}}(?:\.?[a-z]+\d*)?)"
_HIGHER = r"(?: or (?:higher|newer|later|above|greater))?"
_FOUND = (r",? but (?:(?:version )?" + _VERSION.format("found") + r" is installed|(?:you have|found|got|the installed "
          r"version is) (?:`?[A-Za-z][\w.-]{0,60}`? )?(?:version )?" + _VERSION.format("found2") + r")")
#: "The hook `black` requires pre-commit version 2.9.2 but version 2.6.0 is installed" (pre-commit's check of a hook's
#: minimum_pre_commit_version), "requires foo 1.2 or newer, but you have 1.0"
_REQUIRES_BUT = re.compile(r"(?:(?P<who>[Tt]he hook `[^`\n]{1,80}`) )?requires " + _NAME
                           + r" (?:version )?" + _VERSION.format("need") + _HIGHER + _FOUND)
#: "pre-commit version 3.2.0 is required but version 2.17.0 is installed" (a config's minimum_pre_commit_version)
_REQUIRED_BUT = re.compile(_NAME + r" (?:version )?" + _VERSION.format("need") + _HIGHER + r" is required" + _FOUND)
#: "benchopt version 1.4.1.dev36 is too old to run this benchmark, version 1.5 is required" (benchopt's check of a
#: benchmark's min_benchopt_version), "foo 1.0 is too old; 1.2 or newer is required"
_TOO_OLD = re.compile(_NAME + r" (?:version )?" + _VERSION.format("found") + r" is too old\b[^\n]{0,100}?\b"
                      r"(?:version )?" + _VERSION.format("need") + _HIGHER + r" is required")
#: "Numpy version 1.9.0 or later must be installed to use Astropy" (astropy 1-2's import check; holdout79a: pyatomdb#9,
#: astropy#6842)
_MUST_BE_INSTALLED = re.compile(_NAME + r" (?:version )?" + _VERSION.format("need") + _HIGHER
                                + r" must be installed to use (?P<who>[A-Za-z][\w.-]{0,60})")
#: "jaxlib is version 0.1.69, but this version of jax requires version 0.1.74." (jax before 0.3: its check of the
#: installed jaxlib; holdout23a: ParallelFold#13, Kaggle/docker-python#771, jax#1297), "... requires version >= 0.4.6."
#: (jax 0.4; holdout24a: jax#15285)
#: Both names as pip spells a distribution (lowercase) and the sentence begins with the first: "The index is version 2,
#: but this version of faiss requires version 3" names a file's format, not a package (the second reader's case)
_PACKAGE_NAME = r"`?(?P<{}>[a-z][a-z0-9_.-]{{0,60}}?)`?"
#: (jax 0.9, the sentence broken over two lines: "...this version of jax\nrequires version >= 0.9.1."; holdout26a:
#: jax#756)
_IS_VERSION_BUT = re.compile(_PACKAGE_NAME.format("name") + r" is (?:version )?" + _VERSION.format("found")
                             + r", but this version of " + _PACKAGE_NAME.format("who")
                             + r"\s+requires (?:version )?(?:>=\s*)?" + _VERSION.format("need") + _HIGHER)
#: "jaxlib version 0.3.14 is newer than and incompatible with jax version 0.3.13" (jax 0.3: a jaxlib newer than the
#: jax that checks it accepts; holdout23a: dalle-flow#68)
_NEWER_THAN = re.compile(_PACKAGE_NAME.format("name") + r" (?:version )?" + _VERSION.format("found")
                         + r" is newer than and incompatible with " + _PACKAGE_NAME.format("who") + r" (?:version )?"
                         + _VERSION.format("need"))
#: pandas' import check of NumPy: "this version of pandas is incompatible with numpy < 1.20.3" ("your numpy version is
#: 1.19.2." on the next line; holdout25a: stable-diffusion#323)
_INCOMPATIBLE_BELOW = re.compile(r"this version of " + _PACKAGE_NAME.format("who") + r" is incompatible with "
                                 + _PACKAGE_NAME.format("name") + r" < " + _VERSION.format("need"))
#: spaCy's check of a model package against the running spaCy (W031): "Model 'en_core_med7_lg' (0.0.2) requires spaCy
#: v2.2 and is incompatible with the current spaCy version (2.3.0)" (holdout26a: med7#4, spaCy#5983, pyresparser#34,
#: spacy-universal-sentence-encoder#11)
_MODEL_REQUIRES = re.compile(r"Model '(?P<model>[\w.-]{1,100})' \((?P<version>[^()\s]{1,30})\) requires "
                             r"(?P<name>[A-Za-z][\w.-]{0,40}) (?P<spec>v?\d[\w.,<>=!~ ]{0,40}?) and is incompatible "
                             r"with the current (?P=name) version \((?P<found>\d[\w.+-]{0,30})\)")
#: spaCy's W095, a model trained with another minor of spaCy: "Model 'da_dacy_medium_trf' (0.1.0) was trained with spaCy
#: v3.1 and may not be 100% compatible with the current version (3.2.4)" (holdout28a: spaCy#12855, DaCy#133)
_MODEL_TRAINED = re.compile(r"Model '(?P<model>[\w.-]{1,100})' \((?P<version>[^()\s]{1,30})\) was trained with "
                            r"(?P<name>[A-Za-z][\w.-]{0,40}) (?P<spec>v?\d[\w.]{0,20}) and may not be 100% compatible "
                            r"with the current version \((?P<found>\d[\w.+-]{0,30})\)")
#: TensorFlow Addons' check of TensorFlow (tensorflow_addons/utils/ensure_tf_install.py): "Tensorflow Addons supports
#: using Python ops for all Tensorflow versions above or equal to 2.4.0 and strictly below 2.7.0 ... The versions of
#: TensorFlow you are currently using is 2.8.4 and is not supported." (holdout28a: six threads)
_SUPPORTED_RANGE = re.compile(r"(?P<who>[A-Z][A-Za-z]{1,30}(?: [A-Z][A-Za-z]{1,30}){0,3}) supports using Python ops "
                              r"for all (?P<name>[A-Za-z][\w-]{0,40}) versions above or equal to "
                              r"(?P<low>\d[\w.]{0,20}) and strictly below (?P<high>\d[\w.]{0,20}?)\.?(?:\s|$)")
#: DeepSpeed's check of its prebuilt ops (op_builder/builder.py): "PyTorch version mismatch! DeepSpeed ops were compiled
#: and installed with a different version ... Install torch version=2.1, Runtime torch version=2.2" (holdout29a:
#: Deepspeed-Windows#4)
_OPS_BUILT_WITH = re.compile(r"Install torch version=(?P<built>\d[\w.+]{0,30}), "
                             r"Runtime torch version=(?P<run>\d[\w.+]{0,30})")
#: libprotobuf's check of the C++ runtime a program was compiled against (google/protobuf/stubs/common.cc):
#: "This program requires version 3.4.0 of the Protocol Buffer runtime library, but the installed version is 2.6.1",
#: "This program was compiled against version 3.0.0 of the Protocol Buffer runtime library, which is not compatible
#: with the installed version (3.11.3)" (holdout29a: onnx-caffe2#106, onnxruntime#4026)
_PROTOBUF_RUNTIME = re.compile(r"This program (?:requires|was compiled against) version (?P<need>\d[\w.]{0,20}) of the "
                               r"Protocol Buffer runtime library, (?:but the installed version is "
                               r"(?P<found>\d{1,4}(?:\.\d{1,4}){0,3})"
                               r"|which is not compatible with the installed version \((?P<found2>\d[\w.]{0,20})\))")
#: XLA's check of the ptxas it found (asm_compiler.cc): "You are using ptxas 9.2.148, which is older than 11.1. ptxas
#: before 11.1 is known to miscompile XLA code" (holdout29b: jax#10083)
_OLD_PTXAS = re.compile(r"You are using ptxas (?P<found>\d[\d.]{0,20}), which is older than (?P<need>\d+\.\d+)")
#: get-pip.py's check of the Python running it (pypa/get-pip's template): "ERROR: This script does not work on
#: Python 2.7 The minimum supported Python version is 3.6. Please use https://bootstrap.pypa.io/pip/2.7/get-pip.py
#: instead."
#: (holdout30a: four threads)
_GET_PIP = re.compile(r"This script does not work on Python (?P<found>\d+\.\d+)\.? The minimum supported Python "
                      r"version is (?P<need>\d+\.\d+)\.?(?: Please use (?P<url>https?://\S+?get-pip\.py))?")
#: ONNX Runtime's check of a model's opset (core/graph/model_load_utils.h, ValidateOpsetForDomain): "Opset 16 is under
#: development and support for this is limited. ... Current official support for domain ai.onnx is till opset 15."
#: (holdout30a: onnxsim#289, onnxruntime#11898)
_OPSET_AHEAD = re.compile(r"Opset (?P<model>\d+) is under development\b[^\n]{0,400}?Current official support for "
                          r"domain (?P<domain>[\w.]+) is till opset (?P<runtime>\d+)")
#: ... and its floor (model.cc): "ONNX Runtime only *guarantees* support for models stamped with opset version 7 or
#: above for opset domain 'ai.onnx'. ... this opset 3 model may run ..." (holdout30a: onnxruntime#4200)
_OPSET_BELOW = re.compile(r"models stamped with opset version (?P<floor>\d+) or above for opset domain "
                          r"'(?P<domain>[\w.]+)'[^\n]{0,200}?this opset (?P<model>\d+) model")
#: torchao's check of the torch its C++ extensions were built for (torchao/__init__.py, from 0.13): "Skipping import of
#: cpp extensions due to incompatible torch version 2.7.1+cu128 for torchao version 0.15.0 Please see
#: https://github.com/pytorch/ao/issues/2919 for more info" (holdout37a: ao#3817)
_BUILT_FOR_ANOTHER = re.compile(r"incompatible " + _PACKAGE_NAME.format("name") + r" version "
                                r"(?P<found>\d+(?:\.\d+){0,3}(?:\+[\w.]+)?) for " + _PACKAGE_NAME.format("who")
                                + r" version " + _VERSION.format("need")
                                + r"(?:[^\n]*?(?P<url>https://github\.com/[\w.-]+/[\w.-]+/issues/\d+))?")
#: a library's own words for the release it found and the minimum it names: "Unsloth: Your transformers version of
#: 4.57.6 does not support Qwen3.5. The minimum required version is 5.2.0." (holdout39a: unsloth#5758)
_YOUR_VERSION = re.compile(r"(?:(?P<who>[A-Z][\w.-]{0,40}): )?[Yy]our " + _PACKAGE_NAME.format("name")
                           + r" version (?:of |is )?" + _VERSION.format("found")
                           + r"\b[^\n]{0,200}?\b[Tt]he (?:minimum|minimal|lowest) (?:required |supported )?version "
                           r"(?:required )?is " + _VERSION.format("need"))
#: ... and its check of the model file's IR version (core/graph/model.cc): "Unsupported model IR version: 10, max
#: supported IR version: 9" (holdout42a: eight threads)
#: (ONNX Runtime prints it only for a model newer than it reads: its number cut where the paste wrapped, holdout93a:
#: pdf_multimodal_rag#1, is still that)
_IR_AHEAD = re.compile(r"Unsupported model IR version: (?P<model>\d+), max supported IR version:"
                       r"(?: (?P<runtime>\d+)|\s*$)")
#: Sphinx's check of an extension's needs (sphinx/registry.py): the extension, and the Sphinx release it needs
_EXTENSION_NEEDS = re.compile(r"The (?P<who>[\w.-]{1,100}) extension used by this project needs at least "
                              r"(?P<name>[A-Za-z]\w{0,40}) " + _VERSION.format("need"))
#: a library's demand in words, a floor on another package: transformers' torch.load guard (CVE-2025-32434), "we now
#: require users to upgrade torch to at least v2.6 in order to use the function" (holdout64a: GPT-SoVITS#2410,
#: LocalAI#5933, MultiTalk#11)
_UPGRADE_TO_AT_LEAST = re.compile(r"\b(?:upgrade|update) (?:your )?" + _NAME + r" to at least (?:version )?"
                                  + _VERSION.format("need"))
#: an exception type whose name says a version requirement failed, with a bare version for its message (Sphinx's
#: require_sphinx raises ``sphinx.errors.VersionRequirementError('5.0')``)
_VERSION_TYPE = re.compile(r"(?:^|\.)\w*VersionRequirement\w*$")
_BARE_VERSION = re.compile(_VERSION.format("need") + r"\s*")
#: a build's check of a C library it links: "Minimum supported proj version is 6.2.0, installed version is 4.9.3."
#: (pyproj's setup; holdout83a: pyproj#480, #178, docker-mapproxy#13), "Proj version 4.8.0 is installed, but cartopy
#: requires at least version 4.9.0." (cartopy's setup; holdout83a: cartopy#1594)
_MINIMUM_SUPPORTED = re.compile(r"Minimum supported " + _NAME + r" version is " + _VERSION.format("need")
                                + r"\.?(?:,? installed version is " + _VERSION.format("found") + r")?")
_INSTALLED_BUT_REQUIRES = re.compile(_NAME + r" version " + _VERSION.format("found") + r" is installed, but "
                                     r"(?P<who>[A-Za-z][\w.-]{0,60}) requires at least version "
                                     + _VERSION.format("need"))
#: C libraries a package's build links, as their checks name them (no pip package: the OS's, Homebrew's, conda's)
_C_LIBRARIES = {"proj": "PROJ", "gdal": "GDAL", "geos": "GEOS", "hdf5": "HDF5", "netcdf": "netCDF",
                "libxml2": "libxml2", "openblas": "OpenBLAS", "fftw": "FFTW", "openssl": "OpenSSL", "cmake": "CMake",
                "libgpuarray": "libgpuarray"}
#: the words the readings above cannot match without (most lines of a log have none)
_WORDS = ("Minimum supported ", "requires at least version",
          "is installed", "you have", "but found", "but got", "installed version", "needs at least", "is too old",
          "but this version of", "is newer than and incompatible with", "is incompatible with",
          "may not be 100% compatible", "and strictly below", "Runtime torch version=", "Protocol Buffer runtime",
          "which is older than", "This script does not work on Python", "Current official support for domain",
          "models stamped with opset version", "cpp extensions due to incompatible", "version is ",
          "max supported IR version", " to at least ", " must be installed to use ")
#: names a sentence may give a version that are no distribution pip installs (another family's, or a word)
_NOT_PACKAGES = NOT_PACKAGES | {"gpu", "api", "protocol", "format", "schema", "file", "level", "opset", "it", "this",
                                "which", "that", "model", "config", "checkpoint", "os", "macos", "windows", "linux",
                                "kernel", "node", "npm", "java", "cmake", "openssl"}


def worded(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A requirement a sentence states in words, with the version found where it tells or the log shows."""
    message = failure.message
    if failure.types and _VERSION_TYPE.search(failure.types[0]) and failure.frames:
        bare = _BARE_VERSION.fullmatch(message)
        if bare is not None:  # the package that checks its own version: the innermost frame's
            package = top(failure.frames[-1].partition(":")[0])
            return _floor(distribution_of(package), bare["need"], None, _asker(failure, package), version_of)
    if not any(words in message for words in _WORDS):
        return None
    linked = (_MINIMUM_SUPPORTED.search(message) if "Minimum supported " in message else None) or (
        _INSTALLED_BUT_REQUIRES.search(message) if "requires at least version" in message else None)
    if linked is not None and not (linked["found"] is None and "installed version is" in message):
        # (an "installed version is PROJ_LIB" names no version: pyproj's own bug, pyproj#1127)
        who = linked.groupdict().get("who")
        return _c_library_floor(linked["name"], linked["need"], linked["found"], who) or _floor(
            linked["name"], linked["need"], linked["found"], who, version_of)
    bootstrap = _GET_PIP.search(message) if "This script does not work on Python" in message else None
    if bootstrap is not None:
        return _old_python_for_get_pip(bootstrap["found"], bootstrap["need"], bootstrap["url"])
    opset = _opset(message, failure.types[0], version_of)
    if opset is not None:
        return opset
    skipped = _BUILT_FOR_ANOTHER.search(message) if "cpp extensions due to incompatible" in message else None
    if skipped is not None:
        who, version, name = skipped["who"], skipped["need"], skipped["name"]
        table = f" ({skipped['url']} pairs them)" if skipped["url"] else ""
        return Hint(f"{who} {version}'s own check finds {name} {skipped['found']}, not the {name} release its C++ "
                    f"extensions were built for, so it skips them (their kernels are missing)",
                    f"install the {name} release {who} {version} was built for{table}, or the {who} release built for "
                    f"{name} {skipped['found']}",
                    "reasoned from the log: the versions as the message states them", family="version-guard")
    yours = _YOUR_VERSION.search(message) if "our " in message and " version is " in message else None
    if yours is not None:
        return _floor(yours["name"], yours["need"], yours["found"], yours["who"], version_of)
    upgrade = _UPGRADE_TO_AT_LEAST.search(message) if " to at least " in message else None
    if upgrade is not None:
        return _floor(upgrade["name"], upgrade["need"], None, _asker(failure, upgrade["name"]), version_of)
    needs = _EXTENSION_NEEDS.search(message) if "needs at least" in message else None
    if needs is not None:
        who = str(canonicalize_name(needs["who"]))
        return _floor(needs["name"], needs["need"], None, f"the {who} extension", version_of)
    behind = _IS_VERSION_BUT.match(message) if ", but this version of " in message else None
    if behind is not None:
        hint = _floor(behind["name"], behind["need"], behind["found"], behind["who"], version_of)
        if hint is not None and behind["name"] == "jaxlib":  # jaxlib's CUDA builds are on JAX's own index, not PyPI
            hint = dataclasses.replace(hint, fix=f"install the jaxlib release jax needs, {hint.fix.split(' (')[0]} "
                                       "for the CPU build, or a CUDA build of it from JAX's own index (jax's "
                                       "installation guide), or install the jax release written for the installed "
                                       "jaxlib")
        return hint
    model = _MODEL_REQUIRES.search(message) if "is incompatible with the current" in message else None
    if model is not None:
        return _model_built_for(model["model"], model["version"], model["name"], model["spec"], model["found"])
    trained = _MODEL_TRAINED.search(message) if "may not be 100% compatible" in message else None
    if trained is not None:
        hint = _model_built_for(trained["model"], trained["version"], trained["name"], trained["spec"],
                                trained["found"])
        minor = _same_minor(trained["spec"], trained["found"])
        if minor is None:
            return hint
        # the message names the minor of the model's declared range only: an earlier patch than the model declares
        return dataclasses.replace(hint, fix=f"pip install -U \"{canonicalize_name(trained['name'])!s}~={minor}.0\" "
                                   f"(the latest {minor} release: the model declares a later one than "
                                   f"{trained['found']}), or {hint.fix.partition(', or ')[2]}")
    ops = _OPS_BUILT_WITH.search(message) if "Runtime torch version=" in message else None
    if ops is not None and not _same_minor_release(ops["built"], ops["run"]):  # DeepSpeed compares major.minor
        built, run = ops["built"], ops["run"]
        return Hint(f"DeepSpeed's prebuilt ops were compiled with torch {built}, and the torch running is {run}: "
                    "DeepSpeed's own check of its ops against torch",
                    f"install torch {built}, or a DeepSpeed built for torch {run} (its release for it, or pip install "
                    f"--force-reinstall --no-cache-dir deepspeed with torch {run} installed, so its ops build for it)",
                    "reasoned from the log: the versions as the message states them", family="version-guard")
    runtime = _PROTOBUF_RUNTIME.search(message) if "Protocol Buffer runtime" in message else None
    if runtime is not None:
        need, found = runtime["need"], (runtime["found"] or runtime["found2"]).rstrip(".")
        return Hint(f"a program compiled against protobuf {need}'s C++ runtime was loaded with protobuf {found}'s "
                    "(libprotobuf's own check): two protobuf runtimes meet in one process (a package's own beside "
                    "another's, or the system's), or the program was built for another",
                    f"keep one protobuf C++ runtime: install the program's build for protobuf {found} (or rebuild it "
                    f"against the installed headers), or the protobuf runtime {need} it was built with, and remove the "
                    "other copy",
                    "reasoned from the log: the versions as the message states them", family="version-guard")
    ptxas = _OLD_PTXAS.search(message) if "You are using ptxas " in message else None
    if ptxas is not None:
        found, need = ptxas["found"].rstrip("."), ptxas["need"]
        return Hint(f"XLA (jaxlib's or TensorFlow's CUDA build) compiles its kernels with the ptxas it finds, {found}, "
                    f"older than the {need} it needs (its own check): the machine's CUDA toolkit is older than the "
                    "CUDA the build was made for",
                    f"put a ptxas of CUDA {need} or newer first on PATH (the CUDA toolkit's, or pip install "
                    f"nvidia-cuda-nvcc-cu{need.partition('.')[0]}), or install the jax (TensorFlow) build for the CUDA "
                    "installed",
                    "reasoned from the log: the versions as the message states them", family="binary-mismatch")
    supported = _SUPPORTED_RANGE.search(message) if "and strictly below" in message else None
    if supported is not None:
        return _outside(supported["who"], supported["name"], supported["low"], supported["high"], version_of)
    below = _INCOMPATIBLE_BELOW.search(message) if " is incompatible with " in message else None
    if below is not None:
        return _floor(below["name"], below["need"], None, below["who"], version_of)
    ahead = _NEWER_THAN.match(message) if " is newer than and incompatible with " in message else None
    if ahead is not None:
        return _ahead(ahead["name"], ahead["found"], ahead["who"], ahead["need"])
    at = message.find(" is too old")
    too_old = _TOO_OLD.search(message, max(0, at - 120), at + 300) if at >= 0 else None
    if too_old is not None:
        return _floor(too_old["name"], too_old["need"], too_old["found"], None, version_of)
    at = message.find(" must be installed to use ")
    installed = _MUST_BE_INSTALLED.search(message, max(0, at - 120), at + 100) if at >= 0 else None
    if installed is not None:
        return _floor(installed["name"], installed["need"], None, installed["who"], version_of)
    for pattern in (_REQUIRES_BUT, _REQUIRED_BUT):
        at = message.find(" requires " if pattern is _REQUIRES_BUT else " is required")
        if at < 0:
            continue
        found = pattern.search(message, max(0, at - 120), at + 300)
        if found is None:
            continue
        groups = found.groupdict()
        return _floor(found["name"], found["need"], groups.get("found") or groups.get("found2"), groups.get("who"),
                      version_of)
    return None


def _c_library_floor(name: str, need: str, found: str | None, who: str | None) -> Hint | None:
    """A build's check of a C library it links, under the version it needs (None: no C library's name, or met)."""
    library = _C_LIBRARIES.get(name.lower())
    try:
        if library is None or (found is not None and Version(found) >= Version(need)):
            return None
    except InvalidVersion:
        return None
    seen = (f", and it found none installed (it reports {library} {found})" if found == "0.0.0"
            else f", and the one installed is {library} {found}" if found else "")
    package = _named(who) if who else "the package being built"
    checker = f"{package}'s" if who else "the build's"
    return Hint(f"{checker} own check needs {library} {need} or newer (a C library it builds against, not a pip "
                f"package){seen}", f"install {library} {need} or newer (the OS's package manager, Homebrew or conda) "
                f"and point the build at it, or a release of {package} that supports the installed {library} (or a "
                f"wheel of it that bundles {library}, where one exists for this platform)",
                "reasoned from the log: the requirement as the message states it", family="version-guard")


def _floor(name: str, need: str, found: str | None, who: str | None, version_of: Callable[[str], str | None]
           ) -> Hint | None:
    """The answer for a release of ``name`` under the ``need`` a sentence states (None where the version found
    meets it, or the name is no package's)."""
    dist = str(canonicalize_name(name.strip("`.")))
    if dist in _NOT_PACKAGES:
        return None
    if found is None:
        shown = version_of(dist)
        found = shown if shown != need else None  # the log's reading of this very sentence: the floor, not the release
    try:
        if found is not None and Version(found) >= Version(need):
            return None  # the installed release meets the floor: this sentence is not why it failed
    except InvalidVersion:
        return None
    seen = f"; found {name} {found}" if found else ""
    by = f"{who} requires" if who else "the tool's own version check requires"
    if dist in BUILT_INTO_PYTHON:
        return Hint(f"{by} {name}>={need}{seen}: {name} here is the library Python's own {dist} module was built with, "
                    f"not a pip package", f"use a Python built with {name} {need} or newer (a newer Python, or conda's "
                    "python, which bundles its own)", "reasoned from the log: the requirement as the message states it",
                    family="version-guard")
    if dist == "python":
        return Hint(f"{who or 'the package'} requires Python {need} or newer{seen}",
                    f"run it with Python {need} or newer (a venv made with it), or a release of the package that "
                    "still admits this Python", "reasoned from the log: the requirement as the message states it",
                    family="version-guard")
    return Hint(f"{by} {dist}>={need}{seen}: the installed {dist} is older than it needs",
                f"pip install -U '{dist}>={need}'" + (f" (or a release of {_named(who)} written for the installed "
                                                       f"{dist})" if who else ""),
                "reasoned from the log: the requirement as the message states it", family="version-guard")


def _old_python_for_get_pip(found: str, need: str, url: str | None) -> Hint:
    """get-pip.py refusing the Python that runs it: pip's current installer needs a newer one."""
    where = url or "the get-pip.py for that Python under https://bootstrap.pypa.io/pip/"
    return Hint(f"get-pip.py (pip's installer) does not run on Python {found}: the current one needs Python {need} or "
                "newer (its own check)",
                f"run the get-pip.py made for Python {found}, {where} (the message names it), or install pip with "
                f"Python {need} or newer",
                "reasoned from the log: the requirement as the message states it", family="version-guard")


#: the ONNX operator domains whose opsets ONNX releases publish (a vendor's, com.microsoft, is versioned by the runtime)
_ONNX_DOMAINS = ("ai.onnx", "ai.onnx.ml")


def _runtime_upgrade(kind: str, version_of: Callable[[str], str | None]) -> str:
    """How to upgrade the ONNX Runtime the log shows: .NET's NuGet package, the GPU build, or the CPU one."""
    if kind.startswith("Microsoft.ML.OnnxRuntime"):
        return "update the Microsoft.ML.OnnxRuntime NuGet package"
    if version_of("onnxruntime-gpu"):
        return "pip install -U onnxruntime-gpu"
    return "upgrade ONNX Runtime (pip install -U onnxruntime, or the ONNX Runtime package the program uses)"


def _opset(message: str, kind: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """ONNX Runtime's own check of the opset a model is stamped with, above what it supports or below its floor."""
    ahead = _OPSET_AHEAD.search(message) if "Current official support for domain" in message else None
    if ahead is not None and ahead["domain"] in _ONNX_DOMAINS:
        model, domain, runtime = ahead["model"], ahead["domain"], ahead["runtime"]
        return Hint(f"the model is stamped with opset {model} of {domain}, and the installed ONNX Runtime supports "
                    f"that domain up to opset {runtime} (its own check): the model was exported for a newer ONNX "
                    "Runtime",
                    f"{_runtime_upgrade(kind, version_of)} (a release that supports opset {model} of {domain}: ONNX "
                    f"Runtime's compatibility table), or export the model with opset {runtime} or lower",
                    "reasoned from the log: the opsets as the message states them", family="version-guard")
    ir = _IR_AHEAD.search(message) if "max supported IR version" in message else None
    if ir is not None and (ir["runtime"] is None or int(ir["model"]) > int(ir["runtime"])):
        model, runtime = ir["model"], ir["runtime"]
        reads = f"IR versions up to {runtime}" if runtime else "only older IR versions (its number is cut from the log)"
        older = runtime or "the runtime reads"
        return Hint(f"the model is saved in ONNX IR version {model}, and the installed ONNX Runtime reads {reads} "
                    "(its own check): the model was saved by an onnx newer than this runtime follows",
                    f"{_runtime_upgrade(kind, version_of)} (a release that reads IR version {model}: ONNX Runtime's "
                    f"compatibility table), or save the model with IR version {older} (an onnx release of that IR "
                    "version, or model.ir_version set before saving where its opsets allow)",
                    "reasoned from the log: the IR versions as the message states them", family="version-guard")
    below = _OPSET_BELOW.search(message) if "models stamped with opset version" in message else None
    if below is not None and int(below["model"]) < int(below["floor"]):
        model, domain, floor = below["model"], below["domain"], below["floor"]
        return Hint(f"the model is stamped with opset {model} of {domain}, below opset {floor}, the oldest the "
                    "installed ONNX Runtime supports (its own check): the model was exported for an older runtime",
                    f"convert the model to opset {floor} or newer (onnx.version_converter.convert_version), or take a "
                    "newer export of it",
                    "reasoned from the log: the opsets as the message states them", family="version-guard")
    return None


def _model_built_for(model: str, version: str, name: str, spec: str, found: str) -> Hint:
    """A model package built for another release of the library that loads it, as the library's check says."""
    dist = str(canonicalize_name(name))
    again = (f"python -m spacy download {model} for a packaged model, or retrain a custom one with {name} {found}"
             if dist == "spacy" else f"retrain or re-export it with {name} {found}")
    return Hint(f"the model {model} ({version}) was built for {name} {spec}, and the installed {name} is {found}: "
                f"{name}'s own check of the model's declared {name} version",
                f"install the {name} release the model was built for ({name} {spec}), or the model's release built "
                f"for {name} {found} ({again})",
                "reasoned from the log: the requirement as the message states it", family="version-guard")


def _same_minor(spec: str, found: str) -> str | None:
    """"3.5" for "v3.5" and "3.5.0": spaCy's W095 names the minor of the model's declared range only, and warns within
    one where the model declares a later patch (the maintainer on spaCy#12855); None: two minors."""
    try:
        trained, current = Version(spec.lstrip("v")), Version(found)
    except InvalidVersion:
        return None
    same = trained.release[:2] == current.release[:2] and len(trained.release) == 2
    return ".".join(map(str, trained.release[:2])) if same else None


def _same_minor_release(one: str, other: str) -> bool:
    """"2.1" and "2.1.0" are one minor release (an unreadable version is taken as the same: no claim)."""
    try:
        return Version(one).release[:2] == Version(other).release[:2]
    except InvalidVersion:
        return True


def _outside(who: str, name: str, low: str, high: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """A library's own check that another's release is within the range it supports (None: the version the log
    shows is within it, or none is shown)."""
    dist, checker = str(canonicalize_name(name)), str(canonicalize_name(who.replace(" ", "-")))
    found = version_of(dist)
    try:
        if found is None or Version(low) <= Version(found) < Version(high):
            return None
        side = "newer" if Version(found) >= Version(high) else "older"
    except InvalidVersion:
        return None
    return Hint(f"{checker} supports {dist}>={low},<{high} (its own check at import), and the installed {dist} is "
                f"{found}, {side} than the releases it supports",
                f"install the {checker} release made for {dist} {found} (its compatibility table), or pip install "
                f"'{dist}>={low},<{high}'",
                "reasoned from the log: the supported range as the message states it", family="version-guard")


def _ahead(name: str, found: str, who: str, version: str) -> Hint | None:
    """``name`` ``found`` newer than the ``who`` ``version`` that checks it accepts (None: not two packages)."""
    dist, checker = (str(canonicalize_name(n)) for n in (name, who))
    if dist in _NOT_PACKAGES or checker in _NOT_PACKAGES or dist == checker:
        return None
    return Hint(f"{checker}'s own version check refuses {dist} {found}: it is newer than {checker} {version} accepts "
                f"(this {checker} is older than the {dist})",
                f"pip install -U {checker} (a {checker} release as new as {dist} {found}), or install the {dist} "
                f"release {checker} {version} was written for",
                "reasoned from the log: the requirement as the message states it", family="version-guard")


def _named(who: str) -> str:
    """"The hook `black`" -> "the hook black"; "the sphinxcontrib-applehelp extension" as it is."""
    return who[0].lower() + who[1:].replace("`", "")


def _asker(failure: Failure, package: str) -> str | None:
    """The package whose code asked for the version (the innermost frame outside the package that checks)."""
    frames = [f for f in package_frames(failure.frames, failure.packages) if top(f.partition(":")[0]) != package]
    return distribution_of(frames[-1].partition(":")[0]) if frames else None
