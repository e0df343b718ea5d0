"""Why an installer built a package from source at all: the release it built publishes wheels, none of them for the
machine the log shows (its system, or its Python), so pip or uv fell back to the source distribution, whose build
then failed. The build's own error is a consequence; the missing wheel is the cause to act on (holdout161b:
opentargets/issues#4023, xgboost-cpu 3.0.4's wheels are Linux's and Windows' only, built on a Mac).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.utils import canonicalize_name

from ..release_table import SYSTEM_NAMES, releases_of, table_date

#: uv's cache of a source distribution it builds: ".../uv/sdists-v8/pypi/xgboost-cpu/3.0.4/<hash>/src/..."
_UV_SDIST = re.compile(r"sdists-v\d{1,3}[/\\]pypi[/\\](?P<name>[A-Za-z0-9][\w.-]{0,100})[/\\]"
                       r"(?P<version>\d[\w.!+]{0,40})[/\\]")
#: pip's download of one ("Downloading xgboost-cpu-3.0.4.tar.gz (1.2 MB)", "Using cached pyaudio-0.2.14.tar.gz"),
#: read only where pip then builds a wheel of that name
_PIP_SDIST = re.compile(r"(?:Downloading|Using cached|Processing) (?:\S*/)?(?P<name>[A-Za-z0-9][\w.]{0,100}(?:-[A-Za-z]"
                        r"[\w.]{0,100})*)-(?P<version>\d[\w.!+]{0,40}?)\.(?:tar\.gz|zip|tar\.bz2)\b")
#: pip building a wheel of it ("Building wheel for llama-cpp-python (pyproject.toml)": the file's name may be the
#: underscored one, llama_cpp_python-0.1.27.tar.gz)
_PIP_BUILDING = re.compile(r"Building wheel for ([A-Za-z0-9][\w.-]{0,100}) \(")
#: pip's words for a build that failed ("Building wheel for pygraphviz (pyproject.toml) ... error", "Failed building
#: wheel for X", "Failed to build X Y") and one that did not ("Created wheel for markupsafe: filename=...")
_PIP_FAILED = re.compile(r"Building wheel for (?P<a>[A-Za-z0-9][\w.-]{0,100}) \([^)\n]{0,40}\) \.\.\. error|"
                         r"Failed building wheel for (?P<b>[A-Za-z0-9][\w.-]{0,100})|"
                         r"Failed to build (?P<c>[A-Za-z0-9][\w.-]{0,100})")
_PIP_BUILT = re.compile(r"Created wheel for ([A-Za-z0-9][\w.-]{0,100}):")
_PIP_REQUIRES_FAILED = "Getting requirements to build wheel did not run successfully"
#: a source build the user asked for, an index or links page of its own, or another build's first step that went
#: through (the session-46 second reader's scipy#17225 with --no-binary, and its look-alikes)
_ASKED_TO_BUILD = ("--no-binary", "PIP_NO_BINARY", "--no-index", "--find-links", "Looking in links",
                   "Getting requirements to build wheel ... done", "Processing ./", "Processing /")
#: the words a log that shows such a build holds one of
WORDS = ("sdists-v", "Building wheel for ", _PIP_REQUIRES_FAILED)


def _built(text: str) -> list[tuple[str, str]]:
    """The (name, version) of each source distribution the log shows an installer building and failing to build, in log
    order: where pip names the builds that failed, only those (the session-45 second reader's MarkupSafe, built fine
    beside the pygraphviz that failed); one built without pip's words for its end, where only one was built."""
    found = [(m["name"], m["version"]) for m in _UV_SDIST.finditer(text)] if "sdists-v" in text else []
    if "Building wheel for " not in text and _PIP_REQUIRES_FAILED in text and not any(
            words in text for words in _ASKED_TO_BUILD):
        # pip stopped at the build's first step (its build backend asked for its requirements): the one source
        # distribution the log shows pip fetching from an index is the one it built (holdout174b: numpy#31613)
        fetched = list(dict.fromkeys((m["name"], m["version"]) for m in _PIP_SDIST.finditer(text)
                                     if not m.group(0).startswith("Processing")))
        found += fetched if len(fetched) == 1 else []
    if "Building wheel for " in text:
        building = {canonicalize_name(m[1]) for m in _PIP_BUILDING.finditer(text)}
        failed = {canonicalize_name(m["a"] or m["b"] or m["c"]) for m in _PIP_FAILED.finditer(text)}
        built = {canonicalize_name(m[1]) for m in _PIP_BUILT.finditer(text)}
        found += [(m["name"], m["version"]) for m in _PIP_SDIST.finditer(text)
                  if canonicalize_name(m["name"]) in (failed or building - built)]
    return list(dict.fromkeys(found))


def built_without_wheel(text: str, system: str | None, python: str | None) -> str | None:
    """Where the log shows a build of a release whose wheels leave out this system (or this Python) and which has a
    source distribution: what the bundled release table says of it (None: none shown, or the table has a wheel)."""
    if not any(words in text for words in WORDS):
        return None
    # pip stopped at the build's first step: read only where the log shows neither system nor Python (a setup script's
    # own refusal of this Python stops it there too: holdout135a's bili2text#73, numba 0.60.0's Python check)
    first_step = "Building wheel for " not in text and "sdists-v" not in text
    if first_step and (system is not None or python is not None):
        return None
    for name, version in _built(text)[:8]:
        release = next((r for r in releases_of(name) or () if str(r.version) == version), None)
        if release is None or not release.sdist or not release.pythons or "any" in release.systems:
            continue  # a pure-Python wheel, or none at all: the build was the only way, not a fallback
        built = ", ".join(SYSTEM_NAMES.get(s, s) for s in sorted(release.systems))
        if system in SYSTEM_NAMES and release.systems and system not in release.systems:
            here = SYSTEM_NAMES[system]
            return (f"{name} {version} publishes wheels for {built} only, none for {here}, where this runs "
                    f"(the bundled release table: PyPI's files, read {table_date()})")
        tags = ", ".join(sorted((t for t in release.pythons if t.startswith("cp")),
                                key=lambda t: int(re.sub(r"\D", "", t.partition("-")[0]) or 0)))
        if python is not None and not release.has_wheel_for(python):
            return (f"{name} {version} publishes wheels for other Pythons only ({tags}), none for Python {python}, "
                    f"which this runs (the bundled release table: PyPI's files, read {table_date()})")
        if first_step and tags and set(SYSTEM_NAMES) <= release.systems:
            # wheels for every common system, for some Pythons: the fallback itself says this Python (or an uncommon
            # machine) is not among them (holdout174b: numpy#31613, 1.22.0 built on a Python the log does not name)
            return (f"{name} {version} publishes wheels for {built}, for {tags} only (the bundled release table: "
                    f"PyPI's files, read {table_date()}): an installer building it from source runs another Python "
                    "(or a machine those wheels leave out: musl, 32-bit, another CPU)")
    return None
