"""``autoglm-compat bisect``: the release of one package that broke a command, found in throwaway environments.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

from packaging.markers import default_environment

from ...facts.inputs import user_pins
from ...tools import bisect as bisect_mod
from ...tools.bisect.known import known_failure_lines
from ..common import (
    EXIT_OK,
    EXIT_VIOLATED,
    UsageError,
    known_failure_files,
    known_failures_of,
    snapshot_file,
    terminated,
)

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    known = known_failures_of(known_failure_files(args))  # a broken file is a usage error before any build
    command = list(args.cmd)
    if not command:
        raise UsageError("bisect needs a command after '--', e.g. -- python -c 'import auto_gptq'")
    if args.jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {args.jobs}")

    def progress(text: str) -> None:
        print(f"bisect: {text}", file=sys.stderr, flush=True)

    if args.snapshot:
        base = bisect_mod.pins_from_versions(snapshot_file(args.snapshot).packages)
        source = f"snapshot {args.snapshot}"
    elif args.requirements:
        here = {k: str(v) for k, v in default_environment().items()}
        try:
            exact, loose = user_pins.base_pins(args.requirements, here)
        except user_pins.READ_ERRORS as exc:
            raise UsageError(str(exc)) from None
        base = bisect_mod.pins_from_versions(exact)
        source = f"requirements {args.requirements}"
        if loose:
            progress(f"not '==' pins, left out of the environments: {', '.join(loose)}")
    else:
        base = bisect_mod.pins_from_environment()
        source = "this environment"
    try:
        config = bisect_mod.read_pip_config()
        listing = bisect_mod.list_releases(args.package, config)
        releases = bisect_mod.candidates(listing, args.good, args.bad, pre=args.pre)
    except bisect_mod.BisectUsageError as exc:
        raise UsageError(str(exc)) from None
    unavailable = bisect_mod.not_on_indexes(base, config, skip=listing.name) if args.snapshot or args.requirements \
        else []
    if unavailable:  # e.g. a dev version of this plugin in a snapshot: no environment could be built with it
        progress(f"not on the configured indexes, left out of the environments: {', '.join(unavailable)}")
        base = {k: v for k, v in base.items() if v not in unavailable}
    uv = None if args.installer == "pip" else bisect_mod.find_uv()
    if args.installer == "uv" and uv is None:
        raise UsageError("--installer uv: no uv next to this Python or on PATH (pip install uv)")
    cache = Path(args.cache_dir) if args.cache_dir else bisect_mod.default_cache_dir()
    builder = bisect_mod.Builder(listing.name, base, config, cache, uv)
    name = listing.name
    progress(f"{name}: {len(releases)} releases from {releases[0]} to {releases[-1]} "
             f"({'pre-releases included' if args.pre else 'pre-releases left out'}), ~"
             f"{bisect_mod.estimated_steps(len(releases), args.jobs)} steps; pins from {source}; "
             f"installer {'uv' if uv else 'pip'}; environments in {cache}")
    start = time.monotonic()
    try:
        result = bisect_mod.bisect(builder, releases, command, jobs=args.jobs, progress=progress,
                                   timeout=args.timeout)
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (cli.common.sigterm_as_interrupt)
        removed = builder.remove_made()
        print(f"autoglm-compat: bisect {'terminated' if terminated() else 'interrupted'}; removed the "
              f"{len(removed)} environment(s) this run made", file=sys.stderr)
        return 143 if terminated() else 130
    shown = shlex.join(command)
    tested = ", ".join(f"{o.version} {'good' if o.good else 'bad' if o.good is False else 'not installable'}"
                       for o in result.tested)
    built = sum(o.built for o in result.tested)
    summary = (f"tested: {tested} ({len(result.tested)} environments: {built} built, "
               f"{len(result.tested) - built} reused; {time.monotonic() - start:.0f}s)")
    if result.problem is not None or result.last_good is None or result.first_bad is None:
        print(result.problem or "no first bad release found")
        print(summary)
        return EXIT_VIOLATED
    good, bad = result.last_good, result.first_bad
    lines = [f"last good: {name} {good.version}", f"first bad: {name} {bad.version}"]
    if result.skipped_between:
        lines.append("not installable between them (the first bad may be one of these): "
                     + ", ".join(str(v) for v in result.skipped_between))
    lines.append(f"output of `{shown}` with {name} {bad.version} (exit {bad.code}), last lines:")
    lines += [f"    {line}" for line in bad.tail.splitlines()]
    lines += known_failure_lines(bad.output, result.envs[bad.version], known)
    diff = bisect_mod.requires_diff(name, result.envs[good.version], result.envs[bad.version])
    if diff is None:
        lines.append(f"what {name} {bad.version} changed in its dependencies: unknown (no METADATA found)")
    elif not diff:
        lines.append(f"what {name} {bad.version} changed in its dependencies: nothing (Requires-Dist and "
                     "Requires-Python as in " + str(good.version) + ")")
    else:
        lines.append(f"what {name} {bad.version} changed in its dependencies (Requires-Dist, METADATA of "
                     f"{good.version} -> {bad.version}):")
        lines += [f"    {line}" for line in diff]
    later = [str(o.version) for o in result.tested if o.good and o.version > bad.version]
    if later:
        lines.append(f"note: {name} {', '.join(later)} passed although newer than the first bad release: the "
                     f"command does not fail on every release after {bad.version}; --good {later[-1]} finds the "
                     "next break")
    lines.append(summary)
    print("\n".join(lines))
    return EXIT_OK
