"""Incremental assignment: each new report joins the story it is closest to, or starts a new one.

    index = StoryIndex(features, story_of)      the known reports (from the store) and their stories
    result = index.assign(new_features)          -> Assignment(story_of new docs, changed stories, copies)

A new report is scored against its top-K neighbours with the same combined score and relative affinity as the
batch grouping (cluster.graph: the pair score over the two reports' reference scores); it joins the story with the
highest mean affinity over the story's members (a missing edge counts 0, as in average linkage) when that is
>= LINK_THRESHOLD, or the story of a copy of its text. Each known report keeps its REF_TOP best scores; a new
report that scores higher with it replaces the lowest, so references rise as a story fills, as in the batch grouping.
The store keeps only their mean (the report's "scale"): an index opened from stored scales starts each report's
best scores at that mean (an approximation; `Assignment.scales` lists every reference that changed, for saving).
Neighbours are searched exactly (one matrix product) until ANN_AFTER searches have been made on an index of at
least ANN_MIN reports; then an HNSW index is built once, so a one-shot `add` opens fast and a long run stays fast.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from storyweave.cluster import copies as _copies
from storyweave.cluster import graph
from storyweave.cluster.features import DIM, N_FEATURES, DocFeatures
from storyweave.textutil import short_id


ANN_MIN = graph.EXACT_MAX  # below this many known reports, exact search is as fast as an approximate index
ANN_AFTER = 500  # exact searches after which building the approximate index (about 45 us a report) has paid


def story_id(first_doc_id: str) -> str:
    """A story's id, fixed when the story starts (from its first document's id)."""
    return "s-" + short_id(first_doc_id)


@dataclass(slots=True)
class Assignment:
    story_of: dict[str, str]  # new doc id -> story id
    changed: dict[str, tuple[str, ...]]  # story id -> all its documents now (new and changed stories)
    copies: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # story id -> copy sets
    created: tuple[str, ...] = ()  # story ids that did not exist before
    scales: dict[str, float] = field(default_factory=dict)  # doc id -> reference score, new docs and changed ones


class StoryIndex:
    """Known reports with their stories, their lead embeddings (searched exactly, or through an HNSW index once
    that pays), and corpus term counts."""

    def __init__(self, features: Sequence[DocFeatures], story_of: Mapping[str, str],
                 scales: Mapping[str, float] | None = None, *, ann: bool = False) -> None:
        """`ann=True` builds the approximate vector index now (for long-lived processes); otherwise neighbours
        are searched exactly until enough searches have been made that building it pays (ANN_AFTER)."""
        self.features: list[DocFeatures] = list(features)
        self.pos = {f.id: p for p, f in enumerate(self.features)}
        self.story_of: dict[str, str] = dict(story_of)
        self.members: dict[str, list[str]] = {}
        for doc_id, sid in self.story_of.items():
            self.members.setdefault(sid, []).append(doc_id)
        terms = [f.term_idx for f in self.features]
        self.df = np.bincount(np.concatenate(terms), minlength=N_FEATURES).astype(np.int32) if terms else \
            np.zeros(N_FEATURES, np.int32)
        n = len(self.features)
        self._vectors = np.zeros((n + n // 4 + 16, DIM), np.float32)  # room for new reports before a copy
        if n:
            np.stack([f.vector for f in self.features], out=self._vectors[:n])
        self._ann = None
        self._touched: set[int] = set()  # known reports whose best scores the current assign() raised
        self.searches = 0  # exact searches made; the approximate index is built after ANN_AFTER of them
        if ann:
            self._build_ann()
        self.top = np.zeros((n, graph.REF_TOP), np.float32)  # each known report's best scores, best first
        if scales is not None:
            self.top[:] = np.fromiter((scales.get(f.id, graph.MIN_SCORE) for f in self.features), np.float32,
                                      n)[:, None]
        elif self.features:
            self._compute_scales()

    @property
    def approximate(self) -> bool:
        """Whether neighbours now come from the HNSW index (else an exact search)."""
        return self._ann is not None

    def _build_ann(self) -> None:
        import faiss

        n = len(self.features)
        if self._ann is not None or n < ANN_MIN:
            return
        self._ann = faiss.IndexHNSWFlat(DIM, 32, faiss.METRIC_INNER_PRODUCT)
        self._ann.add(self._vectors[:n])

    def _search(self, queries: np.ndarray, k: int) -> np.ndarray:
        """Indices of each query's k nearest known reports (inner product); -1 pads."""
        n = len(self.features)
        if self._ann is None and n >= ANN_MIN and self.searches + len(queries) > ANN_AFTER:
            self._build_ann()
        if self._ann is not None:
            return self._ann.search(queries, k)[1]
        self.searches += len(queries)
        k = min(k, n)
        out = np.empty((len(queries), k), np.int64)
        for s in range(0, len(queries), 1024):
            sims = queries[s:s + 1024] @ self._vectors[:n].T
            top = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < n else np.tile(np.arange(n), (len(sims), 1))
            order = np.argsort(-np.take_along_axis(sims, top, 1), axis=1, kind="stable")
            out[s:s + 1024] = np.take_along_axis(top, order, 1)
        return out

    def _append(self, f: DocFeatures) -> None:
        n = len(self.features)
        if n == len(self._vectors):
            grown = np.zeros((n + n // 2 + 16, DIM), np.float32)
            grown[:n] = self._vectors
            self._vectors = grown
        self._vectors[n] = f.vector
        if self._ann is not None:
            self._ann.add(self._vectors[n:n + 1])
        self.pos[f.id] = n
        self.features.append(f)
        self.df[f.term_idx] += 1

    def _compute_scales(self) -> None:
        n = len(self.features)
        vectors = self._vectors[:n]
        nbr = self._search(vectors, min(graph.K_CANDIDATES + 1, n))
        rows = np.repeat(np.arange(n), nbr.shape[1])
        cols = nbr.ravel()
        keep = (cols >= 0) & (cols != rows)
        uniq = np.unique(np.minimum(rows[keep], cols[keep]).astype(np.int64) * n + np.maximum(rows[keep], cols[keep]))
        i, j = uniq // n, uniq % n  # each pair once, scored from both ends, as the batch grouping does
        idf = graph.idf_from_df(self.df.astype(np.float32), n)
        terms = graph.term_matrix(self.features, idf)
        s = graph.pair_scores(self.features, vectors, terms, i, j)
        ok = s >= graph.MIN_SCORE
        i, j, s = i[ok], j[ok], s[ok]
        self.top = graph.top_scores(n, np.concatenate([i, j]), np.concatenate([j, i]), np.concatenate([s, s]))

    def scale(self, doc_id: str) -> float:
        """The report's reference score (what the store keeps as its scale)."""
        return float(graph.reference_of(self.top[self.pos[doc_id]]))

    def assign(self, new: Sequence[DocFeatures]) -> Assignment:
        """Place each new report (in order); later ones can join stories started by earlier ones."""
        story_of: dict[str, str] = {}
        changed: set[str] = set()
        self._touched: set[int] = set()
        created: list[str] = []
        for f in new:
            if f.id in self.pos:  # already known: nothing to do (re-running an add)
                continue
            sid = self._place(f)
            if sid is None:
                sid = story_id(f.id)
                n = 2
                while sid in self.members:  # a story id is taken: derive another
                    sid = story_id(f"{f.id}#{n}")
                    n += 1
                created.append(sid)
                self.members[sid] = []
            self.members[sid].append(f.id)
            self.story_of[f.id] = sid
            story_of[f.id] = sid
            changed.add(sid)
        touched = sorted(self._touched | {self.pos[d] for d in story_of})
        return Assignment(story_of=story_of, changed={s: tuple(self.members[s]) for s in sorted(changed)},
                          copies={s: self.copies(s) for s in sorted(changed)}, created=tuple(created),
                          scales={self.features[x].id: float(graph.reference_of(self.top[x])) for x in touched})

    def _place(self, f: DocFeatures) -> str | None:
        n = len(self.features)
        best: str | None = None
        top_new = np.zeros(graph.REF_TOP, np.float32)
        if n:
            nbr = self._search(f.vector.reshape(1, -1).astype(np.float32), graph.K_CANDIDATES)
            cand = [int(c) for c in nbr[0] if c >= 0]
            if cand:
                best, top_new = self._best_story(f, cand)
        self._append(f)
        self.top = np.vstack([self.top, top_new[None, :]])
        return best

    def _raise_references(self, cand: list[int], s: np.ndarray) -> None:
        """A new report's scores with known ones enter their best-score lists (kept sorted, best first)."""
        for c, x in zip(cand, s.tolist()):
            row = self.top[c]
            if x > row[-1]:
                row[-1] = x
                row[::-1].sort()
                self._touched.add(c)

    def _best_story(self, f: DocFeatures, cand: list[int]) -> tuple[str | None, np.ndarray]:
        if f.n_words < graph.MIN_WORDS:
            return None, np.zeros(graph.REF_TOP, np.float32)
        feats = [f] + [self.features[c] for c in cand]
        terms = graph.term_matrix(feats, df=self.df, n_docs=len(self.features))
        vectors = np.stack([x.vector for x in feats]).astype(np.float32)
        i = np.zeros(len(cand), np.int64)
        j = np.arange(1, len(cand) + 1)
        s = graph.pair_scores(feats, vectors, terms, i, j)
        ok = s >= graph.MIN_SCORE
        top_new = graph.top_scores(1, i[ok], j[ok], s[ok])[0]
        ref_new = float(graph.reference_of(top_new))
        ok_cand = [c for c, good in zip(cand, ok.tolist()) if good]
        self._raise_references(ok_cand, s[ok])  # as in the batch, the pair counts for both reports' references
        # copies: the same text elsewhere; a short text on many pages is a template and stands alone
        dup = [c for c in cand if _copies.jaccard(f.signature, self.features[c].signature) >= _copies.COPY_JACCARD]
        if dup:
            if _copies.is_template([f.n_words] + [self.features[c].n_words for c in dup]):
                return None, top_new
            return self.story_of[self.features[dup[0]].id], top_new
        w = graph.relative_affinity(s, np.full(len(cand), ref_new, np.float32),
                                    graph.reference_of(self.top[np.asarray(cand)]))
        w[~ok] = 0.0
        totals: dict[str, float] = {}
        for c, x in zip(cand, w.tolist()):
            sid = self.story_of.get(self.features[c].id)
            if sid is not None:
                totals[sid] = totals.get(sid, 0.0) + x
        if not totals:
            return None, top_new
        best = max(totals, key=lambda sid: (totals[sid] / len(self.members[sid]), sid))
        if totals[best] / len(self.members[best]) >= graph.LINK_THRESHOLD:
            return best, top_new
        return None, top_new

    def copies(self, sid: str) -> tuple[tuple[str, ...], ...]:
        """Copy sets among a story's documents (pairwise on signatures: stories are small)."""
        ids = self.members.get(sid, [])
        if len(ids) < 2:
            return ()
        sigs = [self.features[self.pos[d]].signature for d in ids]
        pairs = [(a, b) for a in range(len(ids)) for b in range(a + 1, len(ids))
                 if _copies.jaccard(sigs[a], sigs[b]) >= _copies.COPY_JACCARD]
        return tuple(tuple(sorted(ids[x] for x in comp)) for comp in _copies.components(len(ids), pairs))
