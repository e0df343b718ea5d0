"""A name or module of Python's own library that the Python running the code lacks (issue 22).

The answers are held to real output printed here (tests/data/python/README.md) and to what the bundled history
(knowledge/stdlib.json.gz, read from CPython 3.6 to 3.13 by tools.history.stdlib_build) says; a Python that has
the name, a file shadowing the module and a name no Python had get no answer.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pytest_autoglm_compat.knowledge.generic import stdlib
from pytest_autoglm_compat.knowledge.logs import explain_log
from pytest_autoglm_compat.tools.history import stdlib_build

DATA = Path(__file__).parent / "data" / "python"
SOURCE = ("reasoned from the log and the standard library of CPython 3.6 to 3.13 (read by "
          "tools.history.stdlib_build; modules' lives from typeshed's stdlib/VERSIONS)")


def answer(text: str) -> tuple[str, str, str, str] | None:
    found, _ = explain_log(text)
    if not found:
        return None
    hint = found[0].hint
    return hint.family or "", hint.cause, hint.fix, hint.source


def test_a_module_python_removed_is_named_with_the_python_that_removed_it() -> None:
    assert answer((DATA / "nose-1.3.7-python-3.12.log").read_text()) == (
        "api-mismatch",
        "nose (nose.importer) asks for the module imp, which Python 3.12 and later do not have (removed in Python "
        "3.12): Python 3.12 is newer than the code was written for",
        "install a release of nose that supports Python 3.12, where it has one, or run it on Python 3.11 (a "
        "virtual environment made with python3.11)", SOURCE)


def test_a_name_read_through_a_module_attribute_is_told_by_the_python_its_path_shows() -> None:
    """nose's frame runs inside unittest's: the standard library's frames are not the code that asked."""
    assert answer((DATA / "nose-1.3.7-python-3.10.log").read_text()) == (
        "api-mismatch",
        "nose (nose.suite) asks for collections.Callable, which Python 3.10 and later do not have (removed in "
        "Python 3.10): Python 3.10 is newer than the code was written for",
        "install a release of nose that supports Python 3.10, where it has one, or run it on Python 3.9 (a "
        "virtual environment made with python3.9)", SOURCE)


def test_an_imported_name_is_told_by_the_python_whose_library_file_the_message_names() -> None:
    assert answer((DATA / "attrdict-2.0.1-python-3.12.log").read_text()) == (
        "api-mismatch",
        "attrdict (attrdict.mapping) asks for collections.Mapping, which Python 3.10 and later do not have "
        "(removed in Python 3.10): Python 3.12 is newer than the code was written for",
        "install a release of attrdict that supports Python 3.12, where it has one, or run it on Python 3.9 (a "
        "virtual environment made with python3.9)", SOURCE)


def test_a_module_only_newer_pythons_have_asks_for_a_newer_python() -> None:
    assert answer((DATA / "tomllib-python-3.10.log").read_text()) == (
        "api-mismatch",
        "the code asks for the module tomllib, which is new in Python 3.11: this Python is older than the code was "
        "written for",
        "run it on Python 3.11 or newer (a virtual environment made with python3.11), or change the code to what "
        "this Python has", SOURCE)


ATTRDICT = (DATA / "attrdict-2.0.1-python-3.12.log").read_text()


@pytest.mark.parametrize(("old", "new"), [
    # the Python whose library answered has the name: something else hides it
    ("/root/.pyenv/versions/3.12.1/lib/python3.12/collections/__init__.py",
     "/root/.pyenv/versions/3.8.18/lib/python3.8/collections/__init__.py"),
    # a file of the user's named like the module, or a package installed under its name, answered for it
    ("/root/.pyenv/versions/3.12.1/lib/python3.12/collections/__init__.py", "/home/u/project/collections.py"),
    ("/root/.pyenv/versions/3.12.1/lib/python3.12/collections/__init__.py",
     "/tmp/n12/lib/python3.12/site-packages/collections/__init__.py"),
    # a name no Python read ever had: a typo, not a release
    ("cannot import name 'Mapping'", "cannot import name 'Mappings'"),
    # a name every Python read has
    ("cannot import name 'Mapping'", "cannot import name 'OrderedDict'"),
])
def test_no_answer_where_the_python_has_it_or_never_had_it(old: str, new: str) -> None:
    assert old in ATTRDICT
    assert answer(ATTRDICT.replace(old, new)) is None


