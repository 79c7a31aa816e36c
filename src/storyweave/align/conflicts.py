"""Numeric conflicts: the same quantity reported differently by different reports.

find_conflicts(documents, annotations, *, settings=DEFAULTS.align) -> list[Conflict]

Two quantities from different reports are about the same thing when
  - what they count has the same head noun ("North Korean troops" / "troops") and the same unit,
  - their modifiers agree: when both have some, they share one; when one has none, the other's modifiers stand in its
    sentence ("send thousands of troops" in a sentence about North Korea),
  - they are not parts ("5,000 of the troops"), and the verb class around them matches (killed/wounded vs. sent),
  - their sentences tell the same thing (sentence embeddings, or shared content words).
Figures are also paired slot by slot in sentences aligned as one claim (`aligned`), by whose age they are, and by
their own clauses: the mutual closest clauses of two reports among figures of one unit and kind (_clause_pairs).
Times of day are figures too ("about 11 a.m." / "about 6 a.m.", align.clock), compared in aligned claims only.
Connected quantities form one candidate; it is a conflict when two reports give values that cannot both hold:
different numbers (beyond rounding; ranges that overlap agree; "10,000" = "10000" = "ten thousand"), or a vague amount
whose magnitude excludes a number ("hundreds" vs "12,000"). A report that gives a number is represented by its
numbers; a report that only gives a vague amount ("thousands") is listed with it.

The tuned values are settings.AlignSettings' (same_context_words, same_context, local_window, same_counted,
about_words, window_chars, lone_window, rel_tolerance, generic_words, conversion_rounding, mood_after, clock_margin,
...), handed to every function that uses one.
"""
from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np

from storyweave import graphs, resources
from storyweave.align.clock import clock_figures
from storyweave.model import Annotations, Conflict, ConflictValue, DateMention, DocId, Document, Evidence, Quantity
from storyweave.settings import DEFAULTS, AlignSettings
from storyweave.textutil import STOPWORDS, fold
from storyweave.textutil import stem as _stem

Span = tuple[DocId, int, int]  # a sentence: document id, start, end

_GENERIC_HEADS = frozenset(_w[:5] for _w in """people person men man women woman children child kids kid others
times time points point percent percentage cases case members member residents resident individuals individual
things thing ones units unit""".split())
_AGE_UNITS = frozenset({"year of age"})
_UNREALISED_CUES = [line.strip() for line in
                    (Path(__file__).with_name("data") / "unrealised.txt").read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.startswith("#")]
_UNREALISED = frozenset(c for c in _UNREALISED_CUES if " " not in c)
_UNREALISED_PHRASES = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in _UNREALISED_CUES if " " in c) + r")\b")
# labels the recogniser gives a person's name it misreads ("Magnotta, 44," as ORG): an age apposition makes it a person
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PERSON_GROUPS = {_stem(fold(_w)): _g for _w, _g in
                  (line.split("\t") for line in (Path(__file__).with_name("data") / "person_groups.tsv")
                   .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))}
# a figure joined to its measure word before the noun it sizes: "a 140-person orchestra", "a 12-member jury"
_COMPOUND = re.compile(r"\d-[^\W\d_]+$")
_SIZED = re.compile(r"\s+([^\W\d_][^\W\d_-]+)\b")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_RATE_AFTER = re.compile(r"^\s*(?:per|a|an|each|every)\s+(?:day|week|month|year|hour|woman|man|person|capita|head|"
                         r"household|year-on-year)\b|^\s*per\b", re.I)
# a rate stated after what is counted: "2.5 kilograms of e-waste per person per year"
_RATE_LATER = re.compile(r"^[-\w]*(?:\s+[-\w]+){0,2}\s+per\s+(?:person|capita|head|household|resident|inhabitant|"
                         r"day|week|month|year|hour)\b", re.I)
# a place that says where the figure holds is introduced as one: "104 in Homs", "125 across Syria" (not "according
# to the Las Vegas Sun", "putting Nevada on pace")
_LOCATIVE = re.compile(r"\b(?:in|across|at|near|outside|throughout|around|inside|within|off)\s+(?:the\s+)?$", re.I)
_PARTITIVE = re.compile(r"\b(?:of|among)\s+(?:the|those|these|them|its|their|his|her|our|all)\b", re.I)
# what happened to what is counted: two numbers of people, one of the killed and one of the arrested, differ in kind
_EVENT_CLASSES = {
    "death": re.compile(r"\b(?:kill\w*|dead|deaths?|die[ds]?|dying|fatal\w*|lives|passed away|passing|demise)\b", re.I),
    "injury": re.compile(r"\b(?:wound\w*|injur\w*|hurt|hospitali[sz]\w*)\b", re.I),
    "arrest": re.compile(r"\b(?:arrest\w*|detain\w*|captur\w*|prisoners?|jail\w*|charged)\b", re.I),
    "displacement": re.compile(r"\b(?:evacuat\w*|displac\w*|fled|flee\w*|homeless|rescued)\b", re.I),
    "missing": re.compile(r"\b(?:missing|unaccounted)\b", re.I),
    "damage": re.compile(r"\b(?:damag\w*|destroy\w*|collaps\w*)\b", re.I),
}
_LOWER_BOUND = {"more than", "at least", "over", "upwards of", "in excess of", "no fewer than", "no less than",
                "well over", "just over", "above"}
_UPPER_BOUND = {"less than", "fewer than", "under", "below", "no more than", "not more than", "just under",
                "well under", "at most"}
_APPROX = {"about", "around", "approximately", "nearly", "almost", "roughly", "some", "close to", "an estimated",
           "estimated", "~"}
