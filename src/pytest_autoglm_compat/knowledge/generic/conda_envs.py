"""conda's list of packages no channel has, where what it lists says the environment file was exported on another
platform: exact builds (a build string on each package, as ``conda env export`` writes them) or the packages of
Linux's own toolchain asked on macOS or Windows (holdout104a: SQANTI3#52, CheXbert#2, MOSAIK#14, GASTON#1,
robotreviewer#27; holdout103a: TorsionAngularBinStrings#4). A list of names alone is a channel or a name missing, as
often (a package on PyPI only), and is not told.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from ..failure import Failure
from .machine import Situation

#: conda's headlines over the list (``logs`` joins the "- spec" rows below them to the line)
HEADLINES = ("ResolvePackageNotFound:", "The following packages are not available from current channels:")
_SPEC = re.compile(r"^- ?(?P<name>[A-Za-z0-9_][\w.-]{0,80})(?:(?:==?| )(?P<version>[\w.*+!]{1,40})"
                   r"(?:(?:=| )(?P<build>[\w.*]{1,60}))?)?\s*$", re.MULTILINE)
#: a conda build string: a hash of its variant and a build number ("hdf63c60_0", "py37he6710b0_0", "r36h96ca727_0")
_BUILD = re.compile(r"[\w]*h[0-9a-f]{7}_\d+|py\d{2,3}_\d+")
#: packages of Linux's toolchain and C runtime, which no macOS or Windows channel builds
_LINUX_ONLY = re.compile(r"_libgcc_mutex|lib(?:gcc|stdcxx|gfortran|gomp)-ng|libnsl|[\w-]*_linux-(?:64|aarch64)")


#: pixi's (rattler's resolvo) and libmamba's words: "Cannot solve the request because of: mlx * cannot be installed
#: because there are no viable options:" (holdout104a: pixi#4048, mlx's builds each needing a newer __osx)
_NO_VIABLE = re.compile(r"(?P<name>[A-Za-z0-9_][\w.-]{0,100})(?: [^\s:]{1,60})? cannot be installed because there "
                        r"are no viable options")


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


def exported_elsewhere(message: str, not_linux: bool = False) -> Hint | None:
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
                    "these channels either) and the platform's own packages (libgcc-ng, ld_impl_linux-64, ...)",
                    "reasoned from the log: conda's list of the packages no channel has", family="version-guard")
    if linux and not_linux:
        shown = ", ".join(s["name"] for s in linux[:3])
        return Hint(f"conda is asked for packages that exist for Linux only ({shown}) on another platform: the "
                    "environment file was exported on Linux with its toolchain's and C runtime's packages",
                    "remove those packages from the environment file (conda env export --from-history lists only what "
                    "was asked for), and the build strings if it has them",
                    "reasoned from the log: conda's list of the packages no channel has, and its platform",
                    family="version-guard")
    return None


def conda_exported(failure: Failure, situation: Situation) -> Hint | None:
    """:func:`exported_elsewhere` with the platform the log shows."""
    message = failure.message
    if not (message.startswith(HEADLINES) or HEADLINES[1] in message):
        return None
    return exported_elsewhere(message, not_linux=situation.macos or situation.windows)
