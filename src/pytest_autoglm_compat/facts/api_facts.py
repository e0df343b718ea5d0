"""API-surface and extension checks, run in one child interpreter with a timeout.

The pytest process never imports the modules a contract names. A check that
crashes or hangs the child is reported as that check's fact; the remaining
checks are re-run in a fresh child.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model.requirements import ApiRequirement, ExtensionRequirement, check_id

if TYPE_CHECKING:
    from .binaries.elf import Versions
    from .binaries.torch_symbols import Needs

WORKER = Path(__file__).with_name("_api_worker.py")

#: Variables passed to the child: what imports of CUDA libraries and the HF stack need.
CHILD_ENV = (
    "PATH",
    "HOME",
    "TMPDIR",
    "LANG",
    "LC_ALL",
    "LD_LIBRARY_PATH",
    "CUDA_VISIBLE_DEVICES",
    "NVIDIA_VISIBLE_DEVICES",
    "CUDA_HOME",
    "CUDA_PATH",
    "HF_HOME",
    "HF_HUB_CACHE",
    "SYSTEMROOT",
    "VIRTUAL_ENV",
)

Fact = dict[str, Any]


def still_valid(fact: Any, stats: dict[str, list[int] | None] | None = None) -> bool:
    """A cached fact holds while every local file it was read from is as it was (mtime, size).

    Files of installed distributions are not listed: the fingerprint covers them. A fact
    without the list (written by an older version, or the listing failed) is not trusted.
    ``stats`` memoises os.stat across the facts of one session (they share most files).
    """
    files = fact.get("files") if isinstance(fact, dict) else None
    if not isinstance(files, dict):
        return False
    stats = {} if stats is None else stats
    for path, recorded in files.items():
        if path not in stats:
            try:
                st = os.stat(path)
            except OSError:
                stats[path] = None
            else:
                stats[path] = [st.st_mtime_ns, st.st_size]
        if stats[path] != recorded:
            return False
    return True


def _request(req: ApiRequirement | ExtensionRequirement) -> dict[str, Any]:
    if isinstance(req, ExtensionRequirement):
        return {"id": check_id(req), "module": req.module, "qualname": "", "extension": True}
    return {
        "id": check_id(req),
        "module": req.module,
        "qualname": req.qualname,
        "fields": bool(req.fields),
        "params": bool(req.params),
        "subclass_of": req.subclass_of,
        "value": req.equals is not None or req.version is not None,
    }


def child_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    environ = os.environ if environ is None else environ
    env = {k: environ[k] for k in CHILD_ENV if k in environ}
    env["PYTHONIOENCODING"] = "utf-8"
    env["HF_HUB_OFFLINE"] = "1"
    env["TRANSFORMERS_OFFLINE"] = "1"
    env["TRANSFORMERS_NO_ADVISORY_WARNINGS"] = "1"
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    return env


def run_checks(
    reqs: Iterable[ApiRequirement | ExtensionRequirement],
    *,
    timeout: float = 120.0,
    python: str | None = None,
    sys_path: list[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Fact]:
    """Check id -> fact. One child for all checks; a fresh one after a crash or hang."""
    pending: dict[str, dict[str, Any]] = {}
    for req in reqs:
        pending.setdefault(check_id(req), _request(req))
    facts: dict[str, Fact] = {}
    budget = timeout
    while pending:
        batch = list(pending.values())
        done, culprit, located, problem, spent = _run_batch(batch, budget, python, sys_path, environ)
        budget = max(budget - spent, 5.0)
        for fact in done:
            facts[fact["id"]] = fact
            pending.pop(fact["id"], None)
        if culprit is not None:
            facts[culprit] = {"id": culprit, "child_problem": problem, **located}
            pending.pop(culprit, None)
        elif pending:
            for cid in list(pending):
                facts[cid] = {"id": cid, "child_problem": problem or "the check subprocess stopped"}
            pending.clear()
    for fact in facts.values():
        if fact.get("origin"):
            _add_file_facts(fact, python, sys_path, environ)
    return facts


def _add_file_facts(fact: Fact, python: str | None, sys_path: list[str] | None,
                    environ: Mapping[str, str] | None) -> None:
    """What the module's file says, whether or not it loaded: one walk of the file yields its needed
    libraries, symbol versions, torch symbols and GPU code."""
    from .binaries import elf, installed_gpu_code, torch_symbols

    origin = fact["origin"]
    walked = elf.read_extension_file(origin)
    fact["needed"] = list(walked.versions.needed) if walked is not None else None
    _add_machine_facts(fact, python, sys_path, environ, walked.versions if walked is not None else None)
    _add_torch_symbols(fact, sys_path,
                       torch_symbols.Needs(walked.versions.needed, walked.undefined) if walked is not None else None)
    if fact["id"].startswith("ext:"):  # GPU code of the file; a file the walk could not read says why itself
        if walked is not None and walked.gpu_code_error is None:
            fact["gpu_code"] = {"images": installed_gpu_code.images_to_json(walked.images)}
        else:
            fact["gpu_code"] = installed_gpu_code.read_file(origin)


def _add_machine_facts(fact: Fact, python: str | None, sys_path: list[str] | None,
                       environ: Mapping[str, str] | None, info: Versions | None) -> None:
    """Symbol versions and wheel tag of an extension (abi.machine_facts), read here from its file.

    Pure-Python ELF reading, a few ms per extension: cheaper here than in the child, and it works
    when the child crashed loading the module. The libraries read join the fact's ``files``.
    """
    from .binaries import abi

    found = abi.machine_facts(fact["origin"], fact.get("distribution"), executable=python,
                              environ=environ, sys_path=sys_path, info=info)
    _attach(fact, "abi", found)


def _add_torch_symbols(fact: Fact, sys_path: list[str] | None, needs: Needs | None) -> None:
    """The torch C++ symbols an extension links against the installed torch's (torch_symbols.facts), read here.

    The torch libraries read join the fact's ``files``: a reinstalled torch re-checks it.
    """
    from .binaries import torch_symbols

    found = torch_symbols.facts(fact["origin"], sys_path, needs)
    _attach(fact, "torch_abi", found)


def _attach(fact: Fact, key: str, found: dict[str, Any] | None) -> None:
    """``found`` under ``key``; the libraries it read join the fact's ``files``, so the stat-keyed
    cache re-checks the fact when one of them changes."""
    if found is None:
        return
    libs = found.pop("files")
    fact[key] = found
    if isinstance(fact.get("files"), dict):
        fact["files"].update(libs)


def _run_batch(
    checks: list[dict[str, Any]],
    timeout: float,
    python: str | None,
    sys_path: list[str] | None,
    environ: Mapping[str, str] | None,
) -> tuple[list[Fact], str | None, dict[str, Any], str | None, float]:
    import subprocess  # here, not at import: the plugin's start-up path never runs checks
    import tempfile
    import time

    with tempfile.TemporaryDirectory(prefix="autoglm-") as tmp:
        request = Path(tmp, "request.json")
        result = Path(tmp, "result.jsonl")
        request.write_text(
            json.dumps({"checks": checks, "sys_path": sys_path if sys_path is not None else sys.path}),
            encoding="utf-8",
        )
        argv = [python or sys.executable, "-I", str(WORKER), str(request), str(result)]
        started = time.monotonic()
        problem: str | None = None
        try:
            proc = subprocess.run(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=timeout,
                env=child_environment(environ),
                check=False,
            )
            if proc.returncode != 0:
                problem = _describe_exit(proc.returncode, proc.stderr)
        except subprocess.TimeoutExpired:
            problem = f"did not finish within {timeout:g} s (a hanging import?)"
        except OSError as exc:
            problem = f"the check subprocess could not start: {exc.strerror or exc}"
        spent = time.monotonic() - started
        facts, started_id, located = _read_results(result)
    if problem is None and started_id is not None:  # os._exit(0) or sys.exit inside an import's atexit path
        problem = "exited (status 0) in the middle of importing it"
    culprit = started_id if problem is not None else None
    if culprit is not None and problem is not None:
        problem = f"importing it {problem}" if "within" in problem else f"the subprocess {problem}"
    return facts, culprit, located, problem, spent


def _describe_exit(code: int, stderr: bytes) -> str:
    if code < 0:
        import signal

        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"was killed by {name}"
    tail = stderr.decode("utf-8", "replace").strip().splitlines()
    last = tail[-1] if tail else "no message"
    return f"exited with status {code}: {last[:300]}"


def _read_results(path: Path) -> tuple[list[Fact], str | None, dict[str, Any]]:
    """Facts of finished checks, the check that was running when the child stopped, and what it had located."""
    facts: list[Fact] = []
    started: str | None = None
    located: dict[str, Any] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return facts, None, located
    for line in lines:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if "start" in record:
            started = record["start"]
            located = record.get("located") or {}
        elif "fact" in record:
            facts.append(record["fact"])
            started = None
            located = {}
    return facts, started, located
