"""Test tooling: `nox` runs everything CI runs; `nox -s example` is the main job.

Stacks install with pip (not uv) so torch comes from the local 2.13.0 CPU wheel.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import nox
from packaging.requirements import Requirement

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

nox.options.default_venv_backend = "venv"
nox.options.error_on_missing_interpreters = True

ROOT = Path(__file__).parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
#: requires-python is ">=3.9"; `tests` runs on the interpreter nox runs on (3.11 on our machines),
#: `tests_oldest` on 3.9 at our dependencies' floors, `tests_pythons` on 3.10 (the last without tomllib, with the newest
#: dependencies) and the newest, 3.13. 3.12 lies between 3.11 and 3.13, which take every branch our code and tests make
#: on the version (tomllib at 3.11; the tests' 3.12 and 3.13 branches): its four minutes of each CI run were one of the
#: cuts that brought a fresh-clone run under 45 minutes (2026-12-07). `nox -s tests_pythons-3.12` still runs it
OLDEST_PYTHON = "3.9"
PYTHONS = ["3.10", "3.13"]
#: interpreters nox may be asked for by name, beyond those a whole run uses
OTHER_PYTHONS = ["3.12"]
#: a whole run (`nox`, .ci/run); gpu_code runs inside modern there (one torch build: its 5.4 GB install once), and
#: `nox -s gpu_code` alone
nox.options.sessions = ["lint", "tests", *(f"tests_pythons-{python}" for python in PYTHONS), "tests_oldest", "stack",
                        "modern", "resolver", "bisect", "host", "docs"]
TEST_DEPS = ["pytest>=8", "hypothesis>=6.100", "jsonschema>=4.20", "tomli-w>=1.0", "nvidia-ml-py", "pytest-xdist>=3.5",
             "uv"]
#: pytest-xdist workers for the unit suite: four on our 2-core machines, as many of its tests wait on subprocesses
#: (pytester runs, the CLI, timeouts); the suite took 212 s with -n 4, 243 s with -n 3 and 273 s with -n 2 on one
#: 2-core machine (2026-12-07, one after the other, other work beside them); a quiet fresh-clone CI run: 199-246 s each
WORKERS = ["-n", "4"]
#: the stack and bisect sessions' tests each wait on a subprocess (a pytest run importing torch, pip or uv building an
#: environment): run two or three at once. Serially, bisect's tests took 318 s and the autogptq stack's 253 s of a
#: 51-minute fresh-clone CI run (2026-12-07)
STACK_WORKERS = ["-n", "2"]
BISECT_WORKERS = ["-n", "3"]
#: pytest 8.0's own floor: the first pluggy it accepts
OLDEST_PLUGGY = "pluggy==1.3.0"


def _expose_pyenv_pythons() -> None:
    """Let nox find the machine's pyenv interpreters by version (`python3.9`).

    Our machines carry CPython 3.9-3.13 under $PYENV_ROOT/versions, but pyenv's shims on PATH
    run only the globally selected version, so nox's discovery finds no `python3.9`. Links in
    .nox/_pythons, put first on PATH, name the newest patch release of each.
    """
    versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    links = ROOT / ".nox" / "_pythons"
    for minor in (OLDEST_PYTHON, *PYTHONS, *OTHER_PYTHONS):
        found = sorted(versions.glob(f"{minor}.*/bin/python{minor}"),
                       key=lambda exe: tuple(int(part) for part in exe.parts[-3].split(".") if part.isdigit()))
        if not found:
            continue  # nox then reports the interpreter as missing, which fails the run
        links.mkdir(parents=True, exist_ok=True)
        link = links / f"python{minor}"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(found[-1])
    if links.is_dir():
        os.environ["PATH"] = f"{links}{os.pathsep}{os.environ.get('PATH', '')}"


_expose_pyenv_pythons()

# The sessions' interpreters keep their bytecode. A test session starts thousands of Python processes (pytester's
# subprocess runs, the CLI, the probe); where PYTHONDONTWRITEBYTECODE=1 is set (our machines set it), each compiled
# the editable checkout's modules and pytest's rewritten test modules again: `nox -s tests` took 226 s with it and
# 199 s without, two fresh clones of one commit run one after the other on a quiet 2-core machine (2026-12-06).
# `nox -s bench` still measures both ways: benchmarks/run.py sets or clears it per scenario.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

TORCH = "torch==2.13.0"
#: the stacks `stack` builds, each in its own venv; autogptq-newpeft is the autogptq venv with peft 0.19
#: installed over it (its second phase), not a venv of its own: the same torch, transformers and auto-gptq
STACKS = {
    # the stack of 2026 (contract `latest`): transformers 5.2x, GPTQ through optimum + gptqmodel (its kernels are
    # built on first use), torch 2.14.1 (a CUDA 13 build, from this machine's disk)
    "modern": ["torch==2.14.1", "gptqmodel==7.7.0", "transformers>=5.20.2,<6", "optimum>=2.1", "accelerate>=1.15"],
    # the newest stack AutoGPTQ works on (the "legacy stack"): contract `stable`
    "autogptq": [TORCH, "transformers==4.46.3", "accelerate==0.34.2", "peft==0.13.2", "auto-gptq==0.7.1"],
    # what breaks auto-gptq's import: peft 0.19 removed PEFT_TYPE_TO_MODEL_MAPPING
    "autogptq-newpeft": [TORCH, "transformers==4.46.3", "accelerate==0.34.2", "peft==0.19.0",
                         "auto-gptq==0.7.1"],
}


def _drop_on_ci(folder: str | Path) -> None:
    """On CI, a heavy session's venv (or environments) go when the session ends: the CI machine's disk is not ours
    to size.

    modern and gpu_code each hold a 5.4 GB CUDA build of torch, and the resolver's pip run downloads a
    2.3 GB torch wheel to read its metadata; kept together they filled a CI machine's disk (Errno 28)
    on 2026-12-03. Locally they stay, so a second `nox -s modern` only runs the tests.
    """
    if os.environ.get("CI"):
        shutil.rmtree(folder, ignore_errors=True)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("-e", ".", "ruff>=0.6", "mypy>=1.11", "pytest>=8", "nvidia-ml-py", "nox", "vermin>=1.6")
    session.run("ruff", "check", "src", "tests", "benchmarks", "noxfile.py")
    session.run("mypy")
    session.run("mypy", "tests/host/parity.py", "tests/host/parity_recorder.py")  # nox -s host's scripts
    # statically, for all of the code: the declared minimum, 3.9 (tests_pythons runs the tests there)
    session.run("vermin", "--no-tips", "--violations", "-t=3.9-", "--exclude-regex", "tests/data/",
                "src", "tests", "benchmarks", "noxfile.py")


@nox.session
def tests(session: nox.Session) -> None:
    """Unit and pytester tests of the plugin, in a venv without torch."""
    session.install("-e", ".", *TEST_DEPS)
    session.run("pytest", "tests", "--ignore=tests/integration", *(session.posargs or WORKERS))


#: the tests that run explain on every one of the corpus's thousands of logs (a minute of each unit-suite run): measured
#: once, in `tests`; the other Pythons run the readings' tests, which explain hundreds of the same logs
CORPUS_WIDE = [f"--deselect=tests/{test}" for test in (
    "test_real_corpus.py::test_the_one_pass_line_filter_loses_no_answer_on_any_real_log",
    "test_real_corpus.py::test_explain_finds_the_right_family_in_real_logs_and_claims_nothing_false",
    "test_known_failure_data.py::test_no_log_is_named_by_two_entries_and_every_log_a_signature_explains_is_named")]


@nox.session(python=[*PYTHONS, *OTHER_PYTHONS])
def tests_pythons(session: nox.Session) -> None:
    """The same tests on every other Python that requires-python admits (see docs/compatibility.md)."""
    session.install("-e", ".", *TEST_DEPS)
    session.run("pytest", "tests", "--ignore=tests/integration", *CORPUS_WIDE, *(session.posargs or WORKERS))


@nox.session(python=OLDEST_PYTHON)
def tests_oldest(session: nox.Session) -> None:
    """The same tests at the floors we declare: each `>=` bound of our dependencies pinned, oldest Python.

    The only session on 3.9: the newest dependencies are tested on every other interpreter, and a
    second 3.9 venv (2 minutes of CI) found nothing this one does not.
    pytest's floor is where `hookimpl(wrapper=True)` became supported (8.0), with 8.0's oldest pluggy.
    """
    floors = []
    for text in PROJECT["dependencies"]:
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate({"python_version": OLDEST_PYTHON}):
            continue
        lowest = [spec.version for spec in req.specifier if spec.operator == ">="]
        floors.append(f"{req.name}=={lowest[0]}" if lowest else str(req))
    session.install("-e", ".", *TEST_DEPS, *floors, OLDEST_PLUGGY)
    session.run("python", "-m", "pip", "list")
    session.run("pytest", "tests", "--ignore=tests/integration", *CORPUS_WIDE, *(session.posargs or WORKERS))


STACK_TESTS = ["tests/integration/test_stack.py", "tests/integration/test_freeze_stack.py",
               "tests/integration/test_autogptq_suite.py", "-p", "no:cacheprovider"]


@nox.session
def modern(session: nox.Session) -> None:
    """The stack of 2026 in its own venv: the example suite under every bundled contract, a quantized forward
    through gptqmodel on CPU under `latest`; then a mismatched pair installed with --no-deps, named before any test.

    ``GPTQMODEL_DISABLE_PACK_EXT``: gptqmodel packs in Python instead of JIT-building its C++ packer (30 s on
    two cores, the same numbers); nothing a user's run needs.
    """
    try:
        session.install(*STACKS["modern"])
        session.install("-e", ".", "pytest>=8", "pytest-xdist>=3.5")
        env = {"AUTOGLM_STACK": "modern", "HF_HUB_OFFLINE": "1", "GPTQMODEL_DISABLE_PACK_EXT": "1"}
        session.run("pytest", *STACK_TESTS, *(session.posargs or STACK_WORKERS), env=env)
        # tokenizers below transformers' declared floor, installed alone: what --no-deps or a later upgrade leaves
        session.install("--no-deps", "tokenizers==0.20.3")
        session.run("pytest", "tests/integration/test_stack.py", "-p", "no:cacheprovider", "-k", "mismatch",
                    *session.posargs, env={**env, "AUTOGLM_STACK": "modern-mismatched"})
        if not session.posargs and "gpu_code" not in session.name:  # a whole run: gpu_code's tests on this torch
            _gpu_code_tests(session)
    finally:
        _drop_on_ci(session.virtualenv.location)


@nox.session
@nox.parametrize("stack", ["autogptq"])
def stack(session: nox.Session, stack: str) -> None:
    """A real stack in its own venv: the example suite under every bundled contract.

    ``autogptq`` then installs peft 0.19.0 over itself and runs the same tests as ``autogptq-newpeft``.
    """
    try:
        _stack_tests(session, stack)
    finally:
        _drop_on_ci(session.virtualenv.location)


def _stack_tests(session: nox.Session, stack: str) -> None:
    session.install(*STACKS[stack])
    session.install("-e", ".", "pytest>=8", "pytest-xdist>=3.5")
    if stack == "autogptq":  # auto-gptq's own tests/ (tests/data/autogptq-0.7.1-tests) need its test extra
        session.install("parameterized==0.9.0")
    session.run("pytest", *STACK_TESTS, *(session.posargs or STACK_WORKERS), env={"AUTOGLM_STACK": stack})
    if stack != "autogptq":
        return
    # auto-gptq 0.7.1's real kernels against fake GPUs (seconds)
    session.run("pytest", "tests/test_kernels.py", "-p", "no:cacheprovider", "-k", "auto_gptq",
                env={"AUTOGLM_GPU_CODE_REQUIRED": "auto-gptq"})
    newpeft = [r for r in STACKS["autogptq-newpeft"] if r not in STACKS["autogptq"]]
    session.install(*newpeft)
    session.run("pytest", *STACK_TESTS, *(session.posargs or STACK_WORKERS), env={"AUTOGLM_STACK": "autogptq-newpeft"})


@nox.session
def gpu_code(session: nox.Session) -> None:
    """Real CUDA binaries against fake GPUs of many generations, and the reader against torch's own arch list.

    torch 2.14.1 (the CUDA 13.0 build, 5.4 GB), cpm-kernels and bitsandbytes are installed; no GPU is needed.
    About 2 minutes where torch's wheel is cached, plus its download where it is not.
    """
    try:
        session.install("-e", ".", "pytest", "pytest-xdist")
        session.install("torch==2.14.1")
        _gpu_code_tests(session)
    finally:
        _drop_on_ci(session.virtualenv.location)


def _gpu_code_tests(session: nox.Session) -> None:
    """gpu_code's tests in a venv that holds torch 2.14.1 (its own, or modern's after modern's tests ran)."""
    session.install("hypothesis", "cpm-kernels==1.0.11", "bitsandbytes==0.50.2")
    # test_gpu_code compares the reader with cuobjdump (triton, a dependency of this torch, bundles it)
    session.run("pytest", "tests/test_kernels.py", "tests/test_gpu_code.py", "-p", "no:cacheprovider",
                *session.posargs, env={"AUTOGLM_GPU_CODE_REQUIRED": "torch,cpm-kernels,bitsandbytes"})


