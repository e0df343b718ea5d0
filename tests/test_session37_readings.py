"""Readings session 37 added, each held to a real log's answer and the look-alikes they must leave alone.

They come from holdout110's misses (docs/reliability.md, session 37): a gym wrapper asked for its environment's
attribute, nvcc older than the option torch's ninja build passes it, torch's extension builder finding no compiler,
one fork of uv's universal resolution, and a library's CPU build asked for CUDA on a Mac.
"""

from __future__ import annotations

from real_answers import answered, first


def test_a_gym_wrapper_asked_for_its_environments_attribute() -> None:
    family, cause, fix = first("holdout110a", "DQN-tensorflow-25.log")
    assert family == "api-mismatch"
    assert cause == ("gym's TimeLimit wrapper (gym.make puts it around registered environments) was asked for 'ale', "
                     "an attribute of the environment it wraps, and the installed release's wrappers do not pass "
                     "attributes on: gym from 0.7.4 until Wrapper.__getattr__ (2019), and gymnasium from 1.0")
    assert fix == ("ask the environment itself: env.unwrapped.ale (works in every release), or install the gym or "
                   "gymnasium release the code was written for")
    family, cause, fix = first("holdout110a", "SimplerEnv-119.log")
    assert family == "api-mismatch"
    assert cause == ("gymnasium's TimeLimit wrapper (gym.make puts it around every environment) was asked for "
                     "'get_language_instruction', an attribute of the environment it wraps: gymnasium 1.0 removed "
                     "Wrapper.__getattr__, which passed such attributes on (deprecated in 0.29), and the code was "
                     "written for a release that still did")
    assert fix == ("ask the environment itself: env.unwrapped.get_language_instruction (or "
                   "env.get_wrapper_attr('get_language_instruction')), or pin 'gymnasium<1.0' for code written before "
                   "it")
    assert first("holdout110a", "SimplerEnv-44.log")[0] == "api-mismatch"


def test_what_a_forwarding_wrapper_or_another_class_lacks_is_not_the_wrappers() -> None:
    # where wrappers forward, the environment's own class is named: nothing says which release it was written for
    assert answered("AttributeError: 'CartPoleEnv' object has no attribute 'x_threshold_'\n") == []
    # a wrapper of the user's own, and a private name (holdout108a's mjrl#9 is the atlas's, not this reading's)
    assert answered("AttributeError: 'MyTimeLimit' object has no attribute 'ale'\n") == []
    assert not any("wrapper" in cause for cause in answered("AttributeError: 'TimeLimit' object has no attribute "
                                                            "'_seed'\n"))


def test_an_nvcc_older_than_the_option_torchs_ninja_build_passes() -> None:
    family, cause, fix = first("holdout110b", "structurenet-13.log")
    assert family == "extension-build"
    assert cause == ("torch's ninja build of the CUDA extension passes nvcc --generate-dependencies-with-compile, as "
                     "torch does where it was itself built with CUDA 10.2 or newer, and the nvcc the build found does "
                     "not know the option: that CUDA toolkit is older than 10.2, another toolkit than the one torch "
                     "was built with (first on PATH or in CUDA_HOME)")
    assert fix.startswith("install the CUDA toolkit of torch's own CUDA release")
    assert answered("nvcc fatal   : Unknown option '-foo'\n") == []


def test_torchs_extension_builder_finding_no_compiler_even_where_the_terminal_wrapped_its_warning() -> None:
    for group, log in (("holdout110b", "nerfacc-238.log"), ("holdout91b", "mmcv-2102.log")):
        family, cause, fix = first(group, log)
        assert family == "extension-build", log
        assert cause == ("torch's C++ extension builder could not run the compiler cl (not found): building the "
                         "extension's C++/CUDA code needs Microsoft's C++ compiler (Visual Studio or its Build Tools) "
                         "on PATH"), log
        assert fix.startswith('install Visual Studio (or the Build Tools) with "Desktop development with C++"')
    # the source line the warning prints under it, and a compiler that ran and failed: not a compiler not found
    assert answered("    warnings.warn(f'Error checking compiler version for {compiler}: {error}')\n") == []
    assert answered("UserWarning: Error checking compiler version for c++: Command '['c++']' returned non-zero exit "
                    "status 1.\n") == []


def test_one_fork_of_uvs_universal_resolution() -> None:
    family, cause, fix = first("holdout110a", "uv-8705.log")
    assert family == "version-guard"
    assert cause == ("uv resolves the project once for every Python and platform it admits (universal resolution), "
                     "and for the environments python_full_version >= '3.12' no versions meet the requirements: the "
                     "derivation below the headline names the bounds (or the wheels) that fail there, which the "
                     "environment in use may not need")
    assert fix.startswith("narrow what uv resolves for to the environments the project runs on (requires-python")
    # the markers wrapped over two lines, and cut at the line's end
    assert "python_full_version > '3.10' and python_full_version < '3.11' no versions" in \
        first("holdout92a", "ome-zarr-py-588.log")[1]
    assert first("holdout58a", "vllm-15985.log")[0] == "version-guard"
    # a name no index has fails every fork alike: a typo or a private package, not a bound
    assert answered("  × No solution found when resolving dependencies for split (python_full_version >= '3.12'):\n"
                    "  ╰─▶ Because torchh was not found in the package registry and your project depends on torchh,\n"
                    "      we can conclude that your project's requirements are unsatisfiable.\n") == []


def test_a_librarys_cpu_build_asked_for_cuda_on_a_mac() -> None:
    family, cause, fix = first("holdout110b", "PaddleGAN-243.log")
    assert family == "torch-not-cuda"
    assert cause == ("this is a Mac: PaddlePaddle for macOS is built without CUDA (no CUDA build of it exists for "
                     "macOS), and the code asks it for a CUDA GPU")
    assert fix == ("run PaddlePaddle on the CPU here (its CPU device; some libraries also offer Apple's GPU through "
                   "Metal/MPS); CUDA needs Linux or Windows with an NVIDIA GPU and the library's CUDA build")
    family, cause, _ = first("holdout80b", "GPT_subtitles-6.log")
    assert (family, cause.split(":")[0]) == ("torch-not-cuda", "this is a Mac")
    # on Linux the same words are an install to change
    linux = answered('  File "/home/u/venv/lib/python3.10/site-packages/x.py", line 3, in f\n'
                     "ValueError: This CTranslate2 package was not compiled with CUDA support\n")
    assert linux
    assert linux[0].startswith("the installed CTranslate2 is a build without CUDA")
