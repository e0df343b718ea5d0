"""--autoglm-freeze and `autoglm-compat freeze`: a passing run becomes a contract that holds where it came from.

The suites run in a fresh interpreter (runpytest_subprocess): what a run imported is read from
sys.modules, which an in-process run shares with this test session. The "other environment" is
a real, different release of a small package (tomli 2.4.0 against 2.4.1, installed by pip into
a directory put first on PYTHONPATH), so that `check` sees real metadata of both.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_autoglm_compat import cli
from pytest_autoglm_compat.facts.probe import Gpu, Snapshot, take_snapshot
from pytest_autoglm_compat.facts.probe.packages import TorchBuild
from pytest_autoglm_compat.model import contract as contract_mod
from pytest_autoglm_compat.model.settings import FREEZE_POLICIES
from pytest_autoglm_compat.model.values import spec_text
from pytest_autoglm_compat.tools import freeze
from pytest_autoglm_compat.tools.freeze.contract import importer_text

# Before Python 3.11 pytest imports tomli itself (its config reader) before any test: only the
# suite's source names it then, no test is its first importer.
TOMLI_TEST = ["test:test_suite.py::test_reads_toml"] if sys.version_info >= (3, 11) else []
TOMLI_BY = "imported by test_suite.py::test_reads_toml" if TOMLI_TEST else "imported in test_suite.py"

SUITE = """
    import packaging.version


    def test_parses():
        assert packaging.version.Version("1.0")


    def test_reads_toml():
        import tomli
        assert tomli.loads("a = 1") == {"a": 1}


    def test_plain():
        pass
"""


@pytest.fixture(scope="session")
def tomli_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two real releases of tomli, each in its own directory (pip install --target)."""
    out = {}
    for version in ("2.4.1", "2.4.0"):
        target = tmp_path_factory.mktemp(f"tomli-{version}")
        proc = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                               f"tomli=={version}"], capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            pytest.skip(f"pip could not install tomli=={version}: {proc.stderr.strip()[-300:]}")
        out[version] = target
    return out


def _use(monkeypatch: pytest.MonkeyPatch, site: Path) -> None:
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))


def _check(contract: Path, site: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, "-m", "pytest_autoglm_compat.cli", "check", "--contract", str(contract)],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def _requirements(path: Path) -> dict[str, object]:
    """What a contract asks, without its reasons and header (which name the run and its tests)."""
    contract = contract_mod.load(str(path))
    return {
        "packages": {p.name: spec_text(p.specifier) for p in contract.core.packages},
        "api": sorted((a.target, a.kind) for a in contract.core.apis),
        "cuda": contract.core.cuda is not None,
    }


# --------------------------------------------------------------------------- ranges, texts


@pytest.mark.parametrize(("version", "policy", "expected"), [
    ("4.46.3", "minor", ">=4.46.3,<4.47"),
    ("4.46.3", "exact", "==4.46.3"),
    ("4.46.3", "major", ">=4.46.3,<5"),
    ("2.5.1+cu121", "minor", ">=2.5.1,<2.6"),
    ("2.5.1+cu121", "exact", "==2.5.1"),
    ("0.13.2", "major", ">=0.13.2,<1"),
    ("7", "minor", ">=7,<7.1"),
    ("2026.10.19.post1", "minor", ">=2026.10.19.post1,<2026.11"),
    ("5.0.0rc1", "minor", ">=5.0.0rc1,<5.1"),
    ("1!2.0", "major", ">=1!2.0,<1!3"),
    ("banana", "minor", "===banana"),
])
def test_a_version_becomes_the_range_its_policy_admits(version: str, policy: str, expected: str) -> None:
    assert freeze.version_range(version, policy) == expected


def test_every_range_is_a_specifier_the_contract_loader_accepts(tmp_path: Path) -> None:
    for version in ("4.46.3", "2.5.1+cu121", "7", "2026.10.19.post1", "5.0.0rc1", "1!2.0"):
        for policy in FREEZE_POLICIES:
            path = tmp_path / "c.toml"
            path.write_text(f'name = "x"\n[packages.x]\nspec = "{freeze.version_range(version, policy)}"\n')
            contract_mod.load(str(path))


