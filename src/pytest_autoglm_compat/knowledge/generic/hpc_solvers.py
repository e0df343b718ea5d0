"""The solvers of HPC package managers and conda's libmamba, in their own one-line words: Spack's concretizer (its
clingo reasons, its recipes' declared conflicts, its unsatisfiable constraint), EasyBuild's dependency check, and
libmamba's "Problem: package ... has constraint ... conflicting with ...".

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure
from .machine import Situation

#: Spack's clingo concretizer: "==> Error: failed to concretize `pdi@1.10:1+python`, `py-numpy@2` for the following
#: reasons:" (holdout151a: spack-packages#3569; holdout78a: spack#45537), and older Spack's "concretization failed"
_FAILED_TO_CONCRETIZE = re.compile(r"Error: (?:failed to concretize (?P<specs>[^\n]{1,400}?) for the following reasons"
                                   r"|concretization failed for the following reasons)")
#: one of its reasons: "Cannot satisfy 'py-numpy@1.21.5:1' and 'py-numpy@2'"
_CANNOT_SATISFY_BOTH = re.compile(r"Cannot satisfy '(?P<one>[^'\n]{1,200})' and '(?P<other>[^'\n]{1,200})'")
#: a recipe's declared conflict met by the concretized spec: "==> Error: Conflicts in concretized spec
#: \"py-numpy@1.19.4%gcc@7.5.0...\"" then "1. \"%gcc@:8.2.99\" conflicts with \"openblas@0.3.11:\"" (holdout151a:
#: spack#20100)
_CONFLICTS_IN_SPEC = re.compile(r"Error: Conflicts in concretized spec \"(?P<spec>[^\"\s@%]{1,100})")
_DECLARED_CONFLICT = re.compile(r"^\s*\d+\. \"(?P<when>[^\"\n]{1,200})\" conflicts with \"(?P<what>[^\"\n]{1,200})\"")
#: older Spack's "==> Error: An unsatisfiable version constraint has been detected for spec:" (holdout151a:
#: spack#2632, its detail cut; holdout76a's spack#11966 names the constraint below it, solver_trees reads that line)
_UNSATISFIABLE = "An unsatisfiable version constraint has been detected for spec"
#: EasyBuild's check of a stack's dependencies: "Conflict found for dependencies of scikit-image-0.12.3-foss-2016a-
#: Python-2.7.11: freetype-2.6.2-foss-2016a vs freetype-2.6.3-foss-2016a" (holdout151a: easybuild-easyconfigs#3612)
_EASYBUILD = re.compile(r"Conflict found for dependencies of (?P<of>\S{1,200}): (?P<one>\S{1,200}) vs "
                        r"(?P<other>\S{1,200})")
#: libmamba's problem line: "Problem: package prompt-toolkit-3.0.10-pyha770c72_0 has constraint prompt_toolkit 3.0.10
#: conflicting with prompt_toolkit-1.0.15-py27_0" (holdout151a: mamba#654); its __cuda form is tool_checks'
_HAS_CONSTRAINT = re.compile(r"package (?P<who>\S{1,200}) has constraint (?P<what>(?!__)[^\n]{1,200}?) conflicting "
                             r"with (?P<other>(?!__)\S{1,200})")
#: libmamba finding no build of a package for this system's C library: "nothing provides __glibc >=2.28,<3.0.a0 needed
#: by c-ares-1.33.0-ha66036c_0" (holdout164b: moose#28517; the __glibc virtual package is the glibc conda detects)
_NEEDS_GLIBC = re.compile(r"nothing provides __glibc\s*>=\s*(?P<need>\d+\.\d+)\S*\s+needed by (?P<by>[\w.+-]{1,200})")
#: conda's classic solver (4.6 on) once its last solve failed, before minutes of "Examining conflict for ..." and the
#: UnsatisfiableError that lists the conflict: a paste cut there still shows the solve failed (holdout149a:
#: suite2p#609; holdout155a: pypsa-eur#142, ESMValTool#1266; holdout90a: blobtools#98)
CONDA_FOUND_CONFLICTS = "Found conflicts! Looking for incompatible packages."
#: the source of that answer, which yields to any reading of conda's report below it (knowledge.answers)
VAGUE_CONDA_CUT = "reasoned from the log: conda's solver words (\"Found conflicts!\", its report of which not shown)"
#: the words each reading here needs on a line (knowledge.relevance keeps those lines)
WORDS = ("failed to concretize", "concretization failed", "Cannot satisfy '", "Conflicts in concretized spec",
         _UNSATISFIABLE, "Conflict found for dependencies of", " has constraint ", CONDA_FOUND_CONFLICTS,
         "nothing provides __glibc", "nothing provides ")
#: libsolv's problem line, pasted alone: "nothing provides mpc 1.0.1 needed by gcc-5-mp-5.2.0-0" (holdout184a:
#: psi4#2898, a years-old build chosen); a virtual package (__glibc, __cuda) is the machine's, read elsewhere
_NOTHING_NEEDED = re.compile(r"^[-\s]*nothing provides (?P<what>(?!requested )(?!__)\S+(?: [^\s]+)?) needed by "
                             r"(?P<by>[\w.+-]{1,200})\s*$")
#: the source of the answers for Spack's headlines, which yield to a line below them that names the constraint
#: (knowledge.answers: holdout76a's spack#11966, "py-matplotlib requires python version 3.5:, but spec asked for
#: 2.7.16")
VAGUE_SPACK = "reasoned from the log: Spack's concretizer's headline"
_FIX = ("relax the constraint the report ends on (a version, variant or compiler asked on the command line or in the "
        "environment's spack.yaml), or ask for releases whose own requirements fit together (spack spec shows what "
        "it would choose)")


def hpc_solver(failure: Failure) -> Hint | None:
    """The answer for these solvers' words (None: none of them in the message)."""
    message = failure.message
    needed = _NOTHING_NEEDED.match(message) if message.lstrip("- ").startswith("nothing provides ") else None
    if needed is not None:
        return Hint(f"the conda solver (libsolv, as mamba and conda's libmamba run it) chose {needed['by']}, whose "
                    f"dependency {needed['what']} no channel it read provides: the request resolves only to a build "
                    "whose requirements these channels cannot meet (an old build, another platform's, or a channel "
                    "not added)",
                    "ask for a version of the package whose dependencies the channels have (pin a recent one "
                    "explicitly), add the channel that builds the dependency, or create a fresh environment for it "
                    "rather than installing into this one",
                    "reasoned from the log: the solver's own problem line", family="version-guard")
    both = _CANNOT_SATISFY_BOTH.search(message) if "Cannot satisfy '" in message else None
    if both is not None:
        return Hint(f"Spack's concretizer cannot satisfy {both['one']} and {both['other']} together: the requirements "
                    "it was given (or the recipes' own dependencies, named on the lines below it) ask for versions no "
                    "one release meets", _FIX, "reasoned from the log: Spack's concretizer's reasons",
                    family="version-guard")
    failed = _FAILED_TO_CONCRETIZE.search(message) if "concretiz" in message else None
    if failed is not None:
        specs = f" {failed['specs']}" if failed["specs"] else ""
        return Hint(f"Spack's concretizer found no set of versions that meets every constraint of{specs or ' the spec'}"
                    ": the reasons it lists below (\"Cannot satisfy ...\") are requirements no release meets together",
                    _FIX, VAGUE_SPACK, family="version-guard")
    conflicts = _CONFLICTS_IN_SPEC.search(message) if "Conflicts in concretized spec" in message else None
    declared = _DECLARED_CONFLICT.match(message) if " conflicts with \"" in message else None
    if conflicts is not None or declared is not None:
        which = (f": \"{declared['when']}\" conflicts with \"{declared['what']}\"" if declared is not None else "")
        return Hint(f"Spack's concretized spec meets a conflict a recipe declares{which} (a compiler or a "
                    "dependency's release the recipe rules out for the versions chosen)",
                    "ask for a version, variant or compiler the recipe allows (another compiler with %, an older or "
                    "newer release of the dependency with ^), as the listed conflict says",
                    "reasoned from the log: Spack's words for a recipe's declared conflict", family="version-guard")
    if _UNSATISFIABLE in message:
        return Hint("Spack's concretizer found a version constraint it cannot meet for the spec (its detail line, "
                    "\"X requires Y version ..., but spec asked for ...\", names which)", _FIX, VAGUE_SPACK,
                    family="version-guard")
    easybuild = _EASYBUILD.search(message) if "Conflict found for dependencies of" in message else None
    if easybuild is not None:
        return Hint(f"EasyBuild's dependency check refuses {easybuild['of']}: its dependencies pull in "
                    f"{easybuild['one']} and {easybuild['other']}, two versions of one package in one stack",
                    "use the version of that dependency the rest of the toolchain's stack uses (edit the easyconfig's "
                    "dependency to it), or build the whole stack with the other",
                    "reasoned from the log: EasyBuild's dependency conflict check", family="version-guard")
    glibc = _NEEDS_GLIBC.search(message) if "nothing provides __glibc" in message else None
    if glibc is not None and glibc["need"] == "2.17":
        # glibc 2.17 is the lowest any current build asks (conda-forge's baseline): every Linux conda runs on has it,
        # so conda detected none (a macOS or Windows host locking for linux-64, an emptied CONDA_OVERRIDE_GLIBC, musl;
        # the session-45 second reader's conda-lock look-alike)
        return Hint(f"conda's solver (libmamba) finds no build it may install: {glibc['by']} is built for glibc 2.17 "
                    "or newer (its __glibc requirement), which every Linux conda runs on has, so conda detected no "
                    "glibc at all: it solves for linux-64 from another system (macOS, Windows), "
                    "CONDA_OVERRIDE_GLIBC is set empty, or the system's C library is another (musl: Alpine)",
                    "set CONDA_OVERRIDE_GLIBC to the target system's glibc (2.17 or newer; conda-lock and mamba read "
                    "it) when solving for Linux from another system, or unset it where it is empty; on musl, use a "
                    "glibc base image",
                    "reasoned from the log: libmamba's problem line for the __glibc virtual package",
                    family="glibcxx-not-found")
    if glibc is not None:
        return Hint(f"conda's solver (libmamba) finds no build it may install: {glibc['by']} is built for glibc "
                    f"{glibc['need']} or newer (its __glibc requirement), and the glibc conda detects on this system "
                    "(its __glibc virtual package) is older, or none was detected",
                    f"run on a Linux whose glibc is {glibc['need']} or newer (ldd --version shows it), or ask for an "
                    "older build of the package made for this system's glibc (conda-forge builds for 2.17, Anaconda's "
                    "channels for 2.28 since 2025); where conda misreads the system's glibc, set "
                    "CONDA_OVERRIDE_GLIBC to the version ldd --version shows",
                    "reasoned from the log: libmamba's problem line for the __glibc virtual package "
                    "(conda-forge/conda-forge.github.io#2383)", family="glibcxx-not-found")
    constraint = _HAS_CONSTRAINT.search(message) if " has constraint " in message else None
    if constraint is not None:
        return Hint(f"conda's solver (libmamba): {constraint['who']} has the constraint {constraint['what'].strip()}, "
                    f"which conflicts with {constraint['other']} (asked for, or already chosen): no set of builds "
                    "meets both",
                    "ask for releases that fit together (drop or relax one of the two), or install them in separate "
                    "environments", "reasoned from the log: libmamba's problem line", family="version-guard")
    return None


