"""The clause a figure stands in, on real-shaped news sentences."""
from __future__ import annotations

import pytest

from storyweave import resources
from storyweave.annotate.clauses import clause_spans, clause_text, token_from, token_starts


def clause(sentence: str, figure: str) -> str:
    sdoc = resources.nlp()(sentence)
    k = sentence.index(figure)
    return clause_text(sentence, clause_spans(sdoc, k, k + len(figure)))


@pytest.mark.usefixtures("nlp")
@pytest.mark.parametrize("sentence,figure,expected", [
    ("Up to 12,000 North Korean troops have been sent to Russia, and officials said they met on Friday.", "12,000",
     "Up to 12,000 North Korean troops have been sent to Russia"),
    ("The attack killed 19 people and wounded 40 others, police said, adding that the gunman fled.", "40",
     "The attack wounded 40 others"),
    ("Officials, who said five people remain in hospital, expect the toll to rise.", "five",
     "five people remain in hospital"),
    ("Police say a teacher who resigned this month was obsessed with one of her 11-year-old students.", "11",
     "a teacher was obsessed with one of her 11-year-old students"),
])
def test_the_clause_of_a_figure(sentence, figure, expected):
    assert clause(sentence, figure) == expected


@pytest.mark.usefixtures("nlp")
def test_tokens_found_by_offset_as_a_walk_over_the_text_finds_them():
    text = "Rescuers found 12 people.\n\nAbout 1,500 homes lost power, and 40 roads closed on Friday, officials said."
    sdoc = resources.nlp()(text)
    for char in range(len(text) + 1):
        walked = next((t.i for t in sdoc if t.idx >= char), len(sdoc))
        assert token_from(sdoc, char) == walked
    other = resources.nlp()("A different text of 3 words.")
    assert token_starts(other) == [t.idx for t in other]  # the offsets kept belong to the text asked about
    assert token_starts(sdoc) == [t.idx for t in sdoc]
    k = text.index("40")
    assert clause_text(text, clause_spans(sdoc, k, k + 2)) == "40 roads closed on Friday"
    assert clause_spans(sdoc, 3, 3) == ()  # no token starts inside an empty range
