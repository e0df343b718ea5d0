"""Readings session 46 added or narrowed, each held to a real log's answer, and the look-alikes they must leave
alone (docs/reliability.md, session 46)."""

from __future__ import annotations

from real_answers import answered, answers, first, reviewed

_PAIR = ("torch's C++ extension builder runs {found}, and this torch was built with {built}: the extension is compiled "
         "by another compiler than torch's own, whose C++ ABI may not match")
_WARNING = ("Your compiler ({found}) is not compatible with the compiler Pytorch was\n"
            "built with for this platform, which is {built} on {system}. Please\n"
            "use {built} to to compile your extension. Alternatively, you may\n")


def test_torchs_check_of_another_compiler_claims_only_another_family() -> None:
    # torch prints the warning where CXX's resolved path names none of the compilers it accepts, and its "built with"
    # is the first of them, not torch's own compiler (the session-46 second reader): a launcher, c++, conda's or a
    # devtoolset's GCC, and g++ on a Mac (Apple's clang) are no other compiler
    assert answers("holdout171b", "ATSS-98.log") == []  # g++ on darwin
    assert answers("holdout171b", "difflogic-1.log") == []  # c++ on linux
    assert answers("holdout171b", "pytorch-23676.log") == []  # clang++ on darwin
    assert answers("holdout171b", "pytorch-33701.log") == []  # g++ on linux (ccache)
    for name in ("pytorch-23396", "maskrcnn-benchmark-365", "pytorch-complex-5",
                 "synth-wrongcompiler-devtoolset-cxx-build-ok", "synth-wrongcompiler-ccache-clangpp-macos-build-ok"):
        assert reviewed("review46", name) == [], name
    # the real cause after the warning leads (nvcc refusing the host GCC)
    assert reviewed("review46", "synth-wrongcompiler-ccache-then-nvcc-gcc-too-new")[0][1] == (
        "the host compiler is newer than this CUDA toolkit accepts (gcc later than 10)")
    # Clang where torch on Linux accepts GCC, Homebrew's real GCC where torch on a Mac accepts Clang: surely two
    assert answered(_WARNING.format(found="/usr/bin/clang++-14", built="g++", system="linux")) == [
        _PAIR.format(found="clang++-14", built="g++")]
    assert answered(_WARNING.format(found="/opt/homebrew/bin/g++-13", built="clang++", system="darwin")) == [
        _PAIR.format(found="g++-13", built="clang++")]
    assert answered(_WARNING.format(found="/usr/bin/g++", built="g++", system="linux")) == []
    assert answered(_WARNING.format(found="ccache clang++-14", built="g++", system="linux")) == []


_OLD_GCC = ("the C++ compiler {} is older than the GCC this torch's extensions need (torch reads its version and finds it "
            "below its floor): the build fails, or the extension does not load against torch's C++ ABI")


def test_a_compiler_below_torchs_floor() -> None:
    # holdout171b: faster-rcnn.pytorch#535 (g++ 4.8.5), pixel2style2pixel#318 (c++ 4.8), mmdetection#2663 (c10's #error)
    assert first("holdout171b", "faster-rcnn.pytorch-535.log")[1] == _OLD_GCC.format("g++ 4.8.5")
    assert first("holdout171b", "pixel2style2pixel-318.log")[1] == _OLD_GCC.format("c++ 4.8")
    assert first("holdout171b", "mmdetection-2663.log")[:3] == (
        "extension-build", "the host compiler is older than torch's C++ headers accept (they need GCC 5 or later): the "
        "extension's build stops at the headers' own #error",
        "build with GCC 5 or later (CC/CXX naming it, or a newer system compiler), or install a prebuilt wheel of the "
        "package")
    # no version printed (a compiler torch could not read): nothing claimed; MSVC's cl has a floor of its own, not
    # GCC's (the session-46 second reader's FCOS#62)
    assert answered("Your compiler (c++) may be ABI-incompatible with PyTorch!\n") == []
    assert reviewed("review46", "FCOS-62") == []


