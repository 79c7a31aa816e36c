"""Golden test: the four seed reports against the careful reader's gold (tests/golden/seed-story.json).

Uses the same normalisation as tools/seedscore.py: body starts and ends where the gold says, no clutter string is
left in the body, and title, origin outlet, authors and date match.
"""
from __future__ import annotations

import re
import unicodedata

import pytest

from storyweave.clean import clean
from storyweave.model import Document, RawDocument

SEEDS = ["000_6984637a7ad157e6", "001_8176adfb16dd57c7", "002_ea1236b998e6c3ab", "003_3ea0f84f1e61d9e9"]


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = re.sub(r"[\u2010-\u2015]", "-", s)
    s = re.sub(r"[^\w' ]+", " ", s.lower())
    return re.sub(r"\s+", " ", s).strip()


@pytest.fixture(scope="module")
def cleaned(seeds_dir) -> dict[str, Document]:
    out = {}
    for name in SEEDS:
        path = seeds_dir / f"{name}.txt"
        doc = clean(RawDocument(id=name, source=str(path), text=path.read_text(encoding="utf-8")))
        assert isinstance(doc, Document), doc
        out[name] = doc
    return out


@pytest.mark.parametrize("name", SEEDS)
def test_body_bounds(cleaned, gold, name):
    g, d = gold["documents"][name], cleaned[name]
    assert norm(d.body).startswith(norm(g["body_first"])), d.body[:200]
    assert norm(d.body).endswith(norm(g["body_last"])), d.body[-200:]


@pytest.mark.parametrize("name", SEEDS)
def test_clutter_not_in_body_but_in_removed(cleaned, gold, name):
    g, d = gold["documents"][name], cleaned[name]
    body = norm(d.body)
    removed = norm(" ".join(d.removed))
    for clutter in g["not_body"]:
        # whole-word containment, as seedscore's contains(..., 1.0)
        assert f" {norm(clutter)} " not in f" {body} ", clutter
        assert norm(clutter) in removed, clutter


@pytest.mark.parametrize("name", SEEDS)
def test_title(cleaned, gold, name):
    g, d = gold["documents"][name], cleaned[name]
    if g["title"]:
        assert norm(d.title) == norm(g["title"])
    else:
        assert d.title is None


@pytest.mark.parametrize("name", SEEDS)
def test_origin_authors_date(cleaned, gold, name):
    g, d = gold["documents"][name], cleaned[name]
    assert d.origin_outlet and (norm(g["origin_outlet"]) in norm(d.origin_outlet)
                                or norm(d.origin_outlet) in norm(g["origin_outlet"]))
    for author in g.get("authors", []):
        assert any(norm(author) in norm(a) for a in d.authors), d.authors
    if g.get("published"):
        assert (d.published or "")[:10] == g["published"]
    assert d.language == "en"


def test_site_name_line_is_the_outlet(cleaned, gold):
    assert cleaned["001_8176adfb16dd57c7"].outlet == gold["documents"]["001_8176adfb16dd57c7"]["host"]


def test_paragraphs_kept_whole(cleaned, seeds_dir):
    # every body paragraph is a paragraph of the input, in order, separated by one blank line
    for name, d in cleaned.items():
        source = (seeds_dir / f"{name}.txt").read_text(encoding="utf-8")
        lines = [x.strip() for x in source.splitlines() if x.strip()]
        paragraphs = d.body.split("\n\n")
        assert all(p in lines for p in paragraphs)
        positions = [lines.index(p) for p in paragraphs]
        assert positions == sorted(positions)
