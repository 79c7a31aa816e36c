"""One entity per real-world thing across the reports of a story, and a resolver from any name to that entity.

    merge_entities(mentions) -> (entities, canonical)

How mentions are joined (each step general, none fitted to one story):
  1. Clean each surface: possessive ("Biden's"), leading article ("the United States"), stray punctuation; for people
     also leading titles ("Mr.", "South Korean President") and words a span swallowed ("Biden and").
  2. Countries: a table of every country (names, formal names and ISO codes from pycountry; common short names,
     acronyms used in text and capitals from `data/countries.tsv`) maps "U.S.", "the United States", "DPRK",
     "Pyongyang", "Democratic People's Republic of Korea" to one entity. Demonyms (NORP "North Korean") stay apart.
     A capital stands for its country only when the country itself is named in the story; one that is often something
     else ("?" in the table: Washington, Victoria, Kingston) also needs no person of that name in the story and (when
     it is also a state, `data/subdivisions.tsv`) a story that is not listing states. A one-word country name that
     is also a person's name ("Jordan" beside Michael Jordan) follows its label and the story's votes.
  3. People: a name is a set of name words plus initials, so "Ishiba Shigeru" = "Shigeru Ishiba", "Yoon Suk-yeol" =
     "Yoon Suk Yeol", "Donald J. Trump" ~ "Donald Trump", "Joe Biden" ~ "Joseph R. Biden Jr.". A partial name
     ("Biden", "Yoon Suk") joins the one full name that contains it; when two people contain it ("Kim" beside
     "Kim Jong Un" and "Kim Yo Jong") it stays an entity of its own rather than being merged wrongly; "Jr." and "Sr."
     keep father and son apart ("Donald Trump Jr.", "DeOrr Kunz Sr."). A mention that
     spaCy labelled ORG or GPE ("Ishiba", "Trump") joins a person when that person is its only reading.
  4. Organisations and the rest: same key, corporate suffixes ("Apple Inc." = "Apple"), company short names ("Ford" =
     "Ford Motor Co."), acronyms from the initials of capitalised words ("APEC" = "Asia-Pacific Economic
     Cooperation", "Nato"), "X (ACR)" definitions, singular and plural groups ("Republican", "Republicans").
  5. Type by majority vote over the mentions (people are PERSON, countries GPE): spaCy's label noise is outvoted.
     Name: the table's name for a country, the fullest clean form for a person, the long form for an acronym.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from storyweave.model import Entity, Mention
from storyweave.textutil import straighten, strip_invisible

_COUNTRY_TABLE = Path(__file__).with_name("data") / "countries.tsv"
_SUBDIVISION_TABLE = Path(__file__).with_name("data") / "subdivisions.tsv"
# Labels that are not things with names.
_SKIP_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
# When votes tie, the earlier label wins.
_LABEL_ORDER = ("PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# An unsure capital that is also a state ("Washington") is the state when the story names at least this many other
# states of that country. Set on 80 Multi-News validation stories: the 2 stories where Washington was the state
# named 5 and 21 other states; 5 of the 6 where it was the capital named 2 to 4 (a Senate story named 9).
STATE_LIST_MIN = 5
# Longer spans are not names (the longest formal country name is 56 characters).
MAX_SURFACE = 120

# Words that stand before a name and are not part of it ("Mr. Biden", "South Korean President Yoon").
_TITLES = frozenset("""
mr mrs ms miss mx dr prof professor sir dame lord lady madam president presidentelect premier chancellor king queen
prince princess pope emperor empress sen senator rep representative congressman congresswoman gov governor gen general
adm admiral col colonel lt lieutenant sgt sergeant capt captain cmdr commander maj major marshal coach judge justice
secretary minister chairman chairwoman chairperson chair ceo cfo coo cto founder cofounder rev reverend father
sheikh sheik emir ayatollah imam rabbi archbishop bishop cardinal mayor speaker leader ambassador envoy commissioner
director spokesman spokeswoman spokesperson adviser advisor aide chief executive officer manager striker
midfielder defender goalkeeper quarterback pitcher player analyst economist lawyer attorney detective inspector
sheriff trooper agent constable rapper singer actor actress comedian host author writer reporter correspondent editor
pastor doctor nurse
""".split())
# Words that only qualify a title: "Prime Minister", "Former Vice President", "Crown Prince", "Supreme Leader".
_TITLE_MODIFIERS = frozenset("""
vice deputy acting former prime foreign defense defence interior finance state first crown supreme national security
senior assistant associate interim grand lead head party opposition majority minority house senate white
""".split())
# Words that, before a name, mean the speaker is someone else ("adviser to Biden", "Biden's spokesman").
_BLOCKERS = frozenset("to for with and or by from about against on behalf told said says under".split())
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_CORP_SUFFIXES = frozenset({"inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc",
                            "plc", "ag", "sa", "nv", "group", "holdings"})
# Words after a company's name that only say what it does: "Ford Motor", "Deutsche Bank", "Sony Pictures".
_COMPANY_WORDS = frozenset("""
motor motors airlines airways bank banking technologies technology tech electronics energy pharmaceuticals pharma
international industries systems communications entertainment media labs laboratories semiconductor semiconductors
studios pictures records networks software financial capital partners foods brands petroleum oil steel chemicals
telecom mobile
""".split())
_ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "on", "in", "at", "to", "de", "du", "des", "la", "le", "el", "&"})
# Common English diminutives: "Joe Biden" and "Joseph R. Biden Jr." are one person.
_NICKNAMES = {
    "joe": "joseph", "bill": "william", "billy": "william", "will": "william", "bob": "robert", "bobby": "robert",
    "rob": "robert", "mike": "michael", "jim": "james", "jimmy": "james", "tom": "thomas", "tommy": "thomas",
    "dick": "richard", "rick": "richard", "dave": "david", "dan": "daniel", "danny": "daniel",
    "chris": "christopher", "matt": "matthew", "nick": "nicholas", "tony": "anthony", "andy": "andrew",
    "ben": "benjamin", "sam": "samuel", "alex": "alexander", "kate": "katherine", "liz": "elizabeth",
    "beth": "elizabeth", "jen": "jennifer", "jenny": "jennifer", "pat": "patrick", "ted": "edward",
    "ed": "edward", "charlie": "charles", "chuck": "charles", "greg": "gregory", "jeff": "jeffrey",
    "ron": "ronald", "larry": "lawrence", "jerry": "gerald", "steve": "steven", "vlad": "vladimir",
}

_WS = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:'s|'S)$")
_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_EDGE_JUNK = " \t\n-\u2013\u2014,;:/\\|[]({}<>\"'*#@!?"  # not ")": "Securities and Exchange Commission (SEC)"
_CURLY = "\u2018\u2019\u201c\u201d"
_DEFINITION = re.compile(r"^(?P<long>[^()]*[^\s()])\s*\((?P<short>[A-Z][A-Za-z.&-]{1,11})\)$")
_INITIAL = re.compile(r"^(?:[A-Z]\.?|(?:[A-Z]\.){2,3}|[A-Z]{2})$")
_TOKEN_SPLIT = re.compile(r"[\s\-\u2010-\u2015]+")
_NON_KEY = re.compile(r"[^\w ]+")


# ---------------------------------------------------------------- text helpers


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _clean(text: str) -> str:
    """The surface as written, minus invisible characters, possessive, leading article and stray edge punctuation.

    "the Democratic People’s Republic of Korea" -> "Democratic People’s Republic of Korea";
    "Biden’s" -> "Biden"; "North Korea-" -> "North Korea"; a final dot stays ("U.S.", "Jr.").
    """
    text = _WS.sub(" ", strip_invisible(text or "")).strip()
    previous = None
    while text != previous:
        previous = text
        plain = straighten(text)
        if plain.endswith(("'s", "'S")):
            text = text[:-2]
        elif plain.endswith(("s'", "S'")):
            text = text[:-1]
        text = _ARTICLE.sub("", text.lstrip(_EDGE_JUNK + _CURLY + ".").rstrip(_EDGE_JUNK + _CURLY))
        if text.endswith(")") and text.count("(") >= text.count(")"):
            continue  # "Securities and Exchange Commission (SEC)": the bracket belongs
        text = text.rstrip(")")
    return text


@lru_cache(maxsize=1 << 15)
def _token_key(token: str) -> str:
    """One token folded for comparison: no accents, no dots or apostrophes, lower case ("U.S." -> "us")."""
    token = _strip_accents(straighten(token))
    return _NON_KEY.sub("", token.replace("&", " and ")).lower()


@lru_cache(maxsize=1 << 15)
def _key(text: str) -> str:
    """A whole surface folded for comparison; "St." and "Saint" are one word."""
    words = [_token_key(t) for t in _TOKEN_SPLIT.split(text) if t]
    words = ["saint" if w in ("st", "ste") else w for w in words if w]
    return " ".join(words)


def _is_acronym(text: str) -> bool:
    bare = text.replace(".", "").replace("&", "")
    return 2 <= len(bare) <= 8 and bare.isalpha() and bare.isupper() and " " not in text


def _acronym_form(text: str) -> str:
    return text.replace(".", "").upper()


def _initials_of(text: str) -> str | None:
    """Initial letters of the capitalised words, hyphenated parts counting apart: "Asia-Pacific Economic
    Cooperation" -> "APEC". None when fewer than two words count or a content word is lower case."""
    letters = []
    for word in _TOKEN_SPLIT.split(text):
        if not word:
            continue
        if word.lower() in _ACRONYM_SKIP:
            continue
        if word[0].isupper():
            letters.append(word[0])
        elif word[0].isdigit():
            return None
        else:
            return None
    return "".join(letters) if len(letters) >= 2 else None


