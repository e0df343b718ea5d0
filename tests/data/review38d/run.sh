#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# The outputs here were made on e002221; the review read `git diff d1c6340 e002221 -- src` (d1c6340 before: SRC=...).
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
