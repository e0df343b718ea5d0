"""The keyword index of the atlas (split from ``atlas_build``): per method and keyword, the one distribution whose
history of it says whose keyword a call that names no class passed.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

from ...knowledge.generic.atlas import KEYWORD_INDEX


def write_keyword_index(folder: Path, classes_kept: int = 3) -> None:
    """Per method and keyword ("__init__ evaluation_strategy"), the one distribution whose classes' method (or
    module's function, written "<module>:<function>") named the keyword in some releases and not in others, and
    those classes (at most ``classes_kept``). A keyword of several distributions (their functions' under "key
    @dist"), of more classes, or of every release of its method is left out: a call that names no class is told
    from it only where one package's history says whose keyword it is."""
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    changed: set[tuple[str, str]] = set()  # (key, distribution)
    for path in sorted(folder.glob("*.json.gz")):
        data = json.loads(gzip.decompress(path.read_bytes()))
        for module, text in data["modules"].items():
            entry = json.loads(text)
            for function, found in entry.get("functions", {}).items():  # a module's function: "<module>:<name>"
                for keyword, spans in found["keywords"].items():
                    if keyword != "**":
                        owners[f"{function} {keyword}"].add((data["dist"], f"{module}:{function}"))
                        if spans:
                            changed.add((f"{function} {keyword}", data["dist"]))
            for cls, klass in entry["classes"].items():
                if re.match(r"(?:TF|Flax)[A-Z]", cls):
                    continue  # TensorFlow's and JAX's twins of the torch classes
                for method, found in klass["methods"].items():
                    if method.startswith(("__", "(")) and method not in ("__init__", "__call__"):
                        continue
                    for keyword, spans in found["keywords"].items():
                        if keyword != "**":
                            owners[f"{method} {keyword}"].add((data["dist"], cls))
                            if spans:  # "": every release of the method named it
                                changed.add((f"{method} {keyword}", data["dist"]))
    index = {}
    for key, dist in sorted(changed):  # a key of several distributions: their functions' by "key @dist", which a
        own = sorted(cls for d, cls in owners[key] if d == dist)  # call through a module's whole path names
        # any other distribution's class or function that names the keyword makes a call naming no class ambiguous,
        # even one that took it in every release read: a call naming no class says nothing of whose class it was
        # (Paddle's DataLoader, which the atlas does not read, beside torch's: review29)
        several = len({d for d, _ in owners[key]}) > 1
        if len(own) <= classes_kept and (not several or all(":" in cls for cls in own)):
            index[f"{key} @{dist}" if several else key] = [dist, own]
    text = json.dumps(index, separators=(",", ":"), sort_keys=True).encode()
    (folder / KEYWORD_INDEX).write_bytes(gzip.compress(text, 9, mtime=0))


def unspan(text: str, within: set[int]) -> set[int]:
    """"0-2,5" -> {0, 1, 2, 5}; "" -> ``within``: ``spans`` read back."""
    if not text:
        return set(within)
    found: set[int] = set()
    for run in text.split(","):
        first, _, last = run.partition("-")
        found.update(range(int(first), int(last or first) + 1))
    return found
