"""Readings session 41 added or narrowed, each held to a real log's answer and the look-alikes they must leave alone
(docs/reliability.md, session 41)."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.log_prefixes import clean
from real_answers import REAL, answered, answers, aside, first, reviewed

_ASKED_OF_PANDAS = """Traceback (most recent call last):
  File "/opt/conda/lib/python3.8/site-packages/akshare/futures/cot.py", line 935, in futures_dce_position_rank
    temp_df = temp_df.map(lambda x: str(x).replace(",", ""))
  File "/opt/conda/lib/python3.8/site-packages/pandas/core/generic.py", line 5989, in __getattr__
    return object.__getattribute__(self, name)
AttributeError: 'DataFrame' object has no attribute 'map'
"""
_INSTALLED_ASKER = "/opt/conda/lib/python3.8/site-packages/akshare/futures/cot.py"
_PANDAS_RAISING = "/opt/conda/lib/python3.8/site-packages/pandas/core/generic.py"


def test_a_method_a_pandas_release_added_asked_by_an_installed_packages_code() -> None:
    # Series.case_when (pandas 2.2.0) asked by an installed package's code, pandas' own __getattr__ raising
    asked = _ASKED_OF_PANDAS.replace("'DataFrame'", "'Series'").replace("map", "case_when")
    assert answered(asked) == [
        "akshare's code asks a pandas Series for case_when, which the installed pandas (its own __getattr__ raised it) "
        "does not have: pandas 2.2.0 added it (the releases before it lack it), so akshare was written for a newer "
        "pandas than the one installed"]
    # a method the other class has had all along (DataFrame.map, 2.1.0, beside Series.map): a column that came back as
    # a DataFrame (the session-41 second reader's qgrid#201; review36's msda#1) as often as code for the newer pandas;
    # so holdout133a's akshare#4949 (AKShare calling DataFrame.map under pandas 2.0) is no longer told
    assert answers("holdout133a", "akshare-4949.log") == []
    assert reviewed("review36", "msda-1") == []
    # a version the log shows that has it; a script's own call; a subscript's; no pandas frame raising: nothing
    assert not answered("pandas 2.2.3\n" + asked)
    assert not answered(asked.replace(_INSTALLED_ASKER, "/home/u/project/train.py"))
    assert not answered(asked.replace("temp_df = temp_df.case_when(", 'ids = temp_df[["label"]].case_when('))
    assert not answered(asked.replace(_PANDAS_RAISING, "/opt/conda/lib/python3.8/site-packages/pyspark/sql/dataframe.py"))

def test_bold_italic_a_paste_kept_around_pips_conflict_lines() -> None:
    # holdout137a: PaddleX#1656, "**_paddlepaddle-gpu_** 2.4.1 requires  **_protobuf<=3.20.0,>=3.1.0_**, but you have"
    found = answers("holdout137a", "PaddleX-1656.log")
    assert [cause for _, cause, _ in found] == [
        "paddlepaddle-gpu 2.4.1 requires protobuf<=3.20.0,>=3.1.0; found protobuf 3.20.3",
        "onnx 1.13.0 requires protobuf<4,>=3.20.2; found protobuf 3.20.0"]
    assert clean("**_onnx_** 1.13.0 requires **_protobuf<4_**") == "onnx 1.13.0 requires protobuf<4"
    for line in ("model(**_kwargs)", "f(**_a, **_b)", "x = 2**_n_bits"):  # a splat or a power of a private name
        assert clean(line) == line


def test_a_symbol_of_the_installed_package_holding_the_module_is_its_own_build_left_out() -> None:
    # holdout138b's distractor MOODS#6: MOODS/_parsers.so lacking MOODS::variant, a setup.py that compiled too few
    # sources (a packaging bug: no release or build of another library to move)
    assert answers("holdout138b", "MOODS-6.log") == []
    # a package's extension asking another library's symbol is still told (holdout89b: horovod/mxnet/mpi_lib.so
    # asking mxnet::), and macOS's words, which name the library expected to hold it (holdout119b: openbabel#2244)
    assert first("holdout89b", "horovod-1317.log")[0] == "extension-abi"
    assert first("holdout119b", "openbabel-2244.log")[0] == "extension-abi"


def test_pip_refusing_every_wheel_of_one_package_pasted_alone() -> None:
    # holdout137b: vosk-api#252 and #385 (pip on Windows refusing vosk's Linux and macOS wheels), holdout86b: pygit2#1179
    # (pip 20.0 and a manylinux_2_24 wheel): pip -v's refusals alone, its "from versions: none" not pasted
    family, cause, _ = first("holdout137b", "vosk-api-385.log")
    assert (family, cause) == ("binary-mismatch", "pip found wheels of vosk and refused each for its tags (their tags: "
                               "cp37-cp37m-manylinux2010_x86_64, cp38-cp38-linux_armv6l, cp38-cp38-linux_armv7l): none "
                               "is built for this Python, OS or CPU")
    assert "manylinux_2_NN needs pip 20.3 or newer" in first("holdout86b", "pygit2-1179.log")[2]
    refusal = ("Skipping link: none of the wheel's tags match: cp38-cp38-linux_armv7l: https://files.pythonhosted.org/"
               "packages/7f/d4/vosk-0.3.9-cp38-cp38-linux_armv7l.whl (from https://pypi.org/simple/vosk/)\n")
    assert answered(refusal + "...\n")
    # a wheel any Python 3 fits (pip 20.0 refusing valid manylinux1 wheels: holdout86b's distractor pip#7626), the
    # refusals beside what pip went on to do, or two packages' refusals: nothing of the kind
    assert not answered(refusal.replace("cp38-cp38-linux_armv7l: ", "py3-none-manylinux1_x86_64: "))
    assert not any("refused each" in cause for cause in answered(refusal + "Successfully installed vosk-0.3.45\n"))
    assert not answered(refusal + refusal.replace("vosk", "kaldi"))


def test_a_cpu_build_of_torch_asserted_to_see_cuda() -> None:
    # holdout137b: so-vits-svc#27, "assert torch.cuda.is_available(), 'CPU training is not allowed.'" under the
    # collect_env's "PyTorch version: 1.13.1+cpu" (its "[pip3] torch==1.13.1" the same release, unlabelled)
    family, cause, _ = first("holdout137b", "so-vits-svc-27.log")
    assert (family, cause.partition(",")[0]) == ("torch-not-cuda", "the installed torch 1.13.1+cpu is a CPU-only build")
    asserted = ('    assert torch.cuda.is_available(), "CPU training is not allowed."\n'
                "AssertionError: CPU training is not allowed.\n")
    assert answered("torch==2.1.0+cpu\n" + asserted)
    # a CUDA build, no version shown, or another assertion: nothing of the kind
    for text in ("torch==2.1.0+cu121\n" + asserted, asserted,
                 "torch==2.1.0+cpu\n" + asserted.replace("torch.cuda.is_available()", "len(batch) > 0")):
        assert not answered(text)


def test_two_more_distributions_that_publish_wheels_only() -> None:
    # holdout137b: piper#365, piper-phonemize (PyPI's JSON, 2026-12-07: wheels for Linux and macOS only)
    family, cause, _ = first("holdout137b", "piper-365.log")
    assert family == "binary-mismatch"
    assert "piper-phonemize publishes wheels for Linux and macOS only (and no source distribution)" in cause


def test_poetrys_derivation_pasted_without_its_conclusion() -> None:
    # holdout137a: mljar-supervised#411, two steps of Poetry's derivation, the excerpt cut before "version solving
    # failed"
    family, cause, _ = first("holdout137a", "mljar-supervised-411.log")
    assert (family, cause.partition(":")[0]) == ("version-guard", "Poetry's solver found no set of versions that meets "
                                                 "every requirement")
    step = ("Because no versions of numpy match >1.26.0,<2.0.0\n and numpy (1.26.0) depends on python (>=3.9,<3.13), "
            "numpy (>=1.26.0,<2.0.0) requires python (>=3.9,<3.13).\n")
    assert any("pasted without its conclusion" in cause for cause in answered(step + "...\n"))
    # its conclusion pasted is read by the derivation's steps, not as cut
    assert not any("pasted without its conclusion" in cause
                   for cause in answered(step + "So, because demo depends on numpy (^1.26), version solving failed.\n"))


def test_a_method_a_release_added_asked_of_its_class_by_another_installed_package() -> None:
    # holdout138a: nbsphinx#449, nbsphinx's setup() asking Sphinx for add_source_suffix (Sphinx 1.8) under an older one
    family, cause, fix = first("holdout138a", "nbsphinx-449.log")
    assert family == "api-mismatch"
    assert cause == ("nbsphinx's code asks a Sphinx (sphinx's class) for add_source_suffix, which the installed sphinx "
                     "does not have: sphinx 1.8.0 added it (the releases before it lack it), so nbsphinx was written for "
                     "a newer sphinx than the one installed")
    assert fix.startswith('install sphinx>=1.8.0 (pip install "sphinx>=1.8.0")')
    asked = ('Traceback (most recent call last):\n'
             '  File "/env/lib/python3.7/site-packages/nbsphinx.py", line 2108, in setup\n'
             "    app.add_source_suffix('.ipynb', 'jupyter_notebook')\n"
             "AttributeError: 'Sphinx' object has no attribute 'add_source_suffix'\n")
    assert answered(asked) == [cause]
    # a script's or a conf.py's own call (no installed package asking), or a version shown that has it: nothing
    assert not answered(asked.replace("/env/lib/python3.7/site-packages/nbsphinx.py", "/home/u/docs/conf.py"))
    assert not answered("Sphinx version: 4.5.0\n" + asked)


def test_the_nvcc_a_cuda_home_list_names_in_pythons_own_words() -> None:
    # holdout139b: gaussian-splatting#659, "[Errno 2] No such file or directory: ':/usr/local/cuda/bin/nvcc'"
    family, cause, _ = first("holdout139b", "gaussian-splatting-659.log")
    assert (family, cause) == ("extension-build", "building the extension runs nvcc at :/usr/local/cuda/bin/nvcc, and "
                               "there is none there: CUDA_HOME (CUDA_PATH) was set with a list of folders (':' between "
                               "them), which the path keeps")


def test_a_windows_dll_load_failure_where_the_log_shows_no_torch() -> None:
    # holdout139b: matplotlib#19692, ft2font under an editor that ran the conda environment's Python unactivated
    family, cause, fix = first("holdout139b", "matplotlib-19692.log")
    assert family == "extension-dll-load"
    assert cause == ("Windows could not load the compiled extension ft2font or a DLL it links: a DLL it needs is not "
                     "found (the Microsoft Visual C++ Redistributable; a conda environment's own DLLs, found only where "
                     "the environment is activated; a GPU runtime's DLLs not on PATH), or it was built for another "
                     "Python or another release of a library it links")
    assert "conda activate ENV" in fix
    # torch in the log: its reasons, as before
    assert "another torch or CUDA" in answered(
        "torch 2.1.0+cu121\nImportError: DLL load failed while importing _C: The specified module could not be found.")[0]


def test_pip_told_no_binary_lists_releases_with_a_source_distribution_only() -> None:
    # holdout139b's distractor numpy#9787: "pip wheel --no-binary numpy numpy==1.13.2", whose sdist was taken down
    assert answers("holdout139b", "numpy-9787.log") == []
    (told,) = aside((REAL / "holdout139b" / "numpy-9787.log").read_text(encoding="utf-8"))
    assert told == ("ahead-of-the-index", "pip was told to build from source (--no-binary), so it looks for source "
                    "distributions only: none on the index meets numpy==1.13.2 (the newest it lists is 1.13.1)")


def test_a_setup_scripts_python_check_cut_where_the_paste_ends() -> None:
    # holdout139a: rembg#670 ("Cannot install on Python version 3.12.6; only v") and uv#8863 (uv -v's "DEBUG " before
    # each line, "Cannot install on Pyt" under numba's _guard_py_ver frame)
    assert first("holdout139a", "rembg-670.log")[:2] == (
        "version-guard", "the package's setup.py refuses Python 3.12.6: its own check of the Python stops the build of "
        "a release that does not support it (the versions it supports are cut off in the paste)")
    family, cause, _ = first("holdout139a", "uv-8863.log")
    assert (family, cause.partition(":")[0]) == ("version-guard", "the package's setup.py refuses the running Python")
    assert clean("DEBUG   File \"<string>\", line 52, in _guard_py_ver") == 'File "<string>", line 52, in _guard_py_ver'
    assert clean("DEBUG Downloading source distribution: numba==0.53.1").startswith("DEBUG ")  # a level before prose
    # cut before the version, with no frame of the check: nothing of the kind
    assert not answered("RuntimeError: Cannot install on Pyt\n")


def test_torchs_own_kernel_file_lacking_this_gpus_code_is_no_extensions_build() -> None:
    # holdout140b: pytorch#9356, "invalid device function at .../conda-bld/pytorch_1518243271935/work/torch/lib/THCUNN/
    # generic/Threshold.cu:34" (a torch 0.3 conda build on a GeForce 930MX)
    assert first("holdout140b", "pytorch-9356.log")[0] == "no-kernel-image"
    # an extension's own kernel file is still its build's (survey17b: PyTorchEMD#11)
    assert "the extension's own CUDA kernels" in answered(
        "RuntimeError: cuda runtime error (8) : invalid device function at /home/u/emd/emd_kernel.cu:190\n")[0]


def test_a_keyword_a_librarys_wrapper_passes_on_from_a_notebook_cell() -> None:
    # holdout140a's distractor keras#14135: a notebook cell calling an XGBoost model's fit with Keras' epochs, through
    # xgboost's keyword-only decorator ("return func(**kwargs)"): the cell chose the keyword, no release to move
    assert answers("holdout140a", "keras-14135.log") == []
    wrapped = ("TypeError                                 Traceback (most recent call last)\n"
               "Input In [66], in <cell line: 7>()\n"
               "----> 7 history = model_xgb.fit(X, y, epochs=25)\n\n"
               "File ~/miniconda3/lib/python3.8/site-packages/xgboost/core.py:620, in inner_f(*args, **kwargs)\n"
               "--> 620 return func(**kwargs)\n\n"
               "TypeError: fit() got an unexpected keyword argument 'epochs'\n")
    assert answered(wrapped) == []
    for head in ("Cell In[3], line 7\n", "<ipython-input-15-77b2dcd686d8> in <module>\n"):
        assert answered(wrapped.replace("Input In [66], in <cell line: 7>()\n", head)) == []
    # the wrapper's own frame alone, its caller not shown (holdout69a: scikit-learn#19892's validation.inner_f): read as
    # before, the wrapper's package asking
    assert answered(wrapped.replace("Input In [66], in <cell line: 7>()\n", ""))
    assert first("holdout69a", "scikit-learn-19892.log")[0] == "api-mismatch"


def test_pips_causes_block_read_whole() -> None:
    # its headline cut where it was pasted (holdout137a: SkyReels-A1#20; holdout140a: God-s-Eye#1, opencv-python asked
    # twice)
    family, cause, _ = first("holdout140a", "God-s-Eye-1.log")
    assert (family, cause) == ("version-guard", "pip's resolver found no set of releases that meets every requirement "
                               "on opencv-python: what was asked (opencv-python, opencv-python==4.4.0.46) and what the "
                               "releases it needs ask of opencv-python conflict (pip lists each under \"The conflict is "
                               "caused by:\"; the paste is cut before its headline)")
    assert first("holdout137a", "SkyReels-A1-20.log")[0] == "version-guard"
    # each release pip tried asking one package with no bound, which pip has no release of (holdout63a: chatglm_webui#2,
    # icetk on torchvision; holdout94a: hstaxe#19, on cfitsio)
    assert first("holdout63a", "chatglm_webui-2.log")[1] == (
        "every release of icetk pip tried depends on torchvision, and pip found no release of torchvision it could "
        "install: the index it reads does not have torchvision, or has none for this Python or platform")
    assert first("holdout94a", "hstaxe-19.log")[0] == "version-guard"
    # candidates asking for a bounded range, or two packages' candidates: not this reading
    block = ("The conflict is caused by:\n    icetk 0.0.5 depends on torchvision>=0.8\n"
             "    icetk 0.0.4 depends on torchvision>=0.8\n")
    assert not any("pip found no release of" in cause for cause in answered(block))
    assert not any("pip found no release of" in cause for cause in answered(
        "The conflict is caused by:\n    icetk 0.0.5 depends on torchvision\n    cpm 0.1 depends on torchvision\n"))


def test_multi_backend_keras_refusing_tensorflow_2_and_meson_refusing_itself() -> None:
    # holdout140a: keras-self-attention#31 and ANTsPyNet#3 (Keras 2.2.5's own check under TensorFlow 2.0)
    for log in ("keras-self-attention-31.log", "ANTsPyNet-3.log"):
        family, cause, fix = first("holdout140a", log)
        assert (family, cause.partition(":")[0]) == (
            "version-guard", "the installed multi-backend Keras (2.2.5 or older, the releases that support TensorFlow 1 "
            "only) refuses TensorFlow 2")
        assert "pip install 'keras>=2.3,<2.4' (Keras 2.3.0 added TensorFlow 2.0 support" in fix
    # holdout139a: numpy#29422, a vendored Meson 1.6.1 older than the checkout's meson.build asks (cut where pasted)
    assert first("holdout139a", "numpy-29422.log")[:2] == (
        "version-guard", "the project's meson.build refuses Meson 1.6.1: its meson_version asks for another Meson")
    assert answered("meson.build:1:0: ERROR: Meson version is 0.61.2 but project requires >=0.63.0\n") == [
        "the project's meson.build refuses Meson 0.61.2: its meson_version asks for another Meson (it asks >=0.63.0)"]


def test_opencvs_own_words_for_its_build_without_cuda() -> None:
    # holdout139b: opencv#15858 and four more (the DNN module's "not built with CUDA backend; switching to CPU"),
    # opencv#7344 (OpenCV 3's throw_no_cuda: "The called functionality is disabled for current build or platform")
    for log in ("opencv-15858.log", "Install-OpenCV-Jetson-Nano-23.log", "opencv-7344.log"):
        family, cause, _ = first("holdout139b", log)
        assert (family, cause.partition(" (")[0]) == ("torch-not-cuda", "the installed OpenCV is a build without CUDA")
    # another throw_no_cuda-free "disabled for current build" (a feature OpenCV was built without): nothing of the kind
    assert not any("without CUDA" in cause for cause in answered(
        "OpenCV Error: The function/feature is not implemented (The called functionality is disabled for current build "
        "or platform) in cvNamedWindow\n"))


def test_an_entry_points_module_missing_and_a_setup_scripts_one_python() -> None:
    # holdout141a's distractor MultiQC#1554: pkg_resources loading multiqc's own entry point, its module missing from a
    # broken install (no release of setuptools or multiqc to move)
    assert answers("holdout141a", "MultiQC-1554.log") == []
    # holdout141a: MACS#287, MACS2 2.1's setup.py under pip3: "CRITICAL: Python version must be 2.7!"
    assert first("holdout141a", "MACS-287.log")[:2] == (
        "version-guard", "the package's own check (its setup script) requires Python 2.7, and this Python is another: "
        "the release pip chose supports Python 2.7 only")


def test_the_session_41_second_readers_false_claims_mended() -> None:
    # tests/data/review41's README, "Mended"
    for name in ("synth-cuda-assert-pasted-other-assertion", "synth-opencv-dnn-cuda-build-without-cudnn",
                 "synth-opencv-dnn-warning-then-shape-error", "synth-qgrid-duplicate-columns-sort",
                 "synth-caffe-cpu-only-no-gpu-machine"):
        assert reviewed("review41", name) == [], name
    assert [family for family, _ in reviewed("review41", "synth-torch-cpu-then-pypi-reinstall")] == [
        "cuda-driver-too-old"]
    assert [family for family, _ in reviewed("review41", "pytorch-scripts-18")] == ["no-kernel-image"]
    for name in ("PyPOTS-135", "modyn-266", "synth-symbol-google-protobuf-own-folder"):
        assert reviewed("review41", name)[0][1].startswith("ABI mismatch: the compiled library asks for a C++ symbol "
                                                            "of google::protobuf"), name
    assert not any("index it reads does not have" in cause
                   for _, cause in reviewed("review41", "synth-pip-causes-constraint-pin"))
    assert "Windows found and loaded the compiled extension" in reviewed("review41", "synth-dll-tensorflow-no-avx")[0][1]
    assert aside((REAL.parent / "review41" / "inputs" / "synth-nobinary-other-package.log").read_text(
        encoding="utf-8")) == []


def test_a_saved_file_another_release_made_in_the_readers_own_words() -> None:
    # holdout142a: torch.load refusing a newer file format (EasyOCR#688 and five more; watermark-detection#2 cut to the
    # assert's own words), scikit-learn refusing another release's pickled trees (enmap-box#614, hmni#25)
    family, cause, _ = first("holdout142a", "EasyOCR-688.log")
    assert (family, cause) == ("version-guard", "the file was saved by a newer torch than the one loading it: its "
                               "format is version 3, and this torch reads up to version 2 (torch's own check)")
    assert first("holdout142a", "watermark-detection-2.log")[1] == (
        "the file was saved by a newer torch than the one loading it (torch's own check)")
    for log in ("enmap-box-614.log", "hmni-25.log"):
        family, cause, _ = first("holdout142a", log)
        assert (family, cause.partition(":")[0]) == (
            "version-guard", "the model was pickled by another scikit-learn release than the one loading it")


def test_an_install_command_typed_at_a_prompt_is_no_guard() -> None:
    # holdout139a: rembg#670's first line, "❯ uv pip install 'rembg>=v2.0.60'", read as a library's check with every
    # line kept (the one-pass filter hid it)
    for line in ("❯ uv pip install 'rembg>=v2.0.60'", "$ pip install 'torch>=2.1'", "PS C:\\src> pip install numpy>=2"):
        assert answered(line + "\n") == [], line


def test_cudnns_own_status_for_libraries_of_two_releases() -> None:
    # holdout143b: Paddle#36411, Paddle 2.1.2's cuDNN RNN op: "Cudnn error, CUDNN_STATUS_VERSION_MISMATCH"
    family, cause, _ = first("holdout143b", "Paddle-36411.log")
    assert (family, cause.partition(":")[0]) == ("extension-cuda-lib", "cuDNN refuses the libraries loaded together")
