"""Cross-document entity coreference on ECB+ (issue 16): align.merge_entities against an exact-string baseline.

usage: .venv/bin/python bench/entities_ecb.py [--split dev|train] [--topics 2,5] [--no-cache] [-v N]

What is scored. Each gold story (ECB+ `cluster`: the reports of one seminal event) is one storyweave story: its
documents go through annotate (spaCy NER + annotate's mention rules), then align.merge_entities over all their
mentions, as the pipeline does; every mention gets the entity `canonical(mention.text)` resolves it to, or stays an
entity of its own when it resolves to none. The baseline groups the same mentions by normalised text (case folded,
leading article, possessive and punctuation dropped): same text = same entity.

Gold: ECB+ entity mentions (HUMAN_PART_*, NON_HUMAN_PART*, LOC_*; TIME_* left out, annotate yields no time
entities) in validated sentences, whose `chain` is a cross-document entity id. Predicted mentions: annotate's
mentions in the same validated sentences. Matching: a predicted mention is matched to the gold mention of the same
document it overlaps most (characters), one to one, larger overlaps first.

B-cubed P/R/F1 (micro over mentions, per story) is computed over the matched mentions, so that it measures the
merging of the names both sides have. Unmatched mentions are not scored, and are counted and printed: a gold one
unmatched is mostly a common noun or pronoun ("the actress", "he"), which annotate does not yield; a predicted one
unmatched is mostly a name ECB+ did not annotate (it annotates the participants of the seminal events only), so it
is neither right nor wrong here. Both systems are scored on the very same matched mentions.

Type noise: over matched mentions whose gold tag is a person (HUMAN_PART_PER) or whose entity is typed PERSON, the
precision and recall of the PERSON type ("lava" as PERSON, "Kursk" as PRODUCT are the issue's examples).

Parsed mentions are cached under $TMPDIR/storyweave-ecb-entities, keyed by the model, the text and the source of
annotate's mention code; --no-cache parses afresh. The corpus is read from ../shared at run time, never copied.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import pickle
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable

os.environ.setdefault("OMP_NUM_THREADS", "2")
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ecbplus-dev" / "documents.jsonl"
CACHE = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "storyweave-ecb-entities"
sys.path.insert(0, str(ROOT / "src"))

from storyweave.align.entities import merge_entities  # noqa: E402
from storyweave.model import Document, Mention  # noqa: E402

ENTITY_TAG = re.compile(r"^(HUMAN_PART|NON_HUMAN_PART|LOC)")
_ARTICLE = re.compile(r"^(the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"['\u2019]s?$")


def load(split: str, topics: Iterable[str] | None = None) -> list[dict]:
    wanted = set(topics) if topics else None
    docs = [json.loads(line) for line in DATA.read_text().splitlines()]
    return [d for d in docs if d["split"] == split and (wanted is None or d["topic"] in wanted)]


def _code_key() -> str:
    """The source that decides what annotate's mentions are (a change to it invalidates the cache)."""
    from storyweave import resources

    src = ROOT / "src" / "storyweave" / "annotate"
    parts = [resources.SPACY_MODEL, (src / "__init__.py").read_text()]
    parts += [p.read_text() for p in sorted(src.glob("entit*.py"))]
    parts += [p.read_text() for p in sorted(src.glob("data/entit*"))]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def predicted_mentions(docs: list[dict], use_cache: bool = True) -> dict[str, tuple[Mention, ...]]:
    """annotate's mentions of each document (the whole annotate pass, as the pipeline runs it)."""
    from storyweave.annotate import annotate

    code = _code_key()
    out: dict[str, tuple[Mention, ...]] = {}
    todo = []
    for d in docs:
        key = hashlib.sha256((code + d["id"] + d["text"]).encode()).hexdigest()[:24]
        path = CACHE / f"{key}.pkl"
        if use_cache and path.exists():
            out[d["id"]] = pickle.loads(path.read_bytes())
        else:
            todo.append((d, path))
    if todo:
        anns = annotate([Document(id=d["id"], body=d["text"]) for d, _ in todo])
        CACHE.mkdir(parents=True, exist_ok=True)
        for (d, path), a in zip(todo, anns):
            out[d["id"]] = a.mentions
            path.write_bytes(pickle.dumps(a.mentions))
    return out


def _in_validated(doc: dict, start: int, end: int) -> bool:
    return any(s["validated"] and s["start"] <= start and end <= s["end"] for s in doc["sentences"])


