"""Sub-quadratic grouping: candidate pairs from a vector index, a combined pair score, a pair model judging the
candidate pairs, average linkage on the sparse graph.

    neighbours(vectors, k)        top-k by lead embedding (faiss: exact below exact_max vectors, HNSW above)
    pair_parts(F, ..., i, j)      combined score of document pairs and its parts (lead embedding, TF-IDF terms,
                                  entity overlap, IDF-weighted entity cosine; decayed by the publication-day gap)
    references(n, i, j, s)        each report's reference score: the mean of its ref_top best pair scores
    affinity(parts, s, refs)      the pair model: probability that a candidate pair tells one event
    average_link(n, edges, thr)   UPGMA on a sparse graph (a missing edge counts as 0), merging while the mean
                                  affinity between two groups is >= thr (link_threshold())

The pair model (data/pair-model.json, a logistic regression over pair_inputs; bench/ecbplus.py --part train fits
it on ECB+ train pairs and chooses its threshold on ECB+ train out of fold + Multi-News validation) reads the score's
parts, the score itself and the score relative to both reports' reference scores. The relative part is what makes
one setting serve corpora whose stories hold 2 or 20 reports: an absolute score means different things in
different corpora (short wire texts of one event score 0.35-0.55 with each other, Multi-News pages of one story
0.22-0.53, other events of the same kind 0.2-0.43), and "is this pair nearly as close as the closest each report
gets?" holds for a story of 2 and of 20 alike (the earlier local scaling by the 5th-best neighbour mistook a story's
size for density: ECB+ recall 0.37). The IDF-weighted entity cosine is what tells one topic's two events apart
(a rare shared name or place says more than a common one).

The tuned values are settings.ClusterSettings (`cfg`, default settings.DEFAULTS.cluster; their help says how each
was set): min_score (edge and reference floor) and ref_top were chosen on ECB+ train + Multi-News validation with
the earlier relative affinity (docs/grouping-quality.md); idf_prior_docs keeps small batches (a handful of reports
on one event) together. The weights W_* of the combined score come from the Multi-News tuning and are part of the
pair model's inputs, so they stay here.
"""
from __future__ import annotations

import heapq
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

from storyweave.cluster.features import DocFeatures, N_FEATURES
from storyweave.settings import DEFAULTS, ClusterSettings

if TYPE_CHECKING:  # pragma: no cover
    from scipy import sparse

W_EMB, W_TERMS, W_ENT = 0.45, 0.45, 0.10
PAIR_MODEL = Path(__file__).with_name("data") / "pair-model.json"


