"""Resolver reports read as one conflict: the package two askers bound apart, each with its bound.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from itertools import combinations

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ...model.hints import Hint
from .conda_envs import HEADLINES as CONDA_NOT_FOUND
from .conda_envs import PYTHONS as _PYTHONS
from .conda_envs import conda_python as _conda_python
from .conda_envs import exported_elsewhere, no_viable_release
from .names import requirement_name
from .spec_checks import overlap as _overlap
from .spec_checks import spec_contains as spec_contains
from .spec_checks import specs_apart as specs_apart
from .spec_checks import valid_spec as valid_spec
from .uv_words import uv_conflict


def resolver_conflict(message: str, pip_causes: str = "", pip_headline: bool = True) -> Hint | None:
    """A resolver's report of requirements no release meets together: uv's derivation, pip-tools' (pipenv's) list.

    ``pip_causes``: what pip's "The conflict is caused by:" shows below its headline, where the log pastes it
    ("requested": a "The user requested" line among them; "tried": candidates only; "": none pasted);
    ``pip_headline``: pip's headline above them is pasted too."""
    if message.startswith(PIP_CAUSES):
        return _pip_causes(message, pip_headline)
    if ("depend" in message or "Because you require" in message or "for split (" in message) and (
            "No solution found" in message or "╰─▶" in message or "unsatisfiable" in message
            or "are incompatible" in message or "we can conclude that" in message):
        found = uv_conflict(message)
        if found is not None:
            return found
    if "Could not find a version that matches " in message:
        return pipenv_conflict(message)
    if "there are no viable options" in message:
        return no_viable_release(message)
    if _PEX_HEADLINE in message:
        return _pex_conflict(message)
    if "There are incompatible versions in the resolved dependencies:" in message:
        return _pip_compile_conflict(message)
    if "Python requirement" in message and "is not compatible with some of the required packages" in message:
        return _poetry_python(message)
    if " is forbidden" in message and "Because " in message:
        forbidden = _poetry_forbidden(message)
        if forbidden is not None:
            return forbidden
    if "version solving failed" in message or (" is incompatible with " in message and (
            "Because " in message or message.startswith("And because "))):  # a later step of it (spaCy#13196)
        # Poetry's derivation pasted without its headline: "Because vllm (0.8.5.post1) depends on transformers
        # (>=4.51.1) and llmcompressor (0.5.0) depends on transformers (>4.0,<4.50), vllm (0.8.5.post1) is
        # incompatible with llmcompressor (0.5.0)." (holdout66a: llm-compressor#1474)
        return poetry_conflict(message)
    if "incompatible with the existing python installation" in message and "Your python:" in message:
        return _conda_python(message)
    pins = _SAME_TWICE.search(message) if "because these package versions have conflicting" in message else None
    twice = pins is not None and canonicalize_name(pins["one"]) == canonicalize_name(pins["other"])
    if pins and twice and pip_causes != "tried":
        # two requirements on one package; where the causes below are candidates pip tried ("A 0.0.2 depends on
        # torch==1.7.1"), they are releases of one requirement, not two (the session-23 second reader's case)
        one, other = (pins[side] or f"=={pins[f'{side}_at']}" for side in "ab")
        apart = specs_apart([*one.split(","), *other.split(",")])
        if apart is not None:
            name = pins["one"]
            return Hint(f"the requirements ask for {name}{one} and {name}{other}: no release meets both, so "
                        "pip's resolver stops", f"keep one requirement on {name} in what pip was given (a file that "
                        "lists it twice, two requirement files, or a file and the command line)",
                        "reasoned from the log: pip's resolver words", family="version-guard")
    cannot = _CANNOT_INSTALL.search(message) if "because these package versions have conflicting" in message else None
    if cannot is not None and not twice and "+" not in cannot["asked"] and pip_causes != "tried":
        # what the headline itself says, its causes cut or read apart; not for one package asked twice, where some
        # release meets both (the conflict is elsewhere, below), nor a local build (torch==2.1.2+cu118 beside
        # torch==2.1.2: an index missing), nor where the causes are candidates pip tried alone (the session-23 second
        # reader's ocrd_all#347: candidates of the CPU index lacking an unpinned dependency)
        asked = cannot["asked"].strip()
        asked = asked if len(asked) <= 300 else f"{asked[:150]} ... {asked[-100:]}"
        return Hint(f"pip's resolver found no set of releases that meets every requirement it was given: what it was "
                    f"asked to install ({asked}) requires releases of a package that conflict (pip names them under "
                    "\"The conflict is caused by:\")",
                    "loosen or drop the pins among those requirements (an exact == pin, a second requirement file), or "
                    "ask for releases whose own requirements fit together", VAGUE_RESOLVER, family="version-guard")
    if message.startswith("ResolutionImpossible") and "conflicting-dependencies" in message and not pip_causes:
        # pip's last line alone, its headline and causes not pasted (holdout101a: tensorflow#53464)
        return Hint("pip's resolver found no set of releases that meets every requirement it was given "
                    "(ResolutionImpossible): the requirements, or the requirements of the releases they admit, "
                    "conflict (pip names them above this line, under \"The conflict is caused by:\")",
                    "loosen or drop the pins among those requirements, or ask for releases whose own requirements fit "
                    "together", "reasoned from the log: pip's resolver words (its last line; the lines above it name "
                    "the requirements)", family="version-guard")
    if (message.startswith("Because no versions of ") or _POETRY_STEP.match(message)) and " depends on " in message \
            and not any(words in message for words in _SOLVER_CONCLUSIONS):
        # Poetry's derivation pasted without its conclusion ("version solving failed" and the step before it): its
        # steps are a solve failing all the same (holdout137a: mljar-supervised#411, tensorflow's own numpy and scipy
        # pins against the project's, the excerpt cut after two steps)
        return Hint("Poetry's solver found no set of versions that meets every requirement: its derivation (pasted "
                    "without its conclusion) rules out each range of a package its steps name, for what that range's "
                    "releases depend on",
                    "read the derivation to its end (Poetry prints it whole, down to \"version solving failed\"): "
                    "loosen the constraint in pyproject.toml it ends on, or ask for releases whose own requirements "
                    "fit together",
                    "reasoned from the log: Poetry's solver words (its derivation, cut)", family="version-guard")
    return None


