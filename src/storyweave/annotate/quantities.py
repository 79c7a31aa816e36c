"""Numbers with what they count: "up to 12,000 North Korean troops" -> value 12000, qualifier "up to",
counts "North Korean troops".

find_quantities(body, sdoc) -> list[Quantity]

How: every number token of the spaCy parse (digits, number words, "dozen", vague plurals such as "thousands") is
grown into a core (currency sign, scale word "billion"/"m", range "10,000-12,000"); a qualifier is read from the words
just before it; the unit and the thing counted come from the dependency parse (the noun the number modifies, its
compound/amod children, or the "of" phrase after a unit or a vague amount). Years, calendar dates, clock times,
ordinals and identifiers ("Article 51", "Group of 20") are skipped.
"""
from __future__ import annotations

import re
from typing import Any

from storyweave import resources
from storyweave.model import Quantity

# ---------------------------------------------------------------- vocabularies

_WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
_TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3, "tn": 1e12, "trn": 1e12}
# vague amounts: the word is the qualifier, the value stays None
_VAGUE = {"dozens", "scores", "hundreds", "thousands", "millions", "billions", "trillions", "tens"}
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "a$": "AUD",
                   "c$": "CAD", "hk$": "HKD"}
_CURRENCY_WORDS = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
                   "won": "KRW", "rupee": "INR", "ruble": "RUB", "rouble": "RUB", "franc": "CHF", "peso": "MXN",
                   "sterling": "GBP"}
_UNITS = {
    "percent": "%", "%": "%", "pct": "%", "percentage": "percentage point",
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week", "month": "month",
    "year": "year", "decade": "decade", "century": "century",
    "km": "km", "kilometer": "km", "kilometre": "km", "mile": "mile", "meter": "m", "metre": "m", "foot": "ft",
    "feet": "ft", "inch": "inch", "kg": "kg", "kilogram": "kg", "ton": "t", "tonne": "t", "barrel": "barrel",
    "acre": "acre", "hectare": "ha", "mph": "mph", "degree": "degree", "gallon": "gallon", "litre": "l",
    "liter": "l", "megawatt": "MW", "gigawatt": "GW", "time": "times",
}
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
    r"no more than|no fewer than|no less than|not more than|just over|just under|well over|well under|"
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
_RANGE_JOIN = {"-", "\u2013", "\u2014", "to", "and", "or"}
_MAX_COUNTS_TOKENS = 10


def _number_value(text: str) -> float | None:
    """The value of one number token: "12,000" -> 12000, "ten" -> 10, "1.2m" -> 1200000."""
    t = text.strip().lower()
    if t in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[t])
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
    return None


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
    return _number_value(low) is not None


def _is_year(tok: Any, sdoc: Any) -> bool:
    t = tok.text
    if not (len(t) == 4 and t.isdigit() and 1800 <= int(t) <= 2100):
        return False
    head = tok.head
    # "2,000 troops" is written with a comma; "2000 troops" (a plural noun counted) is kept as a number
    return not (tok.dep_ == "nummod" and head.i > tok.i and head.tag_ == "NNS" and tok.ent_type_ != "DATE")


def _is_duration_entity(tok: Any) -> bool:
    """Inside a DATE/TIME entity, keep numbers of durations ("two years", "40-minute"), skip calendar dates."""
    if tok.ent_type_ not in ("DATE", "TIME"):
        return True
    doc = tok.doc
    a = _ent_start(tok)
    b = tok.i
    while b + 1 < len(doc) and doc[b + 1].ent_iob_ == "I":
        b += 1
    words = [t.lower_.rstrip(".") for t in doc[a:b + 1]]
    if any(w in _MONTHS or w in _WEEKDAYS for w in words):
        return False
    if any(w in ("ago", "p.m", "a.m", "pm", "am", "o'clock") for w in words):
        return False
    nxt = doc[tok.i + 1:tok.i + 4]
    return any(t.lemma_.lower() in _TIME_UNITS or t.lower_.rstrip("s") in _TIME_UNITS for t in nxt)


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
    in_list = pc == "," and prev[:-1].rstrip()[-1:].isdigit()
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


