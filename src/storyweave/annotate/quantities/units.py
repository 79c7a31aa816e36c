"""Units and currencies: written after the number, before it ("$", "US$", "HK $"), glued to it, as rates ("per barrel",
"km/h"); the kind a unit measures.
"""
from __future__ import annotations

from typing import Any

from storyweave.annotate.quantities.lexicon import (AGE_UNIT, CASE_UNITS, CURRENCIES, CURRENCY_ADJ,
                                                    CURRENCY_CODE_SUFFIXES, CURRENCY_SIGNS,
                                                    CURRENCY_WORDS, DOLLAR_COUNTRIES, MAX_UNIT_WORDS, RATE_NOT_BEFORE,
                                                    RATE_WORDS, SPACED_UNITS, SUBUNITS, UNIT_KIND, UNIT_TABLE, UNITS)


def unit_key(word: str, exact_case: bool) -> str | None:
    """Canonical unit of a unit word ("miles" -> "mile", "kHz" -> "kilohertz"), or None."""
    if exact_case and word in CASE_UNITS:
        return CASE_UNITS[word][0]
    low = word.lower()
    for w in (low, low[:-1] if low.endswith("s") and len(low) > 2 else None,
              low[:-2] if low.endswith("es") and len(low) > 3 else None):
        if w and w in UNIT_TABLE and (len(w) > 1 or exact_case):
            return UNIT_TABLE[w][0]
    return None


def currency_word(tok: Any) -> str | None:
    low = tok.lower_
    if tok.lemma_.lower() == "pound" and _a_weight(tok):
        return None
    for w in (low, tok.lemma_.lower(), low[:-1] if low.endswith("s") else low):
        if w in CURRENCY_WORDS:
            return CURRENCY_WORDS[w]
    return None


def unit_of(tok_lemma: str, tok_lower: str) -> str | None:
    if tok_lower in UNITS:
        return UNITS[tok_lower]
    if tok_lemma in UNITS:
        return UNITS[tok_lemma]
    if tok_lower.endswith("s") and tok_lower[:-1] in UNITS:
        return UNITS[tok_lower[:-1]]
    return None


def currency_of(tok: Any) -> str | None:
    low = tok.lower_
    lemma = tok.lemma_.lower()
    if lemma == "pound" and _a_weight(tok):
        return None
    for w in (low, lemma, low.rstrip("s")):
        if w in CURRENCY_WORDS:
            return CURRENCY_WORDS[w]
    return None


def weight_pound(tok: Any) -> str | None:
    """The weight unit of a 'pound' that weighs (see _a_weight), else None."""
    return "pound" if tok.lemma_.lower() == "pound" and _a_weight(tok) else None


def _a_weight(tok: Any) -> bool:
    """'pounds' that weigh: what something weighs ("it weighs 26 pounds") or a mass of a thing ("400 pounds of
    cocaine"), not money ("paid 40 pounds", "a million pounds of funding" is rare beside "of" + a noun of stuff)."""
    if any(a.lemma_.lower() == "weigh" for a in list(tok.ancestors)[:3]):
        return True
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lower_ == "of" and any(
        c.dep_ == "pobj" and c.pos_ == "NOUN" and c.lemma_.lower() not in _MONEY_NOUNS for c in nxt.children)


_MONEY_NOUNS = frozenset({"funding", "investment", "aid", "debt", "damage", "revenue", "profit", "sterling", "cash",
                          "money", "compensation", "spending", "taxpayer", "savings"})


def _lookup_unit(phrase: str) -> str | None:
    for w in (phrase, phrase[:-1] if phrase.endswith("s") else None, phrase[:-2] if phrase.endswith("es") else None):
        if w and w in UNIT_TABLE:
            return UNIT_TABLE[w][0]
    return None


