"""A warm grouping index for long-running adds (`serve`, `watch`), on SQLite and on a real PostgreSQL server: read
once, reused while nobody else writes, read again after another writer, dropped when an add fails."""
from __future__ import annotations

from pathlib import Path

import pytest

from storyweave import pipeline
from storyweave.store import open_store


def _seed_files(seeds_dir: Path) -> list[str]:
    files = sorted(str(p) for p in seeds_dir.iterdir() if p.suffix == ".txt")
    assert len(files) == 4
    return files


@pytest.mark.issue(3)
def test_index_is_reused_until_another_writer_comes_in(store, seeds_dir: Path) -> None:
    a, b, c, d = _seed_files(seeds_dir)
    cache = pipeline.IndexCache()
    start = store.seq()  # PostgreSQL's test database keeps its counter across tests
    pipeline.add([a], store, cache=cache)
    assert cache.builds == 1 and store.seq() == start + 1, "one add, one write"
    second = pipeline.add([b], store, cache=cache)
    assert cache.builds == 1, "nobody else wrote: the index in memory is used"
    assert not second.created, "the second report of the event joins the first one's story"

    other = open_store(str(store.engine.url.render_as_string(hide_password=False)))  # another writer
    try:
        third = pipeline.add([c], other)
    finally:
        other.close()
    assert not third.created

    fourth = pipeline.add([d], store, cache=cache)
    assert cache.builds == 2, "the store moved on under the cache: the index is read again"
    assert not fourth.created
    stories = {store.story_of(i) for i in second.added + third.added + fourth.added}
    assert len(stories) == 1 and store.count_stories() == 1, "all four reports are one story"


@pytest.mark.issue(3)
def test_a_failed_add_drops_the_index_and_leaves_the_store_as_before(store, seeds_dir: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, *_ = _seed_files(seeds_dir)
    cache = pipeline.IndexCache()
    pipeline.add([a], store, cache=cache)
    before = (store.seq(), store.count_documents())

    def fail(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "save", fail)
    with pytest.raises(RuntimeError):
        pipeline.add([b], store, cache=cache)
    monkeypatch.undo()
    assert (store.seq(), store.count_documents()) == before
    again = pipeline.add([b], store, cache=cache)  # the failed report was placed in the index: it must not linger
    assert cache.builds == 2 and again.added and not again.skipped and not again.created


@pytest.mark.issue(15)
def test_an_older_reports_reference_score_is_saved_when_a_closer_report_arrives(store, seeds_dir: Path) -> None:
    """`add` stores every reference score the arrival changed, not only the new report's, so a later process reads
    the references the warm index had."""
    from storyweave.settings import DEFAULTS

    a, b, *_ = _seed_files(seeds_dir)
    first = pipeline.add([a], store)
    before = store.scales()[first.added[0]]
    pipeline.add([b], store)
    after = store.scales()[first.added[0]]
    assert before == pytest.approx(DEFAULTS.cluster.min_score) and after > before
    assert after == pytest.approx(pipeline.load_index(store).scale(first.added[0]), rel=1e-5)
