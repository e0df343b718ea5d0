"""conda's list of packages no channel has, where what it lists says the environment file was exported on another
platform: exact builds (a build string on each package, as ``conda env export`` writes them) or the packages of
Linux's own toolchain asked on macOS or Windows (holdout104a: SQANTI3#52, CheXbert#2, MOSAIK#14, GASTON#1,
robotreviewer#27; holdout103a: TorsionAngularBinStrings#4). A list of names alone is conda's solver refusing the
request on the channels it read, for a version none has (cudatoolkit==11.1), a platform none builds (python=3.8.10 on
osx-arm64) or a name none has (a package on PyPI only): told as the solver's refusal, with each way out (holdout104a:
street-fighter-ai#75, holdout121a: Disco_Diffusion_Local#37, holdout125a: mmm-param-recovery#10; until session 39 it
was not told).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from ...model.hints import Hint
from ..failure import Failure

#: mamba 1.x's refusal to go on where a package the environment pins (its conda-meta/pinned file) is installed at
#: another version (mamba/mamba.py, its check before the solver; conda itself goes on, mamba#1560): "Your pinning does
#: not match what's currently installed. Please remove the pin and fix your installation", then "Pin: python=3.11" and
#: "Currently installed: ...::python==3.10.10=..." (holdout179a: kartograf#101, condacolab's pin)
PIN_DIFFERS = "Your pinning does not match what's currently installed"


def pin_differs(failure: Failure) -> Hint | None:
    """mamba's own check of the environment's pins against what is installed."""
    if PIN_DIFFERS not in failure.message:
        return None
    return Hint("mamba's own check refuses the environment: a package it pins (the environment's conda-meta/pinned "
                "file) is installed at a version the pin does not admit, and mamba will not change the environment "
                "until the two agree (its \"Pin:\" and \"Currently installed:\" lines name the package)",
                "make the pin and the environment agree: edit or remove the pin in <env>/conda-meta/pinned (set it to "
                "the installed version, e.g. the running Python's), or install the pinned version into the "
                "environment",
                "reasoned from the log: mamba's own words for a pin the installed package does not meet",
                family="version-guard")


#: conda's headlines over the list (``logs`` joins the "- spec" rows below them to the line)
HEADLINES = ("ResolvePackageNotFound:", "The following packages are not available from current channels:")
_SPEC = re.compile(r"^- ?(?P<name>[A-Za-z0-9_][\w.-]{0,80})(?:(?:==?| )(?P<version>[\w.*+!]{1,40})"
                   r"(?:(?:=| )(?P<build>[\w.*]{1,60}))?)?\s*$", re.MULTILINE)
#: a conda build string: a hash of its variant and a build number ("hdf63c60_0", "py37he6710b0_0", "r36h96ca727_0")
_BUILD = re.compile(r"[\w]*h[0-9a-f]{7}_\d+|py\d{2,3}_\d+")
#: packages of Linux's toolchain and C runtime, which no macOS or Windows channel builds
#: NVIDIA's CUDA packages on conda's channels: builds for Linux and Windows only
_CUDA_PACKAGES = frozenset({"cudatoolkit", "cudnn", "pytorch-cuda", "cuda-toolkit", "cuda-runtime", "nccl",
                            "cudatoolkit-dev", "cuda-nvcc"})
_LINUX_ONLY = re.compile(r"_libgcc_mutex|lib(?:gcc|stdcxx|gfortran|gomp)-ng|libnsl|[\w-]*_linux-(?:64|aarch64)")
#: pixi's (rattler's resolvo) and libmamba's words: "Cannot solve the request because of: mlx * cannot be installed
#: because there are no viable options:" (holdout104a: pixi#4048, mlx's builds each needing a newer __osx)
#: (not a nested row's "buildingregulariser *, which cannot be installed ...": holdout135a, geoai#504)
_NO_VIABLE = re.compile(r"(?<![\w.-])(?P<name>(?!which\b)[A-Za-z0-9_][\w.-]{0,100})(?: [^\s:]{1,60})? cannot be "
                        r"installed because there are no viable options")


def no_viable_release(message: str) -> Hint | None:
    """The solver's "no viable options" for a package: each release it lists is refused by a requirement below."""
    viable = _NO_VIABLE.search(message)
    if viable is None:
        return None
    name = viable["name"]
    return Hint(f"the solver (pixi's, or mamba's) finds no release of {name} whose own requirements this environment "
                "meets: each release it lists is refused by a requirement named below the list (another package's "
                "pin, or the platform's virtual packages: __osx, __glibc, __cuda)",
                f"read the lines below the list for what the releases need; declare the machine's own (pixi's "
                f"[system-requirements]: macos, glibc, cuda) where it has them, or pin a release of {name} that fits",
                "reasoned from the log: the solver's words", family="version-guard")


