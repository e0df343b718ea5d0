#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# The outputs here were made on b9ba8df6 (SRC=<git archive b9ba8df6>/src: the worktree's src had uncommitted work of a
# later session while this review ran); the review read `git diff 5842e442 b9ba8df6 -- src` (5842e442 before:
# SRC=<git archive 5842e442>/src).
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
