"""A pickled file naming a module or class of a package that the installed release lacks.

Unpickling imports what the file names: NumPy's, pandas' or scikit-learn's own
module paths as the release that wrote it had them. "No module named
'numpy.core._multiarray_umath'" raised under ``pickle.load`` (``np.load``) says
the file was written by another NumPy than the one reading it, not that any code
was written for another release (holdout25a: GaitSet#27, a file written by NumPy
1.16 or later, read by an older one). The atlas tells the direction; a module of
the package that no release read has says nothing (a user's own class, renamed).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import re
from collections.abc import Callable

from packaging.version import InvalidVersion, Version

from ...model.hints import Hint
from ..failure import Failure
from ..release_table import releases_of
from .api import Asked, asked
from .atlas import asked_change, in_every_release_read, name_present_throughout, newest_release
from .names import distribution_of
from .unpickling import unpickling

#: pickle's own find_class, the name missing from an installed module's file: "Can't get attribute '_split_tokenizer'
#: on <module 'torchtext.data.utils' from '/.../site-packages/torchtext/data/utils.py'>" (holdout41a: OpenNMT-py#1511)
_FIND_CLASS = re.compile(r"Can't get attribute '(?P<name>[\w.]+)' on <module '(?P<module>[\w.]+)' from "
                         r"'[^'\n]*[/\\](?:site|dist)-packages[/\\][^'\n]*'>")


#: the Python a site-packages path names ("/envs/pytorch3/lib/python3.6/site-packages/torch/_utils.py")
_PYTHON_IN_PATH = re.compile(r"[/\\]python(?P<python>[23]\.\d{1,2})[/\\](?:site|dist)-packages[/\\]")


def _find_class(message: str) -> Asked | None:
    """The name a pickled file asks of a package's module, in pickle's own words (a module of the user's own, not
    installed, is no release's)."""
    found = _FIND_CLASS.search(message)
    if found is None:
        return None
    module = found["module"]
    return Asked(f"the name {found['name']} from {module}", distribution_of(module), module, found["name"])


#: torch 2.6's own words where its new default refused a checkpoint (torch/serialization.py): said only where the caller
#: left weights_only unset (a caller asking weights_only=True itself gets the message without them: holdout175a's
#: champ#144 is not read)
_WEIGHTS_ONLY_DEFAULT = "we changed the default value of the `weights_only` argument in `torch.load`"
_UNSUPPORTED_GLOBAL = re.compile(r"Unsupported global: GLOBAL (?P<name>[\w.]{1,200}) was not an allowed global")


def _weights_only_default(message: str) -> Hint | None:
    """torch.load under torch 2.6's weights_only=True default refusing a checkpoint that pickles more than tensors
    (holdout175a: MangaQuick#13): the loading code was written for the default before it."""
    if _WEIGHTS_ONLY_DEFAULT not in message:
        return None
    found = _UNSUPPORTED_GLOBAL.search(message)
    what = f"an object of {found['name']}" if found else "objects beyond tensors"
    return Hint(f"torch 2.6 changed torch.load's default to weights_only=True, and this checkpoint pickles {what}, "
                "which that default refuses: the code loading it was written for torch before 2.6",
                "where the file comes from a source you trust: a release of the loading code that passes "
                "weights_only=False to torch.load (or that change in its call), or its classes allowed with "
                "torch.serialization.add_safe_globals; or install torch<2.6",
                "reasoned from the log: torch's own message of its changed default", family="api-mismatch")


def unpickled(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The release a pickled file was written by, where unpickling it asked for a module or name the installed
    package lacks and the atlas shows which releases have it (None otherwise)."""
    if "Weights only load failed" in failure.message:
        return _weights_only_default(failure.message)
    shape = _find_class(failure.message) if "Can't get attribute" in failure.message else None
    if shape is None and not unpickling(failure):
        return None
    shape = shape or asked(failure)
    if shape is None or shape.module is None:
        return None
    owner = shape.owner or distribution_of(shape.module)
    version = version_of(owner)
    change = asked_change(owner, shape.module, shape.name, compiled=True)  # a file names what a release had
    if change is None and "Can't get attribute" in failure.message:
        return _older_than_read(shape, owner, version, _PYTHON_IN_PATH.search(failure.message))
    change = change.narrowed(version) if change is not None else None
    if change is None:
        return None
    owner_text = f"{owner} {version}" if version else f"the installed {owner}"
    return Hint(f"the pickled file being loaded names {shape.what}, which {owner_text} does not have: {change.told}, "
                f"so the file was written by {change.written_for} {owner} than the one reading it",
                f"load it with the {owner} release that wrote it: install {change.pin} (pip install \"{change.pin}\"); "
                f"or, where that {owner} can load it, save it again in a format that does not pickle {owner}'s "
                "objects" + (" (np.save with allow_pickle=False, a plain array or list)" if owner == "numpy" else
                             f" ({owner}'s own save format)"),
                f"reasoned from the log and {change.source}", family="api-mismatch")


def _older_than_read(shape: Asked, owner: str, version: str | None, python: re.Match[str] | None) -> Hint | None:
    """A name every release the atlas read has in its module, which the installed package lacks: the installed
    release is older than those read (torch._utils' _rebuild_tensor_v2, in every torch from 1.0.0, missing from a
    0.3 reading a file torch 0.4 wrote: holdout182a's neural-motifs#9, pytorch#15375). Only on a Python the oldest
    release read has wheels for: an older release runs on none newer (a name missing there is a broken install or
    a folder shadowing the package: the session-48 second reader's probe with torch's Parameter)."""
    assert shape.module is not None
    first = in_every_release_read(owner, shape.module)
    newest = newest_release(owner)
    if first is None or newest is None or not name_present_throughout(owner, shape.module, shape.name):
        return None
    oldest = next((r for r in releases_of(owner) or () if r.version == first), None)
    if python is None or oldest is None or not oldest.has_wheel_for(python["python"]):
        return None
    try:
        if version is not None and Version(version) >= first:
            return None  # a release read has it: something else is wrong (a shadowing folder, a broken install)
    except InvalidVersion:
        return None
    return Hint(f"the pickled file being loaded names {shape.what}, which the installed {owner} does not have: every "
                f"{owner} release from {first} to {newest} has it, so the installed {owner} is older than {first} "
                f"and the file was written by a newer {owner} than the one reading it",
                f"load it with a newer {owner}: install {owner}>={first} (pip install \"{owner}>={first}\"); or, "
                f"with the {owner} that wrote it, save it again in a format that does not pickle {owner}'s objects "
                f"({owner}'s own save format)",
                f"reasoned from the log and the bundled API atlas (the {owner} releases from {first} to {newest})",
                family="api-mismatch")
