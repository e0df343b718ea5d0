#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt; runnable from anywhere.
# Each input runs as: cd <repo root> && PYTHONPATH=src /work/venv/bin/python -m pytest_autoglm_compat explain inputs/NAME.log
# The repo root is three folders above this one (the outputs here were made in the worktree at commit 9ea1b58).
# SRC (optional) points PYTHONPATH at another source tree, e.g. a git archive of another commit:
#   mkdir -p /tmp/snap && git archive d6c9397 src | tar -x -C /tmp/snap && SRC=/tmp/snap/src ./run.sh
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
src="${SRC:-src}"
mkdir -p "$here/outputs"
for log in "$here"/inputs/*.log; do
  name="$(basename "$log" .log)"
  (cd "$root" && PYTHONPATH="$src" /work/venv/bin/python -m pytest_autoglm_compat explain "$log") \
    > "$here/outputs/$name.txt" 2>&1
done
