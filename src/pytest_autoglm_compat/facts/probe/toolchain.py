"""What builds CUDA kernels on first use: the CUDA toolkit's nvcc, a host C++ compiler, ninja.

Found where torch's ``cpp_extension`` looks (``CUDA_HOME``/``CUDA_PATH``, then ``nvcc`` on
``PATH``, then ``/usr/local/cuda``), and ``nvcc --version`` run with a timeout; nothing is imported.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from typing import Any

_RELEASE = re.compile(r"release (\d+\.\d+), V([\d.]+)")


def find_nvcc(environ: Mapping[str, str]) -> tuple[str | None, str]:
    """(path of nvcc or None, where it was looked for) in torch.utils.cpp_extension's order."""
    for variable in ("CUDA_HOME", "CUDA_PATH"):
        home = environ.get(variable)
        if home:
            path = os.path.join(home, "bin", "nvcc")
            return (path if os.path.isfile(path) else None), f"${variable}/bin/nvcc ({path})"
    found = shutil.which("nvcc", path=environ.get("PATH"))
    if found:
        return found, "nvcc on PATH"
    fallback = "/usr/local/cuda/bin/nvcc"
    return (fallback if os.path.isfile(fallback) else None), "CUDA_HOME, CUDA_PATH, PATH and /usr/local/cuda"


def probe_toolchain(timeout: float, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``{"nvcc": {"path", "version", "build", "looked", "problem"}, "compiler": path|None, "ninja": path|None}``."""
    env = dict(os.environ if environ is None else environ)
    path, looked = find_nvcc(env)
    nvcc: dict[str, Any] = {"path": path, "version": None, "build": None, "looked": looked, "problem": None}
    if path is not None:
        try:
            done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=timeout,
                                  check=False, env={**env, "LC_ALL": "C"})
        except subprocess.TimeoutExpired:
            nvcc["problem"] = f"{path} --version did not answer within {timeout:g} s"
        except OSError as exc:
            nvcc["problem"] = f"{path} could not be run: {exc.strerror or exc}"
        else:
            release = _RELEASE.search(done.stdout)
            if release:
                nvcc["version"], nvcc["build"] = release.group(1), release.group(2)
            else:
                first = (done.stdout.strip() or done.stderr.strip() or f"exit {done.returncode}").splitlines()[-1]
                nvcc["problem"] = f"{path} --version printed no release: {first[:200]}"
    compiler = None
    for name in (env.get("CXX"), "c++", "g++", "clang++"):
        if name:
            compiler = shutil.which(name, path=env.get("PATH"))
            if compiler:
                break
    if path is not None and not (env.get("CUDA_HOME") or env.get("CUDA_PATH")):
        nvcc["torch_guess"] = torch_cuda_home_guess(path)
    return {"nvcc": nvcc, "compiler": compiler, "ninja": shutil.which("ninja", path=env.get("PATH"))}


def torch_cuda_home_guess(nvcc: str) -> dict[str, Any]:
    """What torch's cpp_extension takes for CUDA_HOME when it is unset: the directory above the nvcc it found
    (not resolved through links), and whether the CUDA runtime is there to link against."""
    def has_runtime(root: str) -> bool:
        return any(os.path.exists(os.path.join(root, lib, "libcudart.so")) for lib in ("lib64", "lib"))

    home = os.path.dirname(os.path.dirname(nvcc))
    # where the toolkit really is: through a symlinked nvcc, else the default install a wrapper script runs
    roots = [os.path.dirname(os.path.dirname(os.path.realpath(nvcc))), "/usr/local/cuda"]
    real = next((r for r in roots if r != home and has_runtime(r)), None)
    return {"home": home, "runtime": has_runtime(home), "real": real}