def _skip(tok: Any, body: str, sdoc: Any) -> bool:
    if tok.ent_type_ == "ORDINAL":
        return True
    if _is_marker(tok, body):
        return True
    if tok.ent_type_ in _NAME_ENTS and _entity_has_name(tok):
        return True
    if _is_year(tok, sdoc):
        return True
    if not _is_duration_entity(tok):
        return True
    if tok.lower_ == "one":
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is None or not (nxt.lower_ in _SCALES or nxt.lemma_.lower() in _UNITS):
            return True  # "one of the parts", "the one beyond": a pronoun, not an amount
    # an identifier: "Article 51", "Group of 20", "Apollo 11", "COVID-19"
    before = body[max(0, tok.idx - 20):tok.idx]
    if _IDENTIFIER_BEFORE.search(before):
        return True
    if tok.head.i < tok.i and tok.head.pos_ == "PROPN" and tok.dep_ in ("nummod", "appos", "npadvmod"):
        return True
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
        if low in _SCALES and not (low in ("m", "b", "k") and sdoc[j].whitespace_):
            j += 1
            continue
        if low in ("hundred", "thousand", "million", "billion", "trillion"):
            j += 1
            continue
        if low == "and" and sdoc[j].lower_ in ("hundred", "thousand", "million") and j + 2 < n \
                and sdoc[j + 2].lower_.split("-")[0] in _WORD_NUMBERS:
            j += 2  # "one hundred and three"
            continue
        if low in _RANGE_JOIN and j + 2 < n and _is_number(sdoc[j + 2]) and sdoc[j + 2].lower_ not in _VAGUE:
            if low in ("and", "or") and not (low == "and" and _between_before(sdoc, i)) and low != "or":
                break
            if low == "or" and not _is_number(sdoc[j]):
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
    current: float | None = None
    for k, w in enumerate(words):
        if w in ("hundred", "thousand", "million", "billion", "trillion") or (w in _SCALES and current is not None):
            if current is None:
                current = 1.0
            current *= _SCALES[w]
            continue
        if w == "and" and k > 0 and words[k - 1] in ("hundred", "thousand", "million") and k + 1 < len(words) \
                and words[k + 1].split("-")[0] in _WORD_NUMBERS:
            continue  # "one hundred and three": one number
        if w in ("-", "\u2013") and k > 0 and k + 1 < len(words) and words[k - 1] in _TENS \
                and words[k + 1] in _WORD_NUMBERS and _WORD_NUMBERS[words[k + 1]] < 10:
            continue  # "twenty-five"
        if w in _RANGE_JOIN:
            if current is not None:
                values.append(current)
            current = None
            continue
        rm = _RANGE_RE.match(w)
        if rm:
            values.append(float(rm.group(1).replace(",", "")))
            current = float(rm.group(2).replace(",", ""))
            continue
        v = _number_value(w)
        if v is not None:
            current = v if current is None else current + v
    if current is not None:
        values.append(current)
    if not values:
        return None, None, None
    if len(values) >= 2:
        lo, hi = values[0], values[-1]
        # "10-12 million": the scale of the upper bound applies to the lower one
        if lo < hi and hi >= 1000 and lo < 1000 and hi / max(lo, 1) > 100:
            for s in (1e3, 1e6, 1e9, 1e12):
                if lo * s <= hi < lo * s * 100:
                    lo *= s
                    break
        return lo, hi, None
    return values[0], None, None


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
        out.append(quantity)
        used.update(range(i, last + 1))
        i = last + 1
    return out


