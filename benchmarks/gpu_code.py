"""Time and peak memory of reading GPU code headers from the largest CUDA binaries at hand.

Run: ``python benchmarks/gpu_code.py FILE...`` (each file in a fresh interpreter, so that peak RSS
is that file's alone). Writes JSON lines to stdout: file, size, images, seconds (best of 5),
peak RSS of the interpreter (``resource.getrusage``) before and after.
"""

from __future__ import annotations

import os
import subprocess
import sys

_ONE = """
import json, os, resource, sys, time
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
from pytest_autoglm_compat.facts.binaries.gpu_code import describe, read_images
imported = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
times = []
for _ in range(5):
    t = time.perf_counter()
    images = read_images(sys.argv[1])
    times.append(time.perf_counter() - t)
print(json.dumps({
    "file": sys.argv[1], "size_mb": round(os.path.getsize(sys.argv[1]) / 2**20, 1),
    "images": describe(images), "best_s": round(min(times), 6), "first_s": round(times[0], 6),
    "peak_rss_kib_after_import": imported,
    "peak_rss_kib_after_reads": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
"""


def main() -> None:
    for path in sys.argv[1:]:
        subprocess.run([sys.executable, "-c", _ONE, os.path.abspath(path)], check=True)


if __name__ == "__main__":
    main()
