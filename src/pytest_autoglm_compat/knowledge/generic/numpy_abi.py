"""A compiled module built against another NumPy than the one installed, told by NumPy's, Cython's or the import
system's own words: NumPy 2's refusal of a module built for 1.x, the C-API's version check, Cython's structure sizes,
and NumPy 1.16's one compiled core missing under an older NumPy.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from packaging.version import InvalidVersion, Version

from ...model.hints import Hint
from ..failure import Failure
from .api import near
from .machine import Situation
from .names import distribution_of, top
from .unpickling import unpickling

#: NumPy's own words for a compiled module built against another NumPy ABI: NumPy 2's "A module that was compiled
#: using NumPy 1.x cannot be run in NumPy 2.0.0", its "_ARRAY_API not found", the C-API's "module compiled against
#: API version 0x10 but this version of numpy is 0xe" and Cython's "numpy.dtype size changed, may indicate binary
#: incompatibility. Expected 96 from C header, got 88 from PyObject"
_NUMPY_1X = re.compile(r"compiled using NumPy 1\.x cannot be run in(?:\s+NumPy (?P<installed>\d+\.\d+(?:\.\d+)?))?")
#: (hex with "0x"; older NumPy releases print it without: "API version a but this version of numpy is 9",
#: holdout113b: healpy#318, astropy#4230, legacypipe#86)
_NUMPY_API = re.compile(r"module compiled against (?:ABI|API) version (?P<built>(?:0x)?[0-9a-fA-F]+) but this version "
                        r"of numpy is (?P<here>(?:0x)?[0-9a-fA-F]+)\b")
_NUMPY_SIZE = re.compile(r"numpy\.(?P<what>\w+) size changed, may indicate binary incompatibility\.\s+Expected "
                         r"(?P<header>\d+) from C header, got (?P<object>\d+) from PyObject")


#: (structure, its size in the module's headers, its size in the running NumPy): NumPy 1.x's dtype is 96 bytes, 2.x's
#: 88 (pandas 2.0.3's wheel under NumPy 2.2.0 says "Expected 96 from C header, got 88", tests/data/numpy)
_DTYPE_1_UNDER_2 = ("dtype", "96", "88")
_DTYPE_2_UNDER_1 = ("dtype", "88", "96")


#: the source of every answer of NumPy's ABI words
NUMPY_ABI = "reasoned from the log: NumPy's own check of a compiled module's ABI"


def numpy_abi(failure: Failure, version_of: Callable[[str], str | None],
              situation: Situation | None = None) -> Hint | None:
    """A compiled module built against another NumPy than the installed one, in NumPy's or Cython's own words."""
    message = failure.message
    if not ("NumPy" in message or "numpy" in message or "_ARRAY_API" in message or "_multiarray_umath" in message):
        return None
    numpy = version_of("numpy")
    installed = f"NumPy {numpy}" if numpy else "the installed NumPy"
    source = NUMPY_ABI
    one_x = near(_NUMPY_1X, message, "compiled using NumPy 1.x")
    size = near(_NUMPY_SIZE, message, "size changed, may indicate binary incompatibility")
    sizes = (size["what"], size["header"], size["object"]) if size else None
    if sizes == _DTYPE_2_UNDER_1:
        return Hint(f"a compiled module was built against NumPy 2, and {installed} (1.x) is installed: its dtype "
                    "structure is NumPy 2's (88 bytes), not 1.x's (96)",
                    "pip install -U 'numpy>=2', or install the module's release built for NumPy 1.x",
                    source, family="extension-abi")
    if one_x or message.strip() == "_ARRAY_API not found" or sizes == _DTYPE_1_UNDER_2:
        shown = one_x["installed"] if one_x and one_x["installed"] else numpy
        here = f"NumPy {shown}" if shown and not shown.startswith("1.") else "NumPy 2.x"
        return Hint(f"a compiled module was built against NumPy 1.x, and {here} is installed: NumPy 2 changed "
                    "the ABI, so it cannot load (the traceback above the message names the module)",
                    "pip install 'numpy<2', or upgrade the module to a release built for NumPy 2 (its release notes "
                    "say from which)", source, family="extension-abi")
    if size and int(size["header"]) > int(size["object"]):
        # a structure smaller in the module's headers than in the running NumPy is the compatible side: Cython only
        # warns of it (a RuntimeWarning: the session-28 second reader's nionswift#306, 192 against 216)
        return Hint(f"a compiled module was built against another NumPy than {installed}: the size of numpy."
                    f"{size['what']} it was compiled with ({size['header']} bytes) is not this NumPy's "
                    f"({size['object']})", "install the NumPy the module was built for, or the module's release "
                    "built for the installed NumPy (pip install --force-reinstall --no-cache-dir <module>)",
                    source, family="extension-abi")
    if message.strip() in _UMATH_MISSING:
        return _built_for_1_16(failure, numpy, installed, situation)
    api = near(_NUMPY_API, message, "but this version of numpy is")
    if api is None:
        return None if situation is not None and situation.numpy_reason_shown else _core_not_imported(
            failure, installed, source)
    if int(api["built"], 16) > int(api["here"], 16):
        return Hint(f"a compiled module was built against a newer NumPy than {installed}: its C-API or structures "
                    "are ones this NumPy does not have (a wheel built for NumPy 2 under NumPy 1.x, most often)",
                    "upgrade NumPy to the release the module was built for (pip install -U numpy; for a build for "
                    "NumPy 2, numpy>=2), or install the module's release built for the installed NumPy",
                    source, family="extension-abi")
    return Hint(f"a compiled module was built against an older NumPy than {installed}: the installed NumPy's "
                "structures changed since (NumPy 2 under a module built for 1.x, most often)",
                "pip install 'numpy<2' (or the NumPy the module was built for), or upgrade the module to a release "
                "built for the installed NumPy", source, family="extension-abi")


#: NumPy 1.16.0 merged numpy.core.multiarray and umath into one compiled module, numpy.core._multiarray_umath, which a
#: module compiled against 1.16 or later imports (NumPy 1.16.0 release notes; the atlas reads it compiled from 1.16.0)
_UMATH_MISSING = ("No module named 'numpy.core._multiarray_umath'", "No module named numpy.core._multiarray_umath",
                  "No module named _multiarray_umath")  # Python 3's words, and Python 2's (numpy#11871)
_UMATH_FROM = Version("1.16.0")


def _built_for_1_16(failure: Failure, numpy: str | None, installed: str, situation: Situation | None) -> Hint | None:
    """A compiled module built against NumPy 1.16 or later, imported under an older NumPy (holdout78b: CenterFace#79,
    pycuda's _driver under NumPy 1.15); a saved file loaded is the unpickling reading's (GaitSet#27)."""
    if unpickling(failure) or any(frame.startswith("numpy.") for frame in failure.frames or ()):
        return None  # a file's module path (unpickled's); NumPy's own core failing to import (broken: numpy#17975)
    try:
        if numpy is not None and Version(numpy) >= _UMATH_FROM:
            return None  # a NumPy that has it: a broken install, not a release's
    except InvalidVersion:
        return None
    if situation is not None and situation.loads_a_file:  # np.load, pd.read_hdf: the file names the module
        return Hint(f"the file being loaded was written by NumPy {_UMATH_FROM} or later (its pickled arrays name "
                    f"numpy.core._multiarray_umath), and {installed} is older: it has no such module",
                    f"read it with NumPy {_UMATH_FROM} or later (pip install -U \"numpy>={_UMATH_FROM}\"), or save it "
                    "again without pickled objects where it was written", "reasoned from the log: the compiled core "
                    "NumPy 1.16.0 and later have (NumPy 1.16.0 release notes), named by a file loaded",
                    family="api-mismatch")
    return Hint(f"a compiled module was built against NumPy {_UMATH_FROM} or later, whose C core is one module "
                f"(numpy.core._multiarray_umath), and {installed} is older: it has no such module",
                f"upgrade NumPy (pip install -U \"numpy>={_UMATH_FROM}\"; the module's own requirement names the "
                "release), or reinstall the module built against the installed NumPy (pip install --force-reinstall "
                "--no-cache-dir <module>)",
                "reasoned from the log: the compiled core NumPy 1.16.0 and later have, which modules built against "
                "them import (NumPy 1.16.0 release notes)", family="extension-abi")


#: NumPy's C-API import (import_array) in a compiled module that could not load NumPy's core: its own ImportError,
#: printed under NumPy's reason where it gives one (the ABI words above), alone where a paste keeps only the exception
#: (holdout23a: kizagan#3, cv2 in a PyInstaller bundle)
_CORE_NOT_IMPORTED = re.compile(r"numpy\.(?:_?core\.(?:_multiarray_umath|multiarray)) failed to import")


def _core_not_imported(failure: Failure, installed: str, source: str) -> Hint | None:
    if not _CORE_NOT_IMPORTED.fullmatch(failure.message.strip()):
        return None
    frames = [f.partition(":")[0] for f in failure.frames or () if not f.startswith(("numpy", "pyimod", "importlib"))]
    module = top(frames[-1]) if len(frames) > 1 else None  # the innermost frame, where it is not the script's
    named = module is not None and (module in (failure.packages or ()) or distribution_of(module) != module)
    who = f"the compiled module {module} ({distribution_of(module)})" if module and named else "a compiled module"
    return Hint(f"{who} could not import NumPy's C API: it was built against another NumPy than {installed} (or "
                "NumPy is missing or broken)",
                "reinstall NumPy at the release the module was built for (pip install --force-reinstall numpy; "
                "'numpy<2' for a module built for NumPy 1.x), or install the module's build for the installed NumPy",
                source, family="binary-mismatch")
