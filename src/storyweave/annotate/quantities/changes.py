"""Ranges whose ends both carry the unit ("from $10 to $15 billion") and the change an amount states (up, down, a
bound, about).
"""
from __future__ import annotations

from typing import Any

from storyweave.annotate.quantities.lexicon import (CHANGE_DOWN, CHANGE_UP, CURRENCIES, CURRENCY_SIGNS,
                                                    QUALIFIER_CHANGE, VAGUE)
from storyweave.annotate.quantities.units import sign_currency, unit_after
from storyweave.annotate.quantities.numbers import core_end, is_number, tok_glued, value_of_core
from storyweave.annotate.quantities.filters import skip


def change_of(sdoc: Any, first: int, qualifier: str | None, signed: str | None,
               unit: str | None, kind: str | None) -> str:
    """"up" / "down" when the amount is a rise or a fall ("rose 5%", "up 19 cents", "-1.3%"); else "=", "~", "<", ">"
    from the qualifier ("about" -> "~", "up to" -> "<", "more than" -> ">"); "=" otherwise. An amount of things
    counted is not a change ("added ten users", "lost three games"), nor is a level ("fell 3% to $84": $84 is "=")."""
    bound = None
    if qualifier:
        q = qualifier.lower()
        for key in sorted(QUALIFIER_CHANGE, key=len, reverse=True):
            if q == key or q.startswith(key + " "):
                bound = QUALIFIER_CHANGE[key]
                break
        if bound is None and (q in VAGUE or q.split()[-1:] and q.split()[-1] in VAGUE):
            bound = "~"
    if bound in ("<", ">"):
        return bound
    if signed and unit in ("%", "point", "percentage point", "basis point"):
        return "down" if signed == "-" else "up"
    if kind not in (None, "count"):
        k = first - 1
        while k >= 0 and (sdoc[k].lower_ in ("by", "a", "an", "another", "only", "just") or
                          sdoc[k].lower_ in QUALIFIER_CHANGE or
                          sdoc[k].lower_ in CURRENCY_SIGNS and not sdoc[k].is_alpha):
            k -= 1
        # a particle moves only with its verb: "trending up 0.2%" (the pair is in the lists), not "set up 5%"
        if k >= 0 and sdoc[k].is_alpha and (sdoc[k].dep_ != "prt" or k > 0 and (
                f"{sdoc[k - 1].lower_} {sdoc[k].lower_}" in CHANGE_UP | CHANGE_DOWN)):
            w = sdoc[k].lower_
            if w in CHANGE_UP:
                return "up"
            if w in CHANGE_DOWN:
                return "down"
    return bound or "="


def range_after(body: str, sdoc: Any, first: int, last: int, unit: str | None
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
    sc = sign_currency(sdoc, j + 1) if j + 1 < n else None
    if sc is not None and sc[1] == j:
        cur, j = sc[0], j + 1
    if j >= n or not is_number(sdoc[j]) or sdoc[j].lower_ in VAGUE or skip(sdoc[j], body, sdoc):
        return None
    e2 = core_end(sdoc, j)
    v2, h2, vg2 = value_of_core(list(sdoc[j:e2 + 1]))
    if v2 is None or h2 is not None:
        return None
    g2 = tok_glued(sdoc[j])
    g2e = tok_glued(sdoc[e2])
    unit2 = cur or (g2.currency if g2 else None) or (g2e.unit if g2e else None) or ("%" if sdoc[e2].lower_ == "%"
                                                                                      else None)
    last2 = e2
    unit_word = False
    if unit2 is None or unit2 in CURRENCIES:
        ua = unit_after(sdoc, e2 + 1, unit2 in CURRENCIES)
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
        if p >= 0 and (sdoc[p].lower_ in CHANGE_UP or sdoc[p].lower_ in CHANGE_DOWN):
            return None
    return v2, unit2, last2, unit_word