@pytest.mark.parametrize(("by", "expected"), [
    (["collect:tests/test_glm.py"], "imported at collection by tests/test_glm.py (12 tests)"),
    (["collection"], "imported at collection"),
    (["collection", "source:tests/conftest.py"], "imported in tests/conftest.py"),
    (["test:t.py::a", "test:t.py::b", "test:t.py::c", "test:t.py::d", "source:t.py"],
     "imported by t.py::a, t.py::b, t.py::c and 1 more"),
    (["collect:tests/test_glm.py", "source:tests/test_glm.py", "test:tests/test_x.py::t"],
     "imported at collection by tests/test_glm.py (12 tests); imported by tests/test_x.py::t"),
    (["collect:one.py"], "imported at collection by one.py (1 test)"),
])
def test_a_reason_says_who_imported_it(by: list[str], expected: str) -> None:
    assert importer_text(by, {"tests/test_glm.py": 12, "one.py": 1}) == expected


@pytest.mark.parametrize(("run", "expected"), [
    ({"counts": {"passed": 3, "skipped": 1, "xfailed": 1}, "exit_status": 0}, None),
    ({"counts": {"passed": 3, "failed": 2}, "exit_status": 1}, "2 failed in this run"),
    ({"counts": {"failed": 1, "error": 1}, "exit_status": 1}, "1 failed and 1 error in this run"),
    ({"counts": {"error": 2}, "exit_status": 1}, "2 errors in this run"),
    ({"counts": {}, "exit_status": 5}, "no test ran"),
    ({"counts": {}, "exit_status": 0}, "no test ran"),
    ({"counts": {"skipped": 4}, "exit_status": 0}, "no test ran"),
    ({"counts": {"xfailed": 1}, "exit_status": 0}, None),
    ({"counts": {"passed": 1}, "exit_status": 2}, "the run was interrupted"),
    ({"counts": {"passed": 1}, "exit_status": 7}, "the run ended with exit status 7"),
])
def test_only_a_run_in_which_nothing_failed_is_frozen(run: dict[str, object], expected: str | None) -> None:
    assert freeze.not_frozen_reason(run) == expected


def test_cuda_is_frozen_when_torch_used_it_on_the_gpus_the_snapshot_saw(tmp_path: Path) -> None:
    here = take_snapshot()
    snap = dataclasses.replace(
        here,
        torch=TorchBuild("2.5.1+cu121", "12.1", None, None, "/x/torch"),
        driver="550.54.15",
        gpus=(Gpu(0, "NVIDIA A100-SXM4-40GB", "GPU-0", "8.0", 40960 * 2**20),
              Gpu(1, "NVIDIA H100 80GB HBM3", "GPU-1", "9.0", 81559 * 2**20)),
        gpu_source="nvidia-smi", gpu_problem=None,
    )
    data = {"distributions": {"torch": {"version": "2.5.1+cu121", "by": ["collection"]}}, "api": {},
            "api_markers": [], "cuda_used": True,
            "run": {"created": "2026-01-01T00:00:00+00:00", "rootdir": "/x/proj", "counts": {"passed": 1}}}
    text = freeze.contract_text(data, snap.to_json(), "minor")
    assert ('[cuda]\nruntime = ">=12.1,<12.2"\ncapability = ">=8.0"\nreason = "torch 2.5.1+cu121 (CUDA 12.1) ran on '
            '1x NVIDIA A100-SXM4-40GB sm_80, 1x NVIDIA H100 80GB HBM3 sm_90, driver 550.54.15"') in text
    assert '[packages."torch"]\nspec = ">=2.5.1,<2.6"\n' in text
    path = tmp_path / "c.toml"
    path.write_text(text)
    assert contract_mod.load(str(path)).core.cuda is not None
    # the run did not initialise CUDA (a CPU test on a GPU machine): no [cuda]
    assert "[cuda]" not in freeze.contract_text({**data, "cuda_used": False}, snap.to_json(), "minor")


# --------------------------------------------------------------------------- real runs