def _build(body: str, sdoc: Any, i: int) -> tuple[Quantity, int] | None:
    n = len(sdoc)
    start_i = i
    # "tens of thousands", "hundreds of thousands": one vague amount
    if sdoc[i].lower_ in ("tens", "hundreds") and i + 2 < n and sdoc[i + 1].lower_ == "of" \
            and sdoc[i + 2].lower_ in ("thousands", "millions", "billions"):
        end_i = i + 2
        vague = f"{sdoc[i].lower_} of {sdoc[i + 2].lower_}"
        value = high = None
    else:
        end_i = _core_end(sdoc, i)
        value, high, vague = _value_of_core(list(sdoc[i:end_i + 1]))
        if value is None and vague is None:
            return None
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
    # currency sign before the number: "$2.5 billion", "US$3", "£3bn"
    if start_i > 0 and sdoc[start_i - 1].lower_ in _CURRENCY_SIGNS:
        unit = _CURRENCY_SIGNS[sdoc[start_i - 1].lower_]
        start_i -= 1
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
    if lead and vague:
        q_start = min(q_start, begin - (len(prev2) - lead.start()))
    if vague:
        qualifier = f"{qualifier} {vague}" if qualifier and qualifier not in ("some", "about", "around") \
            else vague
    # the head of the core in the parse: the core token whose head lies outside the core
    core_idx = set(range(start_i, end_i + 1))
    head_tok = next((t for t in reversed(sdoc[start_i:end_i + 1]) if t.head.i not in core_idx or t.head.i == t.i),
                    sdoc[end_i])
    counts: str | None = None
    c_end = finish
    last = end_i
    noun = None
    if unit is None or unit == "%":
        after = sdoc[end_i + 1] if end_i + 1 < n else None
        if after is not None and after.lower_ in ("percent", "pct") and unit is None:
            unit = "%"
            finish = after.idx + len(after.text)
            last = end_i + 1
            noun = after
        elif after is not None and after.lower_ == "per" and end_i + 2 < n and sdoc[end_i + 2].lower_ == "cent":
            unit = "%"
            finish = sdoc[end_i + 2].idx + len(sdoc[end_i + 2].text)
            last = end_i + 2
            noun = sdoc[end_i + 2]
    if noun is None:
        if head_tok.dep_ in ("nummod", "compound", "quantmod", "amod", "nmod") and head_tok.head.i > end_i:
            noun = head_tok.head
        elif head_tok.pos_ in ("NOUN", "PROPN") or head_tok.lower_ in _VAGUE or head_tok.lower_ in _SCALES:
            noun = None  # the number is itself the head: "thousands of troops", "$2.5 billion in aid"
    if noun is not None and noun.i > last:
        # the number attaches to a noun: a unit ("40-minute", "two years"), a currency word, or the thing counted
        unit_word = _unit_of(noun.lemma_.lower(), noun.lower_)
        currency = _currency_of(noun) if unit is None else None
        if currency:
            unit = currency
            last = noun.i
        elif unit_word and unit is None:
            unit = unit_word
            last = noun.i
        if noun.i == last:  # the noun was a unit: what is counted is the unit's head or its "of" phrase
            finish = noun.idx + len(noun.text)
            if noun.head.lower_ == "old" and 0 < noun.head.i - noun.i <= 2:  # an age: "25-year-old coach"
                old = noun.head
                finish, last = old.idx + len(old.text), old.i
                noun = old
            target = noun.head if noun.dep_ in ("compound", "nmod", "amod", "npadvmod") and noun.head.i > noun.i \
                and noun.head.pos_ in ("NOUN", "PROPN") else None
            if target is not None:
                counts, _, c_end = _np_text(body, target, stop_before=noun.i)
                last = target.i
            else:
                ph = _of_phrase(body, noun, ("of", "in") if unit in _CURRENCY_WORDS.values() else ("of",))
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
        while k < n and k <= last + 4 and sdoc[k].pos_ in ("ADJ", "PROPN", "NOUN") and not sdoc[k].is_punct:
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
    end = max(finish, c_end if counts else finish)
    text = body[q_start:end]
    if counts is not None:
        counts = re.sub(r"\s+", " ", counts).strip(" ,;:-") or None
    last_tok = last
    for t in sdoc[last:]:
        if t.idx + len(t.text) <= end:
            last_tok = t.i
        else:
            break
    quantity = Quantity(text=text, value=value, high=high, unit=unit, qualifier=qualifier, counts=counts,
                        start=q_start, end=end)
    return quantity, max(last_tok, end_i)