def _strip_corp(key: str) -> str:
    words = key.split()
    while len(words) > 1 and words[-1] in _CORP_SUFFIXES:
        words.pop()
    return " ".join(words)


# ---------------------------------------------------------------- the country table


@dataclass(frozen=True, slots=True)
class _Countries:
    names: dict[str, str]  # folded name -> iso3 (case-insensitive names: "united states", "north korea")
    codes: dict[str, str]  # upper-case acronym -> iso3 ("US", "DPRK", "UAE"), matched only when written in capitals
    alpha3: dict[str, str]  # ISO alpha-3 -> iso3, matched only when written in capitals and labelled GPE
    capitals: dict[str, tuple[str, bool]]  # folded capital -> (iso3, often-something-else)
    display: dict[str, str]  # iso3 -> the name to show
    subdivisions: dict[str, str]  # folded state/province name -> iso3 ("washington" -> USA)


# Bare names that two countries go by ("Congo": Kinshasa or Brazzaville); they stay unresolved.
_AMBIGUOUS_COUNTRY_NAMES = frozenset({"congo", "korea"})


@lru_cache(maxsize=1)
def _countries() -> _Countries:
    """The country table, read once."""
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    alpha3: dict[str, str] = {}
    capitals: dict[str, tuple[str, bool]] = {}
    display: dict[str, str] = {}

    def add_name(name: str, iso: str, *, override: bool = False) -> None:
        if _is_acronym(name) and len(name.replace(".", "")) <= 5:
            codes.setdefault(_acronym_form(name), iso)
            return
        key = _key(name)
        if key and (override or key not in names):
            names[key] = iso

    table = _COUNTRY_TABLE.read_text("utf-8")
    rows = []
    for line in table.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso, name, aliases, caps = (line.split("\t") + ["", "", ""])[:4]
        rows.append((iso, name, [a for a in aliases.split(";") if a], [c for c in caps.split(";") if c]))
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pinned in requirements; the table alone still covers common names
        pycountry = None
    if pycountry is not None:
        for c in pycountry.countries:
            iso = c.alpha_3
            alpha3[iso] = iso
            for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
                if not name:
                    continue
                name = re.sub(r"\s*\([^)]*\)", "", name)
                if ", " in name:  # "Korea, Republic of" -> "Republic of Korea"
                    head, _, tail = name.partition(", ")
                    if re.search(r"\bof(?: the)?$", tail, re.I):
                        add_name(f"{tail} {head}", iso)
                    continue
                if _key(name) in _AMBIGUOUS_COUNTRY_NAMES:
                    continue
                add_name(name, iso)
    for iso, name, aliases, caps in rows:
        display[iso] = name
        add_name(name, iso, override=True)
        for alias in aliases:
            add_name(alias, iso, override=True)
        for cap in caps:
            unsure = cap.startswith("?")
            key = _key(cap.lstrip("?"))
            capitals.setdefault(key, (iso, unsure))
            if key.startswith("the "):  # "The Hague" is cleaned to "Hague" like any leading article
                capitals.setdefault(key[4:], (iso, unsure))
    for key in list(capitals):  # a city named like a country ("Singapore", "Djibouti") is the country
        if key in names:
            del capitals[key]
    subdivisions: dict[str, str] = {}
    for line in _SUBDIVISION_TABLE.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            iso, _, subs = line.partition("\t")
            for sub in subs.split(";"):
                subdivisions[_key(sub)] = iso
    return _Countries(names=names, codes=codes, alpha3=alpha3, capitals=capitals, display=display,
                      subdivisions=subdivisions)