#: words of a derivation's conclusion: a whole one is read by the solvers' own readings
_SOLVER_CONCLUSIONS = ("version solving failed", "incompatible", "forbidden", "we can conclude")
#: Poetry's other opening step, a release's requirement: "Because torchvision (0.15.2) depends on torch (2.0.1)" (its
#: versions in parentheses, as in poetry#5716; uv's steps name requirements "torch==2.0.1", with no parentheses)
_POETRY_STEP = re.compile(r"Because [A-Za-z0-9][\w.-]{0,100} \([^()\n]{1,80}\) depends on [A-Za-z0-9][\w.\[\]-]{0,100} "
                          r"\([^()\n]{1,80}\)(?:\n| and )")  # the step's own end: not a sentence that goes on after it


#: conda's list of what does not fit the system ("__glibc[version='>=2.17']" ... "Your installed version is: 2.27"),
#: printed also where every requirement it lists is met: then the cause lies elsewhere (holdout79a's distractor
#: cuml#3108: the rapidsai channel asked without nvidia's and conda-forge's)
_SYSTEM_MET = "incompatible with your system"
_SYSTEM_SPEC = re.compile(r"__(?:glibc|cuda)\[version='(?P<spec>[^']{1,80})'\]")
_INSTALLED_SYSTEM = re.compile(r"Your installed (?:CUDA driver |version )?is: (?P<version>\d+(?:\.\d+){0,2})")


#: pip's list of what conflicts, below its headline, read as one block (logs.py)
PIP_CAUSES = "The conflict is caused by:"
_REQUESTED = re.compile(r"The user requested (?:\(constraint\) )?(?P<req>[A-Za-z0-9][^\s()]{0,200})")
_TRIED = re.compile(r"(?P<who>[A-Za-z0-9][\w.-]{0,100}) (?P<at>\d[^\s]{0,40}) depends on "
                    r"(?P<dep>[A-Za-z0-9][\w.\[\]-]{0,100})(?P<spec>[^\s]*)")


def _pip_causes(message: str, headline: bool) -> Hint | None:
    """pip's "The conflict is caused by:" block alone: its headline cut where it was pasted (holdout137a:
    SkyReels-A1#20, holdout140a: God-s-Eye#1), or candidates of one requirement that each depend on a package pip has
    no release of (holdout63a: chatglm_webui#2, icetk on torchvision; holdout94a: hstaxe#19, on cfitsio, which only
    conda publishes), which its headline's readings leave unanswered."""
    tried = list(_TRIED.finditer(message))
    requested = [found["req"] for found in _REQUESTED.finditer(message)]
    whos = {canonicalize_name(found["who"]) for found in tried}
    deps = {canonicalize_name(found["dep"]) for found in tried}
    if "The user requested" not in message and len(whos) == 1 and len(deps) == 1 and not any(
            found["spec"] for found in tried):
        who, dep = tried[0]["who"], tried[0]["dep"]
        return Hint(f"every release of {who} pip tried depends on {dep}, and pip found no release of {dep} it could "
                    f"install: the index it reads does not have {dep}, or has none for this Python or platform",
                    f"install {dep} first from where it is published (for PyTorch's packages, PyTorch's own index; a "
                    f"package conda alone publishes, with conda), or use a Python and platform {dep} has releases for",
                    "reasoned from the log: pip's resolver words (the releases it tried, each asking for the same "
                    "package with no bound)", family="version-guard")
    if headline or not requested:
        return None  # the headline's readings tell the rest
    dist = requirement_name(requested[0]) or requested[0]
    asked = ", ".join(dict.fromkeys(requested))
    return Hint(f"pip's resolver found no set of releases that meets every requirement on {dist}: what was asked "
                f"({asked}) and what the releases it needs ask of {dist} conflict (pip lists each under \"The conflict "
                "is caused by:\"; the paste is cut before its headline)",
                f"loosen or drop the pins on {dist} among the requirements (an exact == pin, one package asked twice), "
                f"or ask for releases whose own requirements on {dist} admit it", VAGUE_RESOLVER,
                family="version-guard")


