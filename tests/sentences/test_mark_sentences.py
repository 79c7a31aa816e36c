"""mark_sentences sets the starts its rules decide in one pass, as setting each token's is_sent_start would."""
from __future__ import annotations

import pytest

from storyweave.annotate.sentences import _decisions, mark_sentences
from storyweave.settings import DEFAULTS

TEXT = ("WASHINGTON (AP) — Mr. Smith said the U.S. Army had sent 40 troops.\n\nKIEV, April 7. The talks ended.\n"
        "\u201cWe will go on,\u201d she said. Dr. Jones, of St. Louis, agreed. The vote is at 5 p.m. Monday.")


def _before_parser(nlp, text):
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "storyweave_sentences":
            return doc
        doc = proc(doc)
    raise AssertionError("no storyweave_sentences component")


@pytest.mark.usefixtures("nlp")
def test_marked_starts_are_those_of_the_token_setter(nlp):
    marked = mark_sentences(_before_parser(nlp, TEXT))
    one_by_one = _before_parser(nlp, TEXT)
    decided = _decisions(one_by_one, DEFAULTS.annotate)
    assert decided and False in decided.values()
    for i, start in decided.items():
        one_by_one[i].is_sent_start = start
    assert [t.is_sent_start for t in marked] == [t.is_sent_start for t in one_by_one]


@pytest.mark.usefixtures("nlp")
def test_a_parsed_text_is_refused_as_the_token_setter_refuses_it(nlp):
    with pytest.raises(ValueError):
        mark_sentences(nlp(TEXT))
