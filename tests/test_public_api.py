"""The library entry points in storyweave/__init__.py, called the way the README shows, on the four sample reports."""
from __future__ import annotations

import pytest

import storyweave
from storyweave import Grouping, Report

def _norm(text: str) -> str:
    """The gold's comparison: case, quote marks, dashes and spaces normalised."""
    for fancy, plain in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "-"),
                         ("\u2014", "-")):
        text = text.replace(fancy, plain)
    return " ".join(text.casefold().split())


SEED_IDS = {"000_6984637a7ad157e6", "001_8176adfb16dd57c7", "002_ea1236b998e6c3ab", "003_3ea0f84f1e61d9e9"}


@pytest.mark.slow
def test_weave_returns_one_woven_story(seeds_dir):
    report = storyweave.weave([str(seeds_dir)])
    assert isinstance(report, Report)
    assert {d.id for d in report.documents} == SEED_IDS
    assert report.rejected == ()
    assert len(report.stories) == 1
    story = report.stories[0]
    assert set(story.documents) == SEED_IDS
    assert story.facts
    ids = {d.id for d in report.documents}
    for fact in story.facts:
        assert fact.sources and set(fact.sources) <= ids


@pytest.mark.slow
def test_extract_documents_cleans_and_counts(seeds_dir, gold):
    report = storyweave.extract_documents([str(seeds_dir)])
    assert isinstance(report, Report)
    assert report.stories == ()
    by_id = {d.id: d for d in report.documents}
    assert set(by_id) == SEED_IDS
    for doc_id, expected in gold["documents"].items():
        if expected.get("title"):
            assert _norm(by_id[doc_id].title or "") == _norm(expected["title"])
        assert _norm(by_id[doc_id].body).startswith(_norm(expected["body_first"]))
    assert any(d.quantities for d in report.documents)  # annotate_numbers is on by default
    plain = storyweave.extract_documents([str(seeds_dir)], annotate_numbers=False)
    assert all(d.quantities == () for d in plain.documents)


@pytest.mark.slow
def test_cluster_documents_groups_without_weaving(seeds_dir):
    report, grouping = storyweave.cluster_documents([str(seeds_dir)])
    assert isinstance(report, Report) and isinstance(grouping, Grouping)
    assert report.stories == ()
    assert {d.id for d in report.documents} == SEED_IDS
    assert len(grouping.groups) == 1
    assert set(grouping.groups[0].documents) == SEED_IDS


def test_cluster_documents_reports_unreadable_inputs(tmp_path):
    (tmp_path / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    report, grouping = storyweave.cluster_documents([str(tmp_path / "broken.jsonl"), str(tmp_path / "missing.txt")])
    assert report.documents == ()
    assert grouping.groups == ()
    assert len(report.rejected) == 2
    assert all(r.stage == "ingest" for r in report.rejected)


def test_public_names_are_exported():
    for name in storyweave.__all__:
        assert hasattr(storyweave, name), name
