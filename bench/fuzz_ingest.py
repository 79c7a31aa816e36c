"""Fuzz the ingest entry point: `ingest.read()` on generated and mutated files of every format.

    .venv/bin/python bench/fuzz_ingest.py [--examples 5000] [--seed 0]

Invariants checked on every input (issue 6):
  - read() never raises;
  - it yields only RawDocument / Rejected, every Rejected with a one-line reason and stage "ingest";
  - a single-document format (.txt, .html, no suffix) yields exactly one item;
  - a RawDocument's body is non-empty and has no carriage returns.
Inputs: random bytes, byte soups of format fragments (magic numbers, BOMs, markup, JSON, WARC headers), and
mutations (bit flips, cuts, splices, repeats) of real small files of each format built here. hypothesis drives the
search and shrinks any failure to a minimal input, printed with the format it was read as.

Prints the budget (examples, seed), examples run, the mix of outcomes, time, and PASS or the failing input.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from storyweave import ingest
from storyweave.model import RawDocument, Rejected

SINGLE = ("doc.txt", "page.html", "noext")
CONTAINERS = ("recs.jsonl", "recs.json", "feed.xml", "crawl.warc", "crawl.warc.gz")


def _samples() -> dict[str, bytes]:
    """One small valid file per format, to mutate."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Port strike ends</title></head><body>"
            "<article><p>Dock workers voted on Friday to end a 12-day strike, the union said.</p></article>"
            "</body></html>").encode()
    warcs = {}
    for name, gz in (("crawl.warc", False), ("crawl.warc.gz", True)):
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=gz)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example/port-strike", "response",
                                                      payload=io.BytesIO(html), http_headers=http))
        writer.write_record(writer.create_warc_record("https://news.example/logo.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)),
                                                      http_headers=StatusAndHeaders(
                                                          "200 OK", [("Content-Type", "image/png")],
                                                          protocol="HTTP/1.1")))
        warcs[name] = buf.getvalue()
    feed = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Harbour Gazette</title><item>"
            "<title>Port strike ends</title><link>https://g.example/news/port-strike-ends.html</link>"
            "<description>&lt;p&gt;Dock workers voted on Friday.&lt;/p&gt;</description></item></channel></rss>")
    records = [{"id": "a", "text": "Dock workers voted on Friday."}, {"html": html.decode(), "url": "https://x.example/"}]
    return {
        "doc.txt": "Dock workers voted on Friday to end a 12-day strike, the union said.\r\n".encode("cp1252"),
        "page.html": html,
        "noext": "Zürich — “quoted” text\n".encode("utf-16"),
        "recs.jsonl": "\n".join(json.dumps(r) for r in records).encode(),
        "recs.json": json.dumps(records).encode(),
        "feed.xml": feed.encode(),
        **warcs,
    }


FRAGMENTS = [b"\x89PNG\r\n\x1a\n", b"%PDF-", b"\x1f\x8b\x08", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
             b"\xff\xfe\x00\x00", b"<html>", b"<!DOCTYPE html>", b"<meta charset='koi8-r'>", b"<rss version='2.0'>",
             b"<feed xmlns='http://www.w3.org/2005/Atom'>", b"<item><description>", b'{"text": "', b'"}', b"[", b"]",
             b"\n", b"\r\n", b"\r", b"\x00", b"WARC/1.0\r\n", b"WARC-Type: response\r\n", b"Content-Length: 99999999\r\n",
             b"\r\n\r\n", b"\xe2\x80\x9c", b"caf\xe9", b"\x93q\x94", b"\xc3", b"\xed\xa0\x80", b"a" * 200,
             b"<!ENTITY x SYSTEM 'file:///etc/passwd'>", b"&x;", b"<div>" * 50]


@st.composite
def inputs(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(SINGLE + CONTAINERS))
    how = draw(st.sampled_from(["random", "soup", "mutate"]))
    if how == "random":
        return name, draw(st.binary(max_size=4000))
    if how == "soup":
        parts = draw(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=30)), max_size=60))
        return name, b"".join(parts)
    data = bytearray(SAMPLES[name])
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "cut", "splice", "repeat", "insert"]))
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[i:]
        elif op == "splice":
            j = draw(st.integers(i, len(data)))
            del data[i:j]
        elif op == "repeat":
            data[i:i] = data[i:i + 200] * draw(st.integers(1, 20))
        else:
            data[i:i] = draw(st.sampled_from(FRAGMENTS))
    return name, bytes(data)


SAMPLES: dict[str, bytes] = {}
OUTCOMES: Counter[str] = Counter()


def check(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(ingest.read([path], max_bytes=100_000))
    assert items, "no item at all"
    for item in items:
        assert isinstance(item, (RawDocument, Rejected)), type(item)
        if isinstance(item, Rejected):
            assert item.stage == "ingest" and item.reason and "\n" not in item.reason, item
            OUTCOMES["rejected: " + item.reason.split(" (")[0][:40]] += 1
        else:
            body = item.text if item.text is not None else item.html
            assert body and body.strip() and "\r" not in body, item
            OUTCOMES["document"] += 1
    if name in SINGLE:
        assert len(items) == 1, f"{len(items)} items from a single-document file"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=5000, help="inputs to try (the budget)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    SAMPLES.update(_samples())
    print(f"fuzz_ingest: budget {args.examples} examples, seed {args.seed}, formats {', '.join(SINGLE + CONTAINERS)}")
    runs = Counter[str]()

    @seed(args.seed)
    @settings(max_examples=args.examples, deadline=None, database=None, derandomize=False,
              phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))
    @given(inputs())
    def fuzz(case: tuple[str, bytes]) -> None:
        runs[case[0]] += 1
        check(*case)

    start = time.perf_counter()
    try:
        fuzz()
    except Exception as exc:  # hypothesis re-raises the shrunk failure
        print(f"FAIL after {sum(runs.values())} runs in {time.perf_counter() - start:.1f} s: "
              f"{type(exc).__name__}: {exc}")
        for note in getattr(exc, "__notes__", []):
            print(note[:2000])
        return 1
    took = time.perf_counter() - start
    print(f"ran {sum(runs.values())} inputs in {took:.1f} s ({sum(runs.values()) / took:.0f}/s); by format: "
          + ", ".join(f"{k} {v}" for k, v in sorted(runs.items())))
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in OUTCOMES.most_common(12)))
    print("PASS: read() never raised; every item typed, one-line reasons, one item per single-document file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
