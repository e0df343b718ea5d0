"""uv's resolver derivations: why no versions meet the requirements, in uv's words (split from ``resolver``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from packaging.utils import canonicalize_name

from ...model.hints import Hint
from .spec_checks import asker as _asker
from .spec_checks import overlap as _overlap
from .spec_checks import valid_spec

#: uv's resolver derivation: "Because transformers==4.40.0 depends on tokenizers>=0.19,<0.20 and you require
#: transformers==4.40.0, we can conclude that you require tokenizers>=0.19,<0.20. And because you require
#: tokenizers==0.15.0, we can conclude that your requirements are unsatisfiable."
_UV_SPEC = r"(?:===?|~=|!=|<=|>=|<|>)[^\s,;]+(?:,(?:===?|~=|!=|<=|>=|<|>)[^\s,;]+)*"
#: a marker uv writes after the name where a dependency holds on some machines only: "torch{platform_machine !=
#: 'aarch64'}==2.5.1" (holdout43a: vllm#11283)
_UV_MARKER = r"(?:\{[^{}\n]{1,200}\})?"
_UV_DEPENDS = re.compile(rf"(?P<who>[A-Za-z][\w.-]*(?:\[[\w,.-]+\])?(?:{_UV_SPEC})?) depends on (?:one of: )?"
                         rf"(?P<name>[A-Za-z][\w.-]*)(?:\[[\w,.-]+\])?{_UV_MARKER}(?P<spec>{_UV_SPEC})")
_UV_REQUIRE = re.compile(rf"(?<!conclude that )\byou require (?:one of: )?(?P<name>[A-Za-z][\w.-]*)(?:\[[\w,.-]+\])?"
                         rf"{_UV_MARKER}(?P<spec>{_UV_SPEC})")

#: uv's list of a project's own requirements, several joined by "and": "And because your project depends on cogkit and
#: peft>=0.15.2, we can conclude that your project's requirements are unsatisfiable." (holdout177a: CogKit#30)
_PROJECT_LIST = re.compile(r"your project depends on (?P<list>[^\n]{1,400}?), we can conclude")
_LISTED = re.compile(rf"(?:^|,? and |, )(?P<name>[A-Za-z][\w.-]*)(?:\[[\w,.-]+\])?(?P<spec>{_UV_SPEC})(?=,? and |, |$)")


#: uv's words for a dependency none of whose releases supports every Python the project's requires-python admits:
#: "Because the requested Python version (>=3.9) does not satisfy Python>=3.10 and your project depends on mcp[cli],
#: we can conclude that your project's requirements are unsatisfiable." (holdout70a: uv#14556)
_UV_PYTHON = re.compile(r"Because the requested Python version \((?P<project>[^()\n]{1,100})\) does not satisfy\s+"
                        r"Python(?P<need>[<>=!~][^\s,]{1,40}(?:,[<>=!~][^\s,]{1,40})*)\s+and\s+(?:your project depends "
                        r"on (?P<dep>[A-Za-z0-9][\w.-]{0,100}(?:\[[\w,.-]{1,100}\])?)"
                        r"|(?P<release>[A-Za-z0-9][\w.-]{0,100}==[^\s,]{1,40})\s+depends\s+on\s+Python)")  # state#204

#: uv's pip interface, installing into an environment whose Python every release of a package refuses: "Because the
#: current Python version (3.9.6) does not satisfy Python>=3.11,<4.0 and all versions of rooster-blue depend on
#: Python>=3.11,<4.0, we can conclude that all versions of rooster-blue cannot be used." (holdout179a: uv#4075)
_UV_CURRENT_PYTHON = re.compile(r"Because the current Python version \((?P<have>\d+\.\d+(?:\.\d+)?)\) does not "
                                r"satisfy\s+Python(?P<need>[<>=~][^\s,]{1,40}(?:,[<>=!~][^\s,]{1,40})*)\s+and\s+"
                                r"all versions of (?P<dep>[A-Za-z0-9][\w.-]{0,100}) depend on Python")

#: uv's words for a dependency's pin no index it searched has: "Because there is no version of
#: libtpu-nightly==0.1.dev20240916 and jax[tpu]==0.4.33 depends on libtpu-nightly==0.1.dev20240916" (holdout78a:
#: uv#7616; a pin the user asked for, "your project depends on torch==1.6.0+cu101", is the request's own: uv#12980)
_UV_NO_VERSION = re.compile(r"there is no version of (?P<name>[A-Za-z0-9][\w.-]{0,100})(?P<spec>==[^\s,]{1,60})"
                            r"\s+and\s+(?P<who>[A-Za-z0-9][\w.-]{0,100}(?:\[[\w,.-]{1,100}\])?==[^\s,]{1,60})\s+depends\s+on\s+"
                            r"(?P=name)(?P=spec)[\s,]")


#: a version setuptools-scm gives a checkout ("1.32.2.dev72+g6c929c10b"): the user's own project, not an index's
_CHECKOUT_VERSION = re.compile(r"\+g[0-9a-f]{6,40}\b")
#: two requirements of the user's on one package that no release meets together: "Because you require astropy>=5,<7
#: and astropy==7.0.0, we can conclude that your requirements are unsatisfiable." (holdout104a: svgdigitizer#225)
_YOU_REQUIRE_BOTH = re.compile(rf"Because you require (?P<name>[A-Za-z0-9][\w.-]*)(?P<a>{_UV_SPEC}) and "
                               rf"(?P<name2>[A-Za-z0-9][\w.-]*)(?P<b>{_UV_SPEC}), we can conclude that your "
                               "requirements are unsatisfiable")


#: uv's hint where its first-index strategy hid a release another index has: "`pillow` was found on
#: https://download.pytorch.org/whl/cu126, but not at the requested version (pillow==11.1.0)" (holdout86a:
#: FramePack#315)
_FIRST_INDEX = re.compile(r"`(?P<name>[A-Za-z0-9][\w.-]{0,100})` was found on (?P<index>\S{1,300}), but not at the "
                          r"requested version \((?P<asked>[^()\n]{1,200})\)")


#: uv's headline where its universal resolution (one resolution for every Python and platform the project admits)
#: fails in one fork of it: "No solution found when resolving dependencies for split (python_full_version >= '3.12')"
#: (holdout110a: uv#8705; holdout58a: LlamaFactory#8309, vllm#15985; holdout81a: core#1085; holdout86a:
#: ace-step-ui#31; holdout92a: ome-zarr-py#588), the markers perhaps wrapped or cut
_SPLIT = re.compile(r"No solution found when resolving dependencies for split \((?:markers: )?"
                    r"(?P<markers>[^()]{1,300}?)(?:\)|$)")
#: uv's words for a name no index has: a typo or a private package, not a bound (the whole resolution fails on it)
_NO_SUCH_PACKAGE = ("was not found in the package registry", "not found in the provided package locations")
#: a pin no index has, or one yanked: the pin is the fault on every fork ("there is no version of requests==2.332.0",
#: "pyasn1==0.5.0 was yanked": the session-37 second reader's look-alikes)
_PIN_UNAVAILABLE = re.compile(r"there is no version of [\w.-]+(?:\{[^{}\n]{1,200}\})?==|"
                              r"[\w.-]+(?:\{[^{}\n]{1,200}\})?==[^\s,]+ was yanked")


def _split_failed(message: str) -> Hint | None:
    """A fork of uv's universal resolution that no versions meet, where the derivation below says no more."""
    split = _SPLIT.search(message) if "for split (" in message else None
    if split is None or any(words in message for words in _NO_SUCH_PACKAGE) or _PIN_UNAVAILABLE.search(message):
        return None
    markers = " ".join(split["markers"].split()).rstrip(" :")
    if markers.startswith(("included:", "excluded:")) or "< '4'" in markers:
        # a fork by conflicting extras, not by environment; a fork of every Python 3 from a floor on: nothing to narrow
        # (the session-37 second reader's look-alike; uv#14231, a uv bug)
        return None
    return Hint(f"uv resolves the project once for every Python and platform it admits (universal resolution), and "
                f"for the environments {markers} no versions meet the requirements: the derivation below the headline "
                "names the bounds (or the wheels) that fail there, which the environment in use may not need",
                "narrow what uv resolves for to the environments the project runs on (requires-python in "
                "pyproject.toml, or [tool.uv] environments = [...]), or give the requirement the derivation names a "
                "marker or bound that fits those environments",
                "reasoned from the log: uv's headline for one fork of its universal resolution", family="version-guard")


