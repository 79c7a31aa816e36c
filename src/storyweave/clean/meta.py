"""Metadata read from the lines around the body: headline, date, language."""
from __future__ import annotations

import datetime as dt
import functools
import re

from storyweave import textutil
from storyweave.dateexpr import MONTHS
from storyweave.clean.text import DATE_RE, Unit, function_ratio, is_date_line
from storyweave.settings import DEFAULTS, CleanSettings

_ISO = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[T ].*)?$")
_MENU_SEPARATORS = re.compile(r"\s[|•·/»>]\s")
_TITLE_END_OK = re.compile(r"(?:[^.:;,]|\.\.\.|[A-Z]\.)$")  # no final period (initials like "U.S." allowed)


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def date_in(text: str) -> str | None:
    """The first calendar date written in `text`, as ISO, by the common English formats (no guessing)."""
    for m in DATE_RE.finditer(text):
        if m.group("y1"):
            y, mon, d = m.group("y1"), MONTHS[m.group("m1")[:3].lower()], m.group("d1")
        elif m.group("y2"):
            y, mon, d = m.group("y2"), MONTHS[m.group("m2")[:3].lower()], m.group("d2")
        else:
            y, mon, d = m.group("y3"), int(m.group("m3")), m.group("d3")
        iso = _valid(int(y), int(mon), int(d))
        if iso:
            return iso
    return None


@functools.lru_cache(maxsize=1024)
def normalise_date(value: str | None) -> str | None:
    """Any date string a record or page gave ("2024-11-16T10:00Z", "Sat, 16 Nov 2024", "11/16/2024") -> ISO date."""
    if not value or not value.strip():
        return None
    value = value.strip()[:100]
    m = _ISO.match(value)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    found = date_in(value)
    if found:
        return found
    try:
        import dateparser  # slow to import; only needed for unusual formats
    except ImportError:  # pragma: no cover - dateparser is a pinned dependency
        return None
    try:
        parsed = dateparser.parse(value, settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                                   "PREFER_DAY_OF_MONTH": "first"}, languages=["en"])
    except Exception:  # dateparser raises assorted errors on odd input; an unreadable date is just unknown
        return None
    return parsed.date().isoformat() if parsed else None


def date_from_units(header: list[Unit], footer: list[Unit]) -> str | None:
    """A publication date from a date line above the body, else below it."""
    for unit in list(header) + list(footer[:8]):
        if unit.words <= 16 and (is_date_line(unit.text) or unit.clutter in ("published", "date")):
            found = date_in(unit.text)
            if found:
                return found
    return None


def _headline_shaped(unit: Unit, settings: CleanSettings) -> bool:
    text = unit.text
    if unit.clutter or unit.shape == "prose" \
            or not settings.title_min_words <= unit.words <= settings.title_max_words:
        return False
    if len(text) > 250 or not _TITLE_END_OK.search(text) or text.endswith(":"):
        return False
    if len(_MENU_SEPARATORS.findall(text)) >= 2:  # "News | Sports | Obituaries": a menu
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters or not any(c.isupper() for c in letters[:3]):
        return False
    return True


def title_from_units(header: list[Unit], settings: CleanSettings = DEFAULTS.clean) -> str | None:
    """The headline: the longest headline-shaped line above the body, the nearer the better (the sizes, bonus and
    distance penalty: settings.CleanSettings title_*, headline_over_dek)."""
    best: tuple[float, str] | None = None
    n = len(header)
    shaped = [_headline_shaped(u, settings) for u in header]
    for i, unit in enumerate(header):
        if not shaped[i]:
            continue
        repeats = sum(u.text == unit.text for u in header)
        score = min(unit.words, 14) - settings.title_distance_penalty * (n - 1 - i) - 4 * (repeats - 1)
        if i + 1 < n and shaped[i + 1] and header[i + 1].words >= 5 and unit.words >= 3:
            score += settings.headline_over_dek  # a headline directly above a standfirst
        if unit.words <= 2:
            score -= 3  # section labels ("World News") are short
        if best is None or score > best[0]:
            best = (score, unit.text)
    if best is None or best[0] < 1:
        return None
    return best[1]


def language_of(text: str) -> str | None:
    """ "en" when the text reads as English (share of English function words), else None."""
    words = textutil.words(text[:5000])  # every script: a Russian text with a few English names is not English
    if len(words) < 3:
        return None
    return "en" if function_ratio(words) >= 0.2 else None