_VAGUE_RANGES = {
    "dozens": (24, 1_000), "scores": (40, 1_000), "hundreds": (200, 10_000), "thousands": (1_000, 1_000_000),
    "tens of thousands": (10_000, 1_000_000), "hundreds of thousands": (100_000, 10_000_000),
    "millions": (1_000_000, 1e9), "tens of millions": (1e7, 1e9), "hundreds of millions": (1e8, 1e10),
    "billions": (1e9, 1e12), "several hundred": (200, 1_000), "several thousand": (2_000, 10_000),
    "several million": (2e6, 1e7), "a few hundred": (200, 1_000), "a few thousand": (2_000, 10_000),
    "many thousand": (2_000, 100_000), "few hundred": (200, 1_000), "few thousand": (2_000, 10_000),
}


def _head_and_mods(counts: str) -> tuple[str, set[str]]:
    """Head noun stem and modifier stems of a counted thing: "North Korean troops" -> ("troop", {"north","korea"});
    what an "of" after the head names restricts it too: "charges of attempted murder" -> ("charg", {"attem",
    "murde"})."""
    main = re.split(r"\s+(?:of|in|for|from|to|with)\s+", counts.strip(), maxsplit=1)[0]
    words = [w for w in fold(main).split() if w not in STOPWORDS]
    if not words:
        return "", set()
    return _stem(words[-1]), {_stem(w) for w in words[:-1] if len(w) > 1} | _of_words(counts)


def _of_words(counts: str) -> set[str]:
    """The stems of what an "of" right after the head names ("charges of attempted murder" -> {"attem", "murde"}):
    a kind of the thing counted, not the whole of it."""
    m = re.match(r"\s*[^\s]+(?:\s+[^\s]+){0,3}?\s+of\s+(.+)", counts)
    if not m or re.search(r"\s(?:in|for|from|to|with)\s", counts[:m.start(1)]):
        return set()
    kind = re.split(r"\s+(?:of|in|for|from|to|with|at|on|by)\s+", m.group(1), maxsplit=1)[0]
    return {_stem(w) for w in fold(kind).split()[:3] if w not in STOPWORDS and w.isalpha() and len(w) > 1}


def _value_text(q: Quantity, body: str) -> str:
    """The number as written with its qualifier: "up to 12,000 North Korean troops" -> "up to 12,000"."""
    text = q.text
    if q.counts:
        k = text.find(q.counts)
        if k > 0:
            text = text[:k]
    text = re.sub(r"\s+(?:of|in|among)(?:\s+(?:the|all|those|these|its|their))?\s*$", "", text.strip()).strip(" ,;:-")
    return text or q.text


def _interval(q: Quantity) -> tuple[float, float] | None:
    """The values a statement allows: "more than 1,000" -> [1000, inf), "about 1,300" -> [1170, 1430].

    "up to" / "as many as" give the reported estimate itself: two reports saying "up to 12,000" and "up to 10,000"
    disagree about the estimate."""
    if q.value is None:
        vague = (q.qualifier or "").lower()
        for key in sorted(_VAGUE_RANGES, key=len, reverse=True):
            if vague.endswith(key):
                return _VAGUE_RANGES[key]
        return None
    lo, hi = q.value, (q.high if q.high is not None else q.value)
    lo, hi = min(lo, hi), max(lo, hi)
    qual = (q.qualifier or "").lower()
    if qual in _LOWER_BOUND:
        return lo, float("inf")
    if qual in _UPPER_BOUND:
        return 0.0, hi
    if qual in _APPROX:
        return lo * 0.85, hi * 1.15
    return lo, hi


def _same_number(a: Quantity, b: Quantity, *, settings: AlignSettings) -> bool:
    """One value, written alike or within settings.rel_tolerance of each other."""
    tolerance = settings.rel_tolerance
    if a.value is None or b.value is None:
        return False
    if (a.high is None) != (b.high is None):
        return False
    def close(x: float, y: float) -> bool:
        return abs(x - y) <= tolerance * max(abs(x), abs(y), 1e-9)
    return close(a.value, b.value) and (a.high is None or close(a.high, b.high or 0.0))


def _far_apart(a: Quantity, b: Quantity, apart: float) -> bool:
    """An order of magnitude or more between two figures: reports that dispute one figure give close values ("up to
    12,000" / "up to 10,000", "125" / "at least 144", "nine" / "three"); figures `apart` (settings.apart) times
    apart count different things: a database against one leak in it, a week's sales against a career's, one loan
    against a programme's total. (A figure misprinted by a factor of ten or more, "1,000" for "10,000", is
    missed.)"""
    if a.value is None or b.value is None:
        return False
    lo = max(min(a.value, a.high or a.value), min(b.value, b.high or b.value))
    hi = min(max(a.value, a.high or a.value), max(b.value, b.high or b.value))
    return hi > 0 and lo / hi >= apart


def _bound_kind(q: Quantity) -> str:
    qual = (q.qualifier or "").lower()
    if qual in _LOWER_BOUND:
        return "lower"
    if qual in _UPPER_BOUND:
        return "upper"
    return "estimate"


def _compatible(a: Quantity, b: Quantity, *, settings: AlignSettings) -> bool:
    """Can both statements hold? Equal numbers, overlapping ranges or bounds, or a number inside a vague magnitude.

    Two bounds of the same kind with different numbers ("at least 8" / "at least 7 people died") are two reports'
    different figures, so they do not agree."""
    if _same_number(a, b, settings=settings):
        return True
    if a.value is not None and b.value is not None and _bound_kind(a) == _bound_kind(b) != "estimate":
        return False
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return True  # an amount we cannot place does not contradict anything
    tolerance = settings.rel_tolerance
    return ia[0] <= ib[1] * (1 + tolerance) and ib[0] <= ia[1] * (1 + tolerance)