def uv_conflict(message: str) -> Hint | None:
    """uv's derivation of why no versions meet the requirements: the package two askers bound apart (a package's
    dependency, and the requirements asked for, or two packages' dependencies), each with its bound."""
    hidden = _FIRST_INDEX.search(message) if "but not at the requested version" in message else None
    if hidden is not None:
        name, index = hidden["name"], hidden["index"].rstrip(",.")
        return Hint(f"uv takes {name} only from the first index that has it ({index}), and that index lacks "
                    f"{hidden['asked']}: uv's first-index strategy (against dependency confusion) does not look for "
                    "it on the indexes after that one",
                    f"give {name} its own index (mark the other index explicit = true in pyproject.toml, so only the "
                    f"packages sourced from it come from there), or pass --index-strategy unsafe-best-match where "
                    "every index is trusted", "reasoned from the log: uv's own hint", family="version-guard")
    pinned = _UV_NO_VERSION.search(message) if "there is no version of" in message else None
    if pinned is not None and not _CHECKOUT_VERSION.search(pinned["who"]):
        # (an asker of a local version, "rotkehlchen==1.32.2.dev72+g6c929c10b", is the user's own checkout: its pin,
        # which PyPI has, is the request's; the session-33 second reader's uv#2172, a uv bug)
        name, spec, who = pinned["name"], pinned["spec"], pinned["who"]
        return Hint(f"{who} pins {name}{spec}, a release none of the indexes uv searched has under that version, so "
                    f"uv cannot install {who}",
                    f"add the index or find-links page that publishes {name}{spec}, ask for the build the index has "
                    f"by its exact version (with its local suffix), or a release of {who.partition('==')[0]} whose pin "
                    "the index has",
                    "reasoned from the log: uv's resolver derivation", family="version-guard")
    current = _UV_CURRENT_PYTHON.search(message) if "Because the current Python version" in message else None
    if current is not None:
        have, need, dep = current["have"], current["need"], current["dep"]
        return Hint(f"every release of {dep} needs Python{need}, and the Python uv installs into is {have}: no "
                    f"release of {dep} supports it",
                    f"install into a Python that {dep} supports (uv venv --python {need.lstrip('>=~').split(',')[0]}; "
                    "uv found no release of it for this one)",
                    "reasoned from the log: uv's resolver derivation", family="version-guard")
    python = _UV_PYTHON.search(message) if "Because the requested Python version" in message else None
    if python is not None:
        name, _, version = (python["release"] or "").partition("==")
        dep, need = python["dep"] or name, python["need"]
        which = f"{dep} {version} requires" if version else "every release of it that fits requires"
        return Hint(f"the project's Python range ({python['project']}) admits Pythons {dep} does not support: {which} "
                    f"Python{need}, so uv's resolver refuses the project's other Pythons",
                    f"raise requires-python in pyproject.toml to Python{need}, or add {dep} with a python_version "
                    "marker for the Pythons it supports",
                    "reasoned from the log: uv's resolver derivation", family="version-guard")
    both = _YOU_REQUIRE_BOTH.search(message) if "we can conclude that your requirements are" in message else None
    if both is not None and canonicalize_name(both["name"]) == canonicalize_name(both["name2"]) and not _overlap(
            both["a"], both["b"]):
        name, one, other = both["name"], both["a"], both["b"]
        return Hint(f"the requirements ask for {name}{one} and {name}{other}: no release of {name} meets both, so the "
                    "resolver (uv's, or pixi's for PyPI packages) stops",
                    f"keep one requirement on {name}: the project's own bound and a pin from elsewhere (a lock file, "
                    "a conda package of it already in the environment, a second requirements file) disagree",
                    "reasoned from the log: the resolver's derivation", family="version-guard")
    asked: dict[str, list[tuple[str, str]]] = {}  # dist -> [(who asks, spec)]
    for found in _UV_DEPENDS.finditer(message):
        asked.setdefault(str(canonicalize_name(found["name"])), []).append(
            (found["who"], found["spec"].rstrip(".")))
    for found in _UV_REQUIRE.finditer(message):
        asked.setdefault(str(canonicalize_name(found["name"])), []).append(("you", found["spec"].rstrip(".")))
    for listed in _PROJECT_LIST.finditer(message):  # "your project depends on cogkit and peft>=0.15.2, we can ..."
        for found in _LISTED.finditer(listed["list"]):
            wants = asked.setdefault(str(canonicalize_name(found["name"])), [])
            if all(spec != found["spec"] for _, spec in wants):  # (its first, "project depends on x>=1", read above)
                wants.append(("you", found["spec"]))
    for dist, wants in asked.items():
        askers: dict[str, str] = {}
        for who, spec in wants:
            if valid_spec(spec) and str(canonicalize_name(_asker(who, bare=True))) != dist:
                askers.setdefault(who, spec)
        if len(askers) < 2:
            continue
        (first, one), (second, other) = sorted(askers.items(), key=lambda item: item[0] == "you")[:2]
        if _overlap(one, other):
            continue
        them = (f"{_asker(first)} requires {dist}{one}, and "
                + (f"the requirements ask for {dist}{other}" if second == "you" else
                   f"{_asker(second)} requires {dist}{other}"))
        fix = (f"let {dist} follow {_asker(first)} ('{dist}{one}'), or ask for a release of {_asker(first, bare=True)} "
               f"whose requirement admits {dist}{other}" if second == "you" else
               f"ask for releases of {_asker(first, bare=True)} and {_asker(second, bare=True)} whose requirements on "
               f"{dist} overlap, or install them in separate environments")
        return Hint(f"uv found no versions that meet all the requirements: {them}; no release of {dist} meets both",
                    fix, "reasoned from the log: uv's resolver derivation", family="version-guard")
    return _split_failed(message)
