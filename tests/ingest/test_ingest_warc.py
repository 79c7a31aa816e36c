"""WARC archives built with warcio's WARCWriter and read back through ingest.read."""
from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyweave import ingest
from storyweave.model import RawDocument, Rejected

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def page(title: str, words: int = 40, seed: int = 0) -> bytes:
    rng = random.Random(seed)
    vocab = "minister port strike vote council budget ferry storm police court report said Friday".split()
    body = " ".join(rng.choice(vocab) for _ in range(words))
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1><p>{body}.</p></article></body></html>").encode("utf-8")


def response(writer: WARCWriter, uri: str, payload: bytes, *, ctype: str = "text/html; charset=utf-8",
             status: str = "200 OK", date: str = "2024-11-16T10:00:00Z") -> None:
    http = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(payload)))],
                            protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http,
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)


def request(writer: WARCWriter, uri: str) -> None:
    http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
    writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=http))


def build(path: Path, *, gzip: bool) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request(writer, "https://news.example/world/summit-ends.html")
        response(writer, "https://news.example/world/summit-ends.html", page("Summit ends"))
        response(writer, "https://news.example/img/leaders.png", PNG, ctype="image/png")
        response(writer, "https://news.example/old", b"", status="301 Moved Permanently")
        response(writer, "https://news.example/missing", page("Not found"), status="404 Not Found")
        response(writer, "https://news.example/politics/vote-count/", page("Vote count", seed=1),
                 ctype="text/html", date="2024-11-17T08:00:00Z")


@pytest.mark.parametrize("gzip", [False, True])
def test_html_responses_become_documents_and_the_rest_is_skipped(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    build(path, gzip=gzip)
    items = list(ingest.read([path]))
    assert all(isinstance(i, RawDocument) for i in items), items  # images, requests, redirects, 404: no errors
    first, second = items
    assert first.id == "summit-ends" and first.url == "https://news.example/world/summit-ends.html"
    assert first.fetched == "2024-11-16T10:00:00Z" and first.html == page("Summit ends").decode()
    assert first.source == f"{path}#3"
    assert second.id == "vote-count" and second.fetched == "2024-11-17T08:00:00Z"


def test_page_charset_from_http_header(tmp_path: Path) -> None:
    path = tmp_path / "latin.warc.gz"
    html = "<html><body><p>Le ministre a déclaré vendredi : « non ».</p></body></html>"
    with open(path, "wb") as fh:
        response(WARCWriter(fh, gzip=True), "https://journal.example/fr/article-1.html", html.encode("cp1252"),
                 ctype="text/html; charset=ISO-8859-1")
    [doc] = list(ingest.read([path]))
    assert "déclaré vendredi : « non »" in doc.html


def test_truncated_warc_gz_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    full = tmp_path / "full.warc.gz"
    with open(full, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n in range(3):
            response(writer, f"https://news.example/story-{n}", page(f"Story {n}", words=2000, seed=n))
    data = full.read_bytes()
    with open(full, "rb") as fh:
        iterator = ArchiveIterator(fh)
        offsets = [iterator.get_record_offset() for _ in iterator]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: (offsets[2] + len(data)) // 2])  # the break falls inside the third record
    good = tmp_path / "after.txt"
    good.write_text("A report read after the broken archive.", encoding="utf-8")
    items = list(ingest.read([cut, good]))
    assert [i.id for i in items if isinstance(i, RawDocument)] == ["story-0", "story-1", "after"]
    [broken] = [i for i in items if isinstance(i, Rejected)]
    assert broken.source == str(cut)
    assert broken.reason == ("truncated: the compressed stream ends in the middle of a record (record 3); "
                             "the 2 records before it were read")


def test_truncated_plain_warc_loses_no_complete_record(tmp_path: Path) -> None:
    full = tmp_path / "full.warc"
    with open(full, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        for n in range(2):
            response(writer, f"https://news.example/story-{n}", page(f"Story {n}", words=500, seed=n))
    data = full.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: len(data) - 500])
    items = list(ingest.read([cut]))
    assert isinstance(items[0], RawDocument) and items[0].id == "story-0"
    assert len(items) == 2 and isinstance(items[1], Rejected), items
    assert "truncated" in items[1].reason


def test_file_that_is_not_a_warc(tmp_path: Path) -> None:
    text = tmp_path / "notes.warc"
    text.write_text("just some notes\n", encoding="utf-8")
    png = tmp_path / "image.warc"
    png.write_bytes(PNG)
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    items = list(ingest.read([text, png, empty]))
    assert [i.reason for i in items] == ["not a WARC file (it does not start with 'WARC/')",
                                         "binary content (PNG image), not a WARC file", "empty file (0 bytes)"]


def test_oversized_page_is_rejected_and_the_next_one_read(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        response(writer, "https://news.example/huge", page("Huge", words=5000))
        response(writer, "https://news.example/small", page("Small", words=20))
    items = list(ingest.read([path], max_bytes=10_000))
    assert isinstance(items[0], Rejected) and items[0].source == f"{path}#1"
    assert "over the 0.01 MB limit; raise it with --max-mb" in items[0].reason
    assert isinstance(items[1], RawDocument) and items[1].id == "small"
