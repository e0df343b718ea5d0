#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# The outputs here were made on the mends' commit (README, "Mended"); the review read 9ec606d..09c0a7e (9ec606d
# before the change: SRC=... with git archive 9ec606d src).
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