#: import names that no package of the channels (or PyPI) carries: a module of another distribution (pkg_resources is
#: setuptools', sklearn scikit-learn's, cv2 opencv's, PIL pillow's, skimage scikit-image's)
_IMPORT_NAMES = frozenset({"pkg_resources", "sklearn", "cv2", "PIL", "skimage"})


def exported_elsewhere(message: str, not_linux: bool = False, macos: bool = False, offline: bool = False
                       ) -> Hint | None:
    """The answer for conda's packages-not-found list of exact builds, or of Linux-only packages where the log shows
    macOS or Windows (``not_linux``) (None: anything else)."""
    if not message.startswith(HEADLINES) and HEADLINES[1] not in message:
        return None
    specs = [found for found in _SPEC.finditer(message) if found["name"] not in ("Current", "https", "http")]
    if not specs:
        return None
    builds = [s for s in specs if s["build"] and _BUILD.fullmatch(s["build"])]
    linux = [s for s in specs if _LINUX_ONLY.fullmatch(s["name"])]
    if 2 * len(builds) >= len(specs):
        shown = ", ".join(f"{s['name']}={s['version']}={s['build']}" for s in builds[:3])
        return Hint(f"conda finds none of the exact builds the environment file asks for ({shown}, ...): a build "
                    "string names one platform's build on one channel, as conda env export writes them, and this "
                    "platform's channels do not have it (a file exported on another machine)",
                    "drop the build strings from the environment file (conda env export --no-builds, or "
                    "--from-history, writes it so; keep name=version, or the name alone where that version is not on "
                    "these channels either) and the platform's own packages (libgcc-ng, ld_impl_linux-64, ...); a "
                    "package with no build for this platform at all (cudatoolkit or cudnn on macOS) must go too",
                    "reasoned from the log: conda's list of the packages no channel has", family="version-guard")
    cuda = [s["name"] for s in specs if s["name"] in _CUDA_PACKAGES]
    if cuda and (macos or "/osx-" in message):  # the channels conda read are macOS's (holdout121a: ML4G#8)
        return Hint(f"conda is asked for {', '.join(cuda[:3])} on macOS (the channels it read are osx-*): NVIDIA's "
                    "CUDA packages have no macOS build, as CUDA does not exist for macOS",
                    "drop them from the command or the environment file and install the packages' CPU builds (for "
                    "pytorch on a Mac: conda install pytorch torchvision -c pytorch, no cudatoolkit); CUDA needs Linux "
                    "or Windows with an NVIDIA GPU",
                    "reasoned from the log: conda's list of the packages no channel has, and the channels' platform",
                    family="version-guard")
    if linux and not_linux:
        shown = ", ".join(s["name"] for s in linux[:3])
        return Hint(f"conda is asked for packages that exist for Linux only ({shown}) on another platform: the "
                    "environment file was exported on Linux with its toolchain's and C runtime's packages",
                    "remove those packages from the environment file (conda env export --from-history lists only what "
                    "was asked for), and the build strings if it has them",
                    "reasoned from the log: conda's list of the packages no channel has, and its platform",
                    family="version-guard")
    if offline:
        return None  # conda read no channel (--offline): what it lacks is its cache's, not the channels'
    if any(s["name"] in _IMPORT_NAMES for s in specs):
        # a module's import name asked as a package (pkg_resources: setuptools'): the file's own slip, as its other
        # names may be (holdout136a's distractor nemo_cookbook#2, "numbagga" and "pkg_resources")
        return None
    shown = ", ".join(s["name"] + (f"={s['version']}" if s["version"] else "") for s in specs[:3])
    return Hint(f"conda's solver finds no package on the channels it read that meets {shown}: none of them has that "
                "version, a build of it for this platform, or a package of that name (one published on PyPI only)",
                "check what the channels have (conda search -c conda-forge <name>, and the platforms it lists); ask "
                "for a version they build (an exact ==11.1 misses a channel's 11.1.1: name=major.minor finds it), "
                "add the channel that builds it "
                "(conda-forge), or install it with pip inside the environment where it is on PyPI only",
                "reasoned from the log: conda's list of the packages no channel has", family="version-guard")


