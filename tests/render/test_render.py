"""Renderers: every format carries the story, and no article text becomes markup."""
from __future__ import annotations

import json

from storyweave.model import (Conflict, ConflictValue, Document, Entity, Evidence, Fact, Quote, Rejected, Report, Story,
                              SummarySentence, TimelineEntry, Variant)
from storyweave.render import render

EVIL = '<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) &amp; **bold**'


def _report(text: str = "Officials confirmed the bridge reopened.") -> Report:
    body = f"{text} More follows."
    docs = (Document(id="d1", body=body, outlet="Example Times", title=EVIL),
            Document(id="d2", body=body, outlet=EVIL, origin_outlet="Wire"))
    ev = (Evidence(doc_id="d1", start=0, end=len(text)),)
    story = Story(id="s1", title=EVIL, date="2024-05-01", documents=("d1", "d2"),
                  summary=(SummarySentence(text=text, sources=("d1", "d2"), evidence=ev),),
                  facts=(Fact(text=text, sources=("d1", "d2"), independent_sources=2, evidence=ev),),
                  conflicts=(Conflict(about=EVIL, values=(ConflictValue(value="up to 5", text=EVIL, sources=("d1",)),
                                                          ConflictValue(value="7", text="seven", sources=("d2",)))),),
                  quotes=(Quote(speaker=EVIL, text=EVIL, sources=("d1",), variants=(Variant(text="x", sources=("d2",)),)),),
                  entities=(Entity(name="Kelso", type="GPE", aliases=("Kelso", EVIL), sources=("d1",)),),
                  exclusives={"d1": (EVIL,)},
                  timeline=(TimelineEntry(date="2024-05-01", text=EVIL, sources=("d1",)),))
    return Report(documents=docs, stories=(story,), rejected=(Rejected(source="bad.png", stage="ingest", reason="binary"),))


def test_html_escapes_all_article_text():
    html = render(_report(EVIL), "html")
    assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html
    assert "<script" not in html.lower().replace("&lt;script", "")


def test_html_is_self_contained_and_cites_sources():
    html = render(_report(), "html")
    assert "http://" not in html and "https://" not in html and "<link" not in html
    assert 'class="cite"' in html and "Officials confirmed the bridge reopened." in html
    assert "bad.png: binary" in html


def test_markdown_escapes_syntax():
    md = render(_report(EVIL), "md")
    assert "<script>" not in md and "](javascript" not in md and "\\*\\*bold\\*\\*" in md
    assert "[1][2]" in md  # every summary sentence carries its citations


def test_json_follows_the_contract():
    data = json.loads(render(_report(), "json"))
    assert set(data) >= {"documents", "stories"}
    story = data["stories"][0]
    for key in ("id", "title", "date", "documents", "summary", "facts", "conflicts", "quotes", "entities", "exclusives",
                "timeline"):
        assert key in story
    assert story["facts"][0]["independent_sources"] == 2
    assert story["conflicts"][0]["values"][0] == {"value": "up to 5", "text": EVIL, "sources": ["d1"], "evidence": [],
                                                  "precision": "exact"}
    doc = data["documents"][0]
    for key in ("id", "outlet", "origin_outlet", "title", "authors", "published", "body", "removed", "language",
                "quantities"):
        assert key in doc


def test_an_untitled_report_is_named_by_its_opening_words():
    assert Document(id="d9", body="", title=None).label == "d9"
    long_body = "One two three four five six seven eight nine ten eleven twelve thirteen fourteen."
    assert Document(id="d9", body=long_body).label == "One two three four five six seven eight nine ten eleven twelve…"
    assert Document(id="d9", body=long_body, title=" A headline ").label == "A headline"
    md = render(_report(), "md")
    assert "2. **Officials confirmed the bridge reopened. More follows.**" in md  # d2 has no title
    assert "<td>Officials confirmed the bridge reopened. More follows.</td>" in render(_report(), "html")


def test_partial_support_speaker_disagreement_and_contents_are_shown_escaped():
    from dataclasses import replace

    from storyweave.model import Attribution

    base = _report()
    story = base.stories[0]
    story = replace(story, independent_sources=1,
                    summary=(replace(story.summary[0], sources=("d1",), partial_sources=("d2",)),),
                    quotes=(replace(story.quotes[0], attributions=(Attribution(speaker=EVIL, sources=("d1",)),
                                                                   Attribution(speaker="Ann Lee", sources=("d2",)))),))
    big = replace(story, id="s2", title="The bigger story", independent_sources=2)
    report = replace(base, stories=(story, big))
    html, md = render(report, "html"), render(report, "md")
    for out in (html, md):
        assert "<script>" not in out and "in part" in out and "disagree on the speaker" in out
        assert "Contents" in out
        assert out.index("The bigger story") < out.index("Officials confirmed")  # most independent sources first
    assert 'href="#story-1">The bigger story' in html
    assert json.loads(render(report, "json"))["stories"][0]["id"] == "s1"  # JSON keeps the grouping's order