def _system_met(message: str) -> bool:
    """Every __glibc (or __cuda) requirement conda lists is met by the one installed version it names, and the lists
    name nothing else in conflict."""
    specs, installed = _SYSTEM_SPEC.findall(message), _INSTALLED_SYSTEM.findall(message)
    others = re.search(r"^\s*- ", message.partition(_SYSTEM_MET)[0], re.MULTILINE)  # specifications listed before
    if not specs or len(set(installed)) != 1 or others:
        return False
    try:
        return all(SpecifierSet(spec).contains(Version(installed[0]), prereleases=True) for spec in specs)
    except (InvalidSpecifier, InvalidVersion):
        return False


#: conda 3's words for the same ("Error: Unsatisfiable package specifications.", a hint of the conflicting ones below
#: it: holdout85a's astropy#2759 and photutils#275, holdout52a's conda#124)
CONDA3_UNSATISFIABLE = "Unsatisfiable package specifications"
#: conda 4's blocks of its UnsatisfiableError, its headline cut from the paste: "Package tornado conflicts for:" and
#: the chains below it (holdout89a: anaconda-issues#12589; holdout48a: IdealGPT#1)
_CONDA_PACKAGE_CONFLICTS = re.compile(r"Package [A-Za-z0-9][\w.-]{0,100} conflicts for:")
#: the source of the answer for conda's refusal read without a cause the lines name (the causes' answers replace it)
VAGUE_CONDA = "reasoned from the log: conda's solver words (UnsatisfiableError; the specifications it lists say which)"


#: a version asked of conda as a package of its own ("conda install btllib 1.6.2"), in mamba's and libmamba's words
VERSION_AS_NAME = re.compile(r"nothing provides requested \d[\w.]*\s*$|"
                             r"^[├└│─ ]*\d[\w.]* does not exist \(perhaps a typo", re.MULTILINE)


def conda_unsatisfiable(types: tuple[str, ...], message: str, not_linux: bool = False, macos: bool = False,
                        offline: bool = False) -> Hint | None:
    """conda's (mamba's) UnsatisfiableError, where no reading of what it lists says more: the specifications asked
    conflict with each other, the environment's Python or what the channels hold (holdout58a: four threads)."""
    listed = CONDA_IN_CONFLICT in message
    if message.startswith(CONDA_NOT_FOUND) or CONDA_NOT_FOUND[1] in message:
        return exported_elsewhere(message, not_linux, macos, offline)
    if not (types[0].endswith("UnsatisfiableError") or "Encountered problems while solving" in message or listed
            or CONDA3_UNSATISFIABLE in message or (_CONDA_PACKAGE_CONFLICTS.match(message) and " -> " in message)):
        return None
    if "nothing provides __glibc" in message:
        return None  # the system's C library too old: hpc_solvers reads it (holdout164b: moose#28517)
    if VERSION_AS_NAME.search(message):
        # a version asked as a package of its own ("conda install btllib 1.6.2": "nothing provides requested 1.6.2";
        # holdout97a's distractor ntLink#106): the command is malformed, no release conflicts
        return None
    if "nothing provides requested" in message and " requires " not in message:
        # a package no channel searched has (holdout76a's distractor mamba#1246: kraken2 without -c bioconda), unless
        # each line is an exact pin, an environment file exported elsewhere (holdout84a: Diffpose#18)
        builds = _MAMBA_BUILD.findall(message)
        if len(builds) < 2 or len(builds) < message.count("nothing provides requested"):
            return None
        shown = ", ".join(f"{n} =={v} {b}" for n, v, b in builds[:3]) + (", ..." if len(builds) > 3 else "")
        return Hint(f"mamba finds none of the exact builds the environment asks for ({shown}): a build string "
                    "names one platform's and one channel's build (an environment file exported on another machine), "
                    "which this platform or these channels do not have",
                    "drop the build strings from the environment file (conda env export --no-builds writes it so; "
                    "keep name==version, or the name alone where that version is not on these channels either), or "
                    "add the channel those builds come from (the environment file's channels)",
                    VAGUE_CONDA, family="version-guard")
    if _SYSTEM_MET in message and _system_met(message):
        return None
    if listed:
        listed_text = message.partition(CONDA_IN_CONFLICT)[2]
        first_line = listed_text.partition("\n")[0]
        if first_line.lstrip().startswith("- ") and first_line.count(" - ") >= 1:
            # the list pasted onto the headline's line ("...in conflict: - blaze - pymc Use "conda info ..."":
            # holdout91a, pymc#174), each specification after its " - "
            specifications = [spec.strip() for spec in re.split(r"(?:^|\s)-\s", first_line.partition(' Use "conda')[0])
                              if spec.strip()]
        else:
            specifications = _CONDA_LISTED.findall(listed_text)
        pinned = _CONDA_BUILD_PIN.fullmatch(specifications[0].strip()) if len(specifications) == 1 else None
        if pinned is not None:
            return Hint(f"conda cannot install the exact build the environment pins ({pinned[0]}): a build string "
                        "names one platform's and one channel's build, which this platform or these channels do "
                        "not have", f"pin the version without its build (conda env export --no-builds; "
                        f"{pinned['name']}=={pinned['version']}), or drop the pin", VAGUE_CONDA, family="version-guard")
        if len(specifications) == 1 and "->" not in specifications[0]:
            # one specification in conflict with nothing else asked: conda 4's words where what it depends on is in
            # none of the channels searched (holdout71a's distractor bioconda-recipes#7678: conda-forge not added)
            return None
        python = _python_against_a_package(specifications)
        if python is not None:
            return python
    # conda 3's solver refused specifications later releases solve (conda#1783, distro-win#8: updating conda fixed
    # them, the session-34 second reader's cases)
    old_conda = (" (conda 3's solver also refused what later conda releases solve: conda update conda, then try "
                 "again)") if CONDA3_UNSATISFIABLE in message else ""
    return Hint("conda's solver found no environment that meets every specification asked (UnsatisfiableError): the "
                "specifications it lists conflict with each other, with the environment's Python, with the system "
                "(the driver's CUDA, glibc: its __cuda and __glibc) or with what the channels hold for this platform",
                "read what conda lists (each specification with what it needs); relax or drop the pins it names, "
                "create a new environment (conda create -n ENV python=... PACKAGES) rather than installing into this "
                f"one, or take the package from the channel its install guide names{old_conda}", VAGUE_CONDA,
                family="version-guard")