def test_a_passing_run_is_frozen_and_the_contract_holds_here_and_names_what_changed_elsewhere(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tomli_dirs: dict[str, Path]) -> None:
    _use(monkeypatch, tomli_dirs["2.4.1"])
    pytester.makepyfile(test_suite=SUITE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-freeze=frozen.toml")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["autoglm-compat: froze 2 distribution(s) and 0 API surface(s) into frozen.toml "
                                 "(policy minor)"])
    path = pytester.path / "frozen.toml"
    text = path.read_text()
    assert text.startswith("# Frozen by pytest-autoglm-compat ")
    assert f"# rootdir: {pytester.path}\n" in text
    assert "# tests: 3 passed\n" in text
    assert f'[packages."tomli"]\nspec = ">=2.4.1,<2.5"\nreason = "{TOMLI_BY}; tomli 2.4.1 was installed"\n' in text
    packaging_version = __import__("packaging").__version__
    # pytest's own plugins load packaging before any conftest: the suite's source names it
    assert (f'[packages."packaging"]\nspec = "{freeze.version_range(packaging_version, "minor")}"\nreason = '
            f'"imported in test_suite.py; packaging {packaging_version} was installed"') in text
    assert _requirements(path)["packages"] == {
        "packaging": freeze.version_range(packaging_version, "minor"), "tomli": ">=2.4.1,<2.5"}
    lint = cli.main(["contracts", "lint", str(path)])
    assert lint == 0
    same = _check(path, tomli_dirs["2.4.1"], pytester.path)
    assert same.returncode == 0, same.stdout + same.stderr
    assert "satisfied: 2 met, 0 unmet, 0 unknown" in same.stdout
    other = _check(path, tomli_dirs["2.4.0"], pytester.path)
    assert other.returncode == 1, other.stdout + other.stderr
    assert "UNMET tomli: found 2.4.0, required tomli>=2.4.1,<2.5\n" in other.stdout
    assert "violated: 1 met, 1 unmet, 0 unknown" in other.stdout


def test_under_xdist_the_workers_imports_make_the_same_contract(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tomli_dirs: dict[str, Path]) -> None:
    _use(monkeypatch, tomli_dirs["2.4.1"])
    pytester.makepyfile(test_suite=SUITE, test_more="def test_a():\n    pass\n\ndef test_b():\n    pass\n")
    plain = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist", "--autoglm-freeze=plain.toml")
    plain.assert_outcomes(passed=5)
    spread = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2", "--autoglm-freeze=spread.toml")
    spread.assert_outcomes(passed=5)
    spread.stdout.fnmatch_lines(["autoglm-compat: froze 2 distribution(s) and 0 API surface(s) into spread.toml "
                                 "(policy minor)"])
    assert _requirements(pytester.path / "spread.toml") == _requirements(pytester.path / "plain.toml")
    assert "tomli" in _requirements(pytester.path / "spread.toml")["packages"]  # type: ignore[operator]


def test_the_report_records_what_the_freeze_needs_and_freezes_to_the_same_contract(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tomli_dirs: dict[str, Path]) -> None:
    _use(monkeypatch, tomli_dirs["2.4.1"])
    pytester.makepyfile(test_suite=SUITE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-freeze=live.toml",
                                           "--autoglm-freeze-policy=exact", "--autoglm-report=report.json")
    result.assert_outcomes(passed=3)
    report = json.loads((pytester.path / "report.json").read_text())
    recorded = report["freeze"]
    assert recorded["distributions"]["tomli"] == {
        "version": "2.4.1", "by": ["source:test_suite.py", *TOMLI_TEST], "direct": True}
    assert recorded["run"]["counts"] == {"passed": 3}
    assert recorded["run"]["tests_per_file"] == {"test_suite.py": 3}
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parents[1] / "docs" / "report.schema.json").read_text())
    jsonschema.validate(report, schema)
    out = pytester.path / "from-report.toml"
    assert cli.main(["freeze", "--from-report", str(pytester.path / "report.json"), "-o", str(out)]) == 0
    assert out.read_text() == (pytester.path / "live.toml").read_text()
    assert '[packages."tomli"]\nspec = "==2.4.1"\n' in out.read_text()
    # another policy from the same report
    major = pytester.path / "major.toml"
    assert cli.main(["freeze", "--from-report", str(pytester.path / "report.json"), "--policy", "major",
                     "-o", str(major)]) == 0
    assert '[packages."tomli"]\nspec = ">=2.4.1,<3"\n' in major.read_text()


