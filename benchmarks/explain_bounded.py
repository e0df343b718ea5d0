"""Time ``autoglm-compat explain`` on inputs that were quadratic or unbounded (issue 21 item 6, issue 18).

Run directly: ``python benchmarks/explain_bounded.py [--timeout 120] [--only NAME ...]``. Each input is
generated into a temporary directory from the real logs under tests/data/real; each case runs once
as a subprocess (``python -m pytest_autoglm_compat explain FILE``), killed at ``--timeout``.
Prints one line per case: name, input size, seconds (or "> timeout"), exit status.

An installed package has its bytecode (pip compiles it at install); a checkout run with PYTHONDONTWRITEBYTECODE=1,
as the CI machine sets it, compiles every module on every run (about 0.2 s here). By default the cases run with
the bytecode a first run writes to a temporary PYTHONPYCACHEPREFIX, as installed; ``--no-bytecode`` runs them
compiling from source each time.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"
LOG = REAL / "review" / "autogptq-144.log"


def cases(tmp: Path) -> dict[str, Path]:
    log = LOG.read_bytes()
    made: dict[str, Path] = {}

    def write(name: str, data: bytes) -> None:
        made[name] = tmp / f"{name}.log"
        made[name].write_bytes(data)

    write("clean", log)
    write("line-64k-word", log + b"x" * 64_000 + b"\n")
    write("line-64k-nonspace", log + b"(x" * 32_000 + b"\n")
    write("base64-1mb", log + base64.b64encode(os.urandom(768 * 1024)) + b"\n")
    write("parens-100k", log + b"(" * 100_000 + b"\n")
    lines = [line for p in sorted(REAL.glob("*/*.log")) for line in p.read_bytes().splitlines()]
    body = b"\n".join(lines)
    big = b""
    while len(big) < 10 * 1024 * 1024 - len(log):
        big += body + b"\n"
    big_lines = big.splitlines()[:100_000 - log.count(b"\n") - 1]
    write("100k-lines", b"\n".join(big_lines) + b"\n" + log)
    padded = b"\n".join(line + b" " + b"=" * max(0, 100 - len(line)) for line in big_lines)
    write("10mb", padded + b"\n" + log)
    # the worst a cache of repeated lines can meet: every line distinct, nearly every one a candidate
    relevant = [line for line in big_lines if b"Error" in line or b"File " in line or b"Traceback" in line]
    unique = b"\n".join(relevant[i % len(relevant)] + b" #%d" % i for i in range(100_000))
    write("100k-distinct-relevant", unique + b"\n" + log)
    rng = random.Random(1)
    distinct = "".join(f"2023-12-20 13:39:58 | INFO | step {i}: loss {rng.random():.6f} lr {rng.random():.3e}\n"
                       for i in range(100_000))
    write("100k-distinct", distinct.encode() + log)
    write("utf16-bom", log.decode("utf-8").encode("utf-16"))
    sparse = tmp / "sparse-1gb.log"
    with open(sparse, "wb") as handle:
        handle.seek(1024 ** 3 - len(log))
        handle.write(log)
    made["sparse-1gb"] = sparse
    return made


def _loop_seconds() -> float:
    """The machine's pace at this moment: the shared machines here vary by half from one hour to the next."""
    start, total = time.perf_counter(), 0
    for number in range(10**7):
        total += number
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--here", action="store_const", const=["--here"], default=[],
                        help="explain --here (scoped by this environment; a log it rules out is read twice)")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="compile the package from source on every run (PYTHONDONTWRITEBYTECODE=1, no cache)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
            env.pop("PYTHONPYCACHEPREFIX", None)
        else:  # one run that writes the bytecode, as pip's install does; the timed runs read it
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "explain", str(LOG)], env=env,
                           capture_output=True, check=False)
        made = "none (compiled from source each run)" if args.no_bytecode else "written once, as installed"
        print(f"bytecode: {made}")
        # the cases are built from the corpus, which grows: figures of two sessions compare only beside this line and
        # the same inputs (run the older engine in the same run, as docs/reliability.md does)
        print(f"machine: a Python loop of 10**7 additions takes {_loop_seconds():.2f} s")
        for name, path in cases(Path(tmp)).items():
            if args.only and name not in args.only:
                continue
            size = path.stat().st_size
            start = time.perf_counter()
            try:
                done = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "explain", *args.here, str(path)],
                                      capture_output=True, text=True, timeout=args.timeout, check=False, env=env)
                took = f"{time.perf_counter() - start:7.2f} s"
                first = (done.stdout.splitlines() or [""])[0][:60]
                note = done.stderr.strip().splitlines()[:1]
                rc = f"rc {done.returncode} {first!r} {note}"
            except subprocess.TimeoutExpired:
                took, rc = f"> {args.timeout:.0f} s", "killed"
            print(f"{name:20} {size / 1e6:10.2f} MB {took:>10}  {rc}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