def _country_by_name(text: str) -> str | None:
    """iso3 of a country named (not a capital): by name, formal name, or an acronym written in capitals."""
    table = _countries()
    if _is_acronym(text):
        iso = table.codes.get(_acronym_form(text))
        if iso:
            return iso
    return table.names.get(_key(text))


# ---------------------------------------------------------------- people


@dataclass(frozen=True, slots=True)
class _Name:
    tokens: frozenset[str]  # name words, diminutives expanded, order ignored
    raw: frozenset[str]  # name words as written (folded)
    initials: tuple[str, ...]
    size: int  # number of distinct name words
    suffix: str = ""  # "jr", "sr", "ii", ...

    def covered_by(self, other: "_Name") -> bool:
        """Every word of self is in other, and self's initials fit other's extra words or initials.
        A lone word must match as written: "Will" is not "Prince William"; "Joe Biden" is "Joseph Biden".
        Father and son: "Donald Trump Jr." is not "Donald Trump" (same words, one suffix), while
        "Joseph R. Biden Jr." is "Joe Biden" (written differently: the suffix is a formality there)."""
        if self.size == 1 and not self.initials:
            return self.raw <= other.raw and (not self.suffix or self.suffix == other.suffix)
        if self.suffix != other.suffix and (
                (self.suffix and other.suffix) or self.raw <= other.raw or other.raw <= self.raw):
            return False
        if not self.tokens or not self.tokens <= other.tokens:
            return False
        if self.tokens == other.tokens:
            return not (self.initials and other.initials and self.initials != other.initials)
        spare = sorted(t[0] for t in other.tokens - self.tokens) + list(other.initials)
        for letter in self.initials:
            if letter in spare:
                spare.remove(letter)
            else:
                return False
        return True


