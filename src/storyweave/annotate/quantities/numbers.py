"""Reading numbers: one token ("12,000", "ten", "1.2m", "RM79", "640bhp"), a core grown over scale words and ranges
("forty-one thousand", "10-12 million"), and its value.
"""
from __future__ import annotations

import re
from typing import Any

from storyweave.annotate.quantities.lexicon import (BIG_SCALES, CASE_UNITS, CURRENCY_SIGNS, DIGITS_RE,
                                                    DOLLAR_COUNTRIES, FRACTIONS, MULTIPLICATIVES, ORDINAL_RE,
                                                    ORDINAL_WORDS, RANGE_JOIN, RANGE_RE, SCALES, SLASH_DENOMINATORS,
                                                    SHARE_JOINS, SHARE_MAX_WHOLE, SLASH_FRACTION_RE, SUFFIXED_RE, TENS,
                                                    TIME_UNITS, VAGUE, VULGAR_FRACTIONS, WORD_NUMBERS)
from storyweave.annotate.quantities.units import unit_key

_GLUED_RE = re.compile(r"^(?P<pre>[^\d\s]{0,7}?)(?P<num>\d[\d,]*(?:\.\d+)?)(?P<suf>[^\d\s]{0,10})$")
_SIGNS = {"-": -1.0, "\u2212": -1.0, "minus-": -1.0, "+": 1.0, "plus-": 1.0}
_PREFIX_QUALIFIERS = {"~": "~", "sub-": "sub", "<": "<", ">": ">"}
_VULGAR_RE = re.compile("^(\\d*)([" + "".join(VULGAR_FRACTIONS) + "])$")


class _Glued:
    """One token read as a number with what is written onto it: "RM79", "USD10", "640bhp", "-1.3", "sub-300"."""

    __slots__ = ("value", "currency", "unit", "sign", "qualifier")

    def __init__(self, value: float, currency: str | None = None, unit: str | None = None, sign: float = 1.0,
                 qualifier: str | None = None) -> None:
        self.value, self.currency, self.unit, self.sign, self.qualifier = value, currency, unit, sign, qualifier


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
        elif low in CURRENCY_SIGNS and (low != "ps" or pre == "PS"):
            g.currency = CURRENCY_SIGNS[low]
        elif low.startswith("-") and low[1:] in CURRENCY_SIGNS:
            g.sign, g.currency = -1.0, CURRENCY_SIGNS[low[1:]]
        elif after_sign and low in DOLLAR_COUNTRIES:
            g.currency = DOLLAR_COUNTRIES[low]
        elif low != "to-":
            return None
    if suf:
        if suf in ("-", "%"):
            g.unit = "%" if suf == "%" else None
            return g
        low = suf.lower()
        whole = unit_key(suf, True) if len(suf) > 1 or suf in CASE_UNITS or suf == "l" else None
        if whole is not None and low not in SCALES:
            g.unit = whole
            return g
        scale = next((k for k in sorted(SCALES, key=len, reverse=True) if low.startswith(k)), None)
        if scale is not None and (suf[:len(scale)].islower() or g.currency or after_sign) and len(scale) < 4 \
                and (len(low) == len(scale) or unit_key(suf[len(scale):], True)):
            g.value *= SCALES[scale]
            rest = suf[len(scale):]
            if rest:
                g.unit = unit_key(rest, True)
            return g
        return None
    return g


