#!/usr/bin/env python3
"""Compare the two cleaning paths on real saved HTML pages (issue 5): where trafilatura and the plain-text cleaner
disagree.

usage: python bench/html_vs_text.py DIR [--show N]

DIR holds one folder per page, each with
  source.html                     the saved page
  expected.html | expected.txt    the reference article (mozilla/readability's expected.html, or newspaper's .txt)
  metadata.json | expected-metadata.json   (optional) reference title / author / date
Page texts are publishers' copyright: keep DIR outside the repository.

For each page:
  A = clean(RawDocument(html=source))                  trafilatura finds the body, then the text cleaner
  B = clean(RawDocument(text=plain_text(source)))      the whole page as visible text, plain-text cleaner only
  R = the reference article's visible text
Word scores are BAG OF WORDS (multiset of lower-cased word tokens, clipped counts): precision = shared / len(body),
recall = shared / len(R). Title, authors and date found by each path are printed next to the reference values.
Disagreements: body paragraphs of A whose word trigrams are mostly (< 50 %) missing from B's body ("only A"), and the
reverse ("only B"); each is labelled by a rough heuristic: body (>= 80 % of its words in R), caption (text of a
figcaption / *caption* / *credit* element), related (the whole text of one link), bio (an author blurb), then word
patterns (caption, promo, comments, share, related, byline, ad, legal), nav (short, no sentence end), other. Totals sum words and disagreement labels over pages.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from storyweave.clean import clean
from storyweave.clean.html import plain_text
from storyweave.model import RawDocument, Rejected

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_LABELS = (  # (label, pattern) tried in order after the "body" test
    ("caption", re.compile(r"\b(?:photo|photograph|image|getty|reuters/|ap photo|afp|caption|pictured|credit:|"
                           r"illustration|file photo|hide caption|shutterstock)\b", re.I)),
    ("promo", re.compile(r"\b(?:newsletter|sign up|subscribe|subscription|inbox|download (?:the|our) app|"
                         r"get the app|podcast|follow us)\b", re.I)),
    ("comments", re.compile(r"\b(?:comments?|commenting|reply|replies|community guidelines)\b", re.I)),
    ("share", re.compile(r"\b(?:share|tweet|facebook|twitter|whatsapp|pinterest|linkedin|e-?mail this)\b", re.I)),
    ("related", re.compile(r"^(?:related|read more|more from|see also|read|watch|most popular|trending|"
                           r"recommended|you may also like|top stories|more:)\b|\bread more\b", re.I)),
    ("byline", re.compile(r"^(?:by\s+[A-Z]|updated\b|published\b|posted\b)|\b(?:staff writer|correspondent)\b",
                          re.I)),
    ("ad", re.compile(r"\b(?:advertisement|sponsored|ad feedback|paid content|partner content)\b", re.I)),
    ("legal", re.compile(r"©|\b(?:copyright|all rights reserved|privacy policy|terms of (?:use|service)|"
                         r"cookies?)\b", re.I)),
)


def tokens(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


def prf(body: list[str], ref: list[str]) -> tuple[float, float, float]:
    shared = sum((Counter(body) & Counter(ref)).values())
    p = shared / len(body) if body else 0.0
    r = shared / len(ref) if ref else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def covered(par: list[str], bag: Counter) -> float:
    """Share of a paragraph's tokens found in a bag of words."""
    if not par:
        return 1.0
    return sum((Counter(par) & bag).values()) / len(par)


def trigrams(toks: list[str]) -> set[tuple[str, ...]]:
    return {tuple(toks[i:i + 3]) for i in range(len(toks) - 2)} if len(toks) >= 3 else {tuple(toks)}


def kept_in(par: list[str], grams: set[tuple[str, ...]]) -> float:
    """Share of a paragraph's word trigrams found in the other body (order matters, unlike the bag of words)."""
    mine = trigrams(par)
    return len(mine & grams) / len(mine) if mine else 1.0


_BIO = re.compile(r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} (?:is|was) an? (?:[\w-]+ ){0,4}"
                  r"(?:reporter|writer|correspondent|editor|journalist|columnist|contributor)\b")


