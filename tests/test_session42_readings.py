"""Readings session 42 added or narrowed, each held to a real log's answer or a second reader's input, and the
look-alikes they must leave alone (docs/reliability.md, session 42)."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.log_prefixes import clean
from real_answers import REAL, answered, answers, aside, first, reviewed


def test_a_setup_scripts_python_check_wrapped_before_are_supported() -> None:
    # the session-41 second reader's llvmlite message, wrapped by the terminal after its range: the range is whole
    assert reviewed("review41", "synth-python-refused-wrapped-not-cut") == [(
        "version-guard", "the package's setup.py refuses Python 3.11.4: it supports Python >=3.7,<3.11 only (this "
        "release has no support for a newer Python yet)")]
    # cut inside the range, nothing after it: still told as cut
    assert answered("RuntimeError: Cannot install on Python version 3.12.6; only versions >=3.8,<3\n") == [
        "the package's setup.py refuses Python 3.12.6: its own check of the Python stops the build of a release that "
        "does not support it (the versions it supports are cut off in the paste)"]


def test_pip_v_refusing_one_pythons_wheels_for_two_systems_pasted_alone() -> None:
    # the session-41 second reader's numpy 1.26.4: its cp312 macOS and Windows wheels refused, the manylinux one (which
    # pip -v prints nothing for) the one a Linux machine takes: no failure shown
    assert reviewed("review41", "synth-pip-refusals-subset-new-wording") == []
    # every system's wheels refused (holdout133b: DearPyGui#727), or one system's (vosk#252 and #385): still told
    assert first("holdout133b", "DearPyGui-727.log")[0] == "binary-mismatch"
    assert first("holdout137b", "vosk-api-252.log")[0] == "binary-mismatch"
    # two Pythons' wheels of two systems (the session-41 reader's pip#9142, torch 0.3 on Windows): still told
    assert reviewed("review41", "pip-9142")[0][0] == "binary-mismatch"


def test_poetrys_derivation_cut_after_a_first_step_that_names_a_releases_requirement() -> None:
    # the session-41 second reader's: Poetry's other opening ("Because torchvision (0.15.2) depends on torch (2.0.1)"),
    # cut before its conclusion
    assert reviewed("review41", "synth-poetry-cut-depends-first") == [(
        "version-guard", "Poetry's solver found no set of versions that meets every requirement: its derivation (pasted "
        "without its conclusion) rules out each range of a package its steps name, for what that range's releases "
        "depend on")]
    # a sentence of prose, a requirement named without Poetry's parentheses: nothing
    assert not answered("Because torchvision depends on torch, install torch first.\n")


def test_markdowns_other_bold_italics_around_pips_conflict_line() -> None:
    # the session-41 second reader's "_**x**_" and "***x***" (Markdown renders both as "**_x_**", holdout137a's)
    for name in ("synth-bold-italic-outer-underscores", "synth-bold-italic-triple-stars"):
        assert [family for family, _ in reviewed("review41", name)] == ["version-guard"], name
    assert clean("***tensorflow 2.12.0*** requires x") == "tensorflow 2.12.0 requires x"
    assert clean("_**protobuf 3.19.6**_ which") == "protobuf 3.19.6 which"
    # a banner's stars, a name's underscore and a power's stars are text
    for text in ("*** Error compiling ***", "x_**2 + y", "a ***b", "self._**kwargs"):
        assert clean(text) == text


def test_python_2s_submodule_words_read_from_the_import_statement() -> None:
    # holdout144a: dask#2306 ("No module named decorators" under "from pandas.util.decorators import cache_readonly")
    # and DeepOcclusion#4 (theano.tensor.signal.downsample, removed in theano 0.9)
    family, cause, _ = first("holdout144a", "dask-2306.log")
    assert (family, cause.partition(",")[0]) == (
        "api-mismatch", "dask (dask.dataframe.core) asks for the module pandas.util.decorators")
    family, cause, fix = first("holdout144a", "DeepOcclusion-4.log")
    assert family == "api-mismatch"
    assert "theano 0.9.0 removed it" in cause
    assert "theano<0.9.0" in fix
    # a checkout's own folder of no known distribution (holdout14b's pytorch#759, "tools.setup_helpers.env"): no release
    assert not any("tools.setup_helpers" in cause for cause in answered(
        'Traceback (most recent call last):\n  File "setup.py", line 11, in <module>\n'
        "    from tools.setup_helpers.env import check_env_flag\nImportError: No module named setup_helpers.env\n"))


def test_a_packages_own_init_file_outside_site_packages_names_its_folder() -> None:
    # holdout144a: markupsafe#371, the paste's folders replaced by "C:\Path\to": jinja2's __init__.py makes the files
    # beside it jinja2's modules, the asker of markupsafe's removed soft_unicode
    family, cause, fix = first("holdout144a", "markupsafe-371.log")
    assert family == "api-mismatch"
    assert cause.startswith("jinja2 (jinja2.filters) asks for the name soft_unicode from markupsafe")
    assert 'markupsafe<2.1.0' in fix


def test_dask_distributeds_older_report_a_table_per_package() -> None:
    # holdout144a: distributed#1678, dask/helm-chart#39 and pangeo#157 (distributed 1.2x: "blosc" over its own table)
    assert first("holdout144a", "pangeo-157.log")[:2] == (
        "version-guard", "dask.distributed's client, scheduler and workers run different releases (client / scheduler "
        "/ workers: bokeh 0.12.13 / 0.12.14; msgpack 0.4.8 / 0.5.5; numpy 1.14.0 / 1.14.1)")
    assert first("holdout144a", "helm-chart-39.log")[0] == "version-guard"
    # a package missing on one side only (lz4 None) is no release apart; the same releases everywhere: nothing
    same = ("ValueError: Mismatched versions found\n\nnumpy\n+--------+---------+\n|        | version |\n"
            "+--------+---------+\n| client | 1.14.0  |\n| tcp://1:2 | 1.14.0 |\n+--------+---------+\n")
    assert not answered(same)


def test_a_binarys_loader_allocator_or_gpu_code_refusing_this_machine() -> None:
    # holdout144b: gpt4all#1160 and #70 (a newer macOS's load command), pytorch#6455 and holdout135b's cartopy#766
    # (dyld's compatibility versions), holdout145b: polars#10722 (jemalloc's page size), holdout144b: koboldcpp#610
    for group, log, family in (("holdout144b", "gpt4all-1160.log", "binary-mismatch"),
                               ("holdout144b", "gpt4all-70.log", "binary-mismatch"),
                               ("holdout144b", "pytorch-6455.log", "extension-abi"),
                               ("holdout135b", "cartopy-766.log", "extension-abi"),
                               ("holdout145b", "polars-10722.log", "binary-mismatch"),
                               ("holdout144b", "koboldcpp-610.log", "no-kernel-image")):
        assert first(group, log)[0] == family, log
    assert first("holdout144b", "pytorch-6455.log")[1] == (
        "libshm.dylib was linked against a newer libATen.dylib (compatibility version 1.0.0) than the one loaded "
        "(0.0.0): the two come from different builds or releases")
    assert "LC_DYLD_CHAINED_FIXUPS" in first("holdout144b", "gpt4all-70.log")[1]
    # another load command, a page size named by no allocator: nothing of the kind
    assert not answered("dyld: cannot load 'x' (load command 0x80000028 is unknown)\n")
    assert not answered("ValueError: Unsupported system page size for this mmap\n")


def test_onnxruntimes_provider_found_whose_start_failed() -> None:
    # holdout144b: sherpa-onnx#1825, onnxruntime-gpu beside a package bundling onnxruntime's DLLs (error 1114)
    family, cause, _ = first("holdout144b", "sherpa-onnx-1825.log")
    assert (family, cause.partition(":")[0]) == (
        "extension-dll-load", "onnxruntime's CUDA provider DLL was found and loaded, and its own start failed (error "
        "1114, a DLL initialization routine failed)")


def test_a_unix_build_script_pip_ran_on_windows() -> None:
    # holdout145b: ngs-tools#31 (pysam's htslib configure sourced with "." under cmd, at pip's metadata step)
    assert first("holdout145b", "ngs-tools-31.log")[:2] == (
        "extension-build", "the package's build from source runs Unix shell commands ('.', a configure script) and pip "
        "ran it on Windows, whose cmd does not know them: this build supports no Windows (pip built it because no "
        "wheel of the package fits this Windows Python)")
    # the same words for a command typed at the prompt, no build: nothing
    assert not answered("C:\\> ./run.sh\n'.' is not recognized as an internal or external command,\n"
                        "operable program or batch file.\n")


def test_a_programs_log_of_an_attribute_error_with_its_type_in_brackets() -> None:
    # holdout145a: caracal#1693, "CARACal ERROR: module 'numpy' has no attribute 'in1d' [AttributeError]"
    family, cause, fix = first("holdout145a", "caracal-1693.log")
    assert family == "api-mismatch"
    assert "numpy 2.4.0 removed it" in cause
    assert 'numpy<2.4.0' in fix


def test_pip_finding_no_release_the_logs_python_can_install_read_from_the_release_table() -> None:
    # holdout38a: keras#14128, pip on Python 2.7 (its own end-of-life banner) asked for tensorflow>=2.2.0, whose
    # releases are wheels for Python 3 only; holdout129a: pyjanitor#1036, scipy==1.7.1 (Requires-Python <3.10) on 3.10
    family, cause, _ = first("holdout38a", "keras-14128.log")
    assert family == "binary-mismatch"
    assert cause.startswith("every release of tensorflow that meets tensorflow>=2.2.0 (2.2.0 to ")
    assert cause.endswith("none for Python 2.7, and no source distribution to build")
    requires = ("/usr/lib/python3.10/site-packages\nERROR: Could not find a version that satisfies the requirement "
                "scipy==1.7.1 (from versions: 1.7.2)\nERROR: No matching distribution found for scipy==1.7.1\n")
    assert answered(requires)[0] == (
        "every release of scipy that meets scipy==1.7.1 (1.7.1) declares a Requires-Python that leaves out Python 3.10 "
        "(<3.10,>=3.7), and pip lists only the releases the running Python can install: this Python 3.10 is newer "
        "than any of them supports")  # (session 43: told "too old" before, where the releases' ceiling refused it)
    # a release that installs on the log's Python (pip's reason lies elsewhere), another index than PyPI, a local
    # version label (another index's build), a package the table does not hold: nothing of the kind
    for text in (requires.replace("3.10", "3.9"),
                 "Looking in indexes: https://mirror.example/simple\n" + requires,
                 requires.replace("scipy==1.7.1", "torch==2.0.0+cu118"),
                 requires.replace("scipy==1.7.1", "not-a-package-anyone-publishes==1.0")):
        assert not any("bundled release table" in source for source in _sources(text)), text


def _sources(text: str) -> list[str]:
    from pytest_autoglm_compat.knowledge.logs import explain_log

    found, _ = explain_log(text)
    return [item.hint.source for item in found]


def test_the_release_table_is_read_from_pypis_file_names() -> None:
    from pytest_autoglm_compat.knowledge.release_table import releases_of, table_date
    from pytest_autoglm_compat.tools.history.releases_build import rows_of

    # PyPI's own file names of scipy 1.7.1 and of torch 2.1.0 (two of each's), one yanked file left out
    rows = rows_of([("scipy-1.7.1-cp39-cp39-manylinux_2_5_x86_64.manylinux1_x86_64.whl", False, "<3.10,>=3.7"),
                    ("scipy-1.7.1-cp37-cp37m-win_amd64.whl", False, "<3.10,>=3.7"),
                    ("scipy-1.7.1.tar.gz", False, "<3.10,>=3.7"),
                    ("torch-2.1.0-cp311-cp311-manylinux1_x86_64.whl", False, ">=3.8.0"),
                    ("scipy-1.7.0.tar.gz", True, ">=3.7")], "scipy")
    assert rows == [["1.7.1", "<3.10,>=3.7", "s", "cp37 cp39", "linux windows"]]
    assert table_date() >= "2026-12-07"
    sphinx = {str(r.version): r for r in releases_of("Sphinx") or ()}
    assert str(sphinx["7.2.2"].requires_python) == ">=3.9"
    assert sphinx["7.2.2"].admits("3.8") is False
    assert sphinx["7.2.2"].admits("3.9") is True


def test_an_old_pythons_import_error_under_a_statement_whose_names_go_on_below() -> None:
    # holdout146a: alpaca-backtrader-api#121 and pythondict-quant#1, "cannot import name 'warnings'" (Python 3.6) under
    # backtrader's "from matplotlib.dates import (HOURS_PER_DAY, MIN_PER_HOUR, SEC_PER_MIN," (matplotlib 3.3 removed it)
    family, cause, fix = first("holdout146a", "alpaca-backtrader-api-121.log")
    assert family == "api-mismatch"
    assert cause.startswith("backtrader 1.9.76.123 (backtrader.plot.locator) asks for the name warnings from "
                            "matplotlib.dates, which matplotlib 3.3.2 does not have: matplotlib 3.3.0 removed it")
    assert 'matplotlib<3.3.0' in fix
    assert first("holdout146a", "pythondict-quant-1.log")[0] == "api-mismatch"


def test_pkg_resources_cut_at_its_raise_of_a_version_conflict() -> None:
    # holdout146a: kedro#864 and kedro-great#9, a plugin's entry point loaded through pkg_resources, the paste cut at
    # "raise VersionConflict(dist, req).with_context(dependent_req)"
    for log in ("kedro-864.log", "kedro-great-9.log"):
        family, cause, _ = first("holdout146a", log)
        assert family == "version-guard", log
        assert cause.startswith("pkg_resources refused to load a distribution (the traceback is cut before its error, "
                                "at its raise of VersionConflict)")
    # another package's raise of a version conflict of its own is not pkg_resources' check
    assert not answered('Traceback (most recent call last):\n  File "/x/site-packages/mypkg/deps.py", line 3, in load\n'
                        "    raise VersionConflict(dist, req)\n...\n")


def test_casadis_check_of_a_serialized_objects_format() -> None:
    # holdout146a: PyBaMM#3100, "Object written in version 2 but can only read in version 1"
    family, cause, _ = first("holdout146a", "PyBaMM-3100.log")
    assert (family, cause) == ("version-guard", "the object was serialized by a newer CasADi (format version 2) than the "
                               "one deserializing it, which reads up to version 1 (CasADi's own check)")
    # the same words with no CasADi named, or an older object: nothing of the kind
    assert not answered("RuntimeError: Object written in version 2 but can only read in version 1.\n")
    assert not answered("RuntimeError: casadi: Object written in version 1 but can only read in version 2.\n")


def test_nvidias_custom_op_builder_reporting_a_plugin_it_could_not_compile() -> None:
    # holdout146b: stylegan2-ada#91 (TensorFlow's plugin); holdout44b: stylegan2-ada-pytorch#97, whose "Failed to build
    # CUDA kernels for bias_act" is the project's words, no package pip built ("pip could not build CUDA" before)
    family, cause, _ = first("holdout146b", "stylegan2-ada-91.log")
    assert family == "extension-build"
    assert cause.startswith("the project's custom-op builder could not compile its CUDA plugin fused_bias_act.cu for "
                            "TensorFlow")
    assert not any("pip could not build CUDA" in cause for _, cause, _ in answers("holdout44b",
                                                                                 "stylegan2-ada-pytorch-97.log"))
    # the builder's own reason, where the log shows it, is told instead (holdout102b: DFMGAN#45, no C++ compiler)
    assert first("holdout102b", "DFMGAN-45.log")[1].startswith(
        "the project's custom-op builder (NVIDIA's torch_utils/custom_ops.py) found no C++ compiler")


def test_a_terminals_wrap_inside_the_loaders_and_pips_last_words() -> None:
    # holdout146b: KPConv#36 ("tf_neighbors.so: undefined " / "symbol: _ZN10tensorflow..."), tensorflow#10061 ("... is
    # not a supported wheel on this p" / "latform.")
    assert first("holdout146b", "KPConv-36.log")[0] == "extension-abi"
    assert first("holdout146b", "tensorflow-10061.log")[0] == "binary-mismatch"


def test_pips_list_below_releases_pypi_has_is_told_with_the_pythons_they_declare_and_no_claim() -> None:
    # holdout144a: readthedocs.org#10333 (Sphinx>=6.1.3, pip's list stopping at 4.x) and holdout21a's distractor
    # XVERSE-13B#20 (a mirror that lags): the release table names what PyPI has and the Python it declares, told apart

    # (XVERSE-13B#20's list stops exactly where Requires-Python rises: session 45's reading claims it)
    for group, log, told in (("holdout144a", "readthedocs.org-10333.log", "Sphinx>=6.1.3: PyPI has releases that meet "
                              "it (6.1.3 to "),):
        assert not answered((REAL / group / log).read_text(encoding="utf-8")), log
        [(family, cause)] = aside((REAL / group / log).read_text(encoding="utf-8"))
        assert family == "ahead-of-the-index"
        assert told in cause
        assert cause.endswith("the running Python is older than they declare, or the index pip read is a mirror that "
                              "lags")


def test_the_session_42_second_readers_false_claims_mended() -> None:
    # tests/data/review42: cmd's refusal of a command typed after pip finished is the user's; a project's own folder
    # named like a package is not that package; a prose sentence is no Poetry step; dask's table warned, not raised,
    # before another exception; a warning's logged AttributeError the run goes past
    for name in ("synth-win-dot-typed-after-pip-success", "synth-win-make-html-after-pip-docs",
                 "synth-dask-old-tables-warning-killedworker",
                 "synth-logged-attr-bracket-plugin-warning-then-missing-file",
                 "synth-poetry-prose-then-urllib3-missing", "synth-py2-sklearn-shadowed-by-own-file"):
        assert reviewed("review42", name) == [], name
    for name in ("synth-init-own-datasets-folder-torch-six", "synth-init-own-evaluate-folder-sklearn",
                 "synth-init-subpackage-datasets-pcdet"):
        assert not any("(datasets" in cause or "(evaluate" in cause for _, cause in reviewed("review42", name)), name
    assert reviewed("review42", "synth-poetry-prose-before-triton-pip")[0][0] == "binary-mismatch"  # triton's wheels
    # cmd's refusal in French and Chinese, and under easy_install's and old pip's output: the reading's own case
    for name in ("genomeview-11", "higlass-manage-23", "hgvs-470", "htseq-55"):
        assert reviewed("review42", name)[0][1].startswith("the package's build from source runs Unix shell commands"), \
            name
    # holdout142b's Voxel-R-CNN-10 (pcdet/datasets): its answer before the folder reading, back
    assert first("holdout142b", "Voxel-R-CNN-10.log")[1].startswith("pcdet.ops.iou3d_nms holds no iou3d_nms_cuda")


def test_what_holdout147_showed_jax_plugins_theanos_kernels_gomp_cudnns_dialog_and_torchs_own_library() -> None:
    # holdout147b: JAX's PJRT plugin check (jax#24901, intel-extension-for-openxla#27) and its plugin warning wrapped
    # (recovar#64); Theano's "invalid device function" (#5051, #4657); libgomp's GOMP_4.0 (xgboost#1786); Windows'
    # dialog for cudnn64_5.dll (yajiedesign/mxnet#5); torch's own libtorch_cuda.so from a path beginning at torch/
    # (pytorch#120186)
    for log, family in (("jax-24901.log", "binary-mismatch"), ("intel-extension-for-openxla-27.log", "binary-mismatch"),
                        ("recovar-64.log", "binary-mismatch"), ("Theano-5051.log", "no-kernel-image"),
                        ("Theano-4657.log", "no-kernel-image"), ("xgboost-1786.log", "glibcxx-not-found"),
                        ("yajiedesign-mxnet-5.log", "extension-cuda-lib"), ("pytorch-120186.log", "extension-cuda-lib")):
        assert first("holdout147b", log)[0] == family, log
    assert first("holdout147b", "jax-24901.log")[1] == (
        "JAX's cuda plugin speaks PJRT API 0.54 and the installed jaxlib 0.51: the plugin and jaxlib are from releases "
        "that do not fit (JAX's own check)")
    assert first("holdout147b", "pytorch-120186.log")[1].startswith("torch's own library lacks ncclCommRegister")
    # holdout147b's distractor pytorch#86630 (a links page passed as an index): a local label's build the index lists
    # none of is told apart, not claimed; holdout30b's FISOR#3 (JAX's Windows) reads the same
    text = (REAL / "holdout147b" / "pytorch-86630.log").read_text(encoding="utf-8")
    assert not answered(text)
    assert aside(text)[0][0] == "index-without-builds"


def test_what_holdout148_showed_hdf5s_own_functions_a_cut_quote_and_the_build_tools_words() -> None:
    # holdout148b: netcdf4-python#1345 (HDF5's lower-case H5get_libversion missing at load), #617 (pkg-config's "No
    # package 'hdf5' found"), self-operating-computer#246 (Meson: "Compiler cl cannot compile programs"), best#89
    # (pyproj's "Proj executable not found"); holdout148a: trustworthyAI#87 (networkx.to_numpy_matrix, the quote cut)
    for group, log, family in (("holdout148b", "netcdf4-python-1345.log", "extension-abi"),
                               ("holdout148b", "netcdf4-python-617.log", "extension-build"),
                               ("holdout148b", "self-operating-computer-246.log", "extension-build"),
                               ("holdout148b", "best-89.log", "extension-build"),
                               ("holdout148a", "trustworthyAI-87.log", "api-mismatch")):
        assert first(group, log)[0] == family, log
    assert "networkx 1.3 added it and 3.0 removed it" in first("holdout148a", "trustworthyAI-87.log")[1]
    # pyproj's check of the PROJ it found, in the same log, is what is told (holdout83a: pyproj#480)
    assert first("holdout83a", "pyproj-480.log")[0] == "version-guard"


def test_macos_10_5s_words_for_a_load_command_of_10_6() -> None:
    # the session-42 second reader's pioneer#1095: "libpng14.14.dylib: unknown required load command 0x80000022"
    assert reviewed("review42", "pioneer-1095")[0] == (
        "binary-mismatch", "libpng14.14.dylib was built for a newer macOS than this one: it holds load command "
        "0x80000022 (LC_DYLD_INFO_ONLY), which macOS's loader knows from macOS 10.6 on")


def test_what_holdout149_showed_a_floor_and_above_tensorrts_loader_and_a_package_named_twice() -> None:
    # holdout149a: spikeinterface#4001 (its own floor on kilosort, the found release wrapped to the next line);
    # holdout149b: TensorRT#2218 (TensorRT's own loader), and the distractor pyncnn#14 ("No module named
    # 'ncnn.ncnn'": the package named twice, the user's path, not a release)
    assert first("holdout149a", "spikeinterface-4001.log")[:2] == (
        "version-guard", "SpikeInterface's own check needs kilosort 4.0.16 or newer (the installed one is 4.0.12)")
    assert first("holdout149b", "TensorRT-2218.log")[0] == "extension-cuda-lib"
    assert answers("holdout149b", "pyncnn-14.log") == []
