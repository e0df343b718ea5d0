"""Requirement files as people write them, and listings of installed packages (issue 13, item 3).

The inputs under tests/data/real are real: THUDM's requirement files at several commits, pip
list/freeze/inspect of this repository's legacy stack, and conda list pastes from GitHub (sources in
tests/data/real/README.md).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from hang_guard import within
from pytest_autoglm_compat.checks import requirement_files as rj
from pytest_autoglm_compat.facts.inputs import releases as releases_mod
from pytest_autoglm_compat.facts.inputs import requirement_files as ri
from pytest_autoglm_compat.model import torch_index

REAL = Path(__file__).parent / "data" / "real"
REQS = REAL / "requirements"
INSTALLED = REAL / "installed"
LINUX = {"sys_platform": "linux", "python_version": "3.11", "platform_system": "Linux",
         "python_full_version": "3.11.7", "implementation_name": "cpython", "platform_machine": "x86_64",
         "os_name": "posix", "platform_python_implementation": "CPython"}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300, check=False)


def judgements(path: Path, *extra: str) -> tuple[dict[str, str], int]:
    result = run("check", "--requirements", str(path), "--cpu-only", "--offline", "--format", "json", *extra)
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    return {j["package"]: j["judgement"] for j in data["checked"]["input"]["judgements"]}, result.returncode


G, A, C = rj.GUARANTEED, rj.ALLOWED, rj.CONFLICT


@pytest.mark.parametrize(
    ("name", "torch", "transformers", "accelerate", "exit_code"),
    [
        ("chatglm-6b-2023-03-14.txt", A, A, A, 0),  # transformers>=4.23.1, no torch line
        ("chatglm-6b-2023-04-03.txt", A, C, A, 1),  # transformers==4.27.1, torch>=1.10
        ("chatglm-6b-2023-04-16.txt", A, C, A, 1),  # bare 'accelerate'
        ("chatglm3-2023-12-17.txt", G, A, A, 0),  # torch>=2.1.0, transformers>=4.36.1, accelerate>=0.25.0
        ("chatglm3-2024-02-24.txt", G, A, G, 0),  # accelerate>=0.27.2
        ("chatglm3-2024-05-30.txt", G, C, G, 1),  # transformers==4.40.0
        ("glm-4-2024-06-05.txt", G, C, G, 1),  # transformers==4.40.0
        ("glm-4-2024-11-18.txt", G, A, G, 0),  # transformers>=4.46.2 (5.x admitted)
        ("glm-4-2025-04-15.txt", G, C, G, 1),  # transformers>=4.51.3 against stable's chatglm transformers<4.49
    ],
)
def test_real_glm_requirement_files_are_judged_per_package(name: str, torch: str, transformers: str,
                                                           accelerate: str, exit_code: int) -> None:
    found, code = judgements(REQS / name)
    assert (found["torch"], found["transformers"], found["accelerate"]) == (torch, transformers, accelerate)
    assert found["auto-gptq"] == A  # not in any GLM file: not constrained, not "not installed"
    assert code == exit_code  # only a conflict fails the check by default


def test_every_line_of_the_real_requirement_files_is_read() -> None:
    manifest = [line.split("\t") for line in (REQS / "manifest.tsv").read_text().splitlines()]
    assert {row[1] for row in manifest} == {"THUDM/ChatGLM-6B", "THUDM/ChatGLM3", "THUDM/GLM-4"}
    for row in manifest:
        user = ri.read(REQS / row[0], LINUX)
        assert user.kind in ("requirements", "pinned requirements"), row[0]
        assert user.unreadable == (), row[0]
        assert len(user.entries) >= 3
    glm4 = ri.read(REQS / "glm-4-2025-04-15.txt", LINUX).by_name()
    assert glm4["bitsandbytes"][0].specifier == SpecifierSet(">=0.44.1")  # trailing '# INT4 Loading' comment
    assert "vllm" not in glm4  # '# git+https://github.com/vllm-project/vllm.git For vLLM' is a comment


def test_check_on_a_real_range_file_prints_the_three_judgements() -> None:
    result = run("check", "--requirements", "chatglm-6b-2023-04-16.txt", "--cpu-only", "--offline",
                 cwd=REQS)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[1] == ("checked: requirements chatglm-6b-2023-04-16.txt: Python "
                        f"{'.'.join(map(str, sys.version_info[:3]))} (this interpreter), torch>=1.10 (line 4), "
                        "build not known, GPUs not known from a requirements file")
    for expected in [
        "CONFLICT transformers: found transformers==4.27.1 (chatglm-6b-2023-04-16.txt:2), required "
        "transformers>=4.46.0,<5",
        "  note: no version satisfies both transformers==4.27.1 (chatglm-6b-2023-04-16.txt:2) and "
        "transformers>=4.46.0,<5",
        "  fix: replace transformers on chatglm-6b-2023-04-16.txt:2 with 'transformers>=4.46.0,<5'",
        "ALLOWED torch: found torch>=1.10 (chatglm-6b-2023-04-16.txt:4), required torch>=2.0",
        "  fix: add 'torch>=2.0' to chatglm-6b-2023-04-16.txt:4",
        "ALLOWED accelerate: found accelerate (chatglm-6b-2023-04-16.txt:8), required accelerate>=0.26.0",
        "  fix: add 'accelerate>=0.26.0' to chatglm-6b-2023-04-16.txt:8",
        "ALLOWED peft: found not constrained (not in the file), required peft>=0.5.0,!=0.18.0,<0.19",
        "  fix: add 'peft>=0.5.0,!=0.18.0,<0.19' to chatglm-6b-2023-04-16.txt",
        "packages: 0 guaranteed, 4 allowed but not guaranteed (not a failure without --strict), 1 conflict",
        "violated: 5 met, 1 unmet, 0 unknown, 9 not checked",
    ]:
        assert expected in lines, expected


def test_strict_makes_allowed_but_not_guaranteed_fail() -> None:
    path = REQS / "glm-4-2025-04-15.txt"
    assert judgements(path, "--section", "gptq")[1] == 0  # chatglm's transformers<4.49 conflicts with >=4.51.3
    strict = run("check", "--requirements", str(path), "--cpu-only", "--offline", "--strict", "--section", "gptq")
    assert strict.returncode == 1
    assert ("packages: 2 guaranteed, 3 allowed but not guaranteed (counts as not met: --strict), 0 conflict"
            in strict.stdout.splitlines())


def test_markdown_names_the_judgement() -> None:
    result = run("check", "--requirements", "glm-4-2024-06-05.txt", "--cpu-only", "--offline", "--format",
                 "markdown", cwd=REQS)
    assert result.stdout.splitlines()[0] == "### Contract `stable` on requirements glm-4-2024-06-05.txt"
    assert ("| conflict | transformers | transformers==4.40.0 (glm-4-2024-06-05.txt:3) | transformers>=4.46.0,<5 | "
            "contracts/stable.toml: packages.transformers | replace transformers on glm-4-2024-06-05.txt:3 with "
            "'transformers>=4.46.0,<5' |") in result.stdout
    assert "| guaranteed | torch | torch>=2.3.0 (glm-4-2024-06-05.txt:1) | torch>=2.0 |" in result.stdout


# --------------------------------------------------------------------------- installed state


def test_pip_list_freeze_json_and_inspect_of_one_environment_agree(tmp_path: Path) -> None:
    inspect = tmp_path / "inspect.json"
    inspect.write_bytes(gzip.decompress((INSTALLED / "pip-inspect-autogptq.json.gz").read_bytes()))
    read = {name: ri.read(INSTALLED / name, LINUX) for name in
            ("pip-list-autogptq.txt", "pip-list-autogptq.json", "pip-freeze-autogptq.txt")}
    read["inspect"] = ri.read(inspect, LINUX)
    assert [u.kind for u in read.values()] == ["pip list", "pip list --format=json", "pip freeze",
                                               "pip inspect"]
    versions = [u.exact_versions() for u in read.values()]
    assert versions[0]["torch"] == "2.13.0+cpu"
    assert versions[0]["auto-gptq"] == "0.7.1"
    assert versions[0]["pytest-autoglm-compat"] == "0.1.0"  # the editable row; freeze names it in a comment
    assert versions[0] == versions[1] == versions[3]
    assert {k: v for k, v in versions[0].items() if k not in ("pip", "setuptools")} == versions[2]  # freeze omits
    assert all(u.unreadable == () for u in read.values())
    assert read["inspect"].python == "3.11.7"


def test_a_conda_list_pasted_without_its_header() -> None:
    user = ri.read(INSTALLED / "conda-list-bitsandbytes-89.txt", LINUX)
    assert user.kind == "conda list"
    assert user.unreadable == ()
    torch = [(e.exact, e.note) for e in user.by_name()["torch"]]
    assert torch == [("2.2.2+cu121", "conda channel pytorch, conda name pytorch"), ("2.1.0", "conda channel pypi")]
    assert user.exact_versions()["torch"] == "2.1.0"  # pip installed over the conda package
    assert user.python == "3.11.8"
    assert "pytorch-cuda" in user.by_name()  # a conda metapackage keeps its name
    result = run("check", "--requirements", "conda-list-bitsandbytes-89.txt", "--cpu-only", cwd=INSTALLED)
    assert result.returncode == 1
    assert ("CONFLICT transformers: found 4.40.0.dev0 (conda-list-bitsandbytes-89.txt:237), required "
            "transformers>=4.46.0,<5") in result.stdout.splitlines()
    assert "UNMET auto-gptq: found not installed, required auto-gptq==0.7.1" in result.stdout.splitlines()
    assert ("packages: 3 guaranteed, 0 allowed but not guaranteed (not a failure without --strict), 1 conflict, "
            "1 not installed") in result.stdout.splitlines()


def test_a_conda_list_with_its_header_lines() -> None:
    user = ri.read(INSTALLED / "conda-list-lang2sql.txt", LINUX)
    assert user.kind == "conda list"
    assert user.unreadable == ()
    assert len(user.entries) == 82
    assert user.by_name()["pandas"][0].exact == "2.0.0"
    assert user.python == "3.10.13"


# --------------------------------------------------------------------------- requirement-file syntax


def test_includes_options_hashes_markers_urls_and_editables(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "base.txt").write_text("accelerate>=0.26 ; python_version >= '3.8'\n-c pins.txt\n")
    (tmp_path / "sub" / "pins.txt").write_text("peft<0.19\n")
    top = tmp_path / "requirements.txt"
    top.write_text(
        "--index-url https://download.pytorch.org/whl/cu121\n"
        "--extra-index-url=https://pypi.org/simple\n"
        "-f /opt/wheels\n"
        "-r sub/base.txt\n"
        "transformers[torch]>=4.46,<5 \\\n"
        "    --hash=sha256:0123456789abcdef\n"
        "numpy==1.26.4; sys_platform == 'win32'\n"
        "torch @ https://download.pytorch.org/whl/cu121/torch-2.1.0%2Bcu121-cp311-cp311-linux_x86_64.whl\n"
        "-e git+https://github.com/AutoGPTQ/AutoGPTQ.git@v0.7.1#egg=auto_gptq\n"
        "<<<<<<< HEAD\n"
        "--frobnicate\n"
    )
    user = ri.read(top, LINUX)
    assert user.kind == "requirements"
    assert user.options == ("--index-url https://download.pytorch.org/whl/cu121",
                            "--extra-index-url=https://pypi.org/simple", "-f /opt/wheels")
    names = user.by_name()
    assert names["accelerate"][0].where == f"{tmp_path / 'sub' / 'base.txt'}:1"  # relative to the including file
    assert names["peft"][0].note == "constraint (-c)"
    assert names["peft"][0].where.endswith("sub/pins.txt:1")
    assert names["transformers"][0].specifier == SpecifierSet(">=4.46,<5")
    assert names["transformers"][0].where == f"{top}:5"
    assert "numpy" not in names  # its marker is false on Linux
    assert names["torch"][0].exact == "2.1.0+cu121"  # the wheel's file name carries the version
    assert names["auto-gptq"][0].exact is None
    assert names["auto-gptq"][0].note == "editable, version decided at " \
        "install time"
    assert [str(u) for u in user.unreadable] == [
        # a line that is not a requirement is shown by its first word only, and packaging's message by its
        # first line (its others quote the whole line): issue 21 item 4
        f"{top}:10: <<<<<<< ... (not a requirement: Expected package name at the start of dependency specifier)",
        f"{top}:11: --frobnicate (unknown option --frobnicate)",
    ]
    result = run("check", "--requirements", str(top), "--cpu-only", "--offline")
    assert f"unreadable: {top}:11: --frobnicate (unknown option --frobnicate)" in result.stdout.splitlines()
    assert "ok torch" not in result.stdout  # guaranteed lines are shown with -v only
    assert result.returncode == 0, result.stdout


def test_a_missing_include_is_listed_not_fatal(tmp_path: Path) -> None:
    top = tmp_path / "requirements.txt"
    top.write_text("-r missing.txt\ntorch>=2.0\n")
    user = ri.read(top, LINUX)
    assert [str(u) for u in user.unreadable] == [f"{top}:1: -r missing.txt (no such file)"]


@pytest.mark.parametrize(
    ("user", "contract", "expected", "fix"),
    [
        (">=2.0", ">=2.0", G, None),
        (">=2.1,<2.6", ">=2.0", G, None),
        ("~=4.46.0", ">=4.46.0,<5", G, None),
        ("==4.47.*", ">=4.46.0,<5", G, None),
        (">4.46.0,<=4.57.1", ">=4.46.0,<5", G, None),
        (">=1.10", ">=2.0", A, "add 'x>=2.0' to f:1"),
        (">=4.38.1", ">=4.46.0,<5", A, "add 'x>=4.46.0,<5' to f:1"),
        (">=4.46.2", ">=4.46.0,<5", A, "add 'x<5' to f:1"),
        ("~=4.0", ">=4.46.0,<5", A, "add 'x>=4.46.0' to f:1"),
        ("", ">=0.26.0", A, "add 'x>=0.26.0' to f:1"),
        ("!=0.19.0", "<0.19", A, "add 'x<0.19' to f:1"),
        ("==4.27.1", ">=4.46.0,<5", C, "replace x on f:1 with 'x>=4.46.0,<5'"),
        (">=5", ">=4.46.0,<5", C, "replace x on f:1 with 'x>=4.46.0,<5'"),
        ("<4.46", ">=4.46.0,<5", C, "replace x on f:1 with 'x>=4.46.0,<5'"),
        ("==0.19.*", ">=0.5.0,<0.19", C, "replace x on f:1 with 'x>=0.5.0,<0.19'"),
        ("~=0.19.0", "<0.19", C, "replace x on f:1 with 'x<0.19'"),
    ],
)
def test_set_relations_on_the_specifiers_alone(user: str, contract: str, expected: str, fix: str | None) -> None:
    entry = ri.Entry("x", "f:1", f"x{user}", SpecifierSet(user))
    got = rj.judge("x", SpecifierSet(contract), f"x{contract}", [entry], file="f")
    assert (got.judgement, got.fix) == (expected, fix)


def test_the_release_list_turns_a_gap_between_releases_into_a_conflict() -> None:
    """In principle 0.19.0.1 satisfies both; no such release exists, so on the index it is a conflict."""
    releases = releases_mod.Releases(tuple(Version(v) for v in ["0.18.1", "0.19.0", "0.19.1", "0.20.0"]), source="the index")
    entry = ri.Entry("peft", "f:1", "peft>0.19.0,<0.20", SpecifierSet(">0.19.0,<0.20"))
    contract = SpecifierSet(">=0.5.0,<0.19.1")
    offline = rj.judge("peft", contract, "peft>=0.5.0,!=0.18.0,<0.19.1", [entry], file="f")
    assert (offline.judgement, offline.note) == (A, None)
    online = rj.judge("peft", contract, "peft>=0.5.0,!=0.18.0,<0.19.1", [entry], file="f", releases=releases)
    assert online.judgement == C
    assert online.note == ("no released version (4 on the index) satisfies both peft>0.19.0,<0.20 and "
                           "peft>=0.5.0,!=0.18.0,<0.19.1")
    wide = ri.Entry("peft", "f:1", "peft>=0.5", SpecifierSet(">=0.5"))
    allowed = rj.judge("peft", contract, "peft>=0.5.0,!=0.18.0,<0.19.1", [wide], file="f", releases=releases)
    assert (allowed.judgement, allowed.note) == (A, "admits released versions outside the contract: 0.19.1, "
                                                     "0.20.0 (the index)")


def test_release_lists_come_from_the_configured_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    found = releases_mod.release_lists(["peft"], ())
    if found["peft"].problem is not None:
        pytest.skip(f"no package index reachable here: {found['peft'].problem}")
    # releases for the interpreter running check: peft 0.19 needs Python >= 3.10, so not these
    assert {"0.5.0", "0.13.2"} <= {str(v) for v in found["peft"].versions}
    again = releases_mod.release_lists(["peft"], ())
    assert again["peft"].source == "the index, cached"
    assert again["peft"].versions == found["peft"].versions


def test_a_pip_list_pasted_without_its_header_lines(tmp_path: Path) -> None:
    rows = (INSTALLED / "pip-list-autogptq.txt").read_text().splitlines()[2:]
    pasted = tmp_path / "env.txt"
    pasted.write_text("\n".join(rows) + "\n")
    user = ri.read(pasted, LINUX)
    assert user.kind == "pip list"
    assert user.exact_versions() == ri.read(INSTALLED / "pip-list-autogptq.txt", LINUX).exact_versions()


def test_conda_list_export_rows(tmp_path: Path) -> None:
    """`conda list --export` writes name=version=build; pip-installed rows carry the build pypi_0."""
    export = tmp_path / "env.txt"
    export.write_text("# This file may be used to create an environment using:\n"
                      "# $ conda create --name <env> --file <this file>\n# platform: linux-64\n"
                      "_libgcc_mutex=0.1=main\npytorch=2.0.1=py3.10_cuda11.8_cudnn8.7.0_0\n"
                      "transformers=4.35.2=pypi_0\n")
    user = ri.read(export, LINUX)
    assert user.kind == "conda list"
    assert [(e.name, e.exact, e.note) for e in user.entries][1:] == [
        ("torch", "2.0.1+cu118", "conda channel defaults, conda name pytorch"),
        ("transformers", "4.35.2", "conda channel pypi")]


def test_a_package_the_contract_wants_absent_is_uninstalled_from_an_environment_and_removed_from_a_file(
        tmp_path: Path) -> None:
    listed = run("check", "-c", "latest", "--requirements", str(INSTALLED / "pip-list-autogptq.txt"), "--cpu-only")
    lines = listed.stdout.splitlines()
    at = lines.index(f"CONFLICT auto-gptq: found 0.7.1 ({INSTALLED / 'pip-list-autogptq.txt'}:9), required auto-gptq "
                     "not installed")
    assert "  fix: pip uninstall -y auto-gptq" in lines[at:at + 8]
    file = tmp_path / "requirements.txt"
    file.write_text("auto-gptq>=0.7\n")
    written = run("check", "-c", "latest", "--requirements", str(file), "--cpu-only", "--offline")
    assert f"  fix: remove auto-gptq from {file}:1" in written.stdout.splitlines()


# --------------------------------------------------------------------------- reviewer's defects (issue 13, item 3)


PYPI_TORCH = ["1.13.1", "2.0.0", "2.0.1", "2.1.0", "2.1.2", "2.2.0", "2.2.2", "2.4.0", "2.5.1"]  # no local labels


def test_a_url_or_local_version_pin_is_judged_by_its_own_version(tmp_path: Path) -> None:
    """2.0.1+cu118 lives on PyTorch's index, never on PyPI's release list: it is not intersected with it."""
    file = tmp_path / "t3.txt"
    file.write_text("torch @ https://download.pytorch.org/whl/cu118/torch-2.0.1%2Bcu118-cp311-cp311-linux_x86_64.whl\n"
                    "transformers>=4.46,<4.47\n")
    cache = tmp_path / "cache" / "pytest-autoglm-compat" / "releases"
    cache.mkdir(parents=True)
    key = hashlib.sha256(repr([]).encode()).hexdigest()[:12]  # the file names no index options
    (cache / f"torch-{key}.json").write_text(json.dumps(PYPI_TORCH))
    (cache / f"transformers-{key}.json").write_text(json.dumps(["4.45.2", "4.46.0", "4.46.3", "4.47.0"]))
    result = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "check", "--requirements", str(file),
                             "--cpu-only", "-v"], capture_output=True, text=True, timeout=300, check=False,
                            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    lines = result.stdout.splitlines()
    assert f"ok torch: found 2.0.1+cu118 ({file}:1), required torch>=2.0" in lines
    assert f"ok transformers: found transformers>=4.46,<4.47 ({file}:2), required transformers>=4.46.0,<5" in lines
    assert "packages: 2 guaranteed, 3 allowed but not guaranteed (not a failure without --strict), 0 conflict" in lines
    assert result.returncode == 0
    releases = releases_mod.Releases(tuple(Version(v) for v in PYPI_TORCH), source="the index, cached")
    pin = ri.Entry("torch", "f:1", "torch==2.0.1+cu118", SpecifierSet("==2.0.1+cu118"), exact="2.0.1+cu118")
    assert rj.judge("torch", SpecifierSet(">=2.0"), "torch>=2.0", [pin], file="f", releases=releases).judgement == G
    outside = rj.judge("torch", SpecifierSet(">=2.1"), "torch>=2.1", [pin], file="f", releases=releases)
    assert (outside.judgement, outside.note) == (C, "no version satisfies both torch==2.0.1+cu118 (f:1) and torch>=2.1")


def test_the_files_own_index_options_are_asked_for_releases() -> None:
    user = ri.read(REQS / "chatglm-6b-2023-03-14.txt", LINUX)
    assert releases_mod._index_args(user.options) == []
    assert releases_mod._index_args(("--extra-index-url https://download.pytorch.org/whl/cu118", "-f=./wheels", "--pre")) == [
        "--extra-index-url", "https://download.pytorch.org/whl/cu118", "-f", "./wheels", "--pre"]


def test_a_requirement_file_of_pins_constrains_only_what_it_names() -> None:
    """GLM-4's finetune_demo/requirements.txt is installed on top of basic_demo's: it is not an environment."""
    user = ri.read(REQS / "glm-4-finetune-2024-08-11.txt", LINUX)
    assert (user.kind, user.installed_state, len(user.entries)) == ("pinned requirements", False, 7)
    result = run("check", "--requirements", "glm-4-finetune-2024-08-11.txt", "--cpu-only", "--offline", cwd=REQS)
    lines = result.stdout.splitlines()
    for expected in [
        "ALLOWED accelerate: found not constrained (not in the file), required accelerate>=0.26.0",
        "  fix: add 'accelerate>=0.26.0' to glm-4-finetune-2024-08-11.txt",
        "ALLOWED torch: found not constrained (not in the file), required torch>=2.0",
        "packages: 1 guaranteed, 4 allowed but not guaranteed (not a failure without --strict), 0 conflict",
        "satisfied: 6 met, 0 unmet, 0 unknown, 9 not checked",
    ]:
        assert expected in lines, expected
    assert result.returncode == 0


def test_a_complete_listing_lacking_a_package_is_unmet_not_installed_not_a_conflict(tmp_path: Path) -> None:
    rows = (INSTALLED / "pip-freeze-autogptq.txt").read_text().splitlines()
    freeze = tmp_path / "freeze.txt"
    freeze.write_text("\n".join(r for r in rows if not r.startswith("accelerate==")) + "\n")
    assert ri.read(freeze, LINUX).kind == "pip freeze"
    result = run("check", "--requirements", str(freeze), "--cpu-only")
    lines = result.stdout.splitlines()
    at = lines.index("UNMET accelerate: found not installed, required accelerate>=0.26.0")
    assert "  fix: pip install 'accelerate>=0.26.0'" in lines[at:at + 6]
    assert ("packages: 4 guaranteed, 0 allowed but not guaranteed (not a failure without --strict), 0 conflict, "
            "1 not installed") in lines
    assert result.returncode == 1
    # the same pins in an order pip freeze never writes: a hand-written file, which constrains only what it names
    shuffled = tmp_path / "requirements.txt"
    shuffled.write_text("\n".join(reversed([r for r in rows if not r.startswith("accelerate==")])) + "\n")
    assert ri.read(shuffled, LINUX).kind == "pinned requirements"
    assert judgements(shuffled)[0]["accelerate"] == A
    lock = ri.read(REAL.parent / "requirements-autogptq.txt", LINUX)  # real pip-compile output, header kept
    assert (lock.kind, lock.installed_state) == ("pip-compile lock", True)


def test_the_torch_line_the_extensions_were_built_for_is_part_of_the_torch_requirement() -> None:
    """stable's gptq kernels were built against torch 2.2: `plan` installs 2.2.x, so check judges the file by it."""
    from pytest_autoglm_compat.model.contract import load

    chosen = torch_index.contract_torch_index(load("stable"), ["gptq"])
    assert chosen is not None
    assert (chosen.line, chosen.spec) == ("2.2", SpecifierSet(">=2.2,<2.3"))  # what the fix below asks for
    result = run("check", "--requirements", "glm-4-2024-08-11.txt", "--section", "gptq", "--offline", cwd=REQS)
    lines = result.stdout.splitlines()
    at = lines.index('CONFLICT torch: found torch>=2.4.0 (glm-4-2024-08-11.txt:1), required torch>=2.0 and '
                     'torch>=2.2,<2.3 (built_for_torch = "2.2" of autogptq_cuda_64, autogptq_cuda_256)')
    assert lines[at + 1:at + 3] == [
        "  declared: contracts/stable.toml: sections.gptq.extension[autogptq_cuda_64]",
        '  note: no version satisfies both torch>=2.4.0 (glm-4-2024-08-11.txt:1) and torch>=2.0 and torch>=2.2,<2.3 '
        '(built_for_torch = "2.2" of autogptq_cuda_64, autogptq_cuda_256)']
    assert "  fix: replace torch on glm-4-2024-08-11.txt:1 with 'torch>=2.2,<2.3'" in lines[at:at + 6]
    assert result.returncode == 1
    ranged = run("check", "--requirements", "chatglm3-2024-02-24.txt", "--section", "gptq", "--offline", cwd=REQS)
    assert "  fix: add 'torch>=2.2,<2.3' to chatglm3-2024-02-24.txt:7" in ranged.stdout.splitlines()
    cpu = run("check", "--requirements", "glm-4-2024-08-11.txt", "--section", "gptq", "--offline", "--cpu-only", "-v",
              cwd=REQS)  # the kernels are CUDA-only: without CUDA their torch line does not apply
    assert "ok torch: found torch>=2.4.0 (glm-4-2024-08-11.txt:1), required torch>=2.0" in cpu.stdout.splitlines()


