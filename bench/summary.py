"""Summary benchmark (issue 11): ROUGE-1/2 of storyweave's cited summary on real Multi-News stories, beside LexRank.

usage: .venv/bin/python bench/summary.py [--split validation] [--limit 60] [--show out/summary.md]
                                         [--set NAME=VALUE ...]

The clusters are those of bench/crosscheck.py (its loader, its cluster selection, its read-and-annotate step and its
LexRank peer are imported, so both benchmarks score the same stories the same way): each Multi-News cluster of 3+
reports, woven as one story (the gold grouping, wire copies found as in `weave`). The woven inputs of synthesize
(group, documents, annotations and align's CrossCheck) are cached under out/cache/, keyed by the code that makes
them, so a change to the summary code alone re-runs in seconds.

Printed, averaged over the stories:
- ROUGE-1/2 (rouge-score, stemmed F1) of the summary against the human-written Multi-News summary, and of LexRank
  (bench/crosscheck.lexrank) cut to the same number of words from the same reports' sentences;
- the lead: ROUGE-1 recall of the summary's first sentence against the reference's first sentence, beside
  LexRank's top sentence (does the summary open on the main development?);
- words per summary against the reference's;
- citation support by crosscheck's lexical scorer (full / partial / none);
- rule checks on the summary text: sentences opening on a pronoun or conjunction or leaning on an earlier one
  ("also"), pairs of summary sentences repeating each other (content-word overlap >= 0.5), person names first
  given in short form although the story knows the full name.

--set NAME=VALUE overrides a constant of storyweave.synthesize (or storyweave.synthesize.summary) for the run, to
try a setting without editing the code. Tune on validation; the test split is held out.
Articles are read from ../shared/data/multinews-sample/ and never copied into the repository.
"""
from __future__ import annotations

import argparse
import hashlib
import pickle
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import crosscheck as cc  # noqa: E402  (the same clusters, reader and LexRank as the cross-checking benchmark)

CACHE = ROOT / "out" / "cache"
_WEAK = frozenset("but and so or yet he she they it this that those these his her their its him them also "
                  "however meanwhile".split())


def _digest() -> str:
    """The code that makes synthesize's inputs: reading, cleaning, analysis, grouping (copies) and alignment."""
    src = ROOT / "src" / "storyweave"
    h = hashlib.sha1()
    for part in ("clean", "annotate", "ingest", "cluster", "align"):
        for p in sorted((src / part).rglob("*")):
            if p.is_file() and p.suffix in (".py", ".txt", ".tsv", ".json"):
                h.update(p.read_bytes())
    for name in ("textutil.py", "model.py", "outlets.py", "resources.py"):
        if (src / name).exists():
            h.update((src / name).read_bytes())
    return h.hexdigest()[:12]


