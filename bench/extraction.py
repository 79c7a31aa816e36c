#!/usr/bin/env python3
"""Article extraction quality on trafilatura's own evaluation set (issue 12): F1 / P / R of three extractors in one run.

usage: python bench/extraction.py [SET] [--every N] [--only PATH,...] [--misses N]

SET (default ../shared/data/trafilatura-eval) holds pages/NNNN.html and gold.jsonl (see its README.md; the pages are
their sites' copyright: read them from there, never copy them into the repository). Rows:

  trafilatura        trafilatura.extract alone on the page bytes, as the shared scorer's --trafilatura does
                     (tables on, comments off): the published anchor, 2.2.0 = 0.924 on all 990 pages
  storyweave html    clean(RawDocument(html=page)): trafilatura's main text, then storyweave's cleaning
  storyweave text    clean(RawDocument(text=page_text(page))): the whole page rendered as text (menus, footers and
                     all; clean.html.page_text, block layout like html-text), plain-text cleaner only
  text / html        the text path's F1 as a share of the HTML path's

Metric (trafilatura's tests/eval_common.py, as ../shared/tools/score_extraction.py): whitespace normalised, a "with"
snippet found as a substring of the body is a true positive, a "without" snippet found a false positive; summed over
pages: P = tp/(tp+fp), R = tp/(tp+fn), F1 = 2tp/(2tp+fp+fn). A page storyweave rejects counts as empty output.
--every N scores every Nth page only (the quality gate in tests/clean/test_extraction_quality.py uses a fixed one).
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
import warnings
from pathlib import Path

DEFAULT_SET = Path(__file__).resolve().parents[2] / "shared" / "data" / "trafilatura-eval"


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def score(gold: list[dict], pred: dict[str, str]) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for r in gold:
        text = _norm(pred.get(r["id"]) or "")
        hit_with = sum(bool(text) and _norm(w) in text for w in r["with"])
        hit_without = sum(bool(text) and _norm(w) in text for w in r["without"])
        tp, fn = tp + hit_with, fn + len(r["with"]) - hit_with
        fp, tn = fp + hit_without, tn + len(r["without"]) - hit_without
    return {"f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
            "p": tp / (tp + fp) if tp + fp else 0.0,
            "r": tp / (tp + fn) if tp + fn else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def load_gold(base: Path, every: int = 1, only: list[str] | None = None) -> list[dict]:
    with open(base / "gold.jsonl", encoding="utf-8") as f:
        gold = [json.loads(line) for line in f if line.strip()]
    if only:
        gold = [r for r in gold if r["id"] in only]
    return gold[::every]


def run_trafilatura(base: Path, gold: list[dict]) -> dict[str, str]:
    import trafilatura

    out = {}
    for r in gold:
        try:
            out[r["id"]] = trafilatura.extract((base / r["page"]).read_bytes(), include_comments=False,
                                               include_tables=True, include_formatting=False) or ""
        except Exception:  # a crash is empty output, as the benchmark counts it
            out[r["id"]] = ""
    return out


def _page(base: Path, r: dict) -> str | None:
    from storyweave.ingest.html import decode_html

    try:
        return decode_html((base / r["page"]).read_bytes())
    except ValueError:  # binary (NUL bytes): storyweave's ingest rejects the file
        return None


def run_storyweave(base: Path, gold: list[dict], *, as_text: bool) -> dict[str, str]:
    from storyweave.clean import clean
    from storyweave.clean.html import page_text
    from storyweave.model import RawDocument, Rejected

    out = {}
    for r in gold:
        html = _page(base, r)
        if html is None:
            out[r["id"]] = ""
            continue
        if as_text:
            text = page_text(html)
            doc = clean(RawDocument(id=r["id"], source=r["page"], text=text)) if text else None
        else:
            doc = clean(RawDocument(id=r["id"], source=r["page"], html=html))
        out[r["id"]] = "" if doc is None or isinstance(doc, Rejected) else doc.body
    return out


def run_all(base: Path, gold: list[dict]) -> dict[str, tuple[dict[str, float], float, dict[str, str]]]:
    logging.disable(logging.CRITICAL)  # trafilatura and htmldate log every odd page
    warnings.filterwarnings("ignore")
    rows = {}
    for name, fn in (("trafilatura", lambda: run_trafilatura(base, gold)),
                     ("storyweave html", lambda: run_storyweave(base, gold, as_text=False)),
                     ("storyweave text", lambda: run_storyweave(base, gold, as_text=True))):
        t0 = time.perf_counter()
        pred = fn()
        rows[name] = (score(gold, pred), time.perf_counter() - t0, pred)
    return rows


def _misses(gold: list[dict], pred: dict[str, str], n: int) -> None:
    shown = 0
    for r in gold:
        t = _norm(pred.get(r["id"]) or "")
        miss = [w for w in r["with"] if not (t and _norm(w) in t)]
        extra = [w for w in r["without"] if t and _norm(w) in t]
        if miss or extra:
            print(f"  {r['id']}  missed {len(miss)}/{len(r['with'])}  kept {len(extra)}/{len(r['without'])}")
            for w in miss[:2]:
                print(f"      missed: {_norm(w)[:100]}")
            for w in extra[:2]:
                print(f"      kept:   {_norm(w)[:100]}")
            shown += 1
            if shown >= n:
                return


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("set", nargs="?", default=str(DEFAULT_SET))
    ap.add_argument("--every", type=int, default=1, help="score every Nth page only")
    ap.add_argument("--only", default="", help="comma-separated page ids")
    ap.add_argument("--misses", type=int, default=0, metavar="N", help="list N pages with misses per storyweave row")
    args = ap.parse_args(argv)
    base = Path(args.set)
    if not (base / "gold.jsonl").is_file():
        print(f"no evaluation set at {base} (expected gold.jsonl and pages/)", file=sys.stderr)
        return 2
    gold = load_gold(base, args.every, [x for x in args.only.split(",") if x] or None)
    import trafilatura

    print(f"trafilatura-eval: {len(gold)} pages, trafilatura {trafilatura.__version__}")
    rows = run_all(base, gold)
    for name, (s, secs, pred) in rows.items():
        print(f"{name:17s} F1 {s['f1']:.4f}  P {s['p']:.4f}  R {s['r']:.4f}  (tp {s['tp']} fp {s['fp']} fn {s['fn']})"
              f"  {1000 * secs / max(1, len(gold)):.0f} ms/page")
        if args.misses and name.startswith("storyweave"):
            _misses(gold, pred, args.misses)
    html_f1 = rows["storyweave html"][0]["f1"]
    print(f"text / html       {rows['storyweave text'][0]['f1'] / html_f1 if html_f1 else 0.0:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
