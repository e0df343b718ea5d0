"""The ``autoglm-compat`` argument parser: every command, its options and its help, and nothing they import.

Each command names its module and function (``handler``); :mod:`.app` imports that module only
when the command runs, so ``autoglm-compat --help`` stays cheap.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from .. import __version__
from .common import EXIT_USAGE

__all__ = ["DESCRIPTION", "build_parser"]

DESCRIPTION = "The ``autoglm-compat`` command: the plugin's engine without a pytest run."


def _seconds(value: str) -> float:
    from ..model.settings import SettingsError, parse_seconds

    try:
        return parse_seconds(value, "--timeout")
    except SettingsError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--timeout: ")) from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        """argparse's exit 2 in the one line docs/cli.md promises (argparse prints the whole usage first)."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


class _CommandParser(_Parser):
    """``... -- COMMAND ARGS``: everything after the first ``--`` is the command, never our options."""

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        words = list(sys.argv[1:] if args is None else args)
        command: list[str] = []
        if "--" in words:
            at = words.index("--")
            words, command = words[:at], words[at + 1:]
        found, rest = super().parse_known_args(words, namespace)
        found.cmd = command
        return found, rest


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="autoglm-compat", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def contract_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument("-c", "--contract", metavar="NAME|PATH",
                       help="bundled contract name or .toml path (default: $AUTOGLM_CONTRACT or stable)")

    def output_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")

    def known_failures_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument("--known-failures", action="append", default=[], metavar="FILE",
                       help="a team's own known-failure file, tried after the bundled ones (repeatable; "
                       "also $AUTOGLM_KNOWN_FAILURES)")

    def timeout_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument("--timeout", type=_seconds, default=120.0, metavar="SECONDS",
                       help="limit for the probe and the API-check subprocess (default 120)")

    p = sub.add_parser("check", help="evaluate this environment, a snapshot or a lock file against a contract")
    contract_opt(p)
    source = p.add_mutually_exclusive_group()
    source.add_argument("--snapshot", metavar="FILE", help="a snapshot written by 'autoglm-compat probe'")
    source.add_argument("--requirements", metavar="FILE",
                        help="a requirements file (ranges, pins, -r/-c includes), pip freeze, pip list (columns "
                             "or --format=json), conda list or pip inspect output, pylock.toml or uv.lock")
    p.add_argument("--strict", action="store_true",
                   help="with --requirements: a package the file allows outside the contract counts as not met")
    p.add_argument("--offline", action="store_true",
                   help="with --requirements: judge ranges on their specifiers only, without asking the index "
                        "for release lists")
    p.add_argument("--section", action="append", metavar="NAME", help="only these sections (default: all)")
    p.add_argument("--cpu-only", action="store_true", help="leave out [cuda] and CUDA-only API/extension checks")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--allow-unknown", action="store_true",
                   help="exit 0 when nothing is unmet although some requirements are unknown "
                        "(default: unknown counts as not met, as in the plugin)")
    p.add_argument("-v", "--verbose", action="store_true", help="list met requirements too")
    output_opt(p)
    known_failures_opt(p)
    timeout_opt(p)
    p.set_defaults(handler=("check", "run"))

    p = sub.add_parser("probe", help="write the snapshot of this environment as JSON")
    output_opt(p)
    timeout_opt(p)
    p.set_defaults(handler=("probe", "run"))

    p = sub.add_parser("contracts", help="list, show or lint contracts")
    csub = p.add_subparsers(dest="action", required=True, parser_class=_Parser)
    q = csub.add_parser("list", help="the bundled contracts")
    q.set_defaults(handler=("contracts", "list_bundled"))
    q = csub.add_parser("show", help="a contract with 'extends' applied, as TOML")
    q.add_argument("name", metavar="NAME|PATH")
    output_opt(q)
    q.set_defaults(handler=("contracts", "show"))
    q = csub.add_parser("lint", help="validate contract files (the plugin's errors)")
    q.add_argument("paths", nargs="+", metavar="PATH")
    q.set_defaults(handler=("contracts", "lint"))

    p = sub.add_parser("constraints", help="a contract as a pip constraints file (pip install -c)")
    p.add_argument("name", metavar="NAME|PATH")
    p.add_argument("--section", action="append", metavar="NAME", help="only these sections (default: all)")
    output_opt(p)
    p.set_defaults(handler=("contracts", "constraints"))

    p = sub.add_parser("plan", help="one concrete install for a contract and your requirement files, "
                                    "from a real resolver (uv or pip)")
    contract_opt(p)
    p.add_argument("-r", "--requirements", action="append", metavar="FILE",
                   help="a pip requirements file of yours (repeatable)")
    p.add_argument("--section", action="append", metavar="NAME", help="only these sections (default: all)")
    p.add_argument("--python", metavar="PATH", help="the interpreter to resolve for (default: this one)")
    p.add_argument("--timeout", type=_seconds, default=900.0, metavar="SECONDS",
                   help="end the resolver after this long (default 900)")
    p.add_argument("--resolver", choices=("auto", "uv", "pip"), default="auto",
                   help="auto (default): uv when installed and your pip configuration translates to it, else pip")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show the resolver's progress on stderr (default: when stderr is a terminal)")
    output_opt(p)
    p.set_defaults(handler=("plan", "run"))

    p = sub.add_parser("diff", help="drift between two snapshots (or a snapshot and this environment)")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW", nargs="?", help="default: this environment")
    p.add_argument("-c", "--contract", metavar="NAME|PATH",
                   help="mark the changes that break this contract (bundled name or .toml path) and exit 1 if any "
                        "does; without it, changes are only listed")
    p.add_argument("--cpu-only", action="store_true", help="ignore CUDA requirements")
    timeout_opt(p)
    p.set_defaults(handler=("diff", "run"))

    p = sub.add_parser("freeze", help="the contract a passing run proved, from its JSON report")
    p.add_argument("--from-report", required=True, metavar="REPORT", help="a report written by --autoglm-report")
    p.add_argument("--policy", choices=("exact", "minor", "major"),
                   help="range of each version (default: the run's --autoglm-freeze-policy, else minor)")
    output_opt(p)
    p.set_defaults(handler=("freeze", "run"))

    p = sub.add_parser("matrix", help="merge JSON reports into one compatibility table")
    p.add_argument("reports", nargs="+", metavar="REPORT")
    p.add_argument("--format", choices=("markdown", "html"), default="markdown")
    output_opt(p)
    p.set_defaults(handler=("matrix", "run"))

    p = sub.add_parser("explain", help="explain known GLM-stack failures in a traceback or log")
    p.add_argument("file", nargs="?", metavar="FILE", help="a log file; default or '-': standard input")
    p.add_argument("--here", action="store_true",
                   help="the log comes from this environment: scope by its installed versions, not the log's")
    p.add_argument("--index", action="store_true",
                   help="for a name a package lacks, find the release that removed or added it, read from the "
                        "package's wheels on the indexes pip is configured with (cached)")
    known_failures_opt(p)
    timeout_opt(p)
    p.set_defaults(handler=("explain", "run"))

    p = sub.add_parser("bisect", help="find the release of one package that broke a command",
                       usage="%(prog)s PACKAGE --good V1 --bad V2 [options] -- COMMAND...",
                       description="Build throwaway environments that differ only in PACKAGE, run COMMAND in each "
                                   "and binary-search the releases between --good and --bad.")
    p.add_argument("package", metavar="PACKAGE")
    p.add_argument("--good", required=True, metavar="VERSION", help="a release on which COMMAND passes")
    p.add_argument("--bad", required=True, metavar="VERSION", help="a later release on which COMMAND fails")
    p.add_argument("--pre", action="store_true", help="include pre-releases between --good and --bad")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="build and run N releases at once (default 1)")
    p.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                   help="end a run of COMMAND after this long; it counts as failing, exit 124 (default: none)")
    pins = p.add_mutually_exclusive_group()
    pins.add_argument("--requirements", metavar="FILE",
                      help="base pins from a requirements/lock file (default: this environment's distributions)")
    pins.add_argument("--snapshot", metavar="FILE", help="base pins from a snapshot written by 'autoglm-compat probe'")
    p.add_argument("--installer", choices=("auto", "uv", "pip"), default="auto",
                   help="what builds the environments (default: uv where installed, else pip)")
    p.add_argument("--cache-dir", metavar="DIR",
                   help="where environments are kept between runs "
                        "(default: $XDG_CACHE_HOME/pytest-autoglm-compat/bisect)")
    known_failures_opt(p)
    p.set_defaults(handler=("bisect", "run"), cmd=[])
    p.__class__ = _CommandParser  # add_parser takes no parser class of its own
    return parser