def woven_inputs(clusters: list[dict], stale_ok: bool = False) -> list[tuple[dict, object, dict, dict, object]]:
    """(cluster, group, documents, annotations, crosscheck) per cluster with 2+ usable reports, cached; with
    `stale_ok` the newest cache of these clusters is taken even when the code that made it has changed since."""
    from storyweave import align, cluster
    from storyweave.model import StoryGroup

    key = hashlib.sha1(repr([c["cluster_id"] for c in clusters]).encode()).hexdigest()[:10]
    path = CACHE / f"summary-{key}-{_digest()}.pkl"
    older = sorted(CACHE.glob(f"summary-{key}-*.pkl"), key=lambda p: p.stat().st_mtime)
    if not path.exists() and stale_ok and older:
        print(f"(stale inputs: {older[-1].name})")
        path = older[-1]
    if path.exists():
        return pickle.loads(path.read_bytes())
    # crosscheck's cache of cleaned and analysed reports, keyed here by the data model too (a field added to
    # Document since that cache was written would be missing from its unpickled objects)
    digest = cc._code_digest
    model = hashlib.sha1((ROOT / "src" / "storyweave" / "model.py").read_bytes()).hexdigest()[:6]
    cc._code_digest = lambda: digest() + model  # type: ignore[assignment]
    try:
        docs_all, anns_all = cc.read_and_annotate(clusters)
    finally:
        cc._code_digest = digest  # type: ignore[assignment]
    by_id = {d.id: d for d in docs_all}
    out = []
    for c in clusters:
        docs = [by_id[d["id"]] for d in c["docs"] if d["id"] in by_id]
        if len(docs) < 2:
            continue
        anns = {d.id: anns_all[d.id] for d in docs}
        grouping = cluster.cluster(docs)
        copies = tuple(x for g in grouping.groups for x in g.copies)
        group = StoryGroup(id="s", documents=tuple(d.id for d in docs), copies=copies)  # as crosscheck.weave_story
        docmap = {d.id: d for d in docs}
        out.append((c, group, docmap, anns, align.align(group, docmap, anns)))
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def _apply(settings: list[str]) -> None:
    import importlib

    mods = [importlib.import_module("storyweave.synthesize")]
    try:
        mods.append(importlib.import_module("storyweave.synthesize.summary"))
    except ImportError:
        pass
    for item in settings:
        name, value = item.split("=", 1)
        hit = [m for m in mods if hasattr(m, name)]
        if not hit:
            raise SystemExit(f"--set: no constant {name} in storyweave.synthesize")
        old = getattr(hit[0], name)
        for m in hit:
            setattr(m, name, type(old)(value))


def _first_sentence(text: str) -> str:
    m = re.search(r"[.!?][\"”']?\s+(?=[A-Z\"“])", text)
    return text[:m.end()].strip() if m else text


