"""Story grouping across corpora (issue 15): ECB+ and Multi-News with one setting.

    .venv/bin/python bench/ecbplus.py                 --part quality (default)
    .venv/bin/python bench/ecbplus.py --part quality  B-cubed P/R/F1 of the shipped setting on ECB+ train/dev and
                                                      Multi-News validation/test (all its reports mixed with the four
                                                      seeds; the seeds must stay one story), stories per ECB+ event
                                                      when each event's reports are grouped alone; peer: TF-IDF +
                                                      sklearn average link, its distance chosen on the same sets
    .venv/bin/python bench/ecbplus.py --part tune     the grid that chose REF_TOP, REF_POWER, MIN_SCORE and
                                                      LINK_THRESHOLD (cluster.graph): best mean of ECB+ train F1 and
                                                      Multi-News validation F1 with the seeds one story; ECB+ dev and
                                                      Multi-News test reported for the choice
    .venv/bin/python bench/ecbplus.py --part add      incremental `add` (StoryIndex) against batch grouping: reports
                                                      added one at a time to an empty index, and half grouped in a
                                                      batch with the other half added

Data are read at run time from ../shared (ECB+ train/dev topics: ../shared/data/ecbplus-dev/documents.jsonl, gold
story = `cluster`; Multi-News: ../shared/data/multinews-sample/clustering.jsonl; seeds: examples/apec-2024). The texts
go in as `storyweave cluster` receives them from score_clustering.py --write-input (id and text; no title, no date);
--clean reads them through the pipeline's cleaner first. Lead embeddings are real MiniLM vectors cached in
tests/artifacts/embed-cache (STORYWEAVE_EMBED_CACHE; the first run embeds about 2,100 leads).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
ECB = SHARED / "ecbplus-dev" / "documents.jsonl"
MULTINEWS = SHARED / "multinews-sample" / "clustering.jsonl"
CACHE = ROOT / "tests" / "artifacts" / "embed-cache"
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from storyweave import cluster  # noqa: E402
from storyweave.cluster import graph  # noqa: E402
from storyweave.model import Document  # noqa: E402


from cluster import bcubed  # noqa: E402  (bench/cluster.py: the same B-cubed as the Multi-News figures)


class Corpora:
    """ECB+ train, ECB+ dev and Multi-News + seeds: documents, features, gold stories, which split each is in."""

    def __init__(self, clean: bool = False) -> None:
        from storyweave import pipeline

        os.environ.setdefault("STORYWEAVE_EMBED_CACHE", str(CACHE))
        ecb = [json.loads(line) for line in ECB.read_text().splitlines()]
        mn = [json.loads(line) for line in MULTINEWS.read_text().splitlines()]
        seeds, _ = pipeline.read_documents([str(ROOT / "examples" / "apec-2024")])
        self.seeds = [d.id for d in seeds]
        self.gold = {r["id"]: r["cluster"] for r in ecb + mn} | {s: "seeds" for s in self.seeds}
        self.split = {r["id"]: "ecb-" + r["split"] for r in ecb} | {r["id"]: "mn-" + r["split"] for r in mn}
        docs = {"ecb-train": [r for r in ecb if r["split"] == "train"],
                "ecb-dev": [r for r in ecb if r["split"] == "dev"], "mn": mn}
        self.docs: dict[str, list[Document]] = {}
        for name, rows in docs.items():
            ds = [Document(id=r["id"], body=r["text"]) for r in rows]
            if clean:
                ds = _cleaned(ds)
            self.docs[name] = ds + (list(seeds) if name == "mn" else [])
        self.feats = {name: cluster.compute_features(ds) for name, ds in self.docs.items()}

    def score(self, name: str, groups: list[list[str]]) -> dict[str, tuple[float, float, float]]:
        """B-cubed per split of one corpus's grouping (ids missing from `groups` stand alone)."""
        grouped = {d for g in groups for d in g}
        groups = groups + [[d.id] for d in self.docs[name] if d.id not in grouped]
        parts = ["ecb-train"] if name == "ecb-train" else ["ecb-dev"] if name == "ecb-dev" else \
            ["mn-validation", "mn-test"]
        return {p: bcubed(groups, self.gold, {d for d, s in self.split.items() if s == p}) for p in parts}

    def seeds_alone(self, groups: list[list[str]]) -> bool:
        return sorted(next(g for g in groups if self.seeds[0] in g)) == sorted(self.seeds)


