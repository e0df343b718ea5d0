"""Which contract requirements catch an explained failure: identities (``model.requirements.identity``).

A known failure names its requirement (``requirement`` in known_failures.toml). A compiled
extension the loader refused names none: it is derived from the failure itself (STYLE.md 21):
the module that did not load (``extension:NAME``), the distribution that ships it
(``kernels:DIST``, whose GPU code the contract may check) and, when the library it lacks is
CUDA's own, ``cuda`` (a test that needs the GPU stack).

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable

from packaging.utils import canonicalize_name

from ..model.hints import Hint
from .failure import exception_chain

#: load-error families (knowledge.loader_errors) whose missing library is the CUDA stack's
_CUDA_LIBRARY_FAMILIES = frozenset(("extension-cuda-lib",))


def requirement_identities(exc: BaseException, hint: Hint) -> tuple[str, ...]:
    """The identities of the requirements that catch ``exc`` (explained by ``hint``), most specific first."""
    out: list[str] = []
    if hint.requirement:
        out.append(hint.requirement)
    if hint.family.startswith("extension-") or hint.category is not None:
        for name in _extension_modules(exception_chain(exc)):
            out.append(f"extension:{name}")
            dist = _distribution_of(name)
            if dist:
                out.append(f"kernels:{dist}")
        if hint.family in _CUDA_LIBRARY_FAMILIES:
            out.append("cuda")
    return tuple(dict.fromkeys(out))


def _extension_modules(chain: Iterable[BaseException]) -> list[str]:
    names = []
    for link in chain:
        try:
            name = link.name if isinstance(link, ImportError) else None
        except Exception:
            continue
        if isinstance(name, str) and name:
            names.append(name)
    return names


def _distribution_of(module: str) -> str | None:
    """The installed distribution that ships the top-level module (Python 3.10+ can say; 3.9: None)."""
    find = getattr(importlib.metadata, "packages_distributions", None)
    if find is None:
        return None
    try:
        dists = find().get(module.partition(".")[0], [])
    except Exception:
        return None
    return canonicalize_name(dists[0]) if dists else None