class _Item:
    __slots__ = ("doc_id", "q", "head", "mods", "sentence", "sent_span", "context", "events", "value_text", "places",
                 "counted", "times", "sent_places", "window", "person", "kind_of",
                 "age", "then", "unrealised", "clause", "converts", "difference", "nearest_event")

    def __init__(self, doc_id: DocId, q: Quantity, body: str, sentence: str, sent_span: tuple[int, int], *,
                 window_chars: int) -> None:
        self.doc_id = doc_id
        self.q = q
        self.head, self.mods = _head_and_mods(q.counts or "")
        self.kind_of = _of_words(q.counts or "")  # "charges of attempted murder": which of the things it counts
        sized = _SIZED.match(body, q.end) if _COMPOUND.search(q.text) else None
        if sized and sized.group(1).lower() not in STOPWORDS:  # "a 140-person orchestra": the size of the orchestra
            self.head = _stem(fold(sized.group(1)))
        self.sentence = sentence
        self.sent_span = sent_span
        self.context: set[str] = set()  # lemmas around the number: filled by _local_contexts
        self.places: set[str] = set()  # places a few words from the number ("in Iowa"): idem
        lo = max(sent_span[0], q.start - 40)
        window = body[lo:min(sent_span[1], q.end + 50)]
        self.events = frozenset(k for k, pat in _EVENT_CLASSES.items() if pat.search(window))
        # the event named closest to the figure ("the collapse of three houses and the evacuation of 70 homes")
        gaps = {k: min(max(lo + m.start() - q.end, q.start - lo - m.end(), 0) for m in _EVENT_CLASSES[k]
                       .finditer(window)) for k in self.events}
        self.nearest_event = min(sorted(gaps), key=lambda k: gaps[k]) if gaps else None
        self.value_text = _value_text(q, body)
        self.counted = _usable(q, body)  # the counted-thing path applies
        self.times: frozenset[str] = frozenset()  # the days its sentence names: filled by find_conflicts
        self.unrealised = False  # its clause asks for, faces, plans or expects it ("a request for six years"): idem
        self.sent_places: frozenset[str] = frozenset()  # the places named beside the figure: idem
        # the words on either side of the figure (window_chars): which of two same-kind figures fills which slot
        self.window = frozenset(_stem(w) for w in fold(body[max(sent_span[0], q.start - window_chars):q.start] + " "
                                                       + body[q.end:min(sent_span[1], q.end + window_chars)]).split()
                                if w not in STOPWORDS and w.isalpha() and len(w) > 2)
        self.person: str | None = None  # whose age this is ("7-year-old Liliana Hernandez", "Pasztor, 29,")
        self.age = _is_age(q, body)  # what an age "counts" is who it is: a description, not a counted thing
        # an age at an earlier time ("Bunch, then 22, was sentenced", "who was 16 at the time")
        self.then = self.age and bool(_THEN_BEFORE.search(body[max(0, q.start - 12):q.start])
                                      or _THEN_AFTER.match(body[q.end:q.end + 16]))
        self.clause = sentence  # the words of its clause, figures masked: filled by find_conflicts
        self.converts: Quantity | None = None  # the figure before it that it converts ("1bn yen ($8.3m)"): idem
        # a difference from another amount, said after it: "peaked two feet lower than expected"
        self.difference = bool(_DIFFERENCE_AFTER.match(body, q.end))


def _placeable(q: Quantity, body: str) -> bool:
    """A figure that can be compared at all: a number or a vague amount, not a group's age band, a rate, a part or a
    tally."""
    if q.value is None and _interval(q) is None:
        return False
    if q.high is not None and _descending(q.text):
        return False  # a tally or a score, not a range: "by a vote of 1,979 to 561", "a 2-1 defeat"
    if fold(q.counts).split()[-1:] in (["old"], ["olds"]):
        return False  # ages: "18- to 34-year-olds"
    if not q.per and (_RATE_AFTER.match(body[q.end:q.end + 30]) or _RATE_LATER.match(body[q.end:q.end + 40])):
        return False  # a rate the parser did not read as one: "five children per woman", "9.2 births a day"
    if _PARTITIVE.search(q.text) and q.kind not in ("percent", "share"):
        return False  # "5,000 of the troops": a part of another amount ("38 percent of all drug seizures" is a share)
    return True


def _descending(text: str) -> bool:
    """Written from the larger number to the smaller ("1,979 to 561"): ranges go up."""
    nums = [float(n.replace(",", "")) for n in _NUMBER.findall(text)]
    return len(nums) >= 2 and nums[0] > nums[-1]


def _usable(q: Quantity, body: str) -> bool:
    """Comparable by what it counts (the path for sentences that are not aligned as one claim; ages only there)."""
    return bool(q.counts) and _placeable(q, body) and (q.unit or "") not in _AGE_UNITS


def _mods_agree(a: _Item, b: _Item) -> bool:
    if a.mods and b.mods:
        return bool(a.mods & b.mods)
    lone, rich = (a, b) if not a.mods else (b, a)
    if not rich.mods:
        return True
    sentence_stems = {_stem(w) for w in fold(lone.sentence).split()}
    return len(rich.mods & sentence_stems) * 2 >= len(rich.mods)


def _local_contexts(items: list[_Item], wanted: set[int], *, settings: AlignSettings) -> None:
    """What the sentence says around each number: content lemmas within settings.local_window tokens of it and its
    governing verb
    ("Up to 12,000 troops have been sent to Russia" -> {send, russia}); what is counted is left out."""
    idx = sorted(wanted)
    nlp = resources.nlp()
    for k, sdoc in zip(idx, nlp.pipe([items[k].sentence for k in idx], batch_size=64)):
        it = items[k]
        q_start = it.q.start - it.sent_span[0]
        q_end = it.q.end - it.sent_span[0]
        inside = [t for t in sdoc if q_start <= t.idx < q_end]
        if not inside:
            continue
        first, last = inside[0].i, inside[-1].i
        counted = {t.lemma_.lower() for t in inside}
        reach = settings.local_window
        near = list(sdoc[max(0, first - reach):first]) + list(sdoc[last + 1:last + 1 + reach])
        root = min(inside, key=lambda t: len(list(t.ancestors)))
        verb = next((a for a in root.ancestors if a.pos_ in ("VERB", "AUX") and a.lemma_.lower() != "be"), None)
        if verb is not None:
            near.append(verb)
        it.context = {t.lemma_.lower() for t in near
                      if t.is_alpha and not t.is_stop and len(t.text) > 2 and not t.like_num} - counted
        lo, hi = max(0, first - reach), last + 1 + reach
        it.places = {_stem(fold(e.text).split()[-1]) for e in sdoc.ents
                     if e.label_ in _PLACE_LABELS and e.start < hi and e.end > lo and fold(e.text)}


