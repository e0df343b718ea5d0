"""Readings session 44 added or narrowed, each held to a real log's answer, and the look-alikes they must leave
alone (docs/reliability.md, session 44)."""

from __future__ import annotations

from real_answers import answered, answers, first

_FOUND_CONFLICTS = (
    "conda's solver found the specifications asked in conflict (\"Found conflicts!\": its last solve failed); the log "
    "stops before the UnsatisfiableError that lists which specifications conflict, with each other, with the "
    "environment's Python or with what the channels hold")


def test_condas_found_conflicts_with_its_report_cut() -> None:
    # holdout149a: suite2p#609, the paste ending in "Examining conflict for ..." progress lines
    assert first("holdout149a", "suite2p-609.log")[:2] == ("version-guard", _FOUND_CONFLICTS)
    # holdout155a: pypsa-eur#142 and ESMValTool#1266 (its "environment is inconsistent" above), holdout90a: blobtools#98
    for group, name in (("holdout155a", "pypsa-eur-142.log"), ("holdout155a", "ESMValTool-1266.log"),
                        ("holdout90a", "blobtools-98.log")):
        assert first(group, name)[:2] == ("version-guard", _FOUND_CONFLICTS), name
    # the report there: its own reading decides, and may say no version conflicts (holdout79a's distractor cuml#3108,
    # only __glibc listed, the channels missing)
    assert not answers("holdout79a", "cuml-3108.log")
    report = ("Found conflicts! Looking for incompatible packages.\n"
              "UnsatisfiableError: The following specifications were found to be incompatible with your system:\n"
              "  - feature:/linux-64::__glibc==2.27=0\n"
              "  - cuml=0.16 -> nccl[version='>=2.5'] -> __glibc[version='>=2.17']\n\n"
              "Your installed version is: 2.27\n")
    assert _FOUND_CONFLICTS not in answered(report)
    assert answered("Solving environment: failed with initial frozen solve. Retrying with flexible solve.\n"
                    "Found conflicts! Looking for incompatible packages.\n"
                    "This can take several minutes.  Press CTRL-C to abort.\n") == [_FOUND_CONFLICTS]


def test_the_linker_finding_no_import_library_of_cpython() -> None:
    # holdout156b: cython#6162, a free-threaded 3.13's python313t.lib the installer of the time did not ship
    assert first("holdout156b", "cython-6162.log")[:2] == (
        "extension-build", "the module's link asks for python313t.lib, the import library of CPython 3.13's "
        "free-threaded build, and the linker finds no file of that name: the build compiled for one build of CPython "
        "3.13 (Windows' pyconfig.h names pythonXYt.lib where Py_GIL_DISABLED is defined, pythonXY.lib where not) and "
        "the Python whose libs folder it searched is the other, its default build (with the GIL), or a Python "
        "installed without its import libraries")
    # holdout156b: rl#3357, vcpkg#48216 (python314.lib for a 3.14t build), setuptools#5126 (clang's LNK1181)
    for name in ("rl-3357.log", "vcpkg-48216.log", "setuptools-5126.log", "Pillow-7805.log"):
        assert first("holdout156b", name)[0] == "extension-build", name
    assert "its free-threaded build (python3.14t.exe)" in first("holdout156b", "rl-3357.log")[1]
    # before 3.13 there is no free-threaded build to name
    assert answered("LINK : fatal error LNK1104: cannot open file 'python27.lib'\n") == [
        "the module's link asks for python27.lib, the import library of CPython 2.7, and the linker finds no file of "
        "that name: the build links for Python 2.7 and the folders it searched hold none (another Python's libs "
        "folder, or a Python installed without its import libraries)"]
    # another library the link cannot open is not this reading's
    assert not answered("LINK : fatal error LNK1104: cannot open file 'pythoncom.lib'\n")