def _strip_title(text: str) -> str:
    """Drop leading titles: "Mr. Biden" -> "Biden", "Prime Minister Shigeru Ishiba" -> "Shigeru Ishiba"."""
    words = text.split(" ")
    cut = 0
    for i, w in enumerate(words[:-1]):
        if _is_title(w):
            cut = i + 1
        elif _token_key(w) not in _TITLE_MODIFIERS:
            break
    return " ".join(words[cut:])


def _is_title(word: str) -> bool:
    parts = [_token_key(p) for p in _TOKEN_SPLIT.split(word) if p]
    return bool(parts) and any(p in _TITLES for p in parts)


@lru_cache(maxsize=1 << 15)
def _person_name(text: str) -> _Name | None:
    """Parse a cleaned person surface into name words and initials; None when nothing name-like is left."""
    words = [w for w in _TOKEN_SPLIT.split(_strip_title(text)) if w]
    tokens: list[str] = []
    raw: list[str] = []
    initials: list[str] = []
    suffix = ""
    shouting = text.isupper()
    if not any(w[:1].isupper() for w in words):
        return None  # "zijn zoektocht naar de verdwenen": no capitalised word, no name
    for w in words:
        w = w.strip(",")
        if w[:1].islower() and _token_key(w) not in _PARTICLES:
            continue  # a word the span swallowed: "Biden and", "Julia Roberts' half-sister"
        if not shouting and len(w) >= 3 and w.isupper() and w.isalpha():
            continue  # "CLOSE Yu Darvish" (but "JOE BIDEN" in a capitalised headline is a name)
        if _INITIAL.match(w) and len(words) > 1:
            initials.extend(c.lower() for c in w if c.isalpha())
            continue
        key = _token_key(w)
        if key in _NAME_SUFFIXES and tokens:
            suffix = key
            continue
        if not key:
            continue
        tokens.append(_NICKNAMES.get(key, key))
        raw.append(key)
    if not tokens:
        return None
    unique = frozenset(tokens)
    return _Name(unique, frozenset(raw), tuple(initials), len(unique), suffix)


# ---------------------------------------------------------------- merging


@dataclass(slots=True)
class _Group:
    """Mentions that are one thing, while merging."""

    kind: str  # "country", "person", "other"
    key: str
    labels: dict[str, int] = field(default_factory=dict)
    surfaces: dict[str, int] = field(default_factory=dict)  # cleaned surface -> mentions
    first_seen: dict[str, int] = field(default_factory=dict)
    docs: dict[str, None] = field(default_factory=dict)
    count: int = 0
    names: list[_Name] = field(default_factory=list)  # people: the name forms in the group
    display: str | None = None  # countries: the table's name
    merged_into: "_Group | None" = None

    def add(self, it: "_Item") -> None:
        self.labels[it.label] = self.labels.get(it.label, 0) + it.count
        self.surfaces[it.surface] = self.surfaces.get(it.surface, 0) + it.count
        self.first_seen.setdefault(it.surface, it.order)
        for d in it.docs:
            self.docs.setdefault(d, None)
        self.count += it.count

    def absorb(self, other: "_Group") -> None:
        for lab, n in other.labels.items():
            self.labels[lab] = self.labels.get(lab, 0) + n
        for surface, n in other.surfaces.items():
            self.surfaces[surface] = self.surfaces.get(surface, 0) + n
        for s, o in other.first_seen.items():
            self.first_seen[s] = min(o, self.first_seen.get(s, o))
        for d in other.docs:
            self.docs.setdefault(d, None)
        self.count += other.count
        self.names.extend(other.names)
        other.merged_into = self


def _root(group: _Group) -> _Group:
    while group.merged_into is not None:
        group = group.merged_into
    return group


@dataclass(slots=True)
class _Item:
    """One distinct (cleaned surface, label) with its mentions."""

    surface: str
    label: str
    docs: dict[str, None] = field(default_factory=dict)  # doc ids in order of first mention
    order: int = 0
    count: int = 0


def merge_entities(mentions: Sequence[Mention]) -> tuple[list[Entity], Callable[[str], str | None]]:
    """One Entity per real-world thing in the mentions of one story, and canonical(surface) -> entity name | None."""
    items = _collect(mentions)
    groups = _merge(items)
    entities, alias_index, people = _build_entities(groups)
    return entities, _resolver(entities, alias_index, people)


def _collect(mentions: Iterable[Mention]) -> list[_Item]:
    items: dict[tuple[str, str], _Item] = {}
    cleaned: dict[str, str] = {}
    for order, m in enumerate(mentions):
        if m.label in _SKIP_LABELS:
            continue
        if len(m.text) > MAX_SURFACE:
            continue  # no name is this long: a span gone wrong
        surface = cleaned.get(m.text)
        if surface is None:
            surface = cleaned[m.text] = _clean(m.text)
        if not surface or not any(c.isalpha() for c in surface) or "\n" in surface:
            continue
        item = items.get((surface, m.label))
        if item is None:
            item = items[(surface, m.label)] = _Item(surface, m.label, order=order)
        item.docs.setdefault(m.doc_id, None)
        item.count += 1
    return list(items.values())


