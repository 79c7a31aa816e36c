"""Golden test: real spaCy NER on the four seed reports, merged, checked against the gold entity alias groups.

The bodies are the text between the gold body_first and body_last of each seed (what a correct cleaner keeps).
The checks are seedscore.py's "entity alias groups" and "entities kept apart", made strict: every gold group lands
in exactly one entity, and no two gold entities share one.
"""
from __future__ import annotations

import pytest

from storyweave.align.entities import merge_entities
from storyweave.model import Mention
from storyweave.textutil import fold

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_mentions(nlp, gold, seeds_dir) -> list[Mention]:
    out = []
    for doc_id, g in sorted(gold["documents"].items()):
        raw = (seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8")
        start = raw.index(g["body_first"])
        end = raw.index(g["body_last"]) + len(g["body_last"])
        body = raw[start:end]
        for ent in nlp(body).ents:
            out.append(Mention(doc_id=doc_id, text=ent.text, label=ent.label_, start=ent.start_char,
                               end=ent.end_char))
    return out


@pytest.fixture(scope="module")
def merged(seed_mentions):
    return merge_entities(seed_mentions)


def _owner(entities, alias: str) -> int | None:
    """seedscore.py's ent_of: the first entity whose name or an alias equals the alias once normalised."""
    for i, e in enumerate(entities):
        if any(fold(alias) == fold(a) for a in (e.name, *e.aliases)):
            return i
    return None


def test_each_gold_alias_group_is_one_entity(merged, gold):
    entities, _ = merged
    for ge in gold["entities"]:
        owners = {a: _owner(entities, a) for a in ge["aliases"]}
        found = {i for i in owners.values() if i is not None}
        assert len(found) == 1, (ge["name"], {a: entities[i].name if i is not None else None
                                              for a, i in owners.items()})
        # every alias that an entity has at all belongs to this one
        i = found.pop()
        for a in ge["aliases"]:
            for j, e in enumerate(entities):
                if j != i:
                    assert fold(a) not in {fold(x) for x in (e.name, *e.aliases)}, (a, e)
        assert sum(o is not None for o in owners.values()) >= min(2, len(ge["aliases"])), (ge["name"], owners)


def test_gold_entities_are_kept_apart(merged, gold):
    entities, _ = merged
    owners = [_owner(entities, ge["aliases"][0]) if _owner(entities, ge["aliases"][0]) is not None
              else next(_owner(entities, a) for a in ge["aliases"] if _owner(entities, a) is not None)
              for ge in gold["entities"]]
    assert len(owners) == len(set(owners)) == len(gold["entities"])


def test_gold_entity_types_and_names(merged, gold):
    entities, _ = merged
    people = {"Joe Biden", "Shigeru Ishiba", "Yoon Suk Yeol", "Donald Trump", "Jake Sullivan", "Kim Jong Un",
              "Vladimir Putin", "Xi Jinping"}
    for ge in gold["entities"]:
        e = entities[next(_owner(entities, a) for a in ge["aliases"] if _owner(entities, a) is not None)]
        if ge["name"] in people:
            assert e.type == "PERSON", e
        elif ge["name"] in ("North Korea", "South Korea", "United States"):
            assert e.type == "GPE" and e.name == ge["name"], e
    assert entities[_owner(entities, "APEC")].name == "Asia-Pacific Economic Cooperation"
    # demonyms are not the countries
    assert _owner(entities, "North Korean") != _owner(entities, "North Korea")


def test_quote_speakers_resolve_to_gold_people(merged, gold):
    entities, canonical = merged
    names = {e.name for e in entities}
    for q in gold["quotes"]:
        if q["speaker"] == "joint statement":
            assert canonical(q["speaker"]) is None
            continue
        got = canonical(q["speaker"])
        assert got in names and fold(q["speaker"]).split()[-1] in fold(got).split(), (q["speaker"], got)
        last = q["speaker"].split()[-1]
        assert canonical(f"Mr. {last}") == got
    assert canonical("President Biden") == canonical("Mr. Biden") == canonical("Biden")
    assert canonical("South Korean President Yoon Suk Yeol") == canonical("Yoon")
    assert canonical("Pyongyang") == "North Korea" and canonical("ROK") == "South Korea"


def test_every_named_mention_is_counted(merged, seed_mentions):
    entities, _ = merged
    named = [m for m in seed_mentions if m.label not in
             {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}]
    total = sum(e.mentions for e in entities)
    # conjoined spans ("Biden and Ishiba") count once for each person; nothing else is lost or doubled
    assert len(named) <= total <= len(named) + 5
    docs = {m.doc_id for m in seed_mentions}
    assert all(set(e.sources) <= docs for e in entities)
