"""Which releases of a package a bisect can try: read from the indexes pip is configured with.

PEP 691 JSON where an index speaks it, else PEP 503 HTML, and find-links directories or pages;
a release counts when one of its wheels installs on this interpreter (the index's own resolver
is not asked: a bisect measures releases, not what a resolver would pick).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import base64
import json
import platform
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.tags import Tag, sys_tags
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    NormalizedName,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from ..pip_config import PipConfig

_ACCEPT = ("application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
           "text/html;q=0.01")


class BisectUsageError(ValueError):
    """Unknown package or release, bad range, unreadable pins: exit 2."""


@dataclass(frozen=True)
class _File:
    filename: str
    yanked: bool = False
    requires_python: str | None = None
    url: str = ""  # as the page gives it (maybe relative to the page)


class _Anchors(HTMLParser):
    """PEP 503 pages: every ``<a>``, with the file name from its text or href and its data- attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[_File] = []
        self._attrs: dict[str, str | None] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._attrs, self._text = dict(attrs), ""

    def handle_data(self, data: str) -> None:
        if self._attrs is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag != "a" or self._attrs is None:
            return
        href = self._attrs.get("href") or ""
        name = urllib.parse.unquote(urllib.parse.urlsplit(href).path.rstrip("/").rpartition("/")[2])
        self.files.append(_File(name or self._text.strip(), "data-yanked" in self._attrs,
                                self._attrs.get("data-requires-python"), href))
        self._attrs = None


def _html_files(text: str) -> list[_File]:
    parser = _Anchors()
    parser.feed(text)
    return parser.files


def _json_files(data: Any) -> list[_File]:
    files = data.get("files", []) if isinstance(data, dict) else []
    return [_File(str(f["filename"]), bool(f.get("yanked")), f.get("requires-python"), str(f.get("url", "")))
            for f in files if isinstance(f, dict) and "filename" in f]


def local_path(url: str) -> Path | None:
    if "://" not in url:
        return Path(url)
    parts = urllib.parse.urlsplit(url)
    return Path(urllib.request.url2pathname(parts.path)) if parts.scheme == "file" else None


def open_url(url: str, cert: str | None, headers: Mapping[str, str], timeout: float = 60) -> Any:
    """``urlopen`` of an index's URL, its ``user:password@`` (pip's form for a private index) sent as Basic
    authentication, never as part of the host; raises urllib's errors."""
    import ssl

    headers = {"User-Agent": "autoglm-compat", **headers}
    parts = urllib.parse.urlsplit(url)
    if "@" in parts.netloc:
        userinfo, _, host = parts.netloc.rpartition("@")
        user, _, password = userinfo.partition(":")
        token = f"{urllib.parse.unquote(user)}:{urllib.parse.unquote(password)}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        url = urllib.parse.urlunsplit(parts._replace(netloc=host))
    context = ssl.create_default_context(cafile=cert) if cert and url.startswith("https:") else None
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout, context=context)


