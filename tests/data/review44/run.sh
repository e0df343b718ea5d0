#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# Each input runs as: PYTHONPATH=${SRC:-src} python -m pytest_autoglm_compat explain tests/data/review44/inputs/NAME.log
# The outputs here were made with SRC=<git archive 8468e41d>/src (the session's last commit, HEAD when the review ran;
# the working tree's uncommitted methods.py/protocols.py edits, not this review's, give the same 28). The engine before
# the session: mkdir -p /tmp/snap && git archive fd0536a6 src | tar -x -C /tmp/snap && SRC=/tmp/snap/src tests/data/review44/run.sh
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
