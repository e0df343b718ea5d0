"""Readings session 45 added or narrowed, each held to a real log's answer, and the look-alikes they must leave
alone (docs/reliability.md, session 45)."""

from __future__ import annotations

from real_answers import answered, reviewed

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
