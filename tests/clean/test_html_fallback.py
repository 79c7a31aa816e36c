"""Pages lxml cannot build a tree for still give their text, never their scripts."""
from __future__ import annotations

from storyweave.clean import clean
from storyweave.clean.html import plain_text
from storyweave.model import Document, RawDocument

BODY = ("<p>The council approved the new budget on Monday after a long debate in the chamber.</p>"
        "<p>Critics said the plan would raise local taxes for most families next year.</p>")


def test_ten_thousand_nested_tags_keep_their_text():
    html = "<html><body>" + "<div>" * 10_000 + BODY + "<script>alert(1)</script>" + "</div>" * 10_000 + "</body></html>"
    doc = clean(RawDocument(id="deep", source="deep.html", html=html))
    assert isinstance(doc, Document)
    assert "approved the new budget" in doc.body and "raise local taxes" in doc.body
    assert "alert" not in doc.body


def test_plain_text_skips_scripts_styles_and_frames():
    html = ("<style>p{}</style><div>One line of text here.<iframe>frame text</iframe></div>"
            "<script>var x = '<p>not text</p>';</script><p>Second &amp; last.</p>")
    assert plain_text(html) == "One line of text here.\nSecond & last."
