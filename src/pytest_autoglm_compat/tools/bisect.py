"""Find the release of one package that broke a command, over throwaway environments.

The releases come from the indexes the user's pip configuration names (uv does not
read pip.conf, so the configuration is translated into uv's flags); each candidate
gets its own virtual environment built from the same pins, differing only in the
package, cached by pin set so that a second run costs only the commands. The
environment this runs from is never touched.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.tags import Tag, sys_tags
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from .pip_config import install_settings, parse_pip_config_list, pip_config_items

__all__ = ["BisectError", "BisectUsageError", "Builder", "IndexConfig", "Listing", "Outcome", "Result",
           "bisect", "installed_versions", "list_releases", "parse_pip_config_list", "pins_from_environment",
           "read_pip_config", "requires_diff"]

PYPI = "https://pypi.org/simple"
MARKER = ".autoglm-bisect.json"  # written last: an environment without it is incomplete
TAIL_LINES = 30
_ACCEPT = ("application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
           "text/html;q=0.01")


class BisectUsageError(ValueError):
    """Unknown package or release, bad range, unreadable pins: exit 2."""


class BisectError(RuntimeError):
    """The search cannot start: --good is not good or --bad is not bad (exit 1)."""


# --------------------------------------------------------------------------- index configuration


@dataclass(frozen=True)
class IndexConfig:
    """Where packages come from, as pip is configured here; also what uv needs to see the same."""

    index_url: str = PYPI
    extra_index_urls: tuple[str, ...] = ()
    find_links: tuple[str, ...] = ()
    no_index: bool = False
    constraints: tuple[str, ...] = ()
    cert: str | None = None

    @classmethod
    def from_pip_config(cls, items: Mapping[str, str]) -> IndexConfig:
        """``pip config list`` items (``global.find-links``, ``install.…``, ``:env:.…``) -> the install's view.

        pip's precedence for ``pip install``: environment variables over the ``[install]`` section
        over ``[global]``; files are already merged by ``pip config list`` (user over global).
        """
        merged = install_settings(items)

        def many(name: str) -> tuple[str, ...]:
            return tuple(merged.get(name, "").split())

        no_index = merged.get("no-index", "").strip().lower() in ("1", "true", "yes", "on")
        return cls(index_url=(merged.get("index-url") or PYPI).strip(), extra_index_urls=many("extra-index-url"),
                   find_links=many("find-links"), no_index=no_index, constraints=many("constraint"),
                   cert=merged.get("cert") or None)

    @property
    def indexes(self) -> tuple[str, ...]:
        return () if self.no_index else (self.index_url, *self.extra_index_urls)

    def uv_args(self) -> list[str]:
        """pip's view in uv's flags; ``unsafe-best-match`` because pip merges all indexes, while uv by
        default takes a package from the first index that has it (an extra index with one transformers
        wheel would hide every other release)."""
        args = ["--no-index"] if self.no_index else ["--index-url", self.index_url]
        for url in () if self.no_index else self.extra_index_urls:
            args += ["--extra-index-url", url]
        for link in self.find_links:
            args += ["--find-links", link]
        for path in self.constraints:
            args += ["--constraint", path]
        return [*args, "--index-strategy", "unsafe-best-match"]

    def uv_env(self) -> dict[str, str]:
        return {"SSL_CERT_FILE": self.cert} if self.cert else {}

    def describe(self) -> str:
        parts = [*self.indexes, *(f"find-links {link}" for link in self.find_links)]
        return ", ".join(parts) or "no index"


def read_pip_config(python: str = sys.executable) -> IndexConfig:
    """The user's pip configuration, as pip itself reads it (files and ``PIP_*`` variables)."""
    return IndexConfig.from_pip_config(pip_config_items(python))


# --------------------------------------------------------------------------- releases


@dataclass(frozen=True)
class _File:
    filename: str
    yanked: bool = False
    requires_python: str | None = None


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
                                self._attrs.get("data-requires-python")))
        self._attrs = None