def _get(url: str, cert: str | None) -> tuple[str, str] | None:
    """(content type, body) of an index page; None where the index has no such page."""
    from ...facts.probe import redact_url_credentials

    shown = redact_url_credentials(url)
    try:
        with open_url(url, cert, {"Accept": _ACCEPT, "User-Agent": "autoglm-compat-bisect"}) as response:
            return response.headers.get("Content-Type", ""), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise BisectUsageError(f"index {shown} answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise BisectUsageError(f"cannot read index {shown}: {getattr(exc, 'reason', exc)}") from None


def _index_files(index: str, name: str, cert: str | None) -> list[_File]:
    """One index's files for ``name`` (PEP 691 JSON where the index speaks it, else PEP 503 HTML), their URLs
    made absolute against the page."""
    local = local_path(index)
    if local is not None:
        page = local / name / "index.html"
        if not page.is_file():
            return []
        files = _html_files(page.read_text(encoding="utf-8", errors="replace"))
        return [replace(f, url=str(page.parent / f.url) if f.url and "://" not in f.url else f.url) for f in files]
    page_url = f"{index.rstrip('/')}/{name}/"
    got = _get(page_url, cert)
    if got is None:
        return []
    kind, body = got
    files = _json_files(json.loads(body)) if "json" in kind else _html_files(body)
    return [replace(f, url=urllib.parse.urljoin(page_url, f.url)) if f.url else f for f in files]


def file_release(filename: str) -> tuple[NormalizedName, Version, frozenset[Tag]] | None:
    """(distribution, version, wheel tags: none for an sdist) a wheel's or an sdist's file name says; None for any
    other file, or a name that does not parse."""
    try:
        if filename.endswith(".whl"):
            dist, version, _, tags = parse_wheel_filename(filename)
            return dist, version, tags
        if filename.endswith((".tar.gz", ".zip")):
            dist, version = parse_sdist_filename(filename)
            return dist, version, frozenset()
    except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
        pass
    return None


def configured_files(name: str, config: PipConfig) -> list[_File]:
    """Every file of ``name`` on each index ``config`` names, in their order."""
    wanted = canonicalize_name(name)
    return [item for index in config.indexes for item in _index_files(index, wanted, config.cert)]


def release_files(name: str, config: PipConfig) -> list[tuple[Version, str, str]]:
    """(version, file name, URL) of every wheel and sdist of ``name`` on the configured indexes, not yanked."""
    wanted = canonicalize_name(name)
    found = []
    for item in configured_files(name, config):
        parsed = file_release(item.filename)
        if parsed is not None and parsed[0] == wanted and not item.yanked and item.url:
            found.append((parsed[1], item.filename, item.url))
    return found


def _find_links_files(link: str, cert: str | None) -> list[_File]:
    local = local_path(link)
    if local is not None:
        if local.is_dir():
            return [_File(p.name) for p in local.iterdir() if p.is_file()]
        return [_File(local.name)] if local.is_file() else []
    got = _get(link, cert)
    return _html_files(got[1]) if got else []


@dataclass(frozen=True)
class Listing:
    """A package's releases as this interpreter can install them, and why the others are left out."""

    name: str
    usable: tuple[Version, ...]  # sorted; at least one wheel this interpreter can install, not yanked
    left_out: Mapping[Version, str] = field(default_factory=dict)  # release -> why


def list_releases(name: str, config: PipConfig, *, tags: Iterable[Tag] | None = None,
                  python_version: str | None = None) -> Listing:
    """Releases of ``name`` on the configured indexes and find-links, wheels for this interpreter only.

    A release counts when one of its wheels is not yanked, fits the interpreter's tags and its
    Requires-Python; sdist-only releases are left out (building them is not what a bisect measures).
    """
    wanted = canonicalize_name(name)
    accepted = frozenset(tags if tags is not None else sys_tags())
    python = Version(python_version or platform.python_version())
    files = [f for index in config.indexes for f in _index_files(index, wanted, config.cert)]
    files += [f for link in config.find_links for f in _find_links_files(link, config.cert)]
    usable: set[Version] = set()
    why: dict[Version, str] = {}
    seen = False
    for item in files:
        try:
            if item.filename.endswith(".whl"):
                dist, version, _, file_tags = parse_wheel_filename(item.filename)
            elif item.filename.endswith((".tar.gz", ".zip")):
                dist, version = parse_sdist_filename(item.filename)
                file_tags = frozenset()
            else:
                continue
        except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
            continue
        if dist != wanted:
            continue
        seen = True
        if item.yanked:
            why.setdefault(version, "yanked")
        elif not file_tags:
            why.setdefault(version, "no wheel (sdist only)")
        elif not file_tags & accepted:
            why[version] = "no wheel for this interpreter"
        elif item.requires_python and not _python_ok(item.requires_python, python):
            why[version] = f"requires Python {item.requires_python}"
        else:
            usable.add(version)
    if not seen:
        raise BisectUsageError(f"no package {name!r} on the configured indexes ({config.describe()})")
    return Listing(wanted, tuple(sorted(usable)), {v: w for v, w in why.items() if v not in usable})


def _python_ok(spec: str, python: Version) -> bool:
    try:
        return python in SpecifierSet(spec)
    except InvalidSpecifier:
        return True


def candidates(listing: Listing, good: str, bad: str, *, pre: bool) -> list[Version]:
    """The releases from ``good`` to ``bad``, both included; pre-releases between them only with ``pre``."""
    ends = []
    for flag, text in (("--good", good), ("--bad", bad)):
        try:
            version = Version(text)
        except InvalidVersion:
            raise BisectUsageError(f"{flag} {text!r} is not a version") from None
        if version not in listing.usable:
            reason = listing.left_out.get(version)
            detail = f"left out: {reason}" if reason else "not on the configured indexes"
            near = ", ".join(str(v) for v in listing.usable[-8:])
            raise BisectUsageError(f"{listing.name} {text} ({flag}): {detail}; releases here include: {near}")
        ends.append(version)
    low, high = ends
    if low >= high:
        raise BisectUsageError(f"--good {good} must be an older release than --bad {bad}")
    between = [v for v in listing.usable if low < v < high and (pre or not v.is_prerelease)]
    return [low, *between, high]


def not_on_indexes(pins: Mapping[str, str], config: PipConfig, *, skip: str = "") -> list[str]:
    """The ``name==version`` pins that no configured index or find-links has a file of: what an
    environment cannot be built with (this plugin's own dev version in a snapshot, an editable
    install's version in a freeze). Pins of another form (``-e PATH``, ``name @ URL``) and ``skip``
    (the package bisected) are not looked up. Read in parallel, one index page per package."""
    from concurrent.futures import ThreadPoolExecutor

    wanted = {}
    for name, pin in pins.items():
        if canonicalize_name(name) == canonicalize_name(skip) or "==" not in pin or pin.startswith("-e "):
            continue
        try:
            wanted[name] = Version(pin.split("==", 1)[1].split(";", 1)[0].strip())
        except InvalidVersion:
            continue

    def missing(name: str) -> bool:
        try:
            listing = list_releases(name, config)
        except BisectUsageError:  # no such package on them at all (an index it cannot read says so too)
            return True
        installable = ("yanked", "no wheel (sdist only)")  # an == pin still installs these
        have = {*listing.usable, *(v for v, why in listing.left_out.items() if why in installable)}
        return wanted[name] not in have

    with ThreadPoolExecutor(max_workers=8) as pool:
        flags = list(pool.map(missing, wanted))
    return [pins[name] for name, flag in zip(wanted, flags) if flag]