def _merge(items: list[_Item]) -> list[_Group]:
    table = _countries()
    votes: dict[str, Counter] = defaultdict(Counter)  # surface key -> label votes over all its mentions
    for it in items:
        votes[_key(it.surface)][it.label] += it.count

    # Words of the full person names in the story ("jordan" from "Michael Jordan"), garbled spans left out.
    person_words = {w for it in items if it.label == "PERSON" and not _looks_garbled(it.surface)
                    for n in [_person_name(it.surface)] if n is not None and n.size >= 2 for w in n.raw}

    # The same from every PERSON span, garbled ones too ("Justin Sink - Tweet Jon Huntsman" vouches for "Huntsman").
    any_name_words = {w for it in items if it.label == "PERSON"
                      for n in [_person_name(it.surface)] if n is not None and (n.size >= 2 or n.initials)
                      for w in n.raw}

    def person_vote(surface: str) -> bool:
        v = votes[_key(surface)]
        return v["PERSON"] > sum(c for lab, c in v.items() if lab in _PLACE_LABELS or lab == "ORG")

    named_countries: set[str] = set()
    country_of: dict[int, str] = {}
    contested: dict[int, str] = {}  # "Jordan" where a person of that name is in the story
    for idx, it in enumerate(items):
        iso = _country_reading(it, table)
        if not iso:
            continue
        word = _key(it.surface)
        if " " not in word and not _is_acronym(it.surface) and (
                person_vote(it.surface) or (it.label == "PERSON" and word in person_words)):
            contested[idx] = iso
            continue
        country_of[idx] = iso
        named_countries.add(iso)
    states_named = Counter(table.subdivisions[k] for k in {_key(it.surface) for it in items if it.label == "GPE"}
                           if k in table.subdivisions)
    for idx, it in enumerate(items):  # capitals; those that often mean something else need their country named
        if idx in country_of or idx in contested:
            continue
        iso = _capital_reading(it, table, person_words, person_vote, named_countries, states_named)
        if iso:
            country_of[idx] = iso
    evidence = set(country_of.values())
    for idx, iso in contested.items():
        # A person when labelled so; otherwise the country when the story names it in another way too
        # ("Amman", "Hashemite Kingdom of Jordan"); otherwise the word goes with the people (label noise).
        if items[idx].label != "PERSON" and iso in evidence:
            country_of[idx] = iso

    groups: list[_Group] = []
    countries: dict[str, _Group] = {}
    rest: list[tuple[_Item, _Name | None]] = []
    for idx, it in enumerate(items):
        iso = country_of.get(idx)
        if iso:
            g = countries.get(iso)
            if g is None:
                g = countries[iso] = _Group("country", iso, display=table.display.get(iso) or it.surface)
                groups.append(g)
            g.add(it)
        else:
            name = _person_name(it.surface) if it.label == "PERSON" else None
            if (name is not None and name.size == 1 and not name.initials and not person_vote(it.surface)
                    and not name.raw & any_name_words):
                name = None  # "Instagram" labelled PERSON once and ORG five times, no such person: label noise
            rest.append((it, name))

    people = _merge_people([(it, n) for it, n in rest if n is not None])
    others = _merge_others([it for it, n in rest if n is None], people, votes)
    groups.extend(people.groups)
    groups.extend(others)
    return [g for g in groups if g.merged_into is None]


def _country_reading(it: _Item, table: _Countries) -> str | None:
    """The country this mention names by name or code (not by its capital), if any."""
    text = it.surface
    defined = _DEFINITION.match(text)
    if defined:
        text = defined.group("long")
    iso = _country_by_name(text)
    if iso is None and it.label == "GPE" and text.isupper() and len(text) == 3:
        iso = table.alpha3.get(text)
    if iso is None:
        return None
    if it.label == "NORP" and _is_acronym(text):
        return None
    return iso


def _capital_reading(it: _Item, table: _Countries, person_words: set[str], person_vote: Callable[[str], bool],
                     named: set[str], states_named: Counter) -> str | None:
    """The country a capital stands for, if it does here."""
    if it.label not in ("GPE", "ORG", "LOC"):
        return None
    hit = table.capitals.get(_key(it.surface))
    if hit is None:
        return None
    iso, unsure = hit
    key = _key(it.surface)
    if any(w in person_words for w in key.split()) and (unsure or person_vote(it.surface)):
        return None  # "Washington" beside George Washington
    if iso not in named:
        return None  # "talks in Moscow" in a story that never names Russia: the city, not an entity it never names
    home = table.subdivisions.get(key)
    if unsure and home and states_named[home] - 1 >= STATE_LIST_MIN:
        return None  # "Colorado, Oregon, Washington and Alaska": the state
    return iso