def _context_similar(a: _Item, b: _Item, sims: dict[tuple[int, int], float], ia: int, ib: int, *,
                     settings: AlignSettings) -> bool:
    """Do the two sentences say the same thing about the number? Shared words near it (same_context_words, or one
    in sentences that are close in meaning; generic_words for a generic counted noun)."""
    if a.places and b.places and not (a.places & b.places):
        return False  # "300 homes in Ohio" and "500 homes in Texas" are different homes
    if _different_times(a, b) or _different_moods(a, b):
        return False
    shared = len(a.context & b.context)
    if a.head in _GENERIC_HEADS and shared < settings.generic_words:
        return False
    if shared >= settings.same_context_words:
        return True
    return shared >= 1 and sims.get((min(ia, ib), max(ia, ib)), 0.0) >= settings.same_context


def _items(documents: Sequence[Document], annotations: Sequence[Annotations],
           canonical: Callable[[str], str | None] | None, settings: AlignSettings) -> list[_Item]:
    """Every comparable figure of the reports, with what find_conflicts judges it by: its sentence, clause, days,
    places, mood, the words beside it and (for an age) whose age it is."""
    bodies = {d.id: d.body for d in documents}
    items: list[_Item] = []
    for ann in annotations:
        body = bodies.get(ann.doc_id)
        if body is None:
            continue
        converted = _conversions(ann.quantities, body)
        clocks = clock_figures(body, ((q.start, q.end) for q in ann.quantities), settings=settings)
        for q in (*ann.quantities, *clocks):
            if not _placeable(q, body):
                continue
            sent = next((s for s in ann.sentences if s.start <= q.start < s.end), None)
            span = (sent.start, sent.end) if sent else (max(0, q.start - 150), min(len(body), q.end + 150))
            item = _Item(ann.doc_id, q, body, body[span[0]:span[1]], span, window_chars=settings.window_chars)
            # the days the figure's clause names (its sentence when the clause is not known), other than the figure
            # itself ("150 million years ago"): "a teacher who resigned this month" does not date her student's age
            runs = q.clause or (span,)
            dated = [m for m in ann.dates if any(m.start < b and a < m.end for a, b in runs)
                     and not (m.start < q.end and q.start < m.end)]
            item.times = frozenset(_time_key(m) for m in dated)
            near = (max(span[0], q.start - settings.window_chars), min(span[1], q.end + settings.window_chars))
            item.sent_places = frozenset(_stem(fold(m.text).split()[-1]) for m in ann.mentions
                                         if m.label in _PLACE_LABELS and near[0] <= m.start < near[1] and fold(m.text)
                                         and _LOCATIVE.search(body[max(0, m.start - 16):m.start]))
            clause = " ".join(body[a:b] for a, b in runs) if q.clause else item.sentence
            item.clause = _NUMBER.sub("#", " ".join(clause.split()))
            # the clause's words up to the figure and a few after it: what asks for, faces, plans or expects the
            # figure comes before it ("is expected to approve a $75,000 reward", "faces up to 20 years") or right
            # after it ("20 years maximum"); a cue further on qualifies something else ("10 beats per minute, beyond
            # any expected margin of error")
            before = " ".join(body[a:min(b, q.start)] for a, b in runs if a < q.start)
            after = " ".join(body[max(a, q.end):b] for a, b in runs if b > q.end).split()[:settings.mood_after]
            folded = fold(before + " " + " ".join(after))
            # an age says who someone is, whatever the clause asks or plans ("Magnotta, 44, is wanted")
            item.unrealised = not item.age and bool(set(folded.split()) & _UNREALISED
                                                    or _UNREALISED_PHRASES.search(folded))
            item.converts = converted.get(id(q))
            if canonical is not None and item.age:
                item.person = _age_person(q, body, ann, canonical)
            items.append(item)
    _full_names(items)
    return items


def _conversions(quantities: Sequence[Quantity], body: str) -> dict[int, Quantity]:
    """The figures (by id) that convert the figure before them into another unit of its kind, in brackets, with the
    figure they convert: "one billion yen ($8.84 million)", "1bn yen ($8.3m, £5.6m)", "18 miles (29 km)"."""
    out: dict[int, Quantity] = {}
    ordered = sorted(quantities, key=lambda q: q.start)
    for k, q in enumerate(ordered):
        j = k - 1
        while j >= 0 and id(ordered[j]) in out:  # "1bn yen ($8.3m, £5.6m)": both convert the yen
            j -= 1
        if j < 0:
            continue
        base = ordered[j]
        if not (base.unit and q.unit and base.unit != q.unit and base.kind == q.kind):
            continue
        gap = body[base.end:q.start]
        if len(gap) <= 40 and ("(" in gap or "[" in gap) and ")" not in gap and "]" not in gap:
            out[id(q)] = base
    return out


