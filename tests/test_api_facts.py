"""API facts: what an absent name is, and cached facts that follow the code they were read from."""

from __future__ import annotations

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
