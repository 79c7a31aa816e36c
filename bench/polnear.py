"""PolNeAR quote benchmark: the shared scorer's figures for annotate.quotes on the train and dev splits.

usage: .venv/bin/python bench/polnear.py [--split dev|train|all ...] [--short-optional] [--no-cache] [-v N]

It does what the documented commands do (../shared/data/polnear-dev/README.md: `--write-input`, `storyweave quotes`,
then the scorer), in one process: each article goes through the same reader and cleaner as `storyweave quotes`
(pipeline.read_documents), its body through the spaCy pipeline, then find_quotes; the scorer
(../shared/tools/score_quotes.py) is imported and given the predictions as `storyweave quotes --format json` writes
them. Parsed bodies are cached under $TMPDIR/storyweave-polnear (keyed by the model and the body), so a rerun after a
change to annotate/quotes.py takes seconds; --no-cache parses afresh.

-v N prints up to N misses, false positives and wrong speakers, a wrong speaker with the words it was resolved from
("got 'Hillary Clinton' (as 'she')"), so that errors can be grouped by cause (look at train, not dev: dev is the check).
The corpus is research-use only and is read from ../shared at run time, never copied into the repository.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "polnear-dev" / "articles.jsonl"
SCORER = ROOT.parent / "shared" / "tools" / "score_quotes.py"
CACHE = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "storyweave-polnear"


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_quotes", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def gold_docs(split: str, path: Path = DATA) -> list[dict]:
    docs = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            d.setdefault("doc_id", d.get("id"))
            if split == "all" or d.get("split") == split:
                docs.append(d)
    return docs


def documents(docs: list[dict]):
    """The cleaned Documents, as `storyweave quotes` reads the scorer's --write-input file."""
    from storyweave import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "in.jsonl"
        with inp.open("w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps({"id": d["doc_id"], "text": d["text"]}, ensure_ascii=False) + "\n")
        out, _ = pipeline.read_documents([str(inp)])
    return out


def parsed(bodies: list[str], use_cache: bool = True):
    """spaCy Docs of `bodies`, from the cache where it has them."""
    from spacy.tokens import DocBin

    from storyweave import resources

    nlp = resources.nlp()
    key = f"{resources.SPACY_MODEL}:{nlp.meta.get('version')}:{','.join(nlp.pipe_names)}"
    names = [hashlib.sha1((key + "\0" + b).encode("utf-8")).hexdigest() for b in bodies]
    out: list = [None] * len(bodies)
    if use_cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        for i, n in enumerate(names):
            p = CACHE / f"{n}.spacy"
            if p.exists():
                try:
                    out[i] = next(iter(DocBin().from_disk(p).get_docs(nlp.vocab)))
                except (OSError, ValueError, StopIteration):
                    out[i] = None
    todo = [i for i, d in enumerate(out) if d is None]
    from storyweave.textutil import replace_surrogates

    for i, sdoc in zip(todo, nlp.pipe((replace_surrogates(bodies[i]) for i in todo), batch_size=16)):
        out[i] = sdoc
        if use_cache:
            db = DocBin(store_user_data=False)
            db.add(sdoc)
            db.to_disk(CACHE / f"{names[i]}.spacy")
    return out


def predict(docs: list[dict], use_cache: bool = True) -> dict[str, list[dict]]:
    """{doc_id: [{"text", "speaker", "start", "end"}]}, as `storyweave quotes --format json` writes them."""
    from storyweave.annotate.quotes import find_quotes

    cleaned = documents(docs)
    sdocs = parsed([d.body for d in cleaned], use_cache)
    pred = {}
    for d, sdoc in zip(cleaned, sdocs):
        pred[d.id] = [{"text": q.text, "speaker": q.speaker, "start": q.start, "end": q.end,
                       "written": d.body[q.speaker_start:q.speaker_end] if q.speaker_start is not None else None}
                      for q in find_quotes(d.body, d.id, sdoc)]
    return pred


def run(split: str, short_optional: bool = False, use_cache: bool = True, scorer=None) -> dict:
    scorer = scorer or load_scorer()
    docs = gold_docs(split)
    pred = predict(docs, use_cache)
    return scorer.score(docs, pred, "segment", short_optional, "marks")


def errors(split: str, limit: int, use_cache: bool = True) -> None:
    """Print misses (gold segments no prediction matched), extras and wrong named speakers."""
    sc = load_scorer()
    docs = gold_docs(split)
    pred = predict(docs, use_cache)
    shown = {"MISS": 0, "EXTRA": 0, "SPEAKER": 0}
    for d in docs:
        text = d["text"]
        squeezed = sc._squeeze(text)
        gold = sc.gold_units(text, d["quotes"])
        preds = [(sp, q) for q in pred.get(d["doc_id"], []) if (sp := sc.locate(text, q, squeezed))]
        psets = [set().union(*(sc.tokens(text, a, b) for a, b in frags)) for frags, _ in preds]
        pairs = sorted(((len(gt & pt) / len(gt | pt), gi, pi) for gi, (gt, _, _) in enumerate(gold)
                        for pi, pt in enumerate(psets) if gt | pt and len(gt & pt) / len(gt | pt) >= 0.5),
                       reverse=True)
        used_g, used_p = {}, set()
        for _, gi, pi in pairs:
            if gi not in used_g and pi not in used_p:
                used_g[gi] = pi
                used_p.add(pi)

        def show(kind, msg, doc_id=d["doc_id"]):  # bound now: this document's id, not the loop's last
            if shown[kind] < limit:
                shown[kind] += 1
                print(f"{kind} {doc_id[:40]}: {msg}")

        for gi, (gt, spk, _) in enumerate(gold):
            a, b = min(gt), max(gt) + 20
            snippet = text[max(0, a - 80):min(len(text), b + 80)].replace("\n", " | ")
            if gi not in used_g:
                show("MISS", f"{len(gt)}w [{spk}] ...{snippet}...")
            else:
                want = sc.named(spk)
                got = preds[used_g[gi]][1].get("speaker")
                written = preds[used_g[gi]][1].get("written")
                if want and not want & sc.named(got):
                    how = f" (as {written!r})" if written and written != got else ""
                    show("SPEAKER", f"want {spk!r} got {got!r}{how}: ...{snippet}...")
        for pi, (frags, q) in enumerate(preds):
            if pi not in used_p:
                a, b = frags[0][0], frags[-1][1]
                show("EXTRA", f"({q.get('speaker')}) ...{text[max(0, a - 60):b + 60]}...".replace("\n", " | "))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", action="append", choices=("dev", "train", "all"))
    ap.add_argument("--short-optional", action="store_true")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("-v", type=int, default=0, metavar="N", help="print N examples of each kind of error")
    a = ap.parse_args()
    if not DATA.exists() or not SCORER.exists():
        print(f"{DATA} or {SCORER} is not present", file=sys.stderr)
        return 2
    sc = load_scorer()
    for split in a.split or ["dev", "train"]:
        if a.v:
            errors(split, a.v, not a.no_cache)
        t = time.perf_counter()
        s = run(split, a.short_optional, not a.no_cache, sc)
        print(f"split {split}  " + "  ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                            for k, v in s.items()) + f"  ({time.perf_counter() - t:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
