"""merge_entities: one entity per real-world thing across reports, and the surface -> entity-name resolver.

Mention lists here are written by hand in several outlets' styles (politics in several regions, sport, business), with
the label noise spaCy's small English model really produces (surnames labelled ORG or GPE, demonyms labelled GPE).
"""
from __future__ import annotations

import time

import pytest

from storyweave.align.entities import merge_entities
from storyweave.model import Entity, Mention


def mentions(*specs: tuple[str, str, str]) -> list[Mention]:
    """(doc_id, text, label) triples -> Mentions with running offsets."""
    out, pos = [], {}
    for doc, text, label in specs:
        start = pos.get(doc, 0)
        out.append(Mention(doc_id=doc, text=text, label=label, start=start, end=start + len(text)))
        pos[doc] = start + len(text) + 1
    return out


def owner(entities: list[Entity], alias: str) -> Entity | None:
    """The entity that has `alias` as its name or one of its aliases (exactly as written)."""
    hits = [e for e in entities if alias == e.name or alias in e.aliases]
    assert len(hits) <= 1, f"{alias!r} is in {len(hits)} entities: {[e.name for e in hits]}"
    return hits[0] if hits else None


def same(entities: list[Entity], *aliases: str) -> Entity:
    found = [owner(entities, a) for a in aliases]
    assert all(found), {a: (e.name if e else None) for a, e in zip(aliases, found)}
    assert len({id(e) for e in found}) == 1, {a: e.name for a, e in zip(aliases, found)}
    return found[0]


def apart(entities: list[Entity], *aliases: str) -> None:
    found = [owner(entities, a) for a in aliases]
    assert all(found), {a: (e.name if e else None) for a, e in zip(aliases, found)}
    assert len({id(e) for e in found}) == len(aliases), {a: e.name for a, e in zip(aliases, found)}


# ---------------------------------------------------------------- people


def test_honorific_possessive_and_full_forms_of_one_person_merge():
    ents, canon = merge_entities(mentions(
        ("nyt", "Biden", "PERSON"), ("nyt", "Mr. Biden", "PERSON"), ("nyt", "Biden's", "PERSON"),
        ("bbg", "Joe Biden", "PERSON"), ("ap", "President Biden", "PERSON"), ("ap", "Biden", "GPE"),
        ("ap", "Biden\u2019s", "ORG")))
    e = same(ents, "Biden", "Mr. Biden", "Joe Biden", "President Biden")
    assert e.name == "Joe Biden" and e.type == "PERSON"
    assert e.mentions == 7 and set(e.sources) == {"nyt", "bbg", "ap"}
    assert "Biden's" not in e.aliases and "Biden\u2019s" not in e.aliases  # possessive stripped
    assert len(ents) == 1
    assert canon("Mr. Biden") == canon("President Biden") == canon("Biden") == canon("Joe Biden") == "Joe Biden"
    assert canon("he") is None and canon("the president") is None


def test_korean_name_written_three_ways_is_one_person():
    ents, canon = merge_entities(mentions(
        ("nyt", "Yoon Suk Yeol", "PERSON"), ("ap", "Yoon Suk-yeol", "PERSON"), ("ap", "Yoon", "PERSON"),
        ("aj", "Yoon Suk", "PERSON"), ("aj", "Yoon", "GPE")))
    e = same(ents, "Yoon Suk Yeol", "Yoon Suk-yeol", "Yoon", "Yoon Suk")
    assert e.type == "PERSON" and e.name in ("Yoon Suk Yeol", "Yoon Suk-yeol")
    assert canon("South Korean President Yoon Suk Yeol") == e.name
    assert canon("Mr. Yoon") == e.name


def test_japanese_name_order_swapped_and_org_label_noise_outvoted():
    ents, canon = merge_entities(mentions(
        ("nyt", "Shigeru Ishiba", "PERSON"), ("nyt", "Ishiba", "ORG"), ("nyt", "Ishiba", "ORG"),
        ("bbg", "Ishiba", "ORG"), ("bbg", "Shigeru", "ORG"), ("aj", "Ishiba Shigeru", "PERSON"),
        ("aj", "Ishiba", "PERSON")))
    e = same(ents, "Shigeru Ishiba", "Ishiba Shigeru", "Ishiba")
    assert e.type == "PERSON" and e.name == "Shigeru Ishiba"
    assert len(ents) == 1
    assert canon("Prime Minister Ishiba Shigeru") == canon("Mr. Ishiba") == "Shigeru Ishiba"