#: conda's plan replacing the CUDA build of pytorch with its CPU build: "pytorch  pytorch::pytorch-1.12.1-py3.10_cuda11~
#: --> pkgs/main::pytorch-1.12.1-cpu_py310h9dbd814_1" (holdout105b: Image-Super-Resolution-via-Iterative-Refinement#103,
#: conda install -c conda-forge opencv)
_CPU_SWAP = re.compile(r"\bpytorch\s+\S*pytorch-(?P<old>\d[\w.]*)-\S*cuda\S*\s+-->\s+\S*pytorch-(?P<new>\d[\w.]*)-cpu_")


#: a new CPU-only build of pytorch in conda's plan: "pytorch   pytorch/win-64::pytorch-1.10.0-py3.6_cpu_0"
_CPU_NEW = re.compile(r"^\s*pytorch\s+\S*::pytorch-(?P<version>\d[\w.]*)-py[\d.]+_cpu_\d+\s*$")
#: conda's specs asking for a CUDA toolkit: "  added / updated specs:" ... "    - cudatoolkit=10.1"
CUDA_SPEC = re.compile(r"^\s*- (?P<spec>(?:cudatoolkit|pytorch-cuda)\b[^\s]{0,40})\s*$", re.MULTILINE)


def conda_cpu_swap(failure: Failure, conda_cuda: str | None = None) -> Hint | None:
    """conda's plan that swaps the CUDA build of pytorch for a CPU build, or installs a CPU build where the command's
    specs ask for a CUDA toolkit (``conda_cuda``: that spec, read from the plan's "specs:"); None: anything else."""
    new = _CPU_NEW.match(failure.message) if conda_cuda and "_cpu_" in failure.message else None
    if new is not None:
        # holdout150b: conda#11001, "conda install pytorch ... cudatoolkit=10.1 -c pytorch" planning pytorch 1.10.0's
        # CPU build (cpuonly, pytorch-mutex cpu): the channel has no build of that pytorch for that CUDA here
        return Hint(f"conda's plan installs a CPU-only build of pytorch {new['version']} though the command asks for "
                    f"CUDA ({conda_cuda}): the channel has no build of that pytorch for that CUDA on this platform (or "
                    "another package asked pins the CPU variant, cpuonly), so conda took the CPU build and torch runs "
                    "without CUDA",
                    "ask for a CUDA version the pytorch release is built for (the install command pytorch.org gives "
                    "for that release: pytorch-cuda=<CUDA> -c nvidia, or a cudatoolkit it lists), and check the plan "
                    "shows a cuda build (pytorch-...-py3.x_cuda...) before confirming",
                    "reasoned from the log: conda's transaction plan and the specs it was asked",
                    family="torch-not-cuda")
    found = _CPU_SWAP.search(failure.message) if "-cpu_py" in failure.message else None
    if found is None:
        return None
    return Hint(f"conda's plan replaces the CUDA build of pytorch {found['old']} with a CPU-only build of pytorch "
                f"{found['new']}: another package asked in the same command (from another channel) resolved against a "
                "pytorch build without CUDA, and torch runs without CUDA after it",
                "install that package with pytorch's CUDA build pinned in the same command (conda install -c pytorch "
                "-c nvidia pytorch pytorch-cuda=<CUDA> <package>), or from pip (pip install <package>) so conda's "
                "pytorch is left as it is", "reasoned from the log: conda's transaction plan", family="torch-not-cuda")


