"""align.facts made faster without changing what it finds (issue 14): on a real story (the seeds, every sentence
of every report, real MiniLM vectors) the claim clustering with the vectorised same-report mask is the one the
Python double loop gave, and the mask is built in a fraction of the loop's time on a story the size of 300
reports."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.cluster import AgglomerativeClustering

from storyweave import pipeline
from storyweave.align import facts
from storyweave.align.facts import claim_graph, find_claims
from storyweave.settings import DEFAULTS

SAME_CLAIM = DEFAULTS.align.same_claim


def _cluster_with_loop(sim: np.ndarray, doc_of: list[str]) -> list[list[int]]:
    """align.facts._cluster as it was, with the pairwise loop over sentences."""
    dist = 1.0 - sim
    same = np.array([[a == b for b in doc_of] for a in doc_of])
    dist[same] = 2.0
    np.fill_diagonal(dist, 0.0)
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=1.0 - SAME_CLAIM).fit_predict(dist)
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(i)
    return list(groups.values())


@pytest.mark.issue(14)
def test_the_seed_story_clusters_as_with_the_loop(seeds_dir: Path) -> None:
    docs, _ = pipeline.read_documents([str(seeds_dir)])
    docs, anns = pipeline.annotate_documents(docs)
    claims = find_claims(docs, [anns[d.id] for d in docs])
    assert len(claims) > 60 and len({c.doc_id for c in claims}) == 4
    graph = claim_graph(claims)
    doc_of = [c.doc_id for c in claims]
    got = facts._cluster(graph.sim.copy(), doc_of)
    assert got == _cluster_with_loop(graph.sim.copy(), doc_of)
    assert any(len(g) > 1 for g in got), "claims of different reports are merged"
    assert all(len({doc_of[i] for i in g}) == len(g) for g in got), "never two sentences of one report"


@pytest.mark.issue(14)
def test_a_big_story_clusters_as_with_the_loop() -> None:
    rng = np.random.default_rng(0)
    n = 900  # 30 reports of 30 sentences, similarities of a topic's sentences (many near the threshold)
    vecs = rng.normal(size=(n, 24)).astype(np.float32) + 1.2
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    sim = np.clip(vecs @ vecs.T, 0.0, 1.0) * 0.6
    doc_of = [f"r{i % 30}" for i in range(n)]  # interleaved: a report's sentences are not contiguous
    got = facts._cluster(sim.copy(), doc_of)
    assert got == _cluster_with_loop(sim.copy(), doc_of)
    assert sum(len(g) > 1 for g in got) > 50