def test_middle_initials_are_compatible_but_not_contradictory():
    ents, canon = merge_entities(mentions(
        ("a", "Donald J. Trump", "PERSON"), ("b", "Donald Trump", "PERSON"), ("b", "Trump", "ORG"),
        ("c", "Trump", "PERSON"), ("c", "Vladimir V. Putin", "PERSON"), ("d", "Putin", "PERSON"),
        ("d", "Vladimir Putin\u2019s", "PERSON")))
    t = same(ents, "Donald J. Trump", "Donald Trump", "Trump")
    assert t.name == "Donald Trump"
    p = same(ents, "Vladimir V. Putin", "Vladimir Putin", "Putin")
    assert p.name in ("Vladimir Putin", "Vladimir V. Putin")
    assert canon("Mr. Trump") == "Donald Trump" and canon("President Putin") == p.name
    # H.W. and W. are two presidents: the bare surname belongs to neither
    ents, canon = merge_entities(mentions(
        ("a", "George H.W. Bush", "PERSON"), ("a", "George W. Bush", "PERSON"), ("b", "Bush", "PERSON")))
    apart(ents, "George H.W. Bush", "George W. Bush", "Bush")
    assert canon("George W. Bush") == "George W. Bush"


def test_two_kims_stay_two_people_and_the_bare_surname_stays_ambiguous():
    ents, canon = merge_entities(mentions(
        ("a", "Kim Jong Un", "PERSON"), ("a", "Kim Yo Jong", "PERSON"), ("b", "Kim", "PERSON"),
        ("b", "Kim Jong Un's", "PERSON"), ("c", "Kim Yo-jong", "PERSON")))
    apart(ents, "Kim Jong Un", "Kim Yo Jong", "Kim")
    same(ents, "Kim Yo Jong", "Kim Yo-jong")
    assert canon("Kim Jong Un") == "Kim Jong Un" and canon("Kim Yo Jong") == "Kim Yo Jong"
    # with only one Kim in the story, "Mr. Kim" is him
    ents, canon = merge_entities(mentions(("a", "Kim Jong Un", "PERSON"), ("b", "Kim", "PERSON")))
    same(ents, "Kim Jong Un", "Kim")
    assert canon("Mr. Kim") == "Kim Jong Un"


def test_people_sharing_a_surname_are_not_merged():
    ents, canon = merge_entities(mentions(
        ("a", "Donald Trump", "PERSON"), ("a", "Melania Trump", "PERSON"), ("b", "Trump", "PERSON"),
        ("b", "Hunter Biden", "PERSON"), ("c", "Joe Biden", "PERSON")))
    apart(ents, "Donald Trump", "Melania Trump", "Trump")
    apart(ents, "Hunter Biden", "Joe Biden")
    assert canon("Melania Trump") == "Melania Trump"
    assert canon("Mrs. Biden") is None  # two Bidens, neither named alone


def test_nicknames_join_formal_first_names_but_a_lone_first_name_needs_an_exact_match():
    ents, _ = merge_entities(mentions(
        ("a", "Joseph R. Biden Jr.", "PERSON"), ("b", "Joe Biden", "PERSON"), ("c", "Will Kopelman", "PERSON"),
        ("c", "Prince William", "PERSON")))
    same(ents, "Joseph R. Biden Jr.", "Joe Biden")
    apart(ents, "Will Kopelman", "Prince William")


def test_father_and_son_are_two_people():
    ents, canon = merge_entities(mentions(
        ("a", "Donald Trump", "PERSON"), ("a", "Donald J. Trump", "PERSON"), ("b", "Donald Trump Jr.", "PERSON"),
        ("b", "Robert F. Kennedy Jr.", "PERSON"), ("c", "Robert F. Kennedy", "PERSON"), ("c", "Trump", "PERSON")))
    same(ents, "Donald Trump", "Donald J. Trump")
    apart(ents, "Donald Trump", "Donald Trump Jr.", "Trump")
    apart(ents, "Robert F. Kennedy Jr.", "Robert F. Kennedy")
    assert canon("Donald Trump Jr.") == "Donald Trump Jr." and canon("Mr. Trump") == "Trump"


