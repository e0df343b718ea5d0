"""Find the release of one package that broke a command, over throwaway environments.

The releases come from the indexes the user's pip configuration names (uv does not
read pip.conf, so the configuration is translated into uv's flags); each candidate
gets its own virtual environment built from the same pins, differing only in the
package, cached by pin set so that a second run costs only the commands. The
environment this runs from is never touched.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import math
import shlex
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from packaging.version import Version

from .envs import Builder, BuildFailed, run_in

TAIL_LINES = 30


class BisectError(RuntimeError):
    """The search cannot start: --good is not good or --bad is not bad (exit 1)."""


@dataclass(frozen=True)
class Outcome:
    version: Version
    good: bool | None  # None: the release could not be installed (skipped)
    code: int | None
    output: str
    seconds: float
    built: bool  # the environment was made by this run

    @property
    def tail(self) -> str:
        return "\n".join(self.output.rstrip("\n").splitlines()[-TAIL_LINES:])


# --------------------------------------------------------------------------- search


@dataclass(frozen=True)
class Result:
    package: str
    releases: tuple[Version, ...]
    last_good: Outcome | None
    first_bad: Outcome | None
    tested: tuple[Outcome, ...]
    skipped_between: tuple[Version, ...]  # uninstallable releases between last good and first bad
    problem: str | None  # why the search could not start (exit 1)
    envs: Mapping[Version, Path]


Progress = Callable[[str], None]


def estimated_steps(n: int, jobs: int) -> int:
    """Rounds of a search over ``n`` releases whose two ends are checked first."""
    gaps = max(n - 1, 1)
    first = 1 if jobs >= 2 else 2
    return first + (math.ceil(math.log(gaps) / math.log(jobs + 1) - 1e-9) if gaps > 1 else 0)


def bisect(builder: Builder, releases: Sequence[Version], command: Sequence[str], *, jobs: int = 1,
           progress: Progress = lambda _: None, clock: Callable[[], float] = time.monotonic,
           timeout: float | None = None) -> Result:
    """Binary (with ``jobs`` > 1: (jobs+1)-ary) search for the first release on which ``command`` fails.

    ``timeout``: seconds one run of ``command`` may take; one that takes longer is ended and counts as
    failing (exit 124): a hang is a way to break too."""
    start = clock()
    total = estimated_steps(len(releases), jobs)
    step = 0
    done: dict[Version, Outcome] = {}
    pool = ThreadPoolExecutor(max_workers=max(jobs, 1))

    def one(version: Version) -> Outcome:
        t0 = clock()
        fresh = not builder.ready(version)
        if fresh:
            progress(f"{builder.package} {version}: step {step} of ~{total}, building the environment "
                     f"({'uv' if builder.uv else 'pip'}), {clock() - start:.0f}s elapsed")
        try:
            env = builder.build(version)
        except BuildFailed as exc:
            progress(f"{builder.package} {version}: cannot be installed, skipped")
            return Outcome(version, None, None, exc.output, clock() - t0, fresh)
        progress(f"{builder.package} {version}: step {step} of ~{total}, running {shlex.join(command)}, "
                 f"{clock() - start:.0f}s elapsed")
        code, out = run_in(env, command, builder.children, timeout)
        outcome = Outcome(version, code == 0, code, out, clock() - t0, fresh)
        progress(f"{builder.package} {version}: {'good' if outcome.good else 'bad'} (exit {code}) "
                 f"in {outcome.seconds:.1f}s, {clock() - start:.0f}s elapsed")
        return outcome

    def run(versions: Sequence[Version]) -> list[Outcome]:
        nonlocal step
        step += 1
        futures: list[Future[Outcome]] = [pool.submit(one, v) for v in versions]
        pending: set[Future[Outcome]] = set(futures)
        while pending:  # wait in slices: Ctrl-C reaches the main thread between them
            _, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        found = [f.result() for f in futures]
        done.update((o.version, o) for o in found)
        return found

    def envs() -> dict[Version, Path]:
        return {v: builder.path(v) for v, o in done.items() if o.good is not None}

    try:
        ends = [releases[0], releases[-1]]
        outcomes = run(ends) if jobs >= 2 else [*run(ends[:1]), *run(ends[1:])]
        problems = []
        for outcome, flag, want in zip(outcomes, ("--good", "--bad"), (True, False)):
            if outcome.good is None:
                problems.append(f"{builder.package} {outcome.version} ({flag}) cannot be installed with the "
                                f"base pins:\n{_indent(outcome.tail)}")
            elif outcome.good != want:
                problems.append(
                    f"{builder.package} {outcome.version} ({flag}) is not {'good' if want else 'bad'}: "
                    f"the command {'failed (exit ' + str(outcome.code) + ')' if want else 'passed'}"
                    + (f"; its output, last lines:\n{_indent(outcome.tail)}" if want else ""))
        if problems:
            return Result(builder.package, tuple(releases), None, None, tuple(done.values()), (),
                          "\n".join(problems), envs())
        order = list(releases)  # uninstallable releases leave it; the search goes on around them
        while True:
            hi = min(i for i, v in enumerate(order) if v in done and done[v].good is False)
            lo = max(i for i, v in enumerate(order[:hi]) if v in done and done[v].good)
            if hi - lo <= 1:
                break
            inner = order[lo + 1:hi]
            picks = sorted({min(len(inner) - 1, (k + 1) * len(inner) // (jobs + 1)) for k in range(jobs)})
            for outcome in run([inner[i] for i in picks]):
                if outcome.good is None:
                    order.remove(outcome.version)
        last_good, first_bad = done[order[lo]], done[order[hi]]
        skipped = tuple(v for v in releases if last_good.version < v < first_bad.version
                        and v in done and done[v].good is None)
        return Result(builder.package, tuple(releases), last_good, first_bad, tuple(done.values()), skipped, None,
                      envs())
    except KeyboardInterrupt:
        builder.children.stop()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())
