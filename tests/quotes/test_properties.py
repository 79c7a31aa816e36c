"""Property tests: find_quotes never raises and every span it returns is a true slice of the body."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.annotate.quotes import find_quotes

PIECES = st.sampled_from(['"', "'", "“", "”", "‘", "’", "``", "''", "«", "»", " ", "\n", "\n\n", ",", ".", ":", "?",
                          " he said", " said Ann Lee", "Mr. Lee", " told reporters", " it’s", "90s", "—", "-", "we",
                          "Ann", "the three leaders", "according to", "x"])
TEXT = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=60).map("".join))


def _check(body, quotes):
    for q in quotes:
        assert 0 <= q.start < q.end <= len(body)
        assert body[q.start:q.end] == q.text
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(body)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_regex_only_never_raises(body):
    _check(body, find_quotes(body, "d", None))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXT)
def test_with_parse_never_raises(nlp, body):
    _check(body, find_quotes(body, "d", nlp(body)))
