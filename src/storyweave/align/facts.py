"""Align claims across reports: which reports carry each claim, how many independent origins, what only one adds.

A claim is a sentence. Two sentences from different reports say the same thing when their embeddings are close and
they share content words; sentences are grouped by average-link clustering over that combined similarity, with
sentences of the same report kept apart.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Collection, Mapping, Sequence

import numpy as np

from storyweave import outlets, resources
from storyweave.model import Annotations, DocId, Document, Evidence, Fact
from storyweave.settings import DEFAULTS, AlignSettings
from storyweave.textutil import STOPWORDS, content_words, fold

# The tuned values (settings.AlignSettings: cosine_weight, same_claim, center, center_min, member_floor, near_central,
# align_floor, partial_claim, partial_share, min_words) were calibrated as a set on the seed story (tests/golden) with
# topic centering on; re-run the golden test after any change.

_WS = re.compile(r"\s+")
_FIGURE = re.compile(r"\d[\d,.]*\d|\d")
_DETAIL = re.compile(r"\b\w*\d[\w,.-]*\w|\b\d\b")  # tokens holding a figure: "40-minute", "13,000", "B-1B"


@dataclass(frozen=True, slots=True)
class Claim:
    """One sentence of one report, the unit that is cross-checked."""

    doc_id: DocId
    start: int
    end: int
    text: str
    position: int  # sentence index inside its report (0 = lead)


@dataclass(frozen=True, slots=True)
class ClaimGraph:
    """The claims of one story and how close each pair is.

    sim[i, j]     combined similarity (embedding cosine of the sentences with their figures masked, and content-word
                  overlap); symmetric
    recall[i, j]  share of claim i's content words found in claim j, or in j with the sentence after it"""

    claims: tuple[Claim, ...]
    sim: np.ndarray
    recall: np.ndarray

    def aligned_pairs(self, threshold: float | None = None, *, mutual: bool = True,
                      settings: AlignSettings = DEFAULTS.align) -> list[tuple[int, int]]:
        """Pairs of claims of different reports that state the same thing (i < j): similarity at settings
        same_claim (or `threshold`), or each the other's closest sentence in the other report at align_floor (a
        restatement worded apart)."""
        cut = settings.same_claim if threshold is None else threshold
        doc = np.array([c.doc_id for c in self.claims])
        other = doc[:, None] != doc[None, :]
        keep = (self.sim >= cut) & other
        if mutual and len(doc):
            for d in np.unique(doc):
                cols = np.nonzero(doc == d)[0]
                sub = np.where(other[:, cols], self.sim[:, cols], -1.0)
                best = cols[sub.argmax(axis=1)]  # each claim's closest sentence in report d
                rows = np.nonzero((doc != d) & (self.sim[np.arange(len(doc)), best] >= settings.align_floor))[0]
                for r in rows:
                    b = best[r]
                    others = np.nonzero(doc == doc[r])[0]
                    if others[self.sim[b, others].argmax()] == r:  # mutual
                        keep[r, b] = keep[b, r] = True
        i, j = np.nonzero(np.triu(keep, k=1))
        return list(zip(i.tolist(), j.tolist()))


def origin_keys(documents: Sequence[Document], copies: Sequence[Sequence[DocId]] = ()) -> dict[DocId, str]:
    """One key per independent origin: the origin outlet (else outlet, else the report itself); copies share a key."""
    keys: dict[DocId, str] = {}
    for d in documents:
        name = d.origin_outlet or d.outlet
        keys[d.id] = outlets.key(name) or f"doc:{d.id}"  # the outlet table folds names, hosts and aliases
    for group in copies:
        members = [m for m in group if m in keys]
        if len(members) > 1:
            shared = keys[members[0]]
            for m in members:
                keys[m] = shared
    return keys


def find_claims(documents: Sequence[Document], annotations: Sequence[Annotations], *,
                settings: AlignSettings = DEFAULTS.align) -> list[Claim]:
    """Every sentence of settings.min_words words or more (and a letter) of each report, in order."""
    out: list[Claim] = []
    for doc, ann in zip(documents, annotations):
        for i, s in enumerate(ann.sentences):
            text = _WS.sub(" ", s.text).strip()
            if len(text.split()) >= settings.min_words and any(c.isalpha() for c in text):
                out.append(Claim(doc.id, s.start, s.end, text, i))
    return out


def mask_figures(text: str) -> str:
    """The sentence with every figure replaced by '#': whether two claims are about the same thing is judged without
    their numbers, so that a changed figure cannot hide a match."""
    return _FIGURE.sub("#", text)


def claim_texts(claims: Sequence[Claim]) -> list[str]:
    """The texts claim_graph embeds for `claims` (each sentence with its figures masked)."""
    return [mask_figures(c.text) for c in claims]


