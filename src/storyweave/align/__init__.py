"""Stage 5: cross-check the reports of one story.

align(group, documents, annotations, *, settings=DEFAULTS.align) -> CrossCheck
    claims     every sentence of every report, and how close each pair is          (align.facts.claim_graph)
    entities   one per real-world thing, with aliases                              (align.entities)
    quotes     same quotation across reports merged, variants kept                 (align.quotes)
    conflicts  the same quantity reported differently, in aligned claims or by
               what it counts: figures read (align.figures), linked        (align.figure_links, align.conflicts)
    facts      claims aligned across reports; a report whose figure conflicts never supports the fact; partial
               support kept apart; independent sources counted                    (align.facts)
    exclusives what no other report carries, even in part                          (align.facts)

Every function that uses a tuned value takes `settings` (settings.AlignSettings, default DEFAULTS.align) and hands
it on; the stage keeps no copies of those values (pipeline.py passes Settings.align).
"""
from __future__ import annotations

from typing import Mapping, Sequence

from storyweave.align.conflicts import find_conflicts
from storyweave.align.entities import merge_entities
from storyweave.align.facts import Claim, ClaimGraph, align_facts, claim_graph, find_claims, origin_keys
from storyweave.align.quotes import merge_quotes
from storyweave.model import Annotations, Conflict, CrossCheck, DocId, Document, StoryGroup
from storyweave.settings import DEFAULTS, AlignSettings


def align(group: StoryGroup, documents: Mapping[DocId, Document], annotations: Mapping[DocId, Annotations], *,
          settings: AlignSettings = DEFAULTS.align) -> CrossCheck:
    """The cross-check of one story: facts, conflicts, quotes, entities, exclusives and origins, with the tuned
    values of `settings` (settings.AlignSettings)."""
    docs = [documents[d] for d in group.documents]
    anns = [annotations[d] for d in group.documents]
    origins = origin_keys(docs, group.copies)
    entities, canonical = merge_entities([m for a in anns for m in a.mentions], settings=settings)
    quotes = merge_quotes([q for a in anns for q in a.quotes], canonical, settings=settings)
    claims = find_claims(docs, anns, settings=settings)
    graph = claim_graph(claims, settings=settings) if len(docs) > 1 else None
    pairs = graph.aligned_pairs(settings=settings) if graph is not None else []
    spans = [(c.doc_id, c.start, c.end) for c in claims]
    conflicts = find_conflicts(docs, anns, aligned=[(spans[i], spans[j], bool(graph.sim[i, j] >= settings.same_claim))
                                                    for i, j in pairs] if graph is not None else [],
                               canonical=canonical, settings=settings)
    facts, exclusives = align_facts(docs, anns, origins, graph=graph,
                                    contradicting=_contradicting(claims, graph, conflicts), settings=settings)
    return CrossCheck(facts=tuple(facts), conflicts=tuple(conflicts), quotes=tuple(quotes), entities=tuple(entities),
                      exclusives=exclusives, origins=origins)


def _contradicting(claims: Sequence[Claim], graph: ClaimGraph | None, conflicts: Sequence[Conflict]
                   ) -> set[tuple[int, int]]:
    """Pairs of claims that hold different values of one conflict: they can never support each other."""
    if graph is None:
        return set()
    where: dict[tuple[DocId, int], int] = {}

    def claim_of(doc_id: DocId, pos: int) -> int | None:
        key = (doc_id, pos)
        if key not in where:
            where[key] = next((k for k, c in enumerate(claims) if c.doc_id == doc_id and c.start <= pos < c.end), -1)
        return where[key] if where[key] >= 0 else None

    out: set[tuple[int, int]] = set()
    for conflict in conflicts:
        sides = [{k for e in v.evidence if (k := claim_of(e.doc_id, e.start)) is not None} for v in conflict.values]
        for x in range(len(sides)):
            for y in range(x + 1, len(sides)):
                out.update((min(i, j), max(i, j)) for i in sides[x] for j in sides[y] if i != j)
    return out
