"""annotate.dates: date expressions found, typed and resolved against the publication date."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.annotate import dates as D


@pytest.fixture(scope="module")
def find(nlp):
    def run(text: str, published: str | None = None):
        found = D.find_dates(text, "d", published, nlp(text))
        for m in found:
            assert text[m.start:m.end] == m.text
        return found
    return run


def by_text(found, needle: str):
    hits = [m for m in found if needle in m.text]
    assert hits, f"{needle!r} not among {[m.text for m in found]}"
    return hits[0]


# ------------------------------------------------------------ absolute dates


@pytest.mark.parametrize("text,iso", [
    ("The report was released on 16 November 2024 in Geneva.", "2024-11-16"),
    ("The vote, held Nov. 15, 2024, was close.", "2024-11-15"),
    ("Filed 2024-03-09 with the court.", "2024-03-09"),
    ("It happened on March 3rd, 2021, officials said.", "2021-03-03"),
])
def test_full_dates_need_no_publication_date(find, text, iso):
    m = find(text)[0]
    assert m.date == iso and m.expr == f"abs:{iso}" and m.precision == "day"


def test_month_of_year(find):
    m = by_text(find("North Korea has sent arms since Aug. 2023."), "Aug. 2023")
    assert m.expr == "month:2023-08" and m.date == "2023-08-01" and m.precision == "month"


def test_month_day_nearest_year(find):
    found = find("Ishiba took office on Oct. 1. The inauguration is January 20th.", "2024-11-15")
    assert by_text(found, "Oct. 1").date == "2024-10-01"
    assert by_text(found, "January 20th").date == "2025-01-20"


def test_month_day_unresolved_without_publication(find):
    m = by_text(find("Ishiba, who took office on Oct. 1, met Biden."), "Oct. 1")
    assert m.date is None and m.expr.startswith("monthday:10-01")


def test_may_the_verb_is_not_a_month(find):
    assert find("Officials may 5 times reconsider, and they may meet again.") == []


# ------------------------------------------------------------ weekdays


def test_weekday_resolves_to_most_recent(find):
    # 2024-11-16 is a Saturday
    found = find("Biden told reporters on Friday that ties were strong. On Tuesday he spoke in Lima.", "2024-11-16")
    assert by_text(found, "Friday").date == "2024-11-15"
    assert by_text(found, "Tuesday").date == "2024-11-12"
    assert by_text(found, "Friday").text == "on Friday"


def test_weekday_typed_when_unresolved(find):
    m = by_text(find("The leaders met Friday on the sidelines of the summit."), "Friday")
    assert m.date is None and m.expr == "weekday:4"


def test_future_weekday(find):
    found = find("The president is scheduled to leave Peru on Sunday. He will visit Brazil on Monday.", "2024-11-15")
    assert by_text(found, "Sunday").date == "2024-11-17"
    assert by_text(found, "Monday").date == "2024-11-18"


def test_last_and_next_weekday(find):
    found = find("Last Friday the talks stalled; they resume next Friday.", "2024-11-15")
    assert by_text(found, "Last Friday").date == "2024-11-08"
    assert by_text(found, "next Friday").date == "2024-11-22"


def test_plural_weekdays_are_habits(find):
    assert find("The market opens on Fridays.", "2024-11-15") == []


# ------------------------------------------------------------ relative expressions


def test_relative_words(find):
    found = find("Yesterday the minister resigned. Last week officials said troops had arrived. "
                 "Earlier this week, parliament voted. Three days ago the talks began.", "2024-11-16")
    assert by_text(found, "Yesterday").date == "2024-11-15"
    lw = by_text(found, "Last week")
    assert lw.date == "2024-11-04" and lw.precision == "week"
    assert by_text(found, "Earlier this week").date == "2024-11-11"
    assert by_text(found, "Three days ago").date == "2024-11-13"


def test_day_ahead_of_anchor(find):
    text = "Friday's meeting took place a day ahead of Biden's planned bilateral with Xi, where they will talk."
    m = by_text(find(text), "a day ahead of")
    assert m.expr == "offset:+1:weekday:4" and m.date is None
    assert m.about.startswith("Biden") and "Xi" in m.about
    assert by_text(find(text, "2024-11-16"), "a day ahead of").date == "2024-11-16"


def test_next_day_follows_previous_date(find):
    found = find("Protesters gathered on March 3, 2023. The next day police cleared the square.")
    assert by_text(found, "The next day").date == "2023-03-04"


def test_offset_without_anchor_is_dropped(find):
    assert not any("a day" in m.text for m in find("The vote came a day after the scandal broke.", "2024-11-15"))


def test_sentence_offsets(find):
    text = "First sentence here. Biden met Yoon on Friday in Lima. Last one."
    m = by_text(find(text, "2024-11-16"), "Friday")
    assert text[m.sentence_start:m.sentence_end].strip() == m.sentence == "Biden met Yoon on Friday in Lima."


def test_without_parse(nlp):
    text = "The president is scheduled to leave Peru on Sunday. Ishiba took office on Oct. 1."
    plain = D.find_dates(text, "d", "2024-11-15", None)
    assert [m.date for m in plain] == ["2024-11-17", "2024-10-01"]


# ------------------------------------------------------------ resolver agreement and properties


EXPRS = st.one_of(
    st.builds(lambda w, m: f"weekday:{w}{m}", st.integers(0, 6), st.sampled_from(["", ":past", ":future", ":last",
                                                                                  ":next"])),
    st.builds(lambda mo, d, m: f"monthday:{mo:02d}-{d:02d}{m}", st.integers(1, 12), st.integers(1, 31),
              st.sampled_from(["", ":future", ":past"])),
    st.builds(lambda n, p: f"rel:{n}:{p}", st.integers(-3, 3), st.sampled_from(["day", "week", "month", "year"])),
    st.builds(lambda n, w: f"offset:{n:+d}:weekday:{w}", st.integers(-3, 3), st.integers(0, 6)),
    st.builds(lambda y, mo: f"month:{y}-{mo:02d}", st.integers(1990, 2030), st.integers(1, 12)),
    st.text(max_size=12),
)


@settings(max_examples=200, deadline=None)
@given(expr=EXPRS, ref=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_resolver_gives_valid_days(expr, ref):
    day, _ = D.resolve(expr, ref)
    assert day is None or isinstance(day, dt.date)
    if day is not None and expr.startswith("weekday:"):
        assert day.weekday() == int(expr.split(":")[1]) and abs((day - ref).days) <= 7


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60) | st.lists(st.sampled_from(
    ["on", "Friday", "Oct.", "1", "31", "February", "30", "2024", "last", "week", "a", "day", "ahead", "of", "the",
     "next", "yesterday", "May", "Sept.", "11", ",", "."]), max_size=14).map(" ".join),
       published=st.none() | st.sampled_from(["2024-11-16", "2024-02-29", "not a date", "2024-11-16T08:00:00Z"]))
def test_never_raises_spans_inside_dates_valid(nlp, text, published):
    for m in D.find_dates(text, "d", published, nlp(text)):
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text
        assert m.expr
        if m.date is not None:
            assert dt.date.fromisoformat(m.date).isoformat() == m.date


@pytest.mark.issue(11)
def test_a_year_opening_a_sentence_or_naming_an_event_is_a_date():
    # real shape (Multi-News validation): two donations of different years must not be one figure
    from storyweave.annotate.dates import find_dates

    found = find_dates("In 2012, the foundation donated two million dollars. In the 2016 campaign, Mercer gave "
                       "$22.5 million.", "x")
    assert [(m.text, m.expr) for m in found] == [("In 2012", "year:2012"), ("the 2016", "year:2016")]
