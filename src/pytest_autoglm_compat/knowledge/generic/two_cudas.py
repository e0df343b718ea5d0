"""A library's own check of the CUDA versions two builds carry ("PyTorch and torchvision were compiled with different
CUDA versions. PyTorch has CUDA Version=11.8 and torchvision has CUDA Version=12.1"): which build to replace, and from
which index (PyTorch's for torchvision and torchaudio, PyG's own for its extensions).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import Hint
from .api import near

#: torchvision's (and torchaudio's) check: "Detected that PyTorch and torchvision were compiled with different CUDA
#: versions. PyTorch has CUDA Version=11.7 and torchvision has CUDA Version=11.8"; from torchvision 0.16 on, "with
#: different CUDA major versions" (holdout42b: pytorch-mask-rcnn-tutorial-code#1)
_COMPILED_APART = re.compile(r"(?P<a>\w+) and (?P<b>\w+) were compiled with different\s+CUDA\s+(?:major\s+)?"
                             r"versions\.\s+"
                             r"(?P=a) has CUDA\s+Version\s*=?\s*(?P<va>\d+\.\d+),? (?:and|whereas) (?P=b) has "
                             r"CUDA\s+Version\s*=?\s*(?P<vb>\d+\.\d+)", re.IGNORECASE)
#: PyG's compiled extensions, whose wheels are on PyG's own index (data.pyg.org), per torch and CUDA
_PYG_EXTENSIONS = frozenset({"torch_sparse", "torch_scatter", "torch_cluster", "torch_spline_conv", "pyg_lib"})


def compiled_apart(message: str) -> Hint | None:
    """The answer for two builds of different CUDA versions, as the library's check names them (None: none)."""
    apart = near(_COMPILED_APART, message, "compiled with different", before=120)
    if apart is None:
        return None
    pyg = apart["b"].lower().replace("-", "_") in _PYG_EXTENSIONS
    if apart["vb"] in ("0.0", "0"):
        # a CUDA version of 0.0: the extension has no CUDA code at all, built where no GPU or toolkit was visible
        # (holdout42b: pytorch_sparse#41, built on a login node)
        where = (f"PyG's wheel for the installed torch and CUDA (pip install {apart['b'].lower()} -f "
                 f"https://data.pyg.org/whl/torch-<torch version>+cu{apart['va'].replace('.', '')}.html)" if pyg
                 else f"a build of {apart['b']} for {apart['a']}'s CUDA {apart['va']}")
        return Hint(f"{apart['b']} is a build without CUDA (its CUDA version reads {apart['vb']}: built where no GPU "
                    f"or CUDA toolkit was visible, or a CPU build), and {apart['a']} is a CUDA {apart['va']} build",
                    f"install {where}, or build {apart['b']} again with the CUDA {apart['va']} toolkit visible "
                    "(FORCE_CUDA=1 where no GPU is, as on a login node or in docker build)",
                    "reasoned from the log: the library's own check of the CUDA versions two builds carry",
                    family="extension-build")
    if pyg:
        return Hint(f"{apart['a']} and {apart['b']} are builds for different CUDA versions ({apart['a']}: CUDA "
                    f"{apart['va']}, {apart['b']}: CUDA {apart['vb']}): their compiled parts do not load together",
                    f"install PyG's {apart['b']} wheel for the installed torch and its CUDA {apart['va']} (pip install "
                    f"--force-reinstall {apart['b'].lower()} -f https://data.pyg.org/whl/torch-<torch version>+cu"
                    f"{apart['va'].replace('.', '')}.html)",
                    "reasoned from the log: the library's own check of the CUDA versions two builds carry",
                    family="binary-mismatch")
    return Hint(f"{apart['a']} and {apart['b']} are builds for different CUDA versions ({apart['a']}: CUDA "
                f"{apart['va']}, {apart['b']}: CUDA {apart['vb']}): their compiled parts do not load together",
                f"install the {apart['b']} build for {apart['a']}'s CUDA {apart['va']} from the same index as "
                f"{apart['a']} (pip install {apart['b'].lower()} --index-url "
                f"https://download.pytorch.org/whl/cu{apart['va'].replace('.', '')}, the release that pairs with "
                f"the installed {apart['a']})",
                "reasoned from the log: the library's own check of the CUDA versions two builds carry",
                family="binary-mismatch")