@nox.session
def resolver(session: nox.Session) -> None:
    """`autoglm-compat plan` with real pip and uv against this machine's configured package index."""
    session.install("-e", ".", "pytest>=8", "uv")
    session.run("pytest", "tests/integration/test_plan_resolver.py", "tests/integration/test_fix_resolver.py",
                "-p", "no:cacheprovider", *session.posargs)


@nox.session
def bisect(session: nox.Session) -> None:
    """`autoglm-compat bisect` over real peft and transformers releases (tests/integration/test_bisect_real.py).

    The environments it builds are kept in .nox/bisect-envs (not on CI), so a second run only runs the commands.
    """
    envs = ROOT / ".nox" / "bisect-envs"
    session.install("-e", ".", "pytest>=8", "pytest-xdist>=3.5", "uv")
    try:
        session.run("pytest", "tests/integration/test_bisect_real.py", "tests/integration/test_api_history.py",
                    "-p", "no:cacheprovider", "-v", *(session.posargs or BISECT_WORKERS),
                    env={"AUTOGLM_BISECT_REAL": "1", "AUTOGLM_BISECT_CACHE": str(envs)})
    finally:
        _drop_on_ci(envs)  # 2 GB


@nox.session
def example(session: nox.Session) -> None:
    """The main job: the example GLM suite under --autoglm-contract=stable, with its report."""
    session.install(*STACKS["autogptq"])
    session.install("-e", ".", "pytest>=8")
    os.makedirs("reports", exist_ok=True)
    session.chdir("examples/glm_suite")
    session.run("pytest", "--autoglm-contract=stable", "--autoglm-report=../../reports/example-stable.json",
                "-v", *session.posargs)


