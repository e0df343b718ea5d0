#!/usr/bin/env bash
# Re-runs `explain` on every input of one review folder and writes its outputs/NAME.txt; runnable from anywhere.
# Usage: tests/data/rerun_review.sh tests/data/reviewNN (each review's own run.sh calls this with its folder).
# Each input runs as: cd <repo root> && PYTHONPATH=src /work/venv/bin/python -m pytest_autoglm_compat explain inputs/NAME.log
# The repo root is two folders above this one. SRC (optional) points PYTHONPATH at another source tree, e.g. a git
# archive of another commit:
#   mkdir -p /tmp/snap && git archive COMMIT src | tar -x -C /tmp/snap && SRC=/tmp/snap/src tests/data/reviewNN/run.sh
set -u
review="$(cd "$1" && pwd)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="${SRC:-src}"
mkdir -p "$review/outputs"
for log in "$review"/inputs/*.log; do
  name="$(basename "$log" .log)"
  (cd "$root" && PYTHONPATH="$src" /work/venv/bin/python -m pytest_autoglm_compat explain "$log") \
    > "$review/outputs/$name.txt" 2>&1
done
