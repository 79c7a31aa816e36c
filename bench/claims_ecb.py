"""Claim alignment on ECB+ (issue 11): which sentences of different reports of one event state the same happening.

usage: .venv/bin/python bench/claims_ecb.py

Gold (../shared/data/ecbplus-dev/documents.jsonl, never copied here): within each gold story (`cluster`), two
validated sentences of different documents state the same event when they carry mentions of one cross-document event
chain. Predicted: storyweave's claim graph over every sentence of the story's documents, as `weave` builds it (topic
centering then sees the whole story), scored on the pairs of validated sentences only (align.facts.claim_graph;
sentences shorter than MIN_WORDS are no claims), pairs at SAME_CLAIM, and with the mutual-closest pairs that the
figure checks also use.
Peer in the same run: content-word overlap (cosine of binary word vectors) with its threshold tuned on the train
split; storyweave's own threshold is shown tuned the same way, for calibration. Pairwise P/R/F1, reported on dev.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "ecbplus-dev" / "documents.jsonl"


def stories(split: str):
    """[(claims, gold pairs)] per gold story of the split."""
    from storyweave.align.facts import Claim
    from storyweave.settings import DEFAULTS

    by_cluster: dict[str, list[dict]] = defaultdict(list)
    for line in DATA.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split"] == split:
            by_cluster[row["cluster"]].append(row)
    out = []
    for rows in by_cluster.values():
        claims, chains = [], []
        for row in rows:
            events = defaultdict(set)
            for m in row["mentions"]:
                if m["kind"] == "event" and m["validated"] and not m["chain"].startswith(("INTRA_", "SINGLETON_")):
                    events[m["sentence"]].add(m["chain"])
            for s in row["sentences"]:
                text = " ".join(row["text"][s["start"]:s["end"]].split())
                if len(text.split()) >= DEFAULTS.align.min_words:
                    claims.append(Claim(row["id"], s["start"], s["end"], text, s["n"]))
                    chains.append(events.get(s["n"], set()) if s["validated"] else None)
        scored = {(i, j) for i in range(len(claims)) for j in range(i + 1, len(claims))
                  if claims[i].doc_id != claims[j].doc_id and chains[i] is not None and chains[j] is not None}
        gold = {(i, j) for i, j in scored if chains[i] & chains[j]}
        out.append((claims, gold, scored))
    return out


def scores(data, predict) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for claims, gold, scored, extra in data:
        pred = predict(claims, extra) & scored
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / max(1, tp + fp)
    r = tp / max(1, tp + fn)
    return p, r, 2 * p * r / max(1e-9, p + r)


def prepare(split: str):
    from storyweave.align.facts import _word_matrix, claim_graph

    out = []
    for claims, gold, scored in stories(split):
        graph = claim_graph(claims)
        x = _word_matrix([c.text for c in claims])
        inter = np.asarray((x @ x.T).todense())
        size = np.sqrt(np.maximum(np.asarray(x.sum(axis=1)).ravel(), 1))
        lex = inter / size[:, None] / size[None, :]
        out.append((claims, gold, scored, (graph, lex)))
    return out


def _cross(claims, matrix, t):
    n = len(claims)
    return {(i, j) for i in range(n) for j in range(i + 1, n)
            if claims[i].doc_id != claims[j].doc_id and matrix[i, j] >= t}


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from storyweave.settings import DEFAULTS

    SAME_CLAIM = DEFAULTS.align.same_claim

    train, dev = prepare("train"), prepare("dev")
    grid = [round(x, 2) for x in np.arange(0.1, 0.9, 0.05)]
    n_pairs = sum(len(g) for _, g, _, _ in dev)
    n_scored = sum(len(s) for _, _, s, _ in dev)
    print(f"ECB+ dev: {len(dev)} stories, {sum(len(c) for c, _, _, _ in dev)} claims; {n_scored} pairs of validated "
          f"sentences of different reports scored, {n_pairs} of them same-event")
    best_lex = max(grid, key=lambda t: scores(train, lambda c, e: _cross(c, e[1], t))[2])
    best_ours = max(grid, key=lambda t: scores(train, lambda c, e: _cross(c, e[0].sim, t))[2])
    rows = [
        (f"storyweave claim graph, SAME_CLAIM {SAME_CLAIM}", lambda c, e: set(e[0].aligned_pairs(mutual=False))),
        ("storyweave, with mutual-closest pairs (figure checks)", lambda c, e: set(e[0].aligned_pairs())),
        (f"storyweave similarity, threshold tuned on train ({best_ours})", lambda c, e: _cross(c, e[0].sim, best_ours)),
        (f"peer: word overlap, threshold tuned on train ({best_lex})", lambda c, e: _cross(c, e[1], best_lex)),
        ("floor: every pair", lambda c, e: _cross(c, np.ones((len(c), len(c))), 0.0)),
    ]
    for name, fn in rows:
        p, r, f = scores(dev, fn)
        print(f"  {name}: P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
