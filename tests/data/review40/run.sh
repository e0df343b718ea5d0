#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# The outputs here were made on 96f5f669 (the worktree's src, unchanged from that commit); the review read
# `git diff 76aacd2 HEAD -- src` (76aacd2 before: SRC=<git archive 76aacd2>/src).
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
