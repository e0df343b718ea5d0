"""The ``autoglm-compat`` command: the plugin's engine without a pytest run.

Parses the command line, imports the one command module asked for, and turns what it raises
into an exit code. Exit codes: 0 satisfied, 1 violated (or, for ``explain``, nothing recognised),
2 usage error or bad input, 3 internal error.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Callable, Sequence

from .common import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError, restore_sigterm, sigterm_as_interrupt, terminated
from .parser import build_parser

__all__ = ["main"]


def command_of(args: argparse.Namespace) -> Callable[[argparse.Namespace], int]:
    """The function that runs the chosen command, its module imported only now."""
    module_name, function_name = args.handler
    module = importlib.import_module(f"{__package__}.commands.{module_name}")
    run: Callable[[argparse.Namespace], int] = getattr(module, function_name)
    return run


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from ..model.contract import ContractError  # after parsing: --help and usage errors import nothing heavy

    previous = sigterm_as_interrupt()
    try:
        return int(command_of(args)(args))
    except (UsageError, ContractError) as exc:
        print(f"autoglm-compat: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"autoglm-compat: {'terminated' if terminated() else 'interrupted'}", file=sys.stderr)
        return 143 if terminated() else 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:
        traceback.print_exc()
        print("autoglm-compat: internal error (a bug: please report it with the traceback above)",
              file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        restore_sigterm(previous)


if __name__ == "__main__":
    sys.exit(main())
