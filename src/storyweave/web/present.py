"""Pure view helpers for the web app: everything a template needs, computed from model objects.

Nothing here produces markup. Report text is untrusted, so helpers return plain strings and numbers, and the
Jinja templates (autoescape on) turn them into HTML; the one place offsets meet text, `mark_body`, returns pieces
of text with CSS classes, never HTML.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Sequence
from urllib.parse import quote, urlsplit

from storyweave import graphs
from storyweave.model import Document, Evidence, Fact, Quantity, Story

TOOLTIP_CHARS = 600  # longest source sentence shown in a citation tooltip
LIST_TITLE_CHARS = 300  # longest title shown in lists
DIFF_MAX_WORDS = 2_000  # difflib is quadratic: longer wordings are shown without a diff
ENTITY_MIN_CHARS = 2  # shorter names match too much to be worth marking
ENTITY_MAX_NAMES = 400  # names per story turned into one regular expression

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# ---------------------------------------------------------------- links and text


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL, else None: only these become hrefs (no javascript:, data:, ...)."""
    if not url or not isinstance(url, str) or len(url) > 4096:
        return None
    url = url.strip()
    if _CONTROL.search(url):  # browsers drop tabs/newlines inside URLs: "java\tscript:" must not slip through
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def clip(text: str | None, limit: int = LIST_TITLE_CHARS) -> str:
    """Text cut to `limit` characters with an ellipsis."""
    if not text:
        return ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def path_part(value: str) -> str:
    """One URL path segment for an id (ids may hold any character)."""
    return quote(value, safe="")


def doc_href(doc_id: str, evidence: Evidence | None = None) -> str:
    href = "/documents/" + path_part(doc_id)
    if evidence is not None:
        href += f"?start={evidence.start}&end={evidence.end}#cited"
    return href


def story_href(story_id: str) -> str:
    return "/stories/" + path_part(story_id)


def evidence_text(doc: Document | None, ev: Evidence) -> str | None:
    """The exact source text of `ev`, or None when the offsets do not fit the document."""
    if doc is None or not (0 <= ev.start < ev.end <= len(doc.body)):
        return None
    return doc.body[ev.start:ev.end]


# ---------------------------------------------------------------- citations


@dataclass(frozen=True, slots=True)
class Citation:
    """One badge: a numbered source, the exact sentence it backs the claim with, and where to read it."""

    number: int
    doc_id: str
    label: str  # outlet or id
    href: str
    sentence: str | None  # None: the source is cited without a usable offset


class Sources:
    """The documents of one story, numbered in story order, turning `sources`/`evidence` into badges."""

    def __init__(self, story: Story, docs: dict[str, Document]) -> None:
        self.docs = docs
        self.order = list(dict.fromkeys(story.documents))
        for ids in _cited_ids(story):
            for d in ids:
                if d not in self.order:
                    self.order.append(d)
        self.number = {d: i for i, d in enumerate(self.order, 1)}

    def label(self, doc_id: str) -> str:
        doc = self.docs.get(doc_id)
        if doc is None:
            return doc_id
        return doc.outlet or doc.origin_outlet or doc.id

    def cite(self, sources: Sequence[str], evidence: Sequence[Evidence] = ()) -> list[Citation]:
        """One badge per source; each takes the first evidence span that lies in that source."""
        out: list[Citation] = []
        seen: set[str] = set()
        ordered = list(dict.fromkeys([*sources, *(e.doc_id for e in evidence)]))
        for doc_id in ordered:
            if doc_id in seen:
                continue
            seen.add(doc_id)
            doc = self.docs.get(doc_id)
            ev = next((e for e in evidence if e.doc_id == doc_id and evidence_text(doc, e) is not None), None)
            sentence = clip(evidence_text(doc, ev), TOOLTIP_CHARS) if ev is not None else None
            out.append(Citation(number=self.number.get(doc_id, 0), doc_id=doc_id, label=clip(self.label(doc_id), 80),
                                href=doc_href(doc_id, ev), sentence=sentence))
        return sorted(out, key=lambda c: (c.number == 0, c.number))


def _cited_ids(story: Story) -> Iterable[Sequence[str]]:
    for s in story.summary:
        yield s.sources
    for f in story.facts:
        yield f.sources
    for c in story.conflicts:
        for v in c.values:
            yield v.sources
    for q in story.quotes:
        yield q.sources
    yield tuple(story.exclusives)