def test_a_failing_run_writes_no_contract_and_says_why(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_suite="""
        import pytest

        def test_ok():
            pass

        def test_bad():
            assert False

        @pytest.mark.xfail(reason="known")
        def test_known():
            assert False
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-freeze=frozen.toml",
                                           "--autoglm-report=report.json")
    result.assert_outcomes(passed=1, failed=1, xfailed=1)
    result.stdout.fnmatch_lines(["autoglm-compat: no contract written to frozen.toml: 1 failed in this run"])
    assert not (pytester.path / "frozen.toml").exists()
    code = cli.main(["freeze", "--from-report", str(pytester.path / "report.json"), "-o", "x.toml"])
    assert code == 1
    assert not (pytester.path / "x.toml").exists()


def test_skips_and_xfails_do_not_stop_a_freeze(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_suite="""
        import pytest

        def test_ok():
            pass

        @pytest.mark.skip(reason="not here")
        def test_skipped():
            pass

        @pytest.mark.xfail(reason="known")
        def test_known():
            assert False
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-freeze=frozen.toml")
    result.assert_outcomes(passed=1, skipped=1, xfailed=1)
    result.stdout.fnmatch_lines(["autoglm-compat: froze 0 distribution(s) and 0 API surface(s) into frozen.toml "
                                 "(policy minor)"])
    assert "# tests: 1 passed, 1 skipped, 1 xfailed\n" in (pytester.path / "frozen.toml").read_text()
    assert cli.main(["contracts", "lint", str(pytester.path / "frozen.toml")]) == 0


def test_collect_only_writes_no_contract(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_suite="def test_ok():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--collect-only", "--autoglm-freeze=f.toml")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["autoglm-compat: no contract written to f.toml: no test ran"])
    assert not (pytester.path / "f.toml").exists()


def test_a_requires_api_marker_that_held_is_frozen_with_the_kind_found(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_suite="""
        import pytest

        @pytest.mark.requires_api("packaging.version:Version", kind="callable")
        def test_version():
            pass
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-freeze=frozen.toml")
    result.assert_outcomes(passed=1)
    text = (pytester.path / "frozen.toml").read_text()
    assert ('[[api]]\ntarget = "packaging.version:Version"\nkind = "class"\n'
            'reason = "requires_api held (a class) for test_suite.py::test_version"\n') in text
    result.stdout.fnmatch_lines(["autoglm-compat: froze * distribution(s) and 1 API surface(s) into frozen.toml *"])


def test_the_ini_key_freezes_too(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nautoglm_freeze = from-ini.toml\nautoglm_freeze_policy = major\n")
    pytester.makepyfile(test_suite="import tomli_w\n\ndef test_ok():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["autoglm-compat: froze 1 distribution(s) and 0 API surface(s) into from-ini.toml "
                                 "(policy major)"])
    assert "<2\"\n" in (pytester.path / "from-ini.toml").read_text()  # tomli-w 1.x, major policy


def test_a_bad_freeze_policy_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_ok():\n    pass\n")
    result = pytester.runpytest("--autoglm-freeze=f.toml", "--autoglm-freeze-policy=patch")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --autoglm-freeze-policy: invalid freeze policy 'patch'; "
                                 "expected one of exact, minor, major"])


def test_without_freeze_or_report_nothing_records_imports(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("""
        import sys

        def pytest_sessionfinish(session):
            pm = session.config.pluginmanager
            watching = any(type(f).__name__ == "ImportWatcher" for f in sys.meta_path)
            print("registered:", pm.get_plugin("autoglm-freeze") is not None, pm.get_plugin("autoglm-session") is not None,
                  watching)
    """)
    pytester.makepyfile("def test_ok():\n    pass\n")
    result = pytester.runpytest("-s")
    result.stdout.fnmatch_lines(["*registered: False False False"])
    watched = pytester.runpytest("-s", "--autoglm-freeze=f.toml")
    watched.stdout.fnmatch_lines(["*registered: True True True"])
    assert not any(type(f).__name__ == "ImportWatcher" for f in sys.meta_path)  # removed at unconfigure


def test_a_report_without_a_freeze_record_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "r.json"  # a real report, of a version before the freeze record
    report.write_text((Path(__file__).parent / "data" / "report-example.json").read_text())
    assert cli.main(["freeze", "--from-report", str(report)]) == 2
    assert capsys.readouterr().err == (
        f"autoglm-compat: error: {report}: the report has no 'freeze' record (written by a version before 0.2, "
        "or by 'autoglm-compat check'); run pytest --autoglm-report again\n")


def test_the_snapshot_of_the_contract_header_round_trips() -> None:
    """The header's 'where' line comes from the snapshot JSON the report keeps."""
    snap = take_snapshot()
    text = freeze.contract_text({"run": {"rootdir": "/p"}}, snap.to_json(), "minor")
    assert f"# where: Python {snap.python} on {snap.platform} {snap.machine}; {snap.torch_summary}; " \
           f"{snap.gpu_summary}\n" in text
    assert Snapshot.from_json(snap.to_json()) == snap


def _dist(site: Path, name: str, version: str, files: dict[str, str]) -> None:
    """A distribution laid out as pip installs it: the files, and a dist-info whose RECORD lists them."""
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)
    record = [f"{rel},," for rel in files] + [f"{info.name}/METADATA,,", f"{info.name}/RECORD,,"]
    (info / "RECORD").write_text("\n".join(record) + "\n")