def test_a_compiler_torch_could_not_run_in_the_systems_language() -> None:
    # holdout171b: DB#292 (cl, Windows' words in Chinese), apex#253 (c++ on Windows)
    assert first("holdout171b", "DB-292.log")[1].startswith(
        "torch's C++ extension builder could not run the compiler cl (not found)")
    # cl's own diagnostics, ninja's cl /showIncludes, a wheel built: the compiler ran (the second reader's look-alikes)
    assert not any("could not run the compiler" in cause
                   for _, cause in reviewed("review46", "synth-cl-check-fails-then-cl-compile-error"))
    assert reviewed("review46", "synth-cl-check-fails-pip-wheel-built") == []
    assert first("holdout171b", "apex-253.log")[:2] == (
        "extension-build", "torch's C++ extension builder could not run the compiler c++ (not found on PATH): on "
        "Windows torch builds extensions with Microsoft's cl")
    # the prompt back after the warning: the import that printed it finished (the session-37 second reader's case)
    assert reviewed("review37", "CogDL-372") == []
    # POSIX: torch runs g++ whatever CXX names, and the build's own error says more (the same reader's synthetic case)
    assert not any("could not run the compiler" in cause
                   for _, cause in reviewed("review37", "synth-cl-conda-cxx-gpp-missing-eigen"))


def test_cudnn_h_missing_is_cudnns_not_the_toolkits() -> None:
    # holdout172b: pyyolo#54, CuCalc#2 (Theano's probe)
    for log in ("pyyolo-54.log", "CuCalc-2.log"):
        family, cause, fix = first("holdout172b", log)
        assert family == "extension-cuda-lib"
        assert cause == ("the build cannot find cudnn.h: cuDNN's development files (its headers) are not installed, "
                         "or not on the include path (cuDNN is installed apart from the CUDA toolkit)")
        assert "install the CUDA toolkit" not in fix
    # another CUDA header is still the toolkit's
    assert answered("x.cu:3:10: fatal error: cublas_v2.h: No such file or directory\n") == [
        "the build cannot find cublas_v2.h: the CUDA toolkit's headers are not installed or not on the include path"]
    # cudnn-frontend's header is a git submodule's, a project's cuda_utils.h and cuSPARSELt's are no toolkit's (the
    # session-46 second reader's TransformerEngine#171, #307 and look-alikes)
    assert reviewed("review46", "TransformerEngine-171") == []
    assert reviewed("review46", "TransformerEngine-307") == []
    assert reviewed("review46", "synth-project-cuda-utils-header") == [
        ("extension-build", "the build cannot find cuda_utils.h: the header is not installed or not on the include path")]
    assert reviewed("review46", "synth-cusparselt-header-missing")[0][1] == (
        "the build cannot find cusparseLt.h: the header is not installed or not on the include path")


def test_what_is_no_release_mismatch() -> None:
    # holdout172a's distractor PaddleOCR#10523: paddleocr's "from tools.infer import", its repository's folder
    assert answers("holdout172a", "PaddleOCR-10523.log") == []
    # holdout172b's distractor rust-cpython#224: a cdylib's file (libfastpython.so) imported under its file's name
    assert answers("holdout172b", "rust-cpython-224.log") == []
    assert answered("ImportError: dynamic module does not define module export function (PyInit_minirts)\n") != []
    # holdout172a: pycbc#806, PyCBC's setup.py refusing numpy during egg_info: no compile to blame
    assert answers("holdout172a", "pycbc-806.log") == []


def test_a_source_build_stopped_at_its_first_step_for_want_of_a_wheel() -> None:
    # holdout174b: numpy#31613, numpy 1.22.0's zip built where no Python or system is shown: its wheels cover Linux,
    # macOS and Windows for CPython 3.8-3.10, so the fallback itself says this Python is another
    family, cause, _ = first("holdout174b", "numpy-31613.log")
    assert family == "binary-mismatch"
    assert cause.startswith("numpy 1.22.0 publishes wheels for Linux, macOS, Windows, for cp38, cp39, cp310 only (the "
                            "bundled release table: PyPI's files, read ")
    assert "an installer building it from source runs another Python (or a machine those wheels leave out" in cause
    # the same first step where the log shows the Python: a setup script's own refusal of it stops there too
    # (holdout135a: bili2text#73, numba 0.60.0's Python check), told as before
    assert first("holdout135a", "bili2text-73.log")[0] == "extension-build"
    # a source build asked for (--no-binary), an archive the user gave, a Mac's own temporary folders, another build's
    # first step that went through: not read (the session-46 second reader's scipy#17225 and look-alikes)
    for name in ("scipy-17225", "synth-no-binary-all-pyyaml", "synth-local-sdist-numpy-processing",
                 "synth-dep-sdist-ok-then-git-project-fails"):
        assert not any("publishes wheels" in cause for _, cause in reviewed("review46", name)), name