class _People:
    """Person groups indexed by name word: which people can a (partial) name be?"""

    def __init__(self, groups: list[_Group]) -> None:
        self.groups = groups
        self.by_word: dict[str, list[tuple[_Group, _Name]]] = defaultdict(list)
        for g in groups:
            self.add(g)

    def add(self, group: _Group) -> None:
        for n in group.names:
            for w in n.tokens | n.raw:
                self.by_word[w].append((group, n))

    def homes(self, name: _Name) -> list[_Group]:
        words = name.raw if name.size == 1 and not name.initials else name.tokens
        rarest = min(words, key=lambda w: len(self.by_word.get(w, ())))
        found: dict[int, _Group] = {}
        for g, n in self.by_word.get(rarest, ()):
            if name.covered_by(n):
                root = _root(g)
                found[id(root)] = root
        return list(found.values())


def _merge_people(forms: list[tuple[_Item, _Name]]) -> _People:
    """Group person surfaces: same word set (any order) is one person; a partial name joins its only container."""
    by_name: dict[_Name, _Group] = {}
    for it, name in forms:
        g = by_name.get(name)
        if g is None:
            g = by_name[name] = _Group("person", it.surface, names=[name])
        g.add(it)
    names = sorted(by_name, key=lambda n: (-n.size, -len(n.initials)))
    index = _People(list(by_name.values()))
    # Maximal names (contained in no larger compatible name) each start a person; equal word sets share one.
    clusters: list[_Group] = []
    same_words: dict[frozenset[str], list[_Group]] = defaultdict(list)
    pending: list[_Name] = []
    for name in names:
        words = name.raw if name.size == 1 and not name.initials else name.tokens
        rarest = min(words, key=lambda w: len(index.by_word.get(w, ())))
        if any(o.size > name.size and name.covered_by(o) for _, o in index.by_word[rarest]):
            pending.append(name)
            continue
        home = next((c for c in same_words[name.tokens]
                     if any(name.covered_by(o) or o.covered_by(name) for o in c.names)), None)
        if home is None:
            clusters.append(by_name[name])
            same_words[name.tokens].append(by_name[name])
        else:
            home.absorb(by_name[name])
    # Partial names: join the one person whose names cover them; two candidates -> ambiguous, stays apart.
    people = _People(clusters)
    ambiguous = []
    for name in pending:
        homes = people.homes(name)
        if len(homes) == 1:
            homes[0].absorb(by_name[name])
        else:
            ambiguous.append(by_name[name])
    for g in ambiguous:
        people.add(g)
    people.groups = [c for c in clusters + ambiguous if c.merged_into is None]
    return people


def _merge_others(items: list[_Item], people: _People, votes: dict[str, Counter]) -> list[_Group]:
    """Organisations, places, groups, events: one key, corporate suffixes, acronyms; name-like mentions of a
    person that spaCy labelled ORG/GPE join that person."""
    groups: dict[str, _Group] = {}
    links: list[tuple[str, str]] = []  # ("X (ACR)" definitions): long key, acronym
    norp_keys = {_key(it.surface) for it in items if it.label == "NORP"}
    for it in items:
        surface = it.surface
        defined = _DEFINITION.match(surface)
        if defined:
            links.append((_strip_corp(_key(defined.group("long"))), _acronym_form(defined.group("short"))))
        key = _acronym_form(surface) if _is_acronym(surface) else _strip_corp(_key(surface))
        if it.label == "NORP" and key.endswith("s") and key[:-1] in norp_keys:
            key = key[:-1]  # "Republicans" with "Republican"
        g = groups.get(key)
        if g is None:
            g = groups[key] = _Group("other", key)
        g.add(it)

    # Acronyms: an all-capitals key joins the one multi-word group whose initials it is.
    by_initials: dict[str, list[_Group]] = defaultdict(list)
    for key, g in groups.items():
        if " " not in key:
            continue
        for s in g.surfaces:
            ini = _initials_of(_DEFINITION.match(s).group("long") if _DEFINITION.match(s) else s)
            if ini and g not in by_initials[ini]:
                by_initials[ini].append(g)
    for long_key, acr in links:
        if long_key in groups and acr in groups and groups[long_key] is not groups[acr]:
            _root(groups[long_key]).absorb(_root(groups[acr]))
    for key, g in groups.items():
        if g.merged_into is not None or " " in key:
            continue
        if key.isupper():
            acronym = key
        elif len(key) >= 3 and all(s[:1].isupper() and s[1:].islower() and s.isalpha() for s in g.surfaces):
            acronym = key.upper()  # "Nato", "Nasa": acronyms written as words
            written = groups.get(acronym)
            if written is not None and _root(written) is not g:
                _root(written).absorb(g)  # "Nasa" and "NASA"
                continue
            if len(key) < 4:
                continue
        else:
            continue
        owners = {id(_root(o)): _root(o) for o in by_initials.get(acronym, [])}
        if len(owners) == 1:
            owner = next(iter(owners.values()))
            if owner is not g:
                owner.absorb(g)

    # Company short names: "Ford" is "Ford Motor Co." when that is the one company whose name it starts and
    # whose other words only say what it does.
    by_first: dict[str, list[_Group]] = defaultdict(list)
    for key, g in groups.items():
        words = key.split()
        if len(words) > 1 and g.merged_into is None and _majority(g) == "ORG" and set(words[1:]) <= _COMPANY_WORDS:
            by_first[words[0]].append(g)
    for key, g in groups.items():
        if g.merged_into is None and " " not in key and _majority(g) == "ORG" and len(by_first.get(key, ())) == 1:
            by_first[key][0].absorb(g)

    # Person names that spaCy labelled something else: "Ishiba" (ORG), "Biden" (GPE), "Biden and Ishiba" (ORG).
    org_first_words = {k.split()[0] for k, g in groups.items()
                       if " " in k and g.labels.get("ORG", 0) > 0
                       and not re.search(r"\band\b", k) and not _looks_like_person_of(k, people)}
    for key, g in list(groups.items()):
        if g.merged_into is not None or g.kind != "other":
            continue
        if any(lab not in ("ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART") for lab in g.labels):
            continue
        if " " not in key and key in org_first_words:
            continue  # "Ford" beside "Ford Motor": the company
        # "Victoria" the state beside Victoria Beckham stays a place; spaCy labels many surnames GPE ("Bloomberg"),
        # so only places the tables know, and never labelled PERSON in the story, stay places.
        if (_majority(g) in _PLACE_LABELS and _known_place(key)
                and not any(votes[_key(s)]["PERSON"] for s in g.surfaces)):
            continue
        target = _person_for(g, people)
        if target is not None:
            target.absorb(g)
            continue
        parts = _conjoined(g, people)
        if parts:
            for person in parts:
                for lab, n in g.labels.items():
                    person.labels[lab] = person.labels.get(lab, 0) + n
                for d in g.docs:
                    person.docs.setdefault(d, None)
                person.count += g.count
            g.merged_into = parts[0]
    return [g for g in groups.values() if g.merged_into is None]


