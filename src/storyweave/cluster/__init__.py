"""Stage 3: group reports into stories; mark copies (one text on several sites).

    cluster(documents, *, progress=None, known=None, settings=DEFAULTS.cluster) -> Grouping
        known: lead embeddings already computed, by doc id (the store keeps them); the rest are embedded here
    compute_features(documents, *, known=None) -> list[DocFeatures]     what grouping compares (kept by the store)
    group_features(features) -> (groups, copy sets)                      the grouping itself, on features only
        = link(candidate_graph(features)): scored candidate pairs, the pair model's affinities, average linkage
    StoryIndex                                                            incremental assignment (cluster.stories)

Every function that uses a tuned value takes `settings` (settings.ClusterSettings, default DEFAULTS.cluster): the
stage's only source of them. The pair model (data/pair-model.json) was trained with the defaults.

Signals: lead embedding (title + first words, MiniLM), TF-IDF cosine of hashed body terms, overlap of capitalised
phrases (entities) plain and IDF-weighted, publication-day gap; a small pair model (cluster.graph.affinity, trained
on ECB+) judges each candidate pair from them and from its score relative to how close the two reports' own best
neighbours are, so one setting serves corpora whose stories hold 2 or 20 reports.
Candidates come from a vector index (top-K per report), so cost grows near-linearly with the number of reports;
copies come from MinHash LSH (cluster.copies).
"""
from __future__ import annotations

import os
from typing import Callable, Mapping, NamedTuple, Sequence

import numpy as np

from storyweave.cluster import copies as _copies
from storyweave.cluster import graph
from storyweave.cluster.features import (DocFeatures, embed_leads, entity_phrases, iso_day, lead_text, term_counts,
                                         title_of, words)
from storyweave.cluster.stories import Assignment, StoryIndex, story_id
from storyweave.model import Document, Grouping, StoryGroup
from storyweave.settings import DEFAULTS, ClusterSettings

Progress = Callable[[str, int, int], None]


def _noop(stage: str, done: int, total: int) -> None:
    return None


