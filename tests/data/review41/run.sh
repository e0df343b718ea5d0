#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# The outputs here were made on 89272699 (the worktree's src, unchanged from that commit); the review read
# `git diff 3cf6c43 HEAD -- src` (3cf6c43 before: SRC=<git archive 3cf6c43>/src).
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
