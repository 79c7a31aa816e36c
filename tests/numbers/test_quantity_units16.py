"""annotate.quantities, issue 16 (NewsQuant dev value+unit misses): units written as abbreviations in their own case,
currency quote codes after a rate, an index level quoted with its move, a thing offered with a bare number as its
alternative ("a day or two"). Sentences written for these tests."""
from __future__ import annotations

import pytest

from quantity_checks import one


@pytest.mark.issue(16)
def test_an_abbreviated_unit_in_its_own_case(q):
    found = q("The shortstop was worth 4.2 WAR last season, the most on the team.")
    assert (one(found, "4.2").unit, one(found, "4.2").kind) == ("win above replacement", "other")
    # the same letters in another case are no unit
    assert one(q("The war cost 40 lives in the border villages."), "40").unit is None


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle,unit", [
    ("The dollar firmed to 151.20 JPY= in Asian trade.", "151.20", "JPY"),
    ("Sterling slipped to 1.2650 USD= after the data.", "1.2650", "USD"),
    ("The ticket was 45 EUR at the door.", "45", "EUR"),
])
def test_a_currency_code_after_the_amount(q, text, needle, unit):
    x = one(q(text), needle)
    assert (x.unit, x.kind) == (unit, "money")


@pytest.mark.issue(16)
def test_a_code_that_is_no_currency_is_not_one(q):
    x = one(q("Traders bought 120 ABC= contracts."), "120")
    assert (x.unit, x.kind) == (None, "count")


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,level,move", [
    ("The benchmark index closed at 7,412.55, down 38.20 points.", "7,412.55", "38.20"),
    ("Composite index (21834.10 up 112.60 points).", "21834.10", "112.60"),
])
def test_a_level_quoted_with_its_move_takes_the_move_unit(q, text, level, move):
    found = q(text)
    assert (one(found, level).unit, one(found, level).change) == ("point", "=")
    assert one(found, move).change in ("up", "down")


@pytest.mark.issue(16)
def test_a_level_quoted_with_a_percentage_move_is_no_percentage(q):
    found = q("The index closed at 7,412.55, down 0.4%.")
    assert one(found, "7,412.55").unit is None
    assert one(found, "0.4%").unit == "%"


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle,unit,counts", [
    ("The club could still sign a striker or two before the window shuts.", "two", None, "striker"),
    ("Engineers expect the repairs to take a week or two.", "two", "week", None),
    ("Officials said another vote or two may be needed.", "two", None, "vote"),
])
def test_a_thing_offered_with_a_bare_number_as_its_alternative(q, text, needle, unit, counts):
    x = one(q(text), needle)
    assert (x.value, x.unit, x.counts) == (2, unit, counts)


@pytest.mark.issue(16)
def test_a_bare_alternative_needs_one_thing_before_it(q):
    # "or two" after a plural or a clause is not the alternative to one thing
    x = one(q("Residents said the storms come in ones or twos, then three at once."), "three")
    assert x.counts is None and x.unit is None


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle,value,counts", [
    ("Nearly two thirds of voters backed the measure on Tuesday.", "two thirds", 2 / 3, "voters"),
    ("A quarter of the staff will move to the new site.", "quarter", 0.25, "staff"),
    ("One in five adults said they had skipped a meal.", "One in five", 0.2, "adults"),
    ("Only one out of four applicants was accepted.", "one out of four", 0.25, "applicants"),
    ("The condition affects about 1 in 2,500 newborns.", "1 in 2,500", 1 / 2500, "newborns"),
])
def test_a_share_of_a_whole(q, text, needle, value, counts):
    found = q(text)
    x = one(found, needle)
    assert (x.value, x.unit, x.kind, x.counts) == (pytest.approx(value), None, "share", counts)
    assert len(found) == 1  # the whole's number is not a second amount


@pytest.mark.issue(16)
@pytest.mark.parametrize("text", [
    "Sales rose in the first half of 2019.",
    "Half of the seats went to the opposition.",
    "The second half of the match was goalless.",
    "Only one in 2019 was cancelled by the organisers.",
    "The team has now won two in a row.",
])
def test_no_share_where_there_is_none(q, text):
    assert not any(x.kind == "share" for x in q(text)), [(x.text, x.kind) for x in q(text)]


@pytest.mark.issue(16)
def test_a_fraction_of_an_amount_is_still_that_amount(q):
    x = one(q("The route adds a third of a mile to the trip."), "third")
    assert (x.value, x.unit) == (pytest.approx(1 / 3), "mile")
    x = one(q("The fund raised half a million dollars."), "half")
    assert (x.value, x.unit) == (500000, "USD")


@pytest.mark.issue(16)
@pytest.mark.parametrize("text", [
    "The teams tied 3-3 after extra time.",
    "A late layup tied the game at 97-97 with a minute left.",
])
def test_neither_half_of_a_tie_is_an_amount(q, text):
    assert q(text) == []