def unit_after(sdoc: Any, k0: int, money: bool) -> tuple[str | None, int] | None:
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
    for width in range(min(MAX_UNIT_WORDS + 1, n - k), 0, -1):
        toks = sdoc[k:k + width]
        if any(t.is_punct and t.text not in ("/", "-") for t in toks) or any("\n" in t.whitespace_ for t in toks[:-1]):
            continue
        if width == 1 and adjacent and toks[0].text in CASE_UNITS:
            return CASE_UNITS[toks[0].text][0], k
        if width == 1 and adjacent and not money and toks[0].text in SPACED_UNITS and sdoc[k - 1].whitespace_ \
                and (k + 1 >= n or sdoc[k + 1].is_punct or sdoc[k + 1].pos_ in ("ADP", "VERB", "AUX", "CCONJ")):
            return SPACED_UNITS[toks[0].text][0], k  # "(5,900 m)", "a 100 m sprint" is not: a noun follows
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
    code = currency_word(tok)
    if code:
        return code, k
    if money is False and (iso := _iso_code(tok.text)) is not None:
        return iso, k  # an ISO code written after the amount: "150 EUR", "108.79 JPY", "108.79 JPY="
    if tok.lower_ in SUBUNITS:
        return SUBUNITS[tok.lower_][0], k
    # "7,199 Chinese yuan", "8.99 Australian dollars", "9.99 New Zealand dollars"
    for width in (2, 1):
        adj = " ".join(t.lower_ for t in sdoc[k:k + width])
        if adj in CURRENCY_ADJ and k + width < n and currency_word(sdoc[k + width]):
            return CURRENCY_ADJ[adj], k + width
    return None


def _iso_code(text: str) -> str | None:
    """The ISO 4217 code a token after an amount writes ("EUR", the quote code "JPY="), or None."""
    for suffix in CURRENCY_CODE_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[:-len(suffix)]
            break
    if len(text) == 3 and text.isupper() and text.isalpha() and CURRENCY_SIGNS.get(text.lower()) == text:
        return text
    return None


def sign_currency(sdoc: Any, i: int) -> tuple[str, int] | None:
    """A currency written before the number at token i: "$", "US$", "€", "HK $", "USD"; (code, first token)."""
    if i == 0:
        return None
    tok = sdoc[i - 1]
    low = tok.lower_
    if low not in CURRENCY_SIGNS or (tok.text.isalpha() and not tok.text.isupper()):
        return None
    if tok.is_alpha and low == "ps" and tok.text != "PS":
        return None
    code, first = CURRENCY_SIGNS[low], i - 1
    # a country written before the dollar sign: "HK $3.7 billion", "US $58.24", "S$1mil"; a lone letter apart from
    # it is a word ("A $50,000 reward"), not a country
    if low == "$" and first > 0:
        prev = sdoc[first - 1]
        if prev.lower_ in DOLLAR_COUNTRIES and prev.text[:1].isupper() and len(prev.text) <= 4 \
                and not (len(prev.text) == 1 and prev.whitespace_):
            code, first = DOLLAR_COUNTRIES[prev.lower_], first - 1
    return code, first


def kind_of(unit: str | None, value: float | None, vague: str | None) -> str | None:
    if unit is None:
        return "count" if value is not None or vague else None
    if unit in CURRENCIES or UNIT_KIND.get(unit) == "money":
        return "money"
    if unit == AGE_UNIT:
        return "duration"
    return UNIT_KIND.get(unit, "other")


def rate_after(sdoc: Any, k: int, unit: str) -> tuple[str, str | None, int] | None:
    """What an amount is per, written from token k on: "per barrel", "an ounce", "a year", "/hr", "-a-day", "for each
    year";
    (per: a unit name or the singular noun, the unit the two make together when the table has one ("km/hr" ->
    "kilometre per hour"), the last token), or None. "5% a year ago" is a time, not a rate."""
    n = len(sdoc)
    j = k
    if j < n and sdoc[j].text in ("-", "\u2013") and not sdoc[j - 1].whitespace_:
        j += 1  # "barrel-a-day"
    if j + 1 < n and sdoc[j].lower_ == "for" and sdoc[j + 1].lower_ in ("each", "every"):
        j += 1  # "$80,000 for each year in prison"
    if j >= n or sdoc[j].lower_ not in RATE_WORDS:
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
            and (sdoc[last + 1].lower_ in RATE_NOT_BEFORE or sdoc[last + 1].pos_ in ("NOUN", "PROPN", "NUM")):
        return None  # "a year ago", "a year or two", "a share price", "a day 3"; "per barrel and" is a rate
    combined = _lookup_unit(f"{sdoc[k - 1].lower_}/{sdoc[j].lower_}") if word == "/" else None
    if combined is None and word == "/":
        combined = _lookup_unit(f"{unit.lower()}/{sdoc[j].lower_}")
    return per, combined, last
