"""Test tooling: `nox` runs everything CI runs; `nox -s example` is the main job.

Stacks install with pip (not uv) so torch comes from the local 2.13.0 CPU wheel.
"""

from __future__ import annotations

import os
import tempfile

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["lint", "tests", "stack", "host", "docs"]
nox.options.error_on_missing_interpreters = True

TORCH = "torch==2.13.0"
STACKS = {
    # transformers 5.x: native Glm*ForCausalLM, dict _tied_weights_keys, auto-gptq not importable
    "current": [TORCH, "transformers>=5,<6", "accelerate>=1,<2"],
    # the newest stack AutoGPTQ works on (the "legacy stack"): contract `stable`
    "autogptq": [TORCH, "transformers==4.46.3", "accelerate==0.34.2", "peft==0.13.2", "auto-gptq==0.7.1"],
    # what breaks auto-gptq's import: peft 0.19 removed PEFT_TYPE_TO_MODEL_MAPPING
    "autogptq-newpeft": [TORCH, "transformers==4.46.3", "accelerate==0.34.2", "peft==0.19.0",
                         "auto-gptq==0.7.1"],
}


@nox.session
def lint(session: nox.Session) -> None:
    session.install("-e", ".", "ruff>=0.6", "mypy>=1.11", "pytest>=8", "nvidia-ml-py", "nox", "vermin>=1.6")
    session.run("ruff", "check", "src", "tests", "noxfile.py")
    session.run("mypy")
    session.run("mypy", "tests/host/parity.py", "tests/host/parity_recorder.py")  # nox -s host's scripts
    # only Python 3.11 runs here: vermin checks the declared minimum, 3.9
    session.run("vermin", "--no-tips", "--violations", "-t=3.9-", "src", "tests", "benchmarks", "noxfile.py")


@nox.session
def tests(session: nox.Session) -> None:
    """Unit and pytester tests of the plugin, in a venv without torch."""
    session.install("-e", ".", "pytest>=8", "hypothesis>=6.100", "jsonschema>=4.20", "tomli-w>=1.0", "nvidia-ml-py",
                    "pytest-xdist>=3.5")
    session.run("pytest", "tests", "--ignore=tests/integration", *session.posargs)


@nox.session
@nox.parametrize("stack", list(STACKS))
def stack(session: nox.Session, stack: str) -> None:
    """A real stack in its own venv: the example suite under every bundled contract."""
    session.install(*STACKS[stack])
    session.install("-e", ".", "pytest>=8")
    session.run("pytest", "tests/integration", "-p", "no:cacheprovider", *session.posargs,
                env={"AUTOGLM_STACK": stack})


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