# --------------------------------------------------------------------------- malformed listings (issue 21, item 8)

LONG = ".".join(["1"] * 2000)  # 2,000 release components: 9 s and 195 MB of set relations before they were refused
WIDE = "1" * 40_000  # one component of 40 KB: never finished
TOO_MANY = "a version of 2000 release components; at most 30 are read"
TOO_LONG = "a version of 40000 characters; at most 256 are read"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"installed": [1, 2, 3]}', "installed[0]: expected an object, got int 1"),
        ('{"installed": [{"metadata": [1]}]}', "installed[0].metadata: expected an object, got list [1]"),
        ('{"installed": [{"metadata": {"name": "torch", "version": 2.1}}]}',
         "installed[0].metadata.version: expected a string, got float 2.1"),
        ('{"installed": [{"metadata": {"name": ["torch"], "version": "2.1"}}]}',
         "installed[0].metadata.name: expected a string, got list ['torch']"),
        ('{"installed": [{"metadata": {"name": "torch", "version": "2.1"}}], "environment": []}',
         "environment: expected an object, got list []"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON (nested too deeply)"),
        ('{"installed": ' + "[" * 100_000 + "]" * 100_000 + "}", "not valid JSON (nested too deeply)"),
    ],
    ids=["installed-ints", "metadata-list", "version-float", "name-list", "environment-list", "deep-list",
         "deep-installed"],
)
def test_a_malformed_pip_inspect_or_json_listing_names_the_file_entry_and_key(tmp_path: Path, content: str,
                                                                             message: str) -> None:
    listing = tmp_path / "inspect.json"
    listing.write_text(content)
    with pytest.raises(ri.InputError) as info:
        ri.read(listing, LINUX)
    assert str(info.value) == f"{listing}: {message}"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("requirements.txt", f"numpy==1.26.4\ntorch=={LONG}\n"),
        ("freeze.txt", f"numpy==1.26.4\ntorch=={LONG}\n"),
        ("pip-list.txt", f"Package Version\n------- -------\nnumpy 1.26.4\ntorch {LONG}\n"),
        ("list.json", json.dumps([{"name": "numpy", "version": "1.26.4"}, {"name": "torch", "version": LONG}])),
        ("inspect.json", json.dumps({"installed": [{"metadata": {"name": "numpy", "version": "1.26.4"}},
                                                   {"metadata": {"name": "torch", "version": LONG}}]})),
        ("conda.txt", f"# packages in environment at /opt/conda:\nnumpy 1.26.4 py311_0 defaults\ntorch {LONG} py311_0"
                      " pytorch\n"),
        ("url.txt", f"numpy==1.26.4\ntorch @ https://example.org/torch-{LONG}-py3-none-any.whl\n"),
        ("range.txt", f"numpy==1.26.4\ntorch>={LONG}\n"),
    ],
)
def test_a_version_of_thousands_of_components_is_refused_before_it_is_parsed(tmp_path: Path, name: str,
                                                                            content: str) -> None:
    listing = tmp_path / name
    listing.write_text(content)
    user = ri.read(listing, LINUX)
    assert [e.name for e in user.entries] == ["numpy"]
    assert [u.why for u in user.unreadable] == [TOO_MANY]
    assert all(len(u.text) <= 120 for u in user.unreadable)


