"""Readings session 45 added or narrowed, each held to a real log's answer, and the look-alikes they must leave
alone (docs/reliability.md, session 45)."""

from __future__ import annotations

from real_answers import answered, first, reviewed

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
