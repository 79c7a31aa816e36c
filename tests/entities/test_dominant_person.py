"""A surname alone goes to the person the story is about, not to a relative or coach named in passing."""
from __future__ import annotations

from storyweave.align.entities import merge_entities
from storyweave.model import Mention


def _mentions(*specs: tuple[str, str, str, int]) -> list[Mention]:
    out, pos = [], 0
    for doc, text, label, times in specs:
        for _ in range(times):
            out.append(Mention(doc_id=doc, text=text, label=label, start=pos, end=pos + len(text)))
            pos += len(text) + 1
    return out


def test_surname_joins_the_person_named_far_more_often():
    ents, canon = merge_entities(_mentions(("a", "Doug McDermott", "PERSON", 8), ("b", "Doug McDermott", "PERSON", 7),
                                           ("a", "Greg McDermott", "PERSON", 3), ("b", "McDermott", "PERSON", 40),
                                           ("c", "McDermott", "ORG", 2)))
    assert canon("McDermott") == "Doug McDermott"
    assert canon("Greg McDermott") == "Greg McDermott"
    doug = next(e for e in ents if e.name == "Doug McDermott")
    assert doug.mentions == 15 + 40 + 2  # the ORG-labelled surname too, its only likely reading


def test_surname_stays_apart_when_two_people_are_named_about_as_often():
    ents, canon = merge_entities(_mentions(("a", "Kim Jong Un", "PERSON", 4), ("b", "Kim Yo Jong", "PERSON", 2),
                                           ("b", "Kim", "PERSON", 5)))
    assert canon("Kim") == "Kim"  # ratio 2 < 3: ambiguous
    ents, canon = merge_entities(_mentions(("a", "Tyler Hansbrough", "PERSON", 2),
                                           ("b", "Gene Hansbrough", "PERSON", 1), ("b", "Hansbrough", "PERSON", 5)))
    assert canon("Hansbrough") == "Hansbrough"  # named twice is not enough to be what the story is about
