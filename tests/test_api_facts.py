"""API facts: what an absent name is, and cached facts that follow the code they were read from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def test_absent_is_met_when_a_parent_package_is_missing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(broken_pkg_xyz="import missing_dependency_xyz\n")
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_api("no_such_pkg_xyz.sub:thing", absent=True)
        def test_parent_missing():
            pass

        @pytest.mark.requires_api("no_such_pkg_xyz:thing", absent=True)
        def test_module_missing():
            pass

        @pytest.mark.requires_api("broken_pkg_xyz:thing", absent=True)
        def test_dependency_missing():
            pass
    """)
    result = pytester.runpytest("-rs", "--autoglm-report=r.json")
    result.assert_outcomes(passed=2, skipped=1)
    # a dependency missing inside an importable package is a broken install, not the name being absent
    result.stdout.fnmatch_lines([
        "*broken_pkg_xyz:thing: found import broken_pkg_xyz fails: ModuleNotFoundError: No module named "
        "'missing_dependency_xyz', required absent*",
    ])
    import json

    found = {v["subject"]: v["found"] for v in json.loads((pytester.path / "r.json").read_text())["verdicts"]}
    assert found["no_such_pkg_xyz.sub:thing"] == "module no_such_pkg_xyz.sub not importable (no module named 'no_such_pkg_xyz')"
    assert found["no_such_pkg_xyz:thing"] == "module no_such_pkg_xyz not importable"



def test_a_missing_name_with_a_close_one_says_did_you_mean(pytester: pytest.Pytester) -> None:
    # a module written in the test stands in for transformers' GlmForCausalLM, a stdlib one for a plain typo
    pytester.makepyfile(glmish="class GlmForCausalLM:\n    pass\n\nclass GlmModel:\n    pass\n")
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_api("glmish:GLMForCausalLM")
        def test_case():
            pass

        @pytest.mark.requires_api("json:dump_s")
        def test_typo():
            pass

        @pytest.mark.requires_api("glmish:GlmModel.forwrd")
        def test_nothing_close():
            pass

        @pytest.mark.requires_api("glmish:GLMForCausalLM", absent=True)
        def test_absent():
            pass
    """)
    result = pytester.runpytest("-rs", "--autoglm-report=r.json")
    result.assert_outcomes(passed=1, skipped=3)
    result.stdout.fnmatch_lines([
        "*glmish:GLMForCausalLM: found glmish has no attribute 'GLMForCausalLM' (did you mean 'GlmForCausalLM'?), "
        "required exists*",
    ])
    import json

    verdicts = json.loads((pytester.path / "r.json").read_text())["verdicts"]
    found = {(v["subject"], v["required"]): v["found"] for v in verdicts}
    assert found["json:dump_s", "exists"] == "json has no attribute 'dump_s' (did you mean 'dumps'?)"
    assert found["glmish:GlmModel.forwrd", "exists"] == "glmish:GlmModel has no attribute 'forwrd'"  # nothing close
    assert found["glmish:GLMForCausalLM", "absent"] == "absent"  # met: no hint on a name that is rightly absent


@pytest.mark.parametrize(("value", "options", "hint"), [
    ("GLMForCausalLM", ["GlmForCausalLM", "GlmModel"], " (did you mean 'GlmForCausalLM'?)"),
    ("ab", ["AB", "abc"], " (did you mean 'AB'?)"),  # the same name in another case before difflib's pick
    ("dump_s", ["dumps", "loads"], " (did you mean 'dumps'?)"),
    ("forwrd", ["__init__"], ""),
])
def test_did_you_mean_prefers_the_same_name_in_another_case(value: str, options: list[str], hint: str) -> None:
    from pytest_autoglm_compat.model.values import did_you_mean

    assert did_you_mean(value, options) == hint


# --------------------------------------------------------------------------- cached facts follow the code

def _module(path: Path, log: Path, body: str) -> None:
    """A module that notes every import of itself: a cached fact imports nothing."""
    path.write_text(f"open({str(log)!r}, 'a').write('imported\\n')\n{body}\n")


def _imports(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


NEEDS_FOO = """
    import pytest

    @pytest.mark.requires_api("mymod:foo", kind="function")
    def test_foo():
        pass

    @pytest.mark.requires_api("newmod:bar")
    def test_bar():
        pass
"""


def test_a_local_module_edited_between_runs_is_checked_again(pytester: pytest.Pytester) -> None:
    log = pytester.path.parent / f"{pytester.path.name}-imports.log"
    _module(pytester.path / "mymod.py", log, "x = 1")
    pytester.makepyfile(test_it=NEEDS_FOO)
    pytester.runpytest("-rs").assert_outcomes(skipped=2)
    assert _imports(log) == 1
    second = pytester.runpytest("-rs")  # nothing changed: the cached facts serve, nothing is imported
    second.assert_outcomes(skipped=2)
    second.stdout.fnmatch_lines(["*mymod:foo: found mymod has no attribute 'foo', required kind function*"])
    assert _imports(log) == 1
    _module(pytester.path / "mymod.py", log, "def foo():\n    pass")  # foo is written
    (pytester.path / "newmod.py").write_text("bar = 1\n")                # and a module that was missing appears
    pytester.runpytest("-rs").assert_outcomes(passed=2)
    assert _imports(log) == 2
    pytester.runpytest("-rs").assert_outcomes(passed=2)
    assert _imports(log) == 2  # cached again
    (pytester.path / "newmod.py").unlink()
    pytester.runpytest("-rs").assert_outcomes(passed=1, skipped=1)


def test_a_module_on_pythonpath_deleted_between_runs_is_checked_again(pytester: pytest.Pytester,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    lib = pytester.path.parent / f"{pytester.path.name}-lib"
    (lib / "mymod").mkdir(parents=True)
    (lib / "mymod" / "__init__.py").write_text("")
    (lib / "mymod" / "impl.py").write_text("def foo():\n    pass\n")
    (lib / "mymod" / "api.py").write_text("from .impl import foo\n")
    monkeypatch.syspath_prepend(str(lib))
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_api("mymod.api:foo")
        def test_foo():
            pass
    """)
    pytester.runpytest().assert_outcomes(passed=1)
    # a module the target imports changes (its size too: Python itself would run a stale .pyc of a file
    # rewritten within the same second at the same size)
    (lib / "mymod" / "impl.py").write_text("def bar_renamed():\n    pass\n")
    result = pytester.runpytest("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*mymod.api:foo: found import mymod.api fails: ImportError: cannot import name "
                                 "'foo' from 'mymod.impl'*"])