def _known_place(key: str) -> bool:
    table = _countries()
    return key in table.capitals or key in table.subdivisions or key in table.names


def _majority(g: _Group) -> str:
    return max(g.labels, key=lambda lab: g.labels[lab])


def _looks_like_person_of(key: str, people: _People) -> bool:
    name = _person_name(key)
    return name is not None and bool(people.homes(name))


def _person_for(g: _Group, people: _People) -> _Group | None:
    """The one person every surface of g names (by words and initials), or None."""
    homes: dict[int, _Group] = {}
    for s in g.surfaces:
        name = _person_name(s)
        if name is None:
            return None
        found = people.homes(name)
        if len(found) != 1:
            return None
        homes[id(found[0])] = found[0]
    return next(iter(homes.values())) if len(homes) == 1 else None


def _conjoined(g: _Group, people: _People) -> list[_Group]:
    """"Biden and Ishiba": when every part names exactly one person, those people."""
    if len(g.surfaces) != 1:
        return []
    surface = next(iter(g.surfaces))
    parts = re.split(r"\s+(?:and|&)\s+|,\s*", surface)
    if len(parts) < 2:
        return []
    found = []
    for part in parts:
        name = _person_name(part)
        if name is None:
            return []
        homes = people.homes(name)
        if len(homes) != 1:
            return []
        found.append(homes[0])
    return found


# ---------------------------------------------------------------- entities and the resolver


def _entity_name(g: _Group) -> str:
    if g.kind == "country" and g.display:
        return g.display
    if g.kind == "person":
        def rank(s: str):
            n = _person_name(s)
            size = n.size if n else 0
            inits = len(n.initials) if n else 0
            if size == 1 and inits:
                size = 1.5  # "J. D. Barrale" says more than "Barrale"
            return (_looks_garbled(s), -size, -g.surfaces[s], inits, g.first_seen[s])
        best = min(g.surfaces, key=rank)
        return _strip_title(best)

    def rank_other(s: str):
        defined = _DEFINITION.match(s)
        words = len(_key(defined.group("long") if defined else s).split())
        return (-words, defined is not None, -g.surfaces[s], g.first_seen[s])
    best = min(g.surfaces, key=rank_other)
    defined = _DEFINITION.match(best)
    return defined.group("long") if defined else best


_PARTICLES = frozenset("van von de da del della der den di du la le bin ibn al el y dos das do ter ten zu af".split())


def _looks_garbled(surface: str) -> bool:
    """A person span that swallowed other text: a lower-case word that is no name particle ("Julia Roberts'
    half-sister"), a word in capitals ("CLOSE Yu Darvish"), brackets, slashes or a spaced dash."""
    if re.search(r"[()/|\[\]]| [-–—] ", surface):
        return True
    for word in _strip_title(surface).split(" "):
        bare = word.strip(".,'’")
        if not bare:
            continue
        if bare[0].islower() and bare.lower() not in _PARTICLES:
            return True
        if len(bare) >= 3 and bare.isupper() and bare.isalpha():
            return True
    return False