def test_a_namespace_package_shared_by_two_distributions_is_resolved_by_file(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _dist(site, "nsdemo-alpha", "1.2.3", {"nsdemo/alpha/__init__.py": "X = 1\n"})
    _dist(site, "nsdemo-beta", "0.4.0", {"nsdemo/beta/__init__.py": "Y = 2\n"})
    _dist(site, "nsdemo-unused", "9.0", {"nsdemo/unused/__init__.py": ""})
    _use(monkeypatch, site)
    pytester.makepyfile(test_suite="import nsdemo.alpha\nimport nsdemo.beta\n\ndef test_ok():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-freeze=frozen.toml")
    result.assert_outcomes(passed=1)
    assert _requirements(pytester.path / "frozen.toml")["packages"] == {
        "nsdemo-alpha": ">=1.2.3,<1.3", "nsdemo-beta": ">=0.4.0,<0.5"}


def test_the_freeze_never_imports_torch(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    """torch is installed (a CUDA build) but the suite does not import it: it is not frozen, and
    the freeze does not import it to find out (this torch raises on import)."""
    from conftest import write_fake_torch

    site = write_fake_torch(tmp_path / "site", "2.5.1+cu121", "12.1")
    _use(monkeypatch, site)
    pytester.makepyfile(test_suite="def test_ok():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-freeze=frozen.toml")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["autoglm-compat: froze 0 distribution(s) and 0 API surface(s) into frozen.toml "
                                 "(policy minor)"])
    result.stdout.no_fnmatch_line("*could not*")
    text = (pytester.path / "frozen.toml").read_text()
    assert "torch 2.5.1+cu121 (CUDA 12.1)" in text  # the header's snapshot read torch's version.py
    assert "[cuda]" not in text


# --------------------------------------------------------------------------- direct, transitive, the plugin's own


def _version(name: str) -> str:
    from importlib import metadata

    return metadata.version(name)


# Before Python 3.11 the runner's own startup has imported typing_extensions already, and from 3.13
# referencing no longer needs it (typing-extensions; python_version < "3.13"): not the run's import then
THROUGH_JSONSCHEMA = ("attrs", "jsonschema-specifications", "referencing", "rpds-py",
                      *(("typing-extensions",) if (3, 11) <= sys.version_info < (3, 13) else ()))


def test_only_what_the_suite_imports_itself_is_frozen_and_the_rest_is_listed(pytester: pytest.Pytester) -> None:
    """jsonschema imports attrs, referencing, rpds-py, jsonschema-specifications, typing-extensions:
    the suite does not."""
    pytester.makepyfile(test_suite="""
        import jsonschema

        def test_validates():
            jsonschema.validate(1, {"type": "integer"})
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-freeze=frozen.toml")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["autoglm-compat: froze 1 distribution(s) and 0 API surface(s) into frozen.toml "
                                 f"(policy minor); {len(THROUGH_JSONSCHEMA)} imported only through them listed as "
                                 "comments (--autoglm-freeze-deps=all freezes them)"])
    path = pytester.path / "frozen.toml"
    text = path.read_text()
    js = _version("jsonschema")
    spec = freeze.version_range(js, "minor")
    assert (f'[packages."jsonschema"]\nspec = "{spec}"\nreason = "imported at collection by test_suite.py (1 test); '
            f'jsonschema {js} was installed"\nfix = "pip install \'jsonschema{spec}\'"\n') in text
    through = [f"{n} {_version(n)}" for n in THROUGH_JSONSCHEMA]
    _, listed = text.split("\n# Not frozen: ")
    assert listed.startswith(f"{len(THROUGH_JSONSCHEMA)} distribution(s) the run imported only through the ones "
                             "above (their own\n"
                             "# requirements pin them; --autoglm-freeze-deps=all freezes them too):\n#   ")
    lines = listed.splitlines()[2:]
    assert all(line.startswith("#   ") and len(line) <= 100 for line in lines)
    assert " ".join(line[4:] for line in lines) == ", ".join(through)
    assert _requirements(path)["packages"] == {"jsonschema": spec}
    assert cli.main(["contracts", "lint", str(path)]) == 0

    every = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-freeze=all.toml",
                                          "--autoglm-freeze-deps=all")
    every.stdout.fnmatch_lines([f"autoglm-compat: froze {1 + len(THROUGH_JSONSCHEMA)} distribution(s) and 0 API "
                                "surface(s) into all.toml (policy minor)"])
    text = (pytester.path / "all.toml").read_text()
    attrs = _version("attrs")
    fix = "pip install " + " ".join(f"'{n}{freeze.version_range(_version(n), 'minor')}'"
                                    for n in sorted(("jsonschema", *THROUGH_JSONSCHEMA)))
    assert (f'[packages."attrs"]\nspec = "{freeze.version_range(attrs, "minor")}"\nreason = "imported at collection '
            f'by test_suite.py (1 test); attrs {attrs} was installed; the suite does not import it itself"\n'
            f'fix = "{fix}"\n') in text
    assert "# Not frozen" not in text
    assert cli.main(["contracts", "lint", str(pytester.path / "all.toml")]) == 0


def test_a_bad_freeze_deps_value_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_ok():\n    pass\n")
    result = pytester.runpytest("--autoglm-freeze=f.toml", "--autoglm-freeze-deps=some")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --autoglm-freeze-deps: invalid value 'some'; expected one of direct, all"])


MARKED = """
    import pytest

    @pytest.mark.requires_package("tomli-w>=0.1")
    def test_marked():
        pass
"""


def test_what_the_plugin_imports_during_a_test_is_not_the_suites(pytester: pytest.Pytester) -> None:
    """Checking the marker imports packaging.requirements and .specifiers in the first test: the plugin's
    work, not the suite's; once the suite imports packaging itself, it is frozen again."""
    pytester.makepyfile(test_marked=MARKED)
    alone = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-freeze=alone.toml")
    alone.assert_outcomes(passed=1)
    alone.stdout.fnmatch_lines(["autoglm-compat: froze 0 distribution(s) and 0 API surface(s) into alone.toml "
                                "(policy minor)"])
    assert "packaging" not in (pytester.path / "alone.toml").read_text()
    pytester.makepyfile(test_own="""
        def test_own():
            from packaging.requirements import Requirement
            assert Requirement("a>=1").name == "a"
    """)
    both = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly", "--autoglm-freeze=both.toml")
    both.assert_outcomes(passed=2)
    assert list(_requirements(pytester.path / "both.toml")["packages"]) == ["packaging"]  # type: ignore[call-overload]
    assert "reason = \"imported in test_own.py; packaging " in (pytester.path / "both.toml").read_text()


@pytest.fixture(scope="session")
def safetensors_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real release of a tracked package (safetensors: small, no torch needed to import it)."""
    target = tmp_path_factory.mktemp("safetensors")
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                           "safetensors==0.8.0"], capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        pytest.skip(f"pip could not install safetensors==0.8.0: {proc.stderr.strip()[-300:]}")
    return target


def test_an_import_inside_a_test_function_is_an_api_surface_when_it_resolved(
        pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, safetensors_dir: Path) -> None:
    _use(monkeypatch, safetensors_dir)
    pytester.makepyfile(test_suite="""
        import pytest

        def test_opens():
            from safetensors import safe_open
            assert safe_open

        @pytest.mark.skip(reason="never ran")
        def test_never():
            from safetensors import not_a_name
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--autoglm-freeze=frozen.toml")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["autoglm-compat: froze 1 distribution(s) and 2 API surface(s) into frozen.toml "
                                 "(policy minor)"])
    text = (pytester.path / "frozen.toml").read_text()
    assert '[[api]]\ntarget = "safetensors:safe_open"\nreason = "imported in test_suite.py; it must import"\n' in text
    assert "not_a_name" not in text
    assert _requirements(pytester.path / "frozen.toml")["api"] == [("safetensors", None), ("safetensors:safe_open", None)]