def test_person_is_never_merged_with_a_country_of_the_same_word():
    ents, canon = merge_entities(mentions(
        ("espn", "Michael Jordan", "PERSON"), ("espn", "Jordan", "PERSON"), ("espn", "Jordan", "PERSON"),
        ("reuters", "Jordan", "GPE"), ("reuters", "Amman", "GPE"), ("reuters", "Hashemite Kingdom of Jordan", "GPE")))
    person = owner(ents, "Michael Jordan")
    country = owner(ents, "Amman")
    assert person is not None and country is not None and person is not country
    assert person.type == "PERSON" and country.type == "GPE" and country.name == "Jordan"
    assert "Jordan" in person.aliases and "Jordan" in country.aliases
    assert person.mentions == 3 and country.mentions == 3
    assert canon("Michael Jordan") == "Michael Jordan"
    # a state that shares a singer's first name stays a state; surnames mislabelled GPE join their person
    ents, _ = merge_entities(mentions(
        ("a", "Victoria Beckham", "PERSON"), ("a", "Victoria", "GPE"), ("b", "Victoria", "GPE"),
        ("c", "Mike Bloomberg", "PERSON"), ("c", "Bloomberg", "GPE"), ("d", "Bloomberg", "GPE")))
    apart(ents, "Victoria Beckham", "Victoria")
    assert owner(ents, "Victoria").type == "GPE"
    assert same(ents, "Mike Bloomberg", "Bloomberg").type == "PERSON"


def test_garbled_person_spans_do_not_become_the_name():
    ents, _ = merge_entities(mentions(
        ("a", "CLOSE Yu Darvish", "PERSON"), ("a", "Yu Darvish", "PERSON"), ("b", "Darvish", "PERSON"),
        ("b", "Detective Richard Pontecorvo", "PERSON"), ("c", "Richard Pontecorvo", "PERSON")))
    assert same(ents, "Yu Darvish", "Darvish", "CLOSE Yu Darvish").name == "Yu Darvish"
    assert same(ents, "Richard Pontecorvo", "Detective Richard Pontecorvo").name == "Richard Pontecorvo"


def test_conjoined_span_counts_for_both_people():
    ents, _ = merge_entities(mentions(
        ("a", "Joe Biden", "PERSON"), ("a", "Shigeru Ishiba", "PERSON"), ("b", "Biden and Ishiba", "ORG")))
    assert len(ents) == 2
    assert owner(ents, "Joe Biden").mentions == 2 and owner(ents, "Shigeru Ishiba").mentions == 2
    assert set(owner(ents, "Joe Biden").sources) == {"a", "b"}


# ---------------------------------------------------------------- countries


def test_korea_names_codes_formal_names_and_capitals():
    ents, canon = merge_entities(mentions(
        ("nyt", "North Korea", "GPE"), ("nyt", "Pyongyang", "GPE"), ("nyt", "North Korea\u2019s", "GPE"),
        ("aj", "DPRK", "ORG"), ("aj", "the Democratic People\u2019s Republic of Korea", "ORG"),
        ("aj", "North Korea-", "GPE"), ("nyt", "South Korea", "GPE"), ("nyt", "Seoul", "GPE"),
        ("aj", "ROK", "ORG"), ("aj", "Republic of Korea", "GPE"), ("nyt", "North Korean", "NORP"),
        ("aj", "South Korean", "NORP")))
    nk = same(ents, "North Korea", "DPRK", "Pyongyang", "Democratic People\u2019s Republic of Korea")
    sk = same(ents, "South Korea", "ROK", "Seoul", "Republic of Korea")
    assert nk is not sk and nk.name == "North Korea" and sk.name == "South Korea"
    assert nk.type == sk.type == "GPE"
    # demonyms are groups of people, not the country
    assert owner(ents, "North Korean") not in (nk, sk) and owner(ents, "North Korean").type == "NORP"
    assert owner(ents, "South Korean") not in (nk, sk)
    assert canon("Pyongyang") == "North Korea" and canon("D.P.R.K.") == "North Korea"
    assert canon("Seoul") == "South Korea"