# ---------------------------------------------------------------- story lists


@dataclass(frozen=True, slots=True)
class StoryRow:
    story: Story
    outlets: int
    independent: int
    conflicts: int
    title: str


def independent_sources(story: Story, docs: dict[str, Document]) -> int:
    """Distinct origins among a story's documents: copies of one wire story, or one origin outlet, count once."""
    if story.independent_sources:
        return story.independent_sources
    index = {d: i for i, d in enumerate(dict.fromkeys(story.documents))}
    links: list[tuple[int, int]] = []
    for copy_set in story.copies:
        members = [index[d] for d in copy_set if d in index]
        links.extend(zip(members, members[1:]))
    by_origin: dict[str, int] = {}
    for d, i in index.items():
        doc = docs.get(d)
        origin = doc and (doc.origin_outlet or "").strip().casefold()
        if origin:
            links.append((by_origin.setdefault(origin, i), i))  # the first of an origin with each later one
    return len(graphs.components(len(index), links))


def outlet_count(story: Story, docs: dict[str, Document]) -> int:
    names = set()
    for d in story.documents:
        doc = docs.get(d)
        name = doc and (doc.outlet or doc.origin_outlet)
        names.add(name.strip().casefold() if name else f"\0{d}")
    return len(names)


def story_rows(stories: Sequence[Story], docs: dict[str, Document]) -> list[StoryRow]:
    return [StoryRow(story=s, outlets=outlet_count(s, docs), independent=independent_sources(s, docs),
                     conflicts=len(s.conflicts), title=clip(s.title or "(untitled story)"))
            for s in stories]


# ---------------------------------------------------------------- facts


def facts_by_support(facts: Sequence[Fact]) -> list[tuple[int, list[Fact]]]:
    """Facts grouped by how many independent sources carry them, best supported first."""
    groups: dict[int, list[Fact]] = {}
    for f in facts:
        groups.setdefault(max(f.independent_sources, 0), []).append(f)
    return sorted(groups.items(), key=lambda kv: -kv[0])


# ---------------------------------------------------------------- word diff


@dataclass(frozen=True, slots=True)
class DiffPiece:
    op: str  # "same" | "del" | "ins"
    text: str


