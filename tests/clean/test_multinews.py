"""clean() on 1,356 real articles (Multi-News sample, read from ../shared, never copied): it never raises, keeps
every report, stays fast, and the clutter proxies stay under pinned ceilings (bench/clean_check.py prints them)."""
from __future__ import annotations

import json
import re
import time

import pytest

from storyweave.clean import clean
from storyweave.model import Document, RawDocument

_CLUTTERISH = re.compile(r"\b(?:click here|subscribe|advertisement|newsletter|sign up|©|all rights reserved|"
                         r"tweet with a location|learn more|comments powered by|follow us|enable javascript)\b", re.I)


@pytest.fixture(scope="module")
def cleaned(multinews_dir):
    rows = [json.loads(line) for line in open(multinews_dir / "clustering.jsonl", encoding="utf-8")]
    t0 = time.process_time()
    docs = [clean(RawDocument(id=r["id"], source=f"clustering.jsonl:{r['id']}", text=r["text"])) for r in rows]
    return rows, docs, time.process_time() - t0


def test_never_raises_and_keeps_every_report(cleaned):
    rows, docs, _ = cleaned
    assert len(docs) == len(rows) == 1356
    assert all(isinstance(d, Document) for d in docs)  # every sample text has visible text: none rejected
    for r, d in zip(rows, docs):
        assert d.id == r["id"]
        assert "\r" not in d.body and "\n\n\n" not in d.body
        assert d.body == d.body.strip()


def test_speed(cleaned):
    rows, _, elapsed = cleaned
    assert 1000 * elapsed / len(rows) < 10


def test_quality_proxies(cleaned):
    """Ceilings measured on this sample (empty 5.9 %, clutter-word paragraphs 0.1 %, 1.0 % in the raw lines); they
    may only go down."""
    rows, docs, _ = cleaned
    empty = sum(not d.body for d in docs) / len(docs)
    assert empty < 0.08  # these are widget-only pages (tweet, video player, web-archive notice)
    paragraphs = [p for d in docs for p in d.body.split("\n\n") if p]
    clutter = sum(len(p.split()) <= 40 and bool(_CLUTTERISH.search(p)) for p in paragraphs) / len(paragraphs)
    assert clutter < 0.002
    # nothing is lost: every non-blank input line is in the body or in removed
    for r, d in list(zip(rows, docs))[::25]:
        kept = d.body + "\n" + "\n".join(d.removed)
        words_in, words_kept = len(r["text"].split()), len(kept.split())
        assert words_kept >= 0.99 * words_in