#: the Python minors a conda list of Pythons is read against
PYTHONS = ("2.7", *(f"3.{minor}" for minor in range(21)))


#: conda's lines under "The following specifications were found to be incompatible with the existing python
#: installation": "- transformers=4.18.0 -> python[version='>=3.10,<3.11.0a0|>=3.7,<3.8.0a0']" and "Your python:
#: python=3.6" (holdout45a: PEPLER#5); a pin as the user wrote it, "- scikit-learn==0.24 -> ..." (holdout74a:
#: neural-networks-and-deep-learning#1); a CI log's timestamp cleaned off with the list's dash (LightGBM#3693)
_CONDA_NEEDS = re.compile(r"^\s*(?:- )?(?P<name>[A-Za-z0-9][\w.-]{0,100})(?:==?(?P<version>[\w.*]+))?(?:=[\w.*]+)?"
                          r"(?:\[version='[^'\n]{1,100}'\])? -> python\[version='(?P<specs>[^'\n]{1,400})'\]\s*$",
                          re.MULTILINE)
#: "python=3.7", or the build conda names with its channel: "defaults/linux-64::python==3.7.7=hcf32534_0_cpython"
#: (holdout105a: bioconda-recipes#22027)
_CONDA_PYTHON = re.compile(r"^Your python: (?:\S{1,100}::)?python==?(?P<python>\d+\.\d+)(?:\.\d+)?(?:=\S{1,60})?\s*$",
                           re.MULTILINE)


_YOUR_PYTHON = re.compile(r"^Your python: python==?(\d+\.\d+(?:\.\d+)?)\s*$", re.MULTILINE)
_PINNED_PYTHON = re.compile(r"-> python==?(?P<pin>\d+\.\d+(?:\.\d+)?)\s*$", re.MULTILINE)


def conda_python(message: str) -> Hint | None:
    """conda's refusal of packages whose every build needs another Python than the environment's (one, or several:
    holdout79a's LightGBM#3693, matplotlib and python-graphviz without builds for Python 3.9 yet)."""
    if "-> python=" in message:  # a build pinned to one Python: "- clair3 -> python=3.6.10" (holdout132a: Clair3#414)
        yours = _YOUR_PYTHON.search(message)
        if yours is not None and all(pin == yours[1] for pin in _PINNED_PYTHON.findall(message)):
            return None  # the pin is the environment's own Python: met, no cause (the session-40 second reader's)
        message = _PINNED_PYTHON.sub(r"-> python[version='\g<pin>']", message)
    python = _CONDA_PYTHON.search(message)
    needs = list(_CONDA_NEEDS.finditer(message))
    if python is None and needs and len(needs) <= _MAX_CONDA_NEEDS:
        return _python_range(message, needs)
    if python is None or not needs or len(needs) > _MAX_CONDA_NEEDS:
        return None
    ours = [Version(f"{python['python']}.{patch}") for patch in (0, 99)]
    floors: list[Version] = []
    for need in needs:
        try:
            ranges = _pythons_of(need["specs"])
        except InvalidSpecifier:
            return None
        if any(version in spec for spec in ranges for version in ours) or not all(ranges):
            return None  # a build for this Python exists, as far as the list shows: conda's words alone are no cause
        floors += [Version(s.version.removesuffix(".*")) for spec in ranges for s in spec
                   if s.operator in (">=", ">", "==")]
    names = [canonicalize_name(need["name"]) for need in needs]
    only = "; ".join(f"{name} only for Python {need['specs'].replace('|', ' or ')}" for name, need in zip(names, needs))
    asked = ", ".join(f"{name} {need['version']}" if need["version"] else name for name, need in zip(names, needs))
    if floors and all(ours[1] < floor for floor in floors):  # older than every build's Python
        lowest = min(floors)
        which = f" {lowest.major}.{lowest.minor} (the oldest {'it has' if len(needs) == 1 else 'they have'} builds " \
                f"for) or another {'it' if len(needs) == 1 else 'conda'} lists"
    elif floors and all(floor <= ours[0] for floor in floors):  # newer than every build's Python
        newest = max(floors)
        which = f" {newest.major}.{newest.minor} (the newest {'it has' if len(needs) == 1 else 'they have'} " \
                f"builds for) or another {'it' if len(needs) == 1 else 'conda'} lists"
    elif len(needs) > 1 and not _one_python_for_all(needs):
        # enum34 (Python 2.7 only) beside numpy 2.1 (3.10 on): no Python has builds of both (the second reader's case)
        return Hint(f"conda has no builds of {asked} for the environment's Python {python['python']}, and no Python "
                    f"has builds of all of them ({only})",
                    f"install them in separate environments, or ask for releases of {', '.join(names)} that share a "
                    "Python", "reasoned from the log: conda's solver words", family="version-guard")
    else:
        which = " it has builds for" if len(needs) == 1 else " each has builds for"
    return Hint(f"conda has {asked if len(needs) == 1 else only.replace(' only', '')} only for Python "
                f"{needs[0]['specs'].replace('|', ' or ')}, and the environment's Python is {python['python']}"
                if len(needs) == 1 else f"conda has no builds of {asked} for the environment's Python "
                f"{python['python']} ({only})",
                f"create the environment with Python{which} (conda create -n ENV python=...), or ask for "
                f"{'a release' if len(needs) == 1 else 'releases'} of {', '.join(names)} built for Python "
                f"{python['python']}", "reasoned from the log: conda's solver words", family="version-guard")


