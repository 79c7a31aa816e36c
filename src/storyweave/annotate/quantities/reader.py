"""One amount read from its first token (`_build`), and the whole text read (`find_quantities`).
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Any

from storyweave import resources
from storyweave.annotate.clauses import clause_spans
from storyweave.model import Quantity
from storyweave.annotate.quantities.lexicon import (AGE_UNIT, ALTERNATIVE_LEADS, CHANGE_DOWN, CHANGE_UP,
                                                    CURRENCIES, MULTIPLICATIVE_UNIT, MULTIPLICATIVES, QUALIFIER_RE,
                                                    SHARE_KIND, SUBUNIT_UNITS, TIME_DEICTIC)
from storyweave.annotate.quantities.units import currency_of, kind_of, rate_after, sign_currency, unit_after, unit_of, \
    weight_pound
from storyweave.annotate.quantities.numbers import (core_end, fraction_span, is_number, scaled_range, share_span,
                                                    tok_glued, value_of_core)
from storyweave.annotate.quantities.filters import age_after_name, age_complement, age_phrase, skip
from storyweave.annotate.quantities.phrases import context_counts, np_text, of_phrase
from storyweave.annotate.quantities.changes import change_of, range_after
from storyweave.settings import DEFAULTS, AnnotateSettings


def find_quantities(body: str, sdoc: Any = None, *, settings: AnnotateSettings = DEFAULTS.annotate
                    ) -> list[Quantity]:
    """Every amount in `body` with its value, unit, qualifier and what it counts; offsets into `body`. The tuned
    values (ellipsis_ratio, max_counts_tokens) are those of `settings`."""
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
        if i in used or not is_number(tok) or skip(tok, body, sdoc):
            i += 1
            continue
        q = _build(body, sdoc, i, settings)
        if q is None:
            i = _past_tie(body, sdoc, i)
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
    return [dataclasses.replace(x, clause=clause_spans(sdoc, x.start, x.end))
            for x in _elliptic(body, sdoc, out, settings)]


def _elliptic(body: str, sdoc: Any, out: list[Quantity], settings: AnnotateSettings) -> list[Quantity]:
    """A bare number that leaves its unit to a neighbour in the same sentence takes it: "435 homes ... and 187 by
    tender", "84.75 cents, while the lowest is 74.07", "a 7- or 8-inch screen", "eight or nine euros". The neighbour
    is the nearest amount before it with a unit or a counted thing (the next one when none is before, or when the
    number ends in a hyphen or is joined to it by "or", "and", "to"), of a like size (at most
    settings.ellipsis_ratio times larger or smaller: NewsQuant dev's elliptic numbers are within 5x of their
    neighbour, and "2,380,000" does not take "5 speed"); an amount in brackets is a conversion ("2,435,000 YEN
    ($22,480)") and is passed over. The level a rise or fall ends at takes the change's unit whatever its size
    ("rose 64.06 points to 4,577.10", "lost 162.31 points, or 2.14%, to 7,425.81"), unless the change is a
    percentage ("fell 2% to 1,234")."""
    bare = [k for k, q in enumerate(out) if q.unit is None and q.counts is None and q.value is not None]
    if not bare:
        return out
    bounds = [(s.start_char, s.end_char) for s in sdoc.sents]
    starts = [a for a, _ in bounds]
    token_at: dict[int, int] = {}
    for t in sdoc:
        token_at.setdefault(t.idx, t.i)

    def sent_of(q: Quantity) -> int:  # the sentence holding q's start (-1: none), found by bisection
        k = bisect.bisect_right(starts, q.start) - 1
        return k if k >= 0 and q.start < bounds[k][1] else -1

    def bracketed(q: Quantity) -> bool:
        return body[max(0, q.start - 2):q.start].rstrip().endswith("(") and body[q.end:q.end + 2].lstrip() \
            .startswith(")")

    def donor(q: Quantity, v: float, level_of: bool = False, age: bool = False) -> bool:
        if q.unit is None and q.counts is None or (q.unit == AGE_UNIT and not age) or bracketed(q) \
                or q.value is None:
            return False
        if level_of and q.change in ("up", "down") and q.kind not in ("percent", "count"):
            return True  # the level a change ends at: "rose 64.06 points to 4,577.10", "up 3 cents at 74.07"
        a, b = abs(q.value), abs(v)
        return max(a, b) <= settings.ellipsis_ratio * max(min(a, b), 1e-9)

    result = list(out)
    for k in bare:
        q = out[k]
        sk = sent_of(q)
        v = q.value if q.value is not None else 0.0
        alternative = _alternative_of(sdoc, q, token_at.get(q.start))
        if alternative is not None:
            result[k] = alternative
            continue
        level = bool(re.search(r"\b(?:to|at)\s*$", body[max(0, q.start - 6):q.start]))
        before = [m for m in range(k - 1, -1, -1) if sent_of(out[m]) == sk and donor(
            out[m], v, level and all(out[x].kind == "percent" for x in range(m + 1, k)))]
        suspended = q.text.endswith(("-", "\u2013"))  # "14- and 15-year-old girls": an age lends itself only so
        after = [m for m in range(k + 1, len(out)) if sent_of(out[m]) == sk and donor(out[m], v, age=suspended)]
        # coordinated with the next amount: "eight or nine euros", "a 7- or 8-inch screen"
        joined = bool(after) and bool(re.fullmatch(r"\s*(?:or|and|to|/)\s*", body[q.end:out[after[0]].start]))
        # a level quoted with its move after it: "(16369.03 up 58.06 points)", "closed at 25,100, down 300 points"
        quoted = k + 1 < len(out) and sent_of(out[k + 1]) == sk and out[k + 1].change in ("up", "down") \
            and _moves(body[q.end:out[k + 1].start]) and out[k + 1].unit not in SUBUNIT_UNITS \
            and donor(out[k + 1], v, level_of=True)  # "45.20, up 30 cents" is a price in dollars
        pick = [k + 1] if quoted else (after[:1] if suspended or joined else []) or before[:1] or after[:1]
        if not pick or bracketed(q):
            continue
        d = out[pick[0]]
        kind = d.kind if d.unit is not None else "count"
        counts = d.counts if d.unit is None else None
        text, end = q.text, q.end
        if suspended:
            text, end = q.text.rstrip("-\u2013"), q.end - 1
        change = q.change
        if change == "=" and kind not in (None, "count"):
            # a rise or fall said before the number, read now that it has a unit: "decrease by 1" (percent)
            first = next((t.i for t in sdoc if t.idx >= q.start), None)
            if first is not None:
                change = change_of(sdoc, first, q.qualifier, None, d.unit, kind)
        result[k] = dataclasses.replace(q, unit=d.unit, per=d.per, kind=kind, counts=counts, text=text, end=end,
                                        change=change)
    return result


def _is_tie(body: str, sdoc: Any, i: int, end_i: int, value: float | None, high: float | None) -> bool:
    return high is not None and high == value \
        and re.fullmatch(r"\d+[-\u2013]\d+", body[sdoc[i].idx:sdoc[end_i].idx + len(sdoc[end_i].text)]) is not None


def _past_tie(body: str, sdoc: Any, i: int) -> int:
    """The token to read on from when token i read no amount: past a whole tie ("tied 3-3", "at 89-89"), whose
    second half is no amount either; else the next token."""
    end_i = core_end(sdoc, i)
    value, high, _ = value_of_core(list(sdoc[i:end_i + 1]))
    return end_i + 1 if end_i > i and _is_tie(body, sdoc, i, end_i, value, high) else i + 1


def _moves(gap: str) -> bool:
    """The words between a level and the amount it moved by say only the move: " up ", ", down ", " (rose "."""
    words = re.findall(r"[^\W\d_]+", gap)
    return bool(re.fullmatch(r"[\s,;(\w]*", gap)) and 1 <= len(words) <= 2 \
        and all(w.lower() in CHANGE_UP or w.lower() in CHANGE_DOWN for w in words)


def _alternative_of(sdoc: Any, q: Quantity, first: int | None) -> Quantity | None:
    """A bare number offered as the alternative to one thing named just before it takes that thing: "another pick
    or two" counts picks, "a day or two" is two days. `first`: the index of the token q starts at (None: none)."""
    if first is None or first < 3 or sdoc[first - 1].lower_ not in ("or", "to") \
            or sdoc[first - 3].lower_ not in ALTERNATIVE_LEADS:
        return None
    noun = sdoc[first - 2]
    if noun.pos_ != "NOUN" or noun.tag_ != "NN" or not noun.is_alpha:
        return None
    unit = unit_of(noun.lemma_.lower(), noun.lower_)
    if unit is not None:
        return dataclasses.replace(q, unit=unit, kind=kind_of(unit, q.value, None))
    return dataclasses.replace(q, counts=noun.text)


def _trimmed(body: str, q: Quantity, stop: int) -> Quantity:
    """`q` ending before `stop`, where the next amount begins inside what it counts ("five-year $700000 award")."""
    end = max(q.start, stop)
    while end > q.start and (body[end - 1].isspace() or body[end - 1] in "(,;:-"):
        end -= 1
    return dataclasses.replace(q, text=body[q.start:end], end=end)


def _build(body: str, sdoc: Any, i: int, settings: AnnotateSettings) -> tuple[Quantity, int] | None:
    n = len(sdoc)
    start_i = i
    share = False
    # "tens of thousands", "hundreds of thousands": one vague amount
    if sdoc[i].lower_ in ("tens", "hundreds") and i + 2 < n and sdoc[i + 1].lower_ == "of" \
            and sdoc[i + 2].lower_ in ("thousands", "millions", "billions"):
        end_i = i + 2
        vague: str | None = f"{sdoc[i].lower_} of {sdoc[i + 2].lower_}"
        value = high = None
    elif (spelled := fraction_span(sdoc, i)) is not None:
        value, end_i = spelled  # "half a million", "three quarters of an hour"
        high = vague = None
    elif (part := share_span(sdoc, i)) is not None:
        value, end_i = part  # "a third of the vote", "one in three adults"
        high = vague = None
        share = True
    else:
        end_i = core_end(sdoc, i)
        value, high, vague = value_of_core(list(sdoc[i:end_i + 1]))
        if value is None and vague is None:
            return None
        if _is_tie(body, sdoc, i, end_i, value, high):
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
    g_first, g_last = tok_glued(sdoc[i]), tok_glued(sdoc[end_i])
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
    sc = sign_currency(sdoc, start_i)
    if sc is not None:
        unit = unit or sc[0]
        if g_first is not None and g_first.currency and sc[0] == "USD":
            unit = g_first.currency  # "$A82,615,680", "$US113 trillion"
        start_i = sc[1]
    if sdoc[end_i].lower_ == "%":
        unit = "%"
    if unit is None and sdoc[end_i].lower_ in MULTIPLICATIVES:
        unit = MULTIPLICATIVE_UNIT  # "sixfold"
    begin = sdoc[start_i].idx
    finish = sdoc[end_i].idx + len(sdoc[end_i].text)
    # qualifier from the words before
    qualifier: str | None = None
    before = body[max(0, begin - 30):begin]
    qm = QUALIFIER_RE.search(before)
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
    if unit is None and (high is None and (age_after_name(sdoc[i]) or age_complement(sdoc[i]))
                         or age_phrase(sdoc[i])):
        unit = AGE_UNIT  # "Lowe, 40,", "she is 29", "aged 36", "adults age 20 to 29"
    if unit is None or unit in CURRENCIES:
        ua = unit_after(sdoc, end_i + 1, unit in CURRENCIES)
        if ua is not None and (unit is None or ua[0] is None):
            unit = unit or ua[0]
            unit_last = ua[1]
            last = ua[1]
            finish = sdoc[last].idx + len(sdoc[last].text)
    # a range written with its unit or currency on both ends: "from $10 to $15 billion", "5% to 7%",
    # "between 15kHz and 17kHz", "from 252 miles to 287 miles"
    if value is not None and high is None and vague is None:
        rng = range_after(body, sdoc, start_i, last, unit)
        if rng is not None:
            v2, unit2, last2, unit_word2 = rng
            value, high = scaled_range(value, v2)
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
    attribute = False  # the amount with its unit describes a noun after it ("a 30 degree homer", "40-minute walk")
    if unit_last is not None and unit_last > end_i:
        noun, unit_noun = sdoc[unit_last], True
    if noun is None:
        if head_tok.dep_ in ("nummod", "compound", "quantmod", "amod", "nmod") and head_tok.head.i > end_i:
            noun = head_tok.head
    if noun is not None and not unit_noun and any(is_number(t) and not skip(t, body, sdoc)
                                                  for t in sdoc[end_i + 1:noun.i]):
        noun = None  # "Stoxx 50 -1.3%": another amount stands between; "two new 737 Max jets": a name does not
    if noun is not None and not unit_noun and any(t.lower_ in TIME_DEICTIC for t in sdoc[end_i + 1:noun.i]):
        noun = None  # "2.1 last year": a time said after the amount, not what it counts
    if noun is not None and (unit_noun or noun.i > last):
        if not unit_noun:
            # the number attaches to a noun: a unit ("two years"), a currency word, or the thing counted
            unit_word = unit_of(noun.lemma_.lower(), noun.lower_) or weight_pound(noun)
            currency = currency_of(noun) if unit is None else None
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
                unit = AGE_UNIT
            target = noun.head if noun.dep_ in ("compound", "nmod", "amod", "npadvmod") and noun.head.i > noun.i \
                and noun.head.pos_ in ("NOUN", "PROPN") else None
            if target is None and old is not None and old.i + 1 < n and sdoc[old.i + 1].pos_ == "NOUN":
                target = sdoc[old.i + 1]
            if target is not None:
                counts, _, c_end = np_text(body, target, stop_before=noun.i)
                last = target.i
                attribute = True
            else:
                ph = of_phrase(body, noun, ("of", "in") if unit in CURRENCIES else ("of",), settings=settings)
                if ph:
                    counts, _, c_end = ph
        else:
            if noun.pos_ in ("NOUN", "PROPN") or noun.tag_ in ("NNS", "NN"):
                counts, c_start, c_end = np_text(body, noun, stop_before=end_i)
                last = noun.i
                ph = of_phrase(body, noun, settings=settings)
                if ph and ph[1] >= c_end:
                    counts, c_end = body[c_start:ph[2]], ph[2]
    elif noun is None:
        # the number is the head: "thousands of troops", "$2.5 billion in military aid", "5,000 of the troops"
        preps = ("of", "in", "for") if unit and unit not in ("%",) else ("of",)
        anchor = sdoc[last]
        ph = of_phrase(body, anchor, preps, settings=settings) or of_phrase(body, head_tok, preps,
                                                                            settings=settings)
        if ph:
            counts, _, c_end = ph
    if counts is None and unit is None:
        # a misparse ("1.2m people" read as a coordination): take the adjacent noun phrase after the number
        k = last + 1
        while k < n and k <= last + 4 and sdoc[k].pos_ in ("ADJ", "PROPN", "NOUN") and not sdoc[k].is_punct \
                and sdoc[k].lower_ not in TIME_DEICTIC:
            if sdoc[k].pos_ == "NOUN" and (k + 1 >= n or sdoc[k + 1].pos_ != "NOUN"):
                c_end = sdoc[k].idx + len(sdoc[k].text)
                counts, last = body[sdoc[last + 1].idx:c_end], k
                break
            k += 1
    if unit == "%" and counts is None and noun is not None:
        ph = of_phrase(body, noun, settings=settings)
        if ph:
            counts, _, c_end = ph
    if counts is not None and "\n" in body[finish:c_end]:
        counts, c_end = None, finish  # a phrase does not run across paragraphs
    kind = SHARE_KIND if share and unit is None else kind_of(unit, value, vague)
    per = None
    if unit is not None and unit != AGE_UNIT:
        if unit_noun and noun is not None:
            amount_last = max(amount_last, noun.i)
        rate = rate_after(sdoc, amount_last + 1, unit)
        if rate is not None:
            per, combined, per_last = rate
            per_start, per_end = sdoc[amount_last + 1].idx, sdoc[per_last].idx + len(sdoc[per_last].text)
            if sdoc[per_last].text.endswith(".") and per_last + 1 >= n:
                per_end -= 1  # "per sq m." closing the text
            if counts is not None and c_end > per_start and body.find(counts, per_start, per_end) >= 0:
                counts, c_end = None, finish  # "100km/hr": the noun after the slash is the rate, not the thing
            if combined is not None:
                unit, per, kind = combined, None, kind_of(combined, value, vague)
            finish = max(finish, per_end)
            resume = max(resume, per_last)
    elif unit is None and counts is not None and value is not None:
        # a count per something, said after what it counts: "20 beats per minute", "2.1 children per woman"
        after = next((k for k in range(min(last, resume), n) if sdoc[k].idx >= c_end), n)  # a few tokens on
        rate = rate_after(sdoc, after, "") if after < n else None
        if rate is not None:
            per, _, per_last = rate
            finish = max(finish, c_end, sdoc[per_last].idx + len(sdoc[per_last].text))
            resume = max(resume, per_last)
    end = max(finish, c_end if counts else finish)
    if counts is None and kind not in (None, "count"):
        ctx = context_counts(body, noun if unit_noun and noun is not None else head_tok)
        if ctx is not None and "\n" not in body[min(ctx[1], q_start):max(ctx[2], end)]:
            counts = ctx[0]  # said elsewhere in the sentence: the quantity's text stays the amount
    text = body[q_start:end]
    if counts is not None:
        counts = re.sub(r"\s+", " ", counts).strip(" ,;:-") or None
    change = change_of(sdoc, start_i, qualifier, signed, unit, kind)
    if attribute and change in ("up", "down"):
        change = "="  # the amount describes a thing ("added a 30 degree homer"): the verb moves the thing, not it
    quantity = Quantity(text=text, value=value, high=high, unit=unit, qualifier=qualifier, counts=counts,
                        start=q_start, end=end, kind=kind, change=change, per=per)
    return quantity, resume
