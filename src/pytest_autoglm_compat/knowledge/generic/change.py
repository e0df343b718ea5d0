"""A change the atlas reads among a package's releases: where a name (keyword, submodule, method) came or went.

Split from ``atlas`` (which finds the changes): how one is told, pinned and held against the version a log shows.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from packaging.version import InvalidVersion, Version


@dataclass(frozen=True)
class Change:
    """Where a name (keyword, submodule) last came or went among the releases read that have its module (class)."""

    dist: str
    removed_in: Version | None  # the first release read without it, after the last one with it
    last_with: Version | None
    added_in: Version | None  # the first release read with it, after one without it
    first_read: Version
    last_read: Version
    read: int  # releases read that have the module (class, method)
    #: an earlier run of releases had it too (from this release): the name was dropped (removed_in, last_with) and
    #: added_in brought it back (transformers 4.48.0 lacked is_torch_greater_or_equal_than_1_13; 4.48.3 has it again)
    back_from: Version | None = None
    #: the release read just before ``added_in``, where both are of one minor series: the atlas reads the first and
    #: the last release of each, so the name came in one of the releases between (vLLM 0.7.0 lacks
    #: OpenAIServingChat's enable_reasoning, 0.7.1 brought it, 0.7.3 is the next read)
    lacks_before: Version | None = None
    #: before the run of releases that removed_in ended, these releases read (the first and the last) lacked the
    #: name while older ones had it, and the third brought it back before its removal (matplotlib's cm.get_cmap:
    #: 3.9.0 lacks it, 3.9.4 has it); the pin asks for that run, which an installed release of the gap is not in
    lacked: tuple[Version, Version, Version] | None = None
    #: the installed release a log shows is one of those ``lacked`` names: the code was written for a release on
    #: either side of that gap
    in_the_gap: bool = False
    #: the removal's minor series was read release by release (a long one, JAX's 0.4.x): its last release with the name
    #: and the next one read are neighbours, no release lies between them
    series_read_whole: bool = False
    #: the releases read from this one until ``removed_in`` bind the name only where something else is installed (a
    #: deprecation's ``__getattr__`` JAX keeps a name behind: jax.core.Shape, 0.4.29 to 0.4.35), which the atlas does
    #: not read: ``last_with`` is the last release sure to have it, and the pin asks for the releases up to it
    unsure_from: Version | None = None

    @property
    def both(self) -> bool:
        """A name some releases in the middle had: added after the oldest read, removed before the newest."""
        return self.added_in is not None and self.removed_in is not None and self.back_from is None

    @property
    def pin(self) -> str:
        """The requirement that gets a release with the name back."""
        if self.back_from is not None:
            return f"{self.dist}>={self.added_in}"
        upper = ""
        if self.removed_in is not None:
            assert self.last_with is not None
            if self._within_a_series and self.added_in == self.last_with:
                return f"{self.dist}=={self.last_with}"  # the one release read that has it
            upper = (f"<{self.unsure_from}" if self.unsure_from is not None else f"<={self.last_with}"
                     if self._within_a_series else f"<{series_text(self.removed_in)}" if self._series_start_unread
                     else f"<{self.removed_in}")
        lower = self.added_in if self.added_in is not None else self.lacked[2] if self.lacked is not None else None
        if lower is not None:
            return f"{self.dist}>={lower}" + (f",{upper}" if upper else "")
        return f"{self.dist}{upper}"

    @property
    def told(self) -> str:
        """"transformers 4.47.0 removed it (4.46.3 is the last release with it)"."""
        if self.back_from is not None:
            before = (f" (the releases before {self.back_from} lack it too)" if self.back_from > self.first_read
                      else "")
            had = self.back_from if self.back_from == self.last_with else f"{self.back_from} to {self.last_with}"
            return f"{self.dist} {had} had it, {self.removed_in} dropped it and {self.added_in} has it again{before}"
        if self.both and self.added_in == self.last_with and self._within_a_series and self.lacks_before is None:
            # the one release read with it (vLLM 0.9.0 of 0.9.0 and 0.9.2, the first and the last of its series read)
            return f"{self.dist} {self.added_in} added it and {self.removed_in} lacks it (a release between them " \
                   "removed it)"
        if self.both:
            return f"{self.dist} {self._added}{'; ' if self.lacks_before else ' and '}{self._removed}"
        if self.added_in is not None and self.lacks_before is not None:
            return (f"{self.dist} {self.lacks_before} lacks it and {self.added_in} has it (a release between them "
                    "added it; the releases before lack it too)")
        if self.added_in is not None:
            return f"{self.dist} {self._added} (the releases before it lack it)"
        return f"{self.dist} {self._removed}"

    @property
    def _within_a_series(self) -> bool:
        """Removed between two releases of one minor series read (the atlas reads its first and its last)."""
        return (self.removed_in is not None and self.last_with is not None and not self.series_read_whole
                and series_of(self.removed_in) == series_of(self.last_with))

    @property
    def _series_start_unread(self) -> bool:
        """The first release read without the name is not its series' first (urllib3 2.0.2, transformers 4.46.1:
        the atlas read no earlier release of it): the series' earlier releases are on the same side, unknown, and the
        pin leaves the whole series out ("urllib3<2.0", not "<2.0.2", which installs 2.0.1)."""
        return (self.removed_in is not None and self.last_with is not None and not self.series_read_whole
                and series_of(self.removed_in) != series_of(self.last_with)
                and any(part for part in self.removed_in.release[2:]))

    @property
    def _added(self) -> str:
        if self.lacks_before is not None:
            return f"{self.lacks_before} lacks it and {self.added_in} has it (a release between them added it)"
        return f"{self.added_in} added it"

    @property
    def _removed(self) -> str:
        """Said of the releases read: within one minor series, the release that removed it is not known."""
        assert self.removed_in is not None
        assert self.last_with is not None
        if self.unsure_from is not None:
            told = (f"{self.removed_in} lacks it and {self.last_with} is the last release read sure to have it (from "
                    f"{self.unsure_from} on it is bound only where something else is installed, or behind a "
                    "deprecation the atlas does not read)")
        elif self._within_a_series or self._series_start_unread:
            told = f"{self.last_with} has it and {self.removed_in} lacks it (a release between them removed it)"
        else:
            told = f"{self.removed_in} removed it ({self.last_with} is the last release with it)"
        if self.lacked is not None:
            low, high, _ = self.lacked
            gap = str(low) if low == high else f"{low} to {high}"
            told += f"; {gap} lacked it too, the releases before had it"
        return told

    @property
    def written_for(self) -> str:
        """Which release the asking code was written for: "an older" (the name was removed), "a newer", or
        "another" (one of the releases between, older or newer than the installed one: the log does not say)."""
        if self.both or self.back_from is not None or self.in_the_gap:
            return "another"
        return "a newer" if self.added_in is not None else "an older"

    def narrowed(self, installed: str | None) -> Change | None:
        """This change as the installed version a log shows sees it: the side it is on (None: it has the name)."""
        if installed is None:
            return self
        try:
            version = Version(installed)
        except InvalidVersion:
            return self
        if self.back_from is not None:
            assert self.removed_in is not None
            assert self.added_in is not None
            if version >= self.added_in or self.back_from <= version < self.removed_in:
                return None
            if version >= self.removed_in or self.back_from == self.first_read:
                return self
            return dataclasses.replace(self, removed_in=None, last_with=None, added_in=self.back_from, back_from=None)
        if self.lacked is not None and self.lacked[0] <= version <= self.lacked[1]:
            return dataclasses.replace(self, in_the_gap=True)  # installed from the releases that dropped it a while
        if self.added_in is not None and version < self.added_in:
            return dataclasses.replace(self, removed_in=None, last_with=None)
        if self.last_with is not None and version > self.last_with:
            return dataclasses.replace(self, added_in=None)
        return None

    def fix(self, otherwise: str) -> str:
        """The fix that pins a release with the name, or ``otherwise``."""
        return f"install {self.pin} (pip install \"{self.pin}\"), or {otherwise}"

    @property
    def pin_without(self) -> str:
        """The requirement that gets a release without the name (for code that does not expect it)."""
        if self.back_from is not None:
            return f"{self.dist}<{self.back_from}"
        if self.added_in is not None:
            return f"{self.dist}<{self.added_in}"
        return f"{self.dist}>={self.removed_in}"

    @property
    def written_without(self) -> str:
        """Which release code that lacks the name was written for: "an older" (the name was added) or "a newer"."""
        if self.back_from is not None:
            return "another"
        return "an older" if self.added_in is not None else "a newer"

    def has_it(self, installed: str | None) -> bool:
        """The installed version a log shows is on the side of the change that has the name (or none shown)."""
        return installed is None or not self.fits(installed)

    @property
    def source(self) -> str:
        return atlas_source(self.dist, self.read, self.first_read, self.last_read)

    def fits(self, installed: str | None) -> bool:
        """The installed version a log shows is on a side of the change that lacks the name (or none shown)."""
        return self.narrowed(installed) is not None


def series_of(version: Version) -> tuple[int, int]:
    return version.major, version.minor


def series_text(version: Version) -> str:
    """"2.0.2" -> "2.0": the minor series a release is of."""
    return f"{version.major}.{version.minor}"


def atlas_source(dist: str, read: int, first: Version, last: Version) -> str:
    """How an answer from the atlas names where it comes from."""
    return f"the bundled API atlas: the released files of {read} {dist} releases ({first} to {last}) read with ast"


def read_whole(releases: Sequence[Version], version: Version) -> bool:
    """Whether the atlas read more of ``version``'s minor series than its first and last release (every one of a long
    series: ``atlas_build.releases_to_read``), so that releases read next to each other are neighbours."""
    return sum(series_of(release) == series_of(version) for release in releases) > 2