def _both_conversions(a: _Item, b: _Item, *, settings: AlignSettings) -> bool:
    """Two conversions of figures in one unit that are not compared: of money ("one billion yen ($8.84 million)" /
    "1bn yen ($8.3m)"), where they differ by the exchange rate of the day; of different figures, which are compared
    themselves; of one measure, by a fixed ratio, within settings.conversion_rounding of each other ("2,700 km
    (1,680 miles)" / "(1,700 miles)"). Two conversions of one measure further apart disagree ("(2,520 miles)"). (A
    conversion against another report's own figure is compared: "19,356 feet (8,850 m)" / "5,900 meters".)"""
    if a.converts is None or b.converts is None or (a.converts.unit or "") != (b.converts.unit or ""):
        return False
    if a.q.kind == "money" or not _same_number(a.converts, b.converts, settings=settings):
        return True
    x, y = a.q.value, b.q.value
    return x is None or y is None or abs(x - y) <= settings.conversion_rounding * max(abs(x), abs(y))


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
    items = _items(documents, annotations, canonical, settings)

    # candidate pairs: different reports, same head noun and unit, modifiers, verb class and movement agree
    pairs = []
    for i, a in enumerate(items):
        if not a.counted:
            continue
        for j in range(i + 1, len(items)):
            b = items[j]
            if not b.counted or a.doc_id == b.doc_id or not a.head or a.head != b.head or a.q.unit != b.q.unit \
                    or a.q.per != b.q.per:
                continue
            if a.events != b.events or a.nearest_event != b.nearest_event or not _mods_agree(a, b) \
                    or _slot_kind(a)[2] != _slot_kind(b)[2]:
                continue  # a fall by 17 points is not a win by 75; houses that collapsed are not those evacuated
            pairs.append((i, j))
    slot_links = _slot_pairs(items, aligned, settings=settings) | _age_pairs(items)
    slot_links |= _clause_pairs(items, slot_links, settings)
    pairs = [p for p in pairs if p not in slot_links]
    if not pairs and not slot_links:
        return []
    _local_contexts(items, {k for p in pairs for k in p}, settings=settings)
    sims = _similarities(items, pairs, settings=settings)
    links = [(i, j) for i, j in pairs if _context_similar(items[i], items[j], sims, i, j, settings=settings)] \
        + sorted(slot_links)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for i, j in links:
        neighbours[i].add(j)
        neighbours[j].add(i)
    # a clash: two linked statements that cannot both hold, where neither report itself gives both values
    # (a report giving both is counting two different things: "100 men ... 30 men")
    clashes = [(i, j) for i, j in links if not _compatible(items[i].q, items[j].q, settings=settings)
               and not _far_apart(items[i].q, items[j].q, settings.apart)
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
                           if any(_compatible(items[n].q, items[e].q, settings=settings) for e in ends))
        conflict = _conflict([items[i] for i in sorted(members)], order, settings=settings)
        if conflict is not None:
            conflicts.append(conflict)
    conflicts = _without_repeats(conflicts)
    # the most widely reported first: how many reports give a value, then how many values
    conflicts.sort(key=lambda c: (-len({d for v in c.values for d in v.sources}), -len(c.values), c.about))
    return conflicts


def _without_repeats(conflicts: list[Conflict]) -> list[Conflict]:
    """Conflicts that another one already tells in full (every report with the same value) are left out: a report
    repeating its figure in two sentences gives one disagreement, not two."""
    def told(c: Conflict) -> frozenset[tuple[DocId, str]]:
        return frozenset((d, v.value) for v in c.values for d in v.sources)

    sets = [told(c) for c in conflicts]
    return [c for k, c in enumerate(conflicts)
            if not any(j != k and sets[k] <= sets[j] and (sets[k] < sets[j] or j < k) for j in range(len(sets)))]


def _slot_pairs(items: list[_Item], aligned: Sequence[tuple[Span, Span, bool]], *, settings: AlignSettings
                ) -> set[tuple[int, int]]:
    """Figures in the same place of two sentences that state one claim: same unit and kind, no different days or
    places named, and the same counted thing (or one worded alike: "members" / "users"); in two strongly aligned
    sentences also the only figure of that unit and kind in each when the counted thing is not named on one side.
    Equal values pair first (one to one)."""
    by_sentence: dict[Span, list[int]] = defaultdict(list)
    for k, it in enumerate(items):
        by_sentence[(it.doc_id, it.sent_span[0], it.sent_span[1])].append(k)
    # only the counted things of figures in aligned sentences that both hold a figure are ever compared
    compared = {k for sa, sb, _ in aligned if sa in by_sentence and sb in by_sentence
                for k in by_sentence[sa] + by_sentence[sb]}
    heads = sorted({fold(items[k].q.counts or "") for k in compared} - {""})
    vecs = dict(zip(heads, resources.embed(heads))) if heads else {}

    def alike(a: _Item, b: _Item) -> bool:
        return _counted_alike(a, b, vecs, same_counted=settings.same_counted)

    out: set[tuple[int, int]] = set()
    for sa, sb, strong in aligned:
        xs, ys = by_sentence.get(sa, []), by_sentence.get(sb, [])
        if not xs or not ys:
            continue
        free_x, free_y = list(xs), list(ys)
        for x in xs:  # the same value on both sides is the same slot
            y = next((y for y in free_y if _same_number(items[x].q, items[y].q, settings=settings)), None)
            if y is not None and x in free_x:
                free_x.remove(x)
                free_y.remove(y)
                out.add((min(x, y), max(x, y)))
        for x in free_x:
            a = items[x]
            same_kind = [y for y in free_y if _slot_kind(items[y]) == _slot_kind(a) and _same_events(a, items[y])
                         and not _different_times(a, items[y]) and not _different_places(a, items[y])
                         and not _different_moods(a, items[y]) and not _different_people(a, items[y])
                         and not _other_kind(a, items[y]) and not _other_kind(items[y], a)]
            match = [y for y in same_kind if alike(a, items[y])]
            lone = len(same_kind) == 1 and sum(_slot_kind(items[k]) == _slot_kind(a) for k in free_x) == 1
            b = items[same_kind[0]] if lone else None
            shared = len(_beside(a) & _beside(b)) if b is not None else 0
            if not match and b is not None and (not (a.q.counts and b.q.counts) or a.age and b.age
                                                or strong and _measure(a) and _measure(b)) \
                    and (shared >= settings.lone_window if strong else shared >= settings.clause_beside and not a.age):
                # the only figure of its kind on each side, with words beside it in common (in sentences only each
                # other's closest, as many as clause-paired figures need, and not an age: whose it is decides that)
                match = same_kind
            if len(match) > 1:  # several of the counted thing: the one its modifiers name ("tax revenue", not "sales")
                match = _by_modifiers(a, [items[y] for y in match], match) or match
            if len(match) != 1 and strong:
                # the words beside the figures decide among the candidates whose counted things do not differ
                open_ = match or [y for y in same_kind if not (a.q.counts and items[y].q.counts)
                                  or (a.age and items[y].age)]
                match = _by_window(a, [items[y] for y in open_], open_)
            if len(match) == 1:
                y = match[0]
                free_y.remove(y)
                out.add((min(x, y), max(x, y)))
    return out


