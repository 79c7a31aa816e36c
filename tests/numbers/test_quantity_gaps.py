"""annotate.quantities: the parser gaps the cross-checking benchmark found (issue 11) and NewsQuant dev's unit and
change misses (issue 16): numbers that name a thing, mixed and spelled fractions, rises written with a particle, a
number the amount after it leaves its unit to, multipliers, and a count written before a compound ("12 page
document")."""
from __future__ import annotations

import pytest

from quantity_checks import one


# ------------------------------------------------------------ a number right after the noun it names a thing of


@pytest.mark.issue(11)
@pytest.mark.parametrize("text,absent", [
    ("He took seat 14 in the front.", "14"),
    ("Officers in car 54 responded within minutes.", "54"),
    ("They won game 3 on Sunday.", "3"),
    ("Passengers on bus 42 were unhurt.", "42"),
    ("The wreck of flight 428 was found.", "428"),
    ("Traffic on Route 66 was stopped.", "66"),
    ("Apollo 11 landed in 1969.", "11"),
])
def test_a_number_that_names_a_thing_is_no_amount(q, text, absent):
    assert not [x for x in q(text) if absent in x.text], text


@pytest.mark.issue(11)
@pytest.mark.parametrize("text,needle,value", [
    ("The death toll rose to 37 on Monday.", "37", 37),
    ("Police arrested 12 men in the raid.", "12 men", 12),
    ("In 2018 the firm hired 300 and fired 20 staff.", "300", 300),
    ("The score was 3 at half time.", "3", 3),
    ("He died at age 42 in Paris.", "42", 42),
])
def test_a_count_after_a_noun_or_verb_stays(q, text, needle, value):
    assert one(q(text), needle).value == value


@pytest.mark.issue(11)
@pytest.mark.parametrize("text", ["The fire claimed 37 lives.", "37 lives were lost when the ferry sank.",
                                  "The storm has taken at least 37 lives across the state."])
def test_lives_are_what_is_counted(q, text):
    x = one(q(text), "37")
    assert x.value == 37 and x.counts == "lives" and x.kind == "count"


# ------------------------------------------------------------ fractions


@pytest.mark.issue(11)
@pytest.mark.parametrize("text,needle,value,unit", [
    ("The search took 4 1/2 hours.", "4 1/2", 4.5, "hour"),
    ("About 4\u00bd hours later the road opened.", "4\u00bd", 4.5, "hour"),
    ("The pipe is 2 3/4 inches wide.", "2 3/4", 2.75, "inch"),
    ("It took two and a half years to build.", "two and a half", 2.5, "year"),
    ("They walked for half an hour.", "half an hour", 0.5, "hour"),
])
def test_mixed_and_spelled_fractions(q, text, needle, value, unit):
    x = one(q(text), needle)
    assert x.value == pytest.approx(value) and x.unit == unit and x.high is None


@pytest.mark.issue(11)
@pytest.mark.parametrize("text,needle,value,counts", [
    ("Half a million people marched on Sunday.", "Half a million", 5e5, "people"),
    ("Roughly half a dozen aides resigned.", "half a dozen", 6, "aides"),
    ("A quarter of a million people signed the petition.", "A quarter of a million", 2.5e5, "people"),
    ("One and a half million voters stayed at home.", "One and a half million", 1.5e6, "voters"),
    ("Three quarters of a million homes lost power.", "Three quarters of a million", 7.5e5, "homes"),
])
def test_spelled_fractions_of_a_scale(q, text, needle, value, counts):
    x = one(q(text), needle)
    assert x.value == pytest.approx(value) and x.counts == counts


def test_a_score_or_a_date_with_a_slash_is_no_fraction(q):
    assert [x.value for x in q("The vote was 7 11/15 in the morning.") if x.value and x.value % 1] == []
    assert not [x for x in q("Halfway through, half of them left.") if x.value == 0.5]


# ------------------------------------------------------------ units and changes (NewsQuant dev misses)


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle,change", [
    ("The Nasdaq is also trending up 0.2% this morning.", "0.2%", "up"),
    ("The DAX increased by 2 percent but the Nasdaq decreased by 1.", "1", "down"),
    ("Hosmer added a 30 degree homer to tie the game.", "30 degree", "="),
])
def test_change_of_a_particle_an_elliptic_number_and_an_attribute(q, text, needle, change):
    x = [y for y in q(text) if y.text == needle or needle in y.text and needle != "1"][0]
    assert x.change == change


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle,value", [
    ("Revenue grew more than sixfold last year.", "sixfold", 6),
    ("Sales rose threefold.", "threefold", 3),
])
def test_a_multiplier_has_unit_times(q, text, needle, value):
    x = one(q(text), needle)
    assert x.value == value and x.unit == "times"


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle,counts", [
    ("Details come from the 12 page document the police released.", "12", "page"),
    ("The car has a turbocharged 3 cylinder engine.", "3", "cylinder"),
])
def test_a_count_before_a_compound_counts_the_singular_noun(q, text, needle, counts):
    assert one(q(text), needle).counts == counts


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle,change", [
    ("Profit was revised upward by $40 million.", "$40 million", "up"),
    ("The forecast was revised downward by 2 percent.", "2 percent", "down"),
    ("Upwards of 500 people came.", "500", ">"),
])
def test_a_revision_upward_or_downward_is_a_change(q, text, needle, change):
    assert one(q(text), needle).change == change


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle,unit", [
    ("The ticket cost 150 EUR at the door.", "150 EUR", "EUR"),
    ("The dollar rose to 108.79 JPY on Monday.", "108.79 JPY", "JPY"),
])
def test_an_iso_code_after_the_amount_is_its_currency(q, text, needle, unit):
    x = one(q(text), needle)
    assert x.unit == unit and x.kind == "money"


def test_three_capitals_that_are_no_currency_code_are_no_unit(q):
    x = one(q("The army lost 150 APC in the war."), "150")
    assert x.unit is None and x.counts == "APC"
