"""The Microsoft Visual C++ runtime's DLLs missing, as a library's own check of them reports it; FFmpeg's DLLs
missing beside a library named after the FFmpeg it links.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ..model.hints import Hint

#: TensorFlow's check of the C++ runtime it loads (tensorflow/python/platform/self_check.py): "Could not find the
#: DLL(s) 'msvcp140.dll or msvcp140_1.dll'. TensorFlow requires that these DLLs be installed ..." (holdout44b:
#: tensorflow#50955)
_MSVC_DLLS = re.compile(r"Could not find the DLL\(s\) '(?P<dlls>(?:msvcp|vcruntime|concrt)[\w.]*\.dll[^'\n]{0,80})'",
                        re.IGNORECASE)


def msvc_runtime_missing(message: str, package: str | None) -> Hint | None:
    """The answer for a library's report that the Visual C++ runtime's DLLs are not found (None: no such report)."""
    msvc = _MSVC_DLLS.search(message) if "Could not find the DLL" in message else None
    if msvc is None:
        return None
    requiring = re.search(r"(\w+) requires that these DLLs", message)
    return Hint(f"{package or (requiring[1] if requiring else 'the package')} loads the Microsoft Visual C++ "
                f"runtime ({msvc['dlls']}), and Windows finds none of its DLLs on PATH: the Visual C++ "
                "Redistributable is not installed (or is older)",
                "install the latest Microsoft Visual C++ Redistributable (x64, "
                "aka.ms/vs/17/release/vc_redist.x64.exe), then start Python again",
                "the library's own check of the DLLs it loads", category="DLL load failed",
                family="extension-dll-load")


def ffmpeg_dll_missing(owner: str, file: str, major: str) -> Hint:
    """A package's library named after the FFmpeg it links (torio's libtorio_ffmpeg6.pyd) that Windows could not
    load: FFmpeg's own DLLs, which no wheel ships, are missing."""
    return Hint(f"Windows could not load {owner}'s {file}, which links FFmpeg {major}'s shared libraries (avutil, "
                f"avcodec, avformat ...): no FFmpeg {major} DLLs are on the DLL search path",
                f"install FFmpeg {major}'s shared build (conda install -c conda-forge 'ffmpeg={major}', or a "
                "\"shared\" Windows build) and put the folder with its DLLs on PATH",
                "the Windows loader's error as ctypes words it, for a library named after the FFmpeg it links",
                category="DLL load failed", family="extension-dll-load")
