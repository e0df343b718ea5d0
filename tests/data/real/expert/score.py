"""Score the expert's answers (answers.tsv) and the engine as it is now on the same logs, by the corpus's rules.

Run from the repository root: ``PYTHONPATH=src:tests python tests/data/real/expert/score.py``. A family answer is a
hit where it is the case's family, one the manifest allows (``also``) or a family of that kind (test_real_corpus's
KIND_OF; a disputed label's ``also`` only clears a claim); a family answer that is none of those, on a case or a distractor, is a wrong claim; ``none`` on a case is
wrong too (the brief says so), ``unsure`` counts nothing.
"""

from __future__ import annotations

import collections
import csv
from pathlib import Path

from test_real_corpus import _kinds, cases, claimed

HERE = Path(__file__).parent


def main() -> None:
    answers = {(row["group"], row["file"]): row["answer"]
               for row in csv.DictReader((HERE / "answers.tsv").open(encoding="utf-8"), delimiter="\t")}
    tally: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for case in cases():
        key = (case.path.parent.name, case.path.name)
        if key not in answers:
            continue
        group, answer = tally[key[0]], answers[key]
        fams = claimed(case)
        right = (case.right - set(case.also)) | {case.family}  # a disputed label's ``also`` is no hit, only no claim
        allowed = answer in case.also or bool(_kinds(answer) & set(case.also))  # a disputed label's other reading
        if case.family == "none":
            group["distractors"] += 1
            group["expert wrong"] += answer not in ("none", "unsure") and not allowed
            group["expert disputed"] += answer not in ("none", "unsure") and allowed
        else:
            group["cases"] += 1
            hit = answer in right or bool(_kinds(answer) & {case.family})
            group["expert"] += hit
            group["expert wrong"] += not hit and answer != "unsure" and not allowed
            group["expert disputed"] += not hit and allowed
            first = fams[:1]
            group["engine"] += bool(first) and (first[0] in right or bool(_kinds(first[0]) & {case.family}))
        group["engine wrong"] += any(f not in case.right and not (_kinds(f) & {case.family, *case.also}) for f in fams)
    total: collections.Counter[str] = collections.Counter()
    for name in sorted(tally):
        group = tally[name]
        total.update(group)
        print(f"{name}: expert {group['expert']}/{group['cases']} ({group['expert wrong']} wrong, "
              f"{group['expert disputed']} on disputed labels), engine now "
              f"{group['engine']}/{group['cases']} ({group['engine wrong']} false) in {group['cases'] + group['distractors']}")
    print(f"all: expert {total['expert']}/{total['cases']} = {total['expert'] / total['cases']:.1%} "
          f"({total['expert wrong']} wrong, {total['expert disputed']} on disputed labels), engine now {total['engine']}/{total['cases']} = "
          f"{total['engine'] / total['cases']:.1%} ({total['engine wrong']} false)")


if __name__ == "__main__":
    main()
