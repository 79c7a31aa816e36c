"""Each report's language analysis kept in the store (issue 14): an add analyses only its new reports and re-weaves
the changed story from stored parts, to the same story; analyses of another version, or of a document since
changed, are not used. Real reports (the seeds), on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from storyweave import annotate, pipeline
from storyweave.model import Document, Report
from storyweave.render import to_jsonable
from storyweave.store import open_store
from storyweave.store.codec import annotations_from_bytes, annotations_to_bytes


def _seed_files(seeds_dir: Path) -> list[str]:
    files = sorted(str(p) for p in seeds_dir.iterdir() if p.suffix == ".txt")
    assert len(files) == 4
    return files


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of every document the language analysis runs on, in order."""
    seen: list[str] = []
    real = annotate.annotate

    def counting(documents, *args, **kwargs):  # type: ignore[no-untyped-def]
        documents = list(documents)
        seen.extend(d.id for d in documents)
        return real(documents, *args, **kwargs)

    monkeypatch.setattr(annotate, "annotate", counting)
    return seen


def _story_json(store, result: pipeline.AddResult) -> dict:
    (sid,) = result.changed
    story = store.story(sid)
    assert story is not None
    return to_jsonable(story)


@pytest.mark.issue(14)
def test_add_analyses_only_new_reports_and_weaves_the_same_story(store, tmp_path: Path, seeds_dir: Path,
                                                                 analysed: list[str]) -> None:
    a, b, c, d = _seed_files(seeds_dir)
    first = pipeline.add([a, b, c], store)
    assert len(first.added) == 3 and first.analysed == 3 and len(analysed) == 3
    del analysed[:]
    second = pipeline.add([d], store)
    assert analysed == list(second.added), "only the new report is analysed; the other three come from the store"
    assert second.analysed == 1 and not second.created
    stored = _story_json(store, second)
    assert len(stored["documents"]) == 4

    # the same adds into a store that keeps no analysis (as stores did before): every report is analysed again
    old = open_store(tmp_path / "old.sqlite")
    try:
        pipeline.add([a, b, c], old)
        with old.engine.begin() as conn:
            conn.execute(text("UPDATE documents SET annotations = NULL, annotations_version = NULL"))
        del analysed[:]
        again = pipeline.add([d], old)
        assert sorted(analysed) == sorted(stored["documents"]) and again.analysed == 4
        assert _story_json(old, again) == stored, "the story woven from stored analyses is the one woven afresh"
        del analysed[:]
        pipeline.add([d], old)  # re-running an add: nothing new, nothing analysed
        assert analysed == []
    finally:
        old.close()


@pytest.mark.issue(14)
def test_an_analysis_of_another_version_is_made_again_and_saved(store, seeds_dir: Path, analysed: list[str]) -> None:
    a, b, c, d = _seed_files(seeds_dir)
    pipeline.add([a, b], store)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE documents SET annotations_version = 'other analysis code'"))
    ids = [doc.id for doc in store.documents()]
    assert store.annotations(ids, pipeline.annotations_version()) == {}, "another version's analysis is refused"
    del analysed[:]
    third = pipeline.add([c], store)
    assert third.analysed == 3 and len(analysed) == 3, "the two older reports are analysed again"
    assert set(store.annotations(ids, pipeline.annotations_version())) == set(ids), "and saved as this version"
    del analysed[:]
    fourth = pipeline.add([d], store)
    assert fourth.analysed == 1 and analysed == list(fourth.added)


@pytest.mark.issue(14)
def test_stored_analysis_round_trips_and_a_changed_document_loses_it(store, seeds_dir: Path) -> None:
    documents, _ = pipeline.read_documents(_seed_files(seeds_dir)[:2])
    documents, annotations = pipeline.annotate_documents(documents)
    for ann in annotations.values():
        assert ann.sentences and ann.mentions
        assert annotations_from_bytes(annotations_to_bytes(ann)) == ann
    version = pipeline.annotations_version()
    store.save(Report(documents=tuple(documents)), annotations=annotations, annotations_version=version)
    ids = [doc.id for doc in documents]
    assert store.annotations(ids, version) == annotations
    assert store.annotations(ids, "another version") == {}

    store.save(Report(documents=tuple(documents)))  # saved again unchanged without them: kept
    assert store.annotations(ids, version) == annotations
    changed = Document(id=ids[0], body=documents[0].body + "\n\nA paragraph added later.")
    store.save(Report(documents=(changed,)))  # changed without a new analysis: the stale one is dropped
    assert set(store.annotations(ids, version)) == {ids[1]}
    with pytest.raises(ValueError):
        store.save(Report(documents=tuple(documents)), annotations=annotations)


@pytest.mark.issue(14)
def test_a_store_written_before_stored_analyses_is_migrated(tmp_path: Path, seeds_dir: Path,
                                                            analysed: list[str]) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from storyweave import store as store_mod

    path = tmp_path / "v1.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    cfg = Config(str(store_mod._ALEMBIC_INI))
    cfg.set_main_option("script_location", str(store_mod._ALEMBIC_INI.parent / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        cols = {r[1] for r in conn.execute(text("PRAGMA table_info(documents)"))}
    engine.dispose()
    assert "annotations" not in cols
    a, b, *_ = _seed_files(seeds_dir)
    with open_store(path) as st:  # migrated to head on opening
        with st.engine.connect() as conn:
            cols = {r[1] for r in conn.execute(text("PRAGMA table_info(documents)"))}
        assert {"annotations", "annotations_version"} <= cols
        pipeline.add([a], st)
        del analysed[:]
        result = pipeline.add([b], st)
        assert result.analysed == 1 and analysed == list(result.added)
