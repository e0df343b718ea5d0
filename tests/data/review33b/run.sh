#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt; runnable from anywhere.
# Each input runs as: cd /work/main && PYTHONPATH=src /work/venv/bin/python -m pytest_autoglm_compat explain tests/data/review33b/inputs/NAME.log
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$here/outputs"
for log in "$here"/inputs/*.log; do
  name="$(basename "$log" .log)"
  (cd /work/main && PYTHONPATH=src /work/venv/bin/python -m pytest_autoglm_compat explain "tests/data/review33b/inputs/$name.log") \
    > "$here/outputs/$name.txt" 2>&1
done
