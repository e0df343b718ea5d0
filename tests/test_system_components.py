"""A component the operating system provides, missing (libGL.so.1, Python.h): explain tells it apart from its causes.

holdout19b's collector counted such threads as distractors (no version or build mismatch), and the engine had named
them as a missing extension library or a failed build: five false claims as collected. The log still says what is
missing and how to get it, so explain prints that, under a line of its own, and claims no family.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pytest_autoglm_compat.knowledge.loader_errors import explain_load_error
from pytest_autoglm_compat.knowledge.logs import explain_log
from pytest_autoglm_compat.model.hints import SYSTEM_COMPONENT

REAL = Path(__file__).parent / "data" / "real"


def test_a_system_library_missing_is_told_aside_with_its_os_package_and_claims_nothing() -> None:
    for log, library, package in (("virtualcommunity-5.log", "libGL.so.1", "libgl1"),
                                  ("dockermisp-118.log", "libGL.so.1", "libgl1"),
                                  ("genesisworld-1896.log", "libGLU.so.1", "libglu1-mesa")):
        found, reading = explain_log((REAL / "holdout19b" / log).read_text(encoding="utf-8"))
        assert found == []
        (item,) = reading.aside
        assert item.hint.family == SYSTEM_COMPONENT
        assert f"links {library}, a library of the operating system (not of any pip package)" in item.hint.cause
        assert item.hint.fix.startswith(f"install the OS package that provides {library} (Debian/Ubuntu: apt-get "
                                        f"install {package})")


def test_python_h_missing_is_this_python_s_headers_that_no_extension_builds_without() -> None:
    # (session 40: an extension-build, as the briefs word it and 7 of 9 corpus cases are labelled; until then told
    # aside as a system component)
    for log in ("pyrit-294.log", "fasterrcnntensorflowpython3-89.log"):
        found, reading = explain_log((REAL / "holdout19b" / log).read_text(encoding="utf-8"))
        assert reading.aside == ()
        assert found[0].hint.family == "extension-build"
        assert found[0].hint.cause == (
            "the build cannot find Python.h: the development headers of this Python are not installed (an OS package, "
            "not a pip one; an embedded Python, such as ComfyUI's portable one, ships none), so no C extension can be "
            "compiled for it")
        assert found[0].hint.fix.startswith("install this Python's headers (Debian/Ubuntu: apt-get install "
                                            "python3-dev")


def test_opencv_s_libgl_names_its_headless_build_and_other_libraries_keep_their_reading() -> None:
    hint = explain_load_error("libGL.so.1: cannot open shared object file: No such file or directory",
                              package="opencv-python")
    assert hint is not None
    assert hint.family == SYSTEM_COMPONENT
    assert hint.fix.endswith("; or OpenCV's build that links no libGL: pip uninstall opencv-python, then pip install "
                             "opencv-python-headless")
    # a library no OS desktop stack provides (a Python's, a BLAS) is still an extension's missing library
    for library in ("libpython3.8.so.1.0", "libopenblas.so.0"):
        hint = explain_load_error(f"{library}: cannot open shared object file: No such file or directory")
        assert hint is not None, library
        assert hint.family == "missing-library", library  # told aside: the log does not say why


def test_the_command_prints_the_missing_component_under_its_own_line() -> None:
    log = REAL / "holdout19b" / "virtualcommunity-5.log"
    result = subprocess.run([sys.executable, "-m", "pytest_autoglm_compat", "explain", str(log)],
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == (1, "")
    first, aside = result.stderr.split("\n\n")
    assert first == "no known GLM-stack failure found in the input"
    assert aside.splitlines()[0] == ("not a version or build mismatch: the log shows a component missing from the "
                                     "operating system")
    assert aside.splitlines()[2].startswith("  cause: ")
