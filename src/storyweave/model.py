"""storyweave's data model. Every stage takes and returns these types; nothing else crosses a stage boundary.

Pipeline (each arrow a stage module with one public function):

    ingest.read      -> RawDocument | Rejected
    clean.clean      RawDocument -> Document | Rejected
    annotate.annotate Document -> Annotations           (sentences, entity mentions, quotes, quantities, dates)
    cluster.cluster  Documents + vectors -> Grouping     (StoryGroups, copy sets)
    align.align      StoryGroup + Documents + Annotations -> CrossCheck
    synthesize.synthesize  StoryGroup + CrossCheck + Documents + Annotations -> Story
    render.render    Report -> str

Offsets (`start`, `end`) are half-open character ranges into `Document.body`.
Dates are ISO strings ("2024-11-15") so that every object serialises to JSON as it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DocId = str
Stage = Literal["ingest", "clean", "annotate", "cluster", "align", "synthesize", "render", "store"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """A half-open character range [start, end) in the body of document `doc_id`."""

    doc_id: DocId
    start: int
    end: int


# ---------------------------------------------------------------- ingest -> clean


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDocument:
    """One report as read, before cleaning. Exactly one of `text` / `html` is set."""

    id: DocId
    source: str  # path, "path:line" for JSON Lines, "-:line" for stdin, URL for fetched pages
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # as given by the record; clean() normalises it
    outlet: str | None = None
    fetched: str | None = None  # ISO timestamp when the page was fetched (WARC, watch)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejected:
    """A document that a stage could not use. Printed one line each; never dropped silently."""

    source: str
    stage: Stage
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


# ---------------------------------------------------------------- annotations


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A number with what it counts: "up to 12,000 North Korean troops"."""

    text: str  # the whole phrase as written
    value: float | None  # 12000; None for vague amounts such as "thousands"
    unit: str | None = None  # "%", "USD", "minute", ...
    qualifier: str | None = None  # "up to", "more than", "about", ...
    counts: str | None = None  # "North Korean troops"
    start: int = 0
    end: int = 0
    high: float | None = None  # upper bound of a range: "10,000-12,000" -> value 10000, high 12000
    # what sort of amount: "money", "percent", "duration", "distance", "weight", "area", "volume", "speed",
    # "temperature", "count", "share" (a part of a whole: "a third of the vote" -> 0.333) or "other"; None when not
    # known
    kind: str | None = None
    # how the value stands: "=" exact, "~" approximate, "<" / ">" an upper / lower bound, "up" / "down" a rise /
    # fall by the value ("rose 5%"); None when not known
    change: str | None = None
    # what a rate is per, as a unit name or the singular noun: "$58.24 per barrel" -> "barrel", "$50 an hour" ->
    # "hour"; None when the amount is not a rate
    per: str | None = None
    # the clause that states it, as character runs of its sentence ("The attack killed 19 people and wounded 40
    # others": for 40, "The attack" + "wounded 40 others"); empty when not known
    clause: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    doc_id: DocId
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A named-entity mention in one document."""

    doc_id: DocId
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, ...
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteMention:
    """A direct quotation in one document, with its speaker as written (resolved later across reports)."""

    doc_id: DocId
    text: str  # inside the quote marks
    start: int
    end: int
    speaker: str | None = None  # "Jake Sullivan", "the three leaders", "joint statement"
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DateMention:
    """A date expression, resolved to a calendar day when the report's publication date allows it.

    `expr` types the expression so that a story-level step can resolve it against a reference day:
        "abs:2024-11-16"            a full date                 "month:2023-08"   a month of a year
        "monthday:10-01"            month-day, year unknown (nearest to the reference; ":future"/":past" bias)
        "weekday:4"                 Monday=0 .. Sunday=6, on/before the reference (":future": on/after)
        "rel:-1:day" "rel:-1:week" "rel:0:month" "rel:-1:year"   relative to the reference (yesterday, last week)
        "offset:+1:<expr>"          days after another expression in the text ("a day ahead of X" after "Friday")
    `precision` is "day", "week", "month" or "year" (`date` is then the first day of that period).
    """

    doc_id: DocId
    text: str  # "on Friday", "Oct. 1", "January 20th"
    date: str | None  # ISO "2024-11-15"; None while unresolved (see expr)
    start: int
    end: int
    sentence: str = ""  # the sentence it stands in
    expr: str | None = None
    precision: str = "day"
    about: str = ""  # what the date belongs to when not the sentence's own event ("Biden's planned bilateral with Xi")
    sentence_start: int = 0  # offsets of `sentence` in the body
    sentence_end: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Annotations:
    """Everything the language analysis found in one document."""

    doc_id: DocId
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[QuoteMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()


# ---------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A cleaned report (CONTRACT "Document")."""

    id: DocId
    body: str
    source: str = ""
    outlet: str | None = None  # the site it was read from
    origin_outlet: str | None = None  # who wrote it (wire service, syndication credit)
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO date
    removed: tuple[str, ...] = ()  # text blocks dropped as boilerplate
    language: str | None = None
    url: str | None = None
    quantities: tuple[Quantity, ...] = ()  # filled after annotation
    # "sha256:HEX" of the report as read (its text or markup, and its URL), whatever id it is shown under: `add`
    # skips a report only when the one stored under its id has the same hash (pipeline.content_hash)
    content_hash: str | None = None

    @property
    def label(self) -> str:
        """What to call the report on screen: its title, else the opening words of its body, else its id."""
        if self.title and self.title.strip():
            return self.title.strip()
        words = self.body.split()
        if not words:
            return self.id
        return " ".join(words[:LABEL_WORDS]) + ("…" if len(words) > LABEL_WORDS else "")


