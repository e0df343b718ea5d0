"""Readings session 40 added or narrowed, each held to a real log's answer and the look-alikes they must leave alone
(docs/reliability.md, session 40)."""

from __future__ import annotations

from pytest_autoglm_compat.knowledge.log_prefixes import clean
from real_answers import REAL, answered, aside, first, reviewed


def test_markdown_bold_a_paste_kept_is_read_as_the_text_it_marks() -> None:
    # holdout131b: ultrajson#289, "undefined **symbol: PyUnicodeUCS2_AsUTF8String**"
    family, cause, _ = first("holdout131b", "ultrajson-289.log")
    assert family == "extension-abi"
    assert cause.startswith("the extension was built against another Python than the one importing it: "
                            "PyUnicodeUCS2_AsUTF8String is a Python C API name this interpreter lacks")
    assert clean("ImportError: x.so: undefined **symbol: PyFoo**") == "ImportError: x.so: undefined symbol: PyFoo"
    # a keyword splat, a power and C++'s banners are no bold
    for line in ("model(**inputs)", "def f(*args, **kwargs):", "f(a, **b, **c)", "y = x**2 + z**2",
                 "*** Check failure stack trace: ***", "**"):
        assert clean(line) == line


def test_pip_finding_no_release_of_a_wheels_only_package_for_this_platform() -> None:
    # holdout131a: Paddle#65320 (a 32-bit Python) and MobileGPT#2 (Python 3.12 on Windows)
    family, cause, _ = first("holdout131a", "Paddle-65320.log")
    assert family == "binary-mismatch"
    assert cause.startswith("pip found no wheel of paddlepaddle-gpu==2.6.1 for this Python and platform (from "
                            "versions: none): paddlepaddle-gpu publishes wheels for Linux and Windows only")
    family, cause, _ = first("holdout131a", "MobileGPT-2.log")
    assert (family, cause.partition(":")[0]) == (
        "binary-mismatch", "pip found no wheel of tensorflow-io-gcs-filesystem==0.37.1 for this Python and platform "
        "(from versions")
    # a package with source distributions passed over is no wheel's fault: nothing of the kind
    assert not any("publishes wheels" in cause for cause in answered(
        "ERROR: Could not find a version that satisfies the requirement tensorflow-estimator==9.9 (from versions: "
        "none)\nERROR: No matching distribution found for tensorflow-estimator==9.9"))


def test_a_script_in_a_folder_named_like_the_package_it_lacks_a_submodule_of() -> None:
    # holdout131a's distractor X2Paddle#589: the reporter's own folder named paddle, found as paddle
    text = (REAL / "holdout131a" / "X2Paddle-589.log").read_text(encoding="utf-8")
    assert answered(text) == []
    assert aside(text) == [(
        "shadowed", "the run's own script is in a folder named paddle (its first frame, paddle.train:<module>), "
        "outside site-packages: that folder is what `import paddle` found, not the installed paddle, so it is not a "
        "release of paddle that lacks paddle.fluid")]
    # the script beside the folder, not in it: the installed package's code asks, the release is what lacks it
    moved = text.replace("/big_transfer/paddle/train.py", "/big_transfer/train.py")
    assert aside(moved) == []
    assert answered(moved)[0].startswith("x2paddle 1.2.0 (x2paddle.core.program) asks for the module paddle.fluid")


def test_a_traceback_printed_again_without_its_error_is_the_error_printed_first() -> None:
    # holdout132a: pyDNase#3, pip's "Complete output from command" repeating the setup.py traceback, cut by the paste
    assert answered((REAL / "holdout132a" / "pyDNase-3.log").read_text(encoding="utf-8")) == []
    # cut with no whole copy above it: still read as the build that failed
    assert answered("Running setup.py egg_info for package x\n  Traceback (most recent call last):\n"
                    '    File "<string>", line 16, in <module>\n    File "/tmp/pip_build_root/x/setup.py", line 9, '
                    "in <module>\n...\n")[0].startswith("pip's build of a package from source failed in its setup.py")


