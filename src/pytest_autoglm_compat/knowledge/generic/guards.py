"""Version guards, read from their own words: the package, the bound, the version found, who asks.

Libraries state their requirements in a few standard ways (transformers'
``require_version``, pip's resolver report and its list of unmet requirements,
``pkg_resources``' conflicts, a library's "X>=a is required"); each is read for
what it names.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from packaging.utils import canonicalize_name

from ...model.hints import Hint
from ..failure import Failure
from .model_types import unknown_architecture
from .names import BUILT_INTO_PYTHON, NOT_PACKAGES, distribution_of
from .offered import offered_releases
from .python_floor import python_floor
from .pythons import requires_python
from .resolver import conda_unsatisfiable, resolver_conflict
from .resolver import spec_contains as _contains
from .resolver import valid_spec as _valid
from .solver_trees import solver_tree as _tree
from .typed import typed_install

_SPEC = r"(?:===?|~=|!=|<=|>=|<|>)\s*v?\d[\w.*+!]*"
_NAMED = r"(?P<name>[A-Za-z][\w.-]*?)(?:\[[\w,.-]{1,80}\])?(?: version)?"  # extras: "twisted[tls]!=17.1"
_BOUND = rf"(?P<spec>{_SPEC}(?:\s*,\s*{_SPEC})*)"
_REQUIREMENT = rf"{_NAMED}\s*{_BOUND}"
_REQUIRE_VERSION = re.compile(
    rf"{_REQUIREMENT} is required for a normal functioning of this module, but found (?P<found_name>[\w.-]+)"
    r"==(?P<found>[^\s,]+?)\.?(?:\s|$)")
#: the marker pip prints after a requirement whose marker holds: '; python_version >= "2.7"' (holdout35a: evalml#205),
#: its quotes as a forum turned them ('<= “3.9”', holdout33a: sparseml#1570)
_MARKER = r"(?:\s*;[^,\n]{1,200}?)?"
_PIP_CONFLICT = re.compile(
    # "requires  protobuf": a paste's bold taken off leaves two spaces (holdout137a: PaddleX#1656)
    rf"(?P<who>[\w.-]+) (?P<who_version>\S+) requires {{1,4}}{_REQUIREMENT}{_MARKER}, but you have "
    r"(?P<found_name>[\w.-]+) (?P<found>\S+) which is incompatible")
#: pip before 20.3 (no resolver): "ERROR: transformers 2.3.0 has requirement tokenizers==0.0.11, but you'll have
#: tokenizers 0.1.1 which is incompatible."; `pip check` of those releases: "flagembedding 1.3.2 has requirement
#: transformers==4.44.2, but you have transformers 4.46.3." (holdout41a: FlagEmbedding#1266)
_OLD_PIP_CONFLICT = re.compile(
    rf"(?P<who>[\w.-]+) (?P<who_version>\d\S*) has requirement {_REQUIREMENT}{_MARKER}, but you(?:'ll)? have "
    r"(?P<found_name>[\w.-]+) (?P<found>\d[^\s,]*)")
_INSTALLED_CONFLICT = re.compile(  # setuptools' check: "Installed distribution Sphinx 1.6.5 conflicts with requirement
    # sphinx<1.3" (holdout22a: stratum-mining-proxy#90)
    rf"Installed distribution (?P<found_name>[\w.-]+) (?P<found>\d[^\s,]*) conflicts with requirement {_REQUIREMENT}")
_NOT_FOUND = re.compile(  # pkg_resources.DistributionNotFound, as pip-installed entry points raise it
    rf"The '{_REQUIREMENT}' distribution was not found and is required by (?P<who>[\w.-]+)")
#: pip's resolver: "transformers 4.32.0 depends on tokenizers!=0.11.3, <0.14 and >=0.11.1"; extras after either name
#: ("coqui-tts[languages] 0.24.2 depends on transformers<4.43.0 and >=4.42.0": holdout47a, xtts-webui#118)
_DEPENDS = re.compile(
    rf"(?P<who>[\w.-]+)(?:\[[\w,.-]{{1,100}}\])? (?P<who_version>\d\S*) depends on (?P<name>[A-Za-z][\w.-]*?)"
    rf"(?:\[[\w,.-]{{1,100}}\])?\s*"
    rf"(?P<spec>{_SPEC}(?:\s*(?:,|and)\s*{_SPEC})*)")
_BELOW_MINIMUM = re.compile(  # flashinfer's, optimum's and others' own words for a version below their floor
    r"(?P<name>[A-Za-z][\w.-]*) is installed with version (?P<found>\d[\w.+]*),? which is (?:less|lower|older) than "
    r"(?:the )?minimum required version (?P<min>\d[\w.]*)"
    r"|incompatible version of (?P<name2>[A-Za-z][\w.-]*)\.? Found version (?P<found2>\d[\w.+]*),? but only "
    r"versions? (?:(?:above|greater than|higher than) (?P<above>\d[\w.]*)|(?P<only>\d[\w.]*?)\.? (?:is|are) supported)")
_MIN_VERSION = re.compile(  # transformers.utils.check_min_version, which the examples call
    r"This example requires (?:a source install from HuggingFace Transformers|a minimum version of "
    r"(?P<min>\d[\w.]*))[^\n]*?but the version found is (?P<found>\d[\w.]*?)\.?(?:\s|$)")
_PKG_RESOURCES = re.compile(
    # the installed distribution's location in parentheses, or none (holdout91a: datahub#2463, "(traitlets 4.3.3, ...")
    r"\((?P<found_name>[\w.-]+) (?P<found>[^\s,()]+)(?: \([^)]*\))?,\s*Requirement\.parse\(['\"]" + _REQUIREMENT
    + r"(?:\s*;[^)\n]{0,200}?)?['\"]\)"  # its marker (anaconda-issues#11914); who asks: {'x'}, Python 2's set(['x'])
    r"(?:, (?:\{|set\(\[)'(?P<who>[\w.-]+)'[^})]{0,200}[})])?")
#: pkg_resources' VersionConflict cut before its requirement: "(pytest 3.0.7 (/Users/fli/anaconda/envs/ENV/l"
#: (holdout44a: astropy#7291)
_CUT_CONFLICT = re.compile(r"\s*\((?P<name>[A-Za-z0-9][\w.-]{0,100}) (?P<found>\d[\w.+!]*) \(")
#: the words after a requirement that say it is unmet: mmrazor's "`torch>=1.13` is not installed properly, plz check."
#: (its own check of a requirement), ComfyUI-layerdiffuse's "diffusers>=0.25.0 requirement not satisfied" (survey17c)
_UNMET_WORDS = r"(?:(?:is|are) (?:required|needed|not installed properly)|requirement (?:is )?not (?:satisfied|met))"
_LIBRARY_GUARD = (  # "`transformers<4.42` is required", "requires transformers>=4.37", "please install peft>=0.5"
    re.compile(rf"`?{_REQUIREMENT}`?\s+{_UNMET_WORDS}"),
    # transformers' "data_seed requires Accelerate version `accelerate` >= 1.1.0" (holdout62a: ms-swift#2816): the
    # project's name, then the distribution's quoted apart from its bound
    re.compile(rf"(?:[Rr]equires?|[Nn]eeds?|[Pp]lease (?:install|upgrade to|update to|use)|install(?: -U| --upgrade)?)"
               rf"\s+(?:[A-Z][\w-]{{0,40}} version\s+(?=`))?[`'\"]?{_NAMED}(?:`\s+)?\s*{_BOUND}"),
)
#: an install command typed at a shell prompt: its requirement is what was asked, no check's bound
_TYPED_INSTALL = re.compile(r"^\s*(?:[$❯%#>»]|PS [^>\n]{0,200}>)\s*(?:sudo\s+)?(?:uv\s+)?(?:pip3?|python3?\s+-m\s+pip)"
                            r"\s+install\b")
#: words one of which every version guard's message has: most lines of a long log have none
_GUARD_WORDS = ("requir", "Requir", "Could not find a version", "need", "install", "incompatible", "upgrade",
                "update to", "use ", "depend", "version found", "must be", "should be", "has to be", "not match",
                "not compatible", "not supported", "version of", "version is lower than", "version is older than",
                "ResolutionImpossible", "missing on the system", "The conflict is caused by")
#: a library's own words for the release it found and the one it needs: "transformers version 5.4.0 is not match
#: with required install version 4.42.4", "The version of PEFT you are using is not compatible, please use a version
#: that is greater than 0.5.0", "torch version must be >= 2.0"
_OWN_WORDS = (
    re.compile(r"\b(?P<name>[A-Za-z][\w.-]*) version (?P<found>\d[\w.+]*) is not (?:match(?:ed|ing)?|compatible|"
               r"supported)\b(?P<words>[^\n]{0,80}?)\bversion (?P<req>\d[\w.]*\d)"),
    re.compile(r"\b(?:[Vv]ersion of|[Ii]nstalled|[Yy]our) `?(?P<name>[A-Za-z][\w.-]*)`?(?: version)?(?: you are using|"
               r" installed)? (?:is|was) (?:not compatible|incompatible|too old|outdated|not supported)"
               r"(?P<words>[^\n]{0,80}?)(?P<cmp>greater than|newer than|higher than|later than|at least|>=|>)\s*v?"
               r"(?P<req>\d[\w.]*\d)"),
    re.compile(r"\b`?(?P<name>[A-Za-z][\w.-]*)`? version (?:must|should|needs to|has to) be (?P<cmp>>=|at least|"
               r"greater than or equal to|newer than|greater than|higher than|>)\s*v?(?P<req>\d[\w.]*\d)"),
    # PaddleDetection's check_version: "PaddlePaddle version 2.0.0 or higher is required" (holdout113a:
    # PaddleDetection#943)
    re.compile(r"\b(?P<name>[A-Za-z][\w.-]*) version (?P<req>\d[\w.]*\d(?:-?(?:rc|a|b|alpha|beta)\d+)?) or "
               r"(?P<cmp>higher|newer|later|above) is required"),
)
#: pandas' optional dependencies (pandas.compat._optional): "Pandas requires version '2.7.3' or newer of 'numexpr'
#: (version '2.7.1' currently installed)."
_OR_NEWER = re.compile(r"(?P<who>[A-Za-z][\w.-]*) requires version '?(?P<min>\d[\w.]*?)'? or (?:newer|later|higher) of "
                       r"'?(?P<name>[A-Za-z][\w.-]*)'?(?: \(version '?(?P<found>\d[\w.+]*?)'? currently installed\))?")
#: a library's words for a bound with its direction in words: numba's "Numba needs NumPy 2.1 or less. Got NumPy 2.2."
#: (numba/__init__.py _ensure_critical_deps: the major.minor it supports at most, or at least)
_OR_BOUND = re.compile(r"\b(?P<who>[A-Za-z][\w.-]*) (?:needs|requires) (?P<name>[A-Za-z][\w.-]*) (?:version )?"
                       r"v?(?P<version>\d+(?:\.\d+){0,3}) or (?P<direction>less|lower|older|earlier|below|greater|"
                       r"newer|later|above|higher)\b(?:\.? Got \S+ v?(?P<found>\d+(?:\.\d+){0,3}))?")
#: a library's words for a release of another below what it needs: "You are using 8-bit optimizers with a version of
#: `bitsandbytes` < 0.41.1" (transformers' Trainer), "a version of `bitsandbytes` that is not compatible with 8bit
#: inference and training make sure you have the latest version of `bitsandbytes` installed" (transformers)
_VERSION_BELOW = re.compile(r"\b(?:a|the|your) version of `?(?P<name>[A-Za-z][\w.-]*)`? "
                            r"(?:<|older than|lower than|below|earlier than|before) v?(?P<req>\d[\w.]*\d)")
#: "Torch version is lower than 2.3.0, which may not be able to train FLUX model properly. Consider upgrading to a newer
#: version." (holdout49a: lora-scripts#501 and #506, the trainer's own startup check)
_NAMED_VERSION_BELOW = re.compile(r"\b(?P<name>[A-Za-z][\w.-]{0,60}) version is (?:lower|older) than "
                                  r"v?(?P<req>\d[\w.]{0,40}\d)")
_VERSION_TOO_OLD = re.compile(r"\b(?:a|the|your) version of `?(?P<name>[A-Za-z][\w.-]*)`? (?:that|which) is (?:not "
                              r"compatible|incompatible|too old|outdated|not supported)")
_UPWARDS = re.compile(r"\b(?:latest|newest|newer|upgrade|update|too old|outdated)\b")
#: packages a library's own words may name beside the atlas's (a word before "version" is most often not one)
_GUARDED = frozenset({"torch", "torchvision", "torchaudio", "triton", "xformers", "deepspeed", "tokenizers",
                      "safetensors", "protobuf", "onnxruntime", "onnx", "tensorflow", "jax", "scipy", "pandas",
                      "gradio", "timm", "einops", "pydantic", "openai", "langchain", "vllm", "autoawq", "optimum",
                      "paddlepaddle"})
#: distributions whose GPU build is published under another name
_GPU_TWINS = {"paddlepaddle": "paddlepaddle-gpu"}
_FOUND = re.compile(r"(?:but found|you have|current version(?: is)?|installed version(?: is)?|got|[Ff]ound)[: ]+"
                    r"(?:[\w.-]+(?:==| ))?v?(?P<found>\d[\w.+]*)")
#: names a guard may bound that are not distributions on an index
_NOT_DISTRIBUTIONS = NOT_PACKAGES | {"python", "torch_dtype"}  # Python's own floor is read apart (its answer)


def guard(failure: Failure, version_of: Callable[[str], str | None], offline: bool = False, *,
          listed_in_part: bool = False, other_index: bool = False, pip_causes: str = "", pip_headline: bool = True,
          pypi_read: bool = False,
          not_linux: bool = False, macos: bool = False) -> Hint | None:
    """A version requirement the message states, with the version found where it tells (or the log shows).

    ``offline``: the log shows pip could not read the index (the releases it lists are what it could read).
    ``listed_in_part``: pip's lists hold only the releases whose tags it knows (the log shows it rejecting a wheel).
    ``other_index``: pip was given an index or links page other than PyPI. ``pip_causes``: what pip's conflict report
    shows below its headline (``resolver.resolver_conflict``). ``not_linux``: the log shows macOS or Windows (conda's
    list of packages no channel has, read in ``conda_envs.exported_elsewhere``)."""
    message = failure.message
    if "install" in message and _TYPED_INSTALL.match(message):
        return None  # an install command typed at a prompt ("❯ uv pip install 'rembg>=v2.0.60'": holdout139a)
    if "DistributionNotFound: " in message:  # a log's line, indented under another tool's output
        not_found = _not_found(message.rpartition("DistributionNotFound: ")[2], version_of)
    elif failure.types and failure.types[0].endswith("DistributionNotFound"):
        not_found = _not_found(message, version_of)
    else:
        not_found = None
    if not_found is not None:
        return not_found
    cut_conflict = _CUT_CONFLICT.match(message) if failure.types[0].endswith("VersionConflict") else None
    if cut_conflict is not None and "Requirement.parse" not in message:
        dist, found = spelled(cut_conflict["name"]), cut_conflict["found"]
        return Hint(f"pkg_resources found {dist} {found} installed, and a requirement on {dist} it resolves does not "
                    "admit that release (the log is cut before the requirement)",
                    f"install the {dist} release the requirement asks for (the full VersionConflict line names it), "
                    f"or a release of the package that asks for {dist} which admits {found}",
                    "reasoned from the log: pkg_resources' VersionConflict names the installed release",
                    family="version-guard")
    if not any(word in message for word in _GUARD_WORDS) and "Requirement.parse" not in message:
        return conda_unsatisfiable(failure.types, message, not_linux, macos, offline)
    if message.startswith("For CUDA ") and " use pip install torch==" in message:
        return None  # torch 2.13's advice under its GPU check (runtimes.torch_gpu): a build to install, no requirement
    if ", " in message and ("(" in message or "[" in message):  # OpenMMLab's "mmcv>=(1, 3, 13, 0, 0, 0), <(1, 7, 0)"
        message = _TUPLE_VERSION.sub(_dotted, message)
    floor_only = _FLOOR_ONLY.search(message) if "is used but incompatible" in message else None
    if floor_only is not None and _contains(floor_only["spec"], floor_only["found"]) is True:
        return _refused_above(failure, floor_only)
    resolver = (resolver_conflict(message, pip_causes, pip_headline) or (_tree(message, macos) if not offline else None)
                or conda_unsatisfiable(failure.types, message, not_linux, macos, offline))
    if resolver is not None or "because these package versions have conflicting" in message:
        return resolver  # pip's "Cannot install a==1, b==2 because ...": the lines below it say who asks for what
    architecture = (unknown_architecture(message, version_of) if "does not recognize this architecture" in message
                    else None)
    if architecture is not None:
        return architecture
    floor = python_floor(message, version_of)
    if floor is not None:
        return floor
    other_python = requires_python(message)
    if other_python is not None:
        return other_python
    offered = (offered_releases(message, offline, other_index, pypi_read)
               if "Could not find a version" in message and not listed_in_part else None)
    if offered is not None:
        return offered
    below = _BELOW_MINIMUM.search(message) if ("minimum required" in message or "incompatible version" in message) \
        else None
    if below:  # a sentence's full stop is not part of a name or a version ("auto-gptq.", "0.6.4.")
        name = (below["name"] or below["name2"]).rstrip(".")
        found = (below["found"] or below["found2"]).rstrip(".")
        spec = (f">={below['min'].rstrip('.')}" if below["min"] else f"=={below['only']}.*" if below["only"]
                else f">{below['above'].rstrip('.')}")
        dist = spelled(name)
        checker = _checker(failure, dist)
        by = f"{checker} requires" if checker else "the library's own version check requires"
        return Hint(f"{by} {dist}{spec}; found {name} {found}",
                    f"pip install '{dist}{spec}'" + (f" (or a release of {checker} that accepts {dist} {found})"
                                                     if checker else ""),
                    "reasoned from the log: the requirement as the message states it", family="version-guard")
    minimum = _MIN_VERSION.search(message)
    if minimum:
        need = f">={minimum['min']}" if minimum["min"] else f">{minimum['found']} (a source install)"
        return Hint(f"the example requires transformers{need}; found transformers {minimum['found']}",
                    "pip install git+https://github.com/huggingface/transformers (the examples of the main branch "
                    f"need it), or run the examples of the installed release (tag v{minimum['found']})",
                    "reasoned from the log: transformers' check_min_version", family="version-guard")
    if message.count("which is incompatible") > 1:
        unmet = _unmet_together(message)
        if unmet is not None:
            return unmet
    bounded = _or_bound(message, version_of) if " or " in message else None
    if bounded is not None:
        return bounded
    or_newer = _or_newer(message, version_of) if " or " in message else None
    if or_newer is not None:
        return or_newer
    too_old = _below_named(failure, version_of) or _not_yet_supported(failure)
    if too_old is not None:
        return too_old
    own = _own_words(failure, version_of)
    if own is not None:
        return own
    found = _guard_match(message)
    if found is not None and "install" in found.group(0) and typed_install(message, found.start(), found.end(),
                                                                           failure.raised):
        return None  # the user's own command, or a program's (typed.py), not a library's check
    if found is not None and message[max(0, found.start() - 4):found.start()] == "you " and "conclude" in message:
        # uv's derivation: "you require numpy>=1.26.4,<1.27.dev0" is the user's own requirement, which the releases
        # uv read (one index's) leave unmet, not a library's check (holdout72a's distractor uv#4890)
        return None
    if found is None or message.startswith(", which is not installed", found.end()):
        # pip's note "cnstd 1.2.3 requires opencv-python>=4.0.0, which is not installed.": a package missing, no
        # version refused (holdout43a: ms-swift#3042, beside the import error that failed)
        return None
    groups = {k: v for k, v in found.groupdict().items() if v is not None}
    name = groups.get("name", "")
    spec = re.sub(r"\s+", "", re.sub(r"\s+and\s+", ",", groups.get("spec", ""))).rstrip(".")
    if not name or name.lower() in _NOT_DISTRIBUTIONS or not _valid(spec):
        return None
    who = groups.get("who")
    if who and groups.get("who_version"):
        who = f"{who} {groups['who_version']}"
    version = groups.get("found")
    if version is None:
        said = _FOUND.search(message, found.end())
        version = said["found"] if said else version_of(name)
        if not said and version and " depends on " in found.group(0) and spec.lstrip("=") == version:
            version = None  # the log's reading of this very pin ("depends on Pillow==9.2.0"), not a release found
    version = version.rstrip(".") if version else None
    if version is None and _OTHER_CONDITIONS.search(message):
        # "Your setup doesn't support bf16/gpu. You need torch>=1.10, using Ampere GPU with cuda>=11.0": the version
        # bound is one of several conditions, and the log shows none of them unmet (holdout8a: a V100, not torch)
        return None
    if version and _contains(spec, version) is True:
        return None  # the version found meets the bound: this message is not why it failed
    dist = spelled(name)
    who = who or _checker(failure, dist)
    by = f"{who} requires" if who else "the library's own version check requires"
    seen = f"; found {name} {version}" if version else ""
    if dist in BUILT_INTO_PYTHON:
        return Hint(f"{by} {name}{spec}{seen}: {name} here is the library Python's own {dist} module was built "
                    "with, not a pip package", f"use a Python built with {name}{spec} (a newer Python, or conda's "
                    f"python, which bundles its own), or a pip package that bundles a newer {name} where one exists "
                    "and the checking package documents it",
                    "reasoned from the log: the requirement as the message states it", family="version-guard")
    return Hint(f"{by} {dist}{spec}{seen}",
                f"pip install '{dist}{spec}'" + (
                    f" (or a release of {who.split()[0]} whose requirement the installed {dist} meets)" if who else ""),
                "reasoned from the log: the requirement as the message states it", family="version-guard")


#: a version printed as a tuple or a list: OpenMMLab's "mmcv>=(1, 3, 13, 0, 0, 0)", mmseg 0.x's "mmcv>=[1, 3, 7]"
#: (holdout50a: mmsegmentation#674, SeMask-Segmentation#40)
_TUPLE_VERSION = re.compile(r"[(\[](\d{1,6}(?:, \d{1,6}){1,7})[)\]]")


#: OpenMMLab's check printing only its floor, which the found release meets: mmseg 1.x's "MMCV==2.2.0 is used but
#: incompatible. Please install mmcv>=2.0.0rc4." (its assert also caps mmcv below 2.2.0; holdout50a:
#: mmseg-extension#2)
_FLOOR_ONLY = re.compile(r"\b(?P<name>[A-Za-z][\w.-]{0,100})==(?P<found>\d[\w.+]*) is used but incompatible\."
                         r"\s*Please install (?P<dist>[A-Za-z][\w.-]{0,100})(?P<spec>>=?\d[\w.]*?)\.?\s*$")


def _refused_above(failure: Failure, found: re.Match[str]) -> Hint:
    """A check that refuses a release its printed floor admits: its unprinted ceiling is at or below it."""
    dist, version, spec = spelled(found["dist"]), found["found"], found["spec"]
    checker = _checker(failure, dist)
    by = f"{checker}'s own version check" if checker else "the library's own version check"
    return Hint(f"{by} refuses {dist} {version}, though its message prints only the floor ({dist}{spec}), which "
                f"{version} meets: the check's upper bound, which the message leaves out, is at or below {version}",
                f"pip install '{dist}{spec},<{version}' (the {dist} releases the checking package's install guide "
                "names), or a release of the checking package that supports "
                f"{dist} {version}", "reasoned from the log: the library's own message names the release it refuses",
                family="version-guard")


def _dotted(found: re.Match[str]) -> str:
    """"(1, 3, 13, 0, 0, 0)" -> "1.3.13": the trailing zeros a tuple pads with dropped."""
    parts = found[1].split(", ")
    while len(parts) > 2 and parts[-1] == "0":
        parts.pop()
    return ".".join(parts)


def _own_words(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A library's own sentence naming a package of the stack, the release it needs and, where it says so, the
    one it found (mteb's "transformers version 5.4.0 is not match with required install version 4.42.4")."""
    from .atlas import atlas_distributions

    message = failure.message
    if " version" not in message and "ersion of" not in message:
        return None
    for pattern in _OWN_WORDS:
        found = pattern.search(message)
        if found is None:
            continue
        dist = spelled(found["name"])
        if dist not in _GUARDED and dist not in atlas_distributions():
            continue
        groups = found.groupdict()
        words = f"{groups.get('words') or ''} {groups.get('cmp') or ''}"
        exact = not re.search(r"greater|newer|higher|later|least|minimum|>|above", words)
        spec = f"=={found['req']}" if exact else (f">{found['req']}" if re.search(r"than$|>$", words.strip())
                                                    and "equal" not in words else f">={found['req']}")
        twin = _GPU_TWINS.get(dist)
        version = groups.get("found") or version_of(dist) or (version_of(twin) if twin else None)
        if version and _contains(spec, version) is True:
            return None
        checker = _checker(failure, dist)
        by = f"{checker}'s own version check requires" if checker else "the library's own version check requires"
        seen = f"; found {found['name']} {version}" if version else ""
        # a GPU build's own distribution name: installing the CPU one over it would swap the build (the session-37
        # second reader's paddlepaddle-gpu 1.8.5)
        install = (f"pip uninstall {dist} (the CPU build beside the GPU one), then pip install '{twin}{spec}'"
                   if twin and version_of(twin) and version_of(dist)
                   else f"pip install '{twin}{spec}' (the GPU build, as installed here)" if twin and version_of(twin)
                   else f"pip install '{dist}{spec}' (or '{twin}{spec}' for the GPU build)" if twin
                   else f"pip install '{dist}{spec}'")
        return Hint(f"{by} {dist}{spec}{seen}",
                    install + (f" (or a release of {checker} that accepts the installed {dist})" if checker else ""),
                    "reasoned from the log: the requirement as the library's own message states it",
                    family="version-guard")
    return None


