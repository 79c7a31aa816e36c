"""Titles and roles before a name are data (src/storyweave/data/titles.txt), read once by storyweave.titles: the quote
reader and the entity merger use that one copy (issue 13: "person titles and name resolution x3")."""
from __future__ import annotations

import pytest

from storyweave import titles

pytestmark = [pytest.mark.issue(13)]


def test_the_quote_reader_and_the_entity_merger_read_the_one_copy():
    from storyweave.align import entity_text
    from storyweave.annotate import quote_lexicon

    assert quote_lexicon.TITLES is titles.BEFORE_NAME
    assert entity_text._TITLES == {entity_text._token_key(w) for w in titles.ROLES}
    assert entity_text._TITLE_MODIFIERS == {entity_text._token_key(w) for w in titles.QUALIFIERS}
    assert {"sen", "sen.", "spokesman", "lawyer", "vice", "former"} <= titles.BEFORE_NAME
    assert not titles.ROLES & titles.QUALIFIERS


@pytest.mark.parametrize("surface, name", [
    ("U.S. Ambassador Caroline Kennedy", "Caroline Kennedy"),  # a qualifier the quote reader knew, the merger did not
    ("Councilwoman Maria Lopez", "Maria Lopez"),  # a role the quote reader knew, the merger did not
    ("Former Vice President Al Gore", "Al Gore"),
    ("Lawyer Ben Crump", "Ben Crump"),
])
def test_the_merger_drops_every_title_the_data_lists(surface, name):
    from storyweave.align.people import _strip_title

    assert _strip_title(surface) == name
