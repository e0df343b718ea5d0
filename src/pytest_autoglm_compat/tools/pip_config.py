"""The user's pip configuration, for the tools that hand it to something other than pip.

``plan`` gives it to uv's resolver and ``bisect`` to uv's installer and its own index reader.
uv reads no pip.conf, so this module is the one place that asks pip what it would use
(``pip config list``: files and ``PIP_*`` variables, merged with pip's precedence), holds it as
one :class:`PipConfig`, says it in uv's flags (:func:`uv_flags`, :func:`uv_env`) and finds uv:
both tools then see the same indexes the same way.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: pip's index when its configuration names none.
PYPI = "https://pypi.org/simple"

#: pip settings that change what resolves and that uv is not given: with one of them set, pip resolves.
UV_CANNOT_MIRROR = ("only-binary", "no-binary", "prefer-binary", "pre", "proxy", "client-cert", "require-hashes",
                    "use-deprecated", "use-feature", "keyring-provider", "platform", "python-version",
                    "implementation", "abi")

_TRUE = ("1", "true", "yes", "on")


def parse_pip_config_list(text: str) -> dict[str, str]:
    """``global.find-links='/opt/wheels'`` lines -> {key: value}.

    pip prints each value as a Python string literal (``repr``): a value set over several lines
    of pip.conf, pip's documented form for more than one index or find-links, reads
    ``'\\nhttps://a/simple\\nhttps://b/simple'``, which pip splits on whitespace as this module does.
    """
    items: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if not sep:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            try:
                literal = ast.literal_eval(value)
            except (ValueError, SyntaxError):
                literal = value[1:-1]
            value = literal if isinstance(literal, str) else value[1:-1]
        items[key.strip()] = value
    return items


def pip_config_items(python: str = sys.executable, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """``pip config list`` of ``python`` (files and ``PIP_*`` variables); without a pip there, the
    environment's ``PIP_*`` variables, which still say what pip would use."""
    env = dict(os.environ if environ is None else environ)
    try:
        done = subprocess.run([python, "-m", "pip", "config", "list"], capture_output=True, text=True, env=env,
                              timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is not None and done.returncode == 0:
        return parse_pip_config_list(done.stdout)
    return {":env:." + var[4:].lower().replace("_", "-"): value for var, value in env.items() if var.startswith("PIP_")}


def install_settings(items: Mapping[str, str]) -> dict[str, str]:
    """The settings ``pip install`` sees: environment variables over ``[install]`` over ``[global]``
    (files are already merged by ``pip config list``: user over global); names as pip's options."""
    merged: dict[str, str] = {}
    for section in ("global", "install", ":env:"):
        for key, value in items.items():
            where, _, name = key.partition(".")
            if where == section:
                merged[name.replace("_", "-")] = value
    return merged


@dataclass(frozen=True)
class PipConfig:
    """What of pip's configuration decides where packages come from."""

    index_url: str | None = None  # None: pip's default, PyPI
    extra_index_urls: tuple[str, ...] = ()
    find_links: tuple[str, ...] = ()
    constraints: tuple[str, ...] = ()
    no_index: bool = False
    cert: str | None = None
    trusted_hosts: tuple[str, ...] = ()
    untranslated: tuple[str, ...] = ()  # settings uv would not be given (UV_CANNOT_MIRROR)

    @classmethod
    def from_items(cls, items: Mapping[str, str]) -> PipConfig:
        """``pip config list`` items (``global.find-links``, ``install.…``, ``:env:.…``) -> what
        ``pip install`` uses."""
        values = install_settings(items)

        def many(key: str) -> tuple[str, ...]:
            return tuple(values.get(key, "").split())

        return cls(index_url=values.get("index-url", "").strip() or None, extra_index_urls=many("extra-index-url"),
                   find_links=many("find-links"), constraints=many("constraint"),
                   no_index=values.get("no-index", "").strip().lower() in _TRUE, cert=values.get("cert") or None,
                   trusted_hosts=many("trusted-host"), untranslated=tuple(k for k in UV_CANNOT_MIRROR if k in values))

    @property
    def indexes(self) -> tuple[str, ...]:
        """The indexes pip reads, in its order (none with ``no-index``)."""
        return () if self.no_index else (self.index_url or PYPI, *self.extra_index_urls)

    def describe(self) -> str:
        """The indexes and find-links, credentials redacted: for messages."""
        from ..facts.probe import redact_url_credentials

        parts = [*self.indexes, *(f"find-links {link}" for link in self.find_links)]
        return redact_url_credentials(", ".join(parts)) or "no index"


def has_credentials(url: str) -> bool:
    """``https://user:token@host/simple``: pip's form for a private index."""
    if "://" not in url:
        return False
    import urllib.parse

    return "@" in urllib.parse.urlsplit(url).netloc


def read_pip_config(python: str = sys.executable, environ: Mapping[str, str] | None = None) -> PipConfig:
    """The user's pip configuration as pip itself reports it (``pip config list``: files and ``PIP_*`` variables)."""
    return PipConfig.from_items(pip_config_items(python, environ))


def uv_flags(config: PipConfig) -> list[str]:
    """pip's configuration as ``uv pip`` flags: uv reads no pip.conf.

    A URL that carries credentials is never a flag (any local user sees a command line in ``ps``):
    the indexes or find-links of its kind go to uv through its environment (:func:`uv_env`).

    The index is always named (PyPI when pip's configuration names none), so uv's own settings
    (``UV_INDEX_URL``, uv.toml) do not make it read another index than pip would. ``unsafe-best-match``
    is pip's rule (the best version across all indexes); uv's default takes a package from the first
    index that has it, so an extra index with one torch (or one transformers wheel) hides PyPI's.
    """
    index = config.index_url or PYPI
    flags = ["--no-index"] if config.no_index else [] if has_credentials(index) else ["--index-url", index]
    extras = () if config.no_index else config.extra_index_urls
    for url in () if any(map(has_credentials, extras)) else extras:
        flags += ["--extra-index-url", url]
    for link in () if any(map(has_credentials, config.find_links)) else config.find_links:
        flags += ["--find-links", link]
    for path in config.constraints:
        flags += ["--constraint", path]
    for host in config.trusted_hosts:
        flags += ["--allow-insecure-host", host]
    return [*flags, "--index-strategy", "unsafe-best-match"]


def uv_env(config: PipConfig, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for uv: pip's ``cert`` as ``SSL_CERT_FILE`` (pip verifies with it whatever the
    environment says, so it wins over an ``SSL_CERT_FILE`` set there)."""
    env = dict(os.environ if environ is None else environ)
    if config.cert:
        env["SSL_CERT_FILE"] = config.cert
    # what uv_flags leaves out because it carries credentials: uv reads the same settings here
    index = config.index_url or PYPI
    if not config.no_index and has_credentials(index):
        env["UV_INDEX_URL"] = index
    if not config.no_index and any(map(has_credentials, config.extra_index_urls)):
        env["UV_EXTRA_INDEX_URL"] = " ".join(config.extra_index_urls)
    if any(map(has_credentials, config.find_links)):
        env["UV_FIND_LINKS"] = ",".join(config.find_links)
    return env


def find_uv() -> str | None:
    """uv next to this interpreter (``pip install uv``), else on PATH, else the `uv` package's binary."""
    here = Path(sys.executable).parent / ("uv.exe" if os.name == "nt" else "uv")
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    found = shutil.which("uv")
    if found:
        return found
    try:
        from uv import find_uv_bin  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    try:
        return str(find_uv_bin())
    except FileNotFoundError:
        return None
