"""Graph helpers shared by stages (the one union-find of the project).

    components(n, edges) -> list[list[int]]   connected components of an undirected graph over 0..n-1

Built on scipy.sparse.csgraph.connected_components (scipy is imported on first use: `import storyweave.cli` should
not load it). The order is deterministic: each component's members ascending, components by their smallest member,
so a caller that takes a component's first member as its representative gets its smallest index.
"""
from __future__ import annotations

from typing import Iterable


def components(n: int, edges: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components of the undirected graph on nodes 0..n-1 with `edges` (pairs of node indices, in any
    order and direction, repeats and self-loops allowed), singletons included: members ascending, components
    ordered by their smallest member. ValueError for a node outside 0..n-1."""
    if n < 0:
        raise ValueError(f"negative node count {n}")
    pairs = [(int(a), int(b)) for a, b in edges]
    if not pairs:
        return [[i] for i in range(n)]
    if any(not (0 <= a < n and 0 <= b < n) for a, b in pairs):
        raise ValueError(f"edge outside the {n} nodes")
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    rows = np.fromiter((a for a, _ in pairs), dtype=np.int64, count=len(pairs))
    cols = np.fromiter((b for _, b in pairs), dtype=np.int64, count=len(pairs))
    graph = csr_matrix((np.ones(len(pairs)), (rows, cols)), shape=(n, n))  # repeated edges add up: still > 0
    _, labels = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = {}
    for node, label in enumerate(labels.tolist()):  # nodes ascending: each list sorted, dict in smallest-member order
        groups.setdefault(label, []).append(node)
    return list(groups.values())
