"""A package's own check at import, in its words: what it found, and what it needs or no longer has.

requests' check of urllib3 and chardet ("RequestsDependencyWarning: urllib3 (1.26.12) or chardet (3.0.4) doesn't
match a supported version!"), Ansible's check of the controller's Python ("Ansible requires Python 3.8 or newer on
the controller. Current version: 3.6.8"), Django's check of its MySQL driver ("mysqlclient 1.4.0 or newer is
required; you have 0.10.1."), a package's tombstone for a module it removed ("Bio.Alphabet has been removed
from Biopython."), and NVIDIA apex's old features, which it removed while its version stayed 0.1.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ...model.hints import MISNAMED, OPTIONAL, Hint
from ..failure import Failure
from .api import asked
from .atlas_limits import optional_then_gone
from .names import NAMESPACE_PACKAGES, NOT_PACKAGES, distribution_of, innermost_frame, package_frames, possessive, top
from .stdlib import minor

#: requests/__init__.py's check_compatibility, warned at import: "urllib3 ({}) or chardet ({}) doesn't match a
#: supported version!", "urllib3 ({}) or chardet ({})/charset_normalizer ({}) doesn't match ..." (requests 2.26+)
_REQUESTS = re.compile(r"urllib3 \((?P<urllib3>[^()\s]{1,30})\) or chardet \((?P<chardet>[^()\s]{1,30})\)"
                       r"(?:/charset_normalizer \((?P<normalizer>[^()\s]{1,30})\))? doesn't match a supported version")
#: Ansible's controller check (lib/ansible/cli/__init__.py), printed as "ERROR: ..." and raised as SystemExit
_ANSIBLE = re.compile(r"(?P<who>Ansible) requires Python (?P<need>\d+\.\d+) or newer on the controller\. Current "
                      r"version: (?P<found>\d+\.\d+(?:\.\d+)?)")
#: Django's MySQL backend (django/db/backends/mysql/base.py): "mysqlclient 1.3.13 or newer is required; you have 0.9.3."
_REQUIRED_YOU_HAVE = re.compile(r"(?P<name>[A-Za-z][\w.-]{0,60}) (?P<need>\d+(?:\.\d+){0,3}) or newer is required; "
                                r"you have (?P<found>\d+(?:\.\d+){0,3})")
#: a package's own words for a module or name it took out: Biopython 1.78's Bio/Alphabet/__init__.py raises
#: "Bio.Alphabet has been removed from Biopython."
_REMOVED_FROM = re.compile(r"^(?P<what>[A-Za-z_][\w.]{0,100}) (?:has|have) been removed from "
                           r"(?P<owner>[A-Z]?[\w-]{1,40})\b(?! in favou?r)")
#: a package's own words for a name it took out in favour of another, the message's lines joined
_REMOVED_IN_FAVOUR = re.compile(r"(?P<what>[A-Za-z_][\w.]{0,100})(?: and [A-Za-z_][\w.]{0,100})? (?:has|have) been "
                                r"removed in favou?r of (?P<new>[A-Za-z_][\w.]{0,100}[A-Za-z_\d])")
#: a package's check at import of a dependency's floor, in its words: "dateutil 2.5.0 is the minimum required version"
_MINIMUM_REQUIRED = re.compile(r"(?<![\w.-])(?P<name>[A-Za-z][\w.-]{0,60}) (?P<need>\d+(?:\.\d+){1,3}) is the minimum "
                               r"required version")
#: a package's check at import of two of its own releases installed together
_MIXED_RELEASES = re.compile(r"(?P<name>[A-Z][\w-]{1,40}) is installed in an invalid environment that has both "
                             r"(?P=name) >=\s?(?P<floor>\d+(?:\.\d+)*) and an earlier version")
#: NVIDIA apex's old features, imported from an installed apex (its path: a site-packages folder or an egg): apex
#: removed them in NVIDIA/apex#1896 (commit cb65b8e, 2025-05-08; its parent e13873de has them), its version 0.1
#: before and after. An apex of "unknown location" is a folder named apex, not apex (holdout30a: YOLOX#458)
_APEX_REMOVED = re.compile(r"cannot import name '(?P<name>amp|parallel|RNN|fp16_utils)' from 'apex' \((?P<path>[^()]*"
                           r"(?:site-packages|dist-packages|\.egg)[\\/]apex[\\/]__init__\.py)\)")
#: PyPI's first mysqlclient release: an older "version" is PyMySQL's own, reported by its install_as_MySQLdb() shim
_FIRST_MYSQLCLIENT = Version("1.3.0")


def import_check(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The answer a package's own check at import gives in its words (None where none of them is there)."""
    message = failure.message
    if "doesn't match a supported version" in message:
        found = _REQUESTS.search(message)
        if found is not None:
            return _requests_dependencies(found)
    if "on the controller" in message:
        controller = _ANSIBLE.search(message)
        if controller is not None:
            need, python = controller["need"], minor(controller["found"])
            return Hint(f"Ansible requires Python {need} or newer on the controller (its own check), and the Python "
                        f"running it is {python}",
                        f"run Ansible with Python {need} or newer (a venv made with it: pip install ansible there), or "
                        f"install the last ansible-core release that supports Python {python} on the controller "
                        "(ansible-core's support matrix)",
                        "reasoned from the log: the requirement as the message states it", family="version-guard")
    if "or newer is required; you have" in message:
        driver = _REQUIRED_YOU_HAVE.search(message)
        if driver is not None:
            return _driver_too_old(driver["name"], driver["need"], driver["found"])
    minimum = _MINIMUM_REQUIRED.search(message) if "is the minimum required version" in message else None
    if minimum is not None and failure.raised_in and minimum["name"].lower() != "python":  # Python's own: no pip
        # pandas 0.24's check at import: "dateutil 2.5.0 is the minimum required version" (holdout90a:
        # udacity-driving-reader#10, python-dateutil 2.4 under pandas 0.24)
        dist = distribution_of(minimum["name"])
        asker = distribution_of(failure.raised_in)
        shown = version_of(dist)
        return Hint(f"{possessive(asker)} own check at import needs {dist} {minimum['need']} or newer, and the "
                    f"installed {dist}{f' ({shown})' if shown else ''} is older",
                    f'pip install -U "{dist}>={minimum["need"]}", or a release of {asker} that admits the installed '
                    f"{dist}", f"reasoned from the log: {possessive(asker)} own version check", family="version-guard")
    mixed = _MIXED_RELEASES.search(message) if "installed in an invalid environment" in message else None
    if mixed is not None:
        # Qiskit 1.0's check at import (qiskit/__init__.py): an environment with a Qiskit before 1.0 (qiskit-terra)
        # and one from 1.0 on (holdout90a: qiskit#13416, qiskit-serverless#1224)
        name, floor = mixed["name"], mixed["floor"]
        return Hint(f"{name}'s own check at import finds both {name} >={floor} and an earlier {name} installed (a "
                    f"package that depends on the earlier one pulled it in): they install the same modules and do not "
                    "work together", f"create a new virtual environment with {name} >={floor} and only packages made "
                    f"for it (pip uninstall the earlier one, for Qiskit qiskit-terra, and update what depends on it)",
                    f"reasoned from the log: {possessive(name)} own check of the releases installed",
                    family="version-guard")
    if failure.is_a("builtins.ImportError") or failure.is_a("builtins.AttributeError"):
        removed = _REMOVED_FROM.match(message) if " been removed from " in message else None
        if removed is not None:
            return _removed(removed["what"], removed["owner"], failure, version_of)
    favoured = (_REMOVED_IN_FAVOUR.search(" ".join(message.split())) if "been removed in favo" in message
                and failure.raised_in else None)
    if (favoured is not None and top(favoured["what"]) == top(failure.raised_in or "") and "." in favoured["new"]
            and top(favoured["what"]) not in NAMESPACE_PACKAGES):
        # a module path on both sides (a sentence's "in favour of the ..." is no name), and a package's own top-level
        # module (a namespace's, google's, names no distribution: the session-34 second reader's google.cloud)
        # the package's own tombstone, raised in its module: statsmodels 0.13's "statsmodels.tsa.arima_model.ARMA and
        # statsmodels.tsa.arima_model.ARIMA have been removed in favor of statsmodels.tsa.arima.model.ARIMA"
        # (holdout88a: WhatTheHack#320)
        dist = distribution_of(favoured["what"])
        shown = version_of(dist)
        installed = f"{dist} {shown}" if shown else f"the installed {dist}"
        return Hint(f"the code asks for {favoured['what']}, which {installed} has removed in favour of "
                    f"{favoured['new']}, as its own message says: the code was written for an older {dist}",
                    f"change the code to {favoured['new']} (a release of the package that uses it written for this "
                    f"{dist}), or install a release of {dist} from before the removal ({possessive(dist)} changelog "
                    "names it)", f"reasoned from the log: {possessive(dist)} own words, raised in its module",
                    family="api-mismatch")
    if "from 'apex' (" in message and failure.is_a("builtins.ImportError"):
        return _apex_removed(failure, version_of)
    optional = _optional_name(failure, version_of)
    if optional is not None:
        return optional
    if "pyramid" in message and _innermost_package(failure) == "apex":
        # apex's own __init__ importing Pyramid (pyramid.session, pyramid_mailer): PyPI's "apex" 0.9.10dev, "Pyramid
        # toolkit to add Velruse, Flash Messages, CSRF, ReCaptcha and Sessions" (read from its sdist), not NVIDIA's
        return Hint("the installed apex is PyPI's \"apex\", a Pyramid web toolkit (0.9.10dev: its __init__ imports "
                    "pyramid), not NVIDIA's apex, which is not on PyPI",
                    "pip uninstall apex, then install NVIDIA's apex from its repository (git clone "
                    "https://github.com/NVIDIA/apex, then its documented pip install), or use torch's own torch.amp",
                    "reasoned from the log: apex's own file imports pyramid; PyPI's apex 0.9.10dev sdist",
                    family=MISNAMED)
    return None


