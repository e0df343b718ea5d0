"""A package's own check at import, in its words: what it found, and what it needs or no longer has.

requests' check of urllib3 and chardet ("RequestsDependencyWarning: urllib3 (1.26.12) or chardet (3.0.4) doesn't
match a supported version!"), Ansible's check of the controller's Python ("Ansible requires Python 3.8 or newer on
the controller. Current version: 3.6.8"), Django's check of its MySQL driver ("mysqlclient 1.4.0 or newer is
required; you have 0.10.1."), and a package's tombstone for a module it removed ("Bio.Alphabet has been removed
from Biopython.").

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from ...model.hints import Hint
from ..failure import Failure
from .names import NOT_PACKAGES

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
            need, python = controller["need"], ".".join(controller["found"].split(".")[:2])
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
    if failure.is_a("builtins.ImportError") or failure.is_a("builtins.AttributeError"):
        removed = _REMOVED_FROM.match(message) if " been removed from " in message else None
        if removed is not None:
            return _removed(removed["what"], removed["owner"], version_of)
    return None


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
    dist = str(canonicalize_name(name))
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


def _removed(what: str, owner: str, version_of: Callable[[str], str | None]) -> Hint | None:
    dist = str(canonicalize_name(owner))
    if dist in NOT_PACKAGES or dist in ("python", "it", "this", "the"):
        return None
    shown = version_of(dist)
    installed = f" (the installed {owner} is {shown})" if shown else ""
    return Hint(f"the code asks for {what}, which {owner} has removed{installed}: {owner}'s own message. The code "
                f"was written for an older {owner}",
                f"update the code as {owner}'s message says (a release of the package that imports it written for "
                f"this {owner}), or install a release of {owner} from before the removal ({owner}'s changelog names "
                "it)",
                f"reasoned from the log: {owner}'s own words", family="api-mismatch")
