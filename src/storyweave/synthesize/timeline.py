"""The story's event date and its timeline, with relative dates ("Friday", "a day ahead of ...") resolved.

build_timeline(documents, annotations) -> (event date | None, [TimelineEntry])

1. Event date: every day that a lead sentence points to is a candidate (plus the publication days and the days
   before them); each report votes for the candidates its lead date expressions agree with, weighted by how early
   the sentence stands. An unresolved expression (a report without a publication date) agrees with a candidate when
   it resolves to it taking the candidate as the reference ("Friday" agrees with any Friday).
2. Each report's unresolved expressions are resolved against the event date (reports without a publication date are
   read as written on the event day); the others were resolved at annotation against their own publication date.
3. Mentions of the same day are merged when their sentences describe the same thing (content-word overlap), so one
   entry lists every report that carries it, with the sentence spans as evidence. Sorted by date.
4. When no report of the story gives its publication date and the reports' dates do not agree on a day, a month-day
   without a year ("Feb. 21", the dateline "KIEV, April 7.") takes the year written in the text (`written_year`:
   the latest full date, else the latest month of a year, else the year most often named); that year also makes
   lead month-days candidates for the event date. Every entry placed by inference says so (`inferred_from`), and
   `explain_timeline` gives the story's note: how its dates were inferred, or why it has no timeline.

The expression grammar is model.DateMention's; `resolve` below follows annotate.dates.resolve (a test keeps the two
in step: stages do not import each other).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from typing import Sequence

from storyweave import dateexpr
from storyweave.dateexpr import parse_iso, resolve, safe_date
from storyweave.model import Annotations, DateMention, DocId, Document, Evidence, TimelineEntry
from storyweave.settings import DEFAULTS, SynthesizeSettings
from storyweave.textutil import content_words

# the tuned values are settings.SynthesizeSettings (timeline_*, recalled_years: `cfg`, default DEFAULTS.synthesize).
# recalled_years: a day the leads agree on this many years or more before the latest year written in undated reports
# is a past event they recall ("the Watergate break-in on June 17, 1972" in 2017 stories), not their day; a smaller
# gap is usually a coming event ("the March 2, 2014 broadcast" in August 2013 stories).
LEAD_WEIGHTS = (1.0, 0.8, 0.6)  # weights of a report's first sentences (the last one repeats beyond the third)
_QUOTE_OPEN = frozenset("\"'\u201c\u2018")
_DATE_WORDS = frozenset(dateexpr.WEEKDAYS) | frozenset(dateexpr.MONTHS) | frozenset(
    "today yesterday tomorrow week month year day".split())


def _is_day(m: DateMention) -> bool:
    if m.expr is None:
        return m.precision == "day" and m.date is not None
    kind = m.expr.partition(":")[0]
    if kind in ("month", "year"):
        return False
    if kind == "rel":
        return m.expr.endswith(":day")
    return True


def _kind(m: DateMention) -> str:
    if m.expr is None:
        return "abs" if m.date and m.precision == "day" else ""
    return m.expr.partition(":")[0]


def written_year(annotations: Sequence[Annotations]) -> tuple[int, str] | None:
    """The year the story's month-days without a year belong to, from the text: the latest full date ("August 2,
    2013"), else the latest month of a year ("Aug. 2023"), else the year most often named ("in 2013", the latest
    on a tie); (year, how it was found), or None when no year is written."""
    full: list[tuple[dt.date, str, str]] = []
    months: list[tuple[dt.date, str, str]] = []
    years: Counter[int] = Counter()
    first_named: dict[int, tuple[str, str]] = {}
    for ann in annotations:
        for m in ann.dates:
            kind = _kind(m)
            day = parse_iso(m.date) if m.date else None
            if day is None and kind in ("abs", "month", "year"):
                day, _ = resolve(m.expr, None)
            if day is None:
                continue
            if kind == "abs":
                full.append((day, m.text, ann.doc_id))
            elif kind == "month":
                months.append((day, m.text, ann.doc_id))
            elif kind == "year":
                years[day.year] += 1
                first_named.setdefault(day.year, (m.text, ann.doc_id))
    for found in (full, months):
        if found:
            day, text, doc_id = max(found)
            return day.year, f"the year {day.year} written in report {doc_id} ('{text.strip()}')"
    if years:
        year = max(years, key=lambda y: (years[y], y))
        text, doc_id = first_named[year]
        return year, f"the year {year} written in report {doc_id} ('{text.strip()}')"
    return None


def _in_year(expr: str | None, year: int) -> dt.date | None:
    """A month-day expression ("monthday:02-21[:past]") on that day of `year`."""
    if not expr or not expr.startswith("monthday:"):
        return None
    try:
        month, day = (int(x) for x in expr.split(":")[1].split("-"))
    except ValueError:
        return None
    return safe_date(year, month, day)


def _lead_weight(m: DateMention, ann: Annotations, cfg: SynthesizeSettings) -> float:
    rank = 0
    for s in ann.sentences:
        if s.end <= m.start:
            rank += 1
        else:
            break
    if not ann.sentences:
        rank = 0 if m.start < 400 else cfg.timeline_lead_sentences
    if rank >= cfg.timeline_lead_sentences:
        return cfg.timeline_body_weight
    return LEAD_WEIGHTS[min(rank, len(LEAD_WEIGHTS) - 1)]


def infer_event_date(documents: Sequence[Document], annotations: Sequence[Annotations], *,
                     cfg: SynthesizeSettings = DEFAULTS.synthesize) -> dt.date | None:
    """The day most reports' leads point to; None when nothing dates the story."""
    return _event_date(documents, annotations, cfg)[0]


