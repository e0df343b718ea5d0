"""Time ``autoglm-compat bisect`` on real releases: cold uv cache, warm uv cache, reused environments.

python benchmarks/bisect_timings.py [--jobs N] [--case peft|transformers] >> benchmarks/results-bisect.jsonl
Runs in the current venv (with uv); scratch caches under a temp dir, removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).parent.parent / "tests" / "data" / "bisect"
CASES = {
    "peft": ["peft", "--good", "0.13.2", "--bad", "0.19.0", "--requirements", str(DATA / "legacy-stack.txt"),
             "--", "python", "-c", "import auto_gptq"],
    "transformers": ["transformers", "--good", "4.46.3", "--bad", "5.0.0", "--pre", "--requirements",
                     str(DATA / "torch-only.txt"), "--", "python", "-c",
                     "from transformers.modeling_utils import no_init_weights"],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", choices=sorted(CASES), default="peft")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bisect-bench-"))
    try:
        envs = scratch / "envs"
        # (name, uv cache: private and new or the user's, environments: kept from the previous row or not)
        for name, uv_cache, fresh_envs in (("cold uv cache, no environments", scratch / "uv", True),
                                           ("warm uv cache, no environments", None, True),
                                           ("environments reused", None, False)):
            if fresh_envs:
                shutil.rmtree(envs, ignore_errors=True)
            env = dict(os.environ)
            if uv_cache is not None:
                env["UV_CACHE_DIR"] = str(uv_cache)
            start = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "bisect", *CASES[args.case][:1],
                                   "--jobs", str(args.jobs), "--cache-dir", str(envs), *CASES[args.case][1:]],
                                  capture_output=True, text=True, env=env, check=False)
            seconds = time.monotonic() - start
            out = done.stdout.splitlines()
            print(json.dumps({"case": args.case, "jobs": args.jobs, "scenario": name, "seconds": round(seconds, 1),
                              "exit": done.returncode, "first_bad": out[1] if len(out) > 1 else None,
                              "tested": out[-1] if out else None, "cores": os.cpu_count(),
                              "load_1min": round(os.getloadavg()[0], 1), "python": platform.python_version(),
                              "date": time.strftime("%Y-%m-%d")}), flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
