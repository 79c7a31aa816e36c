"""Incremental assignment: each new report joins a story or starts one, and the stories it touches are regrouped
with the batch algorithm, so `add` gives the stories `weave` gives the same reports.

    index = StoryIndex(features, story_of)      the known reports (from the store) and their stories
    result = index.assign(new_features)          -> Assignment(story_of new docs, changed stories, copies, created,
                                                    removed, scales)

A new report's top-K neighbours are scored with the batch's combined score. The reports of every story it has an
edge with (or a copy in) are then regrouped as the batch does (cluster.graph): each one's candidate pairs searched
and scored with the corpus term and entity frequencies as they are now, reference scores from those pairs, the pair
model's affinities, average linkage with copies merged first. A regrouped story whose mean affinity with a
neighbouring story outside reaches the threshold pulls it in (regroup_rounds times at most). Existing stories can gain,
lose, merge or split: `changed` lists every story whose members changed (with all its members), `removed` the story
ids left empty, each old id going to the new group holding most of its reports. On ECB+ and Multi-News, reports
added one at a time end in the batch's stories (B-cubed 0.99-1.00 against it; bench/ecbplus.py --part add).
The store keeps each report's reference score (its "scale"); an index opened from stored scales uses them until a
regroup recomputes them (`Assignment.scales` lists every reference recomputed, for saving).
Neighbours are searched exactly (one matrix product) until ann_after searches have been made on an index of at
least exact_max reports; then an HNSW index is built once, so a one-shot `add` opens fast and a long run stays fast.
The tuned values come from `settings` (settings.ClusterSettings, default DEFAULTS.cluster), as in the batch.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from storyweave.cluster import copies as _copies
from storyweave.cluster import graph
from storyweave.cluster.features import DIM, N_FEATURES, DocFeatures
from storyweave.settings import DEFAULTS, ClusterSettings
from storyweave.textutil import short_id


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
    removed: tuple[str, ...] = ()  # story ids that existed before and are now empty (their reports moved)


class StoryIndex:
    """Known reports with their stories, their lead embeddings (searched exactly, or through an HNSW index once
    that pays), and corpus term counts."""

    def __init__(self, features: Sequence[DocFeatures], story_of: Mapping[str, str],
                 scales: Mapping[str, float] | None = None, *, ann: bool = False,
                 settings: ClusterSettings = DEFAULTS.cluster) -> None:
        """`ann=True` builds the approximate vector index now (for long-lived processes); otherwise neighbours
        are searched exactly until enough searches have been made that building it pays (settings.ann_after; an
        index of fewer than settings.exact_max reports is always searched exactly)."""
        self.cfg = settings
        self.features: list[DocFeatures] = list(features)
        self.pos = {f.id: p for p, f in enumerate(self.features)}
        self.story_of: dict[str, str] = {d: sid for d, sid in story_of.items() if d in self.pos}
        self.members: dict[str, list[str]] = {}
        for doc_id, sid in self.story_of.items():
            self.members.setdefault(sid, []).append(doc_id)
        self.fixed: dict[str, list[str]] = {}  # stored reports without features: they stay in their story
        for doc_id, sid in story_of.items():
            if doc_id not in self.pos:
                self.fixed.setdefault(sid, []).append(doc_id)
        terms = [f.term_idx for f in self.features]
        self.df = np.bincount(np.concatenate(terms), minlength=N_FEATURES).astype(np.int32) if terms else \
            np.zeros(N_FEATURES, np.int32)
        self.entity_df = graph.entity_counts(self.features)  # entity document frequencies
        n = len(self.features)
        self._vectors = np.zeros((n + n // 4 + 16, DIM), np.float32)  # room for new reports before a copy
        if n:
            np.stack([f.vector for f in self.features], out=self._vectors[:n])
        self._ann: Any = None  # faiss.IndexHNSWFlat, built after cfg.ann_after exact searches
        self._new_ids: set[str] = set()  # story ids the current assign() made
        self.alone: set[int] = {p for p, f in enumerate(self.features) if f.n_words < settings.min_words}  # stand
        # alone: short texts and (once seen) templates
        self.searches = 0  # exact searches made; the approximate index is built after cfg.ann_after of them
        if ann:
            self._build_ann()
        self.top = np.zeros((n, settings.ref_top), np.float32)  # each known report's best scores, best first
        if scales is not None:
            self.top[:] = np.fromiter((scales.get(f.id, settings.min_score) for f in self.features), np.float32,
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
        if self._ann is not None or n < self.cfg.exact_max:
            return
        self._ann = faiss.IndexHNSWFlat(DIM, 32, faiss.METRIC_INNER_PRODUCT)
        self._ann.add(self._vectors[:n])

    def _search(self, queries: np.ndarray, k: int) -> np.ndarray:
        """Indices of each query's k nearest known reports (inner product); -1 pads."""
        n = len(self.features)
        if self._ann is None and n >= self.cfg.exact_max and self.searches + len(queries) > self.cfg.ann_after:
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
        for e in f.entities:
            self.entity_df[e] = self.entity_df.get(e, 0) + 1

    def _compute_scales(self) -> None:
        n = len(self.features)
        vectors = self._vectors[:n]
        nbr = self._search(vectors, min(self.cfg.k_candidates + 1, n))
        rows = np.repeat(np.arange(n), nbr.shape[1])
        cols = nbr.ravel()
        keep = (cols >= 0) & (cols != rows)
        uniq = np.unique(np.minimum(rows[keep], cols[keep]).astype(np.int64) * n + np.maximum(rows[keep], cols[keep]))
        i, j = uniq // n, uniq % n  # each pair once, scored from both ends, as the batch grouping does
        idf = graph.idf_from_df(self.df.astype(np.float32), n, cfg=self.cfg)
        terms = graph.term_matrix(self.features, idf, cfg=self.cfg)
        s = graph.pair_scores(self.features, vectors, terms, i, j, cfg=self.cfg)
        ok = s >= self.cfg.min_score
        i, j, s = i[ok], j[ok], s[ok]
        self.top = graph.top_scores(n, np.concatenate([i, j]), np.concatenate([j, i]), np.concatenate([s, s]),
                                    cfg=self.cfg)

    def scale(self, doc_id: str) -> float:
        """The report's reference score (what the store keeps as its scale)."""
        return float(graph.reference_of(self.top[self.pos[doc_id]], cfg=self.cfg))

    def assign(self, new: Sequence[DocFeatures]) -> Assignment:
        """Place each new report (in order; later ones can join stories started by earlier ones). Each arrival
        regroups the stories it has edges to with the batch algorithm, so existing stories can gain, lose, merge
        or split; `changed` lists every story whose documents changed and `removed` those left empty."""
        self._new_ids = set()  # story ids this call made
        story_of: dict[str, str] = {}
        changed: set[str] = set()
        scales: set[int] = set()
        for f in new:
            if f.id in self.pos:  # already known: nothing to do (re-running an add)
                continue
            touched, refs = self._place(f)
            changed |= touched
            scales |= refs
            story_of[f.id] = self.story_of[f.id]
        story_of = {d: self.story_of[d] for d in story_of}
        live = {sid for sid in changed if self.members.get(sid) or self.fixed.get(sid)}
        for sid in changed - live:
            self.members.pop(sid, None)
        return Assignment(story_of=story_of,
                          changed={s: tuple(self.members.get(s, [])) + tuple(self.fixed.get(s, ()))
                                   for s in sorted(live)},
                          copies={s: self.copies(s) for s in sorted(live)},
                          created=tuple(sorted(live & self._new_ids)),
                          removed=tuple(sorted(changed - live - self._new_ids)),
                          scales={self.features[x].id: float(graph.reference_of(self.top[x], cfg=self.cfg))
                                  for x in sorted(scales)})

    def _place(self, f: DocFeatures) -> tuple[set[str], set[int]]:
        """Add one report and regroup its neighbourhood; (story ids whose members changed, positions whose
        reference score was recomputed)."""
        n = len(self.features)
        cand: list[int] = []
        if n and f.n_words >= self.cfg.min_words:
            nbr = self._search(f.vector.reshape(1, -1).astype(np.float32), self.cfg.k_candidates)
            cand = [int(c) for c in nbr[0] if c >= 0 and c not in self.alone]
        self._append(f)
        p = len(self.features) - 1
        if len(self.top) <= p:  # rows beyond the known reports are spare room (zeros)
            grown = np.zeros((p + p // 2 + 16, self.cfg.ref_top), np.float32)
            grown[:len(self.top)] = self.top
            self.top = grown
        if f.n_words < self.cfg.min_words:
            self.alone.add(p)
        dup = [c for c in cand if _copies.jaccard(f.signature, self.features[c].signature) >= self.cfg.copy_jaccard]
        if dup and _copies.is_template([f.n_words] + [self.features[c].n_words for c in dup]):
            self.alone.update([p] + dup)  # a short text on many pages: page furniture, each page alone
        partners = set(dup)
        searched = {p: cand}
        if cand:
            a, b, _, _ = self._edges([p], searched)
            partners |= set(np.where(a == p, b, a).tolist())
        return self._regroup({p} | self._story_nodes(partners), searched)

    def _story_nodes(self, nodes: set[int]) -> set[int]:
        """All members of the stories of `nodes`."""
        out = set(nodes)
        for x in nodes:
            sid = self.story_of.get(self.features[x].id)
            if sid is not None:
                out.update(self.pos[d] for d in self.members.get(sid, ()))
        return out

    def _edges(self, nodes: Sequence[int], searched: Mapping[int, Sequence[int]] | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Scored candidate pairs of `nodes` as the batch takes them: each node and its cfg.k_candidates nearest
        reports (`searched`: the neighbours already found for some of them), scored with the current corpus
        term frequencies; pairs scoring < cfg.min_score and reports that stand alone (short texts, templates) have
        none. Each pair once (a < b)."""
        nodes = [x for x in nodes if x not in self.alone]
        if not nodes:
            e = np.zeros(0, np.int64)
            return e, e, np.zeros(0, np.float32), np.zeros((0, graph.N_PARTS), np.float32)
        searched = searched or {}
        rest = [x for x in nodes if x not in searched]
        rows_l = [np.full(len(searched[x]), x, np.int64) for x in nodes if x in searched]
        cols_l = [np.asarray(searched[x], np.int64) for x in nodes if x in searched]
        if rest:
            k = min(self.cfg.k_candidates + 1, len(self.features))
            nbr = self._search(np.ascontiguousarray(self._vectors[rest]), k)
            rows_l.append(np.repeat(np.asarray(rest, np.int64), nbr.shape[1]))
            cols_l.append(nbr.ravel().astype(np.int64))
        rows, cols = np.concatenate(rows_l), np.concatenate(cols_l)
        keep = (cols >= 0) & (cols != rows)
        if self.alone:
            alone = np.fromiter(self.alone, np.int64)
            keep &= ~np.isin(cols, alone)
        lo, hi = np.minimum(rows[keep], cols[keep]), np.maximum(rows[keep], cols[keep])
        n = len(self.features)
        uniq = np.unique(lo * n + hi)
        i, j = uniq // n, uniq % n
        if len(i) == 0:
            return i, j, np.zeros(0, np.float32), np.zeros((0, graph.N_PARTS), np.float32)
        used, inv = np.unique(np.concatenate([i, j]), return_inverse=True)
        feats = [self.features[x] for x in used.tolist()]
        terms = graph.term_matrix(feats, df=self.df, n_docs=n, cfg=self.cfg)
        s, parts = graph.pair_parts(feats, self._vectors[used], terms, inv[:len(i)], inv[len(i):], self.entity_df, n,
                                    cfg=self.cfg)
        ok = s >= self.cfg.min_score
        return i[ok], j[ok], s[ok], parts[ok]

    def _regroup(self, nodes: set[int], searched: Mapping[int, Sequence[int]] | None = None
                 ) -> tuple[set[str], set[int]]:
        """Regroup the reports `nodes` (whole stories) with the batch algorithm: references from their candidate
        pairs, average linkage on the pair model's affinities, copies merged first. A new group whose mean affinity
        with a neighbouring story outside reaches the threshold pulls that story in (up to cfg.regroup_rounds times)."""
        changed: set[str] = set()
        refreshed: set[int] = set()
        for _ in range(self.cfg.regroup_rounds):
            order = sorted(nodes)
            a, b, s, parts = self._edges(order, searched)
            fresh = np.fromiter(nodes, np.int64, len(nodes))
            inside = np.isin(a, fresh) & np.isin(b, fresh)
            # references of the regrouped reports: from their own candidate pairs (both ends, as the batch)
            ends_i, ends_j = np.concatenate([a, b]), np.concatenate([b, a])
            ends_s = np.concatenate([s, s])
            mine = np.isin(ends_i, fresh)
            loc = {x: k for k, x in enumerate(order)}
            li = np.fromiter((loc[x] for x in ends_i[mine].tolist()), np.int64, int(mine.sum()))
            self.top[order] = graph.top_scores(len(order), li, ends_j[mine], ends_s[mine], cfg=self.cfg)
            refreshed |= nodes
            w = graph.affinity(parts, s, graph.reference_of(self.top[a], cfg=self.cfg),
                               graph.reference_of(self.top[b], cfg=self.cfg))
            ia = np.fromiter((loc[x] for x in a[inside].tolist()), np.int64, int(inside.sum()))
            ib = np.fromiter((loc[x] for x in b[inside].tolist()), np.int64, int(inside.sum()))
            groups = graph.average_link(len(order), ia, ib, w[inside], initial=self._copy_sets(order))
            groups = [[order[x] for x in g] for g in groups]
            changed |= self._relabel(groups)
            pulled = self._outside_pull(groups, a[~inside], b[~inside], w[~inside], fresh)
            if not pulled:
                break
            nodes = nodes | pulled
        return changed, refreshed

    def _outside_pull(self, groups: list[list[int]], a: np.ndarray, b: np.ndarray, w: np.ndarray,
                      inside: np.ndarray) -> set[int]:
        """Members of outside stories that some regrouped group would merge with (mean affinity >= threshold)."""
        if len(a) == 0:
            return set()
        where = {x: g for g, m in enumerate(groups) for x in m}
        totals: dict[tuple[int, str], float] = {}
        for x, y, v in zip(a.tolist(), b.tolist(), w.tolist()):
            mine, other = (x, y) if x in where else (y, x)
            sid = self.story_of.get(self.features[other].id)
            if sid is None:
                continue
            key = (where[mine], sid)
            totals[key] = totals.get(key, 0.0) + v
        out: set[int] = set()
        for (g, sid), v in totals.items():
            if v / (len(groups[g]) * len(self.members[sid])) >= graph.link_threshold():
                out.update(self.pos[d] for d in self.members[sid])
        return out

    def _copy_sets(self, order: list[int]) -> list[list[int]]:
        """Copy sets among the regrouped reports (local positions), templates left out."""
        keep = [k for k, x in enumerate(order) if x not in self.alone]
        if len(keep) < 2:
            return []
        sigs = np.stack([self.features[order[k]].signature for k in keep])
        if sigs.shape[1] == 0:
            return []
        same = (sigs[:, None, :] == sigs[None, :, :]).mean(-1) >= self.cfg.copy_jaccard
        x, y = np.nonzero(np.triu(same, 1))
        return [[keep[k] for k in c] for c in _copies.components(len(keep), list(zip(x.tolist(), y.tolist())))]

    def _relabel(self, groups: list[list[int]]) -> set[str]:
        """Give the regrouped reports their stories: each old story id goes to the new group holding most of its
        members (larger stories choose first), other groups get a new id; returns the ids whose members changed."""
        old: dict[str, set[int]] = {}
        for g in groups:
            for x in g:
                sid = self.story_of.get(self.features[x].id)
                if sid is not None:
                    old.setdefault(sid, set()).add(x)
        overlaps = sorted(((len(m & set(g)), len(m), sid, k)
                           for sid, m in old.items() for k, g in enumerate(groups) if m & set(g)),
                          key=lambda t: (-t[0], -t[1], t[2], t[3]))
        name: dict[int, str] = {}
        taken: set[str] = set()
        for _, _, sid, k in overlaps:
            if k not in name and sid not in taken:
                name[k] = sid
                taken.add(sid)
        for k, g in enumerate(groups):
            if k not in name:
                first = self.features[min(g)].id
                sid, m = story_id(first), 2
                while sid in taken or sid in self.members or sid in self.fixed:
                    sid, m = story_id(f"{first}#{m}"), m + 1
                name[k] = sid
                taken.add(sid)
                self._new_ids.add(sid)
        changed: set[str] = set()
        named = set(name.values())
        for sid in old:
            if sid not in named:
                changed.add(sid)  # all its reports went to other stories
            self.members[sid] = []
        for k, g in enumerate(groups):
            sid = name[k]
            if old.get(sid) != set(g):
                changed.add(sid)
            self.members[sid] = [self.features[x].id for x in sorted(g)]
            for x in g:
                self.story_of[self.features[x].id] = sid
        return changed

    def copies(self, sid: str) -> tuple[tuple[str, ...], ...]:
        """Copy sets among a story's documents (pairwise on signatures: stories are small)."""
        ids = self.members.get(sid, [])
        if len(ids) < 2:
            return ()
        sigs = [self.features[self.pos[d]].signature for d in ids]
        pairs = [(a, b) for a in range(len(ids)) for b in range(a + 1, len(ids))
                 if _copies.jaccard(sigs[a], sigs[b]) >= self.cfg.copy_jaccard]
        return tuple(tuple(sorted(ids[x] for x in comp)) for comp in _copies.components(len(ids), pairs))
