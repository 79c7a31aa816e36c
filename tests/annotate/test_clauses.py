"""The clause a figure stands in, on real-shaped news sentences."""
from __future__ import annotations

import pytest

from storyweave import resources
from storyweave.annotate.clauses import clause_spans, clause_text


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