def conda_conflicts_cut(failure: Failure, situation: Situation) -> Hint | None:
    """conda's "Found conflicts!" where the log shows no report of what conflicts after it: the solve failed, its
    list cut from the paste. Where the report is there, it says more, and may say no version did (holdout79a's
    distractor cuml#3108: only __glibc listed, the channels missing), so this stands down."""
    if (CONDA_FOUND_CONFLICTS not in failure.message or situation.conda_report or situation.traceback_shown
            or situation.repodata_missing):
        # (a Python traceback after it: the solve was given up and another failure ended the log; a channel's folder
        # for the platform missing, 404: no builds of it there, no pins to relax: the session-44 second reader's
        # conda#11284, bioconda without osx-arm64)
        return None
    return Hint("conda's solver found the specifications asked in conflict (\"Found conflicts!\": its last solve "
                "failed); the log stops before the UnsatisfiableError that lists which specifications conflict, with "
                "each other, with the environment's Python or with what the channels hold",
                "let conda finish and read its list (or run the same command with the libmamba solver, conda's "
                "default since 23.10, which names the conflict at once); relax or drop the pins it names, or create a "
                "new environment (conda create -n ENV python=... PACKAGES) rather than installing into this one",
                VAGUE_CONDA_CUT, family="version-guard") if not situation.nvidia_channel_missing else Hint(
        "conda's solver found the specifications asked in conflict (\"Found conflicts!\": its last solve failed), and "
        "the command asks pytorch-cuda without the nvidia channel: pytorch-cuda's own requirements (cuda-runtime, "
        "cuda-cudart and the rest of CUDA's libraries) are published in the nvidia channel, not in the pytorch one",
        "name the nvidia channel as PyTorch's install command does (conda install pytorch torchvision "
        "pytorch-cuda=X.Y -c pytorch -c nvidia), unless the configuration's channels (conda config --show channels) "
        "hold it; then let conda finish and read its list of the pins in conflict",
        "reasoned from the log: conda's solver words and the command's channels (PyTorch's own conda installs "
        "name -c nvidia with pytorch-cuda: pytorch/test-infra#1351)", family="version-guard")


