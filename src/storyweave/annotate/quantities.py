"""Numbers with what they count: "up to 12,000 North Korean troops" -> value 12000, qualifier "up to",
counts "North Korean troops".

find_quantities(body, sdoc) -> list[Quantity]

How: every number token of the spaCy parse (digits, number words, "dozen", vague plurals such as "thousands") is
grown into a core (currency sign, scale word "billion"/"m", range "10,000-12,000"); a qualifier is read from the words
just before it; the unit and the thing counted come from the dependency parse (the noun the number modifies, its
compound/amod children, or the "of" phrase after a unit or a vague amount). Years, calendar dates, clock times,
ordinals and identifiers ("Article 51", "Group of 20") are skipped.

Issue 16: currencies and units glued to the number or written after it ("RM79", "USD10m", "640bhp", "85 sq m",
"130 km/h"), ranges whose ends both carry the unit ("from $10 to $15 billion", "between 20kHz and 25kHz"), spelled
compounds ("forty-one thousand two hundred six"), the numeral "one", numbers inside names ("Pixel 7 Pro", "Nikkei
225 index", "41 Harbour Street", "tied 3-3") skipped. `kind` (money, percent, duration, distance, ... count) comes
from the unit; `change` is "up"/"down" for a rise or fall of a measure, else the bound the qualifier states
("<", ">", "~") or "=". For an amount with a unit (money, percentages, durations, distances, ...) and nothing
counted next to it, `counts` is what the sentence says it is of (the subject of the verb, "revenue rose 5%", "the
debris field stretched for seven miles"). `per` is what a rate is per ("$58 per barrel"); a bare number takes the
unit of the amount it leaves it to ("435 homes ... and 187 by tender"). The word lists are in
data/quantities.json.
"""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from storyweave import resources
from storyweave.annotate.clauses import clause_spans
from storyweave.model import Quantity

# ---------------------------------------------------------------- vocabularies (data/quantities.json)

_LEX = json.loads((Path(__file__).with_name("data") / "quantities.json").read_text(encoding="utf-8"))
_WORD_NUMBERS: dict[str, int] = _LEX["word_numbers"]
_MULTIPLICATIVES: dict[str, int] = _LEX["multiplicatives"]
_TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_SCALES: dict[str, float] = {k: float(v) for k, v in _LEX["scales"].items()}
_BIG_SCALES = {"thousand", "million", "billion", "trillion"}
# vague amounts: the word is the qualifier, the value stays None
_VAGUE = {"dozens", "scores", "hundreds", "thousands", "millions", "billions", "trillions", "tens"}
_CURRENCY_SIGNS: dict[str, str] = _LEX["currency_signs"]
_DOLLAR_COUNTRIES: dict[str, str] = _LEX["dollar_countries"]
_CURRENCY_WORDS: dict[str, str] = _LEX["currency_words"]
_CURRENCY_ADJ: dict[str, str] = _LEX["currency_adjectives"]
_CURRENCIES = set(_CURRENCY_SIGNS.values()) | set(_CURRENCY_WORDS.values())
_SUBUNITS: dict[str, list[str]] = _LEX["subunits"]
_UNIT_TABLE: dict[str, list[str]] = _LEX["units"]
_CASE_UNITS: dict[str, list[str]] = _LEX["case_units"]
_UNITS = {k: v[0] for k, v in _UNIT_TABLE.items()}
_UNIT_KIND = {v[0]: v[1] for v in list(_UNIT_TABLE.values()) + list(_CASE_UNITS.values()) + list(_SUBUNITS.values())
              + list(_LEX["spaced_units"].values())}
_MAX_UNIT_WORDS = max(len(k.split()) for k in _UNIT_TABLE)
_QUALIFIER_CHANGE: dict[str, str] = _LEX["qualifier_change"]
_CHANGE_UP = set(_LEX["change_up"])
_CHANGE_DOWN = set(_LEX["change_down"])
_STREET_WORDS = set(_LEX["street_words"])
_FRACTIONS: dict[str, float] = _LEX["fractions"]
_RATE_WORDS = set(_LEX["rate_words"])
_RATE_NOT_BEFORE = set(_LEX["rate_not_before"])
_SPACED_UNITS: dict[str, list[str]] = _LEX["spaced_units"]
_AGE_UNIT = "year of age"
# a bare number takes the unit of a neighbour at most this many times larger or smaller (NewsQuant dev: the
# elliptic numbers there are within 5x of their neighbour; a count of 5 beside 2,380,000 yen is another thing)
ELLIPSIS_RATIO = 20.0
_TIME_DEICTIC = {"last", "next", "this", "previous", "following", "past", "coming"}
_TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
_ORDINAL_RE = re.compile(r"^\d+(st|nd|rd|th)$", re.I)
_ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                  "eleventh", "twelfth", "hundredth", "thousandth", "millionth"}
_DIGITS_RE = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")
_SUFFIXED_RE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(m|mn|bn|b|k|tn|trn)$", re.I)
_RANGE_RE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)[-\u2013\u2014](\d[\d,]*(?:\.\d+)?)$")
_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
           "february", "march", "april", "june", "july", "august", "september", "october", "november", "december"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# entity types whose numbers are names or identifiers, not amounts
_NAME_ENTS = {"ORDINAL", "LAW", "ORG", "PRODUCT", "EVENT", "WORK_OF_ART", "FAC", "GPE", "PERSON", "NORP", "LOC"}
_QUALIFIER_RE = re.compile(
    r"(?:\b(?:up to|more than|less than|fewer than|at least|at most|as many as|as few as|as much as|as little as|"
    r"no more than|no fewer than|over than|no less than|not more than|just over|just under|well over|well under|"
    r"close to|upwards of|in excess of|an estimated|estimated|approximately|about|around|nearly|almost|roughly|"
    r"some|over|under|below|above|only|just|between|exactly|a total of|a further|another|an additional)"
    r"|~|>|<)\s*$",
    re.I)
_IDENTIFIER_BEFORE = re.compile(r"\b(?:group|article|section|chapter|no|number|resolution|flight|route|highway|"
                                r"room|page|paragraph|rule|amendment|title|clause|level|phase|stage|grade|"
                                r"category|channel|gate|platform|apollo|covid|g)\.?\s*(?:of\s+)?$", re.I)
_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:\s|,|$)")
_DATE_BEFORE = re.compile(rf"\b{_MONTH_RE}\s+$")
_RANGE_JOIN = {"-", "\u2013", "\u2014", "to", "and"}
_MAX_COUNTS_TOKENS = 10


_GLUED_RE = re.compile(r"^(?P<pre>[^\d\s]{0,7}?)(?P<num>\d[\d,]*(?:\.\d+)?)(?P<suf>[^\d\s]{0,10})$")
_SIGNS = {"-": -1.0, "\u2212": -1.0, "minus-": -1.0, "+": 1.0, "plus-": 1.0}
_PREFIX_QUALIFIERS = {"~": "~", "sub-": "sub", "<": "<", ">": ">"}


class _Glued:
    """One token read as a number with what is written onto it: "RM79", "USD10", "640bhp", "-1.3", "sub-300"."""

    __slots__ = ("value", "currency", "unit", "sign", "qualifier")

    def __init__(self, value: float, currency: str | None = None, unit: str | None = None, sign: float = 1.0,
                 qualifier: str | None = None) -> None:
        self.value, self.currency, self.unit, self.sign, self.qualifier = value, currency, unit, sign, qualifier


