"""Known failures as data: each bundled entry explains its real logs; bad data files fail with clear errors.

The bundled entries' fixtures are the real logs under tests/data/real/ they name
(STYLE.md 19); a team's own files go after the bundled ones and are validated alike.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pytest_autoglm_compat.knowledge.failure import Failure
from pytest_autoglm_compat.knowledge.generic.fit import fitted
from pytest_autoglm_compat.knowledge.generic.situation import situation_of
from pytest_autoglm_compat.knowledge.known_failures import KnownFailures, Versions, explain, match
from pytest_autoglm_compat.knowledge.logs import explain_log, read, roots
from pytest_autoglm_compat.knowledge.signatures import (
    DETAILS,
    KnownFailuresError,
    Signature,
    bundled_known_failures,
    load_known_failures,
    parse_known_failures,
)
from test_real_corpus_format import KIND_OF

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

REAL = Path(__file__).parent / "data" / "real"
KNOWN = bundled_known_failures()
#: entries no public log has been collected for yet; the list may only shrink
NO_LOG_YET = {"peft-mapping-peft-too-new", "peft-mapping-peft-too-old", "tied-weights-keys-missing"}


@functools.cache
def manifest_cases() -> dict[str, tuple[str, tuple[str, ...]]]:
    """"group/file.log" -> (the family its thread gives, the other causes it gives: a case's ``also``), read once."""
    found = {}
    for manifest in sorted(REAL.glob("*.toml")):
        for case in tomllib.loads(manifest.read_text(encoding="utf-8")).get("case", []):
            found[f"{manifest.stem}/{case['file']}"] = (case["family"], tuple(case.get("also", ())))
    return found


def manifest_families() -> dict[str, str]:
    return {log: family for log, (family, _) in manifest_cases().items()}


def manifest_also() -> dict[str, tuple[str, ...]]:
    return {log: also for log, (_, also) in manifest_cases().items()}


def first_entry(log: str) -> str | None:
    """The id of the entry behind the first explanation ``explain`` gives for a log (None: none, or the loader's)."""
    text = (REAL / log).read_text(encoding="utf-8", errors="replace")
    found, reading = explain_log(text)
    if not found:
        return None
    matched = match(found[0].failure, reading.versions)
    if matched is None:
        return None
    # the entry found is the one explain_log used (its fix fitted to the machine the log shows)
    assert fitted(matched[1], situation_of(text)) == found[0].hint
    return matched[0].id


@pytest.mark.parametrize("entry", KNOWN, ids=[k.id for k in KNOWN])
def test_each_bundled_entry_explains_the_real_logs_it_names(entry: Signature) -> None:
    families, also = manifest_families(), manifest_also()
    if entry.id in NO_LOG_YET:
        assert entry.logs == (), f"{entry.id} has logs now: take it off NO_LOG_YET"
        return
    assert entry.logs, f"{entry.id}: names no real log under tests/data/real/"
    for log in entry.logs:
        assert log in families, f"{entry.id}: {log} is not a case of the corpus manifests"
        # or the generic kind of the case's family (torch-fbgemm-dll, a binary-mismatch, names extension-dll-load
        # cases: the DLL that failed to load is a binary's), or a family of that kind (chatglm-tokenizer-attr names a
        # case its collector labelled by the kind, remote-code-mismatch: holdout36a's fuzi.mingcha#8), or of a kind
        # the thread's other cause is (all-tied-weights-keys, an api-mismatch, names holdout84a's vllm#42104, remote
        # code whose also is api-mismatch: as the corpus test counts no false claim there)
        assert (entry.family in (families[log], KIND_OF.get(families[log]), *also.get(log, ()))
                or KIND_OF.get(entry.family) in (families[log], *also.get(log, ()))), \
            f"{entry.id}: {log} is a {families[log]} case"
        assert first_entry(log) == entry.id, f"{log} is explained by {first_entry(log)}, not {entry.id}"


def test_no_log_is_named_by_two_entries_and_every_log_a_signature_explains_is_named() -> None:
    named = [log for k in KNOWN for log in k.logs]
    assert len(named) == len(set(named))
    explained = {log: entry for log in manifest_families() if (entry := first_entry(log)) is not None}
    assert explained == {log: k.id for k in KNOWN for log in k.logs}


def test_the_bundled_data_is_read_on_first_use_not_on_import() -> None:
    code = ("import pytest_autoglm_compat.plugin, pytest_autoglm_compat.knowledge.known_failures as k\n"
            "from pytest_autoglm_compat.knowledge.signatures import bundled_known_failures as b\n"
            "assert b.cache_info().currsize == 0\n"
            "assert k.log_distributions() and len(b()) > 20 and b.cache_info().currsize == 1\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_details_are_documented_and_each_is_used() -> None:
    assert all(d.doc for d in DETAILS.values())
    assert {k.detail for k in KNOWN if k.detail} == set(DETAILS)


# --------------------------------------------------------------------------- a team's own file


TEAM = '''
[[failure]]
id = "ours-flash-attn"
family = "ours-flash-attn"
types = ["builtins.ImportError", "log line"]
pattern = 'flash_attn_2_cuda\\.\\S+\\.so: undefined symbol'
when = { flash-attn = ">=2.5" }
cause = "our flash-attn wheels are built against torch 2.3"
fix = "pip install -r requirements/flash.txt"
source = "our wiki, page FlashAttn"
'''


def test_a_teams_file_is_tried_after_the_bundled_entries(tmp_path: Path) -> None:
    team = tmp_path / "ours.toml"
    team.write_text(TEAM)
    known = load_known_failures([team])
    assert known[:len(KNOWN)] == KNOWN
    assert [k.id for k in known[len(KNOWN):]] == ["ours-flash-attn"]
    assert known[-1].file == str(team)
    failure = Failure.from_name("ImportError", "flash_attn_2_cuda.cpython-311-x86_64-linux-gnu.so: undefined symbol: x")
    hint = explain(failure, Versions.installed({"flash-attn": "2.6.3"}, None), known=known)
    assert hint is not None
    assert hint.cause == "our flash-attn wheels are built against torch 2.3"
    bundled_only = explain(failure, Versions.installed({"flash-attn": "2.6.3"}, None))
    assert bundled_only is not None
    assert bundled_only.family == "extension-abi"
    # its version scope names a distribution a log is read for
    found, _ = explain_log("flash-attn 2.6.3\nImportError: flash_attn_2_cuda.abc.so: undefined symbol: _Z", known=known)
    assert [e.hint.family for e in found] == ["ours-flash-attn"]


def test_a_bundled_entry_wins_over_a_teams_entry_for_the_same_failure(tmp_path: Path) -> None:
    team = tmp_path / "ours.toml"
    team.write_text(textwrap.dedent('''
        [[failure]]
        id = "ours-driver"
        family = "ours-driver"
        types = ["builtins.RuntimeError"]
        pattern = "CUDA driver version is insufficient"
        cause = "ours"
        fix = "ours"
        source = "ours"
    '''))
    failure = Failure.from_name("RuntimeError", "CUDA driver version is insufficient for CUDA runtime version")
    explainer = KnownFailures(extra_files=[team])
    hint = explainer.import_error("RuntimeError", failure.message, None, None)
    assert hint is not None
    assert hint.family == "cuda-driver-too-old"
    assert explainer.known[-1].id == "ours-driver"


def test_a_teams_entry_explains_an_import_error_for_the_checks(tmp_path: Path) -> None:
    team = tmp_path / "ours.toml"
    team.write_text(TEAM)
    hint = KnownFailures([team]).import_error("ImportError", "x/flash_attn_2_cuda.so.so: undefined symbol: y",
                                               {"flash-attn": "2.5.0"}, None)
    assert hint is not None
    assert hint.fix == "pip install -r requirements/flash.txt"
    outside = KnownFailures([team]).import_error("ImportError", "x/flash_attn_2_cuda.so.so: undefined symbol: y",
                                                 {"flash-attn": "2.4.0"}, None)
    assert outside is not None
    assert outside.family == "extension-abi"


def test_a_teams_id_may_not_reuse_a_bundled_one(tmp_path: Path) -> None:
    team = tmp_path / "ours.toml"
    team.write_text(TEAM.replace("ours-flash-attn\"\nfamily", "torch-not-cuda\"\nfamily"))
    with pytest.raises(KnownFailuresError) as info:
        load_known_failures([team])
    assert str(info.value) == (f"Invalid known failures {team}: failure[0] (id 'torch-not-cuda'): id: already used "
                               "in known_failures.toml; expected a unique id")


def test_an_unreadable_teams_file_is_a_known_failures_error(tmp_path: Path) -> None:
    missing = tmp_path / "absent.toml"
    with pytest.raises(KnownFailuresError, match=r"^Invalid known failures .*absent\.toml: cannot be read "
                                                 r"\(No such file or directory\)$"):
        KnownFailures([missing]).import_error("ImportError", "x", None, None)
    (tmp_path / "latin.toml").write_bytes(b"# caf\xe9\n")
    with pytest.raises(KnownFailuresError, match="not UTF-8; expected a TOML text file"):
        load_known_failures([tmp_path / "latin.toml"])


def test_the_roots_of_a_teams_scopes_are_read_as_checkouts(tmp_path: Path) -> None:
    team = tmp_path / "ours.toml"
    team.write_text(TEAM.replace("when = {", 'raised_in = ["ourpkg"]\nwhen = {'))
    known = load_known_failures([team])
    assert "ourpkg" in roots(known)
    assert "ourpkg" not in roots()
    log = 'File "/home/me/src/ourpkg/load.py", line 3, in go\nImportError: a_flash_attn_2_cuda.x.so: undefined symbol'
    assert read(log, roots(known)).failures[0].raised_in == "ourpkg.load"


# --------------------------------------------------------------------------- invalid files


GOOD = '''id = "x"
family = "x"
types = ["builtins.RuntimeError"]
pattern = "boom"
cause = "c"
fix = "f"
source = "s"
'''


@pytest.mark.parametrize(("extra", "message"), [
    ('scope = "cuda"\n', "failure[0] (id 'x'): unknown key 'scope'; expected one of: catches, cause, detail, family, "
                         "fix, frames, id, kernels, log_only, logs, pattern, raised_in, requirement, source, torch, "
                         "types, unseen, when"),
    ("frames = '^(cpm'\n", "failure[0] (id 'x'): frames: invalid regular expression '^(cpm' (missing ), unterminated "
                           "subpattern at position 1); expected a Python regular expression"),
    ("raised_in = \"auto_gptq\"\n", "failure[0] (id 'x'): raised_in: expected a list of non-empty strings, got "
                                    "'auto_gptq'"),
    ("log_only = 1\n", "failure[0] (id 'x'): log_only: expected true or false, got 1"),
    ('torch = "gpu"\n', "failure[0] (id 'x'): torch: expected \"cuda\" or \"cpu\", got 'gpu'"),
    ('detail = "importer"\n', "failure[0] (id 'x'): detail: unknown detail 'importer'; expected one of: "
                              "driver-found-version, name-importer, needed-version"),
    ('detail = "driver-found-version"\n', "failure[0] (id 'x'): pattern: detail 'driver-found-version' reads the "
                                          "named group (?P<found>...), which the pattern lacks"),
    ('when = { transformers = ">=5,,1" }\n', "failure[0] (id 'x'): when.transformers: invalid version specifier "
                                             "'>=5,,1'; expected a PEP 440 specifier such as '>=5.0' or '<0.3.0'"),
    ('when = { transformers = 5 }\n', "failure[0] (id 'x'): when.transformers: expected a PEP 440 specifier "
                                      "string such as '>=5.0', got 5"),
    ('when = ">=5"\n', "failure[0] (id 'x'): when: expected a table of distribution = \"specifier\", got '>=5'"),
    ('requirement = ""\n', "failure[0] (id 'x'): requirement: expected a non-empty string, got ''"),
])
def test_an_invalid_entry_names_the_file_entry_key_and_what_was_expected(extra: str, message: str) -> None:
    with pytest.raises(KnownFailuresError) as info:
        parse_known_failures(f"[[failure]]\n{GOOD}{extra}", "team.toml")
    assert str(info.value) == f"Invalid known failures team.toml: {message}"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(("text", "message"), [
    ("[[failure]]\n" + GOOD.replace('pattern = "boom"', "pattern = 'a[b'"),
     "failure[0] (id 'x'): pattern: invalid regular expression 'a[b' (unterminated character set at position 1); "
     "expected a Python regular expression"),
    ("[[failure]]\n" + GOOD.replace('types = ["builtins.RuntimeError"]', 'types = "RuntimeError"'),
     "failure[0] (id 'x'): types: expected a non-empty list of non-empty strings, got 'RuntimeError'"),
    ("[[failure]]\n" + GOOD.replace('types = ["builtins.RuntimeError"]', 'types = ["Runtime Error"]'),
     "failure[0] (id 'x'): types: expected qualified exception class names ('builtins.ImportError') or "
     "'log line', got 'Runtime Error'"),
    ("[[failure]]\n" + GOOD.replace('id = "x"', 'id = "My Id"'),
     "failure[0] (id 'My Id'): id: expected a slug of lowercase letters, digits and '-', got 'My Id'"),
    ("[[failure]]\n" + GOOD.replace('cause = "c"\n', ""), "failure[0] (id 'x'): missing required key 'cause'"),
    ("[[failure]]\n" + GOOD.replace('cause = "c"', 'cause = "{importer} breaks"\ndetail = "name-importer"')
     .replace('fix = "f"', 'fix = "upgrade {who}"'),
     "failure[0] (id 'x'): fix: detail 'name-importer' fills only {importer}; the text has 'who' (write {{ }} for "
     "a literal brace)"),
    ("[[failure]]\n" + GOOD + "[[failure]]\n" + GOOD, "failure[1] (id 'x'): id: already used in this file; "
                                                      "expected a unique id"),
    ("[known]\nx = 1\n", "unknown top-level key 'known'; expected only [[failure]] tables"),
    ("failure = 3\n", "failure: expected an array of tables ([[failure]]), got 3"),
])
def test_an_invalid_file_names_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(KnownFailuresError) as info:
        parse_known_failures(text, "team.toml")
    assert str(info.value) == f"Invalid known failures team.toml: {message}"


def test_a_file_that_is_not_toml_says_so() -> None:
    with pytest.raises(KnownFailuresError, match=r"^Invalid known failures team\.toml: not valid TOML: .*line 1"):
        parse_known_failures("[[failure]\n", "team.toml")


def test_every_problem_in_a_file_is_listed_at_once() -> None:
    text = ("[[failure]]\n" + GOOD.replace('"boom"', "'('") + "torch = 1\n"
            "[[failure]]\n" + GOOD.replace('id = "x"', 'id = "y"').replace('cause = "c"\n', "") + "colour = 'red'\n")
    with pytest.raises(KnownFailuresError) as info:
        parse_known_failures(text, "team.toml")
    assert str(info.value).splitlines() == [
        "Invalid known failures team.toml:",
        "  failure[0] (id 'x'): pattern: invalid regular expression '(' (missing ), unterminated subpattern at "
        "position 0); expected a Python regular expression",
        "  failure[0] (id 'x'): torch: expected \"cuda\" or \"cpu\", got 1",
        "  failure[1] (id 'y'): unknown key 'colour'; expected one of: catches, cause, detail, family, fix, frames, "
        "id, kernels, log_only, logs, pattern, raised_in, requirement, source, torch, types, unseen, when",
        "  failure[1] (id 'y'): missing required key 'cause'",
    ]


def test_a_bundled_entry_must_name_its_logs_and_a_teams_need_not() -> None:
    text = "[[failure]]\n" + GOOD
    assert parse_known_failures(text, "team.toml")[0].logs == ()
    with pytest.raises(KnownFailuresError, match=r"failure\[0\] \(id 'x'\): missing required key 'logs' \(the real "
                                                 r"logs under tests/data/real it explains\)"):
        parse_known_failures(text, "known_failures.toml", bundled=True)