def test_a_version_of_40_kb_is_refused_and_check_goes_on(tmp_path: Path) -> None:
    listing = tmp_path / "requirements.txt"
    listing.write_text(f"numpy==1.26.4\ntorch=={WIDE}\nauto-gptq=={LONG}\n")
    assert [u.why for u in ri.read(listing, LINUX).unreadable] == [TOO_LONG, TOO_MANY]
    result = run("check", "--requirements", str(listing), "--cpu-only", "--offline", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    unreadable = json.loads(result.stdout)["checked"]["input"]["unreadable"]
    assert [(u["where"], u["why"]) for u in unreadable] == [(f"{listing}:2", TOO_LONG), (f"{listing}:3", TOO_MANY)]


PYLOCK_HEAD = 'lock-version = "1.0"\ncreated-by = "hand"\n\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[packages]]\nname = "torch"\nversion = 2\n', "packages[0].version (torch): expected a string, got int 2"),
        ('[[packages]]\nname = "numpy"\nversion = "1.26.4"\n\n[[packages]]\nname = "torch"\nversion = "2.5.1"\n'
         'marker = 1\n', "packages[1].marker (torch): expected a string, got int 1"),
        ('[[packages]]\nname = "torch"\nversion = "2.5.1"\nsource = "pypi"\n',
         "packages[0].source (torch): expected a table, got str 'pypi'"),
        ('[[packages]]\nname = 5\nversion = "2.5.1"\n', "packages[0].name: expected a string, got int 5"),
        ("packages = [1, 2]\n", "packages[0]: expected a table, got int 1"),
        ('[[packages]]\nname = "torch"\n\n[[packages.wheels]]\nname = "torch-2.5.1-cp311-none-any.whl"\n',
         "packages[0] (torch): no version, and no vcs, directory or archive source that would explain its absence"),
        (f'[[packages]]\nname = "torch"\nversion = "{LONG}"\n', f"packages[0].version (torch): {TOO_MANY}"),
        (f'[[packages]]\nname = "torch"\nversion = "{WIDE}"\n', f"packages[0].version (torch): {TOO_LONG}"),
        ('[[packages]]\nname = "torch"\nversion = "not a version"\n',
         "packages[0].version (torch): 'not a version' is not a PEP 440 version"),
        ("x = " + "[" * 100_000 + "]" * 100_000 + "\n", "not valid TOML (nested too deeply)"),
        ('[[packages]]\nname = "torch"\nversion = "2.5.1"\nmarker = "not a marker"\n',
         "packages[0] (torch): bad marker (Expected a marker variable or quoted string)"),
    ],
    ids=["version-int", "marker-int", "source-str", "name-int", "entry-int", "no-version", "many-components",
         "40kb", "not-pep440", "deep", "bad-marker-one-line"],
)
def test_a_malformed_pylock_entry_is_reported_not_taken_as_not_installed(tmp_path: Path, body: str,
                                                                         message: str) -> None:
    from pytest_autoglm_compat.facts.inputs import lockfile

    lock = tmp_path / "pylock.toml"
    lock.write_text(PYLOCK_HEAD + body)
    with pytest.raises(lockfile.LockfileError) as info:
        lockfile.read_pins(lock, LINUX)
    assert str(info.value) == f"{lock}: {message}"