def test_a_cu_named_header_of_the_codes_own_through_a_relative_include() -> None:
    # holdout174b's distractor scikit-cuda#227: "nvcc --cubin -I skcuda/include", cuSpecialFuncs.h not found
    assert answers("holdout174b", "scikit-cuda-227.log") == []
    # the toolkit's own header, and one not the toolkit's with absolute include paths, as before
    assert answered("nvcc -I skcuda/include x.cu\nx.cu:1:10: fatal error: nvrtc.h: No such file or directory\n") == [
        "the build cannot find nvrtc.h: the CUDA toolkit's headers are not installed or not on the include path"]
    assert answered("nvcc -I/opt/x/include x.cu\nx.cu:1:10: fatal error: cuSpecialFuncs.h: No such file or "
                    "directory\n") == ["the build cannot find cuSpecialFuncs.h: the header is not installed or not on "
                                       "the include path"]


_ILLEGAL = ("a compiled library uses CPU instructions this CPU does not have (a build for AVX2/AVX-512 running on an "
            "older or emulated CPU): the process stopped on an illegal instruction")


def test_an_illegal_instruction_as_windows_and_faulthandler_report_it() -> None:
    # holdout173b: polars#13316 (an IDE's exit code), polars#19160 (faulthandler on Windows), open-ontologies#223
    for log in ("polars-13316.log", "polars-19160.log", "open-ontologies-223.log"):
        assert first("holdout173b", log)[:2] == ("binary-mismatch", _ILLEGAL), log
    # another exit code, and the words inside a sentence, are not it
    assert answered("Process finished with exit code -1073741819 (0xC0000005)\n") == []
    assert answered("Fatal Python error: Illegal instruction errors on start-up mean the CPU is old\n") == []


def test_a_compiler_older_than_what_the_build_asks_of_it() -> None:
    # holdout174b: hnswlib#40 (-std=c++14 unknown to GCC 4.8), hnswlib#356 (-march=native naming tigerlake)
    assert first("holdout174b", "hnswlib-40.log")[:2] == (
        "extension-build", "the C++ compiler does not know -std=c++14, the C++ standard the build asks for: it is older "
        "than that standard")
    assert first("holdout174b", "hnswlib-356.log")[:2] == (
        "extension-build", "the compiler does not know the CPU tigerlake the build targets (-march=native names this "
        "machine's CPU): the compiler is older than the CPU")
    # holdout173b: tokenizers#97, setuptools-rust's own words
    assert first("holdout173b", "tokenizers-97.log")[1].startswith(
        "building the package's Rust extension needs a Rust toolchain (rustc and cargo), which is not installed")


def test_torch_26s_weights_only_default_in_its_own_words() -> None:
    # holdout175a: MangaQuick#13, torch's message naming its 2.6 change and the global it refused
    family, cause, _ = first("holdout175a", "MangaQuick-13.log")
    assert (family, cause) == (
        "api-mismatch", "torch 2.6 changed torch.load's default to weights_only=True, and this checkpoint pickles an "
        "object of functools.partial, which that default refuses: the code loading it was written for torch before 2.6")
    # holdout175a: champ#144, the message without torch's words for its changed default (a caller asking
    # weights_only=True itself): nothing claimed
    assert answers("holdout175a", "champ-144.log") == []


def test_torchs_own_extension_module_lacking_a_cudnn_function() -> None:
    # holdout176b: pytorch#3831, torch 0.x's _C linking cuDNN itself, an older libcudnn loaded
    family, cause, fix = first("holdout176b", "pytorch-3831.log")
    assert family == "extension-cuda-lib"
    assert cause.startswith("torch's own library lacks cudnnSetConvolutionGroupCount, a function of libcudnn: the "
                            "libcudnn loaded is older than the one this torch was built with")
    assert fix.startswith("find the libcudnn loaded (ldd on torch/_C*.so; ")
