#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# Each input runs as: PYTHONPATH=${SRC:-src} python -m pytest_autoglm_compat explain tests/data/review45/inputs/NAME.log
# The outputs here were made with SRC=<git archive 9950abd5>/src (HEAD 43e933ef has the same src). The engine before
# the session: mkdir -p /tmp/snap && git archive 6bec6a03 src | tar -x -C /tmp/snap && SRC=/tmp/snap/src tests/data/review45/run.sh
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
