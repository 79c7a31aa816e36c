#!/usr/bin/env python3
"""Who wrote each report: origin precision and recall of clean() on hand-labelled Multi-News reports.

usage: python bench/origins.py [--data PATH.jsonl] [--labels PATH.jsonl] [--show]

tests/fixtures/origin_labels.jsonl holds, for reports of the Multi-News sample (read from ../shared, never copied),
the id, the expected origin (None where no origin marker is visible) and the kind of marker the labeller read
(dateline, contributor, house-credit, copyright, byline, first-appeared, photo-credit, site-line, none). Labels were
set by reading the texts; reports were chosen by searching for marker shapes, plus reports without any marker (and
ones with near-miss shapes: "Staff writer X contributed", wire photo credits, "not originally published on") so that
precision is measured too.

Origins are compared by outlet key (storyweave.outlets.key: "AP" and "The Associated Press" are one outlet).
  precision  correct origins / origins given      (an origin given where none is labelled counts as wrong)
  recall     correct origins / origins labelled
Prints both, overall and per marker kind; --show lists every miss.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from storyweave import outlets
from storyweave.clean import clean
from storyweave.model import RawDocument

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "multinews-sample" / "clustering.jsonl"
DEFAULT_LABELS = ROOT / "tests" / "fixtures" / "origin_labels.jsonl"


def evaluate(data: Path = DEFAULT_DATA, labels: Path = DEFAULT_LABELS) -> dict:
    """{"precision", "recall", "given", "labelled", "correct", "by_marker", "misses"} over the labelled reports."""
    wanted = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = {w["id"] for w in wanted}
    texts = {}
    with data.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["id"] in ids:
                texts[row["id"]] = row["text"]
    missing = ids - set(texts)
    if missing:
        raise SystemExit(f"{len(missing)} labelled ids are not in {data}: {sorted(missing)[:5]}")
    given = labelled = correct = 0
    by_marker: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # given, labelled, correct
    misses = []
    for w in wanted:
        doc = clean(RawDocument(id=w["id"], source=f"clustering.jsonl:{w['id']}", text=texts[w["id"]]))
        got, expected = doc.origin_outlet, w["origin"]
        ok = bool(got and expected and outlets.key(got) == outlets.key(expected))
        stats = by_marker[w["marker"]]
        given += bool(got)
        labelled += bool(expected)
        correct += ok
        stats[0] += bool(got)
        stats[1] += bool(expected)
        stats[2] += ok
        if not ok and (got or expected):
            misses.append((w["id"], w["marker"], expected, got))
    return {"precision": correct / given if given else 1.0, "recall": correct / labelled if labelled else 1.0,
            "given": given, "labelled": labelled, "correct": correct, "reports": len(wanted),
            "by_marker": dict(by_marker), "misses": misses}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    ap.add_argument("--show", action="store_true", help="list every miss")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    r = evaluate(args.data, args.labels)
    print(f"{r['reports']} labelled reports, {r['labelled']} with an origin marker, "
          f"{r['reports'] - r['labelled']} without")
    print(f"origin precision {r['precision']:.3f} ({r['correct']}/{r['given']})   "
          f"recall {r['recall']:.3f} ({r['correct']}/{r['labelled']})")
    for marker, (g, lab, c) in sorted(r["by_marker"].items()):
        print(f"  {marker:<15} labelled {lab:>4}  given {g:>4}  correct {c:>4}")
    if args.show:
        for doc_id, marker, expected, got in r["misses"]:
            print(f"  miss {doc_id:<24} {marker:<14} expected {expected!r:<28} got {got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
