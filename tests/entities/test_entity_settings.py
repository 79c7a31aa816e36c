"""Joining a story's names reads dominant_ratio, dominant_min and variant_min_len from settings.AlignSettings
(issue 13): merge_entities, which align.align calls with its group, hands them to the people merge."""
from __future__ import annotations

import dataclasses
import re

import pytest

from storyweave.align.entities import merge_entities
from storyweave.model import Mention
from storyweave.settings import DEFAULTS

pytestmark = [pytest.mark.issue(13)]

# Two reports of one game: Tyler Hansbrough is named in full four times, his brother Ben twice, and "Hansbrough"
# alone five times; a box score spells a reserve's surname two ways.
REPORTS = {
    "a": ("Tyler Hansbrough scored 24 points as North Carolina beat Duke 82-79 on Saturday. Hansbrough hit two free "
          "throws with nine seconds left. His brother Ben Hansbrough, who plays for Notre Dame, watched from the "
          "stands. \"He does this every year,\" Ben Hansbrough said. Hansbrough finished with 11 rebounds. Reserve "
          "guard Dan Lee added six points."),
    "b": ("Tyler Hansbrough led the Tar Heels again. Hansbrough, a senior, has now scored 20 or more in five "
          "straight games. Coach Roy Williams said Tyler Hansbrough \"plays every possession like it is his last.\" "
          "Hansbrough declined to talk to reporters. Tyler Hansbrough is averaging 21 points. Hansbrough and "
          "Dan Lea, who came off the bench, both played 30 minutes."),
}
PEOPLE = ("Tyler Hansbrough", "Ben Hansbrough", "Roy Williams", "Dan Lee", "Dan Lea", "Hansbrough")


def _mentions() -> list[Mention]:
    out = []
    for doc_id, body in REPORTS.items():
        taken: list[tuple[int, int]] = []
        for name in PEOPLE:  # longest names first: "Hansbrough" inside "Tyler Hansbrough" is not a mention
            for m in re.finditer(rf"\b{name}\b", body):
                if not any(s <= m.start() < e for s, e in taken):
                    taken.append(m.span())
                    out.append(Mention(doc_id=doc_id, text=m.group(), label="PERSON", start=m.start(), end=m.end()))
    return out


def test_the_story_is_shaped_as_described():
    counts = {name: sum(m.text == name for m in _mentions()) for name in PEOPLE}
    assert counts == {"Tyler Hansbrough": 4, "Ben Hansbrough": 2, "Roy Williams": 1, "Dan Lee": 1, "Dan Lea": 1,
                      "Hansbrough": 5}


def test_dominant_ratio_decides_where_a_surname_alone_goes():
    _, plain = merge_entities(_mentions())
    assert plain("Hansbrough") == "Hansbrough"  # 4 full mentions are not 3x Ben's 2: ambiguous, apart
    _, tuned = merge_entities(_mentions(), settings=dataclasses.replace(DEFAULTS.align, dominant_ratio=2))
    assert tuned("Hansbrough") == "Tyler Hansbrough"
    assert tuned("Ben Hansbrough") == "Ben Hansbrough"
    _, strict = merge_entities(_mentions(), settings=dataclasses.replace(DEFAULTS.align, dominant_ratio=2,
                                                                        dominant_min=5))
    assert strict("Hansbrough") == "Hansbrough"  # named 4 times, fewer than dominant_min


def test_variant_min_len_decides_whether_short_surnames_are_spellings():
    ents, plain = merge_entities(_mentions())
    assert plain("Dan Lee") != plain("Dan Lea")  # three letters: two people
    _, tuned = merge_entities(_mentions(), settings=dataclasses.replace(DEFAULTS.align, variant_min_len=3))
    assert tuned("Dan Lee") == tuned("Dan Lea")
    assert len({e.name for e in ents if e.type == "PERSON"}) == 6
