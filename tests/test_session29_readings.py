"""Readings session 29 added, each held to a real log's answer and the look-alikes they must leave alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_autoglm_compat.knowledge.generic.atlas import name_change
from pytest_autoglm_compat.knowledge.known_failures import Versions
from pytest_autoglm_compat.knowledge.logs import explain_log
from real_answers import REAL, answered, first


def test_a_constructor_of_one_package_called_from_a_script_with_its_release_shown() -> None:
    # gensim#3034: Python 3.7's "__init__() got an unexpected keyword argument 'vector_size'" under a notebook's
    # "model = Word2Vec(sentences=docs, vector_size=200, ...)", the log's version block showing gensim 3.8.3
    assert first("holdout70a", "gensim-3034.log") == (
        "api-mismatch",
        "Word2Vec.__init__() (gensim.models.word2vec) is called with the keyword vector_size, which it does not take "
        "in gensim 3.8.3: gensim 4.0.0 added it (the releases before it lack it), so the calling code (or the saved "
        "file whose settings it passes) was written for a newer gensim",
        'install gensim>=4.0.0 (pip install "gensim>=4.0.0"), or calling code that follows this gensim')


@pytest.mark.parametrize(("log", "claimed"), [
    # a class name of one word, no release shown: a script's own Trainer may refuse the keyword
    ("    trainer = Trainer(model, tokenizer=tok)\nTypeError: __init__() got an unexpected keyword argument "
     "'tokenizer'\n", False),
    # one package of the atlas defines Word2Vec, but pyspark's (not read) has one too: a script's call says not whose
    ("    model = Word2Vec(sentences, size=100)\nTypeError: __init__() got an unexpected keyword argument 'size'\n",
     False),
    # the call names the package (spec2vec#63): gensim's, whose 4.0.0 removed size
    ("    model = gensim.models.Word2Vec(sentences, size=100)\nTypeError: __init__() got an unexpected keyword "
     "argument 'size'\n", True),
    # a keyword every gensim release of the class took: not gensim's refusal
    ("    model = Word2Vec(sentences, min_count=1)\nTypeError: __init__() got an unexpected keyword argument "
     "'min_count'\n", False),
    # two packages define FastText (gensim's, torchtext's): whose is not told
    ("    model = FastText(sentences, size=100)\nTypeError: __init__() got an unexpected keyword argument 'size'\n",
     False),
])
def test_a_constructor_called_from_a_script_without_its_package_in_the_frames(log: str, claimed: bool) -> None:
    frame = '  File "train.py", line 3, in <module>\n'
    assert bool(answered(f"Traceback (most recent call last):\n{frame}{log}")) is claimed


def test_a_function_called_through_its_whole_module_path_with_the_keyword_written_out() -> None:
    # scipy.linalg.solve(sym_pos=): SciPy 1.11 removed it (1.11.0 was yanked). pytest's ">" line is the frame's source.
    # interpret-community#568's "linalg.solve(" alone could be NumPy's, JAX's or Dask's linalg (the session-29 second
    # reader's np.linalg.solve, jax.scipy.linalg.solve, da.linalg.solve): no answer
    log = (">           return scipy.linalg.solve(A, Xy, sym_pos=True, overwrite_a=True).T\n"
           "E           TypeError: solve() got an unexpected keyword argument 'sym_pos'\n")
    assert answered(log) == [
        "solve() is called with the keyword sym_pos, which of the packages the atlas reads only scipy's solve() "
        "(scipy.linalg._basic) ever took, and not in every release: scipy 1.10.1 has it and 1.11.1 lacks it (a "
        "release between them removed it); with the installed scipy, the calling code (or the saved settings it "
        "passes) was written for an older scipy"]
    assert answered((REAL / "holdout70a" / "interpret-community-568.log").read_text()) == []


@pytest.mark.parametrize("source", [
    "return solve(A, Xy, sym_pos=True)",  # a bare name: any package's solve
    "return self.solve(A, Xy, sym_pos=True)",  # the object's own method
    "return sympy.solve(A, Xy, sym_pos=True)",  # a module none of the index's solve() lies in
    "return np.linalg.solve(A, Xy, sym_pos=True)",  # NumPy's linalg
    "return sp.linalg.solve(A, Xy, sym_pos=True)",  # jax.scipy imported as sp (BDI#2)
])
def test_a_short_function_name_without_its_module_gets_no_answer(source: str) -> None:
    log = (f">           {source}\n"
           "E           TypeError: solve() got an unexpected keyword argument 'sym_pos'\n")
    assert answered(log) == []


def test_a_markdown_quote_is_no_source_line() -> None:
    log = ("> linalg.solve(A, Xy, sym_pos=True)\n"
           "TypeError: solve() got an unexpected keyword argument 'sym_pos'\n")
    assert answered(log) == []


def test_pkg_resources_pin_against_old_pips_list() -> None:
    # nupic.studio#20: the entry point's numpy==1.8.1 against numpy 1.9.1, which pip 1.5.6 lists as "numpy (1.9.1)"
    assert first("holdout70a", "nupic.studio-20.log") == (
        "version-guard",
        "pkg_resources found no installed distribution that meets numpy==1.8.1 (numpy 1.9.1 is installed)",
        "pip install -U 'numpy==1.8.1'")


@pytest.mark.parametrize(("text", "version"), [
    ("pkg_resources.DistributionNotFound: numpy==1.8.1\n", None),  # the requirement is not what is installed
    ("numpy (1.9.1)\npandas (0.15.1)\n", "1.9.1"),  # pip list before pip 9
    ("numpy==1.9.1\n", "1.9.1"),
    ("numpy (see the docs)\n", None),
])
def test_versions_read_from_old_pip_lists_and_not_from_a_missing_requirement(text: str, version: str | None) -> None:
    assert Versions.mentioned_in(text).version_of("numpy") == version


def test_an_imported_name_is_present_where_its_submodule_is() -> None:
    # ONNXifier#40: "from onnx import mapping" worked while onnx/mapping.py existed (1.0.0 to 1.18.0); onnx/__init__
    # bound the name only from 1.14.0, which the atlas told as "1.14.0 added it"
    assert first("holdout70a", "ONNXifier-40.log") == (
        "api-mismatch",
        "the code that imports it asks for the name mapping from onnx, which the installed onnx does not have: onnx "
        "1.19.0 removed it (1.18.0 is the last release with it), so that code was written for an older onnx",
        'install onnx<1.19.0 (pip install "onnx<1.19.0"), or a release of the importing package that follows this '
        "onnx")
    bound = name_change("onnx", "onnx", "mapping")
    imported = name_change("onnx", "onnx", "mapping", importable=True)
    assert bound is not None
    assert imported is not None
    assert (str(bound.added_in), str(imported.added_in)) == ("1.14.0", "None")
    # an attribute read does not import the submodule: the bound name's history stands
    assert answered("AttributeError: module 'onnx' has no attribute 'mapping'\nonnx==1.10.0\n")


def test_conda_4s_conflict_list_without_its_headline() -> None:
    # biostar-handbook#13: the list alone, pasted under a heading; tophat's chain ends in Python 2.7
    assert first("holdout71a", "biostar-handbook-13.log") == (
        "version-guard",
        "conda found the specifications in conflict: the environment asks for Python 3.6, and tophat needs Python 2.7",
        'ask for a release of tophat that has builds for Python 3.6 (conda install "tophat" without the pin, or a '
        "newer one), or create an environment with the Python it needs (conda create -n ENV python=2.7 tophat)")
    # conda-5632: a chain through conda-env is one conda-env build's need: conda's own words, not told as conda's
    assert first("holdout52a", "conda-5632.log")[1].startswith("conda's solver found no environment that meets")


def test_one_specification_in_conflict_with_nothing_is_no_version_guard() -> None:
    # bioconda-recipes#7678 (holdout71a's distractor): conda-forge not among the channels, uropa's needs unmet
    assert answered((REAL / "holdout71a" / "bioconda-recipes-7678.log").read_text()) == []


def test_condas_bare_python_series_in_a_builds_list() -> None:
    # ntJoin#45: "python[version='2.7.*|3.5.*|3.6.*|>=2.7,<2.8.0a0|>=3.5,<3.6.0a0|3.4.*']" under Python 3.8
    family, cause, fix = first("holdout71a", "ntJoin-45.log")
    assert (family, cause) == (
        "version-guard",
        "conda has ntjoin only for Python 2.7.* or 3.5.* or 3.6.* or >=2.7,<2.8.0a0 or >=3.5,<3.6.0a0 or 3.4.*, and "
        "the environment's Python is 3.8")
    assert fix.startswith("create the environment with Python 3.6 (the newest it has builds for)")


def test_an_exception_pasted_above_its_ipython_traceback_takes_its_frames() -> None:
    # pennylane#8112: the error line first, then IPython's "AttributeError   Traceback (most recent call last)" and
    # frames of pennylane cut before their last line
    # (from session 39 the atlas reads autoray: the release that removed it)
    assert first("holdout71a", "pennylane-8112.log")[1].startswith(
        "pennylane (pennylane.kernels) asks for autoray.autoray.NumpyMimic, which the installed autoray does not "
        "have: autoray 0.8.0 removed it (0.7.2 is the last release with it)")
    # an exception of another type above the header keeps no frames of it
    log = ("ValueError: bad value\n"
           "AttributeError                            Traceback (most recent call last)\n"
           "/usr/lib/python3.12/site-packages/pennylane/__init__.py in <module>\n"
           "---> 30 import pennylane.kernels\n")
    assert answered(log) == []


@pytest.mark.parametrize(("log", "family", "starts"), [
    ("holdout71b/DBSCAN_multiplex-7.log", "extension-abi",
     "a compiled module that uses HDF5 (h5py, PyTables, netCDF4 or another) was built against the HDF5 1.8.17 "
     "headers and loads the HDF5 1.8.18 library"),
    ("holdout71b/CTranslate2-1849.log", "binary-mismatch",
     "libctranslate2-bc15bf3f.so.4.5.0 is marked as needing an executable stack, and this system will not make the "
     "stack executable for a library loaded at run time (glibc 2.41 and newer refuse it; WSL 1 did too)"),
    ("holdout71b/dgl-7450.log", "binary-mismatch",
     "DGL's GraphBolt library (built once per torch release) did not load with the installed torch"),
    ("holdout71b/SimSwap-218.log", "extension-dll-load",
     "onnxruntime's CUDA provider DLL is installed but Windows could not load a DLL it links (error 126, not found)"),
    ("holdout71b/acrcloud_sdk_python-41.log", "binary-mismatch",
     "a compiled library is built for x86_64, and the program loading it (a Python, a tool) runs as arm64"),
    ("holdout71b/involution-52.log", "cuda-driver-too-old",
     "the program's GPU code is PTX from a CUDA toolkit newer than the NVIDIA driver"),
    ("holdout71b/remote_sensing_object_detection_2019-14.log", "torch-not-cuda",
     "the compiled extension was built without its CUDA code (RROIAlign_forward in "),
])
def test_binaries_told_by_their_own_libraries_words(log: str, family: str, starts: str) -> None:
    group, _, name = log.partition("/")
    found = first(group, name)
    assert found[0] == family
    assert found[1].startswith(starts)


@pytest.mark.parametrize("line", [
    "Headers are 1.10.6, library is 1.10.6",  # the same release: another check's words
    "libfoo.so: cannot enable executable stack as shared object requires: Permission denied",  # SELinux, no glibc's
    "LoadLibrary failed with error 126 \"The specified module could not be found.\" when trying to load "
    "\"C:\\\\app\\\\plugins\\\\myplugin.dll\"",  # not onnxruntime's provider
    "RuntimeError: Compiled with GPU support",
])
def test_look_alikes_of_the_binaries_words_get_no_such_answer(line: str) -> None:
    assert not any(cause.startswith(("a compiled module that uses HDF5", "libfoo.so is marked", "onnxruntime's",
                                     "the compiled extension was built without"))
                   for cause in answered(f"{line}\n"))


def test_a_vendored_copy_does_not_hide_the_package_it_copies() -> None:
    # notion-game-list#14: pip vendors urllib3 (pip._vendor.urllib3.util.retry.Retry), whose method_whitelist pip 26.1
    # dropped; the program imports urllib3's Retry, whose 2.0 removed it (2.0.0 and 2.0.1 yanked)
    assert first("holdout54a", "notion-game-list-14.log") == (
        "api-mismatch",
        "Retry.__init__() (urllib3.util.retry) is called with the keyword method_whitelist, which it does not take in "
        "the installed urllib3: urllib3 1.26.20 has it and 2.0.2 lacks it (a release between them removed it), so the "
        "calling code (or the saved file whose settings it passes) was written for an older urllib3",
        # (the atlas read no 2.0.0 or 2.0.1: the pin leaves the series out, session 36)
        'install urllib3<2.0 (pip install "urllib3<2.0"), or calling code that follows this urllib3')


def test_a_short_functions_positional_count_read_through_the_module_the_line_calls() -> None:
    # Retrieval-based-Voice-Conversion-WebUI#1961: "librosa.core.load(" with three arguments by position; librosa 0.10
    # made load()'s parameters after the path keyword-only
    assert first("holdout50a", "Retrieval-based-Voice-Conversion-WebUI-1961.log")[1] == (
        "librosa.core.load() is called with 3 arguments by position, and librosa's librosa.core.load() "
        "(librosa.core.audio) took 1 in some releases and more in others: librosa 0.10.0 made it take only 1 by "
        "position (0.9.2, the newest release read before, took 7); with the installed librosa, the calling code was "
        "written for an older librosa")
    # the same words through an object of the script's own, or a bare name, are anyone's load()
    for line in ("y, sr = audio.load(path, 44100, True)", "y, sr = load(path, 44100, True)"):
        log = (f'  File "vr.py", line 63, in _path_audio_\n    {line}\n'
               "TypeError: load() takes 1 positional argument but 3 positional arguments (and 2 keyword-only "
               "arguments) were given\n")
        assert answered(f"Traceback (most recent call last):\n{log}") == []


def test_a_multi_part_geometry_iterated_is_told_through_the_base_class_that_had_iter() -> None:
    # kraken#419: Shapely 1.8's MultiPolygon inherits __iter__ from BaseMultipartGeometry; 2.0 has none
    assert first("holdout70a", "kraken-419.log") == (
        "api-mismatch",
        "the code uses a MultiPolygon (shapely.geometry.multipolygon) as an iterable (a for loop, list(), unpacking, "
        "extend()), which needs __iter__, and the installed shapely's MultiPolygon has none (its own or inherited): "
        "shapely 2.0.0 removed it (1.8.5.post1 is the last release with it), so the code was written for an older "
        "shapely",
        'install shapely<2.0.0 (pip install "shapely<2.0.0"), or code that follows this shapely\'s MultiPolygon (its '
        "documented way to reach the parts)")


@pytest.mark.parametrize(("line", "claimed"), [
    ("TypeError: 'MultiPolygon' object is not iterable", True),
    ("TypeError: object of type 'MultiPolygon' has no len()", True),
    ("TypeError: 'MultiPolygon' object is not subscriptable", True),
    ("TypeError: 'MultiPolygon' object is not iterable\nshapely==1.8.5", False),  # the log's release had it
    ("TypeError: 'Polygon' object is not iterable", False),  # no release's Polygon was iterable
    ("TypeError: 'DataFrame' object is not callable", False),  # no protocol read
    # gensim's atlas, read again with bases (session 30): 4.0.0 took __getitem__ from Word2Vec (model.wv[word])
    ("TypeError: 'Word2Vec' object is not subscriptable", True),
])
def test_protocols_are_told_only_where_the_packages_releases_disagree(line: str, claimed: bool) -> None:
    assert any(cause.startswith("the code uses a ") for cause in answered(f"{line}\n")) is claimed


def test_uvs_you_require_is_no_librarys_check() -> None:
    # evopresent#3: "Because you require requests==2.32.3 and requests==2.26.0" is the user's two pins, not a guard;
    # since session 36 told as the two pins they are, as pip's below it
    assert answered((REAL / "survey16a" / "evopresent-3.log").read_text()) == [
        "the requirements ask for requests==2.32.3 and requests==2.26.0: no release of requests meets both, so the "
        "resolver (uv's, or pixi's for PyPI packages) stops",
        "the requirements ask for Pillow==9.0.0 and Pillow==10.4.0: no release meets both, so pip's resolver stops"]


def test_condas_one_exact_build_pinned() -> None:
    log = ("UnsatisfiableError: The following specifications were found to be in conflict:\n"
           "  - numpy==1.15.1=py37h1d66e8a_0\n"
           'Use "conda info <package>" to see the dependencies for each package.\n')
    assert answered(log) == [
        "conda cannot install the exact build the environment pins (numpy==1.15.1=py37h1d66e8a_0): a build string "
        "names one platform's and one channel's build, which this platform or these channels do not have"]


def _review(name: str) -> list[tuple[str, str, str]]:
    found, _ = explain_log((Path(__file__).parent / "data" / "review29" / "inputs" / name).read_text())
    return [(item.hint.family or "", item.hint.cause, item.hint.fix) for item in found]


def test_the_second_readers_mends() -> None:
    # a conda 4 list of one specification without its headline was read twice (two specifications): a channel's fault
    assert _review("conda-3092.log") == []
    # a chain through another package is that package's build's need, not the first package's (doconce#175)
    assert not any("needs Python" in cause for _, cause, _ in _review("synth-doconce-175-trimmed.log"))
    # "need 'x86_64h' or 'x86_64'": the plain architecture (OpenViking#35, an Intel Mac)
    assert _review("OpenViking-35.log")[0][1] == (
        "a compiled library is built for arm64, and the program loading it (a Python, a tool) runs as x86_64")
    # torch_scatter's "Not compiled with CUDA support" (NKSR#21); DGL's sparse library (dgl#7791)
    assert _review("NKSR-21.log")[0][0] == "torch-not-cuda"
    assert _review("dgl-7791.log")[0][1].startswith("DGL has no sparse library built for the installed torch")
    # onnxruntime's TensorRT provider: TensorRT's DLLs (onnxruntime#8325)
    assert _review("onnxruntime-8325.log")[0][2].startswith(
        "install the TensorRT, CUDA and cuDNN releases this onnxruntime build was built for")
    # WSL 1 printed glibc 2.41's words in 2016: the cause names both
    assert "WSL 1 did too" in _review("WSL-286-opencv.log")[0][1]
    # an error pasted above a complete IPython traceback keeps its own reading; the traceback's error takes the frames
    causes = [cause for _, cause, _ in _review("synth-ipython-two-errors.log")]
    assert causes[0].startswith("the code that imports it asks for numpy.float")
    assert causes[1].startswith("pennylane (pennylane.kernels.utils) asks for autoray.autoray.NumpyMimic")
    # the qualified call names the class's package (spec2vec#63)
    assert _review("spec2vec-63.log")[0][1].startswith("Word2Vec.__init__() (gensim.models.word2vec) is called with "
                                                       "the keyword size")
    # pyspark's Word2Vec and Paddle's DataLoader called from a script: not gensim's or torch's
    for name in ("synth-pyspark-word2vec-size.log", "synth-paddle-dataloader-persistent_workers.log",
                 "node2vec-23.log"):
        assert _review(name) == [], name


def test_poetrys_installing_line_is_no_installed_version() -> None:
    assert Versions.mentioned_in("  - Installing torch (2.4.0): Failed\n").version_of("torch") is None


def test_a_packages_jit_build_finding_no_cuda_toolkit() -> None:
    # gsplat#249: "gsplat: No CUDA toolkit found. gsplat will be disabled."
    assert first("holdout72b", "gsplat-249.log")[:2] == (
        "extension-build",
        "gsplat builds its CUDA code on this machine when first used, and found no CUDA toolkit (nvcc, CUDA_HOME): "
        "its GPU part is disabled")


def test_a_compiled_module_of_an_atlas_package_is_not_told_as_never_released() -> None:
    # doccano-transformer#35: spacy.gold was Cython in spaCy 2.x (compiled in its wheels, tools.history.compiled);
    # without that record the atlas read it as no release's module and the answer was lost (session-29 second reader)
    # (its IPython 8 frames read from session 38: the package that asks is named)
    assert _review("doccano-transformer-35.log")[0][1].startswith(
        "doccano-transformer (doccano_transformer.examples) asks for the module spacy.gold, which the installed spacy "
        "does not have")


@pytest.mark.parametrize("log", ["models-9962.log", "text-961.log", "serving-880.log"])
def test_tensorflows_op_library_loader_words_in_its_not_found_error(log: str) -> None:
    # TensorFlow's load_op_library raises dlopen's words as tf.errors.NotFoundError; an op library named *_kernels.so
    # asking for a tensorflow symbol is TensorFlow's other build, not a torch extension's (serving#880, B5cxx11)
    family, cause, _ = first("holdout73b", log)
    assert family == "extension-abi"
    assert cause.startswith("ABI mismatch: the compiled library asks for a C++ symbol of tensorflow (_ZN10tensorflow")


def test_a_cuda_function_the_headers_do_not_declare_is_an_older_toolkit() -> None:
    # keops#313: KeOps's nvrtc JIT compiled against CUDA 10.2, whose nvrtc.h lacks nvrtcGetCUBINSize (CUDA 11.1's)
    assert first("holdout73b", "keops-313.log")[:2] == (
        "extension-build",
        "the build compiles code that calls nvrtcGetCUBINSize, which the CUDA headers it reads do not declare: the "
        "CUDA toolkit the build found is older than the code asks for (another toolkit first on PATH or in CUDA_HOME "
        "than the one torch or the package was made for)")
    assert first("holdout73b", "keops-236.log")[1].startswith("the build compiles code that calls nvrtcGetCUBINSize")
    # a name of no CUDA library is anyone's
    assert not any(cause.startswith("the build compiles code that calls") for cause in answered(
        "Warning: errors compiling\nfoo.cpp:3:5: error: 'myNvrtcHelper' was not declared in this scope\n"))