def _or_bound(message: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """numba's words for the NumPy it supports: at most a major.minor ("2.1 or less": any 2.1.x, so <2.2), or at
    least one; with the version it got where it says so."""
    found = _OR_BOUND.search(message)
    if found is None:
        return None
    dist = spelled(found["name"])
    if dist in _NOT_DISTRIBUTIONS:
        return None
    version = found["version"]
    if found["direction"] in ("less", "lower", "older", "earlier", "below"):
        parts = version.split(".")
        spec = f"<{'.'.join([*parts[:-1], str(int(parts[-1]) + 1)])}" if len(parts) == 2 else f"<={version}"
    else:
        spec = f">={version}"
    got = found["found"] or version_of(dist)
    if got == version and not found["found"]:
        got = None  # the log's reading of "NumPy 1.20" in this very message: the bound, not the installed one
    if got and _contains(spec, got if got.count(".") > 1 else f"{got}.0") is True:
        return None
    who = spelled(found["who"])
    seen = f"; found {found['name']} {got}" if got else ""
    return Hint(f"{who} requires {dist}{spec} (its own words: {found['name']} {version} or {found['direction']})"
                f"{seen}", f"pip install '{dist}{spec}' (or a release of {who} that supports the installed {dist})",
                "reasoned from the log: the requirement as the library's own message states it",
                family="version-guard")


def _or_newer(message: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """pandas' words for an optional dependency below its floor: who requires it, the floor, the version found."""
    newer = _OR_NEWER.search(message)
    if newer is None:
        return None
    dist = spelled(newer["name"])
    version = newer["found"] or version_of(dist)
    if version and _contains(f">={newer['min']}", version) is True:
        return None
    who = spelled(newer["who"])
    seen = f"; found {newer['name']} {version}" if version else ""
    return Hint(f"{who} requires {dist}>={newer['min']}{seen}", f"pip install '{dist}>={newer['min']}'",
                "reasoned from the log: the requirement as the library's own message states it",
                family="version-guard")


def _below_named(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A library's words for the installed release of a package of the stack being older than it needs, with the
    bound ("a version of `bitsandbytes` < 0.41.1") or without one ("... make sure you have the latest version")."""
    from .atlas import atlas_distributions

    message = failure.message
    if "ersion of" not in message and "ersion is " not in message:
        return None
    found = _VERSION_BELOW.search(message) or _NAMED_VERSION_BELOW.search(message)
    bound = found["req"] if found else None
    if found is None:
        found = _VERSION_TOO_OLD.search(message)
        if found is None or not _UPWARDS.search(message, found.start()):
            return None  # "not compatible" says no direction unless the message asks for a newer one
    dist = spelled(found["name"])
    if dist not in _GUARDED and dist not in atlas_distributions():
        return None
    version = version_of(dist)
    if bound and version and _contains(f">={bound}", version) is True:
        return None
    checker = _checker(failure, dist)
    by = f"{checker}'s own version check" if checker else "the library's own version check"
    seen = f"; found {dist} {version}" if version else ""
    if bound:
        return Hint(f"{by} requires {dist}>={bound}{seen}", f"pip install '{dist}>={bound}'",
                    "reasoned from the log: the requirement as the library's own message states it",
                    family="version-guard")
    return Hint(f"{by} finds the installed {dist} too old for it (it asks for a newer release, without a bound){seen}",
                f"pip install -U {dist}" + (f" (or a release of {checker} written for the installed {dist})"
                                            if checker else ""),
                "reasoned from the log: the library's own message says the installed release is too old",
                family="version-guard")


#: a library's words for what the installed release of another does not support yet, and its advice to update it:
#: "`unsloth/Qwen3.5-0.8B` is not supported yet in `transformers==4.57.6`." and "Please update transformers via `pip
#: install --upgrade transformers`" (holdout45a: unsloth#4146)
_NOT_YET = re.compile(r"\bnot (?:yet )?supported (?:yet )?(?:in|with|by|on) `?(?P<name>[A-Za-z][\w.-]{0,100})"
                      r"==v?(?P<found>\d[\w.+]*?)`?(?=[.,;:)]?(?:\s|$))")


def _not_yet_supported(failure: Failure) -> Hint | None:
    """A library's own check: what is asked is not supported yet by the installed release of another, whose update
    it asks for (by name: the words alone do not say which package is the one to move)."""
    message = failure.message
    found = _NOT_YET.search(message) if "supported" in message else None
    if found is None:
        return None
    dist = spelled(found["name"])
    after = message[found.end():]
    asked = re.search(rf"\b(?:update|upgrade|--upgrade|-U)\s+`?{re.escape(found['name'])}\b", after)
    if asked is None or re.search(rf"{re.escape(found['name'])}\s*<|\bdowngrade\b", after, re.IGNORECASE):
        return None  # "Please upgrade numpy<2": a ceiling, no newer release (the session-22 second reader's case)
    checker = _checker(failure, dist)
    by = f"{checker}'s own check" if checker else "the library's own check"
    return Hint(f"{by} finds {dist} {found['found']} too old for what is asked (it is not supported yet there) and "
                f"asks for a newer {dist}", f"pip install -U {dist} (a release newer than {found['found']})"
                + (f", within what {checker} declares it supports (a newer {checker} may be needed with it)"
                   if checker else ""),
                "reasoned from the log: the library's own message names the release and asks for a newer one",
                family="version-guard")


def _unmet_together(message: str) -> Hint | None:
    """pip's list of requirements the installed packages do not meet, answered as one conflict: per package, every
    requirement on it and who asks; where two exact pins on one package differ, no release of it meets both."""
    asked: dict[str, list[tuple[str, str]]] = {}  # dist -> [(requirement, who)]
    have: dict[str, str] = {}
    for line in message.splitlines():
        found = _PIP_CONFLICT.search(line) if "which is incompatible" in line else None
        if found is None or not _valid(re.sub(r"\s+", "", found["spec"])):
            continue
        dist = spelled(found["name"])
        asked.setdefault(dist, []).append((re.sub(r"\s+", "", found["spec"]), f"{found['who']} {found['who_version']}"))
        have[dist] = found["found"].rstrip(".")
    if len(asked) < 2 and sum(len(v) for v in asked.values()) < 2:
        return None
    parts, pins, clashes = [], [], []
    for dist, wants in asked.items():
        specs = sorted({spec for spec, _ in wants})
        exact = sorted({spec for spec in specs if spec.startswith("==") and "*" not in spec and "," not in spec})
        if len(exact) == 1 and all(_contains(spec, exact[0][2:]) is not False for spec in specs):
            specs = exact  # one exact pin that meets the others says it all
        if len(exact) > 1:  # two exact pins on one package: each asker named with its own
            clashes.append(f"{dist} ({' vs '.join(exact)})")
            parts.append(", ".join(f"{who} requires {dist}{spec}" for spec, who in sorted(set(wants), key=str))
                         + f" (found {have[dist]})")
            continue
        whom = sorted({who for _, who in wants})
        named = ", ".join(whom[:-1]) + f" and {whom[-1]}" if len(whom) > 1 else whom[0]
        parts.append(f"{named} {'require' if len(whom) > 1 else 'requires'} {dist}{','.join(specs)} (found "
                     f"{have[dist]})")
        pins.append(f"'{dist}{','.join(specs)}'")
    askers = sorted({who.split()[0] for wants in asked.values() for _, who in wants})
    cause = (f"pip lists {sum(len(v) for v in asked.values())} requirements the installed packages do not meet, "
             f"read together: {'; '.join(parts)}")
    if clashes:
        cause += f"; no release meets both pins on {', '.join(clashes)}"
        fix = (f"no single environment holds these releases together: install a release of one of the packages "
               f"pinning {', '.join(c.split()[0] for c in clashes)} that pins what the other pins (or put them in "
               "separate environments)" + (f"; the other requirements then install with pip install {' '.join(pins)}"
                                            if pins else ""))
    else:
        fix = (f"install versions that meet them all in one command (pip install {' '.join(pins)}), or releases of "
               f"{', '.join(askers)} whose requirements the installed versions meet")
    return Hint(cause, fix, "reasoned from the log: pip's list of requirements the installed packages do not meet",
                family="version-guard")


#: a guard's words for conditions beside a package's version (the GPU, its CUDA, a precision)
_OTHER_CONDITIONS = re.compile(r"\b(?:GPU|Ampere|Hopper|compute capability|bf16|fp16|[Cc][Uu][Dd][Aa]\s*>=)|"
                               r"(?:doesn't|does not|don't|do not) support")
#: each guard's pattern, after the words it cannot match without (a pattern is searched only where they are)
_GUARDS = (("is required for a normal functioning", _REQUIRE_VERSION), ("which is incompatible", _PIP_CONFLICT),
           ("has requirement", _OLD_PIP_CONFLICT),
           ("distribution was not found", _NOT_FOUND), ("depends on", _DEPENDS), ("Requirement.parse", _PKG_RESOURCES),
           ("conflicts with requirement", _INSTALLED_CONFLICT))
_NEEDED = re.compile(rf"\s{_UNMET_WORDS}")
_ASKING = re.compile(r"(?:[Rr]equires?|[Nn]eeds?|[Pp]lease|install)\s")


#: old pkg_resources' DistributionNotFound, its message the bare requirement: "setuptools>=0.7" (holdout27a:
#: adhocracy#479, synda#28; buildout's and entry points' requirements on an environment's setuptools)
_BARE_REQUIREMENT = re.compile(rf"{_REQUIREMENT}\s*")


def _not_found(message: str, version_of: Callable[[str], str | None]) -> Hint | None:
    """No installed distribution meets a requirement with a floor: older than it, or not installed."""
    bare = _BARE_REQUIREMENT.fullmatch(message.strip())
    if bare is None or not bare["spec"].lstrip().startswith((">", "~=", "==")) or not _valid(bare["spec"]):
        return None  # a bare name: not installed at all, no version's
    dist, spec = spelled(bare["name"]), re.sub(r"\s+", "", bare["spec"])
    found = version_of(dist)
    if found and _contains(spec, found) is True:
        return None
    which = "another" if spec.startswith("==") else "an older"
    installed = f"{dist} {found} is installed" if found else f"{which} {dist} is installed, or none"
    return Hint(f"pkg_resources found no installed distribution that meets {dist}{spec} ({installed})",
                f"pip install -U '{dist}{spec}'",
                "reasoned from the log: pkg_resources' DistributionNotFound names the requirement",
                family="version-guard")


def _guard_match(message: str) -> re.Match[str] | None:
    """The first guard pattern that matches, each searched only near the words it needs (linear in the message)."""
    for words, pattern in _GUARDS:
        if words in message:
            found = pattern.search(message)
            if found:
                return found
    for needed in _NEEDED.finditer(message):  # "`transformers<4.42` is required": the requirement just before
        start = max(0, needed.start() - 200)
        found = _LIBRARY_GUARD[0].search(message, start, needed.end())
        if found:
            return found
    for asking in _ASKING.finditer(message):  # "requires transformers>=4.37": the requirement just after
        found = _LIBRARY_GUARD[1].match(message, asking.start(), asking.end() + 200)
        if found:
            return found
    return None


#: distributions as messages spell them, where that is not the name pip installs
_SPELLED = {"pytorch": "torch", "flash-attention": "flash-attn", "flashattention": "flash-attn",
            "huggingface-transformers": "transformers", "scikit-learn": "scikit-learn", "sklearn": "scikit-learn"}


def spelled(name: str) -> str:
    """A name as a message spells it, as the distribution pip installs ("PyTorch" -> "torch", "NumPy" -> "numpy")."""
    canonical = str(canonicalize_name(name))
    return _SPELLED.get(canonical, canonical)


_RESOLVER_TYPES = ("VersionConflict", "ContextualVersionConflict", "DistributionNotFound")


def _checker(failure: Failure, dist: str) -> str | None:
    """The package whose code raised a version check (optimum's check of auto-gptq): the other end of the fix."""
    from .names import package_frames

    frames = package_frames(failure.frames, failure.packages)
    if not frames or any(failure.is_a(t) for t in _RESOLVER_TYPES):
        # pkg_resources' own conflicts, raised in setuptools' (or distribute's, pip's vendored) code for whichever
        # distribution's requirement it resolves: the frame is no checker (holdout10a: sopel#1089)
        return None
    checker = distribution_of(frames[-1].partition(":")[0])
    return checker if checker != dist else None


