"""Story grouping across corpora (issue 15): an ECB+ dev floor, with the setting chosen on ECB+ train + Multi-News
validation (bench/ecbplus.py). ECB+ stories hold 3-22 reports; the grouping once split them (B-cubed F1 0.536)."""
from __future__ import annotations

import collections
import json
from pathlib import Path

import numpy as np
import pytest

from storyweave import cluster
from storyweave import settings as config
from storyweave.cluster import graph
from storyweave.model import Document
from storyweave.settings import DEFAULTS

pytestmark = pytest.mark.issue(15)

ROOT = Path(__file__).resolve().parents[2]
ECB = ROOT.parent / "shared" / "data" / "ecbplus-dev" / "documents.jsonl"
ARTIFACTS = ROOT / "tests" / "artifacts"

ECB_DEV_F1 = 0.95  # measured 0.970 with the pair model (bench/ecbplus.py --part quality); relative affinity 0.872,
# the local scaling before it 0.536
ECB_DEV_PRECISION = 0.97  # measured 1.000: one topic's two events kept apart
ECB_DEV_RECALL = 0.92  # measured 0.942; was 0.800, and 0.366 before
EVENT_ALONE_STORIES = 1.5  # mean stories when one dev event's reports are grouped alone; was 1.62, and 4.44 before


def _bcubed(pred: dict[str, int], gold: dict[str, str]) -> tuple[float, float, float]:
    pc, gc = collections.defaultdict(set), collections.defaultdict(set)
    for d in gold:
        pc[pred[d]].add(d)
        gc[gold[d]].add(d)
    p = float(np.mean([len(pc[pred[d]] & gc[gold[d]]) / len(pc[pred[d]]) for d in gold]))
    r = float(np.mean([len(pc[pred[d]] & gc[gold[d]]) / len(gc[gold[d]]) for d in gold]))
    return p, r, 2 * p * r / (p + r)


@pytest.fixture(scope="module")
def ecb_dev() -> tuple[list[Document], dict[str, str]]:
    if not ECB.exists():
        pytest.skip("../shared/data/ecbplus-dev is not present")
    rows = [json.loads(line) for line in ECB.read_text().splitlines()]
    rows = [r for r in rows if r["split"] == "dev"]
    return [Document(id=r["id"], body=r["text"]) for r in rows], {r["id"]: r["cluster"] for r in rows}


@pytest.mark.slow
def test_ecbplus_dev_floor_and_one_event_mostly_one_story(ecb_dev, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYWEAVE_EMBED_CACHE", str(ARTIFACTS / "embed-cache"))  # ~40 s the first time only
    docs, gold = ecb_dev
    feats = cluster.compute_features(docs, settings=config.load().cluster)  # embed_cache from the variable
    groups, _ = cluster.group_features(feats)
    pred = {feats[x].id: g for g, members in enumerate(groups) for x in members}
    p, r, f = _bcubed(pred, gold)
    assert f >= ECB_DEV_F1 and p >= ECB_DEV_PRECISION and r >= ECB_DEV_RECALL, (p, r, f)
    by_event = collections.defaultdict(list)
    for x in feats:
        by_event[gold[x.id]].append(x)
    stories = [len(cluster.group_features(fs)[0]) for fs in by_event.values()]
    assert np.mean(stories) <= EVENT_ALONE_STORIES, stories


def test_reference_is_the_mean_of_the_best_scores_floored() -> None:
    # node 0: scores 0.6, 0.4, 0.3 -> mean of two best 0.5; node 3: one score 0.3 -> (0.3 + 0) / 2 floored
    i = np.array([0, 0, 0, 1, 2, 3])
    j = np.array([1, 2, 3, 0, 0, 0])
    s = np.array([0.6, 0.4, 0.3, 0.6, 0.4, 0.3], np.float32)
    ref = graph.references(4, i, j, s, 2)
    assert ref[0] == pytest.approx(0.5)
    assert ref[3] == pytest.approx(max(0.15, DEFAULTS.cluster.min_score))
    # the same pair counts for more between reports whose best neighbours are far than between close ones
    parts = np.array([[0.5, 0.1, 0.0, 0.0]] * 2, np.float32)
    w = graph.affinity(parts, np.array([0.3, 0.3], np.float32), np.array([0.3, 0.6], np.float32),
                       np.array([0.3, 0.6], np.float32))
    assert w[0] > graph.link_threshold() > w[1]


def test_add_raises_the_references_of_the_reports_it_scores_with() -> None:
    from storyweave.cluster.features import DIM, SIG_PERM, DocFeatures

    rng = np.random.default_rng(3)
    centre = rng.normal(size=DIM)

    def report(k: int) -> DocFeatures:
        v = centre + 0.2 * rng.normal(size=DIM)
        return DocFeatures(id=f"r{k}", vector=(v / np.linalg.norm(v)).astype(np.float32),
                           term_idx=np.array([1, 2, 3 + k], np.int32), term_val=np.ones(3, np.float32),
                           entities=frozenset({"lima"}), signature=rng.integers(0, 2**32, SIG_PERM, dtype=np.uint32),
                           day=None, n_words=100)

    index = cluster.StoryIndex([], {})
    first = index.assign([report(0)])
    assert first.scales == {"r0": pytest.approx(DEFAULTS.cluster.min_score)}  # nothing to compare with yet
    second = index.assign([report(1)])
    assert second.story_of["r1"] == first.story_of["r0"]
    assert set(second.scales) == {"r0", "r1"}  # r0's reference rose with r1's score: the store must learn it
    assert second.scales["r0"] == pytest.approx(second.scales["r1"])
    assert second.scales["r0"] > DEFAULTS.cluster.min_score
