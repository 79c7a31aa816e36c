"""Times of day as figures the conflict check compares: "about 11 a.m." in one report, "about 6 a.m." in another.

clock_figures(body, taken, *, settings) -> list[Quantity]

The annotate stage reads no clock time as an amount ("11 a.m." is not eleven of anything); the reports still disagree
about when something happened, so the times of day a report writes with a half of the day (storyweave.dateexpr
.clock_times) are given to find_conflicts as figures of kind "time": the hour of the day, in the time zone written
beside it (times in different zones, or one without a zone, are never compared). What a time allows is its value to
`high`: an approximate time ("about 11 a.m.") settings.clock_margin hours either side, "after 11 a.m." the rest of the
day, "before 11 a.m." the day until then, an exact time itself.
"""
from __future__ import annotations

from typing import Iterable

from storyweave.dateexpr import clock_times
from storyweave.model import Quantity
from storyweave.settings import DEFAULTS, AlignSettings

CLOCK_KIND = "time"
_DAY = 24.0


def clock_figures(body: str, taken: Iterable[tuple[int, int]] = (), *,
                  settings: AlignSettings = DEFAULTS.align) -> list[Quantity]:
    """The times of day in `body` as Quantity figures of kind "time", leaving out any that overlaps a span in
    `taken` (the report's own quantities)."""
    spans = list(taken)
    out = []
    for c in clock_times(body):
        if any(a < c.end and c.start < b for a, b in spans):
            continue
        lo, hi = c.hours, c.hours
        if c.change == "~":
            lo, hi = max(0.0, c.hours - settings.clock_margin), min(_DAY, c.hours + settings.clock_margin)
        elif c.change == ">":
            hi = _DAY
        elif c.change == "<":
            lo = 0.0
        out.append(Quantity(text=c.text, value=lo, high=hi if hi != lo else None,
                            unit="hour of day" + (f" ({c.zone})" if c.zone else ""), kind=CLOCK_KIND,
                            change=c.change, start=c.start, end=c.end))
    return out
