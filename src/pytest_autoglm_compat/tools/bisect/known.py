"""The known-failure table's reading of the first bad release's output, for ``bisect``.

The output is scoped by what that release's throwaway environment has installed (its torch build
too), not by this environment: a failure its versions cannot produce is not named.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

from pathlib import Path

from ...knowledge import known_failures
from ...knowledge.logs import explain_log
from .changes import installed_versions

__all__ = ["known_failure_lines"]


def known_failure_lines(output: str, env: Path) -> list[str]:
    """The known failures ``output`` shows, as lines: headline, cause, fix, source."""
    packages = installed_versions(env)
    torch = packages.get("torch", "")
    cuda = f"{torch.partition('+cu')[2][:-1]}.{torch[-1]}" if "+cu" in torch else None
    found, _ = explain_log(output, known_failures.Versions.installed(packages, cuda), torch_version=torch or None,
                           torch_cuda=cuda)
    lines = []
    for item in found:
        lines += [f"known failure: {item.headline}", f"    cause: {item.hint.cause}", f"    fix: {item.hint.fix}",
                  f"    source: {item.hint.source}"]
    return lines
