"""Readings session 44 added or narrowed, each held to a real log's answer, and the look-alikes they must leave
alone (docs/reliability.md, session 44)."""

from __future__ import annotations

from real_answers import answered, answers, first, reviewed

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
    # the default build's library: the free-threaded story only where the log names a free-threaded Python (rl#3357's
    # line alone gets the libs folder's)
    assert "free-threaded" not in first("holdout156b", "rl-3357.log")[1]
    assert "its free-threaded build (python3.14t.exe)" in answered(
        "Using Python 3.14.0 free-threading build\nLINK : fatal error LNK1104: cannot open file 'python314.lib'\n")[0]
    # before 3.13 there is no free-threaded build to name
    assert answered("LINK : fatal error LNK1104: cannot open file 'python27.lib'\n") == [
        "the module's link asks for python27.lib, the import library of CPython 2.7, and the linker finds no file of "
        "that name: the build links for Python 2.7 and the folders it searched hold none (another Python's libs "
        "folder, a virtual environment's, or a Python installed without its import libraries)"]
    # another library the link cannot open is not this reading's
    assert not answered("LINK : fatal error LNK1104: cannot open file 'pythoncom.lib'\n")


def test_a_librarys_check_naming_the_version_it_expects() -> None:
    # holdout158a: cvxpy#1686, cvxpy's GLOP and PDLP interfaces refusing an ortools below their floor
    assert first("holdout158a", "cvxpy-1686.log")[:2] == (
        "version-guard", "the library's own check refuses ortools 9.2.9972: it expects ortools>=9.3.0")
    # holdout158a: or-tools#4052, cvxpy#2345 (its repr spaced "RuntimeError ('..."), cvxpy#2470: above its ceiling
    assert first("holdout158a", "or-tools-4052.log")[1] == (
        "the library's own check refuses ortools 9.8.3296: it expects ortools<9.8.0")
    assert first("holdout158a", "cvxpy-2345.log")[1] == (
        "the library's own check refuses ortools 9.8.29: it expects ortools<9.8.0")
    assert first("holdout158a", "cvxpy-2470.log")[0] == "version-guard"
    # a found version the bound admits is no refusal
    assert not answered("RuntimeError('Version of ortools (9.4.1) is too old. Expected >= 9.3.0.')\n")


def test_poetry_finding_no_installation_candidate() -> None:
    # holdout157b: pylingual#129, Poetry 2's count: all 24 wheels of torch 2.7.1 skipped for their tags
    assert first("holdout157b", "pylingual-129.log")[:2] == (
        "binary-mismatch", "Poetry skipped every wheel of torch 2.7.1 it found: none carries a tag the project's "
        "environment supports (its Python, its ABI or its platform), and no source distribution was left to build")
    # holdout78a: io#1881, Poetry 1's words alone on Windows; the release table: 0.32.0's wheels are Linux's and macOS'
    assert first("holdout78a", "io-1881.log")[:2] == (
        "binary-mismatch", "tensorflow-io-gcs-filesystem 0.32.0 is published as wheels only, built for Linux, macOS: "
        "none for Windows, where this runs, and no source distribution to build, so Poetry's installer finds no file "
        "it can install")
    # Poetry's words alone where no system is shown (holdout157b: Wattile#275, torch 1.13.1): since session 48, told
    # from the release table without naming a system (a release of wheels only, none for this environment); a policy
    # that skipped files: nothing
    assert first("holdout157b", "Wattile-275.log")[1].startswith("torch 1.13.1 is published as wheels only")
    policy = ("  | Unable to find installation candidates for torch (2.7.1)\n"
              "  |   - 24 candidate(s) were identified for the package\n"
              "  |   - 12 wheel(s) were skipped due to your installer.no-binary policy\n"
              "  |   - 12 wheel(s) were skipped as your project's environment does not support the identified abi "
              "tags\n")
    assert not answered(policy)


def test_cublas_refusing_a_call_on_the_gpus_architecture() -> None:
    # holdout158b: FasterTransformer#25 (a K80) and DeepLearningExamples#147 (a K40m), cublasGemmEx
    assert first("holdout158b", "FasterTransformer-25.log")[:2] == (
        "no-kernel-image", "cuBLAS refuses the call on this GPU (Tesla K80, compute capability 3.7): the function "
        "needs a feature its architecture lacks (cuBLAS's CUBLAS_STATUS_ARCH_MISMATCH, which its documentation says "
        "is usually a compute capability below 5.0: a Kepler such as the K40 or K80, or older)")
    assert first("holdout158b", "DeepLearningExamples-147.log")[0] == "no-kernel-image"


