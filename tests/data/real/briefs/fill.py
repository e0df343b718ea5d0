"""Write a blind round's two briefs and its used_sources.txt under /work/holdout<N>/.

Usage: python tests/data/real/briefs/fill.py N product|whole [OTHER_ROUND ...]

OTHER_ROUND: rounds of the same session collected at the same time; their collectors' taken.txt files are
listed in the brief, and theirs checked against.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]
THREAD = re.compile(r"https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/(?:issues|pull|discussions)/[0-9]+")


def used_sources(root: Path) -> list[str]:
    """Every GitHub thread the repository cites and every earlier round took, /pull/ and /discussions/ as /issues/."""
    files = [REPO / "README.md", REPO / "CHANGELOG.md"]
    for folder in ("tests/data", "src", "docs"):
        files += [p for p in (REPO / folder).rglob("*") if p.is_file()]
    files += list(root.glob("holdout*/*/taken.txt"))
    found: set[str] = set()
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for url in THREAD.findall(text):
            found.add(re.sub(r"/(pull|discussions)/", "/issues/", url))
    return sorted(found)


def main(argv: list[str]) -> None:
    number, field, *others = argv
    root = Path("/work")
    home = root / f"holdout{number}"
    for me in ("a", "b"):
        (home / me / "logs").mkdir(parents=True, exist_ok=True)
        (home / me / "taken.txt").touch()
    (home / "used_sources.txt").write_text("\n".join(used_sources(root)) + "\n", encoding="utf-8")
    brief = (HERE / "brief.md").read_text(encoding="utf-8")
    field_text = (HERE / f"field-{field}.md").read_text(encoding="utf-8").strip()
    for me, other in (("a", "b"), ("b", "a")):
        taken = [f"/work/holdout{number}/{other}/taken.txt"]
        taken += [f"/work/holdout{o}/{c}/taken.txt" for o in others for c in "ab"]
        filled = (
            brief.replace("{FIELD}", field_text)
            .replace("{FAMILIES}", (HERE / f"families-{me}.md").read_text(encoding="utf-8").strip())
            .replace("{OTHERS}", ", ".join(taken))
            .replace("{N}", number)
            .replace("{ME}", me)
        )
        (home / f"brief_{me}.md").write_text(filled, encoding="utf-8")
    print(home, sum(1 for _ in (home / "used_sources.txt").open()), "threads used")


if __name__ == "__main__":
    main(sys.argv[1:])
