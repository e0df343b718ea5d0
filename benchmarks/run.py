"""Speed of pytest-autoglm-compat as ratios against plain pytest, measured side by side in one run.

Run with ``python -m nox -s bench`` (builds a venv with torch 2.13.0 CPU, transformers and
accelerate) or directly with an interpreter that has them: ``python benchmarks/run.py``.
Every variant of a scenario runs interleaved with the others, ``--repeat`` times; the median is
reported. Scenarios that start pytest run twice: with PYTHONDONTWRITEBYTECODE=1 (pytest then
re-compiles the plugin's modules for assertion rewriting on every run) and without it.
Writes a table to stdout and JSON to ``--output``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PY = sys.executable

BENCH_CONTRACT = """
format = 1
name = "bench"
description = "Met by the benchmark venv: packages and API surfaces it has"
python = ">=3.9"
[packages.pytest]
spec = ">=7"
[packages.packaging]
spec = ">=20"
[[api]]
target = "json:dumps"
kind = "function"
[[api]]
target = "packaging.version:Version"
kind = "class"
"""


def _env(dont_write_bytecode: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if dont_write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("AUTOGLM_CONTRACT", None)
    return env


def _timed(argv: list[str], cwd: Path, env: dict[str, str], ok: tuple[int, ...] = (0, 5)) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(argv)}\n{proc.stdout[-2000:]}"
                         f"\n{proc.stderr[-2000:]}")
    return elapsed


def interleaved(variants: dict[str, tuple[list[str], Path]], env: dict[str, str], repeat: int,
                warmup: int = 1, ok: tuple[int, ...] = (0, 5)) -> dict[str, float]:
    """Median seconds per variant; variants alternate within each round so drift hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for round_ in range(warmup + repeat):
        for name, (argv, cwd) in variants.items():
            t = _timed(argv, cwd, env, ok)
            if round_ >= warmup:
                times[name].append(t)
    return {name: statistics.median(ts) for name, ts in times.items()}


def write_suite(where: Path, name: str, tests: str, conftest: str = "", ini: str = "") -> Path:
    suite = where / name
    suite.mkdir()
    (suite / "test_bench.py").write_text(textwrap.dedent(tests))
    (suite / "conftest.py").write_text(textwrap.dedent(conftest))
    (suite / "pytest.ini").write_text("[pytest]\n" + textwrap.dedent(ini))
    return suite