def _clause_pairs(items: list[_Item], linked: set[tuple[int, int]], settings: AlignSettings
                  ) -> set[tuple[int, int]]:
    """Figures whose own clauses state one claim, wherever their sentences stand: the two reports' mutual closest
    clauses among the figures of one slot kind (embeddings of the clauses with their figures masked, at
    settings.same_clause), with settings.clause_beside words beside the figures in common (one where the clauses are
    worded alike, settings.clause_alike), the same events named beside them (none, or the same: "sent" is not
    "killed"), no different day, place or mood, and the same
    counted thing (one head noun, modifiers that agree) where both name it. A long sentence restating one figure
    among others is not aligned as a whole with the other report's sentence; the figure's clause is ("he earned $7.4
    million since last year from his ownership stake" / "earned $4.9 million from his ownership stake"). Figures
    already paired between the two reports are left as they are."""
    partnered: set[tuple[int, DocId]] = set()
    for i, j in linked:
        partnered.add((i, items[j].doc_id))
        partnered.add((j, items[i].doc_id))
    groups: dict[tuple[str, str, str, str], dict[DocId, list[int]]] = defaultdict(lambda: defaultdict(list))
    for k, it in enumerate(items):
        if it.q.value is not None:
            groups[_slot_kind(it)][it.doc_id].append(k)
    # the blocks (one slot kind, two reports) where some pair could pass the tests that need no embedding: only
    # their clauses are embedded (the outcome is the same as embedding every clause; the tests are cheap)
    blocks: list[tuple[list[int], list[int]]] = []
    fewest = min(1, settings.clause_beside)  # words beside them that clauses worded alike need in common
    for by_doc in groups.values():
        docs = sorted(by_doc)
        for x, da in enumerate(docs):
            for db in docs[x + 1:]:
                xs = [k for k in by_doc[da] if (k, db) not in partnered]
                ys = [k for k in by_doc[db] if (k, da) not in partnered]
                if any(_clause_compatible(items[a], items[b], fewest) for a in xs for b in ys):
                    blocks.append((xs, ys))
    wanted = sorted({k for xs, ys in blocks for k in xs + ys})
    if not wanted:
        return set()
    vecs = dict(zip(wanted, resources.embed([items[k].clause for k in wanted])))
    out: set[tuple[int, int]] = set()
    for xs, ys in blocks:
        sim = np.array([[vecs[a] @ vecs[b] for b in ys] for a in xs], dtype=float)
        best_col, best_row = sim.argmax(axis=1), sim.argmax(axis=0)
        for r, a in enumerate(xs):
            c = int(best_col[r])
            beside = settings.clause_beside if sim[r, c] < settings.clause_alike else fewest
            if sim[r, c] >= settings.same_clause and best_row[c] == r \
                    and _clause_compatible(items[a], items[ys[c]], beside):
                out.add((min(a, ys[c]), max(a, ys[c])))
    return out


def _clause_compatible(a: _Item, b: _Item, beside: int) -> bool:
    """What two clause-paired figures must share besides their clauses' meaning: the same events (and the same one
    named closest to each), agreeing modifiers, no different day, place or mood, `beside` words beside them, and
    the same counted thing where both name one (the same head noun: "leaked passwords" are not "LinkedIn
    members", "tanks" not "soldiers"; worded-alike things pair only in aligned sentences, _slot_pairs)."""
    if a.events != b.events or a.nearest_event != b.nearest_event or not _mods_agree(a, b) \
            or _different_times(a, b) or _different_places(a, b) \
            or _different_moods(a, b) or len(_beside(a) & _beside(b)) < beside:
        return False
    return not (a.q.counts and b.q.counts) or a.head == b.head


def _counted_alike(a: _Item, b: _Item, vecs: Mapping[str, "np.ndarray"], *, same_counted: float) -> bool:
    """The same counted thing, by its head noun or worded alike ("members" / "users": cosine at `same_counted`;
    never two nouns that count different groups of people, data/person_groups.tsv); `vecs` holds the folded
    counted phrases' embeddings."""
    if a.head and a.head == b.head:
        return True
    groups = _PERSON_GROUPS.get(a.head), _PERSON_GROUPS.get(b.head)
    if groups[0] and groups[1] and groups[0] != groups[1]:  # "men" are a part of "people", not another word for them
        return False
    ka, kb = fold(a.q.counts or ""), fold(b.q.counts or "")
    return bool(ka and kb) and float(vecs[ka] @ vecs[kb]) >= same_counted


def _measure(it: _Item) -> bool:
    """A measure in a unit of its own (a distance, a duration, a weight, ...), not an age: what its sentence names
    beside it ("the collision", "the ships") is what is measured, not a counted thing that tells two figures
    apart."""
    return it.q.kind not in (None, "count", "money", "percent", "share", "time", "other") and not it.age


def _beside(it: _Item) -> frozenset[str]:
    """The words beside a figure and the head of what it counts ("an 11-year-old girl")."""
    return it.window | {it.head} if it.head else it.window


def _by_modifiers(a: _Item, candidates: list[_Item], ids: list[int]) -> list[int]:
    """The one candidate sharing the most modifiers of what is counted with a (at least one)."""
    return _clear_best([len(a.mods & c.mods) for c in candidates], ids, floor=1)


def _by_window(a: _Item, candidates: list[_Item], ids: list[int]) -> list[int]:
    """The one candidate whose neighbouring words are clearly a's ("at a height of 5,900 meters" / "at an altitude
    of 8,850 m", against "the 8,013 m peak"): most shared words, at least two, and more than any other candidate."""
    return _clear_best([len(a.window & c.window) for c in candidates], ids, floor=2)