def _short_names(summary, entities) -> int:
    """Person names whose first mention in the summary is a short form of a full name the story knows."""
    text = " ".join(s.text for s in summary)
    bad = 0
    for e in entities:
        if e.type != "PERSON" or len(e.name.split()) < 2:
            continue
        first_full = min((m.start() for a in (e.name, *e.aliases) if len(a.split()) >= 2
                          for m in [re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", text)] if m), default=None)
        shorts = [m.start() for a in e.aliases if len(a.split()) == 1 and set(a.split()) < set(e.name.split())
                  for m in [re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])(?!\s+[A-Z])", text)] if m]
        if shorts and (first_full is None or min(shorts) < first_full):
            bad += 1
    return bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="validation")
    ap.add_argument("--limit", type=int, default=60, help="first N clusters of 3+ reports (0: all)")
    ap.add_argument("--offset", type=int, default=0, help="skip the first N clusters (a second validation part)")
    ap.add_argument("--show", help="write each summary beside its reference and LexRank here (Markdown)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--stale-ok", action="store_true",
                    help="reuse the newest cached inputs even if align or the reader changed since (tuning only)")
    ap.add_argument("--no-peer", action="store_true", help="skip LexRank (faster tuning)")
    args = ap.parse_args()
    from rouge_score import rouge_scorer

    from storyweave import synthesize
    from storyweave.textutil import content_words

    _apply(args.set)
    clusters = cc.load_clusters(args.split)
    clusters = clusters[args.offset:]
    if args.limit:
        clusters = clusters[:args.limit]
    t0 = time.time()
    stories = woven_inputs(clusters, args.stale_ok)
    print(f"{len(stories)} {args.split} clusters of 3+ reports woven (inputs ready in {time.time() - t0:.0f} s)")
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    lead_scorer = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)
    tot = {k: 0.0 for k in ("r1", "r2", "p1", "p2", "lead", "plead", "words", "refwords", "cites", "full", "partial",
                            "none", "sents", "weak", "repeat", "short_names")}
    show: list[str] = []
    t1 = time.time()
    for c, group, docmap, anns, cross in stories:
        story = synthesize.synthesize(group, cross, docmap, anns)
        summary = " ".join(s.text for s in story.summary)
        n_words = len(summary.split())
        ref = c["summary"]
        sc = scorer.score(ref, summary)
        tot["r1"] += sc["rouge1"].fmeasure
        tot["r2"] += sc["rouge2"].fmeasure
        ref_lead = _first_sentence(ref)
        lead = story.summary[0].text if story.summary else ""
        tot["lead"] += lead_scorer.score(ref_lead, lead)["rouge1"].recall
        tot["words"] += n_words
        tot["refwords"] += len(ref.split())
        sents = {d: [s.text for s in anns[d].sentences] for d in group.documents}
        for s in story.summary:
            for src in s.sources:
                tot["cites"] += 1
                tot[cc.support(s.text, sents[src], docmap[src].body)] += 1
        seen: list[set[str]] = []
        for s in story.summary:
            tot["sents"] += 1
            words = s.text.lower().replace(",", " ").split()
            tot["weak"] += bool(words and words[0] in _WEAK) or "also" in words[:8]
            cw = content_words(s.text)
            tot["repeat"] += any(len(cw & o) / max(1, min(len(cw), len(o))) >= 0.5 for o in seen)
            seen.append(cw)
        tot["short_names"] += _short_names(story.summary, story.entities)
        peer = ""
        if not args.no_peer:
            peer = cc.lexrank([s for d in group.documents for s in sents[d] if len(s.split()) >= 6], n_words)
            ps = scorer.score(ref, peer)
            tot["p1"] += ps["rouge1"].fmeasure
            tot["p2"] += ps["rouge2"].fmeasure
            tot["plead"] += lead_scorer.score(ref_lead, _first_sentence(peer))["rouge1"].recall
        if args.show:
            show += [f"## {c['cluster_id']} — {story.title}", "",
                     f"ROUGE-1/2 {100 * sc['rouge1'].fmeasure:.1f} / {100 * sc['rouge2'].fmeasure:.1f}", "",
                     "**reference**: " + ref, ""]
            show += [f"{k}. [{len(s.sources)}+{len(s.partial_sources)}] {s.text}" for k, s in
                     enumerate(story.summary, 1)]
            show += ["", "**LexRank**: " + peer, ""]
    n = max(1, len(stories))
    pct = lambda k, d: 100 * tot[k] / max(1, tot[d])  # noqa: E731
    print(f"ROUGE-1/2 vs reference: storyweave {100 * tot['r1'] / n:.1f} / {100 * tot['r2'] / n:.1f}"
          + ("" if args.no_peer else f"; LexRank same length {100 * tot['p1'] / n:.1f} / {100 * tot['p2'] / n:.1f}")
          + "  (goal 43.5 / 15)")
    print(f"lead sentence, ROUGE-1 recall of the reference's first sentence: storyweave {100 * tot['lead'] / n:.1f}"
          + ("" if args.no_peer else f", LexRank's top sentence {100 * tot['plead'] / n:.1f}"))
    print(f"words per summary {tot['words'] / n:.0f} (references {tot['refwords'] / n:.0f}); "
          f"{tot['sents'] / n:.1f} sentences")
    print(f"citations: full {pct('full', 'cites'):.1f} %, partial {pct('partial', 'cites'):.1f} %, "
          f"none {pct('none', 'cites'):.1f} % of {int(tot['cites'])}  (goal full+partial >= 98 %)")
    print(f"rules: sentences opening weak or leaning on another {int(tot['weak'])}, repeated claims "
          f"{int(tot['repeat'])}, people first named in short {int(tot['short_names'])} "
          f"(of {int(tot['sents'])} sentences)")
    print(f"synthesize: {time.time() - t1:.1f} s for {n} stories")
    if args.show:
        Path(args.show).parent.mkdir(parents=True, exist_ok=True)
        Path(args.show).write_text("\n".join(show) + "\n", encoding="utf-8")
        print(f"details: {args.show}")


if __name__ == "__main__":
    main()
