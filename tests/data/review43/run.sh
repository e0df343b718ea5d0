#!/usr/bin/env bash
# Re-runs `explain` on every input of this review and writes outputs/NAME.txt (../rerun_review.sh; SRC as it says).
# The outputs here were made on f4ba6751 (SRC=<git archive f4ba6751>/src; HEAD when the review ran, one commit past the
# session's da043115: the CUDA registration call's wording). The review read `git diff 7c2b649a da043115 -- src`; the
# engine before the session: SRC=<git archive 7c2b649a>/src.
exec "$(dirname "${BASH_SOURCE[0]}")/../rerun_review.sh" "$(dirname "${BASH_SOURCE[0]}")"
