"""Timelines of real stories whose reports carry no publication date: how many get an event date and a timeline.

    .venv/bin/python bench/timeline.py [--limit N] [--split validation|test] [--show N]

Multi-News (../shared/data/multinews-sample/normalized.jsonl, read at run time, never copied) gives clusters of real
reports of one event with no publication dates. Each of the first N clusters of the split with 3 or more reports
(default 60, validation) goes through the code path of `storyweave weave` up to the timeline: pipeline.extract (the
reader and cleaner; the cleaner may find a date in the text), annotate, synthesize.timeline. Printed: stories with an
event date, with a timeline, the timeline entries and those placed by inference (`inferred_from`), stories whose
note says why they have no timeline; --show N prints N stories' notes and first entries.
There is no gold here: this counts what the reader is given, not whether each date is right (the tests check dates
on written examples and on ECB+ stories).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "multinews-sample" / "normalized.jsonl"


def clusters(path: Path, split: str, limit: int) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            if c["split"] == split and len(c["docs"]) >= 3:
                out.append(c)
            if len(out) >= limit:
                break
    return out


def run(path: Path = DATA, split: str = "validation", limit: int = 60, show: int = 0) -> dict[str, int]:
    from storyweave import pipeline
    from storyweave.annotate import annotate
    from storyweave.synthesize.timeline import build_timeline, explain_timeline

    cs = clusters(path, split, limit)
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in.jsonl"
        with inp.open("w", encoding="utf-8") as f:
            for c in cs:
                for d in c["docs"]:
                    f.write(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n")
        docs = {d.id: d for d in pipeline.extract([str(inp)]).documents}
    anns = {a.doc_id: a for a in annotate(list(docs.values()))}
    fig = {"stories": 0, "with event date": 0, "with timeline": 0, "entries": 0, "entries inferred": 0,
           "notes saying why none": 0, "reports with a date": sum(1 for d in docs.values() if d.published)}
    shown = 0
    for c in cs:
        ds = [docs[d["id"]] for d in c["docs"] if d["id"] in docs]
        an = [anns[d.id] for d in ds]
        event, entries = build_timeline(ds, an)
        note = explain_timeline(ds, an, event, entries)
        fig["stories"] += 1
        fig["with event date"] += event is not None
        fig["with timeline"] += bool(entries)
        fig["entries"] += len(entries)
        fig["entries inferred"] += sum(1 for e in entries if e.inferred_from)
        fig["notes saying why none"] += bool(not entries and note)
        if shown < show:
            shown += 1
            print(f"{c['cluster_id']}: event {event}; {note}")
            for e in entries[:3]:
                print(f"    {e.date} [{e.inferred_from or 'own date'}] {e.text[:100]}")
    return fig


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--split", default="validation", choices=("validation", "test"))
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--show", type=int, default=0)
    a = ap.parse_args()
    if not a.data.exists():
        sys.exit(f"needs {a.data}")
    fig = run(a.data, a.split, a.limit, a.show)
    print("summary  " + "  ".join(f"{k} {v}" for k, v in fig.items()))


if __name__ == "__main__":
    main()