def _event_date(documents: Sequence[Document], annotations: Sequence[Annotations], cfg: SynthesizeSettings
                ) -> tuple[dt.date | None, int]:
    """(event day, how many reports point to it)."""
    anns = {a.doc_id: a for a in annotations}
    pubs = [p for p in (parse_iso(d.published) for d in documents) if p is not None]
    candidates: set[dt.date] = set()
    for p in pubs:
        candidates.update((p, p - dt.timedelta(days=1)))
    weighted: list[tuple[DocId, DateMention, float]] = []
    for doc in documents:
        ann = anns.get(doc.id)
        if ann is None:
            continue
        for m in ann.dates:
            if not _is_day(m):
                continue
            w = _lead_weight(m, ann, cfg)
            weighted.append((doc.id, m, w))
            day = parse_iso(m.date)
            if day is not None and w > cfg.timeline_body_weight:
                candidates.add(day)
    if pubs:
        lo, hi = min(pubs) - dt.timedelta(days=7), max(pubs) + dt.timedelta(days=1)
        near = {c for c in candidates if lo <= c <= hi}
        candidates = near or candidates
    year = written_year(annotations) if not pubs else None
    if year is not None:
        # no publication date: lead month-days count in the written year; a lead day recalled_years or more before
        # the latest year written is a past event the reports recall, not the story's day
        in_year = {d for _, m, w in weighted if w > cfg.timeline_body_weight
                   for d in [_in_year(m.expr, year[0])] if d is not None}
        candidates = {c for c in candidates | in_year if year[0] - c.year < cfg.recalled_years}
    if not candidates:
        return None, 0
    latest = max(pubs) if pubs else None

    def votes(c: dt.date) -> dict[DocId, list[float]]:
        per_doc: dict[DocId, list[float]] = defaultdict(list)
        for doc_id, m, w in weighted:
            day = parse_iso(m.date)
            if day is None:
                day, _ = resolve(m.expr, c)
            if day == c:
                per_doc[doc_id].append(w)
        return per_doc

    def score(c: dt.date) -> tuple[float, int, int]:
        per_doc = votes(c)
        exact = sum(1 for _, m, _w in weighted if m.date and parse_iso(m.date) == c)
        total = sum(max(ws) + 0.05 * min(len(ws) - 1, 4) for ws in per_doc.values())
        closeness = -abs((latest - c).days) if latest else 0
        return round(total, 6), exact, closeness

    best = max(sorted(candidates), key=score)
    if score(best)[0] <= 0:
        return (min(pubs) if pubs else None), 0
    return best, len(votes(best))


