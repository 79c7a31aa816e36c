"""annotate.quantities: numbers with their value, qualifier, unit and what they count (real spaCy parses)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quantity_checks import one

from storyweave.annotate.quantities import find_quantities


# ------------------------------------------------------------ the examples of the contract


def test_up_to_troops(q):
    x = one(q("Up to 12,000 North Korean troops have been sent to Russia, according to U.S. assessments."), "12,000")
    assert x.value == 12000 and x.qualifier == "up to" and x.counts == "North Korean troops"
    assert x.text == "Up to 12,000 North Korean troops"


def test_vague_thousands(q):
    x = one(q("North Korea decided to send thousands of troops to Russia."), "thousands")
    assert x.value is None and x.qualifier == "thousands" and x.counts == "troops"


def test_more_than_containers(q):
    x = one(q("The spy agency said the North had sent more than 13,000 containers of artillery, missiles and "
              "other conventional arms to Russia since August 2023."), "13,000")
    assert x.value == 13000 and x.qualifier == "more than"
    assert x.counts.startswith("containers of artillery")
    assert not any("2023" in y.text for y in q("It has grown since August 2023 and in 2024."))


def test_duration_with_unit(q):
    x = one(q("An official described the discussions during the 40-minute closed-door session."), "40")
    assert x.value == 40 and x.unit == "minute" and "session" in x.counts


def test_money_percent_and_scales(q):
    found = q("Congress approved $2.5 billion in military aid, while inflation rose 4.5 percent. "
              "The bank lent \u00a33bn and 1.2m people signed up.")
    m = one(found, "$2.5 billion")
    assert m.value == 2.5e9 and m.unit == "USD" and m.counts == "military aid"
    p = one(found, "4.5 percent")
    assert p.value == 4.5 and p.unit == "%"
    assert one(found, "3bn").value == 3e9 and one(found, "3bn").unit == "GBP"
    people = one(found, "1.2m")
    assert people.value == 1.2e6 and people.counts == "people"


def test_durations_and_dozen(q):
    found = q("Russian forces have been strained by more than two years of fighting. A dozen people were hurt.")
    years = one(found, "two years")
    assert years.value == 2 and years.unit == "year" and years.qualifier == "more than" and years.counts == "fighting"
    assert one(found, "dozen").value == 12 and one(found, "dozen").counts == "people"


@pytest.mark.parametrize("text", ["Officials put the force at 10,000-12,000 soldiers.",
                                  "Officials put the force at between 10,000 and 12,000 soldiers.",
                                  "Officials put the force at 10,000 to 12,000 soldiers."])
def test_ranges(q, text):
    x = one(q(text), "10,000")
    assert (x.value, x.high) == (10000, 12000) and x.counts == "soldiers"


def test_vague_compounds(q):
    found = q("Tens of thousands of people marched, and several thousand protesters stayed overnight.")
    assert one(found, "Tens of thousands").qualifier == "tens of thousands"
    assert one(found, "Tens of thousands").counts == "people"
    several = one(found, "several thousand")
    assert several.value is None and several.counts == "protesters"


def test_word_numbers_and_qualifiers(q):
    found = q("Nearly forty civilians died. Some 300 million pounds was spent. About 40 percent of voters agreed.")
    assert one(found, "forty").value == 40 and one(found, "forty").qualifier == "nearly"
    assert one(found, "300 million").value == 3e8 and one(found, "300 million").qualifier == "some"
    voters = one(found, "40 percent")
    assert voters.qualifier == "about" and voters.unit == "%" and voters.counts == "voters"


# ------------------------------------------------------------ what is not a quantity


@pytest.mark.parametrize("text,absent", [
    ("The right to self-defense is enshrined in Article 51 of the U.N. Charter.", "51"),
    ("He flew to a summit of the Group of 20 nations in Rio.", "20"),
    ("The election was held in 2024 and the law dates from 1969.", "2024"),
    ("The meeting on Nov. 15 came before the deadline on January 20th.", "15"),
    ("It was the seventh nuclear test and the 3rd attempt.", "seventh"),
    ("The talks began at 10:30 a.m. local time.", "10"),
    ("One of the officials said the F-16 jets and the B-1B bomber were ready.", "16"),
    ("A 2022 security strategy calls for counterstrike capability.", "2022"),
    ("Ads work best with low-risk drinking guidelines. 9 , 11 Together, these findings matter.", "9"),
    ("Evidence is limited. 42 A recent review defined effectiveness.", "42"),
    ("The results differ between (1) the highest and (2) the lowest groups.", "1"),
])
def test_skips_years_dates_ordinals_identifiers(q, text, absent):
    assert not any(absent in x.text for x in q(text)), [x.text for x in q(text)]


def test_sentence_initial_numbers_are_kept(q):
    found = q("The storm hit overnight. 500 Americans were evacuated. 12 people died.")
    assert one(found, "500").counts == "Americans" and one(found, "12").counts == "people"


def test_without_parse_is_the_same(nlp):
    text = "Up to 12,000 North Korean troops were sent, and more than 13,000 containers of shells."
    assert find_quantities(text, None) == find_quantities(text, nlp(text))


def test_outlet_styles(q):
    # wire style, British style, magazine style
    wire = q("At least 27 people were killed and 140 wounded, police said.")
    assert one(wire, "27").qualifier == "at least" and one(wire, "27").counts == "people"
    uk = q("The council will spend \u00a3450m on 1,200 new homes, about 12 per cent more than planned.")
    assert one(uk, "450m").value == 4.5e8 and one(uk, "1,200").counts == "new homes"
    assert one(uk, "12 per cent").unit == "%"
    mag = q("Roughly half a dozen aides, and as many as 300 volunteers, worked through a six-day campaign.")
    assert one(mag, "300").qualifier == "as many as" and one(mag, "300").counts == "volunteers"
    assert one(mag, "six-day").unit == "day" and one(mag, "six-day").counts == "campaign"


# ------------------------------------------------------------ properties


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-$%abcdefmkbnAOT\u00a3\n")) | st.characters(exclude_categories=("Cs",)), max_size=80)
       | st.lists(st.sampled_from(["up to", "12,000", "10,000-12,000", "thousands", "tens", "of", "troops", "$", "2.5",
                                   "billion", "percent", "%", "-", "Article", "51", "1.2m", "a", "dozen", "2024",
                                   "Friday", "between", "and", "to", "one", "the", "several", "thousand", ",", "."]),
                  max_size=14).map(" ".join))
def test_never_raises_and_spans_inside(nlp, text):
    for x in find_quantities(text, nlp(text)):
        assert 0 <= x.start <= x.end <= len(text)
        assert text[x.start:x.end] == x.text
        assert x.value is None or x.value == x.value  # not NaN


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(min_value=2, max_value=999_999), qual=st.sampled_from(["", "up to ", "more than ", "about "]))
def test_formatted_numbers_roundtrip(nlp, n, qual):
    if 1800 <= n <= 2100:
        n += 500  # a bare four-digit number in that range reads as a year
    text = f"Officials said {qual}{n:,} soldiers were deployed."
    x = one(find_quantities(text, nlp(text)), f"{n:,}")
    assert x.value == n and x.counts == "soldiers"
    assert (x.qualifier or "") == qual.strip()


# ------------------------------------------------------------ shapes of issue 16 (invented sentences)


@pytest.mark.parametrize("text,needle,value,high,unit", [
    ("Fares rose from 5 to 7 euros last spring.", "5", 5, 7, "EUR"),
    ("The rate moved from 3% to 4.5% over the decade.", "3%", 3, 4.5, "%"),
    ("Tickets cost from $10 to $15 billion, the agency said.", "$10", 1e10, 1.5e10, "USD"),
    ("The limit lies between 20kHz and 25kHz for most people.", "20kHz", 20, 25, "kilohertz"),
    ("The trail runs from 12 miles to 19 miles depending on the route.", "12", 12, 19, "mile"),
])
def test_ranges_with_units_on_both_ends(q, text, needle, value, high, unit):
    x = one(q(text), needle)
    assert (x.value, x.high, x.unit) == (value, high, unit)


def test_falling_from_to_is_one_range_low_first(q):
    x = one(q("The coin slid from $900 to $850 overnight."), "$900")
    assert (x.value, x.high, x.unit) == (850, 900, "USD")


def test_change_and_level_are_not_a_range(q):
    found = q("Shares of the miner rose 6% to $41 on Tuesday.")
    assert one(found, "6%").high is None and one(found, "6%").change == "up"
    assert one(found, "$41").value == 41 and one(found, "$41").change == "="


@pytest.mark.parametrize("text,needle,value,unit", [
    ("The flat sold for RM79 after a week.", "RM79", 79, "MYR"),
    ("The fund raised USD10m from investors.", "USD10m", 1e7, "USD"),
    ("A bonus of PS2.7m was approved.", "PS2.7m", 2.7e6, "GBP"),
    ("The stock closed at Y=1,420 in Osaka.", "Y=1,420", 1420, "JPY"),
    ("The firm lent HK $4.1 billion to the port.", "4.1", 4.1e9, "HKD"),
    ("Debt reached $US12 trillion last year.", "$US12", 1.2e13, "USD"),
    ("The villa is worth $A3,200,000 today.", "$A3,200,000", 3.2e6, "AUD"),
    ("A ticket costs 310 Chinese yuan at the gate.", "310", 310, "CNY"),
    ("She paid EUR 40 for the book.", "40", 40, "EUR"),
    ("A $50,000 reward was approved by the council.", "50,000", 5e4, "USD"),
    ("The deal was worth A$2 billion to the miner.", "2 billion", 2e9, "AUD"),
])
def test_currencies_glued_or_spaced(q, text, needle, value, unit):
    x = one(q(text), needle)
    assert (x.value, x.unit, x.kind) == (value, unit, "money")


@pytest.mark.parametrize("text,needle,value,unit,kind", [
    ("The coupe makes 510bhp from its engine.", "510bhp", 510, "brake horsepower", "other"),
    ("The old sedan makes 185-hp from a small engine.", "185", 185, "horsepower", "other"),
    ("The tip was 2.5mm wide.", "2.5mm", 2.5, "millimetre", "distance"),
    ("It peaked at 130 km/h on the bridge.", "130", 130, "kilometre per hour", "speed"),
    ("Winds reached 90 miles per hour on the coast.", "90", 90, "mph", "speed"),
    ("The flat measures 85 sq m in all.", "85", 85, "square metre", "area"),
    ("Water boils at 100 degrees Celsius at sea level.", "100", 100, "celsius", "temperature"),
    ("The shares trade at a 12pc discount to assets.", "12pc", 12, "%", "percent"),
    ("The pack weighs 14 kg when full.", "14", 14, "kg", "weight"),
    ("The tank holds 60 litres of fuel.", "60", 60, "l", "volume"),
])
def test_units_glued_or_spaced(q, text, needle, value, unit, kind):
    x = one(q(text), needle)
    assert (x.value, x.unit, x.kind) == (value, unit, kind)


def test_spelled_numbers(q):
    found = q("She has one dog and forty-one thousand two hundred six followers.")
    assert one(found, "one dog").value == 1 and one(found, "one dog").counts == "dog"
    assert one(found, "forty-one thousand").value == 41206
    found = q("It is one of the biggest ports in Asia, and no one disputes it.")
    assert one(found, "one of").value == 1
    assert not any(x.text.startswith("one disputes") or x.text == "one" for x in found)


@pytest.mark.parametrize("text,absent", [
    ("Reviewers compared the Pixel 7 Pro with older phones.", "7"),
    ("The Nikkei 225 index gained ground on Friday.", "225"),
    ("The office moved to 41 Harbour Street last year.", "41"),
    ("The teams tied 3-3 after extra time.", "3-3"),
    ("The report covered the 2019-20 season in detail.", "20"),
    ("Between 1750 and 1850 the town doubled in size.", "1750"),
])
def test_numbers_inside_names_are_not_amounts(q, text, absent):
    assert not any(absent in x.text for x in q(text)), [x.text for x in q(text)]


def test_a_name_number_is_part_of_what_is_counted(q):
    """Issue 16: the number in a model name is no amount, and does not cut the count off from its noun."""
    found = q("They flew two new 320 Neo jets to the island.")
    assert [(x.value, x.counts) for x in found] == [(2, "new 320 Neo jets")]


def test_plain_numbers_the_tagger_calls_dates(q):
    assert one(q("The cap on deposits per person is 75000."), "75000").value == 75000
    assert one(q("This year's price is $41250 versus last year's $39990."), "39990").unit == "USD"


def test_age_after_a_name(q):
    x = one(q("Maria Lopez, 31, said the clinic closed."), "31")
    assert x.value == 31 and x.unit == "year of age" and x.kind == "duration"


def test_a_suspended_number_before_an_age_is_an_age(q):
    x = one(q("She ran a ring of 14- and 15-year-old girls in Hanford."), "14")
    assert x.unit == "year of age" and x.kind == "duration"


@pytest.mark.parametrize("text,needle", [
    ("Prodigy, one-half of Mobb Deep, died Tuesday (June 20) at age 42.", "42"),
    ("Rich Cronin passed away at age 36 after battling leukemia.", "36"),
    ("He died at the age of 81 at his home.", "81"),
    ("The singer, aged 57, retired last year.", "57"),
])
def test_an_age_an_age_phrase_gives(q, text, needle):
    x = one(q(text), needle)
    assert x.value == int(needle) and x.unit == "year of age" and x.kind == "duration"


@pytest.mark.parametrize("text,needle,change", [
    ("Exports rose 4.5% in May.", "4.5%", "up"),
    ("The index fell 120 points by noon.", "120", "down"),
    ("The gauge was up 11 cents in early trade.", "11", "up"),
    ("The Dax closed -0.8% on the day.", "-0.8%", "down"),
    ("More than 300 people attended.", "300", ">"),
    ("Up to 40 buses will run.", "40", "<"),
    ("About 60 percent of voters agreed.", "60", "~"),
    ("The club signed 20 players in the summer.", "20", "="),
    ("The club lost 3 games in a row.", "3", "="),
    ("Demand for sub-200 sq m units is strong.", "200", "<"),
    ("The car makes just under 200 hp (149 kW).", "149", "<"),
])
def test_change(q, text, needle, change):
    assert one(q(text), needle).change == change


def test_kind_of_counted_things_and_vague_amounts(q):
    found = q("Some 40 nurses and thousands of doctors joined the strike.")
    assert one(found, "40").kind == "count" and one(found, "thousands").kind == "count"


@pytest.mark.parametrize("text,needle,counts", [
    ("The group's revenue rose 5% last year.", "5%", "group's revenue"),
    ("The company reported a net profit of $120 million for the quarter.", "$120 million", "net profit"),
    ("Annual sales were $3 billion, the filing shows.", "$3 billion", "Annual sales"),
    ("He was handed a 12-year sentence on Monday.", "12-year", "sentence"),
])
def test_counts_for_money_percent_duration(q, text, needle, counts):
    assert one(q(text), needle).counts == counts


def test_an_amount_inside_what_another_counts(q):
    found = q("The school won a three-year $400000 grant for its library.")
    assert one(found, "$400000").value == 400000
    assert one(found, "three-year").value == 3 and "$400000" not in one(found, "three-year").text


def test_decimal_comma_after_a_name_never_raises(nlp):
    """A number with a decimal comma where an age could stand ("Maria Lopez 19,8") is no age and no crash."""
    for text in ("Cuesta 19,8 millones de euros.", "Der Anteil von Maria Lopez 19,8 Prozent.",
                 "Cuesta 19,8 millones de euros, dijo Ana Ruiz 39,95."):
        find_quantities(text, nlp(text))


# ------------------------------------------------------------ issue 16: rates, spaced units, elliptic numbers


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle,unit,per", [
    ("The September crude contract was up 19 cents at US $58.24 per barrel.", "58.24", "USD", "barrel"),
    ("Crude was up 19 cents at US $58.24 per barrel and gas was up 10 cents.", "58.24", "USD", "barrel"),
    ("Spot gold was marginally higher at $1,271.2 an ounce.", "1,271.2", "USD", "ounce"),
    ("I work 40 to 50 hours a week, he said.", "40", "hour", "week"),
    ("The trust posted a loss of 63 cents per share.", "63", "cent", "share"),
    ("A unit leased at a building rate of $80 per sq m.", "$80", "USD", "square metre"),
    ("Vancouver hosts just one 52,000 barrel-a-day refinery.", "52,000", "barrel", "day"),
    # real shape (Multi-News validation): wrongful-conviction compensation is paid per year in prison
    ("The Kellers are entitled to $80,000 for each year they were incarcerated.", "$80,000", "USD", "year"),
    ("The fine is $500 for every day of delay, the court said.", "$500", "USD", "day"),
    # a count per something: the rate said after what it counts (real shape: Multi-News validation)
    ("The devices were off by, on average, 20 beats per minute during exercise.", "20", None, "minute"),
    ("Women in the country have 2.1 children per woman on average.", "2.1", None, "woman"),
])
def test_rate_per(q, text, needle, unit, per):
    x = one(q(text), needle)
    assert (x.unit, x.per) == (unit, per)


@pytest.mark.issue(11)
def test_an_age_band_after_age_is_ages(q):
    # real shape (Multi-News validation): "age 20 to 29" is no percentage, whatever the sentence's other figures
    x = one(q("According to a census survey, 42 percent of Canadian adults age 20 to 29 live in their parents' "
              "homes."), "20 to 29")
    assert (x.unit, x.value, x.high) == ("year of age", 20.0, 29.0)
    assert one(q("The battery has drained 20% since then with no usage."), "20%").change == "down"


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle", [
    ("It cost $5 a year ago.", "$5"),
    ("Shares rose 3% a day after the report.", "3%"),
    ("The club signed 20 players a year or two ago.", "20"),
    ("He paid $5 for each of the tickets.", "$5"),
    ("Police killed 20 people a week after the attack.", "20"),
])
def test_a_time_after_an_amount_is_no_rate(q, text, needle):
    assert one(q(text), needle).per is None


def test_slash_rate_makes_one_unit(q):
    x = one(q("It is expected to accelerate to 100km/hr in fewer than 3.5 seconds."), "100km")
    assert x.unit == "kilometre per hour" and x.kind == "speed" and x.per is None and x.counts is None


@pytest.mark.issue(16)
def test_spaced_metre_in_brackets(q):
    x = one(q("The summit of the volcano (5,900 m) was covered in snow."), "5,900")
    assert x.unit == "m" and x.kind == "distance"
    assert one(q("He ran the 100 m in 9.58 seconds."), "100").unit == "m"  # not "min": a space stands between


@pytest.mark.issue(16)
def test_span_of_time_ago(q):
    x = one(q("The rocks formed 150 million years ago."), "150")
    assert x.value == 150_000_000 and x.unit == "year" and x.kind == "duration"
    assert not [x for x in q("They met three years ago.") if x.value == 3]  # a date, not an amount


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle,unit,counts", [
    ("The five launches will offer a combined 435 homes by open sale and 187 by tender.", "187", None, "homes"),
    ("The highest forecast is 84.75 cents, while the lowest is 74.07.", "74.07", "cent", None),
    ("It comes with a 7- or 8-inch touchscreen.", "7", "inch", None),
    ("Lunch costs eight or nine euros.", "eight", "EUR", None),
    ("It costs 2,435,000 YEN ($22,480) for the manual and 2,380,000 ($21,972) for the CVT.", "2,380,000", "JPY",
     None),
    ("He had a minus-1.4 degree launch angle in 2018 and 2.1 last year.", "2.1", "degree", None),
])
def test_elliptic_number_takes_its_neighbours_unit(q, text, needle, unit, counts):
    x = one(q(text), needle)
    assert (x.unit, x.counts) == (unit, counts)


@pytest.mark.issue(16)
def test_elliptic_number_of_another_size_keeps_none(q):
    x = one(q("The 5 speed version costs 2,435,000 yen, and 2,380,000 was paid."), "2,380,000")
    assert x.unit == "JPY"
    x = one(q("The team scored 3 goals, watched by 45000."), "45000")
    assert x.counts is None and x.unit is None


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle,unit", [
    ("The S&P 500 rose 64.06 points to 4,577.10.", "4,577.10", "point"),
    ("The index has lost 162.31 points, or 2.14%, to fall to 7,425.81.", "7,425.81", "point"),
    ("Sales fell 2% to 1,234.", "1,234", None),  # the level after a percentage is no percentage
])
def test_level_after_a_change_takes_its_unit(q, text, needle, unit):
    assert one(q(text), needle).unit == unit


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle,counts", [
    ("The debris field stretched for some seven miles, as predicted.", "seven miles", "debris field"),
    ("The rocket climbed to 5,895 metres on Monday.", "5,895", "rocket"),
    ("The storm was forecast to become a hurricane with winds of at least 74 mph.", "74 mph", "winds"),
])
def test_counts_for_measures(q, text, needle, counts):
    assert one(q(text), needle).counts == counts


@pytest.mark.issue(16)
def test_range_of_house_numbers_is_an_address(q):
    assert not [x for x in q("A unit at 16-18 Industrial Avenue has leased to a plastics firm.") if x.value == 16]


@pytest.mark.parametrize("text,needle", [
    ("Lowe, who was 40 at the time of his death, was regarded as the best mountaineer of his generation.", "40"),
    ("She was 29 when she moved to Paris.", "29"),
    # real shape (Multi-News test): an adverb between the name's comma and the age
    ("Maggie Rogers, also 24, quickly shot down the comedian's advance.", "24"),
    ("Tom Jones, now 45, still lives in the town.", "45"),
    # the surname alone, which the recogniser does not tag, of a person named in full before
    ("Davidson proposed to singer Maggie Rogers in the clip. Rogers, also 24, quickly shot down the comedian's "
     "advance.", "24"),
    # a surname set between commas that the recogniser missed or called an organisation
    ("Police said Magnotta, 44, is wanted on a Canada-wide warrant.", "44"),
    ("Okafor, 24, quickly declined the offer.", "24"),
    # an age ending the sentence after a person's name (real shape, Multi-News validation)
    ("“We can start living,” said Fran Keller, 34.", "34"),
    ("Police named the girls as Abigail Williams, 13, and Liberty German, 14.", "14"),
    # no space after the comma (real shape, Multi-News validation)
    ('Authorities identified the two bodies found as Abigail "Abby" Williams,6, and Liberty German.', "6"),
])
def test_a_number_a_person_is_is_an_age(q, text, needle):
    x = one(q(text), needle)
    assert x.unit == "year of age" and x.kind == "duration"


@pytest.mark.parametrize("text,needle", [
    ("The death toll was 40 on Friday.", "40"),
    ("The score was 3 at half time.", "3"),
    ("The vote in Ohio, 52, was the closest of the night.", "52"),  # a place between commas
    ("On Monday, 24, of the ships left port.", "24"),
    ("The deal closed in Paris, 34. Then it rose.", "34"),  # a place before a sentence-final number
])
def test_a_number_a_thing_is_is_not_an_age(q, text, needle):
    assert one(q(text), needle).unit != "year of age"


def test_at_one_point_is_a_time_not_an_amount(q):
    found = q("The Dow Jones Industrial Average plunged nearly 1,600 points at one point in afternoon trading.")
    assert [x.value for x in found] == [1600]


@pytest.mark.issue(13)
def test_a_word_starting_like_a_month_is_not_a_date(q):
    # the month pattern comes from data/calendar.json as whole words: "Marines" is not "Mar", "Junior" not "Jun"
    assert one(q("Five Marines were wounded and 12 Marines were flown to Germany."), "12").value == 12
    assert not [x for x in q("The attack came on 12 March, police said.") if x.value == 12]


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,needle,unit,kind", [
    ("It weighs 17 pounds, so they better be strong.", "17", "pound", "weight"),  # real shape, Multi-News
    ("The baby weighed 9 pounds at birth.", "9", "pound", "weight"),
    ("Police seized 400 pounds of cocaine.", "400", "pound", "weight"),
    ("He paid 40 pounds for the ticket.", "40", "GBP", "money"),
    ("It raised 2 million pounds of funding.", "2 million", "GBP", "money"),
])
def test_pounds_that_weigh_are_a_weight(q, text, needle, unit, kind):
    x = one(q(text), needle)
    assert (x.unit, x.kind) == (unit, kind)