def test_united_states_forms_and_washington_only_when_the_country_is_in_the_story():
    ents, canon = merge_entities(mentions(
        ("a", "U.S.", "GPE"), ("a", "US", "GPE"), ("b", "the United States", "GPE"), ("b", "Washington", "GPE"),
        ("c", "America", "GPE"), ("c", "United States of America", "GPE"), ("c", "American", "NORP")))
    us = same(ents, "U.S.", "US", "United States", "Washington", "America", "United States of America")
    assert us.name == "United States" and us.type == "GPE"
    assert owner(ents, "American") is not us
    assert canon("Washington") == "United States" and canon("USA") == "United States"
    # a Washington State story with no country named keeps Washington a place of its own
    ents, _ = merge_entities(mentions(("a", "Washington", "GPE"), ("a", "Seattle", "GPE"), ("b", "Washington", "GPE")))
    assert owner(ents, "Washington").name == "Washington"
    # and a story about George Washington does not turn him or the word into the country
    ents, _ = merge_entities(mentions(
        ("a", "George Washington", "PERSON"), ("a", "Washington", "GPE"), ("b", "U.S.", "GPE"),
        ("b", "Martha Washington", "PERSON")))
    assert owner(ents, "Washington") is not owner(ents, "U.S.")
    assert owner(ents, "George Washington").type == "PERSON"
    # nor does a list of states: there Washington is the state
    states = ["Colorado", "Oregon", "Alaska", "Nevada", "California"]
    ents, _ = merge_entities(mentions(("a", "U.S.", "GPE"), ("a", "Washington", "GPE"),
                                      *[("b", st, "GPE") for st in states]))
    assert owner(ents, "Washington") is not owner(ents, "U.S.")
    ents, _ = merge_entities(mentions(("a", "U.S.", "GPE"), ("a", "Washington", "GPE"),
                                      *[("b", st, "GPE") for st in states[:2]]))
    assert owner(ents, "Washington") is owner(ents, "U.S.")  # senators from two states: still the capital


def test_countries_around_the_world():
    ents, canon = merge_entities(mentions(
        ("bbc", "UK", "GPE"), ("bbc", "Britain", "GPE"), ("ft", "U.K.", "GPE"), ("ft", "London", "GPE"),
        ("ft", "United Kingdom", "GPE"), ("aljaz", "UAE", "ORG"), ("aljaz", "Abu Dhabi", "GPE"),
        ("aljaz", "United Arab Emirates", "GPE"), ("scmp", "PRC", "ORG"), ("scmp", "Beijing", "GPE"),
        ("scmp", "China", "GPE"), ("kyiv", "Kiev", "GPE"), ("kyiv", "Kyiv", "GPE"), ("kyiv", "Ukraine", "GPE"),
        ("af", "Democratic Republic of Congo", "GPE"), ("af", "DRC", "ORG"), ("af", "Kinshasa", "GPE"),
        ("af", "Ivory Coast", "GPE"), ("af", "C\u00f4te d'Ivoire", "GPE"), ("la", "Brasilia", "GPE"),
        ("la", "Brazil", "GPE"), ("la", "Federative Republic of Brazil", "GPE"), ("me", "Burma", "GPE"),
        ("me", "Myanmar", "GPE"), ("me", "Türkiye", "GPE"), ("me", "Turkey", "GPE"), ("me", "Ankara", "GPE"),
        ("eu", "the Netherlands", "GPE"), ("eu", "Holland", "GPE"), ("eu", "The Hague", "GPE")))
    same(ents, "UK", "Britain", "U.K.", "London", "United Kingdom")
    same(ents, "UAE", "Abu Dhabi", "United Arab Emirates")
    same(ents, "PRC", "Beijing", "China")
    same(ents, "Kiev", "Kyiv", "Ukraine")
    assert same(ents, "Democratic Republic of Congo", "DRC", "Kinshasa").name == "Democratic Republic of the Congo"
    same(ents, "Ivory Coast", "C\u00f4te d'Ivoire")
    same(ents, "Brasilia", "Brazil", "Federative Republic of Brazil")
    same(ents, "Burma", "Myanmar")
    same(ents, "Türkiye", "Turkey", "Ankara")
    same(ents, "Netherlands", "Holland", "Hague")  # leading articles go, as in "the Netherlands"
    assert len(ents) == 10
    assert all(e.type == "GPE" for e in ents)
    assert canon("Moscow") is None  # Russia is not in this story