def test_a_python_floor_in_a_setup_script_s_words_with_the_python_it_detected() -> None:
    # holdout132a: biopython#2942, Biopython 1.77's setup.py on Python 3.5
    assert first("holdout132a", "biopython-2942.log")[:2] == (
        "version-guard", "Biopython's own check requires Python 3.6 or later, and this Python is 3.5: the release pip "
        "chose needs a newer Python")
    assert answered("Biopython requires Python 3.6 or later. Python 3.8 detected.") == []  # met: not the cause


def test_conda_s_package_pinned_to_one_python() -> None:
    # holdout132a: Clair3#414, "- clair3 -> python=3.6.10" under "Your python: python=3.9.0"
    family, cause, fix = first("holdout132a", "Clair3-414.log")
    assert (family, cause) == ("version-guard", "conda has clair3 only for Python 3.6.10, and the environment's "
                                                "Python is 3.9")
    assert fix.startswith("create the environment with Python 3.6 (the newest it has builds for)")


def test_python_h_missing_under_an_embedded_python_is_the_build_s_failure() -> None:
    # holdout132b: comfyui-reactor-node#192, MSVC's C1083 for Python.h under ComfyUI's portable Python
    family, cause, fix = first("holdout132b", "comfyui-reactor-node-192.log")
    assert family == "extension-build"
    assert "an embedded Python, such as ComfyUI's portable one, ships none" in cause
    assert fix.endswith("or use a prebuilt wheel of the package for this Python (the only way for an embedded Python)")


def test_llvm_s_ptx_too_old_for_the_gpu_s_arch() -> None:
    # holdout132b: xla#47982, jaxlib's CUDA 12.9 build on an SM107 GPU
    family, cause, _ = first("holdout132b", "xla-47982.log")
    assert family == "no-kernel-image"
    assert cause == ("the GPU compiler inside the library (XLA's or Triton's LLVM) emits PTX 8.8, which does not know "
                     "this GPU's arch (sm_107a, compute 10.7): the library's build predates the GPU, so it has no code "
                     "for it")
    assert answered("LLVM ERROR: PTX version 8.4 does not support target 'sm_120a'. Minimum required PTX version is "
                    "8.7.")[0].endswith("(sm_120a, compute 12.0): that arch needs PTX 8.7: the library's build "
                                        "predates the GPU, so it has no code for it")


def test_a_top_level_name_python_found_as_a_file_is_no_release_s() -> None:
    # holdout133a's distractor FunASR#662: the reporter's own funasr.py found before the installed funasr
    text = (REAL / "holdout133a" / "FunASR-662.log").read_text(encoding="utf-8")
    assert answered(text) == []
    assert aside(text) == [(
        "shadowed", "Python found funasr as a plain module (a file funasr.py), not a package, when funasr.bin was "
        "asked for: a file of that name (the script itself, or one beside it or in the working directory) is found "
        "before the installed funasr: not a release that lacks it")]
    # a dotted package's module that is not a package is its release's history (optimum-habana#460): still told
    assert first("holdout55a", "optimum-habana-460.log")[0] == "api-mismatch"


def test_numpy_s_compiled_part_failing_in_aws_lambda_is_a_package_built_elsewhere() -> None:
    # holdout133b: numpy#27222 (a layer pip-installed on an Apple-silicon Mac) and amazon-macie-activity-generator#1
    for log in ("numpy-27222.log", "amazon-macie-activity-generator-1.log"):
        family, cause, fix = first("holdout133b", log)
        assert family == "binary-mismatch", log
        assert cause.startswith("AWS Lambda could not load NumPy's compiled part from the deployment package")
        assert "--only-binary=:all:" in fix
    # the same NumPy words off Lambda are not a platform's (a source tree, a failed build): not this answer
    assert not any("AWS Lambda" in cause for cause in answered(
        "ImportError: Error importing numpy: you should not try to import numpy from its source directory; please "
        "exit the numpy source tree, and relaunch your python interpreter from there."))


