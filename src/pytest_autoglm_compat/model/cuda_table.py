"""NVIDIA's CUDA toolkit -> minimum Linux x86_64 driver table, and minor-version compatibility.

Source: NVIDIA CUDA Toolkit Release Notes, "CUDA Toolkit and Corresponding
Driver Versions" (Table 3) and "Driver Range for Minor Version Compatibility",
as of the CUDA 13.1 release notes. The GA release of each minor is used, since
torch's ``version.cuda`` names only major.minor.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from dataclasses import dataclass

from packaging.version import InvalidVersion, Version

#: CUDA major.minor (GA) -> minimum Linux x86_64 driver for full compatibility.
TOOLKIT_MIN_DRIVER: dict[str, str] = {
    "11.0": "450.51.05",
    "11.1": "455.23",
    "11.2": "460.27.03",
    "11.3": "465.19.01",
    "11.4": "470.42.01",
    "11.5": "495.29.05",
    "11.6": "510.39.01",
    "11.7": "515.43.04",
    "11.8": "520.61.05",
    "12.0": "525.60.13",
    "12.1": "530.30.02",
    "12.2": "535.54.03",
    "12.3": "545.23.06",
    "12.4": "550.54.14",
    "12.5": "555.42.02",
    "12.6": "560.28.03",
    "12.8": "570.26",
    "12.9": "575.51.03",
    "13.0": "580.65.06",
    "13.1": "590.44.01",
}

#: CUDA major -> minimum driver under minor-version compatibility.
#: 11.x: footnote "450.80.02"; 12.x: ">=525"; 13.x: ">=580".
MINOR_COMPAT_MIN_DRIVER: dict[int, str] = {11: "450.80.02", 12: "525", 13: "580"}


@dataclass(frozen=True)
class DriverCheck:
    ok: bool | None  # None: the table does not know this runtime
    needed: str | None  # full-compatibility minimum driver
    compat_needed: str | None  # minor-version-compatibility minimum driver
    via_minor_compat: bool = False


def _major_minor(runtime: str) -> str:
    parts = runtime.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else f"{parts[0]}.0"


def check_driver(runtime: str, driver: str) -> DriverCheck:
    """Can a Linux driver of this version run an application built with this CUDA runtime?"""
    key = _major_minor(runtime)
    needed = TOOLKIT_MIN_DRIVER.get(key)
    try:
        major = int(key.split(".")[0])
        driver_v = Version(driver)
    except (ValueError, InvalidVersion):
        return DriverCheck(None, needed, None)
    compat = MINOR_COMPAT_MIN_DRIVER.get(major)
    if needed is None:
        if compat is not None and driver_v >= Version(compat):
            return DriverCheck(True, None, compat, via_minor_compat=True)
        return DriverCheck(None, None, compat)
    if driver_v >= Version(needed):
        return DriverCheck(True, needed, compat)
    if compat is not None and driver_v >= Version(compat):
        return DriverCheck(True, needed, compat, via_minor_compat=True)
    return DriverCheck(False, needed, compat)


def newest_runtime_for(driver: str, *, minor_compat: bool = True) -> str | None:
    """The newest CUDA minor this driver can run, to suggest a matching torch build."""
    try:
        Version(driver)
    except InvalidVersion:
        return None
    best: str | None = None
    for runtime in TOOLKIT_MIN_DRIVER:
        check = check_driver(runtime, driver)
        if check.ok and (minor_compat or not check.via_minor_compat):
            best = runtime
    return best


#: CUDA wheel indexes published for torch (download.pytorch.org/whl/cuXYZ), oldest first.
TORCH_CUDA_TAGS = ("11.8", "12.1", "12.4", "12.6", "12.8", "12.9", "13.0")


def torch_index_for_major(major: str) -> str | None:
    """The newest torch wheel index of a CUDA major: '12' -> 'cu129'."""
    tags = [t for t in TORCH_CUDA_TAGS if t.split(".")[0] == major]
    return f"cu{tags[-1].replace('.', '')}" if tags else None


#: Every CUDA index of download.pytorch.org from cu118 on (the lines' table above, pytorch.org/get-started/
#: previous-versions, and cu132 beside cu130 in 2026: visualbruno/ComfyUI-Trellis2#131, whose maintainer says no cu131
#: exists). A tag between them that is not here (cu122, cu131) is an address PyTorch never published: users write the
#: CUDA they installed into the URL. Tags after the newest here are not judged.
TORCH_CUDA_INDEXES_SINCE_118 = (118, 121, 124, 126, 128, 129, 130, 132)


def unpublished_torch_index(tag: str) -> bool:
    """Whether download.pytorch.org/whl/<tag> ("cu122") is a CUDA index PyTorch never published (among cu118 to the
    newest known; an older or newer tag is not judged)."""
    digits = tag[2:] if tag.startswith("cu") else ""
    if not digits.isdigit():
        return False
    number = int(digits)
    published = TORCH_CUDA_INDEXES_SINCE_118
    return published[0] < number < published[-1] and number not in published