def _unit_key(word: str, exact_case: bool) -> str | None:
    """Canonical unit of a unit word ("miles" -> "mile", "kHz" -> "kilohertz"), or None."""
    if exact_case and word in _CASE_UNITS:
        return _CASE_UNITS[word][0]
    low = word.lower()
    for w in (low, low[:-1] if low.endswith("s") and len(low) > 2 else None,
              low[:-2] if low.endswith("es") and len(low) > 3 else None):
        if w and w in _UNIT_TABLE and (len(w) > 1 or exact_case):
            return _UNIT_TABLE[w][0]
    return None


def _glued(text: str, after_sign: bool = False) -> _Glued | None:
    """A number token with a glued prefix (currency, sign, "sub-", "~") or suffix (scale, unit); None otherwise.
    after_sign: the token follows a currency sign directly ("$" "US113" -> USD)."""
    m = _GLUED_RE.match(text)
    if not m:
        return None
    pre, num, suf = m.group("pre"), m.group("num"), m.group("suf")
    try:
        value = float(num.replace(",", ""))
    except ValueError:
        return None
    g = _Glued(value)
    if pre:
        low = pre.lower()
        if low in _SIGNS:
            g.sign = _SIGNS[low]
        elif low in _PREFIX_QUALIFIERS:
            g.qualifier = _PREFIX_QUALIFIERS[low]
        elif low in _CURRENCY_SIGNS and (low != "ps" or pre == "PS"):
            g.currency = _CURRENCY_SIGNS[low]
        elif low.startswith("-") and low[1:] in _CURRENCY_SIGNS:
            g.sign, g.currency = -1.0, _CURRENCY_SIGNS[low[1:]]
        elif after_sign and low in _DOLLAR_COUNTRIES:
            g.currency = _DOLLAR_COUNTRIES[low]
        elif low != "to-":
            return None
    if suf:
        if suf in ("-", "%"):
            g.unit = "%" if suf == "%" else None
            return g
        low = suf.lower()
        whole = _unit_key(suf, True) if len(suf) > 1 or suf in _CASE_UNITS or suf == "l" else None
        if whole is not None and low not in _SCALES:
            g.unit = whole
            return g
        scale = next((k for k in sorted(_SCALES, key=len, reverse=True) if low.startswith(k)), None)
        if scale is not None and (suf[:len(scale)].islower() or g.currency or after_sign) and len(scale) < 4 \
                and (len(low) == len(scale) or _unit_key(suf[len(scale):], True)):
            g.value *= _SCALES[scale]
            rest = suf[len(scale):]
            if rest:
                g.unit = _unit_key(rest, True)
            return g
        return None
    return g


def _number_value(text: str) -> float | None:
    """The value of one number token: "12,000" -> 12000, "ten" -> 10, "1.2m" -> 1200000, "RM79" -> 79."""
    t = text.strip().lower()
    if t in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[t])
    if t in _MULTIPLICATIVES:
        return float(_MULTIPLICATIVES[t])
    m = _SUFFIXED_RE.match(t)
    if m:
        try:
            return float(m.group(1).replace(",", "")) * _SCALES[m.group(2).lower()]
        except ValueError:
            return None
    if _DIGITS_RE.match(t):
        try:
            return float(t.replace(",", ""))
        except ValueError:
            return None
    if "-" in t:  # "twenty-five"
        parts = t.split("-")
        if len(parts) == 2 and parts[0] in _WORD_NUMBERS and parts[1] in _WORD_NUMBERS:
            return float(_WORD_NUMBERS[parts[0]] + _WORD_NUMBERS[parts[1]])
    g = _glued(text.strip())
    if g is not None:
        return g.sign * g.value
    return None


def _tok_glued(tok: Any) -> _Glued | None:
    doc = tok.doc
    after_sign = tok.i > 0 and doc[tok.i - 1].text in ("$",) and not doc[tok.i - 1].whitespace_
    return _glued(tok.text, after_sign)


def _is_number(tok: Any) -> bool:
    low = tok.lower_
    if low in _ORDINAL_WORDS or _ORDINAL_RE.match(low):
        return False
    if low in _VAGUE or low == "dozen":
        return True
    if low in ("hundred", "thousand", "million", "billion", "trillion"):  # "a thousand", "several million"
        return tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("a", "several", "few", "many")
    if _RANGE_RE.match(low):
        return True
    if _number_value(low) is not None:
        return True
    return _tok_glued(tok) is not None


def _is_year(tok: Any, sdoc: Any) -> bool:
    t = tok.text
    if not (len(t) == 4 and t.isdigit() and 1800 <= int(t) <= 2100):
        return False
    head = tok.head
    # "2,000 troops" is written with a comma; "2000 troops" (a plural noun counted) is kept as a number
    return not (tok.dep_ == "nummod" and head.i > tok.i and head.tag_ == "NNS" and tok.ent_type_ != "DATE")


def _is_duration_entity(tok: Any) -> bool:
    """Inside a DATE/TIME entity, keep numbers of durations ("two years", "40-minute"), skip calendar dates."""
    if tok.ent_type_ not in ("DATE", "TIME") or _age_phrase(tok):
        return True
    doc = tok.doc
    a = _ent_start(tok)
    b = tok.i
    while b + 1 < len(doc) and doc[b + 1].ent_iob_ == "I":
        b += 1
    words = [t.lower_.rstrip(".") for t in doc[a:b + 1]]
    if any(w in _MONTHS or w in _WEEKDAYS for w in words):
        return False
    if any(w in ("p.m", "a.m", "pm", "am", "o'clock") for w in words):
        return False
    if "ago" in words and not any(w in _BIG_SCALES for w in words):
        return False  # "three years ago" is a date; "150 million years ago" is a span of time
    nxt = doc[tok.i + 1:tok.i + 4]
    if any(t.lemma_.lower() in _TIME_UNITS or t.lower_.rstrip("s") in _TIME_UNITS for t in nxt):
        return True
    if _is_year(tok, tok.doc):
        return False
    # an amount the tagger took for a date: a currency or a unit on it ("$32280", "640bhp", "9 ksi"), or nothing in
    # the entity but numbers and function words ("which is 50000", "between 15kHz and 17kHz")
    g = _tok_glued(tok)
    if g is not None and (g.unit or g.currency) or _sign_currency(doc, tok.i) is not None:
        return True
    if tok.i + 1 < len(doc) and _unit_after(doc, tok.i + 1, False) is not None:
        return True
    return all(not t.is_alpha or _is_number(t) or t.lower_ in _QUALIFIER_WORDS for t in doc[a:b + 1]
               if t.i != tok.i) and tok.lower_ not in _WORD_NUMBERS


def _ent_start(tok: Any) -> int:
    i = tok.i
    while i > 0 and tok.doc[i].ent_iob_ == "I":
        i -= 1
    return i


def _entity_has_name(tok: Any) -> bool:
    """A name entity with words in it ("Apollo 11"), not a bare number the tagger mislabelled ("747 soldiers")."""
    doc = tok.doc
    a = _ent_start(tok)
    b = tok.i
    while b + 1 < len(doc) and doc[b + 1].ent_iob_ == "I":
        b += 1
    return any(t.is_alpha and not _is_number(t) for t in doc[a:b + 1])


_MARKER_RE = re.compile(r"^\d{1,3}(?:[-\u2013]\d{1,3})?$")