#: the source of the answer for pip's resolver at its depth limit (a conflict the lines name replaces it: holdout62a,
#: ms-swift#4349's pip check after it)
VAGUE_TOO_DEEP = "reasoned from the log: pip's own error for a resolution it stopped"
#: pip's words for a resolution it stopped at its depth limit (``error: resolution-too-deep``, pip 24.1 on)
TOO_DEEP = ("resolution-too-deep", "Dependency resolution exceeded maximum depth")


#: conda 4's words over the specifications it found in conflict, one "- " line each ("- tophat -> python 2.7*")
CONDA_IN_CONFLICT = "The following specifications were found to be in conflict:"
_CONDA_LISTED = re.compile(r"^\s*- ([^\n]{1,300})$", re.MULTILINE)
#: mamba's line for an exact build no channel has: "- nothing provides requested zlib ==1.2.12 h7f8727e_2"
#: any build string ("py36_cu100", "2": holdout174a's RL-GraphINVENT#4, holdout175a's FP-Zernike#1); names and versions
#: alone are as often a channel not given (the session-33 second reader's kraken2 ==2.1.2, bracken ==2.8)
_MAMBA_BUILD = re.compile(r"nothing provides requested (?P<name>[A-Za-z0-9][\w.-]{0,100}) ==(?P<version>[\w.!+]{1,60})"
                          r" (?P<build>[\w.]{1,80})[ \t]*$", re.MULTILINE)
#: an exact build pinned: "numpy==1.15.1=py37h1d66e8a_0", as conda env export writes it (holdout72a: market-reporter#34)
_CONDA_BUILD_PIN = re.compile(r"(?P<name>[A-Za-z0-9][\w.-]{0,100})==?(?P<version>[\w.]{1,60})=(?P<build>[a-z]\w*_\d+)")
_CONDA_PYTHON_ASKED = re.compile(r"python[ =]{1,2}(?P<version>\d+\.\d+)[.*]*")
#: a package's own need, not a chain through another ("tensorflow -> protobuf==3.0.0b2 -> python=2.7" is one protobuf
#: build's: the session-29 second reader's doconce#175, where tensorflow had Python 3.5 and 3.6 builds)
_CONDA_PYTHON_NEEDED = re.compile(r"(?P<name>[A-Za-z0-9][\w.-]{0,100})(?: (?P<release>[^\s>]+))? -> "
                                  r"python[ =]{1,2}(?P<version>\d+\.\d+)[.*]*")


def _python_against_a_package(specifications: list[str]) -> Hint | None:
    """conda 4's list where the environment's Python ("- python 3.6*") and a package's need ("- tophat -> python
    2.7*") are the conflict (holdout71a: biostar-handbook#13)."""
    asked = {found["version"] for spec in specifications if (found := _CONDA_PYTHON_ASKED.fullmatch(spec.strip()))}
    needs = [found for spec in specifications if (found := _CONDA_PYTHON_NEEDED.fullmatch(spec.strip()))]
    if len(asked) != 1 or not needs or any(need["version"] in asked for need in needs):
        return None
    python, name = asked.pop(), needs[0]["name"]
    told = ", ".join(f"{need['name']} {need['release'].rstrip('*') if need['release'] else ''}".rstrip()
                     + f" needs Python {need['version']}" for need in needs)
    return Hint(f"conda found the specifications in conflict: the environment asks for Python {python}, and {told}",
                f"ask for a release of {name} that has builds for Python {python} (conda install \"{name}\" without "
                f"the pin, or a newer one), or create an environment with the Python it needs (conda create -n ENV "
                f"python={needs[0]['version']} {name})", "reasoned from the log: conda's solver words",
                family="version-guard")


