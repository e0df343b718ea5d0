"""Two answers for Windows' "DLL load failed" that name no torch (split from ``loader_errors``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from ..model.hints import Hint


def other_architecture(module: str | None) -> Hint:
    """ERROR_BAD_EXE_FORMAT: a DLL built for another CPU architecture than the Python loading it."""
    what = f"the compiled extension {module}" if module else "a compiled module"
    return Hint(
        f"Windows could not load {what} or a DLL it links because it is built for another CPU architecture than "
        "this Python (a 64-bit DLL in a 32-bit Python, or the reverse)",
        "use a 64-bit Python (python -c \"import struct; print(struct.calcsize('P') * 8)\" prints 64) and install "
        "the package's win_amd64 wheel",
        "the Windows loader's error (ERROR_BAD_EXE_FORMAT, \"%1 is not a valid Win32 application\")",
        category="DLL load failed", family="extension-dll-load")


def dll_without_torch(module: str, package: str | None, message: str) -> Hint:
    """A named extension Windows could not load, in a log that names no torch or CUDA: a DLL it links is not found,
    or it was built for another Python (holdout139b: matplotlib#19692, ft2font under an unactivated conda
    environment); or found, and its own start failed (the session-41 second reader's TensorFlow without AVX)."""
    if "initialization routine failed" in message:
        return Hint(
            f"Windows found and loaded the compiled extension {module} (or a DLL it links), and its own start failed "
            "(DLL initialization routine failed): most often a build that needs CPU instructions this machine lacks "
            "(AVX), or a DLL of another build beside it",
            f"install a build of {package or 'the package'} for this CPU (an older release, or one built without AVX), "
            "and the latest Microsoft Visual C++ Redistributable (x64)", "the Windows loader's error (LoadLibraryEx: "
            "ERROR_DLL_INIT_FAILED)", category="DLL load failed", family="extension-dll-load")
    return Hint(
        f"Windows could not load the compiled extension {module} or a DLL it links: a DLL it needs is not "
        "found (the Microsoft Visual C++ Redistributable; a conda environment's own DLLs, found only where the "
        "environment is activated; a GPU runtime's DLLs not on PATH), or it was built for another Python or "
        "another release of a library it links",
        "install the latest Microsoft Visual C++ Redistributable (x64); run the code from the activated "
        "environment (conda activate ENV, or the editor's interpreter set to that environment); reinstall "
        f"{package or 'the package'} with its build for this Python (pip install --force-reinstall --no-cache-dir "
        f"{package or '<package>'})", "the Windows loader's error (LoadLibraryEx)",
        category="DLL load failed", family="extension-dll-load")