def test_a_pylock_entry_built_from_a_source_tree_has_no_version_and_is_no_error(tmp_path: Path) -> None:
    from pytest_autoglm_compat.facts.inputs import lockfile

    lock = tmp_path / "pylock.toml"
    lock.write_text(PYLOCK_HEAD + '[[packages]]\nname = "glm-app"\n\n[packages.directory]\npath = "."\n\n'
                    '[[packages]]\nname = "torch"\nversion = "2.5.1"\n')
    pins = lockfile.read_pins(lock, LINUX)
    assert (dict(pins.packages), pins.unpinned) == ({"torch": "2.5.1"}, ("glm-app",))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("inspect.json", '{"installed": [1, 2, 3]}', "installed[0]: expected an object, got int 1"),
        ("inspect.json", "[" * 100_000 + "]" * 100_000, "not valid JSON (nested too deeply)"),
        ("pylock.toml", PYLOCK_HEAD + '[[packages]]\nname = "torch"\nversion = 2\n',
         "packages[0].version (torch): expected a string, got int 2"),
    ],
    ids=["inspect-ints", "deep-json", "pylock-version-int"],
)
def test_check_exits_2_with_one_line_on_a_malformed_listing(tmp_path: Path, name: str, content: str,
                                                             message: str) -> None:
    listing = tmp_path / name
    listing.write_text(content)
    result = run("check", "--requirements", str(listing), "--cpu-only", "--offline")
    assert (result.returncode, result.stderr) == (2, f"autoglm-compat: error: {listing}: {message}\n")


