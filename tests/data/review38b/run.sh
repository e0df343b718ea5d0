#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# The outputs here were made on 03fdb0e; the review read `git diff cf1ec6f 03fdb0e -- src` (cf1ec6f before: SRC=...).
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
