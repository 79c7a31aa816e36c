"""Batch throughput: reports/s for the local engine and for Ray on the same input, with the per-stage split.

    .venv/bin/python bench/batch.py [--n 200] [--engines local,ray] [--shard-rows 16] [--json PATH]

Input: the first N real articles of ../shared/data/multinews-sample/clustering.jsonl, read from there (its licence
allows research use only, so the texts are never copied into the repository; a temporary JSON Lines file holds the
selection for the run). Prints a table; never asserts a time. On a 2-core machine the Ray/local ratio measures
Ray's overhead (start-up, serialisation, a model load per worker), not a speed-up.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "multinews-sample" / "clustering.jsonl"


def select(n: int, dest: Path) -> int:
    """Copy the first n records (id, text, title, published, outlet) of the sample into `dest`; returns the count."""
    count = 0
    with DATA.open(encoding="utf-8") as src, dest.open("w", encoding="utf-8") as out:
        for line in src:
            if count >= n:
                break
            rec = json.loads(line)
            keep = {k: rec.get(k) for k in ("id", "text", "title", "published", "outlet") if rec.get(k)}
            out.write(json.dumps(keep, ensure_ascii=False) + "\n")
            count += 1
    return count


def run(engine: str, inputs: list[str], out_dir: Path, shard_rows: int) -> dict:
    from storyweave.batch import Stats, run_batch

    stats = Stats(engine=engine)
    t = time.perf_counter()
    report = run_batch(inputs, out_dir, engine=engine, shard_rows=shard_rows, stats=stats)
    wall = time.perf_counter() - t
    result = stats.as_dict()
    result["wall"] = round(wall, 2)
    result["reports_per_s"] = round(len(report.documents) / wall, 2) if wall else None
    result["groups"] = sorted(sorted(s.documents) for s in report.stories)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="number of articles (default 200)")
    ap.add_argument("--engines", default="local,ray", help="comma-separated, run in this order")
    ap.add_argument("--shard-rows", type=int, default=16)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"bench/batch.py: {DATA} not found", file=sys.stderr)
        return 2
    results = []
    with tempfile.TemporaryDirectory(prefix="storyweave-bench-") as tmp:
        src = Path(tmp) / "articles.jsonl"
        n = select(args.n, src)
        for engine in args.engines.split(","):
            results.append(run(engine.strip(), [str(src)], Path(tmp) / f"out-{engine}", args.shard_rows))
    print(f"{n} multinews articles, shards of {args.shard_rows}")
    print(f"{'engine':<7} {'docs':>5} {'stories':>7} {'wall s':>7} {'reports/s':>9}   per stage (task-seconds)"
          f"                      driver phases (wall s)")
    for r in results:
        st = " ".join(f"{k}={v:.1f}" for k, v in r["stage_seconds"].items())
        wl = " ".join(f"{k}={v:.1f}" for k, v in r["wall_seconds"].items() if k != "total")
        print(f"{r['engine']:<7} {r['documents']:>5} {r['stories']:>7} {r['wall']:>7.1f} {r['reports_per_s']:>9.2f}"
              f"   {st:<44} {wl}")
    if len(results) == 2:
        a, b = results
        print(f"{b['engine']}/{a['engine']} wall ratio: {b['wall'] / a['wall']:.2f}; "
              f"same grouping: {a['groups'] == b['groups']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