def test_the_session_44_second_readers_false_claims_mended() -> None:
    # tests/data/review44: cvxpy's logged note above the user's own error (twice), a file format's "Version of schema
    # (2)", an aborted conda solve before a KeyError, Poetry in a container a PowerShell started and in WSL, cuBLAS's
    # refusal on a compute capability 8.6 GPU (a cuBLAS release's bug), bioconda without osx-arm64 (404s)
    for name in ("synth-cvxpy-ortools-note-then-user-dtype-error", "synth-cvxpy-ortools-note-then-user-prebucket-error",
                 "synth-version-of-schema-field-too-old", "synth-conda-conflicts-earlier-then-user-keyerror",
                 "synth-cublas-arch-mismatch-sm86-cuda111-fp16", "conda-11284"):
        assert reviewed("review44", name) == [], name
    # Poetry in a container a PowerShell started and in WSL: no system claimed (since session 48, triton's wheels-only
    # release told without one: musl's and Python 3.13's environments have no wheel of it)
    for name in ("synth-poetry-alpine-container-from-windows-host", "synth-poetry-wsl-mnt-c-linux-wheels"):
        assert not any("where this runs" in cause for _, cause in reviewed("review44", name)), name
    # scikit-build#1094: python313.lib with no free-threaded Python in the log is told as a libs folder not found
    assert reviewed("review44", "scikit-build-1094")[0][1] == (
        "the module's link asks for python313.lib, the import library of CPython 3.13, and the linker finds no file of "
        "that name: the build links for Python 3.13 and the folders it searched hold none (another Python's libs "
        "folder, a virtual environment's, or a Python installed without its import libraries)")
    # a Debug build's pythonXY_d.lib (OpenColorIO#592, scikit-build#533, vcpkg#33618)
    assert reviewed("review44", "OpenColorIO-592")[0][1] == (
        "the module's link asks for python27_d.lib, the import library of a debug build of CPython 2.7: the module is "
        "compiled in Debug mode (pyconfig.h then names the _d library), and a Python installed from its release "
        "installer has no debug libraries")
    # right before and still: cvxpy#3285's ortools ceiling, lc0#1820's GTX 760 (compute capability 3.0)
    assert reviewed("review44", "cvxpy-3285")[0][1] == (
        "the library's own check refuses ortools 9.15.6755: it expects ortools<9.15.0")
    assert reviewed("review44", "lc0-1820")[0][0] == "no-kernel-image"


def test_a_method_a_class_takes_from_its_base_is_no_removal() -> None:
    # holdout160a's distractor mdanalysis#1253: MDAnalysis 0.16.0's AtomGroup has dimensions from GroupBase
    assert answers("holdout160a", "mdanalysis-1253.log") == []
    # the article is said as the name is: "a OneHotEncoder", "an AnnData" (holdout36a: fromzero#3)
    assert first("holdout36a", "fromzero-3.log")[1].startswith("the code asks a OneHotEncoder (scikit-learn's class)")


def test_a_model_file_newer_than_its_reader() -> None:
    # holdout159a: onnxsim#367, ONNX's checker naming both numbers; onnxsim#2 and ONNC#160 before it named them
    assert first("holdout159a", "onnxsim-367.log")[:2] == (
        "version-guard", "the installed onnx's checker refuses the model: its ir_version is higher than the checker's "
        "(the model's IR version 12, the checker's 10), so the model was written by a newer onnx (or exporter) than "
        "the onnx that checks it")
    assert first("holdout159a", "onnc-160.log")[0] == "version-guard"
    # holdout159a: ros_openvino_toolkit#43, OpenVINO 2018 R5's reader and an IR v5
    assert first("holdout159a", "ros_openvino_toolkit-43.log")[1].startswith(
        "OpenVINO's Inference Engine cannot read the model's IR version 5: the .xml was written by a newer Model "
        "Optimizer")


def test_a_librarys_supported_range_of_another() -> None:
    # holdout159a: coremltools#2288, scikit-learn 1.5.0 above coremltools' 1.1.2
    assert first("holdout159a", "coremltools-2288.log")[:2] == (
        "version-guard", "the library's own check refuses scikit-learn 1.5.0: it supports scikit-learn 0.17 to 1.1.2 "
        "(and disables what needs it)")
    # inside the range: nothing (the message would not be printed so; a test of the check itself)
    assert not answered("scikit-learn version 1.0.2 is not supported. Minimum required version: 0.17. Maximum required "
                        "version: 1.1.2. Disabling scikit-learn conversion API.\n")


def test_invalid_device_function_after_any_checks_label() -> None:
    # holdout160b: GOMC#168 ("GPUassert: "), relion#27 ("KERNEL_ERROR: "); holdout154b: JDet#59 ("Error message: ")
    for group, name in (("holdout160b", "GOMC-168.log"), ("holdout160b", "relion-27.log"),
                        ("holdout154b", "JDet-59.log"), ("holdout17b", "tensorrtyolo-74.log")):
        assert first(group, name)[0] == "no-kernel-image", name