def resolution_too_deep(message: str) -> Hint | None:
    """pip's resolver giving up at its depth limit: the requirements asked together (most often a package's extras,
    ``[all]``) leave it too many releases to try, no conflict named (holdout58a: inference#3629; holdout62a:
    ms-swift#4080, the extras' pins conflicting)."""
    if not any(words in message for words in TOO_DEEP):
        return None
    return Hint("pip's resolver gave up before it found releases that meet every requirement (resolution-too-deep): "
                "the packages asked for together, most often a package's extras ([all]), bound each other's versions "
                "so loosely or so much at odds that it could not settle them within its limit",
                "install fewer extras or packages in one command (the package without [all], then the extras it lacks "
                "one by one), add the lower bounds pip's hint asks for, or resolve with uv (uv pip install ...), which "
                "names the conflicting requirements where there are some",
                VAGUE_TOO_DEEP, family="version-guard")


#: the source of the answer for pip's first line alone, which any answer from the causes below it replaces
VAGUE_RESOLVER = ("reasoned from the log: pip's resolver words (its first line; the causes below it name the "
                  "requirements)")
#: pip's resolver, its first line: "Cannot install accelerate and peft==0.7.2.dev0 because these package versions have
#: conflicting dependencies." (holdout51a: PhenoGPT#5, the causes below it not pasted)
#: (a requirements file's many lines named: "-r requirements.txt (line 131), ... and numpy==1.22.4", holdout117a's
#: MotionMillion-Codes#9, 900 characters)
_CANNOT_INSTALL = re.compile(r"Cannot install (?P<asked>[^\n]{1,4000}?) because these package versions have "
                             r"conflicting")


#: pip's resolver: "Cannot install GitPython==3.1.37 and GitPython==3.1.43 because these package versions have
#: conflicting dependencies." (holdout24a: Telco-RAG#1, a requirements file that pins one package twice; holdout25a:
#: ComfyUI_FaceAnalysis#38, "diffusers==0.24.0 and diffusers>=0.28.0" from two requirement files)
_ONE_SPEC = r"(?:===?|~=|!=|<=|>=|<|>)[\w.+!*]+"
#: a requirement pip names by its version and where it came from: "peft 0.11.2.dev0 (from
#: git+https://github.com/huggingface/peft.git)" (holdout51a: llm_finetuning#6, a git checkout beside a file's pin)
_FROM = r" (?P<{0}_at>\d[\w.+!]{{0,60}})(?: \(from [^()\n]{{1,400}}\))?"
_SAME_TWICE = re.compile(rf"Cannot install (?P<one>[A-Za-z0-9][\w.-]*)(?:(?P<a>{_ONE_SPEC}(?:,{_ONE_SPEC})*)|"
                         rf"{_FROM.format('a')}) and (?P<other>[A-Za-z0-9][\w.-]*)(?:(?P<b>{_ONE_SPEC}"
                         rf"(?:,{_ONE_SPEC})*)|{_FROM.format('b')}) because these package versions have conflicting")
#: Poetry's solver: "The current project's Python requirement (>=3.6,<4.0) is not compatible with some of the
#: required packages Python requirement: - ipfshttpclient requires Python >=3.5.4,!=3.6.0, so it will not be satisfied
#: for Python 3.6" (holdout24a: poetry#3645); later Poetry says "supported Python range" (python-poetry/poetry#8423,
#: 2023; holdout69a: poetry#9662), and Poetry 2 "will not be installable" (the session-28 second reader's
#: docling-sdg#7); the range as Poetry prints it, ">=3.7, <3.11" (holdout79a: poetry#5044)
_POETRY_PYTHON = re.compile(r"The current project's (?:Python requirement|supported Python range) "
                            r"\((?P<project>[^()\n]{1,200})\) is not "
                            r"compatible with some of the required packages Python requirement:?\s*(?:- )?"
                            r"(?P<name>[A-Za-z0-9][\w.-]*) requires Python (?P<spec>[^\s,]+(?:, ?[^\s,]+)*), so it "
                            r"will not be (?:satisfied|installable) for Python (?P<pythons>[^\n]{1,200})")


def _poetry_python(message: str) -> Hint | None:
    found = _POETRY_PYTHON.search(message)
    if found is None:
        return None
    name, spec = canonicalize_name(found["name"]), found["spec"].rstrip(".,")
    return Hint(f"the project's Python range ({found['project']}) admits Pythons {name} does not support: {name} "
                f"requires Python {spec}, not met for Python {found['pythons'].strip()}, so Poetry's solver refuses",
                f"narrow the project's python requirement in pyproject.toml to Pythons {name} supports (the range "
                f"{spec} asks for), or add {name} with a python marker for the Pythons it supports",
                "reasoned from the log: Poetry's solver words", family="version-guard")


#: Poetry's solver: "Because eetq (1.0.0) @ https://.../EETQ-1.0.0+cu121+torch2.1.2-cp310-cp310-linux_x86_64.whl
#: depends on torch (2.1.2) and myrepo depends on torch (2.4.0), eetq is forbidden." (holdout39a: EETQ#33)
_POETRY_FORBIDDEN = re.compile(r"Because (?P<who>[A-Za-z0-9][\w.-]*) \((?P<version>[^()\s]{1,60})\)(?: @ \S{1,400})? "
                               r"depends on (?P<name>[A-Za-z0-9][\w.-]*) \((?P<one>[^()\n]{1,100})\)\s+and "
                               r"(?P<other>[A-Za-z0-9][\w.-]*)(?: \([^()\s]{1,60}\))? depends on (?P=name) "
                               r"\((?P<two>[^()\n]{1,100})\), (?P=who) is forbidden")