#: nvidia among the channels a log lists ("conda config --show channels", a .condarc's or environment file's
#: "channels:", a URL of the channel's)
_NVIDIA_CONFIGURED = re.compile(r"(?m)^\s*-\s+nvidia\s*$|conda\.anaconda\.org/nvidia\b|\bnvidia::")
#: a conda command asking pytorch-cuda ("conda create -n sd python=3.10 pytorch pytorch-cuda=11.8 -c pytorch")
_CONDA_COMMAND = re.compile(r"\b(?:conda|mamba|micromamba) (?:install|create)\b[^\n]{0,600}")


def nvidia_channel_missing(text: str) -> bool:
    """A conda command in the log asks for pytorch-cuda and names channels, none of them nvidia (the session-44
    second reader's look-alike: ``-c pytorch`` alone): its CUDA libraries are the nvidia channel's."""
    for found in _CONDA_COMMAND.finditer(text):
        command = found[0]
        if "pytorch-cuda" in command and re.search(r"(?:-c|--channel)[ =]\S", command) and "nvidia" not in command:
            # the configured channels, where the log lists them with nvidia among them, are searched too unless the
            # command overrides them (the session-45 second reader's .condarc look-alike)
            return "--override-channels" in command or _NVIDIA_CONFIGURED.search(text) is None
    return False
