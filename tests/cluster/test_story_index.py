"""StoryIndex search (issue 3): exact search until an approximate index pays, the same placements either way."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from storyweave.cluster import stories
from storyweave.cluster.features import DIM, SIG_PERM, DocFeatures
from storyweave.settings import DEFAULTS, ClusterSettings

pytestmark = pytest.mark.issue(3)


def _reports(n_stories: int, per_story: int, seed: int, prefix: str) -> list[tuple[DocFeatures, int]]:
    """Reports around `n_stories` random centres; each story's reports share two terms."""
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(0).normal(size=(n_stories, DIM))
    out = []
    for k in range(n_stories * per_story):
        c = k % n_stories
        v = centres[c] + 0.15 * rng.normal(size=DIM)
        f = DocFeatures(id=f"{prefix}{k}", vector=(v / np.linalg.norm(v)).astype(np.float32),
                        term_idx=np.array([10 * c, 10 * c + 1], np.int32), term_val=np.ones(2, np.float32),
                        entities=frozenset(), signature=rng.integers(0, 2**32, SIG_PERM, dtype=np.uint32),
                        day=None, n_words=100)
        out.append((f, c))
    return out


# an approximate index from 100 known reports (the default, settings cluster.exact_max, is 20,000)
SMALL_ANN = dataclasses.replace(DEFAULTS.cluster, exact_max=100)


def _index(known: list[tuple[DocFeatures, int]], *, ann: bool, settings: ClusterSettings = SMALL_ANN
           ) -> stories.StoryIndex:
    return stories.StoryIndex([f for f, _ in known], {f.id: f"s{c}" for f, c in known}, ann=ann, settings=settings)


def test_exact_and_approximate_search_place_reports_alike() -> None:
    known, new = _reports(40, 10, 1, "k"), _reports(40, 1, 2, "n")
    exact, approx = _index(known, ann=False), _index(known, ann=True)
    assert approx.approximate and not exact.approximate
    a = approx.assign([f for f, _ in new])
    e = exact.assign([f for f, _ in new])
    assert a.story_of == e.story_of == {f.id: f"s{c}" for f, c in new}


def test_approximate_index_is_built_once_exact_search_has_cost_as_much() -> None:
    known = _reports(20, 10, 3, "k")
    index = stories.StoryIndex([f for f, _ in known], {f.id: f"s{c}" for f, c in known},
                               {f.id: 0.5 for f, _ in known},  # stored scales: opening searches nothing
                               settings=dataclasses.replace(SMALL_ANN, ann_after=60))
    assert not index.approximate and index.searches == 0
    new = _reports(20, 2, 4, "n")
    placed = 0
    for f, c in new:
        assert index.assign([f]).story_of[f.id] == f"s{c}"
        placed += 1
        if index.approximate:
            break
        assert 0 < index.searches <= 60  # each arrival searches for itself and the reports it regroups
    assert index.approximate and placed > 1  # built once exact searches would pass ann_after
    for f, c in new[placed:]:
        assert index.assign([f]).story_of[f.id] == f"s{c}"  # later reports are added to it
    assert index._ann.ntotal == len(known) + len(new)


def test_small_indexes_stay_exact() -> None:
    known = _reports(5, 4, 5, "k")
    # 20 reports: below exact_max, exact search is as fast
    index = _index(known, ann=True, settings=dataclasses.replace(SMALL_ANN, ann_after=5))
    for f, c in _reports(5, 2, 6, "n"):
        assert index.assign([f]).story_of[f.id] == f"s{c}"
    assert not index.approximate