def word_diff(a: str, b: str) -> list[DiffPiece]:
    """Word-level difference from wording `a` to wording `b`."""
    wa, wb = a.split(), b.split()
    if len(wa) > DIFF_MAX_WORDS or len(wb) > DIFF_MAX_WORDS:
        return [DiffPiece("del", a), DiffPiece("ins", b)]
    out: list[DiffPiece] = []
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(DiffPiece("same", " ".join(wa[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(DiffPiece("del", " ".join(wa[i1:i2])))
        if op in ("insert", "replace"):
            out.append(DiffPiece("ins", " ".join(wb[j1:j2])))
    return out


# ---------------------------------------------------------------- timeline chart


@dataclass(frozen=True, slots=True)
class ChartDot:
    index: int  # position in the entry list (anchor "tl-<index>")
    x: float
    y: float
    date: str
    text: str


@dataclass(frozen=True, slots=True)
class ChartTick:
    x: float
    label: str


@dataclass(slots=True)
class TimelineChart:
    width: int
    height: int
    axis_y: float
    x0: float
    x1: float
    dots: list[ChartDot] = field(default_factory=list)
    ticks: list[ChartTick] = field(default_factory=list)


def _parse_day(value: str | None) -> dt.date | None:
    if not value or not isinstance(value, str):
        return None
    for candidate in (value[:10], value[:7] + "-01" if len(value) >= 7 else "", value[:4] + "-01-01"):
        try:
            return dt.date.fromisoformat(candidate)
        except ValueError:
            continue
    return None


DOT_GAP = 28.0  # chart units between two dots on one row (a dot and its number)
TICK_GAP = 92.0  # chart units between two date labels on the axis
MAX_ROWS = 12


def timeline_chart(dates: Sequence[str | None], texts: Sequence[str], *, width: int = 760) -> TimelineChart | None:
    """Geometry of a horizontal time axis with one dot per dated entry; dots too close to share a row stack upwards."""
    parsed = [(_parse_day(d), i) for i, d in enumerate(dates)]
    days = sorted((d, i) for d, i in parsed if d is not None)
    if not days:
        return None
    pad, step = 60.0, 18.0
    first, last = days[0][0], days[-1][0]
    span = (last - first).days

    def x_of(day: dt.date) -> float:
        if span == 0:
            return width / 2
        return round(pad + (width - 2 * pad) * (day - first).days / span, 1)

    rows: list[list[float]] = []
    placed: list[tuple[dt.date, int, float, int]] = []
    for day, i in days:
        x = x_of(day)
        row = next((r for r, xs in enumerate(rows) if all(abs(x - o) >= DOT_GAP for o in xs)), len(rows))
        row = min(row, MAX_ROWS - 1)
        if row == len(rows):
            rows.append([])
        rows[row].append(x)
        placed.append((day, i, x, row))
    axis_y = 24 + step * len(rows)
    chart = TimelineChart(width=width, height=int(axis_y + 40), axis_y=axis_y, x0=pad if span else width / 2 - 1,
                          x1=width - pad if span else width / 2 + 1)
    chart.dots = [ChartDot(index=i, x=x, y=axis_y - 10 - step * row, date=day.isoformat(), text=clip(texts[i], 200))
                  for day, i, x, row in placed]
    ticks: list[ChartTick] = []
    for day in sorted({d for d, _ in days}):
        tick = ChartTick(x=x_of(day), label=day.isoformat())
        if not ticks or tick.x - ticks[-1].x >= TICK_GAP:
            ticks.append(tick)
        elif day == last and len(ticks) > 1:  # the last date always shows; it replaces a crowded neighbour
            ticks[-1] = tick
    chart.ticks = ticks
    return chart


# ---------------------------------------------------------------- marked document body


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    kind: str  # CSS class m-<kind>: "quote" | "ent" | "num"
    note: str = ""


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    classes: str = ""
    note: str = ""
    opens: bool = False  # the cited passage starts here (the template opens <mark id="cited">)
    closes: bool = False  # ... and ends after this piece


def quantity_note(q: Quantity) -> str:
    parts = [q.qualifier or "", "" if q.value is None else f"{q.value:g}", q.unit or ""]
    head = " ".join(p for p in parts if p) or "amount"
    return f"{head} — {q.counts}" if q.counts else head


def entity_marks(body: str, entities: Iterable[tuple[str, str, Sequence[str]]]) -> list[Mark]:
    """Every whole-word occurrence of an entity's name or alias: (name, type, aliases) triples."""
    names: dict[str, str] = {}
    for name, etype, aliases in entities:
        note = f"{name} ({etype})" if etype else name
        for n in (name, *aliases):
            n = (n or "").strip()
            if len(n) >= ENTITY_MIN_CHARS and n not in names:
                names[n] = note
            if len(names) >= ENTITY_MAX_NAMES:
                break
    if not names:
        return []
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    return [Mark(m.start(), m.end(), "ent", names[m.group(0)]) for m in pattern.finditer(body)]


def mark_body(body: str, marks: Iterable[Mark], cited: tuple[int, int] | None = None) -> list[Piece]:
    """Split `body` at every mark boundary; each piece carries the classes of the marks that cover it.

    Overlapping marks are fine (a number inside a quote gets both classes); marks outside the body are dropped.
    `cited` is a range that wraps whole pieces, so that it can be one element around them.
    """
    n = len(body)
    valid = [m for m in marks if 0 <= m.start < m.end <= n]
    if cited is not None and not (0 <= cited[0] < cited[1] <= n):
        cited = None
    if not valid and cited is None:
        return [Piece(body)] if body else []
    cuts = sorted({0, n, *(m.start for m in valid), *(m.end for m in valid), *(cited or ())})
    starts: dict[int, list[Mark]] = {}
    for m in valid:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    pieces: list[Piece] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        opens = cited is not None and a == cited[0]
        closes = cited is not None and b == cited[1]
        kinds = sorted({m.kind for m in active})
        notes = list(dict.fromkeys(m.note for m in active if m.note))
        pieces.append(Piece(body[a:b], " ".join(f"m-{k}" for k in kinds), clip(" · ".join(notes), 300), opens, closes))
    return pieces


# ---------------------------------------------------------------- text checks


_INVISIBLE = {"Cf"}  # format characters: zero-width and bidi controls


def has_hidden_characters(text: str) -> bool:
    """True when the text holds bidi controls or zero-width characters (shown to readers as a warning)."""
    return any(unicodedata.category(ch) in _INVISIBLE for ch in text[:200_000])