def _venv_with_this_pytest(where: Path, *, before_outer: list[str] | None = None) -> Path:
    """A real venv whose own site-packages come first, with this interpreter's pytest and plugin after it.

    `before_outer` is pip-installed first: while this interpreter's site-packages are visible, a build
    sees its setuptools too (58.1 in Python 3.9's venvs, too old for an editable install).
    """
    import sysconfig

    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    python = where / "bin" / "python"
    if before_outer:
        subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "--disable-pip-version-check", "-q",
                        "install", *before_outer], check=True, timeout=300, capture_output=True)
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    outer = sysconfig.get_paths()["purelib"]
    Path(purelib, "zz-outer.pth").write_text(f"import site; site.addsitedir({outer!r})\n")
    return python


def test_an_editable_install_edited_between_runs_is_checked_again(pytester: pytest.Pytester) -> None:
    """pip install -e of a real package (setuptools, src layout): its files are outside site-packages."""
    project = pytester.path.parent / f"{pytester.path.name}-tinypkg"
    (project / "src" / "tinypkg").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=64"]\nbuild-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "tinypkg"\nversion = "0.1"\n'
    )
    log = project / "imports.log"
    init = project / "src" / "tinypkg" / "__init__.py"
    _module(init, log, "VERSION = 1")
    python = _venv_with_this_pytest(pytester.path.parent / f"{pytester.path.name}-venv",
                                    before_outer=["-e", str(project)])
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_api("tinypkg:new_api")
        def test_new_api():
            pass
    """)

    def run() -> str:
        proc = subprocess.run([str(python), "-m", "pytest", "-rs", "-p", "no:randomly"], cwd=pytester.path,
                              capture_output=True, text=True, timeout=300, check=False)
        return proc.stdout

    assert "tinypkg:new_api: found tinypkg has no attribute 'new_api'" in run()
    assert "1 skipped" in run()
    assert _imports(log) == 1  # the second run was served from the cache
    _module(init, log, "VERSION = 1\n\ndef new_api():\n    pass")
    assert "1 passed" in run()
    assert _imports(log) == 2


def test_only_files_an_installed_distribution_lists_in_its_record_are_left_to_the_fingerprint(
        tmp_path: Path) -> None:
    from pytest_autoglm_compat.facts import _api_worker

    site = tmp_path / "site-packages"
    (site / "tinypkg").mkdir(parents=True)
    (site / "tinypkg" / "__init__.py").write_text("")
    (site / "tinypkg" / "patch.py").write_text("")      # copied in by hand: no RECORD lists it
    (site / "yaml").mkdir()
    (site / "yaml" / "__init__.py").write_text("")      # owned by a distribution of another name
    (site / "tinypkg-0.1.dist-info").mkdir()
    (site / "tinypkg-0.1.dist-info" / "RECORD").write_text(
        "tinypkg/__init__.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\n"
        "tinypkg-0.1.dist-info/RECORD,,\n")
    (site / "PyYAML-6.0.2.dist-info").mkdir()
    (site / "PyYAML-6.0.2.dist-info" / "top_level.txt").write_text("_yaml\nyaml\n")
    (site / "PyYAML-6.0.2.dist-info" / "RECORD").write_text(
        '"yaml/__init__.py",sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\n')
    src = tmp_path / "src"
    src.mkdir()
    ownership = _api_worker.Ownership([str(site), str(src)])
    assert not ownership.is_local(str(site / "tinypkg" / "__init__.py"))
    assert not ownership.is_local(str(site / "yaml" / "__init__.py"))
    assert ownership.is_local(str(site / "tinypkg" / "patch.py"))
    assert ownership.is_local(str(src / "mymod.py"))
    assert ownership.local_dirs() == [str(src.resolve())]


def test_cache_entries_nested_too_deeply_are_re_probed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_it="""
        import pytest

        @pytest.mark.requires_api("json:dumps", kind="function")
        def test_it():
            pass
    """)
    pytester.runpytest("--autoglm-contract=stable").assert_outcomes(passed=1)
    cache = pytester.path / ".pytest_cache" / "v" / "autoglm-compat"
    for name in ("snapshot", "facts"):
        (cache / name).write_bytes(b"[" * 100_000 + b"]" * 100_000)
    result = pytester.runpytest("--autoglm-contract=stable")
    result.assert_outcomes(passed=1)
    assert "snapshot from cache" not in result.stdout.str()