def _trim(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "\u2026"


def _words(text: str) -> set[str]:
    return {w for w in content_words(text) if w not in _DATE_WORDS and not w.isdigit()}


def build_timeline(documents: Sequence[Document], annotations: Sequence[Annotations], *,
                   cfg: SynthesizeSettings = DEFAULTS.synthesize) -> tuple[str | None, list[TimelineEntry]]:
    """The story's event date (ISO) and its dated entries, each merged across the reports that carry it."""
    event, support = _event_date(documents, annotations, cfg)
    anns = {a.doc_id: a for a in annotations}
    pubs = sorted(p for p in (parse_iso(d.published) for d in documents) if p is not None)
    # undated reports are read as written on the event day, when publication dates or several reports back it
    fallback_ref = event if (pubs or support >= 2) else None
    how_ref = None
    if fallback_ref is not None:
        how_ref = (f"the story's date {fallback_ref.isoformat()} (publication dates of other reports)" if pubs else
                   f"the story's date {fallback_ref.isoformat()} (the day the dates of {support} reports agree on)")
    if fallback_ref is None and pubs:
        fallback_ref = pubs[len(pubs) // 2]
        how_ref = f"{fallback_ref.isoformat()}, the middle publication date of the other reports"
    written = written_year(annotations) if not pubs else None
    if fallback_ref is not None and written is not None and written[0] - fallback_ref.year >= cfg.recalled_years:
        # no report is dated and the text names a later year than the day the leads agree on: that day is a past
        # event the reports recall ("the Watergate break-in on June 17, 1972"), not the day they were written
        fallback_ref, how_ref = None, None
    year = written if fallback_ref is None else None
    order = {d.id: i for i, d in enumerate(documents)}

    # (day, doc, text, words, evidence, rank, inferred from)
    items: list[tuple[dt.date, DocId, str, set[str], Evidence, tuple[int, int], str | None]] = []
    for doc in documents:
        ann = anns.get(doc.id)
        if ann is None:
            continue
        own = parse_iso(doc.published)
        ref = own or fallback_ref
        for m in ann.dates:
            if not _is_day(m):
                continue
            day = parse_iso(m.date)
            inferred = None
            if day is None:
                day, precision = resolve(m.expr, ref)
                if day is None and year is not None:
                    day, precision = _in_year(m.expr, year[0]), "day"
                    inferred = year[1]
                elif own is None:
                    inferred = how_ref
                if day is None or precision != "day":
                    continue
            text = m.about or m.sentence or m.text
            if m.sentence_end > m.sentence_start:
                ev = Evidence(doc_id=doc.id, start=m.sentence_start, end=m.sentence_end)
            else:
                ev = Evidence(doc_id=doc.id, start=m.start, end=m.end)
            items.append((day, doc.id, _trim(text, cfg.timeline_max_text), _words(text), ev, (order[doc.id], m.start),
                          inferred))

    by_day: dict[dt.date, list[list[tuple]]] = defaultdict(list)
    for item in sorted(items, key=lambda it: (it[0], it[5][1], it[5][0])):
        clusters = by_day[item[0]]
        best, best_score = None, 0.0
        for cl in clusters:
            sc = max(_overlap(item[3], other[3]) for other in cl)
            if sc > best_score:
                best, best_score = cl, sc
        if best is not None and best_score >= cfg.timeline_same_event:
            best.append(item)
        else:
            clusters.append([item])

    entries: list[TimelineEntry] = []
    for day in sorted(by_day):
        clusters = by_day[day]
        ranked = sorted(clusters, key=lambda cl: (-len({it[1] for it in cl}), min(it[5][1] for it in cl)))
        for cl in ranked[:cfg.timeline_per_date]:
            # a reporter's own sentence reads better than a quotation; then the earliest in its report
            rep = min(cl, key=lambda it: (it[2][:1] in _QUOTE_OPEN, it[5][1], len(it[2])))
            sources = tuple(sorted({it[1] for it in cl}, key=lambda d: order[d]))
            evidence = tuple(dict.fromkeys(it[4] for it in cl))
            # inferred only when no report of the entry placed the day from its own date
            inferred = rep[6] if all(it[6] for it in cl) else None
            entries.append(TimelineEntry(date=day.isoformat(), text=rep[2], sources=sources, evidence=evidence,
                                         inferred_from=inferred))
    return (event.isoformat() if event else None), entries


def explain_timeline(documents: Sequence[Document], annotations: Sequence[Annotations], event: str | None,
                     entries: Sequence[TimelineEntry]) -> str | None:
    """The story's timeline note: why it has no timeline (nothing dates the story), or how its dates were inferred;
    None when the reports' own publication dates placed everything."""
    inferred = Counter(e.inferred_from for e in entries if e.inferred_from)
    if entries:
        if not inferred:
            return None
        how = inferred.most_common(1)[0][0]
        n = sum(inferred.values())
        return f"{n} of {len(entries)} timeline dates inferred from {how}"
    dated = any(parse_iso(d.published) for d in documents)
    days = [m for a in annotations for m in a.dates if _is_day(m)]
    unplaced = [m.text.strip() for m in days if not m.date]
    if not days:
        periods = [m.text.strip() for a in annotations for m in a.dates]
        if periods:
            return (f"No timeline: the reports name no day, only months or years ("
                    f"{', '.join(repr(t) for t in dict.fromkeys(periods[:3]))})")
        return "No timeline: the reports name no date" + ("" if dated else " and none gives its publication date")
    if unplaced and not dated:
        examples = ", ".join(repr(t) for t in list(dict.fromkeys(unplaced))[:3])
        return (f"No timeline: {len(unplaced)} dates without a year ({examples}) could not be placed: no report "
                f"gives its publication date and no year is written in the text")
    return None


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    if inter < 3 and inter < min(len(a), len(b)):
        return 0.0
    return inter / min(len(a), len(b))
