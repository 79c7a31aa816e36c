"""`batch` hands the run's settings to every step (issue 13): cleaning, analysis, the lead embedding, grouping and
weaving, on either engine, so `batch` with changed settings weaves what `weave` weaves with them. On Ray each story
is woven in a task of its own (pipeline.weave_story on a worker), which must get the settings too."""
from __future__ import annotations

import pytest

from storyweave import pipeline
from storyweave import settings as config
from storyweave.batch import Stats, run_batch

pytestmark = [pytest.mark.issue(13)]

CHANGED = {"clean.title_max_words": "3", "synthesize.summary_min": "1", "synthesize.summary_max": "2",
           "synthesize.timeline_max_text": "40", "cluster.lead_words": "60"}


def _view(report):
    return ([(d.id, d.title, d.body) for d in report.documents],
            [(s.id, s.documents, s.title, [x.text for x in s.summary], [e.text for e in s.timeline])
             for s in report.stories])


def _check(batched, woven, plain):
    assert _view(batched) == _view(woven)
    assert [d.title for d in woven.documents] != [d.title for d in plain.documents]  # the clean group reached it
    (story,) = woven.stories
    assert len(story.summary) == 2 < len(plain.stories[0].summary)  # the synthesize group reached it
    assert max(len(e.text) for e in story.timeline) <= 41
    assert batched.provenance["settings"] == config.digest(config.load(environ={}, flags=CHANGED))


@pytest.mark.slow
def test_local_batch_takes_the_settings(seeds_dir, tmp_path):
    settings = config.load(environ={}, flags=CHANGED)
    inputs = [str(seeds_dir)]
    plain, woven = pipeline.weave(inputs), pipeline.weave(inputs, settings=settings)
    _check(run_batch(inputs, tmp_path / "out", engine="local", shard_rows=2, settings=settings), woven, plain)


@pytest.mark.slow
def test_ray_batch_weaves_each_story_with_the_settings(seeds_dir, tmp_path, ray_runtime):
    settings = config.load(environ={}, flags=CHANGED)
    inputs = [str(seeds_dir)]
    plain, woven = pipeline.weave(inputs), pipeline.weave(inputs, settings=settings)
    stats = Stats(engine="ray")
    batched = run_batch(inputs, tmp_path / "out", engine="ray", shard_rows=2, settings=settings, stats=stats)
    assert stats.stage_seconds.get("weave", 0) > 0  # woven in Ray tasks
    _check(batched, woven, plain)
