#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# The outputs here were made on e54e9dc9 (SRC=<git archive e54e9dc9>/src: the worktree had moved on); the review read
# `git diff de73b48 e54e9dc9 -- src` (de73b48 before: SRC=...).
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