def test_a_capital_stands_for_its_country_only_when_the_country_is_named():
    ents, canon = merge_entities(mentions(("a", "Moscow", "GPE"), ("b", "Lima", "GPE"), ("b", "Peru", "GPE")))
    assert owner(ents, "Moscow").name == "Moscow"  # talks in Moscow: the city, Russia is never named
    assert owner(ents, "Lima") is owner(ents, "Peru")
    assert canon("Moscow") == "Moscow"


def test_unsure_capitals_and_bare_congo_are_left_alone():
    ents, _ = merge_entities(mentions(
        ("a", "Victoria", "GPE"), ("a", "Kingston", "GPE"), ("a", "Congo", "GPE"), ("a", "Australia", "GPE")))
    assert owner(ents, "Victoria").name == "Victoria"  # the Australian state, Seychelles not in the story
    assert owner(ents, "Kingston").name == "Kingston"
    assert owner(ents, "Congo").name == "Congo"  # Kinshasa or Brazzaville: not guessed


# ---------------------------------------------------------------- organisations, acronyms


def test_acronym_from_initials_and_from_a_definition():
    ents, canon = merge_entities(mentions(
        ("a", "APEC", "ORG"), ("a", "the Asia-Pacific Economic Cooperation", "LOC"), ("b", "APEC", "ORG"),
        ("b", "Securities and Exchange Commission (SEC)", "ORG"), ("c", "SEC", "ORG"),
        ("c", "M\u00e9decins Sans Fronti\u00e8res (MSF)", "ORG"), ("d", "MSF", "ORG"),
        ("d", "the U.N. Security Council", "ORG"), ("d", "UN Security Council", "ORG"),
        ("e", "Nato", "ORG"), ("e", "North Atlantic Treaty Organization", "ORG")))
    apec = same(ents, "APEC", "Asia-Pacific Economic Cooperation")
    assert apec.name == "Asia-Pacific Economic Cooperation" and apec.type == "ORG"  # LOC noise outvoted
    sec = owner(ents, "SEC")
    assert sec is not None and sec.name == "Securities and Exchange Commission"
    assert owner(ents, "MSF").name == "M\u00e9decins Sans Fronti\u00e8res"
    same(ents, "U.N. Security Council", "UN Security Council")
    same(ents, "Nato", "North Atlantic Treaty Organization")
    assert canon("APEC") == canon("Asia-Pacific Economic Cooperation") == "Asia-Pacific Economic Cooperation"


def test_business_story_company_suffixes_and_people():
    ents, canon = merge_entities(mentions(
        ("wsj", "Apple Inc.", "ORG"), ("wsj", "Apple", "ORG"), ("wsj", "Tim Cook", "PERSON"),
        ("ft", "Apple", "ORG"), ("ft", "Cook", "PERSON"), ("ft", "Mr Cook", "PERSON"),
        ("cnbc", "Microsoft Corp.", "ORG"), ("cnbc", "Microsoft", "ORG"), ("cnbc", "Satya Nadella", "PERSON"),
        ("cnbc", "Nadella", "ORG"), ("ft", "European Union", "ORG"), ("ft", "EU", "ORG"),
        ("wsj", "E.U.", "ORG"), ("bbg", "Ford Motor Co.", "ORG"), ("bbg", "Ford", "ORG"),
        ("bbg", "Harrison Ford", "PERSON")))
    assert same(ents, "Apple Inc.", "Apple").type == "ORG"
    assert same(ents, "Tim Cook", "Cook", "Mr Cook").name == "Tim Cook"
    same(ents, "Microsoft Corp.", "Microsoft")
    assert same(ents, "Satya Nadella", "Nadella").type == "PERSON"
    same(ents, "European Union", "EU", "E.U.")
    apart(ents, "Ford", "Harrison Ford")  # the company beside the actor
    same(ents, "Ford", "Ford Motor Co.")
    assert canon("Apple chief executive Tim Cook") == "Tim Cook"
    assert canon("a spokesman for Apple") is None