def neighbours(vectors: np.ndarray, k: int | None = None, *, cfg: ClusterSettings = DEFAULTS.cluster
               ) -> tuple[np.ndarray, np.ndarray]:
    """(similarities, indices) of each vector's k (cfg.k_candidates) nearest others (inner product on unit
    vectors); -1 pads."""
    import faiss

    n = len(vectors)
    k = min((cfg.k_candidates if k is None else k) + 1, n)
    if n == 0:
        return np.zeros((0, 0), np.float32), np.zeros((0, 0), np.int64)
    x = np.ascontiguousarray(vectors, dtype=np.float32)
    index: faiss.Index
    if n <= cfg.exact_max:
        index = faiss.IndexFlatIP(x.shape[1])
    else:
        hnsw = faiss.IndexHNSWFlat(x.shape[1], 16, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = 40
        hnsw.hnsw.efSearch = 48
        index = hnsw
    index.add(x)
    sims, idx = index.search(x, k)
    return sims, idx


def idf_from(features: Sequence[DocFeatures], *, cfg: ClusterSettings = DEFAULTS.cluster) -> np.ndarray:
    df = np.bincount(np.concatenate([f.term_idx for f in features] or [np.zeros(0, np.int32)]),
                     minlength=N_FEATURES).astype(np.float32)
    return idf_from_df(df, len(features), cfg=cfg)


def idf_from_df(df: np.ndarray, n: int, *, cfg: ClusterSettings = DEFAULTS.cluster) -> np.ndarray:
    return (np.log((cfg.idf_prior_docs + n) / (1.0 + df)) + 1.0).astype(np.float32)


def term_matrix(features: Sequence[DocFeatures], idf: np.ndarray | None = None, *, df: np.ndarray | None = None,
                n_docs: int = 0, cfg: ClusterSettings = DEFAULTS.cluster) -> "sparse.csr_matrix":
    """Rows: sublinear-tf x idf, unit length (built in place: one copy of the data). Give `idf`, or the corpus
    `df` and `n_docs` (then only the idf values needed are computed)."""
    from scipy import sparse

    indptr = np.zeros(len(features) + 1, np.int64)
    indptr[1:] = np.cumsum([len(f.term_idx) for f in features])
    if indptr[-1] == 0:
        return sparse.csr_matrix((len(features), N_FEATURES), dtype=np.float32)
    idx = np.concatenate([f.term_idx for f in features])
    data = np.concatenate([f.term_val for f in features])
    np.maximum(data, 1.0, out=data)
    np.log(data, out=data)
    data += 1.0
    if idf is not None:
        data *= idf[idx]
    else:
        assert df is not None
        data *= np.log((cfg.idf_prior_docs + n_docs) / (1.0 + df[idx].astype(np.float32))) + 1.0
    lengths = np.diff(indptr)
    sq = np.bincount(np.repeat(np.arange(len(features)), lengths), weights=data * data, minlength=len(features))
    norms = np.sqrt(sq).astype(np.float32)
    norms[norms == 0] = 1.0
    data /= np.repeat(norms, lengths)
    return sparse.csr_matrix((data, idx, indptr), shape=(len(features), N_FEATURES))


SMALL_GRAM = 1_500  # up to this many rows the dot products come from the whole (dense) Gram matrix: faster


def _rowwise_dot(x: "sparse.csr_matrix", i: np.ndarray, j: np.ndarray, chunk: int = 20_000) -> np.ndarray:
    if x.shape[0] <= SMALL_GRAM:  # a regroup's few reports (StoryIndex): row slicing would cost more
        from scipy import sparse

        cols, inv = np.unique(x.indices, return_inverse=True)  # only the terms present, as columns
        xc = sparse.csr_matrix((x.data, inv.reshape(-1), x.indptr), shape=(x.shape[0], len(cols)))
        return np.asarray((xc @ xc.T).toarray()[i, j], np.float32)
    out = np.zeros(len(i), np.float32)
    for s in range(0, len(i), chunk):
        a = x[i[s:s + chunk]]
        b = x[j[s:s + chunk]]
        out[s:s + chunk] = np.asarray(a.multiply(b).sum(1)).ravel()
    return out


def entity_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / (len(a) * len(b)) ** 0.5


def time_factor(day_a: int | None, day_b: int | None, *, cfg: ClusterSettings = DEFAULTS.cluster) -> float:
    if day_a is None or day_b is None:
        return 1.0
    extra = abs(day_a - day_b) - cfg.days_free
    return 1.0 if extra <= 0 else float(np.exp(-extra / cfg.days_decay))


def pair_parts(features: Sequence[DocFeatures], vectors: np.ndarray, terms: "sparse.csr_matrix",
               i: np.ndarray, j: np.ndarray, entity_df: Mapping[str, int] | None = None, n_docs: int = 0, *,
               cfg: ClusterSettings = DEFAULTS.cluster) -> tuple[np.ndarray, np.ndarray]:
    """(score, parts) of pairs (i[k], j[k]). parts (k, 4): lead-embedding cosine, term TF-IDF cosine, entity
    overlap and IDF-weighted entity cosine (entity document frequencies `entity_df` over `n_docs` reports; the
    pairs' own reports when not given), each decayed by the publication-day gap; score: their weighted sum."""
    if len(i) == 0:
        return np.zeros(0, np.float32), np.zeros((0, N_PARTS), np.float32)
    emb = np.zeros(len(i), np.float32)
    for s in range(0, len(i), 50_000):  # in chunks: gathering all pairs' vectors at once would take GBs
        emb[s:s + 50_000] = np.einsum("ij,ij->i", vectors[i[s:s + 50_000]], vectors[j[s:s + 50_000]])
    tf = _rowwise_dot(terms, i, j)
    if entity_df is None:
        entity_df = entity_counts(features)
        n_docs = len(features)
    ent, ient = entity_scores(features, i, j, entity_df, n_docs, cfg=cfg)
    days = np.array([np.nan if f.day is None else f.day for f in features], np.float64)
    extra = np.abs(days[i] - days[j]) - cfg.days_free
    decay = np.where(np.isnan(extra) | (extra <= 0), 1.0, np.exp(-np.nan_to_num(extra) / cfg.days_decay))
    parts = (np.column_stack([emb, tf, ent, ient]) * decay[:, None]).astype(np.float32)
    return (parts[:, :3] @ np.array([W_EMB, W_TERMS, W_ENT], np.float32)).astype(np.float32), parts


N_PARTS = 4


def pair_scores(features: Sequence[DocFeatures], vectors: np.ndarray, terms: "sparse.csr_matrix",
                i: np.ndarray, j: np.ndarray, *, cfg: ClusterSettings = DEFAULTS.cluster) -> np.ndarray:
    """Combined similarity of pairs (i[k], j[k]): embeddings, term TF-IDF cosine, entity overlap, time gap."""
    return pair_parts(features, vectors, terms, i, j, cfg=cfg)[0]


def entity_counts(features: Sequence[DocFeatures]) -> dict[str, int]:
    """Document frequency of each entity phrase."""
    out: dict[str, int] = {}
    for f in features:
        for e in f.entities:
            out[e] = out.get(e, 0) + 1
    return out


def entity_scores(features: Sequence[DocFeatures], i: np.ndarray, j: np.ndarray, entity_df: Mapping[str, int],
                  n_docs: int, *, cfg: ClusterSettings = DEFAULTS.cluster) -> tuple[np.ndarray, np.ndarray]:
    """Entity overlap (shared / geometric mean of the counts) and IDF-weighted entity cosine of pairs: a rare
    name shared ("Sendai", "Jake Sullivan") says more than a common one ("United States")."""
    top = math.log(cfg.idf_prior_docs + n_docs)
    idf: dict[str, float] = {}

    def weight(e: str) -> float:
        w = idf.get(e)
        if w is None:
            w = idf[e] = top - math.log(1.0 + entity_df.get(e, 0))
        return w

    sums: dict[int, float] = {}
    ent = np.zeros(len(i), np.float32)
    ient = np.zeros(len(i), np.float32)
    for k, (a, b) in enumerate(zip(i.tolist(), j.tolist())):
        ea, eb = features[a].entities, features[b].entities
        if not ea or not eb:
            continue
        shared = ea & eb
        if not shared:
            continue
        ent[k] = len(shared) / (len(ea) * len(eb)) ** 0.5
        for x, ex in ((a, ea), (b, eb)):
            if x not in sums:
                sums[x] = sum(weight(e) for e in ex)
        ient[k] = sum(weight(e) for e in shared) / (sums[a] * sums[b]) ** 0.5
    return ent, ient


@lru_cache(maxsize=1)
def pair_model() -> dict:
    """The pair model's parameters (data/pair-model.json, written by bench/ecbplus.py --part train)."""
    data = json.loads(PAIR_MODEL.read_text())
    return {k: np.asarray(v, np.float64) if isinstance(v, list) and k != "features" else v for k, v in data.items()}


def pair_inputs(parts: np.ndarray, s: np.ndarray, ref_i: np.ndarray, ref_j: np.ndarray) -> np.ndarray:
    """The pair model's inputs: the score's parts, the log score, the two reports' log reference scores (sum and
    difference) and the score relative to each reference (larger and smaller)."""
    li, lj = np.log(ref_i.astype(np.float64)), np.log(ref_j.astype(np.float64))
    s = s.astype(np.float64)
    rel_i, rel_j = s / ref_i, s / ref_j
    return np.column_stack([parts.astype(np.float64), np.log(np.maximum(s, 1e-3)), li + lj, np.abs(li - lj),
                            np.maximum(rel_i, rel_j), np.minimum(rel_i, rel_j)])


PAIR_INPUTS = ("embedding", "terms", "entities", "entities_idf", "log_score", "log_ref_sum", "log_ref_diff",
               "relative_max", "relative_min")


def link_threshold() -> float:
    """Mean pair-model probability from which two groups merge (chosen with the model: pair-model.json)."""
    return float(pair_model()["threshold"])


def affinity(parts: np.ndarray, s: np.ndarray, ref_i: np.ndarray, ref_j: np.ndarray) -> np.ndarray:
    """The pair model's probability that two reports tell one event (logistic regression over pair_inputs)."""
    m = pair_model()
    x = (pair_inputs(parts, s, ref_i, ref_j) - m["mean"]) / m["scale"]
    return (1.0 / (1.0 + np.exp(-(x @ m["coef"] + m["intercept"])))).astype(np.float32)


def top_scores(n: int, i: np.ndarray, j: np.ndarray, s: np.ndarray, k: int | None = None, *,
               cfg: ClusterSettings = DEFAULTS.cluster) -> np.ndarray:
    """(n, k): each node's k (cfg.ref_top) best scores in the edge list (i[x] -> j[x] with score s[x]; give both
    directions), best first, 0 where it has fewer."""
    k = cfg.ref_top if k is None else k
    order = np.lexsort((-s, i))
    i_o, s_o = i[order], s[order]
    starts = np.searchsorted(i_o, np.arange(n))
    ends = np.searchsorted(i_o, np.arange(n), side="right")
    out = np.zeros((n, k), np.float32)
    for r in range(k):
        has = ends - starts > r
        out[has, r] = s_o[starts[has] + r]
    return out


def reference_of(top: np.ndarray, *, cfg: ClusterSettings = DEFAULTS.cluster) -> np.ndarray:
    """Reference scores from top_scores rows: their mean, floored at cfg.min_score."""
    return np.maximum(top.mean(axis=-1), cfg.min_score).astype(np.float32)


def references(n: int, i: np.ndarray, j: np.ndarray, s: np.ndarray, k: int | None = None, *,
               cfg: ClusterSettings = DEFAULTS.cluster) -> np.ndarray:
    """Each node's reference score: the mean of its k (cfg.ref_top) best scores, a missing one counting 0,
    floored at cfg.min_score."""
    return reference_of(top_scores(n, i, j, s, k, cfg=cfg), cfg=cfg)


def average_link(n: int, i: np.ndarray, j: np.ndarray, w: np.ndarray, threshold: float | None = None,
                 *, initial: Sequence[Sequence[int]] = ()) -> list[list[int]]:
    """Average linkage over a sparse similarity graph; `initial` groups (copies) start merged."""
    threshold = link_threshold() if threshold is None else threshold
    parent = list(range(n))
    size = [1] * n
    members: dict[int, list[int]] = {x: [x] for x in range(n)}
    adj: dict[int, dict[int, float]] = {}
    for a, b, x in zip(i.tolist(), j.tolist(), w.tolist()):
        if a == b:
            continue
        da = adj.setdefault(a, {})
        if b in da:  # the pair came twice (from both ends): keep one value
            continue
        da[b] = x
        adj.setdefault(b, {})[a] = x

    def merge(a: int, b: int) -> int:
        if size[a] < size[b]:
            a, b = b, a
        na = adj.setdefault(a, {})
        nb = adj.pop(b, {})
        na.pop(b, None)
        for c, x in nb.items():
            if c == a:
                continue
            nc = adj[c]
            nc.pop(b, None)
            na[c] = na.get(c, 0.0) + x
            nc[a] = na[c]
        size[a] += size[b]
        members[a].extend(members.pop(b))
        parent[b] = a
        version[a] += 1
        version[b] += 1
        return a

    version = [0] * n
    for grp in initial:
        grp = list(grp)
        root = grp[0]
        while parent[root] != root:
            root = parent[root]
        for x in grp[1:]:
            rx = x
            while parent[rx] != rx:
                rx = parent[rx]
            if rx != root:
                root = merge(root, rx)

    heap = []
    for a, nbrs in adj.items():
        for b, x in nbrs.items():
            if a < b:
                avg = x / (size[a] * size[b])
                if avg >= threshold:
                    heap.append((-avg, a, b, version[a], version[b]))
    heapq.heapify(heap)
    while heap:
        negavg, a, b, va, vb = heapq.heappop(heap)
        if parent[a] != a or parent[b] != b or version[a] != va or version[b] != vb:
            continue
        root = merge(a, b)
        for c, x in adj.get(root, {}).items():
            avg = x / (size[root] * size[c])
            if avg >= threshold:
                lo, hi = (root, c) if root < c else (c, root)
                heapq.heappush(heap, (-avg, lo, hi, version[lo], version[hi]))
    return [sorted(m) for m in members.values()]