def _is_marker(tok: Any, body: str) -> bool:
    """A reference or list marker, not an amount: "... guidelines. 9 , 11 Together", "(1) the", "3. The Kind"."""
    if not _MARKER_RE.match(tok.text):
        return False
    prev = body[:tok.idx].rstrip()
    pc = prev[-1:]
    nxt = body[tok.idx + len(tok.text):tok.idx + len(tok.text) + 40].lstrip()
    if pc == "(" and nxt.startswith(")"):
        return True
    in_list = pc == "," and re.search(r"(?:^|[\s,])\d{1,3}$", prev[:-1].rstrip()) is not None
    following = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if following is not None and (following.lower_ in ("%", "percent", "per") or _unit_key(following.text, False)):
        return False
    if pc not in (".", ";", ":", "") and not in_list:
        return False
    if in_list or (nxt[:1] == "," and nxt[1:].lstrip()[:1].isdigit()) or nxt[:1] in ("\u2013", "-"):
        return True
    if nxt[:1] == "." and nxt[1:].lstrip()[:1].isupper():
        return True
    if nxt[:1].isupper():
        following = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return following is None or following.tag_ not in ("NNS", "NNPS")
    return False


_ONE_PRONOUN_BEFORE = {"the", "this", "that", "each", "every", "no", "any", "which", "a", "some", "another", "last",
                       "only", "such", "little", "big", "new", "old", "right", "wrong", "same", "other", "better"}


def _one_is_number(tok: Any) -> bool:
    """"one hand", "one of my stores", "one count of fraud", "one million": the numeral, not the pronoun."""
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if prev is not None and (prev.lower_ in _ONE_PRONOUN_BEFORE or prev.tag_ in ("JJ", "JJS", "PRP$", "POS")):
        return False
    if nxt is None:
        return False
    if prev is not None and prev.lower_ == "at" and nxt.lower_ in ("point", "stage", "time", "moment"):
        return False  # "plunging nearly 1,600 points at one point": a time, not an amount
    if nxt.lower_ in _SCALES or _unit_key(nxt.text, False) or nxt.lemma_.lower() in _UNITS:
        return True
    if nxt.lower_ in ("another", "'s", "\u2019s", "by", "after", "day", "time", "way"):
        return False
    if nxt.lower_ == "of" and tok.i + 2 < len(doc):
        return doc[tok.i + 2].tag_ in ("DT", "PRP$", "JJS", "NNS", "NNPS", "NNP", "CD")
    return nxt.pos_ in ("NOUN", "ADJ") and nxt.tag_ != "JJR" and tok.dep_ in ("nummod", "quantmod", "compound")


def _in_name(tok: Any) -> bool:
    """A number inside a name: "iPhone 11 Pro", "Stoxx 600 index", "Euro 2020", "Kick Six"."""
    doc = tok.doc
    if tok.i == 0:
        return False
    prev = doc[tok.i - 1]
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and (nxt.lower_ in ("%", "percent", "per", "-") or _unit_key(nxt.text, False)
                            or _currency_word(nxt) or nxt.lower_ in _SCALES):
        return False
    after = doc[tok.i + 2] if tok.i + 2 < len(doc) else None
    if nxt is not None and after is not None and nxt.tag_ == "NNP" and nxt.text[:1].isupper() \
            and nxt.ent_type_ not in ("NORP", "GPE") and after.pos_ in ("NOUN", "PROPN") and "," not in tok.text \
            and tok.lower_ not in _WORD_NUMBERS and len(tok.text) <= 3 \
            and f"{nxt.lower_} {after.lower_}" not in _CURRENCY_ADJ:
        return True  # a model name: "737 Max jets", "11 Pro Max"
    if not prev.is_alpha or not prev.whitespace_ or prev.ent_type_ == "PERSON":
        return False
    if tok.lower_ in _WORD_NUMBERS:
        # a spelled number capitalised after a capitalised word, mid-sentence
        return tok.text[:1].isupper() and prev.text[:1].isupper() and not prev.is_sent_start
    low = prev.lower_
    if low in _MONTHS or low in _CURRENCY_SIGNS or low in _DOLLAR_COUNTRIES or _currency_word(prev) \
            or low in _QUALIFIER_WORDS:
        return False
    camel = any(c.isupper() for c in prev.text[1:]) and any(c.islower() for c in prev.text)
    proper = prev.tag_ in ("NNP", "NNPS") and prev.text[:1].isupper() and not prev.is_sent_start
    return camel or proper


def _age_phrase(tok: Any) -> bool:
    """A number that an age phrase introduces: "at age 42", "at the age of 81", "aged 36"."""
    doc = tok.doc
    before = [t.lower_ for t in doc[max(0, tok.i - 2):tok.i]]
    if not (before[-1:] in (["age"], ["aged"]) or before == ["age", "of"]):
        return False
    return tok.text.isdigit() and 0 < int(tok.text) <= 120


_PERSON_SUBJECTS = frozenset({"he", "she", "who", "i"})


def _age_complement(tok: Any) -> bool:
    """A bare number a person "is": "Lowe, who was 40 at the time", "she is 29" (not "the toll was 40 people")."""
    if not (tok.text.isdigit() and 0 < int(tok.text) <= 120) or tok.dep_ not in ("attr", "acomp", "npadvmod"):
        return False
    verb = tok.head
    if verb.lemma_ != "be" or tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].pos_ in ("NOUN", "PROPN", "NUM"):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.lower_ in _PERSON_SUBJECTS or subject.ent_type_ == "PERSON")


def _age_after_name(tok: Any) -> bool:
    """An age after a person's name: "Nick Hague 44", "Jamie Armstrong, 25,"."""
    doc = tok.doc
    k = tok.i - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    if k < 0 or doc[k].ent_type_ != "PERSON" or not _DIGITS_RE.match(tok.text):
        return False
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if doc[tok.i - 1].text == "," and (nxt is None or nxt.text != ","):
        return False
    return tok.text.isdigit() and 0 < int(tok.text) <= 120 and (
        nxt is None or nxt.is_punct or nxt.pos_ in ("AUX", "VERB"))


def _in_address(tok: Any) -> bool:
    """A house number: "575 Wilbraham Road", "16-18 Industrial Avenue"."""
    doc = tok.doc
    k = tok.i + 1
    if k + 1 < len(doc) and doc[k].text in ("-", "\u2013") and doc[k + 1].text.isdigit():
        k += 2  # a range of house numbers: "16-18 Industrial Avenue"
    seen = 0
    while k < len(doc) and seen < 4 and doc[k].text[:1].isupper() and doc[k].is_alpha:
        if seen and doc[k].lower_.rstrip(".") in _STREET_WORDS:
            return True
        seen += 1
        k += 1
    return False


def _currency_word(tok: Any) -> str | None:
    low = tok.lower_
    for w in (low, tok.lemma_.lower(), low[:-1] if low.endswith("s") else low):
        if w in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[w]
    return None


_QUALIFIER_WORDS = {"about", "around", "nearly", "almost", "roughly", "approximately", "some", "over", "under",
                    "above", "below", "than", "least", "most", "to", "up", "just", "only", "estimated", "by",
                    "between", "from", "and", "or", "at", "of", "in", "for", "with", "on", "is", "was", "were",
                    "are", "be", "been", "a", "an", "the"}


