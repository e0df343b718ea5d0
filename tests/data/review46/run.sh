#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# Each input runs as: PYTHONPATH=${SRC:-src} /work/venv/bin/python -m pytest_autoglm_compat explain tests/data/review46/inputs/NAME.log
# The outputs here were made with SRC=<git archive a273e41f>/src; the working tree (HEAD 75b0ddbb plus an uncommitted
# pickled.py edit of another session) gives the same 34 outputs. The engine before
# the session: mkdir -p /tmp/snap && git archive 235cd765 src | tar -x -C /tmp/snap && SRC=/tmp/snap/src tests/data/review46/run.sh
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
