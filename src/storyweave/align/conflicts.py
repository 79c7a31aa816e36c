"""Numeric conflicts: the same quantity reported differently by different reports.

find_conflicts(documents, annotations, aligned=(), canonical=None, *, settings=DEFAULTS.align) -> list[Conflict]

The figures of each report are read by align.figures (a number, vague amount or time of day with what it counts, its
clause, days, places, events and mood) and linked across reports by align.figure_links (by what they count and the
words around them, slot by slot in sentences aligned as one claim, by whose age they are, by their own clauses).
Linked figures form one candidate; it is a conflict when two reports give values that cannot both hold: different
numbers (beyond rounding; ranges that overlap agree; "10,000" = "10000" = "ten thousand"), or a vague amount whose
magnitude excludes a number ("hundreds" vs "12,000"), unless one report itself gives both values (two different
things counted), one figure is a part of the other ("Eleven military planes, one civil aircraft and 15 ships" /
"Twelve aircraft") or both are conversions of one figure. A report that gives a number is represented by its numbers;
a report that only gives a vague amount ("thousands") is listed with it.

The tuned values are settings.AlignSettings' (same_context_words, same_context, local_window, same_counted,
about_words, window_chars, lone_window, rel_tolerance, generic_words, conversion_rounding, mood_after, clock_margin,
...), handed to every function that uses one.
"""
from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations
from typing import Callable, Sequence

from storyweave import graphs
from storyweave.align.figure_links import link_figures
from storyweave.align.figures import (APPROX, Figure, Span, beside_words, compatible, far_apart, head_and_mods,
                                      interval, precision, read_figures, same_number, slot_kind)
from storyweave.model import Annotations, Conflict, ConflictValue, DocId, Document, Evidence, Quantity
from storyweave.settings import DEFAULTS, AlignSettings
from storyweave.textutil import fold


def find_conflicts(documents: Sequence[Document], annotations: Sequence[Annotations],
                   aligned: Sequence[tuple[Span, Span, bool]] = (),
                   canonical: Callable[[str], str | None] | None = None, *,
                   settings: AlignSettings = DEFAULTS.align) -> list[Conflict]:
    """Quantities about the same thing that reports give differently, each value with its sentence and sources.

    `aligned` lists pairs of sentences (doc id, start, end) of different reports that state the same claim, each with
    whether the alignment is strong (same claim) or only the two reports' closest sentences: their
    figures are compared slot by slot even when what is counted is worded differently ("58 million LinkedIn
    members" / "117 million LinkedIn users") or not named at all ("$5.4 billion" / "$2.7 billion").
    `canonical` (surface -> the story's name for that entity) pairs the ages given for one person anywhere in the
    reports ("7-year-old Liliana Hernandez" / "14-year-old Liliana Hernandez"). `settings`: settings.AlignSettings."""
    order = {d.id: i for i, d in enumerate(documents)}
    items = read_figures(documents, annotations, canonical, settings)

    links = link_figures(items, aligned, settings=settings)
    if not links:
        return []
    neighbours: dict[int, set[int]] = defaultdict(set)
    for i, j in links:
        neighbours[i].add(j)
        neighbours[j].add(i)
    # a clash: two linked statements that cannot both hold, where neither report itself gives both values
    # (a report giving both is counting two different things: "100 men ... 30 men")
    clashes = [(i, j) for i, j in links if not compatible(items[i].q, items[j].q, settings=settings)
               and not far_apart(items[i].q, items[j].q, settings.apart)
               and not _reports_both(items, items[i], items[j], settings=settings)
               and not _reports_both(items, items[j], items[i], settings=settings)
               and not _parts_of(items, items[i], items[j], settings=settings)
               and not _parts_of(items, items[j], items[i], settings=settings)
               and not _both_conversions(items[i], items[j], settings=settings)]
    conflicts = []
    for ends in (c for c in graphs.components(len(items), clashes) if len(c) > 1):
        # the clashing statements and the statements linked to them ("thousands" next to "up to 12,000")
        members = set(ends)
        for k in ends:
            # a statement linked to a clashing one joins when it agrees with one side ("thousands" and "12,000")
            members.update(n for n in neighbours[k]
                           if any(compatible(items[n].q, items[e].q, settings=settings) for e in ends))
        conflict = _conflict([items[i] for i in sorted(members)], order, settings=settings)
        if conflict is not None:
            conflicts.append(conflict)
    conflicts = _without_repeats(conflicts)
    # the most widely reported first: how many reports give a value, then how many values
    conflicts.sort(key=lambda c: (-len({d for v in c.values for d in v.sources}), -len(c.values), c.about))
    return conflicts


def _both_conversions(a: Figure, b: Figure, *, settings: AlignSettings) -> bool:
    """Two conversions of figures in one unit that are not compared: of money ("one billion yen ($8.84 million)" /
    "1bn yen ($8.3m)"), where they differ by the exchange rate of the day; of different figures, which are compared
    themselves; of one measure, by a fixed ratio, within settings.conversion_rounding of each other ("2,700 km
    (1,680 miles)" / "(1,700 miles)"). Two conversions of one measure further apart disagree ("(2,520 miles)"). (A
    conversion against another report's own figure is compared: "19,356 feet (8,850 m)" / "5,900 meters".)"""
    if a.converts is None or b.converts is None or (a.converts.unit or "") != (b.converts.unit or ""):
        return False
    if a.q.kind == "money" or not same_number(a.converts, b.converts, settings=settings):
        return True
    x, y = a.q.value, b.q.value
    return x is None or y is None or abs(x - y) <= settings.conversion_rounding * max(abs(x), abs(y))