def _clear_best(scores: list[int], ids: list[int], *, floor: int) -> list[int]:
    """The id with the highest score when it reaches floor and no other id ties it; else none."""
    ranked = sorted(zip(scores, ids), reverse=True)
    if not ranked or ranked[0][0] < floor or (len(ranked) > 1 and ranked[1][0] >= ranked[0][0]):
        return []
    return [ranked[0][1]]


_DIFFERENCE_AFTER = re.compile(r"\s+(?:more|less|fewer|higher|lower|greater|smaller|larger|bigger|longer|shorter|"
                               r"taller|older|younger|earlier|later)\s+than\b", re.I)
_A_DESCRIPTION = re.compile(r",\s+(?:a|an)\s+", re.I)
_THEN_BEFORE = re.compile(r"\b(?:then|at the time)\s*,?\s*$", re.I)
_THEN_AFTER = re.compile(r"^(?:\s*(?:years?)?\s*(?:old)?)?\s*(?:at the time|then)\b", re.I)
_AGE_AFTER = re.compile(r"^[-\s]*(?:(?:year|month|week|day)s?[-\s]+)?old\b", re.I)


def _is_age(q: Quantity, body: str) -> bool:
    """An age: "29" read as an age, or "6-week-old" (a duration followed by "old")."""
    return (q.unit or "") in _AGE_UNITS or (q.kind == "duration" and bool(_AGE_AFTER.match(body[q.end:q.end + 12])))


def _age_person(q: Quantity, body: str, ann: Annotations, canonical: Callable[[str], str | None]) -> str | None:
    """The person an age belongs to, by the story's name for them: the name right after it ("7-year-old Liliana
    Hernandez") or the name it follows as an apposition ("Pasztor, 29,"; there whatever the recogniser labelled the
    name: "Magnotta, 44," as an organisation), or in a description of the person after their name ("Andrea Kuiper,
    a 26-year-old Virginia native")."""
    for m in ann.mentions:
        if m.label not in _NAME_LABELS:
            continue
        before = 0 <= q.start - m.end <= 3 and body[m.end:q.start].strip() == ","
        described = m.label == "PERSON" and 0 <= q.start - m.end <= 6 and bool(_A_DESCRIPTION.fullmatch(
            body[m.end:q.start]))  # "Andrea Kuiper, a 26-year-old Virginia native"
        if described:
            return canonical(m.text)
        if m.label != "PERSON" and not before:
            continue
        inside = q.start < m.start and m.end <= q.end  # read as what is counted: "7-year-old Liliana Hernandez"
        after = inside or 0 <= m.start - q.end <= 12 and re.fullmatch(r"[-\s\w]*?old\s+|\s*", body[q.end:m.start],
                                                                          re.I)
        if after or before:
            return canonical(m.text)
    return None


def _full_names(items: list[_Item]) -> None:
    """A person named by surname alone is the one person of the story with that surname named in full ("Magnotta" /
    "Luka Rocco Magnotta"); with two such people, or none, the surname stays as it is."""
    full: dict[str, set[str]] = defaultdict(set)
    for it in items:
        if it.person and " " in it.person:
            full[fold(it.person).split()[-1]].add(it.person)
    for it in items:
        if it.person and " " not in it.person and len(full.get(fold(it.person), ())) == 1:
            it.person = next(iter(full[fold(it.person)]))


def _age_pairs(items: list[_Item]) -> set[tuple[int, int]]:
    """Ages of the same person given by two reports, both now or both at an earlier time ("then 22")."""
    by_person: dict[str, list[int]] = defaultdict(list)
    for k, it in enumerate(items):
        if it.person:
            by_person[it.person].append(k)
    return {(i, j) for ks in by_person.values() for i in ks for j in ks
            if i < j and items[i].doc_id != items[j].doc_id and items[i].then == items[j].then}


def _same_events(a: _Item, b: _Item) -> bool:
    """What happened to what is counted agrees, where both say: "18 troops were wounded" is not "four were killed";
    in aligned sentences one naming more events beside the figure agrees with one naming some of them ("two killed
    and seven injured in a 25-vehicle pileup" / "a 38-vehicle pileup killed two")."""
    return not (a.events and b.events) or bool(a.events & b.events)


def _other_kind(a: _Item, b: _Item) -> bool:
    """a counts one kind of the things b counts, and b's sentence names none of that kind: "three charges of
    attempted murder" are not the "four of five charges" of a sentence that names no murder."""
    return bool(a.kind_of) and b.head == a.head and not a.kind_of & {_stem(w) for w in fold(b.sentence).split()}


def _different_places(a: _Item, b: _Item) -> bool:
    """Both figures have places beside them, and none in common: "125 people across Syria" / "104 in Homs" (a place
    elsewhere in the sentence, "according to the Las Vegas Sun", says nothing of the figure)."""
    return bool(a.sent_places and b.sent_places and not (a.sent_places & b.sent_places))


def _different_people(a: _Item, b: _Item) -> bool:
    """Ages of two people the story names apart ("Smith, 34" / "Hayes, 28"): by the story's names for them, else by
    the names the ages follow (a surname is never "worded alike" with another)."""
    if a.person and b.person:
        return a.person != b.person
    named = a.age and b.age and (a.q.counts or "")[:1].isupper() and (b.q.counts or "")[:1].isupper()
    return bool(named and a.head != b.head)


def _different_moods(a: _Item, b: _Item) -> bool:
    """One figure is what happened, the other what was asked for, faced, planned or expected."""
    return a.unrealised != b.unrealised


def _different_times(a: _Item, b: _Item) -> bool:
    """Both clauses name days, and no day in common: "shed 1,175 points Monday" / "666 points on Friday". (An
    undated figure is not given its report's news day: a report led by Tuesday's news restates Monday's donation
    undated as often as it reports a new figure.) An age at an earlier time ("then 22") is not one given now."""
    return bool(a.times and b.times and not a.times & b.times) or a.then != b.then


