"""Test data for the web app: a hand-built report (one ordinary story, one hostile one).

The report is built from model.py types by hand, with texts written for these tests, so that the pages can be
checked line by line (every evidence offset is computed from the body it points into).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator
from storyweave.model import (Conflict, ConflictValue, Document, Entity, Evidence, Fact, Quantity, Quote, Report,
                              Story, SummarySentence, TimelineEntry, Variant)

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TOKEN = "test-token-7f3a"

# ---------------------------------------------------------------- texts of our own writing, three outlets

COASTAL = (
    "The Harbour Bridge reopened to traffic on Tuesday after nine weeks of storm repairs, the city's transport "
    "department said.\n\n"
    "About 40,000 vehicles a day crossed the bridge before a storm surge on March 2 tore away part of its eastern "
    "railing, according to the department.\n\n"
    "\"We rebuilt it stronger than it was, and we did it ahead of schedule,\" said Mayor Alicia Torres at a ceremony "
    "on the north ramp.\n\n"
    "Local fishermen, who were cut off from the southern quay during the closure, said business had fallen by "
    "half since the storm."
)
WIRE_A = (
    "HARBOUR CITY (Wire Press) - The Harbour Bridge opened again on Tuesday, ending a closure that began when a storm "
    "damaged the span on March 2.\n\n"
    "Some 35,000 vehicles a day used the bridge before the storm, city figures show.\n\n"
    "\"We rebuilt it stronger than before, and ahead of schedule,\" Mayor Torres told reporters.\n\n"
    "Repairs cost 12 million dollars, the transport department said."
)
WIRE_B = WIRE_A.replace("HARBOUR CITY (Wire Press) - ", "HARBOUR CITY - ")

HOSTILE_TITLE = '<script>window.__pwned=1;alert("t")</script> Bridge & "Tunnel" <b>row</b>'
HOSTILE_LINE = "A" * 50 + "<img src=x onerror=alert(2)>" + ("long-line-" * 104_858)  # a single line over 1 MB
HOSTILE_BODY = (
    "Residents say the <script>alert(1)</script> tunnel plan is &lt;b&gt;unsafe&lt;/b&gt; &amp; costly.\n\n"
    "Read more at <a href=\"javascript:alert(4)\">this link</a> or javascript:alert(5).\n\n"
    "Bidi trick: \u202egnp.exe\u202c and zero\u200bwidth\u200d joins \u2066isolated\u2069.\n\n"
    "\"<svg onload=alert(6)>\" said Council Member </textarea><script>alert(7)</script>.\n\n"
    + HOSTILE_LINE
)


def _ev(doc: Document, phrase: str) -> Evidence:
    start = doc.body.index(phrase)
    return Evidence(doc_id=doc.id, start=start, end=start + len(phrase))


def _qty(body: str, text: str, value: float | None, counts: str | None, **kw: str) -> Quantity:
    start = body.index(text)
    return Quantity(text=text, value=value, counts=counts, start=start, end=start + len(text), **kw)


def sample_report() -> Report:
    coastal = Document(id="coastal-times-bridge", body=COASTAL, outlet="Coastal Times", title="Harbour Bridge reopens",
                       authors=("Dana Reyes",), published="2024-05-07", url="https://coastal.example/bridge",
                       removed=("Subscribe to our newsletter", "Advertisement"), source="coastal.txt",
                       quantities=(_qty(COASTAL, "About 40,000 vehicles", 40000.0, "vehicles", qualifier="about"),))
    wire_a = Document(id="herald-bridge", body=WIRE_A, outlet="Daily Herald", origin_outlet="Wire Press",
                      title="Bridge opens again after storm", published="2024-05-07",
                      url="https://herald.example/news/bridge", source="herald.txt",
                      quantities=(_qty(WIRE_A, "35,000 vehicles", 35000.0, "vehicles"),
                                  _qty(WIRE_A, "12 million dollars", 12_000_000.0, None, unit="USD")))
    wire_b = Document(id="evening-post-bridge", body=WIRE_B, outlet="Evening Post", origin_outlet="Wire Press",
                      title="Bridge opens again after storm", published="2024-05-08", source="post.txt",
                      url="javascript:alert('url')")
    quote_c = "We rebuilt it stronger than it was, and we did it ahead of schedule,"
    quote_w = "We rebuilt it stronger than before, and ahead of schedule,"
    story = Story(
        id="s-harbour-bridge", title="Harbour Bridge reopens after storm repairs", date="2024-05-07",
        documents=(coastal.id, wire_a.id, wire_b.id), copies=((wire_a.id, wire_b.id),),
        summary=(
            SummarySentence(text="The Harbour Bridge reopened on Tuesday after storm repairs.",
                            sources=(coastal.id, wire_a.id),
                            evidence=(_ev(coastal, "The Harbour Bridge reopened to traffic on Tuesday after nine weeks "
                                                   "of storm repairs, the city's transport department said."),
                                      _ev(wire_a, "The Harbour Bridge opened again on Tuesday"))),
            SummarySentence(text="Repairs cost 12 million dollars.", sources=(wire_a.id,),
                            evidence=(_ev(wire_a, "Repairs cost 12 million dollars, the transport department said."),)),
        ),
        facts=(
            Fact(text="The bridge reopened on Tuesday.", sources=(coastal.id, wire_a.id, wire_b.id),
                 independent_sources=2, evidence=(_ev(coastal, "The Harbour Bridge reopened to traffic on Tuesday"),)),
            Fact(text="A storm damaged the bridge on March 2.", sources=(coastal.id, wire_a.id),
                 independent_sources=2, evidence=(_ev(wire_a, "a storm damaged the span on March 2"),)),
            Fact(text="Fishermen lost half their business.", sources=(coastal.id,), independent_sources=1,
                 evidence=(_ev(coastal, "business had fallen by half since the storm"),)),
        ),
        conflicts=(Conflict(about="vehicles a day before the storm", values=(
            ConflictValue(value="about 40,000", text="About 40,000 vehicles a day crossed the bridge",
                          sources=(coastal.id,), evidence=(_ev(coastal, "About 40,000 vehicles a day crossed the bridge"),)),
            ConflictValue(value="35,000", text="Some 35,000 vehicles a day used the bridge",
                          sources=(wire_a.id, wire_b.id), evidence=(_ev(wire_a, "Some 35,000 vehicles a day used the bridge"),)),
        )),),
        quotes=(Quote(speaker="Alicia Torres", text=quote_c, sources=(coastal.id,), evidence=(_ev(coastal, quote_c),),
                      variants=(Variant(text=quote_w, sources=(wire_a.id, wire_b.id),
                                        evidence=(_ev(wire_a, quote_w), _ev(wire_b, quote_w))),)),),
        entities=(Entity(name="Alicia Torres", type="PERSON", aliases=("Mayor Torres", "Alicia Torres"),
                         sources=(coastal.id, wire_a.id, wire_b.id), mentions=3),
                  Entity(name="Harbour Bridge", type="FAC", aliases=(), sources=(coastal.id, wire_a.id), mentions=2)),
        exclusives={coastal.id: ("Local fishermen said business had fallen by half since the storm.",),
                    wire_a.id: ("Repairs cost 12 million dollars.",)},
        timeline=(TimelineEntry(date="2024-03-02", text="A storm surge damages the bridge.", sources=(coastal.id, wire_a.id),
                                evidence=(_ev(coastal, "a storm surge on March 2 tore away part of its eastern railing"),)),
                  TimelineEntry(date="2024-05-07", text="The bridge reopens.", sources=(coastal.id,),
                                evidence=(_ev(coastal, "The Harbour Bridge reopened to traffic on Tuesday"),))),
    )
    hostile = hostile_document()
    return Report(documents=(coastal, wire_a, wire_b, hostile), stories=(story, hostile_story(hostile)))


def hostile_document() -> Document:
    return Document(id="hostile-1", body=HOSTILE_BODY, outlet='<i>Evil</i> "News"', origin_outlet="<b>Wire</b>",
                    title=HOSTILE_TITLE, authors=("<script>alert(8)</script>",), published="2024-06-01",
                    url="javascript:alert(9)", removed=("<script>alert(10)</script>", "<iframe src=javascript:alert(11)>"),
                    quantities=(Quantity(text="<img>", value=1.0, start=0, end=len(HOSTILE_BODY) + 5),))  # bad offsets


def hostile_story(doc: Document) -> Story:
    body = doc.body
    start = body.index("<svg")
    ev = Evidence(doc_id=doc.id, start=start, end=start + len("<svg onload=alert(6)>"))
    bad = Evidence(doc_id=doc.id, start=10, end=5)
    return Story(
        id="s-hostile", title=HOSTILE_TITLE, date="2024-06-01", documents=(doc.id,),
        summary=(SummarySentence(text="<script>alert(12)</script> summary & more", sources=(doc.id,),
                                 evidence=(Evidence(doc_id=doc.id, start=0, end=len(body)),)),
                 SummarySentence(text="javascript:alert(13)", sources=(doc.id, "missing-doc"), evidence=(bad,))),
        facts=(Fact(text='<img src=x onerror="alert(14)">', sources=(doc.id,), independent_sources=1, evidence=(ev,)),),
        conflicts=(Conflict(about="<b>cost</b>", values=(
            ConflictValue(value="<i>1</i>", text="<script>alert(15)</script>", sources=(doc.id,)),
            ConflictValue(value="2 &amp; 3", text="\u202eevil", sources=(doc.id,)))),),
        quotes=(Quote(speaker="<script>alert(16)</script>", text="<svg onload=alert(6)>", sources=(doc.id,),
                      evidence=(ev,), variants=(Variant(text="<svg onload=alert(17)> extra", sources=(doc.id,)),)),),
        entities=(Entity(name="Council Member", type="<ORG>", aliases=("<script>", "javascript:alert(18)"),
                         sources=(doc.id,)),),
        exclusives={doc.id: ("<script>alert(19)</script>",)},
        timeline=(TimelineEntry(date="2024-06-01", text="<script>alert(20)</script>", sources=(doc.id,)),
                  TimelineEntry(date="not a date", text="undated <b>", sources=(doc.id,))),
    )


def iter_pages(report: Report) -> Iterator[str]:
    """Every page path of the app for a report."""
    from storyweave.web.present import doc_href, story_href

    yield "/"
    yield "/add"
    for s in report.stories:
        yield story_href(s.id)
    for d in report.documents:
        yield doc_href(d.id)
