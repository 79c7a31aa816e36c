#!/usr/bin/env python3
"""How well does clean() split body from clutter on the Multi-News sample? Cheap, measurable proxies.

usage: python bench/clean_check.py [PATH.jsonl] [--show N] [--seed S]

Prints, over every article:
  empty body          share of documents whose body is empty after cleaning
  rejected            documents clean() rejected
  lost prose          share of documents that lost more than 30 % of their prose words (long lines ending with a
                      full stop that were dropped) - a proxy for body text cut by mistake
  clutter lines kept  share of body paragraphs that still look like boilerplate (short non-sentences, lines with
                      "click", "subscribe", "advertisement", "share", "©", "tweet" ...) - a proxy for clutter kept
  docs with clutter   share of documents with at least one such body paragraph
  ms/doc              mean cleaning time
With --show N, prints N random cleaned documents (body head/tail and removed blocks) to read by eye.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

from storyweave.clean import clean
from storyweave.model import RawDocument, Rejected

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews-sample" / "clustering.jsonl"
_CLUTTERISH = re.compile(r"\b(?:click|subscribe|advertisement|newsletter|sign up|share this|©|copyright|all rights "
                         r"reserved|tweet with|learn more|read more|related|comments?|follow us|javascript|cookies?)\b",
                         re.I)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")


def _prose_words(text: str) -> int:
    return sum(len(line.split()) for line in text.split("\n")
               if len(line.split()) >= 12 and _SENTENCE_END.search(line.strip()))


def _clutterish(paragraph: str) -> bool:
    words = paragraph.split()
    if len(words) <= 12 and not _SENTENCE_END.search(paragraph):
        return True
    return len(words) <= 40 and bool(_CLUTTERISH.search(paragraph))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in open(args.path, encoding="utf-8")]
    docs = []
    t0 = time.perf_counter()
    for r in rows:
        docs.append(clean(RawDocument(id=r["id"], source=f"{args.path}:{r['id']}", text=r["text"])))
    elapsed = time.perf_counter() - t0
    n = len(rows)
    rejected = sum(isinstance(d, Rejected) for d in docs)
    good = [(r, d) for r, d in zip(rows, docs) if not isinstance(d, Rejected)]
    empty = sum(not d.body.strip() for _, d in good)
    lost = 0
    paragraphs = clutter = docs_clutter = 0
    for r, d in good:
        before = _prose_words(r["text"].replace(" \n \n ", "\n"))
        after = _prose_words(d.body)
        if before and after < 0.7 * before:
            lost += 1
        paras = [p for p in d.body.split("\n\n") if p.strip()]
        bad = sum(_clutterish(p) for p in paras)
        paragraphs += len(paras)
        clutter += bad
        docs_clutter += bad > 0
    print(f"documents           {n}")
    print(f"rejected            {rejected}")
    print(f"empty body          {empty / n:.1%} ({empty})")
    print(f"lost prose (>30%)   {lost / n:.1%} ({lost})")
    print(f"clutter lines kept  {clutter / max(1, paragraphs):.1%} of {paragraphs} body paragraphs")
    print(f"docs with clutter   {docs_clutter / n:.1%} ({docs_clutter})")
    print(f"with title          {sum(bool(d.title) for _, d in good) / n:.1%}")
    print(f"ms/doc              {1000 * elapsed / n:.2f}")
    rnd = random.Random(args.seed)
    for r, d in rnd.sample(good, min(args.show, len(good))):
        print("=" * 100)
        print(f"{d.id}  title={d.title!r} origin={d.origin_outlet!r} authors={d.authors} published={d.published}")
        print("BODY:", d.body[:600].replace("\n\n", " | "))
        print("  ...", d.body[-300:].replace("\n\n", " | "))
        print("REMOVED:", [x[:80] for x in d.removed][:30])
    return 0


if __name__ == "__main__":
    sys.exit(main())