def test_a_named_pipe_nothing_writes_to_is_an_error_not_a_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pytest_autoglm_compat.facts.inputs import bounded

    monkeypatch.setattr(bounded, "PIPE_WAIT", 0.5)
    fifo = tmp_path / "requirements.txt"
    os.mkfifo(fifo)
    with pytest.raises(ri.InputError) as info:
        within(60, ri.read, fifo, LINUX)
    assert str(info.value) == (f"{fifo}: a named pipe that nothing wrote to within 0.5 s, expected a requirements "
                               "file or a package listing")
    lock = tmp_path / "pylock.toml"
    os.mkfifo(lock)
    from pytest_autoglm_compat.facts.inputs import lockfile

    with pytest.raises(lockfile.LockfileError) as lock_info:
        within(60, lockfile.read_pins, lock, LINUX)
    assert str(lock_info.value) == (f"{lock}: a named pipe that nothing wrote to within 0.5 s, expected a "
                                    "requirements or lock file")


def test_a_pipe_written_to_is_read_as_process_substitution_hands_it(tmp_path: Path) -> None:
    """`check --requirements <(pip freeze)`: the file is a pipe whose writer is already there."""
    import threading

    fifo = tmp_path / "freeze"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "w") as out:
            out.write("numpy==1.26.4\ntorch==2.5.1\n")

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    user = within(60, ri.read, fifo, LINUX)
    assert user.exact_versions() == {"numpy": "1.26.4", "torch": "2.5.1"}


