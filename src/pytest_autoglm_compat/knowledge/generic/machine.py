"""What a log shows of the machine it ran on, which the generic readings and the fixes fit to.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Situation:
    """What a log shows of the machine: its OS, its GPUs' compute capabilities, the archs a torch build carries."""

    windows: bool = False
    capability: str | None = None  # "6.0": the GPU's, where the log names it (torch's sm warning, a GPU model)
    gpu: str | None = None  # "Tesla P100-PCIE-16GB"
    built_for: tuple[str, ...] = ()  # "sm_70", ...: the archs torch says its build supports
    #: torch's cpp_extension printed "No CUDA runtime is found" (torch.cuda.is_available() False while building)
    no_cuda_runtime: bool = False
    macos: bool = False  # a macOS path ("/Users/<name>/...") and no Windows one: no CUDA build of torch exists there
    linux: bool = False  # a path or word only Linux has ("dist-packages", "/home/", journald's unit), and no macOS one
    #: a path or word only Linux has, whatever else the log shows: a Mac's words beside it may be another machine's
    #: (a prompt on the Mac the user ssh'd from, pip's list of the macOS wheels it skipped: the second reader's, 37)
    linux_shown: bool = False
    #: torch or ninja named, and no Makefile's recipe: a build torch's cpp_extension may have written
    torch_or_ninja_build: bool = False
    #: the top-level packages the log shows without their own __version__ ("module 'rdkit' has no attribute
    #: '__version__'"): an import that found no whole package
    unversioned: frozenset[str] = frozenset()
    #: the log shows notebooks (or a docs build rendering them) and no nbconvert 5 (notebook_tools)
    notebooks: bool = False
    #: names the log shows imported in a try whose next line is "except ImportError:": the code has a fallback for them
    fallback_imports: frozenset[str] = frozenset()
    #: modules the log printed as imported ("<module 'cupy.cuda.nccl' from '.../nccl.py'>"): the installed release
    #: has them
    printed_modules: frozenset[str] = frozenset()
    #: a command line the log shows runs a program with its own CPU option ("tool in.wav --cpu")
    cpu_asked: bool = False
    #: the CUDA toolkit conda's plan says the command asked for ("cudatoolkit=10.1", "pytorch-cuda=12.1")
    conda_cuda: str | None = None
    #: the log shows nvcc (a build that compiles CUDA code)
    nvcc_shown: bool = False
    #: the log shows CMake's configure probes (CMakeFiles/CMakeTmp, cmTC_ targets): test programs that fail by design
    cmake_probe: bool = False
    #: CMake could not run its generator ("Running '.../ninja' '--version' failed with:"): what it says after follows
    cmake_generator_failed: bool = False
    #: a path of a PEP 517 frontend's isolated build environment (pip's pip-build-env-, build's build-env-)
    isolated_env_shown: bool = False
    #: a build the log shows failing (ninja's "build stopped", its "FAILED:" target, torch's "Error building extension")
    build_failed_shown: bool = False
    #: the log shows a Python package's build (pip's, setup.py's build_ext, a -shared link)
    python_build: bool = False
    #: pip or setuptools finished installing after a compiler warning ("Successfully installed", easy_install's
    #: "Finished processing dependencies"), or MSVC's cl.exe ran: a warning that cl was not found stopped nothing
    #: (the session-37 second reader's easy-faster-rcnn.pytorch#22)
    compiler_ran: bool = False
    #: a compiler command with an include path relative to where it runs ("nvcc -I skcuda/include")
    relative_include: bool = False
    #: torch's cpp_extension warning of the compiler it found and the one it accepts, where they are surely of two
    #: families: (found, accepted)
    torch_compilers: tuple[str, str] | None = None
    #: pip or uv said a build failed while getting its build requirements (the build hook ran in its own environment)
    build_requirements_failed: bool = False
    #: onnxruntime went on without its TensorRT provider, on its CUDA provider ("Falling back to
    #: ['CUDAExecutionProvider', ...]" after a provider list asking for TensorRT, or its "Failed to create
    #: TensorrtExecutionProvider" warning)
    tensorrt_fell_back: bool = False
    #: JupyterLab's headline naming an extension its check refuses ("... is not compatible with the current JupyterLab")
    lab_headline: bool = False
    #: (site, running): the log's installed packages are under one Python's site-packages and its import machinery is
    #: another Python's (ROS 2 Dashing's python3.6 packages run by a Python 3.8): None where it shows no such pair
    python_mix: tuple[str, str] | None = None
    #: the log names GPU models of more than one compute capability (nvidia-smi -L of a mixed machine)
    several_gpus: bool = False
    #: which Python absl-py's setup check met, where the log shows it (python_floor.absl_pythons)
    absl_python: str = ""
    #: pip builds a package from source in this log (its build folder, "Building wheel for"): a build script's words
    #: are that package's build, not a project's own (the session-36 second reader's OpenBoardView#278)
    pip_build: bool = False
    #: CUDA itself could not start (the driver too old for the runtime): a library's fallback to its CPU build follows
    cuda_unusable: bool = False
    #: pip could not reach its index (a proxy, DNS, TLS): "from versions: none" then says nothing of the wheels
    offline: bool = False
    #: pip said a wheel "is not a supported wheel on this platform": the releases it lists are those whose tags it
    #: knows (an old pip lists none of the newer manylinux wheels: holdout30b, jax#6525), not what the index offers
    tags_unknown: bool = False
    #: the Python minor the log's paths show ("3.12" from ".../lib/python3.12/site-packages/"), where one only
    python: str | None = None
    #: the Python pip's own end-of-life banner names ("DEPRECATION: Python 2.7 reached the end of its life")
    pip_python: str | None = None
    #: the operating system refused something on this machine ("[Errno 13] Permission denied: '.../nvcc'", a full
    #: disk), or the network a download the build made, or its setup script's own check of a dependency's release:
    #: a build that failed so says nothing of its package's fit (holdout18b's distractor stable-dreamfusion#77)
    local_fault: bool = False
    #: the log shows conda's report of what conflicts (its UnsatisfiableError, "found to be in conflict", "conflicts
    #: for:"): a "Found conflicts!" above it says nothing that report does not
    conda_report: bool = False
    #: an installer built a release from source for want of a wheel for this system or Python (``source_builds``)
    built_without_wheel: str | None = None
    #: the private CPython function (_Py...) a compiler's note names as declared in Python's headers (``c_api_builds``)
    cpython_private_call: str | None = None
    #: a conda command asks pytorch-cuda with channels named, nvidia not among them (``hpc_solvers``)
    nvidia_channel_missing: bool = False
    #: Poetry 2 counted every file it found of a release as a wheel it skipped for its tags
    #: (``release_reasons.poetry_wheels_refused``)
    poetry_wheels_refused: bool = False
    #: Poetry 2 skipped files of a release for the user's own installer.no-binary or only-binary policy
    poetry_policy: bool = False
    #: conda could not read a channel's repodata for the platform (its folder missing there: "response: 404")
    repodata_missing: bool = False
    #: the log names a free-threaded CPython ("3.13t", "cp313t", "python3.14t.exe", "free-threaded")
    free_threaded_shown: bool = False
    #: the log shows a Python traceback: a logged line above it is a note the program went on past
    traceback_shown: bool = False
    #: the system Poetry's own files show it running on ("windows", "macos", "linux"; None: no Poetry path shown)
    poetry_system: str | None = None
    #: pip was given an index other than PyPI (or none): "from versions: none" says that index lacks the package
    other_index: bool = False
    #: the GCC release whose C++ headers a compiler's message names ("/usr/include/c++/4.8.2/cstdint": 4.8.2)
    gcc_headers: str | None = None
    #: pip's "Looking in indexes:" lists PyPI beside the others (an ``--extra-index-url``): PyPI's files were read too
    pypi_among_indexes: bool = False
    #: the packages pip built from a checkout on the user's asking (``pip install -e .``), lowercased: no wheel of them
    #: was passed over
    editable: frozenset[str] = frozenset()
    #: the CUDA tag of the PyTorch index the log shows pip looking in ("cu122" of download.pytorch.org/whl/cu122)
    torch_index: str | None = None
    #: NumPy said why a module could not load it (its ABI words, or its own C-extensions failing to import): the
    #: compiled module's "numpy.core.multiarray failed to import" below adds nothing (the second reader's case)
    numpy_reason_shown: bool = False
    #: the log shows a build tool at work (a compiler's command or banner, CMake, make, ninja, setup.py building):
    #: a compiler's error in the project's own source is then a build's, not a lone paste of the code's error
    build_shown: bool = False
    #: the log shows pip reading PyPI's own files (files.pythonhosted.org): no mirror's list
    pypi_read: bool = False
    #: the log shows torch imported ("import torch", "from torch"): an extension's missing torch symbol is then not one
    #: an import before torch leaves unloaded
    torch_imported: bool = False
    #: the log shows pip given PyTorch's own index or links page (download.pytorch.org/whl/...): a build missing
    #: there is not one pip did not look for (the second reader's case: VideoCrafter#10's torch_stable.html)
    pytorch_index_shown: bool = False
    #: a web UI said it is serving ("Running on local URL:", Gradio's): what was printed before it did not stop the run
    #: (holdout53b's distractor textgen#3099, bitsandbytes' CPU-library warning on a Mac)
    served: bool = False
    #: XLA fell back to the driver's PTX compiler after its ptxas refused the PTX ("Relying on driver to perform ptx
    #: compilation"): the run went on (the session-22 second reader's case)
    ptx_by_driver: bool = False
    #: AWS Lambda's words for a handler module it could not import ("Unable to import module 'lambda_function':"): the
    #: packages were installed elsewhere and zipped for Lambda's Amazon Linux
    aws_lambda: bool = False
    #: NVIDIA's container stopped at its GPU check: its refusal ("No supported GPU(s) detected to run this
    #: container"), or its warning with no traceback of another failure after it
    container_stopped: bool = False
    #: the log shows a PTX version asked for by hand (llc's -mattr=+ptxNN)
    ptx_chosen: bool = False
    #: pip told not to use wheels (--no-binary, PIP_NO_BINARY): a release it passed over had wheels
    no_binary: bool = False
    #: a build that went on without its optional C extension ("Retrying the build without the C extension")
    build_optional: bool = False
    #: the compute capability XLA's ptxas says it does not support ("ptxas does not support CC 8.6": holdout82b)
    ptxas_cc: str | None = None
    #: ninja found a build's input file missing ("missing and no known rule to make it"): a path, not a toolchain
    build_input_missing: bool = False
    #: pip's "The conflict is caused by:" pasted below its headline: "requested" (a "The user requested" line among the
    #: causes), "tried" (candidates of one package pip tried), "listed" (releases of several packages), "" (not pasted)
    pip_causes: str = ""
    #: pip's headline above those causes is pasted ("... because these package versions have conflicting dependencies")
    pip_headline: bool = False
    #: xFormers lists the tensors as on another device than CUDA ("device=mps (supported: {'cuda'})", "device=cpu")
    xformers_off_cuda: bool = False
    #: pip could not install what it was asked ("No matching distribution found", "ResolutionImpossible")
    install_failed: bool = False
    #: a Unix shell command Windows' cmd did not know, inside a package's build pip ran ("'.' is not recognized as an
    #: internal or external command": holdout145b's pysam#1320, ngs-tools#31): the command ("" where none)
    unix_command_on_windows: str = ""
    #: the host application the log shows loading plugins from its checkout ("ComfyUI": custom_nodes/; "Forge",
    #: "stable-diffusion-webui", "text-generation-webui": extensions/), and the one plugin it names (None: several)
    plugin_host: str | None = None
    plugin: str | None = None
    #: the driver version an NVIDIA NGC container's start-up check found too old, where it says its compatibility
    #: mode is unavailable ("version 510.85.02 was detected and compatibility mode is UNAVAILABLE")
    container_driver: str | None = None
    #: faiss's loader said its GPU part failed to load ("Failed to load GPU Faiss": it fell back to the CPU part; the
    #: session-31 second reader's case)
    faiss_gpu_failed: bool = False
    #: the log names torch or a CUDA extension anywhere (a build hook's cut traceback is told as a setup.py importing
    #: torch only then: holdout77a's scanpy#3927, uv building an old llvmlite for a newer Python)
    torch_named: bool = True
    #: the log loads a saved file (pickle, np.load, torch.load, joblib): a module a file names is the writer's release
    loads_a_file: bool = False
    #: HDF5's version check printed the two releases ("Headers are 1.8.17, library is 1.8.18"): its headline alone says
    #: less
    hdf5_versions_shown: bool = False
    #: pip -v's "Skipping link: none of the wheel's tags ...": each refused wheel as (its name, its tags comma-joined),
    #: either "" where the line is cut before it; None: no such line
    refused_wheels: tuple[tuple[str, str], ...] | None = None
    #: the paste is those lines alone (and "..." where it was cut): pip -v's refusals, nothing installed or raised after
    refused_only: bool = False
    #: OpenCV's build information shows CUDA built in ("NVIDIA CUDA:  YES"): its DNN's fallback is for want of cuDNN
    opencv_cuda_built: bool = False
    #: the log shows no NVIDIA tooling on the machine ("The program 'nvidia-smi' is currently not installed")
    no_nvidia_smi: bool = False
    #: what pip was told to build from source: --no-binary's names (":all:" for every package), PIP_NO_BINARY's
    no_binary_names: tuple[str, ...] = ()
    #: JAX's CUDA plugin (jax_plugins/xla_cuda12, the jax-cuda12-plugin wheel) shows in the log: its warning that "a
    #: CUDA-enabled jaxlib is not installed" then follows the plugin's own failure (holdout95b: mujoco_playground#137)
    jax_cuda_plugin: bool = False
    #: the line above a traceback's frame of numpy's __getattr__: the expired alias it asks ("complex" for
    #: "dtype=np.complex,"), "" where it asks none by name (getattr(np, cfg["dtype"])), None where no such line shows
    numpy_alias_asked: str | None = None
    #: a CUDA symbol passed by its name as a string (cudaMemcpyToSymbol("d_x", ...)), which CUDA 5.0 stopped taking
    symbol_by_name: bool = False
    rocm: bool = False  # ROCm's tool or torch's collect_env naming HIP: an AMD GPU, no CUDA
