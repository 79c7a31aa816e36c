"""Real reports (Multi-News sample, read from ../shared, never copied): invariants that must hold on any story."""
from __future__ import annotations

import json

import pytest

from storyweave.align.entities import merge_entities
from storyweave.model import Mention
from storyweave.textutil import fold

pytestmark = pytest.mark.slow

# Stories with many countries, capitals, people and organisations (European migrant crisis; a UK-US extradition).
CLUSTERS = ("mn-test-015", "mn-test-025")
NOT_NAMES = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}


@pytest.fixture(scope="module")
def stories(multinews_dir, nlp):
    out = {}
    with open(multinews_dir / "normalized.jsonl", encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            if c["cluster_id"] not in CLUSTERS:
                continue
            docs = [(d["id"], d["text"][:6000]) for d in c["docs"]]
            ms = []
            for (doc_id, _), sd in zip(docs, nlp.pipe([t for _, t in docs])):
                ms += [Mention(doc_id=doc_id, text=e.text, label=e.label_, start=e.start_char, end=e.end_char)
                       for e in sd.ents]
            out[c["cluster_id"]] = ms
    assert set(out) == set(CLUSTERS)
    return out


def test_invariants_on_real_stories(stories):
    for cid, ms in stories.items():
        ents, canon = merge_entities(ms)
        named = [m for m in ms if m.label not in NOT_NAMES]
        assert len(named) - 5 <= sum(e.mentions for e in ents) <= len(named) + 5, cid
        for e in ents:
            # the resolver sends every alias of an unambiguous entity back to it
            assert canon(e.name) == e.name, (cid, e)
            if e.type == "PERSON":
                full = [fold(a).split() for a in e.aliases if len(fold(a).split()) >= 2]
                for a in full:  # two full names in one person share a name word
                    assert all(set(a) & set(b) for b in full), (cid, e.aliases)
            if e.type == "NORP":
                assert not any(fold(a) in {"united kingdom", "hungary", "serbia", "croatia"} for a in e.aliases)
        gpe = {e.name: e for e in ents if e.type == "GPE"}
        if cid == "mn-test-015":
            assert {"Hungary", "Serbia", "Croatia", "Austria"} <= set(gpe)
            assert "Budapest" in gpe["Hungary"].aliases and "Belgrade" in gpe["Serbia"].aliases
        if cid == "mn-test-025":
            assert {"United Kingdom", "United States"} <= set(gpe)
            assert {"UK", "Britain"} <= set(gpe["United Kingdom"].aliases)