def test_every_frozen_package_carries_one_install_command_for_them_all(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """On another stack, each unmet package names the same command: the merged 'to fix' says it once."""
    data = {"distributions": {
        "packaging": {"version": "99.1", "by": ["source:t.py"], "direct": True},
        "tomli-w": {"version": "98.0.1", "by": ["test:t.py::a"], "direct": True},
        "torch": {"version": "2.5.1+cu121", "by": ["source:t.py"], "direct": True},
        "attrs": {"version": "97.0", "by": ["test:t.py::a"], "direct": False}},
        "api": {}, "api_markers": [], "cuda_used": False, "run": {"rootdir": "/p", "policy": "minor"}}
    path = tmp_path / "c.toml"
    path.write_text(freeze.contract_text(data, None, "minor"))
    fix = "pip install 'packaging>=99.1,<99.2' 'tomli-w>=98.0.1,<98.1'"
    assert path.read_text().count(f'fix = "{fix}"\n') == 2  # torch: the engine's own fix names its CUDA index
    assert '[packages."torch"]\nspec = ">=2.5.1,<2.6"\nreason = "imported in t.py; torch 2.5.1+cu121 was installed"\n\n' \
        in path.read_text()
    assert cli.main(["check", "--contract", str(path)]) == 1
    out = capsys.readouterr().out
    assert "UNMET tomli-w: found " in out
    assert out.count(f"  fix: {fix}\n") == 2
    # a report recorded before the flag: every distribution is the suite's own
    old = {**data, "distributions": {k: {"version": v["version"], "by": v["by"]}  # type: ignore[index]
                                     for k, v in data["distributions"].items()}}  # type: ignore[attr-defined]
    assert '[packages."attrs"]' in freeze.contract_text(freeze.merge_records([old]), None, "minor")


def test_no_import_watcher_is_left_behind_when_a_conftest_fails_to_import(pytester: pytest.Pytester) -> None:
    """Issue 21 item 18 reported watchers piling up on sys.meta_path across in-process runs whose conftest
    fails to import; on pytest 9.2 none is left (checked with --autoglm-freeze and --autoglm-report): kept
    as the guard of that."""
    pytester.makeconftest("raise RuntimeError('broken conftest')\n")
    pytester.makepyfile(test_a="def test_a():\n    pass\n")
    for _ in range(2):
        result = pytester.runpytest_inprocess("--autoglm-freeze=f.toml")
        assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert not any(type(f).__name__ == "ImportWatcher" for f in sys.meta_path)