def _skip(tok: Any, body: str, sdoc: Any) -> bool:
    g = _tok_glued(tok)
    written_on = g is not None and bool(g.unit or g.currency)  # "24pc", "640bhp", "RM79"
    if tok.ent_type_ == "ORDINAL" and not written_on:
        return True
    if _is_marker(tok, body):
        return True
    if tok.ent_type_ in _NAME_ENTS and _entity_has_name(tok) and not written_on and not _age_after_name(tok):
        return True
    if _is_year(tok, sdoc):
        return True
    if not _is_duration_entity(tok):
        return True
    if tok.lower_ == "one" and not _one_is_number(tok):
        return True  # "the one beyond", "no one", "each one": a pronoun, not an amount
    if not written_on and (_in_name(tok) or _in_address(tok)):
        return True
    # an identifier: "Article 51", "Group of 20", "Apollo 11", "COVID-19"
    before = body[max(0, tok.idx - 20):tok.idx]
    if _IDENTIFIER_BEFORE.search(before):
        return True
    if tok.head.i < tok.i and tok.head.pos_ == "PROPN" and tok.dep_ in ("nummod", "appos", "npadvmod") \
            and not written_on and _sign_currency(sdoc, tok.i) is None and not _age_after_name(tok) \
            and not any(t.is_punct for t in sdoc[tok.head.i + 1:tok.i]):
        return True
    if re.search(r"\b(?:1[89]|20)\d\d[-\u2013/]$", body[max(0, tok.idx - 6):tok.idx]):
        return True  # the end of a span of years: "2014-15"
    if tok.i > 0 and body[tok.idx - 1:tok.idx] in ("-", "/") and tok.doc[tok.i - 1].is_alpha is False:
        # "B-1B", "F-16", "COVID-19": a letter right before the hyphen
        j = tok.idx - 2
        if j >= 0 and body[j].isalpha():
            return True
    if tok.idx > 0 and body[tok.idx - 1].isalpha():
        return True
    after = body[tok.idx + len(tok.text):tok.idx + len(tok.text) + 16]
    if re.match(r"[:/]\d", after):
        return True  # clock times "10:30", fractions and dates "11/15"
    if _DATE_AFTER.match(after) or _DATE_BEFORE.search(body[max(0, tok.idx - 12):tok.idx]):
        return True  # "13 September", "Sept. 13" (when the tagger missed the date)
    if re.match(r"-?\s?(?:thirds?|quarters?|halves|half|fifths?|tenths?)\b", after, re.I):
        return True  # fractions: "two-thirds"
    if re.fullmatch(r"0\d+", tok.text):
        return True  # "0401 GMT", "007": a clock time or a code
    if tok.lower_ == "zero" and tok.head.tag_ != "NNS":
        return True  # "zero tolerance"
    return False


def _core_end(sdoc: Any, i: int) -> int:
    """Grow a number at token i to the right over scale words, ranges and unit signs; returns the last index."""
    n = len(sdoc)
    j = i
    while j + 1 < n:
        nxt = sdoc[j + 1]
        low = nxt.lower_
        if (low in _SCALES or low.rstrip(".") in ("m", "bn", "mn", "k")) \
                and not (low.rstrip(".") in ("m", "b", "k") and sdoc[j].whitespace_):
            j += 1
            continue
        if low in ("hundred", "thousand", "million", "billion", "trillion"):
            j += 1
            continue
        if low == "and" and sdoc[j].lower_ in ("hundred", "thousand", "million") and j + 2 < n \
                and sdoc[j + 2].lower_.split("-")[0] in _WORD_NUMBERS:
            j += 2  # "one hundred and three"
            continue
        if sdoc[j].lower_ in ("hundred", "thousand", "million", "billion") and low.split("-")[0] in _WORD_NUMBERS \
                and low not in ("one", "dozen") and sdoc[i].lower_.split("-")[0] in _WORD_NUMBERS:
            j += 1  # "twenty-eight thousand six hundred"
            continue
        if low in ("-", "\u2013") and sdoc[j].lower_ in _TENS and j + 2 < n and not sdoc[j].whitespace_ \
                and sdoc[j + 2].lower_ in _WORD_NUMBERS and _WORD_NUMBERS[sdoc[j + 2].lower_] < 10:
            j += 2  # "forty-two" split by the tokenizer
            continue
        if low in _RANGE_JOIN and j + 2 < n and _is_number(sdoc[j + 2]) and sdoc[j + 2].lower_ not in _VAGUE:
            if low == "and" and not _between_before(sdoc, i):
                break
            j += 2
            continue
        if low == "%":
            j += 1
        break
    return j


def _between_before(sdoc: Any, i: int) -> bool:
    return i > 0 and sdoc[i - 1].lower_ == "between"


def _value_of_core(tokens: list[Any]) -> tuple[float | None, float | None, str | None]:
    """(value, high, vague word) of the core tokens."""
    words = [t.lower_ for t in tokens]
    vague = next((w for w in words if w in _VAGUE), None)
    if vague:
        return None, None, vague
    values: list[float] = []
    total = 0.0
    current: float | None = None

    def flush() -> None:
        nonlocal total, current
        if current is not None or total:
            values.append(float(f"{total + (current or 0.0):.12g}"))  # 4.1 * 1e9 is 4100000000, not ...99.9999995
        total, current = 0.0, None

    for k, w in enumerate(words):
        if w == "hundred":
            current = (current if current is not None else 1.0) * 100
            continue
        if w in _BIG_SCALES or (w in _SCALES and current is not None):
            total += (current if current is not None else 1.0) * _SCALES[w]
            current = None
            continue
        if w == "and" and k > 0 and words[k - 1] in ("hundred", "thousand", "million") and k + 1 < len(words) \
                and words[k + 1].split("-")[0] in _WORD_NUMBERS:
            continue  # "one hundred and three": one number
        if w in ("-", "\u2013") and k > 0 and k + 1 < len(words) and words[k - 1] in _TENS \
                and words[k + 1] in _WORD_NUMBERS and _WORD_NUMBERS[words[k + 1]] < 10:
            continue  # "twenty-five"
        if w in _RANGE_JOIN:
            flush()
            continue
        rm = _RANGE_RE.match(w)
        if rm:
            values.append(float(rm.group(1).replace(",", "")))
            current = float(rm.group(2).replace(",", ""))
            continue
        v = _number_value(tokens[k].text)
        if v is None and w.rstrip(".") in _SCALES and current is not None:
            total += current * _SCALES[w.rstrip(".")]  # "PS2.7m." at a sentence end
            current = None
            continue
        if v is None:
            g = _tok_glued(tokens[k])
            v = g.sign * g.value if g is not None else None
        if v is not None:
            current = v if current is None else current + v
    flush()
    if not values:
        return None, None, None
    if len(values) >= 2:
        lo, hi = _scaled_range(values[0], values[-1])
        return lo, hi, None
    return values[0], None, None


def _scaled_range(lo: float, hi: float) -> tuple[float, float]:
    """"10-12 million", "$10 to $15 billion": the scale of the upper bound applies to the lower one; low first."""
    if 0 < lo < hi and hi >= 1000 and lo < 1000 and hi / max(lo, 1) > 100:
        for s in (1e3, 1e6, 1e9, 1e12):
            if lo * s <= hi < lo * s * 100:
                lo *= s
                break
    return (lo, hi) if lo <= hi else (hi, lo)


def _np_text(body: str, head: Any, stop_before: int | None = None) -> tuple[str, int, int]:
    """A noun with its left modifiers (compound, amod, nmod, poss chain): "North Korean troops"."""
    left = head.i
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod", "punct", "case", "nummod", "quantmod"):
            sub = list(child.subtree)
            if stop_before is not None and sub[0].i <= stop_before:
                continue
            if any(_is_number(t) for t in sub):
                continue
            left = min(left, sub[0].i)
    # keep the span contiguous: drop leading punctuation/possessive markers
    doc = head.doc
    while left < head.i and (doc[left].is_punct or doc[left].dep_ in ("case", "det")):
        left += 1
    start, end = doc[left].idx, head.idx + len(head.text)
    return body[start:end], start, end