def _html_files(text: str) -> list[_File]:
    parser = _Anchors()
    parser.feed(text)
    return parser.files


def _json_files(data: Any) -> list[_File]:
    files = data.get("files", []) if isinstance(data, dict) else []
    return [_File(str(f["filename"]), bool(f.get("yanked")), f.get("requires-python"))
            for f in files if isinstance(f, dict) and "filename" in f]


def _local_path(url: str) -> Path | None:
    if "://" not in url:
        return Path(url)
    parts = urllib.parse.urlsplit(url)
    return Path(urllib.request.url2pathname(parts.path)) if parts.scheme == "file" else None


def _get(url: str, cert: str | None) -> tuple[str, str] | None:
    """(content type, body) of an index page; None where the index has no such page."""
    import ssl

    request = urllib.request.Request(url, headers={"Accept": _ACCEPT, "User-Agent": "autoglm-compat-bisect"})
    context = ssl.create_default_context(cafile=cert) if cert and url.startswith("https:") else None
    try:
        with urllib.request.urlopen(request, timeout=60, context=context) as response:
            return response.headers.get("Content-Type", ""), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise BisectUsageError(f"index {url} answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise BisectUsageError(f"cannot read index {url}: {getattr(exc, 'reason', exc)}") from None


def _index_files(index: str, name: str, cert: str | None) -> list[_File]:
    """One index's files for ``name`` (PEP 691 JSON where the index speaks it, else PEP 503 HTML)."""
    local = _local_path(index)
    if local is not None:
        page = local / name / "index.html"
        if not page.is_file():
            return []
        return _html_files(page.read_text(encoding="utf-8", errors="replace"))
    got = _get(f"{index.rstrip('/')}/{name}/", cert)
    if got is None:
        return []
    kind, body = got
    if "json" in kind:
        return _json_files(json.loads(body))
    return _html_files(body)


def _find_links_files(link: str, cert: str | None) -> list[_File]:
    local = _local_path(link)
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


def list_releases(name: str, config: IndexConfig, *, tags: Iterable[Tag] | None = None,
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


# --------------------------------------------------------------------------- pins


def _direct_url(dist: metadata.Distribution) -> str | None:
    text = dist.read_text("direct_url.json")
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    url = data.get("url")
    if not isinstance(url, str):
        return None
    if data.get("dir_info", {}).get("editable"):
        local = _local_path(url)
        return f"-e {local if local is not None else url}"
    return url


def pins_from_environment(paths: Sequence[str] | None = None) -> dict[str, str]:
    """The running interpreter's distributions as install arguments (``name==version``, or its URL)."""
    pins: dict[str, str] = {}
    found = metadata.distributions() if paths is None else metadata.distributions(path=list(paths))
    for dist in found:
        raw = dist.metadata["Name"]
        if not raw:
            continue
        name = canonicalize_name(raw)
        if name in pins:  # shadowed by an earlier sys.path entry: that one is what imports
            continue
        url = _direct_url(dist)
        if url and url.startswith("-e "):
            pins[name] = url
        elif url:
            pins[name] = f"{raw} @ {url}"
        else:
            pins[name] = f"{raw}=={dist.version}"
    return pins


def pins_from_versions(packages: Mapping[str, str]) -> dict[str, str]:
    return {canonicalize_name(name): f"{name}=={version}" for name, version in packages.items()}


# --------------------------------------------------------------------------- environments


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pytest-autoglm-compat" / "bisect"


def find_uv() -> str | None:
    """uv next to this interpreter (``pip install uv``), else on PATH."""
    here = Path(sys.executable).parent / ("uv.exe" if os.name == "nt" else "uv")
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    return shutil.which("uv")


def _python_dir(env: Path) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin")


def site_packages(env: Path) -> list[str]:
    found = sorted(str(p) for p in (env / "lib").glob("python*/site-packages"))
    return found or [str(env / "Lib" / "site-packages")]


class _Children:
    """Processes this run started, so that Ctrl-C can end them (each in its own session)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._procs: set[subprocess.Popen[bytes]] = set()
        self.stopping = False

    def run(self, args: Sequence[str], *, env: Mapping[str, str] | None = None,
            cwd: str | None = None) -> tuple[int, str]:
        with self._lock:
            if self.stopping:
                raise KeyboardInterrupt
            proc = subprocess.Popen(list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                    start_new_session=os.name != "nt")
            self._procs.add(proc)
        try:
            out, _ = proc.communicate()
        finally:
            with self._lock:
                self._procs.discard(proc)
        if self.stopping:
            raise KeyboardInterrupt
        return proc.returncode, out.decode("utf-8", "replace")

    def stop(self) -> None:
        with self._lock:
            self.stopping = True
            procs = list(self._procs)
        for proc in procs:
            _end(proc)


def _end(proc: subprocess.Popen[bytes]) -> None:
    try:
        if os.name != "nt":
            os.killpg(proc.pid, signal.SIGTERM)
        else:  # pragma: no cover
            proc.terminate()
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        if os.name != "nt":
            os.killpg(proc.pid, signal.SIGKILL)
        proc.kill()
    except (ProcessLookupError, PermissionError):
        pass


class BuildFailed(RuntimeError):
    def __init__(self, version: Version, output: str) -> None:
        super().__init__(f"cannot install {version}")
        self.version = version
        self.output = output


@dataclass
class Builder:
    """Environments that differ only in ``package``, cached under ``cache_dir`` by their pin set."""

    package: str
    base: Mapping[str, str]  # canonical name -> install argument; the package itself left out
    config: IndexConfig
    cache_dir: Path
    uv: str | None
    python: str = sys.executable
    children: _Children = field(default_factory=_Children)
    made: list[Path] = field(default_factory=list)  # by this run: removed on Ctrl-C
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def requirements(self, version: Version) -> list[str]:
        reqs = [pin for name, pin in sorted(self.base.items()) if name != canonicalize_name(self.package)]
        return [*reqs, f"{self.package}=={version}"]

    def path(self, version: Version) -> Path:
        key = json.dumps({"python": os.path.realpath(self.python), "version": platform.python_version(),
                          "requirements": self.requirements(version), "installer": "uv" if self.uv else "pip",
                          "config": self.config.uv_args()}, sort_keys=True)
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        return self.cache_dir / f"{canonicalize_name(self.package)}-{version}-{digest}"

    def ready(self, version: Version) -> bool:
        return (self.path(version) / MARKER).is_file()

    def build(self, version: Version) -> Path:
        env = self.path(version)
        if (env / MARKER).is_file():
            return env
        if env.exists():  # an earlier run stopped half-way
            shutil.rmtree(env, ignore_errors=True)
        env.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self.made.append(env)
        python = str(_python_dir(env) / "python")
        reqs = self.requirements(version)
        files = [arg for pin in reqs for arg in (pin.split(" ", 1) if pin.startswith("-e ") else [pin])]
        if self.uv:
            steps = [[self.uv, "venv", "--quiet", "--python", self.python, str(env)],
                     [self.uv, "pip", "install", "--python", python, *self.config.uv_args(), *files]]
            run_env = {**os.environ, **self.config.uv_env()}
        else:  # pip reads the user's configuration itself
            steps = [[self.python, "-m", "venv", str(env)],
                     [python, "-m", "pip", "install", "--disable-pip-version-check", *files]]
            run_env = dict(os.environ)
        run_env.pop("VIRTUAL_ENV", None)
        log = []
        for step in steps:
            code, out = self.children.run(step, env=run_env)
            log.append(out)
            if code != 0:
                raise BuildFailed(version, "".join(log))
        (env / MARKER).write_text(json.dumps({"package": self.package, "version": str(version),
                                              "requirements": reqs}, indent=1) + "\n", encoding="utf-8")
        return env

    def remove_made(self) -> list[Path]:
        removed = []
        for env in self.made:
            if env.exists():
                shutil.rmtree(env, ignore_errors=True)
                removed.append(env)
        return removed


@dataclass(frozen=True)
class Outcome:
    version: Version
    good: bool | None  # None: the release could not be installed (skipped)
    code: int | None
    output: str
    seconds: float
    built: bool  # the environment was made by this run

    @property
    def tail(self) -> str:
        return "\n".join(self.output.rstrip("\n").splitlines()[-TAIL_LINES:])


def run_in(env: Path, command: Sequence[str], children: _Children) -> tuple[int, str]:
    """``command`` with the environment's scripts first on PATH, as if it were activated."""
    run_env = dict(os.environ)
    run_env.pop("PYTHONHOME", None)
    run_env["VIRTUAL_ENV"] = str(env)
    run_env["PATH"] = str(_python_dir(env)) + os.pathsep + run_env.get("PATH", "")
    argv = list(command)
    exe = shutil.which(argv[0], path=run_env["PATH"])
    if exe:
        argv[0] = exe
    try:
        return children.run(argv, env=run_env)
    except FileNotFoundError:
        return 127, f"{argv[0]}: command not found\n"


# --------------------------------------------------------------------------- search


@dataclass(frozen=True)
class Result:
    package: str
    releases: tuple[Version, ...]
    last_good: Outcome | None
    first_bad: Outcome | None
    tested: tuple[Outcome, ...]
    skipped_between: tuple[Version, ...]  # uninstallable releases between last good and first bad
    problem: str | None  # why the search could not start (exit 1)
    envs: Mapping[Version, Path]


Progress = Callable[[str], None]


def estimated_steps(n: int, jobs: int) -> int:
    """Rounds of a search over ``n`` releases whose two ends are checked first."""
    gaps = max(n - 1, 1)
    first = 1 if jobs >= 2 else 2
    return first + (math.ceil(math.log(gaps) / math.log(jobs + 1) - 1e-9) if gaps > 1 else 0)


def bisect(builder: Builder, releases: Sequence[Version], command: Sequence[str], *, jobs: int = 1,
           progress: Progress = lambda _: None, clock: Callable[[], float] = time.monotonic) -> Result:
    """Binary (with ``jobs`` > 1: (jobs+1)-ary) search for the first release on which ``command`` fails."""
    start = clock()
    total = estimated_steps(len(releases), jobs)
    step = 0
    done: dict[Version, Outcome] = {}
    pool = ThreadPoolExecutor(max_workers=max(jobs, 1))

    def one(version: Version) -> Outcome:
        t0 = clock()
        fresh = not builder.ready(version)
        if fresh:
            progress(f"{builder.package} {version}: step {step} of ~{total}, building the environment "
                     f"({'uv' if builder.uv else 'pip'}), {clock() - start:.0f}s elapsed")
        try:
            env = builder.build(version)
        except BuildFailed as exc:
            progress(f"{builder.package} {version}: cannot be installed, skipped")
            return Outcome(version, None, None, exc.output, clock() - t0, fresh)
        progress(f"{builder.package} {version}: step {step} of ~{total}, running {shlex.join(command)}, "
                 f"{clock() - start:.0f}s elapsed")
        code, out = run_in(env, command, builder.children)
        outcome = Outcome(version, code == 0, code, out, clock() - t0, fresh)
        progress(f"{builder.package} {version}: {'good' if outcome.good else 'bad'} (exit {code}) "
                 f"in {outcome.seconds:.1f}s, {clock() - start:.0f}s elapsed")
        return outcome

    def run(versions: Sequence[Version]) -> list[Outcome]:
        nonlocal step
        step += 1
        futures: list[Future[Outcome]] = [pool.submit(one, v) for v in versions]
        pending: set[Future[Outcome]] = set(futures)
        while pending:  # wait in slices: Ctrl-C reaches the main thread between them
            _, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        found = [f.result() for f in futures]
        done.update((o.version, o) for o in found)
        return found

    def envs() -> dict[Version, Path]:
        return {v: builder.path(v) for v, o in done.items() if o.good is not None}

    try:
        ends = [releases[0], releases[-1]]
        outcomes = run(ends) if jobs >= 2 else [*run(ends[:1]), *run(ends[1:])]
        problems = []
        for outcome, flag, want in zip(outcomes, ("--good", "--bad"), (True, False)):
            if outcome.good is None:
                problems.append(f"{builder.package} {outcome.version} ({flag}) cannot be installed with the "
                                f"base pins:\n{_indent(outcome.tail)}")
            elif outcome.good != want:
                problems.append(
                    f"{builder.package} {outcome.version} ({flag}) is not {'good' if want else 'bad'}: "
                    f"the command {'failed (exit ' + str(outcome.code) + ')' if want else 'passed'}"
                    + (f"; its output, last lines:\n{_indent(outcome.tail)}" if want else ""))
        if problems:
            return Result(builder.package, tuple(releases), None, None, tuple(done.values()), (),
                          "\n".join(problems), envs())
        order = list(releases)  # uninstallable releases leave it; the search goes on around them
        while True:
            hi = min(i for i, v in enumerate(order) if v in done and done[v].good is False)
            lo = max(i for i, v in enumerate(order[:hi]) if v in done and done[v].good)
            if hi - lo <= 1:
                break
            inner = order[lo + 1:hi]
            picks = sorted({min(len(inner) - 1, (k + 1) * len(inner) // (jobs + 1)) for k in range(jobs)})
            for outcome in run([inner[i] for i in picks]):
                if outcome.good is None:
                    order.remove(outcome.version)
        last_good, first_bad = done[order[lo]], done[order[hi]]
        skipped = tuple(v for v in releases if last_good.version < v < first_bad.version
                        and v in done and done[v].good is None)
        return Result(builder.package, tuple(releases), last_good, first_bad, tuple(done.values()), skipped, None,
                      envs())
    except KeyboardInterrupt:
        builder.children.stop()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


# --------------------------------------------------------------------------- what changed


def installed_versions(env: Path) -> dict[str, str]:
    """{canonical name: version} of an environment built here."""
    return {canonicalize_name(d.metadata["Name"]): d.version
            for d in metadata.distributions(path=site_packages(env)) if d.metadata["Name"]}


def _requires(env: Path, package: str) -> tuple[dict[tuple[str, str], str], str | None] | None:
    """{(name[extras], marker): specifier} of the package's Requires-Dist in ``env``, and its Requires-Python."""
    for dist in metadata.distributions(path=site_packages(env)):
        if canonicalize_name(dist.metadata["Name"] or "") == canonicalize_name(package):
            found: dict[tuple[str, str], str] = {}
            for text in dist.requires or []:
                try:
                    req = Requirement(text)
                except InvalidRequirement:
                    found[(text, "")] = ""
                    continue
                name = canonicalize_name(req.name) + (f"[{','.join(sorted(req.extras))}]" if req.extras else "")
                found[(name, str(req.marker) if req.marker else "")] = str(req.specifier)
            return found, dist.metadata["Requires-Python"]
    return None


def _show(key: tuple[str, str], spec: str) -> str:
    return f"{key[0]}{spec}" + (f"; {key[1]}" if key[1] else "")


def requires_diff(package: str, old: Path, new: Path) -> list[str] | None:
    """How the package's own Requires-Dist (and Requires-Python) changed between two environments' METADATA."""
    a, b = _requires(old, package), _requires(new, package)
    if a is None or b is None:
        return None
    (before, py_before), (after, py_after) = a, b
    lines = []
    for key in sorted(set(before) | set(after)):
        if key not in before:
            lines.append(f"added    {_show(key, after[key])}")
        elif key not in after:
            lines.append(f"removed  {_show(key, before[key])}")
        elif before[key] != after[key]:
            lines.append(f"changed  {_show(key, before[key] or ' (any)')} -> {after[key] or '(any)'}")
    if py_before != py_after:
        lines.append(f"changed  Requires-Python {py_before or '(any)'} -> {py_after or '(any)'}")
    return lines
