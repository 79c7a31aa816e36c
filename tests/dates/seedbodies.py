"""The four seed reports' bodies (text between the gold body_first and body_last) as Documents, parsed once."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from storyweave.model import Annotations, Document, Sentence

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "apec-2024"
GOLD = ROOT / "tests" / "golden" / "seed-story.json"


@lru_cache(maxsize=1)
def seed_documents() -> tuple[Document, ...]:
    gold = json.loads(GOLD.read_text())
    docs = []
    for did, gd in sorted(gold["documents"].items()):
        raw = (SEEDS / f"{did}.txt").read_text()
        a = raw.index(gd["body_first"])
        b = raw.index(gd["body_last"]) + len(gd["body_last"])
        docs.append(Document(id=did, body=raw[a:b], published=gd.get("published")))
    return tuple(docs)


@lru_cache(maxsize=1)
def seed_annotations() -> tuple[tuple[Document, ...], tuple[Annotations, ...]]:
    """Sentences, quantities and dates of each seed (the parts of annotate() this work needs)."""
    from storyweave import resources
    from storyweave.annotate.dates import find_dates
    from storyweave.annotate.quantities import find_quantities

    nlp = resources.nlp()
    docs = seed_documents()
    anns = []
    for doc, sdoc in zip(docs, nlp.pipe([d.body for d in docs])):
        sents = tuple(Sentence(doc_id=doc.id, start=s.start_char, end=s.end_char, text=s.text) for s in sdoc.sents
                      if s.text.strip())
        anns.append(Annotations(doc_id=doc.id, sentences=sents,
                                quantities=tuple(find_quantities(doc.body, sdoc)),
                                dates=tuple(find_dates(doc.body, doc.id, doc.published, sdoc))))
    return docs, tuple(anns)
