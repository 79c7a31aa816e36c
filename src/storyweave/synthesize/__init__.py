"""Stage 6: weave one story from its cross-check: a cited summary, the resolved timeline, the story's date and title.

synthesize(group, crosscheck, documents, annotations) -> Story

The summary is extractive and neutral: it picks whole sentences that reports actually wrote, corroborated facts first,
skipping near-repeats, and every sentence cites every report that carries it.
"""
from __future__ import annotations

import re
from typing import Mapping, Sequence

from storyweave.model import Annotations, CrossCheck, DocId, Document, Fact, Story, StoryGroup, SummarySentence
from storyweave.synthesize.timeline import build_timeline
from storyweave.textutil import content_words, fold

SUMMARY_MIN = 6
SUMMARY_MAX = 12
MAX_WORDS = 45  # longer sentences read badly in a summary
REDUNDANT = 0.5  # content-word overlap above which a candidate repeats a sentence already chosen
_QUOTE_MARKS = '"\u201c\u201d'
_QUOTED = re.compile(r'["\u201c][^"\u201c\u201d]*["\u201d]')
_WEAK_OPENERS = frozenset("but and so or yet he she they it this that those these his her their its him them "
                          "he's she's it's they're they've he'd she'd".split())


def _readable(fact: Fact) -> bool:
    """A summary sentence stands on its own: the narrator's words (not mostly a quotation, no quotation cut in two),
    not opening on a pronoun or conjunction or in lower case (the tail of a sentence cut in two), ending as a
    sentence."""
    text = fact.text.strip()
    marks = sum(text.count(m) for m in _QUOTE_MARKS)
    quoted = sum(len(m) for m in _QUOTED.findall(text))
    first = (text.split() or [""])[0]
    return (len(text.split()) <= MAX_WORDS and marks % 2 == 0 and quoted <= 0.35 * len(text)
            and text[:1] not in _QUOTE_MARKS and not first.islower()
            and (fold(text).split() or [''])[0] not in _WEAK_OPENERS and text[-1:] in ".!?\u201d\"'")


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def summarize(facts: Sequence[Fact]) -> list[SummarySentence]:
    """6-12 cited sentences: corroborated facts first (most independent sources), then single-source ones."""
    chosen: list[Fact] = []
    seen: list[set[str]] = []
    pool = [f for f in facts if _readable(f)] or list(facts)
    for fact in pool:
        words = content_words(fact.text)
        if any(_overlap(words, s) > REDUNDANT for s in seen):
            continue
        if len(chosen) >= SUMMARY_MIN and fact.independent_sources < 2:
            break
        chosen.append(fact)
        seen.append(words)
        if len(chosen) >= SUMMARY_MAX:
            break
    return [SummarySentence(text=f.text, sources=f.sources, evidence=f.evidence, partial_sources=f.partial_sources)
            for f in chosen]


TITLE_MAX = 120  # characters of a title made from the summary's first sentence


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_MAX else text[:TITLE_MAX].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _title(group: StoryGroup, documents: Sequence[Document], facts: Sequence[Fact],
           summary: Sequence[SummarySentence]) -> str | None:
    """A report's own headline when any has one (the grouping's pick, else the one closest to the top facts);
    with no headline at all, the summary's first sentence rather than the first line of some report."""
    titled = [d for d in documents if d.title]
    if not titled:
        lead = summary[0].text if summary else (facts[0].text if facts else group.title)
        return _clip(lead) if lead else lead
    if group.title:
        return group.title
    lead = content_words(" ".join(f.text for f in facts[:5]))
    return max(titled, key=lambda d: len(content_words(d.title or "") & lead)).title


def synthesize(group: StoryGroup, crosscheck: CrossCheck, documents: Mapping[DocId, Document],
               annotations: Mapping[DocId, Annotations]) -> Story:
    docs = [documents[d] for d in group.documents]
    anns = [annotations[d] for d in group.documents]
    event_date, timeline = build_timeline(docs, anns)
    summary = summarize(crosscheck.facts)
    return Story(
        id=group.id,
        title=_title(group, docs, crosscheck.facts, summary),
        date=event_date,
        documents=tuple(group.documents),
        summary=tuple(summary),
        facts=crosscheck.facts,
        conflicts=crosscheck.conflicts,
        quotes=crosscheck.quotes,
        entities=crosscheck.entities,
        exclusives=crosscheck.exclusives,
        timeline=tuple(timeline),
        copies=group.copies,
        independent_sources=len({crosscheck.origins.get(d, d) for d in group.documents}),
    )
