#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt; runnable from anywhere.
# Each input runs as: cd /work/main && PYTHONPATH=src /work/venv/bin/python -m pytest_autoglm_compat explain inputs/NAME.log
# SRC (optional) points PYTHONPATH at another source tree; the outputs here were made on the reviewed commit:
#   mkdir -p /tmp/snap48 && git -C /work/main archive 48390dc src | tar -x -C /tmp/snap48 && SRC=/tmp/snap48/src ./run.sh
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="${SRC:-src}"
mkdir -p "$here/outputs"
for log in "$here"/inputs/*.log; do
  name="$(basename "$log" .log)"
  (cd /work/main && PYTHONPATH="$src" /work/venv/bin/python -m pytest_autoglm_compat explain "$log") \
    > "$here/outputs/$name.txt" 2>&1
done
