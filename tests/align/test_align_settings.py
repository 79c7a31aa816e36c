"""The align stage reads its tuned values from settings.AlignSettings (issue 13): a settings file, a flag or a
changed group reaches the seed story's cross-check through the pipeline."""
from __future__ import annotations

import dataclasses
import json

import pytest
from typer.testing import CliRunner

from storyweave import align, pipeline
from storyweave import settings as config
from storyweave.cli import app
from storyweave.model import Story
from storyweave.settings import DEFAULTS

pytestmark = [pytest.mark.issue(13)]


@pytest.fixture(scope="module")
def seed_analysis(seeds_dir):
    seeds = sorted(str(p) for p in seeds_dir.iterdir())
    docs, _ = pipeline.read_documents(seeds)
    docs, annotations, failed = pipeline.annotate_or_reject(docs, strict=True)
    assert not failed
    return seeds, docs, annotations


def _story(seed_analysis, settings) -> Story:
    _, docs, annotations = seed_analysis
    (story,) = pipeline.group_and_weave(docs, annotations, strict=True, settings=settings)[1]
    return story


def _troops(story: Story) -> list[set[str]]:
    return [{v.value for v in c.values} for c in story.conflicts if any("12,000" in v.value for v in c.values)]


def test_a_settings_file_changes_the_seed_storys_conflicts(seed_analysis, tmp_path):
    """Up to 12,000 / up to 10,000 North Korean troops is the seed story's conflict; with values within 20 % of
    each other taken as one value written differently (align.rel_tolerance), it is none."""
    plain = _story(seed_analysis, DEFAULTS)
    assert any({"Up to 12,000", "up to 10,000"} <= values for values in _troops(plain))
    path = tmp_path / "storyweave.toml"
    path.write_text("[align]\nrel_tolerance = 0.2\n", encoding="utf-8")
    tolerant = _story(seed_analysis, config.load(path, environ={}))
    assert _troops(tolerant) == []
    assert tolerant.facts and tolerant.summary  # the rest of the story is still woven


def test_a_changed_min_words_reaches_the_facts_and_the_flag_reaches_weave(seed_analysis):
    seeds, docs, annotations = seed_analysis
    plain = _story(seed_analysis, DEFAULTS)
    assert min(len(f.text.split()) for f in plain.facts) < 12
    tuned = _story(seed_analysis, config.load(environ={}, flags={"align.min_words": "12"}))
    assert tuned.facts and min(len(f.text.split()) for f in tuned.facts) >= 12
    assert len(tuned.facts) < len(plain.facts)
    # the same through the command line: `--set align.min_words=12`
    out = CliRunner().invoke(app, ["--set", "align.min_words=12", "weave", *seeds, "--format", "json"])
    assert out.exit_code == 0, out.output
    (story,) = json.loads(out.stdout)["stories"]
    assert min(len(f["text"].split()) for f in story["facts"]) >= 12
    # and what a store keeps the sentence vectors of follows the same setting
    doc = docs[0]
    texts = pipeline.embedding_texts(doc, annotations[doc.id])
    fewer = pipeline.embedding_texts(doc, annotations[doc.id], settings=dataclasses.replace(DEFAULTS.align,
                                                                                            min_words=12))
    assert set(fewer) < set(texts) and all(len(t.split()) >= 12 for t in fewer)


def test_the_quote_thresholds_come_from_the_group(seed_analysis):
    """align.align with quote_min_run etc. out of reach: the seed story's reworded quotes are no longer merged."""
    _, docs, annotations = seed_analysis
    (group,) = pipeline.group_documents(docs).groups
    docmap = {d.id: d for d in docs}
    plain = align.align(group, docmap, annotations)
    strict = align.align(group, docmap, annotations, settings=dataclasses.replace(
        DEFAULTS.align, quote_partial=101, quote_token_set=101, quote_min_run=10 ** 6))
    assert any(q.variants for q in plain.quotes)
    assert len(strict.quotes) > len(plain.quotes)
