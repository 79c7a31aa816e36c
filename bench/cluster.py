"""Story grouping benchmark (issue 3): quality on real labelled news, speed at 100,000 reports, incremental add.

    .venv/bin/python bench/cluster.py                 all parts, each in its own process (clean peak-memory figures)
    .venv/bin/python bench/cluster.py --part quality  B-cubed P/R/F1 on Multi-News (1,356 articles, 500 stories,
                                                      all mixed with the four seeds); peer: TF-IDF + sklearn
                                                      AgglomerativeClustering (average link), same data, same run
    .venv/bin/python bench/cluster.py --part scale    grouping of 100,000 reports, time per stage, reports/s, peak RSS
    .venv/bin/python bench/cluster.py --part add      one report into a SQLite store holding 100,000: median ms
    .venv/bin/python bench/cluster.py --part ceiling  what the grouping signal allows on Multi-News: B-cubed of the
                                                      gold stories with boilerplate pages alone, and of gold stories
                                                      linked only by candidate pairs scoring >= x (oracle linkage)

What is real and what is synthesised:
  - quality: real texts; lead embeddings are real MiniLM vectors, cached across runs in tests/artifacts/embed-cache
    (STORYWEAVE_EMBED_CACHE; the first run embeds 1,356 leads, ~1-2 min). Thresholds were tuned on the validation
    half; the test half is reported.
  - scale / add: MiniLM embeds ~180 leads/s here, so 100,000 embeddings are not computed. 100,000 feature rows are
    made from the 1,356 real ones: each copy gets its vector perturbed (Gaussian noise, renormalised), 70 % of its
    terms, its entity set, a MinHash signature of which 70 % of the values are redrawn (so copies of a copy are not
    syndicated copies), and a random publication day within a year. Text feature extraction (terms, shingles,
    entities: the part that reads the text) is timed separately on real texts, and embedding throughput on real leads;
    the "100k total" line adds them up as they would be spent, with embeddings counted as cached.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews-sample" / "clustering.jsonl"
CACHE = ROOT / "tests" / "artifacts" / "embed-cache"
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from storyweave import cluster  # noqa: E402
from storyweave.cluster import graph  # noqa: E402
from storyweave.cluster.features import DocFeatures  # noqa: E402
from storyweave.model import Document  # noqa: E402
from storyweave.settings import DEFAULTS  # noqa: E402

ANN_AFTER = DEFAULTS.cluster.ann_after  # exact searches after which `add` builds the approximate index


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_rows() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text().splitlines()]


def bcubed(groups: list[list[str]], gold: dict[str, str], ids: set[str]) -> tuple[float, float, float]:
    pred = {d: g for g, members in enumerate(groups) for d in members}
    pc: dict[int, set[str]] = collections.defaultdict(set)
    gc: dict[str, set[str]] = collections.defaultdict(set)
    for d in ids:
        pc[pred[d]].add(d)
        gc[gold[d]].add(d)
    p = sum(len(pc[pred[d]] & gc[gold[d]]) / len(pc[pred[d]]) for d in ids) / len(ids)
    r = sum(len(pc[pred[d]] & gc[gold[d]]) / len(gc[gold[d]]) for d in ids) / len(ids)
    return p, r, 2 * p * r / (p + r)


def seed_documents() -> list[Document]:
    from storyweave import pipeline

    docs, _ = pipeline.read_documents([str(ROOT / "examples" / "apec-2024")])
    return docs


def cached_settings():
    """The cluster settings with the lead embeddings kept in CACHE (STORYWEAVE_EMBED_CACHE, read by settings.load
    into cluster.embed_cache) unless the environment names another folder."""
    from storyweave import settings

    os.environ.setdefault("STORYWEAVE_EMBED_CACHE", str(CACHE))
    return settings.load().cluster


def part_quality(clean: bool) -> None:
    cached = cached_settings()
    rows = load_rows()
    docs = [Document(id=r["id"], body=r["text"]) for r in rows]
    if clean:  # through the pipeline's own reading and cleaning, as `storyweave cluster` would see them
        import tempfile

        from storyweave import pipeline

        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
            for r in rows:
                fh.write(json.dumps({"id": r["id"], "text": r["text"]}) + "\n")
        docs, rejected = pipeline.read_documents([fh.name])
        os.unlink(fh.name)
        docs = [d for d in docs if d.id in {r["id"] for r in rows}]
        print(f"cleaned: {len(docs)} documents, {len(rejected)} rejected (rejected ones stand alone)")
    seeds = seed_documents()
    gold = {r["id"]: r["cluster"] for r in rows} | {d.id: "seeds" for d in seeds}
    split = {r["id"]: r["split"] for r in rows}
    everything = docs + seeds
    t0 = time.perf_counter()
    cluster.compute_features(everything, settings=cached)  # warms the embedding cache (first run only), not timed
    t_embed_warm = time.perf_counter() - t0

    t0 = time.perf_counter()
    grouping = cluster.cluster(everything, settings=cached)
    t_ours = time.perf_counter() - t0
    groups = [list(g.documents) for g in grouping.groups]
    grouped = {d for g in groups for d in g}
    groups += [[r["id"]] for r in rows if r["id"] not in grouped]
    seed_group = next(g for g in groups if seeds[0].id in g)
    print(f"quality: {len(everything)} reports ({len(docs)} Multi-News + {len(seeds)} seeds), {len(groups)} stories")
    print(f"  seeds form one story: {sorted(seed_group) == sorted(d.id for d in seeds)} ({len(seed_group)} reports)")
    for which in ("validation", "test"):
        ids = {d for d, s in split.items() if s == which}
        p, r, f = bcubed(groups, gold, ids)
        print(f"  storyweave {which:10s} B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}  ({len(ids)} articles)")
    f_ours = bcubed(groups, gold, {d for d, s in split.items() if s == "test"})[2]
    print(f"  storyweave time {t_ours:.2f} s (lead embeddings cached; computing them took {t_embed_warm:.0f} s "
          f"this run)")

    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [d.body for d in everything]
    ids = [d.id for d in everything]

    def peer(threshold: float) -> list[list[str]]:
        x = TfidfVectorizer(sublinear_tf=True, stop_words="english", max_df=0.5).fit_transform(texts)
        dist = np.clip(1.0 - (x @ x.T).toarray(), 0.0, 2.0)  # cosine distance (rows are unit length)
        labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                         distance_threshold=threshold).fit_predict(dist)
        out: dict[int, list[str]] = collections.defaultdict(list)
        for i, lab in zip(ids, labels):
            out[int(lab)].append(i)
        return list(out.values())

    val = {d for d, s in split.items() if s == "validation"}
    best = max((bcubed(peer(t), gold, val)[2], t) for t in np.arange(0.6, 0.96, 0.05))
    t0 = time.perf_counter()
    pg = peer(best[1])
    t_peer = time.perf_counter() - t0
    test = {d for d, s in split.items() if s == "test"}
    p, r, f = bcubed(pg, gold, test)
    print(f"  peer TF-IDF + AgglomerativeClustering(average, cosine, distance {best[1]:.2f} tuned on validation): "
          f"test P {p:.3f} R {r:.3f} F1 {f:.3f}, {t_peer:.2f} s")
    print(f"  ratio storyweave/peer: time {t_ours / t_peer:.2f}x, F1 {f_ours / f:.3f}x")
    n = 256
    from storyweave import resources

    resources.embed(["warm the model up"])
    t0 = time.perf_counter()
    resources.embed([" ".join(d.body.split()[:200]) for d in docs[:n]])
    print(f"  embedding throughput (MiniLM, 200-word leads): {n / (time.perf_counter() - t0):.0f} leads/s")


def part_ceiling() -> None:
    """Upper bounds for any linkage over our pair score (docs/grouping-quality.md explains them)."""
    from storyweave.cluster import copies

    cached = cached_settings()
    rows = load_rows()
    docs = [Document(id=r["id"], body=r["text"]) for r in rows]
    gold = {r["id"]: r["cluster"] for r in rows}
    feats = cluster.compute_features(docs, settings=cached)
    n = len(docs)
    label = np.array([gold[d.id] for d in docs])
    sigs = np.stack([f.signature for f in feats])
    junk = {x for x in range(n) if feats[x].n_words < 30}
    for a in range(n):  # boilerplate: the same text (MinHash Jaccard >= 0.3) in another story's reports
        near = np.count_nonzero(sigs == sigs[a], axis=1) / sigs.shape[1] >= 0.3
        if np.any(near & (label != label[a])):
            junk.add(a)
    by_story: dict[str, list[int]] = collections.defaultdict(list)
    for x in range(n):
        by_story[label[x]].append(x)
    oracle = [[x for x in m if x not in junk] for m in by_story.values()] + [[x] for x in junk]
    splits = {w: {r["id"] for r in rows if r["split"] == w} for w in ("validation", "test")}

    def f1(groups: list[list[int]]) -> str:
        named = [[docs[x].id for x in g] for g in groups if g]
        return "  ".join(f"{w} {bcubed(named, gold, ids)[2]:.3f}" for w, ids in splits.items())

    print(f"ceiling: {len(junk)} boilerplate/empty pages ({sum(docs[x].id in splits['test'] for x in junk)} in test)")
    print(f"  gold stories, boilerplate pages alone:          {f1(oracle)}")
    vectors = np.stack([f.vector for f in feats])
    _, nbr = graph.neighbours(vectors, 50)
    rows_, cols = np.repeat(np.arange(n), nbr.shape[1]), nbr.ravel()
    keep = (cols >= 0) & (cols != rows_)
    u = np.unique(np.minimum(rows_[keep], cols[keep]) * n + np.maximum(rows_[keep], cols[keep]))
    i, j = u // n, u % n
    real = np.ones(n, bool)
    real[list(junk)] = False
    i, j = i[real[i] & real[j]], j[real[i] & real[j]]  # boilerplate pages stand alone in every line below
    s = graph.pair_scores(feats, vectors, graph.term_matrix(feats, graph.idf_from(feats)), i, j)
    same = label[i] == label[j]
    for x in (0.2, 0.25, 0.3, 0.35):
        ok = same & (s >= x)
        comps = copies.components(n, list(zip(i[ok].tolist(), j[ok].tolist())))
        linked = {y for c in comps for y in c}
        print(f"  gold pairs scoring >= {x:.2f} linked (oracle):     {f1(comps + [[y] for y in range(n) if y not in linked])}"
              f"   pairs of different stories scoring >= {x:.2f}: {int(np.count_nonzero(~same & (s >= x)))}, "
              f"same story: {int(np.count_nonzero(same & (s >= x)))}")


def synthetic_features(n: int, seed: int = 7) -> list[DocFeatures]:
    """n feature rows made from the real ones (see the module docstring)."""
    cached = cached_settings()
    rows = load_rows()
    docs = [Document(id=r["id"], body=r["text"]) for r in rows]
    base = cluster.compute_features(docs, settings=cached)
    rng = np.random.default_rng(seed)
    out = []
    for k in range(n):
        f = base[k % len(base)]
        if k < len(base):
            out.append(DocFeatures(id=f"r{k}", vector=f.vector, term_idx=f.term_idx, term_val=f.term_val,
                                   entities=f.entities, signature=f.signature, day=int(rng.integers(0, 365)),
                                   n_words=f.n_words, title=f.title))
            continue
        v = f.vector + rng.normal(0, 0.6 / np.sqrt(f.vector.size), f.vector.size).astype(np.float32)
        keep = rng.random(len(f.term_idx)) < 0.7
        sig = f.signature.copy()
        redraw = rng.random(sig.size) < 0.7
        sig[redraw] = rng.integers(0, 2**32 - 1, int(redraw.sum()), dtype=np.uint32)
        out.append(DocFeatures(id=f"r{k}", vector=(v / np.linalg.norm(v)).astype(np.float32),
                               term_idx=f.term_idx[keep], term_val=f.term_val[keep], entities=f.entities,
                               signature=sig, day=int(rng.integers(0, 365)), n_words=f.n_words, title=f.title))
    return out


def part_scale(n: int) -> None:
    rows = load_rows()
    texts = [Document(id=f"t{k}", body=rows[k % len(rows)]["text"]) for k in range(len(rows) * 8)]
    known = {d.id: np.zeros(384, np.float32) for d in texts}
    t0 = time.perf_counter()
    cluster.compute_features(texts, known=known, workers=2)
    text_rate = len(texts) / (time.perf_counter() - t0)
    print(f"scale: text features (terms, shingles+MinHash, entities; 2 worker processes) on {len(texts)} real texts: "
          f"{text_rate:.0f} reports/s")
    feats = synthetic_features(n)
    rss0 = peak_mb()
    marks = [("start", time.perf_counter())]

    def progress(stage: str, done: int, total: int) -> None:
        if done == total:
            marks.append((stage, time.perf_counter()))

    groups, copy_sets = cluster.group_features(feats, progress=progress)
    total = marks[-1][1] - marks[0][1]
    print(f"  grouping {n} reports: {total:.1f} s = {n / total:.0f} reports/s; {len(groups)} stories, "
          f"{len(copy_sets)} copy sets, largest story {max(map(len, groups))}")
    for (a, ta), (b, tb) in zip(marks, marks[1:]):
        print(f"    {b:10s} {tb - ta:7.1f} s")
    text_s = n / text_rate
    print(f"  {n} total (text features {text_s:.0f} s + grouping {total:.0f} s; embeddings cached): "
          f"{text_s + total:.0f} s")
    print(f"  peak RSS {peak_mb():.0f} MB (after building the synthetic rows: {rss0:.0f} MB)")


def part_add(n: int, trials: int) -> None:
    import tempfile

    from storyweave.model import Report, Story
    from storyweave.store import open_store

    feats = synthetic_features(n + trials)
    known, new = feats[:n], feats[n:]
    groups, _ = cluster.group_features(known)
    story_of = {}
    stories = []
    for g in groups:
        sid = cluster.story_id(known[g[0]].id)
        members = tuple(known[x].id for x in g)
        story_of.update({m: sid for m in members})
        stories.append(Story(id=sid, title=known[g[0]].title, date=None, documents=members))
    folder = Path(tempfile.mkdtemp(prefix="sw-bench-"))
    st = open_store(folder / "stories.sqlite")
    t0 = time.perf_counter()
    docs = tuple(Document(id=f.id, body=f.title or "report", title=f.title) for f in known)
    first = cluster.StoryIndex(known, story_of)  # neighbour scales, stored with the features as `add` does
    st.save(Report(documents=docs, stories=tuple(stories)), features={f.id: f.to_bytes() for f in known},
            scales={f.id: first.scale(f.id) for f in known})
    del first
    print(f"add: store with {n} reports, {len(stories)} stories written in {time.perf_counter() - t0:.1f} s "
          f"({(folder / 'stories.sqlite').stat().st_size / 1e6:.0f} MB)")
    from storyweave.pipeline import IndexCache, load_index

    t0 = time.perf_counter()
    index = load_index(st)  # what a one-shot `storyweave add` does
    t1 = time.perf_counter()
    first = [index.assign([f]) for f in new[:5]]
    t2 = time.perf_counter()
    print(f"  one-shot `add`: opening the index (read features, stories, neighbour scales) {t1 - t0:.1f} s; "
          f"placing a report by exact search {(t2 - t1) / len(first) * 1000:.1f} ms "
          f"(an HNSW index is built after {ANN_AFTER} searches)")
    del index, first
    cache = IndexCache()  # what `serve` and `watch` keep between adds
    t0 = time.perf_counter()
    index = cache.index(st)
    print(f"  long-running `serve`/`watch`: opening the index with its HNSW index {time.perf_counter() - t0:.1f} s, "
          f"once per process")
    times = []
    for f in new:
        t0 = time.perf_counter()
        index = cache.index(st)  # warm: one query for the store's write number
        a = index.assign([f])
        sid = a.story_of[f.id]
        story = Story(id=sid, title=f.title, date=None, documents=a.changed[sid], copies=a.copies.get(sid, ()))
        seq = st.save(Report(documents=(Document(id=f.id, body=f.title or "report", title=f.title),),
                             stories=(story,)), features={f.id: f.to_bytes()}, scales={f.id: index.scale(f.id)})
        cache.saved(seq)
        times.append((time.perf_counter() - t0) * 1000)
    assert cache.builds == 1, "the warm index was read again"

    joined = sum(1 for f in new if len(index.members[index.story_of[f.id]]) > 1)
    print(f"  adding one report (freshness check + assign + one transaction: document, features, story), "
          f"{trials} trials: "
          f"median {statistics.median(times):.1f} ms, p90 {np.percentile(times, 90):.1f} ms "
          f"(its own embedding and re-weaving excluded); {joined} joined a story")
    print(f"  peak RSS {peak_mb():.0f} MB")
    st.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=["all", "quality", "ceiling", "scale", "add"], default="all")
    ap.add_argument("-n", type=int, default=100_000)
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--clean", action="store_true", help="quality: read the articles through ingest+clean first")
    args = ap.parse_args()
    if args.part == "all":
        for part in ("quality", "ceiling", "scale", "add"):
            subprocess.run([sys.executable, __file__, "--part", part, "-n", str(args.n), "--trials",
                            str(args.trials)] + (["--clean"] if args.clean else []), check=True)
        return
    if args.part == "quality":
        part_quality(args.clean)
    elif args.part == "ceiling":
        part_ceiling()
    elif args.part == "scale":
        part_scale(args.n)
    else:
        part_add(args.n, args.trials)


if __name__ == "__main__":
    main()
