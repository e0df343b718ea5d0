"""Throwaway environments that differ in one package's release, and the pins they share.

Each is built from the same base pins (this interpreter's distributions, or a file's) by uv
(given the user's pip configuration as flags) or by venv and pip, and cached by its pin set, so a
second bisect over the same releases builds nothing. The environment this runs from is never
touched; Ctrl-C ends the installers and commands this run started.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import Version

from ..pip_config import PipConfig, uv_env, uv_flags
from .releases import local_path

MARKER = ".autoglm-bisect.json"  # written last: an environment without it is incomplete


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
        local = local_path(url)
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
            cwd: str | None = None, timeout: float | None = None) -> tuple[int, str]:
        """(exit code, output); after ``timeout`` seconds the process group is ended and the code is
        124, as coreutils' ``timeout`` gives."""
        with self._lock:  # on the search's threads, where no interruption is raised: stop() waits for the lock
            if self.stopping:
                raise KeyboardInterrupt
            proc = subprocess.Popen(list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                    start_new_session=os.name != "nt")
            self._procs.add(proc)
        timed_out = False
        try:
            try:
                out, _ = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                _end(proc)
                out, _ = proc.communicate()
        finally:
            with self._lock:
                self._procs.discard(proc)
        if self.stopping:
            raise KeyboardInterrupt
        text = out.decode("utf-8", "replace")
        if timed_out:
            return 124, text + f"\n[autoglm-compat: ended after {timeout:g} s (bisect --timeout)]\n"
        return proc.returncode, text

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


@contextlib.contextmanager
def _env_lock(path: Path) -> Iterator[None]:
    """One builder of an environment at a time, across processes sharing the cache (POSIX flock).

    The lock file is removed by its holder; a waiter that then holds a removed file's lock tries
    again, so two runs never both hold it. Where there is no flock (Windows), no lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        yield
        return
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                current = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                current = False
        except BaseException:
            os.close(fd)
            raise
        if current:
            break
        os.close(fd)
    try:
        yield
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        os.close(fd)


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
    config: PipConfig
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
                          "config": [*uv_flags(self.config), self.config.describe()]}, sort_keys=True)
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        return self.cache_dir / f"{canonicalize_name(self.package)}-{version}-{digest}"

    def ready(self, version: Version) -> bool:
        return (self.path(version) / MARKER).is_file()

    def build(self, version: Version) -> Path:
        env = self.path(version)
        if (env / MARKER).is_file():
            return env
        env.parent.mkdir(parents=True, exist_ok=True)
        with _env_lock(env.with_name(env.name + ".lock")):  # another run sharing the cache may build it too
            if (env / MARKER).is_file():  # it did, while this one waited
                return env
            if env.exists():  # a run that stopped half-way (it holds no lock any more)
                shutil.rmtree(env, ignore_errors=True)
            with self._lock:
                self.made.append(env)
            try:
                self._build(env, version)
            except BaseException:  # a failed or interrupted build is not left to look built, or half there
                shutil.rmtree(env, ignore_errors=True)
                raise
        return env

    def _build(self, env: Path, version: Version) -> None:
        python = str(_python_dir(env) / "python")
        reqs = self.requirements(version)
        files = [arg for pin in reqs for arg in (pin.split(" ", 1) if pin.startswith("-e ") else [pin])]
        if self.uv:
            steps = [[self.uv, "venv", "--quiet", "--python", self.python, str(env)],
                     [self.uv, "pip", "install", "--python", python, *uv_flags(self.config), *files]]
            run_env = uv_env(self.config)
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

    def remove_made(self) -> list[Path]:
        removed = []
        for env in self.made:
            if env.exists():
                shutil.rmtree(env, ignore_errors=True)
                removed.append(env)
        return removed


def run_in(env: Path, command: Sequence[str], children: _Children,
           timeout: float | None = None) -> tuple[int, str]:
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
        return children.run(argv, env=run_env, timeout=timeout)
    except FileNotFoundError:
        return 127, f"{argv[0]}: command not found\n"
    except PermissionError:  # a script without the execute bit: what a shell says, with its code
        return 126, f"{argv[0]}: permission denied (not executable)\n"
    except OSError as exc:  # not a program at all (ENOEXEC, a directory)
        return 126, f"{argv[0]}: cannot run it: {exc.strerror or exc}\n"
