#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# The outputs here were made on 1dabd7c; the review read `git diff 74254df 1dabd7c -- src` (74254df before: SRC=...).
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
