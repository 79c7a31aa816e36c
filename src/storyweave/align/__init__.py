"""Stage 5: cross-check the reports of one story.

align(group, documents, annotations) -> CrossCheck
    entities   one per real-world thing, with aliases            (align.entities)
    quotes     same quotation across reports merged, variants kept (align.quotes)
    conflicts  the same quantity reported differently            (align.conflicts)
    facts      claims aligned across reports, independent sources (align.facts)
    exclusives what only one report carries                      (align.facts)
"""
from __future__ import annotations

from typing import Mapping

from storyweave.align.conflicts import find_conflicts
from storyweave.align.entities import merge_entities
from storyweave.align.facts import align_facts, origin_keys
from storyweave.align.quotes import merge_quotes
from storyweave.model import Annotations, CrossCheck, DocId, Document, StoryGroup


def align(group: StoryGroup, documents: Mapping[DocId, Document], annotations: Mapping[DocId, Annotations]
          ) -> CrossCheck:
    docs = [documents[d] for d in group.documents]
    anns = [annotations[d] for d in group.documents]
    origins = origin_keys(docs, group.copies)
    entities, canonical = merge_entities([m for a in anns for m in a.mentions])
    quotes = merge_quotes([q for a in anns for q in a.quotes], canonical)
    conflicts = find_conflicts(docs, anns)
    facts, exclusives = align_facts(docs, anns, origins)
    return CrossCheck(facts=tuple(facts), conflicts=tuple(conflicts), quotes=tuple(quotes), entities=tuple(entities),
                      exclusives=exclusives, origins=origins)
