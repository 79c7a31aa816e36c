"""The orchestrator's shared rules (issue 13): unique document ids, and the error policy of the analysis, the same
under `weave` and `batch`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import storyweave.annotate
from storyweave import pipeline
from storyweave.cli import app
from storyweave.errors import BadDocument

CRASHING = "002_ea1236b998e6c3ab"  # one of the four sample reports


# ---------------------------------------------------------------- unique ids


@pytest.mark.issue(13)
@pytest.mark.parametrize("ids,expected", [
    (["a", "a", "a-2"], ["a", "a-3", "a-2"]),  # used to come out a, a-2, a-2
    (["a", "a", "a"], ["a", "a-2", "a-3"]),
    (["a-2", "a", "a"], ["a-2", "a", "a-3"]),
    (["a", "a-2", "a", "a-3", "a"], ["a", "a-2", "a-4", "a-3", "a-5"]),
    (["a", "a-2", "a-2", "a"], ["a", "a-2", "a-2-2", "a-3"]),
    (["b", "c"], ["b", "c"]),
    ([], []),
])
def test_unique_ids(ids, expected):
    assert pipeline.unique_ids(ids) == expected


@given(st.lists(st.sampled_from(["a", "a-2", "a-3", "a-2-2", "b", "b-2", ""]), max_size=30))
@settings(max_examples=300, deadline=None)
def test_unique_ids_never_collide_and_keep_first_ids(ids):
    out = pipeline.unique_ids(ids)
    assert len(out) == len(ids) and len(set(out)) == len(out)
    for i, doc_id in enumerate(ids):
        if doc_id not in ids[:i]:
            assert out[i] == doc_id  # the first document with an id keeps it


def _colliding_records(tmp_path: Path) -> Path:
    path = tmp_path / "dupes.jsonl"
    records = [{"id": "a", "text": "The harbour bridge reopened on Monday after two years of repairs, the city said."},
               {"id": "a", "text": "A new library opened in the old post office building, with a cafe and study rooms."},
               {"id": "a-2", "text": "Farmers reported an early apple harvest after a warm and dry late summer."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.issue(13)
def test_read_documents_gives_colliding_ids_distinct_names(tmp_path):
    docs, rejected = pipeline.read_documents([str(_colliding_records(tmp_path))])
    assert rejected == []
    assert [d.id for d in docs] == ["a", "a-3", "a-2"]
    assert docs[2].body.startswith("Farmers")  # the report that came as a-2 keeps its id


@pytest.mark.slow
@pytest.mark.issue(13)
def test_batch_names_colliding_ids_as_weave_does(tmp_path):
    from storyweave.batch import run_batch

    path = _colliding_records(tmp_path)
    woven = pipeline.weave([str(path)])
    batched = run_batch([str(path)], tmp_path / "out", engine="local", shard_rows=1)
    assert [d.id for d in batched.documents] == [d.id for d in woven.documents] == ["a", "a-3", "a-2"]
    assert sorted(i for s in batched.stories for i in s.documents) == ["a", "a-2", "a-3"]


# ---------------------------------------------------------------- error policy: one document crashes the analysis


class Injected(RuntimeError):
    pass


@pytest.fixture
def crash_one(monkeypatch):
    """Fault injection: the real analysis, except that any batch holding the document CRASHING raises."""
    real = storyweave.annotate.annotate

    def annotate(documents, *args, **kwargs):
        if any(d.id == CRASHING for d in documents):
            raise Injected(f"injected fault in {CRASHING}")
        return real(documents, *args, **kwargs)

    monkeypatch.setattr(storyweave.annotate, "annotate", annotate)


@pytest.mark.slow
@pytest.mark.issue(13)
def test_weave_rejects_the_document_whose_analysis_crashes(crash_one, seeds_dir):
    report = pipeline.weave([str(seeds_dir)])
    assert CRASHING not in {d.id for d in report.documents} and len(report.documents) == 3
    [rejected] = report.rejected
    assert rejected.stage == "annotate" and rejected.source.endswith(f"{CRASHING}.txt")
    assert "Injected" in rejected.reason and "injected fault" in rejected.reason
    assert report.stories and all(CRASHING not in s.documents for s in report.stories)
    for story in report.stories:
        assert all(CRASHING not in f.sources for f in story.facts)


@pytest.mark.slow
@pytest.mark.issue(13)
def test_strict_weave_raises_the_failure(crash_one, seeds_dir):
    with pytest.raises(BadDocument) as caught:
        pipeline.weave([str(seeds_dir)], strict=True)
    assert caught.value.source.endswith(f"{CRASHING}.txt") and "analysis failed" in caught.value.reason
    assert isinstance(caught.value.__cause__, Injected)


@pytest.mark.slow
@pytest.mark.issue(13)
def test_cli_weave_goes_on_and_strict_stops(crash_one, seeds_dir, tmp_path):
    runner = CliRunner()
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["weave", str(seeds_dir), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert [r["stage"] for r in data["rejected"]] == ["annotate"] and len(data["documents"]) == 3
    assert "analysis failed" in result.output
    strict = runner.invoke(app, ["weave", str(seeds_dir), "--format", "json", "-o", str(tmp_path / "s.json"),
                                 "--strict"])
    assert strict.exit_code == 1
    assert "--strict: stopped" in strict.output and CRASHING in strict.output
    assert not (tmp_path / "s.json").exists()


@pytest.mark.slow
@pytest.mark.issue(13)
def test_batch_applies_the_same_policy(crash_one, seeds_dir, tmp_path):
    from storyweave.batch import run_batch

    woven = pipeline.weave([str(seeds_dir)])
    batched = run_batch([str(seeds_dir)], tmp_path / "out", engine="local", shard_rows=2)
    assert [(r.source, r.stage) for r in batched.rejected] == [(r.source, r.stage) for r in woven.rejected]
    assert [d.id for d in batched.documents] == [d.id for d in woven.documents]
    with pytest.raises(BadDocument):
        run_batch([str(seeds_dir)], tmp_path / "strict", engine="local", strict=True)


# ---------------------------------------------------------------- spaCy in two processes (issue 14)

MULTINEWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews-sample" / "clustering.jsonl"


@pytest.mark.issue(14)
def test_analysis_in_two_processes_gives_the_same_annotations(tmp_path):
    if not MULTINEWS.exists():
        pytest.skip(f"{MULTINEWS} not found")
    with MULTINEWS.open(encoding="utf-8") as f:
        rows = [json.loads(next(f)) for _ in range(24)]
    src = tmp_path / "reports.jsonl"
    src.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows), encoding="utf-8")
    documents, _ = pipeline.read_documents([str(src)])
    one_docs, one, _ = pipeline.annotate_or_reject(documents, n_process=1)
    two_docs, two, _ = pipeline.annotate_or_reject(documents, n_process=2)
    assert len(one) == len(documents) == 24
    assert two == one and two_docs == one_docs
    assert sum(len(a.sentences) for a in one.values()) > 24 * 5


@pytest.mark.issue(14)
def test_two_processes_only_for_big_inputs_without_other_threads():
    assert pipeline.analysis_processes(4) == 1
    import os
    import threading

    expected = min(2, os.cpu_count() or 1)
    assert pipeline.analysis_processes(pipeline.PARALLEL_MIN) == expected
    seen = []
    worker = threading.Thread(target=lambda: seen.append(pipeline.analysis_processes(10_000)))
    worker.start()
    worker.join()
    assert seen == [1], "not forked from a worker thread (the web app's)"


# ---------------------------------------------------------------- reports with no text (issue 14)


@pytest.mark.issue(14)
def test_a_report_with_no_article_text_is_reported_as_such_not_woven_into_a_story(seeds_dir, tmp_path):
    # a page of widgets alone: the cleaner keeps it as a document with an empty body (grouping still sees every
    # report); weaving it would give an empty "Untitled story", so `weave`, `batch` and `add` report it instead
    from storyweave.batch import run_batch
    from storyweave.store import open_store

    inputs = tmp_path / "in"
    inputs.mkdir()
    for f in sorted(seeds_dir.glob("*.txt")):
        (inputs / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "widgets.txt").write_text("Subscribe\n\nShare this\n\nAdvertisement\n", encoding="utf-8")
    for report in (pipeline.weave([str(inputs)]), pipeline.weave([str(inputs)], strict=True),
                   run_batch([str(inputs)], tmp_path / "out", engine="local")):
        assert [len(s.documents) for s in report.stories] == [4]
        empty = [r for r in report.rejected if "widgets.txt" in r.source]
        assert len(empty) == 1 and "no article text" in empty[0].reason, report.rejected
    st = open_store(tmp_path / "store.sqlite")
    try:
        added = pipeline.add([str(inputs)], st)
        assert [s.reports for s in added.stories] == [4]
        assert any("widgets.txt" in r.source and "no article text" in r.reason for r in added.rejected)
    finally:
        st.close()