def _without_repeats(conflicts: list[Conflict]) -> list[Conflict]:
    """Conflicts that another one already tells in full (every report with the same value) are left out: a report
    repeating its figure in two sentences gives one disagreement, not two."""
    def told(c: Conflict) -> frozenset[tuple[DocId, str]]:
        return frozenset((d, v.value) for v in c.values for d in v.sources)

    sets = [told(c) for c in conflicts]
    return [c for k, c in enumerate(conflicts)
            if not any(j != k and sets[k] <= sets[j] and (sets[k] < sets[j] or j < k) for j in range(len(sets)))]


def _reports_both(items: list[Figure], own: Figure, other: Figure, *, settings: AlignSettings) -> bool:
    """Does `own`'s report itself give `other`'s value, for the same counted thing ("100 men ... 30 men")? Where
    neither names what it counts, only a figure with a word beside it in common with `other` is that value (a
    "$500,000" the report gives for another payment is not; "received $130,000 to keep quiet" beside "wire $130,000 to
    Daniels" is)."""
    head, q = own.head, other.q
    for it in items:
        if it.doc_id != own.doc_id or (it.head != head and it.head and head) or (it.q.unit or "") != (q.unit or ""):
            continue
        if not (it.head and head) and not beside_words(it) & beside_words(other):
            continue
        if same_number(it.q, q, settings=settings) or (it.q.value is None and q.value is None
                                     and fold(it.q.qualifier or "") == fold(q.qualifier or "")):
            return True
    return False


def _parts_of(items: list[Figure], part: Figure, total: Figure, *, settings: AlignSettings) -> bool:
    """Is `part` one of several figures of its sentence that together give `total` ("Eleven military planes, one civil
    aircraft and 15 ships" / "Twelve aircraft")? The figures of one unit and kind in part's sentence, with part, up
    to settings.max_parts of them, whose sum can be the total. A total given as parts that do not add up ("19
    wounded" / "5 critical and 12 minor") is still a disagreement."""
    if part.q.value is None or total.q.value is None or part.q.value >= total.q.value:
        return False
    kind = slot_kind(part)
    heads = {part.head, total.head}
    others = [it for it in items if it is not part and it.doc_id == part.doc_id and it.sent_span == part.sent_span
              and slot_kind(it) == kind and it.q.value is not None and not it.age and it.q.value < total.q.value
              and (not it.head or it.head in heads)]  # "$3 million in sales" and "$1 million in tax" are no parts
    if not others or len(others) > 2 * settings.max_parts:
        return False
    whole = interval(total.q)
    for size in range(1, min(len(others), settings.max_parts - 1) + 1):
        for combo in combinations(others, size):
            found = [_part_span(it.q) for it in (part, *combo)]
            spans = [x for x in found if x is not None]
            if whole is None or len(spans) < len(found):
                continue
            lo, hi = sum(x[0] for x in spans), sum(x[1] for x in spans)
            if lo <= whole[1] * (1 + settings.rel_tolerance) and whole[0] <= hi * (1 + settings.rel_tolerance):
                return True
    return False


def _part_span(q: Quantity) -> tuple[float, float] | None:
    """The values a part allows when parts are added up: its bounds, but an approximate figure as given (approximate
    parts widened by their rounding would add up to almost anything)."""
    if (q.qualifier or "").lower() in APPROX and q.value is not None:
        return min(q.value, q.high or q.value), max(q.value, q.high or q.value)
    return interval(q)


def _conflict(members: list[Figure], order: dict[DocId, int], *, settings: AlignSettings) -> Conflict | None:
    by_doc: dict[DocId, list[Figure]] = defaultdict(list)
    for it in members:
        by_doc[it.doc_id].append(it)
    if len(by_doc) < 2:
        return None
    # a report that gives a number speaks through its numbers; a vague amount only where it gives nothing more
    chosen: list[Figure] = []
    for doc_items in by_doc.values():
        numeric = [it for it in doc_items if it.q.value is not None]
        chosen.extend(numeric or doc_items)
    # group equal values (the same number written differently, or the same vague word)
    values: list[list[Figure]] = []
    for it in sorted(chosen, key=lambda x: (order.get(x.doc_id, 0), x.q.start)):
        for group in values:
            rep = group[0].q
            if (rep.value is None and it.q.value is None and fold(rep.qualifier or "") == fold(it.q.qualifier or "")) \
                    or same_number(rep, it.q, settings=settings):
                group.append(it)
                break
        else:
            values.append([it])
    # a conflict needs two reports whose values cannot both hold
    clash = False
    for x in range(len(values)):
        for y in range(x + 1, len(values)):
            docs_x = {it.doc_id for it in values[x]}
            docs_y = {it.doc_id for it in values[y]}
            if docs_x == docs_y and len(docs_x) == 1:
                continue
            if not compatible(values[x][0].q, values[y][0].q, settings=settings):
                clash = True
    if not clash:
        return None
    about = max((it.q.counts or "" for it in members), key=lambda c: (len(head_and_mods(c)[1]), -len(c)))
    if not about:  # nothing named as counted: say which statement the figures belong to
        words = re.sub(r"\s+", " ", members[0].sentence).strip().split()
        about = " ".join(words[:settings.about_words]) + ("…" if len(words) > settings.about_words else "")
    out = []
    for group in sorted(values, key=lambda g: (g[0].q.value is None, -(g[0].q.value or 0))):
        sources = tuple(sorted({it.doc_id for it in group}, key=lambda d: order.get(d, 0)))
        evidence = tuple(Evidence(doc_id=it.doc_id, start=it.q.start, end=it.q.end) for it in group)
        out.append(ConflictValue(value=group[0].value_text, text=re.sub(r"\s+", " ", group[0].sentence).strip(),
                                 sources=sources, evidence=evidence, precision=precision(group[0].q)))
    return Conflict(about=about, values=tuple(out))
