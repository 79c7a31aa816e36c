"""Broken JSON Lines / JSON records (issue 6): one bad record never loses the others in the same file."""
from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pytest

from storyweave import ingest
from storyweave.model import RawDocument, Rejected

pytestmark = pytest.mark.issue(6)


def reasons(items: list) -> dict[str, str]:
    return {i.source: i.reason for i in items if isinstance(i, Rejected)}


def texts(items: list) -> list[str]:
    return [i.text or i.html for i in items if isinstance(i, RawDocument)]


BAD_LINES = [
    ('{"text": "truncated', "invalid JSON: Unterminated string starting at (column 10)"),
    ('{"text": 5}', "'text' must be a string, got a number"),
    ('{"html": ["<p>"]}', "'html' must be a string, got a list"),
    ('{"title": "No body", "url": "https://e.example/a"}', "record has no 'text' or 'html' (its keys: title, url)"),
    ('{"cluster": 1, "docs\\nx": []}', "record has no 'text' or 'html' (its keys: cluster, docs\\nx)"),
    ("{}", "record is an empty object"),
    ('{"text": "   "}', "record's 'text'/'html' is empty"),
    ('[{"text": "in a list"}]', "expected a JSON object per record, got a list"),
    ('"just a string"', "expected a JSON object per record, got a string"),
    ("null", "expected a JSON object per record, got null"),
    ('{"text": "ok", "title": {"a": 1}}', "'title' must be a string, got an object"),
    ('{"text": "ok", "id": true}', "'id' must be a string or a number, got a boolean"),
    ("[" * 100_000 + "]" * 100_000, "invalid JSON (nested too deeply)"),
    ('{"text": "x", "n": ' + "9" * 5000 + "}", "invalid JSON (Exceeds the limit (4300 digits) for integer string "
                                              "conversion: value has 5000 digits; use sys.set_int_max_str_digits() "
                                              "to increase the limit)"),
    ("\x00\x01\x02", "invalid JSON: Expecting value (column 1)"),
]


def test_every_bad_line_is_reported_and_every_good_line_kept(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = []
    for n, (bad, _) in enumerate(BAD_LINES):
        lines.append(json.dumps({"text": f"Good report {n}."}))
        lines.append(bad)
    lines.append(json.dumps({"text": "Last good report."}))
    path.write_text("\n".join(lines), encoding="utf-8")  # no final newline either
    items = list(ingest.read([path]))
    assert texts(items) == [f"Good report {n}." for n in range(len(BAD_LINES))] + ["Last good report."]
    assert reasons(items) == {f"{path}:{2 * n + 2}": reason for n, (_, reason) in enumerate(BAD_LINES)}


def test_the_same_bad_records_on_stdin() -> None:
    data = "\n".join([json.dumps({"text": "Good."}), '{"text": 5}', "not json at all", json.dumps({"text": "Also."})])
    items = list(ingest.read(["-"], stdin=io.BytesIO(data.encode())))
    assert texts(items) == ["Good.", "Also."]
    assert reasons(items) == {"-:2": "'text' must be a string, got a number",
                              "-:3": "invalid JSON: Expecting value (column 1)"}


def test_json_list_with_bad_items(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"text": "One."}, {"text": 5}, "two", {"html": "<p>Three.</p>"}]), encoding="utf-8")
    items = list(ingest.read([path]))
    assert texts(items) == ["One.", "<p>Three.</p>"]
    assert reasons(items) == {f"{path}#2": "'text' must be a string, got a number",
                              f"{path}#3": "expected a JSON object per record, got a string"}


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file (0 bytes)"),
    (b"{\"text\": ", "invalid JSON: Expecting value (line 1, column 10)"),
    (b"[]", "empty JSON list (no records)"),
    (b"{\"title\": \"t\"}", "record has no 'text' or 'html' (its keys: title)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary content (PNG image), not text"),
])
def test_broken_json_files(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("A good one.", encoding="utf-8")
    items = list(ingest.read([path, good]))
    assert reasons(items) == {str(path): reason} and texts(items) == ["A good one."]


@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-16"),
    lambda s: s.encode("utf-16-le"),
    lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
    lambda s: s.encode("utf-8").replace(b"\n", b"\r\n"),
])
def test_json_lines_in_other_encodings(tmp_path: Path, encode) -> None:
    records = [{"text": "Zürich said “yes”."}, {"text": "Second – line."}]
    path = tmp_path / "enc.jsonl"
    path.write_bytes(encode("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"))
    items = list(ingest.read([path]))
    assert texts(items) == ["Zürich said “yes”.", "Second – line."]


def test_cp1252_line_in_utf8_json_lines_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(b'{"text": "ok"}\n' + '{"text": "caf\u00e9 \u201cquote\u201d"}\n'.encode("cp1252"))
    assert texts(list(ingest.read([path]))) == ["ok", "caf\u00e9 \u201cquote\u201d"]


def test_empty_and_binary_jsonl_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n\n  \n")
    png = tmp_path / "image.jsonl"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    items = list(ingest.read([empty, png]))
    assert reasons(items) == {str(empty): "empty file (no JSON Lines records)",
                              str(png): "binary content (PNG image), not JSON Lines"}


def test_large_json_lines_file_is_streamed(tmp_path: Path) -> None:
    """50,000 records (~4 MB) with a 1 MB cap: a cap applies per line, not per file."""
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(50_000):
            fh.write(json.dumps({"id": f"r{n}", "text": f"Report {n} from the newsroom."}) + "\n")
    count = sum(1 for i in ingest.read([path], max_bytes=1_000_000) if isinstance(i, RawDocument))
    assert count == 50_000
