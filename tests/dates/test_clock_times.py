"""dateexpr.clock_times: times of day written with a half of the day, as the hour of the day."""
from __future__ import annotations

import pytest

from storyweave.dateexpr import clock_times


@pytest.mark.issue(11)
@pytest.mark.parametrize("text,hours,change,zone", [
    ("Price was at a car wash on May 29 about 11 a.m. when he went to a shop.", 11.0, "~", ""),
    ("They were last seen around 1 p.m. Monday.", 13.0, "~", ""),
    ("An outage could begin as early as 9:01 p.m. Pacific time Monday.", 21 + 1 / 60, "=", "pacific time"),
    ("Tariffs apply to goods leaving China after 12:01 a.m. EDT (0401 GMT) on Friday.", 1 / 60, ">", "edt"),
    ("He was arrested shortly after 7.30pm.", 19.5, ">", ""),
    ("The 3 a.m. call woke the street.", 3.0, "=", ""),
    ("Polls close at 8 p.m., and results come before midnight.", 20.0, "=", ""),
])
def test_a_time_of_day_is_its_hour(text, hours, change, zone):
    [c] = clock_times(text)
    assert (round(c.hours, 4), c.change, c.zone) == (round(hours, 4), change, zone)
    assert text[c.start:c.end] == c.text


@pytest.mark.parametrize("text", [
    "The score was 12:15 at half time.",  # no half of the day: not read as a time
    "I am 12 and I am happy.",
    "It costs $5 am I right?",
    "The flight left at 0401 GMT.",
    "He was 13 p.m. or so",  # no such hour
])
def test_no_time_of_day(text):
    assert clock_times(text) == []