class Marks:
    """Texts of a page's caption elements and link texts, to label a paragraph by where it came from."""

    def __init__(self, html: str) -> None:
        self.captions: list[str] = []
        self.links: set[str] = set()
        try:
            import lxml.html

            root = lxml.html.fromstring(html)
        except Exception:  # an unparsable page: fall back to the text patterns
            return
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            cls = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
            if el.tag in ("figcaption", "caption") or "caption" in cls or "credit" in cls:
                self.captions.append(" ".join(el.text_content().split()))
            elif el.tag == "a":
                text = " ".join(el.text_content().split())
                if len(text.split()) >= 3:
                    self.links.add(text)

    def kind(self, par: str) -> str | None:
        if len(par) >= 15 and any(par in c or (len(c) >= 15 and c in par and len(c) > 0.6 * len(par))
                                  for c in self.captions):
            return "caption"
        if par in self.links:
            return "related"
        return None


def label(par: str, ref_bag: Counter, marks: Marks | None = None) -> str:
    toks = tokens(par)
    if covered(toks, ref_bag) >= 0.8 and len(toks) >= 4:
        return "body"
    found = marks.kind(par) if marks else None
    if found:
        return found
    if _BIO.search(par):
        return "bio"
    for name, pat in _LABELS:
        if pat.search(par):
            return name
    if len(toks) <= 8 and not re.search(r"[.!?][\"'”’)]*$", par):
        return "nav"
    return "other"


def reference(folder: Path) -> tuple[str, dict]:
    if (folder / "expected.html").exists():
        ref = plain_text((folder / "expected.html").read_text(encoding="utf-8", errors="replace"))
    else:
        ref = (folder / "expected.txt").read_text(encoding="utf-8", errors="replace")
    meta: dict = {}
    for name in ("metadata.json", "expected-metadata.json"):
        if (folder / name).exists():
            d = json.loads((folder / name).read_text(encoding="utf-8"))
            authors = d.get("authors") or ([d["byline"]] if d.get("byline") else [])
            meta = {"title": d.get("title"), "authors": [str(a) for a in authors],
                    "date": d.get("publish_date") or d.get("publishedTime"), "url": d.get("url"),
                    "site": d.get("meta_site_name") or d.get("siteName")}
    return ref, meta


def paragraphs(body: str) -> list[str]:
    return [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]


def _norm_title(t: str | None) -> str:
    return " ".join(tokens(t or ""))


def meta_hits(doc, meta: dict) -> tuple[int, int, int]:
    """(title, author, date) agreement with the reference metadata: 1 hit, 0 miss, -1 no reference value."""
    if isinstance(doc, Rejected):
        return (0, 0, 0)
    t = -1
    if meta.get("title"):
        a, b = _norm_title(doc.title), _norm_title(meta["title"])
        t = int(bool(a) and (a == b or (len(a) > 10 and (a in b or b in a))))
    au = -1
    if meta.get("authors"):
        want = {tokens(n)[-1] for n in meta["authors"] if tokens(n)}
        got = {tokens(n)[-1] for n in doc.authors if tokens(n)}
        au = int(bool(want & got))
    d = -1
    if meta.get("date"):
        d = int(bool(doc.published) and doc.published[:10] == str(meta["date"])[:10])
    return t, au, d