def _cleaned(docs: list[Document]) -> list[Document]:
    import tempfile

    from storyweave import pipeline

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for d in docs:
            fh.write(json.dumps({"id": d.id, "text": d.body}) + "\n")
    out, _ = pipeline.read_documents([fh.name])
    os.unlink(fh.name)
    return out


def _named(feats, groups: list[list[int]]) -> list[list[str]]:
    return [[feats[x].id for x in g] for g in groups]


def _line(label: str, scores: dict[str, tuple[float, float, float]]) -> str:
    return f"  {label:34s} " + "  ".join(f"{k} P {p:.3f} R {r:.3f} F1 {f:.3f}" for k, (p, r, f) in scores.items())


def part_quality(c: Corpora) -> None:
    print(f"quality: ECB+ train {len(c.docs['ecb-train'])}, dev {len(c.docs['ecb-dev'])} reports; Multi-News "
          f"{len(c.docs['mn']) - len(c.seeds)} + {len(c.seeds)} seeds")
    scores: dict[str, tuple[float, float, float]] = {}
    for name in ("ecb-train", "ecb-dev", "mn"):
        t0 = time.perf_counter()
        groups = _named(c.feats[name], cluster.group_features(c.feats[name])[0])
        scores |= c.score(name, groups)
        extra = f"; seeds one story: {c.seeds_alone(groups)}" if name == "mn" else ""
        print(f"  storyweave {name}: {len(groups)} stories, {time.perf_counter() - t0:.1f} s{extra}")
    for k, (p, r, f) in scores.items():
        print(f"  storyweave {k:14s} B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}")
    ecb = c.feats["ecb-train"] + c.feats["ecb-dev"]
    by_event = collections.defaultdict(list)
    for f in ecb:
        by_event[c.gold[f.id]].append(f)
    counts = [len(cluster.group_features(fs)[0]) for fs in by_event.values()]
    print(f"  one ECB+ event's reports grouped alone ({len(counts)} events, 3-22 reports): "
          f"{np.mean(counts):.2f} stories on average, one story in {sum(n == 1 for n in counts)}")
    part_peer(c)


