"""The quantity reader on real spaCy parses, shared by the quantity tests."""
from __future__ import annotations

import pytest

from storyweave.annotate.quantities import find_quantities


@pytest.fixture(scope="module")
def q(nlp):
    """find_quantities on a text, checking that every quantity's offsets give back its text."""
    def run(text: str):
        found = find_quantities(text, nlp(text))
        for x in found:
            assert text[x.start:x.end] == x.text
        return found
    return run
