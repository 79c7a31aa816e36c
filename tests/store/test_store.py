"""The story store (issue 3): the same tests on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from storyweave.model import (Conflict, ConflictValue, Document, Entity, Evidence, Fact, Quantity, Quote, Report,
                              Story, SummarySentence, TimelineEntry, Variant)
from storyweave.store import engine_url, open_store


def _doc(doc_id: str, body: str, **kw: object) -> Document:
    return Document(id=doc_id, body=body, **kw)  # type: ignore[arg-type]


def _story(sid: str, docs: tuple[str, ...], title: str, date: str | None, summary: str) -> Story:
    ev = (Evidence(doc_id=docs[0], start=0, end=4),)
    return Story(
        id=sid, title=title, date=date, documents=docs,
        summary=(SummarySentence(text=summary, sources=docs, evidence=ev),),
        facts=(Fact(text=summary, sources=docs, independent_sources=1, evidence=ev),),
        conflicts=(Conflict(about="troops", values=(
            ConflictValue(value="up to 12,000", text="up to 12,000 troops", sources=docs[:1], evidence=ev),
            ConflictValue(value="up to 10,000", text="up to 10,000 troops", sources=docs[-1:]))),),
        quotes=(Quote(speaker="Jake Sullivan", text="It is dangerous", sources=docs,
                      variants=(Variant(text="it's dangerous", sources=docs[:1]),)),),
        entities=(Entity(name="Jake Sullivan", type="PERSON", aliases=("Sullivan",), sources=docs, mentions=3),),
        exclusives={docs[0]: ("Only here.",)},
        timeline=(TimelineEntry(date="2024-11-15", text="Leaders met.", sources=docs),),
        copies=(docs,) if len(docs) > 1 else (),
    )


def _report() -> Report:
    docs = (
        _doc("quake-1", "A strong earthquake struck off Sendai on Tuesday.", title="Quake hits Sendai",
             published="2024-11-12", outlet="example.org", authors=("A. Writer",), removed=("Subscribe now",),
             quantities=(Quantity(text="magnitude 6.8", value=6.8, unit="magnitude", start=2, end=15),)),
        _doc("quake-2", "Sendai residents were jolted awake by a tremor.", title="Sendai shaken",
             published="2024-11-12"),
        _doc("budget-1", "Portugal's parliament approved the budget on Thursday.", title="Budget passes",
             published="2024-11-28"),
    )
    stories = (
        _story("s-quake", ("quake-1", "quake-2"), "Earthquake off Sendai", "2024-11-12", "An earthquake struck Sendai."),
        _story("s-budget", ("budget-1",), "Portugal passes budget", "2024-11-28", "Parliament approved the budget."),
    )
    return Report(documents=docs, stories=stories)


@pytest.mark.issue(3)
def test_round_trip_of_documents_and_stories(store) -> None:
    report = _report()
    store.save(report)
    for doc in report.documents:
        assert store.document(doc.id) == doc
    for story in report.stories:
        assert store.story(story.id) == story
    assert store.documents(["budget-1", "nope", "quake-1"]) == [report.documents[2], report.documents[0]]
    assert {d.id for d in store.documents()} == {"quake-1", "quake-2", "budget-1"}
    assert store.story_of("quake-2") == "s-quake"
    assert store.story_of("nope") is None and store.story("nope") is None and store.document("nope") is None
    assert store.count_stories() == 2


@pytest.mark.issue(3)
def test_newest_first_paging_and_full_text_search(store) -> None:
    store.save(_report())
    assert [s.id for s in store.stories()] == ["s-budget", "s-quake"]
    assert [s.id for s in store.stories(limit=1, offset=1)] == ["s-quake"]
    assert [s.id for s in store.stories(q="earthquake")] == ["s-quake"]  # title and summary
    assert [s.id for s in store.stories(q="jolted residents")] == ["s-quake"]  # a document body, any word order
    assert [s.id for s in store.stories(q="parliament")] == ["s-budget"]
    assert store.stories(q="zeppelin") == []
    assert store.stories(q='" OR 1=1 --') == store.stories(q="OR 1 1")  # query syntax is never passed through


@pytest.mark.issue(3)
def test_saving_again_replaces_a_story_and_moves_documents(store) -> None:
    report = _report()
    store.save(report)
    merged = _story("s-quake", ("quake-1", "quake-2", "budget-1"), "Earthquake off Sendai", "2024-11-12", "Merged.")
    store.save(Report(stories=(merged,)))
    assert store.story("s-quake").documents == ("quake-1", "quake-2", "budget-1")
    assert store.story_of("budget-1") == "s-quake"
    assert store.document("budget-1") == report.documents[2]
    assert store.count_stories() == 2  # s-budget still there until replaced


@pytest.mark.issue(3)
def test_features_and_scales_are_kept_for_incremental_grouping(store) -> None:
    report = _report()
    store.save(report, features={"quake-1": b"\x00\x01binary\xff"}, scales={"quake-1": 0.5})
    store.save(Report(documents=report.documents[:1]))  # a later save without features keeps them
    assert store.features() == {"quake-1": b"\x00\x01binary\xff"}
    assert store.features(["quake-1", "quake-2"]) == {"quake-1": b"\x00\x01binary\xff"}
    assert store.scales() == {"quake-1": 0.5}
    assert store.story_map() == {"quake-1": "s-quake", "quake-2": "s-quake", "budget-1": "s-budget"}


@pytest.mark.issue(3)
def test_a_failed_save_leaves_the_store_as_before(store) -> None:
    store.save(_report())
    bad = Report(documents=(_doc("new-1", "Fine."),), stories=(_story("s-new", ("new-1",), "T", None, "S"),))
    bad = Report(documents=bad.documents + (object(),), stories=bad.stories)  # type: ignore[arg-type]
    with pytest.raises(Exception):
        store.save(bad)
    assert store.document("new-1") is None and store.story("s-new") is None
    assert store.count_stories() == 2


def test_urls() -> None:
    assert engine_url("postgresql://u@h:5/db") == "postgresql+psycopg://u@h:5/db"
    assert engine_url("sqlite:///x.db") == "sqlite:///x.db"
    assert engine_url("rel/x.sqlite").startswith("sqlite:////")


def test_reopening_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / f"{uuid.uuid4().hex}.sqlite"
    st = open_store(path)
    st.save(_report())
    st.close()
    st = open_store(f"sqlite:///{path}")
    assert st.count_stories() == 2 and st.story("s-quake") == _report().stories[0]
    st.close()


def test_a_story_emptied_by_a_regrouping_is_deleted_and_one_still_holding_reports_is_kept(store):
    a, b, c = (_doc(i, f"Report {i} about the flood in the valley.") for i in ("fa", "fb", "fc"))
    store.save(Report(documents=(a, b, c), stories=(_story("s1", ("fa",), "Flood", None, "Water rose."),
                                                    _story("s2", ("fb",), "Flood again", None, "Water rose."),
                                                    _story("s3", ("fc",), "Other", None, "Rain fell."))))
    # a report bridging s1 and s2 merged them into s1; s3 is named as emptied but still holds its report
    store.save(Report(documents=(), stories=(_story("s1", ("fa", "fb"), "Flood", None, "Water rose."),)),
               removed=("s2", "s3"))
    assert store.story("s2") is None and store.story("s3") is not None
    assert store.count_stories() == 2 and store.story_of("fb") == "s1"
    assert [s.id for s in store.stories(q="again")] == []  # its search row went with it