def _number_value(text: str) -> float | None:
    """The value of one number token: "12,000" -> 12000, "ten" -> 10, "1.2m" -> 1200000, "RM79" -> 79."""
    t = text.strip().lower()
    if t in WORD_NUMBERS:
        return float(WORD_NUMBERS[t])
    if t in MULTIPLICATIVES:
        return float(MULTIPLICATIVES[t])
    m = SUFFIXED_RE.match(t)
    if m:
        try:
            return float(m.group(1).replace(",", "")) * SCALES[m.group(2).lower()]
        except ValueError:
            return None
    if DIGITS_RE.match(t):
        try:
            return float(t.replace(",", ""))
        except ValueError:
            return None
    vm = _VULGAR_RE.match(t)
    if vm:  # "4\u00bd", "\u00be"
        return float(vm.group(1) or 0) + VULGAR_FRACTIONS[vm.group(2)]
    if "-" in t:  # "twenty-five"
        parts = t.split("-")
        if len(parts) == 2 and parts[0] in WORD_NUMBERS and parts[1] in WORD_NUMBERS:
            return float(WORD_NUMBERS[parts[0]] + WORD_NUMBERS[parts[1]])
    g = _glued(text.strip())
    if g is not None:
        return g.sign * g.value
    return None


def tok_glued(tok: Any) -> _Glued | None:
    doc = tok.doc
    after_sign = tok.i > 0 and doc[tok.i - 1].text in ("$",) and not doc[tok.i - 1].whitespace_
    return _glued(tok.text, after_sign)


def slash_fraction(sdoc: Any, j: int) -> float | None:
    """The fraction part of a mixed number at token j, after a whole number: "4 1/2", "2 3/4", "4 \u00bd"."""
    if j == 0 or j >= len(sdoc) or not sdoc[j - 1].whitespace_ or not sdoc[j - 1].text.isdigit():
        return None
    t = sdoc[j].text
    if t in VULGAR_FRACTIONS:
        return VULGAR_FRACTIONS[t]
    m = SLASH_FRACTION_RE.match(t)
    if m and int(m.group(2)) in SLASH_DENOMINATORS and 0 < int(m.group(1)) < int(m.group(2)):
        return int(m.group(1)) / int(m.group(2))
    return None


def _fraction_word(low: str) -> float | None:
    """"half" -> 0.5, "quarters" -> 0.25, "thirds" -> 1/3."""
    if low in FRACTIONS:
        return FRACTIONS[low]
    if low.endswith("s") and low[:-1] in FRACTIONS and low != "halfs":
        return FRACTIONS[low[:-1]]
    return None


def fraction_span(sdoc: Any, i: int) -> tuple[float, int] | None:
    """A spelled fraction from token i: "half a million" (500000), "half a dozen" (6), "half an hour" (0.5, the
    unit read after it), "a quarter of a million", "three quarters of an hour"; (value, last token) or None. A share
    of a thing ("half of them", "a third of the votes") is not read here."""
    n = len(sdoc)
    low = sdoc[i].lower_
    if low == "half":
        frac, k = 0.5, i + 1
    elif i + 3 < n and (low in ("a", "an", "one") or low in WORD_NUMBERS and low != "zero") \
            and low != "half" and sdoc[i + 2].lower_ == "of":
        f = _fraction_word(sdoc[i + 1].lower_)
        if f is None or (low in ("a", "an", "one")) != (sdoc[i + 1].lower_ in FRACTIONS):
            return None  # "a quarter", "three quarters"; not "a quarters", "three quarter"
        frac, k = f * (1.0 if low in ("a", "an") else float(WORD_NUMBERS[low])), i + 3
    else:
        return None
    if k + 1 >= n or sdoc[k].lower_ not in ("a", "an"):
        return None
    nxt = sdoc[k + 1]
    if nxt.lower_ in BIG_SCALES or nxt.lower_ in ("hundred", "dozen"):
        return float(f"{frac * (12.0 if nxt.lower_ == 'dozen' else SCALES[nxt.lower_]):.12g}"), k + 1
    if not nxt.is_alpha or nxt.pos_ not in ("NOUN", "PROPN"):
        return None
    return frac, k