def _poetry_forbidden(message: str) -> Hint | None:
    found = _POETRY_FORBIDDEN.search(message)
    if found is None:
        return None
    who, name = f"{found['who']} {found['version']}", found["name"]
    one, two = found["one"], found["two"]
    # Poetry's "(0.1.62 git)": a version a git source gives (holdout125a: ergo#361)
    specs = [spec if re.match(r"[<>=!~]", spec) else f"=={spec}"
             for spec in (one.removesuffix(" git").replace(" ", ""), two.removesuffix(" git").replace(" ", ""))]
    if ("||" in one) != ("||" in two) and _union_refuses(*((one, two) if "||" in one else (two, one))):
        pass  # a union of ranges none of which holds the other's one version (holdout82a: tfx#3794)
    elif any("+" in spec or "^" in spec or "||" in spec or ("~=" not in spec and "~" in spec) for spec in specs) \
            or not ((specs[0].startswith("==") or specs[1].startswith("==")) and not _overlap(*specs)):
        # a build's local tag (torch 2.4.0+cu121 from another source), Poetry's own operators, or two ranges: whether
        # no version meets both, the words do not show (the session-20 second reader's poetry#4231 shape)
        return None
    return Hint(f"{who} requires {name} {one}, and {found['other']} requires {name} {two}: no {name} meets both, so "
                f"Poetry's solver refuses {who}",
                f"a release (or build) of {found['who']} whose requirement on {name} admits {two}, or {name} {one} "
                f"for {found['other']} where that is the one to move",
                "reasoned from the log: Poetry's solver words", family="version-guard")


def _union_refuses(union: str, exact: str) -> bool:
    """Whether no range of Poetry's union (">=1.15.2,<2.0.0 || >=2.4.0,<2.5.0") holds the one version ("2.5.0")."""
    ranges = [poetry_specifiers(part) for part in union.split("||")]
    try:
        version = Version(exact.strip())
        return all(specs is not None for specs in ranges) and not any(
            SpecifierSet(",".join(specs or [])).contains(version, prereleases=True) for specs in ranges)
    except (InvalidVersion, InvalidSpecifier):
        return False


#: a Poetry term: a package and, in brackets, a version or a constraint ("torch (1.2.0)", "dnspython (^2.1.0)")
_TERM = r"(?P<{0}>[A-Za-z0-9][\w.-]{{0,100}})(?: \((?P<{0}_at>[^()\n]{{1,100}})\))?"
_POETRY_ASKS = re.compile(_TERM.format("who") + r"\s+(?:depends on|requires)\s+(?:both\s+)?"
                          r"(?P<name>[A-Za-z0-9][\w.-]{0,100}) \((?P<spec>[^()\n]{1,100})\)"
                          # "and Y (b)" a second dependency of the same asker, not the next asker's "and Y (v)
                          # depends on" (holdout66a: llm-compressor#1474)
                          r"(?:\s+and\s+(?P<name2>[A-Za-z0-9][\w.-]{0,100}) \((?P<spec2>[^()\n]{1,100})\)"
                          r"(?!\s+(?:depends on|requires)\b))?")
_POETRY_WHICH = re.compile(r"(?P<who>[A-Za-z0-9][\w.-]{0,100}) \((?P<who_at>[^()\n]{1,100})\)\s+which depends on\s+"
                           r"(?P<name>[A-Za-z0-9][\w.-]{0,100}) \((?P<spec>[^()\n]{1,100})\)")
_POETRY_ROOT = re.compile(r"So, because (?P<root>[A-Za-z0-9][\w.-]{0,100}) depends on")
#: Poetry's words for a project whose Python range a dependency's does not cover: "The current project must support
#: the following Python versions: *" ... "poetry (0.12.10) requires Python ~2.7 || ^3.4, poetry is forbidden."
#: (holdout48a: poetry#743)
_POETRY_MUST = re.compile(r"The current project must support the following Python versions: (?P<project>[^\n]{1,200})")
_POETRY_PYTHON_FORBIDDEN = re.compile(r"(?P<name>[A-Za-z0-9][\w.-]{0,100}) \((?P<version>[^()\s]{1,60})\) "
                                      r"requires Python (?P<spec>[^,\n]{1,100}), (?P=name) is forbidden")




