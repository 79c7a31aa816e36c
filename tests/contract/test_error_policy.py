"""One error policy in every command (issue 13): a document that crashes a stage (cleaning, analysis) or a story
whose weaving crashes is a `Rejected`, never the end of a run, in weave, batch, add, the web app's add and watch;
`--strict` raises it. Faults are injected into the real stages, on the real sample reports."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import storyweave.align
import storyweave.annotate
import storyweave.clean
from storyweave import pipeline
from storyweave.cli import app
from storyweave.errors import BadDocument

pytestmark = [pytest.mark.issue(13), pytest.mark.slow]

CRASHING = "002_ea1236b998e6c3ab"  # one of the four sample reports


def _is_crashing(doc_id: str) -> bool:
    """The crashing report, under its file stem or the web upload's generated name ("002-ea1236b998e6c3ab-1a2b3c")."""
    return doc_id == CRASHING or doc_id.startswith(CRASHING.replace("_", "-") + "-")


class Injected(RuntimeError):
    pass


@pytest.fixture
def crash_analysis(monkeypatch):
    real = storyweave.annotate.annotate

    def annotate(documents, *args, **kwargs):
        if any(_is_crashing(d.id) for d in documents):
            raise Injected(f"injected fault in {CRASHING}")
        return real(documents, *args, **kwargs)

    monkeypatch.setattr(storyweave.annotate, "annotate", annotate)


@pytest.fixture
def crash_cleaning(monkeypatch):
    real = storyweave.clean.clean

    def clean(raw, **kwargs):
        if raw.id == CRASHING:
            raise Injected("injected fault in the cleaner")
        return real(raw, **kwargs)

    monkeypatch.setattr(storyweave.clean, "clean", clean)


@pytest.fixture
def crash_align(monkeypatch):
    def align(group, *args, **kwargs):
        raise Injected(f"injected fault weaving {group.id}")

    monkeypatch.setattr(storyweave.align, "align", align)


def _store_ids(path: Path) -> set[str]:
    from storyweave.store import open_store

    st = open_store(str(path))
    try:
        return {d.id for d in st.documents()}
    finally:
        st.close()


def test_a_crash_in_the_cleaner_is_a_rejection_in_weave_batch_and_add(crash_cleaning, seeds_dir, tmp_path):
    from storyweave.batch import run_batch

    report = pipeline.weave([str(seeds_dir)])
    [rejected] = report.rejected
    assert rejected.stage == "clean" and "cleaning failed: Injected" in rejected.reason
    assert len(report.documents) == 3 and report.stories
    batched = run_batch([str(seeds_dir)], tmp_path / "out", engine="local", shard_rows=2)
    assert [(r.source, r.stage) for r in batched.rejected] == [(rejected.source, "clean")]
    added = pipeline.add([str(seeds_dir)], str(tmp_path / "s.sqlite"))
    assert len(added.added) == 3 and [r.stage for r in added.rejected] == ["clean"]
    with pytest.raises(BadDocument) as caught:
        pipeline.weave([str(seeds_dir)], strict=True)
    assert isinstance(caught.value.__cause__, Injected)


def test_add_rejects_the_report_whose_analysis_crashes_and_stores_the_others(crash_analysis, seeds_dir, tmp_path,
                                                                              monkeypatch):
    store = tmp_path / "s.sqlite"
    result = pipeline.add([str(seeds_dir)], str(store))  # used to stop the whole add
    assert len(result.added) == 3 and CRASHING not in result.added
    [rejected] = result.rejected
    assert rejected.stage == "annotate" and rejected.source.endswith(f"{CRASHING}.txt")
    assert _store_ids(store) == set(result.added)
    with pytest.raises(BadDocument):
        pipeline.add([str(seeds_dir)], str(tmp_path / "strict.sqlite"), strict=True)
    monkeypatch.undo()  # the fault fixed: the report it refused is added by the next add, the others skipped
    again = pipeline.add([str(seeds_dir)], str(store))
    assert again.added == (CRASHING,) and len(again.skipped) == 3