def show_meta(doc) -> str:
    if isinstance(doc, Rejected):
        return f"REJECTED: {doc.reason}"
    return f"title={doc.title!r:.70} authors={list(doc.authors)} date={doc.published} outlet={doc.outlet}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--show", type=int, default=4, help="disagreeing paragraphs shown per side and page")
    args = ap.parse_args(argv)
    folders = sorted(p for p in Path(args.dir).iterdir() if (p / "source.html").exists())
    if not folders:
        print(f"no <page>/source.html under {args.dir}", file=sys.stderr)
        return 2
    rows = []
    tot_labels = {"A": Counter(), "B": Counter()}
    tot_meta = {"A": [0, 0, 0], "B": [0, 0, 0]}
    meta_n = [0, 0, 0]
    tot_time = {"A": 0.0, "B": 0.0}
    for folder in folders:
        html = (folder / "source.html").read_text(encoding="utf-8", errors="replace")
        ref, meta = reference(folder)
        url = meta.get("url")
        t0 = time.perf_counter()
        a = clean(RawDocument(id=folder.name, source=str(folder), html=html, url=url))
        t1 = time.perf_counter()
        b = clean(RawDocument(id=folder.name, source=str(folder), text=plain_text(html), url=url))
        t2 = time.perf_counter()
        tot_time["A"] += t1 - t0
        tot_time["B"] += t2 - t1
        ref_t = tokens(ref)
        ref_bag = Counter(ref_t)
        body_a = "" if isinstance(a, Rejected) else a.body
        body_b = "" if isinstance(b, Rejected) else b.body
        ta, tb = tokens(body_a), tokens(body_b)
        sa, sb = prf(ta, ref_t), prf(tb, ref_t)
        rows.append((folder.name, len(ref_t), len(ta), len(tb), sa, sb))
        print(f"=== {folder.name}  reference {len(ref_t)} words | A (trafilatura) {len(ta)} words "
              f"P {sa[0]:.2f} R {sa[1]:.2f} F1 {sa[2]:.2f} | B (plain text) {len(tb)} words "
              f"P {sb[0]:.2f} R {sb[1]:.2f} F1 {sb[2]:.2f}")
        if meta:
            print(f"  ref  title={meta.get('title')!r:.70} authors={meta.get('authors')} date={meta.get('date')}")
        print(f"  A    {show_meta(a)}")
        print(f"  B    {show_meta(b)}")
        for k, (tag, doc) in enumerate((("A", a), ("B", b))):
            hits = meta_hits(doc, meta)
            for j, h in enumerate(hits):
                if h >= 0:
                    tot_meta[tag][j] += h
                    meta_n[j] += k == 0
        marks = Marks(html)
        for tag, pars, other in (("A", paragraphs(body_a), trigrams(tb)), ("B", paragraphs(body_b), trigrams(ta))):
            only = [p for p in pars if kept_in(tokens(p), other) < 0.5]
            labels = [label(p, ref_bag, marks) for p in only]
            words = sum(len(tokens(p)) for p in only)
            tot_labels[tag].update(_sum_words(labels, only))
            summary = ", ".join(f"{n} {lab}" for lab, n in Counter(labels).most_common())
            print(f"  only {tag} kept: {len(only)} paragraphs, {words} words ({summary or 'none'})")
            for lab, p in list(zip(labels, only))[:args.show]:
                print(f"      [{lab}] {p[:80]}")
    print()
    print(f"{'page':<18} {'ref':>5} {'A words':>8} {'A P/R/F1':>16} {'B words':>8} {'B P/R/F1':>16}")
    for name, nr, na, nb, sa, sb in rows:
        print(f"{name:<18} {nr:>5} {na:>8} {sa[0]:>5.2f}/{sa[1]:.2f}/{sa[2]:.2f} {nb:>8} "
              f"{sb[0]:>5.2f}/{sb[1]:.2f}/{sb[2]:.2f}")
    n = len(rows)
    mean = [[sum(r[4 + s][i] for r in rows) / n for i in range(3)] for s in (0, 1)]
    print(f"{'mean':<18} {'':>5} {'':>8} {mean[0][0]:>5.2f}/{mean[0][1]:.2f}/{mean[0][2]:.2f} {'':>8} "
          f"{mean[1][0]:>5.2f}/{mean[1][1]:.2f}/{mean[1][2]:.2f}")
    print(f"F1 wins: A {sum(r[4][2] > r[5][2] + 0.01 for r in rows)}, B {sum(r[5][2] > r[4][2] + 0.01 for r in rows)}, "
          f"tie {sum(abs(r[4][2] - r[5][2]) <= 0.01 for r in rows)}")
    for tag in ("A", "B"):
        m = tot_meta[tag]
        print(f"{tag} metadata right: title {m[0]}/{meta_n[0]}, author {m[1]}/{meta_n[1]}, date {m[2]}/{meta_n[2]}; "
              f"{tot_time[tag] / n * 1000:.0f} ms/page")
        print(f"words only {tag} kept, by label: "
              + ", ".join(f"{lab} {w}" for lab, w in tot_labels[tag].most_common()))
    return 0


def _sum_words(labels: list[str], pars: list[str]) -> dict[str, int]:
    out: Counter = Counter()
    for lab, p in zip(labels, pars):
        out[lab] += len(tokens(p))
    return dict(out)


if __name__ == "__main__":
    sys.exit(main())