def _of_phrase(body: str, head: Any, preps: tuple[str, ...] = ("of",)) -> tuple[str, int, int] | None:
    """The noun phrase of a prepositional child: "thousands of (troops)"."""
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in preps:
            pobj = next((c for c in child.rights if c.dep_ == "pobj"), None)
            if pobj is None:
                return None
            sub = [t for t in pobj.subtree]
            # cut relative clauses and long appositions; keep coordinated nouns ("artillery, missiles and arms")
            keep_end = pobj.i
            for t in sub:
                if t.i > pobj.i and t.dep_ in ("relcl", "acl", "prep", "punct") and t.head.i == pobj.i \
                        and t.dep_ != "punct":
                    break
                if t.i > pobj.i:
                    keep_end = t.i
            keep_end = min(keep_end, pobj.i + _MAX_COUNTS_TOKENS)
            doc = head.doc
            while keep_end > pobj.i and (doc[keep_end].is_punct or doc[keep_end].dep_ in ("cc", "det", "prep")):
                keep_end -= 1
            left = pobj.i
            for t in pobj.lefts:
                left = min(left, t.left_edge.i)
            while left < pobj.i and doc[left].dep_ in ("det", "predet") or (left < pobj.i and doc[left].is_punct):
                left += 1
            start = doc[left].idx
            end = doc[keep_end].idx + len(doc[keep_end].text)
            return body[start:end], start, end
    return None


def _unit_of(tok_lemma: str, tok_lower: str) -> str | None:
    if tok_lower in _UNITS:
        return _UNITS[tok_lower]
    if tok_lemma in _UNITS:
        return _UNITS[tok_lemma]
    if tok_lower.endswith("s") and tok_lower[:-1] in _UNITS:
        return _UNITS[tok_lower[:-1]]
    return None


def _currency_of(tok: Any) -> str | None:
    low = tok.lower_
    lemma = tok.lemma_.lower()
    for w in (low, lemma, low.rstrip("s")):
        if w in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[w]
    return None


def find_quantities(body: str, sdoc: Any = None) -> list[Quantity]:
    """Every amount in `body` with its value, unit, qualifier and what it counts; offsets into `body`."""
    if not body or not body.strip():
        return []
    if sdoc is None:
        sdoc = resources.nlp()(body)
    out: list[Quantity] = []
    used: set[int] = set()
    n = len(sdoc)
    i = 0
    while i < n:
        tok = sdoc[i]
        if i in used or not _is_number(tok) or _skip(tok, body, sdoc):
            i += 1
            continue
        q = _build(body, sdoc, i)
        if q is None:
            i += 1
            continue
        quantity, last = q
        if out and quantity.start < out[-1].end:
            out[-1] = _trimmed(body, out[-1], quantity.start)
        if out and quantity.change == "=" and out[-1].change not in (None, "=") and quantity.kind == out[-1].kind \
                and re.fullmatch(r"\s*[(/]\s*", body[out[-1].end:quantity.start]):
            # the same amount in another unit: "just under 296 hp (224 kW / 300 PS)", "fell 1C (1.8F)"
            quantity = dataclasses.replace(quantity, change=out[-1].change)
        out.append(quantity)
        used.update(range(i, last + 1))
        i = last + 1
    return [dataclasses.replace(x, clause=clause_spans(sdoc, x.start, x.end)) for x in _elliptic(body, sdoc, out)]


def _elliptic(body: str, sdoc: Any, out: list[Quantity]) -> list[Quantity]:
    """A bare number that leaves its unit to a neighbour in the same sentence takes it: "435 homes ... and 187 by
    tender", "84.75 cents, while the lowest is 74.07", "a 7- or 8-inch screen", "eight or nine euros". The neighbour
    is the nearest amount before it with a unit or a counted thing (the next one when none is before, or when the
    number ends in a hyphen or is joined to it by "or", "and", "to"), of a like size (within ELLIPSIS_RATIO:
    "2,380,000" does not take "5 speed"); an amount in brackets is a conversion ("2,435,000 YEN ($22,480)") and is
    passed over. The level a rise or fall ends at takes the change's unit whatever its size ("rose 64.06 points to
    4,577.10", "lost 162.31 points, or 2.14%, to 7,425.81"), unless the change is a percentage ("fell 2% to 1,234")."""
    bare = [k for k, q in enumerate(out) if q.unit is None and q.counts is None and q.value is not None]
    if not bare:
        return out
    bounds = [(s.start_char, s.end_char) for s in sdoc.sents]

    def sent_of(q: Quantity) -> int:
        return next((k for k, (a, b) in enumerate(bounds) if a <= q.start < b), -1)

    def bracketed(q: Quantity) -> bool:
        return body[max(0, q.start - 2):q.start].rstrip().endswith("(") and body[q.end:q.end + 2].lstrip() \
            .startswith(")")

    def donor(q: Quantity, v: float, level_of: bool = False, age: bool = False) -> bool:
        if q.unit is None and q.counts is None or (q.unit == _AGE_UNIT and not age) or bracketed(q) \
                or q.value is None:
            return False
        if level_of and q.change in ("up", "down") and q.kind not in ("percent", "count"):
            return True  # the level a change ends at: "rose 64.06 points to 4,577.10", "up 3 cents at 74.07"
        a, b = abs(q.value), abs(v)
        return max(a, b) <= ELLIPSIS_RATIO * max(min(a, b), 1e-9)

    result = list(out)
    for k in bare:
        q = out[k]
        sk = sent_of(q)
        v = q.value if q.value is not None else 0.0
        level = bool(re.search(r"\b(?:to|at)\s*$", body[max(0, q.start - 6):q.start]))
        before = [m for m in range(k - 1, -1, -1) if sent_of(out[m]) == sk and donor(
            out[m], v, level and all(out[x].kind == "percent" for x in range(m + 1, k)))]
        suspended = q.text.endswith(("-", "\u2013"))  # "14- and 15-year-old girls": an age lends itself only so
        after = [m for m in range(k + 1, len(out)) if sent_of(out[m]) == sk and donor(out[m], v, age=suspended)]
        # coordinated with the next amount: "eight or nine euros", "a 7- or 8-inch screen"
        joined = bool(after) and bool(re.fullmatch(r"\s*(?:or|and|to|/)\s*", body[q.end:out[after[0]].start]))
        pick = (after[:1] if suspended or joined else []) or before[:1] or after[:1]
        if not pick or bracketed(q):
            continue
        d = out[pick[0]]
        kind = d.kind if d.unit is not None else "count"
        counts = d.counts if d.unit is None else None
        text, end = q.text, q.end
        if suspended:
            text, end = q.text.rstrip("-\u2013"), q.end - 1
        result[k] = dataclasses.replace(q, unit=d.unit, per=d.per, kind=kind, counts=counts, text=text, end=end)
    return result


def _lookup_unit(phrase: str) -> str | None:
    for w in (phrase, phrase[:-1] if phrase.endswith("s") else None, phrase[:-2] if phrase.endswith("es") else None):
        if w and w in _UNIT_TABLE:
            return _UNIT_TABLE[w][0]
    return None


