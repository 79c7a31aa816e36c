"""The web app's pure view helpers: links, marking a body from offsets, word diffs, the timeline chart, counts."""
from __future__ import annotations

import pytest

from storyweave.model import Document, Story
from storyweave.web.present import (Mark, entity_marks, has_hidden_characters, independent_sources, mark_body,
                                    outlet_count, safe_url, timeline_chart, word_diff)


@pytest.mark.parametrize("url,ok", [
    ("https://example.com/a?b=c", True), ("http://example.com", True), ("  https://example.com  ", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), ("java\tscript:alert(1)", False),
    (" javascript:alert(1)", False), ("data:text/html,<script>", False), ("vbscript:x", False),
    ("//example.com/x", False), ("/relative", False), ("https://", False), ("https:\n//evil", False),
    ("http://[::1", False), (None, False), ("", False), ("https://x.example/" + "a" * 5000, False),
])
def test_only_http_urls_become_links(url, ok):
    assert (safe_url(url) is not None) is ok


def test_mark_body_splits_at_every_boundary_and_keeps_the_text():
    body = 'He said "12 troops left" today.'
    q0 = body.index('12 troops left')
    marks = [Mark(q0, q0 + len("12 troops left"), "quote", "quote: He"), Mark(q0, q0 + 9, "num", "12 troops"),
             Mark(0, 2, "ent", "He"), Mark(5, 999, "num"), Mark(4, 4, "num")]  # out of range / empty: dropped
    pieces = mark_body(body, marks, cited=(q0 + 3, q0 + 14))
    assert "".join(p.text for p in pieces) == body
    by_text = {p.text: p for p in pieces}
    assert by_text["He"].classes == "m-ent"
    assert by_text["12 "].classes == "m-num m-quote" and by_text["12 "].note == "quote: He · 12 troops"
    assert by_text["troops"].opens and by_text["troops"].classes == "m-num m-quote"
    assert by_text[" left"].closes and not by_text[" left"].opens
    assert sum(p.opens for p in pieces) == 1 and sum(p.closes for p in pieces) == 1


def test_mark_body_ignores_a_citation_outside_the_body():
    pieces = mark_body("short", [], cited=(2, 50))
    assert pieces and not any(p.opens or p.closes for p in pieces)
    assert mark_body("", [Mark(0, 1, "num")]) == []


def test_entity_marks_match_whole_words_longest_first():
    body = "Mayor Torres met Torresville officials; Alicia Torres left. Torres!"
    marks = entity_marks(body, [("Alicia Torres", "PERSON", ("Torres", "Mayor Torres")), ("X", "ORG", ("",))])
    assert [body[m.start:m.end] for m in marks] == ["Mayor Torres", "Alicia Torres", "Torres"]
    assert all(m.note == "Alicia Torres (PERSON)" for m in marks)


def test_word_diff():
    pieces = word_diff("we rebuilt it stronger", "we rebuilt it much stronger")
    assert [(p.op, p.text) for p in pieces] == [("same", "we rebuilt it"), ("ins", "much"), ("same", "stronger")]
    long = " ".join(["w"] * 3000)
    assert [p.op for p in word_diff(long, long + " x")] == ["del", "ins"]  # too long to diff: shown whole


def test_timeline_chart_places_dates_in_order_and_keeps_labels_apart():
    dates = ["2024-11-15", "2024-10-01", "2024-11-15", "2024-11-16", "not a date", "2025-01-20", "2024-11"]
    chart = timeline_chart(dates, [f"t{i}" for i in range(len(dates))])
    assert chart is not None
    by_index = {d.index: d for d in chart.dots}
    assert 4 not in by_index and by_index[6].date == "2024-11-01"
    assert by_index[1].x < by_index[6].x < by_index[0].x < by_index[3].x < by_index[5].x
    for a in chart.dots:  # dots on one row never overlap
        for b in chart.dots:
            if a is not b and a.y == b.y:
                assert abs(a.x - b.x) >= 28
    xs = [t.x for t in chart.ticks]
    assert all(b - a >= 92 for a, b in zip(xs, xs[1:]))
    assert chart.ticks[0].label == "2024-10-01" and chart.ticks[-1].label == "2025-01-20"
    assert timeline_chart(["nope"], ["t"]) is None
    one = timeline_chart(["2024-01-01"], ["t"])
    assert one and one.dots[0].x == one.width / 2


def test_independent_sources_counts_origins_and_copies():
    docs = {d.id: d for d in [Document(id="a", body="x", outlet="Herald", origin_outlet="Wire Press"),
                              Document(id="b", body="x", outlet="Post", origin_outlet="wire press "),
                              Document(id="c", body="x", outlet="Times"),
                              Document(id="d", body="x", outlet="Gazette"),
                              Document(id="e", body="x")]}
    story = Story(id="s", title=None, date=None, documents=("a", "b", "c", "d", "e"), copies=(("c", "d"),))
    assert independent_sources(story, docs) == 3  # {a, b} one wire story, {c, d} copies, e
    assert outlet_count(story, docs) == 5


def test_hidden_characters_are_noticed():
    assert has_hidden_characters("file\u202egnp.exe") and has_hidden_characters("zero\u200bwidth")
    assert not has_hidden_characters("plain text, ‘quotes’ — and dashes")
