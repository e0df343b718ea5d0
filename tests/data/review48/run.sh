#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# Each input runs as: PYTHONPATH=${SRC:-src} /work/venv/bin/python -m pytest_autoglm_compat explain tests/data/review48/inputs/NAME.log
# The outputs here were made on the commit reviewed, HEAD 8e3f90fe (src unchanged in the working tree). The engine
# before the session:
#   mkdir -p /tmp/snap && git archive 64a3278f src | tar -x -C /tmp/snap && SRC=/tmp/snap/src tests/data/review48/run.sh
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