def match(doc: dict, mentions: Iterable[Mention]) -> tuple[list[tuple[Mention, dict]], list[Mention], list[dict]]:
    """(matched (predicted, gold) pairs, unmatched predicted, unmatched gold) in one document's validated sentences."""
    gold = [m for m in doc["mentions"] if m["kind"] == "entity" and m["validated"] and ENTITY_TAG.match(m["tag"])
            and _in_validated(doc, m["start"], m["end"])]
    pred = [m for m in mentions if _in_validated(doc, m.start, m.end)]
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            overlap = min(p.end, g["end"]) - max(p.start, g["start"])
            if overlap > 0:
                pairs.append((overlap, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matched.append((pred[i], gold[j]))
    return (matched, [p for i, p in enumerate(pred) if i not in used_p],
            [g for j, g in enumerate(gold) if j not in used_g])


def exact_key(text: str) -> str:
    t = " ".join(text.split()).strip(" \t.,;:!?\"'()[]`\u201c\u201d\u2018\u2019").casefold()
    t = _POSSESSIVE.sub("", _ARTICLE.sub("", t))
    return t.strip()


def bcubed(pred: list[str], gold: list[str]) -> tuple[float, float, int]:
    """Sums of per-mention B-cubed precision and recall (and the count) for cluster ids pred[i], gold[i]."""
    pred_size = collections.Counter(pred)
    gold_size = collections.Counter(gold)
    both = collections.Counter(zip(pred, gold))
    p = sum(both[(a, b)] / pred_size[a] for a, b in zip(pred, gold))
    r = sum(both[(a, b)] / gold_size[b] for a, b in zip(pred, gold))
    return p, r, len(pred)


def prf(p_sum: float, r_sum: float, n: int) -> tuple[float, float, float]:
    p, r = (p_sum / n, r_sum / n) if n else (0.0, 0.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(docs: list[dict], mentions: dict[str, tuple[Mention, ...]], verbose: int = 0) -> dict:
    """Both systems' B-cubed over the matched mentions of each story, the counts, and PERSON type precision/recall."""
    stories: dict[str, list[dict]] = collections.defaultdict(list)
    for d in docs:
        stories[d["cluster"]].append(d)
    sums = {"storyweave": [0.0, 0.0, 0], "exact": [0.0, 0.0, 0]}
    counts = collections.Counter()
    person = collections.Counter()
    shown = 0
    for sid, story in sorted(stories.items()):
        all_mentions = [m for d in story for m in mentions[d["id"]]]
        entities, canonical = merge_entities(all_mentions)
        etype = {e.name: e.type for e in entities}
        matched: list[tuple[Mention, dict]] = []
        for d in story:
            m, up, ug = match(d, mentions[d["id"]])
            matched += m
            counts["predicted"] += sum(1 for p in mentions[d["id"]] if _in_validated(d, p.start, p.end))
            counts["unmatched predicted"] += len(up)
            counts["unmatched gold"] += len(ug)
            counts["gold"] += len(m) + len(ug)
        counts["matched"] += len(matched)
        gold_ids = [g["chain"] for _, g in matched]
        ours = []
        for k, (p, _) in enumerate(matched):
            name = canonical(p.text)
            ours.append(f"e:{name}" if name is not None else f"s:{k}")
            is_person = name is not None and etype.get(name) == "PERSON"
            gold_person = matched[k][1]["tag"] == "HUMAN_PART_PER"
            person["tp" if is_person and gold_person else "fp" if is_person else "fn" if gold_person else "tn"] += 1
        base = [f"x:{exact_key(p.text)}" for p, _ in matched]
        for system, ids in (("storyweave", ours), ("exact", base)):
            p_sum, r_sum, n = bcubed(ids, gold_ids)
            sums[system][0] += p_sum
            sums[system][1] += r_sum
            sums[system][2] += n
        if verbose and shown < verbose:
            shown += _show_errors(sid, matched, ours, gold_ids, verbose - shown)
    out = {system: dict(zip(("p", "r", "f1"), prf(*v))) for system, v in sums.items()}
    tp, fp, fn = person["tp"], person["fp"], person["fn"]
    out["person_type"] = {"p": tp / (tp + fp) if tp + fp else 0.0, "r": tp / (tp + fn) if tp + fn else 0.0}
    out["counts"] = dict(counts)
    out["stories"] = len(stories)
    out["documents"] = len(docs)
    return out


def _show_errors(sid: str, matched: list[tuple[Mention, dict]], ours: list[str], gold: list[str], limit: int) -> int:
    """Print wrongly joined and wrongly split names of one story (each pair of surfaces once)."""
    seen: set[tuple[str, str, str]] = set()
    shown = 0
    for a in range(len(matched)):
        for b in range(a + 1, len(matched)):
            same_ours, same_gold = ours[a] == ours[b], gold[a] == gold[b]
            if same_ours == same_gold:
                continue
            kind = "joined" if same_ours else "split"
            (pa, ga), (pb, gb) = sorted((matched[a], matched[b]), key=lambda t: t[0].text)
            if pa.text == pb.text or (kind, pa.text, pb.text) in seen:
                continue
            seen.add((kind, pa.text, pb.text))
            print(f"  {sid}: wrongly {kind}: {pa.text!r} [{pa.label}] / {pb.text!r} [{pb.label}]"
                  f"  gold {ga['chain_descriptor']} / {gb['chain_descriptor']}")
            shown += 1
            if shown >= limit:
                return shown
    return shown


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "train"), default="dev")
    ap.add_argument("--topics", help="comma-separated topic numbers (default: all of the split)")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("-v", type=int, default=0, help="print up to N wrongly joined or split name pairs")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    docs = load(args.split, args.topics.split(",") if args.topics else None)
    t0 = time.perf_counter()
    mentions = predicted_mentions(docs, use_cache=not args.no_cache)
    t1 = time.perf_counter()
    result = score(docs, mentions, verbose=args.v)
    t2 = time.perf_counter()
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    c = result["counts"]
    print(f"ECB+ {args.split}: {result['documents']} documents, {result['stories']} stories; gold entity mentions "
          f"{c['gold']}, predicted {c['predicted']}, matched {c['matched']} (unmatched: gold {c['unmatched gold']}, "
          f"predicted {c['unmatched predicted']}, not scored)")
    for system in ("storyweave", "exact"):
        r = result[system]
        print(f"  B-cubed over matched mentions  {system:<11} P {r['p']:.3f}  R {r['r']:.3f}  F1 {r['f1']:.3f}")
    print(f"  margin over the baseline: F1 {result['storyweave']['f1'] - result['exact']['f1']:+.3f}")
    pt = result["person_type"]
    print(f"  PERSON type vs gold HUMAN_PART_PER: P {pt['p']:.3f}  R {pt['r']:.3f}")
    print(f"  time: annotate {t1 - t0:.1f} s, merge and score {t2 - t1:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
