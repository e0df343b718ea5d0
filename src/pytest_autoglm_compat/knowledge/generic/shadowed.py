"""A module imported under a package's name that lacks what every release of the package has: not the package.

"module 'datasets' has no attribute '__version__'": every release of datasets the atlas read
sets ``datasets.__version__``, so the module the code imported is not a release of datasets: a
folder or file named ``datasets`` beside the script (or on the path before site-packages) is found
first (holdout23b's distractor transformers#7430, and #7448 of the same thread). Told apart, no
release is claimed not to fit.

The traceback can show it too: a frame that runs a file of the user's named like the package asked of
("/home/jaden/carnet/tensorflow.py", "/root/onnx.py"), outside site-packages, while the installed code
imports the package (holdout32a's distractors tflearn#493 and yolort#247).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re

from ...model.hints import SHADOWED, Hint
from ..failure import Failure
from .atlas import name_present_throughout
from .names import distribution_of, of_the_interpreter
from .unbuilt import compiled_name

_ASKED = re.compile(r"^module '(?P<module>[A-Za-z_]\w*)' has no attribute '(?P<name>__version__)'$")
#: the package a failure asks of: "module 'tensorflow' has no attribute", "cannot import name 'x' from 'onnx'", or the
#: import statement the traceback shows ("from onnx import defs")
_OF_MODULE = re.compile(r"^module '(?P<module>[A-Za-z_][\w.]*)' has no attribute|from '(?P<from>[A-Za-z_][\w.]*)'")
#: "cannot import name 'Config' from 'mmcv' (unknown location)": a namespace package, not the installed release
#: (holdout35a's distractor mmcv#439, a broken install the OP's reinstall mended)
_UNKNOWN_LOCATION = re.compile(r"cannot import name '(?P<name>\w+)' from '(?P<module>[\w.]+)' \(unknown location\)")
_INSTALLED_PATH = re.compile(r"from '[\w.]+' \([^()]*(?:site|dist)-packages")
_FROM_IMPORT = re.compile(r"^\s*from (?P<module>[A-Za-z_][\w.]*) import ")


def shadowed_module(failure: Failure) -> Hint | None:
    """A top-level module lacking a name every release of its distribution read has (None: not shown so).

    Not a submodule: the atlas reads a distribution from a release on, and one older than those may lack it
    (holdout18a's langchain#10887: 0.0.81, before the atlas's 0.0.300, without langchain.chat_models)."""
    nowhere = _UNKNOWN_LOCATION.search(failure.message) if "(unknown location)" in failure.message else None
    if nowhere is not None and failure.is_a("builtins.ImportError") and not compiled_name(nowhere["name"]):
        module = nowhere["module"]
        return Hint(f"the module imported as {module} has no file of its own (\"unknown location\"): a folder named "
                    f"{module} without an __init__.py found first on the path, or an install of it that is broken; "
                    "not a release that lacks the name",
                    f"python -c \"import {module}; print({module}.__path__)\" shows the folder found: rename or move "
                    f"it, or pip install --force-reinstall {distribution_of(module)}",
                    "reasoned from the log: Python's words for a module with no file", family=SHADOWED)
    entry = _entry_folder(failure)
    if entry is not None:
        folder, missing, first = entry
        return Hint(f"the run's own script is in a folder named {folder} (its first frame, {first}), "
                    f"outside site-packages: that folder is what `import {folder}` found, not the installed "
                    f"{distribution_of(folder)}, so it is not a release of {distribution_of(folder)} that lacks "
                    f"{missing}",
                    _fix(folder), "reasoned from the log: the traceback's first frame is a script in a folder named "
                    "like the package asked of", family=SHADOWED)
    shadowing = _shadowing_file(failure)
    if shadowing is not None:
        real = (f"Python's own {shadowing}" if of_the_interpreter(shadowing)
                else f"the installed {distribution_of(shadowing)}")
        return Hint(f"the traceback runs a module named {shadowing} from outside site-packages (a file or folder of "
                    f"that name: the script's own, or a source checkout), and the import found it before {real}: it "
                    f"is not {real} that lacks what was asked",
                    _fix(shadowing), "reasoned from the log: a frame of a module named like the package asked of",
                    family=SHADOWED)
    found = _ASKED.match(failure.message) if failure.message.startswith("module '") else None
    if found is None or not failure.is_a("builtins.AttributeError"):
        return None
    module, name = found["module"], found["name"]
    dist = distribution_of(module)
    if not name_present_throughout(dist, module, name):
        return None
    return Hint(f"the module imported as {module} has no {name}, which every release of {dist} the atlas read has: "
                f"it is most likely not the "
                f"installed {dist} but another module of that name found first (a folder or file named {module} "
                "beside the script, or in the working directory)",
                _fix(module),
                f"reasoned from the log and the bundled API atlas ({dist}: {module}.{name} in every release read)",
                family=SHADOWED)


#: "No module named 'paddle.fluid'"
_NO_SUBMODULE = re.compile(r"^No module named '(?P<module>(?P<package>[A-Za-z_]\w*)\.[\w.]+)'$")


#: Python's words for a top-level module found as a file where a package was asked: "No module named 'funasr.bin';
#: 'funasr' is not a package"
_TOP_NOT_A_PACKAGE = re.compile(r"^No module named '(?P<module>[A-Za-z_]\w*\.[\w.]+)'; '(?P<package>[A-Za-z_]\w*)' is "
                                r"not a package$")


#: distributions that are one module by design: a submodule asked of them is their own lazy table's (six.moves)
_ONE_FILE = frozenset({"six", "typing_extensions", "decorator", "mock"})


def file_not_package(failure: Failure) -> Hint | None:
    """A top-level name Python found as a plain module where code asked for a submodule of it: a file of that name
    (the user's script, beside it or in the working directory) found before the installed package (holdout133a's
    distractor FunASR#662, ".../Minutes/funasr.py"; 15 of the corpus's 16 such logs are distractors, the 16th a dotted
    package's, which the API reading keeps)."""
    found = _TOP_NOT_A_PACKAGE.match(failure.message) if failure.message.endswith("is not a package") else None
    if found is None or not failure.is_a("builtins.ImportError"):
        return None
    package = found["package"]
    if of_the_interpreter(package) or package in _ONE_FILE:
        return None  # Python's own typing (3.13 removed typing.io), six: modules by design, no file of the user's
    return Hint(f"Python found {package} as a plain module (a file {package}.py), not a package, when "
                f"{found['module']} was asked for: a file of that name (the script itself, or one beside it or in the "
                f"working directory) is found before the installed {distribution_of(package)}: not a release that "
                "lacks it",
                _fix(package), "reasoned from the log: Python's words for a module that is not a package",
                family=SHADOWED)


def _entry_folder(failure: Failure) -> tuple[str, str, str] | None:
    """The package a submodule is missing from, the module asked for and the first frame, where that frame is the
    run's script in a folder of that name (``paddle.train:<module>``, ".../big_transfer/paddle/train.py") and the
    import that failed is another package's: the folder is found as the package (holdout131a's distractor
    X2Paddle#589, a folder named paddle)."""
    found = _NO_SUBMODULE.match(failure.message) if failure.message.startswith("No module named '") else None
    if found is None or not failure.frames or not failure.is_a("builtins.ImportError"):
        return None
    package = found["package"]
    first, inner = failure.frames[0], failure.frames[-1]
    module, _, function = first.partition(":")
    if function != "<module>" or module.count(".") != 1 or module.partition(".")[0] != package:
        return None
    if len(failure.frames) < 2 or inner.startswith(f"{package}."):
        return None
    return package, found["module"], first


def _shadowing_file(failure: Failure) -> str | None:
    """The package asked of, where a frame of the traceback runs a file of that name that is not installed code."""
    if not failure.frames or failure.packages is None:
        return None
    if not (failure.is_a("builtins.AttributeError") or failure.is_a("builtins.ImportError")):
        return None
    named = _OF_MODULE.search(failure.message)
    statement = _FROM_IMPORT.match(failure.source or "") if named is None else None
    module = (named["module"] or named["from"]) if named else (statement["module"] if statement else None)
    if module is None:
        return None
    package = module.partition(".")[0]
    if package in failure.packages or _INSTALLED_PATH.search(failure.message):
        return None  # the message's own path shows the installed package was the one imported
    modules = [frame.partition(":")[0] for frame in failure.frames]
    if any(module.startswith(f"{package}.") for module in modules):
        return None  # frames inside the package's own submodules: installed code outside site-packages (a bundle, a
        #              checkout installed editable), not a file of the script's own (the second reader's cases)
    return package if package in modules else None


def _fix(module: str) -> str:
    return (f"rename or move the local {module} folder or file (python -c \"import {module}; print({module})\" shows "
            "where it is found)")
