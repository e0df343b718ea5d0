#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# Each input runs as: PYTHONPATH=${SRC:-src} /work/venv/bin/python -m pytest_autoglm_compat explain tests/data/review47/inputs/NAME.log
# The outputs here were made with SRC=<git archive bc0dccc3>/src; the working tree at review time (HEAD bc0dccc3 plus
# another session's uncommitted src edits) gives the same 35 outputs. The engine before the session:
#   mkdir -p /tmp/snap && git archive 1f928ceb src | tar -x -C /tmp/snap && SRC=/tmp/snap/src tests/data/review47/run.sh
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
