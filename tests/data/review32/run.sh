#!/bin/bash
# Re-run every input against a clean export of HEAD's src (the checkout's working tree held another session's
# uncommitted src edits during this review). Usage: tests/data/review32/run.sh [inputs/NAME.log ...]
set -e
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
git -C "$here/../../../.." archive HEAD src | tar -x -C "$tmp"
cd "$here"
for f in ${@:-inputs/*.log}; do
  n=$(basename "$f" .log)
  (cd "$tmp" && PYTHONPATH="$tmp/src" /work/venv/bin/python -m pytest_autoglm_compat explain "$here/inputs/$n.log") > "outputs/$n.txt" 2>&1
done
rm -rf "$tmp"
