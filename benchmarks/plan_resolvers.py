"""pip's resolver against uv's for `autoglm-compat plan`: wall time (cold and warm cache) and the pins.

Run: python benchmarks/plan_resolvers.py [--repeat N]  (needs `uv` on PATH or in this venv).
Each resolver gets the same requirement lines (a bundled contract's packages) and this
machine's pip configuration: pip reads it itself; uv gets it translated to flags, with
--index-strategy unsafe-best-match (pip's rule: best version across all indexes).
Writes benchmarks/plan_resolvers.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "src"))

from pytest_autoglm_compat.model import contract as contract_mod  # noqa: E402
from pytest_autoglm_compat.tools.pip_config import read_pip_config, uv_flags  # noqa: E402
from pytest_autoglm_compat.tools.plan.make import contract_lines  # noqa: E402
from pytest_autoglm_compat.tools.plan.resolvers import pip_version  # noqa: E402

CASES = [("stable", ("gptq",)), ("legacy", ("gptq",))]


def _uv() -> str:
    found = shutil.which("uv") or str(Path(sys.executable).parent / "uv")
    if not Path(found).exists():
        sys.exit("uv not found: pip install uv")
    return found


def _run(cmd: list[str], env: dict[str, str], stdin: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, check=False)
    return time.perf_counter() - start, proc


def _pins_pip(out: str) -> dict[str, str]:
    return {i["metadata"]["name"].lower().replace("_", "-"): i["metadata"]["version"]
            for i in json.loads(out)["install"]}


def _pins_uv(out: str) -> dict[str, str]:
    pins = {}
    for line in out.splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            name, version = line.split("==", 1)
            pins[name.strip().lower().replace("_", "-")] = version.split()[0]
    return pins


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2, help="warm runs per case")
    args = parser.parse_args()
    uv = _uv()
    config = read_pip_config()
    rows = []
    agree = []
    for name, sections in CASES:
        contract = contract_mod.load(name)
        lines = "\n".join(contract_lines(contract, sections)) + "\n"
        with tempfile.TemporaryDirectory() as tmp:
            pip_env = {**os.environ, "PIP_CACHE_DIR": f"{tmp}/pip"}
            uv_env = {**os.environ, "UV_CACHE_DIR": f"{tmp}/uv"}
            pip_cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "-q",
                       "--report", "-", "-r", "/dev/stdin"]
            uv_cmd = [uv, "pip", "compile", "-", "--quiet", "--no-header", "--no-annotate",
                      "--python", sys.executable, *uv_flags(config)]
            results = {}
            for label, cmd, env, parse in (("pip", pip_cmd, pip_env, _pins_pip), ("uv", uv_cmd, uv_env, _pins_uv)):
                times = []
                pins: dict[str, str] = {}
                for _ in range(1 + args.repeat):
                    seconds, proc = _run(cmd, env, lines)
                    if proc.returncode != 0:
                        sys.exit(f"{label} failed on {name}: {proc.stderr}")
                    pins = parse(proc.stdout)
                    times.append(seconds)
                results[label] = pins
                rows.append((f"{name} [{', '.join(sections)}]", label, times[0], min(times[1:]), len(pins)))
            diff = sorted(k for k in set(results["pip"]) | set(results["uv"])
                          if results["pip"].get(k) != results["uv"].get(k))
            agree.append((name, diff, results))
    out = ["# Resolvers for `autoglm-compat plan`: pip vs uv", "",
           f"Machine: this repo's dev machine (2 cores), Python {sys.version.split()[0]}, "
           f"{subprocess.run([uv, '--version'], capture_output=True, text=True).stdout.strip()}, "
           f"pip {pip_version(sys.executable)}.",
           "Index: this machine's pip configuration (PyPI + two file:// indexes + find-links + a global "
           "constraint file), translated to uv flags by pip_config.uv_flags().",
           "Cold: an empty cache directory; warm: the best of the following runs with that cache.", "",
           "| contract | resolver | cold (s) | warm (s) | packages |", "|---|---|---|---|---|"]
    out += [f"| {c} | {r} | {cold:.1f} | {warm:.1f} | {n} |" for c, r, cold, warm, n in rows]
    out.append("")
    for name, diff, results in agree:
        if not diff:
            out.append(f"- {name}: pip and uv pick the same {len(results['pip'])} versions.")
        else:
            shown = ", ".join(f"{k} (pip {results['pip'].get(k, '-')}, uv {results['uv'].get(k, '-')})"
                              for k in diff)
            out.append(f"- {name}: they differ on {shown}.")
    (HERE / "plan_resolvers.md").write_text("\n".join(out) + "\n", encoding="utf-8")
    print("\n".join(out))


if __name__ == "__main__":
    main()
