"""Property tests for the cleaner: no exception on arbitrary text, and nothing is lost or invented."""
from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.clean import clean
from storyweave.model import Document, RawDocument, Rejected

LINES = st.lists(st.one_of(
    st.text(max_size=80),
    st.sampled_from(["Comments", "Related", "© 2024 Example Media Inc. All rights reserved.", "By Jane Doe",
                     "Photo: Reuters", "The mayor said the new bridge would open in the spring after years of delays.",
                     "“We are ready,” she said.", "Share this:", "Advertisement", "", "   "]),
), max_size=30).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=LINES)
def test_clean_never_raises_and_keeps_every_word_somewhere(text):
    out = clean(RawDocument(id="x", source="x.txt", text=text))
    assert isinstance(out, (Document, Rejected))
    if isinstance(out, Rejected):
        assert out.reason and "\n" not in out.reason
        return
    # controls and format characters may go; unassigned code points (maybe assigned in a newer Unicode) stay
    visible = "".join(ch for ch in unicodedata.normalize("NFC", text) if unicodedata.category(ch) not in ("Cc", "Cf"))
    for word in out.body.split():  # nothing invented: every body word was in the input
        assert word in visible
    # the body never holds characters that hide or reorder text
    assert not any(ch in out.body for ch in "\u200b\u202e\u2066\x00")


@settings(max_examples=100, deadline=None)
@given(html=st.text(max_size=300).map(lambda t: f"<html><body><p>{t}</p><script>{t}</script></body></html>"))
def test_clean_html_never_raises(html):
    out = clean(RawDocument(id="h", source="h.html", html=html))
    assert isinstance(out, (Document, Rejected))