def compute_features(documents: Sequence[Document], *, known: Mapping[str, np.ndarray] | None = None,
                     progress: Progress | None = None, workers: int | None = None,
                     settings: ClusterSettings = DEFAULTS.cluster) -> list[DocFeatures]:
    """Features of each document (same order). Embeddings in `known` are reused. Batches of
    settings.parallel_min or more spread the text work (terms, shingles, entities) over `workers` processes
    (default: the CPU count, at most 4)."""
    progress = progress or _noop
    leads = [lead_text(d, words=settings.lead_words) for d in documents]
    vectors = embed_leads(leads, [d.id for d in documents], known, settings=settings)
    total = len(documents)
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    if total >= settings.parallel_min and workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(500, total // (workers * 8))
        parts = [(documents[s:s + chunk], leads[s:s + chunk], settings) for s in range(0, total, chunk)]
        out: list[DocFeatures] = []
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            for feats in pool.map(_text_features_part, parts):
                for f in feats:
                    f.vector = vectors[len(out)]
                    out.append(f)
                progress("features", len(out), total)
        return out
    out = []
    for n, (doc, lead, vec) in enumerate(zip(documents, leads, vectors), 1):
        out.append(features_of(doc, vec, lead=lead, settings=settings))
        if n % 500 == 0 or n == total:
            progress("features", n, total)
    return out


def features_of(doc: Document, vector: np.ndarray, *, lead: str | None = None,
                settings: ClusterSettings = DEFAULTS.cluster) -> DocFeatures:
    """One document's features, given its lead embedding."""
    ws = words(doc.body)
    idx, val = term_counts(ws=(words(doc.title) + ws) if doc.title else ws, limit=settings.term_words)
    return DocFeatures(id=doc.id, vector=np.asarray(vector, np.float32), term_idx=idx, term_val=val,
                       entities=entity_phrases(lead if lead is not None else lead_text(doc, words=settings.lead_words)),
                       signature=_copies.signature(ws), day=iso_day(doc.published), n_words=len(ws),
                       title=title_of(doc))


_NO_VECTOR = np.zeros(0, np.float32)


def _text_features_part(part: tuple[Sequence[Document], Sequence[str], ClusterSettings]) -> list[DocFeatures]:
    docs, leads, settings = part
    return [features_of(d, _NO_VECTOR, lead=lead, settings=settings) for d, lead in zip(docs, leads)]


def group_features(features: Sequence[DocFeatures], *, progress: Progress | None = None,
                   settings: ClusterSettings = DEFAULTS.cluster) -> tuple[list[list[int]], list[list[int]]]:
    """Groups (lists of positions) and copy sets (lists of positions, each inside one group)."""
    progress = progress or _noop
    if not features:
        return [], []
    cand = candidate_graph(features, progress=progress, settings=settings)
    groups = link(cand, settings=settings)
    progress("link", len(features), len(features))
    where = {x: g for g, members in enumerate(groups) for x in members}
    return groups, [c for c in cand.copy_sets if len({where[x] for x in c}) == 1]


class CandidateGraph(NamedTuple):
    """The scored candidate pairs (i < j, score s >= settings min_score, the score's parts) of a batch and its copy
    sets."""

    n: int
    i: np.ndarray
    j: np.ndarray
    s: np.ndarray
    copy_sets: list[list[int]]
    parts: np.ndarray  # (pairs, graph.N_PARTS)


def candidate_graph(features: Sequence[DocFeatures], *, progress: Progress | None = None,
                    settings: ClusterSettings = DEFAULTS.cluster) -> CandidateGraph:
    """Copies, candidate pairs from the vector index and their combined scores; templates and reports too short
    to compare have no pairs."""
    progress = progress or _noop
    n = len(features)
    pairs = _copies.copy_pairs([f.id for f in features], [f.signature for f in features],
                               threshold=settings.copy_jaccard)
    copy_sets, templates = [], set()
    for comp in _copies.components(n, pairs):
        if _copies.is_template([features[x].n_words for x in comp]):
            templates.update(comp)
        else:
            copy_sets.append(comp)
    templates.update(x for x, f in enumerate(features) if f.n_words < settings.min_words)
    progress("copies", n, n)
    vectors = np.stack([f.vector for f in features]).astype(np.float32)
    _, nbr = graph.neighbours(vectors, cfg=settings)
    progress("neighbours", n, n)
    rows = np.repeat(np.arange(n), nbr.shape[1])
    cols = nbr.ravel()
    keep = (cols >= 0) & (cols != rows)
    if templates:
        tmask = np.zeros(n, bool)
        tmask[list(templates)] = True
        keep &= ~tmask[rows] & ~tmask[np.maximum(cols, 0)]
    a = np.minimum(rows[keep], cols[keep])
    b = np.maximum(rows[keep], cols[keep])
    uniq = np.unique(a.astype(np.int64) * n + b)
    i, j = (uniq // n).astype(np.int64), (uniq % n).astype(np.int64)
    idf = graph.idf_from(features, cfg=settings)
    terms = graph.term_matrix(features, idf, cfg=settings)
    s, parts = graph.pair_parts(features, vectors, terms, i, j, cfg=settings)
    ok = s >= settings.min_score
    progress("score", n, n)
    return CandidateGraph(n, i[ok], j[ok], s[ok], copy_sets, parts[ok])


def link(cand: CandidateGraph, threshold: float | None = None, *, settings: ClusterSettings = DEFAULTS.cluster
         ) -> list[list[int]]:
    """Average linkage over the pair model's probabilities for the candidate pairs (copies start merged)."""
    return graph.average_link(cand.n, cand.i, cand.j, affinities(cand, settings=settings), threshold,
                              initial=cand.copy_sets)


def affinities(cand: CandidateGraph, *, settings: ClusterSettings = DEFAULTS.cluster) -> np.ndarray:
    """The pair model's probability for each candidate pair, given the two reports' reference scores."""
    i, j, s = cand.i, cand.j, cand.s
    ref = graph.references(cand.n, np.concatenate([i, j]), np.concatenate([j, i]), np.concatenate([s, s]),
                           cfg=settings)
    return graph.affinity(cand.parts, s, ref[i], ref[j])


def cluster(documents: Sequence[Document], *, progress: Progress | None = None,
            known: Mapping[str, np.ndarray] | None = None, settings: ClusterSettings = DEFAULTS.cluster) -> Grouping:
    """Group documents into stories. Groups come in order of their first document; ids are stable for a given
    first document."""
    if not documents:
        return Grouping(groups=())
    feats = compute_features(documents, known=known, progress=progress, settings=settings)
    groups, copy_sets = group_features(feats, progress=progress, settings=settings)
    return Grouping(groups=tuple(_story_groups(documents, feats, groups, copy_sets)))


def _story_groups(documents: Sequence[Document], feats: Sequence[DocFeatures], groups: list[list[int]],
                  copy_sets: list[list[int]]) -> list[StoryGroup]:
    copies_of: dict[int, list[tuple[str, ...]]] = {}
    where = {x: g for g, members in enumerate(groups) for x in members}
    for c in copy_sets:
        copies_of.setdefault(where[c[0]], []).append(tuple(documents[x].id for x in sorted(c)))
    out = []
    for g, members in sorted(enumerate(groups), key=lambda t: min(t[1])):
        members = sorted(members)
        out.append(StoryGroup(id=story_id(documents[members[0]].id), documents=tuple(documents[x].id for x in members),
                              copies=tuple(copies_of.get(g, ())), title=_central_title(feats, members)))
    return out


def _central_title(feats: Sequence[DocFeatures], members: list[int]) -> str | None:
    """The title of the member closest to the group's mean lead embedding."""
    titled = [x for x in members if feats[x].title]
    if not titled:
        return None
    if len(titled) == 1:
        return feats[titled[0]].title
    vecs = np.stack([feats[x].vector for x in titled])
    centre = vecs.mean(0)
    return feats[titled[int(np.argmax(vecs @ centre))]].title


__all__ = ["cluster", "compute_features", "features_of", "group_features", "candidate_graph", "link",
           "CandidateGraph", "DocFeatures", "StoryIndex",
           "Assignment", "story_id"]