def test_onnxruntime_gpu_s_releases_are_read_like_onnxruntime_s() -> None:
    # holdout133b: onnxruntime#21877 (CentOS 7: no wheel of onnxruntime-gpu after 1.16.3 fits its glibc), and the
    # session-38 second reader's synth-onnxruntime-gpu-py37, which the atlas could not date before
    family, cause, _ = first("holdout133b", "onnxruntime-21877.log")
    assert family == "binary-mismatch"
    assert cause.startswith("no release the index offers this Python and platform meets onnxruntime-gpu==1.19.0: the "
                            "newest it offers is 1.16.3, and onnxruntime-gpu has published releases that high")
    assert [family for family, _ in reviewed("review38", "synth-onnxruntime-gpu-py37")] == ["binary-mismatch"]


def test_a_part_of_a_namespace_package_missing_is_a_distribution_not_installed() -> None:
    # holdout134a's distractor readthedocs.org#7341: Sphinx's "Could not import extension sphinxcontrib.napoleon"
    # on a build that never installed sphinxcontrib-napoleon
    assert answered((REAL / "holdout134a" / "readthedocs.org-7341.log").read_text(encoding="utf-8")) == []
    for module in ("sphinxcontrib.napoleon", "ruamel.yaml", "zope.interface", "jaraco.text"):
        assert answered(f"ModuleNotFoundError: No module named '{module}'") == [], module


def test_an_ngc_container_older_than_the_gpu() -> None:
    # holdout134b: BEVDet#314 (RTX 4090 under tensorrt:22.07) and fauxpilot#248 (RTX 4060, docker compose's column)
    for log, gpu in (("BEVDet-314.log", "GeForce RTX 4090"), ("fauxpilot-248.log", "GeForce RTX 4060")):
        family, cause, _ = first("holdout134b", log)
        assert (family, cause.partition(":")[0]) == (
            "no-kernel-image", f"the NVIDIA container's release predates this GPU ({gpu})"), log
    # "No supported GPU(s) detected" alone: a container started without the GPU (triton-server#135, a distractor)
    assert answered((REAL / "holdout134b" / "triton-server-135.log").read_text(encoding="utf-8")) == []


def test_a_library_that_is_no_elf_binary_is_a_build_for_another_platform() -> None:
    # holdout134b: dragnet#102 (a macOS build zipped for AWS Lambda); holdout53b: textgen#484 (a Windows DLL on Linux)
    family, cause, _ = first("holdout134b", "dragnet-102.log")
    assert (family, cause.startswith("the loader found /var/task/dragnet/blocks.so, which is no Linux binary (invalid "
                                     "ELF header): a build for another platform (macOS, Windows)")) == (
        "binary-mismatch", True)
    assert "a build for Windows installed or copied" in first("holdout53b", "textgen-484.log")[1]


def test_poetry_s_derivation_cut_before_its_last_line_is_read_whole() -> None:
    # holdout134a: rst-to-myst#63, its steps over three lines and the paste cut before "version solving failed"
    assert first("holdout134a", "rst-to-myst-63.log")[:2] == (
        "version-guard", "rst-to-myst (0.3.4) requires docutils >=0.15,<0.18, and sphinx (6.2.1) depends on docutils "
        ">=0.18.1,<0.20: no docutils meets both as Poetry prints them, so its version solving failed")


def test_napari_s_words_around_a_plugin_s_missing_module() -> None:
    # holdout134a: vollseg-napari#3, magicgui 0.4.0 without magicgui.events
    family, cause, _ = first("holdout134a", "vollseg-napari-3.log")
    assert (family, cause.startswith("the code that imports it asks for the module magicgui.events")) == (
        "api-mismatch", True)