def part_peer(c: Corpora) -> None:
    """TF-IDF + average link (sklearn), one distance for both corpora, chosen like ours."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    dists = {}
    for name, docs in c.docs.items():
        x = TfidfVectorizer(sublinear_tf=True, stop_words="english", max_df=0.5).fit_transform([d.body for d in docs])
        dists[name] = np.clip(1.0 - (x @ x.T).toarray(), 0.0, 2.0)

    def peer(name: str, t: float) -> list[list[str]]:
        labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                         distance_threshold=t).fit_predict(dists[name])
        out: dict[int, list[str]] = collections.defaultdict(list)
        for d, lab in zip(c.docs[name], labels):
            out[int(lab)].append(d.id)
        return list(out.values())

    best = None
    for t in np.arange(0.5, 0.96, 0.025):
        tune = (c.score("ecb-train", peer("ecb-train", t))["ecb-train"][2]
                + c.score("mn", peer("mn", t))["mn-validation"][2]) / 2
        if best is None or tune > best[0]:
            best = (tune, t)
    t = best[1]
    scores = c.score("ecb-train", peer("ecb-train", t)) | c.score("ecb-dev", peer("ecb-dev", t))
    mn = peer("mn", t)
    scores |= c.score("mn", mn)
    print(f"  peer TF-IDF + AgglomerativeClustering(average, cosine distance {t:.3f}, chosen on ECB+ train + "
          f"Multi-News validation; seeds one story: {c.seeds_alone(mn)}):")
    for k, (p, r, f) in scores.items():
        print(f"  peer       {k:14s} B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}")


THRESHOLDS = {0.5: (0.36, 0.61), 0.75: (0.44, 0.73), 1.0: (0.5, 0.81)}  # grid of LINK_THRESHOLD per REF_POWER


def part_tune(c: Corpora) -> None:
    """Grid over the linkage constants on precomputed candidate graphs (scores do not depend on them)."""
    keep = (graph.REF_TOP, graph.REF_POWER, graph.MIN_SCORE)
    floor0 = 0.15
    graph.MIN_SCORE = floor0
    cands = {name: cluster.candidate_graph(fs) for name, fs in c.feats.items()}
    rows = []
    try:
        for floor in (0.15, 0.2):
            sub = {}
            for name, cg in cands.items():
                ok = cg.s >= floor
                sub[name] = cluster.CandidateGraph(cg.n, cg.i[ok], cg.j[ok], cg.s[ok], cg.copy_sets)
            graph.MIN_SCORE = floor
            for top in (1, 2, 3):
                graph.REF_TOP = top
                for power in (0.5, 0.75, 1.0):
                    graph.REF_POWER = power
                    for t in np.arange(*THRESHOLDS[power], 0.02):
                        res: dict[str, tuple[float, float, float]] = {}
                        seeds = True
                        for name, cg in sub.items():
                            groups = _named(c.feats[name], cluster.link(cg, float(t)))
                            res |= c.score(name, groups)
                            if name == "mn":
                                seeds = c.seeds_alone(groups)
                        tune = (res["ecb-train"][2] + res["mn-validation"][2]) / 2
                        rows.append((tune, seeds, floor, top, power, float(t), res))
    finally:
        graph.REF_TOP, graph.REF_POWER, graph.MIN_SCORE = keep
    rows.sort(key=lambda r: -r[0])
    print(f"tune: {len(rows)} settings; mean of ECB+ train F1 and Multi-News validation F1")
    for label, pick in (("best", rows[0]), ("best with the seeds one story", next(r for r in rows if r[1]))):
        tune, seeds, floor, top, power, t, res = pick
        print(f"  {label}: MIN_SCORE {floor} REF_TOP {top} REF_POWER {power} LINK_THRESHOLD {t:.2f} "
              f"(tune {tune:.3f}, seeds one story {seeds})")
        for k, (p, r, f) in res.items():
            print(f"    {k:14s} B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}")
    print(f"  shipped: MIN_SCORE {graph.MIN_SCORE} REF_TOP {graph.REF_TOP} REF_POWER {graph.REF_POWER} "
          f"LINK_THRESHOLD {graph.LINK_THRESHOLD}")


def part_add(c: Corpora, seed: int = 11) -> None:
    """`add` against batch: B-cubed against gold, and agreement (B-cubed F1 of add's grouping against batch's)."""
    rng = np.random.default_rng(seed)
    print("add: reports placed by StoryIndex (incremental) vs grouped in one batch")
    for name in ("ecb-dev", "ecb-train", "mn"):
        feats = c.feats[name]
        batch = _named(feats, cluster.group_features(feats)[0])
        batch_of = {d: str(g) for g, m in enumerate(batch) for d in m}
        ids = {f.id for f in feats}
        order = rng.permutation(len(feats))
        index = cluster.StoryIndex([], {})
        for x in order:
            index.assign([feats[x]])
        one = list(index.members.values())
        half = order[: len(order) // 2]
        first = [feats[x] for x in half]
        fg = _named(first, cluster.group_features(first)[0])
        index = cluster.StoryIndex(first, {d: f"b{g}" for g, m in enumerate(fg) for d in m})
        for x in order[len(order) // 2:]:
            index.assign([feats[x]])
        halves = list(index.members.values())
        for label, groups in (("batch", batch), ("add one at a time", one), ("batch half + add half", halves)):
            sc = c.score(name, groups)
            agree = bcubed(groups, batch_of, ids)[2]
            extra = f", seeds one story {c.seeds_alone(groups)}" if name == "mn" else ""
            print(_line(f"{name} {label}", sc) + f"  | vs batch F1 {agree:.3f}, {len(groups)} stories{extra}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=["quality", "tune", "add"], default="quality")
    ap.add_argument("--clean", action="store_true", help="read the texts through ingest+clean first")
    args = ap.parse_args()
    if not ECB.exists() or not MULTINEWS.exists():
        sys.exit(f"needs {ECB} and {MULTINEWS}")
    c = Corpora(clean=args.clean)
    {"quality": part_quality, "tune": part_tune, "add": part_add}[args.part](c)


if __name__ == "__main__":
    main()
