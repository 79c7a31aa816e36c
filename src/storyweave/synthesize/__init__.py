"""Stage 6: weave one story from its cross-check: a cited summary, the resolved timeline, the story's date and title.

synthesize(group, crosscheck, documents, annotations) -> Story

The summary is extractive and neutral: it picks whole sentences that reports actually wrote, corroborated facts first,
skipping near-repeats, and every sentence cites every report that carries it.
"""
from __future__ import annotations

import dataclasses
import heapq
import re
from typing import Mapping, Sequence

from storyweave.model import (Annotations, CrossCheck, DocId, Document, Entity, Fact, Story, StoryGroup,
                              SummarySentence)
from storyweave.settings import DEFAULTS, SynthesizeSettings
from storyweave.synthesize.timeline import build_timeline, explain_timeline
from storyweave.textutil import STOPWORDS, content_words, fold, stem

# Calibrated on Multi-News validation clusters of 3+ reports (bench/crosscheck.py, ROUGE against the human summaries)
LEAD_SCALE = 3.0  # sentences from a report's top at which the lead's weight has halved
LEAD_SENTENCES = 2  # a report's first sentences, where the main development is told
SUPPORT_WEIGHT = 1.0  # score of a fact every report states (in proportion to the share that do)
CENTRAL_WEIGHT = 1.0  # score of a fact whose every word all the reports use (see centrality)
TITLE_CASE = 0.7  # share of capitalised words above which a "sentence" is a headline run into the body
QUOTED_SHARE = 0.35  # a sentence more quotation than this is a speaker's words, not the narrator's
_QUOTE_MARKS = '"\u201c\u201d'
_QUOTED = re.compile(r'["\u201c][^"\u201c\u201d]*["\u201d]')
# "Kim Jong Un also ordered ...", "The company, too, said ...", "Moments later, ...", "Now it is seeking ...": a
# sentence that leans on the one before it
_CONTINUATION = frozenset({"also", "too", "again", "likewise", "meanwhile", "however", "later", "then", "now",
                           "instead", "moreover", "furthermore", "nevertheless", "afterward", "afterwards"})
_WEAK_OPENERS = frozenset("but and so or yet he she they it this that those these his her their its him them "
                          "he's she's it's they're they've he'd she'd".split())


def _named_speaker(text: str) -> bool:
    """Does the narrator's part of a quoting sentence (what lies outside its quotation marks) name someone: a
    capitalised word that is not a pronoun ("…,” Ms. O'Sullivan said", not "…,” the governor said")? A speaker
    given as a pronoun ("…,” she said") is refused with the sentence's opening words."""
    outside = _QUOTED.sub(" ", text)
    return any(w[:1].isupper() and fold(w) not in _WEAK_OPENERS for w in re.findall(r"[\w'’.-]+", outside))


def _readable(fact: Fact, settings: SynthesizeSettings = DEFAULTS.synthesize) -> bool:
    """A summary sentence stands on its own: the narrator's words, or a quotation the sentence itself attributes to
    someone it names (no quotation cut in two); not opening on a pronoun or conjunction or in lower case (the tail
    of a sentence cut in two), no connective that leans on a sentence before it ("also", "too") in its first
    settings.dangling_window words, ending as a sentence, not a headline run into the text (mostly capitalised
    words); not longer than settings.max_words."""
    text = fact.text.strip()
    marks = sum(text.count(m) for m in _QUOTE_MARKS)
    quoted = sum(len(m) for m in _QUOTED.findall(text))
    quoting = quoted > QUOTED_SHARE * len(text) or text[:1] in _QUOTE_MARKS
    narrator = _QUOTED.sub(" ", text).strip(" ,;:") if text[:1] in _QUOTE_MARKS else text
    first = (narrator.split() or [""])[0]
    head = fold(narrator).split()[:settings.dangling_window]
    tokens = [w for w in text.split() if w[:1].isalpha()]
    headline = sum(w[:1].isupper() for w in tokens) > TITLE_CASE * len(tokens)  # "Passenger Who Arrived At ..."
    return (len(text.split()) <= settings.max_words and marks % 2 == 0 and not headline
            and (not quoting or _named_speaker(text))
            and not (text[:1] not in _QUOTE_MARKS and first.islower())
            and (fold(narrator).split() or [''])[0] not in _WEAK_OPENERS
            and text[-1:] in ".!?\u201d\"'" and not _CONTINUATION & set(head))


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def _stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text) if not w[:1].isdigit()}