def pytest_argv(*args: str) -> list[str]:
    return [PY, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:xdist", *args]


# --------------------------------------------------------------------------- scenarios


def cold_verdict(tmp: Path, env: dict[str, str], repeat: int) -> dict[str, Any]:
    suite = write_suite(tmp, "cold", """
        import pytest

        @pytest.mark.requires_cuda("11.8")
        def test_gpu():
            pass

        @pytest.mark.requires_package("packaging>=20", "pytest>=7")
        @pytest.mark.parametrize("n", range(10))
        def test_cpu(n):
            pass
    """, ini="markers =\n    requires_cuda: x\n    requires_package: x\n")
    m = interleaved({
        "plugin": (pytest_argv("-p", "no:cacheprovider"), suite),
        "plain": (pytest_argv("-p", "no:cacheprovider", "-p", "no:autoglm"), suite),
        "torch": ([PY, "-c", "import torch; torch.cuda.is_available()"], suite),
    }, env, repeat)
    added = m["plugin"] - m["plain"]
    return {"seconds": m, "plugin_added_s": added, "value": added / m["torch"], "target": 0.05,
            "what": "plugin-added time of a cold run (no cache: probe + evaluate, markers only) / "
                    "time of `import torch; torch.cuda.is_available()`"}


def warm_overhead(tmp: Path, env: dict[str, str], repeat: int) -> dict[str, Any]:
    suite = write_suite(tmp, "warm", """
        import pytest

        @pytest.mark.parametrize("n", range(1000))
        def test_trivial(n):
            pass
    """)
    (suite / "bench.toml").write_text(BENCH_CONTRACT)
    plugin = pytest_argv("--autoglm-contract=bench.toml", "--autoglm-scope=all")
    subprocess.run(plugin, cwd=suite, env=env, capture_output=True, check=False)  # warm the cache
    m = interleaved({"plugin": (plugin, suite), "plain": (pytest_argv("-p", "no:autoglm"), suite)}, env, repeat)
    return {"seconds": m, "value": m["plugin"] / m["plain"], "target": 1.05,
            "what": "1,000 trivial tests, contract applied to all (scope all), warm cache / plain pytest; both "
                    "with pytest's cache on"}


def skip_cuda(tmp: Path, env: dict[str, str], repeat: int) -> dict[str, Any]:
    tests = """
        import pytest

        @pytest.mark.{marker}
        @pytest.mark.parametrize("n", range(1000))
        def test_gpu(n):
            pass
    """
    floor = write_suite(tmp, "skip-floor", tests.format(marker='skip(reason="no GPU")'))
    ours = write_suite(tmp, "skip-plugin", tests.format(marker='requires_cuda("11.8")'))
    usual = write_suite(tmp, "skip-usual", tests.format(marker="gpu"), conftest="""
        import pytest
        import torch

        def pytest_collection_modifyitems(items):
            skip = pytest.mark.skip(reason="CUDA not available")
            if not torch.cuda.is_available():
                for item in items:
                    if "gpu" in item.keywords:
                        item.add_marker(skip)
    """, ini="markers =\n    gpu: needs a GPU\n")
    subprocess.run(pytest_argv(), cwd=ours, env=env, capture_output=True, check=False)  # warm, as in daily use
    m = interleaved({"floor": (pytest_argv("-p", "no:autoglm"), floor), "plugin": (pytest_argv(), ours),
                     "usual": (pytest_argv("-p", "no:autoglm"), usual)}, env, repeat)
    return {"seconds": m, "value": (m["plugin"] - m["floor"]) / (m["usual"] - m["floor"]), "target": 0.05,
            "what": "skipping 1,000 requires_cuda tests on a CPU machine: (plugin - @pytest.mark.skip) / "
                    "(conftest importing torch with skipif(not torch.cuda.is_available()) - @pytest.mark.skip)"}


def collection(tmp: Path, env: dict[str, str], repeat: int) -> dict[str, Any]:
    suite = write_suite(tmp, "collect", """
        import pytest

        @pytest.mark.requires_cuda("11.8", capability=">=8.0")
        @pytest.mark.requires_package("packaging>=20")
        @pytest.mark.parametrize("n", range(10000))
        def test_marked(n):
            pass
    """, ini="markers =\n    requires_cuda: x\n    requires_package: x\n")
    m = interleaved({"plugin": (pytest_argv("--collect-only"), suite),
                     "plain": (pytest_argv("--collect-only", "-p", "no:autoglm"), suite)}, env, repeat)
    return {"seconds": m, "value": m["plugin"] / m["plain"], "target": 1.10,
            "what": "collecting 10,000 tests with requires_cuda and requires_package markers / without the plugin"}


API_TARGETS = [
    ("transformers", "GlmForCausalLM", "class"),
    ("transformers", "GlmForCausalLM._tied_weights_keys", "list"),
    ("transformers.modeling_utils", "no_init_weights", "function"),
    ("accelerate", "init_empty_weights", "function"),
    ("accelerate", "dispatch_model", "function"),
]


def api_checks(tmp: Path, env: dict[str, str], repeat: int) -> dict[str, Any]:
    bare = "import functools, importlib\n" + "".join(
        f"functools.reduce(getattr, {q.split('.')!r}, importlib.import_module({m!r}))\n" for m, q, _ in API_TARGETS)
    cold = textwrap.dedent(f"""
        from pytest_autoglm_compat.facts.api_facts import run_checks
        from pytest_autoglm_compat.model.requirements import ApiRequirement, Meta, Origin
        reqs = [ApiRequirement(Meta(Origin("bench")), m, q, kind=k) for m, q, k in {API_TARGETS!r}]
        facts = run_checks(reqs)
        assert all(f.get("exists") for f in facts.values()), facts
    """)
    suite = tmp / "api"
    suite.mkdir()
    (suite / "test_api.py").write_text("import pytest\n\n" + "".join(
        f"@pytest.mark.requires_api({m + ':' + q!r}, kind={k!r})\n" for m, q, k in API_TARGETS)
        + "def test_it():\n    pass\n")
    warm = pytest_argv()
    subprocess.run(warm, cwd=suite, env=env, capture_output=True, check=False)  # fills the cache
    m = interleaved({"bare": ([PY, "-I", "-c", bare], suite), "cold": ([PY, "-c", cold], suite),
                     "warm": (warm, suite), "warm_plain": (pytest_argv("-p", "no:autoglm"), suite)}, env, repeat)
    probe = subprocess.run([*warm, "-p", "no:randomly"], cwd=suite, env={**env, "PYTHONVERBOSE": "1"},
                           capture_output=True, text=True, check=False)
    imported_transformers = "import 'transformers'" in probe.stderr or "import 'transformers' " in probe.stderr
    return {"seconds": m, "value": m["cold"] / m["bare"], "target": 1.2,
            "warm_imports_transformers": imported_transformers,
            "warm_added_s": m["warm"] - m["warm_plain"],
            "what": "cold API checks (one child importing transformers + accelerate) / a bare `python -I` importing "
                    "and resolving the same names; warm: pytest with the facts cache imports nothing"}


def matrix_scaling(tmp: Path, env: dict[str, str], repeat: int, source: Path) -> dict[str, Any]:
    report = json.loads(source.read_text())
    sizes = [10, 100, 250, 500, 1000]
    where = tmp / "reports"
    where.mkdir()
    for i in range(max(sizes)):
        report["snapshot"]["python"] = f"3.{9 + i % 4}.{i}"
        (where / f"env-{i:04d}.json").write_text(json.dumps(report))
    files = sorted(str(p) for p in where.iterdir())
    variants = {str(n): ([PY, "-m", "pytest_autoglm_compat", "matrix", *files[:n], "--format", "html", "-o",
                          str(tmp / f"m{n}.html")], tmp) for n in sizes}
    m = interleaved(variants, env, repeat)
    return {"seconds": m, "value": m["1000"], "target": 2.0,
            "what": "autoglm-compat matrix --format html over N reports (seconds, N = 10..1000)"}


def machine() -> dict[str, Any]:
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    try:
        import torch  # the benchmark venv has it; only for the description

        torch_version = torch.__version__
    except ImportError:
        torch_version = None
    return {"python": platform.python_version(), "platform": platform.platform(), "cpu": cpu,
            "cores": os.cpu_count(), "torch": torch_version,
            "pytest": subprocess.run([PY, "-m", "pytest", "--version"], capture_output=True, text=True).stdout.strip()}


def idle_guest(tmp: Path, env: dict[str, str], repeat: int) -> dict[str, Any]:
    """What everyone who installs the plugin pays: a suite with no contract, no marker, one failing test."""
    suite = write_suite(tmp, "idle", """
        import pytest

        @pytest.mark.parametrize("n", range(1000))
        def test_trivial(n):
            pass

        def test_fails():
            assert 1 == 2
    """)
    m = interleaved({"plugin": (pytest_argv(), suite), "plain": (pytest_argv("-p", "no:autoglm"), suite)},
                    env, repeat, ok=(1,))  # the one failing test is the point: failures meet the known-failure check
    return {"seconds": m, "value": m["plugin"] / m["plain"], "target": 1.05,
            "what": "1,001 tests (one failing) with no contract and no marker / plain pytest (-p no:autoglm)"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", default=str(HERE / "results.json"))
    parser.add_argument("--only", action="append", help="run only these scenarios")
    args = parser.parse_args()
    source = HERE.parent / "tests" / "data" / "report-example.json"
    results: dict[str, Any] = {"machine": machine(), "repeat": args.repeat, "runs": {}}
    scenarios = {
        "1 cold verdict": cold_verdict,
        "2 warm overhead": warm_overhead,
        "3 skip 1,000 CUDA tests": skip_cuda,
        "4 collect 10,000 marked": collection,
        "7 idle guest": idle_guest,
    }
    for dont_write in (True, False):
        label = "PYTHONDONTWRITEBYTECODE=1" if dont_write else "PYTHONDONTWRITEBYTECODE unset"
        env = _env(dont_write)
        for name, fn in scenarios.items():
            if args.only and not any(o in name for o in args.only):
                continue
            with tempfile.TemporaryDirectory(prefix="autoglm-bench-") as tmp:
                results["runs"].setdefault(label, {})[name] = fn(Path(tmp), env, args.repeat)
            print(f"[{label}] {name}: done", file=sys.stderr)
    env = _env(False)
    for name, fn in {"5 API checks": api_checks}.items():
        if not args.only or any(o in name for o in args.only):
            with tempfile.TemporaryDirectory(prefix="autoglm-bench-") as tmp:
                results["runs"].setdefault("PYTHONDONTWRITEBYTECODE unset", {})[name] = fn(Path(tmp), env, args.repeat)
    if not args.only or any("matrix" in o for o in args.only):
        with tempfile.TemporaryDirectory(prefix="autoglm-bench-") as tmp:
            results["runs"].setdefault("PYTHONDONTWRITEBYTECODE unset", {})["6 matrix of 1,000 reports"] = \
                matrix_scaling(Path(tmp), env, max(3, args.repeat // 2), source)
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    return 0


def table(results: dict[str, Any]) -> str:
    lines = ["| mode | scenario | measured | target | met |", "|---|---|---|---|---|"]
    for label, runs in results["runs"].items():
        for name, r in runs.items():
            lines.append(f"| {label} | {name} | {r['value']:.3f} | <= {r['target']} | "
                         f"{'yes' if r['value'] <= r['target'] else 'NO'} |")
    return "\n".join(lines)


if __name__ == "__main__":
    if shutil.which(PY) is None:  # pragma: no cover
        raise SystemExit("no interpreter")
    raise SystemExit(main())
