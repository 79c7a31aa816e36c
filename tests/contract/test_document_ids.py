"""Document ids that cannot collide (issue 13), on the real sample reports: a document is shown under its id (file
stem or record id, made unique within a run) and known by its content hash, so a different report that comes with
an id already stored is added under a new id instead of being skipped as "already stored"."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storyweave import pipeline

pytestmark = [pytest.mark.issue(13)]

SHARED_PAGES = Path(__file__).resolve().parents[3] / "shared" / "data" / "trafilatura-eval" / "pages"


def _samples(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))


def _as_index(tmp_path: Path, sources: list[Path], suffix: str) -> list[Path]:
    """Each source copied as FOLDER_N/index.SUFFIX: different reports with one file stem, as sites save them."""
    out = []
    for n, src in enumerate(sources):
        folder = tmp_path / f"site{n}"
        folder.mkdir()
        out.append(Path(shutil.copy(src, folder / f"index{suffix}")))
    return out


def test_content_hash_is_what_was_read_not_the_name(seeds_dir, tmp_path):
    a, b = _as_index(tmp_path, _samples(seeds_dir)[:2], ".txt")
    again = Path(shutil.copy(a, tmp_path / "renamed.txt"))
    docs, rejected = pipeline.read_documents([str(a), str(b), str(again)])
    assert rejected == [] and [d.id for d in docs] == ["index", "index-2", "renamed"]
    hashes = [d.content_hash for d in docs]
    assert all(h and h.startswith("sha256:") and len(h) == 71 for h in hashes)
    assert hashes[0] != hashes[1] and hashes[0] == hashes[2]


@pytest.mark.slow
def test_a_different_index_file_added_later_is_added_under_a_new_id(seeds_dir, tmp_path):
    first, second = _as_index(tmp_path, _samples(seeds_dir)[:2], ".txt")
    store = str(tmp_path / "stories.sqlite")
    one = pipeline.add([str(first)], store)
    assert one.added == ("index",) and one.skipped == () and one.renamed == ()
    two = pipeline.add([str(second)], store)  # used to be skipped as "already stored"
    assert two.added == ("index-2",) and two.skipped == () and two.renamed == (("index", "index-2"),)
    third = tmp_path / "site9" / "index.txt"
    third.parent.mkdir()
    third.write_text(_samples(seeds_dir)[2].read_text(encoding="utf-8"), encoding="utf-8")
    from typer.testing import CliRunner

    from storyweave.cli import app

    result = CliRunner().invoke(app, ["add", str(third), "--store", store])
    assert result.exit_code == 0, result.output
    assert "index: another report is stored under this id; added as index-3" in result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["added"] == 1 and out["renamed"] == [{"id": "index", "stored_as": "index-3"}]
    assert pipeline.add([str(second)], store).skipped == ("index-2",)  # the same add again: nothing new
    assert pipeline.add([str(first)], store).skipped == ("index",)

    from storyweave.store import open_store

    st = open_store(store)
    try:
        docs = {d.id: d for d in st.documents()}
        assert set(docs) == {"index", "index-2", "index-3"}
        assert docs["index"].body != docs["index-2"].body
        assert docs["index-2"].body.split()[:8] == pipeline.read_documents([str(second)])[0][0].body.split()[:8]
        stories = [st.story(s) for s in two.changed]
        assert any("index-2" in s.documents for s in stories if s is not None)
    finally:
        st.close()


@pytest.mark.slow
def test_a_different_index_html_page_gets_its_own_id_in_weave_and_add(tmp_path):
    if not SHARED_PAGES.is_dir():
        pytest.skip(f"{SHARED_PAGES} not found")
    pages = sorted(SHARED_PAGES.glob("*.html"))[:40]
    docs = []
    for page in pages:  # two real pages that both give an article body
        found, _ = pipeline.read_documents([str(page)])
        if found and len(found[0].body.split()) > 80:
            docs.append(page)
        if len(docs) == 2:
            break
    first, second = _as_index(tmp_path, docs, ".html")
    woven, _ = pipeline.read_documents([str(first), str(second)])
    assert [d.id for d in woven] == ["index", "index-2"]
    store = str(tmp_path / "pages.sqlite")
    assert pipeline.add([str(first)], store).added == ("index",)
    later = pipeline.add([str(second)], store)
    assert later.added == ("index-2",) and later.skipped == ()


def _real_records(seeds_dir: Path, tmp_path: Path) -> Path:
    """Three real reports as JSON Lines with the ids a, a, a-2."""
    texts = [p.read_text(encoding="utf-8") for p in _samples(seeds_dir)[:3]]
    path = tmp_path / "dupes.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in zip(["a", "a", "a-2"], texts)),
                    encoding="utf-8")
    return path


@pytest.mark.slow
def test_ids_a_a_a2_on_real_reports_in_weave_batch_and_add(seeds_dir, tmp_path):
    from storyweave.batch import run_batch

    path = _real_records(seeds_dir, tmp_path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    raw = pipeline.records_to_raw(records, source=str(path), id_prefix="dupes")
    hashes = [pipeline.content_hash(r) for r in raw]  # type: ignore[arg-type]
    woven = pipeline.weave([str(path)])
    assert [d.id for d in woven.documents] == ["a", "a-3", "a-2"] and woven.rejected == ()
    assert [d.content_hash for d in woven.documents] == hashes  # the report that came as a-2 keeps a-2
    batched = run_batch([str(path)], tmp_path / "out", engine="local", shard_rows=1)
    assert [d.id for d in batched.documents] == ["a", "a-3", "a-2"]
    added = pipeline.add([str(path)], str(tmp_path / "s.sqlite"))
    assert sorted(added.added) == ["a", "a-2", "a-3"] and added.renamed == ()
    cited = {i for s in woven.stories for i in s.documents}
    assert cited == {"a", "a-2", "a-3"}
