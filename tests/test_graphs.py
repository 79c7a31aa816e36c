"""storyweave.graphs.components: the one union-find (copies, quotes, the web app's independent sources)."""
from __future__ import annotations

import random

import pytest

from storyweave import graphs
from storyweave.cluster import copies


def _reference(n: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    """The union-find the callers used to hand-write (root = smallest member), for comparison."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


@pytest.mark.issue(13)
def test_empty_graph() -> None:
    assert graphs.components(0, []) == []
    assert copies.components(0, []) == []


@pytest.mark.issue(13)
def test_singletons() -> None:
    assert graphs.components(3, []) == [[0], [1], [2]]
    assert graphs.components(2, [(0, 0), (1, 1)]) == [[0], [1]]  # self-loops join nothing
    assert copies.components(3, []) == []  # copy sets are components of two or more


@pytest.mark.issue(13)
def test_chain() -> None:
    assert graphs.components(5, [(3, 4), (2, 3), (1, 2), (0, 1)]) == [[0, 1, 2, 3, 4]]
    assert graphs.components(6, [(5, 4), (4, 3)]) == [[0], [1], [2], [3, 4, 5]]


@pytest.mark.issue(13)
def test_transitive_join() -> None:
    # 4-1 and 3-0 first, then 1-3 joins them: one component, listed from its smallest member
    assert graphs.components(6, [(4, 1), (3, 0), (1, 3)]) == [[0, 1, 3, 4], [2], [5]]
    assert copies.components(6, [(4, 1), (3, 0), (1, 3), (2, 5)]) == [[0, 1, 3, 4], [2, 5]]


@pytest.mark.issue(13)
def test_order_is_deterministic() -> None:
    """Members ascending and components by smallest member, whatever the order or direction of the edges."""
    assert graphs.components(5, [(4, 2), (2, 4), (1, 0), (2, 4)]) == [[0, 1], [2, 4], [3]]
    rng = random.Random(13)
    for _ in range(200):
        n = rng.randint(1, 30)
        edges = [(rng.randrange(n), rng.randrange(n)) for _ in range(rng.randint(0, n))]
        expected = _reference(n, edges)
        assert graphs.components(n, edges) == expected
        rng.shuffle(edges)
        assert graphs.components(n, [(b, a) for a, b in edges]) == expected


@pytest.mark.issue(13)
def test_many_repeats_of_one_edge() -> None:
    assert graphs.components(3, [(0, 2)] * 1000) == [[0, 2], [1]]


@pytest.mark.issue(13)
def test_edge_outside_the_nodes() -> None:
    with pytest.raises(ValueError):
        graphs.components(2, [(0, 2)])
    with pytest.raises(ValueError):
        graphs.components(2, [(-1, 0)])