def poetry_conflict(message: str) -> Hint | None:
    """Poetry's derivation of why version solving failed: a package two askers bound apart (a dependency's
    requirement and the project's, or two dependencies'), each with its bound; or a dependency whose Python range
    the project's does not fit."""
    must = _POETRY_MUST.search(message)
    python = _POETRY_PYTHON_FORBIDDEN.search(message) if must is not None else None
    if must is not None and python is not None and _admits_others(must["project"].strip(), python["spec"].strip()):
        refused, spec = canonicalize_name(python["name"]), python["spec"].strip()
        return Hint(f"the project's Python range ({must['project'].strip()}) admits Pythons {refused} "
                    f"{python['version']} does not support: it requires Python {spec}, so Poetry's solver refuses it",
                    f"narrow the project's python requirement in pyproject.toml to Pythons {refused} supports (the "
                    f"range {spec} asks for), or add {refused} with a python marker for the Pythons it supports",
                    "reasoned from the log: Poetry's solver words", family="version-guard")
    #: dist -> asker -> (the asker as written, its constraint as written, as PEP 440)
    asked: dict[str, dict[str, tuple[str, str, list[str]]]] = {}
    found_asks = []
    for m in _POETRY_ASKS.finditer(message):
        found_asks.append((m["who"], m["who_at"], m["name"], m["spec"]))
        if m["name2"]:  # "depends on both X (a) and Y (b)"
            found_asks.append((m["who"], m["who_at"], m["name2"], m["spec2"]))
    found_asks += [(m["who"], m["who_at"], m["name"], m["spec"]) for m in _POETRY_WHICH.finditer(message)]
    for who, who_at, wanted, spec in found_asks:
        dist, asker = str(canonicalize_name(wanted)), str(canonicalize_name(who))
        specs = poetry_specifiers(spec)
        if specs is not None and asker != dist and asker not in ("which", "no", "versions"):
            asked.setdefault(dist, {}).setdefault(asker, (f"{who} ({who_at})" if who_at else who, spec, specs))
    root = _POETRY_ROOT.search(message)
    project = str(canonicalize_name(root["root"])) if root is not None else None
    for dist, askers in asked.items():
        for (first, (one_who, one, one_specs)), (second, (other_who, other, other_specs)) in combinations(
                askers.items(), 2):
            if specs_apart(one_specs + other_specs) is None:
                continue
            if first == project:  # the project's own requirement said second
                (first, one_who, one), (second, other_who, other) = (second, other_who, other), (first, one_who, one)
            bare = one_who.partition(" (")[0]
            fix = (f"a release of {bare} whose requirement on {dist} admits {other}, or {dist} {one} in "
                   f"{other_who.partition(' (')[0]}'s dependencies" if second == project else
                   f"releases of {bare} and {other_who.partition(' (')[0]} whose requirements on {dist} overlap")
            return Hint(f"{one_who} requires {dist} {one}, and {other_who} depends on {dist} {other}: no {dist} meets "
                        "both as Poetry prints them, so its version solving failed",
                        f"{fix} (Poetry's report leaves out markers: where a requirement holds for some Pythons only, "
                        "as opencv-python's numpy floor on Python 3.10 and later, narrow the project's Python range "
                        "instead)",
                        "reasoned from the log: Poetry's solver words", family="version-guard")
    return None


#: the Pythons a project's range is tried against: 2.7 and 3.0 to 3.20


def _admits_others(project: str, dependency: str) -> bool:
    """Whether the project's Python range admits a Python the dependency's does not ("*" and "~2.7 || ^3.4": yes;
    "^3.7" and ">=3.6": no, the session-22 second reader's case); False where either does not parse."""
    def ranges(constraint: str) -> list[SpecifierSet] | None:
        if constraint.strip() == "*":
            return [SpecifierSet()]
        found = [poetry_specifiers(part) for part in constraint.split("||")]
        if any(specs is None for specs in found):
            return None
        return [SpecifierSet(",".join(specs or [])) for specs in found]

    try:
        project_ranges, dependency_ranges = ranges(project), ranges(dependency)
    except InvalidSpecifier:
        return False
    if project_ranges is None or dependency_ranges is None:
        return False
    admitted = [python for python in _PYTHONS if any(r.contains(python, prereleases=True) for r in project_ranges)]
    return any(not any(r.contains(python, prereleases=True) for r in dependency_ranges) for python in admitted)


def poetry_specifiers(constraint: str) -> list[str] | None:
    """A Poetry constraint as PEP 440 specifiers ("^0.4.0" -> >=0.4.0, <0.5); None for one that is not a plain
    range ("*", a union with "||", a local build)."""
    specs: list[str] = []
    for part in re.split(r",\s*|\s+(?=[<>=!^~])", constraint.strip()):
        part = part.replace(" ", "")
        if re.fullmatch(r"=?\d+(?:\.\d+)*", part):
            specs.append(f"=={part.lstrip('=')}")
        elif re.fullmatch(r"[\^~]\d+(?:\.\d+)*", part):
            numbers = [int(n) for n in part[1:].split(".")]
            if part[0] == "^":
                at = next((k for k, n in enumerate(numbers) if n), len(numbers) - 1)
            else:
                at = min(1, len(numbers) - 1) if len(numbers) > 1 else 0
            upper = [*numbers[:at], numbers[at] + 1]
            specs += [f">={part[1:]}", f"<{'.'.join(map(str, upper))}"]
        elif re.fullmatch(r"=?=?\d+(?:\.\d+)*\.\*", part):  # a wildcard, "1.10.*"
            specs.append(f"=={part.lstrip('=')}")
        elif re.fullmatch(r"(?:===?|!=|<=|>=|<|>)\d+(?:\.\d+)*", part):
            specs.append(part)
        else:
            return None
    return specs or None


