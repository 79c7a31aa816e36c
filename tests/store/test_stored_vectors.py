"""Each report's sentence vectors kept in the store (issue 14): re-weaving a story from stored parts embeds none of
its older reports' sentences again, and gives the story woven afresh; vectors of another embedder or dimension, or
of texts the report no longer gives, are made again and saved. Real reports (the seeds), on SQLite and on a real
PostgreSQL server."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

from storyweave import pipeline, resources
from storyweave.align.facts import embedding_texts
from storyweave.render import to_jsonable
from storyweave.store import open_store
from storyweave.store.codec import texts_digest, vectors_from_bytes, vectors_to_bytes


def _seed_files(seeds_dir: Path) -> list[str]:
    files = sorted(str(p) for p in seeds_dir.iterdir() if p.suffix == ".txt")
    assert len(files) == 4
    return files


def _story(store, result: pipeline.AddResult) -> dict:
    (sid,) = result.changed
    story = store.story(sid)
    assert story is not None
    return to_jsonable(story)


def _claim_texts(store, ids) -> set[str]:
    docs = store.documents(list(ids))
    anns = store.annotations(list(ids), pipeline.annotations_version())
    return {t for d in docs for t in embedding_texts(d, anns[d.id])}


@pytest.mark.issue(14)
def test_an_add_embeds_no_older_sentence_and_weaves_the_story_woven_afresh(store, tmp_path: Path, seeds_dir: Path,
                                                                          encoded: list[str]) -> None:
    a, b, c, d = _seed_files(seeds_dir)
    first = pipeline.add([a, b, c], store)
    old_ids = first.added
    old_texts = _claim_texts(store, old_ids)
    assert len(old_texts) > 30
    kept = store.sentence_vectors(list(old_ids), resources.embedder_id(), dim=resources.EMBED_DIM)
    assert set(kept) == set(old_ids), "a story of three reports keeps the vectors of all three"

    resources._embed_cache.clear()  # a fresh process: only the store remembers
    del encoded[:]
    second = pipeline.add([d], store)
    new_texts = _claim_texts(store, second.added)
    assert old_texts - new_texts, "the seeds' reports do not all say the same"
    again = (old_texts - new_texts) & set(encoded)
    assert not again, f"older reports' sentences embedded again: {sorted(again)[:3]}"
    assert new_texts & set(encoded), "the new report's sentences are embedded"
    stored = _story(store, second)
    assert len(stored["documents"]) == 4
    assert set(store.sentence_vectors(stored["documents"], resources.embedder_id())) == set(stored["documents"])

    # the same adds into a store that keeps no vectors (as stores did before): every sentence is embedded again,
    # and the story is the same
    plain = open_store(tmp_path / "plain.sqlite")
    try:
        pipeline.add([a, b, c], plain)
        with plain.engine.begin() as conn:
            conn.execute(text("UPDATE documents SET vectors = NULL, vectors_version = NULL"))
        resources._embed_cache.clear()
        del encoded[:]
        fresh = pipeline.add([d], plain)
        assert old_texts - new_texts <= set(encoded)
        assert _story(plain, fresh) == stored, "the story woven from stored vectors is the one woven afresh"
        assert len(plain.sentence_vectors(stored["documents"], resources.embedder_id())) == 4, "and now kept"
    finally:
        plain.close()


@pytest.mark.issue(14)
def test_vectors_of_another_embedder_or_other_texts_are_made_again_and_saved(store, seeds_dir: Path,
                                                                             encoded: list[str]) -> None:
    a, b, c, d = _seed_files(seeds_dir)
    first = pipeline.add([a, b, c], store)
    ida, idb, idc = first.added
    old_texts = _claim_texts(store, [ida, idb, idc])
    other = vectors_to_bytes(["some other sentence"], np.zeros((1, resources.EMBED_DIM), np.float32))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE documents SET vectors_version = 'another-embedder:1:fp32:384:f16' WHERE id = :i"),
                     {"i": ida})
        conn.execute(text("UPDATE documents SET vectors = :v WHERE id = :i"), {"v": other, "i": idb})
    resources._embed_cache.clear()
    del encoded[:]
    second = pipeline.add([d], store)
    redone = _claim_texts(store, [ida, idb])
    assert redone - _claim_texts(store, [idc, *second.added]) <= set(encoded), "both are embedded again"
    assert not (_claim_texts(store, [idc]) - redone - _claim_texts(store, second.added)) & set(encoded)
    found = store.sentence_vectors([ida, idb, idc], resources.embedder_id(), dim=resources.EMBED_DIM)
    assert set(found) == {ida, idb, idc}
    docs = {x.id: x for x in store.documents([ida, idb])}
    anns = store.annotations([ida, idb], pipeline.annotations_version())
    for i in (ida, idb):
        assert found[i].matches(embedding_texts(docs[i], anns[i])), "saved again for the texts given now"
    assert old_texts


def test_vector_blobs_round_trip_and_refuse_another_dimension() -> None:
    texts = ["one sentence", "another one"]
    vecs = np.random.default_rng(0).normal(size=(2, 384)).astype(np.float32)
    got = vectors_from_bytes(vectors_to_bytes(texts, vecs), dim=384)
    assert got is not None and got.vectors.dtype == np.float32 and got.vectors.shape == (2, 384)
    assert np.array_equal(got.vectors, vecs.astype(np.float16).astype(np.float32))
    assert got.matches(texts) and not got.matches(texts[::-1]) and not got.matches(texts[:1])
    assert got.digest == texts_digest(texts)
    assert vectors_from_bytes(vectors_to_bytes(texts, vecs), dim=768) is None
    assert vectors_from_bytes(b"not vectors") is None
    assert vectors_from_bytes(vectors_to_bytes(texts, vecs)[:-2]) is None
    with pytest.raises(ValueError):
        vectors_to_bytes(texts, vecs[:1])


def test_a_store_saved_with_vectors_keeps_them_for_unchanged_documents_only(store, seeds_dir: Path) -> None:
    from storyweave.model import Report

    a, b, *_ = _seed_files(seeds_dir)
    pipeline.add([a, b], store)
    ids = [d.id for d in store.documents()]
    version = resources.embedder_id()
    assert set(store.sentence_vectors(ids, version)) == set(ids)
    assert store.sentence_vectors(ids, "another-embedder") == {}
    doc = store.document(ids[0])
    assert doc is not None
    store.save(Report(documents=(doc,)))  # unchanged: keeps them
    assert ids[0] in store.sentence_vectors(ids, version)
    import dataclasses

    store.save(Report(documents=(dataclasses.replace(doc, body=doc.body + " Changed."),)))
    assert ids[0] not in store.sentence_vectors(ids, version), "a changed document loses its stale vectors"
    with pytest.raises(ValueError):
        store.save(Report(documents=(doc,)), vectors={doc.id: (["x"], np.zeros((1, 384)))})


@pytest.mark.issue(14)
def test_reports_analysed_again_keep_their_vectors_when_their_sentences_are_the_same(store, seeds_dir: Path,
                                                                                   encoded: list[str]) -> None:
    a, b, c, d = _seed_files(seeds_dir)
    first = pipeline.add([a, b, c], store)
    old_texts = _claim_texts(store, first.added)
    with store.engine.begin() as conn:  # analysis code changed since: every older report is analysed again
        conn.execute(text("UPDATE documents SET annotations_version = 'older-analysis'"))
    resources._embed_cache.clear()
    del encoded[:]
    second = pipeline.add([d], store)
    assert second.analysed == 4
    again = (old_texts - _claim_texts(store, second.added)) & set(encoded)
    assert not again, "the same sentences, analysed again, are not embedded again"
