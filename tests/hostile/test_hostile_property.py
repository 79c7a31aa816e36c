"""Property tests (issue 6): read() of arbitrary bytes never raises; a non-container file gives exactly one item."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave import ingest
from storyweave.model import RawDocument, Rejected

pytestmark = pytest.mark.issue(6)

PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# bytes that look like the formats: magic prefixes, markup, JSON, BOMs, NULs, line endings
FRAGMENTS = st.sampled_from([b"\x89PNG\r\n\x1a\n", b"%PDF-", b"\x1f\x8b", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
                             b"<html>", b"<!DOCTYPE html>", b"<meta charset='shift_jis'>", b"<rss>", b"<feed>",
                             b'{"text": "', b'"}', b"\n", b"\r\n", b"\r", b"\x00", b"WARC/1.0\r\n", b"\xe2\x80\x9c",
                             b"caf\xe9", b"\x93quoted\x94", "Привет".encode("cp1251"), b"\xc3", b" ", b"a" * 50])
CONTENT = st.one_of(st.binary(max_size=3000),
                    st.lists(st.one_of(FRAGMENTS, st.binary(max_size=40)), max_size=40).map(b"".join),
                    st.text(max_size=500).map(lambda s: s.encode("utf-8")),
                    st.text(max_size=300).map(lambda s: s.encode("utf-16", "surrogatepass")))


def _read(name: str, data: bytes, **kwargs) -> list:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return list(ingest.read([path], **kwargs))


@PROFILE
@given(data=CONTENT, name=st.sampled_from(["doc.txt", "page.html", "noext", "odd.bin"]))
def test_single_document_formats_give_exactly_one_item(data: bytes, name: str) -> None:
    items = _read(name, data)
    assert len(items) == 1
    [item] = items
    assert isinstance(item, (RawDocument, Rejected))
    if isinstance(item, RawDocument):
        body = item.text if item.text is not None else item.html
        assert body and body.strip() and "\r" not in body
    else:
        assert item.reason and "\n" not in item.reason and item.stage == "ingest"


@PROFILE
@given(data=CONTENT, name=st.sampled_from(["recs.jsonl", "recs.json", "feed.xml", "crawl.warc", "crawl.warc.gz"]))
def test_container_formats_never_raise(data: bytes, name: str) -> None:
    items = _read(name, data)
    assert items and all(isinstance(i, (RawDocument, Rejected)) for i in items)


@PROFILE
@given(data=CONTENT, cap=st.integers(min_value=1, max_value=4000))
def test_caps_never_raise(data: bytes, cap: int) -> None:
    items = _read("capped.txt", data, max_bytes=cap)
    assert len(items) == 1
    if len(data) > cap:
        assert isinstance(items[0], Rejected) and "--max-mb" in items[0].reason


@PROFILE
@given(lines=st.lists(st.one_of(st.binary(max_size=200), st.text(max_size=100).map(str.encode),
                                st.dictionaries(st.sampled_from(["id", "text", "html", "url", "title", "published",
                                                                 "outlet", "x"]),
                                                st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                                                          st.lists(st.integers(), max_size=2)),
                                                max_size=6).map(lambda d: __import__("json").dumps(d).encode())),
                      max_size=30))
def test_json_lines_one_item_per_non_blank_line(lines: list[bytes]) -> None:
    lines = [ln.replace(b"\n", b" ").replace(b"\r", b" ") for ln in lines]
    data = b"\n".join(lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lines.jsonl"
        path.write_bytes(data)
        items = list(ingest.read([path]))
        assert items
        if len(items) == 1 and items[0].source == str(path):  # the file as a whole was refused
            assert isinstance(items[0], Rejected)
            return
        numbers = [int(i.source.rpartition(":")[2]) for i in items]
        assert numbers == sorted(set(numbers)) and numbers[-1] <= len(lines)
        printable = [n for n, ln in enumerate(lines, 1) if ln.strip() and all(32 <= b < 127 for b in ln)]
        assert set(printable) <= set(numbers)  # every plainly non-blank line gives its own item