def embedding_texts(document: Document, annotations: Annotations, *, settings: AlignSettings = DEFAULTS.align
                    ) -> list[str]:
    """The texts alignment (with these settings) embeds for one report, in order: what a store keeps the vectors
    of, so that re-weaving a story embeds no sentence of an older report again (each report's claims depend on it
    alone)."""
    return claim_texts(find_claims([document], [annotations], settings=settings))


def _word_matrix(texts: Sequence[str]):  # -> scipy.sparse.csr_matrix
    """Binary claim x content-word matrix (figures left out)."""
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows, cols = [], []
    for r, text in enumerate(texts):
        for w in {w for w in content_words(text) if not w[:1].isdigit()}:
            rows.append(r)
            cols.append(vocab.setdefault(w, len(vocab)))
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(texts), max(1, len(vocab))))


def claim_graph(claims: Sequence[Claim], *, settings: AlignSettings = DEFAULTS.align) -> ClaimGraph:
    """Similarity of every pair of claims (one embedding batch, one sparse product: no pair loop)."""
    n = len(claims)
    if n == 0:
        return ClaimGraph((), np.zeros((0, 0), np.float32), np.zeros((0, 0), np.float32))
    vecs = resources.embed(claim_texts(claims))
    if settings.center and n >= settings.center_min:
        vecs = vecs - settings.center * vecs.mean(axis=0)
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    cos = np.clip(vecs @ vecs.T, 0.0, 1.0)
    x = _word_matrix([c.text for c in claims])
    inter = np.asarray((x @ x.T).todense(), dtype=np.float32)
    size = np.asarray(x.sum(axis=1), dtype=np.float32).ravel()
    norm = np.sqrt(np.maximum(size, 1.0))
    lex = inter / norm[:, None] / norm[None, :]
    np.fill_diagonal(lex, 0.0)
    lex[size == 0, :] = 0.0
    lex[:, size == 0] = 0.0
    # a claim is also carried by two adjacent sentences of another report taken together
    nxt = np.array([k + 1 if k + 1 < n and claims[k + 1].doc_id == claims[k].doc_id else k for k in range(n)])
    windows = x + x[nxt]
    windows.data = np.minimum(windows.data, 1.0)
    recall = np.asarray((x @ windows.T).todense(), dtype=np.float32) / np.maximum(size, 1.0)[:, None]
    weight = settings.cosine_weight
    return ClaimGraph(tuple(claims), weight * cos + (1 - weight) * lex, recall)


def _cluster(sim: np.ndarray, doc_of: Sequence[DocId], *, settings: AlignSettings = DEFAULTS.align
             ) -> list[list[int]]:
    """Average-link clustering cut at settings.same_claim; two sentences of one report never end up in one
    cluster."""
    from sklearn.cluster import AgglomerativeClustering

    n = len(doc_of)
    if n < 2:
        return [[i] for i in range(n)]
    dist = 1.0 - sim
    codes = np.unique(np.array(doc_of, dtype=str), return_inverse=True)[1].ravel()
    same = codes[:, None] == codes[None, :]
    dist[same] = 2.0
    np.fill_diagonal(dist, 0.0)
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=1.0 - settings.same_claim).fit_predict(dist)
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(i)
    return list(groups.values())


def _representative(members: list[int], claims: Sequence[Claim], sim: np.ndarray,
                    report_words: Mapping[DocId, set[str]], *, settings: AlignSettings) -> int:
    """The near-central member that the most other members fully support (the fact is worded as the reports state
    it, without a figure or name only one gives); then the most central; ties go to the earlier sentence."""
    if len(members) == 1:
        return members[0]
    sub = sim[np.ix_(members, members)]
    centrality = sub.sum(axis=1)
    # the preference only picks among near-central members
    near = centrality >= settings.near_central * centrality.max()
    backed = [sum(_supports(claims[m], claims[k], report_words[claims[m].doc_id]) for m in members if m != k)
              if near[j] else -1 for j, k in enumerate(members)]
    order = sorted(range(len(members)), key=lambda j: (not near[j], -backed[j], -round(float(centrality[j]), 3),
                                                        claims[members[j]].position))
    return members[order[0]]


@lru_cache(maxsize=8192)
def _details(text: str) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    """What a claim commits to beyond its topic: its figures, and the names it gives (runs of capitalised words
    after the first word; abbreviated titles such as "Mr." left out), each name as its set of folded words."""
    figures = {t.strip(",.") for t in _DETAIL.findall(fold(text))}
    names: list[set[str]] = []
    run: set[str] = set()
    for w in text.split()[1:] + ["."]:
        f = fold(w)
        if w[:1].isupper() and f and f not in STOPWORDS and not w.endswith(".") and not any(c.isdigit() for c in f):
            run.update(f.split())
            if w[-1:].isalnum():
                continue
        if run:
            names.append(run)
            run = set()
    return frozenset(figures), tuple(frozenset(n) for n in names)