#: pip-tools' resolver, and pipenv's, which uses it: every requirement on one package, joined, that no release met:
#: "Could not find a version that matches numpy<=1.14.5,==1.15.1,>=1.13.3" (holdout23b: pipenv#2802, rasa_core#1023)
_PIPENV_MATCHES = re.compile(r"Could not find a version that matches (?P<name>[A-Za-z0-9][\w.-]*)(?:\[[\w,.-]+\])?"
                             r"(?P<specs>(?:(?:===?|~=|!=|<=|>=|<|>)[^\s,]+,?){2,40})")


def pipenv_conflict(message: str) -> Hint | None:
    """pip-tools' (pipenv's) list of the requirements on one package, where two of them cannot both hold (None: they
    can, as far as the list shows: a release may be missing from the index instead)."""
    found = _PIPENV_MATCHES.search(message)
    if found is None:
        return None
    specs = [spec for spec in found["specs"].split(",") if spec]
    apart = specs_apart(specs)
    if apart is None:
        return None
    name = canonicalize_name(found["name"])
    one, other = apart
    return Hint(f"the resolver found no {name} that meets every requirement on it together: {name}{one} and "
                f"{name}{other} cannot both hold (the requirements on it: {name}{','.join(specs)})",
                f"find which packages ask for {name}{one} and {name}{other} (pipenv graph, or pip-compile's "
                f"annotations) and choose releases whose requirements on {name} overlap, or relax your own pin",
                "reasoned from the log: pip-tools' resolver words (pipenv prints them too)", family="version-guard")


#: pip-compile's lines under "There are incompatible versions in the resolved dependencies:", one per requirement:
#: "protobuf>=4.21.6 (from grpcio-status==1.51.1->-r requirements.in (line 1))" (holdout29a: grpc#31829)
_PIP_COMPILE_LINE = re.compile(r"^\s*(?P<name>[A-Za-z0-9][\w.-]*)(?:\[[\w,.-]+\])?(?P<spec>(?:(?:===?|~=|!=|<=|>=|<|>)"
                               r"[^\s,]+,?){1,10}) \(from (?P<by>[^\n]{1,300})\)$", re.MULTILINE)


def _pip_compile_conflict(message: str) -> Hint | None:
    """pip-compile's requirements on one package that no release met together, where two of them cannot both hold."""
    lines = list(_PIP_COMPILE_LINE.finditer(message))
    names = {canonicalize_name(line["name"]) for line in lines}
    if len(names) != 1:
        return None
    specs = [spec for line in lines for spec in line["spec"].split(",") if spec]
    apart = specs_apart(specs)
    if apart is None:
        return None
    name, (one, other) = names.pop(), apart
    asked = "; ".join(f"{name}{line['spec']} from {line['by']}" for line in lines)
    return Hint(f"pip-compile's resolver found no {name} that meets every requirement on it together: {name}{one} and "
                f"{name}{other} cannot both hold ({asked})",
                f"choose releases of the packages that ask for {name} whose requirements on it overlap (the lines "
                "above name them), or relax your own pin",
                "reasoned from the log: pip-tools' resolver words", family="version-guard")


#: pex's resolver: "Could not satisfy all requirements for prompt-toolkit<2.0.0,>=1.0.4:" and, on the line below, each
#: requirement with who asked ("prompt-toolkit<2.0.0,>=1.0.4(from: ipython<6), prompt-toolkit<2.1.0,>=2.0.0(from:
#: jupyter==1.0.0->jupyter-console)": holdout88a, pex#573)
_PEX_HEADLINE = "Could not satisfy all requirements for "
_PEX_ASKED = re.compile(r"(?P<name>[A-Za-z0-9][\w.-]{0,100})(?P<spec>[<>=!~][^()\s]{0,200})\(from: "
                        r"(?P<who>[^()\n]{1,300})\)")


def _pex_conflict(message: str) -> Hint | None:
    """pex's list of what each requirement on one package asks, where two of them no release meets together."""
    asked = [(found["name"], found["spec"], found["who"]) for found in _PEX_ASKED.finditer(message.partition(
        _PEX_HEADLINE)[2])]
    names = {canonicalize_name(name) for name, _, _ in asked}
    if len(asked) < 2 or len(names) != 1:
        return None
    specs = [part for _, spec, _ in asked for part in spec.split(",") if part]
    apart = specs_apart(specs)
    if apart is None:
        return None
    name = asked[0][0]
    first = next(f"{who} asks for {name}{spec}" for _, spec, who in asked if apart[0] in spec.split(","))
    second = next(f"{who} asks for {name}{spec}" for _, spec, who in asked if apart[1] in spec.split(","))
    return Hint(f"pex found no release of {name} that meets every requirement on it: {first} and {second}, and no "
                f"release meets {apart[0]} and {apart[1]} together",
                f"move one of the two askers to a release whose requirement on {name} admits the other's (or drop "
                "one of them from the requirements)",
                "reasoned from the log: pex's own list of the requirements it could not satisfy together",
                family="version-guard")