LABEL_WORDS = 12  # opening words that name an untitled report


# ---------------------------------------------------------------- grouping


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryGroup:
    """Documents that report one event. `copies` are near-duplicate sets (one wire story on several sites)."""

    id: str
    documents: tuple[DocId, ...]
    copies: tuple[tuple[DocId, ...], ...] = ()
    title: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Grouping:
    groups: tuple[StoryGroup, ...]


# ---------------------------------------------------------------- cross-checked story


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """One claim across reports. `sources` state all of it (its figures and names included); `partial_sources`
    state part of it. `evidence` holds the sentence of each, the one that words the fact first."""

    text: str
    sources: tuple[DocId, ...]
    independent_sources: int
    evidence: tuple[Evidence, ...] = ()
    partial_sources: tuple[DocId, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ConflictValue:
    value: str  # "up to 12,000"
    text: str  # the sentence that reports it
    sources: tuple[DocId, ...]
    evidence: tuple[Evidence, ...] = ()
    # how the value is stated: "exact", "approximate" ("about 11,000"), "bound" ("up to 12,000", "at least 8"),
    # "vague" ("thousands"); an approximate or vague value against an exact one is shown as such
    precision: str = "exact"


@dataclass(frozen=True, slots=True, kw_only=True)
class Conflict:
    about: str  # "North Korean troops"
    values: tuple[ConflictValue, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Variant:
    text: str
    sources: tuple[DocId, ...]
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution:
    """Who one set of reports says spoke a quotation."""

    speaker: str
    sources: tuple[DocId, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """One quotation merged across reports; differing wordings are `variants`. When reports name different
    speakers for it, `attributions` lists each speaker with the reports that name them (`speaker` is the one most
    reports name)."""

    speaker: str | None
    text: str
    sources: tuple[DocId, ...]
    variants: tuple[Variant, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    attributions: tuple[Attribution, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """One real-world entity across reports, with every name it went by."""

    name: str
    type: str
    aliases: tuple[str, ...]
    sources: tuple[DocId, ...]
    mentions: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineEntry:
    date: str  # ISO date
    text: str
    sources: tuple[DocId, ...]
    evidence: tuple[Evidence, ...] = ()
    # how the day was found when no report carrying it gives its own publication date: "the year 2013 written in
    # report 2_3ecbplus ('August 2, 2013')", "the story's date 2024-11-15 (publication dates of other reports)"
    inferred_from: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SummarySentence:
    text: str
    sources: tuple[DocId, ...]  # reports that state the sentence
    evidence: tuple[Evidence, ...] = ()
    partial_sources: tuple[DocId, ...] = ()  # reports that state part of it


@dataclass(frozen=True, slots=True, kw_only=True)
class CrossCheck:
    """What align() found across the reports of one story."""

    facts: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    exclusives: dict[DocId, tuple[str, ...]] = field(default_factory=dict)
    origins: dict[DocId, str] = field(default_factory=dict)  # doc -> origin key used for independence


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    """CONTRACT "Story"."""

    id: str
    title: str | None
    date: str | None
    documents: tuple[DocId, ...]
    summary: tuple[SummarySentence, ...] = ()
    facts: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    exclusives: dict[DocId, tuple[str, ...]] = field(default_factory=dict)
    timeline: tuple[TimelineEntry, ...] = ()
    copies: tuple[tuple[DocId, ...], ...] = ()
    independent_sources: int = 0  # distinct origins among the story's reports (wire copies count once)
    # why the story has no timeline ("no report gives its publication date and no year is written in the text"), or
    # how its dates were inferred when they were; None when the reports' own publication dates placed them
    timeline_note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """The result of one run: every document read, every story woven, every document rejected, and what produced
    it (`provenance`: storyweave's version and the models' ids and versions, filled by pipeline.weave)."""

    documents: tuple[Document, ...] = ()
    stories: tuple[Story, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    provenance: dict[str, str] = field(default_factory=dict)