def _supports(member: Claim, rep: Claim, report_words: set[str]) -> bool:
    """Does the member state all that the representative claims? Every figure in its own sentence, every name
    (any of its words: "Biden" for "Joe Biden") in its sentence or elsewhere in its report. Else it only partly
    supports it."""
    own = set(fold(member.text).split())
    figures, names = _details(rep.text)
    own_figures = {t.strip(",.") for t in _DETAIL.findall(fold(member.text))}
    return figures <= own_figures and all(name & (own | report_words) for name in names)


def align_facts(documents: Sequence[Document], annotations: Sequence[Annotations], origins: dict[DocId, str], *,
                graph: ClaimGraph | None = None, contradicting: Collection[tuple[int, int]] = (),
                settings: AlignSettings = DEFAULTS.align) -> tuple[list[Fact], dict[DocId, tuple[str, ...]]]:
    """Facts merged across reports (most independent sources first) and each report's exclusive claims.

    A fact's `sources` are the reports whose own sentence states it (its figures and names included);
    `partial_sources` those whose sentence says part of it. Claims in `contradicting` (index pairs into the graph's
    claims: their figures conflict) never support each other."""
    if graph is None:
        claims_found = find_claims(documents, annotations, settings=settings)
        graph = claim_graph(claims_found, settings=settings) if len(documents) > 1 else _lone_graph(claims_found)
    claims, sim = graph.claims, graph.sim
    if not claims:
        return [], {}
    doc_of = [c.doc_id for c in claims]
    clash = {(min(i, j), max(i, j)) for i, j in contradicting}
    report_words = {d.id: _report_words(d.body) for d in documents}
    clusters: list[tuple[list[int], int]] = []
    for members in _cluster(sim, doc_of, settings=settings):
        rep = _representative(members, claims, sim, report_words, settings=settings)
        kept = [m for m in members
                if m == rep or (sim[m, rep] >= settings.member_floor and (min(m, rep), max(m, rep)) not in clash)]
        clusters.append((kept, rep))
        clusters += [([m], m) for m in members if m not in kept]
    facts: list[tuple[tuple, Fact]] = []
    for members, rep in clusters:
        full = [m for m in members if m == rep or _supports(claims[m], claims[rep], report_words[claims[m].doc_id])]
        sources = tuple(sorted({claims[m].doc_id for m in full}))
        partial = tuple(sorted({claims[m].doc_id for m in members} - set(sources)))
        independent = len({origins.get(s, s) for s in sources})
        order = [rep] + [m for m in members if m != rep]  # the representative's own evidence first
        evidence = tuple(Evidence(doc_id=claims[m].doc_id, start=claims[m].start, end=claims[m].end) for m in order)
        lead = min(claims[m].position for m in members)
        facts.append(((-independent, -len(sources), lead), Fact(text=claims[rep].text, sources=sources,
                                                                independent_sources=independent, evidence=evidence,
                                                                partial_sources=partial)))
    facts.sort(key=lambda kf: kf[0])
    return [f for _, f in facts], _exclusives(graph, report_words, settings=settings)


def _report_words(body: str) -> set[str]:
    """A report's folded words, figures among them ("13,000" as written)."""
    folded = fold(body)
    return set(folded.split()) | {t.strip(",.") for t in _DETAIL.findall(folded)}


def _lone_graph(claims: list[Claim]) -> ClaimGraph:
    """One report: nothing to cross-check, every sentence is its own single-source fact."""
    n = len(claims)
    return ClaimGraph(tuple(claims), np.eye(n, dtype=np.float32), np.zeros((n, n), np.float32))


def _exclusives(graph: ClaimGraph, report_words: Mapping[DocId, set[str]], *, settings: AlignSettings
                ) -> dict[DocId, tuple[str, ...]]:
    """What each report alone adds: claims no other report carries, fully or in part (no same-claim match and no
    sentence, or two adjacent ones, of another report holding partial_claim of their content words), and claims no
    other report states in full (no match, and no sentence holding full_claim of those words) that hold a figure or a
    name no other report gives ("a 40-minute closed-door session")."""
    if len(report_words) < 2 or not graph.claims:
        return {}
    doc = np.array([c.doc_id for c in graph.claims])
    other = doc[:, None] != doc[None, :]
    best_sim = np.where(other, graph.sim, 0.0).max(axis=1)
    best_recall = np.where(other, graph.recall, 0.0).max(axis=1)
    elsewhere_of = {d: set().union(*(w for o, w in report_words.items() if o != d)) for d in report_words}
    out: dict[DocId, list[str]] = {}
    for i, c in enumerate(graph.claims):
        alone = best_sim[i] < settings.same_claim * settings.partial_share and best_recall[i] < settings.partial_claim
        if not alone and best_sim[i] < settings.same_claim and best_recall[i] < settings.full_claim:
            figures, names = _details(c.text)
            elsewhere = elsewhere_of[c.doc_id]
            alone = bool(figures - elsewhere) or any(not (n & elsewhere) for n in names)
        if alone:
            out.setdefault(c.doc_id, []).append(c.text)
    return {k: tuple(v) for k, v in out.items()}
