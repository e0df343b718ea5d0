"""An installed package's GPU code held against each visible GPU, for ``explain --here``.

A "no kernel image" log names a package; whether the copy installed here runs on these GPUs is a
judgement of :mod:`.kernels`, not of the command that prints it.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Sequence

from ..facts.binaries import gpu_code, installed_gpu_code
from ..facts.probe import Gpu
from . import kernels

__all__ = ["installed_code_lines"]


def installed_code_lines(package: str, gpus: Sequence[Gpu]) -> list[str]:
    """``explain --here`` on a "no kernel image": the installed package's GPU code, held against each visible GPU."""
    fact = installed_gpu_code.read_distribution(package)
    if not fact["installed"]:
        return [f"GPU code here: {package} is not installed"]
    by_images: dict[tuple[gpu_code.Image, ...], list[str]] = {}
    for name, record in sorted(fact["code"].items()):
        if "images" in record:
            by_images.setdefault(installed_gpu_code.images_from_json(record["images"]), []).append(name)
    if not by_images:
        return [f"GPU code here: {package} {fact['version']} has no file carrying GPU code"]
    if not gpus:
        return [f"GPU code here: no GPU visible to hold {package} {fact['version']} against"]
    lines = []
    for same in kernels.gpu_groups(gpus):
        major, _, minor = (same[0].capability or "").partition(".")
        for images, files in by_images.items():
            carry = "carry" if len(files) > 1 else "carries"
            what = (f"{package} {fact['version']}: {kernels.files_label(files)}, which {carry} "
                    f"{gpu_code.describe(images)}")
            if not (major.isdigit() and minor.isdigit()):
                lines.append(f"GPU code here: {kernels.gpu_label(same)}: cannot tell against {what}")
                continue
            runner = gpu_code.runner_for(images, (int(major), int(minor)))
            lines.append(f"GPU code here: {kernels.gpu_label(same)} {kernels.runs_text(runner)} {what}")
    return lines