def centrality(facts: Sequence[Fact], bodies: Sequence[str]) -> list[float]:
    """How central each fact is to the story: the mean, over its content words, of the share of the reports whose
    text holds the word. A sentence made of what every report talks about scores near 1; one of a single report's
    own words near 1 / reports. With fewer than two reports, every fact scores 0."""
    if len(bodies) < 2:
        return [0.0] * len(facts)
    held: dict[str, int] = {}
    for body in bodies:
        for w in _stems(body):
            held[w] = held.get(w, 0) + 1
    out = []
    for f in facts:
        words = _stems(f.text)
        out.append(sum(held.get(w, 1) for w in words) / len(bodies) / len(words) if words else 0.0)
    return out


def _concepts(text: str) -> set[str]:
    """What a summary can cover of a text: its content words and its word pairs (not two function words), stemmed."""
    words = [stem(w) if w not in STOPWORDS else w for w in fold(text).split()]
    out = {w for w in words if w not in STOPWORDS and len(w) > 1 and not w[:1].isdigit()}
    out.update(f"{x} {y}" for x, y in zip(words, words[1:]) if not (x in STOPWORDS and y in STOPWORDS))
    return out


def summarize(facts: Sequence[Fact], positions: Sequence[int] | None = None,
              bodies: Sequence[str] = (), settings: SynthesizeSettings = DEFAULTS.synthesize
              ) -> list[SummarySentence]:
    """Cited sentences up to about settings.summary_words words (the tuned values: settings.SynthesizeSettings).

    The main development leads: among the readable facts that open a report (within its first LEAD_SENTENCES
    sentences), the one most corroborated and most central, earliest in the reports. The others are added one at a
    time, each the fact that adds the most of what the reports share, per word: the words and word pairs it holds
    that no chosen sentence holds yet, each weighted by how many reports (`bodies`) use it, so a sentence repeating
    a chosen one adds little; scaled up for a claim near the top of its report (lead_weight / (1 + index)) and for
    corroboration (SUPPORT_WEIGHT x the share of the reports that state it, partial support at partial_weight).
    Near-repeats (content-word overlap above redundant) are skipped; the sentences read in the order the reports
    tell them. `positions` gives each fact's earliest sentence index in any report (0 = a lead)."""
    cfg = settings
    pos = list(positions) if positions is not None else [cfg.lead_depth] * len(facts)
    pool = [k for k in range(len(facts)) if _readable(facts[k], cfg)] or list(range(len(facts)))
    central = centrality(facts, bodies)
    reports = max([len(bodies)] + [len(f.sources) + len(f.partial_sources) for f in facts] + [1])
    held: dict[str, int] = {}
    for body in bodies:
        for c in _concepts(body):
            held[c] = held.get(c, 0) + 1
    shared = 2 if len(bodies) >= 2 else 1  # what one report alone says is no common ground
    concepts = [_concepts(f.text) for f in facts]

    def support(k: int) -> float:
        f = facts[k]
        return (f.independent_sources + cfg.partial_weight * len(f.partial_sources)) / reports

    def prior(k: int) -> float:
        return (1 + cfg.lead_weight * LEAD_SCALE / (LEAD_SCALE + pos[k])) * (1 + SUPPORT_WEIGHT * support(k))

    # the main development: what the reports open on (any fact, when none is known to), the most corroborated and
    # central of it, a report's first sentence before its second
    openers = [k for k in pool if pos[k] < LEAD_SENTENCES] or pool
    chosen: list[int] = []
    if openers:
        chosen.append(max(openers, key=lambda k: ((support(k) + CENTRAL_WEIGHT * central[k]) * LEAD_SCALE
                                                  / (LEAD_SCALE + pos[k]), -pos[k], -k)))
    covered: set[str] = set().union(*(concepts[k] for k in chosen))
    seen = [content_words(facts[k].text) for k in chosen]
    words = sum(len(facts[k].text.split()) for k in chosen)

    def gain(k: int) -> float:
        new = sum(held.get(c, 1) for c in concepts[k] - covered if held.get(c, 1) >= shared)
        return new / max(1, len(facts[k].text.split())) * prior(k)

    # lazy greedy: a fact's gain only falls as the summary covers more, so a gain recomputed at the top of the heap
    # that still beats the next one's older figure is the best
    heap = [(-gain(k), pos[k], k) for k in pool if k not in chosen]
    heapq.heapify(heap)
    while heap and words < cfg.summary_words and len(chosen) < cfg.summary_max:
        _, p, best = heapq.heappop(heap)
        fresh = gain(best)
        if heap and (-fresh, p, best) > heap[0]:
            heapq.heappush(heap, (-fresh, p, best))
            continue
        cw = content_words(facts[best].text)
        n = len(facts[best].text.split())
        if any(_overlap(cw, s) >= cfg.redundant for s in seen):
            continue
        if len(chosen) >= cfg.summary_min and words + n > cfg.summary_words + n // 2:
            continue  # would run well past the length aimed at: a shorter one may still fit
        chosen.append(best)
        seen.append(cw)
        covered |= concepts[best]
        words += n
    if chosen:
        chosen = chosen[:1] + sorted(chosen[1:], key=lambda k: (pos[k], k))
    return [SummarySentence(text=facts[k].text, sources=facts[k].sources, evidence=facts[k].evidence,
                            partial_sources=facts[k].partial_sources) for k in chosen]


