"""Month and weekday names are data (src/storyweave/data/calendar.json), read once by storyweave.dateexpr; the date
reader, the cleaner's date lines, the quantity reader, grouping's terms and the timeline all use that one copy
(issue 13: "month lists x6")."""
from __future__ import annotations

import pytest

from storyweave import dateexpr

pytestmark = [pytest.mark.issue(13)]


def test_names_and_abbreviations_map_to_their_numbers():
    assert dateexpr.MONTHS["sept"] == dateexpr.MONTHS["september"] == 9
    assert dateexpr.MONTHS["may"] == 5 and len(dateexpr.MONTH_NAMES) == 12
    assert dateexpr.WEEKDAYS["monday"] == 0 and dateexpr.WEEKDAYS["sunday"] == 6


def test_every_stage_reads_the_one_copy():
    from storyweave.annotate import dates
    from storyweave.annotate.quantities import lexicon
    from storyweave.clean import meta
    from storyweave.cluster import features
    from storyweave.synthesize import timeline

    assert dates.MONTHS is dateexpr.MONTHS and dates.WEEKDAYS is dateexpr.WEEKDAYS
    assert meta.MONTHS is dateexpr.MONTHS
    assert lexicon.MONTHS == set(dateexpr.MONTHS) and lexicon.WEEKDAYS == set(dateexpr.WEEKDAYS)
    assert features._CALENDAR == set(dateexpr.WEEKDAYS) | dateexpr.MONTH_NAMES
    assert set(dateexpr.MONTHS) <= timeline._DATE_WORDS
    for module in (dates, meta):
        assert not [n for n in vars(module) if n in ("_MONTHS", "_WEEKDAYS")], module.__name__


def test_the_date_reader_reads_an_abbreviated_month_from_the_data(nlp):
    from storyweave.annotate.dates import find_dates

    body = "The talks began on Sept. 14 in Geneva, officials said."
    found = find_dates(body, "d", published="2024-11-15", sdoc=nlp(body))
    assert any(d.date == "2024-09-14" for d in found)