@nox.session
def host(session: nox.Session) -> None:
    """Host parity: pytest's and pytest-xdist's own suites, without and with the plugin (tests/host/parity.py).

    The versions under test are the newest pip installs here, as in the `tests` session; the
    suites run from those versions' sdists, with their own test extras.
    """
    session.install("pytest>=8", "pytest-xdist>=3.5")
    versions = session.run("python", "-c", "from importlib.metadata import version as v; "
                           "print(v('pytest'), v('pytest-xdist'))", silent=True)
    assert isinstance(versions, str)
    pytest_version, xdist_version = versions.split()
    # outside the repository: pytester's runs below it would read this project's pytest config
    work = os.path.join(tempfile.gettempdir(), "autoglm-host-parity")
    sdists = []
    for name, version in (("pytest", pytest_version), ("pytest-xdist", xdist_version)):
        where = os.path.join(work, "sdist", f"{name}-{version}")
        if not os.path.isdir(where) or not os.listdir(where):
            session.run("pip", "download", "-q", "--no-binary", ":all:", "--no-deps", f"{name}=={version}",
                        "-d", where)
        (sdist,) = os.listdir(where)
        sdists.append(os.path.join(where, sdist))
    # the test extras each sdist's pyproject declares: pytest's `dev`, xdist's `testing` and `psutil`
    session.install(f"pytest[dev]=={pytest_version}", f"pytest-xdist[testing,psutil]=={xdist_version}")
    # parity.py itself first, on a made-up host suite with a regression in it (a minute)
    session.run("pytest", "--noconftest", "-p", "no:cacheprovider", "tests/host/test_parity.py",
                "tests/host/test_parity_end_to_end.py", env={"AUTOGLM_HOST_SELFTEST": "1"})
    session.run("python", "tests/host/parity.py", "--plugin", ".", "--work", work,
                *sdists, *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    session.install("mkdocs>=1.6")
    session.run("mkdocs", "build", "--strict", "--site-dir", "site")


@nox.session
def bench(session: nox.Session) -> None:
    """Speed as ratios against plain pytest (benchmarks/run.py); writes benchmarks/results.json."""
    session.install(TORCH, "transformers==4.46.3", "accelerate==0.34.2")
    # a regular install, as users get it: pytest then handles the plugin's modules itself
    # (assertion-rewriting hook), which is what PYTHONDONTWRITEBYTECODE=1 makes costly
    session.install(".", "pytest>=8")
    session.run("python", "benchmarks/run.py", *session.posargs)