def _unit_after(sdoc: Any, k0: int, money: bool) -> tuple[str | None, int] | None:
    """A unit written right after the number (from token k0): "miles per hour", "sq m", "km/h", "-hp", "per cent",
    "degrees Celsius", "Chinese yuan", "euros", "cents"; (unit, its last token). (None, k) for a currency the amount
    already has ("$75 U.S.")."""
    n = len(sdoc)
    if k0 >= n or k0 == 0:
        return None
    k = k0
    glued_hyphen = sdoc[k].text in ("-", "\u2013") and not sdoc[k - 1].whitespace_ and not sdoc[k].whitespace_
    if glued_hyphen:
        k += 1  # "40-minute", "185-hp"
    if k >= n:
        return None
    adjacent = k == k0
    if money and sdoc[k].lower_ in ("u.s.", "us") and sdoc[k].text[:1] == sdoc[k].text[:1].upper():
        return None, k  # "$75 U.S. per barrel"
    for width in range(min(_MAX_UNIT_WORDS + 1, n - k), 0, -1):
        toks = sdoc[k:k + width]
        if any(t.is_punct and t.text not in ("/", "-") for t in toks) or any("\n" in t.whitespace_ for t in toks[:-1]):
            continue
        if width == 1 and adjacent and toks[0].text in _CASE_UNITS:
            return _CASE_UNITS[toks[0].text][0], k
        if width == 1 and adjacent and not money and toks[0].text in _SPACED_UNITS and sdoc[k - 1].whitespace_ \
                and (k + 1 >= n or sdoc[k + 1].is_punct or sdoc[k + 1].pos_ in ("ADP", "VERB", "AUX", "CCONJ")):
            return _SPACED_UNITS[toks[0].text][0], k  # "(5,900 m)", "a 100 m sprint" is not: a noun follows
        words = [t.lower_ for t in toks]
        # written apart or glued ("km / h", "km/h"); glued only when no space is between ("100 m in" is not "min")
        joined = "".join(words) if not any(t.whitespace_ for t in toks[:-1]) else None
        for phrase in (" ".join(words), joined):
            if phrase is None:
                continue
            unit = _lookup_unit(phrase)
            if unit is None:
                continue
            if len(phrase) == 1 and not (adjacent and phrase in ("m", "l", "g")):
                continue  # a lone letter is a unit only right after the number: "5 m", "1.5 l"
            if width == 1 and toks[0].lower_ in ("time", "times", "point", "points", "degree", "degrees") \
                    and toks[0].pos_ == "VERB":
                continue
            return unit, k + width - 1
    if glued_hyphen:
        return None
    tok = sdoc[k]
    code = _currency_word(tok)
    if code:
        return code, k
    if tok.lower_ in _SUBUNITS:
        return _SUBUNITS[tok.lower_][0], k
    # "7,199 Chinese yuan", "8.99 Australian dollars", "9.99 New Zealand dollars"
    for width in (2, 1):
        adj = " ".join(t.lower_ for t in sdoc[k:k + width])
        if adj in _CURRENCY_ADJ and k + width < n and _currency_word(sdoc[k + width]):
            return _CURRENCY_ADJ[adj], k + width
    return None


def _sign_currency(sdoc: Any, i: int) -> tuple[str, int] | None:
    """A currency written before the number at token i: "$", "US$", "€", "HK $", "USD"; (code, first token)."""
    if i == 0:
        return None
    tok = sdoc[i - 1]
    low = tok.lower_
    if low not in _CURRENCY_SIGNS or (tok.text.isalpha() and not tok.text.isupper()):
        return None
    if tok.is_alpha and low == "ps" and tok.text != "PS":
        return None
    code, first = _CURRENCY_SIGNS[low], i - 1
    # a country written before the dollar sign: "HK $3.7 billion", "US $58.24", "S $1mil"
    if low == "$" and first > 0:
        prev = sdoc[first - 1]
        if prev.lower_ in _DOLLAR_COUNTRIES and prev.text[:1].isupper() and len(prev.text) <= 4:
            code, first = _DOLLAR_COUNTRIES[prev.lower_], first - 1
    return code, first


def _change_of(sdoc: Any, first: int, qualifier: str | None, signed: str | None,
               unit: str | None, kind: str | None) -> str:
    """"up" / "down" when the amount is a rise or a fall ("rose 5%", "up 19 cents", "-1.3%"); else "=", "~", "<", ">"
    from the qualifier ("about" -> "~", "up to" -> "<", "more than" -> ">"); "=" otherwise. An amount of things
    counted is not a change ("added ten users", "lost three games"), nor is a level ("fell 3% to $84": $84 is "=")."""
    bound = None
    if qualifier:
        q = qualifier.lower()
        for key in sorted(_QUALIFIER_CHANGE, key=len, reverse=True):
            if q == key or q.startswith(key + " "):
                bound = _QUALIFIER_CHANGE[key]
                break
        if bound is None and (q in _VAGUE or q.split()[-1:] and q.split()[-1] in _VAGUE):
            bound = "~"
    if bound in ("<", ">"):
        return bound
    if signed and unit in ("%", "point", "percentage point", "basis point"):
        return "down" if signed == "-" else "up"
    if kind not in (None, "count"):
        k = first - 1
        while k >= 0 and (sdoc[k].lower_ in ("by", "a", "an", "another", "only", "just") or
                          sdoc[k].lower_ in _QUALIFIER_CHANGE or
                          sdoc[k].lower_ in _CURRENCY_SIGNS and not sdoc[k].is_alpha):
            k -= 1
        if k >= 0 and sdoc[k].is_alpha and sdoc[k].dep_ != "prt":
            w = sdoc[k].lower_
            if w in _CHANGE_UP:
                return "up"
            if w in _CHANGE_DOWN:
                return "down"
    return bound or "="


def _kind_of(unit: str | None, value: float | None, vague: str | None) -> str | None:
    if unit is None:
        return "count" if value is not None or vague else None
    if unit in _CURRENCIES or _UNIT_KIND.get(unit) == "money":
        return "money"
    if unit == _AGE_UNIT:
        return "duration"
    return _UNIT_KIND.get(unit, "other")