def _optional_name(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A name a package's releases had only with an optional dependency, and its later releases dropped: the log that
    shows neither the release nor the dependency cannot tell which (holdout33a's distractor mglearn#5: an old SciPy
    without Pillow, where scipy.misc.imread is SciPy 1.3.0's removal in most threads)."""
    if not (failure.is_a("builtins.ImportError") or failure.is_a("builtins.AttributeError")):
        return None
    shape = asked(failure)  # "cannot import name 'X' from 'M'", "module 'M' has no attribute 'X'", or the statement
    if shape is None or shape.module is None:
        return None
    module, name = shape.module, shape.name
    dist = distribution_of(module)
    found = optional_then_gone(dist, module, name)
    if found is None:
        return None
    last, gone = found
    shown = version_of(dist)
    try:
        after = shown is not None and Version(shown) >= gone
    except InvalidVersion:
        return None
    if after:  # the log shows a release that dropped it: the removal, whatever the dependency
        return Hint(f"the code asks for {module}.{name}, which {dist} {gone} removed ({last} is the last release that "
                    f"could have it, with an optional dependency installed); the installed {dist} is {shown}",
                    f"pip install '{dist}<{gone}' (with the optional dependency its {module} imports), or the "
                    f"replacement {dist}'s changelog names",
                    f"reasoned from the log and the bundled API atlas ({dist}: {module}.{name})", family="api-mismatch")
    return Hint(f"{module}.{name}: {dist} releases up to {last} have it only where an optional dependency they try to "
                f"import is installed, and {gone} and later do not have it at all; the log shows neither the {dist} "
                "release nor that dependency",
                f"with {dist}<{gone}, install the optional dependency its {module} imports (its __init__ names it); "
                f"with {dist} {gone} or later, the replacement its changelog names (or pip install '{dist}<{gone}' "
                "with that dependency)",
                f"reasoned from the log and the bundled API atlas ({dist}: {module}.{name} bound only under an "
                "optional import)", family=OPTIONAL)


def _innermost_package(failure: Failure) -> str | None:
    """The top-level package of the innermost frame outside Python's own library ("" where it is a script's or the
    log shows no frame)."""
    inner = innermost_frame(failure.frames)
    return top(inner.partition(":")[0]) if inner is not None else None


def _apex_removed(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """An installed apex asked by other code for a feature apex removed (not apex's own import of it failing: an old
    apex whose install broke, NVIDIA/apex#724; not PyPI's "apex", Pyramid's toolkit, 0.9.10.dev0)."""
    found = _APEX_REMOVED.search(failure.message)
    shown = version_of("apex")
    if found is None or _innermost_package(failure) == "apex":
        return None
    try:
        if shown is not None and Version(shown) >= Version("0.9"):
            return None
    except InvalidVersion:
        return None
    return Hint(f"NVIDIA apex removed apex.{found['name']} from its main branch in NVIDIA/apex#1896 (2025-05-08), with "
                "the rest of its old features (amp, parallel, RNN, fp16_utils), after years of deprecation: the "
                "installed apex was built from a later commit, though its version still reads 0.1",
                "use torch's own mixed precision and data parallelism (torch.autocast with torch.amp.GradScaler, "
                "torch.nn.parallel.DistributedDataParallel, torch.nn.SyncBatchNorm), or build apex from the last "
                "commit before the removal: git clone https://github.com/NVIDIA/apex && cd apex && git checkout "
                "e13873de, then apex's documented pip install",
                "NVIDIA/apex#1896 (commit cb65b8e: apex/amp, apex/parallel, apex/RNN and apex/fp16_utils deleted, "
                "apex/__init__.py no longer imports them; its parent e13873de has them), read from apex's history",
                family="api-mismatch")


def _requests_dependencies(found: re.Match[str]) -> Hint:
    shown = [f"urllib3 {found['urllib3']}", f"chardet {found['chardet']}"]
    if found["normalizer"]:
        shown.append(f"charset_normalizer {found['normalizer']}")
    return Hint(f"requests' own check at import: {' or '.join(shown)} is outside the range the installed requests "
                "supports (each requests release names its own bounds for them)",
                "pip install -U requests (a release whose bounds take these), or pip install -U urllib3 chardet "
                "charset_normalizer within the bounds the installed requests declares (pip check names them)",
                "reasoned from the log: the versions as the message states them", family="version-guard")


def _driver_too_old(name: str, need: str, found: str) -> Hint | None:
    # Django 1.11-2.x's "psycopg2_version 2.5.4 or newer is required; you have 2.5.1 (dt dec pq3 ext)"
    dist = str(canonicalize_name(re.sub(r"[_ -]version$", "", name)))
    try:
        if dist in NOT_PACKAGES or Version(found.rstrip(".")) >= Version(need):
            return None
        standing_in = dist == "mysqlclient" and Version(found.rstrip(".")) < _FIRST_MYSQLCLIENT
    except InvalidVersion:
        return None
    if standing_in:
        return Hint(f"Django requires mysqlclient {need} or newer, and the MySQLdb it found reports {found}: no "
                    "mysqlclient release (its first is 1.3.0), but PyMySQL standing in for it "
                    "(pymysql.install_as_MySQLdb()), whose release tells Django an older MySQLdb version",
                    "pip install -U pymysql (PyMySQL 1.0.0 tells Django it is MySQLdb 1.4.0, 1.1.0 and later 1.4.6; "
                    "0.10.1 said 1.3.13 and 0.9.3 1.3.12: read from PyMySQL's wheels), or pip install "
                    f"'mysqlclient>={need}' and drop the install_as_MySQLdb() call",
                    "reasoned from the log: the requirement as the message states it; PyMySQL's install_as_MySQLdb "
                    "shim", family="version-guard")
    return Hint(f"the package's own check requires {dist} {need} or newer, and the installed {dist} is {found}",
                f"pip install -U '{dist}>={need}'",
                "reasoned from the log: the requirement as the message states it", family="version-guard")


def _removed(what: str, owner: str, failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """A tombstone whose words name the package that owns the module ("Bio.Alphabet" is Biopython's), raised by that
    package's own file or with no frame shown: not an application's "sword has been removed from Inventory"."""
    dist = str(canonicalize_name(owner))
    if dist in NOT_PACKAGES or distribution_of(what) != dist:
        return None
    inner = _innermost_package(failure)
    if inner is not None and (distribution_of(inner) != dist or not package_frames(failure.frames[-1:] if
                                                                                  failure.frames else (),
                                                                                  failure.packages)):
        return None
    shown = version_of(dist)
    installed = f" (the installed {owner} is {shown})" if shown else ""
    return Hint(f"the code asks for {what}, which {owner} has removed{installed}: {owner}'s own message. The code "
                f"was written for an older {owner}",
                f"update the code as {owner}'s message says (a release of the package that imports it written for "
                f"this {owner}), or install a release of {owner} from before the removal ({owner}'s changelog names "
                "it)",
                f"reasoned from the log: {owner}'s own words", family="api-mismatch")