def introduce_names(summary: Sequence[SummarySentence], entities: Sequence[Entity]) -> list[SummarySentence]:
    """Each person named in full where the summary first names them: "President Biden expressed concern" ->
    "President Joe Biden expressed concern" when the story knows him as Joe Biden. Only a name made of some of the
    full name's words is filled in ("Biden", "Yoon"); a sentence that already gives the full name introduces it."""
    people = [e for e in entities if e.type == "PERSON" and len(e.name.split()) >= 2]
    pending: dict[str, list[str]] = {}
    fuller: dict[str, list[str]] = {}  # the forms that introduce the person: "Joe Biden", "Yoon Suk-yeol"
    for e in people:
        full = set(e.name.split())
        short = [a for a in e.aliases if a != e.name and set(a.split()) < full]
        pending[e.name] = sorted(short, key=len, reverse=True)
        fuller[e.name] = [e.name] + [a for a in e.aliases if a not in short and len(a.split()) >= 2]
    out = []
    for sent in summary:
        text = sent.text
        for e in people:
            if e.name not in pending:
                continue
            if any(re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", text) for a in fuller[e.name]):
                del pending[e.name]
                continue
            # a short form not followed by more of a name ("Yoon Suk" in "Yoon Suk-yeol" is not "Yoon")
            hits = [m for a in pending[e.name]
                    if (m := re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])(?!\s+[A-Z])", text))]
            if hits:
                first = min(hits, key=lambda m: (m.start(), -len(m.group())))
                text = text[:first.start()] + e.name + text[first.end():]
                del pending[e.name]
        out.append(sent if text == sent.text else dataclasses.replace(sent, text=text))
    return out


def fact_positions(facts: Sequence[Fact], annotations: Mapping[DocId, Annotations], *,
                   depth: int = DEFAULTS.synthesize.lead_depth) -> list[int]:
    """Each fact's earliest sentence index in any report carrying it (0 = a report's first sentence; `depth`
    when none is known)."""
    index = {(a.doc_id, s.start): i for a in annotations.values() for i, s in enumerate(a.sentences)}
    return [min((index.get((e.doc_id, e.start), depth) for e in f.evidence), default=depth) for f in facts]


def _clip(text: str, limit: int = DEFAULTS.synthesize.title_max) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


TITLE_SHARE = 0.4  # share of a headline's content words the summary must use for the headline to state the event
TITLE_MIN_WORDS = 3  # content words of a headline: fewer make a section name or a label ("Local News More>>")
# a credit line read as a headline: "/ Updated By Sarah Fitzpatrick", "Edited and translated by Zhang Qian, ..."
_CREDIT = re.compile(r"^\W*(?:(?:updated|edited|written|translated|compiled|reported|posted|produced|photos?|video)"
                     r"\b[\w\s,&]*?\bby\b|by\s)", re.I)


def states_event(headline: str, summary_words: set[str]) -> bool:
    """Does a report's headline tell this story's event: TITLE_MIN_WORDS content words or more, not a credit line,
    at least two of its content words (and TITLE_SHARE of them) used by the summary? A page's section name ("Local
    News More>>"), a credit ("/ Updated By Sarah Fitzpatrick"), a caption warning or a site's slogan ("From
    Wikipedia, the free encyclopedia") shares next to nothing with what the reports say."""
    words = _stems(headline)
    if len(words) < TITLE_MIN_WORDS or _CREDIT.match(headline):
        return False
    shared = len(words & summary_words)
    return shared >= 2 and shared >= TITLE_SHARE * len(words)


def _title(group: StoryGroup, documents: Sequence[Document], facts: Sequence[Fact],
           summary: Sequence[SummarySentence], settings: SynthesizeSettings = DEFAULTS.synthesize) -> str | None:
    """A report's own headline when one states the event (the grouping's pick first, else the one closest to the
    summary's lead, then to the whole summary); otherwise the summary's first sentence, the main development,
    rather than the first line of some report or a headline that names no event."""
    told = " ".join(s.text for s in summary) or " ".join(f.text for f in facts[:5])
    words = _stems(told)
    if group.title and any(d.title == group.title for d in documents) and states_event(group.title, words):
        return group.title
    titled = [d.title for d in documents if d.title and states_event(d.title, words)]
    lead_words = _stems(summary[0].text) if summary else words
    if titled:  # the headline closest to the main development, then to the whole summary
        return max(titled, key=lambda t: (len(_stems(t) & lead_words) / len(_stems(t)),
                                          len(_stems(t) & words) / len(_stems(t)), -len(t)))
    lead = summary[0].text if summary else (facts[0].text if facts else group.title)
    return _clip(lead, settings.title_max) if lead else lead


def synthesize(group: StoryGroup, crosscheck: CrossCheck, documents: Mapping[DocId, Document],
               annotations: Mapping[DocId, Annotations], *,
               settings: SynthesizeSettings = DEFAULTS.synthesize) -> Story:
    """The story of one group: summary, title and timeline from its cross-check, with the tuned values of
    `settings` (settings.SynthesizeSettings)."""
    docs = [documents[d] for d in group.documents]
    anns = [annotations[d] for d in group.documents]
    event_date, timeline = build_timeline(docs, anns, cfg=settings)
    # the story's own reports only (the facts cite no other): `annotations` may hold a whole run's
    positions = fact_positions(crosscheck.facts, dict(zip(group.documents, anns)), depth=settings.lead_depth)
    summary = introduce_names(summarize(crosscheck.facts, positions, [d.body for d in docs], settings),
                              crosscheck.entities)
    return Story(
        id=group.id,
        title=_title(group, docs, crosscheck.facts, summary, settings),
        date=event_date,
        documents=tuple(group.documents),
        summary=tuple(summary),
        facts=crosscheck.facts,
        conflicts=crosscheck.conflicts,
        quotes=crosscheck.quotes,
        entities=crosscheck.entities,
        exclusives=crosscheck.exclusives,
        timeline=tuple(timeline),
        timeline_note=explain_timeline(docs, anns, event_date, timeline),
        copies=group.copies,
        independent_sources=len({crosscheck.origins.get(d, d) for d in group.documents}),
    )