def _entity_type(g: _Group) -> str:
    if g.kind == "person":
        return "PERSON"
    if g.kind == "country":
        return "GPE"
    order = {lab: i for i, lab in enumerate(_LABEL_ORDER)}
    return min(g.labels, key=lambda lab: (-g.labels[lab], order.get(lab, len(order)), lab))


def _build_entities(groups: list[_Group]) -> tuple[list[Entity], dict[str, list[int]], list[tuple[int, _Group]]]:
    groups = sorted(groups, key=lambda g: (-g.count, min(g.first_seen.values())))
    entities: list[Entity] = []
    alias_index: dict[str, list[int]] = defaultdict(list)
    people: list[tuple[int, _Group]] = []
    for i, g in enumerate(groups):
        name = _entity_name(g)
        aliases: dict[str, str] = {}
        for s in sorted(g.surfaces, key=lambda s: (-g.surfaces[s], g.first_seen[s])):
            aliases.setdefault(straighten(s).casefold(), s)  # "Israel" and "israel" are one alias
        entities.append(Entity(name=name, type=_entity_type(g), aliases=tuple(aliases.values()),
                               sources=tuple(g.docs), mentions=g.count))
        for s in [*aliases.values(), name]:
            keys = {_key(s), _key(_strip_title(s))} if g.kind == "person" else {_key(s)}
            for k in keys:
                if k and i not in alias_index[k]:
                    alias_index[k].append(i)
        if g.kind == "person":
            people.append((i, g))
    return entities, dict(alias_index), people


def _after_role(words: list[str], resolve: Callable[[str], str | None]) -> str | None:
    """Resolve the name after a role: "South Korean President Yoon", "Secretary of State Antony Blinken".
    The name must follow a title, so "Biden's spokesman" is never Biden ("Japan's Prime Minister Shigeru Ishiba" is
    Ishiba); never past a word that makes the speaker someone else: "adviser to Biden", "a spokesman for Apple"."""
    for j in range(1, len(words)):
        head = words[:j]
        last = head[-1]
        if last.lower() in _BLOCKERS:
            return None
        if not any(_is_title(w) for w in head) or last.lower() == "of" or _POSSESSIVE.search(straighten(last)):
            continue
        if "of" in head[:-1] and not head[head.index("of") + 1][:1].isupper():
            return None  # "Secretary of State Blinken" is Blinken; "spokesperson of the Kremlin" is not
        tail = " ".join(words[j:])
        if tail[:1].isupper():
            found = resolve(tail)
            if found is not None:
                return found
    return None


def _resolver(entities: list[Entity], alias_index: dict[str, list[int]], people: list[tuple[int, _Group]]
              ) -> Callable[[str], str | None]:
    table = _countries()
    country_entity = {}
    for i, e in enumerate(entities):
        if e.type == "GPE":
            iso = _country_by_name(e.name)
            if iso:
                country_entity[iso] = i
    acronyms: dict[str, set[int]] = defaultdict(set)
    for i, e in enumerate(entities):
        for s in (e.name, *e.aliases):
            ini = _initials_of(s)
            if ini and len(ini) >= 2:
                acronyms[ini].add(i)
    memo: dict[str, str | None] = {}

    def pick(found: Iterable[int]) -> str | None:
        found = list(dict.fromkeys(found))
        if len(found) == 1:
            return entities[found[0]].name
        persons = [i for i in found if entities[i].type == "PERSON"]
        return entities[persons[0]].name if len(persons) == 1 else None

    def resolve_name(text: str) -> str | None:
        key = _key(text)
        if not key:
            return None
        if key in alias_index:
            return pick(alias_index[key])
        name = _person_name(text)
        if name is not None:
            found = [i for i, g in people if any(name.covered_by(o) for o in g.names)]
            if found:
                return pick(found) if len(found) == 1 else None
        iso = _country_by_name(text)
        if iso is None:
            cap = table.capitals.get(key)
            iso = cap[0] if cap else None
        if iso is not None and iso in country_entity:
            return entities[country_entity[iso]].name
        if _is_acronym(text):
            found = acronyms.get(_acronym_form(text), set())
            if len(found) == 1:
                return entities[next(iter(found))].name
        return None

    def canonical(surface: str) -> str | None:
        if surface in memo:
            return memo[surface]
        text = _clean(surface or "") if len(surface or "") <= MAX_SURFACE else ""
        result = None
        if text and any(c.isupper() for c in text):
            result = resolve_name(text) if text[0].isupper() or text[0].isdigit() else None
            if result is None:
                result = _after_role(text.split(" "), resolve_name)
        elif text and _key(text) in alias_index:  # a lower-case name only as seen ("he" never is one)
            result = pick(alias_index[_key(text)])
        memo[surface] = result
        return result

    return canonical
