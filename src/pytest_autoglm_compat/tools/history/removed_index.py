"""The removed-methods index the atlas build writes beside the atlas files (``atlas_indexes.REMOVED_INDEX``).

The method index holds the stack's methods only (a plain value asked for a name is never NumPy's); a method asked
through ``super()`` or of a subclass (``super()._validate_data``, scikit-learn's until 1.6.1) is a base class's,
of any package: this index says, per method name, which distributions' classes had it and lost it.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from ...knowledge.generic.atlas import _indexes
from ...knowledge.generic.atlas_indexes import REMOVED_INDEX

#: a method name of two words or more (a one-word name, ``update``, is any class's), not a dunder
_NAME = re.compile(r"_*[A-Za-z0-9]+_\w+$")


def removed_methods(data: dict[str, Any]) -> set[str]:
    """The method names of two words or more some class of one atlas file had in a release read and none has in the
    newest."""
    releases = data["releases"]
    newest = len(releases) - 1
    present: dict[str, frozenset[int]] = defaultdict(frozenset)
    for text in data["modules"].values():
        entry = json.loads(text)
        module_at = _indexes(entry["at"], frozenset(range(len(releases))))
        for klass in entry["classes"].values():
            class_at = _indexes(klass["at"], module_at)
            for method, found in klass["methods"].items():
                if not method.startswith("__") and _NAME.match(method):
                    present[method] |= _indexes(found["at"], class_at)
    return {method for method, at in present.items() if at and max(at) < newest}


def write_removed_index(folder: Path) -> None:
    index: dict[str, list[str]] = defaultdict(list)
    for path in sorted(folder.glob("*.json.gz")):
        data = json.loads(gzip.decompress(path.read_bytes()))
        for method in removed_methods(data):
            index[method].append(data["dist"])
    text = json.dumps(index, separators=(",", ":"), sort_keys=True).encode()
    (folder / REMOVED_INDEX).write_bytes(gzip.compress(text, 9, mtime=0))
