#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# The outputs here were made on d1c6340; the review read `git diff 3b6c8bc d1c6340 -- src` (3b6c8bc before: SRC=...).
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