def test_a_device_or_a_file_over_64_mib_is_refused_unread(tmp_path: Path) -> None:
    with pytest.raises(ri.InputError) as info:
        within(60, ri.read, Path("/dev/zero"), LINUX)
    assert str(info.value) == "/dev/zero: is a device, expected a requirements file or a package listing"
    sparse = tmp_path / "huge.txt"
    with open(sparse, "wb") as out:
        out.truncate(65 * 1024 * 1024)
    with pytest.raises(ri.InputError) as info:
        within(60, ri.read, sparse, LINUX)
    assert str(info.value) == (f"{sparse}: 68157440 bytes, larger than the 64 MiB read of a requirements file or a "
                               "package listing")


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                   max_size=4), max_leaves=12)
_METADATA = st.fixed_dictionaries({}, optional={"name": _JSON | st.sampled_from(["torch", "numpy"]),
                                                "version": _JSON | st.sampled_from(["2.5.1", "1!2.0+cu121", LONG])})
_INSTALLED = st.lists(_JSON | st.fixed_dictionaries({}, optional={"metadata": _JSON | _METADATA}), max_size=4)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.one_of(_JSON, st.lists(_JSON | _METADATA, max_size=4),
                          st.fixed_dictionaries({"installed": _INSTALLED}, optional={"environment": _JSON})))