def test_the_python_a_log_names_wins_and_one_that_has_the_module_gets_no_answer() -> None:
    log = (DATA / "tomllib-python-3.10.log").read_text()
    assert answer(f"Python 3.12.1\n{log}") is None
    told = answer(f"Python 3.9.18\n{log}")
    assert told is not None
    assert "Python 3.9 is older than the code was written for" in told[1]


@pytest.mark.parametrize(("text", "python"), [
    ('File "/usr/lib/python3.10/site-packages/x.py"', "3.10"),
    ('File "C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python312\\Lib\\site-packages\\x.py"', "3.12"),
    ('File "C:\\Python37-32\\lib\\typing.py"', "3.7"),
    ('File "/usr/lib/python3.10/a.py"\nFile "/venv/lib/python3.12/b.py"', None),  # two Pythons: neither
    ('File "/usr/lib/python3/dist-packages/x.py"', None),  # Debian's folder names no minor
])
def test_the_python_a_log_s_paths_show(text: str, python: str | None) -> None:
    assert stdlib.python_of(text) == python


def test_the_bundled_history_holds_what_the_pythons_read_here_show() -> None:
    """Facts of CPython's own changelogs, read back from the bundled file: imp and distutils removed in 3.12,
    collections' ABC aliases in 3.10 (served by a module __getattr__ in 3.7 to 3.9), time.clock in 3.8,
    typing.Literal new in 3.8; cElementTree, removed in a 3.9 alpha and restored, is in every Python read."""
    assert stdlib.read_pythons() == ("3.6", "3.13")
    assert stdlib.module_life("imp") == stdlib.Life(None, "3.11")
    assert stdlib.module_life("distutils.command.build_ext") == stdlib.Life(None, "3.11")
    assert stdlib.module_life("tomllib") == stdlib.Life("3.11", None)
    assert stdlib.name_life("collections", "Mapping") == stdlib.Life(None, "3.9")
    assert stdlib.name_life("time", "clock") == stdlib.Life(None, "3.7")
    assert stdlib.name_life("typing", "Literal") == stdlib.Life("3.8", None)
    assert stdlib.name_life("datetime", "UTC") == stdlib.Life("3.11", None)
    assert stdlib.name_life("collections", "OrderedDict") is None
    assert stdlib.module_life("xml.etree.cElementTree") == stdlib.Life(None, None)
    assert stdlib.module_life("numpy") is None


def test_the_builder_keeps_a_name_s_unbroken_run_and_leaves_out_what_a_build_decides() -> None:
    def reading(version: str, **modules: list[str]) -> dict[str, object]:
        return {"version": version, "modules": {m: {"kind": "py", "names": n} for m, n in modules.items()}}

    reads = [reading("3.8.1", a=["x", "y", "SIGFOO"], os=["SIGFOO"]), reading("3.9.1", a=["x", "y"], os=[]),
             reading("3.10.1", a=["x", "y", "z"], os=[]), reading("3.11.1", a=["y", "z"], os=[])]
    data = stdlib_build.build(reads, {"os": ["3.0", None]})
    assert data["read"] == ["3.8.1", "3.9.1", "3.10.1", "3.11.1"]
    assert data["names"]["a"] == {"x": [0, 2], "z": [2, 3], "SIGFOO": [0, 0]}  # y: in all; SIGFOO of a: kept
    assert "os" not in data["names"]  # an OS module's constant is the build's
    assert data["modules"] == {"os": ["3.0", None], "a": [None, None]}


def test_the_worker_reads_this_python_s_own_library() -> None:
    read = stdlib_build.read_interpreter(sys.executable)
    assert read["version"] == ".".join(map(str, sys.version_info[:3]))
    assert "OrderedDict" in read["modules"]["collections"]["names"]
    assert read["modules"]["collections.abc"]["kind"] in ("py", "builtin")  # frozen from 3.13 on
    has = stdlib_build.probe_interpreter(sys.executable, {"collections": ["Mapping", "OrderedDict"]})
    # collections' ABC aliases, served by its __getattr__ up to 3.9, removed in 3.10
    assert has == {"collections": ["Mapping", "OrderedDict"] if sys.version_info < (3, 10) else ["OrderedDict"]}
