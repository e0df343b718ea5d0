"""The submodules a package's ``__init__`` sets on it by importing them: Python binds ``pkg.sub`` as an attribute of
``pkg`` when ``pkg/__init__.py`` imports ``.sub``, so ``pkg.sub`` works without an import of its own in those releases
(librosa 0.7-0.9's ``librosa.core.audio``; torch 2.2's ``torch.distributed.device_mesh``).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import ast

from .names import _top_level, optional_statements


def submodules_bound(tree: ast.Module, package: str) -> tuple[frozenset[str], frozenset[str]]:
    """The submodules a package's ``__init__`` binds as its attributes by importing them (``from .audio import *``
    binds ``librosa.core.audio``: an import sets the submodule on its parent), and those only an optional import's
    ``try`` imports. An import under ``if TYPE_CHECKING:`` never runs, and binds nothing."""
    optional = {id(node) for node in optional_statements(tree.body)}
    certain: set[str] = set()
    maybe: set[str] = set()
    for node in _top_level(tree.body, type_checking=False):
        found: set[str] = set()
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith(f"{package}."):
            found.add((node.module or "")[len(package) + 1:].split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name[len(package) + 1:].split(".")[0] for alias in node.names
                         if alias.name.startswith(f"{package}.") and alias.asname is None)
        (maybe if id(node) in optional else certain).update(found)
    return frozenset(certain), frozenset(maybe - certain)



#: modules of a distribution the atlas leaves out: registries of classes named after something other than Python API
#: (onnx's reference evaluator's op implementations and backend test cases, one class per ONNX operator: OneHotEncoder,
#: Normalizer, Scaler), which would make other packages' class names ambiguous (scikit-learn's OneHotEncoder)
LEFT_OUT = {"onnx": ("onnx.reference.ops.", "onnx.backend.test.", "onnx.test.")}


def left_out(dist: str, module: str) -> bool:
    """Whether the atlas of ``dist`` leaves ``module`` out (``LEFT_OUT``)."""
    return module.startswith(LEFT_OUT.get(dist, ())) or f"{module}." in LEFT_OUT.get(dist, ())