def test_any_json_listing_is_read_or_refused_with_input_error(tmp_path: Path, document: object) -> None:
    listing = tmp_path / "listing.json"
    listing.write_text(json.dumps(document))
    try:
        user = ri.read(listing, LINUX)
    except ri.InputError as exc:
        message = str(exc)
    else:
        message = f"{listing}: read"
        assert all(len(u.text) <= 120 for u in user.unreadable)
    assert message.startswith(f"{listing}: ")
    assert "\n" not in message


_TOML_VALUE = st.one_of(st.integers(), st.text(max_size=10), st.booleans(), st.lists(st.integers(), max_size=3),
                        st.dictionaries(st.sampled_from(["path", "url", "editable"]), st.text(max_size=5), max_size=2))
_PYLOCK_ENTRY = st.fixed_dictionaries({}, optional={
    "name": _TOML_VALUE | st.sampled_from(["torch", "numpy"]),
    "version": _TOML_VALUE | st.sampled_from(["2.5.1", "2.5.1+cu121", LONG, "not a version"]),
    "marker": st.sampled_from(["python_version >= '3'", "os_name == 'nt'", "not a marker"]) | _TOML_VALUE,
    "source": _TOML_VALUE, "directory": _TOML_VALUE, "wheels": st.lists(st.dictionaries(st.just("name"),
                                                                                          st.text(max_size=5)))})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(_PYLOCK_ENTRY | _TOML_VALUE, max_size=4))