def test_thc_s_check_of_a_kernel_without_this_gpu_s_code() -> None:
    # holdout126b: CenterPose#25 (torch's own THCGeneral.cpp, error 8); holdout133b: VL-BERT#46 (its own ROIAlign
    # extension, error 98)
    assert first("holdout126b", "CenterPose-25.log")[0] == "no-kernel-image"
    assert first("holdout133b", "VL-BERT-46.log")[1].startswith("the extension's own CUDA kernels have no code this GPU "
                                                                 "can run")


def test_an_attribute_the_code_assigns_that_its_base_class_made_read_only() -> None:
    # holdout134a: jupyter-book#1569 and sphinx-book-theme#427 (Sphinx 4.3's _table_row_index); holdout126a:
    # torchmd-net#10 (pytorch-lightning's hparams, assigned through torch's Module.__setattr__)
    family, cause, _ = first("holdout134a", "sphinx-book-theme-427.log")
    assert family == "api-mismatch"
    assert cause.startswith("pydata-sphinx-theme (pydata_sphinx_theme.bootstrap_html_translator) assigns the attribute "
                            "_table_row_index of its own object, which the class it inherits from makes a read-only "
                            "property")
    assert first("holdout126a", "torchmd-net-10.log")[1].startswith("the code in module.py assigns an attribute")
    # a script's own object assigned from outside (no self.x of its own): not told
    assert answered('Traceback (most recent call last):\n  File "/home/u/run.py", line 3, in <module>\n'
                    "    p.area = 3\nAttributeError: can't set attribute\n") == []


def test_torch_missing_from_a_setup_py_run_by_hand_is_no_isolated_build() -> None:
    # holdout135b's distractor vision#7075: 'File "setup.py"' alone, nothing of pip around it
    assert answered((REAL / "holdout135b" / "vision-7075.log").read_text(encoding="utf-8")) == []


def test_pyqtgraph_s_releases_in_the_atlas() -> None:
    # holdout135a: stytra#92 (GraphicsWindow, removed in 0.13.0)
    assert first("holdout135a", "stytra-92.log")[1] == (
        "the code that imports it asks for pyqtgraph.GraphicsWindow, which the installed pyqtgraph does not have: "
        "pyqtgraph 0.13.0 removed it (0.12.4 is the last release with it), so that code was written for an older "
        "pyqtgraph")


def test_the_second_reader_s_look_alikes_of_session_40_s_readings_claim_nothing() -> None:
    # tests/data/review40: glibc's libc.so linker script, an NGC warning the run went past, llc's own -mattr=+ptx70,
    # pip told --no-binary, an optional C speedup built without, a met conda pin, Python's typing and six as modules,
    # a napari plugin's manifest naming its own missing module
    for name in ("excelize-py-17", "py-sdl2-1", "synth-ngc-warning-then-oom", "synth-ngc-warning-then-training-runs",
                 "synth-ptx-target-llc-explicit-mattr", "synth-wheels-only-pip-no-binary",
                 "synth-pythonh-speedups-fallback", "markupsafe-312", "synth-conda-pin-same-python",
                 "synth-napari-plugin-own-module"):
        assert reviewed("review40", name) == [], name
    for name in ("jellyfin-tools-12", "sphinx-a4doc-20", "synth-six-moves-python312-old-six"):
        text = (REAL.parent / "review40" / "inputs" / f"{name}.log").read_text(encoding="utf-8")
        assert not any(family == "shadowed" for family, _ in aside(text)), name
    # the NGC warning alone (UNITER#90) is still told; a namespace's deeper module is its part's release history
    assert reviewed("review40", "UNITER-90")[0][0] == "no-kernel-image"
    (family, cause), = reviewed("review40", "synth-namespace-deeper-bibtex-cache")
    assert (family, "which sphinxcontrib-bibtex 2.1.4 does not have" in cause) == ("api-mismatch", True)
