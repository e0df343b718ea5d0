"""A package's command-line tool refusing a subcommand its installed release does not have.

argparse's words name the program, the command asked for and the ones the installed
release offers: "TRL CLI: error: argument command: invalid choice: 'vllm-serve' (choose
from 'chat', 'dpo', 'env', 'grpo', 'kto', 'sft')" (holdout39a: trl#3139, SimpleAR#24).
A package's subcommands are modules of its own, named as the command is
(``trl/scripts/vllm_serve.py``): the atlas says which release brought that module, so
the release the command was written for. A command close to one offered is a typo, and
gets no answer; so does one no module of the package is named for.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from ...model.hints import Hint
from ..failure import Failure
from .atlas import atlas_distributions, module_change, modules_named
from .names import distribution_of

_INVALID_CHOICE = re.compile(r"(?:^|\n)(?:usage: )?(?P<prog>[A-Za-z][\w.-]{0,40})(?: CLI)?: error: argument [\w-]+: "
                             r"invalid choice: '(?P<choice>[\w.-]{1,80})' \(choose from (?P<choices>[^)\n]{1,600})\)")


def missing_command(failure: Failure, version_of: Callable[[str], str | None]) -> Hint | None:
    """The answer for a subcommand a package's CLI refused, where a later release of it has a module of that name."""
    found = _INVALID_CHOICE.search(failure.message) if "invalid choice: " in failure.message else None
    if found is None:
        return None
    dist = distribution_of(found["prog"].lower())
    offered = re.findall(r"'([^']+)'", found["choices"])
    choice = found["choice"]
    if dist not in atlas_distributions() or difflib.get_close_matches(choice, offered, n=1, cutoff=0.75):
        return None  # no package the atlas reads, or a typo of a command it has
    changes = [module_change(dist, module) for module in modules_named(dist, choice.replace("-", "_"))]
    added = [change for change in changes if change is not None and change.added_in is not None
             and change.removed_in is None]
    if not added or len(added) != len([c for c in changes if c is not None]):
        return None  # no module of it named so, or one a release removed: the command's history is not read
    first = min(added, key=lambda change: change.added_in or change.first_read)
    installed = version_of(dist)
    if installed is not None and first.narrowed(installed) is None:
        return None  # the release the log shows has it: not this
    release = f"{dist} {installed}" if installed else f"the installed {dist}"
    return Hint(f"{release}'s command line has no command {choice} (it offers {', '.join(offered)}): {dist} "
                f"{first.added_in} added it (its module for it is new there), so the command was written for a newer "
                f"{dist}", f"pip install -U \"{dist}>={first.added_in}\"",
                f"reasoned from the log: argparse's words for the commands the installed release offers; "
                f"{first.source}", family="api-mismatch")