def test_any_pylock_entries_are_read_or_refused_with_lockfile_error(tmp_path: Path, entries: list[object]) -> None:
    import tomli_w

    from pytest_autoglm_compat.facts.inputs import lockfile

    lock = tmp_path / "pylock.toml"
    lock.write_text(tomli_w.dumps({"lock-version": "1.0", "packages": entries}))
    try:
        pins = lockfile.read_pins(lock, LINUX)
    except lockfile.LockfileError as exc:
        message = str(exc)
    else:
        message = f"{lock}: read"
        assert all(isinstance(v, str) and ri.version_problem(v) is None for v in pins.packages.values())
    assert message.startswith(f"{lock}: ")
    assert "\n" not in message


# ------------------------------------------------------------------ issue 21 items 4 and 7: hostile files

SECRET_NETRC = "machine pypi.example login alice password NetrcS3cret\n"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_a_file_that_is_not_ours_to_show_is_never_quoted(tmp_path: Path, fmt: str) -> None:
    """`-r ~/.netrc` printed the password in every format, `-r /etc/passwd` all its lines."""
    (tmp_path / "netrc").write_text(SECRET_NETRC)
    (tmp_path / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n")
    (tmp_path / "req.txt").write_text("packaging>=20\n-r netrc\n-r passwd\n"
                                      "token hf_TypedByMistake0123 https://u:UrlS3cret@host/simple\n")
    done = run("check", "-c", "base", "--requirements", str(tmp_path / "req.txt"), "--cpu-only", "--format", fmt,
               cwd=tmp_path)
    everything = done.stdout + done.stderr
    for secret in ("NetrcS3cret", "root:x", "alice:x", "hf_TypedByMistake0123", "UrlS3cret"):
        assert secret not in everything, (secret, fmt)
    if fmt == "text":
        lines = [line for line in done.stdout.splitlines() if line.startswith("unreadable:")]
        assert lines[:2] == [
            f"unreadable: {tmp_path / 'req.txt'}:2: -r netrc (not a requirements file: none of its 1 line(s) is "
            "a requirement (not shown))",
            f"unreadable: {tmp_path / 'req.txt'}:3: -r passwd (not a requirements file: none of its 2 line(s) is "
            "a requirement (not shown))",
        ]
        # the rest is packaging's own first line, which differs between its releases
        assert lines[2].startswith(f"unreadable: {tmp_path / 'req.txt'}:4: token ... (not a requirement: ")


def test_a_file_with_no_requirement_in_it_is_refused_without_quoting_it(tmp_path: Path) -> None:
    (tmp_path / "netrc").write_text(SECRET_NETRC)
    done = run("check", "--requirements", str(tmp_path / "netrc"), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"autoglm-compat: error: {tmp_path / 'netrc'}: nothing readable as requirements "
                                  f"(1 unreadable line(s), not shown; first: {tmp_path / 'netrc'}:1: not a "
                                  "requirement: ")  # then packaging's own first line
    assert "NetrcS3cret" not in done.stderr


def test_includes_nested_past_the_limit_are_named_not_a_recursion_error(tmp_path: Path) -> None:
    for n in range(1500):
        (tmp_path / f"r{n}.txt").write_text(f"-r r{n + 1}.txt\npackaging>=20\n" if n < 1499 else "packaging>=20\n")
    user = ri.read(tmp_path / "r0.txt", {})
    assert len(user.entries) == ri.MAX_INCLUDE_DEPTH + 1
    (bad,) = user.unreadable
    assert (bad.where, bad.text, bad.why) == (
        f"{tmp_path / f'r{ri.MAX_INCLUDE_DEPTH}.txt'}:1", f"-r r{ri.MAX_INCLUDE_DEPTH + 1}.txt",
        f"includes nested deeper than {ri.MAX_INCLUDE_DEPTH} files")


def test_diamond_includes_read_each_file_once(tmp_path: Path) -> None:
    """46 files, each including the next two twice over: read exponentially often before (killed at 120 s)."""
    for n in range(46):
        (tmp_path / f"d{n}.txt").write_text(f"-r d{n + 1}.txt\n-r d{n + 2}.txt\npackaging>=20\n" if n < 44
                                           else "packaging>=20\n")
    done = run("check", "-c", "base", "--requirements", str(tmp_path / "d0.txt"), "--cpu-only", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr


def test_an_include_through_a_symlink_loop_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "req.txt").write_text("packaging>=20\n-r a.txt\n")
    user = ri.read(tmp_path / "req.txt", {})
    assert [e.name for e in user.entries] == ["packaging"]
    assert [(u.text, u.why) for u in user.unreadable] == [("-r a.txt", "a symlink loop")]


def test_a_pin_to_a_version_the_index_never_had_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """issue 22: torch==1.31.1 (a real requirements file's typo for 1.13.1) was judged like any other pin."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if releases_mod.release_lists(["torch"], ())["torch"].problem is not None:
        pytest.skip("no package index reachable here")
    path = tmp_path / "requirements.txt"
    path.write_text("torch==1.31.1\ntransformers==4.46.3\n")
    lines = run("check", "-c", "stable", "--requirements", str(path), "--cpu-only").stdout.splitlines()
    at = lines.index(f"CONFLICT torch: found torch==1.31.1 ({path}:1): no release 1.31.1 on the index, "
                     "required torch>=2.0")
    # the two releases on each side of 1.31.1 that this interpreter can install (cp39 has 1.13.x, cp312 starts at 2.2)
    from packaging.version import Version

    ordered = sorted(releases_mod.release_lists(["torch"], ())["torch"].versions)
    after = next(i for i, v in enumerate(ordered) if v > Version("1.31.1"))
    near = ", ".join(str(v) for v in ordered[max(0, after - 2):after + 2])
    assert lines[at + 4] == f"  fix: replace torch==1.31.1 on {path}:1 with a release (nearest: {near})"
    assert not any(line.startswith("CONFLICT transformers") for line in lines)  # a real release is judged as before