def share_span(sdoc: Any, i: int) -> tuple[float, int] | None:
    """A share of a whole from token i: "a third of the vote" (1/3), "two thirds of them", "one in three adults",
    "one out of five", "1 in 4"; (value, last token: the fraction word, or the whole's number) or None. A fraction of
    an amount ("a third of a mile", "half a million") is fraction_span's; "half of" is left unread ("half of them",
    "the first half of 2019")."""
    n = len(sdoc)
    low = sdoc[i].lower_
    if i + 1 < n and (low in ("a", "an", "one") or low in WORD_NUMBERS and low != "zero") \
            and (f := _fraction_word(sdoc[i + 1].lower_)) is not None:
        if (low in ("a", "an", "one")) != (sdoc[i + 1].lower_ in FRACTIONS) or sdoc[i + 1].lower_ in ("half", "halves"):
            return None  # "a third", "two thirds"; not "a thirds", "two third", "a half of" (fraction_span's)
        frac, last = f * (1.0 if low in ("a", "an", "one") else float(WORD_NUMBERS[low])), i + 1
    else:
        part = _number_value(low) if low in WORD_NUMBERS or DIGITS_RE.match(low) else None
        j = i + 1
        if part is None or j >= n or sdoc[j].lower_ not in SHARE_JOINS and \
                f"{sdoc[j].lower_} {sdoc[j + 1].lower_ if j + 1 < n else ''}" not in SHARE_JOINS:
            return None
        j += 1 if sdoc[j].lower_ in SHARE_JOINS else 2
        whole = _number_value(sdoc[j].lower_) if j < n and (sdoc[j].lower_ in WORD_NUMBERS
                                                            or DIGITS_RE.match(sdoc[j].text)) else None
        # "one in three adults", "1 in 1,000 births"; not "one in 2019", "5 in 3 days", "two in a row"
        if whole is None or not part < whole <= SHARE_MAX_WHOLE or "." in sdoc[j].text \
                or re.fullmatch(r"1[89]\d\d|20\d\d", sdoc[j].text) \
                or j + 1 < n and (sdoc[j + 1].lower_ in SCALES or sdoc[j + 1].lemma_.lower() in TIME_UNITS):
            return None
        return part / whole, j
    if last + 2 >= n or sdoc[last + 1].lower_ != "of" or sdoc[last + 2].lower_ in ("a", "an"):
        return None
    return frac, last


def is_number(tok: Any) -> bool:
    low = tok.lower_
    if low in ("half", "a", "an", "one") or low in WORD_NUMBERS and tok.i + 1 < len(tok.doc) \
            and _fraction_word(tok.doc[tok.i + 1].lower_) is not None:
        if fraction_span(tok.doc, tok.i) is not None or share_span(tok.doc, tok.i) is not None:
            return True
        if low in ("half", "a", "an"):
            return False
    if low in ORDINAL_WORDS or ORDINAL_RE.match(low):
        return False
    if low in VAGUE or low == "dozen":
        return True
    if low in ("hundred", "thousand", "million", "billion", "trillion"):  # "a thousand", "several million"
        return tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("a", "several", "few", "many")
    if RANGE_RE.match(low):
        return True
    if _number_value(low) is not None:
        return True
    return tok_glued(tok) is not None


