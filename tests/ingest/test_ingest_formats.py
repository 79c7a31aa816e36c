"""ingest.read on every input format that is not a container of web records: .txt, .html, .jsonl, .json, stdin,
folders. Inputs are written here, in the styles of several outlets (not only the seeds)."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from storyweave import ingest
from storyweave.model import RawDocument, Rejected

WIRE = ("SEOUL, South Korea (AP) — North Korea fired a ballistic missile into the sea on Thursday, "
        "South Korea's military said, hours before polls opened in the U.S. election.\n\n"
        "The Joint Chiefs of Staff said the missile was launched from near Pyongyang.\n")
BROADSHEET_HTML = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Leaders meet in Lima | The Daily Ledger"
                   "</title></head><body><article><h1>Leaders meet in Lima</h1><p>By Ana Ruiz</p>"
                   "<p>LIMA — Pacific Rim leaders gathered on Friday for the last summit of the year.</p>"
                   "</article></body></html>")


def docs(items: list) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def rejected(items: list) -> list[Rejected]:
    return [i for i in items if isinstance(i, Rejected)]


def test_text_file_is_one_document_with_id_from_file_name(tmp_path: Path) -> None:
    path = tmp_path / "ap-missile-2024.txt"
    path.write_text(WIRE, encoding="utf-8")
    [doc] = list(ingest.read([path]))
    assert doc == RawDocument(id="ap-missile-2024", source=str(path), text=WIRE)


def test_html_file_is_passed_on_as_markup(tmp_path: Path) -> None:
    path = tmp_path / "ledger.htm"
    path.write_text(BROADSHEET_HTML, encoding="utf-8")
    [doc] = list(ingest.read([str(path)]))
    assert doc.html == BROADSHEET_HTML and doc.text is None and doc.id == "ledger"


def test_txt_that_is_clearly_html_goes_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved-page.txt"
    path.write_text("\n  " + BROADSHEET_HTML, encoding="utf-8")
    [doc] = list(ingest.read([path]))
    assert doc.html is not None and doc.text is None


def test_txt_mentioning_tags_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "tech.txt"
    path.write_text("Developers wrap pages in <html> tags, the lecturer said.\n", encoding="utf-8")
    [doc] = list(ingest.read([path]))
    assert doc.text is not None


def test_html_declared_charset_is_used_when_bytes_are_not_utf8(tmp_path: Path) -> None:
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'></head>"
            "<body><p>Президент заявил в пятницу.</p></body></html>")
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    [doc] = list(ingest.read([path]))
    assert "Президент заявил в пятницу." in doc.html


def test_html_page_with_a_few_nul_bytes_is_read_without_them(tmp_path: Path) -> None:
    # trafilatura-eval page 0755: 22 NUL bytes pasted after an <img> tag in a 195 KB page; browsers skip them
    page = BROADSHEET_HTML.replace("<p>By", "<img src='banner.gif'>" + "\x00" * 11 + "<p>By") + " " * 20_000
    path = tmp_path / "nul.html"
    path.write_bytes(page.encode("utf-8"))
    [doc] = list(ingest.read([path]))
    assert doc.html is not None and "\x00" not in doc.html and "Pacific Rim leaders" in doc.html


@pytest.mark.parametrize("data", [b"<html><body>" + b"\x00" * 200 + b"text</body></html>",  # too many: binary
                                  b"plain words\x00 and more words " * 100])  # not a page: binary as before
def test_nul_bytes_outside_an_html_page_or_too_many_are_binary(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "odd.html"
    path.write_bytes(data)
    [rej] = rejected(list(ingest.read([path])))
    assert "NUL" in rej.reason


def test_jsonl_records_with_inferred_fields(tmp_path: Path) -> None:
    path = tmp_path / "feed-dump.jsonl"
    lines = [
        {"id": "reuters-1", "text": "TOKYO (Reuters) - Japan's economy grew.", "url": "https://www.reuters.com/x",
         "title": "Japan grows", "published": "2024-11-15", "outlet": "Reuters"},
        {"html": "<p>Le président a parlé vendredi.</p>"},
        {"id": 42, "text": "Numbered id.", "published": 2024},
    ]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8")
    items = list(ingest.read([path]))
    assert items == [
        RawDocument(id="reuters-1", source=f"{path}:1", text="TOKYO (Reuters) - Japan's economy grew.",
                    url="https://www.reuters.com/x", title="Japan grows", published="2024-11-15", outlet="Reuters"),
        RawDocument(id="feed-dump-2", source=f"{path}:2", html="<p>Le président a parlé vendredi.</p>"),
        RawDocument(id="42", source=f"{path}:3", text="Numbered id.", published="2024"),
    ]


def test_a_short_file_with_a_nul_is_not_taken_for_utf16(tmp_path: Path) -> None:
    # found by hypothesis (tests/hostile): a blank line, a NUL line and "!" read as UTF-16 lost the third line
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b"\n\x00\n!")
    items = list(ingest.read([path]))
    assert [i.source.rpartition(":")[2] for i in items] == ["2", "3"]
    assert all(isinstance(i, Rejected) for i in items)


def test_utf16_json_lines_without_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_bytes('{"id": "a", "text": "Ferry sank off the coast."}\n'.encode("utf-16-le"))
    (doc,) = list(ingest.read([path]))
    assert isinstance(doc, RawDocument) and doc.id == "a"


def test_json_file_single_record_and_list(tmp_path: Path) -> None:
    one = tmp_path / "single.json"
    one.write_text(json.dumps({"text": "Only one report.", "title": "One"}), encoding="utf-8")
    many = tmp_path / "batch.json"
    many.write_text(json.dumps([{"text": "First."}, {"id": "b", "html": "<p>Second.</p>"}]), encoding="utf-8")
    items = list(ingest.read([one, many]))
    assert items == [
        RawDocument(id="single", source=str(one), text="Only one report.", title="One"),
        RawDocument(id="batch-1", source=f"{many}#1", text="First."),
        RawDocument(id="b", source=f"{many}#2", html="<p>Second.</p>"),
    ]


def test_json_file_holding_json_lines_is_read_as_lines(tmp_path: Path) -> None:
    path = tmp_path / "lines.json"
    path.write_text('{"text": "a"}\n{"text": "b"}\n', encoding="utf-8")
    assert [d.text for d in docs(list(ingest.read([path])))] == ["a", "b"]


def test_stdin_json_lines(tmp_path: Path) -> None:
    data = b'{"text": "From a pipe."}\n{"id": "x", "html": "<p>Two</p>"}\n'
    items = list(ingest.read(["-"], stdin=io.BytesIO(data)))
    assert items == [RawDocument(id="stdin-1", source="-:1", text="From a pipe."),
                     RawDocument(id="x", source="-:2", html="<p>Two</p>")]


def test_empty_stdin_is_reported(tmp_path: Path) -> None:
    [item] = list(ingest.read(["-"], stdin=io.BytesIO(b"")))
    assert isinstance(item, Rejected) and item.source == "-" and "standard input is empty" in item.reason


def test_folder_is_read_recursively_sorted_and_deterministic(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Zed report.", encoding="utf-8")
    (tmp_path / "b" / "a.html").write_text("<p>Nested page.</p>", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First report.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "Record."}\n', encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Never read.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ref", encoding="utf-8")
    first = list(ingest.read([tmp_path]))
    assert [d.source for d in first] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "a.html"),
                                         str(tmp_path / "b" / "z.txt"), f"{tmp_path / 'c.jsonl'}:1"]
    assert first == list(ingest.read([tmp_path]))


def test_folder_reports_unsupported_files_once(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("A report.", encoding="utf-8")
    for name in ("a.png", "b.png", "style.css"):
        (tmp_path / name).write_bytes(b"x")
    items = list(ingest.read([tmp_path]))
    assert len(docs(items)) == 1
    [skip] = rejected(items)
    assert skip.source == str(tmp_path)
    assert "skipped 3 files of unsupported type (2 .png, 1 .css)" in skip.reason


def test_same_file_through_a_link_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "r.txt").write_text("Once.", encoding="utf-8")
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    (tmp_path / "r-link.txt").symlink_to(tmp_path / "real" / "r.txt")
    items = list(ingest.read([tmp_path]))
    assert [d.text for d in docs(items)] == ["Once."] and not rejected(items)


def test_text_file_without_suffix_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "README"
    path.write_text("Plain words.", encoding="utf-8")
    [doc] = list(ingest.read([path]))
    assert doc.text == "Plain words." and doc.id == "README"


@pytest.mark.parametrize("name, expected", [("a.warc.gz", "a"), ("x.tar.txt", "x.tar"), ("noext", "noext"),
                                            (".profile", ".profile")])
def test_stem(name: str, expected: str) -> None:
    from storyweave.ingest._common import stem

    assert stem(name) == expected


def test_a_file_given_twice_through_its_folder_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Once.", encoding="utf-8")
    items = list(ingest.read([tmp_path / "a.txt", tmp_path, tmp_path]))
    assert [d.text for d in docs(items)] == ["Once."] and not rejected(items)