def test_sports_story():
    ents, canon = merge_entities(mentions(
        ("espn", "Lionel Messi", "PERSON"), ("espn", "Messi", "PERSON"), ("espn", "Inter Miami", "ORG"),
        ("espn", "Argentina", "GPE"), ("bbc", "Messi's", "PERSON"), ("bbc", "Buenos Aires", "GPE"),
        ("bbc", "FIFA", "ORG"), ("goal", "F\u00e9d\u00e9ration Internationale de Football Association", "ORG"),
        ("goal", "Lionel Andr\u00e9s Messi", "PERSON"), ("goal", "Luis Su\u00e1rez", "PERSON"),
        ("goal", "Suarez", "PERSON"),
        ("goal", "Argentine", "NORP"), ("goal", "Argentines", "NORP")))
    messi = same(ents, "Lionel Messi", "Messi", "Lionel Andr\u00e9s Messi")
    assert messi.mentions == 4 and messi.name == "Lionel Andr\u00e9s Messi"  # the fullest form
    same(ents, "Luis Su\u00e1rez", "Suarez")  # accents do not matter
    same(ents, "Argentina", "Buenos Aires")
    same(ents, "FIFA", "F\u00e9d\u00e9ration Internationale de Football Association")
    same(ents, "Argentine", "Argentines")
    assert owner(ents, "Argentine") is not owner(ents, "Argentina")
    assert canon("striker Lionel Messi") == messi.name


def test_politics_in_other_regions():
    ents, canon = merge_entities(mentions(
        ("reuters", "Luiz In\u00e1cio Lula da Silva", "PERSON"), ("reuters", "Lula", "PERSON"),
        ("folha", "Lula da Silva", "PERSON"), ("afp", "F\u00e9lix Tshisekedi", "PERSON"),
        ("afp", "Tshisekedi", "ORG"), ("bbc", "Felix Tshisekedi", "PERSON"), ("bbc", "Sir Keir Starmer", "PERSON"),
        ("guardian", "Keir Starmer", "PERSON"), ("guardian", "Starmer", "PERSON"),
        ("guardian", "Downing Street", "FAC"),
        ("toi", "Narendra Modi", "PERSON"), ("toi", "Modi", "PERSON"), ("toi", "New Delhi", "GPE"),
        ("toi", "India", "GPE"), ("toi", "Bharatiya Janata Party", "ORG"), ("toi", "BJP", "ORG")))
    assert same(ents, "Luiz In\u00e1cio Lula da Silva", "Lula", "Lula da Silva").type == "PERSON"
    same(ents, "F\u00e9lix Tshisekedi", "Tshisekedi", "Felix Tshisekedi")
    assert same(ents, "Sir Keir Starmer", "Keir Starmer", "Starmer").name == "Keir Starmer"
    same(ents, "Narendra Modi", "Modi")
    same(ents, "New Delhi", "India")
    same(ents, "Bharatiya Janata Party", "BJP")
    assert canon("British Prime Minister Keir Starmer") == "Keir Starmer"
    assert canon("Secretary of State Starmer") == "Keir Starmer"
    assert canon("aide to Modi") is None
    assert canon("India's Prime Minister Narendra Modi") == "Narendra Modi"
    assert canon("Modi's spokesman") is None and canon("Modi's") == "Narendra Modi"


def test_a_word_labelled_person_once_and_org_mostly_is_one_org():
    ents, _ = merge_entities(mentions(
        ("a", "Instagram", "ORG"), ("a", "Instagram", "PERSON"), ("b", "Instagram", "ORG"), ("b", "Instagram", "ORG"),
        ("c", "Selena Gomez", "PERSON"), ("c", "Gomez", "ORG"), ("c", "Gomez", "ORG")))
    insta = owner(ents, "Instagram")
    assert insta.type == "ORG" and insta.mentions == 4
    assert same(ents, "Selena Gomez", "Gomez").type == "PERSON"


def test_every_mention_counted_once_and_non_entities_ignored():
    ms = mentions(("a", "Friday", "DATE"), ("a", "three", "CARDINAL"), ("a", "12,000", "CARDINAL"),
                  ("a", "Japan", "GPE"), ("b", "Japan", "GPE"), ("b", "Japanese", "NORP"), ("b", "  ", "ORG"),
                  ("b", "\u2014", "ORG"))
    ents, _ = merge_entities(ms)
    assert sorted(e.name for e in ents) == ["Japan", "Japanese"]
    assert sum(e.mentions for e in ents) == 3
    assert merge_entities([])[0] == []
    assert merge_entities([])[1]("Biden") is None