def _one_python_for_all(needs: list[re.Match[str]]) -> bool:
    """Whether some Python (2.7, 3.0 to 3.20) is in every package's list of Pythons it has builds for."""
    try:
        ranges = [_pythons_of(need["specs"]) for need in needs]
    except InvalidSpecifier:
        return True  # unread: not told
    return any(all(any(spec.contains(f"{python}.0", prereleases=True) for spec in alternatives)
                   for alternatives in ranges) for python in PYTHONS)


def _pythons_of(specs: str) -> list[SpecifierSet]:
    """A package's Pythons as conda lists them ("3.6.*|>=3.8,<3.9.0a0"), one range each: conda's bare "3.6.*" (or
    "3.6") is PEP 440's "==3.6.*" (holdout71a: ntJoin#45). InvalidSpecifier where one is not a range."""
    return [SpecifierSet(f"=={alternative.removesuffix('.*')}.*" if alternative[:1].isdigit() else alternative)
            for alternative in specs.split("|")]


#: the most packages conda's list of them read at once (a longer list is a whole environment refused: no one cause)
_MAX_CONDA_NEEDS = 4


#: the Python asked as a range: "Your python: python[version='>=3.5,<3.7']" (holdout105a: rgi#153, a recipe's pin)
_CONDA_PYTHON_RANGE = re.compile(r"^Your python: python\[version='(?P<range>[<>=!~][^'\n]{0,100})'\]\s*$", re.MULTILINE)


def _python_range(message: str, needs: list[re.Match[str]]) -> Hint | None:
    """conda's refusal where the environment's Python is asked as a range none of whose minors any build fits."""
    asked = _CONDA_PYTHON_RANGE.search(message)
    if asked is None:
        return None
    try:
        wanted = SpecifierSet(asked["range"])
        builds = [_pythons_of(need["specs"]) for need in needs]
    except InvalidSpecifier:
        return None
    minors = [python for python in PYTHONS if wanted.contains(f"{python}.0", prereleases=True)]
    if not minors or any(spec.contains(f"{python}.0", prereleases=True) for alternatives in builds
                         for spec in alternatives for python in minors):
        return None  # some build fits a Python the range admits, as far as the list shows
    names = ", ".join(str(canonicalize_name(need["name"])) for need in needs)
    return Hint(f"the environment's Python is asked as python{asked['range']} (Python {', '.join(minors)}), and conda "
                f"has no builds of {names} for any of those: each needs another Python ("
                + "; ".join(f"{canonicalize_name(n['name'])}: {n['specs'].replace('|', ' or ')}" for n in needs) + ")",
                "loosen the Python pin (the recipe's or environment file's python range) to a Python those packages "
                "have builds for, or ask for releases of them built for the pinned Python",
                "reasoned from the log: conda's solver words", family="version-guard")
