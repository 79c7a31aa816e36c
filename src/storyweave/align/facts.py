"""Align claims across reports: which reports carry each claim, how many independent origins, what only one adds.

A claim is a sentence. Two sentences from different reports say the same thing when their embeddings are close and
they share content words; sentences are grouped by average-link clustering over that combined similarity, with
sentences of the same report kept apart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from storyweave import resources
from storyweave.model import Annotations, DocId, Document, Evidence, Fact
from storyweave.textutil import content_words, fold

# Calibrated as a set on the seed story (tests/golden) with topic centering on; re-run the golden test after any change.
COSINE_WEIGHT = 0.7  # share of the embedding cosine in the combined similarity; the rest is content-word overlap
SAME_CLAIM = 0.45  # combined similarity at which two sentences from different reports state the same claim
CENTER = 1.0  # share of the story's mean sentence vector removed before comparing (topic centering)
CENTER_MIN = 20  # fewer sentences than this give no stable story mean
MEMBER_FLOOR = 0.38  # a cluster member this far from the cluster's representative sentence is split off on its own
NEAR_CENTRAL = 0.9  # members this close to the most central one can word the fact
MIN_WORDS = 6  # shorter "sentences" are headings, datelines or fragments, not claims

_WS = re.compile(r"\s+")
_DETAIL = re.compile(r"\b\w*\d[\w,.-]*\w|\b\d\b")  # tokens holding a figure: "40-minute", "13,000", "B-1B"


@dataclass(frozen=True, slots=True)
class _Claim:
    doc_id: DocId
    start: int
    end: int
    text: str
    position: int  # sentence index inside its report (0 = lead)


def _normal_outlet(name: str) -> str:
    words = fold(name).split()
    drop = {"the", "news", "l", "p", "lp", "inc", "llc", "agency", "com", "online"}
    return " ".join(w for w in words if w not in drop)


def origin_keys(documents: Sequence[Document], copies: Sequence[Sequence[DocId]] = ()) -> dict[DocId, str]:
    """One key per independent origin: the origin outlet (else outlet, else the report itself); copies share a key."""
    keys: dict[DocId, str] = {}
    for d in documents:
        name = d.origin_outlet or d.outlet
        keys[d.id] = _normal_outlet(name) if name and _normal_outlet(name) else f"doc:{d.id}"
    for group in copies:
        members = [m for m in group if m in keys]
        if len(members) > 1:
            shared = keys[members[0]]
            for m in members:
                keys[m] = shared
    return keys


def _claims(documents: Sequence[Document], annotations: Sequence[Annotations]) -> list[_Claim]:
    out: list[_Claim] = []
    for doc, ann in zip(documents, annotations):
        for i, s in enumerate(ann.sentences):
            text = _WS.sub(" ", s.text).strip()
            if len(text.split()) >= MIN_WORDS and any(c.isalpha() for c in text):
                out.append(_Claim(doc.id, s.start, s.end, text, i))
    return out


def _similarity(claims: Sequence[_Claim]) -> np.ndarray:
    vecs = resources.embed([c.text for c in claims])
    if len(claims) >= CENTER_MIN:
        # Every sentence of a story shares its topic; removing the story's mean vector leaves what each one says.
        vecs = vecs - CENTER * vecs.mean(axis=0)
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    cos = np.clip(vecs @ vecs.T, 0.0, 1.0)
    words = [content_words(c.text) for c in claims]
    n = len(claims)
    lex = np.zeros((n, n), dtype=np.float32)
    for i in range(n):
        wi = words[i]
        if not wi:
            continue
        for j in range(i + 1, n):
            wj = words[j]
            if wj:
                v = len(wi & wj) / min(len(wi), len(wj)) ** 0.5 / max(len(wi), len(wj)) ** 0.5
                lex[i, j] = lex[j, i] = v
    return COSINE_WEIGHT * cos + (1 - COSINE_WEIGHT) * lex


def _cluster(sim: np.ndarray, doc_of: Sequence[DocId]) -> list[list[int]]:
    """Average-link clustering; two sentences of one report never end up in one cluster."""
    from sklearn.cluster import AgglomerativeClustering

    n = len(doc_of)
    if n < 2:
        return [[i] for i in range(n)]
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


def _representative(members: list[int], claims: Sequence[_Claim], sim: np.ndarray) -> int:
    """The member closest to the others, preferring one that states no figure the other members lack (the fact's
    text should not carry a detail only one report gives); ties go to the earlier sentence in its report."""
    if len(members) == 1:
        return members[0]
    sub = sim[np.ix_(members, members)]
    centrality = sub.sum(axis=1)
    figures = [{t.strip(",.") for t in _DETAIL.findall(fold(claims[m].text))} for m in members]
    lone = [bool(f - set().union(*(g for k, g in enumerate(figures) if k != j))) for j, f in enumerate(figures)]
    near = centrality >= NEAR_CENTRAL * centrality.max()  # the preference only picks among near-central members
    order = sorted(range(len(members)), key=lambda k: (not near[k], lone[k], -round(float(centrality[k]), 3),
                                                        claims[members[k]].position))
    return members[order[0]]


def align_facts(documents: Sequence[Document], annotations: Sequence[Annotations], origins: dict[DocId, str]
                ) -> tuple[list[Fact], dict[DocId, tuple[str, ...]]]:
    """Facts merged across reports (most independent sources first) and each report's exclusive sentences."""
    claims = _claims(documents, annotations)
    if not claims:
        return [], {}
    doc_of = [c.doc_id for c in claims]
    if len(documents) == 1:  # nothing to cross-check: every sentence is its own single-source fact
        sim = np.eye(len(claims), dtype=np.float32)
    else:
        sim = _similarity(claims)
    facts: list[tuple[tuple, Fact]] = []
    clusters = []
    for members in _cluster(sim, doc_of):
        rep = _representative(members, claims, sim)
        kept = [m for m in members if m == rep or sim[m, rep] >= MEMBER_FLOOR]
        clusters.append((kept, rep))
        clusters += [([m], m) for m in members if m not in kept]
    for members, rep in clusters:
        sources = tuple(sorted({claims[m].doc_id for m in members}))
        independent = len({origins.get(s, s) for s in sources})
        evidence = tuple(Evidence(doc_id=claims[m].doc_id, start=claims[m].start, end=claims[m].end) for m in members)
        lead = min(claims[m].position for m in members)
        facts.append(((-independent, -len(sources), lead), Fact(text=claims[rep].text, sources=sources,
                                                                independent_sources=independent, evidence=evidence)))
    facts.sort(key=lambda kf: kf[0])
    return [f for _, f in facts], _exclusives(documents, claims, sim)


def _exclusives(documents: Sequence[Document], claims: Sequence[_Claim], sim: np.ndarray
                ) -> dict[DocId, tuple[str, ...]]:
    """Sentences no other report states (no same-claim match), or that hold a figure no other report mentions."""
    if len(documents) < 2:
        return {}
    doc_of = [c.doc_id for c in claims]
    other = np.array([[a != b for b in doc_of] for a in doc_of])
    best_other = np.where(other, sim, 0.0).max(axis=1)
    figures = {d.id: {t.strip(",.") for t in _DETAIL.findall(fold(d.body))} for d in documents}
    out: dict[DocId, list[str]] = {}
    for i, c in enumerate(claims):
        elsewhere = set().union(*(f for d, f in figures.items() if d != c.doc_id))
        own = {t.strip(",.") for t in _DETAIL.findall(fold(c.text))}
        if best_other[i] < SAME_CLAIM or (own - elsewhere):
            out.setdefault(c.doc_id, []).append(c.text)
    return {k: tuple(v) for k, v in out.items()}
