"""Typed date expressions ("weekday:4", "monthday:10-01", "offset:+1:weekday:4", "rel:-1:week") and their resolution
against a reference day. Shared by annotate (against the publication date) and synthesize (against the story's date).
Stdlib only. The month and weekday names every stage knows live here, read once from data/calendar.json."""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

_CALENDAR_DATA = json.loads((Path(__file__).with_name("data") / "calendar.json").read_text(encoding="utf-8"))
MONTHS: dict[str, int] = {name: number for number, names in enumerate(_CALENDAR_DATA["months"], 1) for name in names}
"""Every month name and abbreviation, lower case, to its number: "sept" -> 9."""
MONTH_NAMES: frozenset[str] = frozenset(names[0] for names in _CALENDAR_DATA["months"])
MONTH_ABBREVIATIONS: frozenset[str] = frozenset(name for names in _CALENDAR_DATA["months"] for name in names[1:])
"""The month abbreviations, lower case ("jan", "sep", "sept"; "may" is a name, not an abbreviation)."""
WEEKDAYS: dict[str, int] = {name: number for number, name in enumerate(_CALENDAR_DATA["weekdays"])}
"""Weekday names, lower case, to Python's weekday number (monday 0)."""


_HALVES: dict[str, list[str]] = _CALENDAR_DATA["day_halves"]
_CLOCK_QUALIFIERS: dict[str, str] = _CALENDAR_DATA["clock_qualifiers"]
_ZONES: list[str] = _CALENDAR_DATA["time_zones"]


def _alternation(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


_CLOCK = re.compile(
    r"(?<![\w:.,$£€-])(?:(?P<qual>" + _alternation(list(_CLOCK_QUALIFIERS)) + r")\s+)?"
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>[0-5]\d))?\s?"
    r"(?P<half>" + _alternation([w for ws in _HALVES.values() for w in ws]) + r")(?![\w])"
    r"(?:\s+(?P<zone>" + _alternation(_ZONES) + r")(?![\w]))?", re.I)


@dataclass(frozen=True, slots=True)
class ClockTime:
    """A time of day as written ("about 11 a.m.", "9:01 p.m. Pacific time"): its span, the hour of the day as a
    number (13.5 for "1:30 p.m."), how it stands ("=" exact, "~" approximate, ">" after it, "<" before it) and the
    time zone it names, lower case ("" when none)."""

    start: int
    end: int
    text: str
    hours: float
    change: str
    qualifier: str
    zone: str


def clock_times(text: str) -> list[ClockTime]:
    """Every time of day written with a half of the day ("11 a.m.", "9:01pm", "shortly after 1 p.m. ET"); clock
    times without one ("12:15", "0401 GMT") are left out: they are read as neither hours nor amounts."""
    pm = {w.lower() for w in _HALVES["pm"]}
    out = []
    for m in _CLOCK.finditer(text):
        hour, minute = int(m.group("hour")), int(m.group("minute") or 0)
        if not 1 <= hour <= 12:
            continue
        hours = hour % 12 + (12 if m.group("half").lower() in pm else 0) + minute / 60
        qual = (m.group("qual") or "").lower()
        out.append(ClockTime(start=m.start(), end=m.end(), text=m.group(), hours=hours,
                             change=_CLOCK_QUALIFIERS.get(qual, "="), qualifier=qual,
                             zone=(m.group("zone") or "").lower()))
    return out


def month_regex(*, names: bool = True, abbreviations: bool = True, title: bool = False) -> str:
    """A non-capturing regular-expression alternation of the month names and/or their abbreviations, longest first
    (so "September" is tried before "Sept" and "Sep", as an optional suffix would be), lower case or, with `title`,
    capitalised ("January", "Sept"). "(?:september|sept|sep|...)"; compile with re.I to match any case."""
    words = (MONTH_NAMES if names else frozenset()) | (MONTH_ABBREVIATIONS if abbreviations else frozenset())
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w.capitalize() if title else w) for w in ordered) + ")"


def parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def resolve(expr: str | None, ref: dt.date | None) -> tuple[dt.date | None, str]:
    """(day, precision) of a typed date expression against a reference day; (None, ...) when it cannot be."""
    if not expr:
        return None, "day"
    try:
        return _resolve(expr, ref)
    except (ValueError, OverflowError, IndexError):
        return None, "day"


def _resolve(expr: str, ref: dt.date | None) -> tuple[dt.date | None, str]:
    kind, _, rest = expr.partition(":")
    if kind == "abs":
        return parse_iso(rest), "day"
    if kind == "month":
        y, m = rest.split("-")
        return safe_date(int(y), int(m), 1), "month"
    if kind == "year":
        return safe_date(int(rest), 1, 1), "year"
    if kind == "offset":
        n_text, _, inner = rest.partition(":")
        base, precision = _resolve(inner, ref)
        if base is None or precision != "day":
            return None, "day"
        return base + dt.timedelta(days=int(n_text)), "day"
    if ref is None:
        return None, "day"
    if kind == "weekday":
        parts = rest.split(":")
        wd = int(parts[0])
        mode = parts[1] if len(parts) > 1 else "past"
        back = (ref.weekday() - wd) % 7
        fwd = (wd - ref.weekday()) % 7
        delta = {"past": -back, "last": -(back or 7), "future": fwd, "next": fwd or 7}.get(mode)
        return (ref + dt.timedelta(days=delta) if delta is not None else None), "day"
    if kind == "monthday":
        parts = rest.split(":")
        month, day = (int(x) for x in parts[0].split("-"))
        mode = parts[1] if len(parts) > 1 else "nearest"
        options = [x for x in (safe_date(ref.year + k, month, day) for k in (-1, 0, 1)) if x is not None]
        if mode == "future":
            options = [x for x in options if x >= ref]
            return (min(options) if options else None), "day"
        if mode == "past":
            options = [x for x in options if x <= ref]
            return (max(options) if options else None), "day"
        return (min(options, key=lambda x: (abs((x - ref).days), x)) if options else None), "day"
    if kind == "rel":
        n_text, period = rest.split(":")
        n = int(n_text)
        if period == "day":
            return ref + dt.timedelta(days=n), "day"
        if period == "week":
            return ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=n), "week"
        if period == "month":
            total = ref.year * 12 + (ref.month - 1) + n
            return dt.date(total // 12, total % 12 + 1, 1), "month"
        if period == "year":
            return dt.date(ref.year + n, 1, 1), "year"
        return None, "day"
    return None, "day"


def precision_of(expr: str) -> str:
    """"day", "week", "month" or "year": how precise the expression is, resolved or not."""
    kind, _, rest = expr.partition(":")
    if kind == "month":
        return "month"
    if kind == "year":
        return "year"
    if kind == "rel":
        return rest.rpartition(":")[2]
    return "day"
