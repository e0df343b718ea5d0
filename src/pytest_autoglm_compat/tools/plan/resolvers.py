"""Running a resolver: pip's dry run with its report, or ``uv pip compile``, and which of them.

pip reads the user's configuration itself; uv is handed it through :mod:`..pip_config`, and is
chosen only where that hands over all of it (benchmarks/plan_resolvers.md: same versions, a second
instead of a minute).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name

from ..children import interruptions_deferred
from ..pip_config import PipConfig, find_uv, uv_env, uv_flags


class PlanError(Exception):
    """No plan can be computed for a reason the user can fix (exit 2): no resolver, bad input."""


#: how long a resolver may run before plan gives up on it (``plan --timeout``)
RESOLVER_TIMEOUT_S = 900.0


def _run_resolver(cmd: Sequence[str], *, env: Mapping[str, str], timeout: float, what: str,
                  on_line: Callable[[str], None] | None = None, stderr_apart: bool = False) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of a resolver that is ended, with its children, after ``timeout``
    seconds (PlanError) or when plan itself is interrupted: it never outlives plan.

    The resolver starts inside the ``try``, with interruptions deferred until it is bound: an interruption while the
    timer's thread starts (a fresh-clone run of session 33), inside Popen after its fork (session 41) or as Popen
    returned (session 45) left it running before."""
    import threading

    timed_out: list[bool] = []

    def expire() -> None:
        timed_out.append(True)
        if proc is not None:  # always: the timer starts after the resolver
            _end(proc)

    proc: subprocess.Popen[str] | None = None
    try:
        with interruptions_deferred():
            proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE if stderr_apart else subprocess.STDOUT, text=True,
                                    env=dict(env), start_new_session=os.name != "nt")
        with proc:  # its pipes are closed however this ends
            timer = threading.Timer(timeout, expire)
            timer.daemon = True
            timer.start()
            try:
                err_text = ""
                if stderr_apart:
                    out_text, err_text = proc.communicate()
                else:
                    assert proc.stdout is not None
                    lines = []
                    for line in proc.stdout:
                        lines.append(line)
                        if on_line is not None:
                            on_line(line)
                    out_text = "".join(lines)
                    proc.wait()
            finally:
                timer.cancel()
    except BaseException:
        if proc is not None:
            _end(proc)
            with proc:  # its pipes closed and it reaped, wherever the interruption came
                pass
        raise
    if timed_out:
        raise PlanError(f"{what} did not finish in {timeout:g} s; ended it (plan --timeout SECONDS to wait longer)")
    return proc.returncode, out_text, err_text


def _end(proc: subprocess.Popen[str]) -> None:
    """The resolver and its children ended (its own session's process group)."""
    import signal

    try:
        if os.name != "nt":
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    url: str | None = None  # a direct URL (a path, a VCS checkout) the user asked for

    @property
    def line(self) -> str:
        return f"{self.name} @ {self.url}" if self.url else f"{self.name}=={self.version}"


Progress = Callable[[str], None]


def pip_version(python: str) -> str | None:
    """The version of pip in this interpreter, or None when it has no pip (the 'no resolver' case)."""
    proc = subprocess.run([python, "-m", "pip", "--version"], capture_output=True, text=True, check=False,
                          env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    match = re.match(r"pip (\S+)", proc.stdout)
    return match.group(1) if proc.returncode == 0 and match else None


def run_pip(python: str, inputs: Sequence[tuple[str, str]], *, progress: Progress | None = None,
            timeout: float = RESOLVER_TIMEOUT_S) -> tuple[int, str, dict[str, object] | None]:
    """``pip install --dry-run --ignore-installed --report`` over ``inputs`` (``-r``/``-c`` and a path).

    Returns pip's exit code, its output (stdout and stderr as a terminal shows them) and the report.
    pip's 'Collecting X' lines drive ``progress``.
    """
    with tempfile.TemporaryDirectory(prefix="autoglm-plan-") as tmp:
        report = Path(tmp) / "report.json"
        cmd = [python, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--progress-bar", "off",
               "--report", str(report)]
        for flag, path in inputs:
            cmd += [flag, path]

        def on_line(line: str) -> None:
            match = re.match(r"(?:Collecting|Processing) (\S+)", line)
            if progress is not None and match:
                progress(match.group(1).rsplit("/", 1)[-1])

        code, output, _ = _run_resolver(cmd, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
                                        timeout=timeout, what="pip", on_line=on_line)
        data = json.loads(report.read_text(encoding="utf-8")) if code == 0 and report.is_file() else None
    return code, output, data


def run_uv(uv: str, python: str, config: PipConfig, inputs: Sequence[tuple[str, str]], *,
           timeout: float = RESOLVER_TIMEOUT_S) -> tuple[int, str, list[Pin]]:
    """``uv pip compile`` over ``inputs`` with the user's pip configuration as flags (uv reads no pip.conf)."""
    cmd = [uv, "pip", "compile", "--no-header", "--no-annotate", "--quiet", "--python", python, *uv_flags(config)]
    for flag, path in inputs:
        cmd += ["--constraint", path] if flag == "-c" else [path]
    code, stdout, stderr = _run_resolver(cmd, env=uv_env(config), timeout=timeout, what="uv", stderr_apart=True)
    pins = []
    for line in stdout.splitlines():
        line = line.split("#", 1)[0].strip()
        if " @ " in line:
            name, url = line.split(" @ ", 1)
            pins.append(Pin(canonicalize_name(name), "", url.strip()))
        elif "==" in line:
            name, version = line.split("==", 1)
            pins.append(Pin(canonicalize_name(name.split(";")[0].strip()), version.split(";")[0].strip()))
    return code, stderr, sorted(pins, key=lambda p: p.name)


def pins_from_report(report: Mapping[str, object]) -> list[Pin]:
    """The install list of pip's installation report (https://pip.pypa.io/en/stable/reference/installation-report/)."""
    pins = []
    for item in report.get("install", []):  # type: ignore[attr-defined]
        meta = item["metadata"]
        info = item.get("download_info", {})
        url = info.get("url") if item.get("is_direct") else None
        pins.append(Pin(canonicalize_name(meta["name"]), meta["version"], url))
    return sorted(pins, key=lambda p: p.name)


def choose_resolver(wanted: str, python: str, config: PipConfig | None) -> tuple[str, str, str | None]:
    """(kind, label, uv binary): uv when it is there and can be given the whole pip configuration, else pip.

    ``wanted`` is "auto", "pip" or "uv"; raises PlanError when the one asked for (or, for auto, any) is missing.
    """
    uv = find_uv() if wanted in ("auto", "uv") else None
    if wanted == "uv" and uv is None:
        raise PlanError("no resolver: uv is not installed (pip install uv), or use --resolver pip")
    if uv is not None and (config is None or wanted == "uv" or not config.untranslated):  # no pip: no pip.conf
        version = subprocess.run([uv, "--version"], capture_output=True, text=True, check=False).stdout.split()
        return "uv", f"uv {version[1] if len(version) > 1 else '?'}", uv
    pip = pip_version(python)
    if pip is None:
        raise PlanError(f"no resolver: {python} -m pip does not run and uv is not installed; install pip into "
                        "that interpreter (python -m ensurepip) or uv (pip install uv)")
    label = f"pip {pip}"
    if uv is not None and config is not None and config.untranslated:
        label += f" (not uv: your pip configuration sets {', '.join(config.untranslated)}, which uv is not given)"
    return "pip", label, None
