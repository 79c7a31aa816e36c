"""The quote finder reads max_single_quote from settings.AnnotateSettings (issue 13): annotate.annotate hands it the
group, and a changed value changes which single-quoted passages are quotations."""
from __future__ import annotations

import dataclasses

import pytest

from storyweave.annotate import annotate
from storyweave.annotate.quotes import find_quotes
from storyweave.model import Document
from storyweave.settings import DEFAULTS

pytestmark = [pytest.mark.issue(13)]

# British house style: single marks for quotations, a long statement read out in one passage (about 330 characters).
LONG = ("We have looked at every option open to us, and we have concluded that the only responsible course is to "
        "close the plant at the end of the year. This was not an easy decision and it was not taken lightly. We will "
        "work with the unions and with the council to find new jobs for as many of the 400 people who work there as "
        "we possibly can")
BODY = ("LONDON — The chairman of Northfield Steel, Peter Hale, told shareholders on Tuesday that the company would "
        f"shut its Sheffield works. '{LONG},' Mr Hale said.\n\n"
        "'This is a betrayal of every family in this city,' said Jane Cole, the regional secretary of the union, "
        "which will ballot its members on strike action.\n")
SHORT = "This is a betrayal of every family in this city"


def _texts(quotes) -> list[str]:
    return [q.text for q in quotes]


def test_max_single_quote_decides_whether_a_long_single_quoted_passage_is_a_quotation(nlp):
    assert 300 < len(LONG) < DEFAULTS.annotate.max_single_quote
    short = dataclasses.replace(DEFAULTS.annotate, max_single_quote=200)
    plain = find_quotes(BODY, "d", nlp(BODY))
    tuned = find_quotes(BODY, "d", nlp(BODY), settings=short)
    assert LONG in _texts(plain) and SHORT in _texts(plain)
    assert "Hale" in next(q.speaker for q in plain if q.text == LONG)
    assert LONG not in _texts(tuned) and SHORT in _texts(tuned)  # the short one is still found


def test_annotate_hands_its_group_to_the_quote_finder():
    doc = Document(id="d", body=BODY)
    short = dataclasses.replace(DEFAULTS.annotate, max_single_quote=200)
    (plain,), (tuned,) = annotate([doc]), annotate([doc], settings=short)
    assert LONG in _texts(plain.quotes)
    assert LONG not in _texts(tuned.quotes) and SHORT in _texts(tuned.quotes)
