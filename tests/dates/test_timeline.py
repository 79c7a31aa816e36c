"""synthesize.timeline: the story's event date and its merged, resolved timeline."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from storyweave.annotate.dates import find_dates
from storyweave.model import Annotations, Document, Sentence
from storyweave.synthesize.timeline import build_timeline, infer_event_date

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seedbodies import seed_annotations  # noqa: E402


@pytest.fixture(scope="module")
def story(nlp):
    def make(reports: dict[str, tuple[str | None, str]]):
        docs, anns = [], []
        for did, (published, body) in reports.items():
            sdoc = nlp(body)
            docs.append(Document(id=did, body=body, published=published))
            anns.append(Annotations(
                doc_id=did,
                sentences=tuple(Sentence(doc_id=did, start=s.start_char, end=s.end_char, text=s.text)
                                for s in sdoc.sents),
                dates=tuple(find_dates(body, did, published, sdoc))))
        return docs, anns
    return make


def test_seed_story_event_date_and_timeline(gold):
    docs, anns = seed_annotations()
    event, entries = build_timeline(docs, anns)
    assert event == gold["event_date"] == "2024-11-15"
    days = {e.date for e in entries}
    for g in gold["timeline"]:
        assert g["date"] in days, g
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    bodies = {d.id: d.body for d in docs}
    for e in entries:
        assert e.sources and e.text
        assert set(e.sources) == {ev.doc_id for ev in e.evidence}
        for ev in e.evidence:
            assert 0 <= ev.start < ev.end <= len(bodies[ev.doc_id])
    # Sullivan aboard Air Force One on Thursday: told by two reports, merged into one entry
    thursday = [e for e in entries if e.date == "2024-11-14"]
    assert len(thursday) == 1 and set(thursday[0].sources) == {"000_6984637a7ad157e6", "001_8176adfb16dd57c7"}
    assert "Air Force One" in thursday[0].text
    # the meeting day carries every report
    friday = {s for e in entries if e.date == "2024-11-15" for s in e.sources}
    assert friday == {d.id for d in docs}
    # "a day ahead of Biden's planned bilateral with Xi": Friday + 1, about the bilateral
    saturday = [e for e in entries if e.date == "2024-11-16"]
    assert saturday and "Xi" in saturday[0].text
    # not in the past: "The president is scheduled to leave Peru on Sunday" (NYT) is the 17th
    assert any(e.date == "2024-11-17" and "leave Peru" in e.text for e in entries)


def test_event_date_resolved_from_one_dated_report(story):
    docs, anns = story({
        "wire": (None, "Leaders of the two countries met on Wednesday in Nairobi to sign a trade pact. "
                       "The pact was first proposed on March 3."),
        "paper": ("2025-06-12", "The presidents signed a trade pact in Nairobi on Wednesday, officials said."),
        "blog": (None, "A trade pact was signed Wednesday in Nairobi by the two presidents."),
    })
    event, entries = build_timeline(docs, anns)
    assert event == "2025-06-11"
    top = [e for e in entries if e.date == "2025-06-11"]
    assert len(top) == 1 and set(top[0].sources) == {"wire", "paper", "blog"}
    assert any(e.date == "2025-03-03" and e.sources == ("wire",) for e in entries)


def test_undated_story_keeps_absolute_dates_only(story):
    docs, anns = story({
        "a": (None, "The summit opened on Friday. The treaty was signed on 4 July 2019."),
        "b": (None, "Delegates met Friday at the summit."),
    })
    event, entries = build_timeline(docs, anns)
    assert [e.date for e in entries] == ["2019-07-04"]
    assert event == "2019-07-04" or event is None


def test_week_and_month_precision_stay_out(story):
    docs, anns = story({"a": ("2024-11-16", "Last week, officials said troops arrived. This month prices rose. "
                                            "Yesterday the minister resigned.")})
    event, entries = build_timeline(docs, anns)
    assert [e.date for e in entries] == ["2024-11-15"]
    assert "minister resigned" in entries[0].text


def test_different_events_same_day_stay_apart(story):
    docs, anns = story({
        "a": ("2024-11-16", "On Friday the leaders signed a maritime security pact in Lima."),
        "b": ("2024-11-16", "On Friday a magnitude 6 earthquake shook southern Chile, damaging roads."),
    })
    _, entries = build_timeline(docs, anns)
    friday = [e for e in entries if e.date == "2024-11-15"]
    assert len(friday) == 2 and {e.sources for e in friday} == {("a",), ("b",)}


def test_no_documents():
    assert build_timeline([], []) == (None, [])
    assert infer_event_date([Document(id="x", body="")], [Annotations(doc_id="x")]) is None


def test_lead_outweighs_body(story):
    docs, anns = story({
        "a": ("2024-11-16", "The leaders met on Friday. " + "Background sentence. " * 4 +
              "On Tuesday aides prepared. On Tuesday aides briefed. On Tuesday aides flew."),
        "b": ("2024-11-16", "The leaders held talks Friday in Lima."),
    })
    assert infer_event_date(docs, anns) == dt.date(2024, 11, 15)


# ------------------------------------------------------------ properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from storyweave.model import DateMention  # noqa: E402

_EXPRS = st.one_of(
    st.builds(lambda w, m: f"weekday:{w}{m}", st.integers(0, 6), st.sampled_from(["", ":future", ":next", ":last"])),
    st.builds(lambda mo, d: f"monthday:{mo:02d}-{d:02d}", st.integers(1, 12), st.integers(1, 31)),
    st.builds(lambda n, p: f"rel:{n}:{p}", st.integers(-3, 3), st.sampled_from(["day", "week", "month", "year"])),
    st.builds(lambda n, w: f"offset:{n:+d}:weekday:{w}", st.integers(-3, 3), st.integers(0, 6)),
    st.builds(lambda d: f"abs:{d.isoformat()}", st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))),
    st.text(max_size=10),
)


@settings(max_examples=60, deadline=None)
@given(reports=st.lists(st.tuples(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)),
                                  st.lists(st.tuples(_EXPRS, st.integers(0, 200)), max_size=6)),
                        min_size=1, max_size=4))
def test_timeline_never_raises_sorted_valid(reports):
    docs, anns = [], []
    body = "word " * 60
    for k, (pub, mentions) in enumerate(reports):
        did = f"r{k}"
        docs.append(Document(id=did, body=body, published=pub.isoformat() if pub else None))
        dms = []
        for expr, pos in mentions:
            day = None
            if pub is not None:
                from storyweave.dateexpr import resolve
                d, _ = resolve(expr, pub)
                day = d.isoformat() if d else None
            dms.append(DateMention(doc_id=did, text="x", date=day, start=pos, end=pos + 4, expr=expr,
                                   sentence=body[max(0, pos - 20):pos + 20], sentence_start=max(0, pos - 20),
                                   sentence_end=min(len(body), pos + 20)))
        anns.append(Annotations(doc_id=did, dates=tuple(dms)))
    event, entries = build_timeline(docs, anns)
    assert event is None or dt.date.fromisoformat(event).isoformat() == event
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    for e in entries:
        assert dt.date.fromisoformat(e.date).isoformat() == e.date and e.sources
