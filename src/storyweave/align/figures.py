"""The figures of a report as the conflict checks compare them: each number, vague amount or time of day with what
it counts, its sentence and clause, the days, places and events beside it, its mood, and for an age whose age it is.

read_figures(documents, annotations, canonical, settings) -> list[Figure]

Also the comparisons of two values that every check shares: the interval a figure allows (bounds, approximations,
vague amounts, rounding), whether two can both hold (compatible), the slot kind (unit, kind, movement, rate) and how a
value is stated (precision).
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Callable, Sequence

from storyweave.align.clock import clock_figures
from storyweave.model import Annotations, DateMention, DocId, Document, Quantity
from storyweave.settings import AlignSettings
from storyweave.textutil import STOPWORDS, fold
from storyweave.textutil import stem as _stem

Span = tuple[DocId, int, int]  # a sentence: document id, start, end

_AGE_UNITS = frozenset({"year of age"})
_UNREALISED_CUES = [line.strip() for line in
                    (Path(__file__).with_name("data") / "unrealised.txt").read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.startswith("#")]
_UNREALISED = frozenset(c for c in _UNREALISED_CUES if " " not in c)
_UNREALISED_PHRASES = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in _UNREALISED_CUES if " " in c) + r")\b")
# labels the recogniser gives a person's name it misreads ("Magnotta, 44," as ORG): an age apposition makes it a person
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
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
APPROX = {"about", "around", "approximately", "nearly", "almost", "roughly", "some", "close to", "an estimated",
           "estimated", "~"}
_VAGUE_RANGES = {
    "dozens": (24, 1_000), "scores": (40, 1_000), "hundreds": (200, 10_000), "thousands": (1_000, 1_000_000),
    "tens of thousands": (10_000, 1_000_000), "hundreds of thousands": (100_000, 10_000_000),
    "millions": (1_000_000, 1e9), "tens of millions": (1e7, 1e9), "hundreds of millions": (1e8, 1e10),
    "billions": (1e9, 1e12), "several hundred": (200, 1_000), "several thousand": (2_000, 10_000),
    "several million": (2e6, 1e7), "a few hundred": (200, 1_000), "a few thousand": (2_000, 10_000),
    "many thousand": (2_000, 100_000), "few hundred": (200, 1_000), "few thousand": (2_000, 10_000),
}


def head_and_mods(counts: str) -> tuple[str, set[str]]:
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


def interval(q: Quantity) -> tuple[float, float] | None:
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
    if qual in APPROX:
        return lo * 0.85, hi * 1.15
    return lo, hi


def same_number(a: Quantity, b: Quantity, *, settings: AlignSettings) -> bool:
    """One value, written alike or within settings.rel_tolerance of each other."""
    tolerance = settings.rel_tolerance
    if a.value is None or b.value is None:
        return False
    if (a.high is None) != (b.high is None):
        return False
    def close(x: float, y: float) -> bool:
        return abs(x - y) <= tolerance * max(abs(x), abs(y), 1e-9)
    return close(a.value, b.value) and (a.high is None or close(a.high, b.high or 0.0))


def far_apart(a: Quantity, b: Quantity, apart: float) -> bool:
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


def compatible(a: Quantity, b: Quantity, *, settings: AlignSettings) -> bool:
    """Can both statements hold? Equal numbers, overlapping ranges or bounds, or a number inside a vague magnitude.

    Two bounds of the same kind with different numbers ("at least 8" / "at least 7 people died") are two reports'
    different figures, so they do not agree."""
    if same_number(a, b, settings=settings):
        return True
    if a.value is not None and b.value is not None and _bound_kind(a) == _bound_kind(b) != "estimate":
        return False
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return True  # an amount we cannot place does not contradict anything
    tolerance = settings.rel_tolerance
    return ia[0] <= ib[1] * (1 + tolerance) and ib[0] <= ia[1] * (1 + tolerance)


class Figure:
    """One figure of one report (`q`, its Quantity) and what the checks judge it by; built by read_figures, which
    fills the fields that need the report's annotations (times, sent_places, clause, unrealised, converts, person);
    figure_links fills `context` and `places` for the figures it compares by their words."""

    __slots__ = ("doc_id", "q", "head", "mods", "sentence", "sent_span", "context", "events", "value_text", "places",
                 "counted", "times", "sent_places", "window", "person", "kind_of",
                 "age", "then", "unrealised", "clause", "converts", "difference", "nearest_event")

    def __init__(self, doc_id: DocId, q: Quantity, body: str, sentence: str, sent_span: tuple[int, int], *,
                 window_chars: int) -> None:
        self.doc_id = doc_id
        self.q = q
        self.head, self.mods = head_and_mods(q.counts or "")
        self.kind_of = _of_words(q.counts or "")  # "charges of attempted murder": which of the things it counts
        sized = _SIZED.match(body, q.end) if _COMPOUND.search(q.text) else None
        if sized and sized.group(1).lower() not in STOPWORDS:  # "a 140-person orchestra": the size of the orchestra
            self.head = _stem(fold(sized.group(1)))
        self.sentence = sentence
        self.sent_span = sent_span
        self.context: set[str] = set()  # lemmas around the number: filled by figure_links
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
        self.times: frozenset[str] = frozenset()  # the days its sentence names: filled by read_figures
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
        self.clause = sentence  # the words of its clause, figures masked: filled by read_figures
        self.converts: Quantity | None = None  # the figure before it that it converts ("1bn yen ($8.3m)"): idem
        # a difference from another amount, said after it: "peaked two feet lower than expected"
        self.difference = bool(_DIFFERENCE_AFTER.match(body, q.end))


def _placeable(q: Quantity, body: str) -> bool:
    """A figure that can be compared at all: a number or a vague amount, not a group's age band, a rate, a part or a
    tally."""
    if q.value is None and interval(q) is None:
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


def read_figures(documents: Sequence[Document], annotations: Sequence[Annotations],
           canonical: Callable[[str], str | None] | None, settings: AlignSettings) -> list[Figure]:
    """Every comparable figure of the reports, with what find_conflicts judges it by: its sentence, clause, days,
    places, mood, the words beside it and (for an age) whose age it is."""
    bodies = {d.id: d.body for d in documents}
    items: list[Figure] = []
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
            item = Figure(ann.doc_id, q, body, body[span[0]:span[1]], span, window_chars=settings.window_chars)
            # the days the figure's clause names (its sentence when the clause is not known), other than the figure
            # itself ("150 million years ago"): "a teacher who resigned this month" does not date her student's age
            runs = q.clause or (span,)
            dated = [m for m in ann.dates if any(m.start < b and a < m.end for a, b in runs)
                     and not (m.start < q.end and q.start < m.end)]
            item.times = frozenset(_time_key(m) for m in dated)
            near = (max(span[0], q.start - settings.window_chars), min(span[1], q.end + settings.window_chars))
            item.sent_places = frozenset(_stem(fold(m.text).split()[-1]) for m in ann.mentions
                                         if m.label in PLACE_LABELS and near[0] <= m.start < near[1] and fold(m.text)
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


def is_measure(it: Figure) -> bool:
    """A measure in a unit of its own (a distance, a duration, a weight, ...), not an age: what its sentence names
    beside it ("the collision", "the ships") is what is measured, not a counted thing that tells two figures
    apart."""
    return it.q.kind not in (None, "count", "money", "percent", "share", "time", "other") and not it.age


def beside_words(it: Figure) -> frozenset[str]:
    """The words beside a figure and the head of what it counts ("an 11-year-old girl")."""
    return it.window | {it.head} if it.head else it.window


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


def _full_names(items: list[Figure]) -> None:
    """A person named by surname alone is the one person of the story with that surname named in full ("Magnotta" /
    "Luka Rocco Magnotta"); with two such people, or none, the surname stays as it is."""
    full: dict[str, set[str]] = defaultdict(set)
    for it in items:
        if it.person and " " in it.person:
            full[fold(it.person).split()[-1]].add(it.person)
    for it in items:
        if it.person and " " not in it.person and len(full.get(fold(it.person), ())) == 1:
            it.person = next(iter(full[fold(it.person)]))


def _time_key(m: DateMention) -> str:
    return m.date or m.expr or fold(m.text)


def slot_kind(it: Figure) -> tuple[str, str, str, str]:
    """Unit, kind, whether the figure is a rise, a fall, a difference ("two feet lower than expected") or a level
    ("rose 149%" and "sank 7 percent" are two movements, not two reports of one), and what it is per ("2.5 kg per
    person" is a rate, "24 kg" an amount)."""
    change = it.q.change
    movement = "difference" if it.difference else change if change in ("up", "down") else "level"
    return (it.q.unit or "", it.q.kind or "", movement, it.q.per or "")


def precision(q: Quantity) -> str:
    """How a value is stated: a vague amount, a bound, an approximation or an exact figure."""
    if q.value is None:
        return "vague"
    kind = _bound_kind(q)
    if kind != "estimate" or q.change in ("<", ">"):
        return "bound"
    if q.change == "~" or (q.qualifier or "").lower() in APPROX:
        return "approximate"
    return "exact"