def _context_counts(body: str, anchor: Any) -> tuple[str, int, int] | None:
    """What an amount with a unit (money, a percentage, a duration, a distance) is of, when the sentence says it
    elsewhere: the subject of the verb it is the object of ("revenue rose 5%", "the deal was worth $3bn"), or the
    noun an "of"/"at" phrase hangs on ("a net profit of $100 million")."""
    tok = anchor
    for _ in range(4):
        head = tok.head
        if head.i == tok.i:
            return None
        if tok.dep_ == "pobj" and head.pos_ == "ADP" and head.lower_ in ("of", "at", "to", "by", "for", "from",
                                                                         "around", "about", "near"):
            owner = head.head
            if owner.pos_ in ("NOUN", "PROPN") and head.lower_ in ("of", "at") and owner.i < tok.i:
                return _np_text(body, owner)
            tok = head
            continue
        if head.pos_ in ("VERB", "AUX") or head.lower_ in ("up", "down", "worth"):
            verb = head if head.pos_ in ("VERB", "AUX") else head.head
            if verb.pos_ not in ("VERB", "AUX"):
                return None
            subj = next((c for c in verb.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
                subj = next((c for c in verb.head.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.pos_ in ("NOUN", "PROPN") and subj.i < anchor.i:
                return _np_text(body, subj)
            return None
        if tok.dep_ in ("prep", "npadvmod", "advmod", "dobj", "attr", "appos", "nummod", "quantmod"):
            tok = head
            continue
        return None
    return None


def _trimmed(body: str, q: Quantity, stop: int) -> Quantity:
    """`q` ending before `stop`, where the next amount begins inside what it counts ("five-year $700000 award")."""
    end = max(q.start, stop)
    while end > q.start and (body[end - 1].isspace() or body[end - 1] in "(,;:-"):
        end -= 1
    return dataclasses.replace(q, text=body[q.start:end], end=end)


def _build(body: str, sdoc: Any, i: int) -> tuple[Quantity, int] | None:
    n = len(sdoc)
    start_i = i
    # "tens of thousands", "hundreds of thousands": one vague amount
    if sdoc[i].lower_ in ("tens", "hundreds") and i + 2 < n and sdoc[i + 1].lower_ == "of" \
            and sdoc[i + 2].lower_ in ("thousands", "millions", "billions"):
        end_i = i + 2
        vague: str | None = f"{sdoc[i].lower_} of {sdoc[i + 2].lower_}"
        value = high = None
    else:
        end_i = _core_end(sdoc, i)
        value, high, vague = _value_of_core(list(sdoc[i:end_i + 1]))
        if value is None and vague is None:
            return None
        if high is not None and high == value and re.fullmatch(r"\d+[-\u2013]\d+", body[sdoc[i].idx:sdoc[end_i].idx
                                                                                    + len(sdoc[end_i].text)]):
            return None  # a score or a pairing, not a range: "tied at 89-89"
        if high is not None and all(re.fullmatch(r"1\d{3}|20\d\d", t.text) for t in (sdoc[i], sdoc[end_i])):
            return None  # a span of years: "between 1600 and 1900"
    # "a dozen", "half a million"
    if start_i > 0 and sdoc[start_i].lower_ in ("dozen", "hundred", "thousand", "million", "billion") \
            and sdoc[start_i - 1].lower_ in ("a", "an"):
        start_i -= 1
    # "several thousand", "a few hundred": vague
    prev2 = body[max(0, sdoc[start_i].idx - 10):sdoc[start_i].idx].lower()
    lead = re.search(r"\b(several|many|a few|few)\s+$", prev2)
    if lead and sdoc[end_i].lower_ in ("hundred", "thousand", "million", "billion", "dozen"):
        vague = f"{lead.group(1)} {sdoc[end_i].lower_}"
        value = high = None
    unit: str | None = None
    g_first, g_last = _tok_glued(sdoc[i]), _tok_glued(sdoc[end_i])
    signed = None
    glued_qualifier = None
    if g_first is not None:
        unit = g_first.currency
        glued_qualifier = g_first.qualifier
        if g_first.sign < 0:
            signed = "-"
        elif sdoc[i].text.startswith("+"):
            signed = "+"
    if g_last is not None and g_last.unit and unit is None:
        unit = g_last.unit
    # currency sign before the number: "$2.5 billion", "US$3", "£3bn", "HK $3.7 billion"
    sc = _sign_currency(sdoc, start_i)
    if sc is not None:
        unit = unit or sc[0]
        if g_first is not None and g_first.currency and sc[0] == "USD":
            unit = g_first.currency  # "$A82,615,680", "$US113 trillion"
        start_i = sc[1]
    if sdoc[end_i].lower_ == "%":
        unit = "%"
    begin = sdoc[start_i].idx
    finish = sdoc[end_i].idx + len(sdoc[end_i].text)
    # qualifier from the words before
    qualifier: str | None = None
    before = body[max(0, begin - 30):begin]
    qm = _QUALIFIER_RE.search(before)
    q_start = begin
    if qm:
        qualifier = re.sub(r"\s+", " ", qm.group(0).strip()).lower()
        q_start = begin - (len(before) - qm.start())
        if qualifier == "between" and high is None:
            qualifier = None
            q_start = begin
    if glued_qualifier and qualifier is None:
        qualifier = glued_qualifier
    if lead and vague:
        q_start = min(q_start, begin - (len(prev2) - lead.start()))
    if vague:
        qualifier = f"{qualifier} {vague}" if qualifier and qualifier not in ("some", "about", "around") \
            else vague
    last = end_i
    unit_last: int | None = None
    if unit is None and high is None and (_age_after_name(sdoc[i]) or _age_phrase(sdoc[i])
                                          or _age_complement(sdoc[i])):
        unit = _AGE_UNIT
    if unit is None or unit in _CURRENCIES:
        ua = _unit_after(sdoc, end_i + 1, unit in _CURRENCIES)
        if ua is not None and (unit is None or ua[0] is None):
            unit = unit or ua[0]
            unit_last = ua[1]
            last = ua[1]
            finish = sdoc[last].idx + len(sdoc[last].text)
    # a range written with its unit or currency on both ends: "from $10 to $15 billion", "5% to 7%",
    # "between 15kHz and 17kHz", "from 252 miles to 287 miles"
    if value is not None and high is None and vague is None:
        rng = _range_after(body, sdoc, start_i, last, unit)
        if rng is not None:
            v2, unit2, last2, unit_word2 = rng
            value, high = _scaled_range(value, v2)
            unit = unit or unit2
            if unit_word2:
                unit_last = last2  # "from 252 miles to 287 miles": the second unit word leads to what is counted
            last = last2
            finish = sdoc[last].idx + len(sdoc[last].text)
            end_i = max(end_i, last)
    resume = max(last, end_i)  # the tokens of what is counted may hold other amounts: "a 7- or 8-inch screen"
    amount_last = resume
    # the head of the core in the parse: the core token whose head lies outside the core
    core_idx = set(range(start_i, end_i + 1))
    head_tok = next((t for t in reversed(sdoc[start_i:end_i + 1]) if t.head.i not in core_idx or t.head.i == t.i),
                    sdoc[end_i])
    counts: str | None = None
    c_end = finish
    noun = None
    unit_noun = False
    if unit_last is not None and unit_last > end_i:
        noun, unit_noun = sdoc[unit_last], True
    if noun is None:
        if head_tok.dep_ in ("nummod", "compound", "quantmod", "amod", "nmod") and head_tok.head.i > end_i:
            noun = head_tok.head
    if noun is not None and not unit_noun and any(_is_number(t) for t in sdoc[end_i + 1:noun.i]):
        noun = None  # "Stoxx 50 -1.3%": another number stands between
    if noun is not None and not unit_noun and any(t.lower_ in _TIME_DEICTIC for t in sdoc[end_i + 1:noun.i]):
        noun = None  # "2.1 last year": a time said after the amount, not what it counts
    if noun is not None and (unit_noun or noun.i > last):
        if not unit_noun:
            # the number attaches to a noun: a unit ("two years"), a currency word, or the thing counted
            unit_word = _unit_of(noun.lemma_.lower(), noun.lower_)
            currency = _currency_of(noun) if unit is None else None
            if currency:
                unit, last, unit_noun = currency, noun.i, True
            elif unit_word and unit is None:
                unit, last, unit_noun = unit_word, noun.i, True
            if unit_noun:
                resume = max(resume, last)
        if unit_noun:  # the noun was a unit: what is counted is the unit's head or its "of" phrase
            finish = noun.idx + len(noun.text)
            nxt = sdoc[noun.i + 1:noun.i + 3]
            old = noun.head if noun.head.lower_ == "old" and 0 < noun.head.i - noun.i <= 2 else \
                next((t for t in nxt if t.lower_ == "old"), None) if unit == "year" else None
            if old is not None and unit == "year":  # an age: "25-year-old coach", "50 year-old man"
                finish, last = old.idx + len(old.text), old.i
                resume = max(resume, last)
                noun = old
                unit = _AGE_UNIT
            target = noun.head if noun.dep_ in ("compound", "nmod", "amod", "npadvmod") and noun.head.i > noun.i \
                and noun.head.pos_ in ("NOUN", "PROPN") else None
            if target is None and old is not None and old.i + 1 < n and sdoc[old.i + 1].pos_ == "NOUN":
                target = sdoc[old.i + 1]
            if target is not None:
                counts, _, c_end = _np_text(body, target, stop_before=noun.i)
                last = target.i
            else:
                ph = _of_phrase(body, noun, ("of", "in") if unit in _CURRENCIES else ("of",))
                if ph:
                    counts, _, c_end = ph
        else:
            if noun.pos_ in ("NOUN", "PROPN") or noun.tag_ in ("NNS", "NN"):
                counts, c_start, c_end = _np_text(body, noun, stop_before=end_i)
                last = noun.i
                ph = _of_phrase(body, noun)
                if ph and ph[1] >= c_end:
                    counts, c_end = body[c_start:ph[2]], ph[2]
    elif noun is None:
        # the number is the head: "thousands of troops", "$2.5 billion in military aid", "5,000 of the troops"
        preps = ("of", "in", "for") if unit and unit not in ("%",) else ("of",)
        anchor = sdoc[last]
        ph = _of_phrase(body, anchor, preps) or _of_phrase(body, head_tok, preps)
        if ph:
            counts, _, c_end = ph
    if counts is None and unit is None:
        # a misparse ("1.2m people" read as a coordination): take the adjacent noun phrase after the number
        k = last + 1
        while k < n and k <= last + 4 and sdoc[k].pos_ in ("ADJ", "PROPN", "NOUN") and not sdoc[k].is_punct \
                and sdoc[k].lower_ not in _TIME_DEICTIC:
            if sdoc[k].pos_ == "NOUN" and (k + 1 >= n or sdoc[k + 1].pos_ != "NOUN"):
                c_end = sdoc[k].idx + len(sdoc[k].text)
                counts, last = body[sdoc[last + 1].idx:c_end], k
                break
            k += 1
    if unit == "%" and counts is None and noun is not None:
        ph = _of_phrase(body, noun)
        if ph:
            counts, _, c_end = ph
    if counts is not None and "\n" in body[finish:c_end]:
        counts, c_end = None, finish  # a phrase does not run across paragraphs
    kind = _kind_of(unit, value, vague)
    per = None
    if unit is not None and unit != _AGE_UNIT:
        if unit_noun and noun is not None:
            amount_last = max(amount_last, noun.i)
        rate = _rate_after(sdoc, amount_last + 1, unit)
        if rate is not None:
            per, combined, per_last = rate
            per_start, per_end = sdoc[amount_last + 1].idx, sdoc[per_last].idx + len(sdoc[per_last].text)
            if sdoc[per_last].text.endswith(".") and per_last + 1 >= n:
                per_end -= 1  # "per sq m." closing the text
            if counts is not None and c_end > per_start and body.find(counts, per_start, per_end) >= 0:
                counts, c_end = None, finish  # "100km/hr": the noun after the slash is the rate, not the thing
            if combined is not None:
                unit, per, kind = combined, None, _kind_of(combined, value, vague)
            finish = max(finish, per_end)
            resume = max(resume, per_last)
    end = max(finish, c_end if counts else finish)
    if counts is None and kind not in (None, "count"):
        ctx = _context_counts(body, noun if unit_noun and noun is not None else head_tok)
        if ctx is not None and "\n" not in body[min(ctx[1], q_start):max(ctx[2], end)]:
            counts = ctx[0]  # said elsewhere in the sentence: the quantity's text stays the amount
    text = body[q_start:end]
    if counts is not None:
        counts = re.sub(r"\s+", " ", counts).strip(" ,;:-") or None
    change = _change_of(sdoc, start_i, qualifier, signed, unit, kind)
    quantity = Quantity(text=text, value=value, high=high, unit=unit, qualifier=qualifier, counts=counts,
                        start=q_start, end=end, kind=kind, change=change, per=per)
    return quantity, resume


def _rate_after(sdoc: Any, k: int, unit: str) -> tuple[str, str | None, int] | None:
    """What an amount is per, written from token k on: "per barrel", "an ounce", "a year", "/hr", "-a-day";
    (per: a unit name or the singular noun, the unit the two make together when the table has one ("km/hr" ->
    "kilometre per hour"), the last token), or None. "5% a year ago" is a time, not a rate."""
    n = len(sdoc)
    j = k
    if j < n and sdoc[j].text in ("-", "\u2013") and not sdoc[j - 1].whitespace_:
        j += 1  # "barrel-a-day"
    if j >= n or sdoc[j].lower_ not in _RATE_WORDS:
        return None
    word = sdoc[j].lower_
    j += 1
    if j < n and sdoc[j].text in ("-", "\u2013") and word in ("a", "an"):
        j += 1
    if j >= n:
        return None
    found: tuple[str, int] | None = None
    for width in (2, 1):
        toks = sdoc[j:j + width]
        if len(toks) < width or any(t.is_punct for t in toks) or any(t.whitespace_.count("\n") for t in toks[:-1]):
            continue
        phrase = " ".join(t.lower_ for t in toks).rstrip(".")
        u = _lookup_unit(phrase) if len(phrase) > 1 else None
        if u is not None:
            found = (u, j + width - 1)
            break
    if found is None:
        t = sdoc[j]
        if t.tag_ != "NN" or not t.is_alpha or len(t.text) < 2:
            return None  # a singular common noun: "per barrel", "a share"; not "a few", "an Apple"
        found = (t.lemma_.lower(), j)
    per, last = found
    hyphenated = j > k + 1 and sdoc[j - 1].text in ("-", "\u2013")
    if word in ("a", "an", "each", "every") and not hyphenated and last + 1 < n \
            and (sdoc[last + 1].lower_ in _RATE_NOT_BEFORE or sdoc[last + 1].pos_ in ("NOUN", "PROPN", "NUM")):
        return None  # "a year ago", "a year or two", "a share price", "a day 3"; "per barrel and" is a rate
    combined = _lookup_unit(f"{sdoc[k - 1].lower_}/{sdoc[j].lower_}") if word == "/" else None
    if combined is None and word == "/":
        combined = _lookup_unit(f"{unit.lower()}/{sdoc[j].lower_}")
    return per, combined, last


def _range_after(body: str, sdoc: Any, first: int, last: int, unit: str | None
                 ) -> tuple[float, str | None, int, bool] | None:
    """The upper end of a range whose ends each carry the unit: (value, unit, last token, whether that token is a
    unit word), or None."""
    n = len(sdoc)
    k = last + 1
    if k + 1 >= n or sdoc[k].lower_ not in ("to", "-", "\u2013", "and"):
        return None
    lead = [t.lower_ for t in sdoc[max(0, first - 4):first]]
    framed = "from" in lead or "between" in lead
    if sdoc[k].lower_ == "and" and "between" not in lead:
        return None
    j = k + 1
    cur = None
    sc = _sign_currency(sdoc, j + 1) if j + 1 < n else None
    if sc is not None and sc[1] == j:
        cur, j = sc[0], j + 1
    if j >= n or not _is_number(sdoc[j]) or sdoc[j].lower_ in _VAGUE or _skip(sdoc[j], body, sdoc):
        return None
    e2 = _core_end(sdoc, j)
    v2, h2, vg2 = _value_of_core(list(sdoc[j:e2 + 1]))
    if v2 is None or h2 is not None:
        return None
    g2 = _tok_glued(sdoc[j])
    g2e = _tok_glued(sdoc[e2])
    unit2 = cur or (g2.currency if g2 else None) or (g2e.unit if g2e else None) or ("%" if sdoc[e2].lower_ == "%"
                                                                                      else None)
    last2 = e2
    unit_word = False
    if unit2 is None or unit2 in _CURRENCIES:
        ua = _unit_after(sdoc, e2 + 1, unit2 in _CURRENCIES)
        if ua is not None:
            unit2 = unit2 or ua[0]
            last2, unit_word = ua[1], True
    if unit is not None and unit2 is not None and unit != unit2:
        return None
    if (unit is None or unit2 is None) and not framed:
        return None
    if unit is None and unit2 is None:
        return None  # bare numbers are joined by _core_end
    if not framed:
        # "rose 5% to 7%" is a change and its new level, not a range
        p = first - 1
        while p >= 0 and (sdoc[p].lower_ in ("by", "about", "around", "nearly", "some")):
            p -= 1
        if p >= 0 and (sdoc[p].lower_ in _CHANGE_UP or sdoc[p].lower_ in _CHANGE_DOWN):
            return None
    return v2, unit2, last2, unit_word