def test_resolver_never_returns_a_name_that_is_not_an_entity():
    ents, canon = merge_entities(mentions(("a", "Jake Sullivan", "PERSON"), ("b", "Sullivan", "PERSON"),
                                          ("b", "White House", "ORG")))
    names = {e.name for e in ents}
    for s in ["Jake Sullivan", "Mr. Sullivan", "national security adviser Jake Sullivan", "White House",
              "the White House", "Sullivan's", "Biden", "the three leaders", "joint statement", "", "they", "Seoul"]:
        got = canon(s)
        assert got is None or got in names, s
    assert canon("national security adviser Jake Sullivan") == "Jake Sullivan"
    assert canon("Sullivan's") == "Jake Sullivan"
    assert canon("joint statement") is None and canon("") is None


def test_speed_a_few_thousand_mentions():
    people = [f"{first} {last}" for first in ("Anna", "Boris", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana")
              for last in ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak", "Haddad", "Kowalski")]
    specs = []
    for i in range(3000):
        doc = f"d{i % 40}"
        k = i % 10
        if k < 4:
            name = people[(i * 7) % len(people)]
            specs.append((doc, name if k % 2 else name.split()[1], "PERSON"))
        elif k < 7:
            specs.append((doc, ("U.S.", "China", "Beijing", "Germany", "Berlin", "Kenya", "Nairobi")[i % 7], "GPE"))
        else:
            orgs = (f"Acme Holdings {i % 50}", "World Health Organization", "WHO", "Reuters")
            specs.append((doc, orgs[i % 4], "ORG"))
    ms = mentions(*specs)
    merge_entities(ms)  # warm the country table
    best = min(_timed(lambda: merge_entities(ms)) for _ in range(3))
    assert best < 0.1, best
    ents, _ = merge_entities(ms)
    assert sum(e.mentions for e in ents) == 3000


def _timed(fn) -> float:
    """CPU seconds of this process: the machine's 2 cores are shared, so wall time measures the neighbours."""
    t = time.process_time()
    fn()
    return time.process_time() - t


@pytest.mark.parametrize("surface", ["he", "she", "they", "the three leaders", "officials", "a senior official"])
def test_pronouns_and_descriptions_resolve_to_nothing(surface):
    _, canon = merge_entities(mentions(("a", "Joe Biden", "PERSON"), ("a", "Biden", "PERSON")))
    assert canon(surface) is None


def test_hostile_and_odd_surfaces():
    long_name = "Biden " * 5000
    ents, canon = merge_entities(mentions(
        ("a", long_name, "PERSON"), ("a", "Joe Biden", "PERSON"), ("a", "<script>alert(1)</script>", "ORG"),
        ("a", "\u200bBiden\u200b", "PERSON"), ("a", "Biden\n\nand", "PERSON"), ("a", "((((", "ORG"),
        ("b", "'s", "PERSON"), ("b", "The", "ORG"), ("b", "U.S.)", "GPE"), ("b", "(U.S.", "GPE")))
    # zero-width spaces dropped, a swallowed "and" ignored, the long span skipped
    assert owner(ents, "Joe Biden").mentions == 3
    assert owner(ents, "U.S.").mentions == 2
    assert all(len(a) <= 120 for e in ents for a in e.aliases)
    assert canon(long_name) is None and canon("\u200bMr. Biden") == "Joe Biden"
    t = time.perf_counter()
    assert canon("Mr " * 100_000) is None
    assert time.perf_counter() - t < 0.5


def test_output_does_not_depend_on_mention_order_for_merging():
    specs = [("a", "Kim Jong Un", "PERSON"), ("b", "Kim", "PERSON"), ("c", "Kim Yo Jong", "PERSON"),
             ("a", "Seoul", "GPE"), ("b", "South Korea", "GPE"), ("c", "ROK", "ORG")]
    forward, _ = merge_entities(mentions(*specs))
    backward, _ = merge_entities(mentions(*reversed(specs)))
    as_sets = lambda ents: sorted(tuple(sorted(e.aliases)) for e in ents)  # noqa: E731
    assert as_sets(forward) == as_sets(backward)