def test_cli_add_reports_the_crash_and_goes_on(crash_analysis, seeds_dir, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["add", str(seeds_dir), "--store", str(tmp_path / "s.sqlite")])
    assert result.exit_code == 0, result.output
    assert "analysis failed" in result.output and CRASHING in result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["added"] == 3
    strict = runner.invoke(app, ["add", str(seeds_dir), "--store", str(tmp_path / "t.sqlite"), "--strict"])
    assert strict.exit_code == 1 and "--strict: stopped" in strict.output


def test_a_story_whose_weaving_crashes_is_rejected_in_weave_and_add(crash_align, seeds_dir, tmp_path):
    report = pipeline.weave([str(seeds_dir)])
    assert len(report.documents) == 4 and report.stories == ()
    assert report.rejected and all(r.stage == "align" and "weaving failed: Injected" in r.reason
                                   for r in report.rejected)
    assert all(r.source.startswith("story ") for r in report.rejected)
    result = pipeline.add([str(seeds_dir)], str(tmp_path / "s.sqlite"))
    assert result.added == () and result.changed == () and [r.stage for r in result.rejected] == ["align"]
    assert _store_ids(tmp_path / "s.sqlite") == set()  # nothing half-stored: a later add tries them again
    with pytest.raises(BadDocument):
        pipeline.weave([str(seeds_dir)], strict=True)


def test_the_web_add_answers_the_rejection(crash_analysis, seeds_dir, tmp_path):
    from fastapi.testclient import TestClient

    from storyweave.store import open_store
    from storyweave.web import create_app

    st = open_store(str(tmp_path / "web.sqlite"))
    try:
        client = TestClient(create_app(st, token="t0ken"))
        files = [("files", (p.name, p.read_bytes())) for p in sorted(seeds_dir.glob("*.txt"))]
        r = client.post("/api/upload", headers={"Authorization": "Bearer t0ken"}, files=files)
        assert r.status_code == 200, r.text[:300]
        data = r.json()
        assert len(data["documents"]) == 3 and [x["stage"] for x in data["rejected"]] == ["annotate"]
    finally:
        st.close()


def test_watch_reports_a_page_whose_analysis_crashes_and_adds_the_others(monkeypatch, tmp_path):
    from fetch.fetchserver import HTML, XML, Route, Server, page, rss

    real = storyweave.annotate.annotate

    def annotate(documents, *args, **kwargs):
        if any("Antofagasta" in (d.title or "") for d in documents):
            raise Injected("injected fault in a fetched page")
        return real(documents, *args, **kwargs)

    monkeypatch.setattr(storyweave.annotate, "annotate", annotate)
    text = ("A magnitude 6.8 earthquake struck northern Chile on Wednesday evening, shaking buildings in the port "
            "city and cutting power to thousands of homes, officials said. There were no immediate reports of "
            "deaths, and the navy said the quake did not meet the conditions to generate a tsunami.")
    server = Server().start()
    try:
        server.routes.update({
            "/robots.txt": Route(body=b"User-agent: *\nDisallow:\n"),
            "/a": Route(body=page("Strong earthquake shakes northern Chile", [text]), headers=HTML),
            "/b": Route(body=page("Antofagasta: 6.8 quake cuts power", [text.replace("Wednesday", "Thursday")]),
                        headers=HTML),
            "/rss.xml": Route(headers=XML, body=rss(server.base, [("/a", "Quake"), ("/b", "Antofagasta quake")])),
        })
        store = tmp_path / "w.sqlite"
        result = CliRunner().invoke(app, ["watch", server.url("/rss.xml"), "--store", str(store), "--once"])
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    assert "analysis failed: Injected" in result.output and server.url("/b") in result.output
    assert len(_store_ids(store)) == 1