def _time_key(m: DateMention) -> str:
    return m.date or m.expr or fold(m.text)


def _slot_kind(it: _Item) -> tuple[str, str, str, str]:
    """Unit, kind, whether the figure is a rise, a fall, a difference ("two feet lower than expected") or a level
    ("rose 149%" and "sank 7 percent" are two movements, not two reports of one), and what it is per ("2.5 kg per
    person" is a rate, "24 kg" an amount)."""
    change = it.q.change
    movement = "difference" if it.difference else change if change in ("up", "down") else "level"
    return (it.q.unit or "", it.q.kind or "", movement, it.q.per or "")


def _reports_both(items: list[_Item], own: _Item, other: _Item, *, settings: AlignSettings) -> bool:
    """Does `own`'s report itself give `other`'s value, for the same counted thing ("100 men ... 30 men")? Where
    neither names what it counts, only a figure with a word beside it in common with `other` is that value (a
    "$500,000" the report gives for another payment is not; "received $130,000 to keep quiet" beside "wire $130,000 to
    Daniels" is)."""
    head, q = own.head, other.q
    for it in items:
        if it.doc_id != own.doc_id or (it.head != head and it.head and head) or (it.q.unit or "") != (q.unit or ""):
            continue
        if not (it.head and head) and not _beside(it) & _beside(other):
            continue
        if _same_number(it.q, q, settings=settings) or (it.q.value is None and q.value is None
                                     and fold(it.q.qualifier or "") == fold(q.qualifier or "")):
            return True
    return False


def _parts_of(items: list[_Item], part: _Item, total: _Item, *, settings: AlignSettings) -> bool:
    """Is `part` one of several figures of its sentence that together give `total` ("Eleven military planes, one civil
    aircraft and 15 ships" / "Twelve aircraft")? The figures of one unit and kind in part's sentence, with part, up
    to settings.max_parts of them, whose sum can be the total. A total given as parts that do not add up ("19
    wounded" / "5 critical and 12 minor") is still a disagreement."""
    if part.q.value is None or total.q.value is None or part.q.value >= total.q.value:
        return False
    kind = _slot_kind(part)
    heads = {part.head, total.head}
    others = [it for it in items if it is not part and it.doc_id == part.doc_id and it.sent_span == part.sent_span
              and _slot_kind(it) == kind and it.q.value is not None and not it.age and it.q.value < total.q.value
              and (not it.head or it.head in heads)]  # "$3 million in sales" and "$1 million in tax" are no parts
    if not others or len(others) > 2 * settings.max_parts:
        return False
    whole = _interval(total.q)
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
    if (q.qualifier or "").lower() in _APPROX and q.value is not None:
        return min(q.value, q.high or q.value), max(q.value, q.high or q.value)
    return _interval(q)


def _similarities(items: list[_Item], pairs: list[tuple[int, int]], *, settings: AlignSettings
                  ) -> dict[tuple[int, int], float]:
    """Cosine of sentence embeddings for the candidate pairs whose words alone do not settle it."""
    need = [(i, j) for i, j in pairs if len(items[i].context & items[j].context) == settings.same_context_words - 1]
    if not need:
        return {}
    idx = sorted({k for p in need for k in p})
    vecs = resources.embed([items[k].sentence for k in idx])
    row = {k: r for r, k in enumerate(idx)}
    return {(i, j): float(vecs[row[i]] @ vecs[row[j]]) for i, j in need}


def _precision(q: Quantity) -> str:
    """How a value is stated: a vague amount, a bound, an approximation or an exact figure."""
    if q.value is None:
        return "vague"
    kind = _bound_kind(q)
    if kind != "estimate" or q.change in ("<", ">"):
        return "bound"
    if q.change == "~" or (q.qualifier or "").lower() in _APPROX:
        return "approximate"
    return "exact"


def _conflict(members: list[_Item], order: dict[DocId, int], *, settings: AlignSettings) -> Conflict | None:
    by_doc: dict[DocId, list[_Item]] = defaultdict(list)
    for it in members:
        by_doc[it.doc_id].append(it)
    if len(by_doc) < 2:
        return None
    # a report that gives a number speaks through its numbers; a vague amount only where it gives nothing more
    chosen: list[_Item] = []
    for doc_items in by_doc.values():
        numeric = [it for it in doc_items if it.q.value is not None]
        chosen.extend(numeric or doc_items)
    # group equal values (the same number written differently, or the same vague word)
    values: list[list[_Item]] = []
    for it in sorted(chosen, key=lambda x: (order.get(x.doc_id, 0), x.q.start)):
        for group in values:
            rep = group[0].q
            if (rep.value is None and it.q.value is None and fold(rep.qualifier or "") == fold(it.q.qualifier or "")) \
                    or _same_number(rep, it.q, settings=settings):
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
            if not _compatible(values[x][0].q, values[y][0].q, settings=settings):
                clash = True
    if not clash:
        return None
    about = max((it.q.counts or "" for it in members), key=lambda c: (len(_head_and_mods(c)[1]), -len(c)))
    if not about:  # nothing named as counted: say which statement the figures belong to
        words = re.sub(r"\s+", " ", members[0].sentence).strip().split()
        about = " ".join(words[:settings.about_words]) + ("…" if len(words) > settings.about_words else "")
    out = []
    for group in sorted(values, key=lambda g: (g[0].q.value is None, -(g[0].q.value or 0))):
        sources = tuple(sorted({it.doc_id for it in group}, key=lambda d: order.get(d, 0)))
        evidence = tuple(Evidence(doc_id=it.doc_id, start=it.q.start, end=it.q.end) for it in group)
        out.append(ConflictValue(value=group[0].value_text, text=re.sub(r"\s+", " ", group[0].sentence).strip(),
                                 sources=sources, evidence=evidence, precision=_precision(group[0].q)))
    return Conflict(about=about, values=tuple(out))
