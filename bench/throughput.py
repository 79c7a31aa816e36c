"""End-to-end throughput (read -> weave) split by stage, with peak memory, beside a read-and-parse floor; the cost of
`add` into a big story and of adding reports one at a time into a store.

    .venv/bin/python bench/throughput.py [--n 1000] [--parts e2e,peer,add300,addone] [--story 300]
                                         [--base 300] [--adds 30] [--n-process 1] [--json PATH] [--no-vectors]

Input: real articles of ../shared/data/multinews-sample/clustering.jsonl (1,356), read from there (research-only
licence: never copied into the repository; a temporary JSON Lines file holds the selection). Beyond 1,356 the sample
is repeated with fresh ids ("ID~r1", ...): the repeats are exact copies, so grouping puts them with their originals
and marks them as copies (stories grow, the story count does not) -- the figures say when that happened.

Parts (each in its own process, so that each peak RSS is its own):
  e2e     storyweave's own functions in the order `weave` runs them: read+clean (pipeline.read_documents), annotate
          (pipeline.annotate_or_reject), group (cluster.cluster), weave (pipeline.weave_groups: align + synthesize).
          Models are loaded first and timed apart, so reports/s is the steady rate; "cold" adds the load.
  analyse read+clean and annotate only (what --n-process changes)
  peer    the floor of reading the same reports at all: JSON parsing, trafilatura.extract over each report's text as
          an HTML page (one <p> per paragraph) and spaCy (the same model, nothing of storyweave's) over the extracted
          text, nlp.pipe in batches of 16.
  add300  one `add` of a new report into a store whose one story holds --story real reports (no event of the
          sample has that many: the reports are saved as one story directly, and the new report is a fresh-id copy of
          one of them, so it joins that story; the story first saved is not woven unless --woven, since the add
          weaves it again and replaces it whole), in a fresh process (as `storyweave add` runs) whose models are
          loaded first and timed apart. Counts the reports analysed (spaCy), the seconds spent embedding and the
          texts the model encoded. The store holds each report's analysis and sentence vectors, as adds leave a
          story (--no-vectors: without the vectors, as stores written before them).
  addone  a store of --base reports (one `add`), then --adds reports added one at a time, as `watch` does (one
          process, the grouping index kept warm by pipeline.IndexCache): seconds per add and reports analysed.
Wall seconds on a shared machine vary; CPU seconds (this process and its children) are steadier. Asserts nothing.
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "multinews-sample" / "clustering.jsonl"
KEEP = ("id", "text", "title", "published", "outlet")


def records(n: int, data: Path = DATA) -> tuple[list[dict], int]:
    """The first n records (fields in KEEP), repeating the sample with fresh ids beyond its size; and how many
    records are repeats."""
    rows = []
    with data.open(encoding="utf-8") as src:
        for line in src:
            rec = json.loads(line)
            rows.append({k: rec[k] for k in KEEP if rec.get(k)})
    out = []
    for i in range(n):
        rec = dict(rows[i % len(rows)])
        if i >= len(rows):
            rec["id"] = f"{rec['id']}~r{i // len(rows)}"
        out.append(rec)
    return out, max(0, n - len(rows))


def write_jsonl(recs: list[dict], dest: Path) -> Path:
    with dest.open("w", encoding="utf-8") as out:
        for rec in recs:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return dest


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


class Clock:
    """Wall and CPU seconds and the running peak RSS at the end of each named stage."""

    def __init__(self) -> None:
        self.stages: dict[str, dict] = {}
        self._t, self._c = time.perf_counter(), cpu_s()

    def lap(self, name: str, **extra: object) -> None:
        t, c = time.perf_counter(), cpu_s()
        self.stages[name] = {"wall_s": round(t - self._t, 2), "cpu_s": round(c - self._c, 2),
                             "peak_rss_mb": round(peak_mb()), **extra}
        print(f"LAP {name} {json.dumps(self.stages[name])}", flush=True)  # shown as it happens
        self._t, self._c = t, c


def count_analysed():
    """Patch storyweave.annotate.annotate to count the documents it analyses; returns the counter (a list)."""
    from storyweave import annotate

    seen = [0]
    real = annotate.annotate

    def counting(documents, *args, **kwargs):
        documents = list(documents)
        seen[0] += len(documents)
        return real(documents, *args, **kwargs)

    annotate.annotate = counting
    return seen


def time_embedding() -> dict:
    """Patch storyweave.resources.embed to add up its seconds and the texts it is given, and the texts the model
    itself encodes (`encoded`: those not found in the process cache or given by a store); returns the tally."""
    from storyweave import resources

    tally: dict = {"embed_s": 0.0, "embed_calls": 0, "texts": 0, "encoded": 0}
    real = resources.embed
    encode = getattr(resources, "_encode", None)
    if encode is not None:
        def counting(texts, *args, **kwargs):
            tally["encoded"] += len(texts)
            return encode(texts, *args, **kwargs)

        resources._encode = counting

    def timed(texts, *args, **kwargs):
        t = time.perf_counter()
        before = tally["encoded"]
        caller = sys._getframe(1).f_code
        where = f"{Path(caller.co_filename).parent.name}/{Path(caller.co_filename).stem}.{caller.co_name}"
        try:
            return real(texts, *args, **kwargs)
        finally:
            took = time.perf_counter() - t
            tally["embed_s"] += took
            tally["embed_calls"] += 1
            tally["texts"] += len(texts)
            mine = tally.setdefault(f"by {where}", [0, 0, 0.0])  # texts given, texts encoded, seconds
            mine[0] += len(texts)
            mine[1] += tally["encoded"] - before
            mine[2] = round(mine[2] + took, 2)

    resources.embed = timed
    return tally


def warm_models() -> None:
    from storyweave import resources

    resources.nlp()("Warm up the parser.")
    resources.embed(["Warm up the embedder."])


def options(args: argparse.Namespace, n_documents: int) -> dict:
    """--n-process as given; 0 leaves it to the pipeline (two processes from pipeline.PARALLEL_MIN documents), and
    the peer runs as many as the pipeline would."""
    from storyweave import pipeline

    return {"n_process": args.n_process or pipeline.analysis_processes(n_documents)}


# ---------------------------------------------------------------- parts (each runs in its own process)


def _read_and_analyse(args: argparse.Namespace, src: Path, clock: "Clock"):
    """Model load, read+clean and annotate, each timed on `clock`: the start of both e2e and analyse."""
    from storyweave import pipeline

    warm_models()
    clock.lap("model load")
    documents, rejected = pipeline.read_documents([str(src)])
    clock.lap("read+clean", documents=len(documents), rejected=len(rejected))
    documents, annotations, failed = pipeline.annotate_or_reject(documents, **options(args, len(documents)))
    clock.lap("annotate", rejected=len(failed))
    return documents, annotations


def part_e2e(args: argparse.Namespace, src: Path) -> dict:
    from storyweave import cluster, pipeline

    clock = Clock()
    documents, annotations = _read_and_analyse(args, src, clock)
    grouping = cluster.cluster(documents)
    clock.lap("group", stories=len(grouping.groups), largest=max(len(g.documents) for g in grouping.groups))
    embedding = time_embedding()
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    stories = pipeline.weave_groups(grouping, documents, annotations)
    if profiler is not None:
        profiler.disable()
    clock.lap("weave", stories=len(stories), **{k: round(v, 2) if isinstance(v, float) else v
                                                for k, v in embedding.items()})
    out = {"documents": len(documents), "stages": clock.stages}
    if profiler is not None:
        profiler.dump_stats(str(args.profile))
        out["profile"] = weave_profile(str(args.profile))
    return out


# where weave's time goes: (label, the function's file ends with, its name), cumulative seconds
WEAVE_CALLS = (("align (all)", "storyweave/align/__init__.py", "align"),
               ("synthesize (all)", "storyweave/synthesize/__init__.py", "synthesize"),
               ("  embed (resources.embed)", "storyweave/resources.py", "embed"),
               ("  MiniLM encode (model runs)", "storyweave/resources.py", "_encode"))
# and by the code that ran (own time of every function, by file)
WEAVE_AREAS = (("align/facts", "storyweave/align/facts.py"), ("align/conflicts", "storyweave/align/conflicts.py"),
               ("align/figures", "storyweave/align/figure"),
               ("align (other)", "storyweave/align/"), ("synthesize", "storyweave/synthesize/"),
               ("model construction", "storyweave/model.py"), ("render", "storyweave/render/"),
               ("pipeline glue", "storyweave/pipeline.py"), ("resources", "storyweave/resources.py"),
               ("storyweave (other)", "storyweave/"), ("torch + transformers", "/torch/"),
               ("torch + transformers", "/transformers/"), ("torch + transformers", "/sentence_transformers/"),
               ("numpy", "/numpy/"), ("python + other libraries", ""))


def weave_profile(path: str, top: int = 25) -> dict:
    """From cProfile stats of the weave stage: cumulative seconds of WEAVE_CALLS, own seconds by WEAVE_AREAS, and
    the `top` functions by own time (file:line name)."""
    import pstats

    stats = pstats.Stats(path).stats  # type: ignore[attr-defined]
    calls: dict[str, float] = {}
    areas: dict[str, float] = {}
    own = []
    for (file, line, name), (_, _, tt, ct, _) in stats.items():
        file = file.replace(os.sep, "/")
        for label, end, fn in WEAVE_CALLS:
            if file.endswith(end) and name == fn:
                calls[label] = calls.get(label, 0.0) + ct
        area = next(label for label, part in WEAVE_AREAS if part in file or not part)
        if name.startswith("<method") or name.startswith("<built-in"):
            area = "builtins (C calls)"
        areas[area] = areas.get(area, 0.0) + tt
        short = file.split("site-packages/")[-1].split("src/")[-1]
        own.append((tt, ct, f"{short}:{line} {name}"))
    own.sort(reverse=True)
    return {"calls": {k: round(v, 2) for k, v in calls.items()},
            "areas": {k: round(v, 2) for k, v in sorted(areas.items(), key=lambda kv: -kv[1])},
            "top": [[round(tt, 2), round(ct, 2), where] for tt, ct, where in own[:top]]}


def part_analyse(args: argparse.Namespace, src: Path) -> dict:
    """read+clean and annotate only: what n_process changes."""
    clock = Clock()
    documents, _ = _read_and_analyse(args, src, clock)
    return {"documents": len(documents), "stages": clock.stages}


def _html_page(rec: dict) -> str:
    from html import escape

    paras = "".join(f"<p>{escape(p.strip())}</p>" for p in rec.get("text", "").split("\n") if p.strip())
    return f"<html><head><title>{escape(rec.get('title') or '')}</title></head><body><article>{paras}" \
           f"</article></body></html>"


def part_peer(args: argparse.Namespace, src: Path) -> dict:
    import spacy
    import trafilatura

    from storyweave.resources import SPACY_MODEL

    processes = options(args, args.n)  # as many as the pipeline runs for these reports (imports it: not timed)
    clock = Clock()
    nlp = spacy.load(SPACY_MODEL)
    nlp("Warm up the parser.")
    clock.lap("model load")
    texts = []
    with src.open(encoding="utf-8") as f:
        for line in f:
            texts.append(trafilatura.extract(_html_page(json.loads(line)), include_tables=True) or "")
    clock.lap("read+trafilatura", documents=len(texts))
    n_tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=16, **processes))
    clock.lap("spacy", tokens=n_tokens)
    return {"documents": len(texts), "stages": clock.stages}


def part_build300(args: argparse.Namespace, src: Path, tmp: Path) -> dict:
    """The store add300 adds to: --story reports saved as one story, with their grouping features."""
    from storyweave import cluster, pipeline
    from storyweave.model import Grouping, Report, Story, StoryGroup
    from storyweave.store import open_store

    clock = Clock()
    warm_models()
    clock.lap("model load")
    documents, _ = pipeline.read_documents([str(src)])
    documents, annotations = pipeline.annotate_documents(documents[:args.story])
    feats = cluster.compute_features(documents)
    index = cluster.StoryIndex([], {}, {})
    index.assign(feats)
    ids = tuple(d.id for d in documents)
    if args.woven:
        group = StoryGroup(id=cluster.story_id(documents[0].id), documents=ids)
        stories = pipeline.weave_groups(Grouping(groups=(group,)), documents, annotations)
    else:  # the add weaves the story again and replaces it whole: what was stored does not change its cost
        stories = [Story(id=cluster.story_id(documents[0].id), title=documents[0].title, date=None, documents=ids)]
    save = {"features": {f.id: f.to_bytes() for f in feats}, "scales": {f.id: index.scale(f.id) for f in feats}}
    with open_store(args.store) as st:
        params = inspect.signature(st.save).parameters
        if "annotations" in params:  # stores that keep each report's analysis
            save["annotations"] = annotations
            save["annotations_version"] = pipeline.annotations_version()
        if "vectors" in params and not args.no_vectors:  # and its sentence vectors, as adds leave a story
            from storyweave import resources
            from storyweave.align.facts import embedding_texts

            texts = {d.id: embedding_texts(d, annotations[d.id]) for d in documents}
            save["vectors"] = {i: (t, resources.embed(t)) for i, t in texts.items()}
            save["vectors_version"] = resources.embedder_id()
        st.save(Report(documents=tuple(documents), stories=tuple(stories)), **save)
    clock.lap("build store", documents=len(documents))
    return {"story_reports": len(documents), "stages": clock.stages}


def part_add300(args: argparse.Namespace, src: Path, tmp: Path) -> dict:
    """One add into the store part_build300 wrote, in a fresh process (models loaded first, nothing cached)."""
    from storyweave import pipeline
    from storyweave.store import open_store

    recs = [json.loads(line) for line in src.open(encoding="utf-8")][:args.story]
    clock = Clock()
    warm_models()
    clock.lap("model load")
    copy = dict(recs[len(recs) // 2])
    copy["id"] = copy["id"] + "~new"
    one = write_jsonl([copy], tmp / "one.jsonl")
    analysed = count_analysed()
    embedding = time_embedding()
    t, c = time.perf_counter(), cpu_s()
    result = pipeline.add([str(one)], args.store)
    wall, cpu = time.perf_counter() - t, cpu_s() - c
    clock.lap("add", **{k: round(v, 2) if isinstance(v, float) else v for k, v in embedding.items()})
    with open_store(args.store) as st:
        sizes = sorted((len(s.documents) for s in map(st.story, result.changed) if s is not None), reverse=True)
        joined = st.story_of(copy["id"])
        story = st.story(joined) if joined else None
    return {"story_reports": len(recs), "add_wall_s": round(wall, 2), "add_cpu_s": round(cpu, 2),
            "reports_analysed": analysed[0], "changed": len(result.changed), "created": len(result.created),
            "story_after": len(story.documents) if story else 0, "changed_sizes": sizes[:10],
            "rewoven_reports": sum(sizes), "stages": clock.stages}


def part_addone(args: argparse.Namespace, src: Path, tmp: Path) -> dict:
    from storyweave import pipeline
    from storyweave.store import open_store

    recs = [json.loads(line) for line in src.open(encoding="utf-8")]
    base, extra = recs[:args.base], recs[args.base:args.base + args.adds]
    clock = Clock()
    warm_models()
    clock.lap("model load")
    st = open_store(tmp / "addone.sqlite")
    pipeline.add([str(write_jsonl(base, tmp / "base.jsonl"))], st)
    clock.lap("base add", documents=len(base))
    cache = pipeline.IndexCache()
    analysed = count_analysed()
    walls, counts = [], []
    c = cpu_s()
    for i, rec in enumerate(extra):
        one = write_jsonl([rec], tmp / f"one-{i}.jsonl")
        before = analysed[0]
        t = time.perf_counter()
        pipeline.add([str(one)], st, cache=cache)
        walls.append(time.perf_counter() - t)
        counts.append(analysed[0] - before)
    cpu = cpu_s() - c
    clock.lap("one at a time", adds=len(extra))
    size = st.count_documents()
    st.close()
    walls.sort()
    return {"base": len(base), "adds": len(extra), "store_after": size,
            "median_s": round(statistics.median(walls), 3), "p90_s": round(walls[int(0.9 * (len(walls) - 1))], 3),
            "max_s": round(walls[-1], 3), "cpu_s_per_add": round(cpu / max(1, len(extra)), 3),
            "reports_analysed_per_add": round(sum(counts) / max(1, len(counts)), 1),
            "max_analysed": max(counts, default=0), "stages": clock.stages}


PARTS = {"e2e": part_e2e, "analyse": part_analyse, "peer": part_peer, "build300": part_build300, "add300": part_add300,
         "addone": part_addone}


def child(args: argparse.Namespace) -> int:
    src = Path(args.src)
    with tempfile.TemporaryDirectory(prefix="storyweave-tp-") as tmp:
        fn = PARTS[args.child]
        res = fn(args, src) if args.child in ("e2e", "analyse", "peer") else fn(args, src, Path(tmp))
    res["peak_rss_mb"] = round(peak_mb())
    print("RESULT " + json.dumps(res))
    return 0


def run_part(part: str, src: Path, argv: list[str]) -> dict:
    t = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        proc = subprocess.Popen([sys.executable, __file__, "--child", part, "--src", str(src), *argv],
                                stdout=subprocess.PIPE, stderr=errors, text=True)
        lines = []
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if line.startswith("LAP "):
                print(f"  [{part}] {line[4:].rstrip()}", file=sys.stderr, flush=True)
        if proc.wait() != 0:
            errors.seek(0)
            raise SystemExit(f"bench/throughput.py: part {part} failed:\n{errors.read()[-3000:]}")
    line = [x for x in lines if x.startswith("RESULT ")][-1]
    res = json.loads(line[len("RESULT "):])
    res["process_wall_s"] = round(time.perf_counter() - t, 2)
    return res


def rate(n: int, s: float) -> str:
    return f"{n / s:6.2f}" if s > 0 else "   inf"


def show(part: str, res: dict) -> None:
    stages = res.get("stages", {})
    if part in ("e2e", "analyse", "peer"):
        n = res["documents"]
        work = {k: v for k, v in stages.items() if k != "model load"}
        wall, cpu = sum(v["wall_s"] for v in work.values()), sum(v["cpu_s"] for v in work.values())
        label = {"e2e": "storyweave", "analyse": "storyweave read+analyse", "peer": "peer (trafilatura + spaCy)"}[part]
        print(f"{label}: {n} reports, {rate(n, wall)} reports/s wall ({rate(n, cpu)} per CPU-s) without model load "
              f"({stages['model load']['wall_s']:.1f} s), cold {rate(n, res['process_wall_s'])} reports/s; "
              f"peak RSS {res['peak_rss_mb']} MB")
        for name, v in stages.items():
            extra = {k: x for k, x in v.items() if k not in ("wall_s", "cpu_s", "peak_rss_mb")}
            r = "" if name == "model load" else f"{rate(n, v['wall_s'])} reports/s"
            print(f"  {name:<17} {v['wall_s']:8.2f} s wall {v['cpu_s']:8.2f} s CPU  {r:<16} peak RSS so far "
                  f"{v['peak_rss_mb']:6d} MB  {json.dumps(extra) if extra else ''}")
        prof = res.get("profile")
        if prof:
            print("  weave profiled (cProfile; cumulative seconds): "
                  + ", ".join(f"{k.strip()} {v:.1f}" for k, v in prof["calls"].items()))
            print("  own seconds by area: " + ", ".join(f"{k} {v:.1f}" for k, v in prof["areas"].items()))
            for tt, ct, where in prof["top"]:
                print(f"    {tt:7.2f} own {ct:7.2f} cum  {where}")
    elif part == "add300":
        print(f"add of 1 report into a story of {res['story_reports']} reports: {res['add_wall_s']:.2f} s wall, "
              f"{res['add_cpu_s']:.2f} s CPU (of which embedding {stages['add'].get('embed_s', 0):.1f} s wall for "
              f"{stages['add'].get('texts', 0)} texts, {stages['add'].get('encoded', '?')} of them encoded by the "
              f"model); reports analysed (spaCy) {res['reports_analysed']}; "
              f"the new report's story now {res['story_after']} reports; {res['changed']} stories re-woven "
              f"({res.get('rewoven_reports', '?')} reports, largest {res.get('changed_sizes', ['?'])[:3]}); "
              f"peak RSS {res['peak_rss_mb']} MB "
              f"(a fresh process, models loaded first; the store was built in {res['build_s']:.0f} s)")
    else:
        print(f"add one at a time: store of {res['base']} -> {res['store_after']} reports, {res['adds']} adds: "
              f"median {res['median_s']:.2f} s, p90 {res['p90_s']:.2f} s, max {res['max_s']:.2f} s, "
              f"{res['cpu_s_per_add']:.2f} CPU-s per add; reports analysed per add {res['reports_analysed_per_add']}"
              f" (max {res['max_analysed']}); peak RSS {res['peak_rss_mb']} MB "
              f"(base add {stages['base add']['wall_s']:.0f} s)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="reports for e2e and peer (default 1000)")
    ap.add_argument("--parts", default="e2e,peer,add300,addone")
    ap.add_argument("--story", type=int, default=300, help="reports in the story add300 adds to")
    ap.add_argument("--base", type=int, default=300, help="reports in the store addone starts from")
    ap.add_argument("--adds", type=int, default=30, help="reports addone adds one at a time")
    ap.add_argument("--n-process", type=int, default=0, help="spaCy processes in the analysis (e2e, analyse, peer); "
                    "default 0: the pipeline's default (one), one for the peer")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--profile", type=Path, help="e2e: profile the weave stage with cProfile, write the stats here "
                    "(pstats format) and print where its time goes (slows weave by about a third)")
    ap.add_argument("--data", type=Path, default=DATA, help="the sample's clustering.jsonl")
    ap.add_argument("--child", choices=sorted(PARTS), help=argparse.SUPPRESS)
    ap.add_argument("--src", help=argparse.SUPPRESS)
    ap.add_argument("--store", help=argparse.SUPPRESS)
    ap.add_argument("--no-vectors", action="store_true", help="add300: build the store without the reports' "
                    "sentence vectors (as stores written before they were kept)")
    ap.add_argument("--woven", action="store_true", help="add300: weave the 300-report story when building the "
                    "store (slow; the add replaces it whole either way)")
    args = ap.parse_args(argv)
    if args.child:
        return child(args)
    if not args.data.exists():
        print(f"bench/throughput.py: {args.data} not found", file=sys.stderr)
        return 2
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    need = max([args.n if p in ("e2e", "analyse", "peer") else 0 for p in parts]
               + [args.story if "add300" in parts else 0, args.base + args.adds if "addone" in parts else 0])
    recs, repeats = records(need, args.data)
    print(f"{os.cpu_count()} cores; Multi-News sample, {need} records"
          + (f" ({repeats} repeats of the sample with fresh ids)" if repeats else "")
          + f"; spaCy n_process={args.n_process or 'auto'}")
    results = {}
    with tempfile.TemporaryDirectory(prefix="storyweave-tp-") as tmp:
        for part in parts:
            n = args.n if part in ("e2e", "analyse", "peer") else need
            src = write_jsonl(recs[:n], Path(tmp) / f"{part}.jsonl")
            passed = ["--story", str(args.story), "--base", str(args.base), "--adds", str(args.adds),
                      "--n-process", str(args.n_process), "--store", str(Path(tmp) / "story.sqlite"),
                      *(["--profile", str(args.profile.resolve())] if args.profile else []),
                      *(["--woven"] if args.woven else []), *(["--no-vectors"] if args.no_vectors else [])]
            if part == "add300":
                built = run_part("build300", src, passed)
                results[part] = {**run_part(part, src, passed), "build_s": built["stages"]["build store"]["wall_s"]}
            else:
                results[part] = run_part(part, src, passed)
            show(part, results[part])
            sys.stdout.flush()
    if "e2e" in results and "peer" in results:
        e, p = results["e2e"], results["peer"]
        ew = sum(v["wall_s"] for k, v in e["stages"].items() if k != "model load")
        pw = sum(v["wall_s"] for k, v in p["stages"].items() if k != "model load")
        ec = sum(v["cpu_s"] for k, v in e["stages"].items() if k != "model load")
        pc = sum(v["cpu_s"] for k, v in p["stages"].items() if k != "model load")
        print(f"storyweave / peer: {ew / pw:.2f}x the wall time, {ec / pc:.2f}x the CPU time of reading and parsing")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
