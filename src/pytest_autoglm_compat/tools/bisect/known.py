"""The known-failure table's reading of the first bad release's output, for ``bisect``.

The output is scoped by what that release's throwaway environment has installed (its torch build
too), not by this environment: a failure its versions cannot produce is not named.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ...knowledge import known_failures
from ...knowledge.logs import explain_log
from ...knowledge.signatures import Signature
from ...render.failures import hint_lines
from .changes import installed_versions

__all__ = ["known_failure_lines"]


def known_failure_lines(output: str, env: Path, known: Sequence[Signature] | None = None) -> list[str]:
    """The known failures ``output`` shows, as lines: headline, cause, fix, source.

    ``known``: the bundled known failures and a team's files (None: the bundled ones).
    """
    packages = installed_versions(env)
    torch = packages.get("torch", "")
    cuda = f"{torch.partition('+cu')[2][:-1]}.{torch[-1]}" if "+cu" in torch else None
    found, _ = explain_log(output, known_failures.Versions.installed(packages, cuda), torch_version=torch or None,
                           torch_cuda=cuda, known=known)
    return [line for item in found for line in hint_lines(f"known failure: {item.headline}", item.hint, indent="    ")]