def core_end(sdoc: Any, i: int) -> int:
    """Grow a number at token i to the right over scale words, ranges and unit signs; returns the last index."""
    n = len(sdoc)
    j = i
    while j + 1 < n:
        nxt = sdoc[j + 1]
        low = nxt.lower_
        if slash_fraction(sdoc, j + 1) is not None:
            j += 1  # "4 1/2"
            continue
        if low == "and" and j + 3 < n and sdoc[j + 2].lower_ in ("a", "an") and sdoc[j + 3].lower_ == "half" \
                and (sdoc[j].lower_ in WORD_NUMBERS or DIGITS_RE.match(sdoc[j].text)):
            j += 3  # "two and a half", "one and a half million"
            continue
        if (low in SCALES or low.rstrip(".") in ("m", "bn", "mn", "k")) \
                and not (low.rstrip(".") in ("m", "b", "k") and sdoc[j].whitespace_):
            j += 1
            continue
        if low in ("hundred", "thousand", "million", "billion", "trillion"):
            j += 1
            continue
        if low == "and" and sdoc[j].lower_ in ("hundred", "thousand", "million") and j + 2 < n \
                and sdoc[j + 2].lower_.split("-")[0] in WORD_NUMBERS:
            j += 2  # "one hundred and three"
            continue
        if sdoc[j].lower_ in ("hundred", "thousand", "million", "billion") and low.split("-")[0] in WORD_NUMBERS \
                and low not in ("one", "dozen") and sdoc[i].lower_.split("-")[0] in WORD_NUMBERS:
            j += 1  # "twenty-eight thousand six hundred"
            continue
        if low in ("-", "\u2013") and sdoc[j].lower_ in TENS and j + 2 < n and not sdoc[j].whitespace_ \
                and sdoc[j + 2].lower_ in WORD_NUMBERS and WORD_NUMBERS[sdoc[j + 2].lower_] < 10:
            j += 2  # "forty-two" split by the tokenizer
            continue
        if low in RANGE_JOIN and j + 2 < n and is_number(sdoc[j + 2]) and sdoc[j + 2].lower_ not in VAGUE:
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


def value_of_core(tokens: list[Any]) -> tuple[float | None, float | None, str | None]:
    """(value, high, vague word) of the core tokens."""
    words = [t.lower_ for t in tokens]
    vague = next((w for w in words if w in VAGUE), None)
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

    skip_to = -1
    for k, w in enumerate(words):
        if k <= skip_to:
            continue
        if w == "and" and words[k + 1:k + 3] in (["a", "half"], ["an", "half"]) and current is not None:
            current += 0.5  # "two and a half", "one and a half million"
            skip_to = k + 2
            continue
        frac = slash_fraction(tokens[k].doc, tokens[k].i) if k > 0 else None
        if frac is not None and current is not None:
            current += frac  # "4 1/2"
            continue
        if w == "hundred":
            current = (current if current is not None else 1.0) * 100
            continue
        if w in BIG_SCALES or (w in SCALES and current is not None):
            total += (current if current is not None else 1.0) * SCALES[w]
            current = None
            continue
        if w == "and" and k > 0 and words[k - 1] in ("hundred", "thousand", "million") and k + 1 < len(words) \
                and words[k + 1].split("-")[0] in WORD_NUMBERS:
            continue  # "one hundred and three": one number
        if w in ("-", "\u2013") and k > 0 and k + 1 < len(words) and words[k - 1] in TENS \
                and words[k + 1] in WORD_NUMBERS and WORD_NUMBERS[words[k + 1]] < 10:
            continue  # "twenty-five"
        if w in RANGE_JOIN:
            flush()
            continue
        rm = RANGE_RE.match(w)
        if rm:
            values.append(float(rm.group(1).replace(",", "")))
            current = float(rm.group(2).replace(",", ""))
            continue
        v = _number_value(tokens[k].text)
        if v is None and w.rstrip(".") in SCALES and current is not None:
            total += current * SCALES[w.rstrip(".")]  # "PS2.7m." at a sentence end
            current = None
            continue
        if v is None:
            g = tok_glued(tokens[k])
            v = g.sign * g.value if g is not None else None
        if v is not None:
            current = v if current is None else current + v
    flush()
    if not values:
        return None, None, None
    if len(values) >= 2:
        lo, hi = scaled_range(values[0], values[-1])
        return lo, hi, None
    return values[0], None, None


def scaled_range(lo: float, hi: float) -> tuple[float, float]:
    """"10-12 million", "$10 to $15 billion": the scale of the upper bound applies to the lower one; low first."""
    if 0 < lo < hi and hi >= 1000 and lo < 1000 and hi / max(lo, 1) > 100:
        for s in (1e3, 1e6, 1e9, 1e12):
            if lo * s <= hi < lo * s * 100:
                lo *= s
                break
    return (lo, hi) if lo <= hi else (hi, lo)
