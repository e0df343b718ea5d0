"""Format checks for the real failure-log corpus under tests/data/real/ (issue 13, item 1).

Every ``tests/data/real/<group>.toml`` manifest lists cases whose logs live in
``tests/data/real/<group>/``. The corpus is only worth measuring against if each case is
traceable to the public thread it came from and names a family the engine can be scored on,
so these checks run over every group, whichever helper collected it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib

REAL = Path(__file__).parent / "data" / "real"

# The family slugs of the corpus format (briefs/corpus-format.md); a manifest may add its own
# in a [families] table, each with a one-line description.
KNOWN_FAMILIES = frozenset(
    {
        "transformers5-no-init-weights",
        "peft-mapping-removed",
        "tied-weights-keys",
        "chatglm-padding-side",
        "chatglm-tokenizer-attr",
        "chatglm-extract-past",
        "chatglm-eos-token-tensor",
        "generation-mixin-removed",
        "gradient-checkpointing-signature",
        "cuda-driver-too-old",
        "torch-not-cuda",
        "no-kernel-image",
        "extension-abi",
        "extension-cuda-lib",
        "extension-dll-load",
        "glibcxx-not-found",
        "cpm-kernels-cuda",
        "cpm-kernels-missing",
        # the generic layer's kinds (issue 22): what a failure shows when no known failure matches it
        "api-mismatch",
        "version-guard",
        "remote-code-mismatch",
        "extension-build",
        "binary-mismatch",
        "none",
    }
)
#: the generic kind each specific family is a case of: a generic answer of that kind names the right cause,
#: less precisely (scored as a hit, counted apart as the generic layer's share)
KIND_OF = {
    "transformers5-no-init-weights": "api-mismatch",
    "peft-mapping-removed": "api-mismatch",
    "pkg-resources-removed": "api-mismatch",
    "generation-mixin-removed": "remote-code-mismatch",
    "gradient-checkpointing-signature": "remote-code-mismatch",
    "tied-weights-keys": "api-mismatch",
    "chatglm-padding-side": "remote-code-mismatch",
    "chatglm-tokenizer-attr": "remote-code-mismatch",
    "chatglm-extract-past": "remote-code-mismatch",
    "chatglm-eos-token-tensor": "remote-code-mismatch",
    "remote-code-legacy-cache": "remote-code-mismatch",
    # model repository code importing a name its transformers lacks is also two releases that do not fit: a log
    # that does not show the importer (a single exception line) can only say that much
    "remote-code-mismatch": "api-mismatch",
    "no-kernel-image": "binary-mismatch",
    "extension-abi": "binary-mismatch",
    "extension-cuda-lib": "binary-mismatch",
    "extension-dll-load": "binary-mismatch",
    "glibcxx-not-found": "binary-mismatch",
    # cpm_kernels finding no CUDA library it loads itself (cudart, cublasLt, nvrtc): a CUDA library an extension needs
    # (the mapping was missing until holdout55b's cpm_kernels#12 was labelled by its kind)
    "cpm-kernels-cuda": "extension-cuda-lib",
}
TEXT_KEYS = ("file", "source", "family", "cause", "cause_source")


def manifest_problems(manifest: Path) -> list[str]:
    """Every way ``manifest`` breaks the corpus format, as readable lines (empty when valid)."""
    problems: list[str] = []
    try:
        data: dict[str, Any] = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return [f"{manifest.name}: not readable TOML: {exc}"]
    families = data.get("families", {})
    if not isinstance(families, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in families.items()
    ):
        problems.append(f"{manifest.name}: [families] must map each slug to a one-line description")
        families = {}
    allowed = KNOWN_FAMILIES | set(families)
    cases = data.get("case")
    if not isinstance(cases, list) or not cases:
        return [*problems, f"{manifest.name}: no [[case]] entries"]
    group_dir = manifest.with_suffix("")
    seen: set[tuple[str, str]] = set()
    listed: set[str] = set()
    for index, case in enumerate(cases, start=1):
        where = f"{manifest.name} case {index}"
        missing = [key for key in TEXT_KEYS if not isinstance(case.get(key), str) or not case[key].strip()]
        if missing:
            problems.append(f"{where}: missing or empty {', '.join(missing)}")
            continue
        where = f"{manifest.name} case {index} ({case['file']})"
        versions = case.get("versions")
        if not isinstance(versions, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in versions.items()
        ):
            problems.append(f"{where}: versions must be a table of strings (may be empty)")
        if not case["source"].startswith("https://github.com/"):
            problems.append(f"{where}: source {case['source']!r} is not a https://github.com/ thread")
        if case["family"] not in allowed:
            problems.append(f"{where}: family {case['family']!r} is neither known nor declared in [families]")
        also = case.get("also", [])
        if not isinstance(also, list) or not all(isinstance(f, str) and f in allowed for f in also):
            problems.append(f"{where}: also must list known or declared families (the thread's other causes)")
        key = (case["source"], case["file"])
        if key in seen:
            problems.append(f"{where}: duplicate source and file")
        seen.add(key)
        if case["file"] in listed:
            problems.append(f"{where}: file listed twice")
        listed.add(case["file"])
        log = group_dir / case["file"]
        if not log.is_file():
            problems.append(f"{where}: {log.relative_to(manifest.parent)} does not exist")
            continue
        raw = log.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"{where}: not UTF-8")
            continue
        if b"\r" in raw:
            problems.append(f"{where}: has CR line ends (LF only)")
        if not text.strip():
            problems.append(f"{where}: empty log")
    if group_dir.is_dir():
        for orphan in sorted(p.name for p in group_dir.iterdir() if p.is_file() and p.name not in listed):
            problems.append(f"{manifest.name}: {orphan} is not listed in the manifest")
    return problems


MANIFESTS = sorted(REAL.glob("*.toml"))


def test_there_is_a_corpus() -> None:
    assert MANIFESTS, f"no manifest under {REAL}"


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.name)
def test_manifest_follows_the_corpus_format(manifest: Path) -> None:
    assert manifest_problems(manifest) == []


def test_the_check_reports_each_kind_of_problem(tmp_path: Path) -> None:
    group = tmp_path / "bad"
    group.mkdir()
    (group / "ok.log").write_text("RuntimeError: x\n", encoding="utf-8")
    (group / "crlf.log").write_bytes(b"RuntimeError: x\r\n")
    (group / "stray.log").write_text("x\n", encoding="utf-8")
    case = 'file = "{f}"\nsource = "{s}"\nfamily = "{fam}"\ncause = "c"\ncause_source = "message"\nversions = {{}}\n'
    (tmp_path / "bad.toml").write_text(
        "[families]\nmy-slug = \"declared here\"\n"
        + "[[case]]\n" + case.format(f="ok.log", s="https://github.com/o/r/issues/1", fam="my-slug")
        + "[[case]]\n" + case.format(f="ok.log", s="https://github.com/o/r/issues/1", fam="none")
        + "[[case]]\n" + case.format(f="crlf.log", s="http://example.com/x", fam="made-up")
        + "[[case]]\n" + case.format(f="gone.log", s="https://github.com/o/r/issues/2", fam="none")
        + '[[case]]\nfile = "ok.log"\n',
        encoding="utf-8",
    )
    assert manifest_problems(tmp_path / "bad.toml") == [
        "bad.toml case 2 (ok.log): duplicate source and file",
        "bad.toml case 2 (ok.log): file listed twice",
        "bad.toml case 3 (crlf.log): source 'http://example.com/x' is not a https://github.com/ thread",
        "bad.toml case 3 (crlf.log): family 'made-up' is neither known nor declared in [families]",
        "bad.toml case 3 (crlf.log): has CR line ends (LF only)",
        "bad.toml case 4 (gone.log): bad/gone.log does not exist",
        "bad.toml case 5: missing or empty source, family, cause, cause_source",
        "bad.toml: stray.log is not listed in the manifest",
    ]


def groups_sharing_a_source(manifests: list[Path]) -> list[str]:
    """Threads kept in more than one group: they would be counted twice (and a held-out group must be disjoint)."""
    where: dict[str, list[str]] = {}
    for manifest in manifests:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        for source in {c.get("source") for c in data.get("case", []) if isinstance(c.get("source"), str)}:
            where.setdefault(source, []).append(manifest.name)
    return [f"{source}: in {', '.join(names)}" for source, names in sorted(where.items()) if len(names) > 1]


def test_no_thread_is_in_two_groups(tmp_path: Path) -> None:
    assert groups_sharing_a_source(MANIFESTS) == []
    case = '[[case]]\nsource = "https://github.com/o/r/issues/1"\n'
    (tmp_path / "a.toml").write_text(case, encoding="utf-8")
    (tmp_path / "b.toml").write_text(case, encoding="utf-8")
    assert groups_sharing_a_source([tmp_path / "a.toml", tmp_path / "b.toml"]) == [
        "https://github.com/o/r/issues/1: in a.toml, b.toml"
    ]
